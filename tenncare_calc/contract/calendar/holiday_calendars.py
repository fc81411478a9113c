"""The holiday calendars: the Tennessee state calendar (the default), one read from TOML, or none.

Every business-day rule takes ``holidays=``: a :class:`~tenncare_calc.contract.calendar.holidays.HolidayCalendar`,
any iterable of dates, or ``None`` for :func:`tennessee_state_holidays` (ruling D1). The Tennessee
calendar ships as a TOML file (``tenncare_calc/contract/data/holidays/tennessee.toml``) in the
format :func:`load_holiday_calendar` reads.

>>> tennessee_state_holidays().describe().startswith("Tennessee")
True
>>> no_holidays().holidays(2008)
()
"""

from __future__ import annotations

__all__ = ["load_holiday_calendar", "no_holidays", "tennessee_state_holidays"]

import datetime as dt
import functools
import tomllib
from collections.abc import Iterable, Mapping
from os import PathLike
from pathlib import Path
from typing import Any, Literal

import attrs

from tenncare_calc.contract.calendar.holidays import HolidayCalendar, HolidayRule
from tenncare_calc.contract.shipped_files import shipped_text
from tenncare_calc.core.errors import InvalidInputError, InvalidTypeError, InvalidValueError
from tenncare_calc.core.values import to_date

_CALENDAR_KEYS = {"id", "title", "source", "verified_against_source_on", "note"}
_HOLIDAY_KEYS = {"name", "rule", "observed", "first_year", "last_year", "source", "note"}
_DATE_KEYS = {"date", "name", "source"}


def _check_keys(table: object, allowed: set[str], required: set[str], where: str) -> dict[str, Any]:
    if not isinstance(table, Mapping):
        raise InvalidInputError(f"{where} must be a table", field=where, value=table)
    if unknown := sorted(set(table) - allowed):
        raise InvalidInputError(
            f"{where}: unknown key(s) {unknown}; allowed keys are {sorted(allowed)}",
            field=where,
            value=unknown,
        )
    if missing := sorted(required - set(table)):
        raise InvalidInputError(f"{where}: missing key(s) {missing}", field=where, value=missing)
    return dict(table)


def _calendar_from_toml(data: Mapping[str, Any], origin: str) -> HolidayCalendar:
    if unknown := sorted(set(data) - {"calendar", "holiday", "date"}):
        raise InvalidInputError(
            f"{origin}: unknown table(s) {unknown}; a holiday calendar has [calendar], "
            "[[holiday]] and [[date]]",
            field="calendar",
            value=unknown,
        )
    meta = _check_keys(
        data.get("calendar"), _CALENDAR_KEYS, {"id", "title"}, f"{origin}: [calendar]"
    )
    rules = []
    for index, raw in enumerate(data.get("holiday", [])):
        where = f"{origin}: [[holiday]] {index + 1}"
        table = _check_keys(raw, _HOLIDAY_KEYS, {"name", "rule"}, where)
        try:
            rules.append(
                HolidayRule(
                    name=table["name"],
                    rule=table["rule"],
                    observed=table.get("observed", "as_is"),
                    first_year=table.get("first_year"),
                    last_year=table.get("last_year"),
                    source=str(table.get("source", "")),
                )
            )
        except (InvalidInputError, InvalidTypeError, InvalidValueError) as error:
            raise InvalidInputError(
                f"{where}: {error}", field=error.field, value=error.value
            ) from None
    dates = {}
    for index, raw in enumerate(data.get("date", [])):
        where = f"{origin}: [[date]] {index + 1}"
        table = _check_keys(raw, _DATE_KEYS, {"date", "name"}, where)
        day = table["date"]
        if isinstance(day, str):
            try:
                day = dt.date.fromisoformat(day)
            except ValueError:
                raise InvalidInputError(
                    f"{where}: 'date' must be a date such as 2008-12-24 (got {day!r})",
                    field="date",
                    value=day,
                ) from None
        dates[to_date(day, field="date")] = str(table["name"])
    calendar = HolidayCalendar(
        id=str(meta["id"]),
        title=str(meta["title"]),
        rules=tuple(rules),
        source=str(meta.get("source", "")),
        note=meta.get("note"),
    )
    return calendar.with_dates(dates, source=calendar.source) if dates else calendar


def load_holiday_calendar(path: str | Path) -> HolidayCalendar:
    """Return a holiday calendar read from a TOML file (the format of the shipped Tennessee file).

    The file has a ``[calendar]`` table (``id``, ``title``, optionally ``source``, ``note``,
    ``verified_against_source_on``), ``[[holiday]]`` tables (``name``, ``rule`` as a yearly RRULE,
    optionally ``observed``, ``first_year``, ``last_year``, ``source``) and ``[[date]]`` tables for
    single days (``date``, ``name``). Unknown keys and invalid rules are errors naming the place.

    >>> from importlib import resources
    >>> shipped = resources.files("tenncare_calc.contract").joinpath("data", "holidays", "tennessee.toml")
    >>> load_holiday_calendar(str(shipped)).id
    'tennessee-state'
    """
    if not isinstance(path, str | PathLike):
        raise InvalidTypeError(
            f"'path' must be the path of a TOML file (got {type(path).__name__} {path!r})",
            field="path",
            value=path,
        )
    source = Path(path)
    try:
        text = source.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise InvalidInputError(
            f"holiday calendar {str(source)!r} is not UTF-8 text (byte {error.start}); save it "
            "as UTF-8",
            field="path",
            value=str(source),
        ) from None
    except (OSError, ValueError) as error:
        reason = error.strerror if isinstance(error, OSError) else str(error)
        raise InvalidInputError(
            f"cannot read holiday calendar {str(source)!r}: {reason}",
            field="path",
            value=str(source),
        ) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InvalidInputError(
            f"holiday calendar {str(source)!r} is not valid TOML ({error})",
            field="path",
            value=str(source),
        ) from None
    return _calendar_from_toml(data, str(source))


@functools.cache
def _shipped_tennessee() -> HolidayCalendar:
    text = shipped_text("holidays", "tennessee.toml")
    return _calendar_from_toml(tomllib.loads(text), "builtin:tennessee-state")


_COLUMBUS_OBSERVED = "Columbus Day (observed the Friday after Thanksgiving)"


@functools.cache
def tennessee_state_holidays(
    *, columbus_day: Literal["friday_after_thanksgiving", "october"] = "friday_after_thanksgiving"
) -> HolidayCalendar:
    """Return the Tennessee state holiday calendar, the default of every business-day rule (D1).

    The days Tennessee state offices close (Tenn. Code Ann. § 15-1-101): New Year's Day, Martin
    Luther King, Jr. Day (third Monday in January), Washington Day (third Monday in February), Good
    Friday, Memorial Day (last Monday in May), Juneteenth (from 2023), Independence Day, Labor Day
    (first Monday in September), Columbus Day, Veterans' Day, Thanksgiving (fourth Thursday in
    November) and Christmas Day. A fixed-date holiday on a Saturday is observed the Friday before,
    on a Sunday the Monday after. Columbus Day is observed on the Friday after Thanksgiving, the
    governor's standing substitution; ``columbus_day="october"`` keeps it on the second Monday in
    October, as the statute lists it.

    Examples
    --------
    >>> [h.describe() for h in tennessee_state_holidays().holidays(2008)][-3:]
    ['2008-11-27 Thursday: Thanksgiving Day', '2008-11-28 Friday: Columbus Day (observed the Friday after Thanksgiving)', '2008-12-25 Thursday: Christmas Day']
    >>> tennessee_state_holidays(columbus_day="october").is_holiday(dt.date(2008, 10, 13))
    True
    """
    calendar = _shipped_tennessee()
    if columbus_day == "friday_after_thanksgiving":
        return calendar
    if columbus_day != "october":
        raise InvalidValueError(
            f"'columbus_day' must be 'friday_after_thanksgiving' or 'october' (got {columbus_day!r})",
            field="columbus_day",
            value=columbus_day,
        )
    october = HolidayRule(
        "Columbus Day",
        "FREQ=YEARLY;BYMONTH=10;BYDAY=2MO",
        source="Tenn. Code Ann. § 15-1-101 (second Monday in October)",
    )
    return attrs.evolve(
        calendar.without(_COLUMBUS_OBSERVED).with_rule(october),
        id="tennessee-state-columbus-october",
        title=f"{calendar.title}, Columbus Day in October",
    )


def no_holidays() -> HolidayCalendar:
    """Return an empty holiday calendar: business days are then Monday to Friday.

    >>> from tenncare_calc.contract.calendar import is_business_day
    >>> is_business_day(dt.date(2008, 12, 25), holidays=no_holidays())
    True
    """
    return HolidayCalendar(id="none", title="no holidays (weekends only)")


def _calendar(holidays: HolidayCalendar | Iterable[dt.date] | None) -> HolidayCalendar:
    if holidays is None:
        return tennessee_state_holidays()
    if isinstance(holidays, HolidayCalendar):
        return holidays
    return HolidayCalendar.from_dates(holidays)
