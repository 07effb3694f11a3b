"""One spreadsheet cell to a stored value, whatever Excel, WPS or a person made of it.

Text is width-folded (NFKC: full-width digits and letters, "（" → "(") and trimmed first; IDs that a
spreadsheet turned into numbers come back as text without ".0"; dates may be dates, ISO text,
2018/3/1, 2018年3月1日 or Excel's day serials. A cell that does not convert raises `Bad`, worded by
the caller in the user's language.
"""
from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import lru_cache

from ..codes import DISTRICT_SEPARATOR, STREET_SUFFIX
from ..i18n import code_labels, label
from ..rules import Bad, parse_date, parse_money
from ..spreadsheets import FORMULA_SIGNS

TRUE_WORDS = {"是", "yes", "y", "true", "1", "√", "✓"}
FALSE_WORDS = {"否", "no", "n", "false", "0", "×"}
EXCEL_EPOCH = date(1899, 12, 30)  # day 0 of Excel's 1900 date system (its 1900-02-29 bug included)
SERIAL_DAYS = range(20_000, 80_000)  # 1954-10-03 to 2119-01-10: a number here in a date column is a serial


def blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _unguarded(value: str) -> str:
    """Text as it was before an export neutralised it ("'=1+1" was "=1+1"), so export → import is exact."""
    return value[1:] if value.startswith("'") and value[1:2] and value[1] in FORMULA_SIGNS else value


def text(value) -> str | None:
    """The cell as trimmed, width-folded text; a whole number without its ".0" (an ID stays 110101)."""
    if blank(value):
        return None
    if isinstance(value, str):
        value = _unguarded(value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime) and value.time() == datetime.min.time():
        value = value.date()
    return unicodedata.normalize("NFKC", str(value)).strip()


def plain(value) -> str | None:
    """Free text (names, notes): trimmed, but kept as typed — a full-width letter in a name is the name."""
    return None if blank(value) else text(value) if not isinstance(value, str) else _unguarded(value.strip())


def year(value) -> int:
    t = text(value)
    if not t or not re.fullmatch(r"\d{4}", t) or not 2000 <= int(t) <= 2100:
        raise Bad("import.not_year", value=t or value)
    return int(t)


def yes_no(value) -> bool:
    if isinstance(value, bool):
        return value
    t = (text(value) or "").lower()
    if t in TRUE_WORDS:
        return True
    if t in FALSE_WORDS:
        return False
    raise Bad("import.not_bool", value=t or value)


def stars(value) -> int:
    t = text(value)
    if not t or not re.fullmatch(r"[1-5]", t):
        raise Bad("import.bad_stars", value=t or value)
    return int(t)


def money(value) -> Decimal:
    """万元: numbers as they are; text with thousands separators or full-width digits folded first."""
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return parse_money(int(value) if isinstance(value, float) and value.is_integer() else value)  # -5, not -5.0
    return parse_money(re.sub(r"[\s,]", "", text(value) or ""))


def day(value) -> date:
    """A date cell, ISO or 2018/3/1 text, or an Excel day serial (43160 is 2018-03-01)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if float(value).is_integer() and int(value) in SERIAL_DAYS:
            return EXCEL_EPOCH + timedelta(days=int(value))
        value = text(value)  # 20180315 typed as a number is a day too; any other number is quoted as typed
    t = text(value)
    if t and re.fullmatch(r"\d{5}", t) and int(t) in SERIAL_DAYS:
        return EXCEL_EPOCH + timedelta(days=int(t))
    return parse_date(t if isinstance(value, str) else value)


@lru_cache(maxsize=None)
def _codes_by_word(field: str) -> dict[str, str]:
    return {word.lower(): code for code, labels in code_labels(field).items() for word in (code, *labels)}


def choice(field: str, value, lang: str) -> str:
    """A code (domain.md's codes) from the code itself or its label in either language."""
    code = _codes_by_word(field).get((text(value) or "").lower())
    if code is not None:
        return code
    choices = "、".join(label(field, c, lang) for c in code_labels(field))
    raise Bad("import.bad_code", value=text(value) or value, choices=choices)


def street_name(value) -> str:
    """A street as it is stored: 营城子 from "营城子街道 ", "营城子" or "营城子 街道"."""
    return re.sub(r"\s", "", text(value) or "").removesuffix(STREET_SUFFIX)


def district_name(value) -> tuple[str, str]:
    """A district as (city, district): ("大连市", "甘井子区") from "大连市/甘井子区", ("", "甘井子区") from
    "甘井子区"."""
    city, _, name = re.sub(r"\s", "", text(value) or "").rpartition(DISTRICT_SEPARATOR)
    return city, name
