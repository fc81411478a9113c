"""The claims checks' fast paths give what the slow ones give (issue 15).

``percent_of_billed_charges_table`` reads typed amounts (integers, ``decimal128``) where they are
and converts only the claims it compares; ``label_categories(array, rows)`` reads the codes of some
rows in place; ``global_obstetric_claims_table`` judges a column of integer counts without reading
each distinct count as a decimal. Each must agree with the one-value check (the Decimal rule) on
both sides of and at every line, and with the same table given as text (read the slow way).
"""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from hypothesis import given
from hypothesis import strategies as st

from tenncare_calc.columnar import Column, ColumnKind, read_table
from tenncare_calc.columnar.categories import label_categories
from tenncare_calc.columnar.digit_text import plain_unsigned_decimals
from tenncare_calc.columnar.text_codes import _fixed_width_encoded
from tenncare_calc.compliance import (
    global_obstetric_claim,
    global_obstetric_claims_table,
    percent_of_billed_charges,
    percent_of_billed_charges_table,
)
from tenncare_calc.compliance.claims.claim_rows import optional_amounts, optional_decimals

POBC = "percent_of_billed_charges"
INTEGER_TYPES = [pa.int8(), pa.int16(), pa.int32(), pa.int64(), pa.uint8(), pa.uint32()]


def _as_text(column: pa.Array) -> list[str | None]:
    return [None if value is None else str(value) for value in column.to_pylist()]


class TestStopLossLine:
    """§2.13.2.3 over typed columns: the one comparison, a cent either side of the line and on it."""

    @given(
        st.integers(0, 120),
        st.integers(-2, 2),
        st.sampled_from([2, 3]),
        st.sampled_from(INTEGER_TYPES),
    )
    def test_typed_amounts_are_the_one_value_checks(
        self, threshold: int, cents: int, scale: int, kind: pa.DataType
    ) -> None:
        """Billed a little below, at and above an integer threshold, in decimals of 2 or 3 places."""
        billed = Decimal(threshold) + Decimal(cents).scaleb(-scale)
        rows = {
            "pricing_method": [POBC, POBC, "drg"],
            "billed_amount": pa.array(
                [billed, Decimal(1), Decimal(2)], pa.decimal128(12 + scale, scale)
            ),
            "stop_loss_threshold": pa.array([threshold, None, threshold], kind),
        }
        if billed < 0:
            found = percent_of_billed_charges_table(rows, on_error="collect")
            assert found.rejected.column("row").to_pylist() == [0]
            return
        found = percent_of_billed_charges_table(rows)
        one = percent_of_billed_charges(
            pricing_method=POBC, billed_amount=billed, stop_loss_threshold=threshold
        )
        assert found.column("outcome").to_pylist() == [
            one.outcome.value,
            "not_met",
            "not_applicable",
        ]
        assert found.column("margin").to_pylist() == [one.margin, None, None]
        assert found.column("limit").to_pylist() == [Decimal(threshold), None, None]
        text = percent_of_billed_charges_table(
            {name: _as_text(pa.array(column)) for name, column in rows.items()}
        )
        assert found.column("outcome").equals(text.column("outcome"))

    @given(
        st.lists(st.one_of(st.none(), st.integers(-(2**31), 2**31 - 1)), min_size=1, max_size=30),
        st.integers(0, 3),
        st.sampled_from([pa.int32(), pa.int64()]),
    )
    def test_typed_amounts_read_as_optional_decimals(
        self, values: list[int | None], cut: int, kind: pa.DataType
    ) -> None:
        """Nulls, negatives and values of a sliced integer column: as optional_decimals reads them."""
        cut = min(cut, len(values) - 1)
        column = pa.array(values, kind).slice(cut)

        def read(reader: object) -> tuple[object, object, object]:
            table = read_table(
                {"amount": column}, [Column("amount", ColumnKind.LABEL, nullable=True)], name="t"
            )
            return reader(table, "amount")  # type: ignore[operator, no-any-return]

        table, amounts, known = read(optional_amounts)
        slow_table, slow, slow_known = read(optional_decimals)
        assert known.tolist() == slow_known.tolist()  # type: ignore[attr-defined]
        rejected = table.check(on_error="collect").rejected  # type: ignore[attr-defined]
        assert rejected.equals(slow_table.check(on_error="collect").rejected)  # type: ignore[attr-defined]
        rows = np.flatnonzero(np.asarray(known))
        assert amounts.take(rows).equals(slow.take(pa.array(rows, pa.int64())))  # type: ignore[attr-defined]


class TestCodesOfSomeRows:
    """``label_categories(array, rows)`` is ``label_categories(array.take(rows))``."""

    @given(
        st.lists(st.sampled_from(["T1019", "t1019", "99213", " 9921", "S5125"]), min_size=1),
        st.lists(st.integers(0, 20_000 - 1), max_size=40),
    )
    def test_rows_read_in_place(self, codes: list[str], chosen: list[int]) -> None:
        """Codes of one width (long enough for the fast path) and of mixed widths."""
        for values in (codes, [code.strip() for code in codes]):
            array = pa.array((values * (20_000 // len(values) + 1))[:20_000])
            rows = np.array(chosen, dtype=np.int64)
            fast = label_categories(array, rows)
            slow = label_categories(array.take(pa.array(rows, pa.int64())))
            assert fast.index.tolist() == slow.index.tolist()
            assert fast.dictionary.equals(slow.dictionary)


class TestEncounterCounts:
    """§2.12.7.32 over a typed column of counts: at least one record, as the one-value check."""

    @given(
        st.lists(st.one_of(st.none(), st.integers(-1, 4)), min_size=1, max_size=25),
        st.sampled_from([pa.int8(), pa.int64(), pa.uint16()]),
    )
    def test_typed_counts_are_the_one_value_checks(
        self, counts: list[int | None], kind: pa.DataType
    ) -> None:
        """0 (below the line), 1 (on it), more, nulls and negatives (rejected), typed and as text."""
        if pa.types.is_unsigned_integer(kind):
            counts = [None if count is None else abs(count) for count in counts]
        data = {
            "procedure_code": ["59400"] * len(counts),
            "encounters": pa.array(counts, kind),
        }
        found = global_obstetric_claims_table(data, codes=["59400"], on_error="collect")
        usable = [row for row, count in enumerate(counts) if count is not None and count >= 0]
        assert found.column("row").to_pylist() == usable
        expected = [
            global_obstetric_claim(procedure_code="59400", encounters=counts[row], codes=["59400"])
            for row in usable
        ]
        assert found.column("outcome").to_pylist() == [one.outcome.value for one in expected]
        assert found.column("margin").to_pylist() == [one.margin for one in expected]
        text = global_obstetric_claims_table(
            {**data, "encounters": _as_text(data["encounters"])},
            codes=["59400"],
            on_error="collect",
        )
        assert found.arrow.equals(text.arrow)


@given(st.integers(3, 8), st.integers(0, 3), st.sampled_from([0, 1, 5]))
def test_codes_of_one_width_differing_in_the_last_rows(width: int, last: int, start: int) -> None:
    """The last rows (read alone, their eight bytes past the data's end) differ in one byte."""
    code = "9" * width
    other = "9" * (width - 1) + "8"
    values = [code] * 20_000 + [other if row == last else code for row in range(4)]
    array = pa.array(values).slice(start)
    found = _fixed_width_encoded(array)
    assert found is not None
    expected = pc.dictionary_encode(array)
    assert found[0].tolist() == expected.indices.to_pylist()
    assert found[1].equals(expected.dictionary)


def test_counts_beyond_int64_are_read_as_decimals() -> None:
    """A uint64 column of counts past int64's range is read exactly, and refused as too many.

    More than 1,000,000,000 records is more than the one-value check takes: each row is rejected,
    its count shown whole.
    """
    big = 2**64 - 2
    found = global_obstetric_claims_table(
        {"procedure_code": ["59400"] * 3, "encounters": pa.array([big, big + 1, 7], pa.uint64())},
        codes=["59400"],
        on_error="collect",
    )
    assert found.rejected.to_pylist() == [
        {"row": row, "reason": f"encounters {count} is more than 1,000,000,000"}
        for row, count in enumerate([big, big + 1])
    ]
    assert found.column("outcome").to_pylist() == ["met"]
    assert found.column("measured").to_pylist() == [Decimal(7)]


_AMOUNT_TEXTS = st.one_of(
    st.none(),
    st.decimals(min_value=-(10**6), max_value=10**9, places=2, allow_nan=False).map(str),
    st.sampled_from(
        [
            "80000",
            "1e3",
            ".5",
            "+7",
            "-0",
            "0.00000000001",
            "1" * 29,
            " 5",
            "12,345.67",
            "$5",
            "x",
            "",
            "7.593511982797345e-252",
            "1e-20",
        ]
    ),
)


def _assert_read_as_value_by_value(texts: list[str | None]) -> None:
    """Assert optional_amounts reads ``texts`` as optional_decimals reads them, value by value.

    The same rows rejected for the same reasons, the same rows with an amount, and the same
    value (and type) for every amount taken.
    """
    columns = [Column("billed_amount", ColumnKind.LABEL, nullable=True)]
    fast_table, fast, fast_known = optional_amounts(
        read_table({"billed_amount": pa.array(texts, pa.string())}, columns, name="claims"),
        "billed_amount",
    )
    slow_table, slow, slow_known = optional_decimals(
        read_table({"billed_amount": pa.array(texts, pa.string())}, columns, name="claims"),
        "billed_amount",
    )
    assert fast_known.tolist() == slow_known.tolist()
    fast_rejected = fast_table.check(on_error="collect").rejected.to_pylist()
    assert fast_rejected == slow_table.check(on_error="collect").rejected.to_pylist()
    rejected = {row["row"] for row in fast_rejected}
    taken = [row for row in range(len(texts)) if slow_known[row] and row not in rejected]
    assert fast.take(taken).equals(slow.take(pa.array(taken, pa.int64())))


@given(st.lists(_AMOUNT_TEXTS, min_size=1, max_size=30))
def test_text_amounts_read_once_are_the_amounts_read_value_by_value(
    texts: list[str | None],
) -> None:
    """Text amounts cast whole (when every one casts) equal those optional_decimals reads."""
    _assert_read_as_value_by_value(texts)


#: Texts of digits and points only: plain unsigned decimals, and cells that only look so (``.``,
#: ``1.2.3``, an empty cell, more than 11 bytes).
_DIGIT_TEXTS = st.one_of(st.none(), st.text(alphabet="0123456789.", max_size=13))


@given(st.lists(_DIGIT_TEXTS, min_size=1, max_size=30))
def test_plain_text_amounts_left_unread_are_the_amounts_read_value_by_value(
    texts: list[str | None],
) -> None:
    """A column of plain unsigned decimals, not read until its rows are taken, gives the same amounts.

    As the test above, over texts of digits and points, where the column is read the plain way
    whenever :func:`plain_unsigned_decimals` says it may be (and the slow way otherwise).
    """
    _assert_read_as_value_by_value(texts)


@given(st.lists(_DIGIT_TEXTS, min_size=1, max_size=30))
def test_a_column_called_plain_is_read_exactly_by_the_decimal_cast(texts: list[str | None]) -> None:
    """Every cell of a column called plain is a decimal >= 0 the cast reads as written.

    The claim the plain path rests on: pyarrow's cast to ``decimal256(60, 30)`` (and to
    ``decimal128(38, 10)``) reads each cell, and reads it as Python's ``Decimal`` does.
    """
    array = pa.array(texts, pa.string())
    if not plain_unsigned_decimals(array, scale=10):
        return
    for kind in (pa.decimal256(60, 30), pa.decimal128(38, 10)):
        values = array.cast(kind).to_pylist()
        expected = [None if text is None else Decimal(text) for text in texts]
        assert values == expected
        assert all(value is None or value >= 0 for value in values)


def test_plain_decimals_end_at_eleven_bytes() -> None:
    """Eleven bytes are plain (10 decimals at most, 11 digits at most); twelve are read the slow way."""
    assert plain_unsigned_decimals(pa.array(["0.123456789", "12345678901"]), scale=10)
    assert not plain_unsigned_decimals(pa.array(["0.1234567890"]), scale=10)
    assert not plain_unsigned_decimals(pa.array(["123456789012"]), scale=10)
    assert plain_unsigned_decimals(pa.array(["1.5"]), scale=2)
    assert not plain_unsigned_decimals(pa.array(["12.5"]), scale=2)
    # every byte that is not a digit or the point sends the column the slow way
    for byte in (*range(0x30), *range(0x3A, 0x80)):
        if byte != ord("."):
            cell = "1" + chr(byte)
            assert not plain_unsigned_decimals(pa.array([cell]), scale=10), cell
    assert plain_unsigned_decimals(pa.array(["1" + str(digit) for digit in range(10)]), scale=10)
    assert not plain_unsigned_decimals(pa.chunked_array([["1"]]), scale=10)
    assert not plain_unsigned_decimals(pa.array([1]), scale=10)
