"""Warning lights (预警) at every threshold of evaluation.toml [warning_lights], worked out by hand.

序时进度 of 2018 (365 days): 2018-03-14 is day 73, so 20% exactly; 2018-08-07 is day 219, 60% exactly.
"""
from datetime import date
from fractions import Fraction

import pytest

from roadshow import lights, problems, services
from roadshow.auth import Actor
from roadshow.metrics import Filters
from roadshow.ui.lights import rule_text
from tests.conftest import add_project, close_problem, raise_problem, without_deadline

DISPATCH = Actor("dispatch", "dispatcher")
DEFAULT = lights.Rule(problem_yellow_days=7, start_yellow_months=0, start_red_months=3,
                      investment_yellow_points=Fraction(10), investment_red_points=Fraction(30))


def test_the_rule_comes_from_the_rules_file():
    assert lights.current_rule() == DEFAULT


def project_light(engine, pid, day, rule=None):
    frame = lights.project_lights(engine, 2018, day, rule=rule).set_index("id")
    return tuple(frame.loc[pid, ["light", "start_light", "investment_light"]])


def problem_light(engine, iid, day, rule=None):
    return lights.problem_lights(engine, 2018, day, rule=rule).set_index("id").loc[iid, "light"]


@pytest.fixture
def problem(engine, on_day):
    """Raised 2018-04-02 with the deadline 2018-05-10."""
    pid = add_project(engine, annual=0)
    on_day(date(2018, 4, 2))
    return raise_problem(engine, pid, date(2018, 5, 10))


@pytest.mark.parametrize("day, light", [
    (date(2018, 5, 2), "green"),  # 8 days before the deadline
    (date(2018, 5, 3), "yellow"),  # 7 days before
    (date(2018, 5, 9), "yellow"),
    (date(2018, 5, 10), "yellow"),  # the deadline day itself is not overdue
    (date(2018, 5, 11), "red"),
])
def test_a_problem_turns_yellow_seven_days_before_its_deadline_and_red_the_day_after(engine, problem, day, light):
    assert problem_light(engine, problem, day) == light


def test_a_closed_problem_is_green_from_the_day_it_is_closed_and_red_again_when_reopened(engine, problem, on_day):
    on_day(date(2018, 5, 12))
    close_problem(engine, problem)
    on_day(date(2018, 5, 20))
    problems.take_step(DISPATCH, problem, "reopen", "weekly", "复查未通过", engine=engine)
    assert [problem_light(engine, problem, date(2018, 5, d)) for d in (11, 12, 19, 20)] == [
        "red", "green", "green", "red"]
    assert problem not in set(lights.problem_lights(engine, 2018, date(2018, 4, 1))["id"])  # not raised yet


def test_a_problem_without_a_deadline_is_green(engine, on_day):
    pid = add_project(engine, annual=0)
    on_day(date(2018, 4, 2))
    issue = without_deadline(engine, raise_problem(engine, pid, date(2018, 4, 2), "无期限问题"))
    assert problem_light(engine, issue, date(2018, 12, 31)) == "green"


@pytest.fixture
def late(engine):
    """A new project planned to start on 2018-03-15, no annual plan (so only its start counts)."""
    pid = add_project(engine, stage="new", annual=0)
    services.update_project(DISPATCH, pid, 1, {"planned_start_date": date(2018, 3, 15)}, engine=engine)
    return pid


@pytest.mark.parametrize("day, light", [
    (date(2018, 3, 31), "green"),  # the planned month has not passed
    (date(2018, 4, 1), "yellow"),
    (date(2018, 6, 30), "yellow"),
    (date(2018, 7, 1), "red"),  # three months later
])
def test_a_project_not_started_turns_yellow_after_its_planned_month_and_red_three_months_later(engine, late, day,
                                                                                                light):
    assert project_light(engine, late, day) == (light, light, "green")


def test_a_start_ends_the_start_light_from_its_day(engine, late):
    services.update_project(DISPATCH, late, 2, {"start_date": date(2018, 7, 10)}, engine=engine)
    assert project_light(engine, late, date(2018, 7, 9))[1] == "red"
    assert project_light(engine, late, date(2018, 7, 10))[1] == "green"


def test_preliminary_projects_and_projects_without_a_planned_start_get_no_start_light(engine):
    preliminary = add_project(engine, stage="preliminary", annual=0)
    services.update_project(DISPATCH, preliminary, 1, {"planned_start_date": date(2018, 1, 15)}, engine=engine)
    unplanned = add_project(engine, stage="new", annual=0)
    assert project_light(engine, preliminary, date(2018, 12, 31)) == ("green", "green", "green")
    assert project_light(engine, unplanned, date(2018, 12, 31)) == ("green", "green", "green")


@pytest.mark.parametrize("day, completed, light", [
    (date(2018, 3, 14), 1001, "green"),  # 20% − 10.01% = 9.99 points behind
    (date(2018, 3, 14), 1000, "yellow"),  # 10 points
    (date(2018, 3, 14), 0, "yellow"),  # 20 points
    (date(2018, 8, 7), 3000, "yellow"),  # 60% − 30% = 30 points
    (date(2018, 8, 7), 2999, "red"),  # 30.01 points
    (date(2018, 8, 7), 6500, "green"),  # ahead
])
def test_investment_behind_the_time_elapsed_share(engine, day, completed, light):
    pid = add_project(engine, total=20000, annual=10000, start=date(2018, 1, 10), reports=[(day, completed)])
    assert project_light(engine, pid, day) == (light, "green", light)


def test_the_lights_of_some_projects_only(engine, late):
    behind = add_project(engine, total=20000, annual=10000, start=date(2018, 1, 10), reports=[(date(2018, 8, 7), 0)])
    on_time = add_project(engine, total=20000, annual=10000, start=date(2018, 1, 10),
                          reports=[(date(2018, 8, 7), 6500)])
    frame = lights.project_lights(engine, 2018, date(2018, 8, 7), ids=(behind, on_time))
    assert frame[["id", "light"]].values.tolist() == [[behind, "red"], [on_time, "green"]]  # not `late`'s


def test_investment_as_of_a_day_uses_the_report_of_that_day_or_before(engine):
    pid = add_project(engine, total=20000, annual=10000, start=date(2018, 1, 10),
                      reports=[(date(2018, 3, 1), 1000), (date(2018, 3, 15), 5000)])
    assert project_light(engine, pid, date(2018, 3, 14))[2] == "yellow"  # 1000 reported by then
    assert project_light(engine, pid, date(2018, 3, 15))[2] == "green"


def test_a_project_shows_the_worse_of_its_two_lights(engine, late):
    behind = add_project(engine, stage="new", total=20000, annual=10000, reports=[(date(2018, 8, 7), 1000)])
    services.update_project(DISPATCH, behind, 1, {"planned_start_date": date(2018, 6, 1)}, engine=engine)
    assert project_light(engine, behind, date(2018, 8, 7)) == ("red", "yellow", "red")
    assert project_light(engine, behind, date(2018, 7, 1)) == ("red", "yellow", "red")
    yellow_start = add_project(engine, stage="new", total=20000, annual=10000, reports=[(date(2018, 3, 14), 1500)])
    services.update_project(DISPATCH, yellow_start, 1, {"planned_start_date": date(2018, 2, 1)}, engine=engine)
    assert project_light(engine, yellow_start, date(2018, 3, 14)) == ("yellow", "yellow", "green")  # 5 points


def test_the_lights_of_some_problems_only(engine, problem, on_day):
    pid = add_project(engine, total=20000, annual=10000, start=date(2018, 1, 10))
    on_day(date(2018, 4, 2))
    due_soon = raise_problem(engine, pid, date(2018, 4, 5), "资金不足", "区发改局")
    due_later = raise_problem(engine, pid, date(2018, 6, 1), "用地未落实", "区自然资源分局")
    frame = lights.problem_lights(engine, 2018, date(2018, 4, 2), ids=(due_soon, due_later))
    assert frame[["id", "light"]].values.tolist() == [[due_soon, "yellow"], [due_later, "green"]]  # not `problem`'s


def test_counts_per_street(engine, on_day, late):
    quanshui = add_project(engine, street="泉水", total=20000, annual=10000, start=date(2018, 1, 10),
                           reports=[(date(2018, 7, 1), 1000)])
    on_day(date(2018, 4, 2))
    raise_problem(engine, quanshui, date(2018, 7, 5), "用地未落实", "区自然资源分局")
    raise_problem(engine, late, date(2018, 6, 1), "资金不足", "区发改局")
    counts = lights.light_counts(engine, 2018, date(2018, 7, 1))
    # 泉水 comes before 营城子 in the district's order; streets without projects are left out
    assert counts.to_dict("records") == [
        {"street": "泉水", "projects_red": 1, "projects_yellow": 0, "projects_green": 0,
         "problems_red": 0, "problems_yellow": 1, "problems_green": 0},
        {"street": "营城子", "projects_red": 1, "projects_yellow": 0, "projects_green": 0,
         "problems_red": 1, "problems_yellow": 0, "problems_green": 0}]
    only = lights.light_counts(engine, 2018, date(2018, 7, 1), Filters(streets=("泉水",)))
    assert list(only["street"]) == ["泉水"]


RULES = """
[warning_lights]
problem_yellow_days = 3
start_yellow_months = 1
start_red_months = 1
investment_yellow_points = 9.99
investment_red_points = 15
"""


def test_a_changed_rules_file_changes_the_lights(engine, problem, late, tmp_path, monkeypatch):
    behind = add_project(engine, total=20000, annual=10000, start=date(2018, 1, 10),
                         reports=[(date(2018, 3, 14), 1001), (date(2018, 8, 7), 4400)])
    before = [problem_light(engine, problem, date(2018, 5, 3)), project_light(engine, late, date(2018, 4, 1)),
              project_light(engine, behind, date(2018, 3, 14)), project_light(engine, behind, date(2018, 8, 7))]
    assert before == ["yellow", ("yellow", "yellow", "green"), ("green", "green", "green"),
                      ("yellow", "green", "yellow")]  # 60% − 44% = 16 points
    path = tmp_path / "evaluation.toml"
    path.write_text(RULES, encoding="utf-8")
    monkeypatch.setenv("ROADSHOW_EVALUATION_FILE", str(path))
    assert lights.current_rule() == lights.Rule(3, 1, 1, Fraction(999, 100), Fraction(15))
    assert problem_light(engine, problem, date(2018, 5, 3)) == "green"  # 7 days before: not yet
    assert problem_light(engine, problem, date(2018, 5, 7)) == "yellow"  # 3 days before
    assert project_light(engine, late, date(2018, 4, 1)) == ("green", "green", "green")  # April is grace
    assert project_light(engine, late, date(2018, 5, 1)) == ("red", "red", "green")
    assert project_light(engine, behind, date(2018, 3, 14)) == ("yellow", "green", "yellow")  # 9.99 ≥ 9.99
    assert project_light(engine, behind, date(2018, 8, 7)) == ("red", "green", "red")  # 16 > 15


def test_the_rule_in_plain_words_follows_the_file(tmp_path, monkeypatch):
    zh = rule_text(lights.current_rule(), "zh")
    assert "距期限 7 天以内（含期限当天）的为黄灯" in zh
    assert "满 1 个月为黄灯，满 4 个月为红灯（例如计划 3 月开工：4月1日起黄灯，7月1日起红灯）" in zh
    assert "落后序时进度 10 至 30 个百分点（含两端）的为黄灯，落后超过 30 个百分点的为红灯" in zh
    en = rule_text(lights.current_rule(), "en")
    assert "yellow from 1 April, red from 1 July" in en and "10 to 30 percentage points" in en
    path = tmp_path / "evaluation.toml"
    path.write_text(RULES, encoding="utf-8")
    monkeypatch.setenv("ROADSHOW_EVALUATION_FILE", str(path))
    zh = rule_text(lights.current_rule(), "zh")
    assert "距期限 3 天以内" in zh and "5月1日起黄灯，5月1日起红灯" in zh and "落后序时进度 9.99 至 15 个百分点" in zh
