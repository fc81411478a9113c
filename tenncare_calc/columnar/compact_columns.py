"""A file's columns gathered batch by batch into compact arrays: the rows kept, and why others not.

:class:`CompactColumns` takes each text batch of a CSV file (pyarrow parses it) and converts it at
once per the columns' kinds (:mod:`~tenncare_calc.columnar.column_batches`): identifiers to numbers
where they are prefix + number, dates to day numbers. A row whose identifier is empty, whose date
cannot be read, or that has a null where none is allowed is left out with its reason (the first
problem in column order, as :func:`~tenncare_calc.columnar.tables.read_table` gives it). A ``where``
test may leave out further rows that the computation would not use (not rejected: counted, not
kept). Numbers and days go straight into arrays reserved for the whole file (untouched memory
costs nothing), so the columns are never copied again and the text of a batch is dropped as soon
as it is converted. A computation that needs less than the rows (member months need one packed key
per span of the year) may take each converted batch instead (``reduce``, a :class:`BatchReducer`):
then nothing is kept here.

>>> import pyarrow as pa
>>> from tenncare_calc.columnar.column_kinds import Column, ColumnKind
>>> columns = CompactColumns([Column("member_id", ColumnKind.ID),
...                           Column("start_date", ColumnKind.DATE)], rows_hint=4)
>>> columns.add(pa.record_batch({"member_id": ["M1", "M2", None],
...                              "start_date": ["2008-01-01", "x", "2008-01-02"]}))
>>> columns.table().to_pylist(), columns.bad
([{'member_id': 1, 'start_date': datetime.date(2008, 1, 1)}], [(1, "start_date 'x' is not a date (expected YYYY-MM-DD or M/D/YYYY)"), (2, 'member_id is null')])
"""

from __future__ import annotations

__all__ = ["BatchReducer", "CompactColumns", "ConvertedBatch"]

from typing import TYPE_CHECKING, Any, Protocol

import attrs

from tenncare_calc.columnar.arrow_kernels import call, compute
from tenncare_calc.columnar.column_batches import (
    IdColumn,
    _mask,
    _np,
    _pa,
    arrow_mask,
    arrow_numbers,
    blank_as_null,
    large_text,
    numpy_numbers,
    numpy_valid,
    trimmed_text,
)
from tenncare_calc.columnar.column_kinds import ColumnKind
from tenncare_calc.columnar.text_dates import date_cells

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

    from tenncare_calc.columnar.column_kinds import Column


@attrs.frozen
class ConvertedBatch:
    """One batch of a file's rows, converted: what a :class:`BatchReducer` is given.

    ``columns`` maps each column read to its converted pyarrow array (identifiers as int64 numbers
    or text, dates as date32), a row whose values are unusable included; ``usable`` is a numpy
    mask of the rows without a problem (the others are already among the rows left out, with
    their reason). ``first_row`` numbers the batch's first row among all the batches' rows (the
    numbers :meth:`~tenncare_calc.columnar.InputColumns.file_rows_of` maps to the file's rows).
    ``id_text`` turns identifiers read as numbers back into their text (the prefix put back), for
    a reducer that kept numbers and is then given text: once an identifier of the file is not a
    prefix and a number, the later batches give every identifier as text.
    """

    columns: Mapping[str, Any] = attrs.field(repr=False)
    usable: Any = attrs.field(repr=False)
    first_row: int
    id_text: Mapping[str, Callable[[Any], Any]] = attrs.field(repr=False)


class BatchReducer(Protocol):
    """What takes a file's converted batches in place of :class:`CompactColumns` keeping them."""

    def start(self, rows_hint: int) -> None:
        """Begin (or begin again: the file is read anew) with about ``rows_hint`` rows to come."""

    def add(self, batch: ConvertedBatch) -> None:
        """Take one converted batch (the batches come in the file's order)."""


class _Growing:
    """A numpy array reserved for the expected rows, filled batch by batch (grown if need be)."""

    def __init__(self, dtype: Any, capacity: int) -> None:  # noqa: ANN401 - a numpy dtype
        self.values = _np().empty(max(capacity, 1024), dtype=dtype)
        self.count = 0

    def extend(self, values: Any, keep: Any = None) -> None:  # noqa: ANN401 - numpy arrays
        """Append ``values`` (those where ``keep`` is true), copied once, straight into place."""
        np = _np()
        end = self.count + (len(values) if keep is None else int(np.count_nonzero(keep)))
        if end > len(self.values):
            grown = np.empty(max(end, len(self.values) * 3 // 2), dtype=self.values.dtype)
            grown[: self.count] = self.values[: self.count]
            self.values = grown
        if keep is None:
            self.values[self.count : end] = values
        else:
            np.compress(keep, values, out=self.values[self.count : end])
        self.count = end

    def take(self) -> Any:  # noqa: ANN401 - a numpy array
        values, self.values = self.values[: self.count], _np().empty(0, self.values.dtype)
        return values


class _DateColumn:
    """Day numbers (int32) and, once a null is seen, which rows are valid."""

    def __init__(self, capacity: int) -> None:
        self.days = _Growing(_np().int32, capacity)
        self.valid: _Growing | None = None
        self.capacity = capacity

    def extend(self, dates: Any, keep: Any = None) -> None:  # noqa: ANN401 - date32, numpy bools
        """Append the days of ``dates`` (where ``keep`` is true), and which are null if any."""
        np = _np()
        before = self.days.count
        self.days.extend(numpy_numbers(dates, np.int32), keep)
        if dates.null_count and self.valid is None:
            self.valid = _Growing(np.bool_, self.capacity)
            self.valid.extend(np.ones(before, dtype=bool))
        if self.valid is not None:
            self.valid.extend(numpy_valid(dates), keep)

    def array(self) -> Any:  # noqa: ANN401 - a pyarrow date32 array
        np, pa = _np(), _pa()
        days = self.days.take()
        bitmap = None
        if self.valid is not None:
            valid = self.valid.take()
            if not valid.all():
                bitmap = pa.py_buffer(np.packbits(valid, bitorder="little"))
        if not days.flags.c_contiguous:
            days = np.ascontiguousarray(days)
        return pa.Array.from_buffers(pa.date32(), len(days), [bitmap, pa.py_buffer(days)])


class CompactColumns:
    """Batches converted to compact columns per ``kinds``; rows left out noted with their reasons.

    ``rows_hint`` is the expected number of rows (memory for them is reserved, not touched).
    ``where``, given the converted columns of a whole batch (pyarrow arrays: date32 for dates,
    int64 numbers or text for identifiers; what a rejected row holds does not matter), returns a
    numpy mask of the rows to keep; the others are counted in
    ``rows`` but not kept (``positions`` then gives each kept row's place among the batches' rows).
    ``bad`` lists ``(row, reason)``, rows counted across the batches given. With ``reduce``, each
    converted batch goes to it and no row is kept (:meth:`table` has no rows).
    """

    def __init__(
        self,
        kinds: Sequence[Column],
        *,
        excel: bool = False,
        rows_hint: int = 0,
        where: Callable[[Mapping[str, Any]], Any] | None = None,
        reduce: BatchReducer | None = None,
    ) -> None:
        np = _np()
        self.kinds = list(kinds)
        self.excel = excel
        self.where = where
        self.reduce = reduce
        if reduce is not None:
            reduce.start(rows_hint)
            rows_hint = 0
        self.ids = {k.name: IdColumn() for k in self.kinds if k.kind is ColumnKind.ID}
        self.dates = {
            k.name: _DateColumn(rows_hint) for k in self.kinds if k.kind is ColumnKind.DATE
        }
        self.numbers = {name: _Growing(np.int64, rows_hint) for name in self.ids}
        self.texts: dict[str, list[Any]] = {k.name: [] for k in self.kinds}
        # With ``where``: each batch's kept rows as a bitmap, and the rows kept before each batch.
        self.kept_bits: list[Any] = []
        self.kept_before: list[int] = [0]
        self.batch_start: list[int] = []
        self.bad: list[tuple[int, str]] = []
        self.rows = 0

    def _problems(self, batch: Any) -> tuple[dict[str, Any], Any, dict[int, str]]:  # noqa: ANN401
        """Return the batch's converted columns, the mask of bad rows and their reasons."""
        np, pa = _np(), _pa()
        count = batch.num_rows
        taken = np.zeros(count, dtype=bool)
        reasons: dict[int, str] = {}

        def note(mask: Any, reason: str | Mapping[int, str]) -> None:  # noqa: ANN401
            new = mask & ~taken
            for index in np.flatnonzero(new).tolist():
                reasons[index] = reason if isinstance(reason, str) else reason[index]
            taken[new] = True

        converted: dict[str, Any] = {}
        for kind in self.kinds:
            text = batch.column(kind.name)
            if kind.kind is ColumnKind.ID:
                # the spaces around an identifier dropped, as the row reader drops them (else
                # " 101 " and "101" were two members)
                text = trimmed_text(text)
                values = self.ids[kind.name].convert(text)
                if not pa.types.is_integer(values.type):
                    note(_mask(compute.equal(text, "")), f"{kind.name} is empty")
            elif kind.kind is ColumnKind.DATE:
                values, bad = date_cells(text, kind.name, excel=self.excel)
                if bad:
                    mask = np.zeros(count, dtype=bool)
                    mask[[row for row, _ in bad]] = True
                    note(mask, dict(bad))
            else:  # a label (a plan): trimmed, and blank is null, as the row reader reads it
                trimmed = trimmed_text(text)
                values = trimmed if trimmed is text else blank_as_null(trimmed)
            if not kind.nullable and values.null_count:
                note(~numpy_valid(values), f"{kind.name} is null")
            converted[kind.name] = values
        return converted, taken, reasons

    def add(self, batch: Any) -> None:  # noqa: ANN401 - a pyarrow RecordBatch of text columns
        """Convert one batch and keep its usable rows."""
        np = _np()
        converted, taken, reasons = self._problems(batch)
        keep = ~taken
        if taken.any():
            self.bad.extend((self.rows + row, reason) for row, reason in sorted(reasons.items()))
        if self.reduce is not None:
            text = {name: ids.text for name, ids in self.ids.items()}
            self.reduce.add(ConvertedBatch(converted, keep, self.rows, text))
            self.rows += batch.num_rows
            return
        if self.where is not None:
            keep &= np.asarray(self.where(converted), dtype=bool)
            self.kept_bits.append(np.packbits(keep, bitorder="little"))
            self.kept_before.append(self.kept_before[-1] + int(np.count_nonzero(keep)))
            self.batch_start.append(self.rows)
        every = bool(keep.all())
        rows = None if every else keep
        for name, values in converted.items():
            if name in self.dates:
                self.dates[name].extend(values, rows)
            elif name in self.ids and self.ids[name].numbers:
                self.numbers[name].extend(numpy_numbers(values), rows)
            else:
                if name in self.ids:
                    self._to_text(name)
                kept = values if every else call("filter", values, arrow_mask(keep))
                self.texts[name].append(large_text(kept))
        self.rows += batch.num_rows

    def positions(self, rows: Any) -> Any:  # noqa: ANN401 - numpy int64 arrays
        """Return the place among the batches' rows of each kept row in ``rows`` (with ``where``)."""
        np = _np()
        rows = np.asarray(rows, dtype=np.int64)
        if self.where is None:
            return rows
        result = np.empty(len(rows), dtype=np.int64)
        batch = np.searchsorted(np.asarray(self.kept_before), rows, side="right") - 1
        for index in np.unique(batch).tolist():
            mine = batch == index
            bits = np.unpackbits(self.kept_bits[index], bitorder="little").astype(bool)
            places = np.flatnonzero(bits)[rows[mine] - self.kept_before[index]]
            result[mine] = places + self.batch_start[index]
        return result

    def _to_text(self, name: str) -> None:
        """Move identifiers kept as numbers to text (a later batch's identifiers are not)."""
        kept = self.numbers[name]
        if kept.count:
            self.texts[name].append(self.ids[name].text(arrow_numbers(kept.take())))
        kept.count = 0

    def table(self) -> Any:  # noqa: ANN401 - a pyarrow Table
        """Return the kept rows as a pyarrow Table (the arrays are handed over, not copied)."""
        pa = _pa()
        columns = {}
        for kind in self.kinds:
            name = kind.name
            if name in self.dates:
                columns[name] = self.dates[name].array()
            elif name in self.ids and self.ids[name].numbers:
                columns[name] = arrow_numbers(self.numbers[name].take())
            else:
                parts, self.texts[name] = self.texts[name], []
                if not parts:
                    columns[name] = pa.nulls(0, pa.large_string())
                else:
                    columns[name] = pa.concat_arrays(parts) if len(parts) > 1 else parts[0]
        return pa.Table.from_arrays(list(columns.values()), names=list(columns))
