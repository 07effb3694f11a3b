"""The benchmarks' synthetic ledgers: the sizes they promise, in the tables the pages read."""
from datetime import date

import sqlalchemy as sa

from roadshow import metrics
from roadshow.database import get_engine, migrate
from roadshow.models import DispatchRecord, FollowUp, Issue, Project, ProjectHistory, Rating, Street
from roadshow.scale import load_scale, load_streets_like


def count(engine, model):
    with engine.connect() as db:
        return db.execute(sa.select(sa.func.count()).select_from(model)).scalar()


def test_a_district_sized_ledger(engine, tmp_path):
    loaded = load_scale(engine, "district")
    assert (loaded["projects"], loaded["history"], loaded["issues"]) == (235, 2000, 64)
    assert (count(engine, Project), count(engine, ProjectHistory), count(engine, Issue)) == (235, 2000, 64)
    assert count(engine, FollowUp) == loaded["follow_ups"] and 64 * 2 <= loaded["follow_ups"] <= 64 * 10
    assert count(engine, DispatchRecord) == loaded["dispatch_records"] == 26 + 6 + 2  # Fridays, month and quarter ends
    with engine.connect() as db:  # each problem's status is the one its last follow-up gave it
        mismatched = db.execute(sa.select(sa.func.count()).select_from(Issue).where(
            Issue.status != metrics.status_as_of(date(2018, 12, 31)))).scalar()
        closed = db.execute(sa.select(sa.func.count()).select_from(Issue).where(Issue.status == "resolved")).scalar()
    assert mismatched == 0 and 0 < closed < 64
    assert count(engine, Rating) == 470  # a Q1 and a Q2 rating for every project
    assert count(engine, Street) == 19  # one district: the district's own streets
    assert metrics.district(engine, 2018, date(2018, 12, 31))["projects"] == 235
    copy = get_engine(f"sqlite:///{tmp_path / 'copy.db'}")
    migrate(copy)
    load_streets_like(engine, copy)
    assert count(copy, Street) == 19
