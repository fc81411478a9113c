"""Enrollment: member months from enrollment spans, community tenure from hospital stays.

The public names of the package's modules, importable from ``tenncare_calc.enrollment``. The
package is imported only when one of its names is first used (``tc.member_months``), so its modules
load here at once: the function ``community_tenure`` must win over the module of the same name.
"""

from tenncare_calc.enrollment.community_tenure import (
    STAY_COLUMNS,
    CommunityTenure,
    TenureCounts,
    community_tenure,
)
from tenncare_calc.enrollment.conventions import CONVENTIONS, MEMBER_MONTH_PLACES
from tenncare_calc.enrollment.member_month_count import member_months
from tenncare_calc.enrollment.month_figures import MemberMonths
from tenncare_calc.enrollment.spans import SPAN_COLUMNS

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
