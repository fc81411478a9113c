"""Enrollment: member months from enrollment spans, community tenure from hospital stays.

The public names of the package's modules, importable from ``tenncare_calc.enrollment``. The
package is imported only when one of its names is first used (``tc.member_months``), so its modules
load here at once: the functions ``member_months`` and ``community_tenure`` must win over the
modules of the same names.
"""

from tenncare_calc.enrollment.community_tenure import (
    STAY_COLUMNS,
    CommunityTenure,
    TenureCounts,
    community_tenure,
)
from tenncare_calc.enrollment.member_months import (
    CONVENTIONS,
    MEMBER_MONTH_PLACES,
    SPAN_COLUMNS,
    MemberMonths,
    member_months,
)

__all__ = [
    "CONVENTIONS",
    "MEMBER_MONTH_PLACES",
    "SPAN_COLUMNS",
    "STAY_COLUMNS",
    "CommunityTenure",
    "MemberMonths",
    "TenureCounts",
    "community_tenure",
    "member_months",
]
