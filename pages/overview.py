"""总览: the district's headline figures and charts as of a date, with what moved
since the last roadshow and against the same day last year."""
from datetime import date

import streamlit as st

from roadshow import charts
from roadshow.hierarchy import ranking_level
from roadshow.i18n import fmt_rate, fmt_yi, t
from roadshow.ui.access import guard
from roadshow.ui.alerts import banner
from roadshow.ui.common import md
from roadshow.ui.filters import leader_page
from roadshow.ui.slides import chart
from roadshow.ui.widgets import attention_summary, kpi_cards

user = guard(__file__)
L, figures, year, as_of, filters = leader_page("overview.title", user)
banner(user, figures, L)  # what waits for a street official or the dispatch office, first
level = ranking_level(figures.places(), filters)  # the places one level below the place chosen
d = figures.district(year, as_of, filters)
meeting = figures.previous_meeting(year, as_of)
before = figures.district(year, meeting[0], filters) if meeting else None
last_year = None
if year - 1 in figures.plan_years():
    same_day = as_of.replace(year=as_of.year - 1) if (as_of.month, as_of.day) != (2, 29) else date(as_of.year - 1, 2, 28)
    last_year = figures.district(year - 1, same_day, filters)

caption = t("overview.caption", L, year=year, as_of=as_of.isoformat())
if meeting:
    caption += " · " + t("overview.compared_with", L, day=meeting[0].isoformat(), title=md(meeting[1]))
st.caption(caption)
kpi_cards(d, before, last_year, L)
if d["annual_plan_wan"]:
    st.progress(min(d["completion_rate"], 1.0), text=t("kpi.completion_help", L, completed=fmt_yi(d["completed_wan"], L),
                                                        plan=fmt_yi(d["annual_plan_wan"], L))
                + f" · {fmt_rate(d['completion_rate'])}")

chart(charts.street_rates(figures.grouped(year, as_of, level, filters), d, L, level), "street-rates", year, as_of,
      filters, L)
left, right = st.columns(2)
chart(charts.cumulative_starts(figures.starts_by_day(year, as_of, filters), year, as_of, L), "cumulative-starts",
      year, as_of, filters, L, left)
chart(charts.started_investment_treemap(figures.started_breakdown(year, as_of, ("category", level), filters), L, level),
      "started-investment", year, as_of, filters, L, right)
left, right = st.columns([1, 2])
chart(charts.star_distribution(figures.star_distribution(year, as_of, filters), L), "star-ratings", year, as_of,
      filters, L, left)
with right:
    attention_summary(figures, year, as_of, filters, L)
