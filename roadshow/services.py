"""Write services. Each one checks the acting user's rights on the server side,
validates, records the change history and commits, all in one transaction.
Pages and the CLI never write to the database any other way.

Rights (issue 4):
- leader: sees everything, changes nothing;
- street: edits its own street's projects (status and investment) and the progress of their problems;
  a street official given a district instead of a street (区县干部) does so for every street of the district;
- dispatcher: every project, meetings, problems, ratings, imports
  (meetings: roadshow/meetings.py; problems and their 销号: roadshow/problems.py; ratings: roadshow/ratings.py);
- admin: users and streets (roadshow/accounts.py).
"""
from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import Engine
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, select

from .auth import Actor, AuthError
from .codes import HOME_CITY, HOME_DISTRICT, STREETS, Role
from .database import read_session, write_session
from .exchange.importing import ImportResult, Preview, commit_ledger, history_note, import_ledger, preview_ledger
from .metrics import default_as_of
from .models import City, District, Project, ProjectHistory, Street
from . import records
from .rules import Bad, parse_date, parse_money

# what each role may change on a project
STATUS_FIELDS = ("start_date", "completed_wan", "suspended", "suspended_on", "suspension_reason")
LEDGER_FIELDS = ("name", "category", "stage", "total_investment_wan", "annual_plan_wan", "planned_start_date",
                 "city_key", "leader", "manager_district", "manager_street", "manager_enterprise", "note")


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
    day = changes.get("suspended_on", project.suspended_on if project.suspended else None)
    if changes.get("suspended", project.suspended) and not day:  # the forms have no day: as of today
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


def update_projects(actor: Actor, edits: list[tuple[int, int, dict]], engine: Engine | None = None,
                    note: str | None = None) -> int:
    """A bulk edit or a street sheet: (project id, loaded version, changed cells) per row, all or nothing;
    `note` (e.g. the sheet it came from) goes with every change. Returns how many projects changed."""
    with write_session(engine) as session:
        return sum(_apply(session, actor, pid, version, changes, note) for pid, version, changes in edits)



def import_projects(actor: Actor, path: Path, lang: str = "zh", dry_run: bool = False,
                    engine: Engine | None = None) -> ImportResult:
    """Import a ledger file in one go (dispatch office only, the command line); all or nothing."""
    _require(actor.role == Role.dispatcher, "import")
    return import_ledger(path, actor=actor.username, lang=lang, dry_run=dry_run, engine=engine)


def preview_import(actor: Actor, data: bytes, file_name: str, lang: str = "zh",
                   engine: Engine | None = None) -> Preview:
    """What importing an uploaded ledger would do (dispatch office only); nothing is written."""
    _require(actor.role == Role.dispatcher, "import")
    return preview_ledger(data, file_name, lang, engine)


def commit_import(actor: Actor, preview: Preview, engine: Engine | None = None, progress=None) -> ImportResult:
    """Write a previewed import (dispatch office only) in one transaction, noted with the file and the
    person; raises exchange.importing.Stale when the data changed since the preview."""
    _require(actor.role == Role.dispatcher, "import")
    note = history_note(preview.file_name, actor.display_name or actor.username)
    return commit_ledger(preview, actor.username, note, engine, progress)


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
