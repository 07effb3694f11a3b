"""The import template (导入模板): the ledger's headers (as an export writes them), a sample row,
drop-down lists for street, category, stage and 是/否, and a notes sheet that explains every column
the importer reads — all from columns.LEDGER."""
from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ..codes import STREET_SUFFIX, Category, Stage
from ..i18n import label, t
from .columns import LEDGER, ledger_columns

ROWS = 5000  # rows that get the drop-down lists
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
REQUIRED_FILL = PatternFill("solid", fgColor="FCE4D6")


def sample(street: str, lang: str) -> dict:
    """One filled-in row, by column code."""
    return {"code": "", "name": "营城子物流园项目", "street": street + STREET_SUFFIX,
            "category": label("category", Category.commercial, lang), "stage": label("stage", Stage.continuing, lang),
            "plan_year": 2018, "total_investment_wan": Decimal("120000"), "annual_plan_wan": Decimal("30000"),
            "completed_wan": Decimal("5000"), "planned_start_date": date(2018, 3, 1), "start_date": date(2018, 3, 15),
            "suspended": t("value.no", lang), "city_key": t("value.yes", lang), "leader": "王建国",
            "manager_district": "张华", "manager_street": "刘洋", "manager": "李明", "stars": 4}


def template_xlsx(streets: list[str], lang: str = "zh", several_districts: bool = False) -> bytes:
    """The template workbook; `streets` are the streets' short names, in the district's order. The sheet
    has a 所属区县 column in a deployment of several districts; the notes explain it in any."""
    book = Workbook()
    sheet = book.active
    sheet.title = t("template.sheet", "zh")  # the ledger's own name, whatever the language
    notes = book.create_sheet(t("template.notes", lang))
    lists = book.create_sheet(t("template.lists", lang))

    choices = {"street": [s + STREET_SUFFIX for s in streets],
               "category": [label("category", c, lang) for c in Category],
               "stage": [label("stage", s, lang) for s in Stage],
               "yes_no": [t("value.yes", lang), t("value.no", lang)]}
    ranges = {}
    for n, (kind, values) in enumerate(choices.items(), start=1):
        letter = get_column_letter(n)
        lists.cell(1, n, kind).font = Font(bold=True)
        for i, value in enumerate(values, start=2):
            lists.cell(i, n, value)
        ranges[kind] = f"'{lists.title}'!${letter}$2:${letter}${len(values) + 1}"

    row = sample(streets[0] if streets else "营城子", lang)
    for n, column in enumerate(ledger_columns(several_districts), start=1):
        letter = get_column_letter(n)
        head = sheet.cell(1, n, column.header)
        head.font, head.fill = Font(bold=True), REQUIRED_FILL if column.required else HEADER_FILL
        head.alignment = Alignment(horizontal="center")
        cell = sheet.cell(2, n, row.get(column.code))
        if column.kind == "date":
            cell.number_format = "yyyy-mm-dd"
        elif column.kind == "money":
            cell.number_format = "#,##0.00"
        sheet.column_dimensions[letter].width = max(12, 2.2 * len(column.header))
        cells = f"{letter}2:{letter}{ROWS}"
        if column.kind in choices:
            check = DataValidation(type="list", formula1=ranges[column.kind], allow_blank=not column.required,
                                   showErrorMessage=True, errorTitle=column.header,
                                   error=t(f"note.{column.code}", lang))
        elif column.kind == "stars":
            check = DataValidation(type="whole", operator="between", formula1="1", formula2="5", allow_blank=True,
                                   showErrorMessage=True, error=t("note.stars", lang))
        elif column.kind == "money":
            check = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0",
                                   allow_blank=not column.required, showErrorMessage=True,
                                   error=t(f"note.{column.code}", lang))
        else:
            continue
        check.add(cells)
        sheet.add_data_validation(check)
    sheet.freeze_panes = "A2"

    notes.append([t("template.general", lang)])
    notes.append([])
    notes.append([t("template.column", lang), t("template.code", lang), t("template.required", lang),
                  t("template.rule", lang)])
    for cell in notes[3]:
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
    for column in LEDGER:
        notes.append([column.header, column.code, t("value.yes" if column.required else "value.no", lang),
                      t(f"note.{column.code}", lang)])
    for letter, width in zip("ABCD", (22, 24, 8, 80)):
        notes.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
