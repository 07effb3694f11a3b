"""End to end in a real browser: `streamlit run server.py` (the app and its sign-in route)
on a demo database, driven by Playwright in Debian's Chromium. Screenshots land in
test-output/screenshots/."""
from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa

from roadshow.database import get_engine, migrate
from roadshow.demo import DEMO_PASSWORD, create_demo_accounts, load_demo
from roadshow.models import Project, Street
from roadshow.services import ensure_streets
from roadshow.ui.access import PAGES as PAGE_FILES

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "test-output" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
CHARTS_DRAWN = "[data-testid=stPlotlyChart] >> nth=0"
# on a page's own URL Streamlit's front end first looks for its server under that path, then at the root
PROBE = re.compile(r"/[a-z_]+/_stcore/(health|host-config)$")
# (sidebar link, screenshot name, a selector that shows the page has finished drawing) per page
PAGES = [("总览", "overview", CHARTS_DRAWN), ("我的项目", "my-projects", "[data-testid=stForm]"),
         ("街道路演", "streets", "[data-testid=stDataFrame]"), ("项目台账", "ledger", "[data-testid=stDataFrame]"),
         ("会议模式", "meeting", "text=1 / 69"), ("问题跟踪", "problems", "[data-testid=stDataFrame]"),
         ("路演会议", "meetings", "[data-testid=stTabs]"), ("星级动态", "stars", CHARTS_DRAWN),
         ("月调度考核", "assessment", "[data-testid=stDataFrame]"), ("星级评定", "rating", "[data-testid=stDataFrame]"),
         ("周/月/季调度", "dispatch", CHARTS_DRAWN)]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    engine = get_engine(f"sqlite:///{tmp_path_factory.mktemp('e2e') / 'demo.db'}")
    migrate(engine)
    ensure_streets(engine)
    load_demo(engine)
    create_demo_accounts(engine)
    return engine


@contextmanager
def serve(engine):
    """A freshly started `streamlit run server.py` on `engine`'s database: its URL."""
    port = _free_port()
    SHOTS.parent.mkdir(parents=True, exist_ok=True)
    log = open(SHOTS.parent / f"streamlit-{port}.log", "w")  # a pipe nobody reads would block the server
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "server.py", "--server.port", str(port), "--server.headless", "true"],
        cwd=ROOT, env={**os.environ, "ROADSHOW_DATABASE_URL": engine.url.render_as_string(hide_password=False)},
        stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:  # the TCP port, not a page: the first page request must be the test's own
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("streamlit did not start")
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


@pytest.fixture(scope="module")
def app_url(demo):
    with serve(demo) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{CHROMIUM} is required under CI (make test installs Debian's chromium)")
        pytest.skip(f"browser test SKIPPED — {CHROMIUM} missing; `make test` installs it as root")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


class Page:
    """A browser tab of its own (own cookies, own Streamlit session) that records
    console errors and waits for Streamlit to settle."""

    def __init__(self, browser, width=1400, height=1800):
        self.context = browser.new_context(viewport={"width": width, "height": height})
        self.tab = self.context.new_page()
        self.errors: list[str] = []
        # a failed request is recorded by its URL (below), not by the console's copy of it
        self.tab.on("console", lambda m: self.errors.append(m.text)
                    if m.type == "error" and not m.text.startswith("Failed to load resource") else None)
        self.tab.on("pageerror", lambda e: self.errors.append(str(e)))
        self.tab.on("response", lambda r: self.errors.append(f"{r.status} {r.url}")
                    if r.status >= 400 and not PROBE.search(r.url) else None)

    def sign_in(self, url: str, username: str, ready: str = CHARTS_DRAWN):
        self.tab.goto(url)
        self.tab.get_by_label("用户名").fill(username)
        self.tab.get_by_label("密码").fill(DEMO_PASSWORD)
        self.tab.get_by_role("button", name="登录").click()
        return self.settle(ready)

    def go(self, link: str, ready: str):
        self.tab.get_by_test_id("stSidebarNav").get_by_text(link, exact=True).click()
        return self.settle(ready)

    def settle(self, ready: str):
        self.tab.wait_for_selector(ready, timeout=30_000)
        self.tab.wait_for_selector("[data-testid=stStatusWidget]", state="detached", timeout=30_000)
        self.tab.wait_for_timeout(500)  # let plotly finish drawing before a screenshot
        return self

    def assert_healthy(self):
        assert self.tab.locator("[data-testid=stException]").count() == 0, self.tab.inner_text("body")[:2000]
        assert not self.errors, self.errors

    def text(self) -> str:
        return self.tab.inner_text("[data-testid=stMain]")

    def kpi(self, name: str) -> str:
        card = self.tab.get_by_test_id("stMetric").filter(has_text=name)
        return card.get_by_test_id("stMetricValue").inner_text()

    def shot(self, name: str):
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.tab.screenshot(path=SHOTS / f"{name}.png", full_page=True)


def test_every_page_opens_without_errors(app_url, browser):
    page = Page(browser).sign_in(app_url + "/?as_of=2018-03-31", "dispatch")
    for link, name, ready in PAGES:
        page.go(link, ready)
        page.assert_healthy()
        page.shot(name)


def test_a_wrong_password_is_refused(app_url, browser):
    page = Page(browser)
    page.tab.goto(app_url)
    page.tab.get_by_label("用户名").fill("leader")
    page.tab.get_by_label("密码").fill("not-the-password")
    page.tab.get_by_role("button", name="登录").click()
    page.tab.wait_for_selector("text=用户名或密码不正确，或尝试过于频繁。请核对后稍候再试。")
    assert "signin=failed" in page.tab.url and "not-the-password" not in page.tab.url
    page.shot("sign-in-refused")


def test_overview_figures_and_language_switch(app_url, browser):
    page = Page(browser).sign_in(app_url + "/?as_of=2018-03-31", "leader")
    assert page.kpi("复工率") == "83.0%" and page.kpi("开复工项目") == "63"
    page.tab.get_by_role("radio", name="English").click()
    page.tab.wait_for_selector("text=Resumption rate", timeout=30_000)
    page.settle(CHARTS_DRAWN)
    assert "Key projects overview" in page.text() and page.kpi("Resumption rate") == "83.0%"
    assert "lang=English" in page.tab.url  # the choice is kept in a shareable link
    page.assert_healthy()
    page.shot("overview-en")


def _unstarted_project(engine, street: str) -> tuple[str, str]:
    with engine.connect() as db:
        return tuple(db.execute(sa.select(Project.code, Project.name).join(Street).where(
            Street.name == street, Project.stage == "new", Project.start_date.is_(None)).order_by(Project.code)).first())


def test_a_street_official_updates_a_project_from_a_phone_and_a_leader_sees_it(app_url, browser, demo):
    leader = Page(browser).sign_in(app_url + "/?as_of=2018-12-31", "leader")
    before = int(leader.kpi("开复工项目"))
    code, name = _unstarted_project(demo, "营城子")

    phone = Page(browser, width=390, height=2400).sign_in(app_url + "/?as_of=2018-12-31", "yingchengzi")
    phone.tab.get_by_test_id("stSidebarCollapsedControl").or_(phone.tab.get_by_test_id("stExpandSidebarButton")).first.click()
    phone.go("我的项目", "[data-testid=stForm]")
    phone.tab.get_by_test_id("stSidebarCollapseButton").locator("button").click()  # the menu covers a phone
    phone.tab.get_by_test_id("stSelectbox").filter(has_text="项目").click()
    phone.tab.keyboard.type(code)
    phone.tab.keyboard.press("Enter")
    # the chosen option is shown as the value of the selectbox's input
    phone.tab.wait_for_function("code => [...document.querySelectorAll('[data-testid=stSelectbox] input')]"
                                ".some(i => i.value.includes(code))", arg=code)
    phone.settle("[data-testid=stForm]")
    # on a busy machine the previous project's form can linger a moment beside the new one (not started: empty)
    phone.tab.wait_for_function("(inputs => inputs.length === 1 && inputs[0].value === '')"
                                "(document.querySelectorAll('input[aria-label=\"开复工日期\"]'))")
    phone.tab.get_by_label("开复工日期").fill("2018-05-20")  # text the service parses and checks
    phone.tab.get_by_label("进展说明").fill("手机端更新：已开工")
    phone.tab.get_by_role("button", name="保存", exact=True).click()
    phone.settle("text=已保存。")
    phone.assert_healthy()
    phone.shot("my-projects-phone-saved")

    leader.go("总览", CHARTS_DRAWN)  # the leader's next look shows the new figure
    assert int(leader.kpi("开复工项目")) == before + 1
    leader.go("项目台账", "[data-testid=stDataFrame]")
    leader.tab.get_by_test_id("stSelectbox").filter(has_text="项目").last.click()
    leader.tab.keyboard.type(code)
    leader.tab.keyboard.press("Enter")
    leader.settle("text=手机端更新：已开工")
    assert "营城子街道" in leader.text()  # the history shows who did it, by name
    leader.shot("project-history")


def test_a_shared_link_opens_after_sign_in_and_nothing_shows_before(app_url, browser):
    page = Page(browser)
    page.tab.goto(app_url + "/streets?as_of=2018-03-31&street=营城子")
    page.tab.wait_for_selector("input[type=password]")
    assert "街道排名" not in page.tab.inner_text("body")  # no page content before sign-in
    page.sign_in(app_url + "/streets?as_of=2018-03-31&street=营城子", "leader", "text=营城子街道")
    assert "街道排名" in page.text() and "营城子街道" in page.text()
    assert page.kpi("复工率") == "50.0%"
    page.assert_healthy()
    page.shot("streets-report")


def test_meeting_mode_is_presented_with_next_only(app_url, browser):
    page = Page(browser, height=1000).sign_in(app_url + "/meeting?meeting=1&present=true", "leader",
                                              "text=没有需要回头看的问题。")  # the first roadshow looks back at nothing
    assert page.tab.get_by_test_id("stSidebar").is_hidden()  # full screen
    page.shot("meeting-1-lookback")
    seen = []
    for _ in range(61):  # the deck's 62 slides
        page.tab.get_by_role("button", name="下一页 ▶").click()
        page.tab.wait_for_function("n => document.body.innerText.includes(n + ' / 62')", arg=len(seen) + 2)
        page.settle("h1")
        seen.append(page.tab.locator("h1").first.inner_text())
        if len(seen) in (1, 60):
            page.shot(f"meeting-{len(seen) + 1}")
    assert seen[0] == "2018年一季度重点项目路演" and seen[6] == "1. 营城子街道汇报（1/3）"
    assert seen[-1] == "下一步工作：逾期未开工项目"
    assert page.tab.get_by_role("button", name="下一页 ▶").is_disabled()
    page.assert_healthy()


CUT_TEXT = """() => [...document.querySelectorAll('.st-key-meeting_nav *')]
    .filter(e => e.innerText && e.scrollWidth > e.clientWidth).map(e => e.innerText)"""


@pytest.mark.parametrize("width, english", [(1400, False), (1920, False), (1400, True)])
def test_meeting_mode_s_controls_are_read_whole_beside_the_sidebar(app_url, browser, width, english):
    page = Page(browser, width=width, height=1000).sign_in(app_url + "/meeting?meeting=1", "leader",
                                                           "text=没有需要回头看的问题。")
    if english:
        page.tab.get_by_test_id("stSidebar").get_by_text("English").click()
        page.tab.wait_for_selector("text=Full screen")
    page.settle("h1")
    assert page.tab.evaluate(CUT_TEXT) == []  # no label cut to "全屏演…"
    page.assert_healthy()


# the numbers and dates of the slide's table that are broken over lines ("7 / 5", "2018- / 02-26")
BROKEN_NUMBERS = """() => [...document.querySelectorAll('.rs-table td')]
    .filter(td => /^[0-9][0-9.,%-]*$/.test(td.innerText.trim()))
    .filter(td => { const r = document.createRange(); r.selectNodeContents(td); return r.getClientRects().length > 1; })
    .map(td => td.innerText)"""


# the KPI values that run past their tile ("1,322.12 亿元" at 1400 px)
KPI_OVERFLOWS = """() => [...document.querySelectorAll('.rs-kpi .rs-value')]
    .filter(value => value.scrollWidth > value.clientWidth).map(value => value.innerText)"""


def test_a_slide_beside_the_sidebar_is_the_projector_s_slide_scaled_down(app_url, browser):
    page = Page(browser, width=1400, height=1000).sign_in(app_url + "/meeting?meeting=2", "leader", ".rs-table td")
    page.settle(".rs-table")
    assert page.tab.locator(".rs-table td").count() > 0 and page.tab.evaluate(BROKEN_NUMBERS) == []
    for n in range(2, 8):  # on to the summary (after 回头看's six slides): its amount is the longest figure
        page.tab.get_by_role("button", name="下一页 ▶").click()
        page.tab.wait_for_function("text => document.querySelector('.rs-counter')?.innerText.startsWith(text)",
                                   arg=f"{n} /", timeout=30_000)
    page.settle(".rs-kpi")
    assert "亿元" in page.tab.locator(".rs-kpis").inner_text() and page.tab.evaluate(KPI_OVERFLOWS) == []
    page.assert_healthy()


@pytest.mark.parametrize("page_file", [p.file for p in PAGE_FILES])
def test_each_page_url_on_a_fresh_server_shows_only_the_sign_in(demo, browser, page_file):
    """Before anything else has run on the server: the page's own URL, with data-bearing query."""
    with serve(demo) as url:
        page = Page(browser)
        path = "" if page_file == PAGE_FILES[0].file else Path(page_file).stem  # the first page is the root
        page.tab.goto(f"{url}/{path}?as_of=2018-03-31&street=营城子&project=GJZ-2018-001")
        page.tab.wait_for_selector("input[type=password]", timeout=30_000)
        page.settle("form.signin")
        main = page.text()
        assert main.split() == ["登录", "用户名", "密码", "登录"], main  # the form, and nothing else
        assert page.tab.get_by_test_id("stSidebarNav").count() == 0
        page.assert_healthy()


def test_a_reload_and_a_new_tab_stay_signed_in_until_sign_out(app_url, browser):
    page = Page(browser).sign_in(app_url + "/?as_of=2018-03-31", "leader")
    cookie = next(c for c in page.context.cookies() if c["name"] == "roadshow_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"
    page.tab.reload()
    page.settle(CHARTS_DRAWN)
    assert page.kpi("复工率") == "83.0%"
    second = page.context.new_page()  # a new tab of the same browser
    second.goto(app_url + "/streets?as_of=2018-03-31")
    second.wait_for_selector("text=街道排名", timeout=30_000)
    second.close()
    page.tab.get_by_role("button", name="退出登录").click()
    page.settle("form.signin")
    page.tab.reload()
    page.settle("form.signin")  # the cookie is still there, but its session is gone
    page.assert_healthy()


def test_the_admin_disables_an_official_whose_next_click_shows_the_sign_in(app_url, browser):
    official = Page(browser, width=390, height=1600).sign_in(app_url + "/?as_of=2018-03-31", "xinzhaizi")
    admin = Page(browser).sign_in(app_url + "/", "admin", "text=管理用户")  # the root is the leaders' overview
    assert admin.tab.url.endswith("/admin")  # so the admin is sent to their own first page
    admin.tab.get_by_test_id("stSelectbox").filter(has_text="管理用户").click()
    admin.tab.keyboard.type("xinzhaizi")
    admin.tab.keyboard.press("Enter")
    admin.settle("text=停用账号")
    admin.tab.get_by_role("button", name="停用账号").click()
    admin.settle("text=已停用 xinzhaizi，其会话已结束。")
    admin.shot("admin-disabled")
    official.tab.get_by_text("仅市重点").click()  # any click
    official.settle("form.signin")
    assert "用户名" in official.text()
    official.shot("official-signed-out")
    admin.tab.get_by_role("button", name="启用账号").click()  # leave the shared demo as it was
    admin.settle("text=已启用 xinzhaizi。")


@pytest.mark.parametrize("demo_engine", ["postgresql"], indirect=True)
def test_two_app_servers_over_one_postgresql_share_the_sign_in(demo_engine, browser):
    """As behind a load balancer: signed in through one server, the next request reaches another."""
    with serve(demo_engine) as first, serve(demo_engine) as second:
        page = Page(browser).sign_in(first + "/?as_of=2018-03-31", "leader")
        page.tab.goto(second + "/?as_of=2018-03-31")  # the same cookie (a host's cookies ignore the port)
        page.settle(CHARTS_DRAWN)
        assert page.kpi("复工率") == "83.0%"
        page.tab.get_by_role("button", name="退出登录").click()  # signing out on one ends it on both
        page.settle("form.signin")
        page.tab.goto(first + "/?as_of=2018-03-31")
        page.settle("form.signin")
        page.assert_healthy()


def test_a_chart_and_the_meetings_deck_download_as_valid_files(app_url, browser, tmp_path):
    import io
    import zipfile

    from PIL import Image
    from pptx import Presentation

    page = Page(browser).sign_in(app_url + "/?as_of=2018-03-31", "leader")
    with page.tab.expect_download() as download:
        page.tab.get_by_role("button", name="PNG", exact=True).first.click()
    assert download.value.suggested_filename == "street-rates-2018-03-31.png"
    saved = tmp_path / "chart.png"
    download.value.save_as(saved)
    assert Image.open(saved).format == "PNG" and Image.open(saved).size == (1920, 1080)

    page.tab.goto(app_url + "/meeting?meeting=1")
    page.settle("text=回头看：此前的问题清单")  # meeting mode opens on 回头看, a slide
    page.tab.get_by_text("整套幻灯片（PNG 压缩包 / PPTX）").click()
    page.tab.get_by_role("button", name=re.compile("生成整套幻灯片")).click()
    page.settle("text=下载 PPTX")
    with page.tab.expect_download() as download:
        page.tab.get_by_role("button", name=re.compile("下载 PNG 压缩包")).click()
    names = zipfile.ZipFile(io.BytesIO(Path(download.value.path()).read_bytes())).namelist()
    with page.tab.expect_download() as download:
        page.tab.get_by_role("button", name="下载 PPTX").click()
    assert download.value.suggested_filename == "roadshow-2018-03-28.pptx"
    assert len(Presentation(download.value.path()).slides) == len(names) == 62  # as the counter says: "1 / 62"
    assert names[:2] == ["01-lookback.png", "02-summary.png"]
    page.assert_healthy()
    page.shot("meeting-deck-built")
def test_the_dispatch_office_imports_a_ledger_in_the_browser(browser, tmp_path):
    """The template downloads (built on the click), a file with a bad row is previewed with the row named,
    the corrected file is imported; on a database of its own, so the shared demo keeps its figures."""
    import io

    import openpyxl

    from tests.exchange_files import row, xlsx
    engine = get_engine(f"sqlite:///{tmp_path / 'import.db'}")
    migrate(engine)
    ensure_streets(engine)
    load_demo(engine)
    create_demo_accounts(engine)
    with serve(engine) as url:
        page = Page(browser).sign_in(url + "/?as_of=2018-03-31", "dispatch")
        page.go("导入台账", "[data-testid=stFileUploader]")
        with page.tab.expect_download() as download:
            page.tab.get_by_role("button", name="下载导入模板（xlsx）").click()
        assert download.value.suggested_filename == "项目台账导入模板.xlsx"
        template = openpyxl.load_workbook(io.BytesIO(open(download.value.path(), "rb").read()))
        assert template.sheetnames == ["项目台账", "填写说明", "选项"]
        bad = tmp_path / "二季度新增.xlsx"
        bad.write_bytes(xlsx([row(项目名称="浏览器导入项目", 建设性质="前期", 开复工日期=None),
                              row(项目名称="火星项目", 所属街道="火星")]))
        page.tab.locator("input[type=file]").set_input_files(str(bad))
        page.settle("text=预览：二季度新增.xlsx")
        # the table of bad rows is drawn on a canvas: its count and banner are the page's text
        assert page.kpi("错误行") == "1" and "错误（1 处）：改正后重新上传。数据库未作任何修改。" in page.text()
        assert page.tab.get_by_role("button", name="确认导入").is_disabled()
        page.shot("import-preview-errors")
        good = tmp_path / "二季度新增（改）.xlsx"
        good.write_bytes(xlsx([row(项目名称="浏览器导入项目", 建设性质="前期", 开复工日期=None)]))
        page.tab.locator("input[type=file]").set_input_files(str(good))
        page.settle("text=预览：二季度新增（改）.xlsx")
        page.shot("import-preview")
        page.tab.get_by_role("button", name="确认导入").click()
        page.settle("text=导入成功：新增 1 个项目，更新 0 个，未变 0 个。")
        page.assert_healthy()
        with engine.connect() as db:
            assert db.execute(sa.select(Project.code).where(Project.name == "浏览器导入项目")).scalar() == "GJZ-2018-236"  # after the demo's 235
        page.go("数据导出", "[data-testid=stDownloadButton]")
        with page.tab.expect_download() as download:
            page.tab.get_by_test_id("stDownloadButton").first.click()
        exported = openpyxl.load_workbook(io.BytesIO(open(download.value.path(), "rb").read())).active
        assert exported.max_row == 1 + 236 and exported["B1"].value == "项目名称"
        page.assert_healthy()
        page.shot("exports")
        page.tab.get_by_role("radio", name="English").click()
        page.settle("text=Follow-up list (as of 2018-03-31)")
        page.go("Import ledger", "[data-testid=stFileUploader]")
        page.tab.locator("input[type=file]").set_input_files(str(bad))
        page.settle("text=Preview: 二季度新增.xlsx")
        assert "Errors (1): correct them and upload again. Nothing was written." in page.text()
        page.assert_healthy()
        page.shot("import-preview-en")
        official = Page(browser, width=390, height=1400).sign_in(url + "/street_sheet", "yingchengzi",
                                                                 "[data-testid=stFileUploader]")
        with official.tab.expect_download() as download:
            official.tab.get_by_role("button", name="下载填报表（xlsx）").click()
        sheet = openpyxl.load_workbook(io.BytesIO(open(download.value.path(), "rb").read())).active
        assert {r[2] for r in sheet.iter_rows(min_row=2, values_only=True)} == {"营城子街道"}
        official.assert_healthy()
        official.shot("street-sheet-phone")
