"""Continuous enrollment runs, reached back from the report date or sorted (U3, issue 15).

``_runs_through`` reaches back from the report date round by round and hands long chains to
``_runs_sorted``, which packs member, start and end into one integer and sorts by buckets when
they fit in 62 bits; the runs must be those of a plain walk over each member's spans (overlapping
or adjacent spans are one run; a day's gap breaks it), whatever the rounds, packed or not.
"""

from __future__ import annotations

from unittest import mock

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from tenncare_calc.compliance.utilization import continuous_enrollment
from tenncare_calc.compliance.utilization.continuous_enrollment import (
    _runs_through,
    _sorted_by_buckets,
)

REPORT = 40


def _walked(spans: list[tuple[int, int, int]], report: int) -> dict[int, int]:
    """Return, per member enrolled on ``report``, the start of its run reaching it (a plain walk)."""
    found: dict[int, int] = {}
    for member in {span[0] for span in spans if span[1] <= report}:
        runs: list[list[int]] = []
        mine = sorted((s, min(e, report)) for m, s, e in spans if m == member and s <= report)
        for start, end in mine:
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


@given(spans, st.booleans(), st.sampled_from([0, 1, 2, 6]), st.sampled_from([np.int32, np.int64]))
def test_runs_are_the_plain_walks(
    found: list[tuple[int, int, int]], far: bool, rounds: int, days: type
) -> None:
    """Days close together (packed) and a span 2**30 days back (too wide to pack): the walk's runs.

    With no round of reaching back (all sorted), one, two or the default: the same runs.
    """
    if far:
        found = [*found, (1, -(2**30), -(2**30))]
    member = np.array([m for m, _, _ in found], dtype=np.int64)
    start = np.array([s for _, s, _ in found], dtype=days)
    end = np.array([e for _, _, e in found], dtype=days)
    with mock.patch.object(continuous_enrollment, "_ROUNDS", rounds):
        members, since = _runs_through(member, start, end, REPORT)
    walked = _walked(found, REPORT)
    assert dict(zip(members.tolist(), since.tolist(), strict=True)) == walked


uncut = st.lists(
    st.tuples(st.integers(0, 4), st.integers(REPORT - 12, REPORT + 3), st.integers(0, 8)).map(
        lambda t: (t[0], t[1], t[1] + t[2])  # ends (and starts) on either side of the report date
    ),
    min_size=1,
    max_size=30,
)


@given(uncut, st.sampled_from([0, 1, 6]))
def test_spans_past_the_report_date(found: list[tuple[int, int, int]], rounds: int) -> None:
    """A span starting after the date is left out; one ending on or after it reaches it."""
    member = np.array([m for m, _, _ in found], dtype=np.int64)
    start = np.array([s for _, s, _ in found], dtype=np.int32)
    end = np.array([e for _, _, e in found], dtype=np.int32)
    with mock.patch.object(continuous_enrollment, "_ROUNDS", rounds):
        members, since = _runs_through(member, start, end, REPORT)
    assert dict(zip(members.tolist(), since.tolist(), strict=True)) == _walked(found, REPORT)


def test_monthly_spans_are_sorted_after_the_rounds() -> None:
    """Five years of monthly spans (sixty touching spans a member) come out as one run each."""
    member = np.repeat(np.arange(3, dtype=np.int64), 60)
    start = np.tile(np.arange(60, dtype=np.int64) * 30, 3)
    end = start + 29
    end[60 + 10] -= 1  # member 1: a day's gap after its eleventh month
    members, since = _runs_through(member, start, end, int(end.max()))
    assert members.tolist() == [0, 1, 2]
    assert since.tolist() == [0, 11 * 30, 0]


@given(st.lists(st.integers(0, 2**20 - 1), max_size=3000))
def test_sorted_by_buckets_is_sorted(values: list[int]) -> None:
    """Any values below the bound come out as numpy's sort gives them."""
    array = np.array(values, dtype=np.int64)
    assert _sorted_by_buckets(array, 20).tolist() == sorted(values)
