"""周调度简报 at the edges of its week, worked out by hand. D = 2018-04-20 (a Friday): the week runs
04-16..04-20, the day before it is 04-15, and 31 days before D is 03-20.

  A 营城子物流园项目  raised on D and closed on D: moved (newly raised → closed)
  B 营城子物流园项目  raised 03-01, deadline 05-31, followed up 03-05 and on D: in progress all along,
                      stuck (50 days), last followed up on D
  K 营城子物流园项目  raised at the roadshow of 02-20, recorded 03-02 (after B): open, stuck (59 days),
                      listed before B, as raised
  E 营城子物流园项目  raised 03-01, closed 03-10: closed long ago, not stuck
  C 滨海养老院项目(泉水) raised 04-09, deadline 04-15 (the day before the week, not overdue on it):
                      became overdue this week, 5 days by D
  J 营城子物流园项目  raised 04-02, deadline 04-18: became overdue this week after C (by deadline)
  F 营城子物流园项目, H and G 滨海养老院项目(泉水)  raised 04-02, 04-02, 04-03, deadline 05-31, followed up
                      04-17: moved (open → in progress); listed by street (泉水 first), then as raised

The week: raised 1 (A), closed 1 (A); on D open 7 (B, C, F, G, H, J, K), overdue 2 (C, J).
"""
from datetime import date

import pytest

from roadshow import meetings, problems
from roadshow.digest import digest_text, weekly_digest
from roadshow.i18n import label
from roadshow.metrics import Filters
from tests.conftest import DISPATCH, add_project, close_problem, raise_problem

D = date(2018, 4, 20)


@pytest.fixture
def week(engine, on_day):
    p = add_project(engine, street="营城子", name="营城子物流园项目", annual=0)
    q = add_project(engine, street="泉水", name="滨海养老院项目", annual=0)
    on_day(date(2018, 3, 1))
    b = raise_problem(engine, p, date(2018, 5, 31), "B 施工许可手续未办结")
    e = raise_problem(engine, p, date(2018, 5, 31), "E 规划许可未取得")
    on_day(date(2018, 3, 2))
    roadshow = meetings.create_meeting(DISPATCH, 2018, date(2018, 2, 20), "一季度项目路演", engine=engine)
    problems.raise_problem(DISPATCH, p, "K 土地指标未落实", "planning", "区自然资源局", date(2018, 5, 31),
                           meeting_id=roadshow, engine=engine)
    on_day(date(2018, 3, 5))
    problems.take_step(DISPATCH, b, "follow_up", "weekly", "督办", engine=engine)
    on_day(date(2018, 3, 10))
    close_problem(engine, e)
    on_day(date(2018, 4, 2))
    moving = [raise_problem(engine, p, date(2018, 5, 31), "F 地块内管线需迁改"),
              raise_problem(engine, q, date(2018, 5, 31), "H 供水管网未接入")]
    raise_problem(engine, p, date(2018, 4, 18), "J 施工道路未硬化")
    on_day(date(2018, 4, 3))
    moving.append(raise_problem(engine, q, date(2018, 5, 31), "G 规划条件未明确"))
    on_day(date(2018, 4, 9))
    raise_problem(engine, q, date(2018, 4, 15), "C 市政道路未贯通")
    on_day(date(2018, 4, 17))
    for issue in moving:
        problems.take_step(DISPATCH, issue, "follow_up", "weekly", "调度跟踪", engine=engine)
    on_day(D)
    a = raise_problem(engine, p, date(2018, 4, 30), "A 施工用电未接入")
    close_problem(engine, a)
    problems.take_step(DISPATCH, b, "follow_up", "weekly", "再督办", engine=engine)


def listed(digest, key):
    return [(r.description, r.status_before, r.status) for r in digest[key].itertuples()]


def test_what_happened_on_d_itself_and_a_deadline_the_day_before_the_week(engine, week):
    digest = weekly_digest(engine, 2018, D)
    assert [digest[k] for k in ("raised", "closed", "backlog", "overdue")] == [1, 1, 7, 2]
    assert listed(digest, "moved") == [("A 施工用电未接入", "open", "resolved"),  # closed first
                                       ("H 供水管网未接入", "open", "in_progress"),
                                       ("G 规划条件未明确", "open", "in_progress"),
                                       ("F 地块内管线需迁改", "open", "in_progress")]
    assert listed(digest, "became_overdue") == [("C 市政道路未贯通", "open", "open"),  # by deadline: 04-15, 04-18
                                                ("J 施工道路未硬化", "open", "open")]
    assert listed(digest, "stuck") == [("K 土地指标未落实", "open", "open"),
                                       ("B 施工许可手续未办结", "in_progress", "in_progress")]
    assert list(digest["stuck"]["last_follow_up"].fillna("")) == ["", D]
    text = digest_text(digest, "zh")
    still_open, in_progress = label("issue_status", "open"), label("issue_status", "in_progress")
    assert (f"1. 营城子物流园项目：K 土地指标未落实（区自然资源局），提出已 59 天，仍为“{still_open}”，"
            "最近一次跟踪：无。") in text
    assert (f"2. 营城子物流园项目：B 施工许可手续未办结（区住建局），提出已 50 天，仍为“{in_progress}”，"
            "最近一次跟踪：4月20日。") in text


def test_the_digest_of_one_street(engine, week):
    digest = weekly_digest(engine, 2018, D, Filters(streets=("泉水",)))
    assert [digest[k] for k in ("raised", "closed", "backlog", "overdue")] == [0, 0, 3, 1]
    assert [r[0] for r in listed(digest, "moved")] == ["H 供水管网未接入", "G 规划条件未明确"]
    assert listed(digest, "stuck") == []
    assert listed(digest, "became_overdue") == [("C 市政道路未贯通", "open", "open")]


def test_the_digest_s_week_lies_within_the_plan_year(engine):
    def span(plan_year, as_of):
        digest = weekly_digest(engine, plan_year, as_of)
        return digest["start"], digest["end"]
    assert span(2018, date(2018, 1, 1)) == (date(2018, 1, 1), date(2018, 1, 1))  # a Monday, the first day
    assert span(2019, date(2019, 1, 3)) == (date(2019, 1, 1), date(2019, 1, 3))  # the week began in 2018
    assert span(2018, date(2019, 3, 1)) == (date(2018, 12, 31), date(2018, 12, 31))  # the year is over
