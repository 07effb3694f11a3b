"""The dispatch page's sections (周/月/季调度): how fast problems are closed per period and who holds
them up, the weekly digest, the warning lights per street, and the dispatch records with their form."""
from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from .. import dispatch_charts
from ..auth import Actor
from ..codes import DispatchLevel, Role
from ..digest import digest_lines, digest_sheets, digest_text
from ..dispatch import BadRecord, district_figures, periods, record_dispatch, rollup, worst_groups
from ..i18n import fmt_rate, label, t
from ..lights import current_rule
from ..metrics import Filters
from ..services import Refused
from ..settings import today
from ..slides.page_slides import bottleneck_kpis, flow_kpis, speed_kpis
from ..spreadsheets import to_xlsx
from .common import Figures, engine, md, refusal, url_choice
from .lights import counts_line, counts_table, rule_text
from .paging import paged
from .slides import chart

TOP = 10  # groups a bottleneck chart shows; the rest are summed
LEVELS = [level.value for level in DispatchLevel]


def url_segments(label_text: str, options: list[str], key: str, format_func) -> str:
    """A segmented control whose choice (a code) is kept in the URL, whatever the language."""
    if key not in st.session_state:
        st.session_state[key] = st.query_params.get(key) if st.query_params.get(key) in options else options[0]
    choice = st.segmented_control(label_text, options, key=key, format_func=format_func, required=True)
    st.query_params[key] = choice
    return choice


def _number(value) -> str:
    return "—" if value is None or pd.isna(value) else f"{float(value):g}"


def analysis(figures: Figures, year: int, as_of: date, filters: Filters, L: str) -> None:
    """Per period: the district's figures and charts; for one period, each street or unit."""
    level = url_segments(t("dispatch.level", L), LEVELS, "level", lambda c: label("dispatch_level", c, L))
    # the units' rows, which the table below shows by default, summed: one reading of the problems, not two
    district = district_figures(figures.dispatch_figures(year, as_of, level, "owner_unit", filters),
                                periods(level, year, as_of))
    if district.empty:
        st.info(t("dispatch.no_periods", L))
        return
    now = district.iloc[-1]
    before = district.iloc[-2] if len(district) > 1 else None
    st.caption(t("dispatch.current", L, start=now["start"].isoformat(), end=now["end"].isoformat())
               + (" " + t("dispatch.week_rule", L) if level == DispatchLevel.weekly else ""))

    since = t("dispatch.since_previous", L) if before is not None else None
    cards = [*st.columns(3), *st.columns(3)]  # two rows: whole labels beside the sidebar and on a projector
    for card, column, colour in zip(cards, ("raised", "closed", "backlog", "overdue"),
                                    ("off", "normal", "inverse", "inverse")):
        change = None if before is None else int(now[column]) - int(before[column])
        card.metric(t(f"dispatch.{column}", L), int(now[column]), None if change is None else f"{change:+d}",
                    delta_color=colour, delta_arrow="off" if change == 0 else "auto", delta_description=since,
                    chart_data=[int(v) for v in district[column]], chart_type="bar" if column in ("raised", "closed")
                    else "line", border=True)
    cards[4].metric(t("dispatch.median_days", L), _number(now["median_days"]), border=True,
                    help=t("dispatch.median_help", L))
    cards[5].metric(t("dispatch.on_time_rate", L), fmt_rate(None if pd.isna(now["on_time_rate"]) else now["on_time_rate"]),
                    border=True, help=t("dispatch.on_time_help", L, closed=int(now["closed_on_time"]),
                                        of=int(now["closed_with_deadline"])))
    left, right = st.columns(2)
    chart(dispatch_charts.flow(district, level, L), f"dispatch-flow-{level}", year, as_of, filters, L, left,
          flow_kpis(now, level, L), "problems")
    chart(dispatch_charts.speed(district, level, L), f"dispatch-speed-{level}", year, as_of, filters, L, right,
          speed_kpis(now, level, L), "problems")

    st.subheader(t("dispatch.who", L))
    top = st.columns([2, 3], vertical_alignment="bottom")
    with top[0]:
        by = url_segments(t("dispatch.by", L), ["owner_unit", "street"], "by", lambda c: t(f"dispatch.by_{c}", L))
    spans = dict(zip(district["start"], district["end"]))
    start = url_choice(top[1], t("dispatch.period", L), list(spans), "period", index=len(spans) - 1,
                       format_func=lambda s: t("dispatch.period_span", L, period=dispatch_charts.period_label(s, level, L),
                                               start=s.isoformat(), end=spans[s].isoformat()))
    groups = figures.dispatch_figures(year, as_of, level, by, filters)
    in_period = groups[groups["start"] == start]
    if in_period.empty:
        st.caption(t("project.none", L))
        return
    shown = rollup(in_period, worst_groups(in_period, start, TOP))
    chart(dispatch_charts.bottleneck(shown, by, L), f"dispatch-{by}-{level}-{start.isoformat()}", year, as_of, filters,
          L, kpis=bottleneck_kpis(in_period, by, level, L), source="problems")
    ranked = paged(in_period.sort_values(["overdue", "backlog", "closed", "group"], ascending=[False, False, True, True]),
                   f"dispatch_who:{by}", L, ("group",), t(f"dispatch.search_{by}", L))
    st.dataframe(pd.DataFrame({
        t(f"dispatch.by_{by}", L): ranked["group"], t("dispatch.raised", L): ranked["raised"],
        t("dispatch.closed", L): ranked["closed"], t("dispatch.backlog", L): ranked["backlog"],
        t("dispatch.overdue", L): ranked["overdue"],
        t("dispatch.median_days", L): [_number(v) for v in ranked["median_days"]],
        t("dispatch.on_time_rate", L): [fmt_rate(None if pd.isna(v) else v) for v in ranked["on_time_rate"]],
    }), hide_index=True, height=min(420, 38 + 35 * len(ranked)))


def weekly_digest(figures: Figures, year: int, as_of: date, filters: Filters, L: str) -> None:
    """周调度简报: the sentences to read out, and their downloads (text, and the lists as xlsx)."""
    digest = figures.weekly_digest(year, as_of, filters)
    if digest is None:
        st.info(t("dispatch.no_periods", L))
        return
    lines = digest_lines(digest, L)
    st.subheader(lines[0][1])  # our words and dates only; the lines below quote what users typed
    # a paragraph for the summary and each section; the lines of a section kept apart by hard breaks
    st.markdown("".join(f"\n\n**{md(text)}**" if kind == "heading" else f"  \n{md(text)}" if kind == "item"
                        else md(text) for kind, text in lines[1:]))
    text = digest_text(digest, L)
    name = f"{t('digest.file', L)}-{digest['end'].isoformat()}"
    left, right = st.columns(2)
    left.download_button(t("digest.download_text", L), data=text.encode("utf-8-sig"), file_name=f"{name}.txt",
                         mime="text/plain", icon=":material/description:")
    right.download_button(t("digest.download_xlsx", L), data=lambda: to_xlsx(digest_sheets(digest, L)),
                          file_name=f"{name}.xlsx", icon=":material/table_view:",
                          mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def warning_lights(figures: Figures, year: int, as_of: date, filters: Filters, L: str) -> None:
    """The lights of every street's projects and problems on D, and the rule that sets them."""
    counts = figures.light_counts(year, as_of, filters, rule=current_rule())
    st.markdown(counts_line(counts, L))
    counts_table(counts, "dispatch_light_counts", L)
    st.subheader(t("lights.rule_title", L))
    st.markdown(rule_text(current_rule(), L))
    st.caption(t("lights.rule_source", L))


def records(user: Actor, figures: Figures, year: int, as_of: date, L: str) -> None:
    """The dispatch records held by D, newest first; the dispatch office records a new one."""
    if saved := st.session_state.pop("dispatch_saved", None):
        st.success(saved)
    if user.role == Role.dispatcher:
        record_form(user, L)
    rows = figures.dispatch_records(year, as_of)
    st.caption(t("dispatch.records_count", L, count=len(rows)))
    if rows.empty:
        return
    who = figures.people()
    st.dataframe(pd.DataFrame({
        t("dispatch.held_on", L): rows["held_on"], t("dispatch.record_level", L): [
            label("dispatch_level", v, L) for v in rows["level"]],
        t("dispatch.chaired_by", L): rows["chaired_by"], t("dispatch.reviewed", L): rows["reviewed"],
        t("dispatch.decisions", L): rows["decisions"], t("dispatch.recorded_by", L): [who(v) for v in rows["recorded_by"]],
    }), hide_index=True, height=min(560, 38 + 35 * len(rows)))


def record_form(user: Actor, L: str) -> None:
    """Record a dispatch meeting; the service's refusals show beside their fields and keep what was typed."""
    generation = st.session_state.setdefault("dispatch_form", 0)
    errors = st.session_state.pop("dispatch_errors", {})

    def error_for(name):
        if name in errors:
            st.markdown(f":red[{md(errors[name])}]")
    with st.expander(t("dispatch.new_record", L), expanded=bool(errors)), st.form(f"dispatch_record:{generation}"):
        left, right = st.columns(2)
        with left:
            held_on = st.date_input(t("dispatch.held_on", L), value=today(), format="YYYY-MM-DD",
                                    key=f"held_on:{generation}")
            error_for("held_on")
        with right:
            level = st.selectbox(t("dispatch.record_level", L), LEVELS, key=f"record_level:{generation}",
                                 format_func=lambda c: label("dispatch_level", c, L))
            error_for("level")
        chaired_by = st.text_input(t("dispatch.chaired_by", L), key=f"chaired_by:{generation}")
        error_for("chaired_by")
        reviewed = st.text_area(t("dispatch.reviewed", L), key=f"reviewed:{generation}", height=90,
                                placeholder=t("dispatch.reviewed_hint", L))
        error_for("reviewed")
        decisions = st.text_area(t("dispatch.decisions", L), key=f"decisions:{generation}", height=90,
                                 placeholder=t("dispatch.decisions_hint", L))
        error_for("decisions")
        submitted = st.form_submit_button(t("dispatch.save", L), type="primary")
    if not submitted:
        return
    try:
        record_dispatch(user, held_on, level, chaired_by, reviewed, decisions, engine())
    except BadRecord as bad:
        st.session_state["dispatch_errors"] = {f: refusal(b, L) for f, b in bad.problems.items()}
        st.rerun()
    except Refused as refused:
        st.error(refusal(refused, L))
    else:
        st.session_state["dispatch_form"] = generation + 1
        st.session_state["dispatch_saved"] = t("dispatch.saved", L, day=held_on.isoformat(),
                                               level=label("dispatch_level", level, L))
        st.rerun()
