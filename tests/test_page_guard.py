"""Every page file, run alone (as Streamlit serves pages/x.py by URL, with or without app.py),
checks who is there at its top: nobody gets the sign-in form, a role the page does not
declare gets a refusal, and only the declared roles see the page."""
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from roadshow.ui.access import PAGES, roles_of
from tests.conftest import browse_as

ROOT = Path(__file__).resolve().parent.parent
ACCOUNTS = {None: None, "leader": "leader", "street": "yingchengzi", "dispatcher": "dispatch", "admin": "admin"}
PAGE_FILES = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "pages").glob("*.py"))
DECLARED = {  # written out here, so that a changed declaration is a visible decision
    "pages/account.py": {"leader", "street", "dispatcher", "admin"},
    "pages/admin.py": {"admin"},
    "pages/inbox.py": {"street", "dispatcher"},
    "pages/exports.py": {"leader", "street", "dispatcher"},
    "pages/import.py": {"dispatcher"},
    "pages/dispatch.py": {"leader", "dispatcher"},
    "pages/ledger.py": {"leader", "street", "dispatcher"},
    "pages/meeting.py": {"leader", "street", "dispatcher"},
    "pages/meetings.py": {"dispatcher"},
    "pages/my_projects.py": {"street", "dispatcher"},
    "pages/overview.py": {"leader", "street", "dispatcher"},
    "pages/problems.py": {"street", "dispatcher"},
    "pages/street_sheet.py": {"street", "dispatcher"},
    "pages/streets.py": {"leader", "street", "dispatcher"},
    "pages/rating.py": {"dispatcher"},
    "pages/stars.py": {"leader", "street", "dispatcher"},
    "pages/assessment.py": {"leader", "street", "dispatcher"},
}


def test_every_page_file_declares_its_roles():
    assert sorted(p.file for p in PAGES) == PAGE_FILES
    assert {f: set(roles_of(f)) for f in PAGE_FILES} == DECLARED


@pytest.mark.parametrize("role", list(ACCOUNTS))
@pytest.mark.parametrize("page_file", PAGE_FILES)
def test_a_page_opened_alone_shows_only_what_the_user_may_see(demo_url, page_file, role):
    browse_as(ACCOUNTS[role])
    at = AppTest.from_file(f"../{page_file}", default_timeout=60)
    at.query_params.update({"as_of": "2018-03-31", "street": "营城子", "meeting": "1"})
    at.run()
    assert not at.exception, at.exception
    shown = [element.type for element in at.main.children.values()]
    forms = [h.proto.body for h in at.get("html") if 'action="/auth/sign-in"' in h.proto.body]
    if role is None:  # the title and the form: no figure, no table, no name
        assert shown == ["title", "html"] and [e.value for e in at.title] == ["登录"] and len(forms) == 1
    elif role not in DECLARED[page_file]:
        assert shown == ["error"] and [e.value for e in at.error] == ["您的账号无权打开此页面。"]
    else:
        assert not forms and not at.error and len(shown) > 1, shown


def test_a_role_that_may_not_open_a_page_gets_its_own_pages_in_the_navigation(demo_url):
    browse_as("admin")
    at = AppTest.from_file("../app.py", default_timeout=60).run()
    assert at.title[0].value == "账号管理"  # the admin's first (and only data) page
    browse_as("leader")
    at = AppTest.from_file("../app.py", default_timeout=60).run()
    assert at.title[0].value == "重点项目总览"
