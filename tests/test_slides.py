"""Slides without a browser: the deck's order and figures from a small hand-made plan, table
slides split so no row is cut, the ZIP and the PPTX, and the clear refusal when this machine
cannot draw (no Chromium, no CJK font)."""
from __future__ import annotations

import io
import zipfile
from datetime import date

import pandas as pd
import pytest
from PIL import Image
from pptx import Presentation

from roadshow.database import write_session
from roadshow.metrics import Filters
from roadshow.models import Issue, Meeting, Rating
from roadshow.slides import files, render
from roadshow.slides.compose import Kpi, Slide, Table, compose, split, table_capacity, wrap
from roadshow.charts import capped_ranking
from roadshow.slides.deck import NoDeck, meeting_deck, rest_section
from roadshow.slides.tables import ranking_table
from tests.conftest import add_project, close_problem


@pytest.fixture
def plan(engine):
    """营城子: a continuing project started 1 March (1000 万, with a 30 万 report on 31 March and a problem
    raised at the first roadshow, due 30 April), one continuing not started, one new started 20 March
    (500 万); 泉水: a continuing project started 1 February (2000 万) and a preliminary one.
    Roadshows on 28 March (agenda 泉水, 营城子) and 27 June (no agenda); ratings on 31 March."""
    first = add_project(engine, street="营城子", start=date(2018, 3, 1), total=1000, annual=100,
                        reports=[(date(2018, 3, 31), 30)], name="营城子厂房")
    add_project(engine, street="营城子", total=800, annual=100, name="营城子仓库")
    new = add_project(engine, street="营城子", stage="new", start=date(2018, 3, 20), total=500, annual=50,
                      name="营城子学校")
    add_project(engine, street="泉水", start=date(2018, 2, 1), total=2000, annual=200, name="泉水商场")
    add_project(engine, street="泉水", stage="preliminary", total=300, annual=100, name="泉水公园")
    with write_session(engine) as session:
        meeting = Meeting(plan_year=2018, held_on=date(2018, 3, 28), title="一季度路演", agenda="泉水、营城子")
        session.add(meeting)
        session.add(Meeting(plan_year=2018, held_on=date(2018, 6, 27), title="二季度路演"))
        session.flush()
        session.add(Issue(meeting_id=meeting.id, project_id=first, description="用地手续未办结",
                          owner_unit="区自然资源局", raised_on=date(2018, 3, 28), deadline=date(2018, 4, 30)))
        for project, stars in ((first, 4), (new, 2)):
            session.add(Rating(project_id=project, cycle="2018Q1", rated_on=date(2018, 3, 31), benefit_score=30,
                               problem_score=20, progress_score=20, stars=stars))
    return engine


def ids(engine) -> list[int]:
    from roadshow import queries
    return list(queries.meetings(engine, 2018)["id"])


def test_the_deck_follows_the_agenda_with_the_figures_of_the_meeting_day(plan):
    deck = meeting_deck(plan, "zh", meeting_id=ids(plan)[0])
    assert (deck.title, deck.as_of) == ("一季度路演", date(2018, 3, 28))
    # 回头看 first, then the summary, the streets in the agenda's order, ratings, next steps
    assert [s.key for s in deck.sections] == ["lookback", "summary", "泉水", "营城子", "ratings", "next"]
    assert [s.title for s in deck.sections] == [
        "回头看", "全区重点项目总体情况", "1. 泉水街道汇报", "2. 营城子街道汇报", "星级动态", "下一步工作"]
    lookback = deck.section("lookback")
    # the first roadshow: its own problem (raised on the 28th) is no look back
    assert [(s.title, s.table.rows) for s in lookback] == [("回头看：此前的问题清单", [])]
    assert [k.value for k in lookback[0].kpis] == ["0"] * 6
    summary = deck.section("summary")
    assert [s.name for s in summary] == ["summary", "street-rates", "ranking", "lights"]
    assert summary[0].subtitle == "2018年度重点项目 · 数据来源：重点项目台账，截至 2018-03-28"
    assert [(k.label, k.value, k.detail) for k in summary[0].kpis] == [
        ("计划推进项目", "5", ""), ("开复工项目总投资", "0.35 亿元", ""), ("开复工项目", "3", ""),
        ("复工率", "66.7%", "2/3"), ("开工率", "100.0%", "1/1"), ("投资完成率", "0.0%", "")]  # 31 March not yet
    assert "复工率: 66.7% (2/3)" in summary[0].figures()
    assert [row[:3] for row in summary[2].table.rows] == [["1", "泉水", "2"], ["2", "营城子", "3"]]
    # 序时进度 on 28 March is 87/365 = 23.8%: every project, none of it reported done, is 23.8 points
    # behind (yellow); the problem is due in 33 days (green)
    assert [(k.label, k.value) for k in summary[3].kpis] == [
        ("项目红灯", "0"), ("项目黄灯", "5"), ("项目绿灯", "0"),
        ("问题红灯", "0"), ("问题黄灯", "0"), ("问题绿灯", "1")]
    assert summary[3].table.rows == [["泉水", "0", "2", "0", "0", "0", "0"], ["营城子", "0", "3", "0", "0", "0", "1"]]
    street, problems = deck.section("营城子")
    assert street.title == "2. 营城子街道汇报"
    assert street.subtitle.endswith("范围：营城子")
    assert [(k.label, k.value, k.detail) for k in street.kpis][2:] == [
        ("复工率", "50.0%", "1/2"), ("开工率", "100.0%", "1/1"), ("投资完成率", "0.0%", ""),
        ("待办问题", "1", "逾期 0")]
    assert [row[:4] for row in street.table.rows] == [
        ["营城子厂房", "续建", "已开复工", "● 黄灯"], ["营城子仓库", "续建", "未开工", "● 黄灯"],
        ["营城子学校", "新开工", "已开复工", "● 黄灯"]]
    assert problems.title == "2. 营城子街道：待解决问题"
    assert problems.table.rows == [["● 绿灯", "营城子厂房", "用地手续未办结", "区自然资源局", "2018-04-30", "待办"]]
    assert [s.title for s in deck.section("泉水")] == ["1. 泉水街道汇报"]  # no open problem: no problems slide
    ratings = deck.section("ratings")
    assert [k.value for k in ratings[0].kpis] == ["0", "—", "0", "—"]  # rated on 31 March: none yet on the 28th
    assert [s.name for s in ratings] == ["ratings", "star-moves"]  # no street averages without ratings
    next_problems, late = deck.section("next")
    assert [(k.label, k.value) for k in next_problems.kpis] == [("待办问题", "1"), ("逾期", "0")]
    assert next_problems.table.rows == [["● 绿灯", "营城子", "营城子厂房", "用地手续未办结", "区自然资源局",
                                         "2018-04-30", "待办"]]
    assert (late.title, late.table.rows) == ("下一步工作：逾期未开工项目", [])


def test_the_next_roadshow_looks_back_at_the_last_ones_problems(plan):
    deck = meeting_deck(plan, "en")  # the year's latest meeting
    assert (deck.title, deck.as_of) == ("二季度路演", date(2018, 6, 27))
    # no agenda: the district's order
    assert [s.key for s in deck.sections] == ["lookback", "summary", "泉水", "营城子", "ratings", "next"]
    assert deck.slides[0] == deck.section("lookback")[0]  # the meeting opens by looking back
    lookback = deck.section("lookback")[0]
    assert lookback.title == "Looking back: problems of the 2018-03-28 roadshow"
    assert lookback.subtitle == ("Key projects 2018 · Source: follow-up list and its records, "
                                 "as of 2018-06-27")
    # raised 28 March, due 30 April, never followed up: open, overdue (red), 91 days open on 27 June
    assert lookback.table.rows == [["● red", "营城子", "营城子厂房", "用地手续未办结", "区自然资源局", "2018-04-30",
                                    "open · overdue", "91", "—"]]
    assert [(k.label, k.value) for k in lookback.kpis] == [
        ("Problems", "1"), ("closed", "0"), ("closure requested", "0"), ("in progress", "0"), ("open", "1"),
        ("overdue", "1")]
    # 序时进度 on 27 June is 178/365 = 48.8%: 营城子厂房 (30 of 100) is 18.8 points behind, yellow; the
    # other four, at 0, red
    lights = deck.section("summary")[3]
    assert [k.value for k in lights.kpis] == ["4", "1", "0", "1", "0", "0"]
    assert [k.value for k in deck.section("ratings")[0].kpis] == ["2", "3.00★", "1", "—"]  # no cycle confirmed
    street_stars = deck.section("ratings")[1]
    assert (street_stars.title, [(k.value, k.detail) for k in street_stars.kpis]) == (
        "Average stars by street", [("1", ""), ("3.00★", "营城子"), ("3.00★", "营城子")])
    street, problems = deck.section("营城子")
    assert street.title == "2. 营城子 street reports"
    assert [k.value for k in street.kpis][-2:] == ["12.0%", "1"]  # 30 of 250 done; one problem open
    assert problems.table.rows == [["● red", "营城子厂房", "用地手续未办结", "区自然资源局", "2018-04-30",
                                    "open · overdue"]]
    late = deck.section("next")[1]
    assert late.title == "Next steps: projects not started on time"
    assert late.table.rows == []
    assert compose(late, lang="en")["data"][0]["cells"]["values"][2] == ["Nothing\u00a0recorded."]


def test_the_look_back_of_a_place_holds_its_problems_and_lists_sixty_at_most(plan, on_day):
    """泉水 brings 60 more problems to the first roadshow (due 5-31, 15 of them closed on 4-10):
    the second roadshow looks back at 61, lists 60 over its slides (the 46 overdue first, then the
    closed), and counts all 61; for 营城子 alone, its one problem; for 泉水 alone, its 60."""
    first, second = ids(plan)
    quanshui = add_project(plan, street="泉水", start=date(2018, 2, 2), name="泉水厂房")
    with write_session(plan) as session:
        raised = [Issue(meeting_id=first, project_id=quanshui, description=f"泉水问题{n:02d}", owner_unit="区住建局",
                        raised_on=date(2018, 3, 28), deadline=date(2018, 5, 31)) for n in range(60)]
        session.add_all(raised)
        session.flush()
        closed = [issue.id for issue in raised[:15]]
    on_day(date(2018, 4, 10))
    for issue in closed:
        close_problem(plan, issue)
    after = date(2018, 6, 28)
    deck = meeting_deck(plan, "zh", meeting_id=second, today=after)
    slides = deck.section("lookback")
    assert slides[0].title.startswith("回头看：2018-03-28 路演问题清单（逾期在前的 60 个，共 61 个）")
    assert [(k.label, k.value) for k in slides[0].kpis] == [
        ("问题总数", "61"), ("已销号", "15"), ("申请销号", "0"), ("推进中", "0"), ("待办", "46"), ("逾期", "46")]
    rows = [r for s in slides for r in s.table.rows]
    assert len(rows) == 60 and [r[6] for r in rows].count("待办 · 逾期") == 46
    assert [r[6] for r in rows[46:]] == ["已销号"] * 14  # the 15th closed one is left off
    alone = meeting_deck(plan, "zh", meeting_id=second, filters=Filters(streets=("营城子",)),
                         today=after).section("lookback")
    assert [r[3] for s in alone for r in s.table.rows] == ["用地手续未办结"]
    assert alone[0].title == "回头看：2018-03-28 路演问题清单"
    quanshui_only = meeting_deck(plan, "zh", meeting_id=second, filters=Filters(streets=("泉水",)), today=after)
    assert quanshui_only.section("lookback")[0].kpis[0].value == "60"


def test_a_deck_needs_projects_and_a_known_meeting(engine, plan):
    with pytest.raises(NoDeck) as refused:
        meeting_deck(plan, "zh", meeting_id=999)
    assert refused.value.key == "slides.no_meeting"
    with pytest.raises(NoDeck) as refused:
        meeting_deck(plan, "zh", plan_year=2017)
    assert (refused.value.key, refused.value.params) == ("slides.no_year", {"year": 2017})


def test_no_projects_at_all_is_refused(engine):
    with pytest.raises(NoDeck) as refused:
        meeting_deck(engine, "zh")
    assert refused.value.key == "slides.no_projects"


def _table(rows: int) -> Table:
    return Table(["街道", "项目"], [[f"街道{i}", f"项目{i}"] for i in range(rows)], [1, 3])


def test_a_long_table_is_shared_evenly_over_as_few_slides_as_hold_it():
    # one-line rows are 50 px; under a KPI strip a slide holds 610 px of rows (12), without one 760 (15)
    assert table_capacity(_table(30), kpis=True) == [10, 10, 10]
    assert table_capacity(_table(12), kpis=True) == [12]
    assert table_capacity(_table(13), kpis=True) == [7, 6]
    assert table_capacity(_table(19), kpis=False) == [10, 9]
    parts = split(Slide("ranking", "街道排名", "…", table=_table(19)), "zh")
    assert [p.title for p in parts] == ["街道排名（1/2）", "街道排名（2/2）"]
    assert [p.name for p in parts] == ["ranking-1", "ranking-2"]
    assert parts[1].table.rows[0] == ["街道10", "项目10"] and len(parts[1].table.rows) == 9


def test_rows_of_several_lines_take_their_height():
    long = Table(["问题"], [["很" * 200]] * 6, [1])  # 200 characters of 24 px in 1748 px: 3 lines, 112 px a row
    assert table_capacity(long, kpis=True) == [3, 3]


def test_text_wraps_at_the_column_width_and_keeps_words_whole():
    assert wrap("市政道路未贯通，影响施工车辆进出", 5 * 24, 24) == ["市政道路未", "贯通，影响", "施工车辆进", "出"]
    assert wrap("in progress · overdue", 180, 24) == ["in progress ·", "overdue"]
    assert wrap("", 100, 24) == [""]
    assert wrap("Supercalifragilistic", 100, 24) == ["Superca", "lifragi", "listic"]  # 13.44 px a letter: 7 a line


def test_a_composed_slide_is_one_1080p_figure_with_its_parts_in_their_places():
    figure = compose(Slide("s", "标题", "副标题", (Kpi("复工率", "83.0%", "44/53"),), table=_table(3)), 4, 28, "zh")
    layout = figure["layout"]
    assert (layout["width"], layout["height"], layout["margin"]) == (1920, 1080, dict(l=0, r=0, t=0, b=0))
    assert layout["template"]["layout"]["font"]["family"].startswith("Noto Sans CJK SC")  # set, not the default
    texts = [a["text"] for a in layout["annotations"]]
    assert texts == ["<b>标题</b>", "副标题", "重点项目路演", "4 / 28", "<b>83.0%</b>", "复工率（44/53）"]
    assert min(a["font"]["size"] for a in layout["annotations"]) >= 18
    long = compose(Slide("s", "很" * 60, "副" * 100), lang="zh")["layout"]["annotations"]
    assert [round(a["font"]["size"], 1) for a in long[:2]] == [28.1, 18]  # 1776 px × 0.95 / 60; 1776 / 100, at least 18
    table = figure["data"][0]
    assert table["type"] == "table" and table["cells"]["values"][1] == ["项目0", "项目1", "项目2"]
    assert table["cells"]["font"]["size"] >= 18 and layout["uniformtext"] == dict(minsize=18, mode="hide")


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (1920, 1080), "white").save(buffer, "PNG")
    return buffer.getvalue()


def test_the_zip_and_the_pptx_hold_every_slide_in_order(plan):
    deck = meeting_deck(plan, "zh", meeting_id=ids(plan)[0])
    slides = deck.slides
    pngs = [_png()] * len(slides)
    names = zipfile.ZipFile(io.BytesIO(files.zip_of(slides, pngs))).namelist()
    assert names == ["01-lookback.png", "02-summary.png", "03-street-rates.png", "04-ranking.png", "05-lights.png",
                     "06-street-01.png", "07-street-02.png", "08-street-02-problems.png", "09-ratings.png",
                     "10-star-moves.png", "11-next-problems.png", "12-late-projects.png"]
    presentation = Presentation(io.BytesIO(files.pptx_of(deck, slides, pngs)))
    assert len(presentation.slides) == len(names)
    assert presentation.core_properties.title == "一季度路演"
    assert [s.shapes.title.text for s in presentation.slides][:2] == ["回头看：此前的问题清单", "一季度路演"]
    summary = presentation.slides[1]
    picture = [s for s in summary.shapes if s.shape_type == 13][0]  # a picture, edge to edge
    assert (picture.left, picture.top, picture.width, picture.height) == (0, 0, presentation.slide_width,
                                                                          presentation.slide_height)
    assert presentation.slide_width * 9 == presentation.slide_height * 16
    assert "复工率: 66.7% (2/3)" in summary.notes_slide.notes_text_frame.text
    assert presentation.slides[5].shapes.title.text == "1. 泉水街道汇报"
    assert presentation.slides[7].shapes.title.text == "2. 营城子街道：待解决问题"


def test_without_chromium_or_the_cjk_font_nothing_is_drawn_and_the_message_says_what_to_install(monkeypatch):
    from roadshow.i18n import t
    monkeypatch.setenv("ROADSHOW_CHROMIUM", "/nonexistent/chromium")
    with pytest.raises(render.RenderUnavailable) as missing:
        render.png({"data": [], "layout": {}})
    assert missing.value.key == "slides.no_browser"
    assert "apt-get install chromium fonts-noto-cjk" in t(missing.value.key, "zh")
    assert "apt-get install chromium fonts-noto-cjk" in t(missing.value.key, "en")
    monkeypatch.delenv("ROADSHOW_CHROMIUM")
    monkeypatch.setenv("ROADSHOW_SLIDE_FONT", "No Such Font Anywhere")
    monkeypatch.setattr(render, "browser_path", lambda: "/usr/bin/chromium")  # whether or not it is installed
    with pytest.raises(render.RenderUnavailable) as missing:
        render.check()
    assert (missing.value.key, missing.value.params) == ("slides.no_font", {"font": "No Such Font Anywhere"})
    assert "fonts-noto-cjk" in t(missing.value.key, "zh", **missing.value.params)


def test_a_browser_that_does_not_start_is_reported_not_waited_for(monkeypatch):
    monkeypatch.setenv("ROADSHOW_CHROMIUM", "/bin/false")  # an executable that is no browser
    monkeypatch.setattr(render, "_font_installed", lambda family: True)
    with pytest.raises(render.RenderUnavailable) as failed:
        render.png({"data": [], "layout": {}})
    assert failed.value.key == "slides.browser_failed"
    assert failed.value.params["error"] == "The browser seemed to close immediately after starting."


def test_the_subtitle_names_the_source_the_day_and_every_filter():
    from roadshow.metrics import Filters
    from roadshow.slides.deck import subtitle
    narrowed = Filters(streets=("营城子", "泉水"), categories=("industrial",), stages=("new", "continuing"),
                       city_key_only=True)
    assert subtitle(2018, date(2018, 3, 31), "zh", narrowed) == (
        "2018年度重点项目 · 数据来源：重点项目台账，截至 2018-03-31 · "
        "范围：营城子、泉水；工业；新开工/续建；仅市重点项目")
    assert subtitle(2018, date(2018, 3, 31), "en", Filters(city_key_only=True)) == (
        "Key projects 2018 · Source: key project ledger, as of 2018-03-31 · "
        "Scope: city-level key projects only")


def test_street_rates_are_two_panels_best_on_top_with_the_district_in_their_titles():
    from roadshow import charts
    streets = pd.DataFrame({
        "street": ["营城子", "泉水", "红旗"], "continuing": [4, 3, 0], "continuing_resumed": [2, 3, 0],
        "resumption_rate": [0.5, 1.0, None], "new": [2, 0, 1], "new_started": [1, 0, 1],
        "new_start_rate": [0.5, None, 1.0]})
    district = {"resumption_rate": 5 / 7, "new_start_rate": 2 / 3}
    figure = charts.street_rates(streets, district, "en")
    assert [a.text for a in figure.layout.annotations] == ["Resumption rate (District 71.4%)",
                                                         "New-start rate (District 66.7%)"]
    resumption, new = figure.data
    assert list(resumption.y) == ["红旗", "营城子", "泉水"]  # undefined first, so the best is on top
    assert list(resumption.text) == ["", "50.0% (2/4)", "100.0% (3/3)"]  # no continuing projects: no bar, no 0%
    assert list(new.text) == ["100.0% (1/1)", "50.0% (1/2)", ""]
    assert [s.x0 for s in figure.layout.shapes] == [5 / 7, 2 / 3]


def ranked_streets(count: int) -> pd.DataFrame:
    """`count` streets in rank order, each with one continuing project resumed, half its plan done."""
    return pd.DataFrame([{"rank": n, "street": f"街道{n}", "projects": 1, "continuing": 1, "continuing_resumed": 1,
                          "new": 0, "new_started": 0, "started": 1, "completed_wan": 1, "annual_plan_wan": 2,
                          "resumption_rate": 1.0, "new_start_rate": None, "completion_rate": 0.5}
                         for n in range(1, count + 1)])


@pytest.mark.parametrize("streets, title, listed", [
    (60, "11. 其余 40 个街道", 40),  # forty between the best and worst ten: all listed
    (61, "11. 其余 41 个街道（列出第 11–50 名）", 40)])
def test_the_streets_between_the_best_and_worst_ten_list_forty_and_count_all(streets, title, listed):
    section = rest_section(None, 2018, date(2018, 6, 27), ranked_streets(streets), 11, "zh")
    assert section.title == title.split("（")[0]  # the stop's name: no ranks
    assert {slide.title.split("（")[0] for slide in section.slides} == {title.split("（")[0]}
    for slide in section.slides:
        assert slide.title.startswith(title) and ("列出" in slide.title) == ("列出" in title)
    assert [row[0] for slide in section.slides for row in slide.table.rows] == [str(n) for n in range(11, 11 + listed)]
    assert {slide.kpis[0].value for slide in section.slides} == {str(streets - 20)}  # every one of them counted


def test_a_capped_ranking_numbers_its_places_in_whole_ranks():
    ranked = ranked_streets(23).assign(open=0, overdue=0, stars=None)
    table = ranking_table(capped_ranking(ranked, "street", "zh", top=2, bottom=2), "zh")
    assert [row[:2] for row in table.rows] == [["1", "街道1"], ["2", "街道2"], ["", "其余 19 个街道"],
                                              ["22", "街道22"], ["23", "街道23"]]  # not 1.0 beside the summed row
