"""The admin's account services at their edges: name lengths, one's own role, the order of the lists,
and that a disabled account's sessions are gone at once, whoever disabled it."""
from datetime import timedelta

import pytest
import sqlalchemy as sa

from roadshow import accounts, queries
from roadshow.auth import Actor, AuthError, session_actor, sign_in
from roadshow.models import User, UserSession, utcnow
from roadshow.services import Refused
from tests.conftest import add_user

ADMIN = Actor("root", "admin")


def test_a_login_of_60_characters_is_taken_61_is_not(engine):
    with pytest.raises(AuthError, match="auth.bad_username"):
        accounts.add_user(ADMIN, "a" * 61, "password-1", "leader", engine=engine)
    accounts.add_user(ADMIN, "a" * 60, "password-1", "leader", engine=engine)
    assert list(accounts.users(ADMIN, engine)["username"]) == ["a" * 60]


def test_a_display_name_of_60_characters_is_taken_61_is_not(engine):
    with pytest.raises(AuthError, match="auth.bad_display_name"):
        accounts.add_user(ADMIN, "li", "password-1", "leader", "李" * 61, engine=engine)
    accounts.add_user(ADMIN, "li", "password-1", "leader", "李" * 60, engine=engine)
    assert list(accounts.users(ADMIN, engine)["display_name"]) == ["李" * 60]


def test_a_street_name_of_40_characters_is_taken_41_is_not(engine):
    with pytest.raises(Refused):
        accounts.add_street(ADMIN, "新" * 41, engine)
    accounts.add_street(ADMIN, "新" * 40, engine)
    assert [name for _, name in queries.streets(engine)][-2:] == ["杨树沟", "新" * 40]


def test_an_admin_cannot_change_their_own_role(engine):
    add_user(engine, "root", "admin")
    with pytest.raises(Refused, match="auth.not_yourself"):
        accounts.change_role(ADMIN, "root", "leader", engine=engine)
    assert accounts.users(ADMIN, engine).set_index("username").loc["root", "role"] == "admin"


def test_users_are_listed_by_role_then_login_and_sessions_the_latest_used_first(engine):
    for name, role in (("wu", "leader"), ("chen", "street"), ("an", "leader"), ("bai", "admin")):
        add_user(engine, name, role, street="营城子" if role == "street" else None)
    users = accounts.users(ADMIN, engine)
    assert [tuple(r) for r in users[["role", "username"]].itertuples(index=False)] == [
        ("admin", "bai"), ("leader", "an"), ("leader", "wu"), ("street", "chen")]
    now = utcnow()
    for name, minutes_ago in (("wu", 20), ("an", 5), ("chen", 40)):
        sign_in(name, "roadshow2018", "1.1.1.1", engine=engine, now=now - timedelta(minutes=minutes_ago))
    assert list(accounts.sessions(ADMIN, engine)["username"]) == ["an", "wu", "chen"]


def test_disabling_ends_the_sessions_at_once_in_the_admins_list(engine):
    add_user(engine, "wang", "street", "营城子")
    sign_in("wang", "roadshow2018", "1.1.1.1", engine=engine)
    accounts.set_disabled(ADMIN, "wang", True, engine)
    assert accounts.sessions(ADMIN, engine).empty
    assert accounts.users(ADMIN, engine).set_index("username").loc["wang", "sessions"] == 0


def test_an_account_disabled_straight_in_the_database_is_signed_out_at_its_next_click(engine):
    add_user(engine, "wang", "street", "营城子")
    _, token = sign_in("wang", "roadshow2018", "1.1.1.1", engine=engine)
    with engine.begin() as db:
        db.execute(sa.update(User).where(User.username == "wang").values(disabled=True))
    assert session_actor(token, engine) is None
    with engine.connect() as db:
        assert db.execute(sa.select(sa.func.count(UserSession.id))).scalar() == 0
