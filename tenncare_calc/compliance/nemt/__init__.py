"""Non-emergency medical transportation: the benefit (§2.6.1.2, §2.7.5.4.6) and Attachment XI.

Each check returns a :class:`~tenncare_calc.compliance.findings.Finding` citing its clause; the thresholds are
profile parameters (``nemt.*``). Attachment XI's operating standards are in force from
2008-09-01 in the shipped profile (A.2.1: every NEMT requirement implemented "by September 1,
2008").

* :func:`request_lead_time` - A.3.2: requests should come 72 hours ahead; later requests must still
  be accommodated when at least 3 hours (urban pick-up) or 4 hours (non-urban) remain; urgent trips,
  provider-initiated scheduling changes and follow-ups that cannot be scheduled ahead are exempt.
* :func:`decision_time` - A.5.1.3: approve and schedule, or deny, all legs within 24 hours of the
  request, and in time for the member to get to the appointment.
* :func:`fixed_route_appropriateness` - A.4.3.2.4-5: walk at most 1/4 mile to or from a stop, at
  most one transfer per leg, at most 60 minutes added over direct transportation, arrival at most
  60 minutes early, a wait of at most 60 minutes after the appointment, and never against a
  physician's written statement.
* :func:`multi_passenger_ride_time` - A.5.2.2: at most one hour longer than the direct trip.
* :func:`trip_manifest` - A.5.5.1: the manifest reaches the NEMT provider by its close of business
  the day before the trip.
* :func:`escort_coverage` and :func:`meals_and_lodging` - §2.6.1.2, §2.7.5.4.6.1.
* :func:`nemt_exclusion` - §2.6.1.2: private automobile reimbursement, trips to HCBS-waiver
  services and separate escort payments are not covered NEMT.
* :func:`member_notification` - A.5.4: the member told of the arrangements within the A.5.1.3
  timeframe and before the date of the service, with the provider, pick-up and destination.
* :func:`minor_denial` - A.4.1.1: no blanket denial of a minor's trip for age or lack of an
  accompanying adult; the age of consent for mental health treatment is 16.

>>> import datetime as dt
>>> from tenncare_calc.compliance.nemt import decision_time
>>> finding = decision_time(requested_at=dt.datetime(2008, 10, 6, 9, 0),
...     decided_at=dt.datetime(2008, 10, 7, 9, 30), pickup_at=dt.datetime(2008, 10, 9, 8, 0))
>>> finding.outcome.value, finding.margin, finding.unit
('not_met', Decimal('-30'), 'minutes')

Exhibit F (the NEMT liquidated damages) is not in the source: price findings with your own amounts
through :func:`tenncare_calc.compliance.findings.price_findings`.

The checks live in a module per concept: :mod:`.requests` (A.3.2), :mod:`.decisions` (A.5.1.3),
:mod:`.fixed_route` (A.4.3.2.4-5), :mod:`.multi_passenger` (A.5.2.2), :mod:`.manifests`
(A.5.5.1), :mod:`.notification` (A.5.4), :mod:`.minor_denials` (A.4.1.1), :mod:`.benefit` and
:mod:`.exclusions` (§2.6.1.2, §2.7.5.4.6.1); every line they measure against is defined
once in :mod:`.standards`, for the one-value and the table check alike. The names are imported
when first used, so a command that runs one check loads only its module.
"""

from __future__ import annotations

__all__ = [
    "Exemption",
    "TransportMode",
    "decision_time",
    "decision_time_table",
    "escort_coverage",
    "fixed_route_appropriateness",
    "meals_and_lodging",
    "member_notification",
    "member_notification_table",
    "minor_denial",
    "minor_denials_table",
    "multi_passenger_ride_time",
    "nemt_exclusion",
    "nemt_exclusions_table",
    "request_lead_time",
    "request_lead_time_table",
    "trip_manifest",
    "trip_manifest_table",
]

from typing import TYPE_CHECKING

from tenncare_calc.core.exports import lazy_exports

if TYPE_CHECKING:
    from tenncare_calc.compliance.nemt.benefit import (
        TransportMode,
        escort_coverage,
        meals_and_lodging,
    )
    from tenncare_calc.compliance.nemt.decisions import decision_time, decision_time_table
    from tenncare_calc.compliance.nemt.exclusions import nemt_exclusion, nemt_exclusions_table
    from tenncare_calc.compliance.nemt.fixed_route import fixed_route_appropriateness
    from tenncare_calc.compliance.nemt.manifests import trip_manifest, trip_manifest_table
    from tenncare_calc.compliance.nemt.minor_denials import minor_denial, minor_denials_table
    from tenncare_calc.compliance.nemt.multi_passenger import multi_passenger_ride_time
    from tenncare_calc.compliance.nemt.notification import (
        member_notification,
        member_notification_table,
    )
    from tenncare_calc.compliance.nemt.requests import (
        Exemption,
        request_lead_time,
        request_lead_time_table,
    )

__getattr__, __dir__ = lazy_exports(
    __name__,
    {
        "TransportMode": "tenncare_calc.compliance.nemt.benefit",
        "escort_coverage": "tenncare_calc.compliance.nemt.benefit",
        "meals_and_lodging": "tenncare_calc.compliance.nemt.benefit",
        "decision_time": "tenncare_calc.compliance.nemt.decisions",
        "decision_time_table": "tenncare_calc.compliance.nemt.decisions",
        "nemt_exclusion": "tenncare_calc.compliance.nemt.exclusions",
        "nemt_exclusions_table": "tenncare_calc.compliance.nemt.exclusions",
        "fixed_route_appropriateness": "tenncare_calc.compliance.nemt.fixed_route",
        "trip_manifest": "tenncare_calc.compliance.nemt.manifests",
        "trip_manifest_table": "tenncare_calc.compliance.nemt.manifests",
        "minor_denial": "tenncare_calc.compliance.nemt.minor_denials",
        "minor_denials_table": "tenncare_calc.compliance.nemt.minor_denials",
        "multi_passenger_ride_time": "tenncare_calc.compliance.nemt.multi_passenger",
        "member_notification": "tenncare_calc.compliance.nemt.notification",
        "member_notification_table": "tenncare_calc.compliance.nemt.notification",
        "Exemption": "tenncare_calc.compliance.nemt.requests",
        "request_lead_time": "tenncare_calc.compliance.nemt.requests",
        "request_lead_time_table": "tenncare_calc.compliance.nemt.requests",
    },
)
