"""Issue 10: the dispatch page (pages/dispatch.py) and a 回头看-style follow-up list
(bench/follow_up_list.py) under AppTest, each against a bare Streamlit page with the same elements
on the same data (bench/bare_dispatch.py, bench/bare_follow_up_list.py: hand-written SQL on the bare
sqlite3 driver, so SQLite only). Targets at city size: first run ≤ 1.5×, warm rerun ≤ 1.2×.

Each page runs in a child process of its own, once to set its server up (Roadshow's engine and
migration check, the imports), then `runs` times: a first run with the data caches cleared (a page
opened after the data changed) and a warm rerun reading them.

    .venv/bin/python -m bench.pages <database url> <runs> <script> <as of>   # a child's entry
"""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AS_OF = date(2018, 6, 29)  # the end of the scale data's half year: every problem list is at its longest
PAIRS = [("dispatch page", "pages/dispatch.py", "bench/bare_dispatch.py"),
         ("follow-up list", "bench/follow_up_list.py", "bench/bare_follow_up_list.py")]


def _child(url: str, runs: int, script: str, as_of: str) -> dict:
    os.environ["ROADSHOW_DATABASE_URL"] = url
    os.environ["BENCH_AS_OF"] = as_of  # the bare pages' day
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from bench.data import PASSWORD, USER
    from bench.measure import peak_rss_mb
    from roadshow.auth import sign_in
    from roadshow.ui import session

    token = sign_in(USER, PASSWORD, "bench")[1]  # Roadshow's pages are behind sign-in
    session.cookie_token = lambda: token  # AppTest sends no cookies

    def page() -> AppTest:
        at = AppTest.from_file(str(ROOT / script), default_timeout=300)
        at.query_params["as_of"] = as_of
        return at

    at = page().run()  # the server's set-up
    assert not at.exception and at.title, at.exception  # drawn, not stopped at the sign-in form
    first, warm = [], []
    for _ in range(runs):
        st.cache_data.clear()
        at = page()
        start = time.perf_counter()
        at.run()
        first.append(time.perf_counter() - start)
        assert not at.exception, at.exception
        start = time.perf_counter()
        at.run()
        warm.append(time.perf_counter() - start)
        assert not at.exception, at.exception
    return {"first": statistics.median(first), "warm": statistics.median(warm),
            "peak RSS MB": peak_rss_mb()}


def page_figures(url: str, runs: int, script: str) -> dict:
    done = subprocess.run([sys.executable, "-m", "bench.pages", url, str(runs), script, AS_OF.isoformat()],
                          capture_output=True, text=True, cwd=ROOT)
    if done.returncode:
        raise RuntimeError(f"{script} under AppTest failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def pair_figures(url: str, runs: int, label: str, log=print) -> dict:
    """{page: {first, warm, bare first, bare warm, first ratio, warm ratio}} for each pair."""
    results = {}
    for name, ours, bare in PAIRS:
        log(f"[{label}] AppTest: {name} against its bare page …")
        mine, yardstick = page_figures(url, runs, ours), page_figures(url, runs, bare)
        results[name] = {"first": mine["first"], "warm": mine["warm"], "bare first": yardstick["first"],
                         "bare warm": yardstick["warm"], "first ratio": mine["first"] / yardstick["first"],
                         "warm ratio": mine["warm"] / yardstick["warm"], "peak RSS MB": mine["peak RSS MB"]}
    return results


if __name__ == "__main__":
    print(json.dumps(_child(sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4])))
