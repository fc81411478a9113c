"""A command's process imports what the command uses: no rule of another area, no unused library.

The enrollment commands read no compliance, damages or pay-for-performance table of the profile,
so their process must not import those rules (the sections are declared without them, and the
shipped profile builds a parameter when it is first read); member months and community tenure
over a CSV file do not import ``pyarrow.compute`` either. Each case runs the command line in a fresh interpreter and
reads its ``sys.modules``: an eager import anywhere on the path fails it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import subprocess
import sys
import tomllib
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tenncare_calc import default_profile, load_profile
from tenncare_calc.cli.commands import COMMANDS
from tenncare_calc.cli.entry_point import _parser
from tenncare_calc.contract import loader
from tenncare_calc.contract.parameter_map import ParameterMap
from tenncare_calc.contract.shipped_files import shipped_text

if TYPE_CHECKING:
    import argparse

    from tenncare_calc.cli.options import Command

SAMPLES = Path(__file__).resolve().parent.parent / "tenncare_calc" / "data" / "samples"
#: The rule packages whose modules (but their ``__init__`` and ``section``) a command may not need.
RULE_PACKAGES = ("tenncare_calc.compliance", "tenncare_calc.damages", "tenncare_calc.p4p")


def _loaded_by(code: str) -> list[str]:
    """Return the modules a fresh interpreter has loaded after running ``code``."""
    script = f"import contextlib, io, json, sys\n{code}\nprint(json.dumps(sorted(sys.modules)))\n"
    done = subprocess.run(  # noqa: S603 - the interpreter running the tests, fixed code
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    loaded: list[str] = json.loads(done.stdout.splitlines()[-1])
    return loaded


def _command(*words: str) -> str:
    """Return code running the command line as its own process does, its output thrown away."""
    return (
        "from tenncare_calc.cli.own_process import run\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    assert run({list(words)!r}) == 0\n"
    )


def _rule_modules(loaded: list[str]) -> list[str]:
    """Return the rule modules among ``loaded``: any but a rule package and its section."""
    return [
        name
        for name in loaded
        if name.startswith(tuple(f"{package}." for package in RULE_PACKAGES))
        and not name.endswith(".section")
    ]


MEMBER_MONTHS = (
    "member-months", str(SAMPLES / "enrollment_spans_2008.csv"), "--year", "2008",
    "--format", "csv", "--part", "by_month", "--no-progress",
)  # fmt: skip
COMMUNITY_TENURE = (
    "community-tenure", str(SAMPLES / "mental_health_stays_2008.csv"), "--year", "2008",
    "--data-through", "2009-03-31", "--format", "csv", "--part", "by_plan", "--no-progress",
)  # fmt: skip


@pytest.mark.parametrize("words", [MEMBER_MONTHS, COMMUNITY_TENURE], ids=lambda w: w[0])
def test_an_enrollment_command_imports_no_rule_of_another_area(words: tuple[str, ...]) -> None:
    """Member months and community tenure load no compliance, damages or p4p rule module."""
    loaded = _loaded_by(_command(*words))
    assert "tenncare_calc.enrollment" in loaded  # the command ran
    assert _rule_modules(loaded) == []


def test_member_months_over_csv_imports_no_pyarrow_compute_nor_the_profile() -> None:
    """The CSV reader finds the longest cell from the offsets: ``pyarrow.compute`` stays out.

    Member months read no profile parameter, so the loader (and TOML) stays out too.
    """
    loaded = _loaded_by(_command(*MEMBER_MONTHS))
    assert "pyarrow.csv" in loaded  # the columnar reader ran
    assert "pyarrow.compute" not in loaded
    assert "tenncare_calc.contract.loader" not in loaded
    assert "tomllib" not in loaded


@pytest.mark.parametrize("ids", ["numbers", "text of one width"])
def test_community_tenure_over_csv_imports_no_pyarrow_compute(ids: str, tmp_path: Path) -> None:
    """Its plans' ranks, date checks and identifiers use Arrow's functions by name or numpy.

    ``pyarrow.compute`` builds its 290 functions' wrappers when imported: a tenth of the command's
    process on 73 k stays. A stay discharged before its admission and one with an empty member
    id are among the rows (rejected rows are filtered without it too).
    """
    sample = (SAMPLES / "mental_health_stays_2008.csv").read_text(encoding="utf-8").splitlines()
    header, rows = sample[0], sample[1:]
    if ids == "text of one width":
        rows = [f"M{row}" for row in rows]
    rows += [f"{rows[0].split(',')[0]},2008-10-07,2008-10-01,middle", ",2008-10-07,2008-10-09,east"]
    stays = tmp_path / "stays.csv"
    stays.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    words = [str(stays) if word.endswith(".csv") else word for word in COMMUNITY_TENURE]
    loaded = _loaded_by(_command(*words, "--on-error", "collect"))
    assert "pyarrow.csv" in loaded  # the columnar reader ran
    assert "tenncare_calc.enrollment.readmissions" in loaded
    assert "pyarrow.compute" not in loaded
    assert "numpy.ma" not in loaded  # pyarrow's array of a numpy array imports it (8 ms)


BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


@pytest.fixture(scope="module")
def extracts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Return each compliance command's CSV extract of 70 k rows, as the benchmark writes them.

    Large enough for the encodings' fast paths (fixed-width codes from 16 k rows, identifiers'
    from 64 k); written by ``benchmarks/compliance_end_to_end.py`` (which needs DuckDB and pandas).
    """
    pytest.importorskip("duckdb")
    pytest.importorskip("pandas")
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import compliance_end_to_end  # noqa: PLC0415 - a benchmark script, found on its folder

        prepared = compliance_end_to_end.prepare(0.07, tmp_path_factory.mktemp("extracts"))
    finally:
        sys.path.remove(str(BENCHMARKS))
    return {words: path for words, (path, _query) in prepared.items()}


#: Each compliance command's options beyond its file (the benchmark's lists).
COMPLIANCE_OPTIONS = {
    "claims percent-of-billed": ("--no-medicare-codes", "T1019,S5125"),
    "claims global-obstetric": ("--codes", "59400,59510,59610,59618"),
}


#: The module of each compliance command's check.
CHECK_MODULES = {
    f"{area} {name}": f"tenncare_calc.compliance.{module}"
    for area, name, module in (
        ("access", "timeliness", "access.timeliness_table"),
        ("access", "distance", "access.distance_table"),
        ("nemt", "decision", "nemt.decisions"),
        ("nemt", "lead-time", "nemt.requests"),
        ("nemt", "manifest", "nemt.manifests"),
        ("nemt", "exclusions", "nemt.exclusions"),
        ("claims", "percent-of-billed", "claims.percent_of_billed"),
        ("claims", "global-obstetric", "claims.global_obstetric"),
    )
}


@pytest.mark.parametrize(
    "words",
    [
        "access timeliness", "access distance", "nemt decision", "nemt lead-time",
        "nemt manifest", "nemt exclusions", "claims percent-of-billed", "claims global-obstetric",
    ],
)  # fmt: skip
def test_a_compliance_command_over_csv_imports_no_pyarrow_compute(
    words: str, extracts: dict[str, Path]
) -> None:
    """Its reading and check call Arrow's functions through ``columnar.arrow_kernels``.

    ``pyarrow.compute`` builds its 290 functions' wrappers when imported (30 to 35 ms): the
    checks' modules take its functions from ``arrow_kernels.compute``, which calls them by name.
    """
    options = ("--on-error", "collect", "--part", "summary", "--format", "csv", "--no-progress")
    given = (str(extracts[words]), *COMPLIANCE_OPTIONS.get(words, ()), *options)
    loaded = _loaded_by(_command(*words.split(), *given))
    assert "pyarrow.csv" in loaded  # the columnar reader ran
    assert "pyarrow.compute" not in loaded
    assert "numpy.ma" not in loaded  # pyarrow's array of a numpy array imports it (8 ms)
    # its area's package hands on the other checks' names lazily: only its own check is loaded
    assert [name for name in CHECK_MODULES.values() if name in loaded] == [CHECK_MODULES[words]]
    assert "tenncare_calc.core.charts" not in loaded  # a summary draws no chart
    # the shipped profile and holiday calendar are read beside the package (a few ms otherwise)
    assert "importlib.resources" not in loaded


def test_a_what_if_reads_only_the_parameter_it_replaces() -> None:
    """``--set p4p.pmpm_amount=...`` builds that parameter, not Attachment V nor the schedule."""
    loaded = _loaded_by(
        "import tenncare_calc as tc\n"
        "profile = tc.load_profile(overrides={'p4p.pmpm_amount': '0.04'})\n"
        "assert str(profile.get('p4p.pmpm_amount').value) == '0.04'\n"
    )
    assert _rule_modules(loaded) == []


def test_a_compliance_command_imports_its_rules() -> None:
    """The check that the other tests can fail: a compliance command does load its rules."""
    loaded = _loaded_by(
        _command("access", "distance", str(SAMPLES / "access_distances.csv"), "--no-progress")
    )
    assert "tenncare_calc.compliance.access.records" in loaded


def test_the_shipped_profile_built_on_first_read_equals_one_built_whole() -> None:
    """Every parameter of the shipped profile, read one by one, equals the eagerly built one."""
    text = shipped_text("amendment_3.toml")
    origin, today = "builtin:amendment-3", dt.datetime.now(tz=dt.UTC).date()
    data = tomllib.loads(text, parse_float=Decimal)
    whole = loader._from_toml(data, origin, today=today)  # noqa: SLF001
    lazy = loader._from_toml(data, origin, today=today, deferred=True)  # noqa: SLF001
    assert list(lazy.parameters) == list(whole.parameters)
    for name in whole.parameters:
        assert lazy.parameters[name] == whole.parameters[name], name
        assert lazy.parameters[name] is lazy.parameters[name]  # built once, then kept
    assert lazy == whole
    assert lazy.to_dict() == whole.to_dict()
    assert lazy.explain() == whole.explain()


def test_a_profile_that_extends_the_shipped_one_shares_its_parameters(tmp_path: Path) -> None:
    """A user's file is built whole (its mistakes at once); the shipped ones it keeps are shared."""
    path = tmp_path / "what_if.toml"
    path.write_text(
        '[profile]\nid = "what-if"\ntitle = "t"\nsource = "s"\nversion = "1"\n'
        'verified_against_source_on = 2020-01-01\nextends = "amendment-3"\n\n'
        '[p4p.pmpm_amount]\ndescription = "d"\nunit = "USD"\nsection = "§3.10.2.1"\n'
        'value = "0.05"\neffective_from = 2007-04-01\n',
        encoding="utf-8",
    )
    profile = load_profile(path)
    assert isinstance(profile.parameters, ParameterMap)
    assert str(profile.get("p4p.pmpm_amount").value) == "0.05"
    shipped = default_profile()
    assert profile.parameters["p4p.cap_percent"] is shipped.parameters["p4p.cap_percent"]
    bad = path.read_text(encoding="utf-8").replace('"0.05"', '"lots"')
    path.write_text(bad, encoding="utf-8")
    with pytest.raises(ValueError, match=r"p4p\.pmpm_amount"):
        load_profile(path)


def _help(parser: argparse.ArgumentParser, argv: list[str]) -> str:
    """Return what ``parser`` prints for ``argv`` (help or an error), with its exit status."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            parser.parse_args(argv)
        except SystemExit as stop:
            return f"{stop.code}\n{out.getvalue()}{err.getvalue()}"
    return "parsed"


@pytest.mark.parametrize("command", COMMANDS, ids=lambda command: " ".join(command.words))
def test_the_parser_that_adds_arguments_later_parses_and_helps_alike(command: Command) -> None:
    """Arguments added when chosen, only the invoked subcommand built: the same parse and help.

    The help, the errors and the namespace are the whole parser's.
    """
    words = list(command.words)
    for argv in (
        [*words, "--help"],
        [*words, "--no-such-option"],
        [*words[:-1], "--help"],
        [*words[:-1], "no-such-command"],
        ["--help", *words],
    ):
        whole = _help(_parser(), argv)
        assert _help(_parser(later=True), argv) == whole, argv
        assert _help(_parser(later=True, argv=argv), argv) == whole, argv
    sample = {
        "member-months": ["x.csv", "--year", "2008"],
        "community-tenure": ["x.csv", "--year", "2008", "--data-through", "2009-03-31"],
        "nemt exclusions": ["x.csv", "--on-error", "collect", "--no-progress"],
    }.get(" ".join(words), [])
    argv = [*words, *sample, "--format", "csv", "--part", "summary"]
    if sample or _help(_parser(), argv) == "parsed":
        expected = vars(_parser().parse_args(argv))
        assert vars(_parser(later=True).parse_args(argv)) == expected
        assert vars(_parser(later=True, argv=argv).parse_args(argv)) == expected


def _choices(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    """Return the subcommands (or groups) ``parser`` offers, by name."""
    (group,) = parser._subparsers._group_actions  # type: ignore[union-attr]  # noqa: SLF001
    return dict(group.choices)  # type: ignore[call-overload]


def test_a_run_builds_only_its_own_subcommand() -> None:
    """The parser of a run names only the invoked subcommand's groups and itself (its start)."""
    nemt = _parser(argv=["nemt", "exclusions", "x.csv"])
    assert list(_choices(nemt)) == ["nemt"]
    assert list(_choices(_choices(nemt)["nemt"])) == ["exclusions"]
    assert list(_choices(_parser(argv=["demo"]))) == ["demo"]
    every = {command.words[0] for command in COMMANDS}
    for argv in ([], ["--help"], ["nemt"], ["nemt", "exclusion"], ["--version", "demo"]):
        assert set(_choices(_parser(argv=argv))) == every, argv


def test_the_command_line_reads_its_words_once_chosen() -> None:
    """``main`` reads its arguments twice (to choose the subcommand, then to parse): any iterable."""
    from tenncare_calc.cli.entry_point import main  # noqa: PLC0415 - beside the parser's tests

    out = io.StringIO()
    assert main(iter(["profile", "show", "--format", "text"]), out=out) == 0  # type: ignore[arg-type]
    assert "amendment-3" in out.getvalue()
