"""The columns of the project ledger file (项目台账), in the order an export writes them.

Data, not code: each column names its header, its English code (accepted as a header too), the
project field it fills and the kind of cell it holds; the importer, the export, the template and its
notes all read this list. A new column is one line here (and its kind, if new, one converter in
`convert`)."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property

from . import cells
from ..codes import STREET_SUFFIX
from ..i18n import label, t
from ..rules import Bad


@dataclass(frozen=True)
class Column:
    code: str  # the English header, and the column's key
    header: str  # the Chinese header
    kind: str  # how a cell converts: see convert()
    field: str = ""  # the project's field (default: the code)
    required: bool = False
    limit: int | None = None  # characters, for text
    aliases: tuple[str, ...] = ()  # other headers people write

    @cached_property
    def target(self) -> str:
        return self.field or self.code


LEDGER = (
    Column("code", "项目编号", "id", limit=40),
    Column("name", "项目名称", "text", required=True, limit=200),
    Column("street", "所属街道", "street", field="street_id", required=True),
    # the street's district, "甘井子区" or "大连市/甘井子区": checked on import, written only where there are several
    Column("district", "所属区县", "district"),
    Column("category", "项目类别", "category", required=True),
    Column("stage", "建设性质", "stage", required=True),
    Column("plan_year", "计划年度", "year", required=True),
    Column("total_investment_wan", "总投资(万元)", "money", required=True),
    Column("annual_plan_wan", "年度计划投资(万元)", "money", required=True),
    Column("completed_wan", "累计完成投资(万元)", "money"),
    Column("planned_start_date", "计划开工日期", "date"),
    Column("start_date", "开复工日期", "date"),
    Column("suspended", "停工", "yes_no", aliases=("是否停工",)),
    Column("suspended_on", "停工日期", "date"),
    Column("suspension_reason", "停工原因", "text", limit=500),
    Column("city_key", "市重点项目", "yes_no"),
    Column("leader", "包保区领导", "text", limit=60),
    Column("manager_district", "区级项目经理", "text", limit=60),
    Column("manager_street", "街道项目经理", "text", limit=60),
    # "项目经理" is the enterprise's own project manager, the third of the three levels
    Column("manager", "项目经理", "text", field="manager_enterprise", limit=60, aliases=("企业项目经理",)),
    Column("stars", "星级", "stars"),
    Column("note", "备注", "text", limit=1000),
)
BY_CODE = {c.code: c for c in LEDGER}
BY_TARGET = {c.target: c for c in LEDGER}


def ledger_columns(several_districts: bool) -> tuple[Column, ...]:
    """The columns an export and the template write: 所属区县 only in a deployment of several districts
    (a single district's file stays as it always was)."""
    return LEDGER if several_districts else tuple(c for c in LEDGER if c.code != "district")


def header_key(header) -> str:
    """A header as matched: width-folded ("（万元）" is "(万元)"), without spaces, lower case."""
    return re.sub(r"\s", "", unicodedata.normalize("NFKC", "" if header is None else str(header))).lower()


def matcher(columns=LEDGER) -> dict[str, Column]:
    """header key -> column, for the Chinese header, the code and the aliases of each column."""
    return {header_key(h): c for c in columns for h in (c.header, c.code, *c.aliases)}


def convert(column: Column, value, lang: str, streets: dict[str, int]):
    """A non-empty cell as the stored value of its column's field; raises Bad."""
    kind = column.kind
    if kind in ("id", "text"):
        value = cells.text(value) if kind == "id" else cells.plain(value)
        if column.limit and len(value) > column.limit:
            raise Bad("rule.too_long", limit=column.limit)
        return value
    if kind == "street":
        name = cells.street_name(value)
        if name not in streets:
            raise Bad("import.unknown_street", value=value)
        return streets[name]
    if kind in ("category", "stage"):
        return cells.choice(kind, value, lang)
    if kind == "district":  # checked against the row's street by the importer
        return cells.district_name(value)
    return _CONVERTERS[kind](value)


_CONVERTERS = {"year": cells.year, "money": cells.money, "date": cells.day, "yes_no": cells.yes_no,
               "stars": cells.stars}


def shown(column: Column, value, lang: str, street_names: dict[int, str]):
    """A stored value as its cell in an exported file (money and dates stay numbers and dates); the
    inverse of convert."""
    if value is None:
        return None
    if column.kind == "street":
        return street_names[value] + STREET_SUFFIX
    if column.kind in ("category", "stage"):
        return label(column.kind, value, lang)
    if column.kind == "yes_no":
        return t("value.yes" if value else "value.no", lang)
    return value
