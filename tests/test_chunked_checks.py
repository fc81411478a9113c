"""A table check's summary over a CSV read a chunk of rows at a time (``--part summary``).

The command line checks a CSV a chunk at a time when only the summary, the rejected rows or the
parameters are asked for (memory that does not grow with the file). Whatever the chunk size, that
summary must be the one of the whole file: the same counts, row accounting and rejected rows
(named by line, with their reasons), on every bundled sample and every messy file.
"""

from __future__ import annotations

import gc
import json
import threading
from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tenncare_calc.cli import compliance_commands
from tenncare_calc.columnar import csv_lines, read_columns
from tenncare_calc.columnar import text_chunks as chunks_module
from tenncare_calc.columnar.text_chunks import QuotedLineBreaks, text_chunks
from tenncare_calc.core.errors import InvalidInputError
from tests.test_messy_files import COMMANDS, MESS, _lines, _path, cli

if TYPE_CHECKING:
    from collections.abc import Iterator

#: The commands whose file is a table check's (the others read it otherwise).
CHECKS = [c for c in COMMANDS if c[0].split()[0] in {"access", "nemt", "claims"}]


def _whole_and_chunked(path: Path, words: str, extra: tuple[str, ...]) -> tuple[dict, dict, dict]:
    """Return the whole file's JSON, and the chunked summary and rejected parts (collected)."""
    base = (*words.split(), str(path), *extra, "--on-error", "collect", "--format", "json")
    status, out, err = cli(*base)
    assert status == 0, err
    whole = json.loads(out)
    summaries = []
    for part in ("summary", "rejected"):
        status, out, err = cli(*base, "--part", part)
        assert status == 0, err
        summaries.append(json.loads(out))
    return whole, summaries[0][0], {"rejected": summaries[1]}


@pytest.mark.parametrize("mess", ["clean", *sorted(MESS)])
@pytest.mark.parametrize(("words", "sample", "extra"), CHECKS, ids=[c[0] for c in CHECKS])
def test_the_chunked_summary_is_the_whole_files(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    *,
    words: str,
    sample: str,
    extra: tuple[str, ...],
    mess: str,
) -> None:
    """Chunks of two rows: the same counts, accounting and rejected rows as the whole file."""
    monkeypatch.setattr(chunks_module, "CHUNK_ROWS", 2)
    path = _path(sample, tmp_path)
    if mess != "clean":
        path = tmp_path / f"{mess}-{sample}"
        path.write_bytes(MESS[mess](_lines(sample)))
    whole, summary, rejected = _whole_and_chunked(path, words, extra)
    assert summary["rows_in"] == whole["rows_in"]
    assert summary["rows_used"] == whole["rows_used"]
    assert summary["rows_rejected"] == len(whole["rejected"])
    for outcome, count in whole["counts"].items():
        assert summary[outcome] == count, outcome
    assert rejected["rejected"] == whole["rejected"]


def test_raise_names_every_bad_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """--on-error raise with --part summary: exit 2 naming each bad line, as the whole file does."""
    monkeypatch.setattr(chunks_module, "CHUNK_ROWS", 1)
    words, sample, extra = CHECKS[0]
    path = tmp_path / f"extra_cells-{sample}"
    path.write_bytes(MESS["extra_cells"](_lines(sample)))
    chunked = cli(*words.split(), str(path), *extra, "--part", "summary")
    whole = cli(*words.split(), str(path), *extra)
    assert chunked[0] == whole[0] == 2
    assert chunked[2] == whole[2]


LINES = {
    "good": b"T1,2008-10-06\n",
    "extra": b"T2,a,b\n",
    "short": b"T3\n",
    "long": b"T4," + b"x" * 131_073 + b"\n",
    "latin": b"T\xe9,2008-10-06\n",
}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(sorted(LINES)), max_size=12), st.integers(1, 5))
def test_chunks_cover_the_file_as_one_read(kinds: list[str], rows: int) -> None:
    """Any mix of lines, any chunk size: the rows, their places and the lines left out of one read."""
    import tempfile  # noqa: PLC0415

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "trips.csv"
        path.write_bytes(b"trip_id,when\n" + b"".join(LINES[kind] for kind in kinds))
        whole = read_columns(path, text=True)
        chunks = list(text_chunks(path, rows=rows))
    assert all(chunk.data.num_rows <= rows for chunk in chunks)
    assert [v for c in chunks for v in c.data.column("trip_id").to_pylist()] == whole.data.column(
        "trip_id"
    ).to_pylist()
    assert [r for c in chunks for r in c.rows.tolist()] == whole.file_rows().tolist()
    assert sorted(m for c in chunks for m in c.malformed) == list(whole.malformed)


def test_a_quote_left_open_asks_for_the_whole_file(tmp_path: Path) -> None:
    """A line leaving a quote open may start a record over several lines: read the file whole."""
    path = tmp_path / "trips.csv"
    path.write_bytes(b'trip_id,when\nT1,2008-10-06\nT2,"2008-10-06\n09:00"\n')
    with pytest.raises(QuotedLineBreaks):
        list(text_chunks(path, rows=1))
    assert {"summary", "rejected", "parameters"} == compliance_commands._SUMMARY_PARTS  # noqa: SLF001


@pytest.mark.parametrize(
    "ends", [(b"\r", b"\r"), (b"\n", b"\r")], ids=["every line", "the data lines"]
)
@pytest.mark.parametrize("part", [(), ("--part", "summary")], ids=["whole", "summary"])
def test_lines_ended_by_a_carriage_return_alone(
    tmp_path: Path, ends: tuple[bytes, bytes], part: tuple[str, ...]
) -> None:
    """A file from an old Mac (CR line ends) is read row by row, as Python's csv reads it."""
    words, sample, extra = next(c for c in CHECKS if c[0] == "nemt decision")
    header, *rows = [line.rstrip("\r\n").encode() for line in _lines(sample)]
    path = tmp_path / "mac.csv"
    path.write_bytes(header + ends[0] + b"".join(row + ends[1] for row in rows))
    status, out, err = cli(
        *words.split(), str(path), *extra, "--on-error", "collect", "--format", "json", *part
    )
    assert status == 0, err
    data = json.loads(out)
    found = data[0] if part else data
    assert (found["rows_in"], found["rows_used"]) == (len(rows), len(rows))


@pytest.mark.parametrize("rows", [0, -1, True, 1.5])
def test_a_chunk_holds_at_least_one_row(tmp_path: Path, rows: object) -> None:
    """A chunk size that is not a whole number of at least 1 is the library's error."""
    from tenncare_calc import InvalidValueError  # noqa: PLC0415

    path = tmp_path / "trips.csv"
    path.write_bytes(b"trip_id\nT1\n")
    with pytest.raises(InvalidValueError, match="rows: a chunk holds at least 1 row"):
        list(text_chunks(path, rows=rows))  # type: ignore[arg-type]


def _with_note_column(lines: list[str]) -> bytes:
    """Return the lines with a column the checks do not read; one row's note over the cell limit."""
    rows = [line.rstrip("\r\n") for line in lines]
    notes = ["note", *(f'"seen, {n}"' for n in range(len(rows) - 1))]
    if len(notes) > 2:
        notes[2] = "y" * 140_000
    return "".join(f"{row},{note}\n" for row, note in zip(rows, notes, strict=True)).encode()


@pytest.mark.parametrize(("words", "sample", "extra"), CHECKS, ids=[c[0] for c in CHECKS])
def test_a_column_not_read_is_skipped_but_its_lines_still_checked(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    *,
    words: str,
    sample: str,
    extra: tuple[str, ...],
) -> None:
    """An extract's other columns are not parsed in chunks, yet a long cell there rejects its row.

    The whole file (every column read) and the chunked summary (the command's columns only) give
    the same counts, accounting and rejected rows, the over-long note named by its line.
    """
    monkeypatch.setattr(chunks_module, "CHUNK_ROWS", 2)
    path = tmp_path / f"noted-{sample}"
    path.write_bytes(_with_note_column(_lines(sample)))
    whole, summary, rejected = _whole_and_chunked(path, words, extra)
    assert summary["rows_in"] == whole["rows_in"]
    assert summary["rows_used"] == whole["rows_used"]
    for outcome, count in whole["counts"].items():
        assert summary[outcome] == count, outcome
    assert rejected["rejected"] == whole["rejected"]
    assert {"row": 3, "reason": "a cell over 131,072 characters"} in whole["rejected"]


def test_text_chunks_parse_only_the_columns_wanted(tmp_path: Path) -> None:
    """With ``wanted``, a chunk holds those columns only, every line still accounted for."""
    path = tmp_path / "wide.csv"
    path.write_text("a,b,c\n1,x,p\n2,y\n3,z,r\n", encoding="utf-8")
    (chunk,) = text_chunks(path, wanted={"a", "c"})
    assert chunk.data.column_names == ["a", "c"]
    assert chunk.data.column("c").to_pylist() == ["p", "r"]
    assert chunk.malformed == ((1, "2 cells for 3 columns"),)


def test_a_line_left_open_while_a_chunk_is_made_is_not_handed_on() -> None:
    """A line that leaves a quote open, noted after the chunk looked, still stops the chunks.

    The reading thread notes bad lines while the chunks are gathered; a chunk hands on every line
    noted so far, so it must also be the one to see that one of them leaves a quote open.
    """
    import pyarrow as pa  # noqa: PLC0415

    from tenncare_calc.columnar.csv_lines import UNCLOSED_QUOTE  # noqa: PLC0415

    left_out: list[tuple[int, str]] = []
    chunks = chunks_module._Chunks(["a"], 2, left_out)  # noqa: SLF001 - the gathering itself
    batch = pa.record_batch({"a": pa.array(["x", "y"], pa.string())})
    assert not chunks.quoted()
    left_out.append((2, UNCLOSED_QUOTE))  # noted by the reader after quoted() looked
    with pytest.raises(QuotedLineBreaks):
        list(chunks.add(batch))


def test_a_missing_column_is_named_with_every_column_of_the_file(tmp_path: Path) -> None:
    """A missing column's error lists every column of the file, chunked as whole.

    A chunk holds only the columns the check reads; the file's columns are checked first.
    """
    path = tmp_path / "distances.csv"
    path.write_text(
        "member_id,service_code,rural,placement_approved\nM1,20,no,no\n", encoding="utf-8"
    )
    base = ("access", "distance", str(path), "--on-error", "collect", "--format", "json")
    for extra in ((), ("--carry", "nosuch")):
        whole = cli(*base, *extra)
        chunked = cli(*base, *extra, "--part", "summary")
        assert whole[0] == chunked[0] == 2
        assert whole[2] == chunked[2]
        assert "'member_id'" in chunked[2]


class TestColumnsCheckedFirst:
    """The file's columns are checked while its first chunks are read; their error is told first."""

    @staticmethod
    def _columns(error: Exception | None) -> Future[None]:
        """Return a finished check of the columns: ``error`` raised, or none."""
        done: Future[None] = Future()
        if error is None:
            done.set_result(None)
        else:
            done.set_exception(error)
        return done

    def test_the_chunks_pass_once_the_columns_are_right(self) -> None:
        """Every chunk is handed on, in order, when the columns' check found nothing."""
        assert list(compliance_commands._after(self._columns(None), iter([1, 2]))) == [1, 2]  # noqa: SLF001

    def test_a_reading_error_waits_for_the_columns_error(self) -> None:
        """A reading error met first gives way to the columns' error (missing columns named)."""

        def reading() -> Iterator[int]:
            raise OSError("the disk went away")
            yield 0  # a generator

        missing = InvalidInputError("lacks the required column 'distance_miles'")
        with pytest.raises(InvalidInputError, match="distance_miles"):
            list(compliance_commands._after(self._columns(missing), reading()))  # noqa: SLF001
        with pytest.raises(OSError, match="disk"):
            list(compliance_commands._after(self._columns(None), reading()))  # noqa: SLF001

    def test_no_chunk_is_handed_on_before_the_columns_error(self) -> None:
        """With wrong columns, not even the first chunk is checked (nor an empty file passed)."""
        missing = InvalidInputError("lacks the required column 'distance_miles'")
        for chunks in ([1, 2], []):
            with pytest.raises(InvalidInputError, match="distance_miles"):
                next(compliance_commands._after(self._columns(missing), iter(chunks)))  # noqa: SLF001

    def test_the_columns_check_runs_while_the_file_is_read(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A missing column is named by the summary as by the whole file, after reading began."""
        started: list[str] = []
        read = chunks_module.text_chunks

        def watched(*arguments: object, **options: object) -> Iterator[object]:
            started.append("reading")
            return read(*arguments, **options)  # type: ignore[arg-type]

        monkeypatch.setattr(chunks_module, "text_chunks", watched)
        path = tmp_path / "distances.csv"
        path.write_text("service_code,distance\n20,3\n", encoding="utf-8")
        for part in ((), ("--part", "summary")):
            status, _, err = cli("access", "distance", str(path), *part)
            assert status == 2
            assert "lacks the required column 'distance_miles'" in err
        assert started == ["reading"]  # the summary's reading began before the error

    def test_no_reading_thread_outlives_the_columns_error(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """The reader paused mid-file by a columns error is closed (its threads joined) at once.

        With the garbage collector off, nothing but the command itself can end the threads: the
        error's traceback holds the paused reader otherwise (review of stop 24).
        """
        monkeypatch.setattr(chunks_module, "CHUNK_ROWS", 2)
        path = tmp_path / "distances.csv"
        path.write_text("service_code,distance\n" + "20,3\n" * 2_000, encoding="utf-8")
        ours = ("tenncare-csv", "tenncare-check")
        gc.disable()
        try:
            status, _, err = cli("access", "distance", str(path), "--part", "summary")
            left = [t.name for t in threading.enumerate() if t.name.startswith(ours)]
        finally:
            gc.enable()
        assert status == 2
        assert "lacks the required column 'distance_miles'" in err
        assert left == []


class TestProfileLoadedBeside:
    """The profile is loaded once, beside the reading, and its error is still the one told."""

    @pytest.mark.parametrize("part", ["summary", "findings"])
    def test_the_profile_is_loaded_once(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, part: str
    ) -> None:
        """A profile file is read once for the whole file, not once for each chunk."""
        from tenncare_calc.contract import loader  # noqa: PLC0415 - the module patched

        monkeypatch.setattr(chunks_module, "CHUNK_ROWS", 1)
        loads: list[object] = []
        load_profile = loader.load_profile

        def counted(source: object = None, **options: object) -> object:
            loads.append(source)
            return load_profile(source, **options)  # type: ignore[arg-type]

        monkeypatch.setattr(loader, "load_profile", counted)
        words, sample, extra = CHECKS[0]
        path = _path(sample, tmp_path)
        assert len(_lines(sample)) > 3  # several chunks of one row
        status, _, err = cli(*words.split(), str(path), *extra, "--part", part)
        assert (status, err) == (0, "")
        assert loads == [None]

    @pytest.mark.parametrize("part", ["summary", "findings"])
    @pytest.mark.parametrize("data", [None, b"", b"a,a\n1,2\n"])
    def test_a_bad_profile_is_told_before_a_bad_file(
        self, tmp_path: Path, part: str, data: bytes | None
    ) -> None:
        """A profile that cannot be read is the error told: before a missing, empty or bad file's."""
        words, _, extra = CHECKS[0]
        path = tmp_path / "file.csv"
        if data is not None:
            path.write_bytes(data)
        profile = tmp_path / "no-such-profile.toml"
        status, _, err = cli(
            *words.split(), str(path), *extra, "--part", part, "--profile", str(profile)
        )
        assert status == 2  # the command line's status for bad input
        assert err.startswith("tenncare-calc: error: cannot read profile file"), err
        assert err.count("\n") == 1


#: Cells of a date column, some padded or quoted: a chunked summary must quote a rejected cell as
#: the whole file's does (a date outside the term is rejected quoting the cell as written).
_DATE_CELLS = [
    "2008-10-06", '"2008-10-07"', "2008-10-06 ", " 2008-10-06", "", '""', "10/6/2008",
    "2008-02-30", "2008-1-6", "0001-01-01", "0000-01-01", "NA", "2008-10-06 17:00",
    "  1999-01-01", '"1999-01-01 "', "1999-01-01",
]  # fmt: skip


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(cells=st.lists(st.sampled_from(_DATE_CELLS), min_size=1, max_size=40))
def test_a_date_column_gives_the_whole_files_summary_however_blocks_fall(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cells: list[str]
) -> None:
    """Dates of every form, padded and quoted: the chunked summary and rejected rows are the whole file's.

    Read in blocks of a few lines and chunks of three rows. (pyarrow's date converter, which the
    chunks could parse dates with, drops the padding and quotes a rejection would name: a cell of
    ``  1999-01-01``, outside the term, would be named without its spaces. Reason enough to read
    them as text, as the whole file is.)
    """
    monkeypatch.setattr(csv_lines, "_CHUNK", 300)  # a few lines a block: many blocks
    monkeypatch.setattr(chunks_module, "CHUNK_ROWS", 3)
    header, first, *_ = _lines("nemt_trips.csv")
    before, _, after = first.rstrip("\n").rsplit(",", 2)
    lines = [header, *(f"{before},{cell},{after}\n" for cell in cells)]
    path = tmp_path / "trips.csv"
    path.write_text("".join(lines), encoding="utf-8")
    whole, summary, rejected = _whole_and_chunked(path, "nemt manifest", ())
    assert summary["rows_in"] == whole["rows_in"] == len(cells)
    assert summary["rows_used"] == whole["rows_used"]
    for outcome, count in whole["counts"].items():
        assert summary[outcome] == count, outcome
    assert rejected["rejected"] == whole["rejected"]
