"""The benchmarks run, and the library agrees with the DuckDB SQL and pandas they time.

Both benchmark scripts stop with exit status 1 when any method's answer differs from the
library's, so running them on tiny data sets is a cross-check of member months, community tenure
and every batch compliance check against two independent implementations, and of the command line
against DuckDB reading the same CSV file. Timings are printed by the scripts and never asserted
here.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUN = ROOT / "benchmarks" / "run.py"


def _run(*arguments: str) -> str:
    """Run ``benchmarks/run.py`` with ``arguments``; return its output, failing on any error."""
    result = subprocess.run(  # noqa: S603 - this interpreter runs the project's own script
        [sys.executable, str(RUN), *arguments],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_member_months_and_community_tenure_methods_agree(tmp_path: Path) -> None:
    """On 3,000 members, the library, the one-window DuckDB SQL and pandas give the same figures."""
    output = _run("--scale", "0.002", "--rounds", "1", "--no-memory", "--data", str(tmp_path))
    assert re.findall(r"^== (.+): the methods agree$", output, re.MULTILINE) == [
        "member_months",
        "community_tenure",
    ]
    assert "ratio library / duckdb" in output
    assert "ratio library / pandas" in output


def test_sweep_with_text_ids_prints_growth_tables(tmp_path: Path) -> None:
    """A sweep over two sizes checks agreement at each and prints a growth table per computation."""
    output = _run(
        "--sweep", "0.005,0.01", "--rounds", "1", "--no-memory", "--text-ids", "--data", str(tmp_path)
    )  # fmt: skip
    assert output.count("the methods agree") == 4
    assert "### member_months (text member ids)" in output
    assert "### community_tenure (text member ids)" in output
    assert re.search(
        r"^\| library / duckdb, time \| \*\*[0-9.]+\*\* \| \*\*[0-9.]+\*\* \|", output, re.MULTILINE
    )


def test_end_to_end_command_line_agrees_with_duckdb_on_csv(tmp_path: Path) -> None:
    """The ``tenncare-calc`` commands and DuckDB's ``read_csv`` and query agree on a CSV extract."""
    output = _run("--end-to-end", "0.005", "--rounds", "1", "--data", str(tmp_path))
    assert output.count("the commands agree") == 2
    assert "peak RSS" in output
    assert (tmp_path / "spans_1818.csv").read_text().startswith("member_id,start_date,end_date\nM1")


def test_memory_child_reports_its_rise(tmp_path: Path) -> None:
    """One method's memory is measured in a fresh process that prints the rise as JSON."""
    output = _run(
        "--memory-child", "duckdb", "community_tenure", "--members", "2000", "--data", str(tmp_path)
    )
    used = json.loads(output.strip().splitlines()[-1])
    assert used["peak"] >= used["before"] > 0
    assert used["arrow_bytes"] > 0


def test_compliance_benchmark_methods_agree() -> None:
    """At a thousand rows a check, every check's three methods give the same answer."""
    result = subprocess.run(  # noqa: S603 - this interpreter runs the project's own script
        [
            sys.executable,
            str(ROOT / "benchmarks" / "compliance_checks.py"),
            "--scale",
            "0.001",
            "--rounds",
            "1",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert re.findall(r"^== (.+): the methods agree$", result.stdout, re.MULTILINE) == [
        "access_timeliness_table",
        "access_distance_table",
        "decision_time_table",
        "request_lead_time_table",
        "trip_manifest_table",
        "nemt_exclusions_table",
        "percent_of_billed_charges_table",
        "global_obstetric_claims_table",
        "no_utilization_report as of 2008-02-29",
        "no_utilization_report as of 2008-12-31",
        "monthly_sample",
        "provider_profiles, percentile",
        "provider_profiles, standard_score",
    ]
    assert "ratio library / duckdb" in result.stdout


def test_compliance_commands_agree_with_duckdb_on_an_extract(tmp_path: Path) -> None:
    """Every compliance command and DuckDB's read_csv and SQL count the same outcomes on a CSV."""
    result = subprocess.run(  # noqa: S603 - this interpreter runs the project's own script
        [
            sys.executable,
            str(ROOT / "benchmarks" / "compliance_end_to_end.py"),
            "--sizes",
            "0.002",
            "--rounds",
            "1",
            "--data",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert len(re.findall(r"the commands agree: \{'met'", result.stdout)) == 8
    assert "peak RSS" in result.stdout
