"""NCQA minimum effect size: how much a rate must rise to count as significant improvement.

Sections 2.15.4.1 and 3.10.5 of the amendment judge "significant improvement" by NCQA's minimum
effect size table: the lower the baseline rate, the larger the rise required, in percentage points.
The converted source lost the table's baseline column, so the bands the library ships are **the
library's default** (see ``docs/interpretations.md``); a profile can replace them.

Default bands (half-open on the baseline; "at least" is inclusive):

==================  ==========================
baseline rate       minimum effect size
==================  ==========================
below 60            6 percentage points
60 up to 65         5
65 up to 70         4
70 up to 75         3
75 up to 80         2
80 and above        1
==================  ==========================

>>> minimum_effect_size("59.99"), minimum_effect_size(60)
(Decimal('6'), Decimal('5'))
>>> is_significant_improvement(58.2, 64.2)
True
>>> is_significant_improvement(58.2, "64.19")
False
"""

from __future__ import annotations

__all__ = [
    "EffectSizeBand",
    "EffectSizeTable",
    "ImprovementAssessment",
    "assess_improvement",
    "is_significant_improvement",
    "minimum_effect_size",
]

from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

import attrs

from tenncare_calc.core.errors import InvalidInputError, InvalidTypeError
from tenncare_calc.core.values import (
    HUNDRED,
    exact_context,
    format_decimal,
    format_shown,
    to_rate,
)

if TYPE_CHECKING:
    import datetime as dt

    from tenncare_calc.contract.profile import ContractProfile


@attrs.frozen
class EffectSizeBand:
    """One row of the minimum effect size table: baselines in [``baseline_from``, ``baseline_to``).

    The highest band also includes a baseline of exactly 100.
    """

    baseline_from: Decimal
    baseline_to: Decimal
    minimum_effect_size: Decimal

    def contains(self, baseline: Decimal) -> bool:
        """Return whether ``baseline`` falls in this band (top band closed at 100)."""
        if self.baseline_to == HUNDRED:
            return self.baseline_from <= baseline <= HUNDRED
        return self.baseline_from <= baseline < self.baseline_to

    def describe(self) -> str:
        """Return the band in words, e.g. ``60 up to (not including) 65``."""
        low = format_decimal(self.baseline_from, grouping=False)
        high = format_decimal(self.baseline_to, grouping=False)
        if self.baseline_from == 0 and self.baseline_to == HUNDRED:
            return "any baseline"
        if self.baseline_from == 0:
            return f"below {high}"
        if self.baseline_to == HUNDRED:
            return f"{low} and above"
        return f"{low} up to (not including) {high}"


def _validate_bands(_: object, __: object, bands: tuple[EffectSizeBand, ...]) -> None:
    if not bands:
        raise InvalidInputError("the effect size table has no bands", field="bands", value=bands)
    if bands[0].baseline_from != 0:
        raise InvalidInputError(
            f"the first effect size band must start at 0 (starts at {bands[0].baseline_from})",
            field="bands",
            value=bands[0].baseline_from,
        )
    if bands[-1].baseline_to != HUNDRED:
        raise InvalidInputError(
            f"the last effect size band must end at 100 (ends at {bands[-1].baseline_to})",
            field="bands",
            value=bands[-1].baseline_to,
        )
    for index, band in enumerate(bands):
        if band.baseline_from >= band.baseline_to:
            raise InvalidInputError(
                f"effect size band {index + 1} is empty or reversed "
                f"({band.baseline_from} to {band.baseline_to})",
                field="bands",
                value=band,
            )
        if index:
            previous = bands[index - 1]
            if band.baseline_from != previous.baseline_to:
                what = "a gap" if band.baseline_from > previous.baseline_to else "an overlap"
                raise InvalidInputError(
                    f"effect size bands {index} and {index + 1} leave {what} between "
                    f"{previous.baseline_to} and {band.baseline_from}; each band must start "
                    "where the previous one ends",
                    field="bands",
                    value=band,
                )
            if band.minimum_effect_size > previous.minimum_effect_size:
                raise InvalidInputError(
                    f"effect sizes must not increase as the baseline rises: band {index + 1} "
                    f"requires {band.minimum_effect_size}, more than band {index}'s "
                    f"{previous.minimum_effect_size}",
                    field="bands",
                    value=band,
                )


@attrs.frozen
class EffectSizeTable:
    """A validated minimum effect size table: bands cover 0-100 with no gaps or overlaps.

    Effect sizes never increase as the baseline rises. Build one from plain records with
    :meth:`from_records`; an invalid table cannot exist.

    >>> table = EffectSizeTable.from_records([
    ...     {"baseline_from": 0, "baseline_to": 50, "minimum_effect_size": 8},
    ...     {"baseline_from": 50, "baseline_to": 100, "minimum_effect_size": 2},
    ... ])
    >>> table.band_for(Decimal("50")).minimum_effect_size
    Decimal('2')
    """

    bands: tuple[EffectSizeBand, ...] = attrs.field(validator=_validate_bands)

    @classmethod
    def from_records(cls, records: object, *, field: str = "bands") -> EffectSizeTable:
        """Return a table from records with ``baseline_from``, ``baseline_to``, ``minimum_effect_size``."""
        if not isinstance(records, Sequence) or isinstance(records, str | bytes):
            raise InvalidTypeError(
                f"{field!r} must be a list of bands (got {type(records).__name__})",
                field=field,
                value=records,
            )
        bands = []
        expected = {"baseline_from", "baseline_to", "minimum_effect_size"}
        for index, record in enumerate(records):
            where = f"{field}[{index}]"
            if not isinstance(record, Mapping):
                raise InvalidTypeError(
                    f"{where!r} must be a table with keys {sorted(expected)}",
                    field=where,
                    value=record,
                )
            keys = set(record)
            if keys != expected:
                raise InvalidInputError(
                    f"{where!r} must have exactly the keys {sorted(expected)} "
                    f"(missing {sorted(expected - keys)}, unknown {sorted(keys - expected)})",
                    field=where,
                    value=record,
                )
            bands.append(
                EffectSizeBand(
                    baseline_from=to_rate(record["baseline_from"], field=f"{where}.baseline_from"),
                    baseline_to=to_rate(record["baseline_to"], field=f"{where}.baseline_to"),
                    minimum_effect_size=to_rate(
                        record["minimum_effect_size"], field=f"{where}.minimum_effect_size"
                    ),
                )
            )
        return cls(tuple(bands))

    def band_for(self, baseline: Decimal) -> EffectSizeBand:
        """Return the band a (validated) baseline rate falls in."""
        for band in self.bands:
            if band.contains(baseline):
                return band
        # Unreachable for a rate in [0, 100]: the validator guarantees full coverage.
        raise AssertionError(baseline)  # pragma: no cover

    def to_records(self) -> list[dict[str, str]]:
        """Return the bands as plain records with Decimal values as strings."""
        return [
            {
                "baseline_from": str(band.baseline_from),
                "baseline_to": str(band.baseline_to),
                "minimum_effect_size": str(band.minimum_effect_size),
            }
            for band in self.bands
        ]

    def describe(self) -> str:
        """Return the table on one line, e.g. ``below 60: 6; 60 up to (not including) 65: 5; ...``."""
        return "; ".join(
            f"{band.describe()}: {format_decimal(band.minimum_effect_size, grouping=False)}"
            for band in self.bands
        )


def _points(number: Decimal, places: int | None = None) -> str:
    text = format_shown(number, places)
    return f"{text} point" if number == 1 else f"{text} points"


@attrs.frozen
class ImprovementAssessment:
    """The outcome of a significant-improvement test, with every intermediate value."""

    baseline: Decimal
    current: Decimal
    improvement: Decimal
    band: EffectSizeBand
    required: Decimal
    qualifies: bool

    def describe(self, places: int | None = None) -> str:
        """Return the comparison in words, with the numbers a reader can check.

        A number with more than ``places`` decimals (a computed rate) is shown rounded, marked
        ``~`` (the profile's ``p4p.shown_rate_decimals``); ``None`` shows every digit.

        >>> from tenncare_calc import default_profile
        >>> table = default_profile().value("p4p.effect_size_bands", EffectSizeTable)
        >>> tenure = Decimal(200) / Decimal(3)
        >>> assess_improvement(tenure, 67, table=table).describe(places=6)
        "improvement ~0.333333 points (67 - ~66.666667) < required 4 points (baseline ~66.666667 is in band '65 up to (not including) 70')"
        """
        relation = ">=" if self.qualifies else "<"
        points = _points(self.improvement, places)
        required = _points(self.required, places)
        baseline = format_shown(self.baseline, places)
        current = format_shown(self.current, places)
        return (
            f"improvement {points} ({current} - {baseline}) {relation} required "
            f"{required} (baseline {baseline} is in band '{self.band.describe()}')"
        )

    def to_dict(self) -> dict[str, Any]:
        """Return the assessment as JSON-ready data (Decimals as strings)."""
        return {
            "baseline": str(self.baseline),
            "current": str(self.current),
            "improvement": str(self.improvement),
            "band": self.band.describe(),
            "required": str(self.required),
            "qualifies": self.qualifies,
        }


def round_reported_rate(rate: Decimal, decimals: int | None) -> Decimal:
    """Return ``rate`` rounded half-up to ``decimals`` places, or unchanged when ``None``.

    >>> round_reported_rate(Decimal("64.195"), 2), round_reported_rate(Decimal("64.195"), None)
    (Decimal('64.20'), Decimal('64.195'))
    """
    if decimals is None:
        return rate
    with exact_context():
        return rate.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def assess_improvement(
    baseline: object,
    current: object,
    *,
    table: EffectSizeTable,
    rate_decimals: int | None = None,
) -> ImprovementAssessment:
    """Return the full significant-improvement assessment of ``current`` against ``baseline``.

    Implements §3.10.5 (and §2.15.4.1): ``current - baseline >= minimum effect size(baseline)``,
    compared exactly. ``rate_decimals`` rounds both rates half-up first when a profile names a
    rounding rule for reported rates (the shipped profile does not).

    >>> from tenncare_calc import default_profile
    >>> table = default_profile().value("p4p.effect_size_bands", EffectSizeTable)
    >>> assess_improvement(72, 75, table=table).describe()
    "improvement 3 points (75 - 72) >= required 3 points (baseline 72 is in band '70 up to (not including) 75')"
    """
    return assess_rates(
        to_rate(baseline, field="baseline"),
        to_rate(current, field="current"),
        table=table,
        rate_decimals=rate_decimals,
    )


def assess_rates(
    baseline: Decimal, current: Decimal, *, table: EffectSizeTable, rate_decimals: int | None
) -> ImprovementAssessment:
    """Return :func:`assess_improvement` of two rates already checked (:func:`to_rate`) (§3.10.5).

    >>> from tenncare_calc import default_profile
    >>> table = default_profile().value("p4p.effect_size_bands", EffectSizeTable)
    >>> assess_rates(Decimal(72), Decimal(75), table=table, rate_decimals=None).qualifies
    True
    """
    base = round_reported_rate(baseline, rate_decimals)
    now = round_reported_rate(current, rate_decimals)
    band = table.band_for(base)
    with exact_context():
        improvement = now - base
    return ImprovementAssessment(
        baseline=base,
        current=now,
        improvement=improvement,
        band=band,
        required=band.minimum_effect_size,
        qualifies=improvement >= band.minimum_effect_size,
    )


def _profile_table(
    profile: ContractProfile | None, on: dt.date | None
) -> tuple[EffectSizeTable, int | None]:
    from tenncare_calc.contract.loader import resolve_profile  # noqa: PLC0415 - avoids an import cycle

    chosen = resolve_profile(profile)
    table = chosen.value("p4p.effect_size_bands", EffectSizeTable, on=on)
    decimals = chosen.optional_value("p4p.reported_rate_decimals", int, on=on)
    return table, decimals


def minimum_effect_size(
    baseline: object,
    *,
    profile: ContractProfile | None = None,
    on: dt.date | None = None,
) -> Decimal:
    """Return the percentage points of improvement required from ``baseline`` (§3.10.5).

    Uses the effect size bands of ``profile`` (the shipped Amendment 3 profile by default, whose
    bands are the library's default: the source lost the baseline column) in force ``on`` a date
    (the latest version when ``None``).

    Examples
    --------
    A baseline of exactly 60 is in the 60-65 band; 59.99 is in the lowest band:

    >>> minimum_effect_size(60), minimum_effect_size("59.99"), minimum_effect_size(100)
    (Decimal('5'), Decimal('6'), Decimal('1'))

    """
    table, decimals = _profile_table(profile, on)
    return table.band_for(
        round_reported_rate(to_rate(baseline, field="baseline"), decimals)
    ).minimum_effect_size


def is_significant_improvement(
    baseline: object,
    current: object,
    *,
    profile: ContractProfile | None = None,
    on: dt.date | None = None,
) -> bool:
    """Return whether ``current - baseline >= minimum_effect_size(baseline)``, exactly (§3.10.5).

    Both rates are percentages in [0, 100]. "At least" is inclusive: a rise exactly equal to the
    effect size qualifies.

    >>> is_significant_improvement(75, 77), is_significant_improvement(75, "76.99")
    (True, False)
    """
    table, decimals = _profile_table(profile, on)
    return assess_improvement(baseline, current, table=table, rate_decimals=decimals).qualifies
