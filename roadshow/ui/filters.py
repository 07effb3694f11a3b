"""The filter bar shared by the leaders' pages: plan year, as-of date, places (city →
district → street, each level only where the deployment has several), categories,
stages, city-key only. Every choice lives in the URL (query
parameters), so a view can be bookmarked and shared, and is remembered for the
session, so it carries over when the user moves to another page."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

import streamlit as st

from ..auth import Actor
from ..codes import STREET_SUFFIX, Category, Stage
from ..hierarchy import in_scope, several
from ..hierarchy import label as place_label
from ..i18n import label, t
from ..metrics import Filters
from ..settings import today
from .common import Figures, lang, url_choice

REMEMBERED = "filters"  # not a widget key: Streamlit drops those when the page changes


def _codes_multiselect(box, key: str, field: str, enum, L: str, remembered: dict) -> list[str]:
    """A multiselect that shows labels but keeps codes in the URL, so a link works in either language
    (a bound widget would put the labels there)."""
    codes = [m.value for m in enum]
    if key not in remembered:
        remembered[key] = [c for c in st.query_params.get_all(key) if c in codes]
    # a widget on another page is a new widget: give it the remembered value, and remember each change
    st.session_state[key] = remembered[key]

    def keep():
        remembered[key] = st.session_state[key]

    chosen = box.multiselect(t(f"filter.{key}", L), codes, key=key, format_func=lambda c: label(field, c, L),
                             placeholder=t("filter.all", L), on_change=keep)
    if chosen:
        st.query_params[key] = chosen
    else:
        st.query_params.pop(key, None)
    return chosen


def _restore(key: str, remembered: dict) -> None:
    """Give a URL-bound widget the value remembered from another page, unless the URL says otherwise.
    Its default stays fixed: a bound widget whose value equals its default leaves the URL, so a
    default that followed the user's choice would drop that choice from every shared link."""
    if key not in st.session_state and key not in st.query_params and key in remembered:
        st.session_state[key] = remembered[key]


def _clear(*keys: str):
    """An on_change that empties the choices below a changed place (a new city: pick its district anew)."""
    def clear():
        remembered = st.session_state.setdefault(REMEMBERED, {})
        for key in keys:
            st.session_state[key] = [] if key == "streets" else None
            remembered.pop(key, None)
    return clear


def place_bar(figures: Figures, L: str, user: Actor, streets: bool = True, boxes=None) -> Filters:
    """The places chosen, city → district → street: a city box only where there are several cities, a
    district box only where there are several districts (a single-district deployment shows neither),
    and the streets of one district (choose the district first). A user limited to a district gets it
    fixed. `boxes`: the columns to draw the boxes in (as many as returned by place_boxes)."""
    places = figures.places()
    scope = figures.scope_of(user)
    if boxes is None:
        count = place_boxes(figures, streets) if scope is None else int(streets)
        boxes = st.columns(count, vertical_alignment="bottom") if count else []
    boxes = iter(boxes)
    city = district = None
    if scope is not None:
        city, district = scope.cities[0], scope.districts[0]
    else:
        if several(places, "city"):
            city = url_choice(next(boxes), t("filter.city", L), places["city"].unique(), "city", index=None,
                              placeholder=t("filter.all", L), on_change=_clear("district", "streets"))
        if several(places, "district"):
            options = places if city is None else places[places["city"] == city]
            ambiguous = options["city_id"].nunique() > 1  # districts of several cities: pick the city first
            district = url_choice(next(boxes), t("filter.district", L),
                                  [] if ambiguous else options["district"].unique(), "district", index=None,
                                  disabled=ambiguous, on_change=_clear("streets"),
                                  placeholder=t("filter.city_first" if ambiguous else "filter.all", L))
    chosen = Filters(cities=(city,) if city else (), districts=(district,) if district else ())
    if streets:
        scoped = in_scope(places, chosen)
        one_district = scoped["district_id"].nunique() <= 1
        chosen_streets = next(boxes).multiselect(
            t("filter.streets", L), scoped["street"].tolist() if one_district else [], key="streets",
            bind="query-params", disabled=not one_district,
            placeholder=t("filter.all" if one_district else "filter.district_first", L))
        chosen = replace(chosen, streets=tuple(chosen_streets))
    return chosen


def own_place(user: Actor, figures: Figures) -> str:
    """A street official's place as named on their pages: 营城子街道, or a district official's 中山区
    (with its city where there are several: 沈阳市 › 铁西区)."""
    if user.street_id is not None:
        return dict(figures.streets())[user.street_id] + STREET_SUFFIX
    places = figures.places()
    row = places[places["district_id"] == user.district_id].iloc[0]
    return place_label(row, "district", several(places, "city"))


def place_boxes(figures: Figures, streets: bool = True) -> int:
    """How many boxes place_bar draws for this deployment (not counting a fixed district)."""
    places = figures.places()
    return int(several(places, "city")) + int(several(places, "district")) + int(streets)


def filter_bar(figures: Figures, L: str, user: Actor, streets: bool = True) -> tuple[int, date, Filters]:
    """The plan year, the as-of date and the project filters chosen on this page."""
    remembered = st.session_state.setdefault(REMEMBERED, {})
    years = figures.plan_years()
    for key in ("year", "as_of", "streets", "city_key", "city", "district"):
        _restore(key, remembered)
    if st.session_state.get("year") not in (None, *years):
        del st.session_state["year"]

    def opening(year: int) -> date:
        return figures.opening_as_of(year, today())

    def new_year():  # another plan year opens on its own day
        st.session_state["as_of"] = opening(st.session_state["year"])

    scope = figures.scope_of(user)
    boxes = 0 if scope is not None else place_boxes(figures, streets) - int(streets)
    if scope is not None:
        st.caption(t("filter.scope", L, city=scope.cities[0], district=scope.districts[0]))
    if boxes:  # a city's or province's places get a row of their own
        places = place_bar(figures, L, user, streets, st.columns(3, vertical_alignment="bottom")[:boxes + streets])
        top = st.columns([1, 1.5, 2, 2, 1.3], vertical_alignment="bottom")
        top.insert(2, None)
    else:
        top = st.columns([1, 1.5, 2, 2, 2, 1.3], vertical_alignment="bottom")
        places = place_bar(figures, L, user, streets, [top[2]])
    year = top[0].selectbox(t("filter.plan_year", L), years, key="year", bind="query-params", on_change=new_year)
    as_of = top[1].date_input(t("filter.as_of", L), value=opening(year), key="as_of", bind="query-params",
                              format="YYYY-MM-DD")
    categories = _codes_multiselect(top[3], "categories", "category", Category, L, remembered)
    stages = _codes_multiselect(top[4], "stages", "stage", Stage, L, remembered)
    city_key = top[5].toggle(t("filter.city_key", L), key="city_key", bind="query-params")
    remembered.update(year=year, as_of=as_of, categories=categories, stages=stages, city_key=city_key)
    if scope is None:
        remembered.update(city=(places.cities or (None,))[0], district=(places.districts or (None,))[0])
    if streets:
        remembered.update(streets=list(places.streets))
    return year, as_of, Filters(places.streets, tuple(categories), tuple(stages), city_key, places.cities,
                                places.districts)


def leader_page(title_key: str, user: Actor, streets: bool = True) -> tuple[str, Figures, int, date, Filters]:
    """The top of a leaders' page: its title and the filter bar; stops with a hint on an empty database.
    Returns the language, the cached figures, the plan year, the as-of date and the filters."""
    L = lang()
    figures = Figures()
    st.title(t(title_key, L))
    if not figures.plan_years():
        st.info(t("overview.empty", L))
        st.stop()
    return (L, figures, *filter_bar(figures, L, user, streets))
