"""Write services: what they accept, what they refuse (and that a refusal changes nothing)."""
from datetime import date
from decimal import Decimal

import pytest
import sqlalchemy as sa

from roadshow import accounts, meetings, problems, queries, ratings, services
from roadshow.auth import Actor
from roadshow.database import data_version
from roadshow.models import InvestmentReport, Meeting, Project, Street
from roadshow.services import Conflict, Invalid, Refused
from tests.conftest import add_project

DISPATCH = Actor("dispatch", "dispatcher")
ADMIN = Actor("admin", "admin")


def agenda(engine, meeting):
    with engine.connect() as db:
        return db.execute(sa.select(Meeting.agenda).where(Meeting.id == meeting)).scalar()


def test_an_agenda_is_stored_in_the_order_given(engine):
    meeting = meetings.create_meeting(DISPATCH, 2018, date(2018, 3, 30), "一季度路演", engine=engine)
    meetings.set_agenda(DISPATCH, meeting, ["营城子", "泉水", "周水子"], engine)
    assert agenda(engine, meeting) == "营城子、泉水、周水子"
    meetings.set_agenda(DISPATCH, meeting, ["周水子"], engine)
    assert agenda(engine, meeting) == "周水子"


@pytest.mark.parametrize("streets", [[], ["营城子", "不存在"], ["营城子", "泉水", "营城子"]],
                         ids=["empty", "unknown street", "twice"])
def test_a_bad_agenda_is_refused_and_the_old_one_kept(engine, streets):
    meeting = meetings.create_meeting(DISPATCH, 2018, date(2018, 3, 30), "一季度路演", engine=engine)
    meetings.set_agenda(DISPATCH, meeting, ["泉水", "营城子"], engine)
    version = data_version(engine)
    with pytest.raises(Refused) as refused:
        meetings.set_agenda(DISPATCH, meeting, streets, engine)
    assert refused.value.key == "service.bad_agenda"
    assert agenda(engine, meeting) == "泉水、营城子"
    assert data_version(engine) == version


def test_an_agenda_for_a_missing_meeting_is_refused(engine):
    with pytest.raises(Refused):
        meetings.set_agenda(DISPATCH, 999, ["泉水"], engine)


def test_rating_or_raising_a_problem_on_a_missing_project_is_refused(engine):
    with pytest.raises(Refused) as refused:
        ratings.override(DISPATCH, "2018Q1", 999, 3, "现场核实", engine)
    assert refused.value.key == "service.no_project"
    with pytest.raises(Refused):
        problems.raise_problem(DISPATCH, 999, "用地", "land", "区自然资源局", date(2018, 4, 30), engine=engine)


def test_a_problem_is_raised_today(engine, on_day):
    pid = add_project(engine)
    on_day(date(2018, 4, 2))
    issue = problems.raise_problem(DISPATCH, pid, " 用地未落实 ", "land", " 区自然资源局 ", date(2018, 4, 30),
                                   engine=engine)
    row = queries.issues(engine, pid).iloc[0]
    assert (row["id"], row["description"], row["owner_unit"], row["raised_on"], row["status"]) == (
        issue, "用地未落实", "区自然资源局", date(2018, 4, 2), "open")


def project_row(engine, pid):
    with engine.connect() as db:
        return db.execute(sa.select(Project.__table__).where(Project.id == pid)).one()


@pytest.mark.parametrize("changes, field", [
    ({"annual_plan_wan": "1001"}, "annual_plan_wan"),  # above the total investment of 1000
    ({"start_date": date(2019, 1, 1)}, "start_date"),  # outside the plan year
    ({"stage": "preliminary", "start_date": date(2018, 3, 1)}, "start_date"),
    ({"suspended": True}, "suspension_reason"),
    ({"completed_wan": "-1"}, "completed_wan"),
    ({"start_date": "2018-02-30"}, "start_date"),
])
def test_a_project_update_that_breaks_a_rule_is_refused_naming_the_field(engine, changes, field):
    pid = add_project(engine)
    before = project_row(engine, pid)
    with pytest.raises(Invalid) as invalid:
        services.update_project(DISPATCH, pid, 1, changes, engine=engine)
    assert list(invalid.value.problems) == [field]
    assert project_row(engine, pid) == before


def test_a_save_against_an_old_version_is_refused_unless_it_is_the_same_save(engine):
    pid = add_project(engine)
    assert services.update_project(DISPATCH, pid, 1, {"completed_wan": "10"}, engine=engine) is True
    assert services.update_project(DISPATCH, pid, 1, {"completed_wan": "10"}, engine=engine) is False  # double click
    with pytest.raises(Conflict):
        services.update_project(DISPATCH, pid, 1, {"completed_wan": "20"}, engine=engine)
    assert [h.new_value for h in services.changes_since(pid, 1, engine)] == ["10.00"]
    assert services.update_project(DISPATCH, pid, 2, {"completed_wan": "10.00"}, engine=engine) is False
    with pytest.raises(Refused) as refused:
        services.update_project(DISPATCH, 999, 1, {"completed_wan": "10"}, engine=engine)
    assert refused.value.key == "service.no_project"


def test_completed_investment_is_reported_on_today(engine, on_day):
    pid = add_project(engine)
    on_day(date(2018, 4, 2))
    services.update_project(DISPATCH, pid, 1, {"completed_wan": "10"}, engine=engine)
    services.update_project(DISPATCH, pid, 2, {"completed_wan": "12.5"}, engine=engine)
    on_day(date(2018, 4, 3))
    services.update_project(DISPATCH, pid, 3, {"completed_wan": "20"}, engine=engine)
    with engine.connect() as db:
        reports = db.execute(sa.select(InvestmentReport.reported_on, InvestmentReport.completed_wan)
                             .order_by(InvestmentReport.reported_on)).all()
    assert [tuple(r) for r in reports] == [(date(2018, 4, 2), Decimal("12.50")), (date(2018, 4, 3), Decimal("20.00"))]


def test_a_suspension_dates_itself_today_and_resuming_clears_it(engine, on_day):
    pid = add_project(engine, start=date(2018, 3, 1))
    on_day(date(2018, 5, 3))
    services.update_project(DISPATCH, pid, 1, {"suspended": True, "suspension_reason": "资金不到位"}, engine=engine)
    row = project_row(engine, pid)
    assert (row.suspended, row.suspended_on, row.suspension_reason) == (True, date(2018, 5, 3), "资金不到位")
    services.update_project(DISPATCH, pid, 2, {"suspended": False}, engine=engine)
    row = project_row(engine, pid)
    assert (row.suspended, row.suspended_on, row.suspension_reason) == (False, None, None)


def test_a_suspension_without_a_day_from_before_gets_one_on_its_next_edit(engine, on_day):
    """A sheet could once empty the day of a suspension in force; the forms have no day to fill in,
    so such a project is dated today when next edited rather than refused."""
    pid = add_project(engine, start=date(2018, 3, 1))
    with engine.begin() as db:
        db.execute(sa.update(Project).values(suspended=True, suspension_reason="环评", suspended_on=None))
    on_day(date(2018, 5, 3))
    assert services.update_project(DISPATCH, pid, 1, {"completed_wan": "10"}, engine=engine) is True
    row = project_row(engine, pid)
    assert (row.suspended, row.suspended_on, row.completed_wan) == (True, date(2018, 5, 3), Decimal("10.00"))


def test_a_bulk_edit_is_all_or_nothing(engine):
    first, second = add_project(engine), add_project(engine)
    with pytest.raises(Invalid):
        services.update_projects(DISPATCH, [(first, 1, {"completed_wan": "5"}),
                                            (second, 1, {"annual_plan_wan": "5000"})], engine)
    assert project_row(engine, first).completed_wan == Decimal("0.00")
    assert services.update_projects(DISPATCH, [(first, 1, {"completed_wan": "5"}), (second, 1, {})], engine) == 1


def test_streets_are_added_once_without_the_suffix(engine):
    accounts.add_street(ADMIN, " 新区街道 ", engine)
    with engine.connect() as db:
        assert db.execute(sa.select(Street.name, Street.position).where(Street.name == "新区")).one() == ("新区", 19)
    for name in ("新区", "新区街道", "  ", "街道"):
        with pytest.raises(Refused) as refused:
            accounts.add_street(ADMIN, name, engine)
        assert refused.value.key == "service.bad_street"
    assert services.ensure_streets(engine) == 0
    with engine.connect() as db:
        assert db.execute(sa.select(sa.func.count(Street.id))).scalar() == 20


def test_users_are_listed_for_the_admin(engine):
    accounts.add_user(ADMIN, "zhang", "password-1", "street", "张三", "营城子街道", engine)
    accounts.add_user(ADMIN, "chen", "password-1", "leader", engine=engine)
    accounts.set_disabled(ADMIN, "chen", True, engine)
    listed = accounts.users(ADMIN, engine)[["username", "role", "street", "disabled", "display_name"]]
    assert [tuple(r) for r in listed.itertuples(index=False)] == [("chen", "leader", "", True, "chen"),
                                                                 ("zhang", "street", "营城子", False, "张三")]
