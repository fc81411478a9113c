"""The command line's entry point: the parser of every subcommand, and :func:`main`.

``tenncare-calc`` (``[project.scripts]``) and ``python -m tenncare_calc`` run :func:`main`. Exit
status 0 on success, 2 on bad input, with the file, row and reason on standard error and never a
traceback for a user's mistake; 1 with one line asking for a bug report when the library fails in
a way it did not foresee (``TENNCARE_CALC_DEBUG=1`` shows the traceback).
"""

from __future__ import annotations

__all__ = ["EXIT_BAD_INPUT", "EXIT_OK", "main"]

import argparse
import functools
import os
import sys
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

from tenncare_calc.cli.commands import COMMANDS
from tenncare_calc.cli.input_options import INPUT_COLUMNS, _input_arguments
from tenncare_calc.cli.options import Command, Context, _common, part_option
from tenncare_calc.cli.output import _check_output, _emit
from tenncare_calc.core.errors import TennCareError

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from tenncare_calc.core.explanation import Explainable

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_BAD_INPUT = 2
#: The environment variable that shows the traceback of an internal error (``=1``).
DEBUG_VARIABLE = "TENNCARE_CALC_DEBUG"
EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141


def _version() -> str:
    from importlib import metadata  # noqa: PLC0415 - 10 ms a run; only for --version

    try:
        return metadata.version("tenncare-calc")
    except metadata.PackageNotFoundError:  # pragma: no cover - run from a source tree
        from tenncare_calc import __version__  # noqa: PLC0415 - only without package metadata

        return __version__


class _Version(argparse.Action):
    """``--version``: print the installed version and exit; the version is looked up only then."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS) -> None:
        super().__init__(
            option_strings,
            dest,
            default=argparse.SUPPRESS,
            nargs=0,
            help="show program's version number and exit",
        )

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,  # noqa: ARG002 - the Action protocol's arguments
        values: object,  # noqa: ARG002
        option_string: str | None = None,  # noqa: ARG002
    ) -> None:
        """Print ``tenncare-calc VERSION`` on standard output and exit 0, as argparse's own."""
        sys.stdout.write(f"tenncare-calc {_version()}\n")
        parser.exit()


class _Parser(argparse.ArgumentParser):
    """argparse's parser, whose errors are one ``tenncare-calc: error:`` line, as every other.

    argparse prints its usage block before the error; the usage of a command with many options
    runs to a dozen lines, which buries the one that says what was wrong. The line names the
    command and where its usage is.
    """

    #: What adds the parser's own arguments, called before it first parses or shows its help.
    _later: Callable[[], None] | None = None

    def add_later(self, add: Callable[[], None]) -> None:
        """Add the arguments ``add`` adds only when this parser is first used (see :func:`main`)."""
        self._later = add

    def _complete(self) -> None:
        if self._later is not None:
            add, self._later = self._later, None
            add()

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        """Parse as argparse does, this parser's own arguments added first."""
        self._complete()
        return super().parse_known_args(args, namespace)

    def format_usage(self) -> str:
        """Return the usage, this parser's own arguments added first."""
        self._complete()
        return super().format_usage()

    def format_help(self) -> str:
        """Return the help, this parser's own arguments added first."""
        self._complete()
        return super().format_help()

    def error(self, message: str) -> NoReturn:
        """Exit 2 with one line: the command, what was wrong, and where the usage is."""
        command = self.prog.removeprefix("tenncare-calc").strip()
        where = f"{command}: " if command else ""
        self.exit(
            EXIT_BAD_INPUT,
            f"tenncare-calc: error: {where}{message} (see: {self.prog} --help)\n",
        )


def _parser(*, later: bool = False, argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """Return the parser of every subcommand, or only of the one ``argv`` starts with.

    With ``later`` each subcommand's own arguments are added when argparse first hands it the
    command line (or shows its help): a run parses with one subcommand's arguments, not the
    hundred and more of them all, a few milliseconds of every run's start. With ``argv`` whose
    first words are a subcommand's words exactly, only that subcommand and the groups above it
    are built (3 or 4 parsers instead of 23); any other ``argv`` (an option first, a typo, a group
    alone, ``--help``) gets every subcommand, so that its help and its error list them all. What
    it parses, and every help and error, is the same.
    """
    parser = _Parser(
        prog="tenncare-calc",
        description="Exact, explained computations of the TennCare CRA's money clauses.",
    )
    parser.add_argument("--version", action=_Version)
    common = _common()
    groups: dict[tuple[str, ...], Any] = {
        (): parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    }
    for command in _invoked(argv):
        *path, last = command.words
        for depth in range(len(path)):
            prefix = tuple(path[: depth + 1])
            if prefix not in groups:
                group = groups[prefix[:-1]].add_parser(prefix[-1], help=f"{prefix[-1]} commands")
                groups[prefix] = group.add_subparsers(
                    dest="_".join(prefix) + "_command", required=True, metavar="ACTION"
                )
        sub = groups[tuple(path)].add_parser(last, parents=[common], help=command.help)
        add = functools.partial(_command_arguments, sub, command)
        if later:
            sub.add_later(add)
        else:
            add()
    return parser


def _invoked(argv: Sequence[str] | None) -> tuple[Command, ...]:
    """Return the one command whose words ``argv`` starts with, or every command."""
    words = tuple(argv or ())
    for command in COMMANDS:
        if words[: len(command.words)] == command.words:
            return (command,)
    return COMMANDS


def _command_arguments(sub: argparse.ArgumentParser, command: Command) -> None:
    """Add a subcommand's own arguments (its ``--part``, options and input columns) to ``sub``."""
    part_option(sub, command.parts)
    command.add_arguments(sub)
    if (key := " ".join(command.words)) in INPUT_COLUMNS:
        _input_arguments(sub, key)
    sub.set_defaults(
        command_run=command.run, command_words=command.words, command_parts=command.parts
    )


def main(
    argv: Sequence[str] | None = None, *, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    """Return the exit status of running the command line with ``argv``.

    >>> import io
    >>> buffer = io.StringIO()
    >>> main(["profile", "show", "--format", "text", "--set", "p4p.pmpm_amount=0.04"], out=buffer)
    0
    >>> "what-if override: p4p.pmpm_amount = 0.04" in buffer.getvalue()
    True
    """
    stdout = sys.stdout if out is None else out
    stderr = sys.stderr if err is None else err
    try:
        words = list(sys.argv[1:] if argv is None else argv)  # read twice: once to choose
        arguments = _parser(later=True, argv=words).parse_args(words)
    except BrokenPipeError:  # --help or --version to a reader that went away
        return _reader_gone(out)
    run: Callable[[Context], Explainable] = arguments.command_run
    context = Context(arguments, stderr)
    try:
        _check_output(arguments)
        try:
            result = run(context)
        finally:
            context.close()
        _emit(result, arguments, stdout)
    except TennCareError as error:
        return _error(stderr, str(error))
    except KeyboardInterrupt:
        stderr.write("tenncare-calc: interrupted\n")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return _reader_gone(out)
    except Exception as error:
        if os.environ.get(DEBUG_VARIABLE, "") not in ("", "0"):
            raise
        return _unexpected(stderr, error)
    return EXIT_OK


def _reader_gone(out: TextIO | None) -> int:
    """Return the status of output whose reader went away (``tenncare-calc ... | head``).

    The process stops quietly, as Unix tools do: its standard output (when it is the one
    written) now goes nowhere, so Python's last flush does not fail again.
    """
    if out is None:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    return EXIT_BROKEN_PIPE


def _error(stderr: TextIO, message: str) -> int:
    """Write ``message`` as ``tenncare-calc: error:`` lines and return the bad-input status."""
    stderr.writelines(f"tenncare-calc: error: {line}\n" for line in message.splitlines() or [""])
    return EXIT_BAD_INPUT


def _unexpected(stderr: TextIO, error: Exception) -> int:
    """Report an exception that is not the library's own error, on one line, without traceback.

    A file that cannot be read or written (:class:`OSError`), a file that is not UTF-8
    (:class:`UnicodeError`) and a number too large to compute with (:class:`ArithmeticError`,
    :class:`RecursionError`) are the user's input: exit 2. Anything
    else is a bug of the library: exit 1, asking for a report; ``TENNCARE_CALC_DEBUG=1`` shows
    the traceback instead.
    """
    text = " ".join(str(error).split())[:300]
    if isinstance(error, OSError):
        where = f"{error.filename}: " if error.filename else ""
        return _error(stderr, f"{where}{error.strerror or text}")
    if isinstance(error, UnicodeError):
        return _error(stderr, f"an input file is not UTF-8 text ({text})")
    if isinstance(error, ArithmeticError | RecursionError):
        kind = type(error).__name__
        return _error(stderr, f"a number in the input is too large to compute with ({kind})")
    stderr.write(
        f"tenncare-calc: error: internal error ({type(error).__name__}: {text}); this is a bug: "
        f"please report it with the command line ({DEBUG_VARIABLE}=1 shows the traceback)\n"
    )
    return EXIT_INTERNAL
