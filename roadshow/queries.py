"""Read-side lookups for the pages: lists and details, not aggregates (those are in metrics)."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session

from .codes import IssueStatus
from .metrics import ALL, Filters, completed_as_of, deadline_as_of, overdue_as_of, stars_as_of, status_as_of
from .models import District, FollowUp, Issue, Meeting, Project, ProjectHistory, Rating, Street, User
from .settings import settings

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
    """The problems' records (跟踪记录), oldest first."""
    f = FollowUp
    return _frame(engine, sa.select(f.issue_id, f.held_on, f.level, f.action, f.note, f.status_after, f.new_deadline,
                                    f.recorded_by).where(f.issue_id.in_(issue_ids)).order_by(f.held_on, f.id))


def ratings(engine: Engine, project_id: int) -> pd.DataFrame:
    """The project's ratings (星级评价), oldest first: parts, proposed and given stars, the reason of an
    override (or "imported"), the basis of the parts, who gave it and when."""
    r = Rating
    return _frame(engine, sa.select(r.cycle, r.rated_on, r.benefit_score, r.problem_score, r.progress_score, r.stars,
                                    r.proposed_stars, r.reason, r.basis, r.rated_by, r.rated_at)
                  .where(r.project_id == project_id).order_by(r.rated_on, r.id))


def _ledger_scope(plan_year: int, filters: Filters, search: str) -> list:
    """The conditions of the ledger's rows: the year, the filters, and a name or code containing `search`."""
    conditions = [Project.plan_year == plan_year, *filters.conditions()]
    if search.strip():
        conditions.append(sa.or_(Project.name.contains(search.strip(), autoescape=True),
                                 Project.code.contains(search.strip(), autoescape=True)))
    return conditions


def ledger(engine: Engine, plan_year: int, as_of: date, filters: Filters = ALL, search: str = "",
           offset: int = 0, limit: int | None = None) -> pd.DataFrame:
    """The project ledger (项目台账) as it stood on D: one row a project, in the streets' order, from
    the `offset`-th row, at most `limit` rows (a page; the figures as of D are read for those only)."""
    started = sa.and_(Project.stage != "preliminary", Project.start_date >= date(plan_year, 1, 1),
                      Project.start_date <= as_of)
    page = (sa.select(Project.id).join(Street, Project.street_id == Street.id)
            .where(*_ledger_scope(plan_year, filters, search))
            .order_by(Street.position, Project.code).offset(offset).limit(limit).subquery())
    query = (sa.select(Project.id, Project.code, Project.name, Street.name.label("street"), Project.stage,
                       Project.category, Project.city_key, Project.total_investment_wan, Project.annual_plan_wan,
                       completed_as_of(as_of).label("completed_wan"),
                       sa.case((started, Project.start_date)).label("start_date"),
                       sa.and_(Project.suspended.is_(True), Project.suspended_on <= as_of).label("suspended"),
                       stars_as_of(as_of).label("stars"), Project.updated_by, Project.updated_at,
                       District.name.label("district"))
             .join(page, page.c.id == Project.id).join(Street, Project.street_id == Street.id)
             .join(District, Street.district_id == District.id)
             .order_by(Street.position, Project.code))
    return _frame(engine, query)


def ledger_count(engine: Engine, plan_year: int, filters: Filters = ALL, search: str = "") -> int:
    """How many projects the ledger holds with these filters and search."""
    with engine.connect() as db:
        return db.execute(sa.select(sa.func.count()).select_from(Project)
                          .where(*_ledger_scope(plan_year, filters, search))).scalar()


def meetings(engine: Engine, plan_year: int) -> pd.DataFrame:
    """The year's roadshow meetings, in order, with their agenda (street names, in speaking order)."""
    m = Meeting
    return _frame(engine, sa.select(m.id, m.held_on, m.title, m.agenda).where(m.plan_year == plan_year)
                  .order_by(m.held_on))


def _problem_rows(plan_year: int, as_of: date, filters: Filters, raised_before: date | None = None):
    """The follow-up list's query (unordered), with its status and deadline on D."""
    status, deadline = status_as_of(as_of), deadline_as_of(as_of)
    query = (sa.select(Issue.id, Street.name.label("street"), Project.code, Project.name, Issue.description,
                       Issue.problem_type, Issue.owner_unit, Issue.leader, Issue.measures, Issue.raised_on,
                       deadline.label("deadline"), status.label("status"),
                       overdue_as_of(as_of, status, deadline).label("overdue"))
             .join(Project, Issue.project_id == Project.id).join(Street, Project.street_id == Street.id)
             .where(Project.plan_year == plan_year, Issue.raised_on <= (raised_before or as_of), *filters.conditions()))
    return query, status, deadline


def follow_up_list(engine: Engine, plan_year: int, as_of: date, filters: Filters = ALL,
                   raised_before: date | None = None) -> pd.DataFrame:
    """The follow-up list (问题清单) on D: every problem raised by then (or by `raised_before`),
    with its status and deadline in force on D and whether it is overdue (逾期)."""
    query, _, deadline = _problem_rows(plan_year, as_of, filters, raised_before)
    # no deadline: last, on every database
    return _frame(engine, query.order_by(Street.position, deadline.asc().nulls_last(), Issue.id))


def due_first(engine: Engine, plan_year: int, as_of: date, filters: Filters = ALL, limit: int = 100) -> pd.DataFrame:
    """The first `limit` problems not closed on D, due first (no deadline last), then in the streets'
    order: follow_up_list's columns, read in SQL (a province holds 100,000 open problems)."""
    query, status, deadline = _problem_rows(plan_year, as_of, filters)
    return _frame(engine, query.where(status != IssueStatus.resolved)
                  .order_by(deadline.asc().nulls_last(), Street.position, Issue.id).limit(limit))


def changes_between(engine: Engine, plan_year: int, since: date, until: date, filters: Filters = ALL) -> pd.DataFrame:
    """What changed on the filtered projects after the day `since` up to the day `until`
    (Beijing days; e.g. since the last roadshow), newest first."""
    h = ProjectHistory
    start, end = (datetime.combine(day + timedelta(days=1), time(), tzinfo=settings().zone) for day in (since, until))
    query = (sa.select(h.changed_at, h.changed_by, Street.name.label("street"), Project.code, Project.name, h.field,
                       h.old_value, h.new_value, h.note)
             .join(Project, h.project_id == Project.id).join(Street, Project.street_id == Street.id)
             .where(Project.plan_year == plan_year, h.changed_at >= start, h.changed_at < end,
                    h.field != "created", *filters.conditions())
             .order_by(h.changed_at.desc()))
    return _frame(engine, query)


def display_names(engine: Engine) -> dict[str, str]:
    """Every user's display name by login: the pages show people by name, not by login."""
    with engine.connect() as db:
        return dict(db.execute(sa.select(User.username, User.display_name)).all())
