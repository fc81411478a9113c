"""Rejected rows: what to do with bad rows, the error that names them, and the part that lists them.

Each row of a batch input is either used or rejected with one reason (the first problem found, in
column order). With ``on_error="raise"`` (the default everywhere) any rejected row raises
:class:`~tenncare_calc.core.errors.RejectedRowsError` naming the first rows and their reasons; with
``on_error="collect"`` the computation uses the valid rows and the result's ``.rejected`` is a
pyarrow table with columns ``row`` (0-based position in the input; the command line gives a file's
rows their lines, see :mod:`~tenncare_calc.columnar.row_lines`) and ``reason``, shown as the
result's ``rejected`` part. **Rows in = rows used + rows rejected, always.**

>>> rejected = empty_rejected()
>>> rejected_rows(rejected), rejected_table({"spans": rejected}).rows
((), ())
"""

from __future__ import annotations

__all__ = [
    "MAX_ERROR_ROWS",
    "ON_ERROR_CHOICES",
    "QUOTED_ROWS",
    "OnError",
    "check_on_error",
    "empty_rejected",
    "explain_rejected",
    "rejected_error",
    "rejected_records",
    "rejected_rows",
    "rejected_table",
]

import string
from typing import TYPE_CHECKING, Any, Literal

from tenncare_calc.columnar.arrow_kernels import call, cast
from tenncare_calc.columnar.column_batches import arrow_numbers
from tenncare_calc.core.errors import InvalidValueError, RejectedRowsError, require
from tenncare_calc.core.parts import REJECTED_COLUMNS, Cell, ColumnType, Table
from tenncare_calc.core.parts import Column as TableColumn

if TYPE_CHECKING:
    from collections.abc import Mapping

    import numpy as np
    import numpy.typing as npt

    from tenncare_calc.core.explanation import Explanation

    IntArray = npt.NDArray[np.int64]

#: What a batch function does with bad rows: raise, or compute with the rest and report them.
OnError = Literal["raise", "collect"]
ON_ERROR_CHOICES: tuple[str, ...] = ("raise", "collect")

#: At most this many ``(row, reason)`` pairs are carried by a :class:`RejectedRowsError`.
MAX_ERROR_ROWS = 1000
#: How many rejected rows an error message and an explanation quote.
QUOTED_ROWS = 5


def _pa() -> Any:  # noqa: ANN401 - the pyarrow module
    return require("pyarrow", extra="data", purpose="reading batch input tables")


def check_on_error(on_error: object) -> OnError:
    """Return ``on_error`` if it is ``"raise"`` or ``"collect"``; otherwise raise a typed error.

    >>> check_on_error("collect")
    'collect'
    >>> check_on_error("ignore")
    Traceback (most recent call last):
    ...
    tenncare_calc.InvalidValueError: 'on_error' must be 'raise' or 'collect' (got 'ignore')

    """
    if isinstance(on_error, str) and on_error == "raise":
        return "raise"
    if isinstance(on_error, str) and on_error == "collect":
        return "collect"
    raise InvalidValueError(
        f"'on_error' must be 'raise' or 'collect' (got {on_error!r})",
        field="on_error",
        value=on_error,
    )


def _reasons(
    template: str, rows: IntArray, parsed: Mapping[str, Any], raw: Mapping[str, Any]
) -> Any:  # noqa: ANN401 - a pyarrow array
    """Return the reason text for ``rows`` with columns filled in, vectorised.

    ``{column}`` is the parsed value; ``{column!s}`` the value as received; ``{column!r}`` the value
    as received, in quotes.
    """
    pa = _pa()
    nothing = pa.scalar("", pa.large_string())  # the joined parts' separator
    parts: list[Any] = []
    for literal, field, _spec, conversion in string.Formatter().parse(template):
        if literal:
            parts.append(pa.scalar(literal, pa.large_string()))
        if field is None:
            continue
        source = parsed if conversion is None else raw
        values = call("take", source[field], arrow_numbers(rows))
        text = call(
            "coalesce", cast(values, pa.large_string()), pa.scalar("null", pa.large_string())
        )
        if conversion == "r":
            quote = pa.scalar("'", pa.large_string())
            text = call("binary_join_element_wise", quote, text, quote, nothing)
        parts.append(text)
    if all(isinstance(part, pa.Scalar) for part in parts):
        # no column in it: one text for every row (braces doubled in the template, ``{{``, are
        # single in the text; a join of texts alone would be one text, not a column)
        text = "".join(part.as_py() for part in parts)
        return pa.array([text] * len(rows), pa.large_string())
    # Arrow's functions by name: reading a table need not import pyarrow.compute
    return call("binary_join_element_wise", *parts, nothing)


def empty_rejected() -> Any:  # noqa: ANN401 - a pyarrow Table
    """Return an empty rejected-rows table (columns ``row`` int64, ``reason`` string).

    >>> empty_rejected().schema.names
    ['row', 'reason']
    """
    pa = _pa()
    return pa.table(
        {"row": pa.array([], pa.int64()), "reason": pa.array([], pa.large_string())},
    )


def rejected_error(name: str, rows_in: int, rejected: Any) -> RejectedRowsError:  # noqa: ANN401
    """Return the error for rejected rows of ``name``: count, first rows and reasons, how to go on."""
    count = rejected.num_rows
    first = rejected.slice(0, MAX_ERROR_ROWS).to_pylist()
    quoted = "; ".join(f"row {r['row']}: {r['reason']}" for r in first[:QUOTED_ROWS])
    more = f" (and {count - QUOTED_ROWS:,} more)" if count > QUOTED_ROWS else ""
    return RejectedRowsError(
        f"{count:,} of {rows_in:,} rows of {name!r} cannot be used: {quoted}{more}. Fix them, or "
        "pass on_error='collect' to compute with the valid rows and get these in .rejected",
        field=name,
        rejected=tuple((r["row"], r["reason"]) for r in first),
    )


def rejected_records(rejected: Any) -> list[dict[str, Any]]:  # noqa: ANN401 - a pyarrow Table
    """Return a rejected-rows table as a list of ``{"row": int, "reason": str}`` dicts.

    >>> rejected_records(empty_rejected())
    []
    """
    return [{"row": int(r["row"]), "reason": str(r["reason"])} for r in rejected.to_pylist()]


def rejected_rows(rejected: Any) -> tuple[tuple[int, str], ...]:  # noqa: ANN401 - a pyarrow Table
    """Return a rejected-rows table as ``(row, reason)`` pairs, for a result's ``rejected`` part.

    >>> rejected_rows(empty_rejected())
    ()
    """
    return tuple(
        (int(row), str(reason))
        for row, reason in zip(
            rejected.column("row").to_pylist(), rejected.column("reason").to_pylist(), strict=True
        )
    )


def explain_rejected(text: Explanation, rejected: Any, rows_in: int, *, indent: int = 1) -> None:  # noqa: ANN401
    """Add the row accounting (rows in = used + rejected) and the first rejected rows to ``text``."""
    count = int(rejected.num_rows)
    text.add(
        f"Rows: {rows_in:,} in = {rows_in - count:,} used + {count:,} rejected",
        indent=indent,
    )
    for record in rejected.slice(0, QUOTED_ROWS).to_pylist():
        text.add(f"row {record['row']}: {record['reason']}", indent=indent + 1)
    if count > QUOTED_ROWS:
        text.add(f"... and {count - QUOTED_ROWS:,} more (see .rejected)", indent=indent + 1)


def rejected_table(rejected: Mapping[str, Any], *, title: str = "Rejected input rows") -> Table:
    """Return the ``rejected`` part of a batch result: each rejected row and its reason.

    ``rejected`` maps each input's name to its rejected-rows table (``row``, ``reason``, as
    :meth:`TableInput.check` gives it). With one input the part has the columns ``row`` and
    ``reason``; with several, an ``input`` column first says which input the row is from. The part
    is there (empty) when nothing was rejected, so every result of a kind has the same parts; an
    empty part is left out of the terminal's brief view (``Table.brief``).

    Examples
    --------
    >>> part = rejected_table({"enrollment": empty_rejected(), "claims": empty_rejected()})
    >>> [column.name for column in part.columns], part.rows
    (['input', 'row', 'reason'], ())
    """
    several = len(rejected) > 1
    columns = (
        (TableColumn("input", ColumnType.TEXT, description="the input the row is from"),)
        if several
        else ()
    ) + REJECTED_COLUMNS
    rows: list[tuple[Cell, ...]] = []
    for source, table in rejected.items():
        for record in rejected_records(table):
            cells: tuple[Cell, ...] = (record["row"], record["reason"])
            rows.append((source, *cells) if several else cells)
    return Table("rejected", title, columns, tuple(rows), brief=bool(rows))
