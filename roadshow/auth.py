"""Passwords, sign-in with throttling, and sessions kept in the database.

- Passwords are hashed with argon2id at OWASP's recommended parameters.
- Sign-in gives one answer ("auth.failed") for an unknown name, a wrong password, a
  disabled account and a throttled attempt, and spends one password check on each, so
  neither the words nor the time tell a stranger which names exist.
- Throttling slows guessing without locking anybody out: after a few wrong passwords a
  client must wait before its next try, the wait doubling with each failure. It is
  counted per (name, client), per client, and per name across clients; the last only
  for clients that name never signed in from, and with a short cap, so a stranger
  guessing the district leader's password cannot keep the leader out.
- A session is a row (the token's SHA-256, never the token) that any app server can
  check: it ends when idle too long, at its absolute expiry, at sign-out, and when the
  user is disabled or their role or password changes.
"""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from .codes import Role
from .database import read_session, write_session
from .models import AuthEvent, User, UserSession, utcnow
from .settings import settings

# OWASP Password Storage Cheat Sheet: argon2id, 19 MiB, 2 iterations, 1 lane
HASHER = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1, hash_len=32, salt_len=16)
DUMMY_HASH = HASHER.hash("no such user: the same work as a real check")
MIN_PASSWORD = 8
THROTTLE_WINDOW = timedelta(hours=24)  # failures older than this are forgotten
KNOWN_CLIENT = timedelta(days=90)  # a client that signed in to a name this recently is that name's own
SEEN_EVERY = timedelta(seconds=60)  # how often a session's last-seen time is written


class AuthEventKind(StrEnum):
    """What the sign-in record (登录与账号日志) holds."""

    signed_in = "signed_in"
    refused = "refused"  # wrong name or password, or a disabled account
    throttled = "throttled"  # refused without a check: too many recent failures
    signed_out = "signed_out"
    user_added = "user_added"
    role_changed = "role_changed"
    disabled = "disabled"
    enabled = "enabled"
    password_set = "password_set"
    unlocked = "unlocked"  # the admin cleared the throttling of a name
    session_ended = "session_ended"  # the admin ended a session


@dataclass(frozen=True)
class Actor:
    """The signed-in user as the services see it."""

    username: str
    role: str
    street_id: int | None = None
    display_name: str = ""
    district_id: int | None = None  # a district official's (or a district leader's) district

    @classmethod
    def of(cls, user: User) -> "Actor":
        return cls(user.username, user.role, user.street_id, user.display_name, user.district_id)


class AuthError(Exception):
    """Sign-in or account management refused; `key` is an i18n text key."""

    def __init__(self, key: str, **params):
        super().__init__(key)
        self.key, self.params = key, params


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise AuthError("auth.password_too_short", length=MIN_PASSWORD)
    return HASHER.hash(password)


def password_matches(stored_hash: str, password: str) -> bool:
    try:
        return HASHER.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def record(session: Session, event: AuthEventKind, username: str = "", client: str = "", actor: str | None = None,
           detail: str | None = None, now: datetime | None = None) -> None:
    session.add(AuthEvent(at=now or utcnow(), event=event, username=username[:60], client=client[:100],
                          actor=actor, detail=detail[:200] if detail else None))


# --- throttling -------------------------------------------------------------------------

def _wait(failures: int, free: int, cap: int) -> timedelta:
    """How long after the last failure the next try must wait: nothing for the first `free`
    failures, then 1 s, 2 s, 4 s, … up to `cap` seconds."""
    if failures < free:
        return timedelta(0)
    return timedelta(seconds=min(2 ** min(failures - free, 30), cap))


def _failures(session: Session, now: datetime, *where, since_event=None) -> tuple[int, datetime | None]:
    """Recent failures matching `where` (after the latest `since_event` row matching it, if given):
    how many, and when the last one was."""
    e = AuthEvent
    start = now - THROTTLE_WINDOW
    if since_event is not None:
        reset = session.exec(select(sa.func.max(e.at)).where(*since_event)).one()
        start = max(start, reset) if reset else start
    count, last = session.exec(select(sa.func.count(e.id), sa.func.max(e.at))
                               .where(e.event == AuthEventKind.refused, e.at > start, *where)).one()
    return count, last


def throttled_until(session: Session, username: str, client: str, now: datetime) -> datetime | None:
    """When this name may next be tried from this client, if that is later than `now`."""
    s, e = settings(), AuthEvent
    unlocked = e.event == AuthEventKind.unlocked
    signed_in_here = sa.and_(e.event == AuthEventKind.signed_in, e.client == client)
    checks = [
        (_failures(session, now, e.username == username, e.client == client,
                   since_event=(e.username == username, sa.or_(signed_in_here, unlocked))),
         s.signin_free_failures, s.signin_max_delay_seconds),
        (_failures(session, now, e.client == client), s.signin_client_free_failures, s.signin_max_delay_seconds),
    ]
    known = session.exec(select(e.id).where(e.username == username, e.client == client,
                                            e.event == AuthEventKind.signed_in, e.at > now - KNOWN_CLIENT)
                         .limit(1)).first()
    if known is None:
        resets = (e.username == username, sa.or_(e.event == AuthEventKind.signed_in, unlocked))
        checks.append((_failures(session, now, e.username == username, since_event=resets),
                       s.signin_account_free_failures, s.signin_account_max_delay_seconds))
    until = max((last + _wait(count, free, cap) for (count, last), free, cap in checks if last), default=None)
    return until if until and until > now else None


# --- sign-in and sessions ---------------------------------------------------------------

def sign_in(username: str, password: str, client: str = "", user_agent: str = "", engine: Engine | None = None,
            now: datetime | None = None) -> tuple[Actor, str]:
    """The actor and a new session token for a right name and password, unless throttled;
    AuthError("auth.failed") otherwise, whatever the reason. Every attempt is recorded."""
    now, username = now or utcnow(), username.strip()
    with write_session(engine, data=False) as session:
        user = session.exec(select(User).where(User.username == username)).first()
        if throttled_until(session, username, client, now):
            password_matches(DUMMY_HASH, password)  # the same time as any other answer
            record(session, AuthEventKind.throttled, username, client, now=now)
            outcome = None
        elif user is None or user.disabled or not password_matches(user.password_hash, password or ""):
            if user is None:
                password_matches(DUMMY_HASH, password)
            record(session, AuthEventKind.refused, username, client, now=now,
                   detail="disabled" if user is not None and user.disabled else None)
            outcome = None
        else:
            if HASHER.check_needs_rehash(user.password_hash):
                user.password_hash = HASHER.hash(password)
            token = secrets.token_urlsafe(32)
            session.add(UserSession(token_hash=token_hash(token), user_id=user.id, created_at=now, last_seen_at=now,
                                    expires_at=now + settings().session_max,
                                    client=f"{client} {user_agent}".strip()[:200]))
            record(session, AuthEventKind.signed_in, username, client, now=now)
            outcome = (Actor.of(user), token)
    if outcome is None:
        raise AuthError("auth.failed")
    return outcome


def session_actor(token: str | None, engine: Engine | None = None, now: datetime | None = None) -> Actor | None:
    """The actor of a session token, re-read on every call so that a disabled account, a new
    role or a new password takes effect at the next click. None without a live session;
    AuthError("auth.expired") when the session has just run out (idle or absolute)."""
    if not token:
        return None
    now = now or utcnow()
    with read_session(engine) as session:
        found = session.exec(select(UserSession, User).join(User).where(UserSession.token_hash == token_hash(token))
                             ).first()
    if found is None:
        return None
    row, user = found
    expired = row.expires_at <= now or now - row.last_seen_at > settings().session_idle
    if user.disabled or expired or now - row.last_seen_at >= SEEN_EVERY:  # most clicks write nothing
        with write_session(engine, data=False) as session:
            if user.disabled or expired:
                session.execute(sa.delete(UserSession).where(UserSession.id == row.id))
            else:
                session.execute(sa.update(UserSession).where(UserSession.id == row.id).values(last_seen_at=now))
    if expired and not user.disabled:
        raise AuthError("auth.expired")
    return None if user.disabled else Actor.of(user)


def sign_out(token: str | None, engine: Engine | None = None) -> None:
    """End this browser's session (the row goes; the cookie then opens nothing)."""
    if not token:
        return
    with write_session(engine, data=False) as session:
        found = session.exec(select(UserSession, User.username).join(User)
                             .where(UserSession.token_hash == token_hash(token))).first()
        if found:
            session.delete(found[0])
            record(session, AuthEventKind.signed_out, found[1])


def end_sessions(session: Session, user: User) -> None:
    """End every session of a user (disabled, new role, new password): their next click signs them out."""
    session.execute(sa.delete(UserSession).where(UserSession.user_id == user.id))


def find_user(session: Session, username: str) -> User:
    user = session.exec(select(User).where(User.username == username)).first()
    if user is None:
        raise AuthError("auth.no_such_user", username=username)
    return user


def valid_role(role: str) -> str:
    if role not in Role.__members__:
        raise AuthError("auth.bad_role", role=role)
    return role
