"""The yardstick of bench/follow_up_list.py: the same elements on the same data from hand-written
SQL on the bare sqlite3 driver, cached with st.cache_data; no sign-in, no ORM."""
import sys
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.bare_common import filter_bar, rows  # noqa: E402

STATUS = ("coalesce((SELECT f.status_after FROM follow_up f WHERE f.issue_id = i.id AND f.held_on <= :d "
          "ORDER BY f.held_on DESC, f.id DESC LIMIT 1), 'open')")


@st.cache_data
def follow_up_list(as_of: date) -> pd.DataFrame:
    day = as_of.isoformat()
    meeting = rows("SELECT max(held_on) FROM meeting WHERE plan_year = :y AND held_on < :d", d=day)[0][0] or day
    found = rows(f"SELECT i.id, s.name, pr.code, pr.name, i.description, i.owner_unit, i.measures, i.raised_on, "
                 f"i.deadline, {STATUS} AS st, {STATUS} != 'resolved' AND i.deadline < :d, CASE WHEN {STATUS} = "
                 "'resolved' OR i.deadline IS NULL THEN 'green' WHEN i.deadline < :d THEN 'red' WHEN i.deadline <= "
                 ":soon THEN 'yellow' ELSE 'green' END FROM issue i JOIN project pr ON pr.id = i.project_id "
                 "JOIN street s ON s.id = pr.street_id WHERE pr.plan_year = :y AND i.raised_on <= :m "
                 "ORDER BY s.position, i.deadline IS NULL, i.deadline", d=day, m=meeting,
                 soon=(as_of + timedelta(days=7)).isoformat())
    return pd.DataFrame(found, columns=["id", "street", "code", "name", "description", "owner_unit", "measures",
                                        "raised_on", "deadline", "status", "overdue", "light"])


LIGHTS = {"red": "● 红灯", "yellow": "● 黄灯", "green": "● 绿灯"}
STATUS_TEXT = {"open": "待办", "in_progress": "推进中", "resolved": "已解决"}
COLOURS = {"● 红灯": "#D64541", "● 黄灯": "#E8B100", "● 绿灯": "#3C9D5D", "待办": "#D64541", "推进中": "#F2A33A",
           "已解决": "#3C9D5D"}

st.title("会议模式")
as_of = filter_bar()
problems = follow_up_list(as_of)
st.subheader(f"回头看 · {len(problems)}")
view = pd.DataFrame({"预警": [LIGHTS[v] for v in problems["light"]], "项目名称": problems["name"],
                     "问题": problems["description"], "责任单位": problems["owner_unit"],
                     "期限": [d or "—" for d in problems["deadline"]],
                     "状态": [STATUS_TEXT[s] + (" · 逾期" if o else "") for s, o in zip(problems["status"],
                                                                                  problems["overdue"])]})
st.dataframe(view.style.map(lambda v: f"color: {COLOURS.get(v.split(' · ')[0], '')}", subset=["预警", "状态"]),
             hide_index=True)
st.download_button("xlsx", data=lambda: b"", file_name="lookback.xlsx")
