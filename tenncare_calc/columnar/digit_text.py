"""Text columns of plain unsigned decimals (``80000``, ``61022.20``), told from their bytes.

A CSV extract's amounts are text. Reading every cell as an exact decimal (pyarrow's cast to
``decimal128``, about 40 ns a cell) is the largest step of a check that compares only some rows'
amounts. What the other rows need is to know that every cell is an amount (else its row is
rejected) and that none is negative; for a column of plain unsigned decimals both are known
without reading a value: :func:`plain_unsigned_decimals` tells such a column from its bytes and a
cast to ``float64`` (a third of the decimal cast's time, and only to prove each cell a number),
so the exact decimals are read later, for the rows compared.

>>> import pyarrow as pa
>>> plain_unsigned_decimals(pa.array(["80000", "61022.20", ".5", "7.", None]), scale=10)
True
>>> [plain_unsigned_decimals(pa.array([cell]), scale=10) for cell in ("-1", "1e3", "1.2.3", ".")]
[False, False, False, False]
>>> plain_unsigned_decimals(pa.array(["0.12345678901"]), scale=10)  # 11 decimals
False
"""

from __future__ import annotations

__all__ = ["plain_unsigned_decimals"]

from typing import Any

from tenncare_calc.columnar.arrow_kernels import compute
from tenncare_calc.columnar.column_batches import text_offsets
from tenncare_calc.core.errors import require

#: The bytes of a plain unsigned decimal: the digits (0x30-0x39) and the point.
_ZERO, _POINT = ord("0"), ord(".")


def plain_unsigned_decimals(text: Any, *, scale: int) -> bool:  # noqa: ANN401 - pyarrow text
    """Return whether every cell of a text array is digits with at most one point, of ``scale + 1`` bytes at most.

    Such a cell is an unsigned decimal of at most ``scale`` decimals and ``scale + 1`` digits,
    which a cast to ``decimal128(38, scale)`` (for ``scale <= 18``: ``scale + 1`` integer digits
    must fit its ``38 - scale``; pyarrow may wrap a value that does not, rather than fail) or
    ``decimal256(60, 30)`` (for ``scale <= 29``) reads exactly. The cells'
    bytes are looked at whole (a null cell's too, which can only send the column the slow way);
    that each cell holds a digit and at most one point, pyarrow's ``float64`` cast proves (it
    refuses ``.``, ``1.2.3`` and an empty cell). A chunked or non-text array is not looked at:
    False. Null cells are no amount, and are not looked at by the cast.

    >>> import pyarrow as pa
    >>> plain_unsigned_decimals(pa.array(["12", " 12"]), scale=10)  # padding: the slow way
    False
    >>> plain_unsigned_decimals(pa.array(["12", ""]), scale=10)  # an empty cell that is not null
    False
    >>> plain_unsigned_decimals(pa.array([None, None], pa.string()), scale=10)
    True
    """
    pa = require("pyarrow", extra="data", purpose="reading amounts")
    np = require("numpy", extra="data", purpose="reading amounts")
    if not isinstance(text, pa.Array) or not (
        pa.types.is_string(text.type) or pa.types.is_large_string(text.type)
    ):
        return False
    if text.null_count == len(text):
        return True
    offsets = text_offsets(text)
    buffer = text.buffers()[2]  # None: every cell that is not null is empty, no amount
    if buffer is None or int(np.diff(offsets).max()) > scale + 1:
        return False
    first, last = int(offsets[0]), int(offsets[-1])
    data = np.frombuffer(buffer, dtype=np.uint8)[first:last]
    # a byte below "0" wraps around to 246 and more: one comparison finds every non-digit
    if not bool(np.all(((data - np.uint8(_ZERO)) < 10) | (data == _POINT))):  # noqa: PLR2004 - ten digits
        return False
    try:
        compute.cast(text, pa.float64())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return False
    return True
