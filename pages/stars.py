"""星级动态: the star ratings as of any day — their distribution, average stars per street, and the
projects that moved since the cycle before, with why (the parts that changed); falls of two stars or
more first."""
import pandas as pd
import streamlit as st

from roadshow import charts, star_moves
from roadshow.evaluation import rules
from roadshow.i18n import fmt_date, fmt_when, t
from roadshow.rating_rule import RatingRule
from roadshow.ratings import cycle_label
from roadshow.slides.compose import split
from roadshow.slides.deck import subtitle
from roadshow.slides.page_slides import moves_slide, star_kpis, street_star_kpis
from roadshow.ui.access import guard
from roadshow.ui.common import md
from roadshow.ui.filters import leader_page
from roadshow.ui.ratings import checked_rule, rule_explanation, stars_text
from roadshow.ui.slides import chart, png_buttons

user = guard(__file__)
L, figures, year, as_of, filters = leader_page("stars.title", user)
confirmed = figures.confirmed_cycles(year)
current, previous = star_moves.in_force(confirmed, as_of)
who = figures.people()
if current is None:
    st.info(t("stars.none_yet", L, as_of=as_of.isoformat()))
else:
    row = confirmed.set_index("code").loc[current]
    st.caption(md(t("stars.in_force", L, cycle=cycle_label(current, L), day=fmt_date(row["as_of"]),
                    when=fmt_when(row["confirmed_at"]), who=who(row["confirmed_by"]))))
    kept = figures.cycle_state(current)["rules"]
    with st.expander(t("stars.rule", L, cycle=cycle_label(current, L))):
        rule_explanation(checked_rule(lambda: RatingRule.of(kept or rules()["rating"]), L), row["as_of"], L)

left, right = st.columns(2)
stars = figures.star_distribution(year, as_of, filters)
chart(charts.star_distribution(stars, L), "star-ratings", year, as_of, filters, L, left, star_kpis(stars, current, L),
      "ratings")
averages = figures.street_averages(year, as_of, filters)
if not averages.empty:
    chart(charts.street_stars(averages, L), "street-stars", year, as_of, filters, L, right,
          street_star_kpis(averages, L), "ratings")

st.subheader(t("stars.moves", L))
if current is None or previous is None:
    st.caption(t("stars.no_previous", L))
    st.stop()
moves = figures.star_moves(current, previous, filters)
st.caption(t("stars.compared", L, current=cycle_label(current, L), previous=cycle_label(previous, L)))
moved = moves[moves["change"] != 0]
fell = moves[moves["change"] <= -2]
cards = st.columns(4)
cards[0].metric(t("stars.up", L), int((moves["change"] > 0).sum()), border=True)
cards[1].metric(t("stars.down", L), int((moves["change"] < 0).sum()), border=True)
cards[2].metric(t("stars.fell_two", L), len(fell), border=True)
cards[3].metric(t("stars.same", L), int((moves["change"] == 0).sum()), border=True)


WIDE = {t("stars.why", L): st.column_config.TextColumn(width="large")}


def table(frame: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        t("field.code", L): frame["code"], t("field.name", L): frame["name"], t("field.street", L): frame["street"],
        t("stars.before", L): [stars_text(s) for s in frame["stars_before"]],
        t("stars.after", L): [stars_text(s) for s in frame["stars_after"]],
        t("stars.change", L): [f"{c:+d}" for c in frame["change"]],
        t("stars.why", L): [star_moves.why_moved(m, L) for m in frame.to_dict("records")],
    })


st.markdown("**" + t("stars.fell_two_title", L) + "**")
if fell.empty:
    st.caption(t("stars.nobody_fell", L))
else:
    st.dataframe(table(fell).style.map(lambda _: "color: #D64541; font-weight: 600", subset=[t("stars.change", L)]),
                 hide_index=True, column_config=WIDE)
st.markdown("**" + t("stars.all_moves", L) + "**")
if moved.empty:
    st.caption(t("stars.nothing_moved", L))
else:
    st.dataframe(table(moved).style.map(lambda v: f"color: {'#3C9D5D' if v.startswith('+') else '#D64541'}",
                                        subset=[t("stars.change", L)]), hide_index=True, height=420,
                 column_config=WIDE)
png_buttons(split(moves_slide(moves, current, previous, subtitle(year, as_of, L, filters, "ratings"), L), L),
            f"star-moves-{as_of.isoformat()}", L)
