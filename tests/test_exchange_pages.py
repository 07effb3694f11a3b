"""The data-exchange pages under AppTest: upload, preview and confirm an import; a street sheet out and
back; the exports, built only on a click."""
import io

import openpyxl
import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from roadshow.models import Project, ProjectHistory
from tests.conftest import add_user, browse_as

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def open_page(page: str, user: str, **query) -> AppTest:
    browse_as(user)
    at = AppTest.from_file(f"../pages/{page}.py", default_timeout=60)
    at.query_params.update(query)
    at.run()
    assert not at.exception, at.exception
    return at


@pytest.mark.parametrize("page", ["import", "exports", "street_sheet", "ledger"])
def test_smoke(demo_url, page):
    at = open_page(page, "dispatch", as_of="2018-03-31")
    print([b.label for b in at.get("download_button")], [e.value for e in at.error])
