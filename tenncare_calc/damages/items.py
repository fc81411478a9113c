"""Assessing the liquidated damages of Amendment 3, one function per schedule item.

Every function reads its item from the profile's ``damages.schedule`` (ruling L7), applies the
item's rule kind (``tenncare_calc.damages.rules``), then any reduction or waiver the caller says
was accepted or granted (ruling L5), and returns an :class:`Assessment`. The generic
:func:`assess_item` does the same for any item by id, from a plain record; the ledger uses it.

>>> unlicensed_staff(date(2008, 3, 1), date(2008, 3, 10), "12345.67").amount
Decimal('62345.67')
>>> provider_information_accuracy({"address": 35, "phone": 12}, corrective_action_plan=True).amount
Decimal('5000.00')
"""

from __future__ import annotations

__all__ = [
    "SpecialistStandard",
    "assess_item",
    "geographic_access",
    "late_provider_enrollment_file",
    "missing_signature_pages",
    "noncompliant_provider_agreements",
    "provider_information_accuracy",
    "provider_participation_accuracy",
    "specialist_network",
    "unlicensed_staff",
]

import datetime as dt
import enum
from collections.abc import Collection, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

import attrs

from tenncare_calc.contract import calendar
from tenncare_calc.contract.loader import default_profile
from tenncare_calc.core.errors import InvalidInputError, InvalidTypeError, did_you_mean
from tenncare_calc.core.values import (
    exact_context,
    format_decimal,
    format_money,
    format_rate,
    to_count,
    to_date,
    to_money,
    to_rate,
)
from tenncare_calc.damages import rules
from tenncare_calc.damages.assessment import Assessment, ElementResult
from tenncare_calc.damages.schedule import (
    DamageItem,
    DamageSchedule,
    ElementRule,
    RuleKind,
)

if TYPE_CHECKING:
    from tenncare_calc.contract.parameters import ParameterValue
    from tenncare_calc.contract.profile import ContractProfile

ZERO = Decimal("0.00")


class SpecialistStandard(enum.StrEnum):
    """The four standards of the Specialist Provider Network measure (Attachment VII)."""

    #: Executed specialty physician contracts in all areas the Agreement requires.
    PHYSICIAN_SPECIALISTS = "physician_specialists"
    #: An executed contract with at least one tertiary care center for each essential service.
    ESSENTIAL_HOSPITAL_SERVICES = "essential_hospital_services"
    #: Executed contracts with at least two Centers of Excellence for AIDS in the Grand Region.
    AIDS_CENTERS_OF_EXCELLENCE = "aids_centers_of_excellence"
    #: Executed contracts with all Centers of Excellence for Behavioral Health in the Grand Region.
    BEHAVIORAL_HEALTH_CENTERS_OF_EXCELLENCE = "behavioral_health_centers_of_excellence"


# --------------------------------------------------------------------------------------------------
# Inputs


def _flag(value: object, field: str) -> bool:
    if not isinstance(value, bool):
        raise InvalidTypeError(
            f"{field!r} must be True or False (got {value!r})", field=field, value=value
        )
    return value


def _unmet(value: object, standards: tuple[str, ...]) -> tuple[str, ...]:
    if isinstance(value, str | bytes) or not isinstance(value, Collection):
        raise InvalidTypeError(
            "'unmet' must be a collection of standard names, such as "
            f"['physician_specialists'] (got {value!r})",
            field="unmet",
            value=value,
        )
    found = []
    for name in value:
        text = name.value if isinstance(name, enum.Enum) else name
        if text not in standards:
            raise InvalidInputError(
                f"'unmet' names {name!r}, which is not a standard of this measure"
                f"{did_you_mean(str(text), standards)}; standards: {list(standards)}",
                field="unmet",
                value=name,
            )
        found.append(str(text))
    return tuple(name for name in standards if name in found)


def _percent_by_element(value: object, field: str) -> dict[str, Decimal]:
    if not isinstance(value, Mapping):
        raise InvalidTypeError(
            f"{field!r} must be a mapping of data element name to percentage incorrect "
            f"(got {type(value).__name__})",
            field=field,
            value=value,
        )
    if not value:
        raise InvalidInputError(
            f"{field!r} is empty; give the percentage incorrect for each data element audited",
            field=field,
            value=value,
        )
    found = {}
    for name, percent in value.items():
        if not isinstance(name, str) or not name.strip():
            raise InvalidInputError(
                f"{field!r} has a data element name that is not text ({name!r})",
                field=field,
                value=name,
            )
        found[name.strip()] = to_rate(percent, field=f"{field}[{name!r}]")
    return found


# --------------------------------------------------------------------------------------------------
# Reductions and waivers (ruling L5)


def _settle(
    item: DamageItem,
    base: Decimal,
    *,
    corrective_action_plan: bool,
    waiver_requested: bool,
    waiver_blocked: str | None = None,
) -> tuple[Decimal, bool, bool, list[str], list[str]]:
    """Return (amount, reduced, waived, steps, notes) after the caller's reduction and waiver."""
    steps: list[str] = []
    notes: list[str] = []
    amount = base
    waived = reduced = False
    if base == 0:
        if corrective_action_plan or waiver_requested:
            notes.append("no damage, so there is nothing to lower or waive")
        return amount, reduced, waived, steps, notes
    if waiver_requested and waiver_blocked is not None:
        notes.append(f"waiver requested but NOT applied: {waiver_blocked}")
    elif waiver_requested:
        assert item.waiver is not None  # noqa: S101 - the flag is only accepted with a waiver
        amount = rules.waive(base)
        waived = True
        steps.append(
            f"waiver granted ({item.waiver.text}): {format_money(base)} -> "
            f"{format_money(amount)} (ruling L5)"
        )
    if corrective_action_plan:
        assert item.reduction is not None  # noqa: S101 - the flag is only accepted with a reduction
        if waived:
            notes.append("a corrective action plan was also accepted; the waiver gives zero")
        elif base <= item.reduction.amount:
            notes.append(
                f"corrective action plan accepted, but {format_money(base)} is already at or "
                f"below {format_money(item.reduction.amount)}: unchanged (a reduction never raises)"
            )
        else:
            amount = rules.reduce_to(base, item.reduction.amount)
            reduced = True
            steps.append(
                f"corrective action plan accepted ({item.reduction.text}): "
                f"min({format_money(base)}, {format_money(item.reduction.amount)}) = "
                f"{format_money(amount)} (ruling L5)"
            )
    return amount, reduced, waived, steps, notes


def _settled(
    item: DamageItem,
    base: Decimal,
    *,
    plan: bool,
    waiver: bool,
    inputs: tuple[tuple[str, str], ...],
    steps: Sequence[str],
    waiver_blocked: str | None = None,
    quantity: int | None = None,
    tier: rules.Tier | None = None,
    elements: tuple[ElementResult, ...] = (),
    element_rule: ElementRule | None = None,
) -> Assessment:
    """Return the assessment of ``base`` after the caller's reduction and waiver (ruling L5)."""
    amount, reduced, waived, more, notes = _settle(
        item,
        base,
        corrective_action_plan=plan,
        waiver_requested=waiver,
        waiver_blocked=waiver_blocked,
    )
    return Assessment(
        item=item,
        amount=amount,
        base_amount=base,
        inputs=inputs,
        steps=(*steps, *more),
        corrective_action_plan=plan,
        reduction_applied=reduced,
        waiver_requested=waiver,
        waiver_applied=waived,
        notes=tuple(notes),
        quantity=quantity,
        tier=tier,
        elements=elements,
        element_rule=element_rule,
    )


# --------------------------------------------------------------------------------------------------
# The generic assessment


def _profile(profile: ContractProfile | None) -> ContractProfile:
    return default_profile() if profile is None else profile


def _schedule(profile: ContractProfile | None, on: dt.date | None) -> ParameterValue:
    parameter = _profile(profile).get("damages.schedule", on=on)
    if not isinstance(parameter.value, DamageSchedule):  # pragma: no cover - the kind ensures it
        raise InvalidTypeError(
            "'damages.schedule' is not a damage schedule", field="damages.schedule"
        )
    return parameter


def _fields(item: DamageItem) -> tuple[set[str], set[str]]:
    """Return (required, optional) observation fields of an item's rule kind."""
    optional: set[str] = set()
    if item.reduction is not None:
        optional.add("corrective_action_plan")
    if item.waiver is not None:
        optional.add(item.waiver.flag)
    if item.rule is RuleKind.PER_CALENDAR_DAY:
        required = {"start", "end"} | ({"amount_paid"} if item.plus_amount_paid else set())
    elif item.rule is RuleKind.PER_COUNT:
        required = {"count"}
    elif item.rule is RuleKind.PER_DAY_LATE:
        required = {"due", "received"}
    elif item.rule is RuleKind.PER_PERIOD_WHEN_BREACHED:
        required = {"unmet"} if item.standards else {"standards_met"}
    else:
        assert item.measure is not None  # noqa: S101 - tiered items always name their measure
        suffix = "_by_element" if item.element_rule is not None else ""
        required = {f"{item.measure}{suffix}"}
    return required, optional


def _check_fields(item: DamageItem, observation: Mapping[str, object]) -> None:
    required, optional = _fields(item)
    if unknown := sorted(set(observation) - required - optional):
        raise InvalidInputError(
            f"{unknown} do(es) not apply to damage item {item.id!r} ({item.section}, rule "
            f"{item.rule.value}); it takes {sorted(required)}"
            + (f" and optionally {sorted(optional)}" if optional else ""),
            field=unknown[0],
            value=unknown,
        )
    if missing := sorted(required - set(observation)):
        raise InvalidInputError(
            f"damage item {item.id!r} ({item.section}) needs {missing}",
            field=missing[0],
            value=missing,
        )


def _default_on(observation: Mapping[str, object]) -> dt.date | None:
    """Return the date whose schedule applies: the end of the period or the day a file arrived."""
    found = [
        value
        for key in ("end", "due", "received")
        if isinstance(value := observation.get(key), dt.date) and not isinstance(value, dt.datetime)
    ]
    return max(found) if found else None


def assess_item(
    item_id: str,
    observation: Mapping[str, object],
    *,
    per_element: bool | None = None,
    profile: ContractProfile | None = None,
    on: dt.date | None = None,
) -> Assessment:
    """Return the assessment of schedule item ``item_id`` for one ``observation`` record.

    The record's fields depend on the item's rule kind: ``start``, ``end`` (and ``amount_paid``)
    per calendar day; ``count`` per count; ``due``, ``received`` per day late; ``unmet`` (items
    with standards) or ``standards_met`` per period when breached; the item's measure (such as
    ``confirmed_percent``, or ``incorrect_percent_by_element``) when tiered by a percentage; plus
    ``corrective_action_plan`` and the item's waiver flag where the item has them. A field the item
    does not take is an error, never ignored.

    The schedule version applied is the one in force ``on`` a date: by default the end of the
    period (``end``) or the later of ``due`` and ``received``, else the latest.

    >>> assess_item("noncompliant_provider_agreements", {"count": 3}).amount
    Decimal('15000.00')
    >>> assess_item("noncompliant_provider_agreements", {"count": 3, "waived": True})
    Traceback (most recent call last):
    ...
    tenncare_calc.InvalidInputError: ['waived'] do(es) not apply to damage item 'noncompliant_provider_agreements' (4.20.2.2.7 B.23, rule per_count); it takes ['count']

    """
    if not isinstance(observation, Mapping):
        raise InvalidTypeError(
            f"'observation' must be a mapping of field to value (got {type(observation).__name__})",
            field="observation",
            value=observation,
        )
    when = _default_on(observation) if on is None else to_date(on, field="on")
    parameter = _schedule(profile, when)
    item = parameter.value.item(item_id)
    _check_fields(item, observation)
    plan = _flag(observation.get("corrective_action_plan", False), "corrective_action_plan")
    waiver = (
        _flag(observation.get(item.waiver.flag, False), item.waiver.flag)
        if item.waiver is not None
        else False
    )
    if per_element is not None:
        _flag(per_element, "per_element")
    assess = _RULES[item.rule]
    result = assess(item, observation, plan, waiver, per_element)
    return _finish(result, parameter, when)


def _finish(result: Assessment, parameter: ParameterValue, when: dt.date | None) -> Assessment:
    """Add the flags the caller set to the inputs, and the schedule version applied."""
    item = result.item
    flags: list[tuple[str, object]] = []
    if item.reduction is not None:
        flags.append(("corrective_action_plan", result.corrective_action_plan))
    if item.waiver is not None:
        flags.append((item.waiver.flag, result.waiver_requested))
    return attrs.evolve(
        result, inputs=(*result.inputs, *_inputs(*flags)), schedule=parameter, on=when
    )


def _inputs(*pairs: tuple[str, object]) -> tuple[tuple[str, str], ...]:
    shown = []
    for name, value in pairs:
        if isinstance(value, bool):
            text = "yes" if value else "no"
        elif isinstance(value, dt.date):
            text = value.isoformat()
        elif isinstance(value, Decimal):
            text = format_decimal(value, grouping=False)
        else:
            text = str(value)
        shown.append((name, text))
    return tuple(shown)


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
    return _settled(
        item, base, plan=plan, waiver=waiver, inputs=_inputs(*pairs), steps=steps, quantity=days
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
    return _settled(
        item,
        base,
        plan=plan,
        waiver=waiver,
        inputs=_inputs(("count", count)),
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
    return _settled(
        item,
        base,
        plan=plan,
        waiver=waiver,
        inputs=_inputs(("due", due), ("received", received)),
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
        unmet = _unmet(observation["unmet"], item.standards)
        breached = bool(unmet)
        shown = ", ".join(unmet) if unmet else "none"
        inputs = _inputs(("unmet", shown))
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
        met = _flag(observation["standards_met"], "standards_met")
        breached = not met
        inputs = _inputs(("standards_met", met))
        verdict = (
            f"standards not met: {format_money(item.amount)} for the {item.unit}"
            if breached
            else "standards met: no damage"
        )
    base = rules.per_period_when_breached(item.amount, breached)
    return _settled(
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
        return _settled(
            item,
            base,
            plan=plan,
            waiver=waiver,
            inputs=_inputs((item.measure, percent)),
            steps=[verdict],
            tier=tier,
        )
    field = f"{item.measure}_by_element"
    percents = _percent_by_element(observation[field], field)
    rule = item.element_rule
    if per_element is not None:
        rule = ElementRule.PER_ELEMENT if per_element else ElementRule.WORST_ELEMENT
    elements = [
        ElementResult(name, percent, tier, rules.tiered_by_percent(item.tiers, percent))
        for name, percent in sorted(percents.items())
        for tier in [rules.matching_tier(item.tiers, percent)]
    ]
    inputs = _inputs(*((f"{field}[{e.name}]", e.percent) for e in elements))
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
        return _settled(
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
        amount, reduced, waived, more, notes = _settle(
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


_RULES = {
    RuleKind.PER_CALENDAR_DAY: _per_calendar_day,
    RuleKind.PER_COUNT: _per_count,
    RuleKind.PER_DAY_LATE: _per_day_late,
    RuleKind.PER_PERIOD_WHEN_BREACHED: _per_period_when_breached,
    RuleKind.TIERED_BY_PERCENT: _tiered_by_percent,
}


# --------------------------------------------------------------------------------------------------
# The public functions, one per item


def unlicensed_staff(
    start: date,
    end: date,
    amount_paid: object,
    *,
    profile: ContractProfile | None = None,
    on: date | None = None,
) -> Assessment:
    """Return the A.2 licensure damage: $5,000 per calendar day unlicensed plus the amount paid.

    §4.20.2.2.7 A.2 (Amendment 3 item 23): "$5,000 per calendar day that
    staff/provider/driver/agent/subcontractor is not licensed ... plus the amount paid to [them]
    during that period". Both the first and the last day count (ruling L1); the line is rounded to
    cents, half-up (M3).

    Parameters
    ----------
    start, end
        The first and the last day the person was not licensed (``end`` >= ``start``).
    amount_paid
        What was paid to that person for the period, dollars >= 0.
    profile, on
        The contract profile and the date whose schedule applies (default: ``end``).

    Examples
    --------
    >>> result = unlicensed_staff(date(2008, 2, 28), date(2008, 3, 1), 1200)  # 28, 29, 1 March
    >>> result.quantity, result.amount
    (3, Decimal('16200.00'))

    """
    return assess_item(
        "unlicensed_staff",
        {"start": start, "end": end, "amount_paid": amount_paid},
        profile=profile,
        on=on,
    )


def noncompliant_provider_agreements(
    count: int, *, profile: ContractProfile | None = None, on: date | None = None
) -> Assessment:
    """Return the B.23 damage: $5,000 per provider agreement found non-compliant (§4.20.2.2.7 B.23).

    >>> noncompliant_provider_agreements(4).amount
    Decimal('20000.00')
    """
    return assess_item("noncompliant_provider_agreements", {"count": count}, profile=profile, on=on)


def late_provider_enrollment_file(
    due: date, received: date, *, profile: ContractProfile | None = None, on: date | None = None
) -> Assessment:
    """Return the C.6 damage: $250 per day after the due date (§4.20.2.2.7 C.6, ruling L2).

    ``received`` is the date a Provider Enrollment File meeting TENNCARE's specifications was
    received; days late are ``received - due`` in calendar days when positive, else 0
    (:func:`tenncare_calc.contract.calendar.days_late`).

    >>> late_provider_enrollment_file(date(2008, 2, 15), date(2008, 3, 3)).amount  # 17 days (leap year)
    Decimal('4250.00')
    """
    return assess_item(
        "late_provider_enrollment_file",
        {"due": due, "received": received},
        profile=profile,
        on=on,
    )


def missing_signature_pages(
    count: int, *, profile: ContractProfile | None = None, on: date | None = None
) -> Assessment:
    """Return the Attachment VII Provider Network Documentation damage: $1,000 per provider.

    For each provider for which the contractor cannot provide a signature page of the provider
    agreement, upon TENNCARE's request.

    >>> missing_signature_pages(12).amount
    Decimal('12000.00')
    """
    return assess_item("missing_signature_pages", {"count": count}, profile=profile, on=on)


def specialist_network(
    unmet: Collection[str | SpecialistStandard],
    *,
    corrective_action_plan: bool = False,
    shortage_waiver: bool = False,
    profile: ContractProfile | None = None,
    on: date | None = None,
) -> Assessment:
    """Return the month's Specialist Provider Network damage (Attachment VII, rulings L5, L6).

    $25,000 for the month when any standard is unmet; $5,000 with a corrective action plan
    TENNCARE accepted. The shortage waiver (a lack of physicians practicing in the area) applies
    only when physician specialists are the only unmet standard; otherwise the result says it was
    not applied.

    Parameters
    ----------
    unmet
        The standards not met that month: any of ``physician_specialists``,
        ``essential_hospital_services``, ``aids_centers_of_excellence``,
        ``behavioral_health_centers_of_excellence`` (strings or :class:`SpecialistStandard`).
        Empty when every standard was met. Any other name is an error.
    corrective_action_plan, shortage_waiver
        Whether TENNCARE accepted a corrective action plan / granted the physician shortage waiver.

    Examples
    --------
    >>> specialist_network(["physician_specialists"], shortage_waiver=True).amount
    Decimal('0.00')
    >>> specialist_network(["physician_specialists", "aids_centers_of_excellence"], shortage_waiver=True).amount
    Decimal('25000.00')

    """
    return assess_item(
        "specialist_network",
        {
            "unmet": unmet,
            "corrective_action_plan": corrective_action_plan,
            "shortage_waiver": shortage_waiver,
        },
        profile=profile,
        on=on,
    )


def provider_participation_accuracy(
    confirmed_percent: object,
    *,
    corrective_action_plan: bool = False,
    waived: bool = False,
    profile: ContractProfile | None = None,
    on: date | None = None,
) -> Assessment:
    """Return the quarter's Provider Participation Accuracy damage (Attachment VII, ruling L4).

    Below 90% of sampled providers confirming participation: $25,000 ($5,000 with an accepted
    corrective action plan; zero when waived); 90% or more: none.

    >>> provider_participation_accuracy(89.99).amount, provider_participation_accuracy(90).amount
    (Decimal('25000.00'), Decimal('0.00'))
    """
    return assess_item(
        "provider_participation_accuracy",
        {
            "confirmed_percent": confirmed_percent,
            "corrective_action_plan": corrective_action_plan,
            "waived": waived,
        },
        profile=profile,
        on=on,
    )


def provider_information_accuracy(
    incorrect_percent_by_element: Mapping[str, object],
    *,
    corrective_action_plan: bool = False,
    waived: bool = False,
    per_element: bool | None = None,
    profile: ContractProfile | None = None,
    on: date | None = None,
) -> Assessment:
    """Return the quarter's Provider Information Accuracy damage (Attachment VII, ruling L3).

    Per data element: 10% or less incorrect, none; more than 10% up to and including 30%, $5,000;
    more than 30%, $25,000 (the overlap of the text's "fewer than 31%" and "more than 30%" goes to
    the higher tier). By default assessed once per quarter at the worst element's tier;
    ``per_element=True`` (or ``element_rule = "per_element"`` in the profile) assesses each failing
    element. A corrective action plan lowers a damage to $5,000 (never raises one); a waiver gives
    zero.

    >>> provider_information_accuracy({"address": "30", "specialty": "30.5", "phone": 4}).amount
    Decimal('25000.00')
    >>> provider_information_accuracy({"address": "30", "specialty": "30.5"}, per_element=True).amount
    Decimal('30000.00')
    """
    return assess_item(
        "provider_information_accuracy",
        {
            "incorrect_percent_by_element": incorrect_percent_by_element,
            "corrective_action_plan": corrective_action_plan,
            "waived": waived,
        },
        per_element=per_element,
        profile=profile,
        on=on,
    )


def geographic_access(
    standards_met: bool,
    *,
    corrective_action_plan: bool = False,
    profile: ContractProfile | None = None,
    on: date | None = None,
) -> Assessment:
    """Return the month's Distance from provider to member damage (Attachment VII).

    When any time or distance standard (Attachments III-V, measured by GeoAccess) is not met:
    $25,000 for the month, or $5,000 with a corrective action plan TENNCARE accepted.

    >>> geographic_access(False).amount, geographic_access(True).amount
    (Decimal('25000.00'), Decimal('0.00'))
    """
    return assess_item(
        "geographic_access",
        {"standards_met": standards_met, "corrective_action_plan": corrective_action_plan},
        profile=profile,
        on=on,
    )
