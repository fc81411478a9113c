r"""Enrollment spans of a file taken batch by batch, kept as one packed key per span in the year.

Member months (§3.10.2.1, ruling MM1) need of a span only its member and the days it covers in the
year. :class:`SpanBatches` is given each converted batch of a CSV file as it is read
(:func:`~tenncare_calc.columnar.read_columns` with ``reduce``) and keeps, of each span that touches
the year, one int64 ``number << 18 | start << 9 | end``: the member's identifier number (the
reader gives identifiers that are a prefix and a whole number as that number) and the first and
last enrolled day as offsets in the year. A span ending before it starts is rejected with its
reason there and then; spans wholly outside the year are dropped. So memory is 8 bytes a span of
the year, whatever the file's size, and the text of a batch is gone before the next is read.

Identifiers that are not all a prefix and a number below 2**45 (text such as ``TN12A``, or a
number too large) make it keep the spans of the year as columns from then on (the keys so far
turned back into rows, clipped to the year), computed as any table is: the result is the same,
only the memory is that of the columns.

>>> import pathlib, tempfile
>>> from tenncare_calc.columnar import read_columns
>>> from tenncare_calc.enrollment import SPAN_COLUMNS, member_months
>>> path = pathlib.Path(tempfile.mkdtemp()) / "spans.csv"
>>> _ = path.write_text("member_id,start_date,end_date\nM7,2007-12-01,2008-01-10\n"
...                     "M8,2008-03-01,2008-02-01\nM9,2006-01-01,2006-12-31\nM7,2008-12-20,\n")
>>> spans = SpanBatches(2008)
>>> columns = read_columns(path, kinds=SPAN_COLUMNS, reduce=spans)
>>> spans.spans_in_year, columns.file_rows_of(spans.rejected().column("row").to_numpy()).tolist()
(2, [1])
>>> result = member_months(spans, year=2008, on_error="collect")
>>> sum(result.member_days.values()), result.members, result.rejected.to_pylist()
(22, 1, [{'row': 1, 'reason': 'end_date 2008-02-01 is before start_date 2008-03-01'}])
"""

from __future__ import annotations

__all__ = ["SpanBatches"]

from datetime import date
from typing import TYPE_CHECKING, Any

import attrs

from tenncare_calc.columnar import IdCodes, days_from_date, empty_rejected
from tenncare_calc.columnar.column_batches import (
    arrow_mask,
    arrow_numbers,
    numpy_numbers,
    numpy_valid,
)
from tenncare_calc.core.errors import require
from tenncare_calc.core.values import to_year
from tenncare_calc.enrollment.member_days import _partial, _partial_of_keys

if TYPE_CHECKING:
    from collections.abc import Callable

    from tenncare_calc.columnar.compact_columns import ConvertedBatch
    from tenncare_calc.enrollment.member_days import _Partial

#: Bits for a day of the year inside the packed key (as in :mod:`tenncare_calc.enrollment.spans`).
_DAY_BITS = 9
_DAY_MASK = (1 << _DAY_BITS) - 1
#: Identifier numbers kept in a key: from 0 to below this (the key stays a non-negative int64).
_NUMBER_LIMIT = 1 << (63 - 2 * _DAY_BITS)
#: Keys reserved at the least (more as the reader expects more rows).
_RESERVED_MIN = 1024


def _np() -> Any:  # noqa: ANN401 - the numpy module
    return require("numpy", extra="data", purpose="member months")


def _pa() -> Any:  # noqa: ANN401 - the pyarrow module
    return require("pyarrow", extra="data", purpose="member months")


def _pc() -> Any:  # noqa: ANN401 - the pyarrow.compute module
    return require("pyarrow.compute", extra="data", purpose="member months")


class SpanBatches:
    """The spans of ``year`` of a file read batch by batch (a ``BatchReducer``; see the module).

    Give it to :func:`~tenncare_calc.columnar.read_columns` as ``reduce`` with the kinds
    :data:`~tenncare_calc.enrollment.SPAN_COLUMNS`, then to
    :func:`~tenncare_calc.enrollment.member_months` as the spans. Rejected rows are numbered as the
    batches number them (``InputColumns.file_rows_of`` gives the file's rows).
    """

    def __init__(self, year: int) -> None:
        self.year = to_year(year, field="year")
        self._first = days_from_date(date(self.year, 1, 1))
        self._last = days_from_date(date(self.year, 12, 31))
        self.start(0)

    def start(self, rows_hint: int) -> None:
        """Forget every batch; reserve keys for ``rows_hint`` spans (memory untouched until used)."""
        self._keys = _np().empty(max(rows_hint, _RESERVED_MIN), dtype=_np().int64)
        self._count = 0
        #: Once identifiers cannot be keys: the spans of the year as (ids, start, end) arrays.
        self._columns: list[tuple[Any, Any, Any]] | None = None
        self._id_text: Callable[[Any], Any] | None = None
        self._rejected: list[tuple[Any, Any]] = []
        self.rows = 0

    @property
    def spans_in_year(self) -> int:
        """Return how many spans kept touch the year."""
        if self._columns is None:
            return self._count
        return sum(len(ids) for ids, _, _ in self._columns)

    def add(self, batch: ConvertedBatch) -> None:
        """Keep the spans of ``batch`` that touch the year; reject those ending before they start."""
        np, pa = _np(), _pa()
        ids = batch.columns["member_id"]
        starts, ends = batch.columns["start_date"], batch.columns["end_date"]
        self.rows += len(ids)
        self._id_text = batch.id_text.get("member_id", self._id_text)
        start = numpy_numbers(starts, np.int32)
        end = numpy_numbers(ends, np.int32)  # whatever lies under a null end
        open_end = ~numpy_valid(ends)
        before = end < start
        before &= ~open_end
        before &= batch.usable
        use = batch.usable & ~before
        if before.any():
            rows = np.flatnonzero(before)
            taken, text = arrow_numbers(rows), pa.large_string()
            reasons = _pc().binary_join_element_wise(
                pa.scalar("end_date ", text),
                ends.take(taken).cast(text),
                pa.scalar(" is before start_date ", text),
                starts.take(taken).cast(text),
                pa.scalar("", text),
            )
            self._rejected.append((rows + batch.first_row, reasons))
        use &= start <= self._last
        use &= (end >= self._first) | open_end
        if self._columns is None and pa.types.is_integer(ids.type):
            numbers = np.compress(use, numpy_numbers(ids))
            if not len(numbers) or (numbers.min() >= 0 and numbers.max() < _NUMBER_LIMIT):
                # numpy's compress is several times faster than indexing with a mask
                chosen = (np.compress(use, values) for values in (start, end, open_end))
                self._pack(numbers, *chosen)
                return
        if self._columns is None:
            self._as_columns()
        assert self._columns is not None  # noqa: S101 - for the type checker
        kept = arrow_mask(use)
        self._columns.append((ids.filter(kept), starts.filter(kept), ends.filter(kept)))

    def _pack(self, numbers: Any, start: Any, end: Any, open_end: Any) -> None:  # noqa: ANN401
        """Append ``number << 18 | start << 9 | end`` of spans in the year, clipped to it."""
        np = _np()
        first = np.maximum(start, self._first)
        first -= self._first
        last = np.minimum(end, self._last)
        np.copyto(last, self._last, where=open_end)
        last -= self._first
        first <<= _DAY_BITS
        first |= last
        count = self._count + len(numbers)
        if count > len(self._keys):  # more spans than the hint said: grow by half
            grown = np.empty(max(count, len(self._keys) * 3 // 2), dtype=np.int64)
            grown[: self._count] = self._keys[: self._count]
            self._keys = grown
        key = self._keys[self._count : count]
        np.left_shift(numbers, 2 * _DAY_BITS, out=key)
        key |= first
        self._count = count

    def _as_columns(self) -> None:
        """Turn the keys so far into columns (identifier numbers, first and last day in the year)."""
        np, pa = _np(), _pa()
        key = self._keys[: self._count]
        days = [
            arrow_numbers(((key >> shift) & _DAY_MASK).astype(np.int32) + self._first, pa.date32())
            for shift in (_DAY_BITS, 0)
        ]
        self._columns = [(arrow_numbers(key >> (2 * _DAY_BITS)), days[0], days[1])]
        self._keys, self._count = np.empty(0, dtype=np.int64), 0

    def rejected(self) -> Any:  # noqa: ANN401 - a pyarrow Table
        """Return the rows rejected (``row`` as the batches number them, ``reason``), in order."""
        np, pa = _np(), _pa()
        if not self._rejected:
            return empty_rejected()
        rows = np.concatenate([rows for rows, _ in self._rejected])
        reasons = pa.concat_arrays([reasons for _, reasons in self._rejected])
        return pa.table({"row": arrow_numbers(rows), "reason": reasons})

    def partial(self, *, per_member: bool, convention: str) -> _Partial:
        """Return the member days of the spans kept (the keys sorted and swept, as any table's)."""
        pa = _pa()
        rejected = self.rejected()
        if self._columns is None:
            key, self._keys, self._count = self._keys[: self._count], _np().empty(0), 0
            codes = IdCodes((), 0, arrow_numbers)
            return _partial_of_keys(
                key,
                cuts=None,
                id_codes=codes,
                year=self.year,
                per_member=per_member,
                convention=convention,
                rows_in=self.rows,
                rejected=rejected,
            )
        parts, self._columns = self._columns, None
        text = any(not pa.types.is_integer(ids.type) for ids, _, _ in parts)
        ids = [
            self._id_text(ids) if text and self._id_text and pa.types.is_integer(ids.type) else ids
            for ids, _, _ in parts
        ]
        kind = pa.large_string() if text else pa.int64()
        table = pa.table(
            {
                "member_id": pa.chunked_array([a.cast(kind) for a in ids], kind),
                "start_date": pa.chunked_array([a for _, a, _ in parts], pa.date32()),
                "end_date": pa.chunked_array([a for _, _, a in parts], pa.date32()),
            }
        )
        del parts, ids
        found = _partial(
            table, year=self.year, per_member=per_member, convention=convention, on_error="raise"
        )
        return attrs.evolve(found, rows_in=self.rows, rejected=rejected)
