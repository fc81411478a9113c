"""The statement and member-months step benchmarks run and print what their docs say (no timing)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run(script: str, *arguments: str) -> str:
    return subprocess.run(  # noqa: S603 - runs the project's own scripts with fixed arguments
        [sys.executable, str(ROOT / "benchmarks" / script), *arguments],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    ).stdout


def test_statement_benchmark_prints_microseconds_per_call() -> None:
    """benchmarks/statement.py times the bundled plan year's statement."""
    output = _run("statement.py", "--number", "2", "--repeat", "2", "--profile")
    assert "statement: 9 lines" in output
    assert "µs per call" in output
    assert "incentive_statement" in output.split("µs per call")[1]


def test_member_months_steps_prints_every_step(tmp_path: Path) -> None:
    """benchmarks/member_months_steps.py times each step on tiny data, with text ids too."""
    for extra in ([], ["--text-ids"]):
        output = _run(
            "member_months_steps.py",
            "--size",
            "0.003",
            "--rounds",
            "1",
            "--data",
            str(tmp_path),
            *extra,
        )
        for step in ("read and check", "code and pack", "sort", "sweep", "member_months"):
            assert f"   {step}" in output


def test_compliance_end_to_end_times_the_library_duckdb_and_pyarrows_reading(
    tmp_path: Path,
) -> None:
    """benchmarks/compliance_end_to_end.py checks the three agree, then prints each one's ratio.

    pyarrow's reading (the reference the library's reader cannot go below) must read every row
    DuckDB counts, from the columns the command parses.
    """
    output = _run(
        "compliance_end_to_end.py",
        *("--sizes", "0.002", "--rounds", "1", "--only", "exclusions", "--data", str(tmp_path)),
    )
    assert "pyarrow  $ " in output
    assert "--columns category,mode,hcbs_waiver_service" in output
    assert "pyarrow read 2000 rows" in output
    assert "| pyarrow reading alone / DuckDB, time |" in output
    assert "| nemt exclusions | 0.002 M |" in output
