"""Every public scalar function, every bad value: the library's typed error or a correct result.

One table (:data:`TABLE`) lists each public function that takes single values, with a call that
works and the kind of each argument. Three properties run over every row and argument (issue 13):

* any bad value (wrong types, missing values, NaN/inf/NaT, huge numbers, exponent bombs, weird
  text, pandas and numpy scalars) either gives a result or raises a ``tenncare_calc`` error, never
  another exception;
* a missing value (None, NaN, NaT, ``pd.NA``) where a value is required is refused, and where the
  argument is optional it means "not given";
* a good value in any accepted type (ISO or M/D/YYYY text, a pandas Timestamp, a numpy integer,
  ``$1,234.50``, ``58.2%``, a profile id) gives the same result as the canonical type.

A new public function is covered by adding one line to :data:`TABLE`.
"""

from __future__ import annotations

import datetime as dt
import inspect
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tenncare_calc as tc
from tenncare_calc import compliance, damages
from tenncare_calc.contract import calendar
from tenncare_calc.core.dates import date_from_excel_serial
from tenncare_calc.core.errors import TennCareError
from tests.strategies import HUGE, MISSING, bad_values

if TYPE_CHECKING:
    from collections.abc import Callable

D = dt.date
T = dt.datetime

#: Kinds whose missing value means "not given" (the argument is optional).
OPTIONAL = {
    "optional_date",
    "optional_moment",
    "optional_money",
    "optional_number",
    "optional_mapping",
    "profile",
}

#: Kinds with a stated upper bound that every huge value must cross.
BOUNDED = {"money", "count", "days", "member_months", "rate", "percent", "year"}


def _day_forms(day: dt.date) -> list[object]:
    forms: list[object] = [
        day.isoformat(),
        f"{day.month}/{day.day}/{day.year}",
        T.combine(day, dt.time(0)),
    ]
    try:
        import numpy as np  # noqa: PLC0415 - optional
        import pandas as pd  # noqa: PLC0415 - optional
    except ImportError:  # pragma: no cover - the data extra is installed in CI
        return forms
    return [*forms, pd.Timestamp(day), np.datetime64(day.isoformat())]


def _moment_forms(moment: dt.datetime) -> list[object]:
    forms: list[object] = [moment.isoformat(sep=" "), moment.isoformat()]
    try:
        import numpy as np  # noqa: PLC0415 - optional
        import pandas as pd  # noqa: PLC0415 - optional
    except ImportError:  # pragma: no cover
        return forms
    return [*forms, pd.Timestamp(moment), np.datetime64(moment.isoformat())]


def _whole_forms(number: int) -> list[object]:
    forms: list[object] = [str(number), f"{number:,}"]
    try:
        import numpy as np  # noqa: PLC0415 - optional
    except ImportError:  # pragma: no cover
        return forms
    return [*forms, np.int64(number), np.int32(number)]


def _money_forms(amount: object) -> list[object]:
    number = Decimal(str(amount))
    forms: list[object] = [str(number), f"${number:,}", f"{number:,}"]
    return [*forms, *(_whole_forms(int(number))[2:] if isinstance(amount, int) else [])]


def _rate_forms(rate: object) -> list[object]:
    return [str(rate), f"{rate}%", f"{rate} %"]


#: How a good canonical value of each kind may also be written.
GOOD_FORMS: dict[str, Callable[[Any], list[object]]] = {
    "date": _day_forms,
    "optional_date": _day_forms,
    "moment": _moment_forms,
    "optional_moment": _moment_forms,
    "year": lambda year: [str(year), *_whole_forms(year)[2:]],
    "count": _whole_forms,
    "days": _whole_forms,
    "money": _money_forms,
    "optional_money": _money_forms,
    "member_months": lambda months: [str(months), f"{months:,}"],
    "day_or_moment": lambda day: _day_forms(day)[:2] + _day_forms(day)[4:],
    "rate": _rate_forms,
    "percent": _rate_forms,
    "profile": lambda _: ["amendment-3", " amendment-3 "],
    "columns": lambda name: [name, [name], (name,)],
}


def _overrides(name: str) -> Callable[..., object]:
    def override(value: object) -> object:
        return tc.default_profile().with_overrides({name: value})

    return override


def _statement(**kwargs: Any) -> object:
    from tenncare_calc.p4p.plan_year import plan_year_inputs, sample_path  # noqa: PLC0415

    base = plan_year_inputs(sample_path("plan_year_2008.toml"))
    return tc.incentive_statement(**{**base, **kwargs})


STAYS = {
    "member_id": [1, 1],
    "admit_date": ["2008-03-01", "2008-03-20"],
    "discharge_date": ["2008-03-05", "2008-03-25"],
}
SPANS = {"member_id": [1, 2], "start_date": ["2008-01-01", "2008-02-15"], "end_date": [None, None]}
OBSERVATIONS = [
    {"item": "unlicensed_staff", "start": "2008-01-30", "end": "2008-02-02", "amount_paid": "800"},
    {"item": "missing_signature_pages", "date": "2008-03-01", "count": "2"},
]


TRIPS = {
    "trip_id": ["T1"],
    "requested_at": ["2008-10-06 09:00"],
    "pickup_at": ["2008-10-06 12:00"],
    "urban": ["yes"],
    "accommodated": ["no"],
}
#: A holiday calendar file: the shipped one.
HOLIDAYS = str(Path(tc.__file__).parent / "contract" / "data" / "holidays" / "tennessee.toml")


def _missed_trip() -> object:
    return tc.request_lead_time(
        requested_at=T(2008, 10, 6, 9), pickup_at=T(2008, 10, 6, 12), urban=True, accommodated=False
    )


def _with_table(function: Callable[..., object], name: str, table: object) -> Callable[..., object]:
    def call(**kwargs: Any) -> object:
        pytest.importorskip("pyarrow")
        return function(**{name: table}, **kwargs)

    return call


#: Each public scalar function: a name, the function, a call that works, and its arguments' kinds.
TABLE: list[tuple[str, Callable[..., object], dict[str, Any], dict[str, str]]] = [
    # Pay-for-performance (tenncare_calc)
    ("pmpm_incentive", tc.pmpm_incentive, {"member_months": 1_000_000, "measures": 2},
     {"member_months": "member_months", "measures": "count", "on": "optional_date",
      "profile": "profile"}),
    ("apply_capitation_cap", tc.apply_capitation_cap,
     {"earned": "72000.00", "capitation": 1_000_000, "other_payments": "5000.00"},
     {"earned": "money", "capitation": "money", "other_payments": "money", "on": "optional_date",
      "profile": "profile"}),
    ("minimum_effect_size", tc.minimum_effect_size, {"baseline": "58.2"},
     {"baseline": "rate", "on": "optional_date", "profile": "profile"}),
    ("is_significant_improvement", tc.is_significant_improvement,
     {"baseline": "58.2", "current": "64.5"},
     {"baseline": "rate", "current": "rate", "on": "optional_date", "profile": "profile"}),
    ("payment_date", tc.payment_date, {"measurement_year": 2008},
     {"measurement_year": "year", "profile": "profile"}),
    ("first_full_calendar_year", tc.first_full_calendar_year,
     {"operations_began": D(2007, 4, 1)}, {"operations_began": "date"}),
    ("baseline_year", tc.baseline_year, {"operations_began": D(2007, 4, 1)},
     {"operations_began": "date", "complete_data_years": "sequence"}),
    ("incentive_statement", _statement,
     {"measurement_year": 2008, "member_months": Decimal("2164218.75"),
      "capitation": Decimal("491250000.00"), "other_payments": Decimal("2000000.00"),
      "operations_began": D(2007, 4, 1)},
     {"measurement_year": "year", "member_months": "member_months", "capitation": "money",
      "other_payments": "money", "operations_began": "optional_date", "as_of": "optional_date",
      "physical_health": "mapping", "community_tenure": "optional_mapping", "profile": "profile"}),
    # Compliance one-value checks (tenncare_calc, tenncare_calc.compliance)
    ("access_distance", tc.access_distance, {"service_code": "20", "distance_miles": "12.5"},
     {"service_code": "text", "distance_miles": "number", "rural": "flag",
      "placement_approved": "flag", "on": "optional_date", "profile": "profile"}),
    ("access_timeliness", tc.access_timeliness,
     {"service_code": "19", "requested_at": D(2008, 12, 23), "appointment_at": D(2008, 12, 30),
      "urgency": "urgent"},
     {"service_code": "text", "requested_at": "day_or_moment", "appointment_at": "day_or_moment",
      "urgency": "text", "detoxification": "flag", "admission": "text", "holidays": "sequence",
      "profile": "profile"}),
    ("request_lead_time", tc.request_lead_time,
     {"requested_at": T(2008, 10, 6, 9), "pickup_at": T(2008, 10, 6, 12), "urban": True,
      "accommodated": False},
     {"requested_at": "moment", "pickup_at": "moment", "urban": "flag", "accommodated": "flag",
      "exemption": "text", "profile": "profile"}),
    ("decision_time", tc.decision_time,
     {"requested_at": T(2008, 10, 6, 9), "decided_at": T(2008, 10, 7, 9, 30),
      "pickup_at": T(2008, 10, 9, 8)},
     {"requested_at": "moment", "decided_at": "moment", "pickup_at": "optional_moment",
      "profile": "profile"}),
    ("trip_manifest", tc.trip_manifest,
     {"sent_at": T(2008, 10, 5, 17), "service_date": D(2008, 10, 6),
      "close_of_business": dt.time(17)},
     {"sent_at": "moment", "service_date": "date", "close_of_business": "time",
      "profile": "profile"}),
    ("member_notification", compliance.member_notification,
     {"requested_at": T(2008, 10, 6, 9), "notified_at": T(2008, 10, 7, 10),
      "service_date": D(2008, 10, 9)},
     {"requested_at": "moment", "notified_at": "optional_moment", "service_date": "date",
      "informed_during_call": "flag", "pickup_at": "optional_moment",
      "information": "sequence", "profile": "profile"}),
    ("escort_coverage", tc.escort_coverage,
     {"member_age": 12, "escorts": 1, "accompanying_adult": True},
     {"member_age": "count", "escorts": "count", "accompanying_adult": "flag", "mode": "text",
      "separate_payment": "flag", "on": "optional_date", "profile": "profile"}),
    ("meals_and_lodging", tc.meals_and_lodging,
     {"member_age": 12, "completed_in_one_day": False, "provided": True},
     {"member_age": "count", "completed_in_one_day": "flag", "provided": "flag",
      "on": "optional_date", "profile": "profile"}),
    ("fixed_route_appropriateness", tc.fixed_route_appropriateness,
     {"walk_to_stop_miles": "0.25", "walk_from_stop_miles": "0.1", "transfers": 2,
      "fixed_route_minutes": 80, "direct_minutes": 25, "minutes_early": 30},
     {"walk_to_stop_miles": "number", "walk_from_stop_miles": "number", "transfers": "count",
      "fixed_route_minutes": "number", "direct_minutes": "number",
      "minutes_early": "optional_number", "minutes_waiting": "optional_number", "physician_statement": "flag", "on": "optional_date",
      "profile": "profile"}),
    ("multi_passenger_ride_time", tc.multi_passenger_ride_time,
     {"ride_minutes": 50, "direct_minutes": 30},
     {"ride_minutes": "number", "direct_minutes": "number", "on": "optional_date",
      "profile": "profile"}),
    ("minor_denial", compliance.minor_denial,
     {"member_age": 16, "reason": "no_accompanying_adult", "mental_health_service": True},
     {"member_age": "count", "reason": "text", "mental_health_service": "flag",
      "blanket_policy": "flag", "on": "optional_date", "profile": "profile"}),
    ("nemt_exclusion", compliance.nemt_exclusion, {"category": "escort",
                                                   "mode": "commercial_carrier"},
     {"category": "text", "mode": "text", "hcbs_waiver_service": "flag", "on": "optional_date",
      "profile": "profile"}),
    ("global_obstetric_claim", compliance.global_obstetric_claim,
     {"procedure_code": "59400", "encounters": 1, "codes": ["59400"]},
     {"procedure_code": "text", "encounters": "count", "paid": "flag", "codes": "sequence",
      "on": "optional_date", "profile": "profile"}),
    ("percent_of_billed_charges", compliance.percent_of_billed_charges,
     {"pricing_method": "percent_of_billed", "billed_amount": "60000.00",
      "stop_loss_threshold": "50000.00"},
     {"pricing_method": "text", "billed_amount": "optional_money",
      "stop_loss_threshold": "optional_money", "service_code": "text",
      "no_medicare_method": "flag", "on": "optional_date", "profile": "profile"}),
    ("pip_list_check", compliance.pip_list_check, {"pips": [{"kind": "non_clinical"}]},
     {"pips": "sequence", "on": "optional_date", "profile": "profile"}),
    ("level_iii_5_review", tc.level_iii_5_review,
     {"service_days": [D(2008, 10, 1), D(2008, 10, 2)], "on": D(2008, 10, 6)},
     {"service_days": "sequence", "on": "date", "profile": "profile"}),
    ("level_iii_5_restrictive_decision", tc.level_iii_5_restrictive_decision,
     {"service_days": [D(2008, 10, 1), D(2008, 10, 2)], "on": D(2008, 10, 6)},
     {"service_days": "sequence", "on": "date", "include_decision_day": "flag",
      "profile": "profile"}),
    ("no_utilization_window", compliance.no_utilization_window,
     {"report_date": D(2008, 12, 31)}, {"report_date": "date", "profile": "profile"}),
    ("sample_enrollees", tc.sample_enrollees, {"enrollees": ["a", "b", "c"], "seed": 1},
     {"enrollees": "sequence", "seed": "text", "size": "count", "month": "optional_date",
      "profile": "profile"}),
    ("minutes_from_micros", compliance.minutes_from_micros, {"micros": 90_000_000},
     {"micros": "signed_count"}),
    # Liquidated damages (tenncare_calc.damages)
    ("missing_signature_pages", damages.missing_signature_pages, {"count": 3},
     {"count": "count", "on": "optional_date", "profile": "profile"}),
    ("noncompliant_provider_agreements", damages.noncompliant_provider_agreements,
     {"count": 3}, {"count": "count", "on": "optional_date", "profile": "profile"}),
    ("unlicensed_staff", damages.unlicensed_staff,
     {"start": D(2008, 3, 1), "end": D(2008, 3, 31), "amount_paid": "1200.00"},
     {"start": "date", "end": "date", "amount_paid": "money", "on": "optional_date",
      "profile": "profile"}),
    ("late_provider_enrollment_file", damages.late_provider_enrollment_file,
     {"due": D(2008, 3, 20), "received": D(2008, 4, 2)},
     {"due": "date", "received": "date", "on": "optional_date", "profile": "profile"}),
    ("geographic_access", damages.geographic_access, {"standards_met": False},
     {"standards_met": "flag", "corrective_action_plan": "flag", "on": "optional_date",
      "profile": "profile"}),
    ("specialist_network", damages.specialist_network, {"unmet": ["physician_specialists"]},
     {"unmet": "sequence", "corrective_action_plan": "flag", "shortage_waiver": "flag",
      "on": "optional_date", "profile": "profile"}),
    ("provider_participation_accuracy", damages.provider_participation_accuracy,
     {"confirmed_percent": "85.5"},
     {"confirmed_percent": "rate", "corrective_action_plan": "flag", "waived": "flag",
      "on": "optional_date", "profile": "profile"}),
    ("provider_information_accuracy", damages.provider_information_accuracy,
     {"incorrect_percent_by_element": {"address": "12.5"}},
     {"incorrect_percent_by_element": "mapping", "corrective_action_plan": "flag",
      "waived": "flag", "per_element": "flag", "on": "optional_date", "profile": "profile"}),
    ("check_maximum_liability", damages.check_maximum_liability,
     {"total_payments": 1_000_000, "damages": "25000.00"},
     {"total_payments": "money", "damages": "money", "on": "optional_date",
      "profile": "profile"}),
    ("statistically_valid_sample_size", damages.statistically_valid_sample_size,
     {"population": 5000},
     {"population": "count", "confidence": "rate", "margin": "rate", "expected": "rate",
      "on": "optional_date", "profile": "profile"}),
    ("sample_is_large_enough", damages.sample_is_large_enough,
     {"sample_size": 400, "population": 5000},
     {"sample_size": "count", "population": "count", "confidence": "rate", "margin": "rate",
      "expected": "rate", "on": "optional_date", "profile": "profile"}),
    ("assess_item", damages.assess_item,
     {"item_id": "missing_signature_pages", "observation": {"count": 3}},
     {"item_id": "text", "observation": "mapping", "per_element": "flag",
      "on": "optional_date", "profile": "profile"}),
    ("accrual_date", damages.accrual_date,
     {"record": {"item": "missing_signature_pages", "date": "2008-03-01", "count": "1"}},
     {"record": "mapping", "on": "optional_date", "profile": "profile"}),
    # The contract calendar (tenncare_calc.calendar)
    ("is_business_day", calendar.is_business_day, {"day": D(2008, 11, 28)},
     {"day": "date", "holidays": "sequence"}),
    ("next_business_day", calendar.next_business_day, {"day": D(2008, 11, 28)},
     {"day": "date", "holidays": "sequence"}),
    ("previous_business_day", calendar.previous_business_day, {"day": D(2008, 11, 28)},
     {"day": "date", "holidays": "sequence"}),
    ("roll_to_business_day", calendar.roll_to_business_day, {"day": D(2008, 11, 29)},
     {"day": "date", "roll": "text", "holidays": "sequence"}),
    ("add_business_days", calendar.add_business_days, {"start": D(2008, 12, 23), "days": 3},
     {"start": "date", "days": "signed_days", "holidays": "sequence"}),
    ("business_days", calendar.business_days, {"start": D(2008, 12, 1), "end": D(2008, 12, 31)},
     {"start": "date", "end": "date", "holidays": "sequence"}),
    ("business_days_between", calendar.business_days_between,
     {"start": D(2008, 12, 23), "end": D(2008, 12, 29)},
     {"start": "date", "end": "date", "holidays": "sequence"}),
    ("holiday_dates", calendar.holiday_dates, {"start": D(2008, 1, 1), "end": D(2008, 12, 31)},
     {"start": "date", "end": "date", "holidays": "sequence"}),
    ("calendar_days", calendar.calendar_days, {"start": D(2008, 3, 1), "end": D(2008, 4, 1)},
     {"start": "date", "end": "date"}),
    ("days_late", calendar.days_late, {"due": D(2008, 3, 20), "received": D(2008, 4, 2)},
     {"due": "day_or_moment", "received": "day_or_moment"}),
    ("weekly_due_dates", calendar.weekly_due_dates,
     {"start": D(2008, 3, 1), "end": D(2008, 4, 1)},
     {"start": "date", "end": "date", "roll": "text", "holidays": "sequence",
      "profile": "profile"}),
    ("monthly_due_dates", calendar.monthly_due_dates,
     {"start": D(2008, 1, 1), "end": D(2008, 12, 31), "day": 15},
     {"start": "date", "end": "date", "day": "count", "report": "text", "section": "text",
      "roll": "text", "holidays": "sequence"}),
    ("quarterly_due_dates", calendar.quarterly_due_dates,
     {"start": D(2008, 1, 1), "end": D(2008, 12, 31), "days_after_quarter_end": 30},
     {"start": "date", "end": "date", "days_after_quarter_end": "days", "report": "text",
      "roll": "text", "holidays": "sequence", "profile": "profile"}),
    ("annual_due_dates", calendar.annual_due_dates,
     {"start": D(2008, 1, 1), "end": D(2010, 12, 31)},
     {"start": "date", "end": "date", "roll": "text", "holidays": "sequence",
      "profile": "profile"}),
    ("one_time_deadlines", calendar.one_time_deadlines,
     {"start": D(2008, 1, 1), "end": D(2008, 12, 31)},
     {"start": "date", "end": "date", "roll": "text", "holidays": "sequence",
      "profile": "profile"}),
    ("nemt_implementation_deadlines", calendar.nemt_implementation_deadlines, {},
     {"roll": "text", "holidays": "sequence", "profile": "profile"}),
    # The scalar arguments of batch functions (their tables are tests/test_tables.py's concern)
    ("community_tenure", _with_table(tc.community_tenure, "stays", STAYS),
     {"year": 2008, "data_through": D(2009, 1, 31)},
     {"year": "year", "data_through": "date", "window_days": "days", "on_error": "text"}),
    ("member_months", _with_table(tc.member_months, "spans", SPANS), {"year": 2008},
     {"year": "year", "convention": "text", "on_error": "text"}),
    ("damages_ledger", _with_table(damages.damages_ledger, "observations", OBSERVATIONS),
     {"year": 2008},
     {"year": "year", "total_payments": "optional_money", "per_element": "flag",
      "on_error": "text", "profile": "profile"}),
    ("request_lead_time_table carry", _with_table(tc.request_lead_time_table, "trips", TRIPS),
     {}, {"carry": "columns", "on_error": "text", "profile": "profile"}),
    ("price_findings", tc.price_findings, {"findings": [_missed_trip()]},
     {"findings": "sequence", "on": "optional_date", "profile": "profile"}),
    ("load_holiday_calendar", calendar.load_holiday_calendar, {"path": HOLIDAYS},
     {"path": "path"}),
    ("check_duplicates", damages.check_duplicates, {"duplicates": "keep"},
     {"duplicates": "text"}),
    # Profiles: loading and what-if overrides
    ("load_profile", tc.load_profile, {"source": "amendment-3"},
     {"source": "profile", "overrides": "mapping"}),
    ("override p4p.cap_percent", _overrides("p4p.cap_percent"), {"value": "110"},
     {"value": "percent"}),
    ("override p4p.pmpm_amount", _overrides("p4p.pmpm_amount"), {"value": "0.04"},
     {"value": "money"}),
    ("override p4p.community_tenure_window_days",
     _overrides("p4p.community_tenure_window_days"), {"value": 30}, {"value": "days"}),
]  # fmt: skip

ARGUMENTS = [
    pytest.param(function, good, argument, kind, id=f"{name}-{argument}")
    for name, function, good, kinds in TABLE
    for argument, kind in kinds.items()
]

SETTINGS = settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _call(function: Callable[..., object], good: dict[str, Any], **changed: object) -> object:
    return function(**{**good, **changed})


def _outcome(function: Callable[..., object], good: dict[str, Any], **changed: object) -> object:
    """Return the call's result, or the type of the library error it raised."""
    try:
        return _call(function, good, **changed)
    except TennCareError as error:
        return type(error)


#: Canonical values of optional arguments a row's good call leaves out.
DEFAULTS: dict[str, object] = {"optional_date": D(2008, 10, 1), "profile": tc.default_profile()}


#: Public functions that take no single values of their own, or only tables and files (the
#: readers' and tables' suites cover those): each with the reason it is not in :data:`TABLE`.
NOT_SCALAR = {
    "default_profile": "no arguments",
    "no_holidays": "no arguments",
    "tennessee_state_holidays": "no arguments",
    "compare": "two results in",
    "reconcile": "a result and a table in",
    "program_run": "tables in (tests/test_program.py)",
    "program_from_folder": "a folder of files in (tests/test_program.py)",
    "load_observations": "a file in (the readers' suite)",
    "ledger_from_csv": "a file in (the readers' suite)",
    "schedule_from_records": "a profile table in (tests/test_profile.py)",
    "access_standards_from_records": "a profile table in (tests/test_profile.py)",
    "finding_amounts_from_records": "a profile table in (tests/test_profile.py)",
    "carried_columns": "internal columns in",
    "read_with_carried": "a table in",
    "findings_from_columns": "internal columns in",
    "repeated_rows": "records in (tests/test_any_table.py)",
}


def _public_functions() -> set[str]:
    names: set[str] = set()
    for module in (tc, damages, compliance, calendar):
        names |= {n for n in module.__all__ if inspect.isfunction(getattr(module, n))}
    return names


def test_the_table_covers_every_public_function() -> None:
    """Each public function is in the table (one line), a table function, or listed as no scalar."""
    covered = {name.split()[0] for name, *_ in TABLE}
    tables = {name for name in _public_functions() if name.endswith("_table") or "profiles" in name}
    batch = {"monthly_sample", "no_utilization_report", "specialist_network_from_contracts",
             "geographic_access_from_findings", "pip_list_check"}  # fmt: skip
    missing = _public_functions() - covered - tables - batch - set(NOT_SCALAR)
    assert not missing, f"add these to TABLE (or NOT_SCALAR with a reason): {sorted(missing)}"


def test_every_good_call_works() -> None:
    """Each row's canonical call gives a result (so the properties below test the values)."""
    for name, function, good, _ in TABLE:
        assert _call(function, good) is not None, name


@pytest.mark.parametrize(("function", "good", "argument", "kind"), ARGUMENTS)
@SETTINGS
@given(value=bad_values())
def test_a_bad_value_is_a_library_error(
    function: Callable[..., object],
    good: dict[str, Any],
    argument: str,
    kind: str,  # noqa: ARG001 - the table's column, unused here
    value: object,
) -> None:
    """Any value gives a result or a tenncare_calc error: never another exception."""
    outcome = _outcome(function, good, **{argument: value})
    if isinstance(outcome, type):
        assert issubclass(outcome, ValueError | TypeError)


@pytest.mark.parametrize(("function", "good", "argument", "kind"), ARGUMENTS)
def test_a_missing_value_is_refused_or_not_given(
    function: Callable[..., object], good: dict[str, Any], argument: str, kind: str
) -> None:
    """None, NaN, NaT and pd.NA: refused where a value is required; refused or "not given" else."""
    required = kind not in OPTIONAL and argument in good
    for missing in MISSING:
        outcome = _outcome(function, good, **{argument: missing})  # never another exception
        refused = isinstance(outcome, type) and issubclass(outcome, TennCareError)
        if required:
            assert refused, missing
        elif kind in OPTIONAL and missing is not None:
            assert refused or outcome == _outcome(function, good, **{argument: None}), missing


@pytest.mark.parametrize(
    ("function", "good", "argument", "kind"),
    [param for param in ARGUMENTS if param.values[3] in BOUNDED],
)
def test_huge_numbers_are_refused_up_front(
    function: Callable[..., object], good: dict[str, Any], argument: str, kind: str
) -> None:
    """10^59, 1E+999999, infinities and values just past a stated bound are refused."""
    for value in HUGE:
        if kind in {"rate", "percent", "year", "count"} and value == 100_001:
            continue  # a fine count, year or percentage; out of range for windows only
        if kind in {"money", "member_months"} and value in {100_001, Decimal("1E-999999")}:
            continue
        if kind in {"count", "year"} and value == 10**15 + 1:
            continue
        with pytest.raises(TennCareError):
            _call(function, good, **{argument: value})


@pytest.mark.parametrize(
    ("function", "good", "argument", "kind"),
    [
        param
        for param in ARGUMENTS
        if param.values[3] in GOOD_FORMS
        and (param.values[2] in param.values[1] or param.values[3] in DEFAULTS)
    ],
)
def test_a_good_value_in_any_accepted_type_gives_the_same_result(
    function: Callable[..., object], good: dict[str, Any], argument: str, kind: str
) -> None:
    """ISO and M/D/YYYY text, Timestamps, numpy integers, $ and % text: the canonical result."""
    canonical = good.get(argument, DEFAULTS.get(kind))
    expected = _outcome(function, good, **{argument: canonical})
    for form in GOOD_FORMS[kind](canonical):
        assert _outcome(function, good, **{argument: form}) == expected, form


@given(st.sampled_from([value for value in HUGE if value not in {Decimal("1E-999999"), 100_001}]))
def test_the_bounds_hold_for_the_issue_examples(value: object) -> None:
    """The issue's raw crashes are typed errors now (see also the table above)."""
    with pytest.raises(TennCareError):
        tc.apply_capitation_cap(value, 1)


class TestIssueExamples:
    """Each raw crash and silent acceptance the issue lists: a typed error or a correct result."""

    def test_a_date_as_iso_text(self) -> None:
        """`on="2008-01-01"` is the date, not a TypeError deep in the profile."""
        assert tc.pmpm_incentive(1, 1, on="2008-01-01") == tc.pmpm_incentive(1, 1, on=D(2008, 1, 1))

    def test_amounts_beyond_the_stated_range(self) -> None:
        """10^59 dollars is refused naming the argument, not decimal.InvalidOperation."""
        with pytest.raises(tc.InvalidValueError, match="'earned'") as caught:
            tc.apply_capitation_cap(10**59, 1)
        assert caught.value.field == "earned"

    def test_an_exponent_bomb_is_refused_at_once(self) -> None:
        """Decimal("1E+999999") is refused up front (it ran 39 s, then overflowed)."""
        with pytest.raises(tc.InvalidValueError, match="'count'"):
            damages.missing_signature_pages(Decimal("1E+999999"))

    def test_a_profile_by_its_id(self) -> None:
        """A shipped id works wherever a profile does; an unknown one lists the known ids."""
        assert tc.pmpm_incentive(1, 1, profile="amendment-3") == tc.pmpm_incentive(1, 1)
        with pytest.raises(tc.ProfileError, match=r"'amendment-4'.*\['amendment-3'\]"):
            tc.pmpm_incentive(1, 1, profile="amendment-4")

    def test_carry_must_name_columns(self) -> None:
        """carry=5 is a typed error, not a TypeError from iterating an int."""
        pytest.importorskip("pyarrow")
        trips = {
            "requested_at": ["2008-10-06 09:00"],
            "pickup_at": ["2008-10-06 12:00"],
            "urban": ["yes"],
            "accommodated": ["no"],
        }
        with pytest.raises(tc.InvalidTypeError, match="'carry' must be a column name"):
            tc.request_lead_time_table(trips, carry=5)  # type: ignore[arg-type]

    def test_nat_is_missing(self) -> None:
        """NaT where a time is required is refused naming it; where optional it is not given."""
        pd = pytest.importorskip("pandas")
        with pytest.raises(tc.InvalidValueError, match="'pickup_at' is missing"):
            tc.request_lead_time(
                requested_at=T(2008, 10, 6, 9), pickup_at=pd.NaT, urban=True, accommodated=False
            )
        given = {"requested_at": T(2008, 10, 6, 9), "decided_at": T(2008, 10, 7, 9, 30)}
        finding = tc.decision_time(**given, pickup_at=pd.NaT)
        assert finding == tc.decision_time(**given)
        assert "NaN" not in finding.explain()

    def test_no_year_10000(self) -> None:
        """A contractor beginning 9999-12-31 has no first full year the library can hold."""
        with pytest.raises(tc.InvalidValueError, match="'operations_began'"):
            tc.first_full_calendar_year(D(9999, 12, 31))
        assert tc.first_full_calendar_year(D(9998, 1, 1)) == 9998

    def test_a_string_is_not_a_population(self) -> None:
        """sample_enrollees("abc") is refused instead of sampling letters."""
        with pytest.raises(tc.InvalidTypeError, match="'enrollees' must be a sequence"):
            tc.sample_enrollees("abc", seed=1)

    def test_extends_must_be_a_profile_id(self, tmp_path: Path) -> None:
        """Extends = ["amendment-3"] is a ProfileError naming extends."""
        path = tmp_path / "mine.toml"
        path.write_text(
            '[profile]\nid = "mine"\ntitle = "t"\nsource = "s"\nversion = "1"\n'
            'verified_against_source_on = 2008-01-01\nextends = ["amendment-3"]\n',
            encoding="utf-8",
        )
        with pytest.raises(tc.ProfileError, match="extends") as caught:
            tc.load_profile(path)
        assert caught.value.field == "extends"
        with pytest.raises(tc.ProfileError, match="extends"):
            tc.pmpm_incentive(1, 1, profile=path)

    def test_a_profile_file_not_in_utf8(self, tmp_path: Path) -> None:
        """A latin-1 profile is a ProfileError naming the file, not a UnicodeDecodeError."""
        path = tmp_path / "latin.toml"
        path.write_bytes('[profile]\ntitle = "Amendement trois, révisé"\n'.encode("latin-1"))
        with pytest.raises(tc.ProfileError, match=r"latin\.toml.*not UTF-8"):
            tc.load_profile(path)
        with pytest.raises(tc.ProfileError, match="not UTF-8"):
            tc.load_profile(str(path))

    @pytest.mark.parametrize("value", ["1e999999", "nan", "NaN", "inf", float("nan"), float("inf")])
    def test_an_override_out_of_range_names_its_key(self, value: object) -> None:
        """--set p4p.cap_percent=1e999999 (and NaN, infinity) is refused naming the key."""
        with pytest.raises(tc.ProfileError, match=r"p4p\.cap_percent") as caught:
            tc.default_profile().with_overrides({"p4p.cap_percent": value})
        assert caught.value.field == "p4p.cap_percent"

    def test_overrides_must_be_a_mapping(self) -> None:
        """A list of pairs or a text is refused, not an AttributeError."""
        with pytest.raises(tc.ProfileError, match="mapping"):
            tc.default_profile().with_overrides("p4p.cap_percent=110")  # type: ignore[arg-type]
        with pytest.raises(tc.ProfileError, match="mapping"):
            tc.load_profile(overrides=[("p4p.cap_percent", "110")])  # type: ignore[arg-type]


#: Excel's day 0 for serials from 61 on (the fictitious 1900-02-29 shifts the earlier ones by one).
EXCEL_EPOCH = D(1899, 12, 30)


class TestExcelSerialDates:
    """Excel's 1900 date system: 1 is 1900-01-01, 60 the day that never was, 61 is 1900-03-01."""

    @given(st.dates(min_value=D(1900, 3, 1)))
    def test_serials_from_61_count_from_1899_12_30(self, day: dt.date) -> None:
        """Every day from 1900-03-01 to 9999-12-31 round-trips through its serial."""
        serial = (day - EXCEL_EPOCH).days
        assert date_from_excel_serial(serial, field="start") == day
        assert date_from_excel_serial(str(serial), field="start") == day
        assert date_from_excel_serial(float(serial), field="start") == day

    @given(st.integers(min_value=1, max_value=59))
    def test_serials_before_60_count_from_1899_12_31(self, serial: int) -> None:
        """1 to 59 are 1900-01-01 to 1900-02-28, as Excel shows them."""
        assert date_from_excel_serial(serial, field="start") == D(1899, 12, 31) + dt.timedelta(
            days=serial
        )

    @pytest.mark.parametrize(
        "serial", [60, 0, -1, 2_958_466, 39452.5, "39452.5", True, None, float("nan"), "abc"]
    )
    def test_no_other_serial_is_a_date(self, serial: object) -> None:
        """The fictitious leap day, 0, negatives, past 9999-12-31, fractions: typed errors."""
        with pytest.raises(TennCareError, match="'start'"):
            date_from_excel_serial(serial, field="start")

    def test_the_edges(self) -> None:
        """59 is 1900-02-28, 61 is 1900-03-01, 2958465 is 9999-12-31."""
        assert date_from_excel_serial(59, field="d") == D(1900, 2, 28)
        assert date_from_excel_serial(61, field="d") == D(1900, 3, 1)
        assert date_from_excel_serial(2_958_465, field="d") == D(9999, 12, 31)
