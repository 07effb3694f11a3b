"""The administrator's work (账号管理): users, roles, streets, passwords, sessions, and the
sign-in record. Like every service, each function checks the acting user's rights on the
server, validates, records what it did and commits in one transaction.
"""
from __future__ import annotations

import secrets
from datetime import datetime

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import select

from .auth import (Actor, AuthError, AuthEventKind, end_sessions, find_user, hash_password, password_matches,
                   record, valid_role)
from .codes import DISTRICT_SEPARATOR, STREET_SUFFIX, Role
from .database import read_session, write_session
from .models import AuthEvent, City, District, Street, User, UserSession, utcnow
from .services import PermissionDenied, Refused, home_district

MAX_NAME = 60


def _admin(actor: Actor) -> None:
    if actor.role != Role.admin:
        raise PermissionDenied("service.denied", action="users")


def _places(session, role: str, street: str | None, district: str | None) -> tuple[int | None, int | None]:
    """(street id, district id) of a user. A street official has a street (a known street, with or without
    街道) or, instead, a whole district (区县干部); a leader may be given a district (a district's leader,
    who sees only it); other roles have neither."""
    street = (street or "").strip().removesuffix(STREET_SUFFIX)
    if role == Role.street and street:
        found = session.exec(select(Street).where(Street.name == street)).first()
        if found is None:
            raise AuthError("auth.street_required")
        return found.id, None
    if role in (Role.street, Role.leader) and (district or "").strip():
        return None, district_id(session, district)
    if role == Role.street:
        raise AuthError("auth.street_required")
    return None, None


def district_id(session, name: str) -> int:
    """A district named "甘井子区" (when no other city has one of that name) or "大连市/甘井子区"."""
    city, _, district = name.strip().rpartition(DISTRICT_SEPARATOR)
    query = select(District.id).join(City).where(District.name == district.strip())
    found = session.exec(query.where(City.name == city.strip()) if city else query).all()
    if len(found) != 1:
        raise AuthError("auth.no_such_district" if not found else "auth.district_ambiguous", name=name.strip())
    return found[0]


def add_user(actor: Actor, username: str, password: str, role: str, display_name: str = "",
             street: str | None = None, engine: Engine | None = None, district: str | None = None) -> None:
    _admin(actor)
    username, display_name = username.strip(), display_name.strip()
    if not username or len(username) > MAX_NAME or any(c.isspace() for c in username):
        raise AuthError("auth.bad_username", limit=MAX_NAME)
    if len(display_name) > MAX_NAME:
        raise AuthError("auth.bad_display_name", limit=MAX_NAME)
    valid_role(role)
    with write_session(engine, data=False) as session:
        if session.exec(select(User).where(User.username == username)).first():
            raise AuthError("auth.user_exists", username=username)
        street_id, district = _places(session, role, street, district)
        session.add(User(username=username, display_name=display_name or username, role=role, street_id=street_id,
                         district_id=district, password_hash=hash_password(password)))
        record(session, AuthEventKind.user_added, username, actor=actor.username, detail=role)


def change_role(actor: Actor, username: str, role: str, street: str | None = None,
                engine: Engine | None = None, district: str | None = None) -> None:
    """A new role (and street or district, for a street official; district, for a leader); the user's
    sessions end."""
    _admin(actor)
    valid_role(role)
    if username == actor.username:
        raise Refused("auth.not_yourself")
    with write_session(engine, data=False) as session:
        user = find_user(session, username)
        user.role = role
        user.street_id, user.district_id = _places(session, role, street, district)
        end_sessions(session, user)
        record(session, AuthEventKind.role_changed, username, actor=actor.username,
               detail=" ".join(filter(None, (role, street, district))))


def set_disabled(actor: Actor, username: str, disabled: bool, engine: Engine | None = None) -> None:
    """Disable (sessions end at once) or enable an account."""
    _admin(actor)
    if username == actor.username:
        raise Refused("auth.not_yourself")
    with write_session(engine, data=False) as session:
        user = find_user(session, username)
        user.disabled = disabled
        if disabled:
            end_sessions(session, user)
        record(session, AuthEventKind.disabled if disabled else AuthEventKind.enabled, username, actor=actor.username)


def set_password(actor: Actor, username: str, password: str, current_password: str | None = None,
                 engine: Engine | None = None) -> None:
    """The admin sets anybody's password; a user changes their own with their current one.
    Every session of the user ends."""
    if actor.role != Role.admin and actor.username != username:
        raise PermissionDenied("service.denied", action="users")
    with write_session(engine, data=False) as session:
        user = find_user(session, username)
        if actor.role != Role.admin and not password_matches(user.password_hash, current_password or ""):
            raise AuthError("auth.wrong_current_password")
        user.password_hash = hash_password(password)
        end_sessions(session, user)
        record(session, AuthEventKind.password_set, username, actor=actor.username)


def new_password() -> str:
    """A random password of 12 characters, for the admin to pass on."""
    return secrets.token_urlsafe(9)


def reset_password(actor: Actor, username: str, engine: Engine | None = None) -> str:
    """A new random password, to be shown once to the admin and passed on; sessions end."""
    password = new_password()
    set_password(actor, username, password, engine=engine)
    return password


def unlock(actor: Actor, username: str, engine: Engine | None = None) -> None:
    """Clear the sign-in throttling of a name (its failures so far no longer count)."""
    _admin(actor)
    with write_session(engine, data=False) as session:
        find_user(session, username)
        record(session, AuthEventKind.unlocked, username, actor=actor.username)


def end_session(actor: Actor, session_id: int, engine: Engine | None = None) -> None:
    _admin(actor)
    with write_session(engine, data=False) as session:
        found = session.exec(select(UserSession, User.username).join(User).where(UserSession.id == session_id)).first()
        if found is None:
            raise Refused("auth.no_such_session")
        session.delete(found[0])
        record(session, AuthEventKind.session_ended, found[1], actor=actor.username, detail=found[0].client)


def add_street(actor: Actor, name: str, engine: Engine | None = None, district: str | None = None) -> None:
    """A new street, in `district` (see district_id; by default the home district)."""
    _admin(actor)
    name = name.strip().removesuffix(STREET_SUFFIX)
    with write_session(engine) as session:
        if not name or len(name) > 40 or session.exec(select(Street).where(Street.name == name)).first():
            raise Refused("service.bad_street", name=name)
        position = session.exec(select(sa.func.coalesce(sa.func.max(Street.position) + 1, 0))).one()
        session.add(Street(name=name, position=position,
                           district_id=district_id(session, district) if district else home_district(session)))


# --- what the admin reads ---------------------------------------------------------------

def users(actor: Actor, engine: Engine | None = None) -> pd.DataFrame:
    """Every account with its street and district ("" for none; a district as 大连市/甘井子区), state and
    live sessions."""
    _admin(actor)
    live = (sa.select(UserSession.user_id, sa.func.count().label("sessions")).where(UserSession.expires_at > utcnow())
            .group_by(UserSession.user_id).subquery())
    query = (sa.select(User.username, User.display_name, User.role,
                       sa.func.coalesce(Street.name, "").label("street"),
                       sa.func.coalesce(City.name + DISTRICT_SEPARATOR + District.name, "").label("district"),
                       User.disabled, sa.func.coalesce(live.c.sessions, 0).label("sessions"), User.created_at)
             .outerjoin(Street, User.street_id == Street.id).outerjoin(District, User.district_id == District.id)
             .outerjoin(City, District.city_id == City.id).outerjoin(live, live.c.user_id == User.id)
             .order_by(User.role, User.username))
    with read_session(engine) as session:
        result = session.execute(query)
        return pd.DataFrame.from_records([tuple(r) for r in result], columns=list(result.keys()))


def sessions(actor: Actor, engine: Engine | None = None) -> pd.DataFrame:
    """Live sessions, the most recently used first."""
    _admin(actor)
    query = (sa.select(UserSession.id, User.username, User.display_name, UserSession.created_at,
                       UserSession.last_seen_at, UserSession.expires_at, UserSession.client)
             .join(User).where(UserSession.expires_at > utcnow()).order_by(UserSession.last_seen_at.desc()))
    with read_session(engine) as session:
        result = session.execute(query)
        return pd.DataFrame.from_records([tuple(r) for r in result], columns=list(result.keys()))


def sign_in_record(actor: Actor, username: str = "", since: datetime | None = None, limit: int = 500,
                   engine: Engine | None = None) -> pd.DataFrame:
    """The sign-in record, newest first: sign-ins, refusals, throttled tries and account changes."""
    _admin(actor)
    e = AuthEvent
    query = sa.select(e.at, e.event, e.username, e.client, e.actor, e.detail).order_by(e.at.desc(), e.id.desc())
    if username.strip():
        query = query.where(e.username == username.strip())
    if since is not None:
        query = query.where(e.at >= since)
    with read_session(engine) as session:
        result = session.execute(query.limit(limit))
        return pd.DataFrame.from_records([tuple(r) for r in result], columns=list(result.keys()))
