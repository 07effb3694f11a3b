"""The deck of a roadshow meeting, in meeting mode's order: the district summary, each street in
the agenda's order, the 回头看 list, star ratings, next steps.

A deck is a list of sections, one per stop of meeting mode ("summary", a street's name,
"lookback", "ratings", "next"), each a list of slide specs (compose.Slide): a section is easy to
add or replace, and meeting mode finds the slides of the stop it shows.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import pandas as pd
from sqlalchemy.engine import Engine

from .. import charts, metrics, queries
from ..codes import Stage
from ..i18n import fmt_date, fmt_rate, fmt_wan, fmt_yi, label, t
from ..metrics import ALL, Filters
from ..meetings import AGENDA_SEPARATOR
from .compose import INK, Kpi, Slide, Table, split


@dataclass(frozen=True)
class Section:
    key: str  # the stop of meeting mode: summary, a street's name, lookback, ratings, next
    slides: list[Slide]


@dataclass(frozen=True)
class Deck:
    title: str
    plan_year: int
    as_of: date
    sections: list[Section]

    @property
    def slides(self) -> list[Slide]:
        return [s for section in self.sections for s in section.slides]

    def section(self, key: str) -> list[Slide]:
        return next((s.slides for s in self.sections if s.key == key), [])


class NoDeck(Exception):
    """Nothing to build a deck from; `key` names the message."""

    def __init__(self, key: str, **params) -> None:
        super().__init__(key)
        self.key, self.params = key, params


def subtitle(plan_year: int, as_of: date, lang: str, filters: Filters = ALL) -> str:
    """Plan year, source and as-of date, and any filter that narrows the figures."""
    text = t("slides.subtitle", lang, year=plan_year, day=as_of.isoformat())
    scope = []
    if filters.streets:
        scope.append("、".join(filters.streets) if lang == "zh" else ", ".join(filters.streets))
    if filters.categories:
        scope.append("/".join(label("category", c, lang) for c in filters.categories))
    if filters.stages:
        scope.append("/".join(label("stage", s, lang) for s in filters.stages))
    if filters.city_key_only:
        scope.append(t("slides.city_key_only", lang))
    return text + (" · " + t("slides.scope", lang, scope="；".join(scope) if lang == "zh" else "; ".join(scope))
                   if scope else "")


def rate_kpis(d: dict, lang: str) -> list[Kpi]:
    """Started, resumption rate, new-start rate and investment completion, with their counts."""
    return [
        Kpi(t("kpi.started", lang), str(d["started"])),
        Kpi(t("kpi.resumption_rate", lang), fmt_rate(d["resumption_rate"]),
            f"{d['continuing_resumed']}/{d['continuing']}"),
        Kpi(t("kpi.new_start_rate", lang), fmt_rate(d["new_start_rate"]), f"{d['new_started']}/{d['new']}"),
        Kpi(t("kpi.completion_rate", lang), fmt_rate(d["completion_rate"])),
    ]


def _status(row, lang: str) -> tuple[str, str]:
    """A project's state on the day, and its colour (as on the pages)."""
    if row.suspended:
        return t("status.suspended", lang), charts.STATUS_COLORS["suspended"]
    if pd.notna(row.start_date):
        return t("status.started", lang), charts.STATUS_COLORS["started"]
    if row.stage == Stage.preliminary:
        return t("status.preliminary", lang), INK
    return t("status.not_started", lang), charts.STATUS_COLORS["not_started"]


def _stars(value) -> str:
    return "—" if pd.isna(value) else "★" * int(value)


def projects_table(ledger: pd.DataFrame, lang: str) -> Table:
    """A street's projects: name, stage, state, start date, completed investment, stars."""
    ink = INK
    rows, colours = [], []
    for row in ledger.sort_values("stage", key=lambda s: s.map({st.value: i for i, st in enumerate(Stage)}),
                                  kind="stable").itertuples():
        status, colour = _status(row, lang)
        rows.append([row.name, label("stage", row.stage, lang), status, fmt_date(row.start_date),
                     fmt_wan(row.completed_wan if pd.notna(row.completed_wan) else metrics.ZERO),
                     _stars(row.stars)])
        colours.append([ink, ink, colour, ink, ink, ink])
    return Table([t("field.name", lang), t("field.stage", lang), t("field.status", lang),
                  t("field.start_date", lang), t("field.completed_wan", lang), t("field.stars", lang)],
                 rows, [5, 2, 2, 2.4, 3.2, 1.8], colours)


def problems_table(problems: pd.DataFrame, lang: str, with_street: bool = True) -> Table:
    """The follow-up list: street, project, problem, owner, deadline, status (逾期 in red)."""
    ink = INK
    colours_by = {"open": charts.STATUS_COLORS["open"], "in_progress": charts.STATUS_COLORS["in_progress"],
                  "resolved": charts.STATUS_COLORS["resolved"]}
    rows, colours = [], []
    for p in problems.itertuples():
        status = label("issue_status", p.status, lang) + (" · " + t("issue.overdue", lang) if p.overdue else "")
        colour = charts.STATUS_COLORS["open"] if p.overdue else colours_by.get(p.status, ink)
        rows.append(([p.street] if with_street else []) + [p.name, p.description, p.owner_unit or "—",
                                                           fmt_date(p.deadline), status])
        colours.append([ink] * (len(rows[-1]) - 1) + [colour])
    columns = [t("field.name", lang), t("issue.description", lang), t("issue.owner", lang),
               t("issue.deadline", lang), t("issue.status", lang)]
    widths = [3.4, 5, 2.4, 2.2, 2.6]
    if with_street:
        columns, widths = [t("col.street", lang), *columns], [1.6, *widths]
    return Table(columns, rows, widths, colours)


def problem_kpis(problems: pd.DataFrame, lang: str) -> list[Kpi]:
    counts = problems["status"].value_counts()
    return [Kpi(t("slides.problems_total", lang), str(len(problems))),
            Kpi(label("issue_status", "resolved", lang), str(counts.get("resolved", 0))),
            Kpi(label("issue_status", "in_progress", lang), str(counts.get("in_progress", 0))),
            Kpi(label("issue_status", "open", lang), str(counts.get("open", 0))),
            Kpi(t("issue.overdue", lang), str(int(problems["overdue"].sum())))]


def summary_section(engine: Engine, year: int, as_of: date, title: str, lang: str) -> Section:
    """The district: headline figures with starts by category, rates by street, the ranking."""
    sub = subtitle(year, as_of, lang)
    d = metrics.district(engine, year, as_of)
    kpis = [Kpi(t("kpi.projects", lang), str(d["projects"])),
            Kpi(t("kpi.started_investment", lang), fmt_yi(d["started_investment_wan"], lang)), *rate_kpis(d, lang)]
    by_category = metrics.grouped(engine, year, as_of, "category")
    by_category = by_category[by_category["projects"] > 0]
    summary = Slide("summary", title, sub, tuple(kpis), charts.started_by_category(by_category, lang),
                    notes=tuple(f"{label('category', c, lang)}: {n}" for c, n in
                                zip(by_category["category"], by_category["started"])))
    by_street = metrics.grouped(engine, year, as_of, "street")
    rates = Slide("street-rates", t("chart.street_rates", lang), sub, (),
                  charts.street_rates(by_street, d, lang),
                  notes=tuple(f"{s}: {fmt_rate(r)} ({a}/{b}) · {fmt_rate(n)} ({c}/{e})" for s, r, a, b, n, c, e in zip(
                      by_street["street"], by_street["resumption_rate"], by_street["continuing_resumed"],
                      by_street["continuing"], by_street["new_start_rate"], by_street["new_started"],
                      by_street["new"]) if b or e))
    ranking = metrics.street_ranking(engine, year, as_of)
    return Section("summary", [summary, rates, *split(ranking_slide(ranking, year, as_of, lang), lang)])


def ranking_slide(ranking: pd.DataFrame, year: int, as_of: date, lang: str, filters: Filters = ALL) -> Slide:
    """The streets ranked (metrics.street_ranking) as a table slide."""
    rows = [[str(r.rank), r.street, str(r.projects), str(r.started), fmt_rate(_rate(r.resumption_rate)),
             fmt_rate(_rate(r.new_start_rate)), fmt_rate(_rate(r.completion_rate)), str(r.open), str(r.overdue),
             "—" if pd.isna(r.stars) else f"{r.stars:.1f}★"] for r in ranking.itertuples()]
    ink, red = INK, charts.STATUS_COLORS["open"]
    colours = [[ink] * 8 + [red if r.overdue else ink, ink] for r in ranking.itertuples()]
    table = Table([t("streets.rank", lang), t("col.street", lang), t("col.projects", lang), t("kpi.started", lang),
                   t("kpi.resumption_rate", lang), t("kpi.new_start_rate", lang), t("kpi.completion_rate", lang),
                   t("streets.open", lang), t("streets.overdue", lang), t("streets.stars", lang)],
                  rows, [1.2, 1.8, 1.6, 2, 1.8, 1.8, 2.2, 1.8, 1.8, 1.8], colours)
    return Slide("ranking", t("streets.ranking", lang), subtitle(year, as_of, lang, filters), table=table)


def _rate(value) -> float | None:
    return None if pd.isna(value) else value


def street_section(engine: Engine, year: int, as_of: date, street: str, n: int | None, lang: str,
                   filters: Filters = ALL) -> Section:
    """One street's report: its figures and its projects, over as many slides as they need;
    numbered as the street speaks at the meeting (n), or not (the street page)."""
    scope = replace(filters, streets=(street,))
    d = metrics.district(engine, year, as_of, scope)
    problems = queries.follow_up_list(engine, year, as_of, scope)
    still_open = problems[problems["status"] != "resolved"]
    kpis = [Kpi(t("kpi.projects", lang), str(d["projects"])), *rate_kpis(d, lang),
            Kpi(t("streets.open", lang), str(len(still_open)),
                t("slides.overdue_count", lang, n=int(still_open["overdue"].sum())))]
    title = t("meeting.street", lang, n=n, street=street) if n else t("slides.street", lang, street=street)
    slide = Slide(f"street-{n:02d}" if n else "street", title, subtitle(year, as_of, lang, scope),
                  tuple(kpis), table=projects_table(queries.ledger(engine, year, as_of, scope), lang))
    return Section(street, split(slide, lang))


def lookback_section(engine: Engine, year: int, as_of: date, previous: date | None, lang: str) -> Section:
    """回头看: the problems of the last roadshow (or all raised so far) and where they stand."""
    problems = queries.follow_up_list(engine, year, as_of, ALL, raised_before=previous or as_of)
    title = t("slides.lookback", lang, day=previous.isoformat()) if previous else t("slides.lookback_first", lang)
    slide = Slide("lookback", title, subtitle(year, as_of, lang), tuple(problem_kpis(problems, lang)),
                  table=problems_table(problems, lang))
    return Section("lookback", split(slide, lang))


def ratings_section(engine: Engine, year: int, as_of: date, lang: str) -> Section:
    """Star ratings (星级) in force on the day: how many projects hold each."""
    stars = metrics.star_distribution(engine, year, as_of)
    rated = int(stars["projects"].sum())
    average = (stars["stars"] * stars["projects"]).sum() / rated if rated else None
    kpis = [Kpi(t("slides.rated_projects", lang), str(rated)),
            Kpi(t("slides.average_stars", lang), "—" if average is None else f"{average:.2f}★"),
            Kpi(t("slides.four_stars_or_more", lang), str(int(stars.loc[stars["stars"] >= 4, "projects"].sum())))]
    slide = Slide("ratings", t("chart.star_distribution", lang), subtitle(year, as_of, lang), tuple(kpis),
                  charts.star_distribution(stars, lang),
                  notes=tuple(f"{s}★: {n}" for s, n in zip(stars["stars"], stars["projects"])))
    return Section("ratings", [slide])


def next_section(engine: Engine, year: int, as_of: date, lang: str) -> Section:
    """Next steps: problems still to solve, by deadline, and projects not started on time."""
    sub = subtitle(year, as_of, lang)
    problems = queries.follow_up_list(engine, year, as_of)
    still_open = problems[problems["status"] != "resolved"].sort_values("deadline", kind="stable")
    open_slide = Slide("next-problems", t("slides.next_problems", lang), sub,
                       (Kpi(t("streets.open", lang), str(len(still_open))),
                        Kpi(t("issue.overdue", lang), str(int(still_open["overdue"].sum())))),
                       table=problems_table(still_open, lang))
    attention = metrics.needs_attention(engine, year, as_of)
    late = attention[attention["kind"] == "late_start"]
    late_slide = Slide("late-projects", t("slides.next_late", lang), sub,
                       (Kpi(t("attention.late_start", lang), str(len(late))),),
                       table=Table([t("col.street", lang), t("field.code", lang), t("field.name", lang),
                                    t("slides.planned_start", lang)],
                                   [[r.street, r.code, r.name, fmt_date(r.since)] for r in late.itertuples()],
                                   [2, 3, 6, 3]))
    return Section("next", [*split(open_slide, lang), *split(late_slide, lang)])


def agenda_of(engine: Engine, year: int, as_of: date, agenda: str | None) -> list[str]:
    """The streets in speaking order: the meeting's agenda, else every street with projects in the
    district's order (as meeting mode does)."""
    if agenda and not pd.isna(agenda):
        return agenda.split(AGENDA_SEPARATOR)
    with_projects = set(metrics.street_ranking(engine, year, as_of)["street"])
    return [name for _, name in queries.streets(engine) if name in with_projects]


def meeting_deck(engine: Engine, lang: str, plan_year: int | None = None, as_of: date | None = None,
                 meeting_id: int | None = None) -> Deck:
    """The deck of a roadshow: the meeting asked for, else the plan year's latest; as of the
    meeting's day unless `as_of` is given. Without any meeting, the district as of `as_of`."""
    year = plan_year or metrics.latest_plan_year(engine)
    if year is None:
        raise NoDeck("slides.no_projects")
    if year not in metrics.plan_years(engine):
        raise NoDeck("slides.no_year", year=year)
    meetings = queries.meetings(engine, year)
    if meeting_id is not None:
        meetings = meetings[meetings["id"] == meeting_id]
        if meetings.empty:
            raise NoDeck("slides.no_meeting", id=meeting_id, year=year)
    meeting = meetings.iloc[-1] if not meetings.empty else None
    day = as_of or (meeting["held_on"] if meeting is not None else metrics.opening_as_of(engine, year))
    title = meeting["title"] if meeting is not None else t("meeting.summary", lang)
    previous = metrics.previous_meeting(engine, year, day)
    agenda = agenda_of(engine, year, day, meeting["agenda"] if meeting is not None else None)
    sections = [summary_section(engine, year, day, title, lang),
                *(street_section(engine, year, day, street, n, lang) for n, street in enumerate(agenda, 1)),
                lookback_section(engine, year, day, previous[0] if previous else None, lang),
                ratings_section(engine, year, day, lang),
                next_section(engine, year, day, lang)]
    return Deck(title, year, day, sections)

