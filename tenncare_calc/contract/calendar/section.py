"""The ``reports`` and ``deadlines`` sections of the contract profile: when things are due.

Declared on import (``import tenncare_calc`` imports it), so a profile's ``[reports]`` and
``[deadlines]`` values are checked against these kinds; :mod:`~tenncare_calc.contract.calendar.due_dates`
reads the recurring report dates, :mod:`~tenncare_calc.contract.calendar.deadlines` the one-time
deadlines (Attachment XI A.2.1).
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
declare(
    "deadlines",
    {
        "nemt_implementation_period_start": DATE,
        "nemt_implementation_period_end": DATE,
        "nemt_work_plan_due": DATE,
        "nemt_implemented_by": DATE,
    },
)
