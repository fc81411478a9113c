"""``empty_cells`` reads blankness from a text column's bytes: the same cells as trimming every one.

The reference is what the checks did before (``utf8_trim_whitespace`` on every cell, then ``== ""``,
null empty): any mix of nulls, zero-width, ASCII and Unicode spaces, controls and characters, in
either string type, sliced (an offset into the buffers) or chunked, reads the same.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc
from hypothesis import given
from hypothesis import strategies as st

from tenncare_calc.columnar import Column, ColumnKind, empty_cells, read_table
from tenncare_calc.columnar.column_batches import blank_as_null, numpy_nulls, trimmed_text

# characters at the fast path's lines: around the printable ASCII range, the Unicode spaces
_EDGE = "\x00\t\n\x0b\x0c\r\x1c\x1f \x20!~\x7f\x80\x85\xa0\u1680\u2000\u2028\u3000\ufeffa0é"
_CELLS = st.one_of(
    st.none(), st.text(alphabet=st.sampled_from(_EDGE), max_size=4), st.text(max_size=3)
)


def _reference(array: pa.Array) -> list[bool]:
    blank = pc.equal(pc.utf8_trim_whitespace(array), "")
    return pc.fill_null(pc.or_kleene(pc.is_null(array), blank), fill_value=True).to_pylist()


@given(
    cells=st.lists(_CELLS, max_size=40),
    large=st.booleans(),
    cut=st.integers(0, 5),
)
def test_blank_cells_read_from_bytes_as_trimmed(
    cells: list[str | None], large: bool, cut: int
) -> None:
    """Any cells, in either text type and sliced, are empty where trimming leaves nothing."""
    array = pa.array(cells, pa.large_string() if large else pa.string())
    sliced = array.slice(min(cut, len(array)))
    assert empty_cells(sliced).tolist() == _reference(sliced)
    assert empty_cells(array).tolist() == _reference(array)


@given(parts=st.lists(st.lists(_CELLS, max_size=6), max_size=4))
def test_chunked_columns_read_chunk_by_chunk(parts: list[list[str | None]]) -> None:
    """A chunked column reads as its chunks together."""
    chunked = pa.chunked_array([pa.array(part, pa.string()) for part in parts], pa.string())
    assert empty_cells(chunked).tolist() == _reference(chunked.combine_chunks())


def test_cells_a_fast_path_cannot_decide_are_trimmed() -> None:
    """A cell starting with a space, a control or a non-ASCII character is trimmed to decide."""
    # a leading space before a character, a Unicode space alone, a control alone, a lone letter
    array = pa.array([" x", "\u3000", "\x1f", "x", "\u3000x", "", None, " ", "!"])
    assert empty_cells(array).tolist() == [False, True, True, False, False, True, True, True, False]


def test_other_types_are_empty_where_null() -> None:
    """Numbers, nulls and dictionaries are empty where null; an empty column has no cells."""
    assert empty_cells(pa.array([1, None, 3])).tolist() == [False, True, False]
    assert empty_cells(pa.nulls(2)).tolist() == [True, True]
    assert empty_cells(pa.array(["a", None]).dictionary_encode()).tolist() == [False, True]
    assert empty_cells(pa.array([], pa.string())).tolist() == []


@given(cells=st.lists(_CELLS, max_size=40))
def test_empty_ids_are_the_cells_blank_or_spaces_only(cells: list[str | None]) -> None:
    """A text id is empty where it was (zero-width or only spaces); a null id is null, not empty."""
    array = pa.array(cells, pa.large_string())
    before = pc.fill_null(
        pc.or_(pc.equal(pc.binary_length(array), 0), pc.utf8_is_space(array)), fill_value=False
    ).to_pylist()
    table = read_table(
        {"member_id": array}, [Column("member_id", ColumnKind.ID)], name="spans"
    ).check(on_error="collect")
    reasons = dict(zip(*table.rejected.to_pydict().values(), strict=True))
    assert [reasons.get(row) == "member_id is empty" for row in range(len(cells))] == before
    assert [reasons.get(row) == "member_id is null" for row in range(len(cells))] == [
        cell is None for cell in cells
    ]


def test_a_null_in_a_dictionary_or_a_run_is_null() -> None:
    """A dictionary's null value and a run-end encoded null are null, as pyarrow's is_null says."""
    dictionary = pa.DictionaryArray.from_arrays(pa.array([0, 1, None]), pa.array(["a", None]))
    runs = pa.RunEndEncodedArray.from_arrays(pa.array([2, 3], pa.int32()), pa.array([None, "b"]))
    for array in (dictionary, runs, pa.chunked_array([dictionary])):
        assert numpy_nulls(array).tolist() == pc.is_null(array).to_pylist()
        assert empty_cells(array).tolist() == pc.is_null(array).to_pylist()


@given(
    st.lists(_CELLS, max_size=20),
    st.sampled_from([pa.string(), pa.large_string()]),
    st.integers(0, 3),
)
def test_trimmed_blank_as_null_is_trimming_every_cell(
    cells: list[str | None], kind: pa.DataType, cut: int
) -> None:
    """``blank_as_null(trimmed_text(...))`` gives what trimming every cell and nulling ``""`` gives.

    What a table's date column from text was read as before (two pyarrow passes over every cell).
    """
    array = pa.array(cells, kind).slice(min(cut, len(cells)))
    trimmed = pc.utf8_trim_whitespace(array)
    expected = pc.if_else(pc.equal(trimmed, ""), pa.scalar(None, kind), trimmed)
    assert blank_as_null(trimmed_text(array)).to_pylist() == expected.to_pylist()
    if "" not in array.to_pylist():  # no cell to make null: blank_as_null gives the column back
        assert blank_as_null(array) is array
