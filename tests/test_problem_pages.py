"""The dispatch office's and the street officials' pages under AppTest: a meeting created, its
problems recorded and the meeting closed; a closure requested by the street and decided by the
office, refusals shown and changing nothing; what needs each person; meeting mode opening with
回头看 on the demo."""
from datetime import date

import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from roadshow import meetings, problems, services
from roadshow.auth import Actor
from roadshow.models import FollowUp, Issue, Meeting, Street
from roadshow.ui.access import PAGES, nav_title
from tests.conftest import add_project, add_user, browse_as
from tests.slides_shown import next_slide, shown_slide
from tests.test_pages_display import RAW, raw_texts

DISPATCH = Actor("dispatch", "dispatcher")


def page(name: str, user: str, **query) -> AppTest:
    browse_as(user)
    at = AppTest.from_file(f"../pages/{name}.py", default_timeout=60)
    at.query_params.update(query)
    at.run()
    assert not at.exception, at.exception
    return at


def button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def problem_rows(engine):
    with engine.connect() as db:
        return [tuple(r) for r in db.execute(sa.select(
            Issue.meeting_id, Issue.raised_on, Issue.description, Issue.problem_type, Issue.owner_unit, Issue.leader,
            Issue.deadline).order_by(Issue.id))]


def test_the_dispatch_office_creates_a_meeting_records_problems_and_closes_it(engine, on_day):
    add_user(engine, "dispatch", "dispatcher")
    pid = add_project(engine, name="营城子智能制造产业园")
    services.update_project(DISPATCH, pid, 1, {"leader": "王建国"}, engine=engine)
    on_day(date(2018, 6, 27))
    other = add_project(engine, street="泉水")  # a problem of before: its unit is offered
    problems.raise_problem(DISPATCH, other, "资金不足", "funding", "区住建局", date(2018, 7, 30), engine=engine)

    at = page("meetings", "dispatch")
    assert [i.value for i in at.info] == ["还没有路演会议，请先新建。"]
    assert at.text_input[0].value == "2018年二季度重点项目路演" and at.date_input[0].value == date(2018, 6, 27)
    at.text_input[1].input("区政府常务会议室")
    button(at, "创建会议").click().run()
    assert [s.value for s in at.success] == ["已创建会议“2018年二季度重点项目路演”。"]
    with engine.connect() as db:
        meeting = db.execute(sa.select(Meeting.id, Meeting.plan_year, Meeting.quarter, Meeting.venue)).one()
    assert tuple(meeting)[1:] == (2018, 2, "区政府常务会议室")
    assert at.caption[0].value == "2018年度 · 二季度 · 2018\\-06\\-27 · 区政府常务会议室"

    at.selectbox(key=f"raise_street:{meeting.id}").select("营城子").run()
    assert next(t for t in at.text_input if t.label == "包保区领导").value == "王建国"  # the project's
    button(at, "登记问题").click().run()  # nothing typed
    assert [e.value for e in at.error] == ["请填写问题描述（不超过 1000 字）。"]
    assert len(problem_rows(engine)) == 1
    at.text_area[0].input("剩余5户未签约")
    next(s for s in at.selectbox if s.label == "问题类型").select("demolition")
    next(s for s in at.selectbox if s.label == "责任单位/专项工作组").select("区住建局")
    button(at, "登记问题").click().run()
    assert [s.value for s in at.success] == ["已登记问题：剩余5户未签约"]
    assert problem_rows(engine)[1:] == [(meeting.id, date(2018, 6, 27), "剩余5户未签约", "demolition", "区住建局",
                                         "王建国", date(2018, 7, 27))]
    assert at.subheader[0].value == "本次会议提出的问题（1）"
    assert list(at.dataframe[0].value["问题"]) == ["剩余5户未签约"]

    at.multiselect(key=f"agenda:{meeting.id}").set_value(["营城子", "泉水"])
    button(at, "保存议程").click().run()
    assert [s.value for s in at.success] == ["议程已保存。"]

    assert button(at, "结束会议，锁定问题清单").disabled  # asked twice
    at.checkbox(key=f"confirm_close:{meeting.id}").check().run()
    button(at, "结束会议，锁定问题清单").click().run()
    assert [s.value for s in at.success] == ["会议已结束，问题清单已锁定。"]
    assert not any(b.label == "登记问题" for b in at.button)
    assert "问题清单已锁定" in at.info[0].value
    assert at.multiselect(key=f"agenda:{meeting.id}").disabled
    with engine.connect() as db:
        assert db.execute(sa.select(Meeting.agenda, Meeting.closed_by)).one() == ("营城子、泉水", "dispatch")


def test_a_street_asks_for_closure_and_the_dispatch_office_decides(engine, on_day):
    add_user(engine, "dispatch", "dispatcher")
    add_user(engine, "yingchengzi", "street", street="营城子")
    add_user(engine, "quanshui", "street", street="泉水")
    on_day(date(2018, 6, 27))
    issue = problems.raise_problem(DISPATCH, add_project(engine, name="营城子物流园"), "施工用电未接入", "utilities",
                                   "供电公司", date(2018, 7, 27), engine=engine)
    on_day(date(2018, 7, 2))

    def status():
        with engine.connect() as db:
            return (db.execute(sa.select(Issue.status)).scalar(),
                    db.execute(sa.select(sa.func.count(FollowUp.id))).scalar())

    street = page("problems", "yingchengzi", problem=str(issue))
    assert street.subheader[0].value == "营城子街道"
    assert street.radio[0].options == ["跟进", "申请销号"]
    street.radio[0].set_value("request_closure").run()
    button(street, "申请销号").click().run()
    assert [e.value for e in street.error] == ["申请销号须写明已完成的工作（不超过 1000 字）。"]
    assert status() == ("open", 0)
    next(t for t in street.text_area if t.label == "已完成的工作").input("临时用电已接通")
    button(street, "申请销号").click().run()
    assert [s.value for s in street.success] == ["已申请销号，等待区调度办核查。"]
    assert status() == ("closure_requested", 1)
    assert not street.radio and [i.value for i in street.info] == ["已申请销号，等待区调度办核查。"]

    elsewhere = page("problems", "quanshui", problem=str(issue))  # another street's problem is not offered
    assert elsewhere.caption[1].value == "共 0 个问题" and not elsewhere.radio and not elsewhere.text_area

    office = page("problems", "dispatch", problem=str(issue))
    assert office.radio[0].options == ["销号", "退回", "延期"]
    office.radio[0].set_value("send_back").run()
    button(office, "退回").click().run()
    assert [e.value for e in office.error] == ["请写明原因（不超过 1000 字）。"]
    assert status() == ("closure_requested", 1)
    office.radio[0].set_value("close").run()
    assert next(t for t in office.text_area if t.label == "核查意见").value == "经核查属实，同意销号。"
    button(office, "销号").click().run()
    assert [s.value for s in office.success] == ["已销号。"]
    assert status() == ("resolved", 2)
    facts, *record = [m.value for m in office.markdown if m.value.startswith("- ")]
    assert facts.split("\n")[:3] == ["- **状态**：已销号", "- **问题类型**：水电气暖",
                                     "- **责任单位/专项工作组**：供电公司"]
    assert record == ["- 2018\\-07\\-02 周调度 · 申请销号：临时用电已接通 :gray[yingchengzi]",
                      "- 2018\\-07\\-02 周调度 · 销号：经核查属实，同意销号。 :gray[dispatch]"]
    assert office.radio[0].options == ["重新打开"]
    closed = page("problems", "yingchengzi", problem=str(issue))
    assert [i.value for i in closed.info] == ["已销号。如问题反弹，请联系区调度办重新打开。"]


def demo_street_id(demo_engine, name="营城子") -> int:
    with demo_engine.connect() as db:
        return db.execute(sa.select(Street.id).where(Street.name == name)).scalar()


def test_a_street_official_sees_at_once_what_is_overdue_on_its_street(demo_url, demo_engine):
    """The demo as of 30 June: 营城子 has two problems overdue (one of them sent back on 6-25), two due
    in the first week of July, and four projects nobody has reported on since May."""
    at = page("inbox", "yingchengzi")
    assert [s.value for s in at.subheader] == ["逾期问题（2）", "7 日内到期（2）", "销号申请被退回（1）",
                                               "30 天未更新的项目（4）"]
    labels = [b.label for b in at.button]
    assert any("6\\-25 退回" in label for label in labels)
    overview = page("overview", "yingchengzi")
    assert overview.markdown[0].value == (":red[**营城子街道：逾期问题 2 个 · 7 日内到期 2 个 · 销号申请被退回 1 个 · "
                                          "30 天未更新项目 4 个**]")
    yingchengzi = Actor("yingchengzi", "street", demo_street_id(demo_engine))
    inbox = next(p for p in PAGES if p.file == "pages/inbox.py")
    # 4 problems (one of them both overdue and sent back) and 4 projects
    assert nav_title(inbox, yingchengzi, "zh") == "待办提醒（8）"
    assert nav_title(inbox, Actor("dispatch", "dispatcher"), "en") == "What needs me (14)"
    assert nav_title(PAGES[0], yingchengzi, "zh") == "总览"


def test_the_dispatch_office_sees_closure_requests_and_overdue_problems_by_unit(demo_url):
    at = page("inbox", "dispatch")
    assert [s.value for s in at.subheader] == ["待核查的销号申请（4）", "逾期问题（14）"]
    by_unit = at.dataframe[0].value
    assert list(by_unit.columns) == ["责任单位", "逾期问题数"] and by_unit["逾期问题数"].sum() == 14
    assert at.dataframe[1].value["逾期问题数"].sum() == 14
    assert sum("逾期" in b.label for b in at.button) == 14


def test_from_the_overview_to_a_problem_through_the_navigation(demo_url):
    browse_as("yingchengzi")
    at = AppTest.from_file("../app.py", default_timeout=60).run()
    assert at.title[0].value == "重点项目总览"
    button(at, "查看待办").click().run()
    assert at.title[0].value == "待办提醒"
    sent_back = next(b for b in at.button if "退回" in b.label)
    sent_back.click().run()
    assert not at.exception, at.exception
    assert at.title[0].value == "问题跟踪" and at.radio[0].options == ["跟进", "申请销号"]


def test_the_q2_roadshow_opens_by_looking_back_at_the_q1_problems(demo_url):
    at = page("meeting", "leader", meeting="2")
    slide = shown_slide(at)
    assert slide.title == "回头看：2018-03-28 路演问题清单（1/6）"
    assert slide.subtitle == "2018年度重点项目 · 数据来源：问题清单及跟踪记录，截至 2018-06-27"
    assert slide.kpis == [("问题总数", "36"), ("已销号", "21"), ("申请销号", "4"), ("推进中", "8"), ("待办", "3"),
                          ("逾期", "14")]
    status = slide.columns.index("状态")
    rows = slide.rows
    for n in range(2, 7):  # the list over six slides, none cut off
        assert next_slide(at) and shown_slide(at).title == f"回头看：2018-03-28 路演问题清单（{n}/6）"
        rows += shown_slide(at).rows
    assert len(rows) == 36
    statuses = [row[status] for row in rows]
    assert all(s.endswith("· 逾期") for s in statuses[:14]) and not any("逾期" in s for s in statuses[14:])
    assert next_slide(at) and shown_slide(at).title == "2018年二季度重点项目路演"  # then the summary

    at = page("meeting", "leader", meeting="2")  # the list itself, under the slide: filters and records
    assert "2018-03-28 路演提出的问题，及此前仍未销号的问题 · 状态截至 2018-06-27" in [c.value for c in at.caption]
    assert "**共 36 个：已销号 21，申请销号 4，推进中 8，待办 3；逾期 14**" in [m.value for m in at.markdown]
    at.multiselect(key="lookback:2:statuses").set_value(["closure_requested"]).run()
    assert "**共 4 个：已销号 0，申请销号 4，推进中 0，待办 0；逾期 4**" in [m.value for m in at.markdown]
    at.selectbox(key="lookback:2:record").select_index(0).run()
    record = [m.value for m in at.markdown if m.value.startswith("- ")]
    assert record[0].startswith("- 2018\\-04\\-04 周调度 · 跟进") and "申请销号" in record[-1]


def test_the_new_pages_show_no_raw_code_none_or_nan(demo_url):
    shown = {}
    for name, user, query in (("inbox", "yingchengzi", {}), ("inbox", "dispatch", {}),
                              ("problems", "dispatch", {"problem": "23"}), ("problems", "yingchengzi", {}),
                              ("meetings", "dispatch", {"meeting": "2"})):
        at = page(name, user, **query)
        shown[f"{name} {user}"] = raw_texts(at) + [b.label for b in at.button if RAW.search(b.label)]
    assert {k: v for k, v in shown.items() if v} == {}



def test_a_long_look_back_is_listed_a_page_at_a_time_and_searchable(engine, on_day):
    """55 problems raised at the first roadshow (4-02): the second's 回头看 counts all 55 but lists 50 a
    page; page 2 holds the last 5; a search finds the one problem it names."""
    add_user(engine, "dispatch", "dispatcher")
    pid = add_project(engine, name="营城子智能制造产业园")
    on_day(date(2018, 4, 2))
    first = meetings.create_meeting(DISPATCH, 2018, date(2018, 4, 2), "一季度路演", engine=engine)
    for n in range(1, 56):
        problems.raise_problem(DISPATCH, pid, f"问题{n:02d}", "other", "区住建局", date(2018, 5, 31), meeting_id=first,
                               engine=engine)
    on_day(date(2018, 6, 27))
    second = meetings.create_meeting(DISPATCH, 2018, date(2018, 6, 27), "二季度路演", engine=engine)
    at = page("meetings", "dispatch", meeting=str(second))
    key = f"lookback:{second}:list"
    assert any(m.value == "**共 55 个：已销号 0，申请销号 0，推进中 0，待办 55；逾期 55**" for m in at.markdown)
    assert next(c.value for c in at.caption if c.value.startswith("共 2 页")) == "共 2 页，55 条"
    listed = list(at.dataframe[0].value["问题"])
    assert (len(listed), listed[0], listed[-1]) == (50, "问题01", "问题50")
    at.number_input(key=f"{key}:page").set_value(2).run()
    assert list(at.dataframe[0].value["问题"]) == ["问题51", "问题52", "问题53", "问题54", "问题55"]
    at.text_input(key=f"{key}:q").input("问题07").run()
    assert list(at.dataframe[0].value["问题"]) == ["问题07"]
