"""The fast paths of the columnar readers and writers give what the general ones give.

Text columns of codes of one width, or of choices of distinct lengths, are encoded without
hashing each text (``columnar.categories``); moments with nulls are read where they are
(``columnar.times``); flag and text columns are written as Arrow's buffers. Each is checked here
against the general way, on both sides of the sizes and shapes where it applies.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tenncare_calc.columnar import categories, text_codes
from tenncare_calc.columnar import sorted_categories as sorted_categories_module
from tenncare_calc.columnar.categories import flag_column, text_column
from tenncare_calc.columnar.decimal_columns import take_decimals
from tenncare_calc.columnar.sorted_categories import sorted_categories
from tenncare_calc.columnar.tables import Column, ColumnKind, read_table
from tenncare_calc.columnar.times import moments

_MIN = text_codes._FIXED_WIDTH_MIN  # noqa: SLF001 - the size the fast paths start at


def _reference(array: pa.Array) -> tuple[list[int], pa.Array]:
    """Return each row's position and the distinct values, as pyarrow's hash encodes them."""
    encoded = pc.dictionary_encode(array)
    indices, dictionary = encoded.indices, encoded.dictionary
    if indices.null_count:
        indices = pc.fill_null(indices, len(dictionary))
        dictionary = pa.concat_arrays([dictionary, pa.nulls(1, dictionary.type)])
    return indices.to_pylist(), dictionary


def _column(values: list[str | None], rows: int, seed: int, kind: pa.DataType) -> pa.Array:
    """Return ``rows`` values drawn from ``values``, the first ones each once, in a column."""
    rng = np.random.default_rng(seed)
    drawn = [values[i] for i in rng.integers(0, len(values), rows)]
    return pa.array(values + drawn, kind)


_CODES = st.lists(
    st.text(alphabet="AB19:é ", min_size=1, max_size=8), min_size=1, max_size=6, unique=True
)


@given(
    codes=_CODES,
    rows=st.sampled_from([_MIN - 10, _MIN, 3 * _MIN]),
    seed=st.integers(0, 9),
    start=st.sampled_from([0, 1, 7]),
    kind=st.sampled_from([pa.string(), pa.large_string()]),
)
def test_encoding_is_the_hash_encoding(
    codes: list[str], rows: int, seed: int, start: int, kind: pa.DataType
) -> None:
    """Codes of one width or of many, short or long, sliced or not: the same encoding."""
    array = _column(codes, rows, seed, kind).slice(start)
    position, dictionary = categories._encoded(array)  # noqa: SLF001 - the reader's encoding
    expected_position, expected_dictionary = _reference(array)
    assert position.tolist() == expected_position
    assert dictionary.equals(expected_dictionary)


@pytest.mark.parametrize(
    "values",
    [
        ["19", "B5", "20"],  # two bytes: counted
        ["A", "B"],  # one byte
        ["abc", "xyz"],  # three bytes
        ["17:00", "16:30", "9:00 "],  # five bytes
        ["12345678", "87654321"],  # eight bytes
        ["urgent", "routine"],  # distinct lengths
        ["trip", "escort", "car_rental", "mileage_reimbursement"],
    ],
)
def test_each_fast_path_is_taken_and_agrees(values: list[str]) -> None:
    """Every width and the distinct lengths take a fast path, and give the hash's encoding."""
    array = _column(values, 2 * _MIN, 0, pa.string())
    fast = text_codes._fixed_width_encoded(array) or text_codes._lengths_encoded(array)  # noqa: SLF001
    assert fast is not None
    expected_position, expected_dictionary = _reference(array)
    assert fast[0].tolist() == expected_position
    assert fast[1].equals(expected_dictionary)


def test_a_value_of_a_known_length_not_seen_first_falls_back() -> None:
    """A value missed by the first rows, with the length of one seen, is still its own value."""
    array = pa.array(["urgent", "routine"] * _MIN + ["URGENT"])
    assert text_codes._lengths_encoded(array) is None  # noqa: SLF001
    position, dictionary = categories._encoded(array)  # noqa: SLF001
    assert dictionary.to_pylist() == ["urgent", "routine", "URGENT"]
    assert position[-1] == 2


_PARALLEL = text_codes._PARALLEL_MIN  # noqa: SLF001 - the rows from which both cores compare


@pytest.mark.parametrize("rows", [_PARALLEL - 1, _PARALLEL, 2 * _PARALLEL + 3])
@pytest.mark.parametrize("where", [None, "first", "middle", "last"])
def test_lengths_are_checked_in_every_range_of_rows(rows: int, where: str | None) -> None:
    """On one core or several: a wrong value in any range of rows (here "URGENT") is found."""
    array = _column(["urgent", "routine"], rows, 3, pa.large_string())
    if where is not None:
        at = {"first": 1, "middle": rows // 2, "last": rows + 1}[where]
        array = pa.concat_arrays([array[:at], pa.array(["URGENT"], array.type), array[at + 1 :]])
    fast = text_codes._lengths_encoded(array)  # noqa: SLF001
    if where is not None:
        assert fast is None
        return
    assert fast is not None
    expected_position, expected_dictionary = _reference(array)
    assert fast[0].tolist() == expected_position
    assert fast[1].equals(expected_dictionary)


@given(
    values=st.lists(st.booleans(), max_size=40),
    nulls=st.lists(st.booleans(), max_size=40),
)
def test_a_flag_column_is_pyarrows_array(values: list[bool], nulls: list[bool]) -> None:
    """Flags with and without nulls: the array pyarrow makes of them."""
    mask = np.array((nulls * 40)[: len(values)] or [False] * len(values), dtype=bool)
    flags = np.array(values, dtype=bool)
    assert flag_column(flags, mask).equals(pa.array(flags, pa.bool_(), mask=mask))
    assert flag_column(flags).equals(pa.array(flags, pa.bool_()))


def test_a_text_column_out_of_range_is_pyarrows_error() -> None:
    """A position past the texts is refused as before (pyarrow checks it when numpy finds it)."""
    with pytest.raises(pa.ArrowIndexError):
        text_column(np.array([0, 2]), ("a", "b"))
    assert text_column(np.array([1, 0, 2]), ("a", "b", None)).to_pylist() == ["b", "a", None]


@given(
    micros=st.lists(st.integers(-(10**15), 10**15) | st.none(), min_size=1, max_size=30),
    start=st.integers(0, 3),
)
def test_moments_with_nulls_read_in_place(micros: list[int | None], start: int) -> None:
    """Timestamps with nulls (sliced or not): the values, a null 0, as pyarrow fills them."""
    stamps = pa.array(micros, pa.timestamp("us")).slice(min(start, len(micros) - 1))
    table = read_table({"at": stamps}, [Column("at", ColumnKind.LABEL)], name="t")
    _, values, timed = moments(table, "at", nullable=True)
    expected = pc.fill_null(stamps.cast(pa.int64()), 0).to_pylist()
    assert values.tolist() == expected
    assert timed.tolist() == pc.is_valid(stamps).to_pylist()


@given(
    codes=_CODES,
    share=st.sampled_from([0.3, 0.6, 0.95, 1.0]),
    seed=st.integers(0, 9),
    start=st.sampled_from([0, 3]),
)
def test_a_mostly_null_column_is_the_hash_encoding(
    codes: list[str], share: float, seed: int, start: int
) -> None:
    """Few values among nulls (and all nulls, and few nulls): the same encoding, null last."""
    rng = np.random.default_rng(seed)
    rows = 2 * _MIN
    drawn = [None if rng.random() < share else codes[rng.integers(len(codes))] for _ in range(rows)]
    array = pa.array(drawn, pa.string()).slice(start)
    position, dictionary = categories._encoded(array)  # noqa: SLF001 - the reader's encoding
    expected_position, expected_dictionary = _reference(array)
    assert position.tolist() == expected_position
    assert dictionary.equals(expected_dictionary)


@given(
    figures=st.lists(
        st.decimals(min_value=-(10**6), max_value=10**6, places=2, allow_nan=False) | st.none(),
        min_size=1,
        max_size=8,
    ),
    picks=st.lists(st.tuples(st.integers(0, 7), st.booleans()), max_size=30),
    start=st.integers(0, 2),
    kind=st.sampled_from([pa.decimal128(12, 2), pa.decimal256(40, 2)]),
)
def test_decimals_taken_by_numpy_are_pyarrows_take(
    figures: list[Any], picks: list[tuple[int, bool]], start: int, kind: pa.DataType
) -> None:
    """Distinct figures taken per row, some rows hidden: pyarrow's take with a mask."""
    values = pa.array(figures, kind).slice(min(start, len(figures) - 1))
    at = np.array([pick % len(values) for pick, _ in picks], dtype=np.int64)
    hidden = np.array([hide for _, hide in picks], dtype=bool)
    taken = take_decimals(values, at, hidden)
    assert taken.equals(values.take(pa.array(at, mask=hidden)))
    assert take_decimals(values, at).equals(values.take(pa.array(at, pa.int64())))


@given(
    st.lists(st.sampled_from(["AGP", "TCS", "AMC", "BCB", " AGP", "agp"]), max_size=40),
    st.integers(0, 3),
)
def test_sorted_categories_rank_each_row_among_the_sorted_values(
    plans: list[str], repeat: int
) -> None:
    """Each row's rank is its value's place among the column's distinct values, sorted."""
    array = pa.array(plans * (1 + repeat * 6_000), pa.string())  # long enough for fast paths
    found = sorted_categories(array)
    ordered = sorted(set(array.to_pylist()))
    assert list(found.values()) == ordered
    assert found.index.tolist() == [ordered.index(plan) for plan in array.to_pylist()]


@given(st.lists(st.sampled_from(["B", "A", "C", None]), min_size=1, max_size=30), st.integers(0, 2))
def test_sorted_categories_of_any_arrow_form(plans: list[str | None], form: int) -> None:
    """Any Arrow form of a column ranks each row as a plain sort of its distinct values does.

    A plain, dictionary (its dictionary repeating a value and holding a null) or chunked column;
    a null last.
    """
    plain = pa.array(plans, pa.string())
    if form == 1:
        dictionary = pa.array(["B", "A", "B", None, "C"], pa.string())
        where = {"B": 2, "A": 1, "C": 4, None: 3}
        array = pa.DictionaryArray.from_arrays(
            pa.array([where[p] for p in plans], pa.int32()), dictionary
        )
    elif form == 2:
        array = pa.chunked_array([plain.slice(0, len(plans) // 2), plain.slice(len(plans) // 2)])
    else:
        array = plain
    found = sorted_categories(array)
    ordered = sorted({p for p in plans if p is not None}) + ([None] if None in plans else [])
    assert list(found.values()) == ordered
    assert found.index.tolist() == [ordered.index(p) for p in plans]


def test_sorted_categories_without_nulls_read_the_indices_in_place(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A column without nulls is ranked from its encoding's indices as they are, not a filled copy.

    Community tenure ranks every stay's plan so: the copy was a second index-sized Arrow
    allocation (Arrow's allocator backs fresh allocations with 2 MiB pages), and the peak memory
    of community tenure rose by it. Only a column with a null has its null indices filled.
    """
    filled: list[int] = []
    numpy_valid = sorted_categories_module.numpy_valid  # read only to fill the null indices

    def counted(values: Any) -> Any:
        filled.append(len(values))
        return numpy_valid(values)

    monkeypatch.setattr(sorted_categories_module, "numpy_valid", counted)
    plans = ["TCS", "AGP", "AMC"] * 10_000
    found = sorted_categories(pa.array(plans, pa.string()))
    assert found.values() == ("AGP", "AMC", "TCS")
    assert filled == []
    found = sorted_categories(pa.array([*plans, None], pa.string()))
    assert found.values() == ("AGP", "AMC", "TCS", None)
    assert found.index[-1] == 3  # the null: last
    assert filled == [len(plans) + 1]


def test_sorted_categories_take_the_hash_from_the_system_allocator(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The hash's indices (a temporary as long as the column) come from the system allocator.

    Arrow's default allocator backs fresh memory with 2 MiB pages: community tenure's peak rise
    on 0.29 M stays was 1.30 to 1.95 times its input with the indices there, 1.05 to 1.40 here.
    """
    pools: list[Any] = []
    call = sorted_categories_module.call

    def encode(name: str, *values: Any, **options: Any) -> Any:
        if name == "dictionary_encode":
            pools.append(options.get("memory_pool"))
        return call(name, *values, **options)

    monkeypatch.setattr(sorted_categories_module, "call", encode)
    found = sorted_categories(pa.array(["TCS", "AGP"] * 10_000, pa.string()))
    assert found.values() == ("AGP", "TCS")
    assert [pool.backend_name for pool in pools] == [pa.system_memory_pool().backend_name]
