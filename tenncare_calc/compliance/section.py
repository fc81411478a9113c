"""The compliance sections of the contract profile: Attachment V, Attachment XI, the UM clause.

``access.*`` (the behavioral-health access table), ``compliance.*`` (amounts per not-met finding,
none shipped), ``nemt.*`` (Attachment XI's lead times, limits and ages) and ``utilization.*`` (the
utilization-management clause and its outlier criteria), declared with their kinds when the package
is imported (see :mod:`tenncare_calc.contract.schema`).

>>> from tenncare_calc.contract.schema import SCHEMA
>>> SCHEMA["nemt.decision_hours"].name
'positive whole number'
"""

from __future__ import annotations

__all__ = ["ACCESS_STANDARDS", "FINDING_AMOUNTS"]

from tenncare_calc.compliance.access.records import access_standards_from_records
from tenncare_calc.compliance.findings.pricing import finding_amounts_from_records
from tenncare_calc.contract.kinds import (
    COUNT,
    POSITIVE_COUNT,
    POSITIVE_NUMBER,
    RATE,
    Kind,
    choice,
    described,
)
from tenncare_calc.contract.schema import declare

#: Attachment V as data: service types, codes, distance and time standards.
ACCESS_STANDARDS = Kind(
    "access standards table",
    lambda raw, field: access_standards_from_records(raw, field=field),
    described,
)
#: Amounts per not-met finding by check id (Exhibit F is not in the source: none ship).
FINDING_AMOUNTS = Kind(
    "amounts per not-met finding",
    lambda raw, field: finding_amounts_from_records(raw, field=field),
    described,
)

declare("access", {"behavioral_health": ACCESS_STANDARDS})
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
    },
)
