"""Choices: one value read as one of a few options, as a table check reads a column of choices.

A check that takes a choice (an appointment's urgency, a trip's mode of transport, a denial's
reason) reads it as its table form reads the column
(:func:`~tenncare_calc.columnar.categories.choice_categories`): text trimmed of the white space
around it and compared in lower case, so ``" Urgent"`` is ``urgent`` in both forms, and the
finding names the option in lower case. Text that is no option is an
:class:`~tenncare_calc.core.errors.InvalidInputError` answered with the closest option; a value
that is not text is of the wrong type, an :class:`~tenncare_calc.core.errors.InvalidTypeError`
(a ``TypeError``), whichever check reads it; an
optional choice that is missing or blank (:func:`~tenncare_calc.core.missing.is_given`) is not
given, as an empty cell is.

>>> to_choice(" URGENT ", ("routine", "urgent"), field="urgency")
'urgent'
>>> to_optional_choice("  ", ("voluntary", "involuntary"), field="admission") is None
True
>>> to_choice("urgnet", ("routine", "urgent"), field="urgency")
Traceback (most recent call last):
...
tenncare_calc.InvalidInputError: 'urgency' must be one of ['routine', 'urgent'] (got 'urgnet') (did you mean 'urgent'?)
"""

from __future__ import annotations

__all__ = ["to_choice", "to_optional_choice"]

from typing import TYPE_CHECKING

from tenncare_calc.core.errors import InvalidInputError, InvalidTypeError, did_you_mean
from tenncare_calc.core.missing import is_given

if TYPE_CHECKING:
    from collections.abc import Sequence

#: Lower case as the table checks lower it (pyarrow's ``utf8_lower``): the capital I with a dot
#: above is a plain ``i`` there, where Python's ``str.lower`` gives ``i`` and a combining dot.
_AS_TABLES_LOWER = str.maketrans({"\u0130": "i"})


def _refused(
    value: object,
    options: Sequence[str],
    field: str,
    error: type[InvalidInputError | InvalidTypeError],
    *,
    optional: bool,
    hint: str = "",
) -> InvalidInputError | InvalidTypeError:
    listed = f"{list(options)} or None" if optional else f"{list(options)}"
    return error(
        f"{field!r} must be one of {listed} (got {value!r}){hint}", field=field, value=value
    )


def _read(
    value: object,
    options: Sequence[str],
    field: str,
    *,
    optional: bool,
) -> str:
    if not isinstance(value, str):
        raise _refused(value, options, field, InvalidTypeError, optional=optional)
    text = value.strip().translate(_AS_TABLES_LOWER).lower()
    if text not in options:
        hint = did_you_mean(text, options)
        raise _refused(value, options, field, InvalidInputError, optional=optional, hint=hint)
    return text


def to_choice(
    value: object,
    options: Sequence[str],
    *,
    field: str,
) -> str:
    r"""Return ``value`` as one of ``options`` (lower-case text): trimmed and in lower case.

    A value that is not text (a number, None, bytes, a Decimal) is of the wrong type: an
    :class:`~tenncare_calc.core.errors.InvalidTypeError` (a ``TypeError``) naming ``field``, the
    value and the options, in every check that takes a choice. Text that is no option, blank text
    included, is an :class:`~tenncare_calc.core.errors.InvalidInputError` (a ``ValueError``)
    naming ``field``, the options and the closest of them, as a table rejects such a cell.

    >>> to_choice("\tFixed_Route", ("nemt_provider", "fixed_route"), field="mode")
    'fixed_route'
    >>> to_choice(3, ("routine", "urgent"), field="urgency")
    Traceback (most recent call last):
    ...
    tenncare_calc.InvalidTypeError: 'urgency' must be one of ['routine', 'urgent'] (got 3)
    """
    return _read(value, options, field, optional=False)


def to_optional_choice(
    value: object,
    options: Sequence[str],
    *,
    field: str,
) -> str | None:
    """Return ``value`` as one of ``options``, or None when it is missing or blank (not given).

    None, NaN, ``NaT``, ``pd.NA`` and blank text are not given, as an empty cell of a nullable
    column of choices is; any other value is read as :func:`to_choice` reads it.

    >>> to_optional_choice(float("nan"), ("urgent",), field="exemption") is None
    True
    >>> to_optional_choice(" Urgent", ("urgent",), field="exemption")
    'urgent'
    """
    if not is_given(value):
        return None
    return _read(value, options, field, optional=True)
