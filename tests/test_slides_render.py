"""Slides drawn by the real Chromium: sizes, the house colours, Chinese really drawn, two
sessions at once, the CLI's deck of the demo database, and the pages' download buttons."""
from __future__ import annotations

import io
import os
import re
import threading
import zipfile

import numpy as np
import pandas as pd
import pytest
from PIL import Image
from pptx import Presentation
from streamlit.testing.v1 import AppTest

from roadshow import charts
from roadshow.__main__ import main
from roadshow.slides import render
from roadshow.slides.compose import Kpi, Slide, compose
from tests.conftest import browse_as
from tests.slides_shown import counter, next_slide, shown_slide


@pytest.fixture(scope="module", autouse=True)
def chromium():
    try:
        render.check()
    except render.RenderUnavailable as missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{missing.key}: make test installs chromium and fonts-noto-cjk")
        pytest.skip(f"slides not drawn here ({missing.key}); `make test` installs chromium and fonts-noto-cjk as root")


def image(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)


def stars_slide(title: str = "项目星级分布", projects=(5, 10, 20, 10, 5)) -> Slide:
    stars = pd.DataFrame({"stars": range(1, 6), "projects": projects})
    return Slide("ratings", title, "2018年度重点项目 · 数据来源：重点项目台账，截至 2018-03-31",
                 (Kpi("已评星项目", "50"),), charts.star_distribution(stars, "zh"))


def test_a_slide_is_1920x1080_and_720p_and_2x_are_the_same_slide_scaled():
    figure = compose(stars_slide(), 1, 1)
    for scale, size in ((1, (1920, 1080)), (1280 / 1920, (1280, 720)), (2, (3840, 2160))):
        png = render.png(figure, scale)
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        assert Image.open(io.BytesIO(png)).size == size


def _share(pixels: np.ndarray, colour: str, box) -> float:
    """The share of the box's pixels drawn in this colour (within a little antialiasing)."""
    x0, y0, x1, y1 = box
    rgb = np.array([int(colour[i:i + 2], 16) for i in (1, 3, 5)])
    region = pixels[y0:y1, x0:x1]
    return float((np.abs(region - rgb).max(axis=2) <= 6).mean())


def test_a_slide_is_not_blank_and_its_bars_have_the_house_colours_of_the_page():
    pixels = image(render.png(compose(stars_slide(), 1, 1)))
    chart = (72, 330, 1848, 1000)
    assert _share(pixels, "#FFFFFF", chart) < 0.9  # something is drawn
    for colour in charts.STAR_COLORS:  # one bar per star, each in its colour, the 3★ bar the tallest
        assert _share(pixels, colour, chart) > 0.005, colour
    assert _share(pixels, charts.STAR_COLORS[2], chart) > 2 * _share(pixels, charts.STAR_COLORS[0], chart)
    assert _share(pixels, charts.STAGE_COLORS["continuing"], (0, 0, 1920, 10)) > 0.95  # the accent band


def test_chinese_text_is_really_drawn_not_boxes():
    title = (72, 30, 700, 105)
    drawn = {text: image(render.png(compose(stars_slide(text), 1, 1))) for text in ("开复工项目", "街道排名表", "")}
    x0, y0, x1, y1 = title

    def differ(a, b):
        return int((np.abs(drawn[a][y0:y1, x0:x1] - drawn[b][y0:y1, x0:x1]).max(axis=2) > 60).sum())

    assert differ("开复工项目", "") > 1500  # the title is drawn where it stands
    # missing glyphs would be five identical boxes: two different words must look different
    assert differ("开复工项目", "街道排名表") > 1500
    assert (drawn["开复工项目"][330:1000, 72:1848] == drawn[""][330:1000, 72:1848]).all()  # only the title changed


def test_two_sessions_exporting_at_once_each_get_their_own_image():
    first, second = compose(stars_slide("第一张"), 1, 2), compose(stars_slide("第二张", (1, 2, 3, 4, 5)), 2, 2)
    alone = {0: render.png(first), 1: render.png(second)}
    got: dict[int, list[bytes]] = {0: [], 1: []}

    def session(n, figure):
        for _ in range(3):
            got[n].append(render.png(figure))

    threads = [threading.Thread(target=session, args=(n, f)) for n, f in ((0, first), (1, second))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert alone[0] != alone[1]
    for n in (0, 1):
        assert len(got[n]) == 3 and all((image(png) == image(alone[n])).all() for png in got[n])


@pytest.mark.parametrize("demo_engine", ["sqlite"], indirect=True)
def test_the_cli_writes_the_deck_of_the_demo_database(demo_url, capsys, tmp_path):
    code = main(["slides", "--out", str(tmp_path), "--meeting", "1", "--lang", "en"])
    out, err = capsys.readouterr()
    pngs = sorted(tmp_path.glob("*.png"))
    assert code == 0, err
    assert out.startswith(f"{len(pngs)} slides written (2018年一季度重点项目路演, as of 2018-03-28)")
    # 回头看 first; the summary: headline figures, rates, the 19 streets ranked and their lights over two slides each
    assert [p.name for p in pngs[:8]] == ["01-lookback.png", "02-summary.png", "03-street-rates.png",
                                          "04-ranking-1.png", "05-ranking-2.png", "06-lights-1.png", "07-lights-2.png",
                                          "08-street-01-1.png"]  # 营城子 speaks first (the agenda), over several slides
    assert all(Image.open(p).size == (1920, 1080) for p in pngs)
    deck = Presentation(tmp_path / "roadshow-2018-03-28.pptx")
    assert len(deck.slides) == len(pngs)
    titles = [s.shapes.title.text for s in deck.slides]
    assert len(titles) == 64  # as each PNG's page number says: "n / 64"
    assert titles[:2] == ["Looking back: problems raised so far", "2018年一季度重点项目路演"]
    assert titles[7:11] == ["1. 营城子 street reports (1/3)", "1. 营城子 street reports (2/3)",
                            "1. 营城子 street reports (3/3)", "1. 营城子: problems to solve"]
    assert titles[-1] == "Next steps: projects not started on time"
    only = tmp_path / "pptx"
    assert main(["slides", "--out", str(only), "--format", "pptx", "--plan-year", "2018"]) == 0
    assert [p.name for p in only.iterdir()] == ["roadshow-2018-06-27.pptx"]  # the latest meeting


@pytest.mark.parametrize("demo_engine", ["sqlite"], indirect=True)
def test_the_cli_says_what_is_wrong_and_exits_non_zero(demo_url, capsys, tmp_path, monkeypatch):
    assert main(["--lang", "en", "slides", "--out", str(tmp_path), "--meeting", "99"]) == 1
    assert capsys.readouterr().err == "There is no roadshow meeting 99 in plan year 2018.\n"
    blocked = tmp_path / "file"
    blocked.write_text("")
    assert main(["slides", "--out", str(blocked / "deck"), "--format", "pptx", "--meeting", "1"]) == 1
    assert capsys.readouterr().err.startswith(f"无法写入 {blocked / 'deck'}：")
    monkeypatch.setenv("ROADSHOW_CHROMIUM", str(tmp_path / "no-chromium"))
    assert main(["slides", "--out", str(tmp_path / "x")]) == 1
    assert "apt-get install chromium fonts-noto-cjk" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()
    with pytest.raises(SystemExit) as bad:
        main(["slides", "--out", str(tmp_path), "--format", "pdf"])
    assert bad.value.code == 2


def _page(name: str, **query) -> AppTest:
    browse_as("dispatch")
    at = AppTest.from_file(f"../pages/{name}.py", default_timeout=120)
    at.query_params.update(query)
    at.run()
    assert not at.exception, at.exception
    return at


def buttons(at: AppTest) -> list[tuple[str, bool]]:
    return [(b.proto.label, b.proto.disabled) for b in at.get("download_button")]


@pytest.mark.parametrize("demo_engine", ["sqlite"], indirect=True)
def test_every_chart_has_a_png_button_and_without_chromium_it_says_what_to_install(demo_url, monkeypatch):
    shown = buttons(_page("overview", as_of="2018-03-31"))
    assert shown == [("PNG", False), ("1280×720", False), ("3840×2160 (2×)", False)] * 4  # four charts
    names = [b.proto.deferred_file_id for b in _page("overview", as_of="2018-03-31").get("download_button")]
    assert all(names)  # drawn only when clicked
    monkeypatch.setenv("ROADSHOW_CHROMIUM", "/nonexistent/chromium")
    at = _page("overview", as_of="2018-03-31")
    assert buttons(at) == [("PNG", True)] * 4
    assert "apt-get install chromium fonts-noto-cjk" in at.get("download_button")[0].proto.help
    assert [c.value for c in at.caption].count("无法生成图片：需安装 chromium 和 fonts-noto-cjk") == 4


@pytest.mark.parametrize("demo_engine", ["sqlite"], indirect=True)
def test_the_streets_page_offers_the_ranking_and_a_streets_report_as_slides(demo_url):
    shown = [label for label, _ in buttons(_page("streets", as_of="2018-03-31", street="营城子"))]
    # 19 streets: two ranking slides; 营城子's 29 projects: three report slides, and its six open
    # problems (raised on 28 March) a fourth
    parts = [s for s in shown if re.fullmatch(r"PNG \d/\d", s)]
    assert parts == ["PNG 1/2", "PNG 2/2", "PNG 1/4", "PNG 2/4", "PNG 3/4", "PNG 4/4"]


@pytest.mark.parametrize("demo_engine", ["sqlite"], indirect=True)
def test_meeting_mode_builds_the_whole_deck_then_offers_zip_and_pptx(demo_url):
    at = _page("meeting", meeting="1")
    assert (shown_slide(at).title, counter(at)) == ("回头看：此前的问题清单", "1 / 62")
    assert buttons(at)[0] == ("PNG", False)  # the slide on screen, as the PNG it is
    assert next_slide(at) and shown_slide(at).title == "2018年一季度重点项目路演"
    assert buttons(at)[0] == ("PNG", False)
    build = next(b for b in at.button if b.label.startswith("生成整套幻灯片"))
    assert build.label == "生成整套幻灯片（62 页）"
    build.click().run()
    assert not at.exception, at.exception
    labels = [label for label, _ in buttons(at)]
    assert "下载 PNG 压缩包（62 页）" in labels and "下载 PPTX" in labels  # every slide drawn
    at.toggle(key="present").set_value(True).run()
    assert not [label for label, _ in buttons(at)]  # full screen shows the slide alone
    assert shown_slide(at).title == "2018年一季度重点项目路演"


def test_the_zip_names_match_the_slides():
    from roadshow.slides import files
    slides = [stars_slide(), stars_slide("第二页")]
    pngs = files.images(slides, "zh")
    archive = zipfile.ZipFile(io.BytesIO(files.zip_of(slides, pngs)))
    assert archive.namelist() == ["01-ratings.png", "02-ratings.png"]
    assert Image.open(io.BytesIO(archive.read("02-ratings.png"))).size == (1920, 1080)


def test_a_failed_drawing_says_so_and_the_next_export_starts_a_fresh_browser(monkeypatch):
    figure = compose(stars_slide(), 1, 1)
    render.png(figure)
    running = render._browser.kaleido

    async def broken(*args, **kwargs):
        raise RuntimeError("the tab crashed")

    monkeypatch.setattr(running, "calc_fig", broken)
    with pytest.raises(render.RenderUnavailable) as failed:
        render.png(figure)
    assert (failed.value.key, failed.value.params) == ("slides.render_failed", {"error": "the tab crashed"})
    assert render._browser.kaleido is None  # forgotten
    assert Image.open(io.BytesIO(render.png(figure))).size == (1920, 1080)
    assert render._browser.kaleido is not running
