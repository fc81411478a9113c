r"""A CSV file's data lines parsed by pyarrow block by block, on threads of the library's own.

:func:`csv_blocks` hands pyarrow whole lines a block at a time (:class:`~tenncare_calc.columnar.csv_lines.LineStream`:
one line is one row, a line that cannot be a row is a stand-in that pyarrow's invalid-row
handler sets aside with its reason) and yields the record batches in the file's order, parsed a
few blocks ahead, one thread per core, while the caller converts the batch before (pyarrow parses
without the GIL). Cells are text, null where empty; columns the caller names as dates are parsed
as ``YYYY-MM-DD`` dates by pyarrow as it reads, until a block has one that is not.

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

import collections
import contextlib
import functools
import queue
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from tenncare_calc.columnar.cell_limits import may_hold_long_line, without_long_cells
from tenncare_calc.columnar.column_batches import _pa
from tenncare_calc.columnar.csv_lines import CheckedBlock, LineStream, last_line_open
from tenncare_calc.columnar.text_dates import before_year_one
from tenncare_calc.core.cores import usable_cores
from tenncare_calc.core.errors import require

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence

#: Bytes of CSV text pyarrow's reader takes as one piece: more than a block of the line stream
#: (a read of 4 MiB, with a line begun before it of up to 1 MiB and the end of that line), so a
#: block is parsed whole, never cut at a line break pyarrow could take for one inside quotes.
_BLOCK_BYTES = 8 << 20
#: The UTF-8 byte order mark.
_BOM = b"\xef\xbb\xbf"


def _in_thread(batches: Iterator[Any]) -> Iterator[Any]:
    """Yield the batches of ``batches``, made ahead by another thread (pyarrow parses without the GIL).

    The thread is joined before this ends, also when the consumer stops early (the generator is
    closed on that thread, so it joins its own): no thread of ours is left inside pyarrow when the
    interpreter exits.
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
        finally:
            getattr(batches, "close", lambda: None)()

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
            # an empty cell (quoted or not) is null, as the row reader reads it; text such as
            # NA, null or N/A is text (pyarrow's default would make it null: an end date of NA
            # read as an open span)
            null_values=[""],
            strings_can_be_null=True,
            quoted_strings_can_be_null=True,
            # every line handed to pyarrow is UTF-8 already: the LineStream decodes each block
            # that is not ASCII and stands in for a line that is not UTF-8 (a cell, cut at an
            # ASCII comma or quote, is then UTF-8 too), so pyarrow's own check is a second pass
            check_utf8=False,
        )
        for types in kinds
    ]


#: A line pyarrow set aside: its data row, its reason, and whether the reason was the stream's.
_Found = tuple[int, str, bool]


class _Blocks:
    """The blocks of a :class:`LineStream`, each parsed by pyarrow's serial reader on a thread."""

    def __init__(
        self,
        lines: LineStream,
        names: list[str],
        options: list[Any],
        *,
        every: Any = None,  # noqa: ANN401 - pyarrow ConvertOptions
    ) -> None:
        pv = require("pyarrow.csv", extra="data", purpose="reading CSV tables")
        self.lines = lines
        self.options = options  # the first one used; the text one last
        self.every = every  # every column as text, when only some are read; else None
        self.read_options = pv.ReadOptions(
            column_names=names, use_threads=False, block_size=_BLOCK_BYTES
        )
        self.switching = threading.Lock()

    def _invalid(self, first: int, found: list[_Found], row: Any) -> str:  # noqa: ANN401
        number = first + row.number - 1  # pyarrow numbers a block's rows from 1
        reason = self.lines.reasons.pop(number, None)
        popped = reason is not None
        if reason is None:
            reason = f"{row.actual_columns} cells for {row.expected_columns} columns"
        found.append((number, reason, popped))
        return "skip"

    def _read(self, block: Any, first: int, convert: Any, *, handled: bool) -> tuple[Any, Any]:  # noqa: ANN401 - bytes or a view
        pa = _pa()
        if block[: len(_BOM)] == _BOM:
            # pyarrow drops a byte order mark at the start of what it reads, taking it for the
            # file's; here it starts a line, and is text (as the row reader reads it): one more
            block = _BOM + bytes(block)
        pv = require("pyarrow.csv", extra="data", purpose="reading CSV tables")
        found: list[_Found] = []
        handler = functools.partial(self._invalid, first, found) if handled else None
        parse_options = pv.ParseOptions(
            newlines_in_values=False, invalid_row_handler=handler, ignore_empty_lines=False
        )
        try:
            table = pv.read_csv(
                pa.BufferReader(block),
                read_options=self.read_options,
                parse_options=parse_options,
                convert_options=convert,
            )
            _no_year_zero(table)
        except pa.ArrowInvalid:  # read again: the stream's reasons go back for that read
            self.lines.reasons.update((row, reason) for row, reason, popped in found if popped)
            raise
        return table, [(row, reason) for row, reason, _ in found]

    def check_and_parse(self, block: CheckedBlock) -> tuple[Any, Any]:
        """Return a block's table and the lines it left out, its lines checked first.

        A block whose lines pass every check but the quotes' is parsed first as it is: if pyarrow
        gets a row from each line and the last line closes its quotes, no line left a quote open
        (:meth:`~tenncare_calc.columnar.csv_lines.CheckedBlock.unless_quotes_open`) and the
        quotes' scan is spared; otherwise the block is checked line by line and parsed again.
        """
        lines = block.unless_quotes_open()
        if lines is not None and lines[2] - lines[1] < _BLOCK_BYTES:
            parsed = self._parsed_as_is(lines, block)
            if parsed is not None:
                return parsed
        data, replaced = block.checked(self.lines.reasons)
        table, found = self.parse(data, block.first, clean=not replaced)
        if table.num_rows + len(found) != block.lines or last_line_open(data):
            # a line left a quote open that the quick look at the block's quotes let through
            # (an even count, each next to a comma: ``x",y,"z``), and pyarrow read the lines
            # after it (or the line break ending the block) into its cell: checked again quote
            # by quote, no line is lost
            data, replaced = block.checked(self.lines.reasons, exact=True)
            table, found = self.parse(data, block.first, clean=not replaced)
        return table, found

    def _parsed_as_is(
        self, lines: tuple[bytes, int, int], block: CheckedBlock
    ) -> tuple[Any, Any] | None:
        """Return the block's table and lines left out if it holds no open quote, else None.

        ``lines`` are the block's bytes ``data[start:end]``, handed to pyarrow where they are.
        Read without the bad-row handler: a row of another width, or a date in another form,
        fails the read, and the block takes the checked way (which sees to both).
        """
        pa = _pa()
        data, start, end = lines
        view = data if start == 0 and end == len(data) else memoryview(data)[start:end]
        try:
            table, found = self._read(view, block.first, self.options[0], handled=False)
        except pa.ArrowInvalid:
            return None
        if table.num_rows != block.lines or last_line_open(data, start, end):
            return None
        return self._limited(table, view, block.first, found, lines=lines), found

    def parse(self, block: bytes, first: int, *, clean: bool) -> tuple[Any, Any]:
        """Return a block's table and the lines it left out (``first``: its first data row).

        A row with a cell over the row reader's limit is left out too (:mod:`.cell_limits`).
        """
        table, found = self._parsed(block, first, clean=clean)
        return self._limited(table, block, first, found), found

    def _limited(
        self,
        table: Any,  # noqa: ANN401 - a pyarrow Table
        block: Any,  # noqa: ANN401 - the block's bytes, or a view of them
        first: int,
        found: list[Any],
        *,
        lines: tuple[bytes, int, int] | None = None,
    ) -> Any:  # noqa: ANN401
        """Return a block's rows without those with a cell over the limit, in any column.

        Only a block that may hold a line that long is measured (every 64 KiB stretch holding a
        line break proves none does; searched in ``lines``, the bytes the block is a view of,
        when given). When only some columns are read, such a block is parsed again with every
        column (as the row reader reads every cell), so a long cell in a column not read leaves
        its row out too; when dates were parsed as dates, it is parsed again as text, so a date
        padded past the limit does too (pyarrow's dates drop the padding). The rows kept are
        ``table``'s, as parsed.
        """
        if not may_hold_long_line(*(lines or (block,))):
            return table
        pa = _pa()
        typed = not all(
            pa.types.is_string(kind) or pa.types.is_large_string(kind)
            for kind in table.schema.types
        )
        if self.every is None and not typed:
            return without_long_cells(table, first, found)
        text = self.every if self.every is not None else self.options[-1]
        whole, _ = self._read(block, first, text, handled=True)
        return without_long_cells(table, first, found, measured=whole)

    def _parsed(self, block: bytes, first: int, *, clean: bool) -> tuple[Any, Any]:
        """Return a block's table and the lines pyarrow left out (``first``: its first data row).

        pyarrow parses blocks on several threads at once only without a Python handler of bad
        rows: a block without a stand-in (``clean``) is read without one first (a row of another
        width, or a date in another form, fails it, and it is read again with the handler). From
        the first block with a date in another form, blocks are read as text.
        """
        pa = _pa()
        convert = self.options[0]
        if clean:
            with contextlib.suppress(pa.ArrowInvalid):
                return self._read(block, first, convert, handled=False)
        try:
            return self._read(block, first, convert, handled=True)
        except pa.ArrowInvalid:
            if convert is self.options[-1]:  # already text
                raise
        with self.switching:
            if self.options[0] is convert and len(self.options) > 1:
                del self.options[0]
        return self._read(block, first, self.options[-1], handled=True)

    def batches(self, left_out: list[tuple[int, str]]) -> Iterator[Any]:
        """Yield the batches of every block in order, parsed a few blocks ahead on a thread pool.

        The pool's threads are ours, joined before this ends: no Arrow thread is left holding the
        bad-row handler or a buffer of Python bytes. (The streaming reader, open_csv, left them to
        pool threads, which need the GIL to let go of them: at interpreter exit that aborted the
        process, "terminate called without an active exception".)
        """
        pool = ThreadPoolExecutor(_parsers(), thread_name_prefix="tenncare-csv-parser")
        ahead: collections.deque[Future[Any]] = collections.deque()
        try:
            for block in self.lines.checked_blocks():  # checked on the parser's thread too
                ahead.append(pool.submit(self.check_and_parse, block))
                if len(ahead) >= _parsers():  # one parsing while the oldest is handed on
                    yield from _done(ahead.popleft(), left_out)
            while ahead:
                yield from _done(ahead.popleft(), left_out)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


def _no_year_zero(table: Any) -> None:  # noqa: ANN401 - a pyarrow Table
    """Raise ``ArrowInvalid`` if a column pyarrow read as dates holds one in the year 0.

    pyarrow's date converter reads ``0000-01-05``; there is no year 0 (the row reader, and the
    text dates, refuse it), so such a block is read as text, whose reader rejects the cell.
    """
    pa = _pa()
    for column in table.itercolumns():
        if pa.types.is_date32(column.type) and before_year_one(column):
            message = "a date in the year 0: read as text"
            raise pa.ArrowInvalid(message)


def _done(parse: Future[Any], left_out: list[tuple[int, str]]) -> Iterator[Any]:
    """Yield a parsed block's batches; note the lines it left out, in order."""
    table, found = parse.result()
    left_out.extend(found)
    yield from table.to_batches()


def _parsers() -> int:
    """Return how many threads parse blocks: the cores this process may run on (at most 4)."""
    return usable_cores(4)


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
    is read as text, which the caller converts (other forms, with their reasons). Blocks are
    parsed on one thread per core, a few ahead of the caller, and come in the file's order.
    """
    lines = LineStream(handle, columns=len(names), progress=progress, header=handle.tell())
    if not handle.peek(1):
        return  # a header and nothing else
    every = None if list(wanted) == list(names) else _convert_options(names, names, ())[0]
    blocks = _Blocks(lines, names, _convert_options(names, wanted, dates), every=every)
    yield from _in_thread(blocks.batches(left_out))
