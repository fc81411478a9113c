"""Tests of the built package: the wheel carries its data and works without the source tree."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the project's wheel once (offline, with the hatchling the test extra installs)."""
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(  # noqa: S603 - pip of the interpreter running the tests, fixed arguments
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--quiet",
            "--wheel-dir",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (built,) = out.glob("tenncare_calc-*.whl")
    return built


def test_wheel_carries_data_and_marker(wheel: Path) -> None:
    """The contract profile, the samples and py.typed are in the wheel."""
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in (
        "tenncare_calc/py.typed",
        "tenncare_calc/contract/data/amendment_3.toml",
        "tenncare_calc/data/samples/plan_year_2008.toml",
        "tenncare_calc/data/samples/rates_2008.csv",
        "tenncare_calc/data/samples/damages_2008.csv",
        "tenncare_calc/data/samples/enrollment_spans_2008.csv",
        "tenncare_calc/data/samples/mental_health_stays_2008.csv",
    ):
        assert required in names


def test_wheel_runs_without_the_source_tree(wheel: Path, tmp_path: Path) -> None:
    """Installed from the wheel alone (not this checkout), the package computes the demo."""
    target = tmp_path / "site"
    subprocess.run(  # noqa: S603 - pip of the interpreter running the tests, fixed arguments
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    code = (
        f"import sys; sys.path.insert(0, {str(target)!r})\n"
        "import tenncare_calc\n"
        "from tenncare_calc.demo import demo\n"
        f"assert tenncare_calc.__file__.startswith({str(target)!r}), tenncare_calc.__file__\n"
        "result = demo()\n"
        "print(result.statement.earned, result.ledger.total, result.member_months.total)\n"
    )
    result = subprocess.run(  # noqa: S603 - the interpreter running the tests, fixed arguments
        [sys.executable, "-I", "-c", code],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "324632.80 117050.00 697.5285873194"


def test_nothing_reads_the_shared_folder() -> None:
    """No file of the project refers to the workplace's shared folder (a user's clone has none)."""
    pattern = re.compile(r"\.\./" + "shared|/work/" + "shared")  # split so this file is not a hit
    offenders = [
        str(path.relative_to(ROOT))
        for folder in ("tenncare_calc", "tests", "docs", "benchmarks", "tools", ".ci")
        if (ROOT / folder).exists()
        for path in (ROOT / folder).rglob("*")
        if path.is_file()
        and path.suffix in {".py", ".toml", ".md", ".csv", ".json", ".ipynb", ".yml", ""}
        and pattern.search(path.read_text("utf-8", errors="ignore"))
    ]
    assert offenders == []
