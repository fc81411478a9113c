"""The ``reports`` section of the contract profile: when the reports the calendar schedules are due.

Declared on import (``import tenncare_calc`` imports it), so a profile's ``[reports]`` values are
checked against these kinds; :mod:`~tenncare_calc.contract.calendar.due_dates` reads them.
"""

from __future__ import annotations

__all__: list[str] = []

from tenncare_calc.contract.kinds import DATE, MONTH_DAY, OPTIONAL_COUNT, TIME_OF_DAY, WEEKDAY
from tenncare_calc.contract.schema import declare

declare(
    "reports",
    {
        "weekly_due_weekday": WEEKDAY,
        "weekly_due_time": TIME_OF_DAY,
        "quarterly_due_days_after_quarter_end": OPTIONAL_COUNT,
        "annual_due_date": MONTH_DAY,
        "annual_first_due": DATE,
    },
)
