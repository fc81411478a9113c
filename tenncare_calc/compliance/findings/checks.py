"""The catalogue of checks: each compliance check's id, title, clause and source document.

Finding amounts in a profile (``compliance.finding_amounts``) are keyed by these ids, and a
:class:`~tenncare_calc.compliance.findings.finding.Finding` must name one of them.

>>> CHECKS["access.distance"].title, CHECKS["access.distance"].sections
('Distance to service', ('Attachment V',))
"""

from __future__ import annotations

__all__ = ["CHECKS", "UM_CLAUSE", "Check"]

from typing import TYPE_CHECKING

import attrs

from tenncare_calc.core.errors import InvalidInputError

if TYPE_CHECKING:
    from collections.abc import Mapping


@attrs.frozen
class Check:
    """A kind of compliance check: its id (used in findings and in profile amounts), title, clause."""

    id: str
    title: str
    sections: tuple[str, ...]
    #: The document the clause comes from.
    source: str


_CRA = "TennCare CRA Amendment 3"
_UM = "Massachusetts One Care contract, Utilization Management clause"
#: The citation of the utilization-management clause, which has no section number in the source.
UM_CLAUSE = "One Care contract (Massachusetts): Utilization Management"

#: Every check the library performs, by id. Finding amounts in a profile are keyed by these ids.
CHECKS: Mapping[str, Check] = {
    check.id: check
    for check in (
        Check("access.timeliness", "Time to appointment", ("Attachment V",), _CRA),
        Check("access.distance", "Distance to service", ("Attachment V",), _CRA),
        Check(
            "nemt.request_lead_time",
            "NEMT request lead time",
            ("Attachment XI A.3.2",),
            _CRA,
        ),
        Check("nemt.decision_time", "NEMT decision time", ("Attachment XI A.5.1.3",), _CRA),
        Check(
            "nemt.fixed_route",
            "Fixed route appropriateness",
            ("Attachment XI A.4.3.2.4", "Attachment XI A.4.3.2.5"),
            _CRA,
        ),
        Check(
            "nemt.fixed_route.walk_distance",
            "Fixed route: walk to or from a stop",
            ("Attachment XI A.4.3.2.4.1",),
            _CRA,
        ),
        Check(
            "nemt.fixed_route.transfers",
            "Fixed route: transfers per leg",
            ("Attachment XI A.4.3.2.4.2",),
            _CRA,
        ),
        Check(
            "nemt.fixed_route.added_travel_time",
            "Fixed route: added travel time",
            ("Attachment XI A.4.3.2.4.3",),
            _CRA,
        ),
        Check(
            "nemt.fixed_route.early_arrival",
            "Fixed route: arrival before the appointment",
            ("Attachment XI A.4.3.2.4.4",),
            _CRA,
        ),
        Check(
            "nemt.fixed_route.return_wait",
            "Fixed route: wait after the appointment",
            ("Attachment XI A.4.3.2.4.4",),
            _CRA,
        ),
        Check(
            "nemt.fixed_route.physician_statement",
            "Fixed route: physician's written statement",
            ("Attachment XI A.4.3.2.5",),
            _CRA,
        ),
        Check(
            "nemt.multi_passenger_ride",
            "Multi-passenger ride time",
            ("Attachment XI A.5.2.2",),
            _CRA,
        ),
        Check("nemt.trip_manifest", "NEMT trip manifest", ("Attachment XI A.5.5.1",), _CRA),
        Check("nemt.escorts", "NEMT escort and accompanying adult", ("2.6.1.2",), _CRA),
        Check(
            "nemt.meals_lodging",
            "NEMT meals and lodging",
            ("2.7.5.4.6.1",),
            _CRA,
        ),
        Check(
            "utilization.level_iii_5_review",
            "Level III.5 utilization review timing",
            (UM_CLAUSE,),
            _UM,
        ),
        Check(
            "utilization.level_iii_5_restrictive_decision",
            "Level III.5 restrictive decision",
            (UM_CLAUSE,),
            _UM,
        ),
        Check(
            "claims.percent_of_billed_charges",
            "Reimbursement as a percentage of billed charges",
            ("2.13.2.1", "2.13.2.2", "2.13.2.3"),
            _CRA,
        ),
        Check(
            "claims.global_obstetric",
            "Global obstetric claim with encounter data",
            ("2.12.7.32",),
            _CRA,
        ),
        Check("nemt.exclusions", "NEMT benefit exclusions", ("2.6.1.2",), _CRA),
        Check(
            "nemt.member_notification",
            "Member notified of the arrangements",
            ("Attachment XI A.5.4",),
            _CRA,
        ),
        Check(
            "nemt.minor_denial",
            "Denial of a minor's transportation",
            ("Attachment XI A.4.1.1",),
            _CRA,
        ),
        Check("quality.pips", "Performance improvement projects", ("2.15.3.1",), _CRA),
    )
}


def check_named(check_id: str) -> Check:
    """Return the check whose id is ``check_id``; an id the library does not check is an error.

    >>> check_named("nemt.escorts").sections
    ('2.6.1.2',)
    """
    try:
        return CHECKS[check_id]
    except KeyError:
        raise InvalidInputError(
            f"'check' must be one of the library's checks {sorted(CHECKS)} (got {check_id!r})",
            field="check",
            value=check_id,
        ) from None
