"""Text columns of codes and choices encoded without hashing each text.

A million rows of service codes or urgencies hold a dozen distinct values; pyarrow's dictionary
encoding hashes every text (about 15 ns a row). When every value has the same few bytes (a code:
``19``, ``17:00``) each row's bytes are read in place as one integer, and when the distinct values
have distinct lengths (``routine``, ``urgent``) each row's length names its value, checked by
rebuilding the column. Both give what :func:`pyarrow.compute.dictionary_encode` gives: the values
in order of first appearance and each row's position among them
(:func:`tenncare_calc.columnar.categories._encoded` uses them first).

>>> import pyarrow as pa
>>> position, values = _fixed_width_encoded(pa.array(["B5", "19", "B5"] * 10_000))
>>> position[:3].tolist(), values.to_pylist()
([0, 1, 0], ['B5', '19'])
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tenncare_calc.columnar.arrow_kernels import compute
from tenncare_calc.columnar.column_batches import (
    arrow_numbers,
    text_offsets,
)
from tenncare_calc.columnar.core_parts import each_part
from tenncare_calc.columnar.id_codes import _PARALLEL_MIN
from tenncare_calc.core.cores import usable_cores
from tenncare_calc.core.errors import require

if TYPE_CHECKING:
    from collections.abc import Callable

    import numpy as np
    import numpy.typing as npt

    IntArray = npt.NDArray[np.int64]


def _pa() -> Any:  # noqa: ANN401 - the pyarrow module
    return require("pyarrow", extra="data", purpose="reading batch check inputs")


def _np() -> Any:  # noqa: ANN401 - the numpy module
    return require("numpy", extra="data", purpose="reading batch check inputs")


#: Fewer rows than this are encoded by pyarrow as they are.
_FIXED_WIDTH_MIN = 1 << 14


def _many_texts(array: Any) -> bool:  # noqa: ANN401 - a pyarrow array
    """Return whether ``array`` is text without nulls, long enough for a fast path to pay."""
    pa = _pa()
    kind = array.type
    return (
        len(array) >= _FIXED_WIDTH_MIN
        and not array.null_count
        and (pa.types.is_string(kind) or pa.types.is_large_string(kind))
    )


def _fixed_width_encoded(
    array: Any,  # noqa: ANN401 - a pyarrow array
    rows: IntArray | None = None,
) -> tuple[IntArray, Any] | None:
    """Return :func:`~tenncare_calc.columnar.categories._encoded` of a text column whose values all have the same 1 to 8 bytes.

    Codes are often so (``19``, ``B5``; ``17:00``): each row's bytes are then read in place as
    one integer (through numpy views of the text's bytes, no copy), and the integers are encoded,
    several times faster than hashing a million texts: a two-byte code is its own position in a
    table of 65,536, wider ones are encoded by pyarrow. The result is the same (the values in
    order of first appearance, each row's position among them). None when the column is not such
    (short, with nulls, of other widths): it is encoded as it is.

    ``rows`` (positions in ``array``) encodes those rows only, as ``array.take(rows)`` would be
    encoded: each chosen row's integer is read in place, and no text is copied but the distinct
    values.

    >>> import numpy as np
    >>> import pyarrow as pa
    >>> position, values = _fixed_width_encoded(pa.array(["B5", "19", "C7"] * 10_000), np.array([2, 1, 5]))
    >>> position.tolist(), values.to_pylist()
    ([0, 1, 0], ['C7', '19'])
    >>> position, values = _fixed_width_encoded(pa.array(["B5", "19"] * 10_000))
    >>> position[:3].tolist(), values.to_pylist()
    ([0, 1, 0], ['B5', '19'])
    >>> position, values = _fixed_width_encoded(pa.array(["17:00", "9:00 ", "17:00"] * 10_000))
    >>> position[:3].tolist(), values.to_pylist()
    ([0, 1, 0], ['17:00', '9:00 '])
    """
    np, pc = _np(), compute
    count = len(array)
    found = _one_width(array)
    if found is None:
        return None
    width, first = found
    data = array.buffers()[2]

    def word(at: int, size: int, kind: Any = np.int64) -> IntArray:  # noqa: ANN401 - a dtype
        # bytes ``at`` to ``at + size`` of every row, read in place as one little-endian integer
        stored = np.dtype({1: "<u1", 2: "<u2", 4: "<u4"}[size])
        view = np.ndarray((count,), stored, buffer=data, offset=first + at, strides=(width,))
        result: IntArray = view.astype(kind)
        return result

    # a row's integer holds all its bytes, so equal integers are equal texts and back
    # (every row's integer is read, then the chosen rows': a strided read is cheaper than a
    # gather of each part)
    if width <= 2:  # noqa: PLR2004 - a table of every two-byte value
        short = word(0, width, np.uint16)
        return _small_keys_encoded(
            array, short if rows is None else short[rows], 1 << (8 * width), rows
        )
    keys = _whole_words(data, first, width, count)
    if rows is not None:
        keys = keys[rows]
    encoded = pc.dictionary_encode(arrow_numbers(keys))
    position: IntArray = np.asarray(encoded.indices.to_numpy(), dtype=np.int64)
    distinct = arrow_numbers(keys)
    firsts = np.array(
        [pc.index(distinct, key).as_py() for key in encoded.dictionary.to_pylist()], dtype=np.int64
    )
    return position, compute.cast(
        compute.take(array, arrow_numbers(_in_array(firsts, rows))), array.type
    )


def _one_width(array: Any) -> tuple[int, int] | None:  # noqa: ANN401 - a pyarrow array
    """Return the width (1 to 8 bytes) of every value of a long text column and where its bytes start.

    None when the column is short, has nulls, or its values differ in width.
    """
    count = len(array)
    if not _many_texts(array):
        return None
    offsets = text_offsets(array)
    first = int(offsets[0])
    width, spare = divmod(int(offsets[-1]) - first, count)
    if spare or not 1 <= width <= 8 or (offsets[1:] - offsets[:-1] != width).any():  # noqa: PLR2004 - the widths an int64 holds
        return None
    return width, first


def _fixed_width_keys(array: Any) -> tuple[IntArray, int] | None:  # noqa: ANN401
    """Return each row of a text column of 3 to 8 bytes a value as one integer, and the width.

    Equal integers are equal texts; :func:`key_texts` gives a key's text back. None for any other
    column (short, with nulls, of mixed or smaller widths).

    >>> import pyarrow as pa
    >>> keys, width = _fixed_width_keys(pa.array(["T1019", "99213"] * 10_000))
    >>> key_texts(keys[:2], width)
    ['T1019', '99213']
    """
    found = _one_width(array)
    if found is None or found[0] < 3:  # noqa: PLR2004 - narrower codes are counted, not keyed
        return None
    width, first = found
    return _whole_words(array.buffers()[2], first, width, len(array)), width


def key_texts(keys: IntArray, width: int) -> list[str]:
    """Return the texts of keys of :func:`_fixed_width_keys` (each its ``width`` bytes, UTF-8)."""
    return [
        int(key).to_bytes(8, "little", signed=True)[:width].decode("utf-8") for key in keys.tolist()
    ]


def _whole_words(data: Any, first: int, width: int, count: int) -> IntArray:  # noqa: ANN401
    """Return each of ``count`` rows of ``width`` bytes (3 to 8) from ``first`` as one integer.

    Eight bytes are read from each row's start in one strided pass (the next row's bytes
    masked off); the last rows, whose eight bytes would pass the end of the data, are read
    alone. Equal integers are equal bytes.

    >>> import pyarrow as pa
    >>> array = pa.array(["abc", "abd", "abc"])
    >>> _whole_words(array.buffers()[2], 0, 3, 3).tolist() == [
    ...     int.from_bytes(b"abc", "little"), int.from_bytes(b"abd", "little"),
    ...     int.from_bytes(b"abc", "little")]
    True
    """
    np = _np()
    whole = min(count, max((data.size - first - 8) // width + 1, 0))
    keys: IntArray = np.empty(count, dtype=np.int64)
    if whole:
        view = np.ndarray((whole,), "<u8", buffer=data, offset=first, strides=(width,))
        np.bitwise_and(view, np.uint64((1 << (8 * width)) - 1), out=keys[:whole].view(np.uint64))
    raw = memoryview(data)
    for row in range(whole, count):
        start = first + row * width
        number = int.from_bytes(raw[start : start + width], "little")
        keys[row] = number - (1 << 64) if number >= 1 << 63 else number
    return keys


def _in_array(at: IntArray, rows: IntArray | None) -> IntArray:
    """Return positions ``at`` among ``rows`` as positions in the whole array (``rows`` None: all)."""
    return at if rows is None else rows[at]


def _lengths_encoded(array: Any) -> tuple[IntArray, Any] | None:  # noqa: ANN401
    """Return :func:`~tenncare_calc.columnar.categories._encoded` of a text column whose distinct values have distinct lengths.

    Choices often are so (``routine``, ``urgent``): the values of the first rows are taken as
    the distinct values, each row is given the one of its length, and the column rebuilt from
    them must be the column itself (so no value is missed or mistaken). None when that fails
    or the column is not text without nulls: it is encoded as it is.

    >>> import pyarrow as pa
    >>> position, values = _lengths_encoded(pa.array(["urgent", "urgent", "routine"] * 10_000))
    >>> position[:3].tolist(), values.to_pylist()
    ([0, 0, 1], ['urgent', 'routine'])
    >>> _lengths_encoded(pa.array(["urgent", "routine"] * 10_000 + ["URGENT"])) is None
    True
    """
    np, pc = _np(), compute
    rows = len(array)
    if not _many_texts(array):
        return None
    values = pc.drop_null(pc.unique(array.slice(0, _SAMPLE)))
    sizes = np.asarray(pc.binary_length(values).to_numpy(), dtype=np.int64)
    if not len(values) or len(set(sizes.tolist())) != len(values) or sizes.max() > _SAMPLE:
        return None
    offsets = text_offsets(array)
    number = np.full(int(sizes.max()) + 1, -1, dtype=np.int64)
    number[sizes] = np.arange(len(values), dtype=np.int64)
    position: IntArray = np.empty(rows, dtype=np.int64)
    parts = 2 * usable_cores(8) if rows >= _PARALLEL_MIN else 1
    bounds = [rows * part // parts for part in range(parts + 1)]

    def numbered(part: int) -> bool:
        # rows ``begin`` to ``end``: each given the value of its length, then rebuilt and compared
        # byte for byte (numpy and pyarrow let go of the GIL: ranges of rows on every core)
        begin, end = bounds[part], bounds[part + 1]
        lengths = offsets[begin + 1 : end + 1] - offsets[begin:end]
        if int(lengths.max()) >= len(number):
            return False
        here = position[begin:end]
        here[:] = number[lengths]  # numpy gathers by an int32 index faster than np.take
        if int(here.min()) < 0:
            return False
        rebuilt = compute.take(values, arrow_numbers(here))
        return bool(rebuilt.equals(array.slice(begin, end - begin)))

    return (position, values) if all(each_part(numbered, parts)) else None


#: The first rows whose values :func:`_lengths_encoded` takes for the distinct values.
_SAMPLE = 4096


def _small_keys_encoded(
    array: Any,  # noqa: ANN401 - a pyarrow array
    keys: Any,  # noqa: ANN401 - a numpy uint16 array
    size: int,
    rows: IntArray | None = None,
) -> tuple[IntArray, Any]:
    """Return the encoding of ``array`` given each row's key (uint16), from 0 to ``size - 1``.

    The keys present are marked in a table of ``size`` and numbered in order of first
    appearance (each found by pyarrow's ``index``, which stops at it). ``keys`` are those of
    ``rows`` when given (positions in ``array``).
    """
    np, pa, pc = _np(), _pa(), compute
    # the keys as numpy's own index type, once: marking and looking up by a uint16 index, numpy
    # converts it as it goes, at two to three times the cost (a chunk's 2 MiB copy is cheaper)
    at = keys.astype(np.intp)
    seen = np.zeros(size, dtype=bool)
    seen[at] = True
    present = np.flatnonzero(seen)
    searched = arrow_numbers(keys, pa.uint16())
    firsts = np.array([pc.index(searched, int(key)).as_py() for key in present], dtype=np.int64)
    order = np.argsort(firsts, kind="stable")
    number = np.zeros(size, dtype=np.int64)
    number[present[order]] = np.arange(len(present), dtype=np.int64)
    position: IntArray = number.take(at)
    taken = compute.take(array, arrow_numbers(_in_array(firsts[order], rows)))
    return position, compute.cast(taken, array.type)


def _mostly_null_encoded(
    array: Any,  # noqa: ANN401 - a pyarrow array
    encode: Callable[[Any], tuple[IntArray, Any]],
) -> tuple[IntArray, Any] | None:
    """Return ``encode`` of a text column mostly null, encoding only its values.

    An optional choice (an exemption) is empty on most rows: the rows with a value are taken out
    and encoded by ``encode`` (without nulls, so by the fast paths when they apply), and the null
    rows given the null value, the last. None for other columns.

    >>> import pyarrow as pa
    >>> from tenncare_calc.columnar.categories import _encoded
    >>> position, values = _mostly_null_encoded(pa.array([None, "urgent", None] * 10_000), _encoded)
    >>> position[:3].tolist(), values.to_pylist()
    ([1, 0, 1], ['urgent', None])
    """
    np, pa = _np(), _pa()
    rows = len(array)
    if (
        rows < _FIXED_WIDTH_MIN
        or array.null_count * 2 < rows
        or array.null_count == rows
        or not (pa.types.is_string(array.type) or pa.types.is_large_string(array.type))
    ):
        return None
    valid = np.unpackbits(
        np.frombuffer(array.buffers()[0], dtype=np.uint8),
        count=array.offset + rows,
        bitorder="little",
    )[array.offset :].view(bool)
    where = np.flatnonzero(valid)
    found, values = encode(compute.take(array, arrow_numbers(where)))
    position: IntArray = np.full(rows, len(values), dtype=np.int64)
    position[where] = found
    return position, pa.concat_arrays([values, pa.nulls(1, values.type)])
