"""The sign-in route served beside the Streamlit app (server.py mounts it with st.App).

Why a route: a Streamlit script talks to the browser over a websocket and cannot set a
cookie, and st.context.cookies only reads. The sign-in form therefore posts here, plainly;
this checks the password, stores the session in the database and sets an HttpOnly,
SameSite=Lax cookie, then sends the browser back to the page it came from. Every app
server reads the cookie from its websocket request and checks it against the database,
so several servers behind a load balancer share the sign-ins.
"""
from __future__ import annotations

from urllib.parse import parse_qs, parse_qsl, urlencode, urlsplit, urlunsplit

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse
from starlette.routing import Route

from .auth import AuthError, sign_in
from .settings import settings

COOKIE = "roadshow_session"
SIGN_IN_PATH = "/auth/sign-in"
MAX_FORM_BYTES = 4096
FAILED = "signin"  # query parameter that tells the page to say why


def client_address(request: Request) -> str:
    """The client's address: the proxy's X-Forwarded-For when told to trust it, else the peer."""
    forwarded = request.headers.get("x-forwarded-for", "")
    if settings().trust_forwarded_for and forwarded:
        return forwarded.split(",")[0].strip()
    return request.client.host if request.client else ""


def safe_next(target: str) -> str:
    """Only a path on this site (no scheme, no host, no //): never an open redirect."""
    parts = urlsplit(target or "/")
    if parts.scheme or parts.netloc or not parts.path.startswith("/") or parts.path.startswith("//") \
            or "\\" in target:
        return "/"
    return urlunsplit(("", "", parts.path, parts.query, ""))


def _set_param(target: str, key: str, value: str | None = None) -> str:
    """`target` with its query parameter `key` set to `value`, or removed."""
    parts = urlsplit(target)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != key]
    return urlunsplit(("", "", parts.path, urlencode(query + ([(key, value)] if value else [])), ""))


async def sign_in_route(request: Request):
    body = await request.body()
    if len(body) > MAX_FORM_BYTES:
        return PlainTextResponse("too large", status_code=413)
    form = {k: v[0] for k, v in parse_qs(body.decode("utf-8", "replace")).items()}
    target = safe_next(form.get("next", "/"))
    try:
        _, token = await run_in_threadpool(sign_in, form.get("username", ""), form.get("password", ""),
                                           client_address(request), request.headers.get("user-agent", "")[:120])
    except AuthError:
        return RedirectResponse(_set_param(target, FAILED, "failed"), status_code=303)
    response = RedirectResponse(_set_param(target, FAILED), status_code=303)
    s = settings()
    response.set_cookie(COOKIE, token, max_age=int(s.session_max.total_seconds()), path="/", httponly=True,
                        samesite="lax", secure=s.cookie_secure)
    return response


def routes() -> list[Route]:
    return [Route(SIGN_IN_PATH, sign_in_route, methods=["POST"])]
