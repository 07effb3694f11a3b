"""PNG downloads beside every chart and slide, and the whole deck in meeting mode.

A PNG is drawn only when its button is clicked (`st.download_button(data=callable)`), so a page
costs nothing more to show. Before offering a button the page checks that this machine can draw
(Chromium and the CJK font): if not, the button is disabled and says what to install.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import plotly.graph_objects as go
import streamlit as st

from ..i18n import t
from ..metrics import Filters
from ..slides import files, render
from ..slides.compose import Kpi, Slide, compose
from ..slides.deck import Deck, meeting_deck, street_section, subtitle
from .common import engine

SIZES = (("720p", 1280 / 1920, "1280×720"), ("2x", 2, "3840×2160 (2×)"))  # the layout is 1920×1080, scaled


def _unavailable(L: str) -> str | None:
    """Why images cannot be drawn here, in the user's language, or None."""
    try:
        render.check()
    except render.RenderUnavailable as why:
        return t(why.key, L, **why.params)
    render.warm_up()
    return None


def _drawer(slide: Slide, scale: float, L: str, page: int | None, total: int | None):
    return lambda: render.png(compose(slide, page, total, L), scale)


def png_buttons(slides: list[Slide], file_name: str, L: str, box=None, pages: range | None = None,
                total: int | None = None) -> None:
    """⬇ PNG (1920×1080) of each slide (a table over several slides has a button a part) and a menu
    of other sizes, in one right-aligned row under a chart or slide."""
    row = (box or st).container(horizontal=True, horizontal_alignment="right", gap="small")
    problem = _unavailable(L)
    if problem:
        row.download_button(t("slides.png", L), data=b"", disabled=True, help=problem, key=f"png:{file_name}",
                            icon=":material/download:")
        row.caption(t("slides.unavailable_short", L))
        return
    parts = [(slide, f"{file_name}-{n}" if len(slides) > 1 else file_name, pages[n - 1] if pages else None,
              t("slides.png_part", L, n=n, total=len(slides)) if len(slides) > 1 else t("slides.png", L))
             for n, slide in enumerate(slides, 1)]
    for slide, name, page, text in parts:
        row.download_button(text, data=_drawer(slide, 1, L, page, total), file_name=f"{name}.png",
                            mime="image/png", on_click="ignore", key=f"png:{name}", icon=":material/download:",
                            help=t("slides.png_help", L))
    with row.popover(t("slides.more_sizes", L), key=f"sizes:{file_name}"):
        for slide, name, page, text in parts:
            sizes = st.container(horizontal=True, gap="small")
            for suffix, scale, size in SIZES:
                sizes.download_button(f"{text} · {size}" if len(slides) > 1 else size,
                                      data=_drawer(slide, scale, L, page, total), file_name=f"{name}-{suffix}.png",
                                      mime="image/png", on_click="ignore", key=f"png:{name}:{suffix}",
                                      icon=":material/download:")


def chart_slide(figure: go.Figure, name: str, year: int, as_of: date, filters: Filters, L: str,
                kpis: Sequence[Kpi] = (), source: str = "ledger") -> Slide:
    """A page's chart as a slide: its title, the plan year, as-of date, source and filters, its KPIs."""
    return Slide(name, figure.layout.title.text or "", subtitle(year, as_of, L, filters, source), tuple(kpis),
                 chart=figure)


def chart(figure: go.Figure, name: str, year: int, as_of: date, filters: Filters, L: str, box=None,
          kpis: Sequence[Kpi] = (), source: str = "ledger") -> None:
    """A page's chart, with its PNG download under it (the slide built only when clicked)."""
    box = box or st
    box.plotly_chart(figure, theme=None)
    png_buttons([chart_slide(figure, name, year, as_of, filters, L, kpis, source)], f"{name}-{as_of.isoformat()}",
                L, box)


@st.cache_resource(max_entries=64, show_spinner=False)
def street_slides(url: str, version: int, L: str, year: int, as_of: date, street: str, filters: Filters) -> list[Slide]:
    """A street's report as slides (as in the deck, without its place in a meeting), built once per data version."""
    return street_section(engine(), year, as_of, street, None, L, filters).slides


@st.cache_resource(max_entries=16, show_spinner=False)
def meeting_slides(url: str, version: int, L: str, year: int, meeting_id: int, places: Filters, day: date) -> Deck:
    """The meeting's deck for the place chosen (slide specs, not images), built once per database, data
    version, language and day (回头看 of a meeting ahead is read on the day)."""
    return meeting_deck(engine(), L, year, meeting_id=meeting_id, filters=places, today=day)


def slide_buttons(deck: Deck, index: int, L: str) -> None:
    """The PNG of the deck's slide at `index`, numbered as in the deck."""
    slide = deck.slides[index]
    png_buttons([slide], f"{deck.as_of.isoformat()}-{index + 1:02d}-{slide.name}", L, pages=range(index + 1, index + 2),
                total=len(deck.slides))


def deck_downloads(deck: Deck, key: str, L: str) -> None:
    """Build the whole deck with a progress bar, then offer it as a ZIP of PNGs and as a PPTX."""
    problem = _unavailable(L)
    if problem:
        st.warning(problem)
        return
    slides = deck.slides
    built = st.session_state["deck"][1] if st.session_state.get("deck", ("",))[0] == key else None
    if st.button(t("slides.build_deck", L, count=len(slides)), icon=":material/slideshow:", key=f"build:{key}"):
        bar = st.progress(0.0, text=t("slides.building", L, n=0, total=len(slides)))
        try:
            pngs = files.images(slides, L, done=lambda n: bar.progress(
                n / len(slides), text=t("slides.building", L, n=n, total=len(slides))))
        except render.RenderUnavailable as why:
            bar.empty()
            st.error(t(why.key, L, **why.params))
            return
        bar.empty()
        st.session_state["deck"] = (key, pngs)  # one deck a session: a newer one replaces it
        built = pngs
    if built:
        stem = f"roadshow-{deck.as_of.isoformat()}"
        row = st.container(horizontal=True, gap="small")
        row.download_button(t("slides.zip", L, count=len(built)), data=lambda: files.zip_of(slides, built),
                            file_name=f"{stem}.zip", mime="application/zip", on_click="ignore", key=f"zip:{key}",
                            icon=":material/folder_zip:", type="primary")
        row.download_button(t("slides.pptx", L), data=lambda: files.pptx_of(deck, slides, built),
                            file_name=f"{stem}.pptx", on_click="ignore", key=f"pptx:{key}",
                            mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
                            icon=":material/slideshow:", type="primary")
