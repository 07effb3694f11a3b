"""我的项目: a street official keeps the street's projects current (the dispatch office any street's)."""
import streamlit as st

from roadshow import queries
from roadshow.codes import Role
from roadshow.hierarchy import in_scope
from roadshow.i18n import t
from roadshow.metrics import latest_plan_year
from roadshow.ui.access import guard
from roadshow.ui.common import Figures, engine, lang, md, url_choice
from roadshow.ui.filters import place_bar, place_boxes
from roadshow.ui.editing import bulk_edit, quick_update

user = guard(__file__)
L = lang()
st.title(t("my.title", L))
if saved := st.session_state.pop("saved", None):
    st.success(saved)
figures = Figures()
places = figures.places()
streets = dict(zip(places["street_id"], places["street"]))
if user.role == Role.street and user.street_id is not None:
    street_id = user.street_id
    asked = st.query_params.get("street")
    if asked and asked != streets[street_id]:
        st.warning(t("my.other_street_refused", L, street=streets[street_id]))
    st.subheader(md(streets[street_id] + "街道"))
else:  # the dispatch office picks any street, a district official one of their district's
    scope = figures.scope_of(user)
    if scope is None:
        top = st.columns(place_boxes(figures, streets=False) + 1)
        scope = place_bar(figures, L, user, streets=False, boxes=top[:-1])
        box = top[-1]
    else:
        box = st
    mine = in_scope(places, scope)
    asked = st.query_params.get("street")
    if user.role == Role.street and asked and asked not in set(mine["street"]):
        st.warning(t("my.other_district_refused", L, district=scope.districts[0]))
    if mine["district_id"].nunique() > 1:  # too many streets for one list: the district first
        st.info(t("filter.district_first", L))
        st.stop()
    names = dict(zip(mine["street"], mine["street_id"]))
    street_id = names[url_choice(box, t("my.street", L), list(names), "street")]
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
