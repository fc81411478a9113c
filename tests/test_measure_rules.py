"""The P4P statement's measure lines, pinned: qualification, reasons, amounts, tables and JSON.

Two plan years are computed from their inputs and compared with a reviewed record of everything the
statement reports (``tests/golden/p4p_statements.json``): its JSON data, its explanation line by
line, every table part with its columns, the workbook formulas and its repr. The first is the
shipped sample (2008: the cap binds, HbA1c control is reversed, community tenure is payable); the
second is 2009 under what-if parameters (a behavioral measure qualifies on *any* rate, rates are
rounded to one decimal, the parameters are those in force mid-year, community tenure is not payable
because 2009 is not the first full year of operation). A changed threshold, rounding, label,
citation or column in ``p4p/`` changes the record and fails here; after a deliberate change, review
the difference and rewrite the record with ``TENNCARE_UPDATE_GOLDEN=1``.

The rest of the file checks the rules of the lines directly: the inclusive percentile, the
all/any rule, the reversal and the first-full-year timing, on both sides of each boundary.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

import pytest
from hypothesis import given
from hypothesis import strategies as st

import tenncare_calc as tc
from tenncare_calc.p4p.incentives import incentive_statement
from tenncare_calc.p4p.plan_year import plan_year_inputs, sample_path
from tests.golden_records import assert_matches_record, result_record
from tests.versioned_profiles import as_contract_text

if TYPE_CHECKING:
    from tenncare_calc.p4p.statement import IncentiveStatement


def statement_2008() -> IncentiveStatement:
    """Return the shipped sample plan year's statement."""
    return incentive_statement(**plan_year_inputs(sample_path("plan_year_2008.toml")))


def statement_2009() -> IncentiveStatement:
    """Return a 2009 statement under what-if parameters, as of mid-year, bands as contract text."""
    profile = as_contract_text(tc.default_profile(), "p4p.effect_size_bands").with_overrides(
        {"p4p.behavioral_rates_rule": "any", "p4p.reported_rate_decimals": "1"}
    )
    return incentive_statement(
        2009,
        member_months="2200000.5",
        physical_health={
            "hba1c_testing": (58.2, "64.15"),  # 64.15 -> 64.2 at one decimal: +6.0 qualifies
            "hba1c_control": {"baseline": 45, "current": "39.04"},  # 55 -> 61.0 (rounded): +6.0
            "ldl_c_screening": None,
            "adolescent_well_care": (40, 45),  # +5 < 6
            "breast_cancer_screening": (75, 77),  # the 75-80 band needs 2 points
            "controlling_high_blood_pressure": (79.96, 81.9),  # 80.0 after rounding: needs 1
        },
        behavioral_health={
            "antidepressant_medication_management": {"acute": (50, 51), "continuation": (40, 39)},
            "adhd_follow_up": {"initiation": (40, 41)},
        },
        community_tenure=(80, 90),
        capitation=1_000_000,
        other_payments="40000.00",
        profile=profile,
        as_of=dt.date(2009, 6, 30),
    )


STATEMENTS = {"plan_year_2008": statement_2008, "what_if_2009": statement_2009}


@pytest.mark.parametrize("name", sorted(STATEMENTS))
def test_statement_matches_the_reviewed_record(name: str) -> None:
    """The statement reports exactly what the reviewed record says."""
    assert_matches_record("p4p_statements.json", name, result_record(STATEMENTS[name]()))


class TestHandChecked:
    """The headline figures of the two records, checked by hand."""

    def test_2008(self) -> None:
        """$0.03 x 2,164,218.75 = $64,926.5625 -> $64,926.56; 5 lines; the cap room binds."""
        statement = statement_2008()
        assert statement.line_amount == Decimal("64926.56")
        assert [line.measure.id for line in statement.qualifying] == [
            "hba1c_testing",
            "hba1c_control",
            "controlling_high_blood_pressure",
            "antidepressant_medication_management",
            "community_tenure",
        ]
        assert statement.earned == 5 * Decimal("64926.56")
        # ceiling 515,812,500.00 - 491,250,000.00 - 2,000,000.00 = 22,562,500.00 of room
        assert statement.cap.room == Decimal("22562500.00")
        assert statement.payable == statement.earned

    def test_2009(self) -> None:
        """$0.03 x 2,200,000.5 = $66,000.015 -> $66,000.02 a line; the cap leaves $10,000.00."""
        statement = statement_2009()
        assert statement.line_amount == Decimal("66000.02")
        assert [line.measure.id for line in statement.qualifying] == [
            "hba1c_testing",
            "hba1c_control",
            "breast_cancer_screening",
            "controlling_high_blood_pressure",
            "antidepressant_medication_management",
        ]
        assert statement.earned == Decimal("330000.10")
        community = statement.line("community_tenure")
        assert (community.qualifies, community.payable_this_year) == (False, False)
        assert community.payment_date == dt.date(2009, 7, 1)
        assert (statement.cap.room, statement.payable) == (Decimal("10000.00"), Decimal("10000.00"))
        assert statement.payment_date == dt.date(2010, 7, 1)


class TestPercentileLines:
    """A behavioral rate meets its percentile at or above it (inclusive, §3.10.3, ruling P3)."""

    @given(
        st.decimals(min_value=0, max_value=100, places=2),
        st.decimals(min_value=0, max_value=100, places=2),
    )
    def test_component_meets_at_or_above(self, rate: Decimal, percentile: Decimal) -> None:
        """Meets <=> rate >= percentile; the description's relation says the same."""
        component = tc.p4p.measure_lines.ComponentResult("acute", rate, percentile)
        assert component.meets is (rate >= percentile)
        relation = ">=" if rate >= percentile else "<"
        assert f" {relation} 75th percentile " in component.describe()

    @pytest.mark.parametrize(
        ("rule", "acute", "continuation", "qualifies"),
        [
            ("all", (51, 50), (40, 40), True),
            ("all", (51, 50), ("39.99", 40), False),
            ("any", ("49.99", 50), (40, 40), True),
            ("any", ("49.99", 50), ("39.99", 40), False),
        ],
    )
    def test_all_or_any_rate(
        self, rule: str, acute: object, continuation: object, qualifies: bool
    ) -> None:
        """'all': every supplied rate at or above; 'any': at least one."""
        profile = tc.default_profile().with_overrides({"p4p.behavioral_rates_rule": rule})
        statement = incentive_statement(
            **{
                **plan_year_inputs(sample_path("plan_year_2008.toml")),
                "behavioral_health": {
                    "antidepressant_medication_management": {
                        "acute": acute,
                        "continuation": continuation,
                    },
                    "adhd_follow_up": None,
                },
                "profile": profile,
            }
        )
        line = statement.line("antidepressant_medication_management")
        assert line.qualifies is qualifies
        which = "every" if rule == "all" else "at least one"
        assert f"{which} supplied rate must be at or above its 75th percentile" in line.reason
        assert line.required is None
        assert line.achieved is None


class TestFirstFullYearTiming:
    """Community tenure is paid only for the first full calendar year of operation (§3.10.4, P5)."""

    @pytest.mark.parametrize(("year", "payable"), [(2007, False), (2008, True), (2009, False)])
    def test_only_the_first_full_year(self, year: int, payable: bool) -> None:
        """Operations began 2007-04-01, so 2008 is the first full year; paid July 1, 2009."""
        inputs = plan_year_inputs(sample_path("plan_year_2008.toml"))
        statement = incentive_statement(**{**inputs, "measurement_year": year})
        line = statement.line("community_tenure")
        assert (line.qualifies, line.payable_this_year) == (payable, payable)
        assert line.payment_date == dt.date(2009, 7, 1)
        if not payable:
            assert line.reason == (
                "not payable this year: §3.10.4 measures the first full calendar year of "
                f"operation (2008), not {year}"
            )
            assert line.amount == Decimal("0.00")

    def test_unknown_line(self) -> None:
        """Asking for a line that does not exist names the measure and suggests one."""
        with pytest.raises(tc.InvalidInputError) as caught:
            statement_2008().line("hba1c_test")
        assert caught.value.field == "measure_id"
        assert str(caught.value).startswith("no line for measure 'hba1c_test'")
        assert "hba1c_testing" in str(caught.value)
