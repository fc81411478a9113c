"""One finding (``compliance.findings.finding``), against the words and figures written out here.

A finding is read by people: its explanation, its flat row, its findings part and its JSON. Each
is compared here whole with text or data built in the test from the finding's own fields (the
numbers shown as plain digits by integer arithmetic, the units made singular by hand), on every
outcome, every sign of the margin, composite findings with nested parts, and cited parameters.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tenncare_calc import default_profile
from tenncare_calc.compliance.findings import CHECKS, Finding, Outcome
from tenncare_calc.compliance.findings.finding import (
    CHECK_COLUMN,
    VERDICT_COLUMNS,
    parameters_part,
)
from tenncare_calc.core.parts import ColumnType

SECTION = "Attachment XI A.5.5.1"  # printed as it is (not a numbered section: no "§")
CHECK = "nemt.trip_manifest"
TITLE = "NEMT trip manifest"


def finding(**fields: Any) -> Finding:
    """Return a not-met trip-manifest finding with ``fields`` replaced."""
    base: dict[str, Any] = {
        "check": CHECK,
        "outcome": Outcome.NOT_MET,
        "standard": "by close of business the day before",
        "sections": (SECTION,),
    }
    return Finding(**(base | fields))


def plain(digits: int, exponent: int) -> str:
    """Return ``digits x 10**exponent`` as plain text without trailing zeros, by integer arithmetic."""
    sign = "-" if digits < 0 else ""
    text = str(abs(digits))
    if exponent >= 0:
        text += "0" * exponent
        return "0" if set(text) == {"0"} else sign + text
    places = -exponent
    text = text.rjust(places + 1, "0")
    whole, fraction = text[:-places], text[-places:].rstrip("0")
    if set(whole + fraction) <= {"0"}:
        return "0"
    return sign + whole + (f".{fraction}" if fraction else "")


def parameter(name: str, *, effective_from: dt.date | None = None) -> Any:
    """Return the shipped profile's parameter ``name``, its term moved to ``effective_from``."""
    value = default_profile().get(name)
    return value if effective_from is None else attrs.evolve(value, effective_from=effective_from)


class TestOutcome:
    """The four outcomes, their names in data and their labels in text."""

    def test_values_are_the_documented_ones(self) -> None:
        """docs/compliance.md names them met, not_met, not_applicable and not_assessed."""
        assert [outcome.value for outcome in Outcome] == [
            "met",
            "not_met",
            "not_applicable",
            "not_assessed",
        ]

    @pytest.mark.parametrize(
        ("outcome", "met", "label"),
        [
            (Outcome.MET, True, "MET"),
            (Outcome.NOT_MET, False, "NOT MET"),
            (Outcome.NOT_APPLICABLE, None, "NOT APPLICABLE"),
            (Outcome.NOT_ASSESSED, None, "NOT ASSESSED"),
        ],
    )
    def test_met_and_label(self, outcome: Outcome, met: bool | None, label: str) -> None:
        """The met flag is three-valued; the heading shows the outcome in capitals, with spaces."""
        found = finding(outcome=outcome)
        assert found.met is met
        assert found.row()["met"] is met
        assert found.to_dict()["met"] is met
        assert found.explain().splitlines()[0] == f"{TITLE}: {label}  [{SECTION}]"

    def test_title_is_the_checks(self) -> None:
        """Every check's finding is titled as the catalogue titles it."""
        for check in CHECKS.values():
            assert finding(check=check.id).title == check.title


class TestNumbersShown:
    """measured, limit and margin are shown as exact plain digits: no exponent, zeros, grouping."""

    @given(
        digits=st.integers(min_value=-(10**45), max_value=10**45),
        exponent=st.integers(min_value=-12, max_value=12),
        padding=st.integers(min_value=0, max_value=6),
    )
    @example(digits=-1, exponent=0, padding=3)  # -1.000
    @example(digits=0, exponent=0, padding=3)  # 0.000
    @example(digits=1234567, exponent=0, padding=0)  # no thousands separators
    @example(digits=10**40 + 1, exponent=-3, padding=0)  # more digits than Python's 28
    @example(digits=25, exponent=2, padding=0)  # 2500, written 2.5E+3
    def test_row_and_dict(self, digits: int, exponent: int, padding: int) -> None:
        """The shown text is the number's own digits, however many trailing zeros it was given."""
        written = Decimal(f"{digits * 10**padding}E{exponent - padding}")  # exact, not rounded
        shown = plain(digits, exponent)
        found = finding(measured=written, limit=written, margin=written, unit="minutes")
        row, data = found.row(), found.to_dict()
        assert (row["measured"], row["limit"], row["margin"]) == (shown, shown, shown)
        assert (data["measured"], data["limit"], data["margin"]) == (shown, shown, shown)

    def test_negative_zero_is_zero(self) -> None:
        """A margin of -0 (or -0.00) is shown as 0, and read as exactly at the limit."""
        for zero in ("-0", "-0.00", "0E+3"):
            found = finding(
                measured=Decimal(5), limit=Decimal(5), margin=Decimal(zero), unit="days"
            )
            assert found.row()["margin"] == "0"
            assert found.explain().splitlines()[-1].endswith(": exactly at the limit")

    def test_missing_figures_are_none(self) -> None:
        """A finding without figures has None for each, in the row and the JSON."""
        found = finding()
        for shown in (found.row(), found.to_dict()):
            assert (shown["measured"], shown["limit"], shown["margin"]) == (None, None, None)


class TestComparison:
    """The line that compares the figures: room to spare, the shortfall, or exactly at the line."""

    @pytest.mark.parametrize(
        ("measured", "limit", "margin", "unit"),
        [
            ("4", "3", "-1", "business days"),
            ("1", "3", "2", "business days"),
            ("31", "30", "-1", "miles"),
            ("1", "30", "29", "miles"),
            ("1.0", "1.00", "0", "hours"),
            ("1", "2", "1", "percent"),
            ("5", "3", "-2", ""),
            ("1", "2", "-1", ""),
        ],
    )
    def test_units_read_in_the_singular_for_exactly_one(
        self, measured: str, limit: str, margin: str, unit: str
    ) -> None:
        """1 business day, 1 mile, 1 hour; 2 business days, 30 miles; a unit without s is kept."""

        def amount(text: str) -> str:
            shown = f"{abs(Decimal(text)).normalize():f}"
            if not unit:
                return shown
            if shown == "1" and unit.endswith("s"):
                return f"{shown} {unit[:-1]}"
            return f"{shown} {unit}"

        found = finding(
            measured=Decimal(measured), limit=Decimal(limit), margin=Decimal(margin), unit=unit
        )
        if Decimal(margin) > 0:
            how = f"{amount(margin)} to spare"
        elif Decimal(margin) < 0:
            how = f"short by {amount(margin)}"
        else:
            how = "exactly at the limit"
        expected = f"measured {amount(measured)} against a limit of {amount(limit)}: {how}"
        assert found.explain().splitlines()[-1] == f"  {expected}"

    def test_by_hand(self) -> None:
        """A few lines written out in full."""
        cases = [
            (
                ("4", "3", "-1", "business days"),
                (
                    "measured 4 business days against a limit of 3 "
                    "business days: short by 1 business day"
                ),
            ),
            (
                ("1", "30", "29", "miles"),
                "measured 1 mile against a limit of 30 miles: 29 miles to spare",
            ),
            (
                ("31", "30", "-1", "miles"),
                "measured 31 miles against a limit of 30 miles: short by 1 mile",
            ),
            (("5", "3", "-2", ""), "measured 5 against a limit of 3: short by 2"),
            (
                ("2", "1", "-1", "percent"),
                "measured 2 percent against a limit of 1 percent: short by 1 percent",
            ),
            (
                ("1.50", "1.5", "0.00", "hours"),
                "measured 1.5 hours against a limit of 1.5 hours: exactly at the limit",
            ),
        ]
        for (measured, limit, margin, unit), line in cases:
            found = finding(
                measured=Decimal(measured), limit=Decimal(limit), margin=Decimal(margin), unit=unit
            )
            assert found.explain().splitlines()[-1] == f"  {line}"

    @given(margin=st.decimals(min_value=-2, max_value=2, places=4, allow_nan=False))
    @example(margin=Decimal("0.0001"))
    @example(margin=Decimal("-0.0001"))
    @example(margin=Decimal("0.5"))
    @example(margin=Decimal("-0.5"))
    @example(margin=Decimal(1))
    @example(margin=Decimal(-1))
    @example(margin=Decimal(0))
    def test_sign_of_the_margin(self, margin: Decimal) -> None:
        """Above 0 is room to spare, below 0 the shortfall, 0 exactly at the limit (met)."""
        found = finding(measured=Decimal(30), limit=Decimal(30), margin=margin, unit="minutes")
        last = found.explain().splitlines()[-1]
        size = plain(int(abs(margin).scaleb(4)), -4)
        unit = "minute" if size == "1" else "minutes"
        if margin > 0:
            assert last.endswith(f": {size} {unit} to spare")
        elif margin < 0:
            assert last.endswith(f": short by {size} {unit}")
        else:
            assert last.endswith(": exactly at the limit")

    @pytest.mark.parametrize("missing", ["measured", "limit", "margin"])
    def test_no_line_without_all_three_figures(self, missing: str) -> None:
        """Without any one of measured, limit and margin there is no comparison line."""
        figures = {"measured": Decimal(4), "limit": Decimal(3), "margin": Decimal(-1)}
        found = finding(**(figures | {missing: None}), unit="days")
        assert found.explain().splitlines() == [
            f"{TITLE}: NOT MET  [{SECTION}]",
            "  standard: by close of business the day before",
        ]


def composite() -> Finding:
    """Return a fixed-route finding with two parts, the first with a part of its own."""
    walk = Finding(
        check="nemt.fixed_route.walk_distance",
        outcome=Outcome.MET,
        standard="at most 0.5 miles",
        sections=("Attachment XI A.4.3.2.4.1",),
        measured=Decimal("0.25"),
        limit=Decimal("0.50"),
        margin=Decimal("0.25"),
        unit="miles",
        subject=(("leg", "to"), ("outcome", "shadowed")),
        parts=(
            Finding(
                check="nemt.fixed_route.physician_statement",
                outcome=Outcome.NOT_ASSESSED,
                standard="a physician's statement",
                sections=("Attachment XI A.4.3.2.5",),
                subject=(("stop", "S1"),),
                note="not given",
            ),
        ),
    )
    transfers = Finding(
        check="nemt.fixed_route.transfers",
        outcome=Outcome.NOT_MET,
        standard="at most 1 transfer",
        sections=("Attachment XI A.4.3.2.4.2",),
        measured=Decimal(3),
        limit=Decimal(1),
        margin=Decimal(-2),
        unit="transfers",
        subject=(("leg", "from"),),
        parameters=(parameter("compliance.finding_amounts"),),
    )
    return Finding(
        check="nemt.fixed_route",
        outcome=Outcome.NOT_MET,
        standard="every test of fixed-route appropriateness",
        sections=("Attachment XI A.4.3.2.4", "Attachment XI A.4.3.2.5"),
        subject=(("trip", "T9"),),
        steps=("walk 0.25 miles", "transfers 3"),
        note="one test not met",
        parts=(walk, transfers),
        parameters=(parameter("compliance.finding_amounts"),),
    )


class TestExplain:
    """The explanation: heading, what was checked, standard, steps, figures, note, parts, parameters."""

    def test_composite_whole(self) -> None:
        """Each part is explained under its parent, two spaces further in; parameters last."""
        found = composite()
        provenance = parameter("compliance.finding_amounts").provenance()
        assert found.explain().splitlines() == [
            "Fixed route appropriateness: NOT MET  [Attachment XI A.4.3.2.4; Attachment XI A.4.3.2.5]",
            "  trip: T9",
            "  standard: every test of fixed-route appropriateness",
            "  walk 0.25 miles",
            "  transfers 3",
            "  note: one test not met",
            "  Fixed route: walk to or from a stop: MET  [Attachment XI A.4.3.2.4.1]",
            "    leg: to; outcome: shadowed",
            "    standard: at most 0.5 miles",
            "    measured 0.25 miles against a limit of 0.5 miles: 0.25 miles to spare",
            "    Fixed route: physician's written statement: NOT ASSESSED  [Attachment XI A.4.3.2.5]",
            "      stop: S1",
            "      standard: a physician's statement",
            "      note: not given",
            "  Fixed route: transfers per leg: NOT MET  [Attachment XI A.4.3.2.4.2]",
            "    leg: from",
            "    standard: at most 1 transfer",
            "    measured 3 transfers against a limit of 1 transfer: short by 2 transfers",
            f"    parameter: {provenance}",
            f"  parameter: {provenance}",
        ]

    def test_empty_note_is_not_shown(self) -> None:
        """An empty note adds no line."""
        assert finding(note="").explain() == finding().explain()
        assert finding().explain().splitlines() == [
            f"{TITLE}: NOT MET  [{SECTION}]",
            "  standard: by close of business the day before",
        ]


class TestRow:
    """One finding alone as a flat dict: its fields, then what was checked, then the note."""

    def test_keys_and_values(self) -> None:
        """The subject's names go after the section and before the note; a fixed name stays."""
        found = composite().parts[0]
        row = found.row()
        assert list(row.items()) == [
            ("check", "nemt.fixed_route.walk_distance"),
            ("title", "Fixed route: walk to or from a stop"),
            ("outcome", "met"),
            ("met", True),
            ("standard", "at most 0.5 miles"),
            ("measured", "0.25"),
            ("limit", "0.5"),
            ("margin", "0.25"),
            ("unit", "miles"),
            ("section", "Attachment XI A.4.3.2.4.1"),
            ("leg", "to"),
            ("note", None),
        ]

    def test_first_of_a_repeated_name_is_kept(self) -> None:
        """A subject naming the same thing twice keeps the first value."""
        found = finding(subject=(("trip", "T1"), ("trip", "T2")), note="late")
        assert found.row()["trip"] == "T1"
        assert list(found.row())[-2:] == ["trip", "note"]
        assert found.row()["note"] == "late"

    def test_rows_are_this_finding_and_its_parts(self) -> None:
        """rows() gives one row per finding of a composite, depth first."""
        checks = [row["check"] for row in composite().rows()]
        assert checks == [
            "nemt.fixed_route",
            "nemt.fixed_route.walk_distance",
            "nemt.fixed_route.physician_statement",
            "nemt.fixed_route.transfers",
        ]


class TestFlattened:
    """A composite finding and its parts, depth first."""

    def test_depth_first(self) -> None:
        """Parent, then each part followed by its own parts."""
        found = composite()
        walk, transfers = found.parts
        assert found.flattened() == (found, walk, walk.parts[0], transfers)
        assert transfers.flattened() == (transfers,)


#: The verdict columns, as reviewed against docs/compliance.md: name, type, shown in brief, words.
VERDICT = [
    (
        "outcome",
        ColumnType.TEXT,
        True,
        (
            "met, not_met, not_applicable (the standard does not apply) or not_assessed "
            "(a standard applies but the source does not state it)"
        ),
    ),
    (
        "met",
        ColumnType.BOOL,
        False,
        "true when met, false when not met, empty when not applicable or not assessed",
    ),
    ("standard", ColumnType.TEXT, False, "the standard applied, in words"),
    ("measured", ColumnType.NUMBER, True, "the figure compared, in the unit"),
    ("limit", ColumnType.NUMBER, True, "the standard's limit, in the unit"),
    (
        "margin",
        ColumnType.NUMBER,
        True,
        (
            "room to spare (positive) or the shortfall (negative), in the unit; 0 is exactly at "
            "the limit, which meets the standard"
        ),
    ),
    ("unit", ColumnType.TEXT, True, "the unit of measured, limit and margin"),
    ("section", ColumnType.TEXT, False, "the clauses cited"),
]


class TestFindingsPart:
    """The findings part of a finding: a row for it and each part, every subject name a column."""

    def test_columns(self) -> None:
        """check, title, the subject names (first seen first, fixed names left out), verdict, note."""
        table = composite().table("findings")
        described = [
            (column.name, column.type, column.brief, column.description) for column in table.columns
        ]
        assert described == [
            ("check", ColumnType.TEXT, False, "the check's id"),
            ("title", ColumnType.TEXT, True, "the check's title"),
            ("trip", ColumnType.TEXT, True, "what was checked"),
            ("leg", ColumnType.TEXT, True, "what was checked"),
            ("stop", ColumnType.TEXT, True, "what was checked"),
            *VERDICT,
            ("note", ColumnType.TEXT, False, "why, where it needs saying"),
        ]
        assert [c.name for c in VERDICT_COLUMNS] == [name for name, *_ in VERDICT]
        assert CHECK_COLUMN.name == "check"

    def test_rows(self) -> None:
        """Each cell: what was checked (None where a finding does not say), trimmed figures."""
        table = composite().table("findings")
        walk_cited = "Attachment XI A.4.3.2.4.1"
        assert table.title == (
            "Fixed route appropriateness (Attachment XI A.4.3.2.4; Attachment XI A.4.3.2.5)"
        )
        assert [list(row) for row in table.rows] == [
            [
                "nemt.fixed_route",
                "Fixed route appropriateness",
                "T9",
                None,
                None,
                "not_met",
                False,
                "every test of fixed-route appropriateness",
                None,
                None,
                None,
                "",
                "Attachment XI A.4.3.2.4; Attachment XI A.4.3.2.5",
                "one test not met",
            ],
            [
                "nemt.fixed_route.walk_distance",
                "Fixed route: walk to or from a stop",
                None,
                "to",
                None,
                "met",
                True,
                "at most 0.5 miles",
                Decimal("0.25"),
                Decimal("0.5"),
                Decimal("0.25"),
                "miles",
                walk_cited,
                None,
            ],
            [
                "nemt.fixed_route.physician_statement",
                "Fixed route: physician's written statement",
                None,
                None,
                "S1",
                "not_assessed",
                None,
                "a physician's statement",
                None,
                None,
                None,
                "",
                "Attachment XI A.4.3.2.5",
                "not given",
            ],
            [
                "nemt.fixed_route.transfers",
                "Fixed route: transfers per leg",
                None,
                "from",
                None,
                "not_met",
                False,
                "at most 1 transfer",
                Decimal(3),
                Decimal(1),
                Decimal(-2),
                "transfers",
                "Attachment XI A.4.3.2.4.2",
                None,
            ],
        ]
        limit = table.rows[1][9]
        assert str(limit) == "0.5"  # trimmed: written 0.50

    def test_a_subject_named_as_a_fixed_column_is_not_a_column(self) -> None:
        """What was checked, named check, title, note or a verdict column, adds no column."""
        fixed = ("check", "title", "note", "outcome", "margin", "section")
        found = finding(subject=(*((name, "shadow") for name in fixed), ("trip", "T1")), note="n")
        table = found.table("findings")
        names = [column.name for column in table.columns]
        assert names == ["check", "title", "trip", *(name for name, *_ in VERDICT), "note"]
        assert table.rows[0][:3] == (CHECK, TITLE, "T1")
        assert table.rows[0][-1] == "n"

    def test_figures_trimmed_to_their_digits(self) -> None:
        """A figure written 30.000 or 3E+1 is the number 30 in the part, with no exponent."""
        found = finding(
            measured=Decimal("30.000"), limit=Decimal("3E+1"), margin=Decimal("-0.250"), unit="m"
        )
        row = found.table("findings").rows[0]
        assert [str(cell) for cell in row[5:8]] == ["30", "30", "-0.25"]

    def test_parts_are_findings_and_parameters(self) -> None:
        """Two parts: the findings and the parameters cited (each once, all findings')."""
        found = composite()
        assert [table.name for table in found.tables()] == ["findings", "parameters"]
        parameters = found.table("parameters")
        assert [row[0] for row in parameters.rows] == ["compliance.finding_amounts"]
        assert finding().table("parameters").rows == ()


class TestParametersPart:
    """The parameters cited: each (name, term) once, in the order first used."""

    def test_once_each_in_order(self) -> None:
        """A repeated parameter is listed once; a later term of the same name is its own row."""
        amounts = parameter("compliance.finding_amounts")
        later = parameter("compliance.finding_amounts", effective_from=dt.date(2030, 1, 1))
        cap = parameter("p4p.cap_percent")
        part = parameters_part([amounts, cap, amounts, later, cap, later])
        assert part.name == "parameters"
        assert [(row[0], row[4]) for row in part.rows] == [
            ("compliance.finding_amounts", amounts.effective_from),
            ("p4p.cap_percent", cap.effective_from),
            ("compliance.finding_amounts", dt.date(2030, 1, 1)),
        ]

    def test_of_a_finding_and_its_parts(self) -> None:
        """A finding's parameters part holds its parts' parameters too, first used first."""
        cap = parameter("p4p.cap_percent")
        amounts = parameter("compliance.finding_amounts")
        part = finding(parameters=(amounts,))
        found = finding(parameters=(cap,), parts=(part, part))
        assert [row[0] for row in found.table("parameters").rows] == [
            "p4p.cap_percent",
            "compliance.finding_amounts",
        ]


class TestToDict:
    """The finding as JSON-ready data, its parts nested and its parameters cited."""

    def test_whole(self) -> None:
        """Every field, Decimals as plain text, parts as their own data."""
        found = composite()
        amounts = parameter("compliance.finding_amounts").to_dict()
        walk, transfers = found.parts
        statement = walk.parts[0]
        data = found.to_dict()
        assert json.loads(json.dumps(data)) == data
        assert data == {
            "check": "nemt.fixed_route",
            "title": "Fixed route appropriateness",
            "outcome": "not_met",
            "met": False,
            "standard": "every test of fixed-route appropriateness",
            "sections": ["Attachment XI A.4.3.2.4", "Attachment XI A.4.3.2.5"],
            "measured": None,
            "limit": None,
            "margin": None,
            "unit": "",
            "subject": {"trip": "T9"},
            "steps": ["walk 0.25 miles", "transfers 3"],
            "note": "one test not met",
            "parts": [walk.to_dict(), transfers.to_dict()],
            "parameters": [amounts],
        }
        assert data["parts"][0] == {
            "check": "nemt.fixed_route.walk_distance",
            "title": "Fixed route: walk to or from a stop",
            "outcome": "met",
            "met": True,
            "standard": "at most 0.5 miles",
            "sections": ["Attachment XI A.4.3.2.4.1"],
            "measured": "0.25",
            "limit": "0.5",
            "margin": "0.25",
            "unit": "miles",
            "subject": {"leg": "to", "outcome": "shadowed"},
            "steps": [],
            "note": None,
            "parts": [statement.to_dict()],
            "parameters": [],
        }
        assert data["parts"][0]["parts"][0]["note"] == "not given"
        assert data["parts"][1]["parameters"] == [amounts]
        assert data["parts"][1]["margin"] == "-2"
