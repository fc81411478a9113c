"""Categories: repeated text read once per distinct value (choices, codes, labels) and written back.

A million rows of service codes hold a dozen distinct codes, so the choice, code and label columns
are read as :class:`Categories`: each distinct value trimmed, checked and looked up once, each row
its position among them (:mod:`.sorted_categories` ranks them in sorted order).
:func:`text_column` and :func:`repeated_text` write a column of a few texts back out the same way,
with one ``take`` instead of a Python string per row.

>>> from tenncare_calc.columnar.tables import Column, ColumnKind, read_table
>>> table = read_table({"u": ["routine", " URGENT"]}, [Column("u", ColumnKind.LABEL)], name="t")
>>> _, urgency = choice_categories(table, "u", ("routine", "urgent"))
>>> urgency.values(), urgency.take(slice(None)).to_pylist()
(('routine', 'urgent'), ['routine', 'urgent'])
"""

from __future__ import annotations

__all__ = [
    "Categories",
    "choice_categories",
    "choices",
    "code_categories",
    "codes",
    "flag_column",
    "label_categories",
    "read_flags",
    "repeated_text",
    "text_categories",
    "text_column",
    "texts",
]

from typing import TYPE_CHECKING, Any

import attrs

from tenncare_calc.columnar.arrow_kernels import compute
from tenncare_calc.columnar.column_batches import (
    arrow_numbers,
    blank_as_null,
)
from tenncare_calc.columnar.columns import _null_problem, read_flags
from tenncare_calc.columnar.text_codes import (
    _fixed_width_encoded,
    _lengths_encoded,
    _mostly_null_encoded,
)
from tenncare_calc.core.codes import CODE_FLOAT_LIMIT, CODE_NUMBER_LIMIT
from tenncare_calc.core.errors import require

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    import numpy as np
    import numpy.typing as npt

    from tenncare_calc.columnar.tables import TableInput

    BoolArray = npt.NDArray[np.bool_]
    IntArray = npt.NDArray[np.int64]
    ObjectArray = npt.NDArray[np.object_]


def _pa() -> Any:  # noqa: ANN401 - the pyarrow module
    return require("pyarrow", extra="data", purpose="reading batch check inputs")


def _np() -> Any:  # noqa: ANN401 - the numpy module
    return require("numpy", extra="data", purpose="reading batch check inputs")


@attrs.frozen(eq=False)
class Categories:
    """A column as each row's position in its distinct values: repeated text read once per value.

    A million rows of service codes hold a dozen distinct codes: they are trimmed, checked and
    looked up once per code, and written back out with a ``take`` instead of row by row.
    ``dictionary`` is a pyarrow array (``large_string`` for text; a null is a value of its own);
    ``index`` gives each row's position in it.

    >>> import numpy as np
    >>> import pyarrow as pa
    >>> names = pa.array(["routine", "urgent"], pa.large_string())
    >>> urgency = Categories(np.array([1, 0, 1]), names)
    >>> urgency.values(), urgency.to_numpy().tolist()
    (('routine', 'urgent'), ['urgent', 'routine', 'urgent'])
    >>> urgency.take(np.array([2, 1])).to_pylist()
    ['urgent', 'routine']
    >>> urgency.rows_where([False, True]).tolist()
    [True, False, True]
    """

    index: IntArray
    dictionary: Any

    def values(self) -> tuple[Any, ...]:
        """Return the distinct values as Python objects (None for a null)."""
        return tuple(self.dictionary.to_pylist())

    def rows_where(self, chosen: Sequence[bool] | BoolArray) -> BoolArray:
        """Return which rows hold a value whose flag in ``chosen`` (one per value) is true."""
        np = _np()
        result: BoolArray = np.asarray(chosen, dtype=bool)[self.index]
        return result

    def take(self, rows: IntArray | slice) -> Any:  # noqa: ANN401 - a pyarrow Array
        """Return the values of the rows at positions ``rows`` (or a slice) as a pyarrow array."""
        pa = _pa()
        return compute.take(self.dictionary, pa.array(self.index[rows], pa.int64()))

    def encoded(self, rows: IntArray | slice) -> Any:  # noqa: ANN401 - a pyarrow Array
        """Return the values of the rows at ``rows`` as a dictionary array (each value stored once).

        The same values as :meth:`take` (a null value is a null row), without a copy per row.

        >>> import numpy as np
        >>> import pyarrow as pa
        >>> codes = Categories(np.array([1, 0, 2]), pa.array(["19", "20", None], pa.large_string()))
        >>> codes.encoded(np.array([0, 2, 1])).to_pylist()
        ['20', None, '19']
        """
        np, pa = _np(), _pa()
        indices = np.asarray(self.index[rows], dtype=np.int32)
        dictionary = self.dictionary
        mask = None
        if dictionary.null_count:
            nulls = np.asarray(
                compute.is_null(dictionary).to_numpy(zero_copy_only=False), dtype=bool
            )
            mask = nulls[indices]
        return pa.DictionaryArray.from_arrays(pa.array(indices, pa.int32(), mask=mask), dictionary)

    def column(self) -> Any:  # noqa: ANN401 - a pyarrow Array
        """Return every row's value as a pyarrow array."""
        return compute.take(self.dictionary, arrow_numbers(self.index))

    def to_numpy(self) -> ObjectArray:
        """Return every row's value in a numpy object array (None for a null)."""
        np = _np()
        values = np.asarray(self.dictionary.to_numpy(zero_copy_only=False), dtype=object)
        result: ObjectArray = values[self.index]
        return result


def _categories(
    array: Any,  # noqa: ANN401 - a pyarrow array
    normalise: Callable[[Any], Any],
    rows: IntArray | None = None,
) -> Categories:
    """Return ``normalise`` applied to a column, computed once per distinct value.

    ``normalise`` maps a pyarrow array to one as long (element by element); values that become
    equal share one position. ``rows`` (positions) reads those rows only, as if taken first.
    """
    np, pa, pc = _np(), _pa(), compute
    if pa.types.is_null(array.type):
        array = pa.nulls(len(array), pa.large_string())
    normalise(array.slice(0, 0))  # a type it cannot read fails as it did when read row by row
    position, dictionary = _encoded(array, rows)
    distinct = pc.dictionary_encode(normalise(dictionary), null_encoding="encode")
    merged = np.asarray(distinct.indices.to_numpy(zero_copy_only=False), dtype=np.int64)
    if len(merged) == len(distinct.dictionary) and (merged == np.arange(len(merged))).all():
        return Categories(position, distinct.dictionary)  # no two values merged: as encoded
    return Categories(merged[position], distinct.dictionary)


def _encoded(array: Any, rows: IntArray | None = None) -> tuple[IntArray, Any]:  # noqa: ANN401
    """Return each row's position in the distinct values of ``array``, and those values.

    A null is a value of its own (the last). A dictionary-encoded array keeps its dictionary.
    ``rows`` (positions) encodes ``array.take(rows)``, reading codes of one width in place.
    """
    np, pa, pc = _np(), _pa(), compute
    fixed = _fixed_width_encoded(array, rows)
    if fixed is None and rows is not None:
        return _encoded(compute.take(array, arrow_numbers(rows)))
    if fixed is None:
        fixed = _lengths_encoded(array)
    if fixed is None:
        fixed = _mostly_null_encoded(array, _encoded)
    if fixed is not None:  # a column of codes or choices encoded without hashing each text
        return fixed
    encoded = array if pa.types.is_dictionary(array.type) else pc.dictionary_encode(array)
    dictionary = encoded.dictionary
    indices = encoded.indices
    if indices.null_count:
        indices = pc.fill_null(indices, len(dictionary))
        dictionary = pa.concat_arrays([dictionary, pa.nulls(1, dictionary.type)])
    position: IntArray = np.asarray(indices.to_numpy(zero_copy_only=False), dtype=np.int64)
    return position, dictionary


def _each_value_null(categories: Categories) -> BoolArray:
    np, pc = _np(), compute
    nulls: BoolArray = np.asarray(
        pc.is_null(categories.dictionary).to_numpy(zero_copy_only=False), dtype=bool
    )
    if not nulls.any():  # no null value: no row to look up
        none: BoolArray = np.zeros(len(categories.index), dtype=bool)
        return none
    return categories.rows_where(nulls)


def text_column(index: IntArray | BoolArray, texts: Sequence[str | None]) -> Any:  # noqa: ANN401
    """Return a dictionary column whose row ``i`` is ``texts[index[i]]`` (None: a null).

    The fast way to write a column that takes one of a few texts: each text is stored once and
    each row holds its position (a ``dictionary<int32, large_string>`` array), not a Python string
    or a copy of the text per row. ``to_pylist()``, CSV and frames see the texts. A boolean
    ``index`` picks ``texts[1]`` where true.

    >>> import numpy as np
    >>> text_column(np.array([True, False]), ("not_met", "met")).to_pylist()
    ['met', 'not_met']
    >>> column = text_column(np.array([2, 0]), ("minutes", "calendar days", None))
    >>> column.to_pylist(), str(column.type)
    ([None, 'minutes'], 'dictionary<values=large_string, indices=int32, ordered=0>')
    """
    np = _np()
    positions = np.asarray(index)
    if positions.dtype == bool:  # 0 and 1: in range of two texts or more
        return _dictionary_column(positions.view(np.uint8), list(texts), in_range=len(texts) > 1)
    return _dictionary_column(positions, list(texts))


def repeated_text(text: str | None, rows: int) -> Any:  # noqa: ANN401 - a pyarrow Array
    """Return a dictionary column of ``rows`` rows that all hold ``text`` (None: nulls).

    The text is stored once (a ``dictionary<int32, large_string>`` array, as :func:`text_column`).

    >>> repeated_text("Attachment V", 2).to_pylist()
    ['Attachment V', 'Attachment V']
    """
    np = _np()
    return _dictionary_column(np.zeros(rows, dtype=np.int32), [text], in_range=True)


def flag_column(values: BoolArray, nulls: BoolArray | None = None) -> Any:  # noqa: ANN401
    """Return a numpy bool array as a pyarrow boolean array, a null where ``nulls`` is true.

    The same array as ``pa.array(values, pa.bool_(), mask=nulls)``, written as the two bitmaps
    Arrow keeps (the values and the valid rows, packed eight rows a byte by numpy) rather than
    converted value by value.

    >>> import numpy as np
    >>> flag_column(np.array([True, False, True]), np.array([False, False, True])).to_pylist()
    [True, False, None]
    """
    np, pa = _np(), _pa()
    flags = np.asarray(values, dtype=bool)
    rows = len(flags)
    validity = None
    missing = 0
    if nulls is not None:
        valid = ~np.asarray(nulls, dtype=bool)
        missing = rows - int(np.count_nonzero(valid))
        if missing:
            validity = pa.py_buffer(np.packbits(valid, bitorder="little"))
    data = pa.py_buffer(np.packbits(flags, bitorder="little"))
    return pa.Array.from_buffers(pa.bool_(), rows, [validity, data], null_count=missing)


def _dictionary_column(
    positions: Any,  # noqa: ANN401 - a numpy integer array
    texts: list[str | None],
    *,
    in_range: bool = False,
) -> Any:  # noqa: ANN401 - a pyarrow DictionaryArray
    """Return the dictionary array of ``texts`` at ``positions``; a None text is a null row.

    The positions are written as they are (the valid rows a bitmap packed by numpy); numpy checks
    they are in range (``in_range``: the caller knows), and pyarrow's own check, which costs ten
    times more, runs only to raise its error when one is not.
    """
    np, pa = _np(), _pa()
    indices = np.ascontiguousarray(positions, dtype=np.int32)
    rows = len(indices)
    nulls = [at for at, text in enumerate(texts) if text is None]
    mask = None
    validity = None
    missing = 0
    if nulls:
        mask = indices == nulls[0]  # a comparison per None text (numpy's isin sorts)
        for at in nulls[1:]:
            mask |= indices == at
        missing = int(np.count_nonzero(mask))
        if missing:
            validity = pa.py_buffer(np.packbits(~mask, bitorder="little"))
        texts = ["" if text is None else text for text in texts]
    dictionary = pa.array(texts, pa.large_string())
    if not in_range:
        in_range = not rows or (int(indices.min()) >= 0 and int(indices.max()) < len(texts))
    if not in_range:  # pyarrow says which position is out of range
        return pa.DictionaryArray.from_arrays(pa.array(indices, pa.int32(), mask=mask), dictionary)
    written = pa.Array.from_buffers(
        pa.int32(), rows, [validity, pa.py_buffer(indices)], null_count=missing
    )
    return pa.DictionaryArray.from_arrays(written, dictionary, safe=False)


def _text(array: Any) -> Any:  # noqa: ANN401 - pyarrow arrays
    pa, pc = _pa(), compute
    if pa.types.is_dictionary(array.type):
        array = array.dictionary_decode()
    if pa.types.is_null(array.type):
        return pa.nulls(len(array), pa.large_string())
    if pa.types.is_floating(array.type):
        whole = pc.equal(array, pc.floor(array))
        text = pc.if_else(
            whole,
            compute.cast(compute.cast(array, pa.int64(), safe=False), pa.large_string()),
            compute.cast(array, pa.large_string()),
        )
        return pc.utf8_trim_whitespace(text)
    return pc.utf8_trim_whitespace(compute.cast(array, pa.large_string()))


def choice_categories(
    table: TableInput,
    column: str,
    options: tuple[str, ...],
    *,
    default: str | None = None,
    nullable: bool = False,
) -> tuple[TableInput, Categories]:
    """Return a column of choices as :class:`Categories` of lower-case text.

    An absent column gives ``default`` for every row. A null gives None when ``nullable`` (else it
    rejects the row); a value not in ``options`` rejects the row naming the options.

    >>> from tenncare_calc.columnar.tables import Column, ColumnKind, read_table
    >>> table = read_table({"u": [" Urgent", "routine", "URGENT"]}, [Column("u", ColumnKind.LABEL)],
    ...     name="t")
    >>> _, urgency = choice_categories(table, "u", ("routine", "urgent"))
    >>> urgency.index.tolist(), urgency.values()
    ([0, 1, 0], ('urgent', 'routine'))
    """
    np, pa, pc = _np(), _pa(), compute
    if not table.has(column):
        return table, Categories(
            np.zeros(table.rows_in, dtype=np.int64), pa.array([default], pa.large_string())
        )
    found = _categories(table.column(column), lambda v: blank_as_null(pc.utf8_lower(_text(v))))
    if not nullable:
        table = _null_problem(table, column, _each_value_null(found))
    # the values neither null nor an option, found among the distinct values; their rows only
    # when there are some
    other = np.asarray(
        pc.is_null(found.dictionary).to_numpy(zero_copy_only=False), dtype=bool
    ) | np.asarray(
        pc.fill_null(
            pc.is_in(found.dictionary, value_set=pa.array(options, pa.large_string())),
            fill_value=False,
        ).to_numpy(zero_copy_only=False),
        dtype=bool,
    )
    if not other.all():
        table = table.reject(
            found.rows_where(~other),
            f"{column} {{{column}!r}} is not one of {', '.join(options)}",
        )
    return table, found


def choices(
    table: TableInput,
    column: str,
    options: tuple[str, ...],
    *,
    default: str | None = None,
    nullable: bool = False,
) -> tuple[TableInput, ObjectArray]:
    """Return a column of choices as a numpy object array of lower-case text.

    As :func:`choice_categories`, one value per row.

    >>> from tenncare_calc.columnar.tables import Column, ColumnKind, read_table
    >>> table = read_table({"u": [" Urgent"]}, [Column("u", ColumnKind.LABEL)], name="t")
    >>> choices(table, "u", ("routine", "urgent"))[1].tolist()
    ['urgent']
    """
    table, found = choice_categories(table, column, options, default=default, nullable=nullable)
    return table, found.to_numpy()


def code_categories(table: TableInput, column: str) -> tuple[TableInput, Categories]:
    """Return a column of codes as :class:`Categories` of upper-case text; null or empty rejects.

    ``11``, ``11.0``, ``Decimal("11.00")``, ``"11"`` and ``" 11 "`` all read as ``"11"``;
    ``"a1"`` reads as ``"A1"``. A number that is no whole one, or too large to be one exactly (a
    float of 2^53 or more, an infinity, a decimal of 10^21 or more), rejects its row ("is not a
    code"), as :func:`~tenncare_calc.core.codes.to_code` refuses the one value.

    >>> from tenncare_calc.columnar.tables import Column, ColumnKind, read_table
    >>> table = read_table({"code": [" a1 ", "A1", "19"]}, [Column("code", ColumnKind.LABEL)],
    ...     name="t")
    >>> _, found = code_categories(table, "code")
    >>> found.index.tolist(), found.values()
    ([0, 0, 1], ('A1', '19'))
    """
    np, pa, pc = _np(), _pa(), compute
    array = table.column(column)
    kind = array.type
    if pa.types.is_floating(kind) or pa.types.is_decimal(kind):
        floating = pa.types.is_floating(kind)
        if not floating:  # a digit more, for the whole part of 0.5 (decimal128(1, 1)) to floor
            array = pc.cast(array, pa.decimal256(min(kind.precision + 1, 76), kind.scale))
        largest = float(CODE_FLOAT_LIMIT) if floating else pa.scalar(CODE_NUMBER_LIMIT)
        code = pc.and_(pc.equal(array, pc.floor(array)), pc.less(pc.abs(array), largest))
        code = pc.or_(code, pc.is_nan(array)) if floating else code  # NaN: a null cell
        table = table.reject(
            ~np.asarray(pc.fill_null(code, fill_value=True).to_numpy(zero_copy_only=False)),
            f"{column} {{{column}!s}} is not a code",
        )
        if not floating:  # the digits of a whole decimal, not its places: 20.00 is code 20
            digits = min(array.type.precision - min(kind.scale, 0), 76)
            array = pc.cast(pc.floor(array), pa.decimal256(digits, 0), safe=False)
    found = _categories(array, lambda v: blank_as_null(pc.utf8_upper(_text(v))))
    return _null_problem(table, column, _each_value_null(found)), found


def codes(table: TableInput, column: str) -> tuple[TableInput, ObjectArray]:
    """Return a column of codes (whole numbers or text) as upper-case text; null or empty rejects.

    As :func:`code_categories`, one value per row.

    >>> from tenncare_calc.columnar.tables import Column, ColumnKind, read_table
    >>> table = read_table({"code": [" a1 "]}, [Column("code", ColumnKind.LABEL)], name="t")
    >>> codes(table, "code")[1].tolist()
    ['A1']
    """
    table, found = code_categories(table, column)
    return table, found.to_numpy()


def text_categories(table: TableInput, column: str) -> tuple[TableInput, Categories]:
    """Return a column of labels (text or whole numbers) as :class:`Categories` of trimmed text.

    Unlike :func:`code_categories`, the case is kept: ``"Office"`` stays ``"Office"``. A null or
    empty label rejects its row.

    >>> from tenncare_calc.columnar.tables import Column, ColumnKind, read_table
    >>> table = read_table({"group": [" Office ", "Office", "Home"]},
    ...     [Column("group", ColumnKind.LABEL)], name="t")
    >>> _, found = text_categories(table, "group")
    >>> found.index.tolist(), found.values()
    ([0, 0, 1], ('Office', 'Home'))
    """
    found = _categories(table.column(column), lambda v: blank_as_null(_text(v)))
    return _null_problem(table, column, _each_value_null(found)), found


def texts(table: TableInput, column: str) -> tuple[TableInput, ObjectArray]:
    """Return a column of labels (text or whole numbers) as trimmed text; null or empty rejects.

    As :func:`text_categories`, one value per row.

    >>> from tenncare_calc.columnar.tables import Column, ColumnKind, read_table
    >>> table = read_table({"group": [" Office "]}, [Column("group", ColumnKind.LABEL)], name="t")
    >>> texts(table, "group")[1].tolist()
    ['Office']
    """
    table, found = text_categories(table, column)
    return table, found.to_numpy()


def label_categories(array: Any, rows: IntArray | None = None) -> Categories:  # noqa: ANN401
    """Return a bare column of labels as :class:`Categories` of trimmed text (empty: a null value).

    The values :func:`text_categories` reads, from an array rather than a table's column, and
    with no row rejected: for a column read over some rows only (those a check judges), ``rows``
    (positions): the same as ``label_categories(array.take(rows))``, without copying each text.

    >>> import pyarrow as pa
    >>> found = label_categories(pa.array([" T1019", "T1019", "", None]))
    >>> found.index.tolist(), found.values()
    ([0, 0, 1, 1], ('T1019', None))
    >>> import numpy as np
    >>> found = label_categories(pa.array([" T1019", "T1019", "", None]), np.array([3, 1]))
    >>> found.index.tolist(), found.values()
    ([1, 0], ('T1019', None))
    """
    return _categories(array, lambda v: blank_as_null(_text(v)), rows)
