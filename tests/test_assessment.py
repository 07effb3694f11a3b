"""月调度考核 on three streets made by hand: each part of the formula, the score, the ranking and its
change since the month before, the red and black lists, the 通报 as xlsx, and a changed formula."""
import io
from datetime import date

import openpyxl
import pytest

from roadshow import assessment
from roadshow.auth import Actor
from roadshow.rating_rule import RuleError
from roadshow.spreadsheets import to_xlsx
from tests.conftest import add_project, close_problem, raise_problem
from tests.test_ratings import use_rule

DISPATCH = Actor("dispatch", "dispatcher")
JUNE = date(2018, 7, 2)  # a day after June: the month is over


@pytest.fixture
def streets(engine, on_day, monkeypatch, tmp_path):
    """序时进度: 151/365 on 31 May, 181/365 on 30 June.

    营城子: A continuing, started 3-01, 600 of 1000 reported 6-10; B new, not started, plan 1000; C preliminary.
            Problems: closed 5-20 by its deadline 5-31; closed 5-10 after its deadline 4-30; deadline 6-29, open;
            deadline 7-31, open.
    泉水:   D continuing, started 1-10, 80 of 100 reported 5-31; no problem.
    红旗:   E new, started 6-30, no annual plan; a problem raised 6-05, due 6-30, closed 6-20.
    """
    use_rule(monkeypatch, tmp_path, ("red_list = 3", "red_list = 1"), ("black_list = 3", "black_list = 1"))
    a = add_project(engine, street="营城子", start=date(2018, 3, 1), total=5000, annual=1000,
                    reports=[(date(2018, 6, 10), 600)])
    add_project(engine, street="营城子", stage="new", total=5000, annual=1000)
    add_project(engine, street="营城子", stage="preliminary", total=5000, annual=0)
    add_project(engine, street="泉水", start=date(2018, 1, 10), total=1000, annual=100,
                reports=[(date(2018, 5, 31), 80)])
    e = add_project(engine, street="红旗", stage="new", start=date(2018, 6, 30), total=1000, annual=0)

    def problem(pid, raised, deadline, closed=None):
        on_day(raised)
        issue = raise_problem(engine, pid, deadline)
        if closed:
            on_day(closed)
            close_problem(engine, issue)

    problem(a, date(2018, 4, 2), date(2018, 5, 31), date(2018, 5, 20))
    problem(a, date(2018, 4, 2), date(2018, 4, 30), date(2018, 5, 10))
    problem(a, date(2018, 4, 2), date(2018, 6, 29))
    problem(a, date(2018, 6, 1), date(2018, 7, 31))
    problem(e, date(2018, 6, 5), date(2018, 6, 30), date(2018, 6, 20))


POINTS = ["street", "start_rate_points", "investment_points", "problems_on_time_points", "data_current_points",
          "score", "rank"]


def test_each_part_of_the_formula_on_a_small_set(engine, streets):
    june = assessment.assessment(engine, 2018, 6, JUNE)
    # 营城子: 30 × 1/2; 30 × (0.3 ÷ 181/365) = 18.149; 25 × 1/3; 15 × 1/1
    assert june[POINTS].values.tolist() == [["泉水", 30.0, 30.0, 25.0, 0.0, 85.0, 1],
                                            ["红旗", 30.0, 30.0, 25.0, 0.0, 85.0, 1],
                                            ["营城子", 15.0, 18.1, 8.3, 15.0, 56.4, 3]]
    assert june[["on_time", "late", "reporting", "reported"]].values.tolist() == [[0, 0, 1, 0], [1, 0, 1, 0],
                                                                                   [1, 2, 1, 1]]
    may = assessment.assessment(engine, 2018, 5, JUNE)
    assert may[POINTS].values.tolist() == [["泉水", 30.0, 30.0, 25.0, 15.0, 100.0, 1],
                                           ["红旗", 0.0, 30.0, 25.0, 15.0, 70.0, 2],
                                           ["营城子", 15.0, 0.0, 12.5, 0.0, 27.5, 3]]
    # April: 红旗 70 (nothing to measure but its start), 泉水 55 (nothing reported yet), 营城子 40
    assert may[["previous_rank", "change"]].values.tolist() == [[2, 1], [1, -1], [3, 0]]
    assert june[["previous_rank", "change", "list"]].values.tolist() == [[1, 0, "red"], [2, 1, "red"],
                                                                         [3, 0, "black"]]


def test_the_first_month_and_a_running_month(engine, streets, on_day):
    january = assessment.assessment(engine, 2018, 1, JUNE)
    assert january["change"].isna().all() and january["previous_rank"].isna().all()
    assert assessment.months(2018, date(2018, 6, 15)) == [1, 2, 3, 4, 5, 6]
    assert assessment.month_as_of(2018, 6, date(2018, 6, 15)) == date(2018, 6, 15)
    assert assessment.month_as_of(2018, 2, JUNE) == date(2018, 2, 28)
    running = assessment.assessment(engine, 2018, 6, date(2018, 6, 15))  # as of 6-15: E not started yet
    assert running.set_index("street").loc["红旗", "start_rate_points"] == 0.0


def test_the_bulletin_shows_the_parts_and_downloads_as_xlsx(engine, streets):
    june = assessment.assessment(engine, 2018, 6, JUNE)
    table = assessment.bulletin(june, "zh")
    assert table.columns.tolist() == ["排名", "较上月", "所属街道", "得分", "开复工率得分", "开复工",
                                      "投资完成得分", "完成率 ÷ 序时进度", "按期销号得分", "按期销号", "数据更新得分",
                                      "当月报送", "榜单"]
    assert table.iloc[2].tolist() == [3, "持平", "营城子", 56.4, 15.0, "1/2 = 50.0%", 18.1, "30.0% ÷ 49.6%", 8.3,
                                      "1/3 = 33.3%", 15.0, "1/1 = 100.0%", "黑榜"]
    assert table.iloc[1][["较上月", "完成率 ÷ 序时进度", "榜单"]].tolist() == ["▲1", "不涉及，计满分", "红榜"]
    may = assessment.bulletin(assessment.assessment(engine, 2018, 5, JUNE), "en")
    assert may.iloc[:, 1].tolist() == ["▲1", "▼1", "same"]
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx({"通报": table, "考核办法": assessment.rule_sheet(
        assessment.current_rule(), "zh")})))
    rows = list(book["通报"].iter_rows(values_only=True))
    assert rows[0][:4] == ("排名", "较上月", "所属街道", "得分") and rows[3][:4] == (3, "持平", "营城子", 56.4)
    rules = [r[0] for r in book["考核办法"].iter_rows(values_only=True)]
    assert rules[0] == "考核办法" and rules[-1] == "红黑榜：得分前 1 名上红榜，后 1 名上黑榜，同分同榜。"


def test_a_changed_formula_changes_the_scores(engine, streets, monkeypatch, tmp_path):
    use_rule(monkeypatch, tmp_path, ("start_rate = 30", "start_rate = 40"), ("data_current = 15", "data_current = 5"))
    june = assessment.assessment(engine, 2018, 6, JUNE)
    # 营城子: 40 × 1/2 + 18.1 + 8.3 + 5 = 51.4; 泉水 and 红旗: 40 + 30 + 25 + 0 = 95
    assert june[["street", "score"]].values.tolist() == [["泉水", 95.0], ["红旗", 95.0], ["营城子", 51.4]]
    lines = assessment.describe(assessment.current_rule(), "zh")
    assert lines[0].startswith("月度得分（满分 100）= 开复工率 × 40 + 投资完成 × 30 + 问题按期销号率 × 25 + "
                               "数据更新率 × 5，")


@pytest.mark.parametrize("section, message", [
    ({"weights": {"start_rate": 30, "investment": 30, "problems_on_time": 25, "data_current": 14},
      "red_list": 3, "black_list": 3}, "add up to 99, not 100"),
    ({"weights": {"start_rate": 30, "investment": 30, "problems_on_time": 40}, "red_list": 3, "black_list": 3},
     "data_current: a weight ≥ 0 is needed"),
    ({"weights": {"start_rate": 30, "investment": 30, "problems_on_time": 25, "data_current": 15},
      "red_list": 0, "black_list": 3}, "red_list: a whole number ≥ 1"),
])
def test_a_broken_formula_is_refused_naming_the_key(section, message):
    with pytest.raises(RuleError) as error:
        assessment.AssessmentRule.of(section)
    assert message in str(error.value)
