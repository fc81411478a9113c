"""Hypothesis strategies shared by the test suite (add new ones here, not in test modules)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

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
# Batch tables (member months, community tenure)

#: Years with and without February 29 (2000 is a leap year, 1900 and 2100 are not).
YEARS = st.sampled_from([1900, 2000, 2007, 2008, 2009, 2012, 2100])


@st.composite
def enrollment_spans(draw: st.DrawFn, year: int, *, max_spans: int = 25) -> list[tuple[Any, ...]]:
    """Return ``(member_id, start, end)`` spans around ``year``.

    They have overlaps, duplicates, same-day spans, open ends (``end=None``), spans crossing
    either year end, and spans outside the year.
    """
    members = draw(st.lists(st.integers(0, 10**6), min_size=1, max_size=6, unique=True))
    first = dt.date(year - 1, 11, 1)
    last = dt.date(year + 1, 2, 28)
    span = st.tuples(
        st.sampled_from(members),
        st.dates(first, last),
        st.one_of(st.integers(0, 0), st.integers(0, 40), st.integers(0, 500), st.none()),
    )
    drawn = draw(st.lists(span, max_size=max_spans))
    spans = [(m, s, None if n is None else s + dt.timedelta(days=n)) for m, s, n in drawn]
    duplicates = draw(st.lists(st.sampled_from(spans), max_size=3)) if spans else []
    return spans + duplicates


@st.composite
def inpatient_stays(draw: st.DrawFn, year: int, *, max_stays: int = 25) -> list[tuple[Any, ...]]:
    """Return ``(member_id, admit, discharge, plan)`` stays around ``year``.

    They have transfers (admitted on or before the previous discharge), readmissions on days 29-32,
    same-day stays, stays still open (``discharge=None``) and stays in the year before.
    """
    members = draw(st.lists(st.integers(0, 10**6), min_size=1, max_size=5, unique=True))
    plans = ["AGP", "BCT"]
    stays: list[tuple[Any, ...]] = []
    for _ in range(draw(st.integers(0, max_stays))):
        member = draw(st.sampled_from(members))
        previous = [s for s in stays if s[0] == member and s[2] is not None]
        if previous and draw(st.booleans()):
            # Chain from an earlier stay's discharge: transfer (<= 0 days) or readmission gap.
            base = draw(st.sampled_from(previous))[2]
            gap = draw(st.sampled_from([-3, -1, 0, 1, 2, 29, 30, 31, 32, 45]))
            admit = base + dt.timedelta(days=gap)
        else:
            admit = draw(st.dates(dt.date(year - 1, 10, 1), dt.date(year + 1, 2, 28)))
        length = draw(st.one_of(st.integers(0, 0), st.integers(0, 20), st.integers(0, 120)))
        discharge = None if draw(st.integers(0, 14)) == 0 else admit + dt.timedelta(days=length)
        stays.append((member, admit, discharge, draw(st.sampled_from(plans))))
    return stays
