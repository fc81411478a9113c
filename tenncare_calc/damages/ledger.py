"""A year's liquidated damages ledger as a result: its lines, totals by month, quarter and item.

:func:`~tenncare_calc.damages.year.damages_ledger` builds it from a year's observations. The
ledger totals its lines exactly (each already rounded to cents, ruling M3), explains itself line
by line with the clause cited, gives deterministic JSON-ready data, and shows itself as tables
(parts ``assessments``, ``by_month``, ``by_quarter``, ``by_item``, ``totals``, ``rejected``), as
Excel formulas over its lines and as a chart of the damages by month and item.

>>> from tenncare_calc.damages import damages_ledger
>>> ledger = damages_ledger(2008, [{"item": "geographic_access", "month": "2008-05", "standards_met": "no"}])
>>> ledger.by_month["2008-05"], ledger.by_quarter["2008-Q2"], ledger.total
(Decimal('25000.00'), Decimal('25000.00'), Decimal('25000.00'))
"""

from __future__ import annotations

__all__ = ["DamagesLedger"]

from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from tenncare_calc.core.charts import StackedBars
from tenncare_calc.core.explanation import Explanation, cite_all
from tenncare_calc.core.parts import REJECTED_COLUMNS, Column, ColumnType, Table
from tenncare_calc.core.presentable import Plottable
from tenncare_calc.core.values import exact_context, format_money, to_money
from tenncare_calc.damages.ledger_line import LEDGER_COLUMNS
from tenncare_calc.damages.liability import LiabilityCheck
from tenncare_calc.damages.lines import LINE_FORMULAS

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping

    from tenncare_calc.contract.parameters import ParameterValue
    from tenncare_calc.damages.ledger_line import LedgerLine
    from tenncare_calc.damages.schedule import DamageSchedule

ZERO = Decimal("0.00")

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
_ALL_QUARTERS = ("Q1", "Q2", "Q3", "Q4")


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

    def renumbered(self, number: Callable[[int], int]) -> DamagesLedger:
        """Return the ledger with each line's and rejected row's ``row`` as ``number(row)``.

        The command line gives the rows of a file their lines in it (header = line 1); the
        amounts and totals do not change.

        >>> from tenncare_calc.damages import damages_ledger
        >>> ledger = damages_ledger(2008, [{"item": "geographic_access", "month": "2008-05",
        ...     "standards_met": "no"}, {"item": "nothing"}], on_error="collect")
        >>> moved = ledger.renumbered(lambda row: row + 2)
        >>> [line.row for line in moved.lines], [row for row, _ in moved.rejected], moved.total
        ([2], [3], Decimal('25000.00'))
        """
        return attrs.evolve(
            self,
            lines=tuple(attrs.evolve(line, row=number(line.row)) for line in self.lines),
            rejected=tuple((number(row), reason) for row, reason in self.rejected),
        )

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
        >>> from tenncare_calc.damages import ledger_from_csv
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
                "assessments", f"Liquidated damages {year}: assessments", LEDGER_COLUMNS, lines
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
