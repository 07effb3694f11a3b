"""Every list that leaves Roadshow as a file: the ledger (in the import format, so that export →
import gives back the same ledger), the follow-up list, ratings and the change history — each as
xlsx or as CSV (UTF-8 with BOM) through roadshow.spreadsheets (numbers stay numbers, formula-like
text is neutralised). A street official's files hold their own street only, a district official's or a
district leader's their district only (`scope`)."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from .. import queries
from ..auth import Actor
from ..database import get_engine
from ..codes import DISTRICT_SEPARATOR, STREET_SUFFIX, Role
from ..hierarchy import places, scope_of, several
from ..i18n import fmt_value, label, t
from ..metrics import ALL, Filters
from ..models import City, District, Project, ProjectHistory, Rating, Street, User
from ..ratings import IMPORTED
from ..settings import settings
from ..spreadsheets import to_csv, to_xlsx
from .columns import ledger_columns, shown

FORMATS = ("xlsx", "csv")


def scope(actor: Actor, filters: Filters, engine: Engine) -> Filters:
    """The filters narrowed to what the actor may take away: a street official, their own street; a
    user limited to a district (a district official, a district's leader), that district."""
    if actor.role == Role.street and actor.street_id is not None:
        own = dict(queries.streets(engine))[actor.street_id]
        return replace(filters, streets=(own,))
    district = scope_of(engine, actor)
    return filters if district is None else replace(filters, cities=district.cities, districts=district.districts)


def _frame(engine: Engine, query) -> pd.DataFrame:
    with engine.connect() as db:
        result = db.execute(query)
        return pd.DataFrame([tuple(r) for r in result], columns=list(result.keys()))


def ledger_frame(engine: Engine, plan_year: int | None = None, filters: Filters = ALL, search: str = "",
                 lang: str = "zh") -> pd.DataFrame:
    """The ledger in the import file's columns and headers: every field, current values (and each
    street's district, as 城市/区县, in a deployment of several districts)."""
    query = (sa.select(Project.__table__, (City.name + DISTRICT_SEPARATOR + District.name).label("district"))
             .join(Street, Project.street_id == Street.id).join(District, Street.district_id == District.id)
             .join(City, District.city_id == City.id).where(*filters.conditions())
             .order_by(Project.plan_year, Street.position, Project.code))
    if plan_year is not None:
        query = query.where(Project.plan_year == plan_year)
    if search.strip():
        query = query.where(sa.or_(Project.name.contains(search.strip(), autoescape=True),
                                   Project.code.contains(search.strip(), autoescape=True)))
    with engine.connect() as db:
        records = db.execute(query).mappings().all()
    streets = dict(queries.streets(engine))
    columns = ledger_columns(several(places(engine), "district"))
    return pd.DataFrame({c.header: [shown(c, r[c.target], lang, streets) for r in records] for c in columns},
                        columns=[c.header for c in columns])


def follow_up_frame(engine: Engine, plan_year: int, as_of: date, filters: Filters = ALL,
                    lang: str = "zh") -> pd.DataFrame:
    """The follow-up list (问题清单) as queries.follow_up_list has it on the day."""
    f = queries.follow_up_list(engine, plan_year, as_of, filters)
    return pd.DataFrame({
        t("field.street", lang): [s + STREET_SUFFIX for s in f["street"]] if len(f) else [],
        t("field.code", lang): f["code"], t("field.name", lang): f["name"],
        t("issue.description", lang): f["description"], t("issue.owner", lang): f["owner_unit"],
        t("col.measures", lang): f["measures"], t("col.raised_on", lang): f["raised_on"],
        t("issue.deadline", lang): f["deadline"],
        t("issue.status", lang): [label("issue_status", s, lang) for s in f["status"]],
        t("col.overdue", lang): [fmt_value("city_key", bool(o), lang) for o in f["overdue"]],
    })


def ratings_frame(engine: Engine, plan_year: int, as_of: date, filters: Filters = ALL,
                  lang: str = "zh") -> pd.DataFrame:
    """Every star rating of the filtered projects made by the day, project by project: the parts of its
    score and their sum, the stars the rule proposed and those given, and why they differ (an override's
    reason; imported stars say so)."""
    r = Rating
    f = _frame(engine, sa.select(Street.name.label("street"), Project.code, Project.name, r.cycle, r.level, r.rated_on,
                                 r.benefit_score, r.problem_score, r.progress_score, r.proposed_stars, r.stars,
                                 r.reason)
               .join(Project, r.project_id == Project.id).join(Street, Project.street_id == Street.id)
               .where(Project.plan_year == plan_year, r.rated_on <= as_of, *filters.conditions())
               .order_by(Street.position, Project.code, r.rated_on))
    parts = ("benefit_score", "problem_score", "progress_score")
    return pd.DataFrame({
        t("field.street", lang): [s + STREET_SUFFIX for s in f["street"]] if len(f) else [],
        t("field.code", lang): f["code"], t("field.name", lang): f["name"],
        t("rating.cycle", lang): f["cycle"],
        t("col.level", lang): [label("dispatch_level", v, lang) for v in f["level"]],
        t("rating.rated_on", lang): f["rated_on"],
        **{t(f"rating.{part}", lang): _whole(f[column]) for part, column in zip(("benefit", "problems", "progress"),
                                                                               parts)},
        t("rating.score", lang): [None if any(pd.isna(v) for v in row) else int(sum(row))
                                  for row in zip(*(f[c] for c in parts))],
        t("rating.proposed", lang): _whole(f["proposed_stars"]), t("rating.stars", lang): f["stars"],
        t("rating.reason", lang): [None if pd.isna(v) else t("rating.imported", lang) if v == IMPORTED else v
                                   for v in f["reason"]],
    })


def _whole(values: pd.Series) -> list:
    """Whole numbers as ints, missing ones as empty cells (pandas would make the column floats)."""
    return [None if pd.isna(v) else int(v) for v in values]


def history_frame(engine: Engine, plan_year: int, as_of: date, filters: Filters = ALL,
                  lang: str = "zh") -> pd.DataFrame:
    """The change history of the filtered projects up to the day (Beijing time), oldest first, people
    by their display names and values as a person reads them."""
    h = ProjectHistory
    end = datetime.combine(as_of + timedelta(days=1), time(), tzinfo=settings().zone)
    f = _frame(engine, sa.select(h.changed_at, sa.func.coalesce(User.display_name, h.changed_by).label("who"),
                                 Street.name.label("street"), Project.code, Project.name, h.field, h.old_value,
                                 h.new_value, h.note)
               .join(Project, h.project_id == Project.id).join(Street, Project.street_id == Street.id)
               .outerjoin(User, User.username == h.changed_by)
               .where(Project.plan_year == plan_year, h.changed_at < end, *filters.conditions())
               .order_by(h.changed_at, h.id))
    zone = settings().zone

    def when(moment) -> datetime:  # stored in UTC (naive on SQLite), shown in the district's time
        moment = pd.Timestamp(moment).to_pydatetime()
        return (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)).astimezone(zone).replace(tzinfo=None)

    return pd.DataFrame({
        t("history.when", lang): [when(m) for m in f["changed_at"]],
        t("history.who", lang): f["who"],
        t("field.street", lang): [s + STREET_SUFFIX for s in f["street"]] if len(f) else [],
        t("field.code", lang): f["code"], t("field.name", lang): f["name"],
        t("history.field", lang): [t(f"field.{x}", lang) for x in f["field"]],
        t("history.old", lang): [fmt_value(x, v, lang) if v is not None else None
                                 for x, v in zip(f["field"], f["old_value"])],
        t("history.new", lang): [fmt_value(x, v, lang) if v is not None else None
                                 for x, v in zip(f["field"], f["new_value"])],
        t("history.note", lang): f["note"],
    })


def as_file(frame: pd.DataFrame, sheet: str, fmt: str) -> bytes:
    """A frame as an xlsx workbook (one sheet) or a CSV file."""
    return to_xlsx({sheet: frame}) if fmt == "xlsx" else to_csv(frame)


def export_ledger(path, plan_year: int | None = None, lang: str = "zh", engine: Engine | None = None) -> int:
    """Write the ledger (one plan year, or all) to an xlsx or CSV file by its name; the row count."""
    frame = ledger_frame(engine or get_engine(), plan_year, lang=lang)
    path = Path(path)
    path.write_bytes(as_file(frame, t("template.sheet", "zh"), "csv" if path.suffix.lower() == ".csv" else "xlsx"))
    return len(frame)
