"""Compliance checks: access (Attachment V), NEMT (Attachment XI), utilization management.

The public names of the package's modules, importable from ``tenncare_calc.compliance``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import tenncare_calc.compliance.section  # noqa: F401 - declares its section of the profile
from tenncare_calc.core.exports import lazy_exports

if TYPE_CHECKING:
    from tenncare_calc.compliance.access.distance import access_distance
    from tenncare_calc.compliance.access.distance_table import access_distance_table
    from tenncare_calc.compliance.access.records import access_standards_from_records
    from tenncare_calc.compliance.access.standards import (
        AccessStandards,
        DistanceKind,
        DistanceStandard,
        ServiceStandard,
        TimeLimit,
        TimeStandard,
        TimeUnit,
    )
    from tenncare_calc.compliance.access.timeliness import access_timeliness
    from tenncare_calc.compliance.access.timeliness_table import access_timeliness_table
    from tenncare_calc.compliance.access.variants import Admission, Urgency
    from tenncare_calc.compliance.claims import (
        global_obstetric_claim,
        global_obstetric_claims_table,
        percent_of_billed_charges,
        percent_of_billed_charges_table,
    )
    from tenncare_calc.compliance.findings import (
        CHECKS,
        UM_CLAUSE,
        Check,
        Finding,
        FindingAmounts,
        FindingsTable,
        Outcome,
        PricedFindings,
        PricingLine,
        carried_columns,
        finding_amounts_from_records,
        findings_from_columns,
        minutes_from_micros,
        price_findings,
        read_with_carried,
    )
    from tenncare_calc.compliance.nemt import (
        Exemption,
        TransportMode,
        decision_time,
        decision_time_table,
        escort_coverage,
        fixed_route_appropriateness,
        meals_and_lodging,
        member_notification,
        member_notification_table,
        minor_denial,
        minor_denials_table,
        multi_passenger_ride_time,
        nemt_exclusion,
        nemt_exclusions_table,
        request_lead_time,
        request_lead_time_table,
        trip_manifest,
        trip_manifest_table,
    )
    from tenncare_calc.compliance.quality import pip_list_check
    from tenncare_calc.compliance.utilization.enrollee_profiles import (
        EnrolleeProfiles,
        enrollee_profiles,
    )
    from tenncare_calc.compliance.utilization.level_iii_5 import (
        level_iii_5_restrictive_decision,
        level_iii_5_review,
    )
    from tenncare_calc.compliance.utilization.no_utilization import (
        NoUtilizationReport,
        no_utilization_report,
    )
    from tenncare_calc.compliance.utilization.no_utilization_window import (
        NoUtilizationWindow,
        no_utilization_window,
    )
    from tenncare_calc.compliance.utilization.profiles import ProviderProfiles, provider_profiles
    from tenncare_calc.compliance.utilization.sample import (
        MonthlySample,
        monthly_sample,
        sample_enrollees,
    )


__all__ = [
    "CHECKS",
    "UM_CLAUSE",
    "AccessStandards",
    "Admission",
    "Check",
    "DistanceKind",
    "DistanceStandard",
    "EnrolleeProfiles",
    "Exemption",
    "Finding",
    "FindingAmounts",
    "FindingsTable",
    "MonthlySample",
    "NoUtilizationReport",
    "NoUtilizationWindow",
    "Outcome",
    "PricedFindings",
    "PricingLine",
    "ProviderProfiles",
    "ServiceStandard",
    "TimeLimit",
    "TimeStandard",
    "TimeUnit",
    "TransportMode",
    "Urgency",
    "access_distance",
    "access_distance_table",
    "access_standards_from_records",
    "access_timeliness",
    "access_timeliness_table",
    "carried_columns",
    "decision_time",
    "decision_time_table",
    "enrollee_profiles",
    "escort_coverage",
    "finding_amounts_from_records",
    "findings_from_columns",
    "fixed_route_appropriateness",
    "global_obstetric_claim",
    "global_obstetric_claims_table",
    "level_iii_5_restrictive_decision",
    "level_iii_5_review",
    "meals_and_lodging",
    "member_notification",
    "member_notification_table",
    "minor_denial",
    "minor_denials_table",
    "minutes_from_micros",
    "monthly_sample",
    "multi_passenger_ride_time",
    "nemt_exclusion",
    "nemt_exclusions_table",
    "no_utilization_report",
    "no_utilization_window",
    "percent_of_billed_charges",
    "percent_of_billed_charges_table",
    "pip_list_check",
    "price_findings",
    "provider_profiles",
    "read_with_carried",
    "request_lead_time",
    "request_lead_time_table",
    "sample_enrollees",
    "trip_manifest",
    "trip_manifest_table",
]

__getattr__, __dir__ = lazy_exports(
    __name__,
    {
        "AccessStandards": "tenncare_calc.compliance.access.standards",
        "Admission": "tenncare_calc.compliance.access.variants",
        "DistanceKind": "tenncare_calc.compliance.access.standards",
        "DistanceStandard": "tenncare_calc.compliance.access.standards",
        "ServiceStandard": "tenncare_calc.compliance.access.standards",
        "TimeLimit": "tenncare_calc.compliance.access.standards",
        "TimeStandard": "tenncare_calc.compliance.access.standards",
        "TimeUnit": "tenncare_calc.compliance.access.standards",
        "Urgency": "tenncare_calc.compliance.access.variants",
        "access_distance": "tenncare_calc.compliance.access.distance",
        "access_distance_table": "tenncare_calc.compliance.access.distance_table",
        "access_standards_from_records": "tenncare_calc.compliance.access.records",
        "access_timeliness": "tenncare_calc.compliance.access.timeliness",
        "access_timeliness_table": "tenncare_calc.compliance.access.timeliness_table",
        "CHECKS": "tenncare_calc.compliance.findings",
        "UM_CLAUSE": "tenncare_calc.compliance.findings",
        "Check": "tenncare_calc.compliance.findings",
        "Finding": "tenncare_calc.compliance.findings",
        "FindingAmounts": "tenncare_calc.compliance.findings",
        "FindingsTable": "tenncare_calc.compliance.findings",
        "Outcome": "tenncare_calc.compliance.findings",
        "PricedFindings": "tenncare_calc.compliance.findings",
        "PricingLine": "tenncare_calc.compliance.findings",
        "carried_columns": "tenncare_calc.compliance.findings",
        "finding_amounts_from_records": "tenncare_calc.compliance.findings",
        "findings_from_columns": "tenncare_calc.compliance.findings",
        "minutes_from_micros": "tenncare_calc.compliance.findings",
        "price_findings": "tenncare_calc.compliance.findings",
        "read_with_carried": "tenncare_calc.compliance.findings",
        "Exemption": "tenncare_calc.compliance.nemt",
        "TransportMode": "tenncare_calc.compliance.nemt",
        "decision_time": "tenncare_calc.compliance.nemt",
        "decision_time_table": "tenncare_calc.compliance.nemt",
        "escort_coverage": "tenncare_calc.compliance.nemt",
        "fixed_route_appropriateness": "tenncare_calc.compliance.nemt",
        "meals_and_lodging": "tenncare_calc.compliance.nemt",
        "multi_passenger_ride_time": "tenncare_calc.compliance.nemt",
        "request_lead_time": "tenncare_calc.compliance.nemt",
        "request_lead_time_table": "tenncare_calc.compliance.nemt",
        "trip_manifest": "tenncare_calc.compliance.nemt",
        "trip_manifest_table": "tenncare_calc.compliance.nemt",
        "MonthlySample": "tenncare_calc.compliance.utilization.sample",
        "NoUtilizationReport": "tenncare_calc.compliance.utilization.no_utilization",
        "NoUtilizationWindow": "tenncare_calc.compliance.utilization.no_utilization_window",
        "ProviderProfiles": "tenncare_calc.compliance.utilization.profiles",
        "level_iii_5_restrictive_decision": "tenncare_calc.compliance.utilization.level_iii_5",
        "level_iii_5_review": "tenncare_calc.compliance.utilization.level_iii_5",
        "monthly_sample": "tenncare_calc.compliance.utilization.sample",
        "no_utilization_report": "tenncare_calc.compliance.utilization.no_utilization",
        "no_utilization_window": "tenncare_calc.compliance.utilization.no_utilization_window",
        "provider_profiles": "tenncare_calc.compliance.utilization.profiles",
        "sample_enrollees": "tenncare_calc.compliance.utilization.sample",
        "pip_list_check": "tenncare_calc.compliance.quality",
        "EnrolleeProfiles": "tenncare_calc.compliance.utilization.enrollee_profiles",
        "enrollee_profiles": "tenncare_calc.compliance.utilization.enrollee_profiles",
        "global_obstetric_claim": "tenncare_calc.compliance.claims",
        "global_obstetric_claims_table": "tenncare_calc.compliance.claims",
        "percent_of_billed_charges": "tenncare_calc.compliance.claims",
        "percent_of_billed_charges_table": "tenncare_calc.compliance.claims",
        "nemt_exclusion": "tenncare_calc.compliance.nemt",
        "nemt_exclusions_table": "tenncare_calc.compliance.nemt",
        "minor_denial": "tenncare_calc.compliance.nemt",
        "minor_denials_table": "tenncare_calc.compliance.nemt",
        "member_notification": "tenncare_calc.compliance.nemt",
        "member_notification_table": "tenncare_calc.compliance.nemt",
    },
)
