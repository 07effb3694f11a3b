"""Charts: pure functions from a metrics DataFrame to a plotly figure, one shared theme.

The same figures serve the pages and the PNG slides, so every figure carries an
explicit template (Streamlit's own default only renders in a browser) and the
colours of a category or stage are the same everywhere.
"""
from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from .i18n import fmt_rate, label, t

FONT = "Noto Sans CJK SC, Noto Sans SC, Microsoft YaHei, PingFang SC, sans-serif"
CATEGORY_COLORS = {
    "commercial": "#4C78A8", "livelihood": "#F58518", "real_estate": "#E45756",
    "industrial": "#72B7B2", "infrastructure": "#54A24B", "other": "#B0B0B0",
}
STAGE_COLORS = {"continuing": "#1F5FA8", "new": "#F2A33A", "preliminary": "#A0A0A0"}
AVERAGE_COLOR = "#C0392B"

pio.templates["roadshow"] = go.layout.Template(
    pio.templates["plotly_white"],
    layout=dict(font=dict(family=FONT, size=14), title=dict(font=dict(size=18)),
                margin=dict(l=70, r=30, t=60, b=40), legend=dict(orientation="h", y=-0.15)),
)
TEMPLATE = "roadshow"


def _figure(title: str) -> go.Figure:
    return go.Figure(layout=dict(template=TEMPLATE, title=title))


def started_by_category(by_category: pd.DataFrame, lang: str) -> go.Figure:
    """Started projects per category (columns: category, started)."""
    fig = _figure(t("chart.started_by_category", lang))
    data = by_category.sort_values("started")
    fig.add_bar(
        y=[label("category", c, lang) for c in data["category"]], x=data["started"], orientation="h",
        marker_color=[CATEGORY_COLORS[c] for c in data["category"]], text=data["started"], textposition="outside",
        cliponaxis=False,
        hovertemplate="%{y}: %{x}<extra></extra>",
    )
    fig.update_xaxes(title=t("col.started", lang), rangemode="tozero")
    fig.update_layout(margin_l=140, showlegend=False)
    return fig


def resumption_by_street(by_street: pd.DataFrame, district_rate: float | None, lang: str) -> go.Figure:
    """Resumption rate per street, best on top, with the district's rate as a line
    (columns: street, resumption_rate, continuing_resumed, continuing). Streets
    without continuing projects have no rate and are left out."""
    fig = _figure(t("chart.resumption_by_street", lang))
    data = by_street.dropna(subset=["resumption_rate"]).sort_values("resumption_rate")
    fig.add_bar(
        y=data["street"], x=data["resumption_rate"], orientation="h", marker_color=STAGE_COLORS["continuing"],
        text=[f"{fmt_rate(r)} ({a}/{b})" for r, a, b in
              zip(data["resumption_rate"], data["continuing_resumed"], data["continuing"])],
        textposition="inside", insidetextanchor="end", textfont_color="white",
        hovertemplate="%{y}: %{text}<extra></extra>",
    )
    if district_rate is not None:
        fig.add_vline(x=district_rate, line=dict(color=AVERAGE_COLOR, dash="dash"),
                      annotation_text=t("chart.district_average", lang, rate=fmt_rate(district_rate)),
                      annotation_position="top", annotation_font_color=AVERAGE_COLOR)
    fig.update_xaxes(tickformat=".0%", range=[0, 1.02], title=t("kpi.resumption_rate", lang))
    fig.update_layout(height=140 + 28 * len(data), margin_l=90, showlegend=False)
    return fig


def cumulative_starts(starts: pd.DataFrame, plan_year: int, as_of: date, lang: str) -> go.Figure:
    """Cumulative started projects per stage from 1 January to the as-of date
    (columns: date, stage, started — one row per day and stage with starts)."""
    fig = _figure(t("chart.cumulative_starts", lang))
    first = date(plan_year, 1, 1)
    days = pd.date_range(first, max(as_of, first), freq="D")
    for stage in ("continuing", "new"):
        daily = starts[starts["stage"] == stage].groupby("date")["started"].sum()
        daily.index = pd.to_datetime(daily.index)
        running = daily.reindex(days, fill_value=0).cumsum()
        fig.add_scatter(x=running.index, y=running.values, name=label("stage", stage, lang), mode="lines",
                        line=dict(color=STAGE_COLORS[stage], width=3, shape="hv"), stackgroup="started")
    fig.update_xaxes(range=[first, max(as_of, first + timedelta(days=1))],
                     tickformat="%-m月%-d日" if lang == "zh" else "%b %-d")
    fig.update_yaxes(title=t("col.started", lang), rangemode="tozero")
    return fig
