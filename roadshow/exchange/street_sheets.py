"""街道填报表: a street's projects as a sheet its official fills in and uploads.

The sheet holds only the fields a street official may edit (services.STATUS_FIELDS), beside
read-only columns that say which project a row is, and the version each project had when the sheet was
made. An upload is previewed like an import: rows the user may not edit (another street's, for a
district official another district's), unknown codes and bad cells are refused with their row; a
project someone else saved after the download is a conflict, shown with its current values and what
the other person changed, unless the row leaves it as it was (then it is simply unchanged). Saving
goes through services.update_projects: the rights checked on the server, all or nothing. In the
sheet, an empty cell means "none" (the sheet carries every editable value), except completed
investment, which is required (0 when nothing is done)."""
from __future__ import annotations

import io
from dataclasses import dataclass, field

import sqlalchemy as sa
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from sqlalchemy.engine import Engine

from .. import services
from ..auth import Actor
from ..database import read_session
from ..i18n import t
from ..metrics import default_as_of
from ..models import Project, ProjectHistory, Street
from ..records import shown as stored_text
from ..rules import Bad, project_problems
from . import cells as cell
from .columns import BY_CODE, Column, header_key, matcher, shown
from .importing import RowError, columns_of, merged_errors
from .reading import read_table

VERSION = Column("version", "版本号", "version", required=True)
IDENTIFYING = tuple(BY_CODE[c] for c in ("code", "name", "street", "stage", "plan_year", "total_investment_wan",
                                         "annual_plan_wan"))
EDITABLE = tuple(BY_CODE[f] for f in ("start_date", "completed_wan", "suspended", "suspended_on", "suspension_reason"))
assert {c.target for c in EDITABLE} == set(services.STATUS_FIELDS), "the sheet holds what a street may edit"
SHEET = (*IDENTIFYING, *EDITABLE, VERSION)
READ_ONLY_FILL = PatternFill("solid", fgColor="E7E6E6")


@dataclass
class SheetEdit:
    row: int
    project_id: int
    version: int
    code: str
    name: str
    fields: dict[str, tuple]  # field -> (current, from the sheet)


@dataclass
class SheetConflict:
    row: int
    project_id: int
    version: int  # the version in the sheet
    code: str
    name: str
    current: dict  # the editable fields' current values
    since: list[ProjectHistory]  # what others changed after the sheet's version


@dataclass
class SheetPreview:
    file_name: str
    notices: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    edits: list[SheetEdit] = field(default_factory=list)
    conflicts: list[SheetConflict] = field(default_factory=list)
    unchanged: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors and not self.conflicts


def _projects(engine: Engine | None, condition) -> list[dict]:
    with read_session(engine) as session:
        query = (sa.select(Project.__table__, Street.name.label("street_name"), Street.district_id)
                 .join(Street, Project.street_id == Street.id).where(condition).order_by(Project.code))
        return [dict(r) for r in session.connection().execute(query).mappings()]


def sheet_xlsx(actor: Actor, street_id: int, plan_year: int, engine: Engine | None = None) -> bytes:
    """The street's projects of the plan year as a fill-in sheet (the street's official, a district
    official for a street of the district, or the dispatch office for any street). Read-only columns
    are grey and locked; the editable cells are not."""
    with read_session(engine) as session:
        if not services.may_edit_street(session, actor, street_id):
            raise services.PermissionDenied("service.denied", action="street_sheet")
    projects = _projects(engine, sa.and_(Project.street_id == street_id, Project.plan_year == plan_year))
    streets = {p["street_id"]: p["street_name"] for p in projects}
    book = Workbook()
    sheet = book.active
    sheet.title = t("sheet.title", "zh")
    for n, column in enumerate(SHEET, start=1):
        head = sheet.cell(1, n, column.header)
        head.font = Font(bold=True)
        if column not in EDITABLE:
            head.fill = READ_ONLY_FILL
        sheet.column_dimensions[get_column_letter(n)].width = max(12, 2.2 * len(column.header))
    sheet.column_dimensions["B"].width = 36
    for r, project in enumerate(projects, start=2):
        for n, column in enumerate(SHEET, start=1):
            value = shown(column, project[column.target], "zh", streets)
            c = sheet.cell(r, n, float(value) if column.kind == "money" and value is not None else value)
            if column.kind == "date":
                c.number_format = "yyyy-mm-dd"
            elif column.kind == "money":
                c.number_format = "#,##0.00"
            if column in EDITABLE:
                c.protection = Protection(locked=False)
            else:
                c.fill = READ_ONLY_FILL
    last = len(projects) + 1
    yes_no = DataValidation(type="list", formula1='"是,否"', allow_blank=True)
    yes_no.add(f"{get_column_letter(SHEET.index(BY_CODE['suspended']) + 1)}2:"
               f"{get_column_letter(SHEET.index(BY_CODE['suspended']) + 1)}{max(last, 2)}")
    sheet.add_data_validation(yes_no)
    sheet.protection.sheet = True  # no password: it guards against slips, the server checks everything
    sheet.protection.formatColumns = False
    sheet.freeze_panes = "C2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _version(value) -> int:
    text = cell.text(value)
    if not text:
        raise Bad("rule.required")
    if not text.isdigit():
        raise Bad("sheet.bad_version", value=text)
    return int(text)


def _sheet_value(column: Column, value):
    """An editable cell as the value it stores; an empty one is "none" (not suspended for 停工)."""
    if cell.blank(value):
        if column.code == "completed_wan":
            raise Bad("rule.required")
        return False if column.kind == "yes_no" else None
    if column.kind == "text":
        text = cell.plain(value)
        if column.limit and len(text) > column.limit:
            raise Bad("rule.too_long", limit=column.limit)
        return text
    return {"money": cell.money, "date": cell.day, "yes_no": cell.yes_no}[column.kind](value)


def preview_sheet(actor: Actor, data: bytes, file_name: str, lang: str = "zh",
                  engine: Engine | None = None) -> SheetPreview:
    """What saving an uploaded street sheet would change; nothing is written."""
    by_header = matcher(SHEET)
    table = read_table(data, file_name, lang, lambda c: header_key(c) in by_header)
    columns, _ = columns_of(table, lang, SHEET, required=("code", "version"))
    preview = SheetPreview(file_name, table.notices, merged_errors(table, columns, lang))
    index = {c.code: i for i, c in columns.items()}
    header = {c.code: table.headers[i] for i, c in columns.items()}

    def at(cells: list, code: str):
        i = index.get(code)
        return cells[i] if i is not None and i < len(cells) else None

    codes = [cell.text(at(cells, "code")) for _, cells in table.rows]
    projects = {}
    wanted = sorted({c for c in codes if c})
    for start in range(0, len(wanted), 500):
        projects.update((p["code"], p) for p in _projects(engine, Project.code.in_(wanted[start:start + 500])))
    seen: dict[str, int] = {}
    for (number, cells), code in zip(table.rows, codes):
        def refuse(column: str, key: str, **params):
            shown_as = header.get(column) or BY_CODE[column].header
            preview.errors.append(RowError(number, shown_as, t(key, lang, **params)))

        project = projects.get(code)
        if not code:
            refuse("code", "rule.required")
            continue
        if project is None:
            refuse("code", "sheet.unknown_project", code=code)
            continue
        if not services.may_edit_project(actor, project["street_id"], project["district_id"]):
            refuse("code", "sheet.other_street" if actor.street_id is not None else "sheet.other_district",
                   name=project["name"], street=project["street_name"])
            continue
        if code in seen:
            refuse("code", "sheet.duplicate", row=seen[code])
            continue
        seen[code] = number
        values, bad = {}, False
        for column in EDITABLE:
            if column.code not in index:
                continue
            try:
                values[column.target] = _sheet_value(column, at(cells, column.code))
            except Bad as error:
                refuse(column.code, error.key, **error.params)
                bad = True
        try:
            version = _version(at(cells, "version"))
        except Bad as error:
            refuse("version", error.key, **error.params)
            continue
        if bad:
            continue
        if values.get("suspended") is False:
            values.update(suspended_on=None, suspension_reason=None)
        elif values.get("suspended") and not values.get("suspended_on") and not project["suspended"]:
            values["suspended_on"] = default_as_of(project["plan_year"])
        if version > project["version"]:
            refuse("version", "sheet.bad_version", value=version)
            continue
        if version < project["version"]:
            since = services.changes_since(project["id"], version, engine)
            base = {f: stored_text(project[f]) for f in values}
            for h in reversed(since):  # back to the values the sheet was made from
                if h.field in base:
                    base[h.field] = h.old_value
            if any(stored_text(v) != base[f] for f, v in values.items()):
                preview.conflicts.append(SheetConflict(number, project["id"], version, code, project["name"],
                                                       {c.target: project[c.target] for c in EDITABLE}, since))
            else:
                preview.unchanged += 1
            continue
        changes = {f: v for f, v in values.items() if project[f] != v}
        if not changes:
            preview.unchanged += 1
            continue
        problems = project_problems({**project, **changes})
        for f, error in problems:
            preview.errors.append(RowError(number, header.get(f) or t(f"field.{f}", lang),
                                           t(error.key, lang, **error.params)))
        if not problems:
            preview.edits.append(SheetEdit(number, project["id"], version, code, project["name"],
                                           {f: (project[f], v) for f, v in changes.items()}))
    return preview


def commit_sheet(actor: Actor, preview: SheetPreview, note: str, engine: Engine | None = None) -> int:
    """Save a preview without errors or conflicts through the services; how many projects changed.
    Raises services.Conflict, Invalid or Refused (nothing saved) as any save does."""
    assert preview.ok, "a sheet with errors or conflicts is never saved"
    edits = [(e.project_id, e.version, {f: new for f, (_, new) in e.fields.items()}) for e in preview.edits]
    return services.update_projects(actor, edits, engine=engine, note=note)
