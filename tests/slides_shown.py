"""What a slide in meeting mode shows, read under AppTest. The slide is one st.html block
(roadshow/ui/slide_view.py): its title (<h1>), subtitle, KPI strip and table are read back from
that HTML as text, the way a user reads them."""
from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

from streamlit.testing.v1 import AppTest

NEXT = "下一页"


@dataclass
class Shown:
    title: str = ""
    subtitle: str = ""
    kpis: list[tuple[str, str]] = field(default_factory=list)  # (label, value) as on the strip
    columns: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)

    @property
    def kpi(self) -> dict[str, str]:
        return dict(self.kpis)


class _Reader(HTMLParser):
    """Text by where it stands: <h1>, .rs-sub, .rs-value and .rs-label, <th>, a row's <td>s;
    a <style> is not text."""

    def __init__(self):
        super().__init__()
        self.shown, self.open, self.text = Shown(), [], []
        self.label = self.value = None

    def handle_starttag(self, tag, attrs):
        if tag in ("col", "br"):  # void elements: nothing to close
            return
        self.open.append((tag, dict(attrs).get("class", "")))
        if tag == "tr" and ("tbody", "") in self.open:
            self.shown.rows.append([])
        if tag in ("h1", "p", "div", "th", "td", "style"):
            self.text = []

    def handle_data(self, data):
        self.text.append(data)

    def handle_endtag(self, tag):
        name, css = self.open.pop()
        text, shown = "".join(self.text).strip(), self.shown
        if name == "h1":
            shown.title = text
        elif "rs-sub" in css:
            shown.subtitle = text
        elif "rs-value" in css:
            self.value = text
        elif "rs-label" in css:
            shown.kpis.append((text, self.value))
        elif name == "th":
            shown.columns.append(text)
        elif name == "td":
            shown.rows[-1].append(text)
        self.text = []


class _Texts(HTMLParser):
    def __init__(self):
        super().__init__()
        self.texts, self.hidden = [], False

    def handle_starttag(self, tag, attrs):
        self.hidden = tag in ("style", "script")

    def handle_endtag(self, tag):
        self.hidden = False

    def handle_data(self, data):
        if not self.hidden and data.strip():
            self.texts.append(data.strip())


def html_texts(at: AppTest) -> list[str]:
    """Every text the page's st.html blocks show (a slide's title, KPIs, cells…), not their styles."""
    reader = _Texts()
    for block in at.get("html"):
        reader.feed(block.proto.body)
    reader.close()
    return reader.texts


def slide_html(at: AppTest) -> str:
    """The HTML of the slide on the page."""
    bodies = [h.proto.body for h in at.get("html") if 'class="rs-slide"' in h.proto.body]
    assert len(bodies) == 1, f"{len(bodies)} slides on the page"
    return bodies[0]


def shown_slide(at: AppTest) -> Shown:
    """The slide on the page: title, subtitle, KPIs, table."""
    reader = _Reader()
    reader.feed(slide_html(at))
    reader.close()
    return reader.shown


def next_slide(at: AppTest) -> bool:
    """Click 下一页 ▶ if there is a next slide; whether there was."""
    button = next(b for b in at.button if NEXT in b.label)
    if button.disabled:
        return False
    button.click().run()
    assert not at.exception, at.exception
    return True


def counter(at: AppTest) -> str:
    """Meeting mode's "n / total"."""
    return next(m.value for m in at.markdown if "rs-counter" in m.value).split(">")[1].split("<")[0]
