"""Reading an uploaded spreadsheet robustly: what it is by its content (never its name), within the
size and row limits, and every sheet, merge or encoding trap reported rather than read as empty.

- xlsx: a ZIP holding xl/workbook.xml. Read by calamine (fast, and its XML reader expands no
  entities); its first visible sheet is the table. Before calamine loads a sheet (into a dense grid
  from A1 to the last cell), the sheet's XML is scanned for its last row and column, so a stray cell
  at XFD1048576 or a 100,000-row file is refused without using the memory. Hidden and other
  sheets are named in the notices; merged cells are kept for the caller to report.
- csv: UTF-8 with or without BOM, UTF-16 with BOM, or GBK/GB18030 — tried strictly in that order.
  (A statistical detector such as charset-normalizer takes a three-word GBK file for UTF-16; strict
  decoding cannot mistake GB text for UTF-8.) Comma, tab or semicolon separated.
- Anything else (an old .xls, a password-protected workbook, a PDF, an image) is refused by name.
"""
from __future__ import annotations

import codecs
import csv
import io
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from typing import Callable

from defusedxml import ElementTree
from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

from ..i18n import t
from ..settings import settings

XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and any password-protected Office file
MAX_COLUMNS = 100
MAX_PART_BYTES = 256 * 2**20  # one unpacked part of an xlsx: far beyond any ledger, short of a zip bomb
HEADER_SEARCH = 10  # the headers may sit under a title, within the first rows
_ROW = re.compile(rb"<(?:\w+:)?row\b[^>]*?\br=\"(\d+)\"")
_ROW_ANY = re.compile(rb"<(?:\w+:)?row\b")
# a cell with a value beyond column CV (100): two letters from CW, or three
_FAR_CELL = re.compile(rb"<(?:\w+:)?c\b[^>]*?\br=\"((?:C[W-Z]|[D-Z][A-Z]|[A-Z]{3}))\d+\"[^>]*?(/?)>")
_NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
       "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
       "rel": "http://schemas.openxmlformats.org/package/2006/relationships"}


class FileRefused(Exception):
    """The file as a whole cannot be read; the message is in the user's language."""


@dataclass
class Table:
    file_name: str
    sheet: str | None  # the sheet read (None for CSV)
    header_row: int  # the headers' row number in the sheet (1 for the first row)
    headers: list[str]
    rows: list[tuple[int, list]]  # (row number in the sheet, cells) of every non-blank row under the headers
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # (first row, first col, last row,
    # last col), 1-based rows and 0-based columns, of merges that touch the headers or the rows
    notices: list[str] = field(default_factory=list)  # what the reader left out, in the user's language


def read_table(data: bytes, file_name: str, lang: str, is_header: Callable[[object], bool]) -> Table:
    """The table in an uploaded file. `is_header` tells a known header, to find the header row
    (the first row in which at least two cells are headers, within the first HEADER_SEARCH rows)."""
    limits = settings()
    if len(data) > limits.upload_max_mb * 2**20:
        raise FileRefused(t("exchange.too_big", lang, name=file_name, mb=limits.upload_max_mb))
    if not data.strip():
        raise FileRefused(t("import.empty", lang, name=file_name))
    notices: list[str] = []
    merged: list[tuple[int, int, int, int]] = []
    sheet = None
    if data.startswith(XLSX_MAGIC):
        sheet, grid, merges = _xlsx(data, file_name, lang, limits.import_max_rows, notices)
        merged = [(r0 + 1, c0, r1 + 1, c1) for (r0, c0), (r1, c1) in merges]
    elif data.startswith(OLE_MAGIC):
        raise FileRefused(t("exchange.ole", lang, name=file_name))
    else:
        grid = _csv(data, file_name, lang)
        if len(grid) > limits.import_max_rows + HEADER_SEARCH:
            raise FileRefused(t("exchange.too_many_rows", lang, name=file_name, rows=len(grid),
                                limit=limits.import_max_rows))
    rows = [(n, cells) for n, cells in enumerate(grid, start=1) if any(not _blank(v) for v in cells)]
    if not rows:
        raise FileRefused(t("import.empty", lang, name=file_name))
    head = next((i for i, (_, cells) in enumerate(rows[:HEADER_SEARCH]) if sum(map(is_header, cells)) >= 2), 0)
    header_row, headers = rows[head]
    if head:
        notices.append(t("exchange.title_rows", lang, rows=_span(rows[0][0], header_row - 1)))
    data_rows = rows[head + 1:]
    if len(data_rows) > limits.import_max_rows:
        raise FileRefused(t("exchange.too_many_rows", lang, name=file_name, rows=len(data_rows),
                            limit=limits.import_max_rows))
    return Table(file_name, sheet, header_row, ["" if h is None else str(h).strip() for h in headers], data_rows,
                 [m for m in merged if m[2] >= header_row], notices)


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _span(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}–{last}"


# --- xlsx ----------------------------------------------------------------------------

def _xlsx(data: bytes, name: str, lang: str, max_rows: int, notices: list[str]):
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        parts = {i.filename: i for i in archive.infolist()}
    except (zipfile.BadZipFile, ValueError):
        raise FileRefused(t("import.unreadable", lang, name=name)) from None
    if "xl/workbook.xml" not in parts:  # a Word file, an OpenDocument sheet, any other ZIP
        raise FileRefused(t("import.unreadable", lang, name=name))
    if any(i.file_size > MAX_PART_BYTES for i in parts.values()):
        raise FileRefused(t("exchange.too_big_unpacked", lang, name=name))
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = [m for m in workbook.sheets_metadata if m.typ == SheetTypeEnum.WorkSheet]
        visible = [m.name for m in sheets if m.visible == SheetVisibleEnum.Visible]
        if not visible:
            raise FileRefused(t("exchange.no_visible_sheet", lang, name=name))
        chosen = visible[0]
        rows, columns = _extent(archive, _sheet_part(archive, chosen))
        if rows > max_rows + HEADER_SEARCH:
            raise FileRefused(t("exchange.too_many_rows", lang, name=name, rows=rows - 1, limit=max_rows))
        if columns > MAX_COLUMNS:
            raise FileRefused(t("exchange.too_many_columns", lang, name=name, limit=MAX_COLUMNS))
        sheet = workbook.get_sheet_by_name(chosen)
        grid = sheet.to_python(skip_empty_area=False)
        merges = list(sheet.merged_cell_ranges or [])
    except FileRefused:
        raise
    except Exception:  # a damaged or disguised workbook fails in many ways
        raise FileRefused(t("import.unreadable", lang, name=name)) from None
    hidden = [m.name for m in sheets if m.visible != SheetVisibleEnum.Visible]
    if hidden:
        notices.append(t("exchange.hidden_sheets", lang, sheets="、".join(hidden)))
    if len(visible) > 1:
        notices.append(t("exchange.other_sheets", lang, sheet=chosen, sheets="、".join(visible[1:])))
    return chosen, grid, merges


def _sheet_part(archive: zipfile.ZipFile, sheet_name: str) -> str:
    """The ZIP part that holds a sheet, by the workbook's list of sheets and its relationships."""
    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    rel_id = next(s.get(f"{{{_NS['r']}}}id") for s in book.iterfind("m:sheets/m:sheet", _NS)
                  if s.get("name") == sheet_name)
    target = next(r.get("Target") for r in rels.iterfind("rel:Relationship", _NS) if r.get("Id") == rel_id)
    return target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))


def _extent(archive: zipfile.ZipFile, part: str) -> tuple[int, int]:
    """The last row of a sheet's XML, and its last column holding a value beyond MAX_COLUMNS (else 0),
    read as a stream."""
    last_row = rows = last_column = 0
    tail = b""
    with archive.open(part) as stream:
        while chunk := stream.read(1 << 20):
            text = tail + chunk
            cut = text.rfind(b"<")  # an element split between two chunks is read with the next one
            text, tail = text[:cut], text[cut:]
            last_row = max([last_row, *(int(r) for r in _ROW.findall(text))])
            rows += len(_ROW_ANY.findall(text))
            for letters, empty in _FAR_CELL.findall(text):
                if not empty:
                    last_column = max(last_column, _column_number(letters))
    return max(last_row, rows), last_column


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


# --- csv -----------------------------------------------------------------------------

def _decode(data: bytes) -> str | None:
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                return None
    if b"\x00" in data[:4096]:  # a binary file, not text
        return None
    for encoding in ("utf-8", "gb18030"):  # GB18030 reads GBK and GB2312 too
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _csv(data: bytes, name: str, lang: str) -> list[list[str]]:
    text = _decode(data)
    if text is None:
        raise FileRefused(t("exchange.not_text", lang, name=name))
    first = text.split("\n", 1)[0]
    delimiter = max(",\t;", key=first.count)
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error:
        raise FileRefused(t("exchange.not_text", lang, name=name)) from None
