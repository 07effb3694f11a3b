"""The places on the pages, under AppTest: a single-district deployment shows no level above its
streets; a city's or province's shows city → district → street, rankings at each level, long lists a
page at a time; a district's users see their district only."""
from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from roadshow import accounts, scale
from roadshow.slides.deck import meeting_deck
from tests.conftest import SETUP, add_user, browse_as
from tests.test_hierarchy import places  # noqa: F401 - the two-city fixture
from tests.slides_shown import counter, next_slide, shown_slide
from tests.test_leader_pages import cards, open_page, stop


def labels(at: AppTest) -> set[str]:
    return {w.label for kind in ("selectbox", "multiselect", "button_group") for w in getattr(at, kind)}


def test_a_single_district_deployment_shows_no_level_above_its_streets(demo_url):
    for page in ("overview", "streets", "ledger", "meeting"):
        at = open_page(page, as_of="2018-03-31")
        assert not {"城市", "区县", "排名层级"} & labels(at), page
        assert not any("所属区县" in table.value.columns or "所属城市" in table.value.columns
                       for table in at.dataframe), page
    overview = open_page("overview", as_of="2018-03-31")
    assert overview.multiselect(key="streets").options[:2] == ["周水子", "椒金山"]  # the district's 19 streets
    assert len(overview.multiselect(key="streets").options) == 19
    admin = open_page("admin", user="admin")
    assert "所属区县" not in admin.dataframe[0].value.columns


def sidebar_title(user="leader") -> str:
    browse_as(user)
    at = AppTest.from_file("../app.py", default_timeout=60).run()
    return at.sidebar.caption[0].value


def test_the_title_names_the_place_the_deployment_covers(demo_url):
    assert sidebar_title() == "甘井子区重点项目路演"


def test_a_city_is_named_in_the_title_and_its_meeting_summary(city):
    assert sidebar_title() == "大连市重点项目路演"
    browse_as("leader")
    at = AppTest.from_file("../pages/meeting.py", default_timeout=60)
    at.session_state["lang"] = "en"
    assert stop(at.run()).options[1] == "City summary"


@pytest.fixture
def leader(places):  # noqa: F811
    add_user(places, "leader", "leader")
    return places


def test_a_province_chooses_city_then_district_then_street(leader):
    at = open_page("overview", as_of="2018-03-31")
    assert {"城市", "区县"} <= labels(at)
    assert at.selectbox(key="district").disabled and at.multiselect(key="streets").disabled  # the city first
    assert cards(at)["计划推进项目"] == "6"
    at.selectbox(key="city").set_value("大连市").run()
    assert at.selectbox(key="district").options == ["甘井子区", "中山区"]
    assert cards(at)["计划推进项目"] == "4"
    at.selectbox(key="district").set_value("中山区").run()
    assert at.multiselect(key="streets").options == ["青泥洼桥", "人民路"]
    assert cards(at)["计划推进项目"] == "2"
    assert dict(at.query_params) == {"as_of": "2018-03-31", "city": "大连市", "district": "中山区"}  # a shareable link
    at.selectbox(key="city").set_value("沈阳市").run()  # another city: its district is chosen afresh
    assert at.selectbox(key="district").value is None and cards(at)["计划推进项目"] == "1"


def test_several_cities_have_no_one_place_to_name(leader):
    assert sidebar_title() == "重点项目路演"
    summary = meeting_deck(leader, "zh", 2018, date(2018, 3, 31))  # no meeting: the summary opens it
    assert summary.title == summary.sections[0].title == "全省重点项目总体情况"


def test_rankings_go_one_level_below_the_place_chosen(leader):
    at = open_page("streets", as_of="2018-03-31")
    assert at.subheader[0].value == "城市排名"
    assert list(at.dataframe[0].value["所属城市"]) == ["沈阳市", "大连市", "鞍山市"]
    at = open_page("streets", as_of="2018-03-31", city="大连市")
    assert at.subheader[0].value == "区县排名"
    assert list(at.dataframe[0].value["所属区县"]) == ["中山区", "甘井子区"]
    at.button_group(key="level:district").set_value("street").run()  # every street of the city, ranked
    table = at.dataframe[0].value
    assert list(table["所属街道"]) == ["人民路", "营城子", "青泥洼桥"]
    assert list(table["所属区县"]) == ["中山区", "甘井子区", "中山区"]
    at = open_page("streets", as_of="2018-03-31", city="大连市", district="中山区", street="人民路")
    assert at.subheader[0].value == "街道排名" and at.header[0].value == "人民路街道"
    assert cards(at)["计划推进项目"] == "1"


def test_a_district_s_leader_sees_their_district_only(leader):
    accounts.add_user(SETUP, "zs", "password-1", "leader", engine=leader, district="中山区")
    browse_as("zs", "password-1")
    at = AppTest.from_file("../pages/overview.py", default_timeout=60)
    at.query_params.update(as_of="2018-03-31", city="沈阳市", district="铁西区")  # another district's link
    at.run()
    assert not at.exception, at.exception
    assert not {"城市", "区县"} & labels(at)
    assert "范围：大连市 › 中山区" in [c.value for c in at.caption]
    assert cards(at)["计划推进项目"] == "2"  # 青泥洼桥 and 人民路, not 沈阳's
    assert at.multiselect(key="streets").options == ["青泥洼桥", "人民路"]
    ledger = AppTest.from_file("../pages/ledger.py", default_timeout=60).run()
    assert set(ledger.dataframe[0].value["所属街道"]) == {"青泥洼桥", "人民路"}


def test_a_district_official_picks_among_their_district_s_streets(leader):
    accounts.add_user(SETUP, "zs", "password-1", "street", engine=leader, district="大连市/中山区")
    browse_as("zs", "password-1")
    at = AppTest.from_file("../pages/my_projects.py", default_timeout=60)
    at.query_params["street"] = "兴顺"  # another city's street
    at.run()
    assert not at.exception, at.exception
    assert at.warning[0].value == "您只能编辑本区县（中山区）的项目。"
    assert at.selectbox(key="street").options == ["青泥洼桥", "人民路"]
    assert at.selectbox(key="edit").options  # the street's projects to edit


def synthetic_city(engine, districts: int, history: int, issues: int):
    """`districts` synthetic districts of one city (235 projects and 19 streets each), with a leader and
    the dispatch office."""
    scale.SIZES["test"] = scale.Size(projects=districts * scale.PER_DISTRICT, history=history, issues=issues)
    try:
        scale.load_scale(engine, "test")
    finally:
        del scale.SIZES["test"]
    add_user(engine, "leader", "leader")
    add_user(engine, "dispatch", "dispatcher")
    return engine


@pytest.fixture
def city(engine):
    """Three synthetic districts of one city: 705 projects in 57 streets."""
    return synthetic_city(engine, 3, history=800, issues=30)


def test_long_lists_a_page_at_a_time_with_a_search(city):
    at = open_page("streets", as_of="2018-03-31")
    assert at.subheader[0].value == "区县排名" and len(at.dataframe[0].value) == 3
    at.button_group(key="level:district").set_value("street").run()
    assert len(at.dataframe[0].value) == 50 and "共 2 页，57 条" in [c.value for c in at.caption]
    at.number_input(key="ranking:page").set_value(2).run()
    assert len(at.dataframe[0].value) == 7
    at.number_input(key="ranking:page").set_value(9).run()  # past the end: the last page, no error
    assert at.number_input(key="ranking:page").value == 2 and len(at.dataframe[0].value) == 7
    assert at.number_input(key="ranking:page").proto.value == 2  # what the browser's box is told to show
    at.number_input(key="ranking:page").set_value(0).run()  # before the first: the first
    assert at.number_input(key="ranking:page").proto.value == 1 and len(at.dataframe[0].value) == 50
    at.number_input(key="ranking:page").set_value(2).run()
    at.text_input(key="ranking:q").input("区").run()  # every street: a new search starts at its first page
    assert "搜索到 57 条" in [c.value for c in at.caption] and len(at.dataframe[0].value) == 50
    assert at.number_input(key="ranking:page").proto.value == 1
    at.text_input(key="ranking:q").input("001区").run()
    assert len(at.dataframe[0].value) == 19 and set(at.dataframe[0].value["所属区县"]) == {"001区"}


def test_meeting_mode_hears_the_best_and_worst_ten_and_sums_the_rest(city):
    at = open_page("meeting", meeting="1")
    stops = stop(at).options  # 回头看, the summary, the best ten, the other 37 summed, the worst ten, ratings, next
    assert len(stops) == 25 and stops[:2] == ["回头看", "全市重点项目总体情况"]  # a city: 全市, not 全区
    assert stops[-2:] == ["星级动态", "下一步工作"]
    assert stops[12] == "11. 其余 37 个街道"
    assert [s.split(". ")[0] for s in stops[2:12] + stops[13:23]] == [str(n) for n in (*range(1, 11), *range(12, 22))]
    assert counter(at) == "1 / 45"
    shown = [(stop(at).value, shown_slide(at))]
    while next_slide(at):
        shown.append((stop(at).value, shown_slide(at)))
    assert shown[2][1].title == "各区县复工率与开工率"  # the city's districts
    summary = shown[1][1].kpi["计划推进项目"]
    rest = [slide for where, slide in shown if where == "rest"]
    assert [slide.title for slide in rest] == [f"11. 其余 37 个街道（{n}/4）" for n in range(1, 5)]
    assert [row[0] for slide in rest for row in slide.rows] == [str(n) for n in range(11, 48)]  # ranks 11 to 47
    heard = {where: int(slide.kpi["计划推进项目"]) for where, slide in shown if slide.title.split("（")[0]
             .endswith("街道汇报")}
    assert len(heard) == 20
    # every project of the city counted once: the twenty streets heard, and the others summed
    assert (summary, rest[0].kpi["计划推进项目"], sum(heard.values())) == ("705", "498", 207)


def test_the_ledger_is_read_a_page_at_a_time(city):
    at = open_page("ledger", as_of=str(date(2018, 3, 31)))
    assert "共 705 个项目" in [c.value for c in at.caption]
    assert len(at.dataframe[0].value) == 250 and "所属区县" in at.dataframe[0].value.columns
    at.number_input(key="ledger_page").set_value(3).run()
    assert len(at.dataframe[0].value) == 205
    code = at.dataframe[0].value["项目编号"].iloc[0]
    linked = open_page("ledger", as_of="2018-03-31", project=code)  # a project of page 3, opened by its link
    assert linked.header[0].value == at.dataframe[0].value["项目名称"].iloc[0]
    at.text_input(key="q").input("项目").run()  # every project again, but a new search: its first page
    assert "共 705 个项目" in [c.value for c in at.caption] and len(at.dataframe[0].value) == 250


def test_the_lights_by_street_a_page_at_a_time_on_the_ledger_and_the_dispatch_page(city):
    at = open_page("ledger", as_of="2018-03-31")
    counts = at.dataframe[1].value  # in the popover under the ledger
    assert list(counts.columns)[0] == "所属街道" and len(counts) == 50
    assert "共 2 页，57 条" in [c.value for c in at.caption]
    at.number_input(key="light_counts:page").set_value(2).run()
    assert len(at.dataframe[1].value) == 7
    at.text_input(key="light_counts:q").input("002区").run()
    found = at.dataframe[1].value["所属街道"]
    assert len(found) == 19 and all(name.startswith("002区") for name in found)
    assert "搜索到 19 条" in [c.value for c in at.caption]  # one page: no page chooser, the count all the same
    at.text_input(key="light_counts:q").input("没有这个街道").run()
    assert at.dataframe[1].value.empty and "搜索到 0 条" in [c.value for c in at.caption]

    at = open_page("dispatch", as_of="2018-06-29")
    lights = at.tabs[2].dataframe[0].value
    assert list(lights.columns)[0] == "所属街道" and len(lights) == 50
    at.number_input(key="dispatch_light_counts:page").set_value(2).run()
    assert len(at.tabs[2].dataframe[0].value) == 7


@pytest.fixture
def busy_city(engine):
    """The three districts of `city`, with 2,000 problems: most streets hold some up in a quarter."""
    return synthetic_city(engine, 3, history=100, issues=2000)


def test_who_holds_problems_up_a_page_at_a_time_with_a_search(busy_city):
    at = open_page("dispatch", as_of="2018-06-29", level="quarterly", by="street", period="2018-04-01")
    streets = at.tabs[0].dataframe[0].value
    assert len(streets) == 50 and list(streets.columns)[0] == "街道"
    assert "共 2 页，57 条" in [c.value for c in at.tabs[0].caption]
    at.number_input(key="dispatch_who:street:page").set_value(2).run()
    assert len(at.tabs[0].dataframe[0].value) == 7
    at.text_input(key="dispatch_who:street:q").input("001区").run()
    found = at.tabs[0].dataframe[0].value["街道"]
    assert len(found) == 19 and all(name.startswith("001区") for name in found)


def test_meeting_mode_lists_forty_of_the_streets_between_and_sums_them_all(engine):
    synthetic_city(engine, 4, history=100, issues=30)  # 76 streets
    at = open_page("meeting", meeting="1")
    assert stop(at).options[12] == "11. 其余 56 个街道"
    stop(at).set_value("rest").run()
    rest = [shown_slide(at)]
    while next_slide(at) and stop(at).value == "rest":
        rest.append(shown_slide(at))
    assert {slide.title.split("（")[0] for slide in rest} == {"11. 其余 56 个街道"}
    assert all("列出第 11–50 名" in slide.title for slide in rest)
    assert [row[0] for slide in rest for row in slide.rows] == [str(n) for n in range(11, 51)]
    assert int(rest[0].kpi["计划推进项目"]) > sum(int(row[2]) for slide in rest for row in slide.rows)  # all 56 summed
