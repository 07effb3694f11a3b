"""The project ledger (项目台账) and a project's history, row by row: which start a day shows, how many
projects it lists, and which of two entries of one moment comes first."""
from datetime import UTC, date, datetime

import sqlalchemy as sa

from roadshow import queries
from roadshow.database import write_session
from roadshow.models import Project, ProjectHistory
from tests.conftest import add_project


def started(engine, day):
    return [(r.name, None if r.start_date != r.start_date else r.start_date)
            for r in queries.ledger(engine, 2018, day).itertuples()]


def test_a_start_on_new_years_day_is_this_years_start(engine):
    add_project(engine, start=date(2018, 1, 1), name="元旦复工")
    assert started(engine, date(2018, 1, 1)) == [("元旦复工", date(2018, 1, 1))]


def test_a_preliminary_project_shows_no_start(engine):
    """A 前期 project with a start date (left by an import before the rules held) is not shown as started."""
    add_project(engine, stage="preliminary", start=date(2018, 2, 1), name="前期项目")
    assert started(engine, date(2018, 6, 30)) == [("前期项目", None)]


def test_the_ledger_lists_up_to_5000_projects_in_street_order_then_code(engine):
    with engine.begin() as db:
        db.execute(sa.insert(Project.__table__), [
            {"code": f"T-{n:04d}", "name": f"项目{n}", "street_id": 1, "category": "other", "stage": "new",
             "plan_year": 2018, "total_investment_wan": 1, "annual_plan_wan": 1, "completed_wan": 0,
             "suspended": False, "city_key": False, "version": 1, "created_by": "t", "updated_by": "t",
             "created_at": datetime(2018, 1, 5, tzinfo=UTC), "updated_at": datetime(2018, 1, 5, tzinfo=UTC)}
            for n in range(1, 5002)])
    day = date(2018, 3, 31)
    assert queries.ledger_count(engine, 2018) == 5001
    assert list(queries.ledger(engine, 2018, day, limit=2)["code"]) == ["T-0001", "T-0002"]
    assert list(queries.ledger(engine, 2018, day, offset=4999, limit=50)["code"]) == ["T-5000", "T-5001"]


def test_of_two_history_entries_of_one_moment_the_later_written_comes_first(engine):
    pid = add_project(engine)
    moment = datetime(2018, 3, 1, 2, tzinfo=UTC)
    with write_session(engine) as session:
        for field, value in (("start_date", "2018-03-01"), ("completed_wan", "10.00")):
            session.add(ProjectHistory(project_id=pid, changed_at=moment, changed_by="dispatch", field=field,
                                       new_value=value))
            session.flush()
    assert list(queries.history(engine, pid)["field"]) == ["completed_wan", "start_date"]
