"""Warning lights (预警) on the pages: a coloured dot and its label, why a project's light is not
green, the counts per street, and the rule in plain words from the rules file in force."""
from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from ..charts import LIGHT_COLORS
from ..i18n import fmt_rate, label, t
from ..lights import ORDER, Rule, current_rule
from ..metrics import ALL, Filters, time_elapsed_share
from .common import Figures
from .paging import paged


def light_text(light, L: str) -> str:
    """● 红灯 — or "—" for a row without a light."""
    return "—" if not isinstance(light, str) else f"● {label('warning_light', light, L)}"


def light_style(value: str, L: str) -> str:
    """The CSS of a cell holding light_text: the light's colour."""
    colour = next((LIGHT_COLORS[c] for c in ORDER if value == light_text(c, L)), None)
    return f"color: {colour}; font-weight: 600" if colour else ""


def project_reasons(row, share: float, L: str) -> str:
    """Why a project's light is not green (a project_lights row): a late start, investment behind
    序时进度 (`share`)."""
    reasons = []
    if row.start_light != "green":
        planned = row.planned_start_date
        reasons.append(t("lights.late_start", L, month=f"{planned.year}-{planned.month:02d}"))
    if row.investment_light != "green":
        done = float(row.completed_wan) / float(row.annual_plan_wan)
        reasons.append(t("lights.behind", L, done=fmt_rate(done), share=fmt_rate(share),
                         points=f"{(share - done) * 100:.1f}"))
    return "；".join(reasons) if L == "zh" else "; ".join(reasons)


def with_project_lights(frame: pd.DataFrame, figures: Figures, plan_year: int, as_of: date, filters: Filters,
                        L: str) -> pd.DataFrame:
    """`frame` (projects with an id column) with their light and its reasons on D: columns light, light_reason."""
    lights = figures.project_lights(plan_year, as_of, filters, rule=current_rule(),
                                    ids=tuple(int(i) for i in frame["id"])).set_index("id")
    shown = lights.reindex(frame["id"])
    share = time_elapsed_share(plan_year, as_of)
    return frame.assign(light=list(shown["light"]), light_reason=[
        project_reasons(row, share, L) if row.light in ("red", "yellow") else "" for row in shown.itertuples()])


def problem_lights(figures: Figures, plan_year: int, as_of: date, filters: Filters = ALL,
                   shown: pd.DataFrame | None = None) -> dict[int, str]:
    """Every problem's light on D (or those of the problems `shown`, e.g. a page of a list), by id."""
    ids = None if shown is None else tuple(int(i) for i in shown["id"])
    lights = figures.problem_lights(plan_year, as_of, filters, rule=current_rule(), ids=ids)
    return dict(zip(lights["id"], lights["light"]))


def counts_line(counts: pd.DataFrame, L: str) -> str:
    """The lights of the projects and problems in `counts` (light_counts rows), summed, as one line."""
    def part(kind: str) -> str:
        return " · ".join(f"{label('warning_light', c, L)} {int(counts[f'{kind}_{c}'].sum())}" for c in ORDER)
    return t("lights.counts_line", L, projects=part("projects"), problems=part("problems"))


def counts_table(counts: pd.DataFrame, key: str, L: str, height: int = 740) -> None:
    """Per street, how many projects and problems show each light (red columns in red, and so on),
    a page at a time and searchable by street."""
    if counts.empty:
        st.caption(t("project.none", L))
        return
    counts = paged(counts, key, L, ("street",), t("lights.street_search_hint", L))
    columns = {"street": t("field.street", L)}
    for kind in ("projects", "problems"):
        for colour in ORDER:
            columns[f"{kind}_{colour}"] = t(f"lights.{kind}_count", L, light=label("warning_light", colour, L))
    view = counts[list(columns)].rename(columns=columns)
    styled = view.style
    for kind in ("projects", "problems"):
        for colour in ORDER:
            styled = styled.map(lambda v, c=colour: f"color: {LIGHT_COLORS[c]}; font-weight: 600" if v else "",
                                subset=[columns[f"{kind}_{colour}"]])
    st.dataframe(styled, hide_index=True, height=min(height, 38 + 35 * len(view)))


def rule_text(rule: Rule, L: str) -> str:
    """The warning-light rule in plain words, with the numbers of the rules file in force."""
    def points(value) -> str:
        return f"{float(value):g}"

    def march_plus(months: int) -> str:  # the example: a project planned to start in March
        month = 3 + 1 + months
        year = "" if month <= 12 else t("lights.next_year", L)
        return year + (date(2001, (month - 1) % 12 + 1, 1).strftime("1 %B") if L == "en" else f"{(month - 1) % 12 + 1}月1日")
    return "\n".join([
        "- " + t("lights.rule_problem", L, days=rule.problem_yellow_days),
        "- " + t("lights.rule_start", L, yellow=rule.start_yellow_months + 1, red=rule.start_red_months + 1,
                 example_yellow=march_plus(rule.start_yellow_months), example_red=march_plus(rule.start_red_months)),
        "- " + t("lights.rule_investment", L, yellow=points(rule.investment_yellow_points),
                 red=points(rule.investment_red_points)),
        "- " + t("lights.rule_project", L),
    ])



def lights_by_street(figures: Figures, plan_year: int, as_of: date, filters: Filters, L: str) -> None:
    """The lights of the filtered projects and problems on D in one line, and behind a button the counts
    per street and the rule."""
    counts = figures.light_counts(plan_year, as_of, filters, rule=current_rule())
    left, right = st.columns([4, 1], vertical_alignment="center")
    left.markdown(counts_line(counts, L))
    with right.popover(t("lights.by_street", L), width="stretch"):
        st.markdown(rule_text(current_rule(), L))
        counts_table(counts, "light_counts", L, height=420)  # within the popover, beside the rule
