"""The statement's fast paths (issue 15) give what the general paths give, at and around bounds.

A finite ``Decimal`` skips the checks meant for other types, a rate converted by ``parse`` is not
converted again, a parameter's cited value is built once per version, a ``Decimal``'s exponent is
read from its text: each is compared here with the path it short-cuts.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import tenncare_calc as tc
from tenncare_calc.core.number_text import exponent_of
from tenncare_calc.core.values import (
    format_shown,
    to_decimal,
    to_member_months,
    to_money,
    to_percent,
    to_rate,
)
from tenncare_calc.p4p.cap import apply_capitation_cap, capped
from tenncare_calc.p4p.effect_size import EffectSizeTable, assess_improvement, assess_rates
from tenncare_calc.p4p.rates import ImprovementRates, PercentileRate
from tests.strategies import rates

CONVERTERS = (to_decimal, to_rate, to_money, to_member_months, to_percent)
#: Decimals at and on both sides of every bound: 10^21 in size, 100 decimal places, 0 and 100.
EDGES = [
    Decimal(text)
    for text in (
        "1E+21",
        "999999999999999999999",
        "-1E+21",
        "-999999999999999999999",
        "1E-100",
        "1E-101",
        "0E-100",
        "0E-101",
        "0E+30",
        "-0",
        "100",
        "100.000",
        "100.0000000000000000000000000000000000000000000000000000000000000000001",
        "-0.0000001",
        "1E+15",
        "1.000000000000001E+15",
        "1E+12",
        "10000",
        "10000.01",
        "Infinity",
        "-Infinity",
        "NaN",
        "sNaN",
    )
]
ANY_DECIMAL = st.one_of(
    st.decimals(allow_nan=True, allow_infinity=True),
    st.sampled_from(EDGES),
    st.builds(
        lambda digits, exponent, negative: Decimal((int(negative), digits, exponent)),
        st.tuples(*[st.integers(0, 9)] * 3) | st.lists(st.integers(0, 9), min_size=1, max_size=70),
        st.integers(-130, 30),
        st.booleans(),
    ),
)


class _Subclass(Decimal):
    """A Decimal subclass: it takes the general path, which the fast path must agree with."""

    __slots__ = ()


def _outcome(convert: Any, value: Decimal) -> tuple[str, str]:
    try:
        return "ok", repr(convert(value, field="x"))
    except (ValueError, TypeError) as error:
        return type(error).__name__, str(error)


@given(ANY_DECIMAL)
@example(Decimal("1E+21"))
@example(Decimal("1E-101"))
def test_a_decimal_is_read_as_its_subclass_is(value: Decimal) -> None:
    """Every converter gives a Decimal the value or the error the general path gives."""
    for convert in CONVERTERS:
        kind, text = _outcome(convert, _Subclass(value))
        assert _outcome(convert, value) == (kind, text.replace("_Subclass", "Decimal"))


@pytest.mark.parametrize("value", EDGES, ids=str)
def test_edges_keep_their_bounds(value: Decimal) -> None:
    """The bounds hold on both sides on the fast path: 10^21 in size, 100 places, [0, 100]."""
    inside = value.is_finite() and (not value or value.adjusted() < 21)
    inside = inside and isinstance(value.as_tuple().exponent, int)
    inside = inside and int(value.as_tuple().exponent) >= -100
    if inside:
        assert to_decimal(value, field="x") == value
    else:
        with pytest.raises((tc.InvalidValueError, tc.MissingValueError)):
            to_decimal(value, field="x")


@given(ANY_DECIMAL)
@example(Decimal("1E-7"))
@example(Decimal("1E-6"))
@example(Decimal("-0.00"))
def test_exponent_of_is_the_tuples_exponent(value: Decimal) -> None:
    """The exponent read from the text is the one ``as_tuple()`` gives, special values included."""
    assert exponent_of(value) == value.as_tuple().exponent


@given(ANY_DECIMAL.filter(lambda value: value.is_finite()), st.none() | st.integers(0, 12))
def test_format_shown_rounds_exactly_the_numbers_with_more_places(
    value: Decimal, places: int | None
) -> None:
    """A number is shown as held when it has at most ``places`` decimals, else rounded with ``~``."""
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)
    rounded = places is not None and exponent < -places
    assert format_shown(value, places).startswith("~") == rounded


@given(rates(places=6), rates(places=6))
def test_parsed_rates_equal_the_constructed_ones(baseline: Decimal, current: Decimal) -> None:
    """``parse`` sets the rates it checked; the result is the one ``__init__`` builds, frozen."""
    parsed = ImprovementRates.parse({"baseline": baseline, "current": str(current)}, field="m")
    assert parsed == ImprovementRates(baseline, current)
    assert hash(parsed) == hash(ImprovementRates(baseline, current))
    percentile = PercentileRate.parse((baseline, current), field="m")
    assert percentile == PercentileRate(baseline, current)
    with pytest.raises(AttributeError):
        parsed.baseline = Decimal(1)  # type: ignore[misc]


@pytest.mark.parametrize("bad", ["-0.01", "100.01", "x", None, True])
def test_parse_still_names_the_field_of_a_bad_rate(bad: object) -> None:
    """A bad rate is refused by ``parse`` naming the measure's field, not ``baseline``."""
    with pytest.raises((ValueError, TypeError), match=r"'m\.baseline'"):
        ImprovementRates.parse((bad, 50), field="m")


@given(rates(places=3), rates(places=3), st.none() | st.integers(0, 2))
def test_assess_rates_is_assess_improvement(
    baseline: Decimal, current: Decimal, decimals: int | None
) -> None:
    """Checked rates are assessed as ``assess_improvement`` assesses them."""
    table = tc.default_profile().value("p4p.effect_size_bands", EffectSizeTable)
    assert assess_rates(
        baseline, current, table=table, rate_decimals=decimals
    ) == assess_improvement(baseline, current, table=table, rate_decimals=decimals)


@given(
    st.integers(0, 10**8).map(lambda cents: Decimal(cents).scaleb(-2)),
    st.integers(0, 10**9).map(Decimal),
    st.integers(0, 10**8).map(Decimal),
)
def test_capped_is_apply_capitation_cap(
    earned: Decimal, capitation: Decimal, other: Decimal
) -> None:
    """The statement's cap (its own ``p4p.cap_percent``) is ``apply_capitation_cap``'s."""
    cap_percent = tc.default_profile().get("p4p.cap_percent")
    assert capped(earned, capitation, other, cap_percent) == apply_capitation_cap(
        earned, capitation, other
    )


def test_a_parameters_cited_value_is_built_once_per_version() -> None:
    """Lookups within one version give the same value; an override's values are its own."""
    profile = tc.default_profile()
    first = profile.get("p4p.effect_size_bands", on=dt.date(2008, 1, 1))
    assert profile.get("p4p.effect_size_bands", on=dt.date(2009, 12, 31)) is first
    assert profile.get("p4p.effect_size_bands", on="2009-12-31") is first
    assert profile.get("p4p.effect_size_bands") is first
    changed = profile.with_overrides({"p4p.cap_percent": "110"})
    assert changed.get("p4p.cap_percent").value == Decimal(110)
    assert changed.get("p4p.cap_percent").override
    assert profile.get("p4p.cap_percent").value == Decimal(105)
    assert not profile.get("p4p.cap_percent").override
