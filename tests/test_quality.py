"""§2.15.3.1: three clinical PIPs (diabetes, maternity, behavioral health) and two non-clinical."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tenncare_calc import InvalidInputError, InvalidTypeError, default_profile
from tenncare_calc.compliance import pip_list_check
from tenncare_calc.compliance.quality import pips
from tenncare_calc.core.thresholds import Comparison

AREAS = ["diabetes management", "maternity management", "behavioral health"]


def _plan(
    clinical: int, non_clinical: int, *, program: str = "bipolar disorder"
) -> list[dict[str, str]]:
    found = [
        {"kind": "clinical", "area": AREAS[n % 3], "program": program if n % 3 == 2 else ""}
        for n in range(clinical)
    ]
    return found + [{"kind": "non_clinical", "title": f"N{n}"} for n in range(non_clinical)]


class TestPips:
    """The counts, the areas and the behavioral health program."""

    def test_at_least(self) -> None:
        """'three (3) clinical and two (2) non-clinical': at least, inclusive."""
        assert pips.ENOUGH_PIPS is Comparison.AT_LEAST
        profile = default_profile()
        assert profile.get("quality.pip_clinical_count").value == 3
        assert profile.get("quality.pip_non_clinical_count").value == 2

    @given(st.integers(0, 6), st.integers(0, 4))
    def test_counts_below_at_above(self, clinical: int, non_clinical: int) -> None:
        """Each count one below, at and above its line; margins in PIPs."""
        found = pip_list_check(_plan(clinical, non_clinical))
        count_clinical, count_non = found.parts[:2]
        assert (count_clinical.met, count_clinical.margin) == (clinical >= 3, Decimal(clinical - 3))
        assert (count_non.met, count_non.margin) == (non_clinical >= 2, Decimal(non_clinical - 2))
        assert found.met is (clinical >= 3 and non_clinical >= 2)

    def test_each_area_once(self) -> None:
        """Three clinical PIPs all in diabetes miss maternity and behavioral health."""
        plan = [{"kind": "clinical", "area": "diabetes management"}] * 3 + [
            {"kind": "non_clinical"}
        ] * 2
        found = pip_list_check(plan)
        assert [part.outcome.value for part in found.parts] == [
            "met",
            "met",
            "met",
            "not_met",
            "not_met",
            "not_applicable",
        ]

    @pytest.mark.parametrize(
        ("program", "met"),
        [
            ("Bipolar Disorder", True),
            ("major depression", True),
            ("schizophrenia", True),
            ("anxiety", False),
            ("", False),
        ],
    )
    def test_behavioral_health_program(self, program: str, met: bool) -> None:
        """The behavioral health PIP must be relevant to one of the three programs."""
        assert pip_list_check(_plan(3, 2, program=program)).met is met

    def test_a_table(self) -> None:
        """A DataFrame reads like a list of records."""
        frame = pd.DataFrame(_plan(3, 2))
        assert pip_list_check(frame).met

    def test_bad_input(self) -> None:
        """A kind that is not clinical or non-clinical; not a list."""
        with pytest.raises(InvalidInputError, match="kind"):
            pip_list_check([{"kind": "quality"}])
        with pytest.raises(InvalidTypeError, match="pips"):
            pip_list_check(["clinical"])

    def test_profile_changes(self) -> None:
        """Another count is a profile change."""
        mine = default_profile().with_overrides({"quality.pip_non_clinical_count": 3})
        assert pip_list_check(_plan(3, 2), profile=mine).met is False
