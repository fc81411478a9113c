"""Scenarios side by side: a what-if run against its baseline, line by line (§3.10, VII).

:func:`compare` lines up the figures of two runs of the same inputs (a program run, a single
statement or a single damages ledger; see :mod:`~tenncare_calc.program.line_figures`): per plan,
year and measure (and earned, payable, forfeited, damage item) the baseline amount, the scenario
amount and the change, with the measures whose qualification flips called out. The scenario is
anything that changes the computation: a what-if ``--set``, another profile, a changed
effect-size table, a switchable ruling. A scenario equal to its baseline has no differences.

>>> from tenncare_calc import load_profile
>>> from tenncare_calc.p4p import sample_path, statement_from_file
>>> path = sample_path("plan_year_2008.toml")
>>> baseline = statement_from_file(path)
>>> scenario = statement_from_file(path, profile=load_profile(overrides={"p4p.pmpm_amount": "0.04"}))
>>> comparison = compare(baseline, scenario)
>>> comparison.line(None, 2008, "payable").change
Decimal('108210.95')
>>> compare(baseline, baseline).differences
()
"""

from __future__ import annotations

__all__ = ["ComparedLine", "Comparison", "compare"]

from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from tenncare_calc.core.errors import InvalidInputError
from tenncare_calc.core.explanation import Explanation
from tenncare_calc.core.parts import Cell, Column, ColumnType, Table
from tenncare_calc.core.presentable import Presentable
from tenncare_calc.core.values import exact_context, format_money
from tenncare_calc.program.line_figures import MEASURE, Figure, figures

if TYPE_CHECKING:
    from collections.abc import Mapping

ZERO = Decimal("0.00")
GAINS, LOSES = "gains", "loses"


@attrs.frozen
class ComparedLine:
    """One figure in the baseline and the scenario (``None`` where a run has no such line)."""

    plan: str | None
    year: int
    item: str
    kind: str
    baseline: Figure | None
    scenario: Figure | None

    @property
    def baseline_amount(self) -> Decimal | None:
        """Return the baseline amount, or ``None`` when the baseline has no such line."""
        return None if self.baseline is None else self.baseline.amount

    @property
    def scenario_amount(self) -> Decimal | None:
        """Return the scenario amount, or ``None`` when the scenario has no such line."""
        return None if self.scenario is None else self.scenario.amount

    @property
    def change(self) -> Decimal:
        """Return scenario - baseline (a missing line counts as zero)."""
        with exact_context():
            return (self.scenario_amount or ZERO) - (self.baseline_amount or ZERO)

    @property
    def flip(self) -> str | None:
        """Return ``"gains"`` or ``"loses"`` when a measure's qualification flips, else ``None``."""
        before = self.baseline is not None and bool(self.baseline.qualifies)
        after = self.scenario is not None and bool(self.scenario.qualifies)
        if self.kind != MEASURE or before == after:
            return None
        return GAINS if after else LOSES

    @property
    def differs(self) -> bool:
        """Return whether the amounts differ, a qualification flips or one run lacks the line."""
        return (
            self.change != 0
            or self.flip is not None
            or (self.baseline is None) != (self.scenario is None)
        )

    def cells(self) -> tuple[Cell, ...]:
        """Return the line as a row of the comparison's parts."""
        return (
            self.plan,
            self.year,
            self.item,
            self.kind,
            self.baseline_amount,
            self.scenario_amount,
            self.change,
            None if self.baseline is None else self.baseline.qualifies,
            None if self.scenario is None else self.scenario.qualifies,
            self.flip,
            None if self.scenario is None else self.scenario.explanation,
        )

    def describe(self) -> str:
        """Return the line as one row of text: who, what, before, after, change."""
        who = "" if self.plan is None else f"plan {self.plan}, "
        before = "—" if self.baseline is None else format_money(self.baseline.amount)
        after = "—" if self.scenario is None else format_money(self.scenario.amount)
        sign = "+" if self.change > 0 else ""
        flip = f" [qualification {self.flip.upper()}]" if self.flip else ""
        return (
            f"{who}{self.year} {self.item}: {before} -> {after} ({sign}{format_money(self.change)})"
            f"{flip}"
        )


_COLUMNS = (
    Column("plan", ColumnType.TEXT, none_text="(the plan)"),
    Column("year", ColumnType.COUNT, grouping=False),
    Column("item", ColumnType.TEXT),
    Column("kind", ColumnType.TEXT, brief=False),
    Column("baseline", ColumnType.MONEY),
    Column("scenario", ColumnType.MONEY),
    Column("change", ColumnType.MONEY, description="scenario - baseline"),
    Column("baseline_qualifies", ColumnType.BOOL, title="qualified", brief=False),
    Column("scenario_qualifies", ColumnType.BOOL, title="qualifies", brief=False),
    Column("flip", ColumnType.TEXT, description="a measure that gains or loses qualification"),
    Column("scenario_reason", ColumnType.TEXT, title="scenario's explanation", brief=False),
)
_PLAN_COLUMNS = (
    Column("plan", ColumnType.TEXT, none_text="(the plan)"),
    Column("baseline_payable", ColumnType.MONEY, title="baseline payable"),
    Column("scenario_payable", ColumnType.MONEY, title="scenario payable"),
    Column("change", ColumnType.MONEY),
    Column("flips", ColumnType.COUNT, title="qualification flips"),
)


def _with_plan(columns: tuple[Column, ...], plans: list[str | None]) -> tuple[Column, ...]:
    """Return the columns, the plan left out of the terminal view when there is one plan only."""
    if any(plan is not None for plan in plans):
        return columns
    return tuple(attrs.evolve(c, brief=False) if c.name == "plan" else c for c in columns)


def _label(result: object) -> str:
    profile = f"{getattr(result, 'profile_id', '?')} {getattr(result, 'profile_version', '')}"
    overrides = getattr(result, "overrides", ())
    shown = "; ".join(f"{name} = {value}" for name, value in overrides)
    return f"profile {profile.strip()}" + (f", what-ifs: {shown}" if shown else "")


@attrs.frozen
class Comparison(Presentable):
    """A scenario's figures beside its baseline's: every line, the changes and the flips."""

    lines: tuple[ComparedLine, ...]
    baseline_label: str
    scenario_label: str

    @property
    def differences(self) -> tuple[ComparedLine, ...]:
        """Return the lines that differ (amount, qualification, or presence)."""
        return tuple(line for line in self.lines if line.differs)

    @property
    def flips(self) -> tuple[ComparedLine, ...]:
        """Return the measure lines whose qualification flips."""
        return tuple(line for line in self.lines if line.flip is not None)

    def line(self, plan: str | None, year: int, item: str) -> ComparedLine:
        """Return one line by plan (``None`` for a single plan), year and item."""
        for line in self.lines:
            if (line.plan, line.year, line.item) == (plan, year, item):
                return line
        raise InvalidInputError(
            f"no compared line for plan {plan!r}, {year}, {item!r}", field="item", value=item
        )

    def _payable(self, plan: str | None) -> tuple[Decimal, Decimal]:
        chosen = [x for x in self.lines if x.item == "payable" and (plan is None or x.plan == plan)]
        with exact_context():
            return (
                sum((x.baseline_amount or ZERO for x in chosen), ZERO),
                sum((x.scenario_amount or ZERO for x in chosen), ZERO),
            )

    def tables(self) -> tuple[Table, ...]:
        """Return the parts: ``summary``, ``changes`` (the primary part), ``by_plan``, ``lines``."""
        before, after = self._payable(None)
        with exact_context():
            change = after - before
        summary: dict[str, Cell] = {
            "baseline": self.baseline_label,
            "scenario": self.scenario_label,
            "lines": len(self.lines),
            "differences": len(self.differences),
            "flips": len(self.flips),
            "baseline_payable": before,
            "scenario_payable": after,
            "change": change,
        }
        summary_columns = (
            Column("baseline", ColumnType.TEXT),
            Column("scenario", ColumnType.TEXT),
            Column("lines", ColumnType.COUNT, title="lines compared"),
            Column("differences", ColumnType.COUNT, title="lines that differ"),
            Column("flips", ColumnType.COUNT, title="qualification flips"),
            Column("baseline_payable", ColumnType.MONEY, title="baseline payable"),
            Column("scenario_payable", ColumnType.MONEY, title="scenario payable"),
            Column("change", ColumnType.MONEY, title="change in payable"),
        )
        plans = list(dict.fromkeys(line.plan for line in self.lines))
        columns = _with_plan(_COLUMNS, plans)
        by_plan = []
        for plan in plans:
            low, high = self._payable(plan) if plan is not None else (before, after)
            flips = sum(1 for line in self.flips if line.plan == plan)
            with exact_context():
                by_plan.append((plan, low, high, high - low, flips))
        return (
            Table.from_records("summary", "Scenario against baseline", summary_columns, [summary],
                               record=True),
            Table("changes", "Lines that differ (qualification flips called out)", columns,
                  tuple(line.cells() for line in self.differences)),
            Table("by_plan", "Payable by plan, baseline and scenario", _PLAN_COLUMNS,
                  tuple(by_plan)),
            Table("lines", "Every line, baseline and scenario", columns,
                  tuple(line.cells() for line in self.lines), brief=False),
        )  # fmt: skip

    def explain(self) -> str:
        """Return the comparison as text: what changed, the flips with both reasons."""
        text = Explanation("Scenario against baseline")
        text.add(f"baseline: {self.baseline_label}")
        text.add(f"scenario: {self.scenario_label}")
        before, after = self._payable(None)
        with exact_context():
            change = after - before
        text.add(
            f"{len(self.lines)} line(s) compared; {len(self.differences)} differ; "
            f"{len(self.flips)} qualification flip(s); payable {format_money(before)} -> "
            f"{format_money(after)} ({'+' if change > 0 else ''}{format_money(change)})"
        )
        if not self.differences:
            text.add("The scenario gives the baseline's figures on every line.")
        for line in self.differences:
            text.add(line.describe())
            if line.flip is not None:
                if line.baseline is not None:
                    text.add(f"baseline: {line.baseline.explanation}", indent=2)
                if line.scenario is not None:
                    text.add(f"scenario: {line.scenario.explanation}", indent=2)
        return text.render()

    def to_dict(self) -> dict[str, Any]:
        """Return the comparison as JSON-ready data (Decimals as strings)."""

        def figure(value: Figure | None) -> dict[str, Any] | None:
            return None if value is None else value.to_dict()

        return {
            "comparison": "scenario_against_baseline",
            "baseline": self.baseline_label,
            "scenario": self.scenario_label,
            "differences": len(self.differences),
            "flips": len(self.flips),
            "lines": [
                {
                    "plan": line.plan,
                    "year": line.year,
                    "item": line.item,
                    "kind": line.kind,
                    "change": str(line.change),
                    "flip": line.flip,
                    "baseline": figure(line.baseline),
                    "scenario": figure(line.scenario),
                }
                for line in self.lines
            ],
        }


def compare(baseline: object, scenario: object) -> Comparison:
    """Return a scenario's figures beside its baseline's, line by line (§3.10, Attachment VII).

    ``baseline`` and ``scenario`` are two results of the same kind: program runs, incentive
    statements or damages ledgers. Lines are matched by plan, year and item; a line only one run
    has is a difference. A scenario equal to its baseline has no differences.

    The switchable reading of ruling P3 (a behavioral measure qualifies when any supplied rate
    meets its percentile) on the bundled program sample:

    >>> from tenncare_calc import load_profile
    >>> from tenncare_calc.p4p import sample_path
    >>> from tenncare_calc.program import program_from_folder
    >>> folder = sample_path("program/rates.csv").parent
    >>> lenient = load_profile(overrides={"p4p.behavioral_rates_rule": "any"})
    >>> comparison = compare(program_from_folder(folder), program_from_folder(folder, profile=lenient))
    >>> [(line.plan, line.year, line.item, line.flip) for line in comparison.flips][:2]
    [('east', 2008, 'antidepressant_medication_management', 'gains'), ...]
    """
    before: Mapping[tuple[str | None, int, str], Figure] = {f.key: f for f in figures(baseline)}
    after: Mapping[tuple[str | None, int, str], Figure] = {f.key: f for f in figures(scenario)}
    keys = list(dict.fromkeys([*before, *after]))
    lines = tuple(
        ComparedLine(
            plan,
            year,
            item,
            (before.get((plan, year, item)) or after[plan, year, item]).kind,
            before.get((plan, year, item)),
            after.get((plan, year, item)),
        )
        for plan, year, item in keys
    )
    return Comparison(lines, _label(baseline), _label(scenario))
