r"""Text cells of a CSV batch made compact columns: identifiers as numbers, dates as day numbers.

:func:`~tenncare_calc.columnar.column_files.read_columns` reads a large CSV file block by block and
turns each block's text into compact columns at once, so the file's text is never held whole:

* **identifiers** (:class:`IdColumn`): when every identifier is a prefix and a canonical whole
  number (``M100000123``, ``TN0``... or plain ``101``) with the same prefix, the number is kept
  (int64, 8 bytes a row) and the prefix once; the text comes back exactly on decoding. Otherwise
  the identifiers are kept as text, and the computation encodes them.
* **dates** (:func:`~tenncare_calc.columnar.text_dates.date_cells`): ``YYYY-MM-DD``,
  ``M/D/YYYY`` and, when the caller says so, Excel serial day numbers.

>>> import pyarrow as pa
>>> ids = IdColumn()
>>> ids.convert(pa.array(["M105", "M101"])).to_pylist(), ids.convert(pa.array(["M99"])).to_pylist()
([105, 101], [99])
>>> ids.decode(pa.array([105, 99])).to_pylist()
['M105', 'M99']
>>> ids.convert(pa.array(["M007"])).to_pylist(), ids.numbers
(['M007'], False)
"""

from __future__ import annotations

__all__ = [
    "IdColumn",
    "arrow_mask",
    "arrow_numbers",
    "numpy_numbers",
    "numpy_valid",
]

from typing import Any

from tenncare_calc.columnar.arrow_kernels import call, compute
from tenncare_calc.core.errors import require


def _pa() -> Any:  # noqa: ANN401 - the pyarrow module
    return require("pyarrow", extra="data", purpose="reading CSV tables")


def _np() -> Any:  # noqa: ANN401 - the numpy module
    return require("numpy", extra="data", purpose="reading CSV tables")


def arrow_numbers(values: Any, kind: Any = None, valid: Any = None) -> Any:  # noqa: ANN401
    """Return a numpy int64 (or ``kind``) array as a pyarrow array, zero-copy, nulls where not valid.

    ``pa.array`` would ask whether pandas is installed first, which imports it (a quarter of a
    second), and whether the array is one of ``numpy.ma``'s, which imports that (8 ms); these
    columns never come from pandas, nor are masked.

    >>> import numpy as np, pyarrow as pa
    >>> arrow_numbers(np.array([3, 1], np.int32)).to_pylist()  # widened to int64
    [3, 1]
    >>> arrow_numbers(np.array([5, 0], np.uint16), pa.uint16(), valid=np.array([True, False]))
    <pyarrow.lib.UInt16Array object at ...>
    [
      5,
      null
    ]
    """
    np, pa = _np(), _pa()
    kind = kind or pa.int64()
    # the values as the type stores them (an int32 index given for int64 is widened, not misread)
    stored = (
        np.int32
        if pa.types.is_date32(kind)
        else np.dtype(str(kind))
        if pa.types.is_integer(kind)
        else None
    )
    values = np.ascontiguousarray(values, dtype=stored)
    bitmap = (
        None
        if valid is None or valid.all()
        else pa.py_buffer(np.packbits(valid, bitorder="little"))
    )
    return pa.Array.from_buffers(kind, len(values), [bitmap, pa.py_buffer(values)])


def numpy_numbers(array: Any, kind: Any = None) -> Any:  # noqa: ANN401 - pyarrow -> numpy
    """Return the values of a fixed-width pyarrow array (no nulls) as a numpy view, zero-copy."""
    np = _np()
    kind = kind or np.int64
    width = np.dtype(kind).itemsize
    stored = array.buffers()[1]
    if not len(array) or stored is None:  # an empty array may have no data buffer
        return np.zeros(0, dtype=kind)
    return np.frombuffer(stored, kind, len(array), array.offset * width)


def arrow_mask(mask: Any) -> Any:  # noqa: ANN401 - numpy bool array -> pyarrow boolean array
    """Return a numpy bool array as a pyarrow boolean array (bits), without asking for pandas."""
    np, pa = _np(), _pa()
    bits = pa.py_buffer(np.packbits(mask, bitorder="little"))
    return pa.Array.from_buffers(pa.bool_(), len(mask), [None, bits])


def _bits(buffer: Any, offset: int, count: int) -> Any:  # noqa: ANN401 - a bitmap -> numpy bools
    np = _np()
    data = np.frombuffer(buffer, np.uint8)
    # unpackbits makes a fresh array of 0s and 1s: viewed as bools, not copied
    return np.unpackbits(data, count=offset + count, bitorder="little")[offset:].view(bool)


def numpy_valid(array: Any) -> Any:  # noqa: ANN401 - pyarrow array -> numpy bool array
    """Return which values of a pyarrow array are not null, as numpy bools (no pandas asked).

    >>> import pyarrow as pa
    >>> numpy_valid(pa.array([1, None, 3]).slice(1)).tolist(), numpy_valid(pa.nulls(2)).tolist()
    ([False, True], [False, False])
    """
    np = _np()
    if not array.null_count:
        return np.ones(len(array), dtype=bool)
    bitmap = array.buffers()[0]
    if bitmap is None:  # nulls without a bitmap: a null-typed array, every value null
        return np.zeros(len(array), dtype=bool)
    return _bits(bitmap, array.offset, len(array))


def text_offsets(array: Any) -> Any:  # noqa: ANN401 - a pyarrow text array -> numpy ints
    """Return a ``string`` or ``large_string`` array's cell offsets (its ``len + 1``, at its offset).

    Cell ``i``'s bytes are ``data[offsets[i]:offsets[i + 1]]`` of the array's data buffer: read
    where they are (int32 or int64, as the type stores them).

    >>> import pyarrow as pa
    >>> text_offsets(pa.array(["ab", "", "cde"]).slice(1)).tolist()
    [2, 2, 5]
    """
    np, pa = _np(), _pa()
    wide = np.int64 if pa.types.is_large_string(array.type) else np.int32
    stored = np.frombuffer(array.buffers()[1], dtype=wide)
    return stored[array.offset : array.offset + len(array) + 1]


def large_text(array: Any) -> Any:  # noqa: ANN401 - a pyarrow string array -> large_string
    """Return a ``string`` array as ``large_string``: its bytes shared, its offsets made 64-bit.

    As a cast to ``large_string`` gives, without ``pyarrow.compute`` (whose import is a tenth of
    a small file's command).

    >>> import pyarrow as pa
    >>> large_text(pa.array(["ab", None, "cde"]).slice(1)).to_pylist()
    [None, 'cde']
    """
    np, pa = _np(), _pa()
    if pa.types.is_large_string(array.type):
        return array
    offsets = pa.py_buffer(text_offsets(array).astype(np.int64))
    valid = (
        pa.py_buffer(np.packbits(numpy_valid(array), bitorder="little"))
        if array.null_count
        else None
    )
    data = array.buffers()[2] or pa.py_buffer(b"")  # cells all empty: no data buffer, maybe
    return pa.Array.from_buffers(pa.large_string(), len(array), [valid, offsets, data])


#: Bytes that begin a cell trimming may empty: ASCII space and controls, and every byte of a
#: non-ASCII character (Unicode has spaces of its own, such as U+00A0); a cell starting with any
#: other byte (printable ASCII) holds a character trimming keeps.
_MAY_TRIM_BELOW, _MAY_TRIM_FROM = 0x21, 0x7F


def empty_cells(array: Any) -> Any:  # noqa: ANN401 - a pyarrow array in, numpy bools out
    """Return which cells of a column are empty: null, or text that is blank once trimmed.

    A text cell is read from its bytes: null or zero-width is empty, one that starts with a
    printable ASCII character is not; only the others (a leading space, a control or a non-ASCII
    character, which may be a Unicode space) are trimmed as ``utf8_trim_whitespace`` trims them.
    A column of another type is empty where it is null.

    >>> import pyarrow as pa
    >>> empty_cells(pa.array(["80000", " ", None, "", "\u00a0", " 1"])).tolist()
    [False, True, True, True, True, False]
    >>> empty_cells(pa.array([1, None])).tolist()
    [False, True]
    """
    np, pa = _np(), _pa()
    if isinstance(array, pa.ChunkedArray):
        parts = [empty_cells(chunk) for chunk in array.chunks]
        return np.concatenate(parts) if parts else np.zeros(0, dtype=bool)
    rows = len(array)
    if pa.types.is_null(array.type):
        return np.ones(rows, dtype=bool)
    nulls = numpy_nulls(array)
    text = pa.types.is_string(array.type) or pa.types.is_large_string(array.type)
    if not text or not rows:
        return nulls
    offsets, data_buffer = text_offsets(array), array.buffers()[2]
    empty = nulls | (offsets[1:] == offsets[:-1])
    if data_buffer is None or not data_buffer.size:
        return np.ones(rows, dtype=bool)  # every cell is zero-width
    data = np.frombuffer(data_buffer, dtype=np.uint8)
    # a zero-width cell's "first byte" is any byte (it is empty already): clip to the data
    first = data[np.minimum(offsets[:-1], len(data) - 1)]
    unsure = np.flatnonzero(~empty & _may_trim(first))
    if len(unsure):
        pc = compute
        trimmed = pc.utf8_trim_whitespace(array.take(pa.array(unsure)))
        empty[unsure] = np.asarray(pc.equal(trimmed, "").to_numpy(zero_copy_only=False), bool)
    return empty


def _may_trim(edge: Any) -> Any:  # noqa: ANN401 - numpy uint8 bytes -> numpy bools
    """Return which of the cells' first or last bytes may be trimmed: space, control, non-ASCII."""
    return (edge < _MAY_TRIM_BELOW) | (edge >= _MAY_TRIM_FROM)


def trimmed_text(array: Any) -> Any:  # noqa: ANN401 - a pyarrow text array
    """Return a text column with the spaces around each cell dropped, as the row reader drops them.

    Read from the bytes: when no cell starts or ends with a space, a control or a non-ASCII
    character (which may be a Unicode space), the column itself; else ``utf8_trim_whitespace``
    of it. A blank cell becomes ``""`` (its caller tells it as empty).

    >>> import pyarrow as pa
    >>> trimmed_text(pa.array([" 101 ", "101", None, "\u00a0", "M 1"])).to_pylist()
    ['101', '101', None, '', 'M 1']
    >>> column = pa.array(["101", "102"])
    >>> trimmed_text(column) is column
    True
    """
    np = _np()
    offsets, data_buffer = text_offsets(array), array.buffers()[2]
    if data_buffer is None or not data_buffer.size or not len(array):
        return array
    data = np.frombuffer(data_buffer, dtype=np.uint8)
    filled = offsets[1:] > offsets[:-1]  # a zero-width cell has no first or last byte
    ends = np.concatenate(
        [data[offsets[:-1][filled]], data[offsets[1:][filled] - 1]]
    )  # each cell's first and last byte
    if _may_trim(ends).any():
        return compute.utf8_trim_whitespace(array)
    return array


def blank_as_null(text: Any) -> Any:  # noqa: ANN401 - a trimmed pyarrow text array
    """Return ``text`` (trimmed already) with its empty cells null, as an empty cell reads.

    A column without an empty cell that is not null (a zero-width cell, told from the offsets) is
    returned as it is.

    >>> import pyarrow as pa
    >>> blank_as_null(pa.array(["M1", "", None])).to_pylist()
    ['M1', None, None]
    >>> column = pa.array(["M1", None])
    >>> blank_as_null(column) is column
    True
    """
    pa, pc, np = _pa(), compute, _np()
    if isinstance(text, pa.Array) and (
        pa.types.is_string(text.type) or pa.types.is_large_string(text.type)
    ):
        offsets = text_offsets(text)
        empty = offsets[1:] == offsets[:-1]
        if not bool(np.any(empty & numpy_valid(text) if text.null_count else empty)):
            return text
    return pc.if_else(pc.equal(text, ""), pa.scalar(None, text.type), text)


def numpy_nulls(array: Any) -> Any:  # noqa: ANN401 - pyarrow (chunked) array -> numpy bools
    """Return which values of a pyarrow array or chunked array are null, as numpy bools.

    >>> import pyarrow as pa
    >>> numpy_nulls(pa.chunked_array([[1, None], [None]])).tolist()
    [False, True, True]
    """
    np, pa = _np(), _pa()
    if _encoded_nulls(array.type):
        return np.asarray(compute.is_null(array).to_numpy(zero_copy_only=False), dtype=bool)
    if isinstance(array, pa.ChunkedArray):
        parts = [~numpy_valid(chunk) for chunk in array.chunks]
        return np.concatenate(parts) if parts else np.zeros(0, dtype=bool)
    return ~numpy_valid(array)


def _encoded_nulls(kind: Any) -> bool:  # noqa: ANN401 - a pyarrow DataType
    """Return whether a type's nulls may lie outside its validity bitmap.

    A dictionary's may be its values', a run-end encoded array's its runs'.
    """
    pa = _pa()
    return bool(pa.types.is_dictionary(kind) or pa.types.is_run_end_encoded(kind))


def _mask(array: Any) -> Any:  # noqa: ANN401 - a pyarrow boolean array -> numpy bool array
    """Return a pyarrow boolean array as numpy bools, null as False."""
    if isinstance(array, _pa().ChunkedArray):
        array = array.combine_chunks()
    values = _bits(array.buffers()[1], array.offset, len(array))
    if array.null_count:
        values &= numpy_valid(array)
    return values


def _fixed_width_numbers(ids: Any, prefix: str) -> Any:  # noqa: ANN401 - string array -> int64
    """Return ``prefix`` + canonical whole numbers of one width as int64, read from the bytes.

    Extracts mostly write identifiers of one width (``M100000123``); their digits are read as a
    matrix, with no text function. A null stays null (the others are read without it). None when
    any identifier is of another width or form.
    """
    np, pa = _np(), _pa()
    count = len(ids)
    if not count or not pa.types.is_string(ids.type):
        return None
    if ids.null_count:
        return _fixed_width_numbers_or_nulls(ids, prefix)
    offsets = np.frombuffer(
        ids.buffers()[1], dtype=np.int32, count=count + 1, offset=ids.offset * 4
    )
    width = int(offsets[1] - offsets[0])
    digits = width - len(prefix)
    if (
        not 1 <= digits <= 18  # noqa: PLR2004 - an int64 holds 18 digits
        or int(offsets[-1] - offsets[0]) != width * count
        or not (np.diff(offsets) == width).all()
    ):
        return None
    data = np.frombuffer(
        ids.buffers()[2], dtype=np.uint8, count=width * count, offset=int(offsets[0])
    )
    data = data.reshape(count, width)
    if prefix and not (data[:, : len(prefix)] == np.frombuffer(prefix.encode(), np.uint8)).all():
        return None
    figures = data[:, len(prefix) :] - ord("0")
    if (figures > 9).any() or (digits > 1 and not figures[:, 0].all()):  # noqa: PLR2004
        return None  # not a digit (bytes below "0" wrap around), or a leading zero
    number = figures[:, 0].astype(np.int64)
    for place in range(1, digits):
        number *= 10
        number += figures[:, place]
    return arrow_numbers(number)


def _fixed_width_numbers_or_nulls(ids: Any, prefix: str) -> Any:  # noqa: ANN401 - as above
    """Return :func:`_fixed_width_numbers` of the identifiers given, nulls where ``ids`` has them."""
    np = _np()
    valid = numpy_valid(ids)
    given = _fixed_width_numbers(call("filter", ids, arrow_mask(valid)), prefix)
    if given is None:
        return None
    numbers = np.zeros(len(ids), dtype=np.int64)
    numbers[valid] = numpy_numbers(given)
    return arrow_numbers(numbers, valid=valid)


class IdColumn:
    """Identifiers read batch by batch as numbers while they are prefix + whole number.

    :meth:`convert` turns a batch's text (nulls allowed) into int64 numbers while every identifier
    so far is the same prefix and a canonical whole number; from the first batch where one is not,
    it returns text (``numbers`` turns False, and the caller turns the numbers kept so far into
    text with :meth:`text`). :meth:`decode` gives the file's text back for numbers.
    """

    def __init__(self) -> None:
        self._prefix: str | None = None  # decided on the first identifier
        self.numbers = True

    @property
    def coded(self) -> bool:
        """Return whether the identifiers are numbers standing for text (a prefix to put back)."""
        return self.numbers and bool(self._prefix)

    def _as_numbers(self, ids: Any) -> Any:  # noqa: ANN401 - pyarrow string array -> int64 or None
        pa = _pa()
        if ids.null_count == len(ids):
            return pa.nulls(len(ids), pa.int64())
        if self._prefix is None:
            given = int(numpy_valid(ids).argmax()) if ids.null_count else 0  # the first not null
            first = str(ids[given].as_py())
            length = 0
            while length < len(first) and first[length].isascii() and not first[length].isdigit():
                length += 1
            self._prefix = first[:length]
        numbers = _fixed_width_numbers(ids, self._prefix)
        if numbers is not None:
            return numbers
        pc = compute
        rest = ids
        if self._prefix:
            if not pc.all(pc.starts_with(ids, self._prefix)).as_py():
                return None
            rest = pc.utf8_slice_codeunits(ids, len(self._prefix))
        try:
            numbers = compute.cast(rest, pa.int64())
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            return None
        # Canonical numbers only (no sign "+", no leading zeros), so text and number agree.
        if not pc.all(pc.equal(numbers.cast(rest.type), rest)).as_py():
            return None
        return numbers

    def text(self, numbers: Any) -> Any:  # noqa: ANN401 - int64 array -> large_string array
        """Return numbers as the identifiers' text: the prefix and the number."""
        pa, pc = _pa(), compute
        kind = pa.large_string()
        if not self._prefix:
            return compute.cast(numbers, kind)
        return pc.utf8_replace_slice(numbers.cast(kind), 0, 0, self._prefix)

    def convert(self, ids: Any) -> Any:  # noqa: ANN401 - a pyarrow string array
        """Return a batch of identifiers as int64 numbers, or as text once any is not one."""
        if self.numbers:
            numbers = self._as_numbers(ids)
            if numbers is not None:
                return numbers
            self.numbers = False
        return compute.cast(ids, _pa().large_string())

    def decode(self, values: Any) -> Any:  # noqa: ANN401 - a pyarrow array
        """Return identifiers as the file has them: numbers with their prefix put back, as text."""
        return self.text(values) if self.coded else values
