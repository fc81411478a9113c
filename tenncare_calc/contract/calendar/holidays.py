"""Holidays: a day off, a yearly holiday rule (an RRULE), and a calendar of rules and fixed days.

A :class:`HolidayRule` gives a holiday's days each year with ``dateutil.rrule`` (Christmas is
``FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=25``) and says how a weekend holiday is observed; a
:class:`HolidayCalendar` gathers rules and single days and answers which days are observed holidays
(ruling D1).

>>> rule = HolidayRule("Christmas Day", "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=25", observed="nearest_weekday")
>>> print(HolidayCalendar("example", "Christmas only", rules=(rule,)).explain(2010))
Holiday calendar example: Christmas only
  holidays observed in 2010:
    2010-12-24 Friday: Christmas Day (falls on Saturday 2010-12-25)
"""

from __future__ import annotations

__all__ = ["Holiday", "HolidayCalendar", "HolidayRule", "Observance"]

import datetime as dt
import functools
from collections.abc import Iterable, Mapping
from typing import Any, Literal, get_args

import attrs
from dateutil import rrule

from tenncare_calc.contract.calendar.date_inputs import _ONE_DAY, _SATURDAY, _span, _year
from tenncare_calc.core.errors import InvalidInputError, InvalidTypeError
from tenncare_calc.core.explanation import Explanation
from tenncare_calc.core.values import to_date

#: How a holiday that falls on a weekend is observed: ``"nearest_weekday"`` moves Saturday to the
#: preceding Friday and Sunday to the following Monday (Tenn. Code Ann. § 15-1-101); ``"as_is"``
#: keeps the day where it falls.
Observance = Literal["nearest_weekday", "as_is"]


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

        >>> from tenncare_calc.contract.calendar import tennessee_state_holidays
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
        rule = rrule.rrulestr(text, dtstart=begin)
        end = dt.datetime(2027, 12, 31)  # noqa: DTZ001 - dates, no time zone
        if len(text.splitlines()) == 1 and isinstance(rule, rrule.rrule):
            # one line, checked above to have no COUNT, UNTIL, DTSTART or INTERVAL: the rule
            # starts on 2000-01-01 and its first day up to the end of 2027 is enough (expanding
            # all 28 years took about 20 ms for the shipped calendar's twelve rules)
            found = next(iter(rule.replace(until=end)), None)
        else:  # several lines (a DTSTART, an UNTIL of their own, a set): expanded as they are
            found = next(iter(rule.between(begin, end, inc=True)), None)
    except (ValueError, TypeError) as error:
        raise InvalidInputError(
            f"{field!r} is not a valid RRULE ({error}) (got {raw!r})", field=field, value=raw
        ) from None
    if found is None:
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
    >>> from tenncare_calc.contract.calendar import tennessee_state_holidays
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

        >>> from tenncare_calc.contract.calendar import tennessee_state_holidays
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
