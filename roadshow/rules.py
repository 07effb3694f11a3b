"""Domain rules shared by the importer, the forms and the services.

A broken rule is a `Bad` with an i18n key, so each caller words it in the user's
language next to the field it concerns.
"""
from __future__ import annotations

import unicodedata
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from .codes import Stage

CENT = Decimal("0.01")
MAX_MONEY = Decimal("99999999999999.99")  # Numeric(16, 2)
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d")


class Bad(Exception):
    def __init__(self, key: str, **params):
        super().__init__(key)
        self.key, self.params = key, params


def parse_money(value) -> Decimal:
    """An amount in 万元: a number ≥ 0 with at most two decimals (spreadsheet floats welcome; full-width
    digits and thousands separators, as a Chinese keyboard types them, too)."""
    try:
        number = Decimal(repr(value) if isinstance(value, float) else _folded(value).replace(",", ""))
    except InvalidOperation:
        raise Bad("rule.not_number", value=value) from None
    if not number.is_finite():
        raise Bad("rule.not_number", value=value)
    if number < 0:
        raise Bad("rule.negative", value=value)
    if number != number.quantize(CENT):
        raise Bad("rule.too_many_decimals", value=value)
    if number > MAX_MONEY:
        raise Bad("rule.too_large", value=value)
    return number.quantize(CENT)


def _folded(value) -> str:
    """Text width-folded (NFKC: "２０１８／３／１" is "2018/3/1") and trimmed."""
    return unicodedata.normalize("NFKC", str(value)).strip()


def parse_date(value) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _folded(value)
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise Bad("rule.not_date", value=value)


def project_problems(values: dict) -> list[tuple[str, Bad]]:
    """The rules across a project's fields, as (field, Bad) pairs; fields absent are not checked."""
    problems = []
    total, annual = values.get("total_investment_wan"), values.get("annual_plan_wan")
    if total is not None and annual is not None and annual > total:
        problems.append(("annual_plan_wan", Bad("rule.annual_over_total", annual=annual, total=total)))
    completed = values.get("completed_wan")
    if total is not None and completed is not None and completed > total:
        problems.append(("completed_wan", Bad("rule.completed_over_total", completed=completed, total=total)))
    start, year = values.get("start_date"), values.get("plan_year")
    if start is not None and values.get("stage") == Stage.preliminary:
        problems.append(("start_date", Bad("rule.start_for_preliminary")))
    elif start is not None and year is not None and start.year != year:
        problems.append(("start_date", Bad("rule.start_outside_year", value=start.isoformat(), year=year)))
    if values.get("suspended") and not (values.get("suspension_reason") or "").strip():
        problems.append(("suspension_reason", Bad("rule.suspension_needs_reason")))
    if values.get("suspended") and "suspended_on" in values and values["suspended_on"] is None:
        # a day emptied in a sheet: else the project is suspended on no day, so on none of the as-of views
        problems.append(("suspended_on", Bad("rule.suspension_needs_day")))
    return problems
