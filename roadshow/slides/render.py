"""PNG from plotly figures through ONE headless Chromium per process (kaleido 1.x).

Starting Chromium costs about 2 s; a browser kept open draws a slide in a fraction of that.
So the first export starts one `kaleido.Kaleido` on an event loop of its own thread, and every
later export, from any Streamlit session (sessions run on threads) or the CLI, reuses it. A lock
guards starting and stopping it; each render is a future of its own, so two sessions exporting
at once can never receive each other's image.

Why not `kaleido.start_sync_server()`: in kaleido 1.5 its server thread dies when Chromium
fails to start while `is_running()` stays true, and every later `calc_fig_sync` then waits
forever on a queue without a timeout (and two threads calling it at once may swap results).
This keeps its design (one browser, one loop thread) with errors and timeouts that reach the
caller.

Before anything is drawn, `check()` makes sure the browser and a CJK font are there, so a
user gets a message saying what to install instead of a traceback or boxes for characters.
"""
from __future__ import annotations

import asyncio
import atexit
import os
import shutil
import subprocess
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from functools import lru_cache

import kaleido
from choreographer.browsers.chromium import Chromium

from ..settings import settings

WIDTH, HEIGHT = 1920, 1080  # every slide is laid out at 1080p; other sizes scale it
TABS = 2  # two pages draw at once: one per core of a small server
START_TIMEOUT = 60  # seconds for Chromium to start
RENDER_TIMEOUT = 60  # seconds for one image


class RenderUnavailable(Exception):
    """Images cannot be drawn on this machine; `key` names the message (i18n slides.*)."""

    def __init__(self, key: str, **params) -> None:
        super().__init__(key)
        self.key, self.params = key, params


def browser_path() -> str | None:
    """The Chromium to draw with: ROADSHOW_CHROMIUM, else the first one kaleido would find."""
    configured = settings().chromium
    if configured:
        return configured if os.path.isfile(configured) and os.access(configured, os.X_OK) else None
    return Chromium.find_browser(skip_local=False)


@lru_cache(maxsize=8)
def _font_installed(family: str) -> bool:
    """fontconfig knows a font of this family (fc-list prints nothing for an unknown one)."""
    if not shutil.which("fc-list"):
        return False
    listed = subprocess.run(["fc-list", family, "family"], capture_output=True, text=True, timeout=30).stdout
    return bool(listed.strip())


def check() -> None:
    """Raise RenderUnavailable unless a browser and the slides' CJK font are installed."""
    if browser_path() is None:
        raise RenderUnavailable("slides.no_browser")
    if not _font_installed(settings().slide_font):
        raise RenderUnavailable("slides.no_font", font=settings().slide_font)


class _Browser:
    """The process's one Chromium, on an event loop running in a thread of its own."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.loop: asyncio.AbstractEventLoop | None = None
        self.kaleido: kaleido.Kaleido | None = None
        self.path: str | None = None

    def ready(self) -> tuple[asyncio.AbstractEventLoop, kaleido.Kaleido]:
        """The running browser, started on first use (or after it failed)."""
        path = browser_path()
        with self.lock:
            if self.kaleido is not None and self.path == path:
                return self.loop, self.kaleido
            self._stop()
            loop = asyncio.new_event_loop()
            threading.Thread(target=loop.run_forever, name="roadshow-chromium", daemon=True).start()

            async def start() -> kaleido.Kaleido:
                browser = kaleido.Kaleido(n=TABS, path=path, mathjax=False, timeout=RENDER_TIMEOUT)
                await browser.open()
                return browser

            try:
                self.kaleido = asyncio.run_coroutine_threadsafe(start(), loop).result(START_TIMEOUT)
            except Exception as error:
                loop.call_soon_threadsafe(loop.stop)
                raise RenderUnavailable("slides.browser_failed", error=_reason(error)) from error
            self.loop, self.path = loop, path
            return loop, self.kaleido

    def broken(self, browser: kaleido.Kaleido) -> None:
        """Forget a browser that failed to draw: the next export starts a fresh one."""
        with self.lock:
            if self.kaleido is browser:
                self._stop()

    def stop(self) -> None:
        with self.lock:
            self._stop()

    def _stop(self) -> None:
        if self.kaleido is None:
            return
        try:
            asyncio.run_coroutine_threadsafe(self.kaleido.close(), self.loop).result(10)
        except Exception:  # noqa: BLE001 closing a browser that already died
            pass
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.kaleido = self.loop = self.path = None


_browser = _Browser()
atexit.register(_browser.stop)


def warm_up() -> None:
    """Start the browser in the background (a page about to offer downloads), so the first click
    does not wait for Chromium; a failure here is met again, with its message, on that click."""
    if _browser.kaleido is None and not _browser.lock.locked():
        threading.Thread(target=_quietly_ready, name="roadshow-chromium-start", daemon=True).start()


def _quietly_ready() -> None:
    try:
        _browser.ready()
    except RenderUnavailable:
        pass


def pngs(figures: Iterable[dict], scale: float = 1,
         done: Callable[[int], None] | None = None) -> list[bytes]:
    """Each figure (plotly JSON, as compose makes it) as a PNG of its layout's size times `scale`, in
    order; `done(n)` once the first n are drawn (a progress bar). Figures go to the browser as they
    come, so building the next one overlaps with drawing the last."""
    check()
    loop, browser = _browser.ready()
    futures: list[Future] = []
    images: list[bytes] = []

    def collect(wait: bool) -> None:
        while len(images) < len(futures) and (wait or futures[len(images)].done()):
            images.append(futures[len(images)].result(RENDER_TIMEOUT))
            if done:
                done(len(images))

    try:
        for figure in figures:
            opts = dict(format="png", width=_size(figure, "width", WIDTH), height=_size(figure, "height", HEIGHT),
                        scale=scale)
            futures.append(asyncio.run_coroutine_threadsafe(browser.calc_fig(figure, opts=opts), loop))
            collect(wait=False)
        collect(wait=True)
    except Exception as error:
        for future in futures:
            future.cancel()
        _browser.broken(browser)
        raise RenderUnavailable("slides.render_failed", error=_reason(error)) from error
    return images


def _reason(error: Exception) -> str:
    """An error's first line, short enough for a message."""
    text = str(error.args[0] if error.args else error) or type(error).__name__
    return text.splitlines()[0][:200]


def _size(figure: dict, side: str, default: int) -> int:
    return figure["layout"].get(side) or default


def png(figure: dict, scale: float = 1) -> bytes:
    """One figure as a PNG."""
    return pngs([figure], scale)[0]
