"""Tests of the liquidated damages items (§4.20.2.2.7 A.2, B.23, C.6; Attachment VII; L1-L7)."""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import json
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tenncare_calc import damages
from tenncare_calc.contract import calendar
from tenncare_calc.contract.loader import default_profile, load_profile
from tenncare_calc.core.errors import (
    InvalidInputError,
    InvalidTypeError,
    InvalidValueError,
    OutsideTermError,
    ProfileError,
)
from tenncare_calc.damages import (
    DamageSchedule,
    SpecialistStandard,
    assess_item,
    geographic_access,
    late_provider_enrollment_file,
    missing_signature_pages,
    noncompliant_provider_agreements,
    provider_information_accuracy,
    provider_participation_accuracy,
    rules,
    schedule_from_records,
    specialist_network,
    unlicensed_staff,
)
from tests.strategies import (
    BAD_NUMBERS,
    COUNTS,
    ELEMENT_PERCENTS,
    EPSILONS,
    SPECIALIST_STANDARDS,
    UNMET_STANDARDS,
    WRONG_TYPES,
    days,
    money,
    near,
    rates,
)

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from tenncare_calc.damages import Assessment

D = dt.date
ZERO = Decimal("0.00")
SCHEDULE = default_profile().value("damages.schedule", DamageSchedule)


def _raw_records() -> list[dict[str, Any]]:
    """Return the shipped schedule as records in the profile's form (to edit in tests)."""
    return SCHEDULE.to_records()


class TestSchedule:
    """The schedule is profile data (ruling L7)."""

    def test_the_amendment_items(self) -> None:
        """All eight items, with the amendment's amounts and sections (checked against the text)."""
        expected = {
            "unlicensed_staff": ("4.20.2.2.7 A.2", Decimal(5000)),
            "noncompliant_provider_agreements": ("4.20.2.2.7 B.23", Decimal(5000)),
            "late_provider_enrollment_file": ("4.20.2.2.7 C.6", Decimal(250)),
            "missing_signature_pages": ("Attachment VII", Decimal(1000)),
            "specialist_network": ("Attachment VII", Decimal(25000)),
            "geographic_access": ("Attachment VII", Decimal(25000)),
        }
        for item_id, (section, amount) in expected.items():
            item = SCHEDULE.item(item_id)
            assert (item.section, item.amount) == (section, amount)
        information = SCHEDULE.item("provider_information_accuracy")
        assert [(t.comparison.value, t.threshold, t.amount) for t in information.tiers] == [
            ("more_than", Decimal(10), Decimal(5000)),
            ("more_than", Decimal(30), Decimal(25000)),
        ]
        participation = SCHEDULE.item("provider_participation_accuracy")
        assert [(t.comparison.value, t.threshold) for t in participation.tiers] == [
            ("less_than", Decimal(90))
        ]
        assert SCHEDULE.item("specialist_network").standards == SPECIALIST_STANDARDS
        assert {s.value for s in SpecialistStandard} == set(SPECIALIST_STANDARDS)

    def test_unknown_item(self) -> None:
        """An unknown id is an error suggesting the closest."""
        with pytest.raises(InvalidInputError, match="did you mean 'geographic_access'"):
            SCHEDULE.item("geographic_acess")

    def test_round_trip_of_records(self) -> None:
        """The loader reads back what the records say."""
        assert schedule_from_records(_raw_records()) == SCHEDULE

    def test_profile_dict_is_json_ready_and_reloads(self) -> None:
        """The profile's to_dict carries the whole schedule as records the loader reads back."""
        profile = default_profile().to_dict()
        records = profile["parameters"]["damages.schedule"]["versions"][0]["value"]
        assert json.loads(json.dumps(records)) == records
        assert records[2]["id"] == "late_provider_enrollment_file"
        assert schedule_from_records(records) == SCHEDULE

    @pytest.mark.parametrize(
        ("change", "message"),
        [
            (lambda r: r[0].update(colour="red"), "unknown keys"),
            (lambda r: r[0].pop("rule"), "lacks required keys"),
            (lambda r: r[1].update(id="unlicensed_staff"), "repeats item ids"),
            (lambda r: r[0].update(id="Bad Id"), "lower-case letters"),
            (lambda r: r[0].update(rule="per_fortnight"), "must be one of"),
            (lambda r: r[0].update(amount="-1"), ">= 0"),
            (lambda r: r[5].update(amount="5"), "not both"),
            (lambda r: r[5].pop("measure"), "exactly when"),
            (lambda r: r[0].update(element_rule="per_element"), "only to tiered"),
            (lambda r: r[1].update(plus_amount_paid=True), "only to per_calendar_day"),
            (lambda r: r[1].update(standards=["a"]), "only to per_period_when_breached"),
            (
                lambda r: r[6].update(
                    tiers=[{"more_than": 10, "amount": 5000}, {"less_than": 5, "amount": 1}]
                ),
                "mixes upward",
            ),
            (
                lambda r: r[6].update(
                    tiers=[{"more_than": 10, "amount": 25000}, {"more_than": 30, "amount": 5000}]
                ),
                "must not cost less",
            ),
            (lambda r: r[6].update(tiers=[{"more_than": 101, "amount": 1}]), "percentage in"),
            (lambda r: r[6].update(tiers=[{"over": 10, "amount": 1}]), "exactly one of"),
            (lambda r: r[4]["waiver"].update(only_when_unmet=["urology"]), "not in 'standards'"),
            (lambda r: r[4]["waiver"].update(flag="corrective_action_plan"), "keyword name"),
            (lambda r: r[4].update(reduction={"amount": 5000, "extra": 1}), "must be a table"),
        ],
    )
    def test_invalid_schedules_are_rejected(self, change: Any, message: str) -> None:
        """A malformed schedule is an error naming the item and key."""
        records = _raw_records()
        change(records)
        with pytest.raises(InvalidValueError, match=message):
            schedule_from_records(records)

    def test_not_a_list(self) -> None:
        """The schedule must be a list of items."""
        with pytest.raises(InvalidTypeError, match="list of damage items"):
            schedule_from_records({"id": "x"})

    def test_an_amendment_is_a_data_change(self, tmp_path: Path) -> None:
        """A later dated version of the schedule replaces an item's amount from its date (L7)."""
        records = _raw_records()
        records[2]["amount"] = "300"
        path = tmp_path / "amendment_4.toml"
        lines = [
            "[profile]",
            'id = "amendment-4-test"',
            'title = "test"',
            'source = "test"',
            'version = "4.0.0"',
            "verified_against_source_on = 2020-01-01",
            'extends = "amendment-3"',
            "[damages.schedule]",
            'description = "schedule"',
            'section = "4.20.2.2.7"',
            "[[damages.schedule.versions]]",
            "effective_from = 2007-04-01",
            f"value = {_toml(_raw_records())}",
            "[[damages.schedule.versions]]",
            "effective_from = 2009-01-01",
            'section = "4.20.2.2.7 (Amendment 4)"',
            f"value = {_toml(records)}",
        ]
        path.write_text("\n".join(lines), encoding="utf-8")
        profile = load_profile(path)
        before = late_provider_enrollment_file(D(2008, 12, 1), D(2008, 12, 11), profile=profile)
        after = late_provider_enrollment_file(D(2009, 1, 1), D(2009, 1, 11), profile=profile)
        assert (before.amount, after.amount) == (Decimal("2500.00"), Decimal("3000.00"))
        assert "version in force on 2009-01-11, in force from 2009-01-01" in after.explain()

    def test_what_if_override(self) -> None:
        """A what-if override of the whole schedule is marked as such."""
        records = _raw_records()
        records[3]["amount"] = "1500"
        profile = default_profile().with_overrides({"damages.schedule": records})
        result = missing_signature_pages(2, profile=profile)
        assert result.amount == Decimal("3000.00")
        assert "WHAT-IF" in result.explain()
        with pytest.raises(ProfileError):
            default_profile().with_overrides({"damages.schedule": "[{id = 1}]"})

    def test_outside_the_term(self) -> None:
        """A date before the amendment is in force is an OutsideTermError, not a silent zero."""
        with pytest.raises(OutsideTermError):
            late_provider_enrollment_file(D(2006, 1, 1), D(2006, 1, 5))

    def test_a_new_item_needs_no_code(self) -> None:
        """An item added by data with an existing rule kind is assessed by assess_item."""
        records = _raw_records()
        records.append(
            {
                "id": "late_encounter_file",
                "title": "Encounter data",
                "section": "4.20.2.2.7 C.9",
                "description": "Late encounter data file (an invented test item)",
                "damage_text": "$100 per day after the due date",
                "rule": "per_day_late",
                "period": "per_day",
                "unit": "day late",
                "amount": 100,
            }
        )
        profile = default_profile().with_overrides({"damages.schedule": records})
        result = assess_item(
            "late_encounter_file",
            {"due": D(2008, 1, 1), "received": D(2008, 1, 4)},
            profile=profile,
        )
        assert result.amount == Decimal("300.00")


def _toml(records: list[dict[str, Any]]) -> str:
    """Return records as a TOML inline array (strings, numbers, booleans, lists, tables)."""

    def value(item: object) -> str:
        if isinstance(item, bool):
            return "true" if item else "false"
        if isinstance(item, dict):
            return "{" + ", ".join(f"{k} = {value(v)}" for k, v in item.items()) + "}"
        if isinstance(item, list):
            return "[" + ", ".join(value(v) for v in item) + "]"
        return json.dumps(str(item))

    return value(records)


class TestUnlicensedStaff:
    """A.2: $5,000 per calendar day, both ends counted (L1), plus the amount paid."""

    def test_by_hand(self) -> None:
        """10 days (March 1-10) x $5,000 + $12,345.67 paid = $62,345.67."""
        result = unlicensed_staff(D(2008, 3, 1), D(2008, 3, 10), "12345.67")
        assert result.amount == Decimal("62345.67")
        assert result.quantity == 10
        assert result.item_id == "unlicensed_staff"
        assert result.section == "4.20.2.2.7 A.2"
        assert "10 calendar day(s), both ends counted (ruling L1)" in result.explain()

    def test_one_day_and_leap_day(self) -> None:
        """A single day counts as one; February 28 to March 1, 2008 is three days."""
        assert unlicensed_staff(D(2008, 3, 1), D(2008, 3, 1), 0).amount == Decimal("5000.00")
        assert unlicensed_staff(D(2008, 2, 28), D(2008, 3, 1), 0).quantity == 3
        assert unlicensed_staff(D(2009, 2, 28), D(2009, 3, 1), 0).quantity == 2
        assert unlicensed_staff(D(2008, 12, 31), D(2009, 1, 1), 0).quantity == 2

    def test_rounding_half_up(self) -> None:
        """The line is rounded to cents, half-up (M3)."""
        assert unlicensed_staff(D(2008, 3, 1), D(2008, 3, 1), "0.005").amount == Decimal("5000.01")

    @given(days(2008, 2030), st.integers(1, 500), st.integers(1, 500), money(10**7))
    def test_linear_in_days(self, start: dt.date, first: int, second: int, paid: Decimal) -> None:
        """Per-day damages are linear in the number of days; the amount paid is added once."""

        def amount(length: int, paid: Decimal) -> Decimal:
            return unlicensed_staff(start, start + dt.timedelta(days=length - 1), paid).amount

        assert amount(first, paid) == Decimal(5000) * first + paid
        assert amount(first + second, ZERO) == amount(first, ZERO) + amount(second, ZERO)

    def test_errors(self) -> None:
        """End before start, negative or non-numeric amounts paid, datetimes: typed errors."""
        with pytest.raises(InvalidValueError, match="'end' \\(2008-03-01\\) is before 'start'"):
            unlicensed_staff(D(2008, 3, 2), D(2008, 3, 1), 0)
        with pytest.raises(InvalidValueError, match="'amount_paid' must be >= 0"):
            unlicensed_staff(D(2008, 3, 1), D(2008, 3, 2), -1)
        with pytest.raises(InvalidTypeError, match="'start'"):
            unlicensed_staff(dt.datetime(2008, 3, 1, 9), D(2008, 3, 2), 0)  # type: ignore[arg-type]  # noqa: DTZ001
        with pytest.raises(InvalidTypeError, match="'end'"):
            unlicensed_staff(D(2008, 3, 1), 20080302, 0)  # type: ignore[arg-type]

    @given(WRONG_TYPES)
    def test_wrong_types_of_amount_paid(self, value: object) -> None:
        """bool, None, lists...: TypeError family."""
        with pytest.raises(InvalidTypeError):
            unlicensed_staff(D(2008, 3, 1), D(2008, 3, 2), value)

    @given(BAD_NUMBERS)
    def test_bad_numbers_of_amount_paid(self, value: object) -> None:
        """NaN, infinities, text: ValueError family."""
        with pytest.raises(InvalidValueError):
            unlicensed_staff(D(2008, 3, 1), D(2008, 3, 2), value)


class TestCounts:
    """B.23 ($5,000 per agreement) and Attachment VII signature pages ($1,000 per provider)."""

    @given(COUNTS, COUNTS)
    def test_linear_in_count(self, first: int, second: int) -> None:
        """Count damages are linear in the count."""
        for assess, each in (
            (noncompliant_provider_agreements, Decimal(5000)),
            (missing_signature_pages, Decimal(1000)),
        ):
            assert assess(first).amount == each * first
            assert assess(first + second).amount == assess(first).amount + assess(second).amount

    def test_by_hand(self) -> None:
        """3 agreements: $15,000; 7 signature pages: $7,000; zero is zero."""
        assert noncompliant_provider_agreements(3).amount == Decimal("15000.00")
        assert missing_signature_pages(7).amount == Decimal("7000.00")
        assert missing_signature_pages(0).amount == ZERO
        assert noncompliant_provider_agreements("3").quantity == 3  # type: ignore[arg-type]

    @pytest.mark.parametrize("assess", [noncompliant_provider_agreements, missing_signature_pages])
    def test_errors(self, assess: Any) -> None:
        """Counts below zero, fractions and bools are typed errors; nothing is assessed."""
        with pytest.raises(InvalidValueError, match="'count' must be >= 0"):
            assess(-1)
        with pytest.raises(InvalidValueError, match="whole number"):
            assess(2.5)
        with pytest.raises(InvalidTypeError, match="'count'"):
            assess(True)  # noqa: FBT003


class TestLateProviderEnrollmentFile:
    """C.6: $250 per day after the due date (L2)."""

    @given(days(2008, 2030), st.integers(-30, 400))
    @example(D(2008, 2, 28), 2)  # over the leap day
    @example(D(2008, 12, 31), 1)  # over the year end
    def test_per_day_late(self, due: dt.date, offset: int) -> None:
        """Amount = $250 x max(0, received - due); on time or early is zero."""
        received = due + dt.timedelta(days=offset)
        result = late_provider_enrollment_file(due, received)
        assert result.quantity == max(0, offset)
        assert result.amount == Decimal(250) * max(0, offset)

    @given(days(2008, 2030), st.integers(0, 300), st.integers(0, 300))
    def test_linear_in_days_late(self, due: dt.date, first: int, second: int) -> None:
        """Linear in days late."""

        def amount(late: int) -> Decimal:
            return late_provider_enrollment_file(due, due + dt.timedelta(days=late)).amount

        assert amount(first + second) == amount(first) + amount(second)

    def test_by_hand(self) -> None:
        """Due March 20, received April 2, 2008: 13 days, $3,250."""
        result = late_provider_enrollment_file(D(2008, 3, 20), D(2008, 4, 2))
        assert result.amount == Decimal("3250.00")
        assert "13 day(s) late" in result.explain()

    def test_errors(self) -> None:
        """Datetimes and text are not dates."""
        with pytest.raises(InvalidTypeError, match="'received'"):
            late_provider_enrollment_file(D(2008, 3, 20), dt.datetime(2008, 4, 2, 9))  # type: ignore[arg-type]  # noqa: DTZ001
        with pytest.raises(InvalidTypeError, match="'due'"):
            late_provider_enrollment_file(20080320, D(2008, 4, 2))  # type: ignore[arg-type]


class TestSpecialistNetwork:
    """Attachment VII Specialist Provider Network, monthly (L5, L6)."""

    @given(UNMET_STANDARDS, st.booleans(), st.booleans())
    def test_amounts(self, unmet: list[str], plan: bool, waiver: bool) -> None:
        """$25,000 if any unmet; $5,000 with a plan; zero when the waiver applies; else zero."""
        result = specialist_network(unmet, corrective_action_plan=plan, shortage_waiver=waiver)
        waiver_applies = waiver and unmet == ["physician_specialists"]
        if not unmet or waiver_applies:
            expected = ZERO
        else:
            expected = Decimal("5000.00") if plan else Decimal("25000.00")
        assert result.amount == expected
        assert result.waiver_applied is waiver_applies
        assert result.base_amount == (Decimal("25000.00") if unmet else ZERO)

    def test_waiver_only_for_physician_specialists_alone(self) -> None:
        """Ruling L6: the waiver is refused, with its reason, when another standard is unmet."""
        alone = specialist_network([SpecialistStandard.PHYSICIAN_SPECIALISTS], shortage_waiver=True)
        assert alone.amount == ZERO
        assert alone.applied == "waived"
        other = specialist_network(["essential_hospital_services"], shortage_waiver=True)
        assert other.amount == Decimal("25000.00")
        assert "waiver requested but NOT applied" in other.explain()
        both = specialist_network(
            {"physician_specialists", "aids_centers_of_excellence"},
            shortage_waiver=True,
            corrective_action_plan=True,
        )
        assert both.amount == Decimal("5000.00")

    def test_duplicates_and_enum(self) -> None:
        """Repeated names count once; enum members and strings mix."""
        result = specialist_network(
            ["aids_centers_of_excellence", SpecialistStandard.AIDS_CENTERS_OF_EXCELLENCE]
        )
        assert result.inputs[0] == ("unmet", "aids_centers_of_excellence")

    def test_errors(self) -> None:
        """Unknown names, a bare string, non-bool flags: typed errors."""
        with pytest.raises(InvalidInputError, match=r"'urology'.*standards"):
            specialist_network(["urology"])
        with pytest.raises(InvalidInputError, match="did you mean 'physician_specialists'"):
            specialist_network(["physician_specialist"])
        with pytest.raises(InvalidTypeError, match="collection of standard names"):
            specialist_network("physician_specialists")
        with pytest.raises(
            InvalidTypeError, match="'corrective_action_plan' must be True or False"
        ):
            specialist_network([], corrective_action_plan="yes")  # type: ignore[arg-type]
        with pytest.raises(InvalidTypeError, match="'shortage_waiver'"):
            specialist_network([], shortage_waiver=1)  # type: ignore[arg-type]


class TestParticipationAccuracy:
    """Attachment VII Provider Participation Accuracy, quarterly (L4, L5)."""

    @given(near(90), st.booleans(), st.booleans())
    @example(Decimal(90), False, False)  # noqa: FBT003
    @example(Decimal("89.9999"), False, False)  # noqa: FBT003
    def test_edge_at_90(self, confirmed: Decimal, plan: bool, waived: bool) -> None:
        """At least 90% (inclusive) is none; below is $25,000, $5,000 with a plan, 0 waived."""
        result = provider_participation_accuracy(
            confirmed, corrective_action_plan=plan, waived=waived
        )
        if confirmed >= 90 or waived:
            assert result.amount == ZERO
        else:
            assert result.amount == (Decimal("5000.00") if plan else Decimal("25000.00"))

    @given(rates(), rates())
    def test_monotone(self, lower: Decimal, higher: Decimal) -> None:
        """More providers confirming never costs more."""
        low, high = sorted((lower, higher))
        assert (
            provider_participation_accuracy(high).amount
            <= provider_participation_accuracy(low).amount
        )

    @given(st.one_of(st.integers(max_value=-1), st.integers(min_value=101), st.just("100.01")))
    def test_out_of_range(self, value: object) -> None:
        """Outside [0, 100]: an error naming the field (M2)."""
        with pytest.raises(InvalidValueError, match="'confirmed_percent'"):
            provider_participation_accuracy(value)


class TestInformationAccuracy:
    """Attachment VII Provider Information Accuracy, quarterly (L3, L5)."""

    @pytest.mark.parametrize(
        ("percent", "expected"),
        [
            ("0", "0.00"),
            ("10", "0.00"),
            ("10.0001", "5000.00"),
            ("30", "5000.00"),
            ("30.0000001", "25000.00"),
            ("30.5", "25000.00"),
            ("30.9999", "25000.00"),
            ("31", "25000.00"),
            ("31.0001", "25000.00"),
            ("100", "25000.00"),
        ],
    )
    def test_tier_edges_by_hand(self, percent: str, expected: str) -> None:
        """Ruling L3 at 10, 30 and 31: the 30-31 overlap goes to the higher tier."""
        assert provider_information_accuracy({"address": percent}).amount == Decimal(expected)

    @given(st.sampled_from([10, 30, 31]), EPSILONS)
    def test_tier_edges(self, edge: int, eps: Decimal) -> None:
        """Just below, at and just above every edge."""

        def amount(percent: Decimal) -> Decimal:
            return provider_information_accuracy({"address": percent}).amount

        tier = {10: (ZERO, ZERO, Decimal(5000)), 30: (Decimal(5000), Decimal(5000), Decimal(25000))}
        below, at, above = tier.get(edge, (Decimal(25000), Decimal(25000), Decimal(25000)))
        assert (
            amount(Decimal(edge) - eps),
            amount(Decimal(edge)),
            amount(Decimal(edge) + eps),
        ) == (
            below,
            at,
            above,
        )

    @given(ELEMENT_PERCENTS, st.booleans(), st.booleans())
    def test_worst_element_once_per_quarter(
        self,
        percents: dict[str, Decimal],
        plan: bool,
        waived: bool,
    ) -> None:
        """The amount is the worst element's tier, reduced or waived as the caller says.

        Ruling L5a: only the $25,000 damage may be waived; a waiver asked for at the $5,000 tier
        is not applied.
        """
        worst = max(percents.values())
        base = Decimal(25000) if worst > 30 else Decimal(5000) if worst > 10 else ZERO
        waivable = waived and base == Decimal(25000)
        expected = ZERO if waivable else min(base, Decimal(5000)) if plan else base
        result = provider_information_accuracy(percents, corrective_action_plan=plan, waived=waived)
        assert result.amount == expected
        assert result.base_amount == base
        assert sum(1 for element in result.elements if element.worst) == 1

    @given(ELEMENT_PERCENTS, st.booleans())
    def test_per_element_is_the_sum_of_the_elements(
        self,
        percents: dict[str, Decimal],
        plan: bool,
    ) -> None:
        """Switched (L3): one assessment per failing element, never less than the worst alone."""
        each = provider_information_accuracy(
            percents, per_element=True, corrective_action_plan=plan
        )
        expected = sum(
            (
                min(tier, Decimal(5000)) if plan else tier
                for tier in (
                    Decimal(25000) if p > 30 else Decimal(5000) if p > 10 else ZERO
                    for p in percents.values()
                )
            ),
            ZERO,
        )
        assert each.amount == expected
        worst = provider_information_accuracy(percents, corrective_action_plan=plan)
        assert each.amount >= worst.amount

    def test_per_element_from_the_profile(self) -> None:
        """The schedule's element_rule switches the default; the keyword wins over it."""
        records = _raw_records()
        records[6]["element_rule"] = "per_element"
        profile = default_profile().with_overrides({"damages.schedule": records})
        percents = {"address": 35, "phone": 12}
        each = provider_information_accuracy(percents, profile=profile)
        assert each.amount == Decimal("30000.00")
        assert each.applied == "each failing element assessed (2)"
        worst = provider_information_accuracy(percents, per_element=False, profile=profile)
        assert worst.amount == Decimal("25000.00")

    @given(ELEMENT_PERCENTS, st.tuples(st.integers(0, 4), rates()))
    def test_monotone_in_each_element(
        self, percents: dict[str, Decimal], bump: tuple[int, Decimal]
    ) -> None:
        """Raising one element's percentage never lowers the damage."""
        names = sorted(percents)
        name = names[bump[0] % len(names)]
        # Raise by a drawn amount (capped at 100) rather than filtering draws below the current value.
        raised = {**percents, name: min(Decimal(100), percents[name] + bump[1])}
        assert (
            provider_information_accuracy(raised).amount
            >= provider_information_accuracy(percents).amount
        )

    def test_by_hand_with_plan(self) -> None:
        """35% address, 12% phone: $25,000; with a plan $5,000; the $5,000 tier stays $5,000."""
        percents = {"address": 35, "phone": "12.5", "specialty": 3}
        assert provider_information_accuracy(percents).amount == Decimal("25000.00")
        reduced = provider_information_accuracy(percents, corrective_action_plan=True)
        assert reduced.amount == Decimal("5000.00")
        assert reduced.applied.endswith("lowered to $5,000.00 (corrective action plan accepted)")
        lower = provider_information_accuracy({"phone": 12}, corrective_action_plan=True)
        assert lower.amount == Decimal("5000.00")
        assert not lower.reduction_applied
        assert "a reduction never raises" in lower.explain()

    def test_errors(self) -> None:
        """Empty or non-mapping input, bad names, out-of-range percentages: typed errors."""
        with pytest.raises(InvalidInputError, match="is empty"):
            provider_information_accuracy({})
        with pytest.raises(InvalidTypeError, match="mapping of data element"):
            provider_information_accuracy([("address", 12)])  # type: ignore[arg-type]
        with pytest.raises(InvalidInputError, match="not text"):
            provider_information_accuracy({3: 12})  # type: ignore[dict-item]
        with pytest.raises(InvalidValueError, match="'address'"):
            provider_information_accuracy({"address": 101})
        with pytest.raises(InvalidValueError, match="'phone'"):
            provider_information_accuracy({"phone": -0.5})
        with pytest.raises(InvalidTypeError, match="'per_element'"):
            provider_information_accuracy({"phone": 5}, per_element="yes")  # type: ignore[arg-type]


class TestGeographicAccess:
    """Attachment VII Distance from provider to member, monthly (L5)."""

    def test_amounts(self) -> None:
        """$25,000 when not met, $5,000 with a plan, zero when met."""
        assert geographic_access(False).amount == Decimal("25000.00")  # noqa: FBT003
        assert geographic_access(False, corrective_action_plan=True).amount == Decimal("5000.00")  # noqa: FBT003
        met = geographic_access(True, corrective_action_plan=True)  # noqa: FBT003
        assert met.amount == ZERO
        assert "nothing to lower or waive" in met.explain()

    def test_errors(self) -> None:
        """standards_met must be a bool; the item has no waiver."""
        with pytest.raises(InvalidTypeError, match="'standards_met'"):
            geographic_access("no")  # type: ignore[arg-type]
        with pytest.raises(InvalidInputError, match="do\\(es\\) not apply"):
            assess_item("geographic_access", {"standards_met": False, "waived": True})


class TestInformationAccuracyWaiver:
    """Ruling L5a: only the $25,000 Provider Information Accuracy damage may be waived."""

    @pytest.mark.parametrize(
        ("percent", "base", "amount", "applied"),
        [
            ("10", "0.00", "0.00", False),
            ("10.01", "5000.00", "5000.00", False),
            ("12", "5000.00", "5000.00", False),
            ("30", "5000.00", "5000.00", False),
            ("30.01", "25000.00", "0.00", True),
            ("35", "25000.00", "0.00", True),
        ],
    )
    def test_waiver_only_at_the_25000_tier(
        self, percent: str, base: str, amount: str, applied: bool
    ) -> None:
        """Below, at and above each tier line: the waiver applies at $25,000 and nowhere else."""
        result = provider_information_accuracy({"address": percent}, waived=True)
        assert (result.base_amount, result.amount) == (Decimal(base), Decimal(amount))
        assert result.waiver_applied is applied
        if base == "5000.00":
            note = (
                "waiver requested but NOT applied: it applies only to the $25,000.00 damage, "
                "not to this $5,000.00 damage (ruling L5a)"
            )
            assert result.notes == (note,)
            assert result.applied.endswith("waiver requested, not applied (see the notes)")

    def test_the_earlier_reading_through_the_profile(self) -> None:
        """Without only_for_amount (the earlier reading) a waiver at 12% gives $0.00."""
        records = _raw_records()
        assert records[6]["waiver"]["only_for_amount"] == "25000"
        del records[6]["waiver"]["only_for_amount"]
        earlier = default_profile().with_overrides({"damages.schedule": records})
        assert (
            provider_information_accuracy({"address": 12}, waived=True, profile=earlier).amount
            == ZERO
        )
        assert provider_information_accuracy({"address": 12}, waived=True).amount == Decimal(
            "5000.00"
        )

    def test_per_element_waives_only_the_25000_elements(self) -> None:
        """Assessed per element, the waiver covers the $25,000 elements; the $5,000 ones stay."""
        result = provider_information_accuracy(
            {"address": 35, "phone": 12, "specialty": 31}, waived=True, per_element=True
        )
        assert result.amount == Decimal("5000.00")
        assert [element.amount for element in result.elements] == [ZERO, Decimal("5000.00"), ZERO]

    def test_with_a_plan_at_the_5000_tier(self) -> None:
        """Plan and waiver at $5,000: the plan changes nothing, the waiver is not applied."""
        result = provider_information_accuracy(
            {"address": 20}, waived=True, corrective_action_plan=True
        )
        assert result.amount == Decimal("5000.00")
        assert not result.waiver_applied
        assert not result.reduction_applied

    def test_only_for_amount_must_be_an_amount_of_the_item(self) -> None:
        """A waiver amount the item never assesses is refused when the profile loads."""
        records = _raw_records()
        records[6]["waiver"]["only_for_amount"] = "10000"
        with pytest.raises(ProfileError, match="only_for_amount"):
            default_profile().with_overrides({"damages.schedule": records})

    def test_waiver_round_trips(self) -> None:
        """The waiver's amount survives to_records and back."""
        item = schedule_from_records(_raw_records()).item("provider_information_accuracy")
        assert item.waiver is not None
        assert item.waiver.only_for_amount == Decimal(25000)


class TestReductionsAndWaivers:
    """Properties of every item with a reduction or waiver (L5)."""

    @given(
        st.sampled_from(
            [
                ("specialist_network", "unmet", UNMET_STANDARDS),
                ("provider_participation_accuracy", "confirmed_percent", near(90)),
                ("provider_information_accuracy", "incorrect_percent_by_element", ELEMENT_PERCENTS),
                ("geographic_access", "standards_met", st.booleans()),
            ]
        ).flatmap(lambda spec: st.tuples(st.just(spec[0]), st.just(spec[1]), spec[2]))
    )
    def test_a_reduction_never_raises_and_a_waiver_gives_zero(
        self, case: tuple[str, str, object]
    ) -> None:
        """With a plan: never more than without. Waived (where applicable): zero."""
        item_id, field, value = case
        plain = assess_item(item_id, {field: value})
        reduced = assess_item(item_id, {field: value, "corrective_action_plan": True})
        assert reduced.amount <= plain.amount
        assert reduced.amount <= Decimal(5000)
        waiver = SCHEDULE.item(item_id).waiver
        if waiver is not None:
            waived = assess_item(item_id, {field: value, waiver.flag: True})
            blocked = (
                bool(waiver.only_when_unmet) and not set(value) <= set(waiver.only_when_unmet)  # type: ignore[call-overload]
            ) or (waiver.only_for_amount is not None and plain.amount != waiver.only_for_amount)
            assert (waived.amount == ZERO) or blocked
            assert waived.waiver_applied is not blocked or plain.amount == ZERO
            assert waived.amount <= plain.amount

    def test_rules_are_pure(self) -> None:
        """The rule kinds by hand."""
        assert rules.reduce_to(Decimal(25000), Decimal(5000)) == Decimal("5000.00")
        assert rules.reduce_to(Decimal(3000), Decimal(5000)) == Decimal("3000.00")
        assert rules.waive(Decimal(25000)) == ZERO
        assert rules.per_period_when_breached(Decimal(25000), breached=False) == ZERO


class TestResults:
    """Every assessment explains itself and serialises deterministically."""

    # built inside the test, not when the module is imported, so a mutant of the rules is seen
    @pytest.mark.parametrize(
        ("item", "assess"),
        [
            (
                "unlicensed_staff",
                lambda: unlicensed_staff(D(2008, 3, 1), D(2008, 3, 10), "12345.67"),
            ),
            ("noncompliant_provider_agreements", lambda: noncompliant_provider_agreements(3)),
            (
                "late_provider_enrollment_file",
                lambda: late_provider_enrollment_file(D(2008, 3, 20), D(2008, 4, 2)),
            ),
            ("missing_signature_pages", lambda: missing_signature_pages(2)),
            (
                "specialist_network",
                lambda: specialist_network(["physician_specialists"], corrective_action_plan=True),
            ),
            (
                "provider_participation_accuracy",
                lambda: provider_participation_accuracy(85, waived=True),
            ),
            (
                "provider_information_accuracy",
                lambda: provider_information_accuracy({"address": 35}, per_element=True),
            ),
            ("geographic_access", lambda: geographic_access(False)),  # noqa: FBT003
        ],
    )
    def test_explain_and_to_dict(self, item: str, assess: Callable[[], Assessment]) -> None:
        """explain() cites the clause and states the amount; to_dict() is JSON-ready and stable."""
        result = assess()
        assert result.item_id == item
        text = result.explain()
        assert result.item.damage_text in text
        assert f"amount: ${result.amount:,.2f}" in text
        data = result.to_dict()
        assert json.loads(json.dumps(data)) == data
        assert data["amount"] == str(result.amount)
        assert data["item"] == result.item_id
        assert data["section"] == result.section
        assert repr(result).startswith(f"Assessment(item={result.item_id!r}, amount=")

    def test_generic_errors(self) -> None:
        """assess_item names missing and unknown fields; the observation must be a mapping."""
        with pytest.raises(InvalidInputError, match="needs \\['count'\\]"):
            assess_item("missing_signature_pages", {})
        with pytest.raises(InvalidTypeError, match="'observation' must be a mapping"):
            assess_item("missing_signature_pages", [("count", 1)])  # type: ignore[arg-type]
        with pytest.raises(InvalidTypeError, match="'on'"):
            assess_item("missing_signature_pages", {"count": 1}, on=20080101)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "name",
    [
        f"{module.__name__}.{name}"
        for module in (damages, calendar)
        for name in module.__all__
        if inspect.isfunction(getattr(module, name))
    ],
)
def test_public_functions_document_themselves(name: str) -> None:
    """Each public function of damages and calendar says what it returns and has a doctest."""
    module_name, _, function_name = name.rpartition(".")
    function = getattr(importlib.import_module(module_name), function_name)
    doc = inspect.getdoc(function) or ""
    assert doc.startswith("Return"), name
    assert ">>>" in doc, name
    assert "return" in inspect.get_annotations(function), name
