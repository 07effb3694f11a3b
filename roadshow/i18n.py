"""Every label the user sees, in Chinese (default) and English, and number formats."""
from __future__ import annotations

import math
from datetime import timezone
from decimal import Decimal

from .settings import settings

LANGS = ("zh", "en")
DEFAULT_LANG = "zh"

# code labels of domain.md, keyed by field then code
_CODE_LABELS: dict[str, dict[str, tuple[str, str]]] = {
    "stage": {
        "continuing": ("续建", "continuing"),
        "new": ("新开工", "new start"),
        "preliminary": ("前期", "preliminary"),
    },
    "category": {
        "commercial": ("商务商业服务", "commercial services"),
        "livelihood": ("民生及社会事业", "livelihood & social"),
        "real_estate": ("房地产", "real estate"),
        "industrial": ("工业", "industrial"),
        "infrastructure": ("基础设施", "infrastructure"),
        "other": ("其他", "other"),
    },
    "issue_status": {
        "open": ("待办", "open"),
        "in_progress": ("推进中", "in progress"),
        "resolved": ("已解决", "resolved"),
    },
    "dispatch_level": {
        "weekly": ("周调度", "weekly"),
        "monthly": ("月调度", "monthly"),
        "quarterly": ("季调度", "quarterly"),
    },
}

_TEXTS: dict[str, tuple[str, str]] = {
    "app.title": ("甘井子区重点项目路演", "Ganjingzi key projects roadshow"),
    "app.language": ("语言 / Language", "语言 / Language"),
    "nav.overview": ("总览", "Overview"),
    "nav.sign_in": ("登录", "Sign in"),
    "nav.my_projects": ("我的项目", "My projects"),
    "nav.ledger": ("项目台账", "Project ledger"),
    "nav.streets": ("街道路演", "Street roadshow"),
    "nav.meeting": ("会议模式", "Meeting mode"),
    "meeting.title": ("会议模式", "Meeting mode"),
    "meeting.none": ("本年度还没有路演会议。", "No roadshow meetings in this plan year yet."),
    "meeting.pick": ("路演会议", "Roadshow meeting"),
    "meeting.agenda": ("议程（汇报顺序）", "Agenda (speaking order)"),
    "meeting.agenda_hint": ("按汇报顺序选择街道。", "Pick the streets in the order they speak."),
    "meeting.save_agenda": ("保存议程", "Save the agenda"),
    "meeting.saved": ("议程已保存。", "Agenda saved."),
    "meeting.present": ("全屏演示", "Full screen"),
    "meeting.previous": ("◀ 上一页", "◀ Previous"),
    "meeting.next": ("下一页 ▶", "Next ▶"),
    "meeting.counter": ("{n} / {total}", "{n} / {total}"),
    "meeting.summary": ("全区重点项目总体情况", "District summary"),
    "meeting.as_of": ("数据截至 {day}", "Figures as of {day}"),
    "meeting.street": ("{n}. {street}街道汇报", "{n}. {street} street reports"),
    "meeting.lookback": ("回头看：{day} 路演问题清单", "Looking back: problems of the {day} roadshow"),
    "meeting.lookback_first": ("回头看：此前的问题清单", "Looking back: problems raised so far"),
    "meeting.lookback_counts": ("共 {total} 个问题：已解决 {resolved}，推进中 {in_progress}，待办 {open}，其中逾期 {overdue}",
                                "{total} problems: {resolved} resolved, {in_progress} in progress, {open} open, {overdue} overdue"),
    "meeting.next_steps": ("下一步工作", "Next steps"),
    "meeting.open_problems": ("待解决问题（按期限）", "Problems to solve (by deadline)"),
    "meeting.late_projects": ("逾期未开工项目", "Projects not started on time"),
    "ledger.title": ("项目台账", "Project ledger"),
    "ledger.search": ("搜索", "Search"),
    "ledger.search_hint": ("项目名称或编号", "project name or code"),
    "ledger.count": ("共 {count} 个项目", "{count} projects"),
    "ledger.limited": ("只显示前 {limit} 个，请缩小筛选范围", "showing the first {limit}; narrow the filters"),
    "ledger.pick_hint": ("点击表格中的一行，或在此选择项目，查看详情。", "Click a row, or pick a project here, to see its detail."),
    "app.signed_in_as": ("{name} · {role}", "{name} · {role}"),
    "app.sign_out": ("退出登录", "Sign out"),
    "role.leader": ("领导", "leader"),
    "role.street": ("街道干部", "street official"),
    "role.dispatcher": ("调度办", "dispatch office"),
    "role.admin": ("管理员", "administrator"),
    "field.code": ("项目编号", "Code"),
    "field.name": ("项目名称", "Name"),
    "field.street": ("所属街道", "Street"),
    "field.stage": ("建设性质", "Stage"),
    "field.category": ("项目类别", "Category"),
    "field.plan_year": ("计划年度", "Plan year"),
    "field.total_investment_wan": ("总投资（万元）", "Total investment (10k CNY)"),
    "field.annual_plan_wan": ("年度计划投资（万元）", "Annual plan (10k CNY)"),
    "field.completed_wan": ("累计完成投资（万元）", "Completed investment (10k CNY)"),
    "field.planned_start_date": ("计划开工日期", "Planned start"),
    "field.start_date": ("开复工日期", "Start date"),
    "field.suspended": ("停工", "Suspended"),
    "field.suspended_on": ("停工日期", "Suspended on"),
    "field.suspension_reason": ("停工原因", "Suspension reason"),
    "field.city_key": ("市重点项目", "City key project"),
    "field.leader": ("包保区领导", "District leader in charge"),
    "field.manager_district": ("区级项目经理", "District manager"),
    "field.manager_street": ("街道项目经理", "Street manager"),
    "field.manager_enterprise": ("企业项目经理", "Enterprise manager"),
    "field.stars": ("星级", "Stars"),
    "field.note": ("备注", "Note"),
    "field.progress": ("进展说明", "Progress note"),
    "field.created": ("创建", "Created"),
    "field.updated": ("最后更新", "Last updated"),
    "history.when": ("时间", "When"),
    "history.who": ("操作人", "Who"),
    "history.field": ("字段", "Field"),
    "history.old": ("原值", "Old"),
    "history.new": ("新值", "New"),
    "history.note": ("说明", "Note"),
    "my.title": ("我的项目", "My projects"),
    "my.street": ("街道", "Street"),
    "my.other_street_refused": ("您只能编辑本街道（{street}）的项目。", "You can only edit the projects of your own street ({street})."),
    "my.quick": ("快速更新", "Quick update"),
    "my.bulk": ("批量编辑", "Bulk edit"),
    "my.project": ("项目", "Project"),
    "my.last_updated": ("最后更新：{who} · {when}", "Last updated by {who} · {when}"),
    "my.save": ("保存", "Save"),
    "my.date_hint": ("例如 {year}-03-31", "e.g. {year}-03-31"),
    "value.yes": ("是", "yes"),
    "value.no": ("否", "no"),
    "my.saved": ("已保存。", "Saved."),
    "my.nothing_changed": ("没有修改。", "Nothing changed."),
    "my.reapply": ("载入最新数据并重新填入我的修改", "Load the current values and put my changes back"),
    "my.current_values": ("当前数据", "Current values"),
    "my.save_bulk": ("保存 {count} 个项目的修改", "Save changes to {count} projects"),
    "my.saved_bulk": ("已保存 {count} 个项目。", "Saved {count} projects."),
    "my.reload": ("重新载入", "Reload"),
    "my.bulk_reload_hint": ("请点击“重新载入”获取最新数据后再修改。", "Press \"Reload\" to get the current values, then edit again."),
    "my.no_projects": ("该街道本年度没有项目。", "This street has no projects in that year."),
    "project.title": ("项目详情", "Project detail"),
    "project.history": ("变更记录", "Change history"),
    "project.issues": ("问题与跟踪", "Problems and follow-ups"),
    "project.ratings": ("星级评价", "Star ratings"),
    "project.none": ("没有记录。", "Nothing recorded."),
    "project.value": ("内容", "Value"),
    "rating.cycle": ("评价周期", "Cycle"),
    "rating.rated_on": ("评价日期", "Rated on"),
    "rating.benefit_score": ("效益（40）", "Benefit (40)"),
    "rating.problem_score": ("问题（30）", "Problems (30)"),
    "rating.progress_score": ("进度（30）", "Progress (30)"),
    "rating.stars": ("星级", "Stars"),
    "signin.title": ("登录", "Sign in"),
    "signin.username": ("用户名", "User name"),
    "signin.password": ("密码", "Password"),
    "signin.submit": ("登录", "Sign in"),
    "filter.plan_year": ("计划年度", "Plan year"),
    "filter.as_of": ("截至日期", "As of"),
    "filter.streets": ("街道", "Streets"),
    "filter.categories": ("项目类别", "Categories"),
    "filter.stages": ("建设性质", "Stages"),
    "filter.city_key": ("仅市重点", "City key only"),
    "filter.all": ("全部", "All"),
    "overview.title": ("重点项目总览", "Key projects overview"),
    "overview.caption": ("{year}年度计划 · 截至 {as_of}", "Plan year {year} · as of {as_of}"),
    "overview.empty": ("数据库中还没有项目。请先导入项目台账。", "No projects in the database yet. Import a project ledger first."),
    "kpi.projects": ("计划推进项目", "Projects in plan"),
    "kpi.projects_help": ("续建 {continuing} · 新开工 {new} · 前期 {preliminary}", "continuing {continuing} · new {new} · preliminary {preliminary}"),
    "kpi.total_investment": ("项目总投资", "Total investment"),
    "kpi.total_investment_yi": ("总投资（亿元）", "Total investment (100M CNY)"),
    "kpi.annual_plan": ("年度计划投资", "Annual planned investment"),
    "kpi.started": ("开复工项目", "Projects started"),
    "kpi.since_meeting": ("较上次路演", "since the last roadshow"),
    "kpi.last_year": ("去年同期 {value}", "same day last year {value}"),
    "kpi.last_year_line": ("去年同期：开复工 {started} 个，复工率 {rate}", "Same day last year: {started} started, resumption rate {rate}"),
    "overview.compared_with": ("Δ 对比 {day}「{title}」", "Δ against {day} \"{title}\""),
    "attention.title": ("需要关注", "Needs attention"),
    "attention.overdue_problem": ("问题逾期", "overdue problem"),
    "attention.suspended": ("停工", "suspended"),
    "attention.late_start": ("逾期未开工", "not started on time"),
    "attention.kind": ("类型", "Kind"),
    "attention.since": ("自", "Since"),
    "attention.detail": ("说明", "Detail"),
    "attention.none": ("没有需要关注的事项。", "Nothing needs attention."),
    "field.status": ("状态", "Status"),
    "issue.description": ("问题", "Problem"),
    "issue.owner": ("责任单位", "Owner"),
    "issue.deadline": ("期限", "Deadline"),
    "issue.status": ("状态", "Status"),
    "issue.overdue": ("逾期", "overdue"),
    "report.projects": ("项目进展", "Projects"),
    "report.problems": ("问题清单", "Problems"),
    "report.changes": ("{day} 路演以来的变化", "Changes since the roadshow of {day}"),
    "streets.title": ("街道路演", "Street roadshow"),
    "streets.ranking": ("街道排名", "Street ranking"),
    "streets.pick": ("查看街道汇报", "Open a street's report"),
    "streets.pick_hint": ("点击表格中的一行，或在上方选择街道，查看该街道的路演汇报。",
                          "Click a row, or pick a street above, to open its roadshow report."),
    "streets.rank": ("排名", "Rank"),
    "streets.open": ("待办问题", "Open problems"),
    "streets.overdue": ("逾期问题", "Overdue"),
    "streets.stars": ("平均星级", "Avg stars"),
    "status.started": ("已开复工", "started"),
    "status.not_started": ("未开工", "not started"),
    "status.suspended": ("停工", "suspended"),
    "status.preliminary": ("前期", "preliminary"),
    "kpi.started_investment": ("开复工项目总投资", "Started projects' total investment"),
    "kpi.continuing_resumed": ("续建复工数", "Continuing resumed"),
    "kpi.new_started": ("新开工数", "New started"),
    "kpi.completed": ("年度完成投资", "Completed investment"),
    "kpi.started_help": ("开复工项目总投资 {investment}", "total investment of started projects {investment}"),
    "kpi.resumption_rate": ("复工率", "Resumption rate"),
    "kpi.resumption_help": ("续建复工 {resumed} / 续建 {continuing}", "continuing resumed {resumed} / continuing {continuing}"),
    "kpi.new_start_rate": ("开工率", "New-start rate"),
    "kpi.new_start_help": ("新开工 {started} / 新开工计划 {new}", "new started {started} / new planned {new}"),
    "kpi.completion_rate": ("投资完成率", "Investment completion"),
    "kpi.completion_help": ("年度完成投资 {completed} / 年度计划 {plan}", "completed {completed} / annual plan {plan}"),
    "chart.started_by_category": ("开复工项目（按类别）", "Started projects by category"),
    "chart.street_rates": ("各街道复工率与开工率", "Resumption and new-start rate by street"),
    "chart.cumulative_starts": ("累计开复工项目（按周）", "Cumulative starts, week by week"),
    "chart.started_investment": ("开复工总投资（亿元）：类别 → 街道", "Started investment by category, street (100M CNY)"),
    "chart.star_distribution": ("项目星级分布", "Star ratings"),
    "chart.district_average": ("全区 {rate}", "District {rate}"),
    "col.projects": ("项目数", "Projects"),
    "col.started": ("开复工数", "Started"),
    "col.street": ("街道", "Street"),
    "col.category": ("项目类别", "Category"),
    "col.stage": ("建设性质", "Stage"),
    "col.date": ("日期", "Date"),
    "col.rate": ("比率", "Rate"),
    "unit.yi": ("亿元", "100M CNY"),
    "import.summary": ("导入成功：新增 {created} 个项目，更新 {updated} 个，未变 {unchanged} 个。",
                       "Imported: {created} projects created, {updated} updated, {unchanged} unchanged."),
    "import.dry_run": ("试运行：文件有效，未写入数据库。", "Dry run: the file is valid; nothing was written."),
    "import.ignored_columns": ("已忽略无法识别的列：{columns}。", "Ignored unknown columns: {columns}."),
    "import.rejected": ("导入失败：{count} 处错误，数据库未作任何修改。",
                        "Import rejected: {count} errors; the database was not changed."),
    "import.row_error": ("第 {row} 行，“{column}”：{message}", "row {row}, \"{column}\": {message}"),
    "import.bad_type": ("无法读取“{name}”：只支持 Excel 工作簿（xlsx、xls）或 csv 文件。",
                        "Cannot read \"{name}\": only Excel workbooks (xlsx, xls) or csv files are supported."),
    "import.not_found": ("找不到文件“{name}”。", "File \"{name}\" not found."),
    "import.not_utf8": ("无法读取“{name}”：CSV 文件须为 UTF-8 编码。", "Cannot read \"{name}\": a CSV file must be UTF-8 encoded."),
    "import.unreadable": ("无法读取“{name}”：不是有效的 xlsx 工作簿。", "Cannot read \"{name}\": not a valid xlsx workbook."),
    "import.empty": ("“{name}”是空文件，没有表头。", "\"{name}\" is empty: no header row."),
    "import.missing_columns": ("缺少必填列：{columns}。", "Missing required columns: {columns}."),
    "import.duplicate_header": ("列“{header}”出现了两次。", "Column \"{header}\" appears twice."),
    "rule.required": ("必填项为空", "required but empty"),
    "rule.not_number": ("“{value}”不是数字", "\"{value}\" is not a number"),
    "rule.negative": ("不能为负数（{value}）", "must not be negative ({value})"),
    "rule.too_many_decimals": ("最多两位小数（{value}）", "at most two decimal places ({value})"),
    "rule.too_large": ("数值过大（{value}）", "too large ({value})"),
    "import.not_year": ("“{value}”不是有效年份", "\"{value}\" is not a year"),
    "rule.not_date": ("“{value}”不是有效日期（例如 2018-03-31）", "\"{value}\" is not a date (e.g. 2018-03-31)"),
    "import.not_bool": ("“{value}”应为“是”或“否”", "\"{value}\" should be yes or no"),
    "import.bad_stars": ("“{value}”不是 1–5 的星级", "\"{value}\" is not a star rating from 1 to 5"),
    "import.bad_code": ("“{value}”无效，可选：{choices}", "\"{value}\" is not valid; choose one of: {choices}"),
    "import.unknown_street": ("未知街道“{value}”", "unknown street \"{value}\""),
    "rule.too_long": ("超过 {limit} 个字符", "longer than {limit} characters"),
    "rule.annual_over_total": ("年度计划投资（{annual}）大于总投资（{total}）",
                                 "annual plan ({annual}) exceeds total investment ({total})"),
    "rule.completed_over_total": ("累计完成投资（{completed}）大于总投资（{total}）",
                                  "completed investment ({completed}) exceeds total investment ({total})"),
    "rule.start_for_preliminary": ("前期项目不应填写开复工日期", "a preliminary project has no start date"),
    "rule.start_outside_year": ("开复工日期 {value} 不在计划年度 {year} 内", "start date {value} is outside plan year {year}"),
    "import.duplicate_code": ("项目编号与第 {row} 行重复", "same project code as row {row}"),
    "import.duplicate_name": ("同一计划年度的项目名称与第 {row} 行重复", "same name and plan year as row {row}"),
    "import.name_taken": ("该年度已有同名项目（{code}）", "another project of that year has this name ({code})"),
    "rule.suspension_needs_reason": ("停工须填写原因", "a suspension needs a reason"),
    "auth.failed": ("用户名或密码不正确，或尝试过于频繁。请核对后稍候再试。",
                    "Wrong user name or password, or too many tries. Please check and try again shortly."),
    "auth.password_too_short": ("密码至少 {length} 位。", "A password needs at least {length} characters."),
    "auth.bad_role": ("未知角色“{role}”。", "Unknown role \"{role}\"."),
    "auth.user_exists": ("用户“{username}”已存在。", "User \"{username}\" already exists."),
    "auth.no_such_user": ("用户“{username}”不存在。", "No user \"{username}\"."),
    "auth.street_required": ("街道账号须指定一个已有街道（--street）。", "A street account needs a known street (--street)."),
    "auth.bad_username": ("用户名不能为空、不能含空格，最多 {limit} 个字符。", "A user name is not empty, has no spaces and at most {limit} characters."),
    "auth.bad_display_name": ("姓名最多 {limit} 个字符。", "A display name has at most {limit} characters."),
    "auth.not_yourself": ("不能停用自己或修改自己的角色。", "You cannot disable yourself or change your own role."),
    "auth.no_such_session": ("该会话已结束。", "That session has already ended."),
    "auth.wrong_current_password": ("当前密码不正确，密码未修改。", "The current password is wrong; nothing was changed."),
    "auth.password_changed": ("密码已修改，请用新密码重新登录。", "Password changed; please sign in with the new one."),
    "app.no_access": ("您的账号无权打开此页面。", "Your account may not open this page."),
    "app.unexpected_error": ("出现意外错误，操作未完成。请稍后再试；如仍有问题，请将错误编号 {incident} 告知管理员。",
                             "Something went wrong and the action was not completed. Please try again; if it persists, "
                             "tell the administrator the incident number {incident}."),
    "nav.admin": ("账号管理", "Accounts"),
    "nav.account": ("我的账号", "My account"),
    "admin.title": ("账号管理", "Accounts"),
    "admin.users": ("用户", "Users"),
    "admin.sessions": ("在线会话", "Active sessions"),
    "admin.record": ("登录日志", "Sign-in record"),
    "admin.streets": ("街道", "Streets"),
    "admin.add_user": ("新增用户", "Add a user"),
    "admin.username": ("用户名", "User name"),
    "admin.display_name": ("姓名", "Display name"),
    "admin.role": ("角色", "Role"),
    "admin.street": ("街道（街道干部必填）", "Street (street officials)"),
    "admin.password": ("初始密码（留空则自动生成）", "Initial password (blank: generate one)"),
    "admin.add": ("新增", "Add"),
    "admin.added": ("已新增用户 {username}。", "User {username} added."),
    "admin.new_password": ("{username} 的新密码（只显示这一次，请转告本人）：", "New password for {username} (shown only this once; pass it on):"),
    "admin.pick_user": ("管理用户", "Manage a user"),
    "admin.change_role": ("修改角色和街道", "Change role and street"),
    "admin.save_role": ("保存角色", "Save role"),
    "admin.role_saved": ("已修改 {username} 的角色，其会话已结束。", "Role of {username} changed; their sessions ended."),
    "admin.disable": ("停用账号", "Disable"),
    "admin.enable": ("启用账号", "Enable"),
    "admin.disabled_done": ("已停用 {username}，其会话已结束。", "{username} disabled; their sessions ended."),
    "admin.enabled_done": ("已启用 {username}。", "{username} enabled."),
    "admin.reset_password": ("重置密码", "Reset password"),
    "admin.password_reset": ("已重置 {username} 的密码，其会话已结束。", "Password of {username} reset; their sessions ended."),
    "admin.unlock": ("解除登录限制", "Clear sign-in throttling"),
    "admin.unlocked": ("已解除 {username} 的登录限制。", "Sign-in throttling of {username} cleared."),
    "admin.state": ("状态", "State"),
    "admin.active": ("启用", "active"),
    "admin.inactive": ("停用", "disabled"),
    "admin.session_count": ("在线会话", "Sessions"),
    "admin.created": ("创建时间", "Created"),
    "admin.signed_in_at": ("登录时间", "Signed in"),
    "admin.last_seen": ("最近活动", "Last seen"),
    "admin.expires": ("到期", "Expires"),
    "admin.client": ("客户端", "Client"),
    "admin.end_session": ("结束所选会话", "End the selected session"),
    "admin.session_ended": ("会话已结束。", "Session ended."),
    "admin.no_sessions": ("没有在线会话。", "No active sessions."),
    "admin.record_filter": ("按用户名筛选", "Filter by user name"),
    "admin.when": ("时间", "When"),
    "admin.event": ("事件", "Event"),
    "admin.by": ("操作人", "By"),
    "admin.detail": ("说明", "Detail"),
    "admin.add_street": ("新增街道", "Add a street"),
    "admin.street_name": ("街道名称", "Street name"),
    "admin.street_added": ("已新增街道 {name}。", "Street {name} added."),
    "event.signed_in": ("登录成功", "signed in"),
    "event.refused": ("登录被拒（用户名或密码错误、账号停用）", "refused (wrong name or password, or disabled)"),
    "event.throttled": ("登录被拒（尝试过于频繁）", "refused (too many tries)"),
    "event.signed_out": ("退出登录", "signed out"),
    "event.user_added": ("新增用户", "user added"),
    "event.role_changed": ("修改角色", "role changed"),
    "event.disabled": ("停用账号", "disabled"),
    "event.enabled": ("启用账号", "enabled"),
    "event.password_set": ("设置密码", "password set"),
    "event.unlocked": ("解除登录限制", "throttling cleared"),
    "event.session_ended": ("结束会话", "session ended"),
    "account.title": ("我的账号", "My account"),
    "account.change_password": ("修改密码", "Change password"),
    "account.current": ("当前密码", "Current password"),
    "account.new": ("新密码", "New password"),
    "account.repeat": ("再次输入新密码", "New password again"),
    "account.mismatch": ("两次输入的新密码不一致，密码未修改。", "The new passwords differ; nothing was changed."),
    "account.save": ("修改密码", "Change password"),
    "auth.expired": ("长时间未操作，已自动退出，请重新登录。", "Signed out after a period of inactivity; please sign in again."),
    "cli.password": ("密码：", "Password: "),
    "cli.password_again": ("再次输入密码：", "Password again: "),
    "cli.password_mismatch": ("两次输入的密码不一致。", "The passwords differ."),
    "cli.done": ("完成。", "Done."),
    "service.denied": ("无权执行此操作，未作任何修改。", "You are not allowed to do this; nothing was changed."),
    "service.invalid": ("输入有误，未保存。", "Some values are not valid; nothing was saved."),
    "service.conflict": ("保存被拒绝：在您打开之后，他人已修改了该项目。请查看最新数据后重新提交。",
                         "Not saved: someone changed this project after you opened it. Check the current values and apply your change again."),
    "service.no_project": ("项目不存在。", "No such project."),
    "service.no_issue": ("问题不存在。", "No such problem."),
    "service.bad_follow_up": ("跟踪记录须有调度层级、状态和说明。", "A follow-up needs a dispatch level, a status and a note."),
    "service.bad_scores": ("评分超出范围（效益 0–40，问题 0–30，进度 0–30）。",
                           "Scores out of range (benefit 0-40, problems 0-30, progress 0-30)."),
    "service.bad_agenda": ("议程须列出已有街道，且不重复。", "An agenda lists known streets, each once."),
    "service.bad_street": ("街道名无效或已存在：“{name}”。", "Street name empty or already used: \"{name}\"."),
    "import.history_note_by": ("{actor} 导入 {name}", "imported from {name} by {actor}"),
    "unit.wan": ("万元", "10k CNY"),
}


def t(key: str, lang: str = DEFAULT_LANG, **kwargs) -> str:
    """The text for `key` in `lang`, with `{placeholders}` filled from kwargs."""
    zh, en = _TEXTS[key]
    text = en if lang == "en" else zh
    return text.format(**kwargs) if kwargs else text


def label(field: str, code: str, lang: str = DEFAULT_LANG) -> str:
    """The label of a code (e.g. label("stage", "new") == "新开工")."""
    zh, en = _CODE_LABELS[field][code]
    return en if lang == "en" else zh


def code_labels(field: str) -> dict[str, tuple[str, str]]:
    """code -> (中文, English) for one field; the importer accepts all of them."""
    return _CODE_LABELS[field]


YES_NO_FIELDS = ("suspended", "city_key")


def fmt_value(field: str, value, lang: str = DEFAULT_LANG) -> str:
    """A field's value as a person reads it, wherever it comes from (a project, or its history,
    which keeps "True"/"False" and codes): "—" for none, 是/否, a code's label."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if field in YES_NO_FIELDS:
        return t("value.yes" if value in (True, "True") else "value.no", lang)
    if field in _CODE_LABELS and value in _CODE_LABELS[field]:
        return label(field, value, lang)
    return str(value)


def fmt_wan(wan: Decimal) -> str:
    """An amount in 万元, exact, with thousands separators: 62600 -> '62,600.00'."""
    return f"{wan:,.2f}"


def fmt_when(moment) -> str:
    """A stored UTC moment in the district's time, to the minute (naive moments are UTC)."""
    if moment is None or moment != moment:  # NaT
        return "—"
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(settings().zone).strftime("%Y-%m-%d %H:%M")


def fmt_date(day) -> str:
    """A date as 2018-03-31, or "—" when there is none."""
    return "—" if day is None or day != day else day.isoformat()  # day != day: NaN/NaT


def fmt_rate(rate: float | None) -> str:
    """0.8302 -> '83.0%'; an undefined rate (zero denominator) -> '—'."""
    return "—" if rate is None else f"{rate * 100:.1f}%"


def fmt_yi(wan: Decimal | int | float | None, lang: str = DEFAULT_LANG, unit: bool = True) -> str:
    """An amount in 万元 shown in 亿元: 8585000 -> '858.5 亿元' (or '858.5' without the unit)."""
    if wan is None:
        return "—"
    yi = (Decimal(wan) / 10000).quantize(Decimal("0.01")).normalize()
    return f"{yi:,f} {t('unit.yi', lang)}" if unit else f"{yi:,f}"
