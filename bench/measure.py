"""How the bench measures: the median time of several calls, and a process's peak memory."""
from __future__ import annotations

import statistics
import time
from pathlib import Path


def timed(fn, runs: int) -> tuple[float, object]:
    """Median seconds of `runs` calls, and the last call's result."""
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def peak_rss_mb(pid: int | str = "self") -> float:
    """The most memory a process has held (VmHWM), in MB. Not getrusage's ru_maxrss: a child started
    by fork and exec inherits its parent's high-water mark there, so it would report the bench's own."""
    line = next(line for line in Path(f"/proc/{pid}/status").read_text().splitlines() if line.startswith("VmHWM"))
    return int(line.split()[1]) / 1024
