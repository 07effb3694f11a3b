"""Lists leaving Roadshow as spreadsheets (xlsx, or CSV that Excel opens in Chinese).

Every list a page or the CLI offers for download goes through here, so each gets the same
protection: text that a spreadsheet would read as a formula (=, +, -, @, tab, carriage return
first; OWASP "CSV injection") is prefixed with an apostrophe and still reads the same to a person;
numbers and dates stay numbers and dates."""
from __future__ import annotations

import io
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pandas as pd

FORMULA_SIGNS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """A value as a spreadsheet cell: formula-like text neutralised, missing values empty,
    money as a number (万元 with two decimals), a moment without its zone (Excel has none)."""
    if value is None or (not isinstance(value, (str, bytes)) and pd.isna(value)):
        return None
    if isinstance(value, str):
        return "'" + value if value.startswith(FORMULA_SIGNS) else value
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, (date, bool, int, float)):
        return value
    return safe_cell(str(value))


def to_xlsx(sheets: dict[str, pd.DataFrame]) -> bytes:
    """A workbook with one sheet per frame (sheet name → frame, headers as the frame's columns)."""
    workbook = openpyxl.Workbook(write_only=True)
    for name, frame in sheets.items():
        sheet = workbook.create_sheet(name[:31])  # Excel's limit on a sheet name
        sheet.append([str(c) for c in frame.columns])
        for row in frame.itertuples(index=False):
            sheet.append([safe_cell(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def to_csv(frame: pd.DataFrame) -> bytes:
    """CSV in UTF-8 with a BOM, so Excel opens Chinese text correctly."""
    clean = pd.DataFrame([[safe_cell(v) for v in row] for row in frame.itertuples(index=False)],
                         columns=[str(c) for c in frame.columns])
    return clean.to_csv(index=False).encode("utf-8-sig")
