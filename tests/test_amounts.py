"""Amounts in 万元 as people read them: 亿元 in Chinese; billions or millions of yuan in English."""
from decimal import Decimal

from roadshow.i18n import fmt_yi


def test_an_amount_reads_in_yi_in_chinese_and_in_billions_or_millions_in_english():
    assert fmt_yi(Decimal("25900000.00"), "zh") == "2,590 亿元"  # the demo's total investment
    assert fmt_yi(Decimal("25900000.00"), "en") == "CNY 259 bn"
    assert fmt_yi(8585000, "en") == "CNY 85.85 bn"
    assert fmt_yi(113311600, "en") == "CNY 1,133.12 bn"  # 11,331.16 亿元: two decimals, not 1,133.116
    assert fmt_yi(100000, "en") == "CNY 1 bn"  # 10 亿: the first in billions
    assert fmt_yi(99000, "en") == "CNY 990 M"  # 9.9 亿
    assert fmt_yi(3500, "en") == "CNY 35 M"  # 0.35 亿, once "0.35 100M CNY"
    assert fmt_yi(3500, "en", unit=False) == "0.35"  # under a header that gives the unit
    assert fmt_yi(None, "en") == "—"
