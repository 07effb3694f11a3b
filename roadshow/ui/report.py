"""A street's roadshow report (街道路演汇报): the page a street presents at the meeting.
Shown on the street page and as a slide in meeting mode."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

import pandas as pd
import streamlit as st

from ..codes import Stage
from ..i18n import fmt_date, fmt_value, fmt_wan, fmt_when, label, t
from ..metrics import Filters
from ..lights import current_rule
from .common import Figures, md
from .lights import counts_line, light_style, light_text, problem_lights, with_project_lights
from .widgets import (
    amounts,
    issue_status_colour,
    issue_status_text,
    kpi_cards,
    status_colour,
    status_label,
)


def projects_by_stage(ledger: pd.DataFrame, who: Callable[[str], str], L: str, compact: bool = False) -> None:
    """The street's projects, one table per stage, with status and stars."""
    for stage in Stage:
        rows = ledger[ledger["stage"] == stage]
        if rows.empty:
            continue
        st.markdown(f"**{label('stage', stage, L)}** · {len(rows)}")
        view = pd.DataFrame({
            t("field.name", L): rows["name"],
            t("lights.light", L): [light_text(v, L) for v in rows["light"]],
            t("field.status", L): [status_label(r, L) for _, r in rows.iterrows()],
            t("field.start_date", L): [fmt_date(d) for d in rows["start_date"]],
            t("field.completed_wan", L): amounts(rows["completed_wan"]),
            t("field.stars", L): ["★" * int(s) if pd.notna(s) else "—" for s in rows["stars"]],
        })
        if not compact:
            view.insert(0, t("field.code", L), rows["code"].values)
            view[t("field.updated", L)] = [f"{who(by)} · {fmt_when(when)}" for by, when in
                                           zip(rows["updated_by"], rows["updated_at"])]
            view[t("lights.reason", L)] = rows["light_reason"].values
        styled = (view.style.map(lambda v: status_colour(v, L), subset=[t("field.status", L)])
                  .map(lambda v: light_style(v, L), subset=[t("lights.light", L)])
                  .format(fmt_wan, subset=[t("field.completed_wan", L)]))
        st.dataframe(styled, hide_index=True, width="stretch")


def problems_table(problems: pd.DataFrame, L: str, lights: dict[int, str] | None = None) -> None:
    """The problems of a follow-up list; with `lights` (id → light on the day), their warning lights."""
    if problems.empty:
        st.caption(t("project.none", L))
        return
    view = pd.DataFrame({
        **({t("lights.light", L): [light_text(lights.get(i), L) for i in problems["id"]]} if lights is not None else {}),
        t("field.name", L): problems["name"], t("issue.description", L): problems["description"],
        t("issue.owner", L): problems["owner_unit"], t("issue.deadline", L): [fmt_date(d) for d in problems["deadline"]],
        t("issue.status", L): [issue_status_text(s, o, L) for s, o in zip(problems["status"], problems["overdue"])],
    })
    # one pass of CSS for the whole table: each styling pass costs Streamlit a walk over every cell
    css = pd.DataFrame("", index=view.index, columns=view.columns)
    css[t("issue.status", L)] = [issue_status_colour(v.split(" · ")[0], L) for v in view[t("issue.status", L)]]
    if lights is not None:
        css[t("lights.light", L)] = [light_style(v, L) for v in view[t("lights.light", L)]]
    st.dataframe(view.style.apply(lambda _: css, axis=None), hide_index=True, width="stretch")


def street_report(figures: Figures, year: int, as_of: date, street: str, filters: Filters, L: str,
                  compact: bool = False) -> None:
    """Figures, projects by stage, problems and what changed since the last roadshow."""
    scope = replace(filters, streets=(street,))
    d = figures.district(year, as_of, scope)
    meeting = figures.previous_meeting(year, as_of)
    kpi_cards(d, figures.district(year, meeting[0], scope) if meeting else None, None, L)
    st.markdown(counts_line(figures.light_counts(year, as_of, scope, rule=current_rule()), L))
    ledger = with_project_lights(figures.ledger(year, as_of, scope), figures, year, as_of, scope, L)
    left, right = st.columns([3, 2]) if not compact else st.columns(2)
    with left:
        st.subheader(t("report.projects", L))
        projects_by_stage(ledger, figures.people(), L, compact)
    with right:
        st.subheader(t("report.problems", L))
        problems = figures.follow_up_list(year, as_of, scope)
        problems_table(problems[problems["status"] != "resolved"] if compact else problems, L,
                       problem_lights(figures, year, as_of, scope))
        if meeting and not compact:
            st.subheader(t("report.changes", L, day=meeting[0].isoformat()))
            changes = figures.changes_between(year, meeting[0], as_of, scope)
            if changes.empty:
                st.caption(t("project.none", L))
            who = figures.people()
            for row in changes.head(30).itertuples():
                new = fmt_value(row.field, row.new_value, L)
                change = new if pd.isna(row.old_value) else f"{fmt_value(row.field, row.old_value, L)} → {new}"
                st.markdown(f"{fmt_when(row.changed_at)} · {md(row.name)} · {t(f'field.{row.field}', L)}："
                            f"{md(change)} :gray[{md(who(row.changed_by))}]")

