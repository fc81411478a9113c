"""Provider ids in order of appearance, by offset for narrow whole-number ids (issue 15).

``_integers_in_order`` replaces the dictionary encoding for whole-number ids within a few times
the number of rows of each other: the distinct ids, each row's index and the first rows must be
the encoding's, for ids narrow and wide alike.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
from hypothesis import given
from hypothesis import strategies as st

from tenncare_calc.compliance.utilization.profile_counts import (
    _in_order_of_appearance,
    _integers_in_order,
)


def _by_encoding(values: pa.Array) -> tuple[list[object], list[int], list[int]]:
    """Return the distinct values, indices and first rows as the dictionary encoding gives them."""
    encoded = pa.compute.dictionary_encode(values)
    index = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    first = [int(np.flatnonzero(index == code)[0]) for code in range(len(encoded.dictionary))]
    return encoded.dictionary.to_pylist(), index.tolist(), first


@given(
    st.lists(st.integers(-3, 3), min_size=1, max_size=40),
    st.sampled_from([0, 10**9, -(10**12)]),
    st.sampled_from([pa.int64(), pa.int32()]),
)
def test_narrow_ids_in_order_of_appearance(ids: list[int], shift: int, kind: pa.DataType) -> None:
    """Ids of any sign, far from zero or not: the encoding's values, indices and first rows."""
    if kind == pa.int32() and shift:
        kind = pa.int64()
    values = pa.array([i + shift for i in ids], kind)
    found = _integers_in_order(values)
    assert found is not None
    distinct, index, first = found
    assert (distinct.to_pylist(), index.tolist(), first.tolist()) == _by_encoding(values)
    assert distinct.type == values.type
    again = _in_order_of_appearance(values)
    assert again[0].equals(distinct)


def test_ids_far_apart_are_encoded() -> None:
    """Ids spread wider than a few times the rows are left to the dictionary encoding."""
    values = pa.array([1, 10**10, 1])
    assert _integers_in_order(values) is None
    distinct, index, first = _in_order_of_appearance(values)
    assert (distinct.to_pylist(), index.tolist(), first.tolist()) == _by_encoding(values)
