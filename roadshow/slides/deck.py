"""The deck of a roadshow meeting, in meeting mode's order: 回头看 (the last roadshow's problems and
where they stand), the summary (headline figures, rates by place, the ranking, warning lights), each
street of the agenda, the star ratings and their moves, next steps.

A deck is a list of sections, each a stop of meeting mode with its slide specs (compose.Slide): the
page shows a stop's slides one at a time and the downloads draw the same slides, so what is shown
and what is taken away are one thing.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import pandas as pd
from sqlalchemy.engine import Engine

from .. import charts, hierarchy, lights, meetings, metrics, queries, star_moves
from ..i18n import fmt_rate, fmt_yi, label, t
from ..meetings import AGENDA_SEPARATOR
from ..metrics import ALL, Filters
from ..settings import today as clock_today
from .compose import Kpi, Slide, split
from .page_slides import moves_slide, star_kpis, street_star_kpis
from .tables import lights_table, late_table, lookback_table, problems_table, projects_table, ranking_table, \
    rest_table

REST = "rest"  # the stop of the streets between the best and the worst ten, summed
NEXT_ROWS = 100  # open problems listed under next steps: those due first (a city has thousands)
LATE_ROWS = 20  # projects not started on time listed: the longest waiting (as meeting mode's list)
REST_ROWS = 40  # streets listed between the best and the worst ten, in rank order (a province has 8,000)
LOOKBACK_ROWS = 60  # 回头看 problems on slides, overdue first (a city's run to thousands; the xlsx has all)


@dataclass(frozen=True)
class Section:
    key: str  # the stop of meeting mode: lookback, summary, a street's name, REST, ratings, next
    title: str  # the stop as meeting mode names it
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

    def first_slide(self, key: str) -> int:
        """The index in `slides` of a section's first slide."""
        index = 0
        for section in self.sections:
            if section.key == key:
                return index
            index += len(section.slides)
        raise KeyError(key)

    def section_at(self, index: int) -> Section:
        """The section of the slide at `index`."""
        for section in self.sections:
            if index < len(section.slides):
                return section
            index -= len(section.slides)
        raise IndexError(index)


class NoDeck(Exception):
    """Nothing to build a deck from; `key` names the message."""

    def __init__(self, key: str, **params) -> None:
        super().__init__(key)
        self.key, self.params = key, params


def subtitle(plan_year: int, as_of: date, lang: str, filters: Filters = ALL, source: str = "ledger") -> str:
    """Plan year, source and as-of date, and any filter that narrows the figures."""
    text = t("slides.subtitle", lang, year=plan_year, day=as_of.isoformat(), source=t(f"slides.source.{source}", lang))
    sep = "、" if lang == "zh" else ", "
    scope = [sep.join(chosen) for chosen in (filters.cities, filters.districts, filters.streets) if chosen]
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


def problem_kpis(problems: pd.DataFrame, lang: str) -> list[Kpi]:
    """How many problems, how many in each status, how many overdue."""
    counts = problems["status"].value_counts() if not problems.empty else {}
    return [Kpi(t("slides.problems_total", lang), str(len(problems))),
            *(Kpi(label("issue_status", s, lang), str(counts.get(s, 0)))
              for s in ("resolved", "closure_requested", "in_progress", "open")),
            Kpi(t("issue.overdue", lang), str(int(problems["overdue"].sum()) if not problems.empty else 0))]


def _lights(frame: pd.DataFrame) -> dict[int, str]:
    return dict(zip(frame["id"], frame["light"]))


def _problem_lights(engine: Engine, year: int, as_of: date, filters: Filters, shown: pd.DataFrame) -> dict[int, str]:
    """The lights on D of the problems `shown`, by id."""
    return _lights(lights.problem_lights(engine, year, as_of, filters, ids=tuple(int(i) for i in shown["id"])))


def lookback_section(engine: Engine, meeting_id: int, plan_year: int, held_on: date, today: date,
                     lang: str, filters: Filters = ALL) -> Section:
    """回头看 (meetings.lookback) of the place chosen: every problem of the last roadshow and every older
    one not closed, on the meeting's day (today for a meeting ahead), overdue first, with its warning
    light; counted in full, listed up to LOOKBACK_ROWS."""
    day = meetings.lookback_day(held_on, today)
    rows = meetings.lookback(engine, meeting_id, today, filters)
    previous = metrics.previous_meeting(engine, plan_year, held_on)
    names = queries.display_names(engine)
    title = t("slides.lookback", lang, day=previous[0].isoformat()) if previous else t("slides.lookback_first", lang)
    if len(rows) > LOOKBACK_ROWS:
        title += t("slides.lookback_first_rows", lang, rows=LOOKBACK_ROWS, count=len(rows))
    listed = rows.head(LOOKBACK_ROWS)
    slide = Slide("lookback", title, subtitle(plan_year, day, lang, filters, source="problems"),
                  tuple(problem_kpis(rows, lang)),
                  table=lookback_table(listed, _problem_lights(engine, plan_year, day, filters, listed), lang,
                                       lambda login: names.get(login, login)))
    return Section("lookback", t("lookback.title", lang), split(slide, lang))


def ranking_slide(ranking: pd.DataFrame, year: int, as_of: date, lang: str, filters: Filters = ALL,
                  place: str = "street") -> Slide:
    """Places ranked (metrics.ranking rows) as a table slide: the best and the worst ten, the places
    between summed in one row (their counts and problems added, their rates those of the sums)."""
    sums = [c for c in (*charts.RANKED_SUMS, "open", "overdue") if c in ranking.columns]
    capped = charts.capped(ranking, place, lambda n: t(f"chart.rest.{place}", lang, count=n), sums=sums,
                           rates=charts.RANKED_RATES)
    title = t("streets.ranking" if place == "street" else f"ranking.title.{place}", lang)
    return Slide("ranking", title, subtitle(year, as_of, lang, filters), table=ranking_table(capped, lang, place))


def lights_slide(counts: pd.DataFrame, year: int, as_of: date, lang: str, filters: Filters = ALL) -> Slide:
    """预警: the projects and problems under each light, in all and per street (the streets with the most
    red first where more than a slide's worth, the others summed)."""
    kinds = [f"{k}_{c}" for k in ("projects", "problems") for c in lights.ORDER]
    totals = {k: int(counts[k].sum()) for k in kinds}
    if len(counts) > 2 * charts.TOP_N + 1:
        worst = counts.sort_values(["projects_red", "problems_red", "projects_yellow", "problems_yellow"],
                                   ascending=False, kind="stable")
        shown, rest = worst.iloc[:2 * charts.TOP_N], worst.iloc[2 * charts.TOP_N:]
        counts = pd.concat([shown, pd.DataFrame([{"street": t("chart.rest.street", lang, count=len(rest)),
                                                  **{k: int(rest[k].sum()) for k in kinds}}])], ignore_index=True)
    kpis = [Kpi(t(f"lights.{k.split('_')[0]}_count", lang, light=label("warning_light", k.split("_")[1], lang)),
                str(totals[k])) for k in kinds]
    return Slide("lights", t("lights.by_street", lang), subtitle(year, as_of, lang, filters), tuple(kpis),
                 table=lights_table(counts, lang))


def summary_title(level: str, lang: str) -> str:
    """全区/全市/全省重点项目总体情况: the place whose `level` places are ranked (streets: a district's)."""
    return t("meeting.summary" if level == "street" else f"meeting.summary.{level}", lang)


def summary_section(engine: Engine, year: int, as_of: date, title: str, lang: str, filters: Filters = ALL) -> Section:
    """The place: headline figures with starts by category, rates by place, the ranking, warning lights."""
    sub = subtitle(year, as_of, lang, filters)
    d = metrics.district(engine, year, as_of, filters)
    kpis = [Kpi(t("kpi.projects", lang), str(d["projects"])),
            Kpi(t("kpi.started_investment", lang), fmt_yi(d["started_investment_wan"], lang)), *rate_kpis(d, lang)]
    by_category = metrics.grouped(engine, year, as_of, "category", filters)
    by_category = by_category[by_category["projects"] > 0]
    summary = Slide("summary", title, sub, tuple(kpis), charts.started_by_category(by_category, lang),
                    notes=tuple(f"{label('category', c, lang)}: {n}" for c, n in
                                zip(by_category["category"], by_category["started"])))
    level = hierarchy.ranking_level(hierarchy.places(engine), filters)
    by_place = metrics.grouped(engine, year, as_of, level, filters)
    rates = charts.street_rates(by_place, d, lang, level)
    rates_slide = Slide("street-rates", rates.layout.title.text, sub, (), rates,
                        notes=tuple(f"{s}: {fmt_rate(r)} ({a}/{b}) · {fmt_rate(n)} ({c}/{e})" for s, r, a, b, n, c, e
                                    in zip(by_place[level], by_place["resumption_rate"], by_place["continuing_resumed"],
                                           by_place["continuing"], by_place["new_start_rate"],
                                           by_place["new_started"], by_place["new"]) if b or e))
    ranking = metrics.ranking(engine, year, as_of, level, filters)
    return Section("summary", summary_title(level, lang), [
        summary, rates_slide, *split(ranking_slide(ranking, year, as_of, lang, filters, level), lang),
        *split(lights_slide(lights.light_counts(engine, year, as_of, filters), year, as_of, lang, filters), lang)])


def street_section(engine: Engine, year: int, as_of: date, street: str, n: int | None, lang: str,
                   filters: Filters = ALL) -> Section:
    """One street's report: its figures and projects, then its problems not yet closed, over as many
    slides as they need; numbered as the street speaks at the meeting (n), or not (the street page)."""
    scope = replace(filters, streets=(street,))
    d = metrics.district(engine, year, as_of, scope)
    problems = queries.follow_up_list(engine, year, as_of, scope)
    still_open = problems[problems["status"] != "resolved"]
    kpis = [Kpi(t("kpi.projects", lang), str(d["projects"])), *rate_kpis(d, lang),
            Kpi(t("streets.open", lang), str(len(still_open)),
                t("slides.overdue_count", lang, n=int(still_open["overdue"].sum())))]
    title = t("meeting.street", lang, n=n, street=street) if n else t("slides.street", lang, street=street)
    sub = subtitle(year, as_of, lang, scope)
    name = f"street-{n:02d}" if n else "street"
    projects = Slide(name, title, sub, tuple(kpis), table=projects_table(
        queries.ledger(engine, year, as_of, scope), _lights(lights.project_lights(engine, year, as_of, scope)), lang))
    slides = split(projects, lang)
    if not still_open.empty:
        problem_lights = _problem_lights(engine, year, as_of, scope, still_open)
        problems_title = (t("slides.meeting_street_problems", lang, n=n, street=street) if n else
                          t("slides.street_problems", lang, street=street))
        slides += split(Slide(f"{name}-problems", problems_title, subtitle(year, as_of, lang, scope, "problems"),
                              table=problems_table(still_open, problem_lights, lang, with_street=False)), lang)
    stop = t("meeting.street", lang, n=n, street=street) if n else street
    return Section(street, stop, slides)


def rest_section(engine: Engine, year: int, as_of: date, ranking: pd.DataFrame, n: int, lang: str,
                 filters: Filters = ALL) -> Section:
    """The streets between the best and the worst ten (a city's or province's meeting): their figures
    summed, and the first REST_ROWS of them in rank order."""
    others = ranking.iloc[charts.TOP_N:len(ranking) - charts.TOP_N]
    summed = charts.capped_ranking(ranking, "street", lang).iloc[charts.TOP_N]
    stop = t("meeting.rest", lang, n=n, count=len(others))
    title = stop if len(others) <= REST_ROWS else stop + t("slides.rest_first_rows", lang, first=charts.TOP_N + 1,
                                                           last=charts.TOP_N + REST_ROWS)
    kpis = [Kpi(t("kpi.projects", lang), str(summed["projects"])), *rate_kpis(summed.to_dict(), lang)]
    slide = Slide("rest", title, subtitle(year, as_of, lang, filters), tuple(kpis),
                  table=rest_table(others.head(REST_ROWS), lang))
    return Section(REST, stop, split(slide, lang))


def ratings_section(engine: Engine, year: int, as_of: date, lang: str, filters: Filters = ALL) -> Section:
    """Star ratings (星级) on the day: how many projects hold each, the average per street, and the
    projects that moved since the cycle before with why (falls of two stars or more first, in red)."""
    sub = subtitle(year, as_of, lang, filters, source="ratings")
    stars = metrics.star_distribution(engine, year, as_of, filters)
    current, previous = star_moves.in_force(star_moves.confirmed_cycles(engine, year), as_of)
    slides = [Slide("ratings", t("chart.star_distribution", lang), sub, tuple(star_kpis(stars, current, lang)),
                    charts.star_distribution(stars, lang),
                    notes=tuple(f"{s}★: {n}" for s, n in zip(stars["stars"], stars["projects"])))]
    averages = star_moves.street_averages(engine, year, as_of, filters)
    if not averages.empty:
        slides.append(Slide("street-stars", t("chart.street_stars", lang), sub,
                            tuple(street_star_kpis(averages, lang)), charts.street_stars(averages, lang),
                            notes=tuple(f"{s}: {a:.2f}★ ({n})" for s, a, n in
                                        zip(averages["street"], averages["average"], averages["rated"]))))
    moves = star_moves.star_moves(engine, current, previous, filters) if current and previous else None
    slides += split(moves_slide(moves, current, previous, sub, lang), lang)
    return Section("ratings", t("stars.title", lang), slides)


def next_section(engine: Engine, year: int, as_of: date, lang: str, filters: Filters = ALL) -> Section:
    """Next steps: problems still to solve, by deadline, and projects not started on time."""
    counts = metrics.problems(engine, year, as_of, filters).iloc[0]
    due = queries.due_first(engine, year, as_of, filters, limit=NEXT_ROWS)
    title = t("slides.next_problems", lang)
    if counts["open"] > NEXT_ROWS:
        title = t("slides.next_problems_first", lang, rows=NEXT_ROWS, count=int(counts["open"]))
    open_slide = Slide("next-problems", title, subtitle(year, as_of, lang, filters, source="problems"),
                       (Kpi(t("streets.open", lang), str(int(counts["open"]))),
                        Kpi(t("issue.overdue", lang), str(int(counts["overdue"])))),
                       table=problems_table(due, _problem_lights(engine, year, as_of, filters, due), lang))
    late = ("late_start",)  # not the overdue problems: the slide before lists them (a province's take seconds)
    late_count = metrics.attention_counts(engine, year, as_of, filters, kinds=late)["late_start"]
    attention = metrics.needs_attention(engine, year, as_of, filters, limit=LATE_ROWS, kinds=late)
    title = t("slides.next_late", lang)
    if late_count > LATE_ROWS:
        title = t("slides.next_late_longest", lang, rows=LATE_ROWS, count=late_count)
    late_slide = Slide("late-projects", title, subtitle(year, as_of, lang, filters),
                       (Kpi(t("attention.late_start", lang), str(late_count)),),
                       table=late_table(attention, lang))
    return Section("next", t("meeting.next_steps", lang), [*split(open_slide, lang), *split(late_slide, lang)])


def agenda_of(engine: Engine, ranking: pd.DataFrame, agenda: str | None, filters: Filters = ALL) -> list[str]:
    """The stops of the streets, in speaking order: the meeting's agenda (its streets within the place
    chosen), else every street with projects in the hierarchy's order — and where there are more than
    a meeting can hear, the best and the worst ten in rank order with REST (the others) between.
    `ranking`: the streets with projects, ranked (metrics.street_ranking)."""
    streets = hierarchy.in_scope(hierarchy.places(engine), filters)["street"].tolist()
    if agenda and not pd.isna(agenda):
        return [name for name in agenda.split(AGENDA_SEPARATOR) if name in set(streets)]
    with_projects = set(ranking["street"])
    in_order = [name for name in streets if name in with_projects]
    if len(in_order) > 2 * charts.TOP_N + 1:  # the same rule as the charts
        names = ranking["street"].tolist()
        return [*names[:charts.TOP_N], REST, *names[-charts.TOP_N:]]
    return in_order


def meeting_deck(engine: Engine, lang: str, plan_year: int | None = None, as_of: date | None = None,
                 meeting_id: int | None = None, filters: Filters = ALL, today: date | None = None) -> Deck:
    """The deck of a roadshow for the place chosen (`filters`): the meeting asked for, else the plan
    year's latest; as of the meeting's day unless `as_of` is given. Without any meeting, the place as
    of `as_of` (no 回头看: there is no meeting to look back from)."""
    year = plan_year or metrics.latest_plan_year(engine)
    if year is None:
        raise NoDeck("slides.no_projects")
    if year not in metrics.plan_years(engine):
        raise NoDeck("slides.no_year", year=year)
    found = queries.meetings(engine, year)
    if meeting_id is not None:
        found = found[found["id"] == meeting_id]
        if found.empty:
            raise NoDeck("slides.no_meeting", id=meeting_id, year=year)
    meeting = found.iloc[-1] if not found.empty else None
    day = as_of or (meeting["held_on"] if meeting is not None else metrics.opening_as_of(engine, year))
    title = meeting["title"] if meeting is not None else summary_title(
        hierarchy.ranking_level(hierarchy.places(engine), filters), lang)
    ranking = metrics.street_ranking(engine, year, day, filters)
    agenda = agenda_of(engine, ranking, meeting["agenda"] if meeting is not None else None, filters)
    sections = [lookback_section(engine, int(meeting["id"]), year, meeting["held_on"], today or clock_today(), lang,
                                 filters)] if meeting is not None else []
    sections.append(summary_section(engine, year, day, title, lang, filters))
    sections += [rest_section(engine, year, day, ranking, n, lang, filters) if stop == REST else
                 street_section(engine, year, day, stop, n, lang, filters) for n, stop in enumerate(agenda, 1)]
    sections += [ratings_section(engine, year, day, lang, filters), next_section(engine, year, day, lang, filters)]
    return Deck(title, year, day, sections)
