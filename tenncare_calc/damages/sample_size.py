"""The "statistically valid sample" of Attachment VII's two accuracy measures: its size, and a check.

Provider Participation Accuracy and Provider Information Accuracy are measured on "a statistically
valid sample of participating providers on the most recent monthly provider enrollment file".
The contract states no sample design, so the library sizes the sample by Cochran's formula for a
proportion with the finite population correction, with parameters stated and configurable:

* ``z`` is the standard normal quantile of the two-sided confidence level
  (``damages.sample_confidence_percent``, 95: ``z = 1.959964``, rounded half-up to 6 places);
* ``p`` is the expected proportion (``damages.sample_expected_percent``, 50%, the largest sample);
* ``e`` is the margin of error (``damages.sample_margin_percent``, 5 percentage points);
* ``n0 = z² × p × (1 − p) / e²`` and, for a population of ``N`` providers,
  ``n = n0 / (1 + (n0 − 1) / N)``, rounded **up** to a whole provider, and never more than ``N``.

The arithmetic after ``z`` is exact (``Decimal``). :func:`sample_is_large_enough` checks a reported
sample against that size: at least the required number (:data:`LARGE_ENOUGH`).

>>> size = statistically_valid_sample_size(1000)
>>> size.z, size.n0.quantize(Decimal("0.0001")), size.required
(Decimal('1.959964'), Decimal('384.1459'), 278)
>>> sample_is_large_enough(277, population=1000).met, sample_is_large_enough(278, population=1000).met
(False, True)
"""

from __future__ import annotations

__all__ = [
    "LARGE_ENOUGH",
    "SampleCheck",
    "SampleSize",
    "sample_is_large_enough",
    "statistically_valid_sample_size",
]

from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from statistics import NormalDist
from typing import TYPE_CHECKING, Any

import attrs

from tenncare_calc.core.errors import InvalidValueError
from tenncare_calc.core.explanation import Explanation
from tenncare_calc.core.thresholds import Comparison, Threshold
from tenncare_calc.core.values import exact_context, format_decimal, to_count, to_rate

if TYPE_CHECKING:
    import datetime as dt

    from tenncare_calc.contract.parameters import ParameterValue
    from tenncare_calc.contract.profile import ContractProfile

#: A reported sample is large enough when it has at least the required number of providers.
LARGE_ENOUGH = Comparison.AT_LEAST
_Z_PLACES = Decimal("0.000001")
_SECTION = "Attachment VII"


def _profile(profile: ContractProfile | None) -> ContractProfile:
    from tenncare_calc.contract.loader import resolve_profile  # noqa: PLC0415 - avoids a cycle

    return resolve_profile(profile)


def _shown(number: Decimal, places: str = "0.0001") -> str:
    with exact_context():
        return format_decimal(number.quantize(Decimal(places), rounding=ROUND_HALF_UP).normalize())


@attrs.frozen
class SampleSize:
    """The size of a statistically valid sample: the parameters, ``n0``, the correction, the size."""

    population: int
    confidence: Decimal
    margin: Decimal
    expected: Decimal
    z: Decimal
    n0: Decimal
    corrected: Decimal
    required: int
    parameters: tuple[ParameterValue, ...] = attrs.field(default=(), repr=False)

    def explain(self) -> str:
        """Return the formula with every figure, as a person checks it by hand."""
        text = Explanation(
            f"Statistically valid sample of {self.population:,} providers  [{_SECTION}]"
        )
        text.add(
            f"Cochran's sample size for a proportion: confidence {format_decimal(self.confidence)}%"
            f" (z = {self.z}), margin ±{format_decimal(self.margin)} points, expected proportion "
            f"{format_decimal(self.expected)}%"
        )
        p, e = self.expected / 100, self.margin / 100
        text.add(
            f"n0 = z² × p × (1 − p) / e² = {self.z}² × {format_decimal(p)} × "
            f"{format_decimal(1 - p)} / {format_decimal(e)}² = {_shown(self.n0)}"
        )
        text.add(
            f"finite population correction: n = n0 / (1 + (n0 − 1) / {self.population}) = "
            f"{_shown(self.corrected)}, rounded up: {self.required} providers"
        )
        for parameter in self.parameters:
            text.add(f"parameter: {parameter.provenance()}")
        return text.render()

    def to_dict(self) -> dict[str, Any]:
        """Return the size and its figures as JSON-ready data (Decimals as strings)."""
        return {
            "population": self.population,
            "confidence_percent": str(self.confidence),
            "margin_percent": str(self.margin),
            "expected_percent": str(self.expected),
            "z": str(self.z),
            "n0": str(self.n0),
            "corrected": str(self.corrected),
            "required": self.required,
            "section": _SECTION,
        }


@attrs.frozen
class SampleCheck:
    """Whether a reported sample is at least the statistically valid size."""

    reported: int
    size: SampleSize
    met: bool
    margin: int

    @property
    def threshold(self) -> Threshold:
        """Return the line: at least the required number of providers."""
        return Threshold(self.size.required, "providers", LARGE_ENOUGH)

    def explain(self) -> str:
        """Return the check and the sizing behind it."""
        verdict = "large enough" if self.met else "TOO SMALL"
        text = Explanation(
            f"Reported sample of {self.reported:,} providers: {verdict}  [{_SECTION}]"
        )
        text.add(f"{self.threshold.describe()}: margin {self.margin:+d} providers")
        text.extend(self.size.explain(), indent=1)
        return text.render()

    def to_dict(self) -> dict[str, Any]:
        """Return the check as JSON-ready data."""
        return {
            "reported": self.reported,
            "required": self.size.required,
            "met": self.met,
            "margin": self.margin,
            "size": self.size.to_dict(),
        }


def _figure(
    profile: ContractProfile, name: str, given: object, on: dt.date | None
) -> tuple[Decimal, ParameterValue | None]:
    if given is None:
        parameter = profile.get(name, on=on)
        return parameter.value, parameter
    field = name.rsplit(".", 1)[-1].removeprefix("sample_").removesuffix("_percent")
    return to_rate(given, field=field), None


def statistically_valid_sample_size(
    population: int,
    *,
    confidence: object = None,
    margin: object = None,
    expected: object = None,
    on: dt.date | None = None,
    profile: ContractProfile | None = None,
) -> SampleSize:
    """Return the providers to sample from a Provider Enrollment File of ``population`` providers.

    Cochran's formula with the finite population correction (see the module); ``confidence``,
    ``margin`` and ``expected`` are percentages (default: the profile's
    ``damages.sample_confidence_percent`` 95, ``damages.sample_margin_percent`` 5 and
    ``damages.sample_expected_percent`` 50, library defaults: the contract states none).

    Examples
    --------
    >>> statistically_valid_sample_size(100).required, statistically_valid_sample_size(10**6).required
    (80, 384)
    >>> statistically_valid_sample_size(1000, confidence=99, margin=3).required
    649
    """
    size = to_count(population, field="population")
    if size < 1:
        raise InvalidValueError(
            f"'population' must be at least 1 provider (got {size})", field="population", value=size
        )
    chosen = _profile(profile)
    c, c_parameter = _figure(chosen, "damages.sample_confidence_percent", confidence, on)
    e, e_parameter = _figure(chosen, "damages.sample_margin_percent", margin, on)
    p, p_parameter = _figure(chosen, "damages.sample_expected_percent", expected, on)
    for value, field in ((c, "confidence"), (e, "margin")):
        if not 0 < value < 100:  # noqa: PLR2004 - a percentage strictly inside its range
            raise InvalidValueError(
                f"{field!r} must be above 0 and below 100 percent (got {value})",
                field=field,
                value=value,
            )
    quantile = NormalDist().inv_cdf(float((1 + c / 100) / 2))
    with exact_context():
        z = Decimal(repr(quantile)).quantize(_Z_PLACES, rounding=ROUND_HALF_UP)
        share, error = p / 100, e / 100
        n0 = z * z * share * (1 - share) / (error * error)
        corrected = n0 / (1 + (n0 - 1) / size)
        required = min(size, int(corrected.to_integral_value(rounding=ROUND_CEILING)))
    return SampleSize(
        population=size,
        confidence=c,
        margin=e,
        expected=p,
        z=z,
        n0=n0,
        corrected=corrected,
        required=max(required, 1),
        parameters=tuple(x for x in (c_parameter, e_parameter, p_parameter) if x is not None),
    )


def sample_is_large_enough(
    sample_size: int,
    *,
    population: int,
    confidence: object = None,
    margin: object = None,
    expected: object = None,
    on: dt.date | None = None,
    profile: ContractProfile | None = None,
) -> SampleCheck:
    """Return whether a reported sample of ``sample_size`` providers is statistically valid.

    Valid means at least :func:`statistically_valid_sample_size` of the population (the same
    parameters); a sample larger than the population is an error.

    Examples
    --------
    >>> check = sample_is_large_enough(350, population=5000)
    >>> check.met, check.size.required, check.margin
    (False, 357, -7)
    """
    reported = to_count(sample_size, field="sample_size")
    size = statistically_valid_sample_size(
        population, confidence=confidence, margin=margin, expected=expected, on=on, profile=profile
    )
    if reported > size.population:
        raise InvalidValueError(
            f"'sample_size' ({reported}) is larger than the population ({size.population})",
            field="sample_size",
            value=reported,
        )
    line = Threshold(size.required, "providers", LARGE_ENOUGH)
    return SampleCheck(reported, size, bool(line.met(reported)), int(line.margin(reported)))
