"""Episodes of care from sorted stays (§3.10.4, ruling P7), in linear passes over them.

Stays of one member that overlap, or where a stay is admitted on or before the previous stay's
discharge day (a transfer), form one episode, discharged on its latest discharge date and counted
for the plan of the stay that discharged it. A running maximum of ``member << bits | discharge``
over the stays sorted by :mod:`tenncare_calc.enrollment.stays` says where each episode starts.
"""

from __future__ import annotations

__all__: list[str] = []

from typing import TYPE_CHECKING, Any

import attrs

from tenncare_calc.core.errors import require

if TYPE_CHECKING:
    from tenncare_calc.enrollment.stays import _Stays


def _np() -> Any:  # noqa: ANN401 - the numpy module
    return require("numpy", extra="data", purpose="community tenure")


@attrs.frozen
class _Episodes:
    """Episodes sorted by member and admission: member code, first admission, discharge, plan."""

    code: Any
    admit: Any
    discharge: Any
    plan_rank: Any


#: Stays per block of the episode sweep: its int64 work arrays are a block, not the stays.
_BLOCK = 1 << 14


def _episode_starts(stays: _Stays) -> tuple[Any, Any]:
    """Return which stays start an episode, and how far the member's stays so far reach (int32).

    A stay starts a new episode unless admitted on or before the latest discharge so far of the
    same member; the member code in the high bits of ``code << day_bits | day`` keeps members
    apart in the running maximum, carried from block to block.
    """
    np = _np()
    count, day_bits = len(stays.code), stays.day_bits
    starts = np.empty(count, dtype=bool)
    reach_day = np.empty(count, dtype=np.int32)
    carry = -1  # code << day_bits | discharge of the furthest stay so far (of the last member)
    for low in range(0, count, _BLOCK):
        rows = slice(low, low + _BLOCK)
        code = stays.code[rows] << day_bits
        first = code | stays.admit[rows]
        code |= stays.discharge[rows]
        reach = np.maximum.accumulate(code, out=code)
        np.maximum(reach, carry, out=reach)
        np.greater(first[0], carry, out=starts[low : low + 1])
        np.greater(first[1:], reach[:-1], out=starts[low + 1 : low + len(first)])
        np.bitwise_and(reach, (1 << day_bits) - 1, out=reach_day[rows], casting="unsafe")
        carry = int(reach[-1])
    return starts, reach_day


def _episodes(stays: _Stays) -> _Episodes:
    """Return the episodes of the sorted stays, in linear passes over them (a block at a time)."""
    np = _np()
    if not len(stays.code):
        empty = np.zeros(0, dtype=np.int64)
        return _Episodes(empty, empty, empty, empty)
    base = stays.base
    starts, reach_day = _episode_starts(stays)
    start_at = np.flatnonzero(starts)
    end_at = np.empty_like(start_at)  # the last stay of each episode
    np.subtract(start_at[1:], 1, out=end_at[:-1])
    end_at[-1] = len(starts) - 1
    discharge = reach_day[end_at]
    del reach_day, end_at
    code = stays.code[start_at]
    if stays.member_codes is not None:
        code = stays.member_codes[code]
    plan = np.zeros(len(start_at), dtype=np.int64)
    if stays.plan_rank is not None:
        # The plan of an episode is the plan of the stay that discharged it (when several share
        # the latest discharge: the one admitted last, then the plan last in sorted order).
        episode_of_stay = np.cumsum(starts, dtype=np.int32)
        episode_of_stay -= 1
        discharging = stays.discharge == discharge[episode_of_stay]
        del episode_of_stay
        position = np.arange(len(starts), dtype=np.int32)
        position[~discharging] = -1
        del discharging
        plan = stays.plan_rank[np.maximum.reduceat(position, start_at)]
    return _Episodes(code, stays.admit[start_at] + base, discharge + base, plan)
