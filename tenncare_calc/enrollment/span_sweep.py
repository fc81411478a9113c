"""The sort and the sweep of packed enrollment spans, on every core, a block at a time (§3.10.2.1).

The packed keys (``code << 18 | start << 9 | end``, :mod:`tenncare_calc.enrollment.spans`) are
sorted in place: not at all when they already are (an extract in member order is seen in one
pass), else split by value into one slice per worker (as they are packed, or by
``ndarray.partition``, linear) and each slice sorted in a thread of its own (numpy's sort releases the GIL), which leaves the whole array
sorted. The sorted keys are then cut at member boundaries and each part swept in a thread: a
running maximum of ``code << 9 | end`` carried from block to block says how far the member's
earlier spans reach, each span adds only the days after that (a *piece*), and the pieces go
straight into difference arrays (members enrolled each day, members with an enrolled day each
month). The work arrays are a block of keys (``_BLOCK``), so the memory beyond the keys does not
grow with the spans; the pieces themselves are kept only when asked for (``per_member``).

Parts over disjoint members add up, so the result does not depend on the number of workers:

>>> import numpy as np
>>> keys = np.array([(1 << 18) | (5 << 9) | 9, (1 << 18) | (0 << 9) | 6, (0 << 18) | (3 << 9) | 3])
>>> sort_in_place(keys, threads=2)
>>> swept = sweep(keys, days=10, month_of_day=np.zeros(10, dtype=np.int8), per_member=False)
>>> swept.members, np.cumsum(swept.enrolled_difference)[:10].tolist()
(2, [1, 1, 1, 2, 1, 1, 1, 1, 1, 1])
"""

from __future__ import annotations

__all__: list[str] = []

import itertools
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import attrs

from tenncare_calc.core.cores import usable_cores
from tenncare_calc.core.errors import require

#: Bits for a day of the year (0..365) inside the packed key.
_DAY_BITS = 9
_DAY_MASK = (1 << _DAY_BITS) - 1
#: Keys per block of the sweep: its work arrays stay in the processor's cache.
_BLOCK = 1 << 16
#: Fewer keys than this are sorted and swept on one thread (threads would cost more than they save).
PARALLEL_MIN = 1 << 18


def _np() -> Any:  # noqa: ANN401 - the numpy module
    return require("numpy", extra="data", purpose="member months")


def workers() -> int:
    """Return how many threads the sort and the sweep use: the cores this process may run on."""
    return usable_cores(8)


@attrs.frozen
class Swept:
    """What the sweep of a set of members gives; sweeps of disjoint members add up."""

    enrolled_difference: Any = attrs.field(repr=False)  # int64[days + 1]: +1 at start, -1 after end
    month_difference: Any = attrs.field(repr=False)  # int64[13]: members with >= 1 day, by month
    members: int
    #: (code, first day, last day) of every piece, in member order; None unless asked for.
    pieces: tuple[Any, Any, Any] | None = attrs.field(default=None, repr=False)


def sort_in_place(
    key: Any,  # noqa: ANN401 - an int64 numpy array
    *,
    threads: int,
    cuts: list[int] | None = None,
    bucketed: bool = False,
) -> None:
    """Sort ``key`` in place: not at all when sorted, else in ``threads`` slices split by value.

    ``cuts`` says where slices already split by value meet (every key left of a cut is below
    every key right of it, as :mod:`tenncare_calc.enrollment.spans` lays them out); without
    them the keys are split here. ``bucketed`` sorts each slice by buckets (:func:`_sort_slice`:
    about twice as fast, with work arrays of up to 18 bytes a key of :data:`_SORT_CHUNK` keys).
    """
    if _is_sorted(key):
        return
    sort_slice = _sort_slice if bucketed else _np().ndarray.sort
    if cuts is None:
        if threads == 1 or len(key) < PARALLEL_MIN:
            sort_slice(key)
            return
        cuts = [len(key) * part // threads for part in range(1, threads)]
        key.partition(cuts)  # every key left of a cut is <= every key right of it
    slices = [key[low:high] for low, high in zip([0, *cuts], [*cuts, len(key)], strict=True)]
    if len(slices) == 1:
        sort_slice(key)
        return
    with ThreadPoolExecutor(len(slices)) as pool:
        list(pool.map(sort_slice, slices))


#: Keys per bucket of :func:`_sort_slice`: numpy sorts a few hundred keys several times faster
#: per key than a million (they stay in the processor's cache and the sort is shallower).
_BUCKET = 256
#: Fewer keys than this are sorted whole.
_BUCKETED_MIN = 1 << 15
#: More keys than this are first split by value (``ndarray.partition``) into parts of this many.
_SORT_CHUNK = 1 << 19


def _sort_slice(key: Any) -> None:  # noqa: ANN401 - an int64 numpy array
    """Sort ``key`` in place: by its top bits into buckets of a few hundred keys, then each bucket.

    The buckets are the keys' value range cut in equal parts (at most 65,536); a stable argsort of
    16-bit bucket numbers (numpy's radix sort, linear) moves each key into its bucket. Keys
    bunched in a few buckets only make those buckets larger: still sorted, only slower.
    """
    np = _np()
    if len(key) < max(_BUCKETED_MIN, 2):
        key.sort()
        return
    if len(key) > _SORT_CHUNK:
        # Split by value first, in place (introselect, linear, no work array): every chunk's keys
        # lie between those of the chunks around it, and each chunk's work arrays stay small.
        key.partition(list(range(_SORT_CHUNK, len(key), _SORT_CHUNK)))
        for low in range(0, len(key), _SORT_CHUNK):
            _sort_slice(key[low : low + _SORT_CHUNK])
        return
    low, high = int(key.min()), int(key.max())
    buckets = max(1, min(len(key) // _BUCKET, 1 << 16))
    shift = ((high - low) // buckets).bit_length()  # (high - low) >> shift < buckets
    bucket = key - low
    bucket >>= shift
    number = bucket.astype(np.uint16)
    del bucket
    order = np.argsort(number, kind="stable")
    ends = np.cumsum(np.bincount(number)).tolist()
    del number
    np.take(key.copy(), order, out=key)
    del order
    first = 0
    for end in ends:
        if end - first > 1:
            key[first:end].sort()
        first = end


def _is_sorted(key: Any) -> bool:  # noqa: ANN401
    """Return whether ``key`` is sorted, looking a block at a time (unsorted data stops early)."""
    np = _np()
    for start in range(0, len(key) - 1, _BLOCK):
        block = key[start : start + _BLOCK + 1]
        if not np.all(block[1:] >= block[:-1]):
            return False
    return True


def sweep(
    key: Any,  # noqa: ANN401 - sorted int64 keys
    *,
    days: int,
    month_of_day: Any,  # noqa: ANN401 - int8[days]: the month (0..11) of each day of the year
    per_member: bool,
    threads: int = 1,
    months: bool = True,
) -> Swept:
    """Return the difference arrays and members of sorted keys, swept in ``threads`` parts.

    ``months=False`` leaves the members with an enrolled day by month out (zeros): only the
    ``any_day`` convention needs them.
    """
    np = _np()
    parts = _member_parts(key, threads if len(key) >= PARALLEL_MIN else 1)

    def one(part: tuple[int, int]) -> Swept:
        return _sweep_part(
            key[part[0] : part[1]],
            days=days,
            month_of_day=month_of_day,
            per_member=per_member,
            months=months,
        )

    if len(parts) == 1:
        results = [one(parts[0])]
    else:
        with ThreadPoolExecutor(len(parts)) as pool:
            results = list(pool.map(one, parts))
    pieces = None
    if per_member:
        pieces = tuple(
            np.concatenate([r.pieces[index] for r in results if r.pieces is not None])
            for index in range(3)
        )
    return Swept(
        enrolled_difference=sum(r.enrolled_difference for r in results[1:])
        + results[0].enrolled_difference,
        month_difference=sum(r.month_difference for r in results[1:]) + results[0].month_difference,
        members=sum(r.members for r in results),
        pieces=pieces,
    )


def _member_parts(key: Any, threads: int) -> list[tuple[int, int]]:  # noqa: ANN401
    """Return ``threads`` (or fewer) ranges of sorted ``key`` that never split a member."""
    np = _np()
    bounds = [0]
    for part in range(1, threads if len(key) else 1):
        cut = len(key) * part // threads
        # the first key of the next member after the cut (keys are sorted by member code first)
        next_member = ((int(key[cut]) >> (2 * _DAY_BITS)) + 1) << (2 * _DAY_BITS)
        bound = int(np.searchsorted(key, next_member))
        if bounds[-1] < bound < len(key):
            bounds.append(bound)
    bounds.append(len(key))
    return list(itertools.pairwise(bounds))


def _sweep_part(
    key: Any,  # noqa: ANN401
    *,
    days: int,
    month_of_day: Any,  # noqa: ANN401
    per_member: bool,
    months: bool,
) -> Swept:
    """Sweep sorted keys a block at a time, carrying the reach and the last piece between blocks."""
    np = _np()
    enrolled = np.zeros(days + 1, dtype=np.int64)
    by_month = np.zeros(13, dtype=np.int64)
    members = 0
    reach = -1  # code << 9 | end of the furthest span so far (of the last member seen)
    last_code, last_month = -1, -1  # the last piece's member and its last month
    kept: list[tuple[Any, Any, Any]] = []
    for start in range(0, len(key), _BLOCK):
        block = key[start : start + _BLOCK]
        code_end = block >> (2 * _DAY_BITS)
        code_end <<= _DAY_BITS
        code_end |= block & _DAY_MASK  # code << 9 | end
        first_new = block >> _DAY_BITS  # code << 9 | start
        # the reach of the member's earlier spans, plus one: the first day not yet covered (a
        # span of a new member sees a smaller code there, so it starts at its own start)
        reaches = np.maximum.accumulate(code_end)
        np.maximum(reaches, reach, out=reaches)
        earlier = np.empty_like(reaches)
        earlier[0] = reach
        earlier[1:] = reaches[:-1]
        earlier += 1
        np.maximum(first_new, earlier, out=first_new)
        reach = int(reaches[-1])
        del reaches, earlier
        adds = first_new <= code_end
        first = first_new[adds]
        last = code_end[adds]
        del first_new, code_end, adds
        if not len(first):
            continue
        code = first >> _DAY_BITS
        first &= _DAY_MASK
        last &= _DAY_MASK
        enrolled += np.bincount(first, minlength=days + 1)
        enrolled -= np.bincount(last + 1, minlength=days + 1)
        if months:
            member_count, last_code, last_month = _count_months(
                code,
                month_of_day[first],
                month_of_day[last],
                months=by_month,
                previous_code=last_code,
                previous_month=last_month,
            )
        else:  # only the members: the pieces whose member differs from the previous piece's
            member_count = int(code[0] != last_code) + int(np.count_nonzero(code[1:] != code[:-1]))
            last_code = int(code[-1])
        members += member_count
        if per_member:
            kept.append((code, first, last))
    pieces = None
    if per_member:
        empty = np.zeros(0, dtype=np.int64)
        pieces = tuple(
            np.concatenate([piece[index] for piece in kept]) if kept else empty
            for index in range(3)
        )
    return Swept(enrolled, by_month, members, pieces)


def _count_months(
    code: Any,  # noqa: ANN401
    first_month: Any,  # noqa: ANN401
    last_month: Any,  # noqa: ANN401
    *,
    months: Any,  # noqa: ANN401
    previous_code: int,
    previous_month: int,
) -> tuple[int, int, int]:
    """Add a block's pieces to ``months`` (members with an enrolled day, by month, as differences).

    Return the new members among them and the last piece's member and last month (the carry).
    """
    np = _np()
    same_member = np.empty(len(code), dtype=bool)
    same_member[0] = code[0] == previous_code
    np.equal(code[1:], code[:-1], out=same_member[1:])
    # a piece's first month was already counted when the member's previous piece ended in it
    counted = same_member.copy()
    counted[0] &= first_month[0] == previous_month
    counted[1:] &= first_month[1:] == last_month[:-1]
    first_month += counted
    new_months = first_month <= last_month
    months += np.bincount(first_month[new_months], minlength=13)
    months -= np.bincount(last_month[new_months] + 1, minlength=13)
    members = len(code) - int(np.count_nonzero(same_member))
    return members, int(code[-1]), int(last_month[-1])
