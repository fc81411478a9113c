"""Row numbers: a file's row is named by the line where its record starts, everywhere.

The property: for generated CSV files (a byte-order mark or not, LF or CRLF line ends, blank lines,
quoted fields holding line breaks), the number every command shows for a row (in its error
message, its ``rejected`` part and its findings or assessments) is the line where the row's record
starts in the file, the header being line 1. Rows given in Python keep their 0-based position, in
the result's data and in the library's messages alike.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tenncare_calc.cli import main
from tenncare_calc.columnar import (
    InputRows,
    read_columns,
    read_rows,
    record_lines,
    row_number,
)
from tenncare_calc.core.errors import RejectedRowsError
from tests.test_cli import SAMPLES

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

pytest.importorskip("pyarrow")

#: A command's file: header, a good row and a bad row (each given its free-text cell), the
#: arguments after FILE, whether a blank line is a rejected row, and the part listing good rows.
Command = tuple[
    str,
    "Callable[[str], list[str]]",
    "Callable[[str], list[str]]",
    tuple[str, ...],
    bool,
    str | None,
]

COMMANDS: dict[str, Command] = {
    "damages": (
        "item,reference,date,count",
        lambda note: ["noncompliant_provider_agreements", note, "2008-02-14", "2"],
        lambda note: ["no_such_item", note, "2008-02-14", "2"],
        ("--year", "2008"),
        True,
        "assessments",
    ),
    "access timeliness": (
        "appointment_id,service_code,requested_at,appointment_at,urgency",
        lambda note: [note, "20", "2008-12-19", "2009-01-02", "routine"],
        lambda note: [note, "99", "2008-12-19", "2009-01-02", "routine"],
        (),
        True,
        "findings",
    ),
    "nemt decision": (
        "trip_id,requested_at,decided_at",
        lambda note: [note, "2008-10-06 09:00", "2008-10-06 10:00"],
        lambda note: [note, "2008-10-06 09:00", "tomorrow"],
        (),
        True,
        "findings",
    ),
    "claims percent-of-billed": (
        "claim_id,pricing_method,billed_amount,stop_loss_threshold",
        lambda note: [note, "fee_schedule", "1200", ""],
        lambda note: [note, "percent_of_billed_charges", "", "80000"],
        (),
        True,
        "findings",
    ),
    "member-months": (
        "member_id,start_date,end_date",
        lambda note: [note, "2008-01-01", ""],
        lambda note: [note, "2008-02-30", ""],
        ("--year", "2008"),
        True,
        None,
    ),
    "community-tenure": (
        "member_id,admit_date,discharge_date,plan",
        lambda note: [note, "2008-03-01", "2008-03-05", "east"],
        lambda note: [note, "2008-03-09", "2008-03-01", "east"],
        ("--year", "2008", "--data-through", "2009-01-31"),
        True,
        None,
    ),
}

_RATES = (SAMPLES / "rates_2008.csv").read_text("utf-8").splitlines()
_INCENTIVE = ("--measurement-year", "2008", "--member-months", "1000000")
_INCENTIVE += ("--capitation", "100000000")

#: A generated record: good, bad or a blank line, and whether its free text spans two lines.
records = st.lists(
    st.tuples(st.sampled_from(["good", "bad", "blank"]), st.booleans()), min_size=1, max_size=7
)


def call(*arguments: str) -> tuple[int, str, str]:
    """Run the command line in this process: exit status, standard output, standard error."""
    out, err = io.StringIO(), io.StringIO()
    code = main(list(arguments), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def _cell(text: str) -> str:
    return f'"{text}"' if any(mark in text for mark in '\r\n",') else text


def write_file(
    path: Path,
    header: str,
    rows: list[tuple[str, list[str] | None]],
    *,
    bom: bool,
    newline: str,
) -> dict[str, list[int]]:
    """Write the CSV file; return the line where each good, bad and blank record starts."""
    lines: dict[str, list[int]] = {"good": [], "bad": [], "blank": []}
    text, line = header + newline, 2
    for kind, cells in rows:
        lines[kind].append(line)
        record = "" if cells is None else ",".join(_cell(cell) for cell in cells)
        text += record + newline
        line += 1 + sum(cell.count("\n") for cell in cells or [])
    path.write_bytes((codecs.BOM_UTF8 if bom else b"") + text.encode("utf-8"))
    return lines


def named_lines(stderr: str, name: str) -> list[int]:
    """Return the line numbers the error names for file ``name``, in order."""
    return [int(found) for found in re.findall(rf"{re.escape(name)}, line (\d+):", stderr)]


def part_rows(output: str) -> list[int]:
    """Return the ``row`` column of a part written as CSV."""
    return [int(row["row"]) for row in csv.DictReader(io.StringIO(output))]


@pytest.mark.parametrize("name", list(COMMANDS))
@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(shape=records, bom=st.booleans(), crlf=st.booleans())
def test_every_number_shown_is_the_records_first_line(
    name: str, shape: list[tuple[str, bool]], bom: bool, crlf: bool, tmp_path: Path
) -> None:
    """Errors, the rejected part and the findings name each row by its record's first line."""
    header, good, bad, arguments, blank_rejected, listing = COMMANDS[name]
    newline = "\r\n" if crlf else "\n"
    rows: list[tuple[str, list[str] | None]] = []
    for number, (kind, spans) in enumerate(shape):
        note = f"N{number}{newline}more" if spans else f"N{number}"
        rows.append((kind, None if kind == "blank" else (good if kind == "good" else bad)(note)))
    path = tmp_path / "input.csv"
    lines = write_file(path, header, rows, bom=bom, newline=newline)
    rejected = sorted(lines["bad"] + (lines["blank"] if blank_rejected else []))
    command = (*name.split(), str(path), *arguments)

    status, _, stderr = call(*command)
    assert status == (2 if rejected else 0), stderr
    assert named_lines(stderr, "input.csv") == rejected

    status, out, stderr = call(*command, "--on-error", "collect", "--format", "csv", "--part",
                               "rejected")  # fmt: skip
    assert (status, stderr) == (0, "")
    assert part_rows(out) == rejected
    if listing is not None:
        out = call(*command, "--on-error", "collect", "--format", "csv", "--part", listing)[1]
        assert sorted(part_rows(out)) == lines["good"]


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    shape=st.lists(st.tuples(st.sampled_from(["bad", "blank"]), st.booleans()), max_size=4),
    at=st.integers(0, len(_RATES) - 1),
    bom=st.booleans(),
    crlf=st.booleans(),
)
def test_incentive_rates_name_bad_rows_by_line(
    shape: list[tuple[str, bool]], at: int, bom: bool, crlf: bool, tmp_path: Path
) -> None:
    """A rates table's unknown measures are named by line; its blank lines are skipped."""
    newline = "\r\n" if crlf else "\n"
    sample = [("good", line.split(",")) for line in _RATES[1:]]
    extra = [
        (kind, None if kind == "blank" else [f"bogus{n}{newline}x" if spans else f"bogus{n}"] +
         [""] * 4)
        for n, (kind, spans) in enumerate(shape)
    ]  # fmt: skip
    rows: list[tuple[str, list[str] | None]] = [*sample[:at], *extra, *sample[at:]]
    path = tmp_path / "rates.csv"
    lines = write_file(path, _RATES[0], rows, bom=bom, newline=newline)
    status, _, stderr = call("incentive", str(path), *_INCENTIVE)
    assert status == (2 if lines["bad"] else 0), stderr
    assert named_lines(stderr, "rates.csv") == lines["bad"]


class TestReaders:
    """The readers know each row's line; rows given in Python keep their position."""

    def test_read_rows_numbers_records_by_their_first_line(self, tmp_path: Path) -> None:
        """A quoted line break and a blank line move the numbers of the rows after them."""
        path = tmp_path / "spans.csv"
        path.write_bytes(b'\xef\xbb\xbfa,b\r\n"1\r\n2",x\r\n\r\n3,y\r\n')
        rows = read_rows(path)
        assert [rows.number(row) for row in range(3)] == [2, 4, 5]
        assert rows.where(2) == "spans.csv, line 5"
        assert record_lines(path) == (2, 4, 5)

    def test_a_split_failure_names_lines_in_message_and_pairs(self, tmp_path: Path) -> None:
        """A malformed row keeps its place; its rejection and message name the line it is on."""
        path = tmp_path / "rates.csv"
        path.write_text('a,b\n"x\ny",1\n1,2,3\n', encoding="utf-8")
        rows = read_rows(path)
        assert rows.malformed == ((1, "3 cells for 2 columns"),)
        assert rows.malformed_rejections() == ((4, "3 cells for 2 columns"),)
        assert rows.where(1) == "rates.csv, line 4"

    def test_json_and_parquet_rows_are_numbered_as_their_csv(self, tmp_path: Path) -> None:
        """No lines per row: the first row is line 2, as in the same table written as CSV."""
        path = tmp_path / "rows.json"
        path.write_text(json.dumps([{"a": 1}, {"a": 2}]), encoding="utf-8")
        assert [read_rows(path).number(row) for row in range(2)] == [2, 3]
        assert read_columns(path).lines_of([0, 1]) == [2, 3]
        assert (row_number("parquet", 0), row_number("json", 4)) == (2, 6)

    def test_columns_know_lines_when_records_span_lines(self, tmp_path: Path) -> None:
        """read_columns: malformed rows and data rows are both numbered by line."""
        path = tmp_path / "spans.csv"
        path.write_text(
            'member_id,start_date,end_date\n"1\n0",2008-01-01,\n\n2,2008-01-01,,x\n3,2008-01-01,\n',
            encoding="utf-8",
        )
        columns = read_columns(path)
        assert columns.malformed == ((2, "4 cells for 3 columns"),)
        assert columns.where(2) == "spans.csv, line 5"
        assert columns.file_lines().tolist() == [2, 4, 6]

    def test_rows_given_in_python_keep_their_position(self) -> None:
        """Rows given in Python: ``number(i) == i``, named ``row i``."""
        rows = InputRows("plans", "rows", ("plan",), ({"plan": "a"}, {"plan": "b"}))
        assert (rows.number(1), rows.where(1)) == (1, "plans, row 1")


class TestPythonRows:
    """In Python, a row's number is its position, in the data and the messages alike."""

    def test_damages_ledger(self) -> None:
        """The ledger's rejected rows and its error name the same 0-based rows."""
        from tenncare_calc.damages import damages_ledger  # noqa: PLC0415

        observations = [
            {"item": "noncompliant_provider_agreements", "date": "2008-02-14", "count": "2"},
            {"item": "no_such_item"},
        ]
        ledger = damages_ledger(2008, observations, on_error="collect")
        assert [line.row for line in ledger.lines] == [0]
        assert [row for row, _ in ledger.rejected] == [1]
        assert "row 0 " in ledger.explain() or "row 0:" in ledger.explain()
        with pytest.raises(RejectedRowsError) as caught:
            damages_ledger(2008, observations)
        assert [row for row, _ in caught.value.rejected] == [1]
        assert "row 1: " in str(caught.value)

    def test_findings(self) -> None:
        """A findings table's rows, its rejected part and its error use the same positions."""
        from tenncare_calc.compliance import decision_time_table  # noqa: PLC0415

        columns = {
            "requested_at": ["2008-10-06 09:00", "2008-10-06 09:00"],
            "decided_at": ["tomorrow", "2008-10-06 10:00"],
        }
        findings = decision_time_table(columns, on_error="collect")
        assert [row["row"] for row in findings.rows()] == [1]
        assert findings.rejected.column("row").to_pylist() == [0]
        with pytest.raises(RejectedRowsError) as caught:
            decision_time_table(columns)
        assert [row for row, _ in caught.value.rejected] == [0]
        assert "row 0: " in str(caught.value)


def test_a_program_run_from_files_names_rows_by_line(tmp_path: Path) -> None:
    """A program folder: bad damages rows and bad spans are named by their lines, in every place."""
    from tenncare_calc.program import program_from_folder  # noqa: PLC0415

    folder = SAMPLES / "program"
    for name in ("rates", "plans", "stays"):
        (tmp_path / f"{name}.csv").write_bytes((folder / f"{name}.csv").read_bytes())
    damages = (folder / "damages.csv").read_text("utf-8").splitlines()
    first = damages[1].split(",")
    first[2] = '"LIC\nE-0801"'  # the reference of line 2 spans lines 2 and 3
    bad = "nowhere,geographic_access" + "," * 15
    text = "\n".join([damages[0], ",".join(first), *damages[2:], bad]) + "\n"
    (tmp_path / "damages.csv").write_text(text, encoding="utf-8")
    spans = (folder / "spans.csv").read_text("utf-8").splitlines()
    width = spans[0].count(",")
    (tmp_path / "spans.csv").write_text(
        "\n".join([*spans, "", *spans[1:2]]) + "\n" + "," * width + "\n", encoding="utf-8"
    )
    bad_line = len(damages) + 2  # after the last line, one more for the reference's line break
    with pytest.raises(RejectedRowsError) as caught:
        program_from_folder(tmp_path)
    assert f"damages.csv, line {bad_line}: plan 'nowhere'" in str(caught.value)
    assert [row for row, _ in caught.value.rejected] == [bad_line]
    run = program_from_folder(tmp_path, on_error="collect")
    blank = len(spans) + 1
    assert [(name, row) for name, row, _ in run.rejected] == [
        ("spans", blank),
        ("spans", blank + 2),
        ("damages", bad_line),
    ]
    assert f"damages, row {bad_line}: plan 'nowhere'" in run.explain()
    (tmp_path / "damages.csv").write_text(text.replace(bad + "\n", ""), encoding="utf-8")
    with pytest.raises(RejectedRowsError) as caught:
        program_from_folder(tmp_path)
    assert f"spans.csv, line {blank}: member_id is null" in str(caught.value)
    assert [row for row, _ in caught.value.rejected] == [blank, blank + 2]
    lines = [line.row for ledger in run.plan_years for line in ledger.ledger.lines]
    assert 2 in lines  # the first record starts on line 2 ...
    assert 3 not in lines  # ... and line 3 is inside it, so no row is numbered 3
