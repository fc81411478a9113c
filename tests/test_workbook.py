"""Tests of the Excel workbooks: reopened, every formula recomputed by independent engines."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pytest

import tenncare_calc as tc
from tenncare_calc.columnar import read_columns
from tenncare_calc.core.parts import Column, ColumnType, Table
from tenncare_calc.core.presentable import Presentable
from tenncare_calc.demo import demo
from tenncare_calc.outputs import workbook
from tenncare_calc.outputs.workbook import WorkbookCell, WorkbookLayout, layout
from tenncare_calc.p4p import sample_path, statement_from_file

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

openpyxl = pytest.importorskip("openpyxl")

SPANS = read_columns(sample_path("enrollment_spans_2008.csv")).data
NOT_REPORTED: dict[str, object] = {
    "hba1c_control": None,
    "ldl_c_screening": None,
    "adolescent_well_care": None,
    "breast_cancer_screening": None,
    "controlling_high_blood_pressure": None,
}
NO_BEHAVIORAL: dict[str, object] = {
    "antidepressant_medication_management": None,
    "adhd_follow_up": None,
}


def one_measure(
    member_months: str, capitation: str, other: str = "0", profile: Any = None
) -> tc.IncentiveStatement:
    """Return a statement where HbA1c testing qualifies and nothing else is reported."""
    return tc.incentive_statement(
        2008,
        member_months=member_months,
        physical_health={"hba1c_testing": (50, 60), **NOT_REPORTED},
        behavioral_health=NO_BEHAVIORAL,
        capitation=capitation,
        other_payments=other,
        profile=profile,
    )


def worked_example(other_payments: str) -> tc.IncentiveStatement:
    """Return the docs/p4p.md worked example (four qualifying measures of $102,375.19)."""
    return tc.incentive_statement(
        2008,
        member_months="3412506.25",
        physical_health={
            "hba1c_testing": (58.2, 64.5),
            "hba1c_control": (47.3, 41.0),
            "ldl_c_screening": (71.5, 73.9),
            "adolescent_well_care": (38.0, 43.99),
            "breast_cancer_screening": None,
            "controlling_high_blood_pressure": (60.0, 65.0),
        },
        behavioral_health={
            "antidepressant_medication_management": {
                "acute": (52.4, 51.3),
                "continuation": (35.7, 35.7),
            },
            "adhd_follow_up": {"initiation": (38.1, 43.9), "continuation": (52.0, 51.6)},
        },
        community_tenure=(81.4, 82.3),
        capitation="780000000.00",
        other_payments=other_payments,
    )


def timeliness_findings() -> Presentable:
    """Return findings of appointments: met, not met at and past the line, two rows rejected."""
    return tc.access_timeliness_table(
        {
            "service_code": ["19", "19", "41", "99", "20"],
            "requested_at": ["2008-12-23", "2008-12-23", "2008-12-23 09:00", "2008-12-23", "x"],
            "appointment_at": [
                "2008-12-29", "2008-12-30", "2008-12-23 13:30", "2008-12-24", "2009-01-02",
            ],
            "urgency": ["urgent", "urgent", "routine", "routine", "routine"],
        },
        on_error="collect",
    )  # fmt: skip


def distance_findings() -> Presentable:
    """Return distance findings with every outcome (not applicable, not assessed, met, not met)."""
    return tc.access_distance_table(
        {
            "service_code": ["20", "20", "23", "85", "H1"],
            "distance_miles": ["30", "30.25", "75", "5", "120"],
            "rural": [False, False, True, False, True],
        }
    )


def priced_findings() -> Presentable:
    """Return priced findings: half-cent ties (3 x $1.035, float 3.10499...) and an unpriced check."""
    requested = dt.datetime(2008, 10, 6, 9)  # noqa: DTZ001 - NEMT times are local wall-clock times
    late = [
        tc.decision_time(requested_at=requested, decided_at=requested + dt.timedelta(hours=h))
        for h in (25, 26, 30)
    ]
    manifest = tc.trip_manifest(
        sent_at=dt.datetime(2008, 10, 5, 17, 20),  # noqa: DTZ001 - local wall-clock time
        service_date=dt.date(2008, 10, 6),
        close_of_business=dt.time(17, 0),
    )
    amounts = {"nemt.decision_time": "1.035", "nemt.trip_manifest": "0.005"}
    profile = tc.load_profile(overrides={"compliance.finding_amounts": amounts})
    return tc.price_findings([*late, manifest, manifest, timeliness_findings()], profile=profile)


def provider_profiles() -> Presentable:
    """Return provider profiles with an over and an under outlier and a category too small."""
    services = {
        "provider_id": ["p1"] * 30 + ["p2"] * 10 + ["p3"] * 11 + ["p4"] * 9 + ["p5", "p1"],
        "service_category": ["office"] * 61 + ["lab"],
    }
    months = {"provider_id": ["p1", "p2", "p3", "p4", "p5"], "member_months": [1000] * 5}
    return tc.provider_profiles(services, months)


def no_utilization() -> Presentable:
    """Return a no-utilization report with rejected rows in both inputs."""
    return tc.no_utilization_report(
        {
            "member_id": [1, 2, 3, 4],
            "start_date": ["2007-01-01", "2008-01-02", "2007-01-01", "2007-13-01"],
            "end_date": [None, None, None, None],
        },
        {"member_id": [2, None], "service_date": ["2008-06-30", "2008-07-01"]},
        report_date=dt.date(2008, 12, 31),
        on_error="collect",
    )


#: Results whose workbooks are recomputed; each id says what edge it covers.
CASES: dict[str, Callable[[], Presentable]] = {
    "sample": lambda: statement_from_file(sample_path("plan_year_2008.toml")),
    "worked example": lambda: worked_example("2500000.00"),
    "cap binds": lambda: worked_example("38800000.00"),
    # 0.03 x 1,234,567.5 = 37,037.025 exactly: a half cent, which must round up (M3)
    "half cent": lambda: one_measure("1234567.5", "1000000000"),
    # other payments beyond the ceiling: the room is negative, nothing is payable
    "room negative": lambda: one_measure("1000000", "1000000.00", "50000.01"),
    # ceiling 1,050.21 - 1,000.20 = 50.01 exactly, which float holds as 50.00999...
    "room in cents": lambda: one_measure("1000000", "1000.20"),
    # a what-if PMPM with a tenth of a cent: 0.035 x 1,000,001 = 35,000.035 -> 35,000.04
    "what-if PMPM": lambda: one_measure(
        "1000001", "900000000", profile=tc.load_profile(overrides={"p4p.pmpm_amount": "0.035"})
    ),
    # compliance results: counts as COUNTIF/COUNT over the sheets, priced lines as formulas
    "timeliness findings": timeliness_findings,
    "distance findings": distance_findings,
    "nothing checked": lambda: tc.trip_manifest_table(
        {"sent_at": ["soon"], "service_date": ["2008-10-06"], "close_of_business": ["17:00"]},
        on_error="collect",
    ),
    "priced findings": priced_findings,
    "monthly sample": lambda: tc.sample_enrollees(range(1, 41), seed="2008-10"),
    "no-utilization report": no_utilization,
    "provider profiles": provider_profiles,
}


#: Stays with a readmission, a repeating-decimal rate (plan a: 2 of 3 not readmitted) and a plan
#: whose only index episode is incomplete (plan c: its rate is undefined, an empty cell).
STAYS = {
    "member_id": [1, 1, 2, 3, 4],
    "admit_date": ["2008-03-01", "2008-03-20", "2008-04-01", "2008-05-01", "2008-12-20"],
    "discharge_date": ["2008-03-05", "2008-03-22", "2008-04-03", "2008-05-02", "2008-12-30"],
    "plan": ["a", "a", "a", "b", "c"],
}


PIA = "provider_information_accuracy"

#: Other results whose workbooks are recomputed: ledgers, assessments, member months, community
#: tenure and the demo; each id says what it covers.
RESULTS = {
    # every rule kind, a reduction (MIN), a waiver (0), a tier as a stored value; payments one cent
    # over the maximum liability: headroom -0.01, not within (the demo has the sample unchecked)
    "damages sample over the maximum": lambda: tc.damages.ledger_from_csv(
        sample_path("damages_2008.csv"), 2008, total_payments="1573838036.01"
    ),
    # A.2 with a fraction of a cent paid: 5,000 x 10 + 12,345.675 = 62,345.675 -> 62,345.68 (M3);
    # per-element information accuracy lowered element by element: min(25,000, 5,000) + 5,000
    "damages half cent and per element": lambda: tc.damages.damages_ledger(
        2008,
        [
            {
                "item": "unlicensed_staff",
                "start": "2008-03-01",
                "end": "2008-03-10",
                "amount_paid": "12345.675",
            },
            {
                "item": PIA,
                "quarter": "2008-Q2",
                "corrective_action_plan": "yes",
                "incorrect_percent_by_element": "address=35; phone=12; fax=3",
            },
            {
                "item": PIA,
                "quarter": "2008-Q3",
                "waived": "yes",
                "incorrect_percent_by_element": "address=31",
            },
        ],
        per_element=True,
        total_payments="1000000",
    ),
    "damages none": lambda: tc.damages.damages_ledger(2008, []),
    "assessment per day": lambda: tc.damages.unlicensed_staff(
        dt.date(2008, 2, 28), dt.date(2008, 3, 1), "0.005"
    ),
    "assessment worst element lowered": lambda: tc.damages.provider_information_accuracy(
        {"address": 35, "phone": 12}, corrective_action_plan=True
    ),
    "member months prorated": lambda: tc.member_months(SPANS, year=2008),
    "member months any day": lambda: tc.member_months(SPANS, year=2008, convention="any_day"),
    "community tenure": lambda: tc.community_tenure(
        STAYS, year=2008, data_through=dt.date(2009, 1, 15)
    ),
    "demo": demo,
}


def agrees(cell: WorkbookCell, got: object) -> bool:
    """Return whether a recomputed value equals the library's: to under a tenth of a cent."""
    expected = cell.value
    if expected is None:  # a formula that leaves its cell empty (an unpriced line)
        return got in {None, ""}
    if isinstance(expected, bool):
        return bool(got) is expected
    if isinstance(expected, int | Decimal):
        if isinstance(got, bool) or not isinstance(got, int | float):
            return False
        return abs(Decimal(repr(float(got))) - Decimal(expected)) < Decimal("0.001")
    return got == expected


def check_every_formula(
    book: WorkbookLayout, path: Path, values: dict[tuple[str, str], object]
) -> None:
    """Check each formula cell of the file against the library, and that none is unchecked.

    ``values`` maps (sheet name in lower case, cell address) to the recomputed value.
    """
    written = openpyxl.load_workbook(path)
    in_file = {
        (sheet.title, cell.coordinate)
        for sheet in written.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f"
    }
    expected = {(cell.sheet, cell.address): cell for cell in book.formula_cells()}
    assert in_file == set(expected)
    wrong = {
        where: (cell.formula, cell.value, values.get((where[0].lower(), where[1])))
        for where, cell in expected.items()
        if not agrees(cell, values.get((where[0].lower(), where[1])))
    }
    assert wrong == {}


def formulas_values(path: Path) -> dict[tuple[str, str], object]:
    """Return every cell value of the workbook as recomputed by the ``formulas`` engine."""
    formulas = pytest.importorskip("formulas")
    solution = formulas.ExcelModel().loads(str(path)).finish().calculate()
    values: dict[tuple[str, str], object] = {}
    for key, ranges in solution.items():
        book_sheet, _, address = key.rpartition("!")
        sheet = book_sheet.strip("'").split("]", 1)[1]
        value = ranges.value[0][0]
        values[sheet.lower(), address] = value.item() if hasattr(value, "item") else value
    return values


ALL_CASES: dict[str, Any] = {**CASES, **RESULTS}


@pytest.mark.parametrize("case", list(ALL_CASES))
def test_formulas_engine_recomputes_every_formula(case: str, tmp_path: Path) -> None:
    """Every live formula, recomputed by the formulas engine, equals the library to the cent."""
    result = ALL_CASES[case]()
    path = result.to_excel(tmp_path / "result.xlsx")
    book = layout(result)
    assert book.formula_cells()
    check_every_formula(book, path, formulas_values(path))


def test_the_half_cent_case_is_a_real_tie() -> None:
    """The half-cent case's line really is half a cent before rounding, and rounds up."""
    statement = CASES["half cent"]()
    assert statement.line_amount == Decimal("37037.03")
    assert Decimal("0.03") * Decimal("1234567.5") == Decimal("37037.025")


def libreoffice_values(paths: list[Path], tmp_path: Path) -> list[dict[tuple[str, str], object]]:
    """Return each workbook's values after LibreOffice (headless) opens, recalculates and saves it.

    All workbooks go through one soffice run; its own user profile tells it to recalculate every
    formula on load (Excel and ODF files alike), never to trust values cached in a file.
    """
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice is not None
    profile = tmp_path / "lo-profile"
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<oor:items xmlns:oor="http://openoffice.org/2001/registry">\n'
        + "".join(
            '<item oor:path="/org.openoffice.Office.Calc/Formula/Load">'
            f'<prop oor:name="{name}" oor:op="fuse"><value>0</value></prop></item>\n'
            for name in ("OOXMLRecalcMode", "ODFRecalcMode")
        )
        + "</oor:items>\n",
        encoding="utf-8",
    )
    out = tmp_path / "recalculated"
    subprocess.run(  # noqa: S603 - soffice found on PATH, fixed arguments
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            str(out),
            *map(str, paths),
        ],
        check=True,
        capture_output=True,
        timeout=300,
        env={**os.environ, "HOME": str(tmp_path)},
    )
    found = []
    for path in paths:
        book = openpyxl.load_workbook(out / path.name, data_only=True)
        found.append(
            {
                (sheet.title.lower(), cell.coordinate): cell.value
                for sheet in book.worksheets
                for row in sheet.iter_rows()
                for cell in row
            }
        )
    return found


@pytest.mark.skipif(
    shutil.which("soffice") is None and shutil.which("libreoffice") is None,
    reason="LibreOffice (soffice) is not installed",
)
def test_libreoffice_recalculates_the_same_values(tmp_path: Path) -> None:
    """LibreOffice, headless, opens each workbook, recalculates and gets the library's values."""
    results = [make() for make in ALL_CASES.values()]
    paths = [r.to_excel(tmp_path / f"case{n}.xlsx") for n, r in enumerate(results)]
    for result, path, values in zip(
        results, paths, libreoffice_values(paths, tmp_path), strict=True
    ):
        check_every_formula(layout(result), path, values)


class TestLayout:
    """What the workbook holds besides formulas: typed values, formats, one sheet per part."""

    def test_sheets_numbers_and_formats(self, tmp_path: Path) -> None:
        """Numbers are numbers with currency and rate formats; dates are dates."""
        statement = CASES["sample"]()
        book = openpyxl.load_workbook(statement.to_excel(tmp_path / "s.xlsx"))
        assert book.sheetnames == [
            "Summary", "Measures", "Rates", "Cap", "Model parameters", "Effect size bands",
            "Parameters",
        ]  # fmt: skip
        measures = book["Measures"]
        assert measures["A1"].value == "Measures (§3.10.2-§3.10.4)"
        assert [cell.value for cell in measures[2]][:3] == ["#", "measure", "title"]
        # rates show up to the profile's p4p.shown_rate_decimals (6) places
        assert measures["F3"].number_format == '0.0#####"%"'
        reported = book["Rates"]["D3"]  # an input: the baseline as reported, a number
        assert (reported.value, reported.data_type, reported.number_format) == (
            58.2, "n", '0.0#####"%"'
        )  # fmt: skip
        assert measures["L3"].value == "=IF(K3, 'Summary'!$B$7, 0)"
        assert measures["L3"].number_format.startswith('"$"#,##0.00')
        summary = book["Summary"]
        assert summary["A5"].value == "member months"
        assert summary["B5"].value == Decimal("2164218.75") or summary["B5"].value == 2164218.75
        assert summary["B12"].is_date
        # a year has no thousands separator (not 2,008); the PMPM amount is the parameter's cell
        assert (summary["B3"].value, summary["B3"].number_format) == (2008, "0")
        assert summary["B6"].value == "='Model parameters'!$B$3"
        assert summary["B9"].value == "=SUM('Measures'!$L$3:$L$11)"
        cap = book["Cap"]
        assert cap["B8"].value == "=INT(ROUND(($B$7-$B$4-$B$5)*100, 6))/100"

    def test_findings_sheets(self, tmp_path: Path) -> None:
        """Findings: counts as formulas; figures as numbers; a rejected value is escaped text."""
        findings = timeliness_findings()
        book = openpyxl.load_workbook(findings.to_excel(tmp_path / "f.xlsx"))
        assert book.sheetnames == ["Summary", "Findings", "Rejected", "Parameters"]
        summary = book["Summary"]
        assert summary["A8"].value == "met"
        assert summary["B8"].value == "=COUNTIF('Findings'!$F$3:$F$5, \"met\")"
        assert summary["B6"].value == "=COUNT('Findings'!$A$3:$A$5)"  # rows used
        assert summary["B5"].value == "=$B$6+$B$7"  # rows in = used + rejected
        sheet = book["Findings"]
        assert [cell.value for cell in sheet[2]][8:11] == ["measured", "limit", "margin"]
        assert (sheet["K4"].value, sheet["K4"].data_type) == (-1, "n")
        assert sheet["G3"].value is True  # met, a boolean
        rejected = book["Rejected"]
        assert rejected["B4"].value == (
            "requested_at 'x' is not a date or time (expected YYYY-MM-DD or M/D/YYYY (month first), such as 2008-01-05 or 1/5/2008, with HH:MM[:SS] for a time)"
        )
        manifests = tc.trip_manifest_table(
            {"sent_at": ["2008-10-05 16:00"], "service_date": ["2008-10-06"],
             "close_of_business": ["17:00"]}
        )  # fmt: skip
        sheet = openpyxl.load_workbook(manifests.to_excel(tmp_path / "m.xlsx"))["Findings"]
        assert sheet["C3"].is_date

    def test_print_setup(self, tmp_path: Path) -> None:
        """Every sheet prints landscape, one page wide, its title and headings on every page."""
        book = openpyxl.load_workbook(RESULTS["damages sample over the maximum"]().to_excel(
            tmp_path / "l.xlsx"
        ))  # fmt: skip
        for sheet in book.worksheets:
            setup = sheet.page_setup
            assert (setup.orientation, setup.fitToWidth, setup.fitToHeight) == ("landscape", 1, 0)
            assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
            assert sheet.print_title_rows == "$1:$2"

    @pytest.mark.parametrize("case", ["sample", "demo"])
    def test_the_same_result_writes_the_same_bytes(self, case: str, tmp_path: Path) -> None:
        """Two writes of one result are byte-identical: the document timestamps are fixed."""
        result = ALL_CASES[case]()
        first = result.to_excel(tmp_path / "first.xlsx").read_bytes()
        second = result.to_excel(tmp_path / "second.xlsx").read_bytes()
        assert first == second
        created = openpyxl.load_workbook(tmp_path / "first.xlsx").properties.created
        assert created == workbook.FIXED_TIMESTAMP

    def test_an_unwritable_path_is_a_clear_error(self, tmp_path: Path) -> None:
        """A workbook path in a folder that does not exist is the library's error, not OSError."""
        with pytest.raises(tc.InvalidInputError, match="cannot write the workbook"):
            CASES["sample"]().to_excel(tmp_path / "missing" / "s.xlsx")

    def test_wrong_path(self, tmp_path: Path) -> None:
        """A workbook path must end in .xlsx."""
        with pytest.raises(tc.InvalidInputError, match=r"must end in \.xlsx"):
            CASES["sample"]().to_excel(tmp_path / "s.csv")


class Hostile(Presentable):
    """A result whose text cells all try formula injection."""

    __slots__ = ()
    TEXTS = ("=1+2", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", '=HYPERLINK("http://x.invalid","y")')

    def tables(self) -> tuple[Table, ...]:
        """Return one part with hostile text in a column and in a heading."""
        columns = (Column("=note", ColumnType.TEXT), Column("amount", ColumnType.MONEY))
        rows = tuple((text, Decimal(-5)) for text in self.TEXTS)
        return (Table("hostile", "=title", columns, rows),)


def test_no_text_cell_starts_a_formula(tmp_path: Path) -> None:
    """Hostile text is stored escaped with a leading apostrophe; negative money stays a number."""
    book = openpyxl.load_workbook(Hostile().to_excel(tmp_path / "h.xlsx"))
    sheet = book["Hostile"]
    texts = [cell.value for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert not [text for text in texts if text[0] in "=+-@\t\r"]
    # XML stores a carriage return as a line feed; either way the apostrophe comes first
    stored = [sheet.cell(row, 1).value for row in range(3, 10)]
    assert stored == [f"'{text}".replace("\r", "\n") for text in Hostile.TEXTS]
    assert (sheet["A1"].value, sheet["A2"].value) == ("'=title", "'=note")
    assert sheet["B3"].value == -5


def test_hostile_measure_title_through_a_profile(tmp_path: Path) -> None:
    """A measure title from a user's profile that looks like a formula is escaped end to end."""
    profile = tc.default_profile()
    records = profile.to_dict()["parameters"]["p4p.measures"]["versions"][0]["value"]
    records[0]["title"] = "=cmd|' /C calc'!A0"
    inline = (
        "["
        + ", ".join(
            "{" + ", ".join(f"{key} = {_toml(value)}" for key, value in record.items()) + "}"
            for record in records
        )
        + "]"
    )
    hostile = profile.with_overrides({"p4p.measures": inline})
    statement = tc.incentive_statement(
        2008,
        member_months=1000,
        physical_health={"hba1c_testing": (50, 60), **NOT_REPORTED},
        behavioral_health=NO_BEHAVIORAL,
        capitation=10**9,
        profile=hostile,
    )
    assert "\n1,hba1c_testing,'=cmd|' /C calc'!A0," in statement.to_csv()
    book = openpyxl.load_workbook(statement.to_excel(tmp_path / "t.xlsx"))
    assert book["Measures"]["C3"].value == "'=cmd|' /C calc'!A0"


def _toml(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_toml(item) for item in value) + "]"
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


class Rows(Presentable):
    """A result of one part with a given number of rows."""

    __slots__ = ("count",)

    def __init__(self, count: int) -> None:
        self.count = count

    def tables(self) -> tuple[Table, ...]:
        """Return one part of ``count`` numbered rows."""
        rows = tuple((number,) for number in range(self.count))
        return (Table("numbers", "Numbers", (Column("n", ColumnType.COUNT),), rows),)


@pytest.mark.parametrize("over", [-1, 0, 1])
def test_a_part_longer_than_a_sheet_is_refused(
    over: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A part that fills the sheet to its last row is written; one row more is a clear error.

    The sheet's size is made small for the test (Excel's is 1,048,576 rows).
    """
    monkeypatch.setattr(workbook, "SHEET_ROWS", 10)
    room = 10 - workbook.FIRST_ROW + 1
    result = Rows(room + over)
    if over > 0:
        with pytest.raises(tc.InvalidInputError, match=r"'numbers' has 9 rows, more than the 8"):
            result.to_excel(tmp_path / "n.xlsx")
        assert not (tmp_path / "n.xlsx").exists()
    else:
        sheet = openpyxl.load_workbook(result.to_excel(tmp_path / "n.xlsx"))["Numbers"]
        assert sheet.max_row == workbook.FIRST_ROW + room + over - 1
