"""The data-exchange pages under AppTest: upload, preview and confirm an import; a street sheet out and
back; the exports page — as the dispatch office and a street official use them."""

import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from roadshow.auth import Actor
from roadshow.exchange.street_sheets import sheet_xlsx
from roadshow.models import Project, ProjectHistory, Street
from tests.conftest import add_project, add_user, browse_as
from tests.exchange_files import row, xlsx
from tests.test_import import snapshot
from tests.test_street_sheets import filled, rows_of

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def open_page(page: str, user: str, engine=None, **query) -> AppTest:
    browse_as(user, engine=engine)
    at = AppTest.from_file(f"../pages/{page}.py", default_timeout=60)
    at.query_params.update(query)
    at.run()
    assert not at.exception, at.exception
    return at


def upload(at: AppTest, name: str, data: bytes) -> AppTest:
    at.file_uploader[0].set_value((name, data, XLSX)).run()
    assert not at.exception, at.exception
    return at


def click(at: AppTest, label: str) -> AppTest:
    next(b for b in at.button if b.label == label).click().run()
    assert not at.exception, at.exception
    return at


def cards(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_the_dispatch_office_previews_a_bad_file_fixes_it_and_imports(engine):
    add_user(engine, "wangmin", "dispatcher")
    add_project(engine, name="已有项目", total=1000, annual=100)  # T-1
    at = open_page("import", "wangmin", engine)
    assert [b.label for b in at.get("download_button")] == ["下载导入模板（xlsx）"]
    before = snapshot(engine)
    bad = xlsx([row(项目编号="T-1", 项目名称="已有项目", **{"总投资(万元)": 1000, "年度计划投资(万元)": 100,
                                                       "累计完成投资(万元)": 300}),
                row(项目名称="新项目"), row(项目名称="火星项目", 所属街道="火星")])
    upload(at, "一季度台账.xlsx", bad)
    assert cards(at) == {"新增": "1", "更新": "1", "不变": "0", "错误行": "1"}  # the bad row counts as bad only
    assert at.error[0].value == "错误（1 处）：改正后重新上传。数据库未作任何修改。"
    errors = at.dataframe[0].value
    assert errors.values.tolist() == [[4, "所属街道", "未知街道“火星”"]]
    assert next(b for b in at.button if b.label == "确认导入").disabled
    assert snapshot(engine) == before

    fixed = xlsx([row(项目编号="T-1", 项目名称="已有项目", **{"总投资(万元)": 1000, "年度计划投资(万元)": 100,
                                                         "累计完成投资(万元)": 300}),
                  row(项目名称="新项目"), row(项目名称="泉水项目", 所属街道="泉水")])
    upload(at, "一季度台账（改）.xlsx", fixed)
    assert cards(at) == {"新增": "2", "更新": "1", "不变": "0", "错误行": "0"}
    changes = at.dataframe[0].value
    assert changes.values.tolist() == [["T-1", "已有项目", "项目类别：工业 → 商务商业服务；"
                                        "累计完成投资（万元）：0.00 → 300.00；"
                                        "开复工日期：— → 2018-03-15；市重点项目：否 → 是；包保区领导：— → 王建国；"
                                        "企业项目经理：— → 李明；星级：— → 4"]]
    assert snapshot(engine) == before  # still nothing written
    click(at, "确认导入")
    assert at.success[0].value == "导入成功：新增 2 个项目，更新 1 个，未变 0 个。"
    assert not at.metric  # a fresh uploader: the file is not previewed again
    with engine.connect() as db:
        notes = set(db.execute(sa.select(ProjectHistory.note)).scalars())
        count = db.execute(sa.select(sa.func.count(Project.id))).scalar()
    assert count == 3 and notes == {"wangmin 导入 一季度台账（改）.xlsx"}


def test_an_unreadable_upload_is_refused_in_the_users_language(engine):
    add_user(engine, "wangmin", "dispatcher")
    at = open_page("import", "wangmin", engine, lang="en")
    at.session_state["lang"] = "en"
    upload(at, "scan.xlsx", b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256)))
    assert at.error[0].value == ('Cannot read "scan\\.xlsx"\\: neither an xlsx workbook nor CSV text in '
                                 'UTF\\-8 or GBK\\.')


def test_a_street_official_updates_the_street_from_a_sheet(engine):
    add_user(engine, "ycz", "street", "营城子")
    add_project(engine, street="营城子", stage="new", total=1000, annual=100)
    add_project(engine, street="泉水", total=1000, annual=100)
    add_project(engine, street="营城子", total=1000, annual=100)  # T-3
    with engine.connect() as db:
        street_id = db.execute(sa.select(Street.id).where(Street.name == "营城子")).scalar()
    sheet = rows_of(sheet_xlsx(Actor("ycz", "street", street_id), street_id, 2018, engine))

    def with_values(start, completed, other=0) -> bytes:
        sheet[1][7:9] = [start, completed]
        sheet[2][8] = other
        return filled(sheet)

    at = open_page("street_sheet", "ycz", engine)
    assert at.subheader[0].value == "营城子街道"
    assert [b.label for b in at.get("download_button")] == ["下载填报表（xlsx）"]
    upload(at, "营城子.xlsx", with_values("2018-05-20", 120, 5000))  # T-3 over its total: nothing to confirm
    assert "#### 改正上述错误后将保存的修改（现在未保存任何内容）" in [m.value for m in at.markdown]
    assert not [b for b in at.button if b.label.startswith("确认保存")]
    upload(at, "营城子.xlsx", with_values("2018-05-20", 120))
    assert "#### 将保存的修改" in [m.value for m in at.markdown]
    assert at.dataframe[0].value.values.tolist() == [
        [2, "T-1", "测试项目1", "开复工日期：— → 2018-05-20；累计完成投资（万元）：0.00 → 120.00"]]
    click(at, "确认保存 1 个项目")
    assert at.success[0].value == "已从填报表保存 1 个项目。"
    with engine.connect() as db:
        saved = db.execute(sa.select(Project.completed_wan, Project.version).where(Project.code == "T-1")).one()
    assert (str(saved[0]), saved[1]) == ("120.00", 2)


def test_the_exports_page_tells_a_street_official_it_holds_their_street(demo_url):
    at = open_page("exports", "yingchengzi", as_of="2018-03-31")
    assert at.info[0].value == "街道账号只导出本街道（营城子街道）的数据。"
    assert len(at.get("download_button")) == 8
    at = open_page("exports", "dispatch", as_of="2018-03-31")
    assert not at.info and [h.value for h in at.markdown if h.value.startswith("####")] == [
        "#### 项目台账", "#### 问题清单（截至 2018-03-31）", "#### 星级评价", "#### 变更记录（截至 2018-03-31）"]


def test_a_project_changed_after_the_preview_is_named_and_the_preview_made_afresh(engine):
    from roadshow import services
    add_user(engine, "wangmin", "dispatcher")
    pid = add_project(engine, name="已有项目", total=1000, annual=100)
    at = open_page("import", "wangmin", engine)
    money = {"总投资(万元)": 1000, "年度计划投资(万元)": 100, "累计完成投资(万元)": 300}
    upload(at, "台账.xlsx", xlsx([row(项目编号="T-1", 项目名称="已有项目", **money)]))
    assert cards(at)["更新"] == "1"
    services.update_project(Actor("wangmin", "dispatcher"), pid, 1, {"completed_wan": "300"}, engine=engine)
    click(at, "确认导入")
    assert at.warning[0].value == ("导入未执行：预览之后，以下项目已被他人修改：T\\-1。已按最新数据重新预览，"
                                   "请再次核对后确认。")
    assert cards(at)["更新"] == "1" and cards(at)["不变"] == "0"  # 300 now, but the file's other cells differ
    click(at, "放弃")
    assert not at.metric and not at.warning
    with engine.connect() as db:
        assert db.execute(sa.select(sa.func.count(ProjectHistory.id))).scalar() == 1  # the official's save only
