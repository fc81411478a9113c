"""Assessing the liquidated damages of Amendment 3, one function per schedule item.

Every function reads its item from the profile's ``damages.schedule`` (ruling L7), applies the
item's rule kind (``tenncare_calc.damages.rules``), then any reduction or waiver the caller says
was accepted or granted (ruling L5), and returns an :class:`Assessment`. The generic
:func:`assess_item` does the same for any item by id, from a plain record; the ledger uses it.
Each rule kind's assessor is in :mod:`.assessors`, the fields an item takes in :mod:`.fields`,
and the reductions and waivers in :mod:`.settlement`.

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

import datetime as dt  # noqa: TC003 - kept at run time beside the doctests
import enum
from collections.abc import Collection, Mapping
from datetime import date  # noqa: TC003 - the doctests use it at run time
from typing import TYPE_CHECKING

import attrs

from tenncare_calc.contract.loader import resolve_profile
from tenncare_calc.core.errors import InvalidTypeError, TennCareError
from tenncare_calc.core.values import to_date
from tenncare_calc.damages.assessors import ASSESSORS
from tenncare_calc.damages.fields import check_fields, flag, shown_inputs
from tenncare_calc.damages.schedule import DamageSchedule

if TYPE_CHECKING:
    from tenncare_calc.contract.parameters import ParameterValue
    from tenncare_calc.contract.profile import ContractProfile
    from tenncare_calc.damages.assessment import Assessment


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
# The generic assessment


def _profile(profile: ContractProfile | None) -> ContractProfile:
    return resolve_profile(profile)


def _schedule(profile: ContractProfile | None, on: dt.date | None) -> ParameterValue:
    parameter = _profile(profile).get("damages.schedule", on=on)
    if not isinstance(parameter.value, DamageSchedule):  # pragma: no cover - the kind ensures it
        raise InvalidTypeError(
            "'damages.schedule' is not a damage schedule", field="damages.schedule"
        )
    return parameter


def _default_on(observation: Mapping[str, object]) -> dt.date | None:
    """Return the date whose schedule applies: the end of the period or the day a file arrived."""
    found = []
    for key in ("end", "due", "received"):
        try:
            found.append(to_date(observation[key], field=key))
        except (KeyError, TennCareError):
            continue  # absent, or refused with its reason when the item is assessed
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
    check_fields(item, observation)
    plan = flag(observation.get("corrective_action_plan", False), "corrective_action_plan")
    waiver = (
        flag(observation.get(item.waiver.flag, False), item.waiver.flag)
        if item.waiver is not None
        else False
    )
    if per_element is not None:
        flag(per_element, "per_element")
    assess = ASSESSORS[item.rule]
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
        result, inputs=(*result.inputs, *shown_inputs(*flags)), schedule=parameter, on=when
    )


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
