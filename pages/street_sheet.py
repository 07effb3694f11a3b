"""街道填报表: a street official downloads the street's projects as a sheet, fills it in and uploads it
(a district official for any street of the district, the dispatch office for any street)."""
import pandas as pd
import streamlit as st

from roadshow import queries, services
from roadshow.codes import Role
from roadshow.exchange import street_sheets
from roadshow.exchange.reading import FileRefused
from roadshow.i18n import fmt_value, fmt_when, t
from roadshow.metrics import latest_plan_year
from roadshow.ui.access import guard
from roadshow.ui.common import Figures, engine, lang, md, refusal
from roadshow.ui.editing import show_conflict
from roadshow.ui.exchange import MIME, change_text, errors_table, notices

user = guard(__file__)
L = lang()
st.title(t("sheet.title", L))
st.caption(t("sheet.intro", L))
streets = dict(queries.streets(engine()))
if user.role == Role.street and user.street_id is not None:
    street_id = user.street_id
    st.subheader(md(streets[street_id] + "街道"))
else:  # the dispatch office picks any street, a district official one of the district's
    places = Figures().places()
    mine = places[places["district_id"] == user.district_id] if user.role == Role.street else places
    names = dict(zip(mine["street"], map(int, mine["street_id"])))
    street_id = names[st.selectbox(t("my.street", L), list(names), key="street", bind="query-params")]
year = latest_plan_year(engine())
if year is None:
    st.info(t("my.no_projects", L))
    st.stop()
st.download_button(t("sheet.download", L), data=lambda: street_sheets.sheet_xlsx(user, street_id, year, engine()),
                   file_name=f"{streets[street_id]}街道-{year}-填报表.xlsx", mime=MIME["xlsx"], type="primary",
                   icon=":material/download:", on_click="ignore")
if done := st.session_state.pop("sheet_done", None):
    st.success(done)
generation = st.session_state.setdefault("sheet_generation", 0)
uploaded = st.file_uploader(t("sheet.upload", L), type=["xlsx", "csv"], key=f"sheet_file:{generation}")
if uploaded is None:
    st.stop()

key = (uploaded.file_id, L, street_id)
if st.session_state.get("sheet_preview", (None,))[0] != key:
    try:
        st.session_state["sheet_preview"] = (key, street_sheets.preview_sheet(user, uploaded.getvalue(), uploaded.name,
                                                                             L, engine()))
    except FileRefused as refused:
        st.error(md(str(refused)))
        st.stop()
preview = st.session_state["sheet_preview"][1]
notices(preview.notices)
if preview.errors:
    errors_table(preview.errors, L, "sheet")
if preview.conflicts:
    st.error(t("sheet.conflicts_title", L))
    who = Figures().people()
    for conflict in preview.conflicts:
        st.markdown(md(f"{t('col.row', L)} {conflict.row} · {conflict.code} · {conflict.name}"))
        st.dataframe(pd.DataFrame({
            t("history.field", L): [t(f"field.{f}", L) for f in conflict.current],
            t("sheet.current", L): [fmt_value(f, v, L) for f, v in conflict.current.items()]}), hide_index=True)
        st.caption(md(t("sheet.changed_by", L) + "：" + "；".join(
            f"{fmt_when(h.changed_at)} {who(h.changed_by)} {t(f'field.{h.field}', L)} "
            f"{fmt_value(h.field, h.old_value, L)} → {fmt_value(h.field, h.new_value, L)}" for h in conflict.since)))
if preview.edits:
    st.markdown("#### " + t("sheet.edits_title" if preview.ok else "sheet.edits_once_fixed", L))
    st.dataframe(pd.DataFrame({t("col.row", L): [e.row for e in preview.edits],
                               t("field.code", L): [e.code for e in preview.edits],
                               t("field.name", L): [e.name for e in preview.edits],
                               t("col.changes", L): [change_text(e.fields, L) for e in preview.edits]}),
                 hide_index=True)
elif preview.ok:
    st.info(t("sheet.nothing", L))
if preview.ok and preview.edits and st.button(t("sheet.confirm", L, count=len(preview.edits)), type="primary"):
    note = t("sheet.history_note", "zh", actor=user.display_name or user.username, name=preview.file_name[:200])
    try:
        count = street_sheets.commit_sheet(user, preview, note, engine())
    except services.Conflict as conflict:  # saved by someone else between the preview and this click
        st.session_state.pop("sheet_preview", None)
        edit = next(e for e in preview.edits if e.project_id == conflict.project_id)
        show_conflict(conflict.project_id, edit.version, L)
    except services.Invalid as invalid:
        for f, bad in invalid.problems.items():
            st.error(md(f"{t(f'field.{f}', L)}：{refusal(bad, L)}"))
    except services.Refused as refused:
        st.error(refusal(refused, L))
    else:
        st.session_state.pop("sheet_preview", None)
        st.session_state["sheet_generation"] += 1
        st.session_state["sheet_done"] = t("sheet.saved", L, count=count)
        st.rerun()
