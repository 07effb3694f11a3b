"""The street ranking's columns beside the rates, worked out by hand: open problems (resolved ones left
out), overdue ones, and the average of the stars in force."""
from datetime import date

from roadshow import metrics, services
from roadshow.auth import Actor
from tests.conftest import add_project

DISPATCH = Actor("dispatch", "dispatcher")


def test_open_and_overdue_problems_and_average_stars(engine, on_day):
    first = add_project(engine, street="营城子", start=date(2018, 3, 1))
    second = add_project(engine, street="营城子")
    on_day(date(2018, 4, 2))
    closed = services.raise_issue(DISPATCH, first, "用地未落实", "区自然资源分局", date(2018, 4, 20), engine=engine)
    moving = services.raise_issue(DISPATCH, first, "资金不足", "区发改局", date(2018, 4, 20), engine=engine)
    services.raise_issue(DISPATCH, second, "施工许可未办", "区住建局", date(2018, 5, 31), engine=engine)
    on_day(date(2018, 4, 10))
    services.add_follow_up(DISPATCH, closed, "weekly", "已解决", "resolved", engine)
    services.add_follow_up(DISPATCH, moving, "weekly", "推进中", "in_progress", engine)
    services.rate_project(DISPATCH, first, "2018M4", 40, 30, 30, engine)  # 100: 5 stars
    services.rate_project(DISPATCH, second, "2018M4", 20, 10, 10, engine)  # 40: 2 stars
    row = metrics.street_ranking(engine, 2018, date(2018, 4, 30)).set_index("street").loc["营城子"]
    assert (row["open"], row["overdue"], row["stars"]) == (2, 1, 3.5)
