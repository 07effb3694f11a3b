"""Long lists a page at a time: a search box and a page chooser, so a table never sends the browser
more rows than a person reads (a province has 8,000 streets and 100,000 projects)."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from ..i18n import t

PAGE_ROWS = 50


def pager(total: int, key: str, L: str, rows: int = PAGE_ROWS) -> tuple[int, int]:
    """A page chooser for a table of `total` rows (none when one page holds them): the offset and
    the number of rows of the page chosen. The page is kept in the session under `key`."""
    pages = max(1, -(-total // rows))
    if pages == 1:
        st.session_state.pop(key, None)
        return 0, rows
    start = {"value": 1}
    if key in st.session_state:  # set, so the browser shows it: a page past either end is the nearest
        st.session_state[key], start = min(max(int(st.session_state[key]), 1), pages), {}
    left, right = st.columns([1, 4], vertical_alignment="center")
    # no min or max: the browser would refuse a page past either end with a message of its own, in English
    page = left.number_input(t("paging.page", L), step=1, key=key, **start)
    right.caption(t("paging.of", L, pages=pages, total=total))
    return (int(page) - 1) * rows, rows


def search_box(key: str, L: str, hint: str, page_key: str) -> str:
    """A search box; its text, stripped. A new search starts at the first page (`page_key`'s)."""
    return st.text_input(t("paging.search", L), key=key, placeholder=hint, on_change=first_page,
                         args=(page_key,)).strip()


def first_page(page_key: str) -> None:
    """Back to the first page (a new search): set, not removed, so that the browser's page box says 1."""
    st.session_state[page_key] = 1


def paged(frame: pd.DataFrame, key: str, L: str, columns: tuple[str, ...], hint: str,
          rows: int = PAGE_ROWS) -> pd.DataFrame:
    """One page of `frame`, searchable by the text of `columns`: a search box (when it holds more than a
    page) and the page chooser are drawn here, above the table the caller draws."""
    if len(frame) > rows:
        text = search_box(f"{key}:q", L, hint, f"{key}:page")
        if text:
            found = pd.Series(False, index=frame.index)
            for column in columns:
                found |= frame[column].astype(str).str.contains(text, case=False, regex=False)
            frame = frame[found]
            st.caption(t("paging.found", L, count=len(frame)))  # also when none, or one page, match
    offset, count = pager(len(frame), f"{key}:page", L, rows)
    return frame.iloc[offset:offset + count]
