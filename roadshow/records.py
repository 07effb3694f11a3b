"""The one way a project is written, whatever the path (forms, bulk edit, import): the rules
checked against the values the project will have, one history row per changed field, the
new version, the dated completed-investment report, and a rating behind stars set directly.
services (forms) and ledger (import) both write through here."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, select

from .codes import DispatchLevel
from .metrics import default_as_of
from .models import InvestmentReport, Project, ProjectHistory, Rating, Street, utcnow
from .rules import Bad, project_problems

# a street move is recorded under the label's name, with the streets' names, not their ids
HISTORY_NAME = {"street_id": "street"}
PROGRESS = "progress"  # a history entry that is a progress note (进展说明), not a field
# what a new project holds in the fields a ledger row leaves empty
NEW_PROJECT = {"completed_wan": Decimal(0), "suspended": False, "city_key": False}


class Invalid(Exception):
    """Broken rules, per field: {field: Bad}; nothing was written."""

    def __init__(self, problems: dict[str, Bad]):
        super().__init__(problems)
        self.problems = problems


def history_field(name: str) -> str:
    """The name a project field has in the history (and its label: field.<name>)."""
    return HISTORY_NAME.get(name, name)


def shown(value) -> str | None:
    """A field's value as the project history stores it."""
    return None if value is None else value.isoformat() if isinstance(value, date) else str(value)


def problems_after(project: Project, changes: dict) -> dict[str, Bad]:
    """The rules broken by the project's values once `changes` are applied (not only the changed fields:
    making a project preliminary while it keeps its start date breaks a rule too)."""
    current = {c.name: getattr(project, c.name) for c in Project.__table__.columns}
    return dict(project_problems({**current, **changes}))


def new_project_problems(values: dict) -> dict[str, Bad]:
    """The rules broken by a project about to be created with `values`."""
    return dict(project_problems({**NEW_PROJECT, **values}))


def write_changes(session: Session, actor: str, project: Project, changes: dict, note: str | None) -> bool:
    """Check and write `changes` (stored values) to a loaded project; False when nothing is written.
    A note without a change is a progress note (进展说明). Raises Invalid, having written nothing, when
    a rule is broken, and StaleDataError when someone else saved the project since it was loaded."""
    problems = problems_after(project, changes)
    if problems:
        raise Invalid(problems)
    changed = {k: v for k, v in changes.items() if getattr(project, k) != v}
    if not changed and not note:
        return False
    version = project.version + 1  # the UPDATE below bumps it (optimistic locking)
    for name, value in changed.items():
        old, new = getattr(project, name), value
        if name == "street_id":
            old, new = (session.get(Street, i).name for i in (old, new))
        session.add(ProjectHistory(project_id=project.id, changed_by=actor, field=history_field(name),
                                   version=version, old_value=shown(old), new_value=shown(new), note=note))
        setattr(project, name, value)
    if not changed:
        session.add(ProjectHistory(project_id=project.id, changed_by=actor, field=PROGRESS, version=version,
                                   new_value=note))
    project.updated_by, project.updated_at = actor, utcnow()
    session.flush()  # "WHERE version = <loaded>": a concurrent save fails here, before anything else
    if "completed_wan" in changed:
        report_completed(session, project, actor)
    if "stars" in changed:
        _rate_directly(session, project)
    return True


def create_projects(session: Session, actor: str, rows: list[dict], note: str) -> None:
    """Insert new projects (rows of stored values, checked with new_project_problems) in bulk, each with
    its "created" history row, its completed-investment report and the rating behind its stars: an
    import can hold a city's 10,000 projects, too many for one ORM object and query each."""
    if not rows:
        return
    table, now = Project.__table__, utcnow()
    blank = {c.name: None for c in table.columns if c.name != "id"}
    blank.update(NEW_PROJECT, version=1, created_by=actor, created_at=now, updated_by=actor, updated_at=now)
    conn = session.connection()
    # a plain executemany, then the ids by code: RETURNING from a bulk insert makes psycopg rewrite
    # statements of thousands of placeholders (6 s of a 10,000-row import on PostgreSQL)
    conn.execute(sa.insert(table), [{**blank, **fields} for fields in rows])
    codes = [fields["code"] for fields in rows]
    id_of = {}
    for start in range(0, len(codes), 5000):  # SQLite takes at most 32,766 parameters a statement
        id_of.update(conn.execute(sa.select(table.c.code, table.c.id)
                                  .where(table.c.code.in_(codes[start:start + 5000]))).all())
    ids = [id_of[code] for code in codes]
    conn.execute(sa.insert(ProjectHistory.__table__), [
        {"project_id": pid, "changed_at": now, "changed_by": actor, "field": "created", "version": 1,
         "old_value": None, "new_value": fields["name"], "note": note} for pid, fields in zip(ids, rows)])
    days = {year: default_as_of(year) for year in {fields["plan_year"] for fields in rows}}  # once, not per row
    reports = [{"project_id": pid, "reported_on": days[fields["plan_year"]], "reported_by": actor,
                "completed_wan": fields["completed_wan"]}
               for pid, fields in zip(ids, rows) if fields.get("completed_wan")]
    if reports:
        conn.execute(sa.insert(InvestmentReport.__table__), reports)
    ratings = [_direct_rating(pid, fields["plan_year"], fields["stars"], actor, days[fields["plan_year"]])
               for pid, fields in zip(ids, rows) if fields.get("stars")]
    if ratings:
        conn.execute(sa.insert(Rating.__table__), ratings)


def write_many(session: Session, actor: str, rows: list[tuple[dict, dict]], note: str | None) -> None:
    """write_changes for many projects at once (an import changing a city's 10,000): (the project's
    values as read in this transaction, changes) per project, each written as write_changes writes it —
    the rules on the values it will have, one history row per changed field, the version bumped only
    from the version read, the day's completed-investment report, the rating behind changed stars —
    in a few statements instead of several per project. Raises Invalid (nothing written by it) or
    StaleDataError (a project no longer at the version read)."""
    table, now, conn = Project.__table__, utcnow(), session.connection()
    streets = dict(conn.execute(sa.select(Street.id, Street.name)).all())
    history, updates, reported, rated = [], {}, [], []
    days = {year: default_as_of(year) for year in {current["plan_year"] for current, _ in rows}
            | {changes["plan_year"] for _, changes in rows if "plan_year" in changes}}
    for current, changes in rows:
        problems = dict(project_problems({**current, **changes}))
        if problems:
            raise Invalid(problems)
        changed = {k: v for k, v in changes.items() if current[k] != v}
        if not changed:
            continue
        version = current["version"] + 1
        for name, value in changed.items():
            old, new = (streets[current[name]], streets[value]) if name == "street_id" else (current[name], value)
            history.append({"project_id": current["id"], "changed_at": now, "changed_by": actor,
                            "field": history_field(name), "version": version, "old_value": shown(old),
                            "new_value": shown(new), "note": note})
        updates.setdefault(tuple(sorted(changed)), []).append(
            {"b_id": current["id"], "b_version": current["version"], **{f"b_{k}": v for k, v in changed.items()}})
        after = {**current, **changed}
        if "completed_wan" in changed:
            reported.append({"project_id": after["id"], "reported_on": days[after["plan_year"]],
                             "completed_wan": after["completed_wan"], "reported_by": actor})
        if "stars" in changed and after["stars"]:
            rated.append(_direct_rating(after["id"], after["plan_year"], after["stars"], actor,
                                        days[after["plan_year"]]))
    for fields, params in updates.items():
        statement = (table.update()
                     .where(table.c.id == sa.bindparam("b_id"), table.c.version == sa.bindparam("b_version"))
                     .values(version=table.c.version + 1, updated_by=actor, updated_at=now,
                             **{f: sa.bindparam(f"b_{f}") for f in fields}))
        result = conn.execute(statement, params)
        if conn.dialect.supports_sane_multi_rowcount and result.rowcount != len(params):
            raise StaleDataError("a project was saved by someone else")
    if history:
        conn.execute(sa.insert(ProjectHistory.__table__), history)
    # one report and one direct rating a project and day: today's replace any made earlier today
    for model, key, made in ((InvestmentReport, "reported_on", reported), (Rating, "cycle", rated)):
        column = getattr(model, key)
        for value in {r[key] for r in made}:
            ids = [r["project_id"] for r in made if r[key] == value]
            for start in range(0, len(ids), 500):
                conn.execute(sa.delete(model.__table__).where(model.project_id.in_(ids[start:start + 500]),
                                                              column == value))
        if made:
            conn.execute(sa.insert(model.__table__), made)


def report_completed(session: Session, project: Project, actor: str) -> None:
    """Record the project's completed investment as reported today (one report a day)."""
    day = default_as_of(project.plan_year)  # today, within the plan year
    report = session.exec(select(InvestmentReport).where(InvestmentReport.project_id == project.id,
                                                         InvestmentReport.reported_on == day)).first()
    if report is None:
        session.add(InvestmentReport(project_id=project.id, reported_on=day,
                                     completed_wan=project.completed_wan, reported_by=actor))
    else:
        report.completed_wan, report.reported_by = project.completed_wan, actor


def _direct_rating(project_id: int, plan_year: int, stars: int, actor: str, day: date | None = None) -> dict:
    """The rating behind stars set directly (only an import does; the dispatch office rates through
    roadshow/ratings.py), so that a project's stars always come from its ratings (metrics.stars_as_of).

    Dated like the completed-investment report: today, within the plan year (an imported past year's
    ledger keeps its stars as of that year's days). Its cycle is "import-<yyyymmdd>" of that day (one
    per project and day: a second import that day replaces it), its level the quarterly one where
    stars are set; it has no parts (not scored by the rule) and the reason "imported"."""
    day = day or default_as_of(plan_year)
    return {"project_id": project_id, "cycle": f"import-{day:%Y%m%d}", "level": DispatchLevel.quarterly,
            "rated_on": day, "benefit_score": None, "problem_score": None, "progress_score": None,
            "stars": stars, "reason": "imported", "rated_by": actor, "rated_at": utcnow()}


def _rate_directly(session: Session, project: Project) -> None:
    values = _direct_rating(project.id, project.plan_year, project.stars, project.updated_by)
    rating = session.exec(select(Rating).where(Rating.project_id == project.id,
                                               Rating.cycle == values["cycle"])).first()
    if rating is None:
        session.add(Rating(**values))
    else:
        rating.stars, rating.rated_by, rating.rated_at = project.stars, values["rated_by"], values["rated_at"]
