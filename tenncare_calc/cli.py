"""The ``tenncare-calc`` command line.

Subcommands:

* ``demo`` - the main job on bundled sample data: a plan-year's pay-for-performance statement.
* ``incentive FILE`` - the statement for a plan-year file (TOML or JSON; see ``plan_year``).
* ``profile show`` - the contract profile with citations.

Every subcommand takes ``--profile`` (a shipped id or a TOML file), ``--set NAME=VALUE`` what-if
overrides and ``--format text|json``. Exit status 0 on success, 2 on bad input (the reason on stderr,
never a traceback for a user's mistake).
"""

from __future__ import annotations

__all__ = ["main"]

import argparse
import json
import sys
from typing import TYPE_CHECKING, TextIO

from tenncare_calc.errors import TennCareError
from tenncare_calc.plan_year import sample_path, statement_from_file
from tenncare_calc.profile import ContractProfile, load_profile

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from tenncare_calc.explanation import Explainable

EXIT_OK = 0
EXIT_BAD_INPUT = 2


def _overrides(pairs: Sequence[str]) -> dict[str, str]:
    overrides: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise TennCareError(
                f"--set takes NAME=VALUE, such as p4p.pmpm_amount=0.04 (got {pair!r})"
            )
        overrides[name.strip()] = value.strip()
    return overrides


def _profile(arguments: argparse.Namespace) -> ContractProfile:
    return load_profile(arguments.profile, overrides=_overrides(arguments.set))


def _emit(result: Explainable, arguments: argparse.Namespace, out: TextIO) -> None:
    if arguments.format == "json":
        out.write(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
    else:
        out.write(result.explain())
    out.write("\n")


def _demo(arguments: argparse.Namespace, out: TextIO) -> None:
    statement = statement_from_file(sample_path("plan_year_2008.toml"), profile=_profile(arguments))
    _emit(statement, arguments, out)


def _incentive(arguments: argparse.Namespace, out: TextIO) -> None:
    _emit(statement_from_file(arguments.file, profile=_profile(arguments)), arguments, out)


def _profile_show(arguments: argparse.Namespace, out: TextIO) -> None:
    _emit(_profile(arguments), arguments, out)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tenncare-calc",
        description="Exact, explained computations of the TennCare CRA's money clauses.",
    )
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--profile",
        default=None,
        help="a shipped profile id or a profile TOML file (default: amendment-3)",
    )
    common.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="what-if override of one profile value, e.g. --set p4p.pmpm_amount=0.04 (repeatable)",
    )
    common.add_argument("--format", choices=["text", "json"], default="text", help="output format")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    demo = commands.add_parser(
        "demo",
        parents=[common],
        help="the pay-for-performance statement of the bundled sample plan-year",
    )
    demo.set_defaults(run=_demo)

    incentive = commands.add_parser(
        "incentive", parents=[common], help="the pay-for-performance statement of a plan-year file"
    )
    incentive.add_argument("file", help="plan-year inputs, .toml or .json")
    incentive.set_defaults(run=_incentive)

    profile = commands.add_parser("profile", help="the contract profile")
    profile_commands = profile.add_subparsers(
        dest="profile_command", required=True, metavar="ACTION"
    )
    show = profile_commands.add_parser(
        "show", parents=[common], help="every parameter with its value, citation and term"
    )
    show.set_defaults(run=_profile_show)
    return parser


def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None) -> int:
    """Return the exit status of running the command line with ``argv``.

    >>> import io
    >>> buffer = io.StringIO()
    >>> main(["profile", "show", "--set", "p4p.pmpm_amount=0.04"], out=buffer)
    0
    >>> "what-if override: p4p.pmpm_amount = 0.04" in buffer.getvalue()
    True
    """
    arguments = _parser().parse_args(argv)
    run: Callable[[argparse.Namespace, TextIO], None] = arguments.run
    try:
        run(arguments, sys.stdout if out is None else out)
    except TennCareError as error:
        sys.stderr.write(f"tenncare-calc: error: {error}\n")
        return EXIT_BAD_INPUT
    return EXIT_OK
