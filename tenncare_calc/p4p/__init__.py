"""Pay-for-performance (§3.10): the effect size, the measures, the 105% cap and the statement.

The public names of the package's modules, importable from ``tenncare_calc.p4p``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import tenncare_calc.p4p.section  # noqa: F401 - declares its section of the profile
from tenncare_calc.core.exports import lazy_exports

if TYPE_CHECKING:
    from tenncare_calc.p4p.cap import (
        CapResult,
        apply_capitation_cap,
    )
    from tenncare_calc.p4p.effect_size import (
        EffectSizeBand,
        EffectSizeTable,
        ImprovementAssessment,
        assess_improvement,
        is_significant_improvement,
        minimum_effect_size,
    )
    from tenncare_calc.p4p.incentives import incentive_statement
    from tenncare_calc.p4p.measure_lines import MeasureLine
    from tenncare_calc.p4p.measures import (
        Measure,
        MeasureGroup,
        MeasureRule,
        PaymentTiming,
        measures_from_records,
    )
    from tenncare_calc.p4p.payments import (
        baseline_year,
        first_full_calendar_year,
        payment_date,
        pmpm_incentive,
    )
    from tenncare_calc.p4p.plan_year import (
        RATE_TABLE_COLUMNS,
        load_plan_year,
        plan_year_inputs,
        rates_from_rows,
        sample_path,
        statement_from_file,
    )
    from tenncare_calc.p4p.rate_scale import RATE_SCALES, RateScale, scaled_rates
    from tenncare_calc.p4p.rates import ImprovementRates, PercentileRate
    from tenncare_calc.p4p.statement import IncentiveStatement


__all__ = [
    "RATE_SCALES",
    "RATE_TABLE_COLUMNS",
    "CapResult",
    "EffectSizeBand",
    "EffectSizeTable",
    "ImprovementAssessment",
    "ImprovementRates",
    "IncentiveStatement",
    "Measure",
    "MeasureGroup",
    "MeasureLine",
    "MeasureRule",
    "PaymentTiming",
    "PercentileRate",
    "RateScale",
    "apply_capitation_cap",
    "assess_improvement",
    "baseline_year",
    "first_full_calendar_year",
    "incentive_statement",
    "is_significant_improvement",
    "load_plan_year",
    "measures_from_records",
    "minimum_effect_size",
    "payment_date",
    "plan_year_inputs",
    "pmpm_incentive",
    "rates_from_rows",
    "sample_path",
    "scaled_rates",
    "statement_from_file",
]

__getattr__, __dir__ = lazy_exports(
    __name__,
    {
        "CapResult": "tenncare_calc.p4p.cap",
        "apply_capitation_cap": "tenncare_calc.p4p.cap",
        "EffectSizeBand": "tenncare_calc.p4p.effect_size",
        "EffectSizeTable": "tenncare_calc.p4p.effect_size",
        "ImprovementAssessment": "tenncare_calc.p4p.effect_size",
        "assess_improvement": "tenncare_calc.p4p.effect_size",
        "is_significant_improvement": "tenncare_calc.p4p.effect_size",
        "minimum_effect_size": "tenncare_calc.p4p.effect_size",
        "incentive_statement": "tenncare_calc.p4p.incentives",
        "MeasureLine": "tenncare_calc.p4p.measure_lines",
        "Measure": "tenncare_calc.p4p.measures",
        "MeasureGroup": "tenncare_calc.p4p.measures",
        "MeasureRule": "tenncare_calc.p4p.measures",
        "PaymentTiming": "tenncare_calc.p4p.measures",
        "measures_from_records": "tenncare_calc.p4p.measures",
        "baseline_year": "tenncare_calc.p4p.payments",
        "first_full_calendar_year": "tenncare_calc.p4p.payments",
        "payment_date": "tenncare_calc.p4p.payments",
        "pmpm_incentive": "tenncare_calc.p4p.payments",
        "RATE_TABLE_COLUMNS": "tenncare_calc.p4p.plan_year",
        "load_plan_year": "tenncare_calc.p4p.plan_year",
        "plan_year_inputs": "tenncare_calc.p4p.plan_year",
        "rates_from_rows": "tenncare_calc.p4p.plan_year",
        "sample_path": "tenncare_calc.p4p.plan_year",
        "statement_from_file": "tenncare_calc.p4p.plan_year",
        "RATE_SCALES": "tenncare_calc.p4p.rate_scale",
        "RateScale": "tenncare_calc.p4p.rate_scale",
        "scaled_rates": "tenncare_calc.p4p.rate_scale",
        "ImprovementRates": "tenncare_calc.p4p.rates",
        "PercentileRate": "tenncare_calc.p4p.rates",
        "IncentiveStatement": "tenncare_calc.p4p.statement",
    },
)
