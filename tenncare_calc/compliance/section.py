"""The compliance sections of the contract profile: Attachment V, Attachment XI, the UM clause.

``access.*`` (the behavioral-health access table), ``compliance.*`` (amounts per not-met finding,
none shipped), ``claims.*`` (§2.12.7.32 and §2.13.2: code lists and pricing methods, none in the
source), ``quality.*`` (§2.15.3.1 performance improvement projects), ``nemt.*`` (Attachment XI's
lead times, limits and ages) and ``utilization.*`` (the utilization-management clause and its
outlier criteria), declared with their kinds when the package is imported (see
:mod:`tenncare_calc.contract.schema`). Declaring costs no rule module: a table's kind imports the
module that reads it (Attachment V's records, the amounts per finding) when a profile's value is
first converted, so a command that reads no compliance parameter imports no compliance rule.

>>> from tenncare_calc.contract.schema import SCHEMA
>>> SCHEMA["nemt.decision_hours"].name
'positive whole number'
"""

from __future__ import annotations

__all__ = ["ACCESS_STANDARDS", "AGE_BANDS", "FINDING_AMOUNTS", "AgeBands", "age_bands_from_records"]

import bisect
import itertools

import attrs

from tenncare_calc.contract.kinds import (
    COUNT,
    POSITIVE_COUNT,
    POSITIVE_NUMBER,
    RATE,
    TEXT,
    TEXT_LIST,
    Kind,
    choice,
    described,
)
from tenncare_calc.contract.schema import declare
from tenncare_calc.core.errors import InvalidInputError
from tenncare_calc.core.values import to_count


def _access_standards(raw: object, field: str) -> object:
    """Return Attachment V from a profile's records (its module imported on first use)."""
    from tenncare_calc.compliance.access.records import (  # noqa: PLC0415 - see the module
        access_standards_from_records,
    )

    return access_standards_from_records(raw, field=field)


def _finding_amounts(raw: object, field: str) -> object:
    """Return the amounts per not-met finding from a profile's records (imported on first use)."""
    from tenncare_calc.compliance.findings.pricing import (  # noqa: PLC0415 - see the module
        finding_amounts_from_records,
    )

    return finding_amounts_from_records(raw, field=field)


#: Attachment V as data: service types, codes, distance and time standards.
ACCESS_STANDARDS = Kind("access standards table", _access_standards, described)
#: Amounts per not-met finding by check id (Exhibit F is not in the source: none ship).
FINDING_AMOUNTS = Kind("amounts per not-met finding", _finding_amounts, described)


@attrs.frozen
class AgeBands:
    """The first age of each enrollee age band (a band runs to the next one's first age, less 1).

    >>> AgeBands((0, 1, 6)).label(5), AgeBands((0, 1, 6)).label(70)
    ('1-5', '6 and over')
    """

    starts: tuple[int, ...]

    def label(self, age: int) -> str:
        """Return the band of ``age`` as text (``15-20``, ``65 and over``)."""
        index = bisect.bisect_right(self.starts, age) - 1
        first = self.starts[index]
        if index + 1 == len(self.starts):
            return f"{first} and over"
        last = self.starts[index + 1] - 1
        return str(first) if first == last else f"{first}-{last}"

    def describe(self) -> str:
        """Return the first ages, comma-separated (how the profile shows the value)."""
        return ", ".join(str(age) for age in self.starts)

    def to_records(self) -> list[int]:
        """Return the first ages as a list (the profile's form)."""
        return list(self.starts)


def age_bands_from_records(raw: object, field: str) -> AgeBands:
    """Return the age bands from their first ages: whole numbers rising from 0.

    >>> age_bands_from_records([0, 1, 6], "bands").starts
    (0, 1, 6)
    >>> age_bands_from_records([1, 6], "bands")
    Traceback (most recent call last):
    ...
    tenncare_calc.InvalidInputError: 'bands' must be whole numbers rising from 0, such as [0, 1, 6, 15, 21, 45, 65] (got [1, 6])
    """
    ages = tuple(to_count(age, field=field) for age in raw) if isinstance(raw, list | tuple) else ()
    if not ages or ages[0] != 0 or any(b <= a for a, b in itertools.pairwise(ages)):
        raise InvalidInputError(
            f"{field!r} must be whole numbers rising from 0, such as [0, 1, 6, 15, 21, 45, 65] "
            f"(got {raw!r})",
            field=field,
            value=raw,
        )
    return AgeBands(ages)


#: The first age of each enrollee age band (enrollee profiles).
AGE_BANDS = Kind("age bands", age_bands_from_records, described, table_valued=True)

declare("access", {"behavioral_health": ACCESS_STANDARDS})
declare(
    "claims",
    {
        "percent_of_billed_methods": TEXT_LIST,
        "no_medicare_method_codes": TEXT_LIST,
        "global_obstetric_codes": TEXT_LIST,
    },
)
declare(
    "quality",
    {
        "pip_clinical_count": POSITIVE_COUNT,
        "pip_non_clinical_count": POSITIVE_COUNT,
        "pip_clinical_areas": TEXT_LIST,
        "pip_behavioral_health_programs": TEXT_LIST,
        "pip_behavioral_health_area": TEXT,
    },
)
declare("compliance", {"finding_amounts": FINDING_AMOUNTS})
declare(
    "nemt",
    {
        "request_lead_time_hours": POSITIVE_COUNT,
        "short_notice_hours_urban": POSITIVE_COUNT,
        "short_notice_hours_non_urban": POSITIVE_COUNT,
        "decision_hours": POSITIVE_COUNT,
        "fixed_route_walk_miles": POSITIVE_NUMBER,
        "fixed_route_transfers_per_leg": COUNT,
        "fixed_route_added_minutes": POSITIVE_COUNT,
        "fixed_route_early_arrival_minutes": POSITIVE_COUNT,
        "fixed_route_return_wait_minutes": POSITIVE_COUNT,
        "multi_passenger_added_minutes": POSITIVE_COUNT,
        "manifest_days_before": POSITIVE_COUNT,
        "escorts_per_member": POSITIVE_COUNT,
        "accompanying_adult_under_age": POSITIVE_COUNT,
        "child_under_age": POSITIVE_COUNT,
        "excluded_reimbursements": TEXT_LIST,
        "companion_payment_modes": TEXT_LIST,
        "minor_under_age": POSITIVE_COUNT,
        "mental_health_consent_age": POSITIVE_COUNT,
        "notification_elements": TEXT_LIST,
    },
)
declare(
    "utilization",
    {
        "monthly_sample_minimum": POSITIVE_COUNT,
        "level_iii_5_first_review_day": POSITIVE_COUNT,
        "level_iii_5_consecutive_days": POSITIVE_COUNT,
        "no_utilization_months": POSITIVE_COUNT,
        "outlier_method": choice("percentile", "standard_score"),
        "outlier_lower_percentile": RATE,
        "outlier_upper_percentile": RATE,
        "outlier_standard_score": POSITIVE_NUMBER,
        "outlier_minimum_peers": POSITIVE_COUNT,
        "enrollee_peer_columns": TEXT_LIST,
        "enrollee_age_bands": AGE_BANDS,
    },
)
