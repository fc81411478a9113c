"""The member-month conventions of ruling MM1, and the places a prorated month is rounded to.

The incentive pays per member month (§3.10.2.1); ruling MM1 reads a member month in one of three
ways (:data:`CONVENTIONS`): ``prorated`` (member days ÷ days in the month, each month rounded
half-up to :data:`MEMBER_MONTH_PLACES` decimal places), ``any_day`` (1 for each member and month
with at least one enrolled day) and ``first_of_month`` (1 for each member enrolled on the first day
of the month).

>>> CONVENTIONS
('prorated', 'any_day', 'first_of_month')
>>> MEMBER_MONTH_PLACES
10
"""

from __future__ import annotations

__all__ = ["CONVENTIONS", "MEMBER_MONTH_PLACES"]

from decimal import Decimal

from tenncare_calc.core.errors import InvalidValueError

#: The three member-month conventions of ruling MM1.
CONVENTIONS: tuple[str, ...] = ("prorated", "any_day", "first_of_month")

#: Decimal places each month's prorated member months are rounded to (half-up).
MEMBER_MONTH_PLACES = 10
_QUANTUM = Decimal(1).scaleb(-MEMBER_MONTH_PLACES)
_SCALE = 10**MEMBER_MONTH_PLACES


def _convention(value: object) -> str:
    if not isinstance(value, str) or value not in CONVENTIONS:
        raise InvalidValueError(
            f"'convention' must be one of {', '.join(map(repr, CONVENTIONS))} (ruling MM1) "
            f"(got {value!r})",
            field="convention",
            value=value,
        )
    return str(value)
