"""星级评定: the dispatch office rates a cycle (a month or a quarter) — every project's proposed stars by
the rule in evaluation.toml, its score broken into parts; single projects overridden with a reason;
the rest confirmed in one step, after which the cycle is fixed."""
import streamlit as st

from roadshow import ratings
from roadshow.evaluation import rules
from roadshow.i18n import fmt_when, t
from roadshow.rating_rule import RatingRule
from roadshow.services import Refused
from roadshow.settings import today
from roadshow.ui.access import guard
from roadshow.ui.common import Figures, engine, lang, md, refusal, url_choice
from roadshow.ui.ratings import checked_rule, proposals_table, rule_explanation, stars_text

user = guard(__file__)
L = lang()
figures = Figures()
st.title(t("rating.title", L))
for kind, show in (("rating_notice", st.success), ("rating_error", st.error)):
    if message := st.session_state.pop(kind, None):
        show(md(message))
years = figures.plan_years()
day = today()
codes = {year: [c.code for c in ratings.cycles(year, day)] for year in years}
if not any(codes.values()):
    st.info(t("overview.empty", L) if not years else t("rating.no_cycle", L))
    st.stop()
years = [y for y in years if codes[y]]
top = st.columns([1, 2, 3], vertical_alignment="bottom")
year = url_choice(top[0], t("filter.plan_year", L), years, "year")
default = ratings.next_cycle(year, list(figures.confirmed_cycles(year)["code"]), day)
code = url_choice(top[1], t("rating.cycle", L), codes[year], "cycle", index=codes[year].index(default),
                  format_func=lambda c: ratings.cycle_label(c, L))
cycle = ratings.Cycle.parse(code)
as_of = cycle.as_of(day)
state = figures.cycle_state(code)
in_force = rules()["rating"]
rule = checked_rule(lambda: RatingRule.of(state["rules"] if state and state["rules"] else in_force), L)
view = figures.cycle_view(code, day, in_force)
todo = view[view["stars"].isna()]
who = figures.people()
label = ratings.cycle_label(code, L)

if state and state["confirmed_at"] is not None:
    st.success(md(t("rating.confirmed_state", L, cycle=label, when=fmt_when(state["confirmed_at"]),
                    who=who(state["confirmed_by"]), rated=state["rated"], overridden=state["overridden"])))
elif cycle.last > day:
    st.warning(t("rating.preview", L, as_of=as_of.isoformat(), day=cycle.last.isoformat()))
elif state:
    st.info(t("rating.open_state", L, cycle=label, rated=state["rated"], overridden=state["overridden"],
              todo=len(todo)))
else:
    st.info(t("rating.proposed_state", L, cycle=label, as_of=as_of.isoformat(), count=len(todo)))

with st.expander(t("rating.rule", L)):
    if state and state["rules"]:
        st.caption(md(t("rating.rule_of_cycle", L, when=fmt_when(state["opened_at"]))))
    rule_explanation(rule, as_of, L)

# the cycle's stars (given, else proposed) against each project's stars before it
stars = view["stars"].fillna(view["proposed"]).astype(int)
before = view["previous"]
columns = st.columns(5)
for n, box in zip(range(5, 0, -1), columns):
    box.metric(t("rating.star_count", L, stars=stars_text(n)), int((stars == n).sum()), border=True,
               delta=f"{int((stars == n).sum()) - int((before == n).sum()):+d}" if before.notna().any() else None,
               delta_color="off", delta_description=t("rating.against_previous", L))
change = stars - before
st.caption(t("rating.moves", L, up=int((change > 0).sum()), down=int((change < 0).sum()),
             fell_two=int((change <= -2).sum()), new=int(before.isna().sum())))

search, changed_only = st.columns([3, 1], vertical_alignment="bottom")
text = search.text_input(t("rating.search", L), placeholder=t("ledger.search_hint", L)).strip()
shown = view
if text:
    shown = shown[shown["name"].str.contains(text, regex=False) | shown["code"].str.contains(text, regex=False)]
if changed_only.toggle(t("rating.only_changed", L)):
    shown = shown[stars[shown.index] != before[shown.index]]
st.dataframe(proposals_table(shown, L), hide_index=True, height=420)

if cycle.last <= day and not (state and state["confirmed_at"] is not None) and not todo.empty:
    st.subheader(t("rating.override", L))
    with st.form("override", clear_on_submit=True):
        options = dict(zip(todo["code"], zip(todo["project_id"], todo["name"], todo["proposed"])))
        picked = st.selectbox(t("rating.project", L), list(options), index=None, placeholder=t("rating.pick_hint", L),
                              format_func=lambda c: t("rating.project_option", L, name=options[c][1], code=c,
                                                      stars=stars_text(options[c][2])))
        given = st.radio(t("rating.stars_given", L), [1, 2, 3, 4, 5], index=None, horizontal=True,
                         format_func=stars_text)
        reason = st.text_area(t("rating.override_reason", L), max_chars=500)
        if st.form_submit_button(t("rating.override_submit", L)):
            if picked is None or given is None:
                st.error(t("rating.pick_project_and_stars", L))
            else:
                try:
                    ratings.override(user, code, int(options[picked][0]), given, reason, engine())
                except Refused as refused:
                    st.error(refusal(refused, L))
                else:
                    st.session_state["rating_notice"] = t("rating.overridden", L, name=options[picked][1],
                                                          stars=stars_text(given))
                    st.rerun()

    def confirm(expected: str) -> None:
        """On click, with the proposals the user saw (a rerun would recompute them from newer data)."""
        try:
            count = ratings.confirm(user, code, expected, engine())
        except Refused as refused:
            st.session_state["rating_error"] = refusal(refused, L)
        else:
            st.session_state["rating_notice"] = t("rating.confirmed", L, cycle=label, count=count)

    st.subheader(t("rating.confirm_title", L))
    checked = st.checkbox(t("rating.confirm_check", L, count=len(todo)))
    st.button(t("rating.confirm", L, count=len(todo)), type="primary", disabled=not checked, on_click=confirm,
              args=(ratings.digest(view),))
