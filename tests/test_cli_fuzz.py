"""Every option of every command with bad values: exit 0 or 2, never a traceback (issue 13).

The commands and their options are read from the parser itself, so a new command or option is
covered without a change here; :data:`RUNS` gives each command the arguments that run it on its
bundled sample. A run that fails must say so on ``tenncare-calc: error:`` lines only (argparse's
usage lines before its one error line), with nothing on standard output.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tenncare_calc.cli import main
from tenncare_calc.cli.entry_point import _parser

SAMPLES = Path(__file__).resolve().parent.parent / "tenncare_calc" / "data" / "samples"
FILE = str(SAMPLES / "access_appointments.csv")

#: The arguments that run each command on its sample (commands not listed take a FILE only).
RUNS: dict[str, tuple[str, ...]] = {
    "demo": (),
    "incentive": (str(SAMPLES / "plan_year_2008.toml"),),
    "damages": (str(SAMPLES / "damages_2008.csv"), "--year", "2008"),
    "member-months": (str(SAMPLES / "enrollment_spans_2008.csv"), "--year", "2008"),
    "community-tenure": (
        str(SAMPLES / "mental_health_stays_2008.csv"),
        "--year",
        "2008",
        "--data-through",
        "2009-03-31",
    ),
    "program": (str(SAMPLES / "program"),),
    "access timeliness": (FILE,),
    "access distance": (str(SAMPLES / "access_distances.csv"),),
    "nemt lead-time": (str(SAMPLES / "nemt_trips.csv"),),
    "nemt decision": (str(SAMPLES / "nemt_trips.csv"),),
    "nemt manifest": (str(SAMPLES / "nemt_trips.csv"),),
    "profile show": (),
}

#: Values that have broken a command line before, and their kin.
BAD_VALUES = (
    "", " ", "nan", "inf", "-1", "0", "1e70", "1e999999", "99999999999999999999", "-0",
    "2008-02-30", "1/5/2008", "$5,000.00", "58.2%", "x" * 300, "\u00e9\u00a7", "a=b", "=",
    "p4p.cap_percent=1e999999", "p4p.pmpm_amount=nan", "missing/dir/x.xlsx", "..",
)  # fmt: skip


def _commands() -> dict[str, argparse.ArgumentParser]:
    """Return each command's words and its parser, walked from the top parser."""
    found: dict[str, argparse.ArgumentParser] = {}

    def walk(parser: argparse.ArgumentParser, words: tuple[str, ...]) -> None:
        subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]  # noqa: SLF001
        if not subs:
            found[" ".join(words)] = parser
        for action in subs:
            for name, child in action.choices.items():
                walk(child, (*words, name))

    walk(_parser(), ())
    return found


COMMANDS = _commands()
#: Options not fuzzed: --output writes a file named by the value, --part is checked before any
#: work (tests/test_cli.py), and choices are argparse's own.
_SKIPPED = {"--output", "--part"}
#: (command, option) for every option taking a value.
OPTIONS = sorted(
    (words, action.option_strings[0])
    for words, parser in COMMANDS.items()
    for action in parser._actions  # noqa: SLF001
    if action.option_strings
    and action.nargs != 0
    and action.choices is None
    and not _SKIPPED & set(action.option_strings)
)


#: The folder the runs start in, so that nothing a run writes lands in the checkout.
_WORKDIR = Path(tempfile.mkdtemp(prefix="tenncare-fuzz-"))


def run(*arguments: str) -> tuple[int, str, str]:
    """Run the command line in process, in a scratch folder; return (status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with (
        contextlib.chdir(_WORKDIR),
        contextlib.redirect_stderr(err),
        contextlib.redirect_stdout(io.StringIO()),
    ):
        try:
            status = main(list(arguments), out=out, err=err)
        except SystemExit as stopped:
            status = int(stopped.code or 0)
    return status, out.getvalue(), err.getvalue()


def check(status: int, out: str, err: str) -> None:
    """Exit 0, or exit 2 with the mistake on ``error:`` lines only and nothing on stdout."""
    assert "Traceback" not in err, err
    assert status in (0, 2), err
    if status == 0:
        return
    assert out == ""
    lines = err.splitlines()
    errors = [line for line in lines if "error:" in line]
    assert errors, err
    # argparse's errors too: one line, no usage block
    assert all(line.startswith("tenncare-calc: error:") for line in lines), err


def test_every_command_has_a_run() -> None:
    """A new command gets its sample run here (or takes just a FILE)."""
    assert set(COMMANDS) - set(RUNS) <= {
        words for words, parser in COMMANDS.items() if _takes_file_only(parser)
    }


def _takes_file_only(parser: argparse.ArgumentParser) -> bool:
    required = [a for a in parser._actions if a.required and a.option_strings]  # noqa: SLF001
    return not required


def _base(words: str) -> list[str]:
    return [*words.split(), *RUNS.get(words, (FILE,))]


def test_no_option_writes_into_the_checkout() -> None:
    """--output is never fuzzed (its value names a file to write)."""
    assert all(option not in {"--output", "-o"} for _, option in OPTIONS)
    assert ("damages", "--total-payments") in OPTIONS


@pytest.mark.parametrize(
    ("words", "option", "value"),
    [
        ("community-tenure", "--window-days", "99999999999999999999"),
        ("incentive", "--capitation", "1e70"),
        ("incentive", "--set", "p4p.cap_percent=1e999999"),
        ("member-months", "--set", "p4p.pmpm_amount=nan"),
        ("member-months", "--profile", str(SAMPLES / "rates_2008.csv")),
        ("damages", "--total-payments", "1e70"),
    ],
)
def test_the_issues_examples_exit_2(words: str, option: str, value: str) -> None:
    """The bad values issue 13 found tracebacks or silence for: each is exit 2 now."""
    arguments = _base(words)
    if words == "incentive" and option == "--capitation":
        arguments = ["incentive", str(SAMPLES / "rates_2008.csv"), "--measurement-year", "2008",
                     "--member-months", "1"]  # fmt: skip
    status, out, err = run(*arguments, option, value)
    check(status, out, err)
    assert status == 2


def test_workbook_into_a_missing_folder(tmp_path: Path) -> None:
    """--format xlsx --output into a folder that does not exist: exit 2, one line."""
    target = tmp_path / "missing" / "dir" / "x.xlsx"
    status, out, err = run("demo", "--format", "xlsx", "--output", str(target))
    check(status, out, err)
    assert status == 2


def test_a_profile_that_is_not_utf8(tmp_path: Path) -> None:
    """A --profile file with a latin-1 byte, or extends a list: exit 2."""
    bad = tmp_path / "p.toml"
    bad.write_bytes(b'id = "caf\xe9"\n')
    check(*run("profile", "show", "--profile", str(bad)))
    listed = tmp_path / "l.toml"
    listed.write_text('extends = ["amendment-3"]\n')
    status, out, err = run("profile", "show", "--profile", str(listed))
    check(status, out, err)
    assert status == 2


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    choice=st.sampled_from(OPTIONS),
    value=st.one_of(st.sampled_from(BAD_VALUES), st.text(max_size=12)),
)
def test_bad_option_values_never_traceback(choice: tuple[str, str], value: str) -> None:
    """Any value for any option of any command: exit 0 or 2, never a traceback."""
    words, option = choice
    status, out, err = run(*_base(words), f"{option}={value}")
    check(status, out, err)


def test_internal_errors_are_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    """An exception the library did not foresee: exit 1, one line asking for a bug report."""
    from tenncare_calc.cli import entry_point  # noqa: PLC0415

    def broken(_context: object) -> object:
        raise KeyError("boom")

    parser = entry_point._parser()  # noqa: SLF001
    monkeypatch.setattr(entry_point, "_parser", lambda **_options: parser)
    parser._subparsers._group_actions[0].choices["demo"].set_defaults(command_run=broken)  # type: ignore[union-attr]  # noqa: SLF001
    status, _, err = run("demo")
    assert status == 1
    assert err.startswith("tenncare-calc: error: internal error (KeyError")
    assert len(err.splitlines()) == 1
    monkeypatch.setenv("TENNCARE_CALC_DEBUG", "1")
    with pytest.raises(KeyError):
        main(["demo"], out=io.StringIO(), err=io.StringIO())
