"""The chart of the monthly street assessment (月调度考核): a pure function from roadshow.assessment's
ranking to a plotly figure, in the theme of roadshow.charts, for the page and the slides alike."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from .assessment import PARTS
from .charts import REST_OPACITY, STAGE_COLORS, STATUS_COLORS, _figure, capped
from .i18n import t

PART_COLOURS = {"start_rate": STAGE_COLORS["continuing"], "investment": STAGE_COLORS["new"],
                "problems_on_time": STATUS_COLORS["resolved"], "data_current": "#72B7B2"}


def scores(frame: pd.DataFrame, year: int, month: int, lang: str) -> go.Figure:
    """Each street's score for the month as its parts stacked, best on top, the score (and a red or
    black list) beside the bar (columns: street, rank, score, list, <part>_points). With more than a
    screenful, the best and worst TOP_N, and the streets between as one fainter bar of their average."""
    fig = _figure(t("slides.assessment_chart", lang, year=year, month=month))
    data = capped(frame, "street", lambda n: t("chart.rest.street", lang, count=n),
                  means=["score", *(f"{p}_points" for p in PARTS)])
    data = data.iloc[::-1]  # plotly draws the first bar at the bottom
    names = [s if n > 1 else f"{int(r)}. {s}" for s, r, n in zip(data["street"], data["rank"], data["members"])]
    opacity = [REST_OPACITY if n > 1 else 1 for n in data["members"]]
    for i, part in enumerate(PARTS):
        last = i == len(PARTS) - 1
        fig.add_bar(y=names, x=data[f"{part}_points"], orientation="h", name=t(f"assessment.{part}", lang),
                    marker=dict(color=PART_COLOURS[part], opacity=opacity),
                    text=[f"{s:.1f}" + (f"（{t(f'assessment.{v}', lang)}）" if isinstance(v, str) else "")
                          for s, v in zip(data["score"], data["list"])] if last else None,
                    textposition="outside", cliponaxis=False,
                    hovertemplate="%{y}: %{x:.1f}<extra>%{fullData.name}</extra>")
    fig.update_xaxes(title=t("assessment.score", lang), range=[0, 125], tickvals=[0, 20, 40, 60, 80, 100])
    fig.update_layout(barmode="stack", height=200 + 30 * len(data), bargap=0.25, margin_l=120)
    return fig
