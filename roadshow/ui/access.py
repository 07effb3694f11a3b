"""Which roles may open which page, and the guard each page calls at its top.

Streamlit serves a file in pages/ by its URL even before app.py has run, so a page can
trust nobody else to have checked who is there: `guard(__file__)` does it in the page.
The same table builds each role's navigation in app.py.
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


WORKERS = (Role.street, Role.dispatcher)  # who acts on projects and problems
PAGES = (
    PageAccess("pages/overview.py", "nav.overview", ":material/dashboard:", LEADERS),
    PageAccess("pages/inbox.py", "nav.inbox", ":material/notifications:", WORKERS),
    PageAccess("pages/problems.py", "nav.problems", ":material/checklist:", WORKERS),
    PageAccess("pages/my_projects.py", "nav.my_projects", ":material/edit_note:", WORKERS),
    PageAccess("pages/street_sheet.py", "nav.street_sheet", ":material/assignment:", WORKERS),
    PageAccess("pages/streets.py", "nav.streets", ":material/leaderboard:", LEADERS),
    PageAccess("pages/ledger.py", "nav.ledger", ":material/table_view:", LEADERS),
    PageAccess("pages/meeting.py", "nav.meeting", ":material/co_present:", LEADERS),
    PageAccess("pages/meetings.py", "nav.meetings", ":material/event_note:", (Role.dispatcher,)),
    PageAccess("pages/stars.py", "nav.stars", ":material/star_half:", LEADERS),
    PageAccess("pages/assessment.py", "nav.assessment", ":material/military_tech:", LEADERS),
    PageAccess("pages/rating.py", "nav.rating", ":material/star_rate:", (Role.dispatcher,)),
    PageAccess("pages/exports.py", "nav.exports", ":material/download:", LEADERS),
    PageAccess("pages/import.py", "nav.import", ":material/upload_file:", (Role.dispatcher,)),
    PageAccess("pages/dispatch.py", "nav.dispatch", ":material/event_repeat:", (Role.leader, Role.dispatcher)),
    PageAccess("pages/admin.py", "nav.admin", ":material/manage_accounts:", (Role.admin,)),
    PageAccess("pages/account.py", "nav.account", ":material/person:", tuple(Role)),
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
