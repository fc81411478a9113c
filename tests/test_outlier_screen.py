"""The float64 screen of profile flags gives the Decimal rule's flags and figures (issue 15).

``outlier_screen`` decides most cells' flags in float64 and leaves those within a proven error
bound of a line to the 60-digit Decimal rule. These properties compare it with the Decimal rule
(``_decimal_groups``: every rate a Decimal, every group by ``_flag_group``) on random groups,
on groups built so that a score is exactly ``±k`` (and ``k`` just either side of it), on
ill-conditioned groups (huge equal rates, one a little different) and on percentile lines
falling on a rate.
"""

from __future__ import annotations

from decimal import Decimal, localcontext
from types import SimpleNamespace
from typing import Any

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tenncare_calc import provider_profiles
from tenncare_calc.compliance.utilization.outlier_screen import FLAGS, ScoreScreen, score_figures
from tenncare_calc.compliance.utilization.outliers import _flag_group
from tenncare_calc.compliance.utilization.profile_rates import scaled_rates
from tenncare_calc.compliance.utilization.profile_table import ScreenedGroups, _decimal_groups
from tenncare_calc.core.values import exact_context

#: A rated cell: its services and its subject's member months.
Cell = tuple[int, Decimal]

FIGURES = ("rate_per_1000", "norm", "lower", "upper", "standard_score")


def _both(groups: list[list[Cell]], criteria: dict[str, Any]) -> tuple[Any, Any]:
    """Return the screened and the Decimal rule's flags and figures of ``groups``, cell by cell.

    Each cell is its own subject; ``key`` numbers its group.
    """
    cells = [cell for group in groups for cell in group]
    counts = np.array([count for count, _ in cells], dtype=np.int64)
    subjects = np.arange(len(cells))
    key = np.repeat(np.arange(len(groups)), [len(group) for group in groups])
    divisor = {number: months for number, (_, months) in enumerate(cells)}
    scaled = scaled_rates(counts, subjects, divisor)
    assert scaled is not None
    method = criteria["method"]
    screened = ScreenedGroups(scaled, subjects, key, rows=len(cells), criteria=criteria)
    flag, peers, figures = screened.flag, screened.peers, screened.figures
    exact = _decimal_groups(
        counts, subjects, subjects, key=key, divisor=divisor, method=method, criteria=criteria
    )
    return (flag, peers, figures()), exact


def _flags(codes: Any) -> list[str]:
    return [FLAGS[code] for code in codes.tolist()]


def _assert_same(groups: list[list[Cell]], criteria: dict[str, Any]) -> list[str]:
    """Assert the screen's flags, peers and figures are the Decimal rule's; return the flags."""
    (flag, peers, figures), exact = _both(groups, criteria)
    assert _flags(flag) == _flags(exact["flag"])
    assert [None if peer < 0 else peer for peer in peers.tolist()] == exact["peers"].tolist()
    for name in FIGURES:
        assert figures[name].tolist() == exact[name].tolist(), name
    return _flags(flag)


def _criteria(
    method: str, k: str = "2", minimum: int = 1, low: str = "5", high: str = "95"
) -> dict[str, Any]:
    return {
        "method": method,
        "standard_score": Decimal(k),
        "minimum_peers": minimum,
        "lower_percentile": Decimal(low),
        "upper_percentile": Decimal(high),
    }


months = st.one_of(
    st.sampled_from([Decimal(1), Decimal(3), Decimal(7), Decimal(1000), Decimal("12.5")]),
    st.integers(1, 10**6).map(lambda n: Decimal(n).scaleb(-2)),
)
groups = st.lists(
    st.lists(st.tuples(st.integers(0, 10**6), months), min_size=1, max_size=25),
    min_size=1,
    max_size=4,
)


@given(
    groups,
    st.sampled_from(["percentile", "standard_score"]),
    st.sampled_from(["0.5", "1", "2", "3"]),
    st.integers(1, 6),
)
def test_random_groups_are_flagged_as_the_decimal_rule(
    cells: list[list[Cell]], method: str, k: str, minimum: int
) -> None:
    """Groups of any rates, ties and zeros included: the flags and figures of every rate a Decimal."""
    _assert_same(cells, _criteria(method, k, minimum))


#: How far ``k`` is from the exact score in :func:`test_a_score_exactly_on_the_line`.
NUDGES = [Decimal(n) for n in ("0", "1e-30", "-1e-30", "1e-20", "-1e-20", "1e-12", "-1e-12")]


@given(
    shape=st.tuples(
        st.integers(0, 2 * 10**8), st.integers(1, 10**4), st.sampled_from([5, 10, 17, 26])
    ),
    total=st.sampled_from([Decimal(1), Decimal(3), Decimal(7), Decimal("0.001")]),
    nudge=st.sampled_from(NUDGES),
    high=st.booleans(),
)
@example(shape=(2 * 10**8, 1, 5), total=Decimal(1), nudge=Decimal(0), high=True)
@example(shape=(2 * 10**8, 7, 5), total=Decimal(3), nudge=Decimal(0), high=False)
@example(shape=(123_456_789, 3, 10), total=Decimal(1), nudge=Decimal("1e-30"), high=True)
@example(shape=(123_456_789, 3, 10), total=Decimal(1), nudge=Decimal("-1e-30"), high=True)
def test_a_score_exactly_on_the_line(
    shape: tuple[int, int, int], total: Decimal, nudge: Decimal, *, high: bool
) -> None:
    """One rate apart from ``size - 1`` equal ones scores exactly ``±√(size - 1)``: on the line.

    ``shape`` is the equal rates' services (``base``), how many more or fewer the odd one has
    (``step``) and the group's size. ``k`` is the score, or just above or below it: the float
    score is within a few units of roundoff of the line (more after the cancellation of a large
    ``base``), so only the Decimal rule can tell, and a screen without its bound gets some of
    these wrong.
    """
    base, step, size = shape
    with exact_context():
        line = Decimal(size - 1).sqrt()
        k = line + nudge
    odd, rest = (base + step, base) if high else (base, base + step)
    group = [(rest, total)] * (size - 1) + [(odd, total)]
    flags = _assert_same([group], _criteria("standard_score", str(k), size))
    if total in (3, 7) or size not in (5, 10):
        return  # the Decimal rates or mean are rounded (1/3, 1/17): the rule's score is near ±k
    # the score is exactly the whole number √(size - 1)
    if nudge < 0:
        assert flags[-1] == ("over" if high else "under")
    if nudge >= 0:
        assert flags[-1] == "within"


@given(
    st.integers(10**9, 10**10),
    st.integers(2, 40),
    st.integers(0, 3),
    st.sampled_from([Decimal(1), Decimal(7), Decimal("0.5")]),
    st.sampled_from(["0.5", "1", "2"]),
)
@example(10**10, 10, 1, Decimal(7), "1")
@example(10**10, 5, 0, Decimal(7), "0.5")
def test_ill_conditioned_groups_are_left_to_decimals(
    base: int, size: int, difference: int, total: Decimal, k: str
) -> None:
    """Huge equal rates, one a little different (or none): the spread is tiny beside the rates.

    Equal rates of a fraction that 60 digits do not hold (1000 / 7) may have a Decimal mean a
    unit away from them, so a spread of about 10**-58 and scores of ±1: the rule's answer, which
    the float (a spread of 0, or a bound wider than the scores) must leave to it.
    """
    group = [(base, total)] * (size - 1) + [(base + difference, total)]
    _assert_same([group], _criteria("standard_score", k))


@given(
    st.lists(st.integers(0, 30), min_size=1, max_size=41),
    st.sampled_from([Decimal(1), Decimal(3), Decimal(7)]),
    st.sampled_from(["0", "5", "10", "25", "50", "90", "95", "97.5", "100"]),
    st.sampled_from(["0", "2.5", "5", "10", "50"]),
)
@example([0, 0, 0, 0, 0], Decimal(3), "95", "5")
@example(list(range(21)), Decimal(7), "95", "5")
def test_percentile_lines_on_a_rate(counts: list[int], total: Decimal, high: str, low: str) -> None:
    """Lines falling on a rate (a whole rank), between equal rates and at the ends: as each compared."""
    group = [(count, total) for count in counts]
    _assert_same([group], _criteria("percentile", low=low, high=high))


def test_the_flags_are_read_without_the_figures() -> None:
    """``column("flag")`` computes no figure; the whole table then has every figure, once."""
    services = {
        "provider_id": [1] * 30 + [2] * 10 + [3] * 11 + [4] * 9 + [5],
        "service_category": ["office"] * 61,
    }
    months = {"provider_id": [1, 2, 3, 4, 5], "member_months": [1000] * 5}
    found = provider_profiles(services, months, method="standard_score", standard_score="1.5")
    assert found._arrow.pending() == [  # noqa: SLF001 - what is left to compute
        "peer_group",
        "member_months",
        "rate_per_1000",
        "norm",
        "lower",
        "upper",
        "standard_score",
    ]
    assert found.column("flag").to_pylist() == ["over", "within", "within", "within", "within"]
    assert found.counts() == {"over": 1, "under": 0, "within": 4, "not_assessed": 0}
    assert found._arrow.pending()  # noqa: SLF001
    whole = found.arrow
    assert isinstance(whole, pa.Table)
    assert whole.column("standard_score").to_pylist() == [
        "1.8582",
        "-0.2297",
        "-0.1253",
        "-0.3341",
        "-1.1692",
    ]
    assert found.column("flag").to_pylist() == whole.column("flag").to_pylist()


def test_the_under_line_is_exact_whatever_the_callers_context() -> None:
    """``-k`` is not rounded by a caller's 28-digit (or 5-digit) context: 2 - 1e-30 is not 2."""
    group = [(1000, Decimal(1))] * 4 + [(0, Decimal(1))]  # scores 0.5 (four) and -2
    k = "1.999999999999999999999999999999"
    with localcontext() as context:
        context.prec = 5
        flags = _assert_same([group], _criteria("standard_score", k, 5))
    assert flags == ["within"] * 4 + ["under"]


@given(
    st.integers(1, 10**7),
    st.sampled_from([1, 3, 8]),
    st.sampled_from(["0.00005", "0.00015", "2.00005", "1.5"]),
    st.sampled_from([Decimal(1000), Decimal(1), Decimal("0.1")]),
)
@example(999_999, 1, "0.00005", Decimal(1000))
def test_lines_on_a_half_way_point(middle: int, step: int, k: str, total: Decimal) -> None:
    """Lines ``m ± k·step`` ending in a 5 at the fifth place: half-way points, left to the rule.

    Rates ``m ± step`` have mean ``m`` and spread ``step``; the float line is a rounding away
    from the point on either side, and only the Decimal line rounds as the rule does.
    """
    group = [(middle - step, total), (middle + step, total)] * 2
    _assert_same([group], _criteria("standard_score", k))


def _screen(score: float, *, mean: float, off: float) -> tuple[ScoreScreen, SimpleNamespace]:
    """Return a one-cell screen: ``score``, ``mean`` and a spread of 1 in units of a rate."""
    one = np.array([1.0])
    screen = ScoreScreen(
        codes=np.array([2], dtype=np.int8),
        undecided=np.array([False]),
        mean=np.array([mean]),
        spread=one,
        off=np.array([off]),
        spread_error=np.array([off]),
        bound=np.array([off]),
        score=np.array([score]),
    )
    return screen, SimpleNamespace(sizes=np.array([1]), starts=np.array([0]))


@pytest.mark.parametrize(
    ("score", "mean", "told"),
    [
        (0.25, 10.0, True),  # every figure far from a half-way point: from the floats
        (0.00005 + 1e-13, 10.0, False),  # the score within its bound of 0.00005
        (0.25, 10.00005 + 1e-13, False),  # both lines within their bound of a half-way point
        (0.25, 10.00005 + 1e-9, True),  # farther than the bounds
    ],
)
def test_figures_near_a_half_way_point_are_left_to_the_rule(
    score: float, mean: float, *, told: bool
) -> None:
    """A figure whose float is within its error bound of a half-way point is not told by floats."""
    screen, groups = _screen(score, mean=mean, off=1e-12)
    found = score_figures(screen, groups, k=Decimal(0), scale=1)  # type: ignore[arg-type]
    assert found["told"].tolist() == [told]
    if told:
        assert found["standard_score"].tolist() == ["0.25"]
        assert found["lower"].tolist() == [_as_text(mean)]


def _as_text(value: float) -> str:
    return format(Decimal(repr(value)).quantize(Decimal("0.0001")).normalize(), "f")


def test_member_months_past_exact_floats_are_rated_as_decimals() -> None:
    """Member months of 2**53 or more are not all exact floats: the rates are ranked as Decimals.

    Rounded first, such months put p0 before p2 as floats though p2's rate is the smaller (a
    reviewer's case); the percentile flags must be the Decimal rule's.
    """
    big = 2**54
    months = [8 * big + 17, 12 * big + 12, 3 * big + 9, 1, 1]
    counts = [8, 12, 3, 0, 0]
    ids = ["p0", "p1", "p2", "z0", "z1"]
    services = {
        "provider_id": [i for i, n in zip(ids, counts, strict=True) for _ in range(n)],
        "service_category": ["x"] * sum(counts),
    }
    criteria = {
        "method": "percentile",
        "lower_percentile": Decimal(5),
        "upper_percentile": Decimal(55),
        "minimum_peers": 1,
    }
    result = provider_profiles(
        services,
        {"provider_id": ids, "member_months": months},
        lower_percentile=5,
        upper_percentile=55,
        minimum_peers=1,
    )
    with exact_context():
        rates = [Decimal(n) * 1000 / Decimal(m) for n, m in zip(counts, months, strict=True)]
    assert rates[2] < rates[0] < rates[1]
    want = _flag_group(rates, method="percentile", criteria=criteria)["flag"]
    got = {row["provider_id"]: row["flag"] for row in result.rows()}
    assert [got[i] for i in ids] == want
    assert want[:3] == ["over", "over", "within"]


def test_figures_past_int64_are_the_rules_without_a_warning() -> None:
    """A line past 2**63 ten-thousandths (a huge ``k``) is written by the Decimal rule, quietly.

    The project's tests turn warnings into errors: a cast of such a float to int64 warned.
    """
    result = provider_profiles(
        {"provider_id": ["a", "b", "b"], "service_category": ["x"] * 3},
        {"provider_id": ["a", "b"], "member_months": [10, 10]},
        method="standard_score",
        standard_score="1e20",
        minimum_peers=1,
    )
    assert result.column("upper").to_pylist() == ["5000000000000000000150"] * 2
