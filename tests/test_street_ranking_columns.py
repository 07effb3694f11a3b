"""The street ranking's columns beside the rates, worked out by hand: open problems (resolved ones left
out), overdue ones, and the average of the stars in force."""
from datetime import date

from roadshow import metrics, problems
from tests.conftest import DISPATCH, add_project, add_rating, close_problem, raise_problem


def test_open_and_overdue_problems_and_average_stars(engine, on_day):
    first = add_project(engine, street="营城子", start=date(2018, 3, 1))
    second = add_project(engine, street="营城子")
    on_day(date(2018, 4, 2))
    closed = raise_problem(engine, first, date(2018, 4, 20), "用地未落实", "区自然资源分局")
    moving = raise_problem(engine, first, date(2018, 4, 20), "资金不足", "区发改局")
    raise_problem(engine, second, date(2018, 5, 31), "施工许可未办", "区住建局")
    on_day(date(2018, 4, 10))
    close_problem(engine, closed)
    problems.take_step(DISPATCH, moving, "follow_up", "weekly", "推进中", engine=engine)
    add_rating(engine, first, "2018M4", date(2018, 4, 10), 5)
    add_rating(engine, second, "2018M4", date(2018, 4, 10), 2)
    row = metrics.street_ranking(engine, 2018, date(2018, 4, 30)).set_index("street").loc["营城子"]
    assert (row["open"], row["overdue"], row["stars"]) == (2, 1, 3.5)
