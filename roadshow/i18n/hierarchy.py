"""Labels of the places above the streets (city, district), rankings at each level, capped charts,
paged tables, and the benchmarks' scale."""

TEXTS: dict[str, tuple[str, str]] = {
    "auth.no_such_district": ("没有名为“{name}”的区县。", "There is no district named “{name}”."),
    "auth.district_ambiguous": ("有多个名为“{name}”的区县，请写明所属城市，如“大连市/{name}”。",
                                "Several districts are named “{name}”: name its city too, e.g. “大连市/{name}”."),
}
TEXTS.update({
    "chart.rest.city": ("其余 {count} 个城市", "{count} other cities"),
    "chart.rest.district": ("其余 {count} 个区县", "{count} other districts"),
    "chart.rest.street": ("其余 {count} 个街道", "{count} other streets"),
    "chart.rates_by.city": ("各城市复工率与开工率", "Resumption and new-start rate by city"),
    "chart.rates_by.district": ("各区县复工率与开工率", "Resumption and new-start rate by district"),
    "chart.started_investment.city": ("开复工总投资（亿元）：类别 → 城市", "Started investment by category, city (100M CNY)"),
    "chart.started_investment.district": ("开复工总投资（亿元）：类别 → 区县",
                                          "Started investment by category, district (100M CNY)"),
})
TEXTS.update({
    "paging.page": ("页码", "Page"),
    "paging.of": ("共 {pages} 页，{total} 条", "{pages} pages, {total} rows"),
    "paging.search": ("搜索", "Search"),
    "paging.found": ("搜索到 {count} 条", "{count} found"),
})
TEXTS.update({
    "filter.city": ("城市", "City"),
    "filter.district": ("区县", "District"),
    "filter.city_first": ("请先选择城市", "choose a city first"),
    "filter.district_first": ("请先选择区县", "choose a district first"),
    "filter.scope": ("范围：{city} › {district}", "Scope: {city} › {district}"),
})
TEXTS.update({
    "field.district": ("所属区县", "District"),
    "field.city": ("所属城市", "City"),
    "attention.longest": ("每类列出等待最久的 {rows} 项", "the {rows} longest waiting of each kind are listed"),
})
TEXTS.update({
    "ranking.level": ("排名层级", "Rank"),
    "ranking.level.city": ("城市", "cities"),
    "ranking.level.district": ("区县", "districts"),
    "ranking.level.street": ("街道", "streets"),
    "ranking.title.city": ("城市排名", "City ranking"),
    "ranking.title.district": ("区县排名", "District ranking"),
    "ranking.search_hint": ("名称", "name"),
    "ranking.drill_hint": ("点击一行，查看其下一级的排名。", "Click a row to rank what lies within it."),
    "ranking.pick_row": ("点击表格中的一行（可先搜索），查看该街道的路演汇报。",
                         "Click a row (search first if you like) to open that street's report."),
})
TEXTS.update({
    "meeting.rest": ("{n}. 其余 {count} 个街道", "{n}. The {count} other streets"),
    "meeting.problem_hint": ("街道、项目或问题", "street, project or problem"),
})
TEXTS.update({
    "my.other_district_refused": ("您只能编辑本区县（{district}）的项目。", "You can edit the projects of your own district ({district}) only."),
})
TEXTS.update({
    "admin.district": ("区县", "District"),
    "admin.whole_district": ("（整个{district}）", "(all of {district})"),
})
TEXTS.update({
    "import.wrong_district": ("街道“{street}”不属于区县“{value}”", "street \"{street}\" is not in district \"{value}\""),
})
TEXTS.update({
    "import.unknown_district": ("未知区县“{value}”", "unknown district \"{value}\""),
})
TEXTS.update({
    "chart.average.district": ("全市 {rate}", "City {rate}"),
    "chart.average.city": ("全省 {rate}", "Province {rate}"),
    "meeting.summary.district": ("全市重点项目总体情况", "City summary"),  # a city's districts ranked
    "meeting.summary.city": ("全省重点项目总体情况", "Province summary"),
    "app.title_plain": ("重点项目路演", "Key projects roadshow"),  # several cities: no one place to name
})
TEXTS.update({
    "admin.user_hint": ("用户名、姓名、街道或区县", "user name, name, street or district"),
})
