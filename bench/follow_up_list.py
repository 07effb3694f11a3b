"""A 回头看-style follow-up list as Roadshow draws it, for bench/run.py: signed in, the filter bar, the
problems raised before the last roadshow with their status, overdue mark and warning light on the
day (queries.follow_up_list and lights.problem_lights through the cached Figures), and the list as
xlsx. Its yardstick is bench/bare_follow_up_list.py."""
import sys
from pathlib import Path

import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from roadshow.i18n import t  # noqa: E402
from roadshow.spreadsheets import to_xlsx  # noqa: E402
from roadshow.ui.filters import leader_page  # noqa: E402
from roadshow.ui.lights import problem_lights  # noqa: E402
from roadshow.ui.report import problems_table  # noqa: E402
from roadshow.ui.session import actor  # noqa: E402

user = actor()
if user is None:
    st.stop()
L, figures, year, as_of, filters = leader_page("meeting.title", user)
meeting = figures.previous_meeting(year, as_of)
problems = figures.follow_up_list(year, as_of, filters, raised_before=meeting[0] if meeting else None)
st.subheader(f"{t('lookback.title', L)} · {len(problems)}")
problems_table(problems, L, problem_lights(figures, year, as_of, filters))
st.download_button("xlsx", data=lambda: to_xlsx({"回头看": problems}), file_name="lookback.xlsx")
