"""The places of a deployment: city (市) → district (区县) → street (街道).

A deployment for one district (the default, the demo: 大连市 › 甘井子区) shows no level above
its streets; a city's shows its districts, a province's its cities too. Here: every street with
its district and city, the level a ranking is at for the chosen places, and the district a
user is limited to.
"""
from __future__ import annotations

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from .auth import Actor
from .codes import Role
from .metrics import Filters
from .models import City, District, Street

COLUMNS = ["street_id", "street", "district_id", "district", "city_id", "city"]


def places(engine: Engine) -> pd.DataFrame:
    """Every street with its district and city, in the hierarchy's order (columns COLUMNS)."""
    query = (sa.select(Street.id, Street.name, District.id, District.name, City.id, City.name)
             .join(District, Street.district_id == District.id).join(City, District.city_id == City.id)
             .order_by(City.position, City.id, District.position, District.id, Street.position, Street.id))
    with engine.connect() as db:
        return pd.DataFrame.from_records([tuple(r) for r in db.execute(query)], columns=COLUMNS)


def districts(engine: Engine) -> pd.DataFrame:
    """Every district with its city, in order, streets or not (columns district_id, district, city_id, city)."""
    query = (sa.select(District.id, District.name, City.id, City.name).join(City, District.city_id == City.id)
             .order_by(City.position, City.id, District.position, District.id))
    with engine.connect() as db:
        return pd.DataFrame.from_records([tuple(r) for r in db.execute(query)], columns=COLUMNS[2:])


def several(places: pd.DataFrame, level: str) -> bool:
    """Whether the deployment has more than one city or district: only then is that level shown."""
    return places[f"{level}_id"].nunique() > 1


def home(places: pd.DataFrame) -> str | None:
    """The place the deployment covers: its one district, else its one city; None for several cities
    (the model has no province) or no streets yet."""
    for level in ("district", "city"):
        if places[f"{level}_id"].nunique() == 1:
            return str(places[level].iloc[0])
    return None


def in_scope(places: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """The streets within the filters' places."""
    keep = pd.Series(True, index=places.index)
    for level, chosen in (("city", filters.cities), ("district", filters.districts), ("street", filters.streets)):
        if chosen:
            keep &= places[level].isin(chosen)
    return places[keep]


def ranking_level(places: pd.DataFrame, filters: Filters) -> str:
    """The level a ranking of the chosen places is at: the one below the place chosen — cities
    while several are in scope, then districts, then streets."""
    scoped = in_scope(places, filters)
    if scoped["city_id"].nunique() > 1:
        return "city"
    return "district" if scoped["district_id"].nunique() > 1 else "street"


def label(row, level: str, qualified: bool) -> str:
    """A place as a person names it: a district with its city where districts of several cities
    are listed together (two cities may each have a 中山区)."""
    return f"{row['city']} › {row['district']}" if level == "district" and qualified else str(row[level])


def scope_of(engine: Engine, actor: Actor) -> Filters | None:
    """The places a user may see, when limited to a district: a street official sees their street's
    district, a district official or a district's leader their district; others see everything (None)."""
    if actor.role not in (Role.street, Role.leader) or (actor.street_id is None and actor.district_id is None):
        return None
    query = sa.select(City.name, District.name).join(City, District.city_id == City.id)
    if actor.street_id is not None:
        query = query.join(Street, Street.district_id == District.id).where(Street.id == actor.street_id)
    else:
        query = query.where(District.id == actor.district_id)
    with engine.connect() as db:
        city, district = db.execute(query).one()
    return Filters(cities=(city,), districts=(district,))
