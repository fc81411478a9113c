"""The contract calendar: business days, report due dates and days late (ruling D1, L1, L2).

Business days are Monday to Friday, less the holidays of a holiday calendar (ruling D1). The calendar
is the caller's choice; the default is :func:`tennessee_state_holidays`, the days Tennessee state
offices close (Tenn. Code Ann. § 15-1-101, a Saturday holiday observed the Friday before and a Sunday
holiday the Monday after, and Columbus Day observed the Friday after Thanksgiving, as the governor
substitutes it). Pass ``holidays=`` to any function to use another calendar: a
:class:`HolidayCalendar` (your own TOML file via :func:`load_holiday_calendar`, or the default plus
extra days via :meth:`HolidayCalendar.with_dates`), any iterable of dates, or :func:`no_holidays`.

Report due dates come from ``dateutil.rrule`` and the contract profile: the weekly Member CRG/TPG
Assessment Report is due by 12:00 noon each Tuesday (§2.30.4.5); the annual Case Management Services
Report by August 15 (§2.30.6.1.1). Due dates are not moved off weekends or holidays unless the
caller asks (``roll="following"``): the contract names fixed days.

>>> is_business_day(dt.date(2008, 11, 28))  # the Friday after Thanksgiving: Columbus Day observed
False
>>> add_business_days(dt.date(2008, 12, 23), 3)  # Wed 24, (Thu 25 Christmas), Fri 26, Mon 29
datetime.date(2008, 12, 29)
>>> business_days_between(dt.date(2008, 12, 23), dt.date(2008, 12, 29))
3
>>> days_late(dt.date(2008, 3, 20), dt.date(2008, 4, 2))
13
"""

from __future__ import annotations

__all__ = [
    "DueDate",
    "Holiday",
    "HolidayCalendar",
    "HolidayRule",
    "Observance",
    "Roll",
    "add_business_days",
    "annual_due_dates",
    "business_days",
    "business_days_between",
    "calendar_days",
    "days_late",
    "holiday_dates",
    "is_business_day",
    "load_holiday_calendar",
    "monthly_due_dates",
    "next_business_day",
    "no_holidays",
    "previous_business_day",
    "quarterly_due_dates",
    "roll_to_business_day",
    "tennessee_state_holidays",
    "weekly_due_dates",
]

import datetime as dt
import functools
import math
import tomllib
from collections.abc import Iterable, Mapping
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, get_args

import attrs
from dateutil import rrule

from tenncare_calc.contract.kinds import DATE, MONTH_DAY, OPTIONAL_COUNT, TIME_OF_DAY, WEEKDAY
from tenncare_calc.contract.schema import declare
from tenncare_calc.core.errors import InvalidInputError, InvalidTypeError, InvalidValueError
from tenncare_calc.core.explanation import Explanation, cite_all
from tenncare_calc.core.values import to_date

if TYPE_CHECKING:
    from tenncare_calc.contract.profile import ContractProfile

declare(
    "reports",
    {
        "weekly_due_weekday": WEEKDAY,
        "weekly_due_time": TIME_OF_DAY,
        "quarterly_due_days_after_quarter_end": OPTIONAL_COUNT,
        "annual_due_date": MONTH_DAY,
        "annual_first_due": DATE,
    },
)

#: How a holiday that falls on a weekend is observed: ``"nearest_weekday"`` moves Saturday to the
#: preceding Friday and Sunday to the following Monday (Tenn. Code Ann. § 15-1-101); ``"as_is"``
#: keeps the day where it falls.
Observance = Literal["nearest_weekday", "as_is"]

#: How a due date that is not a business day is moved: ``"none"`` (kept, the default),
#: ``"following"`` (the next business day) or ``"preceding"`` (the business day before).
Roll = Literal["none", "following", "preceding"]

_SATURDAY = 5
_WEEKDAYS = (rrule.MO, rrule.TU, rrule.WE, rrule.TH, rrule.FR)
_WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_ONE_DAY = dt.timedelta(days=1)


# --------------------------------------------------------------------------------------------------
# Checking inputs


def _whole(value: object, *, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidTypeError(
            f"{field!r} must be a whole number (int) (got {value!r})", field=field, value=value
        )
    return value


def _year(value: object, *, field: str = "year") -> int:
    year = _whole(value, field=field)
    if not dt.MINYEAR < year < dt.MAXYEAR:
        raise InvalidValueError(
            f"{field!r} must be a year between {dt.MINYEAR + 1} and {dt.MAXYEAR - 1} (got {year})",
            field=field,
            value=year,
        )
    return year


def _span(start: object, end: object) -> tuple[dt.date, dt.date]:
    first, last = to_date(start, field="start"), to_date(end, field="end")
    if last < first:
        raise InvalidValueError(
            f"'end' ({last.isoformat()}) is before 'start' ({first.isoformat()}); give the "
            "earlier date first",
            field="end",
            value=last,
        )
    return first, last


def _shift(day: dt.date, days: int, *, field: str) -> dt.date:
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        raise InvalidValueError(
            f"{field!r}: moving {days} days from {day.isoformat()} leaves the range of dates "
            "Python can represent",
            field=field,
            value=day,
        ) from None


# --------------------------------------------------------------------------------------------------
# Holidays


@attrs.frozen
class Holiday:
    """A day off: the observed ``date``, its ``name``, and the ``actual`` day it commemorates."""

    date: dt.date
    name: str
    actual: dt.date
    source: str = ""

    @property
    def moved(self) -> bool:
        """Return whether the holiday is observed on another day than it falls (a weekend)."""
        return self.date != self.actual

    def describe(self) -> str:
        """Return the holiday as one line: date, weekday, name, and the day it falls if moved.

        >>> print(tennessee_state_holidays().holidays(2009)[5].describe())
        2009-07-03 Friday: Independence Day (falls on Saturday 2009-07-04)
        """
        text = f"{self.date.isoformat()} {self.date.strftime('%A')}: {self.name}"
        if self.moved:
            text += f" (falls on {self.actual.strftime('%A')} {self.actual.isoformat()})"
        return text

    def to_dict(self) -> dict[str, Any]:
        """Return the holiday as JSON-ready data (dates ISO)."""
        return {
            "date": self.date.isoformat(),
            "name": self.name,
            "actual": self.actual.isoformat(),
            "source": self.source,
        }


def _rule_text(raw: object, field: str) -> str:
    if not isinstance(raw, str) or not raw.strip():
        raise InvalidInputError(
            f"{field!r} must be an RRULE such as 'FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=1' (got {raw!r})",
            field=field,
            value=raw,
        )
    text = raw.strip().upper().removeprefix("RRULE:")
    keys = {part.split("=", 1)[0].strip() for part in text.split(";") if part.strip()}
    if "FREQ=YEARLY" not in text.replace(" ", "").split(";") or keys & {
        "COUNT",
        "UNTIL",
        "DTSTART",
        "INTERVAL",
    }:
        raise InvalidInputError(
            f"{field!r} must be a yearly rule (FREQ=YEARLY) without COUNT, UNTIL, DTSTART or "
            f"INTERVAL; bound the years with first_year/last_year instead (got {raw!r})",
            field=field,
            value=raw,
        )
    begin = dt.datetime(2000, 1, 1)  # noqa: DTZ001 - dates, no time zone
    try:
        found = rrule.rrulestr(text, dtstart=begin).between(
            begin,
            dt.datetime(2027, 12, 31),  # noqa: DTZ001 - dates, no time zone
            inc=True,
        )
    except (ValueError, TypeError) as error:
        raise InvalidInputError(
            f"{field!r} is not a valid RRULE ({error}) (got {raw!r})", field=field, value=raw
        ) from None
    if not found:
        raise InvalidInputError(
            f"{field!r} gives no day at all in the 28 years 2000-2027 (got {raw!r}); check BYMONTH "
            "and BYMONTHDAY",
            field=field,
            value=raw,
        )
    return text


def _rule_converter(raw: object) -> str:
    return _rule_text(raw, "rule")


@functools.lru_cache(maxsize=4096)
def _occurrences(rule: str, year: int) -> tuple[dt.date, ...]:
    """Return the days a yearly RRULE gives in ``year``."""
    begin = dt.datetime(year, 1, 1)  # noqa: DTZ001 - dates, no time zone
    found = rrule.rrulestr(rule, dtstart=begin).between(
        begin,
        dt.datetime(year, 12, 31),  # noqa: DTZ001 - dates, no time zone
        inc=True,
    )
    return tuple(moment.date() for moment in found)


@attrs.frozen
class HolidayRule:
    """A yearly holiday: a name, an RRULE (``dateutil.rrule`` syntax), and how a weekend is observed.

    >>> rule = HolidayRule("Good Friday", "FREQ=YEARLY;BYEASTER=-2")
    >>> rule.holidays(2008)
    (Holiday(date=datetime.date(2008, 3, 21), name='Good Friday', actual=datetime.date(2008, 3, 21), source=''),)
    """

    name: str
    rule: str = attrs.field(converter=_rule_converter)
    observed: Observance = "as_is"
    first_year: int | None = None
    last_year: int | None = None
    source: str = ""

    def __attrs_post_init__(self) -> None:
        """Check the name, the observance and the years."""
        if not isinstance(self.name, str) or not self.name.strip():
            raise InvalidInputError(
                f"'name' must be non-empty text (got {self.name!r})", field="name", value=self.name
            )
        if self.observed not in get_args(Observance):
            raise InvalidInputError(
                f"'observed' must be one of {list(get_args(Observance))} (got {self.observed!r})",
                field="observed",
                value=self.observed,
            )
        for field in ("first_year", "last_year"):
            if getattr(self, field) is not None:
                _year(getattr(self, field), field=field)
        if (
            self.first_year is not None
            and self.last_year is not None
            and self.last_year < self.first_year
        ):
            raise InvalidInputError(
                f"'last_year' ({self.last_year}) is before 'first_year' ({self.first_year})",
                field="last_year",
                value=self.last_year,
            )

    def in_force(self, year: int) -> bool:
        """Return whether the holiday exists in ``year``."""
        return (self.first_year is None or year >= self.first_year) and (
            self.last_year is None or year <= self.last_year
        )

    def holidays(self, year: int) -> tuple[Holiday, ...]:
        """Return the holiday's days falling in ``year``, each with its observed date."""
        if not self.in_force(year):
            return ()
        found = []
        for actual in _occurrences(self.rule, year):
            observed = actual
            if self.observed == "nearest_weekday" and actual.weekday() >= _SATURDAY:
                observed = actual + (-_ONE_DAY if actual.weekday() == _SATURDAY else _ONE_DAY)
            found.append(Holiday(observed, self.name, actual, self.source))
        return tuple(found)

    def to_dict(self) -> dict[str, Any]:
        """Return the rule as JSON-ready data."""
        return {
            "name": self.name,
            "rule": self.rule,
            "observed": self.observed,
            "first_year": self.first_year,
            "last_year": self.last_year,
            "source": self.source,
        }


@attrs.frozen(cache_hash=True)
class HolidayCalendar:
    """A holiday calendar: yearly rules plus fixed dates, with the citation of where they come from.

    Build one with :func:`tennessee_state_holidays` (the default), :func:`load_holiday_calendar`
    (a TOML file), :meth:`from_dates` (a list of dates) or :func:`no_holidays`; adjust one with
    :meth:`with_dates`, :meth:`with_rule` and :meth:`without`.

    Examples
    --------
    >>> calendar = tennessee_state_holidays().with_dates({dt.date(2008, 12, 24): "Christmas Eve"})
    >>> [holiday.name for holiday in calendar.holidays_between(dt.date(2008, 12, 20), dt.date(2008, 12, 31))]
    ['Christmas Eve', 'Christmas Day']
    """

    id: str
    title: str
    rules: tuple[HolidayRule, ...] = ()
    dates: tuple[Holiday, ...] = ()
    source: str = ""
    note: str | None = None

    @classmethod
    def from_dates(
        cls,
        dates: Iterable[dt.date] | Mapping[dt.date, str],
        *,
        id: str = "custom",  # noqa: A002 - the calendar's id, as in the TOML files
        title: str = "holidays supplied by the caller",
    ) -> HolidayCalendar:
        """Return a calendar of exactly the given days (a mapping may name each day).

        >>> HolidayCalendar.from_dates([dt.date(2008, 1, 2)]).is_holiday(dt.date(2008, 1, 2))
        True
        """
        return cls(id=id, title=title).with_dates(dates)

    def with_dates(
        self, dates: Iterable[dt.date] | Mapping[dt.date, str], *, source: str = "added by caller"
    ) -> HolidayCalendar:
        """Return this calendar plus fixed extra days off (a mapping may name each day)."""
        given: object = dates
        if isinstance(given, str | bytes) or not isinstance(given, Iterable):
            raise InvalidTypeError(
                f"'holidays' must be an iterable of datetime.date (got {type(dates).__name__})",
                field="holidays",
                value=dates,
            )
        named = dates if isinstance(dates, Mapping) else dict.fromkeys(dates, "holiday")
        added = []
        for day, name in named.items():
            checked = to_date(day, field="holidays")
            added.append(Holiday(checked, str(name), checked, source))
        merged = {holiday.date: holiday for holiday in (*self.dates, *added)}
        return attrs.evolve(self, dates=tuple(merged[day] for day in sorted(merged)))

    def with_rule(self, rule: HolidayRule) -> HolidayCalendar:
        """Return this calendar plus a yearly holiday rule."""
        return attrs.evolve(self, rules=(*self.rules, rule))

    def without(self, name: str) -> HolidayCalendar:
        """Return this calendar without the holiday rules and dates called ``name``."""
        names = [rule.name for rule in self.rules] + [day.name for day in self.dates]
        if name not in names:
            raise InvalidInputError(
                f"calendar {self.id!r} has no holiday named {name!r}; holidays: {sorted(set(names))}",
                field="name",
                value=name,
            )
        return attrs.evolve(
            self,
            rules=tuple(rule for rule in self.rules if rule.name != name),
            dates=tuple(day for day in self.dates if day.name != name),
        )

    def holidays(self, year: int) -> tuple[Holiday, ...]:
        """Return the holidays *observed* in ``year``, in date order.

        A holiday observed in another year than it falls appears in the year it is observed: New
        Year's Day 2011 fell on a Saturday and was observed on Friday, December 31, 2010.

        >>> print(tennessee_state_holidays().holidays(2010)[-1].describe())
        2010-12-31 Friday: New Year's Day (falls on Saturday 2011-01-01)
        """
        return _observed(self, _year(year))

    def holidays_between(self, start: dt.date, end: dt.date) -> tuple[Holiday, ...]:
        """Return the holidays observed from ``start`` to ``end`` (both included), in date order."""
        first, last = _span(start, end)
        return tuple(
            holiday
            for year in range(first.year, last.year + 1)
            for holiday in _observed(self, year)
            if first <= holiday.date <= last
        )

    def holiday(self, day: dt.date) -> Holiday | None:
        """Return the holiday observed on ``day``, or ``None``."""
        checked = to_date(day, field="day")
        for holiday in _observed(self, checked.year):
            if holiday.date == checked:
                return holiday
        return None

    def is_holiday(self, day: dt.date) -> bool:
        """Return whether a holiday is observed on ``day``."""
        return to_date(day, field="day") in _observed_dates(self, day.year)

    def describe(self) -> str:
        """Return the calendar's title and source as one line."""
        return f"{self.title} [{self.id}]" + (f" ({self.source})" if self.source else "")

    def explain(self, year: int | None = None) -> str:
        """Return the calendar as text: its source, rules and fixed days, or one year's holidays."""
        text = Explanation(f"Holiday calendar {self.id}: {self.title}")
        if self.source:
            text.add(f"source: {self.source}")
        if self.note:
            text.add(f"note: {self.note}")
        if year is not None:
            text.add(f"holidays observed in {year}:")
            for holiday in self.holidays(year):
                text.add(holiday.describe(), indent=2)
            return text.render()
        for rule in self.rules:
            years = ""
            if rule.first_year is not None or rule.last_year is not None:
                years = f", years {rule.first_year or '...'}-{rule.last_year or '...'}"
            text.add(f"{rule.name}: {rule.rule} (weekend: {rule.observed}{years})", indent=2)
        for day in self.dates:
            text.add(f"{day.name}: {day.date.isoformat()} ({day.source})", indent=2)
        return text.render()

    def to_dict(self) -> dict[str, Any]:
        """Return the calendar as JSON-ready data."""
        return {
            "id": self.id,
            "title": self.title,
            "source": self.source,
            "note": self.note,
            "rules": [rule.to_dict() for rule in self.rules],
            "dates": [day.to_dict() for day in self.dates],
        }


@functools.lru_cache(maxsize=1024)
def _observed(calendar: HolidayCalendar, year: int) -> tuple[Holiday, ...]:
    """Return the holidays of ``calendar`` observed in ``year`` (rules of the years around it too)."""
    found = [day for day in calendar.dates if day.date.year == year]
    for near in (year - 1, year, year + 1):
        if dt.MINYEAR <= near <= dt.MAXYEAR:
            for rule in calendar.rules:
                found.extend(day for day in rule.holidays(near) if day.date.year == year)
    return tuple(sorted(found, key=lambda holiday: (holiday.date, holiday.name)))


@functools.lru_cache(maxsize=1024)
def _observed_dates(calendar: HolidayCalendar, year: int) -> frozenset[dt.date]:
    return frozenset(holiday.date for holiday in _observed(calendar, year))


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

    >>> shipped = resources.files("tenncare_calc.contract").joinpath("data", "holidays", "tennessee.toml")
    >>> load_holiday_calendar(str(shipped)).id
    'tennessee-state'
    """
    source = Path(path)
    try:
        text = source.read_text(encoding="utf-8")
    except OSError as error:
        raise InvalidInputError(
            f"cannot read holiday calendar {str(source)!r}: {error.strerror}",
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
    text = (
        resources.files("tenncare_calc.contract")
        .joinpath("data", "holidays", "tennessee.toml")
        .read_text(encoding="utf-8")
    )
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


# --------------------------------------------------------------------------------------------------
# Business days


def is_business_day(
    day: dt.date, *, holidays: HolidayCalendar | Iterable[dt.date] | None = None
) -> bool:
    """Return whether ``day`` is a business day: Monday to Friday and not a holiday (ruling D1).

    ``holidays`` is the holiday calendar (Tennessee state holidays by default).

    >>> is_business_day(dt.date(2008, 7, 4)), is_business_day(dt.date(2008, 7, 5))
    (False, False)
    >>> is_business_day(dt.date(2008, 7, 7))
    True
    """
    checked = to_date(day, field="day")
    return checked.weekday() < _SATURDAY and not _calendar(holidays).is_holiday(checked)


def roll_to_business_day(
    day: dt.date,
    *,
    roll: Literal["following", "preceding"] = "following",
    holidays: HolidayCalendar | Iterable[dt.date] | None = None,
) -> dt.date:
    """Return ``day`` itself when it is a business day, else the next (or previous) business day.

    >>> roll_to_business_day(dt.date(2009, 8, 15))  # a Saturday
    datetime.date(2009, 8, 17)
    >>> roll_to_business_day(dt.date(2009, 8, 15), roll="preceding")
    datetime.date(2009, 8, 14)
    """
    checked = to_date(day, field="day")
    if roll not in ("following", "preceding"):
        raise InvalidValueError(
            f"'roll' must be 'following' or 'preceding' (got {roll!r})", field="roll", value=roll
        )
    calendar = _calendar(holidays)
    step = 1 if roll == "following" else -1
    while not is_business_day(checked, holidays=calendar):
        checked = _shift(checked, step, field="day")
    return checked


def next_business_day(
    day: dt.date, *, holidays: HolidayCalendar | Iterable[dt.date] | None = None
) -> dt.date:
    """Return the first business day strictly after ``day``.

    >>> next_business_day(dt.date(2008, 12, 31))  # New Year's Day is skipped
    datetime.date(2009, 1, 2)
    """
    return add_business_days(day, 1, holidays=holidays)


def previous_business_day(
    day: dt.date, *, holidays: HolidayCalendar | Iterable[dt.date] | None = None
) -> dt.date:
    """Return the last business day strictly before ``day``.

    >>> previous_business_day(dt.date(2009, 1, 2))
    datetime.date(2008, 12, 31)
    """
    return add_business_days(day, -1, holidays=holidays)


def _weekdays_through(ordinal: int) -> int:
    """Return how many Mondays-to-Fridays there are from day 1 (a Monday) through ``ordinal``."""
    weeks, rest = divmod(ordinal, 7)
    return 5 * weeks + min(rest, 5)


def _weekdays_after(day: dt.date, count: int) -> dt.date:
    """Return the ``count``-th weekday after (count > 0) or before (count < 0) ``day``."""
    if count == 0:
        return day
    step = 1 if count > 0 else -1
    # A weekend start counts from the weekday next to it on the side we move away from.
    if day.weekday() >= _SATURDAY:
        anchor = (
            day - dt.timedelta(days=day.weekday() - 4)
            if step > 0
            else day + dt.timedelta(days=7 - day.weekday())
        )
    else:
        anchor = day
    weeks, rest = divmod(abs(count), 5)
    moved = _shift(anchor, step * 7 * weeks, field="start")
    while rest:
        moved = _shift(moved, step, field="start")
        if moved.weekday() < _SATURDAY:
            rest -= 1
    return moved


def _weekday_holidays(calendar: HolidayCalendar, first: dt.date, last: dt.date) -> int:
    """Return how many holidays fall on Mondays to Fridays from ``first`` to ``last`` (included)."""
    if last < first:
        return 0
    return sum(
        1
        for holiday in {h.date for h in calendar.holidays_between(first, last)}
        if holiday.weekday() < _SATURDAY
    )


def add_business_days(
    start: dt.date,
    days: int,
    *,
    holidays: HolidayCalendar | Iterable[dt.date] | None = None,
) -> dt.date:
    """Return the date ``days`` business days after ``start`` (before it when ``days`` < 0).

    ``start`` itself is not counted, whether or not it is a business day: one business day after a
    Friday is the Monday, and one after a Saturday is also the Monday. ``days=0`` gives ``start``
    when it is a business day, else the next business day. The result of any call is a business
    day. Holidays come from ``holidays`` (Tennessee state holidays by default, ruling D1).

    Examples
    --------
    "Within 3 business days" of a request on Tuesday, December 23, 2008: Wednesday 24 is day 1,
    Thursday 25 is Christmas, Friday 26 is day 2, the weekend is skipped, Monday 29 is day 3.

    >>> add_business_days(dt.date(2008, 12, 23), 3)
    datetime.date(2008, 12, 29)
    >>> add_business_days(dt.date(2008, 12, 29), -3)
    datetime.date(2008, 12, 23)

    """
    checked = to_date(start, field="start")
    count = _whole(days, field="days")
    calendar = _calendar(holidays)
    if count == 0:
        return roll_to_business_day(checked, holidays=calendar)
    step = 1 if count > 0 else -1
    current, remaining = checked, abs(count)
    while remaining:
        target = _weekdays_after(current, step * remaining)
        first, last = (current + _ONE_DAY, target) if step > 0 else (target, current - _ONE_DAY)
        remaining = _weekday_holidays(calendar, first, last)
        current = target
    return current


def business_days_between(
    start: dt.date,
    end: dt.date,
    *,
    holidays: HolidayCalendar | Iterable[dt.date] | None = None,
) -> int:
    """Return the number of business days after ``start`` up to and including ``end``.

    The count of the business days passed moving from ``start`` to ``end``, counting ``end`` and not
    ``start``. When ``end`` is before ``start`` the count is negative: minus the business days from
    ``end`` (included) up to ``start`` (excluded). It inverts :func:`add_business_days`:
    ``business_days_between(start, add_business_days(start, n)) == n`` for every ``n != 0``.

    >>> business_days_between(dt.date(2008, 12, 23), dt.date(2008, 12, 29))  # 24, 26, 29
    3
    >>> business_days_between(dt.date(2008, 12, 29), dt.date(2008, 12, 23))
    -3
    """
    first, last = to_date(start, field="start"), to_date(end, field="end")
    calendar = _calendar(holidays)
    if last < first:
        # [end, start): the same count as (end - 1 day, start - 1 day].
        first, last = last - _ONE_DAY, first - _ONE_DAY
        sign = -1
    else:
        sign = 1
    weekdays = _weekdays_through(last.toordinal()) - _weekdays_through(first.toordinal())
    return sign * (weekdays - _weekday_holidays(calendar, first + _ONE_DAY, last))


def business_days(
    start: dt.date,
    end: dt.date,
    *,
    holidays: HolidayCalendar | Iterable[dt.date] | None = None,
) -> tuple[dt.date, ...]:
    """Return every business day from ``start`` to ``end`` (both included), in order.

    Built as a ``dateutil.rrule.rruleset``: the weekdays of the span, less the holidays.

    >>> business_days(dt.date(2008, 12, 24), dt.date(2008, 12, 29))
    (datetime.date(2008, 12, 24), datetime.date(2008, 12, 26), datetime.date(2008, 12, 29))
    """
    first, last = _span(start, end)
    days = rrule.rruleset()
    days.rrule(
        rrule.rrule(
            rrule.DAILY,
            dtstart=dt.datetime.combine(first, dt.time()),
            until=dt.datetime.combine(last, dt.time()),
            byweekday=_WEEKDAYS,
        )
    )
    for holiday in _calendar(holidays).holidays_between(first, last):
        days.exdate(dt.datetime.combine(holiday.date, dt.time()))
    return tuple(moment.date() for moment in days)


def holiday_dates(
    start: dt.date,
    end: dt.date,
    *,
    holidays: HolidayCalendar | Iterable[dt.date] | None = None,
) -> tuple[dt.date, ...]:
    """Return the observed holiday dates from ``start`` to ``end`` (both included), in order.

    Handy for columnar code: ``numpy.busday_offset(..., holidays=holiday_dates(start, end))`` then
    agrees with :func:`add_business_days` inside the span.

    >>> holiday_dates(dt.date(2008, 11, 1), dt.date(2008, 11, 30))
    (datetime.date(2008, 11, 11), datetime.date(2008, 11, 27), datetime.date(2008, 11, 28))
    """
    found = _calendar(holidays).holidays_between(start, end)
    return tuple(sorted({holiday.date for holiday in found}))


# --------------------------------------------------------------------------------------------------
# Calendar days and lateness


def calendar_days(start: dt.date, end: dt.date) -> int:
    """Return the calendar days from ``start`` to ``end``, counting both (ruling L1).

    >>> calendar_days(dt.date(2008, 2, 28), dt.date(2008, 3, 1))  # 28, 29 (leap day), 1
    3
    """
    first, last = _span(start, end)
    return (last - first).days + 1


def days_late(due: dt.date | dt.datetime, received: dt.date | dt.datetime) -> int:
    """Return how many days after ``due`` a submission was ``received`` (0 when on time; L2).

    With a due *date*: ``received - due`` in calendar days when positive, else 0 (ruling L2); a
    ``received`` datetime counts by its date. With a due *datetime* (a deadline at a time of day,
    such as 12:00 noon Tuesday): 0 at or before the deadline, else each started 24 hours after it
    counts as a day, so 12:01 the same day is 1 day late. ``received`` must then be a datetime,
    both naive (the State's local time) or both aware.

    >>> days_late(dt.date(2008, 3, 20), dt.date(2008, 3, 20)), days_late(dt.date(2008, 3, 20), dt.date(2008, 3, 21))
    (0, 1)
    >>> noon = dt.datetime(2008, 3, 4, 12, 0)
    >>> days_late(noon, dt.datetime(2008, 3, 4, 12, 1)), days_late(noon, dt.datetime(2008, 3, 5, 12, 0))
    (1, 1)
    """
    if not isinstance(due, dt.date):
        raise InvalidTypeError(
            f"'due' must be a datetime.date or datetime.datetime (got {due!r})",
            field="due",
            value=due,
        )
    if not isinstance(received, dt.date):
        raise InvalidTypeError(
            f"'received' must be a datetime.date or datetime.datetime (got {received!r})",
            field="received",
            value=received,
        )
    if not isinstance(due, dt.datetime):
        on = received.date() if isinstance(received, dt.datetime) else received
        return max(0, (on - due).days)
    if not isinstance(received, dt.datetime):
        raise InvalidTypeError(
            f"'received' must be a datetime when the deadline has a time of day ({due.isoformat()}); "
            f"a date alone ({received.isoformat()}) cannot say whether it was before the deadline",
            field="received",
            value=received,
        )
    if (due.tzinfo is None) != (received.tzinfo is None):
        raise InvalidTypeError(
            "'due' and 'received' must both be naive (local time) or both be time-zone aware "
            f"(got {due.isoformat()} and {received.isoformat()})",
            field="received",
            value=received,
        )
    if received <= due:
        return 0
    return math.ceil((received - due) / dt.timedelta(days=1))


# --------------------------------------------------------------------------------------------------
# Report due dates


@attrs.frozen
class DueDate:
    """When one report is due: the date, the time of day if any, the period it covers, the clause.

    ``scheduled`` is the contract's date; ``due`` differs from it only when the caller asked to
    roll dates off weekends and holidays.
    """

    report: str
    section: str
    due: dt.date
    time: dt.time | None = None
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    scheduled: dt.date | None = None

    @property
    def deadline(self) -> dt.date | dt.datetime:
        """Return the deadline: the due datetime when there is a time of day, else the due date."""
        if self.time is None:
            return self.due
        return dt.datetime.combine(self.due, self.time)

    def days_late(self, received: dt.date | dt.datetime) -> int:
        """Return how many days late a submission received then is (see :func:`days_late`)."""
        return days_late(self.deadline, received)

    def describe(self) -> str:
        """Return the due date as one line with its clause."""
        when = self.due.strftime("%A %Y-%m-%d")
        if self.time is not None:
            when += f" {self.time.strftime('%H:%M')}"
        text = f"{self.report} due {when}"
        if self.period_start is not None and self.period_end is not None:
            text += f" for {self.period_start.isoformat()} to {self.period_end.isoformat()}"
        if self.scheduled is not None and self.scheduled != self.due:
            text += f" (moved from {self.scheduled.isoformat()}, not a business day)"
        return f"{text}  [{cite_all([self.section])}]"

    def to_dict(self) -> dict[str, Any]:
        """Return the due date as JSON-ready data (dates ISO)."""
        return {
            "report": self.report,
            "section": self.section,
            "due": self.due.isoformat(),
            "time": None if self.time is None else self.time.strftime("%H:%M"),
            "period_start": None if self.period_start is None else self.period_start.isoformat(),
            "period_end": None if self.period_end is None else self.period_end.isoformat(),
            "scheduled": (self.scheduled or self.due).isoformat(),
        }


def _profile(profile: ContractProfile | None) -> ContractProfile:
    from tenncare_calc.contract.loader import default_profile  # noqa: PLC0415 - profile is optional here

    return default_profile() if profile is None else profile


def _moments(rule: rrule.rrule) -> tuple[dt.date, ...]:
    return tuple(moment.date() for moment in rule)


def _rolled(
    day: dt.date, roll: Roll, holidays: HolidayCalendar | Iterable[dt.date] | None
) -> dt.date:
    if roll == "none":
        return day
    if roll not in get_args(Roll):
        raise InvalidValueError(
            f"'roll' must be one of {list(get_args(Roll))} (got {roll!r})", field="roll", value=roll
        )
    return roll_to_business_day(day, roll=roll, holidays=holidays)


def _due_dates(
    scheduled: Iterable[tuple[dt.date, dt.date | None, dt.date | None]],
    *,
    report: str,
    section: str,
    time: dt.time | None,
    roll: Roll,
    holidays: HolidayCalendar | Iterable[dt.date] | None,
) -> tuple[DueDate, ...]:
    calendar = _calendar(holidays) if roll != "none" else None
    return tuple(
        DueDate(
            report=report,
            section=section,
            due=_rolled(day, roll, calendar),
            time=time,
            period_start=period_start,
            period_end=period_end,
            scheduled=day,
        )
        for day, period_start, period_end in scheduled
    )


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time())


def weekly_due_dates(
    start: dt.date,
    end: dt.date,
    *,
    roll: Roll = "none",
    holidays: HolidayCalendar | Iterable[dt.date] | None = None,
    profile: ContractProfile | None = None,
) -> tuple[DueDate, ...]:
    """Return the due dates of the weekly Member CRG/TPG Assessment Report from ``start`` to ``end``.

    §2.30.4.5: due no later than 12:00 noon each Tuesday (the weekday and time are the profile's
    ``reports.weekly_due_weekday`` and ``reports.weekly_due_time``, in force on ``start``).

    Examples
    --------
    >>> [d.describe() for d in weekly_due_dates(dt.date(2008, 3, 1), dt.date(2008, 3, 12))]
    ['Member CRG/TPG Assessment Report due Tuesday 2008-03-04 12:00  [§2.30.4.5]', 'Member CRG/TPG Assessment Report due Tuesday 2008-03-11 12:00  [§2.30.4.5]']
    """
    first, last = _span(start, end)
    chosen = _profile(profile)
    weekday = chosen.get("reports.weekly_due_weekday", on=first)
    at = chosen.value("reports.weekly_due_time", dt.time, on=first)
    days = _moments(
        rrule.rrule(
            rrule.WEEKLY,
            dtstart=_midnight(first),
            until=_midnight(last),
            byweekday=_WEEKDAY_NAMES.index(weekday.value),
        )
    )
    return _due_dates(
        ((day, None, None) for day in days),
        report="Member CRG/TPG Assessment Report",
        section=weekday.section,
        time=at,
        roll=roll,
        holidays=holidays,
    )


def _month_day_rule(
    start: dt.date, end: dt.date, day: int, *, month: int | None = None
) -> rrule.rrule:
    """Return an rrule on ``day`` of each month (of ``month`` each year), or the month's last day.

    The rule takes the latest of the days ``min(day, 28) .. day`` that the month has
    (``bysetpos=-1``), so day 31 is the last day of every month and February 29 falls back to
    February 28 outside leap years.
    """
    return rrule.rrule(
        rrule.MONTHLY if month is None else rrule.YEARLY,
        dtstart=_midnight(start),
        until=_midnight(end),
        bymonth=month,
        bymonthday=tuple(range(min(day, 28), day + 1)),
        bysetpos=-1,
    )


def monthly_due_dates(
    start: dt.date,
    end: dt.date,
    *,
    day: int,
    report: str = "monthly report",
    section: str = "2.30",
    roll: Roll = "none",
    holidays: HolidayCalendar | Iterable[dt.date] | None = None,
) -> tuple[DueDate, ...]:
    """Return due dates on ``day`` of each month from ``start`` to ``end`` (the last day if shorter).

    For monthly reports whose due day the caller knows (the amendment names none). ``day=31`` gives
    the last day of every month, February 29 in a leap year.

    Examples
    --------
    >>> [d.due.isoformat() for d in monthly_due_dates(dt.date(2008, 1, 1), dt.date(2008, 4, 30), day=31)]
    ['2008-01-31', '2008-02-29', '2008-03-31', '2008-04-30']
    """
    first, last = _span(start, end)
    day_of_month = _whole(day, field="day")
    if not 1 <= day_of_month <= 31:  # noqa: PLR2004 - days of a month
        raise InvalidValueError(
            f"'day' must be a day of the month, 1 to 31 (got {day_of_month})",
            field="day",
            value=day_of_month,
        )
    days = _moments(_month_day_rule(first, last, day_of_month))
    return _due_dates(
        ((due, None, None) for due in days),
        report=report,
        section=section,
        time=None,
        roll=roll,
        holidays=holidays,
    )


def quarterly_due_dates(
    start: dt.date,
    end: dt.date,
    *,
    days_after_quarter_end: int | None = None,
    report: str = "quarterly report",
    roll: Roll = "none",
    holidays: HolidayCalendar | Iterable[dt.date] | None = None,
    profile: ContractProfile | None = None,
) -> tuple[DueDate, ...]:
    """Return the quarterly report due dates falling from ``start`` to ``end``, one per quarter.

    Quarters are calendar quarters; each report is due ``days_after_quarter_end`` calendar days
    after its quarter ends. Amendment 3 names quarterly reports (§2.30.4.4, §2.30.4.8, §2.30.6.1.2)
    but not their due day, so the count comes from this argument or from the profile's
    ``reports.quarterly_due_days_after_quarter_end`` (``none`` in the shipped profile: an error
    asks for it rather than inventing a deadline).

    Examples
    --------
    >>> dates = quarterly_due_dates(dt.date(2008, 1, 1), dt.date(2008, 12, 31), days_after_quarter_end=30)
    >>> [(d.period_end.isoformat(), d.due.isoformat()) for d in dates]
    [('2007-12-31', '2008-01-30'), ('2008-03-31', '2008-04-30'), ('2008-06-30', '2008-07-30'), ('2008-09-30', '2008-10-30')]
    """
    first, last = _span(start, end)
    param = _profile(profile).get("reports.quarterly_due_days_after_quarter_end", on=first)
    offset = param.value if days_after_quarter_end is None else days_after_quarter_end
    if offset is None:
        raise InvalidValueError(
            "the contract does not say when quarterly reports are due: pass "
            "days_after_quarter_end=..., or set reports.quarterly_due_days_after_quarter_end in "
            "your profile",
            field="days_after_quarter_end",
            value=None,
        )
    lag = _whole(offset, field="days_after_quarter_end")
    if lag < 0:
        raise InvalidValueError(
            f"'days_after_quarter_end' must be >= 0 (got {lag})",
            field="days_after_quarter_end",
            value=lag,
        )
    ends = _moments(
        rrule.rrule(
            rrule.MONTHLY,
            dtstart=_midnight(_shift(first, -lag, field="start")),
            until=_midnight(_shift(last, -lag, field="end")),
            bymonth=(3, 6, 9, 12),
            bymonthday=-1,
        )
    )
    return _due_dates(
        (
            (
                _shift(quarter_end, lag, field="end"),
                quarter_end.replace(month=quarter_end.month - 2, day=1),
                quarter_end,
            )
            for quarter_end in ends
        ),
        report=report,
        section=param.section,
        time=None,
        roll=roll,
        holidays=holidays,
    )


def annual_due_dates(
    start: dt.date,
    end: dt.date,
    *,
    roll: Roll = "none",
    holidays: HolidayCalendar | Iterable[dt.date] | None = None,
    profile: ContractProfile | None = None,
) -> tuple[DueDate, ...]:
    """Return the annual Case Management Services Report due dates from ``start`` to ``end``.

    §2.30.6.1.1: "By August 15, 2007 ... Annually thereafter": August 15 of each year from 2007
    (profile ``reports.annual_due_date`` and ``reports.annual_first_due``). August 15, 2009 was a
    Saturday; ``roll="following"`` moves it to Monday the 17th.

    Examples
    --------
    >>> [d.due.isoformat() for d in annual_due_dates(dt.date(2006, 1, 1), dt.date(2009, 12, 31))]
    ['2007-08-15', '2008-08-15', '2009-08-15']
    >>> annual_due_dates(dt.date(2009, 1, 1), dt.date(2009, 12, 31), roll="following")[0].describe()
    'Case Management Services Report due Monday 2009-08-17 (moved from 2009-08-15, not a business day)  [§2.30.6.1.1]'
    """
    first, last = _span(start, end)
    chosen = _profile(profile)
    first_due = chosen.get("reports.annual_first_due")
    on = max(first, first_due.value)
    days: tuple[dt.date, ...] = ()
    if on <= last:
        month, day = chosen.value("reports.annual_due_date", tuple, on=on)
        days = _moments(_month_day_rule(on, last, day, month=month))
    return _due_dates(
        ((due, None, None) for due in days),
        report="Case Management Services Report",
        section=first_due.section,
        time=None,
        roll=roll,
        holidays=holidays,
    )
