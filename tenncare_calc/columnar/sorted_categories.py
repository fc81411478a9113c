"""Sorted categories: each row of a column ranked among its distinct values, sorted (a null last).

Community tenure counts each episode for a plan: the plans are ranked once, so that a stay's plan
packs into a few bits of its sort key and the counts come out in the plans' order.

>>> import pyarrow as pa
>>> sorted_categories(pa.array(["TCS", "AGP", "TCS"])).index.tolist()
[1, 0, 1]
"""

from __future__ import annotations

__all__ = ["sorted_categories"]

from typing import TYPE_CHECKING, Any

from tenncare_calc.columnar.arrow_kernels import call
from tenncare_calc.columnar.categories import Categories, _np, _pa
from tenncare_calc.columnar.column_batches import arrow_numbers, numpy_numbers, numpy_valid

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    IntArray = npt.NDArray[np.int64]


def sorted_categories(array: Any) -> Categories:  # noqa: ANN401 - a pyarrow array
    """Return a column as each row's rank among its distinct values, sorted (a null last).

    The values as they are, found by one hash of the column, ranks 32-bit (little memory). The
    hash's indices, a temporary as long as the column, come from the system allocator, as numpy's
    arrays do: Arrow's default one (mimalloc) backs fresh memory with transparent huge pages, so a
    temporary of a megabyte could add two to four megabytes to the peak resident memory.

    >>> import pyarrow as pa
    >>> plans = sorted_categories(pa.array(["TCS", "AGP", None, "TCS", "AMC"]))
    >>> plans.index.tolist(), plans.values()
    ([2, 0, 3, 2, 1], ('AGP', 'AMC', 'TCS', None))
    """
    np, pa = _np(), _pa()
    array = array.combine_chunks() if isinstance(array, pa.ChunkedArray) else array
    if pa.types.is_dictionary(array.type):  # its dictionary may repeat a value, or hold a null
        array = call("take", array.dictionary, array.indices)
    # the values without a null; a null row a null index (Arrow's hash and sort, called by name)
    encoded = call("dictionary_encode", array, memory_pool=pa.system_memory_pool())
    order = np.asarray(call("array_sort_indices", encoded.dictionary).to_numpy(), dtype=np.int64)
    rank = np.arange(len(order) + 1, dtype=np.int32)  # the last: a null's
    rank[order] = rank[:-1].copy()
    indices = encoded.indices
    # no null: the indices read in place (filling them would copy them)
    at = numpy_numbers(indices, np.int32)
    if indices.null_count:
        at = at.copy()
        at[~numpy_valid(indices)] = len(order)
    values = call("take", encoded.dictionary, arrow_numbers(order))  # (no numpy.ma: see there)
    if encoded.null_count:
        values = pa.concat_arrays([values, pa.nulls(1, values.type)])
    index: IntArray = rank[np.asarray(at)]
    return Categories(index, values)
