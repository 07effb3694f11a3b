"""登录: the only page before sign-in."""
import streamlit as st

from roadshow.i18n import t
from roadshow.ui.common import lang
from roadshow.ui.session import sign_in

L = lang()
st.title(t("signin.title", L))
if st.session_state.get("expired"):
    st.info(t("auth.expired", L))
with st.form("sign_in"):
    username = st.text_input(t("signin.username", L), autocomplete="username")
    password = st.text_input(t("signin.password", L), type="password", autocomplete="current-password")
    submitted = st.form_submit_button(t("signin.submit", L), type="primary")
if submitted:
    refused = sign_in(username, password)
    if refused is None:
        st.rerun()
    st.error(t(refused.key, L, **refused.params))
