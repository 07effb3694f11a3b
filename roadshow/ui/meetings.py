"""The dispatch office's meeting forms: a new roadshow, its speaking order, and recording the
problems raised during it (street → project → the problem, fast enough to keep up with the room)."""
from __future__ import annotations

from datetime import timedelta

import pandas as pd
import streamlit as st

from .. import meetings, problems, queries
from ..auth import Actor
from ..codes import ProblemType
from ..i18n import fmt_date, fmt_when, label, t
from ..metrics import Filters
from ..services import Refused
from ..settings import today
from .common import Figures, engine, md, refusal
from .problems import FLASH

DEFAULT_DAYS = 30  # a new problem's deadline, unless the room agrees another


def new_meeting_form(user: Actor, figures: Figures, L: str) -> None:
    day = today()
    quarter = meetings.quarter_of(day)
    years = sorted({*figures.plan_years(), day.year}, reverse=True)
    with st.form("new_meeting"):
        left, middle, right = st.columns(3)
        held_on = left.date_input(t("meetings.held_on", L), value=day, format="YYYY-MM-DD")
        year = middle.selectbox(t("meetings.plan_year", L), years)
        quarter = right.selectbox(t("meetings.quarter", L), [1, 2, 3, 4], index=quarter - 1,
                                  format_func=lambda q: label("quarter", str(q), L))
        title = st.text_input(t("meetings.title_field", L), value=t(
            "meetings.default_title", L, year=day.year, quarter=label("quarter", str(meetings.quarter_of(day)), L)))
        venue = st.text_input(t("meetings.venue", L))
        submitted = st.form_submit_button(t("meetings.create", L), type="primary")
    if submitted:
        try:
            meeting_id = meetings.create_meeting(user, year, held_on, title, quarter, venue, engine())
        except Refused as refused:
            st.error(refusal(refused, L))
        else:
            st.session_state[FLASH] = t("meetings.created", L, title=md(title.strip()))
            st.session_state["meeting"] = meeting_id
            st.rerun()


def agenda_form(user: Actor, figures: Figures, meeting, L: str) -> None:
    """The streets' speaking order (汇报顺序): the agenda meeting mode follows."""
    names = figures.street_names()
    agenda = meeting["agenda"].split(meetings.AGENDA_SEPARATOR) if pd.notna(meeting["agenda"]) else []
    closed = pd.notna(meeting["closed_at"])
    order = st.multiselect(t("meeting.agenda_hint", L), names, default=agenda, key=f"agenda:{meeting['id']}",
                           disabled=closed)
    if st.button(t("meeting.save_agenda", L), disabled=closed, key=f"save_agenda:{meeting['id']}"):
        try:
            meetings.set_agenda(user, int(meeting["id"]), order, engine())
        except Refused as refused:
            st.error(refusal(refused, L))
        else:
            st.session_state[FLASH] = t("meeting.saved", L)
            st.rerun()


def raise_form(user: Actor, figures: Figures, meeting, L: str) -> None:
    """Record a problem raised at the meeting: street (in the agenda's order) → project → the problem."""
    mid, year = int(meeting["id"]), int(meeting["plan_year"])
    names = figures.street_names()
    agenda = meeting["agenda"].split(meetings.AGENDA_SEPARATOR) if pd.notna(meeting["agenda"]) else []
    streets = [s for s in agenda if s in names] + [s for s in names if s not in agenda]
    left, right = st.columns([1, 2])
    street = left.selectbox(t("problem.street", L), streets, key=f"raise_street:{mid}")
    ledger = figures.ledger(year, meetings.lookback_day(meeting["held_on"], today()), Filters(streets=(street,)))
    if ledger.empty:
        right.info(t("problem.no_projects", L))
        return
    projects = dict(zip(ledger["id"], ledger["name"] + "（" + ledger["code"] + "）"))
    project_id = right.selectbox(t("problem.project", L), list(projects), format_func=projects.get,
                                 key=f"raise_project:{mid}:{street}")
    leader = queries.project(engine(), int(project_id))["leader"] or ""
    units = figures.owner_units()
    generation = st.session_state.setdefault(f"raise_generation:{mid}", 0)  # a fresh form after each problem
    with st.form(f"raise:{mid}:{project_id}:{generation}"):
        description = st.text_area(t("problem.description", L), height=80)
        left, right = st.columns(2)
        problem_type = left.selectbox(t("problem.type", L), [p.value for p in ProblemType],
                                      format_func=lambda c: label("problem_type", c, L))
        owner = right.selectbox(t("problem.owner", L), units, index=None, accept_new_options=True,
                                placeholder=t("problem.owner_hint", L))
        left, right = st.columns(2)
        leader = left.text_input(t("problem.leader", L), value=leader)
        deadline = right.date_input(t("problem.deadline", L), format="YYYY-MM-DD",
                                    value=meeting["held_on"] + timedelta(days=DEFAULT_DAYS))
        measures = st.text_area(t("problem.measures", L), height=68)
        submitted = st.form_submit_button(t("problem.raise", L), type="primary", width="stretch")
    if submitted:
        try:
            problems.raise_problem(user, int(project_id), description, problem_type, owner or "", deadline, mid,
                                   leader, measures, engine())
        except Refused as refused:
            st.error(refusal(refused, L))
        else:
            st.session_state[f"raise_generation:{mid}"] += 1
            st.session_state[FLASH] = t("problem.raised", L, description=md(description.strip()))
            st.rerun()


def meeting_state(meeting, L: str, who) -> None:
    """Whether problems can be recorded against the meeting now."""
    if pd.notna(meeting["closed_at"]):
        st.info(md(t("meetings.is_closed", L, when=fmt_when(meeting["closed_at"]), who=who(meeting["closed_by"]))))
    elif meeting["held_on"] > today():
        st.info(t("meetings.ahead", L, day=fmt_date(meeting["held_on"])))
    else:
        st.caption(t("meetings.is_open", L))


def close_form(user: Actor, meeting, L: str) -> None:
    """Close a meeting that has been held: asked twice, as it cannot be undone."""
    if pd.notna(meeting["closed_at"]) or meeting["held_on"] > today():
        return
    with st.container(border=True):
        confirmed = st.checkbox(t("meetings.confirm_close", L), key=f"confirm_close:{meeting['id']}")
        if st.button(t("meetings.close", L), disabled=not confirmed, key=f"close:{meeting['id']}"):
            try:
                meetings.close_meeting(user, int(meeting["id"]), engine())
            except Refused as refused:
                st.error(refusal(refused, L))
            else:
                st.session_state[FLASH] = t("meetings.closed_done", L)
                st.rerun()
