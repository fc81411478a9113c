"""A threshold is one value: the one-value and the column form agree on both sides of the line and at it."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from tenncare_calc.core.thresholds import Comparison, Threshold

limits = st.integers(min_value=-10_000, max_value=10_000)
offsets = st.integers(min_value=-50, max_value=50)


class TestThreshold:
    """``Threshold.met`` and ``margin`` for every comparison, as scalars and as numpy columns."""

    @given(comparison=st.sampled_from(Comparison), limit=limits, offset=offsets)
    def test_at_and_around_the_line(self, comparison: Comparison, limit: int, offset: int) -> None:
        """Below, at and above the limit: inclusive comparisons meet it at 0, strict ones do not."""
        threshold = Threshold(Decimal(limit), "units", comparison)
        measured = Decimal(limit + offset)
        expected = {
            Comparison.AT_MOST: offset <= 0,
            Comparison.LESS_THAN: offset < 0,
            Comparison.AT_LEAST: offset >= 0,
            Comparison.MORE_THAN: offset > 0,
        }[comparison]
        assert threshold.met(measured) is expected
        margin = threshold.margin(measured)
        assert margin == (offset if comparison.upward else -offset)
        assert (margin > 0 or (margin == 0 and comparison.inclusive)) == expected

    @given(
        comparison=st.sampled_from(Comparison),
        limit=limits,
        measured=st.lists(st.integers(min_value=-10_100, max_value=10_100), max_size=30),
    )
    def test_column_form_equals_the_one_value_form(
        self, comparison: Comparison, limit: int, measured: list[int]
    ) -> None:
        """The same threshold over a numpy column gives each row's one-value answer."""
        threshold = Threshold(limit, "units", comparison)
        column = np.array(measured, dtype=np.int64)
        assert threshold.met(column).tolist() == [threshold.met(value) for value in measured]
        assert threshold.margin(column).tolist() == [threshold.margin(value) for value in measured]

    @given(comparison=st.sampled_from(Comparison), limit=limits, first=offsets, second=offsets)
    def test_monotone(self, comparison: Comparison, limit: int, first: int, second: int) -> None:
        """Moving a figure in the meeting direction never turns a met threshold into not met."""
        threshold = Threshold(Decimal(limit), "units", comparison)
        low, high = sorted((Decimal(limit + first), Decimal(limit + second)))
        better, worse = (high, low) if comparison.upward else (low, high)
        assert threshold.met(better) or not threshold.met(worse)

    def test_words(self) -> None:
        """The threshold reads as the contract writes it."""
        assert Threshold(Decimal(30), "percent", Comparison.MORE_THAN).describe() == (
            "more than 30 percent"
        )
        assert Comparison.AT_LEAST.arrow_function == "greater_equal"
