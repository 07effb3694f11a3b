"""Who is signed in, from the session cookie that roadshow/web.py sets; the sign-in form.

Nothing about the user is kept in Streamlit's memory: every run reads the cookie the
browser sent and checks its session in the database, so a reload or a new tab stays
signed in, any app server can serve any click, and a disabled account or a changed role
takes effect at the next click.
"""
from __future__ import annotations

import html
from urllib.parse import urlencode, urlsplit

import streamlit as st

from .. import auth
from ..auth import Actor, AuthError
from ..i18n import t
from ..web import COOKIE, FAILED, SIGN_IN_PATH
from .common import engine


def cookie_token() -> str | None:
    """The session token the browser sent (tests replace this: AppTest sends no cookies)."""
    return st.context.cookies.get(COOKIE)


def actor() -> Actor | None:
    """The signed-in actor, or None (never signed in, signed out, expired, or disabled)."""
    try:
        return auth.session_actor(cookie_token(), engine())
    except AuthError:
        st.session_state["expired"] = True
        return None


def sign_out() -> None:
    auth.sign_out(cookie_token(), engine())


def _here() -> str:
    """This page's path and query string: where the sign-in sends the browser back to."""
    path = urlsplit(st.context.url or "/").path or "/"
    query = [(k, v) for k in st.query_params for v in st.query_params.get_all(k) if k != FAILED]
    return path + ("?" + urlencode(query) if query else "")


def sign_in_form(L: str) -> None:
    """登录: what every page shows to nobody. A plain HTML form that posts to the sign-in
    route, which sets the cookie; the browser comes back to this very page and query."""
    st.title(t("signin.title", L))
    if st.query_params.get(FAILED) == "failed":
        st.error(t("auth.failed", L))
    elif st.session_state.pop("expired", False):
        st.info(t("auth.expired", L))
    elif notice := st.session_state.pop("signin_notice", None):
        st.info(notice)
    base = (st.get_option("server.baseUrlPath") or "").strip("/")
    action = (f"/{base}" if base else "") + SIGN_IN_PATH
    e = html.escape
    st.html(f"""
<form method="post" action="{e(action)}" class="signin">
  <label>{e(t("signin.username", L))}<input name="username" autocomplete="username" required autofocus></label>
  <label>{e(t("signin.password", L))}<input name="password" type="password" autocomplete="current-password"
         required></label>
  <input type="hidden" name="next" value="{e(_here())}">
  <button type="submit">{e(t("signin.submit", L))}</button>
</form>
<style>
.signin {{max-width: 24rem; display: flex; flex-direction: column; gap: 1rem; font-size: 1rem}}
.signin label {{display: flex; flex-direction: column; gap: .35rem}}
.signin input {{font: inherit; padding: .55rem .7rem; border: 1px solid #d0d3da; border-radius: .5rem}}
.signin button {{font: inherit; padding: .6rem; border: 0; border-radius: .5rem; background: #ff4b4b; color: white;
                 cursor: pointer}}
</style>""")
