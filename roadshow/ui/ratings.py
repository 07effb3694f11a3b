"""Pieces of the rating pages and the project detail: stars as ★, the rule in words with a worked
example, a cycle's proposals as a table, a project's rating history."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pandas as pd
import streamlit as st

from ..i18n import fmt_date, fmt_when, t
from ..rating_rule import RatingRule, RuleError, describe, explain, worked_example
from ..ratings import IMPORTED, cycle_label


def checked_rule(read: Callable, L: str):
    """The rule `read` returns; a broken evaluation.toml stops the page with what is wrong in it."""
    try:
        return read()
    except RuleError as error:
        st.error(t("rating.broken_rule", L, error=str(error)))
        st.stop()


def stars_text(stars) -> str:
    """3 → ★★★; nothing → —."""
    return "—" if stars is None or pd.isna(stars) else "★" * int(stars)


def why(row, L: str) -> str:
    """A rating's parts as arithmetic, one line (nothing for stars without parts, e.g. imported)."""
    if pd.isna(row.get("size_points")):
        return ""
    return " | ".join(explain(row, L).values())


def rule_explanation(rule: RatingRule, as_of: date, L: str) -> None:
    """The rule in plain words, then the worked example computed by it on `as_of`."""
    for line in describe(rule, L):
        st.markdown(line)
    facts, scored = worked_example(rule, as_of, L)
    st.markdown("**" + t("example.title", L) + "**")
    st.markdown(facts)
    parts = explain(scored, L)
    for part in ("benefit", "problems", "progress"):
        st.markdown("- " + t("rating.part_line", L, part=t(f"rating.{part}", L), text=parts[part]))
    st.markdown(t("example.total", L, benefit=scored["benefit"], problems=scored["problems"],
                  progress=scored["progress"], score=scored["score"], stars=scored["stars"]))


def proposals_table(view: pd.DataFrame, L: str) -> pd.DataFrame:
    """A cycle's table as shown: previous stars, the parts, the score, proposed and given stars, the
    reason of an override, and the arithmetic of the parts."""
    return pd.DataFrame({
        t("field.code", L): view["code"], t("field.name", L): view["name"], t("field.street", L): view["street"],
        t("rating.previous", L): [stars_text(s) for s in view["previous"]],
        t("rating.benefit", L): view["benefit"].astype(int), t("rating.problems", L): view["problems"].astype(int),
        t("rating.progress", L): view["progress"].astype(int), t("rating.score", L): view["score"].astype(int),
        t("rating.proposed", L): [stars_text(s) for s in view["proposed"]],
        t("rating.given", L): [t("rating.pending", L) if pd.isna(s) else stars_text(s) for s in view["stars"]],
        t("rating.reason", L): view["reason"].fillna(""),
        t("rating.basis", L): [why(row, L) for row in view.to_dict("records")],
    })


def rating_history(ratings: pd.DataFrame, who: Callable[[str], str], L: str) -> None:
    """A project's ratings, newest first, each with its parts, its basis and any override reason."""
    if ratings.empty:
        st.caption(t("project.none", L))
        return
    rows = ratings.iloc[::-1]

    def note(row) -> str:
        if row["reason"] == IMPORTED:
            return t("rating.imported", L)
        return t("rating.override_note", L, proposed=stars_text(row["proposed_stars"]), reason=row["reason"]) \
            if isinstance(row["reason"], str) else ""

    def part(value) -> str:
        return "—" if pd.isna(value) else str(int(value))

    st.dataframe(pd.DataFrame({
        t("rating.cycle", L): [cycle_label(c, L) for c in rows["cycle"]],
        t("rating.rated_on", L): [fmt_date(d) for d in rows["rated_on"]],
        t("rating.stars", L): [stars_text(s) for s in rows["stars"]],
        t("rating.benefit", L): [part(v) for v in rows["benefit_score"]],
        t("rating.problems", L): [part(v) for v in rows["problem_score"]],
        t("rating.progress", L): [part(v) for v in rows["progress_score"]],
        t("rating.note", L): [note(r) for r in rows.to_dict("records")],
        t("rating.by", L): ["—" if pd.isna(b) else f"{who(b)} · {fmt_when(a)}"
                            for b, a in zip(rows["rated_by"], rows["rated_at"])],
    }), hide_index=True)
    for r in rows.to_dict("records"):
        if isinstance(r["basis"], dict):
            scored = {**r["basis"], "benefit": r["benefit_score"], "problems": r["problem_score"],
                      "progress": r["progress_score"]}
            with st.expander(t("rating.basis_of", L, cycle=cycle_label(r["cycle"], L))):
                for part, text in explain(scored, L).items():
                    st.markdown("- " + t("rating.part_line", L, part=t(f"rating.{part}", L), text=text))
