"""Fixtures: fresh databases, a demo database, and small hand-made plans."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa

from roadshow.database import get_engine, migrate, write_session
from roadshow.demo import load_demo
from roadshow.models import InvestmentReport, Project, Street
from roadshow.services import ensure_streets


def _fresh_engine(path: Path):
    engine = get_engine(f"sqlite:///{path}")
    migrate(engine)
    ensure_streets(engine)
    return engine


@pytest.fixture
def engine(tmp_path, monkeypatch):
    """An empty, migrated database with the 19 streets, also set as ROADSHOW_DATABASE_URL."""
    engine = _fresh_engine(tmp_path / "roadshow.db")
    monkeypatch.setenv("ROADSHOW_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    return engine


@pytest.fixture(scope="session")
def demo_engine(tmp_path_factory):
    """The demo database, built once per run; tests must not write to it."""
    engine = _fresh_engine(tmp_path_factory.mktemp("demo") / "demo.db")
    load_demo(engine)
    return engine


@pytest.fixture
def demo_url(demo_engine, monkeypatch):
    url = demo_engine.url.render_as_string(hide_password=False)
    monkeypatch.setenv("ROADSHOW_DATABASE_URL", url)
    return url


def add_project(engine, *, street="营城子", stage="continuing", start=None, total=1000, annual=100,
                category="industrial", year=2018, city_key=False, reports=(), name=None) -> int:
    """Write one project (and its completed-investment reports) and return its id."""
    with write_session(engine) as session:
        street_id = session.execute(sa.select(Street.id).where(Street.name == street)).scalar_one()
        count = session.execute(sa.select(sa.func.count(Project.id))).scalar_one()
        project = Project(code=f"T-{count + 1}", name=name or f"测试项目{count + 1}", street_id=street_id,
                          category=category, stage=stage, plan_year=year, start_date=start,
                          total_investment_wan=Decimal(total), annual_plan_wan=Decimal(annual), city_key=city_key)
        session.add(project)
        session.flush()
        for day, amount in reports:
            session.add(InvestmentReport(project_id=project.id, reported_on=day, completed_wan=Decimal(amount)))
        return project.id

