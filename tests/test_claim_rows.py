"""What the claims checks share (``compliance.claims.claim_rows``): lists, and optional amounts.

These are tests run against the module's mutants (docs/developers.md, "Mutation testing"): each
reading is compared with the amounts written here, apart from the library. An empty cell (null
or blank text) is no amount and holds 0; an absent column is empty everywhere; a column whose
type holds no numbers is refused, naming its type; typed columns (integers, ``decimal128``)
sliced anywhere are read where they are, a negative amount rejecting its row. A list of codes
given as one code is refused, naming the argument; without the data extra, the table forms name
the extra to install.
"""

from __future__ import annotations

import sys
from decimal import Decimal

import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tenncare_calc import InvalidInputError, InvalidTypeError, MissingDependencyError
from tenncare_calc.columnar import Column, ColumnKind, TableInput, read_table
from tenncare_calc.compliance import global_obstetric_claims_table, percent_of_billed_charges
from tenncare_calc.compliance.claims.claim_rows import (
    optional_amounts,
    optional_decimals,
    taken_where,
)

#: The type every amount not kept in its own decimal128 is read as: 30 digits each side.
DECIMAL_TYPE = pa.decimal256(60, 30)


def _claims(array: pa.Array) -> TableInput:
    """Return a table of claims whose ``amount`` column is ``array``."""
    return read_table(
        {"amount": array}, [Column("amount", ColumnKind.LABEL, nullable=True)], name="claims"
    )


class TestOptionalDecimals:
    """``optional_decimals``: the amounts of a column, 0 where a cell is empty."""

    def test_an_absent_column_is_no_amount_on_any_row(self) -> None:
        """Three claims without the column: three zeros of the decimal type, none known."""
        table = read_table(
            {"claim_id": ["a", "b", "c"]},
            [
                Column("claim_id", ColumnKind.LABEL),
                Column("amount", ColumnKind.LABEL, required=False, nullable=True),
            ],
            name="claims",
        )
        _, values, known = optional_decimals(table, "amount")
        assert values.type == DECIMAL_TYPE
        assert values.to_pylist() == [Decimal(0)] * 3
        assert known.tolist() == [False] * 3

    @pytest.mark.parametrize(
        ("array", "amounts"),
        [
            (pa.array(["1.5", None, " ", "2"], pa.string()), ["1.5", None, None, "2"]),
            (pa.array(["1.5", None, "", "2"], pa.large_string()), ["1.5", None, None, "2"]),
            (pa.array(["1.5", None, "2"]).dictionary_encode(), ["1.5", None, "2"]),
            (pa.array(["1.5", "2"]).dictionary_encode(), ["1.5", "2"]),
            (pa.array([1, 2, None]).dictionary_encode(), ["1", "2", None]),
            (pa.array([7, None, 0], pa.int32()), ["7", None, "0"]),
            (pa.array([7, None, 0], pa.uint8()), ["7", None, "0"]),
            (pa.array([1.5, None, 2.0], pa.float64()), ["1.5", None, "2"]),
            (
                pa.array([Decimal("1.50"), None, Decimal(2)], pa.decimal128(12, 2)),
                ["1.5", None, "2"],
            ),
            (pa.array([Decimal("1.5"), None], pa.decimal256(40, 3)), ["1.5", None]),
            (pa.nulls(2), [None, None]),
        ],
        ids=[
            "string",
            "large_string",
            "dictionary",
            "dictionary_without_empty_cells",
            "dictionary_of_integers",
            "int32",
            "uint8",
            "float64",
            "decimal128",
            "decimal256",
            "null",
        ],
    )
    def test_each_empty_cell_holds_zero(self, array: pa.Array, amounts: list[str | None]) -> None:
        """Null or blank cells: 0 and not known; every other cell its amount; no row refused."""
        table, values, known = optional_decimals(_claims(array), "amount")
        assert values.to_pylist() == [Decimal(0 if text is None else text) for text in amounts]
        assert known.tolist() == [text is not None for text in amounts]
        assert table.check(on_error="collect").rejected.num_rows == 0

    @pytest.mark.parametrize(
        "array",
        [pa.array([True, None, False]), pa.array([None, b"1"], pa.binary())],
        ids=["bool", "binary"],
    )
    def test_a_column_of_no_numbers_with_an_empty_cell_is_refused(self, array: pa.Array) -> None:
        """A boolean or bytes column is refused, its type named, whether or not a cell is empty."""
        with pytest.raises(InvalidInputError) as raised:
            optional_decimals(_claims(array), "amount")
        assert str(raised.value) == (
            f"column 'amount' of 'claims' must hold numbers (got values of type {array.type})"
        )


#: A typed column's type, and the amounts it holds (in hundredths, as integers).
_TYPED = st.sampled_from(
    [
        (pa.int16(), 10**4),
        (pa.int64(), 10**18),
        (pa.decimal128(12, 2), 10**11),
        (pa.decimal128(38, 2), 10**36),  # more than 30 digits before the point: refused
    ]
)


@given(
    _TYPED,
    st.data(),
    st.integers(0, 3),
    st.integers(0, 3),
)
def test_typed_amounts_sliced_at_either_end_are_read_where_they_are(
    typed: tuple[pa.DataType, int], data: st.DataObject, start: int, cut: int
) -> None:
    """Integers and decimal128s, sliced at the front and the back: the amounts as written.

    A null is no amount; a negative amount, or one of more than 30 digits before the point,
    rejects its row; every other row's amount is taken exactly.
    """
    kind, size = typed
    numbers = data.draw(
        st.lists(st.one_of(st.none(), st.integers(-size + 1, size - 1)), min_size=8, max_size=20)
    )
    if pa.types.is_decimal(kind):
        written = [None if n is None else Decimal(n).scaleb(-2) for n in numbers]
    else:
        written = [None if n is None else Decimal(n) for n in numbers]
    shown = written[start : len(written) - cut]
    array = pa.array(written, kind).slice(start, len(shown))
    table, amounts, known = optional_amounts(_claims(array), "amount")
    assert known.tolist() == [value is not None for value in shown]
    refused = [
        row
        for row, value in enumerate(shown)
        if value is not None and (value < 0 or abs(value) >= 10**30)
    ]
    assert table.check(on_error="collect").rejected.column("row").to_pylist() == refused
    taken = [row for row, value in enumerate(shown) if value is not None and row not in refused]
    assert amounts.take(taken).to_pylist() == [shown[row] for row in taken]


@pytest.mark.parametrize(
    ("array", "raw", "kind", "amounts"),
    [
        (pa.array([5, None, 7], pa.int32()), pa.int32(), pa.decimal128(20, 0), ["5", "7"]),
        (
            pa.array([Decimal("1.5"), None], pa.decimal128(38, 8)),
            pa.decimal128(38, 8),
            pa.decimal128(38, 8),
            ["1.5"],
        ),
        (pa.array(["1.5", None, "20"]), pa.string(), DECIMAL_TYPE, ["1.5", "20"]),
        (pa.array(["+1.5", "20", None]), pa.decimal128(38, 10), DECIMAL_TYPE, ["1.5", "20"]),
        (
            pa.array(["+1.5", "20", None], pa.large_string()),
            pa.decimal128(38, 10),
            DECIMAL_TYPE,
            ["1.5", "20"],
        ),
    ],
    ids=["int32", "decimal128", "plain_text", "signed_text", "signed_large_text"],
)
def test_typed_and_text_columns_are_read_only_where_taken(
    array: pa.Array, raw: pa.DataType, kind: pa.DataType, amounts: list[str]
) -> None:
    """Integers, decimal128s of up to 30 digits before the point and plain text are kept as received.

    Text that is not plain (a sign) is read once as ``decimal128(38, 10)``; only the rows taken
    are read as ``kind`` (``decimal128(20, 0)`` for integers, the column's own decimal128, and
    ``decimal256(60, 30)`` for text), not every row of the column.
    """
    _, found, known = optional_amounts(_claims(array), "amount")
    assert (found.raw.type, found.kind) == (raw, kind)
    taken = found.take([row for row, value in enumerate(known.tolist()) if value])
    assert taken.type == kind
    assert taken.to_pylist() == [Decimal(text) for text in amounts]


class TestListsGiven:
    """A list of codes the caller gives is a sequence of codes, named by its argument."""

    @pytest.mark.parametrize("given", ["T1019", 1019])
    def test_one_code_for_a_list_is_refused(self, given: object) -> None:
        """One code (text or a number) where a list of them is asked for: its argument named."""
        with pytest.raises(InvalidTypeError) as raised:
            percent_of_billed_charges(pricing_method="drg", no_medicare_method_codes=given)  # type: ignore[arg-type]
        assert (raised.value.field, raised.value.value) == ("no_medicare_method_codes", given)
        assert str(raised.value) == (
            "'no_medicare_method_codes' must be a sequence of codes, such as a list or a column, "
            f"not one {type(given).__name__} (got {given!r})"
        )
        with pytest.raises(InvalidTypeError) as in_table:
            global_obstetric_claims_table({"procedure_code": ["59400"]}, codes=given)  # type: ignore[arg-type]
        assert (in_table.value.field, in_table.value.value) == ("global_obstetric_codes", given)


@pytest.mark.parametrize("package", ["numpy", "pyarrow"])
def test_without_the_data_extra(monkeypatch: pytest.MonkeyPatch, package: str) -> None:
    """Without numpy or pyarrow, reading claims names the extra to install and what it was for."""
    monkeypatch.setitem(sys.modules, package, None)
    with pytest.raises(MissingDependencyError) as raised:
        taken_where(None, None, None)
    assert raised.value.extra == "data"
    assert str(raised.value) == (
        f"checking claims over a table needs the optional package {package!r}, which is not "
        "installed; install it with: pip install 'tenncare-calc[data]'"
    )
