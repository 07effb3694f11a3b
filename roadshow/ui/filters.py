"""The filter bar shared by the leaders' pages: plan year, as-of date, streets,
categories, stages, city-key only. Every choice lives in the URL (query
parameters), so a view can be bookmarked and shared, and is remembered for the
session, so it carries over when the user moves to another page."""
from __future__ import annotations

from datetime import date

import streamlit as st

from ..codes import Category, Stage
from ..i18n import label, t
from ..metrics import Filters
from ..settings import today
from .common import Figures, lang

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


def filter_bar(figures: Figures, L: str, streets: bool = True) -> tuple[int, date, Filters]:
    """The plan year, the as-of date and the project filters chosen on this page."""
    remembered = st.session_state.setdefault(REMEMBERED, {})
    years = figures.plan_years()
    for key in ("year", "as_of", "streets", "city_key"):
        _restore(key, remembered)
    if st.session_state.get("year") not in (None, *years):
        del st.session_state["year"]

    def opening(year: int) -> date:
        return figures.opening_as_of(year, today())

    def new_year():  # another plan year opens on its own day
        st.session_state["as_of"] = opening(st.session_state["year"])

    top = st.columns([1, 1.5, 2, 2, 2, 1.3], vertical_alignment="bottom")
    year = top[0].selectbox(t("filter.plan_year", L), years, key="year", bind="query-params", on_change=new_year)
    as_of = top[1].date_input(t("filter.as_of", L), value=opening(year), key="as_of", bind="query-params",
                              format="YYYY-MM-DD")
    chosen_streets = top[2].multiselect(t("filter.streets", L), figures.street_names(), key="streets",
                                        bind="query-params", placeholder=t("filter.all", L)) if streets else []
    categories = _codes_multiselect(top[3], "categories", "category", Category, L, remembered)
    stages = _codes_multiselect(top[4], "stages", "stage", Stage, L, remembered)
    city_key = top[5].toggle(t("filter.city_key", L), key="city_key", bind="query-params")
    remembered.update(year=year, as_of=as_of, categories=categories, stages=stages, city_key=city_key,
                      **({"streets": chosen_streets} if streets else {}))
    return year, as_of, Filters(tuple(chosen_streets), tuple(categories), tuple(stages), city_key)


def leader_page(title_key: str, streets: bool = True) -> tuple[str, Figures, int, date, Filters]:
    """The top of a leaders' page: its title and the filter bar; stops with a hint on an empty database.
    Returns the language, the cached figures, the plan year, the as-of date and the filters."""
    L = lang()
    figures = Figures()
    st.title(t(title_key, L))
    if not figures.plan_years():
        st.info(t("overview.empty", L))
        st.stop()
    return (L, figures, *filter_bar(figures, L, streets))
