"""The minimum effect size rule pinned exactly (§3.10.5, §2.15.4.1, ruling P1).

``tests/test_effect_size.py`` checks the default bands' boundaries; this file pins the table's
validation (every rejected table names the field and says why), the band wording a statement shows,
the half-up rounding of reported rates and the dated profile values each function reads.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

import tenncare_calc as tc
from tenncare_calc.p4p import EffectSizeTable, assess_improvement
from tenncare_calc.p4p.effect_size import EffectSizeBand, round_reported_rate
from tests.versioned_profiles import CHANGE_DATE, with_later_version

TABLE = tc.default_profile().value("p4p.effect_size_bands", EffectSizeTable)
DAY_BEFORE = CHANGE_DATE - dt.timedelta(days=1)


def records(*bands: tuple[object, object, object]) -> list[dict[str, object]]:
    """Return band records from ``(from, to, size)`` triples."""
    return [
        {"baseline_from": low, "baseline_to": high, "minimum_effect_size": size}
        for low, high, size in bands
    ]


class TestTableValidation:
    """An invalid table cannot be built; the error names the field and what is wrong."""

    @pytest.mark.parametrize(
        ("bands", "message", "value"),
        [
            ([], "the effect size table has no bands", ()),
            (
                records((1, 100, 1)),
                "the first effect size band must start at 0 (starts at 1)",
                Decimal(1),
            ),
            (
                records((0, 99, 1)),
                "the last effect size band must end at 100 (ends at 99)",
                Decimal(99),
            ),
            (
                records((0, 50, 2), (50, 50, 1), (50, 100, 1)),
                "effect size band 2 is empty or reversed (50 to 50)",
                EffectSizeBand(Decimal(50), Decimal(50), Decimal(1)),
            ),
            (
                records((0, 50, 2), (60, 100, 1)),
                (
                    "effect size bands 1 and 2 leave a gap between 50 and 60; each band must start "
                    "where the previous one ends"
                ),
                EffectSizeBand(Decimal(60), Decimal(100), Decimal(1)),
            ),
            (
                records((0, 50, 2), (40, 100, 1)),
                (
                    "effect size bands 1 and 2 leave an overlap between 50 and 40; each band must "
                    "start where the previous one ends"
                ),
                EffectSizeBand(Decimal(40), Decimal(100), Decimal(1)),
            ),
            (
                records((0, 50, 1), (50, 100, 2)),
                (
                    "effect sizes must not increase as the baseline rises: band 2 requires 2, more "
                    "than band 1's 1"
                ),
                EffectSizeBand(Decimal(50), Decimal(100), Decimal(2)),
            ),
        ],
    )
    def test_rejected_tables(self, bands: object, message: str, value: object) -> None:
        """Each defect has its own message; the field is ``bands`` and the value the culprit."""
        with pytest.raises(tc.InvalidInputError) as caught:
            EffectSizeTable.from_records(bands)
        assert (str(caught.value), caught.value.field, caught.value.value) == (
            message,
            "bands",
            value,
        )

    def test_equal_sizes_and_a_single_band_are_valid(self) -> None:
        """Sizes may stay level (must not *increase*); one band may cover 0-100."""
        level = EffectSizeTable.from_records(records((0, 50, 2), (50, 100, 2)))
        assert level.band_for(Decimal(50)).minimum_effect_size == 2
        single = EffectSizeTable.from_records(records((0, 100, 3)))
        assert single.describe() == "any baseline: 3"

    @pytest.mark.parametrize(
        ("bands", "error", "field", "message"),
        [
            ("x", tc.InvalidTypeError, "rates", "'rates' must be a list of bands (got str)"),
            (
                ["x"],
                tc.InvalidTypeError,
                "rates[0]",
                (
                    "'rates[0]' must be a table with keys "
                    "['baseline_from', 'baseline_to', 'minimum_effect_size']"
                ),
            ),
            (
                [{"baseline_from": 0, "extra": 1}],
                tc.InvalidInputError,
                "rates[0]",
                (
                    "'rates[0]' must have exactly the keys "
                    "['baseline_from', 'baseline_to', 'minimum_effect_size'] "
                    "(missing ['baseline_to', 'minimum_effect_size'], unknown ['extra'])"
                ),
            ),
            (records(("x", 100, 1)), tc.InvalidValueError, "rates[0].baseline_from", None),
            (records((0, "x", 1)), tc.InvalidValueError, "rates[0].baseline_to", None),
            (records((0, 100, "x")), tc.InvalidValueError, "rates[0].minimum_effect_size", None),
        ],
    )
    def test_bad_records_name_the_place(
        self, bands: object, error: type[Exception], field: str, message: str | None
    ) -> None:
        """Record errors name the record (and key) under the caller's field name."""
        with pytest.raises(error) as caught:
            EffectSizeTable.from_records(bands, field="rates")
        assert caught.value.field == field  # type: ignore[attr-defined]
        assert caught.value.value is not None  # type: ignore[attr-defined]
        if message is not None:
            assert str(caught.value) == message

    def test_bytes_are_not_a_list_of_bands(self) -> None:
        """Bytes is a sequence but not a list of bands."""
        with pytest.raises(tc.InvalidTypeError, match="got bytes"):
            EffectSizeTable.from_records(b"ab")


class TestBands:
    """Bands are half-open; the top band is closed at 100; their wording is what a statement shows."""

    @given(st.decimals(min_value=0, max_value=100, places=3))
    def test_contains_is_half_open(self, baseline: Decimal) -> None:
        """[60, 65) holds 60 but not 65; [80, 100] holds 100."""
        middle = EffectSizeBand(Decimal(60), Decimal(65), Decimal(5))
        top = EffectSizeBand(Decimal(80), Decimal(100), Decimal(1))
        assert middle.contains(baseline) is (60 <= baseline < 65)
        assert top.contains(baseline) is (80 <= baseline <= 100)

    def test_describe(self) -> None:
        """Below, up to (not including), and above; the whole scale is 'any baseline'."""
        assert TABLE.describe() == (
            "below 60: 6; 60 up to (not including) 65: 5; 65 up to (not including) 70: 4; "
            "70 up to (not including) 75: 3; 75 up to (not including) 80: 2; 80 and above: 1"
        )
        assert EffectSizeBand(Decimal(0), Decimal(100), Decimal(3)).describe() == "any baseline"

    def test_to_records(self) -> None:
        """Decimal values as strings, keys as in a profile file."""
        assert TABLE.to_records()[1] == {
            "baseline_from": "60",
            "baseline_to": "65",
            "minimum_effect_size": "5",
        }
        assert EffectSizeTable.from_records(TABLE.to_records()) == TABLE


class TestAssessment:
    """The assessment's wording and data."""

    def test_describe_singular_and_plural(self) -> None:
        """One point is 'point', others 'points'; >= when it qualifies, < when not."""
        assert assess_improvement(80, 81, table=TABLE).describe() == (
            "improvement 1 point (81 - 80) >= required 1 point (baseline 80 is in band "
            "'80 and above')"
        )
        assert assess_improvement(60, 61, table=TABLE).describe() == (
            "improvement 1 point (61 - 60) < required 5 points (baseline 60 is in band "
            "'60 up to (not including) 65')"
        )

    def test_to_dict(self) -> None:
        """Every value of the comparison, Decimals as strings."""
        assert assess_improvement("60", "65", table=TABLE).to_dict() == {
            "baseline": "60",
            "current": "65",
            "improvement": "5",
            "band": "60 up to (not including) 65",
            "required": "5",
            "qualifies": True,
        }

    @pytest.mark.parametrize("field", ["baseline", "current"])
    def test_bad_rates_name_the_field(self, field: str) -> None:
        """The error names the rate that is wrong."""
        arguments = {"baseline": 60, "current": 65, field: 101}
        with pytest.raises(tc.InvalidValueError) as caught:
            assess_improvement(table=TABLE, **arguments)
        assert caught.value.field == field


class TestReportedRateRounding:
    """A profile may round reported rates half-up before comparing (``p4p.reported_rate_decimals``)."""

    def test_half_up(self) -> None:
        """64.185 -> 64.19 (half-even would give 64.18); 64.1849 -> 64.18; None keeps every digit."""
        assert round_reported_rate(Decimal("64.185"), 2) == Decimal("64.19")
        assert round_reported_rate(Decimal("64.1849"), 2) == Decimal("64.18")
        assert round_reported_rate(Decimal("2.5"), 0) == Decimal(3)
        assert round_reported_rate(Decimal("64.185"), None) == Decimal("64.185")
        assert str(round_reported_rate(Decimal(64), 1)) == "64.0"

    def test_rounded_rates_are_compared(self) -> None:
        """With 2 decimals, 59.995 counts as 60.00 (the 60-65 band) and 64.995 as 65.00."""
        profile = tc.default_profile().with_overrides({"p4p.reported_rate_decimals": "2"})
        assert tc.minimum_effect_size("59.995", profile=profile) == 5
        assert tc.minimum_effect_size("59.995") == 6
        assert tc.is_significant_improvement(60, "64.995", profile=profile)
        assert not tc.is_significant_improvement(60, "64.995")


class TestEffectiveDate:
    """The bands and the rounding rule are the versions in force ``on`` a date."""

    def test_bands_by_date(self) -> None:
        """A table changed from 2010 applies on and after that day, and by default."""
        profile = with_later_version(
            tc.default_profile(),
            "p4p.effect_size_bands",
            "[{baseline_from = 0, baseline_to = 100, minimum_effect_size = 2}]",
        )
        assert tc.minimum_effect_size(50, profile=profile, on=DAY_BEFORE) == 6
        assert tc.minimum_effect_size(50, profile=profile, on=CHANGE_DATE) == 2
        assert tc.minimum_effect_size(50, profile=profile) == 2
        assert not tc.is_significant_improvement(50, 53, profile=profile, on=DAY_BEFORE)
        assert tc.is_significant_improvement(50, 53, profile=profile, on=CHANGE_DATE)

    def test_rounding_rule_by_date(self) -> None:
        """A rounding rule that starts in 2010 does not round a 2009 comparison."""
        profile = with_later_version(tc.default_profile(), "p4p.reported_rate_decimals", "2")
        assert tc.minimum_effect_size("59.995", profile=profile, on=DAY_BEFORE) == 6
        assert tc.minimum_effect_size("59.995", profile=profile, on=CHANGE_DATE) == 5
        assert not tc.is_significant_improvement(60, "64.995", profile=profile, on=DAY_BEFORE)
        assert tc.is_significant_improvement(60, "64.995", profile=profile, on=CHANGE_DATE)


class TestShownPlaces:
    """``describe(places)`` rounds every computed figure it shows, marked ``~``."""

    def test_every_figure_is_shown_to_the_places(self) -> None:
        """Improvement, current, baseline and the required size: each rounded and marked."""
        table = EffectSizeTable.from_records(records((0, 100, "2.123456789")))
        result = assess_improvement(Decimal(200) / 3, "69.0123456", table=table)
        assert result.describe(places=2) == (
            "improvement ~2.35 points (~69.01 - ~66.67) >= required ~2.12 points "
            "(baseline ~66.67 is in band 'any baseline')"
        )

    def test_default_field_name(self) -> None:
        """Records given without a field name are named ``bands``."""
        with pytest.raises(tc.InvalidTypeError) as caught:
            EffectSizeTable.from_records("x")
        assert caught.value.field == "bands"
        with pytest.raises(tc.InvalidTypeError) as caught:
            EffectSizeTable.from_records(["x"])
        assert caught.value.field == "bands[0]"
