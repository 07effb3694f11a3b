"""The quick status form (我的项目 → 快速更新) under AppTest: money and dates are text the service
parses, so money stays exact and every refusal is the service's message, in the user's language,
right under the field it concerns."""
from datetime import date
from decimal import Decimal

import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from roadshow.models import Project
from tests.conftest import add_project, add_user, browse_as


@pytest.fixture
def form(engine):
    """A street official's form on one new project of 2018 (total investment 62,600 万元)."""
    add_user(engine, "wang", "street", "营城子")
    pid = add_project(engine, stage="new", total=62600, annual=5000)
    browse_as("wang", engine=engine)
    at = AppTest.from_file("../pages/my_projects.py", default_timeout=60)
    at.query_params["edit"] = "T-1"
    at.run()
    assert not at.exception, at.exception
    return at, pid


def save(at: AppTest, pid: int, **texts: str) -> AppTest:
    for field, text in texts.items():
        at.text_input(key=f"{field}:{pid}:0").input(text)
    next(b for b in at.button if b.label == "保存").click().run()
    assert not at.exception, at.exception
    return at


def beside(at: AppTest, key: str) -> str:
    """What the page shows right under the widget with this key."""
    nodes = list(at.main)
    at_widget = next(i for i, node in enumerate(nodes) if getattr(node, "key", None) == key)
    return nodes[at_widget + 1].value


def stored(engine, pid: int) -> tuple:
    with engine.connect() as db:
        return tuple(db.execute(sa.select(Project.completed_wan, Project.start_date, Project.version)
                                .where(Project.id == pid)).one())


def test_negative_money_is_refused_under_its_field_and_nothing_changes(form, engine):
    at, pid = form
    save(at, pid, completed_wan="-5")
    assert beside(at, f"completed_wan:{pid}:0") == ":red[不能为负数（\\-5）]"
    assert [e.value for e in at.error] == ["输入有误，未保存。"]
    assert not at.success
    assert stored(engine, pid) == (Decimal("0.00"), None, 1)


def test_an_invalid_date_says_so_instead_of_nothing_changed(form, engine):
    at, pid = form
    save(at, pid, start_date="2018-02-30")
    assert beside(at, f"start_date:{pid}:0") == ":red[“2018\\-02\\-30”不是有效日期（例如 2018\\-03\\-31）]"
    assert not any("没有修改" in s.value for s in at.success)
    assert stored(engine, pid) == (Decimal("0.00"), None, 1)


@pytest.mark.parametrize("typed", ["2017-12-31", "2019-01-01"])
def test_a_date_outside_the_plan_year_is_refused_by_the_service_under_its_field(form, engine, typed):
    at, pid = form
    save(at, pid, start_date=typed)
    escaped = typed.replace("-", "\\-")
    assert beside(at, f"start_date:{pid}:0") == f":red[开复工日期 {escaped} 不在计划年度 2018 内]"
    assert stored(engine, pid) == (Decimal("0.00"), None, 1)


def test_the_plan_years_first_and_last_days_are_accepted(form, engine):
    at, pid = form
    save(at, pid, start_date="2018-12-31")
    assert at.success[0].value == "已保存。"
    assert stored(engine, pid)[1:] == (date(2018, 12, 31), 2)
    at.text_input(key=f"start_date:{pid}:1").input("2018-01-01")
    next(b for b in at.button if b.label == "保存").click().run()
    assert stored(engine, pid)[1:] == (date(2018, 1, 1), 3)


def test_money_is_saved_and_shown_exactly_as_typed(form, engine):
    at, pid = form
    save(at, pid, completed_wan="62599.99")
    assert at.success[0].value == "已保存。"
    assert stored(engine, pid)[0] == Decimal("62599.99")
    assert at.text_input(key=f"completed_wan:{pid}:1").value == "62599.99"


def test_completed_investment_above_the_total_is_refused_beside_the_field(form, engine):
    """Tried from a phone: 99,999,999 万元 on a 62,600 万元 project."""
    at, pid = form
    save(at, pid, completed_wan="99999999")
    assert beside(at, f"completed_wan:{pid}:0") == ":red[累计完成投资（99999999\.00）大于总投资（62600\.00）]"
    assert stored(engine, pid)[0] == Decimal("0.00")
