"""我的账号: everybody changes their own password here (all their sessions then end)."""
import streamlit as st

from roadshow import accounts
from roadshow.auth import AuthError
from roadshow.i18n import t
from roadshow.ui.access import guard
from roadshow.ui.common import engine, lang, md, refusal

user = guard(__file__)
L = lang()
st.title(t("account.title", L))
st.write(md(t("app.signed_in_as", L, name=user.display_name, role=t(f"role.{user.role}", L)) + f" · {user.username}"))
with st.form("password", clear_on_submit=True):
    st.markdown("**" + t("account.change_password", L) + "**")
    current = st.text_input(t("account.current", L), type="password", autocomplete="current-password")
    new = st.text_input(t("account.new", L), type="password", autocomplete="new-password")
    again = st.text_input(t("account.repeat", L), type="password", autocomplete="new-password")
    if st.form_submit_button(t("account.save", L), type="primary"):
        if new != again:
            st.error(t("account.mismatch", L))
        else:
            try:
                accounts.set_password(user, user.username, new, current, engine())
            except AuthError as error:
                st.error(refusal(error, L))
            else:
                st.session_state["signin_notice"] = t("auth.password_changed", L)
                st.rerun()
