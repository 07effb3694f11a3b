"""The demo data reproduces every published figure of domain.md and tells a usable story."""
import json
import os
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import sqlalchemy as sa

from roadshow import metrics
from roadshow.models import FollowUp, Issue, Meeting, Project, ProjectHistory, Rating, RatingCycle

ROOT = Path(__file__).resolve().parent.parent
Q1 = date(2018, 3, 31)


def test_the_plan_matches_the_published_figures(demo_engine):
    plan = metrics.district(demo_engine, 2018, Q1)
    assert plan["projects"] == 235
    assert (plan["continuing"], plan["new"], plan["preliminary"]) == (53, 88, 94)
    assert plan["total_investment_wan"] == Decimal("25900000.00")  # 2590 亿元
    assert plan["annual_plan_wan"] == Decimal("2660000.00")  # 266 亿元


def test_city_key_projects_match_the_published_figures(demo_engine):
    city = metrics.district(demo_engine, 2018, Q1, metrics.Filters(city_key_only=True))
    assert city["projects"] == 83
    assert city["total_investment_wan"] == Decimal("10730000.00")  # 1073 亿元
    assert city["annual_plan_wan"] == Decimal("2020000.00")  # 202 亿元


def test_first_quarter_matches_the_published_figures(demo_engine):
    q1 = metrics.district(demo_engine, 2018, Q1)
    assert q1["started"] == 63
    assert q1["started_investment_wan"] == Decimal("8585000.00")  # 858.5 亿元, exactly
    assert q1["continuing_resumed"] == 44
    assert q1["resumption_rate"] == 44 / 53
    assert round(q1["resumption_rate"] * 100) == 83
    assert q1["new_started"] == 19
    by_category = metrics.grouped(demo_engine, 2018, Q1, "category").set_index("category")["started"]
    assert by_category.to_dict() == {"commercial": 18, "livelihood": 16, "real_estate": 26, "industrial": 3,
                                     "infrastructure": 0, "other": 0}


def test_cli_metrics_json_prints_the_q1_figures(demo_url):
    out = subprocess.run(
        [sys.executable, "-m", "roadshow", "metrics", "--as-of", "2018-03-31", "--plan-year", "2018", "--json"],
        cwd=ROOT, env={**os.environ, "ROADSHOW_DATABASE_URL": demo_url}, capture_output=True, text=True, check=True,
    ).stdout
    figures = json.loads(out)
    assert figures["started"] == 63
    assert figures["continuing_resumed"] == 44
    assert figures["resumption_rate"] == 44 / 53
    assert figures["new_started"] == 19
    assert figures["started_investment_wan"] == 8585000
    assert figures["started_by_category"] == {"commercial": 18, "livelihood": 16, "real_estate": 26,
                                              "industrial": 3, "infrastructure": 0, "other": 0}
    assert sum(figures["started_by_street"].values()) == 63
    assert len(figures["started_by_street"]) == 19 and "营城子" in figures["started_by_street"]
    assert set(figures) == {
        "as_of", "plan_year", "projects", "by_stage", "total_investment_wan", "annual_plan_wan",
        "continuing_resumed", "resumption_rate", "new_started", "new_start_rate", "started",
        "started_investment_wan", "started_by_category", "started_by_street", "completed_wan", "completion_rate"}


def test_projects_are_spread_over_all_streets(demo_engine):
    by_street = metrics.grouped(demo_engine, 2018, date(2018, 6, 30), "street")
    assert len(by_street) == 19 and (by_street["projects"] > 0).all()
    assert by_street["projects"].max() < 60  # no street holds a quarter of the plan
    assert (by_street["continuing"] > 0).all()


def test_the_demo_has_a_first_half_year_story(demo_engine):
    with demo_engine.connect() as db:
        starts = db.execute(sa.select(Project.start_date).where(Project.start_date.is_not(None))).scalars()
        months = {d.month for d in starts}
        assert months == {1, 2, 3, 4, 5, 6}
        history_months = {d.month for d in db.execute(sa.select(ProjectHistory.changed_at)).scalars()}
        assert {1, 2, 3, 4, 5, 6} <= history_months
        meetings = db.execute(sa.select(Meeting.held_on).order_by(Meeting.held_on)).scalars().all()
        assert [m.month for m in meetings] == [3, 6]
        levels = set(db.execute(sa.select(FollowUp.level)).scalars())
        assert levels == {"weekly", "monthly", "quarterly"}
        statuses = set(db.execute(sa.select(Issue.status)).scalars())
        assert statuses == {"open", "in_progress", "closure_requested", "resolved"}
        overdue_mid_year = db.execute(sa.select(sa.func.count(Issue.id)).where(
            Issue.deadline < date(2018, 6, 30), Issue.status != "resolved")).scalar()
        assert overdue_mid_year > 0
        # the first quarter rated by the rule and confirmed; the second left to the dispatch office
        assert db.execute(sa.select(Rating.cycle, sa.func.count()).group_by(Rating.cycle)).all() == [("2018Q1", 235)]
        assert db.execute(sa.select(RatingCycle.code, RatingCycle.as_of, RatingCycle.confirmed_by)).all() == [
            ("2018Q1", Q1, "dispatch")]
        assert db.execute(sa.select(sa.func.count()).select_from(Project).join(Rating).where(
            Project.stars != Rating.stars)).scalar() == 0
        assert db.execute(sa.select(sa.func.count(Project.id)).where(Project.suspended)).scalar() > 0
    mid_year = metrics.district(demo_engine, 2018, date(2018, 6, 30))
    assert mid_year["started"] > 63
    assert 0 < mid_year["completion_rate"] < 1


def test_the_roadshows_problems_follow_the_lifecycle(demo_engine):
    """Both roadshows are closed; their problems cover every type, and the first one's tell every
    story of 销号 by the end of June — counted here straight from the tables."""
    with demo_engine.connect() as db:
        meetings = db.execute(sa.select(Meeting.held_on, Meeting.quarter, Meeting.closed_at.is_not(None))
                              .order_by(Meeting.held_on)).all()
        assert [tuple(m) for m in meetings] == [(date(2018, 3, 28), 1, True), (date(2018, 6, 27), 2, True)]
        types = set(db.execute(sa.select(Issue.problem_type)).scalars())
        assert types == {"land", "planning", "funding", "demolition", "utilities", "environment", "other"}
        assert db.execute(sa.select(sa.func.count()).where(Issue.leader.is_(None))).scalar() == 0

        def first_roadshow(*conditions):
            return db.execute(sa.select(sa.func.count(sa.distinct(Issue.id))).select_from(Issue)
                              .outerjoin(FollowUp, FollowUp.issue_id == Issue.id)
                              .where(Issue.meeting_id == 1, *conditions)).scalar()
        closed = FollowUp.action == "close"
        assert first_roadshow() == 36
        assert first_roadshow(closed, FollowUp.held_on <= Issue.deadline) > 0  # on time
        assert first_roadshow(closed, FollowUp.held_on > Issue.deadline) > 0  # late
        assert first_roadshow(Issue.status == "closure_requested") == 4  # waiting for the dispatch office
        assert first_roadshow(FollowUp.action == "send_back") == 2
        assert first_roadshow(FollowUp.action == "extend") == 2
        assert first_roadshow(FollowUp.action == "reopen") == 1
        levels = set(db.execute(sa.select(FollowUp.level).where(FollowUp.action == "follow_up")).scalars())
        assert levels == {"weekly", "monthly", "quarterly"}
    # still overdue at the end of June: not closed and past the deadline in force
    assert metrics.problems(demo_engine, 2018, date(2018, 6, 30))["overdue"].item() == 14
