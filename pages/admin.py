"""账号管理: the administrator's page — users, roles, streets, passwords, sessions, the sign-in record."""
import pandas as pd
import streamlit as st

from roadshow import accounts, hierarchy
from roadshow.auth import AuthError
from roadshow.codes import DISTRICT_SEPARATOR, Role
from roadshow.i18n import fmt_when, t
from roadshow.ui.access import guard
from roadshow.ui.common import engine, lang, md, refusal
from roadshow.ui.paging import paged

user = guard(__file__)
L = lang()
st.title(t("admin.title", L))
if notice := st.session_state.pop("admin_notice", None):
    st.success(md(notice))  # names the admin typed are shown as typed
if shown := st.session_state.pop("admin_password", None):  # a generated password, shown this once
    st.warning(md(t("admin.new_password", L, username=shown[0])))
    st.code(shown[1], language=None)
places = hierarchy.places(engine())
districts = hierarchy.districts(engine())
district_names = [f"{c}{DISTRICT_SEPARATOR}{d}" for c, d in zip(districts["city"], districts["district"])]
roles = [r.value for r in Role]
WHOLE = "*"  # in a street chooser: the whole district (a district official, or a district's leader)


def pick_district(key: str, current: str | None = None) -> str:
    """The district whose streets the form below offers: chosen here where there are several (outside the
    form, so that its streets follow), else the only one."""
    if len(district_names) == 1:
        return district_names[0]
    return st.selectbox(t("admin.district", L), district_names, key=key,
                        index=district_names.index(current) if current in district_names else 0)


def pick_place(district: str, street: str | None = None, whole: bool = False) -> str | None:
    """A street of `district`, the whole district (WHOLE), or nothing (a dispatcher, an admin, a city's leader)."""
    city, _, name = district.rpartition(DISTRICT_SEPARATOR)
    options = [WHOLE, *places.loc[(places["city"] == city) & (places["district"] == name), "street"]]
    index = options.index(WHOLE if whole else street) if whole or street in options else None
    return st.selectbox(t("admin.street", L), options, index=index,
                        format_func=lambda v: t("admin.whole_district", L, district=name) if v == WHOLE else v)


def place_arguments(district: str, choice: str | None) -> dict:
    return {"street": None, "district": district} if choice == WHOLE else {"street": choice, "district": None}


def done(message: str, password: tuple[str, str] | None = None) -> None:
    st.session_state["admin_notice"] = message
    if password:
        st.session_state["admin_password"] = password
    st.rerun()


def attempt(action, message: str, **kwargs) -> None:
    """Run one account service; its refusal is shown in the user's language, success after a rerun."""
    try:
        result = action(user, **kwargs, engine=engine())
    except AuthError as error:
        st.error(refusal(error, L))
    else:
        done(message, (kwargs["username"], result) if isinstance(result, str) else None)


users_tab, sessions_tab, record_tab, streets_tab = st.tabs(
    [t("admin.users", L), t("admin.sessions", L), t("admin.record", L), t("admin.streets", L)])

with users_tab:
    table = accounts.users(user, engine())
    page = paged(table, "admin_users", L, ("username", "display_name", "street", "district"),
                 t("admin.user_hint", L))  # a province has thousands of officials
    st.dataframe(pd.DataFrame({
        t("admin.username", L): page["username"], t("admin.display_name", L): page["display_name"],
        t("admin.role", L): [t(f"role.{r}", L) for r in page["role"]],
        t("field.street", L): [s or "—" for s in page["street"]],
        **({t("field.district", L): [d or "—" for d in page["district"]]}
           if len(district_names) > 1 or table["district"].any() else {}),
        t("admin.state", L): [t("admin.inactive" if d else "admin.active", L) for d in page["disabled"]],
        t("admin.session_count", L): page["sessions"],
        t("admin.created", L): [fmt_when(c) for c in page["created_at"]],
    }), hide_index=True)

    with st.expander(t("admin.add_user", L)):
        district = pick_district("new_user_district")
        with st.form("add_user", clear_on_submit=True):
            username = st.text_input(t("admin.username", L), max_chars=60)
            display_name = st.text_input(t("admin.display_name", L), max_chars=60)
            role = st.selectbox(t("admin.role", L), roles, format_func=lambda r: t(f"role.{r}", L))
            place = pick_place(district)
            password = st.text_input(t("admin.password", L), type="password")
            submitted = st.form_submit_button(t("admin.add", L), type="primary")
        if submitted:
            generated = None if password else accounts.new_password()
            try:
                accounts.add_user(user, username, password or generated, role, display_name, engine=engine(),
                                  **place_arguments(district, place))
            except AuthError as error:
                st.error(refusal(error, L))
            else:
                done(t("admin.added", L, username=username.strip()),
                     (username.strip(), generated) if generated else None)

    names = dict(zip(page["username"], page["display_name"]))  # the users listed above (search to find one)
    chosen = st.selectbox(t("admin.pick_user", L), list(names), index=None,
                          format_func=lambda u: f"{names[u]}（{u}）")
    if chosen:
        row = table.set_index("username").loc[chosen]
        st.markdown("**" + t("admin.change_role", L) + "**")
        own = places.loc[places["street"] == row["street"]]
        current = row["district"] or (f"{own['city'].iloc[0]}{DISTRICT_SEPARATOR}{own['district'].iloc[0]}"
                                      if not own.empty else None)
        district = pick_district(f"district:{chosen}", current)
        with st.form(f"role:{chosen}"):
            new_role = st.selectbox(t("admin.role", L), roles, index=roles.index(row["role"]),
                                    format_func=lambda r: t(f"role.{r}", L))
            place = pick_place(district, row["street"], whole=bool(row["district"]))
            submitted = st.form_submit_button(t("admin.save_role", L))
        if submitted:
            attempt(accounts.change_role, t("admin.role_saved", L, username=chosen), username=chosen,
                    role=new_role, **place_arguments(district, place))
        buttons = st.columns(3)
        if row["disabled"]:
            if buttons[0].button(t("admin.enable", L)):
                attempt(accounts.set_disabled, t("admin.enabled_done", L, username=chosen), username=chosen,
                        disabled=False)
        elif buttons[0].button(t("admin.disable", L)):
            attempt(accounts.set_disabled, t("admin.disabled_done", L, username=chosen), username=chosen,
                    disabled=True)
        if buttons[1].button(t("admin.reset_password", L)):
            attempt(accounts.reset_password, t("admin.password_reset", L, username=chosen), username=chosen)
        if buttons[2].button(t("admin.unlock", L)):
            attempt(accounts.unlock, t("admin.unlocked", L, username=chosen), username=chosen)

with sessions_tab:
    live = accounts.sessions(user, engine())
    if live.empty:
        st.caption(t("admin.no_sessions", L))
    else:
        view = pd.DataFrame({
            t("admin.username", L): live["username"], t("admin.display_name", L): live["display_name"],
            t("admin.signed_in_at", L): [fmt_when(v) for v in live["created_at"]],
            t("admin.last_seen", L): [fmt_when(v) for v in live["last_seen_at"]],
            t("admin.expires", L): [fmt_when(v) for v in live["expires_at"]],
            t("admin.client", L): live["client"]})
        picked = st.dataframe(view, hide_index=True, on_select="rerun", selection_mode="single-row", key="live")
        rows = picked.selection.rows
        if st.button(t("admin.end_session", L), disabled=not rows):
            attempt(accounts.end_session, t("admin.session_ended", L), session_id=int(live["id"].iloc[rows[0]]))

with record_tab:
    who = st.text_input(t("admin.record_filter", L))
    events = accounts.sign_in_record(user, who, engine=engine())
    st.dataframe(pd.DataFrame({
        t("admin.when", L): [fmt_when(v) for v in events["at"]],
        t("admin.event", L): [t(f"event.{e}", L) for e in events["event"]],
        t("admin.username", L): events["username"], t("admin.client", L): events["client"],
        t("admin.by", L): events["actor"].fillna(""), t("admin.detail", L): events["detail"].fillna("")}),
        hide_index=True)

with streets_tab:
    several = hierarchy.several(places, "district")
    page = paged(places, "admin_streets", L, ("street", "district", "city"), t("ranking.search_hint", L))
    st.dataframe(pd.DataFrame({
        **({t("field.city", L): page["city"], t("field.district", L): page["district"]} if several else {}),
        t("field.street", L): [f"{s}街道" for s in page["street"]]}), hide_index=True)
    district = pick_district("new_street_district")
    with st.form("add_street", clear_on_submit=True):
        name = st.text_input(t("admin.street_name", L), max_chars=40)
        if st.form_submit_button(t("admin.add_street", L)):
            attempt(accounts.add_street, t("admin.street_added", L, name=name.strip()), name=name, district=district)
