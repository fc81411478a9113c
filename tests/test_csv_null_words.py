"""Text that pyarrow's CSV reader would call null (``NA``, ``null``, ``N/A``...) is text.

Only an empty cell is empty ("Empty cells" in the inputs page): the CSV column reader reads ``NA``
as the row reader and a Python table do, so an end date of ``NA`` is rejected by name, not read
as an open span (a member counted as enrolled all year), and a yes/no cell of ``NA`` is rejected
for its text, not for being null.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest

import tenncare_calc as tc
from tenncare_calc.columnar import text_chunks as chunks_module
from tests.test_messy_files import cli

if TYPE_CHECKING:
    from pathlib import Path

#: pyarrow's default null spellings, each a word an extract may hold as text.
NULL_WORDS = ["NA", "N/A", "n/a", "null", "NULL", "NaN", "nan", "-nan", "#N/A", "#NA", "1.#IND"]


@pytest.mark.parametrize("word", NULL_WORDS)
def test_an_end_date_of_a_null_word_is_rejected_by_name(tmp_path: Path, word: str) -> None:
    """Member months from a CSV: the row is rejected for its text, as in a Python table."""
    path = tmp_path / "spans.csv"
    path.write_text(
        f"member_id,start_date,end_date\nM1,2008-01-01,{word}\nM2,2008-01-01,2008-01-31\n"
    )
    status, out, err = cli(
        "member-months", str(path), "--year", "2008", "--on-error", "collect",
        "--part", "rejected", "--format", "json",
    )  # fmt: skip
    assert (status, err) == (0, "")
    ((rejected,),) = [json.loads(out)]
    assert rejected["row"] == 2
    assert rejected["reason"].startswith(f"end_date {word!r} is not a date")
    in_python = tc.member_months(
        {"member_id": ["M1"], "start_date": ["2008-01-01"], "end_date": [word]},
        year=2008,
        on_error="collect",
    )
    assert sum(in_python.member_days.values()) == 0


@pytest.mark.parametrize("chunk_rows", [1, 1 << 18])
@pytest.mark.parametrize("part", ["rejected", None])
@pytest.mark.parametrize("word", NULL_WORDS)
def test_a_yes_no_cell_of_a_null_word_is_rejected_for_its_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, word: str, part: str | None, chunk_rows: int
) -> None:
    """A table check from a CSV, chunked or whole: the reason a Python table's row gets."""
    monkeypatch.setattr(chunks_module, "CHUNK_ROWS", chunk_rows)
    path = tmp_path / "distances.csv"
    path.write_text(f"service_code,distance_miles,rural\n15,10,{word}\n15,10,false\n")
    parts = () if part is None else ("--part", part)  # the whole file, or its chunks
    status, out, err = cli(
        "access", "distance", str(path), "--on-error", "collect", *parts, "--format", "json"
    )
    assert (status, err) == (0, "")
    data = json.loads(out)
    rejected = data if part else data["rejected"]
    in_python = tc.access_distance_table(
        {"service_code": ["15"], "distance_miles": ["10"], "rural": [word]}, on_error="collect"
    )
    (expected,) = in_python.rejected.to_pylist()
    assert rejected == [{"row": 2, "reason": expected["reason"]}]
