"""Tests of the command line, run as a user runs it: in a subprocess."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from tenncare_calc.cli import main

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

    def test_every_sample_is_shown(self) -> None:
        """The damages ledger, member months and community tenure follow the statement."""
        result = run("demo")
        assert result.returncode == 0, result.stderr
        lines = result.stdout.splitlines()
        titles = [
            "Liquidated damages 2008: assessments",
            "Liquidated damages 2008 by quarter",
            "Liquidated damages 2008: total and maximum liability (§3.12.1.1)",
            "Member months of 2008 (prorated)",
            "Member months of 2008 by month",
            "Community tenure, measurement year 2008 (§3.10.4)",
            "Community tenure 2008 by plan",
        ]
        assert [line for line in lines if line in titles] == titles
        assert "total                  $117,050.00" in lines
        assert "total (member months)  697.5285873194" in lines
        assert any(line.startswith("all plans") and "64.743590%" in line for line in lines)
        assert "Parameters" not in result.stdout  # the long parts are one --part away
        assert lines[-1].startswith(
            "(also: --part rates, model_parameters, effect_size_bands, parameters, damages_by_month"
        )

    def test_without_the_data_extra(self, tmp_path: Path) -> None:
        """Without numpy and pyarrow the demo shows the rest and says what to install."""
        blocker = tmp_path / "sitecustomize.py"
        blocker.write_text(
            "import sys\nsys.modules['numpy'] = None\nsys.modules['pyarrow'] = None\n",
            encoding="utf-8",
        )
        result = subprocess.run(
            [sys.executable, "-m", "tenncare_calc", "demo"],
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
            env={**os.environ, "PYTHONPATH": str(tmp_path)},
        )
        assert result.returncode == 0, result.stderr
        assert "Liquidated damages 2008: assessments" in result.stdout
        assert "Member months, community tenure and the program run: not computed" in result.stdout
        assert "pip install 'tenncare-calc[data]'" in result.stdout
        assert "Member months of 2008" not in result.stdout

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
        data = json.loads(result.stdout)["statement"]
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

    @pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
    @pytest.mark.parametrize(
        ("words", "options"),
        [
            (("nemt", "exclusions"), ("--part", "summary")),
            (("nemt", "exclusions"), ()),
            (("access", "distance"), ("--part", "rejected")),
            (("member-months",), ("--year", "2008")),
            (("damages",), ("--year", "2008")),
            (("incentive",), ()),
        ],
    )
    def test_a_pipe_is_not_read_but_named(
        self, tmp_path: Path, words: tuple[str, ...], options: tuple[str, ...]
    ) -> None:
        """A pipe named like a CSV (no writer): exit 2 naming it, not a wait for a writer.

        The table checks opened it to look at its start (and would wait for ever), the others
        said "no such file".
        """
        for suffix in (".csv", ".json") if words == ("incentive",) else (".csv",):
            pipe = tmp_path / f"extract{suffix}"
            os.mkfifo(pipe)
            result = run(*words, str(pipe), *options)
            assert_bad_input(result, f"extract{suffix}: not a file (a pipe or device)")
        folder = tmp_path / "folder.csv"
        folder.mkdir()
        assert_bad_input(run(*words, str(folder), *options), "folder.csv: a folder, not a file")

    @pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
    @pytest.mark.parametrize("table", ["damages", "spans"])
    def test_a_program_table_that_is_not_a_file_is_named(self, tmp_path: Path, table: str) -> None:
        """A program folder's table that is a link to nothing, or a pipe: named, not left out.

        Left out, the damages were 0.00 and the net payment wrong, with exit status 0.
        """
        folder = tmp_path / "program"
        shutil.copytree(SAMPLES / "program", folder)
        target = folder / f"{table}.csv"
        target.unlink(missing_ok=True)
        target.symlink_to(tmp_path / "nowhere.csv")
        assert_bad_input(run("program", str(folder)), f"{table}.csv: a link to nothing")
        target.unlink()
        os.mkfifo(target)
        assert_bad_input(run("program", str(folder)), f"{table}.csv: not a file (a pipe or device)")


def test_profile_show_json() -> None:
    """Profile show --format json prints every parameter with its citation."""
    result = run("profile", "show", "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["parameters"]["p4p.cap_percent"]["section"] == "3.10.1.2; 42 CFR 438.6"


class TestFormats:
    """Each --format prints the same figures in its own form.

    The format variations run main() in this process (the demo computes four results, which a
    subprocess per format would pay for each time); --output and xlsx run as a user runs them.
    """

    def test_csv_is_the_measures_part(self) -> None:
        """CSV: one header row and one row per measure, exact amounts, parseable."""
        rows = list(csv.DictReader(io.StringIO(call("demo", "--format", "csv"))))
        assert [row["measure"] for row in rows][:2] == ["hba1c_testing", "hba1c_control"]
        assert sum(float(row["amount"]) for row in rows) == pytest.approx(324632.80)
        assert {row["amount"] for row in rows} == {"64926.56", "0.00"}

    def test_csv_of_another_part(self) -> None:
        """--part cap gives the cap's single record."""
        (row,) = list(csv.DictReader(io.StringIO(call("demo", "--format", "csv", "--part", "cap"))))
        assert (row["ceiling"], row["room"], row["binding"]) == (
            "515812500.00",
            "22562500.00",
            "false",
        )

    def test_markdown(self) -> None:
        """Markdown: a table per part with a bold title."""
        markdown = call("demo", "--format", "markdown")
        assert "**Measures (§3.10.2-§3.10.4)**" in markdown
        assert "| 1 | hba1c_testing | HbA1c Testing — Diabetes |" in markdown
        assert "**Liquidated damages 2008 by quarter**" in markdown

    def test_json_part_rows(self) -> None:
        """JSON with --part: that part's rows as flat records with exact decimal text."""
        data = json.loads(call("demo", "--format", "json", "--part", "rates"))
        assert data[1] == {
            "measure": "hba1c_control",
            "rate": "rate",
            "reversed": True,
            "reported_baseline": "47.3",
            "reported_current": "41.0",
            "percentile_75": None,
            "baseline": "52.7",
            "current": "59.0",
            "required": "6",
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
        assert book.sheetnames[:7] == [
            "Summary", "Measures", "Rates", "Cap", "Model parameters", "Effect size bands",
            "Parameters",
        ]  # fmt: skip
        assert "Damages assessments" in book.sheetnames
        assert "Community tenure by plan" in book.sheetnames

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
            "rates.csv, line 2: hba1c_testing: 'current' must be a number",
            "rates.csv, line 3: unknown measure 'hba1c_tsting' (did you mean 'hba1c_testing'?)",
            "rates.csv, line 4: adhd_follow_up: 'rate' must name one of the rates",
            "rates.csv, line 5: ldl_c_screening: 'current' must be a percentage in [0, 100]",
        )

    def test_missing_measure_and_ragged_row(self, tmp_path: Path) -> None:
        """A measure without a row, and a row with too many cells, are reported."""
        path = tmp_path / "rates.csv"
        path.write_text(HEADER + "hba1c_testing,,58.2,64.5,\n", encoding="utf-8")
        assert_bad_input(run("incentive", str(path), *SCALARS), "no row for measure(s)")
        path.write_text(HEADER + "hba1c_testing,,58.2,64.5,,extra\n", encoding="utf-8")
        assert_bad_input(run("incentive", str(path), *SCALARS), "rates.csv, line 2: 6 cells for 5")

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
    result = run("damage")
    assert result.returncode == 2
    assert "invalid choice: 'damage'" in result.stderr
    assert "'member-months'" in result.stderr


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


DAMAGES = str(SAMPLES / "damages_2008.csv")
SPANS = str(SAMPLES / "enrollment_spans_2008.csv")
STAYS = str(SAMPLES / "mental_health_stays_2008.csv")
SPAN_HEADER = "member_id,start_date,end_date\n"
STAY_ARGS = ("--year", "2008", "--data-through", "2009-01-15")


def call(*arguments: str) -> str:
    """Return what the command line prints for ``arguments``, run in this process.

    For the many format variations of one command; each command is also run as a subprocess
    (success and bad input) by the tests below, as a user runs it.
    """
    out, err = io.StringIO(), io.StringIO()
    assert main(list(arguments), out=out, err=err) == 0, err.getvalue()
    return out.getvalue()


def fails(*arguments: str) -> str:
    """Return the standard error of a user's mistake run in this process: exit 2, no output."""
    out, err = io.StringIO(), io.StringIO()
    assert main(list(arguments), out=out, err=err) == 2, out.getvalue()
    assert out.getvalue() == ""
    assert "Traceback" not in err.getvalue()
    return err.getvalue()


def usage_error(capsys: pytest.CaptureFixture[str], *arguments: str) -> str:
    """Return argparse's message for a bad command line (exit 2), run in this process."""
    with pytest.raises(SystemExit) as stopped:
        main(list(arguments))
    assert stopped.value.code == 2
    return capsys.readouterr().err


def to_parquet(source: Path, target: Path) -> Path:
    """Write a CSV file's rows (text, empty cells null) as Parquet."""
    pyarrow = pytest.importorskip("pyarrow")
    parquet = pytest.importorskip("pyarrow.parquet")
    with source.open(encoding="utf-8") as handle:
        rows = [{k: (v or None) for k, v in row.items()} for row in csv.DictReader(handle)]
    parquet.write_table(pyarrow.Table.from_pylist(rows), target)
    return target


def to_json(source: Path, target: Path) -> Path:
    """Write a CSV file's rows (empty cells null) as a JSON list of objects."""
    with source.open(encoding="utf-8") as handle:
        rows = [{k: (v or None) for k, v in row.items()} for row in csv.DictReader(handle)]
    target.write_text(json.dumps(rows), encoding="utf-8")
    return target


class TestDamages:
    """`tenncare-calc damages FILE --year YEAR`: the year's ledger from its observations."""

    def test_sample_ledger(self) -> None:
        """Run as a user runs it: the ledger's tables, the total, exit 0, nothing on stderr."""
        result = run("damages", DAMAGES, "--year", "2008")
        assert (result.returncode, result.stderr) == (0, "")
        lines = result.stdout.splitlines()
        assert lines[0] == "Liquidated damages 2008: assessments"
        assert "total                  $117,050.00" in lines

    def test_every_format(self, tmp_path: Path) -> None:
        """Text, JSON, CSV, Markdown and a workbook carry the same figures."""
        args = ("damages", DAMAGES, "--year", "2008")
        assert "Total: $117,050.00" in call(*args, "--format", "text")
        data = json.loads(call(*args, "--format", "json"))
        assert data["totals"]["by_quarter"]["2008-Q2"] == "28250.00"
        rows = list(csv.DictReader(io.StringIO(call(*args, "--format", "csv"))))
        assert [row["reference"] for row in rows][:2] == ["LIC-2008-01", "AUD-2008-02"]
        assert sum(Decimal(row["amount"]) for row in rows) == Decimal("117050.00")
        assert "| 2008-Q4 | 2 | $28,000.00 |" in call(*args, "--format", "markdown")
        assert json.loads(call(*args, "--format", "json", "--part", "by_item"))[0]["lines"] == 1
        openpyxl = pytest.importorskip("openpyxl")
        target = tmp_path / "ledger.xlsx"
        assert call(*args, "--format", "xlsx", "--output", str(target)) == ""
        assert openpyxl.load_workbook(target)["Totals"]["B5"].value.startswith("=SUM(")

    def test_liability_check_and_json_or_parquet_input(self, tmp_path: Path) -> None:
        """--total-payments checks the maximum; JSON and Parquet observations give the same."""
        for path in (
            Path(DAMAGES),
            to_json(Path(DAMAGES), tmp_path / "damages.json"),
            to_parquet(Path(DAMAGES), tmp_path / "damages.parquet"),
        ):
            (totals,) = json.loads(
                call(
                    "damages", str(path), "--year", "2008", "--total-payments", "1573838036.01",
                    "--format", "json", "--part", "totals",
                )
            )  # fmt: skip
            assert (totals["total"], totals["headroom"], totals["within"]) == (
                "117050.00", "-0.01", False
            )  # fmt: skip

    def test_bad_rows(self, tmp_path: Path) -> None:
        """Each bad row: file, row (from 1) and reason on stderr, exit 2; or collected."""
        path = tmp_path / "observations.csv"
        path.write_text(
            "item,date,count,month,standards_met\n"
            "missing_signature_pages,2008-05-01,3,,\n"
            "noncompliant_provider_agreements,2008-02-14,-2,,\n"
            "geographic_acess,,,2008-03,no\n"
            "geographic_access,,,2008-13,no\n",
            encoding="utf-8",
        )
        assert_bad_input(
            run("damages", str(path), "--year", "2008"),
            "tenncare-calc: error: observations.csv, line 3: 'count' must be >= 0 (got -2)",
            "observations.csv, line 4: no damage item 'geographic_acess' in the schedule (did you "
            "mean 'geographic_access'?)",
            "observations.csv, line 5: 'month' must be a month written YYYY-MM",
        )
        data = json.loads(
            call(
                "damages", str(path), "--year", "2008", "--on-error", "collect", "--format", "json"
            )
        )
        assert [row["row"] for row in data["rejected"]] == [3, 4, 5]
        assert data["totals"]["total"] == "3000.00"

    def test_bad_files_and_options(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A file without an item column, a missing --year, a bad payment: exit 2, the reason."""
        path = tmp_path / "spans.csv"
        path.write_text(SPAN_HEADER + "1,2008-01-01,\n", encoding="utf-8")
        assert "missing column(s) ['item']" in fails("damages", str(path), "--year", "2008")
        usage = usage_error(capsys, "damages", DAMAGES, "--total-payments", "lots")
        assert "the following arguments are required: --year" in usage
        assert "total_payments" in fails(
            "damages", DAMAGES, "--year", "2008", "--total-payments", "lots"
        )


class TestMemberMonths:
    """`tenncare-calc member-months FILE --year YEAR`: member months from enrollment spans."""

    def test_sample(self) -> None:
        """Run as a user runs it: the summary and the twelve months."""
        result = run("member-months", SPANS, "--year", "2008", "--format", "csv")
        assert (result.returncode, result.stderr) == (0, "")
        rows = list(csv.DictReader(io.StringIO(result.stdout)))
        assert [row["month"] for row in rows] == [f"2008-{m:02d}-01" for m in range(1, 13)]
        assert sum(Decimal(row["member_months"]) for row in rows) == Decimal("697.5285873194")

    def test_inputs_and_formats(self, tmp_path: Path) -> None:
        """CSV, JSON and Parquet spans give the same exact result; conventions; Markdown."""
        results = [
            json.loads(call("member-months", str(path), "--year", "2008", "--format", "json"))
            for path in (
                Path(SPANS),
                to_json(Path(SPANS), tmp_path / "spans.json"),
                to_parquet(Path(SPANS), tmp_path / "spans.parquet"),
            )
        ]
        assert results[0]["total"] == "697.5285873194"
        assert results[1] == results[2] == results[0]
        table = call("member-months", SPANS, "--year", "2008", "--convention", "first_of_month")
        assert "convention             first_of_month" in table.splitlines()
        markdown = call("member-months", SPANS, "--year", "2008", "--format", "markdown")
        assert "| 2008-02-01 | 29 | 1,502 | — | 51.7931034483 |" in markdown
        text = call("member-months", SPANS, "--year", "2008", "--format", "text")
        assert "2008-02: 1,502 member days / 29 days = 51.7931034483" in text

    def test_bad_rows_raise_or_are_collected(self, tmp_path: Path) -> None:
        """Bad rows named by file row (a ragged row and a blank line included), or collected."""
        path = tmp_path / "spans.csv"
        path.write_text(
            SPAN_HEADER
            + "1,2008-01-01,\n"
            + "2,2008-01-05,2008-02-01,extra\n"
            + "\n"
            + "3,2008-02-30,\n"
            + "4,2008-03-01,2008-02-01\n"
            + "5,2008-06-01,2008-06-30\n",
            encoding="utf-8",
        )
        assert_bad_input(
            run("member-months", str(path), "--year", "2008"),
            "tenncare-calc: error: spans.csv, line 3: 4 cells for 3 columns",
            "spans.csv, line 4: member_id is null",
            "spans.csv, line 5: start_date '2008-02-30' is not a date (expected YYYY-MM-DD or M/D/YYYY)",
            "spans.csv, line 6: end_date 2008-02-01 is before start_date 2008-03-01",
        )
        args = ("member-months", str(path), "--year", "2008", "--on-error", "collect")
        data = json.loads(call(*args, "--format", "json"))
        assert (data["rows_in"], data["rows_used"]) == (6, 2)
        assert [row["row"] for row in data["rejected"]] == [3, 4, 5, 6]
        assert data["total"] == "13.0000000000"  # member 1 all year, member 5 all June
        assert call(*args, "--format", "csv", "--part", "rejected").startswith(
            "row,reason\r\n3,4 cells for 3 columns\r\n4,member_id is null\r\n"
        )

    def test_bad_files_and_options(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Missing columns name the file; an empty file; a bad convention is a usage error."""
        assert_bad_input(
            run("member-months", DAMAGES, "--year", "2008"),
            "damages_2008.csv: missing column(s) ['end_date', 'member_id', 'start_date']",
        )
        usage = usage_error(capsys, "member-months", SPANS, "--year", "2008", "--convention", "x")
        assert "invalid choice: 'x'" in usage
        empty = tmp_path / "empty.csv"
        empty.write_text("", encoding="utf-8")
        assert "the file is empty" in fails("member-months", str(empty), "--year", "2008")

    def test_many_bad_rows_are_summed_up(self, tmp_path: Path) -> None:
        """Thousands of bad rows: the first fifty are named, the rest counted."""
        path = tmp_path / "spans.csv"
        path.write_text(SPAN_HEADER + "x,2008-01-01,2007-01-01\n" * 3000, encoding="utf-8")
        stderr = fails("member-months", str(path), "--year", "2008")
        assert "spans.csv, line 51: end_date" in stderr
        assert "... and 2,950 more bad row(s)" in stderr
        assert "spans.csv, line 52:" not in stderr


class TestCommunityTenure:
    """`tenncare-calc community-tenure FILE --year YEAR --data-through DATE`."""

    def test_sample_by_plan(self) -> None:
        """Run as a user runs it: the rate per plan, exact in CSV."""
        result = run("community-tenure", STAYS, *STAY_ARGS, "--format", "csv")
        assert (result.returncode, result.stderr) == (0, "")
        rows = list(csv.DictReader(io.StringIO(result.stdout)))
        assert [row["plan"] for row in rows] == ["", "east", "middle", "west"]
        assert rows[0]["denominator"] == "156"
        assert rows[3]["rate"] == "78.125"

    def test_window_and_formats(self) -> None:
        """The window from the profile (a what-if) or --window-days; the table shows the rate."""
        table = call("community-tenure", STAYS, *STAY_ARGS, "--part", "summary")
        assert "rate                   64.743590%" in table.splitlines()
        args = ("community-tenure", STAYS, *STAY_ARGS, "--format", "json")
        longer = json.loads(call(*args, "--window-days", "45"))
        what_if = json.loads(call(*args, "--set", "p4p.community_tenure_window_days=45"))
        assert longer["window_days"] == what_if["window_days"] == 45
        assert longer["readmitted"] == what_if["readmitted"] > 55
        assert "all plans" in call("community-tenure", STAYS, *STAY_ARGS, "--format", "markdown")

    def test_bad_rows_and_options(self, tmp_path: Path) -> None:
        """Bad stays are named by row; bad dates and windows are reported."""
        path = tmp_path / "stays.csv"
        path.write_text(
            "member_id,admit_date,discharge_date,plan\n"
            "1,2008-03-01,2008-03-05,east\n"
            "2,2008-03-09,2008-03-01,east\n"
            "3,2008-03-01,2008-03-05,\n",
            encoding="utf-8",
        )
        assert_bad_input(
            run("community-tenure", str(path), *STAY_ARGS),
            "stays.csv, line 3: discharge_date 2008-03-01 is before admit_date 2008-03-09",
            "stays.csv, line 4: plan is null",
        )
        collected = call("community-tenure", str(path), *STAY_ARGS, "--on-error", "collect")
        assert "rows rejected          2" in collected.splitlines()
        assert "--data-through must be a date written YYYY-MM-DD" in fails(
            "community-tenure", STAYS, "--year", "2008", "--data-through", "2009-02-30"
        )
        assert "must be at least 1" in fails(
            "community-tenure", STAYS, *STAY_ARGS, "--window-days", "0"
        )


@pytest.mark.skipif(shutil.which("script") is None, reason="needs script(1) for a terminal")
def test_progress_on_a_large_spans_file(tmp_path: Path) -> None:
    """Reading a large spans file on a terminal draws a bar sized by the file's bytes."""
    path = tmp_path / "spans.csv"
    body = "".join(f"{n},2008-01-01,2008-12-31\n" for n in range(200_000))
    path.write_text(SPAN_HEADER + body, encoding="utf-8")
    command = " ".join(
        [sys.executable, "-m", "tenncare_calc", "member-months", str(path), "--year", "2008"]
    )
    result = subprocess.run(  # noqa: S603 - fixed arguments built by the test
        ["script", "-qec", command, "/dev/null"],  # noqa: S607 - script(1) from PATH, checked above
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        env={"TENNCARE_CALC_PROGRESS_DELAY": "0", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "reading spans.csv [" in result.stdout
    assert " MB / 5.7 MB" in result.stdout
    assert "200,000.0000000000" in result.stdout
