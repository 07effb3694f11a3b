"""The web server: the Streamlit app (app.py) with the sign-in route beside it.
`make run` serves it with `streamlit run server.py`; any ASGI server can serve `app` too."""
import ctypes
import ctypes.util
import logging
from pathlib import Path

import streamlit as st
from streamlit import config as streamlit_config
from streamlit.runtime.pages_manager import PagesManager

from roadshow.settings import settings
from roadshow.ui.errors import show_unexpected
from roadshow.web import routes

# glibc keeps freed memory where pandas' large arrays fragmented it: in each thread's arena (every
# session's script runs in a thread; up to 8 arenas a core) and in the heap, where its moving mmap
# threshold puts arrays of up to 32 MB once it has freed one. Two arenas, and arrays from 256 KiB up
# mapped and unmapped on their own: a province's server peaked at 511 MB, not 655 MB, as fast.
libc = ctypes.CDLL(ctypes.util.find_library("c"))
if hasattr(libc, "mallopt"):  # glibc (not macOS, not musl)
    libc.mallopt(-8, 2)  # M_ARENA_MAX
    libc.mallopt(-3, 256 * 1024)  # M_MMAP_THRESHOLD

config = settings()
streamlit_config.set_option("server.maxUploadSize", config.upload_max_mb, where_defined="ROADSHOW_UPLOAD_MAX_MB")
Path(config.log_dir).mkdir(parents=True, exist_ok=True)
log_file = logging.FileHandler(Path(config.log_dir) / "roadshow.log", encoding="utf-8")
log_file.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
logging.getLogger("roadshow").addHandler(log_file)

# A pages/ folder makes a fresh server run pages/x.py alone for /x (Streamlit's first,
# folder-based navigation) until some session has run app.py's st.navigation. Every page
# guards itself even then; this makes app.py (language, navigation, layout) run from the
# first request on.
PagesManager.uses_pages_directory = False

app = st.App("app.py", routes=routes(), on_script_error=show_unexpected)
