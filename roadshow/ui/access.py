"""Which roles may open which page, and the guard each page calls at its top.

Streamlit serves a file in pages/ by its URL even before app.py has run, so a page can
trust nobody else to have checked who is there: `guard(__file__)` does it in the page.
The same table builds each role's navigation in app.py: the pages in sections (SECTIONS), each
role seeing its own.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from ..auth import Actor
from ..codes import Role
from ..i18n import t
from .alerts import INBOX_PAGE, waiting
from .common import lang
from .session import actor, sign_in_form

LEADERS = (Role.leader, Role.dispatcher, Role.street)  # who reads the dashboards


@dataclass(frozen=True)
class PageAccess:
    file: str  # relative to the app's folder
    title_key: str
    icon: str
    roles: tuple[str, ...]
    section: str  # its section of the menu (SECTIONS)


WORKERS = (Role.street, Role.dispatcher)  # who acts on projects and problems
# the menu's sections, in order: nav.section.<name> is each one's title
SECTIONS = ("dashboards", "work", "ratings", "data", "account")
# in the menu's order; the first is the app's root (/)
PAGES = (
    PageAccess("pages/overview.py", "nav.overview", ":material/dashboard:", LEADERS, "dashboards"),
    PageAccess("pages/streets.py", "nav.streets", ":material/leaderboard:", LEADERS, "dashboards"),
    PageAccess("pages/ledger.py", "nav.ledger", ":material/table_view:", LEADERS, "dashboards"),
    PageAccess("pages/stars.py", "nav.stars", ":material/star_half:", LEADERS, "dashboards"),
    PageAccess("pages/assessment.py", "nav.assessment", ":material/military_tech:", LEADERS, "dashboards"),
    PageAccess("pages/dispatch.py", "nav.dispatch", ":material/event_repeat:", (Role.leader, Role.dispatcher),
               "dashboards"),
    PageAccess("pages/inbox.py", "nav.inbox", ":material/notifications:", WORKERS, "work"),
    PageAccess("pages/problems.py", "nav.problems", ":material/checklist:", WORKERS, "work"),
    PageAccess("pages/meetings.py", "nav.meetings", ":material/event_note:", (Role.dispatcher,), "work"),
    PageAccess("pages/meeting.py", "nav.meeting", ":material/co_present:", LEADERS, "work"),
    PageAccess("pages/rating.py", "nav.rating", ":material/star_rate:", (Role.dispatcher,), "ratings"),
    PageAccess("pages/my_projects.py", "nav.my_projects", ":material/edit_note:", WORKERS, "data"),
    PageAccess("pages/street_sheet.py", "nav.street_sheet", ":material/assignment:", WORKERS, "data"),
    PageAccess("pages/import.py", "nav.import", ":material/upload_file:", (Role.dispatcher,), "data"),
    PageAccess("pages/exports.py", "nav.exports", ":material/download:", LEADERS, "data"),
    PageAccess("pages/admin.py", "nav.admin", ":material/manage_accounts:", (Role.admin,), "account"),
    PageAccess("pages/account.py", "nav.account", ":material/person:", tuple(Role), "account"),
)


def nav_title(page: PageAccess, user: Actor | None, L: str) -> str:
    """A page's title in the menu; 待办提醒 carries the count of what waits for the user."""
    count = waiting(user) if page.file == INBOX_PAGE and user is not None else 0
    return t("nav.inbox_count", L, count=count) if count else t(page.title_key, L)


def roles_of(page_file: str) -> tuple[str, ...]:
    """The roles that may open a page file; none for a file the table does not know."""
    name = Path(page_file).name
    return next((p.roles for p in PAGES if Path(p.file).name == name), ())


def guard(page_file: str) -> Actor:
    """The signed-in user, when their role may open this page; otherwise the sign-in form
    (nobody signed in) or a refusal (a role without access), and the page stops here."""
    L = lang()
    user = actor()
    if user is None:
        sign_in_form(L)
        st.stop()
    if user.role not in roles_of(page_file):
        st.error(t("app.no_access", L))
        st.stop()
    return user
