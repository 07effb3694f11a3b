"""项目台账: every project as it stood on a date — searchable, filterable, a page at a time,
with its warning light — and the chosen project's detail."""
import pandas as pd
import streamlit as st

from roadshow.exchange import exports
from roadshow.hierarchy import several
from roadshow.i18n import fmt_date, fmt_wan, fmt_when, label, t
from roadshow.ui.common import engine, md, url_choice
from roadshow.ui.exchange import downloads
from roadshow.ui.access import guard
from roadshow.ui.filters import leader_page
from roadshow.ui.lights import light_style, light_text, lights_by_street, with_project_lights
from roadshow.ui.paging import first_page, pager
from roadshow.ui.project_detail import project_detail
from roadshow.ui.widgets import amounts, status_colour, status_label

PAGE_ROWS = 250  # a district's whole ledger (235 in the demo) on one page

user = guard(__file__)
L, figures, year, as_of, filters = leader_page("ledger.title", user)
search = st.text_input(t("ledger.search", L), key="q", bind="query-params", placeholder=t("ledger.search_hint", L),
                       on_change=first_page, args=("ledger_page",))
total = figures.ledger_count(year, filters, search)
st.caption(t("ledger.count", L, count=total))
with st.popover(t("export.ledger_buttons", L), icon=":material/download:", help=t("export.ledger_help", L)):
    downloads(lambda fmt: exports.as_file(exports.ledger_frame(engine(), year, exports.scope(user, filters, engine()),
                                                               search, L), "项目台账", fmt),
              f"{t('ledger.title', L)}-{year}", "ledger_export", L)
offset, rows = pager(total, "ledger_page", L, PAGE_ROWS)
ledger = with_project_lights(figures.ledger(year, as_of, filters, search, offset, rows), figures, year, as_of,
                             filters, L)
who = figures.people()
view = pd.DataFrame({
    t("field.code", L): ledger["code"], t("field.name", L): ledger["name"],
    **({t("field.district", L): ledger["district"]} if several(figures.places(), "district") else {}),
    t("field.street", L): ledger["street"],
    t("field.stage", L): [label("stage", s, L) for s in ledger["stage"]],
    t("field.category", L): [label("category", c, L) for c in ledger["category"]],
    t("lights.light", L): [light_text(v, L) for v in ledger["light"]],
    t("field.status", L): [status_label(r, L) for _, r in ledger.iterrows()],
    t("field.start_date", L): [fmt_date(d) for d in ledger["start_date"]],
    t("field.total_investment_wan", L): amounts(ledger["total_investment_wan"]),
    t("field.completed_wan", L): amounts(ledger["completed_wan"]),
    t("field.stars", L): ["★" * int(s) if pd.notna(s) else "—" for s in ledger["stars"]],
    t("field.city_key", L): ledger["city_key"],
    t("field.updated", L): [f"{who(by)} · {fmt_when(when)}" for by, when in zip(ledger["updated_by"], ledger["updated_at"])],
    t("lights.reason", L): ledger["light_reason"],
})


def pick_from_table():
    rows = st.session_state["ledger_table"].selection.rows
    if rows:
        st.session_state["project"] = ledger["code"].iloc[rows[0]]


money = [t("field.total_investment_wan", L), t("field.completed_wan", L)]
st.dataframe(view.style.map(lambda v: status_colour(v, L), subset=[t("field.status", L)])
             .map(lambda v: light_style(v, L), subset=[t("lights.light", L)]).format(fmt_wan, subset=money),
             hide_index=True, on_select=pick_from_table, selection_mode="single-row", key="ledger_table", height=420)
lights_by_street(figures, year, as_of, filters, L)
# the chooser offers this page's projects, and the one chosen (by a link, or on another page)
chosen = st.session_state.get("project") or st.query_params.get("project")
if chosen and chosen not in set(ledger["code"]):
    found = figures.ledger(year, as_of, filters, chosen)
    ledger = pd.concat([found[found["code"] == chosen], ledger], ignore_index=True)
names = dict(zip(ledger["code"], ledger["name"]))
code = url_choice(st, t("my.project", L), names, "project", format_func=lambda c: f"{names[c]}（{c}）", index=None,
                  placeholder=t("ledger.pick_hint", L))
if code:
    st.header(md(names[code]))
    project_detail(figures, int(ledger.loc[ledger["code"] == code, "id"].iloc[0]), as_of, L)
