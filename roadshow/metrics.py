"""The metrics of domain.md, as of a date D within a plan year, computed in SQL.

Every function takes an engine, a plan year, an as-of date and optional filters,
and runs one aggregate query; nothing loads the project rows into Python.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session

from .codes import Category, IssueStatus, Stage
from .models import FollowUp, InvestmentReport, Issue, Meeting, Project, Rating, Street
from .settings import today as clock_today

ZERO = Decimal("0.00")
GROUPINGS = ("street", "category", "stage")


@dataclass(frozen=True)
class Filters:
    """Which projects count: empty tuples mean all."""

    streets: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    stages: tuple[str, ...] = ()
    city_key_only: bool = False

    def conditions(self) -> list:
        conds = []
        if self.streets:
            conds.append(Street.name.in_(self.streets))
        if self.categories:
            conds.append(Project.category.in_(self.categories))
        if self.stages:
            conds.append(Project.stage.in_(self.stages))
        if self.city_key_only:
            conds.append(Project.city_key.is_(True))
        return conds


ALL = Filters()


def rate(numerator, denominator) -> float | None:
    """A fraction, or None when the denominator is 0 (shown as "—", never 0%)."""
    return None if not denominator else float(numerator) / float(denominator)


def latest_plan_year(engine: Engine) -> int | None:
    with Session(engine) as session:
        return session.execute(sa.select(sa.func.max(Project.plan_year))).scalar()


def plan_years(engine: Engine) -> list[int]:
    with Session(engine) as session:
        years = session.execute(sa.select(Project.plan_year).distinct()).scalars()
        return sorted(years, reverse=True)


def time_elapsed_share(plan_year: int, as_of: date) -> float:
    """序时进度 on D: the days of the plan year up to and including D over the days of the year
    (0 before the year starts, 1 once it is over)."""
    first, last = date(plan_year, 1, 1), date(plan_year, 12, 31)
    days = (min(max(as_of, first - timedelta(days=1)), last) - first).days + 1
    return days / ((last - first).days + 1)


def default_as_of(plan_year: int, today: date | None = None) -> date:
    """Today, capped to the plan year's last day."""
    return min(today or clock_today(), date(plan_year, 12, 31))


# Statements are built once per grouping and filters, with the dates as parameters:
# building and hashing a fresh expression each call costs more than the query itself.
PLAN_YEAR = sa.bindparam("plan_year", type_=sa.Integer)
YEAR_START = sa.bindparam("year_start", type_=sa.Date)
AS_OF = sa.bindparam("as_of", type_=sa.Date)


def _params(plan_year: int, as_of: date) -> dict:
    return {"plan_year": plan_year, "year_start": date(plan_year, 1, 1), "as_of": as_of}


def completed_as_of(as_of):
    """A project's completed investment on D: its latest report on or before D (an indexed lookup)."""
    return (
        sa.select(InvestmentReport.completed_wan)
        .where(InvestmentReport.project_id == Project.id, InvestmentReport.reported_on <= as_of)
        .order_by(InvestmentReport.reported_on.desc())
        .limit(1)
        .correlate(Project)
        .scalar_subquery()
    )


def _projects(filters: Filters, with_street: bool):
    """The filtered projects of the year, one row each, with the completed investment as of D."""
    query = sa.select(Project.id, Project.stage, Project.category, Project.start_date,
                      Project.total_investment_wan, Project.annual_plan_wan,
                      completed_as_of(AS_OF).label("completed_wan"))
    if with_street:  # the join costs a lookup per project: only when a street is asked for
        query = query.add_columns(Street.name.label("street")).join(Street, Project.street_id == Street.id)
    return query.where(Project.plan_year == PLAN_YEAR, *filters.conditions()).subquery()


@lru_cache(maxsize=256)
def _aggregate(by: tuple[str, ...], filters: Filters, only: tuple[str, ...] = ()):
    """The aggregate statement: one row, or one row per group of the `by` columns; every
    measure, or `only` those named (what is not asked for, SQLite does not compute)."""
    p = _projects(filters, with_street="street" in by or bool(filters.streets))
    started_in_year = sa.and_(
        p.c.stage.in_((Stage.continuing, Stage.new)),
        p.c.start_date >= YEAR_START,
        p.c.start_date <= AS_OF,
    )

    def count(cond):
        return sa.func.coalesce(sa.func.sum(sa.case((cond, 1), else_=0)), 0)

    def money(column):
        return sa.func.coalesce(sa.func.sum(column), 0)

    columns = [
        sa.func.count(p.c.id).label("projects"),
        count(p.c.stage == Stage.continuing).label("continuing"),
        count(p.c.stage == Stage.new).label("new"),
        count(p.c.stage == Stage.preliminary).label("preliminary"),
        money(p.c.total_investment_wan).label("total_investment_wan"),
        money(p.c.annual_plan_wan).label("annual_plan_wan"),
        count(sa.and_(started_in_year, p.c.stage == Stage.continuing)).label("continuing_resumed"),
        count(sa.and_(started_in_year, p.c.stage == Stage.new)).label("new_started"),
        money(sa.case((started_in_year, p.c.total_investment_wan))).label("started_investment_wan"),
        money(p.c.completed_wan).label("completed_wan"),
    ]
    keys = [p.c[k] for k in by]
    columns = [c for c in columns if not only or c.name in only]
    return sa.select(*keys, *columns).group_by(*keys)


MONEY = ("total_investment_wan", "annual_plan_wan", "started_investment_wan", "completed_wan")
COUNTS = ("projects", "continuing", "new", "preliminary", "continuing_resumed", "new_started")
DERIVED = ("started", "resumption_rate", "new_start_rate", "completion_rate")


def _derive(row: dict) -> dict:
    """Add the derived figures (started, rates) to one aggregate row."""
    row["started"] = row["continuing_resumed"] + row["new_started"]
    row["resumption_rate"] = rate(row["continuing_resumed"], row["continuing"])
    row["new_start_rate"] = rate(row["new_started"], row["new"])
    row["completion_rate"] = rate(row["completed_wan"], row["annual_plan_wan"])
    return row


def district(engine: Engine, plan_year: int, as_of: date, filters: Filters = ALL) -> dict:
    """The district's figures (one row of every metric) for the filtered projects."""
    with engine.connect() as db:
        row = dict(db.execute(_aggregate((), filters), _params(plan_year, as_of)).mappings().one())
    return _derive(row)


def grouped(engine: Engine, plan_year: int, as_of: date, by: str, filters: Filters = ALL) -> pd.DataFrame:
    """Every metric per street, category or stage: one row per group, all groups present
    (a group without projects has zero counts and undefined rates)."""
    if by not in GROUPINGS:
        raise ValueError(f"cannot group by {by!r}")
    with engine.connect() as db:
        result = db.execute(_aggregate((by,), filters), _params(plan_year, as_of))
        columns = list(result.keys())
        rows = {r[0]: dict(zip(columns, r)) for r in result}
        if by == "street":
            keys = db.execute(sa.select(Street.name).order_by(Street.position, Street.id)).scalars().all()
        else:
            keys = [m.value for m in (Category if by == "category" else Stage)]
    if filters.streets and by == "street":
        keys = [k for k in keys if k in filters.streets]
    empty = {**dict.fromkeys(COUNTS, 0), **dict.fromkeys(MONEY, ZERO)}
    # plain Python per group: pandas operations cost more than the query on frames this small
    records = [_derive(rows.get(k) or {by: k, **empty}) for k in keys]
    return pd.DataFrame.from_records(records, columns=[by, *COUNTS, *MONEY, *DERIVED])


def started_breakdown(engine: Engine, plan_year: int, as_of: date, by: tuple[str, ...],
                      filters: Filters = ALL) -> pd.DataFrame:
    """Started projects and their total investment per combination of groups (e.g. category
    × street), groups with projects only: columns *by, started, started_investment_wan."""
    query = _aggregate(tuple(by), filters, ("continuing_resumed", "new_started", "started_investment_wan"))
    with engine.connect() as db:
        rows = [(*r[:len(by)], r[-3] + r[-2], r[-1]) for r in db.execute(query, _params(plan_year, as_of))]
    return pd.DataFrame.from_records(rows, columns=[*by, "started", "started_investment_wan"])


def _filtered_projects(query, plan_year: int, filters: Filters):
    query = query.where(Project.plan_year == plan_year, *filters.conditions())
    return query.join(Street, Project.street_id == Street.id) if filters.streets else query


def status_as_of(as_of):
    """A problem's status on D: what its latest follow-up by then made it (the later record of a day
    wins), else open — not its current status, which later follow-ups may have changed."""
    latest = (sa.select(FollowUp.status_after).where(FollowUp.issue_id == Issue.id, FollowUp.held_on <= as_of)
              .order_by(FollowUp.held_on.desc(), FollowUp.id.desc()).limit(1).correlate(Issue).scalar_subquery())
    return sa.func.coalesce(latest, IssueStatus.open.value)


def problems(engine: Engine, plan_year: int, as_of: date, filters: Filters = ALL,
             by_street: bool = False) -> pd.DataFrame:
    """Problems (问题) as they stood on D: raised by then, still open, open past their deadline
    (overdue, 逾期), resolved — for the district or per street."""
    raised = Issue.raised_on <= as_of
    still_open = sa.and_(raised, status_as_of(as_of) != IssueStatus.resolved)
    overdue = sa.and_(still_open, Issue.deadline < as_of)

    def count(cond):
        return sa.func.coalesce(sa.func.sum(sa.case((cond, 1), else_=0)), 0)

    columns = [count(raised).label("raised"), count(still_open).label("open"), count(overdue).label("overdue"),
               count(sa.and_(raised, sa.not_(still_open))).label("resolved")]
    query = sa.select(*columns).select_from(Issue).join(Project, Issue.project_id == Project.id)
    if by_street:
        query = query.add_columns(Street.name.label("street")).join(Street, Project.street_id == Street.id)
        query = query.where(Project.plan_year == plan_year, *filters.conditions()).group_by(Street.name)
    else:
        query = _filtered_projects(query, plan_year, filters)
    with engine.connect() as db:
        result = db.execute(query)
        return pd.DataFrame.from_records([tuple(r) for r in result], columns=list(result.keys()))


def stars_as_of(as_of):
    """Each project's stars on D: its latest rating by then (the 星级动态评价 in force)."""
    return (sa.select(Rating.stars).where(Rating.project_id == Project.id, Rating.rated_on <= as_of)
            .order_by(Rating.rated_on.desc()).limit(1).correlate(Project).scalar_subquery())


def star_distribution(engine: Engine, plan_year: int, as_of: date, filters: Filters = ALL) -> pd.DataFrame:
    """How many projects hold each star rating on D (unrated projects left out): columns stars, projects."""
    rated = _filtered_projects(sa.select(stars_as_of(as_of).label("stars")).select_from(Project),
                               plan_year, filters).subquery()
    query = sa.select(rated.c.stars, sa.func.count().label("projects")).group_by(rated.c.stars)
    with engine.connect() as db:
        rows = dict(db.execute(query).all())
    return pd.DataFrame({"stars": range(1, 6), "projects": [rows.get(n, 0) for n in range(1, 6)]})  # not None


def street_stars(engine: Engine, plan_year: int, as_of: date, filters: Filters = ALL) -> dict[str, float]:
    """Average stars per street on D."""
    rated = (sa.select(Street.name.label("street"), stars_as_of(as_of).label("stars")).select_from(Project)
             .join(Street, Project.street_id == Street.id)
             .where(Project.plan_year == plan_year, *filters.conditions()).subquery())
    with engine.connect() as db:
        return dict(db.execute(sa.select(rated.c.street, sa.func.avg(rated.c.stars)).group_by(rated.c.street)).all())


def last_updated(engine: Engine, plan_year: int) -> pd.DataFrame:
    """Per street, when its projects were last changed and by whom (so stale data shows)."""
    latest = (sa.select(Project.street_id, sa.func.max(Project.updated_at).label("updated_at"))
              .where(Project.plan_year == plan_year).group_by(Project.street_id).subquery())
    query = (sa.select(Street.name.label("street"), latest.c.updated_at,
                       sa.func.min(Project.updated_by).label("updated_by"))
             .join(latest, latest.c.street_id == Street.id)
             .join(Project, sa.and_(Project.street_id == Street.id, Project.updated_at == latest.c.updated_at,
                                    Project.plan_year == plan_year))
             .group_by(Street.name, latest.c.updated_at))
    with engine.connect() as db:
        result = db.execute(query)
        return pd.DataFrame.from_records([tuple(r) for r in result], columns=list(result.keys()))


def needs_attention(engine: Engine, plan_year: int, as_of: date, filters: Filters = ALL) -> pd.DataFrame:
    """What a leader should look at on D: projects not started past their planned date,
    suspended projects, and overdue problems. Columns kind, code, name, street, since, detail."""
    base = (sa.select(Project.code, Project.name, Street.name.label("street"))
            .join(Street, Project.street_id == Street.id))
    in_scope = [Project.plan_year == plan_year, *filters.conditions()]
    late = base.add_columns(sa.literal("late_start").label("kind"), Project.planned_start_date.label("since"),
                            sa.literal(None).label("detail")).where(
        *in_scope, Project.stage != Stage.preliminary, Project.planned_start_date < as_of,
        sa.or_(Project.start_date.is_(None), Project.start_date > as_of))
    suspended = base.add_columns(sa.literal("suspended").label("kind"), Project.suspended_on.label("since"),
                                 Project.suspension_reason.label("detail")).where(
        *in_scope, Project.suspended.is_(True), Project.suspended_on <= as_of)
    overdue = base.add_columns(sa.literal("overdue_problem").label("kind"), Issue.deadline.label("since"),
                               Issue.description.label("detail")).join(Issue, Issue.project_id == Project.id).where(
        *in_scope, Issue.raised_on <= as_of, Issue.deadline < as_of, status_as_of(as_of) != IssueStatus.resolved)
    with engine.connect() as db:
        frames = []
        for query in (overdue, suspended, late):
            result = db.execute(query.order_by(sa.text("since")))
            frames.append(pd.DataFrame.from_records([tuple(r) for r in result], columns=list(result.keys())))
    return pd.concat(frames, ignore_index=True)[["kind", "code", "name", "street", "since", "detail"]]


def street_ranking(engine: Engine, plan_year: int, as_of: date, filters: Filters = ALL) -> pd.DataFrame:
    """Streets ranked on D by resumption rate, then new-start rate, then investment completion,
    with their open and overdue problems, average stars and last update."""
    streets = grouped(engine, plan_year, as_of, "street", filters)
    streets = streets[streets["projects"] > 0]
    issues = problems(engine, plan_year, as_of, filters, by_street=True).set_index("street")
    stars = street_stars(engine, plan_year, as_of, filters)
    updated = last_updated(engine, plan_year).set_index("street")
    ranking = streets.assign(
        open=[int(issues["open"].get(s, 0)) for s in streets["street"]],
        overdue=[int(issues["overdue"].get(s, 0)) for s in streets["street"]],
        stars=[stars.get(s) for s in streets["street"]],
        updated_by=[updated["updated_by"].get(s) for s in streets["street"]],
        updated_at=[updated["updated_at"].get(s) for s in streets["street"]],
    ).sort_values(["resumption_rate", "new_start_rate", "completion_rate"], ascending=False, na_position="last")
    return ranking.reset_index(drop=True).assign(rank=lambda r: r.index + 1)


def previous_meeting(engine: Engine, plan_year: int, as_of: date) -> tuple[date, str] | None:
    """The last roadshow held before D in the plan year: (day, title)."""
    with engine.connect() as db:
        row = db.execute(sa.select(Meeting.held_on, Meeting.title).where(Meeting.plan_year == plan_year,
                                                                          Meeting.held_on < as_of)
                         .order_by(Meeting.held_on.desc()).limit(1)).first()
    return None if row is None else (row[0], row[1])


def starts_by_day(engine: Engine, plan_year: int, as_of: date, filters: Filters = ALL) -> pd.DataFrame:
    """Projects started per day and stage up to D: columns date, stage, started."""
    query = (
        sa.select(Project.start_date.label("date"), Project.stage.label("stage"),
                  sa.func.count(Project.id).label("started"))
        .where(Project.plan_year == plan_year, Project.stage.in_((Stage.continuing, Stage.new)),
               Project.start_date >= date(plan_year, 1, 1), Project.start_date <= as_of,
               *filters.conditions())
        .group_by(Project.start_date, Project.stage)
        .order_by(Project.start_date)
    )
    if filters.streets:
        query = query.join(Street, Project.street_id == Street.id)
    with engine.connect() as db:
        rows = [tuple(r) for r in db.execute(query)]
    return pd.DataFrame.from_records(rows, columns=["date", "stage", "started"])


def report(engine: Engine, plan_year: int, as_of: date, filters: Filters = ALL) -> dict:
    """The figures of `python -m roadshow metrics --json`: one flat, complete object."""
    totals = district(engine, plan_year, as_of, filters)
    by_category = grouped(engine, plan_year, as_of, "category", filters)
    by_street = grouped(engine, plan_year, as_of, "street", filters)
    return {
        "as_of": as_of.isoformat(),
        "plan_year": plan_year,
        "projects": totals["projects"],
        "by_stage": {s.value: totals[s.value] for s in Stage},
        "total_investment_wan": totals["total_investment_wan"],
        "annual_plan_wan": totals["annual_plan_wan"],
        "continuing_resumed": totals["continuing_resumed"],
        "resumption_rate": totals["resumption_rate"],
        "new_started": totals["new_started"],
        "new_start_rate": totals["new_start_rate"],
        "started": totals["started"],
        "started_investment_wan": totals["started_investment_wan"],
        "started_by_category": {k: int(v) for k, v in zip(by_category["category"], by_category["started"])},
        "started_by_street": {k: int(v) for k, v in zip(by_street["street"], by_street["started"])},
        "completed_wan": totals["completed_wan"],
        "completion_rate": totals["completion_rate"],
    }


def opening_as_of(engine: Engine, plan_year: int, today: date | None = None) -> date:
    """The as-of day a plan year opens on: today while the year runs; once it is over, its latest
    day with any data (a start, an investment report, a follow-up, a roadshow, a rating), not
    31 December, so the page shows where the year's story ends."""
    today = today or clock_today()
    year_start, year_end = date(plan_year, 1, 1), date(plan_year, 12, 31)
    if today <= year_end:
        return today

    def latest(column, owner, *joins):
        query = sa.select(sa.func.max(column))
        for table, on in joins:
            query = query.join(table, on)
        return query.where(owner.plan_year == plan_year, column >= year_start, column <= year_end)

    days = sa.union_all(
        latest(Project.start_date, Project),
        latest(InvestmentReport.reported_on, Project, (Project, InvestmentReport.project_id == Project.id)),
        latest(FollowUp.held_on, Project, (Issue, FollowUp.issue_id == Issue.id),
               (Project, Issue.project_id == Project.id)),
        latest(Meeting.held_on, Meeting),
        latest(Rating.rated_on, Project, (Project, Rating.project_id == Project.id)),
    ).subquery()
    with engine.connect() as db:
        return db.execute(sa.select(sa.func.max(days.c[0], type_=sa.Date))).scalar() or year_end
