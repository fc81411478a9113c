"""Continuous enrollment (U3): the runs of enrollment spans reaching a day, and their whole months.

A member's overlapping or adjacent spans are one continuous enrollment; :func:`_runs_through` finds,
per member enrolled on the report date, the first day of the run reaching it (reaching back from
the date, :func:`_runs_sorted` by a sort for long chains), and :func:`_whole_months` counts its
whole months through the report date. All are columnar (numpy).
"""

from __future__ import annotations

import datetime as dt  # noqa: TC003 - the doctests use it at run time
from typing import TYPE_CHECKING, Any

from tenncare_calc.compliance.utilization.reports import _np, _pa

if TYPE_CHECKING:
    from collections.abc import Callable

    from tenncare_calc.columnar import IdCodes


def _dense_codes(codes: IdCodes) -> tuple[Any, Any, int, Callable[[Any], Any]]:
    """Return the two code arrays of ``codes``, renumbered densely if need be, their count, a decoder.

    Whole-number ids are coded by their offset from the smallest, so ids far apart (ten-digit member
    ids) give codes far beyond the number of rows, and the arrays indexed by code would not fit in
    memory; such codes are renumbered in order of appearance. Dense codes are returned as they are.
    """
    np, pa = _np(), _pa()
    first, second = codes.codes
    if codes.count <= 2 * (len(first) + len(second)) + 1024:
        return first, second, codes.count, codes.decode
    encoded = pa.compute.dictionary_encode(pa.array(np.concatenate((first, second))))
    renumbered = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    original = encoded.dictionary.to_numpy(zero_copy_only=False)

    def decode(values: Any) -> Any:  # noqa: ANN401 - numpy codes in, pyarrow ids out
        return codes.decode(original[values])

    return renumbered[: len(first)], renumbered[len(first) :], len(original), decode


def _whole_months(since: Any, through: dt.date) -> Any:  # noqa: ANN401 - numpy arrays
    """Return the whole months from each day of ``since`` through ``through``, both days counted.

    ``since`` holds day numbers (since 1970-01-01). The count is relativedelta's: the calendar
    months from ``since`` to the day after ``through``, less one when that day's day of the month
    is before ``since``'s, unless it is the last day of its month (January 31 plus a month is the
    last day of February).

    >>> import numpy as np
    >>> from tenncare_calc.columnar import days_from_date
    >>> days = [days_from_date(dt.date(2007, 1, 1)), days_from_date(dt.date(2008, 1, 31))]
    >>> _whole_months(np.array(days), dt.date(2008, 2, 27)).tolist()
    [13, 0]
    >>> _whole_months(np.array(days), dt.date(2008, 2, 28)).tolist()
    [13, 1]
    """
    np = _np()
    start = np.asarray(since, dtype=np.int64).astype("datetime64[D]")
    start_month = start.astype("datetime64[M]")
    after = np.datetime64(through, "D") + 1
    after_month = after.astype("datetime64[M]")
    months = (after_month - start_month).astype(np.int64)
    start_day = (start - start_month.astype("datetime64[D]")).astype(np.int64)
    after_day = int((after - after_month.astype("datetime64[D]")).astype(np.int64))
    if (after + 1).astype("datetime64[M]") != after_month:  # the last day of its month
        return months
    result: Any = months - (start_day > after_day)
    return result


#: Values per bucket of :func:`_sorted_by_buckets`: numpy sorts a thousand values several times
#: faster per value than a million (they stay in the processor's cache, the sort is shallower).
_BUCKET = 1024


def _sorted_by_buckets(values: Any, bits: int) -> Any:  # noqa: ANN401 - int64 numpy arrays
    """Return ``values`` (>= 0, below ``2**bits``) sorted: by their top bits first, then each bucket.

    The top bits (at most 16) are sorted by numpy's radix sort, which orders the values into
    buckets of about :data:`_BUCKET`; each bucket is then sorted alone.

    >>> import numpy as np
    >>> _sorted_by_buckets(np.array([5, 1, 7, 3, 2]), 3).tolist()
    [1, 2, 3, 5, 7]
    """
    np = _np()
    top = max(1, min(16, (len(values) // _BUCKET).bit_length(), bits))
    bucket = (values >> (bits - top)).astype(np.uint16)
    result = values[np.argsort(bucket, kind="stable")]  # stable: a radix sort for 16 bits
    edges = np.cumsum(np.bincount(bucket, minlength=1 << top)).tolist()
    for low, high in zip([0, *edges], edges, strict=False):
        if high - low > 1:
            result[low:high].sort()
    return result


#: Rounds :func:`_runs_through` reaches back before it sorts the spans still left: a member's
#: run takes in every span touching it each round, so most runs are whole after two or three;
#: monthly spans would take a round a month.
_ROUNDS = 6


def _runs_through(
    member: Any,  # noqa: ANN401 - numpy integer array
    start: Any,  # noqa: ANN401 - numpy integer array
    end: Any,  # noqa: ANN401 - numpy integer array
    report_day: int,
) -> tuple[Any, Any]:
    """Return, per member enrolled on ``report_day``, the start of the continuous run reaching it.

    ``member`` holds codes from 0; spans starting after ``report_day`` are left out, and an end
    on or after it reaches it. Spans are merged per member when they overlap or touch (the next
    starts on or before the day after the running end). No sort: each member's run begins as its
    spans reaching the day (from the earliest of their starts); then, round by round, every span
    of the member ending on or after the day before the run's first day joins it, the run
    reaching back to the span's start. Spans that have not joined are kept only while their
    member's run grows. Spans left after :data:`_ROUNDS` rounds (long chains: monthly spans) are
    merged by :func:`_runs_sorted`, each member's run so far as one span of its own.

    >>> import numpy as np
    >>> member, start, end = np.array([0, 0, 0, 1]), np.array([1, 10, 4, 3]), np.array([3, 20, 9, 5])
    >>> [values.tolist() for values in _runs_through(member, start, end, 20)]
    [[0], [1]]
    """
    np = _np()
    if len(member) == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    # the days' own type: numpy's minimum.at is several times faster without a cast
    none = np.iinfo(start.dtype).max
    since = np.full(int(member.max()) + 1, none, dtype=start.dtype)
    # rows picked by np.flatnonzero and taken: numpy's boolean indexing is several times slower
    reaching = np.flatnonzero((end >= report_day) & (start <= report_day))
    np.minimum.at(since, member.take(reaching), start.take(reaching))
    left = np.flatnonzero(end < report_day)  # (a span starting after the day ends after it too)
    member, start, end = member.take(left), start.take(left), end.take(left)
    for _ in range(_ROUNDS):
        run = since.take(member)
        touches = end >= run - 1  # never for a member not enrolled on the day (``none``)
        joins = np.flatnonzero(touches)
        if not len(joins):
            member = member[:0]
            break
        np.minimum.at(since, member.take(joins), start.take(joins))
        grew = np.flatnonzero(~touches & (since.take(member) < run))
        member, start, end = member.take(grew), start.take(grew), end.take(grew)
    enrolled = np.flatnonzero(since.take(member) != none)
    if len(enrolled):  # long chains: sorted, each run so far one span of its own
        member, start, end = member.take(enrolled), start.take(enrolled), end.take(enrolled)
        runs = np.unique(member)
        sorted_member, sorted_since = _runs_sorted(
            np.concatenate((member, runs)),
            np.concatenate((start, since[runs])),
            np.concatenate((end, np.full(len(runs), report_day, dtype=end.dtype))),
            report_day,
        )
        since[sorted_member] = sorted_since
    reached = np.flatnonzero(since != none)
    return reached, since[reached]


def _runs_sorted(
    member: Any,  # noqa: ANN401 - numpy integer array
    start: Any,  # noqa: ANN401 - numpy integer array
    end: Any,  # noqa: ANN401 - numpy integer array
    report_day: int,
) -> tuple[Any, Any]:
    """Return :func:`_runs_through` of spans starting and ending on or before ``report_day``, by a sort.

    Spans are merged per member when they overlap or touch (the next starts on or before the day
    after the running end). Columnar: one sort and a cumulative maximum. Spans with the same
    member and start may come in any order: the second never starts a run of its own.
    """
    np = _np()
    member, start, end = (np.asarray(values, dtype=np.int64) for values in (member, start, end))
    if len(member) == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    # Each member's days are offset into a range of their own: one sort of the offset starts orders
    # the spans by member then start, and a plain cumulative maximum of the offset ends never
    # carries one member's end into the next member's spans.
    base = min(int(end.min()), int(start.min()))
    span = int(max(end.max(), start.max()) - base + 2)
    day_bits = span.bit_length()
    bits = 2 * day_bits + int(member.max()).bit_length()
    if int(member.min()) >= 0 and bits <= 62:  # noqa: PLR2004 - an int64 holds them
        # member, start and end packed in one integer and sorted by buckets: about twice as fast
        # as sorting positions and gathering by them (spans with the same start come by end)
        packed = _sorted_by_buckets(
            (member << 2 * day_bits) | ((start - base) << day_bits) | (end - base), bits
        )
        days = (1 << day_bits) - 1
        offset = (packed >> 2 * day_bits) * span
        start = ((packed >> day_bits) & days) + base
        end = (packed & days) + base
    else:
        key = member * span + (start - base)
        order = np.argsort(key)
        key, end = key[order], end[order]
        offset = key - key % span
        start = key - offset + base
    running = np.maximum.accumulate(end - base + offset) - offset + base
    previous_end = np.concatenate(([np.iinfo(np.int64).min], running[:-1]))
    new_member = np.concatenate(([True], offset[1:] != offset[:-1]))
    first = np.flatnonzero(new_member | (start > previous_end + 1))
    # the running end is non-decreasing within a member, so a run ends where its last span does
    last = np.append(first[1:], len(running)) - 1
    reaches = first[running[last] >= report_day]
    return offset[reaches] // span, start[reaches]
