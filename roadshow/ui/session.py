"""Who is signed in: sign-in, sign-out and the idle timeout, on Streamlit's session state.

Only the user name lives in the session; the role and street are re-read from the
database on every run, so a disabled account or a changed role takes effect at once.
"""
from __future__ import annotations

from datetime import datetime

import streamlit as st

from ..auth import Actor, AuthError, authenticate, current_actor, idle_timeout
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
