"""Reductions and waivers of a liquidated damage (ruling L5): what is left of the base amount.

A corrective action plan TENNCARE accepted lowers a damage to the item's reduced amount, never
raising it (``min(base, reduced)``); a waiver granted gives zero and wins over a reduction; a waiver
with a condition (the specialist shortage waiver, ruling L6) may be requested but not applied. No
damage stays no damage.

>>> from decimal import Decimal
>>> from tenncare_calc import default_profile
>>> from tenncare_calc.damages.schedule import DamageSchedule
>>> item = default_profile().value("damages.schedule", DamageSchedule).item("geographic_access")
>>> amount, reduced, waived, steps, notes = settle(
...     item, Decimal("25000.00"), corrective_action_plan=True, waiver_requested=False
... )
>>> amount, reduced, waived
(Decimal('5000.00'), True, False)
>>> steps
['corrective action plan accepted (...): min($25,000.00, $5,000.00) = $5,000.00 (ruling L5)']
"""

from __future__ import annotations

__all__ = ["settle", "settled_assessment"]

from typing import TYPE_CHECKING

from tenncare_calc.core.values import format_money
from tenncare_calc.damages import rules
from tenncare_calc.damages.assessment import Assessment

if TYPE_CHECKING:
    from collections.abc import Sequence
    from decimal import Decimal

    from tenncare_calc.damages.assessment import ElementResult
    from tenncare_calc.damages.schedule import DamageItem, ElementRule


def settle(
    item: DamageItem,
    base: Decimal,
    *,
    corrective_action_plan: bool,
    waiver_requested: bool,
    waiver_blocked: str | None = None,
) -> tuple[Decimal, bool, bool, list[str], list[str]]:
    """Return (amount, reduced, waived, steps, notes) after the caller's reduction and waiver.

    ``waiver_blocked`` says why a requested waiver does not apply (ruling L6); a waiver that
    applies only to one amount (ruling L5a) is not applied to another. The module's examples show
    a reduction.

    >>> from decimal import Decimal
    >>> from tenncare_calc import default_profile
    >>> from tenncare_calc.damages.schedule import DamageSchedule
    >>> item = default_profile().value("damages.schedule", DamageSchedule).item("specialist_network")
    >>> settle(item, Decimal("0.00"), corrective_action_plan=True, waiver_requested=False)
    (Decimal('0.00'), False, False, [], ['no damage, so there is nothing to lower or waive'])
    """
    steps: list[str] = []
    notes: list[str] = []
    amount = base
    waived = reduced = False
    if base == 0:
        if corrective_action_plan or waiver_requested:
            notes.append("no damage, so there is nothing to lower or waive")
        return amount, reduced, waived, steps, notes
    if waiver_requested and waiver_blocked is None and item.waiver is not None:
        waiver_blocked = item.waiver.blocked(base)
    if waiver_requested and waiver_blocked is not None:
        notes.append(f"waiver requested but NOT applied: {waiver_blocked}")
    elif waiver_requested:
        assert item.waiver is not None  # noqa: S101 - the flag is only accepted with a waiver
        amount = rules.waive(base)
        waived = True
        steps.append(
            f"waiver granted ({item.waiver.text}): {format_money(base)} -> "
            f"{format_money(amount)} (ruling L5)"
        )
    if corrective_action_plan:
        assert item.reduction is not None  # noqa: S101 - the flag is only accepted with a reduction
        if waived:
            notes.append("a corrective action plan was also accepted; the waiver gives zero")
        elif base <= item.reduction.amount:
            notes.append(
                f"corrective action plan accepted, but {format_money(base)} is already at or "
                f"below {format_money(item.reduction.amount)}: unchanged (a reduction never raises)"
            )
        else:
            amount = rules.reduce_to(base, item.reduction.amount)
            reduced = True
            steps.append(
                f"corrective action plan accepted ({item.reduction.text}): "
                f"min({format_money(base)}, {format_money(item.reduction.amount)}) = "
                f"{format_money(amount)} (ruling L5)"
            )
    return amount, reduced, waived, steps, notes


def settled_assessment(
    item: DamageItem,
    base: Decimal,
    *,
    plan: bool,
    waiver: bool,
    inputs: tuple[tuple[str, str], ...],
    steps: Sequence[str],
    waiver_blocked: str | None = None,
    quantity: int | None = None,
    tier: rules.Tier | None = None,
    elements: tuple[ElementResult, ...] = (),
    element_rule: ElementRule | None = None,
) -> Assessment:
    """Return the assessment of ``base`` after the caller's reduction and waiver (ruling L5).

    >>> from decimal import Decimal
    >>> from tenncare_calc import default_profile
    >>> from tenncare_calc.damages.schedule import DamageSchedule
    >>> item = default_profile().value("damages.schedule", DamageSchedule).item("geographic_access")
    >>> result = settled_assessment(
    ...     item, Decimal("25000.00"), plan=True, waiver=False, inputs=(), steps=[]
    ... )
    >>> result.amount, result.base_amount, result.reduction_applied
    (Decimal('5000.00'), Decimal('25000.00'), True)
    """
    amount, reduced, waived, more, notes = settle(
        item,
        base,
        corrective_action_plan=plan,
        waiver_requested=waiver,
        waiver_blocked=waiver_blocked,
    )
    return Assessment(
        item=item,
        amount=amount,
        base_amount=base,
        inputs=inputs,
        steps=(*steps, *more),
        corrective_action_plan=plan,
        reduction_applied=reduced,
        waiver_requested=waiver,
        waiver_applied=waived,
        notes=tuple(notes),
        quantity=quantity,
        tier=tier,
        elements=elements,
        element_rule=element_rule,
    )
