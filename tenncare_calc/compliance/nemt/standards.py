"""The lines of Attachment XI and the NEMT benefit, each defined once for both forms of a check.

A :class:`Standard` says which side of a line meets it and in what unit it is measured, and turns
the profile's value of the standard (``nemt.short_notice_hours_urban``: 3) into the limit. Times
are measured in microseconds, so every comparison of times is exact. The one-value check evaluates
:meth:`Standard.threshold`, a :class:`~tenncare_calc.core.thresholds.Threshold`; the table check
evaluates the same line over columns with :meth:`Standard.met` and :meth:`Standard.margin`, each
row against its own value (its pick-up area, the profile version of its day). So the two forms
cannot disagree at the line.

>>> SHORT_NOTICE.threshold(3).met(3 * MICROS_PER_HOUR), SHORT_NOTICE.threshold(3).describe()
(True, 'at least 10,800,000,000 microseconds')
>>> import numpy as np
>>> lead = np.array([3 * MICROS_PER_HOUR - 1, 3 * MICROS_PER_HOUR, 4 * MICROS_PER_HOUR - 1])
>>> SHORT_NOTICE.met(lead, np.array([3, 3, 4])).tolist()
[False, True, False]
"""

from __future__ import annotations

__all__ = [
    "ACCOMPANYING_ADULT_AGE",
    "ADDED_TRAVEL_TIME",
    "ADVANCE_REQUEST",
    "CHILD_AGE",
    "DECISION",
    "EARLY_ARRIVAL",
    "ESCORTS",
    "MANIFEST_LEAD",
    "MICROS_PER_DAY",
    "MICROS_PER_HOUR",
    "MICROS_PER_MINUTE",
    "RETURN_WAIT",
    "RIDE_TIME",
    "SHORT_NOTICE",
    "TRANSFERS",
    "WALK",
    "Standard",
]

from decimal import Decimal
from typing import TYPE_CHECKING, Any, overload

import attrs

from tenncare_calc.compliance.findings import Finding, Outcome
from tenncare_calc.core.thresholds import Comparison, Threshold

if TYPE_CHECKING:
    from tenncare_calc.contract.parameters import ParameterValue
    from tenncare_calc.core.thresholds import Figures, Flags

MICROS_PER_MINUTE = 60_000_000
MICROS_PER_HOUR = 60 * MICROS_PER_MINUTE
MICROS_PER_DAY = 24 * MICROS_PER_HOUR


@attrs.frozen
class Standard:
    """A line: the side that meets it, the unit it is measured in, and its profile value's size.

    ``scale`` is how many of ``unit`` one unit of the profile's value is (an hour is 3,600,000,000
    microseconds); 1 when the profile gives the limit in the measured unit.
    """

    comparison: Comparison
    unit: str
    scale: int = 1

    @overload
    def limit(self, value: Decimal) -> Decimal: ...
    @overload
    def limit(self, value: int) -> int: ...
    @overload
    def limit(self, value: Figures) -> Figures: ...
    def limit(self, value: Any) -> Any:
        """Return the limit for the profile's ``value``, in the measured unit (a column for a column).

        >>> DECISION.limit(5), MANIFEST_LEAD.limit(1)
        (5, 86400000000)
        """
        return value if self.scale == 1 else value * self.scale

    def threshold(self, value: Decimal | int) -> Threshold:
        """Return the one-value check's threshold for the profile's ``value``.

        >>> WALK.threshold(Decimal("0.25")).describe()
        'at most 0.25 miles'
        """
        return Threshold(self.limit(value), self.unit, self.comparison)

    def met(self, measured: Figures, values: Figures) -> Flags:
        """Return which rows meet the line, each against the limit of its own profile value.

        >>> import numpy as np
        >>> RIDE_TIME.met(np.array([59, 60, 61]), np.array([60, 60, 60])).tolist()
        [True, True, False]
        """
        return self.comparison.holds(measured, self.limit(values))

    def margin(self, measured: Figures, values: Figures) -> Figures:
        """Return each row's room to spare (positive) or shortfall (negative), in the unit.

        >>> import numpy as np
        >>> RIDE_TIME.margin(np.array([59, 61]), np.array([60, 60])).tolist()
        [1, -1]
        """
        return self.comparison.margin(measured, self.limit(values))


#: A.3.2: a request at least the advance hours (72) before the pick-up is an advance request.
ADVANCE_REQUEST = Standard(Comparison.AT_LEAST, "microseconds", MICROS_PER_HOUR)
#: A.3.2: a request at least the short-notice hours (3 urban, 4 non-urban) ahead is accommodated.
SHORT_NOTICE = Standard(Comparison.AT_LEAST, "microseconds", MICROS_PER_HOUR)
#: A.5.1.3: decided within the time allowed, given in microseconds: the decision hours (24), or
#: less when the pick-up comes sooner.
DECISION = Standard(Comparison.AT_MOST, "microseconds")
#: A.5.5.1: by the close of business the day before: sent at least the manifest days (1) before
#: the close of business on the service date.
MANIFEST_LEAD = Standard(Comparison.AT_LEAST, "microseconds", MICROS_PER_DAY)
#: A.4.3.2.4.1: a walk of at most 1/4 mile to or from a stop.
WALK = Standard(Comparison.AT_MOST, "miles")
#: A.4.3.2.4.2: at most one change of bus or trolley on the leg.
TRANSFERS = Standard(Comparison.AT_MOST, "transfers")
#: A.4.3.2.4.3: fixed route at most 60 minutes longer than direct transportation.
ADDED_TRAVEL_TIME = Standard(Comparison.AT_MOST, "minutes")
#: A.4.3.2.4.4: arrival at most 60 minutes before the appointment.
EARLY_ARRIVAL = Standard(Comparison.AT_MOST, "minutes")
#: A.4.3.2.4.4: a wait of at most 60 minutes after the appointment's estimated end.
RETURN_WAIT = Standard(Comparison.AT_MOST, "minutes")
#: A.5.2.2: at most one hour longer in the vehicle than the direct trip.
RIDE_TIME = Standard(Comparison.AT_MOST, "minutes")
#: §2.6.1.2: at most one escort per member.
ESCORTS = Standard(Comparison.AT_MOST, "escorts")
#: §2.6.1.2: an accompanying adult is covered for a member under 18.
ACCOMPANYING_ADULT_AGE = Standard(Comparison.LESS_THAN, "years")
#: §2.7.5.4.6: a child is a member under 21.
CHILD_AGE = Standard(Comparison.LESS_THAN, "years")


def _finding(
    check: str,
    *,
    measured: Decimal,
    threshold: Threshold,
    standard: str,
    section: str,
    parameter: ParameterValue,
    steps: tuple[str, ...] = (),
) -> Finding:
    """Return the finding of a figure measured against a threshold, in the threshold's unit."""
    return Finding(
        check=check,
        outcome=Outcome.MET if threshold.met(measured) else Outcome.NOT_MET,
        standard=standard,
        sections=(section,),
        measured=measured,
        limit=Decimal(threshold.limit),
        margin=threshold.margin(measured),
        unit=threshold.unit,
        steps=steps,
        parameters=(parameter,),
    )
