"""Fixed-point figures written as exact decimals: integers counted in 1/10,000, and minutes.

The checks compute in integers (microseconds, days, ten-thousandths of a minute) and show exact
decimals, ``decimal128(19, 4)`` (:func:`~tenncare_calc.columnar.decimal_columns.figure_type`):
a count of 1/10,000 is the decimal's own unscaled integer, so these kernels write the int64 and its
sign word directly, a block of rows at a time, exact for every int64.

Examples
--------
>>> import numpy as np
>>> [str(v.normalize()) for v in scaled_decimals(np.array([25])).to_pylist()]
['0.0025']
"""

from __future__ import annotations

__all__ = [
    "decimals_by_block",
    "minutes_decimals",
    "scaled_decimals",
    "ten_thousandths_of_minutes",
]

import sys
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from tenncare_calc.columnar.decimal_columns import figure_type
from tenncare_calc.core.errors import require

if TYPE_CHECKING:
    from collections.abc import Callable

    import numpy as np
    import numpy.typing as npt

    IntArray = npt.NDArray[np.int64]


def _pa() -> Any:  # noqa: ANN401 - the pyarrow module
    return require("pyarrow", extra="data", purpose="reading batch check inputs")


def _np() -> Any:  # noqa: ANN401 - the numpy module
    return require("numpy", extra="data", purpose="reading batch check inputs")


def ten_thousandths_of_minutes(micros: IntArray, *, line: IntArray | int | None = None) -> IntArray:
    """Return microseconds in 1/10,000 minute (6,000 microseconds), rounded half-up (away from 0).

    The columnar twin of :func:`tenncare_calc.compliance.findings.minutes_from_micros`; with
    ``line`` (microseconds, one for every row or one per row), of
    :func:`~tenncare_calc.compliance.findings.minutes_beside_line`: a time that is not exactly
    at its line is never rounded onto the line's own figure, but shown 1/10,000 minute from it,
    on its own side (``line=0`` for margins).

    >>> import numpy as np
    >>> ten_thousandths_of_minutes(np.array([90_000_000, -20_000_000, 3_000, -1])).tolist()
    [15000, -3333, 1, 0]
    >>> ten_thousandths_of_minutes(np.array([-1, 0, 2_999]), line=0).tolist()
    [-1, 0, 1]
    """
    np = _np()
    magnitude = (np.abs(micros) * 2 + 6_000) // 12_000
    result: IntArray = np.sign(micros) * magnitude
    if line is None:
        return result
    at = ten_thousandths_of_minutes(np.asarray(line, dtype=np.int64))
    # on the line's figure: the line's figure plus the side (0 exactly at the line)
    beside: IntArray = np.where(result == at, at + np.sign(micros - line), result)
    return beside


def scaled_decimals(values: IntArray) -> Any:  # noqa: ANN401 - a pyarrow decimal array
    """Return integers counted in 1/10,000 as exact ``decimal128(19, 4)`` decimals.

    The decimals are written directly: a value ``v`` is the unscaled 128-bit integer ``v`` at
    scale 4 (exact for every int64).

    Examples
    --------
    >>> import numpy as np
    >>> [str(v.normalize()) for v in scaled_decimals(np.array([15000, -3333])).to_pylist()]
    ['1.5', '-0.3333']
    """
    np = _np()
    signed = np.asarray(values, dtype=np.int64)
    return decimals_by_block(len(signed), lambda block: signed[block])


def minutes_decimals(micros: IntArray, *, line: IntArray | int | None = None) -> Any:  # noqa: ANN401 - a pyarrow decimal array
    """Return microseconds as exact decimal minutes, rounded half-up to 1/10,000 minute.

    The same as ``scaled_decimals(ten_thousandths_of_minutes(micros, line=line))``, done a block
    of rows at a time; the columnar twin of
    :func:`tenncare_calc.compliance.findings.minutes_from_micros` and, with ``line``, of
    :func:`~tenncare_calc.compliance.findings.minutes_beside_line` (never rounded onto the line).

    Examples
    --------
    >>> import numpy as np
    >>> minutes = minutes_decimals(np.array([90_000_000, -20_000_000, -1]))
    >>> [str(v.normalize()) for v in minutes.to_pylist()]
    ['1.5', '-0.3333', '0']
    >>> [str(v.normalize()) for v in minutes_decimals(np.array([-1, 0]), line=0).to_pylist()]
    ['-0.0001', '0']
    """
    np = _np()
    signed = np.asarray(micros, dtype=np.int64)
    if line is None or np.ndim(line) == 0:
        return decimals_by_block(
            len(signed), lambda block: ten_thousandths_of_minutes(signed[block], line=line)
        )
    lines = np.asarray(line, dtype=np.int64)
    return decimals_by_block(
        len(signed), lambda block: ten_thousandths_of_minutes(signed[block], line=lines[block])
    )


def decimals_by_block(rows: int, values: Callable[[slice], IntArray]) -> Any:  # noqa: ANN401
    """Return a column of exact decimals: ``values(block)`` gives a block of rows in 1/10,000.

    The column is :func:`~tenncare_calc.columnar.decimal_columns.figure_type`
    (``decimal128(19, 4)``): a value counted in 1/10,000 is its own unscaled integer, so each
    decimal is the int64 and its sign word, written a block of rows at a time (``block`` is a
    slice of at most 32,768 rows, so the arithmetic that turns the checks' integers into displayed
    figures runs on arrays that stay in the processor's cache).

    Examples
    --------
    >>> import numpy as np
    >>> days = np.array([3, -1])
    >>> column = decimals_by_block(2, lambda block: days[block] * 10_000)
    >>> [str(v.normalize()) for v in column.to_pylist()], str(column.type)
    (['3', '-1'], 'decimal128(19, 4)')
    """
    np, pa = _np(), _pa()
    if sys.byteorder != "little":  # the words below are laid out for little-endian memory
        whole = np.asarray(values(slice(0, rows)), dtype=np.int64)
        return _scaled_by_pyarrow(whole)
    # the words live in pyarrow's memory pool, which keeps freed memory for the next column
    buffer = pa.allocate_buffer(rows * 16)
    words = np.frombuffer(buffer, dtype=np.int64).reshape(rows, 2)
    for start in range(0, rows, _BLOCK):
        block = slice(start, min(start + _BLOCK, rows))
        signed = np.asarray(values(block), dtype=np.int64)
        words[block, 0] = signed
        words[block, 1] = signed >> 63  # the two's-complement sign extension
    return pa.Array.from_buffers(figure_type(), rows, [None, buffer])


def _scaled_by_pyarrow(values: IntArray) -> Any:  # noqa: ANN401 - a pyarrow decimal array
    """Return :func:`scaled_decimals` written through Python Decimals (big-endian machines)."""
    pa = _pa()
    return pa.array([Decimal(int(v)).scaleb(-4) for v in values.tolist()], figure_type())


#: Rows per block in :func:`decimals_by_block`: the work arrays stay in the processor's cache.
_BLOCK = 1 << 15
