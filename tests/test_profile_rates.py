"""Profile rates as scaled integers give the Decimal rule's texts and flags (issue 15).

``profile_rates`` writes each rate ``services * 1000 / member_months`` as integers: its text (4
places, half-up) by integer arithmetic, and a peer group's order by float with ties checked
exactly, the Decimal rate computed only at the ranks the percentile method reads. Each must be
what the 60-digit Decimal rule gives, on both sides of and at every half-way point and line.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from unittest import mock

import numpy as np
import pyarrow as pa
from hypothesis import given
from hypothesis import strategies as st

from tenncare_calc import provider_profiles
from tenncare_calc.compliance.utilization.outliers import (
    _flag_group,
    _flag_ranked,
    _flags_in_order,
    _outlier_flags,
    _rounded_texts,
)
from tenncare_calc.compliance.utilization.profile_counts import (
    _all_providers,
    _counted_by_offset,
)
from tenncare_calc.compliance.utilization.profile_rates import (
    RankedRates,
    ScaledRates,
    ranked,
    rate_texts,
    scaled_rates,
)
from tenncare_calc.core.thresholds import Comparison, Threshold
from tenncare_calc.core.values import exact_context

#: Member months: decimals of up to 3 places, and powers of 2 and 5, whose rates end in a 5
#: at the fifth place (1000 / 256 = 3.90625: a half-way point of the 4-place text).
months = st.one_of(
    st.integers(1, 10**7).map(lambda n: Decimal(n).scaleb(-3)),
    st.integers(1, 10**6).map(Decimal),
    st.tuples(st.integers(0, 12), st.integers(0, 8)).map(
        lambda ab: Decimal(2 ** ab[0] * 5 ** ab[1])
    ),
)


def _decimal_rates(counts: list[int], totals: list[Decimal]) -> list[Decimal]:
    with exact_context():
        return [Decimal(c) * 1000 / t for c, t in zip(counts, totals, strict=True)]


@given(st.lists(st.tuples(st.integers(0, 10**5), months), min_size=1, max_size=30))
def test_rate_texts_are_the_decimal_rates_rounded(rows: list[tuple[int, Decimal]]) -> None:
    """Each text is the Decimal rate's, half-way points included."""
    counts = [count for count, _ in rows]
    totals = {number: total for number, (_, total) in enumerate(rows)}
    scaled = scaled_rates(np.array(counts), np.arange(len(rows)), totals)
    assert scaled is not None
    expected = _rounded_texts(_decimal_rates(counts, list(totals.values())))
    assert rate_texts(scaled).to_pylist() == expected
    assert [scaled.decimal(row) for row in range(len(rows))] == _decimal_rates(
        counts, list(totals.values())
    )


def test_half_way_rounds_up() -> None:
    """3.90625 (one service in 256 member months... times 1000) shows 3.9063; 0 shows 0."""
    scaled = scaled_rates(np.array([1, 0]), np.array([0, 1]), {0: Decimal(256), 1: Decimal(7)})
    assert scaled is not None
    assert rate_texts(scaled).to_pylist() == ["3.9063", "0"]


def test_too_many_places_or_digits_are_left_to_decimals() -> None:
    """Member months of 7 places, or counts whose integers would overflow: no scaled rates."""
    assert scaled_rates(np.array([1]), np.array([0]), {0: Decimal("1.0000001")}) is None
    assert scaled_rates(np.array([10**12]), np.array([0]), {0: Decimal(3)}) is None
    # trailing zeros are no places: a decimal256 total of 30 places reads as the integer
    assert scaled_rates(np.array([1]), np.array([0]), {0: Decimal("12.5000000000")}) is not None


def test_float_ties_of_different_fractions_are_refused() -> None:
    """1/3 and 3333333333333333/10**16 are one float: the group is left to the Decimal sort."""
    rates = ScaledRates(
        np.array([1, 3333333333333333]),
        np.array([3, 10**16]),
        0,
        np.array([0, 1]),
        {0: Decimal(3), 1: Decimal(10**16)},
    )
    assert ranked(rates, np.array([0, 1])) is None
    same = ScaledRates(
        np.array([1, 2]), np.array([3, 6]), 0, np.array([0, 1]), {0: Decimal(3), 1: Decimal(6)}
    )
    found = ranked(same, np.array([1, 0]))
    assert isinstance(found, RankedRates)
    assert [found[0], found[1]] == _decimal_rates([2, 1], [Decimal(6), Decimal(3)])


percentiles = st.sampled_from(["0", "5", "10", "12.5", "33.3333", "50", "90", "95", "97.5", "100"])


@given(
    st.lists(st.tuples(st.integers(0, 40), st.sampled_from([10, 12, 30, 7, 1000])), max_size=40),
    percentiles,
    percentiles,
    st.integers(1, 6),
)
def test_flags_by_rank_are_the_decimal_rules(
    rows: list[tuple[int, int]], low: str, high: str, minimum: int
) -> None:
    """Ties, equal rates on a line and groups too small: as every rate compared as a Decimal."""
    if not rows:
        return
    lower, upper = sorted([Decimal(low), Decimal(high)])
    criteria = {"lower_percentile": lower, "upper_percentile": upper, "minimum_peers": minimum}
    counts = [count for count, _ in rows]
    totals = {number: Decimal(total) for number, (_, total) in enumerate(rows)}
    scaled = scaled_rates(np.array(counts), np.arange(len(rows)), totals)
    assert scaled is not None
    members = np.arange(len(rows))[::-1].copy()
    in_order = ranked(scaled, members)
    assert in_order is not None
    by_rank = _flag_ranked(in_order, criteria=criteria)
    rates = _decimal_rates(counts, list(totals.values()))
    expected = _flag_group(
        [rates[m] for m in in_order.order.tolist()], method="percentile", criteria=criteria
    )
    assert by_rank == expected


@given(
    st.lists(st.tuples(st.integers(0, 9), st.sampled_from(["office", "er", "lab"])), max_size=60),
    st.lists(st.integers(0, 400), min_size=10, max_size=10),
    st.lists(st.sampled_from(["a", "b"]), min_size=10, max_size=10),
    st.sampled_from(["percentile", "standard_score"]),
    percentiles,
)
def test_profiles_are_those_of_every_rate_as_a_decimal(
    services: list[tuple[int, str]],
    months: list[int],
    groups: list[str],
    method: str,
    upper: str,
) -> None:
    """provider_profiles with scaled rates is provider_profiles with each rate a Decimal."""
    if not services:
        return
    data = {
        "provider_id": [provider for provider, _ in services],
        "service_category": [category for _, category in services],
    }
    member_months = {
        "provider_id": list(range(10)),
        "member_months": [Decimal(m).scaleb(-1) for m in months],
        "peer_group": groups,
    }
    options = {
        "method": method,
        "minimum_peers": 2,
        "lower_percentile": min(Decimal(upper), Decimal(5)),
        "upper_percentile": max(Decimal(upper), Decimal("5.5")),
    }
    scaled = provider_profiles(data, member_months, **options)  # type: ignore[arg-type]
    with mock.patch(
        "tenncare_calc.compliance.utilization.profile_table.scaled_rates", return_value=None
    ):
        decimal = provider_profiles(data, member_months, **options)  # type: ignore[arg-type]
    assert scaled.arrow.equals(decimal.arrow)


@given(
    st.lists(
        st.tuples(
            st.integers(0, 4),
            st.sampled_from(["office", " office", "er", "lab "]),
            st.integers(0, 3),
        ),
        min_size=1,
        max_size=40,
    ),
    st.booleans(),
)
def test_services_are_counted_per_category_as_labelled(
    services: list[tuple[int, str, int]], counted: bool
) -> None:
    """Labels differing in spaces are one category; a row of 0 services still names its category."""
    data: dict[str, list[object]] = {
        "provider_id": [provider for provider, _, _ in services],
        "service_category": [category for _, category, _ in services],
    }
    expected: Counter[tuple[int, str]] = Counter()
    for provider, category, number in services:
        expected[provider, category.strip()] += number if counted else 1
    if counted:
        data["services"] = [number for _, _, number in services]
    months = {"provider_id": list(range(5)), "member_months": [100] * 5}
    found = provider_profiles(data, months)
    rows = found.arrow.to_pylist()
    assert sorted({row["service_category"] for row in rows}) == sorted(
        {category.strip() for _, category, _ in services}
    )
    assert {(row["provider_id"], row["service_category"]): row["services"] for row in rows} == {
        (provider, category): expected[provider, category]
        for provider in range(5)
        for category in {category.strip() for _, category, _ in services}
    }


@given(
    st.lists(st.integers(-6, 6).map(Decimal), max_size=30),
    st.integers(-6, 6),
    st.integers(-6, 6),
)
def test_flags_found_by_bisection_are_each_values(
    values: list[Decimal], low: int, high: int
) -> None:
    """Sorted values below, on and above each line (the lines crossed or not): as compared each."""
    ordered = sorted(values)
    over = Threshold(Decimal(high), "standard deviations", Comparison.MORE_THAN)
    under = Threshold(Decimal(low), "standard deviations", Comparison.LESS_THAN)
    assert _flags_in_order(ordered, over, under) == _outlier_flags(ordered, over, under)


@given(
    st.lists(st.integers(-20, 20), unique=True, max_size=12),
    st.lists(st.tuples(st.integers(-25, 25), st.integers(0, 2)), min_size=1, max_size=80),
)
def test_counting_at_id_offsets_is_counting_by_position(
    months: list[int], services: list[tuple[int, int]]
) -> None:
    """Providers with services only, few (each searched) or many: as each row looked up."""
    month_ids = pa.array(months, pa.int64())
    service_ids = pa.array([provider for provider, _ in services], pa.int64())
    index = np.array([label for _, label in services], dtype=np.int64)
    found = _counted_by_offset(month_ids, service_ids, index, 3)
    assert found is not None
    everyone, subject = _all_providers(month_ids, service_ids)
    expected = np.bincount(index * len(everyone) + subject, minlength=3 * len(everyone))
    assert found[0].to_pylist() == everyone.to_pylist()
    assert found[1].tolist() == expected.reshape(3, len(everyone)).tolist()
