"""Roadshow (路演): entry point — page config, language switch, navigation."""
import streamlit as st

from roadshow.i18n import t
from roadshow.ui.common import lang, language_switch

st.set_page_config(page_title="路演 Roadshow", page_icon="📊", layout="wide")
language_switch()
st.sidebar.caption(t("app.title", lang()))
page = st.navigation([
    st.Page("pages/overview.py", title=t("nav.overview", lang()), icon=":material/dashboard:", default=True),
])
page.run()
