"""A plan year's figures hold that year's projects only, even when another year's project of the same
street has problems, ratings and a later update at the very same moment."""
from datetime import UTC, date, datetime

import pytest

from roadshow import metrics, queries
from roadshow.auth import Actor
from roadshow.database import write_session
from roadshow.models import Project, ProjectHistory
from tests.conftest import add_project, add_rating, raise_problem

DISPATCH = Actor("dispatch", "dispatcher")
D = date(2018, 5, 31)


@pytest.fixture
def two_years(engine, on_day):
    """营城子 has a 2018 project (one problem, due 5-10, and 3 stars) and a 2019 project prepared in 2018
    (two problems, due 5-01, and 5 stars), both last updated at 2018-05-20 01:00 UTC, by wang and by an;
    another 2019 project there was updated later, on 5-21, by zhou. Both first projects reported investment on 4-10."""
    this = add_project(engine, start=date(2018, 3, 1), name="本年度项目")
    next_year = add_project(engine, year=2019, name="下年度项目")
    later = add_project(engine, year=2019, name="下年度另一项目")
    on_day(date(2018, 4, 2))
    raise_problem(engine, this, date(2018, 5, 10), "用地未落实", "区自然资源分局")
    for text in ("规划未批", "资金不足"):
        raise_problem(engine, next_year, date(2018, 5, 1), text, "区发改局")
    on_day(date(2018, 4, 30))
    add_rating(engine, this, "2018M4", date(2018, 4, 30), 3)
    add_rating(engine, next_year, "2018M4", date(2018, 4, 30), 5)
    moment = datetime(2018, 5, 20, 1, tzinfo=UTC)
    with write_session(engine) as session:
        for pid, who in ((this, "wang"), (next_year, "an")):
            project = session.get(Project, pid)
            project.updated_by, project.updated_at = who, moment
        project = session.get(Project, later)
        project.updated_by, project.updated_at = "zhou", datetime(2018, 5, 21, tzinfo=UTC)
        for pid, value in ((this, "5.00"), (next_year, "6.00")):
            session.add(ProjectHistory(project_id=pid, changed_at=datetime(2018, 4, 10, 2, tzinfo=UTC),
                                       changed_by="dispatch", field="completed_wan", old_value="0.00",
                                       new_value=value))
    return engine


def test_problem_counts_hold_the_years_problems_only(two_years):
    assert metrics.problems(two_years, 2018, D).to_dict("records") == [
        {"raised": 1, "open": 1, "overdue": 1, "resolved": 0}]
    assert metrics.problems(two_years, 2018, D, by_street=True).to_dict("records") == [
        {"raised": 1, "open": 1, "overdue": 1, "resolved": 0, "street": "营城子"}]


def test_the_ranking_and_the_star_figures_hold_the_years_projects_only(two_years):
    yingchengzi = metrics.street_ranking(two_years, 2018, D).set_index("street").loc["营城子"]
    assert (yingchengzi["open"], yingchengzi["overdue"], yingchengzi["stars"]) == (1, 1, 3.0)
    assert yingchengzi["updated_by"] == "wang"  # not an, who updated next year's project at the same moment
    assert list(metrics.star_distribution(two_years, 2018, D)["projects"]) == [0, 0, 1, 0, 0]


def test_the_attention_list_and_the_follow_up_list_hold_the_years_problems_only(two_years):
    assert [(r.kind, r.since, r.detail) for r in metrics.needs_attention(two_years, 2018, D).itertuples()] == [
        ("overdue_problem", date(2018, 5, 10), "用地未落实")]
    assert list(queries.follow_up_list(two_years, 2018, D)["description"]) == ["用地未落实"]


def test_the_changes_since_a_roadshow_hold_the_years_projects_only(two_years):
    changes = queries.changes_between(two_years, 2018, date(2018, 4, 1), D)
    assert [(r.name, r.field, r.new_value) for r in changes.itertuples()] == [
        ("本年度项目", "completed_wan", "5.00")]
