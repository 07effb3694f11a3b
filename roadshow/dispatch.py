"""周/月/季调度: how fast problems are closed, per week, month and quarter, and the dispatch records.

Periods: a week runs Monday to Sunday (as the district's work week and ISO 8601); a month and a
quarter are the calendar's. Periods lie within the plan year (the first and last week may be cut by
1 January and 31 December) and stop at the as-of day D: the period holding D runs to D ("to date").
The weekly view shows the last WEEKS weeks up to D; the monthly and quarterly views the whole year.

Per period (and per street or responsible unit):
- raised: problems raised in the period;
- closed: closures (销号) in the period — a day X on which a problem's status became closed: closed
  on X and not closed on the day before (so a reopened problem closed again counts again, and a
  second closing note does not);
- backlog: problems raised by the period's last day and not closed on it;
- overdue: of those, past their deadline in force on that day (the deadline day is not overdue);
- median days to close: over the period's closures, days from raised to closed;
- on-time closure rate: closures on or before the deadline in force that day ÷ closures of problems
  with a deadline (closed on the deadline day is on time; no deadline: left out, so the rate may be "—").

Status and deadline on a day come from metrics.status_as_of and metrics.deadline_as_of only.
"""
from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from .auth import Actor
from .codes import DispatchLevel, IssueStatus, Role
from .database import write_session
from .metrics import ALL, Filters, deadline_as_of, status_as_of
from .models import DispatchRecord, FollowUp, Issue, Project, Street
from .rules import Bad, parse_date
from .services import PermissionDenied, Refused
from .settings import today

WEEKS = 13  # the weekly view: a quarter of weeks
GROUPINGS = {"street": Street.name, "owner_unit": Issue.owner_unit}
OTHERS = "__others__"  # the group that sums the groups a chart leaves out
RESOLVED = IssueStatus.resolved.value


# --- periods ---------------------------------------------------------------------------

def period_start(level: str, day: date) -> date:
    """The first day of the week (Monday), month or quarter holding `day`."""
    if level == DispatchLevel.weekly:
        return day - timedelta(days=day.weekday())
    if level == DispatchLevel.monthly:
        return day.replace(day=1)
    return date(day.year, (day.month - 1) // 3 * 3 + 1, 1)


def _next_start(level: str, start: date) -> date:
    if level == DispatchLevel.weekly:
        return start + timedelta(days=7)
    months = 1 if level == DispatchLevel.monthly else 3
    index = start.year * 12 + start.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def periods(level: str, plan_year: int, as_of: date) -> list[tuple[date, date]]:
    """(first day, last day) of each period of the plan year up to D, oldest first; the last ends on D.
    Weekly: the last WEEKS weeks only. Before the plan year starts: none."""
    if level not in DispatchLevel.__members__:
        raise ValueError(f"no dispatch level {level!r}")
    first, last = date(plan_year, 1, 1), min(as_of, date(plan_year, 12, 31))
    out, start = [], period_start(level, first)
    while start <= last:
        out.append((max(start, first), min(_next_start(level, start) - timedelta(days=1), last)))
        start = _next_start(level, start)
    return out[-WEEKS:] if level == DispatchLevel.weekly else out


# --- two date sums SQL writes differently on each database -----------------------------

class day_before(FunctionElement):
    """The day before a date."""

    type = sa.Date()
    inherit_cache = True


@compiles(day_before)
def _day_before(element, compiler, **kw):  # PostgreSQL: date - integer is a date
    return f"({compiler.process(element.clauses, **kw)} - 1)"


@compiles(day_before, "sqlite")
def _day_before_sqlite(element, compiler, **kw):
    return f"date({compiler.process(element.clauses, **kw)}, '-1 day')"


class days_between(FunctionElement):
    """Whole days from the first date to the second."""

    type = sa.Integer()
    inherit_cache = True


@compiles(days_between)
def _days_between(element, compiler, **kw):
    first, second = (compiler.process(c, **kw) for c in element.clauses)
    return f"({second} - {first})"


@compiles(days_between, "sqlite")
def _days_between_sqlite(element, compiler, **kw):
    first, second = (compiler.process(c, **kw) for c in element.clauses)
    return f"CAST(julianday({second}) - julianday({first}) AS INTEGER)"


# --- the figures per period ------------------------------------------------------------

def _count(cond):
    return sa.func.coalesce(sa.func.sum(sa.case((cond, 1), else_=0)), 0)


def _table(spans: list[tuple[date, date]]):
    """The periods as rows (start, end): a UNION of literals, which every database reads."""
    return sa.union_all(*[sa.select(sa.literal(s, sa.Date).label("start"), sa.literal(e, sa.Date).label("end"))
                          for s, e in spans]).subquery("periods")


def _in_scope(query, plan_year: int, filters: Filters):
    return (query.join(Project, Issue.project_id == Project.id).join(Street, Project.street_id == Street.id)
            .where(Project.plan_year == plan_year, *filters.conditions()))


def _group(by: str | None):
    return sa.literal("") if by is None else GROUPINGS[by]


def closures(engine: Engine, plan_year: int, spans: list[tuple[date, date]], by: str | None = None,
             filters: Filters = ALL) -> pd.DataFrame:
    """The closures in each period, counted by days to close and whether on time: columns start,
    group, days, on_time (0/1), has_deadline (0/1), closed."""
    table = _table(spans)
    candidates = (sa.select(FollowUp.issue_id, FollowUp.held_on.label("day"))
                  .where(FollowUp.status_after == RESOLVED, FollowUp.held_on >= spans[0][0],
                         FollowUp.held_on <= spans[-1][1]).distinct().subquery())
    deadline = deadline_as_of(candidates.c.day)
    events = _in_scope(
        sa.select(candidates.c.day, _group(by).label("grp"),
                  days_between(Issue.raised_on, candidates.c.day).label("days"),
                  sa.case((deadline.is_(None), 0), (candidates.c.day <= deadline, 1), else_=0).label("on_time"),
                  sa.case((deadline.is_(None), 0), else_=1).label("has_deadline"))
        .select_from(candidates).join(Issue, Issue.id == candidates.c.issue_id), plan_year, filters,
    ).where(status_as_of(candidates.c.day) == RESOLVED,
            status_as_of(day_before(candidates.c.day)) != RESOLVED).subquery()
    keys = (table.c.start, events.c.grp, events.c.days, events.c.on_time, events.c.has_deadline)
    query = (sa.select(*keys, sa.func.count().label("closed")).select_from(events)
             .join(table, sa.and_(events.c.day >= table.c.start, events.c.day <= table.c.end)).group_by(*keys))
    return _frame(engine, query, ["start", "group", "days", "on_time", "has_deadline", "closed"])


def stocks(engine: Engine, plan_year: int, spans: list[tuple[date, date]], by: str | None = None,
           filters: Filters = ALL) -> pd.DataFrame:
    """Per period: problems raised in it, and on its last day the backlog and the overdue among
    them: columns start, group, raised, backlog, overdue (groups with a problem raised by then).
    One pass over the problems, with each period's status and deadline as columns: joining the
    periods to the problems cost more than all the lookups (4 of 5 s for a province's 13 weeks)."""
    on_ends = []
    for i, (_, end) in enumerate(spans):
        raised = Issue.raised_on <= end
        on_ends += [sa.case((raised, status_as_of(end))).label(f"status{i}"),
                    sa.case((raised, deadline_as_of(end))).label(f"deadline{i}")]
    # materialized, or the database repeats each lookup in every sum that reads it
    rows = _in_scope(sa.select(_group(by).label("grp"), Issue.raised_on, *on_ends)
                     .where(Issue.raised_on <= spans[-1][1]), plan_year, filters).cte("on_ends")
    rows = rows.prefix_with("MATERIALIZED")
    sums = []
    for i, (start, end) in enumerate(spans):
        still_open = rows.c[f"status{i}"] != RESOLVED  # NULL, not raised yet: not counted
        sums += [_count(rows.c.raised_on.between(start, end)), _count(rows.c.raised_on <= end), _count(still_open),
                 _count(sa.and_(still_open, rows.c[f"deadline{i}"] < end))]
    with engine.connect() as db:
        found = db.execute(sa.select(rows.c.grp, *sums).group_by(rows.c.grp)).all()
    figures = [(start, row[0], *row[1 + 4 * i:5 + 4 * i]) for row in found for i, (start, _) in enumerate(spans)]
    return pd.DataFrame([(start, group, raised, backlog, overdue)
                         for start, group, raised, so_far, backlog, overdue in figures if so_far],
                        columns=["start", "group", "raised", "backlog", "overdue"])


def _frame(engine: Engine, query, columns: list[str]) -> pd.DataFrame:
    with engine.connect() as db:
        return pd.DataFrame.from_records([tuple(r) for r in db.execute(query)], columns=columns)


FIGURES = ["start", "end", "group", "raised", "closed", "closed_on_time", "closed_with_deadline", "backlog",
           "overdue", "close_days", "median_days", "on_time_rate"]


def dispatch_figures(engine: Engine, plan_year: int, as_of: date, level: str, by: str | None = None,
                     filters: Filters = ALL, spans: tuple[tuple[date, date], ...] | None = None) -> pd.DataFrame:
    """The dispatch figures of each period up to D (or of the given periods), for the district (by
    None) or per street or responsible unit (by "street" / "owner_unit", groups with problems only):
    columns of FIGURES, one row per period and group; `close_days` is {days to close: closures}."""
    spans = list(spans or periods(level, plan_year, as_of))
    if not spans:
        return pd.DataFrame(columns=FIGURES)
    stock = stocks(engine, plan_year, spans, by, filters)
    closed = closures(engine, plan_year, spans, by, filters)
    rows = {}
    ends = dict(spans)
    for r in stock.itertuples(index=False):
        rows[(r.start, r.group)] = _row(r.start, ends[r.start], r.group, r.raised, r.backlog, r.overdue)
    for r in closed.itertuples(index=False):
        row = rows.setdefault((r.start, r.group), _row(r.start, ends[r.start], r.group, 0, 0, 0))
        row["closed"] += r.closed
        row["closed_on_time"] += r.closed * r.on_time
        row["closed_with_deadline"] += r.closed * r.has_deadline
        row["close_days"][r.days] = row["close_days"].get(r.days, 0) + r.closed
    if by is None:  # the district has a row for every period, however quiet
        for start, end in spans:
            rows.setdefault((start, ""), _row(start, end, "", 0, 0, 0))
    ordered = sorted(rows.values(), key=lambda row: (row["start"], row["group"]))
    return pd.DataFrame([_derive(row) for row in ordered], columns=FIGURES)


def _row(start, end, group, raised, backlog, overdue) -> dict:
    return {"start": start, "end": end, "group": group, "raised": int(raised), "closed": 0, "closed_on_time": 0,
            "closed_with_deadline": 0, "backlog": int(backlog), "overdue": int(overdue), "close_days": {}}


def median(histogram: dict[int, int]) -> float | None:
    """The median of values given as {value: how many}; None when there are none."""
    total = sum(histogram.values())
    if not total:
        return None
    ranks, middle, seen = ((total - 1) // 2, total // 2), [], 0  # the 0-based ranks of the middle value(s)
    for value in sorted(histogram):
        seen += histogram[value]  # the values of ranks below `seen` are at most `value`
        while len(middle) < 2 and ranks[len(middle)] < seen:
            middle.append(value)
    return (middle[0] + middle[1]) / 2


def _derive(row: dict) -> dict:
    row["median_days"] = median(row["close_days"])
    row["on_time_rate"] = row["closed_on_time"] / row["closed_with_deadline"] if row["closed_with_deadline"] else None
    return row


def rollup(figures: pd.DataFrame, keep: list[str]) -> pd.DataFrame:
    """The rows of the groups in `keep`, and one OTHERS row per period summing the other groups
    (their closures merged, so its median and rate are those of all the closures it holds); the
    column `groups` says how many groups a row holds."""
    kept = figures[figures["group"].isin(keep)].assign(groups=1)
    rest = figures[~figures["group"].isin(keep)]
    others = []
    for start, rows in rest.groupby("start", sort=True):
        row = _row(start, rows["end"].iloc[0], OTHERS, rows["raised"].sum(), rows["backlog"].sum(),
                   rows["overdue"].sum())
        row["groups"] = len(rows)
        for column in ("closed", "closed_on_time", "closed_with_deadline"):
            row[column] = int(rows[column].sum())
        for histogram in rows["close_days"]:
            for days, n in histogram.items():
                row["close_days"][days] = row["close_days"].get(days, 0) + n
        others.append(_derive(row))
    return pd.concat([kept, pd.DataFrame(others, columns=[*FIGURES, "groups"])], ignore_index=True) if others else kept


def district_figures(groups: pd.DataFrame, spans: list[tuple[date, date]]) -> pd.DataFrame:
    """The district's figures of each period (dispatch_figures with by None), summed from the rows of a
    grouping: each problem has one street and one unit, so a grouping's rows add up to the district
    (the dispatch page reads the district from the grouping it shows, not with a query of its own)."""
    summed = [] if groups.empty else rollup(groups, []).drop(columns="groups").assign(group="").to_dict("records")
    seen = {row["start"] for row in summed}
    quiet = [_derive(_row(start, end, "", 0, 0, 0)) for start, end in spans if start not in seen]
    return pd.DataFrame(sorted([*summed, *quiet], key=lambda row: row["start"]), columns=FIGURES)


def worst_groups(figures: pd.DataFrame, start: date, n: int) -> list[str]:
    """The n groups that hold problems up most in the period starting `start`: most overdue, then
    the largest backlog, then the fewest closures, then by name."""
    rows = figures[figures["start"] == start]
    ranked = rows.sort_values(["overdue", "backlog", "closed", "group"], ascending=[False, False, True, True])
    return list(ranked["group"].head(n))


# --- dispatch records (调度记录) --------------------------------------------------------

LIMITS = {"chaired_by": 60, "reviewed": 2000, "decisions": 2000}


class BadRecord(Refused):
    """A dispatch record that breaks the rules, per field: {field: Bad}; nothing was written."""

    def __init__(self, problems: dict[str, Bad]):
        super().__init__("dispatch.invalid")
        self.problems = problems


def record_dispatch(actor: Actor, held_on, level: str, chaired_by: str, reviewed: str, decisions: str,
                    engine: Engine | None = None) -> int:
    """Record a dispatch meeting (dispatch office only): its day (not in the future), level, chair,
    what it reviewed and what it decided; one per day and level. Returns the record's id."""
    if actor.role != Role.dispatcher:
        raise PermissionDenied("service.denied", action="dispatch")
    problems: dict[str, Bad] = {}
    try:
        if held_on is None or not str(held_on).strip():
            raise Bad("dispatch.required")
        held_on = parse_date(held_on)
        if held_on > today():
            problems["held_on"] = Bad("dispatch.future", day=held_on.isoformat())
    except Bad as bad:
        problems["held_on"] = bad
    if level not in DispatchLevel.__members__:
        problems["level"] = Bad("dispatch.bad_level")
    texts = {"chaired_by": chaired_by, "reviewed": reviewed, "decisions": decisions}
    for field, value in texts.items():
        texts[field] = (value or "").strip()
        if not texts[field]:
            problems[field] = Bad("dispatch.required")
        elif len(texts[field]) > LIMITS[field]:
            problems[field] = Bad("dispatch.too_long", limit=LIMITS[field], length=len(texts[field]))
    if problems:
        raise BadRecord(problems)
    with write_session(engine) as session:
        taken = session.execute(sa.select(DispatchRecord.id).where(DispatchRecord.held_on == held_on,
                                                                   DispatchRecord.level == level)).first()
        if taken:
            raise BadRecord({"held_on": Bad("dispatch.duplicate", day=held_on.isoformat())})
        record = DispatchRecord(held_on=held_on, level=level, recorded_by=actor.username, **texts)
        session.add(record)
        try:
            session.flush()
        except sa.exc.IntegrityError:  # recorded by someone else a moment ago
            raise BadRecord({"held_on": Bad("dispatch.duplicate", day=held_on.isoformat())}) from None
        return record.id


def dispatch_records(engine: Engine, plan_year: int, as_of: date) -> pd.DataFrame:
    """The plan year's dispatch records held by D, newest first."""
    r = DispatchRecord
    query = (sa.select(r.id, r.held_on, r.level, r.chaired_by, r.reviewed, r.decisions, r.recorded_by)
             .where(r.held_on >= date(plan_year, 1, 1), r.held_on <= min(as_of, date(plan_year, 12, 31)))
             .order_by(r.held_on.desc(), r.id.desc()))
    return _frame(engine, query, ["id", "held_on", "level", "chaired_by", "reviewed", "decisions", "recorded_by"])

