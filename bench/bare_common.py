"""What the bare pages of bench/pages.py share: the database on the bare sqlite3 driver, and a filter bar
with the same boxes as Roadshow's (roadshow/ui/filters.py) — a city box where there are several cities,
a district box where there are several districts, the streets of one district only."""
import os
import sqlite3
from datetime import date

import streamlit as st

PATH = os.environ["ROADSHOW_DATABASE_URL"].removeprefix("sqlite:///")
YEAR, AS_OF = 2018, date.fromisoformat(os.environ.get("BENCH_AS_OF", "2018-06-29"))
CATEGORIES = ["commercial", "livelihood", "real_estate", "industrial", "infrastructure", "other"]
STAGES = ["continuing", "new", "preliminary"]


def rows(sql: str, **params) -> list[tuple]:
    with sqlite3.connect(PATH) as db:
        return db.execute(sql, {"y": YEAR, **params}).fetchall()


@st.cache_data
def places() -> list[tuple[str, str, str]]:
    """(city, district, street) of every street, in order."""
    return rows("SELECT c.name, d.name, s.name FROM street s JOIN district d ON d.id = s.district_id "
                "JOIN city c ON c.id = d.city_id ORDER BY c.position, c.id, d.position, d.id, s.position, s.id")


@st.cache_data
def plan_years() -> list[int]:
    return [r[0] for r in rows("SELECT DISTINCT plan_year FROM project ORDER BY plan_year DESC")]


def filter_bar() -> date:
    """The filter bar's boxes; the as-of date chosen."""
    where = places()
    cities, districts = list(dict.fromkeys(p[0] for p in where)), list(dict.fromkeys(p[1] for p in where))
    boxes = int(len(cities) > 1) + int(len(districts) > 1)
    if boxes:
        place_row = iter(st.columns(3, vertical_alignment="bottom")[:boxes + 1])
        if len(cities) > 1:
            next(place_row).selectbox("城市", cities, index=None, placeholder="全部")
        if len(districts) > 1:
            next(place_row).selectbox("区县", [] if len(cities) > 1 else districts, index=None,
                                      placeholder="请先选城市" if len(cities) > 1 else "全部", disabled=len(cities) > 1)
        next(place_row).multiselect("街道", [], placeholder="请先选区县", disabled=True)
        top = st.columns([1, 1.5, 2, 2, 1.3], vertical_alignment="bottom")
        top.insert(2, None)
    else:
        top = st.columns([1, 1.5, 2, 2, 2, 1.3], vertical_alignment="bottom")
        top[2].multiselect("街道", [p[2] for p in where], placeholder="全部")
    top[0].selectbox("计划年度", plan_years())
    as_of = top[1].date_input("截至日期", value=AS_OF)
    top[3].multiselect("项目类别", CATEGORIES, placeholder="全部")
    top[4].multiselect("建设性质", STAGES, placeholder="全部")
    top[5].toggle("仅市重点")
    return as_of
