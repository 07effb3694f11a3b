"""Every setting of a deployment, read from the environment (ROADSHOW_*), typed, with its default.

Read afresh on each call (it is cheap), so a test or a restarted server sees a changed
variable. The README lists them all.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    database_url: str = ""  # any SQLAlchemy URL; empty: SQLite at <data_dir>/roadshow.db
    time_zone: str = "Asia/Shanghai"  # the district's "today"
    session_idle_minutes: float = 30  # a session unused this long ends
    session_max_hours: float = 12  # a session ends this long after sign-in, however busy
    cookie_secure: bool = False  # mark the session cookie Secure (set it when served over HTTPS)
    trust_forwarded_for: bool = False  # take the client's address from X-Forwarded-For (behind a proxy)
    signin_free_failures: int = 5  # wrong passwords for one name from one client before delays start
    signin_client_free_failures: int = 20  # wrong passwords from one client (any name) before delays start
    signin_account_free_failures: int = 20  # wrong passwords for one name from clients it never used
    signin_max_delay_seconds: int = 900  # the longest a client waits between tries
    signin_account_max_delay_seconds: int = 60  # the longest an unknown client waits for one name
    upload_max_mb: int = 20  # the largest file an upload may be
    import_max_rows: int = 20_000  # the most rows one imported file may hold (a city's ledger is 10,000)
    data_dir: str = str(ROOT / "data")  # the default SQLite database
    log_dir: str = str(ROOT / "data" / "log")  # roadshow.log: errors with their incident ids
    evaluation_file: str = str(ROOT / "roadshow" / "evaluation.toml")  # warning lights, ratings, assessment
    chromium: str = ""  # the browser that draws PNG slides; empty: the one kaleido finds (chromium on PATH)
    slide_font: str = "Noto Sans CJK SC"  # the CJK font slides are drawn in (fonts-noto-cjk); checked before drawing
    pg_work_mem: str = "64MB"  # PostgreSQL: memory a sort or hash may use before it spills to disk

    @property
    def database(self) -> str:
        return self.database_url or f"sqlite:///{Path(self.data_dir) / 'roadshow.db'}"

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    @property
    def session_idle(self) -> timedelta:
        return timedelta(minutes=self.session_idle_minutes)

    @property
    def session_max(self) -> timedelta:
        return timedelta(hours=self.session_max_hours)


def _typed(kind, text: str, name: str):
    if kind is bool:
        if text.strip().lower() not in ("1", "true", "yes", "on", "0", "false", "no", "off"):
            raise ValueError(f"ROADSHOW_{name.upper()} must be true or false, not {text!r}")
        return text.strip().lower() in ("1", "true", "yes", "on")
    return kind(text)


def settings() -> Settings:
    """The settings in force: ROADSHOW_<NAME> from the environment, else the default."""
    values = {}
    for field in fields(Settings):
        text = os.environ.get(f"ROADSHOW_{field.name.upper()}")
        if text:
            kind = {"str": str, "int": int, "float": float, "bool": bool}[field.type]
            values[field.name] = _typed(kind, text, field.name)
    return Settings(**values)


def now() -> datetime:
    """This moment in the district's time zone."""
    return datetime.now(settings().zone)


def today() -> date:
    """The district's today (Beijing time by default), whatever the server's own zone: every
    service, page and default that means "today" asks here."""
    return now().date()
