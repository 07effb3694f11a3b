"""No chart draws more marks than a person can read: rankings of places are capped at the best and
worst ten, the places between summed exactly into one mark (values worked by hand)."""
from decimal import Decimal

import pandas as pd
import pytest

from roadshow import charts


def ranked(n: int) -> pd.DataFrame:
    """n streets in rank order: street i has 30 continuing projects of which 25 - i resumed, 20 new of
    which 2 started, and 0.0(i+1) 万元 completed of a 1.00 plan."""
    rows = [{"street": f"街道{i:02d}", "continuing": 30, "continuing_resumed": 25 - i, "new": 20, "new_started": 2,
             "completed_wan": Decimal("0.01") * (i + 1), "annual_plan_wan": Decimal("1.00")} for i in range(n)]
    frame = pd.DataFrame(rows)
    return frame.assign(resumption_rate=frame["continuing_resumed"] / 30, new_start_rate=0.1,
                        completion_rate=[float(c) for c in frame["completed_wan"]])


def test_the_best_and_worst_ten_and_the_rest_summed_exactly():
    capped = charts.capped_ranking(ranked(25), "street", "zh")
    assert len(capped) == 21
    assert list(capped["street"][:10]) == [f"街道{i:02d}" for i in range(10)]
    assert list(capped["street"][11:]) == [f"街道{i:02d}" for i in range(15, 25)]
    rest = capped.iloc[10]
    assert rest["street"] == "其余 5 个街道" and rest["members"] == 5
    assert rest["continuing_resumed"] == 15 + 14 + 13 + 12 + 11 == 65 and rest["continuing"] == 150
    assert rest["resumption_rate"] == pytest.approx(65 / 150)  # the rate of the sums, not a mean of rates
    assert rest["completed_wan"] == Decimal("0.65")  # 0.11 + … + 0.15, exact
    assert rest["annual_plan_wan"] == Decimal("5.00") and rest["completion_rate"] == pytest.approx(0.13)
    assert list(capped["members"]) == [1] * 10 + [5] + [1] * 10


def test_what_fits_is_drawn_whole():
    capped = charts.capped_ranking(ranked(21), "street", "en")
    assert list(capped["street"]) == [f"街道{i:02d}" for i in range(21)] and set(capped["members"]) == {1}
    fewer = charts.capped(ranked(5), "street", lambda n: f"{n} more", top=1, bottom=1, sums=["continuing_resumed"])
    assert list(fewer["street"]) == ["街道00", "3 more", "街道04"]
    assert fewer["continuing_resumed"].iloc[1] == 24 + 23 + 22


def test_the_rate_chart_draws_at_most_twenty_one_bars_a_rate(monkeypatch):
    figure = charts.street_rates(ranked(100), {"resumption_rate": 0.5, "new_start_rate": 0.1}, "zh")
    continuing = next(t for t in figure.data if t.name == "复工率")
    assert len(continuing.y) == 21 and len(figure.data[0].y) == 21
    middle = list(continuing.y).index("其余 80 个街道")
    assert middle == 10  # between the ten worst (drawn first, at the bottom) and the ten best
    resumed = sum(25 - i for i in range(10, 90))
    assert continuing.text[middle] == f"{resumed / 2400 * 100:.1f}% ({resumed}/2400)"
    assert continuing.y[-1] == "街道00" and continuing.y[0] == "街道99"  # the best on top
    assert list(continuing.marker.opacity).count(charts.REST_OPACITY) == 1
    # each of the 21 bars named: plotly named every other one on a 1080p slide
    assert (figure.layout.yaxis.tickmode, figure.layout.yaxis.dtick) == ("linear", 1)


def test_the_stars_chart_names_and_labels_each_of_its_bars():
    averages = pd.DataFrame({"street": [f"街道{n:02}" for n in range(30)], "rated": 2,
                             "average": [5 - n / 10 for n in range(30)]})
    figure = charts.street_stars(averages, "zh")
    assert len(figure.data[0].y) == 21 and figure.data[0].y[10] == "其余 10 个街道"
    assert (figure.layout.yaxis.tickmode, figure.layout.yaxis.dtick) == ("linear", 1)
    assert figure.data[0].constraintext == "none" and figure.data[0].text[-1] == "5.0★"  # never shrunk away


def test_the_treemap_keeps_the_five_largest_places_of_each_category():
    breakdown = pd.DataFrame({"category": ["industrial"] * 8 + ["commercial"],
                              "district": [f"区{i}" for i in range(9)], "started": [1] * 9,
                              "started_investment_wan": [Decimal("10000.10") * (8 - i) for i in range(8)]
                              + [Decimal("5000.00")]})
    figure = charts.started_investment_treemap(breakdown, "zh", "district")
    tiles = dict(zip(figure.data[0].ids, figure.data[0].values))
    assert [i for i in figure.data[0].ids if i.startswith("c/industrial/")] == [
        "c/industrial/区0", "c/industrial/区1", "c/industrial/区2", "c/industrial/区3", "c/industrial/区4",
        "c/industrial/其余 3 个区县"]
    assert tiles["c/industrial/其余 3 个区县"] == pytest.approx((3 + 2 + 1) * 1.00001)  # 亿元
    assert tiles["c/industrial"] == pytest.approx(36 * 1.00001)  # the tile is its parts
    assert tiles["c/commercial/区8"] == pytest.approx(0.5) and figure.layout.title.text.endswith("区县")
