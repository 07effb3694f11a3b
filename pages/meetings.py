"""路演会议: the dispatch office creates a roadshow, sets the streets' speaking order, records the
problems raised during it, closes it (its list is then frozen), and looks back (回头看)."""
import pandas as pd
import streamlit as st

from roadshow.i18n import fmt_date, label, t
from roadshow.settings import today
from roadshow.ui.access import guard
from roadshow.ui.common import Figures, lang, md, url_choice
from roadshow.ui.meetings import agenda_form, close_form, meeting_state, new_meeting_form, raise_form
from roadshow.ui.problems import lookback_view, problems_table, show_flash

user = guard(__file__)
L = lang()
figures = Figures()
st.title(t("meetings.title", L))
show_flash()
listed = figures.meeting_list()
with st.expander(t("meetings.new", L), expanded=listed.empty, icon=":material/add:"):
    new_meeting_form(user, figures, L)
if listed.empty:
    st.info(t("meetings.none", L))
    st.stop()

titles = {int(i): f"{fmt_date(day)} · {title}" + (f" · {t('meetings.closed_mark', L)}" if pd.notna(closed) else "")
          for i, day, title, closed in zip(listed["id"], listed["held_on"], listed["title"], listed["closed_at"])}
meeting_id = url_choice(st, t("meetings.pick", L), titles, "meeting", format_func=titles.get)
meeting = listed.set_index("id").loc[meeting_id].to_dict() | {"id": meeting_id}
facts = t("meetings.facts", L, year=meeting["plan_year"], quarter=label("quarter", str(meeting["quarter"]), L),
          day=fmt_date(meeting["held_on"]))
st.caption(md(" · ".join(filter(None, [facts, meeting["venue"] if pd.notna(meeting["venue"]) else None]))))
meeting_state(meeting, L, figures.people())

record, agenda, lookback = st.tabs([t("meetings.tab_raise", L), t("meetings.tab_agenda", L),
                                    t("meetings.tab_lookback", L)], key="meeting_tab", bind="query-params")
with record:
    if pd.isna(meeting["closed_at"]) and meeting["held_on"] <= today():
        raise_form(user, figures, meeting, L)
    raised = figures.raised_at(meeting_id, today())
    st.subheader(t("meetings.raised", L, count=len(raised)))
    if not raised.empty:
        problems_table(raised, L, figures.people())
    close_form(user, meeting, L)
with agenda:
    agenda_form(user, figures, meeting, L)
with lookback:
    lookback_view(figures, meeting, L, key=f"lookback:{meeting_id}")
