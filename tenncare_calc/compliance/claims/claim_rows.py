"""What the claims checks share: codes as the claims write them, lists, and optional amounts.

The checks of §2.12.7.32 and §2.13.2 read service codes (text or whole numbers, compared in upper
case, as :func:`~tenncare_calc.columnar.code_categories` reads a column of them), lists that the
caller passes or the profile gives (``claims.*``; the source names no codes, so none ship), and
amounts that a claim may lack (no stop-loss arrangement).

>>> code_text(" 59400 ", "procedure_code"), code_text(59400, "procedure_code")
('59400', '59400')
>>> listed(None, "claims.global_obstetric_codes", ["59400", "59510"], None)[0]
('59400', '59510')
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from tenncare_calc.columnar.arrow_kernels import compute
from tenncare_calc.columnar.column_batches import arrow_mask, arrow_numbers
from tenncare_calc.core.codes import to_code
from tenncare_calc.core.errors import require
from tenncare_calc.core.sequences import to_sequence

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Collection

    from tenncare_calc.columnar import TableInput
    from tenncare_calc.contract.parameters import ParameterValue
    from tenncare_calc.contract.profile import ContractProfile

_PURPOSE = "checking claims over a table"


def _np() -> Any:  # noqa: ANN401 - the numpy module
    return require("numpy", extra="data", purpose=_PURPOSE)


def _pa() -> Any:  # noqa: ANN401 - the pyarrow module
    return require("pyarrow", extra="data", purpose=_PURPOSE)


def _profile(profile: ContractProfile | None) -> ContractProfile:
    from tenncare_calc.contract.loader import resolve_profile  # noqa: PLC0415 - avoids an import cycle

    return resolve_profile(profile)


def code_text(value: object, field: str) -> str:
    """Return a code (text or a whole number) trimmed and in upper case; anything else is an error.

    As :func:`~tenncare_calc.core.codes.to_code` reads it, and so as the table reads the cell: a
    whole number of any numeric type (``np.int64(59400)``, ``59400.0``) is its digits.

    >>> code_text("a1", "service_code")
    'A1'
    """
    return to_code(value, field=field, such_as="'59400'")


def listed(
    profile: ContractProfile | None,
    name: str,
    given: Collection[object] | None,
    on: dt.date | None,
    *,
    upper: bool = True,
) -> tuple[tuple[str, ...], ParameterValue | None]:
    """Return the caller's list (``given``) or the profile's, normalised, and the parameter cited.

    Codes are compared in upper case; names (``upper=False``) in lower case. The parameter is
    ``None`` when the caller gave the list.
    """
    if given is not None:
        field = name.rsplit(".", 1)[-1]
        items = [code_text(item, field) for item in to_sequence(given, field=field, what="codes")]
        parameter = None
    else:
        parameter = _profile(profile).get(name, on=on)
        items = [str(item) for item in parameter.value]
    shown = tuple(item.strip().upper() if upper else item.strip().lower() for item in items)
    return tuple(dict.fromkeys(shown)), parameter


def codes_listed(array: Any, rows: Any, codes: Collection[str]) -> Any:  # noqa: ANN401
    """Return which of the ``rows`` of a column of codes hold one of ``codes`` (upper case).

    Each code is read as :func:`~tenncare_calc.columnar.categories.label_categories` reads it
    (trimmed, compared in upper case; an empty code is none). Codes of one width (3 to 8 bytes) are
    read in place as integers, and each distinct code's text is read once; other columns are
    read by ``label_categories`` over the rows.

    >>> import numpy as np
    >>> import pyarrow as pa
    >>> codes_listed(pa.array(["t1019", "99213", " T1019"]), np.array([0, 1, 2]), ["T1019"]).tolist()
    [True, False, True]
    """
    from tenncare_calc.columnar.categories import (  # noqa: PLC0415 - needs the data extra
        label_categories,
    )
    from tenncare_calc.columnar.text_codes import (  # noqa: PLC0415 - needs the data extra
        _fixed_width_keys,
        key_texts,
    )

    np, pa, pc = _np(), _pa(), compute
    keyed = _fixed_width_keys(array)
    if keyed is None:
        found = label_categories(array, rows)
        texts = [None if value is None else str(value).upper() for value in found.values()]
        return found.rows_where([text in codes for text in texts])
    keys, width = keyed
    chosen = keys[rows]
    distinct = np.asarray(
        pc.unique(arrow_numbers(chosen)).to_numpy(zero_copy_only=False),
        dtype=np.int64,
    )
    each = label_categories(pa.array(key_texts(distinct, width), array.type))
    texts = [None if value is None else str(value).upper() for value in each.to_numpy()]
    found = np.zeros(len(chosen), dtype=bool)
    for key, text in zip(distinct.tolist(), texts, strict=True):
        if text in codes:  # a comparison per listed code (numpy's isin would sort the rows)
            found |= chosen == key
    return found


def optional_decimals(table: TableInput, column: str) -> tuple[TableInput, Any, Any]:
    """Return a column of amounts >= 0 that may be empty: (table, decimals, which rows have one).

    An empty cell (null or blank) is no amount, not an error; every other value is read exactly
    (:func:`~tenncare_calc.columnar.decimal_columns.exact_decimals`: integers and decimals keep a
    ``decimal128``, other values as :func:`~tenncare_calc.columnar.decimals` reads them),
    rejecting what is not a number >= 0.
    An absent column is empty everywhere. Rows without an amount hold 0.

    >>> from tenncare_calc.columnar import Column, ColumnKind, read_table
    >>> table = read_table({"threshold": ["80000.00", "", None]},
    ...     [Column("threshold", ColumnKind.LABEL, nullable=True)], name="claims")
    >>> _, values, known = optional_decimals(table, "threshold")
    >>> [int(value) for value in values.to_pylist()], known.tolist()
    ([80000, 0, 0], [True, False, False])
    """
    import attrs  # noqa: PLC0415 - only the table form needs it

    from tenncare_calc import columnar as cols  # noqa: PLC0415 - needs the data extra
    from tenncare_calc.columnar.decimal_columns import exact_decimals  # noqa: PLC0415

    np, pa = _np(), _pa()
    if not table.has(column):
        zeros = pa.array([0] * table.rows_in, cols.decimal_type())
        return table, zeros, np.zeros(table.rows_in, dtype=bool)
    array = table.column(column)
    if pa.types.is_dictionary(array.type):
        array = array.dictionary_decode()
    blank = cols.empty_cells(array)
    if pa.types.is_null(array.type):
        array = pa.nulls(len(array), pa.large_string())
    kind = array.type
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        zero = pa.scalar("0", kind)
    elif pa.types.is_decimal(kind):
        zero = pa.scalar(Decimal(0), kind)
    elif pa.types.is_integer(kind) or pa.types.is_floating(kind):
        zero = pa.scalar(0, kind)
    else:  # a type that holds no numbers: the reader names it
        zero = pa.scalar(None, kind)
    if blank.any() or array is not table.column(column):  # filled, or decoded
        filled = (
            compute.if_else(arrow_mask(blank), zero, array)
            if pa.types.is_string(kind) or pa.types.is_large_string(kind)
            else compute.fill_null(array, zero)  # blank is null: the same values, without a mask
        )
        table = attrs.evolve(table, columns={**table.columns, column: filled})
    table, values = exact_decimals(table, column)
    return table, values, ~blank


class Amounts:
    """Amounts of a column as received, read as exact decimals for the rows taken.

    ``raw`` holds integers or ``decimal128`` values (nulls where a row has none), or decimals
    already read; ``kind`` is the decimal type they are read as. Only the rows a check compares
    are converted (:meth:`take`), not every row of the column.

    >>> import pyarrow as pa
    >>> Amounts(pa.array([80000, None, 5]), pa.decimal128(20, 0)).take([2, 0]).to_pylist()
    [Decimal('5'), Decimal('80000')]
    """

    __slots__ = ("kind", "raw")

    def __init__(self, raw: Any, kind: Any) -> None:  # noqa: ANN401 - pyarrow array and type
        """Keep the column and the decimal type its values read as."""
        self.raw = raw
        self.kind = kind

    def take(self, rows: Any) -> Any:  # noqa: ANN401 - positions in, pyarrow decimals out
        """Return the amounts at positions ``rows`` as exact decimals of type ``kind``."""
        taken = compute.take(self.raw, arrow_numbers(rows))
        return taken if taken.type == self.kind else compute.cast(taken, self.kind)


def optional_amounts(table: TableInput, column: str) -> tuple[TableInput, Amounts, Any]:
    """Return :func:`optional_decimals` of a column, read only for the rows taken later.

    A column of integers or ``decimal128`` values (what a typed table holds) is checked where
    it is: a null is no amount, a negative value rejects the row, as :func:`optional_decimals`
    does, and each taken row is read exactly (integers as ``decimal128(20, 0)``, decimals in
    their own type), the same values :func:`optional_decimals` gives. A text column (a CSV
    extract's) whose every amount pyarrow reads exactly as ``decimal128(38, 10)`` is read so
    once, its taken rows as ``decimal256(60, 30)`` (the type text amounts are read as); one of
    plain unsigned decimals of at most 10 decimals and 11 bytes
    (:func:`~tenncare_calc.columnar.digit_text.plain_unsigned_decimals`: no sign, no padding, no
    exponent) is not read at all, only its taken rows, as the same decimals. Every other column
    is read by :func:`optional_decimals`.

    >>> from tenncare_calc.columnar import Column, ColumnKind, read_table
    >>> import pyarrow as pa
    >>> table = read_table({"threshold": pa.array([80000, None, -1])},
    ...     [Column("threshold", ColumnKind.LABEL, nullable=True)], name="claims")
    >>> table, values, known = optional_amounts(table, "threshold")
    >>> values.take([0]).to_pylist(), known.tolist()
    ([Decimal('80000')], [True, False, True])
    >>> table.check(on_error="collect").rejected.to_pylist()
    [{'row': 2, 'reason': 'threshold must be >= 0 (got -1)'}]
    """
    from tenncare_calc.columnar.column_batches import numpy_valid  # noqa: PLC0415
    from tenncare_calc.columnar.decimal_columns import (  # noqa: PLC0415
        _exact_cast,
        decimal_type,
        exact_text_cast,
    )
    from tenncare_calc.columnar.digit_text import plain_unsigned_decimals  # noqa: PLC0415

    np, pa = _np(), _pa()
    array = table.column(column) if table.has(column) else pa.nulls(0)
    kind = array.type
    shown = None  # the type the taken amounts are read as, when not the column's own
    if table.has(column) and plain_unsigned_decimals(array, scale=_TEXT_SCALE):
        # every cell an amount >= 0 as written: none rejected, and only the rows taken are read
        # (as text amounts are read, in the same decimals the cast below would give them)
        return table, Amounts(array, decimal_type()), numpy_valid(array)
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        cast = exact_text_cast(array, pa.decimal128(38, _TEXT_SCALE))
        if cast is not None:  # text read once, as decimal128, and shown as text amounts are
            array, kind, shown = cast, cast.type, decimal_type()
    integers = pa.types.is_integer(kind)
    if not table.has(column) or not (
        integers
        or (
            pa.types.is_decimal128(kind) and _exact_cast(kind) and kind.precision <= 38  # noqa: PLR2004 - the digits of a decimal128
        )
    ):
        table, values, known = optional_decimals(table, column)
        return table, Amounts(values, values.type), known
    # the values and the valid rows read where they are: a null row's value is not looked at
    start, end = array.offset, array.offset + len(array)  # a buffer may be longer (a slice)
    validity = array.buffers()[0]
    known = (
        np.ones(len(array), dtype=bool)
        if validity is None or not array.null_count
        else np.unpackbits(np.frombuffer(validity, dtype=np.uint8), count=end, bitorder="little")[
            start:
        ].view(bool)
    )
    if integers and pa.types.is_unsigned_integer(kind):
        negative = np.zeros(len(array), dtype=bool)
    elif integers:
        dtype = np.dtype(f"<i{kind.bit_width // 8}")
        negative = (np.frombuffer(array.buffers()[1], dtype=dtype, count=end)[start:] < 0) & known
    else:  # a decimal128 is negative when its high 64 bits are (two's complement)
        words = np.frombuffer(array.buffers()[1], dtype=np.int64, count=2 * end)
        negative = (words[2 * start + 1 :: 2] < 0) & known
    table = table.reject(negative, f"{column} must be >= 0 (got {{{column}!s}})")
    read_as = shown or (pa.decimal128(20, 0) if integers else kind)
    return table, Amounts(array, read_as), known


#: Text amounts are read at first with this many decimals (cents and finer), in a ``decimal128``:
#: twice as fast as reading a million of them into ``decimal256(60, 30)``.
_TEXT_SCALE = 10


def taken_where(values: Any, at: Any, hidden: Any) -> Any:  # noqa: ANN401 - pyarrow, numpy
    """Return ``values`` taken at positions ``at``, null where ``hidden`` is true.

    ``values.take`` with a null at each hidden position, made by numpy for a ``decimal128``
    array without nulls (one copy of 16 bytes a row instead of Arrow's null-aware take); other
    arrays are taken by Arrow. Hidden positions must still be valid positions.

    >>> import numpy as np
    >>> import pyarrow as pa
    >>> from decimal import Decimal
    >>> values = pa.array([Decimal("1.5"), Decimal("-2")], pa.decimal128(3, 1))
    >>> taken_where(values, np.array([1, 0, 1]), np.array([False, True, False])).to_pylist()
    [Decimal('-2.0'), None, Decimal('-2.0')]
    """
    np, pa = _np(), _pa()
    if not len(values):  # every position hidden
        return pa.nulls(len(at), values.type)
    if not pa.types.is_decimal128(values.type) or values.null_count:
        return compute.take(values, pa.array(at, pa.int64(), mask=hidden))
    end = values.offset + len(values)  # the buffer may be longer (padding, a slice)
    words = np.frombuffer(values.buffers()[1], dtype=np.int64, count=2 * end).reshape(-1, 2)
    taken = np.take(words[values.offset :], at, axis=0)
    nulls = int(np.count_nonzero(hidden))
    validity = pa.py_buffer(np.packbits(~hidden, bitorder="little")) if nulls else None
    return pa.Array.from_buffers(
        values.type, len(at), [validity, pa.py_buffer(taken)], null_count=nulls
    )
