"""Hypothesis strategies shared by the test suite (add new ones here, not in test modules)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from hypothesis import strategies as st

#: Steps used to probe a threshold just below and just above: a cent of a point down to 1e-12.
EPSILONS = st.sampled_from([Decimal("0.01"), Decimal("0.001"), Decimal("1E-6"), Decimal("1E-12")])


def decimals(
    min_value: Decimal | int | str, max_value: Decimal | int | str, *, places: int = 4
) -> st.SearchStrategy[Decimal]:
    """Return finite Decimals in [min_value, max_value] with at most ``places`` decimal places."""
    return st.decimals(
        min_value=Decimal(min_value),
        max_value=Decimal(max_value),
        places=places,
        allow_nan=False,
        allow_infinity=False,
    )


def rates(places: int = 4) -> st.SearchStrategy[Decimal]:
    """Return percentages in [0, 100] (ruling M2)."""
    return decimals(0, 100, places=places)


def money(max_value: int = 10**10, places: int = 2) -> st.SearchStrategy[Decimal]:
    """Return non-negative dollar amounts (whole cents by default)."""
    return decimals(0, max_value, places=places)


def member_months(max_value: int = 50_000_000) -> st.SearchStrategy[Decimal]:
    """Return non-negative member-month counts, possibly fractional (ruling MM1)."""
    return decimals(0, max_value, places=6)


#: Inputs every numeric field must reject with a TypeError-family error (ruling M1).
WRONG_TYPES = st.one_of(
    st.booleans(),
    st.none(),
    st.lists(st.integers(), max_size=2),
    st.just(object()),
    st.binary(max_size=3),
)

#: Inputs every numeric field must reject with a ValueError-family error (ruling M1).
BAD_NUMBERS = st.one_of(
    st.sampled_from(["NaN", "nan", "sNaN", "Infinity", "-inf", "", " ", "1,000", "$5", "abc"]),
    st.sampled_from(
        [float("nan"), float("inf"), float("-inf"), Decimal("NaN"), Decimal("-Infinity")]
    ),
)


# --------------------------------------------------------------------------------------------------
# Dates (the contract calendar, issue 3)

#: Days in and around the contract's years, including leap days, month ends and year ends.
CONTRACT_DAYS = st.dates(min_value=dt.date(2006, 1, 1), max_value=dt.date(2040, 12, 31))

#: Days that are month ends, year ends or leap days (or the day after one): the edges dates break on.
EDGE_DAYS = st.builds(
    lambda year, month, delta: (
        dt.date(year, month, 1) + relativedelta(months=+1, days=-1) + dt.timedelta(days=delta)
    ),
    st.integers(2006, 2040),
    st.integers(1, 12),
    st.integers(-1, 1),
) | st.sampled_from(
    [dt.date(y, 2, 29) for y in (2008, 2012, 2016, 2020, 2024, 2028)]
    + [dt.date(y, 12, 31) for y in (2007, 2010, 2021)]
)

#: Business-day counts as used by time standards ("within 3 business days"), both directions.
BUSINESS_DAY_COUNTS = st.integers(min_value=-400, max_value=400)


def days(min_year: int = 2006, max_year: int = 2040) -> st.SearchStrategy[dt.date]:
    """Return days between January 1 of ``min_year`` and December 31 of ``max_year``."""
    return st.one_of(
        st.dates(min_value=dt.date(min_year, 1, 1), max_value=dt.date(max_year, 12, 31)),
        EDGE_DAYS.filter(lambda day: min_year <= day.year <= max_year),
    )


#: Caller-supplied holiday lists (ruling D1): any days, weekends included, possibly none.
HOLIDAY_LISTS = st.lists(
    st.dates(min_value=dt.date(2007, 1, 1), max_value=dt.date(2010, 12, 31)), max_size=40
)


# --------------------------------------------------------------------------------------------------
# Compliance checks (issue 5)

#: Moments (naive, to the minute) in the years the NEMT and access standards are in force.
MOMENTS = st.datetimes(
    min_value=dt.datetime(2008, 9, 10),  # noqa: DTZ001 - naive local times, as contract data
    max_value=dt.datetime(2012, 12, 31),  # noqa: DTZ001 - naive local times, as contract data
).map(lambda moment: moment.replace(second=0, microsecond=0))

#: Small positive steps across a threshold, in microseconds: 1 microsecond up to a day.
MICRO_STEPS = st.sampled_from([1, 1_000, 1_000_000, 60_000_000, 3_600_000_000, 86_400_000_000])

#: Member ids as the tables accept them: whole numbers or text.
MEMBER_IDS = st.one_of(st.integers(1, 10**9), st.text("ABCDEFGH0123456789", min_size=1, max_size=8))
