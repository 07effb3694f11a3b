"""Problems (问题) and their follow-ups: status and overdue as of a date, worked out by hand."""
from datetime import date

import pytest
import sqlalchemy as sa

from roadshow import metrics, queries, services
from roadshow.auth import Actor
from roadshow.models import FollowUp, Issue
from roadshow.services import Refused
from tests.conftest import add_project

DISPATCH = Actor("dispatch", "dispatcher")


def raise_on(on_day, engine, day, pid, deadline, description="缺少施工许可"):
    on_day(day)
    return services.raise_issue(DISPATCH, pid, description, "区住建局", deadline, engine=engine)


def follow_up_on(on_day, engine, day, issue, status, level="weekly"):
    on_day(day)
    services.add_follow_up(DISPATCH, issue, level, "调度跟踪", status, engine)


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
    """A problem raised on 4-02 (deadline 4-20) whose follow-ups go open (4-05) → in progress (4-09)
    → resolved (4-16) → reopened, in progress (4-23)."""
    pid = add_project(engine)
    issue = raise_on(on_day, engine, date(2018, 4, 2), pid, date(2018, 4, 20))
    for day, status in ((date(2018, 4, 5), "open"), (date(2018, 4, 9), "in_progress"),
                        (date(2018, 4, 16), "resolved"), (date(2018, 4, 23), "in_progress")):
        follow_up_on(on_day, engine, day, issue, status)
    return issue


def test_a_problems_status_on_a_past_date_comes_from_its_follow_ups(engine, reopened):
    i = reopened
    assert listed(engine, date(2018, 4, 1)) == []
    assert listed(engine, date(2018, 4, 2)) == [(i, "open", False)]
    assert listed(engine, date(2018, 4, 8)) == [(i, "open", False)]
    assert listed(engine, date(2018, 4, 9)) == [(i, "in_progress", False)]
    assert listed(engine, date(2018, 4, 15)) == [(i, "in_progress", False)]
    assert listed(engine, date(2018, 4, 16)) == [(i, "resolved", False)]
    assert listed(engine, date(2018, 4, 22)) == [(i, "resolved", False)]  # past its deadline, but closed
    assert listed(engine, date(2018, 4, 23)) == [(i, "in_progress", True)]


def test_problem_counts_follow_the_status_on_each_day(engine, reopened):
    assert counts(engine, date(2018, 4, 1)) == [{"raised": 0, "open": 0, "overdue": 0, "resolved": 0}]
    assert counts(engine, date(2018, 4, 15)) == [{"raised": 1, "open": 1, "overdue": 0, "resolved": 0}]
    assert counts(engine, date(2018, 4, 16)) == [{"raised": 1, "open": 0, "overdue": 0, "resolved": 1}]
    assert counts(engine, date(2018, 4, 22)) == [{"raised": 1, "open": 0, "overdue": 0, "resolved": 1}]
    assert counts(engine, date(2018, 4, 23)) == [{"raised": 1, "open": 1, "overdue": 1, "resolved": 0}]
    assert attention(engine, date(2018, 4, 22)) == []
    assert attention(engine, date(2018, 4, 23)) == [("overdue_problem", date(2018, 4, 20), "缺少施工许可")]


def test_resolved_on_is_set_when_resolved_and_cleared_when_reopened(engine, reopened):
    def current():
        with engine.connect() as db:
            return tuple(db.execute(sa.select(Issue.status, Issue.resolved_on).where(Issue.id == reopened)).one())
    assert current() == ("in_progress", None)
    with engine.connect() as db:
        steps = db.execute(sa.select(FollowUp.held_on, FollowUp.status_after, FollowUp.recorded_by)
                           .order_by(FollowUp.id)).all()
    assert [tuple(s) for s in steps] == [(date(2018, 4, 5), "open", "dispatch"),
                                         (date(2018, 4, 9), "in_progress", "dispatch"),
                                         (date(2018, 4, 16), "resolved", "dispatch"),
                                         (date(2018, 4, 23), "in_progress", "dispatch")]


def test_resolving_sets_resolved_on_to_that_day(engine, on_day):
    issue = raise_on(on_day, engine, date(2018, 4, 2), add_project(engine), date(2018, 4, 20))
    follow_up_on(on_day, engine, date(2018, 4, 16), issue, "resolved", level="monthly")
    with engine.connect() as db:
        row = db.execute(sa.select(Issue.status, Issue.resolved_on).where(Issue.id == issue)).one()
    assert tuple(row) == ("resolved", date(2018, 4, 16))


def test_two_follow_ups_on_one_day_the_later_record_wins(engine, on_day):
    issue = raise_on(on_day, engine, date(2018, 4, 2), add_project(engine), date(2018, 4, 20))
    follow_up_on(on_day, engine, date(2018, 4, 9), issue, "resolved")
    follow_up_on(on_day, engine, date(2018, 4, 9), issue, "in_progress", level="monthly")
    assert listed(engine, date(2018, 4, 9)) == [(issue, "in_progress", False)]
    follow_up_on(on_day, engine, date(2018, 4, 10), issue, "in_progress")
    follow_up_on(on_day, engine, date(2018, 4, 10), issue, "resolved", level="monthly")
    assert listed(engine, date(2018, 4, 10)) == [(issue, "resolved", False)]


def test_overdue_starts_the_day_after_the_deadline(engine, on_day):
    undated = raise_on(on_day, engine, date(2018, 4, 2), add_project(engine), None, "无期限问题")
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


@pytest.mark.parametrize("level, status, note", [("daily", "open", "跟踪"), ("weekly", "closed", "跟踪"),
                                                 ("weekly", "open", "  ")])
def test_a_follow_up_without_a_level_a_status_or_a_note_is_refused(engine, on_day, level, status, note):
    issue = raise_on(on_day, engine, date(2018, 4, 2), add_project(engine), date(2018, 4, 20))
    with pytest.raises(Refused) as refused:
        services.add_follow_up(DISPATCH, issue, level, note, status, engine)
    assert refused.value.key == "service.bad_follow_up"
    with engine.connect() as db:
        assert db.execute(sa.select(sa.func.count(FollowUp.id))).scalar() == 0
        assert db.execute(sa.select(Issue.status).where(Issue.id == issue)).scalar() == "open"


def test_a_follow_up_on_a_missing_problem_is_refused(engine):
    with pytest.raises(Refused) as refused:
        services.add_follow_up(DISPATCH, 999, "weekly", "跟踪", "open", engine)
    assert refused.value.key == "service.no_issue"
