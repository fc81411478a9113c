"""The statement as a live spreadsheet model (§3.10): the parameter parts and every formula.

A statement's workbook is a model, not a printout: the contract parameters it uses (PMPM amount,
cap percent, the behavioral rates rule, the rounding of reported rates) are the cells of the
``model_parameters`` part, the NCQA minimum effect size table is the ``effect_size_bands`` part,
and the reported rates and national 75th percentiles are the input cells of the ``rates`` part.
Every figure the library derives from them is a formula over those cells:

* each rate as assessed: ``100 -`` the reported rate for a reversed measure (§3.10.2.3), rounded
  as the profile says (``p4p.reported_rate_decimals``; not at all by default);
* the required effect size: a ``LOOKUP`` of the baseline in the bands (the last band starting at or
  below it, as :meth:`~tenncare_calc.p4p.effect_size.EffectSizeTable.band_for` reads them);
* the threshold (baseline + required, or the 75th percentile) and whether the rate meets it;
* per measure: baseline, current, improvement, required, whether it qualifies (improvement >=
  required, or the behavioral rates rule over its rates' ``meets``), and the amount;
* the line amount, the earned total and the 105% cap (:meth:`CapResult.excel_formulas`).

So editing a rate, a percentile, a band or a parameter in Excel or LibreOffice changes the payout
exactly as the library would compute it. Differences are subtracted in binary floating point and
then rounded to 9 decimal places (``ROUND(current - baseline, 9)``), which gives the exact decimal
difference for rates of up to 9 decimal places; the library compares exact decimals.

>>> formulas = statement_formulas({"payable": "MIN({earned}, {room})"})
>>> formulas["rates"]["required"]
'IF({baseline}="", "", LOOKUP({baseline}, {effect_size_bands.baseline_from:*}, {effect_size_bands.minimum_effect_size:*}))'
"""

from __future__ import annotations

__all__ = [
    "BAND_COLUMNS",
    "MODEL_PARAMETER_COLUMNS",
    "effect_size_bands_table",
    "model_parameters_table",
    "statement_formulas",
]

from typing import TYPE_CHECKING

from tenncare_calc.core.formulas import round_cents_formula
from tenncare_calc.core.parts import Column, ColumnType, Table

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from tenncare_calc.contract.parameters import ParameterValue
    from tenncare_calc.p4p.effect_size import EffectSizeTable

#: The fields of the ``model_parameters`` part: the parameters the workbook's formulas read.
MODEL_PARAMETER_COLUMNS = (
    Column(
        "pmpm_amount",
        ColumnType.MONEY,
        title="PMPM amount",
        unit="per member month",
        description="p4p.pmpm_amount (§3.10.2.1): the line amount is PMPM x member months",
    ),
    Column(
        "cap_percent",
        ColumnType.RATE,
        title="cap percent",
        unit="percent of capitation",
        description="p4p.cap_percent (§3.10.1.2): the ceiling of a year's payments",
    ),
    Column(
        "behavioral_rates_rule",
        ColumnType.TEXT,
        title="behavioral rates rule",
        description="p4p.behavioral_rates_rule (§3.10.3, ruling P3): all or any of a behavioral "
        "measure's rates must meet their 75th percentile",
    ),
    Column(
        "reported_rate_decimals",
        ColumnType.COUNT,
        title="reported rate decimals",
        none_text="none (exact)",
        description="p4p.reported_rate_decimals (§3.10.5): places reported rates are rounded to "
        "half-up before comparison; empty: compared as given",
    ),
)
#: The columns of the ``effect_size_bands`` part (§3.10.5): one row per band, lowest first.
BAND_COLUMNS = (
    Column("band", ColumnType.TEXT, description="the baselines in the band"),
    Column(
        "baseline_from",
        ColumnType.RATE,
        title="baseline from",
        description="the band's lowest baseline (inclusive)",
    ),
    Column(
        "baseline_to",
        ColumnType.RATE,
        title="baseline to",
        description="the next band's lowest baseline (exclusive; the last band includes 100)",
    ),
    Column(
        "minimum_effect_size",
        ColumnType.NUMBER,
        title="minimum effect size",
        unit="percentage points",
        description="the improvement required from a baseline in the band",
    ),
)


def model_parameters_table(parameters: Sequence[ParameterValue]) -> Table:
    """Return the ``model_parameters`` part: the parameter values the workbook's formulas read.

    >>> from tenncare_calc import default_profile
    >>> profile = default_profile()
    >>> names = ("p4p.pmpm_amount", "p4p.cap_percent", "p4p.behavioral_rates_rule",
    ...          "p4p.reported_rate_decimals")
    >>> model_parameters_table([profile.get(name) for name in names]).records()
    [{'pmpm_amount': '0.03', 'cap_percent': '105', 'behavioral_rates_rule': 'all', 'reported_rate_decimals': None}]
    """
    values = {parameter.name: parameter.value for parameter in parameters}
    row = (
        values["p4p.pmpm_amount"],
        values["p4p.cap_percent"],
        values["p4p.behavioral_rates_rule"],
        values["p4p.reported_rate_decimals"],
    )
    return Table(
        "model_parameters",
        "Parameters the workbook's formulas use (edit them to see the effect)",
        MODEL_PARAMETER_COLUMNS,
        (row,),
        record=True,
        brief=False,
    )


def effect_size_bands_table(bands: EffectSizeTable, *, library_default: bool) -> Table:
    """Return the ``effect_size_bands`` part: the minimum effect size table, one row per band.

    >>> from tenncare_calc import default_profile
    >>> bands = default_profile().value("p4p.effect_size_bands", object)
    >>> effect_size_bands_table(bands, library_default=True).records()[0]
    {'band': 'below 60', 'baseline_from': '0', 'baseline_to': '60', 'minimum_effect_size': '6'}
    """
    source = "the library's default bands" if library_default else "the profile's bands"
    rows = tuple(
        (band.describe(), band.baseline_from, band.baseline_to, band.minimum_effect_size)
        for band in bands.bands
    )
    return Table(
        "effect_size_bands",
        f"Minimum effect size by baseline rate (§3.10.5; {source})",
        BAND_COLUMNS,
        rows,
        brief=False,
    )


_DECIMALS = "{model_parameters.reported_rate_decimals}"
_PRECISION = 9


def _assessed(expression: str) -> str:
    """Return a formula rounding a rate as the profile says: to its decimals, else float noise off."""
    return (
        f'IF({_DECIMALS}="", ROUND({expression}, {_PRECISION}), '
        f"ROUND(ROUND(({expression})*10^{_DECIMALS}, 6), 0)/10^{_DECIMALS})"
    )


def _as_assessed(reported: str) -> str:
    """Return the formula of a rate as assessed from its reported cell (reversed when it is)."""
    flipped = f"IF({{reversed}}, 100-{{{reported}}}, {{{reported}}})"
    return f'IF({{{reported}}}="", "", {_assessed(flipped)})'


def _of_measure(column: str) -> str:
    """Return a formula giving the ``rates`` cell of ``column`` on the measure's first rate row."""
    return f"INDEX({{rates.{column}:*}}, MATCH({{measure}}, {{rates.measure:*}}, 0))"


_RATES = "{rates.measure:*}, {measure}, {rates.meets:*}"
_PERCENTILE = (
    f"AND(COUNTIFS({_RATES}, TRUE)>0, "
    f'OR({{model_parameters.behavioral_rates_rule}}<>"all", COUNTIFS({_RATES}, FALSE)=0))'
)
_IMPROVEMENT = 'IF({improvement}="", FALSE, {improvement}>={required})'


def statement_formulas(cap: Mapping[str, str]) -> dict[str, dict[str, str]]:
    """Return the statement's formula templates by part and column, with the cap's (``cap``).

    See the module docs for what each computes.
    """
    return {
        "summary": {
            "pmpm_amount": "{model_parameters.pmpm_amount}",
            "line_amount": round_cents_formula("{pmpm_amount}*{member_months}"),
            "qualifying_measures": "COUNTIF({measures.qualifies:*}, TRUE)",
            "earned": "SUM({measures.amount:*})",
            "payable": "{cap.payable}",
            "forfeited": "{cap.forfeited}",
        },
        "measures": {
            "baseline": f'IF({{rule}}="national_percentile", "", {_of_measure("baseline")})',
            "current": f'IF({{rule}}="national_percentile", "", {_of_measure("current")})',
            "improvement": (
                f'IF(OR({{baseline}}="", {{current}}=""), "", '
                f"ROUND({{current}}-{{baseline}}, {_PRECISION}))"
            ),
            "required": (
                'IF({rule}="national_percentile", '
                f'IF(COUNTIF({{rates.measure:*}}, {{measure}})=1, {_of_measure("threshold")}, ""), '
                f"{_of_measure('required')})"
            ),
            "qualifies": (
                "AND({payable_this_year}, "
                f'IF({{rule}}="national_percentile", {_PERCENTILE}, {_IMPROVEMENT}))'
            ),
            "amount": "IF({qualifies}, {summary.line_amount}, 0)",
        },
        "rates": {
            "baseline": _as_assessed("reported_baseline"),
            "current": _as_assessed("reported_current"),
            "required": (
                'IF({baseline}="", "", LOOKUP({baseline}, {effect_size_bands.baseline_from:*}, '
                "{effect_size_bands.minimum_effect_size:*}))"
            ),
            "threshold": (
                f'IF({{percentile_75}}<>"", {_assessed("{percentile_75}")}, '
                f'IF({{baseline}}="", "", ROUND({{baseline}}+{{required}}, {_PRECISION})))'
            ),
            "meets": (
                'IF(OR({current}="", {threshold}=""), "", '
                f"ROUND({{current}}-{{threshold}}, {_PRECISION})>=0)"
            ),
            "measure_qualifies": (
                "COUNTIFS({measures.measure:*}, {measure}, {measures.qualifies:*}, TRUE)>0"
            ),
        },
        "cap": {
            **cap,
            "earned": "{summary.earned}",
            "cap_percent": "{model_parameters.cap_percent}",
        },
    }
