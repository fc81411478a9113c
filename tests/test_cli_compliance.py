"""The compliance commands (`access`, `nemt`): their figures, formats and bad input.

Bad input and a missing extra are checked as a user meets them, in a subprocess (each command
once); the bundled samples' figures and the output formats through :func:`tenncare_calc.cli.main`
in this process, which is the same code without the interpreter's start-up (docs/cli.md runs the
documented examples in subprocesses too). The expected figures are worked by hand: e.g. the second
appointment, requested Friday 2008-12-19 for Monday 2009-01-05, is 17 calendar days against 14, a
margin of -3.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tenncare_calc.cli import main
from tests.test_cli import SAMPLES, assert_bad_input, run

APPOINTMENTS = str(SAMPLES / "access_appointments.csv")
DISTANCES = str(SAMPLES / "access_distances.csv")
TRIPS = str(SAMPLES / "nemt_trips.csv")


def call(*arguments: str) -> subprocess.CompletedProcess[str]:
    """Run the command line in this process and return what a subprocess run would."""
    out, err = io.StringIO(), io.StringIO()
    code = main(list(arguments), out=out, err=err)
    return subprocess.CompletedProcess(arguments, code, out.getvalue(), err.getvalue())


def findings_of(result: subprocess.CompletedProcess[str]) -> list[dict[str, object]]:
    """Return the findings of a successful ``--format json`` run."""
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    data = json.loads(result.stdout)
    assert data["rows_in"] == data["rows_used"] + len(data["rejected"])
    findings: list[dict[str, object]] = data["findings"]
    return findings


class TestSamples:
    """Each command over its bundled sample gives the figures worked by hand."""

    def test_access_timeliness(self) -> None:
        """Eight appointments: calendar days, business days, hours (minutes), rows by file line."""
        findings = findings_of(call("access", "timeliness", APPOINTMENTS, "--format", "json"))
        assert [f["row"] for f in findings] == list(range(2, 10))
        assert [(f["outcome"], f["margin"], f["unit"]) for f in findings] == [
            ("met", "0", "calendar days"),  # 2008-12-19 to 2009-01-02: 14 days
            ("not_met", "-3", "calendar days"),  # to 2009-01-05: 17 days
            ("met", "0", "business days"),  # urgent: 12-24, 12-26, 12-29 (Christmas skipped)
            ("not_met", "-1", "business days"),
            ("not_met", "-15", "minutes"),  # detoxification emergency: 4 h 15 min against 4 h
            ("met", "720", "minutes"),  # voluntary admission: 12 h against 24 h
            ("met", "3", "calendar days"),  # case management: 4 days against 7
            ("not_met", "-30", "minutes"),  # code 41: 4 h 30 min from referral against 4 h
        ]

    def test_access_distance_as_csv(self) -> None:
        """Every outcome, exact miles; CSV is the findings part."""
        result = call("access", "distance", DISTANCES, "--format", "csv")
        assert result.returncode == 0, result.stderr
        rows = list(csv.DictReader(io.StringIO(result.stdout)))
        assert [(r["row"], r["outcome"], r["margin"]) for r in rows] == [
            ("2", "met", "0"),
            ("3", "not_met", "-0.25"),
            ("4", "not_applicable", ""),  # rural, under a rural exception
            ("5", "not_met", "-20"),  # H1: no rural exception for children
            ("6", "not_assessed", ""),  # Attachment III is not in the source
            ("7", "not_applicable", ""),  # case management: not subject to access standards
            ("8", "met", ""),  # beyond 60 miles, prior approved
            ("9", "met", "0.1"),
        ]

    @pytest.mark.parametrize(
        ("command", "expected"),
        [
            (
                "lead-time",
                [
                    ("met", "6960"),  # 119 h ahead, accommodated
                    ("not_met", "30"),  # 3 h 30 min ahead (urban), not accommodated
                    ("not_applicable", "-120"),  # 2 h ahead, non-urban: need not be
                    ("not_assessed", "-60"),  # urgent: exempt
                    ("met", "2340"),
                    ("met", "9750"),
                ],
            ),
            (
                "decision",
                [
                    ("met", "1080"),
                    ("met", "180"),  # before the pick-up 3 h 30 min after the request
                    ("met", "30"),
                    ("met", "115"),
                    ("not_met", "-120"),  # 26 h against 24 h
                    ("met", "0"),  # exactly 24 h
                ],
            ),
            (
                "manifest",
                [
                    ("met", "60"),
                    ("not_met", "-1035"),  # same-day trips miss the day-before deadline
                    ("not_met", "-1180"),
                    ("not_met", "-910"),
                    ("not_met", "-20"),  # 17:20 against a 17:00 close of business
                    ("met", "0"),
                ],
            ),
        ],
    )
    def test_nemt(self, command: str, expected: list[tuple[str, str]]) -> None:
        """One trips file serves the three NEMT commands; each reads its own columns."""
        findings = findings_of(call("nemt", command, TRIPS, "--format", "json"))
        assert [(f["outcome"], f["margin"]) for f in findings] == expected


class TestFormats:
    """The table, text, Markdown and workbook forms of the same findings."""

    def test_table_is_the_default(self) -> None:
        """The summary, the findings (brief) and the parameters; no rejected rows, no empty part."""
        result = call("nemt", "decision", TRIPS)
        assert result.returncode == 0, result.stderr
        lines = result.stdout.splitlines()
        assert lines[0] == "NEMT decision time (Attachment XI A.5.1.3)"
        assert "rows in         6" in lines
        assert "not met         1" in lines
        line6 = next(line for line in lines if line.startswith("  6  "))
        assert line6.split() == ["6", "yes", "not_met", "1,560", "1,440", "-120", "minutes"]
        assert "rows rejected   0" in lines
        assert "Rejected input rows" not in lines  # an empty part is left out, as for every batch
        assert any(line.startswith("nemt.decision_hours") for line in lines)

    def test_text_markdown_and_output(self, tmp_path: Path) -> None:
        """--format text explains; --format markdown to a file writes every part."""
        text = call("access", "distance", DISTANCES, "--format", "text")
        assert text.returncode == 0, text.stderr
        assert text.stdout.startswith("Distance to service: 8 findings  [Attachment V]\n")
        assert "    row 3: within 30 miles of the residence; margin -0.25 miles" in text.stdout
        target = tmp_path / "findings.md"
        written = call("nemt", "lead-time", TRIPS, "--format", "markdown", "-o", str(target))
        assert (written.returncode, written.stdout) == (0, "")
        page = target.read_text("utf-8")
        assert "**Findings: NEMT request lead time**" in page
        assert "| 3 | nemt.request_lead_time | urban | no |  | no | not_met | no |" in page.replace(
            "—", ""
        )

    def test_xlsx(self, tmp_path: Path) -> None:
        """--format xlsx: one sheet per part; the counts are formulas over the findings sheet."""
        openpyxl = pytest.importorskip("openpyxl")
        target = tmp_path / "findings.xlsx"
        result = call("access", "timeliness", APPOINTMENTS, "--format", "xlsx", "-o", str(target))
        assert result.returncode == 0, result.stderr
        book = openpyxl.load_workbook(target)
        assert book.sheetnames == ["Summary", "Findings", "Rejected", "Parameters"]
        assert book["Summary"]["B9"].value == "=COUNTIF('Findings'!$F$3:$F$10, \"not_met\")"
        assert [book["Findings"].cell(row, 1).value for row in range(3, 11)] == list(range(2, 10))


#: For each command, a file with good and bad rows, and the lines its errors must show.
BAD_FILES = {
    ("access", "timeliness"): (
        (
            "service_code,requested_at,appointment_at,urgency\n"
            "20,2008-12-19,2009-01-02,routine\n"
            "99,2008-12-19,2009-01-05,routine\n"
            "19,2008-12-23,2008-12-22,urgent\n"
            "41,2008-12-23,2008-12-23,routine\n"
            "20,2008-12-19,2009-01-02,soon\n"
        ),
        [
            "bad.csv, line 3: service code '99' is not in Attachment V",
            "bad.csv, line 4: appointment_at 2008-12-22 is before requested_at 2008-12-23",
            "bad.csv, line 5: the standard is in hours but requested_at 2008-12-23 or",
            "bad.csv, line 6: urgency 'soon' is not one of routine, urgent, emergency",
            "4 of 5 rows cannot be used; fix them, or use --on-error collect",
        ],
    ),
    ("access", "distance"): (
        "service_code,distance_miles,rural\n20,3,no\n88,10,no\n20,-3,no\n20,far,no\n23,70,maybe\n",
        [
            (
                "bad.csv, line 3: service code '88' is listed in Attachment V for the Provider "
                "Enrollment File only"
            ),
            "bad.csv, line 4: distance_miles must be >= 0 (got -3)",
            "bad.csv, line 5: distance_miles 'far' is not a number",
            "bad.csv, line 6: rural 'maybe' is not a yes/no value",
        ],
    ),
    ("nemt", "lead-time"): (
        (
            "requested_at,pickup_at,urban,accommodated,exemption\n"
            "2008-10-06 09:00,2008-10-06 13:00,yes,yes,\n"
            "2008-10-06,2008-10-06 13:00,yes,yes,\n"
            "2008-10-06 14:00,2008-10-06 13:00,yes,yes,\n"
            "2008-10-06 09:00,2008-10-06 13:00,yes,yes,vip\n"
            "2008-10-06 09:00,2008-10-06 13:00,,yes,\n"
        ),
        [
            "bad.csv, line 3: requested_at 2008-10-06 has no time of day",
            "bad.csv, line 4: pickup_at 2008-10-06 13:00 is before requested_at 2008-10-06 14:00",
            "bad.csv, line 5: exemption 'vip' is not one of urgent, provider_change, follow_up",
            "bad.csv, line 6: urban is null",
        ],
    ),
    ("nemt", "decision"): (
        (
            "requested_at,decided_at\n"
            "2008-10-06 09:00,2008-10-06 08:00\n"
            "2008-10-06 09:00,tomorrow\n"
            "2008-06-06 09:00,2008-06-06 10:00\n"
            "2008-10-06 09:00,2008-10-06 10:00\n"
        ),
        [
            "bad.csv, line 2: decided_at 2008-10-06 08:00 is before requested_at 2008-10-06 09:00",
            "bad.csv, line 3: decided_at 'tomorrow' is not a date or time",
            (
                "bad.csv, line 4: requested_at 2008-06-06 09:00 is outside the term of "
                "nemt.decision_hours (from 2008-09-01)"
            ),
        ],
    ),
    ("nemt", "manifest"): (
        (
            "sent_at,service_date,close_of_business\n"
            "2008-10-05 16:00,2008-10-06,5pm\n"
            "2008-10-05 16:00,2008-02-30,17:00\n"
            "2008-10-05,2008-10-06,17:00\n"
            "2008-10-05 16:00,2008-10-06,17:00\n"
        ),
        [
            "bad.csv, line 2: close_of_business '5pm' is not a time of day (expected HH:MM",
            "bad.csv, line 3: service_date '2008-02-30' is not a date (expected YYYY-MM-DD or M/D/YYYY)",
            "bad.csv, line 4: sent_at 2008-10-05 has no time of day",
        ],
    ),
}


class TestBadInput:
    """Bad rows exit 2, each named by file and row; never a traceback."""

    @pytest.mark.parametrize("words", list(BAD_FILES), ids=" ".join)
    def test_every_bad_row_is_named(self, words: tuple[str, str], tmp_path: Path) -> None:
        """Every bad row's line is on standard error, and nothing on standard output."""
        content, needles = BAD_FILES[words]
        path = tmp_path / "bad.csv"
        path.write_text(content, encoding="utf-8")
        result = run(*words, str(path))
        assert_bad_input(result, *needles)
        named = [line for line in result.stderr.splitlines() if ", line " in line]
        assert len(named) == len(needles) - ("cannot be used" in needles[-1])

    def test_collect_checks_the_other_rows(self, tmp_path: Path) -> None:
        """--on-error collect: exit 0; the rejected part numbers rows as the errors do."""
        content, _ = BAD_FILES["access", "timeliness"]
        path = tmp_path / "bad.csv"
        path.write_text(content, encoding="utf-8")
        result = call(
            "access", "timeliness", str(path), "--on-error", "collect", "--format", "json"
        )
        assert result.returncode == 0, result.stderr
        data = json.loads(result.stdout)
        assert [f["row"] for f in data["findings"]] == [2]
        assert [r["row"] for r in data["rejected"]] == [3, 4, 5, 6]
        assert data["rejected"][0]["reason"] == "service code '99' is not in Attachment V"

    def test_wrong_columns_and_options(self, tmp_path: Path) -> None:
        """A missing column names the file and the columns it has; a bad --on is explained."""
        path = tmp_path / "distances.csv"
        path.write_text("service_code,distance\n20,3\n", encoding="utf-8")
        assert_bad_input(
            call("access", "distance", str(path)),
            "distances.csv: 'distances' lacks the required column 'distance_miles' "
            "(it has: 'service_code', 'distance')",
        )
        assert_bad_input(
            call("access", "distance", DISTANCES, "--on", "June"),
            "--on must be a date written YYYY-MM-DD or M/D/YYYY (month first), such as 2008-01-05 "
            "or 1/5/2008 (got 'June')",
        )

    def test_carry(self) -> None:
        """--carry copies ids into the findings (repeated or comma-separated); a bad name is exit 2."""
        findings = findings_of(
            call("nemt", "manifest", TRIPS, "--carry", "trip_id,urban", "--carry", "exemption",
                 "--format", "json")
        )  # fmt: skip
        assert [(f["row"], f["trip_id"], f["urban"]) for f in findings][:2] == [
            (2, "T001", "yes"),
            (3, "T002", "yes"),
        ]
        assert list(findings[0])[:5] == ["row", "trip_id", "urban", "exemption", "check"]
        assert_bad_input(
            call("nemt", "manifest", TRIPS, "--carry", "sent_at"),
            "carry: 'sent_at' is read by the check itself",
        )

    def test_holidays(self, tmp_path: Path) -> None:
        """--holidays replaces the Tennessee calendar for business days; a bad file is exit 2."""
        calendar = tmp_path / "closures.toml"
        calendar.write_text(
            '[calendar]\nid = "closures"\ntitle = "Closures"\n\n'
            '[[date]]\ndate = 2008-12-29\nname = "Office closure"\n',
            encoding="utf-8",
        )
        default = findings_of(call("access", "timeliness", APPOINTMENTS, "--format", "json"))
        closures = findings_of(
            call("access", "timeliness", APPOINTMENTS, "--holidays", str(calendar),
                 "--format", "json")
        )  # fmt: skip
        # Row 3 (urgent, requested 2008-12-23, seen 2008-12-29): with Christmas a holiday the
        # third business day is 12-29, met; with only 12-29 closed it is 12-26, not met.
        assert (default[2]["outcome"], closures[2]["outcome"]) == ("met", "not_met")
        assert [f["outcome"] for f in default[4:]] == [f["outcome"] for f in closures[4:]]
        assert_bad_input(
            call("access", "timeliness", APPOINTMENTS, "--holidays", str(tmp_path / "none.toml")),
            "cannot read holiday calendar",
        )

    def test_without_the_data_extra(self) -> None:
        """Without pyarrow the commands say which extra to install (exit 2, no traceback)."""
        code = (
            "import sys\n"
            "sys.modules['pyarrow'] = None  # as if not installed: importing it fails\n"
            "from tenncare_calc.cli import main\n"
            f"sys.exit(main(['nemt', 'decision', {TRIPS!r}]))\n"
        )
        result = subprocess.run(  # noqa: S603 - the interpreter running the tests, fixed code
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
        assert_bad_input(
            result,
            "tenncare-calc: error: the nemt command needs the optional package 'pyarrow', which "
            "is not installed; install it with: pip install 'tenncare-calc[data]'",
        )


def test_json_and_parquet_inputs(tmp_path: Path) -> None:
    """The same trips as a JSON list and as Parquet give the same findings as the CSV."""
    rows = list(csv.DictReader(io.StringIO(Path(TRIPS).read_text("utf-8"))))
    records = [{key: (value or None) for key, value in row.items()} for row in rows]
    json_path = tmp_path / "trips.json"
    json_path.write_text(json.dumps(records), encoding="utf-8")
    parquet = pytest.importorskip("pyarrow.parquet")
    pyarrow = pytest.importorskip("pyarrow")
    parquet_path = tmp_path / "trips.parquet"
    parquet.write_table(pyarrow.Table.from_pylist(records), parquet_path)
    expected = findings_of(call("nemt", "manifest", TRIPS, "--format", "json"))
    for path in (json_path, parquet_path):
        assert findings_of(call("nemt", "manifest", str(path), "--format", "json")) == expected
