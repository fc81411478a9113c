"""The shared batch-input layer: inputs of every supported kind, parsing, and bad-row accounting."""

from __future__ import annotations

import datetime as dt
import sys

import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tenncare_calc import InvalidInputError, InvalidTypeError, MissingDependencyError
from tenncare_calc.columnar import (
    Column,
    ColumnKind,
    check_on_error,
    encode_ids,
    read_table,
    rejected_records,
)
from tenncare_calc.core.errors import RejectedRowsError

SPANS = (
    Column("member_id", ColumnKind.ID),
    Column("start_date", ColumnKind.DATE),
    Column("end_date", ColumnKind.DATE, nullable=True),
)

ROWS = {
    "member_id": ["A1", "A2", None, "A4", "  ", "A6"],
    "start_date": ["2008-01-01", "2008-02-30", "2008-03-01", None, "2008-01-01", " 2008-06-01 "],
    "end_date": ["2008-01-31", None, "", "2008-05-01", "2008-01-02", "13/5/2008"],
    "ignored": [object()] * 6,
}

EXPECTED_REJECTED = [
    {"row": 1, "reason": "start_date '2008-02-30' is not a date (expected YYYY-MM-DD or M/D/YYYY)"},
    {"row": 2, "reason": "member_id is null"},
    {"row": 3, "reason": "start_date is null"},
    {"row": 4, "reason": "member_id is empty"},
    # D/M/YYYY is never guessed (ruling IN1)
    {"row": 5, "reason": "end_date '13/5/2008' is not a date (expected YYYY-MM-DD or M/D/YYYY)"},
]


def _as(kind: str, rows: dict[str, list[object]]) -> object:
    data = {k: v for k, v in rows.items() if k != "ignored"}
    if kind == "mapping":
        return rows
    if kind == "pyarrow":
        return pa.table(data)
    if kind == "pandas":
        return pd.DataFrame(data)
    return pl.DataFrame(data)


@pytest.mark.parametrize("kind", ["mapping", "pyarrow", "pandas", "polars"])
def test_every_input_kind_rejects_the_same_rows_for_the_same_reasons(kind: str) -> None:
    """Every input kind rejects the same rows for the same reasons."""
    checked = read_table(_as(kind, ROWS), SPANS, name="spans").check(on_error="collect")
    assert rejected_records(checked.rejected) == EXPECTED_REJECTED
    assert checked.rows_in == 6
    assert checked.rows_used == 1
    assert checked.positions().tolist() == [0]
    assert checked.column("start_date").to_pylist() == [dt.date(2008, 1, 1)]
    assert checked.column("end_date").to_pylist() == [dt.date(2008, 1, 31)]
    assert checked.days("start_date").tolist() == [13879]


def test_raise_names_the_first_rows_and_is_a_value_error() -> None:
    """Raise names the first rows and is a value error."""
    with pytest.raises(
        ValueError, match=r"5 of 6 rows of 'spans' cannot be used: row 1: start_date"
    ) as caught:
        read_table(ROWS, SPANS, name="spans").check()
    assert isinstance(caught.value, RejectedRowsError)
    assert caught.value.rejected[0] == (1, EXPECTED_REJECTED[0]["reason"])
    assert len(caught.value.rejected) == 5


def test_dates_of_every_type_parse_to_the_same_calendar_date() -> None:
    """Dates of every type parse to the same calendar date."""
    day = dt.date(2008, 2, 29)
    forms = {
        "date": [day],
        "datetime": [dt.datetime(2008, 2, 29, 23, 59)],  # noqa: DTZ001 - a naive timestamp is a calendar date
        "text": ["2008-02-29"],
        "numpy": np.array(["2008-02-29"], dtype="datetime64[D]"),
        "numpy_ns": np.array(["2008-02-29T12:00"], dtype="datetime64[ns]"),
        "pandas": pd.Series(pd.to_datetime(["2008-02-29 06:00"])),
        "pandas_tz": pd.Series(pd.to_datetime(["2008-02-29 23:30"]).tz_localize("America/Chicago")),
        "arrow_date64": pa.array([day], pa.date64()),
        "dictionary": pa.array(["2008-02-29"]).dictionary_encode(),
    }
    for form, values in forms.items():
        table = read_table({"d": values}, [Column("d", ColumnKind.DATE)], name="t").check()
        assert table.column("d").to_pylist() == [day], form


def test_chunked_and_arrow_backed_columns_become_single_arrays() -> None:
    """Columns backed by pyarrow in pandas, and chunked arrays, are read as one array each."""
    data = {
        "member_id": pd.Series(["a", "b"], dtype="string[pyarrow]"),
        "start_date": pa.chunked_array([["2008-01-01"], ["2008-01-02"]]),
    }
    table = read_table(data, SPANS[:2], name="spans").check()
    assert table.days("start_date").tolist() == [13879, 13880]
    assert isinstance(table.column("member_id"), pa.Array)


def test_untidy_object_columns_take_the_slow_path_and_still_reject_row_by_row() -> None:
    """Untidy object columns take the slow path and still reject row by row."""
    data = {
        "member_id": [1, "2", 3.0, float("nan")],
        "start_date": [dt.date(2008, 1, 1), "2008-01-02", pd.Timestamp("2008-01-03"), "soon"],
    }
    checked = read_table(data, SPANS[:2], name="spans").check(on_error="collect")
    assert checked.column("member_id").to_pylist() == ["1", "2", "3"]
    assert rejected_records(checked.rejected) == [{"row": 3, "reason": "member_id is null"}]


def test_whole_float_ids_are_accepted_and_fractions_rejected() -> None:
    """Whole float ids are accepted and fractions rejected."""
    data = {"member_id": [1.0, 2.5, None], "start_date": ["2008-01-01"] * 3}
    checked = read_table(data, SPANS[:2], name="spans").check(on_error="collect")
    assert checked.column("member_id").to_pylist() == [1]
    assert rejected_records(checked.rejected) == [
        {"row": 1, "reason": "member_id 2.5 is not a whole number"},
        {"row": 2, "reason": "member_id is null"},
    ]


def test_missing_and_mistyped_columns_fail_whatever_on_error_says() -> None:
    """Missing and mistyped columns fail whatever on error says."""
    with pytest.raises(
        InvalidInputError, match=r"lacks the required columns 'start_date', 'end_date'"
    ):
        read_table({"member_id": [1]}, SPANS, name="spans")
    with pytest.raises(InvalidInputError, match=r"column 'start_date' of 'spans' must hold dates"):
        read_table({"member_id": [1], "start_date": [5], "end_date": [None]}, SPANS, name="spans")
    with pytest.raises(InvalidTypeError, match=r"must be a pyarrow Table"):
        read_table([1, 2], SPANS, name="spans")
    with pytest.raises(InvalidTypeError, match=r"LazyFrame"):
        read_table(pl.DataFrame({"member_id": [1]}).lazy(), SPANS, name="spans")
    with pytest.raises(InvalidInputError, match=r"different lengths"):
        read_table({"member_id": [1], "start_date": [], "end_date": []}, SPANS, name="spans")
    with pytest.raises(ValueError, match=r"'on_error' must be 'raise' or 'collect'"):
        check_on_error("skip")


def test_optional_columns_may_be_absent_and_a_pandas_index_counts_as_a_column() -> None:
    """Optional columns may be absent and a pandas index counts as a column."""
    frame = pd.DataFrame({"member_id": [7], "start_date": ["2008-01-01"]}).set_index("member_id")
    table = read_table(
        frame, [*SPANS[:2], Column("plan", ColumnKind.LABEL, required=False)], name="t"
    )
    assert table.has("member_id")
    assert not table.has("plan")


def test_a_missing_data_extra_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    """A missing data extra names the extra."""
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with pytest.raises(MissingDependencyError, match=r"tenncare-calc\[data\]") as caught:
        read_table({"member_id": [1]}, SPANS, name="spans")
    assert caught.value.extra == "data"


def test_custom_rejections_quote_parsed_values_and_keep_the_first_reason() -> None:
    """Custom rejections quote parsed values and keep the first reason."""
    table = read_table(
        {"member_id": [1, None], "start_date": ["2008-02-01"] * 2, "end_date": ["2008-01-01"] * 2},
        SPANS,
        name="spans",
    )
    start, end = table.days("start_date"), table.days("end_date")
    checked = table.reject(end < start, "end_date {end_date} is before start_date {start_date}")
    assert rejected_records(checked.check(on_error="collect").rejected) == [
        {"row": 0, "reason": "end_date 2008-01-01 is before start_date 2008-02-01"},
        {"row": 1, "reason": "member_id is null"},
    ]


@pytest.mark.parametrize(
    ("template", "reason"),
    [
        ("code '{{9}}' is unknown", "code '{9}' is unknown"),  # several pieces of text, no column
        ("a }} alone", "a } alone"),
        ("no braces at all", "no braces at all"),
        ("{{end_date}} is {end_date}", "{end_date} is 2008-01-01"),
    ],
)
def test_a_reason_with_doubled_braces_reads_them_single(template: str, reason: str) -> None:
    """A rejection's reason reads ``{{`` and ``}}`` as one brace, with or without a column in it.

    An unknown code such as ``{9}`` is put in a reason with its braces doubled; a reason with no
    column but more than one piece of text was an internal TypeError (each piece a single value,
    joined into one value, not a column).
    """
    table = read_table(
        {"member_id": [1, 2], "start_date": ["2008-02-01"] * 2, "end_date": ["2008-01-01"] * 2},
        SPANS,
        name="spans",
    )
    checked = table.reject(np.array([True, False]), template).check(on_error="collect")
    assert rejected_records(checked.rejected) == [{"row": 0, "reason": reason}]
    assert checked.rows_used == 1


def test_ids_are_coded_consistently_across_tables() -> None:
    """Ids are coded consistently across tables."""
    text = encode_ids(pa.array(["b", "a"]), pa.array(["a", "c"]))
    assert text.codes[0][1] == text.codes[1][0]
    assert text.decode(text.codes[1]).to_pylist() == ["a", "c"]
    mixed = encode_ids(pa.array([1, 2]), pa.array(["2"]))
    assert mixed.codes[0][1] == mixed.codes[1][0]
    wide = encode_ids(pa.array([0, 2**50]))
    assert wide.decode(wide.codes[0]).to_pylist() == [0, 2**50]


ROW_VALUES = st.fixed_dictionaries(
    {
        "member_id": st.one_of(st.none(), st.integers(0, 5), st.sampled_from(["", " "])).map(
            lambda v: v if v is None or isinstance(v, str) else str(v)
        ),
        "start_date": st.one_of(
            st.none(),
            st.dates(dt.date(2000, 1, 1), dt.date(2010, 1, 1)).map(str),
            st.just("2008-02-30"),
        ),
        "end_date": st.one_of(
            st.none(), st.dates(dt.date(2000, 1, 1), dt.date(2010, 1, 1)).map(str), st.just("x")
        ),
    }
)


@given(st.lists(ROW_VALUES, max_size=30))
def test_rows_in_equal_rows_used_plus_rows_rejected(rows: list[dict[str, object]]) -> None:
    """Rows in equal rows used plus rows rejected."""
    data = {name: [row[name] for row in rows] for name in ("member_id", "start_date", "end_date")}
    checked = read_table(data, SPANS, name="spans").check(on_error="collect")
    rejected = checked.rejected.column("row").to_pylist()
    used = checked.positions().tolist()
    assert checked.rows_in == len(rows) == checked.rows_used + len(rejected)
    assert sorted(used + rejected) == list(range(len(rows)))
    assert len(checked.column("member_id")) == checked.rows_used


@pytest.mark.parametrize("kind", ["mapping", "pyarrow", "pandas", "polars"])
def test_us_dates_are_read_month_first_in_every_input_kind(kind: str) -> None:
    """``M/D/YYYY`` text is a date, month first (ruling IN1), as the CSV reader reads it."""
    rows = {
        "member_id": ["A1", "A2", "A3", "A4", "A5"],
        "start_date": ["1/5/2008", "12/31/2008", " 2/29/2008 ", "2/30/2008", "2008-01-05"],
        "end_date": ["01/05/2008", None, "3/1/2008", None, "1/5/2008"],
    }
    checked = read_table(_as(kind, rows), SPANS, name="spans").check(on_error="collect")
    assert checked.column("start_date").to_pylist() == [
        dt.date(2008, 1, 5),
        dt.date(2008, 12, 31),
        dt.date(2008, 2, 29),
        dt.date(2008, 1, 5),
    ]
    assert checked.column("end_date").to_pylist() == [
        dt.date(2008, 1, 5),
        None,
        dt.date(2008, 3, 1),
        dt.date(2008, 1, 5),
    ]
    assert rejected_records(checked.rejected) == [
        {
            "row": 3,
            "reason": "start_date '2/30/2008' is not a date (expected YYYY-MM-DD or M/D/YYYY)",
        }
    ]


@pytest.mark.parametrize("cell", ["0000-01-05", "1/5/0000", "0000-12-31"])
def test_the_year_zero_is_no_date(cell: str) -> None:
    """There is no year 0: a date written in it rejects its row, as the single values refuse it."""
    rows = {"member_id": ["A1", "A2"], "start_date": ["2008-01-05", cell], "end_date": [None, None]}
    checked = read_table(rows, SPANS, name="spans").check(on_error="collect")
    assert rejected_records(checked.rejected) == [
        {"row": 1, "reason": f"start_date {cell!r} is not a date (expected YYYY-MM-DD or M/D/YYYY)"}
    ]
    assert checked.column("start_date").to_pylist() == [dt.date(2008, 1, 5)]


@pytest.mark.parametrize("cell", ["0000-01-05 10:00", "0000-12-31T10:00:00", "0000-01-05"])
def test_the_year_zero_is_no_moment(cell: str) -> None:
    """A moment column's cell in the year 0 rejects its row, as the single value refuses it."""
    from tenncare_calc.columnar.times import moments  # noqa: PLC0415 - the reader under test

    table = read_table(
        {"at": [cell, "2008-01-05 10:00"]}, [Column("at", ColumnKind.LABEL)], name="t"
    )
    table, micros, _ = moments(table, "at")
    assert [row["row"] for row in table.check(on_error="collect").rejected.to_pylist()] == [0]
    assert int(micros[1]) == 1_199_527_200_000_000
