"""Attachment V as data: service types and codes, with their distance and time standards.

The table is contract data (``access.behavioral_health`` in the profile, read by
:func:`~tenncare_calc.compliance.access.records.access_standards_from_records`). Each standard's
line is one :class:`~tenncare_calc.core.thresholds.Threshold` (:attr:`DistanceStandard.threshold`,
:attr:`TimeLimit.threshold`) that the one-value checks and the table checks both evaluate.
"""

from __future__ import annotations

__all__ = [
    "AccessStandards",
    "DistanceKind",
    "DistanceStandard",
    "ServiceStandard",
    "TimeLimit",
    "TimeStandard",
    "TimeUnit",
]

import enum
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from tenncare_calc.core.codes import to_code
from tenncare_calc.core.errors import InvalidInputError
from tenncare_calc.core.thresholds import Comparison, Threshold
from tenncare_calc.core.values import format_decimal

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Mapping
    from decimal import Decimal

    from tenncare_calc.contract.parameters import ParameterValue
    from tenncare_calc.contract.profile import ContractProfile

#: The section every access finding cites.
ATTACHMENT_V = "Attachment V"

#: Microseconds in an hour: an hours limit is compared on the exact times, to the microsecond.
MICROS_PER_HOUR = 60 * 60_000_000

#: The names a time standard's limits are keyed by in the profile.
VARIANTS = (
    "routine",
    "urgent",
    "emergency",
    "emergency_involuntary",
    "involuntary",
    "voluntary",
    "detoxification_emergency",
    "detoxification",
)


class DistanceKind(enum.Enum):
    """What kind of geographic access requirement a service type has."""

    #: Within N miles of the member's residence (possibly with a rural exception).
    MILES = "miles"
    #: "In accordance with Attachment III/IV": a standard set elsewhere, not in the source.
    ATTACHMENT = "attachment"
    #: "Not subject to access standards".
    NOT_SUBJECT = "not_subject"
    #: "Not Applicable", but placement more than N miles away needs the member's prior approval.
    PRIOR_APPROVAL = "prior_approval"


class TimeUnit(enum.Enum):
    """The unit of a maximum time to admission or appointment."""

    HOURS = "hours"
    CALENDAR_DAYS = "calendar days"
    BUSINESS_DAYS = "business days"


@attrs.frozen
class DistanceStandard:
    """A service type's geographic access requirement, with the contract's words.

    Its line is :attr:`threshold`: at most ``miles`` miles (a distance exactly at the miles meets
    it), the one value :func:`~tenncare_calc.compliance.access.distance.access_distance` and
    :func:`~tenncare_calc.compliance.access.distance_table.access_distance_table` both evaluate.
    """

    #: "Within N miles": a distance meets the standard up to and at the miles.
    comparison: ClassVar[Comparison] = Comparison.AT_MOST
    #: The unit of the miles, the measured distance and the margin.
    unit: ClassVar[str] = "miles"

    kind: DistanceKind
    text: str
    miles: Decimal | None = None
    #: "except in rural areas where community standards and documentation will apply".
    rural_exception: bool = False
    #: For ``attachment``: the standard referred to ("Attachment III for Hospitals").
    reference: str | None = None

    def describe(self) -> str:
        """Return the requirement in words."""
        if self.kind is DistanceKind.MILES and self.miles is not None:
            rural = " (rural areas: community standards and documentation)" * self.rural_exception
            return f"within {format_decimal(self.miles)} miles of the residence{rural}"
        if self.kind is DistanceKind.PRIOR_APPROVAL and self.miles is not None:
            return (
                f"placement more than {format_decimal(self.miles)} miles from the residence "
                "prior approved by the member or legal representative"
            )
        if self.kind is DistanceKind.ATTACHMENT:
            return f"in accordance with {self.reference}"
        return "not subject to access standards"

    @property
    def threshold(self) -> Threshold | None:
        """Return the line a distance must meet (at most the miles), or None when there are no miles.

        >>> from decimal import Decimal
        >>> within = DistanceStandard(DistanceKind.MILES, "Within 30 miles", Decimal(30)).threshold
        >>> within.describe(), within.met(Decimal(30)), within.met(Decimal("30.01"))
        ('at most 30 miles', True, False)
        """
        if self.miles is None:
            return None
        return Threshold(self.miles, self.unit, self.comparison)

    def to_dict(self) -> dict[str, Any]:
        """Return the requirement as JSON-ready data."""
        return {
            "kind": self.kind.value,
            "text": self.text,
            "miles": None if self.miles is None else str(self.miles),
            "rural_exception": self.rural_exception,
            "reference": self.reference,
        }


@attrs.frozen
class TimeLimit:
    """A maximum time: an amount of hours, calendar days or business days.

    Its line is :attr:`threshold`: at most the amount (an appointment exactly at the deadline is
    in time), the one value :func:`~tenncare_calc.compliance.access.timeliness.access_timeliness`
    and :func:`~tenncare_calc.compliance.access.timeliness_table.access_timeliness_table` both
    evaluate.
    """

    #: "Within N hours/days": an appointment meets the standard up to and at the deadline.
    comparison: ClassVar[Comparison] = Comparison.AT_MOST

    amount: int
    unit: TimeUnit

    def describe(self) -> str:
        """Return the limit in words (``3 business days``, ``1 hour``)."""
        unit = self.unit.value
        if self.amount == 1:
            unit = unit.removesuffix("s")
        return f"{self.amount} {unit}"

    @property
    def minutes(self) -> int:
        """Return an hours limit in minutes."""
        return self.amount * 60

    @property
    def threshold(self) -> Threshold:
        """Return the line an appointment must meet, in the unit the checks count the time in.

        Days limits count days (calendar or business days after the request day); an hours limit
        counts the exact time between request and appointment, in microseconds.

        >>> TimeLimit(3, TimeUnit.BUSINESS_DAYS).threshold.describe()
        'at most 3 business days'
        >>> TimeLimit(4, TimeUnit.HOURS).threshold.met(4 * MICROS_PER_HOUR + 1)
        False
        """
        if self.unit is TimeUnit.HOURS:
            return Threshold(self.amount * MICROS_PER_HOUR, "microseconds", self.comparison)
        return Threshold(self.amount, self.unit.value, self.comparison)


@attrs.frozen
class TimeStandard:
    """A service type's maximum time to admission or appointment, by variant, with the words."""

    limits: tuple[tuple[str, TimeLimit], ...]
    text: str
    #: What the time is measured from: "request" or "referral".
    measured_from: str = "request"

    def limit(self, variant: str) -> TimeLimit | None:
        """Return the limit for a variant name, or None when the service has none."""
        return dict(self.limits).get(variant)

    def variants(self) -> tuple[str, ...]:
        """Return the variant names the service has."""
        return tuple(name for name, _ in self.limits)

    def to_dict(self) -> dict[str, Any]:
        """Return the standard as JSON-ready data."""
        return {
            "limits": {name: limit.describe() for name, limit in self.limits},
            "text": self.text,
            "measured_from": self.measured_from,
        }


@attrs.frozen
class ServiceStandard:
    """One row of Attachment V: a service type, its codes, and its two standards."""

    id: str
    service_type: str
    group: str | None
    adult_codes: tuple[str, ...]
    child_codes: tuple[str, ...]
    #: Codes listed without an adult or child label.
    codes: tuple[str, ...]
    distance: DistanceStandard
    time: TimeStandard
    note: str | None = None

    def all_codes(self) -> tuple[str, ...]:
        """Return every service code of the row."""
        return (*self.adult_codes, *self.child_codes, *self.codes)

    def age_group(self, code: str) -> str:
        """Return ``adult``, ``child`` or ``any`` for one of the row's codes."""
        if code in self.adult_codes:
            return "adult"
        if code in self.child_codes:
            return "child"
        return "any"

    def label(self) -> str:
        """Return the service type, under its group when it has one."""
        return f"{self.group}: {self.service_type}" if self.group else self.service_type

    def to_dict(self) -> dict[str, Any]:
        """Return the row as JSON-ready data."""
        return {
            "id": self.id,
            "service_type": self.service_type,
            "group": self.group,
            "adult_codes": list(self.adult_codes),
            "child_codes": list(self.child_codes),
            "codes": list(self.codes),
            "distance": self.distance.to_dict(),
            "time": self.time.to_dict(),
            "note": self.note,
        }


@attrs.frozen
class AccessStandards:
    """Attachment V as data: the service rows, and the codes listed without a standard."""

    services: tuple[ServiceStandard, ...]
    #: Codes Attachment V lists only for the Provider Enrollment File, with no access standard.
    listed_without_standard: tuple[str, ...] = ()
    _by_code: Mapping[str, ServiceStandard] = attrs.field(
        init=False, repr=False, eq=False, factory=dict
    )

    def __attrs_post_init__(self) -> None:
        """Index the rows by code (a code in two rows is rejected by the record converter)."""
        index = {code: service for service in self.services for code in service.all_codes()}
        object.__setattr__(self, "_by_code", index)

    def codes(self) -> tuple[str, ...]:
        """Return every service code that has a standard, in table order."""
        return tuple(code for service in self.services for code in service.all_codes())

    def service(self, code: object) -> ServiceStandard:
        """Return the row of a service code; an unknown code is an error, never a silent pass."""
        text = service_code_text(code)
        found = self._by_code.get(text)
        if found is not None:
            return found
        raise InvalidInputError(_unknown_code(text, self), field="service_code", value=code)

    def to_records(self) -> list[dict[str, Any]]:
        """Return the rows as JSON-ready data."""
        return [service.to_dict() for service in self.services]

    def to_dict(self) -> dict[str, Any]:
        """Return the rows and the codes listed without a standard as JSON-ready data."""
        return {
            "services": self.to_records(),
            "listed_without_standard": list(self.listed_without_standard),
        }

    def describe(self) -> str:
        """Return a one-line summary."""
        return f"{len(self.services)} service types, {len(self.codes())} service codes"


def service_code_text(code: object) -> str:
    """Return a service code as the table writes it (text, upper case); a bad code is an error.

    Read as :func:`~tenncare_calc.core.codes.to_code` reads a code, which is how the table checks
    read a cell of their ``service_code`` column: a whole number of any numeric type (a numpy
    integer, ``Decimal("20")``, ``20.0``) is its digits; a fraction, NaN, a bool or another type
    is an error naming ``service_code`` and the value.

    >>> service_code_text(19), service_code_text(" b6 "), service_code_text(20.0)
    ('19', 'B6', '20')
    """
    return to_code(code, field="service_code", such_as="'19' or 'B5'")


def _unknown_code(text: str, standards: AccessStandards) -> str:
    if text in standards.listed_without_standard:
        return (
            f"service code {text!r} is listed in Attachment V for the Provider Enrollment File "
            "only; the access table sets no distance or time standard for it"
        )
    return (
        f"service code {text!r} is not in Attachment V; known codes: {', '.join(standards.codes())}"
    )


def profile_or_default(profile: ContractProfile | None) -> ContractProfile:
    """Return ``profile``, or the shipped profile when it is None.

    >>> from tenncare_calc import default_profile
    >>> profile_or_default(None) is default_profile()
    True
    """
    from tenncare_calc.contract.loader import resolve_profile  # noqa: PLC0415 - avoids an import cycle

    return resolve_profile(profile)


def standards_in_force(
    profile: ContractProfile | None, on: dt.date | None
) -> tuple[AccessStandards, ParameterValue]:
    """Return Attachment V in force on ``on`` (the latest when None), and its profile parameter.

    >>> standards, parameter = standards_in_force(None, None)
    >>> parameter.name, standards.service("20").distance.miles
    ('access.behavioral_health', Decimal('30'))
    """
    parameter = profile_or_default(profile).get("access.behavioral_health", on=on)
    standards: AccessStandards = parameter.value
    return standards, parameter
