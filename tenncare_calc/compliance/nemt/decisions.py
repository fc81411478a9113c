"""NEMT decisions (Attachment XI A.5.1.3): approved and scheduled, or denied, in time.

The contractor decides a request (all legs of the trip) within 24 hours of receiving it, a
timeframe "reduced as necessary to ensure the member arrives in time": the time allowed is the
shorter of the decision hours and the time to the scheduled pick-up. :func:`decision_time` judges
one request, :func:`decision_time_table` a table of them, both against the same line
(:data:`~tenncare_calc.compliance.nemt.standards.DECISION`).
"""

from __future__ import annotations

__all__ = ["decision_time", "decision_time_table"]

import datetime as dt
import functools
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
    minutes_from_micros,
    read_with_carried,
)
from tenncare_calc.compliance.nemt.inputs import (
    _datetime,
    _micros,
    _not_before,
    _optional_moment,
    _parameter,
    _profile,
    _same_kind,
)
from tenncare_calc.compliance.nemt.standards import DECISION, MICROS_PER_HOUR
from tenncare_calc.compliance.nemt.trip_rows import (
    _blockwise,
    _day_span,
    _kept,
    _np,
    _pa,
    _part,
    _per_row,
    _texts_by,
    _timed,
)

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from tenncare_calc.columnar import OnError
    from tenncare_calc.contract.profile import ContractProfile

_A513 = "Attachment XI A.5.1.3"


#: The requests' columns :func:`decision_time_table` reads (the command line parses only these, and the columns carried).
DECISION_COLUMNS: tuple[Column, ...] = (
    Column("requested_at", ColumnKind.LABEL),
    Column("decided_at", ColumnKind.LABEL),
    Column("pickup_at", ColumnKind.LABEL, required=False, nullable=True),
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

    ``pickup_at`` not given (None, a missing value such as NaN or NaT, or blank text: what an
    empty cell of an extract gives) means no pick-up is known, as an empty ``pickup_at`` cell does
    in :func:`decision_time_table`: only the decision hours are checked.

    >>> decision_time(requested_at=dt.datetime(2008, 10, 6, 9, 0),
    ...     decided_at=dt.datetime(2008, 10, 7, 9, 0)).met
    True
    >>> decision_time(requested_at=dt.datetime(2008, 10, 6, 9, 0),
    ...     decided_at=dt.datetime(2008, 10, 6, 11, 0), pickup_at=dt.datetime(2008, 10, 6, 10, 0)).met
    False
    >>> decision_time(requested_at="2008-10-06 09:00", decided_at="2008-10-06 11:00",
    ...     pickup_at="  ").note
    'no pick-up time given: only the 24-hour limit was checked'
    """
    requested = _datetime(requested_at, "requested_at")
    decided = _datetime(decided_at, "decided_at")
    _same_kind(requested, decided, "decided_at")
    _not_before(decided, requested, "decided_at")
    pickup = _optional_moment(pickup_at, "pickup_at", requested)
    _not_before(pickup, requested, "pickup_at")
    hours, parameter = _parameter(profile, "nemt.decision_hours", requested.date())
    full = requested + dt.timedelta(hours=hours)
    deadline = full if pickup is None or full <= pickup else pickup
    elapsed = _micros(decided - requested)
    allowed = _micros(deadline - requested)
    in_time = DECISION.threshold(allowed)
    steps = [
        f"requested {requested.isoformat()}; {hours} hours later: {full.isoformat()}",
    ]
    if pickup is None:
        note = f"no pick-up time given: only the {hours}-hour limit was checked"
    else:
        note = None
        steps.append(
            f"pick-up {pickup.isoformat()}: deadline is the earlier, {deadline.isoformat()}"
        )
    steps.append(f"decided {decided.isoformat()}: {duration_text(elapsed)} after the request")
    return Finding(
        check="nemt.decision_time",
        outcome=Outcome.MET if in_time.met(elapsed) else Outcome.NOT_MET,
        standard=(
            f"approved and scheduled, or denied, within {hours} hours of the request and before "
            "the pick-up"
        ),
        sections=(_A513,),
        measured=minutes_beside_line(elapsed, line=allowed),
        limit=minutes_from_micros(allowed),
        margin=minutes_beside_line(int(in_time.margin(elapsed))),
        unit="minutes",
        steps=tuple(steps),
        note=note,
        parameters=(parameter,),
    )


def decision_time_table(
    trips: object,
    *,
    columns: Mapping[str, str] | None = None,
    profile: ContractProfile | None = None,
    on_error: OnError = "raise",
    carry: str | Sequence[str] = (),
) -> FindingsTable:
    """Return a findings table of :func:`decision_time` over request rows (Attachment XI A.5.1.3).

    Columns: ``requested_at``, ``decided_at`` and optionally ``pickup_at`` (empty when not known:
    null or blank text, read as :func:`decision_time` reads a ``pickup_at`` not given), all with a
    time of day.

    ``columns`` maps the library's column names to yours (:mod:`tenncare_calc.columnar.column_mapping`).

    Examples
    --------
    >>> findings = decision_time_table({"requested_at": ["2008-10-06 09:00"] * 2,
    ...     "decided_at": ["2008-10-07 09:00", "2008-10-06 15:00"],
    ...     "pickup_at": [None, "2008-10-06 14:00"]})
    >>> [(r["outcome"], r["margin"]) for r in findings.rows()]
    [('met', '0'), ('not_met', '-60')]
    """
    trips = named_columns(trips, columns, name="requests")
    from tenncare_calc import columnar as cols  # noqa: PLC0415 - needs the data extra
    from tenncare_calc.columnar import (  # noqa: PLC0415 - needs the data extra
        check_on_error,
    )
    from tenncare_calc.columnar.categories import flag_column  # noqa: PLC0415 - the data extra

    np, pa = _np(), _pa()
    mode = check_on_error(on_error)
    table = read_with_carried(trips, DECISION_COLUMNS, name="requests", carry=carry)
    table, requested, requested_timed = cols.moments(table, "requested_at")
    table, decided, decided_timed = cols.moments(table, "decided_at")
    table = _timed(_timed(table, "requested_at", requested_timed), "decided_at", decided_timed)
    # each moment on the request's clock: the time between instants, as decision_time measures it
    table, decided = cols.on_clock_of(table, "decided_at", decided, "requested_at")
    if not table.has("pickup_at"):
        known_pickup = np.zeros(table.rows_in, dtype=bool)
        pickup = np.zeros(table.rows_in, dtype=np.int64)
    else:
        stamps = pa.types.is_timestamp(table.column("pickup_at").type)
        empty = None if stamps else cols.empty_cells(table.column("pickup_at"))
        table, pickup, pickup_timed = cols.moments(table, "pickup_at", nullable=True)
        # a timestamp has its time of day: it is known exactly when it is not null
        known_pickup = pickup_timed if empty is None else ~empty
        table, pickup = cols.on_clock_of(
            table, "pickup_at", pickup, "requested_at", rows=known_pickup
        )
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
    table, hours, versions = _per_row(
        table,
        _profile(profile),
        "nemt.decision_hours",
        days=lambda: np.floor_divide(requested, cols.MICROS_PER_DAY),
        span=_day_span(requested),
        column="requested_at",
    )
    checked = table.check(on_error=mode)
    keep = cols.kept_rows(checked)
    start, done, known = requested[keep], decided[keep], known_pickup[keep]
    kept_hours = _kept(hours, keep)
    hours_allowed = kept_hours * MICROS_PER_HOUR
    later = pickup[keep] if known.any() else None

    def judge(block: slice) -> Any:  # noqa: ANN401 - a numpy bool array
        # the time allowed is the earlier of the decision hours and the time to the pick-up: a
        # decision is within the earlier of two limits exactly when it is within each (DECISION
        # is "at most"), and within the time to the pick-up exactly when it came at or before the
        # pick-up (both counted from the request), so neither the deadline nor the time allowed
        # is built
        inside = DECISION.met(done[block] - start[block], _part(hours_allowed, block))
        if later is not None:
            inside &= ~known[block] | DECISION.met(done[block], later[block])
        return inside

    met = _blockwise(len(start), judge)

    @functools.cache
    def elapsed() -> Any:  # noqa: ANN401 - a numpy int64 array
        return done - start

    @functools.cache
    def allowed() -> Any:  # noqa: ANN401 - a numpy int64 array
        # the decision hours, or the time to the pick-up when that is known and shorter: by
        # arithmetic on the 0/1 of ``known`` (numpy's where branches on each row)
        hours_only = np.broadcast_to(hours_allowed, start.shape)
        if later is None:
            return hours_only.copy()
        sooner = np.minimum(later - start, hours_only) - hours_only
        sooner *= known
        return hours_only + sooner

    # the verdict now; the figures that explain it when the findings are read
    found: dict[str, Deferred] = {
        "pickup_known": lambda: pa.array(known),
        "outcome": cols.text_column(met, ("not_met", "met")),
        "met": flag_column(met),
        "standard": lambda: _texts_by(
            np.broadcast_to(kept_hours, start.shape),
            lambda key: (
                f"approved and scheduled, or denied, within {key} hours of the request and "
                "before the pick-up"
            ),
        ),
        "measured": lambda: cols.minutes_decimals(elapsed(), line=allowed()),
        "limit": lambda: cols.minutes_decimals(allowed()),
        "margin": lambda: cols.minutes_decimals(DECISION.margin(elapsed(), allowed()), line=0),
        "unit": lambda: cols.repeated_text("minutes", checked.rows_used),
        "section": lambda: cols.repeated_text(_A513, checked.rows_used),
    }
    return findings_from_columns("nemt.decision_time", checked, found, versions, carry=carry)
