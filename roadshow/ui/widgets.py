"""Pieces of page shared by several pages: KPI cards, tables with the shared colours."""
from __future__ import annotations

from decimal import Decimal

import pandas as pd
import streamlit as st

from ..charts import STATUS_COLORS
from ..codes import IssueStatus
from ..i18n import fmt_rate, fmt_yi, label, t
from ..hierarchy import several
from ..metrics import ATTENTION, ZERO


def _delta_count(now: int, then: int | None) -> str | None:
    return None if then is None else f"{now - then:+d}"


def _delta_rate(now: float | None, then: float | None) -> str | None:
    if now is None or then is None:
        return None
    return f"{(now - then) * 100:+.1f} pp"


def kpi_cards(d: dict, before: dict | None, last_year: dict | None, L: str) -> None:
    """The headline figures, each with its change since the last roadshow (Δ) and,
    where the previous plan year is known, the same day last year."""
    b = before or {}
    since = t("kpi.since_meeting", L) if before else None

    def year_ago(key, fmt):
        return t("kpi.last_year", L, value=fmt(last_year[key])) if last_year else None

    cards = [*st.columns(3), *st.columns(3)]  # two rows: labels stay whole beside the sidebar and on a projector
    cards[0].metric(t("kpi.projects", L), d["projects"], border=True,
                    help=t("kpi.projects_help", L, continuing=d["continuing"], new=d["new"], preliminary=d["preliminary"]))
    cards[1].metric(t("kpi.total_investment_yi", L), fmt_yi(d["total_investment_wan"], L, unit=False), border=True,
                    help=t("kpi.annual_plan", L) + " " + fmt_yi(d["annual_plan_wan"], L))
    cards[2].metric(t("kpi.started", L), d["started"], delta=_delta_count(d["started"], b.get("started")),
                    delta_description=since, border=True,
                    help=" · ".join(filter(None, [t("kpi.started_help", L, investment=fmt_yi(d["started_investment_wan"], L)),
                                                  year_ago("started", str)])))
    cards[3].metric(t("kpi.resumption_rate", L), fmt_rate(d["resumption_rate"]), border=True,
                    delta=_delta_rate(d["resumption_rate"], b.get("resumption_rate")), delta_description=since,
                    help=" · ".join(filter(None, [t("kpi.resumption_help", L, resumed=d["continuing_resumed"],
                                                    continuing=d["continuing"]), year_ago("resumption_rate", fmt_rate)])))
    cards[4].metric(t("kpi.new_start_rate", L), fmt_rate(d["new_start_rate"]), border=True,
                    delta=_delta_rate(d["new_start_rate"], b.get("new_start_rate")), delta_description=since,
                    help=t("kpi.new_start_help", L, started=d["new_started"], new=d["new"]))
    cards[5].metric(t("kpi.completion_rate", L), fmt_rate(d["completion_rate"]), border=True,
                    delta=_delta_rate(d["completion_rate"], b.get("completion_rate")), delta_description=since,
                    help=t("kpi.completion_help", L, completed=fmt_yi(d["completed_wan"], L),
                           plan=fmt_yi(d["annual_plan_wan"], L)))
    if last_year:
        st.caption(t("kpi.last_year_line", L, started=last_year["started"],
                      rate=fmt_rate(last_year["resumption_rate"])))


def _colour(status: str) -> str:
    return f"color: {STATUS_COLORS[status]}; font-weight: 600" if status in STATUS_COLORS else ""


ATTENTION_ROWS = 20  # of each kind, the longest waiting: the overview is a summary, not the list


def attention_table(attention: pd.DataFrame, L: str, districts: bool = False) -> None:
    """Attention items (metrics.needs_attention rows); with their district where there are several."""
    if attention.empty:
        st.caption(t("attention.none", L))
        return
    kinds = {"overdue_problem": "open", "suspended": "suspended", "late_start": "late"}
    view = pd.DataFrame({
        t("attention.kind", L): [t(f"attention.{k}", L) for k in attention["kind"]],
        t("field.code", L): attention["code"], t("field.name", L): attention["name"],
        **({t("field.district", L): attention["district"]} if districts else {}),
        t("field.street", L): attention["street"], t("attention.since", L): attention["since"],
        t("attention.detail", L): attention["detail"].fillna(""),
    })
    styled = view.style.apply(lambda col: [_colour(kinds[k]) for k in attention["kind"]],
                              subset=[t("attention.kind", L)])
    st.dataframe(styled, hide_index=True, height=min(420, 36 + 35 * len(view)))


def attention_summary(figures, year: int, as_of, filters, L: str) -> None:
    """需要关注: how many of each kind, and the longest waiting of each."""
    counts = figures.attention_counts(year, as_of, filters)
    st.subheader(t("attention.title", L))
    caption = " · ".join(f"{t(f'attention.{k}', L)} {counts[k]}" for k in ATTENTION)
    if max(counts.values()) > ATTENTION_ROWS:
        caption += " · " + t("attention.longest", L, rows=ATTENTION_ROWS)
    st.caption(caption)
    attention_table(figures.needs_attention(year, as_of, filters, limit=ATTENTION_ROWS), L,
                    several(figures.places(), "district"))


def status_label(row, L: str) -> str:
    """A project's state on the as-of date: suspended, started, or not started."""
    if row["suspended"]:
        return t("status.suspended", L)
    if pd.notna(row["start_date"]):
        return t("status.started", L)
    return t("status.preliminary", L) if row["stage"] == "preliminary" else t("status.not_started", L)


def status_colour(value: str, L: str) -> str:
    return _colour({t("status.suspended", L): "suspended", t("status.started", L): "started",
                    t("status.not_started", L): "not_started"}.get(value, ""))


def issue_status_text(status: str, overdue: bool, L: str) -> str:
    """A problem's status on the as-of day, with 逾期 when it is past its deadline and not closed."""
    return label("issue_status", status, L) + (" · " + t("issue.overdue", L) if overdue else "")


def amounts(values) -> list[Decimal]:
    """Amounts in 万元 for a table, exact; nothing reported by the as-of day is nothing completed."""
    return [ZERO if pd.isna(v) else v for v in values]


def issue_status_colour(value: str, L: str) -> str:
    codes = {label("issue_status", c, L): c for c in IssueStatus}
    return _colour(codes.get(value, ""))
