"""District figures on a small plan whose every number is worked out by hand: each rate over its
own stage, what a started figure leaves out, and the district's order of streets."""
from datetime import date
from decimal import Decimal

import pytest

from roadshow import metrics
from tests.conftest import add_project

D = date(2018, 3, 31)


@pytest.fixture
def plan(engine):
    """营城子: 4 continuing (3 resumed by D, totals 100/200/300, one 400 not yet), 2 new (one started, 50),
    2 preliminary (one with a stray start date, 1000). Annual plans 10 each: 80 in all."""
    for total, start in ((100, date(2018, 1, 2)), (200, date(2018, 2, 1)), (300, D), (400, date(2018, 4, 1))):
        add_project(engine, total=total, annual=10, start=start)
    add_project(engine, stage="new", total=50, annual=10, start=date(2018, 3, 15), reports=[(D, "20")])
    add_project(engine, stage="new", total=60, annual=10)
    add_project(engine, stage="preliminary", total=1000, annual=10, start=date(2018, 2, 1))
    add_project(engine, stage="preliminary", total=5, annual=10)
    return engine


def test_each_rate_is_over_its_own_stage(plan):
    d = metrics.district(plan, 2018, D)
    assert (d["projects"], d["continuing"], d["new"], d["preliminary"]) == (8, 4, 2, 2)
    assert (d["continuing_resumed"], d["new_started"], d["started"]) == (3, 1, 4)
    assert d["resumption_rate"] == 0.75  # 3 of 4 continuing, not of 8 projects
    assert d["new_start_rate"] == 0.5  # 1 of 2 new
    assert d["completion_rate"] == 0.25  # 20 of the annual plans' 80


def test_started_investment_is_the_started_projects_total_only(plan):
    """100 + 200 + 300 resumed and 50 new: not the project resuming on 1 April, not a preliminary one."""
    assert metrics.district(plan, 2018, D)["started_investment_wan"] == Decimal("650.00")
    assert metrics.district(plan, 2018, date(2018, 4, 1))["started_investment_wan"] == Decimal("1050.00")


def test_streets_come_in_the_districts_order(engine):
    add_project(engine, street="杨树沟", start=D)
    by_street = metrics.grouped(engine, 2018, D, "street")
    assert list(by_street["street"][:6]) == ["周水子", "椒金山", "甘井子", "泡崖", "中华路", "兴华"]
    assert list(by_street["street"][-2:]) == ["南关岭", "杨树沟"]
    assert list(by_street["started"][-2:]) == [0, 1]
