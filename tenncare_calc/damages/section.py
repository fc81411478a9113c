"""The ``damages`` section of the contract profile: the schedule of liquidated damages.

Attachment VII and §4.20.2.2.7 as data (ruling L7): each item's section, rule, amounts, reduction
and waiver terms and effective dates; and what computing Attachment VII from data reads (the
required physician specialties, essential hospital services and Centers of Excellence, the
findings that breach the distance measure, the statistically valid sample's parameters). Declared
with their kinds when the package is imported (see :mod:`tenncare_calc.contract.schema`); the
schedule's module is imported when a profile's schedule is first converted, not to declare it.

>>> from tenncare_calc.contract.schema import SCHEMA
>>> SCHEMA["damages.schedule"].name
'damage schedule'
"""

from __future__ import annotations

__all__ = ["DAMAGE_SCHEDULE"]

from tenncare_calc.contract.kinds import POSITIVE_COUNT, RATE, TEXT_LIST, Kind, described
from tenncare_calc.contract.schema import declare


def _schedule(raw: object, field: str) -> object:
    """Return the damage schedule from a profile's records (its module imported on first use)."""
    from tenncare_calc.damages.schedule import schedule_from_records  # noqa: PLC0415 - see above

    return schedule_from_records(raw, field=field)


#: The damage schedule: validated records, one per item.
DAMAGE_SCHEDULE = Kind("damage schedule", _schedule, described, table_valued=True)

declare(
    "damages",
    {
        "schedule": DAMAGE_SCHEDULE,
        "physician_specialties": TEXT_LIST,
        "essential_hospital_services": TEXT_LIST,
        "aids_centers_of_excellence_minimum": POSITIVE_COUNT,
        "behavioral_health_centers_of_excellence": TEXT_LIST,
        "geographic_access_findings": TEXT_LIST,
        "sample_confidence_percent": RATE,
        "sample_margin_percent": RATE,
        "sample_expected_percent": RATE,
    },
)
