"""Choosing the limit for a request: urgency, detoxification and admission type (Attachment V).

A service type's time standard has one or more variants (routine, urgent, emergency, the
admission types of psychiatric inpatient services, detoxification); a request takes the most
specific variant the service has, an emergency falling back to the urgent standard and an urgent
request to the routine one.
"""

from __future__ import annotations

__all__ = ["Admission", "Urgency"]

from typing import TYPE_CHECKING, Literal, get_args

if TYPE_CHECKING:
    from tenncare_calc.compliance.access.standards import ServiceStandard, TimeLimit

#: How urgent a request is. A service without an urgent or emergency variant applies its one
#: standard to every request.
Urgency = Literal["routine", "urgent", "emergency"]
#: Admission type for psychiatric inpatient hospital services ("emergency involuntary",
#: "involuntary", "voluntary").
Admission = Literal["voluntary", "involuntary"]

URGENCIES: tuple[str, ...] = get_args(Urgency)
ADMISSIONS: tuple[str, ...] = get_args(Admission)

_VARIANT_TEXT = {
    "routine": "",
    "urgent": "if urgent",
    "emergency": "emergency",
    "emergency_involuntary": "emergency involuntary admission",
    "involuntary": "involuntary admission",
    "voluntary": "voluntary admission",
    "detoxification_emergency": "detoxification, emergency",
    "detoxification": "detoxification",
}


def _variant_chain(urgency: str, *, detoxification: bool, admission: str | None) -> tuple[str, ...]:
    """Return the variant names to try, most specific first."""
    if admission is not None:
        chain = (f"emergency_{admission}",) if urgency == "emergency" else ()
        return (*chain, admission)
    if detoxification:
        chain = ("detoxification_emergency",) if urgency == "emergency" else ()
        return (*chain, "detoxification")
    if urgency == "emergency":
        return ("emergency", "urgent", "routine")
    if urgency == "urgent":
        return ("urgent", "routine")
    return ("routine",)


def choose_limit(
    service: ServiceStandard,
    code: str,
    urgency: str,
    *,
    detoxification: bool,
    admission: str | None,
) -> tuple[str, TimeLimit] | str:
    """Return the variant and limit that apply to a request, or the reason none does (Attachment V).

    >>> from tenncare_calc.compliance.access.standards import standards_in_force
    >>> service = standards_in_force(None, None)[0].service("B7")
    >>> variant, limit = choose_limit(service, "B7", "emergency", detoxification=False, admission=None)
    >>> variant, limit.describe()
    ('urgent', '3 business days')
    """
    variants = service.time.variants()
    admissions = [v for v in variants if v in ADMISSIONS or v.startswith("emergency_")]
    if admission is None and admissions:
        return (
            f"service code {code} ({service.service_type}) sets its time by admission type; "
            f"give admission 'voluntary' or 'involuntary'"
        )
    if admission is not None and not admissions:
        return (
            f"service code {code} ({service.service_type}) has no admission-type standard; "
            "leave admission empty"
        )
    if detoxification and admission is not None:
        return "give either detoxification or an admission type, not both"
    if detoxification and not any(v.startswith("detoxification") for v in variants):
        return (
            f"service code {code} ({service.service_type}) has no detoxification standard in "
            "Attachment V"
        )
    for name in _variant_chain(urgency, detoxification=detoxification, admission=admission):
        found = service.time.limit(name)
        if found is not None:
            return name, found
    return (
        f"service code {code} ({service.service_type}) has no standard for a {urgency} request; "
        f"its standard is {service.time.text!r}"
    )


def standard_text(variant: str, limit: TimeLimit, measured_from: str) -> str:
    """Return a time standard in words, with its variant (Attachment V).

    >>> from tenncare_calc.compliance.access.standards import TimeLimit, TimeUnit
    >>> standard_text("urgent", TimeLimit(3, TimeUnit.BUSINESS_DAYS), "request")
    'within 3 business days of the request (if urgent)'
    """
    qualifier = _VARIANT_TEXT[variant]
    suffix = f" ({qualifier})" if qualifier else ""
    return f"within {limit.describe()} of the {measured_from}{suffix}"
