"""周调度简报: the weekly digest the dispatch office reads out — what moved this week, what became
overdue, what has been stuck for more than STUCK_DAYS days — as short sentences, and as tables.

The week is the dispatch week (Monday to Sunday, see roadshow.dispatch) holding the as-of day D,
up to D. A problem *moved* when its status on D differs from its status on the day before the week
(a problem raised this week moved when it is no longer open); it *became overdue* when it is overdue
on D and was not on the day before the week; it is *stuck* when it is not closed on D, was raised
more than STUCK_DAYS days before D, and its status on D is the one it had STUCK_DAYS + 1 days before.
"""
from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from .dispatch import RESOLVED, dispatch_figures, period_start
from .i18n import label, t
from .metrics import ALL, Filters, deadline_as_of, status_as_of
from .models import FollowUp, Issue, Project, Street

STUCK_DAYS = 30
SHOWN = 10  # sentences per section; the spreadsheet has every row
COLUMNS = ["id", "street", "code", "name", "description", "owner_unit", "raised_on", "deadline", "status",
           "status_before", "last_follow_up", "moved", "became_overdue", "stuck"]


def week_of(plan_year: int, as_of: date) -> tuple[date, date] | None:
    """The dispatch week holding D within the plan year, up to D: (Monday or 1 January, D)."""
    first, last = date(plan_year, 1, 1), min(as_of, date(plan_year, 12, 31))
    return None if last < first else (max(period_start("weekly", last), first), last)


def weekly_digest(engine: Engine, plan_year: int, as_of: date, filters: Filters = ALL) -> dict | None:
    """The week's figures (raised, closed, backlog, overdue) and its problems that moved, became
    overdue or are stuck (COLUMNS, one frame each); None before the plan year starts."""
    week = week_of(plan_year, as_of)
    if week is None:
        return None
    start, day = week
    before, long_ago = start - timedelta(days=1), day - timedelta(days=STUCK_DAYS + 1)
    status, deadline = status_as_of(day), deadline_as_of(day)
    last_follow_up = (sa.select(sa.func.max(FollowUp.held_on)).where(FollowUp.issue_id == Issue.id,
                                                                      FollowUp.held_on <= day)
                      .correlate_except(FollowUp).scalar_subquery())
    rows = (sa.select(Issue.id, Street.name.label("street"), Project.code, Project.name, Issue.description,
                      Issue.owner_unit, Issue.raised_on, deadline.label("deadline"), status.label("status"),
                      status_as_of(before).label("status_before"), deadline_as_of(before).label("deadline_before"),
                      status_as_of(long_ago).label("status_long_ago"), last_follow_up.label("last_follow_up"),
                      Street.position)
            .join(Project, Issue.project_id == Project.id).join(Street, Project.street_id == Street.id)
            .where(Project.plan_year == plan_year, Issue.raised_on <= day, *filters.conditions())).subquery()
    still_open = rows.c.status != RESOLVED
    overdue_before = sa.and_(rows.c.raised_on <= before, rows.c.status_before != RESOLVED,
                             rows.c.deadline_before < before)
    moved = rows.c.status != rows.c.status_before
    became_overdue = sa.and_(still_open, rows.c.deadline < day, sa.not_(overdue_before))
    stuck = sa.and_(still_open, rows.c.raised_on <= long_ago, rows.c.status_long_ago == rows.c.status)
    query = (sa.select(*[rows.c[c] for c in COLUMNS[:-3]], moved.label("moved"),
                       became_overdue.label("became_overdue"), stuck.label("stuck"))
             .where(sa.or_(moved, became_overdue, stuck)).order_by(rows.c.position, rows.c.raised_on, rows.c.id))
    with engine.connect() as db:
        found = pd.DataFrame.from_records([tuple(r) for r in db.execute(query)], columns=COLUMNS)
    for flag in ("moved", "became_overdue", "stuck"):
        found[flag] = found[flag].astype(bool)
    figures = dispatch_figures(engine, plan_year, day, "weekly", filters=filters, spans=((start, day),)).iloc[0]
    moved_rows = found[found["moved"]]
    return {
        "start": start, "end": day, **{k: int(figures[k]) for k in ("raised", "closed", "backlog", "overdue")},
        # closed first: the news of a week is what got done
        "moved": pd.concat([moved_rows[moved_rows["status"] == RESOLVED], moved_rows[moved_rows["status"] != RESOLVED]],
                           ignore_index=True),
        "became_overdue": found[found["became_overdue"]].sort_values(["deadline", "id"], ignore_index=True),
        "stuck": found[found["stuck"]].sort_values(["raised_on", "id"], ignore_index=True),
    }


def _day(day: date, L: str, year: bool = False) -> str:
    if L == "en":
        return f"{day.day} {day:%b}" + (f" {day.year}" if year else "")
    return (f"{day.year}年" if year else "") + f"{day.month}月{day.day}日"


def _project(street: str, name: str, L: str) -> str:
    """A project as read out: its name, after its street unless the name starts with it."""
    if name.startswith(street):
        return name
    return f"{street}, {name}" if L == "en" else f"{street}街道{name}"


def digest_lines(digest: dict, L: str) -> list[tuple[str, str]]:
    """The digest as (kind, text) lines — kinds title, summary, heading, item — ready to be read out:
    the week's figures, then numbered short sentences under three headings."""
    start, end = digest["start"], digest["end"]
    lines = [("title", t("digest.title", L, start=_day(start, L, year=L != "en"), end=_day(end, L, year=L == "en"))),
             ("summary", t("digest.summary", L, raised=digest["raised"], closed=digest["closed"], day=_day(end, L),
                           backlog=digest["backlog"], overdue=digest["overdue"]))]

    def section(key: str, rows: pd.DataFrame, sentence) -> None:
        lines.append(("heading", t(key, L, n=len(rows), days=STUCK_DAYS)))
        if rows.empty:
            lines.append(("item", t("digest.nothing", L)))
        for i, row in enumerate(rows.head(SHOWN).itertuples(), start=1):
            subject = t("digest.subject", L, project=_project(row.street, row.name, L), description=row.description,
                        unit=row.owner_unit)
            lines.append(("item", f"{i}. {subject}{sentence(row)}"))
        if len(rows) > SHOWN:
            lines.append(("item", t("digest.more", L, n=len(rows) - SHOWN)))

    def status(code: str) -> str:
        return label("issue_status", code, L)

    section("digest.moved", digest["moved"], lambda r: t(
        "digest.moved_item", L, before=_before(r.raised_on, r.status_before, start, L), after=status(r.status)))
    section("digest.became_overdue", digest["became_overdue"], lambda r: t(
        "digest.overdue_item", L, deadline=_day(r.deadline, L), days=(end - r.deadline).days))
    section("digest.stuck", digest["stuck"], lambda r: t(
        "digest.stuck_item", L, days=(end - r.raised_on).days, status=status(r.status),
        last=_day(r.last_follow_up, L) if pd.notna(r.last_follow_up) else t("digest.never", L)))
    return lines


def digest_text(digest: dict, L: str) -> str:
    """The digest as plain text: a blank line before the summary and each heading."""
    return "".join(("\n" if kind in ("summary", "heading") else "") + text + "\n"
                   for kind, text in digest_lines(digest, L))


def _before(raised_on: date, status: str, week_start: date, L: str) -> str:
    """A problem's status before the week: "newly raised" for one raised during the week."""
    return t("digest.new", L) if raised_on >= week_start else label("issue_status", status, L)


def digest_sheets(digest: dict, L: str) -> dict[str, pd.DataFrame]:
    """The digest's three lists as spreadsheet tables, headed in the user's language."""
    def table(rows: pd.DataFrame) -> pd.DataFrame:
        return pd.DataFrame({
            t("field.street", L): rows["street"], t("field.code", L): rows["code"], t("field.name", L): rows["name"],
            t("issue.description", L): rows["description"], t("issue.owner", L): rows["owner_unit"],
            t("digest.raised_on", L): rows["raised_on"], t("issue.deadline", L): rows["deadline"],
            t("digest.status_before", L): [_before(r, s, digest["start"], L)
                                           for r, s in zip(rows["raised_on"], rows["status_before"])],
            t("issue.status", L): [label("issue_status", s, L) for s in rows["status"]],
            t("digest.last_follow_up", L): rows["last_follow_up"],
        })
    return {t(f"digest.sheet_{key}", L, days=STUCK_DAYS): table(digest[key])
            for key in ("moved", "became_overdue", "stuck")}
