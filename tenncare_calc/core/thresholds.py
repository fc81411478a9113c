"""A threshold as one value: its limit, its unit, and which side of the line meets it.

Every standard the library checks is a line: "within 24 hours" (at most), "at least 90%"
(at least), "more than 30%" (more than). A :class:`Threshold` holds the limit, its unit and its
:class:`Comparison`, and both forms of a check evaluate that one value: the one-value check with
:meth:`Threshold.met` on a ``Decimal`` or ``int``, the table check with the same method on numpy
arrays (the comparison is a Python operator, which numpy applies element by element), or with
:attr:`Comparison.arrow_function` on Arrow arrays. So the two forms cannot disagree at the line.

``margin`` is signed: positive is room to spare, negative the shortfall, in the threshold's unit
(``limit - measured`` for an upper limit, ``measured - limit`` for a lower one). At the line the
margin is 0, which meets an inclusive threshold (at most, at least) and fails a strict one.

>>> within_a_day = Threshold(Decimal(1440), "minutes", Comparison.AT_MOST)
>>> within_a_day.met(Decimal(1440)), within_a_day.met(Decimal("1440.5"))
(True, False)
>>> within_a_day.margin(Decimal(1500)), within_a_day.describe()
(Decimal('-60'), 'at most 1,440 minutes')
>>> import numpy as np
>>> within_a_day.met(np.array([1439, 1440, 1441])).tolist()
[True, True, False]
"""

from __future__ import annotations

__all__ = ["Comparison", "Threshold"]

import enum
import operator
from decimal import Decimal
from typing import TYPE_CHECKING, Any, overload

import attrs

from tenncare_calc.core.values import format_decimal

if TYPE_CHECKING:
    from collections.abc import Callable

    import numpy as np
    import numpy.typing as npt

    #: A column of figures a threshold compares in a table check.
    Figures = npt.NDArray[Any]
    Flags = npt.NDArray[np.bool_]


class Comparison(enum.Enum):
    """Which side of a limit meets it, in the contract's words (the value is the profile's key)."""

    MORE_THAN = "more_than"
    AT_LEAST = "at_least"
    LESS_THAN = "less_than"
    AT_MOST = "at_most"

    @property
    def upward(self) -> bool:
        """Return whether the threshold is met by going up (more than, at least)."""
        return self in (Comparison.MORE_THAN, Comparison.AT_LEAST)

    @property
    def inclusive(self) -> bool:
        """Return whether a figure exactly at the limit meets it (at least, at most)."""
        return self in (Comparison.AT_LEAST, Comparison.AT_MOST)

    @property
    def words(self) -> str:
        """Return the comparison in words (``at most``)."""
        return str(self.value).replace("_", " ")

    @property
    def operator(self) -> Callable[[Any, Any], Any]:
        """Return the Python operator of the comparison (``operator.le`` for at most)."""
        return _OPERATORS[self]

    @property
    def arrow_function(self) -> str:
        """Return the name of the ``pyarrow.compute`` function of the comparison (``less_equal``)."""
        return _ARROW_FUNCTIONS[self]

    @overload
    def holds(self, value: Decimal | int, limit: Decimal | int) -> bool: ...
    @overload
    def holds(self, value: Figures, limit: Figures | Decimal | int) -> Flags: ...
    def holds(self, value: Any, limit: Any) -> Any:
        """Return whether ``value`` meets ``limit`` (element-wise for numpy arrays).

        >>> Comparison.MORE_THAN.holds(Decimal(30), Decimal(30))
        False
        """
        return self.operator(value, limit)

    @overload
    def margin(self, value: Decimal, limit: Decimal | int) -> Decimal: ...
    @overload
    def margin(self, value: int, limit: int) -> int: ...
    @overload
    def margin(self, value: Figures, limit: Figures | Decimal | int) -> Figures: ...
    def margin(self, value: Any, limit: Any) -> Any:
        """Return the room to spare (positive) or the shortfall (negative) of ``value``.

        >>> Comparison.AT_LEAST.margin(Decimal(88), Decimal(90))
        Decimal('-2')
        """
        return value - limit if self.upward else limit - value


_OPERATORS: dict[Comparison, Callable[[Any, Any], Any]] = {
    Comparison.MORE_THAN: operator.gt,
    Comparison.AT_LEAST: operator.ge,
    Comparison.LESS_THAN: operator.lt,
    Comparison.AT_MOST: operator.le,
}
_ARROW_FUNCTIONS = {
    Comparison.MORE_THAN: "greater",
    Comparison.AT_LEAST: "greater_equal",
    Comparison.LESS_THAN: "less",
    Comparison.AT_MOST: "less_equal",
}


@attrs.frozen
class Threshold:
    """A standard's line: ``limit`` in ``unit``, met as ``comparison`` says (one value, both forms)."""

    limit: Decimal | int
    unit: str
    comparison: Comparison

    @overload
    def met(self, measured: Decimal | int) -> bool: ...
    @overload
    def met(self, measured: Figures) -> Flags: ...
    def met(self, measured: Any) -> Any:
        """Return whether ``measured`` meets the threshold (element-wise for numpy arrays)."""
        return self.comparison.holds(measured, self.limit)

    @overload
    def margin(self, measured: Decimal) -> Decimal: ...
    @overload
    def margin(self, measured: int) -> Decimal | int: ...
    @overload
    def margin(self, measured: Figures) -> Figures: ...
    def margin(self, measured: Any) -> Any:
        """Return the room to spare (positive) or shortfall (negative), in the threshold's unit."""
        return self.comparison.margin(measured, self.limit)

    def describe(self) -> str:
        """Return the threshold in words (``at most 24 hours``).

        >>> Threshold(Decimal(90), "percent", Comparison.AT_LEAST).describe()
        'at least 90 percent'
        """
        limit = format_decimal(Decimal(self.limit))
        unit = f" {self.unit}" if self.unit else ""
        return f"{self.comparison.words} {limit}{unit}"
