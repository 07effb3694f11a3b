"""What needs a person when they arrive (提醒), computed in SQL.

- a street official: their street's overdue problems, problems due within 7 days, closure
  requests the dispatch office sent back, and projects nobody has updated for 30 days — a district
  official (a street official given a district) the same for every street of the district;
- the dispatch office: closure requests waiting for it, and overdue problems by unit and street.

Problems are taken as they stand today; "overdue", "due within 7 days" and "not updated for 30
days" are counted from the working day D: today while the plan year runs, its last day with data
once it is over (metrics.opening_as_of), as every page opens a year. A problem whose closure the
street has requested waits for the dispatch office, not for the street: it is not in the street's
overdue or due lists.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from .codes import FollowUpAction, IssueStatus, Role
from .models import Issue, Project, Street
from .problems import NOT_CLOSED, due_window, frame, listing
from .settings import settings

STALE_DAYS = 30


def _street_conditions(as_of: date, status, deadline, latest) -> dict:
    first, last = due_window(as_of)
    return {"overdue": sa.and_(status.in_(NOT_CLOSED), deadline < as_of),
            "due_soon": sa.and_(status.in_(NOT_CLOSED), deadline >= first, deadline <= last),
            "sent_back": latest.action == FollowUpAction.send_back}


def _dispatch_conditions(as_of: date, status, deadline) -> dict:
    return {"waiting": status == IssueStatus.closure_requested,
            "overdue": sa.and_(status != IssueStatus.resolved, deadline < as_of)}


def _own(street_id: int | None, district_id: int | None):
    """The projects of a street official's street, or of every street of a district official's district."""
    if street_id is not None:
        return Project.street_id == street_id
    return Project.street_id.in_(sa.select(Street.id).where(Street.district_id == district_id))


def _stale_projects(plan_year: int, own, as_of: date):
    """The official's projects (`own`: _own) whose last change is more than 30 days before D (the 30
    days up to and including D saw none), in Beijing days."""
    since = datetime.combine(as_of - timedelta(days=STALE_DAYS - 1), time(), tzinfo=settings().zone)
    return (sa.select(Project.id, Street.name.label("street"), Project.code, Project.name, Project.stage,
                      Project.updated_by, Project.updated_at).join(Street, Project.street_id == Street.id)
            .where(Project.plan_year == plan_year, own, Project.updated_at < since)
            .order_by(Project.updated_at, Project.code))


def street_alerts(engine: Engine, plan_year: int, street_id: int | None, as_of: date, today: date,
                  district_id: int | None = None) -> dict[str, pd.DataFrame]:
    """A street official's alerts: overdue, due_soon, sent_back (problems) and stale (projects) — of
    their street, or (street_id None) of every street of their district."""
    own = _own(street_id, district_id)
    query, status, deadline, latest = listing(as_of, today)
    query = query.where(Project.plan_year == plan_year, own)
    alerts = {kind: frame(engine, query.where(cond), as_of)
              for kind, cond in _street_conditions(as_of, status, deadline, latest).items()}
    with engine.connect() as db:
        result = db.execute(_stale_projects(plan_year, own, as_of))
        alerts["stale"] = pd.DataFrame.from_records([tuple(r) for r in result], columns=list(result.keys()))
    return alerts


def dispatch_alerts(engine: Engine, plan_year: int, as_of: date, today: date) -> dict[str, pd.DataFrame]:
    """The dispatch office's alerts: waiting (closure requests) and overdue (problems), with the
    overdue problems counted per responsible unit (by_unit) and per street (by_street), most first."""
    query, status, deadline, _ = listing(as_of, today)
    query = query.where(Project.plan_year == plan_year)
    conditions = _dispatch_conditions(as_of, status, deadline)
    alerts = {kind: frame(engine, query.where(cond), as_of) for kind, cond in conditions.items()}
    overdue = query.where(conditions["overdue"]).subquery()
    with engine.connect() as db:
        for kind, column in (("by_unit", overdue.c.owner_unit), ("by_street", overdue.c.street)):
            rows = db.execute(sa.select(column, sa.func.count().label("overdue")).group_by(column)
                              .order_by(sa.func.count().desc(), column)).all()
            alerts[kind] = pd.DataFrame.from_records([tuple(r) for r in rows], columns=[kind[3:], "overdue"])
    return alerts


def waiting_count(engine: Engine, role: str, street_id: int | None, plan_year: int, as_of: date, today: date,
                  district_id: int | None = None) -> int:
    """How many things wait for this person (the count in the navigation): problems needing them,
    each once, and for a street (or district) official their projects not updated for 30 days."""
    query, status, deadline, latest = listing(as_of, today)
    query = query.where(Project.plan_year == plan_year)
    own = _own(street_id, district_id)
    if role == Role.street:
        conditions = _street_conditions(as_of, status, deadline, latest)
        query = query.where(own)
    elif role == Role.dispatcher:
        conditions = _dispatch_conditions(as_of, status, deadline)
    else:
        return 0
    problems = query.where(sa.or_(*conditions.values())).with_only_columns(Issue.id).subquery()
    with engine.connect() as db:
        count = db.execute(sa.select(sa.func.count()).select_from(problems)).scalar()
        if role == Role.street:
            stale = _stale_projects(plan_year, own, as_of).with_only_columns(Project.id).subquery()
            count += db.execute(sa.select(sa.func.count()).select_from(stale)).scalar()
    return count
