"""A status save (开复工, investment, suspension, progress note) as a street official makes it:
what it keeps, what it clears, which fields it may touch, and what a refused save shows."""
from datetime import date
from decimal import Decimal

import pytest
import sqlalchemy as sa

from roadshow import metrics, ratings, services
from roadshow.auth import Actor
from roadshow.models import Project, ProjectHistory, Street
from roadshow.services import Conflict, PermissionDenied
from tests.conftest import add_project

DISPATCH = Actor("dispatch", "dispatcher")


def official(engine, street="营城子"):
    with engine.connect() as db:
        return Actor("yingchengzi", "street", db.execute(sa.select(Street.id).where(Street.name == street)).scalar())


def row(engine, pid):
    with engine.connect() as db:
        return db.execute(sa.select(Project.__table__).where(Project.id == pid)).one()


def history(engine, pid):
    with engine.connect() as db:
        return [tuple(h) for h in db.execute(sa.select(ProjectHistory.version, ProjectHistory.field,
                                                       ProjectHistory.old_value, ProjectHistory.new_value)
                                             .where(ProjectHistory.project_id == pid).order_by(ProjectHistory.id))]


def test_a_cleared_start_date_is_no_start_date(engine):
    """A mistaken start date is taken back by clearing the box: the project is not started any more."""
    pid = add_project(engine, stage="new", start=date(2018, 3, 1))
    assert services.update_project(official(engine), pid, 1, {"start_date": "  "}, None, engine) is True
    assert row(engine, pid).start_date is None
    assert history(engine, pid) == [(2, "start_date", "2018-03-01", None)]


@pytest.mark.parametrize("field", ["stars", "name", "total_investment_wan", "plan_year", "street_id", "code"])
def test_a_street_official_changes_status_fields_only(engine, field):
    """Stars come from ratings, the ledger fields from the dispatch office: a status save touching them is refused."""
    pid = add_project(engine)
    value = {"stars": 5, "name": "改名", "total_investment_wan": "5", "plan_year": 2019, "street_id": 1,
             "code": "X-1"}[field]
    before = row(engine, pid)
    with pytest.raises(PermissionDenied):
        services.update_project(official(engine), pid, 1, {field: value}, None, engine)
    assert row(engine, pid) == before


@pytest.mark.parametrize("field", ["stars", "plan_year", "street_id", "code"])
def test_the_dispatch_office_sets_stars_by_rating_and_never_moves_a_project_by_form(engine, field):
    pid = add_project(engine)
    before = row(engine, pid)
    with pytest.raises(PermissionDenied):
        services.update_project(DISPATCH, pid, 1, {field: {"stars": 5, "plan_year": 2019, "street_id": 1,
                                                           "code": "X-1"}[field]}, None, engine)
    assert row(engine, pid) == before


def test_a_new_reason_keeps_the_day_the_project_was_suspended(engine, on_day):
    pid = add_project(engine, start=date(2018, 3, 1))
    on_day(date(2018, 5, 10))
    services.update_project(DISPATCH, pid, 1, {"suspended": True, "suspension_reason": "资金不到位"}, None, engine)
    on_day(date(2018, 5, 20))
    services.update_project(DISPATCH, pid, 2, {"suspended": True, "suspension_reason": "资金不到位，设计变更"}, None,
                            engine)
    r = row(engine, pid)
    assert (r.suspended, r.suspended_on, r.suspension_reason) == (True, date(2018, 5, 10), "资金不到位，设计变更")


def test_an_investment_report_on_a_suspended_project_keeps_its_suspension(engine, on_day):
    pid = add_project(engine, start=date(2018, 3, 1))
    on_day(date(2018, 5, 10))
    services.update_project(official(engine), pid, 1, {"suspended": True, "suspension_reason": "征地纠纷"}, None,
                            engine)
    on_day(date(2018, 5, 31))
    assert services.update_project(official(engine), pid, 2, {"completed_wan": "120"}, None, engine) is True
    r = row(engine, pid)
    assert (r.suspended, r.suspended_on, r.suspension_reason, r.completed_wan) == (
        True, date(2018, 5, 10), "征地纠纷", Decimal("120.00"))


def test_a_progress_note_on_an_old_version_is_refused_not_lost(engine):
    """Someone saved since the official loaded the project: their note alone is not "the same save again"."""
    pid = add_project(engine)
    services.update_project(DISPATCH, pid, 1, {"completed_wan": "70"}, None, engine)
    with pytest.raises(Conflict):
        services.update_project(official(engine), pid, 1, {}, "已与供电公司对接", engine)
    with pytest.raises(Conflict):
        services.update_project(official(engine), pid, 1, {"completed_wan": "70"}, "本月完成70万元", engine)
    assert history(engine, pid) == [(2, "completed_wan", "0.00", "70.00")]


def test_a_refused_save_shows_only_what_others_changed_since_and_in_order(engine):
    """Loaded at version 2, the official is shown versions 3 and 4 (each field of a save in the order saved),
    not version 2, which they had seen."""
    pid = add_project(engine, stage="new")
    services.update_project(DISPATCH, pid, 1, {"completed_wan": "10"}, None, engine)  # version 2
    services.update_project(DISPATCH, pid, 2, {"start_date": "2018-04-02", "completed_wan": "30"}, None,
                            engine)  # version 3
    services.update_project(DISPATCH, pid, 3, {}, "已开工", engine)  # version 4
    with pytest.raises(Conflict) as conflict:
        services.update_project(official(engine), pid, 2, {"completed_wan": "40"}, None, engine)
    shown = [(h.version, h.field, h.old_value, h.new_value)
             for h in services.changes_since(pid, conflict.value.version, engine)]
    assert shown == [(3, "start_date", None, "2018-04-02"), (3, "completed_wan", "10.00", "30.00"),
                     (4, "progress", None, "已开工")]


def test_a_rating_given_while_an_official_edits_neither_refuses_their_save_nor_is_undone_by_it(engine, on_day):
    """Stars are the dispatch office's, never a field of the official's form: the two writes do not collide."""
    pid = add_project(engine)
    on_day(date(2018, 4, 2))
    ratings.override(DISPATCH, "2018Q1", pid, 4, "现场核实", engine)
    services.update_project(official(engine), pid, 1, {"completed_wan": "40"}, None, engine)
    saved = row(engine, pid)
    assert (saved.stars, saved.completed_wan, saved.version) == (4, Decimal("40.00"), 2)


def test_a_save_names_who_made_it_as_the_projects_last_update(engine, on_day):
    pid = add_project(engine)
    on_day(date(2018, 4, 2))
    services.update_project(official(engine), pid, 1, {"completed_wan": "10"}, None, engine)
    r = row(engine, pid)
    assert r.updated_by == "yingchengzi"
    assert metrics.last_updated(engine, 2018)["updated_by"].tolist() == ["yingchengzi"]
