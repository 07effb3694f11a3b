"""Who is signed in: sign-in, sign-out and the idle timeout, on Streamlit's session state.

Only the user name lives in the session; the role and street are re-read from the
database on every run, so a disabled account or a changed role takes effect at once.
"""
from __future__ import annotations

from datetime import datetime

import streamlit as st

from ..auth import Actor, AuthError, authenticate, current_actor, idle_timeout
from ..i18n import t
from ..models import utcnow
from .common import engine


def expired(last_seen: datetime | None, now: datetime) -> bool:
    return last_seen is not None and now - last_seen > idle_timeout()


def actor() -> Actor | None:
    """The signed-in actor, or None (never signed in, signed out, idle too long, or disabled)."""
    username = st.session_state.get("username")
    if not username:
        return None
    now = utcnow()
    if expired(st.session_state.get("last_seen"), now):
        sign_out()
        st.session_state["expired"] = True
        return None
    st.session_state["last_seen"] = now
    found = current_actor(username, engine())
    if found is None:
        sign_out()
    return found


def sign_in(username: str, password: str) -> AuthError | None:
    """Sign in; the refusal (to be shown) when the name or password is wrong or the account locked."""
    try:
        found = authenticate(username, password, engine())
    except AuthError as error:
        return error
    st.session_state.update(username=found.username, last_seen=utcnow(), expired=False)
    return None


def sign_out() -> None:
    for key in ("username", "last_seen"):
        st.session_state.pop(key, None)


def sign_in_form(L: str) -> None:
    """登录: what every page shows before sign-in."""
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
