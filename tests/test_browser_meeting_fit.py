"""Meeting mode on a projector (issue 12): at 1920×1080, full screen, every slide of the Q2 roadshow's
deck fits without scrolling and no text on it is smaller than 18 px, in a real browser (Debian's
Chromium through Playwright, as tests/test_browser.py). Screenshots land in test-output/screenshots/."""
from __future__ import annotations

from tests.test_browser import Page, browser, demo, serve  # noqa: F401 (browser and demo are fixtures)

SLIDES = 69  # the Q2 deck: 回头看 (6), summary (6), the 19 streets (47), ratings (3), next steps (7)
SMALLEST = 18  # px at 1080p
NEXT = "下一页 ▶"

# Every element that could scroll the page, not just the one Streamlit 1.67 scrolls (stMain: the
# document and the frames around it are viewport-high with hidden overflow): content taller than any
# of them is either scrolled to or cut off, and either way not on the projector.
OVERFLOWS = """() => ['stApp', 'stAppViewContainer', 'stMain', 'stMainBlockContainer']
  .map(id => [id, document.querySelector(`[data-testid=${id}]`)])
  .concat([['document', document.scrollingElement]])
  .filter(([id, el]) => el && (el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1))
  .map(([id, el]) => `${id} ${el.scrollWidth}×${el.scrollHeight} in ${el.clientWidth}×${el.clientHeight}`)"""

# Each visible text of the main area, at the size it is drawn: an HTML text by its computed font
# size; a chart's SVG text by its font size times the scale it is drawn at (its screen transform).
# The navigation row (previous, the stop, the counter, next, full screen) is counted with the
# slide: it is on the projector too, and has no reason to be smaller.
SMALL_TEXTS = """smallest => {
  const main = document.querySelector('[data-testid=stMain]');
  const small = [];
  const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement, text = node.textContent.trim();
    if (!text || ['STYLE', 'SCRIPT'].includes(el.tagName)
        || !el.checkVisibility({opacityProperty: true, visibilityProperty: true})) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const box = range.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    let size = parseFloat(getComputedStyle(el).fontSize);
    if (el instanceof SVGElement) {
      const m = el.getScreenCTM();
      size *= Math.hypot(m.a, m.b);
    }
    if (size < smallest - 0.01) small.push(`${size.toFixed(1)}px ${text.slice(0, 40)}`);
  }
  return small;
}"""


def test_every_slide_of_the_q2_roadshow_fits_a_projector_in_large_type(demo, browser):  # noqa: F811
    with serve(demo) as url:
        page = Page(browser, width=1920, height=1080).sign_in(url + "/meeting?meeting=2&present=true", "leader",
                                                             f"text=1 / {SLIDES}")
        faults, titles = [], []
        for n in range(1, SLIDES + 1):
            if n > 1:
                page.tab.get_by_role("button", name=NEXT).click()
            page.tab.wait_for_function("text => document.querySelector('.rs-counter')?.innerText === text",
                                       arg=f"{n} / {SLIDES}", timeout=30_000)
            page.settle(".rs-slide h1")
            if page.tab.locator("[data-testid=stPlotlyChart]").count():
                page.tab.wait_for_selector("[data-testid=stPlotlyChart] .main-svg text", state="attached",
                                            timeout=30_000)
            title = page.tab.locator(".rs-slide h1").inner_text()
            titles.append(title)
            faults += [f"{n} {title}: {fault}" for fault in page.tab.evaluate(OVERFLOWS)]
            faults += [f"{n} {title}: {text}" for text in page.tab.evaluate(SMALL_TEXTS, SMALLEST)]
            if n in (1, 7, 8, 13, 63, 64, 69):
                page.shot(f"meeting-fit-{n:02d}")
        assert not faults, "\n".join(faults)
        assert page.tab.get_by_role("button", name=NEXT).is_disabled()
        assert titles[0] == "回头看：2018-03-28 路演问题清单（1/6）" and titles[6] == "2018年二季度重点项目路演"
        assert titles[12] == "1. 周水子街道汇报" and titles[-1] == "下一步工作：逾期未开工项目（2/2）"
        page.assert_healthy()
