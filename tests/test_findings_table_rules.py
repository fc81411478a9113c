"""The findings of a batch check (``compliance.findings.table``), against the counts done here.

A :class:`FindingsTable` is built here from columns written in the test (through the one path
every batch check takes: :func:`read_with_carried`, rows rejected, :func:`findings_from_columns`),
so each outcome, section and shortfall is known before it is read; counts, distinct texts, the
not-met rows, the parts, the JSON, the workbook formulas and the explanation are compared whole
with what the test counts itself (plain Python over the lists it gave).
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from decimal import Decimal
from typing import Any

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tenncare_calc import (
    InvalidInputError,
    InvalidTypeError,
    MissingDependencyError,
    default_profile,
)
from tenncare_calc.columnar import Column, ColumnKind
from tenncare_calc.compliance.findings import (
    FindingsTable,
    carried_columns,
    findings_from_columns,
    read_with_carried,
)
from tenncare_calc.core.parts import ColumnType

CHECK = "access.distance"
TITLE = "Distance to service"
OUTCOMES = ("met", "not_met", "not_applicable", "not_assessed")
INPUTS = (Column("code", ColumnKind.LABEL),)


def build(
    outcomes: list[str],
    *,
    bad: list[bool] | None = None,
    sections: list[str] | None = None,
    carry: str | tuple[str, ...] = (),
    dictionary: bool = True,
    chunks: int = 1,
    parameters: tuple[Any, ...] = (),
    figures_as_text: bool = False,
) -> FindingsTable:
    """Return findings of ``outcomes`` (one per row kept), with the rows ``bad`` rejected first.

    ``bad`` marks input rows rejected (their outcome is not used); each kept row's margin is minus
    its input position, its unit miles and its standard ``within 30 miles``; the figures are
    decimal numbers, or with ``figures_as_text`` decimal text with two places (``"-1.00"``).
    """
    bad = bad or [False] * len(outcomes)
    size = len(outcomes)
    data = {
        "code": [f"c{i}" for i in range(size)],
        "trip": [f"T{i}" for i in range(size)],
        "member": [f"M{i}" for i in range(size)],
    }
    read = read_with_carried(data, INPUTS, name="rows", carry=carry)
    checked = read.reject(np.array(bad, dtype=bool), "code {code!s} is bad").check(
        on_error="collect"
    )
    kept = [i for i, rejected in enumerate(bad) if not rejected]
    sections = sections or ["Attachment V"] * len(outcomes)

    def texts(values: list[str]) -> Any:
        array = pa.array(values, pa.large_string())
        if dictionary:
            array = array.dictionary_encode()
        if chunks == 1 or not values:
            return array
        step = max(1, -(-len(values) // chunks))
        return pa.chunked_array([array[i : i + step] for i in range(0, len(values), step)])

    def figures(values: list[Decimal]) -> Any:
        if figures_as_text:
            return pa.array([f"{value:.2f}" for value in values], pa.large_string())
        return pa.array(values, pa.decimal128(10, 2))

    used = [outcomes[i] for i in kept]
    columns = {
        "outcome": texts(used),
        "met": pa.array([{"met": True, "not_met": False}.get(o) for o in used], pa.bool_()),
        "standard": lambda: pa.array(["within 30 miles"] * len(kept), pa.large_string()),
        "measured": figures([Decimal(30 + i) for i in kept]),
        "limit": figures([Decimal(30)] * len(kept)),
        "margin": figures([Decimal(-i) for i in kept]),
        "unit": pa.array(["miles"] * len(kept), pa.large_string()),
        "section": texts([sections[i] for i in kept]),
    }
    return findings_from_columns(CHECK, checked, columns, parameters, carry=carry)


OUTCOME_LISTS = st.lists(st.sampled_from(OUTCOMES), max_size=30)


class TestCounts:
    """How many findings have each outcome, whichever way the column is stored."""

    @given(
        outcomes=OUTCOME_LISTS,
        dictionary=st.booleans(),
        chunks=st.integers(min_value=1, max_value=4),
    )
    @example(outcomes=[], dictionary=True, chunks=1)
    @example(outcomes=["not_met"] * 3 + ["met"], dictionary=True, chunks=2)
    def test_counts(self, outcomes: list[str], dictionary: bool, chunks: int) -> None:
        """Every outcome listed, zeros included, in the documented order."""
        found = build(outcomes, dictionary=dictionary, chunks=chunks)
        tally = Counter(outcomes)
        assert list(found.counts().items()) == [(outcome, tally[outcome]) for outcome in OUTCOMES]
        assert len(found) == found.rows_used == len(outcomes)

    @given(
        picks=st.lists(st.integers(min_value=0, max_value=11), max_size=40),
        dictionary=st.booleans(),
        chunks=st.integers(min_value=1, max_value=3),
    )
    @example(picks=list(range(12)) * 2 + [3], dictionary=True, chunks=1)  # more than 8 texts
    @example(picks=[0, 1, 2, 3, 4, 5, 6, 7, 7], dictionary=True, chunks=1)  # exactly 8
    def test_texts(self, picks: list[int], dictionary: bool, chunks: int) -> None:
        """The distinct values of a column, however many there are (a few or many texts)."""
        sections = [f"Attachment V {index}" for index in picks]
        found = build(["met"] * len(picks), sections=sections, dictionary=dictionary, chunks=chunks)
        assert found.texts("section") == set(sections)

    def test_texts_leave_out_a_text_no_row_holds(self) -> None:
        """A dictionary's text that no row points at is not a value of the column."""
        outcome = pa.DictionaryArray.from_arrays(
            pa.array([0, 0], pa.int32()), pa.array(["met", "not_met"], pa.large_string())
        )
        found = findings_from_columns(
            CHECK,
            read_with_carried({"code": ["a", "b"]}, INPUTS, name="rows").check(on_error="collect"),
            {"outcome": outcome},
            (),
        )
        assert found.texts("outcome") == {"met"}
        assert found.counts() == {"met": 2, "not_met": 0, "not_applicable": 0, "not_assessed": 0}

    def test_counts_with_a_null_outcome_column(self) -> None:
        """A text column with nulls is counted by value (the nulls as None)."""
        checked = read_with_carried({"code": ["a", "b", "c"]}, INPUTS, name="rows").check(
            on_error="collect"
        )
        section = pa.array(["S1", None, "S1"], pa.large_string()).dictionary_encode()
        found = findings_from_columns(CHECK, checked, {"section": section}, ())
        assert found.texts("section") == {"S1", None}


class TestNotMet:
    """The not-met findings as rows, the first ``limit`` of them."""

    @given(outcomes=OUTCOME_LISTS, limit=st.one_of(st.none(), st.integers(0, 5)))
    def test_first_limit(self, outcomes: list[str], limit: int | None) -> None:
        """The rows whose outcome is not_met, in input order, cut at ``limit``."""
        found = build(outcomes)
        rows = [i for i, outcome in enumerate(outcomes) if outcome == "not_met"]
        expected = rows if limit is None else rows[:limit]
        got = found.not_met(limit=limit)
        assert [row["row"] for row in got] == expected
        assert [row["margin"] for row in got] == [str(-i) for i in expected]
        assert found.not_met() == found.not_met(limit=None)

    def test_as_rows_gives_them(self) -> None:
        """Each not-met row is the row rows() gives, figures written as text read as numbers."""
        found = build(["not_met", "met", "not_met"], figures_as_text=True, carry="trip")
        rows = found.rows()
        assert found.not_met() == [row for row in rows if row["outcome"] == "not_met"]
        assert [row["margin"] for row in found.not_met()] == ["0", "-2"]


class TestExplain:
    """The explanation: counts by outcome, row accounting, the first shortfalls, parameters."""

    def test_whole(self) -> None:
        """Each line written out, with the carried id beside each row number."""
        amounts = default_profile().get("compliance.finding_amounts")
        outcomes = ["not_met", "met", "not_met", "not_applicable", "not_met", "not_met"]
        found = build(
            outcomes,
            bad=[False, False, True, False, False, False],
            sections=["Attachment V"] * 5 + ["Attachment V B"],
            carry="trip",
            parameters=(amounts,),
        )
        assert found.explain(limit=2).splitlines() == [
            f"{TITLE}: 5 findings  [Attachment V; Attachment V B]",
            "  Rows: 6 in = 5 used + 1 rejected",
            "    row 2: code c2 is bad",
            "  met: 1",
            "  not met: 3",
            "  not applicable: 1",
            "  not assessed: 0",
            "    row 0 (trip T0): within 30 miles; margin 0 miles",
            "    row 4 (trip T4): within 30 miles; margin -4 miles",
            "    ... and 1 more not met",
            f"  parameter: {amounts.provenance()}",
        ]

    def test_at_the_limit_and_without_carried(self) -> None:
        """No "more" line when every shortfall is shown; a row without carried ids is its number."""
        found = build(["not_met", "not_met"])
        assert found.explain(limit=2).splitlines()[-2:] == [
            "    row 0: within 30 miles; margin 0 miles",
            "    row 1: within 30 miles; margin -1 miles",
        ]
        assert found.explain(limit=1).splitlines()[-1] == "    ... and 1 more not met"

    def test_several_carried(self) -> None:
        """Each carried id is named beside the row number, in the order carried."""
        found = build(["met", "not_met"], carry=("trip", "member"))
        assert found.explain().splitlines()[-1] == (
            "    row 1 (trip T1, member M1): within 30 miles; margin -1 miles"
        )

    def test_default_limit_is_five(self) -> None:
        """Five shortfalls are shown by default."""
        found = build(["not_met"] * 7)
        lines = found.explain().splitlines()
        assert [line for line in lines if line.startswith("    row")] == [
            f"    row {i}: within 30 miles; margin {-i if i else 0} miles" for i in range(5)
        ]
        assert lines[-1] == "    ... and 2 more not met"

    def test_thousands(self) -> None:
        """Counts of a thousand or more are shown grouped."""
        found = build(["met"] * 1200 + ["not_met"] * 1003)
        lines = found.explain(limit=0).splitlines()
        assert lines[0] == f"{TITLE}: 2,203 findings  [Attachment V]"
        assert "  met: 1,200" in lines
        assert lines[-1] == "    ... and 1,003 more not met"

    def test_sections_of_no_rows_are_the_checks(self) -> None:
        """With no findings, the sections cited are the check's own."""
        found = build([])
        assert found.explain().splitlines()[0] == f"{TITLE}: 0 findings  [Attachment V]"
        assert found.summary().sections == ("Attachment V",)


class TestParts:
    """The four parts, the summary built from the counts, and the JSON."""

    def test_parts_and_summary(self) -> None:
        """summary, findings, rejected, parameters; the summary counts what the test counts."""
        outcomes = ["met", "not_met", "met", "not_assessed"]
        found = build(outcomes, bad=[False, False, True, False])
        assert [table.name for table in found.tables()] == [
            "summary",
            "findings",
            "rejected",
            "parameters",
        ]
        summary = found.summary()
        assert (summary.check, summary.rows_in, summary.rows_used) == (CHECK, 4, 3)
        assert summary.counts == {"met": 1, "not_met": 1, "not_applicable": 0, "not_assessed": 1}
        assert summary.sections == ("Attachment V",)
        assert summary.rejected.to_pylist() == [{"row": 2, "reason": "code c2 is bad"}]
        assert found.table().name == "findings"
        assert found.table("summary").rows == summary.table("summary").rows
        assert found.table("rejected").rows == ((2, "code c2 is bad"),)

    def test_findings_part(self) -> None:
        """The findings part: titled, its columns described as every findings part's are."""
        found = build(["met", "not_met"], carry="trip")
        part = found.table("findings")
        assert (part.name, part.title) == ("findings", f"Findings: {TITLE}")
        described = {c.name: (c.type, c.brief, c.grouping) for c in part.columns}
        assert described["row"] == (ColumnType.COUNT, True, False)
        assert described["check"] == (ColumnType.TEXT, False, True)
        assert described["met"] == (ColumnType.BOOL, False, True)
        assert described["margin"] == (ColumnType.NUMBER, True, True)
        assert [c.name for c in part.columns][:3] == ["row", "trip", "check"]
        assert [row["trip"] for row in found.rows()] == ["T0", "T1"]
        assert found.not_met()[0]["trip"] == "T1"

    def test_service_type_is_a_detail_column(self) -> None:
        """A service type, when a check writes one, is left out of the brief table."""
        checked = read_with_carried({"code": ["a"]}, INPUTS, name="rows").check(on_error="collect")
        found = findings_from_columns(
            CHECK, checked, {"service_type": pa.array(["x"]), "outcome": pa.array(["met"])}, ()
        )
        column = next(c for c in found.table("findings").columns if c.name == "service_type")
        assert (column.type, column.brief) == (ColumnType.TEXT, False)
        assert column.description == "the Attachment V service type of the code"
        for column in found.table("findings").columns:
            if column.name == "row":
                assert column.description == (
                    "the input row checked: its line in the file (header = line 1) on the "
                    "command line, its 0-based position for rows given in Python"
                )

    def test_to_dict(self) -> None:
        """The summary's fields, the findings after the counts, then the rest, JSON-ready."""
        found = build(["met", "not_met"], bad=[False, False])
        data = found.to_dict()
        assert json.loads(json.dumps(data)) == data
        summary = found.summary().to_dict()
        assert list(data) == [
            "check",
            "title",
            "rows_in",
            "rows_used",
            "counts",
            "findings",
            *(
                key
                for key in summary
                if key not in {"check", "title", "rows_in", "rows_used", "counts"}
            ),
        ]
        assert data["findings"] == found.rows()
        assert {key: value for key, value in data.items() if key != "findings"} == summary

    def test_excel_formulas(self) -> None:
        """Each outcome counted in the findings sheet; the row accounting from the two sheets."""
        assert build(["met"]).excel_formulas() == {
            "summary": {
                "rows_in": "{rows_used}+{rows_rejected}",
                "rows_used": "COUNT({findings.row:*})",
                "rows_rejected": "COUNT({rejected.row:*})",
                "met": 'COUNTIF({findings.outcome:*}, "met")',
                "not_met": 'COUNTIF({findings.outcome:*}, "not_met")',
                "not_applicable": 'COUNTIF({findings.outcome:*}, "not_applicable")',
                "not_assessed": 'COUNTIF({findings.outcome:*}, "not_assessed")',
            }
        }

    def test_chart(self) -> None:
        """The chart: findings by outcome, every outcome a bar."""
        chart = build(["met", "not_met", "not_met"]).chart()
        assert (chart.x, chart.value) == ("outcome", "findings")
        assert chart.table.name == "outcomes"
        assert chart.table.title == f"{TITLE}: findings by outcome"
        assert chart.table.rows == (
            ("met", 1),
            ("not_met", 2),
            ("not_applicable", 0),
            ("not_assessed", 0),
        )
        assert [(c.name, c.type, c.description) for c in chart.table.columns] == [
            ("outcome", ColumnType.TEXT, ""),
            ("findings", ColumnType.COUNT, "findings with the outcome"),
        ]


class TestRenumbered:
    """Rows numbered by the caller (the command line numbers them by their line in the file)."""

    @pytest.mark.parametrize("read_first", [False, True])
    def test_findings_and_rejected(self, read_first: bool) -> None:
        """Each row ``r`` becomes ``numbers[r]``, in the findings and the rejected rows alike."""
        found = build(["met", "not_met", "met"], bad=[False, True, False])
        if read_first:
            assert found.arrow.num_rows == 2  # every column computed before the renumbering
        numbers = np.array([10, 20, 30], dtype=np.int64)
        moved = found.renumbered(numbers)
        assert moved.column("row").to_pylist() == [10, 30]
        assert moved.rejected.column("row").to_pylist() == [20]
        assert moved.arrow.column("row").to_pylist() == [10, 30]
        assert moved.column("outcome").to_pylist() == ["met", "met"]
        assert found.column("row").to_pylist() == [0, 2]

    def test_arrow_is_computed_once(self) -> None:
        """The whole table is computed when first read, and kept."""
        found = build(["met"])
        assert found.arrow is found.arrow
        assert pa.table(found).column("outcome").to_pylist() == ["met"]


class TestCarry:
    """Columns carried into the findings, and the names they may not take."""

    def test_read_by_the_check(self) -> None:
        """A column the check reads itself is not carried."""
        with pytest.raises(InvalidInputError) as caught:
            carried_columns(["trip", "code"], INPUTS)
        assert str(caught.value) == (
            "carry: 'code' is read by the check itself; carry other columns of the input, "
            "such as an appointment or trip id"
        )
        assert (caught.value.field, caught.value.value) == ("carry", "code")

    @pytest.mark.parametrize(
        "name", ["row", "check", "outcome", "margin", "section", "service_type"]
    )
    def test_a_findings_column(self, name: str) -> None:
        """A name every findings table has cannot be carried."""
        with pytest.raises(InvalidInputError) as caught:
            carried_columns(name, INPUTS)
        assert str(caught.value) == (
            f"carry: {name!r} is a column of every findings table; rename it in the input"
        )
        assert (caught.value.field, caught.value.value) == ("carry", name)

    def test_carried_columns_are_labels_that_may_be_empty(self) -> None:
        """Each carried column is read as given, nulls allowed."""
        carried = carried_columns(("trip", "member"), INPUTS)
        assert [(c.name, c.kind, c.nullable) for c in carried] == [
            ("trip", ColumnKind.LABEL, True),
            ("member", ColumnKind.LABEL, True),
        ]
        found = build(["met", "met", "met"], carry="trip")
        assert found.carried == ("trip",)

    def test_a_column_of_the_check(self) -> None:
        """A carried name that is one of the check's own findings columns is an error."""
        checked = read_with_carried(
            {"code": ["a"], "distance": ["1"]}, INPUTS, name="rows", carry="distance"
        ).check(on_error="collect")
        with pytest.raises(InvalidInputError) as caught:
            findings_from_columns(
                CHECK, checked, {"distance": pa.array(["1"])}, (), carry=["distance"]
            )
        assert str(caught.value) == (
            "carry: 'distance' is a column of the access.distance findings; rename it in the input"
        )
        assert (caught.value.field, caught.value.value) == ("carry", "distance")

    def test_carry_that_is_no_name(self) -> None:
        """carry= must name columns: anything else is an error on the field carry."""
        checked = read_with_carried({"code": ["a"]}, INPUTS, name="rows").check(on_error="collect")
        for call in (
            lambda: carried_columns(5, INPUTS),  # type: ignore[arg-type]
            lambda: findings_from_columns(CHECK, checked, {}, (), carry=5),  # type: ignore[arg-type]
        ):
            with pytest.raises(InvalidTypeError) as caught:
                call()
            assert str(caught.value) == (
                "'carry' must be a column name or a sequence of column names (got int 5)"
            )
            assert (caught.value.field, caught.value.value) == ("carry", 5)

    def test_read_with_carried(self) -> None:
        """The table read has the check's columns and the carried ones, named ``name``."""
        table = read_with_carried(
            {"code": ["a"], "trip": ["T1"], "other": [1]}, INPUTS, name="trips", carry="trip"
        )
        assert (table.rows_in, table.has("trip"), table.has("other")) == (1, True, False)


class TestColumn:
    """One column of the findings, by name."""

    def test_unknown_name(self) -> None:
        """A name the findings do not have is an error listing the ones they have."""
        found = build(["met"], carry="trip")
        with pytest.raises(InvalidInputError) as caught:
            found.column("distance")
        names = "row, trip, check, outcome, met, standard, measured, limit, margin, unit, section"
        assert str(caught.value) == f"findings: no column 'distance'; the columns are {names}"
        assert (caught.value.field, caught.value.value) == ("column", "distance")

    def test_read_with_a_requested_schema(self) -> None:
        """A reader asking for other Arrow types (through the C stream) gets them."""
        found = build(["met", "not_met"])
        schema = found.arrow.schema.set(0, pa.field("row", pa.int32()))
        read = pa.RecordBatchReader.from_stream(found, schema=schema).read_all()
        assert read.schema.field("row").type == pa.int32()
        assert read.column("row").to_pylist() == [0, 1]


class TestMissingPackages:
    """Without the data extra, a batch check's findings say what to install."""

    @staticmethod
    def message(package: str) -> str:
        """Return the error's text for ``package`` missing, as written for the data extra."""
        return (
            f"findings over a table needs the optional package {package!r}, which is not "
            "installed; install it with: pip install 'tenncare-calc[data]'"
        )

    def test_findings_need_pyarrow(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Building the findings from a check's columns needs pyarrow."""
        checked = read_with_carried({"code": ["a"]}, INPUTS, name="rows").check(on_error="collect")
        monkeypatch.setitem(sys.modules, "pyarrow", None)  # as if not installed
        with pytest.raises(MissingDependencyError) as raised:
            findings_from_columns(CHECK, checked, {}, ())
        assert str(raised.value) == self.message("pyarrow")
        assert raised.value.extra == "data"

    @pytest.mark.parametrize("read_first", [False, True])
    def test_counting_outcomes_needs_numpy(
        self, monkeypatch: pytest.MonkeyPatch, *, read_first: bool
    ) -> None:
        """Counting the outcomes (a dictionary column's positions) needs numpy."""
        found = build(["met", "not_met"])
        if read_first:
            found.arrow  # noqa: B018 - every column computed before numpy goes
        monkeypatch.setitem(sys.modules, "numpy", None)
        with pytest.raises(MissingDependencyError) as raised:
            found.counts()
        assert str(raised.value) == self.message("numpy")
        assert raised.value.extra == "data"
