r"""A CSV file's data lines parsed by pyarrow block by block, on a thread of the library's own.

:func:`csv_blocks` hands pyarrow whole lines a block at a time (:class:`~tenncare_calc.columnar.csv_lines.LineStream`:
one line is one row, a line that cannot be a row is a stand-in that pyarrow's invalid-row
handler sets aside with its reason) and yields the record batches, parsed on a reader thread
while the caller converts the batch before (pyarrow parses without the GIL). Cells are text,
null where empty; columns the caller names as dates are parsed as ``YYYY-MM-DD`` dates by pyarrow
as it reads, until a block has one that is not.

>>> import io
>>> raw = io.BufferedReader(io.BytesIO(b"2008-01-05,M1\n2008-02-30,M2\n,M3,x\n"))
>>> left_out = []
>>> batches = list(csv_blocks(raw, ["day", "id"], ["day", "id"], progress=None,
...                          left_out=left_out, dates=["day"]))
>>> [batch.to_pylist() for batch in batches], left_out
([[{'day': '2008-01-05', 'id': 'M1'}, {'day': '2008-02-30', 'id': 'M2'}]], [(2, '3 cells for 2 columns')])
"""

from __future__ import annotations

__all__ = ["csv_blocks"]

import functools
import queue
import threading
from typing import TYPE_CHECKING, Any

from tenncare_calc.columnar.column_batches import _pa
from tenncare_calc.columnar.csv_lines import LineStream
from tenncare_calc.core.errors import require

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence

#: Bytes of CSV text pyarrow parses at a time.
_BLOCK_BYTES = 4 << 20


def _in_thread(batches: Iterator[Any]) -> Iterator[Any]:
    """Yield the batches of ``batches``, made ahead by another thread (pyarrow parses without the GIL).

    The thread is joined before this ends, also when the consumer stops early: no thread of ours is
    left inside pyarrow when the interpreter exits.
    """
    handed: queue.Queue[Any] = queue.Queue(maxsize=2)
    stop = threading.Event()

    def hand(item: Any) -> bool:  # noqa: ANN401 - a batch, None at the end, or an error
        while not stop.is_set():
            try:
                handed.put(item, timeout=0.1)
            except queue.Full:
                continue
            return True
        return False

    def produce() -> None:
        try:
            for batch in batches:
                if not hand(batch):
                    return
            hand(None)
        except BaseException as error:  # noqa: BLE001 - handed to the consumer, raised there
            hand(error)

    worker = threading.Thread(target=produce, name="tenncare-csv-reader", daemon=True)
    worker.start()
    try:
        while (item := handed.get()) is not None:
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        worker.join()


def _convert_options(names: list[str], wanted: list[str], dates: Sequence[str]) -> list[Any]:
    """Return pyarrow's conversion options: with ``dates`` read as dates (if any), then as text."""
    pa = _pa()
    pv = require("pyarrow.csv", extra="data", purpose="reading CSV tables")
    text = dict.fromkeys(names, pa.string())
    kinds = [text | dict.fromkeys(dates, pa.date32()), text] if dates else [text]
    return [
        pv.ConvertOptions(
            column_types=types,
            include_columns=wanted,
            strings_can_be_null=True,
            quoted_strings_can_be_null=True,
        )
        for types in kinds
    ]


def csv_blocks(
    handle: Any,  # noqa: ANN401 - a binary file after the header
    names: list[str],
    wanted: list[str],
    *,
    progress: Callable[[int], None] | None,
    left_out: list[tuple[int, str]],
    dates: Sequence[str] = (),
) -> Iterator[Any]:
    """Yield the batches of a CSV file's data lines (text cells); note each line left out and why.

    The columns named in ``dates`` are parsed as ``YYYY-MM-DD`` dates by pyarrow as it reads (no
    text column made, then cast); from the first block where one of them is not, every column
    is read as text, which the caller converts (other forms, with their reasons).
    """
    pa = _pa()
    pv = require("pyarrow.csv", extra="data", purpose="reading CSV tables")
    lines = LineStream(handle, columns=len(names), progress=progress, header=handle.tell())

    def invalid(first: int, found: list[tuple[int, str, bool]], row: Any) -> str:  # noqa: ANN401
        number = first + row.number - 1  # pyarrow numbers a block's rows from 1
        reason = lines.reasons.pop(number, None)
        popped = reason is not None
        if reason is None:
            reason = f"{row.actual_columns} cells for {row.expected_columns} columns"
        found.append((number, reason, popped))
        return "skip"

    if not handle.peek(1):
        return  # a header and nothing else
    read_options = pv.ReadOptions(column_names=names, use_threads=False, block_size=_BLOCK_BYTES)
    options = _convert_options(names, wanted, dates)

    def read(block: bytes, first: int, convert_options: Any) -> Any:  # noqa: ANN401
        found: list[tuple[int, str, bool]] = []
        parse_options = pv.ParseOptions(
            newlines_in_values=False,
            invalid_row_handler=functools.partial(invalid, first, found),
            ignore_empty_lines=False,
        )
        try:
            table = pv.read_csv(
                pa.BufferReader(block),
                read_options=read_options,
                parse_options=parse_options,
                convert_options=convert_options,
            )
        except pa.ArrowInvalid:  # a cell is not a date: the block is read again, as text
            lines.reasons.update((number, reason) for number, reason, popped in found if popped)
            raise
        left_out.extend((number, reason) for number, reason, _ in found)
        return table

    def parsed() -> Iterator[Any]:
        # Block by block (whole lines) through pyarrow's serial reader, read_csv: it parses on this
        # thread and joins its own read-ahead thread before it returns, so no Arrow thread is left
        # holding the bad-row handler or a buffer of Python bytes. The streaming reader (open_csv)
        # left them to pool threads, which need the GIL to let go of them: at interpreter exit that
        # aborted the process ("terminate called without an active exception").
        first = 0  # the data row of the block's first line
        for block in lines.blocks():
            after = lines.lines  # the lines handed on, this block's included
            try:
                table = read(block, first, options[0])
            except pa.ArrowInvalid:
                if len(options) == 1:
                    raise
                del options[0]  # dates in another form: this block and the rest as text
                table = read(block, first, options[0])
            first = after
            yield from table.to_batches()

    yield from _in_thread(parsed())
