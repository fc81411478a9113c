"""Member days of a set of members: the partial result that member months add up (§3.10.2.1).

From the disjoint enrolled pieces of the spans (:mod:`tenncare_calc.enrollment.spans`), a
difference array over the days of the year gives the members enrolled on each day (hence the member
days of each month and the members enrolled on each first of the month), and a second one over the
months the members with at least one enrolled day in each month (ruling MM1). Partials over disjoint
sets of members add up to the whole: one machine computes one, and each Dask partition does. With
``per_member``, the partial also holds one row per member (days in the year, months and total).
"""

from __future__ import annotations

__all__: list[str] = []

from datetime import date
from typing import TYPE_CHECKING, Any

import attrs

from tenncare_calc.core.errors import require
from tenncare_calc.enrollment.conventions import _SCALE, MEMBER_MONTH_PLACES
from tenncare_calc.enrollment.span_sweep import sort_in_place, sweep, workers
from tenncare_calc.enrollment.spans import _packed_spans

if TYPE_CHECKING:
    from tenncare_calc.columnar import IdCodes, OnError


def _np() -> Any:  # noqa: ANN401 - the numpy module
    return require("numpy", extra="data", purpose="member months")


def _pa() -> Any:  # noqa: ANN401 - the pyarrow module
    return require("pyarrow", extra="data", purpose="member months")


def _months(year: int) -> list[date]:
    return [date(year, month, 1) for month in range(1, 13)]


def _month_bounds(year: int) -> list[int]:
    """Return the day-of-year offset of each month's first day, and the year's length (13 items)."""
    first = date(year, 1, 1)
    return [(day - first).days for day in [*_months(year), date(year + 1, 1, 1)]]


@attrs.frozen
class _Partial:
    """Sums over a set of members; partials over disjoint members add up to the whole."""

    enrolled_by_day: Any = attrs.field(repr=False)  # int64[days in year]: members enrolled that day
    # int64[12]: members with >= 1 day in month (convention any_day; zeros otherwise)
    any_day_by_month: Any = attrs.field(repr=False)
    members: int
    spans_in_year: int
    rows_in: int
    rejected: Any = attrs.field(repr=False)  # pyarrow Table row/reason, rows local to the partial
    per_member: Any = attrs.field(repr=False)  # pyarrow Table or None


def _partial(
    spans: object, *, year: int, per_member: bool, convention: str, on_error: OnError
) -> _Partial:
    key, id_codes, checked, cuts = _packed_spans(spans, year=year, on_error=on_error)
    return _partial_of_keys(
        key,
        cuts=cuts,
        id_codes=id_codes,
        year=year,
        per_member=per_member,
        convention=convention,
        rows_in=checked.rows_in,
        rejected=checked.rejected,
    )


def _partial_of_keys(
    key: Any,  # noqa: ANN401 - packed int64 keys of the spans in the year, sorted here in place
    *,
    cuts: list[int] | None,
    id_codes: IdCodes,
    year: int,
    per_member: bool,
    convention: str,
    rows_in: int,
    rejected: Any,  # noqa: ANN401 - a pyarrow Table
) -> _Partial:
    """Return the partial of packed keys (``code << 18 | start << 9 | end``): sorted, then swept."""
    np = _np()
    days = (date(year + 1, 1, 1) - date(year, 1, 1)).days
    spans_in_year = len(key)
    bounds = np.asarray(_month_bounds(year))
    month_of_day = np.repeat(np.arange(12, dtype=np.int8), np.diff(bounds))
    threads = workers()
    sort_in_place(key, threads=threads, cuts=cuts, bucketed=True)
    swept = sweep(
        key,
        days=days,
        month_of_day=month_of_day,
        per_member=per_member,
        threads=threads,
        months=convention == "any_day",  # the only convention that needs them
    )
    del key
    enrolled_by_day = np.cumsum(swept.enrolled_difference)[:days]
    any_day_by_month = np.cumsum(swept.month_difference)[:12]
    table_per_member = None
    if swept.pieces is not None:
        piece_code, piece_start, piece_end = swept.pieces
        new_member = np.ones(len(piece_code), dtype=bool)
        new_member[1:] = piece_code[1:] != piece_code[:-1]
        table_per_member = _per_member_table(
            id_codes.decode(piece_code[new_member]),
            piece_start=piece_start,
            piece_end=piece_end,
            member_first_piece=np.flatnonzero(new_member),
            bounds=bounds,
            convention=convention,
        )
    return _Partial(
        enrolled_by_day=enrolled_by_day.astype(np.int64),
        any_day_by_month=any_day_by_month.astype(np.int64),
        members=swept.members,
        spans_in_year=spans_in_year,
        rows_in=rows_in,
        rejected=rejected,
        per_member=table_per_member,
    )


def _decimal_array(unscaled: Any, scale: int) -> Any:  # noqa: ANN401
    """Return non-negative int64 unscaled values as a pyarrow decimal128 array with ``scale``."""
    np, pa = _np(), _pa()
    words = np.zeros((len(unscaled), 2), dtype=np.int64)
    words[:, 0] = unscaled
    return pa.Array.from_buffers(
        pa.decimal128(18 + scale if scale else 18, scale),
        len(unscaled),
        [None, pa.py_buffer(words)],
    )


def _per_member_table(
    member_ids: Any,  # noqa: ANN401
    *,
    piece_start: Any,  # noqa: ANN401
    piece_end: Any,  # noqa: ANN401
    member_first_piece: Any,  # noqa: ANN401
    bounds: Any,  # noqa: ANN401
    convention: str,
) -> Any:  # noqa: ANN401 - a pyarrow Table
    """Return one row per member with an enrolled day: days in the year, months and total."""
    np, pa = _np(), _pa()
    columns: dict[str, Any] = {"member_id": member_ids}
    scale = MEMBER_MONTH_PLACES if convention == "prorated" else 0
    total = np.zeros(len(member_first_piece), dtype=np.int64)
    day_total = np.zeros(len(member_first_piece), dtype=np.int64)
    months: dict[str, Any] = {}
    for month in range(12):
        low, high = int(bounds[month]), int(bounds[month + 1])
        overlap = np.minimum(piece_end, high - 1) - np.maximum(piece_start, low) + 1
        np.maximum(overlap, 0, out=overlap)
        if len(member_first_piece):
            member_days = np.add.reduceat(overlap, member_first_piece)
        else:
            member_days = np.zeros(0, dtype=np.int64)
        day_total += member_days
        if convention == "prorated":
            length = high - low
            unscaled = (member_days * (2 * _SCALE) + length) // (2 * length)  # half-up
        elif convention == "any_day":
            unscaled = (member_days > 0).astype(np.int64)
        else:
            on_first = ((piece_start <= low) & (piece_end >= low)).astype(np.int64)
            unscaled = (
                np.add.reduceat(on_first, member_first_piece)
                if len(member_first_piece)
                else np.zeros(0, dtype=np.int64)
            )
        total += unscaled
        months[f"m{month + 1:02d}"] = _decimal_array(unscaled, scale)
    columns["member_days"] = pa.array(day_total)
    columns["member_months"] = _decimal_array(total, scale)
    columns.update(months)
    return pa.table(columns)
