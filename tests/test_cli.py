"""Tests of the command line, run as a user runs it: in a subprocess."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SAMPLES = Path(__file__).resolve().parent.parent / "tenncare_calc" / "data" / "samples"
RATES = str(SAMPLES / "rates_2008.csv")
SCALARS = (
    "--measurement-year",
    "2008",
    "--member-months",
    "2164218.75",
    "--capitation",
    "491250000.00",
    "--other-payments",
    "2000000.00",
)
HEADER = "measure,rate,baseline,current,percentile_75\n"


def run(*arguments: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``python -m tenncare_calc`` with ``arguments`` and return the finished process."""
    return subprocess.run(  # noqa: S603 - the interpreter running the tests, fixed arguments
        [sys.executable, "-m", "tenncare_calc", *arguments],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        cwd=cwd,
    )


def assert_bad_input(result: subprocess.CompletedProcess[str], *needles: str) -> None:
    """Check a user's mistake: exit 2, each needle on stderr, nothing on stdout, no traceback."""
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    for needle in needles:
        assert needle in result.stderr, result.stderr


class TestDemo:
    """The demo prints the sample plan-year's statement."""

    def test_table_is_the_default(self) -> None:
        """Without --format: aligned tables of the summary, the measures and the cap."""
        result = run("demo")
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith("Pay-for-performance statement, measurement year 2008\n")
        lines = result.stdout.splitlines()
        assert "line amount                     $64,926.56" in lines
        assert "earned                          $324,632.80" in lines
        hba1c = next(line for line in lines if line.startswith("1  hba1c_testing"))
        assert hba1c.split()[-3:] == ["6", "yes", "$64,926.56"]
        assert any(line.startswith("ceiling") and "$515,812,500.00" in line for line in lines)
        assert result.stderr == ""  # no progress indicator when stderr is not a terminal

    def test_text(self) -> None:
        """--format text: the full explanation with every citation."""
        result = run("demo", "--format", "text")
        assert result.returncode == 0, result.stderr
        assert "Pay-for-performance statement, measurement year 2008" in result.stdout
        assert "Earned = 5 qualifying measure(s) x $64,926.56 = $324,632.80" in result.stdout
        assert "Payable $324,632.80 on 2009-07-01" in result.stdout

    def test_json_with_a_what_if(self) -> None:
        """--format json and --set give the what-if statement as data."""
        result = run("demo", "--format", "json", "--set", "p4p.pmpm_amount=0.04")
        assert result.returncode == 0, result.stderr
        data = json.loads(result.stdout)
        assert data["line_amount"] == "86568.75"  # 0.04 x 2,164,218.75
        assert data["profile"]["overrides"] == [["p4p.pmpm_amount", "0.04"]]


class TestBadInput:
    """A user's mistake exits 2 with the reason on stderr, never a traceback."""

    def test_unknown_override(self) -> None:
        """An unknown parameter name is reported with a suggestion."""
        result = run("demo", "--set", "p4p.pmpm=0.04")
        assert result.returncode == 2
        assert "did you mean 'p4p.pmpm_amount'" in result.stderr
        assert "Traceback" not in result.stderr

    def test_bad_plan_year_file(self, tmp_path: Path) -> None:
        """A rate out of range names the measure and field."""
        path = tmp_path / "plan.toml"
        path.write_text(
            "measurement_year = 2008\nmember_months = 10\ncapitation = 100\n"
            "[physical_health]\nhba1c_testing = { baseline = 101, current = 50 }\n"
            + "".join(
                f'{name} = "not reported"\n'
                for name in (
                    "hba1c_control",
                    "ldl_c_screening",
                    "adolescent_well_care",
                    "breast_cancer_screening",
                    "controlling_high_blood_pressure",
                )
            )
            + '[behavioral_health]\nantidepressant_medication_management = "not reported"\n'
            'adhd_follow_up = "not reported"\n',
            encoding="utf-8",
        )
        result = run("incentive", str(path))
        assert result.returncode == 2
        assert "'physical_health.hba1c_testing.baseline' must be a percentage" in result.stderr
        assert "Traceback" not in result.stderr

    def test_malformed_set(self) -> None:
        """--set without '=' is explained."""
        result = run("profile", "show", "--set", "p4p.pmpm_amount")
        assert result.returncode == 2
        assert "NAME=VALUE" in result.stderr


def test_profile_show_json() -> None:
    """Profile show --format json prints every parameter with its citation."""
    result = run("profile", "show", "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["parameters"]["p4p.cap_percent"]["section"] == "3.10.1.2; 42 CFR 438.6"


class TestFormats:
    """Each --format prints the same figures in its own form."""

    def test_csv_is_the_measures_part(self) -> None:
        """CSV: one header row and one row per measure, exact amounts, parseable."""
        result = run("demo", "--format", "csv")
        assert result.returncode == 0, result.stderr
        rows = list(csv.DictReader(io.StringIO(result.stdout)))
        assert [row["measure"] for row in rows][:2] == ["hba1c_testing", "hba1c_control"]
        assert sum(float(row["amount"]) for row in rows) == pytest.approx(324632.80)
        assert {row["amount"] for row in rows} == {"64926.56", "0.00"}

    def test_csv_of_another_part(self) -> None:
        """--part cap gives the cap's single record."""
        result = run("demo", "--format", "csv", "--part", "cap")
        (row,) = list(csv.DictReader(io.StringIO(result.stdout)))
        assert (row["ceiling"], row["room"], row["binding"]) == (
            "515812500.00",
            "22562500.00",
            "false",
        )

    def test_markdown(self) -> None:
        """Markdown: a table per part with a bold title."""
        result = run("demo", "--format", "markdown")
        assert result.returncode == 0, result.stderr
        assert "**Measures (§3.10.2-§3.10.4)**" in result.stdout
        assert "| 1 | hba1c_testing | HbA1c Testing — Diabetes |" in result.stdout

    def test_json_part_rows(self) -> None:
        """JSON with --part: that part's rows as flat records with exact decimal text."""
        result = run("demo", "--format", "json", "--part", "rates")
        data = json.loads(result.stdout)
        assert data[1] == {
            "measure": "hba1c_control",
            "rate": "rate",
            "reversed": True,
            "baseline": "52.7",
            "current": "59.0",
            "threshold": "58.7",
            "meets": True,
            "measure_qualifies": True,
        }

    def test_output_file(self, tmp_path: Path) -> None:
        """--output writes the file and prints nothing."""
        target = tmp_path / "measures.csv"
        result = run("demo", "--format", "csv", "--output", str(target))
        assert (result.returncode, result.stdout) == (0, "")
        assert target.read_text("utf-8").startswith("number,measure,title,")

    def test_xlsx(self, tmp_path: Path) -> None:
        """--format xlsx writes a workbook with one sheet per part."""
        openpyxl = pytest.importorskip("openpyxl")
        target = tmp_path / "statement.xlsx"
        result = run("demo", "--format", "xlsx", "--output", str(target))
        assert result.returncode == 0, result.stderr
        book = openpyxl.load_workbook(target)
        assert book.sheetnames == ["Summary", "Measures", "Rates", "Cap", "Parameters"]

    def test_profile_show_table(self) -> None:
        """Profile show prints the profile record and its cited parameters."""
        result = run("profile", "show")
        assert result.returncode == 0, result.stderr
        assert "Contract parameters, cited" in result.stdout
        assert any(
            line.startswith("p4p.cap_percent") and "3.10.1.2; 42 CFR 438.6" in line
            for line in result.stdout.splitlines()
        )


class TestRatesTable:
    """The incentive command reads the measures' rates from CSV, JSON or Parquet."""

    def test_csv_rates_give_the_sample_statement(self) -> None:
        """The bundled rates with the sample's figures give the sample's statement."""
        result = run("incentive", RATES, *SCALARS, "--format", "json")
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)["earned"] == "324632.80"

    def test_json_and_parquet_rates(self, tmp_path: Path) -> None:
        """The same rates as a JSON list and as Parquet give the same statement."""
        rows = list(csv.DictReader(io.StringIO(Path(RATES).read_text("utf-8"))))
        records = [{k: (v or None) for k, v in row.items()} for row in rows]
        json_path = tmp_path / "rates.json"
        json_path.write_text(json.dumps(records), encoding="utf-8")
        results = [run("incentive", str(json_path), *SCALARS, "--format", "json")]
        pyarrow = pytest.importorskip("pyarrow")
        parquet = pytest.importorskip("pyarrow.parquet")
        parquet_path = tmp_path / "rates.parquet"
        parquet.write_table(pyarrow.Table.from_pylist(records), parquet_path)
        results.append(run("incentive", str(parquet_path), *SCALARS, "--format", "json"))
        for result in results:
            assert result.returncode == 0, result.stderr
            assert json.loads(result.stdout)["payable"] == "324632.80"

    def test_plan_year_file_with_an_override(self) -> None:
        """Options replace a plan-year file's values (a what-if on member months)."""
        result = run(
            "incentive", str(SAMPLES / "plan_year_2008.toml"), "--member-months", "1000000",
            "--format", "json",
        )  # fmt: skip
        assert json.loads(result.stdout)["line_amount"] == "30000.00"

    def test_every_bad_row_is_named(self, tmp_path: Path) -> None:
        """Each bad row is reported with the file, its row number and the reason."""
        path = tmp_path / "rates.csv"
        path.write_text(
            HEADER
            + "hba1c_testing,,58.2,abc,\n"
            + "hba1c_tsting,,1,2,\n"
            + "adhd_follow_up,acute,,40,41\n"
            + "ldl_c_screening,,71.5,173.9,\n",
            encoding="utf-8",
        )
        assert_bad_input(
            run("incentive", str(path), *SCALARS),
            "rates.csv, row 1: hba1c_testing: 'current' must be a number",
            "rates.csv, row 2: unknown measure 'hba1c_tsting' (did you mean 'hba1c_testing'?)",
            "rates.csv, row 3: adhd_follow_up: 'rate' must name one of the rates",
            "rates.csv, row 4: ldl_c_screening: 'current' must be a percentage in [0, 100]",
        )

    def test_missing_measure_and_ragged_row(self, tmp_path: Path) -> None:
        """A measure without a row, and a row with too many cells, are reported."""
        path = tmp_path / "rates.csv"
        path.write_text(HEADER + "hba1c_testing,,58.2,64.5,\n", encoding="utf-8")
        assert_bad_input(run("incentive", str(path), *SCALARS), "no row for measure(s)")
        path.write_text(HEADER + "hba1c_testing,,58.2,64.5,,extra\n", encoding="utf-8")
        assert_bad_input(run("incentive", str(path), *SCALARS), "rates.csv, row 1: 6 cells for 5")

    def test_missing_scalars_and_files(self, tmp_path: Path) -> None:
        """A rates table without the year's figures, a missing file, an unknown extension."""
        assert_bad_input(run("incentive", RATES), "also give ['capitation', 'measurement_year'")
        assert_bad_input(run("incentive", str(tmp_path / "no.csv"), *SCALARS), "no such file")
        odd = tmp_path / "rates.xls"
        odd.write_text("x", encoding="utf-8")
        assert_bad_input(run("incentive", str(odd), *SCALARS), "must be a plan-year file")
        broken = tmp_path / "rates.json"
        broken.write_text("[{", encoding="utf-8")
        assert_bad_input(run("incentive", str(broken), *SCALARS), "not valid JSON")
        latin = tmp_path / "latin.csv"
        latin.write_bytes(HEADER.encode() + "caf\xe9,,1,2,\n".encode("latin-1"))
        assert_bad_input(run("incentive", str(latin), *SCALARS), "not UTF-8 text")

    def test_bad_options(self, tmp_path: Path) -> None:
        """Bad option values and impossible output choices exit 2 with the reason."""
        assert_bad_input(run("incentive", RATES, *SCALARS[:-2], "--other-payments", "-5"), ">= 0")
        assert_bad_input(
            run("incentive", RATES, *SCALARS, "--operations-began", "April"), "--operations-began"
        )
        assert_bad_input(run("demo", "--format", "xlsx"), "give --output FILE.xlsx")
        assert_bad_input(run("demo", "--part", "nope"), "no part named 'nope'")
        assert_bad_input(
            run("demo", "--output", str(tmp_path / "missing" / "x.csv")), "cannot write --output"
        )
        assert_bad_input(
            run("demo", "--profile", str(tmp_path / "none.toml")), "cannot read profile"
        )
        usage = run("demo", "--format", "yaml")
        assert usage.returncode == 2
        assert "invalid choice: 'yaml'" in usage.stderr


def test_unknown_command_lists_the_commands() -> None:
    """An unknown subcommand is an argparse usage error (exit 2) listing what exists."""
    result = run("damages")
    assert result.returncode == 2
    assert "invalid choice: 'damages'" in result.stderr


@pytest.mark.skipif(shutil.which("script") is None, reason="needs script(1) for a terminal")
def test_progress_shows_on_a_terminal(tmp_path: Path) -> None:
    """Run under a pseudo-terminal, a slow read draws the indicator and then erases it."""
    path = tmp_path / "rates.csv"
    path.write_text(Path(RATES).read_text("utf-8") + "\n" * 200_000, encoding="utf-8")
    command = " ".join([sys.executable, "-m", "tenncare_calc", "incentive", str(path), *SCALARS])
    result = subprocess.run(  # noqa: S603 - fixed arguments built by the test
        ["script", "-qec", command, "/dev/null"],  # noqa: S607 - script(1) from PATH, checked above
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        env={"TENNCARE_CALC_PROGRESS_DELAY": "0", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "reading rates.csv [" in result.stdout
    assert "earned" in result.stdout
