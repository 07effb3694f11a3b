"""The overview page (总览) under AppTest."""
from datetime import date

from streamlit.testing.v1 import AppTest

from tests.conftest import add_user, browse_as

APP = "../app.py"


def run_overview(user="leader", **query) -> AppTest:
    browse_as(user)
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params.update(query)
    return at.run()


def metric_values(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_overview_shows_the_first_quarter_figures(demo_url):
    at = run_overview()
    at.date_input(key="as_of").set_value(date(2018, 3, 31)).run()
    assert not at.exception
    values = metric_values(at)
    assert values["复工率"] == "83.0%"
    assert values["开复工项目"] == "63"
    assert values["计划推进项目"] == "235"
    assert values["总投资（亿元）"] == "2,590"
    assert len(at.get("plotly_chart")) == 4


def test_time_travel_changes_the_figures(demo_url):
    at = run_overview(as_of="2018-03-31")
    assert metric_values(at)["开复工项目"] == "63"
    at.date_input(key="as_of").set_value(date(2018, 6, 30)).run()
    assert metric_values(at)["开复工项目"] == "100"
    at.date_input(key="as_of").set_value(date(2018, 1, 1)).run()
    assert metric_values(at)["开复工项目"] == "0"


def test_the_language_switch(demo_url):
    at = run_overview(as_of="2018-03-31")
    at.button_group(key="lang").set_value("en").run()
    assert not at.exception
    assert metric_values(at)["Resumption rate"] == "83.0%"
    assert at.title[0].value == "Key projects overview"


def test_a_shared_link_keeps_language_and_date(demo_url):
    at = run_overview(as_of="2018-03-31", lang="English")
    assert metric_values(at)["Projects started"] == "63"


def test_an_empty_database_explains_what_to_do(engine):
    add_user(engine, "leader", "leader")
    at = run_overview()
    assert not at.exception
    assert "请先导入项目台账" in at.info[0].value
