"""The project ledger (项目台账) file: import (all or nothing) and export, xlsx or CSV.

The format is domain.md's "Import file": Chinese headers (English codes too),
values as labels or codes, money in 万元.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl
from python_calamine import CalamineWorkbook
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from .codes import STREET_SUFFIX
from .database import read_session, write_session
from .i18n import code_labels, label, t
from .models import Project, Street
from .records import create_projects, new_project_problems, problems_after, write_changes
from .rules import Bad, parse_date, parse_money


# (code, 中文 header, required); the order of an exported file
COLUMNS = [
    ("code", "项目编号", False),
    ("name", "项目名称", True),
    ("street", "所属街道", True),
    ("category", "项目类别", True),
    ("stage", "建设性质", True),
    ("plan_year", "计划年度", True),
    ("total_investment_wan", "总投资(万元)", True),
    ("annual_plan_wan", "年度计划投资(万元)", True),
    ("completed_wan", "累计完成投资(万元)", False),
    ("start_date", "开复工日期", False),
    ("city_key", "市重点项目", False),
    ("leader", "包保区领导", False),
    ("manager", "项目经理", False),
    ("manager_district", "区级项目经理", False),
    ("manager_street", "街道项目经理", False),
    ("stars", "星级", False),
    ("note", "备注", False),
]
HEADERS = {code: zh for code, zh, _ in COLUMNS}
REQUIRED = [code for code, _, required in COLUMNS if required]
# "项目经理" is the enterprise's own project manager, the third of the three levels
FIELD_OF = {"manager": "manager_enterprise"}
COLUMN_OF = {"street_id": "street", **{field: code for code, field in FIELD_OF.items()}}
TEXT_LIMITS = {"code": 40, "name": 200, "leader": 60, "manager": 60, "manager_district": 60,
               "manager_street": 60, "note": 1000}
TRUE_WORDS = {"是", "yes", "y", "true", "1", "√"}
FALSE_WORDS = {"否", "no", "n", "false", "0"}
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")


class LedgerFileError(Exception):
    """The file as a whole cannot be read (not a workbook or CSV, no headers, …)."""


@dataclass
class RowError:
    row: int  # the sheet's row number: the header is row 1
    column: str  # the header as written in the file
    message: str


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


class _Rejected(Exception):
    """Raised inside the write transaction to roll it back."""


# --- reading the file ---------------------------------------------------------------

def read_rows(path: Path, lang: str) -> tuple[list[str], list[list]]:
    """Headers and data rows of the first sheet of a workbook (read by calamine, fast
    enough for a province's ledger), or of a UTF-8 CSV."""
    path = Path(path)
    try:
        if path.suffix.lower() in WORKBOOK_SUFFIXES:
            rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python(skip_empty_area=False)
        elif path.suffix.lower() in (".csv", ".txt"):
            rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
        else:
            raise LedgerFileError(t("import.bad_type", lang, name=path.name))
    except LedgerFileError:
        raise
    except FileNotFoundError:
        raise LedgerFileError(t("import.not_found", lang, name=str(path))) from None
    except UnicodeDecodeError:
        raise LedgerFileError(t("import.not_utf8", lang, name=path.name)) from None
    except Exception:  # a damaged or disguised workbook fails in many ways
        raise LedgerFileError(t("import.unreadable", lang, name=path.name)) from None
    while rows and all(_blank(v) for v in rows[-1]):
        rows.pop()
    if not rows:
        raise LedgerFileError(t("import.empty", lang, name=path.name))
    return [("" if h is None else str(h)).strip() for h in rows[0]], rows[1:]


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _header_key(header: str) -> str:
    return re.sub(r"\s", "", header).replace("（", "(").replace("）", ")").lower()


_HEADER_CODES = {_header_key(h): code for code, zh, _ in COLUMNS for h in (code, zh)}


# --- converting one cell --------------------------------------------------------------

def _text(value) -> str | None:
    return None if _blank(value) else str(value).strip()


def _year(value) -> int:
    text = _text(value)
    if not text or not re.fullmatch(r"\d{4}", text) or not 2000 <= int(text) <= 2100:
        raise Bad("import.not_year", value=value)
    return int(text)


def _bool(value) -> bool:
    if isinstance(value, bool):
        return value
    text = (_text(value) or "").lower()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise Bad("import.not_bool", value=value)


def _stars(value) -> int:
    text = _text(value)
    if not text or not re.fullmatch(r"[1-5]", text):
        raise Bad("import.bad_stars", value=value)
    return int(text)


def _code(field_name: str, value, lang: str) -> str:
    """A code from its code or its label in either language."""
    wanted = _text(value).lower()
    for code, labels in code_labels(field_name).items():
        if wanted in (code, *(x.lower() for x in labels)):
            return code
    choices = "、".join(label(field_name, c, lang) for c in code_labels(field_name))
    raise Bad("import.bad_code", value=value, choices=choices)


# --- validating and importing --------------------------------------------------------

def _validate_row(raw: dict, streets: dict[str, int], lang: str) -> tuple[dict, list[tuple[str, str]]]:
    """The project fields of one row, and (column code, message) for each bad cell."""
    values, errors = {}, []

    def take(code, convert):
        cell = raw.get(code)
        if isinstance(cell, float) and cell.is_integer():
            cell = int(cell)  # a workbook keeps 1999 as 1999.0: check and quote it as typed
        if _blank(cell):
            if code in REQUIRED:
                errors.append((code, t("rule.required", lang)))
            return
        try:
            values[code] = convert(cell)
        except Bad as bad:
            errors.append((code, t(bad.key, lang, **bad.params)))

    def street(cell):
        name = _text(cell).removesuffix(STREET_SUFFIX)
        if name not in streets:
            raise Bad("import.unknown_street", value=cell)
        return streets[name]

    for code, limit in TEXT_LIMITS.items():
        take(code, _text)
        if code in values and len(values[code]) > limit:
            errors.append((code, t("rule.too_long", lang, limit=limit)))
    take("street", street)
    take("category", lambda v: _code("category", v, lang))
    take("stage", lambda v: _code("stage", v, lang))
    take("plan_year", _year)
    for code in ("total_investment_wan", "annual_plan_wan", "completed_wan"):
        take(code, parse_money)
    take("start_date", parse_date)
    take("city_key", _bool)
    take("stars", _stars)

    project = {"street_id": values.pop("street", None), **values}
    for code, target in FIELD_OF.items():
        if code in project:
            project[target] = project.pop(code)
    return project, errors


def _existing(session: Session) -> tuple[dict[str, Project], dict[tuple[int, str], Project]]:
    projects = session.exec(select(Project)).all()
    return {p.code: p for p in projects}, {(p.plan_year, p.name): p for p in projects}


def _next_codes(session: Session, year: int):
    """Generated codes for rows without one: GJZ-<year>-<n>, after the highest in use."""
    prefix = f"GJZ-{year}-"
    used = session.exec(select(Project.code).where(Project.code.startswith(prefix))).all()
    n = max((int(c[len(prefix):]) for c in used if c[len(prefix):].isdigit()), default=0)
    while True:
        n += 1
        yield f"{prefix}{n:03d}"


def import_ledger(path: Path, actor: str, lang: str = "zh", dry_run: bool = False,
                  engine: Engine | None = None) -> ImportResult:
    """Import a ledger file: every row is validated first; one bad row rejects the whole
    file and the database is left exactly as it was. Rows whose code (or, without a
    code, plan year + name) matches a project update it; the others create projects.
    Optional columns left empty (or absent) keep the project's current value. Projects
    are written as every path writes them (records): the rules checked against the
    values a project will have, the history (noted with the file and the actor), the
    completed-investment report, a rating behind imported stars."""
    headers, rows = read_rows(path, lang)
    result = ImportResult()
    columns: dict[int, str] = {}
    for i, header in enumerate(headers):
        code = _HEADER_CODES.get(_header_key(header))
        if code is None:
            if header:
                result.ignored_columns.append(header)
        elif code in columns.values():
            raise LedgerFileError(t("import.duplicate_header", lang, header=header))
        else:
            columns[i] = code
    missing = [HEADERS[c] for c in REQUIRED if c not in columns.values()]
    if missing:
        raise LedgerFileError(t("import.missing_columns", lang, columns="、".join(missing)))
    header_of = {code: headers[i] for i, code in columns.items()}

    def column(name: str) -> str:
        """The header a field's message goes under (a rule may concern a column the file lacks)."""
        code = COLUMN_OF.get(name, name)
        return header_of.get(code) or HEADERS.get(code) or t(f"field.{name}", lang)

    try:
        with write_session(engine) as session:
            streets = {s.name: s.id for s in session.exec(select(Street)).all()}
            by_code, by_name = _existing(session)
            seen_codes: dict[str, int] = {}
            seen_names: dict[tuple[int, str], int] = {}
            new, updates = [], []
            for number, row in enumerate(rows, start=2):
                if all(_blank(v) for v in row):
                    continue
                raw = {code: row[i] if i < len(row) else None for i, code in columns.items()}
                fields, errors = _validate_row(raw, streets, lang)
                code, key = fields.get("code"), (fields.get("plan_year"), fields.get("name"))
                if code and code in seen_codes:
                    errors.append(("code", t("import.duplicate_code", lang, row=seen_codes[code])))
                if all(key) and key in seen_names:
                    errors.append(("name", t("import.duplicate_name", lang, row=seen_names[key])))
                target = by_code.get(code) if code else by_name.get(key)
                holder = by_name.get(key)
                if holder is not None and holder is not target:
                    errors.append(("name", t("import.name_taken", lang, code=holder.code)))
                if code:
                    seen_codes[code] = number
                if all(key):
                    seen_names[key] = number
                if target is None:
                    problems = new_project_problems(fields)
                    new.append(fields)
                else:
                    changes = {k: v for k, v in fields.items() if getattr(target, k) != v}
                    problems = problems_after(target, changes)
                    updates.append((target, changes))
                result.errors += [RowError(number, header_of[c], m) for c, m in errors]
                result.errors += [RowError(number, column(f), t(bad.key, lang, **bad.params))
                                  for f, bad in problems.items()]
            if result.errors:
                raise _Rejected
            note = t("import.history_note_by", "zh", name=Path(path).name, actor=actor)
            codes: dict[int, object] = {}
            for fields in new:
                if not fields.get("code"):
                    year = fields["plan_year"]
                    fields["code"] = next(codes.setdefault(year, _next_codes(session, year)))
            create_projects(session, actor, new, note)
            result.created = len(new)
            for target, changes in updates:
                if changes:
                    write_changes(session, actor, target, changes, note)
                    result.updated += 1
                else:
                    result.unchanged += 1
            if dry_run:
                raise _Rejected
    except _Rejected:
        pass
    return result


# --- export ---------------------------------------------------------------------------

def export_ledger(path: Path, plan_year: int | None = None, lang: str = "zh",
                  engine: Engine | None = None) -> int:
    """Write the ledger (one plan year, or all) as xlsx or CSV; returns the row count."""
    path = Path(path)
    query = select(Project, Street.name).join(Street).order_by(Project.plan_year, Project.code)
    if plan_year is not None:
        query = query.where(Project.plan_year == plan_year)
    with read_session(engine) as session:
        records = session.exec(query).all()
    rows = [[zh for _, zh, _ in COLUMNS]]
    for project, street in records:
        values = {**project.model_dump(), "street": street + STREET_SUFFIX,
                  "category": label("category", project.category, lang),
                  "stage": label("stage", project.stage, lang),
                  "city_key": ("是" if lang == "zh" else "yes") if project.city_key else ("否" if lang == "zh" else "no"),
                  "manager": project.manager_enterprise}
        rows.append([values.get(code) for code, _, _ in COLUMNS])
    if path.suffix.lower() == ".csv":
        with path.open("w", encoding="utf-8-sig", newline="") as f:
            csv.writer(f).writerows([["" if v is None else v for v in row] for row in rows])
    else:
        workbook = openpyxl.Workbook(write_only=True)
        sheet = workbook.create_sheet("项目台账")
        for row in rows:
            sheet.append(row)
        workbook.save(path)
    return len(records)

