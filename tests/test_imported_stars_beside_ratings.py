"""Stars set by an import sit beside the dispatch office's own ratings: the quarterly rating stays as
given, the import adds its own, and the stars in force follow the dates."""
from datetime import date

import sqlalchemy as sa

from roadshow import metrics, services
from roadshow.auth import Actor
from roadshow.models import Rating
from tests.conftest import add_rating
from tests.test_import import row, write_xlsx

DISPATCH = Actor("dispatch", "dispatcher")


def test_an_import_changing_stars_keeps_the_quarterly_rating(engine, tmp_path, on_day):
    services.import_projects(DISPATCH, write_xlsx(tmp_path / "a.xlsx", [row(项目编号="P-1", 星级="")]), engine=engine)
    on_day(date(2018, 3, 31))
    add_rating(engine, 1, "2018Q1", date(2018, 3, 31), 4)
    on_day(date(2018, 5, 15))
    result = services.import_projects(DISPATCH, write_xlsx(tmp_path / "b.xlsx", [row(项目编号="P-1", 星级=2)]),
                                      engine=engine)
    assert result.ok and result.updated == 1
    with engine.connect() as db:
        ratings = [tuple(r) for r in db.execute(sa.select(Rating.cycle, Rating.rated_on, Rating.stars)
                                                .order_by(Rating.rated_on))]
    assert ratings == [("2018Q1", date(2018, 3, 31), 4), ("import-20180515", date(2018, 5, 15), 2)]
    assert list(metrics.star_distribution(engine, 2018, date(2018, 5, 14))["projects"]) == [0, 0, 0, 1, 0]
    assert list(metrics.star_distribution(engine, 2018, date(2018, 5, 15))["projects"]) == [0, 1, 0, 0, 0]


def test_new_projects_imported_with_one_to_five_stars_count_in_the_star_figures(engine, tmp_path, on_day):
    on_day(date(2018, 4, 2))
    rows = [row(项目编号=f"P-{i}", 项目名称=f"项目{i}", 星级=n) for i, n in enumerate((1, 1, 3, 5))]
    assert services.import_projects(DISPATCH, write_xlsx(tmp_path / "a.xlsx", rows), engine=engine).created == 4
    assert list(metrics.star_distribution(engine, 2018, date(2018, 4, 2))["projects"]) == [2, 0, 1, 0, 1]
