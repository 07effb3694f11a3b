"""What needs the signed-in person (roadshow/alerts.py) on the pages: the count in the navigation,
a line at the top of the overview, and the lists of 待办提醒, each problem a link to act on it."""
from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from ..auth import Actor
from ..codes import Role
from ..i18n import fmt_date, fmt_when, t
from ..settings import today
from .common import Figures, md
from .filters import own_place

PROBLEMS_PAGE, PROJECTS_PAGE, INBOX_PAGE = "pages/problems.py", "pages/my_projects.py", "pages/inbox.py"
LIMIT = 30  # problems listed per kind; the rest are on the problems page


def working_day(figures: Figures) -> tuple[int, date] | None:
    """The latest plan year and the day its alerts are counted on (today while it runs)."""
    years = figures.plan_years()
    return (years[0], figures.opening_as_of(years[0], today())) if years else None


def waiting(user: Actor) -> int:
    """How many things wait for the user: the count beside 待办提醒 in the navigation."""
    if user.role not in (Role.street, Role.dispatcher):
        return 0
    figures = Figures()
    year_day = working_day(figures)
    if year_day is None:
        return 0
    return figures.waiting_count(user.role, user.street_id, *year_day, today(), district_id=user.district_id)


def go_button(box, page: str, text: str, key: str, query: dict | None = None, icon: str | None = None) -> None:
    """A link-like button to another page (a page link needs app.py's navigation, which a page run
    alone by its URL has not got)."""
    if box.button(text, key=key, type="tertiary", icon=icon):
        st.switch_page(page, query_params=query)


def _alerts(user: Actor, figures: Figures, year: int, day: date) -> dict[str, pd.DataFrame]:
    if user.role == Role.street:
        return figures.street_alerts(year, user.street_id, day, today(), district_id=user.district_id)
    return figures.dispatch_alerts(year, day, today())



def banner(user: Actor, figures: Figures, L: str) -> None:
    """One line at the top of the landing page: what waits, and the way to it."""
    year_day = working_day(figures)
    if year_day is None or user.role not in (Role.street, Role.dispatcher):
        return
    alerts = _alerts(user, figures, *year_day)
    if user.role == Role.street:
        counts = {k: len(alerts[k]) for k in ("overdue", "due_soon", "sent_back", "stale")}
        text = t("inbox.banner_street", L, place=own_place(user, figures), **counts)
    else:
        counts = {k: len(alerts[k]) for k in ("waiting", "overdue")}
        text = t("inbox.banner_dispatch", L, **counts)
    box = st.container(border=True, horizontal=True, vertical_alignment="center")
    box.markdown((":red[**" if any(counts.values()) else "**") + md(text) + ("**]" if any(counts.values()) else "**"))
    go_button(box, INBOX_PAGE, t("inbox.open", L), "banner:inbox", icon=":material/arrow_forward:")


def _links(rows: pd.DataFrame, detail, L: str, kind: str) -> None:
    """Each problem as a link to its page (large enough to tap on a phone)."""
    box = st.container(key=f"links-{kind}")
    for _, row in rows.head(LIMIT).iterrows():
        go_button(box, PROBLEMS_PAGE, md(f"{row['name']} · {row['description']} · {detail(row)}"),
                  f"{kind}:{row['id']}", {"problem": str(int(row["id"]))}, ":material/chevron_right:")
    if len(rows) > LIMIT:
        st.caption(t("inbox.more", L, count=len(rows) - LIMIT))


def _section(title_key: str, rows: pd.DataFrame, detail, L: str) -> None:
    st.subheader(t(title_key, L, count=len(rows)))
    if rows.empty:
        st.caption(t("inbox.nothing", L))
    else:
        _links(rows, detail, L, title_key)


# a list of links reads from the left, not centred as a button's label is
LINKS_STYLE = "<style>[class*=st-key-links-] button, [class*=st-key-links-] button p {justify-content: flex-start;" \
              " text-align: left}</style>"


def street_inbox(user: Actor, figures: Figures, year: int, day: date, L: str) -> None:
    st.html(LINKS_STYLE)
    alerts = _alerts(user, figures, year, day)
    # a district official's lists hold several streets: each line says whose
    where = (lambda r: "") if user.street_id is not None else (lambda r: f"{r['street']} · ")
    _section("inbox.overdue", alerts["overdue"], lambda r: where(r) + t(
        "inbox.days_overdue", L, days=(day - r["deadline"]).days) + f" · {r['owner_unit']}", L)
    _section("inbox.due_soon", alerts["due_soon"],
             lambda r: where(r) + (t("inbox.due_in", L, days=(r["deadline"] - day).days) if r["deadline"] > day
                                   else t("inbox.due_today", L)), L)
    _section("inbox.sent_back", alerts["sent_back"], lambda r: where(r) + t(
        "inbox.sent_back_on", L, day=fmt_date(r["latest_on"]), note=r["latest_note"]), L)
    stale = alerts["stale"]
    st.subheader(t("inbox.stale", L, count=len(stale)))
    if stale.empty:
        st.caption(t("inbox.nothing", L))
    box = st.container(key="links-stale")
    for _, row in stale.head(LIMIT).iterrows():
        go_button(box, PROJECTS_PAGE, md(f"{row['name']}（{row['code']}） · " + where(row) + t(
            "my.last_updated", L, who=figures.people()(row["updated_by"]), when=fmt_when(row["updated_at"]))),
            f"stale:{row['code']}", {"street": row["street"], "edit": row["code"]}, ":material/edit:")
    if len(stale) > LIMIT:
        st.caption(t("inbox.more", L, count=len(stale) - LIMIT))


def dispatch_inbox(user: Actor, figures: Figures, year: int, day: date, L: str) -> None:
    st.html(LINKS_STYLE)
    alerts = _alerts(user, figures, year, day)
    _section("inbox.waiting", alerts["waiting"],
             lambda r: r["street"] + " · " + t("inbox.requested_on", L, day=fmt_date(r["latest_on"]))
             + f"：{r['latest_note']}", L)
    st.subheader(t("inbox.overdue", L, count=len(alerts["overdue"])))
    left, right = st.columns(2)
    for box, kind, heading in ((left, "by_unit", t("inbox.unit", L)), (right, "by_street", t("field.street", L))):
        box.markdown("**" + t(f"inbox.{kind}", L) + "**")
        table = alerts[kind].rename(columns={kind[3:]: heading, "overdue": t("inbox.count", L)})
        box.dataframe(table, hide_index=True, width="stretch", height=min(420, 38 + 35 * len(table)))
    _links(alerts["overdue"], lambda r: f"{r['street']} · {r['owner_unit']} · "
           + t("inbox.days_overdue", L, days=(day - r["deadline"]).days), L, "overdue")
