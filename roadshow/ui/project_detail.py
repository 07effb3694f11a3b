"""One project's detail: fields, the change history as a timeline, problems with their
follow-ups as of the chosen day, and star ratings with their parts and any override reason. Shown on the ledger page."""
from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from .. import queries
from ..problems import step_text
from ..i18n import fmt_value, fmt_when, t
from ..metrics import Filters
from .common import Figures, engine, md
from .ratings import rating_history
from .widgets import issue_status_text


def project_detail(figures: Figures, project_id: int, as_of: date, L: str) -> None:
    p = queries.project(engine(), project_id)
    who = figures.people()
    st.caption(md(t("my.last_updated", L, who=who(p["updated_by"]), when=fmt_when(p["updated_at"]))))

    fields = [(f, fmt_value(f, p[f], L)) for f in (
        "stage", "category", "plan_year", "total_investment_wan", "annual_plan_wan", "completed_wan",
        "planned_start_date", "start_date")]
    fields[:0] = [("street", p["street"] + "街道")]
    fields += [("suspended", p["suspension_reason"] if p["suspended"] else "—"),
               ("city_key", fmt_value("city_key", p["city_key"], L)), ("stars", "★" * (p["stars"] or 0) or "—")]
    fields += [(f, fmt_value(f, p[f], L)) for f in (
        "leader", "manager_district", "manager_street", "manager_enterprise", "note")]
    st.dataframe(pd.DataFrame({t("history.field", L): [t(f"field.{f}", L) for f, _ in fields],
                               t("project.value", L): [v for _, v in fields]}),
                 hide_index=True, height="content")

    st.markdown("#### " + t("project.history", L))
    for row in queries.history(engine(), p["id"]).itertuples():
        new = fmt_value(row.field, row.new_value, L)
        change = new if pd.isna(row.old_value) else f"{fmt_value(row.field, row.old_value, L)} → {new}"
        st.markdown(f"**{fmt_when(row.changed_at)}** · {md(who(row.changed_by))} · {t(f'field.{row.field}', L)}："
                    + md(change) + ("" if pd.isna(row.note) else f"  \n:gray[{md(row.note)}]"))

    # the problems as the follow-up list has them on this day: the same status and overdue everywhere
    st.markdown("#### " + t("project.issues", L))
    problems = figures.follow_up_list(p["plan_year"], as_of, Filters(streets=(p["street"],)))
    problems = problems[problems["code"] == p["code"]]
    if problems.empty:
        st.caption(t("project.none", L))
    steps = queries.follow_ups(engine(), [int(i) for i in problems["id"]]) if not problems.empty else None
    for issue in problems.itertuples():
        with st.expander(f"{issue.raised_on} · {md(issue.description)} · "
                         f"{issue_status_text(issue.status, issue.overdue, L)}"):
            st.markdown(md(" · ".join(str(v) for v in (issue.owner_unit, issue.measures, issue.deadline)
                                      if pd.notna(v))))
            for step in steps[(steps["issue_id"] == issue.id) & (steps["held_on"] <= as_of)].itertuples():
                st.markdown(f"- {md(step_text(step.held_on, step.level, step.action, step.note, step.new_deadline, L))} "
                            f":gray[{md(who(step.recorded_by))}]")

    st.markdown("#### " + t("project.ratings", L))
    rating_history(queries.ratings(engine(), p["id"]), who, L)
