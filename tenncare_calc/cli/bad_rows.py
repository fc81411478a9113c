"""Bad rows of an input file on the command line: ``--on-error``, and the error naming each row.

With ``--on-error raise`` (the default) any bad row is an error whose message has one line per row,
``file, line N: reason`` (N the row's line in the file, the header being line 1), and the command
exits 2; with ``--on-error collect`` the command computes with the valid rows and lists the bad ones
in the ``rejected`` part, whose ``row`` is the same line number.
"""

from __future__ import annotations

__all__ = ["QUOTED_ROWS"]

from pathlib import Path
from typing import TYPE_CHECKING

from tenncare_calc.columnar import MAX_ERROR_ROWS, ON_ERROR_CHOICES
from tenncare_calc.core.errors import RejectedRowsError

if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence

#: How many bad rows the command line names on standard error before summing up the rest.
QUOTED_ROWS = 50


def _rejected_rows_error(
    rejected: Sequence[tuple[int, str]], source: str, *, rows_in: int
) -> RejectedRowsError:
    """Return the error naming each bad row of file ``source`` as ``file, line N: reason``.

    ``rejected`` pairs each bad row's line in the file (the header is line 1) with its reason;
    the error's ``rejected`` holds the same numbers, as the ``rejected`` part does.

    The first :data:`QUOTED_ROWS` are named, the rest counted; a last line says how many of the
    input's rows could not be used and how to go on.
    """
    count = len(rejected)
    name = Path(source).name
    lines = [f"{name}, line {line}: {reason}" for line, reason in rejected[:QUOTED_ROWS]]
    if count > len(lines):
        lines.append(f"... and {count - len(lines):,} more bad row(s)")
    lines.append(
        f"{count:,} of {rows_in:,} rows cannot be used; fix them, or use --on-error collect to "
        "compute with the valid rows and list the bad ones in the 'rejected' part"
    )
    return RejectedRowsError(
        "\n".join(lines), field="file", rejected=tuple(rejected[:MAX_ERROR_ROWS])
    )


def _on_error_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--on-error",
        choices=ON_ERROR_CHOICES,
        default="raise",
        help="raise (default): any bad row is an error naming each bad row (exit 2); collect: "
        "compute with the valid rows and list the bad ones in the 'rejected' part",
    )
