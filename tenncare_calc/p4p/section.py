"""The ``p4p`` section of the contract profile: what the pay-for-performance rules read (§3.10).

Declared with the kind of each parameter when the package is imported (see
:mod:`tenncare_calc.contract.schema`); the values, citations and dates are in the profile. The
modules that read the bands and the measures are imported when a profile's value is first
converted, not to declare them.

>>> from tenncare_calc.contract.schema import SCHEMA
>>> SCHEMA["p4p.effect_size_bands"] is EFFECT_SIZE_BANDS
True
"""

from __future__ import annotations

__all__ = ["EFFECT_SIZE_BANDS", "MEASURES"]

from tenncare_calc.contract.kinds import (
    COUNT,
    MONEY,
    MONTH_DAY,
    OPTIONAL_COUNT,
    PERCENT,
    POSITIVE_COUNT,
    Kind,
    choice,
    described,
)
from tenncare_calc.contract.schema import declare


def _show_measures(value: object) -> str:
    assert isinstance(value, tuple)  # noqa: S101 - guaranteed by the kind's converter
    return ", ".join(measure.id for measure in value)


def _effect_size_bands(raw: object, field: str) -> object:
    """Return the effect size bands from a profile's records (their module imported on first use)."""
    from tenncare_calc.p4p.effect_size import EffectSizeTable  # noqa: PLC0415 - see the module

    return EffectSizeTable.from_records(raw, field=field)


def _measures(raw: object, field: str) -> object:
    """Return the measures from a profile's records (their module imported on first use)."""
    from tenncare_calc.p4p.measures import measures_from_records  # noqa: PLC0415 - see the module

    return measures_from_records(raw, field=field)


#: The NCQA minimum effect size bands (§3.10.5, §2.15.4.1), validated as a whole table.
EFFECT_SIZE_BANDS = Kind("effect size bands", _effect_size_bands, described, table_valued=True)
#: The measures of §3.10.2 and §3.10.3 with their rules.
MEASURES = Kind("measures", _measures, _show_measures, table_valued=True)

declare(
    "p4p",
    {
        "pmpm_amount": MONEY,
        "cap_percent": PERCENT,
        "payment_date": MONTH_DAY,
        "effect_size_bands": EFFECT_SIZE_BANDS,
        "reported_rate_decimals": OPTIONAL_COUNT,
        "shown_rate_decimals": COUNT,
        "measures": MEASURES,
        "behavioral_rates_rule": choice("all", "any"),
        "community_tenure_window_days": POSITIVE_COUNT,
    },
)
