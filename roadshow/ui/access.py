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
from .common import lang
from .session import actor, sign_in_form

LEADERS = (Role.leader, Role.dispatcher, Role.street)  # who reads the dashboards


@dataclass(frozen=True)
class PageAccess:
    file: str  # relative to the app's folder
    title_key: str
    icon: str
    roles: tuple[str, ...]


PAGES = (
    PageAccess("pages/overview.py", "nav.overview", ":material/dashboard:", LEADERS),
    PageAccess("pages/my_projects.py", "nav.my_projects", ":material/edit_note:", (Role.street, Role.dispatcher)),
    PageAccess("pages/streets.py", "nav.streets", ":material/leaderboard:", LEADERS),
    PageAccess("pages/ledger.py", "nav.ledger", ":material/table_view:", LEADERS),
    PageAccess("pages/meeting.py", "nav.meeting", ":material/co_present:", LEADERS),
    PageAccess("pages/dispatch.py", "nav.dispatch", ":material/event_repeat:", (Role.leader, Role.dispatcher)),
    PageAccess("pages/admin.py", "nav.admin", ":material/manage_accounts:", (Role.admin,)),
    PageAccess("pages/account.py", "nav.account", ":material/person:", tuple(Role)),
)


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
