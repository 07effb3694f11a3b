"""Charts: pure functions from a metrics DataFrame to a plotly figure, one shared theme.

The same figures serve the pages and the PNG slides, so every figure carries an
explicit template (Streamlit's own default only renders in a browser) and the
colours of a category or stage are the same everywhere.

No chart draws more marks than a person can read, at any size: a chart of places
(streets, districts, cities), whose number grows with the deployment, goes through
`capped` — the best and worst few, the rest summed into one mark. The others have a
fixed number of marks (6 categories, 5 star ratings, ≤ 53 weeks).
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, timedelta

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from plotly.subplots import make_subplots

from .i18n import fmt_rate, label, t
from .metrics import rate

FONT = "Noto Sans CJK SC, Noto Sans SC, Microsoft YaHei, PingFang SC, sans-serif"
CATEGORY_COLORS = {
    "commercial": "#4C78A8", "livelihood": "#F58518", "real_estate": "#E45756",
    "industrial": "#72B7B2", "infrastructure": "#54A24B", "other": "#B0B0B0",
}
STAGE_COLORS = {"continuing": "#1F5FA8", "new": "#F2A33A", "preliminary": "#A0A0A0"}
STATUS_COLORS = {"open": "#D64541", "in_progress": "#F2A33A", "closure_requested": "#4C78A8", "resolved": "#3C9D5D",
                 "started": "#3C9D5D", "not_started": "#A0A0A0", "suspended": "#D64541", "late": "#F2A33A"}
LIGHT_COLORS = {"red": "#D64541", "yellow": "#E8B100", "green": "#3C9D5D"}  # 预警
STAR_COLORS = ["#D64541", "#F2A33A", "#E8C547", "#7DBB5F", "#3C9D5D"]

pio.templates["roadshow"] = go.layout.Template(
    pio.templates["plotly_white"],
    layout=dict(font=dict(family=FONT, size=14), title=dict(font=dict(size=18)),
                margin=dict(l=70, r=30, t=60, b=40), legend=dict(orientation="h", y=-0.15)),
)
TEMPLATE = "roadshow"


def _figure(title: str) -> go.Figure:
    return go.Figure(layout=dict(template=TEMPLATE, title=title))


TOP_N = 10  # a ranking chart shows its best and worst ten; the places between are one summed mark
TREEMAP_N = 5  # the largest places per category in a treemap; the others are one summed tile
REST_OPACITY = 0.45  # a summed mark is drawn fainter than a place's own


# a bar chart's places named each, not every other one: plotly thins category labels it finds crowded
# (21 bars on a 1080p slide), and a slide's bars are spaced for their names
EVERY_NAME = dict(tickmode="linear", dtick=1)


def capped(data: pd.DataFrame, label: str, rest_label: Callable[[int], str], top: int = TOP_N,
           bottom: int = TOP_N, sums: Sequence[str] = (),
           rates: Mapping[str, tuple[str, str]] | None = None, means: Sequence[str] = ()) -> pd.DataFrame:
    """At most top + 1 + bottom rows of `data`, which is in rank order: its first `top` and last
    `bottom` rows, and between them one row for all the rows between, whose `label` is
    rest_label(how many). Each column of `sums` holds the exact sum of the rows it stands for
    (Decimal stays Decimal), each rate of `rates` ({rate: (numerator, denominator)}) is recomputed
    from those sums (None for a zero denominator), each column of `means` holds their average (scores,
    which do not add up); its other columns are empty. Column `members`
    tells how many rows each row stands for. Data that fits is returned whole."""
    data = data.reset_index(drop=True)
    if len(data) <= top + bottom + 1:
        return data.assign(members=1)
    middle = data.iloc[top:len(data) - bottom]
    rest = {label: rest_label(len(middle)), "members": len(middle)}
    rest.update({column: sum(middle[column].tolist()) for column in sums})
    rest.update({name: rate(rest[num], rest[den]) for name, (num, den) in (rates or {}).items()})
    rest.update({column: middle[column].mean() for column in means})
    return pd.concat([data.iloc[:top].assign(members=1), pd.DataFrame([rest]),
                      data.iloc[len(data) - bottom:].assign(members=1)], ignore_index=True)


RANKED_SUMS = ("projects", "continuing", "new", "preliminary", "continuing_resumed", "new_started", "started",
               "total_investment_wan", "annual_plan_wan", "started_investment_wan", "completed_wan")
RANKED_RATES = {"resumption_rate": ("continuing_resumed", "continuing"), "new_start_rate": ("new_started", "new"),
                "completion_rate": ("completed_wan", "annual_plan_wan")}


def capped_ranking(ranked: pd.DataFrame, place: str, lang: str, top: int = TOP_N, bottom: int = TOP_N) -> pd.DataFrame:
    """A ranking of places (metrics.grouped or metrics.ranking rows, in rank order) capped: the rest's
    counts and money summed, its rates those of the sums."""
    sums = [c for c in RANKED_SUMS if c in ranked.columns]
    return capped(ranked, place, lambda n: t(f"chart.rest.{place}", lang, count=n), top, bottom, sums,
                  {r: nd for r, nd in RANKED_RATES.items() if r in ranked.columns})


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


def street_rates(by_street: pd.DataFrame, district: dict, lang: str, place: str = "street") -> go.Figure:
    """Resumption rate and new-start rate per place (street by default; or district, city), side by side
    (one bar a place in each), best on top, with the district's rates as dashed lines (columns: <place>,
    resumption_rate, continuing_resumed, continuing, new_start_rate, new_started, new). A place without
    projects of a stage has no rate for it: its bar is missing, never 0%. The best and worst TOP_N are
    drawn, the places between as one fainter bar of their pooled rates. One bar a row keeps bars thick
    enough for their labels on a slide."""
    ranked = by_street[(by_street["continuing"] > 0) | (by_street["new"] > 0)].sort_values(
        ["resumption_rate", "new_start_rate"], ascending=False, na_position="last", kind="stable")
    data = capped_ranking(ranked, place, lang).iloc[::-1]  # plotly draws the first bar at the bottom
    opacity = [REST_OPACITY if n > 1 else 1 for n in data["members"]]
    panels = (("continuing", "resumption_rate", "continuing_resumed", "continuing"),
              ("new", "new_start_rate", "new_started", "new"))
    average_key = "chart.district_average" if place == "street" else f"chart.average.{place}"
    average = "（{}）" if lang == "zh" else " ({})"
    titles = [t(f"kpi.{rate_col}", lang) + ("" if district[rate_col] is None else average.format(
        t(average_key, lang, rate=fmt_rate(district[rate_col])))) for _, rate_col, _, _ in panels]
    fig = make_subplots(rows=1, cols=2, shared_yaxes=True, horizontal_spacing=0.04, subplot_titles=titles)
    fig.update_layout(template=TEMPLATE,
                      title=t("chart.street_rates" if place == "street" else f"chart.rates_by.{place}", lang))
    for col, (stage, rate_col, done, of) in enumerate(panels, 1):
        fig.add_bar(
            y=data[place], x=data[rate_col], orientation="h", name=t(f"kpi.{rate_col}", lang),
            marker=dict(color=STAGE_COLORS[stage], opacity=opacity), textposition="outside", constraintext="none",
            cliponaxis=False,
            text=[f"{fmt_rate(r)} ({a}/{b})" if b else "" for r, a, b in zip(data[rate_col], data[done], data[of])],
            hovertemplate="%{y}: %{text}<extra>%{fullData.name}</extra>", row=1, col=col,
        )
        if district[rate_col] is not None:
            fig.add_vline(x=district[rate_col], line=dict(color="#1E2A3A", dash="dash", width=2), layer="below",
                          row=1, col=col)
    # labels beside the bars, never squeezed into them: room for "100.0% (12/12)" right of 100%
    fig.update_xaxes(tickformat=".0%", range=[0, 1.5], tickvals=[0, 0.2, 0.4, 0.6, 0.8, 1])
    fig.update_yaxes(automargin=True, **EVERY_NAME)  # room for a long name ("23 other districts")
    fig.update_layout(height=160 + 30 * len(data), bargap=0.25, showlegend=False, margin=dict(l=90, b=40, t=90))
    return fig


def started_investment_treemap(breakdown: pd.DataFrame, lang: str, place: str = "street") -> go.Figure:
    """Started projects' total investment by category, then place (columns: category, <place>,
    started_investment_wan, started), in 亿元: the TREEMAP_N largest places of each category, the
    others as one summed tile."""
    fig = _figure(t("chart.started_investment" if place == "street" else f"chart.started_investment.{place}",
                    lang))
    data = breakdown[breakdown["started"] > 0].sort_values(["category", "started_investment_wan"],
                                                           ascending=[True, False], kind="stable")
    data = pd.concat([capped(rows, place, lambda n: t(f"chart.rest.{place}", lang, count=n), TREEMAP_N, 0,
                             ("started_investment_wan", "started")).assign(category=category)
                      for category, rows in data.groupby("category", sort=False)] or [data.assign(members=1)],
                     ignore_index=True)
    yi = [float(v) / 10000 for v in data["started_investment_wan"]]
    categories = pd.Series(yi).groupby(data["category"].to_numpy(), sort=False).sum()  # a tile's parts, in floats
    ids = [f"c/{c}" for c in categories.index] + [f"c/{c}/{s}" for c, s in zip(data["category"], data[place])]
    fig.add_treemap(
        ids=ids, branchvalues="total",
        labels=[label("category", c, lang) for c in categories.index] + list(data[place]),
        parents=[""] * len(categories) + [f"c/{c}" for c in data["category"]],
        values=list(categories) + yi,
        marker_colors=[CATEGORY_COLORS[c] for c in categories.index] + [CATEGORY_COLORS[c] for c in data["category"]],
        texttemplate="%{label}<br>%{value:.1f}", hovertemplate="%{label}: %{value:.2f} " + t("unit.yi", lang)
        + "<extra></extra>",
    )
    fig.update_layout(margin=dict(l=5, r=5, t=50, b=5))
    return fig


def star_distribution(stars: pd.DataFrame, lang: str) -> go.Figure:
    """Projects per star rating (columns: stars, projects)."""
    fig = _figure(t("chart.star_distribution", lang))
    fig.add_bar(x=[f"{n}★" for n in stars["stars"]], y=stars["projects"], marker_color=STAR_COLORS,
                text=stars["projects"], textposition="outside", cliponaxis=False,
                hovertemplate="%{x}: %{y}<extra></extra>")
    fig.update_yaxes(title=t("col.projects", lang), rangemode="tozero")
    fig.update_layout(showlegend=False)
    return fig


def cumulative_starts(starts: pd.DataFrame, plan_year: int, as_of: date, lang: str) -> go.Figure:
    """Cumulative started projects per stage, week by week from 1 January to the as-of
    date (columns: date, stage, started — one row per day and stage with starts)."""
    fig = _figure(t("chart.cumulative_starts", lang))
    first = date(plan_year, 1, 1)
    last = max(as_of, first)
    weeks = pd.date_range(first, last, freq="W-SUN").union([pd.Timestamp(last)])  # each week's end, and D
    for stage in ("continuing", "new"):
        daily = starts[starts["stage"] == stage].groupby("date")["started"].sum()
        daily.index = pd.to_datetime(daily.index)
        running = daily.reindex(pd.date_range(first, last, freq="D"), fill_value=0).cumsum().reindex(weeks)
        fig.add_scatter(x=running.index, y=running.values, name=label("stage", stage, lang), mode="lines+markers",
                        line=dict(color=STAGE_COLORS[stage], width=3), stackgroup="started",
                        hovertemplate="%{x|%Y-%m-%d}: %{y}<extra>%{fullData.name}</extra>")
    fig.update_xaxes(range=[first, last + timedelta(days=1)], tickformat="%-m月%-d日" if lang == "zh" else "%b %-d")
    fig.update_yaxes(title=t("col.started", lang), rangemode="tozero")
    return fig


def street_stars(averages: pd.DataFrame, lang: str, shown: int = 10) -> go.Figure:
    """Average stars per street (columns: street, rated, average; best first), best on top. With more
    than twice `shown` streets: the best and the weakest `shown`, and the rest as one bar (the average
    of their rated projects)."""
    fig = _figure(t("chart.street_stars", lang))
    data = averages
    if len(data) > 2 * shown:
        rest = data.iloc[shown:-shown]
        summary = pd.DataFrame({"street": [t("chart.other_streets", lang, count=len(rest))],
                                "rated": [rest["rated"].sum()],
                                "average": [(rest["average"] * rest["rated"]).sum() / rest["rated"].sum()]})
        data = pd.concat([data.head(shown), summary, data.tail(shown)], ignore_index=True)
    data = data.iloc[::-1]  # the first bar is drawn at the bottom
    fig.add_bar(y=data["street"], x=data["average"], orientation="h", text=[f"{a:.1f}★" for a in data["average"]],
                textposition="outside", constraintext="none", cliponaxis=False,
                marker_color=[STAR_COLORS[min(4, max(0, round(a) - 1))] for a in data["average"]],
                customdata=data["rated"], hovertemplate="%{y}: %{x:.2f}★ (%{customdata})<extra></extra>")
    fig.update_xaxes(range=[0, 5.4], title=t("chart.average_stars", lang))
    fig.update_yaxes(**EVERY_NAME)
    fig.update_layout(showlegend=False, height=160 + 28 * len(data), margin_l=110)
    return fig
