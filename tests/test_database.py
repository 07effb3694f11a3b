"""Schema, migrations and the CLI's init."""
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command

from roadshow.database import alembic_config, get_engine, data_version, migrate, write_session
from roadshow.models import Meta, Project

ROOT = Path(__file__).resolve().parent.parent


def test_migrations_match_the_models(engine):
    with engine.begin() as connection:
        command.check(alembic_config(connection))  # raises when a model change lacks a migration


def test_sqlite_is_configured_for_concurrent_use(tmp_path):
    engine = get_engine(f"sqlite:///{tmp_path / 'pragmas.db'}")  # SQLite's own settings: no PostgreSQL twin
    with engine.connect() as db:
        assert db.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert db.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert db.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000


def test_foreign_keys_and_codes_are_enforced(engine):
    with pytest.raises(sa.exc.IntegrityError):
        with write_session(engine) as session:
            session.add(Project(code="X", name="X", street_id=999, category="other", stage="new",
                                plan_year=2018, total_investment_wan=1, annual_plan_wan=1))
    with pytest.raises(sa.exc.IntegrityError):
        with write_session(engine) as session:
            session.add(Project(code="Y", name="Y", street_id=1, category="farming", stage="new",
                                plan_year=2018, total_investment_wan=1, annual_plan_wan=1))


def test_a_failed_write_leaves_the_data_version(engine):
    before = data_version(engine)
    with pytest.raises(RuntimeError):
        with write_session(engine) as session:
            session.add(Meta(key="probe", value=1))
            raise RuntimeError
    assert data_version(engine) == before
    with write_session(engine):
        pass
    assert data_version(engine) == before + 1


def test_cli_init_is_idempotent_and_loads_the_demo_once(tmp_path):
    env = {**os.environ, "ROADSHOW_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}"}
    run = lambda *args: subprocess.run([sys.executable, "-m", "roadshow", *args], cwd=ROOT, env=env,  # noqa: E731
                                       capture_output=True, text=True, check=True).stdout
    assert "demo data loaded" in run("init", "--demo")
    assert "not loaded" in run("init", "--demo")
    run("init")
    engine = sa.create_engine(env["ROADSHOW_DATABASE_URL"])
    with engine.connect() as db:
        assert db.execute(sa.select(sa.func.count(Project.id))).scalar() == 235
    engine.dispose()


def test_the_default_engine_follows_the_database_url_in_force(tmp_path, monkeypatch):
    monkeypatch.setenv("ROADSHOW_DATABASE_URL", f"sqlite:///{tmp_path / 'first.db'}")
    first = get_engine()
    monkeypatch.setenv("ROADSHOW_DATABASE_URL", f"sqlite:///{tmp_path / 'second.db'}")
    assert get_engine().url.database == str(tmp_path / "second.db")
    monkeypatch.setenv("ROADSHOW_DATABASE_URL", f"sqlite:///{tmp_path / 'first.db'}")
    assert get_engine() is first


def test_sqlite_money_written_as_reals_becomes_exact_cents(tmp_path):
    engine = get_engine(f"sqlite:///{tmp_path / 'old.db'}")
    with engine.begin() as db:
        command.upgrade(alembic_config(db), "0004")
        db.exec_driver_sql("INSERT INTO street (name, position) VALUES ('营城子', 0)")
        db.exec_driver_sql(
            "INSERT INTO project (code, name, street_id, category, stage, plan_year, total_investment_wan,"
            " annual_plan_wan, completed_wan, suspended, city_key, version, created_by, created_at, updated_by,"
            " updated_at) VALUES ('P-1', '旧项目', 1, 'industrial', 'new', 2018, 858.5, 0.07, 1234567.89, 0, 0, 1,"
            " 'x', '2018-01-01 00:00:00', 'x', '2018-01-01 00:00:00')")
    migrate(engine)
    with engine.connect() as db:
        assert db.execute(sa.select(Project.total_investment_wan, Project.annual_plan_wan, Project.completed_wan)
                          ).one() == (Decimal("858.50"), Decimal("0.07"), Decimal("1234567.89"))
        assert db.exec_driver_sql("SELECT total_investment_wan, typeof(total_investment_wan) FROM project"
                                  ).one() == (85850, "integer")
