"""The tables of the slides, built from the frames the pages read: a street's projects, problem
lists (the 回头看 list, the open problems), the ranking of places, the warning lights per street, the
star moves and the monthly assessment. Each cell is text; its colour is the page's (status, light,
star change), so a slide reads as the screen does."""
from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from .. import charts, metrics
from ..codes import IssueStatus, Stage
from ..i18n import fmt_date, fmt_rate, fmt_wan, label, t
from ..lights import ORDER
from ..problems import latest_texts
from .compose import INK, Table

STATUS_COLOURS = {s.value: charts.STATUS_COLORS[s.value] for s in IssueStatus}


def light_cell(light, lang: str) -> tuple[str, str]:
    """A warning light as '● 红灯' in its colour; '—' where there is none."""
    if not isinstance(light, str):
        return "—", INK
    return f"● {label('warning_light', light, lang)}", charts.LIGHT_COLORS[light]


def status_cell(status: str, overdue: bool, lang: str) -> tuple[str, str]:
    """A problem's status, marked 逾期 (and red) when it is past its deadline and not closed."""
    text = label("issue_status", status, lang) + (" · " + t("issue.overdue", lang) if overdue else "")
    return text, charts.STATUS_COLORS["open"] if overdue else STATUS_COLOURS.get(status, INK)


def _project_state(row, lang: str) -> tuple[str, str]:
    """A project's state on the day, and its colour (as on the pages)."""
    if row.suspended:
        return t("status.suspended", lang), charts.STATUS_COLORS["suspended"]
    if pd.notna(row.start_date):
        return t("status.started", lang), charts.STATUS_COLORS["started"]
    if row.stage == Stage.preliminary:
        return t("status.preliminary", lang), INK
    return t("status.not_started", lang), charts.STATUS_COLORS["not_started"]


def stars_text(value) -> str:
    return "—" if value is None or pd.isna(value) else "★" * int(value)


def projects_table(ledger: pd.DataFrame, lights: dict[int, str], lang: str) -> Table:
    """A street's projects by stage: name, stage, state, warning light, start date, completed
    investment, stars."""
    order = {stage.value: i for i, stage in enumerate(Stage)}
    rows, colours = [], []
    for row in ledger.sort_values("stage", key=lambda s: s.map(order), kind="stable").itertuples():
        state, state_colour = _project_state(row, lang)
        light, light_colour = light_cell(lights.get(row.id), lang)
        rows.append([row.name, label("stage", row.stage, lang), state, light, fmt_date(row.start_date),
                     fmt_wan(row.completed_wan if pd.notna(row.completed_wan) else metrics.ZERO),
                     stars_text(row.stars)])
        colours.append([INK, INK, state_colour, light_colour, INK, INK, INK])
    return Table([t("field.name", lang), t("field.stage", lang), t("field.status", lang), t("lights.light", lang),
                  t("field.start_date", lang), t("field.completed_wan", lang), t("field.stars", lang)],
                 rows, [5, 1.8, 2, 1.6, 2.3, 3, 1.6], colours)


def problems_table(problems: pd.DataFrame, lights: dict[int, str], lang: str, with_street: bool = True,
                   empty: str | None = None) -> Table:
    """A follow-up list: light, street, project, problem, owner, deadline in force, status (逾期 in red)."""
    rows, colours = [], []
    for p in problems.itertuples():
        light, light_colour = light_cell(lights.get(p.id), lang)
        status, status_colour = status_cell(p.status, p.overdue, lang)
        rows.append([light, *([p.street] if with_street else []), p.name, p.description, p.owner_unit or "—",
                     fmt_date(p.deadline), status])
        colours.append([light_colour, *([INK] if with_street else []), INK, INK, INK, INK, status_colour])
    columns = [t("lights.light", lang), t("field.name", lang), t("issue.description", lang), t("issue.owner", lang),
               t("issue.deadline", lang), t("issue.status", lang)]
    widths = [1.4, 3.4, 4.6, 2.4, 2, 2.6]
    if with_street:
        columns.insert(1, t("col.street", lang))
        widths.insert(1, 1.5)
    return Table(columns, rows, widths, colours, empty)


def lookback_table(rows: pd.DataFrame, lights: dict[int, str], lang: str, who: Callable[[str], str]) -> Table:
    """回头看 (meetings.lookback rows, overdue first): light, street, project, problem, owner, deadline in
    force, status (逾期 marked, in red), days open, latest follow-up (what was done, by whom)."""
    cells, colours = [], []
    for p, latest in zip(rows.itertuples(), latest_texts(rows, lang, who)):
        light, light_colour = light_cell(lights.get(p.id), lang)
        status, status_colour = status_cell(p.status, p.overdue, lang)
        cells.append([light, p.street, p.name, p.description, p.owner_unit or "—", fmt_date(p.deadline), status,
                      str(p.days_open), latest])
        colours.append([light_colour, INK, INK, INK, INK, INK, status_colour, INK, INK])
    return Table([t("lights.light", lang), t("col.street", lang), t("field.name", lang), t("issue.description", lang),
                  t("issue.owner", lang), t("issue.deadline", lang), t("issue.status", lang),
                  t("problem.days_open", lang), t("problem.latest", lang)],
                 cells, [1.3, 1.4, 2.8, 3.4, 2.3, 2.1, 2.3, 1.1, 5.4], colours, t("lookback.empty", lang))


def _rate(value) -> str:
    return fmt_rate(None if value is None or pd.isna(value) else value)


def _count(value) -> str:
    return "—" if value is None or pd.isna(value) else str(int(value))


def ranking_table(ranking: pd.DataFrame, lang: str, place: str = "street") -> Table:
    """Places ranked (metrics.ranking rows, capped: the summed row has no rank, open problems or stars)."""
    rows, colours = [], []
    for r in ranking.itertuples():
        summed = getattr(r, "members", 1) > 1
        rows.append(["" if summed else str(int(r.rank)), getattr(r, place), str(r.projects), str(r.started),
                     _rate(r.resumption_rate), _rate(r.new_start_rate), _rate(r.completion_rate), _count(r.open),
                     _count(r.overdue), "—" if pd.isna(r.stars) else f"{r.stars:.1f}★"])
        colour = charts.STATUS_COLORS["not_started"] if summed else INK
        overdue = charts.STATUS_COLORS["open"] if not summed and r.overdue else colour
        colours.append([colour] * 8 + [overdue, colour])
    return Table([t("streets.rank", lang), t(f"field.{place}", lang), t("col.projects", lang), t("kpi.started", lang),
                  t("kpi.resumption_rate", lang), t("kpi.new_start_rate", lang), t("kpi.completion_rate", lang),
                  t("streets.open", lang), t("streets.overdue", lang), t("streets.stars", lang)],
                 rows, [1.2, 2.6, 1.6, 2, 1.8, 1.8, 2.2, 1.8, 1.8, 1.8], colours)


def lights_table(counts: pd.DataFrame, lang: str) -> Table:
    """Per street, its projects and problems under each light (lights.light_counts rows); a count
    above nought in its light's colour."""
    kinds = [(kind, colour) for kind in ("projects", "problems") for colour in ORDER]
    rows = [[r["street"], *(str(int(r[f"{k}_{c}"])) for k, c in kinds)] for _, r in counts.iterrows()]
    colours = [[INK, *(charts.LIGHT_COLORS[c] if r[f"{k}_{c}"] else INK for k, c in kinds)]
               for _, r in counts.iterrows()]
    columns = [t("field.street", lang), *(t(f"lights.{k}_count", lang, light=label("warning_light", c, lang))
                                          for k, c in kinds)]
    return Table(columns, rows, [2.4] + [2] * len(kinds), colours)


def moves_table(moves: pd.DataFrame, why: Callable[[dict], str], lang: str) -> Table:
    """Projects whose stars moved (star_moves rows, biggest falls first): a fall of two stars or more
    in red, a rise in green; why, from the parts that changed."""
    rows, colours = [], []
    for move in moves.to_dict("records"):
        change = int(move["change"])
        colour = charts.STATUS_COLORS["resolved"] if change > 0 else charts.STATUS_COLORS["open"] if change <= -2 \
            else charts.STATUS_COLORS["in_progress"]
        rows.append([move["name"], move["street"], stars_text(move["stars_before"]), stars_text(move["stars_after"]),
                     f"{change:+d}", why(move)])
        colours.append([INK, INK, INK, INK, colour, INK])
    return Table([t("field.name", lang), t("field.street", lang), t("stars.before", lang), t("stars.after", lang),
                  t("stars.change", lang), t("stars.why", lang)],
                 rows, [3.4, 1.6, 1.7, 1.7, 1.2, 7], colours, t("stars.nothing_moved", lang))


def late_table(late: pd.DataFrame, lang: str) -> Table:
    """Projects not started by their planned start (metrics.needs_attention's late starts)."""
    return Table([t("col.street", lang), t("field.code", lang), t("field.name", lang), t("slides.planned_start", lang)],
                 [[r.street, r.code, r.name, fmt_date(r.since)] for r in late.itertuples()], [2, 3, 6, 3])


def rest_table(others: pd.DataFrame, lang: str) -> Table:
    """The streets between the best and the worst ten (metrics.ranking rows), in rank order."""
    return Table([t("streets.rank", lang), t("field.street", lang), t("col.projects", lang), t("kpi.started", lang),
                  t("kpi.resumption_rate", lang), t("kpi.new_start_rate", lang), t("kpi.completion_rate", lang)],
                 [[str(r.rank), r.street, str(r.projects), str(r.started), _rate(r.resumption_rate),
                   _rate(r.new_start_rate), _rate(r.completion_rate)] for r in others.itertuples()],
                 [1.2, 2.6, 1.6, 1.8, 2, 2, 2.2])
