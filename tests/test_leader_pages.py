"""The leaders' pages under AppTest: filters from the URL, time travel, the street
report, the ledger, meeting mode — and every figure equal to `python -m roadshow metrics`."""
import json
import os
import re
import subprocess
import sys
from datetime import date
from itertools import groupby
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from roadshow import metrics
from roadshow.i18n import fmt_rate
from tests.conftest import browse_as
from tests.slides_shown import counter, next_slide, shown_slide

ROOT = Path(__file__).resolve().parent.parent


def open_page(page: str, user="leader", **query) -> AppTest:
    """A view as opened from a link with these query parameters, by a signed-in user
    (sign-in and navigation themselves are tested through app.py elsewhere)."""
    browse_as(user)
    at = AppTest.from_file(f"../pages/{page}.py", default_timeout=60)
    at.query_params.update(query)
    at.run()
    assert not at.exception, at.exception
    return at


def cards(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def cli_metrics(url: str, *args: str) -> dict:
    out = subprocess.run([sys.executable, "-m", "roadshow", "metrics", "--json", *args], cwd=ROOT, check=True,
                         env={**os.environ, "ROADSHOW_DATABASE_URL": url}, capture_output=True, text=True).stdout
    return json.loads(out)


CASES = [  # (query parameters, the same filters for the CLI)
    ({"as_of": "2018-03-31"}, ["--as-of", "2018-03-31"]),
    ({"as_of": "2018-06-30", "city_key": "true"}, ["--as-of", "2018-06-30", "--city-key"]),
    ({"as_of": "2018-05-15", "streets": ["营城子", "泉水"], "stages": ["continuing", "new"]},
     ["--as-of", "2018-05-15", "--street", "营城子", "--street", "泉水", "--stage", "continuing", "--stage", "new"]),
    ({"as_of": "2018-04-30", "categories": ["real_estate"]}, ["--as-of", "2018-04-30", "--category", "real_estate"]),
]


@pytest.mark.parametrize("query, cli", CASES, ids=["q1", "city-key", "streets+stages", "category"])
def test_overview_figures_equal_the_cli_for_the_same_filters(demo_url, query, cli):
    expected = cli_metrics(demo_url, "--plan-year", "2018", *cli)
    shown = cards(open_page("overview", **query))
    assert shown["计划推进项目"] == str(expected["projects"])
    assert shown["开复工项目"] == str(expected["started"])
    assert shown["复工率"] == fmt_rate(expected["resumption_rate"])
    assert shown["开工率"] == fmt_rate(expected["new_start_rate"])
    assert shown["投资完成率"] == fmt_rate(expected["completion_rate"])


def test_overview_shows_the_change_since_the_last_roadshow(demo_url, demo_engine):
    at = open_page("overview", as_of="2018-06-30")
    then = metrics.district(demo_engine, 2018, date(2018, 6, 27))["started"]
    now = metrics.district(demo_engine, 2018, date(2018, 6, 30))["started"]
    started = next(m for m in at.metric if m.label == "开复工项目")
    assert started.delta == f"{now - then:+d}"
    assert "2018-06-27" in at.caption[0].value


def test_overview_lists_what_needs_attention(demo_url, demo_engine):
    at = open_page("overview", as_of="2018-06-30")
    attention = metrics.needs_attention(demo_engine, 2018, date(2018, 6, 30))
    counts = attention["kind"].value_counts()
    assert f"问题逾期 {counts['overdue_problem']}" in " ".join(c.value for c in at.caption)
    assert counts["suspended"] == 4 and counts["late_start"] > 0
    assert len(at.get("plotly_chart")) == 4


def test_time_travel_changes_every_figure(demo_url):
    early, late = cards(open_page("overview", as_of="2018-02-01")), cards(open_page("overview", as_of="2018-06-30"))
    assert int(early["开复工项目"]) < int(late["开复工项目"])
    assert early["复工率"] != late["复工率"] and early["投资完成率"] != late["投资完成率"]


def test_street_ranking_and_report(demo_url, demo_engine):
    at = open_page("streets", as_of="2018-03-31", street="营城子")
    ranking = at.dataframe[0].value
    assert len(ranking) == 19 and list(ranking["排名"]) == list(range(1, 20))
    assert at.header[0].value == "营城子街道"
    expected = metrics.district(demo_engine, 2018, date(2018, 3, 31), metrics.Filters(streets=("营城子",)))
    shown = cards(at)
    assert shown["计划推进项目"] == str(expected["projects"])
    assert shown["复工率"] == fmt_rate(expected["resumption_rate"])
    row = ranking[ranking["所属街道"] == "营城子"].iloc[0]
    assert row["开复工项目"] == expected["started"] and row["复工率"] == fmt_rate(expected["resumption_rate"])
    assert any("2018-03-28 路演以来的变化" in s.value for s in at.subheader)
    before_any = open_page("streets", as_of="2018-03-20", street="营城子")
    assert not any("路演以来的变化" in s.value for s in before_any.subheader)  # no roadshow yet


def test_ledger_search_filters_and_detail(demo_url):
    at = open_page("ledger", as_of="2018-06-30", q="营城子", stages=["new"])
    table = at.dataframe[0].value
    assert len(table) > 0 and table["项目名称"].str.contains("营城子").all()
    assert set(table["建设性质"]) == {"新开工"}
    code = table["项目编号"].iloc[0]
    detail = open_page("ledger", as_of="2018-06-30", project=code)
    assert detail.header[0].value == table["项目名称"].iloc[0]
    assert any("创建" in m.value for m in detail.markdown)  # the history timeline


def stop(at: AppTest):
    """Meeting mode's choice of stop (回头看, the summary, a street…)."""
    return next(box for box in at.selectbox if box.key.startswith("stop:"))


def test_meeting_mode_walks_every_slide_with_next_only(demo_url):
    at = open_page("meeting", meeting="1")
    assert stop(at).value == "lookback"
    titles, stops = [shown_slide(at).title], [stop(at).value]
    while next_slide(at):
        titles.append(shown_slide(at).title)
        stops.append(stop(at).value)
    stops = [name for name, _ in groupby(stops)]  # 23 runs: each stop's slides follow one another
    assert stops[:3] == ["lookback", "summary", "营城子"] and stops[-2:] == ["ratings", "next"] and len(stops) == 23
    # it opens by looking back (the year's first roadshow: at nothing), then the summary
    assert titles[:2] == ["回头看：此前的问题清单", "2018年一季度重点项目路演"]
    unpaged = [re.sub(r"（\d+/\d+）$", "", title) for title in titles]  # a report over several slides: once
    streets = list(dict.fromkeys(title for title in unpaged if title.endswith("街道汇报")))
    assert streets[:3] == ["1. 营城子街道汇报", "2. 辛寨子街道汇报", "3. 大连湾街道汇报"]  # the agenda's order
    assert len(streets) == 19 and streets[-1].startswith("19. ")
    assert titles[-1] == "下一步工作：逾期未开工项目"
    assert (len(titles), counter(at)) == (62, "62 / 62")
    assert not at.multiselect and not any(b.label == "保存议程" for b in at.button)  # the agenda is set elsewhere


def test_overview_compares_with_the_same_day_last_year(engine):
    from tests.conftest import add_project, add_user
    add_user(engine, "leader", "leader")
    add_project(engine, year=2017, start=date(2017, 3, 1))
    add_project(engine, year=2017, start=date(2017, 4, 1))
    add_project(engine, year=2018, start=date(2018, 3, 1))
    at = open_page("overview", year="2018", as_of="2018-03-31")
    assert "去年同期：开复工 1 个，复工率 50.0%" in [c.value for c in at.caption]
    assert "去年同期 1" in next(m for m in at.metric if m.label == "开复工项目").help
    first_year = open_page("overview", year="2017", as_of="2017-03-31")
    assert not any("去年同期" in c.value for c in first_year.caption)  # no 2016 data: nothing to compare
