"""Text that Python reads as a number but no amount is ("NaN", "Infinity"): refused with a message
beside the field, in forms and imports alike, never a crash."""
import pytest

from roadshow import services
from roadshow.auth import Actor
from roadshow.i18n import t
from roadshow.exchange.importing import import_ledger
from tests.conftest import add_project
from tests.test_import import row, snapshot, write_csv

DISPATCH = Actor("dispatch", "dispatcher")


@pytest.mark.parametrize("text", ["NaN", "Infinity", "-inf", "sNaN"])
def test_a_form_refuses_it_naming_the_field(engine, text):
    pid = add_project(engine)
    before = snapshot(engine)
    with pytest.raises(services.Invalid) as invalid:
        services.update_project(DISPATCH, pid, 1, {"completed_wan": text}, None, engine)
    bad = invalid.value.problems["completed_wan"]
    assert t(bad.key, "zh", **bad.params) == f"“{text}”不是数字"
    assert snapshot(engine) == before


def test_an_import_refuses_it_naming_the_row_and_column(engine, tmp_path):
    bad = row(开复工日期="2018-03-15", **{"总投资(万元)": "Infinity"})
    result = import_ledger(write_csv(tmp_path / "nan.csv", [bad]), actor="t", engine=engine)
    assert [(e.row, e.column, e.message) for e in result.errors] == [(2, "总投资(万元)", "“Infinity”不是数字")]
