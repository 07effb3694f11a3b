"""Small ledger files made by hand for the exchange tests: xlsx (with merges, hidden sheets, titles)
and CSV in any encoding."""
from __future__ import annotations

import csv
import io
from datetime import datetime

import openpyxl

HEADERS = ["项目编号", "项目名称", "所属街道", "项目类别", "建设性质", "计划年度", "总投资(万元)",
           "年度计划投资(万元)", "累计完成投资(万元)", "开复工日期", "市重点项目", "包保区领导", "项目经理", "星级",
           "备注"]
GOOD = ["", "营城子物流园项目", "营城子街道", "商务商业服务", "续建", 2018, 120000, 30000, 5000,
        datetime(2018, 3, 15), "是", "王建国", "李明", 4, ""]


def row(**changes) -> list:
    values = dict(zip(HEADERS, GOOD))
    values.update(changes)
    return [values[h] for h in HEADERS]


def xlsx(rows, headers=HEADERS, title: str | None = None, merge: str | None = None,
         hidden: str | None = None, extra_sheet: str | None = None) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "项目台账"
    if title:
        sheet.append([title])
    sheet.append(headers)
    for r in rows:
        sheet.append(r)
    for line in sheet.iter_rows():
        for cell in line:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # text that looks like a formula, as a person typed it after an apostrophe
    if merge:
        sheet.merge_cells(merge)
    if hidden:
        book.create_sheet(hidden).sheet_state = "hidden"
    if extra_sheet:
        book.create_sheet(extra_sheet)["A1"] = "说明"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows, headers=HEADERS, encoding="utf-8-sig", delimiter=",") -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows([headers, *rows])
    return out.getvalue().encode(encoding)
