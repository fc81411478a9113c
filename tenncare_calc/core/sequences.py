"""Arguments that take several values: a list of names, codes, dates or members, never one text.

A string is iterable in Python, so ``carry="trip_id"`` or ``sample_enrollees("abc")`` would
otherwise be read letter by letter; a number or ``None`` would fail deep inside with a raw
``TypeError``. :func:`to_sequence` refuses both up front with the library's typed error.

>>> to_sequence(["59400", "59510"], field="codes", what="codes")
('59400', '59510')
>>> to_sequence("abc", field="enrollees", what="member ids")
Traceback (most recent call last):
...
tenncare_calc.InvalidTypeError: 'enrollees' must be a sequence of member ids, such as a list or a column, not one str (got 'abc')
"""

from __future__ import annotations

__all__ = ["column_names", "to_sequence"]

from collections.abc import Iterable, Mapping

from tenncare_calc.core.errors import InvalidInputError, InvalidTypeError

#: How much of a refused value an error message shows.
_SHOWN = 60


def to_sequence(value: object, *, field: str, what: str) -> tuple[object, ...]:
    """Return the items of ``value``, a list, tuple, set or column; text and mappings are refused.

    ``what`` names the items in the error message (``"codes"``, ``"member ids"``).
    """
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        shown = repr(value)
        shown = shown if len(shown) <= _SHOWN else f"{shown[:_SHOWN]}..."
        raise InvalidTypeError(
            f"{field!r} must be a sequence of {what}, such as a list or a column, not one "
            f"{type(value).__name__} (got {shown})",
            field=field,
            value=value,
        )
    return tuple(value)


def column_names(value: object, *, field: str) -> tuple[str, ...]:
    """Return column names given as one name or a sequence of names (``carry="trip_id"``).

    >>> column_names("trip_id", field="carry"), column_names(["a", "b"], field="carry")
    (('trip_id',), ('a', 'b'))
    >>> column_names(5, field="carry")
    Traceback (most recent call last):
    ...
    tenncare_calc.InvalidTypeError: 'carry' must be a column name or a sequence of column names (got int 5)
    """
    if isinstance(value, str):
        names: tuple[object, ...] = (value,)
    elif isinstance(value, bytes | Mapping) or not isinstance(value, Iterable):
        raise InvalidTypeError(
            f"{field!r} must be a column name or a sequence of column names "
            f"(got {type(value).__name__} {value!r})",
            field=field,
            value=value,
        )
    else:
        names = tuple(value)
    for name in names:
        if not isinstance(name, str) or not name:
            raise InvalidTypeError(
                f"{field!r}: each entry must be a column name (got {name!r})",
                field=field,
                value=name,
            )
    seen: set[object] = set()
    for name in names:
        if name in seen:
            raise InvalidInputError(f"{field}: {name!r} is named twice", field=field, value=name)
        seen.add(name)
    return tuple(str(name) for name in names)
