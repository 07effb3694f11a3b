"""Streamlit helpers shared by the pages: language, database, cached figures."""
from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st
from sqlalchemy.engine import Engine

from .. import metrics
from ..database import data_version, database_url, get_engine, migrate
from ..i18n import DEFAULT_LANG, LANGS, t
from ..services import ensure_streets


def lang() -> str:
    """The language chosen in the sidebar (Chinese by default)."""
    return st.session_state.get("lang") or DEFAULT_LANG


def language_switch() -> None:
    st.sidebar.segmented_control(
        t("app.language"), LANGS, key="lang", default=DEFAULT_LANG, required=True,
        format_func=lambda code: {"zh": "中文", "en": "English"}[code], bind="query-params",
    )


@st.cache_resource
def _ready_engine(url: str) -> Engine:
    engine = get_engine(url)
    migrate(engine)
    ensure_streets(engine)
    return engine


def engine() -> Engine:
    """The engine of ROADSHOW_DATABASE_URL, migrated on first use in this process."""
    return _ready_engine(database_url())


# Figures are cached against the data version: any write bumps it and the next
# rerun recomputes, so an edit shows at once while idle reruns cost one small query.
@st.cache_data(max_entries=512, show_spinner=False)
def _district(url: str, version: int, plan_year: int, as_of: date, filters: metrics.Filters) -> dict:
    return metrics.district(get_engine(url), plan_year, as_of, filters)


@st.cache_data(max_entries=512, show_spinner=False)
def _grouped(url: str, version: int, plan_year: int, as_of: date, by: str, filters: metrics.Filters) -> pd.DataFrame:
    return metrics.grouped(get_engine(url), plan_year, as_of, by, filters)


@st.cache_data(max_entries=512, show_spinner=False)
def _starts(url: str, version: int, plan_year: int, as_of: date, filters: metrics.Filters) -> pd.DataFrame:
    return metrics.starts_by_day(get_engine(url), plan_year, as_of, filters)


@st.cache_data(max_entries=16, show_spinner=False)
def _plan_years(url: str, version: int) -> list[int]:
    return metrics.plan_years(get_engine(url))


class Figures:
    """Cached metrics for the current database and data version."""

    def __init__(self) -> None:
        self.url = database_url()
        self.version = data_version(engine())

    def plan_years(self) -> list[int]:
        return _plan_years(self.url, self.version)

    def district(self, plan_year: int, as_of: date, filters: metrics.Filters = metrics.ALL) -> dict:
        return _district(self.url, self.version, plan_year, as_of, filters)

    def grouped(self, plan_year: int, as_of: date, by: str, filters: metrics.Filters = metrics.ALL) -> pd.DataFrame:
        return _grouped(self.url, self.version, plan_year, as_of, by, filters)

    def starts(self, plan_year: int, as_of: date, filters: metrics.Filters = metrics.ALL) -> pd.DataFrame:
        return _starts(self.url, self.version, plan_year, as_of, filters)
