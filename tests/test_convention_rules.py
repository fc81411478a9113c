"""Ruling MM1's member-month conventions: the three names, and any other value refused.

"Member month" is read one of three ways (ruling MM1): ``prorated``, ``any_day`` and
``first_of_month``. The check of the ``convention=`` argument is compared here with that list
written out, for each convention, near misses of each (case, spaces, other words) and values that
are not text at all.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

import tenncare_calc as tc
from tenncare_calc import InvalidValueError
from tenncare_calc.enrollment import conventions
from tenncare_calc.enrollment.conventions import _QUANTUM, _SCALE, _convention

RULING_MM1 = ("prorated", "any_day", "first_of_month")
SPANS = {"member_id": [1], "start_date": ["2008-01-16"], "end_date": ["2008-01-31"]}


class _Text(str):
    """A str subclass: read as its plain text."""

    __slots__ = ()


def _message(value: object) -> str:
    """Return the error message for a convention not of ruling MM1, written out."""
    return (
        "'convention' must be one of 'prorated', 'any_day', 'first_of_month' (ruling MM1) "
        f"(got {value!r})"
    )


def test_the_three_conventions_and_places() -> None:
    """The names in ruling MM1's order; ten places, a quantum of 1E-10."""
    assert conventions.CONVENTIONS == RULING_MM1
    assert conventions.MEMBER_MONTH_PLACES == 10
    quantum, scale = _QUANTUM, _SCALE
    assert (quantum, scale) == (Decimal("0.0000000001"), 10_000_000_000)


@pytest.mark.parametrize("name", RULING_MM1)
def test_each_convention_is_taken_as_plain_text(name: str) -> None:
    """A convention, as text or a str subclass, comes back as the plain name."""
    for given_name in (name, _Text(name)):
        taken = _convention(given_name)
        assert (taken, type(taken)) == (name, str)


NOT_CONVENTIONS = [
    "Prorated",
    " prorated",
    "any day",
    "first-of-month",
    "mid_month",
    "",
    None,
    1,
    b"prorated",
    ("prorated",),
    ["any_day"],
]


@pytest.mark.parametrize("value", NOT_CONVENTIONS, ids=repr)
def test_anything_else_is_refused(value: object) -> None:
    """Near misses and values that are not text: the names listed, the field, the value."""
    with pytest.raises(InvalidValueError) as raised:
        _convention(value)
    assert str(raised.value) == _message(value)
    assert (raised.value.field, raised.value.value) == ("convention", value)


@given(st.one_of(st.text(max_size=16), st.integers(), st.none(), st.binary(max_size=8)))
def test_only_the_three_names_pass(value: object) -> None:
    """Any text or other value: taken exactly when it is one of the three names."""
    if value in RULING_MM1:
        assert _convention(value) == value
    else:
        with pytest.raises(InvalidValueError, match="ruling MM1"):
            _convention(value)


@pytest.mark.parametrize(
    ("convention", "january"),
    [
        ("prorated", (Decimal(16) / Decimal(31)).quantize(Decimal("1E-10"), ROUND_HALF_UP)),
        ("any_day", Decimal(1)),
        ("first_of_month", Decimal(0)),
    ],
)
def test_member_months_reads_each_convention(convention: str, january: Decimal) -> None:
    """Through member_months: January 16 to 31, 2008 under each convention."""
    result = tc.member_months(SPANS, year=2008, convention=convention)
    assert result.total == january


def test_member_months_refuses_another() -> None:
    """Through member_months: the same error, before any span is read."""
    with pytest.raises(InvalidValueError) as raised:
        tc.member_months(SPANS, year=2008, convention="Any_Day")
    assert str(raised.value) == _message("Any_Day")
    assert (raised.value.field, raised.value.value) == ("convention", "Any_Day")
