"""The metrics of domain.md, as of a date D within a plan year, computed in SQL.

Every function takes an engine, a plan year, an as-of date and optional filters,
and runs one aggregate query; nothing loads the project rows into Python.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session

from .codes import Category, Stage
from .models import InvestmentReport, Project, Street

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


def default_as_of(plan_year: int, today: date | None = None) -> date:
    """Today, capped to the plan year's last day."""
    return min(today or date.today(), date(plan_year, 12, 31))


# Statements are built once per grouping and filters, with the dates as parameters:
# building and hashing a fresh expression each call costs more than the query itself.
PLAN_YEAR = sa.bindparam("plan_year", type_=sa.Integer)
YEAR_START = sa.bindparam("year_start", type_=sa.Date)
AS_OF = sa.bindparam("as_of", type_=sa.Date)


def _params(plan_year: int, as_of: date) -> dict:
    return {"plan_year": plan_year, "year_start": date(plan_year, 1, 1), "as_of": as_of}


def _projects(filters: Filters, with_street: bool):
    """The filtered projects of the year, one row each, with the completed investment
    as of D: the latest report on or before D (an indexed lookup per project)."""
    completed = (
        sa.select(InvestmentReport.completed_wan)
        .where(InvestmentReport.project_id == Project.id, InvestmentReport.reported_on <= AS_OF)
        .order_by(InvestmentReport.reported_on.desc())
        .limit(1)
        .correlate(Project)
        .scalar_subquery()
    )
    query = sa.select(Project.id, Project.stage, Project.category, Project.start_date,
                      Project.total_investment_wan, Project.annual_plan_wan, completed.label("completed_wan"))
    if with_street:  # the join costs a lookup per project: only when a street is asked for
        query = query.add_columns(Street.name.label("street")).join(Street, Project.street_id == Street.id)
    return query.where(Project.plan_year == PLAN_YEAR, *filters.conditions()).subquery()


@lru_cache(maxsize=256)
def _aggregate(by: str | None, filters: Filters):
    """The aggregate statement: one row, or one row per `by` group."""
    p = _projects(filters, with_street=by == "street" or bool(filters.streets))
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
    if by is None:
        return sa.select(*columns)
    return sa.select(p.c[by], *columns).group_by(p.c[by])


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
        row = dict(db.execute(_aggregate(None, filters), _params(plan_year, as_of)).mappings().one())
    return _derive(row)


def grouped(engine: Engine, plan_year: int, as_of: date, by: str, filters: Filters = ALL) -> pd.DataFrame:
    """Every metric per street, category or stage: one row per group, all groups present
    (a group without projects has zero counts and undefined rates)."""
    if by not in GROUPINGS:
        raise ValueError(f"cannot group by {by!r}")
    with engine.connect() as db:
        result = db.execute(_aggregate(by, filters), _params(plan_year, as_of))
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
