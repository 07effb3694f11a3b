"""Reading what people upload (issue 13, point 3): each bad-input class refused with a clear message and
nothing written; every encoding Chinese Excel writes; headers, IDs, numbers, dates and streets as
people type them; merged cells and hidden sheets reported, never read as empty."""
import io
import zipfile
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
import sqlalchemy as sa

from roadshow.exchange.importing import commit_ledger, preview_ledger
from roadshow.exchange.reading import FileRefused
from roadshow.models import Project
from tests.exchange_files import HEADERS, csv_bytes, row, xlsx


def preview(engine, data: bytes, name: str = "ledger.xlsx", lang: str = "zh"):
    return preview_ledger(data, name, lang, engine)


def projects(engine) -> list[tuple]:
    with engine.connect() as db:
        return db.execute(sa.select(Project.code, Project.name, Project.total_investment_wan, Project.start_date)
                          .order_by(Project.id)).all()


def refused(engine, data: bytes, name: str = "ledger.xlsx", lang: str = "zh") -> str:
    with pytest.raises(FileRefused) as caught:
        preview(engine, data, name, lang)
    assert projects(engine) == []
    return str(caught.value)


# --- the file as a whole ----------------------------------------------------------------

def test_a_file_over_the_upload_limit_is_refused(engine, monkeypatch):
    monkeypatch.setenv("ROADSHOW_UPLOAD_MAX_MB", "1")
    big = csv_bytes([row(备注="注" * 200) for _ in range(2000)])
    assert len(big) > 2**20
    assert refused(engine, big, "big.csv") == "“big.csv”超过 1 MB 的上传上限。"


def test_the_content_decides_not_the_name(engine):
    as_csv_name = preview(engine, xlsx([row()]), "台账.csv")  # a workbook named .csv
    assert as_csv_name.ok and len(as_csv_name.new) == 1 and as_csv_name.sheet == "项目台账"
    as_xlsx_name = preview(engine, csv_bytes([row(开复工日期="2018-03-15")]), "台账.xlsx")  # text named .xlsx
    assert as_xlsx_name.ok and len(as_xlsx_name.new) == 1 and as_xlsx_name.sheet is None


@pytest.mark.parametrize("data, message", [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "旧版 .xls 文件或受密码保护的工作簿"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
     "不是 xlsx 工作簿，也不是 UTF-8 或 GBK 编码的 CSV 文本"),
    (b"PK\x03\x04" + b"\x00" * 100, "不是有效的 xlsx 工作簿"),
    (b"   \r\n ", "是空文件"),
], ids=["xls-or-password", "image", "broken-zip", "blank"])
def test_files_that_are_not_ledgers_are_refused_by_what_they_are(engine, data, message):
    assert message in refused(engine, data, "ledger.xlsx")


def _zip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_a_zip_that_is_not_a_workbook_is_refused(engine):
    word = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<document/>"})
    assert "不是有效的 xlsx 工作簿" in refused(engine, word, "ledger.xlsx")


def test_xml_entities_are_never_expanded(engine):
    """A billion-laughs workbook.xml: refused by defusedxml instead of expanded."""
    import openpyxl.xml
    assert openpyxl.xml.DEFUSEDXML  # openpyxl, too, parses through defusedxml
    parts = _parts(xlsx([row()]))
    laughs = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>')
    book = parts["xl/workbook.xml"]
    parts["xl/workbook.xml"] = laughs + (book.split(b"?>", 1)[1] if book.startswith(b"<?xml") else book)
    assert "不是有效的 xlsx 工作簿" in refused(engine, _zip(parts))


def test_too_many_rows_are_refused_before_the_sheet_is_loaded(engine, monkeypatch):
    monkeypatch.setenv("ROADSHOW_IMPORT_MAX_ROWS", "3")
    rows = [row(项目名称=f"项目{i}") for i in range(4)]
    assert refused(engine, xlsx(rows)) == ("“ledger.xlsx”有 4 行，超过单次导入上限 3 行。"
                                           "请拆分（例如按街道）后分批导入。")
    assert "有 4 行" in refused(engine, csv_bytes(rows), "ledger.csv")
    assert preview(engine, xlsx(rows[:3])).ok  # at the limit: read


def test_a_stray_cell_far_away_is_refused_without_reading_the_empty_grid(engine):
    book = openpyxl.load_workbook(io.BytesIO(xlsx([row()])))
    book.active["C1048576"] = "x"  # a million empty rows for a grid reader
    buffer = io.BytesIO()
    book.save(buffer)
    assert "有 1048575 行" in refused(engine, buffer.getvalue())
    for cell, ok in (("CV2", True), ("CW2", False), ("ZZ2", False)):  # column 100 is the last one read
        book = openpyxl.load_workbook(io.BytesIO(xlsx([row()])))
        book.active[cell] = "x"
        buffer = io.BytesIO()
        book.save(buffer)
        if ok:
            assert preview(engine, buffer.getvalue()).ok
        else:
            assert refused(engine, buffer.getvalue()) == ("“ledger.xlsx”的数据超出了第 100 列，"
                                                          "请删除表格右侧的无关内容。")


# --- encodings ------------------------------------------------------------------------

@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gbk", "gb18030", "utf-16"])
def test_csv_in_every_encoding_chinese_excel_writes(engine, encoding):
    data = csv_bytes([row(项目名称="泉水小学改扩建（二期）", 所属街道="泉水", 开复工日期="2018-03-15")],
                     encoding=encoding, delimiter="\t" if encoding == "utf-16" else ",")
    result = preview(engine, data, "台账.csv")
    assert result.ok, result.errors
    assert result.new[0]["name"] == "泉水小学改扩建（二期）"


def test_gb18030_characters_outside_gbk_survive(engine):
    data = csv_bytes([row(项目名称="𠮷野家餐饮项目", 开复工日期="2018-03-15")], encoding="gb18030")
    with pytest.raises(UnicodeEncodeError):
        "𠮷".encode("gbk")  # the file is truly GB18030, not GBK
    assert preview(engine, data, "台账.csv").new[0]["name"] == "𠮷野家餐饮项目"


def test_a_short_gbk_file_is_not_taken_for_another_encoding(engine):
    """Three short cells: a statistical detector guesses UTF-16 here; strict decoding does not."""
    data = ("项目名称,所属街道,项目类别,建设性质,计划年度,总投资(万元),年度计划投资(万元)\n"
            "甘井子,泉水,工业,前期,2018,1,1\n")
    result = preview(engine, data.encode("gbk"), "短.csv")
    assert result.ok and result.new[0]["name"] == "甘井子"


# --- headers and cells as people type them --------------------------------------------

def test_headers_after_trimming_and_width_folding_in_chinese_or_as_codes(engine):
    headers = [" 项目编号", "项目名称 ", "所属 街道", "ＣＡＴＥＧＯＲＹ", "stage", "计划年度", "总投资（万元）",
               "年度计划投资（万元）", "累计完成投资(万元)", "开复工日期", "市重点项目", "包保区领导", "企业项目经理",
               "星级",
               "备注"]
    result = preview(engine, xlsx([row()], headers=headers))
    assert result.ok and result.ignored_columns == []
    assert result.new[0]["manager_enterprise"] == "李明"


def test_ids_numbers_dates_and_streets_as_spreadsheets_and_people_write_them(engine):
    rows = [row(项目编号=110101.0, 开复工日期=43160, 所属街道="营城子街道 "),  # an ID Excel made a number; a serial
            row(项目编号="１１０１０２", 项目名称="二",
                **{"总投资(万元)": "１２０，０００．５", "年度计划投资(万元)": "1,000"},
                开复工日期="2018/3/2", 所属街道=" 营城子 "),
            row(项目编号="110103", 项目名称="三", 开复工日期="2018年3月3日", **{"累计完成投资(万元)": " 5,000 "}),
            row(项目编号="110104", 项目名称="四", 开复工日期="43163"),
            row(项目编号="110105", 项目名称="五", 开复工日期="２０１８－０３－０５")]
    result = preview(engine, xlsx(rows))
    assert result.ok, result.errors
    commit_ledger(result, "tester", "note", engine)
    assert projects(engine) == [
        ("110101", "营城子物流园项目", Decimal("120000.00"), date(2018, 3, 1)),
        ("110102", "二", Decimal("120000.50"), date(2018, 3, 2)),
        ("110103", "三", Decimal("120000.00"), date(2018, 3, 3)),
        ("110104", "四", Decimal("120000.00"), date(2018, 3, 4)),
        ("110105", "五", Decimal("120000.00"), date(2018, 3, 5)),
    ]


@pytest.mark.parametrize("cell", [5, 43160.5, "2018-02-30", "明天"])
def test_what_is_not_a_date_is_refused(engine, cell):
    result = preview(engine, xlsx([row(开复工日期=cell)]))
    assert [(e.row, e.column) for e in result.errors] == [(2, "开复工日期")]
    assert "不是有效日期" in result.errors[0].message


# --- what a sheet hides ---------------------------------------------------------------

def test_merged_cells_are_reported_not_read_as_empty(engine):
    rows = [row(项目名称="一"), row(项目名称="二", 所属街道=None), row(项目名称="三", 所属街道=None)]
    result = preview(engine, xlsx(rows, merge="C2:C4"))
    assert [(e.row, e.column, e.message) for e in result.errors] == [
        (2, "所属街道", "合并单元格 C2:C4：请取消合并，并在每一行填写"),
        (3, "所属街道", "必填项为空"), (4, "所属街道", "必填项为空")]
    english = preview(engine, xlsx(rows, merge="C2:C4"), lang="en")
    assert english.errors[0].message == "merged cells C2:C4: unmerge them and fill in every row"


def test_hidden_and_other_sheets_and_a_title_row_are_reported(engine):
    result = preview(engine, xlsx([row()], title="2018年甘井子区重点项目台账", merge="A1:O1", hidden="底稿",
                                  extra_sheet="说明"))
    assert result.ok and len(result.new) == 1
    assert result.notices == ["隐藏的工作表未读取：底稿。", "只读取了第一个工作表“项目台账”，未读取：说明。",
                              "表头上方的第 1 行（标题）已跳过。"]


def test_a_hidden_first_sheet_is_not_the_one_read(engine):
    book = openpyxl.load_workbook(io.BytesIO(xlsx([row()], hidden="旧台账")))
    book.move_sheet("旧台账", offset=-1)  # the hidden sheet first, as a workbook often keeps it
    buffer = io.BytesIO()
    book.save(buffer)
    result = preview(engine, buffer.getvalue())
    assert result.sheet == "项目台账" and len(result.new) == 1
    assert result.notices == ["隐藏的工作表未读取：旧台账。"]


def test_headers_only_file_and_unknown_columns(engine):
    result = preview(engine, xlsx([], headers=[*HEADERS, "联系电话"]))
    assert result.ok and (result.new, result.changed, result.unchanged) == ([], [], 0)
    assert result.ignored_columns == ["联系电话"]
