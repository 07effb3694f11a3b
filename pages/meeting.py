"""会议模式: present a roadshow slide by slide, in the deck's order — first the look back (回头看) at
the last roadshow's problems, then the summary, each street's report in the agenda's order, the star
ratings and their moves, and next steps. What is shown is the deck (roadshow/slides/deck.py): each
stop's slides one at a time, a long list paged over several slides, every one fitting a 1920×1080
projector; each downloads as the PNG it is, the whole deck as ZIP or PPTX.

Without an agenda the streets speak in their order; where there are more than a meeting can hear
(a city's or province's), the best and worst ten speak and the others are one stop of their sums."""
import pandas as pd
import streamlit as st

from roadshow.i18n import t
from roadshow.settings import today
from roadshow.ui.access import guard
from roadshow.ui.common import Figures, lang, url_choice
from roadshow.ui.filters import place_bar
from roadshow.ui.problems import lookback_view
from roadshow.ui.slide_view import show
from roadshow.ui.slides import deck_downloads, meeting_slides, slide_buttons

user = guard(__file__)
L = lang()
figures = Figures()
years = figures.plan_years()
meetings = figures.meetings(years[0]) if years else pd.DataFrame()
if meetings.empty:
    st.title(t("meeting.title", L))
    st.info(t("meeting.none", L))
    st.stop()

settings = st.container(key="meeting_settings")  # full screen hides it: the slide alone, and the way through it
nav = st.container(key="meeting_nav").columns([1.2, 2.7, 0.9, 1.2, 1.5], vertical_alignment="center")
present = nav[4].toggle(t("meeting.present", L), key="present", bind="query-params")
titles = dict(zip(meetings["id"], meetings["title"]))
with settings:
    meeting_id = url_choice(st, t("meeting.pick", L), titles, "meeting", format_func=lambda i: titles[i],
                            index=len(titles) - 1)
    places = place_bar(figures, L, user, streets=False)  # a city's or province's: which of its places meets
meeting = meetings.set_index("id").loc[meeting_id]
year = years[0]
deck = meeting_slides(figures.url, figures.version, L, year, int(meeting_id), places, today())
slides = deck.slides
key = f"slide:{meeting_id}:{places}"
index = st.session_state[key] = min(st.session_state.get(key, 0), len(slides) - 1)
stop_key = f"stop:{key}"
st.session_state[stop_key] = deck.section_at(index).key  # the stop of the slide shown, however it was reached


def step(by: int) -> None:
    st.session_state[key] = max(0, min(len(slides) - 1, st.session_state[key] + by))


def jump() -> None:
    st.session_state[key] = deck.first_slide(st.session_state[stop_key])


stops = {s.key: s.title for s in deck.sections}
nav[0].button(t("meeting.previous", L), on_click=step, args=(-1,), disabled=index == 0, width="stretch")
nav[1].selectbox(t("meeting.stop", L), list(stops), format_func=stops.get, key=stop_key, on_change=jump,
                 label_visibility="collapsed")
nav[2].markdown(f"<div class='rs-counter'>{t('meeting.counter', L, n=index + 1, total=len(slides))}</div>",
                unsafe_allow_html=True)
nav[3].button(t("meeting.next", L), on_click=step, args=(1,), disabled=index == len(slides) - 1, type="primary",
              width="stretch")

# a projector's 1080 lines: the controls in large type, and full screen hides the app's frame and the settings
st.html("<style>.st-key-meeting_nav button p, .st-key-meeting_nav label p, .rs-counter {font-size: 22px}"
        ".rs-counter {text-align: center; white-space: nowrap}"
        ".st-key-meeting_nav input {font-size: 22px}"
        + ("[data-testid=stSidebar], [data-testid=stHeader], .st-key-meeting_settings {display: none}"
           "[data-testid=stMainBlockContainer] {padding: 12px 48px 0 48px; max-width: none}" if present else "")
        + "</style>")
show(slides[index], L)
if not present:
    slide_buttons(deck, index, L)
    if deck.section_at(index).key == "lookback":  # the list itself: filters, each problem's record, xlsx
        with st.expander(t("meeting.lookback_tools", L)):
            lookback_view(figures, {"id": meeting_id, "plan_year": year, "held_on": meeting["held_on"]}, L,
                          key=f"lookback:{meeting_id}")
    with settings, st.expander(t("slides.deck", L)):
        deck_downloads(deck, f"{meeting_id}:{figures.version}:{places}:{L}", L)
