"""项目详情: one project's fields, its change history as a timeline, its problems and ratings."""
import pandas as pd
import sqlalchemy as sa
import streamlit as st

from roadshow import queries
from roadshow.i18n import fmt_when, label, t
from roadshow.models import Project
from roadshow.ui.common import engine, lang

L = lang()
st.title(t("project.title", L))
with engine().connect() as db:
    choices = dict(db.execute(sa.select(Project.code, Project.name).order_by(Project.plan_year.desc(), Project.code)).all())
if not choices:
    st.info(t("overview.empty", L))
    st.stop()
code = st.selectbox(t("my.project", L), list(choices), format_func=lambda c: f"{choices[c]}（{c}）",
                    key="project", bind="query-params")
p = queries.project(engine(), queries.project_id_by_code(engine(), code))
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

st.subheader(t("project.history", L))
history = queries.history(engine(), p["id"])
for row in history.itertuples():
    change = row.new_value if pd.isna(row.old_value) else f"{row.old_value} → {row.new_value}"
    st.markdown(f"**{fmt_when(row.changed_at)}** · {row.changed_by} · {t(f'field.{row.field}', L)}：{change}"
                + ("" if pd.isna(row.note) else f"  \n:gray[{row.note}]"))

st.subheader(t("project.issues", L))
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

st.subheader(t("project.ratings", L))
ratings = queries.ratings(engine(), p["id"])
if ratings.empty:
    st.caption(t("project.none", L))
else:
    st.dataframe(ratings.rename(columns=lambda c: t(f"rating.{c}", L)), hide_index=True)
