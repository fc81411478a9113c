"""What counts as a missing value, and the notebook types a value may arrive as.

A value read from a DataFrame, a spreadsheet or a database is often "missing" in the form of its
library: ``None``, a float NaN, ``Decimal("NaN")``, pandas ``NaT`` and ``pd.NA``, a numpy
``datetime64("NaT")``. Every converter of the library asks :func:`is_missing` first, so each of them
is refused the same way (a :class:`~tenncare_calc.core.errors.MissingValueError` naming the field)
where a value is required, and read as "not given" where the argument is optional.

pandas and numpy types are recognised by their module and class name, never by importing those
libraries: ``import tenncare_calc`` loads neither.

>>> is_missing(None), is_missing(float("nan")), is_missing(Decimal("NaN")), is_missing(0)
(True, True, True, False)
>>> require_present(None, field="capitation")
Traceback (most recent call last):
...
tenncare_calc.MissingValueError: 'capitation' is missing (got None); give a value
"""

from __future__ import annotations

__all__ = ["foreign_kind", "is_given", "is_missing", "require_present"]

from decimal import Decimal

from tenncare_calc.core.errors import MissingValueError

#: Class names of pandas' missing-value singletons (``pd.NaT``, ``pd.NA``).
_PANDAS_MISSING = frozenset({"NaTType", "NAType"})


def foreign_kind(value: object) -> tuple[str, str]:
    """Return ``(library, class name)`` of ``value``: ``("numpy", "datetime64")``, ``("", "")``.

    The library is the top-level package of the value's class when it is pandas, numpy, pyarrow or
    polars, and ``""`` for anything else (built-in types included).

    >>> foreign_kind(3)
    ('', '')
    """
    kind = type(value)
    library = kind.__module__.partition(".")[0]
    if library in {"pandas", "numpy", "pyarrow", "polars"}:
        return library, kind.__name__
    return "", ""


def is_missing(value: object) -> bool:
    """Return whether ``value`` is a missing value: None, NaN, NaT or ``pd.NA``.

    >>> is_missing(""), is_missing("NaN")
    (False, False)
    """
    if value is None:
        return True
    if isinstance(value, Decimal):
        return value.is_nan()
    if isinstance(value, float):
        return value != value  # noqa: PLR0124 - NaN is the one value unequal to itself
    library, name = foreign_kind(value)
    missing = False
    if library == "pandas":
        missing = name in _PANDAS_MISSING
    elif library == "numpy" and name in {"datetime64", "timedelta64"}:
        missing = str(value) == "NaT"
    elif library == "numpy" and name.startswith("float"):
        missing = bool(value != value)  # noqa: PLR0124 - as above
    elif library == "pyarrow":
        missing = not bool(getattr(value, "is_valid", True))
    return missing


def is_given(value: object) -> bool:
    r"""Return whether an optional value was given: neither missing nor blank text.

    Missing is what :func:`is_missing` says (None, NaN, ``NaT``, ``pd.NA``); blank text (empty, or
    only spaces, tabs and other Unicode white space) is what an empty cell of a spreadsheet or a
    SAS or CSV extract gives. The table checks read such a cell as empty, so the one-value checks
    read the same value in an optional argument as not given.

    >>> [is_given(value) for value in (None, float("nan"), "", " \t", "2008-10-06 09:00", 0)]
    [False, False, False, False, True, True]
    """
    return not is_missing(value) and not (isinstance(value, str) and not value.strip())


def require_present(value: object, *, field: str) -> object:
    """Return ``value``, or raise :class:`MissingValueError` naming ``field`` when it is missing.

    >>> require_present(0, field="count")
    0
    """
    if is_missing(value):
        raise MissingValueError(
            f"{field!r} is missing (got {value!r}); give a value", field=field, value=value
        )
    return value
