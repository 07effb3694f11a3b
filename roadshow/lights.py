"""预警: a green, yellow or red light for every problem and project as of a day D, in SQL for all
at once, from the one rule in evaluation.toml [warning_lights].

- A problem not closed on D is red once D is past the deadline in force on D (the deadline day itself
  is not overdue), yellow from `problem_yellow_days` days before that deadline up to the deadline day,
  else green; a closed problem, or one without a deadline, is green.
- A project's **start light**: a continuing or new project with a planned start date and not started
  by D is yellow from the first day of the month that follows its planned start month by
  `start_yellow_months` months (0: the next month), red from the first day of the month that follows it
  by `start_red_months` + 1 (3: planned in March, red from 1 July). Preliminary projects: green.
- Its **investment light**: behind = 序时进度 on D minus completion on D (completed ÷ annual plan), in
  percentage points; yellow when `investment_yellow_points` ≤ behind ≤ `investment_red_points`, red
  when behind > `investment_red_points`, else green (also without an annual plan).
- The project's light is the worse of the two.

The comparisons are exact: money, 序时进度 and the thresholds become whole numbers before SQL compares
them, so 10 points behind is yellow and 9.99 is not, on every database.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from .codes import IssueStatus, Stage, WarningLight
from .evaluation import rules
from .metrics import ALL, Filters, completed_as_of, deadline_as_of, status_as_of, time_elapsed_share
from .models import Issue, Project, Street

GREEN, YELLOW, RED = (light.value for light in WarningLight)
ORDER = (RED, YELLOW, GREEN)  # worst first


@dataclass(frozen=True)
class Rule:
    """The thresholds of evaluation.toml [warning_lights] (hashable: part of a cached figure's key)."""

    problem_yellow_days: int
    start_yellow_months: int
    start_red_months: int
    investment_yellow_points: Fraction
    investment_red_points: Fraction


def current_rule() -> Rule:
    """The rule in force (the file is read again when it changes)."""
    section = rules()["warning_lights"]
    return Rule(
        problem_yellow_days=int(section["problem_yellow_days"]),
        start_yellow_months=int(section["start_yellow_months"]),
        start_red_months=int(section["start_red_months"]),
        # through str: 10.1 in the file is exactly 101/10, not the nearest binary fraction
        investment_yellow_points=Fraction(str(section["investment_yellow_points"])),
        investment_red_points=Fraction(str(section["investment_red_points"])),
    )


def months_back(day: date, months: int) -> date:
    """The first day of the month `months` months before `day`'s month."""
    index = day.year * 12 + day.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


def problem_light(as_of: date, rule: Rule):
    """The SQL expression of a problem's light on D (correlated to Issue)."""
    deadline = deadline_as_of(as_of)
    return sa.case(
        (status_as_of(as_of) == IssueStatus.resolved, GREEN),
        (deadline.is_(None), GREEN),
        (deadline < as_of, RED),
        (deadline <= as_of + timedelta(days=rule.problem_yellow_days), YELLOW),
        else_=GREEN,
    )


def _start_light(plan_year: int, as_of: date, rule: Rule):
    """Not started by D with a planned start: the planned month is before the first day of D's month
    less the grace months (so planned in March, with 0 grace months, is yellow from 1 April)."""
    # IS NOT NULL first: a missing start must make "started" false, not NULL (which NOT keeps NULL)
    started = sa.and_(Project.start_date.is_not(None), Project.start_date >= date(plan_year, 1, 1),
                      Project.start_date <= as_of)
    late = sa.and_(Project.stage != Stage.preliminary, Project.planned_start_date.is_not(None), sa.not_(started))
    return sa.case(
        (sa.and_(late, Project.planned_start_date < months_back(as_of, rule.start_red_months)), RED),
        (sa.and_(late, Project.planned_start_date < months_back(as_of, rule.start_yellow_months)), YELLOW),
        else_=GREEN,
    )


def _investment_light(plan_year: int, as_of: date, rule: Rule):
    """Behind p points ⇔ share − completed/annual = p/100; with share = n/d, p = a/b and the annual
    plan > 0, compare 100·b·(n·annual − d·completed) with a·d·annual: whole numbers only."""
    # 序时进度 is a ratio of day counts: its float gives the fraction back exactly
    share = Fraction(time_elapsed_share(plan_year, as_of)).limit_denominator(366)
    n, d = share.numerator, share.denominator
    annual = Project.annual_plan_wan
    behind = annual * _whole(n) - sa.func.coalesce(completed_as_of(as_of), 0) * _whole(d)

    def scaled(points: Fraction):
        return behind * _whole(100 * points.denominator), annual * _whole(points.numerator * d)

    more_than_red, at_least_yellow = scaled(rule.investment_red_points), scaled(rule.investment_yellow_points)
    return sa.case(
        (annual <= 0, GREEN),
        (more_than_red[0] > more_than_red[1], RED),
        (at_least_yellow[0] >= at_least_yellow[1], YELLOW),
        else_=GREEN,
    )


def _whole(value: int):
    return sa.literal(value, sa.Integer)  # an integer bind, not Money's (which would scale it to cents)


def _worst(*lights):
    return sa.case(*[(sa.or_(*[light == colour for light in lights]), colour) for colour in (RED, YELLOW)],
                   else_=GREEN)


def _scope(query, plan_year: int, filters: Filters):
    return (query.join(Street, Project.street_id == Street.id)
            .where(Project.plan_year == plan_year, *filters.conditions()))


def _projects(plan_year: int, as_of: date, filters: Filters, rule: Rule):
    start, investment = _start_light(plan_year, as_of, rule), _investment_light(plan_year, as_of, rule)
    inner = _scope(sa.select(Project.id, Street.name.label("street"), start.label("start_light"),
                             investment.label("investment_light"), Project.planned_start_date,
                             sa.func.coalesce(completed_as_of(as_of), 0).label("completed_wan"),
                             Project.annual_plan_wan), plan_year, filters).subquery()
    return sa.select(inner.c.id, inner.c.street, _worst(inner.c.start_light, inner.c.investment_light).label("light"),
                     inner.c.start_light, inner.c.investment_light, inner.c.planned_start_date,
                     inner.c.completed_wan, inner.c.annual_plan_wan).subquery()


def _problems(plan_year: int, as_of: date, filters: Filters, rule: Rule):
    return _scope(sa.select(Issue.id, Street.name.label("street"), problem_light(as_of, rule).label("light"))
                  .select_from(Issue).join(Project, Issue.project_id == Project.id), plan_year, filters
                  ).where(Issue.raised_on <= as_of).subquery()


def _frame(engine: Engine, query) -> pd.DataFrame:
    with engine.connect() as db:
        result = db.execute(query)
        return pd.DataFrame.from_records([tuple(r) for r in result], columns=list(result.keys()))


def project_lights(engine: Engine, plan_year: int, as_of: date, filters: Filters = ALL,
                   rule: Rule | None = None, ids: tuple[int, ...] | None = None) -> pd.DataFrame:
    """Every filtered project's lights on D (or those of the projects `ids` only, e.g. a page of the
    ledger): columns id, street, light, start_light, investment_light, planned_start_date,
    completed_wan (on D, 0 when nothing is reported), annual_plan_wan."""
    projects = _projects(plan_year, as_of, filters, rule or current_rule())
    query = sa.select(projects).order_by(projects.c.id)
    return _frame(engine, query if ids is None else query.where(projects.c.id.in_(ids)))


def problem_lights(engine: Engine, plan_year: int, as_of: date, filters: Filters = ALL,
                   rule: Rule | None = None, ids: tuple[int, ...] | None = None) -> pd.DataFrame:
    """Every filtered problem raised by D (or the problems `ids` only, e.g. those on a slide), with
    its light on D: columns id, street, light."""
    problems = _problems(plan_year, as_of, filters, rule or current_rule())
    query = sa.select(problems).order_by(problems.c.id)
    return _frame(engine, query if ids is None else query.where(problems.c.id.in_(ids)))


def light_counts(engine: Engine, plan_year: int, as_of: date, filters: Filters = ALL,
                 rule: Rule | None = None) -> pd.DataFrame:
    """Per street with projects, how many projects, and problems raised by D, show each light on D:
    columns street, projects_red, projects_yellow, projects_green, problems_red, problems_yellow,
    problems_green — in the district's street order."""
    rule = rule or current_rule()
    counts = {}
    for kind, rows in (("projects", _projects(plan_year, as_of, filters, rule)),
                       ("problems", _problems(plan_year, as_of, filters, rule))):
        query = sa.select(rows.c.street, rows.c.light, sa.func.count()).group_by(rows.c.street, rows.c.light)
        with engine.connect() as db:
            counts[kind] = {(street, light): n for street, light, n in db.execute(query)}
    with engine.connect() as db:
        order = db.execute(sa.select(Street.name).order_by(Street.position, Street.id)).scalars().all()
    with_projects = {street for street, _ in counts["projects"]}
    streets = [s for s in order if s in with_projects]
    return pd.DataFrame({"street": streets, **{
        f"{kind}_{colour}": [counts[kind].get((s, colour), 0) for s in streets]
        for kind in ("projects", "problems") for colour in ORDER}})
