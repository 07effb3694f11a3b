"""Accounts: hashing, sign-in, lockout, idle expiry, and the users CLI."""
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from roadshow.auth import LOCK_TIME, MAX_FAILURES, AuthError, add_user, authenticate, disable_user, set_password
from roadshow.models import User, utcnow
from roadshow.ui.session import expired

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def official(engine):
    add_user("wang", "correct-horse", "street", "王", "营城子", engine=engine)
    return engine


def stored_hash(engine, username="wang") -> str:
    with engine.connect() as db:
        return db.execute(sa.select(User.password_hash).where(User.username == username)).scalar()


def test_passwords_are_hashed_with_argon2id_at_owasp_parameters(official):
    stored = stored_hash(official)
    assert stored.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert "correct-horse" not in stored


def test_sign_in_gives_the_role_and_street(official):
    actor = authenticate("wang", "correct-horse", official)
    assert (actor.username, actor.role, actor.display_name) == ("wang", "street", "王")
    assert actor.street_id is not None


def test_a_wrong_name_and_a_wrong_password_get_the_same_answer(official):
    with pytest.raises(AuthError) as wrong_password:
        authenticate("wang", "wrong-horse", official)
    with pytest.raises(AuthError) as wrong_name:
        authenticate("nobody", "correct-horse", official)
    assert wrong_password.value.key == wrong_name.value.key == "auth.failed"


def test_five_failures_lock_the_account_for_fifteen_minutes(official):
    start = utcnow()
    for _ in range(MAX_FAILURES):
        with pytest.raises(AuthError, match="auth.failed"):
            authenticate("wang", "wrong-horse", official, now=start)
    with pytest.raises(AuthError) as locked:
        authenticate("wang", "correct-horse", official, now=start + timedelta(minutes=1))
    assert locked.value.key == "auth.locked" and locked.value.params["minutes"] == 14
    with pytest.raises(AuthError, match="auth.locked"):
        authenticate("wang", "correct-horse", official, now=start + LOCK_TIME - timedelta(seconds=1))
    assert authenticate("wang", "correct-horse", official, now=start + LOCK_TIME + timedelta(seconds=1))


def test_a_success_resets_the_failure_count(official):
    for _ in range(MAX_FAILURES - 1):
        with pytest.raises(AuthError):
            authenticate("wang", "wrong-horse", official)
    authenticate("wang", "correct-horse", official)
    with pytest.raises(AuthError, match="auth.failed"):  # a fresh count: not locked by one more failure
        authenticate("wang", "wrong-horse", official)


def test_disabled_accounts_and_new_passwords(official):
    set_password("wang", "battery-staple", official)
    with pytest.raises(AuthError, match="auth.failed"):
        authenticate("wang", "correct-horse", official)
    assert authenticate("wang", "battery-staple", official)
    disable_user("wang", official)
    with pytest.raises(AuthError, match="auth.failed"):
        authenticate("wang", "battery-staple", official)


def test_short_passwords_and_street_accounts_without_a_street_are_refused(engine):
    with pytest.raises(AuthError, match="auth.password_too_short"):
        add_user("li", "short", "leader", engine=engine)
    with pytest.raises(AuthError, match="auth.street_required"):
        add_user("li", "long-enough", "street", street="火星", engine=engine)


def test_sessions_expire_after_the_idle_time(monkeypatch):
    now = utcnow()
    monkeypatch.setenv("ROADSHOW_SESSION_IDLE_MINUTES", "10")
    assert not expired(now - timedelta(minutes=9), now)
    assert expired(now - timedelta(minutes=11), now)
    assert not expired(None, now)


def cli(engine, *args, password=None):
    env = {**os.environ, "ROADSHOW_DATABASE_URL": engine.url.render_as_string(hide_password=False)}
    return subprocess.run([sys.executable, "-m", "roadshow", *args], cwd=ROOT, env=env, input=password,
                          capture_output=True, text=True)


def test_users_cli_reads_passwords_from_stdin_never_from_arguments(engine):
    added = cli(engine, "users", "add", "zhao", "--role", "dispatcher", "--name", "赵", password="from-stdin-1\n")
    assert added.returncode == 0, added.stderr
    assert authenticate("zhao", "from-stdin-1", engine).role == "dispatcher"
    assert cli(engine, "users", "add", "qian", "--password", "x").returncode == 2  # no such option
    listed = cli(engine, "users", "list").stdout
    assert "zhao" in listed and "dispatcher" in listed
    assert cli(engine, "users", "set-password", "zhao", password="new-secret-2\n").returncode == 0
    assert authenticate("zhao", "new-secret-2", engine)
    assert cli(engine, "users", "disable", "zhao").returncode == 0
    with pytest.raises(AuthError):
        authenticate("zhao", "new-secret-2", engine)
    refused = cli(engine, "users", "add", "sun", "--role", "street", "--street", "火星", password="long-enough\n")
    assert refused.returncode == 1 and "已有街道" in refused.stderr


def test_the_sign_in_page(demo_url):
    from streamlit.testing.v1 import AppTest
    at = AppTest.from_file("../app.py", default_timeout=30).run()
    at.text_input[0].input("leader")
    at.text_input[1].input("wrong-password")
    at.button[0].click().run()
    assert at.error[0].value == "用户名或密码错误。"
    assert "username" not in at.session_state
    at.text_input[1].input("roadshow2018")
    at.button[0].click().run()
    assert at.session_state["username"] == "leader"
