"""What the leaders' pages show on the demo, as a user reads it: no None/nan/NaT or raw code
anywhere, labels once, people by their names, problems overdue wherever they appear."""
import re

import pandas as pd
from streamlit.testing.v1 import AppTest

from tests.slides_shown import counter, html_texts, next_slide, shown_slide
from tests.test_leader_pages import open_page

CODES = ("continuing|new|preliminary|commercial|livelihood|real_estate|industrial|infrastructure|other"
         "|open|in_progress|closure_requested|resolved|land|planning|funding|demolition|utilities|environment"
         "|weekly|monthly|quarterly|late_start|overdue_problem|suspended")
RAW = re.compile(rf"\b(None|nan|NaN|NaT|True|False|{CODES})\b")


def raw_texts(at: AppTest) -> list[str]:
    """Every raw value or code the page shows: table cells, text, captions, figures, expander labels,
    HTML blocks (a slide in meeting mode)."""
    found = []
    for table in at.dataframe:
        for column, values in table.value.items():
            found += [f"{column}: {v!r}" for v in values
                      if not isinstance(v, bool) and (pd.isna(v) or RAW.search(str(v)))]
    texts = [e.value for kind in ("title", "header", "subheader", "markdown", "caption") for e in getattr(at, kind)]
    texts += [f"{m.label} {m.value} {m.delta or ''}" for m in at.metric] + [e.label for e in at.expander]
    texts += html_texts(at)
    return found + [text for text in texts if RAW.search(text)]


def test_no_page_shows_none_nan_nat_or_a_raw_code(demo_url):
    shown = {"overview": raw_texts(open_page("overview")),
             "streets": raw_texts(open_page("streets", street="营城子")),
             "ledger": raw_texts(open_page("ledger", as_of="2018-05-31", project="GJZ-2018-152")),
             # the quick form and the bulk editor: a suspended project, and empty dates and reasons
             "my projects": raw_texts(open_page("my_projects", user="gezhenbao", edit="GJZ-2018-135"))}
    at = open_page("meeting", meeting="2")
    while True:  # every slide of the Q2 roadshow
        shown[f"meeting {counter(at)} {shown_slide(at).title}"] = raw_texts(at)
        if not next_slide(at):
            break
    assert len(shown) == 4 + 69
    assert {page: texts for page, texts in shown.items() if texts} == {}


def test_the_project_detail_names_people_shows_yes_no_and_each_level_once(demo_url):
    at = open_page("ledger", as_of="2018-06-30", project="GJZ-2018-152")
    history = [m.value for m in at.markdown]
    assert "**2018-05-18 15:00** · 马栏子街道 · 停工：否 → 是  \n:gray[资金链紧张暂停施工]" in history
    assert at.caption[1].value == "最后更新：马栏子街道 · 2018\\-06\\-30 10\\:00"
    follow_ups = open_page("ledger", as_of="2018-06-30", project="GJZ-2018-024")
    steps = [m.value for m in follow_ups.markdown if m.value.startswith("- ")]
    assert r"- 2018\-04\-24 月调度 · 延期（延期至 2018\-05\-27）：受雨季施工影响，经月调度研究同意延期 " \
           ":gray[区调度办]" in steps
    assert r"- 2018\-05\-17 周调度 · 申请销号：整改已通过复查 :gray[营城子街道]" in steps
    assert r"- 2018\-05\-20 周调度 · 销号：经核查属实，同意销号 :gray[区调度办]" in steps


def test_the_ledger_and_the_ranking_name_who_last_updated(demo_url):
    ledger = open_page("ledger", as_of="2018-06-30", q="GJZ-2018-152").dataframe[0].value
    assert list(ledger["最后更新"]) == ["马栏子街道 · 2018-06-30 10:00"]
    ranking = open_page("streets", as_of="2018-06-30").dataframe[0].value
    assert ranking.loc[ranking["所属街道"] == "营城子", "最后更新"].item() == "营城子街道 · 2018-06-30 10:00"


def problems_shown(at) -> list[str]:
    """The project detail's problems (its other expanders hold the basis of its ratings)."""
    return [e.label for e in at.expander if not e.label.endswith("计分依据")]


def test_a_problem_is_overdue_in_the_project_detail_as_in_meeting_mode(demo_url):
    """GJZ-2018-011's problem (raised 2018-03-28, deadline 2018-05-27) is followed up weekly from
    4 April on and never put up for closure: in progress, then overdue from the day after its deadline.
    GJZ-2018-194's (deadline 2018-05-27) was extended on 24 May to 20 July: never overdue."""
    def labels(day, code):
        return problems_shown(open_page("ledger", as_of=day, project=code))
    problem = "2018-03-28 · 市政道路未贯通，影响施工车辆进出 · "
    assert labels("2018-03-27", "GJZ-2018-011") == []
    assert labels("2018-04-03", "GJZ-2018-011") == [problem + "待办"]
    assert labels("2018-05-27", "GJZ-2018-011") == [problem + "推进中"]
    assert labels("2018-05-28", "GJZ-2018-011") == [problem + "推进中 · 逾期"]
    extended = "2018-03-28 · 建设用地指标未落实，18亩用地尚未供地 · 推进中"
    assert labels("2018-05-28", "GJZ-2018-194") == [extended]
    assert labels("2018-06-30", "GJZ-2018-194") == [extended]
