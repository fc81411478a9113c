"""The result of assessing one liquidated damage: amount, item, clause, and what was applied.

>>> from tenncare_calc.damages import geographic_access
>>> result = geographic_access(False, corrective_action_plan=True)
>>> result.amount, result.base_amount, result.reduction_applied
(Decimal('5000.00'), Decimal('25000.00'), True)
>>> result.applied
'lowered to $5,000.00 (corrective action plan accepted)'

An assessment shows itself as tables too (parts ``assessment``, ``inputs`` and, for a percentage
measured per element, ``elements``), so it prints as HTML in a notebook, as Markdown, CSV, a
DataFrame, or a workbook whose base amount and amount are live formulas:

>>> print(result.table("assessment").render_text(brief=True))
Liquidated damage: Distance from provider to member [geographic_access]
item                    geographic_access
section                 Attachment VII
quantity                —
rate                    —
base amount             $25,000.00
lowered to              $5,000.00
waived                  no
amount                  $5,000.00
corrective action plan  yes
"""

from __future__ import annotations

__all__ = ["Assessment", "ElementResult", "line_cells"]

from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from tenncare_calc.core.explanation import Explanation, cite_all
from tenncare_calc.core.parts import Cell, Column, ColumnType, Table
from tenncare_calc.core.presentable import Presentable, short_repr
from tenncare_calc.core.values import format_money, format_rate
from tenncare_calc.damages.lines import LINE_COLUMNS, LINE_FORMULAS, PER_UNIT
from tenncare_calc.damages.schedule import ElementRule

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Mapping

    from tenncare_calc.contract.parameters import ParameterValue
    from tenncare_calc.damages.rules import Tier
    from tenncare_calc.damages.schedule import DamageItem


@attrs.frozen
class ElementResult:
    """One data element of a percentage measured per element (Provider Information Accuracy)."""

    name: str
    percent: Decimal
    tier: Tier | None
    #: The element's own damage: its tier's amount, after any reduction or waiver when each
    #: element is assessed separately; the bare tier amount when the worst element decides.
    amount: Decimal
    worst: bool = False

    def describe(self) -> str:
        """Return the element, its percentage and its tier in one line."""
        tier = "no tier (no damage)" if self.tier is None else f"tier {self.tier.describe()}"
        flag = "  <- worst element" if self.worst else ""
        return f"{self.name}: {format_rate(self.percent)} -> {tier}{flag}"

    def to_dict(self) -> dict[str, Any]:
        """Return the element as JSON-ready data."""
        return {
            "name": self.name,
            "percent": str(self.percent),
            "tier": None if self.tier is None else self.tier.to_dict(),
            "amount": str(self.amount),
            "worst": self.worst,
        }


_RECORD_COLUMNS = (
    *LINE_COLUMNS,
    Column(
        "corrective_action_plan",
        ColumnType.BOOL,
        title="corrective action plan",
        description="an accepted corrective action plan was given",
    ),
    Column(
        "waiver_requested",
        ColumnType.BOOL,
        title="waiver requested",
        brief=False,
        description="the State's waiver was given as an input",
    ),
    Column("citation", ColumnType.TEXT, brief=False),
)
_INPUT_COLUMNS = (
    Column("name", ColumnType.TEXT),
    Column("value", ColumnType.TEXT, description="as given, exact"),
)
_ELEMENT_COLUMNS = (
    Column("element", ColumnType.TEXT),
    Column("percent", ColumnType.RATE),
    Column("tier", ColumnType.TEXT),
    Column("amount", ColumnType.MONEY, description="the element's own damage"),
    Column("worst", ColumnType.BOOL, description="the worst element, which decides (ruling L3)"),
)


@attrs.frozen(repr=False)
class Assessment(Presentable):
    """One assessed liquidated damage with every input, step, reduction and waiver it applied.

    ``amount`` is the damage line, rounded to cents half-up (ruling M3); ``base_amount`` is the
    amount before any reduction or waiver. ``explain()`` prints the arithmetic with the clause;
    ``to_dict()`` gives the same as JSON-ready data; ``tables()`` gives the parts ``assessment``
    (one record: the line), ``inputs`` and, for a percentage measured per element, ``elements``.
    """

    item: DamageItem = attrs.field(repr=lambda item: repr(item.id))
    amount: Decimal
    base_amount: Decimal
    inputs: tuple[tuple[str, str], ...]
    steps: tuple[str, ...]
    quantity: int | None = None
    tier: Tier | None = None
    corrective_action_plan: bool = False
    reduction_applied: bool = False
    waiver_requested: bool = False
    waiver_applied: bool = False
    notes: tuple[str, ...] = ()
    elements: tuple[ElementResult, ...] = ()
    element_rule: ElementRule | None = None
    schedule: ParameterValue | None = attrs.field(default=None, repr=False)
    on: dt.date | None = None

    def __repr__(self) -> str:
        """Return the item, the amount and the amount before any reduction."""
        return short_repr(self, item=self.item.id, amount=self.amount, base_amount=self.base_amount)

    @property
    def item_id(self) -> str:
        """Return the id of the schedule item assessed."""
        return self.item.id

    @property
    def section(self) -> str:
        """Return the contract section of the damage (e.g. ``4.20.2.2.7 C.6``)."""
        return self.item.section

    @property
    def applied(self) -> str:
        """Return what was applied beyond the base rule: tier, reduction, waiver; ``""`` if none."""
        parts = []
        if self.tier is not None and not self.elements:
            parts.append(f"tier {self.tier.describe()}")
        elif self.elements and self.element_rule is ElementRule.PER_ELEMENT:
            failing = sum(1 for element in self.elements if element.tier is not None)
            parts.append(f"each failing element assessed ({failing})")
        elif self.elements and self.tier is not None:
            parts.append(f"worst element tier {self.tier.describe()}")
        if self.waiver_applied:
            parts.append("waived")
            return "; ".join(parts)
        if self.waiver_requested and self.base_amount > 0:
            parts.append("waiver requested, not applied (see the notes)")
        if self.reduction_applied and self.item.reduction is not None:
            parts.append(
                f"lowered to {format_money(self.item.reduction.amount)} "
                "(corrective action plan accepted)"
            )
        return "; ".join(parts)

    def tables(self) -> tuple[Table, ...]:
        """Return the parts: ``assessment`` (the line), ``inputs`` and maybe ``elements``.

        Examples
        --------
        >>> from tenncare_calc.damages import missing_signature_pages
        >>> missing_signature_pages(3).rows("assessment")[0]["base_amount"]
        '3000.00'
        """
        cells = {
            **line_cells(self),
            "corrective_action_plan": self.corrective_action_plan,
            "waiver_requested": self.waiver_requested,
            "citation": cite_all([self.item.citation]),
        }
        title = f"Liquidated damage: {self.item.title} [{self.item.id}]"
        parts = [
            Table.from_records("assessment", title, _RECORD_COLUMNS, [cells], record=True),
            Table("inputs", "Inputs", _INPUT_COLUMNS, self.inputs),
        ]
        if self.elements:
            rows = tuple(
                (
                    element.name,
                    element.percent,
                    None if element.tier is None else element.tier.describe(),
                    element.amount,
                    element.worst,
                )
                for element in self.elements
            )
            parts.append(Table("elements", "Data elements (ruling L3)", _ELEMENT_COLUMNS, rows))
        return tuple(parts)

    def excel_formulas(self) -> Mapping[str, Mapping[str, str]]:
        """Return the base amount and the amount as formulas over the line's inputs."""
        return {"assessment": LINE_FORMULAS}

    def explain(self) -> str:
        """Return the assessment as text a person can check by hand, citing the clause."""
        item = self.item
        text = Explanation(f"Liquidated damage: {item.title} [{item.id}]")
        text.add(item.description, cites=[item.citation])
        text.add(f'clause: "{item.damage_text}"', cites=[item.section])
        for name, shown in self.inputs:
            text.add(f"{name}: {shown}")
        for step in self.steps:
            text.add(step)
        for note in self.notes:
            text.add(f"note: {note}")
        text.add(f"amount: {format_money(self.amount)}", cites=[item.section])
        if self.schedule is not None:
            text.add(self._schedule_line())
        return text.render()

    def _schedule_line(self) -> str:
        assert self.schedule is not None  # noqa: S101 - checked by the caller
        schedule = self.schedule
        term = f"in force from {schedule.effective_from.isoformat()}"
        if schedule.effective_through is not None:
            term += f" through {schedule.effective_through.isoformat()}"
        on = "latest version" if self.on is None else f"version in force on {self.on.isoformat()}"
        flag = " (WHAT-IF override)" if schedule.override else ""
        return f"schedule: item {self.item.id!r} of {schedule.name}{flag}, {on}, {term}"

    def to_dict(self) -> dict[str, Any]:
        """Return the assessment as deterministic JSON-ready data (Decimals as strings)."""
        return {
            "item": self.item.id,
            "title": self.item.title,
            "section": self.item.section,
            "requirement": self.item.requirement,
            "rule": self.item.rule.value,
            "period": self.item.period.value,
            "inputs": dict(self.inputs),
            "quantity": self.quantity,
            "tier": None if self.tier is None else self.tier.to_dict(),
            "element_rule": None if self.element_rule is None else self.element_rule.value,
            "elements": [element.to_dict() for element in self.elements],
            "base_amount": str(self.base_amount),
            "corrective_action_plan": self.corrective_action_plan,
            "reduction_applied": self.reduction_applied,
            "waiver_requested": self.waiver_requested,
            "waiver_applied": self.waiver_applied,
            "applied": self.applied,
            "amount": str(self.amount),
            "steps": list(self.steps),
            "notes": list(self.notes),
            "on": None if self.on is None else self.on.isoformat(),
            "schedule": None if self.schedule is None else self.schedule.to_dict(),
            "citation": cite_all([self.item.citation]),
        }


def line_cells(assessment: Assessment) -> dict[str, Cell]:
    """Return the cells of ``assessment`` by column name of :data:`~.lines.LINE_COLUMNS`.

    >>> from tenncare_calc.damages import unlicensed_staff
    >>> from datetime import date
    >>> cells = line_cells(unlicensed_staff(date(2008, 1, 30), date(2008, 2, 2), "800"))
    >>> cells["rate"], cells["quantity"], cells["amount_paid"], cells["base_amount"]
    (Decimal('5000'), 4, Decimal('800'), Decimal('20800.00'))
    """
    item = assessment.item
    per_unit = item.rule in PER_UNIT
    paid = None
    if item.plus_amount_paid:
        paid = Decimal(dict(assessment.inputs).get("amount_paid", "0"))
    tier = None if assessment.tier is None else assessment.tier.describe()
    if assessment.elements and assessment.tier is not None:
        tier = f"worst element: {tier}"
    return {
        "item": item.id,
        "section": item.section,
        "title": item.title,
        "rule": item.rule.value,
        "quantity": assessment.quantity if per_unit else None,
        "unit": item.unit,
        "rate": item.amount if per_unit else None,
        "amount_paid": paid,
        "fixed_amount": None if per_unit else assessment.base_amount,
        "tier": tier,
        "base_amount": assessment.base_amount,
        "reduced_to": assessment.amount if assessment.reduction_applied else None,
        "waived": assessment.waiver_applied,
        "applied": assessment.applied or None,
        "amount": assessment.amount,
    }
