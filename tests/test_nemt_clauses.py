"""NEMT clauses: §2.6.1.2 exclusions, A.5.4 notification, A.4.1.1 minors, A.2.1 deadlines."""

# ruff: noqa: DTZ001 - NEMT times are naive local times (the State's wall clock), as in trip data

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tenncare_calc import (
    InvalidInputError,
    InvalidTypeError,
    InvalidValueError,
    OutsideTermError,
    default_profile,
)
from tenncare_calc.compliance import (
    member_notification,
    member_notification_table,
    minor_denial,
    minor_denials_table,
    nemt_exclusion,
    nemt_exclusions_table,
)
from tenncare_calc.compliance.nemt import minor_denials, notification
from tenncare_calc.contract import calendar
from tenncare_calc.core.thresholds import Comparison
from tests.strategies import BLANK_TEXT, MICRO_STEPS, MOMENTS

HOUR = dt.timedelta(hours=1)
MINUTE = dt.timedelta(minutes=1)
ON = dt.date(2008, 10, 1)
CATEGORIES = [
    "trip",
    "escort",
    "accompanying_adult",
    "mileage_reimbursement",
    "car_rental",
    "private_automobile",
]
MODES = ["nemt_provider", "fixed_route", "commercial_carrier"]


class TestExclusions:
    """§2.6.1.2: what the NEMT benefit does not cover."""

    @given(st.sampled_from(CATEGORIES), st.sampled_from(MODES), st.booleans())
    def test_every_case_both_forms(self, category: str, mode: str, hcbs: bool) -> None:
        """Private automobile: never; HCBS trip: never; separate escort fee: fixed route/carrier."""
        one = nemt_exclusion(category=category, mode=mode, hcbs_waiver_service=hcbs)
        expected = not (
            category in ("mileage_reimbursement", "car_rental", "private_automobile")
            or hcbs
            or (category in ("escort", "accompanying_adult") and mode == "nemt_provider")
        )
        assert one.met is expected
        row = nemt_exclusions_table(
            {"category": [category], "mode": [mode], "hcbs_waiver_service": [hcbs]}
        ).rows()[0]
        assert (row["outcome"], row["note"]) == (one.outcome.value, one.note)
        assert (row["exclusion"] or "none") == dict(one.subject)["exclusion"]

    def test_lists_are_profile_data(self) -> None:
        """The excluded reimbursements and the modes allowing escort fees come from the profile."""
        mine = default_profile().with_overrides(
            {
                "nemt.companion_payment_modes": ["fixed_route"],
                "nemt.excluded_reimbursements": ["gas_card"],
            }
        )
        assert (
            nemt_exclusion(category="escort", mode="commercial_carrier", profile=mine).met is False
        )
        assert nemt_exclusion(category="gas_card", profile=mine).met is False
        with pytest.raises(InvalidInputError, match="category"):
            nemt_exclusion(category="car_rental", profile=mine)

    def test_bad_input(self) -> None:
        """Unknown categories and modes: a typed error, or a rejected row."""
        with pytest.raises(InvalidInputError, match="did you mean 'car_rental'"):
            nemt_exclusion(category="car_rentals")
        with pytest.raises(InvalidTypeError, match="hcbs_waiver_service"):
            nemt_exclusion(category="trip", hcbs_waiver_service="no")  # type: ignore[arg-type]
        found = nemt_exclusions_table(
            {"category": ["trip", "taxi"], "mode": ["bus", "fixed_route"]}, on_error="collect"
        )
        assert (found.rows_in, found.rows_used, len(found.rejected)) == (2, 0, 2)


class TestNotification:
    """A.5.4: within the A.5.1.3 timeframe and before the date of the service."""

    @given(MOMENTS, MICRO_STEPS, st.integers(-1, 1))
    def test_within_24_hours(self, requested: dt.datetime, step: int, side: int) -> None:
        """Notified a step before, at, and a step after 24 hours: met, met, not met."""
        notified = requested + 24 * HOUR + side * dt.timedelta(microseconds=step)
        service = (notified + dt.timedelta(days=3)).date()
        one = member_notification(
            requested_at=requested, notified_at=notified, service_date=service
        )
        assert one.parts[0].met is (side <= 0)
        assert one.met is (side <= 0)
        row = member_notification_table(
            {"requested_at": [requested], "notified_at": [notified], "service_date": [service]}
        ).rows()[0]
        assert row["met"] is one.met
        assert Decimal(row["margin"]) == one.parts[0].margin

    @given(MOMENTS, MICRO_STEPS, st.integers(-1, 1))
    def test_before_the_service_date(self, requested: dt.datetime, step: int, side: int) -> None:
        """Notified a step before midnight of the service date: met; at or after it: not met."""
        service = (requested + dt.timedelta(days=1)).date()
        midnight = dt.datetime.combine(service, dt.time())
        notified = max(requested, midnight + side * dt.timedelta(microseconds=step))
        one = member_notification(
            requested_at=requested, notified_at=notified, service_date=service
        )
        before = one.parts[1]
        assert before.met is (notified < midnight)
        row = member_notification_table(
            {"requested_at": [requested], "notified_at": [notified], "service_date": [service]}
        ).rows()[0]
        assert row["before_service_date"] is before.met
        assert row["met"] is one.met

    def test_the_pickup_shortens_the_timeframe(self) -> None:
        """A pick-up 3 hours after the request is the deadline (A.5.1.3's reduction)."""
        requested = dt.datetime(2008, 10, 6, 9, 0)
        one = member_notification(
            requested_at=requested,
            notified_at=requested + 3 * HOUR + dt.timedelta(minutes=1),
            pickup_at=requested + 3 * HOUR,
            service_date=dt.date(2008, 10, 7),
        )
        assert (one.parts[0].met, one.parts[0].limit, one.parts[0].margin) == (
            False,
            Decimal(180),
            Decimal(-1),
        )

    def test_limits_of_the_text(self) -> None:
        """During the call: met; same-day request: before-the-date not applicable; not told: not met."""
        requested = dt.datetime(2008, 10, 9, 6, 0)
        same_day = member_notification(
            requested_at=requested, notified_at=requested + HOUR, service_date=requested.date()
        )
        assert [part.outcome.value for part in same_day.parts] == ["met", "not_applicable"]
        assert member_notification(
            requested_at=requested, service_date=requested.date(), informed_during_call=True
        ).met
        silent = member_notification(requested_at=requested, service_date=dt.date(2008, 10, 10))
        assert silent.met is False
        rows = member_notification_table(
            {
                "requested_at": [requested] * 2,
                "service_date": ["2008-10-10"] * 2,
                "notified_at": [None, None],
                "informed_during_call": ["yes", "no"],
            }
        ).rows()
        assert [row["outcome"] for row in rows] == ["met", "not_met"]

    def test_information(self) -> None:
        """What the member is told: every element of nemt.notification_elements, at least."""
        required = default_profile().get("nemt.notification_elements").value
        requested = dt.datetime(2008, 10, 6, 9, 0)
        full = member_notification(
            requested_at=requested,
            service_date=dt.date(2008, 10, 8),
            informed_during_call=True,
            information=[*required, "vehicle_type"],
        )
        assert full.met
        short = member_notification(
            requested_at=requested,
            service_date=dt.date(2008, 10, 8),
            informed_during_call=True,
            information=required[:-1],
        )
        assert short.met is False
        assert short.parts[-1].note == f"missing: {required[-1]}"

    def test_bad_input(self) -> None:
        """Times that cannot be right are typed errors or rejected rows."""
        requested = dt.datetime(2008, 10, 6, 9, 0)
        with pytest.raises(InvalidValueError, match="notified_at"):
            member_notification(
                requested_at=requested, notified_at=requested - HOUR, service_date=ON
            )
        with pytest.raises(InvalidTypeError, match="information"):
            member_notification(
                requested_at=requested, service_date=ON, informed_during_call=True, information="x"
            )
        with pytest.raises(OutsideTermError):
            member_notification(
                requested_at=dt.datetime(2008, 1, 6, 9), service_date=ON, informed_during_call=True
            )
        found = member_notification_table(
            {
                "requested_at": ["2008-10-06 09:00", "2008-10-06"],
                "service_date": ["2008-10-08", "2008-10-08"],
                "notified_at": ["2008-10-06 08:00", None],
            },
            on_error="collect",
        )
        assert [row["reason"] for row in found.rejected.to_pylist()] == [
            "notified_at 2008-10-06 08:00 is before requested_at 2008-10-06 09:00",
            "requested_at 2008-10-06 has no time of day",
        ]

    @given(
        MOMENTS,
        st.one_of(st.none(), st.integers(0, 30 * 60)),
        st.one_of(st.none(), st.integers(0, 30 * 60)),
        st.integers(0, 3),
        st.data(),
    )
    def test_blank_times_are_not_given_in_both_forms(
        self,
        requested: dt.datetime,
        notified_after: int | None,
        pickup_after: int | None,
        days: int,
        data: st.DataObject,
    ) -> None:
        """A blank ``notified_at`` or ``pickup_at``: as None in the one-value check and the table."""
        requested = requested.replace(microsecond=0)
        notified = None if notified_after is None else requested + notified_after * MINUTE
        pickup = None if pickup_after is None else requested + pickup_after * MINUTE
        service = requested.date() + dt.timedelta(days=days)
        blank_notified = data.draw(BLANK_TEXT) if notified is None else notified
        blank_pickup = data.draw(BLANK_TEXT) if pickup is None else pickup
        one = member_notification(
            requested_at=requested,
            notified_at=blank_notified,  # type: ignore[arg-type]
            pickup_at=blank_pickup,  # type: ignore[arg-type]
            service_date=service,
        )
        assert one == member_notification(
            requested_at=requested, notified_at=notified, pickup_at=pickup, service_date=service
        )

        def text(value: dt.datetime | str) -> str:
            return value if isinstance(value, str) else value.strftime("%Y-%m-%d %H:%M:%S")

        row = member_notification_table(
            {
                "requested_at": [text(requested)],
                "service_date": [service.isoformat()],
                "notified_at": [text(blank_notified)],
                "pickup_at": [text(blank_pickup)],
            }
        ).rows()[0]
        timing = one.parts[0]  # then, when notified, before the service date
        assert (row["outcome"], row["met"]) == (one.outcome.value, one.met)
        assert row["margin"] == (None if timing.margin is None else str(timing.margin))
        if notified is None:
            assert (len(one.parts), row["before_service_date"]) == (1, None)
        else:
            before = one.parts[1]
            assert row["before_service_date"] is (
                None if before.outcome.value == "not_applicable" else before.met
            )

    @pytest.mark.parametrize("blank", ["", " ", "\t", "\u00a0 "])
    def test_the_blanks_an_extract_writes(self, blank: str) -> None:
        """Blank text: not notified, and no pick-up known, as None and as an empty cell."""
        requested = dt.datetime(2008, 10, 6, 9, 0)
        silent = member_notification(
            requested_at=requested,
            notified_at=blank,  # type: ignore[arg-type]
            service_date=ON,
        )
        assert silent == member_notification(requested_at=requested, service_date=ON)
        assert silent.parts[0].note == "the member was not notified"
        told = member_notification(
            requested_at=requested,
            notified_at=requested + HOUR,
            pickup_at=blank,  # type: ignore[arg-type]
            service_date=dt.date(2008, 10, 8),
        )
        assert told == member_notification(
            requested_at=requested, notified_at=requested + HOUR, service_date=dt.date(2008, 10, 8)
        )

    def test_the_line_is_strictly_before(self) -> None:
        """'prior to the date': more than zero before its midnight."""
        assert notification.BEFORE_SERVICE_DATE.comparison is Comparison.MORE_THAN


class TestMinorDenials:
    """A.4.1.1: no blanket denial; the age of consent for mental health treatment is 16."""

    def test_the_lines(self) -> None:
        """Below 16 may be denied case by case; a minor is under 18."""
        assert minor_denials.BELOW_CONSENT_AGE.comparison is Comparison.LESS_THAN
        assert minor_denials.MINOR.comparison is Comparison.LESS_THAN
        profile = default_profile()
        assert profile.get("nemt.mental_health_consent_age", on=ON).value == 16
        assert profile.get("nemt.minor_under_age", on=ON).value == 18

    @given(
        st.integers(0, 25),
        st.sampled_from(["age", "no_accompanying_adult", "other"]),
        st.booleans(),
        st.booleans(),
    )
    def test_every_case_both_forms(
        self, age: int, reason: str, mental: bool, blanket: bool
    ) -> None:
        """Each age around 16 and 18, each reason, both forms."""
        one = minor_denial(
            member_age=age,
            reason=reason,
            mental_health_service=mental,
            blanket_policy=blanket,
            on=ON,
        )
        if age >= 18 or reason == "other":
            assert one.outcome.value == "not_applicable"
        else:
            assert one.met is not (blanket or (mental and age >= 16))
        row = minor_denials_table(
            {
                "member_age": [age],
                "reason": [reason],
                "mental_health_service": [mental],
                "blanket_policy": [blanket],
            },
            on=ON,
        ).rows()[0]
        assert (row["outcome"], row["note"]) == (one.outcome.value, one.note)
        assert (row["margin"] is None) is (one.margin is None)
        if one.margin is not None:
            assert Decimal(row["margin"]) == one.margin == 16 - age

    def test_consent_age_from_the_profile(self) -> None:
        """Another age of consent is a profile change."""
        mine = default_profile().with_overrides({"nemt.mental_health_consent_age": 14})
        denied = minor_denial(
            member_age=15, reason="no_accompanying_adult", mental_health_service=True, profile=mine
        )
        assert denied.met is False

    def test_bad_input(self) -> None:
        """A reason not in the list, an age that is not a whole number."""
        with pytest.raises(InvalidInputError, match="reason"):
            minor_denial(member_age=15, reason="weather", mental_health_service=False, on=ON)
        found = minor_denials_table(
            {"member_age": ["15.5", "x"], "reason": ["age", "age"]}, on=ON, on_error="collect"
        )
        assert found.rows_used == 0
        assert found.rejected.num_rows == 2

    def test_an_age_past_the_largest_count(self) -> None:
        """An age over a billion years is refused by both forms, even one past 64 bits."""
        with pytest.raises(InvalidValueError) as raised:
            minor_denial(member_age=10**20, reason="age", mental_health_service=False, on=ON)
        assert raised.value.field == "member_age"
        found = minor_denials_table(
            {
                "member_age": ["100000000000000000000", "1000000001", "1000000000", "17"],
                "reason": ["age"] * 4,
            },
            on=ON,
            on_error="collect",
        )
        assert found.rejected.to_pylist() == [
            {"row": 0, "reason": "member_age 100000000000000000000 is more than 1,000,000,000"},
            {"row": 1, "reason": "member_age 1000000001 is more than 1,000,000,000"},
        ]
        assert [(row["row"], row["member_age"], row["outcome"]) for row in found.rows()] == [
            (2, 1_000_000_000, "not_applicable"),
            (3, 17, "met"),
        ]


class TestImplementationDeadlines:
    """Attachment XI A.2.1 in the contract calendar."""

    def test_the_dates(self) -> None:
        """Work plan by 2008-04-01 (for the April-July period); implemented by 2008-09-01."""
        plan, done = calendar.nemt_implementation_deadlines()
        assert (plan.due, plan.period_start, plan.period_end) == (
            dt.date(2008, 4, 1),
            dt.date(2008, 4, 1),
            dt.date(2008, 7, 31),
        )
        assert done.due == dt.date(2008, 9, 1)
        assert plan.section == done.section == "Attachment XI A.2.1"

    @given(st.integers(-3, 3))
    def test_no_later_than(self, offset: int) -> None:
        """A work plan on the due day is on time; each day after is a day late (ruling L2)."""
        plan = calendar.nemt_implementation_deadlines()[0]
        assert plan.days_late(dt.date(2008, 4, 1) + dt.timedelta(days=offset)) == max(0, offset)

    def test_the_nemt_standards_start_when_implemented(self) -> None:
        """The Attachment XI standards of the profile are in force from the implementation date."""
        profile = default_profile()
        implemented = profile.value("deadlines.nemt_implemented_by", dt.date)
        for name in ("nemt.decision_hours", "nemt.notification_elements", "nemt.minor_under_age"):
            assert profile.get(name).effective_from == implemented

    def test_in_a_span(self) -> None:
        """Only the deadlines in the span; rolled off Labor Day on request."""
        assert calendar.one_time_deadlines(dt.date(2008, 1, 1), dt.date(2008, 3, 31)) == ()
        rolled = calendar.one_time_deadlines(
            dt.date(2008, 1, 1), dt.date(2008, 12, 31), roll="following"
        )
        assert [d.due for d in rolled] == [dt.date(2008, 4, 1), dt.date(2008, 9, 2)]
