"""Any table in, your column names, the fraction guard and duplicate observations (issue 13).

``CASES`` lists every public function that reads a table, one line each: the function's name,
the table (as a list of records) it is given, how to call it with that table in any form and a
``columns=`` mapping, the columns not to rename (read from another table, or carried), and how
to compare its results. A new batch function is covered by adding one line. Each case is run
with the same table as a list of records, a mapping of columns, a pandas DataFrame, a polars
DataFrame and a pyarrow Table; with NaN, ``NaT`` and ``pd.NA`` for ``None``; and with its columns
renamed and mapped back by ``columns=``.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from typing import TYPE_CHECKING, Any, NamedTuple

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tenncare_calc import compliance, damages, enrollment, p4p, program
from tenncare_calc.columnar import read_rows, table_rows
from tenncare_calc.core.errors import InvalidInputError, InvalidTypeError, InvalidValueError
from tests.strategies import observations

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from pathlib import Path

pd = pytest.importorskip("pandas")
pl = pytest.importorskip("polars")
pa = pytest.importorskip("pyarrow")

SAMPLE_DAMAGES = damages.load_observations(p4p.sample_path("damages_2008.csv"))
SAMPLE_RATES = [dict(row) for row in read_rows(p4p.sample_path("rates_2008.csv")).rows]
FIGURES = {"measurement_year": 2008, "member_months": "2164218.75",
           "capitation": "491250000.00", "other_payments": "2000000.00"}  # fmt: skip


def _blank_is_none(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: (v if v not in ("", None) else None) for k, v in r.items()} for r in records]


def _typed_damages() -> list[dict[str, Any]]:
    """Return observations with typed values (dates, numbers, flags, lists) and gaps."""
    return [
        {"item": "unlicensed_staff", "start": dt.date(2008, 1, 30), "end": dt.date(2008, 2, 2),
         "amount_paid": "800.00", "count": None, "standards_met": None, "month": None},
        {"item": "noncompliant_provider_agreements", "date": dt.date(2008, 2, 14), "count": 2},
        {"item": "geographic_access", "month": "2008-02", "standards_met": False,
         "corrective_action_plan": True},
        {"item": "late_provider_enrollment_file", "due": dt.date(2008, 3, 20),
         "received": dt.date(2008, 4, 2)},
    ]  # fmt: skip


def _rates_of_plan(plan: str) -> list[dict[str, Any]]:
    return [{"plan": plan, "measurement_year": 2008, **row} for row in SAMPLE_RATES]


_PLANS = [{"plan": "east", "year": 2008, "member_months": "2164218.75",
           "capitation": "491250000.00", "other_payments": "2000000.00"}]  # fmt: skip
_STATEMENT = p4p.statement_from_file(p4p.sample_path("plan_year_2008.toml"))
_SPANS = [
    {"member_id": "a", "start_date": dt.date(2008, 2, 1), "end_date": dt.date(2008, 2, 20)},
    {"member_id": "a", "start_date": dt.date(2008, 2, 10), "end_date": None},
    {"member_id": "b", "start_date": dt.date(2008, 3, 1), "end_date": dt.date(2008, 3, 1)},
    {"member_id": None, "start_date": dt.date(2008, 3, 1), "end_date": dt.date(2008, 3, 1)},
]
_STAYS = [
    {"member_id": 1, "admit_date": dt.date(2008, 1, 1), "discharge_date": dt.date(2008, 1, 10)},
    {"member_id": 1, "admit_date": dt.date(2008, 1, 25), "discharge_date": dt.date(2008, 2, 1)},
    {"member_id": 2, "admit_date": dt.date(2008, 5, 1), "discharge_date": None},
]


def _specialist_rows() -> list[dict[str, Any]]:
    from tenncare_calc import default_profile  # noqa: PLC0415

    specialties = default_profile().value("damages.physician_specialties", tuple)
    rows = [
        {"standard": "physician_specialists", "provider_id": f"P{n}", "covers": s,
         "executed": "2008-01-15"}
        for n, s in enumerate(specialties)
    ]  # fmt: skip
    rows.append({"standard": "aids_centers_of_excellence", "provider_id": "A1", "covers": None,
                 "executed": None})  # fmt: skip
    return rows


def _to_dict(result: object) -> object:
    to_dict = getattr(result, "to_dict", None)
    return to_dict() if callable(to_dict) else result


def _stripped(result: object) -> object:
    """Return a result's data without the input's name (it differs only by form)."""
    return _to_dict(result)


class Case(NamedTuple):
    """A function that reads a table: how to call it, the table, what not to rename."""

    name: str
    records: list[dict[str, Any]]
    call: Callable[[object, Mapping[str, str] | None], object]
    keep: tuple[str, ...] = ()


CASES: tuple[Case, ...] = (
    Case("damages_ledger (text)", _blank_is_none(SAMPLE_DAMAGES),
         lambda t, c: damages.damages_ledger(2008, t, columns=c)),
    Case("damages_ledger (typed)", _typed_damages(),
         lambda t, c: damages.damages_ledger(2008, t, columns=c)),
    Case("rates_from_rows", SAMPLE_RATES,
         lambda t, c: p4p.rates_from_rows(t, measurement_year=2008, columns=c)),
    Case("plan_facts_from_rows", _PLANS, lambda t, c: program.plan_facts_from_rows(t, columns=c)),
    Case("program_run (rates)", _rates_of_plan("east"),
         lambda t, c: program.program_run(t, _PLANS, columns=c), keep=("plan",)),
    Case("program_run (damages)",
         [{"plan": "east", **r} for r in _blank_is_none(SAMPLE_DAMAGES)],
         lambda t, c: program.program_run(_rates_of_plan("east"), _PLANS, damages=t, columns=c),
         keep=("plan",)),
    Case("reconcile", [{"year": 2008, "item": "hba1c_testing", "amount": "64926.56"},
                       {"year": 2008, "item": "payable", "amount": "324632.80"}],
         lambda t, c: program.reconcile(_STATEMENT, t, columns=c)),
    Case("member_months", _SPANS,
         lambda t, c: enrollment.member_months(t, year=2008, columns=c, on_error="collect")),
    Case("community_tenure", _STAYS,
         lambda t, c: enrollment.community_tenure(t, year=2008, data_through=dt.date(2009, 3, 31),
                                                  columns=c)),
    Case("access_distance_table",
         [{"service_code": "20", "distance_miles": 30, "rural": False},
          {"service_code": "20", "distance_miles": 30.25, "rural": None},
          {"service_code": "23", "distance_miles": 75, "rural": True}],
         lambda t, c: compliance.access_distance_table(t, columns=c, on_error="collect")),
    Case("access_timeliness_table",
         [{"service_code": "19", "requested_at": "2008-12-23", "appointment_at": "2008-12-29",
           "urgency": "urgent"},
          {"service_code": "99", "requested_at": "2008-12-23", "appointment_at": None,
           "urgency": "routine"}],
         lambda t, c: compliance.access_timeliness_table(t, columns=c, on_error="collect")),
    Case("decision_time_table",
         [{"requested_at": "2008-10-06 09:00", "decided_at": "2008-10-07 09:00", "pickup_at": None},
          {"requested_at": "2008-10-06 09:00", "decided_at": "2008-10-06 15:00",
           "pickup_at": "2008-10-06 14:00"}],
         lambda t, c: compliance.decision_time_table(t, columns=c)),
    Case("member_notification_table",
         [{"trip_id": "T1", "requested_at": "2008-10-06 09:00", "service_date": "2008-10-09",
           "notified_at": "2008-10-07 09:00"},
          {"trip_id": "T2", "requested_at": "2008-10-06 09:00", "service_date": "2008-10-09",
           "notified_at": None}],
         lambda t, c: compliance.member_notification_table(t, columns=c, carry="trip_id"),
         keep=("trip_id",)),
    Case("minor_denials_table",
         [{"member_age": 15, "reason": "no_accompanying_adult", "mental_health_service": True,
           "blanket_policy": False},
          {"member_age": 17, "reason": "age", "mental_health_service": False,
           "blanket_policy": True}],
         lambda t, c: compliance.minor_denials_table(t, columns=c)),
    Case("nemt_exclusions_table",
         [{"category": "trip", "mode": "nemt_provider"},
          {"category": "escort", "mode": None}],
         lambda t, c: compliance.nemt_exclusions_table(t, columns=c, on_error="collect")),
    Case("percent_of_billed_charges_table",
         [{"pricing_method": "fee_schedule", "billed_amount": 1200, "stop_loss_threshold": None},
          {"pricing_method": "percent_of_billed_charges", "billed_amount": 95000,
           "stop_loss_threshold": 80000}],
         lambda t, c: compliance.percent_of_billed_charges_table(t, columns=c)),
    Case("global_obstetric_claims_table",
         [{"procedure_code": "59400", "encounters": 3}, {"procedure_code": "99213",
                                                         "encounters": 0}],
         lambda t, c: compliance.global_obstetric_claims_table(
             t, columns=c, codes=["59400", "59510"])),
    Case("request_lead_time_table",
         [{"requested_at": "2008-10-06 09:30", "pickup_at": "2008-10-06 13:00", "urban": True,
           "accommodated": False}],
         lambda t, c: compliance.request_lead_time_table(t, columns=c)),
    Case("trip_manifest_table",
         [{"sent_at": "2008-10-05 17:00", "service_date": "2008-10-06",
           "close_of_business": "17:00"},
          {"sent_at": "2008-10-05 17:20", "service_date": "2008-10-06",
           "close_of_business": "17:00"}],
         lambda t, c: compliance.trip_manifest_table(t, columns=c)),
    Case("monthly_sample",
         [{"member_id": 1, "service_date": "2008-10-01"}, {"member_id": 2,
                                                           "service_date": "2008-10-31"},
          {"member_id": 3, "service_date": "2008-11-01"}],
         lambda t, c: compliance.monthly_sample(t, month=dt.date(2008, 10, 1), seed="s",
                                                columns=c)),
    Case("no_utilization_report (enrollment)",
         [{"member_id": 1, "start_date": "2007-01-01", "end_date": None},
          {"member_id": 3, "start_date": "2007-06-01", "end_date": "2007-12-31"}],
         lambda t, c: compliance.no_utilization_report(
             t, {"member_id": [1], "service_date": ["2006-12-31"]},
             report_date=dt.date(2008, 12, 31), columns=c),
         keep=("member_id",)),
    Case("provider_profiles (services)",
         [{"provider_id": f"p{n % 5}", "service_category": "office"} for n in range(40)],
         lambda t, c: compliance.provider_profiles(
             t, {"provider_id": [f"p{n}" for n in range(5)], "member_months": [1000] * 5},
             columns=c),
         keep=("provider_id",)),
    Case("enrollee_profiles (services)",
         [{"member_id": n % 6 + 1, "service_category": "office"} for n in range(40)],
         lambda t, c: compliance.enrollee_profiles(
             t, {"member_id": [1, 2, 3, 4, 5, 6], "member_months": [12] * 6,
                 "age": [30, 31, 40, 44, 22, 70], "category": ["SSI"] * 6},
             columns=c),
         keep=("member_id",)),
    Case("pip_list_check",
         [{"kind": "clinical", "area": "Diabetes management", "program": None},
          {"kind": "non_clinical", "area": None, "program": None}],
         lambda t, c: compliance.pip_list_check(t, columns=c)),
    Case("geographic_access_from_findings",
         [{"check": "access.distance", "outcome": "met"}],
         lambda t, c: damages.geographic_access_from_findings(t, month="2008-10", columns=c)),
    Case("specialist_network_from_contracts", _specialist_rows(),
         lambda t, c: damages.specialist_network_from_contracts(t, month="2008-10", columns=c,
                                                                on_error="collect")),
)  # fmt: skip
_IDS = [case.name for case in CASES]


def _columns(records: list[dict[str, Any]]) -> list[str]:
    return list(dict.fromkeys(key for record in records for key in record))


def _full(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    names = _columns(records)
    return [{name: record.get(name) for name in names} for record in records]


FORMS: dict[str, Callable[[list[dict[str, Any]]], object]] = {
    "records": lambda records: [dict(record) for record in records],
    "columns": lambda records: {n: [r[n] for r in _full(records)] for n in _columns(records)},
    "pandas": lambda records: pd.DataFrame(_full(records), columns=_columns(records)),
    "polars": lambda records: pl.DataFrame(_full(records), strict=False,
                                           infer_schema_length=None),
    "arrow": lambda records: pa.Table.from_pylist(_full(records)),
    "arrow stream": lambda records: _Stream(pa.Table.from_pylist(_full(records))),
}  # fmt: skip


class _Stream:
    """A table known only by its Arrow stream (as a DuckDB relation is)."""

    def __init__(self, table: Any) -> None:
        self._table = table

    def __arrow_c_stream__(self, requested_schema: object = None) -> object:
        return self._table.__arrow_c_stream__(requested_schema)


@pytest.mark.parametrize("form", list(FORMS))
@pytest.mark.parametrize("case", CASES, ids=_IDS)
def test_every_form_gives_the_same_result(case: Case, form: str) -> None:
    """The same table as records, columns, pandas, polars or Arrow gives the same result."""
    expected = _stripped(case.call(case.records, None))
    assert _stripped(case.call(FORMS[form](case.records), None)) == expected


@pytest.mark.parametrize("empty", ["nan", "NaT", "pd.NA"])
@pytest.mark.parametrize("case", CASES, ids=_IDS)
def test_nan_nat_and_na_are_empty(case: Case, empty: str) -> None:
    """NaN, NaT and pd.NA in a list of records are empty cells, as None is."""
    value = {"nan": float("nan"), "NaT": pd.NaT, "pd.NA": pd.NA}[empty]
    records = [{k: (value if v is None else v) for k, v in r.items()} for r in case.records]
    assert _stripped(case.call(records, None)) == _stripped(case.call(case.records, None))


@pytest.mark.parametrize("form", ["records", "pandas", "arrow"])
@pytest.mark.parametrize("case", CASES, ids=_IDS)
def test_columns_renames_like_renaming_the_input(case: Case, form: str) -> None:
    """columns= over a renamed table gives the result of the table with the library's names."""
    renamed = {n: f"SRC {n.upper()}" for n in _columns(case.records) if n not in case.keep}
    records = [{renamed.get(k, k): v for k, v in r.items()} for r in case.records]
    expected = _stripped(case.call(case.records, None))
    assert _stripped(case.call(FORMS[form](records), renamed)) == expected


@pytest.mark.parametrize("case", CASES, ids=_IDS)
def test_columns_names_what_is_wrong(case: Case) -> None:
    """An unknown library name lists the valid ones; an absent source lists the table's columns."""
    with pytest.raises(InvalidInputError, match=r"columns= names 'no_such_column'.*does not read"):
        case.call(case.records, {"no_such_column": "X"})
    first = next(n for n in _columns(case.records) if n not in case.keep)
    with pytest.raises(InvalidInputError, match="columns= maps to 'NOT THERE', not a column"):
        case.call(case.records, {first: "NOT THERE"})
    with pytest.raises(InvalidTypeError, match="'columns' must be a mapping"):
        case.call(case.records, ["member_id"])  # type: ignore[arg-type]


def test_dataframe_observations_and_records_with_nan() -> None:
    """The issue's examples: damages_ledger(2008, df) and df.to_dict('records') with NaN."""
    frame = pd.read_csv(p4p.sample_path("damages_2008.csv"))
    assert damages.damages_ledger(2008, frame).total == Decimal("117050.00")
    records = frame.to_dict("records")
    assert any(isinstance(v, float) and math.isnan(v) for v in records[0].values())
    assert damages.damages_ledger(2008, records).total == Decimal("117050.00")
    rates = p4p.rates_from_rows(pd.read_csv(p4p.sample_path("rates_2008.csv")),
                                measurement_year=2008)  # fmt: skip
    assert p4p.incentive_statement(**rates, **FIGURES).earned == (Decimal("324632.80"))


def test_row_numbers_are_positions_in_the_table() -> None:
    """A frame's rows are named by 0-based position in messages, whatever its index."""
    frame = pd.DataFrame(
        {"plan": ["east", "east"], "year": [2008, 2008], "capitation": ["1", None]},
        index=[10, 20],
    )
    with pytest.raises(InvalidInputError, match="plans, row 1: "):
        program.plan_facts_from_rows(frame)
    assert table_rows(frame, name="plans").where(1) == "plans, row 1"


def test_a_lazy_frame_or_a_single_record_is_refused() -> None:
    """A polars LazyFrame must be collected; one record is a list of one mapping."""
    with pytest.raises(InvalidTypeError, match="LazyFrame"):
        damages.damages_ledger(2008, pl.DataFrame(SAMPLE_RATES).lazy())
    with pytest.raises(InvalidTypeError, match=r"'observations'.*list of one mapping"):
        damages.damages_ledger(2008, {"item": "x"})
    with pytest.raises(InvalidInputError, match="different lengths"):
        damages.damages_ledger(2008, {"item": ["a", "b"], "date": ["2008-01-01"]})


# --- the fraction guard ---------------------------------------------------------------------

_RATE_CELLS = [(n, f) for n, row in enumerate(SAMPLE_RATES)
               for f in ("baseline", "current", "percentile_75") if row.get(f)]  # fmt: skip
FRACTIONS = st.decimals(min_value=0, max_value=1, places=3, allow_nan=False)


def _with_rates(values: list[Decimal]) -> list[dict[str, Any]]:
    rows = [dict(row) for row in SAMPLE_RATES]
    for (n, field), value in zip(_RATE_CELLS, values, strict=True):
        rows[n][field] = str(value)
    return rows


@given(
    st.lists(FRACTIONS, min_size=len(_RATE_CELLS), max_size=len(_RATE_CELLS)),
    st.integers(0, len(_RATE_CELLS) - 1),
    st.decimals(min_value=Decimal("0.001"), max_value=Decimal("0.999"), places=3),
)
def test_rates_all_within_0_and_1_are_refused_as_fractions(
    values: list[Decimal], at: int, inside: Decimal
) -> None:
    """Every rate in [0, 1], one strictly between, under 'percent': refused, naming the fix."""
    values[at] = inside
    with pytest.raises(InvalidInputError, match=r"look like fractions.*rate_scale='fraction'"):
        p4p.rates_from_rows(_with_rates(values), measurement_year=2008)


@given(st.lists(st.sampled_from([Decimal(0), Decimal(1)]), min_size=len(_RATE_CELLS),
                max_size=len(_RATE_CELLS)))  # fmt: skip
def test_rates_of_only_0_and_1_are_read_as_percentages(values: list[Decimal]) -> None:
    """0 % and 100 % read the same either way: a table of only 0s and 1s is percentages."""
    found = p4p.rates_from_rows(_with_rates(values), measurement_year=2008)
    assert "Decimal('100" not in repr(found)  # read as given: none multiplied by 100


@given(
    st.lists(FRACTIONS, min_size=len(_RATE_CELLS), max_size=len(_RATE_CELLS)),
    st.integers(0, len(_RATE_CELLS) - 1),
    st.decimals(min_value=Decimal("1.001"), max_value=100, places=3),
)
def test_one_rate_above_1_is_read_as_percentages(
    values: list[Decimal], at: int, above: Decimal
) -> None:
    """One rate above 1 and the table is percentages, read as given."""
    values[at] = above
    found = p4p.rates_from_rows(_with_rates(values), measurement_year=2008)
    measure, field = SAMPLE_RATES[_RATE_CELLS[at][0]]["measure"], _RATE_CELLS[at][1]
    given_rates = found["physical_health"] | found["behavioral_health"]
    flat = repr(given_rates.get(measure)) + repr(found["community_tenure"])
    assert repr(above.normalize()) in flat or repr(above) in flat, (measure, field)


@given(st.lists(FRACTIONS, min_size=len(_RATE_CELLS), max_size=len(_RATE_CELLS)))
def test_fractions_are_multiplied_by_100_exactly(values: list[Decimal]) -> None:
    """rate_scale='fraction' reads 0.582 as 58.2, exactly, as the percentages' table would."""
    as_fractions = p4p.rates_from_rows(
        _with_rates(values), measurement_year=2008, rate_scale="fraction"
    )
    as_percent = (
        p4p.rates_from_rows(_with_rates([value * 100 for value in values]), measurement_year=2008)
        if any(value * 100 > 1 for value in values)
        else None
    )
    if as_percent is not None:
        assert as_fractions == as_percent


def test_the_issues_fraction_example(tmp_path: Path) -> None:
    """`hba1c_testing,,0.582,0.645,` with rate_scale='fraction' is the statement of 58.2/64.5."""
    text = p4p.sample_path("rates_2008.csv").read_text()
    fractions = ["measure,rate,baseline,current,percentile_75"]
    for line in text.splitlines()[1:]:
        cells = line.split(",")
        fractions.append(",".join(cells[:2] + [
            str(Decimal(cell).scaleb(-2)) if cell else "" for cell in cells[2:]]))  # fmt: skip
    assert "hba1c_testing,,0.582,0.645," in fractions
    path = tmp_path / "fractions.csv"
    path.write_text("\n".join(fractions) + "\n")
    with pytest.raises(InvalidInputError, match=r"\(hba1c_testing baseline 0.582\)"):
        p4p.plan_year_inputs(path, overrides=FIGURES)
    scaled = p4p.plan_year_inputs(path, overrides=FIGURES, rate_scale="fraction")
    plain = p4p.plan_year_inputs(p4p.sample_path("rates_2008.csv"), overrides=FIGURES)
    assert p4p.incentive_statement(**scaled).to_dict() == p4p.incentive_statement(**plain).to_dict()
    assert p4p.incentive_statement(**scaled).earned == Decimal("324632.80")


def test_rate_scale_is_checked_and_percent_signs_are_percentages() -> None:
    """An unknown scale is refused; a rate written with % makes the table percentages."""
    with pytest.raises(InvalidValueError, match="'rate_scale' must be 'percent' or 'fraction'"):
        p4p.rates_from_rows(SAMPLE_RATES, measurement_year=2008, rate_scale="ratio")  # type: ignore[arg-type]
    rows = _with_rates([Decimal("0.5")] * len(_RATE_CELLS))
    rows[0]["baseline"] = "0.5%"
    table = p4p.scaled_rates(table_rows(rows, name="rates"), "percent")
    assert table.rows[0]["baseline"] == "0.5%"


# --- duplicate observations -----------------------------------------------------------------


def test_the_doubled_sample_is_charged_once(tmp_path: Path) -> None:
    """The sample ($117,050) twice: $117,050 rejecting repeats; each charged only with 'keep'."""
    doubled = SAMPLE_DAMAGES + SAMPLE_DAMAGES
    ledger = damages.damages_ledger(2008, doubled, on_error="collect")
    assert ledger.total == Decimal("117050.00")
    assert ledger.rows_in == 18 == len(ledger.lines) + len(ledger.rejected)
    assert ledger.rejected[0] == (9, ledger.rejected[0][1])
    assert "an exact duplicate of row 0" in ledger.rejected[0][1]
    kept = damages.damages_ledger(2008, doubled, on_error="collect", duplicates="keep")
    assert kept.total > ledger.total
    assert all("assessed once per period" in reason for _, reason in kept.rejected)
    text = p4p.sample_path("damages_2008.csv").read_text()
    path = tmp_path / "doubled.csv"
    path.write_text(text + "".join(text.splitlines(keepends=True)[1:]))
    assert damages.ledger_from_csv(path, 2008, on_error="collect").total == ledger.total
    assert damages.ledger_from_csv(path, 2008, on_error="collect", duplicates="keep").total == (
        kept.total
    )
    with pytest.raises(InvalidValueError, match="'duplicates' must be"):
        damages.damages_ledger(2008, doubled, duplicates="drop")  # type: ignore[arg-type]


@given(st.lists(observations(2008), max_size=12))
def test_repeating_every_row_changes_no_amount(records: list[dict[str, object]]) -> None:
    """Observations followed by themselves: the same total; rows in = used + rejected."""
    once = damages.damages_ledger(2008, records, on_error="collect")
    twice = damages.damages_ledger(2008, records + records, on_error="collect")
    assert twice.total == once.total
    assert twice.rows_in == 2 * len(records) == len(twice.lines) + len(twice.rejected)


def test_program_damages_reject_repeats_across_the_table() -> None:
    """A program's damages table: a repeated row (plan included) is rejected, naming the first."""
    rows = [{"plan": "east", **r} for r in _blank_is_none(SAMPLE_DAMAGES)]
    run = program.program_run(_rates_of_plan("east"), _PLANS, damages=rows + rows[:1],
                              on_error="collect")  # fmt: skip
    assert run.ledger("east", 2008).total == Decimal("117050.00")
    assert [(name, row) for name, row, _ in run.rejected] == [("damages", 9)]
    assert "an exact duplicate of damages, row 0" in run.rejected[0][2]


#: Amounts as a float column holds them (cents, exact in a float's shortest text), or NaN.
FLOAT_AMOUNTS = st.lists(
    st.one_of(st.just(math.nan), st.integers(0, 10**8).map(lambda cents: cents / 100)),
    min_size=1,
    max_size=8,
)


def _in_form(form: str, records: list[dict[str, object]]) -> object:
    """Return ``records`` as an Arrow table, a polars or pandas DataFrame, or as they are."""
    return {
        "arrow": lambda: pa.Table.from_pylist(records),
        "polars": lambda: pl.DataFrame(records),
        "pandas": lambda: pd.DataFrame(records),
        "records": lambda: records,
    }[form]()


@pytest.mark.parametrize("form", ["arrow", "polars", "pandas", "records"])
@given(FLOAT_AMOUNTS)
def test_a_float_nan_is_an_empty_cell_in_every_form(form: str, amounts: list[float]) -> None:
    """NaN in a column of floats is empty in an Arrow or polars table, as pandas and lists read it.

    pyarrow and polars keep NaN as a float value; the library reads it as an empty cell, so an
    optional amount is not given (as ``None`` is one by one) and a required one rejects its row
    as null, whichever form the table comes in.
    """
    claims = [
        {
            "pricing_method": "percent_of_billed_charges",
            "billed_amount": amount,
            "no_medicare_method": amount if math.isnan(amount) else float(amount > 1),
        }
        for amount in amounts
    ]
    found = compliance.percent_of_billed_charges_table(_in_form(form, claims), on_error="collect")
    assert found.rejected.num_rows == 0
    assert [row["outcome"] for row in found.rows()] == [
        compliance.percent_of_billed_charges(
            pricing_method="percent_of_billed_charges",
            billed_amount=None if math.isnan(amount) else amount,
            no_medicare_method=None if math.isnan(amount) else amount > 1,
        ).outcome.value
        for amount in amounts
    ]
    distances = [
        {"service_code": "19", "distance_miles": amount, "rural": False} for amount in amounts
    ]
    table = compliance.access_distance_table(_in_form(form, distances), on_error="collect")
    assert [(row["row"], row["reason"]) for row in table.rejected.to_pylist()] == [
        (at, "distance_miles is null") for at, amount in enumerate(amounts) if math.isnan(amount)
    ]
