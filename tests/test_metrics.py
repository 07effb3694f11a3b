"""Metrics on small hand-made plans: edge cases a wrong query would get wrong."""
from datetime import UTC, date, datetime
from decimal import Decimal

import pandas as pd
import pytest

from roadshow import meetings, metrics, problems
from roadshow.auth import Actor
from roadshow.database import write_session
from roadshow.i18n import fmt_rate
from roadshow.models import Project
from tests.conftest import add_project, add_rating

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


def test_streets_rank_by_resumption_then_new_start_then_completion_undefined_last(engine, on_day):
    def street(name, continuing=0, resumed=0, new=0, started=0, completed=0, preliminary=0):
        for n in range(continuing):
            add_project(engine, street=name, start=date(2018, 3, 1) if n < resumed else None,
                        reports=[(date(2018, 3, 1), completed)] if n == 0 and completed else ())
        for n in range(new):
            add_project(engine, street=name, stage="new", start=date(2018, 3, 1) if n < started else None)
        for _ in range(preliminary):
            add_project(engine, street=name, stage="preliminary")
    street("营城子", continuing=2, resumed=1)                          # 50%
    street("泉水", continuing=1, resumed=1, new=2, started=1, completed=30)  # 100%, 50%, 30/300 = 10%
    street("红旗", continuing=1, resumed=1, new=2, started=2)          # 100%, 100%, 0%
    street("凌水", continuing=1, resumed=1, new=2, started=1, completed=150)  # 100%, 50%, 150/300 = 50%
    street("机场", new=1, started=1)                                   # resumption undefined, 100%
    street("周水子", preliminary=1)                                    # both undefined
    on_day(date(2018, 3, 2))
    problems.raise_problem(Actor("dispatch", "dispatcher"), 1, "用地", "land", "区自然资源局", date(2018, 3, 30),
                           engine=engine)
    ranking = metrics.street_ranking(engine, 2018, D)
    assert list(ranking["street"]) == ["红旗", "凌水", "泉水", "营城子", "机场", "周水子"]
    assert list(ranking["rank"]) == [1, 2, 3, 4, 5, 6]
    yingchengzi = ranking.set_index("street").loc["营城子"]
    assert (yingchengzi["open"], yingchengzi["overdue"]) == (1, 1)
    assert ranking.set_index("street").loc["红旗", "open"] == 0


def test_star_ratings_count_from_the_day_they_are_given(engine):
    first = add_project(engine, street="营城子")
    second = add_project(engine, street="营城子")
    third = add_project(engine, street="泉水")
    add_project(engine, street="泉水")  # never rated
    add_rating(engine, first, "2018Q1", date(2018, 3, 31), 4)
    add_rating(engine, second, "2018Q1", date(2018, 3, 31), 1)
    add_rating(engine, first, "2018-04", date(2018, 4, 1), 5)
    add_rating(engine, third, "2018-04", date(2018, 4, 1), 3)

    def distribution(day):
        return list(metrics.star_distribution(engine, 2018, day)["projects"])
    assert distribution(date(2018, 3, 30)) == [0, 0, 0, 0, 0]
    assert distribution(date(2018, 3, 31)) == [1, 0, 0, 1, 0]
    assert distribution(date(2018, 4, 1)) == [1, 0, 1, 0, 1]
    assert list(metrics.star_distribution(engine, 2018, D)["stars"]) == [1, 2, 3, 4, 5]
    assert distribution_of_street(engine, "泉水", date(2018, 4, 1)) == [0, 0, 1, 0, 0]
    assert metrics.place_stars(engine, 2018, date(2018, 3, 31)) == {"营城子": 2.5, "泉水": None}
    assert metrics.place_stars(engine, 2018, date(2018, 4, 1)) == {"营城子": 3.0, "泉水": 3.0}


def distribution_of_street(engine, street, day):
    return list(metrics.star_distribution(engine, 2018, day, metrics.Filters(streets=(street,)))["projects"])


def test_the_previous_roadshow_is_the_last_one_held_before_the_day(engine):
    dispatch = Actor("dispatch", "dispatcher")
    meetings.create_meeting(dispatch, 2018, date(2018, 6, 28), "二季度路演", engine=engine)
    meetings.create_meeting(dispatch, 2018, date(2018, 3, 30), "一季度路演", engine=engine)
    meetings.create_meeting(dispatch, 2019, date(2018, 12, 1), "2019 年预备会", engine=engine)
    assert metrics.previous_meeting(engine, 2018, date(2018, 3, 30)) is None  # held that day: not "previous"
    assert metrics.previous_meeting(engine, 2018, date(2018, 3, 31)) == (date(2018, 3, 30), "一季度路演")
    assert metrics.previous_meeting(engine, 2018, date(2018, 6, 28)) == (date(2018, 3, 30), "一季度路演")
    assert metrics.previous_meeting(engine, 2018, date(2018, 6, 29)) == (date(2018, 6, 28), "二季度路演")
    assert metrics.previous_meeting(engine, 2018, date(2018, 12, 31)) == (date(2018, 6, 28), "二季度路演")


def test_plan_years_newest_first(engine):
    assert metrics.plan_years(engine) == [] and metrics.latest_plan_year(engine) is None
    add_project(engine, year=2018)
    add_project(engine, year=2019)
    add_project(engine, year=2017)
    add_project(engine, year=2018)
    assert metrics.plan_years(engine) == [2019, 2018, 2017]
    assert metrics.latest_plan_year(engine) == 2019


def test_the_default_day_is_today_within_the_plan_year(on_day):
    on_day(date(2018, 12, 30))
    assert metrics.default_as_of(2018) == date(2018, 12, 30)
    on_day(date(2018, 12, 31))
    assert metrics.default_as_of(2018) == date(2018, 12, 31)
    on_day(date(2019, 1, 1))
    assert metrics.default_as_of(2018) == date(2018, 12, 31)
    assert metrics.default_as_of(2019) == date(2019, 1, 1)


def test_grouping_lists_every_category_and_stage_in_order_and_follows_filters(engine):
    add_project(engine, street="营城子", category="commercial", start=date(2018, 3, 1))
    add_project(engine, street="泉水", category="industrial", stage="new", start=date(2018, 3, 1))
    by_category = metrics.grouped(engine, 2018, D, "category")
    assert list(by_category["category"]) == ["commercial", "livelihood", "real_estate", "industrial",
                                             "infrastructure", "other"]
    assert list(by_category["started"]) == [1, 0, 0, 1, 0, 0]
    assert list(metrics.grouped(engine, 2018, D, "stage")["stage"]) == ["continuing", "new", "preliminary"]
    only = metrics.grouped(engine, 2018, D, "street", metrics.Filters(streets=("泉水", "红旗")))
    assert list(only["street"]) == ["泉水", "红旗"]
    assert list(only["new_started"]) == [1, 0]
    new_only = metrics.grouped(engine, 2018, D, "category", metrics.Filters(stages=("new",)))
    assert list(new_only["projects"]) == [0, 0, 0, 1, 0, 0]
    with pytest.raises(ValueError):
        metrics.grouped(engine, 2018, D, "leader")


def test_started_breakdown_has_the_groups_with_started_projects(engine):
    add_project(engine, street="营城子", category="commercial", start=date(2018, 3, 1), total=100)
    add_project(engine, street="营城子", category="commercial", stage="new", start=date(2018, 3, 31), total=20)
    add_project(engine, street="营城子", category="commercial", stage="new", start=date(2018, 4, 1), total=7)
    add_project(engine, street="泉水", category="commercial", start=date(2018, 2, 1), total=50)
    add_project(engine, street="泉水", category="industrial", total=3)
    breakdown = metrics.started_breakdown(engine, 2018, D, ("category", "street"))
    rows = sorted(tuple(r) for r in breakdown.itertuples(index=False))
    assert rows == [("commercial", "泉水", 1, Decimal("50.00")), ("commercial", "营城子", 2, Decimal("120.00")),
                    ("industrial", "泉水", 0, Decimal("0.00"))]


def test_last_updated_per_street(engine):
    first = add_project(engine, street="营城子")
    second = add_project(engine, street="营城子")
    third = add_project(engine, street="泉水")
    add_project(engine, street="红旗", year=2019)
    with write_session(engine) as session:
        for pid, who, moment in ((first, "wang", datetime(2018, 4, 2, 1, tzinfo=UTC)),
                                 (second, "li", datetime(2018, 4, 3, 2, tzinfo=UTC)),
                                 (third, "zhao", datetime(2018, 4, 1, 9, tzinfo=UTC))):
            project = session.get(Project, pid)
            project.updated_by, project.updated_at = who, moment
    updated = metrics.last_updated(engine, 2018)
    rows = sorted((r.street, utc(r.updated_at), r.updated_by) for r in updated.itertuples())
    assert rows == [("泉水", datetime(2018, 4, 1, 9, tzinfo=UTC), "zhao"),
                    ("营城子", datetime(2018, 4, 3, 2, tzinfo=UTC), "li")]


def utc(moment) -> datetime:
    """A stored moment as an aware UTC datetime (SQLite gives naive UTC, PostgreSQL an aware one)."""
    moment = pd.Timestamp(moment).to_pydatetime()
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def test_the_metrics_report(engine):
    add_project(engine, street="营城子", category="commercial", start=date(2018, 3, 1), total=700, annual=70,
                reports=[(date(2018, 3, 31), "35")])
    add_project(engine, street="泉水", stage="new", total=300, annual=30)
    add_project(engine, street="泉水", stage="preliminary", total=50, annual=0)
    report = metrics.report(engine, 2018, D)
    assert report["by_stage"] == {"continuing": 1, "new": 1, "preliminary": 1}
    assert (report["started"], report["resumption_rate"], report["new_start_rate"]) == (1, 1.0, 0.0)
    assert report["started_investment_wan"] == Decimal("700.00")
    assert (report["completed_wan"], report["completion_rate"]) == (Decimal("35.00"), 0.35)
    assert report["started_by_category"] == {"commercial": 1, "livelihood": 0, "real_estate": 0, "industrial": 0,
                                             "infrastructure": 0, "other": 0}
    assert report["started_by_street"]["营城子"] == 1 and report["started_by_street"]["泉水"] == 0


def test_starts_by_day_follows_the_filters_and_the_plan_year(engine):
    add_project(engine, street="营城子", start=date(2018, 1, 1))
    add_project(engine, street="泉水", start=date(2018, 1, 1))
    add_project(engine, street="泉水", start=date(2017, 12, 31))
    add_project(engine, street="泉水", stage="preliminary", start=date(2018, 1, 2))
    assert metrics.starts_by_day(engine, 2018, date(2018, 1, 1), metrics.Filters(streets=("泉水",))).to_dict(
        "records") == [{"date": date(2018, 1, 1), "stage": "continuing", "started": 1}]
    assert metrics.starts_by_day(engine, 2018, date(2017, 12, 31)).empty


@pytest.mark.parametrize("plan_year, as_of, share", [
    (2018, date(2018, 1, 1), 1 / 365),  # the first day counts itself
    (2018, date(2018, 3, 31), 90 / 365),  # 31 + 28 + 31
    (2018, date(2018, 12, 31), 1.0),
    (2018, date(2019, 2, 1), 1.0),  # after the year: all of it
    (2018, date(2017, 12, 31), 0.0),  # before the year: none of it
    (2020, date(2020, 3, 1), 61 / 366),  # a leap year: 31 + 29 + 1
])
def test_time_elapsed_share_counts_days_up_to_and_including_the_date(plan_year, as_of, share):
    assert metrics.time_elapsed_share(plan_year, as_of) == pytest.approx(share)
