"""Reconciliation: someone else's figures against the library's, line by line (§3.10, VII).

A state analyst checks a letter before it goes out; a plan's analyst checks the letter it received.
:func:`reconcile` takes their figures (a table of ``plan``, ``year``, ``item`` and ``amount``:
the item is a measure id, ``earned``, ``payable``, ``forfeited`` or a damage item id) and lists
every line as

* **agrees**: both have the line, with the same amount;
* **differs**: both have it, with different amounts (``difference = theirs - ours``);
* **only in theirs** / **only in ours**: one side lacks the line;

each line that does not agree with the library's explanation of its own figure (the measure's
rates and threshold, the line amount's member months, the cap's arithmetic, the damage's lines),
so a reviewer sees which input or reading explains the gap. Reconciling a run against its own
figures (its ``figures`` part) agrees on every line.

>>> from tenncare_calc.p4p import sample_path
>>> from tenncare_calc.program import program_from_folder
>>> folder = sample_path("program/rates.csv").parent
>>> run = program_from_folder(folder)
>>> reconcile(run, run.rows("figures")).counts
{'agrees': 81, 'differs': 0, 'only_theirs': 0, 'only_ours': 0}
"""

from __future__ import annotations

__all__ = [
    "AGREES",
    "DIFFERS",
    "ONLY_OURS",
    "ONLY_THEIRS",
    "ReconciledLine",
    "Reconciliation",
    "reconcile",
]

from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from tenncare_calc.columnar import row_word
from tenncare_calc.core.errors import InvalidInputError, RejectedRowsError, TennCareError
from tenncare_calc.core.explanation import Explanation
from tenncare_calc.core.parts import Cell, Column, ColumnType, Table
from tenncare_calc.core.presentable import Presentable
from tenncare_calc.core.values import exact_context, format_money, to_money
from tenncare_calc.program.input_tables import as_rows, plan_name, year_of
from tenncare_calc.program.line_figures import Figure, figures

if TYPE_CHECKING:
    from collections.abc import Mapping
    from decimal import Decimal

    from tenncare_calc.columnar import InputRows

AGREES, DIFFERS, ONLY_THEIRS, ONLY_OURS = "agrees", "differs", "only_theirs", "only_ours"
STATUSES = (AGREES, DIFFERS, ONLY_THEIRS, ONLY_OURS)
_SHOWN = {
    AGREES: "agrees",
    DIFFERS: "differs",
    ONLY_THEIRS: "only in theirs",
    ONLY_OURS: "only in ours",
}


@attrs.frozen
class ReconciledLine:
    """One line of a reconciliation: their amount, ours, the status and our explanation."""

    plan: str | None
    year: int
    item: str
    theirs: Decimal | None
    ours: Figure | None
    #: Their row (a file's line, header = 1; else 0-based), ``None`` for a line only in ours.
    row: int | None

    @property
    def status(self) -> str:
        """Return ``agrees``, ``differs``, ``only_theirs`` or ``only_ours``."""
        if self.ours is None:
            return ONLY_THEIRS
        if self.theirs is None:
            return ONLY_OURS
        return AGREES if self.theirs == self.ours.amount else DIFFERS

    @property
    def difference(self) -> Decimal | None:
        """Return theirs - ours when both have the line, else ``None``."""
        if self.theirs is None or self.ours is None:
            return None
        with exact_context():
            return self.theirs - self.ours.amount

    def describe(self) -> str:
        """Return the line as text: who, what, theirs, ours, status."""
        who = "" if self.plan is None else f"plan {self.plan}, "
        theirs = "—" if self.theirs is None else format_money(self.theirs)
        ours = "—" if self.ours is None else format_money(self.ours.amount)
        by = "" if self.difference is None else f" by {format_money(self.difference)}"
        return (
            f"{who}{self.year} {self.item}: theirs {theirs}, ours {ours}: {_SHOWN[self.status]}{by}"
        )


_COLUMNS = (
    Column("plan", ColumnType.TEXT, none_text="(the plan)"),
    Column("year", ColumnType.COUNT, grouping=False),
    Column("item", ColumnType.TEXT),
    Column("theirs", ColumnType.MONEY),
    Column("ours", ColumnType.MONEY),
    Column("difference", ColumnType.MONEY, description="theirs - ours"),
    Column("status", ColumnType.TEXT, description="agrees, differs, only_theirs, only_ours"),
    Column("row", ColumnType.COUNT, title="their row", brief=False),
    Column("explanation", ColumnType.TEXT, title="our explanation", brief=False),
)


@attrs.frozen
class Reconciliation(Presentable):
    """Their figures against the library's: every line with its status and our explanation."""

    lines: tuple[ReconciledLine, ...]
    source: str
    label: str

    @property
    def counts(self) -> dict[str, int]:
        """Return how many lines have each status."""
        return {status: sum(1 for x in self.lines if x.status == status) for status in STATUSES}

    @property
    def differences(self) -> tuple[ReconciledLine, ...]:
        """Return the lines that do not agree."""
        return tuple(line for line in self.lines if line.status != AGREES)

    def _cells(self, line: ReconciledLine) -> tuple[Any, ...]:
        ours = line.ours
        return (
            line.plan,
            line.year,
            line.item,
            line.theirs,
            None if ours is None else ours.amount,
            line.difference,
            line.status,
            line.row,
            None if ours is None else ours.explanation,
        )

    def tables(self) -> tuple[Table, ...]:
        """Return the parts: ``summary``, ``differences`` (the primary part) and ``lines``."""
        single = all(line.plan is None for line in self.lines)
        line_columns = tuple(
            attrs.evolve(c, brief=False) if single and c.name == "plan" else c for c in _COLUMNS
        )
        summary: dict[str, Cell] = {
            "theirs_source": self.source,
            "ours": self.label,
            "lines": len(self.lines),
            **self.counts,
        }
        columns = (
            Column("theirs_source", ColumnType.TEXT, title="their figures"),
            Column("ours", ColumnType.TEXT, title="our run"),
            Column("lines", ColumnType.COUNT),
            *(Column(s, ColumnType.COUNT, title=_SHOWN[s]) for s in STATUSES),
        )
        return (
            Table.from_records("summary", "Reconciliation", columns, [summary], record=True),
            Table("differences", "Lines that do not agree, with our explanation", line_columns,
                  tuple(self._cells(line) for line in self.differences)),
            Table("lines", "Every line", line_columns, tuple(self._cells(line) for line in self.lines),
                  brief=False),
        )  # fmt: skip

    def explain(self) -> str:
        """Return the reconciliation as text: the counts, then every line that does not agree."""
        text = Explanation(f"Reconciliation of {self.source} against the library's run")
        text.add(f"ours: {self.label}")
        text.add(
            ", ".join(f"{count} {_SHOWN[status]}" for status, count in self.counts.items())
            + f" ({len(self.lines)} line(s))"
        )
        if not self.differences:
            text.add("Every line agrees.")
        for line in self.differences:
            text.add(line.describe())
            if line.ours is not None:
                text.add(f"ours: {line.ours.explanation}", indent=2)
        return text.render()

    def to_dict(self) -> dict[str, Any]:
        """Return the reconciliation as JSON-ready data (Decimals as strings)."""
        return {
            "reconciliation": self.source,
            "ours": self.label,
            "counts": self.counts,
            "lines": [
                {
                    "plan": line.plan,
                    "year": line.year,
                    "item": line.item,
                    "status": line.status,
                    "theirs": None if line.theirs is None else str(line.theirs),
                    "ours": None if line.ours is None else str(line.ours.amount),
                    "difference": None if line.difference is None else str(line.difference),
                    "row": line.row,
                    "explanation": None if line.ours is None else line.ours.explanation,
                }
                for line in self.lines
            ],
        }


def _name(rows: InputRows, names: tuple[str, str]) -> str | None:
    found = [name for name in names if name in rows.columns]
    if len(found) > 1:
        raise InvalidInputError(
            f"{rows.source}: give {names[0]!r} or {names[1]!r}, not both",
            field=names[0],
            value=list(rows.columns),
        )
    return found[0] if found else None


def _their_lines(
    rows: InputRows, *, plans: bool
) -> dict[tuple[str | None, int, str], tuple[Decimal, int]]:
    year_column = _name(rows, ("year", "measurement_year")) or "year"
    item_column = _name(rows, ("item", "measure")) or "item"
    required = {"amount", year_column or "year", item_column or "item"} | (
        {"plan"} if plans else set()
    )
    rows.require_columns(required)
    found: dict[tuple[str | None, int, str], tuple[Decimal, int]] = {}
    rejected: list[tuple[int, str]] = []
    for number, row in enumerate(rows.rows):
        if all(value is None for value in row.values()):
            continue
        try:
            plan = plan_name(row.get("plan")) if plans else None
            if plans and plan is None:
                raise InvalidInputError("no 'plan' given", field="plan", value=None)
            year = year_of(row.get(year_column), field=year_column)
            item = str(row.get(item_column) or "").strip()
            if not item:
                raise InvalidInputError(f"no {item_column!r} given", field="item", value=None)
            amount = to_money(row.get("amount"), field="amount")
        except TennCareError as error:
            rejected.append((number, str(error)))
            continue
        if (plan, year, item) in found:
            first = found[plan, year, item][1]
            again = f"already given in {row_word(rows.format)} {rows.number(first)}"
            rejected.append((number, f"{item} of {year} is {again}"))
            continue
        found[plan, year, item] = (amount, number)
    if rejected:
        lines = "\n".join(f"{rows.where(row)}: {reason}" for row, reason in rejected)
        numbered = tuple((rows.number(row), reason) for row, reason in rejected)
        raise RejectedRowsError(lines, field="theirs", rejected=numbered)
    return found


#: The columns of their figures (the names ``columns=`` maps).
THEIR_COLUMNS = ("plan", "year", "measurement_year", "item", "measure", "amount")


def reconcile(
    ours: object, theirs: object, *, columns: Mapping[str, str] | None = None
) -> Reconciliation:
    """Return someone else's figures checked against the library's, line by line (§3.10, VII).

    Parameters
    ----------
    ours
        The library's result: a program run, an incentive statement or a damages ledger.
    theirs
        Their figures: a path, rows, columns or a DataFrame with ``year`` (or
        ``measurement_year``), ``item`` (or ``measure``), ``amount`` and, for a program run,
        ``plan``. Amounts are dollars; each plan, year and item at most once.
    columns
        Your column names for theirs: ``{"amount": "PAID"}``
        (:mod:`tenncare_calc.columnar.column_mapping`).

    Examples
    --------
    >>> from tenncare_calc.p4p import sample_path, statement_from_file
    >>> statement = statement_from_file(sample_path("plan_year_2008.toml"))
    >>> result = reconcile(statement, [
    ...     {"year": 2008, "item": "hba1c_testing", "amount": "64926.56"},
    ...     {"year": 2008, "item": "ldl_c_screening", "amount": "64926.56"},
    ...     {"year": 2008, "item": "payable", "amount": "324632.80"},
    ... ])
    >>> result.counts
    {'agrees': 2, 'differs': 1, 'only_theirs': 0, 'only_ours': 9}
    >>> line = next(line for line in result.lines if line.status == "differs")
    >>> line.item, line.difference
    ('ldl_c_screening', Decimal('64926.56'))
    >>> print(line.ours.explanation)
    does not qualify: improvement 2.4 points (73.9 - 71.5) < required 3 points ...
    """
    rows = as_rows(theirs, name="theirs", columns=columns, valid=THEIR_COLUMNS)
    plans = getattr(ours, "plan_years", None) is not None
    given = _their_lines(rows, plans=plans)
    mine = {figure.key: figure for figure in figures(ours)}
    lines = [
        ReconciledLine(plan, year, item, amount, mine.get((plan, year, item)), rows.number(row))
        for (plan, year, item), (amount, row) in given.items()
    ]
    lines += [
        ReconciledLine(figure.plan, figure.year, figure.item, None, figure, None)
        for key, figure in mine.items()
        if key not in given
    ]
    order = {key: at for at, key in enumerate(mine)}
    lines.sort(key=lambda x: (order.get((x.plan, x.year, x.item), len(order)), x.row or 0))
    overrides = getattr(ours, "overrides", ())
    what_if = "; ".join(f"{name} = {value}" for name, value in overrides)
    label = f"profile {getattr(ours, 'profile_id', '?')} {getattr(ours, 'profile_version', '')}"
    source = Path(rows.source).name if rows.format != "rows" else rows.source
    return Reconciliation(
        tuple(lines), source, label.strip() + (f", what-ifs: {what_if}" if what_if else "")
    )
