"""The longest cell a CSV file may hold: the one limit both CSV readers keep.

:func:`~tenncare_calc.columnar.read_rows` reads with Python's ``csv``, which refuses a cell over
:data:`~tenncare_calc.columnar.row_files.MAX_CELL_CHARS` characters; the columnar reader
(:func:`~tenncare_calc.columnar.read_columns`) parses with pyarrow, which has no such limit, and
applies it here to each block it parses, so both leave out the same lines for the same reason.

>>> import pyarrow as pa
>>> left_out = [(1, "3 cells for 2 columns")]  # the block's second line, skipped by pyarrow
>>> kept = without_long_cells(pa.table({"a": ["x", "y" * 131_073, "z"]}), 0, left_out)
>>> kept.column("a").to_pylist(), left_out
(['x', 'z'], [(1, '3 cells for 2 columns'), (2, 'a cell over 131,072 characters')])
"""

from __future__ import annotations

__all__ = ["may_hold_long_line", "without_long_cells"]

from typing import Any

from tenncare_calc.columnar.arrow_kernels import compute
from tenncare_calc.columnar.column_batches import text_offsets
from tenncare_calc.columnar.row_files import MAX_CELL_CHARS
from tenncare_calc.core.errors import require


def without_long_cells(
    table: Any,  # noqa: ANN401 - a pyarrow Table, one block's rows
    first: int,
    left_out: list[tuple[int, str]],
    *,
    measured: Any = None,  # noqa: ANN401 - the same rows as text
) -> Any:  # noqa: ANN401 - the table without the rows left out
    """Return a block's rows without those with a cell over the row reader's limit, noted in ``left_out``.

    :func:`~tenncare_calc.columnar.read_rows` refuses a cell over
    :data:`~tenncare_calc.columnar.row_files.MAX_CELL_CHARS` characters (Python's ``csv`` limit);
    so does this reader, with the same reason, so both read a file alike. ``first`` is the file
    row of the block's first line and ``left_out`` the block's lines pyarrow skipped. A block
    whose lines are all shorter than the limit (:func:`may_hold_long_line`) need not come here.
    The cells measured are ``measured``'s (the block's rows read as text, with every column),
    else ``table``'s own text columns: a column pyarrow read as dates no longer shows a date's
    padding, so a block with one is measured as text.
    """
    np = require("numpy", extra="data", purpose="reading CSV tables")
    pa = require("pyarrow", extra="data", purpose="reading CSV tables")
    long = np.zeros(table.num_rows, dtype=bool)
    for column in (table if measured is None else measured).columns:
        if not (pa.types.is_string(column.type) or pa.types.is_large_string(column.type)):
            continue  # not text: measured in ``measured``, when the caller gives it
        longest = max((_longest_bytes(chunk) for chunk in column.chunks), default=0)
        if longest > MAX_CELL_CHARS:  # bytes: a cell has no more characters than bytes
            pc = compute
            chars = pc.fill_null(pc.utf8_length(column), 0).to_numpy(zero_copy_only=False)
            long |= np.asarray(chars) > MAX_CELL_CHARS
    if not long.any():
        return table
    # the block's rows pyarrow kept are its lines but those it skipped, in order
    gone = np.asarray(sorted(row - first for row, _ in left_out), dtype=np.int64)
    rows = np.flatnonzero(long)
    slots = gone - np.arange(len(gone), dtype=np.int64)
    lines = rows + np.searchsorted(slots, rows, side="right") + first
    reason = f"a cell over {MAX_CELL_CHARS:,} characters"
    left_out.extend((int(line), reason) for line in lines)
    return compute.filter(table, pa.array(~long))


def may_hold_long_line(text: bytes, start: int = 0, end: int | None = None) -> bool:
    r"""Return whether a line of ``text[start:end]`` may be longer than the cell limit (in bytes).

    Every stretch of half the limit holding a line break, no line reaches the limit: a few
    searches a block, each stopping at the first line break it meets.

    >>> may_hold_long_line(b"a,b\n" * 100_000), may_hold_long_line(b"x" * 131_073 + b"\n")
    (False, True)
    >>> may_hold_long_line(b"x" * 131_073 + b"\n" + b"a,b\n" * 100_000, 131_074)
    False
    """
    half = MAX_CELL_CHARS // 2
    stop = len(text) if end is None else end
    return any(text.find(b"\n", at, min(at + half, stop)) < 0 for at in range(start, stop, half))


def _longest_bytes(chunk: Any) -> int:  # noqa: ANN401 - a pyarrow string or large_string Array
    """Return the bytes of the longest cell of a text array that is not null (0 for none).

    Read from the array's offsets with numpy, as ``pyarrow.compute``'s ``binary_length`` and
    ``max`` would give it: a file without a long cell (every file, nearly) is read without
    importing ``pyarrow.compute``, a tenth of a small file's time.

    >>> import pyarrow as pa
    >>> _longest_bytes(pa.array(["ab", None, "abcd", ""]).slice(1)), _longest_bytes(pa.array([None]))
    (4, 0)
    """
    np = require("numpy", extra="data", purpose="reading CSV tables")
    count = len(chunk)
    if count == chunk.null_count:
        return 0
    validity = chunk.buffers()[0]
    lengths = np.diff(text_offsets(chunk))
    if chunk.null_count:
        bits = np.unpackbits(np.frombuffer(validity, dtype=np.uint8), bitorder="little")
        lengths = lengths[bits[chunk.offset : chunk.offset + count].astype(bool)]
    return int(lengths.max())
