"""Issue 14: the latency of edits saved by concurrent writers, as a busy app server sees them."""
from __future__ import annotations

import threading
import time

import sqlalchemy as sa

from roadshow.auth import Actor
from roadshow.database import get_engine
from roadshow.models import Project
from roadshow.services import update_project

WRITERS, EDITS = 8, 50  # concurrent writers, edits each


def quantile(sorted_values: list[float], q: float) -> float:
    """The value below which a share `q` of the (sorted) values lie: the nearest rank, no interpolation."""
    return sorted_values[min(len(sorted_values) - 1, int(q * len(sorted_values)))]


def write_latency(url: str) -> dict:
    """WRITERS threads each saving EDITS projects (each its own) at once on the database at `url` (a
    scratch copy: it writes): the latency of every save, as p50/p95/p99/max."""
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
    return {"p50": quantile(latencies, 0.5), "p95": quantile(latencies, 0.95), "p99": quantile(latencies, 0.99),
            "max": latencies[-1], "edits": len(latencies)}
