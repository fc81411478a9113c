"""ISO moments read from text by their fixed positions: ``YYYY-MM-DD``, ``... HH:MM``, ``... HH:MM:SS``.

Extracts write a moment in one of a few fixed-width ISO forms, the same width in every row.
:func:`iso_moments` reads a column whose every cell pyarrow's ISO 8601 cast reads by that cast
(a C++ loop; each cell's width tells a date from a moment at midnight), and any other column
straight from the text's bytes (the digits at their positions, the separators between them) with
whole-array arithmetic, a block of rows at a time. Either way it says which cells it read: a cell in any other form (another width, a year before 1000, a day the month
has not, a stray character) is left for the general reader of
:mod:`~tenncare_calc.columnar.times`, which reads every form the single-value readers read. So a
cell read here is one that reader reads too, to the same microsecond: the forms are those of its
patterns, each field in range, written with every leading zero.

>>> import pyarrow as pa
>>> read, micros, timed = iso_moments(
...     pa.array(["1970-01-02", "1970-01-02 00:01", "1970-01-02T00:01:30", "2008-02-30", None],
...     pa.large_string()))
>>> read.tolist(), micros[:3].tolist(), timed.tolist()
([True, True, True, False, False], [86400000000, 86460000000, 86490000000], [False, True, True, False, False])
"""

from __future__ import annotations

__all__ = ["iso_moments"]

import functools
from typing import TYPE_CHECKING, Any

from tenncare_calc.columnar.arrow_kernels import compute
from tenncare_calc.columnar.column_batches import numpy_valid
from tenncare_calc.core.errors import require

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    BoolArray = npt.NDArray[np.bool_]
    IntArray = npt.NDArray[np.int64]

#: The widths read here: a date; a date and HH:MM; a date and HH:MM:SS (``T`` or a space between).
_WIDTHS = (10, 16, 19)
#: Rows gathered per block (a block's bytes and fields stay in the processor's cache).
_BLOCK = 65_536
_MICROS_PER_SECOND = 1_000_000
_FIRST_YEAR = 1000  # earlier years are left to the general reader
#: The positions of the digits in each width: YYYY-MM-DD, then HH:MM, then :SS.
_DIGITS = {
    10: (0, 1, 2, 3, 5, 6, 8, 9),
    16: (0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15),
    19: (0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18),
}
_SECONDS_PER_DAY = 86_400


def _np() -> Any:  # noqa: ANN401 - the numpy module
    return require("numpy", extra="data", purpose="reading batch check inputs")


def iso_moments(text: Any) -> tuple[BoolArray, IntArray, BoolArray]:  # noqa: ANN401 - pyarrow text
    """Return which cells are fixed-width ISO moments, their microseconds since 1970, and which have a time.

    ``text`` is a pyarrow ``large_string`` array (trimmed; nulls for empty cells). A cell is read
    when it is ``YYYY-MM-DD``, ``YYYY-MM-DD HH:MM`` or ``YYYY-MM-DD HH:MM:SS`` (``T`` may stand
    for the space) with a year from 1000, a day the month has, hours below 24 and minutes and
    seconds below 60; its microseconds are then those of that moment (midnight for a date, which
    has no time). Every other cell reads as not read, 0 and no time.
    """
    np = _np()
    rows = len(text)
    read = np.zeros(rows, dtype=bool)
    micros = np.zeros(rows, dtype=np.int64)
    timed = np.zeros(rows, dtype=bool)
    if not rows:
        return read, micros, timed
    _, offsets_buffer, data_buffer = text.buffers()
    offsets = np.frombuffer(offsets_buffer, dtype=np.int64)[text.offset : text.offset + rows + 1]
    if data_buffer is None:
        return read, micros, timed
    widths = np.diff(offsets)
    valid = numpy_valid(text)
    if _cast(text, widths, valid, read=read, micros=micros, timed=timed):
        return read, micros, timed
    data = np.frombuffer(data_buffer, dtype=np.uint8)
    for start in range(0, rows, _BLOCK):
        block = slice(start, min(start + _BLOCK, rows))
        width = int(widths[start])
        if width in _WIDTHS and bool(np.all(widths[block] == width)) and bool(valid[block].all()):
            # the usual extract: every cell of the block is one width, its bytes one run
            chars = data[offsets[start] : offsets[block.stop]].reshape(-1, width)
            _read(
                chars,
                width,
                np.arange(block.start, block.stop),
                read=read,
                micros=micros,
                timed=timed,
            )
            continue
        for width in _WIDTHS:
            found = np.flatnonzero((widths[block] == width) & valid[block]) + start
            if len(found):
                chars = data[offsets[found][:, None] + np.arange(width)]
                _read(chars, width, found, read=read, micros=micros, timed=timed)
    return read, micros, timed


def _cast(
    text: Any,  # noqa: ANN401 - pyarrow text
    widths: IntArray,
    valid: BoolArray,
    *,
    read: BoolArray,
    micros: IntArray,
    timed: BoolArray,
) -> bool:
    """Write, in place, the moments of ``text`` if pyarrow's ISO 8601 cast reads every cell.

    The cast (a C++ loop, half the time of the digits read here) reads a cell only in the fixed
    forms ``YYYY-MM-DD``, ``YYYY-MM-DD[T ]HH``, ``...:MM``, ``...:MM:SS`` and ``...:MM:SS.fff``
    with fields in range, and fails the whole array on any other. Of what it reads, this module reads the cells
    of the widths in :data:`_WIDTHS` from year 1000 (the width tells a date from a moment at
    midnight); the others (``YYYY-MM-DD HH``, an earlier year) are left unread, as the digits'
    reader leaves them. Return False, writing nothing, when the cast fails.
    """
    np = _np()
    pa = require("pyarrow", extra="data", purpose="reading batch check inputs")
    try:
        stamps = compute.cast(text, pa.timestamp("us"))
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return False
    stored = np.frombuffer(stamps.buffers()[1], dtype=np.int64)[
        stamps.offset : stamps.offset + len(stamps)
    ]
    fixed = (widths == _WIDTHS[0]) | (widths == _WIDTHS[1]) | (widths == _WIDTHS[2])
    read[:] = valid & fixed & (stored >= _first_second() * _MICROS_PER_SECOND)
    # 0 where not read (whatever a null's slot holds): a product, no branch per row
    np.multiply(stored, read, out=micros)
    np.greater(widths, _WIDTHS[0], out=timed)
    timed &= read
    return True


def _read(
    chars: Any,  # noqa: ANN401 - numpy uint8, one cell's bytes a row
    width: int,
    rows: IntArray,
    *,
    read: BoolArray,
    micros: IntArray,
    timed: BoolArray,
) -> None:
    """Write, in place at ``rows``, the moments of the well-formed cells of ``chars``."""
    good, values = _fields(chars, width)
    hits = rows
    if not good.all():
        hits, values = rows[good], values[good]
    read[hits] = True
    micros[hits] = values
    timed[hits] = width > _WIDTHS[0]


def _fields(chars: Any, width: int) -> tuple[BoolArray, IntArray]:  # noqa: ANN401 - numpy uint8
    """Return which rows of ``chars`` (one cell's bytes a row) are well-formed, and their moments."""
    np = _np()
    digit = chars - np.uint8(ord("0"))  # wraps below '0', so every non-digit is above 9
    good = np.all(digit[:, list(_DIGITS[width])] <= 9, axis=1)  # noqa: PLR2004 - a decimal digit
    good &= (chars[:, 4] == ord("-")) & (chars[:, 7] == ord("-"))

    def number(*at: int) -> Any:  # noqa: ANN401 - a numpy int32 array
        value = digit[:, at[0]].astype(np.int32)
        for position in at[1:]:
            value = value * 10 + digit[:, position]
        return value

    year, month, day = number(0, 1, 2, 3), number(5, 6), number(8, 9)
    good &= (year >= _FIRST_YEAR) & (month >= 1) & (month <= 12)  # noqa: PLR2004 - 12 months
    # the first day of each month, and of the next, from one table of the years read here
    starts = _month_starts()
    index = np.where(good, (year - _FIRST_YEAR) * 12 + month - 1, 0)
    first = starts[index]
    good &= (day >= 1) & (day <= starts[index + 1] - first)
    days = first + day - 1
    seconds = np.zeros(len(chars), dtype=np.int64)
    if width > _WIDTHS[0]:
        good &= (chars[:, 10] == ord(" ")) | (chars[:, 10] == ord("T"))
        good &= chars[:, 13] == ord(":")
        hour, minute = number(11, 12), number(14, 15)
        good &= (hour < 24) & (minute < 60)  # noqa: PLR2004 - a clock's hours and minutes
        seconds = (hour * 3_600 + minute * 60).astype(np.int64)
        if width == _WIDTHS[2]:
            good &= chars[:, 16] == ord(":")
            second = number(17, 18)
            good &= second < 60  # noqa: PLR2004 - no leap second: the general reader rejects it
            seconds += second
    values = (days * _SECONDS_PER_DAY + seconds) * _MICROS_PER_SECOND
    return good, values


@functools.cache
def _first_second() -> int:
    """Return 1000-01-01 00:00 in seconds from 1970 (earlier years are left to the general reader)."""
    return int(_month_starts()[0]) * _SECONDS_PER_DAY


@functools.cache
def _month_starts() -> Any:  # noqa: ANN401 - a numpy int64 array
    """Return the day number (from 1970-01-01) of the first day of each month of the years read.

    Index ``(year - 1000) * 12 + month - 1``, from January 1000 to January 10000 (one past the
    last month, so each month's length is the next entry less its own).

    >>> starts = _month_starts()
    >>> int(starts[(1970 - 1000) * 12]), int(starts[(2008 - 1000) * 12 + 2] - starts[(2008 - 1000) * 12 + 1])
    (0, 29)
    """
    np = _np()
    months = np.arange(
        np.datetime64(f"{_FIRST_YEAR}-01", "M"), np.datetime64("10000-01", "M") + 1, dtype="M8[M]"
    )
    return months.astype("M8[D]").astype(np.int64)
