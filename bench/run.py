"""Benchmarks at district, city and province size, on SQLite and on PostgreSQL; writes bench/RESULTS.md
and the query plans to bench/PLANS.md.

    make bench                                                # every size, both databases, every area
    .venv/bin/python bench/run.py district city               # some sizes
    .venv/bin/python bench/run.py city --backends sqlite --areas ratings,exchange
    .venv/bin/python bench/run.py --report                    # RESULTS.md again from the saved figures

The databases are generated once and kept in ROADSHOW_BENCH_DIR (bench/data.py). The areas, each a
module of bench/ (a figure is a median of several runs):

- queries (aggregates.py, issue 14): every aggregate the pages read, on both databases in turn;
- browser (browser.py, issues 10 and 14): each page in headless Chromium beside a bare page;
- pages (pages.py, issue 10): the dispatch page and a follow-up list under AppTest beside bare pages
  with the same elements on the same data (SQLite; district and city);
- ratings (ratings.py, issue 11): proposing and confirming a cycle, the street assessment;
- exchange (exchange.py, issues 13 and 14; city): imports previewed and committed, the CLI import,
  a rejected file, a 100,000-row file and its memory;
- writes (writes.py, issue 14; city): the latency of 400 edits by 8 concurrent writers.

The figures are saved in ROADSHOW_BENCH_DIR/results.json; a run of some sizes, databases or areas
replaces those and keeps the others', so RESULTS.md always shows every figure with when it was taken.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402

from bench import aggregates, data, report  # noqa: E402
from roadshow.models import City, District, Issue, Project, Street  # noqa: E402

SIZES = ("district", "city", "province")
BACKENDS = ("sqlite", "postgresql")
AREAS = ("queries", "browser", "pages", "ratings", "exchange", "writes")
RUNS = {"district": 7, "city": 5, "province": 3}  # of each aggregate
BROWSER_RUNS = {"district": 3, "city": 3, "province": 2}  # later visits of each page
PAGE_RUNS = {"district": 5, "city": 3}  # AppTest runs of each page pair (none at province: see report.NOTES)
RATING_RUNS = {"district": 5, "city": 3, "province": 1}
IMPORT_RUNS, CLI_RUNS = 3, 3


def counts(engine) -> dict:
    with engine.connect() as db:
        return {name: db.execute(sa.select(sa.func.count()).select_from(model)).scalar()
                for name, model in (("cities", City), ("districts", District), ("streets", Street),
                                    ("projects", Project), ("issues", Issue))}


def started() -> dict:
    """When an area's measuring started, and the machine's load then (1-minute average)."""
    return {"at": f"{datetime.now():%Y-%m-%d %H:%M}", "start": os.getloadavg()[0]}


def keep(figures: dict, area: str, value, start: dict) -> None:
    """An area's figures, with when they were measured and the load at the start and the end."""
    figures[area] = value
    figures.setdefault("load", {})[area] = {**start, "end": os.getloadavg()[0]}


def bench_size(size: str, urls: dict[str, str], areas: set[str], postgres, saved: dict, log=print) -> None:
    """Every area asked for of one size, on each database ({backend: url}), into `saved`."""
    engines = {}
    for backend, url in urls.items():
        engines[backend], loaded = data.bench_database(url, size, log)
        saved.setdefault((size, backend), {}).update({"counts": counts(engines[backend]), "init + load": loaded})
    if "queries" in areas:
        log(f"[{size}] aggregates …")
        start = started()
        timings = aggregates.timed_in_turn(engines, RUNS[size])
        for backend, engine in engines.items():
            plans = aggregates.plans(engine, size) if size != "district" else []
            keep(saved[(size, backend)], "queries", {"times": timings[backend], "plans": plans}, start)
    for backend, engine in engines.items():
        label, url, figures = f"{size} {backend}", urls[backend], saved[(size, backend)]
        if "ratings" in areas:
            from bench.ratings import rating_figures
            start = started()
            keep(figures, "ratings", rating_figures(url, RATING_RUNS[size], postgres, size != "province", label, log),
                 start)
        if "pages" in areas and backend == "sqlite" and size in PAGE_RUNS:
            from bench.pages import pair_figures
            start = started()
            keep(figures, "pages", pair_figures(url, PAGE_RUNS[size], label, log), start)
        if size == "city" and "exchange" in areas:
            from bench import exchange
            start = started()
            imports = exchange.import_figures(engine, backend, postgres, IMPORT_RUNS, backend == "sqlite", log)
            keep(figures, "exchange", {**imports, **exchange.cli_figures(engine, backend, postgres, CLI_RUNS, log)},
                 start)
        if size == "city" and "writes" in areas:
            from bench.writes import write_latency
            log(f"[{label}] write latency …")
            copy = data.scratch_copy(url, "bench_writes", postgres)
            start = started()
            keep(figures, "writes", write_latency(copy), start)
            data.drop_copy(copy, postgres)
        if "browser" in areas:
            from bench.browser import browser_figures
            engine.dispose()  # the server has its own connections
            start = started()
            keep(figures, "browser", browser_figures(url, BROWSER_RUNS[size], f"{backend}-{size}", log), start)
        engine.dispose()


def load_saved(path: Path) -> dict:
    if not path.exists():
        return {}
    saved = json.loads(path.read_text(encoding="utf-8"))
    return {tuple(k.split("/")): v for k, v in saved.items()}


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sizes", nargs="*", help=f"any of {', '.join(SIZES)} (default: all)")
    parser.add_argument("--backends", default=",".join(BACKENDS))
    parser.add_argument("--areas", default=",".join(AREAS), help=f"any of {', '.join(AREAS)} (default: all)")
    parser.add_argument("--no-browser", action="store_true", help="every area but the browser")
    parser.add_argument("--report", action="store_true", help="write RESULTS.md again from the saved figures")
    args = parser.parse_args(argv)
    path = data.FOLDER / "results.json"
    saved = load_saved(path)
    backends, areas = args.backends.split(","), set(args.areas.split(",")) - ({"browser"} if args.no_browser else set())
    if not set(args.sizes) <= set(SIZES) or not set(backends) <= set(BACKENDS) or not areas <= set(AREAS):
        parser.error(f"sizes are {', '.join(SIZES)}; backends {', '.join(BACKENDS)}; areas {', '.join(AREAS)}")
    if not args.report:
        start = time.perf_counter()
        postgres = data.Postgres() if "postgresql" in backends else None
        try:
            for size in args.sizes or SIZES:  # one after the other: the machine has two cores
                urls = {b: data.sqlite_url(size) if b == "sqlite" else postgres.database_url(f"bench_{size}")
                        for b in backends}
                bench_size(size, urls, areas, postgres, saved)
                path.write_text(json.dumps({"/".join(k): v for k, v in saved.items()}), encoding="utf-8")
        finally:
            if postgres:
                postgres.stop()
        print(f"measured in {(time.perf_counter() - start) / 60:.0f} min")
    report.write(saved, {"runs": RUNS, "browser": BROWSER_RUNS, "pages": PAGE_RUNS, "ratings": RATING_RUNS,
                         "imports": IMPORT_RUNS, "cli": CLI_RUNS})
    print(f"written {ROOT / 'bench' / 'RESULTS.md'} and PLANS.md")


if __name__ == "__main__":
    main(sys.argv[1:])
