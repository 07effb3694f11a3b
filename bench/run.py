"""Benchmarks at district, city and province scale; writes bench/RESULTS.md.

    make bench                      # all three sizes
    .venv/bin/python bench/run.py district city

For each size, on a fresh SQLite database: init + load, each metrics query, the
overview page's first and warm run under AppTest (in a child process, whose peak
RSS is reported), the same figures from hand-written SQL (the floor), the import
of a 10,000-row xlsx, and the dispatch page and a 回头看-style follow-up list
against bare Streamlit pages with the same elements on the same data. Every
figure is the median of several runs.
"""
from __future__ import annotations

import itertools
import json
import os
import platform
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from roadshow import accounts, assessment, metrics, queries, ratings  # noqa: E402
from roadshow.auth import Actor, sign_in  # noqa: E402
from roadshow.database import get_engine, migrate  # noqa: E402
from roadshow.services import ensure_streets  # noqa: E402

AS_OF = date(2018, 3, 31)
YEAR = 2018
RUNS = {"district": 7, "city": 5, "province": 3}
LOAD_RUNS = {"district": 3, "city": 2, "province": 1}
TARGETS = {  # (size, figure) -> seconds, MB or a ratio; from issue 3, and issue 10 for the page pairs
    ("city", "overview warm"): 0.25, ("city", "overview first"): 1.0,
    ("province", "overview first"): 3.0, ("province", "peak RSS MB"): 600,
    ("city", "import 10,000 rows (preview + commit)"): 5.0,
    ("city", "re-import 10,000 changed (preview + commit)"): 5.0, ("city", "import peak RSS MB"): 1024,
    ("city", "100,000-row file: peak RSS MB"): 1024,
    ("city", "ratings: propose a cycle"): 5.0,  # issue 11
    ("city", "ratio page data / floor"): 1.5,
    ("city", "ratio dispatch page first / bare"): 1.5, ("city", "ratio dispatch page warm / bare"): 1.2,
    ("city", "ratio follow-up list first / bare"): 1.5, ("city", "ratio follow-up list warm / bare"): 1.2,
}
LATER = date(2019, 1, 1)  # a "today" after the plan year: every cycle of 2018 is over


def timed(fn, runs: int) -> tuple[float, object]:
    """Median seconds of `runs` calls, and the last result."""
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


_serial = itertools.count()


def fresh_database(folder: Path, name: str):
    path = folder / f"{name}-{next(_serial)}.db"  # a new file: engines are cached per URL
    engine = get_engine(f"sqlite:///{path}")
    migrate(engine)
    ensure_streets(engine)
    return engine, path


# --- the floor: the overview's figures in hand-written SQL on the bare driver ----------

AGGREGATES = """
  count(*),
  sum(CASE WHEN p.stage = 'continuing' THEN 1 ELSE 0 END),
  sum(CASE WHEN p.stage = 'new' THEN 1 ELSE 0 END),
  sum(CASE WHEN p.stage = 'preliminary' THEN 1 ELSE 0 END),
  sum(p.total_investment_wan), sum(p.annual_plan_wan),
  sum(CASE WHEN p.stage = 'continuing' AND p.start_date BETWEEN :y0 AND :d THEN 1 ELSE 0 END),
  sum(CASE WHEN p.stage = 'new' AND p.start_date BETWEEN :y0 AND :d THEN 1 ELSE 0 END),
  sum(CASE WHEN p.stage IN ('continuing', 'new') AND p.start_date BETWEEN :y0 AND :d THEN p.total_investment_wan END),
  sum((SELECT r.completed_wan FROM investment_report r WHERE r.project_id = p.id AND r.reported_on <= :d
       ORDER BY r.reported_on DESC LIMIT 1))
"""
STREET_JOIN = "FROM project p JOIN street s ON s.id = p.street_id WHERE p.plan_year = :y"
FLOOR = [
    "SELECT DISTINCT plan_year FROM project",
    "SELECT id, name FROM street ORDER BY position, id",
    f"SELECT {AGGREGATES} FROM project p WHERE p.plan_year = :y",
    "SELECT held_on FROM meeting WHERE plan_year = :y AND held_on < :d ORDER BY held_on DESC LIMIT 1",
    f"SELECT {AGGREGATES.replace(':d', ':m')} FROM project p WHERE p.plan_year = :y",
    f"SELECT s.name, {AGGREGATES} {STREET_JOIN} GROUP BY s.name",
    "SELECT start_date, stage, count(*) FROM project WHERE plan_year = :y AND stage IN ('continuing', 'new') "
    "AND start_date BETWEEN :y0 AND :d GROUP BY start_date, stage",
    "SELECT p.category, s.name, sum(CASE WHEN p.stage IN ('continuing', 'new') AND p.start_date BETWEEN :y0 AND :d "
    "THEN 1 ELSE 0 END), sum(CASE WHEN p.stage IN ('continuing', 'new') AND p.start_date BETWEEN :y0 AND :d "
    f"THEN p.total_investment_wan END) {STREET_JOIN} GROUP BY p.category, s.name",
    "SELECT stars, count(*) FROM (SELECT (SELECT r.stars FROM rating r WHERE r.project_id = p.id AND r.rated_on <= :d "
    "ORDER BY r.rated_on DESC LIMIT 1) AS stars FROM project p WHERE p.plan_year = :y) WHERE stars IS NOT NULL "
    "GROUP BY stars",
    "SELECT p.code, p.name, s.name, i.deadline, i.description "
    f"{STREET_JOIN.replace('WHERE', 'JOIN issue i ON i.project_id = p.id WHERE')} "
    "AND i.raised_on <= :d AND i.deadline < :d AND (i.resolved_on IS NULL OR i.resolved_on > :d)",
    f"SELECT p.code, p.name, s.name, p.suspended_on, p.suspension_reason {STREET_JOIN} "
    "AND p.suspended AND p.suspended_on <= :d",
    f"SELECT p.code, p.name, s.name, p.planned_start_date {STREET_JOIN} AND p.stage != 'preliminary' "
    "AND p.planned_start_date < :d AND (p.start_date IS NULL OR p.start_date > :d)",
]


def floor(db: sqlite3.Connection) -> None:
    params = {"y": YEAR, "y0": f"{YEAR}-01-01", "d": AS_OF.isoformat()}
    for sql in FLOOR:
        rows = db.execute(sql, params).fetchall()
        if sql.startswith("SELECT held_on"):
            params["m"] = rows[0][0] if rows else AS_OF.isoformat()


def page_data(engine) -> None:
    """The overview's data work, uncached: exactly the calls the page makes."""
    metrics.plan_years(engine)
    queries.streets(engine)
    metrics.district(engine, YEAR, AS_OF)
    meeting = metrics.previous_meeting(engine, YEAR, AS_OF)
    if meeting:
        metrics.district(engine, YEAR, meeting[0])
    metrics.grouped(engine, YEAR, AS_OF, "street")
    metrics.starts_by_day(engine, YEAR, AS_OF)
    metrics.started_breakdown(engine, YEAR, AS_OF, ("category", "street"))
    metrics.star_distribution(engine, YEAR, AS_OF)
    metrics.needs_attention(engine, YEAR, AS_OF)


# --- the overview page under AppTest, in a child process -----------------------------

def page_child(url: str, runs: int, script: str = "app.py", as_of: str = AS_OF.isoformat(), cold: str = "all") -> None:
    """Run in a child process: print the first and warm run times of a page script and the peak RSS.
    A first run starts with every Streamlit cache cleared (cold "all": as after a server start), or,
    after one run to set the server up, with the data caches cleared (cold "data": a page opened on a
    running server after the data changed)."""
    os.environ["ROADSHOW_DATABASE_URL"] = url
    os.environ["BENCH_AS_OF"] = as_of  # the bare pages' day
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from roadshow.ui import session
    token = sign_in("bench", "bench-password", "bench")[1]  # the pages are behind sign-in
    session.cookie_token = lambda: token  # AppTest sends no cookies
    first, warm = [], []
    if cold == "data":
        AppTest.from_file(str(ROOT / script), default_timeout=120).run()
    for _ in range(runs):
        st.cache_data.clear()
        if cold == "all":
            st.cache_resource.clear()
        at = AppTest.from_file(str(ROOT / script), default_timeout=120)
        at.query_params["as_of"] = as_of
        start = time.perf_counter()
        at.run()
        first.append(time.perf_counter() - start)
        assert not at.exception, at.exception
        start = time.perf_counter()
        at.run()
        warm.append(time.perf_counter() - start)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"first": statistics.median(first), "warm": statistics.median(warm), "rss_mb": rss_mb}))


def page_figures(url: str, runs: int, script: str = "app.py", as_of: date = AS_OF, cold: str = "all") -> dict:
    out = subprocess.run([sys.executable, __file__, "--page", url, str(runs), script, as_of.isoformat(), cold],
                         capture_output=True, text=True, cwd=ROOT, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


# (name, Roadshow's page, its bare yardstick): each against the other on the same data, as of PAGES_AS_OF
PAGES_AS_OF = date(2018, 6, 29)  # the end of the demo's half year: every problem list is at its longest
PAIRS = [("dispatch page", "pages/dispatch.py", "bench/bare_dispatch.py"),
         ("follow-up list", "bench/follow_up_list.py", "bench/bare_follow_up_list.py")]


def page_pairs(url: str, runs: int) -> dict:
    results = {}
    for name, ours, bare in PAIRS:
        mine, yardstick = (page_figures(url, runs, script, PAGES_AS_OF, "data") for script in (ours, bare))
        results.update({f"{name} first": mine["first"], f"{name} warm": mine["warm"],
                        f"bare {name} first": yardstick["first"], f"bare {name} warm": yardstick["warm"],
                        f"ratio {name} first / bare": mine["first"] / yardstick["first"],
                        f"ratio {name} warm / bare": mine["warm"] / yardstick["warm"]})
    return results


# --- import ---------------------------------------------------------------------------

def import_child(source_url: str, folder: str, runs: int) -> None:
    """Run in a child process: preview and commit the 10,000-row ledger into fresh databases (new
    projects), then a re-import changing every project, then a 100,000-row file (refused); print the
    median times and the peak RSS of each step."""
    import pandas as pd

    from roadshow.database import get_engine as engine_of
    from roadshow.exchange import exports
    from roadshow.exchange.importing import commit_ledger, preview_ledger
    from roadshow.exchange.reading import FileRefused
    from roadshow.scale import load_streets_like

    source = engine_of(source_url)
    frame = exports.ledger_frame(source, YEAR)
    ledger = exports.as_file(frame, "项目台账", "xlsx")
    changed = frame.copy()
    changed["累计完成投资(万元)"] = [v - 1 if v >= 1 else v + 1 for v in changed["累计完成投资(万元)"]]
    changed_file = exports.as_file(changed, "项目台账", "xlsx")
    bad = frame.copy()
    bad.iloc[-1, 2] = "不存在街道"
    bad_file = exports.as_file(bad, "项目台账", "xlsx")
    big = pd.concat([frame.assign(项目编号=[f"{c}-{k}" for c in frame["项目编号"]],
                                  项目名称=[f"{n}-{k}" for n in frame["项目名称"]]) for k in range(10)])
    big_file = exports.as_file(big, "项目台账", "xlsx")
    del big, frame, changed, bad
    results: dict[str, list[float]] = {}

    def timed_step(name, fn):
        start, cpu = time.perf_counter(), time.process_time()
        value = fn()
        results.setdefault(name, []).append(time.perf_counter() - start)
        results.setdefault(f"{name}, CPU", []).append(time.process_time() - cpu)
        return value

    for _ in range(runs):
        engine, _ = fresh_database(Path(folder), "import")
        load_streets_like(source, engine)
        preview = timed_step("preview 10,000 new", lambda: preview_ledger(ledger, "ledger.xlsx", "zh", engine))
        assert preview.ok and len(preview.new) == 10_000, preview.errors[:3]
        timed_step("commit 10,000 new", lambda: commit_ledger(preview, "bench", "bench", engine))
        again = timed_step("preview 10,000 changed", lambda: preview_ledger(changed_file, "c.xlsx", "zh", engine))
        assert again.ok and len(again.changed) == 10_000, again.errors[:3]
        timed_step("commit 10,000 changed", lambda: commit_ledger(again, "bench", "bench", engine))
        rejected = timed_step("rejected 10,000 (one bad row)", lambda: preview_ledger(bad_file, "b.xlsx", "zh", engine))
        assert [e.row for e in rejected.errors] == [10_001]
        assert metrics.district(engine, YEAR, AS_OF)["projects"] == 10_000
        engine.dispose()
    rss_import = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    try:
        timed_step("refuse 100,000 rows", lambda: preview_ledger(big_file, "big.xlsx", "zh", engine))
        raise AssertionError("a 100,000-row file must be refused")
    except FileRefused:
        pass
    out = {name: statistics.median(values) for name, values in results.items()}
    for name, steps in (("import 10,000 rows (preview + commit)", ("preview 10,000 new", "commit 10,000 new")),
                        ("re-import 10,000 changed (preview + commit)",
                         ("preview 10,000 changed", "commit 10,000 changed"))):
        out[name] = sum(out[s] for s in steps)
        out[f"{name}, CPU"] = sum(out[f"{s}, CPU"] for s in steps)
    out.update({"import peak RSS MB": rss_import, "100,000-row file: size MB": len(big_file) / 2**20,
                "100,000-row file: peak RSS MB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024})
    print(json.dumps(out))


def import_figures(source_url: str, folder: Path, runs: int) -> dict:
    out = subprocess.run([sys.executable, __file__, "--import", source_url, str(folder), str(runs)],
                         capture_output=True, text=True, cwd=ROOT, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


# --- ratings (issue 11) ----------------------------------------------------------------

def rating_figures(engine, runs: int) -> dict:
    """Proposing a cycle's stars for every project (SQL facts + the vectorised rule), confirming them
    (bulk writes: ratings, stars, history), and the monthly street assessment. The scale data hold
    2018Q1/Q2 ratings already; the month of June is a cycle nobody has rated."""
    propose, view = timed(lambda: ratings.cycle_view(engine, "2018-06", LATER), runs)
    assert len(view) == metrics.district(engine, YEAR, AS_OF)["projects"] and view["stars"].isna().all()
    dispatch = Actor("bench", "dispatcher")
    confirms = []
    for month in range(1, 1 + min(runs, 5)):  # a write: each run confirms another month
        start = time.perf_counter()
        ratings.confirm(dispatch, f"2018-{month:02d}", None, engine)
        confirms.append(time.perf_counter() - start)
    month, _ = timed(lambda: assessment.assessment(engine, YEAR, 6, LATER), runs)
    return {"ratings: propose a cycle": propose, "ratings: confirm a cycle": statistics.median(confirms),
            "street assessment (a month)": month}


# --- one size -------------------------------------------------------------------------

def bench_size(size: str, folder: Path) -> dict:
    from roadshow.scale import load_scale

    print(f"[{size}] loading …", flush=True)
    loads = []
    for _ in range(LOAD_RUNS[size]):
        start = time.perf_counter()
        engine, path = fresh_database(folder, size)
        counts = load_scale(engine, size)
        loads.append(time.perf_counter() - start)
    results = {"counts": counts, "init + load": statistics.median(loads)}
    accounts.add_user(Actor("bench-setup", "admin"), "bench", "bench-password", "leader", engine=engine)
    runs = RUNS[size]
    for name, fn in [
        ("metrics.district", lambda: metrics.district(engine, YEAR, AS_OF)),
        ("metrics.grouped street", lambda: metrics.grouped(engine, YEAR, AS_OF, "street")),
        ("metrics.grouped category", lambda: metrics.grouped(engine, YEAR, AS_OF, "category")),
        ("metrics.grouped stage", lambda: metrics.grouped(engine, YEAR, AS_OF, "stage")),
        ("metrics.starts_by_day", lambda: metrics.starts_by_day(engine, YEAR, AS_OF)),
        ("metrics.report (CLI --json)", lambda: metrics.report(engine, YEAR, AS_OF)),
    ]:
        results[name], _ = timed(fn, runs)
    results["page data (uncached)"], _ = timed(lambda: page_data(engine), runs)
    with sqlite3.connect(path) as db:
        results["bare SQL floor"], _ = timed(lambda: floor(db), runs)
    results["ratio page data / floor"] = results["page data (uncached)"] / results["bare SQL floor"]
    print(f"[{size}] overview under AppTest …", flush=True)
    page = page_figures(f"sqlite:///{path}", runs)
    results.update({"overview first": page["first"], "overview warm": page["warm"], "peak RSS MB": page["rss_mb"]})
    print(f"[{size}] dispatch page and follow-up list against bare pages …", flush=True)
    results.update(page_pairs(f"sqlite:///{path}", runs))
    if size == "city":
        print(f"[{size}] import …", flush=True)
        results.update(import_figures(f"sqlite:///{path}", folder, 3))
    print(f"[{size}] ratings …", flush=True)
    results.update(rating_figures(engine, runs))  # last: it writes ratings
    engine.dispose()
    return results


# --- the report -----------------------------------------------------------------------

def machine() -> list[str]:
    import pandas
    import plotly
    import sqlalchemy
    import streamlit

    memory = next(line.split()[1] for line in open("/proc/meminfo") if line.startswith("MemTotal"))
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")),
               platform.processor())
    return [
        f"- date: {datetime.now():%Y-%m-%d %H:%M}",
        f"- CPUs: {os.cpu_count()} ({cpu})",
        f"- memory: {int(memory) / 1024 / 1024:.1f} GiB; load average at the end "
        f"{' / '.join(f'{x:.1f}' for x in os.getloadavg())} (other developers share the machine)",
        f"- Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, SQLAlchemy {sqlalchemy.__version__}, "
        f"streamlit {streamlit.__version__}, pandas {pandas.__version__}, plotly {plotly.__version__}",
    ]


def fmt(name: str, value) -> str:
    if name.startswith("ratio"):
        return f"{value:.2f}×"
    if name.endswith("MB"):
        return f"{value:.1f} MB" if value < 10 else f"{value:.0f} MB"
    return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"


def verdict(size: str, name: str, value) -> str:
    target = TARGETS.get((size, name))
    if target is None:
        return ""
    unit = "×" if name.startswith("ratio") else " MB" if name.endswith("MB") else " s"
    return f"{'met' if value <= target else '**missed**'} (≤ {target}{unit})"


def earlier_cells(path: Path) -> tuple[dict[str, dict[str, str]], dict[str, str]]:
    """The figure cells ({figure: {size: text}}) and the count rows ({size: line}) of an earlier
    RESULTS.md, so that a run of some sizes keeps the others' figures."""
    cells, counts, sizes = {}, {}, None
    for line in path.read_text(encoding="utf-8").splitlines() if path.exists() else []:
        parts = [p.strip() for p in line.strip().strip("|").split("|")]
        if parts[0] == "figure":
            sizes = parts[1:]
        elif sizes and line.startswith("| ") and not line.startswith("|---"):
            cells[parts[0]] = dict(zip(sizes, parts[1:]))
        elif line.startswith("| ") and parts[0] in RUNS:
            counts[parts[0]] = line
    return cells, counts


def write_results(all_results: dict[str, dict], notes: list[str]) -> Path:
    path = ROOT / "bench" / "RESULTS.md"
    earlier, earlier_counts = earlier_cells(path)
    kept = [s for s in RUNS if s not in all_results and any(s in c for c in earlier.values())]
    sizes = [s for s in RUNS if s in all_results or s in kept]
    names = [n for n in earlier if any(earlier[n].get(s, "—") != "—" for s in kept)]
    for size in all_results:
        names += [n for n in all_results[size] if n not in names and n != "counts"]
    lines = ["# Benchmark results", "", "Written by `make bench` (bench/run.py). Medians of several runs "
             f"({', '.join(f'{s}: {RUNS[s]}' for s in sizes)}); SQLite; as of {AS_OF}.", "", *machine(), ""]
    lines += ["| size | projects | history rows | issues | follow-ups | dispatch records |",
              "|---|---|---|---|---|---|"]
    lines += [f"| {s} | {r['counts']['projects']:,} | {r['counts']['history']:,} | {r['counts']['issues']:,} | "
              f"{r['counts']['follow_ups']:,} | {r['counts']['dispatch_records']:,} |" if s in all_results
              else earlier_counts[s] for s in sizes for r in [all_results.get(s)]]
    lines += ["", "| figure | " + " | ".join(sizes) + " |", "|---|" + "---|" * len(sizes)]
    for name in names:
        cells = []
        for size in sizes:
            if size in kept:
                cells.append(earlier.get(name, {}).get(size, "—"))
                continue
            value = all_results[size].get(name)
            cells.append("—" if value is None else f"{fmt(name, value)} {verdict(size, name, value)}".strip())
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    if kept:
        notes = [*notes, f"- This run measured {', '.join(all_results)}; the {', '.join(kept)} column(s) keep the "
                 "figures of an earlier run (— where that run did not measure a figure)."]
    lines += ["", "## Notes", "", *notes, ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


NOTES = [
    "- *overview first* is a cold run: Streamlit's caches are cleared, so it includes the migration check, "
    "the data version query, every metrics query and building the figures. *warm* is a rerun with the "
    "same data version: cached figures, only the version query and the page layout.",
    "- *page data (uncached)* is every read the overview makes (KPIs, the KPIs at the last roadshow, "
    "streets, weekly starts, category × street, stars, needs attention); *bare SQL floor* is the same "
    "figures from hand-written SQL on the bare sqlite3 driver. Their ratio is the price of SQLAlchemy, "
    "Decimal money and DataFrames.",
    "- At district size the ratio is large but the times are tiny: SQLAlchemy's fixed cost per call "
    "(about 0.5 ms) outweighs queries that take microseconds. The targets are set at city size.",
    "- *peak RSS* is the child process that runs the overview under AppTest (not the loader).",
    "- *ratings: propose a cycle* computes every project's proposed stars for a month (facts in two SQL "
    "queries, the rule vectorised over all projects); *confirm a cycle* writes them (ratings, the ledger's "
    "stars, history) in one transaction; *street assessment* is one month's scores, ranking and change.",
    "- *import* (issue 13): in a child process, the 10,000-row ledger exported as xlsx is previewed (read, "
    "every row checked against the database) and committed into a fresh database; then a re-import "
    "changing every project's completed investment; then the same file with one bad row (refused, the "
    "database unchanged). *peak RSS* is that child's. A 100,000-row xlsx (10 copies of the ledger) is "
    "refused by the row limit (ROADSHOW_IMPORT_MAX_ROWS, 20,000) before its sheet is loaded. *CPU* is the "
    "child's processor time for the step: on a machine shared with other work the wall-clock time is "
    "this plus the time spent waiting for a core (see the load average above).",
    f"- *dispatch page* (pages/dispatch.py, weekly view, as of {PAGES_AS_OF}) and *follow-up list* "
    "(bench/follow_up_list.py: the problems raised before the last roadshow with their status and warning "
    "light on the day, through queries.follow_up_list) run under AppTest against *bare* pages with the same "
    "elements on the same data (bench/bare_*.py: hand-written SQL on the bare sqlite3 driver, results cached "
    "with st.cache_data, no sign-in). Each runs once to set its server up (Roadshow's engine and migration "
    "check, imports); then *first* clears the data caches (a page opened after the data changed) and *warm* "
    "reruns with them. The ratios are Roadshow's time over the bare page's (issue 10: first ≤ 1.5×, warm ≤ "
    "1.2× at city size).",
]


def main(argv: list[str]) -> None:
    if argv[:1] == ["--page"]:
        page_child(argv[1], int(argv[2]), *argv[3:6])
        return
    if argv[:1] == ["--import"]:
        import_child(argv[1], argv[2], int(argv[3]))
        return
    sizes = argv or ["district", "city", "province"]
    results = {}
    with tempfile.TemporaryDirectory(prefix="roadshow-bench-") as folder:
        for size in sizes:
            results[size] = bench_size(size, Path(folder))
            print(json.dumps(results[size], default=str, indent=1), flush=True)
    print(f"written {write_results(results, NOTES)}")


if __name__ == "__main__":
    main(sys.argv[1:])
