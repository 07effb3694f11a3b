"""The browser benchmark: headless Chromium (Playwright, /usr/bin/chromium) against a real
`streamlit run server.py`, timing from the sign-in click to a fully drawn page, beside a bare
Streamlit page (bench/bare_page.py) drawing as many elements of each kind in the same run.

A page is fully drawn when its script has finished, nothing on it is stale or still loading (a
skeleton), every plotly chart has its SVG and every table its canvas, and the browser has painted that.
"""
from __future__ import annotations

import json
import os
import socket
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from bench.data import FOLDER, PASSWORD, USER
from bench.measure import peak_rss_mb

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TIMEOUT_MS = 300_000


@dataclass(frozen=True)
class BrowserPage:
    """A page the bench opens: its name in the results and its path with query."""

    name: str
    path: str


AS_OF = "as_of=2018-03-31"
PAGES = [
    BrowserPage("overview", f"/?{AS_OF}"),
    BrowserPage("street ranking", f"/streets?{AS_OF}"),
    BrowserPage("ledger", f"/ledger?{AS_OF}"),
    BrowserPage("meeting mode", "/meeting?meeting=1"),  # opens on 回头看, the last roadshow's problems
    BrowserPage("dispatch", "/dispatch?as_of=2018-06-29"),  # the day of bench/pages.py: the lists at their longest
]

DRAWN = """() => {
  const app = document.querySelector('[data-testid=stApp]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (document.querySelector('form.signin') || !document.querySelector('[data-testid=stMain] h1')) return false;
  if (document.querySelector('[data-stale=true], [data-testid=stSkeleton]')) return false;  // still loading
  // what is shown (not what waits in a closed expander, which draws only when opened)
  const shown = kind => [...document.querySelectorAll(`[data-testid=${kind}]`)].filter(e => e.checkVisibility());
  if (shown('stPlotlyChart').some(c => !c.querySelector('.main-svg'))) return false;
  return !shown('stDataFrame').some(f => !f.querySelector('canvas'));
}"""
PAINTED = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => done(true))))"
ELEMENTS = """() => {
  const counts = {};
  for (const box of document.querySelectorAll('[data-testid=stApp] [data-testid=stElementContainer]')) {
    let element = box.firstElementChild;
    if (element && element.getAttribute('data-testid') === 'stFullScreenFrame') {
      element = element.querySelector('[data-testid]');  // a chart's or a table's frame
    }
    const kind = element && element.getAttribute('data-testid') || 'other';
    counts[kind] = (counts[kind] || 0) + 1;
  }
  return counts;
}"""
MARKS = "() => document.querySelectorAll('.main-svg path.surface, .main-svg .point path, .main-svg .slice').length"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serve(script: str, database_url: str | None = None):
    """`streamlit run <script>` on a free port: (its URL, its process)."""
    port = _free_port()
    FOLDER.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, **({"ROADSHOW_DATABASE_URL": database_url} if database_url else {})}
    with open(FOLDER / f"streamlit-{port}.log", "w") as log:
        server = subprocess.Popen([sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port),
                                   "--server.headless", "true"], cwd=ROOT, env=env, stdout=log,
                                  stderr=subprocess.STDOUT)
        try:
            for _ in range(600):
                try:
                    with socket.create_connection(("127.0.0.1", port), timeout=1):
                        break
                except OSError:
                    time.sleep(0.1)
            yield f"http://127.0.0.1:{port}", server
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()


class Tab:
    """A fresh browser context (its own cookies, so its own sign-in) counting what the server sends."""

    def __init__(self, browser) -> None:
        self.context = browser.new_context(viewport={"width": 1400, "height": 1000})
        self.tab = self.context.new_page()
        self.received = 0
        self.tab.on("websocket", lambda ws: ws.on("framereceived", self._count))

    def _count(self, frame) -> None:
        self.received += len(frame) if isinstance(frame, (bytes, str)) else 0

    def drawn(self) -> float:
        """Wait until the page is fully drawn; the moment it was."""
        self.tab.wait_for_function(DRAWN, polling="raf", timeout=TIMEOUT_MS)
        self.tab.evaluate(PAINTED)
        return time.perf_counter()

    def close(self) -> None:
        self.context.close()


def open_page(browser, base: str, page: BrowserPage, shot: Path | None = None) -> dict:
    """Sign in on the page's URL and time from the click to the page fully drawn."""
    tab = Tab(browser)
    try:
        tab.tab.goto(base + page.path)
        tab.tab.get_by_label("用户名").fill(USER)
        tab.tab.get_by_label("密码").fill(PASSWORD)
        start = time.perf_counter()
        with tab.tab.expect_navigation(timeout=TIMEOUT_MS):
            tab.tab.get_by_role("button", name="登录").click()
        seconds = tab.drawn() - start
        if shot:
            tab.tab.screenshot(path=shot, full_page=True)
        return {"seconds": seconds, "elements": tab.tab.evaluate(ELEMENTS), "marks": tab.tab.evaluate(MARKS),
                "received": tab.received}
    finally:
        tab.close()


def open_bare(browser, base: str, elements: dict) -> float:
    """Time from opening the bare page with these elements to it fully drawn."""
    counts = dict(elements)
    counts["stHeading"] = counts.get("stHeading", 1) - 1  # the bare page has its own title
    tab = Tab(browser)
    try:
        start = time.perf_counter()
        tab.tab.goto(f"{base}/?counts={quote(json.dumps(counts))}")
        return tab.drawn() - start
    finally:
        tab.close()


def browser_figures(database_url: str, runs: int, label: str, log=print) -> dict:
    """For each page: the first visit after the server started (cold caches), the median of `runs`
    later visits, and the bare page's median; with what was drawn and sent. And the server's peak RSS."""
    from playwright.sync_api import sync_playwright

    results = {}
    shots = FOLDER / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright, serve("server.py", database_url) as (base, server), \
            serve("bench/bare_page.py") as (bare_base, _):
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        for page in PAGES:
            log(f"[{label}] browser: {page.name} …")
            cold = open_page(browser, base, page, shots / f"{label}-{page.name}.png".replace(" ", "-"))
            warm, bare = [], []
            for _ in range(runs):
                warm.append(open_page(browser, base, page)["seconds"])
                bare.append(open_bare(browser, bare_base, cold["elements"]))
            results[page.name] = {
                "cold": cold["seconds"], "warm": statistics.median(warm), "bare": statistics.median(bare),
                "elements": sum(cold["elements"].values()), "marks": cold["marks"], "received": cold["received"],
            }
        browser.close()
        results["server peak RSS MB"] = peak_rss_mb(server.pid)
    return results
