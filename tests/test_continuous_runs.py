"""Continuous enrollment runs found by a sort of packed values, by buckets (U3, issue 15).

``_runs_through`` packs member, start and end into one integer and sorts by buckets when they fit
in 62 bits; the runs must be those of a plain walk over each member's spans (overlapping or
adjacent spans are one run; a day's gap breaks it), whether packed or not.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from tenncare_calc.compliance.utilization.continuous_enrollment import (
    _runs_through,
    _sorted_by_buckets,
)

REPORT = 40


def _walked(spans: list[tuple[int, int, int]], report: int) -> dict[int, int]:
    """Return, per member enrolled on ``report``, the start of its run reaching it (a plain walk)."""
    found: dict[int, int] = {}
    for member in {span[0] for span in spans}:
        runs: list[list[int]] = []
        for _, start, end in sorted(s for s in spans if s[0] == member):
            if runs and start <= runs[-1][1] + 1:  # overlaps or starts the day after
                runs[-1][1] = max(runs[-1][1], end)
            else:
                runs.append([start, end])
        if runs[-1][1] >= report:
            found[member] = runs[-1][0]
    return found


spans = st.lists(
    st.tuples(st.integers(0, 6), st.integers(0, REPORT), st.integers(0, 6)).map(
        lambda t: (t[0], t[1], min(t[1] + t[2], REPORT))  # ends cut at the report date
    ),
    min_size=1,
    max_size=40,
)


@given(spans, st.booleans())
def test_runs_are_the_plain_walks(found: list[tuple[int, int, int]], far: bool) -> None:
    """Days close together (packed) and a span 2**30 days back (too wide to pack): the walk's runs."""
    if far:
        found = [*found, (1, -(2**30), -(2**30))]
    member = np.array([m for m, _, _ in found], dtype=np.int64)
    start = np.array([s for _, s, _ in found], dtype=np.int64)
    end = np.array([e for _, _, e in found], dtype=np.int64)
    members, since = _runs_through(member, start, end, REPORT)
    walked = _walked(found, REPORT)
    assert dict(zip(members.tolist(), since.tolist(), strict=True)) == walked


@given(st.lists(st.integers(0, 2**20 - 1), max_size=3000))
def test_sorted_by_buckets_is_sorted(values: list[int]) -> None:
    """Any values below the bound come out as numpy's sort gives them."""
    array = np.array(values, dtype=np.int64)
    assert _sorted_by_buckets(array, 20).tolist() == sorted(values)
