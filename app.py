"""Roadshow (路演): entry point — page config, language, sign-in and each role's pages."""
import streamlit as st

from roadshow.i18n import t
from roadshow.ui.access import PAGES
from roadshow.ui.common import lang, language_switch, md
from roadshow.ui.errors import show_unexpected
from roadshow.ui.session import actor, sign_out

st.set_page_config(page_title="路演 Roadshow", page_icon="📊", layout="wide")
language_switch()
L = lang()
user = actor()
st.sidebar.caption(t("app.title", L))
# signed out, every page is registered (hidden) and answers with its guard's sign-in form, so a
# bookmarked or shared link (its page and query) opens as it was once the user has signed in
pages = [st.Page(p.file, title=t(p.title_key, L), icon=p.icon) for p in PAGES
         if user is None or user.role in p.roles]
page = st.navigation(pages, position="hidden" if user is None else "sidebar")
if user is not None:
    st.sidebar.write(md(t("app.signed_in_as", L, name=user.display_name, role=t(f"role.{user.role}", L))))
    if st.sidebar.button(t("app.sign_out", L)):
        sign_out()
        st.rerun()
try:
    page.run()
except Exception as error:  # Streamlit's stop and rerun are not Exceptions: they pass
    show_unexpected(error)
