"""周/月/季调度: how fast problems are closed per week, month and quarter and which street or unit
holds them up, the weekly digest to read out, the warning lights, and the dispatch records."""
import streamlit as st

from roadshow.i18n import t
from roadshow.ui import dispatch
from roadshow.ui.access import guard
from roadshow.ui.filters import leader_page

user = guard(__file__)
L, figures, year, as_of, filters = leader_page("dispatch.title", user)
analysis, digest, lights, records = st.tabs([t("dispatch.tab_analysis", L), t("dispatch.tab_digest", L),
                                             t("dispatch.tab_lights", L), t("dispatch.tab_records", L)])
with analysis:
    dispatch.analysis(figures, year, as_of, filters, L)
with digest:
    dispatch.weekly_digest(figures, year, as_of, filters, L)
with lights:
    dispatch.warning_lights(figures, year, as_of, filters, L)
with records:
    dispatch.records(user, figures, year, as_of, L)
