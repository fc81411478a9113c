"""tenncare_calc: the money clauses of the TennCare Contractor Risk Agreement, exact and explained.

The public names are importable from here; each is documented in its own module.

>>> import tenncare_calc as tc
>>> tc.minimum_effect_size("59.99"), tc.pmpm_incentive(1_000_000, 2)
(Decimal('6'), Decimal('60000.00'))
"""

import tenncare_calc.outputs  # noqa: F401 - installs the surfaces every result renders through
from tenncare_calc import damages
from tenncare_calc.compliance.access import (
    access_distance,
    access_distance_table,
    access_timeliness,
    access_timeliness_table,
)
from tenncare_calc.compliance.findings import Finding, FindingsTable, Outcome, price_findings
from tenncare_calc.compliance.nemt import (
    decision_time,
    decision_time_table,
    escort_coverage,
    fixed_route_appropriateness,
    meals_and_lodging,
    multi_passenger_ride_time,
    request_lead_time,
    request_lead_time_table,
    trip_manifest,
    trip_manifest_table,
)
from tenncare_calc.compliance.utilization import (
    level_iii_5_restrictive_decision,
    level_iii_5_review,
    monthly_sample,
    no_utilization_report,
    provider_profiles,
    sample_enrollees,
)
from tenncare_calc.contract import calendar
from tenncare_calc.contract.loader import default_profile, load_profile
from tenncare_calc.contract.profile import ContractProfile
from tenncare_calc.core.errors import (
    InvalidInputError,
    InvalidTypeError,
    InvalidValueError,
    MissingDependencyError,
    OutsideTermError,
    ProfileError,
    RejectedRowsError,
    TennCareError,
)
from tenncare_calc.enrollment.community_tenure import (
    CommunityTenure,
    TenureCounts,
    community_tenure,
)
from tenncare_calc.enrollment.member_months import MemberMonths, member_months
from tenncare_calc.p4p.cap import CapResult, apply_capitation_cap
from tenncare_calc.p4p.effect_size import (
    EffectSizeTable,
    is_significant_improvement,
    minimum_effect_size,
)
from tenncare_calc.p4p.incentives import (
    ImprovementRates,
    IncentiveStatement,
    MeasureLine,
    PercentileRate,
    baseline_year,
    first_full_calendar_year,
    incentive_statement,
    payment_date,
    pmpm_incentive,
)

__version__ = "0.1.0"

__all__ = [
    "CapResult",
    "CommunityTenure",
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
    "Outcome",
    "OutsideTermError",
    "PercentileRate",
    "ProfileError",
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
    "provider_profiles",
    "request_lead_time",
    "request_lead_time_table",
    "sample_enrollees",
    "trip_manifest",
    "trip_manifest_table",
]
