"""The administrator's page and everybody's account page, under AppTest, and what a user
sees of an unexpected error."""
import logging
import re
from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from roadshow import accounts
from roadshow.auth import Actor, AuthError, session_actor, sign_in
from tests.conftest import add_project, add_user, browse_as

ADMIN = Actor("root", "admin")


def open_as(username: str, page: str, password: str = "admin-password") -> AppTest:
    browse_as(username, password)
    at = AppTest.from_file(f"../pages/{page}.py", default_timeout=60).run()
    assert not at.exception, at.exception
    return at


@pytest.fixture
def admin(engine):
    add_user(engine, "root", "admin", password="admin-password")
    add_user(engine, "wang", "street", "营城子", password="correct-horse")
    return engine


def button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def test_the_admin_adds_a_user_whose_generated_password_is_shown_once(admin):
    at = open_as("root", "admin")
    form = at.get("form")[0]
    form.text_input[0].input("zhao")
    form.text_input[1].input("赵主任")
    form.selectbox[0].set_value("dispatcher")
    at.button[0].click().run()
    assert at.success[0].value == "已新增用户 zhao。"
    assert at.warning[0].value == "zhao 的新密码（只显示这一次，请转告本人）："
    password = at.code[0].value
    assert len(password) == 12 and sign_in("zhao", password, engine=admin)[0].role == "dispatcher"
    at.run()
    assert not at.code  # shown once only
    users = at.dataframe[0].value
    assert list(users.loc[users["用户名"] == "zhao", ["姓名", "角色", "状态"]].iloc[0]) == ["赵主任", "调度办", "启用"]


def test_a_refused_account_change_says_why_and_changes_nothing(admin):
    at = open_as("root", "admin")
    form = at.get("form")[0]
    form.text_input[0].input("li")
    form.selectbox[0].set_value("street")  # a street official without a street
    form.text_input[2].input("long-enough")
    at.button[0].click().run()
    assert at.error[0].value == "街道账号须指定一个已有街道或区县。"
    assert "li" not in set(accounts.users(ADMIN, admin)["username"])


def test_the_admin_disables_a_user_whose_sessions_end(admin):
    _, token = sign_in("wang", "correct-horse", engine=admin)
    at = open_as("root", "admin")
    next(s for s in at.selectbox if s.label == "管理用户").set_value("wang").run()
    button(at, "停用账号").click().run()
    assert at.success[0].value == "已停用 wang，其会话已结束。"
    assert session_actor(token, admin) is None
    with pytest.raises(AuthError):
        sign_in("wang", "correct-horse", engine=admin)
    button(at, "启用账号").click().run()
    assert at.success[0].value == "已启用 wang。"
    assert sign_in("wang", "correct-horse", engine=admin)


def test_the_admin_reads_sessions_and_the_sign_in_record(admin):
    sign_in("wang", "correct-horse", "10.1.1.1", "iPhone", engine=admin)
    with pytest.raises(AuthError):
        sign_in("wang", "wrong-horse", "10.6.6.6", engine=admin)
    at = open_as("root", "admin")
    live = at.dataframe[1].value
    assert sorted(live["用户名"]) == ["root", "wang"] and "10.1.1.1 iPhone" in set(live["客户端"])
    next(t for t in at.text_input if t.label == "按用户名筛选").input("wang").run()
    record = at.dataframe[2].value
    assert list(record["事件"]) == ["登录被拒（用户名或密码错误、账号停用）", "登录成功", "新增用户"]
    assert list(record["客户端"])[:2] == ["10.6.6.6", "10.1.1.1"]


def change_password(at: AppTest, current: str, new: str, again: str) -> AppTest:
    form = at.get("form")[0]
    for box, text in zip(form.text_input, (current, new, again)):
        box.input(text)
    return at.button[0].click().run()


def test_everybody_changes_their_own_password_and_signs_in_again(admin):
    at = open_as("wang", "account", "correct-horse")
    change_password(at, "wrong-horse", "battery-staple", "battery-staple")
    assert at.error[0].value == "当前密码不正确，密码未修改。"
    change_password(at, "correct-horse", "battery-staple", "battery-stable")
    assert at.error[0].value == "两次输入的新密码不一致，密码未修改。"
    change_password(at, "correct-horse", "battery-staple", "battery-staple")
    assert at.title[0].value == "登录" and at.info[0].value == "密码已修改，请用新密码重新登录。"
    assert sign_in("wang", "battery-staple", engine=admin)


def test_an_unexpected_error_shows_a_short_message_with_an_id_that_is_in_the_log(engine, monkeypatch, caplog):
    from roadshow.ui import common
    add_user(engine, "leader", "leader")
    add_project(engine, start=date(2018, 3, 1))

    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setitem(common.READS, "district", broken)
    browse_as("leader")
    with caplog.at_level(logging.ERROR, logger="roadshow"):
        at = AppTest.from_file("../app.py", default_timeout=60).run()
    assert not at.exception  # no traceback for the user
    message = at.error[0].value
    shown = r"出现意外错误，操作未完成。请稍后再试；如仍有问题，请将错误编号 ([0-9a-f]{8}) 告知管理员。"
    incident = re.fullmatch(shown, message)
    assert incident, message
    assert f"incident {incident[1]}" in caplog.text and "the database went away" in caplog.text
