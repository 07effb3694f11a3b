"""The web server: the Streamlit app (app.py) with the sign-in route beside it.
`make run` serves it with `streamlit run server.py`; any ASGI server can serve `app` too."""
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from roadshow.ui.errors import show_unexpected
from roadshow.web import routes

# A pages/ folder makes a fresh server run pages/x.py alone for /x (Streamlit's first,
# folder-based navigation) until some session has run app.py's st.navigation. Every page
# guards itself even then; this makes app.py (language, navigation, layout) run from the
# first request on.
PagesManager.uses_pages_directory = False

app = st.App("app.py", routes=routes(), on_script_error=show_unexpected)
