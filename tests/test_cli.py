"""python -m roadshow: what an operator types and reads, on ROADSHOW_DATABASE_URL."""
import io
import json
from datetime import date

import pytest
import sqlalchemy as sa

from roadshow.__main__ import main
from roadshow.models import Project, User
from tests.conftest import add_project

HEADER = "项目名称,所属街道,项目类别,建设性质,计划年度,总投资(万元),年度计划投资(万元),开复工日期\n"


def run(capsys, *argv, stdin=None, monkeypatch=None):
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_metrics_as_json_and_as_text(engine, capsys):
    add_project(engine, street="营城子", category="commercial", start=date(2018, 3, 1), total=700, annual=70,
                reports=[(date(2018, 3, 31), "35.5")])
    add_project(engine, street="泉水", stage="new", start=date(2018, 4, 1), total=300, annual=30)
    code, out, _ = run(capsys, "metrics", "--json", "--as-of", "2018-03-31")
    figures = json.loads(out)
    assert code == 0
    assert (figures["projects"], figures["started"], figures["continuing_resumed"], figures["new_started"]) == (
        2, 1, 1, 0)
    assert (figures["started_investment_wan"], figures["completed_wan"], figures["annual_plan_wan"]) == (700, 35.5, 100)
    assert (figures["resumption_rate"], figures["new_start_rate"], figures["completion_rate"]) == (1.0, 0.0, 0.355)
    code, out, _ = run(capsys, "metrics", "--json", "--as-of", "2018-04-01", "--street", "泉水街道")
    assert json.loads(out)["started_by_street"] == {"泉水": 1}
    code, out, _ = run(capsys, "--lang", "en", "metrics", "--as-of", "2018-03-31", "--plan-year", "2018")
    lines = out.splitlines()  # names padded to the longest, "Projects started · livelihood & social", + 2
    assert lines[2] == "Projects in plan                        2"
    assert lines[11] == "Resumption rate                         100.0%"
    assert lines[13] == "New-start rate                          0.0%"
    assert lines[14] == "Completed investment                    35.50 10k CNY"
    assert lines[15] == "Investment completion                   35.5%"
    assert lines[16] == "Projects started · commercial services  1"


def test_metrics_on_an_empty_database_says_so(engine, capsys):
    code, _, err = run(capsys, "metrics")
    assert (code, err) == (1, "no projects in the database\n")


def test_import_a_ledger_file_then_export_it(engine, capsys, tmp_path):
    good = tmp_path / "good.csv"
    good.write_text(HEADER + "营城子厂房,营城子,工业,续建,2018,1000,100,2018-03-01\n", encoding="utf-8")
    code, out, _ = run(capsys, "--lang", "en", "import", str(good), "--dry-run")
    assert (code, out) == (0, "Dry run: the file is valid; nothing was written.\n")
    with engine.connect() as db:
        assert db.execute(sa.select(sa.func.count(Project.id))).scalar() == 0
    code, out, _ = run(capsys, "import", str(good))
    assert (code, out) == (0, "导入成功：新增 1 个项目，更新 0 个，未变 0 个。\n")
    exported = tmp_path / "out.csv"
    code, out, _ = run(capsys, "export", str(exported), "--plan-year", "2018")
    assert (code, out) == (0, f"1 projects written to {exported}\n")
    assert "营城子厂房" in exported.read_text(encoding="utf-8-sig")


def test_a_bad_ledger_file_is_refused_row_by_row(engine, capsys, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "甲,营城子,工业,续建,2018,1000,100,\n乙,不存在,工业,续建,2018,1000,100,\n",
                   encoding="utf-8")
    code, _, err = run(capsys, "--lang", "en", "import", str(bad))
    assert code == 1
    assert err.splitlines()[0] == "Import rejected: 1 errors; the database was not changed."
    assert 'row 3, "所属街道": unknown street "不存在"' in err
    code, _, err = run(capsys, "--lang", "en", "import", str(tmp_path / "missing.csv"))
    assert (code, err) == (2, f'File "{tmp_path / "missing.csv"}" not found.\n')
    with engine.connect() as db:
        assert db.execute(sa.select(sa.func.count(Project.id))).scalar() == 0


def test_accounts_from_the_command_line(engine, capsys, monkeypatch):
    code, out, _ = run(capsys, "users", "add", "zhang", "--role", "street", "--street", "营城子街道", "--name", "张三",
                       stdin="password-1\n", monkeypatch=monkeypatch)
    assert (code, out) == (0, "完成。\n")
    code, _, err = run(capsys, "users", "add", "zhang", stdin="password-1\n", monkeypatch=monkeypatch)
    assert code == 1 and "zhang" in err
    code, _, err = run(capsys, "--lang", "en", "users", "add", "li", "--role", "leader", stdin="short\n",
                       monkeypatch=monkeypatch)
    assert code == 1 and "8" in err
    code, out, _ = run(capsys, "users", "set-password", "zhang", stdin="password-2\n", monkeypatch=monkeypatch)
    assert code == 0
    code, out, _ = run(capsys, "users", "disable", "zhang")
    assert code == 0
    code, out, _ = run(capsys, "users", "list")
    assert (code, out.split()) == (0, ["zhang", "street", "营城子", "disabled", "张三"])
    with engine.connect() as db:
        assert db.execute(sa.select(User.disabled).where(User.username == "zhang")).scalar() is True
    with pytest.raises(SystemExit):
        main(["users", "disable"])


def test_init_migrates_and_loads_the_demo_once(engine, capsys):
    code, out, _ = run(capsys, "init", "--demo")
    assert code == 0 and out.splitlines()[0] == "demo data loaded: plan year 2018, 235 projects"
    code, out, _ = run(capsys, "init", "--demo")
    assert code == 0 and out.splitlines()[0] == "database already holds projects; demo data not loaded"
    code, out, _ = run(capsys, "--lang", "en", "metrics", "--json", "--as-of", "2018-03-31")
    figures = json.loads(out)
    assert (figures["started"], figures["continuing_resumed"], figures["new_started"]) == (63, 44, 19)
    assert figures["started_investment_wan"] == 8585000
