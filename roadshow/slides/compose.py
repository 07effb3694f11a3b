"""A slide: one 1920×1080 plotly figure — title, subtitle (plan year, as-of date, source), a strip
of KPIs, ONE chart or ONE table, and a footer with the page number.

Composed as a single figure (the header, KPI strip and footer are layout annotations and shapes,
the chart's axes or the table moved into the area below them) so one browser call draws a slide
and the chart keeps its own traces, colours and axes exactly as the page shows them. The canvas
has no margins: paper coordinates are the whole slide, so every position here is a pixel.

Nothing on a slide is smaller than MIN_TEXT px (read from the back of a room); plotly's shrinking
of bar and tile labels is stopped there (`uniformtext`): a label that would be smaller is hidden.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from functools import lru_cache

import plotly.graph_objects as go
import plotly.io as pio

from .. import charts
from ..i18n import t
from ..settings import settings
from .render import HEIGHT, WIDTH

MIN_TEXT = 18  # px at 1080p, the smallest text anywhere on a slide
TEXT = 24  # chart text: ticks, labels, legend
TABLE_TEXT = 24
BAR_TEXT = 22  # a label inside a bar needs room above and below it
MARGIN = 72  # left and right edge of the slide's content
INK, MUTED, RULE, PANEL = "#1E2A3A", "#5A6473", "#D5DBE3", "#F2F5F9"
ACCENT = charts.STAGE_COLORS["continuing"]
CONTENT_BOTTOM = 1000
FOOTER_RULE = 1018


@dataclass(frozen=True)
class Kpi:
    """One figure of the strip: '复工率' '83.0%' with an optional detail ('44/53')."""

    label: str
    value: str
    detail: str = ""


@dataclass(frozen=True)
class Table:
    """Rows of text under headed columns; `widths` are relative; `colours` is an optional font
    colour per cell (row by row) — the status colours of the pages; `empty` is what the table says
    when it has no rows (by default that nothing is recorded)."""

    columns: list[str]
    rows: list[list[str]]
    widths: list[float]
    colours: list[list[str]] | None = None
    empty: str | None = None


@dataclass(frozen=True)
class Slide:
    """What a slide shows; `compose` lays it out. `name` becomes the PNG's file name."""

    name: str
    title: str
    subtitle: str
    kpis: tuple[Kpi, ...] = ()
    chart: go.Figure | None = None
    table: Table | None = None
    notes: tuple[str, ...] = field(default=())  # the figures behind the chart, for the PPTX notes

    def figures(self) -> list[str]:
        """Every figure of the slide as lines of text: the KPIs, the chart's data or the table."""
        lines = [f"{k.label}: {k.value}" + (f" ({k.detail})" if k.detail else "") for k in self.kpis]
        lines += list(self.notes)
        if self.table:
            lines += [" | ".join(self.table.columns)]
            lines += [" | ".join(cell.replace("<br>", "") for cell in row) for row in self.table.rows]
        return lines


def font_family() -> str:
    """The configured CJK font first (the one `render.check` made sure is installed)."""
    return f"{settings().slide_font}, {charts.FONT}"


def text_width(text: str, size: float) -> float:
    """About how wide a line of text is drawn, in px: CJK characters are square, the rest narrower."""
    return sum(size if unicodedata.east_asian_width(c) in "WF" else size * 0.56 for c in text)


_TOKENS = re.compile(r"\s+|[A-Za-z0-9.,:;%()/+\-'’&]+|.")


def wrap(text: str, width: float, size: float) -> list[str]:
    """Lines of at most `width` px: Latin words kept whole where they fit, CJK broken anywhere."""
    lines, line = [], ""
    for token in _TOKENS.findall(" ".join(str(text).split())):
        if text_width(line + token, size) <= width:
            line += token
            continue
        if line.strip():
            lines.append(line.rstrip())
        line = token.lstrip()
        while text_width(line, size) > width:  # a word longer than the line: cut it
            cut = next((i for i in range(len(line), 0, -1) if text_width(line[:i], size) <= width), 1)
            lines.append(line[:cut])
            line = line[cut:]
    if line.strip() or not lines:
        lines.append(line.rstrip())
    return lines


def fit(text: str, size: float, width: float) -> float:
    """The size up to `size` at which the line fits `width` px (never under MIN_TEXT)."""
    return max(MIN_TEXT, min(size, width / max(text_width(text, 1), 1)))


def _box(x0: float, y0: float, x1: float, y1: float, **style) -> dict:
    return dict(type="rect", xref="paper", yref="paper", x0=x0 / WIDTH, x1=x1 / WIDTH,
                y0=1 - y1 / HEIGHT, y1=1 - y0 / HEIGHT, layer="below", line=dict(width=0), **style)


def _text(x: float, y: float, text: str, size: float, color: str = INK, anchor: str = "left",
          valign: str = "middle", bold: bool = False) -> dict:
    size = max(size, MIN_TEXT)
    return dict(xref="paper", yref="paper", x=x / WIDTH, y=1 - y / HEIGHT, text=f"<b>{text}</b>" if bold else text,
                showarrow=False, xanchor=anchor, yanchor=valign, align=anchor,
                font=dict(size=size, color=color, family=font_family()))


def _header(slide: Slide, page: int | None, total: int | None, lang: str) -> tuple[list, list, float]:
    """Annotations and shapes of the title, subtitle, KPI strip and footer, and where the content starts."""
    room = WIDTH - 2 * MARGIN
    notes = [_text(MARGIN, 66, slide.title, fit(slide.title, 48, room * 0.95), bold=True),  # bold runs wider
             _text(MARGIN, 124, slide.subtitle, fit(slide.subtitle, 24, room), MUTED),
             _text(MARGIN, 1050, t("slides.footer", lang), 20, MUTED)]
    if page is not None:
        notes.append(_text(WIDTH - MARGIN, 1050, f"{page} / {total}" if total else str(page), 22, MUTED, "right"))
    shapes = [_box(0, 0, WIDTH, 10, fillcolor=ACCENT),
              _box(MARGIN, 152, WIDTH - MARGIN, 154, fillcolor=RULE),
              _box(MARGIN, FOOTER_RULE, WIDTH - MARGIN, FOOTER_RULE + 2, fillcolor=RULE)]
    top = 176
    if slide.kpis:
        gap, n = 24, len(slide.kpis)
        width = (WIDTH - 2 * MARGIN - gap * (n - 1)) / n
        for i, kpi in enumerate(slide.kpis):
            x0 = MARGIN + i * (width + gap)
            shapes.append(_box(x0, top, x0 + width, top + 118, fillcolor=PANEL))
            shapes.append(_box(x0, top, x0 + 6, top + 118, fillcolor=ACCENT))
            label = kpi.label + (f"（{kpi.detail}）" if kpi.detail and lang == "zh" else
                                 f" ({kpi.detail})" if kpi.detail else "")
            notes.append(_text(x0 + 26, top + 44, kpi.value, fit(kpi.value, 46, (width - 44) * 0.9), bold=True))
            notes.append(_text(x0 + 26, top + 94, label, fit(label, 22, width - 40), MUTED))
        top += 118 + 32
    return notes, shapes, top


def _domain(px0: float, py0: float, px1: float, py1: float) -> tuple[list[float], list[float]]:
    """Paper x and y ranges of a pixel box (y counted from the top)."""
    return [px0 / WIDTH, px1 / WIDTH], [1 - py1 / HEIGHT, 1 - py0 / HEIGHT]


def _scaled(old, new: list[float]) -> list[float]:
    """A sub-range (a subplot's domain) moved from [0, 1] into `new`."""
    a, b = (list(old) if old is not None else [0, 1])
    return [new[0] + a * (new[1] - new[0]), new[0] + b * (new[1] - new[0])]


def _cartesian(trace: dict) -> bool:
    """The trace is drawn on x and y axes (bar, scatter), not in a domain (treemap, table, pie)."""
    return hasattr(getattr(go, trace.get("type", "scatter").capitalize(), None), "xaxis")


def _left_gutter(traces: list[dict], layout: dict) -> float:
    """Room left of the plot for the y axis' tick labels (measured for category labels) and title."""
    if layout.get("yaxis", {}).get("type") == "date":
        return 150
    labels = [str(v) for trace in traces if trace.get("y") is not None for v in trace["y"] if v is not None]
    numeric = all(re.fullmatch(r"-?[\d.]+", v) for v in labels)
    width = 90 if numeric else max(text_width(v, TEXT) for v in labels) + 24
    return width + (44 if layout.get("yaxis", {}).get("title", {}).get("text") else 0)


def _axes(traces: list[dict], layout: dict) -> list[str]:
    """The names of the chart's axes (xaxis, yaxis2, …), each made present in `layout`."""
    used = {f"{kind}axis{(trace.get(f'{kind}axis') or kind)[1:]}" for trace in traces if _cartesian(trace)
            for kind in "xy"}
    names = sorted(used | {k for k in layout if k.startswith(("xaxis", "yaxis"))})
    for name in names:
        layout.setdefault(name, {})
    return names


def _legible(traces: list[dict], layout: dict) -> None:
    """Every text of a chart at a slide's size, in place: ticks and axis titles, bar labels (else
    plotly shrinks them to fit their bar), legend, annotations (subplot titles)."""
    for name in _axes(traces, layout):
        axis = layout[name]
        axis.update(tickfont=dict(size=TEXT), title={**axis.get("title", {}), "font": dict(size=TEXT)})
    for trace in traces:
        if trace.get("type") == "bar" and trace.get("text") is not None:
            trace.setdefault("textfont", {}).setdefault("size", BAR_TEXT)
    for note in layout.get("annotations", ()):
        note.setdefault("font", {})["size"] = max(note["font"].get("size") or TEXT, TEXT)


def screen_chart(chart: go.Figure, height: int) -> go.Figure:
    """A chart as meeting mode shows it under a slide's header on screen: the slide's text sizes and
    template, no title of its own (the header says it), `height` px tall, the legend above the plot."""
    spec = chart.to_dict()
    traces, layout = spec["data"], spec["layout"]
    for key in ("template", "title", "height", "width", "margin", "legend"):
        layout.pop(key, None)
    for name in _axes(traces, layout):
        layout[name]["automargin"] = True
    _legible(traces, layout)
    top = 24 + (56 if layout.get("annotations") else 0)  # subplot titles stand above the plots
    legend = layout.get("showlegend") is not False and sum(t.get("showlegend") is not False for t in traces) > 1
    layout.update(template=_template(), height=height, autosize=True, font=dict(family=font_family(), size=TEXT,
                                                                                 color=INK),
                  margin=dict(l=8, r=48, t=top + (56 if legend else 0), b=8), paper_bgcolor="white",
                  plot_bgcolor="white", uniformtext=dict(minsize=MIN_TEXT, mode="hide"),
                  hoverlabel=dict(font=dict(size=TEXT, family=font_family())),
                  legend=dict(orientation="h", x=0, xanchor="left", y=1, yanchor="bottom", font=dict(size=TEXT),
                              title=dict(text="")))
    if legend and layout.get("annotations"):
        layout["legend"]["y"] = 1.12
    return go.Figure(spec)


def _place_chart(figure: dict, chart: go.Figure, box: tuple[float, float, float, float]) -> None:
    """Move the chart's traces, axes, shapes and annotations into the pixel box (as plain
    figure JSON: plotly's validating objects cost more than drawing the slide)."""
    x0, y0, x1, y1 = box
    spec = chart.to_dict()  # a copy: the page's own figure stays as it is
    traces, layout = spec["data"], spec["layout"]
    for key in ("template", "title", "height", "width", "margin", "legend"):
        layout.pop(key, None)
    cartesian = [trace for trace in traces if _cartesian(trace)]
    if cartesian:
        legend = layout.get("showlegend") is not False and sum(t.get("showlegend") is not False for t in traces) > 1
        bottom = 48 + (44 if layout.get("xaxis", {}).get("title", {}).get("text") else 0) + (64 if legend else 0)
        x0, x1, y0, y1 = x0 + _left_gutter(cartesian, layout), x1 - 70, y0 + 44, y1 - bottom
        layout["legend"] = dict(orientation="h", x=x0 / WIDTH, xanchor="left", y=1 - box[3] / HEIGHT,
                                yanchor="bottom", font=dict(size=TEXT), title=dict(text=""))
    xs, ys = _domain(x0, y0, x1, y1)
    for name in _axes(traces, layout):
        axis = layout[name]
        axis["domain"] = _scaled(axis.get("domain"), xs if name.startswith("x") else ys)
        axis.update(automargin=False, title={**axis.get("title", {}), "standoff": 16})
    for trace in traces:
        if not _cartesian(trace):
            domain = trace.setdefault("domain", {})
            domain["x"], domain["y"] = _scaled(domain.get("x"), xs), _scaled(domain.get("y"), ys)
    for item in (*layout.get("annotations", ()), *layout.get("shapes", ())):
        for ref, (lo, hi), keys in (("xref", xs, ("x", "x0", "x1")), ("yref", ys, ("y", "y0", "y1"))):
            if item.get(ref) == "paper":
                item.update({k: lo + item[k] * (hi - lo) for k in keys if item.get(k) is not None})
    _legible(traces, layout)
    figure["data"] += traces
    figure["layout"].update(layout)


CELL_PAD = 28  # px of a column that text may not use (plotly's padding, and a margin for error)


def _table_rows(table: Table, width: float) -> tuple[list[str], float, list[list[str]], list[float], list[float]]:
    """The header and cells wrapped to their columns ('<br>' between lines), the header's height,
    the column widths and each row's height: wrapped here, so plotly never wraps (and grows) a row
    this did not count (no-break spaces inside a line: plotly wraps at spaces)."""
    total = sum(table.widths)
    columns = [width * w / total for w in table.widths]
    header = [wrap(c, (w - CELL_PAD) / 1.08, TABLE_TEXT) for c, w in zip(table.columns, columns)]  # bold: wider
    wrapped, heights = [], []
    for row in table.rows:
        cells = [wrap(cell, w - CELL_PAD, TABLE_TEXT) for cell, w in zip(row, columns)]
        wrapped.append(["<br>".join(lines).replace(" ", "\u00a0") for lines in cells])
        heights.append(row_height(max(len(lines) for lines in cells)))
    heads = ["<b>" + "<br>".join(lines).replace(" ", "\u00a0") + "</b>" for lines in header]
    return heads, row_height(max(map(len, header)), HEADER_ROW), wrapped, columns, heights


HEADER_ROW = 56


def row_height(lines: int, least: float = 50) -> float:
    """A table row's height in px for this many lines of text (as plotly draws a table: measured)."""
    return max(least, lines * TABLE_TEXT * 1.28 + 20)


def table_capacity(table: Table, kpis: bool) -> list[int]:
    """How many rows of `table` each slide holds, in order: as few slides as the rows need, the
    rows shared evenly between them (19 streets as 10 + 9, not 15 + 4), no row ever cut off."""
    _, header, _, _, heights = _table_rows(table, WIDTH - 2 * MARGIN)
    room = CONTENT_BOTTOM - (176 + (150 if kpis else 0)) - header - 8

    def chunks(pages: int) -> list[int]:
        size, extra = divmod(len(heights), pages)
        return [size + (i < extra) for i in range(pages)]

    def fits(counts: list[int]) -> bool:
        start = 0
        for count in counts:
            if sum(heights[start:start + count]) > room and count > 1:
                return False
            start += count
        return True

    pages = max(1, -(-int(sum(heights)) // int(room)))
    while not fits(chunks(pages)):
        pages += 1
    return chunks(pages)


def _place_table(figure: dict, table: Table, box: tuple[float, float, float, float], lang: str) -> None:
    x0, y0, x1, y1 = box
    if not table.rows:  # say so, rather than show a header over nothing
        widest = table.widths.index(max(table.widths))
        none = [(table.empty or t("project.none", lang)) if i == widest else "" for i in range(len(table.widths))]
        table = replace(table, rows=[none], colours=None)
    header, header_height, rows, columns, _ = _table_rows(table, x1 - x0)
    xs, ys = _domain(x0, y0, x1, y1)
    body = [[row[i] for row in rows] for i in range(len(table.columns))]
    colours = ([[row[i] for row in table.colours] for i in range(len(table.columns))] if table.colours
               else INK)
    stripes = [PANEL if i % 2 else "white" for i in range(len(rows))]
    figure["data"].append(dict(
        type="table", domain=dict(x=xs, y=ys), columnwidth=columns,
        header=dict(values=header, height=header_height, align="left",
                    fill=dict(color=ACCENT), font=dict(color="white", size=TABLE_TEXT), line=dict(color=ACCENT)),
        cells=dict(values=body, height=row_height(1), align="left", fill=dict(color=[stripes]),
                   font=dict(color=colours, size=TABLE_TEXT), line=dict(color=RULE)),
    ))


@lru_cache(maxsize=1)
def _template() -> dict:
    return pio.templates[charts.TEMPLATE].to_plotly_json()


def compose(slide: Slide, page: int | None = None, total: int | None = None, lang: str = "zh") -> dict:
    """The slide as one 1920×1080 plotly figure (its JSON), in the house template set explicitly
    (importing Streamlit changes plotly's default one), ready to draw."""
    notes, shapes, top = _header(slide, page, total, lang)
    figure = {"data": [], "layout": {}}
    box = (MARGIN, top, WIDTH - MARGIN, CONTENT_BOTTOM)
    if slide.chart is not None:
        _place_chart(figure, slide.chart, box)
    elif slide.table is not None:
        _place_table(figure, slide.table, box, lang)
    figure["layout"].update(
        template=_template(), width=WIDTH, height=HEIGHT, autosize=False, margin=dict(l=0, r=0, t=0, b=0),
        font=dict(family=font_family(), size=TEXT, color=INK), paper_bgcolor="white", plot_bgcolor="white",
        uniformtext=dict(minsize=MIN_TEXT, mode="hide"), hovermode=False,
        annotations=[*figure["layout"].get("annotations", ()), *notes],
        shapes=[*figure["layout"].get("shapes", ()), *shapes],
    )
    return figure


def split(slide: Slide, lang: str) -> list[Slide]:
    """A table slide as several slides when its rows do not fit one: '（1/3）' after the title."""
    if slide.table is None:
        return [slide]
    counts = table_capacity(slide.table, bool(slide.kpis))
    if len(counts) == 1:
        return [slide]
    slides, start = [], 0
    for i, count in enumerate(counts, 1):
        part = slide.table.rows[start:start + count]
        colours = slide.table.colours[start:start + count] if slide.table.colours else None
        slides.append(replace(slide, name=f"{slide.name}-{i}", title=t("slides.part", lang, title=slide.title, n=i,
                                                                          total=len(counts)),
                              table=replace(slide.table, rows=part, colours=colours)))
        start += count
    return slides
