"""Fixed-point figures written as exact decimals: integers counted in 1/10,000, and minutes.

The checks compute in integers (microseconds, days, ten-thousandths of a minute) and show exact
decimals. These kernels write the decimals directly, a block of rows at a time, with 64-bit integer
arithmetic: exact for every int64, several times faster than asking pyarrow to rescale.

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

from tenncare_calc.columnar.decimal_columns import decimal_type
from tenncare_calc.core.errors import require

if TYPE_CHECKING:
    from collections.abc import Callable

    import numpy as np
    import numpy.typing as npt

    IntArray = npt.NDArray[np.int64]


def _pa() -> Any:  # noqa: ANN401 - the pyarrow module
    return require("pyarrow", extra="data", purpose="reading batch check inputs")


def _pc() -> Any:  # noqa: ANN401 - the pyarrow.compute module
    return require("pyarrow.compute", extra="data", purpose="reading batch check inputs")


def _np() -> Any:  # noqa: ANN401 - the numpy module
    return require("numpy", extra="data", purpose="reading batch check inputs")


def ten_thousandths_of_minutes(micros: IntArray) -> IntArray:
    """Return microseconds in 1/10,000 minute (6,000 microseconds), rounded half-up (away from 0).

    The columnar twin of :func:`tenncare_calc.compliance.findings.minutes_from_micros`.

    >>> import numpy as np
    >>> ten_thousandths_of_minutes(np.array([90_000_000, -20_000_000, 3_000])).tolist()
    [15000, -3333, 1]
    """
    np = _np()
    magnitude = (np.abs(micros) * 2 + 6_000) // 12_000
    result: IntArray = np.sign(micros) * magnitude
    return result


def scaled_decimals(values: IntArray) -> Any:  # noqa: ANN401 - a pyarrow decimal array
    """Return integers counted in 1/10,000 as exact decimals of :func:`decimal_type`.

    The decimals are written directly: a value ``v`` is the 256-bit integer ``v * 10**26`` at
    scale 30, computed with 64-bit integer arithmetic (exact for every int64, several times faster
    than asking pyarrow to rescale).

    Examples
    --------
    >>> import numpy as np
    >>> [str(v.normalize()) for v in scaled_decimals(np.array([15000, -3333])).to_pylist()]
    ['1.5', '-0.3333']
    """
    np = _np()
    signed = np.asarray(values, dtype=np.int64)
    return decimals_by_block(len(signed), lambda block: signed[block])


def minutes_decimals(micros: IntArray) -> Any:  # noqa: ANN401 - a pyarrow decimal array
    """Return microseconds as exact decimal minutes, rounded half-up to 1/10,000 minute.

    The same as ``scaled_decimals(ten_thousandths_of_minutes(micros))``, done a block of rows at
    a time; the columnar twin of :func:`tenncare_calc.compliance.findings.minutes_from_micros`.

    Examples
    --------
    >>> import numpy as np
    >>> minutes = minutes_decimals(np.array([90_000_000, -20_000_000]))
    >>> [str(v.normalize()) for v in minutes.to_pylist()]
    ['1.5', '-0.3333']
    """
    np = _np()
    signed = np.asarray(micros, dtype=np.int64)
    return decimals_by_block(len(signed), lambda block: ten_thousandths_of_minutes(signed[block]))


def decimals_by_block(rows: int, values: Callable[[slice], IntArray]) -> Any:  # noqa: ANN401
    """Return a column of exact decimals: ``values(block)`` gives a block of rows in 1/10,000.

    The column is computed and written a block of rows at a time (``block`` is a slice of at most
    32,768 rows), so the arithmetic that turns the checks' integers into displayed figures runs
    on arrays that stay in the processor's cache.

    Examples
    --------
    >>> import numpy as np
    >>> days = np.array([3, -1])
    >>> column = decimals_by_block(2, lambda block: days[block] * 10_000)
    >>> [str(v.normalize()) for v in column.to_pylist()]
    ['3', '-1']
    """
    np, pa = _np(), _pa()
    if sys.byteorder != "little":  # the words below are laid out for little-endian memory
        whole = np.asarray(values(slice(0, rows)), dtype=np.int64)
        return _scaled_by_pyarrow(whole)
    # the words live in pyarrow's memory pool, which keeps freed memory for the next column
    buffer = pa.allocate_buffer(rows * 32)
    words = np.frombuffer(buffer, dtype=np.uint64).reshape(rows, 4)
    for start in range(0, rows, _BLOCK):
        block = slice(start, min(start + _BLOCK, rows))
        _times_ten_to_the_26(np.asarray(values(block), dtype=np.int64), words[block])
    return pa.Array.from_buffers(decimal_type(), rows, [None, buffer])


def _scaled_by_pyarrow(values: IntArray) -> Any:  # noqa: ANN401 - a pyarrow decimal array
    """Return :func:`scaled_decimals` computed by pyarrow's decimal arithmetic (the slow way)."""
    pa, pc = _pa(), _pc()
    whole = pa.array(values, pa.int64()).cast(pa.decimal256(40, 0))
    return pc.multiply(whole, pa.scalar(Decimal("0.0001"), pa.decimal256(5, 4))).cast(
        decimal_type()
    )


#: Rows per block in :func:`scaled_decimals`: the work arrays stay in the processor's cache.
_BLOCK = 1 << 15
#: 10**26 = 5**26 * 2**26: multiply by 5**26 (below 2**61), then shift left by 26 bits.
_FIVES = 5**26


def _times_ten_to_the_26(signed: IntArray, words: Any) -> None:  # noqa: ANN401 - uint64 (n, 4)
    """Write ``signed * 10**26`` as little-endian two's-complement 256-bit words (Decimal256)."""
    np = _np()
    low32, shift32 = np.uint64(0xFFFF_FFFF), np.uint64(32)
    five_low, five_high = np.uint64(_FIVES & 0xFFFF_FFFF), np.uint64(_FIVES >> 32)
    # the value's 64 bits read as unsigned: u = high * 2**32 + low
    unsigned = signed.view(np.uint64)
    low, high = unsigned & low32, unsigned >> shift32
    # u * 5**26 as a 128-bit (top, bottom): four 32x32-bit products, the middle two shifted by 32
    bottom = low * five_low
    top = high * five_high
    for middle in (high * five_low, low * five_high):
        shifted = middle << shift32
        bottom += shifted
        top += bottom < shifted  # the carry out of the low word
        top += middle >> shift32
    # a negative value is u - 2**64, so its product is 5**26 * 2**64 less: the top word says so
    top -= (signed >> 63).view(np.uint64) & np.uint64(_FIVES)
    # shift the signed 128-bit product left by 26 bits into four words, extending the sign
    words[:, 0] = bottom << np.uint64(26)
    words[:, 1] = (top << np.uint64(26)) | (bottom >> np.uint64(38))
    words[:, 2] = (top.view(np.int64) >> 38).view(np.uint64)
    words[:, 3] = (top.view(np.int64) >> 63).view(np.uint64)
