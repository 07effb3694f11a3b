"""街道路演: the streets ranked, and each street's roadshow report."""
import pandas as pd
import streamlit as st

from roadshow.i18n import fmt_rate, fmt_when, t
from roadshow.ui.common import md, url_choice
from roadshow.ui.access import guard
from roadshow.ui.filters import leader_page
from roadshow.slides.compose import split
from roadshow.slides.deck import ranking_slide
from roadshow.ui.report import street_report
from roadshow.ui.slides import png_buttons, street_slides

guard(__file__)
L, figures, year, as_of, filters = leader_page("streets.title", streets=False)
district = figures.district(year, as_of, filters)
ranking = figures.street_ranking(year, as_of, filters)
who = figures.people()

st.subheader(t("streets.ranking", L))
columns = {"rank": t("streets.rank", L), "street": t("field.street", L), "projects": t("col.projects", L),
           "started": t("kpi.started", L), "resumption_rate": t("kpi.resumption_rate", L),
           "new_start_rate": t("kpi.new_start_rate", L), "completion_rate": t("kpi.completion_rate", L),
           "open": t("streets.open", L), "overdue": t("streets.overdue", L), "stars": t("streets.stars", L),
           "updated": t("field.updated", L)}
RATES = ("resumption_rate", "new_start_rate", "completion_rate")
view = ranking.assign(
    updated=[f"{who(by)} · {fmt_when(when)}" for by, when in zip(ranking["updated_by"], ranking["updated_at"])],
    stars=["—" if pd.isna(v) else f"{v:.1f}★" for v in ranking["stars"]],
    **{c: [fmt_rate(None if pd.isna(v) else v) for v in ranking[c]] for c in RATES},
)[list(columns)].rename(columns=columns)


def against_district(column: pd.Series) -> list[str]:
    """Green at or above the district's rate, red below; nothing where the rate is undefined."""
    key = {v: k for k, v in columns.items()}[column.name]
    return ["" if pd.isna(v) or district[key] is None else
            "color: #3C9D5D; font-weight: 600" if v >= district[key] else "color: #D64541; font-weight: 600"
            for v in ranking[key]]


styled = (view.style
          .apply(against_district, subset=[columns[c] for c in RATES])
          .map(lambda v: "color: #D64541; font-weight: 600" if v else "", subset=[columns["overdue"]]))


def pick_from_table():
    rows = st.session_state["ranking"].selection.rows
    if rows:
        st.session_state["street"] = ranking["street"].iloc[rows[0]]


st.dataframe(styled, hide_index=True, on_select=pick_from_table, selection_mode="single-row", key="ranking",
             height=min(720, 38 + 35 * len(view)))
png_buttons(split(ranking_slide(ranking, year, as_of, L, filters), L), f"street-ranking-{as_of.isoformat()}", L)
street = url_choice(st, t("streets.pick", L), ranking["street"], "street", index=None,
                    placeholder=t("streets.pick_hint", L))
if street:
    st.header(md(f"{street}街道"))
    street_report(figures, year, as_of, street, filters, L)
    png_buttons(street_slides(figures.url, figures.version, L, year, as_of, street, filters),
                   f"street-{as_of.isoformat()}", L)
