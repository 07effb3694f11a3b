"""Synthetic ledgers at district, city and province scale, for the benchmarks.

A city or province is many districts (区县): each synthetic district is one demo plan
(`demo.plan_projects`, seeded per district) over its own 19 streets, so every
distribution — stages, categories, money, start dates — is the demo's. The first
district is the home district (大连市 › 甘井子区) with the demo's streets; a city has
43 districts (10,000 projects, 817 streets), a province 426 in 14 cities (100,000
projects, 8,094 streets). Rows go in through bulk inserts in chunks, so memory stays
flat at province size.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import islice

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from .codes import DISTRICT_SEPARATOR, HOME_CITY, STREET_SUFFIX, STREETS, DispatchLevel, IssueStatus, Stage
from .database import read_session, write_session
from .demo import (DISPATCH_OFFICE, H1_END, MEETINGS, NAME_PARTS, PLAN_YEAR, PROBLEMS, Q1_END, _at, _completed_series,
                   plan_projects)
from .models import (City, DispatchRecord, District, FollowUp, InvestmentReport, Issue, Meeting, Project,
                     ProjectHistory, Rating, Street)
from .services import home_district


@dataclass(frozen=True)
class Size:
    projects: int
    history: int
    issues: int
    cities: int = 1


SIZES = {
    "district": Size(projects=235, history=2_000, issues=64),
    "city": Size(projects=10_000, history=200_000, issues=20_000),
    "province": Size(projects=100_000, history=2_000_000, issues=200_000, cities=14),
}
CHUNK = 5_000
RATED = (("2018Q1", Q1_END), ("2018Q2", H1_END))
PER_DISTRICT = 235


def _chunks(rows, size=CHUNK):
    rows = iter(rows)
    while chunk := list(islice(rows, size)):
        yield chunk


def _insert(conn, model, rows: list[dict]) -> None:
    if rows:  # an insert with no rows would write one row of defaults
        conn.execute(sa.insert(model.__table__), rows)


def district_name(district: int) -> str:
    return f"{district:03d}区"


def district_street(district: int, street: str) -> str:
    return street if district == 0 else f"{district_name(district)}{street}"


def city_name(city: int) -> str:
    return HOME_CITY if city == 0 else f"{city:02d}市"


def _places(conn, session, districts: int, cities: int) -> dict[str, int]:
    """The cities, districts and streets of the size (the home district and its streets exist): street ids by name."""
    home = home_district(session)
    city_ids = [conn.execute(sa.select(District.city_id).where(District.id == home)).scalar_one()]
    city_ids += [conn.execute(sa.insert(City.__table__).returning(City.__table__.c.id),
                              {"name": city_name(c), "position": c}).scalar_one() for c in range(1, cities)]
    per_city = -(-districts // cities)
    district_ids = [home] + [conn.execute(sa.insert(District.__table__).returning(District.__table__.c.id),
                                          {"city_id": city_ids[d // per_city], "name": district_name(d),
                                           "position": d}).scalar_one() for d in range(1, districts)]
    existing = set(conn.execute(sa.select(Street.name)).scalars())
    _insert(conn, Street, [{"name": district_street(d, s), "position": d * 100 + i, "district_id": district_ids[d]}
                           for d in range(districts) for i, s in enumerate(STREETS)
                           if district_street(d, s) not in existing])
    return dict(conn.execute(sa.select(Street.name, Street.id)).all())


def load_scale(engine: Engine, size: str, seed: int = 1) -> dict[str, int]:
    """Fill an empty, migrated database (with the home district's streets) with a synthetic ledger of the
    given size, its districts and cities."""
    spec = SIZES[size]
    districts = -(-spec.projects // PER_DISTRICT)
    with write_session(engine) as session:
        conn = session.connection()
        street_ids = _places(conn, session, districts, spec.cities)
        meeting_ids = [conn.execute(sa.insert(Meeting.__table__).returning(Meeting.__table__.c.id),
                                    {"plan_year": PLAN_YEAR, "held_on": day, "title": title}).scalar_one()
                       for day, title in MEETINGS]

        projects, reports, ratings = [], [], []
        for d in range(districts):
            rng = random.Random(seed * 100_003 + d)
            for i, plan in enumerate(plan_projects(rng)):
                n = d * PER_DISTRICT + i
                if n >= spec.projects:
                    break
                street = district_street(d, plan.street)
                series = _completed_series(rng, plan)
                stars = [rng.choices(range(1, 6), (1, 8, 10, 5, 1))[0] for _ in RATED]
                projects.append({
                    "code": f"S{seed}-{n + 1:06d}",
                    "name": f"{street}{rng.choice(NAME_PARTS[plan.category])}{n + 1}号项目",
                    "street_id": street_ids[street], "category": plan.category.value, "stage": plan.stage.value,
                    "plan_year": PLAN_YEAR, "total_investment_wan": plan.total, "annual_plan_wan": plan.annual,
                    "completed_wan": series[-1][1] if series else 0, "start_date": plan.start_date,
                    "city_key": plan.city_key, "suspended": False, "version": 1, "stars": stars[-1],
                    "planned_start_date": None if plan.stage == Stage.preliminary else
                    plan.start_date or date(2018, rng.randint(4, 10), rng.randint(1, 28)),
                    "created_by": DISPATCH_OFFICE, "created_at": _at(date(2018, 1, 5)),
                    "updated_by": DISPATCH_OFFICE, "updated_at": _at(date(2018, 1, 5)),
                })
                reports.append(series)
                ratings.append(stars)
        for chunk in _chunks(projects):
            _insert(conn, Project, chunk)
        ids = conn.execute(sa.select(Project.id).where(Project.code.startswith(f"S{seed}-"))
                           .order_by(Project.code)).scalars().all()
        for chunk in _chunks({"project_id": pid, "reported_on": day, "completed_wan": amount, "reported_by": "bench"}
                             for pid, series in zip(ids, reports) for day, amount in series):
            _insert(conn, InvestmentReport, chunk)
        for chunk in _chunks({"project_id": pid, "cycle": cycle, "level": "quarterly", "rated_on": day,
                              "benefit_score": 20, "problem_score": 20, "progress_score": 20, "stars": n}
                             for pid, stars in zip(ids, ratings) for (cycle, day), n in zip(RATED, stars)):
            _insert(conn, Rating, chunk)
        rng = random.Random(seed)
        for chunk in _chunks(_history(rng, ids, spec.history)):
            _insert(conn, ProjectHistory, chunk)
        issue_rows, lifecycles = _issues(rng, ids, meeting_ids, spec.issues)
        for chunk in _chunks(issue_rows):
            _insert(conn, Issue, chunk)
        issue_ids = conn.execute(sa.select(Issue.id).order_by(Issue.id)).scalars().all()
        follow_ups = 0
        for chunk in _chunks({"issue_id": iid, "level": level, "held_on": day, "note": "调度跟踪",
                              "status_after": status, "recorded_by": "bench"}
                             for iid, steps in zip(issue_ids, lifecycles) for day, level, status in steps):
            _insert(conn, FollowUp, chunk)
            follow_ups += len(chunk)
        records = _dispatch_records()
        _insert(conn, DispatchRecord, records)
    return {"projects": len(ids), "history": spec.history, "issues": len(issue_ids), "follow_ups": follow_ups,
            "dispatch_records": len(records)}


def _history(rng: random.Random, ids: list[int], total: int):
    """`total` history rows: each project's creation, then progress updates through the half year."""
    created = _at(date(2018, 1, 5))
    for pid in ids:
        yield {"project_id": pid, "changed_at": created, "changed_by": DISPATCH_OFFICE, "field": "created",
               "old_value": None, "new_value": str(pid), "note": "导入"}
    for n in range(total - len(ids)):
        day = date(2018, 1, 6) + timedelta(days=rng.randint(0, 175))
        yield {"project_id": rng.choice(ids), "changed_at": _at(day), "changed_by": "bench",
               "field": "completed_wan", "old_value": str(n), "new_value": str(n + 1), "note": "月度投资统计"}


def _issues(rng: random.Random, ids: list[int], meeting_ids: list[int], total: int) -> tuple[list[dict], list]:
    """`total` problems — raised at the two roadshows or in between at a weekly dispatch — and each
    one's follow-ups (day, level, status after): about five a problem, weekly with a monthly every
    fourth, most ending closed, a few reopened."""
    rows, lifecycles = [], []
    for n in range(total):
        draw = rng.random()
        meeting = 0 if draw < 0.4 else 1 if draw < 0.7 else None
        raised = MEETINGS[meeting][0] if meeting is not None else date(2018, 1, 8) + timedelta(weeks=rng.randint(0, 24),
                                                                                               days=rng.randint(0, 4))
        deadline = raised + timedelta(days=rng.choice((14, 21, 30, 45, 60)))
        steps = _lifecycle(rng, raised)
        text, owner, measures = rng.choice(PROBLEMS)
        status = steps[-1][2]
        rows.append({"meeting_id": None if meeting is None else meeting_ids[meeting], "project_id": rng.choice(ids),
                     "raised_on": raised, "description": text.format(n=rng.randint(2, 30)), "owner_unit": owner,
                     "measures": measures, "deadline": deadline, "status": status,
                     "resolved_on": steps[-1][0] if status == IssueStatus.resolved else None})
        lifecycles.append(steps)
    return rows, lifecycles


def _lifecycle(rng: random.Random, raised: date) -> list[tuple[date, str, str]]:
    count, closes = rng.randint(2, 8), rng.random() < 0.6
    steps = []
    for k in range(1, count + 1):
        level = DispatchLevel.monthly if k % 4 == 0 else DispatchLevel.weekly
        status = IssueStatus.in_progress if k > 1 or rng.random() < 0.7 else IssueStatus.open
        steps.append((raised + timedelta(weeks=k), level.value, status.value))
    if closes:
        steps[-1] = (*steps[-1][:2], IssueStatus.resolved.value)
        if rng.random() < 0.05:  # reopened a week later, closed again the week after
            day = steps[-1][0]
            steps += [(day + timedelta(weeks=1), DispatchLevel.weekly.value, IssueStatus.in_progress.value),
                      (day + timedelta(weeks=2), DispatchLevel.weekly.value, IssueStatus.resolved.value)]
    return steps


def _dispatch_records() -> list[dict]:
    """The dispatch office's meetings of the half year: every Friday, the last day of each month,
    and the quarters' last days."""
    fridays = [date(2018, 1, 5) + timedelta(weeks=k) for k in range(26)]
    month_ends = [date(2018, m + 1, 1) - timedelta(days=1) for m in range(1, 6)] + [H1_END]
    days = [(d, DispatchLevel.weekly) for d in fridays] + [(d, DispatchLevel.monthly) for d in month_ends] + [
        (d, DispatchLevel.quarterly) for d in (Q1_END, H1_END)]
    return [{"held_on": day, "level": level.value, "chaired_by": "区调度办", "reviewed": "问题清单推进情况",
             "decisions": "逾期问题限期办结", "recorded_by": "bench", "recorded_at": _at(day, 17)}
            for day, level in days]


def load_streets_like(source: Engine, target: Engine) -> None:
    """Give `target` the cities, districts and streets of `source`, so that a ledger file of one imports
    into the other."""
    with source.connect() as db:
        cities = db.execute(sa.select(City.name, City.position).order_by(City.id)).all()
        districts = db.execute(sa.select(City.name, District.name, District.position).join(City)
                               .order_by(District.id)).all()
        streets = db.execute(sa.select(District.name, City.name, Street.name, Street.position)
                             .join(District, Street.district_id == District.id).join(City).order_by(Street.id)).all()
    with write_session(target) as session:
        conn = session.connection()
        known = set(conn.execute(sa.select(City.name)).scalars())
        _insert(conn, City, [{"name": n, "position": p} for n, p in cities if n not in known])
        city_ids = dict(conn.execute(sa.select(City.name, City.id)).all())
        known = set(conn.execute(sa.select(City.name, District.name).join(City)).all())
        _insert(conn, District, [{"city_id": city_ids[c], "name": n, "position": p} for c, n, p in districts
                                 if (c, n) not in known])
        district_ids = {(c, n): i for i, n, c in conn.execute(sa.select(District.id, District.name, City.name)
                                                              .join(City))}
        known = set(conn.execute(sa.select(Street.name)).scalars())
        _insert(conn, Street, [{"name": s, "position": p, "district_id": district_ids[(c, d)]}
                               for d, c, s, p in streets if s not in known])


IMPORT_HEADERS = ["项目编号", "项目名称", "所属街道", "所属区县", "项目类别", "建设性质", "计划年度", "总投资(万元)",
                  "年度计划投资(万元)", "累计完成投资(万元)", "开复工日期", "市重点项目", "星级"]


def write_import_file(engine: Engine, path, plan_year: int = PLAN_YEAR) -> int:
    """The ledger of a synthetic database as an import file (xlsx) with every street's district (所属区县,
    as 城市/区县): what a city's or province's dispatch office would import. Returns the row count."""
    import openpyxl

    query = (sa.select(Project.code, Project.name, Street.name, City.name, District.name, Project.category,
                       Project.stage, Project.plan_year, Project.total_investment_wan, Project.annual_plan_wan,
                       Project.completed_wan, Project.start_date, Project.city_key, Project.stars)
             .join(Street, Project.street_id == Street.id).join(District, Street.district_id == District.id)
             .join(City, District.city_id == City.id).where(Project.plan_year == plan_year).order_by(Project.code))
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("项目台账")
    sheet.append(IMPORT_HEADERS)
    with read_session(engine) as session:
        rows = session.execute(query).all()
    for code, name, street, city, district, category, stage, year, total, annual, done, start, key, stars in rows:
        sheet.append([code, name, street + STREET_SUFFIX, f"{city}{DISTRICT_SEPARATOR}{district}", category, stage,
                      year, total, annual, done, start, "是" if key else "否", stars])
    workbook.save(path)
    return len(rows)
