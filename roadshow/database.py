"""Engine, sessions, migrations and the data version.

SQLite (a file under data/) is the default; any SQLAlchemy URL in
ROADSHOW_DATABASE_URL is used instead (PostgreSQL through psycopg 3).
"""
from __future__ import annotations

import threading
from collections import deque
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Iterator

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from .models import Meta, Project
from .settings import settings

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
BUSY_TIMEOUT_MS = 30_000


def database_url() -> str:
    url = settings().database
    # a bare postgresql:// URL means psycopg 3, the driver we ship
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def get_engine(url: str | None = None) -> Engine:
    """One engine per URL for the life of the process (by default the URL in force now)."""
    return _engine(url or database_url())


@lru_cache(maxsize=None)  # keyed by the URL itself: a changed ROADSHOW_DATABASE_URL gets its own engine
def _engine(url: str) -> Engine:
    if not url.startswith("sqlite"):
        # JIT compiling costs 0.1-0.4 s per aggregate and saves less on these queries; the per-street
        # grouping of a province spills to disk with the default 4MB of work_mem
        options = f"-c jit=off -c work_mem={settings().pg_work_mem}"
        # reads run one statement each: in autocommit they take one round trip, not BEGIN, the
        # query and ROLLBACK (which tripled a small read's time); writes ask for a transaction
        return sa.create_engine(url, pool_pre_ping=True, isolation_level="AUTOCOMMIT",
                                connect_args={"options": options})
    if ":memory:" not in url and url != "sqlite://":
        Path(sa.engine.make_url(url).database).parent.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # let SQLAlchemy, not pysqlite, decide when a transaction begins (see _on_begin)
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(connection):
        # writers take the write lock up front so that concurrent read-then-write
        # transactions wait for each other instead of failing with "database is locked"
        immediate = connection.get_execution_options().get("write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    _WRITERS[url] = WriterQueue()
    return engine


_WRITERS: dict[str, "WriterQueue"] = {}  # SQLite database URL -> its writers' queue in this process


class WriterQueue:
    """SQLite's write lock, taken in turn by this process's writers (write_session). Left to SQLite, a
    writer that finds the lock taken sleeps and retries (1, 2, 5 … 100 ms): under 8 concurrent writers
    a few kept losing the race and waited seconds (p99 ~1.7 s, max ~3.9 s at a median of 8 ms). Queued
    here, each is woken the moment the one before has committed, first come first served."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._waiting: deque[threading.Event] = deque()
        self._owner: int | None = None  # the thread holding it
        self._depth = 0  # a writer that opens another write session keeps its turn (SQLite then refuses)

    def acquire(self) -> None:
        me = threading.get_ident()
        with self._lock:
            if self._owner in (None, me):
                self._owner, self._depth = me, self._depth + 1
                return
            turn = threading.Event()
            self._waiting.append(turn)
        turn.wait()  # handed over by release
        with self._lock:
            self._owner, self._depth = me, 1

    def release(self) -> None:
        with self._lock:
            self._depth -= 1
            if self._depth:
                return
            self._owner = None
            if self._waiting:
                self._owner = -1  # promised to the next in line, who takes it on waking
                self._waiting.popleft().set()


@contextmanager
def write_session(engine: Engine | None = None, data: bool = True) -> Iterator[Session]:
    """A session for one write transaction: commits on success, rolls back on error.
    A change to the data (`data`, not e.g. a sign-in) bumps the data version so that
    cached figures are recomputed."""
    engine = engine or get_engine()
    queue = _WRITERS.get(engine.url.render_as_string(hide_password=False))
    if queue:
        queue.acquire()
    try:
        with Session(transactional(engine).execution_options(write=True), expire_on_commit=False) as session:
            try:
                yield session
                if data:
                    bump_data_version(session)
                session.commit()
            except BaseException:
                session.rollback()
                raise
    finally:
        if queue:
            queue.release()


def transactional(engine: Engine) -> Engine:
    """The engine whose connections run transactions (PostgreSQL's reads are in autocommit)."""
    return engine if engine.dialect.name == "sqlite" else engine.execution_options(isolation_level="READ COMMITTED")


def read_session(engine: Engine | None = None) -> Session:
    return Session(engine or get_engine(), expire_on_commit=False)


def alembic_config(connection: sa.Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def migrate(engine: Engine | None = None) -> None:
    """Bring the schema to the newest migration (creates it on an empty database)."""
    engine = engine or get_engine()
    sqlite = engine.dialect.name == "sqlite"
    with transactional(engine).connect() as connection:
        # SQLite alters a table by copying it and dropping the old one, which a table that others
        # reference cannot survive with foreign keys on; the pragma only takes effect outside a
        # transaction, so it goes to the driver before SQLAlchemy begins one (Alembic's advice)
        if sqlite:
            connection.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")
        try:
            with connection.begin():
                command.upgrade(alembic_config(connection), "head")
                if sqlite and connection.exec_driver_sql("PRAGMA foreign_key_check").first():
                    raise RuntimeError("a migration left rows whose references are broken")
        finally:
            if sqlite:
                connection.connection.driver_connection.execute("PRAGMA foreign_keys=ON")


def bump_data_version(session: Session) -> None:
    """Add one in SQL, creating the row on the first write: one statement, so concurrent
    writers never both read the same value and lose an increment."""
    insert = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}[session.get_bind().dialect.name]
    session.execute(insert(Meta).values(key="data_version", value=1)
                    .on_conflict_do_update(index_elements=[Meta.key], set_={"value": Meta.value + 1}))


def data_version(engine: Engine | None = None) -> int:
    """A number that changes whenever data changes: the key of every cached figure."""
    with read_session(engine) as session:
        meta = session.get(Meta, "data_version")
        return meta.value if meta else 0


def is_empty(engine: Engine | None = None) -> bool:
    with read_session(engine) as session:
        return session.exec(select(Project.id).limit(1)).first() is None
