"""A slide on screen (meeting mode): the same composition as its PNG — title, subtitle with the
source, KPI strip, then ONE chart or ONE table — laid out for a 1920×1080 projector, with no text
under 18 px. A table is the slide's share of rows (compose.split), so a long list is paged slide by
slide, never cut off and never in a scroll box."""
from __future__ import annotations

from html import escape

import streamlit as st

from ..i18n import t
from ..slides.compose import ACCENT, INK, MUTED, PANEL, RULE, Slide, Table, fit, font_family, screen_chart

# px at 1080p: what stands above the content (the page's top and navigation row, the header, the
# KPI strip) and so the height left for a chart; a table's rows were shared out for a slide's own
# room, which is smaller than this
CHART_WITH_KPIS, CHART_ALONE = 600, 740
WIDE = 1824  # px: the slide's width at 1920×1080 full screen, where its type has the sizes it is laid out in


def _type(px: int) -> str:
    """A font size as laid out at full screen, scaled down with a narrower slide (beside the sidebar, on a
    laptop), so a table keeps the lines it was shared out for instead of wrapping every word; never under 12 px."""
    return f"clamp(12px, {px / WIDE * 100:.3f}cqw, {px}px)"


def _space(px: int) -> str:
    """A gap or padding as laid out at full screen, scaled down with the type it holds."""
    return f"min({px}px, {px / WIDE * 100:.3f}cqw)"


STYLE = f"""<style>
.rs-slide {{font-family: {font_family()}; color: {INK}; container-type: inline-size}}
.rs-slide h1 {{font-size: {_type(42)}; font-weight: 700; line-height: 1.2; margin: 0; padding: 0}}
.rs-slide .rs-sub {{font-size: {_type(22)}; color: {MUTED}; margin: 6px 0 0 0; padding-bottom: 10px;
  border-bottom: 2px solid {RULE}}}
.rs-kpis {{display: flex; gap: {_space(20)}; margin-top: 16px}}
.rs-kpi {{flex: 1 1 0; background: {PANEL}; border-left: {_space(6)} solid {ACCENT}; padding: {_space(10)} {_space(18)};
  min-width: 0}}
.rs-kpi .rs-value {{font-weight: 700; line-height: 1.2; white-space: nowrap}}
.rs-kpi .rs-label {{font-size: {_type(20)}; color: {MUTED}; line-height: 1.3}}
.rs-table {{width: 100%; table-layout: fixed; border-collapse: collapse; margin-top: 16px; font-size: {_type(24)};
  line-height: 1.28}}
.rs-table th {{background: {ACCENT}; color: white; text-align: left; padding: {_space(8)} {_space(10)};
  font-weight: 700}}
.rs-table td {{padding: {_space(7)} {_space(10)}; border: 1px solid {RULE}; vertical-align: top; overflow-wrap: anywhere}}
.rs-table tr:nth-child(even) td {{background: {PANEL}}}
</style>"""


def header_html(slide: Slide, lang: str) -> str:
    """The title, the subtitle and the KPI strip, as the slide has them; a long value ("CNY 5,188.19 bn")
    in smaller type, as on the PNG, so that it stays in its tile."""
    room = (WIDE - 20 * (len(slide.kpis) - 1)) / max(len(slide.kpis), 1) - 42  # a tile's width, less its edges
    kpis = "".join(
        f'<div class="rs-kpi"><div class="rs-value" style="font-size: {_type(round(fit(k.value, 40, room * 0.9)))}">'
        f'{escape(k.value)}</div><div class="rs-label">'
        f'{escape(k.label)}{escape(("（{}）" if lang == "zh" else " ({})").format(k.detail) if k.detail else "")}'
        f"</div></div>" for k in slide.kpis)
    return (f'<h1>{escape(slide.title)}</h1><p class="rs-sub">{escape(slide.subtitle)}</p>'
            + (f'<div class="rs-kpis">{kpis}</div>' if kpis else ""))


def table_html(table: Table, lang: str) -> str:
    """The table with its column widths and cell colours; a table without rows says so."""
    total = sum(table.widths)
    columns = "".join(f'<col style="width:{w / total * 100:.2f}%">' for w in table.widths)
    head = "".join(f"<th>{escape(c)}</th>" for c in table.columns)
    if not table.rows:
        body = f'<tr><td colspan="{len(table.columns)}">{escape(table.empty or t("project.none", lang))}</td></tr>'
    else:
        colours = table.colours or [[INK] * len(table.columns)] * len(table.rows)
        body = "".join("<tr>" + "".join(f'<td style="color:{c}">{escape(v)}</td>' for v, c in zip(row, tints))
                       + "</tr>" for row, tints in zip(table.rows, colours))
    return f'<table class="rs-table"><colgroup>{columns}</colgroup><thead><tr>{head}</tr></thead>' \
           f"<tbody>{body}</tbody></table>"


def show(slide: Slide, lang: str) -> None:
    """The slide on the page: header and table in one block; a chart below its header."""
    html = header_html(slide, lang)
    if slide.table is not None:
        html += table_html(slide.table, lang)
    st.html(STYLE + f'<div class="rs-slide">{html}</div>')
    if slide.chart is not None:
        height = CHART_WITH_KPIS if slide.kpis else CHART_ALONE
        st.plotly_chart(screen_chart(slide.chart, height), theme=None, config={"displayModeBar": False})
