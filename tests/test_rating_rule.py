"""The star rating rule (evaluation.toml [rating]) at every tier boundary and star cut-off, on facts
made by hand; the expected points are the shipped rule's, worked out by hand."""
import tomllib
from datetime import date
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

from roadshow.rating_rule import RatingRule, RuleError, current_rule, describe, explain, worked_example

D = date(2018, 6, 30)
SHIPPED = Path(__file__).resolve().parent.parent / "roadshow" / "evaluation.toml"


def score(rule=None, **facts) -> dict:
    """One project's scored row (by the shipped rule, or `rule`): facts not given are those of a project
    that earns nothing special."""
    base = {"total_investment_wan": Decimal("1000.00"), "city_key": False, "category": "other", "stage": "continuing",
            "open": 0, "overdue_0": 0, "overdue_1": 0, "overdue_2": 0, "started_on": date(2018, 3, 1),
            "planned_start_date": date(2018, 3, 1), "suspended": False, "completion": 0.5, "time_share": 0.5}
    return (rule or current_rule()).score(pd.DataFrame([{**base, **facts}]), D).iloc[0].to_dict()


@pytest.mark.parametrize("total, points", [
    ("200000.00", 25), ("199999.99", 20), ("100000.00", 20), ("99999.99", 15), ("50000.00", 15),
    ("49999.99", 10), ("10000.00", 10), ("9999.99", 5), ("0.00", 5)])
def test_benefit_by_investment_size(total, points):
    row = score(total_investment_wan=Decimal(total))
    assert (row["size_points"], row["benefit"]) == (points, points + 5)  # "other": 5


@pytest.mark.parametrize("category, points", [("industrial", 10), ("infrastructure", 8), ("commercial", 8),
                                              ("livelihood", 8), ("real_estate", 5), ("other", 5)])
def test_benefit_by_category_and_city_key(category, points):
    assert score(category=category)["benefit"] == 5 + points
    assert score(category=category, city_key=True)["benefit"] == 5 + points + 5


@pytest.mark.parametrize("counts, problems", [
    ({}, 30),
    ({"open": 1}, 26),
    ({"open": 7}, 2),
    ({"open": 8}, 0),  # 30 − 32: never below 0
    ({"overdue_0": 1}, 22),  # overdue 1–30 days
    ({"overdue_0": 1, "overdue_1": 1}, 18),  # 31–60 days
    ({"overdue_0": 1, "overdue_1": 1, "overdue_2": 1}, 14),  # over 60 days
    ({"open": 1, "overdue_0": 3, "overdue_1": 2, "overdue_2": 1}, 0),  # 30 − 4 − 8 − 12 − 16
    ({"open": 1, "overdue_0": 2, "overdue_1": 1}, 6),  # 30 − 4 − 8 − 12
])
def test_problems_cost_points_by_how_long_they_are_overdue(counts, problems):
    assert score(**counts)["problems"] == problems


@pytest.mark.parametrize("facts, state, points", [
    ({"started_on": date(2018, 3, 1)}, "on_time", 15),
    ({"started_on": date(2018, 2, 20)}, "on_time", 15),  # early
    ({"started_on": date(2018, 3, 2)}, "late", 10),  # 1 day late
    ({"started_on": date(2018, 3, 31)}, "late", 10),  # 30 days
    ({"started_on": date(2018, 4, 1)}, "late", 5),  # 31 days
    ({"started_on": date(2018, 5, 30)}, "late", 5),  # 90 days
    ({"started_on": date(2018, 5, 31)}, "late", 0),  # 91 days
    ({"planned_start_date": None}, "on_time", 15),
    ({"started_on": None, "planned_start_date": date(2018, 6, 30)}, "not_yet_due", 10),  # due today: not late yet
    ({"started_on": None, "planned_start_date": date(2018, 6, 29)}, "overdue", 0),
    ({"started_on": None, "planned_start_date": None}, "not_yet_due", 10),
    ({"started_on": None, "planned_start_date": None, "stage": "preliminary"}, "preliminary", 10),
    ({"suspended": True}, "suspended", 0),  # started on time, but suspended on the day
])
def test_start_against_the_planned_start(facts, state, points):
    row = score(**facts)
    assert (row["start_state"], row["start_points"]) == (state, points)


@pytest.mark.parametrize("completion, gap, points", [
    (0.5, 0.0, 15), (0.9, 40.0, 15), (0.499, -0.1, 10), (0.4, -10.0, 10), (0.399, -10.1, 5),
    (0.3, -20.0, 5), (0.299, -20.1, 0), (None, None, 15)])  # None: no annual plan
def test_investment_against_the_time_elapsed_share(completion, gap, points):
    row = score(completion=completion)  # time share 50%
    assert row["investment_points"] == points
    assert (pd.isna(row["gap"]) and gap is None) or row["gap"] == gap


@pytest.mark.parametrize("facts, parts, stars", [
    # 25 + 5 + 10 = 40, 30, 15 + 15 = 30
    ({"total_investment_wan": Decimal(200000), "city_key": True, "category": "industrial"}, (40, 30, 30), 5),
    # 20 + 5 + 5 = 30, 30 − 4 = 26, 15 + 15: 86
    ({"total_investment_wan": Decimal(100000), "city_key": True, "open": 1}, (30, 26, 30), 5),
    # 20 + 5 + 5 = 30, one problem overdue: 30 − 8 = 22, started 3 days late: 10 + 15 = 25; 77
    ({"total_investment_wan": Decimal(100000), "city_key": True, "overdue_0": 1, "started_on": date(2018, 3, 4)},
     (30, 22, 25), 4),
    # 15 + 0 + 5 = 20, 30, 30: 80 → 4; one more open problem: 76 → 4; a second: 72 → 3
    ({"total_investment_wan": Decimal(50000)}, (20, 30, 30), 4),
    ({"total_investment_wan": Decimal(50000), "open": 1}, (20, 26, 30), 4),
    ({"total_investment_wan": Decimal(50000), "open": 2}, (20, 22, 30), 3),
    # 10 + 5 = 15, 30, 15 + 0: 60 → 3; one day later start: 10 → 55 → 2
    ({"total_investment_wan": Decimal(10000), "completion": 0.2}, (15, 30, 15), 3),
    ({"total_investment_wan": Decimal(10000), "completion": 0.2, "started_on": date(2018, 3, 2)}, (15, 30, 10), 2),
    # 5 + 5 = 10, 30 − 4 − 4 = 22, 15 + 5 (gap −20) = 20: 52 → 2; gap −20.1: 47 → 1
    ({"open": 2, "completion": 0.3}, (10, 22, 20), 2),
    ({"open": 2, "completion": 0.299}, (10, 22, 15), 1),
])
def test_the_score_and_its_stars(facts, parts, stars):
    row = score(**facts)
    assert (row["benefit"], row["problems"], row["progress"]) == parts
    assert row["score"] == sum(parts) and row["stars"] == stars


@pytest.mark.parametrize("points, stars", [(100, 5), (85, 5), (84, 4), (75, 4), (74, 3), (60, 3), (59, 2), (50, 2),
                                           (49, 1), (0, 1)])
def test_stars_at_every_cut_off(points, stars):
    assert current_rule().stars_for(points) == stars


def shipped() -> dict:
    with SHIPPED.open("rb") as file:
        return tomllib.load(file)["rating"]


def broken(change) -> dict:
    section = shipped()
    change(section)
    return section


def test_a_project_below_the_smallest_size_tier_earns_no_size_points():
    rule = RatingRule.of(broken(lambda s: s["benefit"]["size"].pop()))  # no tier from 0 万元: the smallest is 10000
    assert score(rule, total_investment_wan=Decimal("10000.00"))["size_points"] == 10
    assert score(rule, total_investment_wan=Decimal("9999.99"))["size_points"] == 0


@pytest.mark.parametrize("change, message", [
    (lambda s: s.pop("stars"), "'stars' is missing"),
    (lambda s: s["benefit"].update(city_key=6), "add up to 101, not 100"),
    (lambda s: s["problems"].update(open=-1), "[rating.problems] open: a whole number of points ≥ 0"),
    (lambda s: s["problems"].update(open=2.5), "[rating.problems] open: a whole number of points ≥ 0"),
    (lambda s: s["problems"].update(open=True), "[rating.problems] open: a whole number of points ≥ 0"),
    (lambda s: s["benefit"].update(city_key=4), "add up to 99, not 100"),
    (lambda s: s["benefit"]["size"][1].update(at_least_wan=s["benefit"]["size"][0]["at_least_wan"]),
     "size: each tier needs a number at_least_wan, highest first"),
    (lambda s: s["benefit"]["size"].reverse(), "size: each tier needs a number at_least_wan, highest first"),
    (lambda s: s["problems"]["overdue"].pop(0), "the first tier is more_than_days = 0"),
    (lambda s: s["stars"].update({"4": 90}), "more stars need a higher score"),
    (lambda s: s["progress"]["start"].update(late=[]), "late: a list of tiers is needed"),
])
def test_a_broken_rule_is_refused_naming_the_key(change, message):
    with pytest.raises(RuleError) as error:
        RatingRule.of(broken(change))
    assert message in str(error.value)


def test_the_rule_in_words_comes_from_its_numbers():
    zh = "\n".join(describe(current_rule(), "zh"))
    assert "总投资 ≥ 20 亿元 得 25 分，≥ 10 亿元 得 20 分，≥ 5 亿元 得 15 分，≥ 1 亿元 得 10 分，其余 5 分" in zh
    assert "1–30 天扣 8 分，31–60 天扣 12 分，超过 60 天扣 16 分" in zh
    assert "延迟 1–30 天 10 分，31–90 天 5 分，超过 90 天 0 分" in zh
    assert "≥ 0 得 15 分，≥ −10 得 10 分，≥ −20 得 5 分，更低 0 分" in zh
    assert "总分 ≥ 85 为 5 星，≥ 75 为 4 星，≥ 60 为 3 星，≥ 50 为 2 星，其余 1 星" in zh
    changed = RatingRule.of(broken(lambda s: s["stars"].update({"5": 90})))
    assert "≥ 90 为 5 星" in "\n".join(describe(changed, "zh"))
    en = "\n".join(describe(current_rule(), "en"))
    assert "≥ 2,000M CNY: 25" in en and "over 60 days −16" in en


def test_the_worked_example_is_computed_by_the_rule():
    """6 亿元, city key, industrial: 15 + 5 + 10 = 30; one open, one 45 days overdue: 30 − 4 − 12 = 14;
    started 20 days late: 10; 30% done against 49.6% elapsed on 30 June (181/365): −19.6 → 5. 59: 2 stars."""
    text, row = worked_example(current_rule(), D, "zh")
    assert "总投资 6 亿元" in text and "序时进度 49.6%" in text
    assert explain(row, "zh") == {
        "benefit": "规模 15 + 市重点 5 + 类别 10 = 30",
        "problems": "30 − 待办 1 个扣 4 − 逾期 1 个扣 12 = 14",
        "progress": "开复工：延迟 20 天 10 + 投资：完成 30.0%，序时 49.6%，差 -19.6 个百分点 5 = 15"}
    assert (row["score"], row["stars"]) == (59, 2)
    assert explain(score(), "zh")["problems"] == "无未销号问题 30"
