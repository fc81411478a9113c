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


def _episodes(stays: _Stays) -> _Episodes:
    """Return the episodes of the sorted stays, in linear passes over them."""
    np = _np()
    if not len(stays.code):
        empty = np.zeros(0, dtype=np.int64)
        return _Episodes(empty, empty, empty, empty)
    day_bits, base = stays.day_bits, stays.base
    # A stay starts a new episode unless admitted on or before the latest discharge so far of the
    # same member (the member code in the high bits keeps members apart in the running maximum).
    code_first = stays.code << day_bits
    code_first |= stays.admit
    reach = stays.code << day_bits
    reach |= stays.discharge
    np.maximum.accumulate(reach, out=reach)
    starts = np.empty(len(reach), dtype=bool)
    starts[0] = True
    np.greater(code_first[1:], reach[:-1], out=starts[1:])
    del code_first
    start_at = np.flatnonzero(starts)
    end_at = np.append(start_at[1:], len(reach)) - 1
    discharge = (reach[end_at] & ((1 << day_bits) - 1)).astype(np.int32)
    del reach
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
        position = np.where(discharging, np.arange(len(starts), dtype=np.int32), -1)
        plan = stays.plan_rank[np.maximum.reduceat(position, start_at)]
    return _Episodes(code, stays.admit[start_at] + base, discharge + base, plan)
