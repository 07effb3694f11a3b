"""A bare Streamlit page for the browser benchmark: as many elements of each kind as a Roadshow page
drew (?counts={"stPlotlyChart": 4, ...}, the data-testid of each element), with tiny fixed data and
no database, so that a page's time can be set beside what Streamlit itself needs to draw as much.

    streamlit run bench/bare_page.py
"""
import json
from datetime import date

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

st.set_page_config(page_title="bare", layout="wide")
counts = json.loads(st.query_params.get("counts", "{}"))
FRAME = pd.DataFrame({"name": [f"项目{i}" for i in range(10)], "value": range(10), "rate": [i / 10 for i in range(10)]})


def chart() -> go.Figure:
    return go.Figure(go.Bar(x=["甲", "乙", "丙"], y=[3, 1, 2]), layout=dict(template="plotly_white", height=300))


DRAW = {
    "stPlotlyChart": lambda i: st.plotly_chart(chart(), key=f"c{i}"),
    "stDataFrame": lambda i: st.dataframe(FRAME, hide_index=True, key=f"d{i}"),
    "stTable": lambda i: st.table(FRAME.head(3)),
    "stMetric": lambda i: st.metric(f"指标{i}", i, delta=1, border=True),
    "stHeading": lambda i: st.header(f"标题{i}"),
    "stCaptionContainer": lambda i: st.caption(f"说明{i}"),
    "stSelectbox": lambda i: st.selectbox(f"选择{i}", ["甲", "乙", "丙"], key=f"s{i}"),
    "stMultiSelect": lambda i: st.multiselect(f"多选{i}", ["甲", "乙", "丙"], key=f"m{i}"),
    "stDateInput": lambda i: st.date_input(f"日期{i}", date(2018, 3, 31), key=f"t{i}"),
    "stTextInput": lambda i: st.text_input(f"文本{i}", key=f"x{i}"),
    "stNumberInput": lambda i: st.number_input(f"数字{i}", value=1, key=f"n{i}"),
    "stCheckbox": lambda i: st.toggle(f"开关{i}", key=f"g{i}"),
    "stButton": lambda i: st.button(f"按钮{i}", key=f"b{i}"),
    "stButtonGroup": lambda i: st.segmented_control(f"分段{i}", ["甲", "乙"], key=f"p{i}"),
    "stProgress": lambda i: st.progress(0.5),
    "stExpander": lambda i: st.expander(f"展开{i}").write("…"),
}
st.title("bare")
for kind, count in counts.items():
    for i in range(int(count)):
        DRAW.get(kind, lambda i: st.markdown(f"文字 **{i}**"))(f"{kind}{i}")
