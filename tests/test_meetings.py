"""Roadshow meetings: creating, closing (which freezes the list), and 回头看 — which problems a meeting
looks back at, their status, deadline, latest step and days open on its day, overdue first — worked
out by hand; and the list as an xlsx workbook."""
import io
from datetime import date

import openpyxl
import pytest
import sqlalchemy as sa
from alembic import command

from roadshow import meetings, problems
from roadshow.auth import Actor
from roadshow.database import alembic_config, data_version, migrate
from roadshow.models import FollowUp, Issue, Meeting
from roadshow.services import Refused
from tests.conftest import add_project, close_problem

DISPATCH = Actor("dispatch", "dispatcher")


def meeting_rows(engine):
    with engine.connect() as db:
        return [tuple(r) for r in db.execute(sa.select(
            Meeting.plan_year, Meeting.quarter, Meeting.held_on, Meeting.title, Meeting.venue, Meeting.created_by)
            .order_by(Meeting.id))]


def test_a_meeting_takes_the_quarter_of_its_day_unless_told(engine):
    meetings.create_meeting(DISPATCH, 2018, date(2018, 3, 28), " 一季度路演 ", engine=engine)
    meetings.create_meeting(DISPATCH, 2018, date(2018, 4, 1), "一季度路演（补）", quarter=1, venue=" 三楼会议室 ",
                            engine=engine)
    meetings.create_meeting(DISPATCH, 2018, date(2019, 1, 10), "四季度路演", engine=engine)  # held the next January
    meetings.create_meeting(DISPATCH, 2019, date(2018, 12, 1), "2019 年预备会", engine=engine)  # ahead of its year
    assert meeting_rows(engine) == [
        (2018, 1, date(2018, 3, 28), "一季度路演", None, "dispatch"),
        (2018, 1, date(2018, 4, 1), "一季度路演（补）", "三楼会议室", "dispatch"),
        (2018, 1, date(2019, 1, 10), "四季度路演", None, "dispatch"),
        (2019, 4, date(2018, 12, 1), "2019 年预备会", None, "dispatch")]


@pytest.mark.parametrize("kwargs, key", [
    ({"title": " "}, "meeting.bad_title"), ({"title": "长" * 201}, "meeting.bad_title"),
    ({"venue": "长" * 201}, "meeting.bad_venue"), ({"quarter": 0}, "meeting.bad_quarter"),
    ({"quarter": 5}, "meeting.bad_quarter"), ({"held_on": date(2020, 1, 1)}, "meeting.bad_year"),
    ({"held_on": date(2016, 12, 31)}, "meeting.bad_year")])
def test_a_meeting_without_a_title_or_in_the_wrong_year_is_refused(engine, kwargs, key):
    given = {"plan_year": 2018, "held_on": date(2018, 3, 28), "title": "一季度路演", **kwargs}
    version = data_version(engine)
    with pytest.raises(Refused) as refused:
        meetings.create_meeting(DISPATCH, engine=engine, **given)
    assert refused.value.key == key
    assert meeting_rows(engine) == [] and data_version(engine) == version
    meetings.create_meeting(DISPATCH, 2018, date(2017, 1, 1), "长" * 200, 4, "长" * 200, engine)  # the limits


def test_a_meeting_closes_once_held_and_then_its_list_and_agenda_are_frozen(engine, on_day):
    pid = add_project(engine)
    meeting = meetings.create_meeting(DISPATCH, 2018, date(2018, 6, 27), "二季度路演", engine=engine)
    on_day(date(2018, 6, 26))
    with pytest.raises(Refused) as refused:
        meetings.close_meeting(DISPATCH, meeting, engine)
    assert (refused.value.key, refused.value.params) == ("meeting.not_held", {"day": "2018-06-27"})
    on_day(date(2018, 6, 27))
    meetings.set_agenda(DISPATCH, meeting, ["营城子", "泉水"], engine)
    problems.raise_problem(DISPATCH, pid, "用地", "land", "区自然资源局", date(2018, 7, 27), meeting, engine=engine)
    meetings.close_meeting(DISPATCH, meeting, engine)
    listed = meetings.meeting_list(engine)
    assert (listed["closed_by"].item(), listed["problems"].item(), listed["agenda"].item()) == (
        "dispatch", 1, "营城子、泉水")
    assert listed["closed_at"].notna().item()
    for call in (lambda: meetings.close_meeting(DISPATCH, meeting, engine),
                 lambda: meetings.set_agenda(DISPATCH, meeting, ["泉水"], engine),
                 lambda: problems.raise_problem(DISPATCH, pid, "资金", "funding", "区发改局", date(2018, 7, 27),
                                                meeting, engine=engine)):
        version = data_version(engine)
        with pytest.raises(Refused) as refused:
            call()
        assert refused.value.key == "meeting.closed" and data_version(engine) == version
    assert meetings.meeting_list(engine)[["problems", "agenda"]].values.tolist() == [[1, "营城子、泉水"]]
    with pytest.raises(Refused) as refused:
        meetings.close_meeting(DISPATCH, 999, engine)
    assert refused.value.key == "meeting.missing"


def test_meetings_are_listed_newest_first_with_the_problems_raised_at_each(engine, on_day):
    pid = add_project(engine)
    first = meetings.create_meeting(DISPATCH, 2018, date(2018, 3, 28), "一季度路演", engine=engine)
    second = meetings.create_meeting(DISPATCH, 2018, date(2018, 6, 27), "二季度路演", engine=engine)
    on_day(date(2018, 6, 28))
    for meeting in (first, second, second):
        problems.raise_problem(DISPATCH, pid, "用地", "land", "局", date(2018, 7, 27), meeting, engine=engine)
    listed = meetings.meeting_list(engine)
    assert listed[["id", "title", "quarter", "problems"]].values.tolist() == [[second, "二季度路演", 2, 2],
                                                                               [first, "一季度路演", 1, 1]]
    assert list(meetings.raised_at(engine, second, date(2018, 6, 28))["raised_on"]) == [date(2018, 6, 27)] * 2


@pytest.fixture
def year_of_roadshows(engine, on_day):
    """Three roadshows of 2018 (3-28, 6-27, 9-27) and their problems; 泉水 speaks before 营城子 in the
    district's order. Returns the meetings and the problems by letter."""
    quanshui, yingchengzi = add_project(engine, street="泉水", name="泉水项目"), add_project(engine, name="营城子项目")
    m1, m2, m3 = (meetings.create_meeting(DISPATCH, 2018, day, title, engine=engine) for day, title in (
        (date(2018, 3, 28), "一季度路演"), (date(2018, 6, 27), "二季度路演"), (date(2018, 9, 27), "三季度路演")))
    p = {}

    def raised(letter, pid, day, deadline, meeting, problem_type="land", owner="区自然资源局"):
        on_day(day)
        p[letter] = problems.raise_problem(DISPATCH, pid, f"问题{letter}", problem_type, owner, deadline, meeting,
                                           engine=engine)

    def step(day, letter, action, note="说明"):
        on_day(day)
        problems.take_step(DISPATCH, p[letter], action, "weekly", note, engine=engine)

    raised("a", yingchengzi, date(2018, 3, 28), date(2018, 4, 30), m1)
    raised("b", quanshui, date(2018, 3, 28), date(2018, 5, 31), m1, "funding", "区发改局")
    raised("c", yingchengzi, date(2018, 3, 28), date(2018, 7, 31), m1)
    raised("d", quanshui, date(2018, 3, 28), date(2018, 6, 30), m1, "demolition", "专项工作组（征地拆迁）")
    step(date(2018, 4, 10), "b", "follow_up", "已对接银行")
    step(date(2018, 4, 20), "a", "request_closure")
    step(date(2018, 4, 25), "a", "close")
    raised("e", yingchengzi, date(2018, 6, 27), date(2018, 7, 15), m2)
    raised("f", quanshui, date(2018, 6, 27), date(2018, 9, 30), m2, "utilities", "供电公司")
    step(date(2018, 7, 5), "f", "follow_up", "临时用电方案已定")
    step(date(2018, 7, 10), "e", "request_closure")
    step(date(2018, 7, 12), "e", "close", "经核查属实")
    step(date(2018, 7, 20), "c", "request_closure")
    step(date(2018, 7, 25), "c", "close")
    # raised at a weekly dispatch, not at a roadshow
    raised("g", yingchengzi, date(2018, 8, 1), date(2018, 8, 20), None, "environment", "区生态环境分局")
    raised("h", yingchengzi, date(2018, 9, 27), date(2018, 10, 27), m3)
    on_day(date(2018, 10, 10))
    return (m1, m2, m3), p


def looked_back(engine, meeting, today=date(2018, 10, 10)):
    rows = meetings.lookback(engine, meeting, today)
    return [(r.id, r.status, r.deadline, r.overdue, r.days_open) for r in rows.itertuples()]


def test_the_first_roadshow_has_nothing_to_look_back_at(engine, year_of_roadshows):
    (m1, _, _), _ = year_of_roadshows
    assert looked_back(engine, m1) == []


def test_the_second_roadshow_looks_back_at_the_first_ones_problems_on_its_own_day(engine, year_of_roadshows):
    """On 6-27: b overdue since 5-31; then 泉水's d (deadline 6-30), then 营城子's a (closed 4-25) and c."""
    (_, m2, _), p = year_of_roadshows
    assert looked_back(engine, m2) == [(p["b"], "in_progress", date(2018, 5, 31), True, 91),
                                       (p["d"], "open", date(2018, 6, 30), False, 91),
                                       (p["a"], "resolved", date(2018, 4, 30), False, 28),
                                       (p["c"], "open", date(2018, 7, 31), False, 91)]


def test_the_third_roadshow_looks_back_at_the_second_ones_and_the_older_ones_still_open(engine, year_of_roadshows):
    """On 9-27: the second roadshow's e and f, g raised since at a dispatch, and the first's b and d,
    still open; a and c were closed, h is raised at the third roadshow itself."""
    (_, _, m3), p = year_of_roadshows
    assert looked_back(engine, m3) == [(p["b"], "in_progress", date(2018, 5, 31), True, 183),
                                       (p["d"], "open", date(2018, 6, 30), True, 183),
                                       (p["g"], "open", date(2018, 8, 20), True, 57),
                                       (p["f"], "in_progress", date(2018, 9, 30), False, 92),
                                       (p["e"], "resolved", date(2018, 7, 15), False, 15)]
    rows = meetings.lookback(engine, m3, date(2018, 10, 10)).set_index("id")
    assert rows.loc[p["f"], ["latest_on", "latest_level", "latest_action", "latest_note", "latest_by"]].tolist() == [
        date(2018, 7, 5), "weekly", "follow_up", "临时用电方案已定", "dispatch"]
    assert rows.loc[p["g"], ["latest_on", "street", "owner_unit", "problem_type"]].tolist() == [
        None, "营城子", "区生态环境分局", "environment"]


def test_a_roadshow_ahead_looks_back_as_of_today(engine, year_of_roadshows):
    """Read on 10-10 for 12-20: the third roadshow's h and everything older still open, overdue
    first (泉水's b, d, f, then 营城子's g), each open to 10-10."""
    _, p = year_of_roadshows
    m4 = meetings.create_meeting(DISPATCH, 2018, date(2018, 12, 20), "四季度路演", engine=engine)
    assert meetings.lookback_day(date(2018, 12, 20), date(2018, 10, 10)) == date(2018, 10, 10)
    assert looked_back(engine, m4) == [(p["b"], "in_progress", date(2018, 5, 31), True, 196),
                                       (p["d"], "open", date(2018, 6, 30), True, 196),
                                       (p["f"], "in_progress", date(2018, 9, 30), True, 105),
                                       (p["g"], "open", date(2018, 8, 20), True, 70),
                                       (p["h"], "open", date(2018, 10, 27), False, 13)]


def test_the_lookback_list_downloads_as_a_workbook_in_the_users_language(engine, year_of_roadshows):
    (_, m2, _), p = year_of_roadshows
    rows = meetings.lookback(engine, m2, date(2018, 10, 10))
    book = openpyxl.load_workbook(io.BytesIO(meetings.lookback_workbook(rows, "zh", {"dispatch": "区调度办"}.get)))
    assert book.sheetnames == ["回头看"]
    sheet = [list(r) for r in book["回头看"].iter_rows(values_only=True)]
    assert sheet[0] == ["所属街道", "项目编号", "项目名称", "问题", "问题类型", "责任单位/专项工作组", "包保区领导",
                        "措施", "提出日期", "期限", "状态", "逾期", "天数", "最新跟进"]
    assert [r[3] for r in sheet[1:]] == ["问题b", "问题d", "问题a", "问题c"]
    assert sheet[1][4:] == ["资金", "区发改局", None, None, sheet[1][8], sheet[1][9], "推进中", "是", 91,
                            "2018-04-10 周调度 · 跟进：已对接银行（区调度办）"]
    assert (sheet[1][8].date(), sheet[1][9].date()) == (date(2018, 3, 28), date(2018, 5, 31))
    assert sheet[3][10:13] == ["已销号", "否", 28]
    english = openpyxl.load_workbook(io.BytesIO(meetings.lookback_workbook(rows, "en", str)))
    assert english.sheetnames == ["Looking back"]
    assert next(english.active.iter_rows(values_only=True))[10:12] == ("Status", "overdue")


def test_meetings_problems_and_records_of_before_keep_their_meaning(engine):
    """Upgrading from 0005: a meeting takes the quarter of its day, a problem the type 其他 (other), a
    record that closed a problem becomes a closing (销号); the downgrade turns a closure request back
    into in progress, a status the old schema knows."""
    pid = add_project(engine)

    def to(revision, step):
        with engine.connect() as db:
            if engine.dialect.name == "sqlite":  # as database.migrate does
                db.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")
            with db.begin():
                step(alembic_config(db), revision)
            if engine.dialect.name == "sqlite":
                db.connection.driver_connection.execute("PRAGMA foreign_keys=ON")

    to("0005", command.downgrade)
    with engine.begin() as db:
        db.execute(sa.text("INSERT INTO meeting (plan_year, held_on, title) VALUES (2018, :day, '二季度路演')"),
                   {"day": date(2018, 6, 27)})
        db.execute(sa.text("INSERT INTO issue (meeting_id, project_id, description, owner_unit, raised_on, status) "
                           "VALUES (1, :pid, '用地', '区自然资源局', :day, 'resolved')"),
                   {"pid": pid, "day": date(2018, 6, 27)})
        for status in ("in_progress", "resolved"):
            db.execute(sa.text("INSERT INTO follow_up (issue_id, level, held_on, note, status_after, recorded_by) "
                               "VALUES (1, 'weekly', :day, '跟踪', :status, 'dispatch')"),
                       {"day": date(2018, 7, 4), "status": status})
    migrate(engine)
    with engine.connect() as db:
        assert db.execute(sa.select(Meeting.quarter, Meeting.created_by, Meeting.closed_at)).one() == (
            2, "system", None)
        assert db.execute(sa.select(Issue.problem_type, Issue.raised_by, Issue.leader)).one() == (
            "other", "system", None)
        assert db.execute(sa.select(FollowUp.action).order_by(FollowUp.id)).scalars().all() == ["follow_up", "close"]
    problems.take_step(DISPATCH, 1, "reopen", "weekly", "问题反复", engine=engine)
    problems.take_step(DISPATCH, 1, "request_closure", "weekly", "已办结", engine=engine)
    to("0005", command.downgrade)
    with engine.connect() as db:
        assert db.execute(sa.text("SELECT status FROM issue")).scalar() == "in_progress"
        assert db.execute(sa.text("SELECT status_after FROM follow_up ORDER BY id")).scalars().all() == [
            "in_progress", "resolved", "open", "in_progress"]
    migrate(engine)


def test_of_two_meetings_on_one_day_the_later_one_is_listed_first_and_its_problems_newest_first(engine, on_day):
    pid = add_project(engine)
    on_day(date(2018, 6, 27))
    meetings.create_meeting(DISPATCH, 2018, date(2018, 6, 27), "上午场", engine=engine)
    afternoon = meetings.create_meeting(DISPATCH, 2018, date(2018, 6, 27), "下午场", engine=engine)
    assert meetings.meeting_list(engine)["title"].tolist() == ["下午场", "上午场"]
    for text in ("用地", "资金", "用电"):
        problems.raise_problem(DISPATCH, pid, text, "land", "区自然资源局", date(2018, 7, 27), afternoon, engine=engine)
    assert meetings.raised_at(engine, afternoon, date(2018, 6, 28))["description"].tolist() == ["用电", "资金", "用地"]


def test_the_lookback_keeps_to_the_meetings_plan_year(engine, on_day):
    """2019's first roadshow looks back at 2019's preparatory one (held 2018-12-01), not at 2018's
    last (12-20), so the problem closed since is still listed; a 2018 project's problem is not."""
    this_year, last_year = add_project(engine, year=2019), add_project(engine)
    prep = meetings.create_meeting(DISPATCH, 2019, date(2018, 12, 1), "2019 年预备会", engine=engine)
    last = meetings.create_meeting(DISPATCH, 2018, date(2018, 12, 20), "四季度路演", engine=engine)
    first = meetings.create_meeting(DISPATCH, 2019, date(2019, 3, 28), "一季度路演", engine=engine)
    on_day(date(2018, 12, 1))
    closed = problems.raise_problem(DISPATCH, this_year, "用地", "land", "区自然资源局", date(2018, 12, 31), prep,
                                    engine=engine)
    on_day(date(2018, 12, 5))
    close_problem(engine, closed)
    on_day(date(2018, 12, 20))
    problems.raise_problem(DISPATCH, last_year, "资金", "funding", "区发改局", date(2019, 1, 31), last, engine=engine)
    assert looked_back(engine, first, date(2019, 3, 28)) == [(closed, "resolved", date(2018, 12, 31), False, 4)]
