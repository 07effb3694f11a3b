"""Metrics on small hand-made plans: edge cases a wrong query would get wrong."""
from datetime import date
from decimal import Decimal

import pandas as pd

from roadshow import metrics
from roadshow.i18n import fmt_rate
from tests.conftest import add_project

D = date(2018, 3, 31)


def test_an_empty_plan_has_zero_counts_and_undefined_rates(engine):
    figures = metrics.district(engine, 2018, D)
    assert figures["projects"] == 0 and figures["started"] == 0
    assert figures["total_investment_wan"] == Decimal("0.00")
    assert figures["resumption_rate"] is None
    assert figures["new_start_rate"] is None
    assert figures["completion_rate"] is None
    assert fmt_rate(figures["resumption_rate"]) == "—"


def test_a_zero_denominator_is_undefined_not_zero(engine):
    add_project(engine, stage="new", start=date(2018, 3, 1))
    add_project(engine, stage="new")
    figures = metrics.district(engine, 2018, D)
    assert figures["resumption_rate"] is None  # no continuing projects
    assert figures["new_start_rate"] == 0.5
    assert figures["started"] == 1


def test_a_start_on_the_as_of_date_counts_and_the_next_day_does_not(engine):
    add_project(engine, start=date(2018, 3, 31), total=700)
    add_project(engine, start=date(2018, 4, 1), total=300)
    figures = metrics.district(engine, 2018, D)
    assert figures["continuing_resumed"] == 1
    assert figures["resumption_rate"] == 0.5
    assert figures["started_investment_wan"] == Decimal("700.00")
    assert metrics.district(engine, 2018, date(2018, 3, 30))["started"] == 0


def test_the_year_boundary(engine):
    add_project(engine, start=date(2018, 12, 31))
    add_project(engine, start=date(2017, 12, 31))  # started before the plan year: not a start of 2018
    add_project(engine, year=2019, start=date(2019, 1, 1))
    assert metrics.district(engine, 2018, date(2018, 12, 30))["started"] == 0
    assert metrics.district(engine, 2018, date(2018, 12, 31))["started"] == 1
    assert metrics.district(engine, 2018, date(2019, 1, 1))["started"] == 1  # 2019's project is not 2018's
    assert metrics.district(engine, 2019, date(2019, 1, 1))["started"] == 1
    assert metrics.district(engine, 2019, date(2018, 12, 31))["started"] == 0
    assert metrics.default_as_of(2018, today=date(2026, 11, 23)) == date(2018, 12, 31)
    assert metrics.default_as_of(2026, today=date(2026, 11, 23)) == date(2026, 11, 23)


def test_preliminary_projects_never_count_as_started(engine):
    add_project(engine, stage="preliminary", start=date(2018, 2, 1))
    assert metrics.district(engine, 2018, D)["started"] == 0


def test_completed_investment_is_the_latest_report_up_to_the_date(engine):
    add_project(engine, annual=1000, reports=[(date(2018, 1, 31), "100.25"), (date(2018, 2, 28), "300.50"),
                                              (date(2018, 4, 30), "900")])
    add_project(engine, annual=1000, reports=[(date(2018, 3, 31), "199.75")])
    figures = metrics.district(engine, 2018, D)
    assert figures["completed_wan"] == Decimal("500.25")
    assert figures["completion_rate"] == 500.25 / 2000
    assert metrics.district(engine, 2018, date(2018, 1, 30))["completed_wan"] == Decimal("0.00")


def test_money_sums_are_exact(engine):
    for _ in range(10):
        add_project(engine, total="0.10", annual="0.10", start=date(2018, 1, 2))
    add_project(engine, total="8584999.00", annual="0", start=date(2018, 1, 2))
    figures = metrics.district(engine, 2018, D)
    assert figures["started_investment_wan"] == Decimal("8585000.00")
    assert figures["annual_plan_wan"] == Decimal("1.00")


def test_grouping_by_street_lists_every_street(engine):
    add_project(engine, street="营城子", start=date(2018, 3, 1))
    add_project(engine, street="营城子")
    add_project(engine, street="泉水", stage="new", start=date(2018, 3, 1))
    by_street = metrics.grouped(engine, 2018, D, "street").set_index("street")
    assert len(by_street) == 19
    assert by_street.loc["营城子", "resumption_rate"] == 0.5
    assert by_street.loc["泉水", "new_start_rate"] == 1.0
    assert pd.isna(by_street.loc["泉水", "resumption_rate"])
    assert by_street.loc["周水子", "projects"] == 0


def test_grouping_by_stage_and_category(engine):
    add_project(engine, category="commercial", start=date(2018, 3, 1))
    add_project(engine, category="commercial", stage="new", start=date(2018, 3, 1), total=50)
    add_project(engine, category="other", stage="preliminary")
    by_stage = metrics.grouped(engine, 2018, D, "stage").set_index("stage")
    assert by_stage["projects"].to_dict() == {"continuing": 1, "new": 1, "preliminary": 1}
    by_category = metrics.grouped(engine, 2018, D, "category").set_index("category")
    assert by_category.loc["commercial", "started"] == 2
    assert by_category.loc["commercial", "started_investment_wan"] == Decimal("1050.00")
    assert by_category.loc["other", "started"] == 0


def test_filters_narrow_every_figure(engine):
    add_project(engine, street="营城子", city_key=True, start=date(2018, 3, 1))
    add_project(engine, street="泉水", category="commercial", start=date(2018, 3, 1))
    assert metrics.district(engine, 2018, D, metrics.Filters(streets=("营城子",)))["projects"] == 1
    assert metrics.district(engine, 2018, D, metrics.Filters(city_key_only=True))["projects"] == 1
    assert metrics.district(engine, 2018, D, metrics.Filters(categories=("commercial",)))["started"] == 1
    assert metrics.district(engine, 2018, D, metrics.Filters(stages=("new",)))["projects"] == 0


def test_starts_by_day(engine):
    add_project(engine, start=date(2018, 3, 1))
    add_project(engine, start=date(2018, 3, 1))
    add_project(engine, stage="new", start=date(2018, 3, 2))
    add_project(engine, stage="new", start=date(2018, 4, 2))
    starts = metrics.starts_by_day(engine, 2018, D)
    assert starts.to_dict("records") == [
        {"date": date(2018, 3, 1), "stage": "continuing", "started": 2},
        {"date": date(2018, 3, 2), "stage": "new", "started": 1},
    ]
