"""What needs a street official and the dispatch office on arrival, worked out by hand on a small set
counted on 6-30: overdue from the day after the deadline, due within 7 days (the deadline day to 7
days on), closure requests sent back until the street answers, projects unchanged for 30 days."""
from datetime import date, datetime, time

import pytest
import sqlalchemy as sa

from roadshow import alerts, problems
from roadshow.auth import Actor
from roadshow.database import write_session
from roadshow.models import Project, Street
from roadshow.settings import settings
from tests.conftest import add_project

DISPATCH = Actor("dispatch", "dispatcher")
D = date(2018, 6, 30)


def beijing(day, hour=0, minute=0):
    return datetime.combine(day, time(hour, minute), tzinfo=settings().zone)


@pytest.fixture
def streets_at_work(engine, on_day):
    """营城子: p1 overdue (deadline 6-29), p2 due on the day (6-30), p3 due on 7-07, p4 on 7-08; p5 past
    its deadline but put up for closure; p6 sent back; p7 closed; p9 sent back, then followed up.
    泉水: p8 overdue. Projects: 营城子's first last changed 6-01 00:00, its second 5-31 23:59."""
    with engine.connect() as db:
        own = db.execute(sa.select(Street.id).where(Street.name == "营城子")).scalar()
    street = Actor("yingchengzi", "street", own)
    fresh, stale, quanshui = add_project(engine, name="营城子甲"), add_project(engine, name="营城子乙"), \
        add_project(engine, street="泉水", name="泉水丙")
    with write_session(engine) as session:
        for pid, moment in ((fresh, beijing(date(2018, 6, 1))), (stale, beijing(date(2018, 5, 31), 23, 59)),
                            (quanshui, beijing(date(2018, 1, 5)))):
            session.get(Project, pid).updated_at = moment
    p = {}

    def raised(name, pid, deadline, owner="区住建局"):
        on_day(date(2018, 5, 1))
        p[name] = problems.raise_problem(DISPATCH, pid, f"问题{name}", "planning", owner, deadline, engine=engine)

    def step(day, name, action, actor=street, note="说明"):
        on_day(day)
        problems.take_step(actor, p[name], action, "weekly", note, engine=engine)

    raised("p1", fresh, date(2018, 6, 29))
    raised("p2", fresh, date(2018, 6, 30))
    raised("p3", fresh, date(2018, 7, 7))
    raised("p4", fresh, date(2018, 7, 8))
    raised("p5", fresh, date(2018, 6, 1), "区城建局")
    raised("p6", fresh, date(2018, 7, 30))
    raised("p7", fresh, date(2018, 6, 10))
    raised("p8", quanshui, date(2018, 6, 20))
    raised("p9", stale, date(2018, 6, 15))
    step(date(2018, 5, 10), "p1", "follow_up")
    step(date(2018, 6, 20), "p5", "request_closure")
    step(date(2018, 6, 10), "p6", "request_closure")
    step(date(2018, 6, 15), "p6", "send_back", DISPATCH, "材料不全")
    step(date(2018, 6, 1), "p7", "request_closure")
    step(date(2018, 6, 5), "p7", "close", DISPATCH)
    step(date(2018, 6, 10), "p9", "request_closure")
    step(date(2018, 6, 12), "p9", "send_back", DISPATCH)
    step(date(2018, 6, 14), "p9", "follow_up")
    return street, p


def ids(frame):
    return [int(i) for i in frame["id"]]


def test_a_street_official_sees_its_streets_overdue_due_sent_back_and_stale(engine, streets_at_work):
    street, p = streets_at_work
    found = alerts.street_alerts(engine, 2018, street.street_id, D, D)
    assert ids(found["overdue"]) == [p["p9"], p["p1"]]  # by deadline; p5 waits for the office, p8 is 泉水's
    assert ids(found["due_soon"]) == [p["p2"], p["p3"]]
    assert ids(found["sent_back"]) == [p["p6"]]
    assert list(found["sent_back"]["latest_note"]) == ["材料不全"]
    assert list(found["stale"]["name"]) == ["营城子乙"]
    assert alerts.waiting_count(engine, "street", street.street_id, 2018, D, D) == 5 + 1


def test_the_dispatch_office_sees_closure_requests_and_overdue_problems_by_unit_and_street(engine, streets_at_work):
    _, p = streets_at_work
    found = alerts.dispatch_alerts(engine, 2018, D, D)
    assert ids(found["waiting"]) == [p["p5"]]
    assert ids(found["overdue"]) == [p["p8"], p["p5"], p["p9"], p["p1"]]  # 泉水 first, then by deadline
    assert found["by_unit"].values.tolist() == [["区住建局", 3], ["区城建局", 1]]
    assert found["by_street"].values.tolist() == [["营城子", 3], ["泉水", 1]]
    assert alerts.waiting_count(engine, "dispatcher", None, 2018, D, D) == 4
    assert alerts.waiting_count(engine, "leader", None, 2018, D, D) == 0


def test_alerts_follow_what_is_done_after_the_day_they_are_counted_on(engine, on_day, streets_at_work):
    """A plan year counted on 6-30 and worked on 7-02: p1's closure request (7-01) takes it off the
    street's overdue list and onto the office's; p6's answer ends its sent-back alert."""
    street, p = streets_at_work
    on_day(date(2018, 7, 1))
    problems.take_step(street, p["p1"], "request_closure", "weekly", "已办结", engine=engine)
    problems.take_step(street, p["p6"], "follow_up", "weekly", "已补充材料", engine=engine)
    today = date(2018, 7, 2)
    found = alerts.street_alerts(engine, 2018, street.street_id, D, today)
    assert (ids(found["overdue"]), ids(found["sent_back"])) == ([p["p9"]], [])
    assert ids(alerts.dispatch_alerts(engine, 2018, D, today)["waiting"]) == [p["p5"], p["p1"]]
    assert alerts.street_alerts(engine, 2018, street.street_id, D, D)["sent_back"].empty is False  # as of 6-30


def test_the_due_window_and_the_stale_line_move_with_the_day(engine, streets_at_work):
    street, p = streets_at_work
    day = date(2018, 7, 1)  # p2 (6-30) is now overdue; p4 (7-08) is due; 营城子甲 (6-01 00:00) is 30 days old
    found = alerts.street_alerts(engine, 2018, street.street_id, day, day)
    assert ids(found["overdue"]) == [p["p9"], p["p1"], p["p2"]]
    assert ids(found["due_soon"]) == [p["p3"], p["p4"]]
    assert list(found["stale"]["name"]) == ["营城子乙", "营城子甲"]


def test_a_problem_put_up_for_closure_is_no_longer_due_for_the_street(engine, on_day, streets_at_work):
    street, p = streets_at_work
    on_day(D)
    problems.take_step(street, p["p3"], "request_closure", "weekly", "已办结", engine=engine)
    found = alerts.street_alerts(engine, 2018, street.street_id, D, D)
    assert ids(found["due_soon"]) == [p["p2"]]  # p3 (due 7-07) waits for the dispatch office now
    assert alerts.waiting_count(engine, "street", street.street_id, 2018, D, D) == 4 + 1


def test_next_year_s_projects_are_not_this_year_s_alerts(engine, on_day, streets_at_work):
    street, p = streets_at_work
    later = add_project(engine, name="营城子丁", year=2019)
    on_day(date(2018, 5, 1))
    problems.raise_problem(DISPATCH, later, "问题丁", "planning", "区住建局", date(2018, 6, 1), engine=engine)
    with write_session(engine) as session:
        session.get(Project, later).updated_at = beijing(date(2018, 1, 5))
    found = alerts.street_alerts(engine, 2018, street.street_id, D, D)
    assert ids(found["overdue"]) == [p["p9"], p["p1"]] and list(found["stale"]["name"]) == ["营城子乙"]
    office = alerts.dispatch_alerts(engine, 2018, D, D)
    assert ids(office["overdue"]) == [p["p8"], p["p5"], p["p9"], p["p1"]]
    assert office["by_street"].values.tolist() == [["营城子", 3], ["泉水", 1]]
    assert alerts.waiting_count(engine, "dispatcher", None, 2018, D, D) == 4


def test_units_and_streets_with_as_many_overdue_problems_come_by_name(engine, on_day, streets_at_work):
    _, p = streets_at_work
    quanshui = add_project(engine, street="泉水", name="泉水戊")
    on_day(date(2018, 5, 1))
    for n in (1, 2):
        problems.raise_problem(DISPATCH, quanshui, f"问题戊{n}", "planning", "区城建局", date(2018, 6, 20),
                               engine=engine)
    found = alerts.dispatch_alerts(engine, 2018, D, D)
    assert found["by_unit"].values.tolist() == [["区住建局", 3], ["区城建局", 3]]  # 住 (U+4F4F) before 城 (U+57CE)
    assert found["by_street"].values.tolist() == [["泉水", 3], ["营城子", 3]]  # 泉 (U+6CC9) before 营 (U+8425)
