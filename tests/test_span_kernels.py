"""The member-months kernels: threads, blocks, sorted input and fixed-width text ids change nothing.

The sort and the sweep split their work over threads and blocks only above sizes the other tests
never reach; these tests shrink those sizes so that every path runs on small data, and compare
with the reference of ``tests/test_member_months.py`` and with one thread, one block.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

import tenncare_calc as tc
from tenncare_calc.columnar import encode_ids
from tenncare_calc.columnar import id_codes as id_codes_module
from tenncare_calc.columnar.id_codes import fixed_width_codes
from tenncare_calc.enrollment import span_sweep, spans
from tests.strategies import YEARS, enrollment_spans
from tests.test_member_months import CONVENTION, as_table, reference

SPLITS = st.tuples(st.integers(1, 4), st.sampled_from([1, 2, 3, 8]), st.sampled_from([1, 2, 5]))
#: Keys per bucket of the sort and the fewest keys it buckets (the second: None = unchanged).
BUCKETS = st.tuples(st.sampled_from([1, 2, 3, 256]), st.sampled_from([0, 3, None]))


def _with_text_ids(spans_: list[tuple[Any, ...]], width: int) -> list[tuple[Any, ...]]:
    """Return the spans with member ``m`` written ``TN`` and ``m`` zero-padded to ``width``."""
    return [(f"TN{member:0{width}d}", start, end) for member, start, end in spans_]


IDS = st.sampled_from(["numbers", "text of one width", "text of any width"])


@given(st.data(), YEARS, CONVENTION)
def test_threads_blocks_order_and_text_ids_change_nothing(
    data: st.DataObject, year: int, convention: str
) -> None:
    """Any number of threads, any block size, sorted or shuffled input, ids as numbers or text."""
    splits, ids, in_order = data.draw(st.tuples(SPLITS, IDS, st.booleans()))
    bucket, bucketed_min = data.draw(BUCKETS)
    drawn = data.draw(enrollment_spans(year, max_spans=40))
    expected = reference(drawn, year, convention)
    if ids != "numbers":
        drawn = _with_text_ids(drawn, 7 if ids == "text of one width" else 0)
    if in_order:
        drawn = sorted(drawn, key=lambda s: (s[0], s[1], s[2] or dt.date.max))
    threads, sweep_block, pack_block = splits
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(span_sweep, "PARALLEL_MIN", 0)
        patch.setattr(span_sweep, "_BLOCK", sweep_block)
        patch.setattr(spans, "_BLOCK", pack_block)
        patch.setattr(span_sweep, "workers", lambda: threads)
        patch.setattr(span_sweep, "_BUCKET", bucket)
        patch.setattr(span_sweep, "_SORT_CHUNK", max(bucket, 2))
        if bucketed_min is not None:
            patch.setattr(span_sweep, "_BUCKETED_MIN", bucketed_min)
        patch.setattr(id_codes_module, "_PARALLEL_MIN", 0)
        patch.setattr(id_codes_module, "_BLOCK", pack_block)
        patch.setattr(id_codes_module, "_cores", lambda: threads)
        result = tc.member_months(
            as_table(drawn), year=year, convention=convention, per_member=True
        )
    assert result.by_month == expected
    single = tc.member_months(as_table(drawn), year=year, convention=convention, per_member=True)
    assert result.to_dict() == single.to_dict()
    assert result.per_member.equals(single.per_member)


@given(
    st.lists(st.integers(0, 2**62) | st.integers(0, 40), max_size=200),
    st.sampled_from([1, 2, 7]),
    st.sampled_from([0, 2, 50]),
    st.sampled_from([1, 3, 40, 1 << 20]),
)
def test_the_bucketed_sort_sorts(
    values: list[int], bucket: int, bucketed_min: int, chunk: int
) -> None:
    """Keys bunched or spread, few or many per bucket, split by value or not: numpy's order."""
    keys = np.array(values, dtype=np.int64)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(span_sweep, "_BUCKET", bucket)
        patch.setattr(span_sweep, "_BUCKETED_MIN", bucketed_min)
        patch.setattr(span_sweep, "_SORT_CHUNK", chunk)
        span_sweep.sort_in_place(keys, threads=1, bucketed=True)
    assert keys.tolist() == sorted(values)


@given(
    st.lists(
        st.lists(st.text("AZaz09-é", min_size=5, max_size=5), min_size=1, max_size=30),
        min_size=1,
        max_size=3,
    )
)
def test_fixed_width_codes_are_equal_exactly_when_the_ids_are(ids: list[list[str]]) -> None:
    """Same code if and only if same id, across arrays; decoding gives the ids back."""
    arrays = tuple(pa.array(values) for values in ids)
    coded = fixed_width_codes(arrays)
    widths = {len(value.encode()) for values in ids for value in values}
    if coded is None:  # different widths, or ids differing in more than 40 bits
        words = [int.from_bytes(v.encode(), "little") for values in ids for v in values]
        ones, zeros = 0, (1 << 128) - 1
        for word in words:
            ones, zeros = ones | word, zeros & word
        assert len(widths) > 1 or (ones & ~zeros).bit_count() > 40
        return
    flat = [value for values in ids for value in values]
    codes = np.concatenate(coded.codes).tolist()
    assert len(set(zip(flat, codes, strict=True))) == len(set(flat)) == len(set(codes))
    for array, code in zip(arrays, coded.codes, strict=True):
        assert coded.decode(code).to_pylist() == array.to_pylist()
    assert coded.count == max(codes) + 1


def test_fixed_width_codes_fall_back_on_nulls_wide_ids_and_too_many_bits() -> None:
    """Nulls, ids over 16 bytes and ids differing in more than 40 bits get no fixed-width codes."""
    assert fixed_width_codes((pa.array(["ab", None]),)) is None
    assert fixed_width_codes((pa.array(["a" * 17, "b" * 17]),)) is None
    rng = np.random.default_rng(0)
    random_text = ["".join(map(chr, rng.integers(33, 127, 12))) for _ in range(50)]
    assert fixed_width_codes((pa.array(random_text),)) is None
    assert fixed_width_codes((pa.array([1, 2]),)) is None


def test_large_text_columns_are_coded_without_a_dictionary(monkeypatch: pytest.MonkeyPatch) -> None:
    """encode_ids takes the fixed-width path for large columns, and agrees with the dictionary."""
    ids = pa.array([f"M{n:09d}" for n in (5, 3, 5, 999_999_999, 3)])
    dictionary = encode_ids(ids)
    monkeypatch.setattr(id_codes_module, "_FIXED_WIDTH_MIN_ROWS", 0)
    fixed = encode_ids(ids)
    assert fixed.decode(fixed.codes[0]).to_pylist() == ids.to_pylist()
    same = [a == b for a in fixed.codes[0] for b in fixed.codes[0]]
    assert same == [a == b for a in dictionary.codes[0] for b in dictionary.codes[0]]
