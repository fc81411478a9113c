"""The profile rows of providers or enrollees: the flags at once, the figures shown when read.

:func:`_profile_table` rates every subject in every category and flags each rate against its
peers by the criteria of :mod:`~tenncare_calc.compliance.utilization.outliers`. The flags (the
verdict) come from the float64 screen of
:mod:`~tenncare_calc.compliance.utilization.outlier_screen`, the Decimal rule deciding the groups
it leaves (:class:`ScreenedGroups`); the figures shown with them (member months, rates, norms,
lines, scores) are computed when first read, as columns of a
:class:`~tenncare_calc.compliance.findings.DeferredColumns`. Without scaled rates (member months
of many places) every rate is a Decimal and every group is decided by the rule
(:func:`_decimal_groups`).
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from tenncare_calc.compliance.findings import DeferredColumns
from tenncare_calc.compliance.utilization.outlier_screen import (
    FLAGS,
    NOT_ASSESSED,
    SortedGroups,
    percentile_flags,
    score_figures,
    score_flags,
)
from tenncare_calc.compliance.utilization.outliers import (
    _enough_peers,
    _flag_group,
    _flag_ranked,
    _percentile,
    _rounded_texts,
)
from tenncare_calc.compliance.utilization.profile_rates import (
    RankedRates,
    rate_texts,
    scaled_rates,
)
from tenncare_calc.compliance.utilization.reports import _np, _pa
from tenncare_calc.core.values import exact_context, format_decimal

if TYPE_CHECKING:
    from collections.abc import Callable

    from tenncare_calc.compliance.utilization.profile_rates import ScaledRates

#: The figures shown with the flags, computed when first read.
FIGURES = ("rate_per_1000", "norm", "lower", "upper", "standard_score")


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
        screened = ScreenedGroups(scaled, assessed, key, rows=rows, criteria=criteria)
        flag, peers, figures = screened.flag, screened.peers, screened.figures
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


class ScreenedGroups:
    """The flags of every peer group from the float64 screen, and the figures shown with them.

    ``flag`` (codes of :data:`~tenncare_calc.compliance.utilization.outlier_screen.FLAGS`) and
    ``peers`` (-1: none) are per cell, computed at once; :meth:`figures` gives the texts of
    :data:`FIGURES`, computed once when first asked. A group the screen cannot decide is given
    by the Decimal rule (``_flag_ranked``, ``_flag_group``), whose figures are then kept.
    """

    def __init__(
        self,
        scaled: ScaledRates,
        assessed: Any,  # noqa: ANN401 - numpy int64: the rated cells
        key: Any,  # noqa: ANN401 - numpy int64: each rated cell's peer group and category
        *,
        rows: int,
        criteria: dict[str, Any],
    ) -> None:
        """Screen every group of ``key``, deciding by the Decimal rule the groups left."""
        np = _np()
        self.scaled, self.assessed, self.rows, self.criteria = scaled, assessed, rows, criteria
        self.groups = groups = SortedGroups(scaled, key)
        self.method = criteria["method"]
        minimum = criteria["minimum_peers"]
        self.screen = None
        if self.method == "percentile":
            codes = percentile_flags(
                groups,
                scaled,
                line=_percentile,
                lower=criteria["lower_percentile"],
                upper=criteria["upper_percentile"],
                minimum=minimum,
            )
            undecided = ~groups.exact & _enough_peers(minimum).met(groups.sizes)
        else:
            self.screen = score_flags(groups, k=criteria["standard_score"], minimum=minimum)
            codes, undecided = self.screen.codes, self.screen.undecided
        self._found: dict[int, dict[str, Any]] = {}  # groups given by the rule, by first cell
        self.spans = list(
            zip(groups.starts.tolist(), groups.sizes.tolist(), groups.exact.tolist(), strict=True)
        )
        for number in np.flatnonzero(undecided).tolist():
            start, size, exact = self.spans[number]
            flags = self._values(start, size, exact=exact)["flag"]
            codes[start : start + size] = [FLAGS.index(flag) for flag in flags]
        self.flag = np.full(rows, NOT_ASSESSED, dtype=np.int8)
        self.flag[assessed[groups.order]] = codes
        self.peers = np.full(rows, -1, dtype=np.int64)  # -1: no peers (shown as null)
        self.peers[assessed[groups.order]] = np.repeat(groups.sizes, groups.sizes)
        self._figures: dict[str, Any] = {}

    def _values(self, start: int, size: int, *, exact: bool) -> dict[str, Any]:
        """Return the Decimal rule's norm, lines, scores and flags of the group at ``start``."""
        if start not in self._found:
            members = self.groups.order[start : start + size]
            self._found[start] = (
                _flag_ranked(RankedRates(self.scaled, members), criteria=self.criteria)
                if exact and self.method == "percentile"
                else _flag_group(
                    self.scaled.decimals(members), method=self.method, criteria=self.criteria
                )
            )
        return self._found[start]

    def figures(self) -> dict[str, Any]:
        """Return the texts of :data:`FIGURES`, one numpy object array each (None: not shown).

        Standard scores and their lines come from the floats where no rounding is in doubt
        (:func:`~tenncare_calc.compliance.utilization.outlier_screen.score_figures`), a group's
        norm from the Decimal rates of its middle ranks; the other groups are the rule's.
        """
        if self._figures:
            return self._figures
        np, figures = _np(), self._figures
        figures.update((name, np.full(self.rows, None, dtype=object)) for name in FIGURES)
        assessed, groups = self.assessed, self.groups
        figures["rate_per_1000"][assessed] = rate_texts(self.scaled).to_numpy(zero_copy_only=False)
        quick: dict[str, Any] = {"told": np.zeros(len(self.spans), dtype=bool)}
        if self.screen is not None:
            quick = score_figures(
                self.screen,
                groups,
                k=self.criteria["standard_score"],
                scale=1000 * 10**self.scaled.places,
            )
        told = quick.pop("told") & _enough_peers(self.criteria["minimum_peers"]).met(groups.sizes)
        for number, (start, size, exact) in enumerate(self.spans):
            members = groups.order[start : start + size]
            where = assessed[members]
            if told[number]:
                shown = {name: texts[start : start + size] for name, texts in quick.items()}
            elif exact and self.method == "percentile" and start not in self._found:
                shown = _flag_ranked(
                    RankedRates(self.scaled, members), criteria=self.criteria, flags=False
                )
            else:
                shown = self._values(start, size, exact=exact)
            if told[number]:
                norm = _percentile(RankedRates(self.scaled, members), Decimal(50))
                figures["norm"][where] = _rounded_texts([norm])[0]
            for name, value in shown.items():
                if name != "flag":
                    figures[name][where] = value
        self._found.clear()
        return figures


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
