"""Dates parsed by pyarrow as it reads give what the text path gives, blocks and bad lines anywhere.

The CSV reader has pyarrow parse ``YYYY-MM-DD`` date columns as it reads each block; from the first
block with a cell in another form (``1/5/2008``, an Excel serial, a typo) it reads text and converts
as before. These tests read files mixing every kind of cell and bad line, in blocks of a few lines
(so the switch falls anywhere, also on a block with bad lines whose reasons must survive the block
being read again), and compare with the reader that reads every cell as text.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tenncare_calc.columnar import csv_blocks, csv_lines, read_columns, read_rows
from tenncare_calc.enrollment import SPAN_COLUMNS

#: Cells of a date column: ISO dates (padded or not, with spaces), other forms, nulls, typos.
DATE_CELLS = st.sampled_from(
    [
        "2008-01-05", "2008-02-29", "2008-12-31", "2007-02-29", "2008-02-30", " 2008-03-01 ",
        "2008-1-5", "1/5/2008", "39452", "", "NA", "NULL", '"2008-04-01"', '""', "x",
    ]
)  # fmt: skip
#: Whole lines that are not a row of three cells, or not text.
BAD_LINES = st.sampled_from(
    ["M9,2008-01-01", "M9,2008-01-01,2008-01-02,x", "M\xe9,2008-01-01,", "M9,2008-01-01\r,x"]
)


@st.composite
def span_lines(draw: st.DrawFn) -> list[str]:
    """Return data lines of a spans file: rows with any date cells, and bad lines among them."""
    row = st.builds(
        lambda member, start, end: f"M{member},{start},{end}",
        st.integers(1, 9),
        DATE_CELLS,
        DATE_CELLS,
    )
    return draw(st.lists(st.one_of(row, row, row, BAD_LINES), max_size=30))


def _read(path: Path, *, typed: bool, excel: bool) -> tuple[Any, ...]:
    """Return what the reader gives, with pyarrow parsing dates as it reads (or not at all)."""
    with pytest.MonkeyPatch.context() as patch:
        if not typed:
            text_only = csv_blocks._convert_options  # noqa: SLF001 - the option under test
            patch.setattr(csv_blocks, "_convert_options", lambda n, w, _d: text_only(n, w, ()))
        columns = read_columns(path, kinds=SPAN_COLUMNS, excel_dates=excel)
    return columns.data.to_pylist(), columns.malformed, columns.rows_in


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(span_lines(), st.sampled_from([16, 40, 100, 4 << 20]), st.booleans())
def test_dates_parsed_as_read_give_what_text_gives(
    lines: list[str], chunk: int, excel: bool
) -> None:
    """Rows, dates, rejected rows and their reasons are the same, blocks of any size."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "spans.csv"
        body = "".join(f"{line}\n" for line in lines)
        path.write_bytes(b"member_id,start_date,end_date\n" + body.encode("latin-1"))
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(csv_lines, "_CHUNK", chunk)
            typed = _read(path, typed=True, excel=excel)
            text = _read(path, typed=False, excel=excel)
    assert typed == text


def test_a_block_read_again_keeps_its_reasons(tmp_path: Path) -> None:
    """A block with a line that is not UTF-8 and a date in another form: the reason stays."""
    path = tmp_path / "spans.csv"
    path.write_bytes(
        b"member_id,start_date,end_date\n"
        b"M1,2008-01-01,2008-01-31\n"
        b"M\xe9,2008-01-01,\n"
        b"M2,1/5/2008,\n"
    )
    columns = read_columns(path, kinds=SPAN_COLUMNS)
    assert columns.malformed == ((1, "not UTF-8 text (byte 0xe9 at column 2)"),)
    assert [row["member_id"] for row in columns.data.to_pylist()] == [1, 2]


def _blocks_of(path: Path, chunk: int) -> tuple[list[Any], list[tuple[int, str]]]:
    """Return the batches of a two-column file's CSV blocks, read ``chunk`` bytes at a time, and the lines left out."""
    left_out: list[tuple[int, str]] = []
    with pytest.MonkeyPatch.context() as patch, path.open("rb") as handle:
        patch.setattr(csv_lines, "_CHUNK", chunk)
        handle.readline()
        batches = list(
            csv_blocks.csv_blocks(handle, ["a", "b"], ["a", "b"], progress=None, left_out=left_out)
        )
    return batches, left_out


#: Bytes of a cell: ASCII, UTF-8 of two to four bytes, and sequences that are not UTF-8 (a
#: Latin-1 byte, a lone continuation byte, a cut sequence, an overlong form, a surrogate).
CELL_BYTES = st.lists(
    st.sampled_from(
        [
            b"a",
            b"7",
            b" ",
            "\xe9".encode(),
            "\u20ac".encode(),
            "\U0001f600".encode(),
            b"\xe9",
            b"\x80",
            b"\xe2\x82",
            b"\xc0\xaf",
            b"\xed\xa0\x80",
            b"\xff",
        ]
    ),
    max_size=6,
).map(b"".join)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(CELL_BYTES, CELL_BYTES), max_size=25), st.sampled_from([8, 30, 4 << 20]))
def test_only_utf8_text_reaches_the_table(rows: list[tuple[bytes, bytes]], chunk: int) -> None:
    """Each line is read as its UTF-8 text or left out as not UTF-8, however the file's reads fall.

    pyarrow is told not to check UTF-8 (the lines are checked before it parses them): the table's
    text must still be valid (``validate(full=True)`` fails on a string that is not), and a
    line that is not UTF-8 must be left out with its reason, never read.
    """
    body = b"".join(a + b"," + b + b"\n" for a, b in rows)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "cells.csv"
        path.write_bytes(b"a,b\n" + body)
        batches, left_out = _blocks_of(path, chunk)
    read: list[tuple[str | None, str | None]] = []
    for batch in batches:
        batch.validate(full=True)
        read.extend(zip(batch.column("a").to_pylist(), batch.column("b").to_pylist(), strict=True))
    expected: list[tuple[str | None, str | None]] = []
    bad: list[int] = []
    for number, (a, b) in enumerate(rows):
        try:
            expected.append((a.decode() or None, b.decode() or None))
        except UnicodeDecodeError:
            bad.append(number)
    assert read == list(expected)
    assert [row for row, _ in left_out] == bad
    assert all(reason.startswith("not UTF-8 text") for _, reason in left_out)


@pytest.mark.parametrize("chunk", [8, 16, 4 << 20])
def test_a_byte_order_mark_starting_a_line_is_text(chunk: int) -> None:
    """A line starting with a byte order mark keeps it, wherever the file's blocks begin.

    pyarrow drops a byte order mark at the start of the bytes it reads (a file's); a block that
    begins with such a line must not lose it, nor take the quote after it for a cell's opening
    (which read the lines after it into one cell, and lost them). The row reader reads the same.
    """
    bom = "\ufeff"
    lines = [f'{bom}"x,1', "2,3", f"{bom}y,4", "5,6", f'{bom}"z",7']
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "cells.csv"
        path.write_text("a,b\n" + "".join(f"{line}\n" for line in lines), encoding="utf-8")
        batches, left_out = _blocks_of(path, chunk)
        expected = read_rows(path).rows
    read = [row for batch in batches for row in batch.to_pylist()]
    assert left_out == []
    assert read == [
        {"a": f'{bom}"x', "b": "1"},
        {"a": "2", "b": "3"},
        {"a": f"{bom}y", "b": "4"},
        {"a": "5", "b": "6"},
        {"a": f'{bom}"z"', "b": "7"},
    ]
    assert read == list(expected)
