"""Tests of the NCQA minimum effect size (§3.10.5, ruling P1) and significant improvement."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

import tenncare_calc as tc
from tenncare_calc.p4p import EffectSizeTable, assess_improvement
from tests.strategies import BAD_NUMBERS, EPSILONS, WRONG_TYPES, rates

# The library's default bands (effect-size-table.md): (band start, effect size of that band).
DEFAULT_BANDS = [(0, 6), (60, 5), (65, 4), (70, 3), (75, 2), (80, 1)]
BOUNDARIES = [
    (start, size, DEFAULT_BANDS[i - 1][1]) for i, (start, size) in enumerate(DEFAULT_BANDS) if i
]


class TestMinimumEffectSize:
    """The default bands are half-open on the baseline: [60, 65) requires 5 points, and so on."""

    @pytest.mark.parametrize(("boundary", "size", "size_below"), BOUNDARIES)
    @given(epsilon=EPSILONS)
    def test_every_band_boundary_below_at_above(
        self, boundary: int, size: int, size_below: int, epsilon: Decimal
    ) -> None:
        """Just below a boundary is the band below; at and just above it is the band itself."""
        edge = Decimal(boundary)
        assert tc.minimum_effect_size(edge - epsilon) == size_below
        assert tc.minimum_effect_size(edge) == size
        assert tc.minimum_effect_size(edge + epsilon) == size

    @pytest.mark.parametrize(("baseline", "size"), [(0, 6), ("59.99", 6), (100, 1), ("99.999", 1)])
    def test_ends_of_the_scale(self, baseline: object, size: int) -> None:
        """0 is in the lowest band and 100 in the highest (closed at 100)."""
        assert tc.minimum_effect_size(baseline) == size

    @given(rates(), rates())
    def test_non_increasing_in_the_baseline(self, a: Decimal, b: Decimal) -> None:
        """A higher baseline never requires a larger improvement."""
        low, high = sorted((a, b))
        assert tc.minimum_effect_size(low) >= tc.minimum_effect_size(high)

    @given(st.one_of(WRONG_TYPES, BAD_NUMBERS))
    def test_bad_baselines_are_typed_errors(self, baseline: object) -> None:
        """Every bad input class raises the library's error, naming the baseline."""
        with pytest.raises(tc.TennCareError) as caught:
            tc.minimum_effect_size(baseline)
        assert caught.value.field == "baseline"
        assert isinstance(caught.value, TypeError | ValueError)

    @given(EPSILONS)
    def test_out_of_range_baselines_are_value_errors(self, epsilon: Decimal) -> None:
        """Rates outside [0, 100] are ValueError-family errors (M2)."""
        for baseline in (-epsilon, 100 + epsilon):
            with pytest.raises(tc.InvalidValueError, match="'baseline'"):
                tc.minimum_effect_size(baseline)


class TestSignificantImprovement:
    """current - baseline >= minimum_effect_size(baseline), compared exactly."""

    @given(rates(), EPSILONS)
    @example(Decimal(60), Decimal("0.01"))
    @example(Decimal("59.99"), Decimal("1E-12"))
    def test_at_the_effect_size_qualifies_and_just_below_does_not(
        self, baseline: Decimal, epsilon: Decimal
    ) -> None:
        """An improvement exactly equal to the effect size qualifies ("at least" is inclusive)."""
        required = tc.minimum_effect_size(baseline)
        assume(baseline + required <= 100)
        assert tc.is_significant_improvement(baseline, baseline + required)
        assert not tc.is_significant_improvement(baseline, baseline + required - epsilon)
        if baseline + required + epsilon <= 100:
            assert tc.is_significant_improvement(baseline, baseline + required + epsilon)

    @given(rates(), rates(), rates())
    def test_monotone_in_the_current_rate(
        self, baseline: Decimal, c1: Decimal, c2: Decimal
    ) -> None:
        """If a current rate qualifies, every higher current rate qualifies too."""
        low, high = sorted((c1, c2))
        if tc.is_significant_improvement(baseline, low):
            assert tc.is_significant_improvement(baseline, high)

    def test_float_inputs_mean_their_decimal_text(self) -> None:
        """58.2 + 6.0 is exactly 64.2, so it qualifies (binary floats would make it 64.19999...)."""
        assert tc.is_significant_improvement(58.2, 64.2)
        assert not tc.is_significant_improvement(58.2, 64.19)

    def test_a_decline_never_qualifies(self) -> None:
        """A lower current rate is not an improvement."""
        assert not tc.is_significant_improvement(90, 80)

    def test_assessment_keeps_every_intermediate_value(self) -> None:
        """The assessment carries baseline, current, improvement, band and the required size."""
        table = tc.default_profile().value("p4p.effect_size_bands", EffectSizeTable)
        result = assess_improvement("62.5", "67.4", table=table)
        assert (result.improvement, result.required, result.qualifies) == (
            Decimal("4.9"),
            Decimal(5),
            False,
        )
        assert result.band.describe() == "60 up to (not including) 65"
        assert result.to_dict()["band"] == "60 up to (not including) 65"


class TestProfileTables:
    """A profile's table and rate rounding replace the defaults without code changes."""

    def test_a_replaced_table_is_used(self) -> None:
        """A two-band table from the executed contract changes the answer."""
        profile = tc.default_profile().with_overrides(
            {
                "p4p.effect_size_bands": "[{baseline_from = 0, baseline_to = 50, "
                "minimum_effect_size = 8}, {baseline_from = 50, baseline_to = 100, "
                "minimum_effect_size = 2}]"
            }
        )
        assert tc.minimum_effect_size(49, profile=profile) == 8
        assert tc.minimum_effect_size(50, profile=profile) == 2
        assert tc.is_significant_improvement(55, 57, profile=profile)

    def test_reported_rate_rounding_when_a_profile_names_it(self) -> None:
        """With two-decimal rounding, 59.995 is reported as 60.00 and moves to the 60-65 band."""
        profile = tc.default_profile().with_overrides({"p4p.reported_rate_decimals": "2"})
        assert tc.minimum_effect_size("59.995") == 6  # exact by default
        assert tc.minimum_effect_size("59.995", profile=profile) == 5
        assert tc.is_significant_improvement("60.004", "65.0", profile=profile)
        assert not tc.is_significant_improvement("60.004", "65.0")
