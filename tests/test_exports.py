"""Exports (issue 13, points 4 and 5): the template, the follow-up list, ratings and history as xlsx and
CSV; formula injection neutralised; numbers numeric with their units in the header; a street official's
files hold their own street only."""
import io
from datetime import date, datetime, timezone

import openpyxl
import pandas as pd
import pytest

from roadshow import queries
from roadshow.auth import Actor
from roadshow.database import write_session
from roadshow.exchange import exports
from roadshow.exchange.importing import preview_ledger
from roadshow.exchange.template import template_xlsx
from roadshow.metrics import ALL, Filters
from roadshow.models import Issue, ProjectHistory, Rating
from tests.conftest import add_project

Q1 = date(2018, 3, 31)


def sheet_rows(data: bytes, sheet: int = 0) -> list[tuple]:
    return list(openpyxl.load_workbook(io.BytesIO(data)).worksheets[sheet].iter_rows(values_only=True))


def cells(row) -> list:
    """A row as its cells: empty ones as None (pandas holds them as NaN)."""
    return [None if pd.isna(v) else v for v in row]


@pytest.fixture
def small(engine):
    """Two projects in two streets, each with a problem, a rating and a history row; formula-like text.
    泉水's rating was overridden from 3 to 4 stars."""
    one = add_project(engine, street="营城子", name="=1+1 营城子项目", total=1000, annual=100)
    two = add_project(engine, street="泉水", name="泉水项目", total=2000, annual=200)
    with write_session(engine) as session:
        for pid, text in ((one, "@SUM(A1) 用地未落实"), (two, "资金")):
            session.add(Issue(project_id=pid, description=text, owner_unit="-自然资源局", raised_on=date(2018, 3, 1),
                              deadline=date(2018, 3, 20), status="open"))
            session.add(Rating(project_id=pid, cycle="2018Q1", rated_on=date(2018, 3, 28), benefit_score=30,
                               problem_score=20, progress_score=20, stars=4, proposed_stars=3 if pid == two else 4,
                               reason="已落实融资" if pid == two else None))
            session.add(ProjectHistory(project_id=pid, changed_at=datetime(2018, 3, 10, 16, 30, tzinfo=timezone.utc),
                                       changed_by="dispatch", field="completed_wan", old_value="0.00",
                                       new_value="10.00", note="+月报"))
    return engine


def test_follow_ups_ratings_and_history_as_people_read_them(small):
    follow_ups = exports.follow_up_frame(small, 2018, Q1)
    assert follow_ups.values.tolist() == [  # streets in the district's order: 泉水 before 营城子
        ["泉水街道", "T-2", "泉水项目", "资金", "-自然资源局", None, date(2018, 3, 1), date(2018, 3, 20), "待办", "是"],
        ["营城子街道", "T-1", "=1+1 营城子项目", "@SUM(A1) 用地未落实", "-自然资源局", None, date(2018, 3, 1),
         date(2018, 3, 20), "待办", "是"]]
    ratings = exports.ratings_frame(small, 2018, Q1)
    assert list(ratings.columns) == ["所属街道", "项目编号", "项目名称", "评价周期", "调度层级", "评价日", "效益",
                                     "问题", "进度", "总分", "建议星级", "星级", "调整理由"]
    assert list(ratings.iloc[0]) == ["泉水街道", "T-2", "泉水项目", "2018Q1", "季调度", date(2018, 3, 28), 30, 20, 20,
                                     70, 3, 4, "已落实融资"]
    assert cells(ratings.iloc[1]) == ["营城子街道", "T-1", "=1+1 营城子项目", "2018Q1", "季调度", date(2018, 3, 28), 30,
                                      20, 20, 70, 4, 4, None]
    en = exports.ratings_frame(small, 2018, Q1, lang="en")
    assert list(en.columns[6:]) == ["Benefit", "Problems", "Progress", "Score", "Proposed", "Stars", "Override reason"]
    history = exports.history_frame(small, 2018, Q1, lang="en")
    assert list(history.columns) == ["When", "Who", "Street", "Code", "Name", "Field", "Old", "New", "Note"]
    assert list(history.iloc[0]) == [datetime(2018, 3, 11, 0, 30), "dispatch", "营城子街道", "T-1", "=1+1 营城子项目",
                                     "Completed investment (10k CNY)", "0.00", "10.00", "+月报"]
    assert exports.history_frame(small, 2018, date(2018, 3, 10)).empty  # Beijing's 11 March: after the day


def test_imported_stars_are_exported_without_parts_and_say_so(engine):
    pid = add_project(engine)
    with write_session(engine) as session:
        session.add(Rating(project_id=pid, cycle="import-20180301", rated_on=date(2018, 3, 1), stars=3,
                           reason="imported"))
    row = exports.ratings_frame(engine, 2018, Q1).iloc[0]
    assert cells(row[6:]) == [None, None, None, None, None, 3, "导入的星级（未按规则计分）"]


def test_formula_injection_is_neutralised_in_every_export_and_format(small):
    frame = exports.follow_up_frame(small, 2018, Q1)
    row = sheet_rows(exports.as_file(frame, "问题清单", "xlsx"))[2]
    assert row[2:5] == ("'=1+1 营城子项目", "'@SUM(A1) 用地未落实", "'-自然资源局")
    text = exports.as_file(frame, "问题清单", "csv").decode("utf-8-sig")
    assert "'=1+1 营城子项目,'@SUM(A1) 用地未落实,'-自然资源局" in text
    history = sheet_rows(exports.as_file(exports.history_frame(small, 2018, Q1), "变更记录", "xlsx"))
    assert history[1][8] == "'+月报"
    ledger = sheet_rows(exports.as_file(exports.ledger_frame(small, 2018), "项目台账", "xlsx"))
    assert ledger[2][1] == "'=1+1 营城子项目"


def test_numbers_stay_numbers_with_units_in_the_headers(small):
    rows = sheet_rows(exports.as_file(exports.ledger_frame(small, 2018), "项目台账", "xlsx"))
    assert rows[0][6:9] == ("总投资(万元)", "年度计划投资(万元)", "累计完成投资(万元)")
    assert rows[1][6:9] == (2000, 200, 0) and rows[2][6:9] == (1000, 100, 0)
    ratings = sheet_rows(exports.as_file(exports.ratings_frame(small, 2018, Q1), "星级评价", "xlsx"))
    assert ratings[0][6:12] == ("效益", "问题", "进度", "总分", "建议星级", "星级")
    assert ratings[1][6:12] == (30, 20, 20, 70, 3, 4)


def test_a_street_officials_files_hold_their_own_street_only(small):
    streets = {name: sid for sid, name in queries.streets(small)}
    official = Actor("ycz", "street", streets["营城子"])
    asked = Filters(streets=("泉水",))  # whatever the filter bar says
    mine = exports.scope(official, asked, small)
    assert mine == Filters(streets=("营城子",))
    assert exports.scope(Actor("boss", "leader"), asked, small) == asked
    assert list(exports.ledger_frame(small, 2018, mine)["项目编号"]) == ["T-1"]
    assert list(exports.follow_up_frame(small, 2018, Q1, mine)["项目编号"]) == ["T-1"]
    assert list(exports.ratings_frame(small, 2018, Q1, mine)["项目编号"]) == ["T-1"]
    assert list(exports.history_frame(small, 2018, Q1, mine)["项目编号"]) == ["T-1"]


def test_the_ledger_export_follows_the_filters_and_the_search(small):
    assert list(exports.ledger_frame(small, 2018, ALL, "泉水")["项目编号"]) == ["T-2"]
    assert list(exports.ledger_frame(small, 2018, Filters(categories=("commercial",)))["项目编号"]) == []
    assert list(exports.ledger_frame(small, 2019)["项目编号"]) == []


def test_the_follow_up_export_is_the_follow_up_list_of_the_day(demo_engine):
    as_of = date(2018, 6, 30)
    expected = queries.follow_up_list(demo_engine, 2018, as_of)
    frame = exports.follow_up_frame(demo_engine, 2018, as_of)
    assert list(frame["项目编号"]) == list(expected["code"]) and len(frame) == len(expected) > 0
    assert list(frame["是否逾期"]).count("是") == int(expected["overdue"].sum())


def test_the_template_has_headers_a_sample_lists_and_notes(engine):
    data = template_xlsx(["营城子", "泉水"])
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["项目台账", "填写说明", "选项"]
    ledger = book["项目台账"]
    headers = [c.value for c in ledger[1]]
    assert headers[:3] == ["项目编号", "项目名称", "所属街道"] and headers[-1] == "备注" and len(headers) == 21
    lists = {str(v.sqref).split(":")[0]: v.formula1 for v in ledger.data_validations.dataValidation}
    assert lists["C2"] == "'选项'!$A$2:$A$3"  # street
    assert lists["D2"] == "'选项'!$B$2:$B$7" and lists["E2"] == "'选项'!$C$2:$C$4"  # category, stage
    assert lists["L2"] == lists["O2"] == "'选项'!$D$2:$D$3"  # 停工, 市重点项目: 是/否
    assert [c.value for c in book["选项"]["A"] if c.value] == ["street", "营城子街道", "泉水街道"]
    notes = sheet_rows(data, 1)
    assert notes[2] == ("列名", "英文代码", "必填", "说明")
    assert notes[3:5] == [("项目编号", "code", "否",
                           "项目唯一编号；留空则自动生成（GJZ-年度-序号）。已有编号的行更新该项目。"),
                          ("项目名称", "name", "是", "同一计划年度内不重复。")]
    assert len(notes) == 3 + 22  # the notes explain 所属区县 too, which a single district's sheet leaves out
    assert notes[6] == ("所属区县", "district", "否",
                        "可选；所属街道所在的区县，如“甘井子区”或“大连市/甘井子区”，须与街道相符。")
    preview = preview_ledger(data, "模板.xlsx", "zh", engine)  # the sample row itself imports
    assert preview.ok and len(preview.new) == 1
    assert preview.notices == ["只读取了第一个工作表“项目台账”，未读取：填写说明、选项。"]


def test_csv_downloads_open_in_excel_as_utf8(small):
    data = exports.as_file(exports.ratings_frame(small, 2018, Q1), "星级评价", "csv")
    assert data[:3] == b"\xef\xbb\xbf"
    assert pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")["评价周期"].tolist() == ["2018Q1", "2018Q1"]
