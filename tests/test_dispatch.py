"""周/月/季调度 figures and the weekly digest on a small hand-made set, worked out by hand.

Weeks run Monday to Sunday; 2018-04-02 is a Monday. The five problems (P1 in 营城子, P2 in 泉水):

  I1 营城子 区住建局  raised 04-02 (Mon) deadline 04-13  closed 04-13 (on its deadline day: on time), 11 days
  I2 营城子 区城建局  raised 04-04       deadline 04-10  in progress 04-06, closed 04-16 (late), 12 days
  I3 泉水   区住建局  raised 04-08 (Sun) no deadline     closed 04-09 (Mon), 1 day, not in the on-time rate
  I4 泉水   区城建局  raised 04-09 (Mon) deadline 04-20  closed 04-11 (2 days, on time), reopened 04-18,
                                                          closed again 04-25 (16 days, late), a closing note 04-26
  I5 营城子 区住建局  raised 03-31 (Sat, the last day of March and of Q1) deadline 05-31, never moves

Per week (raised in it; closures in it; on its last day: open, overdue; median days; on-time rate):
  03-26..04-01  raised 1 (I5)            closed 0                  open 1  overdue 0
  04-02..04-08  raised 3 (I1, I2, I3)    closed 0                  open 4  overdue 0
  04-09..04-15  raised 1 (I4)            closed 3 (I3 1d, I4 2d, I1 11d: median 2; on time 2 of 2)
                                                                   open 2 (I2, I5)  overdue 1 (I2)
  04-16..04-22  raised 0                 closed 1 (I2 12d, late: 0 of 1)   open 2 (I4, I5)  overdue 1 (I4)
  04-23..04-29  raised 0                 closed 1 (I4 16d, late; the note of 04-26 is no closure)
                                                                   open 1 (I5)  overdue 0
"""
from datetime import date

import pytest
import sqlalchemy as sa

from roadshow import dispatch, dispatch_charts, problems
from roadshow.auth import Actor
from roadshow.digest import digest_lines, digest_sheets, digest_text, weekly_digest
from roadshow.i18n import label
from roadshow.metrics import Filters
from tests.conftest import add_project, raise_problem, without_deadline

DISPATCH = Actor("dispatch", "dispatcher")
RESOLVED, IN_PROGRESS = "resolved", "in_progress"


@pytest.fixture
def cycle(engine, on_day):
    """The five problems above: {name: id}."""
    p1 = add_project(engine, street="营城子", name="营城子物流园项目", annual=0)  # no investment light
    p2 = add_project(engine, street="泉水", name="滨海养老院项目", annual=0)

    def raise_on(day, project, unit, deadline, description):
        on_day(day)
        if deadline is None:  # a problem from before deadlines were required (an old ledger's)
            return without_deadline(engine, raise_problem(engine, project, day, description, unit))
        return raise_problem(engine, project, deadline, description, unit)

    def step(day, issue, status, level="weekly"):
        """Through the lifecycle: closing is a request, then 销号; back in progress is reopening it."""
        on_day(day)
        if status == RESOLVED:
            problems.take_step(DISPATCH, issue, "request_closure", level, "已办结", engine=engine)
            problems.take_step(DISPATCH, issue, "close", level, "调度跟踪", engine=engine)
            return
        with engine.connect() as db:
            if db.execute(sa.text("SELECT status FROM issue WHERE id = :i"), {"i": issue}).scalar() == RESOLVED:
                problems.take_step(DISPATCH, issue, "reopen", level, "复查未通过", engine=engine)
        problems.take_step(DISPATCH, issue, "follow_up", level, "调度跟踪", engine=engine)

    ids = {"I5": raise_on(date(2018, 3, 31), p1, "区住建局", date(2018, 5, 31), "施工许可手续未办结"),
           "I1": raise_on(date(2018, 4, 2), p1, "区住建局", date(2018, 4, 13), "规划许可未取得"),
           "I2": raise_on(date(2018, 4, 4), p1, "区城建局", date(2018, 4, 10), "施工用电未接入"),
           "I3": raise_on(date(2018, 4, 8), p2, "区住建局", None, "地块内管线需迁改"),
           "I4": raise_on(date(2018, 4, 9), p2, "区城建局", date(2018, 4, 20), "市政道路未贯通")}
    step(date(2018, 4, 6), ids["I2"], IN_PROGRESS)
    step(date(2018, 4, 9), ids["I3"], RESOLVED)
    step(date(2018, 4, 11), ids["I4"], RESOLVED)
    step(date(2018, 4, 13), ids["I1"], RESOLVED, "monthly")
    step(date(2018, 4, 16), ids["I2"], RESOLVED)
    step(date(2018, 4, 18), ids["I4"], IN_PROGRESS)
    step(date(2018, 4, 25), ids["I4"], RESOLVED)
    return ids


def rows(engine, as_of, level, by=None, filters=Filters()):
    """{(period start, group): (raised, closed, open, overdue, median days, on time, closed with a deadline)}."""
    return as_rows(dispatch.dispatch_figures(engine, 2018, as_of, level, by, filters))


def as_rows(figures):
    return {(r.start, r.group): (r.raised, r.closed, r.backlog, r.overdue,
                                 None if r.median_days != r.median_days else r.median_days,
                                 r.closed_on_time, r.closed_with_deadline)
            for r in figures.itertuples()}


def test_weeks_run_monday_to_sunday_and_the_last_stops_at_the_day():
    weeks = dispatch.periods("weekly", 2018, date(2018, 4, 29))
    assert len(weeks) == 13 and weeks[0] == (date(2018, 1, 29), date(2018, 2, 4))
    assert weeks[-2:] == [(date(2018, 4, 16), date(2018, 4, 22)), (date(2018, 4, 23), date(2018, 4, 29))]
    assert dispatch.periods("weekly", 2018, date(2018, 4, 30))[-1] == (date(2018, 4, 30), date(2018, 4, 30))
    assert dispatch.periods("weekly", 2018, date(2018, 1, 3)) == [(date(2018, 1, 1), date(2018, 1, 3))]
    # 2019 starts on a Tuesday: its first week is cut at 1 January; its last at 31 December
    assert dispatch.periods("weekly", 2019, date(2019, 1, 6)) == [(date(2019, 1, 1), date(2019, 1, 6))]
    assert dispatch.periods("weekly", 2019, date(2020, 3, 1))[-1] == (date(2019, 12, 30), date(2019, 12, 31))
    assert dispatch.periods("monthly", 2018, date(2018, 3, 1)) == [
        (date(2018, 1, 1), date(2018, 1, 31)), (date(2018, 2, 1), date(2018, 2, 28)),
        (date(2018, 3, 1), date(2018, 3, 1))]
    assert dispatch.periods("quarterly", 2018, date(2018, 7, 1)) == [
        (date(2018, 1, 1), date(2018, 3, 31)), (date(2018, 4, 1), date(2018, 6, 30)),
        (date(2018, 7, 1), date(2018, 7, 1))]
    assert dispatch.periods("quarterly", 2018, date(2017, 12, 31)) == []
    with pytest.raises(ValueError):
        dispatch.periods("daily", 2018, date(2018, 4, 1))


def test_weekly_figures(engine, cycle):
    weeks = rows(engine, date(2018, 4, 29), "weekly")
    assert len(weeks) == 13
    assert weeks[(date(2018, 3, 19), "")] == (0, 0, 0, 0, None, 0, 0)
    assert weeks[(date(2018, 3, 26), "")] == (1, 0, 1, 0, None, 0, 0)
    assert weeks[(date(2018, 4, 2), "")] == (3, 0, 4, 0, None, 0, 0)  # I3, raised on Sunday, in this week
    assert weeks[(date(2018, 4, 9), "")] == (1, 3, 2, 1, 2.0, 2, 2)  # I3 closed on Monday: the next week
    assert weeks[(date(2018, 4, 16), "")] == (0, 1, 2, 1, 12.0, 0, 1)
    assert weeks[(date(2018, 4, 23), "")] == (0, 1, 1, 0, 16.0, 0, 1)


def test_the_current_week_runs_to_the_day_and_the_deadline_day_is_not_overdue(engine, cycle):
    assert rows(engine, date(2018, 4, 20), "weekly")[(date(2018, 4, 16), "")] == (0, 1, 2, 0, 12.0, 0, 1)
    assert rows(engine, date(2018, 4, 21), "weekly")[(date(2018, 4, 16), "")] == (0, 1, 2, 1, 12.0, 0, 1)
    figures = dispatch.dispatch_figures(engine, 2018, date(2018, 4, 20), "weekly")
    assert figures["end"].iloc[-1] == date(2018, 4, 20)
    assert figures["on_time_rate"].iloc[-1] == 0.0 and figures["on_time_rate"].iloc[-2] == 1.0


def test_monthly_and_quarterly_figures(engine, cycle):
    # April's closures: I3 1, I4 2, I1 11, I2 12, I4 16 days: median 11; on time I4 (04-11), I1 of 4 with deadlines
    assert rows(engine, date(2018, 4, 29), "monthly") == {
        (date(2018, 1, 1), ""): (0, 0, 0, 0, None, 0, 0), (date(2018, 2, 1), ""): (0, 0, 0, 0, None, 0, 0),
        (date(2018, 3, 1), ""): (1, 0, 1, 0, None, 0, 0), (date(2018, 4, 1), ""): (4, 5, 1, 0, 11.0, 2, 4)}
    assert rows(engine, date(2018, 4, 29), "quarterly") == {
        (date(2018, 1, 1), ""): (1, 0, 1, 0, None, 0, 0), (date(2018, 4, 1), ""): (4, 5, 1, 0, 11.0, 2, 4)}
    assert rows(engine, date(2018, 3, 30), "monthly")[(date(2018, 3, 1), "")] == (0, 0, 0, 0, None, 0, 0)
    figures = dispatch.dispatch_figures(engine, 2018, date(2018, 4, 29), "quarterly")
    assert list(figures["on_time_rate"].isna()) == [True, False] and figures["on_time_rate"].iloc[1] == 0.5


@pytest.mark.parametrize("by", ["owner_unit", "street"])
def test_the_district_summed_from_its_units_or_its_streets(engine, cycle, by):
    day = date(2018, 4, 29)
    summed = dispatch.district_figures(dispatch.dispatch_figures(engine, 2018, day, "monthly", by),
                                       dispatch.periods("monthly", 2018, day))
    assert as_rows(summed) == {  # as test_monthly_and_quarterly_figures worked them out
        (date(2018, 1, 1), ""): (0, 0, 0, 0, None, 0, 0), (date(2018, 2, 1), ""): (0, 0, 0, 0, None, 0, 0),
        (date(2018, 3, 1), ""): (1, 0, 1, 0, None, 0, 0), (date(2018, 4, 1), ""): (4, 5, 1, 0, 11.0, 2, 4)}
    assert list(summed["start"]) == [date(2018, 1, 1), date(2018, 2, 1), date(2018, 3, 1), date(2018, 4, 1)]
    assert summed["on_time_rate"].iloc[3] == 0.5 and summed["end"].iloc[3] == day
    assert dispatch.district_figures(dispatch.dispatch_figures(engine, 2018, date(2018, 1, 31), "monthly", by),
                                     [(date(2018, 1, 1), date(2018, 1, 31))]).values.tolist() == [
        [date(2018, 1, 1), date(2018, 1, 31), "", 0, 0, 0, 0, 0, 0, {}, None, None]]  # a quiet month, no problems


def test_by_street_and_by_unit(engine, cycle):
    week = date(2018, 4, 9)
    streets = {g: v for (s, g), v in rows(engine, date(2018, 4, 15), "weekly", "street").items() if s == week}
    assert streets == {"营城子": (0, 1, 2, 1, 11.0, 1, 1), "泉水": (1, 2, 0, 0, 1.5, 1, 1)}
    units = {g: v for (s, g), v in rows(engine, date(2018, 4, 15), "weekly", "owner_unit").items() if s == week}
    assert units == {"区住建局": (0, 2, 1, 0, 6.0, 1, 1), "区城建局": (1, 1, 1, 1, 2.0, 1, 1)}
    only = rows(engine, date(2018, 4, 15), "weekly", filters=Filters(streets=("泉水",)))
    assert only[(week, "")] == (1, 2, 0, 0, 1.5, 1, 1)
    assert only[(date(2018, 3, 26), "")] == (0, 0, 0, 0, None, 0, 0)  # I5 is 营城子's


def test_the_unit_holding_problems_up_comes_first_and_the_rest_is_summed(engine, cycle):
    week = date(2018, 4, 9)
    units = dispatch.dispatch_figures(engine, 2018, date(2018, 4, 15), "weekly", "owner_unit")
    in_week = units[units["start"] == week]
    assert dispatch.worst_groups(in_week, week, 2) == ["区城建局", "区住建局"]  # 1 overdue before 0
    assert dispatch.worst_groups(in_week, week, 1) == ["区城建局"]
    rolled = dispatch.rollup(in_week, [])
    others = rolled.iloc[0]
    assert (others["group"], others["groups"], others["raised"], others["closed"], others["backlog"],
            others["overdue"], others["median_days"], others["on_time_rate"]) == (
        dispatch.OTHERS, 2, 1, 3, 2, 1, 2.0, 1.0)  # all closures merged: 1, 2, 11 days
    kept = dispatch.rollup(in_week, ["区城建局"])
    assert list(kept["group"]) == ["区城建局", dispatch.OTHERS] and list(kept["groups"]) == [1, 1]
    assert dispatch.rollup(in_week, ["区城建局", "区住建局"])["group"].tolist() == ["区住建局", "区城建局"]


@pytest.mark.parametrize("histogram, expected", [({}, None), ({5: 1}, 5.0), ({1: 1, 3: 1}, 2.0), ({1: 2, 9: 1}, 1.0),
                                                  ({2: 1, 4: 2, 10: 1}, 4.0), ({3: 1, 1: 1, 8: 1, 6: 1}, 4.5)])
def test_median_of_a_histogram(histogram, expected):
    assert dispatch.median(histogram) == expected


def test_no_periods_before_the_plan_year(engine, cycle):
    assert dispatch.dispatch_figures(engine, 2018, date(2017, 12, 31), "weekly").empty
    assert weekly_digest(engine, 2018, date(2017, 12, 31)) is None


def listed(digest, key):
    return [(r.description, r.status_before, r.status) for r in digest[key].itertuples()]


def test_the_digest_lists_what_moved_what_became_overdue_and_what_is_stuck(engine, cycle):
    friday = weekly_digest(engine, 2018, date(2018, 4, 20))
    assert (friday["start"], friday["end"]) == (date(2018, 4, 16), date(2018, 4, 20))
    assert [friday[k] for k in ("raised", "closed", "backlog", "overdue")] == [0, 1, 2, 0]
    # closed first, then by street order (泉水 before 营城子)
    assert listed(friday, "moved") == [("施工用电未接入", IN_PROGRESS, RESOLVED),
                                       ("市政道路未贯通", RESOLVED, IN_PROGRESS)]
    assert listed(friday, "became_overdue") == []  # I4's deadline is today: not overdue yet
    sunday = weekly_digest(engine, 2018, date(2018, 4, 22))
    assert listed(sunday, "became_overdue") == [("市政道路未贯通", RESOLVED, IN_PROGRESS)]
    # I2 was overdue on 04-15, the day before the week: by the week's end it is closed, not newly overdue
    monday = weekly_digest(engine, 2018, date(2018, 4, 16))
    assert listed(monday, "became_overdue") == [] and listed(monday, "moved")[0][0] == "施工用电未接入"


def test_stuck_means_open_more_than_30_days_with_the_same_status(engine, cycle):
    assert listed(weekly_digest(engine, 2018, date(2018, 4, 30)), "stuck") == []  # I5 open 30 days
    stuck = weekly_digest(engine, 2018, date(2018, 5, 1))["stuck"]  # 31 days
    assert list(stuck["description"]) == ["施工许可手续未办结"] and stuck["last_follow_up"].isna().all()


def test_a_problem_raised_and_moved_in_the_same_week(engine, cycle):
    week = weekly_digest(engine, 2018, date(2018, 4, 15))  # I4 raised 04-09, closed 04-11
    assert ("市政道路未贯通", "open", RESOLVED) in listed(week, "moved")
    assert ("规划许可未取得", "open", RESOLVED) in listed(week, "moved")
    text = digest_text(week, "zh")
    done = label("issue_status", RESOLVED)
    assert "滨海养老院项目：市政道路未贯通（区城建局），由“新提出”变为“" + done + "”。" in text
    assert "营城子物流园项目：规划许可未取得（区住建局），由“" + label("issue_status", "open") + "”变为“" in text
    sheet = digest_sheets(week, "zh")["本周进展"]  # I3 raised the day before the week, I4 on its Monday
    assert list(zip(sheet["项目名称"], sheet["本周初状态"])) == [
        ("滨海养老院项目", label("issue_status", "open")), ("滨海养老院项目", "新提出"),
        ("营城子物流园项目", label("issue_status", "open"))]


def test_the_digest_reads_as_sentences_in_chinese_and_english(engine, cycle):
    digest = weekly_digest(engine, 2018, date(2018, 4, 22))
    done, moving = label("issue_status", RESOLVED), label("issue_status", IN_PROGRESS)
    assert digest_text(digest, "zh") == (
        "周调度简报（2018年4月16日—4月22日）\n"
        "\n本周新提出问题 0 个，销号 1 个。截至4月22日，未销号问题 2 个，其中逾期 1 个。\n"
        "\n一、本周进展（2 个）\n"
        f"1. 营城子物流园项目：施工用电未接入（区城建局），由“{moving}”变为“{done}”。\n"
        f"2. 泉水街道滨海养老院项目：市政道路未贯通（区城建局），由“{done}”变为“{moving}”。\n"
        "\n二、本周新增逾期（1 个）\n"
        "1. 泉水街道滨海养老院项目：市政道路未贯通（区城建局），期限 4月20日，已逾期 2 天。\n"
        "\n三、超过 30 天无进展（0 个）\n"
        "无。\n")
    en = digest_lines(digest, "en")
    done, moving = label("issue_status", RESOLVED, "en"), label("issue_status", IN_PROGRESS, "en")
    assert en[:3] == [("title", "Weekly dispatch digest (16 Apr – 22 Apr 2018)"),
                      ("summary", "Raised this week: 0. Closed this week: 1. "
                                  "Still open on 22 Apr: 2, of which overdue: 1."),
                      ("heading", "1. Moved this week (2)")]
    assert en[4] == ("item", f"2. 泉水, 滨海养老院项目: 市政道路未贯通 (区城建局), from {done} to {moving}.")
    assert en[6] == ("item", "1. 泉水, 滨海养老院项目: 市政道路未贯通 (区城建局), due 20 Apr, now 2 days overdue.")
    sheets = digest_sheets(digest, "zh")
    assert list(sheets) == ["本周进展", "本周新增逾期", "超过30天无进展"]
    assert list(sheets["本周进展"]["项目名称"]) == ["营城子物流园项目", "滨海养老院项目"]
    assert list(sheets["本周进展"]["本周初状态"]) == [label("issue_status", s) for s in (IN_PROGRESS, RESOLVED)]


@pytest.mark.parametrize("count", [10, 12])
def test_a_long_digest_reads_out_ten_and_points_to_the_spreadsheet(engine, on_day, count):
    project = add_project(engine, name="营城子物流园项目")
    on_day(date(2018, 3, 1))
    for n in range(count):
        raise_problem(engine, project, date(2018, 3, 10), f"问题{n + 1}", "区城建局")
    digest = weekly_digest(engine, 2018, date(2018, 4, 2))
    text = digest_text(digest, "zh")
    assert "10. 营城子物流园项目：问题10（区城建局），提出已 32 天，仍为“" in text and "最近一次跟踪：无。" in text
    assert "11. " not in text and ("另有 2 个，详见附表。" in text) == (count == 12) and "另有 0 个" not in text
    assert f"三、超过 30 天无进展（{count} 个）" in text  # the heading counts them all
    assert len(digest["stuck"]) == count and len(digest_sheets(digest, "en")["Stuck over 30 days"]) == count
    assert digest["became_overdue"].empty  # overdue since 3-11: not new this week
    assert digest["overdue"] == count


def test_the_groups_left_out_are_drawn_as_their_average(engine, cycle):
    week = date(2018, 4, 9)
    units = dispatch.dispatch_figures(engine, 2018, date(2018, 4, 15), "weekly", "owner_unit")
    in_week = units[units["start"] == week]
    # both units left out: backlog 2 (区住建局 1, 区城建局 1), overdue 1 — each unit holds 1 and 0.5
    overdue, in_time = dispatch_charts.bottleneck(dispatch.rollup(in_week, []), "owner_unit", "zh").data
    assert list(overdue.y) == ["其他 2 个（平均每个）"] and list(overdue.x) == [0.5] and list(in_time.x) == [0.5]
    assert list(in_time.text) == ["平均 1.0（逾期 0.5）"]
    kept = dispatch_charts.bottleneck(dispatch.rollup(in_week, ["区城建局"]), "owner_unit", "zh").data[1]
    assert list(kept.y) == ["其他 1 个（平均每个）", "区城建局"]
    assert list(kept.text) == ["平均 1.0（逾期 0.0）", "1（逾期 1）"]
