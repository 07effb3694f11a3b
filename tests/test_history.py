"""The project history: written by every path, and append-only in the database itself."""
import os
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
import sqlalchemy as sa

from roadshow import metrics, services
from roadshow.auth import Actor
from roadshow.database import write_session
from roadshow.models import ProjectHistory
from tests.conftest import add_project, url_of

ROOT = Path(__file__).resolve().parent.parent
DISPATCH = Actor("dispatch", "dispatcher")


def history(engine, pid=None):
    query = sa.select(ProjectHistory.changed_by, ProjectHistory.field, ProjectHistory.old_value,
                      ProjectHistory.new_value, ProjectHistory.note).order_by(ProjectHistory.id)
    if pid is not None:
        query = query.where(ProjectHistory.project_id == pid)
    with engine.connect() as db:
        return [tuple(r) for r in db.execute(query)]


def official(engine, street="营城子"):
    with engine.connect() as db:
        sid = db.execute(sa.text("SELECT id FROM street WHERE name = :n"), {"n": street}).scalar()
    return Actor("yingchengzi", "street", sid)


def test_the_status_form_writes_who_what_and_old_to_new(engine):
    pid = add_project(engine, stage="new")
    services.update_project(official(engine), pid, 1, {"start_date": date(2018, 4, 2), "completed_wan": "300.5"},
                            "已进场施工", engine)
    assert history(engine, pid) == [
        ("yingchengzi", "start_date", None, "2018-04-02", "已进场施工"),
        ("yingchengzi", "completed_wan", "0.00", "300.50", "已进场施工"),
    ]
    assert metrics.district(engine, 2018, date(2018, 12, 31))["completed_wan"] == Decimal("300.50")


def test_a_progress_note_alone_is_recorded(engine):
    pid = add_project(engine)
    services.update_project(official(engine), pid, 1, {}, "本周完成桩基施工", engine)
    assert history(engine, pid) == [("yingchengzi", "progress", None, "本周完成桩基施工", None)]


def test_the_bulk_edit_writes_one_row_per_changed_cell(engine):
    a, b = add_project(engine), add_project(engine)
    count = services.update_projects(official(engine), [(a, 1, {"suspended": True, "suspension_reason": "环保督查"}),
                                                         (b, 1, {"completed_wan": "10"})], engine)
    assert count == 2
    assert [h[:2] for h in history(engine, a)] == [("yingchengzi", "suspended"), ("yingchengzi", "suspension_reason"),
                                                   ("yingchengzi", "suspended_on")]
    assert history(engine, b) == [("yingchengzi", "completed_wan", "0.00", "10.00", None)]


def _ledger(folder, rows):
    workbook = openpyxl.Workbook()
    workbook.active.append(["项目编号", "项目名称", "所属街道", "项目类别", "建设性质", "计划年度", "总投资(万元)",
                            "年度计划投资(万元)"])
    for row in rows:
        workbook.active.append(row)
    workbook.save(folder / "ledger.xlsx")
    return folder / "ledger.xlsx"


def test_import_and_cli_import_write_history(engine, tmp_path):
    services.import_projects(DISPATCH,
                             _ledger(tmp_path, [["P-1", "一号项目", "泉水", "工业", "新开工", 2018, 100, 10]]),
                             engine=engine)
    env = {**os.environ, "ROADSHOW_DATABASE_URL": url_of(engine)}
    path = _ledger(tmp_path, [["P-1", "一号项目", "泉水", "工业", "新开工", 2018, 200, 10]])
    subprocess.run([sys.executable, "-m", "roadshow", "import", str(path)], cwd=ROOT, env=env, check=True,
                   capture_output=True)
    rows = history(engine)
    assert rows[0][:4] == ("dispatch", "created", None, "一号项目")
    assert rows[1][0].startswith("cli:") and rows[1][1:4] == ("total_investment_wan", "100.00", "200.00")


def test_the_database_refuses_to_change_or_delete_history(engine):
    pid = add_project(engine)
    services.update_project(official(engine), pid, 1, {}, "记录", engine)
    for statement in ("UPDATE project_history SET new_value = 'forged'", "DELETE FROM project_history"):
        with pytest.raises(sa.exc.DBAPIError, match="append-only"):
            with write_session(engine) as session:
                session.execute(sa.text(statement))
    assert history(engine, pid) == [("yingchengzi", "progress", None, "记录", None)]
