"""Problems (问题) and their lifecycle with 销号: the services that raise and move them, and the
lists the work pages read.

    待办 open ──跟进──▶ 推进中 in_progress ──申请销号──▶ 申请销号 closure_requested ──销号──▶ 已销号 resolved
    (a closure request may also be sent back (退回) to 推进中 with a reason; a closed problem may be
    reopened (重新打开) to 待办 with a reason; a deadline is extended (延期) only with a reason)

Every step is a FollowUp record — who, which day, which dispatch cycle, what was said, the status
after it, and an extension's new deadline — so a problem's status and deadline on any past day come
from the record (metrics.status_as_of, metrics.deadline_as_of).

Rights, checked here: the dispatch office takes every step on every problem; a street official
follows up and requests closure on its own street's problems only (a district official on those of
every street of the district); leaders and the admin nothing.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.orm import aliased

from .auth import Actor
from .codes import DispatchLevel, FollowUpAction, IssueStatus, ProblemType, Role
from .database import write_session
from .i18n import fmt_date, label, t
from .metrics import deadline_as_of
from .models import FollowUp, Issue, Meeting, Project, Street
from .services import PermissionDenied, Refused, may_edit_street
from .settings import today

Action, Status = FollowUpAction, IssueStatus
NOT_CLOSED = (Status.open, Status.in_progress)
DUE_SOON_DAYS = 7  # "due within 7 days": the deadline is the working day or one of the 7 after it


@dataclass(frozen=True)
class Step:
    starts_from: tuple[str, ...]  # the statuses it may be taken from
    status_after: str | None  # None: the status stays
    street: bool  # a street official may take it on its own street's problems
    refused: str  # the i18n key of the refusal when the status does not allow it
    note_key: str  # the i18n key of the refusal when nothing is said


STEPS = {
    Action.follow_up: Step(NOT_CLOSED, Status.in_progress, True, "problem.cannot_follow_up", "problem.need_note"),
    Action.request_closure: Step(NOT_CLOSED, Status.closure_requested, True, "problem.cannot_request",
                                 "problem.need_done"),
    Action.close: Step((Status.closure_requested,), Status.resolved, False, "problem.cannot_close",
                       "problem.need_note"),
    Action.send_back: Step((Status.closure_requested,), Status.in_progress, False, "problem.cannot_send_back",
                           "problem.need_reason"),
    Action.reopen: Step((Status.resolved,), Status.open, False, "problem.cannot_reopen", "problem.need_reason"),
    Action.extend: Step((*NOT_CLOSED, Status.closure_requested), None, False, "problem.cannot_extend",
                        "problem.need_reason"),
}
LIMITS = {"description": 1000, "owner_unit": 100, "leader": 60, "measures": 1000, "note": 1000}


def text(value: str | None, field: str, required: bool = True) -> str | None:
    """Typed text, trimmed; refused (naming the field) when required and empty, or too long."""
    value = (value or "").strip()
    if (required and not value) or len(value) > LIMITS[field]:
        raise Refused(f"problem.bad_{field}", limit=LIMITS[field])
    return value or None


def steps_for(actor: Actor, status: str) -> list[str]:
    """The steps this user may take on a problem in this status (of a street they may act on)."""
    if actor.role not in (Role.dispatcher, Role.street):
        return []
    return [a.value for a, s in STEPS.items()
            if status in s.starts_from and (actor.role == Role.dispatcher or s.street)]


def raise_problem(actor: Actor, project_id: int, description: str, problem_type: str, owner_unit: str,
                  deadline: date | None, meeting_id: int | None = None, leader: str | None = None,
                  measures: str | None = None, engine: Engine | None = None) -> int:
    """Record a problem raised at a roadshow (or, without a meeting, at a dispatch), as the dispatch
    office does during the meeting: on the meeting's day, with the project's leader in charge unless
    another is named. A closed meeting's list is frozen."""
    if actor.role != Role.dispatcher:
        raise PermissionDenied("service.denied", action="raise_problem")
    description, owner_unit = text(description, "description"), text(owner_unit, "owner_unit")
    leader, measures = text(leader, "leader", required=False), text(measures, "measures", required=False)
    if problem_type not in ProblemType.__members__:
        raise Refused("problem.bad_type")
    with write_session(engine) as session:
        project = session.get(Project, project_id)
        if project is None:
            raise Refused("service.no_project", project_id=project_id)
        raised_on = today()
        if meeting_id is not None:
            meeting = session.get(Meeting, meeting_id)
            if meeting is None:
                raise Refused("meeting.missing")
            if meeting.closed_at is not None:
                raise Refused("meeting.closed")
            if meeting.held_on > raised_on:
                raise Refused("meeting.not_held", day=meeting.held_on.isoformat())
            if meeting.plan_year != project.plan_year:
                raise Refused("problem.other_year", year=meeting.plan_year)
            raised_on = meeting.held_on
        if deadline is None or deadline < raised_on:
            raise Refused("problem.bad_first_deadline", day=raised_on.isoformat())
        issue = Issue(meeting_id=meeting_id, project_id=project_id, description=description,
                      problem_type=problem_type, owner_unit=owner_unit, leader=leader or project.leader,
                      measures=measures, raised_on=raised_on, raised_by=actor.username, deadline=deadline)
        session.add(issue)
        session.flush()
        return issue.id


def take_step(actor: Actor, issue_id: int, action: str, level: str, note: str, new_deadline: date | None = None,
              engine: Engine | None = None) -> str:
    """One step of a problem's lifecycle, today, in a dispatch cycle (周/月/季调度): a follow-up, a
    closure request, closing it (销号), sending a request back, reopening, or extending the deadline.
    Returns the status after it. Refused, changing nothing, when the user may not take it, the
    problem's status does not allow it, or it says nothing (a reason, what was done)."""
    step = STEPS.get(action)
    if step is None:
        raise Refused("problem.bad_step")
    with write_session(engine) as session:
        issue = session.get(Issue, issue_id)
        if issue is None:
            raise Refused("service.no_issue", issue_id=issue_id)
        street_id = session.get(Project, issue.project_id).street_id
        if not may_edit_street(session, actor, street_id) or (actor.role != Role.dispatcher and not step.street):
            raise PermissionDenied("service.denied", action=action)
        if level not in DispatchLevel.__members__:
            raise Refused("problem.bad_level")
        try:
            note = text(note, "note")
        except Refused:
            raise Refused(step.note_key, limit=LIMITS["note"]) from None
        if issue.status not in step.starts_from:
            raise Refused(step.refused)
        day = today()
        if action == Action.extend:
            in_force = session.execute(sa.select(deadline_as_of(day)).where(Issue.id == issue.id)).scalar()
            if new_deadline is None or new_deadline < day or (in_force is not None and new_deadline <= in_force):
                raise Refused("problem.bad_extension", deadline=in_force.isoformat() if in_force else "—",
                              today=day.isoformat())
        status = step.status_after or issue.status
        session.add(FollowUp(issue_id=issue.id, level=level, held_on=day, action=action, note=note,
                             status_after=status, new_deadline=new_deadline if action == Action.extend else None,
                             recorded_by=actor.username))
        issue.status = status
        issue.resolved_on = day if status == Status.resolved else None
        return status


def step_text(held_on, level: str, action: str, note: str, new_deadline, lang: str) -> str:
    """One step of a record as a person reads it: 2018-06-25 周调度 · 退回：佐证材料不全."""
    extended = "" if pd.isna(new_deadline) else f"（{t('problem.extended_to', lang, day=fmt_date(new_deadline))}）"
    return (f"{fmt_date(held_on)} {label('dispatch_level', level, lang)} · {label('follow_up_action', action, lang)}"
            f"{extended}：{note}")


def latest_texts(rows: pd.DataFrame, lang: str, who) -> list[str]:
    """Each problem's latest step (a list's latest_* columns) with who took it; "—" when none."""
    return ["—" if pd.isna(on) else step_text(on, level, action, note, None, lang) + f"（{who(by)}）"
            for on, level, action, note, by in zip(rows["latest_on"], rows["latest_level"], rows["latest_action"],
                                                   rows["latest_note"], rows["latest_by"])]


# --- what the work pages read -------------------------------------------------------------

def listing(as_of: date, state_on: date | None = None):
    """Problems with their state: status, deadline in force and latest step as of `state_on`
    (default D), overdue (逾期) on D; the work pages pass today as `state_on` (the current state)
    and the plan year's working day as D. Join Project and Street and add conditions to use it."""
    state_on = state_on or as_of
    latest_id = (sa.select(FollowUp.id).where(FollowUp.issue_id == Issue.id, FollowUp.held_on <= state_on)
                 .order_by(FollowUp.held_on.desc(), FollowUp.id.desc()).limit(1).correlate(Issue).scalar_subquery())
    latest = aliased(FollowUp, name="latest")
    status = sa.func.coalesce(latest.status_after, Status.open.value)
    deadline = deadline_as_of(state_on)
    columns = (Issue.id, Street.name.label("street"), Street.position.label("street_position"),
               Project.code, Project.name, Issue.meeting_id, Issue.description, Issue.problem_type,
               Issue.owner_unit, Issue.leader, Issue.measures, Issue.raised_on, Issue.raised_by,
               Issue.deadline.label("first_deadline"), deadline.label("deadline"), status.label("status"),
               sa.and_(status != Status.resolved, deadline < as_of).label("overdue"),
               latest.held_on.label("latest_on"), latest.level.label("latest_level"),
               latest.action.label("latest_action"), latest.note.label("latest_note"),
               latest.recorded_by.label("latest_by"))
    query = (sa.select(*columns).select_from(Issue).join(Project, Issue.project_id == Project.id)
             .join(Street, Project.street_id == Street.id).outerjoin(latest, latest.id == latest_id))
    return query, status, deadline, latest


def frame(engine: Engine, query, as_of: date) -> pd.DataFrame:
    """The rows, overdue first, then in the district's street order and by deadline, with the days
    each problem has been open (to D, or to the day it was closed)."""
    with engine.connect() as db:
        result = db.execute(query)
        rows = pd.DataFrame.from_records([tuple(r) for r in result], columns=list(result.keys()))
    if rows.empty:
        return rows.assign(days_open=pd.Series(dtype=int))
    rows["overdue"] = rows["overdue"].astype(bool)
    ended = [on if status == Status.resolved else as_of for status, on in zip(rows["status"], rows["latest_on"])]
    rows["days_open"] = [(end - raised).days for end, raised in zip(ended, rows["raised_on"])]
    rows["no_deadline"] = rows["deadline"].isna()
    rows = rows.sort_values(["overdue", "street_position", "no_deadline", "deadline", "id"],
                            ascending=[False, True, True, True, True], kind="stable")
    return rows.drop(columns=["no_deadline"]).reset_index(drop=True)


def work_list(engine: Engine, plan_year: int, as_of: date, today: date, street: str | None = None,
              district_id: int | None = None) -> pd.DataFrame:
    """The plan year's problems as they stand today (status, deadline in force, latest step), overdue
    on the working day D — every street's, one district's, or one street's (问题跟踪)."""
    query, *_ = listing(as_of, today)
    query = query.where(Project.plan_year == plan_year, *([Street.name == street] if street else []),
                        *([Street.district_id == district_id] if district_id is not None else []))
    return frame(engine, query, as_of)


def owner_units(engine: Engine) -> list[str]:
    """The units and task forces that have owned problems, the busiest first: what the form offers."""
    with engine.connect() as db:
        return list(db.execute(sa.select(Issue.owner_unit).group_by(Issue.owner_unit)
                               .order_by(sa.func.count().desc(), Issue.owner_unit)).scalars())


def due_window(as_of: date) -> tuple[date, date]:
    """Due within 7 days of D: from D to 7 days after it, both included."""
    return as_of, as_of + timedelta(days=DUE_SOON_DAYS)
