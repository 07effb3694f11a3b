"""Importing a project ledger (项目台账): every rule of domain.md, all or nothing."""
import csv
import os
import subprocess
import sys
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
import sqlalchemy as sa
from sqlmodel import Session

from roadshow import metrics
from roadshow.database import data_version
from roadshow.exchange.exports import export_ledger
from roadshow.exchange.importing import import_ledger
from roadshow.exchange.reading import FileRefused as LedgerFileError
from roadshow.models import InvestmentReport, Project, ProjectHistory
from tests.conftest import add_project

ROOT = Path(__file__).resolve().parent.parent
HEADERS = ["项目编号", "项目名称", "所属街道", "项目类别", "建设性质", "计划年度", "总投资(万元)",
           "年度计划投资(万元)", "累计完成投资(万元)", "开复工日期", "市重点项目", "包保区领导", "项目经理", "星级",
           "备注"]
GOOD = ["", "营城子物流园项目", "营城子街道", "商务商业服务", "续建", 2018, 120000, 30000, 5000,
        datetime(2018, 3, 15), "是", "王建国", "李明", 4, ""]


def write_xlsx(path: Path, rows, headers=HEADERS) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def write_csv(path: Path, rows, headers=HEADERS, bom=True) -> Path:
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as f:
        csv.writer(f).writerows([headers, *rows])
    return path


def row(**changes):
    values = dict(zip(HEADERS, GOOD))
    values.update(changes)
    return [values[h] for h in HEADERS]


def snapshot(engine):
    with engine.connect() as db:
        return (db.execute(sa.select(Project).order_by(Project.id)).all(),
                db.execute(sa.select(sa.func.count(ProjectHistory.id))).scalar(),
                db.execute(sa.select(sa.func.count(InvestmentReport.id))).scalar(),
                data_version(engine))


def test_a_good_file_imports_with_labels(engine, tmp_path):
    path = write_xlsx(tmp_path / "ledger.xlsx", [row(), row(项目名称="泉水小学项目", 所属街道="泉水", 建设性质="新开工",
                                                            开复工日期="", 市重点项目="否", 星级="")])
    result = import_ledger(path, actor="tester", engine=engine)
    assert result.ok and result.created == 2
    with Session(engine) as db:
        project = db.execute(sa.select(Project).where(Project.name == "营城子物流园项目")).scalar_one()
    assert (project.category, project.stage, project.city_key, project.stars) == ("commercial", "continuing", True, 4)
    assert project.total_investment_wan == Decimal("120000.00")
    assert project.start_date == date(2018, 3, 15)
    assert project.manager_enterprise == "李明"
    assert project.code == "GJZ-2018-001"
    figures = metrics.district(engine, 2018, date(2018, 12, 31))
    assert figures["started"] == 1 and figures["completed_wan"] == Decimal("10000.00")


def test_codes_and_english_headers_are_accepted(engine, tmp_path):
    headers = ["code", "name", "street", "category", "stage", "plan_year", "total_investment_wan",
               "annual_plan_wan", "start_date", "city_key"]
    rows = [["P-1", "A", "凌水", "real_estate", "new", "2018", "10.5", "10.5", "2018/4/1", "true"],
            ["P-2", "B", "凌水街道", "Real estate", "New start", "2018", "1,000", "0", "2018年4月2日", "0"]]
    result = import_ledger(write_csv(tmp_path / "ledger.csv", rows, headers), actor="tester", engine=engine)
    assert result.ok, result.errors
    with engine.connect() as db:
        got = db.execute(sa.select(Project.code, Project.category, Project.stage, Project.start_date,
                                   Project.city_key, Project.total_investment_wan).order_by(Project.code)).all()
    assert got == [("P-1", "real_estate", "new", date(2018, 4, 1), True, Decimal("10.50")),
                   ("P-2", "real_estate", "new", date(2018, 4, 2), False, Decimal("1000.00"))]


@pytest.mark.parametrize("bom", [True, False])
def test_csv_with_or_without_bom(engine, tmp_path, bom):
    result = import_ledger(write_csv(tmp_path / "l.csv", [row(开复工日期="2018-03-15")], bom=bom),
                           actor="tester", engine=engine)
    assert result.ok and result.created == 1


REJECTIONS = [
    ({"项目名称": ""}, "项目名称", "必填项为空"),
    ({"所属街道": ""}, "所属街道", "必填项为空"),
    ({"所属街道": "火星街道"}, "所属街道", "未知街道“火星街道”"),
    ({"项目类别": "农业"}, "项目类别", "“农业”无效"),
    ({"项目类别": ""}, "项目类别", "必填项为空"),
    ({"建设性质": "竣工"}, "建设性质", "“竣工”无效"),
    ({"计划年度": "18年"}, "计划年度", "不是有效年份"),
    ({"计划年度": ""}, "计划年度", "必填项为空"),
    ({"总投资(万元)": -1}, "总投资(万元)", "不能为负数"),
    ({"总投资(万元)": "很多"}, "总投资(万元)", "不是数字"),
    ({"总投资(万元)": ""}, "总投资(万元)", "必填项为空"),
    ({"总投资(万元)": "1.005"}, "总投资(万元)", "最多两位小数"),
    ({"年度计划投资(万元)": 130000}, "年度计划投资(万元)", "大于总投资"),
    ({"年度计划投资(万元)": -5}, "年度计划投资(万元)", "不能为负数"),
    ({"累计完成投资(万元)": -5}, "累计完成投资(万元)", "不能为负数"),
    ({"开复工日期": "下个月"}, "开复工日期", "不是有效日期"),
    ({"开复工日期": datetime(2019, 1, 1)}, "开复工日期", "不在计划年度 2018 内"),
    ({"建设性质": "前期"}, "开复工日期", "前期项目不应填写开复工日期"),
    ({"市重点项目": "也许"}, "市重点项目", "应为“是”或“否”"),
    ({"星级": 6}, "星级", "不是 1–5 的星级"),
    ({"星级": 0}, "星级", "不是 1–5 的星级"),
    ({"星级": 3.5}, "星级", "不是 1–5 的星级"),
    ({"项目名称": "名" * 201}, "项目名称", "超过 200 个字符"),
]


@pytest.mark.parametrize("changes, column, reason", REJECTIONS, ids=[r[2] for r in REJECTIONS])
def test_each_rule_rejects_the_whole_file(engine, tmp_path, changes, column, reason):
    good = row(项目名称="另一个好项目")
    before = snapshot(engine)
    result = import_ledger(write_xlsx(tmp_path / "bad.xlsx", [good, row(**changes)]), actor="tester", engine=engine)
    assert not result.ok
    assert [(e.row, e.column) for e in result.errors] == [(3, column)]
    assert reason in result.errors[0].message
    assert snapshot(engine) == before


def test_messages_in_english(engine, tmp_path):
    result = import_ledger(write_xlsx(tmp_path / "bad.xlsx", [row(所属街道="火星")]), actor="t", lang="en",
                           engine=engine)
    assert result.errors[0].message == 'unknown street "火星"'


def test_duplicates_in_the_file_and_in_the_database(engine, tmp_path):
    add_project(engine, name="已有项目", year=2018)
    rows = [row(项目编号="X-1"), row(项目编号="X-1", 项目名称="二"), row(项目名称="营城子物流园项目", 项目编号="X-3"),
            row(项目名称="已有项目", 项目编号="X-4")]
    before = snapshot(engine)
    result = import_ledger(write_xlsx(tmp_path / "dup.xlsx", rows), actor="tester", engine=engine)
    assert [(e.row, e.column, e.message) for e in result.errors] == [
        (3, "项目编号", "项目编号与第 2 行重复"),
        (4, "项目名称", "同一计划年度的项目名称与第 2 行重复"),
        (5, "项目名称", "该年度已有同名项目（T-1）"),
    ]
    assert snapshot(engine) == before


def test_every_bad_row_is_reported_and_nothing_changes(engine, tmp_path):
    add_project(engine)
    before = snapshot(engine)
    rows = [row(), row(项目名称="二", 所属街道="无名"), row(项目名称="三"),
            row(项目名称="四", **{"总投资(万元)": "x", "星级": 9})]
    result = import_ledger(write_xlsx(tmp_path / "bad.xlsx", rows), actor="tester", engine=engine)
    assert [(e.row, e.column) for e in result.errors] == [(3, "所属街道"), (5, "总投资(万元)"), (5, "星级")]
    assert snapshot(engine) == before


def test_missing_and_empty_files(engine, tmp_path):
    with pytest.raises(LedgerFileError, match="找不到文件"):
        import_ledger(tmp_path / "ledger.xlsx", actor="t", engine=engine)
    with pytest.raises(LedgerFileError, match="缺少必填列：所属街道、计划年度"):
        import_ledger(write_csv(tmp_path / "cols.csv", [["a"]], ["项目名称", "项目类别", "建设性质", "总投资(万元)",
                                                                   "年度计划投资(万元)"]), actor="t", engine=engine)
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    with pytest.raises(LedgerFileError, match="空文件"):
        import_ledger(empty, actor="t", engine=engine)


def test_dry_run_writes_nothing(engine, tmp_path):
    before = snapshot(engine)
    result = import_ledger(write_xlsx(tmp_path / "l.xlsx", [row()]), actor="t", dry_run=True, engine=engine)
    assert result.ok and result.created == 1
    assert snapshot(engine) == before


def test_reimport_updates_by_code_and_records_history(engine, tmp_path):
    import_ledger(write_xlsx(tmp_path / "a.xlsx", [row(项目编号="P-9")]), actor="first", engine=engine)
    result = import_ledger(write_xlsx(tmp_path / "b.xlsx", [row(项目编号="P-9", **{"累计完成投资(万元)": 8000})]),
                           actor="second", engine=engine)
    assert (result.created, result.updated) == (0, 1)
    with engine.connect() as db:
        changes = db.execute(sa.select(ProjectHistory.changed_by, ProjectHistory.field, ProjectHistory.old_value,
                                       ProjectHistory.new_value).order_by(ProjectHistory.id)).all()
    assert changes == [("first", "created", None, "营城子物流园项目"),
                       ("second", "completed_wan", "5000.00", "8000.00")]
    assert metrics.district(engine, 2018, date(2018, 12, 31))["completed_wan"] == Decimal("8000.00")


def test_export_then_import_round_trips(demo_engine, engine, tmp_path):
    exported = tmp_path / "demo.xlsx"
    assert export_ledger(exported, plan_year=2018, engine=demo_engine) == 235
    result = import_ledger(exported, actor="t", engine=engine)
    assert result.ok and result.created == 235, result.errors[:3]
    again = tmp_path / "again.xlsx"
    export_ledger(again, plan_year=2018, engine=engine)
    sheet = lambda p: list(openpyxl.load_workbook(p).active.iter_rows(values_only=True))  # noqa: E731
    assert sheet(again) == sheet(exported)
    year_end = date(2018, 12, 31)
    assert metrics.report(engine, 2018, year_end) == metrics.report(demo_engine, 2018, year_end)
    for as_of in (date(2018, 3, 31), date(2018, 6, 30)):  # start dates travel with the file
        assert metrics.district(engine, 2018, as_of)["started"] == metrics.district(demo_engine, 2018, as_of)["started"]


def test_csv_export_round_trips(demo_engine, engine, tmp_path):
    exported = tmp_path / "demo.csv"
    export_ledger(exported, engine=demo_engine)
    assert exported.read_bytes().startswith("\ufeff".encode())  # opens in Excel as UTF-8
    assert import_ledger(exported, actor="t", engine=engine).created == 235


def test_cli_import_reports_bad_rows_and_exits_non_zero(engine, tmp_path):
    env = {**os.environ, "ROADSHOW_DATABASE_URL": engine.url.render_as_string(hide_password=False)}
    bad = write_xlsx(tmp_path / "bad.xlsx", [row(), row(项目名称="二", 所属街道="火星")])
    run = subprocess.run([sys.executable, "-m", "roadshow", "import", str(bad)], cwd=ROOT, env=env,
                         capture_output=True, text=True)
    assert run.returncode == 1
    assert "第 3 行，“所属街道”：未知街道“火星”" in run.stderr
    assert "Traceback" not in run.stderr
    fake = tmp_path / "fake.xlsx"
    fake.write_text("hello")
    run = subprocess.run([sys.executable, "-m", "roadshow", "import", str(fake)], cwd=ROOT, env=env,
                         capture_output=True, text=True)
    assert run.returncode == 2 and run.stderr.strip().count("\n") == 0 and "Traceback" not in run.stderr
    good = write_xlsx(tmp_path / "good.xlsx", [row()])
    run = subprocess.run([sys.executable, "-m", "roadshow", "import", str(good)], cwd=ROOT, env=env,
                         capture_output=True, text=True)
    assert run.returncode == 0 and run.stdout.strip() == "导入成功：新增 1 个项目，更新 0 个，未变 0 个。"
