"""Labels of the places above the streets (city, district), rankings at each level, capped charts,
paged tables, and the benchmarks' scale."""

TEXTS: dict[str, tuple[str, str]] = {
    "auth.no_such_district": ("没有名为“{name}”的区县。", "There is no district named “{name}”."),
    "auth.district_ambiguous": ("有多个名为“{name}”的区县，请写明所属城市，如“大连市/{name}”。",
                                "Several districts are named “{name}”: name its city too, e.g. “大连市/{name}”."),
}
