"""A line of a year's liquidated damages ledger: one assessed observation with its period.

A line keeps the observation's row (its 0-based position; the line in the file, header = line 1,
when read from a file by the command line or a program run), its optional reference (a
case number), the period it covers, the day it accrues (whose month and quarter it is totalled
in) and the assessment. As a row of the ledger's ``assessments`` part it shows the period and
then the arithmetic of its amount (:data:`~tenncare_calc.damages.lines.LINE_COLUMNS`).

Examples
--------
>>> names = [column.name for column in LEDGER_COLUMNS]
>>> names[:7]
['row', 'reference', 'period_start', 'period_end', 'accrual_date', 'month', 'quarter']
"""

from __future__ import annotations

__all__ = ["LEDGER_COLUMNS", "LedgerLine"]

from typing import TYPE_CHECKING, Any

import attrs

from tenncare_calc.core.parts import Column, ColumnType
from tenncare_calc.core.values import format_money
from tenncare_calc.damages.assessment import line_cells
from tenncare_calc.damages.lines import LINE_COLUMNS

if TYPE_CHECKING:
    import datetime as dt
    from decimal import Decimal

    from tenncare_calc.core.parts import Cell
    from tenncare_calc.damages.assessment import Assessment

#: The columns of the ledger's ``assessments`` part: the line's row and period, then its arithmetic.
LEDGER_COLUMNS = (
    Column(
        "row",
        ColumnType.COUNT,
        description="the observation's row: its line in the file (header = line 1), or its "
        "0-based position for rows given in Python",
    ),
    Column("reference", ColumnType.TEXT, brief=False),
    Column("period_start", ColumnType.DATE, title="period start", brief=False),
    Column("period_end", ColumnType.DATE, title="period end", brief=False),
    Column("accrual_date", ColumnType.DATE, title="accrues", description="the line's date"),
    Column("month", ColumnType.TEXT, brief=False, description="the accrual month, YYYY-MM"),
    Column("quarter", ColumnType.TEXT, brief=False, description="the accrual quarter, YYYY-Qn"),
    *LINE_COLUMNS,
)


def _quarter_name(day: dt.date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


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
            for column in LEDGER_COLUMNS
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
