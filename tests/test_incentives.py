"""Tests of the pay-for-performance incentive (§3.10): PMPM lines, dates and the statement."""

from __future__ import annotations

import datetime as dt
import json
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import attrs
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import tenncare_calc as tc
from tests.strategies import BAD_NUMBERS, WRONG_TYPES, member_months, rates

PHYSICAL = (
    "hba1c_testing",
    "hba1c_control",
    "ldl_c_screening",
    "adolescent_well_care",
    "breast_cancer_screening",
    "controlling_high_blood_pressure",
)


def inputs(**changes: Any) -> dict[str, Any]:
    """Return statement inputs where nothing qualifies, with ``changes`` applied."""
    base: dict[str, Any] = {
        "member_months": "3412506.25",
        "physical_health": dict.fromkeys(PHYSICAL),
        "behavioral_health": {"antidepressant_medication_management": None, "adhd_follow_up": None},
        "community_tenure": None,
        "capitation": "780000000.00",
        "other_payments": 0,
    }
    return base | changes


class TestPmpmIncentive:
    """$0.03 x member months per qualifying measure, each line rounded half-up (P4, M3)."""

    @given(member_months(), st.integers(min_value=0, max_value=9))
    @example(Decimal("1234567.5"), 2)  # 37,037.025 a line: the half-cent rounds up
    def test_per_line_rounding(self, months: Decimal, measures: int) -> None:
        """The total is measures x the rounded line, never the rounding of the product."""
        line = (Decimal("0.03") * months).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        assert tc.pmpm_incentive(months, measures) == line * measures

    @given(member_months(), member_months(), st.integers(min_value=0, max_value=9))
    def test_monotone_in_member_months(self, a: Decimal, b: Decimal, measures: int) -> None:
        """More member months never earn less."""
        low, high = sorted((a, b))
        assert tc.pmpm_incentive(low, measures) <= tc.pmpm_incentive(high, measures)

    @given(member_months(), st.integers(min_value=0, max_value=8))
    def test_linear_in_measures(self, months: Decimal, measures: int) -> None:
        """Each further measure adds exactly one line."""
        assert tc.pmpm_incentive(months, measures + 1) - tc.pmpm_incentive(
            months, measures
        ) == tc.pmpm_incentive(months, 1)

    def test_hand_checked(self) -> None:
        """3,412,506.25 x $0.03 = $102,375.1875 -> $102,375.19 a line; 4 lines = $409,500.76."""
        assert tc.pmpm_incentive("3412506.25", 4) == Decimal("409500.76")

    def test_pmpm_is_profile_data(self) -> None:
        """A what-if $0.04 PMPM changes the amount without code."""
        profile = tc.load_profile(overrides={"p4p.pmpm_amount": "0.04"})
        assert tc.pmpm_incentive(1_000_000, 1, profile=profile) == Decimal("40000.00")

    def test_negative_member_months(self) -> None:
        """Negative member months are an error naming the field."""
        with pytest.raises(tc.InvalidValueError, match="'member_months' must be >= 0"):
            tc.pmpm_incentive(-1, 1)

    @given(st.one_of(WRONG_TYPES, BAD_NUMBERS))
    def test_bad_member_months(self, value: object) -> None:
        """Every bad-input class is a typed error."""
        with pytest.raises(tc.TennCareError) as caught:
            tc.pmpm_incentive(value, 1)
        assert caught.value.field == "member_months"

    @pytest.mark.parametrize(
        ("measures", "error"), [(-1, ValueError), (1.5, ValueError), (True, TypeError)]
    )
    def test_bad_measure_counts(self, measures: object, error: type[Exception]) -> None:
        """The count of measures is a whole number >= 0."""
        with pytest.raises(error):
            tc.pmpm_incentive(100, measures)  # type: ignore[arg-type]


class TestDates:
    """P5 payment dates, P6 baseline year, first full calendar year."""

    @given(st.integers(min_value=2007, max_value=2100))
    def test_payment_is_july_first_of_the_next_year(self, year: int) -> None:
        """§3.10.2.1: paid on July 1 for the preceding calendar year."""
        assert tc.payment_date(year) == dt.date(year + 1, 7, 1)

    @given(st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2100, 12, 31)))
    def test_first_full_year_and_baseline(self, began: dt.date) -> None:
        """The first full year starts on or after operations began; the baseline year before it."""
        first = tc.first_full_calendar_year(began)
        assert dt.date(first, 1, 1) >= began
        assert dt.date(first - 1, 1, 1) < began
        assert tc.baseline_year(began) == began.year - 1

    @given(
        st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2100, 12, 31)),
        st.sets(st.integers(min_value=1900, max_value=2101), min_size=1),
    )
    def test_baseline_with_incomplete_years(self, began: dt.date, complete: set[int]) -> None:
        """The latest complete year on or before the last full year before operations began."""
        earlier = [year for year in complete if year <= began.year - 1]
        if earlier:
            assert tc.baseline_year(began, complete_data_years=complete) == max(earlier)
        else:
            with pytest.raises(tc.InvalidValueError, match="complete_data_years"):
                tc.baseline_year(began, complete_data_years=complete)

    def test_payment_date_outside_the_term(self) -> None:
        """A measurement year before the contract's term is an error, not a guess."""
        with pytest.raises(tc.OutsideTermError):
            tc.payment_date(2005)

    @pytest.mark.parametrize("year", ["2008.0", 2008.0, True, None])
    def test_years_are_ints(self, year: object) -> None:
        """A year is an int; anything else is a TypeError-family error."""
        with pytest.raises(tc.InvalidTypeError, match="measurement_year"):
            tc.payment_date(year)  # type: ignore[arg-type]


class TestStatement:
    """The end-to-end statement: a line per measure, the total, the cap, the dates."""

    def test_worked_example(self) -> None:
        """The docs/p4p.md example, computed by hand.

        Line: $0.03 x 3,412,506.25 = $102,375.1875 -> $102,375.19. Qualifying: HbA1c testing
        (58.2 -> 64.5, +6.3 >= 6), HbA1c control (poor control 47.3 -> 41.0 is 52.7 -> 59.0, +6.3),
        controlling high blood pressure (60.0 -> 65.0, +5 >= 5 in the 60-65 band), antidepressant
        medication management (both rates at or above their percentiles). Earned 4 x 102,375.19.
        """
        statement = tc.incentive_statement(
            2008,
            **inputs(
                physical_health={
                    "hba1c_testing": (58.2, 64.5),
                    "hba1c_control": (47.3, 41.0),
                    "ldl_c_screening": (71.5, 73.9),
                    "adolescent_well_care": (38.0, 43.99),
                    "breast_cancer_screening": None,
                    "controlling_high_blood_pressure": (60.0, 65.0),
                },
                behavioral_health={
                    "antidepressant_medication_management": {
                        "acute": (52.4, 51.3),
                        "continuation": (35.7, 35.7),
                    },
                    "adhd_follow_up": {"initiation": (38.1, 43.9), "continuation": (52.0, 51.6)},
                },
                community_tenure=(81.4, 82.3),
            ),
        )
        assert [line.measure.id for line in statement.qualifying] == [
            "hba1c_testing",
            "hba1c_control",
            "controlling_high_blood_pressure",
            "antidepressant_medication_management",
        ]
        assert statement.line_amount == Decimal("102375.19")
        assert statement.earned == Decimal("409500.76")
        assert statement.payable == Decimal("409500.76")
        assert statement.payment_date == dt.date(2009, 7, 1)
        assert (statement.first_full_calendar_year, statement.baseline_year) == (2008, 2006)
        control = statement.line("hba1c_control")
        assert control.assessment is not None
        assert (control.assessment.baseline, control.assessment.current) == (
            Decimal("52.7"),
            Decimal("59.0"),
        )
        tenure = statement.line("community_tenure")  # +0.9 on a baseline of 81.4 needs 1 point
        assert (tenure.qualifies, tenure.required, tenure.achieved) == (
            False,
            Decimal(1),
            Decimal("0.9"),
        )
        assert statement.line("breast_cancer_screening").reason.endswith(
            "no audited rate was supplied"
        )

    def test_cap_binds_in_a_second_year(self) -> None:
        """Other payments of $38.8 M leave $200,000.00 of room: $209,500.76 is forfeited."""
        statement = tc.incentive_statement(
            2008,
            **inputs(
                physical_health=dict.fromkeys(PHYSICAL, (50, 56)) | {"hba1c_control": (50, 44)},
                other_payments="38800000.00",
            ),
        )
        assert len(statement.qualifying) == 6
        assert statement.earned == Decimal("614251.14")  # 6 x 102,375.19
        assert (statement.cap.ceiling, statement.payable) == (
            Decimal("819000000.00"),
            Decimal("200000.00"),
        )
        assert statement.cap.forfeited == Decimal("414251.14")

    @given(rates(), rates())
    @example(Decimal(45), Decimal(39))  # 55 -> 61: +6 qualifies
    @example(Decimal(45), Decimal("39.01"))  # +5.99 does not
    def test_hba1c_reversal_symmetry(self, poor_baseline: Decimal, poor_current: Decimal) -> None:
        """HbA1c control qualifies exactly when 100 - poor control improves significantly (P2)."""
        statement = tc.incentive_statement(
            2008,
            **inputs(
                physical_health=dict.fromkeys(PHYSICAL)
                | {"hba1c_control": (poor_baseline, poor_current)}
            ),
        )
        expected = tc.is_significant_improvement(100 - poor_baseline, 100 - poor_current)
        assert statement.line("hba1c_control").qualifies is expected
        # A measure that is not reversed, given the same numbers, judges them directly.
        plain = tc.incentive_statement(
            2008,
            **inputs(
                physical_health=dict.fromkeys(PHYSICAL)
                | {"hba1c_testing": (poor_baseline, poor_current)}
            ),
        )
        assert plain.line("hba1c_testing").qualifies is tc.is_significant_improvement(
            poor_baseline, poor_current
        )

    @given(rates(), rates(), rates(), rates())
    def test_behavioral_rule_all_and_any(
        self, r1: Decimal, p1: Decimal, r2: Decimal, p2: Decimal
    ) -> None:
        """P3: 'all' needs every supplied rate at or above its percentile; 'any' needs one."""
        behavioral = {
            "antidepressant_medication_management": {"acute": (r1, p1), "continuation": (r2, p2)},
            "adhd_follow_up": None,
        }
        strict = tc.incentive_statement(2008, **inputs(behavioral_health=behavioral))
        lenient = tc.incentive_statement(
            2008,
            **inputs(behavioral_health=behavioral),
            profile=tc.load_profile(overrides={"p4p.behavioral_rates_rule": "any"}),
        )
        amm = "antidepressant_medication_management"
        assert strict.line(amm).qualifies is (r1 >= p1 and r2 >= p2)
        assert lenient.line(amm).qualifies is (r1 >= p1 or r2 >= p2)

    @given(rates())
    def test_percentile_is_inclusive(self, percentile: Decimal) -> None:
        """A rate exactly at the 75th percentile qualifies; a hair below does not."""
        for rate, expected in ((percentile, True), (percentile - Decimal("0.001"), False)):
            if rate < 0:
                continue
            statement = tc.incentive_statement(
                2008,
                **inputs(
                    behavioral_health={
                        "antidepressant_medication_management": None,
                        "adhd_follow_up": {"initiation": (rate, percentile)},
                    }
                ),
            )
            line = statement.line("adhd_follow_up")
            assert line.qualifies is expected
            assert (line.achieved, line.required) == (rate, percentile)

    def test_community_tenure_only_for_the_first_full_year(self) -> None:
        """§3.10.4 measures 2008 for a contractor that began 2007-04-01; 2009 is not payable."""
        statement = tc.incentive_statement(2009, **inputs(community_tenure=(50, 70)))
        line = statement.line("community_tenure")
        assert (line.qualifies, line.amount) == (False, Decimal("0.00"))
        assert "first full calendar year of operation (2008), not 2009" in line.reason
        began_2009 = tc.incentive_statement(
            2009, **inputs(community_tenure=(50, 70)), operations_began=dt.date(2008, 6, 1)
        )
        assert began_2009.line("community_tenure").qualifies
        assert began_2009.line("community_tenure").payment_date == dt.date(2010, 7, 1)

    def test_community_tenure_accepts_a_result_with_a_rate(self) -> None:
        """The current rate may be a community-tenure result (anything with ``.rate``)."""

        @attrs.frozen
        class Tenure:
            rate: Decimal

        statement = tc.incentive_statement(
            2008,
            **inputs(
                community_tenure=tc.ImprovementRates.parse((80, Tenure(Decimal(81))), field="ct")
            ),
        )
        assert statement.line("community_tenure").qualifies

    def test_member_months_from_a_result(self) -> None:
        """Member months may be a result with ``.total`` and ``.year``; the year must match."""

        @attrs.frozen
        class MemberMonths:
            total: Decimal
            year: int

        statement = tc.incentive_statement(
            2008, **inputs(member_months=MemberMonths(Decimal("1000000.5"), 2008))
        )
        assert statement.member_months == Decimal("1000000.5")
        with pytest.raises(tc.InvalidValueError, match="computed for 2007"):
            tc.incentive_statement(2008, **inputs(member_months=MemberMonths(Decimal(1), 2007)))

    def test_to_dict_is_deterministic_json(self) -> None:
        """to_dict serialises to the same JSON every time, with Decimals as strings."""
        arguments = inputs(physical_health=dict.fromkeys(PHYSICAL, ("58.2", "64.2")))
        first = json.dumps(tc.incentive_statement(2008, **arguments).to_dict())
        second = json.dumps(tc.incentive_statement(2008, **arguments).to_dict())
        assert first == second
        data = json.loads(first)
        # 5 x 102,375.19: HbA1c control is given as poor control, which rose, so it does not qualify.
        assert data["earned"] == "511875.95"
        assert data["lines"][0]["assessment"]["improvement"] == "6.0"
        assert data["lines"][0]["payment_date"] == "2009-07-01"
        assert data["parameters"][0]["section"] == "3.10.2.1; 3.10.3; 3.10.4"

    def test_explain_can_be_checked_by_hand(self) -> None:
        """The text names each measure, the numbers compared, the parameters and their clauses."""
        statement = tc.incentive_statement(
            2008,
            **inputs(physical_health=dict.fromkeys(PHYSICAL) | {"hba1c_control": (47.3, 41.0)}),
            profile=tc.load_profile(overrides={"p4p.pmpm_amount": "0.04"}),
        )
        text = statement.explain()
        for measure in (*PHYSICAL, "adhd_follow_up", "community_tenure"):
            assert f"[{measure}]" in text
        assert (
            "reversed per §3.10.2.3: baseline 100 - 47.3 = 52.7; current 100 - 41.0 = 59.0" in text
        )
        assert "improvement 6.3 points (59.0 - 52.7) >= required 6 points" in text
        assert "LIBRARY DEFAULT" in text
        assert "WHAT-IF: p4p.pmpm_amount overridden to 0.04" in text
        assert "= $136,500.25 -> $136,500.25" in text  # 0.04 x 3,412,506.25
        assert "§3.10.1.2; 42 CFR 438.6" in text

    def test_as_of_selects_the_parameter_versions(self) -> None:
        """Parameters are those in force on the last day of the measurement year, unless as_of."""
        statement = tc.incentive_statement(2008, **inputs())
        assert statement.as_of == dt.date(2008, 12, 31)
        with pytest.raises(tc.OutsideTermError):
            tc.incentive_statement(2008, **inputs(), as_of=dt.date(2006, 12, 31))
        with pytest.raises(tc.OutsideTermError):
            tc.incentive_statement(2006, **inputs())


class TestStatementBadInput:
    """Bad statement inputs raise typed errors naming the measure and field."""

    def test_missing_measure(self) -> None:
        """Every measure in force must be given (None when not reported)."""
        physical = dict.fromkeys(PHYSICAL)
        del physical["breast_cancer_screening"]
        with pytest.raises(tc.InvalidInputError, match=r"lacks \['breast_cancer_screening'\]"):
            tc.incentive_statement(2008, **inputs(physical_health=physical))

    def test_unknown_measure_suggests_a_name(self) -> None:
        """A misspelt measure id is an error with a suggestion."""
        physical = dict.fromkeys(PHYSICAL) | {"breast_cancer_screenings": None}
        with pytest.raises(tc.InvalidInputError, match="did you mean 'breast_cancer_screening'"):
            tc.incentive_statement(2008, **inputs(physical_health=physical))

    def test_unknown_behavioral_component(self) -> None:
        """A rate name the measure does not have is an error listing the names it has."""
        behavioral = {
            "antidepressant_medication_management": {"maintenance": (1, 2)},
            "adhd_follow_up": None,
        }
        with pytest.raises(tc.InvalidInputError, match=r"\['acute', 'continuation'\]"):
            tc.incentive_statement(2008, **inputs(behavioral_health=behavioral))

    @pytest.mark.parametrize(
        ("rates_given", "error", "field"),
        [
            ((101, 50), tc.InvalidValueError, "physical_health.hba1c_testing.baseline"),
            ((50, "x"), tc.InvalidValueError, "physical_health.hba1c_testing.current"),
            ((50, None), tc.InvalidTypeError, "physical_health.hba1c_testing.current"),
            ((50,), tc.InvalidInputError, "physical_health.hba1c_testing"),
            ({"baseline": 50}, tc.InvalidInputError, "physical_health.hba1c_testing"),
        ],
    )
    def test_bad_rates_name_the_measure(
        self, rates_given: object, error: type[tc.TennCareError], field: str
    ) -> None:
        """Out-of-range, non-numeric or malformed rates name the measure and field."""
        physical = dict.fromkeys(PHYSICAL) | {"hba1c_testing": rates_given}
        with pytest.raises(error) as caught:
            tc.incentive_statement(2008, **inputs(physical_health=physical))
        assert caught.value.field == field

    def test_mapping_required(self) -> None:
        """physical_health must be a mapping."""
        with pytest.raises(tc.InvalidTypeError, match="physical_health"):
            tc.incentive_statement(2008, **inputs(physical_health=[1, 2]))
