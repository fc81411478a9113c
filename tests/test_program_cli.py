"""The ``program`` command on the bundled sample, in every format, and ``--compare``/``--reconcile``."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from typing import TYPE_CHECKING

import pytest

from tenncare_calc.cli import main
from tenncare_calc.p4p import sample_path
from tests.test_cli import assert_bad_input, run

if TYPE_CHECKING:
    from pathlib import Path

pytest.importorskip("pyarrow")

FOLDER = sample_path("program/rates.csv").parent
SAMPLE = str(FOLDER)


def call(*arguments: str) -> tuple[int, str, str]:
    """Run the command line in this process; return the exit status, output and errors."""
    out, err = io.StringIO(), io.StringIO()
    status = main(list(arguments), out=out, err=err)
    return status, out.getvalue(), err.getvalue()


class TestFormats:
    """The bundled program sample runs in every format and every part."""

    def test_table(self) -> None:
        """The terminal view: the summary, statements, damages and sources; the rest named."""
        result = run("program", SAMPLE)
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith("Program summary: 3 plan(s), 2008, 2009")
        assert "all plans" in result.stdout
        assert "(also: --part measures, figures, damages_by_quarter, plan_east" in result.stdout

    @pytest.mark.parametrize("chosen", ["text", "json", "csv", "markdown"])
    def test_every_text_format(self, chosen: str) -> None:
        """Text, JSON, CSV and Markdown on standard output."""
        status, out, err = call("program", SAMPLE, "--format", chosen)
        assert status == 0, err
        if chosen == "json":
            data = json.loads(out)
            assert data["plans"] == ["east", "middle", "west"]
            assert data["totals"]["payable"] == "1505.03"
        elif chosen == "csv":
            rows = list(csv.DictReader(io.StringIO(out)))
            assert [row["plan"] for row in rows] == ["east", "middle", "west", ""]
        elif chosen == "text":
            assert "ruling PR1" in out
            assert "Plan west, 2009" in out
        else:
            assert "| plan |" in out

    def test_xlsx(self, tmp_path: Path) -> None:
        """A workbook: a sheet per plan and the summary sheet."""
        openpyxl = pytest.importorskip("openpyxl")
        status, _, err = call(
            "program", SAMPLE, "--format", "xlsx", "--output", str(tmp_path / "p.xlsx")
        )
        assert status == 0, err
        names = openpyxl.load_workbook(tmp_path / "p.xlsx").sheetnames
        assert {"Plan east", "Plan middle", "Plan west", "Program totals"} <= set(names)

    def test_every_part(self) -> None:
        """Each part as JSON rows; the part names come from the result."""
        from tenncare_calc.program import program_from_folder  # noqa: PLC0415

        for table in program_from_folder(FOLDER).tables():
            status, out, err = call("program", SAMPLE, "--format", "json", "--part", table.name)
            assert status == 0, (table.name, err)
            assert len(json.loads(out)) == len(table.rows)

    def test_files_instead_of_a_folder(self, tmp_path: Path) -> None:
        """--rates and --plans alone (member months given) run without a folder."""
        plans = (FOLDER / "plans.csv").read_text(encoding="utf-8").splitlines()
        given = [plans[0]] + [line.replace(",,", ",2500,", 1) for line in plans[1:]]
        (tmp_path / "plans.csv").write_text("\n".join(given) + "\n", encoding="utf-8")
        status, out, err = call(
            "program", "--rates", str(FOLDER / "rates.csv"), "--plans", str(tmp_path / "plans.csv"),
            "--stays", str(FOLDER / "stays.csv"), "--format", "json",
        )  # fmt: skip
        assert status == 0, err
        data = json.loads(out)
        assert {entry["statement"]["member_months"] for entry in data["plan_years"]} == {"2500"}


class TestSinglePlanEquality:
    """Ruling PR3 on the command line: a plan's statement is the ``incentive`` command's."""

    def test_west_2009_as_a_single_plan(self, tmp_path: Path) -> None:
        """West's 2009 rows as a single-plan rates table give the program's statement."""
        status, out, _ = call("program", SAMPLE, "--format", "json")
        program = json.loads(out)
        entry = next(e for e in program["plan_years"] if (e["plan"], e["year"]) == ("west", 2009))
        text = (FOLDER / "rates.csv").read_text(encoding="utf-8")
        rows = list(csv.DictReader(io.StringIO(text)))
        mine = [r for r in rows if (r["plan"], r["measurement_year"]) == ("west", "2009")]
        tenure = next(r for r in mine if r["measure"] == "community_tenure")
        tenure["current"] = entry["community_tenure_from_stays"]["rate"]
        path = tmp_path / "west_2009.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(
                handle,
                ["measure", "rate", "baseline", "current", "percentile_75"],
                extrasaction="ignore",
            )
            writer.writeheader()
            writer.writerows(mine)
        status, out, err = call(
            "incentive", str(path), "--measurement-year", "2009",
            "--member-months", entry["statement"]["member_months"],
            "--capitation", "4800000.00", "--other-payments", "239950.00", "--format", "json",
        )  # fmt: skip
        assert status == 0, err
        assert json.loads(out) == entry["statement"]
        assert entry["statement"]["cap"]["binding"] is True


class TestCompareAndReconcile:
    """--compare against a baseline; --reconcile someone else's figures."""

    def test_program_compare(self) -> None:
        """A what-if --set against the shipped profile: the changes and the flips."""
        status, out, err = call(
            "program", SAMPLE, "--set", "p4p.behavioral_rates_rule=any", "--compare",
            "--format", "json",
        )  # fmt: skip
        assert status == 0, err
        data = json.loads(out)
        assert data["flips"] == 8
        assert data["differences"] == 18

    def test_compare_without_a_what_if_has_no_differences(self) -> None:
        """The run against itself: no line differs."""
        status, out, _ = call("program", SAMPLE, "--compare", "--format", "json")
        assert status == 0
        assert json.loads(out)["differences"] == 0

    def test_incentive_compare(self) -> None:
        """A single plan-year: --set p4p.pmpm_amount against the baseline, line by line."""
        status, out, err = call(
            "incentive", str(sample_path("plan_year_2008.toml")), "--set", "p4p.pmpm_amount=0.04",
            "--compare", "--part", "changes", "--format", "json",
        )  # fmt: skip
        assert status == 0, err
        changes = {row["item"]: Decimal(row["change"]) for row in json.loads(out)}
        assert changes["payable"] == Decimal("108210.95")
        assert changes["hba1c_testing"] == Decimal("21642.19")

    def test_reconcile(self) -> None:
        """The sample letter: 73 agree, 7 differ, one line each way only on one side."""
        status, out, err = call(
            "program", SAMPLE, "--reconcile", str(FOLDER / "state_figures.csv"), "--format", "text"
        )
        assert status == 0, err
        assert "73 agrees, 7 differs, 1 only in theirs, 1 only in ours" in out
        assert "plan west, 2009 payable: theirs $546.00, ours $50.00: differs by $496.00" in out

    def test_mistakes(self, tmp_path: Path) -> None:
        """A missing folder, no tables, --compare with --reconcile, a bad date: exit 2."""
        assert_bad_input(run("program", str(tmp_path / "none")), "is not a folder")
        assert_bad_input(run("program"), "give a folder of program tables")
        assert_bad_input(run("program", SAMPLE, "--compare", "--reconcile", "x.csv"), "not both")
        assert_bad_input(
            run("program", "--rates", "r.csv", "--plans", "p.csv", "--data-through", "2010-31-03"),
            "--data-through must be a date",
        )

    def test_a_bad_row_names_its_file_and_row(self, tmp_path: Path) -> None:
        """A bad damages row is named by file and row; --on-error collect lists it instead."""
        for name in ("rates", "plans", "spans", "stays"):
            (tmp_path / f"{name}.csv").write_bytes((FOLDER / f"{name}.csv").read_bytes())
        text = (FOLDER / "damages.csv").read_text(encoding="utf-8")
        (tmp_path / "damages.csv").write_text(text + "nowhere,geographic_access" + "," * 15 + "\n")
        assert_bad_input(run("program", str(tmp_path)), "damages.csv, line 11: plan 'nowhere'")
        status, out, _ = call(
            "program",
            str(tmp_path),
            "--on-error",
            "collect",
            "--part",
            "rejected",
            "--format",
            "json",
        )
        assert status == 0
        assert json.loads(out) == [
            {"input": "damages", "row": 11, "reason": "plan 'nowhere' has no row in the plan facts"}
        ]
