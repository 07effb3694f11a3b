"""Roadshow (路演): entry point — page config, language, sign-in and each role's pages."""
import streamlit as st

from roadshow import hierarchy
from roadshow.i18n import t
from roadshow.ui.access import PAGES, SECTIONS, nav_title
from roadshow.ui.common import Figures, lang, language_switch, md
from roadshow.ui.errors import show_unexpected
from roadshow.ui.session import actor, sign_out

st.set_page_config(page_title="路演 Roadshow", page_icon="📊", layout="wide")
language_switch()
L = lang()
user = actor()
home = hierarchy.home(Figures().places())
st.sidebar.caption(t("app.title", L, place=home) if home else t("app.title_plain", L))
# Every page is registered for everybody, so a page's URL never changes with who opens it: a
# bookmarked or shared link (page and query) opens as it was once the user has signed in, and
# a role sees only its own pages in the menu, in sections, all of them (expanded: none behind
# "View more").
pages = {p.file: st.Page(p.file, title=nav_title(p, user, L), icon=p.icon,
                         visibility="visible" if user is not None and user.role in p.roles else "hidden")
         for p in PAGES}
menu = {t(f"nav.section.{section}", L): [pages[p.file] for p in PAGES if p.section == section]
        for section in SECTIONS}
page = st.navigation(menu, position="hidden" if user is None else "sidebar", expanded=True)
if user is not None and user.role not in next(p.roles for p in PAGES if pages[p.file].url_path == page.url_path):
    st.switch_page(pages[next(p.file for p in PAGES if user.role in p.roles)])  # e.g. the admin at /
if user is not None:
    st.sidebar.write(md(t("app.signed_in_as", L, name=user.display_name, role=t(f"role.{user.role}", L))))
    if st.sidebar.button(t("app.sign_out", L)):
        sign_out()
        st.rerun()
try:
    page.run()
except Exception as error:  # Streamlit's stop and rerun are not Exceptions: they pass
    show_unexpected(error)
