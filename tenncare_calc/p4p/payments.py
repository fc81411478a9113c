"""The incentive payment of pay-for-performance (§3.10): what qualifying measures earn, and when.

For each qualifying measure the contractor earns ``$0.03`` per member month of the measurement year
(the calendar year preceding the July 1 payment), one line per measure, each line rounded to cents
half-up (rulings P4, M3). Community tenure is measured in the first full calendar year of operation
(§3.10.4); the first-year baseline is the last full calendar year before operations began
(§3.10.1.3).

>>> pmpm_incentive(2_400_000, 3)
Decimal('216000.00')
>>> payment_date(2008)
datetime.date(2009, 7, 1)
>>> baseline_year(dt.date(2007, 4, 1))
2006
"""

from __future__ import annotations

__all__ = [
    "baseline_year",
    "first_full_calendar_year",
    "payment_date",
    "pmpm_incentive",
]

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from tenncare_calc.contract.loader import resolve_profile
from tenncare_calc.core.errors import InvalidTypeError, InvalidValueError
from tenncare_calc.core.values import (
    YEARS,
    exact_context,
    round_cents,
    to_count,
    to_date,
    to_member_months,
    to_year,
)

if TYPE_CHECKING:
    from decimal import Decimal

    from tenncare_calc.contract.profile import ContractProfile


def _profile(profile: ContractProfile | None) -> ContractProfile:
    return resolve_profile(profile)


def pmpm_incentive(
    member_months: object,
    measures: int,
    *,
    profile: ContractProfile | None = None,
    on: dt.date | None = None,
) -> Decimal:
    """Return the incentive for ``measures`` qualifying measures: one rounded line each, summed.

    Implements §3.10.2.1, §3.10.3 and §3.10.4 with rulings P4 and M3: each line is
    ``PMPM x member_months`` rounded to cents half-up; the total is the sum of the lines (so
    ``measures x`` the rounded line, never the rounding of a product).

    Parameters
    ----------
    member_months
        Member months of the preceding calendar year (may be fractional, ruling MM1); >= 0.
    measures
        The number of qualifying measures, a whole number >= 0.
    profile, on
        The contract profile (shipped Amendment 3 by default) and the date whose PMPM applies.

    Examples
    --------
    $0.03 x 1,234,567.5 member months = $37,037.025, which rounds half-up to $37,037.03 a line:

    >>> pmpm_incentive("1234567.5", 2)
    Decimal('74074.06')
    >>> pmpm_incentive(-1, 1)
    Traceback (most recent call last):
    ...
    tenncare_calc.InvalidValueError: 'member_months' must be >= 0 (got Decimal('-1'))

    """
    months = to_member_months(member_months)
    count = to_count(measures, field="measures")
    pmpm = _profile(profile).get("p4p.pmpm_amount", on=on).value
    with exact_context():
        line = round_cents(pmpm * months)
        return line * count


def payment_date(
    measurement_year: int,
    *,
    profile: ContractProfile | None = None,
) -> dt.date:
    """Return the date an incentive for ``measurement_year`` is paid: July 1 of the next year (P5).

    §3.10.2.1 and §3.10.3 pay "on July 1" for the preceding calendar year's data. The month and day
    come from the profile (``p4p.payment_date``) in force on that year's last day.

    >>> payment_date(2009)
    datetime.date(2010, 7, 1)
    """
    year = to_year(measurement_year, field="measurement_year")
    month, day = _profile(profile).value("p4p.payment_date", tuple, on=dt.date(year, 12, 31))
    return dt.date(year + 1, month, day)


def first_full_calendar_year(operations_began: dt.date) -> int:
    """Return the first full calendar year of operation for a contractor that began on a date (§3.10.4).

    A contractor that began on January 1 operated that whole year; otherwise the next year is the
    first full one.

    >>> first_full_calendar_year(dt.date(2007, 4, 1)), first_full_calendar_year(dt.date(2008, 1, 1))
    (2008, 2008)
    """
    began = to_date(operations_began, field="operations_began")
    year = began.year if (began.month, began.day) == (1, 1) else began.year + 1
    if year not in YEARS:
        raise InvalidValueError(
            f"'operations_began' ({began.isoformat()}) gives a first full calendar year of {year}, "
            f"outside the years {YEARS.start}-{YEARS.stop - 1} a contract year may take",
            field="operations_began",
            value=operations_began,
        )
    return year


def baseline_year(
    operations_began: dt.date,
    *,
    complete_data_years: Iterable[int] | None = None,
) -> int:
    """Return the year whose regional HEDIS average is the first-year baseline (§3.10.1.3, P6).

    The baseline is the last full calendar year before the year the contractor began operating.
    When ``complete_data_years`` is given and does not include that year (the region's data for it
    is incomplete), the latest earlier year whose data is complete is used instead.

    >>> baseline_year(dt.date(2007, 4, 1))
    2006
    >>> baseline_year(dt.date(2007, 4, 1), complete_data_years=[2003, 2004, 2005])
    2005
    >>> baseline_year(dt.date(2007, 4, 1), complete_data_years=[2007])
    Traceback (most recent call last):
    ...
    tenncare_calc.InvalidValueError: 'complete_data_years' has no year on or before 2006 (got [2007]); §3.10.1.3 needs a complete year before operations began

    """
    last_full = to_date(operations_began, field="operations_began").year - 1
    if complete_data_years is None:
        return last_full
    if isinstance(complete_data_years, str | bytes) or not isinstance(
        complete_data_years, Iterable
    ):
        raise InvalidTypeError(
            "'complete_data_years' must be a list of years, such as [2005, 2006] "
            f"(got {type(complete_data_years).__name__} {complete_data_years!r})",
            field="complete_data_years",
            value=complete_data_years,
        )
    years = sorted(to_year(year, field="complete_data_years") for year in complete_data_years)
    earlier = [year for year in years if year <= last_full]
    if not earlier:
        raise InvalidValueError(
            f"'complete_data_years' has no year on or before {last_full} (got {years}); "
            "§3.10.1.3 needs a complete year before operations began",
            field="complete_data_years",
            value=years,
        )
    return earlier[-1]
