"""The ``damages`` section of the contract profile: the schedule of liquidated damages.

Attachment VII and §4.20.2.2.7 as data (ruling L7): each item's section, rule, amounts, reduction
and waiver terms and effective dates, declared with its kind when the package is imported (see
:mod:`tenncare_calc.contract.schema`).

>>> from tenncare_calc.contract.schema import SCHEMA
>>> SCHEMA["damages.schedule"].name
'damage schedule'
"""

from __future__ import annotations

__all__ = ["DAMAGE_SCHEDULE"]

from tenncare_calc.contract.kinds import Kind, described
from tenncare_calc.contract.schema import declare
from tenncare_calc.damages.schedule import schedule_from_records

#: The damage schedule: validated records, one per item.
DAMAGE_SCHEDULE = Kind(
    "damage schedule",
    lambda raw, field: schedule_from_records(raw, field=field),
    described,
    table_valued=True,
)

declare("damages", {"schedule": DAMAGE_SCHEDULE})
