"""会议模式: present a roadshow — first the look back (回头看) at the last roadshow's problems,
then the district summary, each street's report in the agenda's order, and next steps — one
slide at a time. The agenda and the problems are recorded on the meetings page.

Without an agenda the streets speak in their order; where there are more than a meeting can hear
(a city's or province's), the best and worst ten speak and the others are one slide of their sums."""
import pandas as pd
import streamlit as st

from roadshow import charts, meetings as roadshows
from roadshow.hierarchy import in_scope, ranking_level
from roadshow.i18n import fmt_rate, t
from roadshow.metrics import ranked
from roadshow.ui.access import guard
from roadshow.ui.common import Figures, lang, md, url_choice
from roadshow.ui.filters import place_bar
from roadshow.ui.lights import lights_by_street, problem_lights
from roadshow.ui.paging import paged
from roadshow.ui.problems import lookback_view
from roadshow.ui.report import problems_table, street_report
from roadshow.ui.slides import deck_downloads, meeting_slides, stop_buttons
from roadshow.ui.widgets import ATTENTION_ROWS, attention_table, kpi_cards

REST = ("rest",)  # the slide of the streets summed

user = guard(__file__)
L = lang()
figures = Figures()
years = figures.plan_years()
meetings = figures.meetings(years[0]) if years else pd.DataFrame()
if meetings.empty:
    st.title(t("meeting.title", L))
    st.info(t("meeting.none", L))
    st.stop()

titles = dict(zip(meetings["id"], meetings["title"]))
top = st.columns([3, 1, 1], vertical_alignment="bottom")
meeting_id = url_choice(top[0], t("meeting.pick", L), titles, "meeting", format_func=lambda i: titles[i],
                        index=len(titles) - 1)
present = top[2].toggle(t("meeting.present", L), key="present", bind="query-params")
places = place_bar(figures, L, user, streets=False)  # a city's or province's: which of its places meets
meeting = meetings.set_index("id").loc[meeting_id]
year, held_on = years[0], meeting["held_on"]
ranking = ranked(figures.grouped(year, held_on, "street", places))  # the streets with projects
choices = in_scope(figures.places(), places)["street"].tolist()  # the place chosen's streets
with_projects = set(ranking["street"])
in_order = [s for s in choices if s in with_projects]
rest = None
if len(in_order) > 2 * charts.TOP_N + 1:  # the same rule as the charts: best and worst ten, the rest summed
    capped = charts.capped_ranking(ranking, "street", L)
    rest = capped[capped["members"] > 1].iloc[0]
    in_order = [REST if n > 1 else name for name, n in zip(capped["street"], capped["members"])]
agenda = meeting["agenda"].split(roadshows.AGENDA_SEPARATOR) if pd.notna(meeting["agenda"]) else in_order
in_place = set(choices)
agenda = [a for a in agenda if a == REST or a in in_place]

deck = None if present else meeting_slides(figures.url, figures.version, L, year, int(meeting_id))
if deck:  # full screen shows the slide alone
    with st.expander(t("slides.deck", L)):
        deck_downloads(deck, f"{meeting_id}:{figures.version}:{L}", L)

slides = ["lookback", "summary", *agenda, "next"]
key = f"slide:{meeting_id}"
st.session_state[key] = min(st.session_state.get(key, 0), len(slides) - 1)


def step(by: int) -> None:
    st.session_state[key] = max(0, min(len(slides) - 1, st.session_state[key] + by))


current = st.session_state[key]
nav = st.columns([1, 1, 1], vertical_alignment="center")
nav[0].button(t("meeting.previous", L), on_click=step, args=(-1,), disabled=current == 0, width="stretch")
nav[1].markdown(f"<div style='text-align:center;font-size:1.6rem'>{t('meeting.counter', L, n=current + 1, total=len(slides))}</div>",
                unsafe_allow_html=True)
nav[2].button(t("meeting.next", L), on_click=step, args=(1,), disabled=current == len(slides) - 1, type="primary",
              width="stretch")

# large type, readable from the back of a room; full screen hides the app's frame
st.html("<style>[data-testid=stMain] p, [data-testid=stMain] li {font-size: 1.3rem}"
        "[data-testid=stMain] [data-testid=stMetricValue] div, [data-testid=stMain] [data-testid=stMetricValue] p"
        " {font-size: 3.2rem !important; line-height: 1.2}"
        "[data-testid=stMain] [data-testid=stMetricLabel] p {font-size: 1.4rem !important}"
        "[data-testid=stMain] h1 {font-size: 2.8rem}"
        + ("[data-testid=stSidebar], [data-testid=stHeader] {display: none}" if present else "") + "</style>")

slide = slides[current]
if deck:
    stop_buttons(deck, slide, L)
previous = figures.previous_meeting(year, held_on)
if slide == "lookback":  # the meeting opens by looking back at the last one's problems
    st.title(t("lookback.title", L))
    st.caption(md(f"{meeting['title']} · {held_on.isoformat()}"))
    lookback_view(figures, {"id": meeting_id, "plan_year": year, "held_on": held_on}, L, key=f"lookback:{meeting_id}")
elif slide == "summary":
    st.title(md(meeting["title"]))
    st.caption(t("meeting.as_of", L, day=held_on.isoformat()))
    d = figures.district(year, held_on, places)
    kpi_cards(d, figures.district(year, previous[0], places) if previous else None, None, L)
    level = ranking_level(figures.places(), places)
    figure = charts.street_rates(figures.grouped(year, held_on, level, places), d, L, level)
    st.plotly_chart(figure.update_layout(font_size=18), theme=None)
    lights_by_street(figures, year, held_on, places, L)
elif slide == "next":
    st.title(t("meeting.next_steps", L))
    st.subheader(t("meeting.open_problems", L))
    problems = figures.follow_up_list(year, held_on, places)
    problems = problems[problems["status"] != "resolved"].sort_values("deadline")
    problems_table(paged(problems, "open", L, ("street", "name", "description"), t("meeting.problem_hint", L)), L,
                   problem_lights(figures, year, held_on))
    st.subheader(t("meeting.late_projects", L))
    late = figures.attention_counts(year, held_on, places)["late_start"]
    if late > ATTENTION_ROWS:
        st.caption(t("meeting.late_longest", L, count=late, rows=ATTENTION_ROWS))
    attention = figures.needs_attention(year, held_on, places, limit=ATTENTION_ROWS)
    attention_table(attention[attention["kind"] == "late_start"], L)
elif slide == REST:
    st.title(t("meeting.rest", L, n=current - 1, count=int(rest["members"])))
    kpi_cards(rest.to_dict(), None, None, L)
    others = ranking.iloc[charts.TOP_N:len(ranking) - charts.TOP_N]
    page = paged(others, "rest", L, ("street",), t("ranking.search_hint", L))
    st.dataframe(pd.DataFrame({t("streets.rank", L): page["rank"], t("field.street", L): page["street"],
                               t("kpi.started", L): page["started"],
                               t("kpi.resumption_rate", L): [fmt_rate(None if pd.isna(v) else v)
                                                             for v in page["resumption_rate"]]}), hide_index=True)
else:
    st.title(t("meeting.street", L, n=current - 1, street=md(slide)))
    street_report(figures, year, held_on, slide, places, L, compact=True)
