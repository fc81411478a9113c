"""Community tenure's reading without ``pyarrow.compute``: each replacement gives what it replaced.

Arrow's functions called by name (:mod:`tenncare_calc.columnar.arrow_kernels`), the ``large_string``
made from a string array's buffers, a date column's day numbers and whole-number identifiers
read with numpy: each against the ``pyarrow.compute`` call it stands for.
"""

from __future__ import annotations

import sys
import types
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tenncare_calc.columnar import arrow_kernels, encode_ids
from tenncare_calc.columnar.column_batches import large_text
from tenncare_calc.columnar.tables import _days

TEXTS = st.lists(st.one_of(st.none(), st.sampled_from(["AGP", "TCS", "", "é", "AMC"])), max_size=30)


def _sliced(values: list[Any], kind: Any, cut: int) -> Any:
    """Return ``values`` as an array of ``kind`` that starts ``cut`` rows into a longer one."""
    padded = pa.array([None] * cut + values, kind)
    return padded.slice(cut)


@given(TEXTS, st.integers(0, 3))
def test_called_by_name_as_pyarrow_compute_calls_them(texts: list[str | None], cut: int) -> None:
    """Hash, sort, take and filter by name give what ``pyarrow.compute``'s functions give."""
    array = _sliced(texts, pa.string(), cut)
    encoded = arrow_kernels.call("dictionary_encode", array)
    assert encoded.equals(pc.dictionary_encode(array))
    order = arrow_kernels.call("array_sort_indices", encoded.dictionary)
    assert order.equals(pc.array_sort_indices(encoded.dictionary))
    assert arrow_kernels.call("take", encoded.dictionary, order).equals(
        pc.take(encoded.dictionary, order)
    )
    mask = pa.array([index % 2 == 0 for index in range(len(array))], pa.bool_())
    assert arrow_kernels.call("filter", array, mask).equals(pc.filter(array, mask))


def test_the_public_module_answers_if_the_compiled_one_has_no_call_function(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A pyarrow release that moved ``call_function`` out of ``pyarrow._compute``: still called."""
    assert arrow_kernels._compute() is not pc  # noqa: SLF001 - the compiled module, as installed
    moved = types.ModuleType("pyarrow._compute")
    monkeypatch.setitem(sys.modules, "pyarrow._compute", moved)
    monkeypatch.setattr(pa, "_compute", moved)
    assert arrow_kernels._compute() is pc  # noqa: SLF001 - the fallback
    assert arrow_kernels.call("array_sort_indices", pa.array([3, 1, 2])).to_pylist() == [1, 2, 0]


@given(TEXTS, st.integers(0, 3))
def test_large_text_is_the_cast_to_large_string(texts: list[str | None], cut: int) -> None:
    """The ``large_string`` made from the buffers equals pyarrow's cast, its bytes shared."""
    array = _sliced(texts, pa.string(), cut)
    made = large_text(array)
    made.validate(full=True)
    assert made.type == pa.large_string()
    assert made.equals(array.cast(pa.large_string()))
    assert large_text(made) is made


DAYS = st.lists(st.one_of(st.none(), st.integers(-719_162, 2_932_896)), max_size=20)


@given(st.lists(DAYS, min_size=1, max_size=3), st.integers(-5, 5), st.integers(0, 2))
def test_day_numbers_are_the_filled_date_column(
    chunks: list[list[int | None]], null: int, cut: int
) -> None:
    """A date column's day numbers (plain, sliced or chunked) are the column with nulls filled."""
    arrays = [_sliced(days, pa.int32(), cut).view(pa.date32()) for days in chunks]
    column = arrays[0] if len(arrays) == 1 else pa.chunked_array(arrays, pa.date32())
    expected = pc.fill_null(column.cast(pa.int32()), null).to_numpy(zero_copy_only=False)
    found = _days(column, null)
    assert found.dtype == np.int32
    assert found.tolist() == expected.tolist()


INTEGER_KINDS = st.sampled_from([pa.int8(), pa.int16(), pa.int32(), pa.int64(), pa.uint8(),
                                 pa.uint32(), pa.uint64()])  # fmt: skip


@given(st.data(), INTEGER_KINDS, st.integers(1, 3), st.integers(0, 2))
def test_whole_number_ids_are_coded_from_the_smallest(
    data: st.DataObject, kind: Any, arrays: int, cut: int
) -> None:
    """Each id's code is its value less the smallest given (a null: 0) and decodes back to it."""
    low, high = (np.iinfo(kind.to_pandas_dtype()).min, np.iinfo(kind.to_pandas_dtype()).max)
    values = st.one_of(st.none(), st.integers(low, high))
    given_ids = [data.draw(st.lists(values, max_size=12)) for _ in range(arrays)]
    numbers = [value for ids in given_ids for value in ids if value is not None]
    if numbers and max(numbers) - min(numbers) >= 1 << 40:  # coded by a dictionary instead
        return
    found = encode_ids(*(_sliced(ids, kind, cut) for ids in given_ids))
    smallest = min(numbers, default=0)
    for ids, codes in zip(given_ids, found.codes, strict=True):
        assert codes.dtype == np.int64
        assert codes.tolist() == [0 if value is None else value - smallest for value in ids]
        decoded = found.decode(codes).to_pylist()
        assert [d for d, value in zip(decoded, ids, strict=True) if value is not None] == [
            value for value in ids if value is not None
        ]


def test_unsigned_ids_past_int64_are_the_librarys_error_naming_the_column() -> None:
    """A uint64 identifier int64 cannot hold: the typed error names the column and the value."""
    import datetime as dt  # noqa: PLC0415

    import tenncare_calc as tc  # noqa: PLC0415

    stays = pa.table(
        {
            "member_id": pa.array([2**64 - 1, None, 7], pa.uint64()),
            "admit_date": [dt.date(2008, 1, 5)] * 3,
            "discharge_date": [dt.date(2008, 1, 9)] * 3,
        }
    )
    with pytest.raises(tc.InvalidInputError, match="identifier 18446744073709551615") as caught:
        tc.community_tenure(stays, year=2008, data_through=dt.date(2009, 3, 31))
    assert caught.value.field == "member_id"
    small = stays.set_column(0, "member_id", pa.array([2**63 - 1, None, 7], pa.uint64()))
    found = tc.community_tenure(
        small, year=2008, data_through=dt.date(2009, 3, 31), on_error="collect"
    )
    assert found.rows_used == 2


def _cases() -> list[tuple[str, tuple[Any, ...], dict[str, Any]]]:
    """Return a call of each function :data:`arrow_kernels.compute` makes, with its arguments."""
    text = pa.array(["  AGP", "tcs ", None, "", "AGP"], pa.large_string())
    numbers = pa.array([1.5, None, -2.0, 3.0, 0.0])
    flags = pa.array([True, None, False, True, False])
    whole = pa.array([3, 1, None, 3, 7])
    moments = pa.array(["2008-10-06 09:00", "x", None, "2008-10-06 10:30", ""], pa.large_string())
    stamps = pc.strptime(moments, format="%Y-%m-%d %H:%M", unit="s", error_is_null=True)
    join = (pa.scalar("'", pa.large_string()), text, pa.scalar("", pa.large_string()))
    return [
        ("and_", (flags, flags), {}), ("or_", (flags, flags), {}), ("invert", (flags,), {}),
        ("equal", (whole, 3), {}), ("not_equal", (whole, 3), {}), ("less", (whole, 3), {}),
        ("less_equal", (whole, 3), {}), ("greater", (whole, 3), {}),
        ("greater_equal", (whole, 3), {}), ("if_else", (flags, whole, 0), {}),
        ("is_valid", (whole,), {}), ("is_null", (numbers,), {"nan_is_null": True}),
        ("is_finite", (numbers,), {}), ("floor", (numbers,), {}), ("abs", (numbers,), {}),
        ("subtract", (whole, 1), {}), ("multiply", (whole, 2), {}),
        ("binary_length", (text,), {}), ("utf8_trim_whitespace", (text,), {}),
        ("utf8_lower", (text,), {}), ("utf8_upper", (text,), {}), ("unique", (whole,), {}),
        ("drop_null", (whole,), {}), ("value_counts", (whole,), {}),
        ("replace_with_mask", (whole, flags, pa.array([9, 9, 9, 9, 9])), {}),
        ("local_timestamp", (stamps.cast(pa.timestamp("s", "America/Chicago")),), {}),
        ("dictionary_encode", (text,), {"null_encoding": "encode"}),
        ("array_sort_indices", (whole,), {"order": "descending"}),
        ("filter", (whole, flags), {"null_selection_behavior": "emit_null"}),
        ("is_in", (text,), {"value_set": pa.array(["AGP"], pa.large_string())}),
        ("index_in", (text,), {"value_set": pa.array(["AGP"], pa.large_string())}),
        ("match_substring", (text, "GP"), {}), ("match_substring_regex", (text, "^ *A"), {}),
        ("starts_with", (text,), {"pattern": "  A"}),
        ("replace_substring_regex", (text,), {"pattern": "G", "replacement": "g"}),
        ("extract_regex", (text,), {"pattern": "(?P<first>[A-Z])"}),
        ("strptime", (moments,), {"format": "%Y-%m-%d %H:%M", "unit": "s", "error_is_null": True}),
        ("strftime", (stamps,), {"format": "%H:%M"}),
        ("binary_join_element_wise", join, {"null_handling": "replace", "null_replacement": "-"}),
        ("count_distinct", (whole,), {"mode": "all"}), ("min", (whole,), {}),
        ("max", (whole,), {"skip_nulls": False}), ("all", (flags,), {}), ("any", (flags,), {}),
        ("round", (numbers, 0), {}), ("utf8_slice_codeunits", (text, 1), {}),
        ("struct_field", (pa.array([{"a": 1}, {"a": 2}]), [0]), {}),
        ("cast", (whole, pa.large_string()), {}), ("cast", (numbers, pa.int64()), {"safe": False}),
        ("take", (text, pa.array([4, 0, None])), {}), ("fill_null", (whole, 0), {}),
        ("fill_null", (text, pa.scalar("x")), {}), ("index", (whole, 3), {"start": 1}),
        ("index", (whole, 3), {"start": 1, "end": 3}), ("index", (whole, 99), {}),
    ]  # fmt: skip


@pytest.mark.parametrize(("name", "arguments", "keywords"), _cases(), ids=lambda c: str(c)[:30])
def test_each_function_by_name_gives_what_pyarrow_computes(
    name: str, arguments: tuple[Any, ...], keywords: dict[str, Any]
) -> None:
    """``arrow_kernels.compute.<name>`` equals ``pyarrow.compute.<name>`` on the same arguments."""
    assert getattr(arrow_kernels.compute, name)(*arguments, **keywords).equals(
        getattr(pc, name)(*arguments, **keywords)
    )


def test_every_function_by_name_is_checked_and_others_are_pyarrow_computes() -> None:
    """Each name of the table has a case above; a name not in it is ``pyarrow.compute``'s own."""
    checked = {name for name, _arguments, _keywords in _cases()}
    assert set(arrow_kernels._OPTIONS) | {"cast", "take", "fill_null", "index"} == checked  # noqa: SLF001
    assert arrow_kernels.compute.utf8_capitalize is pc.utf8_capitalize
    with pytest.raises(TypeError, match="takes no options"):
        arrow_kernels.compute.floor(pa.array([1.5]), 2)
    with pytest.raises(TypeError, match="options given twice"):
        arrow_kernels.compute.is_in(
            pa.array([1]), value_set=pa.array([1]), options=pc.SetLookupOptions(pa.array([1]))
        )


@given(
    st.lists(st.integers(0, 60_000), max_size=20),
    st.sampled_from([np.int8, np.int16, np.int32, np.int64, np.uint16, np.uint32]),
)
def test_arrow_numbers_of_any_integer_dtype_are_the_values(values: list[int], dtype: Any) -> None:
    """An index of another width is converted to the type's, not read as its bytes."""
    from tenncare_calc.columnar.column_batches import arrow_numbers  # noqa: PLC0415

    info = np.iinfo(dtype)
    given_values = [value for value in values if info.min <= value <= info.max]
    array = np.array(given_values, dtype=dtype)
    assert arrow_numbers(array).to_pylist() == given_values
    assert arrow_numbers(array, pa.uint16()).type == pa.uint16()
    assert arrow_numbers(array, pa.uint16()).to_pylist() == given_values


def test_an_empty_column_without_a_data_buffer_is_read_as_empty() -> None:
    """Arrow lets an empty array have no data buffer: its identifiers and days are none."""
    import datetime as dt  # noqa: PLC0415

    import tenncare_calc as tc  # noqa: PLC0415

    empty = pa.Array.from_buffers(pa.int64(), 0, [None, None])
    assert [codes.tolist() for codes in encode_ids(empty).codes] == [[]]
    assert _days(pa.Array.from_buffers(pa.date32(), 0, [None, None]), 0).tolist() == []
    stays = pa.table(
        {
            "member_id": empty,
            "admit_date": pa.array([], pa.date32()),
            "discharge_date": pa.array([], pa.date32()),
        }
    )
    assert tc.community_tenure(stays, year=2008, data_through=dt.date(2009, 3, 31)).rows_used == 0
