"""The bench's own helpers: its verdicts on the targets, the report it writes, and how it reads a
process's peak memory. (The timings themselves live in bench/, never in tests.)"""
import subprocess
import sys
from pathlib import Path

from bench import report
from bench.aggregates import FLOOR
from bench.measure import peak_rss_mb


def browser_page(warm: float, bare: float) -> dict:
    return {"cold": warm, "warm": warm, "bare": bare, "elements": 10, "marks": 20, "received": 2048}


LOAD = {area: {"at": "2026-12-01 15:00", "start": 4.0, "end": 6.5}
        for area in ("queries", "browser", "pages", "ratings", "exchange", "writes")}
CITY_SQLITE = {
    "counts": {"cities": 1, "districts": 43, "streets": 817, "projects": 10_000, "issues": 20_000}, "init + load": 12.0,
    "queries": {"times": {FLOOR: 0.00003, "metrics.district": 0.010, "metrics.grouped street": 0.040},
                "plans": ["### city plan"]},
    "pages": {"dispatch page": {"first": 6.0, "warm": 0.30, "bare first": 4.0, "bare warm": 0.25, "first ratio": 1.5,
                                "warm ratio": 1.2, "peak RSS MB": 300.0},
              "follow-up list": {"first": 6.1, "warm": 0.31, "bare first": 4.0, "bare warm": 0.25,
                                 "first ratio": 1.525, "warm ratio": 1.24, "peak RSS MB": 300.0}},
    "ratings": {"propose a cycle": 5.01, "street assessment (a month)": 0.6, "projects": 10_000,
                "confirm a cycle": 2.0},
    "exchange": {"import 10,000": 4.9, "import 10,000, CPU": 1.1, "re-import 10,000 changed": 5.2,
                 "re-import 10,000 changed, CPU": 1.3, "100,000 rows xlsx: peak RSS MB": 1023.0,
                 "100,000 rows csv: peak RSS MB": 1100.0, "CLI import 10,000 rows": 4.0,
                 **{f"100,000 rows {kind}: {k}": v for kind in ("xlsx", "csv")
                    for k, v in (("file MB", 7.0), ("refused", 1.5), ("message", "too many rows"))}},
    "browser": {"overview": browser_page(3.0, 2.0), "dispatch": browser_page(3.1, 2.0), "server peak RSS MB": 400.0},
    "load": LOAD,
}
CITY_POSTGRESQL = {"counts": CITY_SQLITE["counts"], "init + load": 20.0, "load": LOAD,
                   "queries": {"times": {FLOOR: 0.00015, "metrics.district": 0.012, "metrics.grouped street": 0.050},
                               "plans": []}}
SAVED = {("city", "sqlite"): CITY_SQLITE, ("city", "postgresql"): CITY_POSTGRESQL}


def verdicts() -> dict[tuple[str, str, str], tuple[str, str]]:
    """(target, size, database) → (measured, met?) of the targets table."""
    return {(r[1], r[2], r[3]): (r[4], r[5]) for r in report.targets(SAVED)}


def test_a_target_is_met_at_its_limit_and_missed_beyond_it():
    found = verdicts()
    page = "under AppTest, {} ≤ {}× a bare page with the same elements"
    assert found[("dispatch page " + page.format("first run", 1.5), "city", "sqlite")] == (
        "1.50× (6.00 s ÷ 4.00 s)", "met")
    assert found[("dispatch page " + page.format("warm rerun", 1.2), "city", "sqlite")][1] == "met"
    assert found[("follow-up list " + page.format("first run", 1.5), "city", "sqlite")][1] == "**missed**"
    assert found[("follow-up list " + page.format("warm rerun", 1.2), "city", "sqlite")][1] == "**missed**"
    assert found[("propose a city cycle's ratings (10,000 projects) ≤ 5 s", "city", "sqlite")] == (
        "5.01 s", "**missed**")
    assert found[("a 10,000-row ledger previewed and committed ≤ 5 s", "city", "sqlite")] == (
        "4.90 s (CPU 1.10 s)", "met")
    assert found[("a re-import changing every project, previewed and committed ≤ 5 s", "city", "sqlite")][1] == \
        "**missed**"
    assert found[("100,000-row xlsx refused: the process ≤ 1 GB", "city", "sqlite")] == ("peak RSS 1,023 MB", "met")
    assert found[("100,000-row csv refused: the process ≤ 1 GB", "city", "sqlite")][1] == "**missed**"


def test_pages_in_the_browser_and_postgresql_are_judged_as_a_whole():
    found = verdicts()
    assert found[("every page in the browser ≤ 1.5× a bare page", "city", "sqlite")] == (
        "1 of 2 within; over: dispatch 1.55×", "**missed**")
    assert found[("every aggregate on PostgreSQL ≤ 1.2× SQLite", "city", "both")] == (
        "1 of 2 within; over: metrics.grouped street 1.25×", "**missed**")


def test_a_target_without_its_figure_says_it_was_not_measured():
    found = verdicts()
    assert found[("propose a city cycle's ratings (10,000 projects) ≤ 5 s", "city", "postgresql")] == (
        "—", "not measured")
    assert found[("100,000-row xlsx imported (row limit raised): the process ≤ 1 GB", "city", "sqlite")] == (
        "—", "not measured")
    assert found[("province overview drawn ≤ 5 s (later visits)", "province", "sqlite")] == ("—", "not measured")
    assert found[("every aggregate on PostgreSQL ≤ 1.2× SQLite", "province", "both")] == ("—", "not measured")


def test_the_report_keeps_the_slides_section_and_writes_the_plans(tmp_path, monkeypatch):
    monkeypatch.setattr(report, "RESULTS", tmp_path / "RESULTS.md")
    monkeypatch.setattr(report, "PLANS", tmp_path / "PLANS.md")
    report.RESULTS.write_text("# old\n\nold figures\n\n## Slides\n\n| deck | 2.30 s | met |\n", encoding="utf-8")
    report.write(SAVED, {"runs": {"city": 5}, "browser": {"city": 3}, "pages": {"city": 3}, "ratings": {"city": 3},
                         "imports": 3, "cli": 3})
    written = report.RESULTS.read_text(encoding="utf-8")
    assert "old figures" not in written and written.endswith("## Slides\n\n| deck | 2.30 s | met |\n")
    assert "| city | 1 | 43 | 817 | 10,000 | 20,000 |" in written
    assert "| metrics.grouped street | 40.0 ms | 50.0 ms | 1.25× **✗** |" in written
    assert f"| {FLOOR} | 0.03 ms | 0.15 ms | 5.00× |" in written  # shown, not judged: no aggregate is faster
    assert "| csv, 7.0 MB | refused: too many rows | 1.50 s | 1,100 MB **✗** |" in written
    assert "### city plan" in report.PLANS.read_text(encoding="utf-8")


def test_a_child_process_reports_its_own_peak_memory_not_its_parent_s():
    ballast = bytearray(300 * 2**20)  # the parent holds 300 MB when it starts the child
    ballast[::4096] = b"x" * len(ballast[::4096])  # touched, so resident
    child = subprocess.run([sys.executable, "-c", "from bench.measure import peak_rss_mb; print(peak_rss_mb())"],
                           capture_output=True, text=True, check=True, cwd=Path(__file__).resolve().parent.parent)
    assert peak_rss_mb() >= 300 and float(child.stdout) < 100
