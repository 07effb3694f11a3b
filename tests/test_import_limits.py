"""The ledger file's limits, at their edges: the years a plan may have, the longest texts, a column
given twice, a file imported again unchanged, and the order an export lists projects in."""
import openpyxl
import pytest
import sqlalchemy as sa

from roadshow.exchange.exports import export_ledger
from roadshow.exchange.importing import import_ledger
from roadshow.exchange.reading import FileRefused as LedgerFileError
from roadshow.models import ProjectHistory
from tests.conftest import add_project
from tests.test_import import HEADERS, row, snapshot, write_xlsx


def errors(result):
    return [(e.row, e.column, e.message) for e in result.errors]


def test_whole_numbers_are_quoted_as_typed_not_as_the_workbooks_floats(engine, tmp_path):
    rows = [row(计划年度=1999, 开复工日期=""), row(项目名称="二", 星级=6), row(项目名称="三", **{"总投资(万元)": -5}),
            row(项目名称="四", 市重点项目=2), row(项目名称="五", 开复工日期=20180315)]
    result = import_ledger(write_xlsx(tmp_path / "numbers.xlsx", rows), actor="t", engine=engine)
    assert errors(result) == [(2, "计划年度", "“1999”不是有效年份"), (3, "星级", "“6”不是 1–5 的星级"),
                              (4, "总投资(万元)", "不能为负数（-5）"), (5, "市重点项目", "“2”应为“是”或“否”")]


def test_plan_years_from_2000_to_2100(engine, tmp_path):
    rows = [row(项目名称=f"项目{year}", 计划年度=year, 开复工日期="") for year in (1999, 2000, 2100, 2101)]
    result = import_ledger(write_xlsx(tmp_path / "years.xlsx", rows), actor="t", engine=engine)
    assert errors(result) == [(2, "计划年度", "“1999”不是有效年份"), (5, "计划年度", "“2101”不是有效年份")]
    rows = [row(项目名称=f"项目{year}", 计划年度=year, 开复工日期="") for year in (2000, 2100)]
    assert import_ledger(write_xlsx(tmp_path / "ok.xlsx", rows), actor="t", engine=engine).created == 2


@pytest.mark.parametrize("header, limit", [("项目名称", 200), ("项目编号", 40), ("包保区领导", 60), ("备注", 1000)])
def test_a_text_of_the_longest_length_is_taken_one_more_is_refused(engine, tmp_path, header, limit):
    longest = row(**{header: "名" * limit})
    result = import_ledger(write_xlsx(tmp_path / "a.xlsx", [longest]), actor="t", engine=engine)
    assert result.ok and result.created == 1
    before = snapshot(engine)
    result = import_ledger(write_xlsx(tmp_path / "b.xlsx", [row(**{"项目名称": "另一个", header: "名" * (limit + 1)})]),
                           actor="t", engine=engine)
    assert errors(result) == [(2, header, f"超过 {limit} 个字符")]
    assert snapshot(engine) == before


def test_a_column_given_twice_rejects_the_file(engine, tmp_path):
    before = snapshot(engine)
    with pytest.raises(LedgerFileError, match="列“总投资\\(万元\\)”出现了两次。"):
        import_ledger(write_xlsx(tmp_path / "twice.xlsx", [row() + [1]], HEADERS + ["总投资(万元)"]), actor="t",
                      engine=engine)
    assert snapshot(engine) == before


def test_a_file_imported_again_unchanged_changes_nothing(engine, tmp_path):
    ledger = write_xlsx(tmp_path / "a.xlsx", [row(项目编号="P-1")])
    import_ledger(ledger, actor="t", engine=engine)
    before = snapshot(engine)
    result = import_ledger(ledger, actor="t", engine=engine)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 1)
    assert snapshot(engine)[:3] == before[:3]  # no project, history or report changed
    with engine.connect() as db:
        assert db.execute(sa.select(sa.func.count(ProjectHistory.id))).scalar() == 1  # "created" only


def test_the_export_lists_projects_by_plan_year_then_code(engine, tmp_path):
    for code_year in (("B-2", 2018), ("A-9", 2019), ("A-1", 2018)):
        pid = add_project(engine, year=code_year[1], name=f"项目{code_year[0]}")
        with engine.begin() as db:
            db.execute(sa.text("UPDATE project SET code = :code WHERE id = :id"), {"code": code_year[0], "id": pid})
    assert codes(export(engine, tmp_path)) == ["A-1", "B-2", "A-9"]
    assert codes(export(engine, tmp_path, plan_year=2018)) == ["A-1", "B-2"]


def export(engine, folder, **kw):
    export_ledger(folder / "out.xlsx", engine=engine, **kw)
    headers, *rows = openpyxl.load_workbook(folder / "out.xlsx").active.iter_rows(values_only=True)
    return [dict(zip(headers, r)) for r in rows]


def codes(rows):
    return [r["项目编号"] for r in rows]



def test_the_export_names_the_three_project_managers_in_their_columns(engine, tmp_path):
    pid = add_project(engine)
    with engine.begin() as db:
        db.execute(sa.text("UPDATE project SET manager_district = '区级张', manager_street = '街道李', "
                           "manager_enterprise = '企业王' WHERE id = :id"), {"id": pid})
    (exported,) = export(engine, tmp_path)
    assert (exported["区级项目经理"], exported["街道项目经理"], exported["项目经理"]) == ("区级张", "街道李", "企业王")


def test_rows_without_a_code_update_the_project_of_the_same_year_and_name(engine, tmp_path):
    import_ledger(write_xlsx(tmp_path / "a.xlsx", [row()]), actor="t", engine=engine)
    again = row(**{"累计完成投资(万元)": 6000})
    result = import_ledger(write_xlsx(tmp_path / "b.xlsx", [again]), actor="t", engine=engine)
    assert (result.created, result.updated, errors(result)) == (0, 1, [])
    (exported,) = export(engine, tmp_path)
    assert (exported["项目编号"], exported["累计完成投资(万元)"]) == ("GJZ-2018-001", 6000)
