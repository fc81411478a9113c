"""A year's liquidated damages: every assessment with its period, and totals by month, quarter, item.

Observations are plain records (mappings, or rows of a CSV file read with :func:`load_observations`),
one per event or period. Every record names its ``item`` (a schedule id) and the fields that item
takes (see :func:`~tenncare_calc.damages.items.assess_item`), plus the field that dates it:

============================  ==================  ============================================
rule / period of the item     dating field        accrues on (month, quarter, year of the line)
============================  ==================  ============================================
per calendar day (A.2)        ``start``, ``end``  ``end``
per day late (C.6)            ``due``, ``received`` the later of ``due`` and ``received``
per occurrence (B.23, VII)    ``date``            ``date`` (of the finding or request)
monthly (VII)                 ``month``           the month's last day (``2008-03``)
quarterly (VII)               ``quarter``         the quarter's last day (``2008-Q1``)
============================  ==================  ============================================

An optional ``reference`` (a case number) is carried to the line. Lines whose accrual date is not in
the ledger's year, a second record for the same monthly or quarterly item and period, and any record
that cannot be assessed are rejected with their reason: raised together (``on_error="raise"``, the
default) or kept on ``ledger.rejected`` (``on_error="collect"``). No row is dropped silently.

>>> from datetime import date
>>> ledger = damages_ledger(2008, [
...     {"item": "late_provider_enrollment_file", "due": date(2008, 3, 20), "received": date(2008, 4, 2)},
...     {"item": "specialist_network", "month": "2008-04", "unmet": ["physician_specialists"]},
... ])
>>> ledger.total, ledger.by_quarter["2008-Q2"]
(Decimal('28250.00'), Decimal('28250.00'))
"""

from __future__ import annotations

__all__ = ["damages_ledger", "ledger_from_csv"]

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

from tenncare_calc.columnar import row_word, table_rows
from tenncare_calc.contract.loader import resolve_profile
from tenncare_calc.core.errors import (
    InvalidInputError,
    InvalidTypeError,
    InvalidValueError,
    RejectedRowsError,
    TennCareError,
)
from tenncare_calc.core.values import to_money, to_year
from tenncare_calc.damages.duplicates import Duplicates, check_duplicates, repeated_rows
from tenncare_calc.damages.items import assess_item
from tenncare_calc.damages.ledger import DamagesLedger
from tenncare_calc.damages.ledger_line import LedgerLine
from tenncare_calc.damages.liability import LiabilityCheck
from tenncare_calc.damages.observations import (
    OBSERVATION_FIELDS,
    PERIOD_FIELDS,
    clean_record,
    load_observations,
    record_period,
    typed_record,
)
from tenncare_calc.damages.schedule import DamageSchedule, Period, RuleKind

if TYPE_CHECKING:
    from pathlib import Path

    from tenncare_calc.contract.profile import ContractProfile

ZERO = Decimal("0.00")
OnError = Literal["raise", "collect"]


def _check_on_error(on_error: object) -> OnError:
    if not isinstance(on_error, str) or on_error not in ("raise", "collect"):
        raise InvalidValueError(
            f"'on_error' must be 'raise' or 'collect' (got {on_error!r})",
            field="on_error",
            value=on_error,
        )
    return "raise" if on_error == "raise" else "collect"


def damages_ledger(
    year: int,
    observations: object,
    *,
    columns: Mapping[str, str] | None = None,
    duplicates: Duplicates = "reject",
    total_payments: object = None,
    per_element: bool | None = None,
    on_error: OnError = "raise",
    profile: ContractProfile | None = None,
) -> DamagesLedger:
    """Return the ledger of a year's liquidated damages from its observations (§4.20.2.2.7, VII).

    Parameters
    ----------
    year
        The calendar year; a line belongs to the year, month and quarter of its accrual date.
    observations
        The observations, one row each (see the module documentation for the fields): any table
        (a pandas or polars DataFrame, a pyarrow Table, a mapping of columns, or a list of
        records, e.g. from :func:`load_observations`; see :mod:`tenncare_calc.columnar.row_input`).
        Typed values or text (as read from CSV) are both accepted; NaN, ``None`` and ``NaT`` are
        empty fields.
    columns
        Your column names for the fields: ``{"item": "ITEM_ID", "date": "FINDING_DATE"}``
        (:mod:`tenncare_calc.columnar.column_mapping`).
    duplicates
        ``"reject"`` (default): a row whose every field equals an earlier row's is rejected as a
        duplicate of that row, so one event is charged once; ``"keep"``: each row is charged.
    total_payments
        When given, the State's total payments under the Agreement, checked against the maximum
        liability (§3.12.1.1) in ``ledger.liability``.
    per_element
        Provider Information Accuracy: assess each failing data element (``True``) instead of the
        worst element once per quarter (ruling L3); ``None`` follows the schedule.
    on_error
        ``"raise"`` (default): any rejected row raises :class:`RejectedRowsError` listing them all;
        ``"collect"``: rejected rows are kept on ``ledger.rejected`` with their reasons.
    profile
        The contract profile; each line uses the schedule in force on its accrual date.

    Examples
    --------
    >>> ledger = damages_ledger(2008, [
    ...     {"item": "unlicensed_staff", "start": "2008-01-30", "end": "2008-02-02", "amount_paid": "800"},
    ...     {"item": "noncompliant_provider_agreements", "date": "2008-02-14", "count": "2"},
    ...     {"item": "geographic_access", "month": "2008-02", "standards_met": "no", "corrective_action_plan": "yes"},
    ... ])
    >>> ledger.by_month["2008-02"], ledger.by_item["unlicensed_staff"]
    (Decimal('35800.00'), Decimal('20800.00'))

    """
    year = to_year(year, field="year")
    mode = _check_on_error(on_error)
    repeats_allowed = check_duplicates(duplicates) == "keep"
    if isinstance(observations, str | bytes):
        raise InvalidTypeError(
            "'observations' must be a table of records (a DataFrame, a mapping of columns or a "
            f"list of mappings), not {type(observations).__name__}; for a file use ledger_from_csv",
            field="observations",
            value=observations,
        )
    chosen = resolve_profile(profile)
    year_end = dt.date(year, 12, 31)
    schedule = chosen.value("damages.schedule", DamageSchedule, on=year_end)
    table = table_rows(
        observations, name="observations", columns=columns, valid=observation_fields(schedule)
    )
    rows = table.rows

    def named(row: int) -> str:
        # A file's row by its line (header = line 1), a row given in Python by its position.
        return f"{row_word(table.format)} {table.number(row)}"

    repeats = {} if repeats_allowed else repeated_rows(rows)
    malformed = dict(table.malformed)  # lines of a file that could not be split into cells
    lines: list[LedgerLine] = []
    rejected: list[tuple[int, str]] = []
    seen: dict[tuple[str, dt.date], int] = {}
    rows_in = len(rows)
    for row, record in enumerate(rows):
        if row in malformed:
            rejected.append((row, malformed[row]))
            continue
        if row in repeats:
            rejected.append((row, _duplicate_reason(named(repeats[row]))))
            continue
        try:
            line = _line(row, record, chosen, year, per_element)
            key = (line.item_id, line.period_start)
            period = line.assessment.item.period
            if period in (Period.MONTHLY, Period.QUARTERLY):
                if key in seen:
                    raise InvalidInputError(
                        f"{line.item_id} is already assessed for the {period.value[:-2]} "
                        f"starting {line.period_start.isoformat()} ({named(seen[key])}); it is "
                        "assessed once per period",
                        field="period",
                        value=line.period_start.isoformat(),
                    )
                seen[key] = row
            lines.append(line)
        except TennCareError as error:
            rejected.append((row, str(error)))
    if rejected and mode == "raise":
        first = "; ".join(f"{named(row)}: {reason}" for row, reason in rejected[:3])
        more = f" (and {len(rejected) - 3} more)" if len(rejected) > 3 else ""  # noqa: PLR2004
        message = (
            f"{len(rejected)} of {rows_in} observation(s) cannot be assessed: {first}{more}; "
            "fix them or pass on_error='collect'"
        )
        raise RejectedRowsError(message, field="observations", rejected=tuple(rejected))
    lines.sort(key=lambda line: (line.accrual, line.row))
    extra = [line.item_id for line in lines if line.item_id not in schedule.ids()]
    maximum = chosen.get("contract.maximum_liability", on=year_end)
    total = sum((line.amount for line in lines), ZERO)
    liability = (
        None
        if total_payments is None
        else LiabilityCheck(maximum, to_money(total_payments, field="total_payments"), total)
    )
    return DamagesLedger(
        year=year,
        lines=tuple(lines),
        rows_in=rows_in,
        rejected=tuple(rejected),
        item_ids=(*schedule.ids(), *dict.fromkeys(extra)),
        maximum_liability=maximum,
        liability=liability,
        profile_id=chosen.id,
        profile_version=chosen.version,
        overrides=chosen.overrides,
        schedule=schedule,
    )


def _duplicate_reason(first: str) -> str:
    return (
        f"an exact duplicate of {first} (every field equal), charged once; if both happened, "
        "tell them apart (a 'reference'), or pass duplicates='keep'"
    )


def observation_fields(schedule: DamageSchedule) -> tuple[str, ...]:
    """Return the fields an observation may fill under ``schedule`` (the names ``columns=`` maps).

    >>> from tenncare_calc import default_profile
    >>> schedule = default_profile().value("damages.schedule", DamageSchedule, on=dt.date(2008, 12, 31))
    >>> observation_fields(schedule)[:3]
    ('item', 'reference', 'date')
    """
    extra = [item.measure for item in schedule.items if item.measure is not None]
    extra += [item.waiver.flag for item in schedule.items if item.waiver is not None]
    return tuple(dict.fromkeys((*OBSERVATION_FIELDS, *extra)))


def _line(
    row: int,
    record: object,
    profile: ContractProfile,
    year: int,
    per_element: bool | None,
) -> LedgerLine:
    if not isinstance(record, Mapping):
        raise InvalidTypeError(
            f"each observation must be a mapping of field to value (got {type(record).__name__})",
            field="observation",
            value=record,
        )
    fields = clean_record(record)
    item_id = fields.pop("item", None)
    if not isinstance(item_id, str):
        raise InvalidInputError(
            "an observation needs 'item', the id of a schedule item", field="item", value=item_id
        )
    reference = fields.pop("reference", None)
    schedule = profile.value("damages.schedule", DamageSchedule, on=dt.date(year, 12, 31))
    item = schedule.item(item_id.strip())
    flags = {item.waiver.flag} if item.waiver is not None else set()
    typed = typed_record(fields, flags)
    if item.period in (Period.MONTHLY, Period.QUARTERLY) or item.rule is RuleKind.PER_COUNT:
        allowed = {"month"} if item.period is Period.MONTHLY else set()
        allowed |= {"quarter"} if item.period is Period.QUARTERLY else set()
        allowed |= {"date"} if item.rule is RuleKind.PER_COUNT else set()
        if stray := sorted((set(typed) & PERIOD_FIELDS) - allowed):
            raise InvalidInputError(
                f"{stray} do(es) not date a {item.id} record; it takes {sorted(allowed)}",
                field=stray[0],
                value=stray,
            )
    start, end, accrual, rest = record_period(item.rule, item.period, typed)
    if accrual.year != year:
        raise InvalidInputError(
            f"{item.id} accrues on {accrual.isoformat()}, outside the ledger year {year}",
            field="period",
            value=accrual.isoformat(),
        )
    assessment = assess_item(
        item.id,
        rest,
        per_element=per_element if item.element_rule is not None else None,
        profile=profile,
        on=accrual,
    )
    return LedgerLine(
        row=row,
        assessment=assessment,
        period_start=start,
        period_end=end,
        accrual=accrual,
        reference=None if reference is None else str(reference).strip(),
    )


def ledger_from_csv(
    path: str | Path,
    year: int,
    *,
    columns: Mapping[str, str] | None = None,
    duplicates: Duplicates = "reject",
    total_payments: object = None,
    per_element: bool | None = None,
    on_error: OnError = "raise",
    profile: ContractProfile | None = None,
) -> DamagesLedger:
    """Return the ledger of ``year`` from a CSV file of observations (see :func:`load_observations`).

    ``columns``, ``duplicates`` and the other options are those of :func:`damages_ledger`.

    The bundled sample is a 2008 year worked by hand in ``docs/damages.md``:

    >>> from tenncare_calc.p4p import sample_path
    >>> ledger = ledger_from_csv(sample_path("damages_2008.csv"), 2008)
    >>> ledger.total, ledger.by_quarter["2008-Q1"]
    (Decimal('117050.00'), Decimal('60800.00'))
    """
    return damages_ledger(
        year,
        load_observations(path),
        columns=columns,
        duplicates=duplicates,
        total_payments=total_payments,
        per_element=per_element,
        on_error=on_error,
        profile=profile,
    )
