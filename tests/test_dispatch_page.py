"""The dispatch page (周/月/季调度) and the warning lights on the ledger, the street report and meeting mode,
under AppTest, on the hand-made problems of test_dispatch (figures worked out there) and on the demo."""
from datetime import date

import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from roadshow import services
from roadshow.auth import Actor
from roadshow.dispatch import record_dispatch
from roadshow.models import DispatchRecord
from tests.conftest import add_project, add_user, browse_as
from tests.slides_shown import next_slide, shown_slide
from tests.test_dispatch import cycle  # noqa: F401  (the fixture)
from tests.test_leader_pages import cards

DISPATCH_TAB, DIGEST_TAB, LIGHTS_TAB, RECORDS_TAB = range(4)
DISPATCH = Actor("dispatch", "dispatcher")


def open_page(page: str, user: str, lang: str = "zh", **query) -> AppTest:
    """A page opened alone from a link (app.py, which holds the language switch, is not run)."""
    browse_as(user)
    at = AppTest.from_file(f"../pages/{page}.py", default_timeout=60)
    at.query_params.update(query)
    at.session_state["lang"] = lang
    at.run()
    assert not at.exception, at.exception
    return at


@pytest.fixture
def people(engine):
    add_user(engine, "leader", "leader")
    add_user(engine, "dispatch", "dispatcher")


def test_the_week_in_figures_against_the_week_before(engine, cycle, people):  # noqa: F811
    at = open_page("dispatch", "leader", as_of="2018-04-15")
    assert cards(at) == {"新提出": "1", "销号": "3", "未销号": "2", "逾期": "1", "销号用时中位数（天）": "2",
                         "按期销号率": "100.0%"}
    deltas = {m.label: m.delta for m in at.metric if m.delta}
    assert deltas == {"新提出": "-2", "销号": "+3", "未销号": "-2", "逾期": "+1"}  # the week of 04-02: 3, 0, 4, 0
    assert "本期：2018-04-09 至 2018-04-15" in at.caption[0].value
    assert len(at.get("plotly_chart")) == 3
    units = at.tabs[DISPATCH_TAB].dataframe[0].value
    assert units.values.tolist() == [["区城建局", 1, 1, 1, 1, "2", "100.0%"], ["区住建局", 0, 2, 1, 0, "6", "100.0%"]]


def test_a_month_by_street_from_the_link(engine, cycle, people):  # noqa: F811
    at = open_page("dispatch", "leader", as_of="2018-04-15", level="monthly", by="street", period="2018-03-01")
    assert cards(at)["新提出"] == "4" and cards(at)["销号"] == "3" and cards(at)["未销号"] == "2"
    streets = at.tabs[DISPATCH_TAB].dataframe[0].value
    assert list(streets.columns)[0] == "街道"
    assert streets.values.tolist() == [["营城子", 1, 0, 1, 0, "—", "—"]]  # March: I5 only
    assert (at.query_params["level"], at.query_params["by"]) == ("monthly", "street")


def test_another_level_opens_on_its_current_period(engine, cycle, people):  # noqa: F811
    at = open_page("dispatch", "leader", as_of="2018-04-15")
    assert at.selectbox(key="period").value == date(2018, 4, 9)  # the week of 04-09 to 04-15
    at.button_group(key="level").set_value("monthly").run()
    assert at.selectbox(key="period").value == date(2018, 4, 1)  # April, not January
    assert at.selectbox(key="period").proto.raw_value == "4月（2018-04-01 – 2018-04-15）"  # what the browser shows
    # April to the 15th: 城建局 raised I2 and I4, closed I4, holds I2 (overdue since 04-10); 住建局 raised
    # I1 and I3, closed both, holds I5 (raised in March, due 05-31)
    assert [row[:5] for row in at.tabs[DISPATCH_TAB].dataframe[0].value.values.tolist()] == [
        ["区城建局", 2, 1, 1, 1], ["区住建局", 2, 2, 1, 0]]
    at.selectbox(key="period").set_value(date(2018, 3, 1)).run()
    at.button_group(key="level").set_value("weekly").run()
    assert at.selectbox(key="period").value == date(2018, 4, 9)
    at.session_state["lang"] = "en"  # the sidebar's switch: the period shown in English, the same period
    assert at.run().selectbox(key="period").proto.raw_value == "Apr 9 (2018-04-09 – 2018-04-15)"


def test_the_digest_to_read_out_and_download(engine, cycle, people):  # noqa: F811
    at = open_page("dispatch", "leader", as_of="2018-04-22")
    digest = at.tabs[DIGEST_TAB]
    assert digest.subheader[0].value == "周调度简报（2018年4月16日—4月22日）"
    text = digest.markdown[0].value
    assert "**二、本周新增逾期（1 个）**" in text and "已逾期 2 天" in text
    assert [b.proto.label for b in digest.get("download_button")] == ["下载简报（文本）", "下载问题明细（xlsx）"]
    # each of the page's three charts has its PNG, in 1920×1080 and in the other two sizes
    assert [b.proto.label for b in at.get("download_button") if b not in digest.get("download_button")] == [
        "PNG", "1280×720", "3840×2160 (2×)"] * 3


def test_the_lights_tab_counts_each_street_and_explains_the_rule(engine, cycle, people):  # noqa: F811
    at = open_page("dispatch", "leader", as_of="2018-04-22")
    tab = at.tabs[LIGHTS_TAB]
    # problems on 04-22: I4 overdue (red), I5 due 05-31 (green), the closed ones green
    assert tab.markdown[0].value == "预警：项目 红灯 0 · 黄灯 0 · 绿灯 2；问题 红灯 1 · 黄灯 0 · 绿灯 4"
    counts = tab.dataframe[0].value
    assert counts.values.tolist() == [["泉水", 0, 0, 1, 1, 0, 1], ["营城子", 0, 0, 1, 0, 0, 3]]
    assert "距期限 7 天以内（含期限当天）的为黄灯" in tab.markdown[1].value


def test_the_dispatch_office_records_a_dispatch_on_the_page(engine, on_day, people):
    add_project(engine)
    on_day(date(2018, 4, 20))
    at = open_page("dispatch", "dispatch", as_of="2018-04-20")
    at.text_input(key="chaired_by:0").input("区调度办主任")
    at.text_area(key="reviewed:0").input("听取问题清单推进情况")
    save = next(b for b in at.button if b.label == "保存调度记录")
    save.click().run()
    assert not at.exception, at.exception
    assert ":red[必填。]" in [m.value for m in at.markdown]  # the decisions, beside their field
    assert at.text_input(key="chaired_by:0").value == "区调度办主任"  # what was typed stays
    with engine.connect() as db:
        assert db.execute(sa.select(sa.func.count(DispatchRecord.id))).scalar() == 0
    at.text_area(key="decisions:0").input("逾期问题限期办结")
    next(b for b in at.button if b.label == "保存调度记录").click().run()
    assert [s.value for s in at.success] == ["已记录 2018-04-20 的周调度。"]
    records = at.tabs[RECORDS_TAB].dataframe[0].value
    assert records.values.tolist() == [[date(2018, 4, 20), "周调度", "区调度办主任", "听取问题清单推进情况",
                                        "逾期问题限期办结", "dispatch"]]
    assert at.text_input(key="chaired_by:1").value == ""  # a fresh form for the next one


def test_a_leader_reads_the_records_but_has_no_form(engine, on_day, people):
    add_project(engine)
    on_day(date(2018, 4, 20))
    record_dispatch(DISPATCH, date(2018, 4, 20), "monthly", "区长", "月度通报", "排名通报", engine=engine)
    at = open_page("dispatch", "leader", as_of="2018-04-20")
    assert not any(b.label == "保存调度记录" for b in at.button)
    assert at.tabs[RECORDS_TAB].dataframe[0].value.iloc[0, 1] == "月调度"


def test_the_ledger_shows_each_projects_light_and_why(engine, people):
    late = add_project(engine, stage="new", annual=0, name="迟开工项目")
    services.update_project(DISPATCH, late, 1, {"planned_start_date": date(2018, 3, 15)}, engine=engine)
    add_project(engine, total=20000, annual=10000, start=date(2018, 1, 10), reports=[(date(2018, 8, 7), 2999)],
                name="投资滞后项目")
    at = open_page("ledger", "leader", as_of="2018-08-07")
    table = at.dataframe[0].value.set_index("项目名称")
    assert table.loc["迟开工项目", "预警"] == "● 红灯"
    assert table.loc["迟开工项目", "预警原因"] == "计划 2018-03 开工，尚未开复工"
    assert table.loc["投资滞后项目", "预警"] == "● 红灯"
    assert table.loc["投资滞后项目", "预警原因"] == "投资完成 30.0%，序时进度 60.0%，落后 30.0 个百分点"  # 30.01
    assert "预警：项目 红灯 2 · 黄灯 0 · 绿灯 0；问题 红灯 0 · 黄灯 0 · 绿灯 0" in [m.value for m in at.markdown]
    april = open_page("ledger", "leader", as_of="2018-04-15").dataframe[0].value.set_index("项目名称")
    assert april.loc["迟开工项目", ["预警", "预警原因"]].tolist() == ["● 黄灯", "计划 2018-03 开工，尚未开复工"]
    early = open_page("ledger", "leader", as_of="2018-03-31", lang="en").dataframe[0].value.set_index("Name")
    assert early.loc["迟开工项目", "Light"] == "● green" and early.loc["迟开工项目", "Why"] == ""


def test_the_street_report_counts_the_streets_lights(engine, cycle, people):  # noqa: F811
    at = open_page("streets", "leader", as_of="2018-04-15", street="营城子")
    assert "预警：项目 红灯 0 · 黄灯 0 · 绿灯 1；问题 红灯 1 · 黄灯 0 · 绿灯 2" in [m.value for m in at.markdown]
    problems = at.dataframe[-1].value
    assert problems.set_index("问题").loc["施工用电未接入", "预警"] == "● 红灯"  # I2, past 04-10


def test_meeting_mode_shows_the_lights(demo_url):
    at = open_page("meeting", "leader", meeting="2")
    lights = []  # the meeting opens on 回头看: each problem with its light on 06-27, over six slides
    while shown_slide(at).title.startswith("回头看"):
        lights += [row[shown_slide(at).columns.index("预警")] for row in shown_slide(at).rows]
        assert next_slide(at)
    assert len(lights) == 36 and lights[:14] == ["● 红灯"] * 14 and "● 红灯" not in lights[14:]  # the 14 overdue
    while not shown_slide(at).title.startswith("各街道预警灯数"):  # the summary's counts
        assert next_slide(at)
    slide = shown_slide(at)
    # the 235 projects under a light each; the 14 problems overdue are the red ones (as on the PNG)
    assert slide.kpis == [("项目红灯", "166"), ("项目黄灯", "55"), ("项目绿灯", "14"), ("问题红灯", "14"),
                          ("问题黄灯", "4"), ("问题绿灯", "46")]
    assert (slide.title, slide.rows[0]) == ("各街道预警灯数（1/2）", ["周水子", "5", "2", "0", "0", "0", "0"])


@pytest.mark.parametrize("user", ["leader", "dispatch"])
def test_the_demo_dispatch_page_in_both_languages(demo_url, user):
    at = open_page("dispatch", user, as_of="2018-06-29")
    assert at.title[0].value == "周/月/季调度" and len(at.get("plotly_chart")) == 3
    assert len(at.tabs[RECORDS_TAB].dataframe[0].value) == 17  # the demo's dispatch records by 06-29
    en = open_page("dispatch", user, as_of="2018-06-29", lang="en", level="quarterly")
    assert en.title[0].value == "Weekly, monthly and quarterly dispatch"
    assert en.tabs[DIGEST_TAB].subheader[0].value == "Weekly dispatch digest (25 Jun – 29 Jun 2018)"
