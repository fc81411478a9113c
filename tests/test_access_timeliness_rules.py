"""Attachment V time to appointment: the rule's own tests, every variant and every column pinned.

These are the tests of ``compliance.access.timeliness``, ``.timeliness_table`` and ``.variants``
run against their mutants (docs/developers.md, "Mutation testing"). Each finding is compared whole
with what Attachment V and ruling D1 say, written here apart from the library (:func:`expected`):
the variant a request takes (the most specific the service has, an emergency falling back to the
urgent standard and an urgent request to the routine one, admission types and detoxification), the
line of every hours, calendar-days and business-days limit at it and on both sides, business days
across weekends and holidays counted one by one, the figures in minutes and days, the steps that
explain them; tables whose rows must each be that finding, column by column; the dated versions of
the table; and the field and value of every error.
"""

# ruff: noqa: DTZ001 - naive local times, as contract data

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tenncare_calc import (
    InvalidInputError,
    InvalidTypeError,
    InvalidValueError,
    RejectedRowsError,
    default_profile,
)
from tenncare_calc.compliance import FindingsTable, access_timeliness, access_timeliness_table
from tenncare_calc.compliance.access.standards import standards_in_force
from tenncare_calc.contract.calendar import holiday_dates, no_holidays, tennessee_state_holidays
from tests.finding_oracle import beside, micros_of, shown, spoken
from tests.strategies import BLANK_TEXT, MISSING, written_as
from tests.versioned_profiles import CHANGE_DATE, with_later_version

STANDARDS = standards_in_force(None, None)[0]
CODES = tuple(STANDARDS.codes())
PARAMETER = "access.behavioral_health"
#: The words Attachment V gives each variant of a time standard, shown after the limit.
QUALIFIERS = {
    "routine": "",
    "urgent": "if urgent",
    "emergency": "emergency",
    "emergency_involuntary": "emergency involuntary admission",
    "involuntary": "involuntary admission",
    "voluntary": "voluntary admission",
    "detoxification_emergency": "detoxification, emergency",
    "detoxification": "detoxification",
}
UNITS = {"hours": "minutes", "calendar days": "calendar days", "business days": "business days"}
MICROS_PER_HOUR = 3_600_000_000
#: Every way of asking: code, urgency, detoxification, admission.
Request = tuple[str, str, bool, str | None]
REQUESTS: tuple[Request, ...] = tuple(
    (code, urgency, detox, admission)
    for code in CODES
    for urgency in ("routine", "urgent", "emergency")
    for detox in (False, True)
    for admission in (None, "voluntary", "involuntary")
)


def variant(request: Request) -> tuple[str, Any] | str:
    """Return the variant and limit Attachment V sets a request, or why it sets none."""
    code, urgency, detox, admission = request
    service = STANDARDS.service(code)
    limits = dict(service.time.limits)
    named = f"service code {code} ({service.service_type})"
    by_admission = any(
        name in ("voluntary", "involuntary") or name.startswith("emergency_") for name in limits
    )
    if by_admission and admission is None:
        return (
            f"{named} sets its time by admission type; give admission 'voluntary' or 'involuntary'"
        )
    if admission is not None and not by_admission:
        return f"{named} has no admission-type standard; leave admission empty"
    if detox and admission is not None:
        return "give either detoxification or an admission type, not both"
    if detox and not any(name.startswith("detoxification") for name in limits):
        return f"{named} has no detoxification standard in Attachment V"
    if admission is not None:
        tried = [f"emergency_{admission}", admission] if urgency == "emergency" else [admission]
    elif detox:
        tried = ["detoxification_emergency"] if urgency == "emergency" else []
        tried.append("detoxification")
    else:
        tried = {
            "emergency": ["emergency", "urgent", "routine"],
            "urgent": ["urgent", "routine"],
            "routine": ["routine"],
        }[urgency]
    for name in tried:
        if name in limits:
            return name, limits[name]
    return f"{named} has no standard for a {urgency} request; its standard is {service.time.text!r}"


CHOSEN = {request: variant(request) for request in REQUESTS}
VALID = tuple(request for request, chosen in CHOSEN.items() if not isinstance(chosen, str))
INVALID = tuple(request for request, chosen in CHOSEN.items() if isinstance(chosen, str))


def described(limit: Any) -> str:
    """Return ``3 business days``, ``1 hour``: the limit in words."""
    unit = limit.unit.value
    return f"{limit.amount} {unit[:-1] if limit.amount == 1 else unit}"


def business_day(day: dt.date, holidays: frozenset[dt.date]) -> bool:
    """Return whether ``day`` is a Monday to Friday and not a holiday (ruling D1)."""
    return day.weekday() < 5 and day not in holidays


def holiday_set(
    holidays: list[dt.date] | None, first: dt.date, last: dt.date
) -> frozenset[dt.date]:
    """Return the holidays (the caller's, or the shipped Tennessee calendar's) around the span."""
    if holidays is not None:
        return frozenset(holidays)
    return frozenset(holiday_dates(first - dt.timedelta(days=10), last + dt.timedelta(days=60)))


#: A measure: the figures (measured, limit, margin), whether the line is met, and the steps.
Measure = tuple[tuple[Decimal, Decimal, Decimal], bool, tuple[str, str]]


def hours_measure(limit: Any, requested: dt.datetime, appointment: dt.datetime) -> Measure:
    """Return an hours limit's measure: the exact time, shown in minutes."""
    elapsed = appointment - requested
    micros = micros_of(elapsed)
    line = limit.amount * MICROS_PER_HOUR
    deadline = requested + dt.timedelta(hours=limit.amount)
    steps = (
        (
            f"requested {requested.isoformat()}; deadline {deadline.isoformat()} "
            f"({described(limit)} later)"
        ),
        f"appointment {appointment.isoformat()}: {spoken(elapsed)} after the request",
    )
    figures = (beside(micros, line), Decimal(limit.amount * 60), beside(line - micros))
    return figures, micros <= line, steps


def days_figures(measured: int, amount: int) -> tuple[Decimal, Decimal, Decimal]:
    """Return a days limit's figures: the days counted, the limit, and what is left of it."""
    return Decimal(measured), Decimal(amount), Decimal(amount - measured)


def calendar_days_measure(
    limit: Any,
    requested: dt.datetime | dt.date,
    appointment: dt.datetime | dt.date,
) -> Measure:
    """Return a calendar-days limit's measure: the days after the request day."""
    measured = (day_of(appointment) - day_of(requested)).days
    deadline = day_of(requested) + dt.timedelta(days=limit.amount)
    steps = (
        (
            f"requested {requested.isoformat()}; deadline {deadline.isoformat()} "
            f"({limit.amount} calendar days after the request day)"
        ),
        f"appointment {appointment.isoformat()}",
    )
    return days_figures(measured, limit.amount), measured <= limit.amount, steps


def business_days_measure(
    limit: Any,
    requested: dt.datetime | dt.date,
    appointment: dt.datetime | dt.date,
    holidays: list[dt.date] | None,
) -> Measure:
    """Return a business-days limit's measure, the days counted one by one (ruling D1)."""
    request_day, appointment_day = day_of(requested), day_of(appointment)
    off = holiday_set(holidays, request_day, appointment_day)
    counted = appointment_day
    while not business_day(counted, off):
        counted += dt.timedelta(days=1)
    measured = sum(
        business_day(request_day + dt.timedelta(days=n), off)
        for n in range(1, (counted - request_day).days + 1)
    )
    deadline, found = request_day, 0
    while found < limit.amount:
        deadline += dt.timedelta(days=1)
        found += business_day(deadline, off)
    title = "Tennessee state holidays" if holidays is None else "the caller's holidays"
    rolled = f" (not a business day: counted as {counted})" if counted != appointment_day else ""
    steps = (
        (
            f"requested {requested.isoformat()}; deadline {deadline:%A} {deadline.isoformat()} "
            f"(business day {limit.amount} after the request day; holidays: {title})"
        ),
        f"appointment {appointment.isoformat()}{rolled}: business day {measured}",
    )
    return days_figures(measured, limit.amount), measured <= limit.amount, steps


def day_of(moment: dt.datetime | dt.date) -> dt.date:
    """Return the day of a moment or date."""
    return moment.date() if isinstance(moment, dt.datetime) else moment


def expected(
    request: Request,
    requested: dt.datetime | dt.date,
    appointment: dt.datetime | dt.date,
    holidays: list[dt.date] | None = None,
) -> dict[str, Any]:
    """Return the finding Attachment V gives an appointment, as the clause and ruling D1 read."""
    code, urgency, detox, admission = request
    chosen = CHOSEN[request]
    assert not isinstance(chosen, str)
    name, limit = chosen
    service = STANDARDS.service(code)
    qualifier = QUALIFIERS[name]
    standard = f"within {described(limit)} of the {service.time.measured_from}"
    if qualifier:
        standard += f" ({qualifier})"
    subject = [
        ("service_code", code),
        ("service_type", service.label()),
        ("age_group", service.age_group(code)),
        ("urgency", urgency),
    ]
    if detox:
        subject.append(("detoxification", "yes"))
    if admission is not None:
        subject.append(("admission", admission))
    unit = limit.unit.value
    if unit == "hours":
        assert isinstance(requested, dt.datetime)
        assert isinstance(appointment, dt.datetime)
        figures, met, steps = hours_measure(limit, requested, appointment)
    elif unit == "calendar days":
        figures, met, steps = calendar_days_measure(limit, requested, appointment)
    else:
        figures, met, steps = business_days_measure(limit, requested, appointment, holidays)
    return {
        "outcome": "met" if met else "not_met",
        "met": met,
        "figures": figures,
        "unit": UNITS[unit],
        "standard": standard,
        "subject": tuple(subject),
        "steps": steps,
        "service_type": service.label(),
    }


def assert_whole(found: Any, want: dict[str, Any], on: dt.date) -> None:
    """Assert a finding is the one ``want`` describes, everything it reports."""
    assert found.check == "access.timeliness"
    assert found.title == "Time to appointment"
    assert found.outcome.value == want["outcome"]
    assert found.met is want["met"]
    assert (found.measured, found.limit, found.margin) == want["figures"]
    assert [str(figure) for figure in (found.measured, found.limit, found.margin)] == [
        shown(figure) for figure in want["figures"]
    ]
    assert found.unit == want["unit"]
    assert found.standard == want["standard"]
    assert found.subject == want["subject"]
    assert found.steps == want["steps"]
    assert found.sections == ("Attachment V",)
    assert found.note is None
    assert found.parameters == (default_profile().parameters[PARAMETER].at(on),)


def ask(
    request: Request,
    requested: dt.datetime | dt.date,
    appointment: dt.datetime | dt.date,
    **options: Any,
) -> Any:
    """Return ``access_timeliness`` of a request."""
    code, urgency, detox, admission = request
    return access_timeliness(
        code,
        requested_at=requested,
        appointment_at=appointment,
        urgency=urgency,  # type: ignore[arg-type]
        detoxification=detox,
        admission=admission,  # type: ignore[arg-type]
        **options,
    )


def around(request: Request, requested: dt.datetime) -> list[dt.datetime]:
    """Return appointments at a request's deadline, on both sides of it and far after it."""
    chosen = CHOSEN[request]
    assert not isinstance(chosen, str)
    limit = chosen[1]
    if limit.unit.value == "hours":
        line = requested + dt.timedelta(hours=limit.amount)
        steps = [dt.timedelta(microseconds=1), dt.timedelta(seconds=1), dt.timedelta(minutes=1)]
        return [requested, *(line + s for s in steps), line, *(line - s for s in steps)]
    line = requested + dt.timedelta(days=limit.amount)
    return [requested, line - dt.timedelta(days=1), line, line + dt.timedelta(days=1)] + [
        line + dt.timedelta(days=n) for n in range(2, 9)
    ]


REQUEST_MOMENTS = st.datetimes(
    min_value=dt.datetime(2008, 1, 1),
    max_value=dt.datetime(2012, 12, 20),
).map(lambda moment: moment.replace(microsecond=moment.microsecond // 1000 * 1000))


class TestOneAppointment:
    """``access_timeliness``: every request of every code, every side of its line."""

    @settings(max_examples=5)  # every request, each at ten moments around its line
    @given(REQUEST_MOMENTS)
    @example(dt.datetime(2008, 12, 23, 9))  # Christmas in the urgent window
    @example(dt.datetime(2008, 11, 26, 16, 30))  # Thanksgiving and its Friday
    @example(dt.datetime(2008, 12, 27, 23, 59, 59))  # a Saturday request
    def test_every_request_at_and_around_its_line(self, requested: dt.datetime) -> None:
        """Outcome, figures, unit, standard, subject, steps, section and parameter, whole."""
        for request in VALID:
            for appointment in around(request, requested):
                found = ask(request, requested, appointment)
                assert_whole(found, expected(request, requested, appointment), requested.date())

    @given(REQUEST_MOMENTS, st.lists(st.dates(dt.date(2008, 1, 1), dt.date(2013, 1, 31))))
    def test_business_days_with_the_callers_holidays(
        self, requested: dt.datetime, holidays: list[dt.date]
    ) -> None:
        """The caller's holidays are the days off; a later appointment rolls to a business day."""
        for request in (("19", "urgent", False, None), ("C3", "emergency", False, None)):
            for appointment in around(request, requested):
                found = ask(request, requested, appointment, holidays=holidays)
                want = expected(request, requested, appointment, holidays)
                assert_whole(found, want, requested.date())

    def test_the_calendar_is_named(self) -> None:
        """A calendar object is named by its title; no holidays makes Christmas a business day."""
        request: Request = ("B6", "urgent", False, None)
        christmas = ask(
            request,
            dt.date(2008, 12, 23),
            dt.date(2008, 12, 26),
            holidays=tennessee_state_holidays(),
        )
        assert f"holidays: {tennessee_state_holidays().title})" in christmas.steps[0]
        assert (christmas.measured, christmas.met) == (2, True)
        plain = ask(request, dt.date(2008, 12, 23), dt.date(2008, 12, 26), holidays=no_holidays())
        assert f"holidays: {no_holidays().title})" in plain.steps[0]
        assert (plain.measured, plain.steps[1]) == (3, "appointment 2008-12-26: business day 3")

    def test_dates_serve_day_standards(self) -> None:
        """A day standard takes dates; the days of datetimes count, not their hours."""
        request: Request = ("20", "routine", False, None)
        late_in_the_day = ask(request, dt.datetime(2008, 10, 1, 23), dt.date(2008, 10, 15))
        assert (late_in_the_day.measured, late_in_the_day.met) == (14, True)
        assert ask(request, dt.date(2008, 10, 1), dt.datetime(2008, 10, 16, 0, 1)).met is False
        with pytest.raises(InvalidValueError, match="is before 'requested_at'"):
            ask(request, dt.datetime(2008, 10, 1, 12), dt.datetime(2008, 10, 1, 9))
        same_day = ask(request, dt.datetime(2008, 10, 1, 12), dt.date(2008, 10, 1))
        assert (same_day.measured, same_day.margin) == (0, 14)

    def test_every_request_without_a_standard_is_refused(self) -> None:
        """Each request Attachment V sets no limit for: its own reason, on ``urgency``."""
        assert len(INVALID) > 100
        for request in INVALID:
            with pytest.raises(InvalidInputError) as raised:
                ask(request, dt.datetime(2008, 10, 6, 9), dt.datetime(2008, 10, 6, 10))
            assert str(raised.value) == CHOSEN[request]
            assert (raised.value.field, raised.value.value) == ("urgency", request[1])


class TestErrors:
    """Every error names its field and value."""

    DAY = dt.date(2008, 10, 6)

    def at(self, hour: int, minute: int = 0) -> dt.datetime:
        """Return the test day at ``hour:minute``."""
        return dt.datetime.combine(self.DAY, dt.time(hour, minute))

    def test_choices_and_flags(self) -> None:
        """An urgency, admission or detoxification not among the choices."""
        cases = [
            (
                {"urgency": "soon"},
                InvalidValueError,
                "urgency",
                "soon",
                "'urgency' must be one of ['routine', 'urgent', 'emergency'] (got 'soon')",
            ),
            (
                {"urgency": 1},
                InvalidTypeError,  # a number is no text: the wrong type, as in every choice
                "urgency",
                1,
                "'urgency' must be one of ['routine', 'urgent', 'emergency'] (got 1)",
            ),
            (
                {"admission": "forced"},
                InvalidValueError,
                "admission",
                "forced",
                "'admission' must be one of ['voluntary', 'involuntary'] or None (got 'forced')",
            ),
            (
                {"detoxification": "yes"},
                InvalidTypeError,
                "detoxification",
                "yes",
                "'detoxification' must be True or False (got 'yes')",
            ),
            (
                {"detoxification": 1},
                InvalidTypeError,
                "detoxification",
                1,
                "'detoxification' must be True or False (got 1)",
            ),
        ]
        for options, kind, field, value, message in cases:
            with pytest.raises(kind) as raised:
                access_timeliness("19", requested_at=self.DAY, appointment_at=self.DAY, **options)
            assert (raised.value.field, raised.value.value, str(raised.value)) == (
                field,
                value,
                message,
            )

    def test_appointment_before_request(self) -> None:
        """By day for day standards, by the moment when both have one."""
        earlier = self.DAY - dt.timedelta(days=1)
        with pytest.raises(InvalidValueError) as raised:
            access_timeliness("20", requested_at=self.DAY, appointment_at=earlier)
        assert (raised.value.field, raised.value.value) == ("appointment_at", earlier)
        assert str(raised.value) == (
            "'appointment_at' (2008-10-05) is before 'requested_at' (2008-10-06)"
        )
        with pytest.raises(InvalidValueError) as raised:
            access_timeliness("41", requested_at=self.at(10), appointment_at=self.at(9, 59))
        assert (raised.value.field, raised.value.value) == ("appointment_at", self.at(9, 59))
        assert str(raised.value) == (
            "'appointment_at' (2008-10-06T09:59:00) is before 'requested_at' (2008-10-06T10:00:00)"
        )
        same = access_timeliness("41", requested_at=self.at(10), appointment_at=self.at(10))
        assert (same.met, same.measured, same.margin) == (True, 0, 240)

    def test_hours_need_times_of_day(self) -> None:
        """An hours standard with a date: the field that has none, and the standard."""
        for requested, appointment, field in (
            (self.DAY, self.at(10), "requested_at"),
            (self.at(9), self.DAY + dt.timedelta(days=1), "appointment_at"),
            (self.DAY, self.DAY, "requested_at"),
        ):
            with pytest.raises(InvalidTypeError) as raised:
                access_timeliness("41", requested_at=requested, appointment_at=appointment)
            given = requested if field == "requested_at" else appointment
            assert (raised.value.field, raised.value.value) == (field, given)
            assert str(raised.value) == (
                f"{field!r} must be a datetime with a time of day: the standard is 4 hours "
                f"(got the date {given.isoformat()})"
            )

    def test_naive_and_aware_do_not_mix(self) -> None:
        """One naive and one aware moment: an error on ``appointment_at``, either way round."""
        aware = self.at(11).replace(tzinfo=dt.UTC)
        for requested, appointment in ((aware, self.at(12)), (self.at(9), aware)):
            for code in ("41", "20"):
                with pytest.raises(InvalidTypeError) as raised:
                    access_timeliness(code, requested_at=requested, appointment_at=appointment)
                assert (raised.value.field, raised.value.value) == ("appointment_at", appointment)
                assert str(raised.value) == (
                    "'requested_at' and 'appointment_at' must both be naive (local time) or both "
                    f"be time-zone aware (got {requested.isoformat()} and "
                    f"{appointment.isoformat()})"
                )
        both = access_timeliness(
            "41", requested_at=aware, appointment_at=aware + dt.timedelta(hours=4)
        )
        assert (both.met, both.margin) == (True, 0)

    def test_moments_that_are_not(self) -> None:
        """A request or appointment that is not a date or moment: its own field and value."""
        for field in ("requested_at", "appointment_at"):
            for bad, kind in (("soon", InvalidValueError), (20081006, InvalidTypeError)):
                moments: dict[str, Any] = {"requested_at": self.DAY, "appointment_at": self.DAY}
                moments[field] = bad
                with pytest.raises(kind) as raised:
                    access_timeliness("20", **moments)
                assert (raised.value.field, raised.value.value) == (field, bad)
                assert str(raised.value).startswith(f"{field!r} must be a")

    def test_unknown_code(self) -> None:
        """A code not in Attachment V, or listed without a standard."""
        with pytest.raises(InvalidInputError, match=r"^service code '99' is not in Attachment V"):
            access_timeliness("99", requested_at=self.DAY, appointment_at=self.DAY)
        assert access_timeliness(19, requested_at=self.DAY, appointment_at=self.DAY).subject[0] == (
            "service_code",
            "19",
        )


class TestDatedTable:
    """The table in force on the request day is the one read, in both forms."""

    LATER = (
        '[{id = "x", service_type = "X", codes = ["20"], distance = {kind = "miles", '
        'miles = 30, text = "30 miles"}, time = {limits = {routine = "5 calendar days", '
        'urgent = "2 hours"}, text = "5 days"}}]'
    )

    def test_a_later_table(self) -> None:
        """From the change, code 20 within 5 calendar days (14 before), urgent within 2 hours."""
        profile = with_later_version(default_profile(), PARAMETER, self.LATER)
        before = dt.date(2009, 12, 20)
        after = CHANGE_DATE + dt.timedelta(days=20)
        early = access_timeliness(
            "20", requested_at=before, appointment_at=before + dt.timedelta(days=6), profile=profile
        )
        assert (early.met, early.limit, early.parameters[0].effective_from) == (
            True,
            14,
            dt.date(2007, 4, 1),
        )
        late = access_timeliness(
            "20", requested_at=after, appointment_at=after + dt.timedelta(days=6), profile=profile
        )
        assert (late.met, late.limit, late.subject[1]) == (False, 5, ("service_type", "X"))
        assert late.parameters[0].effective_from == CHANGE_DATE
        table = access_timeliness_table(
            {
                "service_code": ["20", "20", "20"],
                "requested_at": [before.isoformat(), after.isoformat(), f"{after} 09:00"],
                "appointment_at": [
                    (before + dt.timedelta(days=6)).isoformat(),
                    (after + dt.timedelta(days=6)).isoformat(),
                    f"{after} 11:00",
                ],
                "urgency": ["routine", "routine", "urgent"],
            },
            profile=profile,
        )
        rows = table.rows()
        assert [(row["met"], row["limit"], row["unit"]) for row in rows] == [
            (True, "14", "calendar days"),
            (False, "5", "calendar days"),
            (True, "120", "minutes"),
        ]
        assert [row["service_type"] for row in rows][1:] == ["X", "X"]
        assert [p.effective_from for p in table.parameters] == [dt.date(2007, 4, 1), CHANGE_DATE]
        only_later = access_timeliness_table(
            {"service_code": ["20"], "requested_at": [after], "appointment_at": [after]},
            profile=profile,
        )
        assert [p.effective_from for p in only_later.parameters] == [CHANGE_DATE]


class TestAdmissionTypes:
    """A service timed by admission type, whichever variants of it the table gives."""

    EMERGENCY_ONLY = (
        '[{id = "x", service_type = "X", codes = ["20"], distance = {kind = "miles", '
        'miles = 30, text = "30 miles"}, time = {limits = {emergency_involuntary = "4 hours"}, '
        'text = "4 hours"}}]'
    )

    def test_an_emergency_admission_alone_still_asks_for_the_type(self) -> None:
        """Its one variant an emergency admission: a request without a type is told to give one."""
        profile = with_later_version(default_profile(), PARAMETER, self.EMERGENCY_ONLY)
        day = dt.datetime(2010, 3, 1, 9)
        reason = (
            "service code 20 (X) sets its time by admission type; give admission 'voluntary' "
            "or 'involuntary'"
        )
        with pytest.raises(InvalidInputError) as raised:
            access_timeliness("20", requested_at=day, appointment_at=day, profile=profile)
        assert (str(raised.value), raised.value.field) == (reason, "urgency")
        found = access_timeliness(
            "20",
            requested_at=day,
            appointment_at=day + dt.timedelta(hours=4),
            urgency="emergency",
            admission="involuntary",
            profile=profile,
        )
        assert (found.met, found.standard) == (
            True,
            "within 4 hours of the request (emergency involuntary admission)",
        )
        table = access_timeliness_table(
            {"service_code": ["20"], "requested_at": [day], "appointment_at": [day]},
            profile=profile,
            on_error="collect",
        )
        assert table.rejected.to_pylist() == [{"row": 0, "reason": reason}]


def moment_text(moment: dt.datetime | dt.date) -> str:
    """Return a moment as an extract writes it (``YYYY-MM-DD HH:MM:SS``, or the day)."""
    if isinstance(moment, dt.datetime):
        return moment.isoformat(sep=" ")
    return moment.isoformat()


def table_of(rows: list[tuple[Request, dt.datetime, dt.datetime]]) -> dict[str, list[Any]]:
    """Return the columns of appointments, moments as text."""
    return {
        "service_code": [request[0] for request, _, _ in rows],
        "requested_at": [moment_text(requested) for _, requested, _ in rows],
        "appointment_at": [moment_text(appointment) for _, _, appointment in rows],
        "urgency": [request[1] for request, _, _ in rows],
        "detoxification": ["yes" if request[2] else "no" for request, _, _ in rows],
        "admission": [request[3] for request, _, _ in rows],
    }


def assert_rows(findings: FindingsTable, rows: list[Any], holidays: Any = None) -> None:
    """Assert each findings row is the finding of its appointment, column by column."""
    got = findings.rows()
    assert len(got) == len(rows)
    for row, (request, requested, appointment) in zip(got, rows, strict=True):
        want = expected(request, requested, appointment, holidays)
        measured, limit, margin = want["figures"]
        assert row["check"] == "access.timeliness"
        assert (row["service_code"], row["urgency"]) == (request[0], request[1])
        assert row["service_type"] == want["service_type"]
        assert (row["outcome"], row["met"]) == (want["outcome"], want["met"])
        assert row["standard"] == want["standard"]
        assert (row["measured"], row["limit"], row["margin"]) == (
            shown(measured),
            shown(limit),
            shown(margin),
        ), (request, requested, appointment)
        assert row["unit"] == want["unit"]
        assert row["section"] == "Attachment V"


class TestTable:
    """``access_timeliness_table``: every row the one-value finding, column by column."""

    @settings(max_examples=5)  # every request, each at ten moments around its line
    @given(REQUEST_MOMENTS, st.integers(0, 2**32))
    @example(dt.datetime(2008, 12, 23, 9), 0)
    def test_every_request_in_one_table(self, requested: dt.datetime, seed: int) -> None:
        """Every valid request at and around its line, in one table, in a shuffled order."""
        rows = [
            (request, requested, appointment)
            for request in VALID
            for appointment in around(request, requested)
        ]
        if seed:
            random.Random(seed).shuffle(rows)  # noqa: S311 - a test's shuffle
        findings = access_timeliness_table(table_of(rows))
        assert findings.rows_in == findings.rows_used == len(rows)
        assert_rows(findings, rows)
        assert [p.effective_from for p in findings.parameters] == [dt.date(2007, 4, 1)]

    @given(
        st.lists(
            st.tuples(
                st.sampled_from([("19", "urgent", False, None), ("23", "emergency", False, None)]),
                st.dates(dt.date(2008, 1, 1), dt.date(2012, 12, 1)),
                st.integers(0, 40),
            ),
            min_size=1,
            max_size=40,
        ),
        st.one_of(st.none(), st.lists(st.dates(dt.date(2007, 12, 1), dt.date(2013, 1, 31)))),
    )
    def test_business_days_over_any_span(
        self, cases: list[tuple[Request, dt.date, int]], holidays: list[dt.date] | None
    ) -> None:
        """Business days counted one by one, by the caller's holidays or Tennessee's."""
        rows = [(request, day, day + dt.timedelta(days=after)) for request, day, after in cases]
        findings = access_timeliness_table(table_of(rows), holidays=holidays)  # type: ignore[arg-type]
        assert_rows(findings, rows, holidays)

    def test_a_span_longer_than_the_rows(self) -> None:
        """Requests years apart: business days looked up on the rows' own span, as every span."""
        rows: list[Any] = [
            (("B5", "urgent", False, None), day, day + dt.timedelta(days=after))
            for year in (2008, 2012)
            for day in (dt.date(year, 12, 22), dt.date(year, 7, 2), dt.date(year, 11, 25))
            for after in (0, 3, 4, 5, 6, 9)
        ]
        rows.append((("20", "routine", False, None), dt.date(2008, 1, 2), dt.date(2008, 1, 20)))
        rows.append(
            (
                ("41", "routine", False, None),
                dt.datetime(2010, 1, 2, 3),
                dt.datetime(2010, 1, 2, 7, 0, 1),
            )
        )
        findings = access_timeliness_table(table_of(rows))
        assert_rows(findings, rows)

    def test_many_rows_share_their_combinations(self) -> None:
        """70,000 rows in blocks: each row's line is its own combination's."""
        base = [
            (("19", "urgent", False, None), dt.date(2008, 12, 23), dt.date(2008, 12, 29)),
            (("19", "urgent", False, None), dt.date(2008, 12, 23), dt.date(2008, 12, 30)),
            (("19", "routine", False, None), dt.date(2008, 12, 23), dt.date(2009, 1, 6)),
            (("19", "routine", False, None), dt.date(2008, 12, 23), dt.date(2009, 1, 7)),
            (
                ("41", "routine", False, None),
                dt.datetime(2008, 12, 23, 9),
                dt.datetime(2008, 12, 23, 13),
            ),
            (
                ("41", "routine", False, None),
                dt.datetime(2008, 12, 23, 9),
                dt.datetime(2008, 12, 23, 13, 0, 1),
            ),
            (
                ("15", "emergency", True, None),
                dt.datetime(2008, 12, 23, 9),
                dt.datetime(2008, 12, 23, 13, 1),
            ),
        ]
        rows = base * 10_000
        findings = access_timeliness_table(table_of(rows))
        wanted = [expected(*row) for row in base]
        columns = findings.arrow
        outcome = columns.column("outcome").to_pylist()
        margin = [str(value) for value in columns.column("margin").to_pylist()]
        for at in (0, 1, 32_767, 32_768, 32_769, 65_535, 65_536, 69_999):
            want = wanted[at % len(base)]
            assert outcome[at] == want["outcome"], at
            assert Decimal(margin[at]) == want["figures"][2], at

    def test_urgency_absent_or_empty_is_routine(self) -> None:
        """Without the column every request is routine; without flags none is detoxification."""
        findings = access_timeliness_table(
            {
                "service_code": ["B5", "B5"],
                "requested_at": ["2008-12-23", "2008-12-23"],
                "appointment_at": ["2009-01-06", "2009-01-07"],
            }
        )
        assert [(row["urgency"], row["met"]) for row in findings.rows()] == [
            ("routine", True),
            ("routine", False),
        ]

    def test_rejections_name_their_reason(self) -> None:
        """Each request without a standard rejects its rows with the one-value check's reason."""
        requests = INVALID[:: max(1, len(INVALID) // 25)]
        rows = [
            (request, dt.datetime(2008, 10, 6, 9), dt.datetime(2008, 10, 6, 10))
            for request in requests
        ]
        rows.append((VALID[0], dt.datetime(2008, 10, 6, 9), dt.datetime(2008, 10, 6, 10)))
        findings = access_timeliness_table(table_of(rows), on_error="collect")
        assert findings.rows_in == len(rows)
        assert findings.rejected.to_pylist() == [
            {"row": at, "reason": str(CHOSEN[request])} for at, request in enumerate(requests)
        ]
        assert [row["row"] for row in findings.rows()] == [len(requests)]
        with pytest.raises(RejectedRowsError):
            access_timeliness_table(table_of(rows))

    def test_hours_without_times_and_early_appointments(self) -> None:
        """A date for an hours standard, an appointment before its request: each row's reason."""
        findings = access_timeliness_table(
            {
                "service_code": ["41", "41", "20", "41", "20"],
                "requested_at": [
                    "2008-10-06",
                    "2008-10-06 09:00",
                    "2008-10-06",
                    "2008-10-06 09:00",
                    "2008-10-06 09:00",
                ],
                "appointment_at": [
                    "2008-10-06 10:00",
                    "2008-10-06",
                    "2008-10-05",
                    "2008-10-06 08:59",
                    "2008-10-06",
                ],
            },
            on_error="collect",
        )
        assert findings.rejected.to_pylist() == [
            {
                "row": 0,
                "reason": "the standard is in hours but requested_at 2008-10-06 or "
                "appointment_at 2008-10-06 10:00 has no time of day",
            },
            {
                "row": 1,
                "reason": "the standard is in hours but requested_at 2008-10-06 09:00 or "
                "appointment_at 2008-10-06 has no time of day",
            },
            {"row": 2, "reason": "appointment_at 2008-10-05 is before requested_at 2008-10-06"},
            {
                "row": 3,
                "reason": "appointment_at 2008-10-06 08:59 is before requested_at 2008-10-06 09:00",
            },
        ]
        assert [(row["row"], row["met"], row["margin"]) for row in findings.rows()] == [
            (4, True, "14")
        ]

    def test_columns_of_other_names_and_carried(self) -> None:
        """``columns=`` maps the library's names to the table's; ``carry`` keeps an id."""
        findings = access_timeliness_table(
            {
                "id": ["a", "b"],
                "code": ["20", "20"],
                "asked": ["2008-10-01", "2008-10-01"],
                "seen": ["2008-10-15", "2008-10-16"],
            },
            columns={"service_code": "code", "requested_at": "asked", "appointment_at": "seen"},
            carry="id",
        )
        assert [(row["id"], row["met"]) for row in findings.rows()] == [("a", True), ("b", False)]


class TestTableWays:
    """The table's other ways: many combinations, long spans, one version or several, names."""

    def test_more_combinations_than_a_dense_key(self) -> None:
        """5,000 distinct unknown codes: combinations grouped among the rows, the rest judged."""
        unknown = [f"Z{number}" for number in range(5_000)]
        rows = [
            (request, dt.datetime(2008, 12, 23, 9), appointment)
            for request in VALID
            for appointment in around(request, dt.datetime(2008, 12, 23, 9))
        ]
        columns = table_of(rows)
        columns["service_code"] += unknown
        columns["requested_at"] += ["2008-12-23"] * len(unknown)
        columns["appointment_at"] += ["2008-12-24"] * len(unknown)
        for name in ("urgency", "detoxification", "admission"):
            columns[name] += [columns[name][0]] * len(unknown)
        findings = access_timeliness_table(columns, on_error="collect")
        assert_rows(findings, rows)
        rejected = findings.rejected.to_pylist()
        assert [row["row"] for row in rejected] == list(range(len(rows), len(columns["urgency"])))
        assert rejected[-1]["reason"] == "service code 'Z4999' is not in Attachment V"

    def test_a_span_of_centuries(self) -> None:
        """Appointments 200 years after their requests: business days counted on their own span."""
        rows: list[Any] = [
            (("B5", "urgent", False, None), dt.date(2008, 12, 23), dt.date(2008, 12, 29)),
            (("B5", "urgent", False, None), dt.date(2008, 12, 23), dt.date(2208, 12, 29)),
            (("20", "routine", False, None), dt.date(2008, 12, 23), dt.date(2208, 12, 29)),
            (("B5", "urgent", False, None), dt.date(2208, 12, 23), dt.date(2208, 12, 30)),
        ]
        findings = access_timeliness_table(table_of(rows), holidays=[dt.date(2208, 12, 25)])
        assert_rows(findings, rows, [dt.date(2208, 12, 25)])

    def test_nulls_and_braces_reject_their_rows_only(self) -> None:
        """A null code first, an unknown code with braces: rejected; the other rows judged."""
        rows: list[Any] = [
            (("20", "routine", False, None), dt.date(2008, 10, 1), dt.date(2008, 10, 15 + n))
            for n in range(2)
        ]
        columns = table_of(rows)
        columns["service_code"] = [None, "{9}", *columns["service_code"]]
        for name in ("requested_at", "appointment_at", "urgency", "detoxification", "admission"):
            columns[name] = [columns[name][0], columns[name][0], *columns[name]]
        findings = access_timeliness_table(columns, on_error="collect")
        assert findings.rejected.to_pylist() == [
            {"row": 0, "reason": "service_code is null"},
            {"row": 1, "reason": "service code '{9}' is not in Attachment V"},
        ]
        assert [(row["row"], row["met"]) for row in findings.rows()] == [(2, True), (3, False)]

    def test_an_empty_table(self) -> None:
        """No rows: no findings, no parameter read."""
        findings = access_timeliness_table(
            {"service_code": [], "requested_at": [], "appointment_at": []}
        )
        assert (findings.rows_in, findings.rows(), findings.parameters) == (0, [], ())

    def test_a_misnamed_column_names_the_table(self) -> None:
        """``columns=`` naming a column the check does not read: the table is named."""
        with pytest.raises(InvalidInputError, match="a column 'appointments' does not read"):
            access_timeliness_table(
                {"code": ["20"], "requested_at": ["2008-10-01"], "appointment_at": ["2008-10-02"]},
                columns={"servce_code": "code"},
            )

    def later_profile(self, *, through: dt.date | None = None) -> Any:
        """Return the profile with a later Attachment V table (code 20 in 5 days), maybe ending."""
        profile = with_later_version(default_profile(), PARAMETER, TestDatedTable.LATER)
        if through is None:
            return profile
        parameter = attrs.evolve(profile.parameters[PARAMETER], effective_through=through)
        return attrs.evolve(profile, parameters={**profile.parameters, PARAMETER: parameter})

    def limits(self, days: list[dt.date], profile: Any) -> list[Any]:
        """Return the findings rows of code 20 requested on ``days``, seen the same day."""
        findings = access_timeliness_table(
            {
                "service_code": ["20"] * len(days),
                "requested_at": [day.isoformat() for day in days],
                "appointment_at": [day.isoformat() for day in days],
            },
            profile=profile,
            on_error="collect",
        )
        return [
            *((row["row"], row["limit"]) for row in findings.rows()),
            *((row["row"], row["reason"]) for row in findings.rejected.to_pylist()),
            [p.effective_from for p in findings.parameters],
        ]

    def test_the_version_of_each_side_of_the_change(self) -> None:
        """Rows on the change day, up to it, and before it only: each row's own version."""
        profile = self.later_profile()
        eve = CHANGE_DATE - dt.timedelta(days=1)
        first = dt.date(2007, 4, 1)
        assert self.limits([CHANGE_DATE, CHANGE_DATE], profile) == [
            (0, "5"),
            (1, "5"),
            [CHANGE_DATE],
        ]
        assert self.limits([eve, CHANGE_DATE], profile) == [
            (0, "14"),
            (1, "5"),
            [first, CHANGE_DATE],
        ]
        assert self.limits([eve, eve], profile) == [(0, "14"), (1, "14"), [first]]
        assert self.limits([first, first], profile) == [(0, "14"), (1, "14"), [first]]

    def test_rows_after_the_term_are_rejected(self) -> None:
        """A table that ends: a request on its last day is judged, one after it is not."""
        through = CHANGE_DATE + dt.timedelta(days=30)
        profile = self.later_profile(through=through)
        after = through + dt.timedelta(days=1)
        reason = (
            f"requested_at {after} is outside the term of access.behavioral_health "
            f"(from 2007-04-01 through {through})"
        )
        assert self.limits([through, through], profile) == [(0, "5"), (1, "5"), [CHANGE_DATE]]
        assert self.limits([through, after], profile) == [(0, "5"), (1, reason), [CHANGE_DATE]]


#: An admission type not given, in each form an extract or a frame gives it.
NO_ADMISSION = st.one_of(st.sampled_from(MISSING), BLANK_TEXT)


def outcome_of(call: Any) -> Any:
    """Return what a call gives: its finding, or its error's class, field and message."""
    try:
        return call()
    except (InvalidTypeError, InvalidValueError) as error:
        return (type(error), error.field, str(error))


class TestChoicesAsTheTableReadsThem:
    """``urgency`` and ``admission`` read alike by both forms: trimmed, any case; blank is none."""

    APPOINTMENT = (dt.datetime(2008, 12, 23, 9), dt.datetime(2008, 12, 29, 10))

    @given(st.sampled_from(REQUESTS), st.data())
    def test_any_case_and_padding_is_the_option(
        self, request: Request, data: st.DataObject
    ) -> None:
        """Any request written in any case and padded is the request: the same finding or error.

        An admission type not given may be None, any missing value or blank text. The table's
        row of the same text is that finding, or is rejected with the one-value check's reason.
        """
        code, urgency, detox, admission = request
        urgency_text = data.draw(written_as(urgency))
        admission_text: Any = data.draw(
            NO_ADMISSION if admission is None else written_as(admission)
        )
        requested, appointment = self.APPOINTMENT
        want = outcome_of(lambda: ask(request, requested, appointment))
        written = outcome_of(
            lambda: ask((code, urgency_text, detox, admission_text), requested, appointment)
        )
        assert written == want
        table_admission = admission_text if isinstance(admission_text, str) else None
        found = access_timeliness_table(
            {
                "service_code": [code],
                "requested_at": [moment_text(requested)],
                "appointment_at": [moment_text(appointment)],
                "urgency": [urgency_text],
                "detoxification": ["yes" if detox else "no"],
                "admission": [table_admission],
            },
            on_error="collect",
        )
        if isinstance(want, tuple):
            assert found.rows() == []
            assert found.rejected.to_pylist() == [{"row": 0, "reason": want[2]}]
            return
        (row,) = found.rows()
        assert (row["urgency"], row["outcome"], row["standard"]) == (
            urgency,
            want.outcome.value,
            want.standard,
        )
        assert (row["measured"], row["limit"], row["margin"]) == tuple(
            shown(figure) for figure in (want.measured, want.limit, want.margin)
        )

    @pytest.mark.parametrize(
        ("options", "field", "close"),
        [
            ({"urgency": "urgnet"}, "urgency", "urgent"),
            ({"urgency": " Emergancy"}, "urgency", "emergency"),
            ({"admission": "volontary"}, "admission", "voluntary"),
            ({"urgency": "soon"}, "urgency", None),
        ],
    )
    def test_a_misspelling_is_answered_with_the_option(
        self, options: dict[str, str], field: str, close: str | None
    ) -> None:
        """Text close to an option is refused naming it; the table rejects the same row."""
        with pytest.raises(InvalidInputError) as raised:
            access_timeliness(
                "11",
                requested_at=self.APPOINTMENT[0],
                appointment_at=self.APPOINTMENT[1],
                **options,  # type: ignore[arg-type]
            )
        hint = f" (did you mean {close!r}?)" if close else ""
        assert str(raised.value).endswith(f"(got {options[field]!r}){hint}")
        assert (raised.value.field, raised.value.value) == (field, options[field])
        found = access_timeliness_table(
            {
                "service_code": ["11"],
                "requested_at": ["2008-12-23"],
                "appointment_at": ["2008-12-29"],
                "admission": ["voluntary"],
            }
            | {name: [value] for name, value in options.items()},
            on_error="collect",
        )
        assert [row["row"] for row in found.rejected.to_pylist()] == [0]

    @pytest.mark.parametrize("urgency", ["ROUT\u0130NE", "rout\u0130ne", "Urgent", " EMERGENCY"])
    def test_capitals_lowered_as_the_table_lowers_them(self, urgency: str) -> None:
        """``"ROUTİNE"`` is ``routine`` in the table (pyarrow lowers İ to i): one by one too."""
        requested, appointment = dt.date(2008, 12, 23), dt.date(2008, 12, 29)
        found = access_timeliness_table(
            {
                "service_code": ["19"],
                "requested_at": [moment_text(requested)],
                "appointment_at": [moment_text(appointment)],
                "urgency": [urgency],
            }
        )
        (row,) = found.rows()
        one = access_timeliness(
            "19",
            requested_at=requested,
            appointment_at=appointment,
            urgency=urgency,  # type: ignore[arg-type]
        )
        assert dict(one.subject)["urgency"] == row["urgency"]
        assert (one.outcome.value, str(one.margin)) == (row["outcome"], row["margin"])

    @pytest.mark.parametrize("blank", ["", " ", "\t", "\u00a0"])
    def test_a_blank_urgency_is_refused_by_both(self, blank: str) -> None:
        """A blank urgency is no urgency: refused, as the table rejects the empty cell (a pin)."""
        with pytest.raises(InvalidValueError):
            access_timeliness(
                "19",
                requested_at=dt.date(2008, 12, 23),
                appointment_at=dt.date(2008, 12, 29),
                urgency=blank,  # type: ignore[arg-type]
            )
        found = access_timeliness_table(
            {
                "service_code": ["19"],
                "requested_at": ["2008-12-23"],
                "appointment_at": ["2008-12-29"],
                "urgency": [blank],
            },
            on_error="collect",
        )
        assert found.rejected.to_pylist() == [{"row": 0, "reason": "urgency is null"}]
