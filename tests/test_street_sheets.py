"""Street sheets (issue 13, point 2): a street official's own projects and editable fields out, the
filled-in sheet back in; other streets' rows and stale versions refused with the row named and the
current values shown; saved through the services, all or nothing."""
import io
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest
import sqlalchemy as sa

from roadshow import services
from roadshow.auth import Actor
from roadshow.exchange.street_sheets import commit_sheet, preview_sheet, sheet_xlsx
from roadshow.models import Project, ProjectHistory, Street
from tests.conftest import add_project
from tests.test_import import snapshot

HEADERS = ["项目编号", "项目名称", "所属街道", "建设性质", "计划年度", "总投资(万元)", "年度计划投资(万元)",
           "开复工日期", "累计完成投资(万元)", "停工", "停工日期", "停工原因", "版本号"]


@pytest.fixture
def streets(engine):
    """Two projects of 营城子 (T-1 continuing, T-2 new), one of 泉水 (T-3); the officials of both."""
    add_project(engine, street="营城子", total=1000, annual=100)
    add_project(engine, street="营城子", stage="new", total=500, annual=50)
    add_project(engine, street="泉水", total=800, annual=80)
    with engine.connect() as db:
        ids = dict(db.execute(sa.select(Street.name, Street.id)).all())
    return Actor("ycz", "street", ids["营城子"], "营城子 李娜"), Actor("qs", "street", ids["泉水"], "泉水 周强")


def rows_of(data: bytes) -> list[list]:
    return [list(r) for r in openpyxl.load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True)]


def filled(sheet: list[list]) -> bytes:
    book = openpyxl.Workbook()
    for r in sheet:
        book.active.append(r)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def values(engine) -> list[tuple]:
    with engine.connect() as db:
        return db.execute(sa.select(Project.code, Project.start_date, Project.completed_wan, Project.suspended,
                                    Project.suspension_reason, Project.version).order_by(Project.code)).all()


def test_the_sheet_holds_the_streets_projects_and_only_its_editable_fields(engine, streets):
    official, _ = streets
    sheet = rows_of(sheet_xlsx(official, official.street_id, 2018, engine))
    assert sheet == [HEADERS,
                     ["T-1", "测试项目1", "营城子街道", "续建", 2018, 1000, 100, None, 0, "否", None, None, 1],
                     ["T-2", "测试项目2", "营城子街道", "新开工", 2018, 500, 50, None, 0, "否", None, None, 1]]
    book = openpyxl.load_workbook(io.BytesIO(sheet_xlsx(official, official.street_id, 2018, engine)))
    grid = book.active
    assert grid.protection.sheet  # read-only columns locked in Excel; only the editable cells are open
    assert [grid.cell(2, n).protection.locked for n in range(1, 14)] == [True] * 7 + [False] * 5 + [True]


def test_another_streets_sheet_or_a_leader_is_refused(engine, streets):
    official, other = streets
    for actor in (official, Actor("boss", "leader")):
        with pytest.raises(services.PermissionDenied):
            sheet_xlsx(actor, other.street_id, 2018, engine)
    assert len(rows_of(sheet_xlsx(Actor("dispatch", "dispatcher"), other.street_id, 2018, engine))) == 2


def test_a_filled_in_sheet_is_previewed_then_saved_with_its_name_in_the_history(engine, streets):
    official, _ = streets
    sheet = rows_of(sheet_xlsx(official, official.street_id, 2018, engine))
    sheet[1][7:10] = ["2018/3/15", "1,200.5", "否"]  # over the total: refused below
    sheet[2][7:12] = [None, 20, "是", None, "资金未到位"]
    before = snapshot(engine)
    preview = preview_sheet(official, filled(sheet), "营城子填报.xlsx", "zh", engine)
    assert [(e.row, e.column, e.message) for e in preview.errors] == [
        (2, "累计完成投资(万元)", "累计完成投资（1200.50）大于总投资（1000.00）")]
    assert not preview.ok and snapshot(engine) == before
    sheet[1][8] = "600"
    preview = preview_sheet(official, filled(sheet), "营城子填报.xlsx", "zh", engine)
    assert preview.ok and preview.unchanged == 0
    assert [(e.code, sorted(e.fields)) for e in preview.edits] == [
        ("T-1", ["completed_wan", "start_date"]),
        ("T-2", ["completed_wan", "suspended", "suspended_on", "suspension_reason"])]
    # suspended without a day: as of today, capped to the plan year (as the form does)
    assert preview.edits[1].fields["suspended_on"] == (None, date(2018, 12, 31))
    assert commit_sheet(official, preview, "营城子 李娜 上传填报表 营城子填报.xlsx", engine) == 2
    assert values(engine) == [("T-1", date(2018, 3, 15), Decimal("600.00"), False, None, 2),
                              ("T-2", None, Decimal("20.00"), True, "资金未到位", 2),
                              ("T-3", None, Decimal("0.00"), False, None, 1)]
    with engine.connect() as db:
        notes = set(db.execute(sa.select(ProjectHistory.changed_by, ProjectHistory.note)).all())
    assert notes == {("ycz", "营城子 李娜 上传填报表 营城子填报.xlsx")}


def test_a_suspended_projects_day_emptied_is_refused(engine, streets):
    official, _ = streets
    sheet = rows_of(sheet_xlsx(official, official.street_id, 2018, engine))
    sheet[2][9:12] = ["是", "2018-05-06", "资金未到位"]
    commit_sheet(official, preview_sheet(official, filled(sheet), "a.xlsx", "zh", engine), "a", engine)
    sheet = rows_of(sheet_xlsx(official, official.street_id, 2018, engine))
    assert sheet[2][9:12] == ["是", datetime(2018, 5, 6), "资金未到位"]
    sheet[2][10] = None  # else suspended on no day: on none of the as-of views
    before = snapshot(engine)
    preview = preview_sheet(official, filled(sheet), "b.xlsx", "zh", engine)
    assert [(e.row, e.column, e.message) for e in preview.errors] == [
        (3, "停工日期", "停工须填写停工日期；已复工的请将“停工”填为“否”")]
    assert not preview.ok and snapshot(engine) == before
    sheet[2][9] = "否"  # back at work: no day, no reason
    assert preview_sheet(official, filled(sheet), "c.xlsx", "zh", engine).ok


def test_rows_of_another_street_are_refused_with_the_row_named(engine, streets):
    official, other = streets
    mine = rows_of(sheet_xlsx(official, official.street_id, 2018, engine))
    theirs = rows_of(sheet_xlsx(Actor("dispatch", "dispatcher"), other.street_id, 2018, engine))
    mine[1][8] = 10
    theirs[1][8] = 10
    before = snapshot(engine)
    preview = preview_sheet(official, filled([*mine, theirs[1], ["X-9", *[None] * 7, 1, "否", None, None, 1]]),
                            "s.xlsx", "zh", engine)
    assert [(e.row, e.column, e.message) for e in preview.errors] == [
        (4, "项目编号", "项目“测试项目3”属于泉水街道，不能在本街道的填报表中修改"),
        (5, "项目编号", "没有编号为“X-9”的项目")]
    assert not preview.ok and snapshot(engine) == before  # the good row is not saved either
    english = preview_sheet(official, filled([*mine, theirs[1]]), "s.xlsx", "en", engine)
    assert english.errors[0].message == 'project "测试项目3" belongs to 泉水, not to your street'


def test_a_project_changed_after_the_download_is_a_conflict_with_the_current_values(engine, streets):
    official, _ = streets
    sheet = rows_of(sheet_xlsx(official, official.street_id, 2018, engine))
    with engine.connect() as db:
        pid = db.execute(sa.select(Project.id).where(Project.code == "T-1")).scalar()
    services.update_project(Actor("dispatch", "dispatcher"), pid, 1, {"completed_wan": "300"}, engine=engine)
    sheet[1][8] = 250  # the official's own figure, made on version 1
    sheet[2][8] = 40
    before = snapshot(engine)
    preview = preview_sheet(official, filled(sheet), "s.xlsx", "zh", engine)
    assert not preview.ok and [e.code for e in preview.edits] == ["T-2"]
    [conflict] = preview.conflicts
    assert (conflict.row, conflict.code, conflict.version) == (2, "T-1", 1)
    assert conflict.current["completed_wan"] == Decimal("300.00")
    assert [(h.field, h.old_value, h.new_value) for h in conflict.since] == [("completed_wan", "0.00", "300.00")]
    assert snapshot(engine) == before


def test_an_untouched_row_of_a_changed_project_is_simply_unchanged(engine, streets):
    official, _ = streets
    sheet = rows_of(sheet_xlsx(official, official.street_id, 2018, engine))
    with engine.connect() as db:
        pid = db.execute(sa.select(Project.id).where(Project.code == "T-1")).scalar()
    services.update_project(Actor("dispatch", "dispatcher"), pid, 1, {"completed_wan": "300"}, engine=engine)
    preview = preview_sheet(official, filled(sheet), "s.xlsx", "zh", engine)
    assert preview.ok and (preview.edits, preview.conflicts, preview.unchanged) == ([], [], 2)


def test_a_race_between_preview_and_save_is_refused_by_the_service(engine, streets):
    official, _ = streets
    sheet = rows_of(sheet_xlsx(official, official.street_id, 2018, engine))
    sheet[1][8] = 250
    preview = preview_sheet(official, filled(sheet), "s.xlsx", "zh", engine)
    services.update_project(Actor("dispatch", "dispatcher"), preview.edits[0].project_id, 1, {"completed_wan": "300"},
                            engine=engine)
    with pytest.raises(services.Conflict):
        commit_sheet(official, preview, "n", engine)
    assert values(engine)[0][2] == Decimal("300.00")


@pytest.mark.parametrize("version, message", [("", "必填项为空"), ("二", "版本号“二”无效（应为下载时的数字）"),
                                              (7, "版本号“7”无效（应为下载时的数字）")])
def test_a_missing_or_forged_version_is_refused(engine, streets, version, message):
    official, _ = streets
    sheet = rows_of(sheet_xlsx(official, official.street_id, 2018, engine))
    sheet[1][8], sheet[1][12] = 5, version
    preview = preview_sheet(official, filled(sheet), "s.xlsx", "zh", engine)
    assert [(e.row, e.column, e.message) for e in preview.errors] == [(2, "版本号", message)]


def test_a_sheet_saved_as_csv_works_too(engine, streets):
    official, _ = streets
    sheet = rows_of(sheet_xlsx(official, official.street_id, 2018, engine))
    sheet[2][7:9] = ["2018-06-01", "30"]
    text = "\n".join(",".join("" if v is None else str(v) for v in r) for r in sheet)
    preview = preview_sheet(official, text.encode("gbk"), "s.csv", "zh", engine)
    assert preview.ok and [(e.code, e.fields["start_date"][1]) for e in preview.edits] == [("T-2", date(2018, 6, 1))]


def test_each_bad_cell_of_a_sheet_is_named(engine, streets):
    official, _ = streets
    sheet = rows_of(sheet_xlsx(official, official.street_id, 2018, engine))
    sheet[1][7:12] = ["下周", None, "也许", None, None]
    sheet[2][8:12] = [5, "是", None, "因" * 501]
    duplicate = list(sheet[2])
    no_code = [None, *sheet[2][1:]]
    preview = preview_sheet(official, filled([*sheet, duplicate, no_code]), "s.xlsx", "zh", engine)
    assert [(e.row, e.column, e.message) for e in preview.errors] == [
        (2, "开复工日期", "“下周”不是有效日期（例如 2018-03-31）"), (2, "累计完成投资(万元)", "必填项为空"),
        (2, "停工", "“也许”应为“是”或“否”"), (3, "停工原因", "超过 500 个字符"),
        (4, "项目编号", "与第 3 行是同一项目"), (5, "项目编号", "必填项为空")]


def test_the_dispatch_office_may_upload_any_streets_sheet_and_lift_a_suspension(engine, streets):
    _, other = streets
    dispatch = Actor("dispatch", "dispatcher")
    sheet = rows_of(sheet_xlsx(dispatch, other.street_id, 2018, engine))
    sheet[1][8:12] = [1, "是", "2018-04-01", "环评"]
    preview = preview_sheet(dispatch, filled(sheet), "泉水.xlsx", "zh", engine)
    commit_sheet(dispatch, preview, "n", engine)
    sheet = rows_of(sheet_xlsx(dispatch, other.street_id, 2018, engine))
    assert sheet[1][8:13] == [1, "是", datetime(2018, 4, 1), "环评", 2]  # a date cell, read back by openpyxl
    sheet[1][9] = "否"
    preview = preview_sheet(dispatch, filled(sheet), "泉水.xlsx", "zh", engine)
    assert preview.edits[0].fields == {"suspended": (True, False), "suspended_on": (date(2018, 4, 1), None),
                                       "suspension_reason": ("环评", None)}


def test_the_sheet_holds_the_plan_year_asked_for_only(engine, streets):
    official, _ = streets
    add_project(engine, street="营城子", year=2019, total=700, annual=70)  # T-4
    assert [r[0] for r in rows_of(sheet_xlsx(official, official.street_id, 2018, engine))] == ["项目编号", "T-1", "T-2"]
    assert [r[0] for r in rows_of(sheet_xlsx(official, official.street_id, 2019, engine))] == ["项目编号", "T-4"]


def test_an_empty_suspension_cell_means_not_suspended_and_a_reason_may_be_500_characters(engine, streets):
    official, _ = streets
    sheet = rows_of(sheet_xlsx(official, official.street_id, 2018, engine))
    sheet[1][9] = None  # T-1 is not suspended: nothing to change
    sheet[2][9:12] = ["是", "2018-03-01", "因" * 500]
    preview = preview_sheet(official, filled(sheet), "s.xlsx", "zh", engine)
    assert preview.ok and preview.unchanged == 1
    assert [(e.code, e.fields["suspension_reason"][1]) for e in preview.edits] == [("T-2", "因" * 500)]


def test_a_row_with_an_error_is_not_listed_among_the_edits(engine, streets):
    official, _ = streets
    sheet = rows_of(sheet_xlsx(official, official.street_id, 2018, engine))
    sheet[1][8] = 1200  # over T-1's total
    sheet[2][8] = 20
    preview = preview_sheet(official, filled(sheet), "s.xlsx", "zh", engine)
    assert [e.row for e in preview.errors] == [2] and [e.code for e in preview.edits] == ["T-2"]


def test_a_version_ahead_of_the_project_is_refused(engine, streets):
    official, _ = streets
    sheet = rows_of(sheet_xlsx(official, official.street_id, 2018, engine))
    sheet[1][8], sheet[1][12] = 5, 2  # T-1 is at version 1
    preview = preview_sheet(official, filled(sheet), "s.xlsx", "zh", engine)
    assert [(e.row, e.column, e.message) for e in preview.errors] == [
        (2, "版本号", "版本号“2”无效（应为下载时的数字）")]


def test_a_row_left_as_downloaded_is_unchanged_after_two_saves_by_others(engine, streets):
    """T-1 went 0 → 300 → 400 after the download; the sheet still says 0, as it was: not a conflict."""
    official, _ = streets
    sheet = rows_of(sheet_xlsx(official, official.street_id, 2018, engine))
    with engine.connect() as db:
        pid = db.execute(sa.select(Project.id).where(Project.code == "T-1")).scalar()
    for version, amount in ((1, "300"), (2, "400")):
        services.update_project(Actor("dispatch", "dispatcher"), pid, version, {"completed_wan": amount}, engine=engine)
    preview = preview_sheet(official, filled(sheet), "s.xlsx", "zh", engine)
    assert preview.ok and (preview.conflicts, preview.unchanged) == ([], 2)


def test_a_sheet_of_more_than_500_codes_finds_them_all(engine, streets):
    """500 unknown codes sorting before T-1 (looked up 500 at a time): T-1 is still found."""
    official, _ = streets
    sheet = rows_of(sheet_xlsx(official, official.street_id, 2018, engine))
    sheet[1][8] = 7
    unknown = [[f"A-{n:03}", *[None] * 7, 0, "否", None, None, 1] for n in range(1, 501)]
    preview = preview_sheet(official, filled([sheet[0], *unknown, sheet[1]]), "s.xlsx", "zh", engine)
    assert len(preview.errors) == 500 and preview.errors[-1].message == "没有编号为“A-500”的项目"
    assert [(e.row, e.code) for e in preview.edits] == [(502, "T-1")]
