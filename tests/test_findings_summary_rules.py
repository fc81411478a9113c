"""The summary of a batch check (``compliance.findings.summary``), against the accounting done here.

The command line's ``--part summary`` of a large file checks it a chunk at a time and keeps only
:func:`summarised` of the chunks. Its counts, row accounting, rejected rows, sections and
parameters must be those of the whole input: each is computed here from the parts' own rows
(plain Python counting and sorting), never by the summary's code, on NEMT decision-time checks
cut at every place, with rows the reader left out; and every part of the summary (its table, the
rejected rows, the parameters, the JSON and the explanation) is compared whole.
"""

# ruff: noqa: DTZ001 - NEMT times are naive local times (the State's wall clock), as in trip data

from __future__ import annotations

import datetime as dt
import itertools
import sys
from collections import Counter
from typing import Any

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tenncare_calc import InvalidInputError, MissingDependencyError
from tenncare_calc.compliance.findings import FindingsSummary, summarised
from tenncare_calc.compliance.findings.checks import CHECKS, check_named
from tenncare_calc.compliance.findings.deferred import DeferredColumns
from tenncare_calc.compliance.findings.finding import parameters_part
from tenncare_calc.compliance.findings.summary import chosen_part, summary_table
from tenncare_calc.compliance.nemt import decision_time_table

CHECK = "nemt.decision_time"
TITLE = "NEMT decision time"  # the check's title (Attachment XI A.5.1.3)
SECTION = "Attachment XI A.5.1.3"
OUTCOMES = ("met", "not_met", "not_applicable", "not_assessed")
REQUESTED = dt.datetime(2008, 10, 6, 9)

#: A request row: minutes from the request to the decision (before it: rejected), or unreadable.
ROWS = st.lists(
    st.one_of(st.integers(min_value=-120, max_value=3 * 1440), st.just("unreadable")),
    max_size=40,
)


def request_rows(rows: list[int | str]) -> dict[str, list[str]]:
    """Return the requests of ``rows`` as text columns, as an extract gives them."""
    requested, decided = [], []
    for row in rows:
        requested.append("unreadable" if row == "unreadable" else f"{REQUESTED:%Y-%m-%d %H:%M}")
        minutes = 0 if isinstance(row, str) else row
        decided.append(f"{REQUESTED + dt.timedelta(minutes=minutes):%Y-%m-%d %H:%M}")
    return {"requested_at": requested, "decided_at": decided}


def parts_of(rows: list[int | str], cuts: list[int]) -> list[Any]:
    """Return the findings of ``rows`` checked a part at a time, each row numbered in the whole."""
    bounds = sorted({0, len(rows), *(cut % (len(rows) + 1) for cut in cuts)})
    parts = []
    for start, end in itertools.pairwise(bounds):
        found = decision_time_table(request_rows(rows[start:end]), on_error="collect")
        parts.append(found.renumbered(np.arange(start, end, dtype=np.int64)))
    return parts or [decision_time_table(request_rows([]), on_error="collect")]


def accounted(parts: list[Any], malformed: list[tuple[int, str]]) -> dict[str, Any]:
    """Return the whole input's accounting added up here from the parts' own rows."""
    counts = Counter(dict.fromkeys(OUTCOMES, 0))
    rejected = list(malformed)
    for part in parts:
        counts.update(part.column("outcome").to_pylist())
        rejected += [(record["row"], record["reason"]) for record in part.rejected.to_pylist()]
    used = sum(counts.values())
    return {
        "rows_in": used + len(rejected),
        "rows_used": used,
        "counts": {outcome: counts[outcome] for outcome in OUTCOMES},
        "rejected": sorted(rejected),
    }


MALFORMED = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=60), st.sampled_from(["bad line", "too few cells"])
    ),
    max_size=4,
)


class TestSummarised:
    """:func:`summarised` of a check's parts is the whole input's summary."""

    @settings(max_examples=40)
    @given(ROWS, st.lists(st.integers(min_value=0, max_value=40), max_size=4), MALFORMED)
    @example([0, 1440, 1441, -1, "unreadable"], [2], [(9, "bad line")])
    @example([1441] * 1200, [600], [])  # counts of a thousand and more, grouped when explained
    def test_parts_add_up_to_the_whole(
        self, rows: list[int | str], cuts: list[int], malformed: list[tuple[int, str]]
    ) -> None:
        """Counts, rows in, used and rejected, and the rejected rows sorted, whatever the cuts."""
        parts = parts_of(rows, cuts)
        expected = accounted(parts, malformed)
        summary = summarised(iter(parts), malformed=malformed)
        assert summary.check == CHECK
        assert summary.rows_in == expected["rows_in"] == len(rows) + len(malformed)
        assert summary.rows_used == expected["rows_used"]
        assert dict(summary.counts) == expected["counts"]
        assert list(summary.counts) == list(OUTCOMES)
        rejected = summary.rejected.to_pylist()
        assert [(r["row"], r["reason"]) for r in rejected] == expected["rejected"]
        assert str(summary.rejected.schema.field("row").type) == "int64"
        assert str(summary.rejected.schema.field("reason").type) == "large_string"
        assert summary.sections == (SECTION,)
        assert [p.name for p in summary.parameters] == [
            "nemt.decision_hours"
        ]  # once, not a part each
        assert_parts(summary, expected)

    def test_a_part_of_the_whole_check_agrees_with_the_tables_own_summary(self) -> None:
        """One part summarised is the findings table's own summary, field by field."""
        table = decision_time_table(
            request_rows([0, 1441, -5, "unreadable", 60]), on_error="collect"
        )
        whole, summary = table.summary(), summarised([table])
        for field in ("check", "rows_in", "rows_used", "sections", "parameters"):
            assert getattr(summary, field) == getattr(whole, field), field
        assert dict(summary.counts) == dict(whole.counts)
        assert summary.rejected.equals(whole.rejected)
        assert summary.to_dict() == whole.to_dict()
        assert summary.explain() == whole.explain()

    def test_no_row_used_cites_the_checks_own_sections(self) -> None:
        """With every row rejected the sections are the check's (no finding names one)."""
        summary = summarised(parts_of(["unreadable", -1], [1]))
        assert summary.rows_used == 0
        assert summary.sections == (SECTION,)

    def test_any_part_with_the_findings_parts_members_is_read(self) -> None:
        """A part that is not a findings table (the ``FindingsPart`` protocol): its sections column."""
        part = PlainPart(sections=["Attachment XI A.5.1.3", "2.6.1.2", "2.6.1.2"])
        summary = summarised([part, part], malformed=[(0, "bad line")])
        assert summary.sections == ("2.6.1.2", "Attachment XI A.5.1.3")
        assert summary.rows_in == 2 * 3 + 1
        assert dict(summary.counts) == {
            "met": 4,
            "not_met": 2,
            "not_applicable": 0,
            "not_assessed": 0,
        }
        assert summary.rejected.to_pylist() == [{"row": 0, "reason": "bad line"}]

    def test_no_part_is_an_error_naming_the_parts(self) -> None:
        """Nothing to summarise is the library's error, with what to do."""
        with pytest.raises(InvalidInputError) as raised:
            summarised([])
        assert str(raised.value) == "summarised: no findings given; give at least one part"
        assert raised.value.field == "parts"


class PlainPart:
    """A findings part that is not a findings table: only the members ``summarised`` reads."""

    check = CHECK
    parameters: tuple[Any, ...] = ()

    def __init__(self, sections: list[str]) -> None:
        """Keep one finding per section, the first two met."""
        self.sections = sections
        self.rows_in = self.rows_used = len(sections)
        self.rejected = pa.table(
            {"row": pa.array([], pa.int64()), "reason": pa.array([], pa.large_string())}
        )

    def counts(self) -> dict[str, int]:
        """Return the outcomes: two met, the rest not met."""
        return {"met": 2, "not_met": len(self.sections) - 2}

    def column(self, name: str) -> Any:
        """Return a column of the findings; only ``section`` is there."""
        assert name == "section", name
        return pa.chunked_array([pa.array(self.sections)])


def assert_parts(summary: FindingsSummary, expected: dict[str, Any]) -> None:
    """Assert the summary's parts, JSON and explanation whole against ``expected``."""
    counts = expected["counts"]
    rejected = expected["rejected"]
    record = (
        CHECK,
        TITLE,
        expected["rows_in"],
        expected["rows_used"],
        len(rejected),
        *(counts[outcome] for outcome in OUTCOMES),
        SECTION,
    )
    part = summary.table()
    assert part.name == "summary"
    assert part.title == f"{TITLE} ({SECTION})"
    assert part.record is True
    assert part.rows == (record,)
    assert [column.name for column in part.columns] == [
        "check",
        "title",
        "rows_in",
        "rows_used",
        "rows_rejected",
        *OUTCOMES,
        "section",
    ]
    assert [column.title for column in part.columns[5:9]] == [
        outcome.replace("_", " ") for outcome in OUTCOMES
    ]
    assert [table.name for table in summary.tables()] == ["summary", "rejected", "parameters"]
    assert summary.table("summary").rows == part.rows
    assert summary.table("rejected").rows == tuple(rejected)
    assert summary.table("parameters").rows == parameters_part(summary.parameters).rows
    assert summary.title == TITLE
    assert summary.to_dict() == {
        "check": CHECK,
        "title": TITLE,
        "rows_in": expected["rows_in"],
        "rows_used": expected["rows_used"],
        "counts": counts,
        "rejected": [{"row": row, "reason": reason} for row, reason in rejected],
        "parameters": [parameter.to_dict() for parameter in summary.parameters],
    }
    lines = summary.explain().splitlines()
    used, left = expected["rows_used"], len(rejected)
    assert lines[0] == f"{TITLE}: {used:,} findings  [{SECTION}]"
    assert lines[1] == f"  Rows: {expected['rows_in']:,} in = {used:,} used + {left:,} rejected"
    quoted = [f"    row {row}: {reason}" for row, reason in rejected[:5]]
    if left > 5:  # the rejected rows an explanation quotes
        quoted.append(f"    ... and {left - 5:,} more (see .rejected)")
    assert lines[2 : 2 + len(quoted)] == quoted
    rest = lines[2 + len(quoted) :]
    assert rest == [
        *(f"  {outcome.replace('_', ' ')}: {counts[outcome]:,}" for outcome in OUTCOMES),
        *(f"  parameter: {parameter.provenance()}" for parameter in summary.parameters),
    ]


class TestSummaryTable:
    """:func:`summary_table`: one record of the accounting, every outcome counted, zeros included."""

    @given(
        st.integers(min_value=0, max_value=10**7),
        st.integers(min_value=0, max_value=10**7),
        st.dictionaries(st.sampled_from(OUTCOMES), st.integers(min_value=0, max_value=10**6)),
    )
    def test_the_record(self, used: int, rejected: int, counts: dict[str, int]) -> None:
        """Check, title, the accounting, each outcome's count (0 when absent), the sections cited."""
        table = summary_table(
            CHECK,
            rows_in=used + rejected,
            rows_used=used,
            rows_rejected=rejected,
            counts=counts,
            sections=[SECTION, "§2.6.1.2"],
        )
        cited = f"{SECTION}; §2.6.1.2"  # each cited once, joined by semicolons
        assert table.title == f"{TITLE} ({cited})"
        assert table.rows == (
            (
                CHECK,
                TITLE,
                used + rejected,
                used,
                rejected,
                *(counts.get(outcome, 0) for outcome in OUTCOMES),
                cited,
            ),
        )


class TestChosenPart:
    """:func:`chosen_part`: the part asked for, the default for none, an error naming the parts."""

    @given(st.sampled_from(["summary", "rejected", "parameters"]))
    def test_a_part_named_is_that_part(self, name: str) -> None:
        """Any of the parts by name; None is the default."""
        parts = ("summary", "rejected", "parameters")
        assert chosen_part(name, parts, "summary") == name
        assert chosen_part(None, parts, "rejected") == "rejected"

    @given(st.text(max_size=12).filter(lambda text: text not in {"summary", "rejected"}))
    def test_any_other_name_is_an_error_naming_the_parts(self, name: str) -> None:
        """The message names the part asked for and the parts there are; field and value too."""
        with pytest.raises(InvalidInputError) as raised:
            chosen_part(name, ("summary", "rejected"), "summary")
        assert str(raised.value) == f"no part named {name!r}; parts: ['summary', 'rejected']"
        assert raised.value.field == "part"
        assert raised.value.value == name

    def test_the_summarys_parts_by_name(self) -> None:
        """A summary's ``table(name)`` is that part; an unknown name is the error."""
        summary = summarised(parts_of([0, -1], []))
        assert summary.table("rejected").name == "rejected"
        assert summary.table("parameters").name == "parameters"
        assert summary.table(None).name == "summary"
        with pytest.raises(InvalidInputError, match="no part named 'findings'"):
            summary.table("findings")


class TestCheckNamed:
    """:func:`check_named`: each check of the catalogue by its id; another id the library's error."""

    @given(st.sampled_from(sorted(CHECKS)))
    def test_every_check_by_its_id(self, check_id: str) -> None:
        """The catalogue's own entry, whose id is the one asked for."""
        found = check_named(check_id)
        assert found is CHECKS[check_id]
        assert found.id == check_id

    @given(st.text(max_size=20).filter(lambda text: text not in CHECKS))
    def test_any_other_id_is_an_error_listing_the_checks(self, check_id: str) -> None:
        """The message lists every id, sorted; the field is ``check`` and the value the id given."""
        with pytest.raises(InvalidInputError) as raised:
            check_named(check_id)
        assert str(raised.value) == (
            f"'check' must be one of the library's checks {sorted(CHECKS)} (got {check_id!r})"
        )
        assert raised.value.field == "check"
        assert raised.value.value == check_id
        assert raised.value.__cause__ is None
        assert raised.value.__suppress_context__


class TestWithoutPyarrow:
    """Without pyarrow (the ``data`` extra) a summary or a whole findings table is the library's error."""

    MESSAGE = (
        "findings over a table needs the optional package 'pyarrow', which is not installed; "
        "install it with: pip install 'tenncare-calc[data]'"
    )

    def test_summarised_names_the_extra(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """The message says what needs it and how to install it; the extra is ``data``."""
        parts = parts_of([0], [])
        monkeypatch.setitem(sys.modules, "pyarrow", None)  # as if not installed
        with pytest.raises(MissingDependencyError) as raised:
            summarised(parts)
        assert str(raised.value) == self.MESSAGE
        assert raised.value.extra == "data"

    def test_a_whole_deferred_table_names_the_extra(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Asking for every column at once needs pyarrow to build the table."""
        columns = DeferredColumns({"met": [True]}, rows=1)
        monkeypatch.setitem(sys.modules, "pyarrow", None)
        with pytest.raises(MissingDependencyError) as raised:
            columns.table()
        assert str(raised.value) == self.MESSAGE
        assert raised.value.extra == "data"
