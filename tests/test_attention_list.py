"""What needs a leader's attention (overdue problems, suspended projects, late starts): who is on the
list, in which order, and that a problem already late when it is raised is overdue in every view that day."""
from datetime import date

from roadshow import metrics, queries, services
from tests.conftest import DISPATCH, add_project, raise_problem


def attention(engine, day):
    return [(r.kind, r.name, r.since) for r in metrics.needs_attention(engine, 2018, day).itertuples()]


def test_each_kind_lists_the_longest_waiting_first(engine, on_day):
    late = add_project(engine, stage="new", name="五月应开工")
    later = add_project(engine, stage="new", name="四月应开工")
    services.update_project(DISPATCH, late, 1, {"planned_start_date": "2018-05-02"}, engine=engine)
    services.update_project(DISPATCH, later, 1, {"planned_start_date": "2018-04-20"}, engine=engine)
    pid = add_project(engine, start=date(2018, 3, 1), name="停工项目")
    on_day(date(2018, 4, 2))
    raise_problem(engine, pid, date(2018, 5, 20), "资金不足", "区发改局")
    raise_problem(engine, pid, date(2018, 4, 30), "用地未落实", "区自然资源分局")
    assert attention(engine, date(2018, 5, 31)) == [
        ("overdue_problem", "停工项目", date(2018, 4, 30)), ("overdue_problem", "停工项目", date(2018, 5, 20)),
        ("late_start", "四月应开工", date(2018, 4, 20)), ("late_start", "五月应开工", date(2018, 5, 2))]


def test_a_preliminary_project_is_never_late_to_start(engine):
    """前期 projects are still being prepared: a planned day set for them does not make them late."""
    pid = add_project(engine, stage="preliminary", name="前期项目")
    services.update_project(DISPATCH, pid, 1, {"planned_start_date": "2018-04-01"}, engine=engine)
    assert attention(engine, date(2018, 6, 30)) == []


def test_a_problem_is_overdue_everywhere_the_day_after_its_deadline(engine, on_day):
    """Raised on 4-02 and due 4-05 (a raised problem's deadline is never already gone): on 4-05 it is
    in time, from 4-06 it is overdue on the attention list, in the counts and on the follow-up list."""
    pid = add_project(engine, name="补报问题项目")
    on_day(date(2018, 4, 2))
    issue = raise_problem(engine, pid, date(2018, 4, 5), "施工许可逾期未办", "区住建局")
    day = date(2018, 4, 6)
    assert attention(engine, day) == [("overdue_problem", "补报问题项目", date(2018, 4, 5))]
    assert metrics.problems(engine, 2018, day).to_dict("records") == [
        {"raised": 1, "open": 1, "overdue": 1, "resolved": 0}]
    assert [(r.id, bool(r.overdue)) for r in queries.follow_up_list(engine, 2018, day).itertuples()] == [
        (issue, True)]
    assert attention(engine, date(2018, 4, 5)) == []
    assert metrics.problems(engine, 2018, date(2018, 4, 5)).to_dict("records")[0]["overdue"] == 0
    assert attention(engine, date(2018, 4, 1)) == []  # not raised yet


def test_a_year_whose_last_data_fall_on_31_december_opens_there(engine):
    add_project(engine, year=2017, start=date(2017, 6, 30), reports=[(date(2017, 12, 31), 40)])
    assert metrics.opening_as_of(engine, 2017, date(2018, 3, 1)) == date(2017, 12, 31)
    add_project(engine, year=2016, start=date(2016, 12, 31), name="年末开工")
    add_project(engine, year=2016, start=date(2016, 7, 1), reports=[(date(2016, 9, 30), 40)])
    assert metrics.opening_as_of(engine, 2016, date(2018, 3, 1)) == date(2016, 12, 31)
