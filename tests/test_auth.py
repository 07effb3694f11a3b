"""Accounts: hashing, sign-in, throttling that cannot lock a user out, sessions in the
database (idle and absolute expiry, ended by sign-out, disabling, a new role or password),
the sign-in record, and the users CLI."""
import hashlib
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from roadshow import accounts, auth
from roadshow.auth import Actor, AuthError, session_actor, sign_in, sign_out
from roadshow.models import AuthEvent, User, UserSession, utcnow
from tests.conftest import add_user

ROOT = Path(__file__).resolve().parent.parent
ADMIN = Actor("root", "admin")
T0 = utcnow().replace(microsecond=0)


def at(seconds: float):
    return T0 + timedelta(seconds=seconds)


@pytest.fixture
def official(engine):
    add_user(engine, "wang", "street", "营城子", password="correct-horse")
    return engine


def stored_hash(engine, username="wang") -> str:
    with engine.connect() as db:
        return db.execute(sa.select(User.password_hash).where(User.username == username)).scalar()


def events(engine) -> list[tuple[str, str, str]]:
    with engine.connect() as db:
        return [tuple(r) for r in db.execute(sa.select(AuthEvent.event, AuthEvent.username, AuthEvent.client)
                                             .order_by(AuthEvent.id))]


def refused(engine, username, password, client="1.1.1.1", when=None) -> str:
    with pytest.raises(AuthError) as error:
        sign_in(username, password, client, engine=engine, now=when)
    return error.value.key


def test_passwords_are_hashed_with_argon2id_at_owasp_parameters(official):
    stored = stored_hash(official)
    assert stored.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert "correct-horse" not in stored


def test_sign_in_gives_the_role_and_a_session_stored_only_as_its_hash(official):
    actor, token = sign_in("wang", "correct-horse", "1.1.1.1", "Mozilla/5.0 (iPhone)", official)
    assert (actor.username, actor.role, actor.display_name) == ("wang", "street", "wang")
    with official.connect() as db:
        row = db.execute(sa.select(UserSession.token_hash, UserSession.client)).one()
    assert row == (hashlib.sha256(token.encode()).hexdigest(), "1.1.1.1 Mozilla/5.0 (iPhone)")
    assert token not in row[0] and len(token) >= 40
    assert session_actor(token, official) == actor


def test_unknown_names_wrong_passwords_disabled_accounts_and_throttled_tries_get_one_answer(official, monkeypatch):
    checks = []
    real = auth.password_matches
    monkeypatch.setattr(auth, "password_matches", lambda h, p: checks.append(1) or real(h, p))
    add_user(official, "li", "leader", password="li-password")
    accounts.set_disabled(ADMIN, "li", True, official)
    answers = [refused(official, "nobody", "correct-horse", when=at(0)),
               refused(official, "li", "li-password", when=at(1))]
    answers.append(refused(official, "wang", "wrong-horse", when=at(2)))
    for second in range(3, 7):
        refused(official, "wang", "wrong-horse", when=at(second))
    checks.clear()  # five failures for wang from this client: the next try waits until 7 s
    answers.append(refused(official, "wang", "correct-horse", when=at(6.5)))
    assert answers == ["auth.failed"] * 4
    assert checks == [1]  # a throttled try spends a password check too: the same time as the others
    assert [e for e, _, _ in events(official)][-1] == "throttled"


def test_a_client_waits_one_then_two_seconds_after_five_wrong_passwords(official):
    for second in range(5):
        refused(official, "wang", "wrong-horse", when=at(second))
    assert refused(official, "wang", "correct-horse", when=at(4.9)) == "auth.failed"  # throttled: waits until 5 s
    refused(official, "wang", "wrong-horse", when=at(5))  # a real check again: the sixth failure
    assert refused(official, "wang", "correct-horse", when=at(6.9)) == "auth.failed"  # waits until 7 s
    assert sign_in("wang", "correct-horse", "1.1.1.1", engine=official, now=at(7))[0].username == "wang"
    assert [e for e, _, _ in events(official)] == ["user_added"] + ["refused"] * 5 + ["throttled", "refused",
                                                                                      "throttled", "signed_in"]


def guessing_campaign(engine, username: str, guesses: int) -> None:
    """One wrong password for `username` every 70 s (never throttled: the longest wait for a
    name is 60 s), each from another address."""
    for i in range(guesses):
        refused(engine, username, f"guess-{i}", client=f"6.6.{i // 250}.{i % 250}", when=at(70 * i))


def test_a_stranger_guessing_cannot_keep_the_leader_out(official):
    add_user(official, "leader1", "leader", password="leader-password")
    sign_in("leader1", "leader-password", "10.0.0.1", engine=official, now=at(-100))  # the leader's own client
    guessing_campaign(official, "leader1", 27)  # the last guess at 1820 s
    assert sign_in("leader1", "leader-password", "10.0.0.1", engine=official, now=at(1821))[0].role == "leader"


def test_a_client_new_to_a_name_under_attack_waits_at_most_a_minute(official):
    add_user(official, "leader1", "leader", password="leader-password")
    guessing_campaign(official, "leader1", 27)  # 27 failures: 2^(27-20) s = 128 s, capped at 60 s after 1820 s
    assert refused(official, "leader1", "leader-password", client="10.9.9.9", when=at(1879.9)) == "auth.failed"
    assert sign_in("leader1", "leader-password", "10.9.9.9", engine=official, now=at(1880))


def test_twenty_failures_for_a_name_start_the_waits_for_new_clients(official):
    add_user(official, "leader1", "leader", password="leader-password")
    guessing_campaign(official, "leader1", 20)  # the last at 1330 s: 20 failures, a wait of 1 s
    assert refused(official, "leader1", "leader-password", client="10.9.9.9", when=at(1330.9)) == "auth.failed"
    assert sign_in("leader1", "leader-password", "10.9.9.9", engine=official, now=at(1331))


def test_nineteen_failures_for_a_name_do_not(official):
    add_user(official, "leader1", "leader", password="leader-password")
    guessing_campaign(official, "leader1", 19)  # the last at 1260 s
    assert sign_in("leader1", "leader-password", "10.9.9.9", engine=official, now=at(1260.1))


def test_one_client_guessing_many_names_is_slowed(official):
    for i in range(20):
        refused(official, f"name{i}", "guess", client="6.6.6.6", when=at(i))
    assert refused(official, "wang", "correct-horse", client="6.6.6.6", when=at(19.5)) == "auth.failed"
    assert sign_in("wang", "correct-horse", "1.1.1.1", engine=official, now=at(19.5))  # another client is not
    assert sign_in("wang", "correct-horse", "6.6.6.6", engine=official, now=at(20))


def test_the_admin_clears_the_throttling_of_a_name(official):
    for second in range(6):
        refused(official, "wang", "wrong-horse", when=at(second))
    assert refused(official, "wang", "correct-horse", when=at(6.5)) == "auth.failed"
    accounts.unlock(ADMIN, "wang", official)
    assert sign_in("wang", "correct-horse", "1.1.1.1", engine=official, now=utcnow())


def test_failures_older_than_a_day_are_forgotten(official):
    for second in range(8):
        refused(official, "wang", "wrong-horse", when=at(second))
    assert refused(official, "wang", "correct-horse", when=at(7.5)) == "auth.failed"
    assert sign_in("wang", "correct-horse", "1.1.1.1", engine=official, now=at(24 * 3600 + 1))


def test_a_session_ends_after_the_idle_time(official, monkeypatch):
    monkeypatch.setenv("ROADSHOW_SESSION_IDLE_MINUTES", "10")
    _, token = sign_in("wang", "correct-horse", engine=official, now=at(0))
    assert session_actor(token, official, now=at(9 * 60)).username == "wang"  # a click: last seen at 9 min
    assert session_actor(token, official, now=at(19 * 60)).username == "wang"  # 10 min after the last click
    with pytest.raises(AuthError, match="auth.expired"):
        session_actor(token, official, now=at(29 * 60 + 1))
    assert session_actor(token, official, now=at(29 * 60 + 2)) is None  # the row is gone


def test_the_last_click_is_written_at_most_once_a_minute(official):
    _, token = sign_in("wang", "correct-horse", engine=official, now=at(0))

    def last_seen():
        with official.connect() as db:
            return db.execute(sa.select(UserSession.last_seen_at)).scalar()

    session_actor(token, official, now=at(59))
    assert last_seen() == at(0)
    session_actor(token, official, now=at(60))
    assert last_seen() == at(60)


def test_a_session_ends_at_its_absolute_expiry_however_busy(official, monkeypatch):
    monkeypatch.setenv("ROADSHOW_SESSION_MAX_HOURS", "2")
    _, token = sign_in("wang", "correct-horse", engine=official, now=at(0))
    for minute in range(0, 120, 20):
        assert session_actor(token, official, now=at(minute * 60))
    assert session_actor(token, official, now=at(2 * 3600 - 1))
    with pytest.raises(AuthError, match="auth.expired"):
        session_actor(token, official, now=at(2 * 3600))


@pytest.mark.parametrize("change", ["sign out", "disable", "new role", "new password by the admin",
                                    "own new password"])
def test_what_ends_every_session_of_a_user(official, change):
    _, phone = sign_in("wang", "correct-horse", "1.1.1.1", engine=official)
    _, desktop = sign_in("wang", "correct-horse", "2.2.2.2", engine=official)
    add_user(official, "zhao", "leader", password="zhao-password")
    _, bystander = sign_in("zhao", "zhao-password", engine=official)
    wang = Actor("wang", "street", None)
    {"sign out": lambda: sign_out(phone, official),
     "disable": lambda: accounts.set_disabled(ADMIN, "wang", True, official),
     "new role": lambda: accounts.change_role(ADMIN, "wang", "leader", engine=official),
     "new password by the admin": lambda: accounts.set_password(ADMIN, "wang", "battery-staple", engine=official),
     "own new password": lambda: accounts.set_password(wang, "wang", "battery-staple", "correct-horse", official),
     }[change]()
    assert session_actor(phone, official) is None
    assert (session_actor(desktop, official) is None) == (change != "sign out")  # sign-out ends this browser's only
    assert session_actor(bystander, official).username == "zhao"


def test_changing_ones_own_password_needs_the_current_one(official):
    wang = Actor("wang", "street", None)
    with pytest.raises(AuthError, match="auth.wrong_current_password"):
        accounts.set_password(wang, "wang", "battery-staple", "wrong-horse", official)
    assert sign_in("wang", "correct-horse", engine=official)


def test_account_rules(official):
    with pytest.raises(AuthError, match="auth.password_too_short"):
        accounts.add_user(ADMIN, "li", "short", "leader", engine=official)
    with pytest.raises(AuthError, match="auth.street_required"):
        accounts.add_user(ADMIN, "li", "long-enough", "street", street="火星", engine=official)
    with pytest.raises(AuthError, match="auth.bad_username"):
        accounts.add_user(ADMIN, "li si", "long-enough", "leader", engine=official)
    with pytest.raises(AuthError, match="auth.user_exists"):
        accounts.add_user(ADMIN, "wang", "long-enough", "leader", engine=official)
    with pytest.raises(AuthError, match="auth.bad_role"):
        accounts.change_role(ADMIN, "wang", "king", engine=official)
    with pytest.raises(AuthError, match="auth.not_yourself"):
        accounts.set_disabled(Actor("wang", "admin"), "wang", True, official)
    accounts.change_role(ADMIN, "wang", "street", "泉水街道", official)
    assert accounts.users(ADMIN, official).set_index("username").loc["wang", "street"] == "泉水"


def test_a_reset_password_is_new_random_and_works(official):
    first, second = accounts.reset_password(ADMIN, "wang", official), accounts.reset_password(ADMIN, "wang", official)
    assert len(first) == len(second) == 12 and first != second
    with pytest.raises(AuthError):
        sign_in("wang", first, engine=official)
    assert sign_in("wang", second, engine=official)


def test_the_admin_sees_and_ends_sessions_and_reads_the_record(official):
    _, token = sign_in("wang", "correct-horse", "1.1.1.1", "Firefox", official, now=utcnow())
    refused(official, "wang", "wrong-horse", client="3.3.3.3")
    live = accounts.sessions(ADMIN, official)
    assert list(live["username"]) == ["wang"] and list(live["client"]) == ["1.1.1.1 Firefox"]
    accounts.end_session(ADMIN, int(live["id"].iloc[0]), official)
    assert session_actor(token, official) is None
    with pytest.raises(AuthError, match="auth.no_such_session"):
        accounts.end_session(ADMIN, int(live["id"].iloc[0]), official)
    record = accounts.sign_in_record(ADMIN, "wang", engine=official)
    assert list(record["event"]) == ["session_ended", "refused", "signed_in", "user_added"]
    assert list(record["client"][1:3]) == ["3.3.3.3", "1.1.1.1"]


def cli(engine, *args, password=None):
    env = {**os.environ, "ROADSHOW_DATABASE_URL": engine.url.render_as_string(hide_password=False)}
    return subprocess.run([sys.executable, "-m", "roadshow", *args], cwd=ROOT, env=env, input=password,
                          capture_output=True, text=True)


def test_users_cli_reads_passwords_from_stdin_never_from_arguments(engine):
    added = cli(engine, "users", "add", "zhao", "--role", "dispatcher", "--name", "赵", password="from-stdin-1\n")
    assert added.returncode == 0, added.stderr
    assert sign_in("zhao", "from-stdin-1", engine=engine)[0].role == "dispatcher"
    assert cli(engine, "users", "add", "qian", "--password", "x").returncode == 2  # no such option
    listed = cli(engine, "users", "list").stdout
    assert "zhao" in listed and "dispatcher" in listed
    assert cli(engine, "users", "set-password", "zhao", password="new-secret-2\n").returncode == 0
    assert sign_in("zhao", "new-secret-2", engine=engine)
    assert cli(engine, "users", "disable", "zhao").returncode == 0
    with pytest.raises(AuthError):
        sign_in("zhao", "new-secret-2", engine=engine)
    assert cli(engine, "users", "enable", "zhao").returncode == 0
    assert sign_in("zhao", "new-secret-2", engine=engine)
    refused_add = cli(engine, "users", "add", "sun", "--role", "street", "--street", "火星", password="long-enough\n")
    assert refused_add.returncode == 1 and "已有街道" in refused_add.stderr
