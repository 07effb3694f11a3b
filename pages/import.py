"""导入台账: the dispatch office uploads a ledger, sees what it would do and every bad row, and confirms."""
import pandas as pd
import streamlit as st

from roadshow import services
from roadshow.codes import STREET_SUFFIX
from roadshow.exchange.importing import Stale
from roadshow.exchange.reading import FileRefused
from roadshow.exchange.template import template_xlsx
from roadshow.hierarchy import several
from roadshow.i18n import fmt_wan, label, t
from roadshow.ui.access import guard
from roadshow.ui.common import Figures, engine, lang, md, refusal
from roadshow.ui.exchange import MIME, change_text, errors_table, notices

user = guard(__file__)
L = lang()
st.title(t("import.title", L))
st.caption(t("import.intro", L))
figures = Figures()
st.download_button(t("import.template", L),
                   data=lambda: template_xlsx(figures.street_names(), L, several(figures.places(), "district")),
                   file_name="项目台账导入模板.xlsx", mime=MIME["xlsx"], icon=":material/download:", on_click="ignore")
if done := st.session_state.pop("import_done", None):
    st.success(done)
generation = st.session_state.setdefault("import_generation", 0)  # a new uploader after each import
uploaded = st.file_uploader(t("import.upload", L), type=["xlsx", "csv"], key=f"import_file:{generation}")
if uploaded is None:
    st.stop()

key = (uploaded.file_id, L)
if st.session_state.get("import_preview", (None,))[0] != key:
    try:
        st.session_state["import_preview"] = (key, services.preview_import(user, uploaded.getvalue(), uploaded.name,
                                                                           L, engine()))
    except FileRefused as refused:
        st.error(md(str(refused)))
        st.stop()
preview = st.session_state["import_preview"][1]

st.subheader(md(t("import.preview_of", L, name=preview.file_name)
                + (f" · {t('import.sheet', L, sheet=preview.sheet)}" if preview.sheet else "")))
if stale := st.session_state.pop("import_stale", None):
    st.warning(md(stale))
notices(preview.notices)
if preview.ignored_columns:
    st.info(md(t("import.ignored_columns", L, columns="、".join(preview.ignored_columns))))
cards = st.columns(4)
cards[0].metric(t("import.to_add", L), len(preview.new), border=True)
cards[1].metric(t("import.to_change", L), len(preview.changed), border=True)
cards[2].metric(t("import.to_keep", L), preview.unchanged, border=True)
cards[3].metric(t("import.bad_rows", L), len({e.row for e in preview.errors}), border=True)
if preview.errors:
    errors_table(preview.errors, L, "import")
if preview.changed:
    st.markdown("#### " + t("import.changes_title", L))
    st.dataframe(pd.DataFrame({t("field.code", L): [c.code for c in preview.changed],
                               t("field.name", L): [c.name for c in preview.changed],
                               t("col.changes", L): [change_text(c.fields, L) for c in preview.changed]}),
                 hide_index=True, height=min(420, 38 + 35 * len(preview.changed)))
if preview.new:
    street_names = dict(Figures().streets())
    st.markdown("#### " + t("import.new_title", L))
    st.dataframe(pd.DataFrame({
        t("field.code", L): [p.get("code") or t("import.generated_code", L) for p in preview.new],
        t("field.name", L): [p.get("name") for p in preview.new],
        t("field.street", L): [street_names.get(p.get("street_id"), "") + STREET_SUFFIX for p in preview.new],
        t("field.stage", L): [label("stage", p["stage"], L) if p.get("stage") else "" for p in preview.new],
        t("field.total_investment_wan", L): [fmt_wan(p["total_investment_wan"]) for p in preview.new]}),
        hide_index=True, height=min(420, 38 + 35 * len(preview.new)))

left, right = st.columns(2)
if left.button(t("import.confirm", L), type="primary", disabled=not preview.ok or not (preview.new or preview.changed),
               width="stretch"):
    bar = st.progress(0.0, text=t("import.writing", L, done=0, total=len(preview.new) + len(preview.changed)))
    try:
        result = services.commit_import(user, preview, engine(), progress=lambda done, total: bar.progress(
            done / total, text=t("import.writing", L, done=done, total=total)))
    except Stale as stale:
        del st.session_state["import_preview"]  # made afresh from the current data on the rerun
        st.session_state["import_stale"] = t("import.stale", L, codes="、".join(stale.codes[:20])
                                             or t("import.stale_other", L))
        st.rerun()
    except services.Refused as refused:
        st.error(refusal(refused, L))
    else:
        st.session_state.pop("import_preview", None)
        st.session_state["import_generation"] += 1
        st.session_state["import_done"] = result.summary(L)
        st.rerun()
if right.button(t("import.cancel", L), width="stretch"):
    st.session_state.pop("import_preview", None)
    st.session_state["import_generation"] += 1
    st.rerun()
