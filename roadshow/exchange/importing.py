"""Importing a project ledger (项目台账): a preview first, then the commit, all or nothing.

`preview_ledger` reads and checks every row against the database without writing: the projects it
would add, those it would change (field by field), those it leaves alone, and every bad cell with its
row, column and reason. `commit_ledger` writes exactly that preview in one transaction through
records (the rules on the values a project will have, the history noted with the file and the
person, the completed-investment report, the rating behind imported stars) — unless a project it
changes was saved by someone else since the preview, when nothing is written (`Stale`).

Rows match a project by code, or without a code by plan year + name. A column left out, or a cell
left empty, keeps the project's current value (a new project gets the default)."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import select

from ..codes import DISTRICT_SEPARATOR
from ..database import read_session, write_session
from ..i18n import t
from ..metrics import default_as_of
from ..models import City, District, Project, Street
from ..records import Invalid, NEW_PROJECT, create_projects, write_many
from ..rules import Bad, project_problems
from .cells import blank
from .columns import BY_TARGET, LEDGER, Column, convert, header_key, matcher
from .reading import FileRefused, Table, read_table

CHUNK = 500  # projects written between two progress reports


@dataclass
class RowError:
    row: int  # the row number in the sheet (the headers are row 1 in a plain file)
    column: str  # the header as the file has it
    message: str


@dataclass
class Change:
    """An existing project the import changes: {field: (current, imported)}."""

    project_id: int
    version: int
    code: str
    name: str
    fields: dict[str, tuple]


@dataclass
class Preview:
    file_name: str
    sheet: str | None = None
    notices: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    new: list[dict] = field(default_factory=list)  # the stored fields of each project to create
    changed: list[Change] = field(default_factory=list)
    unchanged: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    ignored_columns: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self, lang: str) -> str:
        text = t("import.summary", lang, created=self.created, updated=self.updated, unchanged=self.unchanged)
        if self.ignored_columns:
            text += " " + t("import.ignored_columns", lang, columns="、".join(self.ignored_columns))
        return text


class Stale(Exception):
    """Projects the import would change were saved by someone else after the preview; nothing written."""

    def __init__(self, codes: list[str]):
        super().__init__(codes)
        self.codes = codes


# --- the columns of a file -------------------------------------------------------------

def columns_of(table: Table, lang: str, known: tuple[Column, ...] = LEDGER,
               required: tuple[str, ...] | None = None) -> tuple[dict[int, Column], list[str]]:
    """The known column at each position, and the headers left unknown (ignored). Raises FileRefused
    for a column given twice or a required one missing."""
    by_header = matcher(known)
    columns: dict[int, Column] = {}
    ignored = []
    for i, header in enumerate(table.headers):
        column = by_header.get(header_key(header))
        if column is None:
            if header:
                ignored.append(header)
        elif column in columns.values():
            raise FileRefused(t("import.duplicate_header", lang, header=header))
        else:
            columns[i] = column
    needed = [c for c in known if c.required] if required is None else [c for c in known if c.code in required]
    missing = [c.header for c in needed if c not in columns.values()]
    if missing:
        raise FileRefused(t("import.missing_columns", lang, columns="、".join(missing)))
    return columns, ignored


def merged_errors(table: Table, columns: dict[int, Column], lang: str) -> list[RowError]:
    """Each merge that touches the headers or the data, reported where it starts: a merged cell
    leaves every cell but its first empty, which must not pass as "no value"."""
    errors = []
    for first_row, first_col, last_row, last_col in table.merged:
        header = next((table.headers[c] for c in range(first_col, last_col + 1) if c in columns), None)
        if header is not None:
            errors.append(RowError(max(first_row, table.header_row), header, t(
                "exchange.merged", lang, cells=f"{_letters(first_col)}{first_row}:{_letters(last_col)}{last_row}")))
    return errors


def _letters(column: int) -> str:
    letters = ""
    column += 1
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def parse_row(cells: list, columns: dict[int, Column], lang: str, streets: dict[str, int],
              required: bool = True) -> tuple[dict, list[tuple[Column, str]]]:
    """The stored values of a row's non-empty cells by field, and (column, message) for each bad one."""
    values, errors = {}, []
    for i, column in columns.items():
        cell = cells[i] if i < len(cells) else None
        if blank(cell):
            if required and column.required:
                errors.append((column, t("rule.required", lang)))
            continue
        try:
            values[column.target] = convert(column, cell, lang, streets)
        except Bad as bad:
            errors.append((column, t(bad.key, lang, **bad.params)))
    return values, errors


# --- preview ---------------------------------------------------------------------------

def preview_ledger(data: bytes, file_name: str, lang: str = "zh", engine: Engine | None = None) -> Preview:
    """What importing the file would do; nothing is written. Raises FileRefused for a file that cannot
    be read as a ledger at all."""
    by_header = matcher()
    table = read_table(data, file_name, lang, lambda cell: header_key(cell) in by_header)
    columns, ignored = columns_of(table, lang)
    preview = Preview(file_name, table.sheet, table.notices, ignored, merged_errors(table, columns, lang))
    header_of = {c.target: table.headers[i] for i, c in columns.items()}

    def column_name(name: str) -> str:
        """The header a field's message goes under (a rule may concern a column the file lacks)."""
        return header_of.get(name) or (BY_TARGET[name].header if name in BY_TARGET else t(f"field.{name}", lang))

    with read_session(engine) as session:
        streets = {s.name: s.id for s in session.exec(select(Street)).all()}
        district_of = {street_id: (street, (city, district)) for street_id, street, city, district in session.execute(
            sa.select(Street.id, Street.name, City.name, District.name)
            .join(District, Street.district_id == District.id).join(City, District.city_id == City.id))}
        known_districts = {named for city, district in session.execute(
            sa.select(City.name, District.name).join_from(District, City, District.city_id == City.id))
            for named in ((city, district), ("", district))}
        existing = [dict(r) for r in session.connection().execute(sa.select(Project.__table__)).mappings()]
    by_code = {p["code"]: p for p in existing}
    by_name = {(p["plan_year"], p["name"]): p for p in existing}
    seen_codes: dict[str, int] = {}
    seen_names: dict[tuple, int] = {}
    for number, cells in table.rows:
        fields, bad = parse_row(cells, columns, lang, streets)
        errors = [(c.target, m) for c, m in bad]
        if "district" in fields:
            errors += _district_errors(fields.pop("district"), district_of.get(fields.get("street_id")),
                                       known_districts, lang)
        code, key = fields.get("code"), (fields.get("plan_year"), fields.get("name"))
        if code and code in seen_codes:
            errors.append(("code", t("import.duplicate_code", lang, row=seen_codes[code])))
        if all(key) and key in seen_names:
            errors.append(("name", t("import.duplicate_name", lang, row=seen_names[key])))
        target = by_code.get(code) if code else by_name.get(key)
        holder = by_name.get(key)
        if holder is not None and holder is not target:
            errors.append(("name", t("import.name_taken", lang, code=holder["code"])))
        if code:
            seen_codes[code] = number
        if all(key):
            seen_names[key] = number
        _suspension(fields, target)
        changes = fields if target is None else {k: v for k, v in fields.items() if target[k] != v}
        problems = project_problems({**(NEW_PROJECT if target is None else target), **changes})
        errors += [(f, t(b.key, lang, **b.params)) for f, b in problems]
        preview.errors += [RowError(number, column_name(f), m) for f, m in errors]
        if errors:  # a bad row is counted as bad, not as what it would have done
            continue
        if target is None:
            preview.new.append(fields)
        elif changes:
            preview.changed.append(Change(target["id"], target["version"], target["code"], target["name"],
                                          {k: (target[k], v) for k, v in changes.items()}))
        else:
            preview.unchanged += 1
    preview.errors.sort(key=lambda e: e.row)
    return preview


def _district_errors(named: tuple[str, str], street: tuple[str, tuple[str, str]] | None,
                     known: set[tuple[str, str]], lang: str) -> list[tuple[str, str]]:
    """所属区县 checked: a known district (`known`: (city, district) and ("", district) of every street's),
    and the district of the row's street (`street`: its name and (city, district))."""
    city, name = named
    value = f"{city}{DISTRICT_SEPARATOR}{name}" if city else name
    if named not in known:
        return [("district", t("import.unknown_district", lang, value=value))]
    if street is not None and (name != street[1][1] or city not in ("", street[1][0])):
        return [("district", t("import.wrong_district", lang, value=value, street=street[0]))]
    return []


def _suspension(fields: dict, target: dict | None) -> None:
    """Suspension as the forms keep it: lifted, it has no day or reason; newly suspended without a
    day, it is suspended as of today (within the plan year)."""
    if fields.get("suspended") is False:
        fields.update(suspended_on=None, suspension_reason=None)
    elif fields.get("suspended") and not fields.get("suspended_on") and not (target or {}).get("suspended"):
        year = fields.get("plan_year") or (target or {}).get("plan_year")
        if year:
            fields["suspended_on"] = default_as_of(year)


# --- commit ----------------------------------------------------------------------------

def commit_ledger(preview: Preview, actor: str, note: str, engine: Engine | None = None,
                  progress: Callable[[int, int], None] | None = None) -> ImportResult:
    """Write a preview without errors in one transaction; `note` goes into every history row.
    Raises Stale (nothing written) when a project it changes, or a code or name it adds, is no
    longer as the preview saw it."""
    assert preview.ok, "a preview with errors is never committed"
    total, done = len(preview.new) + len(preview.changed), 0
    try:
        with write_session(engine) as session:
            # the projects it changes, as they are now, locked until the commit (SQLite: the whole database)
            current = {}
            ids = [c.project_id for c in preview.changed]
            for start in range(0, len(ids), CHUNK):
                current.update((r["id"], dict(r)) for r in session.connection().execute(
                    sa.select(Project.__table__).where(Project.id.in_(ids[start:start + CHUNK])).with_for_update())
                    .mappings())
            stale = [c.code for c in preview.changed if current.get(c.project_id, {}).get("version") != c.version]
            if stale:
                raise Stale(stale)
            rows = [dict(fields) for fields in preview.new]
            codes: dict[int, object] = {}
            for fields in rows:
                if not fields.get("code"):
                    year = fields["plan_year"]
                    fields["code"] = next(codes.setdefault(year, _next_codes(session, year)))
            for start in range(0, len(rows), CHUNK):
                create_projects(session, actor, rows[start:start + CHUNK], note)
                done += len(rows[start:start + CHUNK])
                if progress:
                    progress(done, total)
            for start in range(0, len(preview.changed), CHUNK):
                chunk = preview.changed[start:start + CHUNK]
                write_many(session, actor, [(current[c.project_id], {k: new for k, (_, new) in c.fields.items()})
                                            for c in chunk], note)
                done += len(chunk)
                if progress:
                    progress(done, total)
    except (IntegrityError, StaleDataError, Invalid):
        # a code or name taken, or a project saved, by someone else after the preview
        raise Stale([]) from None
    return ImportResult(len(preview.new), len(preview.changed), preview.unchanged, preview.ignored_columns)


def _next_codes(session, year: int):
    """Generated codes for rows without one: GJZ-<year>-<n>, after the highest in use."""
    prefix = f"GJZ-{year}-"
    used = session.exec(select(Project.code).where(Project.code.startswith(prefix))).all()
    n = max((int(c[len(prefix):]) for c in used if c[len(prefix):].isdigit()), default=0)
    while True:
        n += 1
        yield f"{prefix}{n:03d}"


def history_note(file_name: str, who: str) -> str:
    """What every history row of an import says: which file, by whom (in the district's language)."""
    return t("import.history_note_by", "zh", name=file_name[:200], actor=who)


def import_ledger(path: Path, actor: str, lang: str = "zh", dry_run: bool = False,
                  engine: Engine | None = None, who: str | None = None) -> ImportResult:
    """Preview and commit a ledger file in one go (the command line): a result with the errors, and
    nothing written, when any row is bad."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except (FileNotFoundError, IsADirectoryError):
        raise FileRefused(t("import.not_found", lang, name=str(path))) from None
    preview = preview_ledger(data, path.name, lang, engine)
    if not preview.ok or dry_run:
        return ImportResult(len(preview.new), len(preview.changed), preview.unchanged, preview.ignored_columns,
                            preview.errors)
    return commit_ledger(preview, actor, history_note(path.name, who or actor), engine)
