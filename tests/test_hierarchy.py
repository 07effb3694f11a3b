"""City → district (区县) → street: the places, figures by level, rankings, the rights of a district's
officials, imports that name the district, and the migration that put every street in a district."""
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
import sqlalchemy as sa
from alembic import command
from sqlmodel import Session, select

from roadshow import accounts, hierarchy, metrics, problems, scale, services
from roadshow.auth import Actor, AuthError
from roadshow.database import alembic_config, data_version, get_engine, migrate, write_session
from roadshow.exchange.importing import import_ledger
from roadshow.models import City, District, FollowUp, Project, ProjectHistory, Street, User
from roadshow.services import PermissionDenied
from tests.conftest import DISPATCH, SETUP, add_project

D = date(2018, 3, 31)
ALL = metrics.Filters()


def add_places(engine) -> None:
    """Beside 大连市 › 甘井子区 (the home district, its 19 streets): 大连市 › 中山区 (青泥洼桥, 人民路),
    鞍山市 › 铁西区 (繁荣) and 沈阳市 › 铁西区 (兴顺) — two districts of one name in two cities."""
    with write_session(engine) as session:
        dalian = session.exec(select(City).where(City.name == "大连市")).one()
        anshan, shenyang = City(name="鞍山市", position=1), City(name="沈阳市", position=2)
        session.add_all([anshan, shenyang])
        session.flush()
        zhongshan = District(city_id=dalian.id, name="中山区", position=1)
        tiexi_a, tiexi_s = District(city_id=anshan.id, name="铁西区"), District(city_id=shenyang.id, name="铁西区")
        session.add_all([zhongshan, tiexi_a, tiexi_s])
        session.flush()
        session.add_all([Street(name="青泥洼桥", position=100, district_id=zhongshan.id),
                         Street(name="人民路", position=101, district_id=zhongshan.id),
                         Street(name="繁荣", position=200, district_id=tiexi_a.id),
                         Street(name="兴顺", position=300, district_id=tiexi_s.id)])


@pytest.fixture
def places(engine):
    """The places above, and six projects as of 2018-03-31 (figures worked by hand in each test):
    营城子 continuing started 03-01 (1000) and continuing not started (500); 青泥洼桥 new started 02-01 (300);
    人民路 continuing started 03-10 (200); 繁荣 new not started (100); 兴顺 continuing started 01-15 (50)."""
    add_places(engine)
    add_project(engine, street="营城子", stage="continuing", start=date(2018, 3, 1), total=1000, annual=10)
    add_project(engine, street="营城子", stage="continuing", total=500, annual=10)
    add_project(engine, street="青泥洼桥", stage="new", start=date(2018, 2, 1), total=300, annual=10)
    add_project(engine, street="人民路", stage="continuing", start=date(2018, 3, 10), total=200, annual=10)
    add_project(engine, street="繁荣", stage="new", total=100, annual=10)
    add_project(engine, street="兴顺", stage="continuing", start=date(2018, 1, 15), total=50, annual=10)
    return engine


def figures(engine, **places):
    d = metrics.district(engine, 2018, D, metrics.Filters(**{k: tuple(v) for k, v in places.items()}))
    return d["projects"], d["continuing_resumed"], d["new_started"], d["started_investment_wan"]


# --- figures and rankings by level ------------------------------------------------------------

def test_filters_by_city_district_and_street(places):
    assert figures(places) == (6, 3, 1, Decimal("1550.00"))
    assert figures(places, cities=["大连市"]) == (4, 2, 1, Decimal("1500.00"))
    assert figures(places, districts=["中山区"]) == (2, 1, 1, Decimal("500.00"))
    assert figures(places, districts=["铁西区"]) == (2, 1, 0, Decimal("50.00"))  # of both cities
    assert figures(places, cities=["鞍山市"], districts=["铁西区"]) == (1, 0, 0, Decimal("0.00"))
    assert figures(places, cities=["大连市"], districts=["中山区"], streets=["人民路"]) == (1, 1, 0, Decimal("200.00"))
    assert figures(places, cities=["鞍山市"], streets=["人民路"]) == (0, 0, 0, Decimal("0.00"))  # not in that city


def test_grouped_by_city_and_by_district_list_every_place_in_order(places):
    cities = metrics.grouped(places, 2018, D, "city")
    assert list(cities["city"]) == ["大连市", "鞍山市", "沈阳市"]
    assert list(cities["projects"]) == [4, 1, 1] and list(cities["started"]) == [3, 0, 1]
    assert cities["resumption_rate"].iloc[0] == pytest.approx(2 / 3) and pd_isna(cities["resumption_rate"].iloc[1])
    districts = metrics.grouped(places, 2018, D, "district")
    assert [(c, d) for c, d in zip(districts["city"], districts["district"])] == [
        ("大连市", "甘井子区"), ("大连市", "中山区"), ("鞍山市", "铁西区"), ("沈阳市", "铁西区")]
    assert list(districts["projects"]) == [2, 2, 1, 1]
    assert list(districts["started_investment_wan"]) == [Decimal("1000.00"), Decimal("500.00"), Decimal("0.00"),
                                                         Decimal("50.00")]
    in_dalian = metrics.grouped(places, 2018, D, "district", metrics.Filters(cities=("大连市",)))
    assert list(in_dalian["district"]) == ["甘井子区", "中山区"]
    streets = metrics.grouped(places, 2018, D, "street", metrics.Filters(districts=("中山区",)))
    assert list(streets["street"]) == ["青泥洼桥", "人民路"] and list(streets["district"]) == ["中山区", "中山区"]


def pd_isna(value) -> bool:
    return value is None or value != value


def test_rankings_at_each_level(places):
    in_dalian = metrics.ranking(places, 2018, D, "district", metrics.Filters(cities=("大连市",)))
    assert list(in_dalian["district"]) == ["中山区", "甘井子区"]  # resumption 100% before 50%
    assert list(in_dalian["rank"]) == [1, 2] and list(in_dalian["city"]) == ["大连市", "大连市"]
    cities = metrics.ranking(places, 2018, D, "city")
    assert list(cities["city"]) == ["沈阳市", "大连市", "鞍山市"]  # 100%, 66.7%, none (no continuing projects)
    streets = metrics.ranking(places, 2018, D, "street", metrics.Filters(cities=("大连市",)))
    assert list(streets["street"]) == ["人民路", "营城子", "青泥洼桥"]  # 100%, 50%, none


def test_the_level_a_ranking_is_at_follows_the_place_chosen(places):
    where = hierarchy.places(places)
    assert hierarchy.ranking_level(where, ALL) == "city"
    assert hierarchy.ranking_level(where, metrics.Filters(cities=("大连市",))) == "district"
    assert hierarchy.ranking_level(where, metrics.Filters(cities=("鞍山市",))) == "street"
    assert hierarchy.ranking_level(where, metrics.Filters(districts=("铁西区",))) == "city"  # two cities have one
    assert hierarchy.several(where, "district") and hierarchy.several(where, "city")


def test_a_single_district_deployment_ranks_its_streets(engine):
    where = hierarchy.places(engine)
    assert len(where) == 19 and set(where["district"]) == {"甘井子区"} and set(where["city"]) == {"大连市"}
    assert not hierarchy.several(where, "district") and not hierarchy.several(where, "city")
    assert hierarchy.ranking_level(where, ALL) == "street"


def test_places_are_listed_by_the_positions_set_not_by_the_order_entered(engine):
    """Entered after 大连市 › 甘井子区 and its streets, each at a position before them: 北京市 (city),
    中山区 (a district of 大连市) and 新区街 (a street of 甘井子区, before 周水子 at position 0)."""
    with write_session(engine) as session:
        dalian, ganjingzi = session.exec(select(City)).one(), session.exec(select(District)).one()
        beijing = City(name="北京市", position=-1)
        session.add(beijing)
        session.flush()
        dongcheng, zhongshan = District(city_id=beijing.id, name="东城区"), District(city_id=dalian.id, name="中山区",
                                                                                   position=-1)
        session.add_all([dongcheng, zhongshan])
        session.flush()
        session.add_all([Street(name="前门", district_id=dongcheng.id),
                         Street(name="青泥洼桥", district_id=zhongshan.id),
                         Street(name="新区街", position=-1, district_id=ganjingzi.id)])
    where = hierarchy.places(engine)
    assert where[["city", "district", "street"]].head(4).values.tolist() == [
        ["北京市", "东城区", "前门"], ["大连市", "中山区", "青泥洼桥"], ["大连市", "甘井子区", "新区街"],
        ["大连市", "甘井子区", "周水子"]]
    assert hierarchy.districts(engine)["district"].tolist() == ["东城区", "中山区", "甘井子区"]


def test_a_district_is_named_with_its_city_only_where_asked(places):
    where = hierarchy.places(places)
    row = where[where["street"] == "青泥洼桥"].iloc[0]
    assert hierarchy.label(row, "district", qualified=True) == "大连市 › 中山区"
    assert hierarchy.label(row, "district", qualified=False) == "中山区"
    assert hierarchy.label(row, "street", qualified=True) == "青泥洼桥"


# --- rights ---------------------------------------------------------------------------------

def district_official(engine, username: str, district: str, role: str = "street") -> Actor:
    accounts.add_user(SETUP, username, "password-1", role, engine=engine, district=district)
    with Session(engine) as session:
        return Actor.of(session.exec(select(User).where(User.username == username)).one())


def everything(engine):
    with engine.connect() as db:
        return (db.execute(sa.select(Project.__table__).order_by(Project.id)).all(),
                db.execute(sa.select(sa.func.count()).select_from(ProjectHistory)).scalar(),
                db.execute(sa.select(sa.func.count()).select_from(FollowUp)).scalar(), data_version(engine))


def project_in(engine, street: str) -> tuple[int, int]:
    with engine.connect() as db:
        return db.execute(sa.select(Project.id, Project.version).join(Street).where(Street.name == street)
                          .order_by(Project.id)).first()


def raised(engine, street: str, description: str = "缺电") -> int:
    """A problem of the street's first project, raised by the dispatch office (deadline 2018-04-30)."""
    return problems.raise_problem(DISPATCH, project_in(engine, street)[0], description, "utilities", "供电局",
                                  date(2018, 4, 30), engine=engine)


def test_a_district_official_edits_every_street_of_their_district_and_no_other(places, on_day):
    on_day(date(2018, 3, 20))
    official = district_official(places, "zhongshan", "大连市/中山区")
    assert (official.street_id, official.district_id) != (None, None) and official.street_id is None
    for street in ("青泥洼桥", "人民路"):  # both streets of 中山区
        pid, version = project_in(places, street)
        assert services.update_project(official, pid, version, {"completed_wan": "10"}, None, places)
        issue = raised(places, street)
        assert problems.take_step(official, issue, "follow_up", "weekly", "已对接", engine=places) == "in_progress"
        assert problems.take_step(official, issue, "request_closure", "weekly", "已通电",
                                  engine=places) == "closure_requested"
        with pytest.raises(PermissionDenied):  # 销号 stays the dispatch office's
            problems.take_step(official, issue, "close", "weekly", "自己销号", engine=places)
    for street in ("营城子", "繁荣", "兴顺"):  # other districts, in this city and in others
        pid, version = project_in(places, street)
        other_issue = raised(places, street, "缺水")
        before = everything(places)
        with pytest.raises(PermissionDenied):
            services.update_project(official, pid, version, {"completed_wan": "10"}, None, places)
        with pytest.raises(PermissionDenied):
            services.update_projects(official, [(pid, version, {"completed_wan": "10"})], places)
        for action, note in (("follow_up", "越权"), ("request_closure", "越权")):
            with pytest.raises(PermissionDenied):
                problems.take_step(official, other_issue, action, "weekly", note, engine=places)
        assert everything(places) == before  # refused: nothing changed
    with pytest.raises(PermissionDenied):  # ledger fields stay the dispatch office's
        services.update_project(official, *project_in(places, "人民路"), {"total_investment_wan": "1"}, None, places)


def test_a_bulk_edit_reaching_outside_the_district_changes_nothing(places):
    official = district_official(places, "zhongshan", "中山区")
    own, other = project_in(places, "青泥洼桥"), project_in(places, "兴顺")
    before = everything(places)
    with pytest.raises(PermissionDenied):
        services.update_projects(official, [(*own, {"completed_wan": "1"}), (*other, {"completed_wan": "1"})], places)
    assert everything(places) == before  # all or nothing


def test_a_street_official_and_a_leader_of_a_district(places):
    with places.connect() as db:
        street_id = db.execute(sa.select(Street.id).where(Street.name == "人民路")).scalar()
    street_official = Actor("renmin", "street", street_id)
    assert services.update_project(street_official, *project_in(places, "人民路"), {"completed_wan": "5"}, None, places)
    with pytest.raises(PermissionDenied):  # the other street of the same district
        services.update_project(street_official, *project_in(places, "青泥洼桥"), {"completed_wan": "5"}, None, places)
    leader = district_official(places, "zhongshan_leader", "中山区", role="leader")
    with pytest.raises(PermissionDenied):
        services.update_project(leader, *project_in(places, "青泥洼桥"), {"completed_wan": "5"}, None, places)
    scope = hierarchy.scope_of(places, leader)
    assert scope == metrics.Filters(cities=("大连市",), districts=("中山区",))
    assert hierarchy.scope_of(places, street_official) == scope  # a street official sees their street's district
    assert hierarchy.scope_of(places, Actor("d", "dispatcher")) is None  # the dispatch office sees everything
    assert hierarchy.scope_of(places, Actor("boss", "leader")) is None  # so does a leader of the whole deployment
    assert figures(places, **{k: v for k, v in vars(scope).items() if k in ("cities", "districts")}) == \
        (2, 1, 1, Decimal("500.00"))


def test_districts_are_named_within_their_city(places):
    with pytest.raises(AuthError, match="auth.district_ambiguous"):
        accounts.add_user(SETUP, "tiexi", "password-1", "street", engine=places, district="铁西区")
    with pytest.raises(AuthError, match="auth.no_such_district"):
        accounts.add_user(SETUP, "tiexi", "password-1", "street", engine=places, district="大连市/铁西区")
    with pytest.raises(AuthError, match="auth.street_required"):  # a street official needs a street or district
        accounts.add_user(SETUP, "tiexi", "password-1", "street", engine=places)
    official = district_official(places, "tiexi", "沈阳市/铁西区")
    assert services.update_project(official, *project_in(places, "兴顺"), {"completed_wan": "5"}, None, places)
    with pytest.raises(PermissionDenied):  # 鞍山's 铁西区 is another district
        services.update_project(official, *project_in(places, "繁荣"), {"completed_wan": "5"}, None, places)
    users = accounts.users(SETUP, places).set_index("username")
    assert (users.loc["tiexi", "street"], users.loc["tiexi", "district"]) == ("", "沈阳市/铁西区")
    accounts.change_role(SETUP, "tiexi", "street", street="繁荣", engine=places)  # now one street's official
    users = accounts.users(SETUP, places).set_index("username")
    assert (users.loc["tiexi", "street"], users.loc["tiexi", "district"]) == ("繁荣", "")
    accounts.add_street(SETUP, "新华", places, district="鞍山市/铁西区")
    assert hierarchy.places(places).set_index("street").loc["新华", "city"] == "鞍山市"


# --- import ---------------------------------------------------------------------------------

HEADERS = ["项目名称", "所属街道", "所属区县", "项目类别", "建设性质", "计划年度", "总投资(万元)", "年度计划投资(万元)"]


def ledger_file(tmp_path, *rows):
    workbook = openpyxl.Workbook()
    workbook.active.append(HEADERS)
    for row in rows:
        workbook.active.append(row)
    workbook.save(tmp_path / "districts.xlsx")
    return tmp_path / "districts.xlsx"


def test_an_import_names_each_street_s_district(places, tmp_path):
    path = ledger_file(tmp_path, ["中山新项目", "青泥洼桥街道", "中山区", "工业", "新开工", 2018, 100, 10],
                       ["鞍山新项目", "繁荣", "鞍山市/铁西区", "工业", "新开工", 2018, 100, 10],
                       ["甘井子新项目", "营城子", "", "工业", "新开工", 2018, 100, 10])  # the column is optional
    result = import_ledger(path, "import", engine=places)
    assert result.ok and result.created == 3
    assert figures(places, districts=["中山区"])[0] == 3 and figures(places, cities=["鞍山市"])[0] == 2


def test_a_street_outside_the_district_named_rejects_the_file(places, tmp_path):
    before = everything(places)
    path = ledger_file(tmp_path, ["好项目", "青泥洼桥", "中山区", "工业", "新开工", 2018, 100, 10],
                       ["错区县", "繁荣", "沈阳市/铁西区", "工业", "新开工", 2018, 100, 10],
                       ["无此区县", "人民路", "西岗区", "工业", "新开工", 2018, 100, 10])
    result = import_ledger(path, "import", engine=places)
    assert [(e.row, e.column, e.message) for e in result.errors] == [
        (3, "所属区县", "街道“繁荣”不属于区县“沈阳市/铁西区”"), (4, "所属区县", "未知区县“西岗区”")]
    assert everything(places) == before  # all or nothing


# --- migration and scale ----------------------------------------------------------------------

def test_the_migration_puts_every_street_in_the_home_district(tmp_path):
    engine = get_engine(f"sqlite:///{tmp_path / 'before.db'}")
    with engine.begin() as db:
        command.upgrade(alembic_config(db), "0005")
        db.exec_driver_sql("INSERT INTO street (name, position) VALUES ('营城子', 0), ('泉水', 1)")
        db.exec_driver_sql("INSERT INTO app_user (username, display_name, role, street_id, password_hash, disabled,"
                           " created_at) VALUES ('wang', 'wang', 'street', 1, '', 0, '2018-01-01 00:00:00')")
    migrate(engine)
    where = hierarchy.places(engine)
    assert list(zip(where["street"], where["district"], where["city"])) == [
        ("营城子", "甘井子区", "大连市"), ("泉水", "甘井子区", "大连市")]
    with engine.connect() as db:  # the official keeps their street, and gets no district of their own
        assert db.execute(sa.select(User.street_id, User.district_id)).one() == (1, None)


def test_the_scale_generator_makes_cities_and_districts(engine, monkeypatch):
    monkeypatch.setitem(scale.SIZES, "tiny", scale.Size(projects=3 * scale.PER_DISTRICT, history=800, issues=10,
                                                         cities=2))
    scale.load_scale(engine, "tiny")
    where = hierarchy.places(engine)
    assert list(where.drop_duplicates("district_id")[["city", "district"]].itertuples(index=False, name=None)) == [
        ("大连市", "甘井子区"), ("大连市", "001区"), ("01市", "002区")]
    assert len(where) == 57 and where["street"].is_unique
    assert metrics.district(engine, 2018, date(2018, 12, 31))["projects"] == 3 * 235
    assert metrics.district(engine, 2018, date(2018, 3, 31), metrics.Filters(districts=("001区",)))["started"] == 63


def test_the_scale_import_file_names_districts_and_imports(engine, tmp_path, monkeypatch):
    monkeypatch.setitem(scale.SIZES, "tiny", scale.Size(projects=scale.PER_DISTRICT + 5, history=300, issues=2))
    scale.load_scale(engine, "tiny")
    path = tmp_path / "tiny.xlsx"
    assert scale.write_import_file(engine, path) == 240
    rows = list(openpyxl.load_workbook(path).active.iter_rows(values_only=True))
    assert rows[0][:4] == ("项目编号", "项目名称", "所属街道", "所属区县")
    assert {r[3] for r in rows[1:]} == {"大连市/甘井子区", "大连市/001区"}
    target = get_engine(f"sqlite:///{tmp_path / 'target.db'}")
    migrate(target)
    scale.load_streets_like(engine, target)
    result = import_ledger(path, "import", engine=target)
    assert result.ok and result.created == 240
    assert metrics.district(target, 2018, date(2018, 12, 31), metrics.Filters(districts=("001区",)))["projects"] == 5


def test_problems_by_level(places, on_day):
    on_day(date(2018, 2, 1))  # raised before the deadline they missed
    for street in ("人民路", "兴顺"):
        problems.raise_problem(DISPATCH, project_in(places, street)[0], "缺电", "utilities", "供电局",
                               date(2018, 3, 1), engine=places)
    by_city = metrics.problems(places, 2018, D, level="city").set_index("city")
    assert by_city.loc["大连市", "overdue"] == 1 and by_city.loc["沈阳市", "overdue"] == 1
    counts = metrics.attention_counts(places, 2018, D, metrics.Filters(cities=("大连市",)))
    assert counts["overdue_problem"] == 1
