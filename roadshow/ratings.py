"""星级动态评价: rating cycles, the proposed stars of a cycle, and the dispatch office's two writes —
confirm a cycle's proposals in one step, or override one project's stars with a reason.

A cycle is a month (2018-05, 月调度) or a quarter (2018Q2, 季调度) of a plan year; its ratings are as
of its last day. Proposals are computed, never stored: facts per project in two SQL queries, then the
rule (rating_rule) over all of them at once. What is written is fixed: a confirmed cycle refuses any
further rating, and a cycle keeps the rule it was first rated by. A project's stars (Project.stars,
and the ledger's stars as of any day through metrics.stars_as_of) are those of its latest rating.
"""
from __future__ import annotations

import hashlib
import re
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session

from .auth import Actor
from .codes import DispatchLevel, IssueStatus, Role, Stage
from .database import write_session
from .evaluation import rules
from .i18n import fmt_when, t
from .metrics import completed_as_of, status_as_of, time_elapsed_share
from .models import Issue, Project, ProjectHistory, Rating, RatingCycle, Street, User
from .rating_rule import RatingRule
from .services import PermissionDenied, Refused
from . import settings as clock

PARTS = ("benefit", "problems", "progress")
STORED_PART = {"benefit": "benefit_score", "problems": "problem_score", "progress": "progress_score"}
BASIS = ("size_points", "city_key_points", "category_points", "problems_full", "open", "open_penalty", "overdue",
         "overdue_penalty", "start_state", "late_days", "start_points", "completion", "time_share", "gap",
         "investment_points")
HISTORY_NOTE_LIMIT = 500  # models.ProjectHistory.note
IMPORTED = "imported"  # the reason of stars set by an import (records._direct_rating)


# --- cycles -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Cycle:
    """评价周期: a quarter (季调度) or a month (月调度) of a plan year."""

    code: str
    plan_year: int
    level: str
    first: date
    last: date

    @classmethod
    def parse(cls, code: str) -> Cycle | None:
        """2018Q2 or 2018-05; None for anything else."""
        if m := re.fullmatch(r"(\d{4})Q([1-4])", code or ""):
            year, quarter = int(m[1]), int(m[2])
            return cls(code, year, DispatchLevel.quarterly, date(year, 3 * quarter - 2, 1),
                       _month_end(year, 3 * quarter))
        if (m := re.fullmatch(r"(\d{4})-(\d{2})", code or "")) and 1 <= int(m[2]) <= 12:
            year, month = int(m[1]), int(m[2])
            return cls(code, year, DispatchLevel.monthly, date(year, month, 1), _month_end(year, month))
        return None

    def as_of(self, today: date) -> date:
        """The day its proposals are as of: its last day, or today while it runs."""
        return min(self.last, today)


def _month_end(year: int, month: int) -> date:
    return date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)


def cycles(plan_year: int, today: date) -> list[Cycle]:
    """The plan year's quarters and months that have begun by today, by their last day (a month
    before the quarter it closes)."""
    codes = [f"{plan_year}-{m:02d}" for m in range(1, 13)] + [f"{plan_year}Q{q}" for q in range(1, 5)]
    found = [c for c in map(Cycle.parse, codes) if c.first <= today]
    return sorted(found, key=lambda c: (c.last, c.level == DispatchLevel.quarterly))


def cycle_label(code: str, L: str) -> str:
    """2018Q2 → 2018年第二季度; 2018-05 → 2018年5月; import-20181231 → 导入 2018-12-31."""
    cycle = Cycle.parse(code)
    if cycle is None:
        day = code.removeprefix("import-")
        if code.startswith("import-") and day.isdigit() and len(day) == 8:
            return t("cycle.imported", L, day=f"{day[:4]}-{day[4:6]}-{day[6:]}")
        return code
    if cycle.level == DispatchLevel.quarterly:
        quarter = int(code[-1])
        return t("cycle.quarter", L, year=cycle.plan_year, quarter=quarter, quarter_zh="一二三四"[quarter - 1])
    return t("cycle.month", L, year=cycle.plan_year, month=cycle.first.month)


def next_cycle(plan_year: int, confirmed: list[str], today: date) -> str | None:
    """The cycle the rating page opens on: the first quarter after the last confirmed one, once it
    has ended; else the latest quarter that has ended; else the latest cycle begun."""
    begun = cycles(plan_year, today)
    ended = [c for c in begun if c.last <= today and c.level == DispatchLevel.quarterly]
    done = [c for c in ended if c.code in confirmed]
    after = [c for c in ended if done and c.last > done[-1].last]
    pick = after[:1] or ended[-1:] or begun[-1:]
    return pick[0].code if pick else None


# --- proposals ----------------------------------------------------------------------------

def _count(condition):
    return sa.func.coalesce(sa.func.sum(sa.case((condition, 1), else_=0)), 0)


def _facts(db: Connection, plan_year: int, as_of: date, rule: RatingRule, project_ids=None) -> pd.DataFrame:
    """One row per project of the plan year: what the rule reads on `as_of`."""
    P = Project
    started = sa.case((sa.and_(P.stage != Stage.preliminary, P.start_date >= date(plan_year, 1, 1),
                               P.start_date <= as_of), P.start_date))
    previous = (sa.select(Rating.stars).where(Rating.project_id == P.id, Rating.rated_on < as_of)
                .order_by(Rating.rated_on.desc(), Rating.id.desc()).limit(1).correlate(P).scalar_subquery())
    query = (sa.select(P.id.label("project_id"), P.code, P.name, Street.name.label("street"), P.category, P.stage,
                       P.city_key, P.total_investment_wan, P.annual_plan_wan,
                       completed_as_of(as_of).label("completed_wan"), started.label("started_on"),
                       P.planned_start_date, sa.and_(P.suspended.is_(True), P.suspended_on <= as_of).label("suspended"),
                       previous.label("previous"))
             .join(Street, P.street_id == Street.id).where(P.plan_year == plan_year)
             .order_by(Street.position, P.code))
    not_closed = sa.and_(Issue.raised_on <= as_of, status_as_of(as_of) != IssueStatus.resolved)
    problems = (sa.select(Issue.project_id,
                          _count(sa.or_(Issue.deadline.is_(None), Issue.deadline >= as_of)).label("open"),
                          *(_count(Issue.deadline < as_of - timedelta(days=days)).label(f"overdue_{i}")
                            for i, (days, _) in enumerate(rule.overdue)))
                .join(P, Issue.project_id == P.id).where(P.plan_year == plan_year, not_closed)
                .group_by(Issue.project_id))
    if project_ids is not None:
        query, problems = query.where(P.id.in_(project_ids)), problems.where(P.id.in_(project_ids))
    result = db.execute(query)
    facts = pd.DataFrame.from_records([tuple(r) for r in result], columns=list(result.keys()))
    result = db.execute(problems)
    counts = pd.DataFrame.from_records([tuple(r) for r in result], columns=list(result.keys()))
    facts = facts.merge(counts, on="project_id", how="left")
    for column in counts.columns.drop("project_id"):
        facts[column] = facts[column].fillna(0).astype(int)
    annual = facts["annual_plan_wan"].map(float)
    completed = facts["completed_wan"].map(lambda v: 0.0 if v is None else float(v))
    facts["completion"] = (completed / annual).where(annual > 0)
    facts["time_share"] = time_elapsed_share(plan_year, as_of)
    return facts


def _plain(value):
    """A value as JSON holds it (numpy numbers as Python ones, NaN as null)."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    return value.item() if hasattr(value, "item") else value


def _view(db: Connection, cycle: Cycle, rule: RatingRule, today: date, project_ids=None) -> pd.DataFrame:
    """Every project of the cycle's plan year: its proposal by the rule, and the rating it was given
    in the cycle if any (then its parts and basis are the stored ones, whatever the data say now)."""
    as_of = cycle.as_of(today)
    facts = _facts(db, cycle.plan_year, as_of, rule, project_ids)
    scored = rule.score(facts, as_of)
    view = pd.concat([facts[["project_id", "code", "name", "street", "category", "stage", "previous"]], scored],
                     axis=1).rename(columns={"stars": "proposed"})
    r = Rating
    given = db.execute(sa.select(r.project_id, r.benefit_score, r.problem_score, r.progress_score, r.stars,
                                 r.proposed_stars, r.reason, r.basis, r.rated_by, r.rated_at)
                       .where(r.cycle == cycle.code)).all()
    view = view.assign(stars=None, reason=None, rated_by=None, rated_at=None)
    if not given:
        return view
    stored = pd.DataFrame.from_records([
        {**(g.basis or {}), "project_id": g.project_id, "benefit": g.benefit_score, "problems": g.problem_score,
         "progress": g.progress_score, "score": sum(v or 0 for v in (g.benefit_score, g.problem_score,
                                                                      g.progress_score)),
         "proposed": g.proposed_stars, "stars": g.stars, "reason": g.reason, "rated_by": g.rated_by,
         "rated_at": g.rated_at} for g in given]).set_index("project_id")
    rated = view["project_id"].isin(stored.index)
    kept = ["project_id", "code", "name", "street", "category", "stage", "previous"]
    return pd.concat([view[~rated], view.loc[rated, kept].join(stored, on="project_id")]).sort_index()


def digest(view: pd.DataFrame) -> str:
    """A fingerprint of the proposals not yet given: confirming checks the user saw these."""
    todo = view[view["stars"].isna()]
    text = ";".join(f"{p}:{s}:{b}:{q}:{g}" for p, s, b, q, g in
                    zip(todo["project_id"], todo["proposed"], todo["benefit"], todo["problems"], todo["progress"]))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _cycle_row(db: Connection, code: str):
    return db.execute(sa.select(RatingCycle.__table__).where(RatingCycle.code == code)).first()


def _rule_of(row, in_force: dict | None = None) -> tuple[RatingRule, dict]:
    """The rule a cycle is rated by: the one it was first rated by, else the one in force."""
    section = row.rules if row is not None and row.rules else in_force or rules()["rating"]
    return RatingRule.of(section), section


def cycle_view(engine: Engine, code: str, today: date, section: dict | None = None) -> pd.DataFrame:
    """The rating page's table for a cycle (see _view). `section` is the rule in force, passed by the
    page so that its cache follows a changed evaluation.toml."""
    cycle = Cycle.parse(code)
    with engine.connect() as db:
        rule, _ = _rule_of(_cycle_row(db, code), section)
        return _view(db, cycle, rule, today)


def cycle_state(engine: Engine, code: str) -> dict | None:
    """A cycle's record once rating has begun: who opened and confirmed it, its rule, how many
    ratings it holds and how many were overridden."""
    with engine.connect() as db:
        row = _cycle_row(db, code)
        if row is None:
            return None
        counts = db.execute(sa.select(sa.func.count(), _count(sa.and_(Rating.reason.is_not(None),
                                                                      Rating.reason != IMPORTED)))
                            .where(Rating.cycle == code)).one()
    return {**row._asdict(), "rated": counts[0], "overridden": counts[1]}


# --- writes -------------------------------------------------------------------------------

def _require_dispatcher(actor: Actor) -> None:
    if actor.role != Role.dispatcher:
        raise PermissionDenied("service.denied", action="rating")


def _open_cycle(db: Connection, cycle: Cycle, today: date):
    """The cycle's row (None before its first rating), refusing a cycle not yet over or confirmed."""
    if cycle.last > today:
        raise Refused("rating.not_over", day=cycle.last.isoformat())
    row = _cycle_row(db, cycle.code)
    if row is not None and row.confirmed_at is not None:
        who = db.execute(sa.select(User.display_name).where(User.username == row.confirmed_by)).scalar()
        raise Refused("rating.already_confirmed", when=fmt_when(row.confirmed_at), who=who or row.confirmed_by)
    return row


def _write(db: Connection, username: str, cycle: Cycle, rows: pd.DataFrame, stars: list[int],
           reason: str | None, at: datetime) -> None:
    """Give `rows` (of _view) their ratings, keep each project's stars those of its latest rating,
    and record every change of stars (and every override) in the project history."""
    records = []
    for row, given in zip(rows.to_dict("records"), stars):
        records.append({
            "project_id": int(row["project_id"]), "cycle": cycle.code, "level": cycle.level, "rated_on": cycle.last,
            **{STORED_PART[p]: int(row[p]) for p in PARTS}, "stars": int(given), "proposed_stars": int(row["proposed"]),
            "reason": reason, "basis": {k: _plain(row[k]) for k in BASIS}, "rated_by": username, "rated_at": at})
    ids = {r["project_id"] for r in records}
    before = dict(db.execute(sa.select(Project.id, Project.stars).where(Project.plan_year == cycle.plan_year)).all())
    db.execute(sa.insert(Rating.__table__), records)
    latest = (sa.select(Rating.stars).where(Rating.project_id == Project.id)
              .order_by(Rating.rated_on.desc(), Rating.id.desc()).limit(1).correlate(Project.__table__)
              .scalar_subquery())
    rated = sa.select(Rating.project_id).where(Rating.cycle == cycle.code)
    db.execute(sa.update(Project.__table__).where(Project.id.in_(rated)).values(stars=latest))
    after = db.execute(sa.select(Project.id, Project.stars, Project.version).where(Project.id.in_(rated))).all()
    note = t("rating.history_note", "zh", cycle=cycle_label(cycle.code, "zh")) + (
        t("rating.history_override", "zh", reason=reason) if reason else "")
    if len(note) > HISTORY_NOTE_LIMIT:  # a long reason: the rating keeps it whole, the history its start
        note = note[:HISTORY_NOTE_LIMIT - 1] + "…"
    history = [{"project_id": pid, "changed_at": at, "changed_by": username, "field": "stars", "version": version,
                "old_value": None if before.get(pid) is None else str(before[pid]), "new_value": str(new),
                "note": note}
               for pid, new, version in after if pid in ids and (before.get(pid) != new or reason)]
    if history:
        db.execute(sa.insert(ProjectHistory.__table__), history)


def _begin(db: Connection, cycle: Cycle, section: dict, username: str, at: datetime) -> None:
    """The cycle's first rating: its record, with the rule it is rated by from now on."""
    db.execute(sa.insert(RatingCycle.__table__).values(code=cycle.code, plan_year=cycle.plan_year, level=cycle.level,
                                                       as_of=cycle.last, rules=section, opened_by=username,
                                                       opened_at=at))


@contextmanager
def _rating(engine: Engine | None):
    """A write transaction in which a concurrent rating of the same cycle or project (a unique key
    taken meanwhile, on PostgreSQL) is refused like any other, with nothing written."""
    try:
        with write_session(engine) as session:
            yield session
    except sa.exc.IntegrityError:
        raise Refused("rating.concurrent") from None


def record_confirmation(session: Session, username: str, code: str, today: date, at: datetime,
                        expected: str | None = None) -> int:
    """Confirm the proposals of every project of the cycle not yet rated in it, and close the cycle.
    Rights are the caller's to check (confirm; the demo loader)."""
    cycle = Cycle.parse(code)
    if cycle is None:
        raise Refused("rating.bad_cycle", cycle=code)
    db = session.connection()
    row = _open_cycle(db, cycle, today)
    rule, section = _rule_of(row)
    view = _view(db, cycle, rule, today)
    todo = view[view["stars"].isna()]
    if todo.empty:
        raise Refused("rating.nothing_to_rate")
    if expected is not None and digest(view) != expected:
        raise Refused("rating.changed")
    if row is None:
        _begin(db, cycle, section, username, at)
    _write(db, username, cycle, todo, list(todo["proposed"]), None, at)
    db.execute(sa.update(RatingCycle.__table__).where(RatingCycle.code == code)
               .values(confirmed_by=username, confirmed_at=at))
    return len(todo)


def confirm(actor: Actor, code: str, expected: str | None = None, engine: Engine | None = None) -> int:
    """Confirm a cycle (确认): every project not yet rated in it gets its proposed stars, and the cycle
    is closed. `expected` is the digest of the proposals the user saw: when the data changed them since,
    nothing is written. Returns how many projects were rated."""
    _require_dispatcher(actor)
    with _rating(engine) as session:
        return record_confirmation(session, actor.username, code, clock.today(), clock.now(), expected)


def override(actor: Actor, code: str, project_id: int, stars: int, reason: str,
             engine: Engine | None = None) -> None:
    """Give one project of a cycle other stars than the rule proposes (调整), with the reason; the rest of
    the cycle stays open for confirmation."""
    _require_dispatcher(actor)
    reason = " ".join((reason or "").split())
    if not reason:
        raise Refused("rating.reason_required")
    if len(reason) > 500:
        raise Refused("rating.reason_too_long", limit=500)
    if stars not in (1, 2, 3, 4, 5):
        raise Refused("rating.bad_stars")
    cycle = Cycle.parse(code)
    if cycle is None:
        raise Refused("rating.bad_cycle", cycle=code)
    with _rating(engine) as session:
        db = session.connection()
        year = db.execute(sa.select(Project.plan_year).where(Project.id == project_id)).scalar()
        if year is None:
            raise Refused("service.no_project", project_id=project_id)
        today = clock.today()
        row = _open_cycle(db, cycle, today)
        if year != cycle.plan_year:
            raise Refused("rating.other_year", year=year)
        rule, section = _rule_of(row)
        view = _view(db, cycle, rule, today, project_ids=[project_id])
        if view["stars"].notna().any():
            raise Refused("rating.already_rated", stars=int(view["stars"].iloc[0]))
        if stars == view["proposed"].iloc[0]:
            raise Refused("rating.same_as_proposed")
        at = clock.now()
        if row is None:
            _begin(db, cycle, section, actor.username, at)
        _write(db, actor.username, cycle, view, [stars], reason, at)
