"""The rule kinds of the liquidated damages schedule: small pure functions over Decimals.

Every item of the schedule (§4.20.2.2.7, Attachment VII) is one of these kinds with its own amounts
(ruling L7), so a later amendment changes data, not code. Each function returns a damage line
rounded to cents, half-up (ruling M3); none reads the profile or the clock.

>>> per_calendar_day(Decimal(5000), 10, plus=Decimal("12345.678"))
Decimal('62345.68')
>>> tiered_by_percent(INFORMATION_TIERS_EXAMPLE, Decimal("30.5"))
Decimal('25000.00')
>>> reduce_to(Decimal("25000.00"), Decimal(5000)), reduce_to(Decimal(0), Decimal(5000))
(Decimal('5000.00'), Decimal('0.00'))
"""

from __future__ import annotations

__all__ = [
    "Comparison",
    "Tier",
    "matching_tier",
    "per_calendar_day",
    "per_count",
    "per_day_late",
    "per_period_when_breached",
    "reduce_to",
    "tiered_by_percent",
    "waive",
]

from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from tenncare_calc.core.thresholds import Comparison
from tenncare_calc.core.values import exact_context, format_money, format_rate, round_cents

if TYPE_CHECKING:
    from collections.abc import Sequence

ZERO = Decimal("0.00")


@attrs.frozen
class Tier:
    """One tier of a percentage-tiered damage: ``amount`` when the percentage passes ``threshold``."""

    comparison: Comparison
    threshold: Decimal
    amount: Decimal

    def matches(self, percent: Decimal) -> bool:
        """Return whether ``percent`` falls in this tier."""
        return self.comparison.holds(percent, self.threshold)

    def describe(self) -> str:
        """Return the tier in words, e.g. ``more than 30%: $25,000.00``."""
        words = self.comparison.words
        return f"{words} {format_rate(self.threshold)}: {format_money(self.amount)}"

    def to_record(self) -> dict[str, str]:
        """Return the tier in the profile's form, e.g. ``{"more_than": "30", "amount": "25000"}``."""
        return {self.comparison.value: str(self.threshold), "amount": str(self.amount)}

    def to_dict(self) -> dict[str, Any]:
        """Return the tier as JSON-ready data."""
        return {
            "comparison": self.comparison.value,
            "threshold": str(self.threshold),
            "amount": str(self.amount),
        }


#: The Provider Information Accuracy tiers of Amendment 3 (ruling L3), for examples.
INFORMATION_TIERS_EXAMPLE = (
    Tier(Comparison.MORE_THAN, Decimal(10), Decimal(5000)),
    Tier(Comparison.MORE_THAN, Decimal(30), Decimal(25000)),
)


def per_calendar_day(amount: Decimal, days: int, *, plus: Decimal = ZERO) -> Decimal:
    """Return ``amount x days + plus`` rounded to cents (A.2: per day unlicensed plus amounts paid).

    >>> per_calendar_day(Decimal(5000), 3)
    Decimal('15000.00')
    """
    with exact_context():
        return round_cents(amount * days + plus)


def per_count(amount: Decimal, count: int) -> Decimal:
    """Return ``amount x count`` rounded to cents (B.23 agreements, Attachment VII signature pages).

    >>> per_count(Decimal(1000), 7)
    Decimal('7000.00')
    """
    with exact_context():
        return round_cents(amount * count)


def per_day_late(amount: Decimal, days_late: int) -> Decimal:
    """Return ``amount x days_late`` rounded to cents (C.6: $250 per day after the due date).

    >>> per_day_late(Decimal(250), 13)
    Decimal('3250.00')
    """
    with exact_context():
        return round_cents(amount * days_late)


def per_period_when_breached(amount: Decimal, breached: bool) -> Decimal:
    """Return ``amount`` for the period when a standard was breached, else zero.

    >>> per_period_when_breached(Decimal(25000), True), per_period_when_breached(Decimal(25000), False)
    (Decimal('25000.00'), Decimal('0.00'))
    """
    return round_cents(amount) if breached else ZERO


def matching_tier(tiers: Sequence[Tier], percent: Decimal) -> Tier | None:
    """Return the most severe tier ``percent`` falls in (the highest amount; ruling L3), or None.

    Where the contract's tiers overlap (more than 10% but fewer than 31%; more than 30%), the higher
    tier wins.

    >>> matching_tier(INFORMATION_TIERS_EXAMPLE, Decimal(10)) is None
    True
    >>> matching_tier(INFORMATION_TIERS_EXAMPLE, Decimal("10.01")).amount
    Decimal('5000')
    """
    found = [tier for tier in tiers if tier.matches(percent)]
    return max(found, key=lambda tier: tier.amount) if found else None


def tiered_by_percent(tiers: Sequence[Tier], percent: Decimal) -> Decimal:
    """Return the amount of the most severe matching tier, or zero when none matches.

    >>> tiered_by_percent(INFORMATION_TIERS_EXAMPLE, Decimal(30))
    Decimal('5000.00')
    """
    tier = matching_tier(tiers, percent)
    return ZERO if tier is None else round_cents(tier.amount)


def reduce_to(amount: Decimal, reduced: Decimal) -> Decimal:
    """Return the amount after a reduction to ``reduced``: never more than before (ruling L5).

    "May be lowered to $5,000": ``min(amount, reduced)``, so a $5,000 tier stays $5,000 and no
    damage stays no damage.

    >>> reduce_to(Decimal("25000.00"), Decimal(5000))
    Decimal('5000.00')
    """
    return round_cents(min(amount, reduced))


def waive(amount: Decimal) -> Decimal:  # noqa: ARG001 - kept so every rule reads alike
    """Return the amount after a waiver: zero (ruling L5).

    >>> waive(Decimal("25000.00"))
    Decimal('0.00')
    """
    return ZERO
