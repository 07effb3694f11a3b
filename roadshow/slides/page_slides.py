"""The KPI strips and table slides of the dashboard pages that are not in the meeting deck's street
order: the dispatch page (周/月/季调度), star moves (星级动态) and the monthly assessment (月调度考核).
Built from the frames the pages already hold, so a PNG shows the figures the page shows."""
from __future__ import annotations

from dataclasses import replace

import pandas as pd

from .. import assessment
from ..dispatch_charts import period_label
from ..i18n import fmt_rate, t
from ..ratings import cycle_label
from ..star_moves import why_moved
from .compose import INK, Kpi, Slide, Table
from .tables import moves_table

RED_LIST, BLACK_LIST = "#D64541", "#5A6473"


def _number(value) -> str:
    return "—" if value is None or pd.isna(value) else f"{float(value):g}"


def flow_kpis(period: pd.Series, level: str, lang: str) -> list[Kpi]:
    """The latest period's problems raised, closed, still open and overdue (a dispatch_figures row)."""
    return [Kpi(t("slides.period", lang), period_label(period["start"], level, lang),
                f"{period['start']:%m-%d} – {period['end']:%m-%d}"),
            *(Kpi(t(f"dispatch.{column}", lang), str(int(period[column])))
              for column in ("raised", "closed", "backlog", "overdue"))]


def speed_kpis(period: pd.Series, level: str, lang: str) -> list[Kpi]:
    """The latest period's median days to close and on-time closure rate (with its counts)."""
    rate = None if pd.isna(period["on_time_rate"]) else period["on_time_rate"]
    return [Kpi(t("slides.period", lang), period_label(period["start"], level, lang),
                f"{period['start']:%m-%d} – {period['end']:%m-%d}"),
            Kpi(t("dispatch.closed", lang), str(int(period["closed"]))),
            Kpi(t("dispatch.median_days", lang), _number(period["median_days"])),
            Kpi(t("dispatch.on_time_rate", lang), fmt_rate(rate),
                f"{int(period['closed_on_time'])}/{int(period['closed_with_deadline'])}")]


def bottleneck_kpis(groups: pd.DataFrame, by: str, level: str, lang: str) -> list[Kpi]:
    """For one period (its rows of dispatch_figures by group): the groups holding problems, and their
    open and overdue problems in all."""
    start, end = groups["start"].iloc[0], groups["end"].iloc[0]
    return [Kpi(t("slides.period", lang), period_label(start, level, lang), f"{start:%m-%d} – {end:%m-%d}"),
            Kpi(t(f"slides.groups_{by}", lang), str(int((groups["backlog"] > 0).sum()))),
            Kpi(t("dispatch.backlog", lang), str(int(groups["backlog"].sum()))),
            Kpi(t("dispatch.overdue", lang), str(int(groups["overdue"].sum())))]


def star_kpis(stars: pd.DataFrame, current: str | None, lang: str) -> list[Kpi]:
    """Rated projects, their average stars, how many hold four stars or more, the cycle in force."""
    rated = int(stars["projects"].sum())
    average = (stars["stars"] * stars["projects"]).sum() / rated if rated else None
    return [Kpi(t("slides.rated_projects", lang), str(rated)),
            Kpi(t("slides.average_stars", lang), "—" if average is None else f"{average:.2f}★"),
            Kpi(t("slides.four_stars_or_more", lang), str(int(stars.loc[stars["stars"] >= 4, "projects"].sum()))),
            Kpi(t("slides.cycle_in_force", lang), cycle_label(current, lang) if current else "—")]


def street_star_kpis(averages: pd.DataFrame, lang: str) -> list[Kpi]:
    """How many streets have rated projects, and the highest and lowest average (best first in `averages`)."""
    best, weakest = averages.iloc[0], averages.iloc[-1]
    return [Kpi(t("slides.streets_rated", lang), str(len(averages))),
            Kpi(t("slides.highest_average", lang), f"{best['average']:.2f}★", best["street"]),
            Kpi(t("slides.lowest_average", lang), f"{weakest['average']:.2f}★", weakest["street"])]


def moves_slide(moves: pd.DataFrame | None, current: str | None, previous: str | None, subtitle: str,
                lang: str) -> Slide:
    """星级变化: the projects whose stars moved between the cycle in force and the one before (star_moves
    rows; None when there is nothing to compare), biggest falls first, with why."""
    if moves is None or current is None or previous is None:
        table = replace(moves_table(pd.DataFrame(), str, lang), empty=t("stars.no_previous", lang))
        return Slide("star-moves", t("slides.moves", lang), subtitle, table=table)
    kpis = (Kpi(t("stars.up", lang), str(int((moves["change"] > 0).sum()))),
            Kpi(t("stars.down", lang), str(int((moves["change"] < 0).sum()))),
            Kpi(t("stars.fell_two", lang), str(int((moves["change"] <= -2).sum()))),
            Kpi(t("stars.same", lang), str(int((moves["change"] == 0).sum()))))
    title = t("slides.moves_between", lang, current=cycle_label(current, lang), previous=cycle_label(previous, lang))
    return Slide("star-moves", title, subtitle, kpis,
                 table=moves_table(moves[moves["change"] != 0], lambda move: why_moved(move, lang), lang))


def assessment_kpis(frame: pd.DataFrame, lang: str) -> list[Kpi]:
    """Streets assessed, the average, the best and the weakest score (an assessment frame, in rank order)."""
    best, weakest = frame.iloc[0], frame.iloc[-1]
    return [Kpi(t("slides.streets_assessed", lang), str(len(frame))),
            Kpi(t("slides.average_score", lang), f"{frame['score'].mean():.1f}"),
            Kpi(t("slides.best_score", lang), f"{best['score']:.1f}", best["street"]),
            Kpi(t("slides.weakest_score", lang), f"{weakest['score']:.1f}", weakest["street"])]


def assessment_slide(frame: pd.DataFrame, year: int, month: int, subtitle: str, lang: str) -> Slide:
    """The 通报 as a table slide: rank, change since last month, street, score, each part's points with
    what they were computed from, the list (红榜 in red, 黑榜 in grey)."""
    bulletin = assessment.bulletin(frame, lang, combined=True)
    rows = [[f"{v:.1f}" if isinstance(v, float) else str(v) for v in row] for row in bulletin.itertuples(index=False)]
    colours = [[INK] * (len(row) - 1) + [RED_LIST if kind == "red" else BLACK_LIST if kind == "black" else INK]
               for row, kind in zip(rows, frame["list"])]
    return Slide("assessment", t("slides.assessment_table", lang, year=year, month=month), subtitle,
                 tuple(assessment_kpis(frame, lang)),
                 table=Table(list(bulletin.columns), rows, [1, 1.3, 1.6, 1.2, 3, 3, 3, 3, 1.2], colours))
