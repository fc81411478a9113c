"""The summary of a batch check: what was checked, the row accounting, the count of each outcome.

:func:`summary_table` is the ``summary`` part of every findings table
(:class:`~tenncare_calc.compliance.findings.table.FindingsTable`). :class:`FindingsSummary` is that
summary, with the rejected rows and the parameters, kept without the findings themselves: the
command line's ``--part summary`` (or ``rejected``, ``parameters``) of a check over a large file
checks it a chunk of rows at a time (:func:`~tenncare_calc.columnar.text_chunks`) and keeps only
this (:func:`summarised`), so its memory does not grow with the file.
"""

from __future__ import annotations

__all__ = ["FindingsSummary", "chosen_part", "summarised", "summary_table"]

from typing import TYPE_CHECKING, Any, Protocol

import attrs

from tenncare_calc.columnar.arrow_kernels import compute
from tenncare_calc.compliance.findings.checks import CHECKS
from tenncare_calc.compliance.findings.finding import CHECK_COLUMN, Outcome, parameters_part
from tenncare_calc.core.errors import InvalidInputError, require
from tenncare_calc.core.explanation import Explanation, cite_all
from tenncare_calc.core.parts import ROW_ACCOUNT_COLUMNS, Cell, Column, ColumnType, Table
from tenncare_calc.core.presentable import Presentable

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence

    from tenncare_calc.contract.parameters import ParameterValue

#: The summary part of a findings table: what was checked, the row accounting, the outcomes.
FINDINGS_SUMMARY_COLUMNS: tuple[Column, ...] = (
    CHECK_COLUMN,
    Column("title", ColumnType.TEXT, description="the check's title"),
    *ROW_ACCOUNT_COLUMNS,
    *(
        Column(
            outcome.value,
            ColumnType.COUNT,
            title=outcome.value.replace("_", " "),
            description=f"findings whose outcome is {outcome.value}",
        )
        for outcome in Outcome
    ),
    Column("section", ColumnType.TEXT, description="the clauses cited"),
)


class FindingsPart(Protocol):
    """What :func:`summarised` reads of each part: a findings table's accounting and outcomes."""

    @property
    def check(self) -> str:
        """The check's id."""

    @property
    def rows_in(self) -> int:
        """The part's rows in."""

    @property
    def rows_used(self) -> int:
        """The part's rows checked."""

    @property
    def rejected(self) -> Any:  # noqa: ANN401 - a pyarrow Table (row, reason)
        """The part's rejected rows."""

    @property
    def parameters(self) -> tuple[ParameterValue, ...]:
        """The profile values the part's check read."""

    def counts(self) -> dict[str, int]:
        """Return how many findings have each outcome."""

    def column(self, name: str) -> Any:  # noqa: ANN401 - a pyarrow ChunkedArray
        """Return one column of the part's findings."""


#: The parts of a findings summary, in reading order.
_PARTS = ("summary", "rejected", "parameters")


def chosen_part(part: str | None, parts: Sequence[str], default: str) -> str:
    """Return the name of the part asked for (``default`` for None); raise naming the parts.

    >>> chosen_part(None, ("summary", "rejected"), "summary")
    'summary'
    >>> chosen_part("findings", ("summary", "rejected"), "summary")
    Traceback (most recent call last):
    ...
    tenncare_calc.InvalidInputError: no part named 'findings'; parts: ['summary', 'rejected']
    """
    name = default if part is None else part
    if name not in parts:
        raise InvalidInputError(
            f"no part named {part!r}; parts: {list(parts)}", field="part", value=part
        )
    return name


def summary_table(
    check: str,
    *,
    rows_in: int,
    rows_used: int,
    rows_rejected: int,
    counts: Mapping[str, int],
    sections: Sequence[str],
) -> Table:
    """Return the ``summary`` part of a check's findings: one record of its accounting and counts.

    >>> print(summary_table("nemt.decision_time", rows_in=3, rows_used=2, rows_rejected=1,
    ...     counts={"met": 2}, sections=["Attachment XI A.5.1.3"]).render_text())
    NEMT decision time (Attachment XI A.5.1.3)
    check           nemt.decision_time
    title           NEMT decision time
    rows in         3
    rows used       2
    rows rejected   1
    met             2
    not met         0
    not applicable  0
    not assessed    0
    section         Attachment XI A.5.1.3
    """
    title = CHECKS[check].title
    cited = cite_all(sections)
    summary: tuple[Cell, ...] = (
        check,
        title,
        rows_in,
        rows_used,
        rows_rejected,
        *(counts.get(outcome.value, 0) for outcome in Outcome),
        cited,
    )
    return Table("summary", f"{title} ({cited})", FINDINGS_SUMMARY_COLUMNS, (summary,), record=True)


@attrs.frozen
class FindingsSummary(Presentable):
    """A batch check's summary, rejected rows and parameters, without the findings themselves.

    ``counts`` has every outcome; ``rejected`` is a pyarrow table (``row``, ``reason``);
    ``rows_in == rows_used + len(rejected)``. Its parts are ``summary``, ``rejected`` and
    ``parameters``, the same as those parts of the findings table.
    """

    check: str
    rows_in: int
    rows_used: int
    counts: Mapping[str, int]
    sections: tuple[str, ...]
    rejected: Any = attrs.field(repr=False)
    parameters: tuple[ParameterValue, ...] = attrs.field(default=(), repr=False)

    @property
    def title(self) -> str:
        """Return the check's title."""
        return CHECKS[self.check].title

    def tables(self) -> tuple[Table, ...]:
        """Return the parts: ``summary``, ``rejected``, ``parameters``."""
        return tuple(self._part(name) for name in _PARTS)

    def table(self, part: str | None = None) -> Table:
        """Return one part by name (``None``: ``summary``), building only that part."""
        return self._part(chosen_part(part, _PARTS, "summary"))

    def _part(self, name: str) -> Table:
        from tenncare_calc.columnar import rejected_table  # noqa: PLC0415 - needs the data extra

        if name == "rejected":
            return rejected_table({"input": self.rejected})
        if name == "parameters":
            return parameters_part(self.parameters)
        return summary_table(
            self.check,
            rows_in=self.rows_in,
            rows_used=self.rows_used,
            rows_rejected=int(self.rejected.num_rows),
            counts=self.counts,
            sections=self.sections,
        )

    def to_dict(self) -> dict[str, Any]:
        """Return the counts, the rejected rows and the parameters as JSON-ready data."""
        from tenncare_calc.columnar import rejected_records  # noqa: PLC0415 - needs the data extra

        return {
            "check": self.check,
            "title": self.title,
            "rows_in": self.rows_in,
            "rows_used": self.rows_used,
            "counts": dict(self.counts),
            "rejected": rejected_records(self.rejected),
            "parameters": [parameter.to_dict() for parameter in self.parameters],
        }

    def explain(self) -> str:
        """Return the counts by outcome and the row accounting, with the clauses cited."""
        from tenncare_calc.columnar import explain_rejected  # noqa: PLC0415 - needs the data extra

        text = Explanation(
            f"{self.title}: {self.rows_used:,} findings  [{cite_all(self.sections)}]"
        )
        explain_rejected(text, self.rejected, self.rows_in)
        for outcome, count in self.counts.items():
            text.add(f"{outcome.replace('_', ' ')}: {count:,}")
        for parameter in self.parameters:
            text.add(f"parameter: {parameter.provenance()}")
        return text.render()


def summarised(
    parts: Iterable[FindingsPart], *, malformed: Sequence[tuple[int, str]] = ()
) -> FindingsSummary:
    """Return the summary of a check's findings given in parts (chunks of one input, in order).

    Each part is read for its counts, sections and rejected rows and let go: the parts of a file
    of any size are summarised in the memory of one. ``malformed`` adds rows the reader left out
    (numbered as the parts number theirs), rejected for their reasons, read once every part is
    (a reader may add to it as it reads); rows are sorted.

    >>> from tenncare_calc.compliance.nemt import decision_time_table
    >>> requests = {"requested_at": ["2008-10-06 09:00"], "decided_at": ["2008-10-07 10:00"]}
    >>> whole = summarised([decision_time_table(requests), decision_time_table(requests)])
    >>> whole.rows_in, whole.counts["not_met"], whole.sections
    (2, 2, ('Attachment XI A.5.1.3',))
    """
    pa = require("pyarrow", extra="data", purpose="findings over a table")
    check = ""
    rows_in = rows_used = 0
    counts: dict[str, int] = dict.fromkeys((outcome.value for outcome in Outcome), 0)
    sections: set[str] = set()
    rejected: list[tuple[int, str]] = []
    parameters: list[ParameterValue] = []
    for part in parts:
        check = part.check
        rows_in += part.rows_in
        rows_used += part.rows_used
        for outcome, count in part.counts().items():
            counts[outcome] += count
        if part.rows_used:
            # a findings table counts its sections' dictionary positions; another part is asked
            texts = getattr(part, "texts", None)
            sections.update(
                texts("section") if texts else compute.unique(part.column("section")).to_pylist()
            )
        rows = part.rejected.column("row").to_pylist()
        rejected += zip(rows, part.rejected.column("reason").to_pylist(), strict=True)
        parameters += [parameter for parameter in part.parameters if parameter not in parameters]
        del part  # let go of this part's findings before the next is made
    if not check:
        raise InvalidInputError(
            "summarised: no findings given; give at least one part", field="parts"
        )
    rejected += malformed  # read after the parts: a reader may tell them as it goes
    rejected.sort()
    return FindingsSummary(
        check=check,
        rows_in=rows_in + len(malformed),
        rows_used=rows_used,
        counts=counts,
        sections=tuple(sorted(sections)) or CHECKS[check].sections,
        rejected=pa.table(
            {
                "row": pa.array([row for row, _ in rejected], pa.int64()),
                "reason": pa.array([reason for _, reason in rejected], pa.large_string()),
            }
        ),
        parameters=tuple(parameters),
    )
