"""Distance to service (Attachment V): whether one provider is within the miles of the residence."""

from __future__ import annotations

__all__ = ["access_distance"]

from decimal import Decimal
from typing import TYPE_CHECKING

from tenncare_calc.compliance.access.standards import (
    ATTACHMENT_V,
    DistanceKind,
    DistanceStandard,
    service_code_text,
    standards_in_force,
)
from tenncare_calc.compliance.findings import Finding, Outcome
from tenncare_calc.core.errors import InvalidTypeError, InvalidValueError
from tenncare_calc.core.values import format_decimal, to_decimal

if TYPE_CHECKING:
    import datetime as dt

    from tenncare_calc.contract.profile import ContractProfile
    from tenncare_calc.core.thresholds import Threshold


def access_distance(
    service_code: str | int,
    distance_miles: object,
    *,
    rural: bool = False,
    placement_approved: bool = False,
    profile: ContractProfile | None = None,
    on: dt.date | None = None,
) -> Finding:
    """Return whether a provider's distance from the member's residence met Attachment V.

    Parameters
    ----------
    service_code
        An Attachment V service code; an unknown code raises
        :class:`~tenncare_calc.core.errors.InvalidInputError`.
    distance_miles
        Miles from the member's residence to the provider (>= 0; exact decimal, ruling M1).
    rural
        The member lives in a rural area. Where Attachment V says "except in rural areas where
        community standards and documentation will apply", the mileage standard then does not
        apply (outcome ``not_applicable``): community standards are not in the source.
    placement_approved
        For codes 32 and 33 ("Not Applicable****"): the member or legal representative prior
        approved a placement more than 60 miles away.
    profile, on
        The contract profile and the date whose table applies (the latest when ``None``).

    Examples
    --------
    >>> access_distance("23", 60).outcome.value, access_distance("23", "60.01").outcome.value
    ('met', 'not_met')
    >>> access_distance("23", 75, rural=True).outcome.value
    'not_applicable'
    >>> access_distance("11", 10).outcome.value  # Attachment III is not in the source
    'not_assessed'

    """
    miles = to_decimal(distance_miles, field="distance_miles")
    if miles < 0:
        raise InvalidValueError(
            f"'distance_miles' must be >= 0 (got {miles!r})", field="distance_miles", value=miles
        )
    for flag, field in ((rural, "rural"), (placement_approved, "placement_approved")):
        if not isinstance(flag, bool):
            raise InvalidTypeError(
                f"{field!r} must be True or False (got {flag!r})", field=field, value=flag
            )
    standards, parameter = standards_in_force(profile, on)
    code = service_code_text(service_code)
    service = standards.service(code)
    subject = (
        ("service_code", code),
        ("service_type", service.label()),
        ("age_group", service.age_group(code)),
        ("rural", "yes" if rural else "no"),
    )
    outcome, note, shown = _distance_outcome(
        service.distance, miles, rural=rural, approved=placement_approved
    )
    return Finding(
        check="access.distance",
        outcome=outcome,
        standard=service.distance.describe(),
        sections=(ATTACHMENT_V,),
        measured=None if shown is None else miles,
        limit=None if shown is None else Decimal(shown.limit),
        margin=None if shown is None else shown.margin(miles),
        unit="" if shown is None else shown.unit,
        subject=subject,
        steps=(f"distance {format_decimal(miles, grouping=False)} miles",),
        note=note,
        parameters=(parameter,),
    )


def _distance_outcome(  # noqa: PLR0911 - one return per kind of standard and case
    distance: DistanceStandard, miles: Decimal, *, rural: bool, approved: bool
) -> tuple[Outcome, str | None, Threshold | None]:
    """Return the outcome, the note, and the threshold whose figures the finding shows (if any).

    The miles are judged by the standard's :attr:`~DistanceStandard.threshold`, the line the
    table check evaluates too.
    """
    if distance.kind is DistanceKind.NOT_SUBJECT:
        return Outcome.NOT_APPLICABLE, "not subject to access standards", None
    if distance.kind is DistanceKind.ATTACHMENT:
        return (
            Outcome.NOT_ASSESSED,
            f"the standard is {distance.reference}, which is not part of the source text",
            None,
        )
    threshold = distance.threshold
    assert threshold is not None  # noqa: S101 - the record converter requires miles
    if distance.kind is DistanceKind.PRIOR_APPROVAL:
        if threshold.met(miles):
            return Outcome.MET, "no prior approval is needed within the distance", threshold
        if approved:
            return Outcome.MET, "placement prior approved by the member or representative", None
        return (
            Outcome.NOT_MET,
            "placement beyond the distance was not prior approved by the member or representative",
            threshold,
        )
    if rural and distance.rural_exception:
        return (
            Outcome.NOT_APPLICABLE,
            "rural area: community standards and documentation apply instead of the mileage",
            None,
        )
    note = "the text gives no rural exception for this service" if rural else None
    return (Outcome.MET if threshold.met(miles) else Outcome.NOT_MET), note, threshold
