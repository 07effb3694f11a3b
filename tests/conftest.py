"""Fixtures: fresh databases and a demo database on SQLite and on a real PostgreSQL
server (started for the run), and small hand-made plans.

Every test that takes `engine`, `demo_engine` or `demo_url` runs once per backend.
Without PostgreSQL the PostgreSQL runs are skipped with the reason; under CI=true
they fail instead.
"""
from __future__ import annotations

import os
import sys
import uuid
from datetime import datetime, time
from decimal import Decimal

import pytest
import sqlalchemy as sa

from roadshow import accounts, auth, problems
from roadshow.database import get_engine, migrate, write_session
from roadshow.demo import DEMO_PASSWORD, create_demo_accounts, load_demo
from roadshow.models import InvestmentReport, Project, Rating, Street
from roadshow.services import ensure_streets
from roadshow.settings import settings
from roadshow.ui import session as session_ui
from tests.pgserver import TemporaryPostgres, Unavailable

BACKENDS = ["sqlite", "postgresql"]
TEMPLATE = "roadshow_template"


def url_of(engine) -> str:
    return engine.url.render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def postgres_admin():
    """An AUTOCOMMIT engine on the maintenance database of a temporary server, with a
    migrated template database that every PostgreSQL test database is copied from."""
    server = None
    try:
        server = TemporaryPostgres()
        url = server.start()
    except Unavailable as why:
        if server:
            server.stop()
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL is required under CI: {why}")
        pytest.skip(f"PostgreSQL runs SKIPPED — {why}")
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as db:
        db.exec_driver_sql(f"CREATE DATABASE {TEMPLATE}")
    template = sa.create_engine(url.rsplit("/", 1)[0] + f"/{TEMPLATE}")
    migrate(template)
    ensure_streets(template)
    template.dispose()
    yield admin
    admin.dispose()
    server.stop()


def _new_database(request, tmp_path):
    """A fresh, migrated database with the 19 streets on the requested backend."""
    if request.param == "sqlite":
        engine = get_engine(f"sqlite:///{tmp_path / f'roadshow-{uuid.uuid4().hex[:8]}.db'}")
        migrate(engine)
        ensure_streets(engine)
        return engine, lambda: engine.dispose()
    admin = request.getfixturevalue("postgres_admin")
    name = f"t_{uuid.uuid4().hex[:12]}"
    with admin.connect() as db:
        db.exec_driver_sql(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}")
    engine = get_engine(admin.url.set(database=name).render_as_string(hide_password=False))

    def drop():
        engine.dispose()
        with admin.connect() as db:
            db.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    return engine, drop


@pytest.fixture(params=BACKENDS)
def engine(request, tmp_path, monkeypatch):
    """An empty, migrated database with the 19 streets, also set as ROADSHOW_DATABASE_URL."""
    engine, drop = _new_database(request, tmp_path)
    monkeypatch.setenv("ROADSHOW_DATABASE_URL", url_of(engine))
    yield engine
    drop()


@pytest.fixture(scope="session", params=BACKENDS)
def demo_engine(request, tmp_path_factory):
    """The demo database, built once per backend and run; tests must not write to it."""
    engine, drop = _new_database(request, tmp_path_factory.mktemp("demo"))
    load_demo(engine)
    create_demo_accounts(engine)
    yield engine
    drop()


@pytest.fixture
def demo_url(demo_engine, monkeypatch):
    url = url_of(demo_engine)
    monkeypatch.setenv("ROADSHOW_DATABASE_URL", url)
    return url


def add_project(engine, *, street="营城子", stage="continuing", start=None, total=1000, annual=100,
                category="industrial", year=2018, city_key=False, reports=(), name=None, planned=None) -> int:
    """Write one project (and its completed-investment reports) and return its id."""
    with write_session(engine) as session:
        street_id = session.execute(sa.select(Street.id).where(Street.name == street)).scalar_one()
        count = session.execute(sa.select(sa.func.count(Project.id))).scalar_one()
        project = Project(code=f"T-{count + 1}", name=name or f"测试项目{count + 1}", street_id=street_id,
                          category=category, stage=stage, plan_year=year, start_date=start,
                          total_investment_wan=Decimal(total), annual_plan_wan=Decimal(annual), city_key=city_key,
                          planned_start_date=planned)
        session.add(project)
        session.flush()
        for day, amount in reports:
            session.add(InvestmentReport(project_id=project.id, reported_on=day, completed_wan=Decimal(amount)))
        return project.id


def add_rating(engine, project_id: int, cycle: str, rated_on, stars: int) -> None:
    """Write a rating as it stands in the table (the rule and its services are tested in test_ratings)."""
    with write_session(engine) as session:
        session.add(Rating(project_id=project_id, cycle=cycle, level="quarterly", rated_on=rated_on, stars=stars))


SETUP = auth.Actor("setup", "admin")
DISPATCH = auth.Actor("dispatch", "dispatcher")


def raise_problem(engine, project_id: int, deadline, description: str = "缺少施工许可", unit: str = "区住建局") -> int:
    """A problem raised by the dispatch office today (outside a meeting)."""
    return problems.raise_problem(DISPATCH, project_id, description, "planning", unit, deadline, engine=engine)


def without_deadline(engine, issue_id: int) -> int:
    """Make a problem one without a deadline, as an old ledger's may be (raising one now needs a deadline)."""
    with engine.begin() as db:
        db.execute(sa.text("UPDATE issue SET deadline = NULL WHERE id = :i"), {"i": issue_id})
    return issue_id


def close_problem(engine, issue_id: int, note: str = "已销号") -> None:
    """销号 today, as the lifecycle asks: a closure request (made by the dispatch office here), then closing."""
    problems.take_step(DISPATCH, issue_id, "request_closure", "weekly", note, engine=engine)
    problems.take_step(DISPATCH, issue_id, "close", "weekly", note, engine=engine)


def add_user(engine, username: str, role: str, street: str | None = None, password: str = DEMO_PASSWORD) -> None:
    accounts.add_user(SETUP, username, password, role, street=street, engine=engine)


@pytest.fixture(autouse=True)
def _main_module():
    """AppTest installs the script it ran as the __main__ module and leaves it there: a process
    spawned later (test_concurrency) would run that page on start. Put pytest's own back."""
    main = sys.modules["__main__"]
    yield
    sys.modules["__main__"] = main


@pytest.fixture(autouse=True)
def _browser_cookie(monkeypatch):
    """AppTest sends no cookies: pages read the session token through `cookie_token`, which
    tests replace (browse_as). Signed out by default; restored after each test."""
    monkeypatch.setattr(session_ui, "cookie_token", lambda: None)


def browse_as(username: str | None, password: str = DEMO_PASSWORD, engine=None) -> str | None:
    """AppTest runs from now on come from a browser signed in as `username` (a real session,
    through the sign-in service), or from nobody's."""
    token = None if username is None else auth.sign_in(username, password, "pytest", engine=engine)[1]
    session_ui.cookie_token = lambda: token
    return token


@pytest.fixture
def on_day(monkeypatch):
    """Set the district's today (what every service stamps): on_day(date(2018, 4, 2))."""
    def set_today(day):
        monkeypatch.setattr("roadshow.settings.now", lambda: datetime.combine(day, time(12), settings().zone))
    return set_today
