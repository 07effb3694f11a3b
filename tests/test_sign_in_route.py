"""The sign-in route beside the app: it sets the HttpOnly session cookie, sends the browser
back where it came from (never to another site), and refuses without saying why."""
import pytest
import sqlalchemy as sa
from starlette.applications import Starlette
from starlette.testclient import TestClient

from roadshow.auth import session_actor
from roadshow.models import AuthEvent
from roadshow.web import routes
from tests.conftest import add_user


@pytest.fixture
def client(engine):
    add_user(engine, "wang", "street", "营城子", password="correct-horse")
    return TestClient(Starlette(routes=routes()), follow_redirects=False)


def post(client, username="wang", password="correct-horse", next_="/streets?as_of=2018-03-31", **headers):
    return client.post("/auth/sign-in", data={"username": username, "password": password, "next": next_},
                       headers=headers)


def test_a_right_password_sets_the_session_cookie_and_goes_back(client, engine):
    answer = post(client, next_="/streets?as_of=2018-03-31&street=营城子&signin=failed")
    assert answer.status_code == 303
    assert answer.headers["location"] == "/streets?as_of=2018-03-31&street=%E8%90%A5%E5%9F%8E%E5%AD%90"
    cookie = answer.headers["set-cookie"]
    token = cookie.split(";")[0].removeprefix("roadshow_session=")
    assert [p.strip() for p in cookie.split(";")[1:]] == ["HttpOnly", "Max-Age=43200", "Path=/", "SameSite=lax"]
    assert session_actor(token, engine).username == "wang"


def test_the_cookie_is_secure_when_served_over_https(client, monkeypatch):
    monkeypatch.setenv("ROADSHOW_COOKIE_SECURE", "true")
    assert "Secure" in post(client).headers["set-cookie"]


def test_a_wrong_password_goes_back_with_a_flag_and_no_cookie(client):
    answer = post(client, password="wrong-horse")
    assert answer.status_code == 303
    assert answer.headers["location"] == "/streets?as_of=2018-03-31&signin=failed"
    assert "set-cookie" not in answer.headers


@pytest.mark.parametrize("target", ["https://evil.example/x", "//evil.example/x", "/\\evil.example", "streets",
                                    "javascript:alert(1)", ""])
def test_it_never_sends_the_browser_to_another_site(client, target):
    assert post(client, next_=target).headers["location"] == "/"


def test_an_oversized_form_is_refused(client):
    assert post(client, password="x" * 5000).status_code == 413


def test_the_client_address_comes_from_the_proxy_only_when_trusted(client, engine, monkeypatch):
    post(client, password="wrong-horse", **{"X-Forwarded-For": "203.0.113.9, 10.0.0.2"})
    monkeypatch.setenv("ROADSHOW_TRUST_FORWARDED_FOR", "true")
    post(client, password="wrong-horse", **{"X-Forwarded-For": "203.0.113.9, 10.0.0.2"})
    with engine.connect() as db:
        clients = db.execute(sa.select(AuthEvent.client).where(AuthEvent.event == "refused")
                             .order_by(AuthEvent.id)).scalars().all()
    assert clients == ["testclient", "203.0.113.9"]
