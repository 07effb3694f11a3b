"""Problems on the pages: a list as a table, one problem's record and the steps the user may take
on it (问题跟踪), and the 回头看 list of a meeting (the meetings page and meeting mode)."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pandas as pd
import streamlit as st

from .. import meetings, problems, queries
from ..auth import Actor
from ..codes import DispatchLevel, FollowUpAction, IssueStatus, Role
from ..i18n import fmt_date, label, t
from ..services import Refused
from ..settings import today
from .common import Figures, engine, md, refusal
from .lights import light_style, light_text, problem_lights
from .paging import paged
from .widgets import issue_status_colour, issue_status_text

FLASH = "problem_flash"  # a success message shown at the top of the next run


def show_flash() -> None:
    """The last write's success message, in a slot that is there on every run (so the elements below
    keep their places and a tab stays open)."""
    slot = st.container()
    if message := st.session_state.pop(FLASH, None):
        slot.success(message)


def problems_view(rows: pd.DataFrame, L: str, who: Callable[[str], str],
                  lights: dict[int, str] | None = None) -> pd.DataFrame:
    """The labelled table of a problem list (its status marked overdue where it is); with `lights`
    (id → warning light), each problem's light first."""
    return pd.DataFrame({
        **({t("lights.light", L): [light_text(lights.get(i), L) for i in rows["id"]]} if lights is not None else {}),
        t("field.street", L): rows["street"],
        t("field.name", L): rows["name"],
        t("issue.description", L): rows["description"],
        t("problem.type", L): [label("problem_type", c, L) for c in rows["problem_type"]],
        t("problem.owner", L): rows["owner_unit"],
        t("problem.leader", L): rows["leader"].fillna("—"),
        t("problem.raised_on", L): [fmt_date(d) for d in rows["raised_on"]],
        t("issue.deadline", L): [fmt_date(d) for d in rows["deadline"]],
        t("issue.status", L): [issue_status_text(s, o, L) for s, o in zip(rows["status"], rows["overdue"])],
        t("problem.days_open", L): rows["days_open"],
        t("problem.latest", L): problems.latest_texts(rows, L, who),
    })


def problems_table(rows: pd.DataFrame, L: str, who: Callable[[str], str], key: str | None = None,
                   on_select=None, lights: dict[int, str] | None = None) -> None:
    view = problems_view(rows, L, who, lights)
    status = t("issue.status", L)
    styled = view.style.map(lambda v: issue_status_colour(v.split(" · ")[0], L), subset=[status])
    if lights is not None:
        styled = styled.map(lambda v: light_style(v, L), subset=[t("lights.light", L)])
    extra = {"key": key, "on_select": on_select, "selection_mode": "single-row"} if on_select else {}
    st.dataframe(styled, hide_index=True, width="stretch", height=min(560, 38 + 35 * len(view)), **extra)


def record(issue_id: int, L: str, who: Callable[[str], str], until: date | None = None) -> None:
    """A problem's record (跟踪记录), oldest first, up to a day."""
    steps = queries.follow_ups(engine(), [issue_id])
    if until is not None:
        steps = steps[steps["held_on"] <= until]
    if steps.empty:
        st.caption(t("problem.no_history", L))
    for s in steps.itertuples():
        st.markdown(f"- {md(problems.step_text(s.held_on, s.level, s.action, s.note, s.new_deadline, L))} "
                    f":gray[{md(who(s.recorded_by))}]")


def problem_facts(row, L: str, who: Callable[[str], str]) -> None:
    """What was raised, by whom, owned by whom, until when, and where it stands."""
    st.markdown(f"**{md(row['name'])}**（{md(row['code'])}） · {md(row['street'])}街道")
    st.markdown(md(row["description"]))
    deadline = fmt_date(row["deadline"])
    if pd.notna(row["first_deadline"]) and row["first_deadline"] != row["deadline"]:
        deadline += f"（{t('problem.first_deadline', L, day=fmt_date(row['first_deadline']))}）"
    facts = [(t("issue.status", L), issue_status_text(row["status"], row["overdue"], L)),
             (t("problem.type", L), label("problem_type", row["problem_type"], L)),
             (t("problem.owner", L), row["owner_unit"]), (t("problem.leader", L), row["leader"] or "—"),
             (t("problem.measures", L), row["measures"] or "—"), (t("problem.deadline", L), deadline),
             (t("problem.raised_on", L), t("problem.raised_at", L, day=fmt_date(row["raised_on"]),
                                            by=who(row["raised_by"])))]
    st.markdown("\n".join(f"- **{name}**：{md(value)}" for name, value in facts))


def step_form(user: Actor, row, L: str) -> None:
    """The steps this user may take on the problem now, one form each (phone-sized: one column)."""
    actions = problems.steps_for(user, row["status"])
    if not actions:
        waiting = user.role == Role.street and row["status"] == IssueStatus.closure_requested
        closed = user.role == Role.street and row["status"] == IssueStatus.resolved
        st.info(t("problem.waiting_office" if waiting else "problem.closed_for_street" if closed
                  else "problem.view_only", L))
        return
    pid = int(row["id"])
    action = st.radio(t("problem.step", L), actions, format_func=lambda a: label("follow_up_action", a, L),
                      horizontal=True, key=f"step:{pid}")
    generation = st.session_state.setdefault(f"step_generation:{pid}", 0)  # a fresh form after each step
    with st.form(f"step:{pid}:{action}:{generation}"):
        level = st.selectbox(t("problem.level", L), [lv.value for lv in DispatchLevel],
                             format_func=lambda c: label("dispatch_level", c, L))
        new_deadline = None
        if action == FollowUpAction.extend:
            start = max(row["deadline"], today()) if pd.notna(row["deadline"]) else today()
            new_deadline = st.date_input(t("problem.new_deadline", L), value=start + timedelta(days=30),
                                         format="YYYY-MM-DD")
        note = st.text_area(t(f"problem.note.{action}", L), height=100,
                            value=t("problem.close_note", L) if action == FollowUpAction.close else "")
        submitted = st.form_submit_button(label("follow_up_action", action, L), type="primary", width="stretch")
    if submitted:
        try:
            problems.take_step(user, pid, action, level, note, new_deadline, engine())
        except Refused as refused:
            st.error(refusal(refused, L))
        else:
            st.session_state[f"step_generation:{pid}"] += 1
            st.session_state[FLASH] = t(f"problem.done.{action}", L)
            st.rerun()


def problem_panel(user: Actor, row, L: str, figures: Figures) -> None:
    who = figures.people()
    problem_facts(row, L, who)
    st.markdown("#### " + t("problem.history", L))
    record(int(row["id"]), L, who)
    step_form(user, row, L)


def _choose(box, key: str, field: str, options, L: str, format_func=str) -> list:
    return box.multiselect(t(f"lookback.filter_{field}", L), options, key=f"{key}:{field}", format_func=format_func,
                           placeholder=t("filter.all", L))


def lookback_view(figures: Figures, meeting, L: str, key: str) -> None:
    """回头看 of a meeting: which problems, their counts by status, the list (filterable by street,
    unit, type and status; overdue first and marked; each with its warning light on the day), one
    problem's record, and the list as xlsx."""
    year, held_on = int(meeting["plan_year"]), meeting["held_on"]
    day = meetings.lookback_day(held_on, today())
    previous = figures.previous_meeting(year, held_on)
    st.caption(t("lookback.scope", L, previous=previous[0].isoformat(), day=day.isoformat()) if previous
               else t("lookback.scope_first", L, day=day.isoformat()))
    rows = figures.lookback(int(meeting["id"]), today())
    if rows.empty:
        st.info(t("lookback.empty", L))
        return
    boxes = st.columns(4)
    streets = _choose(boxes[0], key, "streets", list(dict.fromkeys(rows.sort_values("street_position")["street"])), L)
    units = _choose(boxes[1], key, "units", sorted(set(rows["owner_unit"])), L)
    types = _choose(boxes[2], key, "types", [c for c in problems.ProblemType if c in set(rows["problem_type"])], L,
                    lambda c: label("problem_type", c, L))
    statuses = _choose(boxes[3], key, "statuses", [c for c in IssueStatus if c in set(rows["status"])], L,
                       lambda c: label("issue_status", c, L))
    for column, chosen in (("street", streets), ("owner_unit", units), ("problem_type", types), ("status", statuses)):
        if chosen:
            rows = rows[rows[column].isin(chosen)]
    counts = rows["status"].value_counts()
    st.markdown("**" + t("lookback.counts", L, total=len(rows), overdue=int(rows["overdue"].sum()),
                         **{s.value: int(counts.get(s.value, 0)) for s in IssueStatus}) + "**")
    who = figures.people()
    # a city's 回头看 holds thousands: a page at a time, searchable (the counts and the xlsx are the whole list)
    page = paged(rows, f"{key}:list", L, ("street", "name", "description", "owner_unit"), t("meeting.problem_hint", L))
    problems_table(page, L, who, lights=problem_lights(figures, year, day, shown=page))
    st.download_button(t("lookback.download", L), key=f"{key}:download", icon=":material/download:",
                       data=lambda: meetings.lookback_workbook(rows, L, who),
                       file_name=f"{t('lookback.file', L)}-{held_on.isoformat()}.xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    titles = {int(i): f"{name} · {description}" for i, name, description in
              zip(page["id"], page["name"], page["description"])}
    chosen = st.selectbox(t("lookback.history_pick", L), list(titles), format_func=lambda i: titles[i], index=None,
                          key=f"{key}:record", placeholder=t("lookback.history_pick", L))
    if chosen is not None:
        record(chosen, L, who, until=day)
