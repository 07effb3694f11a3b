"""星级动态评价 on a small plan made by hand: the proposals the rule gives (facts read in SQL as of
the cycle's last day), a changed rule, overrides with a reason, confirmation that fixes a cycle,
ratings as of past days, moves between cycles and why, and who may rate."""
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa

from roadshow import accounts, metrics, queries, ratings, services, star_moves
from roadshow.auth import Actor
from roadshow.database import data_version
from roadshow.models import Project, Rating, RatingCycle
from roadshow.services import PermissionDenied, Refused
from tests.conftest import SETUP, add_project, add_rating, close_problem, raise_problem

DISPATCH = Actor("dispatch", "dispatcher")
SHIPPED = Path(__file__).resolve().parent.parent / "roadshow" / "evaluation.toml"
AFTER_Q2 = date(2018, 7, 3)


def raise_on(on_day, engine, day, pid, deadline):
    on_day(day)
    return raise_problem(engine, pid, deadline)


@pytest.fixture
def plan(engine, on_day):
    """Six 2018 projects (and one of 2019). 序时进度: 90/365 on 31 March, 181/365 on 30 June.

    code street  what                                                    Q1 (3-31)         Q2 (6-30)
    T-1  营城子  20亿 city key industrial, on time, 200 then 500 of 1000  40+30+(15+10) 95 5  40+30+(15+15) 100 5
    T-2  泉水    5亿 commercial, started 31 days late; 1 open, 2 overdue  23+30+(10+0) 63 3   23+6+(5+0) 34 1
    T-3  泉水    9999.99万 other, preliminary, no annual plan, 2 overdue  10+30+(10+15) 65 3  10+2+(10+15) 37 1
    T-4  营城子  10亿 livelihood, planned 6-29, never started             28+30+(10+0) 68 3   28+30+(0+0) 58 2
    T-5  红旗    1亿 city key infrastructure, planned 6-30, 40 of 100      23+30+(10+0) 63 3   23+30+(10+10) 73 3
    T-6  红旗    2亿 other, on time, suspended 6-15, 450 of 1000           15+30+(15+0) 60 3   15+30+(0+10) 55 2
    """
    ids = {
        "T-1": add_project(engine, street="营城子", total=200000, annual=1000, city_key=True, category="industrial",
                           start=date(2018, 3, 1), planned=date(2018, 3, 1),
                           reports=[(date(2018, 3, 31), 200), (date(2018, 6, 30), 500), (date(2018, 7, 31), 900)]),
        "T-2": add_project(engine, street="泉水", stage="new", total=50000, annual=1000, category="commercial",
                           start=date(2018, 6, 1), planned=date(2018, 5, 1), reports=[(date(2018, 6, 30), 100)]),
        "T-3": add_project(engine, street="泉水", stage="preliminary", total="9999.99", annual=0, category="other"),
        "T-4": add_project(engine, street="营城子", total=100000, annual=1000, category="livelihood",
                           planned=date(2018, 6, 29)),
        "T-5": add_project(engine, street="红旗", stage="new", total=10000, annual=100, city_key=True,
                           category="infrastructure", planned=date(2018, 6, 30), reports=[(date(2018, 6, 30), 40)]),
        "T-6": add_project(engine, street="红旗", total=20000, annual=1000, category="other", start=date(2018, 3, 1),
                           planned=date(2018, 3, 1), reports=[(date(2018, 6, 30), 450)]),
        "T-7": add_project(engine, street="红旗", year=2019),
    }
    services.update_project(DISPATCH, ids["T-6"], 1, {"suspended": True, "suspended_on": date(2018, 6, 15),
                                                      "suspension_reason": "资金不到位"}, engine=engine)
    for deadline in (date(2018, 5, 31), date(2018, 5, 30)):  # 30 and 31 days overdue on 6-30
        raise_on(on_day, engine, date(2018, 4, 2), ids["T-2"], deadline)
    closed = raise_on(on_day, engine, date(2018, 4, 2), ids["T-2"], date(2018, 5, 1))
    on_day(date(2018, 6, 29))
    close_problem(engine, closed)
    raise_on(on_day, engine, date(2018, 6, 1), ids["T-2"], date(2018, 7, 15))  # open, not yet due
    raise_on(on_day, engine, date(2018, 7, 2), ids["T-2"], date(2018, 7, 5))  # raised after 6-30
    for deadline in (date(2018, 4, 30), date(2018, 5, 1)):  # 61 and 60 days overdue on 6-30
        raise_on(on_day, engine, date(2018, 4, 2), ids["T-3"], deadline)
    on_day(AFTER_Q2)
    return ids


def proposals(engine, code, today=AFTER_Q2):
    view = ratings.cycle_view(engine, code, today)
    return [(r.code, r.benefit, r.problems, r.progress, r.score, r.proposed) for r in view.itertuples()]


Q1 = [("T-2", 23, 30, 10, 63, 3), ("T-3", 10, 30, 25, 65, 3), ("T-5", 23, 30, 10, 63, 3), ("T-6", 15, 30, 15, 60, 3),
      ("T-1", 40, 30, 25, 95, 5), ("T-4", 28, 30, 10, 68, 3)]
Q2 = [("T-2", 23, 6, 5, 34, 1), ("T-3", 10, 2, 25, 37, 1), ("T-5", 23, 30, 20, 73, 3), ("T-6", 15, 30, 10, 55, 2),
      ("T-1", 40, 30, 30, 100, 5), ("T-4", 28, 30, 0, 58, 2)]


def test_proposals_follow_the_rule_on_the_cycles_last_day(engine, plan):
    assert proposals(engine, "2018Q1") == Q1
    assert proposals(engine, "2018Q2") == Q2  # in street order (泉水, 红旗, 营城子), then code
    view = ratings.cycle_view(engine, "2018Q2", AFTER_Q2).set_index("code")
    assert view.loc["T-2", ["open", "overdue", "overdue_penalty", "start_state", "late_days"]].tolist() == [
        1, 2, 20, "late", 31]
    assert view.loc["T-1", "gap"] == 0.4 and view.loc["T-6", "start_state"] == "suspended"
    assert view["stars"].isna().all() and view["previous"].isna().all()  # nothing given yet
    # while a cycle runs, its proposals are as of today
    assert proposals(engine, "2018Q2", today=date(2018, 6, 29))[3] == ("T-6", 15, 30, 0, 45, 1)  # no report yet
    assert proposals(engine, "2018Q2", today=date(2018, 6, 14))[3][3] == 15  # not yet suspended: on time


def use_rule(monkeypatch, tmp_path, *changes) -> None:
    """Point ROADSHOW_EVALUATION_FILE at a copy of the shipped rules with `changes` (old, new) made."""
    text = SHIPPED.read_text(encoding="utf-8")
    for old, new in changes:
        assert old in text
        text = text.replace(old, new)
    copy = tmp_path / f"evaluation-{len(list(tmp_path.glob('evaluation-*')))}.toml"
    copy.write_text(text, encoding="utf-8")
    monkeypatch.setenv("ROADSHOW_EVALUATION_FILE", str(copy))


def test_a_changed_rule_changes_the_proposals_but_not_a_cycle_rated_by_the_old_one(engine, plan, monkeypatch,
                                                                                    tmp_path):
    use_rule(monkeypatch, tmp_path, ("4 = 75", "4 = 70"), ("{ more_than_days = 0, penalty = 8 }",
                                                            "{ more_than_days = 0, penalty = 6 }"))
    # T-2: 30 − 4 − 6 − 12 = 8 → 36; T-5: 73 is now 4 stars
    assert proposals(engine, "2018Q2") == [("T-2", 23, 8, 5, 36, 1), ("T-3", 10, 2, 25, 37, 1),
                                           ("T-5", 23, 30, 20, 73, 4), *Q2[3:]]
    ratings.override(DISPATCH, "2018Q2", plan["T-4"], 3, "已进场施工", engine)  # the cycle is rated by this rule now
    monkeypatch.setenv("ROADSHOW_EVALUATION_FILE", str(SHIPPED))
    assert proposals(engine, "2018Q2")[2] == ("T-5", 23, 30, 20, 73, 4)
    assert ratings.cycle_state(engine, "2018Q2")["rules"]["stars"]["4"] == 70
    assert proposals(engine, "2018-06")[2] == ("T-5", 23, 30, 20, 73, 3)  # a cycle not begun: the rule in force


def count(engine, model) -> int:
    with engine.connect() as db:
        return db.execute(sa.select(sa.func.count()).select_from(model)).scalar()


def test_an_override_needs_a_reason_and_stays_in_the_history(engine, plan):
    version = data_version(engine)
    for stars, reason, key in ((3, "", "rating.reason_required"), (3, " \n ", "rating.reason_required"),
                               (3, "x" * 501, "rating.reason_too_long"), (6, "现场核实", "rating.bad_stars"),
                               (0, "现场核实", "rating.bad_stars"),
                               (2, "现场核实", "rating.same_as_proposed")):  # T-4's proposal is 2 stars
        with pytest.raises(Refused) as refused:
            ratings.override(DISPATCH, "2018Q2", plan["T-4"], stars, reason, engine)
        assert refused.value.key == key
    assert (count(engine, Rating), count(engine, RatingCycle), data_version(engine)) == (0, 0, version)

    ratings.override(DISPATCH, "2018Q2", plan["T-4"], 3, "  已进场施工，\n 数据滞后 ", engine)
    with engine.connect() as db:
        given = db.execute(sa.select(Rating.stars, Rating.proposed_stars, Rating.reason, Rating.benefit_score,
                                     Rating.problem_score, Rating.progress_score, Rating.rated_on, Rating.rated_by)
                           ).one()
        assert tuple(given) == (3, 2, "已进场施工， 数据滞后", 28, 30, 0, date(2018, 6, 30), "dispatch")
        assert db.execute(sa.select(Project.stars).where(Project.id == plan["T-4"])).scalar() == 3
    history = queries.history(engine, plan["T-4"])
    assert history.iloc[0][["field", "old_value", "new_value", "note"]].tolist() == [
        "stars", None, "3", "2018年第二季度星级动态评价（调整理由：已进场施工， 数据滞后）"]
    with pytest.raises(Refused) as refused:
        ratings.override(DISPATCH, "2018Q2", plan["T-4"], 4, "再调整", engine)
    assert (refused.value.key, refused.value.params) == ("rating.already_rated", {"stars": 3})

    assert ratings.confirm(DISPATCH, "2018Q2", engine=engine) == 5  # the rest, as proposed
    view = ratings.cycle_view(engine, "2018Q2", AFTER_Q2)
    assert [(r.code, r.stars, r.proposed, r.reason if isinstance(r.reason, str) else None)
            for r in view.itertuples()] == [
        ("T-2", 1, 1, None), ("T-3", 1, 1, None), ("T-5", 3, 3, None), ("T-6", 2, 2, None), ("T-1", 5, 5, None),
        ("T-4", 3, 2, "已进场施工， 数据滞后")]
    assert queries.ratings(engine, plan["T-4"])[["cycle", "stars", "reason"]].values.tolist() == [
        ["2018Q2", 3, "已进场施工， 数据滞后"]]
    state = ratings.cycle_state(engine, "2018Q2")
    assert (state["rated"], state["overridden"], state["confirmed_by"]) == (6, 1, "dispatch")


def test_a_confirmed_cycle_is_refused_clearly(engine, plan, on_day):
    accounts.add_user(SETUP, "dispatch", "password-1", "dispatcher", "区调度办", engine=engine)
    on_day(date(2018, 7, 3))
    ratings.confirm(DISPATCH, "2018Q2", engine=engine)
    version, rated = data_version(engine), count(engine, Rating)
    for attempt in (lambda: ratings.confirm(DISPATCH, "2018Q2", engine=engine),
                    lambda: ratings.override(DISPATCH, "2018Q2", plan["T-4"], 3, "已进场施工", engine)):
        with pytest.raises(Refused) as refused:
            attempt()
        assert refused.value.key == "rating.already_confirmed"
        assert refused.value.params == {"when": "2018-07-03 12:00", "who": "区调度办"}
    assert (count(engine, Rating), data_version(engine)) == (rated, version)


def test_confirmed_ratings_are_not_changed_by_later_data(engine, plan, on_day):
    ratings.confirm(DISPATCH, "2018Q2", engine=engine)
    given = proposals(engine, "2018Q2")
    on_day(date(2018, 7, 5))
    services.update_project(DISPATCH, plan["T-2"], 1, {"planned_start_date": "2018-06-01"}, engine=engine)
    services.update_project(DISPATCH, plan["T-6"], 2, {"total_investment_wan": "200000"}, engine=engine)
    with engine.connect() as db:
        problems = db.execute(sa.text("SELECT id FROM issue WHERE status <> 'resolved'")).scalars().all()
    for issue in problems:
        close_problem(engine, issue)
    assert proposals(engine, "2018Q2") == given == Q2
    assert list(metrics.star_distribution(engine, 2018, date(2018, 6, 30))["projects"]) == [2, 2, 1, 0, 1]
    # the data changed what the next cycle proposes: T-2 on time, no problems; T-6 25 + 5
    next_cycle = dict((code, (b, p, g)) for code, b, p, g, *_ in proposals(engine, "2018Q3", date(2018, 10, 1)))
    assert next_cycle["T-2"][:2] == (23, 30) and next_cycle["T-6"][0] == 30


def test_ratings_as_of_a_past_date(engine, plan, on_day):
    on_day(date(2018, 4, 3))
    ratings.confirm(DISPATCH, "2018Q1", engine=engine)
    on_day(AFTER_Q2)
    ratings.confirm(DISPATCH, "2018Q2", engine=engine)

    def stars(day):
        return list(metrics.star_distribution(engine, 2018, day)["projects"])
    assert stars(date(2018, 3, 30)) == [0, 0, 0, 0, 0]
    assert stars(date(2018, 3, 31)) == stars(date(2018, 6, 29)) == [0, 0, 5, 0, 1]
    assert stars(date(2018, 6, 30)) == [2, 2, 1, 0, 1]
    ledger = {day: dict(zip(f["code"], f["stars"])) for day in (date(2018, 6, 29), date(2018, 6, 30))
              for f in [queries.ledger(engine, 2018, day)]}
    assert (ledger[date(2018, 6, 29)]["T-2"], ledger[date(2018, 6, 30)]["T-2"]) == (3, 1)
    with engine.connect() as db:  # the ledger's stars are the latest rating's
        assert dict(db.execute(sa.select(Project.code, Project.stars).where(Project.plan_year == 2018)).all()) == {
            "T-1": 5, "T-2": 1, "T-3": 1, "T-4": 2, "T-5": 3, "T-6": 2}
    assert list(queries.history(engine, plan["T-2"]).query("field == 'stars'")["new_value"]) == ["1", "3"]


def test_the_latest_rating_counts_whatever_the_order_of_confirmation(engine, plan, on_day):
    """Q2 before Q1: the ledger keeps Q2's stars; a month and its quarter end the same day: the one given last."""
    ratings.confirm(DISPATCH, "2018Q2", engine=engine)
    ratings.confirm(DISPATCH, "2018Q1", engine=engine)
    with engine.connect() as db:
        assert db.execute(sa.select(Project.stars).where(Project.id == plan["T-2"])).scalar() == 1
    assert list(queries.history(engine, plan["T-2"]).query("field == 'stars'")["new_value"]) == ["1"]
    ratings.override(DISPATCH, "2018-06", plan["T-5"], 5, "市级表彰", engine)
    assert queries.ledger(engine, 2018, date(2018, 6, 30)).set_index("code").loc["T-5", "stars"] == 5
    assert star_moves.in_force(star_moves.confirmed_cycles(engine, 2018), date(2018, 6, 30)) == ("2018Q2", "2018Q1")


def test_confirming_refuses_proposals_the_user_did_not_see(engine, plan, on_day):
    seen = ratings.digest(ratings.cycle_view(engine, "2018Q2", AFTER_Q2))
    raise_on(on_day, engine, date(2018, 6, 1), plan["T-1"], date(2018, 6, 10))  # 20 days overdue: T-1 at 92
    on_day(AFTER_Q2)
    version = data_version(engine)
    with pytest.raises(Refused) as refused:
        ratings.confirm(DISPATCH, "2018Q2", seen, engine)
    assert refused.value.key == "rating.changed"
    assert (count(engine, Rating), count(engine, RatingCycle), data_version(engine)) == (0, 0, version)
    now = ratings.digest(ratings.cycle_view(engine, "2018Q2", AFTER_Q2))
    assert now != seen and ratings.confirm(DISPATCH, "2018Q2", now, engine) == 6


def test_a_cycle_is_rated_once_it_is_over(engine, plan, on_day):
    on_day(date(2018, 9, 29))
    with pytest.raises(Refused) as refused:
        ratings.confirm(DISPATCH, "2018Q3", engine=engine)
    assert (refused.value.key, refused.value.params) == ("rating.not_over", {"day": "2018-09-30"})
    with pytest.raises(Refused):
        ratings.override(DISPATCH, "2018Q3", plan["T-1"], 1, "测试", engine)
    on_day(date(2018, 9, 30))
    assert ratings.confirm(DISPATCH, "2018Q3", engine=engine) == 6
    on_day(date(2018, 2, 28))
    assert ratings.confirm(DISPATCH, "2018-02", engine=engine) == 6


def test_bad_requests_are_refused(engine, plan):
    cases = [(lambda: ratings.confirm(DISPATCH, "2018Q5", engine=engine), "rating.bad_cycle"),
             (lambda: ratings.override(DISPATCH, "2018-13", plan["T-1"], 1, "测试", engine), "rating.bad_cycle"),
             (lambda: ratings.override(DISPATCH, "2018Q2", plan["T-7"], 1, "测试", engine), "rating.other_year"),
             (lambda: ratings.override(DISPATCH, "2018Q2", 999, 1, "测试", engine), "service.no_project"),
             (lambda: ratings.confirm(DISPATCH, "2017Q4", engine=engine), "rating.nothing_to_rate")]
    for call, key in cases:
        with pytest.raises(Refused) as refused:
            call()
        assert refused.value.key == key
    assert count(engine, Rating) == count(engine, RatingCycle) == 0


def test_a_rating_that_lost_a_race_is_refused_and_writes_nothing(engine, plan, monkeypatch):
    """Two dispatchers override in the same cycle at once: the second did not see the first's cycle
    record (PostgreSQL), so its insert meets the unique key."""
    ratings.override(DISPATCH, "2018Q2", plan["T-4"], 3, "已进场施工", engine)
    monkeypatch.setattr(ratings, "_cycle_row", lambda db, code: None)
    with pytest.raises(Refused) as refused:
        ratings.override(DISPATCH, "2018Q2", plan["T-5"], 5, "市级表彰", engine)
    assert refused.value.key == "rating.concurrent"
    assert (count(engine, Rating), count(engine, RatingCycle)) == (1, 1)


@pytest.mark.parametrize("role", ["leader", "street", "admin"])
def test_only_the_dispatch_office_rates(engine, plan, role):
    actor = Actor(f"a_{role}", role, 1 if role == "street" else None)
    for call in (lambda: ratings.confirm(actor, "2018Q2", engine=engine),
                 lambda: ratings.override(actor, "2018Q2", plan["T-4"], 3, "已进场施工", engine)):
        with pytest.raises(PermissionDenied):
            call()
    assert count(engine, Rating) == count(engine, RatingCycle) == 0


def test_moves_since_the_cycle_before_and_why(engine, plan, on_day):
    on_day(date(2018, 4, 3))
    ratings.confirm(DISPATCH, "2018Q1", engine=engine)
    confirmed = star_moves.confirmed_cycles(engine, 2018)
    assert star_moves.in_force(confirmed, date(2018, 3, 30)) == (None, None)
    assert star_moves.in_force(confirmed, date(2018, 6, 30)) == ("2018Q1", None)
    on_day(AFTER_Q2)
    ratings.override(DISPATCH, "2018Q2", plan["T-4"], 3, "已进场施工", engine)
    ratings.confirm(DISPATCH, "2018Q2", engine=engine)
    confirmed = star_moves.confirmed_cycles(engine, 2018)
    assert star_moves.in_force(confirmed, date(2018, 6, 29)) == ("2018Q1", None)
    assert star_moves.in_force(confirmed, date(2018, 6, 30)) == ("2018Q2", "2018Q1")
    moves = star_moves.star_moves(engine, "2018Q2", "2018Q1")
    assert [(m.code, m.stars_before, m.stars_after, m.change) for m in moves.itertuples()] == [
        ("T-2", 3, 1, -2), ("T-3", 3, 1, -2), ("T-6", 3, 2, -1), ("T-5", 3, 3, 0), ("T-1", 5, 5, 0),
        ("T-4", 3, 3, 0)]
    why = {m["code"]: star_moves.why_moved(m, "zh") for m in moves.to_dict("records")}
    assert why["T-2"] == ("问题 30→6（待办 0→1 个，逾期 0→2 个）；"
                          "进度 10→5（未到计划开工日期→延迟开复工，投资差 -24.7→-39.6 个百分点）")
    assert why["T-3"] == "问题 30→2（逾期 0→2 个）"
    assert why["T-6"] == "进度 15→10（按期开复工→停工，投资差 -24.7→-4.6 个百分点）"
    assert why["T-4"] == "进度 10→0（未到计划开工日期→逾期未开工，投资差 -24.7→-49.6 个百分点）；调整理由：已进场施工"
    assert why["T-1"] == "进度 25→30（投资差 -4.7→+0.4 个百分点）"
    assert star_moves.why_moved(moves.to_dict("records")[0], "en").startswith("Problems 30→6 (open 0→1, overdue 0→2)")
    only = star_moves.star_moves(engine, "2018Q2", "2018Q1", metrics.Filters(streets=("泉水",)))
    assert list(only["code"]) == ["T-2", "T-3"]
    averages = star_moves.street_averages(engine, 2018, date(2018, 6, 30))
    assert averages.values.tolist() == [["营城子", 2, 4.0], ["红旗", 2, 2.5], ["泉水", 2, 1.0]]
    assert star_moves.street_averages(engine, 2018, date(2018, 6, 29)).values.tolist() == [
        ["营城子", 2, 4.0], ["泉水", 2, 3.0], ["红旗", 2, 3.0]]  # equal averages in the district's order
    add_project(engine, street="凌水")  # a street with no rated project is not listed
    assert star_moves.street_averages(engine, 2018, date(2018, 6, 30)).values.tolist() == [
        ["营城子", 2, 4.0], ["红旗", 2, 2.5], ["泉水", 2, 1.0]]
    add_rating(engine, add_project(engine, street="凌水"), "2018Q1", date(2018, 3, 31), 3)
    assert star_moves.street_averages(engine, 2018, date(2018, 6, 29)).values.tolist() == [
        ["营城子", 2, 4.0], ["泉水", 2, 3.0], ["红旗", 2, 3.0], ["凌水", 1, 3.0]]  # 凌水 comes after 红旗
    add_rating(engine, plan["T-7"], "2019Q1", date(2019, 3, 31), 5)  # 红旗's project of 2019: not 2018's
    assert star_moves.street_averages(engine, 2018, date(2019, 3, 31)).values.tolist() == [
        ["营城子", 2, 4.0], ["凌水", 1, 3.0], ["红旗", 2, 2.5], ["泉水", 2, 1.0]]
    assert star_moves.street_averages(engine, 2018, date(2019, 3, 31), metrics.Filters(streets=("泉水",))
                                      ).values.tolist() == [["泉水", 2, 1.0]]


@pytest.mark.parametrize("code, first, last, level", [
    ("2018Q1", date(2018, 1, 1), date(2018, 3, 31), "quarterly"), ("2018Q4", date(2018, 10, 1), date(2018, 12, 31),
                                                                   "quarterly"),
    ("2018-02", date(2018, 2, 1), date(2018, 2, 28), "monthly"), ("2020-02", date(2020, 2, 1), date(2020, 2, 29),
                                                                  "monthly"),
    ("2018-12", date(2018, 12, 1), date(2018, 12, 31), "monthly")])
def test_cycles_are_months_and_quarters(code, first, last, level):
    cycle = ratings.Cycle.parse(code)
    assert (cycle.first, cycle.last, cycle.level, cycle.plan_year) == (first, last, level, first.year)


def test_cycles_begun_labels_and_the_cycle_a_page_opens_on():
    assert [ratings.Cycle.parse(c) for c in ("2018Q5", "2018Q0", "2018-13", "2018-00", "18Q1", "")] == [None] * 6
    assert [c.code for c in ratings.cycles(2018, date(2018, 4, 1))] == [
        "2018-01", "2018-02", "2018-03", "2018Q1", "2018-04", "2018Q2"]
    assert [c.code for c in ratings.cycles(2018, date(2017, 12, 31))] == []
    assert ratings.next_cycle(2018, [], date(2018, 3, 30)) == "2018Q1"  # no quarter over yet: the running one
    assert ratings.next_cycle(2018, [], date(2018, 3, 31)) == "2018Q1"
    assert ratings.next_cycle(2018, ["2018Q1"], date(2018, 6, 29)) == "2018Q1"
    assert ratings.next_cycle(2018, ["2018Q1"], date(2018, 6, 30)) == "2018Q2"  # on its last day it may be rated
    assert ratings.next_cycle(2018, ["2018Q1"], date(2019, 1, 1)) == "2018Q2"  # the one after the last confirmed
    assert ratings.next_cycle(2018, [], date(2019, 1, 1)) == "2018Q4"
    assert [ratings.cycle_label(c, "zh") for c in ("2018Q2", "2018-05", "import-20181231", "2018M4")] == [
        "2018年第二季度", "2018年5月", "导入 2018-12-31", "2018M4"]
    assert [ratings.cycle_label(c, "en") for c in ("2018Q2", "2018-05")] == ["Q2 2018", "2018-05"]


def test_ratings_from_before_cycles_are_migrated(tmp_path):
    """Imported stars lose the zero parts they were given; a cycle rated before becomes a confirmed one,
    by a rule nobody recorded; and the migration goes back down."""
    from alembic import command

    from roadshow.database import alembic_config, get_engine, migrate
    engine = get_engine(f"sqlite:///{tmp_path / 'old.db'}")
    with engine.begin() as db:
        command.upgrade(alembic_config(db), "0005")
        db.exec_driver_sql("INSERT INTO street (name, position) VALUES ('营城子', 0)")
        db.exec_driver_sql(
            "INSERT INTO project (code, name, street_id, category, stage, plan_year, total_investment_wan,"
            " annual_plan_wan, completed_wan, suspended, city_key, version, created_by, created_at, updated_by,"
            " updated_at, stars) VALUES ('P-1', '旧项目', 1, 'industrial', 'new', 2018, 100, 10, 0, 0, 0, 1,"
            " 'x', '2018-01-01 00:00:00', 'x', '2018-01-01 00:00:00', 4)")
        db.exec_driver_sql(
            "INSERT INTO rating (project_id, cycle, level, rated_on, benefit_score, problem_score, progress_score,"
            " stars) VALUES (1, '2018Q1', 'quarterly', '2018-03-31', 30, 20, 20, 4),"
            " (1, 'import-20180405', 'quarterly', '2018-04-05', 0, 0, 0, 3)")
    migrate(engine)  # as an existing deployment upgrades: SQLite copies the street table (0009)
    with engine.connect() as db:
        assert db.execute(sa.select(Rating.cycle, Rating.benefit_score, Rating.reason).order_by(Rating.id)).all() == [
            ("2018Q1", 30, None), ("import-20180405", None, "imported")]
        assert db.execute(sa.select(RatingCycle.code, RatingCycle.plan_year, RatingCycle.as_of, RatingCycle.rules,
                                    RatingCycle.confirmed_by)).all() == [
            ("2018Q1", 2018, date(2018, 3, 31), None, "migration")]
    assert star_moves.in_force(star_moves.confirmed_cycles(engine, 2018), date(2018, 4, 1)) == ("2018Q1", None)
    with engine.connect() as db:
        db.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")  # as migrate does, for the copies
        with db.begin():
            command.downgrade(alembic_config(db), "0005")
            assert db.exec_driver_sql("SELECT benefit_score FROM rating ORDER BY id").scalars().all() == [30, 0]
    engine.dispose()


def test_the_cycle_in_force_is_the_latest_confirmed_compared_with_the_one_of_its_level_before(engine, plan, on_day):
    on_day(date(2018, 5, 2))
    ratings.confirm(DISPATCH, "2018Q1", engine=engine)
    ratings.confirm(DISPATCH, "2018-04", engine=engine)
    assert star_moves.in_force(star_moves.confirmed_cycles(engine, 2018), date(2018, 4, 30)) == ("2018-04", None)
    on_day(AFTER_Q2)
    ratings.override(DISPATCH, "2018Q2", plan["T-4"], 3, "已进场施工", engine)  # Q2 opened, not confirmed
    assert star_moves.in_force(star_moves.confirmed_cycles(engine, 2018), date(2018, 6, 30)) == ("2018-04", None)
    ratings.confirm(DISPATCH, "2018Q2", engine=engine)
    assert star_moves.in_force(star_moves.confirmed_cycles(engine, 2018), date(2018, 6, 30)) == ("2018Q2", "2018Q1")
    on_day(date(2018, 10, 2))
    ratings.confirm(DISPATCH, "2018Q3", engine=engine)
    assert star_moves.in_force(star_moves.confirmed_cycles(engine, 2018), date(2018, 10, 2)) == ("2018Q3", "2018Q2")
    assert star_moves.confirmed_cycles(engine, 2019).empty


def test_why_stars_moved_names_only_what_changed():
    basis = {"open": 1, "overdue": 0, "start_state": "not_yet_due", "gap": -24.7}
    move = {"benefit_before": 40, "benefit_after": 40, "problems_before": 24, "problems_after": 24,
            "progress_before": 10, "progress_after": 0, "basis_before": basis,
            "basis_after": {**basis, "start_state": "overdue"}, "reason": None}
    assert star_moves.why_moved(move, "zh") == "进度 10→0（未到计划开工日期→逾期未开工）"


def test_a_start_on_1_january_or_on_the_cycle_s_last_day_is_on_time_and_the_previous_stars_are_the_latest(engine):
    first = add_project(engine, start=date(2018, 1, 1), planned=date(2018, 1, 1))
    last = add_project(engine, start=date(2018, 3, 31), planned=date(2018, 3, 31))
    add_rating(engine, first, "2018-01", date(2018, 1, 31), 2)
    add_rating(engine, first, "2018-02", date(2018, 2, 28), 4)
    view = ratings.cycle_view(engine, "2018Q1", date(2018, 4, 2)).set_index("project_id")
    assert (view.loc[first, "start_state"], view.loc[last, "start_state"]) == ("on_time", "on_time")
    assert view.loc[first, "previous"] == 4 and pd.isna(view.loc[last, "previous"])


def test_a_suspension_and_a_problem_of_the_cycle_s_last_day_count_in_it(engine, on_day):
    pid = add_project(engine, start=date(2018, 1, 1), planned=date(2018, 1, 1))
    on_day(date(2018, 3, 31))
    raise_problem(engine, pid, date(2018, 3, 31))  # raised and due on 3-31: open, not overdue
    services.update_project(DISPATCH, pid, 1, {"suspended": True, "suspended_on": date(2018, 3, 31),
                                               "suspension_reason": "资金不到位"}, engine=engine)
    row = ratings.cycle_view(engine, "2018Q1", date(2018, 4, 2)).set_index("project_id").loc[pid]
    assert (row["start_state"], row["open"], row["overdue"]) == ("suspended", 1, 0)


def test_an_override_s_reason_may_be_500_characters_long(engine, plan):
    """The rating keeps it whole; the project's history, whose note holds 500 characters, quotes its start."""
    ratings.override(DISPATCH, "2018Q2", plan["T-4"], 3, "理" * 500, engine)
    with engine.connect() as db:
        assert db.execute(sa.select(Rating.reason)).scalar() == "理" * 500
    note = queries.history(engine, plan["T-4"]).iloc[0]["note"]
    assert note == "2018年第二季度星级动态评价（调整理由：" + "理" * 478 + "…"
