"""Attachment XI A.5.5.1 trip manifests: what the rule says of each manifest, in both forms, pinned.

These are the rule module's own tests (``compliance.nemt.manifests``), run against its mutants
(docs/developers.md, "Mutation testing"). The clause: the trip manifest reaches the NEMT provider
"no later than the provider's close of business the day before the date of the NEMT service": the
deadline is the provider's own close of business on the calendar day before (weekends and
holidays included; the profile's manifest days, 1), and a manifest sent exactly at it is in time.
Each finding is compared whole with that clause written here apart (:func:`expected`): manifests
sent a microsecond, a second and a minute either side of the deadline and at it, and anywhere
within days of it; time-zone-aware moments; tables of manifests as datetimes, timestamps and text
whose rows must each be that finding, column by column, including tables of more rows than the
rule judges at a time; the manifest days' dated versions, read on the service date; the rows a
table rejects and why; and the field and value of every error.
"""

# ruff: noqa: DTZ001 - NEMT times are naive local times (the State's wall clock), as in trip data

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo
from decimal import Decimal
from typing import TYPE_CHECKING

import attrs
import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tenncare_calc import (
    InvalidInputError,
    InvalidTypeError,
    InvalidValueError,
    MissingValueError,
    OutsideTermError,
    default_profile,
    load_profile,
)
from tenncare_calc.compliance import Finding, FindingsTable, trip_manifest, trip_manifest_table
from tests.finding_oracle import beside, reported, shown, spoken
from tests.versioned_profiles import CHANGE_DATE, with_later_version

if TYPE_CHECKING:
    from tenncare_calc.contract.profile import ContractProfile

A551 = "Attachment XI A.5.5.1"
STANDARD = "trip manifest to the NEMT provider by its close of business the day before"
TERM_START = dt.date(2008, 9, 1)
MICRO = dt.timedelta(microseconds=1)
SECOND = dt.timedelta(seconds=1)
MINUTE = dt.timedelta(minutes=1)
HOUR = dt.timedelta(hours=1)
DAY = dt.timedelta(days=1)
ZERO = dt.timedelta(0)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
#: The columns of a findings table of manifests, in order.
TABLE_COLUMNS = [
    "row",
    "check",
    "service_date",
    "outcome",
    "met",
    "standard",
    "measured",
    "limit",
    "margin",
    "unit",
    "section",
]
#: A figure column's type.
FIGURE = pa.decimal128(19, 4)


def expected(
    sent: dt.datetime, service: dt.date, close: dt.time, days: int = 1
) -> dict[str, object]:
    """Return the finding A.5.5.1 gives a manifest sent at ``sent`` for a trip on ``service``.

    The deadline is in the zone of the close of business, if it has one, else in the sending's.
    """
    day_before = service - dt.timedelta(days=days)
    wall = dt.time(close.hour, close.minute, close.second, close.microsecond)
    zone = sent.tzinfo if close.tzinfo is None else close.tzinfo
    deadline = dt.datetime.combine(day_before, wall, tzinfo=zone)
    on_time = sent <= deadline
    return {
        "check": "nemt.trip_manifest",
        "outcome": "met" if on_time else "not_met",
        "met": on_time,
        "standard": STANDARD,
        "sections": (A551,),
        "measured": None,
        "limit": None,
        "margin": beside(deadline - sent),
        "unit": "minutes",
        "subject": (),
        "steps": (
            (
                f"service date {service.isoformat()}; deadline {deadline.isoformat()} "
                f"(close of business {close.hour:02d}:{close.minute:02d} on "
                f"{WEEKDAYS[day_before.weekday()]})"
            ),
            f"sent {sent.isoformat()}: "
            + (
                f"{spoken(deadline - sent)} before the deadline"
                if on_time
                else f"{spoken(sent - deadline)} late"
            ),
        ),
        "note": None,
        "parts": (),
    }


def found_as_dict(found: Finding) -> dict[str, object]:
    """Return a finding's fields in the form of :func:`expected`."""
    return {**reported(found), "parts": found.parts}


def row_expected(want: dict[str, object], index: int, service: dt.date) -> dict[str, object]:
    """Return the table row of a finding :func:`expected` gave, at ``index``."""
    return {
        "row": index,
        "check": "nemt.trip_manifest",
        "service_date": service.isoformat(),
        "outcome": want["outcome"],
        "met": want["met"],
        "standard": STANDARD,
        "measured": None,
        "limit": None,
        "margin": shown(want["margin"]),  # type: ignore[arg-type]
        "unit": "minutes",
        "section": A551,
    }


@functools.cache
def days_profile(days: int) -> ContractProfile:
    """Return the shipped profile with other manifest days (cached: Hypothesis asks often)."""
    return load_profile(overrides={"nemt.manifest_days_before": days})


@functools.cache
def later_profile() -> ContractProfile:
    """Return the shipped profile with 2 manifest days from :data:`CHANGE_DATE`."""
    return with_later_version(default_profile(), "nemt.manifest_days_before", 2)


SERVICE = st.dates(TERM_START, dt.date(2012, 12, 31))
#: A manifest's place against the deadline: before, at or after it by a unit, or anywhere.
SIDES = st.one_of(
    st.sampled_from([-MINUTE, -SECOND, -MICRO, ZERO, MICRO, SECOND, MINUTE]),
    st.timedeltas(-3 * DAY, 3 * DAY),
)


@st.composite
def manifests(
    draw: st.DrawFn, days: int = 1, *, whole_seconds: bool = False
) -> tuple[dt.datetime, dt.date, dt.time]:
    """Return a manifest's sending, its trip's service date and the provider's close of business.

    Sent at the deadline, a unit either side of it, or days either side; ``whole_seconds``: times
    written as text (no fractions of a second).
    """
    service = draw(SERVICE)
    close = draw(st.times())
    side = draw(SIDES)
    if whole_seconds:
        close = close.replace(microsecond=0)
        side = dt.timedelta(seconds=side // SECOND)
    deadline = dt.datetime.combine(service - dt.timedelta(days=days), close)
    return deadline + side, service, close


class TestOneManifest:
    """``trip_manifest``: the whole finding, on both sides of the line and at it."""

    @given(manifests())
    def test_each_manifest_is_what_the_clause_says(
        self, case: tuple[dt.datetime, dt.date, dt.time]
    ) -> None:
        """Outcome, margin, steps, standard, section and the parameter read."""
        sent, service, close = case
        found = trip_manifest(sent_at=sent, service_date=service, close_of_business=close)
        assert found_as_dict(found) == expected(sent, service, close)
        assert [(p.name, p.value, p.effective_from) for p in found.parameters] == [
            ("nemt.manifest_days_before", 1, TERM_START)
        ]

    @given(SERVICE, st.times(), st.sampled_from([MICRO, SECOND, MINUTE, HOUR, DAY]))
    def test_at_the_close_of_business_the_day_before(
        self, service: dt.date, close: dt.time, step: dt.timedelta
    ) -> None:
        """Sent at the deadline is in time, with no margin; a unit later is late, a unit sooner not."""
        deadline = dt.datetime.combine(service - DAY, close)
        found = [
            trip_manifest(sent_at=deadline + side, service_date=service, close_of_business=close)
            for side in (-step, ZERO, step)
        ]
        assert [f.outcome.value for f in found] == ["met", "met", "not_met"]
        assert [f.margin for f in found] == [beside(step), 0, beside(-step)]

    def test_a_monday_trip_is_due_on_sunday(self) -> None:
        """The day before, not the business day before: a Monday trip's manifest is due Sunday."""
        found = trip_manifest(
            sent_at=dt.datetime(2008, 10, 5, 17, 2, 5),
            service_date=dt.date(2008, 10, 6),
            close_of_business=dt.time(17, 0),
        )
        assert found.steps == (
            (
                "service date 2008-10-06; deadline 2008-10-05T17:00:00 "
                "(close of business 17:00 on Sunday)"
            ),
            "sent 2008-10-05T17:02:05: 0 h 02 min 05 s late",
        )
        assert (found.met, found.margin) == (False, Decimal("-2.0833"))
        early = trip_manifest(
            sent_at=dt.datetime(2008, 10, 3, 9, 30),
            service_date=dt.date(2008, 10, 6),
            close_of_business=dt.time(17, 45, 30),
        )
        assert early.steps[1] == "sent 2008-10-03T09:30:00: 56 h 15 min 30 s before the deadline"
        assert (early.met, early.margin) == (True, Decimal("3375.5"))

    @given(manifests(), st.integers(-12, 12))
    def test_time_zone_aware_moments(
        self, case: tuple[dt.datetime, dt.date, dt.time], hours: int
    ) -> None:
        """An aware ``sent_at``: the deadline is the close of business in its zone."""
        sent, service, close = case
        zone = dt.timezone(dt.timedelta(hours=hours))
        sent = sent.replace(tzinfo=zone)
        found = trip_manifest(sent_at=sent, service_date=service, close_of_business=close)
        assert found_as_dict(found) == expected(sent, service, close)

    @given(manifests(), st.integers(-12 * 60, 14 * 60), st.integers(-12 * 60, 14 * 60))
    def test_a_close_of_business_with_its_zone(
        self, case: tuple[dt.datetime, dt.date, dt.time], close_minutes: int, sent_minutes: int
    ) -> None:
        """An aware close of business is in its own zone, a sending elsewhere read on its clock.

        On both sides of that instant and at it (the zone is no longer dropped).
        """
        at, service, close = case  # ``at``: the sending on the provider's clock
        provider = dt.timezone(dt.timedelta(minutes=close_minutes))
        elsewhere = dt.timezone(dt.timedelta(minutes=sent_minutes))
        sent = at.replace(tzinfo=provider).astimezone(elsewhere)
        zoned = close.replace(tzinfo=provider)
        found = trip_manifest(sent_at=sent, service_date=service, close_of_business=zoned)
        assert found_as_dict(found) == expected(sent, service, zoned)
        # the same instant and the same verdict as the sending on the provider's own clock
        local = trip_manifest(
            sent_at=at.replace(tzinfo=provider), service_date=service, close_of_business=close
        )
        assert (found.met, found.margin) == (local.met, local.margin)

    def test_a_close_of_business_in_a_zone_with_daylight_saving(self) -> None:
        """A named zone: the deadline's offset is that of its day, and the time is its clock's.

        Central time left daylight saving at 02:00 on Sunday 2008-11-02: 17:00 that day is
        23:00 UTC. A sending at 22:59 UTC is a minute early; one at 17:00 CDT on the Saturday is
        24 hours early on the provider's clock (as a table reads Central timestamps), though 25
        hours passed.
        """
        try:
            central = zoneinfo.ZoneInfo("America/Chicago")
        except zoneinfo.ZoneInfoNotFoundError:  # pragma: no cover - no time zone data installed
            pytest.skip("no time zone data")
        close = dt.time(17, 0, tzinfo=central)
        monday = dt.date(2008, 11, 3)
        early = trip_manifest(
            sent_at=dt.datetime(2008, 11, 2, 22, 59, tzinfo=dt.UTC),
            service_date=monday,
            close_of_business=close,
        )
        assert early.steps[0] == (
            "service date 2008-11-03; deadline 2008-11-02T17:00:00-06:00 "
            "(close of business 17:00 on Sunday)"
        )
        assert (early.met, early.margin) == (True, Decimal(1))
        saturday = dt.datetime(2008, 11, 1, 17, 0, tzinfo=central)
        found = trip_manifest(
            sent_at=saturday.astimezone(dt.UTC), service_date=monday, close_of_business=close
        )
        assert (found.met, found.margin) == (True, Decimal(24 * 60))
        table = trip_manifest_table(
            {
                "sent_at": pa.array([saturday], pa.timestamp("us", tz="America/Chicago")),
                "service_date": [monday],
                "close_of_business": [dt.time(17, 0)],
            }
        )
        assert table.rows()[0]["margin"] == "1440"

    def test_aware_steps_with_a_zoned_close_of_business(self) -> None:
        """The deadline is written in the zone of the close of business, the sending in its own."""
        found = trip_manifest(
            sent_at=dt.datetime(2008, 10, 5, 17, 30, tzinfo=dt.timezone(-5 * HOUR)),
            service_date=dt.date(2008, 10, 6),
            close_of_business=dt.time(17, 0, tzinfo=dt.timezone(-6 * HOUR)),
        )
        assert found.steps == (
            (
                "service date 2008-10-06; deadline 2008-10-05T17:00:00-06:00 "
                "(close of business 17:00 on Sunday)"
            ),
            "sent 2008-10-05T17:30:00-05:00: 0 h 30 min before the deadline",
        )
        assert (found.met, found.margin) == (True, Decimal(30))

    def test_aware_steps(self) -> None:
        """The deadline is written in the zone of the sending."""
        eastern = dt.timezone(dt.timedelta(hours=-5))
        found = trip_manifest(
            sent_at=dt.datetime(2008, 10, 5, 16, 0, tzinfo=eastern),
            service_date=dt.date(2008, 10, 6),
            close_of_business=dt.time(17, 0),
        )
        assert found.steps == (
            (
                "service date 2008-10-06; deadline 2008-10-05T17:00:00-05:00 "
                "(close of business 17:00 on Sunday)"
            ),
            "sent 2008-10-05T16:00:00-05:00: 1 h 00 min before the deadline",
        )
        assert found.margin == 60

    @given(SERVICE, st.times(), st.integers(1, 10), st.sampled_from([-MICRO, ZERO, MICRO]))
    def test_the_profile_days(
        self, service: dt.date, close: dt.time, days: int, side: dt.timedelta
    ) -> None:
        """The manifest days come from the profile: so many days before the service date."""
        sent = dt.datetime.combine(service - dt.timedelta(days=days), close) + side
        found = trip_manifest(
            sent_at=sent, service_date=service, close_of_business=close, profile=days_profile(days)
        )
        assert found_as_dict(found) == expected(sent, service, close, days)
        assert [(p.name, p.value) for p in found.parameters] == [
            ("nemt.manifest_days_before", days)
        ]

    def test_text_and_numpy_moments_and_dates(self) -> None:
        """The sending as text in both forms or numpy's; the service date as text or datetime64."""
        for sent_at, service_date in (
            ("2008-10-05 16:59:30", "2008-10-06"),
            ("10/5/2008 16:59:30", "10/6/2008"),
            (np.datetime64("2008-10-05T16:59:30"), np.datetime64("2008-10-06")),
        ):
            found = trip_manifest(
                sent_at=sent_at,  # type: ignore[arg-type]
                service_date=service_date,  # type: ignore[arg-type]
                close_of_business=dt.time(17, 0),
            )
            assert found_as_dict(found) == expected(
                dt.datetime(2008, 10, 5, 16, 59, 30), dt.date(2008, 10, 6), dt.time(17, 0)
            )


class TestErrors:
    """Each error is the library's, naming the field and the value given."""

    SENT = dt.datetime(2008, 10, 5, 17, 0)
    SERVICE = dt.date(2008, 10, 6)

    def test_close_of_business_not_a_time(self) -> None:
        """Text or a datetime as the close of business: a type error naming it and the value."""
        for close in ("17:00", dt.datetime(2008, 10, 5, 17, 0), None):
            with pytest.raises(InvalidTypeError) as raised:
                trip_manifest(
                    sent_at=self.SENT,
                    service_date=self.SERVICE,
                    close_of_business=close,  # type: ignore[arg-type]
                )
            assert (raised.value.field, raised.value.value) == ("close_of_business", close)
            assert str(raised.value) == (
                f"'close_of_business' must be a datetime.time such as time(17, 0) (got {close!r})"
            )

    def test_a_zoned_close_of_business_with_a_naive_sending(self) -> None:
        """A zoned close of business beside a naive ``sent_at``: an error naming the close.

        Tennessee spans two zones: a naive time's zone is never guessed.
        """
        for zone in (dt.UTC, dt.timezone(-6 * HOUR)):
            close = dt.time(17, 0, tzinfo=zone)
            with pytest.raises(InvalidTypeError) as raised:
                trip_manifest(
                    sent_at=dt.datetime(2008, 10, 5, 16, 0),
                    service_date=dt.date(2008, 10, 6),
                    close_of_business=close,
                )
            assert (raised.value.field, raised.value.value) == ("close_of_business", close)
            assert str(raised.value) == (
                "'close_of_business' must be naive (the provider's local time) like 'sent_at', "
                f"or both must be time-zone aware (got {close!r} with 2008-10-05T16:00:00); "
                "give the local time without a zone"
            )

    def test_a_sending_without_a_time_or_missing(self) -> None:
        """``sent_at`` a date alone is a type error, missing a missing value, each naming it."""
        with pytest.raises(InvalidTypeError) as dated:
            trip_manifest(
                sent_at=dt.date(2008, 10, 5),  # type: ignore[arg-type]
                service_date=self.SERVICE,
                close_of_business=dt.time(17),
            )
        assert (dated.value.field, dated.value.value) == ("sent_at", dt.date(2008, 10, 5))
        with pytest.raises(MissingValueError) as missing:
            trip_manifest(
                sent_at=None,  # type: ignore[arg-type]
                service_date=self.SERVICE,
                close_of_business=dt.time(17),
            )
        assert missing.value.field == "sent_at"

    def test_a_bad_service_date(self) -> None:
        """A datetime, unreadable text or nothing as the service date: an error naming it."""
        with pytest.raises(InvalidTypeError) as timed:
            trip_manifest(
                sent_at=self.SENT,
                service_date=dt.datetime(2008, 10, 6, 9),
                close_of_business=dt.time(17),
            )
        assert (timed.value.field, timed.value.value) == (
            "service_date",
            dt.datetime(2008, 10, 6, 9),
        )
        with pytest.raises(InvalidValueError) as text:
            trip_manifest(
                sent_at=self.SENT,
                service_date="tomorrow",  # type: ignore[arg-type]
                close_of_business=dt.time(17),
            )
        assert (text.value.field, text.value.value) == ("service_date", "tomorrow")
        with pytest.raises(MissingValueError) as missing:
            trip_manifest(
                sent_at=self.SENT,
                service_date=None,  # type: ignore[arg-type]
                close_of_business=dt.time(17),
            )
        assert missing.value.field == "service_date"

    def test_a_trip_before_the_term(self) -> None:
        """The manifest days are read on the service date: none before the term."""
        with pytest.raises(OutsideTermError) as raised:
            trip_manifest(
                sent_at=dt.datetime(2008, 8, 1, 9),
                service_date=dt.date(2008, 8, 31),
                close_of_business=dt.time(17),
            )
        assert (raised.value.field, raised.value.value) == (
            "nemt.manifest_days_before",
            dt.date(2008, 8, 31),
        )
        # sent before the term, for a trip on its first day: judged
        found = trip_manifest(
            sent_at=dt.datetime(2008, 8, 31, 17),
            service_date=TERM_START,
            close_of_business=dt.time(17),
        )
        assert found.met is True

    @pytest.mark.parametrize(
        "days",
        [["2009-12-30", "2009-12-31"], ["2009-12-30", "2010-01-02"], ["2010-01-01", "2010-01-02"]],
    )
    def test_trips_after_the_days_before_stop_are_outside_its_term(self, days: list[str]) -> None:
        """A profile whose manifest days end on 2009-12-31: later trips are rejected, as one by one.

        Every trip in its term or after it, or some of each: each row after the term is refused
        with the parameter's term, as the one-value check raises ``OutsideTermError``; the others
        are judged.
        """
        name = "nemt.manifest_days_before"
        through = dt.date(2009, 12, 31)
        profile = default_profile()
        ending = attrs.evolve(profile.parameters[name], effective_through=through)
        profile = attrs.evolve(profile, parameters={**profile.parameters, name: ending})
        found = trip_manifest_table(
            {
                "sent_at": [f"{day} 09:00" for day in days],
                "service_date": days,
                "close_of_business": ["17:00"] * len(days),
            },
            profile=profile,
            on_error="collect",
        )
        after = [row for row, day in enumerate(days) if dt.date.fromisoformat(day) > through]
        assert found.rejected.to_pylist() == [
            {
                "row": row,
                "reason": f"service_date {days[row]} is outside the term of {name} "
                f"(from {TERM_START.isoformat()} through {through.isoformat()})",
            }
            for row in after
        ]
        assert found.rows_used == len(days) - len(after)
        for row in after:
            with pytest.raises(OutsideTermError):
                trip_manifest(
                    sent_at=dt.datetime.fromisoformat(f"{days[row]} 09:00"),
                    service_date=dt.date.fromisoformat(days[row]),
                    close_of_business=dt.time(17),
                    profile=profile,
                )

    def test_a_table_without_its_columns_or_with_a_bad_mapping(self) -> None:
        """The table is named ``manifests`` in what it lacks and in a column mapping's mistake."""
        with pytest.raises(InvalidInputError) as lacking:
            trip_manifest_table(
                {"sent_at": ["2008-10-05 17:00"], "service_date": ["2008-10-06"], "close": ["x"]}
            )
        assert str(lacking.value) == (
            "'manifests' lacks the required column 'close_of_business' "
            "(it has: 'sent_at', 'service_date', 'close')"
        )
        with pytest.raises(InvalidInputError) as mapped:
            trip_manifest_table(
                {"sent_at": ["2008-10-05 17:00"], "service_date": ["2008-10-06"], "close": ["x"]},
                columns={"close_of_business": "shut"},
            )
        assert str(mapped.value) == (
            "columns= maps to 'shut', not a column of 'manifests' "
            "(it has: 'sent_at', 'service_date', 'close')"
        )

    def test_a_table_with_a_bad_row_raises_by_default(self) -> None:
        """Without ``on_error``, a row it cannot use is an error naming the row and the reason."""
        with pytest.raises(InvalidInputError) as raised:
            trip_manifest_table(
                {
                    "sent_at": ["2008-10-05"],
                    "service_date": ["2008-10-06"],
                    "close_of_business": ["17:00"],
                }
            )
        assert str(raised.value).startswith(
            "1 of 1 rows of 'manifests' cannot be used: row 0: sent_at 2008-10-05 has no time "
            "of day."
        )
        with pytest.raises(InvalidValueError) as mode:
            trip_manifest_table(
                {
                    "sent_at": ["2008-10-05 17:00"],
                    "service_date": ["2008-10-06"],
                    "close_of_business": ["17:00"],
                },
                on_error="keep",  # type: ignore[arg-type]
            )
        assert (mode.value.field, mode.value.value) == ("on_error", "keep")


def _text(moment: dt.datetime, form: str) -> str:
    """Return a moment as text in one of the forms the table reads."""
    if form == "iso":
        return moment.strftime("%Y-%m-%d %H:%M:%S")
    return f"{moment.month}/{moment.day}/{moment.year} {moment:%H:%M:%S}"


def _columns(cases: list[tuple[dt.datetime, dt.date, dt.time]]) -> dict[str, list[object]]:
    return {
        "sent_at": [sent for sent, _, _ in cases],
        "service_date": [service for _, service, _ in cases],
        "close_of_business": [close for _, _, close in cases],
    }


class TestTable:
    """``trip_manifest_table``: each row is the one-value finding, column by column."""

    @given(st.lists(manifests(), min_size=1, max_size=30))
    @settings(max_examples=60)
    def test_datetimes_row_by_row(self, cases: list[tuple[dt.datetime, dt.date, dt.time]]) -> None:
        """Manifests as datetimes, dates and time values."""
        self._compare(trip_manifest_table(_columns(cases)), cases)

    @given(
        st.lists(manifests(whole_seconds=True), min_size=1, max_size=30),
        st.sampled_from(["iso", "us"]),
        st.booleans(),
    )
    @settings(max_examples=60)
    def test_text_row_by_row(
        self,
        cases: list[tuple[dt.datetime, dt.date, dt.time]],
        form: str,
        seconds: bool,
    ) -> None:
        """Manifests as text in either form; closings ``HH:MM:SS`` (or ``HH:MM`` on the minute)."""
        if not seconds:
            cases = [(sent, service, close.replace(second=0)) for sent, service, close in cases]
        found = trip_manifest_table(
            {
                "sent_at": [_text(sent, form) for sent, _, _ in cases],
                "service_date": [service.isoformat() for _, service, _ in cases],
                "close_of_business": [
                    close.strftime("%H:%M:%S" if seconds else "%H:%M") for _, _, close in cases
                ],
            }
        )
        self._compare(found, cases)

    @staticmethod
    def _compare(
        found: FindingsTable, cases: list[tuple[dt.datetime, dt.date, dt.time]], days: int = 1
    ) -> None:
        rows = found.rows()
        assert len(rows) == len(cases)
        for index, (row, (sent, service, close)) in enumerate(zip(rows, cases, strict=True)):
            want = expected(sent, service, close, days)
            assert row == row_expected(want, index, service)
            one = trip_manifest(
                sent_at=sent,
                service_date=service,
                close_of_business=close,
                profile=days_profile(days),
            ).row()
            assert {key: row[key] for key in one if key in row} == {
                key: one[key] for key in one if key in row
            }
        assert found.arrow.schema.names == TABLE_COLUMNS
        assert (found.rows_in, found.rows_used) == (len(cases), len(cases))

    @given(st.integers(1, 10), st.data())
    @settings(max_examples=40)
    def test_the_profile_days(self, days: int, data: st.DataObject) -> None:
        """The profile's manifest days are each row's line."""
        cases = data.draw(st.lists(manifests(days), min_size=1, max_size=10))
        found = trip_manifest_table(_columns(cases), profile=days_profile(days))
        self._compare(found, cases, days)
        assert [(p.name, p.value) for p in found.parameters] == [
            ("nemt.manifest_days_before", days)
        ]

    @given(
        st.dates(dt.date(4000, 1, 1), dt.date(9999, 12, 31)),
        st.times(),
        st.sampled_from([-MICRO, ZERO, MICRO]),
    )
    @settings(max_examples=30)
    def test_far_dates_to_the_microsecond(
        self, service: dt.date, close: dt.time, side: dt.timedelta
    ) -> None:
        """The term has no end: a trip in year 9999 is judged to the microsecond, as any other."""
        sent = dt.datetime.combine(service - DAY, close) + side
        self._compare(
            trip_manifest_table(_columns([(sent, service, close)])), [(sent, service, close)]
        )

    def test_columns_and_their_types(self) -> None:
        """The findings' columns, figure types, the flag as booleans, the service date a date."""
        found = trip_manifest_table(
            {
                "sent_at": ["2008-10-05 17:00", "2008-10-05 17:20", "2008-10-04 09:00"],
                "service_date": ["2008-10-06", "2008-10-06", "2008-10-06"],
                "close_of_business": ["17:00", "17:00", "17:00:30"],
            }
        )
        schema = found.arrow.schema
        assert schema.names == TABLE_COLUMNS
        assert [schema.field(name).type for name in ("measured", "limit", "margin")] == [FIGURE] * 3
        assert (schema.field("met").type, schema.field("service_date").type) == (
            pa.bool_(),
            pa.date32(),
        )
        assert found.arrow.column("service_date").to_pylist() == [dt.date(2008, 10, 6)] * 3
        assert found.arrow.column("measured").null_count == 3
        assert found.arrow.column("limit").null_count == 3
        assert [(row["outcome"], row["met"], row["margin"]) for row in found.rows()] == [
            ("met", True, "0"),
            ("not_met", False, "-20"),
            ("met", True, "1920.5"),
        ]
        assert found.check == "nemt.trip_manifest"
        assert (found.rows_in, found.rows_used) == (3, 3)

    def test_aware_timestamps_are_read_on_their_wall_clock(self) -> None:
        """Aware timestamps: the close of business is in the sending's own zone, as one by one."""
        eastern = dt.timezone(dt.timedelta(hours=-5))
        sent = [
            dt.datetime(2008, 10, 5, 17, 0, tzinfo=eastern),
            dt.datetime(2008, 10, 5, 17, 0, 1, tzinfo=eastern),
        ]
        found = trip_manifest_table(
            {
                "sent_at": pa.array(sent, pa.timestamp("us", tz="-05:00")),
                "service_date": [dt.date(2008, 10, 6)] * 2,
                "close_of_business": [dt.time(17, 0)] * 2,
            }
        )
        assert found.rows() == [
            row_expected(
                expected(moment, dt.date(2008, 10, 6), dt.time(17, 0)), index, dt.date(2008, 10, 6)
            )
            for index, moment in enumerate(sent)
        ]

    def test_columns_of_other_names_and_carried(self) -> None:
        """``columns=`` maps the library's names to the table's; ``carry`` keeps an id."""
        found = trip_manifest_table(
            {
                "id": ["M1", "M2"],
                "sent": ["2008-10-05 16:00", "2008-10-05 18:00"],
                "trip": ["2008-10-06", "2008-10-06"],
                "closes": ["17:00", "17:00"],
            },
            columns={"sent_at": "sent", "service_date": "trip", "close_of_business": "closes"},
            carry="id",
        )
        assert [(row["id"], row["met"], row["margin"]) for row in found.rows()] == [
            ("M1", True, "60"),
            ("M2", False, "-60"),
        ]

    def test_an_empty_table(self) -> None:
        """No manifests: no findings, and the manifest days still named."""
        found = trip_manifest_table({"sent_at": [], "service_date": [], "close_of_business": []})
        assert found.rows() == []
        assert (found.rows_in, found.rows_used) == (0, 0)
        assert found.arrow.schema.names == TABLE_COLUMNS
        assert [(p.name, p.value) for p in found.parameters] == [("nemt.manifest_days_before", 1)]

    def test_rows_it_cannot_use_are_rejected_with_their_reason(self) -> None:
        """Each reason a manifest is refused, with its row; the others are judged."""
        found = trip_manifest_table(
            {
                "sent_at": [
                    "2008-10-05",
                    "yesterday",
                    "2008-10-05 17:00",
                    "2008-10-05 17:00",
                    "2008-10-05 17:00",
                    "2008-08-30 17:00",
                    "2008-10-05 17:00",
                    "2008-08-31 17:00",
                ],
                "service_date": [
                    "2008-10-06",
                    "2008-10-06",
                    "2008-10-06 09:00",
                    "2008-10-06",
                    "",
                    "2008-08-31",
                    "2008-10-06",
                    "2008-09-01",
                ],
                "close_of_business": [
                    "17:00",
                    "17:00",
                    "17:00",
                    "5pm",
                    "17:00",
                    "17:00",
                    "17:00:01",
                    "17:00",
                ],
            },
            on_error="collect",
        )
        reasons = found.rejected.to_pylist()
        assert [reason["row"] for reason in reasons] == [0, 1, 2, 3, 4, 5]
        assert reasons[0]["reason"] == "sent_at 2008-10-05 has no time of day"
        assert reasons[1]["reason"].startswith("sent_at 'yesterday' is not a date or time")
        assert reasons[3]["reason"] == (
            "close_of_business '5pm' is not a time of day (expected HH:MM or HH:MM:SS)"
        )
        assert reasons[5]["reason"] == (
            "service_date 2008-08-31 is outside the term of nemt.manifest_days_before "
            "(from 2008-09-01)"
        )
        assert found.rows() == [
            row_expected(
                expected(dt.datetime(2008, 10, 5, 17), dt.date(2008, 10, 6), dt.time(17, 0, 1)),
                6,
                dt.date(2008, 10, 6),
            ),
            row_expected(
                expected(dt.datetime(2008, 8, 31, 17), TERM_START, dt.time(17)), 7, TERM_START
            ),
        ]
        assert (found.rows_in, found.rows_used) == (8, 2)


class TestDatedDays:
    """The manifest days are read in the version in force on the service date."""

    def test_one_manifest_on_either_side_of_the_change(self) -> None:
        """1 day for a trip the day before the change, 2 from its day, whenever it was sent."""
        profile = later_profile()
        close = dt.time(17, 0)
        for service, days, since in (
            (CHANGE_DATE - DAY, 1, TERM_START),
            (CHANGE_DATE, 2, CHANGE_DATE),
        ):
            deadline = dt.datetime.combine(service - dt.timedelta(days=days), close)
            for sent in (deadline, deadline + MICRO, deadline - HOUR):
                found = trip_manifest(
                    sent_at=sent, service_date=service, close_of_business=close, profile=profile
                )
                assert found_as_dict(found) == expected(sent, service, close, days)
                assert [(p.value, p.effective_from) for p in found.parameters] == [(days, since)]

    @given(
        st.lists(manifests(), min_size=1, max_size=12), st.sampled_from(["before", "after", "both"])
    )
    @settings(max_examples=40)
    def test_tables_on_either_side_and_across(
        self, cases: list[tuple[dt.datetime, dt.date, dt.time]], side: str
    ) -> None:
        """Rows on one side of the change read one version; rows across it each their own."""
        moved: list[tuple[dt.datetime, dt.date, dt.time]] = []
        days: list[int] = []
        for index, (sent, service, close) in enumerate(cases):
            later = side == "after" or (side == "both" and index % 2 == 1)
            day = CHANGE_DATE if later else CHANGE_DATE - DAY
            each = 2 if later else 1
            # the same place against the new deadline as against the old
            shift = dt.datetime.combine(day - dt.timedelta(days=each), close) - dt.datetime.combine(
                service - DAY, close
            )
            moved.append((sent + shift, day, close))
            days.append(each)
        found = trip_manifest_table(_columns(moved), profile=later_profile())
        assert found.rows() == [
            row_expected(expected(*case, days=each), index, case[1])
            for index, (case, each) in enumerate(zip(moved, days, strict=True))
        ]
        assert [(p.value, p.effective_from) for p in found.parameters] == [
            (1, TERM_START),
            (2, CHANGE_DATE),
        ]

    def test_more_rows_than_are_judged_at_a_time(self) -> None:
        """70,000 manifests across the change: every row still its own."""
        rows = 70_000
        index = np.arange(rows)
        later = index % 3 == 0
        service = np.where(later, CHANGE_DATE.toordinal(), CHANGE_DATE.toordinal() - 1)
        epoch = dt.date(1970, 1, 1).toordinal()
        micros_per_day = 86_400_000_000
        close = (index % 1_440) * 60_000_000
        days = np.where(later, 2, 1)
        late = index % 5 == 0
        sent = (
            (service - epoch - days) * micros_per_day
            + close
            + np.where(late, 60_000_000, -(index % 7) * 60_000_000)
        )
        found = trip_manifest_table(
            pa.table(
                {
                    "sent_at": pa.array(sent, pa.timestamp("us")),
                    "service_date": pa.array(service - epoch, pa.int32()).cast(pa.date32()),
                    "close_of_business": pa.array(close, pa.time64("us")),
                }
            ),
            profile=later_profile(),
        )
        table = found.arrow
        assert table.column("met").to_pylist() == (~late).tolist()
        assert table.column("outcome").to_pylist() == [
            "not_met" if each else "met" for each in late.tolist()
        ]
        assert table.column("margin").to_pylist() == np.where(late, -1, index % 7).tolist()
