"""Enrollment: member months from enrollment spans, community tenure from hospital stays.

The public names of the package's modules, importable from ``tenncare_calc.enrollment``.

Member months (§3.10.2.1, ruling MM1): ``conventions`` (the three conventions), ``spans`` (reading
and packing spans, the sweep into enrolled pieces), ``member_days`` (the partial result of a set of
members), ``month_figures`` (the :class:`MemberMonths` result) and ``member_month_count`` (the
:func:`member_months` entry point). Community tenure (§3.10.4, ruling P7): ``stays`` (loading and
packing stays), ``episodes``, ``readmissions`` (the partial result of a set of members),
``tenure_counts``, ``tenure_rate`` (the :class:`CommunityTenure` result) and ``tenure_measurement``
(the :func:`community_tenure` entry point).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tenncare_calc.core.exports import lazy_exports

if TYPE_CHECKING:
    from tenncare_calc.enrollment.conventions import CONVENTIONS, MEMBER_MONTH_PLACES
    from tenncare_calc.enrollment.member_month_count import member_months
    from tenncare_calc.enrollment.month_figures import MemberMonths
    from tenncare_calc.enrollment.spans import SPAN_COLUMNS
    from tenncare_calc.enrollment.stays import STAY_COLUMNS
    from tenncare_calc.enrollment.tenure_counts import TenureCounts
    from tenncare_calc.enrollment.tenure_measurement import community_tenure
    from tenncare_calc.enrollment.tenure_rate import CommunityTenure


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

__getattr__, __dir__ = lazy_exports(
    __name__,
    {
        "CONVENTIONS": "tenncare_calc.enrollment.conventions",
        "MEMBER_MONTH_PLACES": "tenncare_calc.enrollment.conventions",
        "member_months": "tenncare_calc.enrollment.member_month_count",
        "MemberMonths": "tenncare_calc.enrollment.month_figures",
        "SPAN_COLUMNS": "tenncare_calc.enrollment.spans",
        "STAY_COLUMNS": "tenncare_calc.enrollment.stays",
        "TenureCounts": "tenncare_calc.enrollment.tenure_counts",
        "community_tenure": "tenncare_calc.enrollment.tenure_measurement",
        "CommunityTenure": "tenncare_calc.enrollment.tenure_rate",
    },
)
