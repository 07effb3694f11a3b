"""数据导出: the ledger, the follow-up list, ratings and the change history as xlsx or CSV, by the filters
of the leaders' pages; a street official's files hold their own street only."""
import streamlit as st

from roadshow.codes import Role
from roadshow.exchange import exports
from roadshow.i18n import t
from roadshow.ui.access import guard
from roadshow.ui.common import engine, md
from roadshow.ui.exchange import downloads
from roadshow.ui.filters import leader_page, own_place

user = guard(__file__)
L, figures, year, as_of, filters = leader_page("export.title", user)
filters = exports.scope(user, filters, engine())
if user.role == Role.street:  # a street's official, or a district's
    st.info(md(t("export.own_street" if user.street_id is not None else "export.own_district", L,
                 place=own_place(user, figures))))
st.caption(t("export.intro", L))
sections = [
    ("ledger", t("export.ledger", L), lambda fmt: exports.as_file(
        exports.ledger_frame(engine(), year, filters, lang=L), t("template.sheet", "zh"), fmt)),
    ("follow_ups", t("export.follow_ups", L, as_of=as_of), lambda fmt: exports.as_file(
        exports.follow_up_frame(engine(), year, as_of, filters, L), t("export.sheet_follow_ups", L), fmt)),
    ("ratings", t("export.ratings", L), lambda fmt: exports.as_file(
        exports.ratings_frame(engine(), year, as_of, filters, L), t("export.ratings", L), fmt)),
    ("history", t("export.history", L, as_of=as_of), lambda fmt: exports.as_file(
        exports.history_frame(engine(), year, as_of, filters, L), t("export.sheet_history", L), fmt)),
]
for key, title, build in sections:
    st.markdown("#### " + title)
    if key == "ledger":
        st.caption(t("export.ledger_help", L))
    downloads(build, f"{title}-{year}", f"export:{key}", L)
