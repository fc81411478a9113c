"""Attachment XI A.5.4 member notification: the rule's own tests, every finding and column pinned.

These are the tests of ``compliance.nemt.notification`` run against its mutants
(docs/developers.md, "Mutation testing"). The clause: "If possible, the CONTRACTOR shall inform
the member of the transportation arrangements ... during the phone call requesting the NEMT
service. Otherwise, the CONTRACTOR shall ... notify the member of the transportation arrangements
... as soon as the arrangements are in place (within the timeframe specified in Section A.5.1.3 of
this Attachment) and prior to the date of the NEMT service. Information about transportation
arrangements shall include but not be limited to the name and telephone number of the NEMT
provider, the scheduled time and address of pick-up, and the name and address of the provider to
whom the member seeks transport." Written here apart (:func:`expected`): told during the call,
met; not told, not met; otherwise in time when at most 24 hours after the request, or by the
scheduled pick-up when that comes sooner (a pick-up before the request leaves no time at all),
and before the service date when strictly before its midnight (a request on or after that
midnight cannot be, and that part does not apply); the information, when listed, names every
element at least (in any case and spacing). Each finding is compared whole, a microsecond, a
second and a minute either side of each line and at it; tables' rows must each be that finding
and the one-value check's, column by column, as datetimes and as text, with and without the
optional columns; the decision hours and the elements are read in the version in force on the
day of the request; and each error and rejected row names its field, value and reason.
"""

# ruff: noqa: DTZ001 - NEMT times are naive local times (the State's wall clock), as in trip data

from __future__ import annotations

import datetime as dt
import functools
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given
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
from tenncare_calc.compliance import (
    FindingsTable,
    member_notification,
    member_notification_table,
)
from tests.finding_oracle import beside, finding_of, minutes, reported_whole, shown
from tests.versioned_profiles import CHANGE_DATE, with_later_version

if TYPE_CHECKING:
    from tenncare_calc.compliance import Finding
    from tenncare_calc.contract.profile import ContractProfile

CHECK = "nemt.member_notification"
SECTION = ("Attachment XI A.5.4",)
HOURS = "nemt.decision_hours"
ELEMENTS_NAME = "nemt.notification_elements"
#: A.5.4: "the name and telephone number of the NEMT provider, the scheduled time and address of
#: pick-up, and the name and address of the provider to whom the member seeks transport".
ELEMENTS = (
    "nemt_provider_name",
    "nemt_provider_phone",
    "pickup_time",
    "pickup_address",
    "destination_provider_name",
    "destination_provider_address",
)
#: Names the member may be told beyond those.
EXTRAS = ("vehicle_type", "driver_name")
TERM_START = dt.date(2008, 9, 1)
#: The later versions in :func:`later_profile`, from CHANGE_DATE.
LATER_HOURS, LATER_ELEMENTS = 48, ("pickup_time", "vehicle_type")
MICRO = dt.timedelta(microseconds=1)
SECOND = dt.timedelta(seconds=1)
MINUTE = dt.timedelta(minutes=1)
HOUR = dt.timedelta(hours=1)
DAY = dt.timedelta(days=1)
ZERO = dt.timedelta(0)
BEFORE = "notified before the date of the NEMT service"
WHOLE = "member informed of the transportation arrangements in time and in full"
NOTE = (
    "whether informing during the call was possible, and the member's preferred method and time "
    "of contact, are not measured"
)
TABLE_STANDARD = (
    "member informed of the transportation arrangements within the A.5.1.3 timeframe and before "
    "the date of the NEMT service"
)
#: The columns of a findings table of notifications, in order (no column carried).
TABLE_COLUMNS = [
    "row",
    "check",
    "informed_during_call",
    "notified",
    "before_service_date",
    "outcome",
    "met",
    "standard",
    "measured",
    "limit",
    "margin",
    "unit",
    "section",
]
FIGURE = pa.decimal128(19, 4)

#: A request: requested at, service date, notified at (None: not), told during the call, pick-up.
Case = tuple[dt.datetime, dt.date, dt.datetime | None, bool, dt.datetime | None]


def timing(hours: int) -> str:
    """Return the standard of the timeframe part: A.5.1.3's hours, or the pick-up."""
    return (
        f"notified within the A.5.1.3 timeframe: {hours} hours after the request, or by the pick-up"
    )


def _deadline(requested: dt.datetime, pickup: dt.datetime | None, hours: int) -> dt.datetime:
    """Return the end of the A.5.1.3 timeframe: the hours, or a sooner pick-up (not before the request)."""
    full = requested + dt.timedelta(hours=hours)
    return full if pickup is None else min(full, max(pickup, requested))


def _midnight(requested: dt.datetime, service: dt.date) -> dt.datetime:
    """Return the first moment of the service date, in the request's zone."""
    return dt.datetime.combine(service, dt.time(), tzinfo=requested.tzinfo)


def expected(
    case: Case,
    hours: int = 24,
    information: list[str] | None = None,
    required: tuple[str, ...] = ELEMENTS,
) -> dict[str, Any]:
    """Return the finding A.5.4 gives a request, with the profile's hours and elements."""
    requested, service, notified, during, pickup = case
    parts = []
    if during:
        parts.append(
            finding_of(
                CHECK, "met", timing(hours), SECTION, note="informed during the request call"
            )
        )
    elif notified is None:
        parts.append(
            finding_of(CHECK, "not_met", timing(hours), SECTION, note="the member was not notified")
        )
    else:
        deadline = _deadline(requested, pickup, hours)
        parts.append(
            finding_of(
                CHECK,
                "met" if notified <= deadline else "not_met",
                timing(hours),
                SECTION,
                measured=beside(notified - requested, deadline - requested),
                limit=minutes(deadline - requested),
                margin=beside(deadline - notified),
                unit="minutes",
                steps=(
                    (
                        f"requested {requested.isoformat()}, notified {notified.isoformat()}, "
                        f"deadline {deadline.isoformat()}"
                    ),
                ),
            )
        )
        midnight = _midnight(requested, service)
        if requested >= midnight:
            parts.append(
                finding_of(
                    CHECK,
                    "not_applicable",
                    BEFORE,
                    SECTION,
                    note="requested on or after the date of the service: it cannot be notified "
                    "before it",
                )
            )
        else:
            parts.append(
                finding_of(
                    CHECK,
                    "met" if notified < midnight else "not_met",
                    BEFORE,
                    SECTION,
                    measured=beside(midnight - notified),
                    limit=Decimal(0),
                    margin=beside(midnight - notified),
                    unit="minutes",
                    steps=(f"the service date begins {midnight.isoformat()}",),
                )
            )
    parameters: tuple[tuple[str, object], ...] = ((HOURS, hours),)
    if information is not None:
        told = {name.strip().lower() for name in information}
        missing = [name for name in required if name.lower() not in told]
        parameters += ((ELEMENTS_NAME, required),)
        parts.append(
            finding_of(
                CHECK,
                "not_met" if missing else "met",
                "the arrangements told include at least: " + ", ".join(required),
                SECTION,
                note=("missing: " + ", ".join(missing)) if missing else None,
            )
        )
    return finding_of(
        CHECK,
        "not_met" if any(part["outcome"] == "not_met" for part in parts) else "met",
        WHOLE,
        SECTION,
        subject=(
            ("requested_at", requested.isoformat()),
            ("service_date", service.isoformat()),
            ("informed_during_call", "yes" if during else "no"),
        ),
        note=NOTE,
        parts=tuple(parts),
        parameters=parameters,
    )


def row_expected(case: Case, index: int, hours: int = 24) -> dict[str, Any]:
    """Return the table row of a request at ``index``: the figures of the timeframe, when timed."""
    requested, service, notified, during, _pickup = case
    want = expected(case, hours)
    timed = notified is not None and not during
    midnight = _midnight(requested, service)
    figures = want["parts"][0]
    return {
        "row": index,
        "check": CHECK,
        "informed_during_call": during,
        "notified": during or notified is not None,
        "before_service_date": (
            notified < midnight if timed and requested < midnight else None  # type: ignore[operator]
        ),
        "outcome": want["outcome"],
        "met": want["met"],
        "standard": TABLE_STANDARD,
        "measured": shown(figures["measured"]) if timed else None,
        "limit": shown(figures["limit"]) if timed else None,
        "margin": shown(figures["margin"]) if timed else None,
        "unit": "minutes" if timed else "",
        "section": SECTION[0],
    }


def one(case: Case, **kwargs: Any) -> Finding:
    """Return the one-value check's finding of a request."""
    requested, service, notified, during, pickup = case
    return member_notification(
        requested_at=requested,
        service_date=service,
        notified_at=notified,
        informed_during_call=during,
        pickup_at=pickup,
        **kwargs,
    )


@functools.cache
def hours_profile(hours: int) -> ContractProfile:
    """Return the shipped profile with other decision hours (cached: Hypothesis asks often)."""
    return load_profile(overrides={HOURS: hours})


@functools.cache
def later_profile() -> ContractProfile:
    """Return the shipped profile with 48 hours and two elements from :data:`CHANGE_DATE`."""
    profile = with_later_version(default_profile(), HOURS, LATER_HOURS)
    return with_later_version(profile, ELEMENTS_NAME, list(LATER_ELEMENTS))


def _on(day: dt.date) -> tuple[int, tuple[str, ...], dt.date]:
    """Return the hours, elements and version date :func:`later_profile` has on ``day``."""
    if day >= CHANGE_DATE:
        return LATER_HOURS, LATER_ELEMENTS, CHANGE_DATE
    return 24, ELEMENTS, TERM_START


REQUESTED = st.datetimes(dt.datetime(2008, 9, 1), dt.datetime(2012, 12, 28))
#: A moment's place against a line: before, at or after it by a unit, or anywhere near.
SIDES = st.one_of(
    st.sampled_from([-MINUTE, -SECOND, -MICRO, ZERO, MICRO, SECOND, MINUTE]),
    st.timedeltas(-30 * HOUR, 30 * HOUR),
)


def _ceil_seconds(span: dt.timedelta) -> dt.timedelta:
    return dt.timedelta(seconds=-(-span // SECOND))


def _to_pickups(full: dt.timedelta) -> st.SearchStrategy[dt.timedelta | None]:
    """Return times from a request to its pick-up: none, after, at or within ``full``, or before."""
    return st.one_of(
        st.none(),
        st.sampled_from([MICRO, SECOND, MINUTE, HOUR, DAY]).map(lambda step: full + step),
        st.just(full),
        st.one_of(st.sampled_from([MICRO, SECOND, MINUTE]), st.timedeltas(MICRO, full)).map(
            lambda step: full - step
        ),
        st.just(ZERO),
        st.one_of(st.sampled_from([MICRO, SECOND]), st.timedeltas(MICRO, DAY)).map(lambda s: -s),
    )


@st.composite
def cases(
    draw: st.DrawFn,
    hours: int = 24,
    *,
    whole_seconds: bool = False,
    requested: st.SearchStrategy[dt.datetime] = REQUESTED,
) -> Case:
    """Return a request: its pick-up, notification and service date near each line, or anywhere.

    The pick-up is absent, after the decision hours, at them, sooner, at the request or before
    it; the notification is at the deadline or at the service date's midnight, a unit either side,
    anywhere within 30 hours of them, or none; told during the call (with or without a time).
    ``whole_seconds``: times written as text (no fractions of a second).
    """
    at = draw(requested)
    if whole_seconds:
        at = at.replace(microsecond=0)
    full = dt.timedelta(hours=hours)
    to_pickup = draw(_to_pickups(full))
    if whole_seconds and to_pickup is not None:
        to_pickup = _ceil_seconds(to_pickup)
    allowed = full if to_pickup is None else min(full, max(to_pickup, ZERO))
    how = draw(st.sampled_from(["deadline", "midnight", "not told", "call"]))
    service = at.date() + dt.timedelta(days=draw(st.integers(-1, 4)))
    after: dt.timedelta | None = None
    if how in ("deadline", "call"):
        after = max(ZERO, allowed + draw(SIDES))
    elif how == "midnight":
        service = at.date() + dt.timedelta(days=draw(st.integers(1, 3)))
        after = max(ZERO, dt.datetime.combine(service, dt.time()) + draw(SIDES) - at)
    if whole_seconds and after is not None:
        after = dt.timedelta(seconds=after // SECOND)
    notified = None if after is None else at + after
    if how == "call" and draw(st.booleans()):
        notified = None
    pickup = None if to_pickup is None else at + to_pickup
    return at, service, notified, how == "call", pickup


#: What a notification told: some of the elements and others, in any case and spacing.
INFORMATION = st.lists(st.sampled_from(ELEMENTS + EXTRAS), unique=True).flatmap(
    lambda names: st.tuples(
        *(st.sampled_from([name, name.upper(), f"  {name} ", name.title()]) for name in names)
    ).map(list)
)


class TestOneRequest:
    """``member_notification``: the whole finding, on both sides of each line and at it."""

    @given(cases())
    def test_each_request_is_what_the_clause_says(self, case: Case) -> None:
        """Outcome, parts, figures, steps, notes, subject, sections and the parameter read."""
        found = one(case)
        assert reported_whole(found) == expected(case)
        assert [(p.name, p.effective_from) for p in found.parameters] == [(HOURS, TERM_START)]

    @given(REQUESTED, st.sampled_from([MICRO, SECOND, MINUTE]))
    def test_twenty_four_hours(self, requested: dt.datetime, step: dt.timedelta) -> None:
        """Notified at 24 hours is in time with no margin; a unit sooner or later either side."""
        service = requested.date() + 3 * DAY
        found = [
            one((requested, service, requested + 24 * HOUR + side, False, None))
            for side in (-step, ZERO, step)
        ]
        assert [f.parts[0].outcome.value for f in found] == ["met", "met", "not_met"]
        assert [f.outcome.value for f in found] == ["met", "met", "not_met"]
        assert [f.parts[0].margin for f in found] == [beside(step), 0, beside(-step)]
        assert {f.parts[0].limit for f in found} == {Decimal(1440)}

    @given(REQUESTED, st.timedeltas(ZERO, 24 * HOUR), st.sampled_from([MICRO, SECOND, MINUTE]))
    def test_a_sooner_pickup_is_the_deadline(
        self, requested: dt.datetime, to_pickup: dt.timedelta, step: dt.timedelta
    ) -> None:
        """A pick-up within 24 hours: notified at it is in time, a unit after it late."""
        pickup, service = requested + to_pickup, requested.date() + 3 * DAY
        at = one((requested, service, pickup, False, pickup))
        late = one((requested, service, pickup + step, False, pickup))
        assert (at.parts[0].met, late.parts[0].met) == (True, False)
        assert (at.parts[0].limit, at.parts[0].margin, late.parts[0].margin) == (
            minutes(to_pickup),
            Decimal(0),
            beside(-step),
        )

    @given(REQUESTED, st.sampled_from([MICRO, SECOND, MINUTE, DAY]))
    def test_a_pickup_before_the_request_leaves_no_time(
        self, requested: dt.datetime, step: dt.timedelta
    ) -> None:
        """A pick-up already past: the deadline is the request itself; notified then is in time."""
        service = requested.date() + 2 * DAY
        at = one((requested, service, requested, False, requested - step))
        late = one((requested, service, requested + MICRO, False, requested - step))
        assert (at.parts[0].met, at.parts[0].limit, late.parts[0].met) == (True, Decimal(0), False)
        assert at.parts[0].steps[0].endswith(f"deadline {requested.isoformat()}")

    @given(REQUESTED, st.integers(1, 3), st.sampled_from([MICRO, SECOND, MINUTE]))
    def test_the_service_dates_midnight(
        self, requested: dt.datetime, days: int, step: dt.timedelta
    ) -> None:
        """Notified a unit before the service date's midnight: before it; at or after it: not."""
        service = requested.date() + days * DAY
        midnight = dt.datetime.combine(service, dt.time())
        found = [
            one((requested, service, max(requested, midnight + side), False, None))
            for side in (-step, ZERO, step)
        ]
        assert [f.parts[1].met for f in found] == [True, False, False]
        assert [f.parts[1].margin for f in found][1:] == [Decimal(0), beside(-step)]
        assert {f.parts[1].limit for f in found} == {Decimal(0)}
        assert found[1].parts[1].steps == (f"the service date begins {midnight.isoformat()}",)

    @given(REQUESTED, st.sampled_from([-DAY, ZERO]), st.sampled_from([ZERO, MICRO, HOUR]))
    def test_a_request_on_the_service_date(
        self, requested: dt.datetime, days: dt.timedelta, after: dt.timedelta
    ) -> None:
        """Requested on or after the service date: that part does not apply, the timeframe does."""
        case = (requested, requested.date() + days, requested + after, False, None)
        found = one(case)
        assert [part.outcome.value for part in found.parts] == ["met", "not_applicable"]
        assert reported_whole(found) == expected(case)

    def test_a_request_at_midnight_of_the_service_date(self) -> None:
        """Requested at the very first moment of the service date: already on it."""
        midnight = dt.datetime(2008, 10, 9)
        found = one((midnight, midnight.date(), midnight, False, None))
        assert found.parts[1].outcome.value == "not_applicable"
        before = one((midnight - MICRO, midnight.date(), midnight - MICRO, False, None))
        assert (before.parts[1].met, before.parts[1].measured) == (True, beside(MICRO))

    @given(cases(), INFORMATION)
    def test_the_information_told(self, case: Case, information: list[str]) -> None:
        """Every element, at least, in any case or spacing; what is missing, in the profile's order."""
        found = one(case, information=information)
        assert reported_whole(found) == expected(case, information=information)

    def test_every_element_and_none(self) -> None:
        """All six (and more) is met; none told names all six missing; an empty list too."""
        case = (dt.datetime(2008, 10, 6, 9), dt.date(2008, 10, 8), None, True, None)
        full = one(case, information=[*ELEMENTS, "vehicle_type"])
        assert (full.met, full.parts[-1].note) == (True, None)
        empty = one(case, information=[])
        assert (empty.met, empty.parts[-1].note) == (False, "missing: " + ", ".join(ELEMENTS))
        assert [p.name for p in empty.parameters] == [HOURS, ELEMENTS_NAME]
        assert one(case, information=("PICKUP_TIME",)).parts[-1].note == (
            "missing: nemt_provider_name, nemt_provider_phone, pickup_address, "
            "destination_provider_name, destination_provider_address"
        )

    def test_the_information_may_be_any_collection(self) -> None:
        """A tuple, a set, a numpy array of the names: each read as its names."""
        case = (dt.datetime(2008, 10, 6, 9), dt.date(2008, 10, 8), None, True, None)
        for given_ in (tuple(ELEMENTS), set(ELEMENTS), np.array(ELEMENTS)):
            found = one(case, information=given_)
            assert reported_whole(found) == expected(case, information=list(ELEMENTS))

    @given(st.integers(1, 72), st.data())
    def test_the_profile_hours(self, hours: int, data: st.DataObject) -> None:
        """The decision hours come from the profile: its value is the line and the words."""
        case = data.draw(cases(hours))
        found = one(case, profile=hours_profile(hours))
        assert reported_whole(found) == expected(case, hours)

    def test_text_and_numpy_moments(self) -> None:
        """Moments as text in either form or numpy's; a NaN or NaT is no notification or pick-up."""
        found = member_notification(
            requested_at="10/6/2008 09:00:30",  # type: ignore[arg-type]
            notified_at=np.datetime64("2008-10-06T10:00:00"),  # type: ignore[arg-type]
            pickup_at="2008-10-06 10:00",  # type: ignore[arg-type]
            service_date="2008-10-07",  # type: ignore[arg-type]
        )
        requested, notified = dt.datetime(2008, 10, 6, 9, 0, 30), dt.datetime(2008, 10, 6, 10)
        assert reported_whole(found) == expected(
            (requested, dt.date(2008, 10, 7), notified, False, notified)
        )
        for missing in (float("nan"), np.datetime64("NaT")):
            silent = member_notification(
                requested_at=requested,
                service_date=dt.date(2008, 10, 7),
                notified_at=missing,  # type: ignore[arg-type]
                pickup_at=missing,  # type: ignore[arg-type]
            )
            assert reported_whole(silent) == expected(
                (requested, dt.date(2008, 10, 7), None, False, None)
            )

    def test_time_zone_aware_moments(self) -> None:
        """Aware moments: the time that passed, and the service date's midnight in the request's zone."""
        eastern = dt.timezone(dt.timedelta(hours=-5))
        requested = dt.datetime(2008, 10, 8, 20, 0, tzinfo=eastern)
        notified = dt.datetime(2008, 10, 9, 4, 30, tzinfo=dt.UTC)  # 23:30 eastern, on the 8th
        pickup = dt.datetime(2008, 10, 9, 2, 0, tzinfo=dt.UTC)  # 21:00 eastern
        case = (requested, dt.date(2008, 10, 9), notified, False, pickup)
        found = one(case)
        assert reported_whole(found) == expected(case)
        assert [(part.met, part.measured, part.limit) for part in found.parts] == [
            (False, Decimal(210), Decimal(60)),
            (True, Decimal(30), Decimal(0)),
        ]


class TestErrors:
    """Each error is the library's, naming the field and the value given."""

    REQUESTED = dt.datetime(2008, 10, 6, 9, 0)
    SERVICE = dt.date(2008, 10, 8)

    def test_a_notification_before_the_request(self) -> None:
        """``notified_at`` before ``requested_at``: a value error naming both."""
        notified = self.REQUESTED - MICRO
        with pytest.raises(InvalidValueError) as raised:
            member_notification(
                requested_at=self.REQUESTED, service_date=self.SERVICE, notified_at=notified
            )
        assert (raised.value.field, raised.value.value) == ("notified_at", notified)
        assert str(raised.value) == (
            "'notified_at' (2008-10-06T08:59:59.999999) is before 'requested_at' "
            "(2008-10-06T09:00:00)"
        )

    @pytest.mark.parametrize("field", ["notified_at", "pickup_at"])
    def test_naive_and_aware_mixed(self, field: str) -> None:
        """A notification or pick-up aware where the request is naive: a type error naming it."""
        aware = (self.REQUESTED + HOUR).replace(tzinfo=dt.UTC)
        moments: dict[str, Any] = {"notified_at": self.REQUESTED + HOUR, field: aware}
        with pytest.raises(InvalidTypeError) as raised:
            member_notification(requested_at=self.REQUESTED, service_date=self.SERVICE, **moments)
        assert (raised.value.field, raised.value.value) == (field, aware)
        assert str(raised.value) == (
            f"'{field}' must be naive (local time) or time-zone aware like the other times "
            "(got 2008-10-06T10:00:00+00:00 with 2008-10-06T09:00:00)"
        )

    @pytest.mark.parametrize("field", ["requested_at", "notified_at", "pickup_at"])
    def test_a_date_without_a_time(self, field: str) -> None:
        """A date alone, for any of the three moments: a type error naming that moment."""
        moments: dict[str, Any] = {
            "requested_at": self.REQUESTED,
            "notified_at": self.REQUESTED + HOUR,
            "pickup_at": self.REQUESTED + 2 * HOUR,
            field: dt.date(2008, 10, 7),
        }
        with pytest.raises(InvalidTypeError) as raised:
            member_notification(service_date=self.SERVICE, **moments)
        assert (raised.value.field, raised.value.value) == (field, dt.date(2008, 10, 7))

    def test_a_missing_request_or_service_date(self) -> None:
        """``requested_at`` and ``service_date`` are required: a missing one names its field."""
        with pytest.raises(MissingValueError) as requested:
            member_notification(requested_at=None, service_date=self.SERVICE)  # type: ignore[arg-type]
        assert requested.value.field == "requested_at"
        with pytest.raises(MissingValueError) as service:
            member_notification(requested_at=self.REQUESTED, service_date=None)  # type: ignore[arg-type]
        assert service.value.field == "service_date"

    def test_a_service_date_that_is_not_one(self) -> None:
        """A service date that cannot be read: a value error naming it."""
        with pytest.raises(InvalidValueError) as raised:
            member_notification(requested_at=self.REQUESTED, service_date="soon")  # type: ignore[arg-type]
        assert (raised.value.field, raised.value.value) == ("service_date", "soon")

    def test_a_flag_that_is_not_one(self) -> None:
        """``informed_during_call`` must be True or False."""
        with pytest.raises(InvalidTypeError) as raised:
            member_notification(
                requested_at=self.REQUESTED,
                service_date=self.SERVICE,
                informed_during_call="yes",  # type: ignore[arg-type]
            )
        assert (raised.value.field, raised.value.value) == ("informed_during_call", "yes")
        assert str(raised.value) == "'informed_during_call' must be True or False (got 'yes')"

    def test_information_that_is_not_names(self) -> None:
        """One name rather than a collection, or names that are not text: a type error."""
        with pytest.raises(InvalidTypeError) as single:
            member_notification(
                requested_at=self.REQUESTED, service_date=self.SERVICE, information="pickup_time"
            )
        assert (single.value.field, single.value.value) == ("information", "pickup_time")
        assert str(single.value) == (
            "'information' must be a sequence of names, such as a list or a column, not one str "
            "(got 'pickup_time')"
        )
        with pytest.raises(InvalidTypeError) as numbers:
            member_notification(
                requested_at=self.REQUESTED,
                service_date=self.SERVICE,
                information=["pickup_time", 7],  # type: ignore[list-item]
            )
        assert (numbers.value.field, numbers.value.value) == ("information", ("pickup_time", 7))
        assert str(numbers.value) == (
            "'information' must be a collection of names such as ['nemt_provider_name', "
            "'nemt_provider_phone'] (got ('pickup_time', 7))"
        )

    @pytest.mark.parametrize(
        ("moments", "error", "field", "reason"),
        [
            (
                {"notified_at": dt.datetime(2008, 10, 6, 8, 0)},
                InvalidValueError,
                "notified_at",
                (
                    "notified_at 2008-10-06 08:00:00.000000 is before requested_at "
                    "2008-10-06 09:00:00.000000"
                ),
            ),
            (
                {"notified_at": dt.date(2008, 10, 7)},
                InvalidTypeError,
                "notified_at",
                "notified_at 2008-10-07 has no time of day",
            ),
            (
                {"pickup_at": dt.date(2008, 10, 7)},
                InvalidTypeError,
                "pickup_at",
                "pickup_at 2008-10-07 has no time of day",
            ),
        ],
        ids=["notified before the request", "notified on a date", "pick-up on a date"],
    )
    @pytest.mark.parametrize("during", [True, False])
    def test_moments_that_cannot_be_are_refused_by_both_forms(
        self,
        moments: dict[str, object],
        error: type[Exception],
        field: str,
        reason: str,
        during: bool,
    ) -> None:
        """Told during the call, or never notified: a given time that cannot be is still refused.

        The table rejects such a row whatever the call says; the one-value check raises.
        """
        with pytest.raises(error) as raised:
            member_notification(
                requested_at=self.REQUESTED,
                service_date=self.SERVICE,
                informed_during_call=during,
                **moments,  # type: ignore[arg-type]
            )
        assert (raised.value.field, raised.value.value) == (field, moments[field])  # type: ignore[attr-defined]
        columns: dict[str, list[object]] = {
            "requested_at": [self.REQUESTED],
            "service_date": [self.SERVICE],
            "informed_during_call": [during],
            **{name: [value] for name, value in moments.items()},
        }
        found = member_notification_table(columns, on_error="collect")
        assert found.rejected.to_pylist() == [{"row": 0, "reason": reason}]

    def test_a_request_before_the_term(self) -> None:
        """The decision hours are read on the request's day: none before the term."""
        with pytest.raises(OutsideTermError) as raised:
            member_notification(
                requested_at=dt.datetime(2008, 8, 31, 23, 59),
                service_date=self.SERVICE,
                informed_during_call=True,
            )
        assert (raised.value.field, raised.value.value) == (HOURS, dt.date(2008, 8, 31))

    def test_a_table_without_its_columns(self) -> None:
        """The table is named ``requests`` in what it lacks and in a column mapping's mistake."""
        with pytest.raises(InvalidInputError) as lacking:
            member_notification_table({"requested_at": ["2008-10-06 09:00"]})
        assert str(lacking.value) == (
            "'requests' lacks the required column 'service_date' (it has: 'requested_at')"
        )
        with pytest.raises(InvalidInputError) as mapped:
            member_notification_table(
                {"requested_at": ["2008-10-06 09:00"], "day": ["2008-10-08"]},
                columns={"service_date": "date"},
            )
        assert str(mapped.value) == (
            "columns= maps to 'date', not a column of 'requests' (it has: 'requested_at', 'day')"
        )

    def test_a_table_with_a_bad_row_raises_by_default(self) -> None:
        """Without ``on_error``, a row it cannot use is an error naming the row and the reason."""
        with pytest.raises(InvalidInputError) as raised:
            member_notification_table(
                {
                    "requested_at": ["2008-10-06 09:00"],
                    "service_date": ["2008-10-08"],
                    "notified_at": ["2008-10-06 08:00"],
                }
            )
        assert str(raised.value).startswith(
            "1 of 1 rows of 'requests' cannot be used: row 0: notified_at 2008-10-06 08:00 is "
            "before requested_at 2008-10-06 09:00."
        )
        with pytest.raises(InvalidValueError) as mode:
            member_notification_table(
                {"requested_at": ["2008-10-06 09:00"], "service_date": ["2008-10-08"]},
                on_error="keep",  # type: ignore[arg-type]
            )
        assert (mode.value.field, mode.value.value) == ("on_error", "keep")


def _text(moment: dt.datetime | None, form: str, blank: str | None = None) -> str | None:
    """Return a moment as text in one of the forms the table reads (``blank`` for none)."""
    if moment is None:
        return blank
    if form == "iso":
        return moment.strftime("%Y-%m-%d %H:%M:%S")
    return f"{moment.month}/{moment.day}/{moment.year} {moment:%H:%M:%S}"


def _columns(cases_: list[Case]) -> dict[str, list[Any]]:
    """Return a table of requests as datetimes, dates and flags."""
    return {
        "requested_at": [case[0] for case in cases_],
        "service_date": [case[1] for case in cases_],
        "notified_at": [case[2] for case in cases_],
        "informed_during_call": [case[3] for case in cases_],
        "pickup_at": [case[4] for case in cases_],
    }


def _compare(
    found: FindingsTable, cases_: list[Case], profile: ContractProfile | None = None
) -> None:
    """Assert each row is the clause's finding and the one-value check's, column by column."""
    rows = found.rows()
    assert len(rows) == len(cases_)
    for index, (row, case) in enumerate(zip(rows, cases_, strict=True)):
        hours = 24 if profile is None else _on(case[0].date())[0]
        assert row == row_expected(case, index, hours)
        single = one(case, profile=profile)
        assert (row["outcome"], row["met"]) == (single.outcome.value, single.met)
        if row["measured"] is not None:
            timeframe = single.parts[0]
            assert [Decimal(row[key]) for key in ("measured", "limit", "margin")] == [
                timeframe.measured,
                timeframe.limit,
                timeframe.margin,
            ]
            assert row["before_service_date"] is (
                None if single.parts[1].met is None else single.parts[1].met
            )
    assert found.arrow.schema.names == TABLE_COLUMNS


class TestTable:
    """``member_notification_table``: each row is the one-value finding, column by column."""

    @given(st.lists(cases(), min_size=1, max_size=30))
    def test_datetimes_row_by_row(self, cases_: list[Case]) -> None:
        """Requests as datetimes and dates, flags as booleans, nulls where none is known."""
        _compare(member_notification_table(_columns(cases_)), cases_)

    @given(
        st.lists(cases(whole_seconds=True), min_size=1, max_size=30),
        st.sampled_from(["iso", "us"]),
        st.sampled_from([None, "", "  "]),
    )
    def test_text_row_by_row(self, cases_: list[Case], form: str, blank: str | None) -> None:
        """Requests as text in either form, flags yes/no; none known null, empty or blank."""
        found = member_notification_table(
            {
                "requested_at": [_text(case[0], form) for case in cases_],
                "service_date": [case[1].isoformat() for case in cases_],
                "notified_at": [_text(case[2], form, blank) for case in cases_],
                "informed_during_call": ["yes" if case[3] else "no" for case in cases_],
                "pickup_at": [_text(case[4], form, blank) for case in cases_],
            }
        )
        _compare(found, cases_)

    @given(st.integers(1, 72), st.data())
    def test_the_profile_hours(self, hours: int, data: st.DataObject) -> None:
        """The profile's decision hours are each row's line."""
        cases_ = data.draw(st.lists(cases(hours), min_size=1, max_size=10))
        found = member_notification_table(_columns(cases_), profile=hours_profile(hours))
        for index, (row, case) in enumerate(zip(found.rows(), cases_, strict=True)):
            assert row == row_expected(case, index, hours)
        assert [(p.name, p.value) for p in found.parameters] == [(HOURS, hours)]

    def test_columns_and_their_types(self) -> None:
        """The findings' columns, figure types and flags as booleans."""
        found = member_notification_table(
            {
                "requested_at": ["2008-10-06 09:00"] * 3,
                "service_date": ["2008-10-08"] * 3,
                "notified_at": ["2008-10-07 09:00", None, "2008-10-07 09:01"],
                "informed_during_call": ["no", "yes", "no"],
            }
        )
        schema = found.arrow.schema
        assert schema.names == TABLE_COLUMNS
        assert [schema.field(name).type for name in ("measured", "limit", "margin")] == [FIGURE] * 3
        for name in ("informed_during_call", "notified", "before_service_date", "met"):
            assert schema.field(name).type == pa.bool_(), name
        assert [(row["outcome"], row["margin"]) for row in found.rows()] == [
            ("met", "0"),
            ("met", None),
            ("not_met", "-1"),
        ]
        assert (found.rows_in, found.rows_used) == (3, 3)

    def test_without_the_optional_columns(self) -> None:
        """Only the request and the service date: no one was notified, each row not met."""
        requested = [dt.datetime(2008, 10, 6, 9), dt.datetime(2008, 10, 9, 6)]
        service = [dt.date(2008, 10, 8), dt.date(2008, 10, 9)]
        found = member_notification_table({"requested_at": requested, "service_date": service})
        assert found.rows() == [
            row_expected((at, day, None, False, None), index)
            for index, (at, day) in enumerate(zip(requested, service, strict=True))
        ]

    def test_without_a_pickup_or_a_call(self) -> None:
        """Notifications without pick-ups or calls: the 24 hours alone are each row's line."""
        requested = dt.datetime(2008, 10, 6, 9, 0)
        notified = [requested + 24 * HOUR, requested + 24 * HOUR + MICRO, requested]
        cases_: list[Case] = [(requested, dt.date(2008, 10, 9), at, False, None) for at in notified]
        found = member_notification_table(
            {
                "requested_at": [requested] * 3,
                "service_date": [dt.date(2008, 10, 9)] * 3,
                "notified_at": notified,
            }
        )
        assert found.rows() == [row_expected(case, index) for index, case in enumerate(cases_)]
        calls = member_notification_table(
            {
                "requested_at": [requested] * 2,
                "service_date": [dt.date(2008, 10, 9)] * 2,
                "informed_during_call": [True, False],
                "pickup_at": [requested + HOUR, None],
            }
        )
        assert calls.rows() == [
            row_expected((requested, dt.date(2008, 10, 9), None, True, requested + HOUR), 0),
            row_expected((requested, dt.date(2008, 10, 9), None, False, None), 1),
        ]

    def test_columns_of_other_names_and_carried(self) -> None:
        """``columns=`` maps the library's names to the table's; ``carry`` keeps an id."""
        found = member_notification_table(
            {
                "id": ["R1", "R2"],
                "asked": ["2008-10-06 09:00", "2008-10-06 09:00"],
                "day": ["2008-10-08", "2008-10-08"],
                "told": ["2008-10-06 11:00", "2008-10-06 11:00"],
                "ride": ["2008-10-06 10:00", None],
            },
            columns={
                "requested_at": "asked",
                "service_date": "day",
                "notified_at": "told",
                "pickup_at": "ride",
            },
            carry="id",
        )
        assert [(row["id"], row["met"], row["limit"]) for row in found.rows()] == [
            ("R1", False, "60"),
            ("R2", True, "1440"),
        ]
        assert found.arrow.schema.names == ["row", "id", *TABLE_COLUMNS[1:]]

    def test_an_empty_table(self) -> None:
        """No requests: no findings, and the decision hours still named."""
        found = member_notification_table({"requested_at": [], "service_date": []})
        assert found.rows() == []
        assert (found.rows_in, found.rows_used) == (0, 0)
        assert found.arrow.schema.names == TABLE_COLUMNS
        assert [(p.name, p.value) for p in found.parameters] == [(HOURS, 24)]

    def test_rows_it_cannot_use_are_rejected_with_their_reason(self) -> None:
        """Each reason a request is refused, with its row; the others are judged, in order."""
        found = member_notification_table(
            {
                "requested_at": [
                    "2008-10-06 09:00",
                    "2008-10-06",
                    "2008-10-06 09:00",
                    "2008-10-06 09:00",
                    "2008-08-31 23:59",
                    "2008-10-06 09:00",
                    "2008-10-06 09:00",
                ],
                "service_date": ["2008-10-08"] * 5 + ["2008-10-06", "2008-10-08"],
                "notified_at": [
                    "2008-10-06 08:59:59",
                    "2008-10-06 10:00",
                    "2008-10-07",
                    "2008-10-06 10:00",
                    "2008-09-01 10:00",
                    "2008-10-06 09:00",
                    "2008-10-07 09:00:01",
                ],
                "pickup_at": ["", "", "", "2008-10-06", "", "", "2008-10-06 12:00"],
            },
            on_error="collect",
        )
        assert found.rejected.to_pylist() == [
            {
                "row": 0,
                "reason": "notified_at 2008-10-06 08:59:59 is before requested_at 2008-10-06 09:00",
            },
            {"row": 1, "reason": "requested_at 2008-10-06 has no time of day"},
            {"row": 2, "reason": "notified_at 2008-10-07 has no time of day"},
            {"row": 3, "reason": "pickup_at 2008-10-06 has no time of day"},
            {
                "row": 4,
                "reason": (
                    "requested_at 2008-08-31 23:59 is outside the term of nemt.decision_hours "
                    "(from 2008-09-01)"
                ),
            },
        ]
        requested = dt.datetime(2008, 10, 6, 9, 0)
        assert found.rows() == [
            row_expected((requested, dt.date(2008, 10, 6), requested, False, None), 5),
            row_expected(
                (
                    requested,
                    dt.date(2008, 10, 8),
                    dt.datetime(2008, 10, 7, 9, 0, 1),
                    False,
                    dt.datetime(2008, 10, 6, 12),
                ),
                6,
            ),
        ]
        assert (found.rows_in, found.rows_used) == (7, 2)


class TestFarFuture:
    """Requests far in the future: times past 2**53 microseconds still counted exactly.

    One request is 5 hours before 2**57 microseconds after 1970 (in the year 6536), 12
    microseconds past a multiple of 32, so its 24 hours end past 2**57: as floats, the request and
    its deadline would round by different amounts (16 microseconds apart), and a notification at
    the deadline would be late.
    """

    CROSSING = dt.datetime(6536, 10, 29, 15, 41, 15, 855_884)

    @classmethod
    def _cases(cls) -> list[Case]:
        """Return requests a microsecond either side of each line and at it, with odd microseconds."""
        found: list[Case] = []
        for requested in (
            cls.CROSSING,
            dt.datetime(9000, 12, 29, 13, 7, 11, 123_457),
            dt.datetime(9999, 12, 29, 13, 7, 11, 123_457),
        ):
            service = requested.date() + 2 * DAY
            midnight = dt.datetime.combine(service, dt.time())
            for side in (-MICRO, ZERO, MICRO):
                found.append((requested, service, requested + 24 * HOUR + side, False, None))
                found.append((requested, service - DAY, requested + 10 * HOUR + side, False, None))
                found.append((midnight - 20 * HOUR, service, midnight + side, False, None))
        return found

    def test_without_a_pickup_column(self) -> None:
        """The deadline and the service date's midnight are whole microseconds, not floats."""
        cases_ = self._cases()
        found = member_notification_table(
            {
                "requested_at": [case[0] for case in cases_],
                "service_date": [case[1] for case in cases_],
                "notified_at": [case[2] for case in cases_],
            }
        )
        assert found.rows() == [row_expected(case, index) for index, case in enumerate(cases_)]
        # the crossing request notified a microsecond before its deadline, at it, and after it
        assert [found.rows()[index]["met"] for index in (0, 3, 6)] == [True, True, False]

    def test_with_pickups(self) -> None:
        """Pick-ups sooner than the 24 hours, a microsecond either side."""
        cases_ = [
            (requested, service, notified, during, requested + 10 * HOUR)
            for requested, service, notified, during, _ in self._cases()
        ]
        found = member_notification_table(_columns(cases_))
        _compare(found, cases_)


class TestDatedVersions:
    """The decision hours and the elements are read in the version in force on the request's day."""

    def test_one_request_on_either_side_of_the_change(self) -> None:
        """24 hours and six elements the day before the change; 48 and two from its day."""
        profile = later_profile()
        told = ["pickup_time", "vehicle_type", "nemt_provider_name"]
        for requested in (
            dt.datetime.combine(CHANGE_DATE - DAY, dt.time(23, 59, 59)),
            dt.datetime.combine(CHANGE_DATE, dt.time(0, 0)),
        ):
            hours, elements, since = _on(requested.date())
            for notified in (requested + 30 * HOUR, requested + hours * HOUR + MICRO):
                case = (requested, requested.date() + 4 * DAY, notified, False, None)
                found = one(case, profile=profile, information=told)
                assert reported_whole(found) == expected(case, hours, told, elements)
                assert [(p.value, p.effective_from) for p in found.parameters] == [
                    (hours, since),
                    (elements, since),
                ]

    @given(st.lists(cases(), min_size=1, max_size=12), st.sampled_from(["before", "after", "both"]))
    def test_tables_on_either_side_and_across(self, cases_: list[Case], side: str) -> None:
        """Rows on one side of the change read one version; rows across it each their own."""
        moved: list[Case] = []
        for index, (requested, service, notified, during, pickup) in enumerate(cases_):
            later = side == "after" or (side == "both" and index % 2 == 1)
            day = CHANGE_DATE if later else CHANGE_DATE - DAY
            shift = dt.datetime.combine(day, requested.time()) - requested
            moved.append(
                (
                    requested + shift,
                    service + dt.timedelta(days=shift.days),
                    None if notified is None else notified + shift,
                    during,
                    None if pickup is None else pickup + shift,
                )
            )
        found = member_notification_table(_columns(moved), profile=later_profile())
        _compare(found, moved, later_profile())
        assert [(p.value, p.effective_from) for p in found.parameters] == [
            (24, TERM_START),
            (LATER_HOURS, CHANGE_DATE),
        ]

    def test_many_rows_across_the_change(self) -> None:
        """3,000 requests, a third from the change, rejected rows among them: each row its own."""
        rows = 3_000
        index = np.arange(rows)
        later = index % 3 == 0
        first = np.datetime64(CHANGE_DATE - DAY, "us")
        requested = np.where(later, first + np.timedelta64(1, "D"), first) + (index % 600).astype(
            "timedelta64[m]"
        )
        hours = np.where(later, LATER_HOURS, 24).astype("timedelta64[h]")
        late = index % 5 == 0
        notified = requested + hours + np.where(late, 1, 0).astype("timedelta64[m]")
        bad = index % 7 == 3
        notified = np.where(bad, requested - np.timedelta64(1, "s"), notified)
        service = (requested + np.timedelta64(5, "D")).astype("datetime64[D]")
        found = member_notification_table(
            {
                "requested_at": pa.array(requested),
                "service_date": pa.array(service),
                "notified_at": pa.array(notified),
            },
            profile=later_profile(),
            on_error="collect",
        )
        assert found.rejected.column("row").to_pylist() == index[bad].tolist()
        table = found.arrow
        assert table.column("row").to_pylist() == index[~bad].tolist()
        assert table.column("met").to_pylist() == (~late[~bad]).tolist()
        minutes_allowed = np.where(later, LATER_HOURS * 60, 24 * 60)[~bad]
        assert table.column("limit").to_pylist() == [Decimal(int(each)) for each in minutes_allowed]
        assert table.column("margin").to_pylist() == [-1 if each else 0 for each in late[~bad]]
