"""The outlier criteria of provider and enrollee profiles: rates, peer norms, thresholds and flags.

The clause compares "Enrollee and provider utilization with norms for comparable individuals and
Network Providers" by "established outlier criteria", which it does not state; they are profile parameters (``utilization.outlier_*``):
percentiles of the peers' rates, or standard scores. A rate above the upper line is ``over``, below
the lower line ``under`` (:func:`_outlier_flags`); a peer group smaller than the minimum is not
assessed. Rates and flags are exact decimal arithmetic; rates are shown to 4 places half-up.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from tenncare_calc.compliance.utilization.profile_rates import (
    OrderedRates,
    RankedRates,
    first_rank,
)
from tenncare_calc.compliance.utilization.reports import _np
from tenncare_calc.core.errors import InvalidValueError
from tenncare_calc.core.thresholds import Comparison, Threshold
from tenncare_calc.core.values import exact_context

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable

    from tenncare_calc.contract.parameters import ParameterValue
    from tenncare_calc.contract.profile import ContractProfile

_RATE_PLACES = Decimal("0.0001")
_RATE_UNIT = "per 1,000 member months"
_SCORE_UNIT = "standard deviations"


def _rounded_texts(numbers: Iterable[Decimal]) -> list[str]:
    """Return rates as shown: to 4 decimal places half-up, without trailing zeros (display figures).

    >>> _rounded_texts([Decimal("26.2"), Decimal("1") / 3, Decimal(30), Decimal("-0.00004")])
    ['26.2', '0.3333', '30', '0']
    """
    quantize = Decimal.quantize
    with exact_context():
        # a value quantized to 4 places is written without an exponent
        texts = [str(quantize(number, _RATE_PLACES, ROUND_HALF_UP)) for number in numbers]
    trimmed = [text.rstrip("0").rstrip(".") for text in texts]
    return ["0" if text == "-0" else text for text in trimmed]


def _percentile(ordered: OrderedRates, percent: Decimal) -> Decimal:
    """Return the percentile of sorted values by linear interpolation between ranks (type 7)."""
    with exact_context():
        position = (Decimal(len(ordered) - 1) * percent) / Decimal(100)
        low = int(position)
        fraction = position - low
        if low + 1 >= len(ordered):
            return ordered[-1]
        return ordered[low] + (ordered[low + 1] - ordered[low]) * fraction


def _criteria(
    profile: ContractProfile,
    on: dt.date | None,
    overrides: dict[str, object],
) -> tuple[str, dict[str, Any], tuple[ParameterValue, ...]]:
    names = {
        "method": "utilization.outlier_method",
        "lower_percentile": "utilization.outlier_lower_percentile",
        "upper_percentile": "utilization.outlier_upper_percentile",
        "standard_score": "utilization.outlier_standard_score",
        "minimum_peers": "utilization.outlier_minimum_peers",
    }
    given = {names[key]: value for key, value in overrides.items() if value is not None}
    if given:
        profile = profile.with_overrides(given)
    values = {key: profile.get(name, on=on) for key, name in names.items()}
    method = values["method"].value
    lower, upper = values["lower_percentile"].value, values["upper_percentile"].value
    if method == "percentile" and lower >= upper:
        raise InvalidValueError(
            f"'lower_percentile' ({lower}) must be below 'upper_percentile' ({upper})",
            field="lower_percentile",
            value=lower,
        )
    used = ["method", "minimum_peers"]
    used += (
        ["lower_percentile", "upper_percentile"] if method == "percentile" else ["standard_score"]
    )
    return method, {k: v.value for k, v in values.items()}, tuple(values[k] for k in used)


def _flag_group(rates: list[Decimal], *, method: str, criteria: dict[str, Any]) -> dict[str, Any]:
    """Return a peer group's norm, thresholds and scores as shown, and each rate's flag (in order).

    Flags are decided on the exact values; a group smaller than the minimum is not assessed.
    """
    ordered = sorted(rates)
    norm = _percentile(ordered, Decimal(50))
    if not _enough_peers(criteria["minimum_peers"]).met(len(rates)):
        return {"norm": _rounded_texts([norm])[0], "flag": "not_assessed"}
    if method == "percentile":
        lower = _percentile(ordered, criteria["lower_percentile"])
        upper = _percentile(ordered, criteria["upper_percentile"])
        flags = _outlier_flags(
            rates,
            Threshold(upper, _RATE_UNIT, Comparison.MORE_THAN),
            Threshold(lower, _RATE_UNIT, Comparison.LESS_THAN),
        )
        shown = _rounded_texts([norm, lower, upper])
        return {"norm": shown[0], "lower": shown[1], "upper": shown[2], "flag": flags}
    k = criteria["standard_score"]
    with exact_context():
        count = Decimal(len(ordered))
        mean = sum(ordered, Decimal(0)) / count
        deviations = [r - mean for r in ordered]
        spread = (sum((d**2 for d in deviations), Decimal(0)) / count).sqrt()
        # rates given in order (the usual case) are ``ordered``: their deviations are those
        in_order = ordered == rates
        by_rate = deviations if in_order else [rate - mean for rate in rates]
        scores = [Decimal(0) if spread == 0 else d / spread for d in by_rate]
        lower, upper = mean - k * spread, mean + k * spread
        below = -k  # exact in 60 digits, whatever the caller's decimal context
    lines = (
        Threshold(k, _SCORE_UNIT, Comparison.MORE_THAN),
        Threshold(below, _SCORE_UNIT, Comparison.LESS_THAN),
    )
    # scores of rates in order are in order too (each step rounds monotonically)
    flags = _flags_in_order(scores, *lines) if in_order else _outlier_flags(scores, *lines)
    shown = _rounded_texts([norm, lower, upper])
    return {
        "norm": shown[0],
        "lower": shown[1],
        "upper": shown[2],
        "standard_score": _rounded_texts(scores),
        "flag": flags,
    }


def _flag_ranked(
    rates: RankedRates, *, criteria: dict[str, Any], flags: bool = True
) -> dict[str, Any]:
    """Return :func:`_flag_group` of a peer group's rates in order, by the percentile method.

    The norm and the lines are the same Decimals (:func:`_percentile` reads the ranks it needs);
    a rate is over the upper line from some rank on and under the lower line up to some rank, so
    each line is found by a binary search over the ranks, comparing Decimal rates as
    :func:`_outlier_flags` does. The flags are in ``rates.order``; with ``flags=False`` only the
    norm and the lines are given (a group whose flags are known).
    """
    norm = _percentile(rates, Decimal(50))
    if not _enough_peers(criteria["minimum_peers"]).met(len(rates)):
        alone: dict[str, Any] = {"norm": _rounded_texts([norm])[0]}
        return {**alone, "flag": "not_assessed"} if flags else alone
    lower = _percentile(rates, criteria["lower_percentile"])
    upper = _percentile(rates, criteria["upper_percentile"])
    texts = _rounded_texts([norm, lower, upper])
    shown: dict[str, Any] = dict(zip(("norm", "lower", "upper"), texts, strict=True))
    if flags:
        over = Threshold(upper, _RATE_UNIT, Comparison.MORE_THAN)
        under = Threshold(lower, _RATE_UNIT, Comparison.LESS_THAN)
        shown["flag"] = _flags_in_order(rates, over, under)
    return shown


def _flags_in_order(values: OrderedRates, over: Threshold, under: Threshold) -> list[str]:
    """Return :func:`_outlier_flags` of values in ascending order, each line found by bisection.

    A value is over the upper line from some rank on and under the lower line up to some rank:
    the lines are compared with about twice the logarithm of the values, not with each.

    >>> rate = "per 1,000 member months"
    >>> upper = Threshold(Decimal(30), rate, Comparison.MORE_THAN)
    >>> lower = Threshold(Decimal(2), rate, Comparison.LESS_THAN)
    >>> _flags_in_order([Decimal(1), Decimal(2), Decimal(30), Decimal(31)], upper, lower)
    ['under', 'within', 'within', 'over']
    """
    first_over = first_rank(values, over.met)
    first_not_under = first_rank(values, lambda value: not under.met(value))
    under_end = min(first_not_under, first_over)
    return (
        ["under"] * under_end
        + ["within"] * (first_over - under_end)
        + ["over"] * (len(values) - first_over)
    )


def _enough_peers(minimum: int) -> Threshold:
    """Return the line of an assessed peer group: at least ``minimum`` comparable providers (5).

    >>> _enough_peers(5).met(4), _enough_peers(5).met(5)
    (False, True)
    """
    return Threshold(minimum, "providers", Comparison.AT_LEAST)


def _outlier_flags(values: list[Decimal], over: Threshold, under: Threshold) -> list[str]:
    """Return each value's flag: ``over`` past the upper line, ``under`` past the lower, or ``within``.

    >>> rate = "per 1,000 member months"
    >>> upper = Threshold(Decimal(30), rate, Comparison.MORE_THAN)
    >>> lower = Threshold(Decimal(2), rate, Comparison.LESS_THAN)
    >>> _outlier_flags([Decimal(31), Decimal(30), Decimal(2), Decimal(1)], upper, lower)
    ['over', 'within', 'within', 'under']
    """
    np = _np()
    measured = np.array(values, dtype=object)  # each line evaluated over the group at once
    above = np.asarray(over.met(measured), dtype=bool)
    below = np.asarray(under.met(measured), dtype=bool)
    flags: list[str] = np.where(above, "over", np.where(below, "under", "within")).tolist()
    return flags
