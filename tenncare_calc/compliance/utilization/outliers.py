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

from tenncare_calc.compliance.findings import DeferredColumns
from tenncare_calc.compliance.utilization.outlier_screen import (
    FLAGS,
    NOT_ASSESSED,
    SortedGroups,
    percentile_flags,
    score_flags,
)
from tenncare_calc.compliance.utilization.profile_rates import (
    OrderedRates,
    RankedRates,
    ScaledRates,
    first_rank,
    rate_texts,
    scaled_rates,
)
from tenncare_calc.compliance.utilization.reports import _np, _pa
from tenncare_calc.core.errors import InvalidValueError
from tenncare_calc.core.thresholds import Comparison, Threshold
from tenncare_calc.core.values import exact_context, format_decimal

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable, Iterable

    from tenncare_calc.contract.parameters import ParameterValue
    from tenncare_calc.contract.profile import ContractProfile

_RATE_PLACES = Decimal("0.0001")
_RATE_UNIT = "per 1,000 member months"
_SCORE_UNIT = "standard deviations"


def _shown(number: Decimal) -> str:
    with exact_context():
        normal = number.normalize()
    return format_decimal(normal, grouping=False)


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


def _profile_table(
    everyone: Any,  # noqa: ANN401 - pyarrow array of ids
    *,
    totals: list[Decimal | None],
    peer_groups: list[str | None],
    categories: list[str],
    services: Any,  # noqa: ANN401 - numpy int64, one per category and provider
    method: str,
    criteria: dict[str, Any],
    id_name: str = "provider_id",
) -> DeferredColumns:
    """Return the profile rows (category by category, subjects in order), rated and flagged.

    The subjects are providers (``id_name="provider_id"``) or enrollees (``"member_id"``), each
    compared with the others of its peer group. The flags (the verdict) are computed at once, and
    the figures shown with them (member months, rates, norms, lines, scores) when first read
    (:class:`~tenncare_calc.compliance.findings.DeferredColumns`). Rates and flags are those of
    exact Decimal arithmetic: the rates' texts and each group's order come from scaled integers
    (:mod:`~tenncare_calc.compliance.utilization.profile_rates`), the flags from a float64 screen
    decided exactly near each line
    (:mod:`~tenncare_calc.compliance.utilization.outlier_screen`), and the figures from the
    Decimal rates of the ranks a norm or a line reads (every rate for standard scores).
    """
    np, pa = _np(), _pa()
    providers, rows = len(everyone), len(categories) * len(everyone)
    provider = np.tile(np.arange(providers), len(categories))
    category = np.repeat(np.arange(len(categories)), providers)
    divisor = {
        number: total for number, total in enumerate(totals) if total is not None and total > 0
    }
    rated = np.zeros(providers, dtype=bool)
    rated[list(divisor)] = True
    assessed = np.flatnonzero(rated[provider])
    # the rates as integers (their texts and their order exact), else as Decimals
    scaled = scaled_rates(services[assessed], provider[assessed], divisor)
    group_number = {group: number for number, group in enumerate(dict.fromkeys(peer_groups))}
    group_code = np.array([group_number[group] for group in peer_groups], dtype=np.int64)
    key = group_code[provider[assessed]] * len(categories) + category[assessed]
    text = pa.large_string()
    figures: Callable[[], dict[str, Any]]
    if scaled is None:
        found = _decimal_groups(
            services,
            provider,
            assessed,
            key=key,
            divisor=divisor,
            method=method,
            criteria=criteria,
        )
        flag, peers, figures = found["flag"], found["peers"], lambda: found
    else:
        flag, peers, figures = _screened(
            scaled, assessed, key, rows=rows, method=method, criteria=criteria
        )
    take = pa.array(provider)
    ids = everyone.take(take)

    def shown(name: str) -> Callable[[], Any]:
        return lambda: pa.array(figures()[name], text)

    def months_shown() -> Any:  # noqa: ANN401 - a pyarrow array
        with exact_context():  # once for every total (as _shown does for one)
            normal = [None if total is None else total.normalize() for total in totals]
        return pa.array(
            [None if n is None else format_decimal(n, grouping=False) for n in normal], text
        ).take(take)

    return DeferredColumns(
        {
            id_name: (
                pa.array([]) if not rows else ids.cast(pa.string()) if ids.type == text else ids
            ),
            "peer_group": lambda: pa.array(peer_groups, text).take(take),
            "service_category": pa.array(categories, text).take(pa.array(category)),
            "services": pa.array(services, pa.int64()),
            "member_months": months_shown,
            "rate_per_1000": shown("rate_per_1000"),
            "peers": (
                pa.array(peers, pa.int64())
                if peers.dtype == object
                else pa.array(peers, pa.int64(), mask=peers < 0)
            ),
            **{name: shown(name) for name in ("norm", "lower", "upper", "standard_score")},
            "flag": pa.array(FLAGS, text).take(pa.array(flag)) if rows else pa.array([], text),
        },
        rows=rows,
    )


def _screened(
    scaled: ScaledRates,
    assessed: Any,  # noqa: ANN401 - numpy int64: the rated cells
    key: Any,  # noqa: ANN401 - numpy int64: each rated cell's peer group and category
    *,
    rows: int,
    method: str,
    criteria: dict[str, Any],
) -> tuple[Any, Any, Callable[[], dict[str, Any]]]:
    """Return each cell's flag code and peers, and a function giving the figures shown (once).

    The flags come from the float64 screen of every group, the Decimal rule deciding the groups
    the screen leaves (:mod:`~tenncare_calc.compliance.utilization.outlier_screen`).
    """
    np = _np()
    groups = SortedGroups(scaled, key)
    minimum = criteria["minimum_peers"]
    if method == "percentile":
        codes = percentile_flags(
            groups,
            scaled,
            line=_percentile,
            lower=criteria["lower_percentile"],
            upper=criteria["upper_percentile"],
            minimum=minimum,
        )
        undecided = ~groups.exact & (groups.sizes >= minimum)
    else:
        codes, undecided = score_flags(groups, k=criteria["standard_score"], minimum=minimum)
    found: dict[int, dict[str, Any]] = {}  # the groups decided by the Decimal rule, by start

    def values(start: int, size: int, exact: bool) -> dict[str, Any]:
        members = groups.order[start : start + size]
        if start not in found:
            found[start] = (
                _flag_ranked(RankedRates(scaled, members), criteria=criteria)
                if exact and method == "percentile"
                else _flag_group(
                    scaled.decimals(members),
                    method=method,
                    criteria=criteria,
                )
            )
        return found[start]

    spans = list(
        zip(groups.starts.tolist(), groups.sizes.tolist(), groups.exact.tolist(), strict=True)
    )
    for number in np.flatnonzero(undecided).tolist():
        start, size, exact = spans[number]
        flags = values(start, size, exact)["flag"]
        codes[start : start + size] = [FLAGS.index(flag) for flag in flags]
    flag = np.full(rows, NOT_ASSESSED, dtype=np.int8)
    flag[assessed[groups.order]] = codes
    peers = np.full(rows, -1, dtype=np.int64)  # -1: no peers (shown as null)
    peers[assessed[groups.order]] = np.repeat(groups.sizes, groups.sizes)
    figures: dict[str, Any] = {}

    def shown() -> dict[str, Any]:
        if not figures:
            figures.update(
                (name, np.full(rows, None, dtype=object))
                for name in ("rate_per_1000", "norm", "lower", "upper", "standard_score")
            )
            figures["rate_per_1000"][assessed] = rate_texts(scaled).to_numpy(zero_copy_only=False)
            for start, size, exact in spans:
                where = assessed[groups.order[start : start + size]]
                for name, value in values(start, size, exact).items():
                    if name != "flag":
                        figures[name][where] = value
            found.clear()
        return figures

    return flag, peers, shown


def _decimal_groups(
    services: Any,  # noqa: ANN401 - numpy int64, one per cell
    provider: Any,  # noqa: ANN401 - numpy int64, each cell's subject
    assessed: Any,  # noqa: ANN401 - numpy int64: the rated cells
    *,
    key: Any,  # noqa: ANN401 - numpy int64: each rated cell's peer group and category
    divisor: dict[int, Decimal],
    method: str,
    criteria: dict[str, Any],
) -> dict[str, Any]:
    """Return every cell's flag code, peers and figures, each rate a Decimal (no scaled rates)."""
    np = _np()
    rows = len(services)
    with exact_context():
        rates = [
            Decimal(count) * 1000 / divisor[number]
            for count, number in zip(
                services[assessed].tolist(), provider[assessed].tolist(), strict=True
            )
        ]
    found: dict[str, Any] = {
        name: np.full(rows, None, dtype=object)
        for name in ("rate_per_1000", "norm", "lower", "upper", "standard_score", "peers")
    }
    found["rate_per_1000"][assessed] = _rounded_texts(rates)
    found["flag"] = np.full(rows, NOT_ASSESSED, dtype=np.int8)
    order = np.argsort(key, kind="stable")
    for group in np.split(order, np.flatnonzero(np.diff(key[order])) + 1):
        if not len(group):
            continue
        values = _flag_group([rates[m] for m in group.tolist()], method=method, criteria=criteria)
        where = assessed[group]
        found["peers"][where] = len(group)
        flags = values.pop("flag")
        found["flag"][where] = (
            [FLAGS.index(flag) for flag in flags] if isinstance(flags, list) else FLAGS.index(flags)
        )
        for name, value in values.items():
            found[name][where] = value
    return found


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


def _flag_ranked(rates: RankedRates, *, criteria: dict[str, Any]) -> dict[str, Any]:
    """Return :func:`_flag_group` of a peer group's rates in order, by the percentile method.

    The norm and the lines are the same Decimals (:func:`_percentile` reads the ranks it needs);
    a rate is over the upper line from some rank on and under the lower line up to some rank, so
    each line is found by a binary search over the ranks, comparing Decimal rates as
    :func:`_outlier_flags` does. The flags are in ``rates.order``.
    """
    norm = _percentile(rates, Decimal(50))
    if not _enough_peers(criteria["minimum_peers"]).met(len(rates)):
        return {"norm": _rounded_texts([norm])[0], "flag": "not_assessed"}
    lower = _percentile(rates, criteria["lower_percentile"])
    upper = _percentile(rates, criteria["upper_percentile"])
    over = Threshold(upper, _RATE_UNIT, Comparison.MORE_THAN)
    under = Threshold(lower, _RATE_UNIT, Comparison.LESS_THAN)
    flags = _flags_in_order(rates, over, under)
    shown = _rounded_texts([norm, lower, upper])
    return {"norm": shown[0], "lower": shown[1], "upper": shown[2], "flag": flags}


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
