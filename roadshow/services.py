"""Write services. Each one checks the acting user's rights on the server side,
validates, records the change history and commits, all in one transaction.
Pages and the CLI never write to the database any other way.

Rights (issue 4):
- leader: sees everything, changes nothing;
- street: edits its own street's projects (status and investment) and the progress of their problems;
  a street official given a district instead of a street (区县干部) does so for every street of the district;
- dispatcher: every project, meetings, problems, ratings, imports;
- admin: users and streets (roadshow/accounts.py).
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, select

from .auth import Actor, AuthError
from .codes import HOME_CITY, HOME_DISTRICT, STREETS, DispatchLevel, IssueStatus, Role
from .database import read_session, write_session
from .ledger import ImportResult, import_ledger
from .metrics import default_as_of
from .models import City, District, FollowUp, Issue, Meeting, Project, ProjectHistory, Rating, Street, utcnow
from .settings import today
from . import records
from .records import shown
from .rules import Bad, parse_date, parse_money, stars_for_score

# what each role may change on a project
STATUS_FIELDS = ("start_date", "completed_wan", "suspended", "suspended_on", "suspension_reason")
LEDGER_FIELDS = ("name", "category", "stage", "total_investment_wan", "annual_plan_wan", "planned_start_date",
                 "city_key", "leader", "manager_district", "manager_street", "manager_enterprise", "note")
AGENDA_SEPARATOR = "、"  # between the street names of a meeting's agenda


class Refused(AuthError):
    """A write that was not done; nothing changed. `key` is an i18n text key."""


class PermissionDenied(Refused):
    pass


class Invalid(Refused):
    """Broken rules of one project, per field: {field: Bad}."""

    def __init__(self, project_id: int, problems: dict[str, Bad]):
        super().__init__("service.invalid")
        self.project_id, self.problems = project_id, problems


class Conflict(Refused):
    """Someone saved the project after the user loaded `version`; `changes_since` tells what they did."""

    def __init__(self, project_id: int, version: int):
        super().__init__("service.conflict")
        self.project_id, self.version = project_id, version


def _require(allowed: bool, action: str) -> None:
    if not allowed:
        raise PermissionDenied("service.denied", action=action)


def may_edit_project(actor: Actor, street_id: int, district_id: int | None = None) -> bool:
    """Whether the actor may edit a project of this street (in the district `district_id`): the dispatch
    office any; a street official their street's; a district official (a street official with a district
    and no street) every street's of their district."""
    if actor.role == Role.dispatcher:
        return True
    if actor.role != Role.street:
        return False
    if actor.street_id is not None:
        return actor.street_id == street_id
    return actor.district_id is not None and actor.district_id == district_id


def may_edit_street(session: Session, actor: Actor, street_id: int) -> bool:
    """may_edit_project, with the street's district read from the database."""
    street = session.get(Street, street_id)
    return street is not None and may_edit_project(actor, street.id, street.district_id)


def editable_fields(actor: Actor) -> tuple[str, ...]:
    return STATUS_FIELDS + LEDGER_FIELDS if actor.role == Role.dispatcher else STATUS_FIELDS


def changes_since(project_id: int, version: int, engine: Engine | None = None) -> list[ProjectHistory]:
    """What others changed on a project after the user loaded `version` (for a refused save)."""
    with read_session(engine) as session:
        return list(session.exec(select(ProjectHistory).where(ProjectHistory.project_id == project_id,
                                                              ProjectHistory.version > version)
                                 .order_by(ProjectHistory.id)))


def _normalize(project_id: int, changes: dict) -> dict:
    """Form values to stored values: money and dates parsed, blank text as None. Raises Invalid
    naming every field that does not parse."""
    out, problems = {}, {}
    for name, value in changes.items():
        if isinstance(value, str):
            value = value.strip() or None
        try:
            if value is not None and name in ("completed_wan", "total_investment_wan", "annual_plan_wan"):
                value = parse_money(value)
            elif value is not None and name in ("start_date", "suspended_on", "planned_start_date"):
                value = parse_date(value)
        except Bad as bad:
            problems[name] = bad
        out[name] = value
    if problems:
        raise Invalid(project_id, problems)
    return out


def _apply(session: Session, actor: Actor, project_id: int, expected_version: int, changes: dict,
           note: str | None) -> bool:
    """Check and apply one project's changes; True when anything was written."""
    project = session.get(Project, project_id)
    if project is None:
        raise Refused("service.no_project", project_id=project_id)
    _require(may_edit_street(session, actor, project.street_id), "edit_project")
    forbidden = set(changes) - set(editable_fields(actor))
    _require(not forbidden, "edit_project_fields")
    changes = _normalize(project_id, changes)
    if changes.get("suspended") and not project.suspended and not changes.get("suspended_on"):
        changes["suspended_on"] = default_as_of(project.plan_year)
    if changes.get("suspended") is False:
        changes.update(suspended_on=None, suspension_reason=None)
    if project.version != expected_version:
        if not note and all(getattr(project, k) == v for k, v in changes.items()):
            return False  # the same save again (a double click): already done
        raise Conflict(project_id, expected_version)
    try:
        return records.write_changes(session, actor.username, project, changes, note)
    except records.Invalid as invalid:
        raise Invalid(project_id, invalid.problems) from None
    except StaleDataError:
        raise Conflict(project_id, expected_version) from None


def update_project(actor: Actor, project_id: int, expected_version: int, changes: dict,
                   note: str | None = None, engine: Engine | None = None) -> bool:
    """A status update (开复工, investment, suspension, progress note) on one project,
    against the version the user loaded. True when something was written."""
    with write_session(engine) as session:
        return _apply(session, actor, project_id, expected_version, changes, note)


def update_projects(actor: Actor, edits: list[tuple[int, int, dict]], engine: Engine | None = None) -> int:
    """A bulk edit: (project id, loaded version, changed cells) per row, all or nothing.
    Returns how many projects changed."""
    with write_session(engine) as session:
        return sum(_apply(session, actor, pid, version, changes, None) for pid, version, changes in edits)


# --- problems, meetings, ratings: the dispatch office's work -------------------------

def add_follow_up(actor: Actor, issue_id: int, level: str, note: str, status_after: str,
                  engine: Engine | None = None) -> None:
    """A step in chasing a problem (跟踪): the street reports progress on its own projects' problems."""
    with write_session(engine) as session:
        issue = session.get(Issue, issue_id)
        if issue is None:
            raise Refused("service.no_issue", issue_id=issue_id)
        project = session.get(Project, issue.project_id)
        _require(may_edit_street(session, actor, project.street_id), "follow_up")
        if level not in DispatchLevel.__members__ or status_after not in IssueStatus.__members__ or not note.strip():
            raise Refused("service.bad_follow_up")
        day = today()
        session.add(FollowUp(issue_id=issue.id, level=level, held_on=day, note=note.strip(),
                             status_after=status_after, recorded_by=actor.username))
        issue.status = status_after
        issue.resolved_on = day if status_after == IssueStatus.resolved else None


def create_meeting(actor: Actor, plan_year: int, held_on: date, title: str, engine: Engine | None = None) -> int:
    _require(actor.role == Role.dispatcher, "meeting")
    with write_session(engine) as session:
        meeting = Meeting(plan_year=plan_year, held_on=held_on, title=title.strip())
        session.add(meeting)
        session.flush()
        return meeting.id


def set_agenda(actor: Actor, meeting_id: int, streets: list[str], engine: Engine | None = None) -> None:
    """The order in which streets report at a roadshow (the dispatch office sets it)."""
    _require(actor.role == Role.dispatcher, "meeting")
    with write_session(engine) as session:
        meeting = session.get(Meeting, meeting_id)
        known = set(session.exec(select(Street.name)).all())
        if meeting is None or not streets or not set(streets) <= known or len(set(streets)) != len(streets):
            raise Refused("service.bad_agenda")
        meeting.agenda = AGENDA_SEPARATOR.join(streets)


def raise_issue(actor: Actor, project_id: int, description: str, owner_unit: str, deadline: date | None,
                meeting_id: int | None = None, measures: str | None = None, engine: Engine | None = None) -> int:
    _require(actor.role == Role.dispatcher, "issue")
    with write_session(engine) as session:
        if session.get(Project, project_id) is None:
            raise Refused("service.no_project", project_id=project_id)
        issue = Issue(meeting_id=meeting_id, project_id=project_id, description=description.strip(),
                      owner_unit=owner_unit.strip(), measures=measures, raised_on=today(), deadline=deadline)
        session.add(issue)
        session.flush()
        return issue.id


def rate_project(actor: Actor, project_id: int, cycle: str, benefit: int, problems: int, progress: int,
                 engine: Engine | None = None) -> int:
    """星级动态评价 for one cycle; the project's stars follow the newest rating."""
    _require(actor.role == Role.dispatcher, "rating")
    if not (0 <= benefit <= 40 and 0 <= problems <= 30 and 0 <= progress <= 30):
        raise Refused("service.bad_scores")
    stars = stars_for_score(benefit + problems + progress)
    with write_session(engine) as session:
        project = session.get(Project, project_id)
        if project is None:
            raise Refused("service.no_project", project_id=project_id)
        session.add(Rating(project_id=project_id, cycle=cycle, level=DispatchLevel.quarterly, rated_on=today(),
                           benefit_score=benefit, problem_score=problems, progress_score=progress, stars=stars))
        if project.stars != stars:
            session.add(ProjectHistory(project_id=project.id, changed_by=actor.username, field="stars",
                                       version=project.version + 1, old_value=shown(project.stars),
                                       new_value=str(stars), note=f"{cycle} 星级动态评价"))
            project.stars, project.updated_by, project.updated_at = stars, actor.username, utcnow()
        return stars


def import_projects(actor: Actor, path: Path, lang: str = "zh", dry_run: bool = False,
                    engine: Engine | None = None) -> ImportResult:
    """Import a ledger file (dispatch office only); all or nothing."""
    _require(actor.role == Role.dispatcher, "import")
    return import_ledger(path, actor=actor.username, lang=lang, dry_run=dry_run, engine=engine)


def ensure_streets(engine: Engine | None = None) -> int:
    """Create the home district's streets that are missing (set-up, not a user's write)."""
    with write_session(engine) as session:
        known = set(session.exec(select(Street.name)).all())
        missing = [name for name in STREETS if name not in known]
        if missing:
            home = home_district(session)
            session.add_all(Street(name=name, position=STREETS.index(name), district_id=home) for name in missing)
    return len(missing)


def home_district(session: Session) -> int:
    """The id of the deployment's home district (大连市 › 甘井子区), created by the migration."""
    return session.exec(select(District.id).join(City).where(City.name == HOME_CITY,
                                                             District.name == HOME_DISTRICT)).one()
