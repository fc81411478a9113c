"""The library's errors: one base class, each subclass also a built-in that fits.

Every error the library raises on purpose derives from :class:`TennCareError`, so a caller can catch
all of them at once. Errors about a bad *value* are also :class:`ValueError`; errors about a wrong
*type* are also :class:`TypeError`; a missing optional dependency is also :class:`ImportError`.
Each error keeps what it complains about as attributes (``field``, ``value``), not only in its text.

>>> from tenncare_calc.core.values import to_money
>>> try:
...     to_money("-3", field="capitation")
... except ValueError as error:
...     print(error.field, error.value)
...     print(error)
capitation -3
'capitation' must be >= 0 (got Decimal('-3'))
"""

from __future__ import annotations

__all__ = [
    "InvalidInputError",
    "InvalidTypeError",
    "InvalidValueError",
    "MissingDependencyError",
    "MissingValueError",
    "OutsideTermError",
    "ProfileError",
    "RejectedRowsError",
    "TennCareError",
    "did_you_mean",
]

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable
    from types import ModuleType


class TennCareError(Exception):
    """Base class of every error tenncare_calc raises on purpose.

    ``field`` names the argument, column or profile key at fault (``None`` when there is none);
    ``value`` is the offending value as received.
    """

    def __init__(self, message: str, *, field: str | None = None, value: object = None) -> None:
        super().__init__(message)
        self.field = field
        self.value = value


class InvalidValueError(TennCareError, ValueError):
    """A value of the right type that the contract rules cannot accept (negative, out of range)."""


class InvalidTypeError(TennCareError, TypeError):
    """A value of a type the library does not accept for that field (``bool`` as money, ``None``)."""


class MissingValueError(InvalidValueError, InvalidTypeError):
    """A required value that is missing: ``None``, NaN, ``NaT`` or ``pd.NA`` where a value must be.

    Both a :class:`ValueError` and a :class:`TypeError`, so code that caught either before (``None``
    was a type error, NaN a value error) still catches it.
    """


class ProfileError(InvalidValueError):
    """A contract profile (or an override of it) that is malformed: unknown key, bad table."""


class OutsideTermError(InvalidValueError):
    """A contract parameter asked for on a date outside the term in which it is in force."""


class InvalidInputError(InvalidValueError):
    """A structured input (a file, a table, a measure mapping) that does not fit its documented form."""


class RejectedRowsError(InvalidInputError):
    """Rows of a batch input that cannot be computed; ``rejected`` lists ``(row, reason)`` pairs.

    Raised only with ``on_error="raise"``; with ``on_error="collect"`` the same rows come back on the
    result instead.
    """

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        rejected: tuple[tuple[int, str], ...] = (),
    ) -> None:
        super().__init__(message, field=field, value=None)
        self.rejected = rejected


class MissingDependencyError(TennCareError, ImportError):
    """An optional dependency is not installed; the message names the extra that provides it."""

    def __init__(self, message: str, *, extra: str) -> None:
        super().__init__(message, field=None, value=None)
        self.extra = extra


#: The errors are public as ``tenncare_calc.<Name>`` (``tc.InvalidInputError``), so tracebacks,
#: reprs and pickles name them where users import them from, whatever module defines them.
for _error in (
    TennCareError,
    InvalidValueError,
    InvalidTypeError,
    MissingValueError,
    ProfileError,
    OutsideTermError,
    InvalidInputError,
    RejectedRowsError,
    MissingDependencyError,
):
    _error.__module__ = "tenncare_calc"


def require(module: str, *, extra: str, purpose: str) -> ModuleType:
    """Return the imported optional ``module``, or raise :class:`MissingDependencyError`.

    >>> require("decimal", extra="data", purpose="exact arithmetic").__name__
    'decimal'
    """
    import importlib  # noqa: PLC0415 - only needed when an optional module is asked for

    try:
        return importlib.import_module(module)
    except ImportError as error:
        message = (
            f"{purpose} needs the optional package {module!r}, which is not installed; "
            f"install it with: pip install 'tenncare-calc[{extra}]'"
        )
        raise MissingDependencyError(message, extra=extra) from error


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """Return `` (did you mean 'x'?)`` for the closest of ``known`` names, or ``""`` if none is close.

    Error messages about an unknown name (a parameter, a measure, a standard) append it, so a typo
    is answered with its fix.

    >>> did_you_mean("pmpm_ammount", ["pmpm_amount", "cap_percent"])
    " (did you mean 'pmpm_amount'?)"
    >>> did_you_mean("zzz", ["pmpm_amount"])
    ''
    """
    import difflib  # noqa: PLC0415 - only for a message: not every run's start

    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""
