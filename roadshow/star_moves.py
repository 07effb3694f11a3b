"""星级动态 for leaders: which cycle's stars are in force on a day, the projects that moved since the
cycle before and why (the parts that changed, and what changed under them), average stars per street.
Only confirmed cycles count; imported stars are not a cycle."""
from __future__ import annotations

from datetime import date

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.orm import aliased

from .i18n import label, t
from .metrics import stars_as_of
from .models import Project, Rating, RatingCycle, Street
from .ratings import PARTS


def confirmed_cycles(engine: Engine, plan_year: int) -> pd.DataFrame:
    """The plan year's confirmed cycles, in the order of their last day: code, level, as_of,
    confirmed_by, confirmed_at."""
    c = RatingCycle
    with engine.connect() as db:
        result = db.execute(sa.select(c.code, c.level, c.as_of, c.confirmed_by, c.confirmed_at)
                            .where(c.plan_year == plan_year, c.confirmed_at.is_not(None))
                            .order_by(c.as_of, c.confirmed_at))
        return pd.DataFrame.from_records([tuple(r) for r in result], columns=list(result.keys()))


def in_force(confirmed: pd.DataFrame, as_of: date) -> tuple[str | None, str | None]:
    """The cycle whose ratings are in force on D (the latest confirmed by then) and the one it is
    compared with: the confirmed cycle of the same level before it (a quarter with the quarter before)."""
    by_then = confirmed[confirmed["as_of"] <= as_of] if not confirmed.empty else confirmed
    if by_then.empty:
        return None, None
    current = by_then.iloc[-1]
    earlier = by_then[(by_then["level"] == current["level"]) & (by_then["as_of"] < current["as_of"])]
    return current["code"], earlier["code"].iloc[-1] if not earlier.empty else None


def star_moves(engine: Engine, current: str, previous: str, filters=None) -> pd.DataFrame:
    """Projects rated in both cycles, with their stars and parts in each (columns <x>_before and
    <x>_after for stars, benefit, problems, progress, basis), the change in stars, and the current
    rating's override reason; the filtered projects only. Biggest falls first."""
    before, after = aliased(Rating), aliased(Rating)
    columns = [Project.code, Project.name, Street.name.label("street")]
    for name, r in (("before", before), ("after", after)):
        columns += [r.stars.label(f"stars_{name}"), r.benefit_score.label(f"benefit_{name}"),
                    r.problem_score.label(f"problems_{name}"), r.progress_score.label(f"progress_{name}"),
                    r.basis.label(f"basis_{name}")]
    query = (sa.select(*columns, after.reason).select_from(after)
             .join(before, sa.and_(before.project_id == after.project_id, before.cycle == previous))
             .join(Project, Project.id == after.project_id).join(Street, Project.street_id == Street.id)
             .where(after.cycle == current, *(filters.conditions() if filters else ()))
             .order_by(after.stars - before.stars, Street.position, Project.code))
    with engine.connect() as db:
        result = db.execute(query)
        frame = pd.DataFrame.from_records([tuple(r) for r in result], columns=list(result.keys()))
    frame["change"] = frame["stars_after"] - frame["stars_before"]
    return frame


def street_averages(engine: Engine, plan_year: int, as_of: date, filters=None) -> pd.DataFrame:
    """Per street with rated projects on D: how many are rated and their average stars, best first."""
    rated = (sa.select(Street.name.label("street"), Street.position, stars_as_of(as_of).label("stars"))
             .select_from(Project).join(Street, Project.street_id == Street.id)
             .where(Project.plan_year == plan_year, *(filters.conditions() if filters else ())).subquery())
    query = (sa.select(rated.c.street, sa.func.count(rated.c.stars).label("rated"),
                       sa.func.avg(rated.c.stars).label("average"))
             .where(rated.c.stars.is_not(None)).group_by(rated.c.street, rated.c.position)
             .order_by(sa.func.avg(rated.c.stars).desc(), rated.c.position))
    with engine.connect() as db:
        result = db.execute(query)
        frame = pd.DataFrame.from_records([tuple(r) for r in result], columns=list(result.keys()))
    frame["average"] = frame["average"].astype(float)
    return frame


def why_moved(move, L: str) -> str:
    """Why a project's stars moved (a row of star_moves): each part that changed, and what changed
    under it — its open and overdue problems, its start, its investment against 序时进度."""
    reasons = []
    b, a = move["basis_before"] or {}, move["basis_after"] or {}
    for part in PARTS:
        old, new = move[f"{part}_before"], move[f"{part}_after"]
        if old == new or pd.isna(old) or pd.isna(new):
            continue
        details = []
        if part == "problems":
            details += [t(f"moves.{k}", L, old=b[k], new=a[k]) for k in ("open", "overdue")
                        if k in a and k in b and a[k] != b[k]]
        if part == "progress" and a.get("start_state") != b.get("start_state") and b and a:
            details.append(t("moves.start", L, old=label("start_state", b["start_state"], L),
                             new=label("start_state", a["start_state"], L)))
        if part == "progress" and a.get("gap") is not None and b.get("gap") is not None and a["gap"] != b["gap"]:
            details.append(t("moves.gap", L, old=f"{b['gap']:+.1f}", new=f"{a['gap']:+.1f}"))
        detail = t("moves.detail", L, detail=t("rule.sep", L).join(details)) if details else ""
        reasons.append(t("moves.part", L, part=t(f"rating.{part}", L), old=int(old), new=int(new)) + detail)
    if isinstance(move["reason"], str):
        reasons.append(t("moves.overridden", L, reason=move["reason"]))
    return t("moves.sep", L).join(reasons)
