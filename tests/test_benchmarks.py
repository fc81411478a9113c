"""The compliance-check benchmark runs, and the library agrees with DuckDB SQL and pandas.

The benchmark stops with exit status 1 when any method's answer differs from the library's, so
running it on a tiny data set is a cross-check of every batch compliance check against two
independent implementations. Timings are printed by the script and never asserted here.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


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
        "no_utilization_report as of 2008-02-29",
        "no_utilization_report as of 2008-12-31",
        "monthly_sample",
        "provider_profiles, percentile",
        "provider_profiles, standard_score",
    ]
    assert "ratio library / duckdb" in result.stdout
