"""A choice that is not text is of the wrong type, whichever one-value check reads it.

Every one-value check that takes one of a few words (``access_timeliness``'s ``urgency`` and
``admission``, ``request_lead_time``'s ``exemption``, ``minor_denial``'s ``reason``,
``nemt_exclusion``'s ``category`` and ``mode``, ``escort_coverage``'s ``mode``) reads it with
``core.choices``. A number, None, bytes or a Decimal there is a value of the wrong type: the
library's :class:`~tenncare_calc.InvalidTypeError` (a ``TypeError``, never a ``ValueError``) naming
the field and the value, the same in each check. Before, three of them raised a ``ValueError``
(``InvalidValueError``, or ``InvalidInputError`` for ``reason``).

An optional choice (``admission``, ``exemption``) that is missing (None, NaN) is not given, as an
empty cell is, so those values are left out for them.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tenncare_calc import InvalidTypeError
from tenncare_calc.compliance import (
    access_timeliness,
    escort_coverage,
    minor_denial,
    nemt_exclusion,
    request_lead_time,
)
from tenncare_calc.core.missing import is_given

if TYPE_CHECKING:
    from collections.abc import Callable

    from tenncare_calc.compliance import Finding

#: Values of types other than text: numbers of each kind, None, bytes, Decimals, flags.
NOT_TEXT = st.one_of(
    st.integers(),
    st.floats(),
    st.none(),
    st.binary(max_size=4),
    st.decimals(),
    st.booleans(),
    st.lists(st.text(max_size=3), max_size=2),
)

#: Each one-value check that takes a choice, called with every other argument good.
CHECKS: dict[str, tuple[bool, Callable[[object], Finding]]] = {
    "urgency": (
        False,
        lambda value: access_timeliness(
            "19",
            requested_at=dt.date(2008, 12, 23),
            appointment_at=dt.date(2008, 12, 29),
            urgency=value,  # type: ignore[arg-type]
        ),
    ),
    "admission": (
        True,
        lambda value: access_timeliness(
            "19",
            requested_at=dt.date(2008, 12, 23),
            appointment_at=dt.date(2008, 12, 29),
            urgency="urgent",
            admission=value,  # type: ignore[arg-type]
        ),
    ),
    "exemption": (
        True,
        lambda value: request_lead_time(
            requested_at=dt.datetime(2008, 10, 6, 9),  # noqa: DTZ001 - naive, as the contract's
            pickup_at=dt.datetime(2008, 10, 6, 12),  # noqa: DTZ001
            urban=True,
            accommodated=False,
            exemption=value,  # type: ignore[arg-type]
        ),
    ),
    "reason": (False, lambda value: minor_denial(member_age=12, reason=value)),  # type: ignore[arg-type]
    "category": (False, lambda value: nemt_exclusion(category=value)),  # type: ignore[arg-type]
    "mode": (False, lambda value: nemt_exclusion(category="escort", mode=value)),  # type: ignore[arg-type]
    "escort mode": (
        False,
        lambda value: escort_coverage(member_age=40, escorts=1, mode=value),  # type: ignore[arg-type]
    ),
}


@pytest.mark.parametrize("check", sorted(CHECKS))
@given(value=NOT_TEXT)
@example(value=3)
@example(value=None)
@example(value=b"urgent")
@example(value=Decimal(1))
def test_a_choice_not_text_is_a_type_error(check: str, value: object) -> None:
    """A value that is not text: ``InvalidTypeError`` (not a ``ValueError``) naming field and value."""
    optional, call = CHECKS[check]
    if optional and not is_given(value):
        assert call(value).check  # missing: not given, as an empty cell is
        return
    with pytest.raises(InvalidTypeError) as raised:
        call(value)
    field = check.rpartition(" ")[2]
    assert not isinstance(raised.value, ValueError)
    assert raised.value.field == field
    assert raised.value.value is value
    assert str(raised.value).startswith(f"{field!r} must be one of [")
    assert str(raised.value).endswith(f" (got {value!r})")
