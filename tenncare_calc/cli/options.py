"""What every subcommand shares: its :class:`Context`, its :class:`Command` entry, the common options.

Every subcommand takes ``--profile`` (a shipped id or a TOML file), ``--set NAME=VALUE`` what-if
overrides, ``--format``, ``--part``, ``--output`` and ``--no-progress``; a command's function gets
them, with the profile they choose, as its :class:`Context`.
"""

from __future__ import annotations

__all__ = ["FORMATS", "Command", "Context", "part_option"]

import argparse
import os
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import attrs

from tenncare_calc.cli.progress import Progress, Working
from tenncare_calc.core.dates import date_in_text
from tenncare_calc.core.errors import InvalidInputError, TennCareError

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable, Sequence

    from tenncare_calc.contract.profile import ContractProfile
    from tenncare_calc.core.explanation import Explainable

FORMATS = ("table", "text", "json", "csv", "markdown", "html", "xlsx")


def _delay() -> float:
    try:
        return float(os.environ.get("TENNCARE_CALC_PROGRESS_DELAY", "0.5"))
    except ValueError:
        return 0.5


@attrs.frozen
class Context:
    """What a command's function gets besides its arguments: the profile and a progress maker.

    After a file is read (:meth:`read_progress`) a :class:`~tenncare_calc.cli.progress.Working`
    indicator shows that the computing goes on, until the command returns (:meth:`close`).
    """

    arguments: argparse.Namespace
    stderr: TextIO
    _working: list[Working] = attrs.field(factory=list, init=False)

    @property
    def profile(self) -> ContractProfile:
        """Return the profile chosen with ``--profile`` and ``--set``."""
        from tenncare_calc.contract.loader import load_profile  # noqa: PLC0415 - not every command reads it

        return load_profile(self.arguments.profile, overrides=_overrides(self.arguments.set))

    def progress(self, label: str, *, total: int | None = None, unit: str = "") -> Progress:
        """Return a progress indicator on standard error (off when it is not a terminal)."""
        enabled = False if self.arguments.no_progress else None
        return Progress(
            label, total=total, unit=unit, stream=self.stderr, enabled=enabled, delay=_delay()
        )

    def read_progress(self, path: str | Path) -> Progress:
        """Return a progress indicator for reading the file at ``path``, sized by the file.

        When the reading ends, an indicator that the command is computing takes its place.
        """
        source = Path(path)
        size = source.stat().st_size if source.is_file() else None
        progress = self.progress(f"reading {source.name}", total=size, unit="bytes")
        progress.then = self.computing
        return progress

    def computing(self) -> None:
        """Show (on a terminal, after the delay) that the command computes, until :meth:`close`."""
        self.close()
        words = " ".join(getattr(self.arguments, "command_words", ())) or "tenncare-calc"
        enabled = False if self.arguments.no_progress else None
        working = Working(
            f"{words}: computing", stream=self.stderr, enabled=enabled, delay=_delay()
        )
        self._working.append(working.__enter__())

    def close(self) -> None:
        """Stop and erase any indicator still showing."""
        while self._working:
            self._working.pop().close()


@attrs.frozen
class Command:
    """One subcommand: ``words`` (``("profile", "show")``), help, arguments, and what it returns."""

    words: tuple[str, ...]
    help: str
    run: Callable[[Context], Explainable]
    add_arguments: Callable[[argparse.ArgumentParser], None] = lambda _parser: None
    #: The parts of the command's result, as ``--part`` takes them (its help lists them, and a
    #: name not among them is refused before any work); empty: not checked.
    parts: tuple[str, ...] = ()


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


#: The largest amount of dollars an option takes (issue 13: refused up front, never overflowed).
MAX_DOLLARS = Decimal(10) ** 15


def bounded_int(low: int, high: int) -> Callable[[str], int]:
    """Return an argparse ``type`` taking a whole number from ``low`` to ``high``.

    >>> bounded_int(1, 10)("3")
    3
    >>> bounded_int(1, 10)("99999999999999999999")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: must be a whole number from 1 to 10 (got '99999999999999999999')
    """

    def parse(text: str) -> int:
        stripped = text.strip()
        digits = stripped.lstrip("+-")
        if not digits.isdigit() or len(digits) > 12 or not low <= int(stripped) <= high:  # noqa: PLR2004
            raise argparse.ArgumentTypeError(
                f"must be a whole number from {low} to {high} (got {text!r})"
            )
        return int(stripped)

    return parse


def _money_option(value: str | None, option: str) -> str | None:
    """Return an amount option's text, refusing one over :data:`MAX_DOLLARS` up front.

    Any other mistake (not a number) is left to the computation, which names the field.
    """
    if value is None:
        return None
    try:
        amount = Decimal(value.strip().replace(",", "").removeprefix("$"))
    except ArithmeticError:
        return value
    if amount.is_finite() and abs(amount) > MAX_DOLLARS:
        raise InvalidInputError(
            f"{option} must be an amount of dollars such as 650000000.00, at most "
            f"{MAX_DOLLARS:,.0f} (got {value!r})",
            field=option.lstrip("-").replace("-", "_"),
            value=value,
        )
    return value


def _year_argument(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument(
        "--year", type=bounded_int(1900, 9998), required=True, metavar="YEAR", help=what
    )


def _date_option(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    return date_in_text(value, field=option.lstrip("-").replace("-", "_"), name=option)


def part_option(parser: argparse.ArgumentParser, parts: Sequence[str]) -> None:
    """Add ``--part`` to a command's parser, its help listing the command's parts."""
    listed = f"one of {', '.join(parts)}" if parts else "e.g. summary"
    parser.add_argument(
        "--part",
        default=None,
        metavar="NAME",
        help=f"one part of the result: {listed} (csv: the first table part)",
    )


def _common() -> argparse.ArgumentParser:
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
    common.add_argument(
        "--format",
        choices=FORMATS,
        default="table",
        help="table: aligned tables (default); text: the full explanation with citations; json: "
        "all data (with --part: that part's rows); csv: one part; markdown; html: a "
        "self-contained report with the explanation, tables and charts; xlsx: a workbook with "
        "live formulas (needs --output)",
    )
    common.add_argument("--output", "-o", default=None, metavar="FILE", help="write to FILE")
    common.add_argument(
        "--bom",
        action="store_true",
        help="start the output with a UTF-8 byte-order mark, so that Excel reads a CSV's '—' "
        "and '§' right (text formats)",
    )
    common.add_argument(
        "--no-progress",
        action="store_true",
        help="never show a progress indicator (it shows only on a terminal anyway)",
    )
    return common
