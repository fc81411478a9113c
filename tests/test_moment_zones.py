"""A table's moment columns in time zones: measured as the one-value checks measure the same moments.

The one-value checks subtract Python ``datetime`` values: two in one zone on its wall clock, two in
different zones as instants, and a naive one beside an aware one is an ``InvalidTypeError``. Each
table check with two moment columns (time to an appointment, NEMT decision, request lead time,
member notification) must give every row what its one-value check gives: the same outcome and
figure, or, where the one-value check refuses the moments, a rejected row with the reason. The
expected elapsed time is computed here from the instants the test draws, never by the library.
"""

# ruff: noqa: DTZ001 - the instants drawn are naive UTC, given zones by the test's own `aware`

from __future__ import annotations

import datetime as dt
import zoneinfo
from decimal import Decimal
from typing import Any

import pyarrow as pa
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tenncare_calc import (
    InvalidTypeError,
    access_timeliness,
    access_timeliness_table,
    decision_time,
    decision_time_table,
    request_lead_time,
    request_lead_time_table,
)
from tenncare_calc.compliance.nemt.notification import (
    member_notification,
    member_notification_table,
)

UTC = dt.UTC
#: The zones drawn: Arrow's name of each, and the Python zone of the same name.
ZONES: dict[str, dt.tzinfo] = {
    "UTC": UTC,
    "America/Chicago": zoneinfo.ZoneInfo("America/Chicago"),
    "America/New_York": zoneinfo.ZoneInfo("America/New_York"),
    "-05:00": dt.timezone(dt.timedelta(hours=-5)),
}
INSTANTS = st.datetimes(min_value=dt.datetime(2008, 9, 2), max_value=dt.datetime(2010, 12, 20)).map(
    lambda moment: moment.replace(second=0, microsecond=0)
)
#: Minutes from the request to the other moment: both sides of 1, 24 and 48 hours and far after.
LATER = st.one_of(
    st.sampled_from([0, 59, 60, 61, 1439, 1440, 1441, 2879, 2880, 2881]),
    st.integers(min_value=0, max_value=5 * 1440),
)
ZONE_NAMES = st.sampled_from(sorted(ZONES))


def aware(instant: dt.datetime, zone: str) -> dt.datetime:
    """Return a naive UTC instant as an aware ``datetime`` on ``zone``'s clock."""
    return instant.replace(tzinfo=UTC).astimezone(ZONES[zone])


def stamps(instant: dt.datetime, zone: str | None) -> Any:
    """Return one Arrow timestamp of the instant in ``zone`` (``None``: naive, the UTC wall clock)."""
    return pa.array([instant], pa.timestamp("us", tz=zone))


def row(table: Any) -> dict[str, Any]:
    """Return a one-row findings table's only finding (outcome and figures) as a dict."""
    assert table.rows_used == 1, table.rejected.to_pylist()
    found: dict[str, Any] = table.arrow.to_pylist()[0]
    return found


def same(finding: Any, table: Any, *, figures: Any = "finding") -> None:
    """Assert a one-value finding and a one-row table agree on the outcome and every figure.

    ``figures`` is the finding whose figures the table shows (``None``: none compared).
    """
    found = row(table)
    assert found["outcome"] == finding.outcome.value
    shown = finding if figures == "finding" else figures
    for figure in ("measured", "limit", "margin") if shown is not None else ():
        assert found[figure] == getattr(shown, figure), figure


def rejected(table: Any, *words: str) -> None:
    """Assert a one-row table's only row is rejected, its reason naming ``words``."""
    assert table.rows_used == 0
    (reason,) = [record["reason"] for record in table.rejected.to_pylist()]
    for word in words:
        assert word in reason, reason


class TestDecisionTime:
    """``decision_time_table`` against ``decision_time`` with the request and decision in zones."""

    @settings(max_examples=60)
    @given(INSTANTS, LATER, ZONE_NAMES, ZONE_NAMES)
    @example(dt.datetime(2008, 10, 6, 15), 47 * 60, "UTC", "America/Chicago")  # 42 h on the clocks
    @example(dt.datetime(2008, 10, 6, 15), 48 * 60 + 1, "America/Chicago", "UTC")
    @example(dt.datetime(2008, 11, 1, 12), 24 * 60, "America/Chicago", "America/Chicago")  # DST
    def test_the_table_measures_what_the_one_value_check_measures(
        self, requested: dt.datetime, minutes: int, zone: str, other: str
    ) -> None:
        """Outcome and figures equal for every pair of zones; across zones, the minutes drawn."""
        decided = requested + dt.timedelta(minutes=minutes)
        finding = decision_time(
            requested_at=aware(requested, zone), decided_at=aware(decided, other)
        )
        trips = pa.table(
            {"requested_at": stamps(requested, zone), "decided_at": stamps(decided, other)}
        )
        same(finding, decision_time_table(trips, on_error="collect"))
        if ZONES[zone] is not ZONES[other]:  # instants: the minutes drawn, exactly
            assert finding.measured == Decimal(minutes)

    @given(INSTANTS, LATER, ZONE_NAMES)
    def test_a_pickup_in_another_zone_bounds_the_deadline_by_its_instant(
        self, requested: dt.datetime, minutes: int, zone: str
    ) -> None:
        """A pick-up in UTC three hours after the request bounds the deadline at its instant."""
        decided = requested + dt.timedelta(minutes=minutes)
        pickup = requested + dt.timedelta(hours=3)
        finding = decision_time(
            requested_at=aware(requested, zone),
            decided_at=aware(decided, zone),
            pickup_at=aware(pickup, "UTC"),
        )
        trips = pa.table(
            {
                "requested_at": stamps(requested, zone),
                "decided_at": stamps(decided, zone),
                "pickup_at": stamps(pickup, "UTC"),
            }
        )
        same(finding, decision_time_table(trips, on_error="collect"))

    def test_a_naive_decision_beside_an_aware_request_is_refused_both_ways(self) -> None:
        """One by one an InvalidTypeError; in a table (timestamps or text) a rejected row."""
        requested, decided = dt.datetime(2008, 10, 6, 9), dt.datetime(2008, 10, 6, 10)
        with pytest.raises(InvalidTypeError):
            decision_time(requested_at=aware(requested, "UTC"), decided_at=decided)
        trips = pa.table(
            {"requested_at": stamps(requested, "UTC"), "decided_at": stamps(decided, None)}
        )
        rejected(
            decision_time_table(trips, on_error="collect"), "decided_at", "no time zone", "UTC"
        )
        text = pa.table(
            {"requested_at": stamps(requested, "UTC"), "decided_at": ["2008-10-06 10:00"]}
        )
        rejected(decision_time_table(text, on_error="collect"), "decided_at", "give both")


class TestRequestLeadTime:
    """``request_lead_time_table`` against ``request_lead_time`` with the two moments in zones."""

    @settings(max_examples=60)
    @given(INSTANTS, LATER, ZONE_NAMES, ZONE_NAMES, st.booleans())
    @example(dt.datetime(2008, 10, 6, 15), 48 * 60 - 1, "UTC", "America/Chicago", True)  # noqa: FBT003
    @example(dt.datetime(2008, 10, 6, 15), 48 * 60, "America/New_York", "UTC", False)  # noqa: FBT003
    def test_the_table_measures_what_the_one_value_check_measures(
        self, requested: dt.datetime, minutes: int, zone: str, other: str, urban: bool
    ) -> None:
        """Outcome and figures equal for every pair of zones, urban and not."""
        pickup = requested + dt.timedelta(minutes=minutes)
        finding = request_lead_time(
            requested_at=aware(requested, zone),
            pickup_at=aware(pickup, other),
            urban=urban,
            accommodated=False,
        )
        trips = pa.table(
            {
                "requested_at": stamps(requested, zone),
                "pickup_at": stamps(pickup, other),
                "urban": [urban],
                "accommodated": [False],
            }
        )
        same(finding, request_lead_time_table(trips, on_error="collect"))

    def test_a_naive_pickup_beside_an_aware_request_is_refused_both_ways(self) -> None:
        """One by one an InvalidTypeError; in a table a rejected row naming both columns."""
        requested, pickup = dt.datetime(2008, 10, 6, 9), dt.datetime(2008, 10, 9, 9)
        with pytest.raises(InvalidTypeError):
            request_lead_time(
                requested_at=requested,
                pickup_at=aware(pickup, "UTC"),
                urban=True,
                accommodated=False,
            )
        trips = pa.table(
            {
                "requested_at": stamps(requested, None),
                "pickup_at": stamps(pickup, "UTC"),
                "urban": [True],
                "accommodated": [False],
            }
        )
        rejected(request_lead_time_table(trips, on_error="collect"), "requested_at", "pickup_at")


class TestMemberNotification:
    """``member_notification_table`` against ``member_notification``: the notice in another zone."""

    @settings(max_examples=60)
    @given(INSTANTS, LATER, ZONE_NAMES, ZONE_NAMES, st.integers(min_value=0, max_value=4))
    @example(dt.datetime(2008, 10, 6, 15), 24 * 60, "America/Chicago", "UTC", 2)
    @example(
        dt.datetime(2008, 10, 6, 4), 60, "America/Chicago", "UTC", 0
    )  # the day before, in Chicago
    def test_the_table_measures_what_the_one_value_check_measures(
        self, requested: dt.datetime, minutes: int, zone: str, other: str, days: int
    ) -> None:
        """Outcome and the timeframe's figures equal; the service day's midnight in the request's zone."""
        notified = requested + dt.timedelta(minutes=minutes)
        asked = aware(requested, zone)
        service = asked.date() + dt.timedelta(days=days)
        finding = member_notification(
            requested_at=asked, service_date=service, notified_at=aware(notified, other)
        )
        trips = pa.table(
            {
                "requested_at": stamps(requested, zone),
                "service_date": [service],
                "notified_at": stamps(notified, other),
            }
        )
        found = member_notification_table(trips, on_error="collect")
        # the one-value check gives its figures in its parts (the timeframe first), when it has any
        same(finding, found, figures=finding.parts[0] if finding.parts else None)

    def test_a_naive_notice_beside_an_aware_request_is_refused_both_ways(self) -> None:
        """One by one an InvalidTypeError; in a table a rejected row, and a blank notice not given."""
        requested, notified = dt.datetime(2008, 10, 6, 9), dt.datetime(2008, 10, 6, 10)
        with pytest.raises(InvalidTypeError):
            member_notification(
                requested_at=aware(requested, "UTC"),
                service_date=dt.date(2008, 10, 9),
                notified_at=notified,
            )
        trips = pa.table(
            {
                "requested_at": stamps(requested, "UTC"),
                "service_date": [dt.date(2008, 10, 9)],
                "notified_at": ["2008-10-06 10:00"],
            }
        )
        rejected(member_notification_table(trips, on_error="collect"), "notified_at", "UTC")
        blank = trips.set_column(2, "notified_at", pa.array([""]))  # not given: nothing to compare
        assert member_notification_table(blank, on_error="collect").rows_used == 1


#: Requests measured in hours (Attachment V): service code, urgency, admission.
HOURS_REQUESTS = (
    ("11", "routine", "voluntary"),
    ("11", "emergency", "involuntary"),
    ("37", "emergency", None),
)
#: A request measured in calendar days.
DAYS_REQUEST = ("19", "routine", None)


class TestAccessTimeliness:
    """``access_timeliness_table`` against ``access_timeliness``: hours as instants, days as dates."""

    @settings(max_examples=60)
    @given(
        INSTANTS, LATER, ZONE_NAMES, ZONE_NAMES, st.sampled_from((*HOURS_REQUESTS, DAYS_REQUEST))
    )
    @example(dt.datetime(2008, 10, 6, 15), 60, "America/Chicago", "UTC", ("37", "emergency", None))
    @example(dt.datetime(2008, 10, 6, 3), 14 * 1440, "UTC", "America/Chicago", DAYS_REQUEST)
    def test_the_table_measures_what_the_one_value_check_measures(
        self,
        requested: dt.datetime,
        minutes: int,
        zone: str,
        other: str,
        request: tuple[str, str, str | None],
    ) -> None:
        """Hours on the instants, days on each moment's own date, as ``access_timeliness`` reads them."""
        code, urgency, admission = request
        appointment = requested + dt.timedelta(minutes=minutes)
        asked, seen = aware(requested, zone), aware(appointment, other)
        table = pa.table(
            {
                "service_code": [code],
                "requested_at": stamps(requested, zone),
                "appointment_at": stamps(appointment, other),
                "urgency": [urgency],
                "admission": pa.array([admission], pa.string()),
            }
        )
        found = access_timeliness_table(table, on_error="collect")
        if seen.date() < asked.date():  # a day standard's days are each moment's own date
            with pytest.raises(Exception, match="before"):
                access_timeliness(
                    code,
                    requested_at=asked,
                    appointment_at=seen,
                    urgency=urgency,
                    admission=admission,
                )  # type: ignore[arg-type]
            rejected(found, "before")
            return
        finding = access_timeliness(
            code,
            requested_at=asked,
            appointment_at=seen,
            urgency=urgency,
            admission=admission,  # type: ignore[arg-type]
        )
        same(finding, found)

    def test_dates_beside_an_aware_column_are_days_not_a_clash(self) -> None:
        """Dates carry no time of day: a day standard reads them with an aware request."""
        table = pa.table(
            {
                "service_code": ["19"],
                "requested_at": stamps(dt.datetime(2008, 10, 6, 15), "America/Chicago"),
                "appointment_at": ["2008-10-20"],
                "urgency": ["routine"],
            }
        )
        finding = access_timeliness(
            "19",
            requested_at=aware(dt.datetime(2008, 10, 6, 15), "America/Chicago"),
            appointment_at=dt.date(2008, 10, 20),
        )
        same(finding, access_timeliness_table(table, on_error="collect"))

    def test_a_naive_time_beside_an_aware_one_is_refused_both_ways(self) -> None:
        """One by one an InvalidTypeError; in a table a rejected row naming the naive column."""
        requested, appointment = dt.datetime(2008, 10, 6, 9), dt.datetime(2008, 10, 6, 9, 30)
        with pytest.raises(InvalidTypeError):
            access_timeliness(
                "37",
                requested_at=aware(requested, "UTC"),
                appointment_at=appointment,
                urgency="emergency",
            )
        table = pa.table(
            {
                "service_code": ["37"],
                "requested_at": stamps(requested, "UTC"),
                "appointment_at": stamps(appointment, None),
                "urgency": ["emergency"],
            }
        )
        rejected(
            access_timeliness_table(table, on_error="collect"), "appointment_at", "no time zone"
        )
