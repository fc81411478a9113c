"""The outlier criteria of provider and enrollee profiles, pinned against the rule written apart.

These are the own tests of ``compliance.utilization.outliers`` (and of the profile modules that
apply it: ``profile_rates``, ``profile_counts``, ``profile_table``, ``profiles``,
``enrollee_profiles``), run against their mutants (docs/developers.md, "Mutation testing"). The
rule (docs/compliance.md, "Provider profiles"): services per 1,000 member months against the
peers' rates; the norm is their median, the lines the lower and upper percentiles (linear
interpolation between ranks) or the mean less and plus ``k`` population standard deviations; a
rate strictly above the upper line is ``over``, strictly below the lower ``under``, else
``within``; a group of fewer than the minimum of peers is ``not_assessed``. Every expected value
here is computed in the test (60-digit Decimals), never by the code under test.
"""

from __future__ import annotations

import datetime as dt
import decimal
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tenncare_calc import InvalidInputError, InvalidTypeError, InvalidValueError, default_profile
from tenncare_calc.compliance import enrollee_profiles, provider_profiles
from tenncare_calc.compliance.utilization import outliers
from tenncare_calc.compliance.utilization.profile_rates import ScaledRates, ranked, scaled_rates
from tenncare_calc.core.thresholds import Comparison, Threshold
from tests.versioned_profiles import CHANGE_DATE, with_later_version

if TYPE_CHECKING:
    import random

#: The test's own arithmetic: 60 significant digits, as the contract's exact figures need.
PLAIN = decimal.Context(prec=60, rounding=decimal.ROUND_HALF_EVEN)
BEFORE, AFTER = CHANGE_DATE - dt.timedelta(days=1), CHANGE_DATE
#: One unit of the shown precision (rates and scores are shown to 4 places).
UNIT = Decimal("0.0001")
#: Member months making a count of services a rate of count ten-thousandths per 1,000.
TEN_MILLION = 10**7

DEFAULTS = {
    "method": "percentile",
    "lower_percentile": Decimal(5),
    "upper_percentile": Decimal(95),
    "standard_score": Decimal(2),
    "minimum_peers": 5,
}


def shown(number: Decimal) -> str:
    """Return a figure as shown: 4 places half-up, no trailing zeros, ``0`` never negative."""
    text = f"{number.quantize(UNIT, rounding=ROUND_HALF_UP, context=PLAIN):f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def percentile(ordered: list[Decimal], percent: Decimal) -> Decimal:
    """Return the percentile by linear interpolation between ranks (h = (n - 1) p / 100)."""
    with decimal.localcontext(PLAIN):
        position = (len(ordered) - 1) * Decimal(percent) / 100
        below = int(position)
        if below == len(ordered) - 1:
            return ordered[below]
        return ordered[below] + (position - below) * (ordered[below + 1] - ordered[below])


def expected_group(rates: list[Decimal], criteria: dict[str, Any]) -> dict[str, Any]:
    """Return a peer group's norm, lines, scores and flags (in the rates' order) by the rule."""
    ordered = sorted(rates)
    norm = shown(percentile(ordered, Decimal(50)))
    if len(rates) < criteria["minimum_peers"]:
        return {"norm": norm, "flag": "not_assessed"}
    if criteria["method"] == "percentile":
        low = percentile(ordered, criteria["lower_percentile"])
        high = percentile(ordered, criteria["upper_percentile"])
        flags = ["over" if r > high else "under" if r < low else "within" for r in rates]
        return {"norm": norm, "lower": shown(low), "upper": shown(high), "flag": flags}
    k = Decimal(criteria["standard_score"])
    with decimal.localcontext(PLAIN):
        mean = sum(ordered, Decimal(0)) / len(ordered)
        spread = (sum(((r - mean) ** 2 for r in ordered), Decimal(0)) / len(ordered)).sqrt()
        scores = [Decimal(0) if not spread else (r - mean) / spread for r in rates]
        low, high = mean - k * spread, mean + k * spread
    return {
        "norm": norm,
        "lower": shown(low),
        "upper": shown(high),
        "standard_score": [shown(score) for score in scores],
        "flag": ["over" if s > k else "under" if s < -k else "within" for s in scores],
    }


#: Rates in ten-thousandths (exact), ties and zeros likely.
RATES = st.lists(st.integers(0, 60).map(lambda n: Decimal(n).scaleb(-1)), min_size=1, max_size=12)
PERCENTS = st.sampled_from(["0", "1", "5", "10", "12.5", "25", "50", "75", "90", "95", "99", "100"])


@st.composite
def criteria_drawn(draw: st.DrawFn) -> dict[str, Any]:
    """Return outlier criteria: either method, lines below one another, a small minimum."""
    low, high = sorted(draw(st.lists(PERCENTS, min_size=2, max_size=2, unique=True)), key=Decimal)
    return {
        "method": draw(st.sampled_from(["percentile", "standard_score"])),
        "lower_percentile": Decimal(low),
        "upper_percentile": Decimal(high),
        "standard_score": Decimal(draw(st.sampled_from(["0.5", "1", "1.5", "2", "3"]))),
        "minimum_peers": draw(st.integers(1, 7)),
    }


class TestPercentile:
    """The percentile of sorted rates: linear interpolation between ranks, the last rank at 100."""

    @given(RATES, st.integers(0, 100).map(Decimal) | PERCENTS.map(Decimal))
    def test_by_the_definition(self, rates: list[Decimal], percent: Decimal) -> None:
        """Each percentile of each group, 0 and 100 included, is the definition's."""
        ordered = sorted(rates)
        assert outliers._percentile(ordered, percent) == percentile(ordered, percent)  # noqa: SLF001

    def test_the_documented_example(self) -> None:
        """1, 9, 10, 11, 30: P5 = 1 + 0.2 x 8 = 2.6, P50 = 10, P95 = 11 + 0.8 x 19 = 26.2."""
        ordered = [Decimal(n) for n in (1, 9, 10, 11, 30)]
        found = [outliers._percentile(ordered, Decimal(p)) for p in (0, 5, 50, 95, 100)]  # noqa: SLF001
        assert found == [Decimal(1), Decimal("2.6"), Decimal(10), Decimal("26.2"), Decimal(30)]

    def test_one_rate_is_every_percentile(self) -> None:
        """A group of one: its rate at every percentile."""
        assert [outliers._percentile([Decimal(7)], Decimal(p)) for p in (0, 50, 100)] == [  # noqa: SLF001
            Decimal(7)
        ] * 3


class TestShownFigures:
    """Rates, lines and scores are shown to 4 places half-up, without trailing zeros."""

    @given(st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**9), max_value=10**9))
    def test_any_figure(self, number: Decimal) -> None:
        """Any figure, negative or not."""
        assert outliers._rounded_texts([number]) == [shown(number)]  # noqa: SLF001

    def test_half_way_and_zeros(self) -> None:
        """A half-way point rounds up (away from 0); -0.00004 is 0; 30.0000 is 30."""
        numbers = [Decimal("0.00005"), Decimal("-0.00005"), Decimal("-0.00004"), Decimal("30.0000")]
        assert outliers._rounded_texts(numbers) == ["0.0001", "-0.0001", "0", "30"]  # noqa: SLF001


class TestFlagGroup:
    """A peer group's norm, lines, scores and flags, compared whole with the rule written apart."""

    @given(RATES, criteria_drawn(), st.randoms(use_true_random=False))
    def test_against_the_rule(
        self, rates: list[Decimal], criteria: dict[str, Any], shuffler: random.Random
    ) -> None:
        """In order (the usual case) and shuffled: the whole result is the rule's."""
        for given_rates in (sorted(rates), shuffler.sample(rates, len(rates))):
            found = outliers._flag_group(given_rates, method=criteria["method"], criteria=criteria)  # noqa: SLF001
            assert found == expected_group(given_rates, criteria)

    @given(st.integers(1, 9), RATES, st.sampled_from(["percentile", "standard_score"]))
    def test_at_the_minimum_and_one_short(
        self, minimum: int, rates: list[Decimal], method: str
    ) -> None:
        """A group of exactly the minimum is assessed; one fewer is not."""
        criteria = {**DEFAULTS, "method": method, "minimum_peers": minimum}
        group = (rates * minimum)[:minimum]
        assessed = outliers._flag_group(group, method=method, criteria=criteria)  # noqa: SLF001
        short = outliers._flag_group(group[:-1] or group, method=method, criteria=criteria)  # noqa: SLF001
        assert isinstance(assessed["flag"], list)
        assert assessed == expected_group(group, criteria)
        if minimum > 1:
            assert short == {
                "norm": shown(percentile(sorted(group[:-1]), Decimal(50))),
                "flag": "not_assessed",
            }

    @given(
        st.sampled_from([(4, [25, 50, 75]), (20, list(range(5, 100, 5))), (10, [10, 30, 70, 90])]),
        st.data(),
    )
    def test_percentile_lines_at_a_rate_and_a_unit_either_side(
        self, shape: tuple[int, list[int]], data: st.DataObject
    ) -> None:
        """A line on a rank is that rate (within); a unit above the upper is over, below the lower under."""
        steps, percents = shape
        low_p, high_p = sorted(
            data.draw(st.lists(st.sampled_from(percents), min_size=2, max_size=2, unique=True))
        )
        low_rank, high_rank = (steps * low_p) // 100, (steps * high_p) // 100
        base = data.draw(st.integers(0, 10**6))
        # distinct rates, a unit apart around the two line ranks
        ordered = [Decimal(base + 10 * rank).scaleb(-4) for rank in range(steps + 1)]
        ordered[low_rank - 1 if low_rank else 0] = (
            ordered[low_rank] - UNIT if low_rank else ordered[0]
        )
        if high_rank < steps:
            ordered[high_rank + 1] = ordered[high_rank] + UNIT
        criteria = {
            **DEFAULTS,
            "lower_percentile": Decimal(low_p),
            "upper_percentile": Decimal(high_p),
        }
        found = outliers._flag_group(ordered, method="percentile", criteria=criteria)  # noqa: SLF001
        assert (found["lower"], found["upper"]) == (
            shown(ordered[low_rank]),
            shown(ordered[high_rank]),
        )
        assert found["flag"][low_rank] == found["flag"][high_rank] == "within"
        if low_rank:
            assert found["flag"][low_rank - 1] == "under"
        if high_rank < steps:
            assert found["flag"][high_rank + 1] == "over"
        assert found == expected_group(ordered, criteria)

    @given(st.integers(1, 3), st.integers(1, 4), st.integers(0, 1000), st.integers(1, 1000))
    def test_standard_score_at_the_line_and_a_unit_either_side(
        self, score: int, size: int, base: int, step: int
    ) -> None:
        """``size * s**2`` rates at x and ``size`` at x + d: the high ones score exactly s.

        At ``k = s`` they are within; at ``s - 0.0001`` over; at ``s + 0.0001`` within. The low
        ones score exactly -1/s: with s = 1 they are on the lower line too.
        """
        low, high = Decimal(base).scaleb(-4), Decimal(base + step).scaleb(-4)
        rates = [low] * (size * score**2) + [high] * size
        for k, flag in ((score, "within"), (score - UNIT, "over"), (score + UNIT, "within")):
            criteria = {
                **DEFAULTS,
                "method": "standard_score",
                "standard_score": Decimal(k),
                "minimum_peers": 1,
            }
            found = outliers._flag_group(rates, method="standard_score", criteria=criteria)  # noqa: SLF001
            assert found["flag"][-1] == flag
            assert found["standard_score"][-1] == str(score)
            assert found == expected_group(rates, criteria)
        if score == 1:
            for k, flag in ((1, "within"), (1 - UNIT, "under"), (1 + UNIT, "within")):
                criteria = {
                    **DEFAULTS,
                    "method": "standard_score",
                    "standard_score": Decimal(k),
                    "minimum_peers": 1,
                }
                found = outliers._flag_group(rates, method="standard_score", criteria=criteria)  # noqa: SLF001
                assert found["flag"][0] == flag

    def test_all_alike_score_zero(self) -> None:
        """No spread: every score 0, within, the lines the mean."""
        criteria = {**DEFAULTS, "method": "standard_score"}
        rates = [Decimal("2.5")] * 5
        assert outliers._flag_group(rates, method="standard_score", criteria=criteria) == {  # noqa: SLF001
            "norm": "2.5",
            "lower": "2.5",
            "upper": "2.5",
            "standard_score": ["0"] * 5,
            "flag": ["within"] * 5,
        }

    def test_the_under_line_ignores_the_callers_context(self) -> None:
        """K of 60 digits: its negative is exact even in a caller's 3-digit context."""
        k = Decimal("1." + "0" * 58 + "1")
        rates = [Decimal(0), Decimal(1)]
        criteria = {**DEFAULTS, "method": "standard_score", "standard_score": k, "minimum_peers": 1}
        with decimal.localcontext(decimal.Context(prec=3)):
            found = outliers._flag_group(rates, method="standard_score", criteria=criteria)  # noqa: SLF001
        assert found["flag"] == ["within", "within"]


class TestFlagRanked:
    """The percentile rule read by rank from scaled rates: the same norm, lines and flags."""

    @given(
        st.lists(
            st.tuples(st.integers(0, 30), st.sampled_from([7, 10, 12, 1000])),
            min_size=1,
            max_size=15,
        ),
        criteria_drawn(),
        st.booleans(),
    )
    def test_against_the_rule(
        self, rows: list[tuple[int, int]], criteria: dict[str, Any], flags: bool
    ) -> None:
        """Whole, with the flags in the group's order; without flags, the figures alone."""
        criteria = {**criteria, "method": "percentile"}
        totals = {number: Decimal(total) for number, (_, total) in enumerate(rows)}
        scaled = scaled_rates(np.array([c for c, _ in rows]), np.arange(len(rows)), totals)
        assert scaled is not None
        group = ranked(scaled, np.arange(len(rows)))
        assert group is not None
        with decimal.localcontext(PLAIN):
            rates = [Decimal(rows[row][0]) * 1000 / totals[row] for row in group.order.tolist()]
        expected = expected_group(rates, criteria)
        if not flags:
            expected.pop("flag")
        found = (
            outliers._flag_ranked(group, criteria=criteria)  # noqa: SLF001 - flags by default
            if flags
            else outliers._flag_ranked(group, criteria=criteria, flags=False)  # noqa: SLF001
        )
        assert found == expected


class TestFlagsOfValues:
    """Each value against the two lines: strictly past a line is over or under."""

    @given(
        st.lists(st.integers(-5, 5).map(Decimal), max_size=20),
        st.integers(-5, 5),
        st.integers(-5, 5),
    )
    def test_each_value_and_in_order(self, values: list[Decimal], low: int, high: int) -> None:
        """Values on, below and above each line (the lines crossed or not), in order or not."""
        over = Threshold(Decimal(high), "x", Comparison.MORE_THAN)
        under = Threshold(Decimal(low), "x", Comparison.LESS_THAN)

        def plain(number: Decimal) -> str:
            return "over" if number > high else "under" if number < low else "within"

        assert outliers._outlier_flags(values, over, under) == [plain(v) for v in values]  # noqa: SLF001
        ordered = sorted(values)
        assert outliers._flags_in_order(ordered, over, under) == [plain(v) for v in ordered]  # noqa: SLF001

    @given(st.integers(0, 12), st.integers(1, 12))
    def test_enough_peers(self, size: int, minimum: int) -> None:
        """At least the minimum of peers, the one judged included."""
        line = outliers._enough_peers(minimum)  # noqa: SLF001
        assert line.met(size) is (size >= minimum)
        assert (line.limit, line.comparison) == (minimum, Comparison.AT_LEAST)


#: The outlier parameters by keyword.
NAMES = {
    "method": "utilization.outlier_method",
    "lower_percentile": "utilization.outlier_lower_percentile",
    "upper_percentile": "utilization.outlier_upper_percentile",
    "standard_score": "utilization.outlier_standard_score",
    "minimum_peers": "utilization.outlier_minimum_peers",
}


class TestCriteria:
    """The five outlier parameters: the profile's version in force, the keywords over them."""

    def test_the_shipped_defaults(self) -> None:
        """Percentiles 5 and 95, a standard score of 2, 5 peers; the percentile method cites four."""
        method, values, cited = outliers._criteria(default_profile(), None, {})  # noqa: SLF001
        assert (method, values) == ("percentile", DEFAULTS)
        assert [(p.name, p.value) for p in cited] == [
            ("utilization.outlier_method", "percentile"),
            ("utilization.outlier_minimum_peers", 5),
            ("utilization.outlier_lower_percentile", Decimal(5)),
            ("utilization.outlier_upper_percentile", Decimal(95)),
        ]

    def test_keywords_over_the_profile(self) -> None:
        """A keyword given is a what-if override; None leaves the profile's value."""
        overrides = {"method": "standard_score", "standard_score": "1.5", "lower_percentile": None}
        method, values, cited = outliers._criteria(default_profile(), None, overrides)  # noqa: SLF001
        assert (method, values) == (
            "standard_score",
            {**DEFAULTS, "method": "standard_score", "standard_score": Decimal("1.5")},
        )
        assert [(p.name, p.value, p.override) for p in cited] == [
            ("utilization.outlier_method", "standard_score", True),
            ("utilization.outlier_minimum_peers", 5, False),
            ("utilization.outlier_standard_score", Decimal("1.5"), True),
        ]

    @pytest.mark.parametrize(
        ("key", "later", "expected"),
        [
            ("method", "standard_score", "standard_score"),
            ("lower_percentile", 10, Decimal(10)),
            ("upper_percentile", 90, Decimal(90)),
            ("standard_score", "2.5", Decimal("2.5")),
            ("minimum_peers", 3, 3),
        ],
    )
    def test_the_version_in_force(self, key: str, later: object, expected: object) -> None:
        """Each parameter's 2010 version applies from its date, not the day before."""
        profile = with_later_version(default_profile(), NAMES[key], later)
        assert outliers._criteria(profile, BEFORE, {})[1] == DEFAULTS  # noqa: SLF001
        assert outliers._criteria(profile, AFTER, {})[1] == {**DEFAULTS, key: expected}  # noqa: SLF001

    @given(st.integers(0, 999).map(lambda n: Decimal(n).scaleb(-1)))
    def test_the_lower_percentile_must_be_below_the_upper(self, upper: Decimal) -> None:
        """Equal or above is an error naming the lower percentile; a unit below is not."""
        for lower in (upper, upper + UNIT):
            with pytest.raises(
                InvalidValueError, match="must be below 'upper_percentile'"
            ) as error:
                outliers._criteria(  # noqa: SLF001
                    default_profile(), None, {"lower_percentile": lower, "upper_percentile": upper}
                )
            assert (error.value.field, error.value.value) == ("lower_percentile", lower)
            assert (
                str(error.value)
                == f"'lower_percentile' ({lower}) must be below 'upper_percentile' ({upper})"
            )
            # the standard-score method reads no percentile
            outliers._criteria(  # noqa: SLF001
                default_profile(),
                None,
                {"method": "standard_score", "lower_percentile": lower, "upper_percentile": upper},
            )
        if upper >= UNIT:
            found = outliers._criteria(  # noqa: SLF001
                default_profile(),
                None,
                {"lower_percentile": upper - UNIT, "upper_percentile": upper},
            )
            assert found[1]["lower_percentile"] == upper - UNIT


# --- the public results -------------------------------------------------------------------------


def plain_rows(
    services: list[tuple[int, str, int]],
    months: dict[int, Decimal],
    groups: dict[int, str],
    criteria: dict[str, Any],
    id_name: str = "provider_id",
) -> list[dict[str, Any]]:
    """Return the profile rows by the documented rule: each category, each subject in order."""
    tally: dict[tuple[int, str], int] = {}
    for subject, category, count in services:
        tally[subject, category] = tally.get((subject, category), 0) + count
    everyone = list(dict.fromkeys([*months, *(s for s, _, _ in services)]))
    rows: list[dict[str, Any]] = []
    for category in sorted({c for _, c, _ in services}):
        peers: dict[str, list[int]] = {}
        rates: dict[int, Decimal] = {}
        for subject in everyone:
            total = months.get(subject)
            count = tally.get((subject, category), 0)
            row = {
                id_name: subject,
                "peer_group": groups.get(subject),
                "service_category": category,
                "services": count,
                "member_months": None if total is None else f"{total.normalize(PLAIN):f}",
                "rate_per_1000": None,
                "peers": None,
                "norm": None,
                "lower": None,
                "upper": None,
                "standard_score": None,
                "flag": "not_assessed",
            }
            if total:
                with decimal.localcontext(PLAIN):
                    rates[len(rows)] = Decimal(count) * 1000 / total
                row["rate_per_1000"] = shown(rates[len(rows)])
                peers.setdefault(groups[subject], []).append(len(rows))
            rows.append(row)
        for numbers in peers.values():
            found = expected_group([rates[n] for n in numbers], criteria)
            for place, number in enumerate(numbers):
                rows[number]["peers"] = len(numbers)
                for name, value in found.items():
                    rows[number][name] = value[place] if isinstance(value, list) else value
    return rows


@st.composite
def profile_inputs(draw: st.DrawFn) -> tuple[Any, ...]:
    """Return services, member months, peer groups and criteria of a few providers."""
    count = draw(st.integers(1, 9))
    months = {
        subject: Decimal(
            draw(st.sampled_from(["0", "0.5", "3", "7", "12.25", "1000", "2.0000001"]))
        )
        for subject in range(1, count + 1)
        if draw(st.integers(0, 5))
    }
    groups = {subject: draw(st.sampled_from(["a", "b"])) for subject in months}
    services = draw(
        st.lists(
            st.tuples(
                st.integers(1, count + 1), st.sampled_from(["er", "office"]), st.integers(0, 4)
            ),
            min_size=1,
            max_size=30,
        )
    )
    return services, months, groups, draw(criteria_drawn())


def provider_inputs(
    services: list[tuple[int, str, int]], months: dict[int, Decimal], groups: dict[int, str]
) -> tuple[dict[str, list[Any]], dict[str, list[Any]]]:
    """Return the services and member-months tables of ``services`` and ``months``."""
    return (
        {
            "provider_id": [s for s, _, _ in services],
            "service_category": [c for _, c, _ in services],
            "services": [n for _, _, n in services],
        },
        {
            "provider_id": list(months),
            "member_months": list(months.values()),
            "peer_group": [groups[s] for s in months],
        },
    )


def cited(criteria: dict[str, Any], on: dt.date | None = None) -> list[dict[str, Any]]:
    """Return the parameters a result cites for ``criteria`` (what-if overrides of the profile)."""
    used = ["method", "minimum_peers"] + (
        ["lower_percentile", "upper_percentile"]
        if criteria["method"] == "percentile"
        else ["standard_score"]
    )
    profile = default_profile().with_overrides({NAMES[k]: criteria[k] for k in used})
    return [profile.get(NAMES[k], on=on).to_dict() for k in used]


class TestProviderProfiles:
    """``provider_profiles``: every result compared whole with the rule written here."""

    @given(profile_inputs())
    def test_the_whole_result(self, inputs: tuple[Any, ...]) -> None:
        """Rows, counts, outliers, the summary and the criteria cited, as JSON and as parts."""
        services, months, groups, criteria = inputs
        service_table, month_table = provider_inputs(services, months, groups)
        result = provider_profiles(service_table, month_table, **criteria)
        rows = plain_rows(services, months, groups, criteria)
        counts = dict.fromkeys(("over", "under", "within", "not_assessed"), 0)
        for row in rows:
            counts[row["flag"]] += 1
        assert result.to_dict() == {
            "method": criteria["method"],
            "criteria": cited(criteria),
            "counts": counts,
            "profiles": rows,
            "services": {"rows_in": len(services), "rejected": []},
            "member_months": {"rows_in": len(months), "rejected": []},
        }
        assert result.outliers() == [r for r in rows if r["flag"] in ("over", "under")]
        summary = result.tables()[0]
        assert (summary.name, summary.title) == ("summary", "Provider utilization profiles")
        assert summary.rows == (
            (
                criteria["method"],
                len(rows),
                *counts.values(),
                len(services),
                0,
                len(months),
                0,
                "One Care contract (Massachusetts): Utilization Management",
            ),
        )
        assert [t.name for t in result.tables()] == [
            "summary",
            "profiles",
            "rejected",
            "parameters",
        ]
        assert result.tables()[1].title == "Utilization by provider and category"

    def test_the_formulas(self) -> None:
        """The summary's counts are COUNTA and COUNTIF over the profiles' flags."""
        result = provider_profiles(*provider_inputs([(1, "x", 1)], {1: Decimal(1)}, {1: "a"}))
        flags = ("over", "under", "within", "not_assessed")
        assert result.excel_formulas() == {
            "summary": {
                "profiles": "COUNTA({profiles.flag:*})",
                **{f: f'COUNTIF({{profiles.flag:*}}, "{f}")' for f in flags},
            }
        }

    @pytest.mark.parametrize("method", ["percentile", "standard_score"])
    def test_the_explanation(self, method: str) -> None:
        """The criteria in words, each count, each outlier with its norm and lines, each parameter."""
        counts = [30, 10, 11, 9, 1]
        services = [(p, "office", n) for p, n in enumerate(counts, start=1)]
        months = dict.fromkeys(range(1, 6), Decimal(1000))
        result = provider_profiles(
            *provider_inputs(services, months, dict.fromkeys(months, "a")),
            method=method,  # type: ignore[arg-type]
            standard_score="1.5",
        )
        criteria = {**DEFAULTS, "method": method, "standard_score": Decimal("1.5")}
        words = (
            "criteria: a rate above the upper percentile of comparable providers (same peer group "
            "and service category) is over-utilization, below the lower percentile "
            "under-utilization (percentiles by linear interpolation between ranks)"
            if method == "percentile"
            else "criteria: a rate more than the standard score of standard deviations above "
            "(below) the mean of comparable providers is over- (under-) utilization "
            "(population standard deviation)"
        )
        rows = plain_rows(services, months, dict.fromkeys(months, "a"), criteria)
        outlying = [r for r in rows if r["flag"] in ("over", "under")]
        assert outlying
        profile = default_profile().with_overrides(
            {NAMES["method"]: method, NAMES["standard_score"]: "1.5"}
        )
        used = ["method", "minimum_peers"] + (
            ["lower_percentile", "upper_percentile"]
            if method == "percentile"
            else ["standard_score"]
        )
        lines = [
            "Provider utilization profiles  [One Care contract (Massachusetts): Utilization Management]",
            "  services:",
            "    Rows: 5 in = 5 used + 0 rejected",
            "  member months:",
            "    Rows: 5 in = 5 used + 0 rejected",
            f"  {words}",
            *(
                f"  {flag.replace('_', ' ')}: {sum(r['flag'] == flag for r in rows)}"
                for flag in ("over", "under", "within", "not_assessed")
            ),
            *(
                f"    provider {r['provider_id']}, office: {r['rate_per_1000']} per 1,000 member "
                f"months, {r['flag']} (norm {r['norm']}, thresholds {r['lower']} to {r['upper']})"
                for r in outlying
            ),
            *(f"  parameter: {profile.get(NAMES[k]).provenance()}" for k in used),
        ]
        assert result.explain() == "\n".join(lines)
        assert result.explain(limit=1).count("    provider ") == 1

    @given(st.integers(0, 10**6), st.sampled_from([(5, 95, 21), (25, 75, 5), (10, 90, 11)]))
    def test_percentile_lines_at_a_rate_and_a_unit_either_side(
        self, base: int, shape: tuple[int, int, int]
    ) -> None:
        """Rates a unit of 0.0001 apart at the lines' ranks: on a line within, past it over or under.

        ``size`` providers of 10,000,000 member months each: n services is n ten-thousandths per
        1,000. The lower line falls on rank ``(size - 1) * low / 100``, the upper on
        ``(size - 1) * high / 100``; the rate below the lower rank and the one above the upper
        are a unit past them.
        """
        low, high, size = shape
        low_rank, high_rank = (size - 1) * low // 100, (size - 1) * high // 100
        counts = [base + 10 * rank for rank in range(size)]
        counts[low_rank - 1] = counts[low_rank] - 1
        counts[high_rank + 1] = counts[high_rank] + 1
        services = [(p, "office", n) for p, n in enumerate(counts, start=1)]
        months = dict.fromkeys(range(1, size + 1), Decimal(TEN_MILLION))
        criteria = {**DEFAULTS, "lower_percentile": low, "upper_percentile": high}
        rows = provider_profiles(
            *provider_inputs(services, months, dict.fromkeys(months, "all")), **criteria
        ).rows()
        flags = [r["flag"] for r in rows]
        assert (flags[low_rank - 1], flags[low_rank], flags[high_rank], flags[high_rank + 1]) == (
            "under",
            "within",
            "within",
            "over",
        )
        assert (rows[0]["lower"], rows[0]["upper"]) == (
            shown(Decimal(counts[low_rank]).scaleb(-4)),
            shown(Decimal(counts[high_rank]).scaleb(-4)),
        )
        assert rows == plain_rows(services, months, dict.fromkeys(months, "all"), criteria)

    @given(st.integers(1, 3), st.integers(1, 3), st.integers(0, 10**5), st.integers(1, 10**5))
    def test_standard_score_at_the_line_and_a_unit_either_side(
        self, score: int, size: int, base: int, step: int
    ) -> None:
        """``size * s**2`` providers at x and ``size`` at x + d: the high ones score exactly s."""
        counts = [base] * (size * score**2) + [base + step] * size
        services = [(p, "office", n) for p, n in enumerate(counts, start=1)]
        months = dict.fromkeys(range(1, len(counts) + 1), Decimal(TEN_MILLION))
        groups = dict.fromkeys(months, "all")
        for k, flag in ((score, "within"), (score - UNIT, "over"), (score + UNIT, "within")):
            criteria = {
                **DEFAULTS,
                "method": "standard_score",
                "standard_score": k,
                "minimum_peers": 2,
            }
            rows = provider_profiles(*provider_inputs(services, months, groups), **criteria).rows()
            assert (rows[-1]["standard_score"], rows[-1]["flag"]) == (str(score), flag)
            assert rows == plain_rows(services, months, groups, criteria)

    @given(st.integers(1, 8), st.lists(st.integers(0, 50), min_size=9, max_size=9))
    def test_a_group_of_the_minimum_and_one_fewer(self, minimum: int, counts: list[int]) -> None:
        """Exactly the minimum of peers is assessed; one fewer is not (its norm still shown)."""
        for size, assessed in ((minimum, True), (minimum - 1, False)):
            if not size:
                continue
            services = [(p, "office", counts[p]) for p in range(1, size + 1)]
            months = dict.fromkeys(range(1, size + 1), Decimal(1000))
            groups = dict.fromkeys(months, "all")
            criteria = {**DEFAULTS, "minimum_peers": minimum}
            rows = provider_profiles(*provider_inputs(services, months, groups), **criteria).rows()
            assert ({r["flag"] for r in rows} != {"not_assessed"}) is assessed
            assert rows == plain_rows(services, months, groups, criteria)

    @given(
        st.lists(st.integers(0, 40), min_size=5, max_size=12),
        st.data(),
        st.sampled_from(["percentile", "standard_score"]),
    )
    def test_more_services_never_lift_an_outlier(
        self, counts: list[int], data: st.DataObject, method: str
    ) -> None:
        """Raising an over provider's count keeps it over; lowering an under one's keeps it under."""
        months = dict.fromkeys(range(1, len(counts) + 1), Decimal(1000))
        groups = dict.fromkeys(months, "all")
        criteria = {**DEFAULTS, "method": method, "standard_score": Decimal(1)}

        def flags(numbers: list[int]) -> list[str]:
            services = [(p, "office", n) for p, n in enumerate(numbers, start=1)]
            rows = provider_profiles(*provider_inputs(services, months, groups), **criteria).rows()
            return [r["flag"] for r in rows]

        before = flags(counts)
        who = data.draw(st.integers(0, len(counts) - 1))
        change = data.draw(st.integers(1, 30))
        if before[who] == "over":
            assert flags([n + change * (p == who) for p, n in enumerate(counts)])[who] == "over"
        if before[who] == "under" and counts[who]:
            lowered = [max(0, n - change * (p == who)) for p, n in enumerate(counts)]
            assert flags(lowered)[who] == "under"

    @pytest.mark.parametrize(
        ("key", "later"),
        [
            ("method", "standard_score"),
            ("lower_percentile", 30),
            ("upper_percentile", 60),
            ("standard_score", "0.5"),
            ("minimum_peers", 6),
        ],
    )
    def test_the_version_in_force_on_the_day(self, key: str, later: object) -> None:
        """Each criterion's 2010 version applies from its date; the day before, the first."""
        counts = [30, 10, 11, 9, 1]
        services = [(p, "office", n) for p, n in enumerate(counts, start=1)]
        months = dict.fromkeys(range(1, 6), Decimal(1000))
        groups = dict.fromkeys(months, "all")
        profile = with_later_version(default_profile(), NAMES[key], later)
        if key == "standard_score":  # read by the standard-score method only
            profile = profile.with_overrides({NAMES["method"]: "standard_score"})
        first = {**DEFAULTS, "method": "standard_score"} if key == "standard_score" else DEFAULTS
        then = {
            **first,
            key: later if key in ("method", "minimum_peers") else Decimal(str(later)),
        }
        found = {}
        for on, criteria in ((BEFORE, first), (AFTER, then)):
            result = provider_profiles(
                *provider_inputs(services, months, groups), on=on, profile=profile
            )
            found[on] = result.rows()
            assert found[on] == plain_rows(services, months, groups, criteria)
            assert result.method == criteria["method"]
        assert found[BEFORE] != found[AFTER]


#: The profiles' columns as shown: name, title and kind (the id column's kind follows the ids).
PROFILE_PART = [
    ("peer_group", "peer group", "text"),
    ("service_category", "service category", "text"),
    ("services", "", "count"),
    ("member_months", "member months", "number"),
    ("rate_per_1000", "rate per 1,000", "number"),
    ("peers", "", "count"),
    ("norm", "", "number"),
    ("lower", "", "number"),
    ("upper", "", "number"),
    ("standard_score", "standard score", "number"),
    ("flag", "", "text"),
]
#: The profiles table's Arrow types after the id column: texts are large strings.
SCHEMA = [
    ("peer_group", pa.large_string()),
    ("service_category", pa.large_string()),
    ("services", pa.int64()),
    ("member_months", pa.large_string()),
    ("rate_per_1000", pa.large_string()),
    ("peers", pa.int64()),
    ("norm", pa.large_string()),
    ("lower", pa.large_string()),
    ("upper", pa.large_string()),
    ("standard_score", pa.large_string()),
    ("flag", pa.large_string()),
]


class TestProviderParts:
    """The parts, the Arrow table's types and the column reader."""

    @pytest.mark.parametrize(
        ("ids", "kind", "arrow"),
        [(["a", "b"], "text", pa.string()), ([7, 8], "count", pa.int64())],
    )
    def test_parts_and_types(self, ids: list[Any], kind: str, arrow: Any) -> None:
        """Every part's name and title, the profiles' columns, the rejected rows by input."""
        result = provider_profiles(
            {"provider_id": ids, "service_category": ["x", "x"], "services": ["1.5", 1]},
            {"provider_id": [ids[0], ids[1]], "member_months": [3, -1], "peer_group": ["g"] * 2},
            on_error="collect",
        )
        parts = result.tables()
        assert [(t.name, t.title) for t in parts] == [
            ("summary", "Provider utilization profiles"),
            ("profiles", "Utilization by provider and category"),
            ("rejected", "Rejected input rows"),
            ("parameters", "Contract parameters, cited"),
        ]
        assert [(c.name, c.title, c.type.value) for c in parts[1].columns] == [
            ("provider_id", "", kind),
            *PROFILE_PART,
        ]
        assert parts[2].rows == (
            ("services", 0, "services 1.5 is not a whole number"),
            ("member_months", 1, "member_months must be >= 0 (got -1)"),
        )
        assert [(f.name, f.type) for f in result.arrow.schema] == [("provider_id", arrow), *SCHEMA]

    def test_no_rows(self) -> None:
        """No services: no rows, the columns' types as ever."""
        result = provider_profiles(
            {"provider_id": [], "service_category": []}, {"provider_id": [], "member_months": []}
        )
        assert result.rows() == []
        assert [(f.name, f.type) for f in result.arrow.schema][1:] == SCHEMA

    def test_a_column_not_there(self) -> None:
        """Named as the profiles' column, before the table is computed and after."""
        result = provider_profiles(
            {"provider_id": ["a"], "service_category": ["x"]},
            {"provider_id": ["a"], "member_months": [3]},
        )
        for _ in range(2):
            with pytest.raises(InvalidInputError) as error:
                result.column("nope")
            assert (error.value.field, error.value.value) == ("column", "nope")
            assert str(error.value).startswith("profiles: no column 'nope'; the columns are ")
            assert result.arrow.num_rows == 1  # computed: the second time from the table
        assert result.column("flag").to_pylist() == ["not_assessed"]

    def test_the_explanation_shows_five_outliers(self) -> None:
        """By default the first five outliers; ``limit`` more or fewer."""
        counts = [0] * 3 + [10] * 94 + [20] * 3
        services = [(p, "office", n) for p, n in enumerate(counts, start=1)]
        months = dict.fromkeys(range(1, 101), Decimal(1000))
        result = provider_profiles(*provider_inputs(services, months, dict.fromkeys(months, "a")))
        assert len(result.outliers()) == 6
        assert result.explain().count("\n    provider ") == 5
        assert result.explain(limit=7).count("\n    provider ") == 6
        assert result.explain(limit=1).count("\n    provider ") == 1


class TestProviderErrors:
    """Each error names its field and value and says what to do."""

    def test_the_percentiles_crossed(self) -> None:
        """The lower percentile at the upper is an error naming it."""
        with pytest.raises(InvalidValueError) as error:
            provider_profiles(
                *provider_inputs([(1, "x", 1)], {1: Decimal(1)}, {1: "a"}),
                lower_percentile=50,
                upper_percentile=50,
            )
        assert (error.value.field, error.value.value) == ("lower_percentile", Decimal(50))

    def test_a_provider_in_two_peer_groups(self) -> None:
        """Named at the first row whose group differs."""
        with pytest.raises(InvalidInputError) as error:
            provider_profiles(
                {"provider_id": ["p1"], "service_category": ["x"]},
                {
                    "provider_id": ["p1", "p2", "p1", "p1"],
                    "member_months": [1, 1, 1, 1],
                    "peer_group": ["a", "b", "c", "d"],
                },
            )
        assert (error.value.field, error.value.value) == ("peer_group", "c")
        assert str(error.value) == (
            "provider 'p1' is in two peer groups ('a' and 'c'); give each provider one peer group"
        )

    def test_inputs_are_named(self) -> None:
        """A required column missing, or a name mapped to nothing: the input is named."""
        services = {"provider_id": ["a"], "service_category": ["x"]}
        with pytest.raises(InvalidInputError) as error:
            provider_profiles(services, {"provider_id": ["a"]})
        assert (error.value.field, error.value.value) == ("member_months", ["member_months"])
        assert str(error.value).startswith(
            "'member_months' lacks the required column 'member_months'"
        )
        for mapping, table in (
            ({"member_months": "mm"}, "member_months"),
            ({"service_category": "kind"}, "services"),
        ):
            with pytest.raises(InvalidInputError) as error:
                provider_profiles(
                    services, {"provider_id": ["a"], "member_months": [1]}, columns=mapping
                )
            assert str(error.value).startswith(
                f"columns= maps to {next(iter(mapping.values()))!r}, not a column of {table!r}"
            )

    def test_ids_of_two_kinds(self) -> None:
        """Whole numbers in one input and text in the other."""
        with pytest.raises(InvalidInputError) as error:
            provider_profiles(
                {"provider_id": [1001], "service_category": ["x"]},
                {"provider_id": ["1001"], "member_months": [10]},
            )
        assert error.value.field == "provider_id"
        assert error.value.value == {"services": "whole numbers", "member_months": "text"}
        assert str(error.value) == (
            "'provider_id' is whole numbers in services but text in member_months; give both the "
            "same kind of id (1001 and '1001' would be different ones)"
        )


def band(age: int, starts: list[int]) -> str:
    """Return the age band of ``age``: from a band's first age to the next band's less one."""
    first = max(start for start in starts if start <= age)
    later = [start for start in starts if start > age]
    if not later:
        return f"{first} and over"
    return str(first) if later[0] - 1 == first else f"{first}-{later[0] - 1}"


SHIPPED_BANDS = [0, 1, 6, 15, 21, 45, 65]


@st.composite
def enrollee_inputs(draw: st.DrawFn) -> tuple[Any, ...]:
    """Return services, and enrollees with member months, ages and categories."""
    count = draw(st.integers(1, 9))
    people = {
        member: (
            Decimal(draw(st.sampled_from(["0", "1", "6", "12", "2.5"]))),
            draw(st.integers(0, 90)),
            draw(st.sampled_from(["SSI", "TANF"])),
        )
        for member in range(1, count + 1)
    }
    services = draw(
        st.lists(
            st.tuples(st.integers(1, count), st.sampled_from(["er", "office"]), st.integers(0, 4)),
            min_size=1,
            max_size=30,
        )
    )
    return services, people, draw(criteria_drawn())


class TestEnrolleeProfiles:
    """``enrollee_profiles``: the provider rule over comparable enrollees, compared whole."""

    @given(enrollee_inputs(), st.sampled_from([None, ["category"], []]))
    def test_the_whole_result(self, inputs: tuple[Any, ...], peers: list[str] | None) -> None:
        """Rows by band and category (or the columns given), counts and criteria cited."""
        services, people, criteria = inputs
        table = {
            "member_id": list(people),
            "member_months": [m for m, _, _ in people.values()],
            "age": [a for _, a, _ in people.values()],
            "category": [c for _, _, c in people.values()],
        }
        result = enrollee_profiles(
            {
                "member_id": [s for s, _, _ in services],
                "service_category": [c for _, c, _ in services],
                "services": [n for _, _, n in services],
            },
            table,
            peer_columns=peers,
            **criteria,
        )
        if peers is None:
            groups = {m: f"{band(a, SHIPPED_BANDS)} / {c}" for m, (_, a, c) in people.items()}
        else:
            groups = {m: (c if peers else "all") for m, (_, _, c) in people.items()}
        months = {m: total for m, (total, _, _) in people.items()}
        rows = plain_rows(services, months, groups, criteria, id_name="member_id")
        extra = (
            [
                default_profile().get("utilization.enrollee_peer_columns").to_dict(),
                default_profile().get("utilization.enrollee_age_bands").to_dict(),
            ]
            if peers is None
            else []
        )
        data = result.to_dict()
        assert data["profiles"] == rows
        assert data["criteria"] == cited(criteria) + extra
        assert result.peer_columns == (("age_band", "category") if peers is None else tuple(peers))
        assert [(t.name, t.title) for t in result.tables()[:2]] == [
            ("summary", "Enrollee utilization profiles"),
            ("profiles", "Utilization by enrollee and category"),
        ]
        assert result.member_months_rows_in == len(people)

    @pytest.mark.parametrize(
        ("name", "later"),
        [
            ("utilization.enrollee_age_bands", [0, 18, 65]),
            ("utilization.enrollee_peer_columns", ["category"]),
        ],
    )
    def test_the_version_in_force_on_the_day(self, name: str, later: list[Any]) -> None:
        """The bands and the peer columns of 2010 apply from their date, not the day before."""
        profile = with_later_version(default_profile(), name, later)
        people = {
            "member_id": [1, 2],
            "member_months": [12, 12],
            "age": [17, 20],
            "category": ["SSI"] * 2,
        }
        services = {"member_id": [1, 2], "service_category": ["office"] * 2}
        found = {
            on: [
                r["peer_group"]
                for r in enrollee_profiles(services, people, on=on, profile=profile).rows()
            ]
            for on in (BEFORE, AFTER)
        }
        assert found[BEFORE] == ["15-20 / SSI", "15-20 / SSI"]
        assert found[AFTER] == (
            ["0-17 / SSI", "18-64 / SSI"] if name.endswith("bands") else ["SSI", "SSI"]
        )

    @given(st.integers(0, 110))
    def test_every_age_is_banded(self, age: int) -> None:
        """Each age in its band of utilization.enrollee_age_bands."""
        services = {"member_id": [1], "service_category": ["office"]}
        people = {"member_id": [1], "member_months": [12], "age": [age], "category": ["SSI"]}
        rows = enrollee_profiles(services, people).rows()
        assert rows[0]["peer_group"] == f"{band(age, SHIPPED_BANDS)} / SSI"

    def test_an_age_not_whole_is_rejected(self) -> None:
        """Its reason names it."""
        found = enrollee_profiles(
            {"member_id": [1], "service_category": ["x"]},
            {
                "member_id": [1, 2],
                "member_months": [1, 1],
                "age": ["30.5", 30],
                "category": ["A"] * 2,
            },
            on_error="collect",
        )
        assert found.member_months_rejected.to_pylist() == [
            {"row": 0, "reason": "age 30.5 is not a whole number of years"}
        ]
        # member 1, with services but no usable row among the enrollees, is not assessed
        assert [(r["member_id"], r["peer_group"], r["flag"]) for r in found.rows()] == [
            (2, "21-44 / A", "not_assessed"),
            (1, None, "not_assessed"),
        ]


ONE_SERVICE = {"member_id": [1], "service_category": ["office"]}
ONE_ENROLLEE = {"member_id": [1], "member_months": [12], "age": [30], "category": ["SSI"]}


class TestEnrolleeErrors:
    """Each error names its field and value and says what to do."""

    @pytest.mark.parametrize("given_columns", ["category", ["category", ""], ["category", 3]])
    def test_peer_columns_not_names(self, given_columns: Any) -> None:
        """A text, an empty name or a number is not a list of column names."""
        with pytest.raises(InvalidTypeError) as error:
            enrollee_profiles(ONE_SERVICE, ONE_ENROLLEE, peer_columns=given_columns)
        assert (error.value.field, error.value.value) == ("peer_columns", given_columns)
        assert str(error.value) == (
            "'peer_columns' must be a list of column names such as ['age_band', 'category'] "
            f"(got {given_columns!r})"
        )

    @pytest.mark.parametrize("clash", [["member_id"], ["category", "member_months", "member_id"]])
    def test_peer_columns_naming_the_id_or_the_months(self, clash: list[str]) -> None:
        """The enrollee's id and member months are no peer columns."""
        with pytest.raises(InvalidInputError) as error:
            enrollee_profiles(ONE_SERVICE, ONE_ENROLLEE, peer_columns=clash)
        assert (error.value.field, error.value.value) == ("peer_columns", clash)
        names = sorted(set(clash) & {"member_id", "member_months"})
        assert str(error.value) == (
            f"'peer_columns' may not name {names}: they are the enrollee's id and member months"
        )

    @pytest.mark.parametrize(
        ("column", "hint"), [("category", ""), ("age_band", " (or 'age' to band)")]
    )
    def test_a_peer_column_missing(self, column: str, hint: str) -> None:
        """Named, with the age to band from when the band is missing."""
        people = {k: v for k, v in ONE_ENROLLEE.items() if k not in (column, "age")}
        with pytest.raises(InvalidInputError) as error:
            enrollee_profiles(ONE_SERVICE, people, peer_columns=[column])
        assert (error.value.field, error.value.value) == (column, column)
        assert str(error.value) == f"'enrollees' lacks the peer column {column!r}{hint}"

    def test_an_enrollee_in_two_peer_groups(self) -> None:
        """Named at the first row whose group differs, as an enrollee."""
        with pytest.raises(InvalidInputError) as error:
            enrollee_profiles(
                ONE_SERVICE,
                {"member_id": [1, 1], "member_months": [6, 6], "category": ["SSI", "TANF"]},
                peer_columns=["category"],
            )
        assert (error.value.field, error.value.value) == ("peer_group", "TANF")
        assert str(error.value) == (
            "enrollee 1 is in two peer groups ('SSI' and 'TANF'); give each enrollee one peer group"
        )

    def test_ids_of_two_kinds(self) -> None:
        """Whole numbers in services, text among the enrollees."""
        with pytest.raises(InvalidInputError) as error:
            enrollee_profiles(ONE_SERVICE, {**ONE_ENROLLEE, "member_id": ["1"]}, peer_columns=[])
        assert error.value.field == "member_id"
        assert error.value.value == {"services": "whole numbers", "enrollees": "text"}
        assert str(error.value).startswith(
            "'member_id' is whole numbers in services but text in enrollees;"
        )


class TestRankedRates:
    """A group's order by float, refused where two different fractions share a float."""

    @given(st.integers(1, 5), st.permutations([0, 1, 2]))
    def test_a_float_tie_of_different_fractions_anywhere(self, low: int, order: list[int]) -> None:
        """1/3 and 3333333333333333/10**16 are one float above a lower rate: no order by float."""
        counts = np.array([low, 1, 3333333333333333])
        months = np.array([1000, 3, 10**16])
        totals = {0: Decimal(1000), 1: Decimal(3), 2: Decimal(10**16)}
        rates = ScaledRates(counts, months, 0, np.array([0, 1, 2]), totals)
        assert ranked(rates, np.array(order)) is None
        alike = ScaledRates(
            np.array([low, 1, 2]),
            np.array([1000, 3, 6]),
            0,
            np.array([0, 1, 2]),
            {0: Decimal(1000), 1: Decimal(3), 2: Decimal(6)},
        )
        found = ranked(alike, np.array(order))
        assert found is not None
        assert found.order.tolist()[0] == 0


class TestEnrolleeReading:
    """The enrollee table as read: columns renamed, bands given or made, the criteria's date."""

    @pytest.mark.parametrize("function", ["enrollee", "provider"])
    def test_your_column_names(self, function: str) -> None:
        """``columns=`` renames every input's columns; a name read from none is an error."""
        ident = "member_id" if function == "enrollee" else "provider_id"
        run = enrollee_profiles if function == "enrollee" else provider_profiles
        services = {"person": [1, 2], "kind": ["office", "er"]}
        people = {"person": [1, 2], "months": [12, 3], "age": [30, 31], "category": ["SSI"] * 2}
        if function == "provider":
            people = {"person": [1, 2], "months": [12, 3]}
        mapping = {ident: "person", "service_category": "kind", "member_months": "months"}
        renamed = run(services, people, columns=mapping)  # type: ignore[operator]
        plain = run(  # type: ignore[operator]
            {ident: services["person"], "service_category": services["kind"]},
            {ident: people["person"], "member_months": people["months"]}
            | {k: v for k, v in people.items() if k in ("age", "category")},
        )
        assert renamed.to_dict() == plain.to_dict()
        with pytest.raises(InvalidInputError) as error:
            run(services, people, columns={**mapping, "typo": "X"})  # type: ignore[operator]
        assert (error.value.field, error.value.value) == ("columns", "typo")
        assert str(error.value).startswith(
            f"columns= names 'typo', a column '{function} profiles' does not read;"
        )

    @pytest.mark.parametrize(
        ("mapping", "table"),
        [({"service_category": "kind"}, "services"), ({"member_months": "mm"}, "enrollees")],
    )
    def test_a_name_mapped_to_nothing(self, mapping: dict[str, str], table: str) -> None:
        """Mapped to a column the input lacks: the input is named."""
        with pytest.raises(InvalidInputError) as error:
            enrollee_profiles(ONE_SERVICE, ONE_ENROLLEE, columns=mapping)
        assert (error.value.field, error.value.value) == ("columns", list(mapping.values()))
        assert str(error.value).startswith(
            f"columns= maps to {next(iter(mapping.values()))!r}, not a column of {table!r}"
        )

    def test_an_empty_member_id_is_rejected(self) -> None:
        """The enrollee's id is read as an identifier: an empty one rejects its row."""
        found = enrollee_profiles(
            {"member_id": ["a"], "service_category": ["x"]},
            {"member_id": ["a", ""], "member_months": [1, 1], "category": ["S", "S"]},
            peer_columns=["category"],
            on_error="collect",
        )
        assert found.member_months_rejected.to_pylist() == [
            {"row": 1, "reason": "member_id is empty"}
        ]
        assert [r["member_id"] for r in found.rows()] == ["a"]

    def test_missing_columns_name_the_input(self) -> None:
        """The enrollee table and the services are named as such."""
        with pytest.raises(InvalidInputError) as error:
            enrollee_profiles(ONE_SERVICE, {"member_id": [1], "category": ["SSI"], "age": [3]})
        assert (error.value.field, error.value.value) == ("enrollees", ["member_months"])
        assert str(error.value).startswith("'enrollees' lacks the required column 'member_months'")
        with pytest.raises(InvalidInputError) as error:
            enrollee_profiles({"member_id": [1]}, ONE_ENROLLEE)
        assert (error.value.field, error.value.value) == ("services", ["service_category"])

    def test_a_band_given_is_kept(self) -> None:
        """An age_band column is read as it is, even beside ages; ``age`` may be a peer column."""
        people = {**ONE_ENROLLEE, "age_band": ["mine"]}
        assert enrollee_profiles(ONE_SERVICE, people).rows()[0]["peer_group"] == "mine / SSI"
        by_age = enrollee_profiles(ONE_SERVICE, ONE_ENROLLEE, peer_columns=["age", "category"])
        assert by_age.rows()[0]["peer_group"] == "30 / SSI"
        assert all(p.name != "utilization.enrollee_age_bands" for p in by_age.criteria)

    def test_the_criteria_in_force_on_the_day(self) -> None:
        """The 2010 minimum of peers applies to enrollees from its date."""
        services, people = (
            {
                "member_id": [1] * 30 + [2] * 10 + [3] * 11 + [4] * 9 + [5],
                "service_category": ["o"] * 61,
            },
            {"member_id": [1, 2, 3, 4, 5], "member_months": [12] * 5, "category": ["A"] * 5},
        )
        profile = with_later_version(default_profile(), NAMES["minimum_peers"], 6)
        flags = {
            on: {
                r["flag"]
                for r in enrollee_profiles(
                    services, people, peer_columns=["category"], on=on, profile=profile
                ).rows()
            }
            for on in (BEFORE, AFTER)
        }
        assert flags == {BEFORE: {"over", "under", "within"}, AFTER: {"not_assessed"}}

    @pytest.mark.parametrize("method", ["percentile", "standard_score"])
    def test_member_months_of_many_places(self, method: str) -> None:
        """Seven places: every rate a Decimal (no scaled integers), the same rule and method."""
        counts = [30, 10, 11, 9, 1]
        total = Decimal("12.0000001")
        services = [(m, "office", n) for m, n in enumerate(counts, start=1)]
        months = dict.fromkeys(range(1, 6), total)
        criteria = {**DEFAULTS, "method": method, "standard_score": Decimal("1.5")}
        found = enrollee_profiles(
            {"member_id": [1, 2, 3, 4, 5], "service_category": ["office"] * 5, "services": counts},
            {"member_id": [1, 2, 3, 4, 5], "member_months": [total] * 5},
            peer_columns=[],
            method=method,  # type: ignore[arg-type]
            standard_score="1.5",
        )
        assert found.method == method
        assert found.to_dict()["method"] == method
        assert found.rows() == plain_rows(
            services, months, dict.fromkeys(months, "all"), criteria, id_name="member_id"
        )
