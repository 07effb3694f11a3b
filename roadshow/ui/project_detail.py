"""One project's detail: fields, the change history as a timeline, problems with their
follow-ups, and star ratings. Shown on the ledger page."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from .. import queries
from ..i18n import fmt_when, label, t
from .common import engine


def project_detail(project_id: int, L: str) -> None:
    p = queries.project(engine(), project_id)
    st.caption(t("my.last_updated", L, who=p["updated_by"], when=fmt_when(p["updated_at"])))

    fields = [("street", p["street"] + "街道"), ("stage", label("stage", p["stage"], L)),
              ("category", label("category", p["category"], L)), ("plan_year", p["plan_year"]),
              ("total_investment_wan", p["total_investment_wan"]), ("annual_plan_wan", p["annual_plan_wan"]),
              ("completed_wan", p["completed_wan"]), ("planned_start_date", p["planned_start_date"]),
              ("start_date", p["start_date"]), ("suspended", p["suspension_reason"] if p["suspended"] else "—"),
              ("city_key", "✓" if p["city_key"] else "—"), ("stars", "★" * (p["stars"] or 0) or "—"),
              ("leader", p["leader"]), ("manager_district", p["manager_district"]),
              ("manager_street", p["manager_street"]), ("manager_enterprise", p["manager_enterprise"])]
    st.dataframe(pd.DataFrame({t("history.field", L): [t(f"field.{f}", L) for f, _ in fields],
                               t("project.value", L): ["—" if v is None else str(v) for _, v in fields]}),
                 hide_index=True, height="content")

    st.markdown("#### " + t("project.history", L))
    history = queries.history(engine(), p["id"])
    for row in history.itertuples():
        change = row.new_value if pd.isna(row.old_value) else f"{row.old_value} → {row.new_value}"
        st.markdown(f"**{fmt_when(row.changed_at)}** · {row.changed_by} · {t(f'field.{row.field}', L)}：{change}"
                    + ("" if pd.isna(row.note) else f"  \n:gray[{row.note}]"))

    st.markdown("#### " + t("project.issues", L))
    issues = queries.issues(engine(), p["id"])
    if issues.empty:
        st.caption(t("project.none", L))
    follow_ups = queries.follow_ups(engine(), list(issues["id"])) if not issues.empty else None
    for issue in issues.itertuples():
        with st.expander(f"{issue.raised_on} · {issue.description} · {label('issue_status', issue.status, L)}"):
            st.write(f"{issue.owner_unit} · {issue.measures or ''} · {issue.deadline or ''}")
            steps = follow_ups[follow_ups["issue_id"] == issue.id]
            for step in steps.itertuples():
                st.markdown(f"- {step.held_on} {label('dispatch_level', step.level, L)}：{step.note}")

    st.markdown("#### " + t("project.ratings", L))
    ratings = queries.ratings(engine(), p["id"])
    if ratings.empty:
        st.caption(t("project.none", L))
    else:
        st.dataframe(ratings.rename(columns=lambda c: t(f"rating.{c}", L)), hide_index=True)
