"""Multi-passenger trips (Attachment XI A.5.2.2): how much longer a member may ride than direct.

:func:`multi_passenger_ride_time` measures a leg's ride against direct transportation, on the line
:data:`~tenncare_calc.compliance.nemt.standards.RIDE_TIME`.
"""

from __future__ import annotations

__all__ = ["multi_passenger_ride_time"]

import datetime as dt  # noqa: TC003 - the doctests use it at run time
from typing import TYPE_CHECKING

from tenncare_calc.compliance.nemt.inputs import _minutes_value, _parameter, _shown
from tenncare_calc.compliance.nemt.standards import RIDE_TIME, _finding

if TYPE_CHECKING:
    from tenncare_calc.compliance.findings import Finding
    from tenncare_calc.contract.profile import ContractProfile


def multi_passenger_ride_time(
    *,
    ride_minutes: object,
    direct_minutes: object,
    on: dt.date | None = None,
    profile: ContractProfile | None = None,
) -> Finding:
    """Return whether a multi-passenger trip leg kept a member in the vehicle too long (A.5.2.2).

    The member may not remain in the vehicle more than one hour longer than the average travel
    time for direct transportation of that member: ``ride_minutes - direct_minutes <= 60``.

    >>> multi_passenger_ride_time(ride_minutes=95, direct_minutes=35, on=dt.date(2008, 10, 1)).met
    True
    >>> multi_passenger_ride_time(ride_minutes="95.5", direct_minutes=35, on=dt.date(2008, 10, 1)).margin
    Decimal('-0.5')
    """
    ride = _minutes_value(ride_minutes, "ride_minutes")
    direct = _minutes_value(direct_minutes, "direct_minutes")
    limit, parameter = _parameter(profile, "nemt.multi_passenger_added_minutes", on)
    return _finding(
        "nemt.multi_passenger_ride",
        measured=ride - direct,
        threshold=RIDE_TIME.threshold(limit),
        standard=f"at most {limit} minutes longer than the direct trip",
        section="Attachment XI A.5.2.2",
        parameter=parameter,
        steps=(f"ride {_shown(ride)} min - direct {_shown(direct)} min",),
    )
