r"""A CSV file's cells as text, a chunk of rows at a time, every line accounted for.

:func:`text_chunks` reads a CSV file as :func:`~tenncare_calc.columnar.read_columns` does with
``text=True`` (the same blocks, the same lines left out for the same reasons), but hands the rows
on a chunk at a time, with each row's place in the file, so a computation that needs one row at a
time (the table checks) reads a file of any size in memory of the size of a chunk.

A file with a line that leaves a quote open cannot be read so: such a line may begin a record
whose quoted value holds a line break, and only reading the whole file record by record tells
(:func:`~tenncare_calc.columnar.read_rows`). Then :class:`QuotedLineBreaks` is raised, and the
caller reads the file whole.

>>> import pathlib, tempfile
>>> path = pathlib.Path(tempfile.mkdtemp()) / "trips.csv"
>>> _ = path.write_text("trip_id,when\nT1,2008-10-06\nT2,a,b\nT3,2008-10-07\nT4,2008-10-08\n")
>>> [(chunk.data.column("trip_id").to_pylist(), chunk.rows.tolist(), chunk.malformed)
...  for chunk in text_chunks(path, rows=2)]
[(['T1', 'T3'], [0, 2], ((1, '3 cells for 2 columns'),)), (['T4'], [3], ())]
"""

from __future__ import annotations

__all__ = ["QuotedLineBreaks", "TextChunk", "file_columns", "text_chunks"]

from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from tenncare_calc.columnar.column_files import _header, _renamed, _text_table
from tenncare_calc.columnar.csv_blocks import _in_thread, csv_blocks
from tenncare_calc.columnar.csv_lines import UNCLOSED_QUOTE
from tenncare_calc.columnar.row_files import _fail, file_format
from tenncare_calc.core.errors import InvalidInputError, InvalidValueError, require

if TYPE_CHECKING:
    from collections.abc import Callable, Collection, Iterator, Mapping

#: Rows in a chunk: enough that the work per chunk dwarfs the cost of a chunk, small enough that
#: the chunks read ahead (two) and the one computed stay in a few tens of megabytes.
CHUNK_ROWS = 1 << 18


class QuotedLineBreaks(Exception):  # noqa: N818 - a signal to read the whole file, not an error
    """The file has a line that leaves a quote open: read it whole, record by record."""


@attrs.frozen
class TextChunk:
    """A chunk of a CSV file's rows: their cells as text, and where they are in the file.

    ``rows`` is each row's 0-based row in the file (its line is ``row + 2``); ``malformed`` the
    lines the reader left out since the chunk before (0-based file rows, with their reasons).
    """

    data: Any = attrs.field(repr=False)
    rows: Any = attrs.field(repr=False)
    malformed: tuple[tuple[int, str], ...] = ()


class _Chunks:
    """The rows of a file's batches, gathered into chunks of ``rows`` rows."""

    def __init__(self, names: list[str], rows: int, left_out: list[tuple[int, str]]) -> None:
        self.names, self.rows, self.left_out = names, rows, left_out
        self.batches: list[Any] = []
        self.pending = self.told = self.done = 0

    def quoted(self, upto: int | None = None) -> bool:
        """Return whether a line left out since the last chunk (up to ``upto``) leaves a quote open."""
        return any(reason == UNCLOSED_QUOTE for _, reason in self.left_out[self.told : upto])

    def add(self, batch: Any) -> Iterator[TextChunk]:  # noqa: ANN401 - a pyarrow RecordBatch
        """Return the chunks ``batch`` completes (a chunk may end within it)."""
        start = 0
        while start < batch.num_rows:
            take = min(batch.num_rows - start, self.rows - self.pending)
            self.batches.append(batch.slice(start, take))
            self.pending, start = self.pending + take, start + take
            if self.pending >= self.rows:
                yield self.chunk()

    def chunk(self) -> TextChunk:
        """Return the rows gathered as a chunk, with the lines left out since the last one."""
        np = require("numpy", extra="data", purpose="reading CSV tables")
        # the reading thread may add lines left out meanwhile: take those there are now, once,
        # and raise if one of them leaves a quote open (it may have come after quoted() looked)
        told = len(self.left_out)
        if self.quoted(told):
            raise QuotedLineBreaks(str(told))
        table = _text_table(self.batches, self.names, infer=False)  # empties the batches
        positions = np.arange(self.done, self.done + table.num_rows, dtype=np.int64)
        if told:  # each row moved past the lines left out before it
            gone = np.asarray(sorted(row for row, _ in self.left_out[:told]), dtype=np.int64)
            slots = gone - np.arange(len(gone), dtype=np.int64)  # the data rows before each
            positions += np.searchsorted(slots, positions, side="right")
        found = TextChunk(table, positions, tuple(sorted(self.left_out[self.told : told])))
        self.told, self.done, self.pending = told, self.done + table.num_rows, 0
        return found

    def last(self) -> Iterator[TextChunk]:
        """Return the last chunk: the rows and lines left, or an empty chunk if there was none."""
        if self.pending or self.told < len(self.left_out) or not self.done:
            yield self.chunk()


def text_chunks(
    path: str | Path,
    *,
    columns: Mapping[str, str] | None = None,
    rows: int = CHUNK_ROWS,
    progress: Callable[[int], None] | None = None,
    wanted: Collection[str] | None = None,
) -> Iterator[TextChunk]:
    """Return the chunks of a CSV file's rows (at least one, the last maybe empty), cells as text.

    Every line of the file is in exactly one chunk's ``rows`` or ``malformed`` (a line left out
    is told with the chunk during whose reading it was found). ``columns`` maps the library's
    column names to the file's, as for :func:`~tenncare_calc.columnar.read_columns`; with
    ``wanted`` (library names), only those of the file's columns are parsed (an extract's other
    columns are skipped, but every line is still checked whole: its cells counted, its longest
    cell measured). Raises :class:`QuotedLineBreaks` on a line that leaves a quote open.
    """
    source = Path(path)
    if isinstance(rows, bool) or not isinstance(rows, int) or rows < 1:
        raise InvalidValueError(
            f"rows: a chunk holds at least 1 row (got {rows!r})", field="rows", value=rows
        )
    if file_format(source) != "csv":
        raise InvalidInputError(f"{source}: read in chunks only as CSV", field="file", value=path)
    # read and gathered on a thread of its own, a chunk ahead of the computation on this one
    return _in_thread(_read(source, columns, rows, progress, wanted))


def file_columns(path: str | Path, *, columns: Mapping[str, str] | None = None) -> list[str]:
    r"""Return a CSV file's column names as :func:`text_chunks` names them (``columns`` applied).

    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "trips.csv"
    >>> _ = path.write_text("TRIP,when\nT1,2008-10-06\n")
    >>> file_columns(path, columns={"trip_id": "TRIP"})
    ['trip_id', 'when']
    """
    source = Path(path)
    with source.open("rb") as handle:
        return _renamed(source, _header(source, handle), columns, None)


def _read(
    source: Path,
    columns: Mapping[str, str] | None,
    rows: int,
    progress: Callable[[int], None] | None,
    wanted: Collection[str] | None,
) -> Iterator[TextChunk]:
    """Yield the chunks of ``source`` (:func:`text_chunks`), on the thread that calls it."""
    try:
        with source.open("rb") as handle:
            names = _renamed(source, _header(source, handle), columns, None)
            read = names if wanted is None else [name for name in names if name in wanted]
            left_out: list[tuple[int, str]] = []
            chunks = _Chunks(read, rows, left_out)
            for batch in csv_blocks(handle, names, read, progress=progress, left_out=left_out):
                if chunks.quoted():
                    raise QuotedLineBreaks(str(source))
                yield from chunks.add(batch)
            if chunks.quoted():
                raise QuotedLineBreaks(str(source))
            yield from chunks.last()
    except UnicodeDecodeError as error:
        raise _fail(source, f"not UTF-8 text ({error.reason} at byte {error.start})") from None
    except OSError as error:
        raise _fail(source, f"cannot be read ({error.strerror})") from None
