"""The ``columns=`` argument: your column names for the names a batch function reads.

Every function of the library that reads a table takes ``columns: Mapping[str, str] | None``,
mapping the library's name of a column to the name it has in your table, so an extract keeps its
own header::

    member_months(spans, year=2008, columns={"member_id": "MEMBER_ID", "start_date": "EFF_DATE",
                                             "end_date": "TERM_DATE"})

The same argument, with the same meaning, everywhere:

* A library name the function does not read is an
  :class:`~tenncare_calc.core.errors.InvalidInputError` listing the names it does read.
* A source column your table lacks is the same error, naming the columns the table has.
* A mapped column is read under its library name only, as if you had renamed it by hand; columns
  you do not map are read under their own names, and a column of your table that has the library
  name of a mapped column is ignored (the mapped source is read instead). One source column may
  feed several library names (a one-day event's ``start`` and ``end``).

The renaming happens before the rule sees the data (in :func:`renamed_table` and
:func:`~tenncare_calc.columnar.row_input.table_rows`), so rejected rows, messages and carried columns
are as if the table had been renamed by hand.

>>> mapping = column_names({"member_id": "MEMBER_ID"}, valid=["member_id", "start_date"], name="spans")
>>> renamed_table({"MEMBER_ID": [1, 2], "start_date": ["2008-01-01", None]}, mapping, name="spans")
{'start_date': ['2008-01-01', None], 'member_id': [1, 2]}
>>> column_names({"member": "MEMBER_ID"}, valid=["member_id", "start_date"], name="spans")
Traceback (most recent call last):
...
tenncare_calc.InvalidInputError: columns= names 'member', a column 'spans' does not read (did you mean 'member_id'?); the library's names for its columns are 'member_id', 'start_date' (map each to yours: columns={'member_id': 'YOUR_NAME'})
"""

from __future__ import annotations

__all__ = [
    "ColumnNames",
    "NamedColumns",
    "check_all_read",
    "column_names",
    "named_columns",
    "renamed_table",
    "table_columns",
]

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TypeAlias

import attrs

from tenncare_calc.columnar.arrow_input import _from_arrow_stream, _is_instance_of, _present_columns
from tenncare_calc.core.errors import InvalidInputError, InvalidTypeError, did_you_mean, require

#: The ``columns=`` argument: library column name -> the caller's column name.
ColumnNames: TypeAlias = Mapping[str, str]


def column_names(columns: object, *, valid: Iterable[str], name: str) -> dict[str, str]:
    """Return the ``columns=`` argument checked against the names a function reads.

    ``columns`` is ``None`` (no renaming) or a mapping from a library column name (one of
    ``valid``) to the name of the caller's column. Raises
    :class:`~tenncare_calc.core.errors.InvalidInputError` for an unknown library name (listing
    ``valid``) and :class:`~tenncare_calc.core.errors.InvalidTypeError` for anything but a
    mapping of text to text.

    >>> column_names(None, valid=["plan"], name="rates")
    {}
    >>> column_names({"plan": " PLAN_ID "}, valid=["plan"], name="rates")
    {'plan': 'PLAN_ID'}
    """
    if columns is None:
        return {}
    if not isinstance(columns, Mapping):
        raise InvalidTypeError(
            "'columns' must be a mapping of the library's column name to yours, such as "
            f"{{'member_id': 'MEMBER_ID'}} (got {type(columns).__name__})",
            field="columns",
            value=columns,
        )
    known = list(dict.fromkeys(valid))
    checked: dict[str, str] = {}
    for key, source in columns.items():
        if not isinstance(key, str) or not isinstance(source, str) or not source.strip():
            raise InvalidTypeError(
                "'columns' must map column names (text) to column names (text), such as "
                f"{{'member_id': 'MEMBER_ID'}} (got {key!r}: {source!r})",
                field="columns",
                value={key: source},
            )
        if key.strip() not in known:
            raise InvalidInputError(
                f"columns= names {key!r}, a column {name!r} does not read"
                f"{did_you_mean(key.strip(), known)}; the library's names for its columns are "
                f"{', '.join(map(repr, known))} (map each to yours: columns={{"
                f"{(known or [key])[0]!r}: 'YOUR_NAME'}})",
                field="columns",
                value=key,
            )
        checked[key.strip()] = source.strip()
    return checked


def _missing(sources: Iterable[str], present: Sequence[str], name: str) -> None:
    if absent := [source for source in dict.fromkeys(sources) if source not in present]:
        raise InvalidInputError(
            f"columns= maps to {', '.join(map(repr, absent))}, not a column of {name!r} "
            f"(it has: {', '.join(map(repr, present)) or 'no columns'})",
            field="columns",
            value=absent,
        )


def table_columns(data: object) -> list[str]:
    """Return the column names of a table (Arrow, a pandas, polars or Dask frame, a mapping).

    >>> table_columns({"MEMBER_ID": [1], "EFF_DATE": [None]})
    ['MEMBER_ID', 'EFF_DATE']
    """
    return _present_columns(data)


def _pa() -> Any:  # noqa: ANN401 - the pyarrow module
    return require("pyarrow", extra="data", purpose="renaming the columns of an Arrow table")


def renamed_table(data: object, mapping: Mapping[str, str], *, name: str) -> object:
    """Return a columnar input (as :func:`~tenncare_calc.columnar.read_table` takes) renamed.

    ``mapping`` is :func:`column_names`'s result. The input keeps its kind where it can (a pyarrow
    table stays one, a pandas, polars or Dask frame stays one, a mapping of columns stays one); a
    list of records becomes a mapping of columns. Without a mapping the input is returned as it is.

    >>> import pyarrow as pa
    >>> renamed_table(pa.table({"ID": [1], "plan": ["A"]}), {"member_id": "ID"}, name="spans").column_names
    ['plan', 'member_id']
    """
    if not mapping:
        return data
    data = _from_arrow_stream(data)
    shadowed = set(mapping) | set(mapping.values())
    if isinstance(data, Mapping):
        present = [str(column) for column in data]
        _missing(mapping.values(), present, name)
        kept = {key: values for key, values in data.items() if key not in shadowed}
        return {**kept, **{target: data[source] for target, source in mapping.items()}}
    if _is_instance_of(data, "pandas", ("DataFrame",)) or _is_instance_of(
        data, "dask", ("DataFrame",)
    ):
        frame: Any = data
        index_names = [str(n) for n in getattr(frame.index, "names", [frame.index.name]) if n]
        present = [str(c) for c in frame.columns]
        if any(s in index_names and s not in present for s in mapping.values()):
            frame = frame.reset_index()
            present = [str(c) for c in frame.columns]
        _missing(mapping.values(), present, name)
        drop = [column for column in frame.columns if column in shadowed]
        sources = {target: frame[source] for target, source in mapping.items()}
        return frame.drop(columns=drop).assign(**sources)
    if _is_instance_of(data, "polars", ("DataFrame",)):
        frame = data
        present = [str(c) for c in frame.columns]
        _missing(mapping.values(), present, name)
        drop = [column for column in frame.columns if column in shadowed]
        added = [frame[source].alias(target) for target, source in mapping.items()]
        return frame.drop(drop).with_columns(added)
    pa = _pa()
    if isinstance(data, pa.RecordBatch):
        data = pa.Table.from_batches([data])
    if isinstance(data, pa.Table):
        present = _present_columns(data)
        _missing(mapping.values(), present, name)
        table = data.drop_columns([c for c in data.column_names if c in shadowed])
        for target, source in mapping.items():
            table = table.append_column(target, data.column(source))
        return table
    return data  # not a table: read_table names the type it cannot read


@attrs.define(eq=False)
class NamedColumns:
    """A table and the ``columns=`` mapping to read it with, renamed when a reader names its columns.

    :func:`~tenncare_calc.columnar.read_table` unwraps it with :meth:`renamed_for` the columns it
    reads (``wanted``), so a function that reads its table through ``read_table`` renames exactly
    the columns it reads, and a ``strict`` mapping naming a column it does not read is an error
    listing the ones it does. A function reading several tables with one mapping makes them
    non-strict and calls :func:`check_all_read` once they are read.
    """

    data: object
    mapping: Mapping[str, str]
    name: str
    strict: bool = True
    read: set[str] = attrs.field(factory=set)
    wanted: list[str] = attrs.field(factory=list)

    def renamed_for(self, wanted: Sequence[str]) -> object:
        """Return the table renamed for the columns ``wanted`` (checking the mapping if strict)."""
        self.wanted.extend(name for name in wanted if name not in self.wanted)
        if self.strict:
            column_names(self.mapping, valid=wanted, name=self.name)
        used = {key: value for key, value in self.mapping.items() if key in wanted}
        self.read.update(used)
        return renamed_table(self.data, used, name=self.name)


def named_columns(data: object, columns: object, *, name: str, strict: bool = True) -> object:
    """Return ``data`` to be read with the ``columns=`` mapping (unchanged when there is none).

    >>> table = named_columns({"ID": [1]}, {"member_id": "ID"}, name="claims")
    >>> from tenncare_calc.columnar import Column, ColumnKind, read_table
    >>> read_table(table, [Column("member_id", ColumnKind.ID)], name="claims").column("member_id")
    <pyarrow.lib.Int64Array object at ...>
    [
      1
    ]
    """
    if columns is None:
        return data
    mapping = column_names(
        columns, valid=columns if isinstance(columns, Mapping) else (), name=name
    )
    return NamedColumns(data, mapping, name, strict=strict) if mapping else data


def check_all_read(tables: Iterable[object], columns: object, *, name: str) -> None:
    """Return nothing; raise if a name of ``columns=`` was read from none of ``tables``.

    ``tables`` are the non-strict :class:`NamedColumns` a function made of its inputs, once read.

    >>> from tenncare_calc.columnar import Column, ColumnKind, read_table
    >>> claims = named_columns({"ID": [1]}, {"member_id": "ID", "typo": "X"}, name="c", strict=False)
    >>> _ = read_table(claims, [Column("member_id", ColumnKind.ID)], name="claims")
    >>> check_all_read([claims], {"member_id": "ID", "typo": "X"}, name="claims")
    Traceback (most recent call last):
    ...
    tenncare_calc.InvalidInputError: columns= names 'typo', a column 'claims' does not read; ...
    """
    wrappers = [table for table in tables if isinstance(table, NamedColumns)]
    if not wrappers or not isinstance(columns, Mapping):
        return
    wanted = [column for wrapper in wrappers for column in wrapper.wanted]
    column_names(columns, valid=wanted, name=name)
