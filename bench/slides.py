"""Slide export speed: the 12-slide demo deck through the one persistent Chromium, against one
browser per figure (kaleido's default without a server), in the same run. Updates the
"Slides" section of bench/RESULTS.md.

    .venv/bin/python bench/slides.py            # also run by `make bench`

The demo deck is the first 12 slides of the first 2018 roadshow (district summary, street
rates, the ranking, the first streets' reports: charts and tables).
"""
from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from datetime import datetime
from importlib.metadata import version
from pathlib import Path

import kaleido

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from roadshow.database import get_engine, migrate  # noqa: E402
from roadshow.demo import load_demo  # noqa: E402
from roadshow.services import ensure_streets  # noqa: E402
from roadshow.slides import render  # noqa: E402
from roadshow.slides.compose import compose  # noqa: E402
from roadshow.slides.deck import meeting_deck  # noqa: E402

SLIDES = 12
TARGETS = {"deck": 4.0, "speed-up": 5.0, "one slide": 0.5}  # seconds, times faster, seconds (issue 12)
MARK = "## Slides"


def seconds(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        engine = get_engine(f"sqlite:///{folder}/demo.db")
        migrate(engine)
        ensure_streets(engine)
        load_demo(engine)
        deck = meeting_deck(engine, "zh", meeting_id=1)
    slides = deck.slides[:SLIDES]

    def figures():
        return [compose(s, n, len(slides)) for n, s in enumerate(slides, 1)]

    compose_time = seconds(figures)
    render.check()
    cold = seconds(lambda: render.pngs(figures()))  # the first export of a process starts the browser
    warm = [seconds(lambda: render.pngs(figures())) for _ in range(3)]
    one = [seconds(lambda: render.png(figures()[0])) for _ in range(5)]
    full = seconds(lambda: render.pngs(compose(s, n, len(deck.slides)) for n, s in enumerate(deck.slides, 1)))
    render._browser.stop()
    per_figure = seconds(lambda: [kaleido.calc_fig_sync(f, opts=dict(format="png", width=1920, height=1080),
                                                        kopts=dict(mathjax=False)) for f in figures()])
    deck_time = statistics.median(warm)
    rows = [
        ("compose 12 slides (figure JSON)", f"{compose_time:.3f} s", ""),
        ("deck of 12, first export (starts Chromium)", f"{cold:.2f} s", ""),
        ("deck of 12, browser running (median of 3)", f"{deck_time:.2f} s",
         _verdict(deck_time <= TARGETS["deck"], f"≤ {TARGETS['deck']:.0f} s")),
        ("deck of 12, one browser per figure", f"{per_figure:.2f} s", ""),
        ("speed-up, running browser vs one per figure", f"{per_figure / deck_time:.1f}×",
         _verdict(per_figure / deck_time >= TARGETS["speed-up"], f"≥ {TARGETS['speed-up']:.0f}×")),
        ("one slide's PNG, browser running (median of 5)", f"{statistics.median(one):.2f} s",
         _verdict(statistics.median(one) <= TARGETS["one slide"], f"≤ {TARGETS['one slide']} s")),
        (f"whole demo deck ({len(deck.slides)} slides), browser running", f"{full:.2f} s", ""),
    ]
    section = "\n".join([
        MARK, "",
        f"Written by `bench/slides.py` ({datetime.now():%Y-%m-%d %H:%M}). The first {SLIDES} slides of the demo "
        f"deck (roadshow of 2018-03-28), 1920×1080 PNG; kaleido {version('kaleido')}, Chromium at "
        f"{render.browser_path()}; 2 cores shared with other work (load average {os.getloadavg()[0]:.1f} at the end).",
        "", "| figure | time | target |", "|---|---|---|",
        *(f"| {name} | {value} | {target} |" for name, value, target in rows), "",
        "- One browser per figure is kaleido without a server: each image starts and stops Chromium.",
        "- The running browser has two tabs: the next slide is drawn while the last one's tab reloads.",
        "- The app starts the browser in the background when a page first shows a download button, so a",
        "  user's first click finds it running; the CLI pays the start (first export) once per run.", "",
    ])
    results = ROOT / "bench" / "RESULTS.md"
    text = results.read_text() if results.exists() else "# Benchmark results\n\n"
    before = text.split(MARK)[0].rstrip() + "\n\n"
    results.write_text(before + section)
    print(section)


def _verdict(met: bool, target: str) -> str:
    return f"{'met' if met else 'MISSED'} ({target})"


if __name__ == "__main__":
    main()
