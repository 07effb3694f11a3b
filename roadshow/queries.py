"""Read-side lookups for the pages: lists and details, not aggregates (those are in metrics)."""
from __future__ import annotations

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session

from .models import FollowUp, Issue, Project, ProjectHistory, Rating, Street

LEDGER_COLUMNS = ("id", "version", "code", "name", "stage", "category", "start_date", "completed_wan",
                  "annual_plan_wan", "suspended", "suspension_reason", "stars", "updated_by", "updated_at")


def _frame(engine: Engine, query) -> pd.DataFrame:
    with engine.connect() as db:
        result = db.execute(query)
        return pd.DataFrame.from_records([tuple(r) for r in result], columns=list(result.keys()))


def streets(engine: Engine) -> list[tuple[int, str]]:
    """(id, name) of every street, in the district's order."""
    with engine.connect() as db:
        return [tuple(r) for r in db.execute(sa.select(Street.id, Street.name).order_by(Street.position, Street.id))]


def street_projects(engine: Engine, street_id: int, plan_year: int) -> pd.DataFrame:
    """A street's projects of one plan year, as its ledger (one row a project)."""
    columns = [getattr(Project, c) for c in LEDGER_COLUMNS]
    return _frame(engine, sa.select(*columns).where(Project.street_id == street_id, Project.plan_year == plan_year)
                  .order_by(Project.code))


def project(engine: Engine, project_id: int) -> dict | None:
    """Every field of one project, with its street's name."""
    with Session(engine) as session:
        row = session.execute(sa.select(Project, Street.name).join(Street).where(Project.id == project_id)).first()
    return None if row is None else {**row[0].model_dump(), "street": row[1]}


def project_id_by_code(engine: Engine, code: str) -> int | None:
    with engine.connect() as db:
        return db.execute(sa.select(Project.id).where(Project.code == code)).scalar()


def history(engine: Engine, project_id: int) -> pd.DataFrame:
    """The project's change history, newest first."""
    h = ProjectHistory
    return _frame(engine, sa.select(h.changed_at, h.changed_by, h.field, h.old_value, h.new_value, h.note)
                  .where(h.project_id == project_id).order_by(h.changed_at.desc(), h.id.desc()))


def issues(engine: Engine, project_id: int) -> pd.DataFrame:
    i = Issue
    return _frame(engine, sa.select(i.id, i.raised_on, i.description, i.owner_unit, i.measures, i.deadline,
                                    i.status, i.resolved_on).where(i.project_id == project_id).order_by(i.raised_on))


def follow_ups(engine: Engine, issue_ids: list[int]) -> pd.DataFrame:
    f = FollowUp
    return _frame(engine, sa.select(f.issue_id, f.held_on, f.level, f.note, f.status_after, f.recorded_by)
                  .where(f.issue_id.in_(issue_ids)).order_by(f.held_on))


def ratings(engine: Engine, project_id: int) -> pd.DataFrame:
    r = Rating
    return _frame(engine, sa.select(r.cycle, r.rated_on, r.benefit_score, r.problem_score, r.progress_score, r.stars)
                  .where(r.project_id == project_id).order_by(r.rated_on))
