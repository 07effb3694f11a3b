"""周/月/季调度 closures at the edges, worked out by hand (2018-04-02 is a Monday, 04-08 a Sunday).

  T1, T2  营城子  raised 04-02  deadline 04-30  both closed 04-08 (the week's last day), 6 days, on time
  R       营城子  raised 04-02  deadline 04-30  closed 04-04 (2 days, on time); on 04-05 reopened and closed
                                                again the same day: closed on 04-04 and on 04-05, no new closure
  N       泉水, a project of plan year 2019   raised 04-03, open: not in 2018's figures

Week 04-02..04-08: raised 3, closed 3 (2, 6, 6 days: median 6; on time 3 of 3), open 0, overdue 0.
"""
from datetime import date

import pandas as pd
import pytest

from roadshow import dispatch, problems
from tests.conftest import DISPATCH, add_project, close_problem, raise_problem

WEEK = date(2018, 4, 2)


@pytest.fixture
def edges(engine, on_day):
    p = add_project(engine, street="营城子", annual=0)
    later = add_project(engine, street="泉水", annual=0, year=2019)
    on_day(WEEK)
    twins = [raise_problem(engine, p, date(2018, 4, 30), d) for d in ("规划许可未取得", "施工用电未接入")]
    again = raise_problem(engine, p, date(2018, 4, 30), "地块内管线需迁改")
    on_day(date(2018, 4, 3))
    raise_problem(engine, later, date(2018, 4, 30), "市政道路未贯通")
    on_day(date(2018, 4, 4))
    close_problem(engine, again)
    on_day(date(2018, 4, 5))
    problems.take_step(DISPATCH, again, "reopen", "weekly", "复查未通过", engine=engine)
    close_problem(engine, again, "复查后销号")
    on_day(date(2018, 4, 8))
    for issue in twins:
        close_problem(engine, issue)


def week(engine, as_of):
    """(raised, closed, open, overdue, median days, closed on time, closed with a deadline) of WEEK."""
    figures = dispatch.dispatch_figures(engine, 2018, as_of, "weekly")
    r = figures[figures["start"] == WEEK].iloc[0]
    return (r.raised, r.closed, r.backlog, r.overdue, r.median_days, r.closed_on_time, r.closed_with_deadline)


def test_closures_on_the_week_s_last_day_count_and_a_same_day_reclosing_is_no_new_closure(engine, edges):
    assert week(engine, date(2018, 4, 29)) == (3, 3, 0, 0, 6.0, 3, 3)


def test_closures_on_the_as_of_day_itself_count(engine, edges):
    assert week(engine, date(2018, 4, 8)) == (3, 3, 0, 0, 6.0, 3, 3)
    assert week(engine, date(2018, 4, 7)) == (3, 1, 2, 0, 2.0, 1, 1)


def test_a_period_starts_on_the_first_day_of_its_week_month_or_quarter():
    assert dispatch.period_start("weekly", date(2018, 4, 8)) == date(2018, 4, 2)
    assert dispatch.period_start("monthly", date(2018, 4, 30)) == date(2018, 4, 1)
    assert [dispatch.period_start("quarterly", date(2018, m, 15)) for m in (1, 3, 4, 6, 12)] == [
        date(2018, 1, 1), date(2018, 1, 1), date(2018, 4, 1), date(2018, 4, 1), date(2018, 10, 1)]


def group(name, raised, closed, on_time, with_deadline, backlog, overdue, close_days, start=WEEK):
    """A row of dispatch_figures by group, written by hand."""
    return {"start": start, "end": date(2018, 4, 8), "group": name, "raised": raised, "closed": closed,
            "closed_on_time": on_time, "closed_with_deadline": with_deadline, "backlog": backlog,
            "overdue": overdue, "close_days": close_days, "median_days": None, "on_time_rate": None}


def test_the_groups_a_chart_leaves_out_are_summed_figure_by_figure():
    figures = pd.DataFrame([group("区住建局", 5, 0, 0, 0, 6, 4, {}),
                            group("区城建局", 2, 1, 1, 1, 3, 2, {4: 1}),
                            group("区自然资源局", 1, 2, 0, 2, 1, 1, {4: 1, 9: 1})])
    others = dispatch.rollup(figures, ["区住建局"]).iloc[1]
    # 区城建局 and 区自然资源局: closures of 4, 4 and 9 days, one of three with a deadline on time
    assert (others["group"], others["groups"], others["raised"], others["closed"], others["closed_on_time"],
            others["closed_with_deadline"], others["backlog"], others["overdue"], others["median_days"]) == (
        dispatch.OTHERS, 2, 3, 3, 1, 3, 4, 3, 4.0)
    assert others["on_time_rate"] == pytest.approx(1 / 3)


def test_the_groups_holding_problems_up_most_come_first():
    figures = pd.DataFrame([group("区水务局", 0, 0, 0, 0, 5, 1, {}), group("区城建局", 0, 3, 0, 0, 5, 1, {}),
                            group("区交通局", 0, 0, 0, 0, 2, 2, {}), group("区住建局", 0, 3, 0, 0, 5, 1, {}),
                            group("区农业局", 0, 0, 0, 0, 9, 9, {}, start=date(2018, 3, 26))])
    # most overdue first (交通 2 over 水务's larger backlog), then fewer closures, then by name (住 before 城)
    assert dispatch.worst_groups(figures, WEEK, 5) == ["区交通局", "区水务局", "区住建局", "区城建局"]
    assert dispatch.worst_groups(figures, WEEK, 2) == ["区交通局", "区水务局"]
