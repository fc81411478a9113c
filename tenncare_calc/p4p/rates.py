"""The measures' rates as inputs of the pay-for-performance statement (§3.10.2-§3.10.5).

A significant-improvement measure is given as its baseline and current rate
(:class:`ImprovementRates`); a behavioral measure as each rate with the national Medicaid 75th
percentile it is compared with (:class:`PercentileRate`, ruling P3). Rates are percentages in
[0, 100], given as numbers, text, or any object that carries a ``.rate`` (such as a
community-tenure result). The statement's inputs name every measure in force, by id
(:func:`rates_by_measure`).

>>> ImprovementRates.parse({"baseline": 58.2, "current": "64.5"}, field="hba1c_testing")
ImprovementRates(baseline=Decimal('58.2'), current=Decimal('64.5'))
>>> PercentileRate.parse((41, 40), field="adhd_follow_up")
PercentileRate(rate=Decimal('41'), percentile_75=Decimal('40'))
"""

from __future__ import annotations

__all__ = [
    "ImprovementRates",
    "PercentileRate",
    "percentile_rates",
    "rates_by_measure",
]

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

import attrs

from tenncare_calc.core.errors import InvalidInputError, InvalidTypeError, did_you_mean
from tenncare_calc.core.values import to_rate

if TYPE_CHECKING:
    from tenncare_calc.p4p.measures import Measure


_NO_RATE = object()


@runtime_checkable
class HasRate(Protocol):
    """Anything that carries a computed percentage as ``.rate`` (e.g. a community-tenure result)."""

    @property
    def rate(self) -> Decimal:
        """The rate, a percentage in [0, 100]."""
        ...  # pragma: no cover


def _rate(value: object, field: str) -> Decimal:
    # Numbers and text first, and a plain ``getattr`` for the rest: ``isinstance`` against the
    # runtime-checkable ``HasRate`` inspects the protocol's members on every call, which was
    # two thirds of a statement's time (issue 15). Same meaning: anything with a ``.rate``.
    if isinstance(value, str | int | float | Decimal):
        return to_rate(value, field=field)
    rate = getattr(value, "rate", _NO_RATE)
    return to_rate(value if rate is _NO_RATE else rate, field=field)


def _baseline_rate(value: object) -> Decimal:
    return _rate(value, "baseline")


def _current_rate(value: object) -> Decimal:
    return _rate(value, "current")


def _rate_rate(value: object) -> Decimal:
    return _rate(value, "rate")


def _percentile_75_rate(value: object) -> Decimal:
    return _rate(value, "percentile_75")


@attrs.frozen
class ImprovementRates:
    """A measure's baseline and current rate, as reported (percentages in [0, 100]).

    >>> ImprovementRates(58.2, "64.5")
    ImprovementRates(baseline=Decimal('58.2'), current=Decimal('64.5'))
    >>> ImprovementRates(101, 50)
    Traceback (most recent call last):
    ...
    tenncare_calc.InvalidValueError: 'baseline' must be a percentage in [0, 100] (got Decimal('101'))

    For a reversed measure (HbA1c control) these are the HEDIS *poor control* rates; the statement
    reverses them (ruling P2). ``current`` may also be any object with a ``.rate`` (such as a
    community-tenure result).
    """

    baseline: Decimal = attrs.field(converter=_baseline_rate)
    current: Decimal = attrs.field(converter=_current_rate)

    @classmethod
    def parse(cls, value: object, *, field: str) -> ImprovementRates:
        """Return rates from an ``ImprovementRates``, a ``(baseline, current)`` pair or a mapping."""
        if isinstance(value, ImprovementRates):
            return value
        if isinstance(value, Mapping):
            _exact_keys(value, {"baseline", "current"}, field)
            baseline, current = value["baseline"], value["current"]
        elif isinstance(value, Sequence) and not isinstance(value, str) and len(value) == 2:  # noqa: PLR2004
            baseline, current = value
        else:
            raise InvalidInputError(
                f"{field!r} must be (baseline, current) rates or a mapping with 'baseline' and "
                f"'current' (got {value!r})",
                field=field,
                value=value,
            )
        return cls._checked(
            _rate(baseline, f"{field}.baseline"), _rate(current, f"{field}.current")
        )

    @classmethod
    def _checked(cls, baseline: Decimal, current: Decimal) -> ImprovementRates:
        # Rates already converted and checked (named by their field): set as they are, instead of
        # converting them a second time in ``__init__``.
        rates = cls.__new__(cls)
        object.__setattr__(rates, "baseline", baseline)
        object.__setattr__(rates, "current", current)
        return rates


@attrs.frozen
class PercentileRate:
    """A behavioral measure's rate and the national Medicaid 75th percentile it is compared with."""

    rate: Decimal = attrs.field(converter=_rate_rate)
    percentile_75: Decimal = attrs.field(converter=_percentile_75_rate)

    @classmethod
    def parse(cls, value: object, *, field: str) -> PercentileRate:
        """Return a rate from a ``PercentileRate``, a ``(rate, percentile_75)`` pair or a mapping."""
        if isinstance(value, PercentileRate):
            return value
        if isinstance(value, Mapping):
            _exact_keys(value, {"rate", "percentile_75"}, field)
            rate, percentile = value["rate"], value["percentile_75"]
        elif isinstance(value, Sequence) and not isinstance(value, str) and len(value) == 2:  # noqa: PLR2004
            rate, percentile = value
        else:
            raise InvalidInputError(
                f"{field!r} must be (rate, percentile_75) or a mapping with 'rate' and "
                f"'percentile_75' (got {value!r})",
                field=field,
                value=value,
            )
        return cls._checked(
            _rate(rate, f"{field}.rate"), _rate(percentile, f"{field}.percentile_75")
        )

    @classmethod
    def _checked(cls, rate: Decimal, percentile_75: Decimal) -> PercentileRate:
        # As ImprovementRates._checked: converted and checked once, by field, not again.
        checked = cls.__new__(cls)
        object.__setattr__(checked, "rate", rate)
        object.__setattr__(checked, "percentile_75", percentile_75)
        return checked


def _exact_keys(value: Mapping[Any, Any], keys: set[str], field: str) -> None:
    if set(value) != keys:
        raise InvalidInputError(
            f"{field!r} must have exactly the keys {sorted(keys)} (got {sorted(map(str, value))})",
            field=field,
            value=value,
        )


def percentile_rates(measure: Measure, value: object, field: str) -> dict[str, PercentileRate]:
    """Return a behavioral measure's supplied rates, by name, each with its 75th percentile (§3.10.3).

    A measure of several rates (``measure.components``) is given a mapping of one or more of them;
    a single-rate measure is given its ``(rate, percentile_75)`` pair, named ``"rate"``.

    >>> from tenncare_calc import default_profile
    >>> measures = {m.id: m for m in default_profile().value("p4p.measures", tuple)}
    >>> sorted(percentile_rates(measures["adhd_follow_up"], {"initiation": (40, 41)}, field="adhd"))
    ['initiation']
    """
    if measure.components:
        if not isinstance(value, Mapping) or not value or set(value) - set(measure.components):
            raise InvalidInputError(
                f"{field!r} must map one or more of the measure's rates {list(measure.components)} "
                f"to (rate, percentile_75) (got {value!r})",
                field=field,
                value=value,
            )
        return {
            name: PercentileRate.parse(value[name], field=f"{field}.{name}")
            for name in measure.components
            if name in value
        }
    return {"rate": PercentileRate.parse(value, field=field)}


def rates_by_measure(
    given: Mapping[str, object] | None, measures: Sequence[Measure], field: str
) -> dict[str, object]:
    """Return the rates given for ``measures``, by id: every measure in force, and no other (§3.10).

    ``None`` stands for no measure given; a measure without an audited rate is given as ``None``.

    >>> from tenncare_calc import default_profile
    >>> from tenncare_calc.p4p.measures import MeasureGroup
    >>> measures = default_profile().value("p4p.measures", tuple)
    >>> tenure = [m for m in measures if m.group is MeasureGroup.COMMUNITY_TENURE]
    >>> rates_by_measure({"community_tenure": (80, 81)}, tenure, "community_tenure")
    {'community_tenure': (80, 81)}
    >>> rates_by_measure(None, tenure, "community_tenure")
    Traceback (most recent call last):
    ...
    tenncare_calc.InvalidInputError: 'community_tenure' lacks ['community_tenure']; give each measure in force its rates, or None when no audited rate was reported ('not reported' in a plan-year file)
    """
    if given is None:
        given = {}
    if not isinstance(given, Mapping):
        raise InvalidTypeError(
            f"{field!r} must be a mapping from measure id to rates (got {type(given).__name__})",
            field=field,
            value=given,
        )
    expected = [measure.id for measure in measures]
    for key in given:
        if key not in expected:
            raise InvalidInputError(
                f"{field!r} names {key!r}, which is not a {field.replace('_', '-')} measure in "
                f"force{did_you_mean(str(key), expected)}; measures: {expected}",
                field=field,
                value=key,
            )
    if missing := [key for key in expected if key not in given]:
        raise InvalidInputError(
            f"{field!r} lacks {missing}; give each measure in force its rates, or None when no "
            "audited rate was reported ('not reported' in a plan-year file)",
            field=field,
            value=missing,
        )
    return dict(given)
