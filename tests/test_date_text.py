"""Dates written in a file's cells and in options read as ruling IN1 says, the same everywhere.

``YYYY-MM-DD`` and ``M/D/YYYY`` (month first); nothing else (``D/M/YYYY`` is never guessed, and
the other forms ``date.fromisoformat`` takes, ``20080105`` or ``2008-W02-1``, are not dates here).
Plan facts, damages records and the command line's date options read them through
:func:`tenncare_calc.core.dates.date_in_text`, as a table's date column and a single value do.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest

import tenncare_calc as tc
from tenncare_calc import damages
from tenncare_calc.cli import main
from tenncare_calc.core.dates import date_in_text, to_date
from tenncare_calc.program.plan_facts import read_date
from tests.test_cli import SAMPLES

DAY = dt.date(2008, 3, 1)
WRITTEN = ["2008-03-01", "3/1/2008", "03/01/2008", " 3/1/2008 "]
NOT_DATES = ["1/3/2008x", "13/1/2008", "20080301", "2008-W09-6", "2008-02-30", "3/1/08", "0/1/2008"]


@pytest.mark.parametrize("text", WRITTEN)
def test_each_reader_reads_both_forms(text: str) -> None:
    """The cell readers give the day the single value gives."""
    assert to_date(text.strip(), field="d") == DAY
    assert date_in_text(text, field="d") == DAY
    assert read_date(text, field="data_through") == DAY
    record = {"item": "missing_signature_pages", "date": text}
    assert damages.accrual_date(record) == DAY


@pytest.mark.parametrize("text", NOT_DATES)
def test_other_text_is_the_input_error_naming_the_forms(text: str) -> None:
    """Any other text is the library's input error, naming the field, the forms and the text."""
    with pytest.raises(
        tc.InvalidInputError, match=r"must be a date written YYYY-MM-DD or M/D/YYYY"
    ):
        read_date(text, field="data_through")
    with pytest.raises(tc.InvalidInputError, match=r"'date' must be a date written") as caught:
        damages.accrual_date({"item": "missing_signature_pages", "date": text})
    assert caught.value.field == "date"
    assert caught.value.value == text


def test_a_date_option_takes_a_us_date() -> None:
    """``--on 3/31/2009`` is the day ``--on 2009-03-31`` is; ``31/3/2009`` is exit 2, one line."""
    distances = str(SAMPLES / "access_distances.csv")
    outputs = []
    for on in ("2009-03-31", "3/31/2009"):
        out, err = io.StringIO(), io.StringIO()
        code = main(
            ["access", "distance", distances, "--on", on, "--format", "csv"], out=out, err=err
        )
        assert (code, err.getvalue()) == (0, "")
        outputs.append(out.getvalue())
    assert outputs[0] == outputs[1]
    err = io.StringIO()
    code = main(["access", "distance", distances, "--on", "31/3/2009"], out=io.StringIO(), err=err)
    assert code == 2
    assert err.getvalue().splitlines() == [
        (
            "tenncare-calc: error: --on must be a date written YYYY-MM-DD or M/D/YYYY (month "
            "first), such as 2008-01-05 or 1/5/2008 (got '31/3/2009')"
        )
    ]
