"""Every write service × every role × own/other street: refused writes change nothing."""
from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pytest
import sqlalchemy as sa

from roadshow import accounts, meetings, problems, ratings, services
from roadshow.auth import Actor
from roadshow.database import data_version
from roadshow.models import (AuthEvent, FollowUp, Issue, Meeting, Project, ProjectHistory, Rating, RatingCycle,
                             Street, User, UserSession)
from roadshow.services import PermissionDenied
from roadshow.settings import today
from tests.conftest import add_project, add_user, browse_as

OWN, OTHER = "营城子", "泉水"


def fingerprint(engine):
    """Everything a write could touch."""
    with engine.connect() as db:
        counts = tuple(db.execute(sa.select(sa.func.count()).select_from(m)).scalar()
                       for m in (Project, ProjectHistory, Issue, FollowUp, Meeting, Rating, RatingCycle, User, Street,
                                 AuthEvent, UserSession))
        rows = tuple(db.execute(sa.select(m.__table__).order_by(m.id)).all() for m in (Project, Issue, Meeting))
        users = db.execute(sa.select(User.username, User.password_hash, User.disabled, User.role, User.street_id)
                           .order_by(User.id)).all()
    return counts, rows, users, data_version(engine)


def ledger_file(folder: Path, street: str) -> Path:
    workbook = openpyxl.Workbook()
    workbook.active.append(["项目名称", "所属街道", "项目类别", "建设性质", "计划年度", "总投资(万元)",
                            "年度计划投资(万元)"])
    workbook.active.append([f"{street}新项目", street, "工业", "新开工", 2018, 100, 10])
    workbook.save(folder / "l.xlsx")
    return folder / "l.xlsx"


def version_of(engine, pid):
    with engine.connect() as db:
        return db.execute(sa.select(Project.version).where(Project.id == pid)).scalar()


def other_than_proposed(engine, pid) -> int:
    """Stars the rule does not propose for the project in 2018Q4 (an override must differ)."""
    view = ratings.cycle_view(engine, "2018Q4", date(2019, 1, 1))
    return 1 if view.loc[view["project_id"] == pid, "proposed"].item() != 1 else 2


def writes(engine, folder, street: str):
    """(name, call) for every write service, aimed at `street`'s project where it has a target."""
    pid = add_project(engine, street=street, stage="new", name=f"{street}目标项目")
    setup = Actor("setup", "dispatcher")
    meeting = meetings.create_meeting(setup, 2018, date(2018, 6, 28), "二季度路演", engine=engine)
    to_close = meetings.create_meeting(setup, 2018, date(2018, 9, 28), "三季度路演", engine=engine)
    with engine.connect() as db:
        street_id = db.execute(sa.select(Street.id).where(Street.name == street)).scalar()

    def problem(*steps):  # a problem of the street's project, taken through these steps
        issue = problems.raise_problem(setup, pid, "缺少施工许可", "planning", "区住建局", date(2018, 7, 1), meeting,
                                       engine=engine)
        for action in steps:
            problems.take_step(setup, issue, action, "weekly", "准备", engine=engine)
        return issue
    fresh, to_request, to_extend = problem(), problem(), problem()
    to_send_back, to_close_problem = problem("request_closure"), problem("request_closure")
    closed = problem("request_closure", "close")
    add_user(engine, f"user_{street_id}", "leader", password="password-1")
    return [
        ("update_project", lambda a: services.update_project(a, pid, version_of(engine, pid),
                                                             {"start_date": date(2018, 3, 1)}, "开工", engine)),
        ("update_projects", lambda a: services.update_projects(a, [(pid, version_of(engine, pid),
                                                                     {"completed_wan": "12.5"})], engine)),
        ("update_project ledger fields", lambda a: services.update_project(
            a, pid, version_of(engine, pid), {"total_investment_wan": "999"}, None, engine)),
        ("follow_up", lambda a: problems.take_step(a, fresh, "follow_up", "weekly", "已协调", engine=engine)),
        ("request_closure", lambda a: problems.take_step(a, to_request, "request_closure", "weekly", "已办结",
                                                         engine=engine)),
        ("close", lambda a: problems.take_step(a, to_close_problem, "close", "weekly", "经核查属实", engine=engine)),
        ("send_back", lambda a: problems.take_step(a, to_send_back, "send_back", "weekly", "未办结", engine=engine)),
        ("reopen", lambda a: problems.take_step(a, closed, "reopen", "weekly", "问题反复", engine=engine)),
        ("extend", lambda a: problems.take_step(a, to_extend, "extend", "monthly", "审批周期长",
                                                today() + timedelta(days=30), engine)),
        ("create_meeting", lambda a: meetings.create_meeting(a, 2018, date(2018, 12, 20), "四季度路演", engine=engine)),
        ("set_agenda", lambda a: meetings.set_agenda(a, meeting, [street, "红旗"], engine)),
        ("raise_problem", lambda a: problems.raise_problem(a, pid, "资金不足", "funding", "区发改局", date(2018, 7, 30),
                                                           meeting, engine=engine)),
        ("close_meeting", lambda a: meetings.close_meeting(a, to_close, engine)),
        ("confirm_ratings", lambda a: ratings.confirm(a, "2018Q3", None, engine)),
        ("override_rating", lambda a: ratings.override(a, "2018Q4", pid, other_than_proposed(engine, pid), "现场核实",
                                                       engine)),
        ("import_projects", lambda a: services.import_projects(a, ledger_file(folder, street), engine=engine)),
        ("add_user", lambda a: accounts.add_user(a, f"new_{street_id}", "password-2", "leader", engine=engine)),
        ("set_password", lambda a: accounts.set_password(a, f"user_{street_id}", "password-3", engine=engine)),
        ("set_password own", lambda a: accounts.set_password(a, a.username, "password-4", "password-0", engine)),
        ("reset_password", lambda a: accounts.reset_password(a, f"user_{street_id}", engine)),
        ("change_role", lambda a: accounts.change_role(a, f"user_{street_id}", "dispatcher", engine=engine)),
        ("disable_user", lambda a: accounts.set_disabled(a, f"user_{street_id}", True, engine)),
        ("unlock", lambda a: accounts.unlock(a, f"user_{street_id}", engine)),
        ("add_street", lambda a: accounts.add_street(a, f"新{street_id}", engine)),
    ]


ALLOWED = {
    "leader": set(),
    "street": {"update_project", "update_projects", "follow_up", "request_closure"},  # own street only
    "dispatcher": {"update_project", "update_projects", "update_project ledger fields", "follow_up", "request_closure",
                   "close", "send_back", "reopen", "extend", "create_meeting", "set_agenda", "raise_problem",
                   "close_meeting", "confirm_ratings", "override_rating", "import_projects"},
    "admin": {"add_user", "set_password", "reset_password", "change_role", "disable_user", "unlock", "add_street"},
}
EVERYONE = {"set_password own"}  # whatever the role and street


@pytest.mark.parametrize("target", ["own", "other"])
@pytest.mark.parametrize("role", list(ALLOWED))
def test_authorization_matrix(engine, tmp_path, role, target):
    with engine.connect() as db:
        own_street = db.execute(sa.select(Street.id).where(Street.name == OWN)).scalar()
    actor = Actor(f"{role}_actor", role, own_street if role == "street" else None)
    add_user(engine, actor.username, role, street=OWN, password="password-0")
    wrong = []
    for name, call in writes(engine, tmp_path, OWN if target == "own" else OTHER):
        allowed = name in EVERYONE or (name in ALLOWED[role] and (role != "street" or target == "own"))
        before = fingerprint(engine)
        try:
            call(actor)
            done = True
        except PermissionDenied:
            done = False
            if fingerprint(engine) != before:
                wrong.append(f"{name}: refused but the data changed")
        if done != allowed:
            wrong.append(f"{name}: {'done' if done else 'refused'}, expected {'done' if allowed else 'refused'}")
        if done and fingerprint(engine) == before:
            wrong.append(f"{name}: allowed but nothing was written")
    assert not wrong, wrong


def test_a_street_official_cannot_reach_another_street_through_the_page(demo_url, demo_engine):
    """Asking for another street's ledger in the URL shows the official's own street only."""
    from streamlit.testing.v1 import AppTest
    browse_as("yingchengzi")
    at = AppTest.from_file("../app.py", default_timeout=30)
    at.query_params["street"] = "泉水"
    at.run()
    at.switch_page("pages/my_projects.py").run()
    assert not at.exception
    assert "您只能编辑本街道（营城子）的项目。" in at.warning[0].value
    assert at.subheader[0].value == "营城子街道"
    with demo_engine.connect() as db:
        own = set(db.execute(sa.select(Project.code).join(Street).where(Street.name == "营城子")).scalars())
    options = at.selectbox(key="edit").options
    assert options and all(any(code in option for code in own) for option in options)
