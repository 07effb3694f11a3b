"""月调度考核: each street's score for a month by the formula in evaluation.toml, with the parts beside
it; the ranking with its change since the month before; the red and black lists (红黑榜); the 通报
table as xlsx, built only when downloaded. The streets of the place chosen (a user limited to a
district: that district's) are ranked among themselves."""
import streamlit as st

from roadshow import assessment, assessment_charts
from roadshow.evaluation import rules
from roadshow.i18n import t
from roadshow.metrics import ALL
from roadshow.settings import today
from roadshow.slides.compose import split
from roadshow.slides.deck import subtitle
from roadshow.slides.page_slides import assessment_kpis, assessment_slide
from roadshow.spreadsheets import to_xlsx
from roadshow.ui.access import guard
from roadshow.ui.common import Figures, lang, url_choice
from roadshow.ui.filters import place_bar
from roadshow.ui.ratings import checked_rule
from roadshow.ui.slides import chart, png_buttons

user = guard(__file__)
L = lang()
figures = Figures()
st.title(t("assessment.title", L))
day = today()
years = [y for y in figures.plan_years() if assessment.months(y, day)]
if not years:
    st.info(t("overview.empty", L))
    st.stop()
top = st.columns([1, 2, 3], vertical_alignment="bottom")
year = url_choice(top[0], t("filter.plan_year", L), years, "year")
months = assessment.months(year, day)
last_data = figures.opening_as_of(year, day)  # a past year opens on its last month with data
month = url_choice(top[1], t("assessment.month", L), months, "month", index=months.index(last_data.month),
                   format_func=lambda m: t("cycle.month", L, year=year, month=m))
places = place_bar(figures, L, user, streets=False)
section = rules()["street_assessment"]
rule = checked_rule(lambda: assessment.AssessmentRule.of(section), L)
frame = figures.assessment(year, month, day, section, places)
as_of = assessment.month_as_of(year, month, day)
st.caption(t("assessment.as_of", L, day=as_of.isoformat(), count=len(frame)))

with st.expander(t("assessment.rule", L)):
    for line in assessment.describe(rule, L):
        st.markdown(line)

red, black = st.columns(2)
for box, kind, colour in ((red, "red", "red"), (black, "black", "gray")):
    listed = frame[frame["list"] == kind]
    box.markdown(f"#### :{colour}[{t(f'assessment.{kind}_title', L)}]")
    for row in listed.itertuples():
        box.markdown(t("assessment.listed", L, rank=row.rank, street=row.street, score=f"{row.score:.1f}"))

chart(assessment_charts.scores(frame, year, month, L), f"assessment-{year}-{month:02d}", year, as_of, ALL, L,
      kpis=assessment_kpis(frame, L), source="assessment")
score = t("assessment.score", L)
st.dataframe(assessment.bulletin(frame, L, combined=True), hide_index=True, height=min(720, 38 + 35 * len(frame)),
             column_config={score: st.column_config.NumberColumn(score, format="%.1f")})
st.download_button(t("assessment.download", L), icon=":material/download:",
                   data=lambda: to_xlsx({t("assessment.sheet", L): assessment.bulletin(frame, L),
                                         t("assessment.rule_sheet", L): assessment.rule_sheet(rule, L)}),
                   file_name=t("assessment.file", L, year=year, month=month),
                   mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
png_buttons(split(assessment_slide(frame, year, month, subtitle(year, as_of, L, source="assessment"), L), L),
            f"assessment-bulletin-{year}-{month:02d}", L)
