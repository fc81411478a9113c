"""Enrollment spans of a year, packed into one sorted 64-bit key each and swept into pieces.

The first steps of :func:`~tenncare_calc.enrollment.member_months` (§3.10.2.1, ruling MM1), the
columnar kernel: the spans table (:data:`SPAN_COLUMNS`) is read and checked (an end before the
start rejects the row), the spans are clipped to the year (an open-ended span runs to its end), and
each is packed into one int64 ``code << 18 | start << 9 | end`` (the member's code, the first and
the last enrolled day as offsets in the year), written over the member codes a block of rows at a
time. One in-place sort of those keys and a running maximum then give each member's disjoint
enrolled pieces (:mod:`tenncare_calc.enrollment.span_sweep`), so overlapping and duplicate spans
never count a day twice. There is no Python loop per row or per member; see
``docs/performance.md``.
"""

from __future__ import annotations

__all__ = ["SPAN_COLUMNS"]

from concurrent.futures import ThreadPoolExecutor
from datetime import date
from typing import Any

import attrs

from tenncare_calc.columnar import (
    Column,
    ColumnKind,
    IdCodes,
    OnError,
    days_from_date,
    encode_ids,
    read_table,
)
from tenncare_calc.columnar.id_codes import fixed_width_codes
from tenncare_calc.core.errors import require
from tenncare_calc.enrollment import span_sweep

#: The columns a spans table must (or may) have.
SPAN_COLUMNS: tuple[Column, ...] = (
    Column("member_id", ColumnKind.ID),
    Column("start_date", ColumnKind.DATE),
    Column("end_date", ColumnKind.DATE, nullable=True),
)

#: Bits for a day of the year (0..365) inside the packed sort key.
_DAY_BITS = 9


def _np() -> Any:  # noqa: ANN401 - the numpy module
    return require("numpy", extra="data", purpose="member months")


def _pa() -> Any:  # noqa: ANN401 - the pyarrow module
    return require("pyarrow", extra="data", purpose="member months")


def _packed_spans(
    spans: object, *, year: int, on_error: OnError
) -> tuple[Any, IdCodes, Any, list[int]]:
    """Return the checked spans' packed keys (``code << 18 | start << 9 | end``) in the year.

    Also returns the member codes (to decode ids), the checked table (rows in, rejected) and the
    cuts between the keys' value ranges: every key left of a cut is below every key right of it
    (one range per thread, for :func:`~tenncare_calc.enrollment.span_sweep.sort_in_place`). The
    keys are written over the member codes, a block of rows at a time, keeping only the spans
    that touch the year: no other array of the spans' length is made.
    """
    pa = _pa()
    table = read_table(spans, SPAN_COLUMNS, name="spans")
    # The dates as stored (whatever lies under a null) and where they are null: no filled copy.
    open_end = table.nulls("end_date")
    before = _stored_days(table.column("end_date")) < _stored_days(table.column("start_date"))
    before &= ~open_end
    if table.column("start_date").null_count:
        before &= ~table.nulls("start_date")
    table = table.reject(before, "end_date {end_date} is before start_date {start_date}")
    del before
    checked = table.check(on_error=on_error)
    year_start = days_from_date(date(year, 1, 1))
    year_end = days_from_date(date(year, 12, 31))
    start = checked.days("start_date")
    end = _stored_days(checked.column("end_date"))
    if checked.rows is not None:  # rows were dropped: the null ends of those kept
        open_end = checked.nulls("end_date")
    ids = checked.column("member_id")
    # Whole numbers and text ids of one width are coded without hashing, all rows at once; other
    # text is dictionary-encoded, and only the spans that touch the year.
    id_codes = None if pa.types.is_integer(ids.type) else fixed_width_codes((ids,))
    if id_codes is None:
        if not pa.types.is_integer(ids.type):
            in_year = start <= year_end
            in_year &= (end >= year_start) | open_end
            if not in_year.all():
                start, end, open_end = start[in_year], end[in_year], open_end[in_year]
                ids = ids.filter(pa.array(in_year))
            del in_year
        id_codes = encode_ids(ids)
    del ids
    # The codes are ours (encode_ids computed them); only a read-only zero-copy view is copied.
    key = id_codes.codes[0]
    if not key.flags.writeable:
        key = key.copy()
    window = _Window(start, end, open_end, year_start=year_start, year_end=year_end)
    kept, cuts = _pack_on_every_core(key, window)
    return key[:kept], id_codes, checked, cuts


@attrs.frozen
class _Window:
    """The spans' first and last days (int32 day numbers) and the year they are clipped to."""

    start: Any = attrs.field(repr=False)
    end: Any = attrs.field(repr=False)  # whatever lies under an open end
    open_end: Any = attrs.field(repr=False)  # bool: the span runs to the end of the year
    year_start: int
    year_end: int


def _pivots(code: Any, parts: int) -> list[int]:  # noqa: ANN401 - int64 member codes
    """Return ``parts - 1`` member codes splitting a sample of ``code`` into equal ranges."""
    np = _np()
    sample = np.sort(code[:: max(1, len(code) // _SAMPLE)])
    if not len(sample):
        return []
    return [int(sample[len(sample) * part // parts]) for part in range(1, parts)]


#: Member codes sampled to choose the codes that split the keys between the threads.
_SAMPLE = 1 << 12


def _pack_on_every_core(key: Any, window: _Window) -> tuple[int, list[int]]:  # noqa: ANN401
    """Return how many keys :func:`_pack` kept, one range of rows per thread, and their cuts.

    Each thread keeps its keys below the first pivot in place and the others by value range in
    blocks of their own; the ranges are then laid out one after the other, so that each is
    sorted on its own (``cuts``: where the ranges meet).
    """
    threads = span_sweep.workers() if len(key) >= span_sweep.PARALLEL_MIN else 1
    bounds = [len(key) * part // threads for part in range(threads + 1)]
    pivots = _pivots(key, threads) if threads > 1 else []

    def one(part: int) -> tuple[int, list[list[Any]]]:
        rows = slice(bounds[part], bounds[part + 1])
        return _pack(key[rows], window, rows=rows, pivots=pivots)

    if threads == 1:
        return one(0)[0], []
    with ThreadPoolExecutor(threads) as pool:
        packed = list(pool.map(one, range(threads)))
    total = packed[0][0]
    for part in range(1, threads):
        low, kept = bounds[part], packed[part][0]
        key[total : total + kept] = key[low : low + kept]
        total += kept
    cuts = []
    for group in range(len(pivots)):
        cuts.append(total)
        for _, others in packed:
            for chosen in others[group]:
                key[total : total + len(chosen)] = chosen
                total += len(chosen)
    return total, cuts


#: Rows per block when packing: the work arrays stay in the processor's cache.
_BLOCK = 1 << 15


def _stored_days(array: Any) -> Any:  # noqa: ANN401 - a pyarrow date32 array
    """Return the day numbers stored in a date32 array, zero-copy (what lies under a null is junk)."""
    np = _np()
    values = np.frombuffer(array.buffers()[1], dtype=np.int32)
    return values[array.offset : array.offset + len(array)]


def _pack(
    key: Any,  # noqa: ANN401
    window: _Window,
    *,
    rows: slice,
    pivots: list[int],
) -> tuple[int, list[list[Any]]]:
    """Write ``code << 18 | start << 9 | end`` of the spans in the year over ``key``; return how many.

    ``key`` holds the member codes of ``rows`` on entry; an open-ended span runs to the end of
    the year (whatever its end says). The spans that touch the year are clipped to it; those of
    members below the first of ``pivots`` are moved to the front, in order (a block's kept spans
    never pass the block's own first row), the others are returned, block by block, in one list
    per range between pivots. Each block is packed whole into reused work arrays.
    """
    np = _np()
    packed = np.empty(_BLOCK, dtype=np.int64)
    first_day = np.empty(_BLOCK, dtype=np.int32)
    last_day = np.empty(_BLOCK, dtype=np.int32)
    in_year = np.empty(_BLOCK, dtype=bool)
    chosen_work = np.empty(_BLOCK, dtype=bool)
    # numpy's maximum and minimum are several times faster between arrays than with a number
    year_start = np.full(_BLOCK, window.year_start, dtype=np.int32)
    year_end = np.full(_BLOCK, window.year_end, dtype=np.int32)
    start, end = window.start[rows], window.end[rows]
    open_end = window.open_end[rows]
    any_open = bool(open_end.any())
    limits = [pivot << (2 * _DAY_BITS) for pivot in pivots]
    others: list[list[Any]] = [[] for _ in pivots]
    kept = 0
    for first in range(0, len(key), _BLOCK):
        block = slice(first, first + _BLOCK)
        size = len(key[block])
        out, low, high = packed[:size], first_day[:size], last_day[:size]
        keep, chosen = in_year[:size], chosen_work[:size]
        np.maximum(start[block], year_start[:size], out=low)
        np.minimum(end[block], year_end[:size], out=high)
        if any_open:
            np.copyto(high, window.year_end, where=open_end[block])
        # an end is never before its start, so the span touches the year when it is not empty
        np.less_equal(low, high, out=keep)
        low -= window.year_start
        low <<= _DAY_BITS
        high -= window.year_start
        low |= high
        np.left_shift(key[block], 2 * _DAY_BITS, out=out)
        out |= low
        if limits:
            # the keys below the first limit stay here; the others go by range between limits
            np.less(out, limits[0], out=chosen)
            for group, limit in enumerate(limits):
                rest = np.greater_equal(out, limit)
                if group + 1 < len(limits):
                    rest &= out < limits[group + 1]
                rest &= keep
                others[group].append(np.compress(rest, out))
            keep &= chosen
        count = int(np.count_nonzero(keep))
        # numpy's compress is several times faster than indexing with a mask
        np.compress(keep, out, out=key[kept : kept + count])
        kept += count
    return kept, others
