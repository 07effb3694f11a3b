"""The metrics of domain.md, as of a date D within a plan year, computed in SQL.

Every function takes an engine, a plan year, an as-of date and optional filters,
and runs one aggregate query; nothing loads the project rows into Python.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

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
    return None if not denominator else float(Decimal(numerator) / Decimal(denominator))


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


def _projects(plan_year: int, as_of: date, filters: Filters):
    """The filtered projects of the year, one row each, with the completed investment
    as of D: the latest report on or before D (an indexed lookup per project)."""
    completed = (
        sa.select(InvestmentReport.completed_wan)
        .where(InvestmentReport.project_id == Project.id, InvestmentReport.reported_on <= as_of)
        .order_by(InvestmentReport.reported_on.desc())
        .limit(1)
        .correlate(Project)
        .scalar_subquery()
    )
    return (
        sa.select(Project.id, Project.stage, Project.category, Project.start_date, Project.total_investment_wan,
                  Project.annual_plan_wan, Street.name.label("street"), completed.label("completed_wan"))
        .join(Street, Project.street_id == Street.id)
        .where(Project.plan_year == plan_year, *filters.conditions())
        .subquery()
    )


def _aggregate_columns(p, plan_year: int, as_of: date) -> list:
    started_in_year = sa.and_(
        p.c.stage.in_((Stage.continuing, Stage.new)),
        p.c.start_date >= date(plan_year, 1, 1),
        p.c.start_date <= as_of,
    )

    def count(cond):
        return sa.func.coalesce(sa.func.sum(sa.case((cond, 1), else_=0)), 0)

    def money(column):
        return sa.func.coalesce(sa.func.sum(column), 0)

    return [
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


def _money(value) -> Decimal:
    return Decimal(value or 0).quantize(Decimal("0.01"))


def _derive(row: dict) -> dict:
    """Add the derived figures (started, rates) to one aggregate row."""
    for key in ("total_investment_wan", "annual_plan_wan", "started_investment_wan", "completed_wan"):
        row[key] = _money(row[key])
    for key in ("projects", "continuing", "new", "preliminary", "continuing_resumed", "new_started"):
        row[key] = int(row[key] or 0)
    row["started"] = row["continuing_resumed"] + row["new_started"]
    row["resumption_rate"] = rate(row["continuing_resumed"], row["continuing"])
    row["new_start_rate"] = rate(row["new_started"], row["new"])
    row["completion_rate"] = rate(row["completed_wan"], row["annual_plan_wan"])
    return row


def district(engine: Engine, plan_year: int, as_of: date, filters: Filters = ALL) -> dict:
    """The district's figures (one row of every metric) for the filtered projects."""
    p = _projects(plan_year, as_of, filters)
    query = sa.select(*_aggregate_columns(p, plan_year, as_of))
    with Session(engine) as session:
        row = dict(session.execute(query).mappings().one())
    return _derive(row)


def grouped(engine: Engine, plan_year: int, as_of: date, by: str, filters: Filters = ALL) -> pd.DataFrame:
    """Every metric per street, category or stage: one row per group, all groups present
    (a group without projects has zero counts and undefined rates)."""
    if by not in GROUPINGS:
        raise ValueError(f"cannot group by {by!r}")
    p = _projects(plan_year, as_of, filters)
    query = sa.select(p.c[by], *_aggregate_columns(p, plan_year, as_of)).group_by(p.c[by])
    with Session(engine) as session:
        rows = {r[by]: dict(r) for r in session.execute(query).mappings()}
        if by == "street":
            keys = session.execute(sa.select(Street.name).order_by(Street.position, Street.id)).scalars().all()
        else:
            keys = [m.value for m in (Category if by == "category" else Stage)]
    if filters.streets and by == "street":
        keys = [k for k in keys if k in filters.streets]
    empty = {"projects": 0, "continuing": 0, "new": 0, "preliminary": 0, "continuing_resumed": 0,
             "new_started": 0, "total_investment_wan": 0, "annual_plan_wan": 0,
             "started_investment_wan": 0, "completed_wan": 0}
    records = [_derive({by: k, **{**empty, **rows.get(k, {})}}) for k in keys]
    return pd.DataFrame.from_records(records)


def starts_by_day(engine: Engine, plan_year: int, as_of: date, filters: Filters = ALL) -> pd.DataFrame:
    """Projects started per day and stage up to D: columns date, stage, started."""
    query = (
        sa.select(Project.start_date.label("date"), Project.stage.label("stage"),
                  sa.func.count(Project.id).label("started"))
        .join(Street, Project.street_id == Street.id)
        .where(Project.plan_year == plan_year, Project.stage.in_((Stage.continuing, Stage.new)),
               Project.start_date >= date(plan_year, 1, 1), Project.start_date <= as_of,
               *filters.conditions())
        .group_by(Project.start_date, Project.stage)
        .order_by(Project.start_date)
    )
    with Session(engine) as session:
        rows = session.execute(query).mappings().all()
    return pd.DataFrame(rows, columns=["date", "stage", "started"])


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
