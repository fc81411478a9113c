"""Rows by group and the rows kept: work done once per group, arrays indexed by the usable rows.

:func:`groups` numbers the distinct combinations of a few coded columns (plan, site, service), so a
check computes once per group and spreads the result back to the rows with a ``take``.
:func:`kept_rows` indexes arrays that hold every input row by the rows a check kept.
"""

from __future__ import annotations

__all__ = ["groups", "kept_rows"]

from typing import TYPE_CHECKING, Any

from tenncare_calc.core.errors import require

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from tenncare_calc.columnar.tables import CheckedTable

    IntArray = npt.NDArray[np.int64]


def _np() -> Any:  # noqa: ANN401 - the numpy module
    return require("numpy", extra="data", purpose="reading batch check inputs")


def groups(*columns: tuple[IntArray, int]) -> tuple[IntArray, IntArray]:
    """Return each row's group (its combination of codes) and one row of each group.

    Each column is a pair (codes from 0 to ``count - 1``, ``count``). Groups are numbered in the
    order of their codes, first column first, so work done once per distinct combination can be
    spread back to the rows with a ``take``: ``result_of_group[group]``.

    >>> import numpy as np
    >>> plan, site = np.array([1, 0, 1, 1]), np.array([0, 2, 0, 1])
    >>> group, row = groups((plan, 2), (site, 3))
    >>> group.tolist(), plan[row].tolist(), site[row].tolist()
    ([1, 0, 1, 2], [0, 1, 1], [2, 0, 1])
    """
    np = _np()
    rows = len(columns[0][0]) if columns else 0
    dense = max(4 * rows, 1 << 16)
    key = np.zeros(rows, dtype=np.int64)
    size = 1
    for codes_, count in columns:
        if count == 1:
            continue  # a column with a single code splits no group
        if size * count > dense:
            # renumber the combinations so far, so the key never outgrows int64
            distinct, key = np.unique(key, return_inverse=True)
            size = len(distinct)
        key = key * count + np.asarray(codes_, dtype=np.int64)
        size *= count
    if size > dense:
        distinct, group = np.unique(key, return_inverse=True)
        size = len(distinct)
    else:
        present = np.bincount(key, minlength=size) > 0
        group = (np.cumsum(present) - 1)[key]
        size = int(present.sum())
    # every row of a group has the same codes, so any one of them represents it
    representative = np.zeros(size, dtype=np.int64)
    representative[group] = np.arange(rows, dtype=np.int64)
    result: IntArray = group.astype(np.int64, copy=False)
    return result, representative


def kept_rows(checked: CheckedTable) -> IntArray | slice:
    """Return an index of the usable rows, for arrays that hold every input row.

    When no row was rejected it is ``slice(None)``: indexing an array with it is a view of the
    array, not a copy.

    >>> from tenncare_calc.columnar.tables import Column, ColumnKind, read_table
    >>> table = read_table({"at": ["2008-12-23", "noon"]}, [Column("at", ColumnKind.LABEL)],
    ...     name="t")
    >>> kept_rows(table.check())
    slice(None, None, None)
    >>> from tenncare_calc.columnar.times import moments
    >>> table, _, _ = moments(table, "at")
    >>> kept_rows(table.check(on_error="collect")).tolist()
    [0]
    """
    if checked.rows_used == checked.rows_in:
        return slice(None)
    return checked.positions()
