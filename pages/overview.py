"""总览: the district's headline figures and charts as of a date."""
import streamlit as st

from roadshow import charts
from roadshow.i18n import fmt_rate, fmt_yi, t
from roadshow.metrics import default_as_of
from roadshow.ui.common import Figures, lang

L = lang()
figures = Figures()
years = figures.plan_years()
st.title(t("overview.title", L))
if not years:
    st.info(t("overview.empty", L))
    st.stop()

left, right, _ = st.columns([1, 1, 3])
year = left.selectbox(t("filter.plan_year", L), years, key="year", bind="query-params")
as_of = right.date_input(t("filter.as_of", L), value=default_as_of(year), key="as_of", bind="query-params",
                         format="YYYY-MM-DD")
st.caption(t("overview.caption", L, year=year, as_of=as_of.isoformat()))

d = figures.district(year, as_of)
cards = st.columns(6)
cards[0].metric(t("kpi.projects", L), d["projects"], border=True,
                help=t("kpi.projects_help", L, continuing=d["continuing"], new=d["new"], preliminary=d["preliminary"]))
cards[1].metric(t("kpi.total_investment_yi", L), fmt_yi(d["total_investment_wan"], L, unit=False), border=True,
                help=t("kpi.annual_plan", L) + " " + fmt_yi(d["annual_plan_wan"], L))
cards[2].metric(t("kpi.started", L), d["started"], border=True,
                help=t("kpi.started_help", L, investment=fmt_yi(d["started_investment_wan"], L)))
cards[3].metric(t("kpi.resumption_rate", L), fmt_rate(d["resumption_rate"]), border=True,
                help=t("kpi.resumption_help", L, resumed=d["continuing_resumed"], continuing=d["continuing"]))
cards[4].metric(t("kpi.new_start_rate", L), fmt_rate(d["new_start_rate"]), border=True,
                help=t("kpi.new_start_help", L, started=d["new_started"], new=d["new"]))
cards[5].metric(t("kpi.completion_rate", L), fmt_rate(d["completion_rate"]), border=True,
                help=t("kpi.completion_help", L, completed=fmt_yi(d["completed_wan"], L),
                       plan=fmt_yi(d["annual_plan_wan"], L)))

left, right = st.columns(2)
left.plotly_chart(charts.started_by_category(figures.grouped(year, as_of, "category"), L), theme=None)
right.plotly_chart(charts.cumulative_starts(figures.starts(year, as_of), year, as_of, L), theme=None)
st.plotly_chart(charts.resumption_by_street(figures.grouped(year, as_of, "street"), d["resumption_rate"], L),
                theme=None)
