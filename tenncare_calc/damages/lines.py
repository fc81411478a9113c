"""An assessment as a line of a table: the columns shared by one assessment and a year's ledger.

Every assessed damage shows the same arithmetic, whatever its rule kind:

``base amount = rate x quantity + amount paid + period or tier amount`` (rounded to cents, M3)

where only the cells that apply to the item are filled: ``rate`` and ``quantity`` for the per-unit
rules (per calendar day, per count, per day late), ``amount_paid`` for A.2, and the **period or tier
amount** for the items assessed per period when a standard is breached and the items tiered by a
percentage (the schedule's amount, or the tier's, as the library found it: a stored value, not a
formula). Then

``amount = 0 if waived, else min(base amount, lowered to) if a reduction applied, else base amount``

In a workbook both are live formulas (:data:`LINE_FORMULAS`), so a reviewer sees ``$5,000.00 x 4
days + $800.00`` computed by the spreadsheet.

>>> LINE_FORMULAS["base_amount"]
'ROUND(ROUND(({rate}*{quantity}+{amount_paid}+{fixed_amount})*100, 6), 0)/100'
"""

from __future__ import annotations

__all__ = ["LINE_COLUMNS", "LINE_FORMULAS", "PER_UNIT"]

from typing import TYPE_CHECKING

from tenncare_calc.core.formulas import round_cents_formula
from tenncare_calc.core.parts import Column, ColumnType
from tenncare_calc.damages.schedule import RuleKind

if TYPE_CHECKING:
    from collections.abc import Mapping

#: The rule kinds whose amount is a rate times a quantity.
PER_UNIT = {RuleKind.PER_CALENDAR_DAY, RuleKind.PER_COUNT, RuleKind.PER_DAY_LATE}

#: The columns of an assessed damage, in order (a ledger line adds its row and period before them).
LINE_COLUMNS: tuple[Column, ...] = (
    Column("item", ColumnType.TEXT, description="the schedule item's id"),
    Column("section", ColumnType.TEXT, description="the contract section of the damage"),
    Column("title", ColumnType.TEXT, brief=False),
    Column("rule", ColumnType.TEXT, brief=False, description="the rule kind of the schedule"),
    Column(
        "quantity",
        ColumnType.COUNT,
        description="calendar days (both ends), agreements or providers counted, or days late",
    ),
    Column("unit", ColumnType.TEXT, brief=False, description="what the quantity counts"),
    Column(
        "rate",
        ColumnType.MONEY,
        description="the damage per unit (per day, per agreement, per day late)",
    ),
    Column(
        "amount_paid",
        ColumnType.MONEY,
        title="amount paid",
        brief=False,
        description="paid to the unlicensed person in the period (A.2)",
    ),
    Column(
        "fixed_amount",
        ColumnType.MONEY,
        title="period or tier amount",
        brief=False,
        description="the amount for the period, or of the tier the percentage fell in "
        "(per-element: the sum of the elements'); a stored value",
    ),
    Column("tier", ColumnType.TEXT, brief=False, description="the tier applied, if tiered"),
    Column(
        "base_amount",
        ColumnType.MONEY,
        title="base amount",
        description="rate x quantity + amount paid + period or tier amount, rounded to cents",
    ),
    Column(
        "reduced_to",
        ColumnType.MONEY,
        title="lowered to",
        description="with an accepted corrective action plan: the amount the damage is lowered to",
    ),
    Column("waived", ColumnType.BOOL, description="the waiver was granted (the damage is zero)"),
    Column("applied", ColumnType.TEXT, brief=False, description="tier, reduction and waiver"),
    Column(
        "amount",
        ColumnType.MONEY,
        description="0 if waived; else min(base amount, lowered to); else the base amount",
    ),
)

#: The line's amounts as Excel formula templates (see :mod:`tenncare_calc.outputs.workbook`).
LINE_FORMULAS: Mapping[str, str] = {
    "base_amount": round_cents_formula("{rate}*{quantity}+{amount_paid}+{fixed_amount}"),
    "amount": (
        "IF({waived}, 0, IF(ISBLANK({reduced_to}), {base_amount}, MIN({base_amount}, {reduced_to})))"
    ),
}
