"""tenncare_calc: the money clauses of the TennCare Contractor Risk Agreement, exact and explained.

The public names are importable from here; each is documented in its own module. Importing the
package loads the core, the profile's schema with the section every rule package declares (the
declarations import no rule), and the output surfaces; the profile loader and each rule module
are imported when one of their names is first used.

>>> import tenncare_calc as tc
>>> tc.minimum_effect_size("59.99"), tc.pmpm_incentive(1_000_000, 2)
(Decimal('6'), Decimal('60000.00'))
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import tenncare_calc.compliance.section
import tenncare_calc.contract.calendar
import tenncare_calc.damages.section
import tenncare_calc.outputs
import tenncare_calc.p4p.section  # noqa: F401 - each declares its section of the profile
from tenncare_calc.core.errors import (
    InvalidInputError,
    InvalidTypeError,
    InvalidValueError,
    MissingDependencyError,
    MissingValueError,
    OutsideTermError,
    ProfileError,
    RejectedRowsError,
    TennCareError,
)
from tenncare_calc.core.exports import lazy_exports

if TYPE_CHECKING:
    from tenncare_calc import damages, program
    from tenncare_calc.compliance import (
        Finding,
        FindingsTable,
        Outcome,
        access_distance,
        access_distance_table,
        access_timeliness,
        access_timeliness_table,
        decision_time,
        decision_time_table,
        escort_coverage,
        fixed_route_appropriateness,
        level_iii_5_restrictive_decision,
        level_iii_5_review,
        meals_and_lodging,
        monthly_sample,
        multi_passenger_ride_time,
        no_utilization_report,
        price_findings,
        provider_profiles,
        request_lead_time,
        request_lead_time_table,
        sample_enrollees,
        trip_manifest,
        trip_manifest_table,
    )
    from tenncare_calc.contract import calendar
    from tenncare_calc.contract.loader import default_profile, load_profile
    from tenncare_calc.contract.profile import ContractProfile
    from tenncare_calc.enrollment import (
        CommunityTenure,
        MemberMonths,
        TenureCounts,
        community_tenure,
        member_months,
    )
    from tenncare_calc.p4p import (
        CapResult,
        EffectSizeTable,
        ImprovementRates,
        IncentiveStatement,
        MeasureLine,
        PercentileRate,
        apply_capitation_cap,
        baseline_year,
        first_full_calendar_year,
        incentive_statement,
        is_significant_improvement,
        minimum_effect_size,
        payment_date,
        pmpm_incentive,
    )
    from tenncare_calc.program import (
        Comparison,
        ProgramRun,
        Reconciliation,
        compare,
        program_from_folder,
        program_run,
        reconcile,
    )

__version__ = "0.1.0"

__all__ = [
    "CapResult",
    "CommunityTenure",
    "Comparison",
    "ContractProfile",
    "EffectSizeTable",
    "Finding",
    "FindingsTable",
    "ImprovementRates",
    "IncentiveStatement",
    "InvalidInputError",
    "InvalidTypeError",
    "InvalidValueError",
    "MeasureLine",
    "MemberMonths",
    "MissingDependencyError",
    "MissingValueError",
    "Outcome",
    "OutsideTermError",
    "PercentileRate",
    "ProfileError",
    "ProgramRun",
    "Reconciliation",
    "RejectedRowsError",
    "TennCareError",
    "TenureCounts",
    "__version__",
    "access_distance",
    "access_distance_table",
    "access_timeliness",
    "access_timeliness_table",
    "apply_capitation_cap",
    "baseline_year",
    "calendar",
    "community_tenure",
    "compare",
    "damages",
    "decision_time",
    "decision_time_table",
    "default_profile",
    "escort_coverage",
    "first_full_calendar_year",
    "fixed_route_appropriateness",
    "incentive_statement",
    "is_significant_improvement",
    "level_iii_5_restrictive_decision",
    "level_iii_5_review",
    "load_profile",
    "meals_and_lodging",
    "member_months",
    "minimum_effect_size",
    "monthly_sample",
    "multi_passenger_ride_time",
    "no_utilization_report",
    "payment_date",
    "pmpm_incentive",
    "price_findings",
    "program",
    "program_from_folder",
    "program_run",
    "provider_profiles",
    "reconcile",
    "request_lead_time",
    "request_lead_time_table",
    "sample_enrollees",
    "trip_manifest",
    "trip_manifest_table",
]

__getattr__, __dir__ = lazy_exports(
    __name__,
    {
        "Finding": "tenncare_calc.compliance",
        "FindingsTable": "tenncare_calc.compliance",
        "Outcome": "tenncare_calc.compliance",
        "access_distance": "tenncare_calc.compliance",
        "access_distance_table": "tenncare_calc.compliance",
        "access_timeliness": "tenncare_calc.compliance",
        "access_timeliness_table": "tenncare_calc.compliance",
        "decision_time": "tenncare_calc.compliance",
        "decision_time_table": "tenncare_calc.compliance",
        "escort_coverage": "tenncare_calc.compliance",
        "fixed_route_appropriateness": "tenncare_calc.compliance",
        "level_iii_5_restrictive_decision": "tenncare_calc.compliance",
        "level_iii_5_review": "tenncare_calc.compliance",
        "meals_and_lodging": "tenncare_calc.compliance",
        "monthly_sample": "tenncare_calc.compliance",
        "multi_passenger_ride_time": "tenncare_calc.compliance",
        "no_utilization_report": "tenncare_calc.compliance",
        "price_findings": "tenncare_calc.compliance",
        "provider_profiles": "tenncare_calc.compliance",
        "request_lead_time": "tenncare_calc.compliance",
        "request_lead_time_table": "tenncare_calc.compliance",
        "sample_enrollees": "tenncare_calc.compliance",
        "trip_manifest": "tenncare_calc.compliance",
        "trip_manifest_table": "tenncare_calc.compliance",
        "ContractProfile": "tenncare_calc.contract.profile",
        "default_profile": "tenncare_calc.contract.loader",
        "load_profile": "tenncare_calc.contract.loader",
        "CommunityTenure": "tenncare_calc.enrollment",
        "MemberMonths": "tenncare_calc.enrollment",
        "TenureCounts": "tenncare_calc.enrollment",
        "CapResult": "tenncare_calc.p4p",
        "EffectSizeTable": "tenncare_calc.p4p",
        "ImprovementRates": "tenncare_calc.p4p",
        "IncentiveStatement": "tenncare_calc.p4p",
        "MeasureLine": "tenncare_calc.p4p",
        "PercentileRate": "tenncare_calc.p4p",
        "apply_capitation_cap": "tenncare_calc.p4p",
        "baseline_year": "tenncare_calc.p4p",
        "first_full_calendar_year": "tenncare_calc.p4p",
        "incentive_statement": "tenncare_calc.p4p",
        "is_significant_improvement": "tenncare_calc.p4p",
        "minimum_effect_size": "tenncare_calc.p4p",
        "payment_date": "tenncare_calc.p4p",
        "pmpm_incentive": "tenncare_calc.p4p",
        "community_tenure": "tenncare_calc.enrollment",
        "member_months": "tenncare_calc.enrollment",
        "Comparison": "tenncare_calc.program",
        "ProgramRun": "tenncare_calc.program",
        "Reconciliation": "tenncare_calc.program",
        "compare": "tenncare_calc.program",
        "program_from_folder": "tenncare_calc.program",
        "program_run": "tenncare_calc.program",
        "reconcile": "tenncare_calc.program",
    },
    modules={
        "damages": "tenncare_calc.damages",
        "calendar": "tenncare_calc.contract.calendar",
        "program": "tenncare_calc.program",
    },
)
