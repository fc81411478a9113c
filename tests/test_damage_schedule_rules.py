"""The liquidated damages schedule's validation pinned (ruling L7): every invalid item is named.

The schedule is contract data (``damages.schedule``); ``damages/schedule.py`` rejects an item that
is not one rule kind with exactly the keys that kind uses. Each defect below is compared with the
reviewed error (class, field, message) in ``tests/golden/damages.json``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

import tenncare_calc as tc
from tenncare_calc import damages
from tests.golden_records import assert_matches_record

SCHEDULE = {r["id"]: r for r in tc.default_profile().get("damages.schedule").value.to_records()}
COUNT_ITEM = SCHEDULE["noncompliant_provider_agreements"]
TIERED_ITEM = SCHEDULE["provider_information_accuracy"]
BREACH_ITEM = SCHEDULE["specialist_network"]
DAY_ITEM = SCHEDULE["unlicensed_staff"]


def _with(schedule: Any) -> tc.ContractProfile:
    """Return the shipped profile with ``schedule`` as a what-if override."""
    return tc.default_profile().with_overrides({"damages.schedule": schedule.to_records()})


def _without(record: dict[str, Any], *keys: str) -> dict[str, Any]:
    return {key: value for key, value in record.items() if key not in keys}


#: The text keys every item must fill.
REQUIRED_TEXTS = ("id", "title", "section", "description", "damage_text", "unit")

#: Invalid schedule records, each with the defect it shows.
BAD_SCHEDULES: dict[str, object] = {
    "not_a_list": "x",
    "not_a_table": ["x"],
    "unknown_key": [{**COUNT_ITEM, "colour": "red"}],
    "missing_keys": [_without(COUNT_ITEM, "title", "unit")],
    "empty_title": [{**COUNT_ITEM, "title": " "}],
    "bad_id": [{**COUNT_ITEM, "id": "Bad-Id"}],
    "bad_rule": [{**COUNT_ITEM, "rule": "per_widget"}],
    "bad_period": [{**COUNT_ITEM, "period": "hourly"}],
    "plus_not_bool": [{**DAY_ITEM, "plus_amount_paid": "yes"}],
    "plus_on_count": [{**COUNT_ITEM, "plus_amount_paid": True}],
    "amount_and_tiers": [{**TIERED_ITEM, "amount": 5}],
    "tiers_without_measure": [_without(TIERED_ITEM, "measure")],
    "element_rule_untiered": [{**COUNT_ITEM, "element_rule": "worst_element"}],
    "bad_element_rule": [{**TIERED_ITEM, "element_rule": "best_element"}],
    "standards_on_count": [{**COUNT_ITEM, "standards": ["a"]}],
    "empty_standards": [{**BREACH_ITEM, "standards": []}],
    "repeated_standards": [{**BREACH_ITEM, "standards": ["a", "a"]}],
    "bad_measure": [{**TIERED_ITEM, "measure": "Incorrect %"}],
    "empty_tiers": [{**TIERED_ITEM, "tiers": []}],
    "tier_not_table": [{**TIERED_ITEM, "tiers": ["x"]}],
    "tier_two_comparisons": [
        {**TIERED_ITEM, "tiers": [{"more_than": 10, "less_than": 50, "amount": 5}]}
    ],
    "tiers_mixed": [
        {**TIERED_ITEM, "tiers": [{"more_than": 10, "amount": 5}, {"less_than": 5, "amount": 9}]}
    ],
    "tiers_cheaper_further": [
        {**TIERED_ITEM, "tiers": [{"more_than": 10, "amount": 9}, {"more_than": 30, "amount": 5}]}
    ],
    "reduction_not_table": [{**COUNT_ITEM, "reduction": 5}],
    "waiver_reserved_flag": [
        {**BREACH_ITEM, "waiver": {**BREACH_ITEM["waiver"], "flag": "corrective_action_plan"}}
    ],
    "waiver_unknown_standard": [
        {**BREACH_ITEM, "waiver": {**BREACH_ITEM["waiver"], "only_when_unmet": ["dentists"]}}
    ],
    "waiver_amount_not_assessed": [
        {**TIERED_ITEM, "waiver": {**TIERED_ITEM["waiver"], "only_for_amount": 7}}
    ],
    "repeated_ids": [COUNT_ITEM, COUNT_ITEM],
    **{f"{key}_none": [{**COUNT_ITEM, key: None}] for key in REQUIRED_TEXTS},
    **{f"{key}_blank": [{**COUNT_ITEM, key: "  "}] for key in (*REQUIRED_TEXTS, "requirement")},
    "measure_blank": [{**TIERED_ITEM, "measure": " "}],
    "note_blank": [{**COUNT_ITEM, "note": " "}],
    "amount_not_a_number": [{**COUNT_ITEM, "amount": "lots"}],
    "standards_not_names": [{**BREACH_ITEM, "standards": ["Physician Specialists"]}],
    "standards_not_text": [{**BREACH_ITEM, "standards": [5]}],
    "tiers_one_text": [{**TIERED_ITEM, "tiers": "more_than 10"}],
    "tier_threshold_not_a_number": [
        {**TIERED_ITEM, "tiers": [{"more_than": "ten", "amount": 5000}]}
    ],
    "tier_amount_not_a_number": [{**TIERED_ITEM, "tiers": [{"more_than": 10, "amount": "lots"}]}],
    "reduction_amount_not_a_number": [
        {**BREACH_ITEM, "reduction": {**BREACH_ITEM["reduction"], "amount": "lots"}}
    ],
    "reduction_text_not_text": [{**BREACH_ITEM, "reduction": {"amount": 5000, "text": 5}}],
    "waiver_not_table": [{**BREACH_ITEM, "waiver": "shortage_waiver"}],
    "waiver_unknown_key": [{**BREACH_ITEM, "waiver": {**BREACH_ITEM["waiver"], "colour": "red"}}],
    "waiver_flag_not_text": [{**BREACH_ITEM, "waiver": {**BREACH_ITEM["waiver"], "flag": 5}}],
    "waiver_flag_not_a_name": [
        {**BREACH_ITEM, "waiver": {**BREACH_ITEM["waiver"], "flag": "Shortage Waiver"}}
    ],
    "waiver_standards_one_text": [
        {
            **BREACH_ITEM,
            "waiver": {**BREACH_ITEM["waiver"], "only_when_unmet": "physician_specialists"},
        }
    ],
    "waiver_amount_not_a_number": [
        {**TIERED_ITEM, "waiver": {**TIERED_ITEM["waiver"], "only_for_amount": "lots"}}
    ],
    "waiver_text_blank": [{**BREACH_ITEM, "waiver": {**BREACH_ITEM["waiver"], "text": " "}}],
}


@pytest.mark.parametrize("case", sorted(BAD_SCHEDULES))
def test_invalid_schedules_are_rejected_with_the_reviewed_reason(case: str) -> None:
    """Each invalid schedule fails with the reviewed error class, field, value and message."""
    with pytest.raises(tc.TennCareError) as caught:
        damages.schedule.schedule_from_records(BAD_SCHEDULES[case], field="schedule")
    error = caught.value
    record = {
        "type": type(error).__name__,
        "field": error.field,
        "value": repr(error.value),  # type: ignore[attr-defined]
        "message": str(error),
    }
    assert_matches_record("damages.json", f"schedule:{case}", record)


def test_each_item_describes_itself_in_one_line() -> None:
    """An item's line: id, section, title, then its amount per unit or its tiers."""
    schedule = tc.default_profile().get("damages.schedule").value
    lines = [item.describe() for item in schedule.items]
    assert_matches_record("damages.json", "schedule:describe", lines)


def test_schedule_round_trips_through_its_records() -> None:
    """The shipped schedule's records rebuild the same schedule."""
    schedule = tc.default_profile().get("damages.schedule").value
    rebuilt = damages.schedule.schedule_from_records(schedule.to_records())
    assert rebuilt == schedule
    assert rebuilt.item("unlicensed_staff").amount == Decimal(5000)
    with pytest.raises(tc.InvalidInputError) as caught:
        rebuilt.item("unlicensed_staf")
    assert caught.value.field == "item"
    assert "(did you mean 'unlicensed_staff'?)" in str(caught.value)


def test_valid_edges_of_a_schedule() -> None:
    """Equal tiers, rising downward tiers, no texts, a waiver at the item's amount: all read back."""
    level = [
        {"more_than": 10, "amount": 5000},
        {"more_than": 30, "amount": 25000},
        {"more_than": 50, "amount": 25000},
    ]
    downward = [{"less_than": 90, "amount": 5000}, {"less_than": 50, "amount": 25000}]
    untexted = {
        **BREACH_ITEM,
        "reduction": {"amount": 5000},
        "waiver": {"flag": "shortage_waiver", "only_when_unmet": ["physician_specialists"]},
    }
    waived_at_its_amount = {
        **SCHEDULE["geographic_access"],
        "waiver": {"flag": "waived", "only_for_amount": "25000"},
    }
    records = [
        {**TIERED_ITEM, "tiers": level},
        {**SCHEDULE["provider_participation_accuracy"], "tiers": downward},
        untexted,
        waived_at_its_amount,
    ]
    schedule = damages.schedule.schedule_from_records(records, field="schedule")
    tiered, participation, breach, distance = schedule.items
    assert distance.waiver is not None
    assert distance.waiver.only_for_amount == Decimal(25000)
    assert [tier.amount for tier in tiered.tiers] == [5000, 25000, 25000]
    assert [tier.amount for tier in participation.tiers] == [5000, 25000]
    assert damages.assess_item(
        "provider_participation_accuracy", {"confirmed_percent": 40}, profile=_with(schedule)
    ).amount == Decimal("25000.00")
    assert breach.reduction is not None
    assert breach.waiver is not None
    assert (breach.reduction.text, breach.waiver.text) == ("", "")
    # a reduction or waiver without text is written without it, so its records read back
    assert damages.schedule.schedule_from_records(schedule.to_records()) == schedule
