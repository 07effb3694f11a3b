"""Roadshow (路演): entry point — page config, language, sign-in and each role's pages."""
import streamlit as st

from roadshow.codes import Role
from roadshow.i18n import t
from roadshow.ui.common import lang, language_switch
from roadshow.ui.session import actor, sign_out

st.set_page_config(page_title="路演 Roadshow", page_icon="📊", layout="wide")
language_switch()
L = lang()
user = actor()
st.sidebar.caption(t("app.title", L))
if user is None:
    page = st.navigation([st.Page("pages/sign_in.py", title=t("nav.sign_in", L), icon=":material/login:")])
else:
    pages = [st.Page("pages/overview.py", title=t("nav.overview", L), icon=":material/dashboard:", default=True),
             st.Page("pages/project.py", title=t("nav.project", L), icon=":material/description:")]
    if user.role in (Role.street, Role.dispatcher):
        pages.insert(1, st.Page("pages/my_projects.py", title=t("nav.my_projects", L), icon=":material/edit_note:"))
    page = st.navigation(pages)
    st.sidebar.write(t("app.signed_in_as", L, name=user.display_name, role=t(f"role.{user.role}", L)))
    if st.sidebar.button(t("app.sign_out", L)):
        sign_out()
        st.rerun()
page.run()
