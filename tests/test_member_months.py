"""Member months (§3.10.2.1, ruling MM1) against a slow reference that expands spans to member-days."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

import tenncare_calc as tc
from tenncare_calc.core.errors import InvalidValueError, RejectedRowsError
from tenncare_calc.core.values import exact_context
from tests.strategies import YEARS, enrollment_spans

PLACES = Decimal("1E-10")


def _months(year: int) -> list[dt.date]:
    return [dt.date(year, m, 1) for m in range(1, 13)]


def _days_in(month: dt.date) -> int:
    following = dt.date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    return (following - month).days


def reference_member_days(spans: list[tuple[Any, ...]], year: int) -> set[tuple[Any, dt.date]]:
    """Every (member, day) of ``year`` on which some span of the member is enrolled."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    days = set()
    for member, start, end in spans:
        day = max(start, first)
        stop = last if end is None else min(end, last)
        while day <= stop:
            days.add((member, day))
            day += dt.timedelta(days=1)
    return days


def reference(spans: list[tuple[Any, ...]], year: int, convention: str) -> dict[dt.date, Decimal]:
    """Member months by month, from the expanded member-days, rounded as the library documents."""
    days = reference_member_days(spans, year)
    result = {}
    for month in _months(year):
        in_month = [(m, d) for m, d in days if (d.year, d.month) == (month.year, month.month)]
        if convention == "prorated":
            exact = Fraction(len(in_month), _days_in(month))
            with exact_context():
                value = (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(
                    PLACES, rounding=ROUND_HALF_UP
                )
        elif convention == "any_day":
            value = Decimal(len({m for m, _ in in_month}))
        else:
            value = Decimal(len({m for m, d in in_month if d == month}))
        result[month] = value
    return result


def as_table(spans: list[tuple[Any, ...]]) -> dict[str, list[Any]]:
    """Return spans as a mapping of columns."""
    return {
        "member_id": [s[0] for s in spans],
        "start_date": [s[1] for s in spans],
        "end_date": [s[2] for s in spans],
    }


CONVENTION = st.sampled_from(["prorated", "any_day", "first_of_month"])


@given(st.data(), YEARS, CONVENTION)
def test_member_months_equal_the_expanded_member_days(
    data: st.DataObject, year: int, convention: str
) -> None:
    """By month and total match the reference on overlapping, duplicate and open-ended spans."""
    spans = data.draw(enrollment_spans(year))
    result = tc.member_months(as_table(spans), year=year, convention=convention)
    expected = reference(spans, year, convention)
    assert result.by_month == expected
    assert list(result.by_month) == _months(year)
    assert result.total == sum(expected.values(), Decimal(0))
    members = {m for m, _ in reference_member_days(spans, year)}
    assert result.members == len(members)
    if convention == "prorated":
        exact = sum(
            (
                Fraction(
                    sum(1 for _, d in reference_member_days(spans, year) if d.month == month.month),
                    _days_in(month),
                )
                for month in _months(year)
            ),
            Fraction(0),
        )
        assert result.exact_total == exact
        assert abs(Fraction(result.total) - exact) <= Fraction(6, 10**10)


@given(st.data(), YEARS, CONVENTION)
def test_per_member_rows_match_the_reference_member_by_member(
    data: st.DataObject, year: int, convention: str
) -> None:
    """The per-member table has one row per enrolled member, its days and its months."""
    spans = data.draw(enrollment_spans(year))
    result = tc.member_months(as_table(spans), year=year, convention=convention, per_member=True)
    table = result.per_member.to_pylist()
    assert [row["member_id"] for row in table] == sorted(
        {m for m, _ in reference_member_days(spans, year)}
    )
    for row in table:
        own = [s for s in spans if s[0] == row["member_id"]]
        expected = reference(own, year, convention)
        months = [row[f"m{m:02d}"] for m in range(1, 13)]
        assert months == list(expected.values())
        assert row["member_months"] == sum(months, Decimal(0))
        assert row["member_days"] == len(reference_member_days(own, year))


@given(st.data(), YEARS)
def test_pandas_polars_pyarrow_and_mapping_inputs_give_identical_results(
    data: st.DataObject, year: int
) -> None:
    """Every supported input kind gives the same result, to the last digit and rejected row."""
    spans = data.draw(enrollment_spans(year, max_spans=10))
    spans.append((None, dt.date(year, 1, 1), None))
    spans.append((7, dt.date(year, 3, 1), dt.date(year, 2, 1)))
    columns = as_table(spans)
    inputs = {
        "mapping": columns,
        "pyarrow": pa.table(columns),
        "pandas": pd.DataFrame(columns),
        "polars": pl.DataFrame(columns),
    }
    results = {
        kind: tc.member_months(value, year=year, on_error="collect", per_member=True)
        for kind, value in inputs.items()
    }
    dicts = {kind: r.to_dict() for kind, r in results.items()}
    assert len({json.dumps(d, sort_keys=True) for d in dicts.values()}) == 1
    assert dicts["mapping"]["rows_in"] == dicts["mapping"]["rows_used"] + 2
    tables = [r.per_member.cast(results["mapping"].per_member.schema) for r in results.values()]
    assert all(t.equals(tables[0]) for t in tables)


def test_open_ended_span_runs_to_the_end_of_the_requested_year() -> None:
    """A span with no end date is enrolled through December 31 of the year asked for."""
    result = tc.member_months(
        {"member_id": [1], "start_date": ["2008-12-31"], "end_date": [None]}, year=2008
    )
    assert result.by_month[dt.date(2008, 12, 1)] == Decimal("0.0322580645")
    assert result.total == Decimal("0.0322580645")
    leap = tc.member_months(
        {"member_id": [1], "start_date": ["2007-01-01"], "end_date": [None]}, year=2008
    )
    assert leap.total == 12
    assert leap.member_days[dt.date(2008, 2, 1)] == 29


def test_the_three_conventions_on_one_member() -> None:
    """Enrolled 2008-01-02..2008-02-01: prorated 30/31 + 1/29; any_day 2; first_of_month 1 (Feb)."""
    spans = {"member_id": ["x"], "start_date": ["2008-01-02"], "end_date": ["2008-02-01"]}
    prorated = tc.member_months(spans, year=2008)
    assert prorated.by_month[dt.date(2008, 1, 1)] == Decimal("0.9677419355")
    assert prorated.by_month[dt.date(2008, 2, 1)] == Decimal("0.0344827586")
    any_day = tc.member_months(spans, year=2008, convention="any_day")
    first_of_month = tc.member_months(spans, year=2008, convention="first_of_month")
    assert any_day.total == 2
    assert first_of_month.total == 1
    assert "2008-02: 1 members enrolled on at least one day" in any_day.explain()
    assert "2008-02: 1 members enrolled on 2008-02-01" in first_of_month.explain()
    assert "2008-01: 0 members enrolled on 2008-01-01" in first_of_month.explain()
    assert any_day.exact_total == 2
    assert any_day.member_days == prorated.member_days


def test_bad_rows_raise_or_are_collected_and_rows_always_add_up() -> None:
    """Null member, null start, unparseable date, end before start: raised or reported by row."""
    spans = {
        "member_id": [1, None, 3, 4, 5],
        "start_date": ["2008-01-01", "2008-01-01", None, "2008-02-31", "2008-05-01"],
        "end_date": ["2008-01-31", None, None, None, "2008-04-30"],
    }
    with pytest.raises(
        RejectedRowsError, match=r"4 of 5 rows of 'spans' cannot be used: row 1"
    ) as caught:
        tc.member_months(spans, year=2008)
    assert [row for row, _ in caught.value.rejected] == [1, 2, 3, 4]
    result = tc.member_months(spans, year=2008, on_error="collect")
    assert result.rejected.to_pylist() == [
        {"row": 1, "reason": "member_id is null"},
        {"row": 2, "reason": "start_date is null"},
        {
            "row": 3,
            "reason": "start_date '2008-02-31' is not a date (expected YYYY-MM-DD or M/D/YYYY)",
        },
        {"row": 4, "reason": "end_date 2008-04-30 is before start_date 2008-05-01"},
    ]
    assert result.rows_in == 5 == result.rows_used + result.rejected.num_rows
    assert result.total == 1


def test_arguments_are_checked() -> None:
    """Unknown conventions, bad years and on_error values are typed errors naming the field."""
    spans = {"member_id": [1], "start_date": ["2008-01-01"], "end_date": [None]}
    with pytest.raises(InvalidValueError, match=r"'convention' must be one of 'prorated'"):
        tc.member_months(spans, year=2008, convention="mid_month")
    with pytest.raises(TypeError, match=r"'year' must be a year as a whole number"):
        tc.member_months(spans, year="2008.0")  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError, match=r"'on_error'"):
        tc.member_months(spans, year=2008, on_error="ignore")  # type: ignore[arg-type]


def test_empty_input_gives_zero_in_every_month() -> None:
    """No spans: twelve months of zero, nothing rejected."""
    result = tc.member_months({"member_id": [], "start_date": [], "end_date": []}, year=2009)
    assert result.by_month == dict.fromkeys(_months(2009), Decimal("0E-10"))
    assert result.total == 0
    assert result.rows_in == 0


def test_explanation_and_dict_show_the_arithmetic() -> None:
    """explain() shows each month's division and the row accounting; to_dict() is JSON-ready."""
    spans = {
        "member_id": [1, 1],
        "start_date": ["2008-01-01", "2008-01-10"],
        "end_date": ["2008-01-15", None],
    }
    result = tc.member_months(spans, year=2008)
    text = result.explain()
    assert "2008-01: 31 member days / 31 days = 1.0000000000" in text
    assert "[§3.10.2.1; ruling MM1]" in text
    assert "Rows: 2 in = 2 used + 0 rejected" in text
    data = result.to_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["by_month"]["2008-02-01"] == "1.0000000000"
    assert result.rows()[0] == {
        "month": "2008-01-01",
        "days_in_month": 31,
        "member_days": 31,
        "members_counted": None,
        "member_months": "1.0000000000",
    }


def test_member_months_feed_the_incentive_statement() -> None:
    """The result's .total and .year are what incentive_statement(member_months=...) reads."""
    spans = {
        "member_id": list(range(100)),
        "start_date": ["2007-06-01"] * 100,
        "end_date": [None] * 100,
    }
    months = tc.member_months(spans, year=2008)
    statement = tc.incentive_statement(
        2008,
        member_months=months,
        physical_health=dict.fromkeys(
            [
                "hba1c_testing",
                "hba1c_control",
                "ldl_c_screening",
                "adolescent_well_care",
                "breast_cancer_screening",
                "controlling_high_blood_pressure",
            ]
        ),
        behavioral_health={"antidepressant_medication_management": None, "adhd_follow_up": None},
        capitation=1_000_000,
    )
    assert statement.member_months == Decimal(1200)
    assert statement.line_amount == Decimal("36.00")
    with pytest.raises(
        InvalidValueError, match=r"computed for 2008, but the measurement year is 2009"
    ):
        tc.incentive_statement(
            2009, member_months=months, physical_health=None, behavioral_health=None, capitation=1
        )


def test_ids_may_be_text_or_numbers_and_large() -> None:
    """Text ids and integer ids far apart (hashed path) give the same months as small ids."""
    spans = as_table(
        [(2**62, dt.date(2008, 1, 1), None), (0, dt.date(2008, 1, 1), dt.date(2008, 1, 31))]
    )
    wide = tc.member_months(spans, year=2008, per_member=True)
    assert wide.total == 13
    assert wide.per_member.column("member_id").to_pylist() == [0, 2**62]
    text = tc.member_months({**spans, "member_id": ["b", "a"]}, year=2008, per_member=True)
    assert text.by_month == wide.by_month
    assert text.per_member.column("member_id").to_pylist() == ["a", "b"]


def test_reference_counts_each_day_once() -> None:
    """The reference itself: duplicates and overlaps add no day (guards the oracle)."""
    spans = [(1, dt.date(2008, 1, 1), dt.date(2008, 1, 10))] * 2 + [
        (1, dt.date(2008, 1, 5), dt.date(2008, 1, 12))
    ]
    assert len(reference_member_days(spans, 2008)) == 12
    by_member: dict[int, int] = defaultdict(int)
    for member, _ in reference_member_days(spans, 2008):
        by_member[member] += 1
    assert by_member == {1: 12}


@pytest.mark.parametrize("member", ["x", 1])
def test_every_row_rejected_is_zero_not_a_crash(member: object) -> None:
    """With on_error='collect' and no usable row, member months are zero and every row reported."""
    spans = {"member_id": [member], "start_date": ["2008-02-01"], "end_date": ["2008-01-01"]}
    result = tc.member_months(spans, year=2008, on_error="collect")
    assert (result.total, result.members, result.rows_used) == (0, 0, 0)
    assert result.rejected.num_rows == 1
