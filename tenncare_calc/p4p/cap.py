"""The 105% cap on a year's payments (§3.10.1.2, 42 CFR 438.6; ruling P8).

The total of all payments to the contractor for a year may not exceed 105% of the capitation
payments. With the year's capitation and the other payments already made that year:

* ``ceiling = cap_percent / 100 x capitation``  (exact, not rounded)
* ``room = ceiling - capitation - other_payments``, rounded *down* to the cent, so that rounding
  can never carry a payment over the ceiling
* ``payable = min(earned, max(0, room))`` and ``forfeited = earned - payable``

The library does not decide which year a payment belongs to: the caller supplies that year's totals
(and, per the federal rule, the capitation attributable to the enrollees or services the incentive
covers).

>>> result = apply_capitation_cap("300000.00", "10000000.00", other_payments="350000.00")
>>> result.ceiling, result.payable, result.forfeited
(Decimal('10500000.00'), Decimal('150000.00'), Decimal('150000.00'))
"""

from __future__ import annotations

__all__ = ["CapResult", "apply_capitation_cap"]

from typing import TYPE_CHECKING, Any

import attrs

from tenncare_calc.core.explanation import Explanation
from tenncare_calc.core.formulas import floor_cents_formula
from tenncare_calc.core.parts import Column, ColumnType, Table
from tenncare_calc.core.presentable import Presentable, short_repr
from tenncare_calc.core.values import (
    CENT,
    HUNDRED,
    exact_context,
    floor_cents,
    format_decimal,
    format_money,
    to_cents,
    to_money,
)

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Mapping
    from decimal import Decimal

    from tenncare_calc.contract.parameters import ParameterValue
    from tenncare_calc.contract.profile import ContractProfile


#: The columns of the cap's table, in the order its workbook sheet lists them.
CAP_COLUMNS = (
    Column("earned", ColumnType.MONEY, description="the incentive earned (sum of rounded lines)"),
    Column("capitation", ColumnType.MONEY, description="the payment year's capitation payments"),
    Column("other_payments", ColumnType.MONEY, description="other payments already made that year"),
    Column("cap_percent", ColumnType.RATE, title="cap percent", unit="percent of capitation"),
    Column("ceiling", ColumnType.MONEY, description="cap percent x capitation, exact"),
    Column(
        "room",
        ColumnType.MONEY,
        description="ceiling - capitation - other payments, rounded down to the cent",
    ),
    Column("payable", ColumnType.MONEY, description="min(earned, max(0, room))"),
    Column("forfeited", ColumnType.MONEY, description="earned - payable"),
    Column("binding", ColumnType.BOOL, description="whether the cap reduced the payment"),
    Column("section", ColumnType.TEXT),
)


@attrs.frozen(repr=False)
class CapResult(Presentable):
    """How much of an earned incentive may be paid under the cap, with every intermediate value.

    As a table (``tables()``, ``to_frame()``, ``to_excel()``) it is one record; in a workbook the
    ceiling, room, payable and forfeited amounts are live formulas over the inputs.

    Examples
    --------
    >>> apply_capitation_cap(72000, 1000000).excel_formulas()["cap"]["payable"]
    'MIN({earned}, MAX(0, {room}))'
    """

    earned: Decimal
    capitation: Decimal
    other_payments: Decimal
    cap_percent: ParameterValue
    ceiling: Decimal
    room: Decimal
    payable: Decimal
    forfeited: Decimal

    def __repr__(self) -> str:
        """Return the earned, payable and forfeited amounts."""
        return short_repr(self, earned=self.earned, payable=self.payable, forfeited=self.forfeited)

    @property
    def binding(self) -> bool:
        """Return whether the cap reduced the payment."""
        return self.forfeited > 0

    def explain(self) -> str:
        """Return the cap's arithmetic as text a reader can check with a calculator."""
        percent = format_decimal(self.cap_percent.value, grouping=False)
        text = Explanation("Capitation cap")
        text.add(
            f"ceiling = {percent}% x capitation {format_money(self.capitation)} "
            f"= {format_money(self.ceiling)}",
            cites=[self.cap_percent.section],
        )
        text.add(
            f"room = ceiling {format_money(self.ceiling)} - capitation "
            f"{format_money(self.capitation)} - other payments {format_money(self.other_payments)} "
            f"= {format_money(self.room)} (rounded down to the cent)"
        )
        text.add(
            f"payable = min(earned {format_money(self.earned)}, max(0, room)) "
            f"= {format_money(self.payable)}"
        )
        state = "the cap binds" if self.binding else "the cap does not bind"
        text.add(f"forfeited = earned - payable = {format_money(self.forfeited)} ({state})")
        text.add(f"parameter: {self.cap_percent.provenance()}")
        return text.render()

    def tables(self) -> tuple[Table, ...]:
        """Return the cap as one record part, ``cap``."""
        row = (
            self.earned,
            self.capitation,
            self.other_payments,
            self.cap_percent.value,
            self.ceiling,
            self.room,
            self.payable,
            self.forfeited,
            self.binding,
            self.cap_percent.section,
        )
        return (Table("cap", "Capitation cap (§3.10.1.2)", CAP_COLUMNS, (row,), record=True),)

    def excel_formulas(self) -> Mapping[str, Mapping[str, str]]:
        """Return the cap's arithmetic as Excel formula templates (ruling P8, M3)."""
        return {
            "cap": {
                "ceiling": "{capitation}*{cap_percent}/100",
                "room": floor_cents_formula("{ceiling}-{capitation}-{other_payments}"),
                "payable": "MIN({earned}, MAX(0, {room}))",
                "forfeited": "ROUND({earned}-{payable}, 2)",
                "binding": "{forfeited}>0",
            }
        }

    def to_dict(self) -> dict[str, Any]:
        """Return the cap computation as JSON-ready data (Decimals as strings)."""
        return {
            "earned": str(self.earned),
            "capitation": str(self.capitation),
            "other_payments": str(self.other_payments),
            "cap_percent": str(self.cap_percent.value),
            "ceiling": str(self.ceiling),
            "room": str(self.room),
            "payable": str(self.payable),
            "forfeited": str(self.forfeited),
            "binding": self.binding,
            "section": self.cap_percent.section,
        }


def apply_capitation_cap(
    earned: object,
    capitation: object,
    other_payments: object = 0,
    *,
    profile: ContractProfile | None = None,
    on: dt.date | None = None,
) -> CapResult:
    """Return the payable and forfeited parts of an earned incentive under the 105% cap (§3.10.1.2).

    Parameters
    ----------
    earned
        The incentive earned for the year (a sum of lines rounded to cents, ruling M3), dollars
        >= 0 in whole cents; an amount with a fraction of a cent is an error.
    capitation
        The year's capitation payments the cap is measured against, dollars >= 0.
    other_payments
        Other payments already made to the contractor that year (beyond capitation), dollars >= 0.
    profile, on
        The contract profile (shipped Amendment 3 by default) and the date whose cap percentage
        applies (the latest when ``None``).

    Returns
    -------
    CapResult
        ``.ceiling``, ``.payable`` and ``.forfeited`` with the intermediate ``.room``.

    Notes
    -----
    ``payable = min(earned, max(0, floor_cents(ceiling - capitation - other_payments)))``; rounding
    the room down keeps ``capitation + other_payments + payable <= ceiling`` exactly.

    Examples
    --------
    The cap does not bind when there is room:

    >>> apply_capitation_cap(72000, 1000000).payable
    Decimal('50000.00')
    >>> apply_capitation_cap(40000, 1000000).forfeited
    Decimal('0.00')

    """
    from tenncare_calc.contract.loader import resolve_profile  # noqa: PLC0415 - avoids an import cycle

    earned_amount = to_cents(earned, field="earned")
    capitation_amount = to_money(capitation, field="capitation")
    other = to_money(other_payments, field="other_payments")
    cap_percent = resolve_profile(profile).get("p4p.cap_percent", on=on)
    return capped(earned_amount, capitation_amount, other, cap_percent)


def capped(
    earned_amount: Decimal, capitation_amount: Decimal, other: Decimal, cap_percent: ParameterValue
) -> CapResult:
    """Return :func:`apply_capitation_cap` of amounts already checked, under ``cap_percent``.

    For a caller that has checked the amounts (``earned`` in whole cents, the others money) and
    looked up ``p4p.cap_percent`` itself, as the statement does (§3.10.1.2).

    >>> from decimal import Decimal
    >>> from tenncare_calc import default_profile
    >>> cap_percent = default_profile().get("p4p.cap_percent")
    >>> capped(Decimal("72000.00"), Decimal(1000000), Decimal(0), cap_percent).payable
    Decimal('50000.00')
    """
    with exact_context():
        ceiling = cap_percent.value * capitation_amount / HUNDRED
        room = floor_cents(ceiling - capitation_amount - other)
        payable = min(earned_amount, max(CENT * 0, room))
        forfeited = earned_amount - payable
    return CapResult(
        earned=earned_amount,
        capitation=capitation_amount,
        other_payments=other,
        cap_percent=cap_percent,
        ceiling=ceiling,
        room=room,
        payable=payable,
        forfeited=forfeited,
    )
