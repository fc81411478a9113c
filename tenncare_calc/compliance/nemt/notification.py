"""Notifying members of the arrangements (Attachment XI A.5.4): when, and with what.

A.5.4: "If possible, the CONTRACTOR shall inform the member of the transportation arrangements
(see below) during the phone call requesting the NEMT service. Otherwise, the CONTRACTOR shall
obtain the member's preferred method (e.g., phone call, email, fax) and time of contact, and the
CONTRACTOR shall notify the member of the transportation arrangements (see below) as soon as the
arrangements are in place (within the timeframe specified in Section A.5.1.3 of this Attachment)
and prior to the date of the NEMT service. Information about transportation arrangements shall
include but not be limited to the name and telephone number of the NEMT provider, the scheduled
time and address of pick-up, and the name and address of the provider to whom the member seeks
transport."

What the text lets a check measure, and its limits:

* informed **during the call**: met; whether it was *possible* to inform then is the contractor's
  judgement, and the member's preferred method and time of contact are not measurable;
* otherwise, **within the A.5.1.3 timeframe**: at most 24 hours (``nemt.decision_hours``) after the
  request, reduced to the scheduled pick-up when that comes sooner (the line
  :data:`~tenncare_calc.compliance.nemt.standards.DECISION`, as for the decision itself);
* and **before the date of the NEMT service**: strictly before its midnight (:data:`BEFORE_SERVICE_DATE`).
  A request made on the service date itself (a short-notice trip A.3.2 must accommodate) cannot be
  notified before that date: that part is ``not_applicable``;
* the **information** given includes at least ``nemt.notification_elements`` (checked when the
  caller lists what was given).

>>> import datetime as dt
>>> late = member_notification(requested_at=dt.datetime(2008, 10, 6, 9, 0),
...     notified_at=dt.datetime(2008, 10, 7, 10, 0), service_date=dt.date(2008, 10, 9))
>>> late.outcome.value, [(part.outcome.value, part.margin) for part in late.parts]
('not_met', [('not_met', Decimal('-60')), ('met', Decimal('2280'))])
"""

from __future__ import annotations

__all__ = ["BEFORE_SERVICE_DATE", "member_notification", "member_notification_table"]

import datetime as dt
from typing import TYPE_CHECKING, Any

from tenncare_calc.columnar import named_columns
from tenncare_calc.columnar.column_kinds import Column, ColumnKind
from tenncare_calc.compliance.findings import (
    Deferred,
    Finding,
    FindingsTable,
    Outcome,
    findings_from_columns,
    minutes_beside_line,
    minutes_from_micros,
    read_with_carried,
)
from tenncare_calc.compliance.nemt.inputs import (
    _datetime,
    _flag,
    _micros,
    _not_before,
    _optional_moment,
    _parameter,
    _profile,
)
from tenncare_calc.compliance.nemt.standards import DECISION, MICROS_PER_HOUR, Standard
from tenncare_calc.compliance.nemt.trip_rows import _kept, _np, _pa, _per_row, _timed
from tenncare_calc.core.errors import InvalidTypeError
from tenncare_calc.core.sequences import to_sequence
from tenncare_calc.core.thresholds import Comparison
from tenncare_calc.core.values import to_date

if TYPE_CHECKING:
    from collections.abc import Collection, Mapping, Sequence
    from decimal import Decimal

    from tenncare_calc.columnar import OnError
    from tenncare_calc.contract.parameters import ParameterValue
    from tenncare_calc.contract.profile import ContractProfile

#: A.5.4: notified "prior to the date of the NEMT service": strictly before its first moment,
#: measured as the time from the notification to that midnight (more than 0).
BEFORE_SERVICE_DATE = Standard(Comparison.MORE_THAN, "microseconds")
_CHECK = "nemt.member_notification"
_SECTION = "Attachment XI A.5.4"
_TIMING = (
    "notified within the A.5.1.3 timeframe: {hours} hours after the request, or by the pick-up"
)

_BEFORE = "notified before the date of the NEMT service"


#: The requests' columns :func:`member_notification_table` reads (the command line parses only these, and the columns carried).
NOTIFICATION_COLUMNS: tuple[Column, ...] = (
    Column("requested_at", ColumnKind.LABEL),
    Column("service_date", ColumnKind.DATE),
    Column("notified_at", ColumnKind.LABEL, required=False, nullable=True),
    Column("informed_during_call", ColumnKind.LABEL, required=False),
    Column("pickup_at", ColumnKind.LABEL, required=False, nullable=True),
)


def _elements(information: Collection[str], required: tuple[str, ...]) -> tuple[str, ...]:
    given = to_sequence(information, field="information", what="names")
    if not all(isinstance(name, str) for name in given):
        raise InvalidTypeError(
            f"'information' must be a collection of names such as {list(required[:2])} "
            f"(got {given!r})",
            field="information",
            value=given,
        )
    have = {str(name).strip().lower() for name in given}
    return tuple(name for name in required if name.lower() not in have)


def member_notification(
    *,
    requested_at: dt.datetime,
    service_date: dt.date,
    notified_at: dt.datetime | None = None,
    informed_during_call: bool = False,
    pickup_at: dt.datetime | None = None,
    information: Collection[str] | None = None,
    profile: ContractProfile | None = None,
) -> Finding:
    """Return whether the member was told of the arrangements as A.5.4 requires.

    Parameters
    ----------
    requested_at, service_date
        When the request came (with its time of day) and the date of the NEMT service.
    notified_at, informed_during_call
        When the member was notified of the arrangements, or that they were told during the
        request call (then ``notified_at`` is not needed). Neither: not notified, ``not_met``.
        ``notified_at`` not given is None, a missing value or blank text (an empty cell), as an
        empty ``notified_at`` cell of :func:`member_notification_table` reads.
    pickup_at
        The scheduled pick-up, which shortens the 24 hours when it comes sooner; None, a missing
        value or blank text: no pick-up known, as an empty ``pickup_at`` cell reads. A notification
        or pick-up time given is refused when it cannot be (a date alone, naive among aware times,
        a notification before the request) even where it is not used, as the table rejects its row.
    information
        What the notification said, by name (see ``nemt.notification_elements``); ``None``: not
        checked.

    Examples
    --------
    >>> member_notification(requested_at=dt.datetime(2008, 10, 6, 9, 0),
    ...     service_date=dt.date(2008, 10, 9), informed_during_call=True).outcome.value
    'met'
    >>> short = member_notification(requested_at=dt.datetime(2008, 10, 8, 9, 0),
    ...     notified_at=dt.datetime(2008, 10, 8, 23, 0), service_date=dt.date(2008, 10, 9),
    ...     information=["nemt_provider_name", "pickup_time"])
    >>> [(part.outcome.value, part.note) for part in short.parts][2]
    ('not_met', 'missing: nemt_provider_phone, pickup_address, destination_provider_name, destination_provider_address')
    """
    requested = _datetime(requested_at, "requested_at")
    day = to_date(service_date, field="service_date")
    during = _flag(informed_during_call, "informed_during_call")
    hours, hours_parameter = _parameter(profile, "nemt.decision_hours", requested.date())
    required, elements_parameter = _parameter(
        profile, "nemt.notification_elements", requested.date()
    )
    parameters: tuple[ParameterValue, ...] = (hours_parameter,)
    # a time given is read (and refused if it cannot be) whether or not it is used, as the table
    # rejects such a row whatever the call says
    notified = _optional_moment(notified_at, "notified_at", requested)
    _not_before(notified, requested, "notified_at")
    pickup = _optional_moment(pickup_at, "pickup_at", requested)
    parts = []
    if during:
        parts.append(
            _part(Outcome.MET, _TIMING.format(hours=hours), "informed during the request call")
        )
    elif notified is None:
        parts.append(
            _part(Outcome.NOT_MET, _TIMING.format(hours=hours), "the member was not notified")
        )
    else:
        full = requested + dt.timedelta(hours=hours)
        deadline = full if pickup is None else min(full, max(pickup, requested))
        elapsed, allowed = _micros(notified - requested), _micros(deadline - requested)
        within = DECISION.threshold(allowed)
        parts.append(
            _figures(
                within.met(elapsed),
                _TIMING.format(hours=hours),
                measured=elapsed,
                limit=allowed,
                margin=within.margin(elapsed),
                step=f"requested {requested.isoformat()}, notified {notified.isoformat()}, "
                f"deadline {deadline.isoformat()}",
            )
        )
        midnight = dt.datetime.combine(day, dt.time(), tzinfo=requested.tzinfo)
        if requested >= midnight:
            parts.append(
                _part(
                    Outcome.NOT_APPLICABLE,
                    _BEFORE,
                    "requested on or after the date of the service: it cannot be notified before it",
                )
            )
        else:
            lead = _micros(midnight - notified)
            before = BEFORE_SERVICE_DATE.threshold(0)
            parts.append(
                _figures(
                    before.met(lead),
                    _BEFORE,
                    measured=lead,
                    limit=0,
                    margin=before.margin(lead),
                    step=f"the service date begins {midnight.isoformat()}",
                )
            )
    if information is not None:
        missing = _elements(information, tuple(required))
        parameters += (elements_parameter,)
        parts.append(
            _part(
                Outcome.NOT_MET if missing else Outcome.MET,
                "the arrangements told include at least: " + ", ".join(required),
                ("missing: " + ", ".join(missing)) if missing else None,
            )
        )
    failed = any(part.outcome is Outcome.NOT_MET for part in parts)
    return Finding(
        check=_CHECK,
        outcome=Outcome.NOT_MET if failed else Outcome.MET,
        standard="member informed of the transportation arrangements in time and in full",
        sections=(_SECTION,),
        subject=(
            ("requested_at", requested.isoformat()),
            ("service_date", day.isoformat()),
            ("informed_during_call", "yes" if during else "no"),
        ),
        note="whether informing during the call was possible, and the member's preferred method "
        "and time of contact, are not measured",
        parts=tuple(parts),
        parameters=parameters,
    )


def _part(outcome: Outcome, standard: str, note: str | None) -> Finding:
    return Finding(
        check=_CHECK, outcome=outcome, standard=standard, sections=(_SECTION,), note=note
    )


def _figures(
    met: bool,
    standard: str,
    *,
    measured: int,
    limit: int,
    margin: Decimal | int,
    step: str,
) -> Finding:
    return Finding(
        check=_CHECK,
        outcome=Outcome.MET if met else Outcome.NOT_MET,
        standard=standard,
        sections=(_SECTION,),
        measured=minutes_beside_line(measured, line=limit),
        limit=minutes_from_micros(limit),
        margin=minutes_beside_line(int(margin)),
        unit="minutes",
        steps=(step,),
    )


def member_notification_table(
    trips: object,
    *,
    columns: Mapping[str, str] | None = None,
    profile: ContractProfile | None = None,
    on_error: OnError = "raise",
    carry: str | Sequence[str] = (),
) -> FindingsTable:
    """Return a findings table of :func:`member_notification`'s timing over requests (A.5.4).

    Columns: ``requested_at`` (with a time of day), ``service_date``, and optionally
    ``notified_at`` (empty, null or blank: not notified), ``informed_during_call`` (yes/no) and
    ``pickup_at`` (empty: no pick-up known).
    The figures are those of the A.5.1.3 timeframe (minutes); ``before_service_date`` says whether
    the notification came before the service date (empty when it was not applicable). The
    information given is checked by the one-value form only.

    ``columns`` maps the library's column names to yours (:mod:`tenncare_calc.columnar.column_mapping`).

    Examples
    --------
    >>> findings = member_notification_table({"trip_id": ["T1", "T2", "T3", "T4"],
    ...     "requested_at": ["2008-10-06 09:00"] * 3 + ["2008-10-09 06:00"],
    ...     "service_date": ["2008-10-09"] * 4,
    ...     "notified_at": ["2008-10-07 09:00", "2008-10-07 09:01", None, "2008-10-09 06:30"]},
    ...     carry="trip_id")
    >>> [(r["trip_id"], r["outcome"], r["margin"], r["before_service_date"]) for r in findings.rows()]
    [('T1', 'met', '0', True), ('T2', 'not_met', '-1', True), ('T3', 'not_met', None, None), ('T4', 'met', '1410', None)]
    """
    trips = named_columns(trips, columns, name="requests")
    from tenncare_calc import columnar as cols  # noqa: PLC0415 - needs the data extra
    from tenncare_calc.columnar import (  # noqa: PLC0415 - needs the data extra
        check_on_error,
    )

    np, pa = _np(), _pa()
    mode = check_on_error(on_error)
    table = read_with_carried(trips, NOTIFICATION_COLUMNS, name="requests", carry=carry)
    table, requested, requested_timed = cols.moments(table, "requested_at")
    table = _timed(table, "requested_at", requested_timed)
    notified = np.zeros(table.rows_in, dtype=np.int64)
    known = np.zeros(table.rows_in, dtype=bool)
    if table.has("notified_at"):
        known = ~cols.empty_cells(table.column("notified_at"))
        table, notified, notified_timed = cols.moments(table, "notified_at", nullable=True)
        # on the request's clock (and the service date's midnight in its zone), as
        # member_notification measures them
        table, notified = cols.on_clock_of(
            table, "notified_at", notified, "requested_at", rows=known
        )
        table = table.reject(
            known & ~notified_timed, "notified_at {notified_at!s} has no time of day"
        )
        table = table.reject(
            known & (notified < requested),
            "notified_at {notified_at!s} is before requested_at {requested_at!s}",
        )
    pickup = np.zeros(table.rows_in, dtype=np.int64)
    has_pickup = np.zeros(table.rows_in, dtype=bool)
    if table.has("pickup_at"):
        has_pickup = ~cols.empty_cells(table.column("pickup_at"))
        table, pickup, pickup_timed = cols.moments(table, "pickup_at", nullable=True)
        table, pickup = cols.on_clock_of(
            table, "pickup_at", pickup, "requested_at", rows=has_pickup
        )
        table = table.reject(
            has_pickup & ~pickup_timed, "pickup_at {pickup_at!s} has no time of day"
        )
    table, during = cols.flags(table, "informed_during_call")
    days = np.floor_divide(requested, cols.MICROS_PER_DAY)
    table, hours, versions = _per_row(
        table, _profile(profile), "nemt.decision_hours", days=days, column="requested_at"
    )
    checked = table.check(on_error=mode)
    keep = cols.kept_rows(checked)
    start, sent, told = requested[keep], notified[keep], known[keep]
    call = during[keep]
    full = start + _kept(hours, keep) * MICROS_PER_HOUR
    deadline = np.where(has_pickup[keep], np.minimum(full, np.maximum(pickup[keep], start)), full)
    allowed, elapsed = deadline - start, sent - start
    in_time = DECISION.met(elapsed, allowed)
    midnight = checked.days("service_date").astype(np.int64) * cols.MICROS_PER_DAY
    applies = start < midnight
    lead = midnight - sent
    before = BEFORE_SERVICE_DATE.met(lead, np.zeros(len(lead), dtype=np.int64))
    timed = told & ~call
    met = call | (timed & in_time & (before | ~applies))
    shown = timed
    # the verdict now; the figures that explain it when the findings are read
    parts: dict[str, Deferred] = {
        "informed_during_call": lambda: pa.array(call, pa.bool_()),
        "notified": lambda: pa.array(told | call, pa.bool_()),
        "before_service_date": lambda: pa.array(before, pa.bool_(), mask=~(timed & applies)),
        "outcome": cols.text_column(met, ("not_met", "met")),
        "met": pa.array(met, pa.bool_()),
        "standard": lambda: cols.repeated_text(
            "member informed of the transportation arrangements within the A.5.1.3 timeframe "
            "and before the date of the NEMT service",
            checked.rows_used,
        ),
        "measured": lambda: _masked(cols.minutes_decimals(elapsed, line=allowed), shown),
        "limit": lambda: _masked(cols.minutes_decimals(allowed), shown),
        "margin": lambda: _masked(
            cols.minutes_decimals(DECISION.margin(elapsed, allowed), line=0), shown
        ),
        "unit": lambda: cols.text_column(shown, ("", "minutes")),
        "section": lambda: cols.repeated_text(_SECTION, checked.rows_used),
    }
    return findings_from_columns(_CHECK, checked, parts, versions, carry=carry)


def _masked(values: Any, shown: Any) -> Any:  # noqa: ANN401 - pyarrow and numpy arrays
    """Return ``values`` with nulls where ``shown`` is false."""
    pa = _pa()
    import pyarrow.compute as pc  # noqa: PLC0415 - the data extra is loaded by now

    return pc.if_else(pa.array(shown), values, pa.scalar(None, values.type))
