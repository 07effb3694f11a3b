"""Benchmarks at district, city and province size, on SQLite and on PostgreSQL; writes bench/RESULTS.md
and the query plans to bench/PLANS.md.

    make bench                                               # every size, both databases, the browser
    .venv/bin/python bench/run.py district city              # some sizes
    .venv/bin/python bench/run.py city --backends sqlite --no-browser

For each size and database (generated once, kept in ROADSHOW_BENCH_DIR, see bench/data.py): each
aggregate the pages read and everything the overview reads (uncached); in headless Chromium, each
page from the sign-in click to fully drawn beside a bare Streamlit page drawing as many elements
(bench/browser.py), and the server's peak memory; at city size, a 10,000-row import through the
CLI and the latency of 400 edits by 8 concurrent writers. Every figure is a median of several runs.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402

from bench import data  # noqa: E402
from roadshow import hierarchy, metrics, queries  # noqa: E402
from roadshow.auth import Actor  # noqa: E402
from roadshow.database import get_engine, migrate  # noqa: E402
from roadshow.models import Project  # noqa: E402
from roadshow.services import update_project  # noqa: E402

AS_OF = date(2018, 3, 31)
YEAR = 2018
SIZES = ("district", "city", "province")
BACKENDS = ("sqlite", "postgresql")
RUNS = {"district": 7, "city": 5, "province": 3}
BROWSER_RUNS = {"district": 3, "city": 3, "province": 2}
WRITERS, EDITS = 8, 50  # concurrent writers, edits each
TARGETS = {"pg ratio": 1.2, "browser ratio": 1.5, "province overview": 5.0, "import": 5.0, "peak RSS MB": 600}


def timed(fn, runs: int) -> float:
    """Median seconds of `runs` calls."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def level_of(engine) -> str:
    """The level the overview ranks at for this database (streets of a district, districts of a city…)."""
    return hierarchy.ranking_level(hierarchy.places(engine), metrics.ALL)


def aggregates(engine) -> dict:
    """(name, call) of each aggregate the pages read."""
    level = level_of(engine)
    return {
        "metrics.district": lambda: metrics.district(engine, YEAR, AS_OF),
        "metrics.grouped street": lambda: metrics.grouped(engine, YEAR, AS_OF, "street"),
        "metrics.grouped district": lambda: metrics.grouped(engine, YEAR, AS_OF, "district"),
        "metrics.grouped category": lambda: metrics.grouped(engine, YEAR, AS_OF, "category"),
        "metrics.starts_by_day": lambda: metrics.starts_by_day(engine, YEAR, AS_OF),
        f"metrics.started_breakdown category × {level}":
            lambda: metrics.started_breakdown(engine, YEAR, AS_OF, ("category", level)),
        "metrics.star_distribution": lambda: metrics.star_distribution(engine, YEAR, AS_OF),
        "metrics.attention_counts": lambda: metrics.attention_counts(engine, YEAR, AS_OF),
        "metrics.needs_attention (20 of each)": lambda: metrics.needs_attention(engine, YEAR, AS_OF, limit=20),
        f"metrics.ranking {level}": lambda: metrics.ranking(engine, YEAR, AS_OF, level),
        "metrics.ranking street": lambda: metrics.ranking(engine, YEAR, AS_OF, "street"),
        "queries.ledger (a page)": lambda: queries.ledger(engine, YEAR, AS_OF, limit=250),
        "queries.ledger_count": lambda: queries.ledger_count(engine, YEAR),
        "metrics.report (CLI --json)": lambda: metrics.report(engine, YEAR, AS_OF),
    }


def overview_data(engine) -> None:
    """Everything the overview reads, uncached, as the page calls it."""
    level = level_of(engine)
    metrics.plan_years(engine)
    hierarchy.places(engine)
    metrics.district(engine, YEAR, AS_OF)
    if meeting := metrics.previous_meeting(engine, YEAR, AS_OF):
        metrics.district(engine, YEAR, meeting[0])
    metrics.grouped(engine, YEAR, AS_OF, level)
    metrics.starts_by_day(engine, YEAR, AS_OF)
    metrics.started_breakdown(engine, YEAR, AS_OF, ("category", level))
    metrics.star_distribution(engine, YEAR, AS_OF)
    metrics.attention_counts(engine, YEAR, AS_OF)
    metrics.needs_attention(engine, YEAR, AS_OF, limit=20)


# --- the import, through the CLI ----------------------------------------------------------

def import_figures(source, target_url: str, runs: int, reset) -> dict:
    """A 10,000-row ledger (with 所属区县) imported by `python -m roadshow import` into a database with
    the source's places and no projects: the whole command's time; then a file whose last row names an
    unknown street, refused with nothing written."""
    from roadshow.scale import load_streets_like, write_import_file

    good = data.FOLDER / f"ledger-10000-{data.generator()}.xlsx"
    if not good.exists():
        write_import_file(source, good)
    bad = data.FOLDER / "ledger-10000-bad.xlsx"
    import openpyxl
    workbook = openpyxl.load_workbook(good)
    workbook.active.cell(row=workbook.active.max_row, column=3, value="不存在街道")
    workbook.save(bad)
    env = {**os.environ, "ROADSHOW_DATABASE_URL": target_url}

    def once(path, expect: int) -> float:
        engine = reset()
        migrate(engine)
        load_streets_like(source, engine)
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "roadshow", "import", str(path)], cwd=ROOT, env=env,
                              capture_output=True, text=True)
        elapsed = time.perf_counter() - start
        assert done.returncode == expect, done.stderr[-2000:]
        assert metrics.district(engine, YEAR, AS_OF)["projects"] == (10_000 if expect == 0 else 0)
        engine.dispose()
        return elapsed

    return {"import 10,000 rows (CLI)": statistics.median(once(good, 0) for _ in range(runs)),
            "rejected import 10,000 rows (CLI)": once(bad, 1)}


# --- write latency ------------------------------------------------------------------------

def write_latency(url: str) -> dict:
    """WRITERS threads each saving EDITS projects (each its own) at once, as a busy app server does:
    the latency of every save."""
    engine = get_engine(url)
    with engine.connect() as db:
        rows = db.execute(sa.select(Project.id, Project.version).order_by(Project.id).limit(WRITERS * EDITS)).all()
    latencies, lock, barrier = [], threading.Lock(), threading.Barrier(WRITERS)

    def writer(k: int) -> None:
        barrier.wait()
        for pid, version in rows[k::WRITERS]:
            start = time.perf_counter()
            update_project(Actor(f"writer{k}", "dispatcher"), pid, version, {"completed_wan": "1"}, "bench", engine)
            with lock:
                latencies.append(time.perf_counter() - start)

    threads = [threading.Thread(target=writer, args=(k,)) for k in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    engine.dispose()
    latencies.sort()

    def quantile(q: float) -> float:
        return latencies[min(len(latencies) - 1, int(q * len(latencies)))]
    return {"p50": quantile(0.5), "p95": quantile(0.95), "p99": quantile(0.99), "max": latencies[-1],
            "edits": len(latencies)}


# --- query plans --------------------------------------------------------------------------

def plans(engine, size: str) -> list[str]:
    """The plans of the heaviest aggregates: the overview's grouping and the per-street one."""
    level = level_of(engine)
    values = {"plan_year": YEAR, "year_start": date(YEAR, 1, 1), "as_of": AS_OF}
    explain = "EXPLAIN QUERY PLAN " if engine.dialect.name == "sqlite" else "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) "
    out = []
    with engine.connect() as db:
        for name in dict.fromkeys((level, "street")):
            statement = metrics._aggregate((name,), metrics.ALL).params(values)
            sql = str(statement.compile(dialect=engine.dialect, compile_kwargs={"literal_binds": True}))
            rows = db.exec_driver_sql(explain + sql).all()
            plan = "\n".join(r[-1] if engine.dialect.name == "sqlite" else r[0] for r in rows)
            out += [f"### {size} · {engine.dialect.name} · grouped by {name}", "", "```", plan, "```", ""]
    return out


# --- one size on both databases ------------------------------------------------------------

def bench_size(size: str, urls: dict[str, str], browser: bool, postgres, log=print) -> dict:
    """Every figure of one size on each database ({backend: url}): {backend: figures}."""
    engines, results = {}, {}
    for backend, url in urls.items():
        engines[backend], loaded = data.bench_database(url, size, log)
        results[backend] = {"counts": counts(engines[backend]), "init + load": loaded}
    log(f"[{size}] aggregates …")
    calls = {backend: {**aggregates(engine), "overview data (uncached)": lambda e=engine: overview_data(e)}
             for backend, engine in engines.items()}
    for name in dict.fromkeys(n for c in calls.values() for n in c):
        times = {backend: [] for backend in calls if name in calls[backend]}
        for _ in range(RUNS[size]):  # the databases in turn, so that both meet the same machine load
            for backend in times:
                start = time.perf_counter()
                calls[backend][name]()
                times[backend].append(time.perf_counter() - start)
        for backend, measured in times.items():
            results[backend][name] = statistics.median(measured)
    for backend, engine in engines.items():
        if size == "city":
            results[backend].update(city_figures(backend, engine, postgres, log))
        if browser:
            from bench.browser import browser_figures
            results[backend]["browser"] = browser_figures(urls[backend], BROWSER_RUNS[size], f"{backend}-{size}", log)
        results[backend]["plans"] = plans(engine, size) if size != "district" else []
        engine.dispose()
    return results


def city_figures(backend: str, engine, postgres, log=print) -> dict:
    """The import through the CLI and the write latency, on a scratch copy."""
    log(f"[city {backend}] import through the CLI …")
    if backend == "sqlite":
        target = data.FOLDER / "import.db"

        def reset():
            for suffix in ("", "-wal", "-shm"):
                Path(f"{target}{suffix}").unlink(missing_ok=True)
            return get_engine(f"sqlite:///{target}")
        figures = import_figures(engine, f"sqlite:///{target}", 3, reset)
    else:
        def reset():
            postgres.drop("bench_import")
            return get_engine(postgres.database_url("bench_import"))
        figures = import_figures(engine, postgres.database_url("bench_import"), 3, reset)
    log(f"[city {backend}] write latency …")
    if backend == "sqlite":
        copy = data.FOLDER / "writes.db"
        for suffix in ("-wal", "-shm"):
            Path(f"{copy}{suffix}").unlink(missing_ok=True)
        with sqlite3.connect(engine.url.database) as source, sqlite3.connect(copy) as target_db:
            source.backup(target_db)
        figures["writes"] = write_latency(f"sqlite:///{copy}")
    else:
        engine.dispose()  # PostgreSQL copies a database nobody is connected to
        figures["writes"] = write_latency(postgres.copy("bench_city", "bench_writes"))
        postgres.drop("bench_writes")
    return figures


def counts(engine) -> dict:
    from roadshow.models import City, District, Issue, Street
    with engine.connect() as db:
        return {name: db.execute(sa.select(sa.func.count()).select_from(model)).scalar()
                for name, model in (("cities", City), ("districts", District), ("streets", Street),
                                    ("projects", Project), ("issues", Issue))}


# --- the report ---------------------------------------------------------------------------

def machine(load_before: tuple, load_after: tuple) -> list[str]:
    import pandas
    import plotly
    import streamlit

    memory = next(line.split()[1] for line in open("/proc/meminfo") if line.startswith("MemTotal"))
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")),
               platform.processor())
    return [
        f"- date: {datetime.now():%Y-%m-%d %H:%M}",
        f"- CPUs: {os.cpu_count()} ({cpu}), shared with other developers' work: load average "
        f"{load_before[0]:.1f} at the start, {load_after[0]:.1f} at the end (1-minute)",
        f"- memory: {int(memory) / 1024 / 1024:.1f} GiB",
        f"- Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, SQLAlchemy {sa.__version__}, "
        f"streamlit {streamlit.__version__}, pandas {pandas.__version__}, plotly {plotly.__version__}, "
        f"Chromium (Debian) headless",
    ]


def seconds(value: float) -> str:
    return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"


def verdict(value: float, target: float) -> str:
    return f" {'✓' if value <= target else '**✗**'}"


def write_results(results: dict, notes: list[str], load: tuple) -> None:
    combos = [(s, b) for s in SIZES for b in BACKENDS if (s, b) in results]
    lines = ["# Benchmark results", "", "Written by `make bench` (bench/run.py); query plans in "
             "[PLANS.md](PLANS.md). Medians of several runs (data: " + ", ".join(f"{s} {RUNS[s]}" for s in SIZES)
             + "; browser: " + ", ".join(f"{s} {BROWSER_RUNS[s]}" for s in SIZES) + f"); as of {AS_OF}.", "",
             *machine(*load), ""]
    lines += ["| size | cities | districts | streets | projects | problems |", "|---|---|---|---|---|---|"]
    seen = set()
    for size, backend in combos:
        if size not in seen:
            seen.add(size)
            c = results[(size, backend)]["counts"]
            lines.append(f"| {size} | {c['cities']:,} | {c['districts']:,} | {c['streets']:,} | {c['projects']:,} | "
                         f"{c['issues']:,} |")

    # the data: each figure on both databases, and PostgreSQL's ratio to SQLite
    lines += ["", "## Queries", "", f"PostgreSQL ÷ SQLite target: ≤ {TARGETS['pg ratio']}× at city and province size "
              "(✓ met, ✗ missed).", ""]
    header = "| figure | " + " | ".join(f"{s} {b}" for s, b in combos)
    ratios = [s for s in ("city", "province") if (s, "sqlite") in results and (s, "postgresql") in results]
    header += "".join(f" | {s} PG÷SQLite" for s in ratios) + " |"
    lines += [header, "|---" * (1 + len(combos) + len(ratios)) + "|"]
    names = [n for n in results[combos[0]] if n not in ("counts", "browser", "writes", "plans")]
    for combo in combos[1:]:
        names += [n for n in results[combo] if n not in names and n not in ("counts", "browser", "writes", "plans")]
    for name in names:
        cells = [seconds(results[c][name]) if name in results[c] else "—" for c in combos]
        for size in ratios:
            a, b = results[(size, "sqlite")].get(name), results[(size, "postgresql")].get(name)
            if a and b:
                ratio = b / a
                judged = name.startswith(("metrics.", "queries.")) or name.startswith("overview")
                cells.append(f"{ratio:.2f}×" + (verdict(ratio, TARGETS["pg ratio"]) if judged else ""))
            else:
                cells.append("—")
        mark = ""
        if name.startswith("import 10,000"):
            mark = " (target ≤ 5 s: " + ", ".join(f"{c[1]} {'✓' if results[c][name] <= TARGETS['import'] else '✗'}"
                                               for c in combos if name in results[c]) + ")"
        lines.append(f"| {name}{mark} | " + " | ".join(cells) + " |")

    # the browser
    browsed = [c for c in combos if "browser" in results[c]]
    if browsed:
        lines += ["", "## In the browser", "",
                  "From the sign-in click to the page fully drawn, in headless Chromium against `streamlit run "
                  "server.py`: the first visit after the server started (cold caches), the median of later visits, "
                  "and a bare Streamlit page drawing as many elements of each kind, opened in the same run. Target: "
                  f"later visits ≤ {TARGETS['browser ratio']}× the bare page; the province overview's later visits ≤ "
                  f"{TARGETS['province overview']:.0f} s.", "",
                  "| size | database | page | first visit | later visits | bare page | ÷ bare | elements | chart marks "
                  "| sent |", "|---|---|---|---|---|---|---|---|---|---|"]
        for size, backend in browsed:
            for page, r in results[(size, backend)]["browser"].items():
                if not isinstance(r, dict):
                    continue
                ratio = r["warm"] / r["bare"]
                warm = seconds(r["warm"])
                if size == "province" and page == "overview":
                    warm += verdict(r["warm"], TARGETS["province overview"])
                lines.append(f"| {size} | {backend} | {page} | {seconds(r['cold'])} | {warm} | {seconds(r['bare'])} "
                             f"| {ratio:.2f}×{verdict(ratio, TARGETS['browser ratio'])} | {r['elements']} | "
                             f"{r['marks']:,} | {r['received'] / 1024:,.0f} KB |")
        lines += ["", "| size | database | server peak RSS |", "|---|---|---|"]
        lines += [f"| {s} | {b} | {results[(s, b)]['browser']['server peak RSS MB']:.0f} MB"
                  + (verdict(results[(s, b)]["browser"]["server peak RSS MB"], TARGETS["peak RSS MB"])
                     if s == "province" else "") + " |" for s, b in browsed]

    written = [c for c in combos if "writes" in results[c]]
    if written:
        lines += ["", "## Write latency", "", f"{WRITERS} threads saving {EDITS} projects each at once "
                  f"({WRITERS * EDITS} edits through `services.update_project`) on a copy of the city database.", "",
                  "| database | p50 | p95 | p99 | max |", "|---|---|---|---|---|"]
        lines += [f"| {b} | " + " | ".join(seconds(results[(s, b)]["writes"][q]) for q in ("p50", "p95", "p99", "max"))
                  + " |" for s, b in written]
    lines += ["", "## Notes", "", *notes, ""]
    (ROOT / "bench" / "RESULTS.md").write_text("\n".join(lines), encoding="utf-8")
    plans_text = ["# Query plans", "", "Written by `make bench`: the plans behind the heaviest aggregates "
                  "(PostgreSQL: `EXPLAIN (ANALYZE, BUFFERS)` with the app's connection settings; SQLite: "
                  "`EXPLAIN QUERY PLAN`).", ""]
    for combo in combos:
        plans_text += results[combo].get("plans", [])
    (ROOT / "bench" / "PLANS.md").write_text("\n".join(plans_text), encoding="utf-8")


NOTES = [
    "- **Load.** The machine's 2 cores are shared with other developers' test runs and servers; the load "
    "average above says how busy it was. Under load every figure grows (a bare page took 1.5 s idle and up to "
    "8 s at a load of 16), and a separate server process (PostgreSQL, Chromium, Streamlit) suffers more than "
    "in-process SQLite: compare within a run, not across runs. The two databases are measured in turn, "
    "query by query, so that both meet the same load.",
    "- **Why the pages took 9 s (city) and 51–60 s (province).** Measured on the code before issue 14 at "
    "province size: the overview's script was reported done after 153–204 s (at a load of ~16) while the "
    "server had spent 1.3–3.2 CPU-seconds; the browser received 3.0 MB (frames of 1.94 MB and 0.95 MB) and "
    "drew 49,867 chart marks — the rate chart's 16,188 bars with their labels, a treemap of ~48,000 tiles, "
    "and a street filter of 8,094 options. Streamlit's front end handles its messages in turn, so the page "
    "counts as drawn only once the browser has drawn all that. At city size: 1,634 bars, ~5,000 tiles, 10 s.",
    "- **What changed.** Charts of places show the best and worst ten and one summed mark (≤ 21 per ranking, "
    "≤ 6 tiles per category in the treemap, ~100 marks per page at any size); the filters go city → district "
    "→ street (no box lists more than one district's streets); the ledger is read 250 rows a page in SQL, "
    "rankings and lists 50 a page with a search; attention lists show the 20 longest waiting of each kind "
    "with counts from SQL; meeting mode's default agenda is the best and worst ten streets and one slide for "
    "the rest, and it ranks from the cached per-street figures. *chart marks* counts the bars, points and "
    "tiles drawn; *sent* is what the server sent over the websocket for the page.",
    "- **First visit and later visits.** The first visit after the server started computes every figure "
    "(cold caches); later visits, by another browser signing in, read Streamlit's cache (keyed by the data "
    "version), as most visits do. The bare page is timed from opening its URL, the Roadshow page from the "
    "sign-in click (the sign-in's redirect and the app's own set-up included).",
    "- **PostgreSQL.** The app's connections turn JIT off (it cost 0.1–0.36 s per aggregate at province "
    "size, for queries of tens of milliseconds) and set work_mem to 64MB (`ROADSHOW_PG_WORK_MEM`; the "
    "per-street grouping spilled to disk at 4MB). A project's completed investment and stars as of a day are "
    "read there in one ordered pass (DISTINCT ON) and joined: the per-project lookup SQLite does best cost "
    "2–4× as much on PostgreSQL. Migration 0009 adds the indexes the lookups asked for — rating "
    "(project_id, rated_on) and follow_up (issue_id, held_on, id); investment_report has (project_id, "
    "reported_on) unique already. The plans are in PLANS.md. Queries of a millisecond or two are dominated "
    "by the round trip to the server, which in-process SQLite does not pay.",
    "- **Import.** `python -m roadshow import` on a fresh database with the city's places: the whole "
    "command, Python's start-up included. On PostgreSQL the projects were inserted with RETURNING, which made "
    "psycopg rewrite statements of thousands of placeholders (6.8 s of 12 s under load); they are now "
    "inserted by executemany and their ids read back by code.",
    "- **Write latency.** Before: under 8 concurrent writers on SQLite, p50 8–14 ms, p99 1.7–3.2 s, max "
    "3.9–5.3 s (at loads of 9–15). Timing the statements apart showed the tail was all in `BEGIN "
    "IMMEDIATE`: SQLite's busy handler sleeps and retries (1, 2, 5 … 100 ms), so a writer that keeps losing "
    "the race to the others waits seconds. Now the writers of a process queue for the lock first come first "
    "served (`database.WriterQueue`), BEGIN never waits, and the p99 is bounded by the writers ahead "
    "(about 8 × one save). The WAL checkpoint runs in the committing writer (part of the max). SQLite stays "
    "at synchronous=FULL: a saved edit survives a power cut.",
    "- *init + load* is the time the kept database took to generate (ROADSHOW_BENCH_DIR), not re-measured.",
    "- *rejected import* is a 10,000-row file whose last row names an unknown street: refused, 0 projects.",
]


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sizes", nargs="*", help=f"any of {', '.join(SIZES)} (default: all)")
    parser.add_argument("--backends", default=",".join(BACKENDS))
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--report", action="store_true", help="write RESULTS.md again from the last run's figures")
    args = parser.parse_args(argv)
    saved = data.FOLDER / "results.json"
    if args.report:
        figures = json.loads(saved.read_text(encoding="utf-8"))
        write_results({tuple(k.split("/")): v for k, v in figures["results"].items()}, NOTES, figures["load"])
        return
    backends = args.backends.split(",")
    if not set(args.sizes) <= set(SIZES) or not set(backends) <= set(BACKENDS):
        parser.error(f"sizes are {', '.join(SIZES)}; backends {', '.join(BACKENDS)}")
    load = os.getloadavg()
    postgres = data.Postgres() if "postgresql" in backends else None
    results = {}
    try:
        for size in args.sizes or SIZES:
            urls = {backend: data.sqlite_url(size) if backend == "sqlite" else postgres.database_url(f"bench_{size}")
                    for backend in backends}
            for backend, figures in bench_size(size, urls, not args.no_browser, postgres).items():
                results[(size, backend)] = figures
    finally:
        if postgres:
            postgres.stop()
    load = (load, os.getloadavg())
    saved.write_text(json.dumps({"results": {"/".join(k): v for k, v in results.items()}, "load": load}),
                     encoding="utf-8")
    write_results(results, NOTES, load)
    print(f"written {ROOT / 'bench' / 'RESULTS.md'}")


if __name__ == "__main__":
    main(sys.argv[1:])
