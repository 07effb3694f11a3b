"""Problems (问题) and their follow-ups: status and overdue as of a date, worked out by hand."""
from datetime import date

import pytest
import sqlalchemy as sa

from roadshow import metrics, problems, queries, services
from roadshow.auth import Actor
from roadshow.database import write_session
from roadshow.models import FollowUp, Issue
from tests.conftest import add_project

DISPATCH = Actor("dispatch", "dispatcher")


def raise_on(on_day, engine, day, pid, deadline, description="缺少施工许可"):
    on_day(day)
    return problems.raise_problem(DISPATCH, pid, description, "planning", "区住建局", deadline, engine=engine)


def step_on(on_day, engine, day, issue, action, level="weekly", note="调度跟踪", actor=DISPATCH, new_deadline=None):
    on_day(day)
    return problems.take_step(actor, issue, action, level, note, new_deadline, engine)


def listed(engine, day, **kw):
    """(id, status, overdue) of the follow-up list on `day`."""
    rows = queries.follow_up_list(engine, 2018, day, **kw)
    return [(r.id, r.status, bool(r.overdue)) for r in rows.itertuples()]


def counts(engine, day, **kw):
    return metrics.problems(engine, 2018, day, **kw).to_dict("records")


def attention(engine, day):
    return [(r.kind, r.since, r.detail) for r in metrics.needs_attention(engine, 2018, day).itertuples()]


@pytest.fixture
def reopened(engine, on_day):
    """A problem raised on 4-02 (deadline 4-20): followed up (4-05, in progress), put up for closure
    (4-09), closed (4-16), reopened (4-23, open again)."""
    pid = add_project(engine)
    issue = raise_on(on_day, engine, date(2018, 4, 2), pid, date(2018, 4, 20))
    for day, action in ((date(2018, 4, 5), "follow_up"), (date(2018, 4, 9), "request_closure"),
                        (date(2018, 4, 16), "close"), (date(2018, 4, 23), "reopen")):
        step_on(on_day, engine, day, issue, action)
    return issue


def test_a_problems_status_on_a_past_date_comes_from_its_follow_ups(engine, reopened):
    i = reopened
    assert listed(engine, date(2018, 4, 1)) == []
    assert listed(engine, date(2018, 4, 2)) == [(i, "open", False)]
    assert listed(engine, date(2018, 4, 4)) == [(i, "open", False)]
    assert listed(engine, date(2018, 4, 5)) == [(i, "in_progress", False)]
    assert listed(engine, date(2018, 4, 9)) == [(i, "closure_requested", False)]
    assert listed(engine, date(2018, 4, 15)) == [(i, "closure_requested", False)]
    assert listed(engine, date(2018, 4, 16)) == [(i, "resolved", False)]
    assert listed(engine, date(2018, 4, 22)) == [(i, "resolved", False)]  # past its deadline, but closed
    assert listed(engine, date(2018, 4, 23)) == [(i, "open", True)]  # reopened: open, and overdue again


def test_problem_counts_follow_the_status_on_each_day(engine, reopened):
    assert counts(engine, date(2018, 4, 1)) == [{"raised": 0, "open": 0, "overdue": 0, "resolved": 0}]
    assert counts(engine, date(2018, 4, 15)) == [{"raised": 1, "open": 1, "overdue": 0, "resolved": 0}]
    assert counts(engine, date(2018, 4, 16)) == [{"raised": 1, "open": 0, "overdue": 0, "resolved": 1}]
    assert counts(engine, date(2018, 4, 22)) == [{"raised": 1, "open": 0, "overdue": 0, "resolved": 1}]
    assert counts(engine, date(2018, 4, 23)) == [{"raised": 1, "open": 1, "overdue": 1, "resolved": 0}]
    assert attention(engine, date(2018, 4, 22)) == []
    assert attention(engine, date(2018, 4, 23)) == [("overdue_problem", date(2018, 4, 20), "缺少施工许可")]


def test_resolved_on_is_set_when_closed_and_cleared_when_reopened(engine, reopened):
    def current():
        with engine.connect() as db:
            return tuple(db.execute(sa.select(Issue.status, Issue.resolved_on).where(Issue.id == reopened)).one())
    assert current() == ("open", None)
    with engine.connect() as db:
        steps = db.execute(sa.select(FollowUp.held_on, FollowUp.action, FollowUp.status_after, FollowUp.recorded_by)
                           .order_by(FollowUp.id)).all()
    assert [tuple(s) for s in steps] == [(date(2018, 4, 5), "follow_up", "in_progress", "dispatch"),
                                         (date(2018, 4, 9), "request_closure", "closure_requested", "dispatch"),
                                         (date(2018, 4, 16), "close", "resolved", "dispatch"),
                                         (date(2018, 4, 23), "reopen", "open", "dispatch")]


def test_closing_sets_resolved_on_to_that_day(engine, on_day):
    issue = raise_on(on_day, engine, date(2018, 4, 2), add_project(engine), date(2018, 4, 20))
    step_on(on_day, engine, date(2018, 4, 9), issue, "request_closure")
    step_on(on_day, engine, date(2018, 4, 16), issue, "close", level="monthly")
    with engine.connect() as db:
        row = db.execute(sa.select(Issue.status, Issue.resolved_on).where(Issue.id == issue)).one()
    assert tuple(row) == ("resolved", date(2018, 4, 16))


def test_two_steps_on_one_day_the_later_record_wins(engine, on_day):
    issue = raise_on(on_day, engine, date(2018, 4, 2), add_project(engine), date(2018, 4, 20))
    step_on(on_day, engine, date(2018, 4, 9), issue, "request_closure")
    step_on(on_day, engine, date(2018, 4, 9), issue, "send_back", level="monthly")
    assert listed(engine, date(2018, 4, 9)) == [(issue, "in_progress", False)]
    step_on(on_day, engine, date(2018, 4, 10), issue, "request_closure")
    step_on(on_day, engine, date(2018, 4, 10), issue, "close", level="monthly")
    assert listed(engine, date(2018, 4, 10)) == [(issue, "resolved", False)]


def undated_problem(engine, pid) -> int:
    """A problem kept from before every problem needed a deadline (the services refuse one now)."""
    with write_session(engine) as session:
        issue = Issue(project_id=pid, description="无期限问题", owner_unit="区住建局", raised_on=date(2018, 4, 2))
        session.add(issue)
        session.flush()
        return issue.id


def test_overdue_starts_the_day_after_the_deadline(engine, on_day):
    undated = undated_problem(engine, add_project(engine))
    issue = raise_on(on_day, engine, date(2018, 4, 2), add_project(engine), date(2018, 5, 10), "资金不足")
    assert listed(engine, date(2018, 5, 10)) == [(issue, "open", False), (undated, "open", False)]
    assert listed(engine, date(2018, 5, 11)) == [(issue, "open", True), (undated, "open", False)]
    assert counts(engine, date(2018, 5, 10)) == [{"raised": 2, "open": 2, "overdue": 0, "resolved": 0}]
    assert counts(engine, date(2018, 5, 11)) == [{"raised": 2, "open": 2, "overdue": 1, "resolved": 0}]
    assert attention(engine, date(2018, 5, 10)) == []
    assert attention(engine, date(2018, 5, 11)) == [("overdue_problem", date(2018, 5, 10), "资金不足")]


def test_the_follow_up_list_runs_in_street_order_then_by_deadline(engine, on_day):
    own = add_project(engine, street="营城子")
    other = add_project(engine, street="泉水")  # 泉水 comes before 营城子 in the district's order
    later = raise_on(on_day, engine, date(2018, 4, 2), own, date(2018, 6, 1))
    sooner = raise_on(on_day, engine, date(2018, 4, 2), own, date(2018, 5, 1))
    quanshui = raise_on(on_day, engine, date(2018, 4, 2), other, date(2018, 7, 1))
    newer = raise_on(on_day, engine, date(2018, 4, 3), other, date(2018, 4, 30))
    D = date(2018, 4, 2)
    assert [r[0] for r in listed(engine, D)] == [quanshui, sooner, later]
    assert [r[0] for r in listed(engine, date(2018, 4, 3))] == [newer, quanshui, sooner, later]
    assert [r[0] for r in listed(engine, D, filters=metrics.Filters(streets=("营城子",)))] == [sooner, later]
    # 回头看 of the problems raised before the next meeting, with their status on a later day
    assert [r[0] for r in listed(engine, date(2018, 4, 1), raised_before=D)] == [quanshui, sooner, later]
    by_street = sorted(counts(engine, D, by_street=True), key=lambda r: r["street"])
    assert by_street == [{"raised": 1, "open": 1, "overdue": 0, "resolved": 0, "street": "泉水"},
                         {"raised": 2, "open": 2, "overdue": 0, "resolved": 0, "street": "营城子"}]


def test_needs_attention_lists_overdue_suspended_and_late_projects_as_of_the_day(engine, on_day):
    late = add_project(engine, stage="new", name="迟开工项目")
    started = add_project(engine, stage="new", name="按时开工项目")
    stopped = add_project(engine, start=date(2018, 3, 1), name="停工项目")
    services.update_project(DISPATCH, late, 1, {"planned_start_date": date(2018, 5, 1)}, engine=engine)
    services.update_project(DISPATCH, started, 1, {"planned_start_date": date(2018, 5, 1),
                                                   "start_date": date(2018, 5, 2)}, engine=engine)
    services.update_project(DISPATCH, stopped, 1, {"suspended": True, "suspended_on": date(2018, 5, 3),
                                                   "suspension_reason": "资金不到位"}, engine=engine)
    raise_on(on_day, engine, date(2018, 4, 2), stopped, date(2018, 5, 2), "用地未落实")

    def rows(day):
        return [(r.kind, r.name, r.since) for r in metrics.needs_attention(engine, 2018, day).itertuples()]
    assert rows(date(2018, 5, 1)) == []
    assert rows(date(2018, 5, 2)) == [("late_start", "迟开工项目", date(2018, 5, 1))]
    assert rows(date(2018, 5, 3)) == [("overdue_problem", "停工项目", date(2018, 5, 2)),
                                      ("suspended", "停工项目", date(2018, 5, 3)),
                                      ("late_start", "迟开工项目", date(2018, 5, 1))]
    only_other = metrics.needs_attention(engine, 2018, date(2018, 5, 3), metrics.Filters(streets=("泉水",)))
    assert only_other.empty


