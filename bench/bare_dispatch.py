"""The yardstick of the dispatch page (bench/run.py): a bare Streamlit page with the same elements on
the same data — hand-written SQL on the bare sqlite3 driver, its results cached with st.cache_data,
no sign-in, no data version, no ORM. The figures come out of the same chart functions, so the two
pages draw the same marks.

    ROADSHOW_DATABASE_URL=sqlite:///… streamlit run bench/bare_dispatch.py
"""
import sys
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.bare_common import YEAR, filter_bar, rows  # noqa: E402
from roadshow import dispatch_charts  # noqa: E402
from roadshow.digest import digest_lines  # noqa: E402

STATUS = ("coalesce((SELECT f.status_after FROM follow_up f WHERE f.issue_id = i.id AND f.held_on <= {day} "
          "ORDER BY f.held_on DESC, f.id DESC LIMIT 1), 'open')")
DAY_BEFORE = STATUS.format(day="date(c.day, '-1 day')")
SCOPE = "JOIN project pr ON pr.id = i.project_id JOIN street s ON s.id = pr.street_id WHERE pr.plan_year = :y"


def weeks(as_of: date) -> list[tuple[str, str]]:
    monday = as_of - timedelta(days=as_of.weekday())
    starts = [monday - timedelta(weeks=k) for k in range(12, -1, -1)]
    return [(s.isoformat(), min(s + timedelta(days=6), as_of).isoformat()) for s in starts]


@st.cache_data
def figures(as_of: date, group: str) -> pd.DataFrame:
    spans = weeks(as_of)
    table = "WITH periods(start, fin) AS (VALUES " + ", ".join(f"('{s}', '{e}')" for s, e in spans) + ") "
    stock = rows(table + f"SELECT start, grp, sum(raised_on >= start), sum(st != 'resolved'), "
                 "sum(st != 'resolved' AND deadline < fin) FROM (SELECT p.start, p.fin, "
                 f"{group} AS grp, i.raised_on, i.deadline, {STATUS.format(day='p.fin')} AS st "
                 f"FROM periods p JOIN issue i ON i.raised_on <= p.fin {SCOPE}) GROUP BY start, grp")
    closed = rows(table + "SELECT p.start, grp, days, on_time, has_deadline, count(*) FROM (SELECT c.day, "
                  f"{group} AS grp, CAST(julianday(c.day) - julianday(i.raised_on) AS INTEGER) AS days, "
                  "CASE WHEN i.deadline IS NULL THEN 0 WHEN c.day <= i.deadline THEN 1 ELSE 0 END AS on_time, "
                  "i.deadline IS NOT NULL AS has_deadline FROM (SELECT DISTINCT issue_id, held_on AS day "
                  "FROM follow_up WHERE status_after = 'resolved' AND held_on BETWEEN :first AND :last) c "
                  f"JOIN issue i ON i.id = c.issue_id {SCOPE} AND {STATUS.format(day='c.day')} = 'resolved' "
                  f"AND {DAY_BEFORE} != 'resolved') e JOIN periods p ON e.day BETWEEN p.start AND p.fin "
                  "GROUP BY p.start, grp, days, on_time, has_deadline",
                  first=spans[0][0], last=spans[-1][1])
    out = {}
    for start, grp, raised, backlog, overdue in stock:
        out[(start, grp)] = {"start": date.fromisoformat(start), "end": date.fromisoformat(dict(spans)[start]),
                             "group": grp, "raised": raised, "closed": 0, "closed_on_time": 0,
                             "closed_with_deadline": 0, "backlog": backlog, "overdue": overdue, "days": []}
    for start, grp, days, on_time, has_deadline, n in closed:
        row = out[(start, grp)]
        row["closed"] += n
        row["closed_on_time"] += n * on_time
        row["closed_with_deadline"] += n * has_deadline
        row["days"] += [days] * n
    frame = pd.DataFrame(sorted(out.values(), key=lambda r: (r["start"], r["group"])))
    frame["median_days"] = [pd.Series(d).median() if d else None for d in frame["days"]]
    frame["on_time_rate"] = [a / b if b else None
                             for a, b in zip(frame["closed_on_time"], frame["closed_with_deadline"])]
    return frame


@st.cache_data
def digest(as_of: date) -> dict:
    start = as_of - timedelta(days=as_of.weekday())
    before, long_ago = (start - timedelta(days=1)).isoformat(), (as_of - timedelta(days=31)).isoformat()
    day = as_of.isoformat()
    found = rows(f"SELECT * FROM (SELECT i.id, s.name AS street, pr.code, pr.name, i.description, i.owner_unit, "
                 f"i.raised_on, i.deadline, {STATUS.format(day=':d')} AS st, {STATUS.format(day=':b')} AS before, "
                 f"{STATUS.format(day=':l')} AS long_ago, (SELECT max(f.held_on) FROM follow_up f WHERE "
                 f"f.issue_id = i.id AND f.held_on <= :d) AS last, s.position FROM issue i {SCOPE} "
                 "AND i.raised_on <= :d) WHERE st != before OR (st != 'resolved' AND deadline < :d AND NOT "
                 "(raised_on <= :b AND before != 'resolved' AND deadline < :b)) OR (st != 'resolved' AND "
                 "raised_on <= :l AND long_ago = st) ORDER BY position, raised_on, id", d=day, b=before, l=long_ago)
    frame = pd.DataFrame(found, columns=["id", "street", "code", "name", "description", "owner_unit", "raised_on",
                                         "deadline", "status", "status_before", "status_long_ago", "last_follow_up",
                                         "position"])
    for column in ("raised_on", "deadline", "last_follow_up"):
        frame[column] = [date.fromisoformat(v) if v else None for v in frame[column]]
    still_open = frame["status"] != "resolved"
    overdue_before = ((frame["raised_on"] < start) & (frame["status_before"] != "resolved")
                      & (frame["deadline"] < start - timedelta(days=1)))
    week = figures(as_of, "''")
    now = week.iloc[-1]
    return {"start": start, "end": as_of, "raised": int(now["raised"]), "closed": int(now["closed"]),
            "backlog": int(now["backlog"]), "overdue": int(now["overdue"]),
            "moved": frame[frame["status"] != frame["status_before"]],
            "became_overdue": frame[still_open & (frame["deadline"] < as_of) & ~overdue_before],
            "stuck": frame[still_open & (frame["raised_on"] <= as_of - timedelta(days=31))
                           & (frame["status_long_ago"] == frame["status"])]}


def first_of_month(day: date, back: int) -> str:
    index = day.year * 12 + day.month - 1 - back
    return date(index // 12, index % 12 + 1, 1).isoformat()


@st.cache_data
def light_counts(as_of: date) -> pd.DataFrame:
    day = as_of.isoformat()
    share = ((as_of - date(YEAR, 1, 1)).days + 1, 365)
    completed = ("coalesce((SELECT r.completed_wan FROM investment_report r WHERE r.project_id = pr.id AND "
                 "r.reported_on <= :d ORDER BY r.reported_on DESC LIMIT 1), 0)")
    behind = f"(pr.annual_plan_wan * {share[0]} - {completed} * {share[1]}) * 100"
    projects = rows(f"SELECT street, light, count(*) FROM (SELECT s.name AS street, CASE "
                    "WHEN pr.stage != 'preliminary' AND pr.planned_start_date < :red AND NOT (pr.start_date "
                    "BETWEEN :y0 AND :d) THEN 'red' "
                    f"WHEN pr.annual_plan_wan > 0 AND {behind} > 30 * {share[1]} * pr.annual_plan_wan THEN 'red' "
                    "WHEN pr.stage != 'preliminary' AND pr.planned_start_date < :yellow AND NOT (pr.start_date "
                    "BETWEEN :y0 AND :d) THEN 'yellow' "
                    f"WHEN pr.annual_plan_wan > 0 AND {behind} >= 10 * {share[1]} * pr.annual_plan_wan THEN 'yellow' "
                    "ELSE 'green' END AS light FROM project pr JOIN street s ON s.id = pr.street_id "
                    "WHERE pr.plan_year = :y) GROUP BY street, light", d=day, y0=f"{YEAR}-01-01",
                    red=first_of_month(as_of, 3), yellow=first_of_month(as_of, 0))
    problems = rows(f"SELECT street, light, count(*) FROM (SELECT s.name AS street, CASE WHEN "
                    f"{STATUS.format(day=':d')} = 'resolved' OR i.deadline IS NULL THEN 'green' WHEN i.deadline < :d "
                    "THEN 'red' WHEN i.deadline <= :soon THEN 'yellow' ELSE 'green' END AS light FROM issue i "
                    f"{SCOPE} AND i.raised_on <= :d) GROUP BY street, light", d=day,
                    soon=(as_of + timedelta(days=7)).isoformat())
    order = [r[0] for r in rows("SELECT name FROM street ORDER BY position, id")]
    counts = {("projects", s, c): n for s, c, n in projects} | {("problems", s, c): n for s, c, n in problems}
    streets = [s for s in order if any(k[1] == s for k in counts if k[0] == "projects")]
    return pd.DataFrame({"街道": streets, **{f"{k}{c}": [counts.get((k, s, c), 0) for s in streets]
                                           for k in ("projects", "problems") for c in ("red", "yellow", "green")}})


@st.cache_data
def records(as_of: date) -> pd.DataFrame:
    return pd.DataFrame(rows("SELECT held_on, level, chaired_by, reviewed, decisions, recorded_by FROM dispatch_record "
                             "WHERE held_on BETWEEN :y0 AND :d ORDER BY held_on DESC, id DESC", y0=f"{YEAR}-01-01",
                             d=as_of.isoformat()),
                        columns=["日期", "级别", "主持人", "调度内容", "议定事项", "记录人"])


st.title("周/月/季调度")
as_of = filter_bar()
tabs = st.tabs(["销号进度", "周调度简报", "预警", "调度记录"])
with tabs[0]:
    level = st.segmented_control("调度周期", ["weekly", "monthly", "quarterly"], default="weekly")
    district = figures(as_of, "''")
    now, before = district.iloc[-1], district.iloc[-2]
    st.caption(f"本期：{now['start']} 至 {now['end']}")
    cards = [*st.columns(3), *st.columns(3)]
    for card, column in zip(cards, ("raised", "closed", "backlog", "overdue")):
        card.metric(column, int(now[column]), f"{int(now[column]) - int(before[column]):+d}",
                    chart_data=[int(v) for v in district[column]], border=True)
    cards[4].metric("median", now["median_days"], border=True)
    cards[5].metric("on time", now["on_time_rate"], border=True)
    left, right = st.columns(2)
    left.plotly_chart(dispatch_charts.flow(district, "weekly", "zh"), theme=None)
    right.plotly_chart(dispatch_charts.speed(district, "weekly", "zh"), theme=None)
    st.subheader("谁在拖后腿")
    st.segmented_control("分组", ["owner_unit", "street"], default="owner_unit")
    start = st.selectbox("周期", list(district["start"]), index=len(district) - 1)
    units = figures(as_of, "i.owner_unit")
    in_period = units[units["start"] == start].sort_values(["overdue", "backlog", "closed", "group"],
                                                           ascending=[False, False, True, True])
    top_units, rest = in_period.head(10).assign(groups=1), in_period.iloc[10:]
    if not rest.empty:
        others = {"group": "__others__", "groups": len(rest), "median_days": pd.Series(sum(rest["days"], [])).median()}
        others |= {c: rest[c].sum() for c in ("raised", "closed", "backlog", "overdue", "closed_on_time",
                                               "closed_with_deadline")}
        others["on_time_rate"] = others["closed_on_time"] / others["closed_with_deadline"] if others[
            "closed_with_deadline"] else None
        top_units = pd.concat([top_units, pd.DataFrame([others])], ignore_index=True)
    st.plotly_chart(dispatch_charts.bottleneck(top_units, "owner_unit", "zh"), theme=None)
    st.dataframe(in_period[["group", "raised", "closed", "backlog", "overdue", "median_days", "on_time_rate"]],
                 hide_index=True)
with tabs[1]:
    lines = digest_lines(digest(as_of), "zh")
    st.subheader(lines[0][1])
    st.markdown("  \n".join(text for _, text in lines[1:]))
    left, right = st.columns(2)
    left.download_button("下载简报（文本）", data="\n".join(t for _, t in lines).encode("utf-8-sig"), file_name="d.txt")
    right.download_button("下载问题明细（xlsx）", data=lambda: b"", file_name="d.xlsx")
with tabs[2]:
    counts = light_counts(as_of)
    st.markdown(f"预警：项目 红灯 {counts['projectsred'].sum()} · 黄灯 {counts['projectsyellow'].sum()}")
    styled = counts.style
    for column, colour in zip(list(counts.columns)[1:], ["#D64541", "#E8B100", "#3C9D5D"] * 2):
        styled = styled.map(lambda v, c=colour: f"color: {c}; font-weight: 600" if v else "", subset=[column])
    st.dataframe(styled, hide_index=True, height=min(740, 38 + 35 * len(counts)))
    st.subheader("预警规则")
    st.markdown("- 问题 …\n- 开工 …\n- 投资 …\n- 项目 …")
    st.caption("evaluation.toml")
with tabs[3]:  # the bench signs in as a leader: no form to record a dispatch (the dispatch office's)
    table = records(as_of)
    st.caption(f"共 {len(table)} 次调度")
    st.dataframe(table, hide_index=True, height=min(560, 38 + 35 * len(table)))
