"""NEMT requests (Attachment XI A.3.2): how far ahead a request came, and whether it had to be met.

Members should request transportation 72 hours ahead; the contractor shall accommodate requests
made at least 3 hours (urban pick-up address) or 4 hours (non-urban) ahead. Urgent trips,
provider-initiated scheduling changes and follow-ups that cannot be scheduled ahead are exempt
from the 72-hour timeframe. :func:`request_lead_time` judges one request,
:func:`request_lead_time_table` a table of them; both measure the lead time against the same
lines (:data:`~tenncare_calc.compliance.nemt.standards.SHORT_NOTICE`, ``ADVANCE_REQUEST``).
"""

from __future__ import annotations

__all__ = ["Exemption", "request_lead_time", "request_lead_time_table"]

import datetime as dt  # noqa: TC003 - the doctests use it at run time
import functools
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal, get_args

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
    _flag,
    _micros,
    _not_before,
    _parameter,
    _profile,
    _same_kind,
)
from tenncare_calc.compliance.nemt.standards import ADVANCE_REQUEST, SHORT_NOTICE
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
from tenncare_calc.core.choices import to_optional_choice

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from tenncare_calc.columnar import OnError
    from tenncare_calc.contract.profile import ContractProfile

#: Why a request is exempt from the 72-hour timeframe (A.3.2): an urgent trip (A.5.7), a
#: scheduling change initiated by the provider, or a follow-up appointment whose timeframe does
#: not allow advance scheduling.
Exemption = Literal["urgent", "provider_change", "follow_up"]
EXEMPTIONS: tuple[str, ...] = get_args(Exemption)

_A32 = "Attachment XI A.3.2"


#: The trips' columns :func:`request_lead_time_table` reads (the command line parses only these, and the columns carried).
LEAD_TIME_COLUMNS: tuple[Column, ...] = (
    Column("requested_at", ColumnKind.LABEL),
    Column("pickup_at", ColumnKind.LABEL),
    Column("urban", ColumnKind.LABEL),
    Column("accommodated", ColumnKind.LABEL),
    Column("exemption", ColumnKind.LABEL, required=False, nullable=True),
)


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

    ``exemption`` is read as :func:`request_lead_time_table` reads its ``exemption`` column:
    without the spaces around it and without regard to case (``"Urgent "`` and ``"URGENT"`` are
    ``urgent``, which the finding shows); None, a missing value (NaN, ``pd.NA``) or blank text (an
    empty cell) is no exemption; any other value that is not text is an
    :class:`~tenncare_calc.core.errors.InvalidTypeError` (a ``TypeError``), as in every choice.

    >>> finding = request_lead_time(requested_at=dt.datetime(2008, 10, 6, 9, 0),
    ...     pickup_at=dt.datetime(2008, 10, 6, 12, 0), urban=True, accommodated=False)
    >>> finding.outcome.value, finding.margin, dict(finding.subject)["advance_request"]
    ('not_met', Decimal('0'), 'no')
    >>> urgent = request_lead_time(requested_at=dt.datetime(2008, 10, 6, 11, 0),
    ...     pickup_at=dt.datetime(2008, 10, 6, 12, 0), urban=True, accommodated=False,
    ...     exemption="Urgent ")
    >>> urgent.outcome.value, dict(urgent.subject)["exemption"]
    ('not_assessed', 'urgent')
    """
    requested = _datetime(requested_at, "requested_at")
    pickup = _datetime(pickup_at, "pickup_at")
    _same_kind(requested, pickup, "pickup_at")
    is_urban = _flag(urban, "urban")
    was_accommodated = _flag(accommodated, "accommodated")
    # read as the table reads its column: trimmed, any case; missing or blank: no exemption
    exempt = to_optional_choice(exemption, EXEMPTIONS, field="exemption")
    _not_before(pickup, requested, "pickup_at")
    on = requested.date()
    advance_hours, advance = _parameter(profile, "nemt.request_lead_time_hours", on)
    name = "nemt.short_notice_hours_urban" if is_urban else "nemt.short_notice_hours_non_urban"
    short_hours, short = _parameter(profile, name, on)
    lead = _micros(pickup - requested)
    accommodate = SHORT_NOTICE.threshold(short_hours)
    in_advance = ADVANCE_REQUEST.threshold(advance_hours).met(lead)
    area = "urban" if is_urban else "non-urban"
    subject = (
        ("pickup_area", area),
        ("advance_request", "yes" if in_advance else "no"),
        ("exemption", exempt or "none"),
        ("accommodated", "yes" if was_accommodated else "no"),
    )
    steps = [
        (
            f"requested {requested.isoformat()}; pick-up {pickup.isoformat()}: lead time "
            f"{duration_text(lead)}"
        ),
        f"{advance_hours}-hour advance request: {'yes' if in_advance else 'no'}"
        + (
            ""
            if in_advance or exempt is not None
            else " (A.3.2: the member receives additional education, A.10)"
        ),
    ]
    note = None
    if accommodate.met(lead):
        outcome = Outcome.MET if was_accommodated else Outcome.NOT_MET
    elif exempt is None:
        outcome = Outcome.NOT_APPLICABLE
        note = (
            f"requested less than {short_hours} hours before the pick-up ({area}); A.3.2 does not "
            "require the contractor to accommodate it"
        )
    else:
        outcome = Outcome.NOT_ASSESSED
        note = (
            f"exempt ({exempt}) from the {advance_hours}-hour timeframe and requested less than "
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
        measured=minutes_beside_line(lead, line=int(accommodate.limit)),
        limit=Decimal(short_hours * 60),
        margin=minutes_beside_line(int(accommodate.margin(lead))),
        unit="minutes",
        subject=subject,
        steps=tuple(steps),
        note=note,
        parameters=(advance, short),
    )


def request_lead_time_table(
    trips: object,
    *,
    columns: Mapping[str, str] | None = None,
    profile: ContractProfile | None = None,
    on_error: OnError = "raise",
    carry: str | Sequence[str] = (),
) -> FindingsTable:
    """Return a findings table of :func:`request_lead_time` over trip rows (Attachment XI A.3.2).

    Columns: ``requested_at`` and ``pickup_at`` (timestamps or ``YYYY-MM-DD HH:MM`` text, with a
    time of day), ``urban`` and ``accommodated`` (yes/no), optionally ``exemption`` (urgent /
    provider_change / follow_up, in any case, the spaces around it ignored; empty for none: null
    or blank text, as :func:`request_lead_time` reads these values). Rows that cannot be checked
    are rejected with their reason (raised, or in ``.rejected`` with ``on_error="collect"``).

    ``columns`` maps the library's column names to yours (:mod:`tenncare_calc.columnar.column_mapping`).

    Examples
    --------
    >>> findings = request_lead_time_table({"requested_at": ["2008-10-06 09:30", "2008-10-06 11:00"],
    ...     "pickup_at": ["2008-10-06 13:00", "2008-10-06 13:00"], "urban": [True, True],
    ...     "accommodated": [False, False]})
    >>> [(r["outcome"], r["margin"], r["advance_request"]) for r in findings.rows()]
    [('not_met', '30', False), ('not_applicable', '-60', False)]
    """
    trips = named_columns(trips, columns, name="trips")
    from tenncare_calc import columnar as cols  # noqa: PLC0415 - needs the data extra
    from tenncare_calc.columnar import (  # noqa: PLC0415 - needs the data extra
        check_on_error,
    )
    from tenncare_calc.columnar.categories import (  # noqa: PLC0415 - the data extra
        flag_column,
        read_flags,
    )

    np, pa = _np(), _pa()
    mode = check_on_error(on_error)
    table = read_with_carried(trips, LEAD_TIME_COLUMNS, name="trips", carry=carry)
    table, requested, requested_timed = cols.moments(table, "requested_at")
    table, pickup, pickup_timed = cols.moments(table, "pickup_at")
    table = _timed(_timed(table, "requested_at", requested_timed), "pickup_at", pickup_timed)
    # the pick-up on the request's clock: the time between instants, as request_lead_time measures
    table, pickup = cols.on_clock_of(table, "pickup_at", pickup, "requested_at")
    table, urban = read_flags(table, "urban")
    table, accommodated = read_flags(table, "accommodated")
    table, exemption = cols.choice_categories(table, "exemption", EXEMPTIONS, nullable=True)
    table = table.reject(
        pickup < requested, "pickup_at {pickup_at!s} is before requested_at {requested_at!s}"
    )
    resolved = _profile(profile)
    span = _day_span(requested)

    def days() -> Any:  # noqa: ANN401 - a numpy int64 array
        return np.floor_divide(requested, cols.MICROS_PER_DAY)

    found_versions = []
    values = []
    for name in (
        "nemt.request_lead_time_hours",
        "nemt.short_notice_hours_urban",
        "nemt.short_notice_hours_non_urban",
    ):
        table, value, versions = _per_row(
            table, resolved, name, days=days, span=span, column="requested_at"
        )
        values.append(value)
        found_versions.extend(versions)
    advance, short_urban, short_other = values
    checked = table.check(on_error=mode)
    keep = cols.kept_rows(checked)
    is_urban, was_accommodated = urban[keep], accommodated[keep]
    start, end = requested[keep], pickup[keep]
    urban_hours, other_hours = _kept(short_urban, keep), _kept(short_other, keep)
    exempt = exemption.rows_where([value is not None for value in exemption.values()])[keep]

    def judge(block: slice) -> Any:  # noqa: ANN401 - a numpy bool array
        # each row against its pick-up area's line: both lines, then the row's (no hours per row)
        ahead, where = end[block] - start[block], is_urban[block]
        return (SHORT_NOTICE.met(ahead, _part(urban_hours, block)) & where) | (
            SHORT_NOTICE.met(ahead, _part(other_hours, block)) & ~where
        )

    judged = _blockwise(len(start), judge)

    @functools.cache
    def lead() -> Any:  # noqa: ANN401 - a numpy int64 array
        return end - start

    # met 0, not met 1 (judged: accommodated or not); not assessed 2 (exempt), not applicable 3,
    # by arithmetic on 0/1 bytes (numpy's where branches on each row)
    outcome = (judged & ~was_accommodated).view(np.uint8) + (~judged).view(np.uint8) * (
        3 - exempt.view(np.uint8)
    )

    @functools.cache
    def hours() -> Any:  # noqa: ANN401 - a numpy int64 array
        # each row's short-notice hours: its area's, by arithmetic on the 0/1 of ``is_urban``
        # (numpy's where branches on each row)
        return other_hours + (urban_hours - other_hours) * is_urban

    # the verdict now; the figures that explain it when the findings are read
    found: dict[str, Deferred] = {
        "pickup_area": lambda: cols.text_column(is_urban, ("non-urban", "urban")),
        "advance_request": lambda: pa.array(ADVANCE_REQUEST.met(lead(), _kept(advance, keep))),
        "exemption": lambda: exemption.encoded(keep),
        "accommodated": lambda: pa.array(was_accommodated),
        "outcome": cols.text_column(outcome, ("met", "not_met", "not_assessed", "not_applicable")),
        "met": flag_column(was_accommodated & judged, ~judged),
        "standard": lambda: _texts_by(
            hours() * 2 + is_urban,
            lambda key: (
                f"requests made at least {key // 2} hours before the pick-up "
                f"({'urban' if key % 2 else 'non-urban'}) are accommodated"
            ),
        ),
        "measured": lambda: cols.minutes_decimals(lead(), line=SHORT_NOTICE.limit(hours())),
        "limit": lambda: cols.scaled_decimals(hours() * 60 * 10_000),
        "margin": lambda: cols.minutes_decimals(SHORT_NOTICE.margin(lead(), hours()), line=0),
        "unit": lambda: cols.repeated_text("minutes", checked.rows_used),
        "section": lambda: cols.repeated_text(_A32, checked.rows_used),
    }
    return findings_from_columns(
        "nemt.request_lead_time",
        checked,
        found,
        found_versions,
        carry=carry,
    )
