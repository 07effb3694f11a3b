"""bench/RESULTS.md and bench/PLANS.md from the saved figures ({(size, backend): {area: figures}}, see
run.py): every target first, met or missed, then each area's figures with when they were measured and
the machine's load then. The Slides section is bench/slides.py's and is kept as it is."""
from __future__ import annotations

import os
import platform
import sqlite3
from pathlib import Path

from bench.aggregates import FLOOR

ROOT = Path(__file__).resolve().parent.parent
RESULTS, PLANS = ROOT / "bench" / "RESULTS.md", ROOT / "bench" / "PLANS.md"
SLIDES = "## Slides"  # bench/slides.py's section, from this heading to the end
SIZES, BACKENDS = ("district", "city", "province"), ("sqlite", "postgresql")
TARGETS = {
    "page first": 1.5, "page warm": 1.2,  # issue 10: ÷ the bare page, under AppTest, city
    "propose": 5.0,  # issue 11: seconds, city
    "import": 5.0, "import MB": 1024,  # issue 13: seconds for 10,000 rows, city; peak RSS of a 100,000-row file
    "browser ratio": 1.5, "province overview": 5.0, "pg ratio": 1.2, "cli import": 5.0,  # issue 14
    "server MB": 600,  # issue 3, kept by issue 14: the server's peak RSS at province size
}


# --- formats --------------------------------------------------------------------------------

def seconds(value: float) -> str:
    if value < 0.001:  # a round trip: tenths of a millisecond would read 0.0
        return f"{value * 1000:.2f} ms"
    return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"


def ratio(value: float) -> str:
    return f"{value:.2f}×"


def mb(value: float) -> str:
    return f"{value:,.0f} MB"


def verdict(value: float, limit: float) -> str:
    return "met" if value <= limit else "**missed**"


def tick(value: float, limit: float) -> str:
    return " ✓" if value <= limit else " **✗**"


def load(figures: dict, area: str) -> str:
    """The 1-minute load average at the start and the end of an area's measuring."""
    when = figures.get("load", {}).get(area)
    return "—" if when is None else f"{when['start']:.1f}–{when['end']:.1f}"


def table(header: list[str], rows: list[list[str]]) -> list[str]:
    return ["| " + " | ".join(header) + " |", "|---" * len(header) + "|", *("| " + " | ".join(r) + " |" for r in rows)]


# --- the targets -----------------------------------------------------------------------------

def targets(saved: dict) -> list[list[str]]:
    """[issue, target, size, database, measured, met?, load] for every target of every issue; a target
    with no figure saved says so."""
    rows = []

    def row(issue, what, size, backend, area, measure):
        """`measure(figures)` → (measured text, verdict) or None where that figure is missing."""
        figures = saved.get((size, backend), {})
        found = measure(figures[area]) if area in figures else None
        rows.append([str(issue), what, size, backend, *(found or ("—", "not measured")), load(figures, area)])

    for page in ("dispatch page", "follow-up list"):
        for run, key in (("first run", "first"), ("warm rerun", "warm")):
            limit = TARGETS[f"page {key}"]
            row(10, f"{page} under AppTest, {run} ≤ {limit}× a bare page with the same elements", "city", "sqlite",
                "pages", lambda f, p=page, k=key, limit=limit: (
                    f"{ratio(f[p][f'{k} ratio'])} ({seconds(f[p][k])} ÷ {seconds(f[p][f'bare {k}'])})",
                    verdict(f[p][f"{k} ratio"], limit)))
    for backend in BACKENDS:
        row(11, f"propose a city cycle's ratings (10,000 projects) ≤ {TARGETS['propose']:.0f} s", "city", backend,
            "ratings", lambda f: (seconds(f["propose a cycle"]), verdict(f["propose a cycle"], TARGETS["propose"])))
    for backend in BACKENDS:
        for what, key in (("a 10,000-row ledger previewed and committed", "import 10,000"),
                          ("a re-import changing every project, previewed and committed", "re-import 10,000 changed")):
            row(13, f"{what} ≤ {TARGETS['import']:.0f} s", "city", backend, "exchange",
                lambda f, k=key: (f"{seconds(f[k])} (CPU {seconds(f[k + ', CPU'])})", verdict(f[k], TARGETS["import"])))
    for what, key in (("100,000-row xlsx refused", "100,000 rows xlsx: peak RSS MB"),
                      ("100,000-row csv refused", "100,000 rows csv: peak RSS MB"),
                      ("100,000-row xlsx imported (row limit raised)", "100,000 rows, limit raised: peak RSS MB")):
        row(13, f"{what}: the process ≤ 1 GB", "city", "sqlite", "exchange",
            lambda f, k=key: (f"peak RSS {mb(f[k])}", verdict(f[k], TARGETS["import MB"])) if k in f else None)
    for size in SIZES:
        for backend in BACKENDS:
            row(14, f"every page in the browser ≤ {TARGETS['browser ratio']}× a bare page", size, backend, "browser",
                browser_pages)
    for backend in BACKENDS:
        row(14, f"province overview drawn ≤ {TARGETS['province overview']:.0f} s (later visits)", "province",
            backend, "browser", lambda f: (seconds(f["overview"]["warm"]),
                                           verdict(f["overview"]["warm"], TARGETS["province overview"])))
    for size in ("city", "province"):
        figures = [saved.get((size, b), {}).get("queries", {}).get("times") for b in BACKENDS]
        measured = pg_ratios(*figures) if all(figures) else ("—", "not measured")
        rows.append(["14", f"every aggregate on PostgreSQL ≤ {TARGETS['pg ratio']}× SQLite", size, "both", *measured,
                     load(saved.get((size, "postgresql"), {}), "queries")])
    for backend in BACKENDS:
        row(14, f"a 10,000-row import through the CLI ≤ {TARGETS['cli import']:.0f} s", "city", backend, "exchange",
            lambda f: (seconds(f["CLI import 10,000 rows"]),
                       verdict(f["CLI import 10,000 rows"], TARGETS["cli import"])))
    for backend in BACKENDS:
        row(14, "write latency under 8 writers: the 99th percentile bounded (no figure set)", "city", backend,
            "writes", lambda f: (f"p50 {seconds(f['p50'])}, p99 {seconds(f['p99'])}, max {seconds(f['max'])}",
                                 "reported"))
    for backend in BACKENDS:
        row(14, f"server peak RSS ≤ {TARGETS['server MB']} MB (issue 3's target)", "province", backend, "browser",
            lambda f: (mb(f["server peak RSS MB"]), verdict(f["server peak RSS MB"], TARGETS["server MB"])))
    return rows


def browser_pages(figures: dict) -> tuple[str, str]:
    pages = {name: r["warm"] / r["bare"] for name, r in figures.items() if isinstance(r, dict)}
    over = {n: v for n, v in pages.items() if v > TARGETS["browser ratio"]}
    worst = max(pages, key=pages.get)
    text = f"{len(pages) - len(over)} of {len(pages)} within; " + (
        "over: " + ", ".join(f"{n} {ratio(v)}" for n, v in over.items()) if over
        else f"highest {worst} {ratio(pages[worst])}")
    return text, "met" if not over else "**missed**"


def pg_ratios(sqlite: dict, postgresql: dict) -> tuple[str, str]:
    ratios = {n: postgresql[n] / sqlite[n] for n in sqlite if n in postgresql and n != FLOOR}
    over = {n: v for n, v in ratios.items() if v > TARGETS["pg ratio"]}
    text = f"{len(ratios) - len(over)} of {len(ratios)} within" + (
        "; over: " + ", ".join(f"{n} {ratio(v)}" for n, v in over.items()) if over else "")
    return text, "met" if not over else "**missed**"


# --- the sections ----------------------------------------------------------------------------

def machine(saved: dict) -> list[str]:
    import pandas
    import plotly
    import sqlalchemy
    import streamlit

    memory = next(line.split()[1] for line in open("/proc/meminfo") if line.startswith("MemTotal"))
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")),
               platform.processor())
    loads = [w for f in saved.values() for w in f.get("load", {}).values()]
    times = sorted(w["at"] for w in loads)
    return [line for line in (
        f"- measured: {times[0]} to {times[-1]}" if times else "",
        f"- CPUs: {os.cpu_count()} ({cpu}), shared with other developers' work: the 1-minute load average "
        f"ranged {min(w['start'] for w in loads):.1f}–{max(max(w['start'], w['end']) for w in loads):.1f} "
        "over the measurements (each table gives it at the start and end of its own)" if loads else "",
        f"- memory: {int(memory) / 1024 / 1024:.1f} GiB",
        f"- Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, PostgreSQL 15, SQLAlchemy "
        f"{sqlalchemy.__version__}, streamlit {streamlit.__version__}, pandas {pandas.__version__}, plotly "
        f"{plotly.__version__}, Chromium (Debian) headless",
    ) if line]


def queries(saved: dict, combos: list) -> list[str]:
    measured = [c for c in combos if "queries" in saved[c]]
    if not measured:
        return []
    ratios = [s for s in ("city", "province") if (s, "sqlite") in measured and (s, "postgresql") in measured]
    names = list(dict.fromkeys(n for c in measured for n in saved[c]["queries"]["times"]))
    rows = [["init + load (generated once)", *(seconds(saved[c]["init + load"]) for c in measured),
             *[""] * len(ratios)]]
    for name in names:
        cells = [name] + [seconds(saved[c]["queries"]["times"][name]) if name in saved[c]["queries"]["times"] else "—"
                          for c in measured]
        for size in ratios:
            a, b = (saved[(size, backend)]["queries"]["times"].get(name) for backend in BACKENDS)
            cells.append(f"{ratio(b / a)}{'' if name == FLOOR else tick(b / a, TARGETS['pg ratio'])}"
                         if a and b else "—")
        rows.append(cells)
    rows.append(["load average"] + [load(saved[c], "queries") for c in measured] + [""] * len(ratios))
    return ["## Queries", "", f"Each aggregate the pages read (medians); PostgreSQL ÷ SQLite target ≤ "
            f"{TARGETS['pg ratio']}× at city and province size (✓ met, ✗ missed). The plans are in "
            "[PLANS.md](PLANS.md).", "",
            *table(["figure", *(f"{s} {b}" for s, b in measured), *(f"{s} PG÷SQLite" for s in ratios)], rows), ""]


def browser(saved: dict, combos: list) -> list[str]:
    measured = [c for c in combos if "browser" in saved[c]]
    if not measured:
        return []
    rows, memory = [], []
    for size, backend in measured:
        figures = saved[(size, backend)]["browser"]
        for page, r in figures.items():
            if not isinstance(r, dict):
                continue
            warm = seconds(r["warm"])
            if size == "province" and page == "overview":
                warm += tick(r["warm"], TARGETS["province overview"])
            rows.append([size, backend, page, seconds(r["cold"]), warm, seconds(r["bare"]),
                         f"{ratio(r['warm'] / r['bare'])}{tick(r['warm'] / r['bare'], TARGETS['browser ratio'])}",
                         str(r["elements"]), f"{r['marks']:,}", f"{r['received'] / 1024:,.0f} KB"])
        rss = figures["server peak RSS MB"]
        memory.append([size, backend, mb(rss) + (tick(rss, TARGETS["server MB"]) if size == "province" else ""),
                       saved[(size, backend)]["load"]["browser"]["at"], load(saved[(size, backend)], "browser")])
    return ["## In the browser", "",
            "From the sign-in click to the page fully drawn, in headless Chromium against `streamlit run server.py`: "
            "the first visit after the server started (cold caches), the median of later visits, and a bare "
            "Streamlit page drawing as many elements of each kind (bench/bare_page.py), opened in the same run. "
            f"Target (issue 14): later visits ≤ {TARGETS['browser ratio']}× the bare page at every size; the "
            f"province overview's later visits ≤ {TARGETS['province overview']:.0f} s.", "",
            *table(["size", "database", "page", "first visit", "later visits", "bare page", "÷ bare", "elements",
                    "chart marks", "sent"], rows), "",
            *table(["size", "database", "server peak RSS", "measured at", "load average"], memory), ""]


def pages(saved: dict, combos: list) -> list[str]:
    measured = [c for c in combos if "pages" in saved[c]]
    if not measured:
        return []
    rows = []
    for size, backend in measured:
        for page, r in saved[(size, backend)]["pages"].items():
            judged = size == "city"
            rows.append([size, page, seconds(r["first"]), seconds(r["bare first"]),
                         ratio(r["first ratio"]) + (tick(r["first ratio"], TARGETS["page first"]) if judged else ""),
                         seconds(r["warm"]), seconds(r["bare warm"]),
                         ratio(r["warm ratio"]) + (tick(r["warm ratio"], TARGETS["page warm"]) if judged else ""),
                         mb(r["peak RSS MB"]), load(saved[(size, backend)], "pages")])
    return ["## Pages against bare pages (AppTest)", "",
            "Issue 10: the dispatch page (pages/dispatch.py, weekly view) and a 回头看-style follow-up list "
            "(bench/follow_up_list.py) under AppTest, each beside a bare page with the same elements on the same data "
            "(bench/bare_dispatch.py, bench/bare_follow_up_list.py), as of 2018-06-29, on SQLite. Targets at city "
            f"size: first run ≤ {TARGETS['page first']}×, warm rerun ≤ {TARGETS['page warm']}× the bare page.", "",
            *table(["size", "page", "first run", "bare first", "÷", "warm rerun", "bare warm", "÷",
                    "peak RSS (Roadshow's)", "load average"], rows), ""]


def ratings(saved: dict, combos: list) -> list[str]:
    measured = [c for c in combos if "ratings" in saved[c]]
    if not measured:
        return []
    rows = []
    for size, backend in measured:
        r = saved[(size, backend)]["ratings"]
        propose = seconds(r["propose a cycle"])
        if size == "city":
            propose += tick(r["propose a cycle"], TARGETS["propose"])
        rows.append([size, backend, f"{r['projects']:,}", propose,
                     seconds(r["confirm a cycle"]) if "confirm a cycle" in r else "—",
                     seconds(r["street assessment (a month)"]), load(saved[(size, backend)], "ratings")])
    return ["## Ratings and the street assessment", "",
            "Issue 11: a month's proposed stars for every project (facts in SQL, the rule vectorised), confirming a "
            "month (ratings, the ledger's stars and history in one transaction, on a scratch copy of the database), "
            f"and a month's street assessment. Target: proposing a city cycle ≤ {TARGETS['propose']:.0f} s.", "",
            *table(["size", "database", "projects", "propose a cycle", "confirm a cycle", "street assessment",
                    "load average"], rows), ""]


EXCHANGE_ROWS = [  # (figure, its key, target key or None)
    ("preview 10,000 new projects", "preview new", None), ("commit them", "commit new", None),
    ("**import 10,000 rows** (preview + commit)", "import 10,000", "import"),
    ("… of which CPU", "import 10,000, CPU", None),
    ("preview 10,000 changed", "preview changed", None), ("commit them", "commit changed", None),
    ("**re-import changing every project** (preview + commit)", "re-import 10,000 changed", "import"),
    ("… of which CPU", "re-import 10,000 changed, CPU", None),
    ("rejected file: 10,000 rows, the last naming an unknown street (preview)", "rejected", None),
    ("peak RSS of an import (the largest of the runs)", "import peak RSS MB", None),
    ("**CLI import of 10,000 rows** naming districts (the whole command)", "CLI import 10,000 rows", "cli import"),
    ("CLI import, rejected (an unknown street)", "CLI import 10,000 rows, rejected", None),
]


def exchange(saved: dict, combos: list) -> list[str]:
    measured = [c for c in combos if "exchange" in saved[c]]
    if not measured:
        return []
    rows = []
    for name, key, target in EXCHANGE_ROWS:
        cells = [name]
        for combo in measured:
            value = saved[combo]["exchange"].get(key)
            text = "—" if value is None else mb(value) if key.endswith("MB") else seconds(value)
            cells.append(text + (tick(value, TARGETS[target]) if target and value is not None else ""))
        rows.append(cells)
    rows.append(["load average"] + [load(saved[c], "exchange") for c in measured])
    out = ["## Imports", "",
           "Issue 13 (roadshow/exchange/importing.py, as the import page calls it) and issue 14 (the CLI), at city "
           "size, each into a fresh database holding the city's places and no projects. Targets: 10,000 rows "
           f"previewed and committed ≤ {TARGETS['import']:.0f} s (issue 13; the re-import held to the same); "
           f"the CLI import ≤ {TARGETS['cli import']:.0f} s (issue 14).", "",
           *table(["figure", *(f"{s} {b}" for s, b in measured)], rows), ""]
    big = [(c, saved[c]["exchange"]) for c in measured if "100,000 rows xlsx: peak RSS MB" in saved[c]["exchange"]]
    for (size, backend), f in big:
        limit = TARGETS["import MB"]
        files = []
        for kind in ("xlsx", "csv"):
            k = f"100,000 rows {kind}: "
            files.append([f"{kind}, {f[k + 'file MB']:.1f} MB", "refused: " + f[k + "message"],
                          seconds(f[k + "refused"]), mb(f[k + "peak RSS MB"]) + tick(f[k + "peak RSS MB"], limit)])
        if "100,000 rows, limit raised: peak RSS MB" in f:
            files.append(["xlsx, the row limit raised to 110,000", "previewed, then committed",
                          f"{seconds(f['100,000 rows, limit raised: preview'])} + "
                          f"{seconds(f['100,000 rows, limit raised: commit'])}",
                          f"{mb(f['100,000 rows, limit raised: preview peak RSS MB'])} after the preview, "
                          f"{mb(f['100,000 rows, limit raised: peak RSS MB'])} in all"
                          + tick(f["100,000 rows, limit raised: peak RSS MB"], limit)])
        out += [f"A 100,000-row file ({size}, {backend}), each in a process of its own; target (issue 13): refused, or "
                f"imported without the process growing past 1 GB.", "",
                *table(["file", "what happened", "time", "peak RSS of the process"], files), ""]
    return out


def writes(saved: dict, combos: list) -> list[str]:
    measured = [c for c in combos if "writes" in saved[c]]
    if not measured:
        return []
    rows = [[b, *(seconds(saved[(s, b)]["writes"][q]) for q in ("p50", "p95", "p99", "max")),
             load(saved[(s, b)], "writes")] for s, b in measured]
    return ["## Write latency", "", "8 threads saving 50 projects each at once (400 edits through "
            "`services.update_project`) on a scratch copy of the city database (issue 14: report them, bound the p99).",
            "", *table(["database", "p50", "p95", "p99", "max", "load average"], rows), ""]


def counts(saved: dict, combos: list) -> list[str]:
    rows, seen = [], set()
    for size, backend in combos:
        if size not in seen and "counts" in saved[(size, backend)]:
            seen.add(size)
            c = saved[(size, backend)]["counts"]
            rows.append([size, *(f"{c[k]:,}" for k in ("cities", "districts", "streets", "projects", "issues"))])
    return table(["size", "cities", "districts", "streets", "projects", "problems"], rows)


# --- the files --------------------------------------------------------------------------------

def write(saved: dict, runs: dict) -> None:
    combos = [(s, b) for s in SIZES for b in BACKENDS if (s, b) in saved]
    slides = RESULTS.read_text(encoding="utf-8").partition(SLIDES) if RESULTS.exists() else ("", "", "")
    lines = ["# Benchmark results", "",
             "Written by `make bench` (bench/run.py; the Slides section by bench/slides.py). Medians of several runs "
             f"(aggregates {', '.join(f'{s} {n}' for s, n in runs['runs'].items())}; browser later visits "
             f"{', '.join(f'{s} {n}' for s, n in runs['browser'].items())}; AppTest page pairs "
             f"{', '.join(f'{s} {n}' for s, n in runs['pages'].items())}; ratings "
             f"{', '.join(f'{s} {n}' for s, n in runs['ratings'].items())}; imports {runs['imports']}, CLI "
             f"{runs['cli']}). The scale data are 2018's: as of 2018-03-31 unless a section says otherwise.", "",
             *machine(saved), "", *counts(saved, combos), "",
             "## Targets", "", "Every target the issues set, at the size and on the database it is set for. Issue 12's "
             "(slides) are in the Slides section.", "",
             *table(["issue", "target", "size", "database", "measured", "met?", "load average"], targets(saved)), "",
             *queries(saved, combos), *browser(saved, combos), *pages(saved, combos), *ratings(saved, combos),
             *exchange(saved, combos), *writes(saved, combos), "## Notes", "", *NOTES, ""]
    if slides[1]:
        lines += [slides[1] + slides[2].rstrip("\n"), ""]
    RESULTS.write_text("\n".join(lines), encoding="utf-8")
    plans = ["# Query plans", "", "Written by `make bench`: the plans behind the heaviest aggregates (PostgreSQL: "
             "`EXPLAIN (ANALYZE, BUFFERS)` with the app's connection settings; SQLite: `EXPLAIN QUERY PLAN`).", ""]
    for combo in combos:
        plans += saved[combo].get("queries", {}).get("plans", [])
    PLANS.write_text("\n".join(plans), encoding="utf-8")


NOTES = [
    "- **Load.** The machine's 2 cores are shared with other developers' test runs and servers; each table gives the "
    "1-minute load average at the start and the end of its measuring. Under load every figure grows, and a separate "
    "server process (PostgreSQL, Chromium, Streamlit) suffers more than in-process SQLite: compare within a table, "
    "not across runs. The two databases' aggregates are measured in turn, query by query, so that both meet the "
    "same load; the page pairs and the browser's bare pages are measured in the same minutes as the pages.",
    "- *init + load* is the time the kept database took to generate (ROADSHOW_BENCH_DIR), not re-measured.",
    "- **Browser.** The first visit after the server started computes every figure (cold caches); later visits, "
    "by another browser signing in, read Streamlit's cache (keyed by the data version), as most visits do. The "
    "bare page is timed from opening its URL, the Roadshow page from the sign-in click (the sign-in's redirect "
    "and the app's set-up included). *chart marks* counts the bars, points and tiles drawn; *sent* is what the "
    "server sent over the websocket. Meeting mode opens on its first slide, 回头看 of the first roadshow; the "
    "dispatch page is as of 2018-06-29, as under AppTest.",
    "- **Page pairs.** Each page runs in a child process: once to set its server up (Roadshow's engine and "
    "migration check, imports), then a first run with the data caches cleared (a page opened after the data "
    "changed) and a warm rerun. The bare pages read with hand-written SQL on the bare sqlite3 driver, cached "
    "with st.cache_data, no sign-in, no ORM, and draw the same filter bar, charts (the same chart functions) and "
    "tables — so they run on SQLite only. Not at province size: a bare dispatch page's first run alone takes "
    "minutes there, and the targets are set at city size.",
    "- **Ratings.** The scale data hold ratings of 2018Q1 and 2018Q2; a month is a cycle nobody has rated, so "
    "*propose* rates every project. Confirming writes, so it runs on a scratch copy, one month per run; not at "
    "province size (a copy of that database takes minutes).",
    "- **Imports.** The 10,000-row file is the city's ledger as the app exports it (exports.ledger_frame), so "
    "the import is the export's round trip; the re-import changes every project's completed investment; the "
    "rejected file names an unknown street in its last row and is refused at preview with that row reported. "
    "*CPU* is the importing process's processor time: on a shared machine the wall-clock time is this plus the "
    "waits for a core. Each run is a child process of its own, and a 100,000-row file (ten copies of the ledger, "
    "codes and names made unique) is read in another, so that each *peak RSS* (VmHWM) is that step's alone — "
    "getrusage's ru_maxrss would report the bench's own, which a child inherits across fork and exec. The "
    "100,000-row files are refused by the row limit (ROADSHOW_IMPORT_MAX_ROWS, 20,000); with the limit raised "
    "the same xlsx is previewed and committed, to show what the limit guards. The CLI import's file names each "
    "street's district (所属区县) as `roadshow.scale.write_import_file` writes it; the whole command is timed, "
    "Python's start-up included.",
    "- **PostgreSQL.** The app's connections turn JIT off and set work_mem to 64MB (`ROADSHOW_PG_WORK_MEM`); a "
    "project's completed investment and stars as of a day are read in one ordered pass (DISTINCT ON) and joined; "
    "migration 0009 adds the indexes the lookups asked for, 0010 a partial index of deadline extensions. Reads run "
    "in autocommit, one round trip each (a transaction's BEGIN and ROLLBACK made three); writes ask for a READ "
    "COMMITTED transaction. What every read costs is the Queries table's first row, a SELECT 1 through the pool: "
    "on PostgreSQL about three times SQLite's, which runs in-process. Reads of a millisecond or two are dominated "
    "by it: the ledger's count is one index-only scan of the year's projects (no heap fetches), which PostgreSQL's "
    "executor walks in about twice SQLite's time a row, so no setting or index brings it within 1.2×, nor would a "
    "faster count (both databases faster, the floor the same); the page reads it once per data version. "
    "The bench's server is durable (fsync and synchronous commits on), "
    "VACUUM ANALYZEd as autovacuum would leave it.",
    "- **Server memory.** server.py asks glibc for two malloc arenas (not 8 a core: each session's script runs "
    "in a thread, and each thread's arena kept what it freed) and a fixed 256 KiB mmap threshold (large arrays "
    "mapped and unmapped on their own, not left in the heap); at province size pages read the rows they show "
    "(a page of the ledger, its lights, 40 of the streets between the best and worst ten), not every row.",
    "- **Write latency.** The writers of a process queue for SQLite's lock first come first served "
    "(`database.WriterQueue`), so the p99 is bounded by the writers ahead (about 8 × one save); the WAL "
    "checkpoint runs in the committing writer (part of the max). SQLite stays at synchronous=FULL.",
]
