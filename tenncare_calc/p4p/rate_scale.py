"""The scale of a rates table: percentages (the contract's), or fractions as a spreadsheet exports them.

The contract states rates as percentages (ruling M2). A percent-formatted spreadsheet cell exports
as a fraction (58.2 % as ``0.582``); read as a percentage it would be 0.582 %, and a measure would
silently not qualify. So a rates table whose every rate lies in [0, 1], one at least strictly between, is refused under
``rate_scale="percent"`` with a message saying it looks like fractions, and under
``rate_scale="fraction"`` every rate is multiplied by 100, exactly (``Decimal``; never float).
This is a reading rule, not a contract amount: the literal 100 stays in the code.

>>> scaled_rate_rows([{"measure": "hba1c_testing", "baseline": "0.582", "current": "0.645"}],
...     "fraction", source="rates.csv")
[{'measure': 'hba1c_testing', 'baseline': '58.2', 'current': '64.5'}]
>>> scaled_rate_rows([{"measure": "hba1c_testing", "baseline": "0.582", "current": "0.645"}],
...     "percent", source="rates.csv")
Traceback (most recent call last):
...
tenncare_calc.InvalidValueError: rates.csv: every rate lies between 0 and 1 (such as baseline 0.582 of hba1c_testing): they look like fractions, not percentages; if they are, say so with rate_scale='fraction' (command line: --rate-scale fraction)
"""

from __future__ import annotations

__all__ = ["RATE_SCALES", "scaled_rate_rows"]

from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from tenncare_calc.core.errors import InvalidValueError

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

#: The scales a rates table may be written in.
RATE_SCALES = ("percent", "fraction")
_RATE_FIELDS = ("baseline", "current", "percentile_75")


def _number(value: object) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def scaled_rate_rows(
    rows: Iterable[Mapping[str, Any]], rate_scale: str, *, source: str
) -> list[dict[str, Any]]:
    """Return the rate rows in percentages: checked (``percent``) or multiplied by 100 (``fraction``).

    A value that is not a number is left as it is, for the rule to name it.
    """
    if rate_scale not in RATE_SCALES:
        raise InvalidValueError(
            f"'rate_scale' must be 'percent' or 'fraction' (got {rate_scale!r})",
            field="rate_scale",
            value=rate_scale,
        )
    copied = [dict(row) for row in rows]
    if rate_scale == "fraction":
        for row in copied:
            for name in _RATE_FIELDS:
                number = _number(row.get(name))
                if number is not None:
                    row[name] = str(number.scaleb(2))
        return copied
    found = [
        (name, number, row.get("measure"))
        for row in copied
        for name in _RATE_FIELDS
        if (number := _number(row.get(name))) is not None
    ]
    inside = [f for f in found if 0 < f[1] < 1]
    if inside and all(0 <= number <= 1 for _, number, _ in found):
        name, number, measure = inside[0]
        raise InvalidValueError(
            f"{source}: every rate lies between 0 and 1 (such as {name} {number} of {measure}): "
            "they look like fractions, not percentages; if they are, say so with "
            "rate_scale='fraction' (command line: --rate-scale fraction)",
            field="rate_scale",
            value=str(number),
        )
    return copied
