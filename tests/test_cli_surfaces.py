"""The terminal that talks (issue 17): --version, --format html, --bom, per-command parts, progress."""

from __future__ import annotations

import io
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

import tenncare_calc as tc
from tenncare_calc.cli import COMMANDS, Context, main
from tenncare_calc.cli.entry_point import _parser

SAMPLES = Path(__file__).resolve().parent.parent / "tenncare_calc" / "data" / "samples"
SPANS = str(SAMPLES / "enrollment_spans_2008.csv")
STAYS = str(SAMPLES / "mental_health_stays_2008.csv")
STAY_ARGS = ("--year", "2008", "--data-through", "2009-01-15")

#: Each command with arguments that run it on a bundled sample, asking for every optional part.
RUNS: dict[str, tuple[str, ...]] = {
    "demo": ("demo",),
    "incentive": ("incentive", str(SAMPLES / "plan_year_2008.toml")),
    "damages": ("damages", str(SAMPLES / "damages_2008.csv"), "--year", "2008"),
    "member-months": ("member-months", SPANS, "--year", "2008", "--per-member"),
    "community-tenure": ("community-tenure", STAYS, *STAY_ARGS, "--episodes"),
    "access timeliness": ("access", "timeliness", str(SAMPLES / "access_appointments.csv")),
    "access distance": ("access", "distance", str(SAMPLES / "access_distances.csv")),
    "nemt lead-time": ("nemt", "lead-time", str(SAMPLES / "nemt_trips.csv")),
    "profile show": ("profile", "show"),
}


def run(*arguments: str, err: io.StringIO | None = None) -> tuple[int, str, str]:
    """Return the exit status, standard output and standard error of the command line."""
    out, errors = io.StringIO(), err if err is not None else io.StringIO()
    status = main(list(arguments), out=out, err=errors)
    return status, out.getvalue(), errors.getvalue()


def test_version() -> None:
    """--version prints the program and its version, and exits 0."""
    result = subprocess.run(
        [sys.executable, "-m", "tenncare_calc", "--version"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert (result.returncode, result.stdout) == (0, f"tenncare-calc {tc.__version__}\n")


@pytest.mark.parametrize("command", list(RUNS))
def test_every_command_lists_and_has_its_parts(command: str) -> None:
    """Each command's --part help lists its parts, and its result has exactly those."""
    declared = next(c.parts for c in COMMANDS if " ".join(c.words) == command)
    help_text = subprocess.run(  # noqa: S603 - the interpreter running the tests, fixed arguments
        [sys.executable, "-m", "tenncare_calc", *command.split(), "--help"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    ).stdout
    assert " ".join(f"one of {', '.join(declared)}".split()) in " ".join(help_text.split())
    status, _, err = run(*RUNS[command], "--format", "json", "--part", declared[0])
    assert status == 0, err
    assert {table.name for table in _result(command).tables()} == set(declared)


def _result(command: str) -> Any:
    """Return the result a command computes from its sample (as it hands it to the output)."""
    chosen = next(c for c in COMMANDS if " ".join(c.words) == command)
    arguments = _parser().parse_args(list(RUNS[command]))
    return chosen.run(Context(arguments, io.StringIO()))


def test_an_unknown_part_is_refused_before_any_work(tmp_path: Path) -> None:
    """A part the command does not have is named with the command's parts, before reading."""
    missing = tmp_path / "no-such-file.csv"
    status, _, err = run("member-months", str(missing), "--year", "2008", "--part", "measures")
    assert status == 2
    assert err == (
        "tenncare-calc: error: no part named 'measures'; parts: ['summary', 'by_month', "
        "'per_member', 'rejected']\n"
    )


def test_per_member_and_episode_parts() -> None:
    """--part per_member and --part episodes give one row per member, per index episode."""
    status, out, _ = run("member-months", SPANS, "--year", "2008", "--part", "per_member",
                         "--format", "csv")  # fmt: skip
    assert status == 0
    lines = out.splitlines()
    assert lines[0] == "member_id,member_days,member_months," + ",".join(
        f"m{month:02d}" for month in range(1, 13)
    )
    assert (
        len(lines) - 1 == tc.member_months(tc.columnar.read_columns(SPANS).data, year=2008).members
    )
    status, out, _ = run("community-tenure", STAYS, *STAY_ARGS, "--part", "episodes",
                         "--format", "csv")  # fmt: skip
    assert status == 0
    assert out.splitlines()[0] == (
        "member_id,admit_date,discharge_date,readmission_date,status,plan"
    )
    assert len(out.splitlines()) - 1 == 164  # the sample's index episodes


def test_html_report_on_the_command_line(tmp_path: Path) -> None:
    """--format html writes one self-contained page; --part does not go with it."""
    target = tmp_path / "statement.html"
    status, out, err = run(*RUNS["incentive"], "--format", "html", "--output", str(target))
    assert (status, out, err) == (0, "", "")
    page = target.read_text("utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "<caption>Measures (§3.10.2-§3.10.4)</caption>" in page
    assert "<svg" in page
    status, _, err = run(*RUNS["incentive"], "--format", "html", "--part", "cap")
    assert status == 2
    assert "--format html writes every part; leave out --part" in err


def test_bom_for_excel(tmp_path: Path) -> None:
    """--bom starts a CSV with the UTF-8 byte-order mark, on standard output and in a file."""
    status, out, _ = run("demo", "--format", "csv", "--part", "measures", "--bom")
    assert status == 0
    assert out.startswith("\ufeffnumber,measure,title,")
    target = tmp_path / "measures.csv"
    run("demo", "--format", "csv", "--part", "measures", "--bom", "--output", str(target))
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfnumber,measure,title,")
    assert "HbA1c Testing — Diabetes".encode() in data
    status, _, err = run("demo", "--format", "xlsx", "--output", str(tmp_path / "d.xlsx"), "--bom")
    assert status == 2
    assert "--bom is for text formats" in err


class Terminal(io.StringIO):
    """A standard error that says it is a terminal."""

    def isatty(self) -> bool:
        """Return True: draw the indicators."""
        return True


def slow_member_months(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make member months take a moment, as on a large file."""
    real = tc.enrollment.member_months

    def slow(*arguments: Any, **options: Any) -> Any:
        time.sleep(0.6)
        return real(*arguments, **options)

    monkeypatch.setattr(tc.enrollment, "member_months", slow)


def test_computing_shows_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """After the file is read, a spinner says the command is computing, then is erased."""
    monkeypatch.setenv("TENNCARE_CALC_PROGRESS_DELAY", "0")
    slow_member_months(monkeypatch)
    terminal = Terminal()
    status, out, _ = run("member-months", SPANS, "--year", "2008", err=terminal)
    assert status == 0
    drawn = terminal.getvalue()
    assert "\rmember-months: computing… " in drawn
    assert drawn.endswith("\r")  # erased: what follows starts on a clean line
    assert " s" in drawn.split("computing…", 1)[1]
    assert "total (member months)" in out


def test_computing_shows_nothing_elsewhere(monkeypatch: pytest.MonkeyPatch) -> None:
    """Not on a terminal, or with --no-progress, nothing is drawn."""
    monkeypatch.setenv("TENNCARE_CALC_PROGRESS_DELAY", "0")
    slow_member_months(monkeypatch)
    assert run("member-months", SPANS, "--year", "2008")[2] == ""
    terminal = Terminal()
    run("member-months", SPANS, "--year", "2008", "--no-progress", err=terminal)
    assert terminal.getvalue() == ""
