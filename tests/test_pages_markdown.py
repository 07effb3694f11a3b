"""Text that users typed is shown as text: Markdown in a project name, a note, a problem or a
meeting title cannot restyle a page or pull in an outside image."""
import re
from datetime import date

from roadshow import services
from roadshow.auth import Actor
from roadshow.database import write_session
from roadshow.models import Issue, Meeting
from tests.conftest import add_project, add_user
from tests.slides_shown import next_slide, shown_slide, slide_html
from tests.test_leader_pages import open_page

NAME = "**粗体** ![x](http://example.com/x.png) <b>html</b>"
NOTE = "# 大标题 :red[红字]"
PROGRESS = "**注意** ![y](http://example.com/y.png)"
PROBLEM = "_斜体_ <img src=x onerror=alert(1)>"
TITLE = "**路演** ![z](http://example.com/z.png)"
# a piece of the typed Markdown without the backslash that makes it text
UNESCAPED = re.compile(r"(?<!\\)(!\[|<b>|<img|_斜体|\*\*(粗体|注意|路演)|# 大标题|:red)")


def texts(at) -> list[str]:
    return [e.value for kind in ("title", "header", "subheader", "markdown", "caption") for e in getattr(at, kind)] + [
        e.label for e in at.expander]


def test_typed_markdown_is_shown_literally(engine):
    add_user(engine, "leader", "leader")
    pid = add_project(engine, name=NAME, start=date(2018, 3, 1))
    # "ops" has no user row: shown as it is
    services.update_project(Actor("ops", "dispatcher"), pid, 1, {"note": NOTE}, PROGRESS, engine)
    with write_session(engine) as session:
        session.add(Meeting(plan_year=2018, held_on=date(2018, 3, 28), title=TITLE))
        session.add(Issue(project_id=pid, raised_on=date(2018, 3, 28), description=PROBLEM, owner_unit="规划分局",
                          deadline=date(2018, 4, 30)))

    ledger = open_page("ledger", as_of="2018-06-30", project="T-1")
    assert ledger.header[0].value == r"\*\*粗体\*\* \!\[x\]\(http\://example\.com/x\.png\) \<b\>html\</b\>"
    assert any(m.value.endswith(r" · ops · 备注：\# 大标题 \:red\[红字\]  "
                                "\n:gray[" r"\*\*注意\*\* \!\[y\]\(http\://example\.com/y\.png\)]")
               for m in ledger.markdown)
    assert [e.label for e in ledger.expander] == [
        r"2018-03-28 · \_斜体\_ \<img src=x onerror=alert\(1\)\> · 待办 · 逾期"]
    meeting = open_page("meeting")  # it opens on 回头看, then the summary under the meeting's title
    assert next_slide(meeting) and shown_slide(meeting).title == TITLE  # as typed: no bold, no image
    slides = [slide_html(meeting)]
    while next_slide(meeting):
        slides.append(slide_html(meeting))
    # a slide is HTML: what was typed is in it escaped, as text, and pulls in nothing
    assert any("&lt;b&gt;html&lt;/b&gt;" in html for html in slides)  # the project's name
    assert any("&lt;img src=x onerror=alert(1)&gt;" in html for html in slides)  # the problem
    assert not [html for html in slides if re.search(r"<(img|b)\b", html)]
    overview = open_page("overview", as_of="2018-06-30")
    assert overview.caption[0].value.endswith(r"「\*\*路演\*\* \!\[z\]\(http\://example\.com/z\.png\)」")
    for at in (ledger, meeting, overview):
        assert not [text for text in texts(at) if UNESCAPED.search(text)]
