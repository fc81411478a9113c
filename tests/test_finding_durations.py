"""Times in findings (``compliance.findings.durations``): a late finding never reads as on time.

Every check measured in time decides on the exact times (microseconds) and shows them twice: as
figures in minutes (4 places) and as durations in words in its steps. Both must read the way the
outcome was decided: a manifest, decision, notification, request or appointment on the wrong side
of its line by any amount, from a microsecond to days, shows a margin of that sign (never 0) and a
duration in words that is the exact one; exactly at the line shows margin 0 and is met. The
one-value check and a table of the same rows show the same figures. These properties read the
words back (:func:`read_back`) and compare signs, so they hold whatever the rounding.
"""

# ruff: noqa: DTZ001 - NEMT times are naive local times (the State's wall clock), as in trip data

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import tenncare_calc as tc
from tenncare_calc import InvalidTypeError, InvalidValueError
from tenncare_calc.columnar import minutes_decimals, ten_thousandths_of_minutes
from tenncare_calc.compliance import (
    decision_time,
    decision_time_table,
    member_notification,
    member_notification_table,
    request_lead_time,
    request_lead_time_table,
    trip_manifest,
    trip_manifest_table,
)
from tenncare_calc.compliance.findings import (
    duration_text,
    minutes_beside_line,
    minutes_from_micros,
)
from tests.finding_oracle import beside, minutes

if TYPE_CHECKING:
    from collections.abc import Callable

    from tenncare_calc.compliance import Finding

MICROS_PER_SECOND = 1_000_000
MICROS_PER_HOUR = 3_600 * MICROS_PER_SECOND
DAY = 24 * MICROS_PER_HOUR
#: A 64-bit count of microseconds is under this in size.
INT64 = 2**63
#: How far from a line a time is: by a few microseconds (under the 3,000 that half-up rounding
#: to 1/10,000 minute shows as 0), under a second, or anything up to three days, either side.
OFFSETS = st.one_of(
    st.integers(-6_000, 6_000),
    st.integers(-MICROS_PER_SECOND, MICROS_PER_SECOND),
    st.integers(-3 * DAY, 3 * DAY),
)
REQUESTED = st.datetimes(dt.datetime(2008, 9, 1), dt.datetime(2012, 12, 30))
_WORDS = re.compile(r"(\d+) h (\d{2}) min(?: (\d{2})(?:\.(\d{1,6}))? s)?")


def read_back(text: str) -> int:
    """Return the microseconds a duration in words says (``0 h 00 min 00.5 s``: 500,000)."""
    found = _WORDS.fullmatch(text)
    assert found is not None, text
    hours, mins, secs, fraction = found.groups()
    assert fraction is None or not fraction.endswith("0"), text  # no trailing zeros
    micros = ((int(hours) * 60 + int(mins)) * 60 + int(secs or 0)) * MICROS_PER_SECOND
    return micros + int((fraction or "").ljust(6, "0"))


def sign(number: Decimal | int) -> int:
    """Return -1, 0 or 1."""
    return (number > 0) - (number < 0)


class TestDurationText:
    """``duration_text``: hours and minutes, seconds when not whole, the fraction when there is one."""

    @pytest.mark.parametrize(
        ("micros", "text"),
        [
            (0, "0 h 00 min"),
            (1, "0 h 00 min 00.000001 s"),
            (500_000, "0 h 00 min 00.5 s"),
            (999_999, "0 h 00 min 00.999999 s"),
            (5 * MICROS_PER_SECOND, "0 h 00 min 05 s"),
            (60 * MICROS_PER_SECOND + 250_000, "0 h 01 min 00.25 s"),
            (3 * MICROS_PER_HOUR, "3 h 00 min"),
            (72 * MICROS_PER_HOUR + 1, "72 h 00 min 00.000001 s"),
            (
                125 * MICROS_PER_HOUR + 59 * 60 * MICROS_PER_SECOND + 59_999_999,
                "125 h 59 min 59.999999 s",
            ),
        ],
    )
    def test_by_hand(self, micros: int, text: str) -> None:
        """Each written out by hand: 250,000 microseconds are 0.25 s."""
        assert duration_text(micros) == text

    @given(st.one_of(st.integers(0, 10 * MICROS_PER_SECOND), st.integers(0, INT64 - 1)))
    @example(1)
    @example(60 * MICROS_PER_SECOND)
    def test_the_words_are_the_duration(self, micros: int) -> None:
        """Read back, the words are the duration to the microsecond: never shorter, never longer."""
        text = duration_text(micros)
        assert read_back(text) == micros
        assert text.endswith(" min") == (micros % (60 * MICROS_PER_SECOND) == 0)

    @given(st.integers(-(INT64 - 1), -1))
    def test_a_negative_duration_is_refused(self, micros: int) -> None:
        """The checks write "late" or "before the deadline": a duration in words is never negative."""
        with pytest.raises(InvalidValueError, match="'micros' must be >= 0") as raised:
            duration_text(micros)
        assert (raised.value.field, raised.value.value) == ("micros", micros)

    @pytest.mark.parametrize("value", [True, 1.5, Decimal(1), "1", INT64, -INT64])
    def test_not_a_64_bit_count_is_refused(self, value: object) -> None:
        """Booleans, floats, Decimals and text are not microseconds; nor is 2^63 or more."""
        error = (
            InvalidValueError
            if isinstance(value, int) and abs(value) >= INT64
            else InvalidTypeError
        )
        with pytest.raises(error) as raised:
            duration_text(value)  # type: ignore[arg-type]
        assert raised.value.field == "micros"


class TestMinutesBesideLine:
    """A time measured against a line, in minutes: half-up, but never onto the line's figure."""

    @given(st.integers(-(10**17), 10**17))
    def test_plain_minutes_are_half_up(self, micros: int) -> None:
        """``minutes_from_micros`` is 4 places half away from zero, as before."""
        assert minutes_from_micros(micros) == minutes(micros)

    @given(st.integers(-(10**17), 10**17), OFFSETS)
    @example(86_400_000_000, 1)
    @example(86_400_000_000, -2_999)
    @example(86_400_000_000, 0)
    @example(2_999, 1)  # the line itself rounds to 0: the time just past it to 0.0001
    def test_on_its_own_side_of_the_line(self, line: int, offset: int) -> None:
        """The figure is on the side of the line's figure that the time is on, or at it exactly."""
        micros = line + offset
        shown = minutes_beside_line(micros, line=line)
        assert sign(shown - minutes_from_micros(line)) == sign(offset)
        assert abs(shown - minutes_from_micros(micros)) <= Decimal("0.0001")
        assert shown == beside(micros, line)
        assert minutes_beside_line(offset) == beside(offset)
        assert sign(minutes_beside_line(offset)) == sign(offset)

    @given(st.lists(st.tuples(st.integers(-(10**17), 10**17), OFFSETS), max_size=30))
    def test_the_columns_show_the_same(self, cases: list[tuple[int, int]]) -> None:
        """The columnar twins: per-row lines, one line for every row (0), and no line."""
        lines = np.array([line for line, _ in cases], dtype=np.int64)
        micros = np.array([line + offset for line, offset in cases], dtype=np.int64)
        assert minutes_decimals(micros, line=lines).to_pylist() == [
            minutes_beside_line(int(m), line=int(at)) for m, at in zip(micros, lines, strict=True)
        ]
        assert minutes_decimals(micros, line=0).to_pylist() == [
            minutes_beside_line(int(m)) for m in micros
        ]
        assert minutes_decimals(micros).to_pylist() == [minutes_from_micros(int(m)) for m in micros]
        assert ten_thousandths_of_minutes(micros, line=lines).tolist() == [
            int(minutes_beside_line(int(m), line=int(at)) * 10_000)
            for m, at in zip(micros, lines, strict=True)
        ]

    def test_by_hand(self) -> None:
        """A microsecond late against a day: 1,440.0001 measured, -0.0001 margin."""
        assert minutes_beside_line(DAY + 1, line=DAY) == Decimal("1440.0001")
        assert minutes_beside_line(-1) == Decimal("-0.0001")
        assert minutes_beside_line(DAY - 2_999, line=DAY) == Decimal("1439.9999")
        assert minutes_beside_line(DAY - 3_000, line=DAY) == Decimal("1439.9999")
        assert minutes_beside_line(DAY, line=DAY) == Decimal(1440)
        assert str(minutes_beside_line(0)) == "0"

    def test_the_line_must_be_microseconds(self) -> None:
        """The line is checked as the time is."""
        with pytest.raises(InvalidTypeError) as raised:
            minutes_beside_line(1, line=1.5)  # type: ignore[arg-type]
        assert (raised.value.field, raised.value.value) == ("line", 1.5)


class TestErrorsWhole:
    """Every refusal of the three functions, whole: class, message, field and value."""

    @pytest.mark.parametrize(
        ("call", "field"),
        [
            (minutes_from_micros, "micros"),
            (minutes_beside_line, "micros"),
            (lambda value: minutes_beside_line(0, line=value), "line"),
            (duration_text, "micros"),
        ],
        ids=["minutes_from_micros", "minutes_beside_line", "line", "duration_text"],
    )
    @pytest.mark.parametrize("value", [True, 1.5, "1", INT64, -INT64])
    def test_each_refusal(self, call: Any, field: str, value: object) -> None:
        """Not a whole number: a type error; 2^63 or more in size: a value error, both named."""
        if isinstance(value, int) and not isinstance(value, bool):
            kind = InvalidValueError
            message = (
                f"{field!r} must be a 64-bit whole number of microseconds, under 2^63 in size "
                f"(got {value!r})"
            )
        else:
            kind = InvalidTypeError
            message = f"{field!r} must be a whole number of microseconds (got {value!r})"
        with pytest.raises(kind) as raised:
            call(value)
        assert type(raised.value) is kind
        assert (str(raised.value), raised.value.field, raised.value.value) == (
            message,
            field,
            value,
        )

    def test_the_largest_count_is_taken(self) -> None:
        """2^63 - 1 microseconds either way is a duration; 2^63 is not (above)."""
        assert minutes_from_micros(INT64 - 1) == minutes(INT64 - 1)
        assert minutes_from_micros(1 - INT64) == minutes(1 - INT64)


def _agrees(one: Finding, row: dict[str, Any]) -> None:
    """Assert a table row shows the one-value finding's outcome and figures."""
    wanted = one.row()
    for name in ("outcome", "met", "measured", "limit", "margin", "unit"):
        assert row[name] == wanted[name], name


def _reads_its_side(found: Finding, late: int, *, at_least: bool = False) -> None:
    """Assert a finding (or part) ``late`` microseconds on the wrong side of its line reads so.

    The wrong side of an upper line (at most) is above it; of a lower one (``at_least``) below.
    """
    assert found.margin is not None
    assert sign(found.margin) == -sign(late)
    if found.measured is not None and found.limit is not None:
        assert sign(found.measured - found.limit) == (-sign(late) if at_least else sign(late))
        text = found.explain()
        assert ("exactly at the limit" in text) == (late == 0)
        assert ("short by" in text) == (late > 0)


def _tables(
    offsets: list[int], one: Callable[[int], Finding], table: Callable[[list[int]], Any]
) -> None:
    """Assert the table of ``offsets`` shows each row as the one-value check does."""
    rows = table(offsets).rows()
    assert len(rows) == len(offsets)
    for offset, row in zip(offsets, rows, strict=True):
        _agrees(one(offset), row)


SMALL = st.lists(OFFSETS, min_size=1, max_size=6)
#: Pick-ups a few microseconds to hours after the request: the deadline when within 24 hours.
PICKUPS = [1, 2_999, 3_000, 500_000, MICROS_PER_SECOND, 5 * MICROS_PER_HOUR]


class TestLateNeverReadsOnTime:
    """Each check measured in time, a microsecond to days either side of its line, and at it."""

    @given(REQUESTED, st.times(), OFFSETS, SMALL)
    @example(dt.datetime(2008, 10, 5), dt.time(17), 0, [0, 1, -1])
    @settings(max_examples=60)
    def test_trip_manifests(
        self, when: dt.datetime, close: dt.time, late: int, offsets: list[int]
    ) -> None:
        """A.5.5.1: "N late" or "N before the deadline", N exactly how late or early."""
        service = when.date() + dt.timedelta(days=1)
        deadline = dt.datetime.combine(when.date(), close)

        def one(offset: int) -> Finding:
            sent = deadline + dt.timedelta(microseconds=offset)
            return trip_manifest(sent_at=sent, service_date=service, close_of_business=close)

        found = one(late)
        assert found.met == (late <= 0)
        _reads_its_side(found, late)
        words = found.steps[-1].split(": ", 1)[1]
        if late > 0:
            assert words.endswith(" late")
            assert read_back(words.removesuffix(" late")) == late
        else:
            assert words.endswith(" before the deadline")
            assert read_back(words.removesuffix(" before the deadline")) == -late
        _tables(
            offsets,
            one,
            lambda offsets: trip_manifest_table(
                {
                    "sent_at": [deadline + dt.timedelta(microseconds=o) for o in offsets],
                    "service_date": [service] * len(offsets),
                    "close_of_business": [close] * len(offsets),
                }
            ),
        )

    @given(REQUESTED, st.sampled_from([None, *PICKUPS]), OFFSETS, SMALL)
    @example(dt.datetime(2008, 10, 6, 9), None, 1, [1, 0, -1])
    @settings(max_examples=60)
    def test_decisions(
        self, requested: dt.datetime, to_pickup: int | None, late: int, offsets: list[int]
    ) -> None:
        """A.5.1.3: the decision's time in words is the exact time after the request."""
        allowed = 24 * MICROS_PER_HOUR if to_pickup is None else to_pickup
        pickup = None if to_pickup is None else requested + dt.timedelta(microseconds=to_pickup)

        def one(offset: int) -> Finding:
            decided = requested + dt.timedelta(microseconds=max(0, allowed + offset))
            return decision_time(requested_at=requested, decided_at=decided, pickup_at=pickup)

        late = max(late, -allowed)  # a decision is never before its request
        found = one(late)
        assert found.met == (late <= 0)
        _reads_its_side(found, late)
        words = found.steps[-1].split(": ", 1)[1].removesuffix(" after the request")
        assert read_back(words) == allowed + late
        offsets = [max(offset, -allowed) for offset in offsets]
        _tables(
            offsets,
            one,
            lambda offsets: decision_time_table(
                {
                    "requested_at": [requested] * len(offsets),
                    "decided_at": [
                        requested + dt.timedelta(microseconds=allowed + o) for o in offsets
                    ],
                    "pickup_at": [pickup] * len(offsets),
                }
            ),
        )

    @given(REQUESTED, OFFSETS, SMALL)
    @example(dt.datetime(2008, 10, 6, 9), 1, [1, 0, -1])
    @settings(max_examples=60)
    def test_member_notifications(
        self, requested: dt.datetime, late: int, offsets: list[int]
    ) -> None:
        """A.5.4: notified within the A.5.1.3 timeframe; the timing part's figures."""
        allowed = 24 * MICROS_PER_HOUR
        service = requested.date() + dt.timedelta(days=5)
        offsets = [max(offset, -allowed) for offset in offsets]
        late = max(late, -allowed)

        def one(offset: int) -> Finding:
            notified = requested + dt.timedelta(microseconds=allowed + offset)
            return member_notification(
                requested_at=requested, notified_at=notified, service_date=service
            ).parts[0]

        found = one(late)
        assert found.met == (late <= 0)
        _reads_its_side(found, late)
        _tables(
            offsets,
            one,
            lambda offsets: member_notification_table(
                {
                    "requested_at": [requested] * len(offsets),
                    "service_date": [service] * len(offsets),
                    "notified_at": [
                        requested + dt.timedelta(microseconds=allowed + o) for o in offsets
                    ],
                }
            ),
        )

    @given(REQUESTED, st.booleans(), OFFSETS, SMALL)
    @example(dt.datetime(2008, 10, 6, 9), True, 1, [1, 0, -1])  # noqa: FBT003 - urban
    @settings(max_examples=60)
    def test_request_lead_times(
        self, requested: dt.datetime, urban: bool, short: int, offsets: list[int]
    ) -> None:
        """A.3.2: a request ``short`` microseconds under the short-notice hours shows it."""
        line = (3 if urban else 4) * MICROS_PER_HOUR
        short = min(short, line)  # a pick-up is never before its request
        offsets = [min(offset, line) for offset in offsets]

        def one(offset: int) -> Finding:
            pickup = requested + dt.timedelta(microseconds=line - offset)
            return request_lead_time(
                requested_at=requested, pickup_at=pickup, urban=urban, accommodated=True
            )

        found = one(short)
        assert found.outcome.value == ("met" if short <= 0 else "not_applicable")
        _reads_its_side(found, short, at_least=True)
        words = found.steps[0].rsplit(": lead time ", 1)[1]
        assert read_back(words) == line - short
        _tables(
            offsets,
            one,
            lambda offsets: request_lead_time_table(
                {
                    "requested_at": [requested] * len(offsets),
                    "pickup_at": [requested + dt.timedelta(microseconds=line - o) for o in offsets],
                    "urban": [urban] * len(offsets),
                    "accommodated": [True] * len(offsets),
                }
            ),
        )

    @given(REQUESTED, OFFSETS, SMALL)
    @example(dt.datetime(2008, 10, 6, 22), 1, [1, 0, -1])
    @settings(max_examples=60)
    def test_appointments_in_hours(
        self, requested: dt.datetime, late: int, offsets: list[int]
    ) -> None:
        """Attachment V: an emergency detoxification appointment within 4 hours of the request."""
        line = 4 * MICROS_PER_HOUR
        late = max(late, -line)
        offsets = [max(offset, -line) for offset in offsets]

        def one(offset: int) -> Finding:
            appointment = requested + dt.timedelta(microseconds=line + offset)
            return tc.access_timeliness(
                "15",
                requested_at=requested,
                appointment_at=appointment,
                urgency="emergency",
                detoxification=True,
            )

        found = one(late)
        assert found.met == (late <= 0)
        _reads_its_side(found, late)
        words = found.steps[-1].split(": ", 1)[1].removesuffix(" after the request")
        assert read_back(words) == line + late
        _tables(
            offsets,
            one,
            lambda offsets: tc.access_timeliness_table(
                {
                    "service_code": ["15"] * len(offsets),
                    "requested_at": [requested] * len(offsets),
                    "appointment_at": [
                        requested + dt.timedelta(microseconds=line + o) for o in offsets
                    ],
                    "urgency": ["emergency"] * len(offsets),
                    "detoxification": [True] * len(offsets),
                }
            ),
        )
