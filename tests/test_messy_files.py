"""Messy input files through every command that reads a table (issue 13: no row lost, no traceback).

Each command is one line of :data:`COMMANDS`: its words, the bundled sample it reads and its
other arguments. Each messy file is made from that sample by one function of :data:`MESS`; every
pair runs in process under ``--on-error raise`` and ``collect``, and the test checks the exit
code, that standard error has no traceback and only ``tenncare-calc: error:`` lines, and that with
``--format json`` rows in = rows used + rows rejected.
"""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tenncare_calc.cli import main
from tenncare_calc.cli.input_options import INPUT_COLUMNS
from tenncare_calc.columnar import read_rows

if TYPE_CHECKING:
    from collections.abc import Callable

SAMPLES = Path(__file__).resolve().parent.parent / "tenncare_calc" / "data" / "samples"

#: (command words, sample file, other arguments); a new command that reads a table is one line.
COMMANDS: list[tuple[str, str, tuple[str, ...]]] = [
    ("damages", "damages_2008.csv", ("--year", "2008")),
    ("access timeliness", "access_appointments.csv", ()),
    ("access distance", "access_distances.csv", ()),
    ("nemt lead-time", "nemt_trips.csv", ()),
    ("nemt decision", "nemt_trips.csv", ()),
    ("nemt manifest", "nemt_trips.csv", ()),
    ("member-months", "enrollment_spans_2008.csv", ("--year", "2008")),
    (
        "community-tenure",
        "mental_health_stays_2008.csv",
        ("--year", "2008", "--data-through", "2009-03-31"),
    ),
]
#: Small tables for the commands without a bundled sample.
INLINE = {
    "claims.csv": (
        "claim_id,pricing_method,billed_amount,stop_loss_threshold,service_code,procedure_code,"
        "encounters\nC1,fee_schedule,1200,,99213,59400,2\n"
        "C2,percent_of_billed_charges,95000,80000,0450,59510,0\n"
        "C3,percent_of_billed_charges,80000,80000,0450,99213,0\n"
        "C4,percent_of_billed_charges,400,,A0999,59400,1\n"
    ),
    "nemt_claims.csv": (
        "category,mode\ntrip,nemt_provider\ncar_rental,nemt_provider\nescort,nemt_provider\n"
        "trip,nemt_provider\n"
    ),
    "requests.csv": (
        "requested_at,service_date,notified_at\n2008-10-06 09:00,2008-10-09,2008-10-07 09:00\n"
        "2008-10-06 09:00,2008-10-09,2008-10-07 09:01\n2008-10-06 09:00,2008-10-09,\n"
        "2008-10-07 09:00,2008-10-09,\n"
    ),
    "denials.csv": (
        "member_age,reason,mental_health_service\n15,no_accompanying_adult,yes\n"
        "16,no_accompanying_adult,yes\n12,age,no\n17,other,no\n"
    ),
}
COMMANDS += [
    ("claims percent-of-billed", "claims.csv", ()),
    ("claims global-obstetric", "claims.csv", ("--codes", "59400,59510")),
    ("nemt exclusions", "nemt_claims.csv", ()),
    ("nemt notification", "requests.csv", ()),
    ("nemt minor-denials", "denials.csv", ()),
]
#: Every command (the table checks, member months and community tenure read a CSV column by column,
#: the others row by row: both readers leave out and name the same lines).
ALL_COMMANDS = sorted({words for words, _, _ in COMMANDS})


def _lines(sample: str) -> list[str]:
    text = INLINE.get(sample) or (SAMPLES / sample).read_text(encoding="utf-8")
    return text.splitlines(keepends=True)


def _path(sample: str, folder: Path) -> Path:
    """Return the clean file of ``sample``: bundled, or written into ``folder``."""
    if sample not in INLINE:
        return SAMPLES / sample
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / sample
    path.write_text(INLINE[sample], encoding="utf-8")
    return path


def _bad_rows_in(lines: list[str], *bad: str) -> list[str]:
    """Return the lines with each of ``bad`` inserted after the second data line."""
    return [*lines[:3], *bad, *lines[3:]]


#: Each messy file: name -> (lines from the sample -> bytes, malformed rows added, row count kept).
MESS: dict[str, Callable[[list[str]], bytes]] = {
    "unterminated_quote": lambda lines: "".join(
        _bad_rows_in(lines, lines[1].replace(",", ',"', 1))
    ).encode(),
    "extra_cells": lambda lines: "".join(
        _bad_rows_in(lines, lines[1].rstrip("\r\n") + ",x,y\n")
    ).encode(),
    "missing_cells": lambda lines: "".join(_bad_rows_in(lines, "onlyone\n")).encode(),
    "oversized_cell": lambda lines: "".join(
        _bad_rows_in(lines, "x" * 140_000 + "," + lines[1].split(",", 1)[1])
    ).encode(),
    "latin1_byte": lambda lines: b"".join(
        [line.encode() for line in lines[:3]]
        + [lines[1].replace(",", ",caf\xe9", 1).encode("latin-1")]
        + [line.encode() for line in lines[3:]]
    ),
    "bom_crlf": lambda lines: b"\xef\xbb\xbf" + "".join(lines).replace("\n", "\r\n").encode(),
    "header_only_no_newline": lambda lines: lines[0].rstrip("\n").encode(),
    "blank_line": lambda lines: "".join(_bad_rows_in(lines, "\n")).encode(),
}
#: How many malformed rows each mess adds.
ADDED = {
    "unterminated_quote": 1,
    "extra_cells": 1,
    "missing_cells": 1,
    "oversized_cell": 1,
    "latin1_byte": 1,
    "bom_crlf": 0,
    "header_only_no_newline": 0,
    "blank_line": 1,
}


def cli(*arguments: str) -> tuple[int, str, str]:
    """Run the command line in process; return (exit status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err):
        try:
            status = main(list(arguments), out=out, err=err)
        except SystemExit as exit_:  # argparse
            status = int(exit_.code or 0)
    return status, out.getvalue(), err.getvalue()


def assert_clean_failure(status: int, err: str) -> None:
    """Check a user's mistake: exit 2, only ``tenncare-calc: error:`` lines (argparse's too)."""
    assert status == 2, err
    assert "Traceback" not in err
    lines = err.splitlines()
    errors = [line for line in lines if line.startswith("tenncare-calc: error:")]
    assert errors, err
    assert errors == lines, err


@pytest.fixture(scope="module")
def messy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a folder with every messy version of every sample."""
    folder = tmp_path_factory.mktemp("messy")
    for _, sample, _ in COMMANDS:
        for name, make in MESS.items():
            (folder / f"{name}-{sample}").write_bytes(make(_lines(sample)))
    return folder


def _rows_in(sample: str) -> int:
    return len(_lines(sample)) - 1


def _collect_cases() -> list[object]:
    return [
        pytest.param(words, sample, extra, mess, id=f"{words}-{mess}")
        for words, sample, extra in COMMANDS
        for mess in sorted(MESS)
    ]


@pytest.mark.parametrize(("words", "sample", "extra", "mess"), _collect_cases())
def test_collect_keeps_every_row(
    messy: Path, words: str, sample: str, extra: tuple[str, ...], mess: str
) -> None:
    """--on-error collect: exit 0, and rows in = used + rejected = the sample's rows + the mess."""
    path = messy / f"{mess}-{sample}"
    status, out, err = cli(
        *words.split(), str(path), *extra, "--on-error", "collect", "--format", "json"
    )
    assert "Traceback" not in err
    assert status == 0, err
    data = json.loads(out)
    found = _accounting(data)
    expected = 0 if mess == "header_only_no_newline" else _rows_in(sample) + ADDED[mess]
    assert found["rows_in"] == expected
    assert found["rows_in"] == found["used"] + found["rejected"]
    assert found["rejected"] >= ADDED[mess]


def _accounting(data: dict[str, object]) -> dict[str, int]:
    """Return rows_in, used and rejected from a command's JSON output, whatever its shape."""
    text = json.dumps(data)
    assert '"rows_in"' in text
    rows_in = _find(data, "rows_in")
    rejected = _find(data, "rejected")
    count = len(rejected) if isinstance(rejected, list) else int(rejected)  # type: ignore[arg-type]
    return {"rows_in": int(rows_in), "rejected": count, "used": int(rows_in) - count}  # type: ignore[call-overload]


def _find(data: object, key: str) -> object:
    if isinstance(data, dict):
        if key in data:
            return data[key]
        for value in data.values():
            if (found := _find(value, key)) is not None:
                return found
    return None


@pytest.mark.parametrize(
    "mess", ["unterminated_quote", "extra_cells", "missing_cells", "oversized_cell", "latin1_byte"]
)
@pytest.mark.parametrize("words", ALL_COMMANDS)
def test_raise_names_the_row(messy: Path, words: str, mess: str) -> None:
    """--on-error raise: exit 2, the bad row named by its file line (4), no traceback."""
    sample, extra = next((s, e) for w, s, e in COMMANDS if w == words)
    status, out, err = cli(*words.split(), str(messy / f"{mess}-{sample}"), *extra)
    assert_clean_failure(status, err)
    assert out == ""
    assert f"{mess}-{sample}, line 4" in err


@pytest.mark.parametrize("words", ALL_COMMANDS)
def test_clean_variants_match_the_sample(messy: Path, words: str) -> None:
    """A BOM and CRLF line ends change nothing."""
    sample, extra = next((s, e) for w, s, e in COMMANDS if w == words)
    plain = cli(*words.split(), str(_path(sample, messy)), *extra, "--format", "csv")
    crlf = cli(*words.split(), str(messy / f"bom_crlf-{sample}"), *extra, "--format", "csv")
    assert crlf[0] == plain[0] == 0
    assert crlf[1] == plain[1]


@pytest.mark.parametrize(("words", "sample", "extra"), COMMANDS, ids=[c[0] for c in COMMANDS])
def test_renamed_columns_with_mapping(
    tmp_path: Path, words: str, sample: str, extra: tuple[str, ...]
) -> None:
    """Upper-case column names are refused, and read with --columns as the sample is."""
    lines = _lines(sample)
    header = lines[0].rstrip("\n").split(",")
    path = tmp_path / sample
    path.write_text(",".join(name.upper() for name in header) + "\n" + "".join(lines[1:]))
    status, _, err = cli(*words.split(), str(path), *extra, "--format", "csv")
    assert_clean_failure(status, err)
    mapping = ",".join(f"{name}={name.upper()}" for name in header)
    renamed = cli(*words.split(), str(path), *extra, "--columns", mapping, "--format", "csv")
    plain = cli(*words.split(), str(_path(sample, tmp_path / "clean")), *extra, "--format", "csv")
    assert renamed[0] == plain[0] == 0, renamed[2]
    assert renamed[1] == plain[1]


def test_incentive_rates_name_the_row(tmp_path: Path) -> None:
    """A rates table with a malformed line: exit 2 naming it; the other rows are still read."""
    lines = _lines("rates_2008.csv")
    scalars = ("--measurement-year", "2008", "--member-months", "2164218.75", "--capitation", "1")
    for mess in ("unterminated_quote", "extra_cells", "latin1_byte", "oversized_cell"):
        path = tmp_path / f"{mess}.csv"
        path.write_bytes(MESS[mess](lines))
        status, _, err = cli("incentive", str(path), *scalars)
        assert_clean_failure(status, err)
        assert f"{mess}.csv, line 4: " in err
        assert len(err.splitlines()) == 1, err


def test_columns_file_toml_and_csv(tmp_path: Path) -> None:
    """--columns-file takes a TOML or a CSV mapping; a --columns pair replaces its entry."""
    sample = SAMPLES / "access_distances.csv"
    text = sample.read_text().replace("distance_miles", "MILES", 1)
    path = tmp_path / "d.csv"
    path.write_text(text)
    (tmp_path / "map.toml").write_text('distance_miles = "MILES"\n')
    (tmp_path / "map.csv").write_text("name,column\ndistance_miles,MILES\n")
    plain = cli("access", "distance", str(sample), "--format", "csv")
    for mapping in ("map.toml", "map.csv"):
        got = cli(
            "access",
            "distance",
            str(path),
            "--columns-file",
            str(tmp_path / mapping),
            "--format",
            "csv",
        )
        assert got[:2] == plain[:2], got[2]


def test_unknown_mapped_name_lists_the_valid_names() -> None:
    """--columns with a name the command does not read: exit 2 listing its column names."""
    status, _, err = cli(
        "damages", str(SAMPLES / "damages_2008.csv"), "--year", "2008", "--columns", "itme=item"
    )
    assert_clean_failure(status, err)
    assert "'itme' is not a column of damages" in err
    assert "amount_paid" in err


def test_duplicates_are_rejected_unless_kept(tmp_path: Path) -> None:
    """An exact duplicate observation is rejected as a duplicate of the first, not charged twice."""
    lines = _lines("damages_2008.csv")
    path = tmp_path / "dup.csv"
    path.write_text("".join([*lines, *lines[1:]]))
    base = ("damages", str(path), "--year", "2008", "--part", "totals", "--format", "json")
    status, out, _ = cli(*base, "--on-error", "collect")
    assert status == 0
    assert json.loads(out)[0]["total"] == "117050.00"
    status, out, _ = cli(*base, "--duplicates", "keep", "--on-error", "collect")
    assert status == 0
    assert json.loads(out)[0]["total"] == "154100.00"  # monthly items are refused twice anyway
    status, _, err = cli("damages", str(path), "--year", "2008")
    assert_clean_failure(status, err)
    assert f"dup.csv, line {len(lines) + 1}: an exact duplicate of line 2" in err


def test_fraction_rates_are_refused_then_scaled(tmp_path: Path) -> None:
    """A rates table written as fractions is refused; --rate-scale fraction gives the statement."""
    path = tmp_path / "rates.csv"
    path.write_text("measure,rate,baseline,current,percentile_75\nhba1c_testing,,0.582,0.645,\n")
    args = (
        "incentive",
        str(path),
        "--measurement-year",
        "2008",
        "--member-months",
        "1",
        "--capitation",
        "1",
    )
    status, _, err = cli(*args)
    assert_clean_failure(status, err)
    assert "look like fractions" in err
    assert "--rate-scale fraction" in err


@pytest.mark.parametrize(
    ("text", "rows_in"),
    [
        ('a,b\n1,"2\n3,4\n', 2),  # the quote never closes: line 2 alone, line 3 read again
        ('a,b\n1,"2\n3",4,5\n6,7\n', 3),  # closes on line 3, with too many cells: 2 bad rows
    ],
)
def test_unterminated_quote_is_one_row(tmp_path: Path, text: str, rows_in: int) -> None:
    """A stray quote is one malformed row at its line; the lines after it are read as rows."""
    path = tmp_path / "q.csv"
    path.write_text(text)
    rows = read_rows(path)
    assert rows.malformed[0] == (0, "a quote opened on this line is never closed")
    assert rows.number(0) == 2
    assert rows.malformed_rejections()[0] == (2, "a quote opened on this line is never closed")
    assert len(rows.rows) == rows_in
    last = text.splitlines()[-1].split(",")
    assert rows.rows[-1] == {"a": last[0], "b": last[1]}


def test_quoted_line_break_is_one_row(tmp_path: Path) -> None:
    """A quoted cell with a line break, closed and of the right width, is one row."""
    path = tmp_path / "q.csv"
    path.write_text('a,b\n1,"two\nlines"\n3,4\n')
    rows = read_rows(path)
    assert rows.malformed == ()
    assert [row["b"] for row in rows.rows] == ["two\nlines", "4"]
    assert rows.where(1) == "q.csv, line 4"


def test_excel_dates(tmp_path: Path) -> None:
    """--excel-dates reads serial numbers in the date columns; 60 and below 1 are bad rows."""
    path = tmp_path / "a.csv"
    path.write_text(
        "service_code,requested_at,appointment_at,urgency\n"
        "19,39805,39811,urgent\n19,60,39812,urgent\n"
    )
    status, out, err = cli(
        "access",
        "timeliness",
        str(path),
        "--excel-dates",
        "--on-error",
        "collect",
        "--format",
        "json",
    )
    assert status == 0, err
    data = json.loads(out)
    iso = tmp_path / "iso.csv"
    iso.write_text(
        "service_code,requested_at,appointment_at,urgency\n19,2008-12-23,2008-12-29,urgent\n"
    )
    expected = json.loads(cli("access", "timeliness", str(iso), "--format", "json")[1])
    assert data["findings"][0]["measured"] == expected["findings"][0]["measured"]
    assert data["findings"][0]["outcome"] == expected["findings"][0]["outcome"]
    assert "not an Excel serial date" in data["rejected"][0]["reason"]


def test_input_columns_cover_the_samples() -> None:
    """Every column of a bundled sample is among its command's --columns names."""
    for words, sample, _ in COMMANDS:
        header = _lines(sample)[0].strip().split(",")
        assert set(header) <= set(INPUT_COLUMNS[words]), words


@pytest.mark.parametrize(
    ("name", "content", "needle"),
    [
        ("deep.json", "[" * 100_000 + "]" * 100_000, "nested more than 64 levels"),
        (
            "big.json",
            (
                '[{"service_code": "20", "requested_at": "2008-12-19", "appointment_at": '
                '"2009-01-02", "appointment_id": 100000000000000000000000000000}]'
            ),
            "line 2: appointment_id: the whole number 100000000000000000000000000000 is too large",
        ),
    ],
)
def test_json_beyond_limits(tmp_path: Path, name: str, content: str, needle: str) -> None:
    """Deeply nested JSON, a whole number beyond int64: exit 2 naming it, no traceback."""
    path = tmp_path / name
    path.write_text(content)
    status, _, err = cli("access", "timeliness", str(path))
    assert_clean_failure(status, err)
    assert needle in err


def test_parquet_uint64_id(tmp_path: Path) -> None:
    """A Parquet uint64 id beyond int64 is one rejected row; the other rows are checked."""
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    table = pa.table(
        {
            "appointment_id": pa.array([2**64 - 1, 7], pa.uint64()),
            "service_code": ["20", "20"],
            "requested_at": ["2008-12-19", "2008-12-19"],
            "appointment_at": ["2009-01-02", "2009-01-02"],
        }
    )
    path = tmp_path / "ids.parquet"
    pq.write_table(table, path)
    args = ("access", "timeliness", str(path), "--on-error", "collect", "--format", "json")
    status, out, err = cli(*args)
    assert status == 0, err
    data = json.loads(out)
    assert (data["rows_in"], data["rows_used"]) == (2, 1)
    assert "too large" in data["rejected"][0]["reason"]


#: Cells as exports write them (US dates, thousands commas, a dollar sign), read like single values.
TEXT_FORMS = [
    (
        "access timeliness",
        "service_code,requested_at,appointment_at,urgency\n19,12/23/2008,12/29/2008,urgent\n",
    ),
    ("access distance", 'service_code,distance_miles\n20,"1,030.25"\n'),
    (
        "damages",
        'item,reference,start,end,amount_paid\nunlicensed_staff,L,2008-01-30,2008-02-02,"$5,000.00"\n',
    ),
]


@pytest.mark.parametrize(("words", "text"), TEXT_FORMS, ids=[w for w, _ in TEXT_FORMS])
def test_text_forms_of_exports(tmp_path: Path, words: str, text: str) -> None:
    """m/d/yyyy dates, thousands separators and a leading $ are read (issue 13)."""
    path = tmp_path / "export.csv"
    path.write_text(text)
    extra = ("--year", "2008") if words == "damages" else ()
    status, _, err = cli(*words.split(), str(path), *extra)
    assert status == 0, err


def test_percent_sign_in_rates(tmp_path: Path) -> None:
    """A rate written 58.2% is read as 58.2."""
    lines = _lines("rates_2008.csv")
    path = tmp_path / "rates.csv"
    path.write_text(lines[0] + lines[1].replace("58.2", "58.2%") + "".join(lines[2:]))
    scalars = ("--measurement-year", "2008", "--member-months", "1", "--capitation", "1")
    status, _, err = cli("incentive", str(path), *scalars)
    assert status == 0, err


@pytest.mark.parametrize("on_error", ["raise", "collect"])
def test_program_names_a_malformed_line(tmp_path: Path, on_error: str) -> None:
    """A program table with a stray quote: exit 2 naming its row, under either --on-error."""
    import shutil  # noqa: PLC0415

    folder = tmp_path / "program"
    shutil.copytree(SAMPLES / "program", folder)
    rates = folder / "rates.csv"
    lines = rates.read_text().splitlines(keepends=True)
    rates.write_text("".join([lines[0], lines[1].replace(",", ',"', 1), *lines[2:]]))
    status, out, err = cli("program", str(folder), "--on-error", on_error)
    assert_clean_failure(status, err)
    assert out == ""
    assert "rates.csv, line 2: a quote opened on this line is never closed" in err


def test_program_names_a_bad_rate_by_its_file_line() -> None:
    """A rate the program refuses is named by its line in the rates file, not an internal error.

    The sample's percentages read as fractions (``--rate-scale fraction``) are all over 100.
    """
    status, out, err = cli("program", str(SAMPLES / "program"), "--rate-scale", "fraction")
    assert_clean_failure(status, err)
    assert out == ""
    # line 2 is east's hba1c_testing, baseline 52.0: read as a fraction, 5200 %
    assert "rates.csv, line 2: hba1c_testing: 'baseline' " in err
    assert "must be a percentage in [0, 100]" in err


def test_program_columns_are_the_librarys() -> None:
    """--columns on program names exactly the columns program_run's columns= maps."""
    from tenncare_calc.program.run import _PROGRAM_COLUMNS  # noqa: PLC0415 - the library's list

    assert set(INPUT_COLUMNS["program"]) == set(_PROGRAM_COLUMNS)


def test_program_reads_renamed_columns(tmp_path: Path) -> None:
    """The program folder with its plans renamed, read with --columns: the same result."""
    import shutil  # noqa: PLC0415

    folder = tmp_path / "program"
    shutil.copytree(SAMPLES / "program", folder)
    plans = folder / "plans.csv"
    lines = plans.read_text().splitlines(keepends=True)
    plans.write_text(lines[0].replace("capitation", "CAP_DOLLARS") + "".join(lines[1:]))
    base = ("program", "--part", "program_totals", "--format", "json")
    status, before, err = cli(*base, str(SAMPLES / "program"))
    assert status == 0, err
    status, out, err = cli(*base, str(folder), "--columns", "capitation=CAP_DOLLARS")
    assert status == 0, err
    assert json.loads(out) == json.loads(before)
    status, _, err = cli(*base, str(folder))
    assert_clean_failure(status, err)
