"""Kinds of parameter value: how a profile's raw TOML value becomes a typed, validated value.

A :class:`Kind` converts a raw value (from a TOML file or a what-if ``--set``) and shows it as text.
The kinds here are the ones any contract has (money, percent, dates, counts, choices); a rule
package that reads a table-valued parameter (the effect-size bands, the damage schedule, Attachment
V) defines its own kind beside the rule and declares it with its section
(:func:`tenncare_calc.contract.schema.declare`), so the contract package knows no rule.

>>> MONEY.convert("5000", "damages.amount")
Decimal('5000')
>>> MONTH_DAY.show(MONTH_DAY.convert("07-01", "p4p.payment_date"))
'07-01'
>>> convert(POSITIVE_COUNT, 0, "nemt.decision_hours", "override")
Traceback (most recent call last):
...
tenncare_calc.ProfileError: override: parameter 'nemt.decision_hours': 'nemt.decision_hours' must be >= 1 (got 0)
"""

from __future__ import annotations

__all__ = [
    "COUNT",
    "DATE",
    "MONEY",
    "MONTH_DAY",
    "OPTIONAL_COUNT",
    "PERCENT",
    "POSITIVE_COUNT",
    "POSITIVE_NUMBER",
    "RATE",
    "TEXT",
    "TEXT_LIST",
    "TIME_OF_DAY",
    "WEEKDAY",
    "Kind",
    "choice",
    "convert",
    "described",
    "parse_override",
]

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

import attrs

from tenncare_calc.core.errors import (
    InvalidInputError,
    InvalidTypeError,
    ProfileError,
    TennCareError,
)
from tenncare_calc.core.values import (
    MAX_DAYS,
    format_decimal,
    to_count,
    to_decimal,
    to_money,
    to_percent,
    to_rate,
)

if TYPE_CHECKING:
    from collections.abc import Callable


@attrs.frozen
class Kind:
    """How one kind of parameter value is converted from TOML and shown as text."""

    name: str
    convert: Callable[[object, str], object]
    show: Callable[[object], str]
    #: Whether a what-if override given as text is read as a TOML inline value (a table-valued
    #: parameter whose converter takes records, not text).
    table_valued: bool = False


def convert(kind: Kind, raw: object, name: str, where: str) -> object:
    """Return ``raw`` converted by ``kind``; a bad value is a ProfileError naming where and what."""
    try:
        return kind.convert(raw, name)
    except TennCareError as error:
        raise ProfileError(
            f"{where}: parameter {name!r}: {error}", field=name, value=raw
        ) from error


def parse_override(raw: object, kind: Kind, name: str) -> object:
    """Return a what-if override, a text override of a table-valued parameter read as TOML."""
    if isinstance(raw, str) and kind.table_valued:
        import tomllib  # noqa: PLC0415 - only for a what-if: the loader imports it to read files

        try:
            return tomllib.loads(f"value = {raw}", parse_float=Decimal)["value"]
        except tomllib.TOMLDecodeError as error:
            raise ProfileError(
                f"override of {name!r} must be a TOML inline value such as "
                f"[{{baseline_from = 0, ...}}] ({error})",
                field=name,
                value=raw,
            ) from None
    return raw


def described(value: object) -> str:
    """Return a table-valued parameter's value shown by its own ``describe()``."""
    describe: Callable[[], str] = value.describe  # type: ignore[attr-defined]
    return describe()


def _show_decimal(value: object) -> str:
    assert isinstance(value, Decimal)  # noqa: S101 - guaranteed by the kind's converter
    return format_decimal(value, grouping=False)


def _to_date(raw: object, field: str) -> dt.date:
    if isinstance(raw, dt.datetime) or not isinstance(raw, dt.date | str):
        raise InvalidTypeError(
            f"{field!r} must be a date such as 2007-04-01 (got {raw!r})", field=field, value=raw
        )
    if isinstance(raw, str):
        try:
            return dt.date.fromisoformat(raw.strip())
        except ValueError:
            raise InvalidInputError(
                f"{field!r} must be a date such as 2007-04-01 (got {raw!r})", field=field, value=raw
            ) from None
    return raw


def _to_month_day(raw: object, field: str) -> tuple[int, int]:
    text = raw if isinstance(raw, str) else ""
    try:
        month, day = (int(part) for part in text.split("-"))
        dt.date(2000, month, day)  # a leap year, so 02-29 is accepted as a month-day
    except ValueError:
        raise InvalidInputError(
            f"{field!r} must be a month and day written MM-DD, such as '07-01' (got {raw!r})",
            field=field,
            value=raw,
        ) from None
    return (month, day)


def _show_date(value: object) -> str:
    assert isinstance(value, dt.date)  # noqa: S101 - guaranteed by the kind's converter
    return value.isoformat()


def show_month_day(value: object) -> str:
    """Return a ``(month, day)`` pair as ``MM-DD``."""
    assert isinstance(value, tuple)  # noqa: S101 - guaranteed by the kind's converter
    month, day = value
    return f"{month:02d}-{day:02d}"


def _to_time_of_day(raw: object, field: str) -> dt.time:
    text = raw if isinstance(raw, str) else ""
    try:
        hours, minutes = (int(part) for part in text.strip().split(":"))
        return dt.time(hours, minutes)
    except ValueError:
        raise InvalidInputError(
            f"{field!r} must be a time of day written HH:MM on a 24-hour clock, such as '12:00' "
            f"(got {raw!r})",
            field=field,
            value=raw,
        ) from None


def _show_time_of_day(value: object) -> str:
    assert isinstance(value, dt.time)  # noqa: S101 - guaranteed by the kind's converter
    return value.strftime("%H:%M")


#: The largest count a profile holds (hours, days, minutes, ages, a sample's minimum size).
MOST_IN_PROFILE = MAX_DAYS


def _count(raw: object, field: str) -> int:
    return to_count(raw, field=field, most=MOST_IN_PROFILE)


def _to_positive_count(raw: object, field: str) -> int:
    count = _count(raw, field)
    if count < 1:
        raise InvalidInputError(f"{field!r} must be >= 1 (got {count})", field=field, value=count)
    return count


def _to_optional_count(raw: object, field: str) -> int | None:
    if isinstance(raw, str) and raw == "none":
        return None
    return _count(raw, field)


def choice(*options: str) -> Kind:
    """Return the kind of a parameter that is one of ``options`` (text).

    >>> choice("all", "any").convert("every", "p4p.behavioral_rates_rule")
    Traceback (most recent call last):
    ...
    tenncare_calc.InvalidInputError: 'p4p.behavioral_rates_rule' must be one of ['all', 'any'] (got 'every')
    """

    def convert(raw: object, field: str) -> str:
        if not isinstance(raw, str) or raw not in options:
            raise InvalidInputError(
                f"{field!r} must be one of {list(options)} (got {raw!r})", field=field, value=raw
            )
        return str(raw)

    return Kind(f"one of {list(options)}", convert, str)


def _to_text(raw: object, field: str) -> str:
    if not isinstance(raw, str) or not raw.strip():
        raise InvalidTypeError(
            f"{field!r} must be non-empty text (got {raw!r})", field=field, value=raw
        )
    return raw.strip()


def _to_positive_number(raw: object, field: str) -> Decimal:
    number = to_decimal(raw, field=field)
    if number <= 0:
        raise InvalidInputError(f"{field!r} must be > 0 (got {number})", field=field, value=number)
    return number


def _to_text_list(raw: object, field: str) -> tuple[str, ...]:
    """Return a list of names or codes as trimmed text, in order; whole numbers read as codes."""
    if isinstance(raw, str | bytes) or not isinstance(raw, list | tuple):
        raise InvalidTypeError(
            f"{field!r} must be a list of names or codes, such as ['59400', '59510'] (got {raw!r})",
            field=field,
            value=raw,
        )
    found: list[str] = []
    for item in raw:
        if isinstance(item, bool) or not isinstance(item, str | int) or not str(item).strip():
            raise InvalidTypeError(
                f"{field!r} holds {item!r}; each entry must be non-empty text or a whole number",
                field=field,
                value=item,
            )
        text = str(item).strip()
        if text in found:
            raise InvalidInputError(f"{field!r} lists {text!r} twice", field=field, value=text)
        found.append(text)
    return tuple(found)


def _show_text_list(value: object) -> str:
    assert isinstance(value, tuple)  # noqa: S101 - guaranteed by the kind's converter
    return ", ".join(value) if value else "none"


MONEY = Kind("money", lambda raw, field: to_money(raw, field=field), _show_decimal)
PERCENT = Kind("percent", lambda raw, field: to_percent(raw, field=field), _show_decimal)
RATE = Kind("rate", lambda raw, field: to_rate(raw, field=field), _show_decimal)
POSITIVE_COUNT = Kind("positive whole number", _to_positive_count, str)
OPTIONAL_COUNT = Kind(
    "whole number or 'none'", _to_optional_count, lambda v: "none" if v is None else str(v)
)
DATE = Kind("date", _to_date, _show_date)
MONTH_DAY = Kind("month-day", _to_month_day, show_month_day)
TEXT = Kind("text", _to_text, str)
POSITIVE_NUMBER = Kind("positive number", _to_positive_number, _show_decimal)
COUNT = Kind("whole number", _count, str)
TIME_OF_DAY = Kind("time of day", _to_time_of_day, _show_time_of_day)
#: A list of names or codes (a code list, the required specialties); may be empty, shown "none".
TEXT_LIST = Kind("list of names or codes", _to_text_list, _show_text_list, table_valued=True)
WEEKDAY = choice("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
