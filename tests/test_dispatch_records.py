"""Dispatch records (调度记录): only the dispatch office writes them, through one service that checks
every field; a refusal changes nothing."""
from datetime import date

import pytest
import sqlalchemy as sa

from roadshow import dispatch
from roadshow.auth import Actor
from roadshow.database import data_version
from roadshow.models import DispatchRecord
from roadshow.services import PermissionDenied

DISPATCH = Actor("dispatch", "dispatcher")
OFFICIAL = Actor("yingchengzi", "street", street_id=13)
GOOD = dict(held_on=date(2018, 4, 20), level="weekly", chaired_by="区调度办主任", reviewed="问题清单推进情况",
            decisions="逾期问题限期办结")


def stored(engine):
    with engine.connect() as db:
        return [tuple(r) for r in db.execute(sa.select(
            DispatchRecord.held_on, DispatchRecord.level, DispatchRecord.chaired_by, DispatchRecord.reviewed,
            DispatchRecord.decisions, DispatchRecord.recorded_by).order_by(DispatchRecord.id))]


@pytest.fixture
def today_is(on_day):
    on_day(date(2018, 4, 20))


def test_the_dispatch_office_records_a_dispatch(engine, today_is):
    before = data_version(engine)
    record = dispatch.record_dispatch(DISPATCH, **{**GOOD, "chaired_by": "  区调度办主任 "}, engine=engine)
    assert stored(engine) == [(date(2018, 4, 20), "weekly", "区调度办主任", "问题清单推进情况", "逾期问题限期办结",
                               "dispatch")]
    assert data_version(engine) == before + 1  # cached figures are recomputed
    assert dispatch.dispatch_records(engine, 2018, date(2018, 4, 20))["id"].tolist() == [record]
    assert dispatch.dispatch_records(engine, 2018, date(2018, 4, 19)).empty  # time travel: not held yet
    assert dispatch.dispatch_records(engine, 2019, date(2019, 4, 20)).empty


@pytest.mark.parametrize("actor", [Actor("leader", "leader"), OFFICIAL, Actor("admin", "admin")],
                         ids=["leader", "street", "admin"])
def test_nobody_else_records_a_dispatch_and_a_refusal_changes_nothing(engine, today_is, actor):
    before = data_version(engine)
    with pytest.raises(PermissionDenied) as refused:
        dispatch.record_dispatch(actor, **GOOD, engine=engine)
    assert refused.value.key == "service.denied"
    with pytest.raises(PermissionDenied):  # refused before its values are even looked at
        dispatch.record_dispatch(actor, **{**GOOD, "chaired_by": ""}, engine=engine)
    assert stored(engine) == [] and data_version(engine) == before


@pytest.mark.parametrize("changes, problems", [
    ({"held_on": date(2018, 4, 21)}, {"held_on": "dispatch.future"}),  # tomorrow
    ({"held_on": "2018-04-31"}, {"held_on": "rule.not_date"}),
    ({"held_on": None}, {"held_on": "dispatch.required"}),
    ({"level": "daily"}, {"level": "dispatch.bad_level"}),
    ({"chaired_by": "  ", "reviewed": "", "decisions": None},
     {"chaired_by": "dispatch.required", "reviewed": "dispatch.required", "decisions": "dispatch.required"}),
    ({"chaired_by": "张" * 61, "reviewed": "查" * 2001, "decisions": "定" * 2001},
     {"chaired_by": "dispatch.too_long", "reviewed": "dispatch.too_long", "decisions": "dispatch.too_long"}),
], ids=["future", "no-such-day", "no-day", "level", "blank", "too-long"])
def test_a_bad_record_is_refused_field_by_field_and_changes_nothing(engine, today_is, changes, problems):
    before = data_version(engine)
    with pytest.raises(dispatch.BadRecord) as refused:
        dispatch.record_dispatch(DISPATCH, **{**GOOD, **changes}, engine=engine)
    assert {field: bad.key for field, bad in refused.value.problems.items()} == problems
    assert refused.value.key == "dispatch.invalid"
    assert stored(engine) == [] and data_version(engine) == before


def test_the_limits_themselves_are_accepted(engine, today_is):
    dispatch.record_dispatch(DISPATCH, **{**GOOD, "held_on": "2018-04-20", "chaired_by": "张" * 60,
                                          "reviewed": "查" * 2000, "decisions": "定" * 2000}, engine=engine)
    assert len(stored(engine)) == 1


def test_one_record_a_day_and_level(engine, today_is):
    dispatch.record_dispatch(DISPATCH, **GOOD, engine=engine)
    before = data_version(engine)
    with pytest.raises(dispatch.BadRecord) as refused:
        dispatch.record_dispatch(DISPATCH, **{**GOOD, "reviewed": "另一次"}, engine=engine)
    assert refused.value.problems["held_on"].key == "dispatch.duplicate"
    assert refused.value.problems["held_on"].params == {"day": "2018-04-20"}
    assert len(stored(engine)) == 1 and data_version(engine) == before
    dispatch.record_dispatch(DISPATCH, **{**GOOD, "level": "monthly"}, engine=engine)  # another level: fine
    dispatch.record_dispatch(DISPATCH, **{**GOOD, "held_on": date(2018, 4, 13)}, engine=engine)
    assert [(r[0], r[1]) for r in stored(engine)] == [(date(2018, 4, 20), "weekly"), (date(2018, 4, 20), "monthly"),
                                                      (date(2018, 4, 13), "weekly")]
    newest_first = dispatch.dispatch_records(engine, 2018, date(2018, 4, 20))
    assert list(zip(newest_first["held_on"], newest_first["level"])) == [
        (date(2018, 4, 20), "monthly"), (date(2018, 4, 20), "weekly"), (date(2018, 4, 13), "weekly")]


def test_a_plan_year_lists_the_records_of_its_first_to_its_last_day(engine, on_day):
    on_day(date(2019, 1, 1))
    for day in (date(2017, 12, 31), date(2018, 1, 1), date(2018, 12, 31), date(2019, 1, 1)):
        dispatch.record_dispatch(DISPATCH, **{**GOOD, "held_on": day}, engine=engine)
    assert dispatch.dispatch_records(engine, 2018, date(2019, 3, 1))["held_on"].tolist() == [
        date(2018, 12, 31), date(2018, 1, 1)]
    assert dispatch.dispatch_records(engine, 2018, date(2018, 1, 1))["held_on"].tolist() == [date(2018, 1, 1)]
