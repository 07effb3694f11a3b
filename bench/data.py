"""The benchmarks' databases, generated once and kept between runs (the province takes minutes).

They live in ROADSHOW_BENCH_DIR (default: <temp>/roadshow-bench, never in the repository):
SQLite files `<size>.db`, and a PostgreSQL server's folder `pg/` with databases
`bench_<size>`. Each database records which generator made it (a checksum of scale.py,
demo.py and the migrations); a stale one is made again.
"""
from __future__ import annotations

import hashlib
import os
import sqlite3
import tempfile
import time
import zlib
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from roadshow import accounts
from roadshow.auth import Actor
from roadshow.database import get_engine, migrate, write_session
from roadshow.models import Meta
from roadshow.scale import load_scale
from roadshow.services import ensure_streets
from tests.pgserver import TemporaryPostgres

ROOT = Path(__file__).resolve().parent.parent
FOLDER = Path(os.environ.get("ROADSHOW_BENCH_DIR") or Path(tempfile.gettempdir()) / "roadshow-bench")
USER, PASSWORD = "bench", "bench-password"  # a leader: sees every page the bench draws
MARK = "bench_generator"  # Meta key: which generator made the database
LOADED = "bench_load_ms"  # Meta key: how long making it took


def generator() -> int:
    """A checksum of what makes a bench database: change the generator or the schema and it is made anew."""
    digest = hashlib.sha256()
    for path in sorted([ROOT / "roadshow" / "scale.py", ROOT / "roadshow" / "demo.py",
                        *(ROOT / "roadshow" / "migrations" / "versions").glob("*.py")]):
        digest.update(path.read_bytes())
    return zlib.crc32(digest.digest()) & 0x7FFFFFFF


class Postgres:
    """The bench's PostgreSQL server (durable, as a real one), started for the run in a kept folder."""

    def __init__(self) -> None:
        self.server = TemporaryPostgres(FOLDER / "pg", durable=True)
        self.url = self.server.start()
        self.admin = sa.create_engine(self.url, isolation_level="AUTOCOMMIT")

    def database_url(self, name: str) -> str:
        with self.admin.connect() as db:
            if not db.execute(sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first():
                db.exec_driver_sql(f"CREATE DATABASE {name}")
        return self.url.rsplit("/", 1)[0] + f"/{name}"

    def copy(self, source: str, name: str) -> str:
        """A fresh copy of database `source` (for the write benchmark, which changes data)."""
        with self.admin.connect() as db:
            db.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            db.exec_driver_sql(f"CREATE DATABASE {name} TEMPLATE {source}")
        return self.url.rsplit("/", 1)[0] + f"/{name}"

    def drop(self, name: str) -> None:
        with self.admin.connect() as db:
            db.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def stop(self) -> None:
        self.admin.dispose()
        self.server.stop()


def _stamp(engine: Engine) -> tuple[int | None, int | None]:
    try:
        with engine.connect() as db:
            rows = dict(db.execute(sa.select(Meta.key, Meta.value).where(Meta.key.in_((MARK, LOADED)))).all())
    except sa.exc.DBAPIError:  # no schema yet
        return None, None
    return rows.get(MARK), rows.get(LOADED)


def bench_database(url: str, size: str, log=print) -> tuple[Engine, float]:
    """The database of `size` at `url`, made now if missing or stale: its engine and how long making it
    took (seconds, as recorded when it was made). ANALYZEd, with the bench's leader."""
    engine = get_engine(url)
    mark, loaded = _stamp(engine)
    if mark == generator():
        _maintained(engine)
        return engine, loaded / 1000
    log(f"[{size}] generating {url.split('@')[-1]} …")
    engine.dispose()
    if engine.dialect.name == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(engine.url.database + suffix).unlink(missing_ok=True)
    else:
        with engine.connect() as db:
            db.exec_driver_sql("DROP SCHEMA public CASCADE")
            db.exec_driver_sql("CREATE SCHEMA public")
            db.commit()
    start = time.perf_counter()
    migrate(engine)
    ensure_streets(engine)
    load_scale(engine, size)
    elapsed = time.perf_counter() - start
    accounts.add_user(Actor("bench-setup", "admin"), USER, PASSWORD, "leader", engine=engine)
    with write_session(engine, data=False) as session:
        session.add_all([Meta(key=MARK, value=generator()), Meta(key=LOADED, value=int(elapsed * 1000))])
    _maintained(engine)
    return engine, elapsed


def _maintained(engine: Engine) -> None:
    """Statistics for the planners, and on PostgreSQL the visibility map (index-only scans), as a
    database in use has them from autovacuum: VACUUM ANALYZE (cheap once done)."""
    if engine.dialect.name == "sqlite":
        with engine.connect() as db:
            db.exec_driver_sql("ANALYZE")
            db.commit()
        return
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as db:
        db.exec_driver_sql("VACUUM ANALYZE")


def sqlite_url(size: str) -> str:
    FOLDER.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{FOLDER / f'{size}.db'}"


def scratch_copy(url: str, name: str, postgres: Postgres | None) -> str:
    """A fresh copy of the database at `url`, for a benchmark that writes (the kept databases stay as
    generated): a SQLite file `<name>.db` beside it, or a PostgreSQL database `name`. Its URL."""
    if url.startswith("sqlite"):
        copy = FOLDER / f"{name}.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{copy}{suffix}").unlink(missing_ok=True)
        with sqlite3.connect(sa.engine.make_url(url).database) as source, sqlite3.connect(copy) as target:
            source.backup(target)
        return f"sqlite:///{copy}"
    get_engine(url).dispose()  # PostgreSQL copies a database nobody is connected to
    return postgres.copy(sa.engine.make_url(url).database, name)


def drop_copy(url: str, postgres: Postgres | None) -> None:
    """Remove a scratch copy (its engine's connections first)."""
    get_engine(url).dispose()
    if url.startswith("sqlite"):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{sa.engine.make_url(url).database}{suffix}").unlink(missing_ok=True)
    else:
        postgres.drop(sa.engine.make_url(url).database)
