"""Shared links and the day a plan year opens on."""
from datetime import date

from roadshow import metrics
from roadshow.database import write_session
from roadshow.models import FollowUp, Issue, Meeting, Rating
from tests.conftest import add_project
from tests.test_leader_pages import open_page


def test_choosing_a_street_keeps_every_filter_in_the_link(demo_url):
    at = open_page("streets", as_of="2018-03-31", city_key="true")
    at.selectbox(key="street").set_value("营城子").run()
    assert not at.exception
    assert dict(at.query_params) == {"as_of": "2018-03-31", "city_key": "true", "street": "营城子"}
    assert at.header[0].value == "营城子街道"


def test_choosing_a_project_keeps_every_filter_in_the_link(demo_url):
    at = open_page("ledger", as_of="2018-03-31", stages=["new"])
    at.selectbox(key="project").set_value("GJZ-2018-007").run()
    assert not at.exception
    assert dict(at.query_params) == {"as_of": "2018-03-31", "stages": "new", "project": "GJZ-2018-007"}


def test_a_past_plan_year_opens_on_its_latest_day_with_data(demo_url):
    """The demo's last data are the Q2 investment reports and ratings of 2018-06-30."""
    at = open_page("overview")
    assert at.date_input(key="as_of").value == date(2018, 6, 30)
    assert at.caption[0].value == "2018年度计划 · 截至 2018-06-30 · Δ 对比 2018-06-27「2018年二季度重点项目路演」"


def test_the_opening_day_is_the_latest_of_starts_reports_follow_ups_roadshows_and_ratings(engine):
    over = date(2020, 1, 15)  # a "today" after the plan year
    assert metrics.opening_as_of(engine, 2018, over) == date(2018, 12, 31)  # no data at all
    pid = add_project(engine, start=date(2018, 3, 1), reports=[(date(2018, 4, 30), 10), (date(2019, 1, 31), 20)])
    assert metrics.opening_as_of(engine, 2018, over) == date(2018, 4, 30)  # the report of 2019 is not 2018's
    add_project(engine, start=date(2018, 5, 2), name="五月开工")
    assert metrics.opening_as_of(engine, 2018, over) == date(2018, 5, 2)
    with write_session(engine) as session:
        session.add(Meeting(plan_year=2018, held_on=date(2018, 6, 27), title="二季度路演"))
        session.add(Meeting(plan_year=2019, held_on=date(2018, 12, 20), title="下一年度"))  # another year's
    assert metrics.opening_as_of(engine, 2018, over) == date(2018, 6, 27)
    with write_session(engine) as session:
        issue = Issue(project_id=pid, raised_on=date(2018, 6, 27), description="用地", owner_unit="国土分局")
        session.add(issue)
        session.flush()
        session.add(FollowUp(issue_id=issue.id, level="weekly", held_on=date(2018, 7, 4), note="推进",
                             status_after="in_progress"))
    assert metrics.opening_as_of(engine, 2018, over) == date(2018, 7, 4)
    with write_session(engine) as session:
        session.add(Rating(project_id=pid, cycle="2018Q3", level="quarterly", rated_on=date(2018, 9, 30),
                           benefit_score=30, problem_score=20, progress_score=20, stars=4))
    assert metrics.opening_as_of(engine, 2018, over) == date(2018, 9, 30)
    # while the year runs it opens on today; on its last day too
    assert metrics.opening_as_of(engine, 2018, date(2018, 8, 1)) == date(2018, 8, 1)
    assert metrics.opening_as_of(engine, 2018, date(2018, 12, 31)) == date(2018, 12, 31)
    assert metrics.opening_as_of(engine, 2018, date(2019, 1, 1)) == date(2018, 9, 30)
