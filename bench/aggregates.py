"""Issue 14: every aggregate the pages read, timed on SQLite and PostgreSQL in turn (so that both meet
the same machine load), everything the overview reads uncached, and the plans of the heaviest ones."""
from __future__ import annotations

import statistics
import time
from datetime import date

import sqlalchemy as sa

from roadshow import hierarchy, metrics, queries

AS_OF = date(2018, 3, 31)
YEAR = 2018
FLOOR = "round trip: SELECT 1 (the floor of any read, not an aggregate)"


def level_of(engine) -> str:
    """The level the overview ranks at for this database (streets of a district, districts of a city…)."""
    return hierarchy.ranking_level(hierarchy.places(engine), metrics.ALL)


def calls(engine) -> dict:
    """{name: call} of each aggregate the pages read, and the overview's reads together."""
    level = level_of(engine)
    return {
        FLOOR: lambda: select_one(engine),
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
        "overview data (uncached)": lambda: overview_data(engine, level),
    }


def select_one(engine) -> None:
    """A read as the app makes one (a pooled connection, pre-pinged), of nothing: what every read costs."""
    with engine.connect() as db:
        db.execute(sa.text("SELECT 1")).scalar()


def overview_data(engine, level: str) -> None:
    """Everything the overview reads, uncached, as the page calls it."""
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


def timed_in_turn(engines: dict, runs: int) -> dict[str, dict[str, float]]:
    """{backend: {aggregate: median seconds}}: each aggregate run on every database in turn, `runs` times."""
    by_backend = {backend: calls(engine) for backend, engine in engines.items()}
    results = {backend: {} for backend in engines}
    for name in dict.fromkeys(n for c in by_backend.values() for n in c):
        times = {backend: [] for backend in by_backend if name in by_backend[backend]}
        for _ in range(runs):
            for backend in times:
                start = time.perf_counter()
                by_backend[backend][name]()
                times[backend].append(time.perf_counter() - start)
        for backend, measured in times.items():
            results[backend][name] = statistics.median(measured)
    return results


def plans(engine, size: str) -> list[str]:
    """The plans of the heaviest aggregates (the overview's grouping and the per-street one), as Markdown."""
    level = level_of(engine)
    values = {"plan_year": YEAR, "year_start": date(YEAR, 1, 1), "as_of": AS_OF}
    sqlite = engine.dialect.name == "sqlite"
    explain = "EXPLAIN QUERY PLAN " if sqlite else "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) "
    out = []
    with engine.connect() as db:
        for name in dict.fromkeys((level, "street")):
            statement = metrics._aggregate((name,), metrics.ALL).params(values)
            sql = str(statement.compile(dialect=engine.dialect, compile_kwargs={"literal_binds": True}))
            rows = db.exec_driver_sql(explain + sql).all()
            plan = "\n".join(r[-1] if sqlite else r[0] for r in rows)
            out += [f"### {size} · {engine.dialect.name} · grouped by {name}", "", "```", plan, "```", ""]
    return out
