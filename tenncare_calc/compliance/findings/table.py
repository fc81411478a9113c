"""The findings of a batch check: one row per usable input row, columnar, with the row accounting.

Every batch compliance check reads its table with :func:`read_with_carried` (its own columns and
the ``carry`` columns, such as an appointment or trip id), computes its verdict column by column,
and hands the columns to :func:`findings_from_columns`, which builds the :class:`FindingsTable`.
"""

from __future__ import annotations

__all__ = ["FindingsTable", "carried_columns", "findings_from_columns", "read_with_carried"]

from typing import TYPE_CHECKING, Any

import attrs

from tenncare_calc.columnar.arrow_kernels import compute
from tenncare_calc.compliance.findings.checks import CHECKS
from tenncare_calc.compliance.findings.deferred import (
    Deferred,
    DeferredColumns,
    named_column,
    whole_table,
)
from tenncare_calc.compliance.findings.finding import (
    CHECK_COLUMN,
    VERDICT_COLUMNS,
    Outcome,
)
from tenncare_calc.compliance.findings.summary import FindingsSummary, chosen_part
from tenncare_calc.core.errors import InvalidInputError, require
from tenncare_calc.core.explanation import Explanation, cite_all
from tenncare_calc.core.parts import Column, ColumnType, Table
from tenncare_calc.core.presentable import Plottable
from tenncare_calc.core.sequences import column_names

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence

    from tenncare_calc.columnar import CheckedTable, TableInput
    from tenncare_calc.columnar import Column as InputColumn
    from tenncare_calc.contract.parameters import ParameterValue
    from tenncare_calc.core.charts import Bars

#: Columns of what was checked that the compact terminal table leaves out (long, or implied).
_DETAIL_COLUMNS = (
    Column(
        "service_type",
        ColumnType.TEXT,
        brief=False,
        description="the Attachment V service type of the code",
    ),
)
_ROW_COLUMN = Column(
    "row",
    ColumnType.COUNT,
    grouping=False,
    description="the input row checked: its line in the file (header = line 1) on the command "
    "line, its 0-based position for rows given in Python",
)


#: The parts of a findings table, in reading order.
_PARTS = ("summary", "findings", "rejected", "parameters")


@attrs.frozen
class FindingsTable(Plottable):
    """The findings of one check over a batch input: one row per usable input row, columnar.

    ``arrow`` is a pyarrow Table with the columns ``row`` (0-based input position), ``check``,
    the columns that say what was checked, ``outcome``, ``met`` (null when not applicable or not
    assessed), ``standard``, ``measured``, ``limit``, ``margin``, ``unit`` and ``section``.
    ``rejected`` lists the input rows that could not be checked (``row``, ``reason``);
    ``rows_in == len(findings) + len(rejected)`` always.

    As tables (:meth:`tables`) the result has four parts: ``summary`` (the row accounting and the
    count of each outcome), ``findings`` (the primary part: ``rows()``, ``to_csv()`` and
    ``to_frame()`` give it), ``rejected`` and ``parameters``.
    """

    check: str
    #: The findings: a pyarrow Table, or the :class:`DeferredColumns` it is built from when read.
    _arrow: Any = attrs.field(alias="arrow", repr=False, eq=whole_table)
    rows_in: int
    rejected: Any = attrs.field(repr=False)
    parameters: tuple[ParameterValue, ...] = attrs.field(default=(), repr=False)
    #: The input columns carried into the findings after ``row`` (``carry=`` of the batch checks).
    carried: tuple[str, ...] = ()

    @property
    def arrow(self) -> Any:  # noqa: ANN401 - a pyarrow Table
        """Return the findings as a pyarrow Table, every column computed (once, when first read).

        A batch check computes its verdict at once and may leave the figures that explain each
        finding (measured, limit, margin, the standard's text) to be computed here, the first time
        the whole table is asked for; :meth:`column` computes one column alone.
        """
        if isinstance(self._arrow, DeferredColumns):
            object.__setattr__(self, "_arrow", self._arrow.table())  # a cache: frozen otherwise
        return self._arrow

    def column(self, name: str) -> Any:  # noqa: ANN401 - a pyarrow array
        """Return the findings' column ``name`` (a pyarrow ChunkedArray), computing only it if needed.

        >>> from tenncare_calc.compliance.access.distance_table import access_distance_table
        >>> findings = access_distance_table({"service_code": ["20"], "distance_miles": [31]})
        >>> findings.column("met").to_pylist()
        [False]
        """
        return named_column(self._arrow, name, what="findings")

    def renumbered(self, numbers: Any) -> FindingsTable:  # noqa: ANN401 - a numpy int64 array
        """Return the findings with each row (findings and rejected) numbered ``numbers[row]``.

        The command line numbers rows by their line in the file so; the figures not computed yet
        stay so, and so do the findings' own numbers, until read (a summary reads none of them).

        >>> from tenncare_calc.compliance.access.distance_table import access_distance_table
        >>> findings = access_distance_table({"service_code": ["20"], "distance_miles": [31]})
        >>> findings.renumbered([2]).column("row").to_pylist()
        [2]
        """
        from tenncare_calc.columnar import renumbered  # noqa: PLC0415 - needs the data extra

        rejected = renumbered(self.rejected, numbers)
        if not isinstance(self._arrow, DeferredColumns):
            return attrs.evolve(self, arrow=renumbered(self._arrow, numbers), rejected=rejected)
        pa = require("pyarrow", extra="data", purpose="findings over a table")
        before = self._arrow

        def rows() -> Any:  # noqa: ANN401 - a pyarrow array: numbered when first read
            return renumbered(pa.table({"row": before.column("row")}), numbers).column("row")

        return attrs.evolve(self, arrow=self._arrow.replaced("row", rows), rejected=rejected)

    @property
    def title(self) -> str:
        """Return the check's title."""
        return CHECKS[self.check].title

    @property
    def rows_used(self) -> int:
        """Return how many input rows were checked."""
        return int(self._arrow.num_rows)

    def __len__(self) -> int:
        """Return the number of findings (input rows checked)."""
        return self.rows_used

    def __arrow_c_stream__(self, requested_schema: object = None) -> object:
        """Return the findings (:attr:`arrow`) through the Arrow PyCapsule stream interface.

        So any Arrow-aware reader takes a findings table as a table: ``pyarrow.table(findings)``,
        polars, DuckDB, and every batch input of the library (the Attachment VII damages computed
        from Attachment V findings read them this way, without importing this package).

        >>> import pyarrow as pa
        >>> from tenncare_calc.compliance.access.distance_table import access_distance_table
        >>> findings = access_distance_table({"service_code": ["20"], "distance_miles": [31]})
        >>> pa.table(findings).column("outcome").to_pylist()
        ['not_met']
        """
        return self.arrow.__arrow_c_stream__(requested_schema)

    def counts(self) -> dict[str, int]:
        """Return how many findings have each outcome (every outcome listed, zeros included)."""
        found: dict[str, int] = dict.fromkeys((outcome.value for outcome in Outcome), 0)
        for text, count in _tallies(self.column("outcome")):
            found[text] += count
        return found

    def texts(self, name: str) -> set[Any]:
        """Return the distinct values of the findings' column ``name`` (such as the sections cited).

        >>> from tenncare_calc.compliance.access.distance_table import access_distance_table
        >>> access_distance_table({"service_code": ["20"], "distance_miles": [31]}).texts("section")
        {'Attachment V'}
        """
        return {text for text, count in _tallies(self.column(name)) if count}

    def not_met(self, *, limit: int | None = None) -> list[dict[str, Any]]:
        """Return the findings whose outcome is ``not_met`` (the first ``limit``), as :meth:`rows` gives them."""
        from tenncare_calc.columnar import arrow_part  # noqa: PLC0415 - needs the data extra

        pc = compute  # pyarrow.compute's functions, as arrow_kernels stands in for it
        shortfalls = self.arrow.filter(pc.equal(self.arrow.column("outcome"), "not_met"))
        if limit is not None:
            shortfalls = shortfalls.slice(0, limit)
        return arrow_part(shortfalls, "findings", "", columns=self._columns()).records()

    def _columns(self) -> dict[str, Column]:
        """Return the columns the findings part gives outright (the others follow Arrow's types)."""
        return {
            column.name: column
            for column in (_ROW_COLUMN, CHECK_COLUMN, *VERDICT_COLUMNS, *_DETAIL_COLUMNS)
        }

    def _sections(self) -> list[str]:
        return sorted(self.texts("section")) or list(CHECKS[self.check].sections)

    def chart(self) -> Bars:
        """Return the chart of how many findings have each outcome (``plot()`` draws it)."""
        from tenncare_calc.core.charts import Bars  # noqa: PLC0415 - only for a plot, not every run

        columns = (
            Column("outcome", ColumnType.TEXT),
            Column("findings", ColumnType.COUNT, description="findings with the outcome"),
        )
        rows = tuple(self.counts().items())
        outcomes = Table("outcomes", f"{self.title}: findings by outcome", columns, rows)
        return Bars(outcomes, x="outcome", value="findings")

    def tables(self) -> tuple[Table, ...]:
        """Return the parts: ``summary``, ``findings`` (one row per row checked), ``rejected``, ``parameters``.

        ``findings`` has the columns of :attr:`arrow`: ``row`` and ``check``, what was checked,
        then outcome, met, standard, measured, limit, margin, unit and section; ``rows()`` gives
        them as flat dicts (Decimals as exact text, dates ISO), in input order.

        Examples
        --------
        >>> from tenncare_calc.compliance.nemt import decision_time_table
        >>> findings = decision_time_table({"requested_at": ["2008-10-06 09:00"] * 2,
        ...     "decided_at": ["2008-10-07 09:00", "2008-10-07 10:30"]})
        >>> [table.name for table in findings.tables()]
        ['summary', 'findings', 'rejected', 'parameters']
        >>> print(findings.table("summary").render_text())
        NEMT decision time (Attachment XI A.5.1.3)
        check           nemt.decision_time
        title           NEMT decision time
        rows in         2
        rows used       2
        rows rejected   0
        met             1
        not met         1
        not applicable  0
        not assessed    0
        section         Attachment XI A.5.1.3
        >>> [(row["row"], row["outcome"], row["margin"]) for row in findings.rows()]
        [(0, 'met', '0'), (1, 'not_met', '-90')]
        """
        return tuple(self._part(name) for name in _PARTS)

    def table(self, part: str | None = None) -> Table:
        """Return one part by name (``None``: ``findings``), building only that part.

        ``--part summary`` of a million findings counts their outcomes and writes no finding.

        >>> from tenncare_calc.compliance.access.distance_table import access_distance_table
        >>> access_distance_table({"service_code": ["20"], "distance_miles": [31]}).table(
        ...     "summary").rows[0][:2]
        ('access.distance', 'Distance to service')
        """
        return self._part(chosen_part(part, _PARTS, "findings"))

    def _part(self, name: str) -> Table:
        """Return the part ``name`` (one of :data:`_PARTS`)."""
        from tenncare_calc.columnar import arrow_part  # noqa: PLC0415 - needs the data extra

        if name == "findings":
            return arrow_part(
                self.arrow, "findings", f"Findings: {self.title}", columns=self._columns()
            )
        return self.summary().table(name)

    def summary(self) -> FindingsSummary:
        """Return the summary, rejected rows and parameters, without the findings.

        >>> from tenncare_calc.compliance.access.distance_table import access_distance_table
        >>> access_distance_table({"service_code": ["20"], "distance_miles": [31]}).summary().counts
        {'met': 0, 'not_met': 1, 'not_applicable': 0, 'not_assessed': 0}
        """
        return FindingsSummary(
            check=self.check,
            rows_in=self.rows_in,
            rows_used=self.rows_used,
            counts=self.counts(),
            sections=tuple(self._sections()),
            rejected=self.rejected,
            parameters=self.parameters,
        )

    def excel_formulas(self) -> Mapping[str, Mapping[str, str]]:
        """Return the summary's counts as formulas over the findings and rejected sheets.

        Each outcome's count is ``COUNTIF`` of the findings' outcome column; rows used and rows
        rejected ``COUNT`` the row numbers of the two sheets, and rows in is their sum, so the
        row accounting can be audited in the workbook.
        """
        counts = {
            outcome.value: f'COUNTIF({{findings.outcome:*}}, "{outcome.value}")'
            for outcome in Outcome
        }
        return {
            "summary": {
                "rows_in": "{rows_used}+{rows_rejected}",
                "rows_used": "COUNT({findings.row:*})",
                "rows_rejected": "COUNT({rejected.row:*})",
                **counts,
            }
        }

    def to_dict(self) -> dict[str, Any]:
        """Return the counts, the findings and the rejected rows as JSON-ready data."""
        summary = self.summary().to_dict()  # the findings go after the counts, as always
        before = ("check", "title", "rows_in", "rows_used", "counts")
        return {
            **{key: summary.pop(key) for key in before},
            "findings": self.rows(),
            **summary,
        }

    def explain(self, *, limit: int = 5) -> str:
        """Return the counts by outcome, the row accounting and the first ``limit`` shortfalls."""
        from tenncare_calc.columnar import explain_rejected  # noqa: PLC0415 - needs the data extra

        text = Explanation(
            f"{self.title}: {self.rows_used:,} findings  [{cite_all(self._sections())}]"
        )
        explain_rejected(text, self.rejected, self.rows_in)
        counts = self.counts()
        for outcome, count in counts.items():
            text.add(f"{outcome.replace('_', ' ')}: {count:,}")
        for row in self.not_met(limit=limit):
            carried = ", ".join(f"{name} {row[name]}" for name in self.carried)
            where = f"row {row['row']} ({carried})" if carried else f"row {row['row']}"
            text.add(
                f"{where}: {row['standard']}; margin {row['margin']} {row['unit']}",
                indent=2,
            )
        if (more := counts[Outcome.NOT_MET.value] - limit) > 0:
            text.add(f"... and {more:,} more not met", indent=2)
        for parameter in self.parameters:
            text.add(f"parameter: {parameter.provenance()}")
        return text.render()


# --------------------------------------------------------------------------------------------------
# Building a findings table from a batch check's columns

#: Column names every findings table has, which a carried input column may not take.
_FINDINGS_NAMES = frozenset(
    column.name for column in (_ROW_COLUMN, CHECK_COLUMN, *VERDICT_COLUMNS, *_DETAIL_COLUMNS)
)


def carried_columns(
    carry: str | Sequence[str], inputs: Sequence[InputColumn]
) -> tuple[InputColumn, ...]:
    """Return the input columns to read so that ``carry`` is carried into a batch check's findings.

    ``carry`` names columns of the input that the check itself does not read, such as an
    appointment or trip id, so each finding can be traced to its record without joining on
    ``row``; one name may be given as a plain string. Each is read as given (any type, nulls
    allowed) and required: a missing one is an error naming the columns the input has.

    >>> from tenncare_calc.columnar import Column, ColumnKind
    >>> inputs = (Column("requested_at", ColumnKind.LABEL),)
    >>> tuple(column.name for column in carried_columns("trip_id", inputs))
    ('trip_id',)
    >>> carried_columns(["requested_at"], inputs)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    tenncare_calc.InvalidInputError: carry: 'requested_at' is read by the check itself; ...

    """
    from tenncare_calc.columnar import Column, ColumnKind  # noqa: PLC0415 - needs the data extra

    names = column_names(carry, field="carry")
    read = {column.name for column in inputs}
    for name in names:
        if name in read:
            raise InvalidInputError(
                f"carry: {name!r} is read by the check itself; carry other columns of the "
                "input, such as an appointment or trip id",
                field="carry",
                value=name,
            )
        if name in _FINDINGS_NAMES:
            raise InvalidInputError(
                f"carry: {name!r} is a column of every findings table; rename it in the input",
                field="carry",
                value=name,
            )
    return tuple(Column(name, ColumnKind.LABEL, nullable=True) for name in names)


#: A dictionary column with at most this many texts has each counted by a comparison a text
#: (a few passes over its positions are quicker than numpy's bincount, which widens them first).
_FEW_TEXTS = 8


def _tallies(column: Any) -> list[tuple[Any, int]]:  # noqa: ANN401 - a pyarrow ChunkedArray
    """Return each value of ``column`` with the rows that hold it (values held by none may be listed).

    The checks write their outcomes and sections as a few texts and a position a row (a
    dictionary column): the positions are counted, and no text is hashed.
    """
    pa = require("pyarrow", extra="data", purpose="findings over a table")
    if not (pa.types.is_dictionary(column.type) and not column.null_count):
        pc = compute  # pyarrow.compute's functions, as arrow_kernels stands in for it
        return [(row["values"], row["counts"]) for row in pc.value_counts(column).to_pylist()]
    np = require("numpy", extra="data", purpose="findings over a table")
    found: list[tuple[Any, int]] = []
    for chunk in column.chunks:
        positions = chunk.indices.to_numpy()
        texts = chunk.dictionary.to_pylist()
        if len(texts) <= _FEW_TEXTS:
            tally = [int(np.count_nonzero(positions == index)) for index in range(len(texts))]
        else:
            tally = np.bincount(positions, minlength=len(texts)).tolist()
        found += zip(texts, tally, strict=True)
    return found


def read_with_carried(
    data: object,
    inputs: Sequence[InputColumn],
    *,
    name: str,
    carry: str | Sequence[str] = (),
) -> TableInput:
    """Return a batch check's input read per ``inputs``, with the columns ``carry`` read as well.

    :func:`~tenncare_calc.columnar.tables.read_table` over ``inputs`` and :func:`carried_columns`: the one
    way every batch compliance check reads its table.

    >>> from tenncare_calc.columnar import Column, ColumnKind
    >>> table = read_with_carried({"trip_id": ["T1"], "requested_at": ["2008-10-06 09:00"]},
    ...     [Column("requested_at", ColumnKind.LABEL)], name="trips", carry="trip_id")
    >>> table.rows_in, table.has("trip_id")
    (1, True)
    """
    from tenncare_calc.columnar import read_table  # noqa: PLC0415 - needs the data extra

    return read_table(data, [*inputs, *carried_columns(carry, inputs)], name=name)


def findings_from_columns(
    check: str,
    checked: CheckedTable,
    columns: Mapping[str, Deferred],
    parameters: Iterable[ParameterValue],
    *,
    carry: str | Sequence[str] = (),
) -> FindingsTable:
    """Return the findings table of ``check`` from its computed columns, one row per usable row.

    The table's columns are ``row`` (each usable row's 0-based input position), the carried input
    columns ``carry`` (as read through :func:`carried_columns`), ``check``, then ``columns`` (what
    was checked, the verdict and the figures), all as long as the usable rows. A column may be
    given as a function that computes it: it is computed the first time it is read
    (:class:`~tenncare_calc.compliance.findings.deferred.DeferredColumns`), so a check gives its
    verdict at once and its figures when asked. Rejected rows and the row accounting come from
    ``checked``.
    """
    pa = require("pyarrow", extra="data", purpose="findings over a table")
    from tenncare_calc.columnar import repeated_text  # noqa: PLC0415 - needs the data extra

    names = column_names(carry, field="carry")
    for name in names:
        if name in columns:
            raise InvalidInputError(
                f"carry: {name!r} is a column of the {check} findings; rename it in the input",
                field="carry",
                value=name,
            )
    positions = checked.positions  # the rows' numbers written when read (a summary reads none)
    used = checked.rows_used
    parts = {
        "row": lambda: pa.array(positions(), pa.int64()),
        **{name: checked.column(name) for name in names},
        "check": repeated_text(check, used),
        **columns,
    }
    deferred = DeferredColumns(parts, rows=used)
    return FindingsTable(
        check=check,
        arrow=deferred,  # the row numbers at least are left to compute
        rows_in=checked.rows_in,
        rejected=checked.rejected,
        parameters=tuple(parameters),
        carried=names,
    )
