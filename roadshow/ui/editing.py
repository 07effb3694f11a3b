"""The street official's two ways to keep projects current: a quick status form per
project and a bulk edit of the street's ledger. Both keep the version the user
loaded, so a save against a newer version is refused instead of overwriting it."""
from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from .. import queries, services
from ..auth import Actor
from ..i18n import fmt_value, fmt_when, label, t
from ..services import Conflict, Invalid, Refused
from .common import Figures, engine, md, refusal, url_choice

FORM_FIELDS = ("start_date", "completed_wan", "suspended", "suspension_reason")


def _text(value) -> str:
    """A stored value as a text box holds it: money exact (never a float), a date as 2018-03-31."""
    return "" if pd.isna(value) else value.isoformat() if isinstance(value, date) else str(value)


def _clean(value):
    """A cell of the data editor as the service expects it (a cleared cell -> None)."""
    return None if value is None or (not isinstance(value, str) and pd.isna(value)) else value


def show_conflict(project_id: int, version: int, L: str) -> None:
    """What the other person changed since `version`, and the project's current values."""
    st.error(t("service.conflict", L))
    others = services.changes_since(project_id, version, engine())
    who = Figures().people()
    if others:
        st.dataframe(pd.DataFrame([{
            t("history.when", L): fmt_when(h.changed_at), t("history.who", L): who(h.changed_by),
            t("history.field", L): t(f"field.{h.field}", L), t("history.old", L): fmt_value(h.field, h.old_value, L),
            t("history.new", L): fmt_value(h.field, h.new_value, L)} for h in others]), hide_index=True)
    current = queries.project(engine(), project_id)
    st.caption(md(t("my.current_values", L) + "：" + "，".join(
        f"{t(f'field.{f}', L)} {fmt_value(f, current[f], L)}" for f in FORM_FIELDS)))


def quick_update(user: Actor, projects: pd.DataFrame, plan_year: int, L: str) -> None:
    names = dict(zip(projects["code"], projects["name"]))
    code = url_choice(st, t("my.project", L), names, "edit", format_func=lambda c: f"{names[c]}（{c}）")
    if code is None:
        return
    pid = int(projects.loc[projects["code"] == code, "id"].iloc[0])
    # widget keys carry a generation that grows with each save, so the form starts afresh from the saved values
    generation = st.session_state.setdefault(f"generation:{pid}", 0)
    loaded_key, keys = f"loaded:{pid}", {f: f"{f}:{pid}:{generation}" for f in (*FORM_FIELDS, "note")}
    if loaded_key not in st.session_state:
        st.session_state[loaded_key] = queries.project(engine(), pid)
    loaded = st.session_state[loaded_key]
    st.caption(md(t("my.last_updated", L, who=Figures().people()(loaded["updated_by"]),
                    when=fmt_when(loaded["updated_at"]))))
    errors = st.session_state.pop(f"errors:{pid}", {})
    if errors:
        st.error(t("service.invalid", L))

    def error_for(name):  # the service's refusal, beside the field it concerns
        if name in errors:
            st.markdown(f":red[{md(errors[name])}]")

    # money and dates are text the service parses: exact (no float) and refused in the user's language
    initial = {"start_date": _text(loaded["start_date"]), "completed_wan": _text(loaded["completed_wan"]),
               "suspended": loaded["suspended"], "suspension_reason": loaded["suspension_reason"] or ""}
    with st.form(f"status:{pid}"):
        start = st.text_input(t("field.start_date", L), value=initial["start_date"], key=keys["start_date"],
                              placeholder=t("my.date_hint", L, year=plan_year))
        error_for("start_date")
        completed = st.text_input(t("field.completed_wan", L), value=initial["completed_wan"],
                                  key=keys["completed_wan"])
        error_for("completed_wan")
        suspended = st.checkbox(t("field.suspended", L), value=initial["suspended"], key=keys["suspended"])
        reason = st.text_input(t("field.suspension_reason", L), value=initial["suspension_reason"],
                               key=keys["suspension_reason"])
        error_for("suspension_reason")
        note = st.text_area(t("field.progress", L), key=keys["note"], height=80)
        submitted = st.form_submit_button(t("my.save", L), type="primary", width="stretch")
    if submitted:
        wanted = {"start_date": start, "completed_wan": completed, "suspended": suspended,
                  "suspension_reason": reason}
        changes = {k: v for k, v in wanted.items() if v != initial[k]}
        try:
            saved = services.update_project(user, pid, loaded["version"], changes, note.strip() or None, engine())
        except Conflict:
            st.session_state[f"conflict:{pid}"] = (loaded["version"], wanted)
        except Invalid as invalid:
            st.session_state[f"errors:{pid}"] = {f: refusal(b, L) for f, b in invalid.problems.items()}
            st.rerun()
        except Refused as refused:
            st.error(refusal(refused, L))
        else:
            del st.session_state[loaded_key]
            st.session_state[f"generation:{pid}"] += 1
            st.session_state["saved"] = t("my.saved" if saved else "my.nothing_changed", L)
            st.rerun()
    if f"conflict:{pid}" in st.session_state:
        version, wanted = st.session_state[f"conflict:{pid}"]
        show_conflict(pid, version, L)
        if st.button(t("my.reapply", L), key=f"reapply:{pid}"):
            # load the current version and put the user's values back into the form
            st.session_state[loaded_key] = queries.project(engine(), pid)
            for name, value in wanted.items():
                st.session_state[keys[name]] = value
            del st.session_state[f"conflict:{pid}"]
            st.rerun()


def bulk_edit(user: Actor, street_id: int, plan_year: int, L: str) -> None:
    """The street's ledger in a data editor; saving sends only the changed cells."""
    snapshot_key, editor_key = f"bulk:{street_id}:{plan_year}", f"editor:{street_id}:{plan_year}"
    if snapshot_key not in st.session_state:
        st.session_state[snapshot_key] = queries.street_projects(engine(), street_id, plan_year)
    loaded = st.session_state[snapshot_key]
    view = loaded[["code", "name", "stage", *FORM_FIELDS]].copy()
    view["stage"] = [label("stage", s, L) for s in view["stage"]]
    # money and dates as text the service parses and checks (exact, refused in the user's language);
    # an empty cell is "" rather than None, which the editor would show as "None"
    for name in ("start_date", "completed_wan", "suspension_reason"):
        view[name] = [_text(v) for v in view[name]]
    edited = st.data_editor(
        view, key=editor_key, hide_index=True, num_rows="fixed", disabled=["code", "name", "stage"],
        column_config={
            "code": st.column_config.TextColumn(t("field.code", L)),
            "name": st.column_config.TextColumn(t("field.name", L)),
            "stage": st.column_config.TextColumn(t("field.stage", L)),
            "start_date": st.column_config.TextColumn(t("field.start_date", L)),
            "completed_wan": st.column_config.TextColumn(t("field.completed_wan", L)),
            "suspended": st.column_config.CheckboxColumn(t("field.suspended", L)),
            "suspension_reason": st.column_config.TextColumn(t("field.suspension_reason", L)),
        })
    edits = []
    for i in range(len(view)):
        changes = {f: _clean(edited[f].iloc[i]) for f in FORM_FIELDS
                   if _clean(edited[f].iloc[i]) != _clean(view[f].iloc[i])}
        if changes:
            edits.append((int(loaded["id"].iloc[i]), int(loaded["version"].iloc[i]), changes))
    left, right = st.columns(2)
    if left.button(t("my.save_bulk", L, count=len(edits)), type="primary", disabled=not edits, key="bulk_save"):
        try:
            count = services.update_projects(user, edits, engine())
        except Conflict as conflict:
            version = int(loaded.loc[loaded["id"] == conflict.project_id, "version"].iloc[0])
            show_conflict(conflict.project_id, version, L)
            st.info(t("my.bulk_reload_hint", L))
        except Invalid as invalid:
            code = loaded.loc[loaded["id"] == invalid.project_id, "code"].iloc[0]
            for f, bad in invalid.problems.items():
                st.error(md(f"{code} · {t(f'field.{f}', L)}：{refusal(bad, L)}"))
        except Refused as refused:
            st.error(refusal(refused, L))
        else:
            for key in (snapshot_key, editor_key):
                st.session_state.pop(key, None)
            st.session_state["saved"] = t("my.saved_bulk", L, count=count)
            st.rerun()
    if right.button(t("my.reload", L), key="bulk_reload"):
        for key in (snapshot_key, editor_key):
            st.session_state.pop(key, None)
        st.rerun()
