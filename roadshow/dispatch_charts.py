"""Charts of the dispatch page (周/月/季调度): pure functions from roadshow.dispatch's figures to a
plotly figure, in the theme of roadshow.charts, for the page and the slides alike."""
from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go

from .charts import _figure
from .dispatch import OTHERS
from .i18n import fmt_rate, t

RAISED, CLOSED, BACKLOG, OVERDUE = "#4C78A8", "#3C9D5D", "#F2A33A", "#D64541"
QUARTERS = "一二三四"


def period_label(start: date, level: str, lang: str) -> str:
    """A period as a short axis label: the week's Monday (6/25), the month (6月), the quarter (二季度)."""
    if level == "weekly":
        return f"{start:%b} {start.day}" if lang == "en" else f"{start.month}/{start.day}"
    if level == "monthly":
        return f"{start:%b}" if lang == "en" else f"{start.month}月"
    quarter = (start.month - 1) // 3
    return f"Q{quarter + 1}" if lang == "en" else f"{QUARTERS[quarter]}季度"


def _axis(figures: pd.DataFrame, level: str, lang: str) -> tuple[list[str], list[str]]:
    """Each period's label and its days (for the hover)."""
    labels = [period_label(s, level, lang) for s in figures["start"]]
    spans = [f"{s.isoformat()} – {e.isoformat()}" for s, e in zip(figures["start"], figures["end"])]
    return labels, spans


def flow(figures: pd.DataFrame, level: str, lang: str) -> go.Figure:
    """Problems raised and closed in each period (bars), and the backlog and the overdue among it on
    each period's last day (lines), for the district (columns: start, end, raised, closed, backlog, overdue)."""
    fig = _figure(t("dispatch.chart_flow", lang, level=t(f"dispatch.level_{level}", lang)))
    x, spans = _axis(figures, level, lang)
    for column, colour in (("raised", RAISED), ("closed", CLOSED)):
        fig.add_bar(x=x, y=figures[column], name=t(f"dispatch.{column}", lang), marker_color=colour,
                    text=[v or "" for v in figures[column]], textposition="outside", cliponaxis=False, customdata=spans,
                    hovertemplate="%{customdata}: %{y}<extra>%{fullData.name}</extra>")
    for column, colour in (("backlog", BACKLOG), ("overdue", OVERDUE)):
        fig.add_scatter(x=x, y=figures[column], name=t(f"dispatch.{column}", lang), mode="lines+markers",
                        line=dict(color=colour, width=3), customdata=spans,
                        hovertemplate="%{customdata}: %{y}<extra>%{fullData.name}</extra>")
    fig.update_yaxes(title=t("dispatch.problems", lang), rangemode="tozero")
    fig.update_layout(barmode="group")
    return fig


def speed(figures: pd.DataFrame, level: str, lang: str) -> go.Figure:
    """Median days to close (bars) and the on-time closure rate (line, right axis) of each period;
    a period without closures has neither (columns: start, end, median_days, on_time_rate, closed)."""
    fig = _figure(t("dispatch.chart_speed", lang, level=t(f"dispatch.level_{level}", lang)))
    x, spans = _axis(figures, level, lang)
    days = [None if pd.isna(v) else float(v) for v in figures["median_days"]]
    rates = [None if pd.isna(v) else float(v) for v in figures["on_time_rate"]]
    fig.add_bar(x=x, y=days, name=t("dispatch.median_days", lang), marker_color=RAISED,
                text=["" if v is None else f"{v:g}" for v in days], textposition="outside", cliponaxis=False,
                customdata=list(zip(spans, figures["closed"])),
                hovertemplate="%{customdata[0]}: %{y:g}<extra>%{fullData.name}</extra>")
    fig.add_scatter(x=x, y=rates, name=t("dispatch.on_time_rate", lang), yaxis="y2", mode="lines+markers",
                    line=dict(color=CLOSED, width=3), connectgaps=False, text=[fmt_rate(r) for r in rates],
                    hovertemplate="%{text}<extra>%{fullData.name}</extra>")
    fig.update_layout(yaxis=dict(title=t("dispatch.days", lang), rangemode="tozero"),
                      yaxis2=dict(overlaying="y", side="right", range=[0, 1.05], tickformat=".0%", dtick=0.2,
                                  showgrid=False))
    return fig


def bottleneck(groups: pd.DataFrame, by: str, lang: str) -> go.Figure:
    """Who holds problems up, for one period: each group's backlog on the period's last day split into
    overdue and not yet overdue, worst on top, with its closures, median days and on-time rate; the
    row OTHERS (column `groups`: how many it holds) stands for the groups left out. Its bar is their
    average, so that it compares with the named ones (hundreds of streets summed would dwarf them);
    its closures, median and rate are of them all. Columns: group, groups, backlog, overdue, closed,
    median_days, on_time_rate; one row a group, at most a screenful."""
    fig = _figure(t(f"dispatch.chart_bottleneck_{by}", lang))
    others = groups[groups["group"] == OTHERS]
    data = pd.concat([others, groups[groups["group"] != OTHERS].sort_values(
        ["overdue", "backlog", "closed", "group"], ascending=[True, True, False, False])])  # bottom to top
    rest = data["group"] == OTHERS
    each = data["groups"].where(rest, 1)
    backlog, overdue = data["backlog"] / each, data["overdue"] / each  # the rest's: the average of its groups
    names = [t("dispatch.others_mean", lang, n=n) if r else g for g, n, r in zip(data["group"], each, rest)]
    detail = [t("dispatch.group_detail", lang, closed=c, median="—" if pd.isna(m) else f"{m:g}",
                rate=fmt_rate(None if pd.isna(r) else r))
              for c, m, r in zip(data["closed"], data["median_days"], data["on_time_rate"])]
    fig.add_bar(y=names, x=overdue, name=t("dispatch.overdue", lang), orientation="h",
                marker_color=OVERDUE, customdata=detail, hovertemplate="%{y}: %{x}<br>%{customdata}<extra></extra>")
    fig.add_bar(y=names, x=backlog - overdue, name=t("dispatch.open_in_time", lang),
                orientation="h", marker_color=BACKLOG, customdata=detail,
                text=[t("dispatch.backlog_of_mean", lang, backlog=f"{mean:.1f}", overdue=f"{late:.1f}") if r else
                      t("dispatch.backlog_of", lang, backlog=b, overdue=o)
                      for b, o, mean, late, r in zip(data["backlog"], data["overdue"], backlog, overdue, rest)],
                textposition="outside",
                cliponaxis=False, hovertemplate="%{y}: %{x}<br>%{customdata}<extra></extra>")
    fig.update_xaxes(title=t("dispatch.backlog", lang), rangemode="tozero",
                     dtick=1 if data.empty or backlog.max() <= 8 else None)  # no half problems
    fig.update_layout(barmode="stack", height=160 + 40 * len(data), margin_l=180, margin_r=120)
    return fig

