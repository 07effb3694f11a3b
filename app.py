"""Roadshow (路演): entry point — page config, language, sign-in and each role's pages."""
import streamlit as st

from roadshow.codes import Role
from roadshow.i18n import t
from roadshow.ui.common import lang, language_switch
from roadshow.ui.session import actor, sign_in_form, sign_out

st.set_page_config(page_title="路演 Roadshow", page_icon="📊", layout="wide")
language_switch()
L = lang()
user = actor()
st.sidebar.caption(t("app.title", L))
pages = [st.Page("views/overview.py", title=t("nav.overview", L), icon=":material/dashboard:", default=True),
         st.Page("views/streets.py", title=t("nav.streets", L), icon=":material/leaderboard:"),
         st.Page("views/ledger.py", title=t("nav.ledger", L), icon=":material/table_view:"),
         st.Page("views/meeting.py", title=t("nav.meeting", L), icon=":material/co_present:")]
if user is None or user.role in (Role.street, Role.dispatcher):
    pages.insert(1, st.Page("views/my_projects.py", title=t("nav.my_projects", L), icon=":material/edit_note:"))
if user is None:
    # every page answers with the sign-in form, so a bookmarked or shared link (its page and
    # query parameters) opens as it was once the user has signed in
    st.navigation(pages, position="hidden")
    sign_in_form(L)
else:
    page = st.navigation(pages)
    st.sidebar.write(t("app.signed_in_as", L, name=user.display_name, role=t(f"role.{user.role}", L)))
    if st.sidebar.button(t("app.sign_out", L)):
        sign_out()
        st.rerun()
    page.run()
