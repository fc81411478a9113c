"""Behavioral-health access and availability (Attachment V): distance and time to appointment.

Attachment V sets, for each behavioral-health service type (identified by its adult and child
service codes), a **geographic access requirement** (within 30, 60 or 100 miles of the member's
residence, sometimes "except in rural areas where community standards and documentation will
apply"; in accordance with Attachment III or IV; or not subject to access standards) and a **maximum
time for admission or appointment** (in hours, calendar days or business days, with urgent,
emergency, involuntary and detoxification variants). The table is contract data
(``access.behavioral_health`` in the profile); the checks here are small functions over it.

>>> import datetime as dt
>>> from tenncare_calc.compliance.access import access_distance, access_timeliness
>>> finding = access_timeliness("19", requested_at=dt.date(2008, 12, 23),
...     appointment_at=dt.date(2008, 12, 30), urgency="urgent")
>>> finding.outcome.value, finding.standard
('not_met', 'within 3 business days of the request (if urgent)')
>>> access_distance("20", "30.5").margin
Decimal('-0.5')

The modules, one per concept: :mod:`~tenncare_calc.compliance.access.standards` (the table as
data, each standard's line one :class:`~tenncare_calc.core.thresholds.Threshold`) and
:mod:`~tenncare_calc.compliance.access.records` (reading it from the profile);
:mod:`~tenncare_calc.compliance.access.variants` (choosing the limit for a request);
:mod:`~tenncare_calc.compliance.access.timeliness` and
:mod:`~tenncare_calc.compliance.access.timeliness_table` (time to appointment, one value and a
table); :mod:`~tenncare_calc.compliance.access.distance` and
:mod:`~tenncare_calc.compliance.access.distance_table` (distance, one value and a table). The
names are imported when first used, so the profile's section can read the table without loading
the checks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

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

__all__ = [
    "AccessStandards",
    "Admission",
    "DistanceKind",
    "DistanceStandard",
    "ServiceStandard",
    "TimeLimit",
    "TimeStandard",
    "TimeUnit",
    "Urgency",
    "access_distance",
    "access_distance_table",
    "access_standards_from_records",
    "access_timeliness",
    "access_timeliness_table",
]

__getattr__, __dir__ = lazy_exports(
    __name__,
    {
        "AccessStandards": "tenncare_calc.compliance.access.standards",
        "DistanceKind": "tenncare_calc.compliance.access.standards",
        "DistanceStandard": "tenncare_calc.compliance.access.standards",
        "ServiceStandard": "tenncare_calc.compliance.access.standards",
        "TimeLimit": "tenncare_calc.compliance.access.standards",
        "TimeStandard": "tenncare_calc.compliance.access.standards",
        "TimeUnit": "tenncare_calc.compliance.access.standards",
        "access_standards_from_records": "tenncare_calc.compliance.access.records",
        "Admission": "tenncare_calc.compliance.access.variants",
        "Urgency": "tenncare_calc.compliance.access.variants",
        "access_timeliness": "tenncare_calc.compliance.access.timeliness",
        "access_timeliness_table": "tenncare_calc.compliance.access.timeliness_table",
        "access_distance": "tenncare_calc.compliance.access.distance",
        "access_distance_table": "tenncare_calc.compliance.access.distance_table",
    },
)
