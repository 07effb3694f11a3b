"""Write services: each checks, validates, records history and commits in one transaction."""
from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlmodel import select

from .codes import STREETS
from .database import write_session
from .models import Street


def ensure_streets(engine: Engine | None = None) -> int:
    """Create the district's streets that are missing; returns how many were added."""
    with write_session(engine) as session:
        known = set(session.exec(select(Street.name)).all())
        missing = [Street(name=name, position=i) for i, name in enumerate(STREETS) if name not in known]
        session.add_all(missing)
    return len(missing)
