"""A deck drawn and packed: numbered PNGs, a ZIP of them, a PPTX with one full-bleed image a slide."""
from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

from pptx import Presentation
from pptx.util import Emu

from . import render
from .compose import Slide, compose
from .deck import Deck


def file_names(slides: list[Slide]) -> list[str]:
    """'01-summary.png', '02-street-rates.png', …: in order, ASCII so every unzip tool keeps them."""
    return [f"{n:02d}-{slide.name}.png" for n, slide in enumerate(slides, 1)]


def images(slides: list[Slide], lang: str, scale: float = 1, done: Callable[[int], None] | None = None) -> list[bytes]:
    """Every slide drawn with its page number, in one browser."""
    return render.pngs((compose(s, n, len(slides), lang) for n, s in enumerate(slides, 1)), scale, done)


def zip_of(slides: list[Slide], pngs: list[bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:  # PNGs are compressed already
        for name, png in zip(file_names(slides), pngs):
            archive.writestr(name, png)
    return buffer.getvalue()


def pptx_of(deck: Deck, slides: list[Slide], pngs: list[bytes]) -> bytes:
    """16:9 slides, each the slide's image edge to edge; its title as the slide's title (for the
    outline and screen readers, under the image) and its figures in the notes."""
    presentation = Presentation()
    presentation.slide_width, presentation.slide_height = Emu(12192000), Emu(6858000)  # 13.333 × 7.5 in
    presentation.core_properties.title = deck.title
    title_only = presentation.slide_layouts[5]
    for slide, png in zip(slides, pngs):
        page = presentation.slides.add_slide(title_only)
        page.shapes.title.text = slide.title
        page.shapes.add_picture(io.BytesIO(png), 0, 0, presentation.slide_width, presentation.slide_height)
        page.notes_slide.notes_text_frame.text = "\n".join(slide.figures())
    buffer = io.BytesIO()
    presentation.save(buffer)
    return buffer.getvalue()
