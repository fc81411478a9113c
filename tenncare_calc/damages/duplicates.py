"""Exact duplicate observations: the same event recorded twice is charged once.

An observations extract often holds the same row twice (a file appended to itself, a join that
repeated a row). Two observations whose every field is equal (empty fields aside; names stripped)
describe one event, and charging both would double the damage without a word. The ledger rejects
every repeat as a duplicate of the first row with those fields (``duplicates="reject"``, the
default) unless told the repeats are real events (``duplicates="keep"``); two real events that
look alike are told apart by a ``reference``.

>>> repeated_rows([{"item": "a", "count": "2"}, {"item": "b"}, {" item ": "a", "count": "2", "x": None}])
{2: 0}
"""

from __future__ import annotations

__all__ = ["DUPLICATES_CHOICES", "Duplicates", "check_duplicates", "repeated_rows"]

from collections.abc import Hashable, Iterable, Mapping
from typing import Literal, TypeAlias

from tenncare_calc.columnar import empty_cell
from tenncare_calc.core.errors import InvalidValueError

#: What to do with exact duplicate observation rows.
Duplicates: TypeAlias = Literal["reject", "keep"]
DUPLICATES_CHOICES: tuple[Duplicates, ...] = ("reject", "keep")


def check_duplicates(duplicates: object) -> Duplicates:
    """Return the ``duplicates`` argument checked: ``"reject"`` or ``"keep"``.

    >>> check_duplicates("keep")
    'keep'
    """
    if isinstance(duplicates, str) and duplicates == "reject":
        return "reject"
    if isinstance(duplicates, str) and duplicates == "keep":
        return "keep"
    raise InvalidValueError(
        f"'duplicates' must be 'reject' or 'keep' (got {duplicates!r})",
        field="duplicates",
        value=duplicates,
    )


def _hashable(value: object) -> Hashable:
    if type(value) is str:
        return value.strip()
    if isinstance(value, Mapping):
        return ("mapping", tuple(sorted((repr(k), _hashable(v)) for k, v in value.items())))
    if isinstance(value, list | tuple | set | frozenset):
        return ("sequence", tuple(_hashable(v) for v in value))
    try:
        hash(value)
    except TypeError:
        return ("repr", repr(value))
    return (type(value).__name__, value)


def repeated_rows(records: Iterable[Mapping[str, object]]) -> dict[int, int]:
    """Return, for every row that repeats an earlier row field for field, that earlier row.

    Rows are numbered from 0 in input order; a row with no field filled is never a duplicate (it
    is rejected for what it lacks).

    >>> repeated_rows([{"item": "a"}, {"item": "a", "reference": None}, {}, {}])
    {1: 0}
    """
    seen: dict[tuple[Hashable, ...], int] = {}
    repeats: dict[int, int] = {}
    for row, record in enumerate(records):
        key = tuple(
            sorted(
                (name.strip(), _hashable(value))
                for name, value in record.items()
                if value is not None and not empty_cell(value)
            )
        )
        if not key:
            continue
        if key in seen:
            repeats[row] = seen[key]
        else:
            seen[key] = row
    return repeats
