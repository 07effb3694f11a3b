"""月调度考核: each street's score for a month, out of 100, by the formula of evaluation.toml's
[street_assessment]; the ranking with its change since the month before, the red and black lists
(红黑榜) and the 通报 table that is sent round.

Every part is its weight × a rate between 0 and 1, as of the month's last day (today while the month
runs); a part with nothing to measure in a street scores its full weight. Figures come from SQL
aggregates per street (metrics.grouped and two queries here), never from the project rows."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from . import metrics
from .codes import IssueStatus, Stage
from .evaluation import rules
from .i18n import fmt_rate, t
from .metrics import ALL, Filters
from .models import InvestmentReport, Issue, Project, Street
from .rating_rule import RuleError

PARTS = ("start_rate", "investment", "problems_on_time", "data_current")


@dataclass(frozen=True)
class AssessmentRule:
    weights: dict[str, float]
    red_list: int
    black_list: int

    @classmethod
    def of(cls, section: dict) -> AssessmentRule:
        weights = section.get("weights") or {}
        for part in PARTS:
            value = weights.get(part)
            if not isinstance(value, (int, float)) or isinstance(value, bool) or value < 0:
                raise RuleError(f"evaluation.toml [street_assessment.weights] {part}: a weight ≥ 0 is needed, "
                                f"not {value!r}")
        if sum(weights[p] for p in PARTS) != 100:
            raise RuleError("evaluation.toml [street_assessment.weights]: the weights add up to "
                            f"{sum(weights[p] for p in PARTS)}, not 100")
        lists = {k: section.get(k) for k in ("red_list", "black_list")}
        for key, value in lists.items():
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise RuleError(f"evaluation.toml [street_assessment] {key}: a whole number ≥ 1 is needed")
        return cls({p: weights[p] for p in PARTS}, lists["red_list"], lists["black_list"])


def current_rule() -> AssessmentRule:
    return AssessmentRule.of(rules()["street_assessment"])


def describe(rule: AssessmentRule, L: str) -> list[str]:
    """The formula in plain words, from its weights."""
    w = {p: f"{rule.weights[p]:g}" for p in PARTS}
    return [t("assessment.formula", L, **w), *(t(f"assessment.part_{p}", L, weight=w[p]) for p in PARTS),
            t("assessment.lists", L, red=rule.red_list, black=rule.black_list)]


def months(plan_year: int, today: date) -> list[int]:
    """The months of the plan year that have begun by today."""
    return [m for m in range(1, 13) if date(plan_year, m, 1) <= today]


def month_as_of(plan_year: int, month: int, today: date) -> date:
    """The day a month is assessed on: its last day, or today while it runs."""
    last = date(plan_year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    return min(last, today)


def _count(condition):
    return sa.func.coalesce(sa.func.sum(sa.case((condition, 1), else_=0)), 0)


def _per_street(engine: Engine, query) -> dict[str, tuple]:
    with engine.connect() as db:
        return {row[0]: tuple(row[1:]) for row in db.execute(query)}


def _problems(engine: Engine, plan_year: int, as_of: date, filters: Filters) -> dict[str, tuple[int, int]]:
    """Per street: problems closed by their deadline, and problems closed late or overdue, on D
    (problems without a deadline are never late; a problem not past its deadline is not judged yet)."""
    closed = metrics.status_as_of(as_of) == IssueStatus.resolved
    closed_on = sa.func.coalesce(Issue.resolved_on, as_of)
    on_time = sa.and_(closed, sa.or_(Issue.deadline.is_(None), closed_on <= Issue.deadline))
    late = sa.or_(sa.and_(closed, closed_on > Issue.deadline), sa.and_(sa.not_(closed), Issue.deadline < as_of))
    return _per_street(engine, sa.select(Street.name, _count(on_time), _count(late))
                       .select_from(Issue).join(Project, Issue.project_id == Project.id)
                       .join(Street, Project.street_id == Street.id)
                       .where(Project.plan_year == plan_year, Issue.raised_on <= as_of, *filters.conditions())
                       .group_by(Street.name))


def _reports(engine: Engine, plan_year: int, month_first: date, as_of: date,
             filters: Filters) -> dict[str, tuple[int, int]]:
    """Per street: projects started by D, and those of them with an investment report within the month."""
    started = sa.and_(Project.stage.in_((Stage.continuing, Stage.new)), Project.start_date >= date(plan_year, 1, 1),
                      Project.start_date <= as_of)
    reported = sa.exists().where(InvestmentReport.project_id == Project.id,
                                 InvestmentReport.reported_on >= month_first, InvestmentReport.reported_on <= as_of)
    return _per_street(engine, sa.select(Street.name, _count(started), _count(sa.and_(started, reported)))
                       .select_from(Project).join(Street, Project.street_id == Street.id)
                       .where(Project.plan_year == plan_year, *filters.conditions()).group_by(Street.name))


def street_scores(engine: Engine, plan_year: int, month: int, today: date, rule: AssessmentRule,
                  filters: Filters = ALL) -> pd.DataFrame:
    """One row per street with projects (within the places of `filters`), in rank order: the facts, each
    part's rate and points, the score (the sum of the parts as shown, to one decimal) and the rank
    (equal scores share a rank)."""
    as_of = month_as_of(plan_year, month, today)
    streets = metrics.grouped(engine, plan_year, as_of, "street", filters)
    streets = streets[streets["projects"] > 0].reset_index(drop=True)
    problems = _problems(engine, plan_year, as_of, filters)
    reports = _reports(engine, plan_year, date(plan_year, month, 1), as_of, filters)
    share = metrics.time_elapsed_share(plan_year, as_of)
    frame = pd.DataFrame({
        "street": streets["street"], "as_of": as_of,
        "started": streets["continuing_resumed"] + streets["new_started"],
        "to_start": streets["continuing"] + streets["new"],
        "completion_rate": streets["completion_rate"], "time_share": share,
        "on_time": [problems.get(s, (0, 0))[0] for s in streets["street"]],
        "late": [problems.get(s, (0, 0))[1] for s in streets["street"]],
        "reporting": [reports.get(s, (0, 0))[0] for s in streets["street"]],
        "reported": [reports.get(s, (0, 0))[1] for s in streets["street"]],
    })
    rates = {
        "start_rate": [metrics.rate(a, b) for a, b in zip(frame["started"], frame["to_start"])],
        "investment": [None if c is None else min(1.0, c / share) for c in frame["completion_rate"]],
        "problems_on_time": [metrics.rate(a, a + b) for a, b in zip(frame["on_time"], frame["late"])],
        "data_current": [metrics.rate(a, b) for a, b in zip(frame["reported"], frame["reporting"])],
    }
    for part in PARTS:
        frame[f"{part}_rate"] = rates[part]
        frame[f"{part}_points"] = [round(rule.weights[part] * (1.0 if r is None else r), 1) for r in rates[part]]
    frame["score"] = frame[[f"{p}_points" for p in PARTS]].sum(axis=1).round(1)
    frame["rank"] = frame["score"].rank(method="min", ascending=False).astype(int)
    return frame.sort_values("rank", kind="stable").reset_index(drop=True)


def assessment(engine: Engine, plan_year: int, month: int, today: date, section: dict | None = None,
               filters: Filters = ALL) -> pd.DataFrame:
    """The month's ranking (street_scores) of the streets within the places of `filters` (a district's
    streets are ranked among themselves) with each street's rank the month before and the change
    (positive: up), and its list: "red" (红榜, the best `red_list` scores, ties included), "black"
    (黑榜, the weakest `black_list`), or none. `section` is the rule in force (the page passes it, so
    that its cache follows a changed evaluation.toml)."""
    rule = AssessmentRule.of(section or rules()["street_assessment"])
    frame = street_scores(engine, plan_year, month, today, rule, filters)
    before = street_scores(engine, plan_year, month - 1, today, rule, filters) if month > 1 else None
    previous = {} if before is None else dict(zip(before["street"], before["rank"]))
    frame["previous_rank"] = [previous.get(s) for s in frame["street"]]
    frame["change"] = [None if p is None else p - r for p, r in zip(frame["previous_rank"], frame["rank"])]
    scores = list(frame["score"])
    red = scores[min(rule.red_list, len(scores)) - 1] if scores else None
    black = scores[-min(rule.black_list, len(scores))] if scores else None
    frame["list"] = ["red" if s >= red else "black" if s <= black else None for s in scores]
    return frame


def bulletin(frame: pd.DataFrame, L: str, combined: bool = False) -> pd.DataFrame:
    """The 通报 table: rank, change, street, score, and each part's points with what it was computed
    from — in a column of its own (the xlsx), or `combined` in one column per part (the page)."""
    def change(value) -> str:
        return "—" if value is None or pd.isna(value) else t("assessment.same", L) if value == 0 else \
            f"▲{value:g}" if value > 0 else f"▼{-value:g}"

    def ratio(done, of) -> str:
        return t("assessment.not_applicable", L) if not of else f"{done}/{of} = {fmt_rate(done / of)}"

    investment = [t("assessment.not_applicable", L) if c is None or pd.isna(c) else
                  t("assessment.investment_ratio", L, completion=fmt_rate(c), share=fmt_rate(s))
                  for c, s in zip(frame["completion_rate"], frame["time_share"])]
    bases = {"start_rate": [ratio(a, b) for a, b in zip(frame["started"], frame["to_start"])],
             "investment": investment,
             "problems_on_time": [ratio(a, a + b) for a, b in zip(frame["on_time"], frame["late"])],
             "data_current": [ratio(a, b) for a, b in zip(frame["reported"], frame["reporting"])]}
    table = {t("assessment.rank", L): frame["rank"], t("assessment.change", L): [change(c) for c in frame["change"]],
             t("field.street", L): frame["street"], t("assessment.score", L): frame["score"]}
    for part in PARTS:
        if combined:
            table[t(f"assessment.{part}", L)] = [t("assessment.points_of", L, points=f"{p:.1f}", basis=b)
                                                 for p, b in zip(frame[f"{part}_points"], bases[part])]
        else:
            table[t(f"assessment.{part}", L)] = frame[f"{part}_points"]
            table[t(f"assessment.{part}_basis", L)] = bases[part]
    table[t("assessment.list", L)] = [t(f"assessment.{v}", L) if isinstance(v, str) else "" for v in frame["list"]]
    return pd.DataFrame(table)


def rule_sheet(rule: AssessmentRule, L: str) -> pd.DataFrame:
    """The formula in words as a sheet of the 通报 workbook, so the file explains its own numbers."""
    return pd.DataFrame({t("assessment.rule", L): [line.replace("**", "") for line in describe(rule, L)]})
