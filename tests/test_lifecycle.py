"""The problem lifecycle with 销号 at every boundary, worked out by hand: each step from each status,
what each role may do, what a step must say, deadlines extended only with a reason, and the
status and deadline in force on any past day. A refused step changes nothing."""
from datetime import date

import pytest
import sqlalchemy as sa

from roadshow import meetings, metrics, problems, queries, services
from roadshow.auth import Actor
from roadshow.database import data_version
from roadshow.models import FollowUp, Issue, Street
from roadshow.services import PermissionDenied, Refused
from tests.conftest import add_project

DISPATCH = Actor("dispatch", "dispatcher")
LEADER = Actor("leader", "leader")
ADMIN = Actor("admin", "admin")
RAISED, DEADLINE = date(2018, 4, 2), date(2018, 4, 20)


def street_actor(engine, street="营城子") -> Actor:
    with engine.connect() as db:
        return Actor("yingchengzi", "street", db.execute(sa.select(Street.id).where(Street.name == street)).scalar())


def raise_on(on_day, engine, pid, day=RAISED, deadline=DEADLINE, **kw) -> int:
    on_day(day)
    return problems.raise_problem(DISPATCH, pid, "缺少施工许可", "planning", "区住建局", deadline, engine=engine, **kw)


def step(on_day, engine, day, issue, action, actor=DISPATCH, note="说明", level="weekly", new_deadline=None):
    on_day(day)
    return problems.take_step(actor, issue, action, level, note, new_deadline, engine)


def listed(engine, day):
    """(status, deadline in force, overdue) of the only problem, on `day`."""
    rows = queries.follow_up_list(engine, 2018, day)
    return [(r.status, r.deadline, bool(r.overdue)) for r in rows.itertuples()]


def fingerprint(engine):
    with engine.connect() as db:
        return (db.execute(sa.select(Issue.__table__).order_by(Issue.id)).all(),
                db.execute(sa.select(FollowUp.__table__).order_by(FollowUp.id)).all(), data_version(engine))


def refused(engine, call, key=None, kind=Refused):
    """The call is refused (with this key), and nothing changed."""
    before = fingerprint(engine)
    with pytest.raises(kind) as error:
        call()
    assert fingerprint(engine) == before
    if key:
        assert error.value.key == key
    return error.value


def test_a_closure_request_sent_back_then_closed_by_hand(engine, on_day):
    """Raised 4-02 (deadline 4-20): the street follows up (4-06) and asks for closure (4-10); the office
    sends it back (4-12); asked again (4-18), closed (4-21)."""
    street = street_actor(engine)
    issue = raise_on(on_day, engine, add_project(engine))
    assert step(on_day, engine, date(2018, 4, 6), issue, "follow_up", street) == "in_progress"
    assert step(on_day, engine, date(2018, 4, 10), issue, "request_closure", street, "已取得施工许可") == \
        "closure_requested"
    assert step(on_day, engine, date(2018, 4, 12), issue, "send_back", note="许可证未见原件") == "in_progress"
    step(on_day, engine, date(2018, 4, 18), issue, "request_closure", street, "原件已提交")
    assert step(on_day, engine, date(2018, 4, 21), issue, "close", note="经核查属实") == "resolved"
    expected = {date(2018, 4, 5): "open", date(2018, 4, 6): "in_progress", date(2018, 4, 11): "closure_requested",
                date(2018, 4, 12): "in_progress", date(2018, 4, 18): "closure_requested",
                date(2018, 4, 20): "closure_requested", date(2018, 4, 21): "resolved"}
    for day, status in expected.items():
        assert listed(engine, day) == [(status, DEADLINE, False)], day
    with engine.connect() as db:
        record = db.execute(sa.select(FollowUp.held_on, FollowUp.action, FollowUp.status_after, FollowUp.recorded_by,
                                      FollowUp.note).order_by(FollowUp.id)).all()
        assert db.execute(sa.select(Issue.status, Issue.resolved_on)).one() == ("resolved", date(2018, 4, 21))
    assert [tuple(r) for r in record] == [
        (date(2018, 4, 6), "follow_up", "in_progress", "yingchengzi", "说明"),
        (date(2018, 4, 10), "request_closure", "closure_requested", "yingchengzi", "已取得施工许可"),
        (date(2018, 4, 12), "send_back", "in_progress", "dispatch", "许可证未见原件"),
        (date(2018, 4, 18), "request_closure", "closure_requested", "yingchengzi", "原件已提交"),
        (date(2018, 4, 21), "close", "resolved", "dispatch", "经核查属实")]


def test_a_closure_request_past_the_deadline_is_overdue_until_closed(engine, on_day):
    issue = raise_on(on_day, engine, add_project(engine))
    step(on_day, engine, date(2018, 4, 18), issue, "request_closure", street_actor(engine))
    step(on_day, engine, date(2018, 4, 25), issue, "close")
    assert listed(engine, date(2018, 4, 20)) == [("closure_requested", DEADLINE, False)]  # the deadline day
    assert listed(engine, date(2018, 4, 21)) == [("closure_requested", DEADLINE, True)]  # the day after
    assert listed(engine, date(2018, 4, 24)) == [("closure_requested", DEADLINE, True)]
    assert listed(engine, date(2018, 4, 25)) == [("resolved", DEADLINE, False)]
    assert metrics.problems(engine, 2018, date(2018, 4, 24)).to_dict("records") == [
        {"raised": 1, "open": 1, "overdue": 1, "resolved": 0}]


def test_a_reopened_problem_is_open_again_and_can_be_followed_up(engine, on_day):
    street = street_actor(engine)
    issue = raise_on(on_day, engine, add_project(engine))
    step(on_day, engine, date(2018, 4, 10), issue, "request_closure", street)
    step(on_day, engine, date(2018, 4, 12), issue, "close")
    refused(engine, lambda: step(on_day, engine, date(2018, 4, 30), issue, "reopen", note=" "), "problem.need_reason")
    assert step(on_day, engine, date(2018, 4, 30), issue, "reopen", note="问题反复") == "open"
    assert listed(engine, date(2018, 4, 29)) == [("resolved", DEADLINE, False)]
    assert listed(engine, date(2018, 4, 30)) == [("open", DEADLINE, True)]
    assert step(on_day, engine, date(2018, 5, 2), issue, "follow_up", street) == "in_progress"
    with engine.connect() as db:
        assert db.execute(sa.select(Issue.status, Issue.resolved_on)).one() == ("in_progress", None)


ROUTES = {"open": (), "in_progress": ("follow_up",), "closure_requested": ("request_closure",),
          "resolved": ("request_closure", "close")}
NOT_ALLOWED = [("open", "close", "problem.cannot_close"), ("open", "send_back", "problem.cannot_send_back"),
               ("open", "reopen", "problem.cannot_reopen"),
               ("in_progress", "close", "problem.cannot_close"),
               ("in_progress", "send_back", "problem.cannot_send_back"),
               ("in_progress", "reopen", "problem.cannot_reopen"),
               ("closure_requested", "follow_up", "problem.cannot_follow_up"),
               ("closure_requested", "request_closure", "problem.cannot_request"),
               ("closure_requested", "reopen", "problem.cannot_reopen"),
               ("resolved", "follow_up", "problem.cannot_follow_up"),
               ("resolved", "request_closure", "problem.cannot_request"),
               ("resolved", "close", "problem.cannot_close"), ("resolved", "send_back", "problem.cannot_send_back"),
               ("resolved", "extend", "problem.cannot_extend")]


@pytest.mark.parametrize("status, action, key", NOT_ALLOWED, ids=[f"{s}-{a}" for s, a, _ in NOT_ALLOWED])
def test_a_step_the_status_does_not_allow_is_refused_and_changes_nothing(engine, on_day, status, action, key):
    issue = raise_on(on_day, engine, add_project(engine))
    for taken in ROUTES[status]:
        step(on_day, engine, date(2018, 4, 5), issue, taken)
    refused(engine, lambda: step(on_day, engine, date(2018, 4, 9), issue, action, new_deadline=date(2018, 6, 1)), key)


@pytest.mark.parametrize("status, action", [("open", "follow_up"), ("open", "request_closure"),
                                            ("in_progress", "request_closure"), ("closure_requested", "close"),
                                            ("closure_requested", "send_back"), ("closure_requested", "extend"),
                                            ("resolved", "reopen"), ("open", "extend")])
def test_the_steps_each_status_allows(engine, on_day, status, action):
    issue = raise_on(on_day, engine, add_project(engine))
    for taken in ROUTES[status]:
        step(on_day, engine, date(2018, 4, 5), issue, taken)
    assert action in problems.steps_for(DISPATCH, status)
    after = step(on_day, engine, date(2018, 4, 9), issue, action, new_deadline=date(2018, 6, 1))
    assert after == {"follow_up": "in_progress", "request_closure": "closure_requested", "close": "resolved",
                     "send_back": "in_progress", "reopen": "open", "extend": status}[action]


@pytest.mark.parametrize("action, key", [("follow_up", "problem.need_note"), ("request_closure", "problem.need_done"),
                                         ("extend", "problem.need_reason")])
def test_a_step_must_say_something_of_at_most_1000_characters(engine, on_day, action, key):
    issue = raise_on(on_day, engine, add_project(engine))
    for note in ("", "   ", "长" * 1001):
        error = refused(engine, lambda: step(on_day, engine, date(2018, 4, 9), issue, action, note=note,
                                             new_deadline=date(2018, 6, 1)), key)
        assert error.params == {"limit": 1000}
    step(on_day, engine, date(2018, 4, 9), issue, action, note="长" * 1000, new_deadline=date(2018, 6, 1))


def test_closing_and_sending_back_say_why(engine, on_day):
    issue = raise_on(on_day, engine, add_project(engine))
    step(on_day, engine, date(2018, 4, 5), issue, "request_closure")
    refused(engine, lambda: step(on_day, engine, date(2018, 4, 9), issue, "send_back", note=""), "problem.need_reason")
    refused(engine, lambda: step(on_day, engine, date(2018, 4, 9), issue, "close", note=""), "problem.need_note")


def test_an_extension_to_the_day_itself_is_taken_and_one_to_the_deadline_in_force_is_not(engine, on_day):
    """Overdue since 4-21 (deadline 4-20), extended on 4-25 to 4-25 itself: taken (due today, not overdue).
    Then a deadline still ahead (4-25 in force) moves on 4-25 only to a later day: 4-25 again is refused."""
    issue = raise_on(on_day, engine, add_project(engine))
    day = date(2018, 4, 25)
    assert step(on_day, engine, day, issue, "extend", note="今日办结", new_deadline=day) == "open"
    assert listed(engine, day) == [("open", day, False)]
    error = refused(engine, lambda: step(on_day, engine, day, issue, "extend", note="再延", new_deadline=day),
                    "problem.bad_extension")
    assert error.params == {"deadline": "2018-04-25", "today": "2018-04-25"}
    assert step(on_day, engine, day, issue, "extend", note="再延", new_deadline=date(2018, 4, 26)) == "open"


def test_a_deadline_moves_only_later_with_a_reason_and_past_days_keep_the_old_one(engine, on_day):
    """Deadline 4-20, still open on 4-25 (overdue since 4-21) when it is extended to 5-10."""
    issue = raise_on(on_day, engine, add_project(engine))
    day = date(2018, 4, 25)
    refused(engine, lambda: step(on_day, engine, day, issue, "extend", note="", new_deadline=date(2018, 5, 10)),
            "problem.need_reason")
    for bad in (None, DEADLINE, date(2018, 4, 24)):  # none, not later than the one in force, before today
        error = refused(engine, lambda: step(on_day, engine, day, issue, "extend", note="审批周期长", new_deadline=bad),
                        "problem.bad_extension")
        assert error.params == {"deadline": "2018-04-20", "today": "2018-04-25"}
    assert step(on_day, engine, day, issue, "extend", note="审批周期长", level="monthly",
                new_deadline=date(2018, 5, 10)) == "open"
    assert listed(engine, date(2018, 4, 20)) == [("open", DEADLINE, False)]
    assert listed(engine, date(2018, 4, 21)) == [("open", DEADLINE, True)]
    assert listed(engine, date(2018, 4, 24)) == [("open", DEADLINE, True)]  # as it stood then
    assert listed(engine, date(2018, 4, 25)) == [("open", date(2018, 5, 10), False)]
    assert listed(engine, date(2018, 5, 10)) == [("open", date(2018, 5, 10), False)]
    assert listed(engine, date(2018, 5, 11)) == [("open", date(2018, 5, 10), True)]

    def attention(on):
        return [(r.kind, r.since) for r in metrics.needs_attention(engine, 2018, on).itertuples()]
    assert attention(date(2018, 4, 24)) == [("overdue_problem", DEADLINE)]
    assert attention(date(2018, 4, 25)) == []
    assert attention(date(2018, 5, 11)) == [("overdue_problem", date(2018, 5, 10))]
    assert [r["overdue"] for r in metrics.problems(engine, 2018, date(2018, 4, 24)).to_dict("records")] == [1]
    assert [r["overdue"] for r in metrics.problems(engine, 2018, date(2018, 4, 25)).to_dict("records")] == [0]
    # a second extension must pass the first one's deadline
    refused(engine, lambda: step(on_day, engine, date(2018, 5, 2), issue, "extend", note="再延期",
                                 new_deadline=date(2018, 5, 9)), "problem.bad_extension")
    step(on_day, engine, date(2018, 5, 2), issue, "extend", note="再延期", new_deadline=date(2018, 5, 31))
    assert listed(engine, date(2018, 5, 1)) == [("open", date(2018, 5, 10), False)]
    assert listed(engine, date(2018, 5, 2)) == [("open", date(2018, 5, 31), False)]
    with engine.connect() as db:
        steps = db.execute(sa.select(FollowUp.held_on, FollowUp.action, FollowUp.level, FollowUp.new_deadline)
                           .order_by(FollowUp.id)).all()
        assert db.execute(sa.select(Issue.deadline)).scalar() == DEADLINE  # as raised: the record moves it
    assert [tuple(s) for s in steps] == [(day, "extend", "monthly", date(2018, 5, 10)),
                                         (date(2018, 5, 2), "extend", "weekly", date(2018, 5, 31))]


def test_a_street_official_follows_up_and_asks_for_closure_on_its_own_street_only(engine, on_day):
    street = street_actor(engine)
    own = raise_on(on_day, engine, add_project(engine, street="营城子"))
    other = raise_on(on_day, engine, add_project(engine, street="泉水"))
    assert problems.steps_for(street, "open") == ["follow_up", "request_closure"]
    assert problems.steps_for(street, "closure_requested") == [] and problems.steps_for(street, "resolved") == []
    for action in ("follow_up", "request_closure"):
        refused(engine, lambda: step(on_day, engine, date(2018, 4, 5), other, action, street), "service.denied",
                PermissionDenied)
    step(on_day, engine, date(2018, 4, 5), own, "request_closure", street)
    for action in ("close", "send_back", "extend"):  # the dispatch office's, even on its own street
        refused(engine, lambda: step(on_day, engine, date(2018, 4, 6), own, action, street,
                                     new_deadline=date(2018, 6, 1)), "service.denied", PermissionDenied)
    step(on_day, engine, date(2018, 4, 6), own, "close")
    refused(engine, lambda: step(on_day, engine, date(2018, 4, 7), own, "reopen", street), "service.denied",
            PermissionDenied)


@pytest.mark.parametrize("actor", [LEADER, ADMIN], ids=["leader", "admin"])
def test_leaders_and_the_admin_change_nothing(engine, on_day, actor):
    issue = raise_on(on_day, engine, add_project(engine))
    assert problems.steps_for(actor, "open") == []
    for action in problems.STEPS:
        refused(engine, lambda: step(on_day, engine, date(2018, 4, 5), issue, action, actor,
                                     new_deadline=date(2018, 6, 1)), "service.denied", PermissionDenied)
    refused(engine, lambda: problems.raise_problem(actor, 1, "用地", "land", "区自然资源局", date(2018, 6, 1),
                                                   engine=engine), "service.denied", PermissionDenied)


def test_unknown_steps_levels_and_problems_are_refused(engine, on_day):
    issue = raise_on(on_day, engine, add_project(engine))
    refused(engine, lambda: step(on_day, engine, date(2018, 4, 5), issue, "resolve"), "problem.bad_step")
    refused(engine, lambda: step(on_day, engine, date(2018, 4, 5), issue, "follow_up", level="daily"),
            "problem.bad_level")
    refused(engine, lambda: step(on_day, engine, date(2018, 4, 5), 999, "follow_up"), "service.no_issue")


def test_a_problem_raised_at_a_meeting_is_dated_that_day_with_the_projects_leader(engine, on_day):
    pid = add_project(engine)
    services.update_project(DISPATCH, pid, 1, {"leader": "王建国"}, engine=engine)
    meeting = meetings.create_meeting(DISPATCH, 2018, date(2018, 3, 28), "一季度路演", engine=engine)
    first = raise_on(on_day, engine, pid, day=date(2018, 3, 30), deadline=date(2018, 3, 28), meeting_id=meeting)
    second = raise_on(on_day, engine, pid, day=date(2018, 3, 30), deadline=date(2018, 5, 1), meeting_id=meeting,
                      leader=" 李明 ", measures=" 并联审批 ")
    with engine.connect() as db:
        rows = db.execute(sa.select(Issue.id, Issue.meeting_id, Issue.raised_on, Issue.raised_by, Issue.leader,
                                    Issue.measures, Issue.problem_type, Issue.status).order_by(Issue.id)).all()
    assert [tuple(r) for r in rows] == [
        (first, meeting, date(2018, 3, 28), "dispatch", "王建国", None, "planning", "open"),
        (second, meeting, date(2018, 3, 28), "dispatch", "李明", "并联审批", "planning", "open")]


def test_a_problem_without_what_it_needs_is_refused(engine, on_day):
    pid = add_project(engine)
    on_day(RAISED)

    def attempt(description="用地未落实", problem_type="land", owner="区自然资源局", deadline=DEADLINE, **kw):
        return lambda: problems.raise_problem(DISPATCH, pid, description, problem_type, owner, deadline,
                                              engine=engine, **kw)
    refused(engine, attempt(description=" "), "problem.bad_description")
    refused(engine, attempt(description="长" * 1001), "problem.bad_description")
    refused(engine, attempt(owner=""), "problem.bad_owner_unit")
    refused(engine, attempt(owner="长" * 101), "problem.bad_owner_unit")
    refused(engine, attempt(leader="长" * 61), "problem.bad_leader")
    refused(engine, attempt(measures="长" * 1001), "problem.bad_measures")
    refused(engine, attempt(problem_type="weather"), "problem.bad_type")
    refused(engine, attempt(deadline=None), "problem.bad_first_deadline")
    error = refused(engine, attempt(deadline=date(2018, 4, 1)), "problem.bad_first_deadline")
    assert error.params == {"day": "2018-04-02"}
    refused(engine, lambda: problems.raise_problem(DISPATCH, 999, "用地", "land", "局", DEADLINE, engine=engine),
            "service.no_project")
    refused(engine, attempt(meeting_id=999), "meeting.missing")
    attempt(deadline=RAISED, description="长" * 1000, owner="长" * 100)()  # the raising day itself is a deadline


def test_a_closed_or_future_meeting_or_another_years_project_takes_no_problem(engine, on_day):
    this_year, next_year = add_project(engine), add_project(engine, year=2019)
    on_day(date(2018, 6, 27))
    held = meetings.create_meeting(DISPATCH, 2018, date(2018, 6, 27), "二季度路演", engine=engine)
    ahead = meetings.create_meeting(DISPATCH, 2018, date(2018, 9, 27), "三季度路演", engine=engine)

    def attempt(meeting, pid=this_year):
        return lambda: problems.raise_problem(DISPATCH, pid, "用地", "land", "局", date(2018, 9, 30), meeting,
                                              engine=engine)
    assert refused(engine, attempt(ahead), "meeting.not_held").params == {"day": "2018-09-27"}
    assert refused(engine, attempt(held, next_year), "problem.other_year").params == {"year": 2018}
    attempt(held)()
    meetings.close_meeting(DISPATCH, held, engine)
    refused(engine, attempt(held), "meeting.closed")
