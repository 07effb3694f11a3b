"""The dispatch office's and a street official's work in a real browser (Debian's Chromium through
Playwright, as tests/test_browser.py): a roadshow is created and a problem raised at it, the street
official asks for its closure from a phone, the dispatch office closes it, and the next roadshow's
回头看 shows it closed. Screenshots land in test-output/screenshots/."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest

from roadshow.auth import Actor
from roadshow.database import get_engine, migrate
from roadshow.demo import create_demo_accounts
from roadshow.services import ensure_streets, update_project
from roadshow.settings import today
from tests.conftest import add_project
from tests.test_browser import Page, browser, demo, serve  # noqa: F401 (browser and demo are fixtures)

MAIN = "[data-testid=stMain]"


@pytest.fixture(scope="module")
def this_year(tmp_path_factory):
    """A database of this plan year: the demo accounts and one project of 营城子 with its leader."""
    engine = get_engine(f"sqlite:///{tmp_path_factory.mktemp('work') / 'work.db'}")
    migrate(engine)
    ensure_streets(engine)
    create_demo_accounts(engine)
    pid = add_project(engine, street="营城子", stage="new", year=today().year, name="营城子冷链物流中心项目")
    update_project(Actor("setup", "dispatcher"), pid, 1, {"leader": "王建国"}, engine=engine)
    return engine


def choose(page: Page, label: str, text: str) -> None:
    """Pick (or, where new ones are accepted, add) an option of the selectbox labelled `label`."""
    page.tab.get_by_test_id("stSelectbox").filter(has_text=label).click()
    page.tab.keyboard.type(text)
    page.tab.keyboard.press("Enter")
    page.settle(MAIN)


def type_date(page: Page, label: str, day) -> None:
    """Type a day into a date field, segment by segment (year, month, day), as a person does."""
    for segment, value in (("year", f"{day.year}"), ("month", f"{day.month:02d}"), ("day", f"{day.day:02d}")):
        page.tab.get_by_role("spinbutton", name=f"{segment}, {label}").click()
        page.tab.keyboard.type(value)
    page.tab.keyboard.press("Escape")  # the calendar the click opened


def test_a_problem_is_raised_asked_to_close_closed_and_looked_back_at(this_year, browser):  # noqa: F811
    with serve(this_year) as url:
        office = Page(browser).sign_in(url + "/meetings", "dispatch", "[data-testid=stForm]")
        office.tab.get_by_label("会议地点").fill("区政府常务会议室")
        office.tab.get_by_role("button", name="创建会议").click()
        office.settle("text=已创建会议")
        choose(office, "街道", "营城子")
        office.tab.get_by_label("问题描述").fill("冷库用电负荷不足，需增容")
        choose(office, "问题类型", "水电气暖")
        choose(office, "责任单位/专项工作组", "供电公司")  # a unit never named before
        office.tab.get_by_role("button", name="登记问题").click()
        office.settle("text=已登记问题：冷库用电负荷不足，需增容")
        assert "本次会议提出的问题（1）" in office.text()
        office.assert_healthy()
        office.shot("meetings-raised")

        phone = Page(browser, width=390, height=1800).sign_in(url + "/problems?problem=1", "yingchengzi",
                                                             "[data-testid=stForm]")
        assert "营城子冷链物流中心项目" in phone.text() and "供电公司" in phone.text()
        phone.tab.get_by_test_id("stRadio").get_by_text("申请销号").click()
        phone.settle("text=已完成的工作")
        phone.tab.get_by_label("已完成的工作").fill("已完成增容改造，通电验收合格")
        phone.tab.get_by_role("button", name="申请销号", exact=True).click()
        phone.settle("text=已申请销号，等待区调度办核查。")
        phone.assert_healthy()
        phone.shot("problems-phone-closure-requested")
        width = phone.tab.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"the page is {width}px wide on a 390px phone"

        office.tab.goto(url + "/problems?problem=1")
        office.settle("text=核查意见")
        assert "已完成增容改造，通电验收合格" in office.text()
        office.tab.get_by_role("button", name="销号", exact=True).click()
        office.settle("text=已销号。")
        office.shot("problems-closed")

        office.tab.goto(url + "/meetings")
        office.settle("[data-testid=stExpander]")
        office.tab.get_by_test_id("stExpander").filter(has_text="新建路演会议").locator("summary").click()
        next_week = today() + timedelta(days=7)
        type_date(office, "会议日期", next_week)
        office.tab.get_by_role("button", name="创建会议").click()
        office.settle("text=已创建会议")
        office.tab.get_by_role("tab", name="回头看").click()
        office.settle("text=共 1 个")
        assert "共 1 个：已销号 1，申请销号 0，推进中 0，待办 0；逾期 0" in office.text()
        choose(office, "查看问题的跟踪记录", "冷库")
        office.settle("text=经核查属实")
        assert "申请销号：已完成增容改造，通电验收合格" in office.text()
        office.assert_healthy()
        office.shot("meetings-lookback")


def test_a_street_official_sees_what_needs_it_on_a_phone_and_opens_it(demo, browser):  # noqa: F811
    """The demo as of 30 June: 营城子's official lands on its list and taps the request sent back."""
    with serve(demo) as url:
        phone = Page(browser, width=390, height=2400).sign_in(url + "/inbox", "yingchengzi",
                                                             "text=30 天未更新的项目（4）")
        text = phone.text()
        assert "逾期问题（2）" in text and "7 日内到期（2）" in text and "销号申请被退回（1）" in text
        width = phone.tab.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"the page is {width}px wide on a 390px phone"
        phone.assert_healthy()
        phone.shot("inbox-phone")
        phone.tab.get_by_role("button", name=re.compile("退回：")).click()
        phone.settle("text=跟踪记录")
        assert "推进中" in phone.text() and "退回" in phone.text()
        phone.assert_healthy()
        phone.shot("problem-sent-back-phone")


def test_the_q2_roadshow_opens_with_the_look_back_at_q1_in_both_languages(demo, browser):  # noqa: F811
    with serve(demo) as url:
        page = Page(browser, width=1920, height=1080).sign_in(url + "/meeting?meeting=2&present=true", "leader",
                                                             "text=1 / 69")
        assert "回头看：2018-03-28 路演问题清单（1/6）" in page.text()
        assert "36\n问题总数\n21\n已销号\n4\n申请销号\n8\n推进中\n3\n待办\n14\n逾期" in page.text()  # the slide's strip
        page.assert_healthy()
        page.shot("meeting-2-lookback")
        page.tab.goto(url + "/meeting?meeting=2&lang=English")
        page.settle("text=1 / 75")  # English wraps to more lines: the 36 problems over 8 slides, not 6
        assert "Looking back: problems of the 2018-03-28 roadshow (1/8)" in page.text()
        page.tab.get_by_test_id("stExpander").filter(has_text="The look-back list").locator("summary").click()
        page.settle("text=36 problems")
        assert "36 problems: 21 closed, 4 awaiting closure, 8 in progress, 3 open; 14 overdue" in page.text()
        page.assert_healthy()
        page.shot("meeting-2-lookback-en")
