"""Tests of the command line, run as a user runs it: in a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path


def run(*arguments: str) -> subprocess.CompletedProcess[str]:
    """Run ``python -m tenncare_calc`` with ``arguments`` and return the finished process."""
    return subprocess.run(  # noqa: S603 - the interpreter running the tests, fixed arguments
        [sys.executable, "-m", "tenncare_calc", *arguments],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


class TestDemo:
    """The demo prints the sample plan-year's statement."""

    def test_text(self) -> None:
        """Exit 0 and the statement's key lines."""
        result = run("demo")
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
