"""The State's maximum liability under the Agreement (§3.12.1.1), checked against total payments.

The maximum is for the whole Agreement, not a year; the caller gives what the State has paid under
it. A ledger shows its liquidated damages beside the check, and the payments net of them.

>>> check = check_maximum_liability("1500000000", damages="117050.00")
>>> check.within, check.net_payments
(True, Decimal('1499882950.00'))
"""

from __future__ import annotations

__all__ = ["LiabilityCheck", "check_maximum_liability"]

from typing import TYPE_CHECKING, Any

import attrs

from tenncare_calc.contract.loader import resolve_profile
from tenncare_calc.core.explanation import Explanation
from tenncare_calc.core.values import exact_context, format_money, to_money

if TYPE_CHECKING:
    import datetime as dt
    from decimal import Decimal

    from tenncare_calc.contract.parameters import ParameterValue
    from tenncare_calc.contract.profile import ContractProfile


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
    chosen = resolve_profile(profile)
    return LiabilityCheck(
        maximum_liability=chosen.get("contract.maximum_liability", on=on),
        total_payments=to_money(total_payments, field="total_payments"),
        damages=to_money(damages, field="damages"),
    )
