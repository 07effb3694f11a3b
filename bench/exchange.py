"""Imports at city size, each on a fresh database holding the city's places and no projects.

- Issue 13 (roadshow/exchange/importing.py, as the import page calls it): the city's 10,000-row
  ledger as the app exports it, previewed and committed; a re-import changing every project's
  completed investment; the same file with one bad row, rejected at preview; a 100,000-row xlsx and
  CSV, refused — each in a child process of its own, whose peak RSS is that step's — and the
  100,000-row xlsx previewed and committed with the row limit raised, to see what the limit guards.
- Issue 14: `python -m roadshow import` of a 10,000-row file naming each street's district, the whole
  command timed, and the same file with an unknown street, refused.

    .venv/bin/python -m bench.exchange <step> ...   # a child's entry (see _child); run.py calls it
"""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench import data
from bench.measure import peak_rss_mb
from roadshow import metrics
from roadshow.database import get_engine, migrate
from roadshow.services import ensure_streets

ROOT = Path(__file__).resolve().parent.parent
YEAR = 2018
BIG = 100_000  # rows of the file that must be refused (or imported within MEMORY_MB)
BIG_LIMIT = 110_000  # ROADSHOW_IMPORT_MAX_ROWS for the 100,000-row import that the limit otherwise refuses


# --- the files, made once per generator from the city database --------------------------------

def files(source) -> dict[str, Path]:
    """The import files made from the city database `source`, kept in the bench folder."""
    from openpyxl import load_workbook

    from roadshow.exchange import exports
    from roadshow.scale import write_import_file

    stamp = data.generator()
    names = {"ledger": "ledger.xlsx", "changed": "changed.xlsx", "bad": "bad.xlsx", "big": "big.xlsx",
             "big csv": "big.csv", "cli": "cli.xlsx", "cli-bad": "cli-bad.xlsx"}
    paths = {key: data.FOLDER / f"import-{stamp}-{name}" for key, name in names.items()}
    if all(p.exists() for p in paths.values()):
        return paths
    frame = exports.ledger_frame(source, YEAR)
    paths["ledger"].write_bytes(exports.as_file(frame, "项目台账", "xlsx"))
    changed = frame.copy()
    money = "累计完成投资(万元)"
    changed[money] = [None if v is None else v - 1 if v >= 1 else v + 1 for v in changed[money]]
    paths["changed"].write_bytes(exports.as_file(changed, "项目台账", "xlsx"))
    bad = frame.copy()
    bad.loc[bad.index[-1], "所属街道"] = "不存在街道"
    paths["bad"].write_bytes(exports.as_file(bad, "项目台账", "xlsx"))
    import pandas as pd
    big = pd.concat([frame.assign(项目编号=[f"{c}-{k}" for c in frame["项目编号"]],
                                  项目名称=[f"{n}-{k}" for n in frame["项目名称"]]) for k in range(BIG // len(frame))])
    paths["big"].write_bytes(exports.as_file(big, "项目台账", "xlsx"))
    paths["big csv"].write_bytes(exports.as_file(big, "项目台账", "csv"))
    write_import_file(source, paths["cli"])
    workbook = load_workbook(paths["cli"])
    workbook.active.cell(row=workbook.active.max_row, column=3, value="不存在街道")
    workbook.save(paths["cli-bad"])
    return paths


# --- a target database: the city's places, no projects ---------------------------------------

def fresh_target(source, backend: str, postgres) -> str:
    """An empty database (migrated, with the source's cities, districts and streets) for one import."""
    from roadshow.scale import load_streets_like

    if backend == "sqlite":
        url = f"sqlite:///{data.FOLDER / 'import.db'}"
        get_engine(url).dispose()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{data.FOLDER / 'import.db'}{suffix}").unlink(missing_ok=True)
    else:
        postgres.drop("bench_import")
        url = postgres.database_url("bench_import")
    engine = get_engine(url)
    migrate(engine)
    ensure_streets(engine)
    load_streets_like(source, engine)
    engine.dispose()
    return url


def _run_child(*args: str, env: dict | None = None) -> dict:
    done = subprocess.run([sys.executable, "-m", "bench.exchange", *args], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, **(env or {})})
    if done.returncode:
        raise RuntimeError(f"bench.exchange {args[0]} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- the children: each prints its figures as one JSON line ---------------------------------------

def _child(argv: list[str]) -> dict:
    from roadshow.exchange.importing import commit_ledger, preview_ledger
    from roadshow.exchange.reading import FileRefused

    step, url, paths = argv[0], argv[1], [Path(p) for p in argv[2:]]
    engine = get_engine(url)
    out = {}

    def timed(name, fn):
        start, cpu = time.perf_counter(), time.process_time()
        value = fn()
        out[name], out[f"{name}, CPU"] = time.perf_counter() - start, time.process_time() - cpu
        return value

    if step == "import":  # new projects, then every one changed, then a file with one bad row
        ledger, changed, bad = (p.read_bytes() for p in paths)
        preview = timed("preview new", lambda: preview_ledger(ledger, "ledger.xlsx", "zh", engine))
        assert preview.ok and len(preview.new) == 10_000, preview.errors[:3]
        timed("commit new", lambda: commit_ledger(preview, "bench", "bench", engine))
        again = timed("preview changed", lambda: preview_ledger(changed, "changed.xlsx", "zh", engine))
        assert again.ok and len(again.changed) == 10_000, (again.errors[:3], len(again.changed))
        timed("commit changed", lambda: commit_ledger(again, "bench", "bench", engine))
        rejected = timed("rejected", lambda: preview_ledger(bad, "bad.xlsx", "zh", engine))
        assert [e.row for e in rejected.errors] == [10_001], rejected.errors[:3]
        assert metrics.district(engine, YEAR, metrics.default_as_of(YEAR))["projects"] == 10_000
    elif step == "refuse":  # a file over the row limit
        start = time.perf_counter()
        try:
            preview_ledger(paths[0].read_bytes(), paths[0].name, "zh", engine)
        except FileRefused as refused:
            out["refused"], out["message"] = time.perf_counter() - start, str(refused)
        else:
            raise AssertionError(f"{paths[0].name} was not refused")
    elif step == "big":  # the same file with the limit raised: previewed and committed
        preview = timed("preview", lambda: preview_ledger(paths[0].read_bytes(), paths[0].name, "zh", engine))
        assert preview.ok and len(preview.new) == BIG, preview.errors[:3]
        out["preview peak RSS MB"] = peak_rss_mb()
        timed("commit", lambda: commit_ledger(preview, "bench", "bench", engine))
        assert metrics.district(engine, YEAR, metrics.default_as_of(YEAR))["projects"] == BIG
    out["peak RSS MB"] = peak_rss_mb()
    return out


# --- the figures -------------------------------------------------------------------------------

def import_figures(source, backend: str, postgres, runs: int, big: bool, log=print) -> dict:
    """Issue 13's figures on one database (median of `runs` for the 10,000-row steps; the largest peak
    RSS of any run); with `big`, the 100,000-row files too (they do not depend on the database)."""
    paths = files(source)
    runs_out = []
    for k in range(runs):
        log(f"[city {backend}] import: preview and commit, run {k + 1} of {runs} …")
        target = fresh_target(source, backend, postgres)
        runs_out.append(_run_child("import", target, *(str(paths[n]) for n in ("ledger", "changed", "bad"))))
    out = {name: statistics.median(r[name] for r in runs_out) for name in runs_out[0] if name != "peak RSS MB"}
    for total, steps in (("import 10,000", ("preview new", "commit new")),
                         ("re-import 10,000 changed", ("preview changed", "commit changed"))):
        out[total] = statistics.median(sum(r[s] for s in steps) for r in runs_out)
        out[f"{total}, CPU"] = statistics.median(sum(r[f"{s}, CPU"] for s in steps) for r in runs_out)
    out["import peak RSS MB"] = max(r["peak RSS MB"] for r in runs_out)
    if big:
        target = fresh_target(source, backend, postgres)
        for kind in ("big", "big csv"):
            log(f"[city {backend}] import: a {BIG:,}-row {paths[kind].suffix[1:]} …")
            refused = _run_child("refuse", target, str(paths[kind]))
            out[f"{BIG:,} rows {paths[kind].suffix[1:]}: refused"] = refused["refused"]
            out[f"{BIG:,} rows {paths[kind].suffix[1:]}: peak RSS MB"] = refused["peak RSS MB"]
            out[f"{BIG:,} rows {paths[kind].suffix[1:]}: file MB"] = paths[kind].stat().st_size / 2**20
            out[f"{BIG:,} rows {paths[kind].suffix[1:]}: message"] = refused["message"]
        log(f"[city {backend}] import: {BIG:,} rows with the row limit raised …")
        raised = _run_child("big", target, str(paths["big"]), env={"ROADSHOW_IMPORT_MAX_ROWS": str(BIG_LIMIT)})
        out.update({f"{BIG:,} rows, limit raised: {k}": v for k, v in raised.items()})
    if backend == "sqlite":
        get_engine(target).dispose()
    else:
        postgres.drop("bench_import")
    return out


def cli_figures(source, backend: str, postgres, runs: int, log=print) -> dict:
    """Issue 14: `python -m roadshow import` of the 10,000-row file naming districts (median of `runs`), and
    the same file with an unknown street, refused with nothing written."""
    paths = files(source)

    def once(path: Path, expect: int) -> float:
        target = fresh_target(source, backend, postgres)
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "roadshow", "import", str(path)], cwd=ROOT, capture_output=True,
                              text=True, env={**os.environ, "ROADSHOW_DATABASE_URL": target})
        elapsed = time.perf_counter() - start
        assert done.returncode == expect, done.stderr[-2000:]
        engine = get_engine(target)
        assert metrics.district(engine, YEAR, metrics.default_as_of(YEAR))["projects"] == (10_000 if expect == 0 else 0)
        engine.dispose()
        return elapsed

    log(f"[city {backend}] import through the CLI …")
    figures = {"CLI import 10,000 rows": statistics.median(once(paths["cli"], 0) for _ in range(runs)),
               "CLI import 10,000 rows, rejected": once(paths["cli-bad"], 1)}
    if backend == "postgresql":
        postgres.drop("bench_import")
    return figures


if __name__ == "__main__":
    print(json.dumps(_child(sys.argv[1:])))
