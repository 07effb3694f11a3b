"""Every label the user sees, in Chinese (default) and English, and number formats.

The tables live in this package's modules, one per domain area (core, meetings, ratings, …):
each defines TEXTS ({key: (中文, English)}) and may define CODE_LABELS ({field: {code: (中文, English)}}).
They are collected here; a key defined twice is an error."""
from __future__ import annotations

import importlib
import math
import pkgutil
from datetime import timezone
from decimal import Decimal

from ..settings import settings

LANGS = ("zh", "en")
DEFAULT_LANG = "zh"

_TEXTS: dict[str, tuple[str, str]] = {}
_CODE_LABELS: dict[str, dict[str, tuple[str, str]]] = {}
for _module in sorted(m.name for m in pkgutil.iter_modules(__path__)):
    _tables = importlib.import_module(f"{__name__}.{_module}")
    for _key in _tables.TEXTS.keys() & _TEXTS.keys():
        raise KeyError(f"i18n: {_key!r} defined twice ({_module})")
    _TEXTS.update(_tables.TEXTS)
    for _field, _labels in getattr(_tables, "CODE_LABELS", {}).items():
        _CODE_LABELS.setdefault(_field, {}).update(_labels)


def t(key: str, lang: str = DEFAULT_LANG, **kwargs) -> str:
    """The text for `key` in `lang`, with `{placeholders}` filled from kwargs."""
    zh, en = _TEXTS[key]
    text = en if lang == "en" else zh
    return text.format(**kwargs) if kwargs else text


def label(field: str, code: str, lang: str = DEFAULT_LANG) -> str:
    """The label of a code (e.g. label("stage", "new") == "新开工")."""
    zh, en = _CODE_LABELS[field][code]
    return en if lang == "en" else zh


def code_labels(field: str) -> dict[str, tuple[str, str]]:
    """code -> (中文, English) for one field; the importer accepts all of them."""
    return _CODE_LABELS[field]


YES_NO_FIELDS = ("suspended", "city_key")


def fmt_value(field: str, value, lang: str = DEFAULT_LANG) -> str:
    """A field's value as a person reads it, wherever it comes from (a project, or its history,
    which keeps "True"/"False" and codes): "—" for none, 是/否, a code's label."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if field in YES_NO_FIELDS:
        return t("value.yes" if value in (True, "True") else "value.no", lang)
    if field in _CODE_LABELS and value in _CODE_LABELS[field]:
        return label(field, value, lang)
    return str(value)


def fmt_wan(wan: Decimal) -> str:
    """An amount in 万元, exact, with thousands separators: 62600 -> '62,600.00'."""
    return f"{wan:,.2f}"


def fmt_when(moment) -> str:
    """A stored UTC moment in the district's time, to the minute (naive moments are UTC)."""
    if moment is None or moment != moment:  # NaT
        return "—"
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(settings().zone).strftime("%Y-%m-%d %H:%M")


def fmt_date(day) -> str:
    """A date as 2018-03-31, or "—" when there is none."""
    return "—" if day is None or day != day else day.isoformat()  # day != day: NaN/NaT


def fmt_rate(rate: float | None) -> str:
    """0.8302 -> '83.0%'; an undefined rate (zero denominator) -> '—'."""
    return "—" if rate is None else f"{rate * 100:.1f}%"


def fmt_yi(wan: Decimal | int | float | None, lang: str = DEFAULT_LANG, unit: bool = True) -> str:
    """An amount in 万元 shown in 亿元: 8585000 -> '858.5 亿元' (or '858.5' without the unit). In English
    with the unit, billions or (under one 亿) millions: 'CNY 85.85 bn', 'CNY 35 M', not '0.35 100M CNY'."""
    if wan is None:
        return "—"
    yi = (Decimal(wan) / 10000).quantize(Decimal("0.01")).normalize()
    if not unit:
        return f"{yi:,f}"
    if lang == "en":
        billions = (yi / 10).quantize(Decimal("0.01")).normalize()  # two decimals, as 亿元 have
        return f"CNY {billions:,f} bn" if yi >= 10 else f"CNY {(yi * 100).normalize():,f} M"
    return f"{yi:,f} {t('unit.yi', lang)}"
