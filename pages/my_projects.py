"""我的项目: a street official keeps the street's projects current (the dispatch office any street's)."""
import streamlit as st

from roadshow import queries
from roadshow.codes import Role
from roadshow.i18n import t
from roadshow.metrics import latest_plan_year
from roadshow.ui.access import guard
from roadshow.ui.common import engine, lang, md
from roadshow.ui.editing import bulk_edit, quick_update

user = guard(__file__)
L = lang()
st.title(t("my.title", L))
if saved := st.session_state.pop("saved", None):
    st.success(saved)
streets = dict(queries.streets(engine()))
if user.role == Role.street:
    street_id = user.street_id
    asked = st.query_params.get("street")
    if asked and asked != streets[street_id]:
        st.warning(t("my.other_street_refused", L, street=streets[street_id]))
    st.subheader(md(streets[street_id] + "街道"))
else:
    names = {name: sid for sid, name in streets.items()}
    street_id = names[st.selectbox(t("my.street", L), list(names), key="street", bind="query-params")]
year = latest_plan_year(engine())
projects = queries.street_projects(engine(), street_id, year) if year else None
if projects is None or projects.empty:
    st.info(t("my.no_projects", L))
    st.stop()
quick, bulk = st.tabs([t("my.quick", L), t("my.bulk", L)])
with quick:
    quick_update(user, projects, year, L)
with bulk:
    bulk_edit(user, street_id, year, L)
