"""One write path: the forms and the import check the same rules against the values a project
will have, and leave the same history; imported stars are a rating; money stays exact."""
from datetime import date
from decimal import Decimal

import pytest
import sqlalchemy as sa

from roadshow import metrics, queries, services
from roadshow.auth import Actor
from roadshow.i18n import t
from roadshow.models import Project, ProjectHistory, Rating
from roadshow.records import history_field
from tests.conftest import add_project
from tests.test_history import official
from tests.test_import import HEADERS, row, snapshot, write_csv, write_xlsx

DISPATCH = Actor("dispatch", "dispatcher")


def history(engine, code, *columns):
    columns = columns or (ProjectHistory.field, ProjectHistory.old_value, ProjectHistory.new_value)
    with engine.connect() as db:
        return [tuple(r) for r in db.execute(sa.select(*columns).join(Project, ProjectHistory.project_id == Project.id)
                                             .where(Project.code == code).order_by(ProjectHistory.id))]


def project(engine, code):
    with engine.connect() as db:
        return db.execute(sa.select(Project).where(Project.code == code)).one()


def imported(engine, folder, name, rows, headers=HEADERS):
    return services.import_projects(DISPATCH, write_xlsx(folder / name, rows, headers), engine=engine)


# --- the rules, against the values the project will have ------------------------------

def test_an_import_cannot_make_a_started_project_preliminary_while_it_keeps_its_start_date(engine, tmp_path):
    imported(engine, tmp_path, "a.xlsx", [row(项目编号="P-1")])  # continuing, started 2018-03-15
    before = snapshot(engine)
    result = imported(engine, tmp_path, "b.xlsx", [row(项目编号="P-1", 建设性质="前期", 开复工日期="")])
    assert [(e.row, e.column, e.message) for e in result.errors] == [(2, "开复工日期", "前期项目不应填写开复工日期")]
    assert snapshot(engine) == before
    # the same without the column: the message still names it
    headers = [h for h in HEADERS if h != "开复工日期"]
    values = dict(zip(HEADERS, row(项目编号="P-1", 建设性质="前期")))
    result = imported(engine, tmp_path, "c.xlsx", [[values[h] for h in headers]], headers)
    assert [(e.row, e.column) for e in result.errors] == [(2, "开复工日期")]
    assert snapshot(engine) == before


def test_completed_investment_above_the_total_is_refused_in_forms_and_imports(engine, tmp_path):
    pid = add_project(engine, total=62600, annual=20000)
    with pytest.raises(services.Invalid) as refused:
        services.update_project(official(engine), pid, 1, {"completed_wan": "99999999"}, None, engine)
    assert list(refused.value.problems) == ["completed_wan"]
    bad = refused.value.problems["completed_wan"]
    assert t(bad.key, "zh", **bad.params) == "累计完成投资（99999999.00）大于总投资（62600.00）"
    assert t(bad.key, "en", **bad.params) == (
        "completed investment (99999999.00) exceeds total investment (62600.00)")
    assert services.update_project(official(engine), pid, 1, {"completed_wan": "62600"}, None, engine)  # all of it
    imported(engine, tmp_path, "a.xlsx", [row(项目编号="P-1")])  # total 120000, completed 5000
    before = snapshot(engine)
    new = row(项目编号="P-2", 项目名称="新项目", **{"累计完成投资(万元)": 120000.01})
    smaller = row(项目编号="P-1", **{"总投资(万元)": 4000, "年度计划投资(万元)": 4000, "累计完成投资(万元)": ""})
    result = imported(engine, tmp_path, "b.xlsx", [new, smaller])
    assert [(e.row, e.column, e.message) for e in result.errors] == [
        (2, "累计完成投资(万元)", "累计完成投资（120000.01）大于总投资（120000.00）"),
        (3, "累计完成投资(万元)", "累计完成投资（5000.00）大于总投资（4000.00）"),  # the stored 5000 is kept
    ]
    assert snapshot(engine) == before


def test_a_parse_error_names_the_field_that_failed(engine):
    pid = add_project(engine, stage="new")
    with pytest.raises(services.Invalid) as refused:
        services.update_project(official(engine), pid, 1, {"completed_wan": "12", "start_date": "下个月"}, None, engine)
    assert list(refused.value.problems) == ["start_date"]
    bad = refused.value.problems["start_date"]
    assert t(bad.key, "zh", **bad.params) == "“下个月”不是有效日期（例如 2018-03-31）"
    with engine.connect() as db:
        assert db.execute(sa.select(Project.version, Project.completed_wan)).one() == (1, Decimal("0.00"))


# --- the same history --------------------------------------------------------------------

def test_a_form_and_an_import_leave_the_same_history(engine, tmp_path):
    imported(engine, tmp_path, "a.xlsx", [row(项目编号="P-1"), row(项目编号="P-2", 项目名称="另一个项目")])
    p1 = project(engine, "P-1")
    services.update_project(DISPATCH, p1.id, p1.version, {
        "stage": "new", "start_date": date(2018, 4, 2), "total_investment_wan": "130000", "completed_wan": "6000.5",
        "city_key": False, "leader": "张华"}, None, engine)
    imported(engine, tmp_path, "b.xlsx", [row(项目编号="P-2", 项目名称="另一个项目", 建设性质="新开工",
                                            开复工日期="2018-04-02", 市重点项目="否", 包保区领导="张华",
                                            **{"总投资(万元)": 130000, "累计完成投资(万元)": 6000.5})])
    expected = [("city_key", "True", "False", 2), ("completed_wan", "5000.00", "6000.50", 2),
                ("created", None, "营城子物流园项目", 1), ("leader", "王建国", "张华", 2),
                ("stage", "continuing", "new", 2), ("start_date", "2018-03-15", "2018-04-02", 2),
                ("total_investment_wan", "120000.00", "130000.00", 2)]
    columns = (ProjectHistory.field, ProjectHistory.old_value, ProjectHistory.new_value, ProjectHistory.version)
    assert sorted(history(engine, "P-1", *columns)) == expected
    assert sorted(history(engine, "P-2", *columns)) == [
        h if h[0] != "created" else ("created", None, "另一个项目", 1) for h in expected]
    assert project(engine, "P-1").version == project(engine, "P-2").version == 2


def test_a_street_move_is_recorded_with_the_street_names_and_the_import_named(engine, tmp_path):
    imported(engine, tmp_path, "a.xlsx", [row(项目编号="P-1")])
    imported(engine, tmp_path, "move.xlsx", [row(项目编号="P-1", 所属街道="泉水街道")])
    assert history(engine, "P-1", ProjectHistory.changed_by, ProjectHistory.field, ProjectHistory.old_value,
                   ProjectHistory.new_value, ProjectHistory.note) == [
        ("dispatch", "created", None, "营城子物流园项目", "dispatch 导入 a.xlsx"),
        ("dispatch", "street", "营城子", "泉水", "dispatch 导入 move.xlsx"),
    ]
    changes = queries.changes_between(engine, 2018, date(2000, 1, 1), date(2100, 1, 1))  # the street report's list
    assert [(c.street, c.field, t(f"field.{c.field}", "en")) for c in changes.itertuples()] == [
        ("泉水", "street", "Street")]


def test_every_field_the_history_can_show_has_a_label_in_both_languages():
    bookkeeping = {"id", "version", "created_by", "created_at", "updated_by", "updated_at"}
    names = [history_field(c.name) for c in Project.__table__.columns if c.name not in bookkeeping]
    assert "street" in names and "street_id" not in names
    for name in [*names, "created", "progress"]:
        for lang in ("zh", "en"):
            assert t(f"field.{name}", lang) not in ("", f"field.{name}"), (name, lang)


# --- stars: one source of truth ----------------------------------------------------------

def test_imported_stars_are_a_rating_and_a_change_is_history(engine, tmp_path):
    imported(engine, tmp_path, "a.xlsx", [row(项目编号="P-1", 星级=4)])
    def ratings():
        with engine.connect() as db:
            return [tuple(r) for r in db.execute(sa.select(Rating.cycle, Rating.rated_on, Rating.stars,
                                                           Rating.benefit_score, Rating.reason, Rating.rated_by))]
    # a 2018 ledger imported later: dated on the plan year's last day, like its completed investment
    assert ratings() == [("import-20181231", date(2018, 12, 31), 4, None, "imported", "dispatch")]
    imported(engine, tmp_path, "b.xlsx", [row(项目编号="P-1", 星级=2)])
    assert ratings() == [("import-20181231", date(2018, 12, 31), 2, None, "imported", "dispatch")]
    assert project(engine, "P-1").stars == 2
    assert history(engine, "P-1")[1:] == [("stars", "4", "2")]
    stars = metrics.star_distribution(engine, 2018, date(2018, 12, 31))
    assert list(stars["projects"]) == [0, 1, 0, 0, 0]
    assert list(metrics.star_distribution(engine, 2018, date(2018, 12, 30))["projects"]) == [0, 0, 0, 0, 0]
    imported(engine, tmp_path, "c.xlsx", [row(项目编号="P-1", 星级="")])  # left empty: kept, no new rating
    assert ratings() == [("import-20181231", date(2018, 12, 31), 2, None, "imported", "dispatch")]


# --- money stays exact -------------------------------------------------------------------

LARGEST = "99999999999999.99"


def test_the_largest_amount_stays_exact_through_a_form_and_an_import(engine, tmp_path):
    pid = add_project(engine, total=1000, annual=100)
    services.update_project(DISPATCH, pid, 1, {"total_investment_wan": LARGEST, "annual_plan_wan": LARGEST,
                                               "completed_wan": LARGEST}, None, engine)
    big = row(项目编号="P-1", 开复工日期="2018-03-15",
              **{"总投资(万元)": LARGEST, "年度计划投资(万元)": LARGEST, "累计完成投资(万元)": LARGEST})
    result = services.import_projects(DISPATCH, write_csv(tmp_path / "big.csv", [big]), engine=engine)
    assert result.ok and result.created == 1
    with engine.connect() as db:
        amounts = db.execute(sa.select(Project.total_investment_wan, Project.annual_plan_wan, Project.completed_wan)
                             .order_by(Project.id)).all()
    assert history(engine, "T-1")[0] == ("total_investment_wan", "1000.00", LARGEST)
    assert [tuple(str(a) for a in r) for r in amounts] == [(LARGEST,) * 3, (LARGEST,) * 3]
