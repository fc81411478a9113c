"""What the utilization reports share: their parts, the profile and the data libraries, pinned.

These are the module's own tests (``compliance.utilization.reports``), run against its mutants
(docs/developers.md, "Mutation testing"). The reports of the utilization-management clause (the
monthly sample U1, the no-utilization report U3, the provider profiles) show their enrollees as a
part whose member column holds whole numbers (shown plainly, no thousands separators) when every
id is one, text otherwise; the input rows they could not use as a ``rejected`` part (there, empty
and left out of the brief view, when nothing was read or rejected; with an ``input`` column when
more than one input was read); the parameters they applied as a ``parameters`` part; and the
profile given, or the shipped one. Each is compared whole with that reading written here apart.
"""

from __future__ import annotations

import sys

import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tenncare_calc import MissingDependencyError, default_profile, load_profile
from tenncare_calc.compliance.utilization import reports
from tenncare_calc.contract.parameters import parameter_values_table
from tenncare_calc.core.parts import REJECTED_COLUMNS, Column, ColumnType, Table

IDS = st.one_of(
    st.lists(st.integers(-(10**12), 10**12), max_size=5),
    st.lists(st.text(max_size=4), max_size=5),
    st.lists(st.one_of(st.integers(0, 9), st.text(max_size=2), st.booleans()), max_size=5),
)


def member_column(members: list[object], name: str = "member_id") -> Column:
    """Return the member column the reports show: whole numbers when every id is one (not a flag)."""
    whole = bool(members) and all(type(m) is int for m in members)
    return Column(
        name,
        ColumnType.COUNT if whole else ColumnType.TEXT,
        grouping=False,
        description="the enrollee's id",
    )


def rejected_of(rows: list[tuple[int, str]]) -> pa.Table:
    """Return a rejected-rows table as an input's check gives it."""
    return pa.table(
        {
            "row": pa.array([row for row, _ in rows], pa.int64()),
            "reason": pa.array([reason for _, reason in rows], pa.string()),
        }
    )


class TestMemberColumn:
    """The member column: whole numbers or text, never grouped."""

    @given(IDS)
    def test_whole_numbers_or_text(self, members: list[object]) -> None:
        """Every id a whole number (not True or False): COUNT; none, or any other id: TEXT."""
        assert reports._member_column(members) == member_column(members)  # noqa: SLF001

    @given(IDS, st.sampled_from(["provider_id", "id"]))
    def test_another_name(self, members: list[object], name: str) -> None:
        """A report of providers names its column."""
        assert reports._member_column(members, name) == member_column(members, name)  # noqa: SLF001

    def test_the_edges(self) -> None:
        """No ids is text; one whole number is a count; a flag among them is text."""
        assert [
            reports._member_column(ids).type  # noqa: SLF001
            for ids in ([], [7], [7, True], [False], ["7"], [7, "7"])
        ] == [
            ColumnType.TEXT,
            ColumnType.COUNT,
            ColumnType.TEXT,
            ColumnType.TEXT,
            ColumnType.TEXT,
            ColumnType.TEXT,
        ]


class TestRejectedPart:
    """The ``rejected`` part over the inputs read."""

    EMPTY = Table("rejected", "Rejected input rows", REJECTED_COLUMNS, (), brief=False)

    def test_no_input_read(self) -> None:
        """No inputs, or none read (a plain population): the empty part, out of the brief view."""
        assert reports._rejected_part({}) == self.EMPTY  # noqa: SLF001
        assert reports._rejected_part({"claims": None}) == self.EMPTY  # noqa: SLF001
        assert reports._rejected_count(None) is None  # noqa: SLF001

    def test_one_input(self) -> None:
        """One input read: its rows and reasons, shown when there are any."""
        rows = [(3, "member_id is null"), (9, "service_date is null")]
        part = reports._rejected_part({"claims": rejected_of(rows), "other": None})  # noqa: SLF001
        assert part == Table("rejected", "Rejected input rows", REJECTED_COLUMNS, tuple(rows))
        assert reports._rejected_part({"claims": rejected_of([])}) == self.EMPTY  # noqa: SLF001

    def test_two_inputs(self) -> None:
        """Two inputs read: an ``input`` column first says which each row is from."""
        part = reports._rejected_part(  # noqa: SLF001
            {"enrollment": rejected_of([(1, "a")]), "claims": rejected_of([(2, "b")])}
        )
        assert [column.name for column in part.columns] == ["input", "row", "reason"]
        assert part.rows == (("enrollment", 1, "a"), ("claims", 2, "b"))

    @given(st.integers(0, 30))
    def test_the_count(self, count: int) -> None:
        """The number of rejected rows, as a plain int."""
        found = reports._rejected_count(rejected_of([(n, "x") for n in range(count)]))  # noqa: SLF001
        assert (found, type(found)) == (count, int)


class TestParametersAndProfile:
    """The parameters part lists the values applied; no profile is the shipped one."""

    def test_the_parameters_part(self) -> None:
        """Each value applied, one row each, in order."""
        profile = default_profile()
        values = [
            profile.get(name)
            for name in (
                "utilization.monthly_sample_minimum",
                "utilization.level_iii_5_consecutive_days",
            )
        ]
        assert reports._parameters_part(values) == parameter_values_table(values)  # noqa: SLF001
        assert len(reports._parameters_part(values).rows) == 2  # noqa: SLF001

    def test_the_profile(self) -> None:
        """None is the shipped profile; a profile given is used as it is."""
        assert reports._profile(None) == default_profile()  # noqa: SLF001
        other = load_profile(overrides={"utilization.monthly_sample_minimum": 7})
        assert reports._profile(other) is other  # noqa: SLF001


class TestDataLibraries:
    """numpy and pyarrow, or the error that says how to install them."""

    def test_present(self) -> None:
        """The modules themselves."""
        assert reports._np() is sys.modules["numpy"]  # noqa: SLF001
        assert reports._pa() is sys.modules["pyarrow"]  # noqa: SLF001

    @pytest.mark.parametrize("module", ["numpy", "pyarrow"])
    def test_missing(self, module: str, monkeypatch: pytest.MonkeyPatch) -> None:
        """Not installed: the error names the package, the purpose and the extra."""
        monkeypatch.setitem(sys.modules, module, None)
        load = reports._np if module == "numpy" else reports._pa  # noqa: SLF001
        with pytest.raises(MissingDependencyError) as raised:
            load()
        assert raised.value.extra == "data"
        assert str(raised.value) == (
            f"utilization reports over tables needs the optional package {module!r}, which is "
            "not installed; install it with: pip install 'tenncare-calc[data]'"
        )
