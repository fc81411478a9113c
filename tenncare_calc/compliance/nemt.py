"""Non-emergency medical transportation: the benefit (§2.6.1.2, §2.7.5.4.6) and Attachment XI.

Each check returns a :class:`~tenncare_calc.compliance.findings.Finding` citing its clause; the thresholds are
profile parameters (``nemt.*``). Attachment XI's operating standards are in force from
2008-09-01 in the shipped profile (A.2.1: every NEMT requirement implemented "by September 1,
2008").

* :func:`request_lead_time` - A.3.2: requests should come 72 hours ahead; later requests must still
  be accommodated when at least 3 hours (urban pick-up) or 4 hours (non-urban) remain; urgent trips,
  provider-initiated scheduling changes and follow-ups that cannot be scheduled ahead are exempt.
* :func:`decision_time` - A.5.1.3: approve and schedule, or deny, all legs within 24 hours of the
  request, and in time for the member to get to the appointment.
* :func:`fixed_route_appropriateness` - A.4.3.2.4-5: walk at most 1/4 mile to or from a stop, at
  most one transfer per leg, at most 60 minutes added over direct transportation, arrival at most
  60 minutes early, a wait of at most 60 minutes after the appointment, and never against a
  physician's written statement.
* :func:`multi_passenger_ride_time` - A.5.2.2: at most one hour longer than the direct trip.
* :func:`trip_manifest` - A.5.5.1: the manifest reaches the NEMT provider by its close of business
  the day before the trip.
* :func:`escort_coverage` and :func:`meals_and_lodging` - §2.6.1.2, §2.7.5.4.6.1.

>>> finding = decision_time(requested_at=dt.datetime(2008, 10, 6, 9, 0),
...     decided_at=dt.datetime(2008, 10, 7, 9, 30), pickup_at=dt.datetime(2008, 10, 9, 8, 0))
>>> finding.outcome.value, finding.margin, finding.unit
('not_met', Decimal('-30'), 'minutes')

Exhibit F (the NEMT liquidated damages) is not in the source: price findings with your own amounts
through :func:`tenncare_calc.compliance.findings.price_findings`.
"""

from __future__ import annotations

__all__ = [
    "Exemption",
    "TransportMode",
    "decision_time",
    "decision_time_table",
    "escort_coverage",
    "fixed_route_appropriateness",
    "meals_and_lodging",
    "multi_passenger_ride_time",
    "request_lead_time",
    "request_lead_time_table",
    "trip_manifest",
    "trip_manifest_table",
]

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal, get_args

from tenncare_calc.compliance.findings import (
    Finding,
    FindingsTable,
    Outcome,
    findings_from_columns,
    minutes_from_micros,
    read_with_carried,
)
from tenncare_calc.core.errors import InvalidTypeError, InvalidValueError
from tenncare_calc.core.values import format_decimal, to_count, to_date, to_decimal

if TYPE_CHECKING:
    from collections.abc import Sequence

    from tenncare_calc.columnar import OnError, TableInput
    from tenncare_calc.contract.parameters import ParameterValue
    from tenncare_calc.contract.profile import ContractProfile

#: Why a request is exempt from the 72-hour timeframe (A.3.2): an urgent trip (A.5.7), a
#: scheduling change initiated by the provider, or a follow-up appointment whose timeframe does
#: not allow advance scheduling.
Exemption = Literal["urgent", "provider_change", "follow_up"]
#: How a trip is made. Separate payment for an escort or accompanying adult is allowed only for
#: fixed route and commercial carrier transport (§2.6.1.2).
TransportMode = Literal["nemt_provider", "fixed_route", "commercial_carrier"]

EXEMPTIONS: tuple[str, ...] = get_args(Exemption)
MODES: tuple[str, ...] = get_args(TransportMode)

_MICROS_PER_MINUTE = 60_000_000
_A32 = "Attachment XI A.3.2"
_A513 = "Attachment XI A.5.1.3"


def _profile(profile: ContractProfile | None) -> ContractProfile:
    from tenncare_calc.contract.loader import default_profile  # noqa: PLC0415 - avoids an import cycle

    return default_profile() if profile is None else profile


def _datetime(value: object, field: str) -> dt.datetime:
    if not isinstance(value, dt.datetime):
        raise InvalidTypeError(
            f"{field!r} must be a datetime.datetime with a time of day (got {value!r})",
            field=field,
            value=value,
        )
    return value


def _same_kind(first: dt.datetime, second: dt.datetime, field: str) -> None:
    if (first.tzinfo is None) != (second.tzinfo is None):
        raise InvalidTypeError(
            f"{field!r} must be naive (local time) or time-zone aware like the other times "
            f"(got {second.isoformat()} with {first.isoformat()})",
            field=field,
            value=second,
        )


def _flag(value: object, field: str) -> bool:
    if not isinstance(value, bool):
        raise InvalidTypeError(
            f"{field!r} must be True or False (got {value!r})", field=field, value=value
        )
    return value


def _micros(delta: dt.timedelta) -> int:
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def _minutes(micros: int) -> Decimal:
    return minutes_from_micros(micros)


def _duration(micros: int) -> str:
    sign = "-" if micros < 0 else ""
    seconds = abs(micros) // 1_000_000
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    text = f"{hours} h {minutes:02d} min"
    return f"{sign}{text} {seconds:02d} s" if seconds else f"{sign}{text}"


def _minutes_value(value: object, field: str) -> Decimal:
    number = to_decimal(value, field=field)
    if number < 0:
        raise InvalidValueError(
            f"{field!r} must be >= 0 (got {number!r})", field=field, value=number
        )
    return number


def _shown(number: Decimal) -> str:
    return format_decimal(number, grouping=False)


def _parameter(
    profile: ContractProfile | None, name: str, on: dt.date | None
) -> tuple[Any, ParameterValue]:
    found = _profile(profile).get(name, on=on)
    return found.value, found


# --------------------------------------------------------------------------------------------------
# Requesting and deciding (A.3.2, A.5.1.3)


def request_lead_time(
    *,
    requested_at: dt.datetime,
    pickup_at: dt.datetime,
    urban: bool,
    accommodated: bool,
    exemption: Exemption | None = None,
    profile: ContractProfile | None = None,
) -> Finding:
    """Return whether a NEMT request was handled as A.3.2 requires, given how early it came.

    A.3.2 asks members to request transportation at least 72 hours before it is needed; the
    contractor **shall accommodate** requests made at least 3 hours ahead (urban pick-up address)
    or 4 hours ahead (non-urban). So:

    * at least the short-notice hours ahead: the request must be accommodated (``met`` exactly
      when ``accommodated``); a request under 72 hours also calls for member education (A.3.2,
      A.10), shown in ``subject`` as ``advance_request = no``;
    * less than the short-notice hours ahead, not exempt: A.3.2 does not require accommodation
      (``not_applicable``);
    * less than the short-notice hours ahead and exempt (urgent trip, provider-initiated change,
      follow-up that could not be scheduled ahead): the 72-hour timeframe does not apply and the
      source sets no other minimum here (urgent trips are governed by A.5.7, not in the source):
      ``not_assessed``.

    ``pickup_at`` is when the NEMT service is needed (the scheduled pick-up). Figures are minutes
    of lead time against the short-notice limit.

    >>> finding = request_lead_time(requested_at=dt.datetime(2008, 10, 6, 9, 0),
    ...     pickup_at=dt.datetime(2008, 10, 6, 12, 0), urban=True, accommodated=False)
    >>> finding.outcome.value, finding.margin, dict(finding.subject)["advance_request"]
    ('not_met', Decimal('0'), 'no')
    """
    requested = _datetime(requested_at, "requested_at")
    pickup = _datetime(pickup_at, "pickup_at")
    _same_kind(requested, pickup, "pickup_at")
    is_urban = _flag(urban, "urban")
    was_accommodated = _flag(accommodated, "accommodated")
    if exemption is not None and exemption not in EXEMPTIONS:
        raise InvalidValueError(
            f"'exemption' must be one of {list(EXEMPTIONS)} or None (got {exemption!r})",
            field="exemption",
            value=exemption,
        )
    if pickup < requested:
        raise InvalidValueError(
            f"'pickup_at' ({pickup.isoformat()}) is before 'requested_at' "
            f"({requested.isoformat()})",
            field="pickup_at",
            value=pickup,
        )
    on = requested.date()
    advance_hours, advance = _parameter(profile, "nemt.request_lead_time_hours", on)
    name = "nemt.short_notice_hours_urban" if is_urban else "nemt.short_notice_hours_non_urban"
    short_hours, short = _parameter(profile, name, on)
    lead = _micros(pickup - requested)
    limit = short_hours * 60 * _MICROS_PER_MINUTE
    in_advance = lead >= advance_hours * 60 * _MICROS_PER_MINUTE
    area = "urban" if is_urban else "non-urban"
    subject = (
        ("pickup_area", area),
        ("advance_request", "yes" if in_advance else "no"),
        ("exemption", exemption or "none"),
        ("accommodated", "yes" if was_accommodated else "no"),
    )
    steps = [
        (
            f"requested {requested.isoformat()}; pick-up {pickup.isoformat()}: lead time "
            f"{_duration(lead)}"
        ),
        f"{advance_hours}-hour advance request: {'yes' if in_advance else 'no'}"
        + (
            ""
            if in_advance or exemption is not None
            else " (A.3.2: the member receives additional education, A.10)"
        ),
    ]
    note = None
    if lead >= limit:
        outcome = Outcome.MET if was_accommodated else Outcome.NOT_MET
    elif exemption is None:
        outcome = Outcome.NOT_APPLICABLE
        note = (
            f"requested less than {short_hours} hours before the pick-up ({area}); A.3.2 does not "
            "require the contractor to accommodate it"
        )
    else:
        outcome = Outcome.NOT_ASSESSED
        note = (
            f"exempt ({exemption}) from the {advance_hours}-hour timeframe and requested less than "
            f"{short_hours} hours ahead; the source sets no minimum for it here "
            "(urgent trips: A.5.7, not in the source)"
        )
    return Finding(
        check="nemt.request_lead_time",
        outcome=outcome,
        standard=(
            f"requests made at least {short_hours} hours before the pick-up ({area}) are "
            "accommodated"
        ),
        sections=(_A32,),
        measured=_minutes(lead),
        limit=Decimal(short_hours * 60),
        margin=_minutes(lead - limit),
        unit="minutes",
        subject=subject,
        steps=tuple(steps),
        note=note,
        parameters=(advance, short),
    )


def decision_time(
    *,
    requested_at: dt.datetime,
    decided_at: dt.datetime,
    pickup_at: dt.datetime | None = None,
    profile: ContractProfile | None = None,
) -> Finding:
    """Return whether a NEMT request was decided in time (Attachment XI A.5.1.3).

    The contractor approves and schedules, or denies, a request (all legs of the trip) within 24
    hours of receiving it; "this timeframe shall be reduced as necessary to ensure the member
    arrives in time": the deadline is the earlier of ``requested_at + 24 hours`` and the scheduled
    ``pickup_at``. ``decided_at`` is when the last leg was scheduled or the request denied. A
    decision exactly at the deadline is in time.

    >>> decision_time(requested_at=dt.datetime(2008, 10, 6, 9, 0),
    ...     decided_at=dt.datetime(2008, 10, 7, 9, 0)).met
    True
    >>> decision_time(requested_at=dt.datetime(2008, 10, 6, 9, 0),
    ...     decided_at=dt.datetime(2008, 10, 6, 11, 0), pickup_at=dt.datetime(2008, 10, 6, 10, 0)).met
    False
    """
    requested = _datetime(requested_at, "requested_at")
    decided = _datetime(decided_at, "decided_at")
    _same_kind(requested, decided, "decided_at")
    if decided < requested:
        raise InvalidValueError(
            f"'decided_at' ({decided.isoformat()}) is before 'requested_at' "
            f"({requested.isoformat()})",
            field="decided_at",
            value=decided,
        )
    pickup = None
    if pickup_at is not None:
        pickup = _datetime(pickup_at, "pickup_at")
        _same_kind(requested, pickup, "pickup_at")
        if pickup < requested:
            raise InvalidValueError(
                f"'pickup_at' ({pickup.isoformat()}) is before 'requested_at' "
                f"({requested.isoformat()})",
                field="pickup_at",
                value=pickup,
            )
    hours, parameter = _parameter(profile, "nemt.decision_hours", requested.date())
    full = requested + dt.timedelta(hours=hours)
    deadline = full if pickup is None or full <= pickup else pickup
    elapsed = _micros(decided - requested)
    allowed = _micros(deadline - requested)
    steps = [
        f"requested {requested.isoformat()}; {hours} hours later: {full.isoformat()}",
    ]
    if pickup is None:
        note = "no pick-up time given: only the 24-hour limit was checked"
    else:
        note = None
        steps.append(
            f"pick-up {pickup.isoformat()}: deadline is the earlier, {deadline.isoformat()}"
        )
    steps.append(f"decided {decided.isoformat()}: {_duration(elapsed)} after the request")
    return Finding(
        check="nemt.decision_time",
        outcome=Outcome.MET if elapsed <= allowed else Outcome.NOT_MET,
        standard=(
            f"approved and scheduled, or denied, within {hours} hours of the request and before "
            "the pick-up"
        ),
        sections=(_A513,),
        measured=_minutes(elapsed),
        limit=_minutes(allowed),
        margin=_minutes(allowed - elapsed),
        unit="minutes",
        steps=tuple(steps),
        note=note,
        parameters=(parameter,),
    )


# --------------------------------------------------------------------------------------------------
# Fixed route and multi-passenger trips (A.4.3.2, A.5.2.2)


def _upper(
    check: str,
    *,
    measured: Decimal,
    limit: Decimal,
    unit: str,
    standard: str,
    section: str,
    parameter: ParameterValue,
    steps: tuple[str, ...] = (),
) -> Finding:
    return Finding(
        check=check,
        outcome=Outcome.MET if measured <= limit else Outcome.NOT_MET,
        standard=standard,
        sections=(section,),
        measured=measured,
        limit=limit,
        margin=limit - measured,
        unit=unit,
        steps=steps,
        parameters=(parameter,),
    )


def fixed_route_appropriateness(
    *,
    walk_to_stop_miles: object,
    walk_from_stop_miles: object,
    transfers: int,
    fixed_route_minutes: object,
    direct_minutes: object,
    minutes_early: object | None = None,
    minutes_waiting: object | None = None,
    physician_statement: bool = False,
    on: dt.date | None = None,
    profile: ContractProfile | None = None,
) -> Finding:
    """Return whether fixed route passes the measurable tests of A.4.3.2.4 and A.4.3.2.5, per leg.

    Parts (each a finding; the whole is ``not_met`` when any part is):

    * the walk to the first stop and from the last stop, each at most 1/4 mile (A.4.3.2.4.1);
    * at most one change of bus or trolley on the leg (A.4.3.2.4.2);
    * fixed route travel time at most 60 minutes more than direct transportation from pick-up to
      drop-off (A.4.3.2.4.3);
    * going to the appointment: arrival at most 60 minutes before it (``minutes_early``; a negative
      value, arriving after the appointment time, fails) (A.4.3.2.4.4);
    * the return: a wait at the pick-up location of at most 60 minutes after the estimated end of
      the appointment (``minutes_waiting``) (A.4.3.2.4.4);
    * no physician's written statement that the member cannot use fixed route (A.4.3.2.5).

    A test whose input is omitted (``minutes_early`` on a return leg) is ``not_applicable``. The
    judgements of A.4.3.2.4.5-6 (disabilities, accessibility and safety of the stops) are the
    contractor's and are not made here.

    >>> finding = fixed_route_appropriateness(walk_to_stop_miles="0.25", walk_from_stop_miles="0.1",
    ...     transfers=2, fixed_route_minutes=80, direct_minutes=25, minutes_early=30,
    ...     on=dt.date(2008, 10, 1))
    >>> finding.outcome.value, [part.outcome.value for part in finding.parts]
    ('not_met', ['met', 'not_met', 'met', 'met', 'not_applicable', 'met'])
    """
    walk_to = _minutes_value(walk_to_stop_miles, "walk_to_stop_miles")
    walk_from = _minutes_value(walk_from_stop_miles, "walk_from_stop_miles")
    changes = to_count(transfers, field="transfers")
    fixed = _minutes_value(fixed_route_minutes, "fixed_route_minutes")
    direct = _minutes_value(direct_minutes, "direct_minutes")
    early = None if minutes_early is None else to_decimal(minutes_early, field="minutes_early")
    waiting = (
        None if minutes_waiting is None else _minutes_value(minutes_waiting, "minutes_waiting")
    )
    statement = _flag(physician_statement, "physician_statement")
    walk_limit, walk = _parameter(profile, "nemt.fixed_route_walk_miles", on)
    transfer_limit, transfer = _parameter(profile, "nemt.fixed_route_transfers_per_leg", on)
    added_limit, added = _parameter(profile, "nemt.fixed_route_added_minutes", on)
    early_limit, early_parameter = _parameter(profile, "nemt.fixed_route_early_arrival_minutes", on)
    wait_limit, wait_parameter = _parameter(profile, "nemt.fixed_route_return_wait_minutes", on)
    longest = max(walk_to, walk_from)
    parts = [
        _upper(
            "nemt.fixed_route.walk_distance",
            measured=longest,
            limit=walk_limit,
            unit="miles",
            standard=f"walk at most {_shown(walk_limit)} mile to or from a stop",
            section="Attachment XI A.4.3.2.4.1",
            parameter=walk,
            steps=(f"walk to the stop {_shown(walk_to)} mi, from the stop {_shown(walk_from)} mi",),
        ),
        _upper(
            "nemt.fixed_route.transfers",
            measured=Decimal(changes),
            limit=Decimal(transfer_limit),
            unit="transfers",
            standard=f"at most {transfer_limit} change of bus or trolley on the leg",
            section="Attachment XI A.4.3.2.4.2",
            parameter=transfer,
        ),
        _upper(
            "nemt.fixed_route.added_travel_time",
            measured=fixed - direct,
            limit=Decimal(added_limit),
            unit="minutes",
            standard=f"at most {added_limit} minutes more than direct transportation",
            section="Attachment XI A.4.3.2.4.3",
            parameter=added,
            steps=(f"fixed route {_shown(fixed)} min - direct {_shown(direct)} min",),
        ),
    ]
    early_standard = f"arrive at most {early_limit} minutes before the appointment"
    if early is None:
        parts.append(_not_applicable("nemt.fixed_route.early_arrival", early_standard))
    elif early < 0:
        parts.append(
            Finding(
                check="nemt.fixed_route.early_arrival",
                outcome=Outcome.NOT_MET,
                standard=early_standard,
                sections=("Attachment XI A.4.3.2.4.4",),
                note=f"arrives {_shown(-early)} minutes after the appointment time",
                parameters=(early_parameter,),
            )
        )
    else:
        parts.append(
            _upper(
                "nemt.fixed_route.early_arrival",
                measured=early,
                limit=Decimal(early_limit),
                unit="minutes",
                standard=early_standard,
                section="Attachment XI A.4.3.2.4.4",
                parameter=early_parameter,
            )
        )
    wait_standard = f"wait at most {wait_limit} minutes after the appointment's estimated end"
    if waiting is None:
        parts.append(_not_applicable("nemt.fixed_route.return_wait", wait_standard))
    else:
        parts.append(
            _upper(
                "nemt.fixed_route.return_wait",
                measured=waiting,
                limit=Decimal(wait_limit),
                unit="minutes",
                standard=wait_standard,
                section="Attachment XI A.4.3.2.4.4",
                parameter=wait_parameter,
            )
        )
    parts.append(
        Finding(
            check="nemt.fixed_route.physician_statement",
            outcome=Outcome.NOT_MET if statement else Outcome.MET,
            standard="no physician's written statement that the member cannot use fixed route",
            sections=("Attachment XI A.4.3.2.5",),
            note="a physician has stated in writing that the member cannot use fixed route"
            if statement
            else None,
        )
    )
    failed = any(part.outcome is Outcome.NOT_MET for part in parts)
    return Finding(
        check="nemt.fixed_route",
        outcome=Outcome.NOT_MET if failed else Outcome.MET,
        standard="fixed route is appropriate only when every measurable test is met",
        sections=("Attachment XI A.4.3.2.4", "Attachment XI A.4.3.2.5"),
        note="A.4.3.2.4.5-6 (disabilities; accessibility and safety of the stops) are not judged",
        parts=tuple(parts),
    )


def _not_applicable(check: str, standard: str) -> Finding:
    return Finding(
        check=check,
        outcome=Outcome.NOT_APPLICABLE,
        standard=standard,
        sections=("Attachment XI A.4.3.2.4.4",),
        note="not given for this leg",
    )


def multi_passenger_ride_time(
    *,
    ride_minutes: object,
    direct_minutes: object,
    on: dt.date | None = None,
    profile: ContractProfile | None = None,
) -> Finding:
    """Return whether a multi-passenger trip leg kept a member in the vehicle too long (A.5.2.2).

    The member may not remain in the vehicle more than one hour longer than the average travel
    time for direct transportation of that member: ``ride_minutes - direct_minutes <= 60``.

    >>> multi_passenger_ride_time(ride_minutes=95, direct_minutes=35, on=dt.date(2008, 10, 1)).met
    True
    >>> multi_passenger_ride_time(ride_minutes="95.5", direct_minutes=35, on=dt.date(2008, 10, 1)).margin
    Decimal('-0.5')
    """
    ride = _minutes_value(ride_minutes, "ride_minutes")
    direct = _minutes_value(direct_minutes, "direct_minutes")
    limit, parameter = _parameter(profile, "nemt.multi_passenger_added_minutes", on)
    return _upper(
        "nemt.multi_passenger_ride",
        measured=ride - direct,
        limit=Decimal(limit),
        unit="minutes",
        standard=f"at most {limit} minutes longer than the direct trip",
        section="Attachment XI A.5.2.2",
        parameter=parameter,
        steps=(f"ride {_shown(ride)} min - direct {_shown(direct)} min",),
    )


def trip_manifest(
    *,
    sent_at: dt.datetime,
    service_date: dt.date,
    close_of_business: dt.time,
    profile: ContractProfile | None = None,
) -> Finding:
    """Return whether a trip manifest reached the NEMT provider in time (Attachment XI A.5.5.1).

    The deadline is the provider's ``close_of_business`` on the calendar day before
    ``service_date`` (weekends and holidays included: the clause says "the day before", not the
    business day before). The close of business is the provider's own, so the caller supplies it.
    A time-zone-aware ``sent_at`` puts the deadline in the same zone.

    >>> trip_manifest(sent_at=dt.datetime(2008, 10, 5, 17, 0), service_date=dt.date(2008, 10, 6),
    ...     close_of_business=dt.time(17, 0)).met
    True
    """
    sent = _datetime(sent_at, "sent_at")
    to_date(service_date, field="service_date")
    if not isinstance(close_of_business, dt.time):
        raise InvalidTypeError(
            f"'close_of_business' must be a datetime.time such as time(17, 0) "
            f"(got {close_of_business!r})",
            field="close_of_business",
            value=close_of_business,
        )
    days_before, parameter = _parameter(profile, "nemt.manifest_days_before", service_date)
    day_before = service_date - dt.timedelta(days=days_before)
    deadline = dt.datetime.combine(day_before, close_of_business.replace(tzinfo=None)).replace(
        tzinfo=sent.tzinfo
    )
    margin = _micros(deadline - sent)
    return Finding(
        check="nemt.trip_manifest",
        outcome=Outcome.MET if margin >= 0 else Outcome.NOT_MET,
        standard="trip manifest to the NEMT provider by its close of business the day before",
        sections=("Attachment XI A.5.5.1",),
        margin=_minutes(margin),
        measured=None,
        unit="minutes",
        steps=(
            (
                f"service date {service_date.isoformat()}; deadline {deadline.isoformat()} "
                f"(close of business {close_of_business.strftime('%H:%M')} on {day_before:%A})"
            ),
            f"sent {sent.isoformat()}: "
            + (
                f"{_duration(margin)} before the deadline"
                if margin >= 0
                else f"{_duration(-margin)} late"
            ),
        ),
        parameters=(parameter,),
    )


# --------------------------------------------------------------------------------------------------
# Escorts, accompanying adults, meals and lodging (§2.6.1.2, §2.7.5.4.6.1)


def escort_coverage(
    *,
    member_age: int,
    escorts: int,
    accompanying_adult: bool = False,
    mode: TransportMode = "nemt_provider",
    separate_payment: bool = False,
    on: dt.date | None = None,
    profile: ContractProfile | None = None,
) -> Finding:
    """Return whether a trip's escorts and accompanying adult fit the NEMT benefit (§2.6.1.2).

    Parts:

    * at most one escort per member;
    * an accompanying adult is a covered NEMT service only for a member under 18 (an adult member's
      companion counts as an escort instead, so it is judged by the escort limit);
    * no separate or additional payment to a NEMT provider for an escort or accompanying adult,
      except for fixed route and commercial carrier transport.

    >>> escort_coverage(member_age=12, escorts=1, accompanying_adult=True).met
    True
    >>> escort_coverage(member_age=30, escorts=1, accompanying_adult=True).met
    False
    """
    age = to_count(member_age, field="member_age")
    count = to_count(escorts, field="escorts")
    adult = _flag(accompanying_adult, "accompanying_adult")
    paid = _flag(separate_payment, "separate_payment")
    if mode not in MODES:
        raise InvalidValueError(
            f"'mode' must be one of {list(MODES)} (got {mode!r})", field="mode", value=mode
        )
    allowed, escorts_parameter = _parameter(profile, "nemt.escorts_per_member", on)
    under, under_parameter = _parameter(profile, "nemt.accompanying_adult_under_age", on)
    minor = age < under
    companions = count + (1 if adult and not minor else 0)
    parts = [
        _upper(
            "nemt.escorts",
            measured=Decimal(companions),
            limit=Decimal(allowed),
            unit="escorts",
            standard=f"at most {allowed} escort per member",
            section="2.6.1.2",
            parameter=escorts_parameter,
            steps=(
                f"escorts {count}"
                + (" + the accompanying adult of an adult member" if adult and not minor else ""),
            ),
        ),
        Finding(
            check="nemt.escorts",
            outcome=(
                Outcome.NOT_APPLICABLE if not adult else Outcome.MET if minor else Outcome.NOT_MET
            ),
            standard=f"an accompanying adult is covered for a member under age {under}",
            sections=("2.6.1.2",),
            subject=(("member_age", str(age)),),
            note=None if adult else "no accompanying adult",
            parameters=(under_parameter,),
        ),
    ]
    exempt_mode = mode in ("fixed_route", "commercial_carrier")
    parts.append(
        Finding(
            check="nemt.escorts",
            outcome=Outcome.NOT_MET if paid and not exempt_mode else Outcome.MET,
            standard=(
                "no separate or additional payment to a NEMT provider for an escort or "
                "accompanying adult (except fixed route and commercial carrier transport)"
            ),
            sections=("2.6.1.2",),
            subject=(("mode", mode), ("separate_payment", "yes" if paid else "no")),
        )
    )
    failed = any(part.outcome is Outcome.NOT_MET for part in parts)
    return Finding(
        check="nemt.escorts",
        outcome=Outcome.NOT_MET if failed else Outcome.MET,
        standard="escorts and accompanying adults within the NEMT benefit",
        sections=("2.6.1.2",),
        subject=(("member_age", str(age)), ("escorts", str(count)), ("mode", mode)),
        parts=tuple(parts),
    )


def meals_and_lodging(
    *,
    member_age: int,
    completed_in_one_day: bool,
    provided: bool,
    on: dt.date | None = None,
    profile: ContractProfile | None = None,
) -> Finding:
    """Return whether meals and lodging were provided as §2.7.5.4.6.1 requires for a child's trip.

    For a child (a member under 21 in TENNderCare, §2.7.5.4.6.2) the contractor provides
    transportation assistance including the cost of meals and lodging en route, but "only ... when
    transportation for a TennCare covered service cannot be completed in one (1) day and would
    require an overnight stay". So for a child: required (and ``met`` only if ``provided``) when
    the trip cannot be completed in one day; not allowed (``not_met`` if ``provided``) when it can.
    For an adult member the section does not apply (``not_applicable``).

    >>> meals_and_lodging(member_age=9, completed_in_one_day=False, provided=True).met
    True
    >>> meals_and_lodging(member_age=9, completed_in_one_day=True, provided=True).met
    False
    """
    age = to_count(member_age, field="member_age")
    one_day = _flag(completed_in_one_day, "completed_in_one_day")
    was_provided = _flag(provided, "provided")
    under, parameter = _parameter(profile, "nemt.child_under_age", on)
    subject = (
        ("member_age", str(age)),
        ("completed_in_one_day", "yes" if one_day else "no"),
        ("provided", "yes" if was_provided else "no"),
    )
    standard = "meals and lodging only when the trip cannot be completed in one day"
    if age >= under:
        return Finding(
            check="nemt.meals_lodging",
            outcome=Outcome.NOT_APPLICABLE,
            standard=standard,
            sections=("2.7.5.4.6.1",),
            subject=subject,
            note=f"§2.7.5.4.6.1 covers children (members under {under})",
            parameters=(parameter,),
        )
    required = not one_day
    return Finding(
        check="nemt.meals_lodging",
        outcome=Outcome.MET if was_provided == required else Outcome.NOT_MET,
        standard=standard,
        sections=("2.7.5.4.6.1",),
        subject=subject,
        note=(
            "overnight stay needed: meals and lodging are part of the transportation assistance"
            if required
            else "completed in one day: no reimbursement for meals or lodging"
        ),
        parameters=(parameter,),
    )


# --------------------------------------------------------------------------------------------------
# Over tables of trips (columnar; each row's figures equal the scalar check's)


def _np() -> Any:  # noqa: ANN401 - the numpy module
    from tenncare_calc.core.errors import require  # noqa: PLC0415 - optional dependency

    return require("numpy", extra="data", purpose="checking NEMT trips over a table")


def _pa() -> Any:  # noqa: ANN401 - the pyarrow module
    from tenncare_calc.core.errors import require  # noqa: PLC0415 - optional dependency

    return require("pyarrow", extra="data", purpose="checking NEMT trips over a table")


def _timed(table: TableInput, column: str, timed: Any) -> TableInput:  # noqa: ANN401 - numpy bool
    return table.reject(~timed, f"{column} {{{column}!s}} has no time of day")


def _per_row(
    table: TableInput,
    profile: ContractProfile,
    name: str,
    *,
    days: Any,  # noqa: ANN401 - numpy int64 array
    column: str,
) -> tuple[TableInput, Any, list[ParameterValue]]:
    """Return each row's value of an integer parameter (by the row's day), and the versions."""
    from tenncare_calc import columnar as cols  # noqa: PLC0415 - needs the data extra

    np = _np()
    table, index, versions = cols.parameter_versions(table, profile, name, days=days, column=column)
    values = np.array([version.value for version in versions], dtype=np.int64)[index]
    return table, values, versions


def _texts_by(keys: Any, make: Any) -> Any:  # noqa: ANN401 - numpy int64 array and a callable
    """Return a text column of ``make(key)`` for each row's key, made once per distinct key."""
    from tenncare_calc import columnar as cols  # noqa: PLC0415 - needs the data extra

    if not len(keys):
        return cols.repeated_text("", 0)
    low, high = int(keys.min()), int(keys.max())
    if low == high:
        return cols.repeated_text(make(low), len(keys))
    group, row = cols.groups((keys - low, high - low + 1))
    return cols.text_column(group, [make(key) for key in keys[row].tolist()])


def request_lead_time_table(
    trips: object,
    *,
    profile: ContractProfile | None = None,
    on_error: OnError = "raise",
    carry: str | Sequence[str] = (),
) -> FindingsTable:
    """Return a findings table of :func:`request_lead_time` over trip rows (Attachment XI A.3.2).

    Columns: ``requested_at`` and ``pickup_at`` (timestamps or ``YYYY-MM-DD HH:MM`` text, with a
    time of day), ``urban`` and ``accommodated`` (yes/no), optionally ``exemption`` (urgent /
    provider_change / follow_up; empty for none). Rows that cannot be checked are rejected with
    their reason (raised, or in ``.rejected`` with ``on_error="collect"``).

    Examples
    --------
    >>> findings = request_lead_time_table({"requested_at": ["2008-10-06 09:30", "2008-10-06 11:00"],
    ...     "pickup_at": ["2008-10-06 13:00", "2008-10-06 13:00"], "urban": [True, True],
    ...     "accommodated": [False, False]})
    >>> [(r["outcome"], r["margin"], r["advance_request"]) for r in findings.rows()]
    [('not_met', '30', False), ('not_applicable', '-60', False)]
    """
    from tenncare_calc import columnar as cols  # noqa: PLC0415 - needs the data extra
    from tenncare_calc.columnar import (  # noqa: PLC0415 - needs the data extra
        Column,
        ColumnKind,
        check_on_error,
    )

    np, pa = _np(), _pa()
    mode = check_on_error(on_error)
    inputs = [
        Column("requested_at", ColumnKind.LABEL),
        Column("pickup_at", ColumnKind.LABEL),
        Column("urban", ColumnKind.LABEL),
        Column("accommodated", ColumnKind.LABEL),
        Column("exemption", ColumnKind.LABEL, required=False, nullable=True),
    ]
    table = read_with_carried(trips, inputs, name="trips", carry=carry)
    table, requested, requested_timed = cols.moments(table, "requested_at")
    table, pickup, pickup_timed = cols.moments(table, "pickup_at")
    table = _timed(_timed(table, "requested_at", requested_timed), "pickup_at", pickup_timed)
    table, urban = cols.flags(table, "urban")
    table, accommodated = cols.flags(table, "accommodated")
    table, exemption = cols.choice_categories(table, "exemption", EXEMPTIONS, nullable=True)
    table = table.reject(
        pickup < requested, "pickup_at {pickup_at!s} is before requested_at {requested_at!s}"
    )
    days = np.floor_divide(requested, cols.MICROS_PER_DAY)
    resolved = _profile(profile)
    table, advance, advance_versions = _per_row(
        table, resolved, "nemt.request_lead_time_hours", days=days, column="requested_at"
    )
    table, short_urban, urban_versions = _per_row(
        table, resolved, "nemt.short_notice_hours_urban", days=days, column="requested_at"
    )
    table, short_other, other_versions = _per_row(
        table, resolved, "nemt.short_notice_hours_non_urban", days=days, column="requested_at"
    )
    checked = table.check(on_error=mode)
    keep = cols.kept_rows(checked)
    is_urban = urban[keep]
    hours = np.where(is_urban, short_urban[keep], short_other[keep])
    lead = (pickup - requested)[keep]
    limit = hours * 60 * _MICROS_PER_MINUTE
    exempt = exemption.rows_where([value is not None for value in exemption.values()])[keep]
    judged = lead >= limit
    # met 0, not met 1 (judged: accommodated or not); not assessed 2 (exempt), not applicable 3
    outcome = np.where(judged, ~accommodated[keep], 3 - exempt)
    standard = _texts_by(
        hours * 2 + is_urban,
        lambda key: (
            f"requests made at least {key // 2} hours before the pick-up "
            f"({'urban' if key % 2 else 'non-urban'}) are accommodated"
        ),
    )
    columns = {
        "pickup_area": cols.text_column(is_urban, ("non-urban", "urban")),
        "advance_request": pa.array(lead >= advance[keep] * 60 * _MICROS_PER_MINUTE),
        "exemption": exemption.take(keep),
        "accommodated": pa.array(accommodated[keep]),
        "outcome": cols.text_column(outcome, ("met", "not_met", "not_assessed", "not_applicable")),
        "met": pa.array(accommodated[keep] & judged, mask=~judged),
        "standard": standard,
        "measured": cols.minutes_decimals(lead),
        "limit": cols.scaled_decimals(hours * 60 * 10_000),
        "margin": cols.minutes_decimals(lead - limit),
        "unit": cols.repeated_text("minutes", checked.rows_used),
        "section": cols.repeated_text(_A32, checked.rows_used),
    }
    return findings_from_columns(
        "nemt.request_lead_time",
        checked,
        columns,
        [*advance_versions, *urban_versions, *other_versions],
        carry=carry,
    )


def decision_time_table(
    trips: object,
    *,
    profile: ContractProfile | None = None,
    on_error: OnError = "raise",
    carry: str | Sequence[str] = (),
) -> FindingsTable:
    """Return a findings table of :func:`decision_time` over request rows (Attachment XI A.5.1.3).

    Columns: ``requested_at``, ``decided_at`` and optionally ``pickup_at`` (empty when not known),
    all with a time of day.

    Examples
    --------
    >>> findings = decision_time_table({"requested_at": ["2008-10-06 09:00"] * 2,
    ...     "decided_at": ["2008-10-07 09:00", "2008-10-06 15:00"],
    ...     "pickup_at": [None, "2008-10-06 14:00"]})
    >>> [(r["outcome"], r["margin"]) for r in findings.rows()]
    [('met', '0'), ('not_met', '-60')]
    """
    from tenncare_calc import columnar as cols  # noqa: PLC0415 - needs the data extra
    from tenncare_calc.columnar import (  # noqa: PLC0415 - needs the data extra
        Column,
        ColumnKind,
        check_on_error,
    )

    np, pa = _np(), _pa()
    mode = check_on_error(on_error)
    inputs = [
        Column("requested_at", ColumnKind.LABEL),
        Column("decided_at", ColumnKind.LABEL),
        Column("pickup_at", ColumnKind.LABEL, required=False, nullable=True),
    ]
    table = read_with_carried(trips, inputs, name="requests", carry=carry)
    table, requested, requested_timed = cols.moments(table, "requested_at")
    table, decided, decided_timed = cols.moments(table, "decided_at")
    table = _timed(_timed(table, "requested_at", requested_timed), "decided_at", decided_timed)
    known_pickup = np.zeros(table.rows_in, dtype=bool)
    pickup = np.zeros(table.rows_in, dtype=np.int64)
    if table.has("pickup_at"):
        empty = _empty(table.column("pickup_at"))
        table, pickup, pickup_timed = cols.moments(table, "pickup_at", nullable=True)
        known_pickup = ~empty
        table = table.reject(
            known_pickup & ~pickup_timed, "pickup_at {pickup_at!s} has no time of day"
        )
        table = table.reject(
            known_pickup & (pickup < requested),
            "pickup_at {pickup_at!s} is before requested_at {requested_at!s}",
        )
    table = table.reject(
        decided < requested, "decided_at {decided_at!s} is before requested_at {requested_at!s}"
    )
    days = np.floor_divide(requested, cols.MICROS_PER_DAY)
    table, hours, versions = _per_row(
        table, _profile(profile), "nemt.decision_hours", days=days, column="requested_at"
    )
    checked = table.check(on_error=mode)
    keep = cols.kept_rows(checked)
    full = requested[keep] + hours[keep] * 60 * _MICROS_PER_MINUTE
    deadline = np.where(known_pickup[keep], np.minimum(full, pickup[keep]), full)
    allowed = deadline - requested[keep]
    elapsed = (decided - requested)[keep]
    met = elapsed <= allowed
    standard = _texts_by(
        hours[keep],
        lambda key: (
            f"approved and scheduled, or denied, within {key} hours of the request and before "
            "the pick-up"
        ),
    )
    columns = {
        "pickup_known": pa.array(known_pickup[keep]),
        "outcome": cols.text_column(met, ("not_met", "met")),
        "met": pa.array(met),
        "standard": standard,
        "measured": cols.minutes_decimals(elapsed),
        "limit": cols.minutes_decimals(allowed),
        "margin": cols.minutes_decimals(allowed - elapsed),
        "unit": cols.repeated_text("minutes", checked.rows_used),
        "section": cols.repeated_text(_A513, checked.rows_used),
    }
    return findings_from_columns("nemt.decision_time", checked, columns, versions, carry=carry)


def _empty(array: Any) -> Any:  # noqa: ANN401 - pyarrow array in, numpy bool out
    """Return which values are null or blank text."""
    np, pa = _np(), _pa()
    import pyarrow.compute as pc  # noqa: PLC0415 - the data extra is loaded by now

    if pa.types.is_string(array.type) or pa.types.is_large_string(array.type):
        blank = pc.equal(pc.utf8_trim_whitespace(array), "")
        return np.asarray(
            pc.fill_null(pc.or_kleene(pc.is_null(array), blank), fill_value=True).to_numpy(
                zero_copy_only=False
            ),
            dtype=bool,
        )
    return np.asarray(pc.is_null(array).to_numpy(zero_copy_only=False), dtype=bool)


def trip_manifest_table(
    trips: object,
    *,
    profile: ContractProfile | None = None,
    on_error: OnError = "raise",
    carry: str | Sequence[str] = (),
) -> FindingsTable:
    """Return a findings table of :func:`trip_manifest` over trip rows (Attachment XI A.5.5.1).

    Columns: ``sent_at`` (with a time of day), ``service_date`` (a date) and ``close_of_business``
    (the NEMT provider's, a time value or ``HH:MM`` text).

    Examples
    --------
    >>> findings = trip_manifest_table({"sent_at": ["2008-10-05 17:00", "2008-10-05 17:20"],
    ...     "service_date": ["2008-10-06", "2008-10-06"], "close_of_business": ["17:00", "17:00"]})
    >>> [(r["outcome"], r["margin"]) for r in findings.rows()]
    [('met', '0'), ('not_met', '-20')]
    """
    from tenncare_calc import columnar as cols  # noqa: PLC0415 - needs the data extra
    from tenncare_calc.columnar import (  # noqa: PLC0415 - needs the data extra
        Column,
        ColumnKind,
        check_on_error,
    )

    np, pa = _np(), _pa()
    mode = check_on_error(on_error)
    inputs = [
        Column("sent_at", ColumnKind.LABEL),
        Column("service_date", ColumnKind.DATE),
        Column("close_of_business", ColumnKind.LABEL),
    ]
    table = read_with_carried(trips, inputs, name="manifests", carry=carry)
    table, sent, sent_timed = cols.moments(table, "sent_at")
    table = _timed(table, "sent_at", sent_timed)
    table, close = cols.times_of_day(table, "close_of_business")
    service_day = table.days("service_date").astype(np.int64)
    table, days_before, versions = _per_row(
        table,
        _profile(profile),
        "nemt.manifest_days_before",
        days=service_day,
        column="service_date",
    )
    checked = table.check(on_error=mode)
    keep = cols.kept_rows(checked)
    deadline = (service_day[keep] - days_before[keep]) * cols.MICROS_PER_DAY + close[keep]
    margin = deadline - sent[keep]
    met = margin >= 0
    columns = {
        "service_date": checked.column("service_date"),
        "outcome": cols.text_column(met, ("not_met", "met")),
        "met": pa.array(met),
        "standard": cols.repeated_text(
            "trip manifest to the NEMT provider by its close of business the day before",
            checked.rows_used,
        ),
        "measured": pa.nulls(checked.rows_used, cols.decimal_type()),
        "limit": pa.nulls(checked.rows_used, cols.decimal_type()),
        "margin": cols.minutes_decimals(margin),
        "unit": cols.repeated_text("minutes", checked.rows_used),
        "section": cols.repeated_text("Attachment XI A.5.5.1", checked.rows_used),
    }
    return findings_from_columns("nemt.trip_manifest", checked, columns, versions, carry=carry)
