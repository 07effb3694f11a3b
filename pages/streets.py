"""街道路演: the places ranked — a province's cities, a city's districts, a district's streets, or every
street within the place chosen — a page at a time; a row drills down a level; a street's roadshow report."""
import pandas as pd
import streamlit as st

from roadshow.hierarchy import ranking_level
from roadshow.i18n import fmt_rate, fmt_when, t
from roadshow.metrics import PLACES
from roadshow.ui.access import guard
from roadshow.ui.common import md, url_choice
from roadshow.ui.filters import leader_page
from roadshow.ui.paging import PAGE_ROWS, paged
from roadshow.slides.compose import split
from roadshow.slides.deck import ranking_slide
from roadshow.ui.report import street_report
from roadshow.ui.slides import png_buttons, street_slides

user = guard(__file__)
L, figures, year, as_of, filters = leader_page("streets.title", user, streets=False)
district = figures.district(year, as_of, filters)
who = figures.people()
below = ranking_level(figures.places(), filters)
levels = PLACES[PLACES.index(below):]  # e.g. a city's districts, or all its streets
level = below
if len(levels) > 1:
    level = st.segmented_control(t("ranking.level", L), levels, default=below, key=f"level:{below}", required=True,
                                 format_func=lambda v: t(f"ranking.level.{v}", L))
ranking = figures.ranking(year, as_of, level, filters)

st.subheader(t("streets.ranking" if level == "street" else f"ranking.title.{level}", L))
shown = [c for c in ("city", "district") if PLACES.index(c) < PLACES.index(level) and ranking[c].nunique() > 1] \
    if level != "city" else []
columns = {"rank": t("streets.rank", L), **{c: t(f"field.{c}", L) for c in shown},
           level: t(f"field.{level}", L), "projects": t("col.projects", L),
           "started": t("kpi.started", L), "resumption_rate": t("kpi.resumption_rate", L),
           "new_start_rate": t("kpi.new_start_rate", L), "completion_rate": t("kpi.completion_rate", L),
           "open": t("streets.open", L), "overdue": t("streets.overdue", L), "stars": t("streets.stars", L),
           "updated": t("field.updated", L)}
RATES = ("resumption_rate", "new_start_rate", "completion_rate")
page = paged(ranking, "ranking", L, (level, *shown), t("ranking.search_hint", L))
view = page.assign(
    updated=[f"{who(by)} · {fmt_when(when)}" for by, when in zip(page["updated_by"], page["updated_at"])],
    stars=["—" if pd.isna(v) else f"{v:.1f}★" for v in page["stars"]],
    **{c: [fmt_rate(None if pd.isna(v) else v) for v in page[c]] for c in RATES},
)[list(columns)].rename(columns=columns)


def against_district(column: pd.Series) -> list[str]:
    """Green at or above the rate of the place chosen, red below; nothing where the rate is undefined."""
    key = {v: k for k, v in columns.items()}[column.name]
    return ["" if pd.isna(v) or district[key] is None else
            "color: #3C9D5D; font-weight: 600" if v >= district[key] else "color: #D64541; font-weight: 600"
            for v in page[key]]


styled = (view.style
          .apply(against_district, subset=[columns[c] for c in RATES])
          .map(lambda v: "color: #D64541; font-weight: 600" if v else "", subset=[columns["overdue"]]))


def pick_from_table():
    """A street opens its report; a city or district is chosen in the filters, to rank what lies below it."""
    rows = st.session_state["ranking"].selection.rows
    if not rows:
        return
    row = page.iloc[rows[0]]
    if level == "street":
        st.session_state["street"] = row["street"]
    else:
        st.session_state["city"] = row["city"] if "city" in row else None
        st.session_state["district"] = row["district"] if level == "district" else None
        st.session_state.pop("street", None)


st.dataframe(styled, hide_index=True, on_select=pick_from_table, selection_mode="single-row", key="ranking",
             height=min(720, 38 + 35 * len(view)))
if level != "street":
    st.caption(t("ranking.drill_hint", L))
    st.stop()
png_buttons(split(ranking_slide(ranking, year, as_of, L, filters), L), f"street-ranking-{as_of.isoformat()}", L)
streets = ranking["street"].tolist()
if len(streets) <= PAGE_ROWS:
    street = url_choice(st, t("streets.pick", L), streets, "street", index=None, placeholder=t("streets.pick_hint", L))
else:  # too many for a list: a row of the table (searchable) or the link chooses it
    street = st.session_state.get("street") or st.query_params.get("street")
    street = street if street in set(streets) else None
    if street:
        st.query_params["street"] = street
    else:
        st.caption(t("ranking.pick_row", L))
if street:
    st.header(md(f"{street}街道"))
    street_report(figures, year, as_of, street, filters, L)
    png_buttons(street_slides(figures.url, figures.version, L, year, as_of, street, filters),
                f"street-{as_of.isoformat()}", L)
