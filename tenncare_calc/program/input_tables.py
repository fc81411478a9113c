"""The program's row tables as the library reads them: from a file, rows, columns or a DataFrame.

A program run reads four small tables row by row (the rates, the plan facts, the damages
observations, and someone else's figures for a reconciliation). Each may be given as

* a path to a CSV, JSON or Parquet file (:func:`~tenncare_calc.columnar.read_rows`),
* :class:`~tenncare_calc.columnar.InputRows` already read,
* a sequence of mappings (one per row), a mapping of column name to a sequence of values, or
* a pandas or polars DataFrame;

and comes back as :class:`~tenncare_calc.columnar.InputRows`, so every message names the input
and the row: a file's row by its line (``rates.csv, line 3``, the header being line 1), a row
given in Python by its 0-based position (``plans, row 0``). Every such table carries a ``plan`` column;
:func:`plan_name` reads a plan as text (``7`` and ``"7"`` are the same plan) and :func:`year_of`
reads a year written ``2008`` or ``"2008"``.

>>> rows = as_rows([{"plan": "east", "year": "2008"}], name="plans")
>>> rows.source, rows.columns, rows.where(0)
('plans', ('plan', 'year'), 'plans, row 0')
>>> plan_name(7), year_of("2008", field="year")
('7', 2008)
"""

from __future__ import annotations

__all__ = ["as_rows", "plan_name", "year_of"]

from pathlib import Path
from typing import TYPE_CHECKING

from tenncare_calc.columnar import InputRows, plain_cell, read_rows, table_rows
from tenncare_calc.core.errors import InvalidInputError

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping
from tenncare_calc.core.values import to_year


def as_rows(
    data: object,
    *,
    name: str,
    columns: Mapping[str, str] | None = None,
    valid: Iterable[str] = (),
) -> InputRows:
    """Return a row table given as a path, rows, columns or a DataFrame as ``InputRows``.

    Column names are stripped of surrounding spaces; missing values (``None``, NaN, ``NaT``, blank
    text) become ``None`` (:func:`~tenncare_calc.columnar.table_rows`). An in-memory table's
    ``source`` is ``name``. ``columns`` renames (library name -> yours), checked against ``valid``.

    >>> as_rows({"plan": ["east", "west"], "year": [2008, 2008]}, name="plans").rows[1]
    {'plan': 'west', 'year': 2008}
    """
    if isinstance(data, str | Path):
        data = read_rows(data)
    return table_rows(data, name=name, columns=columns, valid=valid)


def plan_name(value: object) -> str | None:
    """Return a plan as text (surrounding spaces removed), or ``None`` when it is missing.

    >>> plan_name("  east "), plan_name(None), plan_name(12)
    ('east', None, '12')
    """
    value = plain_cell(value, from_frame=False)
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def year_of(value: object, *, field: str) -> int:
    """Return a calendar year written as a whole number or its text.

    >>> year_of(" 2009 ", field="year")
    2009
    >>> year_of("08", field="year")
    Traceback (most recent call last):
    ...
    tenncare_calc.InvalidValueError: 'year' must be a year ... (got 8)
    """
    value = plain_cell(value, from_frame=False)
    if isinstance(value, str):
        text = value.strip()
        if not text.isdigit():
            raise InvalidInputError(
                f"{field!r} must be a year such as 2008 (got {value!r})", field=field, value=value
            )
        value = int(text)
    elif isinstance(value, float) and value.is_integer():
        value = int(value)
    elif value is None:
        raise InvalidInputError(
            f"{field!r} is missing; give a year such as 2008", field=field, value=None
        )
    return to_year(value, field=field)
