"""Findings columns computed when first read (``compliance.findings.deferred``).

A batch check may hand its figures over as functions; these tests pin that such a column is not
computed until read, is computed once, and that the table read whole is the table computed at once.
"""

from __future__ import annotations

import datetime as dt

import attrs
import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tenncare_calc import InvalidInputError
from tenncare_calc.compliance.findings import FindingsTable
from tenncare_calc.compliance.findings.deferred import DeferredColumns, named_column
from tenncare_calc.compliance.nemt import decision_time_table

_REQUESTED = dt.datetime.fromisoformat("2008-10-06T09:00")


def _requests(hours: list[int]) -> dict[str, list[str]]:
    """Return NEMT requests decided ``hours`` after 2008-10-06 09:00 (24 is the last in time)."""
    return {
        "requested_at": [f"{_REQUESTED:%Y-%m-%d %H:%M}"] * len(hours),
        "decided_at": [f"{_REQUESTED + dt.timedelta(hours=h):%Y-%m-%d %H:%M}" for h in hours],
    }


class TestDeferredColumns:
    """The columns kept, and computed when read."""

    def test_a_function_is_computed_when_read_and_once(self) -> None:
        """A column given as a function is computed the first time it is read, and only then."""
        calls: list[str] = []

        def margin() -> pa.Array:
            calls.append("margin")
            return pa.array([1])

        columns = DeferredColumns({"met": pa.array([True]), "margin": margin}, rows=1)
        assert columns.pending() == ["margin"]
        assert columns.column("met").to_pylist() == [True]
        assert calls == []
        assert columns.table().column_names == ["met", "margin"]
        columns.column("margin")
        assert calls == ["margin"]
        assert columns.pending() == []

    def test_an_unknown_column_is_the_librarys_error(self) -> None:
        """Asking for a column not there names it and the columns there are, field and value too."""
        columns = DeferredColumns({"met": pa.array([True]), "outcome": lambda: None}, rows=1)
        with pytest.raises(InvalidInputError) as raised:
            columns.column("margin")
        assert str(raised.value) == "findings: no column 'margin'; the columns are met, outcome"
        assert (raised.value.field, raised.value.value) == ("column", "margin")
        assert raised.value.__cause__ is None
        assert raised.value.__suppress_context__
        assert columns.pending() == ["outcome"]  # nothing computed by the failed lookup
        for held in (columns, pa.table({"met": [True], "outcome": ["met"]})):
            with pytest.raises(InvalidInputError) as named:
                named_column(held, "margin", what="profiles")
            assert str(named.value) == "profiles: no column 'margin'; the columns are met, outcome"
            assert (named.value.field, named.value.value) == ("column", "margin")


class TestFindingsTable:
    """A findings table whose figures are computed when read."""

    def test_counting_outcomes_leaves_the_figures_uncomputed(self) -> None:
        """Counting outcomes reads the outcome column only."""
        findings = decision_time_table(_requests([1, 30]))
        assert findings.counts()["met"] == 1
        assert "margin" in findings._arrow.pending()  # noqa: SLF001 - what is left to compute

    @given(st.lists(st.integers(min_value=0, max_value=47), min_size=1, max_size=20))
    def test_each_column_read_alone_is_the_whole_tables_column(self, hours: list[int]) -> None:
        """A column read alone equals the column of the table read whole (on time and late)."""
        alone = decision_time_table(_requests(hours))
        whole = decision_time_table(_requests(hours)).arrow
        for name in reversed(whole.column_names):  # the figures before the verdict
            assert alone.column(name).equals(whole.column(name)), name
        assert alone.arrow.equals(whole)

    def test_a_column_the_table_has_not_is_the_librarys_error(self) -> None:
        """Once computed whole, an unknown column is still the library's error."""
        findings = decision_time_table(_requests([1]))
        findings.arrow  # noqa: B018 - computed whole
        with pytest.raises(InvalidInputError, match="no column 'nope'"):
            findings.column("nope")

    def test_evolve_replaces_the_table(self) -> None:
        """``attrs.evolve(findings, arrow=...)`` (the command line renumbers rows so) still works."""
        findings = decision_time_table(_requests([1, 30]))
        first = findings.arrow.slice(0, 1)
        assert attrs.evolve(findings, arrow=first).rows_used == 1

    def test_findings_compare_by_every_column_computed_or_not(self) -> None:
        """Two findings of the same rows are equal whether their figures were read or not."""
        pending, read = (
            decision_time_table(_requests([1, 30])),
            decision_time_table(_requests([1, 30])),
        )
        read.arrow  # noqa: B018 - computed whole
        assert pending == read
        assert pending != decision_time_table(_requests([1, 31]))


_OUTCOMES = ("met", "not_met", "not_applicable", "not_assessed")


def _findings_of(
    name: str, parts: list[list[int]], values: list[str], *, encoded: bool
) -> FindingsTable:
    """Return findings whose one column ``name`` holds ``values[i]`` for each ``i`` of ``parts``.

    A chunk a part: dictionary-encoded (``encoded``) or plain text.
    """
    texts = pa.array(values, pa.large_string())
    chunks = [pa.DictionaryArray.from_arrays(pa.array(part, pa.int32()), texts) for part in parts]
    column = pa.chunked_array(
        chunks if encoded else [chunk.dictionary_decode() for chunk in chunks]
    )
    return FindingsTable(
        "nemt.decision_time", arrow=pa.table({name: column}), rows_in=len(column), rejected=None
    )


@given(
    parts=st.lists(st.lists(st.integers(0, 3), max_size=12), min_size=1, max_size=3),
    dictionary=st.permutations(_OUTCOMES),
    encoded=st.booleans(),
)
def test_counts_are_each_outcomes_rows(
    parts: list[list[int]], dictionary: list[str], encoded: bool
) -> None:
    """Counted by dictionary position or by text, every outcome's count is its rows (0 if none)."""
    findings = _findings_of("outcome", parts, dictionary, encoded=encoded)
    every = [dictionary[index] for part in parts for index in part]
    assert findings.counts() == {outcome: every.count(outcome) for outcome in _OUTCOMES}


def test_renumbered_findings_are_numbered_when_read() -> None:
    """Renumbering leaves the findings' row numbers to compute; the rejected rows are numbered."""
    findings = decision_time_table(_requests([1, 30, 2]))
    numbered = findings.renumbered(np.array([10, 11, 12]))
    assert "row" in numbered._arrow.pending()  # noqa: SLF001 - what is left to compute
    assert numbered.counts() == findings.counts()
    assert numbered.column("row").to_pylist() == [10, 11, 12]
    assert findings.column("row").to_pylist() == [0, 1, 2]


@given(
    parts=st.lists(st.lists(st.integers(0, 11), max_size=30), min_size=1, max_size=3),
    size=st.integers(1, 12),
    encoded=st.booleans(),
)
def test_texts_are_the_values_held(parts: list[list[int]], size: int, encoded: bool) -> None:
    """A column's distinct values are those some row holds, with few texts or many, encoded or not."""
    values = [f"section {number}" for number in range(12)][:size]
    parts = [[index % size for index in part] for part in parts]
    findings = _findings_of("section", parts, values, encoded=encoded)
    assert findings.texts("section") == {values[index] for part in parts for index in part}


def test_the_findings_rows_are_numbered_when_read() -> None:
    """A check leaves its findings' row numbers to compute (a summary reads none)."""
    findings = decision_time_table(_requests([1, 30, 2]))
    assert "row" in findings._arrow.pending()  # noqa: SLF001 - what is left to compute
    assert findings.column("row").to_pylist() == [0, 1, 2]
