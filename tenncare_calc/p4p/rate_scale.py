"""How a rates table writes its rates: percentages (58.2) or fractions (0.582), and the guard.

The library's rates are percentages (ruling M2). Excel writes a percent-formatted cell as the
fraction it holds (58.2 % is exported as ``0.582``), and read as a percentage that is 0.582 %: a
measure that improved would not qualify, and its payment would vanish without a word. So a rates
table is read with ``rate_scale``:

* ``"percent"`` (the default): the rates are percentages. A table whose every rate lies in
  [0, 1], at least one of them strictly between 0 and 1, is refused with an
  :class:`~tenncare_calc.core.errors.InvalidInputError` saying the rates look like fractions,
  quoting one, and how to say they are (no real set of HEDIS rates is all at or under 1 %). A
  table of only 0s and 1s reads the same either way (0 % and 100 % are 0 and 1 as fractions, and
  1 % next to 0 % is not evidence of fractions), so it is read as percentages.
* ``"fraction"``: every rate is multiplied by 100, exactly (``Decimal``, the decimal point moved
  two places: ``0.582`` is ``58.2``).

A rate written with a ``%`` sign is a percentage under either reading, and a table holding one is
never taken for fractions. The bound 1 is a reading rule of this module, not a contract amount: it
is not in the profile.

>>> from tenncare_calc.columnar import table_rows
>>> rows = table_rows([{"measure": "hba1c_testing", "baseline": "0.582", "current": 0.645}],
...     name="rates")
>>> scaled_rates(rows, "fraction").rows[0]
{'measure': 'hba1c_testing', 'baseline': Decimal('58.2'), 'current': Decimal('64.5')}
>>> scaled_rates(rows, "percent")
Traceback (most recent call last):
...
tenncare_calc.InvalidInputError: rates: every rate lies between 0 and 1 (hba1c_testing baseline 0.582), so the rates look like fractions (0.582 for 58.2%), not percentages. If they are fractions, pass rate_scale='fraction' (on the command line, --rate-scale fraction); the library reads rates as percentages
"""

from __future__ import annotations

__all__ = ["RATE_SCALES", "RateScale", "check_rate_scale", "scaled_rates"]

from decimal import Decimal
from typing import TYPE_CHECKING, Literal, TypeAlias

import attrs

from tenncare_calc.core.errors import InvalidInputError, InvalidValueError, TennCareError
from tenncare_calc.core.values import to_decimal

if TYPE_CHECKING:
    from collections.abc import Iterator

    from tenncare_calc.columnar import InputRows

#: How a rates table writes its rates.
RateScale: TypeAlias = Literal["percent", "fraction"]
RATE_SCALES: tuple[RateScale, ...] = ("percent", "fraction")
#: The columns of a rates table that hold rates.
_RATE_FIELDS = ("baseline", "current", "percentile_75")
#: A table whose every rate is at most this looks like fractions (a reading rule, not a contract
#: amount).
_FRACTION_BOUND = Decimal(1)


def check_rate_scale(rate_scale: object) -> RateScale:
    """Return ``rate_scale`` checked: ``"percent"`` or ``"fraction"``.

    >>> check_rate_scale("fraction")
    'fraction'
    """
    if rate_scale == "percent":
        return "percent"
    if rate_scale == "fraction":
        return "fraction"
    raise InvalidValueError(
        f"'rate_scale' must be 'percent' or 'fraction' (got {rate_scale!r})",
        field="rate_scale",
        value=rate_scale,
    )


def _number(value: object) -> Decimal | None:
    """Return a cell's number, or None when it is empty, written with '%', or not a number."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, str) and (not value.strip() or value.strip().endswith("%")):
        return None
    try:
        return to_decimal(value, field="rate")
    except TennCareError:
        return None


def _explicit_percent(value: object) -> bool:
    return isinstance(value, str) and value.strip().endswith("%")


def _rates(rows: InputRows) -> Iterator[tuple[str, str, object, Decimal | None]]:
    for row in rows.rows:
        measure = str(row.get("measure") or "").strip()
        for field in _RATE_FIELDS:
            value = row.get(field)
            yield measure, field, value, _number(value)


def _shifted(number: Decimal) -> Decimal:
    """Return ``number`` × 100 exactly (the point moved two places; no exponent form)."""
    moved = number.scaleb(2)
    return moved.quantize(Decimal(1)) if moved.as_tuple().exponent > 0 else moved  # type: ignore[operator]


def scaled_rates(rows: InputRows, rate_scale: RateScale) -> InputRows:
    """Return a rates table's rows with the rates as percentages, guarding against fractions.

    See the module: under ``"percent"`` a table whose every rate lies in [0, 1], one strictly
    between, raises; under
    ``"fraction"`` each rate is multiplied by 100 exactly. Cells that are not numbers are left for
    the row's own check.

    >>> from tenncare_calc.columnar import table_rows
    >>> rows = table_rows({"measure": ["x"], "baseline": ["0.5"], "current": ["not reported"]},
    ...     name="rates")
    >>> scaled_rates(rows, "fraction").rows
    ({'measure': 'x', 'baseline': Decimal('50'), 'current': 'not reported'},)
    """
    scale = check_rate_scale(rate_scale)
    if scale == "percent":
        found = list(_rates(rows))
        numbers = [(m, f, v) for m, f, v, n in found if n is not None]
        percent_sign = any(_explicit_percent(v) for _, _, v, _ in found)
        within = [
            (m, f, v, n) for m, f, v, n in found if n is not None and 0 <= n <= _FRACTION_BOUND
        ]
        inside = [(m, f, v) for m, f, v, n in within if 0 < n < _FRACTION_BOUND]
        if inside and not percent_sign and len(within) == len(numbers):
            measure, field, value = inside[0]
            raise InvalidInputError(
                f"{rows.source}: every rate lies between 0 and 1 ({measure} {field} {value}), so "
                "the rates look like fractions (0.582 for 58.2%), not percentages. If they are "
                "fractions, pass rate_scale='fraction' (on the command line, --rate-scale "
                "fraction); the library reads rates as percentages",
                field="rate_scale",
                value=value,
            )
        return rows
    scaled = []
    for row in rows.rows:
        new = dict(row)
        for field in _RATE_FIELDS:
            number = _number(row.get(field))
            if number is not None:
                new[field] = _shifted(number)
        scaled.append(new)
    return attrs.evolve(rows, rows=tuple(scaled))
