"""Hypothesis strategies shared by the test suite (add new ones here, not in test modules)."""

from __future__ import annotations

from decimal import Decimal

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
