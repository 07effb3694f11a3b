"""The metrics of domain.md, as of a date D within a plan year, computed in SQL.

Every function takes an engine, a plan year, an as-of date and optional filters,
and runs one aggregate query; nothing loads the project rows into Python.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import distinct_on
from sqlalchemy.engine import Engine
from sqlmodel import Session

from .codes import Category, IssueStatus, Stage
from .models import City, District, FollowUp, InvestmentReport, Issue, Meeting, Project, Rating, Street
from .settings import today as clock_today

ZERO = Decimal("0.00")
PLACES = ("city", "district", "street")  # the hierarchy, from the top
GROUPINGS = (*PLACES, "category", "stage")


@dataclass(frozen=True)
class Filters:
    """Which projects count: empty tuples mean all. Places go city → district → street, by name: a
    district's name is read within the chosen cities (two cities may each have a 中山区)."""

    streets: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    stages: tuple[str, ...] = ()
    city_key_only: bool = False
    cities: tuple[str, ...] = ()
    districts: tuple[str, ...] = ()

    def street_ids(self):
        """The streets in the chosen places, as a subquery (None: every street)."""
        if not (self.streets or self.districts or self.cities):
            return None
        query = sa.select(Street.id)
        if self.streets:
            query = query.where(Street.name.in_(self.streets))
        if self.districts or self.cities:
            query = query.join(District, Street.district_id == District.id)
        if self.districts:
            query = query.where(District.name.in_(self.districts))
        if self.cities:
            query = query.join(City, District.city_id == City.id).where(City.name.in_(self.cities))
        return query

    def conditions(self) -> list:
        conds = []
        if (streets := self.street_ids()) is not None:  # a subquery: no join needed wherever projects are read
            conds.append(Project.street_id.in_(streets))
        if self.categories:
            conds.append(Project.category.in_(self.categories))
        if self.stages:
            conds.append(Project.stage.in_(self.stages))
        if self.city_key_only:
            conds.append(Project.city_key.is_(True))
        return conds


ALL = Filters()


def rate(numerator, denominator) -> float | None:
    """A fraction, or None when the denominator is 0 (shown as "—", never 0%)."""
    return None if not denominator else float(numerator) / float(denominator)


def latest_plan_year(engine: Engine) -> int | None:
    with Session(engine) as session:
        return session.execute(sa.select(sa.func.max(Project.plan_year))).scalar()


def plan_years(engine: Engine) -> list[int]:
    with Session(engine) as session:
        years = session.execute(sa.select(Project.plan_year).distinct()).scalars()
        return sorted(years, reverse=True)


def time_elapsed_share(plan_year: int, as_of: date) -> float:
    """序时进度 on D: the days of the plan year up to and including D over the days of the year
    (0 before the year starts, 1 once it is over)."""
    first, last = date(plan_year, 1, 1), date(plan_year, 12, 31)
    days = (min(max(as_of, first - timedelta(days=1)), last) - first).days + 1
    return days / ((last - first).days + 1)


def default_as_of(plan_year: int, today: date | None = None) -> date:
    """Today, capped to the plan year's last day."""
    return min(today or clock_today(), date(plan_year, 12, 31))


# Statements are built once per grouping and filters, with the dates as parameters:
# building and hashing a fresh expression each call costs more than the query itself.
PLAN_YEAR = sa.bindparam("plan_year", type_=sa.Integer)
YEAR_START = sa.bindparam("year_start", type_=sa.Date)
AS_OF = sa.bindparam("as_of", type_=sa.Date)


def _params(plan_year: int, as_of: date) -> dict:
    return {"plan_year": plan_year, "year_start": date(plan_year, 1, 1), "as_of": as_of}


def completed_as_of(as_of):
    """A project's completed investment on D: its latest report on or before D (an indexed lookup)."""
    return (
        sa.select(InvestmentReport.completed_wan)
        .where(InvestmentReport.project_id == Project.id, InvestmentReport.reported_on <= as_of)
        .order_by(InvestmentReport.reported_on.desc())
        .limit(1)
        .correlate(Project)
        .scalar_subquery()
    )


# a place at each level: the columns that name it (a district's name repeats across cities) and their labels
PLACE_COLUMNS = {"street": (Street.name,), "district": (District.id, District.name, City.name), "city": (City.name,)}
PLACE_NAMES = {"street": ("street",), "district": ("district_id", "district", "city"), "city": ("city",)}


def with_place(query, level: str, group: bool = False):
    """`query` (on projects) with its projects' place at `level` joined and added as columns (street;
    district_id, district, city; or city), and grouped by it when `group`."""
    query = query.join(Street, Project.street_id == Street.id)
    if level != "street":
        query = query.join(District, Street.district_id == District.id).join(City, District.city_id == City.id)
    columns = PLACE_COLUMNS[level]
    query = query.add_columns(*(c.label(n) for c, n in zip(columns, PLACE_NAMES[level])))
    return query.group_by(*columns) if group else query


PLACE_KEY = {"street": "street", "district": "district_id", "city": "city"}  # what a place is grouped by


def latest_by_day(value, day, as_of):
    """PostgreSQL's form of a project's latest value by D (completed_as_of, stars_as_of): every project's
    as a table (project_id, value) in one ordered pass (DISTINCT ON) that an aggregate joins — there 2-4×
    faster than a lookup per project (SQLite is faster with the lookup, and has no DISTINCT ON). It reads
    every project's rows dated by D, other plan years' too: narrowing them by year costs more than it saves."""
    owner = value.table.c.project_id
    return (sa.select(owner.label("project_id"), value.label("value")).where(day <= as_of)  # of one day, the last
            .ext(distinct_on(owner)).order_by(owner, day.desc(), value.table.c.id.desc()).subquery())


def _projects(filters: Filters, level: str | None, dialect: str):
    """The filtered projects of the year, one row each, with the completed investment as of D
    (and their place at `level`: the joins cost a lookup per project, so only when asked for)."""
    query = sa.select(Project.id, Project.stage, Project.category, Project.start_date,
                      Project.total_investment_wan, Project.annual_plan_wan)
    if dialect == "postgresql":
        completed = latest_by_day(InvestmentReport.completed_wan, InvestmentReport.reported_on, AS_OF)
        query = (query.add_columns(completed.c.value.label("completed_wan")).select_from(Project)
                 .outerjoin(completed, completed.c.project_id == Project.id))
    else:
        query = query.add_columns(completed_as_of(AS_OF).label("completed_wan"))
    if level:
        query = with_place(query, level)
    return query.where(Project.plan_year == PLAN_YEAR, *filters.conditions()).subquery()


@lru_cache(maxsize=256)
def _aggregate(by: tuple[str, ...], filters: Filters, only: tuple[str, ...] = (), dialect: str = "sqlite"):
    """The aggregate statement for a database: one row, or one row per group of the `by` columns;
    every measure, or `only` those named (what is not asked for, SQLite does not compute)."""
    level = next((b for b in by if b in PLACES), None)
    p = _projects(filters, level, dialect)
    started_in_year = sa.and_(
        p.c.stage.in_((Stage.continuing, Stage.new)),
        p.c.start_date >= YEAR_START,
        p.c.start_date <= AS_OF,
    )

    def count(cond):
        return sa.func.coalesce(sa.func.sum(sa.case((cond, 1), else_=0)), 0)

    def money(column):
        return sa.func.coalesce(sa.func.sum(column), 0)

    columns = [
        sa.func.count(p.c.id).label("projects"),
        count(p.c.stage == Stage.continuing).label("continuing"),
        count(p.c.stage == Stage.new).label("new"),
        count(p.c.stage == Stage.preliminary).label("preliminary"),
        money(p.c.total_investment_wan).label("total_investment_wan"),
        money(p.c.annual_plan_wan).label("annual_plan_wan"),
        count(sa.and_(started_in_year, p.c.stage == Stage.continuing)).label("continuing_resumed"),
        count(sa.and_(started_in_year, p.c.stage == Stage.new)).label("new_started"),
        money(sa.case((started_in_year, p.c.total_investment_wan))).label("started_investment_wan"),
        money(p.c.completed_wan).label("completed_wan"),
    ]
    keys = [p.c[PLACE_KEY.get(k, k)] for k in by]
    if level == "district":  # named by its name and city, grouped by its id
        keys += [p.c.district, p.c.city]
    columns = [c for c in columns if not only or c.name in only]
    return sa.select(*keys, *columns).group_by(*keys)


MONEY = ("total_investment_wan", "annual_plan_wan", "started_investment_wan", "completed_wan")
COUNTS = ("projects", "continuing", "new", "preliminary", "continuing_resumed", "new_started")
DERIVED = ("started", "resumption_rate", "new_start_rate", "completion_rate")


def _derive(row: dict) -> dict:
    """Add the derived figures (started, rates) to one aggregate row."""
    row["started"] = row["continuing_resumed"] + row["new_started"]
    row["resumption_rate"] = rate(row["continuing_resumed"], row["continuing"])
    row["new_start_rate"] = rate(row["new_started"], row["new"])
    row["completion_rate"] = rate(row["completed_wan"], row["annual_plan_wan"])
    return row


def district(engine: Engine, plan_year: int, as_of: date, filters: Filters = ALL) -> dict:
    """The district's figures (one row of every metric) for the filtered projects."""
    with engine.connect() as db:
        row = dict(db.execute(_aggregate((), filters, dialect=engine.dialect.name), _params(plan_year, as_of))
                   .mappings().one())
    return _derive(row)


PLACE_ROWS = {"street": ("street", "district", "city"), "district": ("district_id", "district", "city"),
              "city": ("city",)}  # what grouped and ranking tell of each place: its key, names, parents


def places_in(filters: Filters, level: str):
    """Every place at `level` within the filters' places, in the hierarchy's order, as PLACE_ROWS
    (its key first: a street's or city's name, a district's id)."""
    ids = filters.street_ids()
    if level == "city":
        query = sa.select(City.name).order_by(City.position, City.id)
        return query if ids is None else query.where(City.id.in_(
            sa.select(District.city_id).join(Street, Street.district_id == District.id).where(Street.id.in_(ids))))
    query = sa.select(Street.name if level == "street" else District.id, District.name, City.name)
    query = query.select_from(District if level == "district" else Street)
    if level == "street":
        query = query.join(District, Street.district_id == District.id).order_by(Street.position, Street.id)
        if ids is not None:
            query = query.where(Street.id.in_(ids))
    else:
        query = query.order_by(City.position, District.position, District.id)
        if ids is not None:
            query = query.where(District.id.in_(sa.select(Street.district_id).where(Street.id.in_(ids))))
    return query.join(City, District.city_id == City.id)


def grouped(engine: Engine, plan_year: int, as_of: date, by: str, filters: Filters = ALL) -> pd.DataFrame:
    """Every metric per place (city, district, street), category or stage: one row per group, all
    groups present (a group without projects has zero counts and undefined rates). A place comes with
    the names of its parents (PLACE_ROWS), a district with its id too: names repeat across cities."""
    if by not in GROUPINGS:
        raise ValueError(f"cannot group by {by!r}")
    with engine.connect() as db:
        result = db.execute(_aggregate((by,), filters, dialect=engine.dialect.name), _params(plan_year, as_of))
        columns = list(result.keys())
        rows = {r[0]: dict(zip(columns, r)) for r in result}
        if by in PLACES:
            keys = [tuple(r) for r in db.execute(places_in(filters, by))]
        else:
            keys = [(m.value,) for m in (Category if by == "category" else Stage)]
    empty = {**dict.fromkeys(COUNTS, 0), **dict.fromkeys(MONEY, ZERO)}
    names = PLACE_ROWS.get(by, (by,))
    # plain Python per group: pandas operations cost more than the query on frames this small
    records = [_derive({**(rows.get(k[0]) or empty), **dict(zip(names, k))}) for k in keys]
    return pd.DataFrame.from_records(records, columns=[*names, *COUNTS, *MONEY, *DERIVED])


def started_breakdown(engine: Engine, plan_year: int, as_of: date, by: tuple[str, ...],
                      filters: Filters = ALL) -> pd.DataFrame:
    """Started projects and their total investment per combination of groups (e.g. category
    × street), groups with projects only: columns *by, started, started_investment_wan (a district
    comes as district_id, district, city)."""
    query = _aggregate(tuple(by), filters, ("continuing_resumed", "new_started", "started_investment_wan"),
                       engine.dialect.name)
    with engine.connect() as db:
        result = db.execute(query, _params(plan_year, as_of))
        keys = list(result.keys())[:-3]
        rows = [(*r[:-3], r[-3] + r[-2], r[-1]) for r in result]
    return pd.DataFrame.from_records(rows, columns=[*keys, "started", "started_investment_wan"])


def _filtered_projects(query, plan_year: int, filters: Filters):
    return query.where(Project.plan_year == plan_year, *filters.conditions())


def status_as_of(as_of):
    """A problem's status on D: what its latest follow-up by then made it (the later record of a day
    wins), else open — not its current status, which later follow-ups may have changed."""
    # correlated with everything but the follow-ups, so D may be a column of the outer query (a period's end)
    latest = (sa.select(FollowUp.status_after).where(FollowUp.issue_id == Issue.id, FollowUp.held_on <= as_of)
              .order_by(FollowUp.held_on.desc(), FollowUp.id.desc()).limit(1).correlate_except(FollowUp)
              .scalar_subquery())
    return sa.func.coalesce(latest, IssueStatus.open.value)


def deadline_as_of(as_of):
    """A problem's deadline in force on D: the new deadline of its latest extension (延期) by then,
    else the deadline set when it was raised. D may be a column of the outer query (a period's end)."""
    extended = (sa.select(FollowUp.new_deadline)
                .where(FollowUp.issue_id == Issue.id, FollowUp.held_on <= as_of, FollowUp.new_deadline.is_not(None))
                .order_by(FollowUp.held_on.desc(), FollowUp.id.desc()).limit(1).correlate_except(FollowUp)
                .scalar_subquery())
    return sa.func.coalesce(extended, Issue.deadline)


def overdue_as_of(as_of, status=None, deadline=None):
    """逾期 on D: not closed and past the deadline in force (the deadline day itself is not overdue).
    `status` and `deadline` reuse expressions a query already selects."""
    status = status_as_of(as_of) if status is None else status
    deadline = deadline_as_of(as_of) if deadline is None else deadline
    return sa.and_(status != IssueStatus.resolved, deadline < as_of)


def problems(engine: Engine, plan_year: int, as_of: date, filters: Filters = ALL,
             by_street: bool = False, level: str | None = None) -> pd.DataFrame:
    """Problems (问题) as they stood on D: raised by then, still open (not closed), overdue (逾期),
    closed (已销号) — in all, or per place at `level` (by_street: per street)."""
    level = "street" if by_street else level
    raised = Issue.raised_on <= as_of
    status = status_as_of(as_of)
    still_open = sa.and_(raised, status != IssueStatus.resolved)
    overdue = sa.and_(raised, overdue_as_of(as_of, status))

    def count(cond):
        return sa.func.coalesce(sa.func.sum(sa.case((cond, 1), else_=0)), 0)

    columns = [count(raised).label("raised"), count(still_open).label("open"), count(overdue).label("overdue"),
               count(sa.and_(raised, sa.not_(still_open))).label("resolved")]
    query = _filtered_projects(sa.select(*columns).select_from(Issue).join(Project, Issue.project_id == Project.id),
                               plan_year, filters)
    if level:
        query = with_place(query, level, group=True)
    with engine.connect() as db:
        result = db.execute(query)
        return pd.DataFrame.from_records([tuple(r) for r in result], columns=list(result.keys()))


def stars_as_of(as_of):
    """Each project's stars on D: its latest rating by then (the 星级动态评价 in force; of two as of the
    same day, e.g. a month's and its quarter's, the one given last)."""
    return (sa.select(Rating.stars).where(Rating.project_id == Project.id, Rating.rated_on <= as_of)
            .order_by(Rating.rated_on.desc(), Rating.id.desc()).limit(1).correlate(Project).scalar_subquery())


def _with_stars(query, as_of: date, engine: Engine):
    """`query` on projects with each project's stars on D (column stars), in the database's faster form."""
    if engine.dialect.name != "postgresql":
        return query.add_columns(stars_as_of(as_of).label("stars")).select_from(Project)
    stars = latest_by_day(Rating.stars, Rating.rated_on, as_of)
    return (query.add_columns(stars.c.value.label("stars")).select_from(Project)
            .outerjoin(stars, stars.c.project_id == Project.id))


def star_distribution(engine: Engine, plan_year: int, as_of: date, filters: Filters = ALL) -> pd.DataFrame:
    """How many projects hold each star rating on D (unrated projects left out): columns stars, projects."""
    rated = _filtered_projects(_with_stars(sa.select(Project.id), as_of, engine), plan_year,
                               filters).subquery()
    # unrated projects make a group of their own, left out below: a filter on the stars would make
    # PostgreSQL look each project's rating up twice
    query = sa.select(rated.c.stars, sa.func.count().label("projects")).group_by(rated.c.stars)
    with engine.connect() as db:
        rows = dict(db.execute(query).all())
    return pd.DataFrame({"stars": range(1, 6), "projects": [rows.get(n, 0) for n in range(1, 6)]})  # not None


def place_stars(engine: Engine, plan_year: int, as_of: date, level: str = "street",
                filters: Filters = ALL) -> dict:
    """Average stars on D per place at `level` (keyed as PLACE_KEY: a street's name, a district's id…)."""
    rated = with_place(_with_stars(sa.select(Project.id), as_of, engine), level)
    rated = _filtered_projects(rated, plan_year, filters).subquery()
    key = rated.c[PLACE_KEY[level]]
    with engine.connect() as db:
        return dict(db.execute(sa.select(key, sa.func.avg(rated.c.stars)).group_by(key)).all())


def last_updated(engine: Engine, plan_year: int, level: str = "street", filters: Filters = ALL) -> pd.DataFrame:
    """Per place at `level`, when its projects were last changed and by whom (so stale data shows)."""
    order = (Project.updated_at.desc(), Project.updated_by)
    latest = with_place(sa.select(Project.updated_at, Project.updated_by, sa.func.row_number().over(
        partition_by=PLACE_COLUMNS[level][0], order_by=order).label("n")).select_from(Project), level)
    latest = _filtered_projects(latest, plan_year, filters).subquery()
    query = sa.select(*(latest.c[n] for n in PLACE_NAMES[level]), latest.c.updated_at,
                      latest.c.updated_by).where(latest.c.n == 1)
    with engine.connect() as db:
        result = db.execute(query)
        return pd.DataFrame.from_records([tuple(r) for r in result], columns=list(result.keys()))


ATTENTION = ("overdue_problem", "suspended", "late_start")  # what needs a leader's attention, most urgent first


def _attention(plan_year: int, as_of: date, filters: Filters) -> dict:
    """The query of each kind of attention item: columns code, name, street, district, kind, since, detail."""
    base = (sa.select(Project.code, Project.name, Street.name.label("street"), District.name.label("district"))
            .join(Street, Project.street_id == Street.id).join(District, Street.district_id == District.id))
    in_scope = [Project.plan_year == plan_year, *filters.conditions()]
    deadline = deadline_as_of(as_of)
    return {
        "overdue_problem": base.add_columns(sa.literal("overdue_problem").label("kind"),
                                            deadline.label("since"), Issue.description.label("detail"))
        .join(Issue, Issue.project_id == Project.id)
        .where(*in_scope, Issue.raised_on <= as_of, overdue_as_of(as_of, deadline=deadline)),
        "suspended": base.add_columns(sa.literal("suspended").label("kind"), Project.suspended_on.label("since"),
                                      Project.suspension_reason.label("detail"))
        .where(*in_scope, Project.suspended.is_(True), Project.suspended_on <= as_of),
        "late_start": base.add_columns(sa.literal("late_start").label("kind"),
                                       Project.planned_start_date.label("since"), sa.literal(None).label("detail"))
        .where(*in_scope, Project.stage != Stage.preliminary, Project.planned_start_date < as_of,
               sa.or_(Project.start_date.is_(None), Project.start_date > as_of)),
    }


def needs_attention(engine: Engine, plan_year: int, as_of: date, filters: Filters = ALL,
                    limit: int | None = None, kinds: tuple[str, ...] = ATTENTION) -> pd.DataFrame:
    """What a leader should look at on D: overdue problems, suspended projects, and projects not
    started past their planned date (or the `kinds` asked for) — the longest waiting first, at most
    `limit` of each kind. Columns kind, code, name, street, since, detail, district."""
    columns = ["kind", "code", "name", "street", "since", "detail", "district"]
    with engine.connect() as db:
        frames = []
        for query in (q for kind, q in _attention(plan_year, as_of, filters).items() if kind in kinds):
            query = query.order_by(sa.text("since"), Project.code)
            result = db.execute(query if limit is None else query.limit(limit))
            frames.append(pd.DataFrame.from_records([tuple(r) for r in result], columns=list(result.keys())))
    return pd.concat(frames, ignore_index=True)[columns]


def attention_counts(engine: Engine, plan_year: int, as_of: date, filters: Filters = ALL,
                     kinds: tuple[str, ...] = ATTENTION) -> dict[str, int]:
    """How many items of each kind (of `kinds`) need attention on D (needs_attention's rows, counted in SQL)."""
    with engine.connect() as db:
        return {kind: db.execute(sa.select(sa.func.count()).select_from(query.subquery())).scalar()
                for kind, query in _attention(plan_year, as_of, filters).items() if kind in kinds}


def ranked(places: pd.DataFrame) -> pd.DataFrame:
    """Places (grouped rows) with projects, in rank order — resumption rate, then new-start rate, then
    investment completion — numbered from 1 (column rank)."""
    places = places[places["projects"] > 0].sort_values(["resumption_rate", "new_start_rate", "completion_rate"],
                                                        ascending=False, na_position="last", kind="stable")
    return places.reset_index(drop=True).assign(rank=lambda r: r.index + 1)


def ranking(engine: Engine, plan_year: int, as_of: date, level: str = "street", filters: Filters = ALL) -> pd.DataFrame:
    """Places at `level` (with projects) ranked on D (see ranked), with their open and overdue problems,
    average stars and last update."""
    places = grouped(engine, plan_year, as_of, level, filters)
    key = PLACE_KEY[level]
    keys = places[key]
    issues = problems(engine, plan_year, as_of, filters, level=level).set_index(key)
    updated = last_updated(engine, plan_year, level, filters).set_index(key)
    return ranked(places.assign(
        open=keys.map(issues["open"]).fillna(0).astype(int),
        overdue=keys.map(issues["overdue"]).fillna(0).astype(int),
        stars=keys.map(place_stars(engine, plan_year, as_of, level, filters)),
        updated_by=keys.map(updated["updated_by"]), updated_at=keys.map(updated["updated_at"])))


def street_ranking(engine: Engine, plan_year: int, as_of: date, filters: Filters = ALL) -> pd.DataFrame:
    """Streets ranked on D (see ranking)."""
    return ranking(engine, plan_year, as_of, "street", filters)


def previous_meeting(engine: Engine, plan_year: int, as_of: date) -> tuple[date, str] | None:
    """The last roadshow held before D in the plan year: (day, title)."""
    with engine.connect() as db:
        row = db.execute(sa.select(Meeting.held_on, Meeting.title).where(Meeting.plan_year == plan_year,
                                                                          Meeting.held_on < as_of)
                         .order_by(Meeting.held_on.desc()).limit(1)).first()
    return None if row is None else (row[0], row[1])


def starts_by_day(engine: Engine, plan_year: int, as_of: date, filters: Filters = ALL) -> pd.DataFrame:
    """Projects started per day and stage up to D: columns date, stage, started."""
    query = (
        sa.select(Project.start_date.label("date"), Project.stage.label("stage"),
                  sa.func.count(Project.id).label("started"))
        .where(Project.plan_year == plan_year, Project.stage.in_((Stage.continuing, Stage.new)),
               Project.start_date >= date(plan_year, 1, 1), Project.start_date <= as_of,
               *filters.conditions())
        .group_by(Project.start_date, Project.stage)
        .order_by(Project.start_date)
    )
    if filters.streets:
        query = query.join(Street, Project.street_id == Street.id)
    with engine.connect() as db:
        rows = [tuple(r) for r in db.execute(query)]
    return pd.DataFrame.from_records(rows, columns=["date", "stage", "started"])


def report(engine: Engine, plan_year: int, as_of: date, filters: Filters = ALL) -> dict:
    """The figures of `python -m roadshow metrics --json`: one flat, complete object."""
    totals = district(engine, plan_year, as_of, filters)
    by_category = grouped(engine, plan_year, as_of, "category", filters)
    by_street = grouped(engine, plan_year, as_of, "street", filters)
    return {
        "as_of": as_of.isoformat(),
        "plan_year": plan_year,
        "projects": totals["projects"],
        "by_stage": {s.value: totals[s.value] for s in Stage},
        "total_investment_wan": totals["total_investment_wan"],
        "annual_plan_wan": totals["annual_plan_wan"],
        "continuing_resumed": totals["continuing_resumed"],
        "resumption_rate": totals["resumption_rate"],
        "new_started": totals["new_started"],
        "new_start_rate": totals["new_start_rate"],
        "started": totals["started"],
        "started_investment_wan": totals["started_investment_wan"],
        "started_by_category": {k: int(v) for k, v in zip(by_category["category"], by_category["started"])},
        "started_by_street": {k: int(v) for k, v in zip(by_street["street"], by_street["started"])},
        "completed_wan": totals["completed_wan"],
        "completion_rate": totals["completion_rate"],
    }


def opening_as_of(engine: Engine, plan_year: int, today: date | None = None) -> date:
    """The as-of day a plan year opens on: today while the year runs; once it is over, its latest
    day with any data (a start, an investment report, a follow-up, a roadshow, a rating), not
    31 December, so the page shows where the year's story ends."""
    today = today or clock_today()
    year_start, year_end = date(plan_year, 1, 1), date(plan_year, 12, 31)
    if today <= year_end:
        return today

    def latest(column, owner, *joins):
        query = sa.select(sa.func.max(column))
        for table, on in joins:
            query = query.join(table, on)
        return query.where(owner.plan_year == plan_year, column >= year_start, column <= year_end)

    days = sa.union_all(
        latest(Project.start_date, Project),
        latest(InvestmentReport.reported_on, Project, (Project, InvestmentReport.project_id == Project.id)),
        latest(FollowUp.held_on, Project, (Issue, FollowUp.issue_id == Issue.id),
               (Project, Issue.project_id == Project.id)),
        latest(Meeting.held_on, Meeting),
        latest(Rating.rated_on, Project, (Project, Rating.project_id == Project.id)),
    ).subquery()
    with engine.connect() as db:
        return db.execute(sa.select(sa.func.max(days.c[0], type_=sa.Date))).scalar() or year_end
