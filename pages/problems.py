"""问题跟踪: the problems of a street (a street official's own; a district official's, of any street of
the district; any street for the dispatch office) as they stand, and one problem's record with the steps the user may take: a follow-up, a closure
request (申请销号), and for the dispatch office closing it, sending it back, reopening, extending."""
import streamlit as st

from roadshow import queries
from roadshow.codes import IssueStatus, Role
from roadshow.i18n import label, t
from roadshow.settings import today
from roadshow.ui.access import guard
from roadshow.ui.alerts import working_day
from roadshow.ui.common import Figures, engine, lang, md, url_choice
from roadshow.ui.filters import own_place
from roadshow.ui.problems import problem_panel, problems_table, show_flash

user = guard(__file__)
L = lang()
figures = Figures()
st.title(t("problems.title", L))
show_flash()
year_day = working_day(figures)
if year_day is None:
    st.info(t("overview.empty", L))
    st.stop()
year, day = year_day
st.caption(t("problems.caption", L, year=year, day=day.isoformat()))
district = None
if user.role == Role.street and user.street_id is not None:
    street = dict(queries.streets(engine()))[user.street_id]
    st.subheader(md(street + "街道"))
else:  # the dispatch office: any street; a district official: any of the district's
    if user.role == Role.street:
        district = user.district_id
        st.subheader(md(own_place(user, figures)))
    places = figures.places()
    names = places[places["district_id"] == district]["street"] if district is not None else places["street"]
    street = url_choice(st, t("problem.street", L), list(names), "problem_street", index=None,
                        placeholder=t("problems.all_streets", L))
everything = figures.work_list(year, day, today(), street, district_id=district)

left, right = st.columns([3, 1], vertical_alignment="bottom")
not_closed = [s.value for s in IssueStatus if s != IssueStatus.resolved]
statuses = left.multiselect(t("lookback.filter_statuses", L), [s.value for s in IssueStatus], default=not_closed,
                            format_func=lambda s: label("issue_status", s, L), key="problem_statuses",
                            placeholder=t("filter.all", L))
overdue_only = right.toggle(t("problems.overdue_only", L), key="overdue_only")
shown = everything[everything["status"].isin(statuses)] if statuses else everything
if overdue_only:
    shown = shown[shown["overdue"]]
st.caption(t("problems.count", L, count=len(shown)))


def pick_from_table():
    rows = st.session_state["problem_table"].selection.rows
    if rows:
        st.session_state["problem"] = int(shown["id"].iloc[rows[0]])


if not shown.empty:
    problems_table(shown, L, figures.people(), key="problem_table", on_select=pick_from_table)
titles = {int(i): f"{name} · {description}" for i, name, description in
          zip(everything["id"], everything["name"], everything["description"])}
chosen = url_choice(st, t("problem.pick", L), titles, "problem", format_func=titles.get, index=None,
                    placeholder=t("problem.pick_hint", L))
if chosen is not None:
    st.divider()
    problem_panel(user, everything.set_index("id").loc[chosen].to_dict() | {"id": chosen}, L, figures)
