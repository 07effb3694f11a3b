"""Users, passwords, sign-in and the acting user every write service checks.

Passwords are hashed with argon2id at OWASP's recommended parameters. A wrong
name and a wrong password get the same answer; five failures in a row lock the
account for fifteen minutes.
"""
from __future__ import annotations

import math
import os
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.engine import Engine
from sqlmodel import select

from .codes import Role
from .database import read_session, write_session
from .models import Street, User, utcnow

# OWASP Password Storage Cheat Sheet: argon2id, 19 MiB, 2 iterations, 1 lane
HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1, hash_len=32, salt_len=16)
MAX_FAILURES = 5
LOCK_TIME = timedelta(minutes=15)
MIN_PASSWORD = 8


def idle_timeout() -> timedelta:
    """How long a signed-in session may stay idle (ROADSHOW_SESSION_IDLE_MINUTES, default 30)."""
    return timedelta(minutes=float(os.environ.get("ROADSHOW_SESSION_IDLE_MINUTES", "30")))


@dataclass(frozen=True)
class Actor:
    """The signed-in user as the services see it."""

    username: str
    role: str
    street_id: int | None = None
    display_name: str = ""

    @classmethod
    def of(cls, user: User) -> "Actor":
        return cls(user.username, user.role, user.street_id, user.display_name)


class AuthError(Exception):
    """Sign-in or account management refused; `key` is an i18n text key."""

    def __init__(self, key: str, **params):
        super().__init__(key)
        self.key, self.params = key, params


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise AuthError("auth.password_too_short", length=MIN_PASSWORD)
    return HASHER.hash(password)


def authenticate(username: str, password: str, engine: Engine | None = None,
                 now: datetime | None = None) -> Actor:
    """The actor for a correct name and password; AuthError("auth.failed") otherwise,
    the same for an unknown name, a wrong password or a disabled account, and
    AuthError("auth.locked") while the account is locked."""
    now = now or utcnow()
    with write_session(engine, data=False) as session:
        user = session.exec(select(User).where(User.username == username.strip())).first()
        if user is None or user.disabled:
            HASHER.hash(password or "-")  # spend the same time as a real check
            raise AuthError("auth.failed")
        if user.locked_until and user.locked_until > now:
            raise AuthError("auth.locked", minutes=math.ceil((user.locked_until - now).total_seconds() / 60))
        try:
            HASHER.verify(user.password_hash, password)
        except (VerificationError, InvalidHashError):
            user.failed_logins += 1
            if user.failed_logins >= MAX_FAILURES:
                user.failed_logins, user.locked_until = 0, now + LOCK_TIME
            session.commit()  # the failure counts even though we refuse
            raise AuthError("auth.failed") from None
        user.failed_logins, user.locked_until = 0, None
        if HASHER.check_needs_rehash(user.password_hash):
            user.password_hash = HASHER.hash(password)
        return Actor.of(user)


def current_actor(username: str, engine: Engine | None = None) -> Actor | None:
    """The actor for a signed-in name, re-read so that a disabled account stops at once."""
    with read_session(engine) as session:
        user = session.exec(select(User).where(User.username == username)).first()
        return None if user is None or user.disabled else Actor.of(user)


def add_user(username: str, password: str, role: str, display_name: str = "", street: str | None = None,
             engine: Engine | None = None) -> None:
    if role not in Role.__members__:
        raise AuthError("auth.bad_role", role=role)
    with write_session(engine) as session:
        if session.exec(select(User).where(User.username == username)).first():
            raise AuthError("auth.user_exists", username=username)
        street_id = None
        if role == Role.street:
            found = session.exec(select(Street).where(Street.name == (street or "").removesuffix("街道"))).first()
            if found is None:
                raise AuthError("auth.street_required")
            street_id = found.id
        session.add(User(username=username, display_name=display_name or username, role=role,
                         street_id=street_id, password_hash=hash_password(password)))


def set_password(username: str, password: str, engine: Engine | None = None) -> None:
    with write_session(engine, data=False) as session:
        user = _user(session, username)
        user.password_hash, user.failed_logins, user.locked_until = hash_password(password), 0, None


def disable_user(username: str, engine: Engine | None = None) -> None:
    with write_session(engine, data=False) as session:
        _user(session, username).disabled = True


def list_users(engine: Engine | None = None) -> list[tuple[User, str | None]]:
    with read_session(engine) as session:
        return list(session.exec(select(User, Street.name).outerjoin(Street).order_by(User.role, User.username)))


def _user(session, username: str) -> User:
    user = session.exec(select(User).where(User.username == username)).first()
    if user is None:
        raise AuthError("auth.no_such_user", username=username)
    return user
