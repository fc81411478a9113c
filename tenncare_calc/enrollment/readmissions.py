"""Index episodes and readmissions of a set of members: the partial that community tenure adds up.

The core of :func:`~tenncare_calc.enrollment.community_tenure` (§3.10.4, ruling P7): read and check
the stays (a discharge before the admission rejects the row), load them
(:mod:`tenncare_calc.enrollment.stays`) and form episodes (:mod:`tenncare_calc.enrollment.episodes`);
the **index episodes** are those discharged in the measurement year, one is **readmitted** when the
member's next episode is admitted 1 to ``window_days`` days after its discharge, and **incomplete**
when its window ends after ``data_through``. The counts (per plan when the stays have one) of a set
of members add up with those of other members: one machine computes one partial, and each Dask
partition does. With ``index_episodes``, the partial also holds one row per index episode.
"""

from __future__ import annotations

__all__: list[str] = []

from datetime import date
from typing import TYPE_CHECKING, Any

import attrs

from tenncare_calc.columnar import days_from_date, read_table
from tenncare_calc.core.errors import require
from tenncare_calc.enrollment.episodes import _episodes
from tenncare_calc.enrollment.stays import STAY_COLUMNS, _load

if TYPE_CHECKING:
    from collections.abc import Mapping

    from tenncare_calc.columnar import OnError


def _np() -> Any:  # noqa: ANN401 - the numpy module
    return require("numpy", extra="data", purpose="community tenure")


def _pa() -> Any:  # noqa: ANN401 - the pyarrow module
    return require("pyarrow", extra="data", purpose="community tenure")


@attrs.frozen
class _Partial:
    """Counts over a set of members; partials over disjoint members add up to the whole."""

    #: plan (None when there is no plan column) -> (denominator, readmitted, incomplete)
    counts: Mapping[Any, tuple[int, int, int]]
    episodes: int
    stays_considered: int
    rows_in: int
    has_plan: bool
    rejected: Any = attrs.field(repr=False)
    index_episodes: Any = attrs.field(repr=False)  # pyarrow Table or None


def _partial(
    stays: object,
    *,
    year: int,
    data_through: date,
    window_days: int,
    index_episodes: bool,
    on_error: OnError,
) -> _Partial:
    np, pa = _np(), _pa()
    table = read_table(stays, STAY_COLUMNS, name="stays")
    # compared as day numbers where both dates are given (read in place: no pyarrow.compute)
    before = table.days("discharge_date") < table.days("admit_date")
    before &= ~(table.nulls("discharge_date") | table.nulls("admit_date"))
    table = table.reject(
        before, "discharge_date {discharge_date} is before admit_date {admit_date}"
    )
    checked = table.check(on_error=on_error)
    year_start = days_from_date(date(year, 1, 1))
    year_end = days_from_date(date(year, 12, 31))
    last_admit = year_end + window_days  # no later admission can be a readmission that counts
    loaded = _load(checked, year_start=year_start, last_admit=last_admit)
    episodes = _episodes(loaded)
    # the stays' arrays go now: only their decoders and count are needed from here
    ids, plan_arrow, considered = loaded.ids, loaded.plan_values, len(loaded.code)
    del loaded

    is_index = (episodes.discharge >= year_start) & (episodes.discharge <= year_end)
    incomplete = is_index & (episodes.discharge + window_days > days_from_date(data_through))
    complete = is_index & ~incomplete
    # Episodes are sorted by member and admission, so a member's next episode is the next row
    # (the last one has none: its own discharge stands in, a gap of 0, never a readmission).
    next_admit = np.empty_like(episodes.admit)
    next_admit[:-1] = episodes.admit[1:]
    next_admit[-1:] = episodes.discharge[-1:]
    same_member = np.append(episodes.code[1:] == episodes.code[:-1], values=False)
    gap = next_admit - episodes.discharge
    readmitted = complete & same_member & (gap >= 1) & (gap <= window_days)

    plan_values = [None] if plan_arrow is None else plan_arrow.to_pylist()
    size = len(plan_values)
    complete_by = np.bincount(episodes.plan_rank[complete], minlength=size)
    readmitted_by = np.bincount(episodes.plan_rank[readmitted], minlength=size)
    incomplete_by = np.bincount(episodes.plan_rank[incomplete], minlength=size)
    counts = {
        plan: (int(complete_by[n]), int(readmitted_by[n]), int(incomplete_by[n]))
        for n, plan in enumerate(plan_values)
        if complete_by[n] or incomplete_by[n]  # plans with no index episode are not listed
    }
    episode_table = None
    if index_episodes:
        columns = {
            "member_id": ids.decode(episodes.code[is_index]),
            "admit_date": _dates(episodes.admit[is_index]),
            "discharge_date": _dates(episodes.discharge[is_index]),
            "readmission_date": _dates(next_admit[is_index], mask=~readmitted[is_index]),
            "status": pa.array(
                np.where(
                    incomplete,
                    "incomplete",
                    np.where(readmitted, "readmitted", "not_readmitted"),
                )[is_index],
                pa.string(),
            ),
        }
        if plan_arrow is not None:
            columns["plan"] = plan_arrow.take(pa.array(episodes.plan_rank[is_index]))
        episode_table = pa.table(columns)
    return _Partial(
        counts=counts,
        episodes=len(episodes.code),
        stays_considered=considered,
        rows_in=checked.rows_in,
        has_plan=checked.has("plan"),
        rejected=checked.rejected,
        index_episodes=episode_table,
    )


def _dates(days: Any, mask: Any = None) -> Any:  # noqa: ANN401
    """Return int64 day numbers as a pyarrow date32 array, null where ``mask`` is true."""
    np, pa = _np(), _pa()
    values = days.astype(np.int32) if mask is None else np.where(mask, 0, days).astype(np.int32)
    return pa.array(values, pa.int32(), mask=mask).view(pa.date32())
