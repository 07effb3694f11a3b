"""Issue 11: proposing a cycle's stars for every project (facts in SQL, the rule vectorised), confirming
them (ratings, the ledger's stars and history written in one transaction, on a scratch copy), and the
monthly street assessment. The scale data hold ratings of 2018Q1 and 2018Q2; its months are cycles
nobody has rated."""
from __future__ import annotations

import statistics
import time
from datetime import date

from bench import data
from bench.measure import timed
from roadshow import assessment, metrics, ratings
from roadshow.auth import Actor
from roadshow.database import get_engine

YEAR = 2018
LATER = date(2019, 1, 1)  # a "today" after the plan year: every cycle of 2018 is over
CONFIRMS = 3  # months confirmed, one per run: a confirmed cycle is fixed


def rating_figures(url: str, runs: int, postgres, confirm: bool, label: str, log=print) -> dict:
    """Propose a month's stars and the month's street assessment on the kept database; with `confirm`,
    confirm CONFIRMS months on a scratch copy of it."""
    engine = get_engine(url)
    projects = metrics.district(engine, YEAR, LATER)["projects"]
    log(f"[{label}] ratings: propose a cycle, street assessment …")
    propose, view = timed(lambda: ratings.cycle_view(engine, "2018-06", LATER), runs)
    assert len(view) == projects and view["stars"].isna().all()
    month, scores = timed(lambda: assessment.assessment(engine, YEAR, 6, LATER), runs)
    assert len(scores) > 0
    figures = {"propose a cycle": propose, "street assessment (a month)": month, "projects": projects}
    if confirm:
        log(f"[{label}] ratings: confirm a cycle (on a copy) …")
        copy = data.scratch_copy(url, "bench_ratings", postgres)
        dispatcher, times = Actor("bench", "dispatcher"), []
        for m in range(1, CONFIRMS + 1):
            start = time.perf_counter()
            rated = ratings.confirm(dispatcher, f"{YEAR}-{m:02d}", None, get_engine(copy))
            times.append(time.perf_counter() - start)
            assert rated == projects
        data.drop_copy(copy, postgres)
        figures["confirm a cycle"] = statistics.median(times)
    return figures
