"""A district official (区县干部: a street official given a district instead of a street) does for every
street of the district what a street official does for one — problems, alerts on arrival, the problem
list, street sheets, exports — and nothing outside it. On the two-city fixture of test_hierarchy:
中山区 holds 青泥洼桥 (测试项目3, T-3) and 人民路 (测试项目4, T-4); 营城子 (T-1, T-2), 繁荣 (T-5) and
兴顺 (T-6) lie outside it."""
from datetime import date, datetime, time

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from roadshow import accounts, alerts, assessment, problems, services
from roadshow.auth import Actor
from roadshow.database import write_session
from roadshow.exchange import exports
from roadshow.exchange.street_sheets import preview_sheet, sheet_xlsx
from roadshow.metrics import ALL, Filters
from roadshow.models import Project, Street, User
from roadshow.settings import settings
from roadshow.ui.access import PAGES, nav_title
from tests.conftest import DISPATCH, SETUP, browse_as
from tests.test_hierarchy import places  # noqa: F401 - the two-city fixture
from tests.test_street_sheets import filled, rows_of

D = date(2018, 6, 30)


def actor(engine, username: str) -> Actor:
    with Session(engine) as session:
        return Actor.of(session.exec(select(User).where(User.username == username)).one())


def ids(frame) -> list[int]:
    return [int(i) for i in frame["id"]]


@pytest.fixture
def district(places, on_day):  # noqa: F811
    """The official zs of 大连市/中山区 and renmin of 人民路 alone, and problems raised on 5-01:
    q (青泥洼桥, deadline 6-20: overdue on 6-30), r (人民路, 7-03: due within 7 days), s (人民路, 8-31: its
    closure request of 6-10 sent back on 6-12), y (营城子, 6-10) and x (兴顺, 6-01), overdue outside the
    district. Last changes: T-3 on 5-01 (not updated for 30 days on 6-30), T-4 on 6-15, the others 1-01."""
    accounts.add_user(SETUP, "zs", "password-1", "street", engine=places, district="大连市/中山区")
    accounts.add_user(SETUP, "renmin", "password-1", "street", engine=places, street="人民路")
    with write_session(places) as session:
        for project in session.exec(select(Project)):
            day = {"T-3": date(2018, 5, 1), "T-4": date(2018, 6, 15)}.get(project.code, date(2018, 1, 1))
            project.updated_at = datetime.combine(day, time(9), tzinfo=settings().zone)
    code_of = {}
    on_day(date(2018, 5, 1))
    for name, code, deadline in (("q", "T-3", date(2018, 6, 20)), ("r", "T-4", date(2018, 7, 3)),
                                 ("s", "T-4", date(2018, 8, 31)), ("y", "T-1", date(2018, 6, 10)),
                                 ("x", "T-6", date(2018, 6, 1))):
        with places.connect() as db:
            pid = db.execute(sa.select(Project.id).where(Project.code == code)).scalar()
        code_of[name] = problems.raise_problem(DISPATCH, pid, f"问题{name}", "utilities", "供电局", deadline,
                                               engine=places)
    zs = actor(places, "zs")
    on_day(date(2018, 6, 10))
    problems.take_step(zs, code_of["s"], "request_closure", "weekly", "已通电", engine=places)
    on_day(date(2018, 6, 12))
    problems.take_step(DISPATCH, code_of["s"], "send_back", "weekly", "缺验收单", engine=places)
    on_day(D)
    return places, zs, actor(places, "renmin"), code_of


def test_a_district_official_s_alerts_cover_every_street_of_the_district_and_no_other(district):
    engine, zs, renmin, p = district
    found = alerts.street_alerts(engine, 2018, None, D, D, district_id=zs.district_id)
    assert ids(found["overdue"]) == [p["q"]]  # not 营城子's y nor 兴顺's x
    assert ids(found["due_soon"]) == [p["r"]]
    assert ids(found["sent_back"]) == [p["s"]] and list(found["sent_back"]["street"]) == ["人民路"]
    assert list(found["stale"]["code"]) == ["T-3"] and list(found["stale"]["street"]) == ["青泥洼桥"]
    assert alerts.waiting_count(engine, "street", None, 2018, D, D, district_id=zs.district_id) == 3 + 1
    mine = alerts.street_alerts(engine, 2018, renmin.street_id, D, D)  # 人民路's official: their street alone
    assert (ids(mine["overdue"]), ids(mine["due_soon"]), ids(mine["sent_back"])) == ([], [p["r"]], [p["s"]])
    assert mine["stale"].empty and alerts.waiting_count(engine, "street", renmin.street_id, 2018, D, D) == 2


def test_a_district_official_s_work_list_holds_the_district_s_problems(district):
    engine, zs, _, p = district
    every = problems.work_list(engine, 2018, D, D, district_id=zs.district_id)
    assert ids(every) == [p["q"], p["r"], p["s"]]  # overdue first, then by street and deadline
    assert ids(problems.work_list(engine, 2018, D, D, "人民路", district_id=zs.district_id)) == [p["r"], p["s"]]
    assert ids(problems.work_list(engine, 2018, D, D, "兴顺", district_id=zs.district_id)) == []


def test_a_district_official_s_pages_inbox_problems_and_navigation_count(district):
    engine, zs, _, p = district
    browse_as("zs", "password-1")
    inbox = AppTest.from_file("../pages/inbox.py", default_timeout=60).run()
    assert not inbox.exception, inbox.exception
    assert [s.value for s in inbox.subheader] == ["逾期问题（1）", "7 日内到期（1）", "销号申请被退回（1）",
                                                  "30 天未更新的项目（1）"]
    assert any(b.label.startswith("测试项目3 · 问题q · 青泥洼桥 · 逾期 10 天") for b in inbox.button)
    overview = AppTest.from_file("../pages/overview.py", default_timeout=60).run()
    assert overview.markdown[0].value.startswith(":red[**大连市 › 中山区：逾期问题 1 个 · 7 日内到期 1 个")
    tracking = AppTest.from_file("../pages/problems.py", default_timeout=60)
    tracking.query_params["problem"] = str(p["y"])  # another district's problem, by its link
    tracking.run()
    assert not tracking.exception, tracking.exception
    assert tracking.subheader[0].value == "大连市 › 中山区"  # two cities: the district with its own
    assert tracking.selectbox(key="problem_street").options == ["青泥洼桥", "人民路"]
    assert list(tracking.dataframe[0].value["问题"]) == ["问题q", "问题r", "问题s"]
    assert tracking.selectbox(key="problem").value is None  # not opened
    tracking.selectbox(key="problem").set_value(p["q"]).run()
    assert tracking.radio[0].options == ["跟进", "申请销号"]
    inbox_page = next(page for page in PAGES if page.file == "pages/inbox.py")
    assert nav_title(inbox_page, zs, "zh") == "待办提醒（4）"


def test_street_sheets_for_each_street_of_the_district_and_no_other(district):
    engine, zs, _, _ = district
    with engine.connect() as db:
        street = dict(db.execute(sa.select(Street.name, Street.id)).all())
    sheet = rows_of(sheet_xlsx(zs, street["人民路"], 2018, engine))
    assert [r[:3] for r in sheet[1:]] == [["T-4", "测试项目4", "人民路街道"]]
    for other in ("营城子", "兴顺"):
        with pytest.raises(services.PermissionDenied):
            sheet_xlsx(zs, street[other], 2018, engine)
    # the 人民路 sheet with a 青泥洼桥 row (the same district) and a 兴顺 row (another city's) added
    qingni = rows_of(sheet_xlsx(zs, street["青泥洼桥"], 2018, engine))[1]
    xingshun = rows_of(sheet_xlsx(DISPATCH, street["兴顺"], 2018, engine))[1]
    for row in (sheet[1], qingni, xingshun):
        row[8] = 10  # 累计完成投资(万元)
    preview = preview_sheet(zs, filled([sheet[0], sheet[1], qingni, xingshun]), "人民路.xlsx", "zh", engine)
    assert [(e.row, e.column, e.message) for e in preview.errors] == [
        (4, "项目编号", "项目“测试项目6”属于兴顺街道，不在您的区县内，不能修改")]
    assert [e.code for e in preview.edits] == ["T-4", "T-3"]


def test_exports_hold_the_district_only(district):
    engine, zs, renmin, _ = district
    asked = Filters(streets=("兴顺",))  # whatever the filter bar says
    assert exports.scope(zs, asked, engine) == Filters(streets=("兴顺",), cities=("大连市",), districts=("中山区",))
    assert exports.ledger_frame(engine, 2018, exports.scope(zs, asked, engine)).empty
    assert list(exports.ledger_frame(engine, 2018, exports.scope(zs, ALL, engine))["项目编号"]) == ["T-3", "T-4"]
    assert exports.scope(renmin, ALL, engine) == Filters(streets=("人民路",))
    accounts.add_user(SETUP, "zs_leader", "password-1", "leader", engine=engine, district="中山区")
    leader = actor(engine, "zs_leader")
    assert list(exports.follow_up_frame(engine, 2018, D, exports.scope(leader, ALL, engine))["项目编号"]) == [
        "T-3", "T-4", "T-4"]
    assert exports.scope(DISPATCH, asked, engine) == asked


def test_the_exports_page_of_a_district_official(district):
    browse_as("zs", "password-1")
    at = AppTest.from_file("../pages/exports.py", default_timeout=60).run()
    assert not at.exception, at.exception
    assert at.info[0].value == "区县账号只导出本区县（大连市 › 中山区）的数据。"



def test_the_monthly_assessment_ranks_the_streets_of_the_place_among_themselves(district):
    """March, nothing reported, no problems raised by 3-31: 营城子 30 × 1/2 + 0 + 25 + 0 = 40; 青泥洼桥,
    人民路 and 兴顺 30 + 0 + 25 + 0 = 55; 繁荣 (nothing started) 0 + 0 + 25 + 15 = 40."""
    engine, *_ = district
    everywhere = assessment.assessment(engine, 2018, 3, date(2018, 3, 31))
    assert list(zip(everywhere["street"], everywhere["score"], everywhere["rank"])) == [
        ("青泥洼桥", 55.0, 1), ("人民路", 55.0, 1), ("兴顺", 55.0, 1), ("营城子", 40.0, 4), ("繁荣", 40.0, 4)]
    dalian = assessment.assessment(engine, 2018, 3, date(2018, 3, 31), filters=Filters(cities=("大连市",)))
    assert list(zip(dalian["street"], dalian["rank"])) == [("青泥洼桥", 1), ("人民路", 1), ("营城子", 3)]
    browse_as("zs", "password-1")
    at = AppTest.from_file("../pages/assessment.py", default_timeout=60)
    at.query_params.update(year="2018", month="3")
    at.run()
    assert not at.exception, at.exception
    table = at.dataframe[0].value
    assert list(table["所属街道"]) == ["青泥洼桥", "人民路"] and list(table["排名"]) == [1, 1]
