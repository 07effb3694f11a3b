"""Roadshow meetings (项目路演): the dispatch office creates one, sets the streets' speaking order,
records the problems raised during it (roadshow/problems.py) and closes it, which freezes its list.
The next roadshow opens by looking back (回头看) at that list."""
from __future__ import annotations

from datetime import date

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import select

from .auth import Actor
from .codes import IssueStatus, Role
from .database import write_session
from .i18n import label, t
from .metrics import ALL, Filters
from .models import Issue, Meeting, Project, Street, utcnow
from .problems import frame, latest_texts, listing
from .services import PermissionDenied, Refused
from .settings import today as clock_today
from .spreadsheets import to_xlsx

AGENDA_SEPARATOR = "、"  # between the street names of a meeting's agenda
TITLE_LIMIT, VENUE_LIMIT = 200, 200


def _dispatcher(actor: Actor, action: str) -> None:
    if actor.role != Role.dispatcher:
        raise PermissionDenied("service.denied", action=action)


def _open_meeting(session, meeting_id: int) -> Meeting:
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise Refused("meeting.missing")
    if meeting.closed_at is not None:
        raise Refused("meeting.closed")
    return meeting


def quarter_of(day: date) -> int:
    return (day.month - 1) // 3 + 1


def create_meeting(actor: Actor, plan_year: int, held_on: date, title: str, quarter: int | None = None,
                   venue: str | None = None, engine: Engine | None = None) -> int:
    """A roadshow of a plan year (held within a year of it), reviewing one quarter (by default the
    quarter of its day)."""
    _dispatcher(actor, "meeting")
    title, venue = (title or "").strip(), (venue or "").strip() or None
    quarter = quarter_of(held_on) if quarter is None else quarter
    if not title or len(title) > TITLE_LIMIT:
        raise Refused("meeting.bad_title", limit=TITLE_LIMIT)
    if venue and len(venue) > VENUE_LIMIT:
        raise Refused("meeting.bad_venue", limit=VENUE_LIMIT)
    if quarter not in (1, 2, 3, 4):
        raise Refused("meeting.bad_quarter")
    if abs(held_on.year - plan_year) > 1:
        raise Refused("meeting.bad_year", year=plan_year)
    with write_session(engine) as session:
        meeting = Meeting(plan_year=plan_year, quarter=quarter, held_on=held_on, title=title, venue=venue,
                          created_by=actor.username)
        session.add(meeting)
        session.flush()
        return meeting.id


def set_agenda(actor: Actor, meeting_id: int, streets: list[str], engine: Engine | None = None) -> None:
    """The order in which streets report at a roadshow (the dispatch office sets it; frozen once closed)."""
    _dispatcher(actor, "meeting")
    with write_session(engine) as session:
        meeting = _open_meeting(session, meeting_id)
        known = set(session.exec(select(Street.name)).all())
        if not streets or not set(streets) <= known or len(set(streets)) != len(streets):
            raise Refused("service.bad_agenda")
        meeting.agenda = AGENDA_SEPARATOR.join(streets)


def close_meeting(actor: Actor, meeting_id: int, engine: Engine | None = None) -> None:
    """End a roadshow once it has been held: its list of raised problems (and its agenda) is frozen."""
    _dispatcher(actor, "meeting")
    with write_session(engine) as session:
        meeting = _open_meeting(session, meeting_id)
        if meeting.held_on > clock_today():
            raise Refused("meeting.not_held", day=meeting.held_on.isoformat())
        meeting.closed_at, meeting.closed_by = utcnow(), actor.username


# --- what the pages read ------------------------------------------------------------------

def meeting_list(engine: Engine) -> pd.DataFrame:
    """Every roadshow, newest first, with how many problems were raised at it."""
    raised = (sa.select(sa.func.count(Issue.id)).where(Issue.meeting_id == Meeting.id)
              .correlate(Meeting).scalar_subquery())
    m = Meeting
    query = (sa.select(m.id, m.plan_year, m.quarter, m.held_on, m.title, m.venue, m.agenda, m.closed_at,
                       m.closed_by, raised.label("problems")).order_by(m.held_on.desc(), m.id.desc()))
    with engine.connect() as db:
        result = db.execute(query)
        return pd.DataFrame.from_records([tuple(r) for r in result], columns=list(result.keys()))


def raised_at(engine: Engine, meeting_id: int, today: date) -> pd.DataFrame:
    """The problems raised at a meeting, as they stand today (newest first)."""
    query, *_ = listing(today)
    rows = frame(engine, query.where(Issue.meeting_id == meeting_id), today)
    return rows.sort_values("id", ascending=False, ignore_index=True)


def lookback_day(held_on: date, today: date) -> date:
    """The day a meeting's 回头看 is read on: its own day, or today for a meeting still ahead."""
    return min(held_on, today)


def lookback(engine: Engine, meeting_id: int, today: date, filters: Filters = ALL) -> pd.DataFrame:
    """回头看 for a meeting: every problem raised at the previous roadshow of its plan year (and any
    raised after it, before this one), and every older one still not closed — each with its status,
    deadline in force, latest follow-up and days open on the meeting's day (today for a meeting
    ahead), overdue first. With no previous roadshow, every problem raised before this one. Only the
    projects within `filters` (a city's meeting for one of its districts)."""
    with engine.connect() as db:
        meeting = db.execute(sa.select(Meeting.plan_year, Meeting.held_on).where(Meeting.id == meeting_id)).one()
        previous = db.execute(sa.select(sa.func.max(Meeting.held_on)).where(
            Meeting.plan_year == meeting.plan_year, Meeting.held_on < meeting.held_on)).scalar()
    day = lookback_day(meeting.held_on, today)
    query, status, *_ = listing(day)
    query = query.where(Project.plan_year == meeting.plan_year, Issue.raised_on < meeting.held_on,
                        *filters.conditions())
    if previous is not None:
        query = query.where(sa.or_(Issue.raised_on >= previous, status != IssueStatus.resolved))
    return frame(engine, query, day)


def lookback_workbook(rows: pd.DataFrame, lang: str, who) -> bytes:
    """The 回头看 list as an xlsx workbook, in the user's language (overdue first, as on screen)."""
    sheet = pd.DataFrame({
        t("field.street", lang): rows["street"], t("field.code", lang): rows["code"],
        t("field.name", lang): rows["name"], t("issue.description", lang): rows["description"],
        t("problem.type", lang): [label("problem_type", c, lang) for c in rows["problem_type"]],
        t("problem.owner", lang): rows["owner_unit"], t("problem.leader", lang): rows["leader"],
        t("problem.measures", lang): rows["measures"], t("problem.raised_on", lang): rows["raised_on"],
        t("issue.deadline", lang): rows["deadline"],
        t("issue.status", lang): [label("issue_status", s, lang) for s in rows["status"]],
        t("issue.overdue", lang): [t("value.yes" if o else "value.no", lang) for o in rows["overdue"]],
        t("problem.days_open", lang): rows["days_open"],
        t("problem.latest", lang): latest_texts(rows, lang, who),
    })
    return to_xlsx({t("lookback.title", lang): sheet})
