"""Identifiers shared across tables as dense integer codes (a member in enrollment and in claims).

The batch computations join and group rows by identifier. :func:`encode_ids` codes the identifier
columns of several tables together, so the same member has the same code in each, and
:class:`IdCodes` decodes the codes back to the identifiers for the results.
"""

from __future__ import annotations

__all__ = ["IdCodes", "encode_ids", "fixed_width_codes"]

from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

import attrs

from tenncare_calc.columnar.arrow_kernels import compute
from tenncare_calc.columnar.column_batches import numpy_numbers, numpy_valid, text_offsets
from tenncare_calc.core.cores import usable_cores
from tenncare_calc.core.errors import require

if TYPE_CHECKING:
    from collections.abc import Callable

    import numpy as np
    import numpy.typing as npt

    IntArray = npt.NDArray[np.int64]


def _pa() -> Any:  # noqa: ANN401 - the pyarrow module
    return require("pyarrow", extra="data", purpose="reading batch input tables")


def _integers(array: Any) -> tuple[IntArray, Any]:  # noqa: ANN401 - pyarrow in, numpy out
    """Return an integer array's values as stored (junk under a null) and which are not null."""
    np, pa = _np(), _pa()
    array = array.combine_chunks() if isinstance(array, pa.ChunkedArray) else array
    return numpy_numbers(array, np.dtype(str(array.type))), numpy_valid(array)


def _from_lowest(values: Any, valid: Any, low: int) -> IntArray:  # noqa: ANN401 - numpy arrays
    """Return each value less ``low`` as int64 (a null: 0); every given value is at least ``low``."""
    np = _np()
    if values.dtype.kind == "u":  # unsigned: subtracted as such (a uint64 may not fit an int64)
        codes: IntArray = (values.astype(np.uint64) - np.uint64(low)).view(np.int64)
    else:
        codes = values.astype(np.int64) - low
    codes[~valid] = 0
    return codes


def _np() -> Any:  # noqa: ANN401 - the numpy module
    return require("numpy", extra="data", purpose="reading batch input tables")


@attrs.frozen
class IdCodes:
    """Non-negative int64 codes for identifiers, consistent across the arrays encoded together.

    ``codes[i]`` belongs to ``arrays[i]`` of :func:`encode_ids`; ``decode(codes)`` gives the
    original identifiers back as a pyarrow array. ``count`` is one more than the largest code.
    """

    codes: tuple[IntArray, ...] = attrs.field(repr=False)
    count: int
    _decode: Callable[[IntArray], Any] = attrs.field(repr=False)

    def decode(self, codes: IntArray) -> Any:  # noqa: ANN401 - a pyarrow Array
        """Return the identifiers of ``codes``."""
        return self._decode(codes)


#: Integer identifiers spanning less than this are coded by offset (no hashing).
_OFFSET_RANGE = 1 << 40


def encode_ids(*arrays: Any) -> IdCodes:  # noqa: ANN401 - pyarrow arrays
    """Return dense int64 codes for identifier arrays (whole numbers or text), shared across them.

    Whole numbers spanning less than 2**40 are coded as ``id - min`` (order-preserving, no
    hashing); so are, in effect, large text columns whose identifiers all have the same length
    in bytes and differ in at most 40 bits (``TN000123456``: :func:`fixed_width_codes`); other
    identifiers are dictionary-encoded (codes ``0..count-1``). Identifiers of different types (numbers in
    one table, text in another) are compared as text.

    >>> import pyarrow as pa
    >>> ids = encode_ids(pa.array([105, 101]), pa.array([101, 999]))
    >>> [c.tolist() for c in ids.codes], ids.decode(ids.codes[1]).to_pylist()
    ([[4, 0], [0, 898]], [101, 999])
    >>> tuple(c.tolist() for c in encode_ids(pa.array([], pa.string()), pa.array(["b", "a"])).codes)
    ([], [0, 1])
    """
    np, pa = _np(), _pa()
    if not arrays:
        return IdCodes((), 0, pa.array)
    types = {str(a.type) for a in arrays}
    integral = all(pa.types.is_integer(a.type) for a in arrays)
    if integral:
        numbers = [_integers(a) for a in arrays]
        given = [(values, valid) for values, valid in numbers if len(values) and valid.any()]
        # the smallest and largest given, read where they are (a null's slot holds junk)
        kinds = [np.iinfo(values.dtype) for values, _ in given]
        low = min(
            (int(v.min(where=ok, initial=k.max)) for (v, ok), k in zip(given, kinds, strict=True)),
            default=0,
        )
        high = max(
            (int(v.max(where=ok, initial=k.min)) for (v, ok), k in zip(given, kinds, strict=True)),
            default=0,
        )
        if high - low < _OFFSET_RANGE:
            codes = tuple(_from_lowest(values, valid, low) for values, valid in numbers)

            # identifiers past int64 (a uint64 column's) are given back as uint64
            wide = np.uint64 if high > np.iinfo(np.int64).max else np.int64

            def offset_decode(values: IntArray) -> Any:  # noqa: ANN401
                return pa.array(np.asarray(values, dtype=np.int64).astype(wide) + wide(low))

            return IdCodes(codes, high - low + 1, offset_decode)
    if sum(len(a) for a in arrays) >= _FIXED_WIDTH_MIN_ROWS:
        fixed = fixed_width_codes(arrays)
        if fixed is not None:
            return fixed
    if len(types) > 1:
        arrays = tuple(a.cast(pa.large_string()) for a in arrays)
    pc = compute
    combined = pa.chunked_array(arrays, arrays[0].type)
    encoded = pc.dictionary_encode(combined)
    dictionary = encoded.chunk(0).dictionary if encoded.num_chunks else arrays[0][:0]
    # The encoded chunks need not match the arrays one to one (pyarrow drops empty chunks), so
    # the codes are split back by the arrays' lengths.
    indices = [compute.cast(pc.fill_null(chunk.indices, 0), pa.int64()) for chunk in encoded.chunks]
    everything = (
        pa.chunked_array(indices, pa.int64()).to_numpy() if indices else np.zeros(0, dtype=np.int64)
    )
    bounds = np.cumsum([len(array) for array in arrays])[:-1]
    codes = tuple(np.split(everything, bounds))

    def dictionary_decode(values: IntArray) -> Any:  # noqa: ANN401
        return dictionary.take(pa.array(np.asarray(values, dtype=np.int64)))

    return IdCodes(codes, len(dictionary), dictionary_decode)


#: Text columns with fewer rows than this are dictionary-encoded (dense codes, and fast enough).
_FIXED_WIDTH_MIN_ROWS = 1 << 16
#: Rows per block in :func:`fixed_width_codes`: the work arrays stay in the processor's cache.
_BLOCK = 1 << 14
#: The widest identifiers (bytes) :func:`fixed_width_codes` codes: two 64-bit words.
_MAX_WIDTH = 16


def fixed_width_codes(arrays: tuple[Any, ...]) -> IdCodes | None:
    """Return codes for text identifiers that all have one width in bytes, or ``None``.

    Identifiers of ``width`` bytes (at most 16) are read as two little-endian 64-bit words; the
    bits that differ between any two identifiers (the others are the same in every row) are
    gathered into one integer, the code. Two identifiers have the same code exactly when they
    have the same bytes: no hashing, so no collision. This is an order of magnitude faster than a
    dictionary encoding and needs no hash table. ``None`` (use a dictionary) when the arrays are not all
    text of one width without nulls, or their identifiers differ in more than 40 bits.

    >>> import pyarrow as pa
    >>> ids = fixed_width_codes((pa.array(["TN0000012", "TN0000010"]), pa.array(["TN0000012"])))
    >>> [c.tolist() for c in ids.codes], ids.decode(ids.codes[0]).to_pylist()
    ([[1, 0], [1]], ['TN0000012', 'TN0000010'])
    >>> fixed_width_codes((pa.array(["TN1", "TN12"]),)) is None
    True
    """
    np, pa = _np(), _pa()
    width = _common_width(arrays)
    if width is None:
        return None
    words = [_words(array, width) for array in arrays]
    # The bits that vary: OR and AND of every word over every row differ there.
    ones, zeros = [0, 0], [(1 << 64) - 1] * 2
    for pair in words:
        for index, word in enumerate(pair):
            if len(word):
                one, zero = _or_and(word)
                ones[index] |= one
                zeros[index] &= zero
    # The last word's low bytes repeat the first word's (width < 16): they are shifted out.
    last_shift = 8 * (16 - width) if width > 8 else 0  # noqa: PLR2004
    varying = [ones[0] & ~zeros[0], (ones[1] & ~zeros[1]) >> last_shift]
    constant = [ones[0] & ~varying[0], (ones[1] >> last_shift) & ~varying[1]]
    bits = [m.bit_count() for m in varying]
    if bits[0] + bits[1] > _CODE_BITS:
        return None
    runs = [_runs(varying[0], 0), _runs(varying[1], bits[0])]
    # gathering from the unshifted last word: its runs sit last_shift bits higher
    shifted = [runs[0], [(shift + last_shift, n, at) for shift, n, at in runs[1]]]
    codes = tuple(_gather(pair, shifted) for pair in words)
    largest = max((int(c.max()) for c in codes if len(c)), default=0)

    def fixed_width_decode(values: IntArray) -> Any:  # noqa: ANN401
        code = np.asarray(values, dtype=np.int64).view(np.uint64)
        rows = np.empty((len(code), 2), dtype=np.uint64)
        for index in range(2):
            word = np.full(len(code), constant[index], dtype=np.uint64)
            for shift, length, at in runs[index]:
                word |= ((code >> np.uint64(at)) & np.uint64((1 << length) - 1)) << np.uint64(shift)
            rows[:, index] = word
        text = rows.view(np.uint8).reshape(len(code), 16)[:, :width].copy()
        offsets = np.arange(0, (len(code) + 1) * width, width, dtype=np.int32)
        return pa.Array.from_buffers(
            pa.string(), len(code), [None, pa.py_buffer(offsets), pa.py_buffer(text)]
        )

    return IdCodes(codes, largest + 1, fixed_width_decode)


#: The most bits a fixed-width code may have (as integer codes: spanning less than 2**40).
_CODE_BITS = 40


def _common_width(arrays: tuple[Any, ...]) -> int | None:
    """Return the width in bytes every identifier of ``arrays`` has, or ``None``."""
    np, pa = _np(), _pa()
    width: int | None = None
    for array in arrays:
        if not (pa.types.is_string(array.type) or pa.types.is_large_string(array.type)):
            return None
        if array.null_count or not len(array):
            return None
        offsets = text_offsets(array)
        lengths = np.diff(offsets)
        low, high = int(lengths.min()), int(lengths.max())
        if low != high or not 0 < low <= _MAX_WIDTH or width not in {None, low}:
            return None
        width = low
    return width


def _words(array: Any, width: int) -> tuple[Any, Any]:  # noqa: ANN401
    """Return each identifier's first 8 bytes and its last 8 bytes as uint64 words.

    The second is empty when ``width <= 8``; otherwise its low ``16 - width`` bytes repeat bytes
    of the first word (callers shift them out: :data:`_LAST_SHIFT`).
    """
    np = _np()
    rows = len(array)
    start = int(text_offsets(array)[0])
    data = np.frombuffer(array.buffers()[2], dtype=np.uint8)
    none = np.zeros(0, dtype=np.uint64)
    if width < 8:  # noqa: PLR2004 - a word's bytes
        padded = np.zeros((rows, 8), dtype=np.uint8)
        padded[:, :width] = data[start : start + rows * width].reshape(rows, width)
        return padded.view("<u8").reshape(rows), none
    # Unaligned strided views: row i's words start at byte start + i * width (and + width - 8).
    first = np.ndarray((rows,), "<u8", data, start, (width,))
    if width == 8:  # noqa: PLR2004
        return first, none
    return first, np.ndarray((rows,), "<u8", data, start + width - 8, (width,))


def _runs(mask: int, at: int) -> list[tuple[int, int, int]]:
    """Return the runs of set bits of ``mask``: (shift, length, position in the code from ``at``)."""
    runs = []
    shift = 0
    while mask >> shift:
        if not (mask >> shift) & 1:
            shift += 1
            continue
        length = 0
        while (mask >> (shift + length)) & 1:
            length += 1
        runs.append((shift, length, at))
        at += length
        shift += length
    return runs


def _gather(pair: tuple[Any, Any], runs: list[list[tuple[int, int, int]]]) -> IntArray:
    """Return the code of each row: its varying bits gathered, a block of rows at a time.

    Large columns are split into one range of rows per core, gathered in threads (numpy's
    arithmetic releases the GIL).
    """
    np = _np()
    rows = len(pair[0])
    result: IntArray = np.zeros(rows, dtype=np.int64)
    out = result.view(np.uint64)
    threads = _cores() if rows >= _PARALLEL_MIN else 1
    bounds = [rows * part // threads for part in range(threads + 1)]

    def one(part: int) -> None:
        values = np.empty(_BLOCK, dtype=np.uint64)  # work arrays reused block after block
        piece = np.empty(_BLOCK, dtype=np.uint64)
        for start in range(bounds[part], bounds[part + 1], _BLOCK):
            block = slice(start, min(start + _BLOCK, bounds[part + 1]))
            size = block.stop - block.start
            target = out[block]
            for word, word_runs in zip(pair, runs, strict=True):
                if not word_runs:
                    continue
                here, work = values[:size], piece[:size]
                np.copyto(here, word[block])  # aligned, in cache
                for shift, length, at in word_runs:
                    np.right_shift(here, np.uint64(shift), out=work)
                    np.bitwise_and(work, np.uint64((1 << length) - 1), out=work)
                    if at:
                        np.left_shift(work, np.uint64(at), out=work)
                    np.bitwise_or(target, work, out=target)

    if threads == 1:
        one(0)
    else:
        with ThreadPoolExecutor(threads) as pool:
            list(pool.map(one, range(threads)))
    return result


def _or_and(word: Any) -> tuple[int, int]:  # noqa: ANN401 - a uint64 numpy array
    """Return the bitwise OR and AND of every value of ``word``, one range of rows per core."""
    np = _np()
    threads = _cores() if len(word) >= _PARALLEL_MIN else 1
    bounds = [len(word) * part // threads for part in range(threads + 1)]

    def one(part: int) -> tuple[int, int]:
        values = word[bounds[part] : bounds[part + 1]]
        return int(np.bitwise_or.reduce(values)), int(np.bitwise_and.reduce(values))

    if threads == 1:
        return one(0)
    with ThreadPoolExecutor(threads) as pool:
        parts = list(pool.map(one, range(threads)))
    ones, zeros = 0, (1 << 64) - 1
    for part_ones, part_zeros in parts:
        ones, zeros = ones | part_ones, zeros & part_zeros
    return ones, zeros


#: Fewer rows than this are gathered on one thread.
_PARALLEL_MIN = 1 << 18


def _cores() -> int:
    """Return the cores this process may run on (at most 8)."""
    return usable_cores(8)
