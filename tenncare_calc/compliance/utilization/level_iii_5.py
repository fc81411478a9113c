"""Level III.5 (U2): when Clinical Support Services for Substance Use Disorders may be reviewed or restricted.

:func:`level_iii_5_review`: utilization review no earlier than day 7 of services (day 1 is the first
day); :func:`level_iii_5_restrictive_decision`: no decision restricting or denying future clinical
stabilization services before 14 consecutive days of them. Each day count is one line
(:func:`_first_review_day`, :func:`_consecutive_days`), built from the profile's value.
"""

from __future__ import annotations

__all__ = ["level_iii_5_restrictive_decision", "level_iii_5_review"]

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING

from tenncare_calc.compliance.findings import UM_CLAUSE, Finding, Outcome
from tenncare_calc.compliance.utilization.reports import _profile
from tenncare_calc.core.errors import InvalidTypeError, InvalidValueError
from tenncare_calc.core.thresholds import Comparison, Threshold
from tenncare_calc.core.values import to_date

if TYPE_CHECKING:
    from tenncare_calc.contract.profile import ContractProfile


def _first_review_day(day: int) -> Threshold:
    """Return U2's review line: on day ``day`` of services (7) or later, day 1 being the first.

    >>> _first_review_day(7).met(6), _first_review_day(7).met(7), _first_review_day(7).margin(6)
    (False, True, -1)
    """
    return Threshold(day, "days", Comparison.AT_LEAST)


def _consecutive_days(days: int) -> Threshold:
    """Return U2's restriction line: at least ``days`` (14) consecutive days of services.

    >>> _consecutive_days(14).met(13), _consecutive_days(14).met(14)
    (False, True)
    """
    return Threshold(days, "days", Comparison.AT_LEAST)


def _service_days(service_days: object) -> list[dt.date]:
    if isinstance(service_days, str | bytes) or not isinstance(service_days, Iterable):
        raise InvalidTypeError(
            f"'service_days' must be an iterable of dates (got {type(service_days).__name__})",
            field="service_days",
            value=service_days,
        )
    days = sorted({to_date(day, field="service_days") for day in service_days})
    if not days:
        raise InvalidValueError(
            "'service_days' is empty: give the days Level III.5 services were provided",
            field="service_days",
            value=[],
        )
    return days


def level_iii_5_review(
    service_days: Iterable[dt.date],
    *,
    on: dt.date,
    profile: ContractProfile | None = None,
) -> Finding:
    """Return whether utilization review of Level III.5 services is permitted ``on`` a day (U2).

    Day 1 is the first of ``service_days`` (the first day the services were provided); review may
    be performed no earlier than day 7, counted in calendar days. ``met`` means a review on that
    day complies; ``margin`` is the number of days since day 7 (negative: days too early).

    >>> days = [dt.date(2008, 10, 1) + dt.timedelta(days=n) for n in range(10)]
    >>> level_iii_5_review(days, on=dt.date(2008, 10, 6)).outcome.value  # day 6
    'not_met'
    """
    days = _service_days(service_days)
    review = to_date(on, field="on")
    first = days[0]
    if review < first:
        raise InvalidValueError(
            f"'on' ({review.isoformat()}) is before the first day of services "
            f"({first.isoformat()})",
            field="on",
            value=review,
        )
    parameter = _profile(profile).get("utilization.level_iii_5_first_review_day", on=review)
    day = (review - first).days + 1
    earliest = first + dt.timedelta(days=parameter.value - 1)
    line = _first_review_day(parameter.value)
    return Finding(
        check="utilization.level_iii_5_review",
        outcome=Outcome.MET if line.met(day) else Outcome.NOT_MET,
        standard=f"utilization review no earlier than day {parameter.value} of services",
        sections=(UM_CLAUSE,),
        measured=Decimal(day),
        limit=Decimal(line.limit),
        margin=Decimal(line.margin(day)),
        unit="days",
        steps=(
            (
                f"day 1 = first day of services {first.isoformat()}; day {parameter.value} = "
                f"{earliest.isoformat()}"
            ),
            f"review on {review.isoformat()} is day {day}",
        ),
        parameters=(parameter,),
    )


def level_iii_5_restrictive_decision(
    service_days: Iterable[dt.date],
    *,
    on: dt.date,
    include_decision_day: bool = True,
    profile: ContractProfile | None = None,
) -> Finding:
    """Return whether a restrictive Level III.5 review decision is permitted ``on`` a day (U2).

    A decision that imposes a restriction on, or denies, future clinical stabilization services is
    permitted only once the enrollee has received at least 14 consecutive days of them: the longest
    run of consecutive days in ``service_days`` up to the decision day (included by default; pass
    ``include_decision_day=False`` to count only days before it) must be at least 14.

    >>> days = [dt.date(2008, 10, 1) + dt.timedelta(days=n) for n in range(14)]
    >>> level_iii_5_restrictive_decision(days, on=dt.date(2008, 10, 14)).met
    True
    >>> level_iii_5_restrictive_decision(days, on=dt.date(2008, 10, 14),
    ...     include_decision_day=False).met
    False
    """
    days = _service_days(service_days)
    decision = to_date(on, field="on")
    if not isinstance(include_decision_day, bool):
        raise InvalidTypeError(
            f"'include_decision_day' must be True or False (got {include_decision_day!r})",
            field="include_decision_day",
            value=include_decision_day,
        )
    parameter = _profile(profile).get("utilization.level_iii_5_consecutive_days", on=decision)
    counted = [d for d in days if d < decision or (include_decision_day and d == decision)]
    best, best_start, run, run_start = 0, None, 0, None
    previous: dt.date | None = None
    for day in counted:
        if previous is not None and (day - previous).days == 1:
            run += 1
        else:
            run, run_start = 1, day
        if run > best:
            best, best_start = run, run_start
        previous = day
    if best_start is None:
        longest = "no service days before the decision"
    else:
        end = best_start + dt.timedelta(days=best - 1)
        longest = f"longest run {best_start.isoformat()} to {end.isoformat()}: {best} days"
    through = "through" if include_decision_day else "before"
    line = _consecutive_days(parameter.value)
    return Finding(
        check="utilization.level_iii_5_restrictive_decision",
        outcome=Outcome.MET if line.met(best) else Outcome.NOT_MET,
        standard=(
            f"no restrictive decision before {parameter.value} consecutive days of clinical "
            "stabilization services"
        ),
        sections=(UM_CLAUSE,),
        measured=Decimal(best),
        limit=Decimal(line.limit),
        margin=Decimal(line.margin(best)),
        unit="days",
        steps=(f"service days {through} the decision on {decision.isoformat()}: {longest}",),
        parameters=(parameter,),
    )
