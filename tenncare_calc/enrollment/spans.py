"""Enrollment spans of a year, packed into one sorted 64-bit key each and swept into pieces.

The first steps of :func:`~tenncare_calc.enrollment.member_months` (§3.10.2.1, ruling MM1), the
columnar kernel: the spans table (:data:`SPAN_COLUMNS`) is read and checked (an end before the
start rejects the row), the spans are clipped to the year (an open-ended span runs to its end), and
each is packed into one int64 ``code << 18 | start << 9 | end`` (the member's code, the first and
the last enrolled day as offsets in the year). One in-place sort of those keys and a running
maximum then give each member's disjoint enrolled pieces, so overlapping and duplicate spans never
count a day twice. There is no Python loop per row or per member; see ``docs/performance.md``.
"""

from __future__ import annotations

__all__ = ["SPAN_COLUMNS"]

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
from tenncare_calc.core.errors import require

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

    Also returns the member codes (to decode ids) and the checked table (rows in, rejected).
    """
    np, pa, pc = _np(), _pa(), require("pyarrow.compute", extra="data", purpose="member months")
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
    end = checked.days("end_date", null=year_end)
    ids = checked.column("member_id")
    in_year = start <= year_end
    in_year &= end >= year_start
    if not in_year.all():
        start, end = start[in_year], end[in_year]
        ids = ids.filter(pa.array(in_year))
    del in_year
    id_codes = encode_ids(ids)
    del ids
    # Pack code << 18 | start << 9 | end into the codes array, in place (the codes are ours:
    # encode_ids computed them; only a read-only zero-copy view needs copying first).
    key = id_codes.codes[0]
    if not key.flags.writeable:
        key = key.copy()
    key <<= 2 * _DAY_BITS
    start = np.maximum(start, year_start)
    start -= year_start
    start <<= _DAY_BITS
    key |= start
    end = np.minimum(end, year_end)
    end -= year_start
    key |= end
    return key, id_codes, checked


def _pieces(key: Any) -> tuple[Any, Any, Any]:  # noqa: ANN401
    """Return the disjoint enrolled pieces (member code, first day, last day) of packed spans.

    ``key`` holds one int64 per span, ``code << 18 | start << 9 | end`` with ``start`` and ``end``
    day offsets in the year; it is sorted here, in place, once. A running maximum of
    ``code << 9 | end`` then tells each span how far the member's earlier spans already reach, and
    the span contributes only the days after that. Work arrays are reused in place so the peak
    stays near three int64 arrays of the spans in the year.
    """
    np = _np()
    key.sort()
    code_end = key >> (2 * _DAY_BITS)
    code_end <<= _DAY_BITS
    code_end |= key & _DAY_MASK  # code << 9 | end
    key >>= _DAY_BITS  # now code << 9 | start
    code_start = key
    reach = np.maximum.accumulate(code_end)
    reach += 1  # the first day not yet covered by the member's spans so far
    # A span of a new member sees a smaller code in ``reach``, so it starts at its own start.
    np.maximum(code_start[1:], reach[:-1], out=code_start[1:])
    del reach
    adds = code_start <= code_end
    first_new = code_start[adds]
    del code_start, key
    piece_end = code_end[adds]
    del code_end, adds
    piece_code = first_new >> _DAY_BITS
    piece_start = first_new
    piece_start &= _DAY_MASK
    piece_end &= _DAY_MASK
    return piece_code, piece_start, piece_end
