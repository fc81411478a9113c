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
_DAY_MASK = (1 << _DAY_BITS) - 1


def _np() -> Any:  # noqa: ANN401 - the numpy module
    return require("numpy", extra="data", purpose="member months")


def _pa() -> Any:  # noqa: ANN401 - the pyarrow module
    return require("pyarrow", extra="data", purpose="member months")


def _packed_spans(spans: object, *, year: int, on_error: OnError) -> tuple[Any, IdCodes, Any]:
    """Return the checked spans' packed keys (``code << 18 | start << 9 | end``) in the year.

    Also returns the member codes (to decode ids) and the checked table (rows in, rejected). The
    keys are written over the member codes, a block of rows at a time, keeping only the spans
    that touch the year: no other array of the spans' length is made.
    """
    pa, pc = _pa(), require("pyarrow.compute", extra="data", purpose="member months")
    table = read_table(spans, SPAN_COLUMNS, name="spans")
    before = pc.fill_null(
        pc.less(table.column("end_date"), table.column("start_date")), fill_value=False
    )
    table = table.reject(
        before.to_numpy(zero_copy_only=False),
        "end_date {end_date} is before start_date {start_date}",
    )
    checked = table.check(on_error=on_error)
    year_start = days_from_date(date(year, 1, 1))
    year_end = days_from_date(date(year, 12, 31))
    start = checked.days("start_date")
    # The end dates as stored (whatever lies under a null) and where they are null: no filled copy.
    end, open_end = _stored_days(checked.column("end_date")), checked.nulls("end_date")
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
    kept = _pack_on_every_core(key, start, end, open_end, year_start=year_start, year_end=year_end)
    return key[:kept], id_codes, checked


def _pack_on_every_core(
    key: Any,  # noqa: ANN401
    start: Any,  # noqa: ANN401
    end: Any,  # noqa: ANN401
    open_end: Any,  # noqa: ANN401
    *,
    year_start: int,
    year_end: int,
) -> int:
    """Return :func:`_pack` of the rows, one range of rows per thread, the kept keys moved together."""
    threads = span_sweep.workers() if len(key) >= span_sweep.PARALLEL_MIN else 1
    bounds = [len(key) * part // threads for part in range(threads + 1)]

    def one(part: int) -> int:
        rows = slice(bounds[part], bounds[part + 1])
        return _pack(
            key[rows],
            start[rows],
            end[rows],
            open_end[rows],
            year_start=year_start,
            year_end=year_end,
        )

    if threads == 1:
        return one(0)
    with ThreadPoolExecutor(threads) as pool:
        kept = list(pool.map(one, range(threads)))
    total = kept[0]
    for part in range(1, threads):
        low = bounds[part]
        key[total : total + kept[part]] = key[low : low + kept[part]]
        total += kept[part]
    return total


#: Rows per block when packing: the work arrays stay in the processor's cache.
_BLOCK = 1 << 15


def _stored_days(array: Any) -> Any:  # noqa: ANN401 - a pyarrow date32 array
    """Return the day numbers stored in a date32 array, zero-copy (what lies under a null is junk)."""
    np = _np()
    values = np.frombuffer(array.buffers()[1], dtype=np.int32)
    return values[array.offset : array.offset + len(array)]


def _pack(
    key: Any,  # noqa: ANN401
    start: Any,  # noqa: ANN401
    end: Any,  # noqa: ANN401
    open_end: Any,  # noqa: ANN401
    *,
    year_start: int,
    year_end: int,
) -> int:
    """Write ``code << 18 | start << 9 | end`` of the spans in the year over ``key``; return how many.

    ``key`` holds the member codes on entry; an ``open_end`` span runs to the end of the year
    (whatever its ``end`` says). The spans that touch the year are moved to the front, in order (a
    block's kept spans never pass the block's own first row), clipped to the year. Each block is
    packed whole into reused work arrays and compressed once.
    """
    np = _np()
    packed = np.empty(_BLOCK, dtype=np.int64)
    day = np.empty(_BLOCK, dtype=np.int32)
    in_year = np.empty(_BLOCK, dtype=bool)
    ends_late = np.empty(_BLOCK, dtype=bool)
    any_open = bool(open_end.any())
    kept = 0
    for first in range(0, len(key), _BLOCK):
        block = slice(first, first + _BLOCK)
        starts, ends = start[block], end[block]
        size = len(starts)
        out, days, keep, late = packed[:size], day[:size], in_year[:size], ends_late[:size]
        np.minimum(ends, year_end, out=days)
        if any_open:
            days[open_end[block]] = year_end
        np.greater_equal(days, year_start, out=late)
        np.less_equal(starts, year_end, out=keep)
        keep &= late
        np.left_shift(key[block], _DAY_BITS, out=out)
        # the start, clipped: the last day stays in ``days`` until it is added
        clipped = np.maximum(starts, year_start)
        clipped -= year_start
        out |= clipped
        out <<= _DAY_BITS
        days -= year_start
        out |= days
        chosen = out if keep.all() else out[keep]
        key[kept : kept + len(chosen)] = chosen
        kept += len(chosen)
    return kept
