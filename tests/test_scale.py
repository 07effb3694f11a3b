"""The benchmarks' synthetic ledgers: the sizes they promise, in the tables the pages read."""
from datetime import date

import sqlalchemy as sa

from roadshow import metrics
from roadshow.database import get_engine, migrate
from roadshow.models import FollowUp, Issue, Project, ProjectHistory, Rating, Street
from roadshow.scale import load_scale, load_streets_like


def count(engine, model):
    with engine.connect() as db:
        return db.execute(sa.select(sa.func.count()).select_from(model)).scalar()


def test_a_district_sized_ledger(engine, tmp_path):
    loaded = load_scale(engine, "district")
    assert (loaded["projects"], loaded["history"], loaded["issues"]) == (235, 2000, 64)
    assert (count(engine, Project), count(engine, ProjectHistory), count(engine, Issue)) == (235, 2000, 64)
    assert count(engine, FollowUp) == loaded["follow_ups"] and loaded["follow_ups"] >= 64
    assert count(engine, Rating) == 470  # a Q1 and a Q2 rating for every project
    assert count(engine, Street) == 19  # one district: the district's own streets
    assert metrics.district(engine, 2018, date(2018, 12, 31))["projects"] == 235
    copy = get_engine(f"sqlite:///{tmp_path / 'copy.db'}")
    migrate(copy)
    load_streets_like(engine, copy)
    assert count(copy, Street) == 19
