"""A liquidated damage computed from data: the assessment, with the evidence that decided it.

The Attachment VII measures the caller otherwise reports by hand (was every distance standard met
this month? which specialist standards are unmet?) can be computed from data: the month's
Attachment V findings, the table of executed contracts. A :class:`DerivedAssessment` holds the
ordinary :class:`~tenncare_calc.damages.assessment.Assessment` of the item, the **evidence** (the
findings that breached the measure, or each requirement with what was found), the input rows used
and rejected, and notes on what could not be assessed.
"""

from __future__ import annotations

__all__ = ["DerivedAssessment"]

from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from tenncare_calc.core.presentable import Presentable

if TYPE_CHECKING:
    from decimal import Decimal

    from tenncare_calc.contract.parameters import ParameterValue
    from tenncare_calc.core.parts import Table
    from tenncare_calc.damages.assessment import Assessment


@attrs.frozen
class DerivedAssessment(Presentable):
    """An Attachment VII damage computed from data, with the evidence and the row accounting.

    ``assessment`` is the item's assessment (amount, reduction, waiver, explanation); ``evidence``
    a pyarrow table shown as the part ``evidence_name``; ``rows_in`` and ``rejected`` account for
    every input row (rows in = used + rejected); ``notes`` say what could not be assessed.
    """

    #: A notebook shows the first 1,000 rows of a part; every other surface has them all.
    notebook_rows: ClassVar[int | None] = 1000

    assessment: Assessment
    evidence: Any = attrs.field(repr=False)
    evidence_name: str
    evidence_title: str
    rows_in: int
    rejected: Any = attrs.field(repr=False)
    notes: tuple[str, ...] = ()
    parameters: tuple[ParameterValue, ...] = attrs.field(default=(), repr=False)

    @property
    def amount(self) -> Decimal:
        """Return the damage, rounded to cents (the assessment's amount)."""
        return self.assessment.amount

    @property
    def rows_used(self) -> int:
        """Return how many input rows were used."""
        return self.rows_in - int(self.rejected.num_rows)

    def evidence_rows(self) -> list[dict[str, Any]]:
        """Return the evidence as flat dicts (numbers as exact text, dates ISO)."""
        return self.table(self.evidence_name).records()

    def tables(self) -> tuple[Table, ...]:
        """Return the assessment's parts, then the evidence, the rejected rows and the parameters.

        The evidence part comes after ``assessment`` and ``inputs``: its name is the result's
        ``evidence_name`` (``breaches`` or ``requirements``).
        """
        from tenncare_calc.columnar import arrow_part, rejected_table  # noqa: PLC0415 - data extra
        from tenncare_calc.contract.parameters import parameter_values_table  # noqa: PLC0415

        return (
            *self.assessment.tables(),
            arrow_part(self.evidence, self.evidence_name, self.evidence_title),
            rejected_table({"input": self.rejected}),
            parameter_values_table(self.parameters),
        )

    def explain(self, *, limit: int = 10) -> str:
        """Return the assessment's explanation, the row accounting, the notes and the evidence."""
        from tenncare_calc.columnar import explain_rejected  # noqa: PLC0415 - data extra
        from tenncare_calc.core.explanation import Explanation  # noqa: PLC0415

        first, *rest = self.assessment.explain().splitlines()
        text = Explanation(first)
        text.extend("\n".join(rest), indent=0)
        explain_rejected(text, self.rejected, self.rows_in)
        for note in self.notes:
            text.add(f"note: {note}")
        rows = self.evidence_rows()
        text.add(f"{self.evidence_title}: {len(rows):,}")
        for row in rows[:limit]:
            shown = ", ".join(f"{key} {value}" for key, value in row.items() if value is not None)
            text.add(shown, indent=2)
        if len(rows) > limit:
            text.add(f"... and {len(rows) - limit:,} more", indent=2)
        for parameter in self.parameters:
            text.add(f"parameter: {parameter.provenance()}")
        return text.render()

    def to_dict(self) -> dict[str, Any]:
        """Return the assessment, the evidence, the rows and the notes as JSON-ready data."""
        from tenncare_calc.columnar import rejected_records  # noqa: PLC0415 - data extra

        return {
            "assessment": self.assessment.to_dict(),
            "amount": str(self.amount),
            self.evidence_name: self.evidence_rows(),
            "rows_in": self.rows_in,
            "rows_used": self.rows_used,
            "rejected": rejected_records(self.rejected),
            "notes": list(self.notes),
            "parameters": [parameter.to_dict() for parameter in self.parameters],
        }
