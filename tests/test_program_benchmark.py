"""The program benchmark runs, and checks the program against single-plan runs as it goes.

The script stops with exit status 1 when a plan-year's statement differs from the single-plan
statement of its rows, so a tiny run is a cross-check; its timings are printed, never asserted.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_a_small_program_benchmark_agrees_and_prints_its_figures(tmp_path: Path) -> None:
    """Two plans, two years, one round: the agreement line and every timing line are printed."""
    result = subprocess.run(  # noqa: S603 - this interpreter runs the project's own script
        [sys.executable, str(ROOT / "benchmarks" / "program.py"), "--plans", "2", "--years", "2",
         "--rounds", "1", "--data", str(tmp_path / "program")],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "== the program agrees with 4 single-plan runs" in result.stdout
    assert "command line: tenncare-calc program --format json" in result.stdout
    assert (tmp_path / "program" / "rates.csv").is_file()
