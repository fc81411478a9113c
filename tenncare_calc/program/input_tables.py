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

import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from tenncare_calc.columnar import InputRows, read_rows
from tenncare_calc.core.errors import InvalidInputError, InvalidTypeError
from tenncare_calc.core.values import to_year


def _cell(value: object) -> object:
    """Return a cell with a missing value (``None``, NaN, ``NaT``, blank text) as ``None``."""
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, str) and not value.strip():
        return None
    if type(value).__name__ in {"NaTType", "NAType"}:
        return None
    return value


def _records(data: object, name: str) -> list[Mapping[str, Any]]:
    to_dicts = getattr(data, "to_dicts", None)
    if callable(to_dicts):  # a polars DataFrame
        found: list[Mapping[str, Any]] = to_dicts()
        return found
    to_dict = getattr(data, "to_dict", None)
    if callable(to_dict) and hasattr(data, "columns"):  # a pandas DataFrame
        records: list[Mapping[str, Any]] = to_dict(orient="records")
        return records
    if isinstance(data, Mapping):
        columns = {str(key): list(values) for key, values in data.items()}
        lengths = {len(values) for values in columns.values()}
        if len(lengths) > 1:
            raise InvalidInputError(
                f"the columns of {name!r} have different lengths ({sorted(lengths)})",
                field=name,
                value=sorted(lengths),
            )
        count = lengths.pop() if lengths else 0
        return [{key: values[at] for key, values in columns.items()} for at in range(count)]
    if isinstance(data, Sequence) and not isinstance(data, str | bytes):
        for at, row in enumerate(data):
            if not isinstance(row, Mapping):
                raise InvalidTypeError(
                    f"{name!r}, row {at}: each row must be a mapping of column name to value "
                    f"(got {type(row).__name__})",
                    field=name,
                    value=row,
                )
        return list(data)
    raise InvalidTypeError(
        f"{name!r} must be a file path, rows (a list of mappings), columns (a mapping of column "
        f"name to values) or a DataFrame (got {type(data).__name__})",
        field=name,
        value=data,
    )


def as_rows(data: object, *, name: str) -> InputRows:
    """Return a row table given as a path, rows, columns or a DataFrame as ``InputRows``.

    Column names are stripped of surrounding spaces; missing values (``None``, NaN, blank text)
    become ``None``. An in-memory table's ``source`` is ``name``.

    >>> as_rows({"plan": ["east", "west"], "year": [2008, 2008]}, name="plans").rows[1]
    {'plan': 'west', 'year': 2008}
    """
    if isinstance(data, InputRows):
        return data
    if isinstance(data, str | Path):
        return read_rows(data)
    records = _records(data, name)
    columns: list[str] = []
    for record in records:
        columns.extend(str(key).strip() for key in record if str(key).strip() not in columns)
    rows = tuple(
        {
            **dict.fromkeys(columns),
            **{str(key).strip(): _cell(value) for key, value in record.items()},
        }
        for record in records
    )
    return InputRows(name, "rows", tuple(columns), rows)


def plan_name(value: object) -> str | None:
    """Return a plan as text (surrounding spaces removed), or ``None`` when it is missing.

    >>> plan_name("  east "), plan_name(None), plan_name(12)
    ('east', None, '12')
    """
    value = _cell(value)
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
    value = _cell(value)
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
