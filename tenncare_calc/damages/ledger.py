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

__all__ = [
    "DamagesLedger",
    "LedgerLine",
    "LiabilityCheck",
    "check_maximum_liability",
    "damages_ledger",
    "ledger_from_csv",
    "load_observations",
]

import csv
import datetime as dt
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import attrs
from dateutil.relativedelta import relativedelta

from tenncare_calc.contract.loader import default_profile
from tenncare_calc.core.charts import StackedBars
from tenncare_calc.core.errors import (
    InvalidInputError,
    InvalidTypeError,
    InvalidValueError,
    RejectedRowsError,
    TennCareError,
)
from tenncare_calc.core.explanation import Explanation, cite_all
from tenncare_calc.core.parts import REJECTED_COLUMNS, Column, ColumnType, Table
from tenncare_calc.core.presentable import Plottable
from tenncare_calc.core.values import exact_context, format_money, to_date, to_money
from tenncare_calc.damages.assessment import line_cells
from tenncare_calc.damages.items import assess_item
from tenncare_calc.damages.lines import LINE_COLUMNS, LINE_FORMULAS
from tenncare_calc.damages.schedule import DamageSchedule, Period, RuleKind

if TYPE_CHECKING:
    from tenncare_calc.contract.parameters import ParameterValue
    from tenncare_calc.contract.profile import ContractProfile
    from tenncare_calc.core.parts import Cell
    from tenncare_calc.damages.assessment import Assessment

ZERO = Decimal("0.00")
OnError = Literal["raise", "collect"]

_LEDGER_COLUMNS = (
    Column(
        "row", ColumnType.COUNT, description="the observation's row (0-based, header not counted)"
    ),
    Column("reference", ColumnType.TEXT, brief=False),
    Column("period_start", ColumnType.DATE, title="period start", brief=False),
    Column("period_end", ColumnType.DATE, title="period end", brief=False),
    Column("accrual_date", ColumnType.DATE, title="accrues", description="the line's date"),
    Column("month", ColumnType.TEXT, brief=False, description="the accrual month, YYYY-MM"),
    Column("quarter", ColumnType.TEXT, brief=False, description="the accrual quarter, YYYY-Qn"),
    *LINE_COLUMNS,
)
_AMOUNT = Column("amount", ColumnType.MONEY, description="the sum of the lines")
_LINES = Column("lines", ColumnType.COUNT)
_MONTH_COLUMNS = (Column("month", ColumnType.TEXT), _LINES, _AMOUNT)
_QUARTER_COLUMNS = (Column("quarter", ColumnType.TEXT), _LINES, _AMOUNT)
_ITEM_COLUMNS = (
    Column("item", ColumnType.TEXT),
    Column("section", ColumnType.TEXT),
    Column("title", ColumnType.TEXT),
    _LINES,
    _AMOUNT,
)


def _total_columns(*, checked: bool) -> tuple[Column, ...]:
    """Return the totals' columns; the liability check's are brief only when it was made."""
    return tuple(
        attrs.evolve(column, brief=checked) if column.name in _CHECK_COLUMNS else column
        for column in _TOTAL_COLUMNS
    )


_CHECK_COLUMNS = {"total_payments", "net_payments", "headroom", "within"}
_TOTAL_COLUMNS = (
    Column("year", ColumnType.COUNT, grouping=False),
    Column("lines", ColumnType.COUNT),
    Column("total", ColumnType.MONEY, description="the sum of the lines, each rounded to cents"),
    Column(
        "maximum_liability",
        ColumnType.MONEY,
        title="maximum liability",
        description="the State's maximum liability under the Agreement",
    ),
    Column("liability_section", ColumnType.TEXT, title="section", brief=False),
    Column(
        "total_payments",
        ColumnType.MONEY,
        title="total payments",
        description="the State's total payments under the Agreement, as given",
    ),
    Column(
        "net_payments",
        ColumnType.MONEY,
        title="payments net of damages",
        description="total payments - the ledger's damages",
    ),
    Column("headroom", ColumnType.MONEY, description="maximum liability - total payments"),
    Column("within", ColumnType.BOOL, description="total payments <= maximum liability"),
    Column("rows_in", ColumnType.COUNT, title="observations"),
    Column("rejected", ColumnType.COUNT, title="rejected observations"),
    Column("profile", ColumnType.TEXT, brief=False),
    Column("what_if", ColumnType.TEXT, title="what-if overrides", brief=False),
)

_MONTH = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")
_QUARTER = re.compile(r"^\s*(\d{4})-?[Qq]([1-4])\s*$")
_TRUE = {"true", "yes", "y", "1"}
_FALSE = {"false", "no", "n", "0"}
_DATE_FIELDS = {"start", "end", "due", "received", "date"}
_BOOL_FIELDS = {"corrective_action_plan", "standards_met"}
_PERIOD_FIELDS = {"date", "month", "quarter"}
_ALL_QUARTERS = ("Q1", "Q2", "Q3", "Q4")


# --------------------------------------------------------------------------------------------------
# Parsing record values (typed values pass through; CSV text is parsed)


def _date(value: object, field: str) -> dt.date:
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise InvalidInputError(
                f"{field!r} must be a date written YYYY-MM-DD (got {value!r})",
                field=field,
                value=value,
            ) from None
    return to_date(value, field=field)


def _bool(value: object, field: str) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
        return value.strip().lower() in _TRUE
    raise InvalidInputError(
        f"{field!r} must be true or false (or yes/no, 1/0) (got {value!r})",
        field=field,
        value=value,
    )


def _names(value: object) -> object:
    if isinstance(value, str):
        text = value.strip()
        if text.lower() == "none":
            return ()
        return tuple(part.strip() for part in text.split(";") if part.strip())
    return value


def _mapping(value: object, field: str) -> object:
    if not isinstance(value, str):
        return value
    found: dict[str, str] = {}
    for part in value.split(";"):
        if not part.strip():
            continue
        name, equals, percent = part.partition("=")
        if not equals or not name.strip():
            raise InvalidInputError(
                f"{field!r} must be written 'element=percent; element=percent', such as "
                f"'address=12.5; phone=3' (got {value!r})",
                field=field,
                value=value,
            )
        found[name.strip()] = percent.strip()
    return found


def _month(value: object) -> tuple[dt.date, dt.date]:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        first = value.replace(day=1)
    elif isinstance(value, str) and (match := _MONTH.match(value)) and 1 <= int(match[2]) <= 12:  # noqa: PLR2004
        first = dt.date(int(match[1]), int(match[2]), 1)
    else:
        raise InvalidInputError(
            f"'month' must be a month written YYYY-MM, such as 2008-03 (got {value!r})",
            field="month",
            value=value,
        )
    return first, first + relativedelta(months=+1, days=-1)


def _quarter(value: object) -> tuple[dt.date, dt.date]:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        first = value.replace(month=3 * ((value.month - 1) // 3) + 1, day=1)
    elif isinstance(value, str) and (match := _QUARTER.match(value)):
        first = dt.date(int(match[1]), 3 * int(match[2]) - 2, 1)
    else:
        raise InvalidInputError(
            f"'quarter' must be a calendar quarter written YYYY-Qn, such as 2008-Q1 (got {value!r})",
            field="quarter",
            value=value,
        )
    return first, first + relativedelta(months=+3, days=-1)


def _quarter_name(day: dt.date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def _clean(record: Mapping[str, object]) -> dict[str, object]:
    """Return the record without empty fields (an empty CSV cell or ``None`` means absent)."""
    cleaned = {}
    for key, value in record.items():
        if not isinstance(key, str):
            raise InvalidInputError(
                f"record field names must be text (got {key!r})", field="record", value=key
            )
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        cleaned[key.strip()] = value
    return cleaned


def _typed(record: dict[str, object], waiver_flags: set[str]) -> dict[str, object]:
    typed: dict[str, object] = {}
    for key, value in record.items():
        if key in _DATE_FIELDS:
            typed[key] = _date(value, key)
        elif key in _BOOL_FIELDS or key in waiver_flags:
            typed[key] = _bool(value, key)
        elif key == "unmet":
            typed[key] = _names(value)
        elif key.endswith("_by_element"):
            typed[key] = _mapping(value, key)
        else:
            typed[key] = value
    return typed


# --------------------------------------------------------------------------------------------------
# Lines and the ledger


@attrs.frozen
class LedgerLine:
    """One assessed observation: its row, period, accrual date and the assessment."""

    row: int
    assessment: Assessment = attrs.field(
        repr=lambda assessment: f"<{assessment.item.id}: {assessment.amount}>"
    )
    period_start: dt.date
    period_end: dt.date
    accrual: dt.date
    reference: str | None = None

    @property
    def item_id(self) -> str:
        """Return the schedule item's id."""
        return self.assessment.item.id

    @property
    def amount(self) -> Decimal:
        """Return the line's amount (rounded to cents, ruling M3)."""
        return self.assessment.amount

    @property
    def month(self) -> str:
        """Return the accrual month as ``YYYY-MM``."""
        return f"{self.accrual.year}-{self.accrual.month:02d}"

    @property
    def quarter(self) -> str:
        """Return the accrual calendar quarter as ``YYYY-Qn``."""
        return _quarter_name(self.accrual)

    def describe(self) -> str:
        """Return the line in one row of text."""
        applied = f"; {self.assessment.applied}" if self.assessment.applied else ""
        reference = f" ({self.reference})" if self.reference else ""
        return (
            f"row {self.row}{reference}: {self.item_id} {self.period_start.isoformat()} to "
            f"{self.period_end.isoformat()}, accrues {self.accrual.isoformat()}: "
            f"{format_money(self.amount)}{applied}"
        )

    def cells(self) -> dict[str, Cell]:
        """Return the line's cells by column name of the ledger's ``assessments`` part."""
        return {
            "row": self.row,
            "reference": self.reference,
            "period_start": self.period_start,
            "period_end": self.period_end,
            "accrual_date": self.accrual,
            "month": self.month,
            "quarter": self.quarter,
            **line_cells(self.assessment),
        }

    def row_dict(self) -> dict[str, Any]:
        """Return the line as one flat JSON-ready dict (a row of the ``assessments`` part)."""
        return {
            column.name: column.plain(value)
            for column in _LEDGER_COLUMNS
            for value in [self.cells()[column.name]]
        }

    def to_dict(self) -> dict[str, Any]:
        """Return the line, with its full assessment, as JSON-ready data."""
        return {
            "row": self.row,
            "reference": self.reference,
            "period_start": self.period_start.isoformat(),
            "period_end": self.period_end.isoformat(),
            "accrual_date": self.accrual.isoformat(),
            "month": self.month,
            "quarter": self.quarter,
            "assessment": self.assessment.to_dict(),
        }


@attrs.frozen
class LiabilityCheck:
    """Total payments under the Agreement against the State's maximum liability (§3.12.1.1).

    ``total_payments`` is the caller's figure: what the State has paid under the Agreement (the
    maximum is for the whole Agreement, not a year). ``damages`` are the ledger's liquidated
    damages, shown with the payments net of them; the check compares the payments themselves.
    """

    maximum_liability: ParameterValue
    total_payments: Decimal
    damages: Decimal

    @property
    def net_payments(self) -> Decimal:
        """Return the payments less the damages."""
        with exact_context():
            return self.total_payments - self.damages

    @property
    def headroom(self) -> Decimal:
        """Return the maximum liability less the payments (negative when exceeded)."""
        maximum: Decimal = self.maximum_liability.value
        with exact_context():
            return maximum - self.total_payments

    @property
    def within(self) -> bool:
        """Return whether the payments are at or below the maximum liability."""
        return bool(self.total_payments <= self.maximum_liability.value)

    def explain(self) -> str:
        """Return the check as text."""
        text = Explanation("Maximum liability check")
        text.add(
            f"maximum liability of the State: {format_money(self.maximum_liability.value)}",
            cites=[self.maximum_liability.section],
        )
        text.add(f"total payments under the Agreement (given): {format_money(self.total_payments)}")
        verdict = "are within" if self.within else "EXCEED"
        text.add(
            f"headroom = {format_money(self.maximum_liability.value)} - "
            f"{format_money(self.total_payments)} = {format_money(self.headroom)}: payments "
            f"{verdict} the maximum"
        )
        text.add(
            f"liquidated damages in the ledger: {format_money(self.damages)}; payments net of "
            f"damages: {format_money(self.net_payments)}"
        )
        text.add(f"parameter: {self.maximum_liability.provenance()}")
        return text.render()

    def to_dict(self) -> dict[str, Any]:
        """Return the check as JSON-ready data."""
        return {
            "maximum_liability": str(self.maximum_liability.value),
            "section": self.maximum_liability.section,
            "total_payments": str(self.total_payments),
            "damages": str(self.damages),
            "net_payments": str(self.net_payments),
            "headroom": str(self.headroom),
            "within": self.within,
        }


def check_maximum_liability(
    total_payments: object,
    *,
    damages: object = 0,
    profile: ContractProfile | None = None,
    on: dt.date | None = None,
) -> LiabilityCheck:
    """Return total payments checked against the State's maximum liability (§3.12.1.1).

    >>> check = check_maximum_liability("1600000000")
    >>> check.within, check.headroom
    (False, Decimal('-26161964.00'))
    """
    chosen = default_profile() if profile is None else profile
    return LiabilityCheck(
        maximum_liability=chosen.get("contract.maximum_liability", on=on),
        total_payments=to_money(total_payments, field="total_payments"),
        damages=to_money(damages, field="damages"),
    )


@attrs.frozen(repr=False)
class DamagesLedger(Plottable):
    """A year's liquidated damages: lines, totals by month, quarter and item, rejected rows.

    Besides ``explain()`` and ``to_dict()`` it shows itself as tables (parts ``assessments``,
    ``by_month``, ``by_quarter``, ``by_item``, ``totals``, ``rejected``): as HTML in a notebook,
    Markdown, CSV, a pandas DataFrame (``to_frame()``), an Excel workbook whose amounts and totals
    are live formulas over the lines (``to_excel()``), and a chart of the damages by month and
    item (``plot()``).
    """

    def __repr__(self) -> str:
        """Return a short summary: year, lines, rejected rows and the total."""
        return (
            f"DamagesLedger(year={self.year}, lines={len(self.lines)}, "
            f"rejected={len(self.rejected)}, total={self.total!r})"
        )

    year: int
    lines: tuple[LedgerLine, ...]
    rows_in: int
    rejected: tuple[tuple[int, str], ...]
    item_ids: tuple[str, ...]
    maximum_liability: ParameterValue
    liability: LiabilityCheck | None
    profile_id: str
    profile_version: str
    overrides: tuple[tuple[str, str], ...] = ()
    #: The schedule in force at the end of the year (titles and sections of the items).
    schedule: DamageSchedule | None = None

    @property
    def total(self) -> Decimal:
        """Return the sum of the lines (each already rounded to cents, ruling M3)."""
        with exact_context():
            return sum((line.amount for line in self.lines), ZERO)

    def _totals(self, keys: Iterable[str], key_of: str) -> dict[str, Decimal]:
        totals = dict.fromkeys(keys, ZERO)
        with exact_context():
            for line in self.lines:
                key = getattr(line, key_of)
                totals[key] = totals.get(key, ZERO) + line.amount
        return totals

    @property
    def by_month(self) -> dict[str, Decimal]:
        """Return the total of each month of the year (``YYYY-MM``), all twelve, in order."""
        return self._totals((f"{self.year}-{month:02d}" for month in range(1, 13)), "month")

    @property
    def by_quarter(self) -> dict[str, Decimal]:
        """Return the total of each calendar quarter (``YYYY-Qn``), all four, in order."""
        return self._totals((f"{self.year}-{q}" for q in _ALL_QUARTERS), "quarter")

    @property
    def by_item(self) -> dict[str, Decimal]:
        """Return the total of each schedule item, in schedule order (zero where none)."""
        return self._totals(self.item_ids, "item_id")

    def check_maximum_liability(self, total_payments: object) -> LiabilityCheck:
        """Return ``total_payments`` checked against the maximum liability, with these damages."""
        return LiabilityCheck(
            maximum_liability=self.maximum_liability,
            total_payments=to_money(total_payments, field="total_payments"),
            damages=self.total,
        )

    def _item_titles(self) -> dict[str, tuple[str, str]]:
        found = {line.item_id: (line.assessment.item.section, line.assessment.item.title)
                 for line in self.lines}  # fmt: skip
        schedule = self.schedule
        for item in schedule.items if schedule is not None else ():
            found.setdefault(item.id, (item.section, item.title))
        return found

    def tables(self) -> tuple[Table, ...]:
        """Return the ledger's parts: assessments, by_month, by_quarter, by_item, totals, rejected.

        ``assessments`` (the primary part) has one row per line with the arithmetic of its amount
        (see :mod:`tenncare_calc.damages.lines`); the totals part is one record with the maximum
        liability check when total payments were given.

        Examples
        --------
        >>> from tenncare_calc.p4p import sample_path
        >>> ledger = ledger_from_csv(sample_path("damages_2008.csv"), 2008)
        >>> [table.name for table in ledger.tables()]
        ['assessments', 'by_month', 'by_quarter', 'by_item', 'totals', 'rejected']
        >>> ledger.rows("totals")[0]["total"]
        '117050.00'
        """
        lines = [line.cells() for line in self.lines]
        counts: dict[tuple[str, str], int] = {}
        for line in self.lines:
            for key in (("month", line.month), ("quarter", line.quarter), ("item", line.item_id)):
                counts[key] = counts.get(key, 0) + 1
        titles = self._item_titles()
        by_month = tuple(
            (month, counts.get(("month", month), 0), amount)
            for month, amount in self.by_month.items()
        )
        by_quarter = tuple(
            (quarter, counts.get(("quarter", quarter), 0), amount)
            for quarter, amount in self.by_quarter.items()
        )
        by_item = tuple(
            (item, *titles.get(item, (None, None)), counts.get(("item", item), 0), amount)
            for item, amount in self.by_item.items()
        )
        check = self.liability
        totals = {
            "year": self.year,
            "lines": len(self.lines),
            "total": self.total,
            "maximum_liability": self.maximum_liability.value,
            "liability_section": cite_all([self.maximum_liability.section]),
            "total_payments": None if check is None else check.total_payments,
            "net_payments": None if check is None else check.net_payments,
            "headroom": None if check is None else check.headroom,
            "within": None if check is None else check.within,
            "rows_in": self.rows_in,
            "rejected": len(self.rejected),
            "profile": f"{self.profile_id} {self.profile_version}",
            "what_if": "; ".join(f"{name} = {shown}" for name, shown in self.overrides) or None,
        }
        year = self.year
        return (
            Table.from_records(
                "assessments", f"Liquidated damages {year}: assessments", _LEDGER_COLUMNS, lines
            ),
            Table("by_month", f"Liquidated damages {year} by month", _MONTH_COLUMNS, by_month),
            Table(
                "by_quarter", f"Liquidated damages {year} by quarter", _QUARTER_COLUMNS, by_quarter
            ),
            Table("by_item", f"Liquidated damages {year} by item", _ITEM_COLUMNS, by_item),
            Table.from_records(
                "totals",
                f"Liquidated damages {year}: total and maximum liability (§3.12.1.1)",
                _total_columns(checked=check is not None),
                [totals],
                record=True,
            ),
            Table(
                "rejected",
                f"Liquidated damages {year}: rejected rows (not in the totals)",
                REJECTED_COLUMNS,
                self.rejected,
                brief=bool(self.rejected),
            ),
        )

    def excel_formulas(self) -> Mapping[str, Mapping[str, str]]:
        """Return the ledger's amounts as Excel formulas over its lines.

        Each line's base amount and amount as in :data:`~tenncare_calc.damages.lines.LINE_FORMULAS`
        (rate x quantity + amount paid + period or tier amount; the reduction's MIN; the waiver);
        the totals by month, quarter and item as ``SUMPRODUCT`` over the lines (exact matches,
        never criteria syntax), the counts likewise; the total as ``SUM`` of the lines; with total
        payments, the headroom, the payments net of damages and whether they are within the
        maximum.
        """

        def by(key: str) -> dict[str, str]:
            match = f"({{assessments.{key}:*}}={{{key}}})"
            return {
                "lines": f"SUMPRODUCT({match}*1)",
                "amount": f"SUMPRODUCT({match}*{{assessments.amount:*}})",
            }

        totals = {"total": "SUM({assessments.amount:*})"}
        if self.liability is not None:
            totals |= {
                "net_payments": "ROUND({total_payments}-{total}, 2)",
                "headroom": "ROUND({maximum_liability}-{total_payments}, 2)",
                "within": "{total_payments}<={maximum_liability}",
            }
        return {
            "assessments": LINE_FORMULAS,
            "by_month": by("month"),
            "by_quarter": by("quarter"),
            "by_item": by("item"),
            "totals": totals,
        }

    def chart(self) -> StackedBars:
        """Return the chart of the damages by month (bars), stacked by item; ``plot()`` draws it.

        Every month of the year is on the axis; items whose lines total zero are left out of the
        legend. See :func:`tenncare_calc.outputs.charts.stacked_bars`.
        """
        amounts: dict[tuple[str, str], Decimal] = {}
        with exact_context():
            for line in self.lines:
                key = (line.month, line.item_id)
                amounts[key] = amounts.get(key, ZERO) + line.amount
        items = [item for item, total in self.by_item.items() if total]
        rows = tuple(
            (month, item, amounts.get((month, item), ZERO))
            for month in self.by_month
            for item in items
        )
        if not rows:
            rows = tuple((month, "(no damages)", ZERO) for month in self.by_month)
        chart = Table(
            "by_month_and_item",
            f"Liquidated damages {self.year} by month and item",
            (_MONTH_COLUMNS[0], Column("item", ColumnType.TEXT), _MONTH_COLUMNS[2]),
            rows,
        )
        return StackedBars(chart, x="month", stack="item", value="amount")

    def explain(self) -> str:
        """Return the whole ledger as text: each line, the totals, the liability check, rejects."""
        text = Explanation(
            f"Liquidated damages ledger {self.year} (profile {self.profile_id} "
            f"{self.profile_version})"
        )
        for name, shown in self.overrides:
            text.add(f"WHAT-IF: {name} overridden to {shown}")
        text.add(
            f"observations: {self.rows_in} row(s) in = {len(self.lines)} assessed + "
            f"{len(self.rejected)} rejected"
        )
        text.add("Lines (by accrual date):")
        for line in self.lines:
            text.add(line.describe(), indent=2, cites=[line.assessment.item.section])
        text.add("Totals by month:")
        for key, amount in self.by_month.items():
            text.add(f"{key}: {format_money(amount)}", indent=2)
        text.add("Totals by quarter:")
        for key, amount in self.by_quarter.items():
            text.add(f"{key}: {format_money(amount)}", indent=2)
        text.add("Totals by item:")
        for key, amount in self.by_item.items():
            count = sum(1 for line in self.lines if line.item_id == key)
            text.add(f"{key}: {format_money(amount)} ({count} line(s))", indent=2)
        text.add(f"Total: {format_money(self.total)} (the sum of the lines, each rounded to cents)")
        text.add(f"maximum liability: {self.maximum_liability.provenance()}")
        if self.liability is not None:
            text.extend(self.liability.explain(), indent=1)
        if self.rejected:
            text.add("Rejected rows (not in the totals):")
            for row, reason in self.rejected:
                text.add(f"row {row}: {reason}", indent=2)
        return text.render()

    def to_dict(self) -> dict[str, Any]:
        """Return the ledger as deterministic JSON-ready data (Decimals as strings)."""
        return {
            "ledger": "liquidated_damages",
            "year": self.year,
            "profile": {
                "id": self.profile_id,
                "version": self.profile_version,
                "overrides": [list(pair) for pair in self.overrides],
            },
            "rows_in": self.rows_in,
            "lines": [line.to_dict() for line in self.lines],
            "totals": {
                "by_month": {key: str(value) for key, value in self.by_month.items()},
                "by_quarter": {key: str(value) for key, value in self.by_quarter.items()},
                "by_item": {key: str(value) for key, value in self.by_item.items()},
                "total": str(self.total),
            },
            "maximum_liability": {
                "value": str(self.maximum_liability.value),
                "section": cite_all([self.maximum_liability.section]),
            },
            "liability_check": None if self.liability is None else self.liability.to_dict(),
            "rejected": [{"row": row, "reason": reason} for row, reason in self.rejected],
        }


# --------------------------------------------------------------------------------------------------
# Building the ledger


def _period(
    rule: RuleKind, period: Period, record: dict[str, object]
) -> tuple[dt.date, dt.date, dt.date, dict[str, object]]:
    """Return (period start, period end, accrual date, the fields left for the assessment)."""
    fields = dict(record)
    if rule is RuleKind.PER_CALENDAR_DAY:
        start, end = fields.get("start"), fields.get("end")
        if isinstance(start, dt.date) and isinstance(end, dt.date):
            return start, end, end, fields
    elif rule is RuleKind.PER_DAY_LATE:
        due, received = fields.get("due"), fields.get("received")
        if isinstance(due, dt.date) and isinstance(received, dt.date):
            return due, max(due, received), max(due, received), fields
    elif period is Period.MONTHLY:
        if "month" in fields:
            first, last = _month(fields.pop("month"))
            return first, last, last, fields
    elif period is Period.QUARTERLY:
        if "quarter" in fields:
            first, last = _quarter(fields.pop("quarter"))
            return first, last, last, fields
    elif "date" in fields:
        day = fields.pop("date")
        assert isinstance(day, dt.date)  # noqa: S101 - parsed by _typed
        return day, day, day, fields
    needs = {
        RuleKind.PER_CALENDAR_DAY: "'start' and 'end'",
        RuleKind.PER_DAY_LATE: "'due' and 'received'",
    }.get(rule) or {Period.MONTHLY: "'month'", Period.QUARTERLY: "'quarter'"}.get(period, "'date'")
    raise InvalidInputError(
        f"a ledger record of this item needs {needs} to date it", field="period", value=None
    )


def _check_on_error(on_error: object) -> OnError:
    if on_error not in ("raise", "collect"):
        raise InvalidValueError(
            f"'on_error' must be 'raise' or 'collect' (got {on_error!r})",
            field="on_error",
            value=on_error,
        )
    return "raise" if on_error == "raise" else "collect"


def damages_ledger(
    year: int,
    observations: Iterable[Mapping[str, object]],
    *,
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
        Plain records (see the module documentation for the fields), e.g. from
        :func:`load_observations`. Typed values or text (as read from CSV) are both accepted.
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
    if isinstance(year, bool) or not isinstance(year, int) or not 1900 <= year <= 9998:  # noqa: PLR2004
        raise InvalidValueError(
            f"'year' must be a calendar year such as 2008 (got {year!r})", field="year", value=year
        )
    mode = _check_on_error(on_error)
    if isinstance(observations, Mapping | str | bytes) or not isinstance(observations, Iterable):
        raise InvalidTypeError(
            "'observations' must be an iterable of records (mappings of field to value), "
            f"not {type(observations).__name__}",
            field="observations",
            value=observations,
        )
    chosen = default_profile() if profile is None else profile
    year_end = dt.date(year, 12, 31)
    lines: list[LedgerLine] = []
    rejected: list[tuple[int, str]] = []
    seen: dict[tuple[str, dt.date], int] = {}
    rows_in = 0
    for row, record in enumerate(observations):
        rows_in += 1
        try:
            line = _line(row, record, chosen, year, per_element)
            key = (line.item_id, line.period_start)
            period = line.assessment.item.period
            if period in (Period.MONTHLY, Period.QUARTERLY):
                if key in seen:
                    raise InvalidInputError(
                        f"{line.item_id} is already assessed for the {period.value[:-2]} "
                        f"starting {line.period_start.isoformat()} (row {seen[key]}); it is "
                        "assessed once per period",
                        field="period",
                        value=line.period_start.isoformat(),
                    )
                seen[key] = row
            lines.append(line)
        except TennCareError as error:
            rejected.append((row, str(error)))
    if rejected and mode == "raise":
        first = "; ".join(f"row {row}: {reason}" for row, reason in rejected[:3])
        more = f" (and {len(rejected) - 3} more)" if len(rejected) > 3 else ""  # noqa: PLR2004
        message = (
            f"{len(rejected)} of {rows_in} observation(s) cannot be assessed: {first}{more}; "
            "fix them or pass on_error='collect'"
        )
        raise RejectedRowsError(message, field="observations", rejected=tuple(rejected))
    lines.sort(key=lambda line: (line.accrual, line.row))
    schedule = chosen.value("damages.schedule", DamageSchedule, on=year_end)
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
    fields = _clean(record)
    item_id = fields.pop("item", None)
    if not isinstance(item_id, str):
        raise InvalidInputError(
            "an observation needs 'item', the id of a schedule item", field="item", value=item_id
        )
    reference = fields.pop("reference", None)
    schedule = profile.value("damages.schedule", DamageSchedule, on=dt.date(year, 12, 31))
    item = schedule.item(item_id.strip())
    flags = {item.waiver.flag} if item.waiver is not None else set()
    typed = _typed(fields, flags)
    if item.period in (Period.MONTHLY, Period.QUARTERLY) or item.rule is RuleKind.PER_COUNT:
        allowed = {"month"} if item.period is Period.MONTHLY else set()
        allowed |= {"quarter"} if item.period is Period.QUARTERLY else set()
        allowed |= {"date"} if item.rule is RuleKind.PER_COUNT else set()
        if stray := sorted((set(typed) & _PERIOD_FIELDS) - allowed):
            raise InvalidInputError(
                f"{stray} do(es) not date a {item.id} record; it takes {sorted(allowed)}",
                field=stray[0],
                value=stray,
            )
    start, end, accrual, rest = _period(item.rule, item.period, typed)
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


def load_observations(path: str | Path) -> list[dict[str, str]]:
    """Return the observation records of a CSV file (header row of field names; UTF-8).

    Columns are the record fields (``item``, ``reference``, ``date``, ``start``, ``end``,
    ``amount_paid``, ``due``, ``received``, ``count``, ``month``, ``quarter``, ``unmet``,
    ``standards_met``, ``confirmed_percent``, ``incorrect_percent_by_element``,
    ``corrective_action_plan``, ``waived``, ``shortage_waiver``); a row fills the ones its item
    takes and leaves the others empty. Lists are ``;``-separated (``unmet``: ``none`` when every
    standard was met); per-element percentages are ``address=12.5; phone=3``. Row 0 is the first
    line after the header.

    Examples
    --------
    >>> from tenncare_calc.p4p import sample_path
    >>> records = load_observations(sample_path("damages_2008.csv"))
    >>> len(records), records[0]["item"], records[0]["end"]
    (9, 'unlicensed_staff', '2008-02-02')
    """
    source = Path(path)
    try:
        with source.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            if not reader.fieldnames or "item" not in reader.fieldnames:
                raise InvalidInputError(
                    f"observations file {str(source)!r} needs a header row with an 'item' column "
                    f"(got {reader.fieldnames})",
                    field="item",
                    value=reader.fieldnames,
                )
            records = []
            for record in reader:
                if None in record:
                    raise InvalidInputError(
                        f"observations file {str(source)!r} line {reader.line_num} has more cells "
                        "than the header has columns",
                        field="path",
                        value=reader.line_num,
                    )
                records.append({key: value or "" for key, value in record.items()})
            return records
    except OSError as error:
        raise InvalidInputError(
            f"cannot read observations file {str(source)!r}: {error.strerror}",
            field="path",
            value=str(source),
        ) from None


def ledger_from_csv(
    path: str | Path,
    year: int,
    *,
    total_payments: object = None,
    per_element: bool | None = None,
    on_error: OnError = "raise",
    profile: ContractProfile | None = None,
) -> DamagesLedger:
    """Return the ledger of ``year`` from a CSV file of observations (see :func:`load_observations`).

    The bundled sample is a 2008 year worked by hand in ``docs/damages.md``:

    >>> from tenncare_calc.p4p import sample_path
    >>> ledger = ledger_from_csv(sample_path("damages_2008.csv"), 2008)
    >>> ledger.total, ledger.by_quarter["2008-Q1"]
    (Decimal('117050.00'), Decimal('60800.00'))
    """
    return damages_ledger(
        year,
        load_observations(path),
        total_payments=total_payments,
        per_element=per_element,
        on_error=on_error,
        profile=profile,
    )
