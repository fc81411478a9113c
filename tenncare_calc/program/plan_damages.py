"""Liquidated damages per plan and year from one table of observations that carry a plan.

Each observation (a row with ``plan``, ``item`` and the fields its item takes; see
:mod:`tenncare_calc.damages.year`) belongs to its plan and to the year its damage accrues
(:func:`~tenncare_calc.damages.accrual_date`). Each plan-year's observations, without the ``plan``
field, make that plan-year's ledger (:func:`~tenncare_calc.damages.damages_ledger`, the single-plan
computation), with the plan's total payments checked against the maximum liability when the plan
facts give them (§3.12.1.1). Every ledger line and rejected row keeps its row in the program's
table. A row with no plan, a plan with no plan facts, a record that cannot be dated or that
accrues in a year with no plan facts for its plan is rejected with its reason.

>>> from tenncare_calc.program.plan_facts import PlanFacts
>>> facts = [PlanFacts("east", 2008, Decimal(1)), PlanFacts("east", 2009, Decimal(1))]
>>> damages = plan_ledgers([
...     {"plan": "east", "item": "geographic_access", "month": "2008-05", "standards_met": "no"},
...     {"plan": "east", "item": "geographic_access", "month": "2009-01", "standards_met": "no"},
... ], facts=facts)
>>> damages.of("east", 2009).total, damages.of("east", 2009).lines[0].row
(Decimal('25000.00'), 1)
"""

from __future__ import annotations

__all__ = ["DamagesByPlan", "plan_ledgers"]

from decimal import Decimal  # noqa: F401 - the module's example uses it
from typing import TYPE_CHECKING, Any

import attrs

from tenncare_calc.columnar import check_on_error
from tenncare_calc.core.errors import RejectedRowsError, TennCareError
from tenncare_calc.damages import (
    OBSERVATION_FIELDS,
    accrual_date,
    check_duplicates,
    damages_ledger,
    repeated_rows,
)
from tenncare_calc.program.input_tables import as_rows, plan_name

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from tenncare_calc.columnar import InputRows, OnError
    from tenncare_calc.contract.profile import ContractProfile
    from tenncare_calc.damages import DamagesLedger, Duplicates
    from tenncare_calc.program.plan_facts import PlanFacts


@attrs.frozen
class DamagesByPlan:
    """Every plan-year's damages ledger from one observations table, and the rows not used."""

    by_plan_year: Mapping[tuple[str, int], DamagesLedger] = attrs.field(repr=False)
    source: str
    rows_in: int
    #: ``(row, reason)`` of the observations not used: a file's line (header = 1), else 0-based.
    rejected: tuple[tuple[int, str], ...]

    def of(self, plan: str, year: int) -> DamagesLedger:
        """Return the ledger of one plan-year."""
        return self.by_plan_year[plan, year]


def _renumbered(ledger: DamagesLedger, positions: Sequence[int]) -> DamagesLedger:
    """Return the ledger with its lines' and rejected rows' numbers in the program's table."""
    return attrs.evolve(
        ledger,
        lines=tuple(attrs.evolve(line, row=positions[line.row]) for line in ledger.lines),
        rejected=tuple((positions[row], reason) for row, reason in ledger.rejected),
    )


def _group(
    rows: InputRows,
    facts: Sequence[PlanFacts],
    profile: ContractProfile | None,
    repeats: Mapping[int, int],
) -> tuple[dict[tuple[str, int], list[tuple[int, dict[str, Any]]]], list[tuple[int, str]]]:
    years: dict[str, set[int]] = {}
    for fact in facts:
        years.setdefault(fact.plan, set()).add(fact.year)
    grouped: dict[tuple[str, int], list[tuple[int, dict[str, Any]]]] = {
        (fact.plan, fact.year): [] for fact in facts
    }
    rejected: list[tuple[int, str]] = []
    for number, row in enumerate(rows.rows):
        if all(value is None for value in row.values()):
            continue
        if number in repeats:
            rejected.append(
                (
                    number,
                    (
                        f"an exact duplicate of {rows.where(repeats[number])} (every field "
                        "equal), charged once; if both happened, tell them apart (a "
                        "'reference'), or pass duplicates='keep'"
                    ),
                )
            )
            continue
        plan = plan_name(row.get("plan"))
        record = {key: value for key, value in row.items() if key != "plan"}
        if plan is None:
            rejected.append((number, "no 'plan' given"))
            continue
        if plan not in years:
            rejected.append((number, f"plan {plan!r} has no row in the plan facts"))
            continue
        try:
            accrues = accrual_date(record, profile=profile)
        except TennCareError as error:
            rejected.append((number, str(error)))
            continue
        if accrues.year not in years[plan]:
            rejected.append(
                (
                    number,
                    (
                        f"accrues on {accrues.isoformat()}, in {accrues.year}, a year with no "
                        f"plan facts for plan {plan!r}"
                    ),
                )
            )
            continue
        grouped[plan, accrues.year].append((number, record))
    return grouped, rejected


def plan_ledgers(
    observations: object | None,
    *,
    facts: Sequence[PlanFacts],
    per_element: bool | None = None,
    on_error: OnError = "raise",
    profile: ContractProfile | None = None,
    columns: Mapping[str, str] | None = None,
    duplicates: Duplicates = "reject",
) -> DamagesByPlan:
    """Return a damages ledger for every plan-year of ``facts`` (§4.20.2.2.7, Attachment VII).

    ``observations`` is a path, rows, columns or a DataFrame (see
    :func:`~tenncare_calc.program.input_tables.as_rows`) with the columns ``plan`` and ``item``
    and the fields each item takes, or ``None`` for no observations (every ledger empty).
    ``on_error="raise"`` raises every rejected row together; ``"collect"`` keeps them in
    ``.rejected``. ``columns`` renames (library name -> yours); ``duplicates="reject"`` rejects a
    row whose every field (the plan included) equals an earlier row's, naming that row.
    """
    mode = check_on_error(on_error)
    repeats_allowed = check_duplicates(duplicates) == "keep"
    rows = (
        None
        if observations is None
        else as_rows(
            observations, name="damages", columns=columns, valid=(*OBSERVATION_FIELDS, "plan")
        )
    )
    if rows is None:
        grouped: dict[tuple[str, int], list[tuple[int, dict[str, Any]]]] = {
            (fact.plan, fact.year): [] for fact in facts
        }
        rejected: list[tuple[int, str]] = []
    else:
        rows.require_columns({"plan", "item"})
        grouped, rejected = _group(
            rows, facts, profile, {} if repeats_allowed else repeated_rows(rows.rows)
        )
    ledgers: dict[tuple[str, int], DamagesLedger] = {}
    for fact in facts:
        pairs = grouped[fact.plan, fact.year]
        ledger = damages_ledger(
            fact.year,
            [record for _, record in pairs],
            total_payments=fact.total_payments,
            per_element=per_element,
            duplicates="keep",  # the program's table was checked as a whole above
            on_error="collect",
            profile=profile,
        )
        ledger = _renumbered(ledger, [number for number, _ in pairs])
        rejected.extend(ledger.rejected)
        ledgers[fact.plan, fact.year] = ledger
    rejected.sort()
    source = "(none)" if rows is None else rows.source
    rows_in = 0 if rows is None else len(rows.rows)
    if rows is None:
        return DamagesByPlan(ledgers, source, rows_in, tuple(rejected))
    if rejected and mode == "raise":
        lines = "\n".join(f"{rows.where(row)}: {reason}" for row, reason in rejected)
        raise RejectedRowsError(
            f"{len(rejected)} of {rows_in} observation(s) cannot be assessed; fix them or pass "
            f"on_error='collect':\n{lines}",
            field="damages",
            rejected=tuple((rows.number(row), reason) for row, reason in rejected),
        )
    ledgers = {key: ledger.renumbered(rows.number) for key, ledger in ledgers.items()}
    numbered = tuple((rows.number(row), reason) for row, reason in rejected)
    return DamagesByPlan(ledgers, source, rows_in, numbered)
