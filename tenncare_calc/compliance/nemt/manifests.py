"""Trip manifests (Attachment XI A.5.5.1): to the NEMT provider by its close of business the day before.

:func:`trip_manifest` judges one manifest, :func:`trip_manifest_table` a table of them. Both
measure how long before the close of business on the service date the manifest was sent, against
the same line (:data:`~tenncare_calc.compliance.nemt.standards.MANIFEST_LEAD`: at least the
manifest days, 1, which is by the close of business the day before).

Time zones. The contract's times are the provider's local times, and Tennessee spans two zones, so
no zone is ever assumed: as in every NEMT check, the moments are all naive (local time) or all
aware. :func:`trip_manifest` puts the deadline on the clock of the close of business: its own zone
when it has one (the sending is read on that clock), else the zone of an aware ``sent_at``; a
close of business with a zone beside a naive ``sent_at`` is an ``InvalidTypeError`` naming
``close_of_business`` (give the local time without a zone). :func:`trip_manifest_table` reads a
``sent_at`` timestamp with a zone on its local wall clock, as every table check reads moments
(:mod:`tenncare_calc.columnar.columns`), and ``close_of_business`` (a time value or ``HH:MM``,
which carry no zone) on that same clock: each row is the one-value finding of that aware
``sent_at`` with a naive close of business.

>>> eastern = dt.timezone(dt.timedelta(hours=-5))
>>> trip_manifest(sent_at=dt.datetime(2008, 10, 5, 17, 30, tzinfo=eastern),
...     service_date=dt.date(2008, 10, 6),
...     close_of_business=dt.time(17, 0, tzinfo=dt.timezone(dt.timedelta(hours=-6)))).margin
Decimal('30')
"""

from __future__ import annotations

__all__ = ["trip_manifest", "trip_manifest_table"]

import datetime as dt
from typing import TYPE_CHECKING, Any

from tenncare_calc.columnar import named_columns
from tenncare_calc.columnar.column_kinds import Column, ColumnKind
from tenncare_calc.compliance.findings import (
    Deferred,
    Finding,
    FindingsTable,
    Outcome,
    duration_text,
    findings_from_columns,
    minutes_beside_line,
    read_with_carried,
)
from tenncare_calc.compliance.nemt.inputs import (
    _datetime,
    _micros,
    _parameter,
    _profile,
)
from tenncare_calc.compliance.nemt.standards import MANIFEST_LEAD
from tenncare_calc.compliance.nemt.trip_rows import (
    _blockwise,
    _kept,
    _np,
    _pa,
    _part,
    _per_row,
    _timed,
)
from tenncare_calc.core.errors import InvalidTypeError
from tenncare_calc.core.values import to_date

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from tenncare_calc.columnar import OnError
    from tenncare_calc.contract.profile import ContractProfile


#: The trips' columns :func:`trip_manifest_table` reads (the command line parses only these, and the columns carried).
MANIFEST_COLUMNS: tuple[Column, ...] = (
    Column("sent_at", ColumnKind.LABEL),
    Column("service_date", ColumnKind.DATE),
    Column("close_of_business", ColumnKind.LABEL),
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
    A time-zone-aware ``sent_at`` puts the deadline in the same zone; a ``close_of_business`` with
    a zone puts it in that zone, the sending read on that clock, and needs an aware ``sent_at``
    (naive and aware times are not mixed: give the local time without a zone).

    >>> trip_manifest(sent_at=dt.datetime(2008, 10, 5, 17, 0), service_date=dt.date(2008, 10, 6),
    ...     close_of_business=dt.time(17, 0)).met
    True
    """
    sent = _datetime(sent_at, "sent_at")
    service_date = to_date(service_date, field="service_date")
    if not isinstance(close_of_business, dt.time):
        raise InvalidTypeError(
            f"'close_of_business' must be a datetime.time such as time(17, 0) "
            f"(got {close_of_business!r})",
            field="close_of_business",
            value=close_of_business,
        )
    zone = close_of_business.tzinfo
    if zone is not None and sent.tzinfo is None:
        raise InvalidTypeError(
            "'close_of_business' must be naive (the provider's local time) like 'sent_at', or "
            f"both must be time-zone aware (got {close_of_business!r} with {sent.isoformat()}); "
            "give the local time without a zone",
            field="close_of_business",
            value=close_of_business,
        )
    days_before, parameter = _parameter(profile, "nemt.manifest_days_before", service_date)
    # the deadline is on the close of business's clock: its zone (the sending read in it), or
    # the zone of the sending
    on_clock = sent if zone is None else sent.astimezone(zone)
    closing = close_of_business.replace(tzinfo=on_clock.tzinfo)
    day_before = service_date - dt.timedelta(days=days_before)
    deadline = dt.datetime.combine(day_before, closing)
    # the lead: from sending to the close of business on the service date itself
    lead = _micros(dt.datetime.combine(service_date, closing) - on_clock)
    in_time = MANIFEST_LEAD.threshold(days_before)
    on_time, margin = in_time.met(lead), int(in_time.margin(lead))
    return Finding(
        check="nemt.trip_manifest",
        outcome=Outcome.MET if on_time else Outcome.NOT_MET,
        standard="trip manifest to the NEMT provider by its close of business the day before",
        sections=("Attachment XI A.5.5.1",),
        margin=minutes_beside_line(margin),
        measured=None,
        unit="minutes",
        steps=(
            (
                f"service date {service_date.isoformat()}; deadline {deadline.isoformat()} "
                f"(close of business {close_of_business.strftime('%H:%M')} on {day_before:%A})"
            ),
            f"sent {sent.isoformat()}: "
            + (
                f"{duration_text(margin)} before the deadline"
                if on_time
                else f"{duration_text(-margin)} late"
            ),
        ),
        parameters=(parameter,),
    )


def trip_manifest_table(
    trips: object,
    *,
    columns: Mapping[str, str] | None = None,
    profile: ContractProfile | None = None,
    on_error: OnError = "raise",
    carry: str | Sequence[str] = (),
) -> FindingsTable:
    """Return a findings table of :func:`trip_manifest` over trip rows (Attachment XI A.5.5.1).

    Columns: ``sent_at`` (with a time of day), ``service_date`` (a date) and ``close_of_business``
    (the NEMT provider's, a time value or ``HH:MM`` text).

    ``columns`` maps the library's column names to yours (:mod:`tenncare_calc.columnar.column_mapping`).

    Examples
    --------
    >>> findings = trip_manifest_table({"sent_at": ["2008-10-05 17:00", "2008-10-05 17:20"],
    ...     "service_date": ["2008-10-06", "2008-10-06"], "close_of_business": ["17:00", "17:00"]})
    >>> [(r["outcome"], r["margin"]) for r in findings.rows()]
    [('met', '0'), ('not_met', '-20')]
    """
    trips = named_columns(trips, columns, name="manifests")
    from tenncare_calc import columnar as cols  # noqa: PLC0415 - needs the data extra
    from tenncare_calc.columnar import (  # noqa: PLC0415 - needs the data extra
        check_on_error,
    )
    from tenncare_calc.columnar.categories import flag_column  # noqa: PLC0415 - the data extra
    from tenncare_calc.columnar.decimal_columns import figure_type  # noqa: PLC0415

    np, pa = _np(), _pa()
    mode = check_on_error(on_error)
    table = read_with_carried(trips, MANIFEST_COLUMNS, name="manifests", carry=carry)
    table, sent, sent_timed = cols.moments(table, "sent_at")
    table = _timed(table, "sent_at", sent_timed)
    table, close = cols.times_of_day(table, "close_of_business")
    service_day = table.days("service_date")
    table, days_before, versions = _per_row(
        table,
        _profile(profile),
        "nemt.manifest_days_before",
        days=service_day,
        column="service_date",
    )
    checked = table.check(on_error=mode)
    keep = cols.kept_rows(checked)
    day, closing, sending = service_day[keep], close[keep], sent[keep]
    kept_days = _kept(days_before, keep)

    def lead(block: slice) -> Any:  # noqa: ANN401 - a numpy int64 array
        # from sending to the close of business on the service date itself
        return day[block].astype(np.int64) * cols.MICROS_PER_DAY + closing[block] - sending[block]

    met = _blockwise(
        len(day), lambda block: MANIFEST_LEAD.met(lead(block), _part(kept_days, block))
    )
    # the verdict now; the figures that explain it when the findings are read
    found: dict[str, Deferred] = {
        "service_date": lambda: checked.column("service_date"),
        "outcome": cols.text_column(met, ("not_met", "met")),
        "met": flag_column(met),
        "standard": lambda: cols.repeated_text(
            "trip manifest to the NEMT provider by its close of business the day before",
            checked.rows_used,
        ),
        "measured": lambda: pa.nulls(checked.rows_used, figure_type()),
        "limit": lambda: pa.nulls(checked.rows_used, figure_type()),
        "margin": lambda: cols.minutes_decimals(
            MANIFEST_LEAD.margin(lead(slice(None)), kept_days), line=0
        ),
        "unit": lambda: cols.repeated_text("minutes", checked.rows_used),
        "section": lambda: cols.repeated_text("Attachment XI A.5.5.1", checked.rows_used),
    }
    return findings_from_columns("nemt.trip_manifest", checked, found, versions, carry=carry)
