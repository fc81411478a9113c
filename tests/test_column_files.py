"""Reading large CSV files column by column: no row lost, every form of date, identifiers kept exact.

Issue 13 (no row lost in the columnar path) and issue 15 (CSV to answer in batches).
"""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tenncare_calc.cli import main
from tenncare_calc.columnar import InputColumns, read_columns, read_rows
from tenncare_calc.columnar import readers as readers_module
from tenncare_calc.columnar.csv_lines import LONGEST_LINE
from tenncare_calc.core.errors import InvalidInputError, InvalidValueError
from tenncare_calc.enrollment import SPAN_COLUMNS, STAY_COLUMNS, member_months

pa = pytest.importorskip("pyarrow")

HEADER = b"member_id,start_date,end_date\n"
GOOD = b"M101,2008-01-01,2008-01-31\n"

#: Bad lines of a spans file, each with the start of its reason.
BAD_LINES = {
    "unterminated": (
        b'M102,"2008-02-01,2008-02-03\n',
        "a quote opened on this line is never closed",
    ),
    "too many": (b"M103,2008-01-01,2008-01-02,x\n", "4 cells for 3 columns"),
    "too few": (b"M104,2008-01-01\n", "2 cells for 3 columns"),
    "latin-1": (b"M\xe9,2008-01-01,2008-01-02\n", "not UTF-8 text (byte 0xe9 at column 2)"),
    "oversized": (b"M105," + b"x" * (LONGEST_LINE + 10) + b",\n", "line longer than"),
    "quote inside": (b'x"y,"z,2008-01-01\n', "a quote opened on this line is never closed"),
    # an even count of quotes, each next to a comma, yet the second opens a cell left open
    "even quotes open": (
        b'M110",2008-01-01,"2008-01-02\n',
        "a quote opened on this line is never closed",
    ),
    "lone carriage return": (b"M106,2008-01-01\r,2008-01-02\n", "a carriage return"),
    # refused by Python's csv, which the row reader reads with: so the columnar reader refuses it
    "long cell": (b"M108," + b"y" * 131_073 + b",\n", "a cell over 131,072 characters"),
    # a date padded past the limit: pyarrow's date converter drops the padding, the limit holds
    "padded date": (
        b"M109," + b" " * 131_073 + b"2008-01-01,2008-01-31\n",
        "a cell over 131,072 characters",
    ),
}


def _spans(folder: Path, body: bytes, name: str = "spans.csv") -> Path:
    path = folder / name
    path.write_bytes(HEADER + body)
    return path


def _cli(*arguments: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(arguments), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


class TestNoRowLost:
    """Every bad line is one rejected row with its number and reason; the others are read."""

    @pytest.mark.parametrize("kind", sorted(BAD_LINES))
    def test_each_bad_line_is_one_row(self, tmp_path: Path, kind: str) -> None:
        """A bad line between good ones: rows in = used + rejected, the bad one named by row."""
        line, reason = BAD_LINES[kind]
        path = _spans(tmp_path, GOOD + line + GOOD + b'"M107",2008-03-01,"2008-03-02"\n')
        for kinds in (SPAN_COLUMNS, None):
            columns = read_columns(path, kinds=kinds)
            assert columns.rows_in == 4
            assert [row for row, _ in columns.malformed] == [1]
            assert columns.malformed[0][1].startswith(reason)
            assert columns.data.num_rows == 3
            assert list(columns.file_rows()) == [0, 2, 3]

    @pytest.mark.parametrize("kind", sorted(BAD_LINES))
    def test_on_the_command_line(self, tmp_path: Path, kind: str) -> None:
        """raise: exit 2 naming the row by its line (3); collect: the row is in the rejected part."""
        line, reason = BAD_LINES[kind]
        path = str(_spans(tmp_path, GOOD + line + GOOD))
        code, out, err = _cli("member-months", path, "--year", "2008")
        assert (code, out) == (2, "")
        assert "Traceback" not in err
        assert f"spans.csv, line 3: {reason}" in err
        code, out, err = _cli(
            "member-months", path, "--year", "2008", "--on-error", "collect", "--format", "json"
        )
        assert code == 0, err
        data = json.loads(out)
        assert (data["rows_in"], data["rows_used"]) == (3, 2)
        assert [row["row"] for row in data["rejected"]] == [3]

    def test_header_only_without_final_newline(self, tmp_path: Path) -> None:
        """A file of just a header (no line break) is an empty table, not an error."""
        path = tmp_path / "spans.csv"
        path.write_bytes(HEADER.rstrip(b"\n"))
        columns = read_columns(path, kinds=SPAN_COLUMNS)
        assert (columns.rows_in, columns.data.num_rows, columns.malformed) == (0, 0, ())
        code, out, err = _cli("member-months", str(path), "--year", "2008", "--format", "json")
        assert code == 0, err
        assert json.loads(out)["rows_in"] == 0

    def test_last_line_without_newline_and_crlf(self, tmp_path: Path) -> None:
        """Windows line ends and a last line without a line break are read as any other."""
        path = _spans(tmp_path, b"M1,2008-01-01,\r\nM2,2008-01-02,2008-01-03")
        columns = read_columns(path, kinds=SPAN_COLUMNS)
        assert columns.malformed == ()
        assert columns.data.column("end_date").to_pylist() == [None, dt.date(2008, 1, 3)]

    def test_quoted_cells_keep_the_numbering(self, tmp_path: Path) -> None:
        """Quoted cells (commas, doubled quotes) do not shift the rows after them."""
        body = b'"M1","2008-01-01",""\n"M""2",2008-01-01,\nM3,2008-01-01,2008-01-01,x\n'
        columns = read_columns(_spans(tmp_path, body), kinds=SPAN_COLUMNS)
        assert columns.malformed == ((2, "4 cells for 3 columns"),)
        assert columns.decode("member_id", columns.data.column("member_id")).to_pylist() == [
            "M1",
            'M"2',
        ]

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(st.sampled_from(["good", *sorted(BAD_LINES)]), max_size=12))
    def test_any_mix_of_lines(self, kinds: list[str]) -> None:
        """Whatever the mix of lines, every row is used or rejected, as the row reader splits them.

        With at most one line that opens a quote, each line is a row and each bad one is rejected
        at its own row; two such lines may close each other's quote into one record, which the
        columnar reader reads as :func:`read_rows` does (its malformed rows are malformed here;
        reading so, a lone carriage return is a line break, as it is to Python's csv).
        """
        import tempfile  # noqa: PLC0415

        body = b"".join(GOOD if kind == "good" else BAD_LINES[kind][0] for kind in kinds)
        with tempfile.TemporaryDirectory() as folder:
            path = _spans(Path(folder), body)
            columns = read_columns(path, kinds=SPAN_COLUMNS)
            rows = read_rows(path)
        assert columns.data.num_rows + len(columns.malformed) == columns.rows_in
        if "lone carriage return" not in kinds:  # a line break to Python's csv, not here
            assert columns.rows_in == len(rows.rows)
            assert {row for row, _ in rows.malformed} <= {row for row, _ in columns.malformed}
        quotes = sum(kind in {"unterminated", "quote inside", "even quotes open"} for kind in kinds)
        if quotes == 0 or (quotes == 1 and "lone carriage return" not in kinds):
            assert columns.rows_in == len(kinds)
            bad = [row for row, kind in enumerate(kinds) if kind != "good"]
            assert [row for row, _ in columns.malformed] == bad


class TestDates:
    """ISO, M/D/YYYY and (when asked for) Excel serial dates; any other form names the forms."""

    def _dates(self, folder: Path, cells: list[str], *, excel: bool = False) -> InputColumns:
        body = "".join(f"M{n},{cell},\n" for n, cell in enumerate(cells, 1)).encode()
        return read_columns(_spans(folder, body), kinds=SPAN_COLUMNS, excel_dates=excel)

    def test_us_dates(self, tmp_path: Path) -> None:
        """1/5/2008 and 01/05/2008 are January 5 (month first, never guessed day first)."""
        columns = self._dates(tmp_path, ["1/5/2008", "01/05/2008", " 12/31/2008 ", "2/29/2008"])
        assert columns.malformed == ()
        assert columns.data.column("start_date").to_pylist() == [
            dt.date(2008, 1, 5),
            dt.date(2008, 1, 5),
            dt.date(2008, 12, 31),
            dt.date(2008, 2, 29),
        ]

    @pytest.mark.parametrize(
        "cell",
        ["13/1/2008", "2/30/2008", "2/29/2009", "1/5/08", "5.1.2008", "0000-01-05", "1/5/0000"],
    )
    def test_not_dates(self, tmp_path: Path, cell: str) -> None:
        """Impossible or other forms reject the row, naming the forms expected (no year 0).

        Among good ISO dates, so the year 0 is also refused where pyarrow reads a block's dates
        as it parses (its converter reads ``0000-01-05``).
        """
        columns = self._dates(tmp_path, [cell])
        assert columns.malformed == (
            (0, f"start_date {cell!r} is not a date (expected YYYY-MM-DD or M/D/YYYY)"),
        )
        among = self._dates(tmp_path, ["2008-01-05", cell, "2008-01-06"])
        assert [row for row, _ in among.malformed] == [1]
        assert among.data.column("start_date").to_pylist() == [
            dt.date(2008, 1, 5),
            dt.date(2008, 1, 6),
        ]

    @pytest.mark.parametrize(
        ("serial", "day"),
        [
            ("1", dt.date(1900, 1, 1)),
            ("59", dt.date(1900, 2, 28)),
            ("61", dt.date(1900, 3, 1)),
            ("39452", dt.date(2008, 1, 5)),
            ("39452.0", dt.date(2008, 1, 5)),
            ("2958465", dt.date(9999, 12, 31)),
        ],
    )
    def test_excel_serials(self, tmp_path: Path, serial: str, day: dt.date) -> None:
        """Excel's 1900 date system, when the caller says so; a number is never guessed."""
        columns = self._dates(tmp_path, [serial], excel=True)
        assert columns.data.column("start_date").to_pylist() == [day]
        refused = self._dates(tmp_path, [serial])
        assert "if the column holds Excel serial day numbers" in refused.malformed[0][1]

    @pytest.mark.parametrize(
        ("serial", "reason"),
        [
            ("60", "the day 1900-02-29 that never was"),
            ("0", "not an Excel serial day number from 1"),
            ("2958466", "not an Excel serial day number from 1"),
            ("39452.5", "a fraction (a time of day)"),
        ],
    )
    def test_excel_serials_refused(self, tmp_path: Path, serial: str, reason: str) -> None:
        """Serial 60 (a day that never was), 0, beyond 9999-12-31 and fractions are rejected."""
        columns = self._dates(tmp_path, [serial], excel=True)
        assert reason in columns.malformed[0][1]

    @settings(max_examples=60, deadline=None)
    @given(st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)), st.booleans())
    def test_every_day_reads_back(self, day: dt.date, padded: bool) -> None:
        """Any day in ISO or US form reads as itself."""
        import tempfile  # noqa: PLC0415

        us = (
            f"{day.month:02d}/{day.day:02d}/{day.year:04d}"
            if padded
            else (f"{day.month}/{day.day}/{day.year:04d}")
        )
        with tempfile.TemporaryDirectory() as folder:
            columns = self._dates(Path(folder), [day.isoformat(), us])
        assert columns.data.column("start_date").to_pylist() == [day, day]


class TestIdentifiers:
    """Identifiers are read as numbers only where the text comes back exactly."""

    @pytest.mark.parametrize(
        ("ids", "numbers"),
        [
            (["M101", "M99", "M100000000000"], True),
            (["101", "7"], True),
            (["M101", "M0101"], False),
            (["M101", "N101"], False),
            (["+5", "5"], False),
            (["101", " 101"], True),  # the space dropped, as the row reader drops it
            (["TN-1", "TN-2"], True),
        ],
    )
    def test_exact_round_trip(self, tmp_path: Path, ids: list[str], numbers: bool) -> None:
        """Prefix + canonical number reads as the number; anything else stays text, exactly.

        Spaces around an identifier are dropped first, as the row reader drops them.
        """
        body = "".join(f"{member},2008-01-01,\n" for member in ids).encode()
        columns = read_columns(_spans(tmp_path, body), kinds=SPAN_COLUMNS)
        read = columns.data.column("member_id")
        assert pa.types.is_integer(read.type) == numbers
        decoded = columns.decode("member_id", read).to_pylist()
        assert [str(member) for member in decoded] == [member.strip() for member in ids]

    def test_identifiers_across_batches(self, tmp_path: Path) -> None:
        """Numbers in early batches, then one identifier that is not: all come back as text."""
        lines = [f"M{n},2008-01-01,\n" for n in range(400_000)] + ["M007,2008-01-01,\n"]
        columns = read_columns(_spans(tmp_path, "".join(lines).encode()), kinds=SPAN_COLUMNS)
        read = columns.data.column("member_id")
        assert pa.types.is_large_string(read.type)
        assert read[0].as_py() == "M0"
        assert read[-1].as_py() == "M007"

    def test_the_same_figures_and_members_as_in_memory(self, tmp_path: Path) -> None:
        """The command's per-member part equals the library's on the text as read by pyarrow."""
        body = (
            "".join(
                f"M{n % 37 * 11},2008-{n % 12 + 1:02d}-01,{'' if n % 5 else '2008-12-31'}\n"
                for n in range(500)
            ).encode()
            + b"M3,2009-01-05,2008-01-01\n"
        )
        path = _spans(tmp_path, body)
        code, out, err = _cli(
            "member-months", str(path), "--year", "2008", "--on-error", "collect",
            "--per-member", "--format", "json",
        )  # fmt: skip
        assert code == 0, err
        mine = json.loads(out)
        text = pa.csv.read_csv(path, convert_options=pa.csv.ConvertOptions(
            column_types={"member_id": pa.string()}))  # fmt: skip
        theirs = member_months(text, year=2008, on_error="collect", per_member=True)
        assert mine["total"] == str(theirs.total)
        assert [row["row"] for row in mine["rejected"]] == [502]  # line 502: 500 rows after line 1
        code, out, err = _cli(
            "member-months", str(path), "--year", "2008", "--on-error", "collect",
            "--format", "csv", "--part", "per_member",
        )  # fmt: skip
        assert code == 0, err
        members = [line.split(",")[0] for line in out.splitlines()[1:]]
        assert members == theirs.per_member.column("member_id").to_pylist()


class TestColumnsAndErrors:
    """The column mapping, and files that cannot be read at all."""

    def test_mapping(self, tmp_path: Path) -> None:
        """The library's names read the file's columns; unknown or absent names are errors."""
        path = tmp_path / "spans.csv"
        path.write_text("MEMBER_ID,EFF_DATE,TERM_DATE\n101,1/5/2008,\n")
        mapping = {"member_id": "MEMBER_ID", "start_date": "EFF_DATE", "end_date": "TERM_DATE"}
        columns = read_columns(path, kinds=SPAN_COLUMNS, columns=mapping)
        assert columns.data.to_pylist() == [
            {"member_id": 101, "start_date": dt.date(2008, 1, 5), "end_date": None}
        ]
        with pytest.raises(InvalidValueError, match="'plan_id' is not a column read here"):
            read_columns(path, kinds=SPAN_COLUMNS, columns={"plan_id": "MEMBER_ID"})
        with pytest.raises(InvalidInputError, match="which the file lacks; the file has"):
            read_columns(path, kinds=SPAN_COLUMNS, columns={"member_id": "ID"})
        with pytest.raises(InvalidInputError, match=r"missing column\(s\) \['admit_date'"):
            read_columns(path, kinds=STAY_COLUMNS, columns={"member_id": "MEMBER_ID"})

    def test_a_header_that_is_not_utf8(self, tmp_path: Path) -> None:
        """A header that is not UTF-8 refuses the file (it is no row), naming why."""
        path = tmp_path / "spans.csv"
        path.write_bytes(b"member_id,d\xe9but\n1,2\n")
        with pytest.raises(InvalidInputError, match="the header is not UTF-8"):
            read_columns(path)

    @pytest.mark.parametrize("command", ["member-months", "community-tenure"])
    def test_lines_ended_by_a_carriage_return_alone(self, tmp_path: Path, command: str) -> None:
        """An old Mac file (CR line ends) is refused naming why, not an internal error (exit 1)."""
        path = tmp_path / "spans.csv"
        path.write_bytes(b"member_id,start_date,end_date\rM1,2008-01-01,2008-01-31\r")
        with pytest.raises(InvalidInputError, match="end with a carriage return alone"):
            read_columns(path)
        quoted = tmp_path / "quoted.csv"  # a CR inside a quoted header name is no line end
        quoted.write_bytes(b'member_id,start_date,end_date,"note\rx"\n101,2008-01-01,,a\n')
        assert read_columns(quoted, kinds=SPAN_COLUMNS).data.num_rows == 1
        out, err = io.StringIO(), io.StringIO()
        extra = ["--data-through", "2009-01-20"] if command == "community-tenure" else []
        status = main([command, str(path), "--year", "2008", *extra], out=out, err=err)
        assert status == 2  # a user's mistake
        assert err.getvalue().startswith("tenncare-calc: error: ")
        assert "carriage return alone" in err.getvalue()

    def test_readers_hands_on_the_names(self) -> None:
        """``columnar.readers`` still hands on ``read_columns`` (moved to ``column_files``)."""
        assert readers_module.read_columns is read_columns


def test_spans_outside_the_year_are_counted_not_kept(tmp_path: Path) -> None:
    """member-months keeps only the spans of the year (and those to reject), rows still exact."""
    body = (
        b"M1,2006-01-01,2006-12-31\n"  # before the year: counted, not kept
        b"M2,2008-03-01,2008-02-01\n"  # backwards: rejected at its own row
        b"M3,2009-01-01,\n"  # after the year
        b"M4,2008-02-01,\n"
        b"M5,2007-12-01,2007-01-01\n"  # backwards, outside the year: rejected too
    )
    path = str(_spans(tmp_path, body))
    code, out, err = _cli(
        "member-months", path, "--year", "2008", "--on-error", "collect", "--format", "json"
    )
    assert code == 0, err
    data = json.loads(out)
    assert (data["rows_in"], data["rows_used"]) == (5, 3)
    assert [row["row"] for row in data["rejected"]] == [3, 6]  # lines of M2 and M5


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.integers(0, 3 * 65_536), min_size=1, max_size=6))
def test_a_block_let_through_has_no_line_as_long_as_the_cell_limit(lengths: list[int]) -> None:
    """The cell-limit scan is skipped only for a block whose every line is under the limit."""
    from tenncare_calc.columnar.cell_limits import may_hold_long_line  # noqa: PLC0415
    from tenncare_calc.columnar.row_files import MAX_CELL_CHARS  # noqa: PLC0415

    text = b"".join(b"x" * length + b"\n" for length in lengths)
    if max(lengths) > MAX_CELL_CHARS:
        assert may_hold_long_line(text)
    if not may_hold_long_line(text):
        assert max(lengths) < MAX_CELL_CHARS


def test_a_column_with_a_date_in_the_year_zero_stays_text(tmp_path: Path) -> None:
    """Read without kinds, a column of ISO dates becomes dates, unless one is in the year 0."""
    path = tmp_path / "cells.csv"
    path.write_text("id,d,e\n1,0000-01-05,2008-01-05\n2,2008-01-05,2008-01-06\n", encoding="utf-8")
    columns = read_columns(path)
    assert columns.data.column("d").to_pylist() == ["0000-01-05", "2008-01-05"]
    assert columns.data.column("e").to_pylist() == [dt.date(2008, 1, 5), dt.date(2008, 1, 6)]


def test_a_long_cell_in_a_column_not_read_rejects_its_row(tmp_path: Path) -> None:
    """Member months read four columns, yet a cell over the limit in a fifth rejects its row.

    The row reader (Python's csv) refuses such a line whatever column holds the cell; the
    columnar reader parses a block that may hold one with every column, so both agree.
    """
    path = tmp_path / "spans.csv"
    path.write_text(
        "member_id,start_date,end_date,plan,note\n"
        "M1,2008-01-01,2008-03-31,AGP,ok\n"
        f"M2,2008-02-01,2008-02-29,AGP,{'y' * 140_000}\n"
        "M3,2008-05-01,2008-05-31,AGP,fine\n",
        encoding="utf-8",
    )
    columns = read_columns(path, kinds=SPAN_COLUMNS)
    assert columns.malformed == ((1, "a cell over 131,072 characters"),)
    assert columns.data.num_rows == 2
    assert read_rows(path).malformed == columns.malformed
