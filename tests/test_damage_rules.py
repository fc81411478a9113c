"""The liquidated damages rules pinned exactly (§4.20.2.2.7, Attachment VII, rulings L1-L7, M3).

The tier and day-count boundaries are properties checked at and on both sides of each line; the
reports (each item's assessment, a year's ledger, the sample size, the liability check) are
compared with reviewed records (``tests/golden/damages.json``, see ``tests/golden_records.py``),
so that a changed comparison, amount, label or citation in ``damages/`` fails a test.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import tenncare_calc as tc
from tenncare_calc import damages
from tenncare_calc.p4p import sample_path
from tests.golden_records import assert_matches_record, result_record
from tests.versioned_profiles import CHANGE_DATE, with_later_version

PERCENTS = st.decimals(min_value=0, max_value=100, places=2)
DAYS = st.dates(min_value=dt.date(2007, 4, 1), max_value=dt.date(2012, 12, 31))


class TestTiers:
    """The tiered items at and on both sides of each line (rulings L3, L4, L5a)."""

    @given(PERCENTS)
    @example(Decimal(90))
    @example(Decimal("89.99"))
    def test_participation_below_90_percent(self, confirmed: Decimal) -> None:
        """Less than 90% confirming is $25,000 a quarter; 90% or more (inclusive) is nothing."""
        expected = Decimal("25000.00") if confirmed < 90 else Decimal("0.00")
        assert damages.provider_participation_accuracy(confirmed).amount == expected

    @given(PERCENTS)
    @example(Decimal(10))
    @example(Decimal("10.01"))
    @example(Decimal(30))
    @example(Decimal("30.01"))
    def test_information_tiers(self, incorrect: Decimal) -> None:
        """10% or less: nothing; more than 10 up to 30: $5,000; more than 30: $25,000."""
        if incorrect > 30:
            expected = Decimal("25000.00")
        elif incorrect > 10:
            expected = Decimal("5000.00")
        else:
            expected = Decimal("0.00")
        result = damages.provider_information_accuracy({"address": incorrect})
        assert result.amount == expected

    @pytest.mark.parametrize(
        ("incorrect", "plan", "waived", "amount"),
        [
            ("30.01", False, False, "25000.00"),
            ("30.01", True, False, "5000.00"),
            ("30.01", False, True, "0.00"),
            ("30.01", True, True, "0.00"),
            ("30", False, True, "5000.00"),  # L5a: the waiver is only for the $25,000 damage
            ("30", True, False, "5000.00"),
            ("10", True, True, "0.00"),
        ],
    )
    def test_information_reduction_and_waiver(
        self, incorrect: str, plan: bool, waived: bool, amount: str
    ) -> None:
        """A plan lowers $25,000 to $5,000, never raises; a waiver applies at the $25,000 tier."""
        result = damages.provider_information_accuracy(
            {"address": incorrect}, corrective_action_plan=plan, waived=waived
        )
        assert result.amount == Decimal(amount)

    def test_worst_element_or_each_element(self) -> None:
        """Once a quarter at the worst element (L3), or each failing element with per_element."""
        rates = {"address": 35, "phone": 12, "name": 10}
        assert damages.provider_information_accuracy(rates).amount == Decimal("25000.00")
        each = damages.provider_information_accuracy(rates, per_element=True)
        assert each.amount == Decimal("30000.00")

    @pytest.mark.parametrize(
        ("confirmed", "plan", "waived", "amount"),
        [
            ("89.99", True, False, "5000.00"),
            ("89.99", False, True, "0.00"),
            ("90", True, False, "0.00"),
        ],
    )
    def test_participation_reduction_and_waiver(
        self, confirmed: str, plan: bool, waived: bool, amount: str
    ) -> None:
        """A plan lowers to $5,000; a waiver gives nothing; no damage stays no damage."""
        result = damages.provider_participation_accuracy(
            confirmed, corrective_action_plan=plan, waived=waived
        )
        assert result.amount == Decimal(amount)


class TestCountsAndDays:
    """Per calendar day (both ends count, L1), per day late (L2), per count."""

    @given(DAYS, st.integers(0, 400), st.decimals(min_value=0, max_value=10**6, places=2))
    def test_per_calendar_day_counts_both_ends(
        self, start: dt.date, days: int, paid: Decimal
    ) -> None:
        """$5,000 x (end - start + 1) plus the amount paid."""
        end = start + dt.timedelta(days=days)
        result = damages.unlicensed_staff(start, end, paid)
        assert result.amount == 5000 * (days + 1) + paid

    @given(DAYS, st.integers(-5, 5))
    @example(dt.date(2008, 3, 20), 0)
    @example(dt.date(2008, 3, 20), 1)
    def test_per_day_late(self, due: dt.date, offset: int) -> None:
        """$250 for each day after the due date; on or before it, nothing."""
        received = due + dt.timedelta(days=offset)
        result = damages.late_provider_enrollment_file(due, received)
        assert result.amount == 250 * max(0, offset)

    @given(st.integers(0, 1000))
    def test_per_count(self, count: int) -> None:
        """$5,000 per non-compliant agreement; $1,000 per missing signature page."""
        assert damages.noncompliant_provider_agreements(count).amount == 5000 * count
        assert damages.missing_signature_pages(count).amount == 1000 * count


class TestPeriodWhenBreached:
    """The monthly items: any standard unmet is $25,000; L5 and L6 reductions and waivers."""

    @pytest.mark.parametrize(
        ("unmet", "plan", "shortage", "amount"),
        [
            ([], False, False, "0.00"),
            (["physician_specialists"], False, False, "25000.00"),
            (["physician_specialists"], False, True, "0.00"),
            (["physician_specialists", "aids_centers_of_excellence"], False, True, "25000.00"),
            (["essential_hospital_services"], False, True, "25000.00"),
            (["essential_hospital_services"], True, False, "5000.00"),
            ([], True, True, "0.00"),
        ],
    )
    def test_specialist_network(
        self, unmet: list[str], plan: bool, shortage: bool, amount: str
    ) -> None:
        """L6: the shortage waiver applies only when physician specialists are all that is unmet."""
        result = damages.specialist_network(
            unmet, corrective_action_plan=plan, shortage_waiver=shortage
        )
        assert result.amount == Decimal(amount)

    @pytest.mark.parametrize(
        ("met", "plan", "amount"),
        [(True, False, "0.00"), (False, False, "25000.00"), (False, True, "5000.00")],
    )
    def test_geographic_access(self, met: bool, plan: bool, amount: str) -> None:
        """Any distance standard unmet in the month is $25,000, or $5,000 with a plan."""
        result = damages.geographic_access(met, corrective_action_plan=plan)
        assert result.amount == Decimal(amount)


AMOUNTS_FROM_2010 = {
    "noncompliant_provider_agreements": "6000",
    "late_provider_enrollment_file": "300",
}


class TestScheduleByDate:
    """Each assessment uses the schedule version in force on its date."""

    def test_amount_changed_from_2010(self) -> None:
        """A schedule whose per-count amount rises in 2010 applies on and after that day."""
        base = tc.default_profile()
        records = base.get("damages.schedule").value.to_records()
        changed = [
            {**record, "amount": AMOUNTS_FROM_2010[record["id"]]}
            if record["id"] in AMOUNTS_FROM_2010
            else record
            for record in records
        ]
        profile = with_later_version(base, "damages.schedule", changed)
        before = CHANGE_DATE - dt.timedelta(days=1)
        assert damages.noncompliant_provider_agreements(
            1, profile=profile, on=before
        ).amount == Decimal("5000.00")
        assert damages.noncompliant_provider_agreements(
            1, profile=profile, on=CHANGE_DATE
        ).amount == Decimal("6000.00")
        late = {"due": dt.date(2009, 12, 30), "received": dt.date(2010, 1, 2)}
        # dated by the later of due and received: 3 days at the 2010 rate
        assert damages.assess_item(
            "late_provider_enrollment_file", late, profile=profile
        ).amount == Decimal("900.00")
        early = {"due": dt.date(2009, 12, 30), "received": dt.date(2009, 12, 31)}
        assert damages.assess_item(
            "late_provider_enrollment_file", early, profile=profile
        ).amount == Decimal("250.00")
        record = {"item": "noncompliant_provider_agreements", "date": "2010-01-01", "count": 1}
        ledger = damages.damages_ledger(2010, [record], profile=profile)
        assert ledger.total == Decimal("6000.00")


def _items() -> dict[str, Any]:
    """Return one assessment of each item, with its options, by a name saying what it shows."""
    return {
        "unlicensed_staff": damages.unlicensed_staff(
            dt.date(2008, 1, 30), dt.date(2008, 2, 2), "800.00"
        ),
        "noncompliant_provider_agreements": damages.noncompliant_provider_agreements(2),
        "late_provider_enrollment_file": damages.late_provider_enrollment_file(
            dt.date(2008, 3, 20), dt.date(2008, 4, 2)
        ),
        "late_provider_enrollment_file_on_time": damages.late_provider_enrollment_file(
            dt.date(2008, 3, 20), dt.date(2008, 3, 20)
        ),
        "missing_signature_pages": damages.missing_signature_pages(3),
        "specialist_network_waived": damages.specialist_network(
            ["physician_specialists"], shortage_waiver=True
        ),
        "specialist_network_waiver_not_applied": damages.specialist_network(
            ["physician_specialists", "aids_centers_of_excellence"], shortage_waiver=True
        ),
        "specialist_network_plan": damages.specialist_network(
            ["essential_hospital_services"], corrective_action_plan=True
        ),
        "participation_below": damages.provider_participation_accuracy("89.5"),
        "participation_waived": damages.provider_participation_accuracy("80", waived=True),
        "participation_met": damages.provider_participation_accuracy(90),
        "information_worst": damages.provider_information_accuracy({"address": 35, "phone": 12}),
        "information_per_element": damages.provider_information_accuracy(
            {"address": 35, "phone": 12, "name": 5}, per_element=True, corrective_action_plan=True
        ),
        "information_waiver_at_5000": damages.provider_information_accuracy(
            {"address": 20}, waived=True
        ),
        "geographic_access_plan": damages.geographic_access(
            standards_met=False, corrective_action_plan=True
        ),
        "geographic_access_met": damages.geographic_access(standards_met=True),
        "assess_item_on_date": damages.assess_item(
            "missing_signature_pages", {"count": 2}, on=dt.date(2008, 6, 1)
        ),
    }


@pytest.mark.parametrize("name", sorted(_items()))
def test_item_assessment_matches_the_reviewed_record(name: str) -> None:
    """Each item's assessment reports exactly what the reviewed record says.

    The results are computed in the test, not when the module is imported, so that mutation
    testing (which imports the tests before it changes the code) sees the changed code.
    """
    assert_matches_record("damages.json", f"item:{name}", result_record(_items()[name]))


def _ledgers() -> dict[str, Any]:
    sample = damages.load_observations(sample_path("damages_2008.csv"))
    extra = [
        {"item": "missing_signature_pages", "date": "2009-01-02", "count": 1},
        {"item": "no_such_item", "date": "2008-05-01"},
        {"item": "unlicensed_staff", "start": "2008-06-01"},
        {"item": "geographic_access", "month": "2008-06", "standards_met": False, "waived": True},
    ]
    return {
        "sample_2008": damages.ledger_from_csv(
            sample_path("damages_2008.csv"), 2008, total_payments="1500000000"
        ),
        "per_element_collected": damages.damages_ledger(
            2008,
            [*sample, *extra],
            total_payments="1600000000",
            per_element=True,
            on_error="collect",
        ),
    }


@pytest.mark.parametrize("name", sorted(_ledgers()))
def test_ledger_matches_the_reviewed_record(name: str) -> None:
    """A year's ledger (lines, totals, rejected rows, liability) is exactly the reviewed record."""
    assert_matches_record("damages.json", f"ledger:{name}", result_record(_ledgers()[name]))


def test_sample_ledger_hand_checked() -> None:
    """docs/damages.md works the sample by hand: $117,050.00, $60,800.00 in the first quarter."""
    ledgers = _ledgers()
    ledger = ledgers["sample_2008"]
    assert ledger.total == Decimal("117050.00")
    assert ledger.by_quarter == {
        "2008-Q1": Decimal("60800.00"),
        "2008-Q2": Decimal("28250.00"),
        "2008-Q3": Decimal("0.00"),
        "2008-Q4": Decimal("28000.00"),
    }
    assert ledger.by_month["2008-02"] == Decimal("35800.00")
    assert ledger.by_item["specialist_network"] == Decimal("25000.00")
    collected = ledgers["per_element_collected"]
    assert len(collected.rejected) == 4
    assert collected.liability is not None
    assert collected.liability.within is False


class TestSampleSizeAndLiability:
    """Cochran's sample size and the maximum-liability check, at their lines."""

    @pytest.mark.parametrize(
        ("name", "call"),
        [
            ("sample_size_100", lambda: damages.statistically_valid_sample_size(100)),
            (
                "sample_size_custom",
                lambda: damages.statistically_valid_sample_size(
                    1000, confidence=99, margin=3, expected=30
                ),
            ),
            ("sample_check_met", lambda: damages.sample_is_large_enough(357, population=5000)),
            ("sample_check_short", lambda: damages.sample_is_large_enough(356, population=5000)),
            (
                "liability_within",
                lambda: damages.check_maximum_liability("1500000000", damages="117050.00"),
            ),
            ("liability_over", lambda: damages.check_maximum_liability("1600000000")),
        ],
    )
    def test_matches_the_reviewed_record(self, name: str, call: Any) -> None:
        """The result reports exactly what the reviewed record says."""
        result = call()
        record = {"repr": repr(result), "to_dict": result.to_dict(), "explain": result.explain()}
        assert_matches_record("damages.json", name, record)

    def test_required_size_is_the_line(self) -> None:
        """A sample of exactly the required size is valid; one fewer is not."""
        required = damages.statistically_valid_sample_size(5000).required
        assert damages.sample_is_large_enough(required, population=5000).met is True
        assert damages.sample_is_large_enough(required - 1, population=5000).met is False

    @given(st.integers(1, 10**6))
    def test_required_size_within_the_population(self, population: int) -> None:
        """Never more than the population, never fewer than one provider."""
        required = damages.statistically_valid_sample_size(population).required
        assert 1 <= required <= min(population, 385)

    def test_liability_at_the_maximum(self) -> None:
        """Payments equal to the maximum are within it; a cent more is not."""
        maximum = tc.default_profile().get("contract.maximum_liability").value
        assert damages.check_maximum_liability(maximum).within is True
        assert damages.check_maximum_liability(maximum + Decimal("0.01")).within is False

    @pytest.mark.parametrize(
        ("call", "field"),
        [
            (lambda: damages.statistically_valid_sample_size(0), "population"),
            (lambda: damages.statistically_valid_sample_size(10, confidence=100), "confidence"),
            (lambda: damages.statistically_valid_sample_size(10, margin=0), "margin"),
            (lambda: damages.statistically_valid_sample_size(10, expected=101), "expected"),
            (lambda: damages.sample_is_large_enough(11, population=10), "sample_size"),
            (lambda: damages.check_maximum_liability(-1), "total_payments"),
            (lambda: damages.check_maximum_liability(1, damages=-1), "damages"),
        ],
    )
    def test_bad_arguments_name_the_field(self, call: Any, field: str) -> None:
        """Each bad argument's error names it."""
        with pytest.raises(tc.TennCareError) as caught:
            call()
        assert caught.value.field == field


class TestAccrual:
    """The day a record's damage accrues decides its ledger year, month and quarter."""

    @pytest.mark.parametrize(
        ("record", "day"),
        [
            (
                {"item": "unlicensed_staff", "start": "2008-01-30", "end": "2008-02-02"},
                (2008, 2, 2),
            ),
            (
                {
                    "item": "late_provider_enrollment_file",
                    "due": "2008-03-20",
                    "received": "2008-04-02",
                },
                (2008, 4, 2),
            ),
            ({"item": "geographic_access", "month": "2008-02"}, (2008, 2, 29)),
            ({"item": "provider_participation_accuracy", "quarter": "2008-Q4"}, (2008, 12, 31)),
            ({"item": "missing_signature_pages", "date": "2008-12-31"}, (2008, 12, 31)),
        ],
    )
    def test_accrual_dates(self, record: dict[str, object], day: tuple[int, int, int]) -> None:
        """The end of the period, the later of due and received, the month's or quarter's end."""
        assert damages.accrual_date(record) == dt.date(*day)

    @pytest.mark.parametrize(
        ("record", "error", "field"),
        [
            ("x", tc.InvalidTypeError, "observation"),
            ({"start": "2008-01-01"}, tc.InvalidInputError, "item"),
        ],
    )
    def test_undatable_records(self, record: object, error: type[Exception], field: str) -> None:
        """A record that is not a mapping or names no item cannot be dated."""
        with pytest.raises(error) as caught:
            damages.accrual_date(record)  # type: ignore[arg-type]
        assert caught.value.field == field  # type: ignore[attr-defined]


class TestDatedAndNamed:
    """Each item reads the schedule in force on its date; each bad field is named."""

    def test_items_read_the_schedule_on_their_date(self) -> None:
        """unlicensed_staff and the accuracy items use the version in force ``on`` a date."""
        base = tc.default_profile()
        raised = {"unlicensed_staff": "6000", "provider_participation_accuracy": None}
        records = [
            {**r, "amount": raised[r["id"]]} if raised.get(r["id"]) else r
            for r in base.get("damages.schedule").value.to_records()
        ]
        for record in records:
            if record["id"] == "provider_participation_accuracy":
                record["tiers"] = [{"less_than": "95", "amount": "25000"}]
        profile = with_later_version(base, "damages.schedule", records)
        before = CHANGE_DATE - dt.timedelta(days=1)
        day = dt.date(2009, 6, 1)
        assert damages.unlicensed_staff(day, day, 0, profile=profile, on=before).amount == 5000
        assert damages.unlicensed_staff(day, day, 0, profile=profile, on=CHANGE_DATE).amount == 6000
        ppa = damages.provider_participation_accuracy
        assert ppa(92, profile=profile, on=before).amount == 0
        assert ppa(92, profile=profile, on=CHANGE_DATE).amount == 25000
        late = {
            "item": "unlicensed_staff",
            "start": "2010-01-01",
            "end": "2010-01-01",
            "amount_paid": 0,
        }
        early = {
            "item": "unlicensed_staff",
            "start": "2009-12-31",
            "end": "2009-12-31",
            "amount_paid": 0,
        }
        assert damages.damages_ledger(2010, [late], profile=profile).total == 6000
        assert damages.damages_ledger(2009, [early], profile=profile).total == 5000

    def test_sample_check_on_a_date(self) -> None:
        """The sample-size parameters are those in force ``on`` a date."""
        base = tc.default_profile()
        profile = with_later_version(base, "damages.sample_margin_percent", "10")
        before = CHANGE_DATE - dt.timedelta(days=1)
        strict = damages.sample_is_large_enough(100, population=5000, profile=profile, on=before)
        loose = damages.sample_is_large_enough(
            100, population=5000, profile=profile, on=CHANGE_DATE
        )
        assert (strict.met, loose.met) == (False, True)

    @pytest.mark.parametrize(
        ("record", "field"),
        [
            ({"item": "geographic_access", "month": "2008-13"}, "month"),
            ({"item": "provider_participation_accuracy", "quarter": "2008-Q5"}, "quarter"),
            ({"item": "missing_signature_pages", "date": 5}, "date"),
        ],
    )
    def test_bad_dating_fields(self, record: dict[str, object], field: str) -> None:
        """A month, quarter or date that cannot be read names its field."""
        with pytest.raises(tc.TennCareError) as caught:
            damages.accrual_date(record)
        assert caught.value.field == field
        assert caught.value.value == record[field]

    def test_bad_element_percentages(self) -> None:
        """'element=percent' pairs: a part without '=' names the field and keeps the text."""
        record = {
            "item": "provider_information_accuracy",
            "quarter": "2008-Q1",
            "incorrect_percent_by_element": "address",
        }
        ledger = damages.damages_ledger(2008, [record], on_error="collect")
        (rejected,) = ledger.rejected
        assert rejected[1] == (
            "'incorrect_percent_by_element' must be written 'element=percent; element=percent', "
            "such as 'address=12.5; phone=3' (got 'address')"
        )


def _bad_calls() -> dict[str, Any]:
    """Return calls a user can get wrong, by a name saying the mistake (reviewed errors below)."""
    day = dt.date(2008, 3, 1)
    quarter = {"item": "provider_participation_accuracy", "quarter": "2008-Q1"}
    return {
        # dating a record (accrual_date reads what the ledger reads)
        "accrual_not_a_mapping": lambda: damages.accrual_date("x"),
        "accrual_no_item": lambda: damages.accrual_date({"start": "2008-01-01"}),
        "accrual_item_not_text": lambda: damages.accrual_date({"item": 5}),
        "accrual_bad_date": lambda: damages.accrual_date(
            {"item": "missing_signature_pages", "date": "2008-02-30"}
        ),
        "accrual_bad_waiver_flag": lambda: damages.accrual_date({**quarter, "waived": "maybe"}),
        "accrual_bad_month": lambda: damages.accrual_date(
            {"item": "geographic_access", "month": "2008-13"}
        ),
        "accrual_bad_quarter": lambda: damages.accrual_date({**quarter, "quarter": "2008-Q5"}),
        "accrual_field_name_not_text": lambda: damages.accrual_date(
            {"item": "missing_signature_pages", 5: "x"}
        ),
        "accrual_bad_element_pairs": lambda: damages.accrual_date(
            {
                "item": "provider_information_accuracy",
                "quarter": "2008-Q1",
                "incorrect_percent_by_element": "address=12; =3",
            }
        ),
        "accrual_no_month": lambda: damages.accrual_date({"item": "geographic_access"}),
        "accrual_no_quarter": lambda: damages.accrual_date({"item": quarter["item"]}),
        "accrual_no_date": lambda: damages.accrual_date({"item": "missing_signature_pages"}),
        "accrual_no_due": lambda: damages.accrual_date(
            {"item": "late_provider_enrollment_file", "received": "2008-01-01"}
        ),
        "accrual_no_end": lambda: damages.accrual_date(
            {"item": "unlicensed_staff", "start": "2008-01-01"}
        ),
        # one item's fields
        "item_unknown": lambda: damages.assess_item("unlicensed_staf", {}),
        "item_observation_not_a_mapping": lambda: damages.assess_item("unlicensed_staff", []),
        "item_bad_on": lambda: damages.assess_item(
            "missing_signature_pages", {"count": 1}, on="March"
        ),
        "item_field_not_taken": lambda: damages.assess_item(
            "geographic_access", {"standards_met": True, "waived": True}
        ),
        "item_field_missing": lambda: damages.assess_item(
            "unlicensed_staff", {"start": day, "end": day}
        ),
        "item_per_element_not_a_flag": lambda: damages.assess_item(
            "provider_information_accuracy",
            {"incorrect_percent_by_element": {"address": 5}},
            per_element="yes",
        ),
        "plan_not_a_flag": lambda: damages.geographic_access(
            standards_met=False,
            corrective_action_plan="yes",  # type: ignore[arg-type]
        ),
        "waiver_not_a_flag": lambda: damages.provider_participation_accuracy(
            80,
            waived=1,  # type: ignore[arg-type]
        ),
        "standards_met_not_a_flag": lambda: damages.geographic_access("no"),  # type: ignore[arg-type]
        "unmet_one_text": lambda: damages.specialist_network("physician_specialists"),
        "unmet_not_a_standard": lambda: damages.specialist_network(["physician_specialist"]),
        "elements_not_a_mapping": lambda: damages.provider_information_accuracy(["address"]),  # type: ignore[arg-type]
        "elements_empty": lambda: damages.provider_information_accuracy({}),
        "element_name_not_text": lambda: damages.provider_information_accuracy({5: 10}),  # type: ignore[dict-item]
        "element_name_blank": lambda: damages.provider_information_accuracy({" ": 10}),
        "element_percent_over_100": lambda: damages.provider_information_accuracy({"address": 101}),
        "participation_over_100": lambda: damages.provider_participation_accuracy("100.5"),
        "count_negative": lambda: damages.missing_signature_pages(-1),
        "received_not_a_date": lambda: damages.late_provider_enrollment_file(day, "soon"),  # type: ignore[arg-type]
        "end_before_start": lambda: damages.unlicensed_staff(day, dt.date(2008, 2, 29), 0),
        # a year's ledger
        "ledger_bad_on_error": lambda: damages.damages_ledger(2008, [], on_error="skip"),  # type: ignore[arg-type]
        "ledger_bad_duplicates": lambda: damages.damages_ledger(2008, [], duplicates="merge"),  # type: ignore[arg-type]
        "ledger_observations_text": lambda: damages.damages_ledger(2008, "damages_2008.csv"),
        "ledger_bad_year": lambda: damages.damages_ledger("2008-01", []),  # type: ignore[arg-type]
        "ledger_bad_total_payments": lambda: damages.damages_ledger(
            2008, [], total_payments="lots"
        ),
        "ledger_bad_rows": lambda: damages.damages_ledger(
            2008,
            [
                {"item": "geographic_access", "month": "2008-02", "standards_met": "no"},
                {"item": "geographic_access", "month": "2008-02", "standards_met": "yes"},
                {"item": "geographic_access", "date": "2008-03-01", "standards_met": "no"},
                {"item": "missing_signature_pages", "date": "2009-01-01", "count": 1},
                {"item": "nothing"},
                {"item": "missing_signature_pages", "date": "2008-01-01", "count": 1},
                {"item": "missing_signature_pages", "date": "2008-01-01", "count": 1},
                {"item": "unlicensed_staff", "date": "2008-01-01", "amount_paid": 0},
                {"item": "provider_participation_accuracy", "month": "2008-01"},
                {"item": "geographic_access", "quarter": "2008-Q1", "standards_met": "no"},
                {"item": 7, "date": "2008-01-01"},
                {"item": "geographic_access", "month": "2008-01", "standards_met": "yes"},
            ],
        ),
        "observations_file_missing": lambda: damages.load_observations("no/such/file.csv"),
        # the sample and the maximum liability
        "sample_no_population": lambda: damages.statistically_valid_sample_size(0),
        "sample_confidence_100": lambda: damages.statistically_valid_sample_size(
            10, confidence=100
        ),
        "sample_margin_0": lambda: damages.statistically_valid_sample_size(10, margin=0),
        "sample_expected_over_100": lambda: damages.statistically_valid_sample_size(
            10, expected=101
        ),
        "sample_larger_than_population": lambda: damages.sample_is_large_enough(11, population=10),
        "liability_negative_payments": lambda: damages.check_maximum_liability(-1),
        "liability_negative_damages": lambda: damages.check_maximum_liability(1, damages="-0.01"),
        # Attachment VII from data
        "findings_plan_not_a_flag": lambda: damages.geographic_access_from_findings(
            {"check": [], "outcome": []},
            month="2008-10",
            corrective_action_plan="yes",  # type: ignore[arg-type]
        ),
        "findings_checks_one_text": lambda: damages.geographic_access_from_findings(
            {"check": [], "outcome": []}, month="2008-10", checks="access.distance"
        ),
        "findings_checks_blank": lambda: damages.geographic_access_from_findings(
            {"check": [], "outcome": []}, month="2008-10", checks=["access.distance", ""]
        ),
        "findings_carry_not_names": lambda: damages.geographic_access_from_findings(
            {"check": [], "outcome": []}, month="2008-10", carry=5
        ),
        "findings_bad_month": lambda: damages.geographic_access_from_findings(
            {"check": [], "outcome": []}, month="October"
        ),
        "contracts_services_one_text": lambda: damages.specialist_network_from_contracts(
            {"standard": [], "provider_id": [], "executed": []},
            month="2008-10",
            essential_hospital_services="burn",
        ),
        "contracts_centers_one_text": lambda: damages.specialist_network_from_contracts(
            {"standard": [], "provider_id": [], "executed": []},
            month="2008-10",
            behavioral_health_centers="BH1",
        ),
    }


BAD_CALLS = _bad_calls()


@pytest.mark.parametrize("name", sorted(BAD_CALLS))
def test_error_matches_the_reviewed_record(name: str) -> None:
    """Each mistake raises the reviewed error: its class, the field and value it names, its text."""
    with pytest.raises(tc.TennCareError) as caught:
        BAD_CALLS[name]()
    error = caught.value
    record = {
        "type": type(error).__name__,
        "field": error.field,
        "value": repr(getattr(error, "value", None)),
        "message": str(error),
    }
    rejected = getattr(error, "rejected", None)
    if rejected is not None:
        record["rejected"] = [list(row) for row in rejected]
    assert_matches_record("damages.json", f"error:{name}", record)


def _doubled(record: dict[str, Any]) -> dict[str, Any]:
    """Return a schedule record with every amount it assesses doubled (reductions kept)."""
    changed = dict(record)
    if "amount" in changed:
        changed["amount"] = str(2 * Decimal(changed["amount"]))
    if "tiers" in changed:
        changed["tiers"] = [
            {**t, "amount": str(2 * Decimal(t["amount"]))} for t in changed["tiers"]
        ]
    if "only_for_amount" in changed.get("waiver", {}):
        waiver = changed["waiver"]
        changed["waiver"] = {
            **waiver,
            "only_for_amount": str(2 * Decimal(waiver["only_for_amount"])),
        }
    return changed


#: Each item's public function, called with a breach, by item id.
ITEM_CALLS: dict[str, Any] = {
    "unlicensed_staff": lambda **kw: damages.unlicensed_staff(
        dt.date(2009, 6, 1), dt.date(2009, 6, 2), 0, **kw
    ),
    "noncompliant_provider_agreements": lambda **kw: damages.noncompliant_provider_agreements(
        1, **kw
    ),
    "late_provider_enrollment_file": lambda **kw: damages.late_provider_enrollment_file(
        dt.date(2009, 6, 1), dt.date(2009, 6, 3), **kw
    ),
    "missing_signature_pages": lambda **kw: damages.missing_signature_pages(1, **kw),
    "specialist_network": lambda **kw: damages.specialist_network(
        ["aids_centers_of_excellence"], **kw
    ),
    "provider_participation_accuracy": lambda **kw: damages.provider_participation_accuracy(
        80, **kw
    ),
    "provider_information_accuracy": lambda **kw: damages.provider_information_accuracy(
        {"address": 40}, **kw
    ),
    "geographic_access": lambda **kw: damages.geographic_access(standards_met=False, **kw),
}


@pytest.mark.parametrize("item_id", sorted(ITEM_CALLS))
def test_each_item_reads_the_schedule_in_force_on_its_date(item_id: str) -> None:
    """A schedule doubling every amount from 2010 (in this profile) applies on and after that day."""
    base = tc.default_profile()
    records = [_doubled(r) for r in base.get("damages.schedule").value.to_records()]
    profile = with_later_version(base, "damages.schedule", records)
    before = CHANGE_DATE - dt.timedelta(days=1)
    old = ITEM_CALLS[item_id](profile=profile, on=before)
    new = ITEM_CALLS[item_id](profile=profile, on=CHANGE_DATE)
    assert old.amount > 0
    assert new.amount == 2 * old.amount
    assert (old.item_id, new.item_id) == (item_id, item_id)


def test_a_sample_check_uses_the_figures_given() -> None:
    """confidence, margin and expected reach the sizing: each lowers the size from the default."""
    default = damages.statistically_valid_sample_size(5000).required
    for figures in ({"confidence": 90}, {"margin": 10}, {"expected": 20}):
        required = damages.statistically_valid_sample_size(5000, **figures).required
        assert required < default
        check = damages.sample_is_large_enough(required, population=5000, **figures)
        assert (check.met, check.size.required, check.margin) == (True, required, 0)
    with pytest.raises(tc.InvalidValueError) as caught:
        damages.sample_is_large_enough("many", population=10)  # type: ignore[arg-type]
    assert (caught.value.field, caught.value.value) == ("sample_size", "many")


@pytest.mark.parametrize(
    ("rows", "repeats"),
    [
        # field for field, text trimmed; an empty or None field is no field
        ([{"item": "a", "count": 1}, {"count": 1, "item": " a "}], {1: 0}),
        (
            [{"item": "a"}, {"item": "a", "reference": None}, {"item": "a", "reference": " "}],
            {1: 0, 2: 0},
        ),
        # a row with no field filled is never a duplicate, and the rows after it are still read
        ([{}, {"reference": None}, {"item": "a"}, {"item": "a"}], {3: 2}),
        # 1, 1.0 and "1" are different values; so are different lists, mappings and keys
        ([{"count": 1}, {"count": 1.0}, {"count": "1"}, {"count": 1}], {3: 0}),
        ([{"unmet": ["a"]}, {"unmet": ["b"]}, {"unmet": ("a",)}], {2: 0}),
        ([{"m": {"a": 1}}, {"m": {"a": 2}}, {"m": {"b": 1}}, {"m": {"a": 1}}], {3: 0}),
        # unhashable values are compared by what they show
        ([{"x": bytearray(b"a")}, {"x": bytearray(b"b")}, {"x": bytearray(b"a")}], {2: 0}),
    ],
)
def test_repeated_rows(rows: list[dict[str, object]], repeats: dict[int, int]) -> None:
    """A row repeats the first earlier row that has exactly its filled fields and values."""
    assert damages.repeated_rows(rows) == repeats


def test_sample_size_figures_in_force_and_at_their_edges() -> None:
    """Confidence and expected proportion are read as dated; a margin just above 0 is valid."""
    base = tc.default_profile()
    before = CHANGE_DATE - dt.timedelta(days=1)
    for name, raw in (
        ("damages.sample_confidence_percent", "90"),
        ("damages.sample_expected_percent", "20"),
    ):
        profile = with_later_version(base, name, raw)
        old = damages.statistically_valid_sample_size(5000, profile=profile, on=before)
        new = damages.statistically_valid_sample_size(5000, profile=profile, on=CHANGE_DATE)
        assert new.required < old.required == damages.statistically_valid_sample_size(5000).required
    # n0 = 1.959964² x 0.25 / 0.005² = 38,415.6; corrected for 100 providers: 99.74, rounded up
    fine = damages.statistically_valid_sample_size(100, margin="0.5")
    assert (fine.margin, fine.required) == (Decimal("0.5"), 100)
    # a confidence of 0.5%: z = 0.006267, n0 = 100 z² = 0.0039, so one provider
    loose = damages.statistically_valid_sample_size(100, confidence="0.5")
    assert (loose.z, loose.required) == (Decimal("0.006267"), 1)
    with pytest.raises(tc.InvalidValueError) as caught:
        damages.statistically_valid_sample_size("many")  # type: ignore[arg-type]
    assert (caught.value.field, caught.value.value) == ("population", "many")


def test_no_waiver_unless_given() -> None:
    """The specialist network's shortage waiver applies only when the caller says it was granted."""
    alone = ["physician_specialists"]
    assert damages.specialist_network(alone).amount == Decimal("25000.00")
    assert damages.specialist_network(alone, shortage_waiver=True).amount == Decimal("0.00")
