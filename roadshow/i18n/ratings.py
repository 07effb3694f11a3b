"""Labels of star ratings (星级动态评价) and the monthly street assessment (月调度考核)."""

CODE_LABELS: dict[str, dict[str, tuple[str, str]]] = {
    "start_state": {
        "on_time": ("按期开复工", "started on time"),
        "late": ("延迟开复工", "started late"),
        "not_yet_due": ("未到计划开工日期", "not yet due to start"),
        "overdue": ("逾期未开工", "not started, past its planned date"),
        "preliminary": ("前期项目", "preliminary project"),
        "suspended": ("停工", "suspended"),
    },
}

TEXTS: dict[str, tuple[str, str]] = {
    "nav.rating": ("星级评定", "Star rating"),
    "nav.stars": ("星级动态", "Star moves"),
    "nav.assessment": ("月调度考核", "Monthly assessment"),

    # cycles
    "cycle.quarter": ("{year}年第{quarter_zh}季度", "Q{quarter} {year}"),
    "cycle.month": ("{year}年{month}月", "{year}-{month:02d}"),
    "cycle.imported": ("导入 {day}", "imported {day}"),

    # the rule in words (from evaluation.toml)
    "rule.sep": ("，", ", "),
    "rule.total": ("每个项目按评价周期最后一天的数据计分（满分 100）：**效益 + 问题 + 进度**，各部分按下列分档计分，"
                   "总分对应星级。", "Each project is scored on the data of the cycle's last day, out of 100: "
                   "**benefit + problems + progress**, each part by the tiers below; the score gives the stars."),
    "rule.benefit": ("**效益**（满分 {max}）= 投资规模 + 市重点 + 类别。总投资 {size}；市重点项目加 {city_key} 分；"
                     "项目类别：{categories}。",
                     "**Benefit** (up to {max}) = size + city key + category. Total investment {size}; a city-level "
                     "key project adds {city_key}; category: {categories}."),
    "rule.size_tier": ("≥ {amount} 得 {points} 分", "≥ {amount}: {points}"),
    "rule.size_rest": ("其余 {points} 分", "less: {points}"),
    "rule.problems": ("**问题**（满分 {max}）：从 {full} 分起，评价日已提出、尚未销号的问题逐个扣分——未过期限的扣 {open} 分；"
                      "逾期的按逾期天数，{overdue}；扣完为止。",
                      "**Problems** (up to {max}): from {full}, each problem raised and not closed on the day costs "
                      "points — {open} when not past its deadline; when overdue, by days overdue: {overdue}; "
                      "never below 0."),
    "rule.overdue_tier": ("{days}扣 {penalty} 分", "{days} −{penalty}"),
    "rule.days_range": ("{low}–{high} 天", "{low}–{high} days"),
    "rule.days_over": ("超过 {days} 天", "over {days} days"),
    "rule.progress": ("**进度**（满分 {max}）= 开复工 + 投资。开复工对比计划开工日期：按期（或无计划日期）{on_time} 分；"
                      "延迟 {late}；尚未开工、未过计划日期 {not_yet_due} 分，已过计划日期 {overdue} 分；前期项目 "
                      "{preliminary} 分；评价日停工 {suspended} 分。投资：年度投资完成率减序时进度（百分点，保留一位小数）"
                      "{gap}，更低 {below} 分；无年度计划投资 {no_plan} 分。",
                      "**Progress** (up to {max}) = start + investment. Start against the planned start date: on "
                      "time (or no planned date) {on_time}; late by {late}; not started and not past the planned "
                      "date {not_yet_due}, past it {overdue}; a preliminary project {preliminary}; suspended on the "
                      "day {suspended}. Investment: the year's completion rate minus 序时进度 (the share of the year "
                      "elapsed), in points to one decimal, {gap}, lower {below}; no annual plan {no_plan}."),
    "rule.late_tier": ("{days} {points} 分", "{days} {points}"),
    "rule.gap_tier": ("≥ {gap} 得 {points} 分", "≥ {gap}: {points}"),
    "rule.stars": ("**星级**：总分 {cuts}，其余 1 星。", "**Stars**: score {cuts}, otherwise 1 star."),
    "rule.star_cut": ("≥ {score} 为 {stars} 星", "≥ {score} {stars} stars"),

    # one project's parts as arithmetic
    "why.benefit": ("规模 {size} + 市重点 {city_key} + 类别 {category} = {total}",
                    "size {size} + city key {city_key} + category {category} = {total}"),
    "why.problems": ("{full} − 待办 {open} 个扣 {open_penalty} − 逾期 {overdue} 个扣 {overdue_penalty} = {total}",
                     "{full} − {open} open ({open_penalty}) − {overdue} overdue ({overdue_penalty}) = {total}"),
    "why.no_problems": ("无未销号问题 {total}", "no open problem {total}"),
    "why.start": ("开复工：{state} {points}", "start: {state} {points}"),
    "why.start_late": ("开复工：延迟 {days} 天 {points}", "start: {days} days late {points}"),
    "why.investment": ("投资：完成 {completion}，序时 {share}，差 {gap} 个百分点 {points}",
                       "investment: {completion} done, {share} of the year elapsed, {gap} points {points}"),
    "why.no_plan": ("投资：无年度计划 {points}", "investment: no annual plan {points}"),
    "why.progress": ("{start} + {investment} = {total}", "{start} + {investment} = {total}"),

    # refusals of the rating services
    "rating.not_over": ("该周期到 {day} 才结束，结束后才能评定。", "This cycle ends on {day}; it can be rated once it is over."),
    "rating.already_confirmed": ("该周期已于 {when} 由 {who} 确认，已确认的星级不再改变。",
                                 "This cycle was confirmed on {when} by {who}; confirmed ratings are not changed."),
    "rating.nothing_to_rate": ("该周期没有待评定的项目。", "No project of this cycle is left to rate."),
    "rating.changed": ("数据已变化，建议星级随之更新，未作确认。请核对后再确认。",
                       "The data changed, and so did the proposals; nothing was confirmed. Please review them and "
                       "confirm again."),
    "rating.bad_cycle": ("“{cycle}”不是有效的评价周期（例如 2018Q2 或 2018-05）。",
                         "\"{cycle}\" is not a rating cycle (e.g. 2018Q2 or 2018-05)."),
    "rating.reason_required": ("调整星级须填写理由。", "An override needs a reason."),
    "rating.reason_too_long": ("理由最多 {limit} 个字符。", "A reason has at most {limit} characters."),
    "rating.bad_stars": ("星级须为 1–5 星。", "Stars are 1 to 5."),
    "rating.other_year": ("该项目属于 {year} 年度计划，不在本周期内。", "That project is in the {year} plan, not in this cycle."),
    "rating.already_rated": ("该项目本周期已评定为 {stars} 星，已评定的星级不再改变。",
                             "That project was already rated {stars} stars in this cycle; a given rating is not "
                             "changed."),
    "rating.same_as_proposed": ("与建议星级相同，无需调整：确认时即采用建议星级。",
                                "That is the proposed rating: no override needed, confirming gives it."),
    "rating.concurrent": ("刚刚有人同时评定了该周期，本次未作修改。请刷新后查看。",
                          "Someone rated this cycle at the same moment; nothing was changed. Reload to see it."),
    "rating.broken_rule": ("评价规则文件有误，请联系管理员：{error}", "The rules file is broken; tell the administrator: {error}"),
    "rating.history_note": ("{cycle}星级动态评价", "{cycle} star rating"),
    "rating.history_override": ("（调整理由：{reason}）", " (overridden: {reason})"),

    # the parts, as table headers
    "rating.benefit": ("效益", "Benefit"),
    "rating.problems": ("问题", "Problems"),
    "rating.progress": ("进度", "Progress"),
    "rating.score": ("总分", "Score"),

    # why stars moved
    "moves.part": ("{part} {old}→{new}", "{part} {old}→{new}"),
    "moves.detail": ("（{detail}）", " ({detail})"),
    "moves.open": ("待办 {old}→{new} 个", "open {old}→{new}"),
    "moves.overdue": ("逾期 {old}→{new} 个", "overdue {old}→{new}"),
    "moves.start": ("{old}→{new}", "{old}→{new}"),
    "moves.gap": ("投资差 {old}→{new} 个百分点", "investment gap {old}→{new} points"),
    "moves.overridden": ("调整理由：{reason}", "overridden: {reason}"),
    "moves.sep": ("；", "; "),

    # the monthly street assessment
    "assessment.formula": ("月度得分（满分 100）= 开复工率 × {start_rate} + 投资完成 × {investment} + 问题按期销号率 × "
                           "{problems_on_time} + 数据更新率 × {data_current}，按当月最后一天（当月未结束时为今天）的数据计算，"
                           "各项保留一位小数；某项没有可考核的内容时计满分。",
                           "Monthly score (out of 100) = start rate × {start_rate} + investment × {investment} + "
                           "problems closed on time × {problems_on_time} + data kept current × {data_current}, on the "
                           "month's last day (today while it runs), each part to one decimal; a part with nothing "
                           "to measure scores its full weight."),
    "assessment.part_start_rate": ("**开复工率**（{weight} 分）：续建、新开工项目中已开复工的比例。",
                                   "**Start rate** ({weight}): the share of continuing and new projects started."),
    "assessment.part_investment": ("**投资完成**（{weight} 分）：年度投资完成率 ÷ 序时进度，最高为 1。",
                                   "**Investment** ({weight}): the year's completion rate ÷ 序时进度 (the share "
                                   "of the year elapsed), at most 1."),
    "assessment.part_problems_on_time": ("**问题按期销号**（{weight} 分）：按期销号的问题 ÷（按期销号 + 逾期销号 + 逾期未销号）；"
                                         "未到期限的未销号问题暂不计，无期限的问题销号即为按期。",
                                         "**Problems closed on time** ({weight}): problems closed by their deadline ÷ "
                                         "(closed by the deadline + closed late + overdue and open); open problems not "
                                         "yet due are not counted, a problem without a deadline is on time when closed."),
    "assessment.part_data_current": ("**数据更新**（{weight} 分）：已开复工项目中，当月报送了累计完成投资的比例。",
                                     "**Data kept current** ({weight}): the share of started projects whose completed "
                                     "investment was reported within the month."),
    "assessment.lists": ("**红黑榜**：得分前 {red} 名上红榜，后 {black} 名上黑榜，同分同榜。",
                         "**Red and black lists**: the best {red} scores on the red list, the weakest {black} on the "
                         "black list, equal scores alike."),
    "assessment.rank": ("排名", "Rank"),
    "assessment.change": ("较上月", "Since last month"),
    "assessment.score": ("得分", "Score"),
    "assessment.start_rate": ("开复工率得分", "Start rate points"),
    "assessment.start_rate_basis": ("开复工", "Started"),
    "assessment.investment": ("投资完成得分", "Investment points"),
    "assessment.investment_basis": ("完成率 ÷ 序时进度", "Completion ÷ time elapsed"),
    "assessment.investment_ratio": ("{completion} ÷ {share}", "{completion} ÷ {share}"),
    "assessment.problems_on_time": ("按期销号得分", "On-time closure points"),
    "assessment.problems_on_time_basis": ("按期销号", "Closed on time"),
    "assessment.data_current": ("数据更新得分", "Data points"),
    "assessment.data_current_basis": ("当月报送", "Reported this month"),
    "assessment.same": ("持平", "same"),
    "assessment.points_of": ("{points} · {basis}", "{points} · {basis}"),
    "assessment.list": ("榜单", "List"),
    "assessment.red": ("红榜", "red list"),
    "assessment.black": ("黑榜", "black list"),
    "assessment.not_applicable": ("不涉及，计满分", "nothing to measure: full points"),

    # the rating page
    "rating.title": ("星级评定", "Star rating"),
    "rating.cycle": ("评价周期", "Cycle"),
    "rating.no_cycle": ("本年度还没有开始的评价周期。", "No rating cycle of this plan year has begun."),
    "rating.confirmed_state": ("{cycle}已于 {when} 由 {who} 确认：共 {rated} 个项目，其中调整 {overridden} 个。已确认的星级不再改变。",
                               "{cycle} was confirmed on {when} by {who}: {rated} projects, {overridden} overridden. "
                               "Confirmed ratings are not changed."),
    "rating.preview": ("本周期到 {day} 结束：以下为截至 {as_of} 的预览，周期结束后才能评定。",
                       "This cycle ends on {day}: a preview as of {as_of}; it can be rated once it is over."),
    "rating.open_state": ("{cycle}已评定 {rated} 个项目（调整 {overridden} 个），其余 {todo} 个待确认。",
                          "{cycle}: {rated} projects rated ({overridden} overridden), {todo} left to confirm."),
    "rating.proposed_state": ("{cycle}尚未评定：以下是 {count} 个项目按现行规则、截至 {as_of} 数据的建议星级。",
                              "{cycle} is not rated yet: the proposed stars of {count} projects by the rule in "
                              "force, on the data of {as_of}."),
    "rating.rule": ("评价规则与示例", "The rule, with a worked example"),
    "rating.rule_of_cycle": ("本周期按 {when} 开始评定时的规则计分（之后修改的规则不影响本周期）。",
                             "This cycle is scored by the rule in force when its rating began ({when}); later "
                             "changes of the rule do not reach it."),
    "example.title": ("示例", "Worked example"),
    "example.facts": ("一个{category}项目，市重点项目，总投资 {investment}；评价日（{as_of}）有 {open} 个未到期限的问题、"
                      "1 个逾期 {overdue_days} 天的问题；比计划开工日期晚 {late_days} 天开工；年度计划投资 {annual}，"
                      "已完成 {completed}（{completion}），序时进度 {share}。",
                      "An {category} project, a city-level key project, total investment {investment}; on the "
                      "day ({as_of}) it has {open} open problem not past its deadline and 1 problem "
                      "{overdue_days} days overdue; it started {late_days} days after its planned start; annual "
                      "plan {annual}, {completed} done ({completion}) with {share} of the year elapsed."),
    "example.total": ("总分 = {benefit} + {problems} + {progress} = **{score}** → **{stars} 星**",
                      "Score = {benefit} + {problems} + {progress} = **{score}** → **{stars} stars**"),
    "rating.star_count": ("{stars}", "{stars}"),
    "rating.against_previous": ("较上期", "against before"),
    "rating.moves": ("较各项目上期星级：上升 {up} 个，下降 {down} 个，其中下降两星及以上 {fell_two} 个；首次评定 {new} 个。",
                     "Against each project's stars before: {up} up, {down} down, {fell_two} of them by two stars "
                     "or more; {new} rated for the first time."),
    "rating.search": ("搜索项目", "Search projects"),
    "rating.only_changed": ("只看星级有变化的", "Changed stars only"),
    "rating.previous": ("上期", "Before"),
    "rating.proposed": ("建议星级", "Proposed"),
    "rating.given": ("评定星级", "Given"),
    "rating.pending": ("待确认", "to confirm"),
    "rating.reason": ("调整理由", "Override reason"),
    "rating.basis": ("计分依据", "How it adds up"),
    "rating.override": ("调整单个项目", "Override one project"),
    "rating.project": ("项目", "Project"),
    "rating.pick_hint": ("选择一个待确认的项目", "Pick a project to confirm"),
    "rating.part_line": ("{part}：{text}", "{part}: {text}"),
    "rating.basis_of": ("{cycle}的计分依据", "How {cycle} adds up"),
    "rating.project_option": ("{name}（{code}）· 建议 {stars}", "{name} ({code}) · proposed {stars}"),
    "rating.stars_given": ("评定为", "Rate it"),
    "rating.override_reason": ("调整理由（必填，将记入项目变更记录）", "Reason (required; it goes into the project's history)"),
    "rating.override_submit": ("调整并评定该项目", "Override and rate this project"),
    "rating.pick_project_and_stars": ("请选择项目和星级。", "Pick a project and its stars."),
    "rating.overridden": ("已将“{name}”评定为 {stars}。", "\"{name}\" rated {stars}."),
    "rating.confirm_title": ("确认本周期", "Confirm the cycle"),
    "rating.confirm_check": ("我已核对待确认的 {count} 个项目的建议星级", "I have reviewed the proposals of the {count} projects to confirm"),
    "rating.confirm": ("确认 {count} 个项目的建议星级", "Confirm the proposals of {count} projects"),
    "rating.confirmed": ("{cycle}已确认：{count} 个项目按建议星级评定。", "{cycle} confirmed: {count} projects rated as proposed."),
    "rating.stars": ("星级", "Stars"),
    "rating.rated_on": ("评价日", "As of"),
    "rating.note": ("说明", "Note"),
    "rating.by": ("评定", "Rated by"),
    "rating.imported": ("导入的星级（未按规则计分）", "imported stars (not scored by the rule)"),
    "rating.override_note": ("调整（建议 {proposed}）：{reason}", "overridden (proposed {proposed}): {reason}"),

    # the leaders' star page
    "stars.title": ("星级动态", "Star ratings over time"),
    "stars.none_yet": ("截至 {as_of} 还没有确认的评价周期。", "No rating cycle was confirmed by {as_of}."),
    "stars.in_force": ("截至所选日期的星级：{cycle}（评价日 {day}），{who} 于 {when} 确认。",
                       "Stars in force on the chosen day: {cycle} (as of {day}), confirmed by {who} on {when}."),
    "stars.rule": ("{cycle}的评价规则与示例", "The rule of {cycle}, with a worked example"),
    "stars.moves": ("星级变化", "Moves"),
    "stars.no_previous": ("还没有可对比的上一评价周期。", "There is no earlier cycle to compare with yet."),
    "stars.compared": ("{current}对比{previous}：两期都评定过的项目。", "{current} against {previous}: the projects rated in both."),
    "stars.up": ("上升", "Up"),
    "stars.down": ("下降", "Down"),
    "stars.fell_two": ("下降两星及以上", "Fell two stars or more"),
    "stars.same": ("持平", "Unchanged"),
    "stars.before": ("上期", "Before"),
    "stars.after": ("本期", "Now"),
    "stars.change": ("变化", "Change"),
    "stars.why": ("原因（变化的部分）", "Why (the parts that changed)"),
    "stars.fell_two_title": ("下降两星及以上的项目", "Projects that fell two stars or more"),
    "stars.nobody_fell": ("没有下降两星及以上的项目。", "No project fell two stars or more."),
    "stars.all_moves": ("所有升降的项目", "Every project that moved"),
    "stars.nothing_moved": ("没有项目的星级发生变化。", "No project's stars changed."),
    "chart.street_stars": ("各街道平均星级", "Average stars by street"),
    "chart.other_streets": ("其余 {count} 个街道", "{count} other streets"),
    "chart.average_stars": ("平均星级", "Average stars"),

    # the assessment page
    "assessment.title": ("月调度考核", "Monthly street assessment"),
    "assessment.month": ("考核月份", "Month"),
    "assessment.as_of": ("按 {day} 的数据计算 · {count} 个街道", "On the data of {day} · {count} streets"),
    "assessment.rule": ("考核办法", "How streets are scored"),
    "assessment.red_title": ("● 红榜", "● Red list"),
    "assessment.black_title": ("● 黑榜", "● Black list"),
    "assessment.listed": ("{rank}. {street}街道 · {score} 分", "{rank}. {street} · {score}"),
    "assessment.download": ("下载通报（xlsx）", "Download the bulletin (xlsx)"),
    "assessment.sheet": ("月调度考核通报", "Monthly assessment"),
    "assessment.rule_sheet": ("考核办法", "How streets are scored"),
    "assessment.file": ("{year}年{month}月调度考核通报.xlsx", "assessment-{year}-{month:02d}.xlsx"),
}
