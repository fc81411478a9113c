"""The outlier flags of many peer groups at once: float64 where it is safe, exact Decimals near a line.

The flags of :mod:`~tenncare_calc.compliance.utilization.outliers` are decided on 60-digit
Decimals. Most rates stand far from their group's lines, and a float64 screen decides them with
the same answer; only a rate within a proven error bound of a line is compared exactly:

* percentiles (:func:`percentile_flags`): a group's rates are in ascending order, so a line
  splits them at one rank. The float line splits them too, except in a band around it (a tiny
  fraction of the group's largest rate) where the Decimal rates are compared with the Decimal
  line, by bisection;
* standard scores (:func:`score_flags`): every group's mean, spread and scores in float64 at
  once; a score farther from ``±k`` than its error bound is flagged by the float, and a group
  with a score inside the bound (or too ill-conditioned to bound) is left to the Decimal rule.

Flags are codes (:data:`FLAGS`): ``over``, ``under``, ``within``, ``not_assessed``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from tenncare_calc.compliance.utilization.outliers import _enough_peers
from tenncare_calc.compliance.utilization.profile_rates import RankedRates, first_rank
from tenncare_calc.compliance.utilization.reports import _np
from tenncare_calc.core.thresholds import Comparison, Threshold
from tenncare_calc.core.values import exact_context

if TYPE_CHECKING:
    from collections.abc import Callable

    from tenncare_calc.compliance.utilization.profile_rates import OrderedRates, ScaledRates

#: The flags, by code.
FLAGS = ("over", "under", "within", "not_assessed")
OVER, UNDER, WITHIN, NOT_ASSESSED = range(4)

#: float64's unit roundoff: an operation's result is within this fraction of the exact one.
_U = 2.0**-53
#: A rate within this fraction of its group's largest rate from a percentile line is compared
#: exactly. The float rates and line are within 16 units of roundoff of the group's largest rate
#: (see :func:`percentile_flags`): 2**-30 leaves a margin of about 2**19.
_NEAR = 2.0**-30
#: A group whose scores' error bound is larger than this is decided by Decimals whatever its scores.
_WIDEST_BOUND = 2.0**-10


class SortedGroups:
    """The rated cells of every peer group, each group in ascending order of rate.

    ``order`` lists the cells (rows of the scaled rates) group after group, each group from the
    lowest rate to the highest; ``floats`` their rates as ``count / months`` in float64 (in that
    order: a larger fraction is never a smaller float); ``starts`` and ``sizes`` each group's
    first position and size; ``exact`` whether the group's equal floats are equal fractions
    (checked by crossing ``count * months``), so that its order is the Decimal rates' order.
    """

    __slots__ = ("exact", "floats", "order", "sizes", "starts")

    def __init__(self, rates: ScaledRates, key: Any) -> None:  # noqa: ANN401 - numpy int64
        """Sort the cells of ``rates`` by ``key`` (the peer group and category), then by rate."""
        np = _np()
        floats = rates.counts.astype(np.float64) / rates.months.astype(np.float64)
        # by rate, then by group keeping that order (a radix sort of small keys): equal rates
        # may come in any order, their Decimals being equal (or the group not ``exact``)
        order = np.argsort(floats)
        narrow = np.int16 if len(key) and int(key.max()) < 2**15 else np.int64
        order = order[np.argsort(key[order].astype(narrow), kind="stable")]
        key, self.floats, self.order = key[order], floats[order], order
        self.starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]]) if len(key) else key
        self.sizes = np.diff(np.r_[self.starts, len(key)])
        tie = np.flatnonzero((self.floats[1:] == self.floats[:-1]) & (key[1:] == key[:-1]))
        first, second = order[tie], order[tie + 1]
        counts, months = rates.counts, rates.months
        unequal = counts[first] * months[second] != counts[second] * months[first]
        self.exact = np.ones(len(self.starts), dtype=bool)
        self.exact[np.searchsorted(self.starts, tie[unequal], side="right") - 1] = False


def percentile_flags(
    groups: SortedGroups,
    rates: ScaledRates,
    *,
    line: Callable[[OrderedRates, Decimal], Decimal],
    lower: Decimal,
    upper: Decimal,
    minimum: int,
) -> Any:  # noqa: ANN401 - numpy int8, one code per cell of ``groups.order``
    """Return each cell's flag by the percentile method, for the groups in exact order.

    ``line(rates, percent)`` is the Decimal percentile of a group's ascending rates. Over the
    ``upper`` line is from some rank on, under the ``lower`` line up to some rank, and over wins.
    A float rate ``f`` is ``count / months`` rounded once (three roundings with the conversions
    of int64 to float64, so within ``3u`` of the fraction, ``u = 2**-53``); the float line
    ``f0 + (f1 - f0) * fraction`` adds at most four more roundings of numbers no larger than the
    group's largest rate ``M``, so it is within ``10u * M`` of the exact line; the Decimal rates
    and line are within ``10**-55 * M`` of the exact ones. So a rate whose float is more than
    ``2**-30 * M`` from the float line is on the same side of the line as its Decimal, and only
    the ranks in that band are compared as Decimals (none when every rate is 0 is not a case:
    then ``M`` is 0 and every rank is compared).
    Cells of groups not in exact order, or smaller than ``minimum``, are ``not_assessed`` here.
    """
    np = _np()
    codes = np.full(len(groups.order), NOT_ASSESSED, dtype=np.int8)
    enough = _enough_peers(minimum)
    positions: dict[tuple[int, Decimal], tuple[int, Decimal]] = {}
    for start, size, exact in zip(
        groups.starts.tolist(), groups.sizes.tolist(), groups.exact.tolist(), strict=True
    ):
        if not exact or not enough.met(size):
            continue
        floats = groups.floats[start : start + size]
        ranked = RankedRates(rates, groups.order[start : start + size])
        near = float(floats[-1]) * _NEAR
        first_over, not_under = (
            _first_past(
                floats,
                ranked,
                near=near,
                line=line,
                positions=positions,
                percent=percent,
                comparison=comparison,
            )
            for percent, comparison in (
                (upper, Comparison.MORE_THAN),
                (lower, Comparison.LESS_THAN),
            )
        )
        under_end = min(not_under, first_over)
        here = codes[start : start + size]
        here[:under_end] = UNDER
        here[under_end:first_over] = WITHIN
        here[first_over:] = OVER
    return codes


def _float_line(
    floats: Any,  # noqa: ANN401 - numpy float64, ascending
    size: int,
    percent: Decimal,
    positions: dict[tuple[int, Decimal], tuple[int, Decimal]],
) -> float:
    """Return the percentile of the floats, by the rank and fraction of the Decimal rule."""
    if (size, percent) not in positions:
        with exact_context():
            position = (Decimal(size - 1) * percent) / Decimal(100)
            low = int(position)
            positions[size, percent] = (low, position - low)
    low, fraction = positions[size, percent]
    if low + 1 >= size:
        return float(floats[-1])
    return float(floats[low] + (floats[low + 1] - floats[low]) * float(fraction))


def _first_past(
    floats: Any,  # noqa: ANN401 - numpy float64, ascending
    ranked: RankedRates,
    *,
    near: float,
    line: Callable[[OrderedRates, Decimal], Decimal],
    positions: dict[tuple[int, Decimal], tuple[int, Decimal]],
    percent: Decimal,
    comparison: Comparison,
) -> int:
    """Return the first rank over the line (``MORE_THAN``), or not under it (``LESS_THAN``).

    Ranks whose float is more than ``near`` below the float line are neither over nor not under;
    those more than ``near`` above it are both; the band between is decided on the Decimal rates
    against the Decimal line ``line(ranked, percent)``.
    """
    np = _np()
    at = _float_line(floats, len(ranked), percent, positions)
    low = int(np.searchsorted(floats, at - near, side="left"))
    high = int(np.searchsorted(floats, at + near, side="right"))
    if low == high:
        return low
    threshold = Threshold(line(ranked, percent), "per 1,000 member months", comparison)
    if comparison is Comparison.MORE_THAN:
        return first_rank(ranked, threshold.met, low, high)
    return first_rank(ranked, lambda rate: not threshold.met(rate), low, high)


@attrs.frozen
class ScoreScreen:
    """The float64 standard scores of every group (:func:`score_flags`), with their error bounds.

    ``codes`` each cell's flag (``groups.order``'s order); ``undecided`` the groups whose flags
    are the Decimal rule's to give; per group ``mean``, ``spread`` and ``off`` (the bound on the
    error of each deviation, as of the mean) and ``spread_error`` in the units of
    ``groups.floats``, and ``bound`` on each score's error; ``score`` each cell's. Numpy arrays.
    """

    codes: Any = attrs.field(kw_only=True, eq=False)
    undecided: Any = attrs.field(kw_only=True, eq=False)
    mean: Any = attrs.field(kw_only=True, eq=False)
    spread: Any = attrs.field(kw_only=True, eq=False)
    off: Any = attrs.field(kw_only=True, eq=False)
    spread_error: Any = attrs.field(kw_only=True, eq=False)
    bound: Any = attrs.field(kw_only=True, eq=False)
    score: Any = attrs.field(kw_only=True, eq=False)


def score_flags(groups: SortedGroups, *, k: Decimal, minimum: int) -> ScoreScreen:
    """Return each cell's flag by the standard score, and which groups the floats cannot decide.

    A score is ``(rate - mean) / spread`` (population spread; a spread of 0 scores 0); over is a
    score above ``k``, under below ``-k``. Every group is scored in float64 at once, and a cell
    is flagged by its float score ``z`` when ``z`` is farther than a bound ``B`` from both ``k``
    and ``-k``. A group with a cell inside the bound, a float spread of 0, or a bound wider than
    ``2**-10`` is left undecided (its codes are to be replaced by the Decimal rule's).

    The bound. With ``n`` rates ``x`` of largest ``M``, exact mean ``m`` and spread ``s``, and
    ``u = 2**-53``: each float rate is within ``3u·M`` of its fraction; the float mean (a sum of
    ``n`` terms, each rounding at most ``u`` times the terms so far, then a division) within
    ``(n + 2)u·M``; each float deviation within ``δ = (n + 8)u·M`` of ``x - m``. The spread of
    the float deviations is within ``δ`` of ``s`` (the triangle inequality of the Euclidean
    norm, divided by ``√n``), and squaring, summing, dividing and the square root round it by
    at most ``(n + 4)u`` relatively, so the float spread ``ŝ`` is within
    ``η = 2δ + 2(n + 4)u·ŝ`` of ``s``. Then ``z - (x - m)/s`` is
    ``(d - D)/ŝ + (D/s)(s - ŝ)/ŝ`` plus the division's rounding, at most
    ``(δ + √n·η)/ŝ + u(√n + 1)``, since no population score exceeds ``√(n - 1)``; ``float(k)``
    adds ``u·k``. The Decimal rule's score has the same bound with ``10**-59`` for ``u``, far
    below it. ``B`` is twice the sum, for the first-order terms left out.
    """
    np = _np()
    count = len(groups.order)
    codes = np.full(count, WITHIN, dtype=np.int8)
    undecided = ~groups.exact.copy()
    small = ~_enough_peers(minimum).met(groups.sizes)
    if not count:
        nothing = np.zeros(0)
        return ScoreScreen(
            codes=codes,
            undecided=undecided & ~small,
            **dict.fromkeys(("mean", "spread", "off", "spread_error", "bound", "score"), nothing),
        )
    starts, sizes = groups.starts, groups.sizes.astype(np.float64)
    floats = groups.floats
    spread_of = np.repeat
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        mean = np.add.reduceat(floats, starts) / sizes
        deviation = floats - spread_of(mean, groups.sizes)
        spread = np.sqrt(np.add.reduceat(deviation * deviation, starts) / sizes)
        largest = np.maximum.reduceat(floats, starts)
        off = (sizes + 8) * _U * largest
        spread_error = 2 * off + 2 * (sizes + 4) * _U * spread
        line = float(k)
        bound = 2 * (
            (off + np.sqrt(sizes) * spread_error) / spread + _U * (np.sqrt(sizes) + 1 + line)
        )
        score = deviation / spread_of(spread, groups.sizes)
        width = spread_of(bound, groups.sizes)
        near = (np.abs(score - line) <= width) | (np.abs(score + line) <= width)
    unusable = ~(spread > 0) | ~(bound <= _WIDEST_BOUND)  # NaN bounds are unusable too
    undecided |= unusable | (np.add.reduceat(near.astype(np.int64), starts) > 0)
    codes[score > line] = OVER
    codes[(score < -line) & (codes != OVER)] = UNDER
    codes[spread_of(small, groups.sizes)] = NOT_ASSESSED
    return ScoreScreen(
        codes=codes,
        undecided=undecided & ~small,
        mean=mean,
        spread=spread,
        off=off,
        spread_error=spread_error,
        bound=bound,
        score=score,
    )


def score_figures(
    screen: ScoreScreen, groups: SortedGroups, *, k: Decimal, scale: int
) -> dict[str, Any]:
    """Return each cell's standard score and its group's lines as shown, where the floats tell.

    A figure is shown to 4 places half-up; its float is within a bound of the Decimal rule's
    value, so when no half-way point (``(j + 1/2) / 10**4``) is within that bound of it, the
    rounded float is the rule's text. The bounds: a score's is the screen's ``bound``; a line
    ``mean ± k·spread`` (times ``scale``, the rates' units over the floats') is within
    ``scale·(off + k·spread_error + 4u(|mean| + k·spread))`` of the exact line (the mean within
    ``off``, the spread within ``spread_error``, four roundings), doubled as the score's is.
    Returns a dict of ``standard_score``, ``lower`` and ``upper`` texts per cell (numpy objects,
    in ``groups.order``'s order) and ``told``: the groups whose every figure the floats tell (the
    others are left to the Decimal rule).
    """
    np = _np()
    from tenncare_calc.compliance.utilization.profile_rates import (  # noqa: PLC0415 - one use
        ten_thousandths_texts,
    )

    sizes = groups.sizes
    line = float(k)
    with np.errstate(invalid="ignore", over="ignore"):
        reach = line * screen.spread
        lines = {"lower": (screen.mean - reach) * scale, "upper": (screen.mean + reach) * scale}
        line_error = (
            2
            * scale
            * (screen.off + line * screen.spread_error + 4 * _U * (np.abs(screen.mean) + reach))
        )
        scores, clear = _rounded(screen.score, np.repeat(screen.bound, sizes))
        found: dict[str, Any] = {"standard_score": scores}
        told = ~screen.undecided
        if len(sizes):
            told &= np.add.reduceat(~clear, groups.starts) == 0
        for name, value in lines.items():
            found[name], clear = _rounded(value, line_error)
            told &= clear
    texts: dict[str, Any] = {}
    for name, shown in found.items():
        # a figure past int64 is never clear (the Decimal rule writes it): 0 here, cast quietly
        numbers = np.where(np.abs(shown) < 2.0**62, shown, 0).astype(np.int64)
        written = ten_thousandths_texts(numbers).to_numpy(zero_copy_only=False)
        texts[name] = written if name == "standard_score" else np.repeat(written, sizes)
    texts["told"] = told
    return texts


def _rounded(values: Any, errors: Any) -> tuple[Any, Any]:  # noqa: ANN401 - numpy float64
    """Return values in ten-thousandths rounded half-up, and whether no half-way point is near.

    A value is clear when the nearest half-way point is farther than its error (in
    ten-thousandths, plus the scaling's rounding) and it is well within int64's exact floats.
    """
    np = _np()
    scaled = values * 10_000.0
    nearest = np.floor(scaled + 0.5)
    gap = np.abs(np.abs(scaled - nearest) - 0.5)
    clear = (gap > errors * 10_000.0 + 4 * _U * np.abs(scaled)) & (np.abs(scaled) < 2.0**51)
    return nearest, clear & np.isfinite(scaled)
