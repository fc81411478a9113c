"""A result's figures, line by line: what a comparison or a reconciliation lines up.

A :class:`Figure` is one amount the library computed, keyed by plan, year and item, with whether
it qualifies (for a measure) and the library's explanation of it. :func:`figures` lists them for a
program run, a single statement or a single damages ledger:

* each measure's amount (item: the measure id), with the line's reason and the arithmetic of the
  line amount (PMPM x member months, and where the member months came from);
* ``earned``, ``payable`` and ``forfeited`` of each statement, with the cap's arithmetic (§3.10.1.2);
* each damage item with a line in the year (item: the schedule id), with its lines' arithmetic.

>>> from tenncare_calc.p4p import sample_path, statement_from_file
>>> found = figures(statement_from_file(sample_path("plan_year_2008.toml")))
>>> found[0].key, found[0].amount, found[0].qualifies
((None, 2008, 'hba1c_testing'), Decimal('64926.56'), True)
>>> [figure.item for figure in found[-3:]]
['earned', 'payable', 'forfeited']
"""

from __future__ import annotations

__all__ = ["DAMAGES", "MEASURE", "STATEMENT", "Figure", "figures"]

from typing import TYPE_CHECKING, Any

import attrs

from tenncare_calc.core.errors import InvalidTypeError
from tenncare_calc.core.values import exact_context, format_decimal, format_money

if TYPE_CHECKING:
    from decimal import Decimal

    from tenncare_calc.damages import DamagesLedger
    from tenncare_calc.p4p import IncentiveStatement

#: The kinds of figure.
MEASURE, STATEMENT, DAMAGES = "measure", "statement", "damages"


@attrs.frozen
class Figure:
    """One amount of a result: plan (``None`` for a single-plan result), year, item, amount."""

    plan: str | None
    year: int
    item: str
    kind: str
    amount: Decimal
    #: Whether a measure qualifies (``None`` for other figures).
    qualifies: bool | None
    explanation: str

    @property
    def key(self) -> tuple[str | None, int, str]:
        """Return what the figure is matched on: (plan, year, item)."""
        return (self.plan, self.year, self.item)

    def to_dict(self) -> dict[str, Any]:
        """Return the figure as JSON-ready data."""
        return {
            "plan": self.plan,
            "year": self.year,
            "item": self.item,
            "kind": self.kind,
            "amount": str(self.amount),
            "qualifies": self.qualifies,
            "explanation": self.explanation,
        }


def statement_figures(
    statement: IncentiveStatement, plan: str | None = None, months_note: str | None = None
) -> list[Figure]:
    """Return a statement's figures: every measure line, then earned, payable and forfeited."""
    year = statement.measurement_year
    pmpm = next(p for p in statement.parameters if p.name == "p4p.pmpm_amount").value
    with exact_context():
        exact = pmpm * statement.member_months
    months = months_note or f"{format_decimal(statement.member_months)} member months"
    line_amount = (
        f"line amount {format_money(statement.line_amount)} = {format_money(pmpm)} PMPM x "
        f"{months} = {format_money(exact)}, rounded to cents (§3.10.2.1, ruling M3)"
    )
    found = [
        Figure(
            plan,
            year,
            line.measure.id,
            MEASURE,
            line.amount,
            line.qualifies,
            f"{line.reason}; {line_amount}" if line.qualifies else line.reason,
        )
        for line in statement.lines
    ]
    cap = statement.cap
    count = len(statement.qualifying)
    state = "binds" if cap.binding else "does not bind"
    found += [
        Figure(
            plan,
            year,
            "earned",
            STATEMENT,
            statement.earned,
            None,
            f"{count} qualifying measure(s) x {format_money(statement.line_amount)}; {line_amount}",
        ),
        Figure(
            plan,
            year,
            "payable",
            STATEMENT,
            cap.payable,
            None,
            f"min(earned {format_money(cap.earned)}, max(0, room {format_money(cap.room)})); room "
            f"= {format_decimal(cap.cap_percent.value)}% x capitation "
            f"{format_money(cap.capitation)} - capitation - other payments "
            f"{format_money(cap.other_payments)}, rounded down; the cap {state} (§3.10.1.2)",
        ),
        Figure(
            plan,
            year,
            "forfeited",
            STATEMENT,
            cap.forfeited,
            None,
            f"earned {format_money(cap.earned)} - payable {format_money(cap.payable)} "
            f"(the cap {state}, §3.10.1.2)",
        ),
    ]
    return found


def ledger_figures(ledger: DamagesLedger, plan: str | None = None) -> list[Figure]:
    """Return a ledger's figures: each damage item with a line, its lines' arithmetic."""
    by_item: dict[str, list[str]] = {}
    for line in ledger.lines:
        steps = "; ".join(line.assessment.steps)
        by_item.setdefault(line.item_id, []).append(f"{line.describe()} ({steps})")
    return [
        Figure(plan, ledger.year, item, DAMAGES, amount, None, "; ".join(by_item[item]))
        for item, amount in ledger.by_item.items()
        if item in by_item
    ]


def figures(result: object) -> tuple[Figure, ...]:
    """Return every figure of a program run, an incentive statement or a damages ledger.

    Examples
    --------
    >>> from tenncare_calc.damages import ledger_from_csv
    >>> from tenncare_calc.p4p import sample_path
    >>> ledger = ledger_from_csv(sample_path("damages_2008.csv"), 2008)
    >>> [(f.item, str(f.amount)) for f in figures(ledger)][:2]
    [('unlicensed_staff', '20800.00'), ('noncompliant_provider_agreements', '10000.00')]
    """
    plan_years = getattr(result, "plan_years", None)
    if plan_years is not None:
        found: list[Figure] = []
        for entry in plan_years:
            found += statement_figures(entry.statement, entry.plan, entry.member_months_note())
            found += ledger_figures(entry.ledger, entry.plan)
        return tuple(found)
    if hasattr(result, "lines") and hasattr(result, "cap"):
        return tuple(statement_figures(result))  # type: ignore[arg-type]
    if hasattr(result, "lines") and hasattr(result, "by_item"):
        return tuple(ledger_figures(result))  # type: ignore[arg-type]
    raise InvalidTypeError(
        "figures come from a program run, an incentive statement or a damages ledger "
        f"(got {type(result).__name__})",
        field="result",
        value=type(result).__name__,
    )
