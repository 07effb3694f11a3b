"""The ledger import as the dispatch office uses it (issue 13, points 1, 5, 6): a preview that writes
nothing, a commit that writes exactly the preview in one transaction with the file and the person in
the history, refused when someone changed a project meanwhile; and export → import giving back the
very same ledger, every column included."""
import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
import sqlalchemy as sa

from roadshow import metrics, services
from roadshow.auth import Actor
from roadshow.exchange import exports
from roadshow.exchange.importing import Stale, commit_ledger, preview_ledger
from roadshow.models import InvestmentReport, Project, ProjectHistory, Rating
from roadshow.scale import load_scale, load_streets_like
from tests.conftest import add_project
from tests.exchange_files import csv_bytes, row, xlsx
from tests.test_import import snapshot

DISPATCH = Actor("dispatch", "dispatcher", None, "区调度办 王敏")
LEDGER_FIELDS = ["code", "name", "category", "stage", "plan_year", "total_investment_wan", "annual_plan_wan",
                 "completed_wan", "planned_start_date", "start_date", "suspended", "suspended_on", "suspension_reason",
                 "city_key", "leader", "manager_district", "manager_street", "manager_enterprise", "stars", "note"]


def ledger(engine) -> list[tuple]:
    """Every project's ledger fields and street name, by code."""
    from roadshow.models import Street
    with engine.connect() as db:
        return [tuple(r) for r in db.execute(sa.select(*(getattr(Project, f) for f in LEDGER_FIELDS), Street.name)
                                             .join(Street).order_by(Project.code))]


def cells(data: bytes) -> list[tuple]:
    return list(openpyxl.load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))


def test_the_preview_counts_what_would_change_and_writes_nothing(engine):
    add_project(engine, name="已有项目一", total=1000, annual=100)  # T-1
    add_project(engine, name="已有项目二", total=1000, annual=100)  # T-2
    before = snapshot(engine)
    data = xlsx([row(项目编号="T-1", 项目名称="已有项目一", 所属街道="营城子", 项目类别="工业", **{
                     "总投资(万元)": 1000, "年度计划投资(万元)": 100, "累计完成投资(万元)": 250}, 开复工日期="",
                     市重点项目="否", 星级=None, 包保区领导=None, 项目经理=None),
                 row(项目编号="T-2", 项目名称="已有项目二", 所属街道="营城子", 项目类别="工业", **{
                     "总投资(万元)": 1000, "年度计划投资(万元)": 100, "累计完成投资(万元)": None}, 开复工日期="",
                     市重点项目="否", 星级=None, 包保区领导=None, 项目经理=None),
                 row(项目名称="新项目")])
    result = services.preview_import(DISPATCH, data, "一季度台账.xlsx", "zh", engine)
    assert result.ok
    assert (len(result.new), len(result.changed), result.unchanged) == (1, 1, 1)
    change = result.changed[0]
    assert (change.code, change.fields) == ("T-1", {"completed_wan": (Decimal("0.00"), Decimal("250.00"))})
    assert result.new[0]["name"] == "新项目" and result.new[0]["street_id"] is not None
    assert snapshot(engine) == before


def test_confirming_writes_the_preview_with_the_file_and_the_person_in_the_history(engine):
    add_project(engine, name="已有项目一", total=1000, annual=100)
    data = xlsx([row(项目编号="T-1", 项目名称="已有项目一", **{"总投资(万元)": 1000, "年度计划投资(万元)": 100,
                                                           "累计完成投资(万元)": 250}),
                 row(项目名称="新项目")])
    preview = services.preview_import(DISPATCH, data, "一季度台账.xlsx", "zh", engine)
    steps = []
    result = services.commit_import(DISPATCH, preview, engine, progress=lambda done, total: steps.append((done, total)))
    assert (result.created, result.updated, result.unchanged) == (1, 1, 0)
    assert steps == [(1, 2), (2, 2)]  # the new project, then the changed one
    with engine.connect() as db:
        notes = set(db.execute(sa.select(ProjectHistory.changed_by, ProjectHistory.note)).all())
    assert notes == {("dispatch", "区调度办 王敏 导入 一季度台账.xlsx")}
    codes = [r[0] for r in ledger(engine)]
    assert codes == ["GJZ-2018-001", "T-1"]


def test_a_reimport_moves_a_project_to_another_street_in_place(engine):
    pid = add_project(engine, name="搬迁项目", street="营城子", total=1000, annual=100)
    data = xlsx([row(项目编号="T-1", 项目名称="搬迁项目", 所属街道="泉水街道", **{"总投资(万元)": 1000,
                                                                          "累计完成投资(万元)": 0,
                                                                          "年度计划投资(万元)": 100})])
    preview = services.preview_import(DISPATCH, data, "moves.xlsx", "zh", engine)
    assert [c.fields.keys() >= {"street_id"} for c in preview.changed] == [True]
    services.commit_import(DISPATCH, preview, engine)
    with engine.connect() as db:
        moved = db.execute(sa.select(ProjectHistory.old_value, ProjectHistory.new_value)
                           .where(ProjectHistory.project_id == pid, ProjectHistory.field == "street")).one()
        count = db.execute(sa.select(sa.func.count(Project.id))).scalar()
    assert tuple(moved) == ("营城子", "泉水") and count == 1


def test_a_project_saved_after_the_preview_stops_the_whole_import(engine):
    pid = add_project(engine, name="已有项目一", total=1000, annual=100)
    data = xlsx([row(项目编号="T-1", 项目名称="已有项目一", **{"总投资(万元)": 1000, "年度计划投资(万元)": 100,
                                                           "累计完成投资(万元)": 250}), row(项目名称="新项目")])
    preview = services.preview_import(DISPATCH, data, "台账.xlsx", "zh", engine)
    with engine.connect() as db:
        official = Actor("wang", "street", db.execute(sa.select(Project.street_id)).scalar())
    services.update_project(official, pid, 1, {"completed_wan": "300"}, engine=engine)
    before = snapshot(engine)
    with pytest.raises(Stale) as stale:
        services.commit_import(DISPATCH, preview, engine)
    assert stale.value.codes == ["T-1"]
    assert snapshot(engine) == before  # the new project was not written either


def test_a_code_taken_after_the_preview_stops_the_whole_import(engine):
    preview = preview_ledger(xlsx([row(项目编号="X-1", 项目名称="甲"), row(项目编号="X-2", 项目名称="乙")]),
                             "a.xlsx", "zh", engine)
    commit_ledger(preview_ledger(xlsx([row(项目编号="X-2", 项目名称="丙")]), "b.xlsx", "zh", engine), "other", "n",
                  engine)
    before = snapshot(engine)
    with pytest.raises(Stale):
        commit_ledger(preview, "dispatch", "n", engine)
    assert snapshot(engine) == before


@pytest.mark.parametrize("role", ["street", "leader", "admin"])
def test_only_the_dispatch_office_imports_a_ledger(engine, role):
    actor = Actor("someone", role, 1)
    data = xlsx([row()])
    with pytest.raises(services.PermissionDenied):
        services.preview_import(actor, data, "a.xlsx", "zh", engine)
    preview = services.preview_import(DISPATCH, data, "a.xlsx", "zh", engine)
    with pytest.raises(services.PermissionDenied):
        services.commit_import(actor, preview, engine)
    assert ledger(engine) == []


def test_every_column_round_trips_including_the_new_ones(engine, tmp_path):
    rows = [row(项目编号="A-1", 项目名称="=HYPERLINK(\"http://evil\")", 备注="+86 电话 -请核实"),
            row(项目编号="A-2", 项目名称="停工项目", 建设性质="新开工", 开复工日期="2018-04-01", 星级=2, 备注="")]
    headers_extra = ["计划开工日期", "停工", "停工日期", "停工原因", "区级项目经理", "街道项目经理"]
    from tests.exchange_files import HEADERS
    extra = [[date(2018, 3, 1), "否", None, None, "张华", "刘洋"],
             [date(2018, 3, 20), "是", date(2018, 5, 6), "@资金未到位", "赵六", "钱七"]]
    data = xlsx([r + e for r, e in zip(rows, extra)], headers=HEADERS + headers_extra)
    commit_ledger(preview_ledger(data, "a.xlsx", "zh", engine), "t", "n", engine)
    first = ledger(engine)
    assert first == [
        ("A-1", '=HYPERLINK("http://evil")', "commercial", "continuing", 2018, Decimal("120000.00"),
         Decimal("30000.00"), Decimal("5000.00"), date(2018, 3, 1), date(2018, 3, 15), False, None, None, True,
         "王建国", "张华", "刘洋", "李明", 4, "+86 电话 -请核实", "营城子"),
        ("A-2", "停工项目", "commercial", "new", 2018, Decimal("120000.00"), Decimal("30000.00"), Decimal("5000.00"),
         date(2018, 3, 20), date(2018, 4, 1), True, date(2018, 5, 6), "@资金未到位", True, "王建国", "赵六", "钱七",
         "李明", 2, None, "营城子")]
    for fmt in ("xlsx", "csv"):
        exported = exports.as_file(exports.ledger_frame(engine, 2018), "项目台账", fmt)
        again = preview_ledger(exported, f"again.{fmt}", "zh", engine)
        assert again.ok and (len(again.new), len(again.changed), again.unchanged) == (0, 0, 2), again.errors
    xlsx_cells = cells(exports.as_file(exports.ledger_frame(engine, 2018), "项目台账", "xlsx"))
    assert xlsx_cells[1][1] == "'=HYPERLINK(\"http://evil\")" and xlsx_cells[2][13] == "'@资金未到位"


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_demo_ledger_round_trips_exactly(demo_engine, engine, fmt):
    exported = exports.as_file(exports.ledger_frame(demo_engine, 2018), "项目台账", fmt)
    preview = preview_ledger(exported, f"demo.{fmt}", "zh", engine)
    assert preview.ok and len(preview.new) == 235, preview.errors[:3]
    commit_ledger(preview, "t", "n", engine)
    assert ledger(engine) == ledger(demo_engine)
    assert exports.as_file(exports.ledger_frame(engine, 2018), "项目台账", "csv") == \
        exports.as_file(exports.ledger_frame(demo_engine, 2018), "项目台账", "csv")
    year_end = date(2018, 12, 31)
    figures = metrics.report(engine, 2018, year_end)
    assert figures == metrics.report(demo_engine, 2018, year_end)
    assert figures["projects"] == 235


def test_the_district_scale_ledger_round_trips(engine, tmp_path):
    from roadshow.database import get_engine, migrate
    from roadshow.services import ensure_streets
    source = get_engine(f"sqlite:///{tmp_path / 'scale.db'}")
    migrate(source)
    ensure_streets(source)
    load_scale(source, "district")
    load_streets_like(source, engine)
    exported = exports.as_file(exports.ledger_frame(source, 2018), "项目台账", "xlsx")
    preview = preview_ledger(exported, "scale.xlsx", "zh", engine)
    assert preview.ok and len(preview.new) == 235
    commit_ledger(preview, "t", "n", engine)
    assert ledger(engine) == ledger(source)
    with engine.connect() as db:  # completed investment and stars keep their dated records
        assert db.execute(sa.select(sa.func.count(InvestmentReport.id))).scalar() == \
            sum(1 for r in ledger(source) if r[7])
        assert db.execute(sa.select(sa.func.count(Rating.id))).scalar() == 235


def test_csv_export_is_utf8_with_a_bom_and_numbers_stay_numbers(demo_engine):
    frame = exports.ledger_frame(demo_engine, 2018)
    data = exports.as_file(frame, "项目台账", "csv")
    assert data.startswith(b"\xef\xbb\xbf")
    header = data.decode("utf-8-sig").splitlines()[0].split(",")
    assert header[6:9] == ["总投资(万元)", "年度计划投资(万元)", "累计完成投资(万元)"]
    sheet = cells(exports.as_file(frame, "项目台账", "xlsx"))
    assert all(isinstance(r[6], (int, float)) and isinstance(r[7], (int, float)) for r in sheet[1:])
    assert csv_bytes  # the helpers above write what Excel writes


def test_a_column_given_twice_refuses_the_file_and_unknown_ones_are_named(engine, tmp_path):
    from roadshow.exchange.importing import import_ledger
    from roadshow.exchange.reading import FileRefused
    from tests.exchange_files import HEADERS
    with pytest.raises(FileRefused, match="列“name”出现了两次。"):
        preview_ledger(xlsx([row() + ["x"]], headers=[*HEADERS, "name"]), "a.xlsx", "zh", engine)
    path = tmp_path / "电话.xlsx"
    path.write_bytes(xlsx([row() + ["0411-1234"]], headers=[*HEADERS, "联系电话"]))
    result = import_ledger(path, actor="t", engine=engine)
    assert result.summary("zh") == "导入成功：新增 1 个项目，更新 0 个，未变 0 个。 已忽略无法识别的列：联系电话。"


def test_suspension_as_the_forms_keep_it(engine):
    from tests.exchange_files import HEADERS
    headers = [*HEADERS, "停工", "停工日期", "停工原因"]
    rows = [row(项目编号="S-1", 项目名称="一") + ["是", None, "资金"],  # no day: as of today, within 2018
            row(项目编号="S-2", 项目名称="二") + ["是", "2018-05-06", None],  # no reason: refused
            row(项目编号="S-3", 项目名称="三") + ["否", "2018-05-06", "旧原因"]]  # lifted: no day, no reason
    preview = preview_ledger(xlsx(rows, headers=headers), "s.xlsx", "zh", engine)
    assert [(e.row, e.column, e.message) for e in preview.errors] == [(3, "停工原因", "停工须填写原因")]
    assert [(p["code"], p["suspended"], p["suspended_on"], p["suspension_reason"]) for p in preview.new] == [
        ("S-1", True, date(2018, 12, 31), "资金"), ("S-3", False, None, None)]

