"""An unexpected error: a short message in the user's language with an incident id that is
also in the server's log, never a traceback (client.showErrorDetails is off)."""
from __future__ import annotations

import logging
import uuid

import streamlit as st

from ..i18n import t
from .common import lang

log = logging.getLogger("roadshow")


def show_unexpected(error: BaseException) -> bool:
    """Log the error under a fresh id and tell the user that id; True: Streamlit shows nothing more."""
    incident = uuid.uuid4().hex[:8]
    log.error("incident %s: %s", incident, error, exc_info=error)
    st.error(t("app.unexpected_error", lang(), incident=incident))
    return True
