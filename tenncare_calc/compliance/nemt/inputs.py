"""What every NEMT check reads: moments with a time of day, flags, figures and profile parameters.

The one-value checks of Attachment XI take ``datetime`` moments (naive local times, or all aware),
yes/no flags, choices and non-negative figures; these turn them into the exact values the checks
compare (durations in microseconds); the findings show those durations as
:mod:`~tenncare_calc.compliance.findings.durations` says (``3 h 00 min 05 s``, and figures in
minutes never rounded onto their line). A choice is read by
:func:`~tenncare_calc.core.choices.to_choice`, as the table checks read a column of choices
(trimmed and in lower case), and an optional value that is missing or blank text is not given
(:func:`~tenncare_calc.core.missing.is_given`), as an empty cell is: the one readings every
check of the library shares.

>>> _micros(dt.timedelta(hours=3, seconds=5, microseconds=7))
10805000007
"""

from __future__ import annotations

import datetime as dt  # noqa: TC003 - the doctests use it at run time
from typing import TYPE_CHECKING, Any

from tenncare_calc.core.dates import to_moment
from tenncare_calc.core.errors import InvalidTypeError, InvalidValueError
from tenncare_calc.core.missing import is_given
from tenncare_calc.core.values import format_decimal, to_decimal

if TYPE_CHECKING:
    from decimal import Decimal

    from tenncare_calc.contract.parameters import ParameterValue
    from tenncare_calc.contract.profile import ContractProfile


def _profile(profile: ContractProfile | None) -> ContractProfile:
    from tenncare_calc.contract.loader import resolve_profile  # noqa: PLC0415 - avoids an import cycle

    return resolve_profile(profile)


def _datetime(value: object, field: str) -> dt.datetime:
    return to_moment(value, field=field)


def _same_kind(first: dt.datetime, second: dt.datetime, field: str) -> None:
    if (first.tzinfo is None) != (second.tzinfo is None):
        raise InvalidTypeError(
            f"{field!r} must be naive (local time) or time-zone aware like the other times "
            f"(got {second.isoformat()} with {first.isoformat()})",
            field=field,
            value=second,
        )


def _not_before(moment: dt.datetime | None, requested: dt.datetime, field: str) -> None:
    """Refuse a moment (``None``: not given) that comes before the request it answers."""
    if moment is not None and moment < requested:
        raise InvalidValueError(
            f"{field!r} ({moment.isoformat()}) is before 'requested_at' ({requested.isoformat()})",
            field=field,
            value=moment,
        )


def _optional_moment(value: object, field: str, requested: dt.datetime) -> dt.datetime | None:
    """Return an optional moment given with a request, of its kind; ``None`` when not given.

    Not given is a missing value or blank text (:func:`~tenncare_calc.core.missing.is_given`), as
    an empty cell of the table forms is; a moment given is read, and refused when it is not of
    the request's kind (naive or aware).
    """
    if not is_given(value):
        return None
    moment = _datetime(value, field)
    _same_kind(requested, moment, field)
    return moment


def _flag(value: object, field: str) -> bool:
    if not isinstance(value, bool):
        raise InvalidTypeError(
            f"{field!r} must be True or False (got {value!r})", field=field, value=value
        )
    return value


def _micros(delta: dt.timedelta) -> int:
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def _minutes_value(value: object, field: str) -> Decimal:
    number = to_decimal(value, field=field)
    if number < 0:
        raise InvalidValueError(
            f"{field!r} must be >= 0 (got {number!r})", field=field, value=number
        )
    return number


def _shown(number: Decimal) -> str:
    return format_decimal(number, grouping=False)


def _parameter(
    profile: ContractProfile | None, name: str, on: dt.date | None
) -> tuple[Any, ParameterValue]:
    found = _profile(profile).get(name, on=on)
    return found.value, found
