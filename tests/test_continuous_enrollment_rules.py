"""Ruling U3's continuous enrollment: the runs of spans reaching a day and their whole months, pinned.

These are the rule module's own tests (``compliance.utilization.continuous_enrollment``), run
against its mutants (docs/developers.md, "Mutation testing"). The ruling (docs/interpretations.md,
U3): a member's overlapping spans, and spans where one begins the day after another ends, are one
continuous enrollment; a gap of one day breaks it; the months enrolled are whole calendar months
through the report date (dateutil's: a day the later month lacks is its last day). The columnar
functions are compared with a plain-Python reading of that written here apart: touching spans and
a gap of a day, spans ending the day before the report day, on it and after, starting on it and
after; chains longer than the rounds that reach back before a sort; both ways the sort packs its
keys; numbers of days of both integer widths and before 1970; month ends and leap days; and the
renumbering of codes far apart at its line.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tenncare_calc.columnar import days_from_date, encode_ids
from tenncare_calc.compliance.utilization.continuous_enrollment import (
    _dense_codes,
    _runs_sorted,
    _runs_through,
    _sorted_by_buckets,
    _whole_months,
)

DAY = dt.timedelta(days=1)
#: A span: member code, first day, last day (day numbers).
Span = tuple[int, int, int]


def add_months(day: dt.date, months: int) -> dt.date:
    """Return ``day`` moved by whole calendar months; a day the month lacks is its last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    following = dt.date(year + (month + 1) // 12, (month + 1) % 12 + 1, 1)
    return dt.date(year, month + 1, min(day.day, (following - DAY).day))


def whole_months(since: dt.date, through: dt.date) -> int:
    """Return the whole months from ``since`` through ``through``: the most that fit before the day after."""
    after = through + DAY
    count = (after.year - since.year) * 12 + after.month - since.month
    while add_months(since, count) > after:
        count -= 1
    return count


def runs_reaching(spans: list[Span], day: int) -> list[tuple[int, int]]:
    """Return, per member enrolled on ``day``, the first day of the continuous run reaching it.

    Spans starting after ``day`` are left out. The run begins as the spans covering the day; a
    span ending on or after the day before the run's first day (touching or overlapping it)
    joins it, until none does. Sorted by member.
    """
    found = []
    for member in sorted({who for who, _, _ in spans}):
        own = [(start, end) for who, start, end in spans if who == member and start <= day]
        covering = [start for start, end in own if end >= day]
        if not covering:
            continue
        since = min(covering)
        while True:
            reach = min([since] + [start for start, end in own if end >= since - 1])
            if reach == since:
                break
            since = reach
        found.append((member, since))
    return found


def final_runs(spans: list[Span], day: int) -> list[tuple[int, int]]:
    """Return, per member, the first day of each merged run whose last day reaches ``day``.

    Merged in order of start: a span starting on or before the day after the run's last day
    joins it. Sorted by member, then first day.
    """
    found = []
    for member in sorted({who for who, _, _ in spans}):
        own = sorted((start, end) for who, start, end in spans if who == member)
        runs: list[list[int]] = []
        for start, end in own:
            if runs and start <= runs[-1][1] + 1:
                runs[-1][1] = max(runs[-1][1], end)
            else:
                runs.append([start, end])
        found.extend((member, start) for start, end in runs if end >= day)
    return found


def columns_of(spans: list[Span], dtype: type = np.int64) -> tuple[np.ndarray, ...]:
    """Return the spans as the three columns the functions read."""
    return (
        np.array([who for who, _, _ in spans], dtype=np.int64),
        np.array([start for _, start, _ in spans], dtype=dtype),
        np.array([end for _, _, end in spans], dtype=dtype),
    )


@st.composite
def span_lists(draw: st.DrawFn, day: int, members: int = 6, reach: int = 60) -> list[Span]:
    """Return spans near ``day``: chains touching, a day apart or overlapping, ending around it."""
    spans: list[Span] = []
    for member in range(draw(st.integers(0, members))):
        begin = day + draw(st.integers(-reach, 2))
        for _ in range(draw(st.integers(1, 5))):
            length = draw(st.sampled_from([0, 1, 3]) | st.integers(0, reach))
            end = begin + length
            edge = draw(st.sampled_from([None, -1, 0, 1]))
            if edge is not None and begin <= day + edge:
                end = day + edge  # the day before the day, on it, after it
            spans.append((member, begin, end))
            begin = end + draw(st.sampled_from([1, 2, 0, -2, 5]))  # touching, a day apart, ...
    return draw(st.permutations(spans))


def chain(member: int, first: int, count: int, length: int, gap: int = 1) -> list[Span]:
    """Return ``count`` spans of ``length`` days each starting ``gap`` days after the last ends."""
    spans = []
    start = first
    for _ in range(count):
        spans.append((member, start, start + length - 1))
        start += length - 1 + gap
    return spans


class TestRunsThrough:
    """``_runs_through``: the first day of each member's run reaching the day."""

    @given(st.integers(-30_000, 30_000).flatmap(lambda d: st.tuples(st.just(d), span_lists(d))))
    def test_against_the_plain_reading(self, drawn: tuple[int, list[Span]]) -> None:
        """Any spans around the day, both integer widths of days."""
        day, spans = drawn
        for dtype in (np.int64, np.int32):
            member, start, end = columns_of(spans, dtype)
            reached, since = _runs_through(member, start, end, day)
            assert list(zip(reached.tolist(), since.tolist(), strict=True)) == runs_reaching(
                spans, day
            )
            if spans:  # the days' own type (numpy's minimum.at is not cast)
                assert since.dtype == dtype

    @given(
        st.integers(0, 3),
        st.integers(1, 40),
        st.sampled_from([1, 2, 0]),
        st.sampled_from([-1, 0, 1]),
        st.integers(1, 31),
    )
    @example(0, 20, 1, 0, 30)
    @example(0, 20, 2, 0, 30)
    @example(0, 7, 1, 0, 1)
    def test_long_chains(self, member: int, count: int, gap: int, edge: int, length: int) -> None:
        """A chain of ``count`` spans (monthly, daily) touching, a day apart or overlapping.

        Longer chains than the rounds reach back through are merged by the sort; a second
        member's chain beside it, a day apart, keeps its own run.
        """
        spans = chain(member, 1000, count, length, gap)
        day = spans[-1][2] + edge
        spans += chain(member + 5, 1000, count, length, 2)
        member_codes, start, end = columns_of(spans)
        reached, since = _runs_through(member_codes, start, end, day)
        assert list(zip(reached.tolist(), since.tolist(), strict=True)) == runs_reaching(spans, day)

    def test_the_rulings_cases(self) -> None:
        """Touching spans join; a gap of one day breaks; a span after the day is left out."""
        day = 100
        spans: list[Span] = [
            (0, 10, 49),
            (0, 50, 200),  # touches: one run from 10
            (1, 10, 49),
            (1, 51, 200),  # a day apart: from 51
            (2, 10, 99),  # ends the day before: not enrolled
            (3, 101, 200),  # starts after: not enrolled
            (4, 100, 100),  # on the day only
            (5, 10, 60),
            (5, 40, 100),  # overlapping: from 10
        ]
        member, start, end = columns_of(spans)
        reached, since = _runs_through(member, start, end, day)
        assert reached.tolist() == [0, 1, 4, 5]
        assert since.tolist() == [10, 51, 100, 10]

    def test_no_spans(self) -> None:
        """No spans: no runs."""
        empty = np.zeros(0, dtype=np.int64)
        reached, since = _runs_through(empty, empty, empty, 5)
        assert (reached.tolist(), since.tolist()) == ([], [])


class TestRunsSorted:
    """``_runs_sorted``: merged runs whose last day reaches the day, by one sort."""

    @given(st.integers(-30_000, 30_000).flatmap(lambda d: st.tuples(st.just(d), span_lists(d))))
    def test_against_the_plain_reading(self, drawn: tuple[int, list[Span]]) -> None:
        """Spans ending on or before the day (as ``_runs_through`` gives them)."""
        day, spans = drawn
        spans = [(who, start, min(end, day)) for who, start, end in spans if start <= day]
        for dtype in (np.int64, np.int32):  # the days' own type, as ``_runs_through`` gives them
            found = _runs_sorted(*columns_of(spans, dtype), day)
            assert list(zip(found[0].tolist(), found[1].tolist(), strict=True)) == final_runs(
                spans, day
            )

    @given(
        st.lists(
            st.tuples(
                st.integers(0, 2**33) | st.sampled_from([0, 1, 2**33]),
                st.integers(0, 200),
                st.integers(0, 60),
            ),
            max_size=12,
        ),
        st.sampled_from([10, 5000, 2**20]),
    )
    def test_keys_too_wide_to_pack(self, rows: list[tuple[int, int, int]], scale: int) -> None:
        """Member codes or days too wide for one packed integer: sorted by a key instead."""
        day = 200 * scale
        spans = [
            (who, start * scale, min(start * scale + length, day)) for who, start, length in rows
        ]
        for dtype in (np.int64, np.int32):
            found = _runs_sorted(*columns_of(spans, dtype), day)
            assert list(zip(found[0].tolist(), found[1].tolist(), strict=True)) == final_runs(
                spans, day
            )

    # codes are at most about twice the rows (``_dense_codes``), so a code times the days' span
    # stays far within an int64: 2**33 codes beside 2**25 days is 2**58
    @pytest.mark.parametrize("far", [2**33, 2**20])
    @pytest.mark.parametrize("dtype", [np.int64, np.int32])
    def test_members_far_apart_by_key(self, far: int, dtype: type) -> None:
        """Member codes too wide to pack beside days up to 2**25 apart: each member's runs."""
        day = 2**25
        spans: list[Span] = [
            (far, 0, 99),
            (far, 100, 2**24),  # touching: one run from 0
            (far, 2**24 + 2, day),  # a day apart: its own run, reaching the day
            (0, 5, day - 1),  # ends the day before
            (1, 7, 9),
            (1, 10, day),  # touching: from 7
            (far - 1, 3, day),
        ]
        found = _runs_sorted(*columns_of(spans, dtype), day)
        assert list(zip(found[0].tolist(), found[1].tolist(), strict=True)) == final_runs(
            spans, day
        )
        assert final_runs(spans, day) == [(1, 7), (far - 1, 3), (far, 2**24 + 2)]

    @pytest.mark.parametrize("first", [days_from_date(dt.date(2008, 1, 1)), -7_305, 1])
    @pytest.mark.parametrize("far", [2**33, 2**20])
    def test_members_far_apart_on_calendar_days(self, far: int, first: int) -> None:
        """Codes too wide to pack, days not counted from 0 (2008, before 1970): each run's start.

        The key sorted instead of a packed integer counts each day from the earliest: read back,
        a run starts on its own day, not that day moved by the earliest.
        """
        day = first + 2**25
        spans: list[Span] = [
            (far, first, first + 99),
            (far, first + 100, first + 2**24),  # touching: one run from the first day
            (far, first + 2**24 + 2, day),  # a day apart: its own run, reaching the day
            (0, first + 5, day - 1),  # ends the day before
            (1, first + 7, first + 9),
            (1, first + 10, day),  # touching: from the seventh day
            (far - 1, first + 3, day),
        ]
        by_hand = [(1, first + 7), (far - 1, first + 3), (far, first + 2**24 + 2)]
        assert final_runs(spans, day) == by_hand
        for dtype in (np.int64, np.int32):
            found = _runs_sorted(*columns_of(spans, dtype), day)
            assert list(zip(found[0].tolist(), found[1].tolist(), strict=True)) == by_hand

    def test_spans_with_the_same_start(self) -> None:
        """Spans of a member with the same start, in either order, are one run."""
        for spans in ([(0, 5, 9), (0, 5, 20)], [(0, 5, 20), (0, 5, 9)]):
            found = _runs_sorted(*columns_of(spans), 20)
            assert (found[0].tolist(), found[1].tolist()) == ([0], [5])

    def test_no_spans(self) -> None:
        """No spans: no runs."""
        found = _runs_sorted([], [], [], 5)
        assert (found[0].tolist(), found[1].tolist()) == ([], [])
        assert found[0].dtype == found[1].dtype == np.int64  # codes and days, even when none


class TestSortedByBuckets:
    """``_sorted_by_buckets``: the values sorted, whatever their number and width."""

    @given(
        st.integers(1, 62),
        st.sampled_from([0, 1, 2, 3, 1023, 1024, 1025, 2048, 5000, 70_000]),
        st.integers(0, 2**32 - 1),
    )
    @example(62, 70_000, 0)
    @example(3, 5000, 1)
    def test_sorted(self, bits: int, size: int, seed: int) -> None:
        """Random values below ``2**bits``, few or many buckets."""
        values = np.random.default_rng(seed).integers(0, 2**bits, size=size, dtype=np.int64)
        assert _sorted_by_buckets(values.copy(), bits).tolist() == sorted(values.tolist())

    @given(st.lists(st.integers(0, 2**20 - 1), max_size=40))
    def test_small_lists(self, values: list[int]) -> None:
        """Any few values of 20 bits."""
        found = _sorted_by_buckets(np.array(values, dtype=np.int64), 20)
        assert found.tolist() == sorted(values)


class TestWholeMonths:
    """``_whole_months``: calendar months from each day through the report date, both counted."""

    @given(
        st.lists(st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)), max_size=20),
        st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)),
    )
    def test_against_the_plain_reading(self, days: list[dt.date], through: dt.date) -> None:
        """Any days on or before the report date."""
        days = [day for day in days if day <= through]
        for dtype in (np.int64, np.int32):  # the days as the report reads them are int32
            found = _whole_months(np.array([days_from_date(d) for d in days], dtype=dtype), through)
            assert found.dtype == np.int64
            assert found.tolist() == [whole_months(day, through) for day in days]

    @given(
        st.integers(1960, 2050),
        st.integers(1, 12),
        st.integers(-1, 1),
        st.lists(st.integers(-3, 3), min_size=1, max_size=6),
        st.integers(0, 30),
    )
    def test_month_ends_and_the_days_around_them(
        self, year: int, month: int, shift: int, offsets: list[int], back: int
    ) -> None:
        """A report date at a month end or either side; starts on month ends and either side."""
        month_end = add_months(dt.date(year, month, 1), 1) - DAY
        through = month_end + shift * DAY
        days = []
        for offset in offsets:
            start_month_end = add_months(dt.date(year, month, 1), -back) - DAY
            day = start_month_end + offset * DAY
            if day <= through:
                days.append(day)
        for dtype in (np.int64, np.int32):  # the days as the report reads them are int32
            found = _whole_months(np.array([days_from_date(d) for d in days], dtype=dtype), through)
            assert found.dtype == np.int64
            assert found.tolist() == [whole_months(day, through) for day in days]

    @pytest.mark.parametrize(
        ("since", "through", "months"),
        [
            ("2008-01-31", "2008-02-27", 0),
            ("2008-01-31", "2008-02-28", 1),  # 2008-02-29 is the last day of February
            ("2007-01-31", "2007-02-27", 1),  # 2007-02-28 is the last day of February
            ("2007-01-31", "2007-02-26", 0),
            ("2008-01-01", "2008-12-31", 12),
            ("2008-01-02", "2008-12-31", 11),
            ("2008-01-01", "2008-12-30", 11),
            ("2008-03-31", "2008-04-29", 1),  # the day after is April 30, its last day
            ("2008-03-31", "2008-04-28", 0),
            ("2008-03-15", "2008-04-13", 0),
            ("2008-03-15", "2008-04-14", 1),
            ("2008-12-31", "2008-12-31", 0),
        ],
    )
    def test_by_hand(self, since: str, through: str, months: int) -> None:
        """Month ends and leap days, worked by hand; the plain reading agrees."""
        start, end = dt.date.fromisoformat(since), dt.date.fromisoformat(through)
        assert _whole_months(np.array([days_from_date(start)]), end).tolist() == [months]
        assert whole_months(start, end) == months


class TestDenseCodes:
    """``_dense_codes``: codes as they are when few, renumbered in order of appearance when far apart."""

    @pytest.mark.parametrize(
        ("first", "second"),
        [([0, 1027], []), ([0, 1029], [5]), ([7, 7, 7], [7]), ([], [])],
    )
    def test_dense_codes_are_returned_as_they_are(
        self, first: list[int], second: list[int]
    ) -> None:
        """Codes no further apart than twice the rows and 1,024 are the encoder's own."""
        codes = encode_ids(pa.array(first, pa.int64()), pa.array(second, pa.int64()))
        one, two, count, decode = _dense_codes(codes)
        assert one is codes.codes[0]
        assert two is codes.codes[1]
        assert count == codes.count
        assert decode(one).to_pylist() == first

    @pytest.mark.parametrize(
        ("first", "second"),
        [
            ([0, 1028], []),
            ([0, 1030], [5]),
            ([9_000_000_000, 1, 5_000_000_000], [7_000_000_000, 1]),
        ],
    )
    def test_far_apart_codes_are_renumbered(self, first: list[int], second: list[int]) -> None:
        """Codes further apart: numbered from 0 in order of appearance, decoded to the ids."""
        codes = encode_ids(pa.array(first, pa.int64()), pa.array(second, pa.int64()))
        one, two, count, decode = _dense_codes(codes)
        order = list(dict.fromkeys(first + second))
        assert one.tolist() == [order.index(i) for i in first]
        assert two.tolist() == [order.index(i) for i in second]
        assert one.dtype == two.dtype == np.int64
        assert count == len(order)
        assert decode(one).to_pylist() == first
        assert decode(two).to_pylist() == second

    @given(
        st.lists(st.integers(0, 10**10), max_size=10),
        st.lists(st.integers(0, 10**10), max_size=10),
    )
    def test_codes_decode_to_their_ids(self, first: list[int], second: list[int]) -> None:
        """Either way, codes below the count that decode to the ids, the same id one code."""
        codes = encode_ids(pa.array(first, pa.int64()), pa.array(second, pa.int64()))
        one, two, count, decode = _dense_codes(codes)
        assert decode(one).to_pylist() == first
        assert decode(two).to_pylist() == second
        both = one.tolist() + two.tolist()
        assert all(0 <= code < count for code in both)
        assert len(set(both)) == len(set(first + second))
