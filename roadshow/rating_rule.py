"""星级动态评价: the rule that turns a project's facts on a day into a score out of 100 and stars.

Its numbers are the [rating] section of evaluation.toml; `RatingRule.of` reads and checks them,
`score` applies them to every project at once (vectorised: a city's 10,000 projects in one pass),
and `describe` / `explain` word them for the page, from the same numbers."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from .codes import Category, Stage
from .evaluation import rules
from .i18n import label, t
from .metrics import time_elapsed_share

START_STATES = ("on_time", "late", "not_yet_due", "overdue", "preliminary", "suspended")
STAR_COUNTS = (5, 4, 3, 2)  # the cut-offs the rule names; below the lowest, 1 star


class RuleError(ValueError):
    """evaluation.toml holds a rule that cannot be applied; the message names the key."""


def _points(section: dict, key: str, where: str) -> int:
    value = section.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise RuleError(f"evaluation.toml [{where}] {key}: a whole number of points ≥ 0 is needed, not {value!r}")
    return value


def _tiers(section: dict, key: str, where: str, bound: str, points: str, descending: bool) -> tuple:
    rows = section.get(key)
    if not isinstance(rows, list) or not rows:
        raise RuleError(f"evaluation.toml [{where}] {key}: a list of tiers is needed")
    tiers = tuple((row.get(bound), _points(row, points, f"{where}.{key}")) for row in rows)
    bounds = [b for b, _ in tiers]
    if not all(isinstance(b, (int, float)) and not isinstance(b, bool) for b in bounds) or \
            bounds != sorted(bounds, reverse=descending) or len(set(bounds)) != len(bounds):
        order = "highest" if descending else "lowest"
        raise RuleError(f"evaluation.toml [{where}] {key}: each tier needs a number {bound}, {order} first")
    return tiers


@dataclass(frozen=True)
class RatingRule:
    """The rule's numbers (see evaluation.toml for what each means)."""

    stars: tuple[tuple[int, int], ...]  # (least score, stars), best first
    size: tuple[tuple[float, int], ...]  # (total investment at least, in 万元; points), highest first
    city_key: int
    category: dict[str, int]
    problems_full: int
    open_penalty: int
    overdue: tuple[tuple[int, int], ...]  # (more than days overdue; penalty), shortest first
    start: dict[str, int]  # points per start state but "late"
    late: tuple[tuple[int, int], ...]  # (late by at most days; points), shortest first
    late_beyond: int
    gap: tuple[tuple[float, int], ...]  # (completion − 序时进度 at least, in points; points), highest first
    gap_below: int
    no_annual_plan: int

    @classmethod
    def of(cls, section: dict) -> RatingRule:
        """The rule of a [rating] section; RuleError names what is missing or wrong."""
        try:
            stars, benefit, problems = section["stars"], section["benefit"], section["problems"]
            start, investment = section["progress"]["start"], section["progress"]["investment"]
            categories = benefit["category"]
        except (KeyError, TypeError) as missing:
            raise RuleError(f"evaluation.toml [rating]: {missing} is missing") from None
        cut_offs = tuple((_points(stars, str(n), "rating.stars"), n) for n in STAR_COUNTS)
        if [c for c, _ in cut_offs] != sorted({c for c, _ in cut_offs}, reverse=True):
            raise RuleError("evaluation.toml [rating.stars]: more stars need a higher score")
        rule = cls(
            stars=cut_offs,
            size=_tiers(benefit, "size", "rating.benefit", "at_least_wan", "points", descending=True),
            city_key=_points(benefit, "city_key", "rating.benefit"),
            category={c.value: _points(categories, c.value, "rating.benefit.category") for c in Category},
            problems_full=_points(problems, "full", "rating.problems"),
            open_penalty=_points(problems, "open", "rating.problems"),
            overdue=_tiers(problems, "overdue", "rating.problems", "more_than_days", "penalty", descending=False),
            start={s: _points(start, s, "rating.progress.start") for s in START_STATES if s != "late"},
            late=_tiers(start, "late", "rating.progress.start", "up_to_days", "points", descending=False),
            late_beyond=_points(start, "late_beyond", "rating.progress.start"),
            gap=_tiers(investment, "gap", "rating.progress.investment", "at_least_points", "points", descending=True),
            gap_below=_points(investment, "below", "rating.progress.investment"),
            no_annual_plan=_points(investment, "no_annual_plan", "rating.progress.investment"),
        )
        if rule.overdue[0][0] != 0:
            raise RuleError("evaluation.toml [rating.problems] overdue: the first tier is more_than_days = 0")
        if sum(rule.maxima.values()) != 100:
            raise RuleError(f"evaluation.toml [rating]: the parts' highest points add up to "
                            f"{sum(rule.maxima.values())}, not 100 ({rule.maxima})")
        return rule

    @property
    def maxima(self) -> dict[str, int]:
        """The highest points of each part."""
        start = max([*self.start.values(), *(p for _, p in self.late), self.late_beyond])
        investment = max([*(p for _, p in self.gap), self.gap_below, self.no_annual_plan])
        return {"benefit": max(p for _, p in self.size) + self.city_key + max(self.category.values()),
                "problems": self.problems_full, "progress": start + investment}

    def stars_for(self, score):
        """Stars for scores (a number or an array)."""
        score = np.asarray(score)
        return np.select([score >= least for least, _ in self.stars], [n for _, n in self.stars], default=1)

    def score(self, facts: pd.DataFrame, as_of: date) -> pd.DataFrame:
        """Every project's parts, score and stars on `as_of`, from its facts (one row a project):
        total_investment_wan, city_key, category, stage, open (problems not closed and not past their
        deadline), overdue_<i> (problems overdue more than the i-th tier's days: cumulative counts),
        started_on (its start in the plan year by the day, else empty), planned_start_date,
        suspended (停工 on the day), completion (completed ÷ annual plan; empty without a plan), time_share."""
        f = facts
        total = f["total_investment_wan"].astype(float)
        out = pd.DataFrame(index=f.index)
        out["size_points"] = np.select([total >= at for at, _ in self.size], [p for _, p in self.size], default=0)
        out["city_key_points"] = np.where(f["city_key"].astype(bool), self.city_key, 0)
        out["category_points"] = f["category"].map(self.category).fillna(0).astype(int)
        out["benefit"] = out["size_points"] + out["city_key_points"] + out["category_points"]

        out["problems_full"] = self.problems_full
        out["open"] = f["open"].astype(int)
        out["open_penalty"] = out["open"] * self.open_penalty
        counts = [f[f"overdue_{i}"].astype(int) for i in range(len(self.overdue))] + [0]
        out["overdue"] = counts[0]
        out["overdue_penalty"] = sum((counts[i] - counts[i + 1]) * penalty
                                     for i, (_, penalty) in enumerate(self.overdue))
        out["problems"] = (self.problems_full - out["open_penalty"] - out["overdue_penalty"]).clip(lower=0)

        started = pd.to_datetime(f["started_on"])
        planned = pd.to_datetime(f["planned_start_date"])
        late_days = (started - planned).dt.days
        out["start_state"] = np.select(
            [f["suspended"].astype(bool), f["stage"] == Stage.preliminary, started.notna() & ~(late_days > 0),
             started.notna(), planned < pd.Timestamp(as_of)],
            ["suspended", "preliminary", "on_time", "late", "overdue"], default="not_yet_due")
        out["late_days"] = late_days.where(out["start_state"] == "late")
        late_points = np.select([late_days <= days for days, _ in self.late], [p for _, p in self.late],
                                default=self.late_beyond)
        out["start_points"] = np.where(out["start_state"] == "late", late_points,
                                       out["start_state"].map(self.start).fillna(0)).astype(int)

        completion = f["completion"].astype(float)
        out["completion"] = completion
        out["time_share"] = f["time_share"].astype(float)
        out["gap"] = ((completion - out["time_share"]) * 100).round(1)
        gap_points = np.select([out["gap"] >= at for at, _ in self.gap], [p for _, p in self.gap],
                               default=self.gap_below)
        out["investment_points"] = np.where(completion.isna(), self.no_annual_plan, gap_points).astype(int)
        out["progress"] = out["start_points"] + out["investment_points"]

        out["score"] = out["benefit"] + out["problems"] + out["progress"]
        out["stars"] = self.stars_for(out["score"])
        return out


def current_rule() -> RatingRule:
    """The rule in force now: evaluation.toml's [rating] section."""
    return RatingRule.of(rules()["rating"])


# --- the rule in words ----------------------------------------------------------------------

def _money(wan: float, L: str) -> str:
    if L == "en":
        return f"{wan / 100:,.0f}M CNY"
    return f"{wan / 10000:g} 亿元" if wan >= 10000 else f"{wan:g} 万元"


def _ranges(bounds: list[int], L: str) -> list[str]:
    """Day ranges after each bound: 0, 30, 60 → 1–30, 31–60, over 60."""
    return [t("rule.days_range", L, low=low + 1, high=high) for low, high in zip(bounds, bounds[1:])] + \
        [t("rule.days_over", L, days=bounds[-1])]


def describe(rule: RatingRule, L: str) -> list[str]:
    """The rule in plain words, one line per part, from its numbers."""
    sep = t("rule.sep", L)
    maxima = rule.maxima
    size = sep.join(t("rule.size_tier", L, amount=_money(at, L), points=p) if at > 0 else
                    t("rule.size_rest", L, points=p) for at, p in rule.size)
    categories = sep.join(f"{label('category', c, L)} {p}" for c, p in rule.category.items())
    overdue = sep.join(t("rule.overdue_tier", L, days=days, penalty=penalty) for days, (_, penalty)
                       in zip(_ranges([d for d, _ in rule.overdue], L), rule.overdue))
    late = sep.join(t("rule.late_tier", L, days=days, points=p) for days, p in
                    zip(_ranges([0, *(d for d, _ in rule.late)], L),
                        [*(p for _, p in rule.late), rule.late_beyond]))
    gap = sep.join(t("rule.gap_tier", L, gap=f"{at:g}".replace("-", "−"), points=p) for at, p in rule.gap)
    stars = sep.join(t("rule.star_cut", L, score=least, stars=n) for least, n in rule.stars)
    return [
        t("rule.total", L),
        t("rule.benefit", L, max=maxima["benefit"], size=size, city_key=rule.city_key, categories=categories),
        t("rule.problems", L, max=maxima["problems"], full=rule.problems_full, open=rule.open_penalty,
          overdue=overdue),
        t("rule.progress", L, max=maxima["progress"], on_time=rule.start["on_time"], late=late,
          not_yet_due=rule.start["not_yet_due"], overdue=rule.start["overdue"],
          preliminary=rule.start["preliminary"], suspended=rule.start["suspended"], gap=gap,
          below=rule.gap_below, no_plan=rule.no_annual_plan),
        t("rule.stars", L, cuts=stars),
    ]


def explain(row, L: str) -> dict[str, str]:
    """One scored project's parts (a row of `score`, or a rating's basis) as arithmetic a person can
    check: {part: text}."""
    benefit = t("why.benefit", L, size=row["size_points"], city_key=row["city_key_points"],
                category=row["category_points"], total=row["benefit"])
    if row["open"] or row["overdue"]:
        problems = t("why.problems", L, full=row["problems_full"], open=row["open"], open_penalty=row["open_penalty"],
                     overdue=row["overdue"], overdue_penalty=row["overdue_penalty"], total=row["problems"])
    else:
        problems = t("why.no_problems", L, total=row["problems"])
    state = row["start_state"]
    start = (t("why.start_late", L, days=int(row["late_days"]), points=row["start_points"]) if state == "late" else
             t("why.start", L, state=label("start_state", state, L), points=row["start_points"]))
    investment = (t("why.no_plan", L, points=row["investment_points"]) if pd.isna(row["completion"]) else
                  t("why.investment", L, completion=f"{row['completion'] * 100:.1f}%",
                    share=f"{row['time_share'] * 100:.1f}%", gap=f"{row['gap']:+.1f}",
                    points=row["investment_points"]))
    return {"benefit": benefit, "problems": problems,
            "progress": t("why.progress", L, start=start, investment=investment, total=row["progress"])}


# a made-up project the page computes with the rule in force, to show the arithmetic
EXAMPLE = {"total_investment_wan": 60000, "city_key": True, "category": Category.industrial, "open": 1,
           "overdue_days": 45, "late_days": 20, "annual_plan_wan": 10000, "completed_wan": 3000}


def worked_example(rule: RatingRule, as_of: date, L: str) -> tuple[str, pd.Series]:
    """The example project's facts in words, and its row scored by `rule` on `as_of`."""
    e = EXAMPLE
    planned = as_of - timedelta(days=90)
    share = time_elapsed_share(as_of.year, as_of)
    facts = pd.DataFrame([{
        "total_investment_wan": e["total_investment_wan"], "city_key": e["city_key"], "category": e["category"],
        "stage": Stage.new, "open": e["open"], "started_on": planned + timedelta(days=e["late_days"]),
        "planned_start_date": planned, "suspended": False, "completion": e["completed_wan"] / e["annual_plan_wan"],
        "time_share": share,
        **{f"overdue_{i}": int(e["overdue_days"] > days) for i, (days, _) in enumerate(rule.overdue)}}])
    text = t("example.facts", L, category=label("category", e["category"], L),
             investment=_money(e["total_investment_wan"], L), open=e["open"], overdue_days=e["overdue_days"],
             late_days=e["late_days"], annual=_money(e["annual_plan_wan"], L), completed=_money(e["completed_wan"], L),
             completion=f"{e['completed_wan'] / e['annual_plan_wan'] * 100:.1f}%", as_of=as_of.isoformat(),
             share=f"{share * 100:.1f}%")
    return text, rule.score(facts, as_of).iloc[0]
