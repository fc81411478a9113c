"""The window of the no-utilization report (ruling U3): the 12 months ending on the report date.

"Enrollees who have been enrolled ... for one year or more with no utilization": the months (12,
``utilization.no_utilization_months``) ending on a report date ``D`` start on
``(D + 1 day) - 12 months``, so the twelve months ending on 2009-02-28 start on 2008-03-01, exactly
as those ending on 2010-02-28 start on 2009-03-01. Month arithmetic is dateutil's: a day the
earlier month lacks is its last day (the twelve months ending on 2008-02-28 start on 2007-02-28,
the day before 2008-02-29 less a year).

An enrollee is continuously enrolled for the window when the continuous enrollment reaching the
report date began on or before the window's first day: one line, :func:`continuously_enrolled_line`,
which the one-value check (:meth:`NoUtilizationWindow.continuously_enrolled`) and the table report
(:func:`~tenncare_calc.compliance.utilization.no_utilization.no_utilization_report`) both evaluate.

>>> window = no_utilization_window(dt.date(2009, 2, 28))
>>> window.start, window.continuously_enrolled(dt.date(2008, 3, 1))
(datetime.date(2008, 3, 1), True)
>>> window.continuously_enrolled(dt.date(2008, 3, 2))
False
"""

from __future__ import annotations

__all__ = ["NoUtilizationWindow", "continuously_enrolled_line", "no_utilization_window"]

import datetime as dt
from typing import TYPE_CHECKING, Any

import attrs
from dateutil.relativedelta import relativedelta

from tenncare_calc.compliance.findings import UM_CLAUSE
from tenncare_calc.compliance.utilization.reports import _profile
from tenncare_calc.core.errors import InvalidValueError
from tenncare_calc.core.explanation import Explanation
from tenncare_calc.core.thresholds import Comparison, Threshold
from tenncare_calc.core.values import to_date

if TYPE_CHECKING:
    from tenncare_calc.contract.parameters import ParameterValue
    from tenncare_calc.contract.profile import ContractProfile

_EPOCH = dt.date(1970, 1, 1)


def window_start(report_date: dt.date, months: int) -> dt.date:
    """Return the first day of the ``months`` ending on ``report_date``: ``(D + 1 day) - months``.

    >>> [window_start(dt.date(y, 2, 28), 12).isoformat() for y in (2008, 2009, 2010)]
    ['2007-02-28', '2008-03-01', '2009-03-01']
    >>> window_start(dt.date(2008, 2, 29), 12), window_start(dt.date(2008, 12, 31), 12)
    (datetime.date(2007, 3, 1), datetime.date(2008, 1, 1))
    """
    try:
        return report_date + dt.timedelta(days=1) - relativedelta(months=months)
    except (OverflowError, ValueError):
        raise InvalidValueError(
            f"'report_date' {report_date.isoformat()} leaves no {months} months before it in the "
            "calendar",
            field="report_date",
            value=report_date,
        ) from None


def continuously_enrolled_line(start: dt.date) -> Threshold:
    """Return U3's line: a continuous enrollment that began on or before the window's ``start``.

    The limit is the day number of ``start`` (days since 1970-01-01, as the table form counts
    them), met at most: a day later is one day short.

    >>> line = continuously_enrolled_line(dt.date(2008, 1, 1))
    >>> line.met(13879), line.met(13880), line.describe()
    (True, False, 'at most 13,879 day')
    """
    return Threshold((start - _EPOCH).days, "day", Comparison.AT_MOST)


@attrs.frozen
class NoUtilizationWindow:
    """The months ending on a report date, and whether an enrollment since a day covers them (U3)."""

    report_date: dt.date
    start: dt.date
    months: ParameterValue = attrs.field(repr=False)

    @property
    def line(self) -> Threshold:
        """Return the line both forms evaluate (:func:`continuously_enrolled_line`)."""
        return continuously_enrolled_line(self.start)

    def continuously_enrolled(self, enrolled_since: dt.date) -> bool:
        """Return whether a continuous enrollment since ``enrolled_since`` covers the whole window.

        >>> no_utilization_window(dt.date(2008, 12, 31)).continuously_enrolled(dt.date(2008, 1, 2))
        False
        """
        since = to_date(enrolled_since, field="enrolled_since")
        return bool(self.line.met((since - _EPOCH).days))

    def explain(self) -> str:
        """Return the window and how it was found.

        >>> print(no_utilization_window(dt.date(2009, 2, 28)).explain())
        No-utilization window ending 2009-02-28  [One Care contract (Massachusetts): Utilization Management]
          12 months ending on 2009-02-28 start on (2009-02-28 + 1 day) - 12 months = 2009-03-01 - 12 months = 2008-03-01 (ruling U3)
          continuously enrolled: a continuous enrollment that began on or before 2008-03-01
          parameter: utilization.no_utilization_months = 12 months, One Care contract (Massachusetts): Utilization Management, in force from 2007-04-01
        """
        day_after = self.report_date + dt.timedelta(days=1)
        months = self.months.value
        text = Explanation(
            f"No-utilization window ending {self.report_date.isoformat()}  [{UM_CLAUSE}]"
        )
        text.add(
            f"{months} months ending on {self.report_date.isoformat()} start on "
            f"({self.report_date.isoformat()} + 1 day) - {months} months = "
            f"{day_after.isoformat()} - {months} months = {self.start.isoformat()} (ruling U3)"
        )
        text.add(
            "continuously enrolled: a continuous enrollment that began on or before "
            f"{self.start.isoformat()}"
        )
        text.add(f"parameter: {self.months.provenance()}")
        return text.render()

    def to_dict(self) -> dict[str, Any]:
        """Return the window as JSON-ready data."""
        return {
            "report_date": self.report_date.isoformat(),
            "start": self.start.isoformat(),
            "months": self.months.value,
            "section": self.months.section,
        }


def no_utilization_window(
    report_date: dt.date, *, profile: ContractProfile | None = None
) -> NoUtilizationWindow:
    """Return the window of the no-utilization report ending on ``report_date`` (ruling U3).

    The months (``utilization.no_utilization_months``, 12, in force on the report date) ending on
    ``D`` start on ``(D + 1 day) - months``; see the module's examples for month ends and leap
    years.

    >>> no_utilization_window(dt.date(2010, 2, 28)).start
    datetime.date(2009, 3, 1)
    """
    report = to_date(report_date, field="report_date")
    months = _profile(profile).get("utilization.no_utilization_months", on=report)
    return NoUtilizationWindow(report, window_start(report, months.value), months)
