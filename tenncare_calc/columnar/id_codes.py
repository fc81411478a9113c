"""Identifiers shared across tables as dense integer codes (a member in enrollment and in claims).

The batch computations join and group rows by identifier. :func:`encode_ids` codes the identifier
columns of several tables together, so the same member has the same code in each, and
:class:`IdCodes` decodes the codes back to the identifiers for the results.
"""

from __future__ import annotations

__all__ = ["IdCodes", "encode_ids"]

from typing import TYPE_CHECKING, Any

import attrs

from tenncare_calc.core.errors import require

if TYPE_CHECKING:
    from collections.abc import Callable

    import numpy as np
    import numpy.typing as npt

    IntArray = npt.NDArray[np.int64]


def _pa() -> Any:  # noqa: ANN401 - the pyarrow module
    return require("pyarrow", extra="data", purpose="reading batch input tables")


def _pc() -> Any:  # noqa: ANN401 - the pyarrow.compute module
    return require("pyarrow.compute", extra="data", purpose="reading batch input tables")


def _np() -> Any:  # noqa: ANN401 - the numpy module
    return require("numpy", extra="data", purpose="reading batch input tables")


@attrs.frozen
class IdCodes:
    """Dense non-negative int64 codes for identifiers, consistent across the arrays encoded together.

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
    hashing); other identifiers are dictionary-encoded. Identifiers of different types (numbers in
    one table, text in another) are compared as text.

    >>> import pyarrow as pa
    >>> ids = encode_ids(pa.array([105, 101]), pa.array([101, 999]))
    >>> [c.tolist() for c in ids.codes], ids.decode(ids.codes[1]).to_pylist()
    ([[4, 0], [0, 898]], [101, 999])
    >>> tuple(c.tolist() for c in encode_ids(pa.array([], pa.string()), pa.array(["b", "a"])).codes)
    ([], [0, 1])
    """
    np, pa, pc = _np(), _pa(), _pc()
    if not arrays:
        return IdCodes((), 0, pa.array)
    types = {str(a.type) for a in arrays}
    integral = all(pa.types.is_integer(a.type) for a in arrays)
    if integral:
        lows = [pc.min(a).as_py() for a in arrays if len(a) and a.null_count < len(a)]
        highs = [pc.max(a).as_py() for a in arrays if len(a) and a.null_count < len(a)]
        low = min(lows, default=0)
        high = max(highs, default=0)
        if high - low < _OFFSET_RANGE:
            codes = tuple(
                pc.fill_null(a.cast(pa.int64()), low).to_numpy(zero_copy_only=False) - low
                for a in arrays
            )

            def offset_decode(values: IntArray) -> Any:  # noqa: ANN401
                return pa.array(np.asarray(values, dtype=np.int64) + low)

            return IdCodes(codes, high - low + 1, offset_decode)
    if len(types) > 1:
        arrays = tuple(a.cast(pa.large_string()) for a in arrays)
    combined = pa.chunked_array(arrays, arrays[0].type)
    encoded = pc.dictionary_encode(combined)
    dictionary = encoded.chunk(0).dictionary if encoded.num_chunks else arrays[0][:0]
    # The encoded chunks need not match the arrays one to one (pyarrow drops empty chunks), so
    # the codes are split back by the arrays' lengths.
    indices = [pc.fill_null(chunk.indices, 0).cast(pa.int64()) for chunk in encoded.chunks]
    everything = (
        pa.chunked_array(indices, pa.int64()).to_numpy() if indices else np.zeros(0, dtype=np.int64)
    )
    bounds = np.cumsum([len(array) for array in arrays])[:-1]
    codes = tuple(np.split(everything, bounds))

    def dictionary_decode(values: IntArray) -> Any:  # noqa: ANN401
        return dictionary.take(pa.array(np.asarray(values, dtype=np.int64)))

    return IdCodes(codes, len(dictionary), dictionary_decode)
