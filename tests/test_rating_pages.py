"""The rating pages under AppTest: the dispatch office rates the demo's second quarter (a refused
override, an override with its reason, the rest confirmed), then a leader sees what moved and why and
which streets lead and trail; a confirmed cycle, a running one, the project detail, English."""
from datetime import date

from streamlit.testing.v1 import AppTest

from roadshow.demo import create_demo_accounts, load_demo
from tests.conftest import add_project, add_user, browse_as
from tests.test_leader_pages import open_page
from tests.test_pages_display import raw_texts
from tests.test_ratings import use_rule


def table(at, column: str):
    """The page's dataframe that has this column."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def test_the_dispatch_office_rates_the_second_quarter_and_a_leader_sees_why(engine):
    load_demo(engine)  # on a database of its own: this test writes
    create_demo_accounts(engine)
    at = open_page("rating", user="dispatch")
    assert at.selectbox(key="cycle").value == "2018Q2"  # the quarter after the last confirmed one
    assert at.info[0].value.startswith("2018年第二季度尚未评定：以下是 235 个项目按现行规则")
    proposals = table(at, "建议星级")
    assert len(proposals) == 235 and set(proposals["评定星级"]) == {"待确认"}
    steady = proposals[(proposals["上期"] == "★★★") & (proposals["建议星级"] == "★★★")].iloc[0]
    project = next(s for s in at.selectbox if s.label == "项目")
    project.set_value(steady["项目编号"])
    next(r for r in at.radio if r.label == "评定为").set_value(1)
    next(b for b in at.button if b.label == "调整并评定该项目").click().run()
    assert [e.value for e in at.error] == ["调整星级须填写理由。"]  # nothing written
    assert table(at, "建议星级")["评定星级"].eq("待确认").all()

    project = next(s for s in at.selectbox if s.label == "项目")
    project.set_value(steady["项目编号"])
    next(r for r in at.radio if r.label == "评定为").set_value(1)
    at.text_area[0].set_value("征收拆迁停滞，现场核实无进展")
    next(b for b in at.button if b.label == "调整并评定该项目").click().run()
    assert not at.exception, at.exception
    assert at.success[0].value == f"已将“{steady['项目名称']}”评定为 ★。"
    row = table(at, "建议星级").set_index("项目编号").loc[steady["项目编号"]]
    assert (row["评定星级"], row["调整理由"]) == ("★", "征收拆迁停滞，现场核实无进展")
    assert "2018年第二季度已评定 1 个项目（调整 1 个），其余 234 个待确认。" in [i.value for i in at.info]

    confirm = next(b for b in at.button if b.label == "确认 234 个项目的建议星级")
    assert confirm.disabled  # until the proposals are ticked as reviewed
    at.checkbox[0].check().run()
    next(b for b in at.button if b.label == "确认 234 个项目的建议星级").click().run()
    assert not at.exception, at.exception
    assert at.success[0].value == "2018年第二季度已确认：234 个项目按建议星级评定。"
    assert "由 区调度办 确认：共 235 个项目，其中调整 1 个" in at.success[1].value
    assert not [b for b in at.button if b.label.startswith("确认")]  # a confirmed cycle takes no more

    leader = open_page("stars", as_of="2018-06-30")
    assert "2018年第二季度（评价日 2018\\-06\\-30）" in leader.caption[0].value
    assert leader.caption[1].value == "2018年第二季度对比2018年第一季度：两期都评定过的项目。"
    fell = table(leader, "原因（变化的部分）")
    overridden = fell.set_index("项目编号").loc[steady["项目编号"]]
    assert (overridden["上期"], overridden["本期"], overridden["变化"]) == ("★★★", "★", "-2")
    assert overridden["原因（变化的部分）"].endswith("调整理由：征收拆迁停滞，现场核实无进展")
    assert (fell["变化"].astype(int) <= -2).all()
    cards = {m.label: m.value for m in leader.metric}
    assert int(cards["下降两星及以上"]) == len(fell) >= 1 and int(cards["上升"]) > 0
    assert len(leader.get("plotly_chart")) == 2

    month = open_page("assessment", month="6")
    lists = [m.value for m in month.markdown]
    assert len([m for m in lists if m.endswith(" 分") and "街道 · " in m]) >= 6  # three on each list
    assert len(table(month, "榜单")) == 19


def test_a_confirmed_cycle_shows_who_confirmed_it_and_the_rule_it_kept(demo_url):
    at = open_page("rating", user="dispatch", cycle="2018Q1")
    assert at.success[0].value == ("2018年第一季度已于 2018\\-04\\-03 16\\:00 由 区调度办 确认：共 235 个项目，"
                                   "其中调整 0 个。已确认的星级不再改变。")
    assert any("开始评定时的规则" in c.value for c in at.caption)
    assert not at.checkbox and not [b for b in at.button if b.label.startswith("确认")]
    assert table(at, "评定星级")["评定星级"].str.startswith("★").all()


def test_a_running_cycle_is_only_a_preview(engine, on_day):
    add_user(engine, "dispatch", "dispatcher")
    add_project(engine, start=date(2018, 3, 1), reports=[(date(2018, 3, 31), 10)])
    on_day(date(2018, 5, 10))
    assert open_page("rating", user="dispatch").selectbox(key="cycle").value == "2018Q1"  # the latest one over
    at = open_page("rating", user="dispatch", cycle="2018Q2")
    assert at.warning[0].value == "本周期到 2018-06-30 结束：以下为截至 2018-05-10 的预览，周期结束后才能评定。"
    assert not at.checkbox and not [b for b in at.button if b.label.startswith("确认")]
    assert any(m.value.startswith("**效益**（满分 40）") for m in at.markdown)  # the rule, from the config
    assert any(m.value.startswith("总分 = ") for m in at.markdown)  # and the worked example


def test_the_leaders_page_before_a_second_cycle(demo_url):
    at = open_page("stars", as_of="2018-06-30")
    assert at.caption[0].value.startswith("截至所选日期的星级：2018年第一季度")
    assert at.caption[1].value == "还没有可对比的上一评价周期。"
    before = open_page("stars", as_of="2018-03-30")
    assert before.info[0].value == "截至 2018-03-30 还没有确认的评价周期。"


def test_the_project_detail_shows_its_ratings_with_their_parts(demo_url):
    at = open_page("ledger", as_of="2018-06-30", project="GJZ-2018-001")
    history = table(at, "评价周期")
    assert history["评价周期"].tolist() == ["2018年第一季度"]
    assert history["评定"].iloc[0] == "区调度办 · 2018-04-03 16:00"
    basis = next(e for e in at.expander if e.label == "2018年第一季度的计分依据")
    assert [m.value.split("：")[0] for m in basis.markdown] == ["- 效益", "- 问题", "- 进度"]
    assert basis.markdown[0].value.startswith("- 效益：规模 ")


def test_the_assessment_page_ranks_the_streets_with_their_parts(demo_url):
    at = open_page("assessment")
    assert at.selectbox(key="month").value == 6  # the demo's last month with data
    bulletin = table(at, "榜单")
    assert bulletin["排名"].tolist() == sorted(bulletin["排名"]) and bulletin["排名"].iloc[0] == 1
    assert set(bulletin["榜单"]) == {"红榜", "黑榜", ""}
    # the chart's PNG; the 通报 as xlsx and as table slides, its 19 streets over three of them
    assert [d.proto.label for d in at.get("download_button")][:7] == [
        "PNG", "1280×720", "3840×2160 (2×)", "下载通报（xlsx）", "PNG 1/3", "PNG 2/3", "PNG 3/3"]
    may = table(open_page("assessment", month="5"), "榜单").set_index("所属街道")
    assert may.loc["兴华", "数据更新得分"] == "0.0 · 0/2 = 0.0%"  # the demo's streets that left May unreported


def test_the_rating_pages_show_no_raw_value_and_read_in_english(demo_url):
    shown = {"stars": raw_texts(open_page("stars", as_of="2018-06-30")),
             "assessment": raw_texts(open_page("assessment")),
             "rating": raw_texts(open_page("rating", user="dispatch"))}
    assert {page: texts for page, texts in shown.items() if texts} == {}
    browse_as("dispatch")
    at = AppTest.from_file("../pages/rating.py", default_timeout=60)
    at.session_state["lang"] = "en"
    at.run()
    assert at.title[0].value == "Star rating"
    assert "Proposed" in table(at, "Proposed").columns


def test_a_broken_rules_file_is_named_on_the_pages(demo_url, monkeypatch, tmp_path):
    use_rule(monkeypatch, tmp_path, ("city_key = 5", "city_key = 6"), ("data_current = 15", "data_current = 16"))
    at = open_page("rating", user="dispatch", cycle="2018Q2")
    assert at.error[0].value.startswith("评价规则文件有误，请联系管理员：evaluation.toml [rating]: the parts' highest "
                                        "points add up to 101, not 100")
    assert not at.dataframe
    assert open_page("assessment").error[0].value.endswith("the weights add up to 101, not 100")
