"""待办提醒: what needs the signed-in person first — for a street official, the street's overdue
problems, problems due within 7 days, closure requests sent back and projects not updated for 30
days; for the dispatch office, closure requests waiting for it and overdue problems by unit and street."""
import streamlit as st

from roadshow.codes import Role
from roadshow.i18n import t
from roadshow.ui.access import guard
from roadshow.ui.alerts import dispatch_inbox, street_inbox, working_day
from roadshow.ui.common import Figures, lang

user = guard(__file__)
L = lang()
figures = Figures()
st.title(t("inbox.title", L))
year_day = working_day(figures)
if year_day is None:
    st.info(t("overview.empty", L))
    st.stop()
year, day = year_day
st.caption(t("inbox.caption", L, day=day.isoformat()))
(street_inbox if user.role == Role.street else dispatch_inbox)(user, figures, year, day, L)
