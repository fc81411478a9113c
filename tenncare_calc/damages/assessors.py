"""Assessing one observation of a damage item by the item's rule kind (§4.20.2.2.7, Attachment VII).

Each rule kind reads the fields it takes (:mod:`.fields`), computes the base amount with its rule
(:mod:`.rules`: per calendar day, per count, per day late, per period when breached, tiered by a
percentage), states every step with its ruling, and settles the reduction and waiver the caller
gave (:mod:`.settlement`). :data:`ASSESSORS` gives the assessor of each rule kind; every assessor
takes ``(item, observation, corrective action plan, waiver requested, per_element)``.

Examples
--------
>>> from tenncare_calc import default_profile
>>> from tenncare_calc.damages.schedule import DamageSchedule
>>> item = default_profile().value("damages.schedule", DamageSchedule).item("missing_signature_pages")
>>> assess = ASSESSORS[item.rule]
>>> result = assess(item, {"count": 3}, False, False, None)
>>> result.amount, result.steps
(Decimal('3000.00'), ('$1,000.00 x 3 provider(s) = $3,000.00',))
"""

from __future__ import annotations

__all__ = ["ASSESSORS"]

from decimal import Decimal
from typing import TYPE_CHECKING

from tenncare_calc.contract import calendar
from tenncare_calc.core.values import (
    exact_context,
    format_money,
    format_rate,
    to_count,
    to_date,
    to_money,
    to_rate,
)
from tenncare_calc.damages import rules
from tenncare_calc.damages.assessment import Assessment, ElementResult
from tenncare_calc.damages.fields import flag, percent_by_element, shown_inputs, unmet_standards
from tenncare_calc.damages.schedule import ElementRule, RuleKind
from tenncare_calc.damages.settlement import settle, settled_assessment

if TYPE_CHECKING:
    from collections.abc import Mapping

    from tenncare_calc.damages.schedule import DamageItem

ZERO = Decimal("0.00")


def _per_calendar_day(
    item: DamageItem,
    observation: Mapping[str, object],
    plan: bool,
    waiver: bool,
    per_element: bool | None,  # noqa: ARG001
) -> Assessment:
    start, end = (
        to_date(observation["start"], field="start"),
        to_date(observation["end"], field="end"),
    )
    days = calendar.calendar_days(start, end)
    paid = (
        to_money(observation["amount_paid"], field="amount_paid") if item.plus_amount_paid else ZERO
    )
    assert item.amount is not None  # noqa: S101 - non-tiered items carry an amount
    base = rules.per_calendar_day(item.amount, days, plus=paid)
    with exact_context():
        per_day, exact = item.amount * days, item.amount * days + paid
    steps = [
        (
            f"{start.isoformat()} to {end.isoformat()}: {days} calendar day(s), both ends counted "
            "(ruling L1)"
        ),
        f"{format_money(item.amount)} x {days} = {format_money(per_day)}",
    ]
    if item.plus_amount_paid:
        rounded = f" -> {format_money(base)} (rounded to cents, half-up)" if base != exact else ""
        steps.append(
            f"plus the amount paid during the period {format_money(paid)}: "
            f"{format_money(exact)}{rounded}"
        )
    pairs: list[tuple[str, object]] = [("start", start), ("end", end)]
    if item.plus_amount_paid:
        pairs.append(("amount_paid", paid))
    return settled_assessment(
        item,
        base,
        plan=plan,
        waiver=waiver,
        inputs=shown_inputs(*pairs),
        steps=steps,
        quantity=days,
    )


def _per_count(
    item: DamageItem,
    observation: Mapping[str, object],
    plan: bool,
    waiver: bool,
    per_element: bool | None,  # noqa: ARG001
) -> Assessment:
    count = to_count(observation["count"], field="count")
    assert item.amount is not None  # noqa: S101 - non-tiered items carry an amount
    base = rules.per_count(item.amount, count)
    steps = [f"{format_money(item.amount)} x {count} {item.unit}(s) = {format_money(base)}"]
    return settled_assessment(
        item,
        base,
        plan=plan,
        waiver=waiver,
        inputs=shown_inputs(("count", count)),
        steps=steps,
        quantity=count,
    )


def _per_day_late(
    item: DamageItem,
    observation: Mapping[str, object],
    plan: bool,
    waiver: bool,
    per_element: bool | None,  # noqa: ARG001
) -> Assessment:
    due, received = (
        to_date(observation["due"], field="due"),
        to_date(observation["received"], field="received"),
    )
    late = calendar.days_late(due, received)
    assert item.amount is not None  # noqa: S101 - non-tiered items carry an amount
    base = rules.per_day_late(item.amount, late)
    steps = [
        (
            f"due {due.isoformat()}, received {received.isoformat()}: {late} day(s) late "
            "(received - due in calendar days when positive, else 0; ruling L2)"
        ),
        f"{format_money(item.amount)} x {late} = {format_money(base)}",
    ]
    return settled_assessment(
        item,
        base,
        plan=plan,
        waiver=waiver,
        inputs=shown_inputs(("due", due), ("received", received)),
        steps=steps,
        quantity=late,
    )


def _per_period_when_breached(
    item: DamageItem,
    observation: Mapping[str, object],
    plan: bool,
    waiver: bool,
    per_element: bool | None,  # noqa: ARG001
) -> Assessment:
    assert item.amount is not None  # noqa: S101 - non-tiered items carry an amount
    blocked = None
    if item.standards:
        unmet = unmet_standards(observation["unmet"], item.standards)
        breached = bool(unmet)
        shown = ", ".join(unmet) if unmet else "none"
        inputs = shown_inputs(("unmet", shown))
        verdict = (
            f"{len(unmet)} of {len(item.standards)} listed standards unmet ({shown}): "
            f"{format_money(item.amount)} for the {item.unit} when any is unmet (ruling L6)"
            if breached
            else f"all {len(item.standards)} listed standards met: no damage"
        )
        if item.waiver is not None and item.waiver.only_when_unmet:
            allowed = set(item.waiver.only_when_unmet)
            if not set(unmet) <= allowed:
                blocked = (
                    f"it applies only when the unmet standards are among "
                    f"{list(item.waiver.only_when_unmet)}, and {shown} are unmet (ruling L6)"
                )
    else:
        met = flag(observation["standards_met"], "standards_met")
        breached = not met
        inputs = shown_inputs(("standards_met", met))
        verdict = (
            f"standards not met: {format_money(item.amount)} for the {item.unit}"
            if breached
            else "standards met: no damage"
        )
    base = rules.per_period_when_breached(item.amount, breached)
    return settled_assessment(
        item,
        base,
        plan=plan,
        waiver=waiver,
        inputs=inputs,
        steps=[verdict],
        waiver_blocked=blocked,
    )


def _severity(item: DamageItem, element: ElementResult) -> tuple[Decimal, Decimal, str]:
    amount = ZERO if element.tier is None else element.tier.amount
    upward = item.tiers[0].comparison.upward
    # Further along the scale is worse: higher for "more than" tiers, lower for "less than".
    return (amount, element.percent if upward else -element.percent, element.name)


def _tiered_by_percent(
    item: DamageItem,
    observation: Mapping[str, object],
    plan: bool,
    waiver: bool,
    per_element: bool | None,
) -> Assessment:
    assert item.measure is not None  # noqa: S101 - tiered items always name their measure
    if item.element_rule is None:
        percent = to_rate(observation[item.measure], field=item.measure)
        tier = rules.matching_tier(item.tiers, percent)
        base = rules.tiered_by_percent(item.tiers, percent)
        verdict = (
            f"{item.measure} {format_rate(percent)}: no tier applies ("
            + "; ".join(t.describe() for t in item.tiers)
            + "): no damage"
            if tier is None
            else f"{item.measure} {format_rate(percent)} -> tier {tier.describe()}"
        )
        return settled_assessment(
            item,
            base,
            plan=plan,
            waiver=waiver,
            inputs=shown_inputs((item.measure, percent)),
            steps=[verdict],
            tier=tier,
        )
    field = f"{item.measure}_by_element"
    percents = percent_by_element(observation[field], field)
    rule = item.element_rule
    if per_element is not None:
        rule = ElementRule.PER_ELEMENT if per_element else ElementRule.WORST_ELEMENT
    elements = [
        ElementResult(name, percent, tier, rules.tiered_by_percent(item.tiers, percent))
        for name, percent in sorted(percents.items())
        for tier in [rules.matching_tier(item.tiers, percent)]
    ]
    inputs = shown_inputs(*((f"{field}[{e.name}]", e.percent) for e in elements))
    if rule is ElementRule.WORST_ELEMENT:
        worst = max(elements, key=lambda element: _severity(item, element))
        elements = [
            ElementResult(e.name, e.percent, e.tier, e.amount, worst=e is worst) for e in elements
        ]
        base = worst.amount
        steps = [element.describe() for element in elements]
        steps.append(
            f"assessed once per {item.unit} at the worst element's tier ({worst.name}): "
            f"{format_money(base)} (ruling L3)"
        )
        return settled_assessment(
            item,
            base,
            plan=plan,
            waiver=waiver,
            inputs=inputs,
            steps=steps,
            tier=worst.tier,
            elements=tuple(elements),
            element_rule=rule,
        )
    steps = [f"assessed once per failing element per {item.unit} (ruling L3, switched)"]
    settled = []
    notes_all: list[str] = []
    any_reduced = any_waived = False
    for element in elements:
        amount, reduced, waived, more, notes = settle(
            item, element.amount, corrective_action_plan=plan, waiver_requested=waiver
        )
        settled.append(ElementResult(element.name, element.percent, element.tier, amount))
        steps.append(element.describe())
        steps.extend(f"  {element.name}: {line}" for line in more)
        notes_all.extend(f"{element.name}: {note}" for note in notes if element.tier)
        any_reduced |= reduced
        any_waived |= waived
    base = sum((element.amount for element in elements), ZERO)
    total = sum((element.amount for element in settled), ZERO)
    steps.append(
        "sum of the elements' amounts: "
        + " + ".join(format_money(element.amount) for element in settled)
        + f" = {format_money(total)}"
    )
    worst = max(elements, key=lambda element: _severity(item, element))
    return Assessment(
        item=item,
        amount=total,
        base_amount=base,
        inputs=inputs,
        steps=tuple(steps),
        tier=worst.tier,
        corrective_action_plan=plan,
        reduction_applied=any_reduced,
        waiver_requested=waiver,
        waiver_applied=any_waived,
        notes=tuple(notes_all),
        elements=tuple(settled),
        element_rule=rule,
    )


#: The assessor of each rule kind: ``(item, observation, plan, waiver, per_element)`` to an assessment.
ASSESSORS = {
    RuleKind.PER_CALENDAR_DAY: _per_calendar_day,
    RuleKind.PER_COUNT: _per_count,
    RuleKind.PER_DAY_LATE: _per_day_late,
    RuleKind.PER_PERIOD_WHEN_BREACHED: _per_period_when_breached,
    RuleKind.TIERED_BY_PERCENT: _tiered_by_percent,
}
