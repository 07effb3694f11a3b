"""The pages' lists (ledger, changes since a meeting, a project's records) on small hand-made plans."""
from datetime import date, datetime, timezone

import sqlalchemy as sa

from roadshow import meetings, metrics, problems, queries, services
from roadshow.auth import Actor
from roadshow.database import write_session
from roadshow.models import ProjectHistory
from tests.conftest import add_project, add_rating, close_problem, raise_problem, without_deadline

DISPATCH = Actor("dispatch", "dispatcher")


def ledger(engine, day, **kw):
    frame = queries.ledger(engine, 2018, day, **kw)
    return [(r.code, r.start_date, r.completed_wan, bool(r.suspended), r.stars) for r in frame.itertuples()]


def none(value):
    return None if value != value else value  # NaN/NaT/None -> None


def test_the_ledger_shows_each_project_as_it_stood_on_the_day(engine):
    pid = add_project(engine, start=date(2018, 3, 10), reports=[(date(2018, 3, 31), "100"), (date(2018, 6, 30), "250")])
    add_project(engine, stage="new", start=date(2018, 4, 1))
    services.update_project(DISPATCH, pid, 1, {"suspended": True, "suspended_on": date(2018, 5, 3),
                                               "suspension_reason": "资金不到位"}, engine=engine)
    add_rating(engine, pid, "2018Q1", date(2018, 3, 31), 4)
    add_rating(engine, pid, "2018Q2", date(2018, 6, 30), 5)

    def rows(day):
        return [tuple(none(v) for v in row) for row in ledger(engine, day)]
    assert rows(date(2018, 3, 30)) == [("T-1", date(2018, 3, 10), None, False, None), ("T-2", None, None, False, None)]
    assert rows(date(2018, 3, 31)) == [("T-1", date(2018, 3, 10), 100, False, 4), ("T-2", None, None, False, None)]
    assert rows(date(2018, 4, 1)) == [("T-1", date(2018, 3, 10), 100, False, 4),
                                      ("T-2", date(2018, 4, 1), None, False, None)]
    assert rows(date(2018, 5, 2))[0] == ("T-1", date(2018, 3, 10), 100, False, 4)
    assert rows(date(2018, 5, 3))[0] == ("T-1", date(2018, 3, 10), 100, True, 4)
    assert rows(date(2018, 6, 29))[0] == ("T-1", date(2018, 3, 10), 100, True, 4)
    assert rows(date(2018, 6, 30))[0] == ("T-1", date(2018, 3, 10), 250, True, 5)


def test_a_start_before_the_plan_year_is_not_shown_as_this_years_start(engine):
    add_project(engine, start=date(2017, 12, 31))
    assert none(queries.ledger(engine, 2018, date(2018, 12, 31))["start_date"][0]) is None


def test_the_ledger_runs_in_street_order_then_code_and_can_be_searched(engine):
    add_project(engine, street="营城子", name="营城子厂房")
    add_project(engine, street="泉水", name="泉水100%商业")
    add_project(engine, street="周水子", name="周水子学校")
    add_project(engine, street="泉水", name="泉水住宅", year=2019)
    D = date(2018, 6, 30)
    assert list(queries.ledger(engine, 2018, D)["code"]) == ["T-3", "T-2", "T-1"]
    assert list(queries.ledger(engine, 2018, D, search=" 泉水 ")["code"]) == ["T-2"]
    assert list(queries.ledger(engine, 2018, D, search="T-1")["code"]) == ["T-1"]
    assert list(queries.ledger(engine, 2018, D, search="0%")["code"]) == ["T-2"]
    assert list(queries.ledger(engine, 2018, D, search="%")["code"]) == ["T-2"]  # a literal %, not a wildcard
    assert list(queries.ledger(engine, 2018, D, metrics.Filters(streets=("营城子",)))["code"]) == ["T-1"]


def history_at(engine, pid, moment: datetime, value: str, field: str = "completed_wan"):
    with write_session(engine) as session:
        session.add(ProjectHistory(project_id=pid, changed_at=moment, changed_by="dispatch", field=field,
                                   old_value="0", new_value=value))


def test_changes_between_takes_whole_beijing_days_after_since_up_to_until(engine):
    pid = add_project(engine)
    utc = timezone.utc
    # Beijing is UTC+8: 00:00 in Beijing is 16:00 UTC the day before
    history_at(engine, pid, datetime(2018, 4, 10, 15, 59, tzinfo=utc), "on since, 23:59")
    history_at(engine, pid, datetime(2018, 4, 10, 16, 0, tzinfo=utc), "day after since, 00:00")
    history_at(engine, pid, datetime(2018, 4, 15, 3, 0, tzinfo=utc), "created", field="created")
    history_at(engine, pid, datetime(2018, 4, 20, 15, 59, tzinfo=utc), "on until, 23:59")
    history_at(engine, pid, datetime(2018, 4, 20, 16, 0, tzinfo=utc), "day after until, 00:00")
    changes = queries.changes_between(engine, 2018, date(2018, 4, 10), date(2018, 4, 20))
    assert list(changes["new_value"]) == ["on until, 23:59", "day after since, 00:00"]
    assert list(changes["street"]) == ["营城子", "营城子"]
    assert queries.changes_between(engine, 2018, date(2018, 4, 10), date(2018, 4, 20),
                                   metrics.Filters(streets=("泉水",))).empty


def test_a_projects_records(engine, on_day):
    pid = add_project(engine, street="泉水", name="泉水商业综合体")
    assert queries.project(engine, 999) is None
    found = queries.project(engine, pid)
    assert (found["name"], found["street"], found["stage"]) == ("泉水商业综合体", "泉水", "continuing")
    add_rating(engine, pid, "2018Q2", date(2018, 6, 30), 3)
    add_rating(engine, pid, "2018Q1", date(2018, 3, 31), 1)
    assert [tuple(r) for r in queries.ratings(engine, pid)[["cycle", "stars"]].itertuples(index=False)] == [
        ("2018Q1", 1), ("2018Q2", 3)]  # in the order of their days, not of their writing
    services.update_project(DISPATCH, pid, 1, {"completed_wan": "10"}, engine=engine)
    services.update_project(DISPATCH, pid, 2, {}, note="已进场施工", engine=engine)
    assert list(queries.history(engine, pid)["field"]) == ["progress", "completed_wan"]
    assert list(queries.history(engine, pid)["new_value"]) == ["已进场施工", "10.00"]
    on_day(date(2018, 6, 30))
    first = problems.raise_problem(DISPATCH, pid, "用地", "land", "区自然资源局", date(2018, 7, 30), engine=engine)
    on_day(date(2018, 3, 1))
    earlier = problems.raise_problem(DISPATCH, pid, "规划", "planning", "区住建局", date(2018, 3, 31), engine=engine)
    assert list(queries.issues(engine, pid)["id"]) == [earlier, first]
    on_day(date(2018, 4, 9))
    problems.take_step(DISPATCH, first, "follow_up", "weekly", "已协调", engine=engine)
    on_day(date(2018, 3, 5))
    problems.take_step(DISPATCH, earlier, "follow_up", "weekly", "已对接", engine=engine)
    assert list(queries.follow_ups(engine, [first, earlier])["held_on"]) == [date(2018, 3, 5), date(2018, 4, 9)]
    assert list(queries.follow_ups(engine, [first])["note"]) == ["已协调"]


def test_streets_in_the_districts_order(engine):
    names = [name for _, name in queries.streets(engine)]
    assert names[:3] == ["周水子", "椒金山", "甘井子"] and names[-1] == "杨树沟" and len(names) == 19


def test_a_streets_projects_by_code(engine):
    add_project(engine, street="泉水")
    add_project(engine, street="营城子")
    add_project(engine, street="营城子")
    add_project(engine, street="营城子", year=2019)
    with engine.connect() as db:
        street_id = db.execute(sa.text("SELECT id FROM street WHERE name = '营城子'")).scalar()
    assert list(queries.street_projects(engine, street_id, 2018)["code"]) == ["T-2", "T-3"]


def test_meetings_in_date_order_with_their_agenda(engine):
    june = meetings.create_meeting(DISPATCH, 2018, date(2018, 6, 28), " 二季度路演 ", engine=engine)
    meetings.create_meeting(DISPATCH, 2018, date(2018, 3, 30), "一季度路演", engine=engine)
    meetings.create_meeting(DISPATCH, 2019, date(2019, 3, 30), "2019 一季度路演", engine=engine)
    meetings.set_agenda(DISPATCH, june, ["泉水", "营城子", "红旗"], engine)
    listed = queries.meetings(engine, 2018)
    assert list(listed["title"]) == ["一季度路演", "二季度路演"]
    assert [none(a) for a in listed["agenda"]] == [None, "泉水、营城子、红旗"]


def test_the_problems_due_first_not_closed_then_in_street_order(engine, on_day):
    on_day(date(2018, 4, 2))
    yingchengzi, quanshui = add_project(engine, street="营城子"), add_project(engine, street="泉水")
    later = raise_problem(engine, yingchengzi, date(2018, 5, 1))
    same_day_first_street = raise_problem(engine, quanshui, date(2018, 5, 1))  # 泉水 speaks before 营城子
    first = raise_problem(engine, yingchengzi, date(2018, 4, 20))
    no_deadline = without_deadline(engine, raise_problem(engine, quanshui, date(2018, 6, 1)))
    closed = raise_problem(engine, yingchengzi, date(2018, 4, 10))
    close_problem(engine, closed)
    day = date(2018, 4, 2)
    assert list(queries.due_first(engine, 2018, day)["id"]) == [first, same_day_first_street, later, no_deadline]
    assert list(queries.due_first(engine, 2018, day, limit=2)["id"]) == [first, same_day_first_street]
    assert list(queries.due_first(engine, 2018, day, metrics.Filters(streets=("营城子",)))["id"]) == [first, later]
