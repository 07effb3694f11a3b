"""Pieces of the data-exchange pages: download buttons that build their file only when clicked,
an uploaded file's notices and errors, and changes as a person reads them."""
from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from ..exchange.exports import FORMATS
from ..i18n import fmt_value, t
from ..records import history_field
from ..spreadsheets import to_xlsx
from .common import Figures, md

MIME = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "csv": "text/csv"}


def downloads(build: Callable[[str], bytes], stem: str, key: str, L: str) -> None:
    """An xlsx and a CSV download of the same list; `build(format)` runs only on a click."""
    for box, fmt in zip(st.columns(len(FORMATS)), FORMATS):
        box.download_button(t(f"export.{fmt}", L), data=lambda fmt=fmt: build(fmt), file_name=f"{stem}.{fmt}",
                            mime=MIME[fmt], key=f"{key}:{fmt}", icon=":material/download:", width="stretch",
                            on_click="ignore")


def notices(lines: list[str]) -> None:
    for line in lines:
        st.warning(md(line))


def errors_table(errors, L: str, key: str) -> None:
    """Every bad cell — row, column, reason — and the same list as a workbook to work through."""
    frame = pd.DataFrame({t("col.row", L): [e.row for e in errors], t("col.column", L): [e.column for e in errors],
                          t("col.reason", L): [e.message for e in errors]})
    st.error(t("import.errors_title", L, count=len(errors)))
    st.dataframe(frame, hide_index=True, height=min(420, 38 + 35 * len(frame)))
    st.download_button(t("import.errors_download", L), data=lambda: to_xlsx({t("import.bad_rows", L): frame}),
                       file_name="errors.xlsx", mime=MIME["xlsx"], key=f"{key}:errors", on_click="ignore")


def change_text(fields: dict[str, tuple], L: str) -> str:
    """{field: (old, new)} as "累计完成投资（万元）：5000.00 → 8000.00；…"; a street by its name."""
    names = dict(Figures().streets())
    parts = []
    for field, (old, new) in fields.items():
        if field == "street_id":
            old, new = names.get(old), names.get(new)
        name = history_field(field)
        parts.append(f"{t(f'field.{name}', L)}：{fmt_value(name, old, L)} → {fmt_value(name, new, L)}")
    return "；".join(parts)
