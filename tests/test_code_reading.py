"""A code read as one value reads as the table reads the same cell (``core.codes.to_code``).

The table checks read a column of codes with ``columnar.categories.code_categories``: a whole
number of any numeric type is its digits (an int64 column, ``20.0`` in a float column), a number
with a fraction rejects the row ("is not a code"), a missing value rejects it ("is null"). The
one-value checks (``access_distance``, ``access_timeliness``, the claims checks through
``claim_rows.code_text``) refused a numpy integer, a ``Decimal`` and a whole float as of the wrong
type ("must be a code as text or a whole number"), so ``access_distance(np.int64(20), 1)`` failed
where ``access_distance_table`` read the same cell as ``'20'``. Both now read a code with one
reader in the core; these properties compare its reading with the table's, value by value.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tenncare_calc import InvalidTypeError, InvalidValueError, MissingValueError
from tenncare_calc.columnar.categories import code_categories
from tenncare_calc.columnar.tables import Column, ColumnKind, read_table
from tenncare_calc.compliance import (
    access_distance,
    access_distance_table,
    access_timeliness,
    global_obstetric_claim,
)
from tenncare_calc.compliance.access.standards import service_code_text
from tenncare_calc.compliance.claims.claim_rows import code_text
from tenncare_calc.core.codes import to_code

if TYPE_CHECKING:
    from tenncare_calc.core.errors import TennCareError

INT64 = st.integers(min_value=-(2**63), max_value=2**63 - 1)
#: Floats whole to the unit, up to 2^53 (past it a float holds no whole number exactly: no code).
WHOLE_FLOATS = st.integers(min_value=1 - 2**53, max_value=2**53 - 1).map(float)
#: Floats at 2^53 and a few units either side, where both forms stop reading a code.
AT_THE_FLOAT_LIMIT = st.integers(min_value=-4, max_value=4).map(lambda step: float(2**53 + step))
#: Decimals with up to three places, whole or not, either side of 10^21 (no code past it).
DECIMALS = st.builds(
    lambda whole, places, sign: Decimal(whole).scaleb(-places) * sign,
    st.integers(min_value=0, max_value=10**24),
    st.integers(min_value=0, max_value=3),
    st.sampled_from([1, -1]),
)

#: Numbers of each type a cell of a table may hold, whole or not, of any size a column reads.
NUMBERS = st.one_of(
    INT64,
    INT64.map(np.int64),
    st.integers(min_value=0, max_value=2**8 - 1).map(np.uint8),
    WHOLE_FLOATS,
    WHOLE_FLOATS.map(np.float64),
    AT_THE_FLOAT_LIMIT,
    st.floats(),
    st.floats(width=32).map(np.float32),
    st.integers(min_value=-(10**18), max_value=10**18).map(Decimal),
    DECIMALS,
)


def table_reading(value: object) -> str | None:
    """Return the code the table reads from a one-cell column, or None when it rejects the row."""
    table = read_table({"code": [value]}, [Column("code", ColumnKind.LABEL)], name="t")
    table, found = code_categories(table, "code")
    if table.check(on_error="collect").rejected.num_rows:
        return None
    (read,) = found.to_numpy().tolist()
    assert isinstance(read, str)
    return read


def one_value_reading(value: object) -> str | None:
    """Return the code the one-value checks read (access and claims alike), or None if refused."""
    read: list[str | None] = []
    for field, reader in (
        ("service_code", service_code_text),
        ("procedure_code", lambda code: code_text(code, "procedure_code")),
    ):
        try:
            read.append(reader(value))
        except (InvalidValueError, InvalidTypeError) as refused:
            error: TennCareError = refused
            assert (error.field, error.value is value) == (field, True)
            read.append(None)
    assert read[0] == read[1]
    return read[0]


@given(NUMBERS)
@example(np.int64(20))
@example(Decimal(20))
@example(20.0)
@example(20.5)
@example(-0.0)
@example(float(2**53))
@example(float(2**53 - 1))
@example(float("inf"))
@example(1e20)
@example(np.float32(20.5))
@example(Decimal("20.00"))
@example(Decimal("20.50"))
@example(Decimal(10**21))
@example(Decimal(10**21 - 1))
def test_a_number_reads_as_the_table_reads_it(value: object) -> None:
    """A number of any type: the digits the table reads from the same cell, or refused by both."""
    assert one_value_reading(value) == table_reading(value)


@given(
    st.one_of(
        INT64,
        INT64.map(np.int64),
        WHOLE_FLOATS,
        st.floats(min_value=-1e15, max_value=1e15),
        st.integers(min_value=-(10**18), max_value=10**18).map(Decimal),
        DECIMALS.filter(lambda value: abs(value) < 10**21),
    )
)
def test_a_whole_number_is_its_digits(value: object) -> None:
    """A whole number is its digits (as ``int`` writes them); a fraction is a value error."""
    whole = Decimal(repr(float(value))) if isinstance(value, float | np.floating) else value
    if whole == int(whole):  # type: ignore[call-overload]
        assert to_code(value, field="f") == str(int(whole))  # type: ignore[call-overload]
    else:
        with pytest.raises(InvalidValueError) as raised:
            to_code(value, field="f")
        assert not isinstance(raised.value, TypeError)
        assert (raised.value.field, raised.value.value) == ("f", value)
        # past 100 decimal places the number itself is refused, as every number is
        assert str(raised.value) in {
            f"'f' must be a code as text or a whole number (got {value!r})",
            f"'f' must have at most 100 decimal places (got {value!r})",
        }


@pytest.mark.parametrize("value", [float("nan"), None, Decimal("NaN"), np.float64("nan")])
def test_a_missing_code(value: object) -> None:
    """A missing value: the library's missing-value error (the table rejects the row as null)."""
    with pytest.raises(MissingValueError) as raised:
        to_code(value, field="service_code")
    assert (raised.value.field, raised.value.value is value) == ("service_code", True)


@pytest.mark.parametrize(
    "value", [True, False, np.True_, b"20", ["20"], dt.date(2008, 1, 1), 1j, object()]
)
def test_another_type(value: object) -> None:
    """A bool, bytes, a list, a date: the wrong type, naming the field and the value."""
    with pytest.raises(InvalidTypeError) as raised:
        to_code(value, field="service_code", such_as="'19' or 'B5'")
    assert (raised.value.field, raised.value.value) == ("service_code", value)
    assert str(raised.value) == (
        f"'service_code' must be a code as text or a whole number, such as '19' or 'B5' "
        f"(got {value!r})"
    )


@pytest.mark.parametrize(
    "value", [float("inf"), float("-inf"), Decimal("Infinity"), 10**21, Decimal(10**21)]
)
def test_an_infinite_or_huge_number(value: object) -> None:
    """An infinity, or a number of 10^21 or more: no code, a value error naming the field."""
    with pytest.raises(InvalidValueError) as raised:
        to_code(value, field="service_code")
    assert not isinstance(raised.value, TypeError)
    assert (raised.value.field, raised.value.value) == ("service_code", value)


@given(st.integers(min_value=0, max_value=4), st.sampled_from([1, -1]))
def test_a_float_at_or_past_2_to_the_53(step: int, sign: int) -> None:
    """A float of 2^53 or more holds no exact whole number: refused, saying so; one less is read.

    The integer and Decimal of the same size are read as their digits: they are exact.
    """
    value = sign * float(2**53 + step)
    with pytest.raises(InvalidValueError) as raised:
        to_code(value, field="service_code")
    assert (raised.value.field, raised.value.value) == ("service_code", value)
    assert str(raised.value) == (
        f"'service_code' must be a code as text or a whole number (got {value!r}); a float of "
        "2^53 or more holds no exact whole number: give it as text"
    )
    below = sign * float(2**53 - 1 - step)
    assert to_code(below, field="service_code") == str(int(below))
    for exact in (sign * (2**53 + step), Decimal(sign * (2**53 + step))):
        assert to_code(exact, field="service_code") == str(sign * (2**53 + step))


@pytest.mark.parametrize("value", [np.int64(20), Decimal(20), 20.0, Decimal("20.00"), np.uint8(20)])
def test_the_access_checks_read_a_numeric_code_as_the_table(value: object) -> None:
    """``access_distance(np.int64(20), 1)`` is the finding of the table's row (it was an error)."""
    one = access_distance(value, 1)  # type: ignore[arg-type]
    (row,) = access_distance_table({"service_code": [20], "distance_miles": [1]}).rows()
    assert dict(one.subject)["service_code"] == row["service_code"] == "20"
    assert one.outcome.value == row["outcome"]
    timely = access_timeliness(
        value,  # type: ignore[arg-type]
        requested_at=dt.date(2008, 12, 23),
        appointment_at=dt.date(2008, 12, 29),
    )
    assert dict(timely.subject)["service_code"] == "20"


@pytest.mark.parametrize("value", [np.int64(59400), Decimal(59400), 59400.0])
def test_the_claims_checks_read_a_numeric_code(value: object) -> None:
    """A claim's procedure code of a numeric type is its digits, as ``code_text`` reads it."""
    assert code_text(value, "procedure_code") == "59400"
    found = global_obstetric_claim(procedure_code=value, encounters=1, codes=[59400])  # type: ignore[arg-type]
    assert dict(found.subject)["procedure_code"] == "59400"


@pytest.mark.parametrize("value", [20.5, np.float64(20.5), Decimal("20.5")])
def test_a_fraction_is_refused_by_the_one_value_checks(value: object) -> None:
    """A code with a fraction names the field and value in the access and claims checks."""
    with pytest.raises(InvalidValueError) as raised:
        access_distance(value, 1)  # type: ignore[arg-type]
    assert (raised.value.field, raised.value.value) == ("service_code", value)
    with pytest.raises(InvalidValueError) as claimed:
        code_text(value, "procedure_code")
    assert (claimed.value.field, claimed.value.value) == ("procedure_code", value)


def test_the_table_reads_decimal_codes_by_their_digits_and_no_float_past_2_to_the_53() -> None:
    """A Decimal column's 20.00 is code 20; a float of 2^53 or more, or an infinity, is no code.

    20.00 read as '20.00' (no code of Attachment V) and 20.50 as a code; 2^53 and an infinity
    read as the code '-9223372036854775808'. Each row is now read, or rejected, as the one-value
    check reads or refuses the value.
    """
    decimals = access_distance_table(
        {"service_code": [Decimal("20.00"), Decimal("20.50")], "distance_miles": [1, 1]},
        on_error="collect",
    )
    assert [row["service_code"] for row in decimals.rows()] == ["20"]
    assert decimals.rejected.to_pylist() == [
        {"row": 1, "reason": "service_code 20.50 is not a code"}
    ]
    floats = access_distance_table(
        {"service_code": [20.0, float(2**53), float("inf")], "distance_miles": [1, 1, 1]},
        on_error="collect",
    )
    assert [row["service_code"] for row in floats.rows()] == ["20"]
    assert floats.rejected.to_pylist() == [
        {"row": 1, "reason": "service_code 9.007199254740992e+15 is not a code"},
        {"row": 2, "reason": "service_code inf is not a code"},
    ]
