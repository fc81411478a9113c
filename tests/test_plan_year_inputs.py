"""Plan-year inputs pinned: files, rates tables and the arguments a statement is given.

A plan-year file (TOML or JSON) or a rates table (CSV, JSON rows) becomes the statement's
arguments (``p4p/plan_year.py``); every row or key that cannot be used is reported with its number,
field and reason, and the measures a table needs are those in force at the end of its year.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pytest

import tenncare_calc as tc
from tenncare_calc.p4p.incentives import incentive_statement
from tenncare_calc.p4p.measures import Measure, MeasureGroup, MeasureRule
from tenncare_calc.p4p.plan_year import (
    load_plan_year,
    plan_year_inputs,
    sample_path,
    statement_from_file,
)
from tenncare_calc.p4p.rates import (
    ImprovementRates,
    PercentileRate,
    percentile_rates,
    rates_by_measure,
)
from tests.versioned_profiles import with_later_version

if TYPE_CHECKING:
    from pathlib import Path

RATES_HEADER = "measure,rate,baseline,current,percentile_75\n"
YEAR_2008 = {"measurement_year": 2008, "member_months": 1, "capitation": 1}
MEASURE_IDS = (
    "['hba1c_testing', 'hba1c_control', 'ldl_c_screening', 'adolescent_well_care', "
    "'breast_cancer_screening', 'controlling_high_blood_pressure', "
    "'antidepressant_medication_management', 'adhd_follow_up', 'community_tenure']"
)


def _sample_rows() -> list[str]:
    return sample_path("rates_2008.csv").read_text(encoding="utf-8").splitlines()[1:]


class TestRatesTable:
    """A rates table (one row per rate) gives the statement's rates; bad rows are all reported."""

    def test_the_sample_table_equals_the_plan_year_file(self) -> None:
        """rates_2008.csv and plan_year_2008.toml give the same statement."""
        from_table = plan_year_inputs(
            sample_path("rates_2008.csv"),
            overrides={
                "measurement_year": 2008,
                "member_months": "2164218.75",
                "capitation": "491250000.00",
                "other_payments": "2000000.00",
            },
        )
        from_file = plan_year_inputs(sample_path("plan_year_2008.toml"))
        assert incentive_statement(**from_table).to_dict() == (
            incentive_statement(**from_file).to_dict()
        )

    def test_every_bad_row_with_its_reason(self, tmp_path: Path) -> None:
        """Each row that cannot be used is named with its number and what is wrong with it."""
        bad = [
            ",,,,",  # an empty row is skipped
            ",,1,2,",
            "hba1c_testin,,1,2,",
            "hba1c_testing,x,1,2,",
            "ldl_c_screening,,1,2,3",
            "adhd_follow_up,bogus,,1,2",
            "adhd_follow_up,initiation,1,2,3",
            "adolescent_well_care,,not reported,,",
            "breast_cancer_screening,,,,",
            "breast_cancer_screening,,1,2,",
            "hba1c_control,,1,200,",
            "ldl_c_screening,,200,1,",
            "adhd_follow_up,initiation,,200,1",
            "adhd_follow_up,continuation,,1,200",
        ]
        path = tmp_path / "r.csv"
        path.write_text(RATES_HEADER + "\n".join([*_sample_rows(), *bad]) + "\n")
        with pytest.raises(tc.RejectedRowsError) as caught:
            plan_year_inputs(path, overrides=YEAR_2008)
        assert caught.value.field == "rates"
        lines = str(caught.value).splitlines()
        assert lines[:-4] == [
            "r.csv, line 14: no 'measure' given",
            (
                "r.csv, line 15: unknown measure 'hba1c_testin' (did you mean 'hba1c_testing'?); "
                f"measures: {MEASURE_IDS}"
            ),
            (
                "r.csv, line 16: hba1c_testing: measure 'hba1c_testing' has one rate; leave 'rate' "
                "empty"
            ),
            (
                "r.csv, line 17: ldl_c_screening: 'percentile_75' does not apply to "
                "'ldl_c_screening', which is judged by improvement over its baseline; give "
                "'baseline' and 'current'"
            ),
            (
                "r.csv, line 18: adhd_follow_up: 'rate' must name one of the rates of "
                "'adhd_follow_up', ['initiation', 'continuation'] (got 'bogus')"
            ),
            (
                "r.csv, line 19: adhd_follow_up: 'baseline' does not apply to 'adhd_follow_up', "
                "which is compared with the national 75th percentile; give 'current' and "
                "'percentile_75'"
            ),
            "r.csv, line 20: 'adolescent_well_care' is marked not reported but has rates",
            "r.csv, line 21: 'breast_cancer_screening' is marked not reported but has rates",
            (
                "r.csv, line 22: 'breast_cancer_screening' (rate) is given twice, or also marked "
                "not reported"
            ),
        ]
        # the value checks' own words (core/values.py) follow the field each row names
        assert lines[-4].startswith("r.csv, line 23: hba1c_control: 'current' ")
        assert lines[-3].startswith("r.csv, line 24: ldl_c_screening: 'baseline' ")
        assert lines[-2].startswith("r.csv, line 25: adhd_follow_up: 'current' ")
        assert lines[-1].startswith("r.csv, line 26: adhd_follow_up: 'percentile_75' ")
        assert [line for line, _ in caught.value.rejected] == list(range(14, 27))  # file lines

    def test_a_measure_without_a_row(self, tmp_path: Path) -> None:
        """Every measure but community tenure needs a row (empty numbers: not reported)."""
        path = tmp_path / "m.csv"
        path.write_text(RATES_HEADER + "\n".join(_sample_rows()[:3]) + "\n")
        with pytest.raises(tc.InvalidInputError) as caught:
            plan_year_inputs(path, overrides=YEAR_2008)
        missing = [
            "adolescent_well_care",
            "breast_cancer_screening",
            "controlling_high_blood_pressure",
            "antidepressant_medication_management",
            "adhd_follow_up",
        ]
        assert (caught.value.field, caught.value.value) == ("measure", missing)
        assert str(caught.value) == (
            f"{path}: no row for measure(s) {missing}; for a measure with no audited rate, add "
            "a row with its rates empty"
        )

    def test_not_reported_and_components(self, tmp_path: Path) -> None:
        """Empty numbers mean not reported; a component row fills that rate only."""
        rows = [r for r in _sample_rows() if not r.startswith(("hba1c_testing", "adhd"))]
        rows += [
            "hba1c_testing,,,,",
            "adhd_follow_up,continuation,,52,51.6",
            "hba1c_control,rate,47.3,41.0,",  # a single-rate measure may name its rate 'rate'
        ]
        rows.remove("hba1c_control,,47.3,41.0,")
        path = tmp_path / "n.csv"
        path.write_text(RATES_HEADER + "\n".join(rows) + "\n")
        arguments = plan_year_inputs(path, overrides=YEAR_2008)
        assert arguments["physical_health"]["hba1c_testing"] is None
        assert list(arguments["behavioral_health"]["adhd_follow_up"]) == ["continuation"]
        assert arguments["community_tenure"] == (Decimal("81.4"), Decimal("83.0"))
        assert arguments["physical_health"]["hba1c_control"] == (Decimal("47.3"), Decimal("41.0"))

    def test_statement_from_file_uses_the_profile(self) -> None:
        """The profile given is the one the statement is computed with."""
        profile = tc.default_profile().with_overrides({"p4p.pmpm_amount": "0.04"})
        statement = statement_from_file(sample_path("plan_year_2008.toml"), profile=profile)
        assert statement.line_amount == Decimal("86568.75")  # $0.04 x 2,164,218.75
        assert statement.overrides == (("p4p.pmpm_amount", "0.04"),)


class TestPlanYearFileErrors:
    """A plan-year file that cannot be used names the file, the key and what to do."""

    @pytest.mark.parametrize(
        ("name", "text", "field", "message"),
        [
            ("a.txt", "x", "path", "plan-year file '{path}' must end in .toml or .json"),
            (
                "a.toml",
                "x =",
                "path",
                "plan-year file '{path}' is not valid TOML: Invalid value (at end of document)",
            ),
            (
                "a.json",
                "[1",
                "path",
                (
                    "plan-year file '{path}' is not valid JSON: Expecting ',' delimiter: line 1 "
                    "column 3 (char 2)"
                ),
            ),
            ("b.json", "[1]", "path", "'{path}' must hold a table of inputs"),
            (
                "c.toml",
                "bogus = 1\n",
                "bogus",
                (
                    "'{path}': unknown key(s) ['bogus']; allowed: ['behavioral_health', "
                    "'capitation', 'community_tenure', 'measurement_year', 'member_months', "
                    "'operations_began', 'other_payments', 'physical_health']"
                ),
            ),
            (
                "d.toml",
                "measurement_year = 2008\n",
                "behavioral_health",
                (
                    "'{path}': missing key(s) ['behavioral_health', 'capitation', 'member_months', "
                    "'physical_health']"
                ),
            ),
            (
                "e.toml",
                'operations_began = "2007-13-01"\n',
                "operations_began",
                "'{path}': 'operations_began' must be a date such as 2007-04-01",
            ),
        ],
    )
    def test_bad_files(
        self, tmp_path: Path, name: str, text: str, field: str, message: str
    ) -> None:
        """Each defect is an InvalidInputError naming the field, with the file in the message."""
        path = tmp_path / name
        if name == "e.toml":
            text += sample_path("plan_year_2008.toml").read_text(encoding="utf-8")
        path.write_text(text, encoding="utf-8")
        with pytest.raises(tc.InvalidInputError) as caught:
            load_plan_year(path)
        assert caught.value.field == field
        assert str(caught.value) == message.format(path=path)
        if field == "path":
            assert caught.value.value == str(path)

    def test_operations_began_is_read_as_a_date(self, tmp_path: Path) -> None:
        """An ISO date string becomes a date; 'not reported' anywhere becomes None."""
        path = tmp_path / "p.toml"
        path.write_text(
            'operations_began = "2008-01-01"\n'
            + sample_path("plan_year_2008.toml")
            .read_text(encoding="utf-8")
            .replace(
                "hba1c_testing = { baseline = 58.2, current = 64.5 }",
                'hba1c_testing = "not reported"',
            ),
            encoding="utf-8",
        )
        arguments = load_plan_year(path)
        assert arguments["operations_began"] == dt.date(2008, 1, 1)
        assert arguments["physical_health"]["hba1c_testing"] is None

    @pytest.mark.parametrize(
        ("call", "field", "message"),
        [
            (
                lambda d: plan_year_inputs(d / "x.txt"),
                "path",
                (
                    "'{d}/x.txt' must be a plan-year file (.toml, .json) or a rates table "
                    "(.csv, .json, .parquet, .pq)"
                ),
            ),
            (
                lambda d: plan_year_inputs(d / "r.csv", overrides={"bogus": 1}),
                "bogus",
                "unknown input(s) ['bogus']",
            ),
            (
                lambda d: plan_year_inputs(d / "r.csv", overrides={"measurement_year": 2008}),
                "capitation",
                (
                    "a rates table holds only the measures' rates; also give ['capitation', "
                    "'member_months']"
                ),
            ),
            (
                lambda d: plan_year_inputs(
                    d / "r.csv", overrides={**YEAR_2008, "measurement_year": "2008"}
                ),
                "measurement_year",
                "'measurement_year' must be a year such as 2008 (got '2008')",
            ),
            (
                lambda d: load_plan_year(d / "nope.toml"),
                "path",
                "cannot read plan-year file '{d}/nope.toml': No such file or directory",
            ),
            (lambda _: sample_path("nope.csv"), "name", "no bundled sample named 'nope.csv'"),
        ],
    )
    def test_bad_arguments(self, tmp_path: Path, call: Any, field: str, message: str) -> None:
        """Each bad argument is an InvalidInputError naming it."""
        (tmp_path / "r.csv").write_text(RATES_HEADER + "\n".join(_sample_rows()) + "\n")
        with pytest.raises(tc.InvalidInputError) as caught:
            call(tmp_path)
        assert caught.value.field == field
        assert str(caught.value) == message.format(d=tmp_path)


class TestRatesFiles:
    """Which measures a rates table needs, its columns, and a JSON rows file."""

    def test_measures_in_force_at_the_end_of_the_year(self, tmp_path: Path) -> None:
        """A measure dropped from 2010 needs no row for 2010, but does for 2009."""
        base = tc.default_profile()
        kept = [m.to_dict() for m in base.value("p4p.measures", tuple)]
        kept = [m for m in kept if m["id"] != "adolescent_well_care"]
        profile = with_later_version(base, "p4p.measures", kept)
        path = tmp_path / "r.csv"
        rows = [r for r in _sample_rows() if not r.startswith("adolescent")]
        path.write_text(RATES_HEADER + "\n".join(rows) + "\n")
        for_2010 = plan_year_inputs(
            path, overrides={**YEAR_2008, "measurement_year": 2010}, profile=profile
        )
        assert "adolescent_well_care" not in for_2010["physical_health"]
        with pytest.raises(tc.InvalidInputError) as caught:
            plan_year_inputs(
                path, overrides={**YEAR_2008, "measurement_year": 2009}, profile=profile
            )
        assert caught.value.value == ["adolescent_well_care"]

    def test_unknown_column(self, tmp_path: Path) -> None:
        """A column the table does not have is an error naming the allowed ones."""
        path = tmp_path / "r.csv"
        path.write_text("measure,notes\nhba1c_testing,x\n")
        with pytest.raises(tc.InvalidInputError, match="unknown column"):
            plan_year_inputs(path, overrides=YEAR_2008)

    def test_json_rows_and_json_plan_year(self, tmp_path: Path) -> None:
        """A JSON file of {"rows": [...]} is a rates table; any other object is a plan-year file."""
        header = RATES_HEADER.strip().split(",")
        rows = [dict(zip(header, line.split(","), strict=True)) for line in _sample_rows()]
        table = tmp_path / "rates.json"
        table.write_text(json.dumps({"rows": rows}))
        from_rows = plan_year_inputs(table, overrides=YEAR_2008)
        assert from_rows["physical_health"]["hba1c_testing"] == (Decimal("58.2"), Decimal("64.5"))
        plan = tmp_path / "plan.json"
        plan.write_text(json.dumps({"measurement_year": 2008}))
        with pytest.raises(tc.InvalidInputError, match="missing key"):
            plan_year_inputs(plan)

    def test_single_rate_percentile_row(self, tmp_path: Path) -> None:
        """A percentile measure without components takes one row, its 'rate' left empty."""
        records = [m.to_dict() for m in tc.default_profile().value("p4p.measures", tuple)]
        for record in records:
            if record["id"] == "adhd_follow_up":
                record["components"] = []
        profile = with_later_version(tc.default_profile(), "p4p.measures", records)
        rows = [r for r in _sample_rows() if not r.startswith("adhd")] + ["adhd_follow_up,,,41,40"]
        path = tmp_path / "r.csv"
        path.write_text(RATES_HEADER + "\n".join(rows) + "\n")
        overrides = {**YEAR_2008, "measurement_year": 2010}  # the version from 2010
        arguments = plan_year_inputs(path, overrides=overrides, profile=profile)
        assert arguments["behavioral_health"]["adhd_follow_up"] == (Decimal(41), Decimal(40))

    def test_single_rate_percentile_measure(self) -> None:
        """A percentile measure without components is given one pair, named 'rate'."""
        measure = Measure(
            "x", "X", MeasureGroup.BEHAVIORAL_HEALTH, MeasureRule.NATIONAL_PERCENTILE, "3.10.3"
        )
        assert percentile_rates(measure, (41, 40), "x") == {"rate": PercentileRate(41, 40)}

    def test_error_values(self, tmp_path: Path) -> None:
        """Errors keep the value that was wrong."""
        with pytest.raises(tc.InvalidInputError) as caught:
            sample_path("nope.csv")
        assert caught.value.value == "nope.csv"
        with pytest.raises(tc.InvalidInputError) as caught:
            load_plan_year(tmp_path / "nope.toml")
        assert caught.value.value == str(tmp_path / "nope.toml")
        (tmp_path / "r.csv").write_text(RATES_HEADER + "\n".join(_sample_rows()) + "\n")
        with pytest.raises(tc.InvalidInputError) as caught:
            plan_year_inputs(tmp_path / "r.csv", overrides={**YEAR_2008, "measurement_year": "x"})
        assert caught.value.value == "x"
        with pytest.raises(tc.InvalidInputError) as caught:
            rates_by_measure(
                {},
                [
                    Measure(
                        "x",
                        "X",
                        MeasureGroup.PHYSICAL_HEALTH,
                        MeasureRule.SIGNIFICANT_IMPROVEMENT,
                        "3.10.2",
                    )
                ],
                "p",
            )
        assert caught.value.value == ["x"]
        with pytest.raises(tc.InvalidValueError) as caught:
            ImprovementRates(200, 1)
        assert caught.value.field == "baseline"
