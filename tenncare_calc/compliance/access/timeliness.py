"""Time to appointment (Attachment V): whether one appointment met its service's maximum time.

Time standards are measured from the request (or referral) to the appointment:

* **hours**: ``appointment_at - requested_at`` at most the hours given (both must carry a time of
  day); figures are shown in minutes, to 4 decimal places and never rounded onto the line (a
  time not exactly at the limit is shown at least 1/10,000 minute from it), and the time in words
  exactly (:mod:`~tenncare_calc.compliance.findings.durations`), while the outcome is decided on
  the exact times;
* **calendar days**: the appointment date at most N days after the request date (the request day
  is day 0);
* **business days**: the appointment date on or before the N-th business day after the request day
  (ruling D1: Mondays to Fridays less the holidays of a calendar, Tennessee state holidays by
  default); an appointment on a weekend or holiday counts as the next business day.
"""

from __future__ import annotations

__all__ = ["access_timeliness"]

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from tenncare_calc.compliance.access.standards import (
    ATTACHMENT_V,
    TimeLimit,
    TimeUnit,
    service_code_text,
    standards_in_force,
)
from tenncare_calc.compliance.access.variants import (
    ADMISSIONS,
    URGENCIES,
    Admission,
    Urgency,
    choose_limit,
    standard_text,
)
from tenncare_calc.compliance.findings import (
    Finding,
    Outcome,
    duration_text,
    minutes_beside_line,
)
from tenncare_calc.contract.calendar import (
    HolidayCalendar,
    add_business_days,
    business_days_between,
    roll_to_business_day,
)
from tenncare_calc.core.choices import to_choice, to_optional_choice
from tenncare_calc.core.dates import to_date_or_moment
from tenncare_calc.core.errors import InvalidInputError, InvalidTypeError, InvalidValueError

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from tenncare_calc.contract.profile import ContractProfile


def _moment(value: object, field: str) -> dt.datetime | dt.date:
    return to_date_or_moment(value, field=field)


def _day_of(value: dt.datetime | dt.date) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def _calendar_title(holidays: HolidayCalendar | Iterable[dt.date] | None) -> str:
    if holidays is None:
        return "Tennessee state holidays"
    if isinstance(holidays, HolidayCalendar):
        return holidays.title
    return "the caller's holidays"


def access_timeliness(
    service_code: str | int,
    *,
    requested_at: dt.datetime | dt.date,
    appointment_at: dt.datetime | dt.date,
    urgency: Urgency = "routine",
    detoxification: bool = False,
    admission: Admission | None = None,
    holidays: HolidayCalendar | Iterable[dt.date] | None = None,
    profile: ContractProfile | None = None,
) -> Finding:
    """Return whether an appointment met Attachment V's maximum time for its service code.

    Parameters
    ----------
    service_code
        An Attachment V service code (``"19"``, ``"B5"``; an int such as ``19`` is accepted).
        An unknown code raises :class:`~tenncare_calc.core.errors.InvalidInputError`.
    requested_at, appointment_at
        When the appointment was requested (or, for code 41, the referral) and when it took place.
        Dates are enough for day standards; hour standards need datetimes (both naive or both
        time-zone aware).
    urgency
        ``"routine"``, ``"urgent"`` or ``"emergency"``. An emergency falls back to the urgent
        standard and an urgent request to the routine one when the service has no separate
        standard; crisis services (codes 37-39, D8, D9, E1) have no routine standard.
    detoxification
        The request is for detoxification (codes 15, 17, A3, A5, 27, 28, D3, D4).
    admission
        ``"voluntary"`` or ``"involuntary"``: required for psychiatric inpatient hospital services
        (codes 11, 79, 85, A1, H9), whose standard depends on it. None, a missing value or blank
        text is no admission type, as an empty ``admission`` cell is.
    holidays
        The holiday calendar for business days (ruling D1; Tennessee state holidays by default).
    profile
        The contract profile; the version in force on the request date applies.

    Notes
    -----
    ``urgency`` and ``admission`` are read as :func:`access_timeliness_table` reads its columns:
    in any case and with spaces around them (``" Urgent"`` is ``urgent``); the finding names them
    in lower case, and other text is an error answered with the closest option; a value that is
    not text is an :class:`~tenncare_calc.core.errors.InvalidTypeError` (a ``TypeError``), as in
    every check that takes a choice.

    Examples
    --------
    An urgent outpatient appointment requested on Tuesday, December 23, 2008: business day 1 is
    Wednesday 24, Christmas is skipped, day 2 is Friday 26, day 3 is Monday 29.

    >>> finding = access_timeliness("B5", requested_at=dt.date(2008, 12, 23),
    ...     appointment_at=dt.date(2008, 12, 29), urgency="urgent")
    >>> finding.met, finding.margin, finding.unit
    (True, Decimal('0'), 'business days')
    >>> access_timeliness("B5", requested_at=dt.date(2008, 12, 23),
    ...     appointment_at=dt.date(2008, 12, 29), urgency=" URGENT") == finding
    True
    >>> access_timeliness("99", requested_at=dt.date(2008, 1, 2), appointment_at=dt.date(2008, 1, 3))
    Traceback (most recent call last):
    ...
    tenncare_calc.InvalidInputError: service code '99' is not in Attachment V; known codes: 11, 79, 85, A1, H9, 13, 81, 82, A9, H1, H2, 19, B5, 20, B6, 23, 62, B7, C3, 15, 17, A3, A5, 56, F6, 27, 28, D3, D4, 31, 66, 83, C7, D7, G2, G6, K1, 42, 44, 32, 33, 37, 38, 39, D8, D9, E1, 41

    """
    requested = _moment(requested_at, "requested_at")
    appointment = _moment(appointment_at, "appointment_at")
    # read as the table reads its columns: trimmed, any case; an admission not given is none
    urgency_text = to_choice(urgency, URGENCIES, field="urgency")
    admission_text = to_optional_choice(admission, ADMISSIONS, field="admission")
    if not isinstance(detoxification, bool):
        raise InvalidTypeError(
            f"'detoxification' must be True or False (got {detoxification!r})",
            field="detoxification",
            value=detoxification,
        )
    standards, parameter = standards_in_force(profile, _day_of(requested))
    code = service_code_text(service_code)
    service = standards.service(code)
    chosen = choose_limit(
        service, code, urgency_text, detoxification=detoxification, admission=admission_text
    )
    if isinstance(chosen, str):
        raise InvalidInputError(chosen, field="urgency", value=urgency)
    variant, limit = chosen
    subject = [
        ("service_code", code),
        ("service_type", service.label()),
        ("age_group", service.age_group(code)),
        ("urgency", urgency_text),
    ]
    if detoxification:
        subject.append(("detoxification", "yes"))
    if admission_text is not None:
        subject.append(("admission", admission_text))
    if _day_of(appointment) < _day_of(requested) or (
        isinstance(appointment, dt.datetime)
        and isinstance(requested, dt.datetime)
        and _comparable(requested, appointment)
        and appointment < requested
    ):
        raise InvalidValueError(
            f"'appointment_at' ({appointment.isoformat()}) is before 'requested_at' "
            f"({requested.isoformat()})",
            field="appointment_at",
            value=appointment,
        )
    standard = standard_text(variant, limit, service.time.measured_from)
    common = {
        "check": "access.timeliness",
        "standard": standard,
        "sections": (ATTACHMENT_V,),
        "subject": tuple(subject),
        "parameters": (parameter,),
    }
    if limit.unit is TimeUnit.HOURS:
        return _hours_finding(requested, appointment, limit, common)
    request_day, appointment_day = _day_of(requested), _day_of(appointment)
    if limit.unit is TimeUnit.CALENDAR_DAYS:
        deadline = request_day + dt.timedelta(days=limit.amount)
        measured = (appointment_day - request_day).days
        steps = (
            (
                f"requested {requested.isoformat()}; deadline {deadline.isoformat()} "
                f"({limit.amount} calendar days after the request day)"
            ),
            f"appointment {appointment.isoformat()}",
        )
    else:
        deadline = add_business_days(request_day, limit.amount, holidays=holidays)
        counted = roll_to_business_day(appointment_day, holidays=holidays)
        measured = business_days_between(request_day, counted, holidays=holidays)
        rolled = (
            f" (not a business day: counted as {counted.isoformat()})"
            if counted != appointment_day
            else ""
        )
        steps = (
            (
                f"requested {requested.isoformat()}; deadline {deadline:%A} {deadline.isoformat()} "
                f"(business day {limit.amount} after the request day; holidays: "
                f"{_calendar_title(holidays)})"
            ),
            f"appointment {appointment.isoformat()}{rolled}: business day {measured}",
        )
    threshold = limit.threshold  # in days, the one line the table check evaluates too
    return Finding(
        outcome=Outcome.MET if threshold.met(measured) else Outcome.NOT_MET,
        measured=Decimal(measured),
        limit=Decimal(threshold.limit),
        margin=Decimal(threshold.margin(measured)),
        unit=threshold.unit,
        steps=steps,
        **common,  # type: ignore[arg-type]
    )


def _comparable(first: dt.datetime, second: dt.datetime) -> bool:
    if (first.tzinfo is None) != (second.tzinfo is None):
        raise InvalidTypeError(
            "'requested_at' and 'appointment_at' must both be naive (local time) or both be "
            f"time-zone aware (got {first.isoformat()} and {second.isoformat()})",
            field="appointment_at",
            value=second,
        )
    return True


def _hours_finding(
    requested: dt.datetime | dt.date,
    appointment: dt.datetime | dt.date,
    limit: TimeLimit,
    common: Mapping[str, Any],
) -> Finding:
    for value, field in ((requested, "requested_at"), (appointment, "appointment_at")):
        if not isinstance(value, dt.datetime):
            raise InvalidTypeError(
                f"{field!r} must be a datetime with a time of day: the standard is "
                f"{limit.describe()} (got the date {value.isoformat()})",
                field=field,
                value=value,
            )
    assert isinstance(requested, dt.datetime)  # noqa: S101 - checked just above
    assert isinstance(appointment, dt.datetime)  # noqa: S101 - checked just above
    _comparable(requested, appointment)
    elapsed = appointment - requested
    micros = (elapsed.days * 86_400 + elapsed.seconds) * 1_000_000 + elapsed.microseconds
    threshold = limit.threshold  # in microseconds, the one line the table check evaluates too
    deadline = requested + dt.timedelta(hours=limit.amount)
    return Finding(
        outcome=Outcome.MET if threshold.met(micros) else Outcome.NOT_MET,
        measured=minutes_beside_line(micros, line=int(threshold.limit)),
        limit=Decimal(limit.minutes),
        margin=minutes_beside_line(int(threshold.margin(micros))),
        unit="minutes",
        steps=(
            (
                f"requested {requested.isoformat()}; deadline {deadline.isoformat()} "
                f"({limit.describe()} later)"
            ),
            f"appointment {appointment.isoformat()}: {duration_text(micros)} after the request",
        ),
        **common,
    )
