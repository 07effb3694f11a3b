"""Streamlit helpers shared by the pages: language, database, cached figures."""
from __future__ import annotations

import re
from collections.abc import Callable

import streamlit as st
from sqlalchemy.engine import Engine

from .. import alerts, assessment, digest, dispatch, hierarchy, lights, meetings, metrics, problems, queries, ratings, star_moves
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
READS = {f.__name__: f for f in (
    metrics.district, metrics.grouped, metrics.started_breakdown, metrics.starts_by_day, metrics.plan_years,
    metrics.star_distribution, metrics.needs_attention, metrics.previous_meeting, metrics.street_ranking,
    metrics.ranking, metrics.attention_counts, hierarchy.places, hierarchy.districts, hierarchy.scope_of,
    metrics.opening_as_of, queries.streets, queries.ledger, queries.ledger_count, queries.display_names,
    queries.meetings, queries.follow_up_list, queries.changes_between,
    meetings.meeting_list, meetings.raised_at, meetings.lookback, problems.work_list, problems.owner_units,
    alerts.street_alerts, alerts.dispatch_alerts, alerts.waiting_count, ratings.cycle_view, ratings.cycle_state,
    star_moves.confirmed_cycles, star_moves.star_moves, star_moves.street_averages, assessment.assessment,
    dispatch.dispatch_figures, dispatch.dispatch_records, digest.weekly_digest,
    lights.project_lights, lights.problem_lights, lights.light_counts)}


@st.cache_data(max_entries=2048, show_spinner=False)
def _read(url: str, version: int, name: str, args: tuple, kwargs: tuple):
    return READS[name](get_engine(url), *args, **dict(kwargs))


class Figures:
    """The package's read functions (metrics and queries), cached for the current
    database and data version: `Figures().district(year, as_of, filters)`."""

    def __init__(self) -> None:
        self.url = database_url()
        self.version = data_version(engine())

    def __getattr__(self, name: str):
        if name not in READS:
            raise AttributeError(name)
        return lambda *args, **kwargs: _read(self.url, self.version, name, args, tuple(sorted(kwargs.items())))

    def street_names(self) -> list[str]:
        return [name for _, name in self.streets()]

    def people(self) -> Callable[[str], str]:
        """A login as its user's display name; actors without a user (system, cli, import) as they are."""
        names = self.display_names()
        return lambda login: names.get(login, login)


# every sign Markdown (and Streamlit's :colour[…], :emoji:, $LaTeX$) or HTML would read
_MARKDOWN_SIGNS = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~:$&])")


def md(text) -> str:
    """Text a user typed, made literal wherever Streamlit reads Markdown (markdown, title, header,
    caption, write, expander and widget labels): every sign escaped, lines joined."""
    return _MARKDOWN_SIGNS.sub(r"\\\1", " ".join(str(text).split()))


def refusal(error, L: str) -> str:
    """A refused service call (AuthError, Refused) or a broken rule (Bad), in the user's language."""
    return t(error.key, L, **error.params)


def url_choice(box, label: str, options, key: str, format_func=str, index: int | None = 0,
               placeholder: str | None = None, **widget):
    """A selectbox whose choice is kept in the URL as the option itself (a code, a name, an id),
    not as its shown label, so links stay valid in either language. `widget`: more selectbox
    arguments (disabled, on_change)."""
    options = list(options)
    by_text = {str(o): o for o in options}
    extra = {"index": index, **widget}
    # The browser keeps the label it was last sent, so the value is set (sent again) whenever it is kept:
    # a choice among other options (the weeks, before months were chosen) gives way to the default, and a
    # label in the language just chosen replaces the other language's.
    if key in st.session_state:
        kept = st.session_state[key]
        st.session_state[key] = kept if kept in options else options[index] if index is not None and options else None
    elif st.query_params.get(key) in by_text:
        st.session_state[key] = by_text[st.query_params[key]]
    if key in st.session_state:
        extra = widget  # the value comes from the session (or the URL); a default would contradict it
    choice = box.selectbox(label, options, key=key, format_func=format_func, placeholder=placeholder, **extra)
    if choice is None:
        st.query_params.pop(key, None)
    else:
        st.query_params[key] = str(choice)
    return choice
