"""Downloads as spreadsheets: formula-like text neutralised, numbers kept numeric, Chinese intact."""
import io
from datetime import date
from decimal import Decimal

import openpyxl
import pandas as pd

from roadshow.spreadsheets import to_csv, to_xlsx

FRAME = pd.DataFrame({"项目名称": ["=HYPERLINK(\"http://x\")", "+1", "-2", "@SUM(A1)", "\tx", "\rx", "营城子 A-1"],
                      "总投资(万元)": [Decimal("62600.50"), 1, 2, 3, 4, 5, None],
                      "开复工日期": [date(2018, 3, 1)] + [None] * 6})


def test_xlsx_neutralises_formulas_and_keeps_numbers_and_dates():
    sheet = openpyxl.load_workbook(io.BytesIO(to_xlsx({"台账": FRAME}))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("项目名称", "总投资(万元)", "开复工日期")
    # openpyxl reads a stored carriage return back as \r with lxml installed, as \n without it
    assert [r[0].replace("\r", "\n") for r in rows[1:]] == ["'=HYPERLINK(\"http://x\")", "'+1", "'-2", "'@SUM(A1)",
                                                           "'\tx", "'\nx", "营城子 A-1"]
    assert rows[1][1] == 62600.5 and rows[7][1] is None
    assert rows[1][2].date() == date(2018, 3, 1)
    assert sheet.title == "台账"


def test_csv_has_a_bom_and_neutralised_formulas():
    data = to_csv(FRAME)
    assert data.startswith("\ufeff".encode())
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0] == "项目名称,总投资(万元),开复工日期"
    assert lines[1] == "\"'=HYPERLINK(\"\"http://x\"\")\",62600.5,2018-03-01"
    assert lines[2].startswith("'+1,")
