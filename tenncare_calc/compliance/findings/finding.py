"""Findings: what a compliance check concluded, the standard it applied, by how much, and the clause.

Every compliance check of the library (behavioral-health access, Attachment V; non-emergency
transportation, Attachment XI; the utilization-management clause) returns a :class:`Finding`, and
every batch check a
:class:`~tenncare_calc.compliance.findings.table.FindingsTable` of them. A finding says:

* ``outcome``: ``met``, ``not_met``, ``not_applicable`` (the standard does not apply: a service
  not subject to access standards, a rural area where community standards apply, an exempt trip)
  or ``not_assessed`` (a standard applies but the source does not give it, such as Attachment III);
* ``standard``: the standard applied, in words (``"within 14 calendar days of the request"``);
* ``measured``, ``limit``, ``margin`` and ``unit``: the figures compared, and by how much the
  standard was met (``margin`` > 0 is room to spare, ``margin`` < 0 is the shortfall; 0 is exactly
  at the line, which meets every standard the library checks). A margin in minutes, rounded to 4
  places, is 0 only exactly at the line: a time off it by less than 1/10,000 minute shows
  ``-0.0001`` or ``0.0001`` (:mod:`~tenncare_calc.compliance.findings.durations`);
* ``sections``: the clauses it cites.

>>> finding = Finding(check="nemt.multi_passenger_ride", outcome=Outcome.NOT_MET,
...     standard="at most 60 minutes longer than the direct trip", sections=("Attachment XI A.5.2.2",),
...     measured=Decimal(75), limit=Decimal(60), margin=Decimal(-15), unit="minutes")
>>> finding.met, finding.margin
(False, Decimal('-15'))
>>> print(finding.explain())
Multi-passenger ride time: NOT MET  [Attachment XI A.5.2.2]
  standard: at most 60 minutes longer than the direct trip
  measured 75 minutes against a limit of 60 minutes: short by 15 minutes
"""

from __future__ import annotations

__all__ = ["Finding", "Outcome"]

import enum
from decimal import Decimal  # noqa: TC003 - the doctests use it at run time
from typing import TYPE_CHECKING, Any

import attrs

from tenncare_calc.compliance.findings.checks import CHECKS, check_named
from tenncare_calc.core.explanation import Explanation, cite_all
from tenncare_calc.core.parts import Column, ColumnType, Table
from tenncare_calc.core.presentable import Presentable
from tenncare_calc.core.values import exact_context, format_decimal

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable

    from tenncare_calc.contract.parameters import ParameterValue


class Outcome(enum.Enum):
    """What a check concluded."""

    #: The standard applies and was met (at the line counts as met).
    MET = "met"
    #: The standard applies and was not met.
    NOT_MET = "not_met"
    #: The standard does not apply (not subject to access standards, rural exception, exempt trip).
    NOT_APPLICABLE = "not_applicable"
    #: A standard applies but the source does not state it, so the library cannot judge it.
    NOT_ASSESSED = "not_assessed"


def _show(number: Decimal | None) -> str | None:
    """Return a Decimal as plain text without exponent or trailing zeros, or None."""
    if number is None:
        return None
    with exact_context():
        normal = number.normalize()
    return format_decimal(normal, grouping=False)


def _unit(number: Decimal, unit: str) -> str:
    """Return ``number unit``, with a singular unit for exactly one (``1 business day``)."""
    shown = _show(abs(number))
    if shown == "1" and unit.endswith("s") and unit != "miles":
        unit = unit[:-1]
    if unit == "miles" and shown == "1":
        unit = "mile"
    return f"{shown} {unit}".rstrip()


#: The columns of every findings part after the ones that say what was checked: the verdict.
VERDICT_COLUMNS: tuple[Column, ...] = (
    Column(
        "outcome",
        ColumnType.TEXT,
        description="met, not_met, not_applicable (the standard does not apply) or not_assessed "
        "(a standard applies but the source does not state it)",
    ),
    Column(
        "met",
        ColumnType.BOOL,
        brief=False,
        description="true when met, false when not met, empty when not applicable or not assessed",
    ),
    Column("standard", ColumnType.TEXT, brief=False, description="the standard applied, in words"),
    Column("measured", ColumnType.NUMBER, description="the figure compared, in the unit"),
    Column("limit", ColumnType.NUMBER, description="the standard's limit, in the unit"),
    Column(
        "margin",
        ColumnType.NUMBER,
        description="room to spare (positive) or the shortfall (negative), in the unit; 0 is "
        "exactly at the limit, which meets the standard",
    ),
    Column("unit", ColumnType.TEXT, description="the unit of measured, limit and margin"),
    Column("section", ColumnType.TEXT, brief=False, description="the clauses cited"),
)
#: The column of a findings part that names the check.
CHECK_COLUMN = Column("check", ColumnType.TEXT, brief=False, description="the check's id")


def parameters_part(parameters: Iterable[ParameterValue]) -> Table:
    """Return the ``parameters`` part of a result: each parameter once, in the order first used.

    >>> from tenncare_calc import default_profile
    >>> amounts = default_profile().get("compliance.finding_amounts")
    >>> part = parameters_part([amounts, amounts])
    >>> part.name, len(part.rows)
    ('parameters', 1)
    """
    from tenncare_calc.contract.parameters import parameter_values_table  # noqa: PLC0415 - avoids a cycle

    unique: dict[tuple[str, dt.date], ParameterValue] = {}
    for parameter in parameters:
        unique.setdefault((parameter.name, parameter.effective_from), parameter)
    return parameter_values_table(tuple(unique.values()))


@attrs.frozen
class Finding(Presentable):
    """What one check concluded about one case: outcome, standard, figures, margin and clauses.

    ``margin`` is signed in ``unit``: positive is room to spare, negative the shortfall (for an
    upper limit ``limit - measured``, for a lower limit ``measured - limit``). ``subject`` names
    what was checked (service code, urgency, ...) as ``(name, value)`` text pairs, ``steps`` are
    the intermediate values as lines of text, and ``parts`` are the findings of a composite check
    (each test of fixed-route appropriateness).
    """

    check: str = attrs.field()
    outcome: Outcome
    standard: str
    sections: tuple[str, ...]
    measured: Decimal | None = None
    limit: Decimal | None = None
    margin: Decimal | None = None
    unit: str = ""
    subject: tuple[tuple[str, str], ...] = ()
    steps: tuple[str, ...] = ()
    note: str | None = None
    parts: tuple[Finding, ...] = ()
    parameters: tuple[ParameterValue, ...] = attrs.field(default=(), repr=False)

    @check.validator
    def _known(self, _attribute: object, value: str) -> None:
        check_named(value)

    @property
    def title(self) -> str:
        """Return the check's title."""
        return CHECKS[self.check].title

    @property
    def met(self) -> bool | None:
        """Return True when met, False when not met, None when not applicable or not assessed."""
        if self.outcome is Outcome.MET:
            return True
        if self.outcome is Outcome.NOT_MET:
            return False
        return None

    def _comparison(self) -> str | None:
        if self.measured is None or self.limit is None or self.margin is None:
            return None
        if self.margin > 0:
            how = f"{_unit(self.margin, self.unit)} to spare"
        elif self.margin < 0:
            how = f"short by {_unit(self.margin, self.unit)}"
        else:
            how = "exactly at the limit"
        return (
            f"measured {_unit(self.measured, self.unit)} against a limit of "
            f"{_unit(self.limit, self.unit)}: {how}"
        )

    def explain(self) -> str:
        """Return the finding as text: outcome, standard, inputs, figures and clauses."""
        label = self.outcome.value.replace("_", " ").upper()
        text = Explanation(f"{self.title}: {label}  [{cite_all(self.sections)}]")
        if self.subject:
            text.add("; ".join(f"{name}: {value}" for name, value in self.subject))
        text.add(f"standard: {self.standard}")
        for step in self.steps:
            text.add(step)
        if (comparison := self._comparison()) is not None:
            text.add(comparison)
        if self.note:
            text.add(f"note: {self.note}")
        for part in self.parts:
            text.extend(part.explain(), indent=1)
        for parameter in self.parameters:
            text.add(f"parameter: {parameter.provenance()}")
        return text.render()

    def row(self) -> dict[str, Any]:
        """Return this finding alone as one flat dict (no parts), JSON-ready."""
        row: dict[str, Any] = {
            "check": self.check,
            "title": self.title,
            "outcome": self.outcome.value,
            "met": self.met,
            "standard": self.standard,
            "measured": _show(self.measured),
            "limit": _show(self.limit),
            "margin": _show(self.margin),
            "unit": self.unit,
            "section": cite_all(self.sections),
        }
        for name, value in self.subject:
            row.setdefault(name, value)
        row["note"] = self.note
        return row

    def flattened(self) -> tuple[Finding, ...]:
        """Return this finding and, after it, each part of a composite check (depth first)."""
        return (self, *(found for part in self.parts for found in part.flattened()))

    def tables(self) -> tuple[Table, ...]:
        """Return the finding's parts: ``findings`` and ``parameters``.

        ``findings`` has one row for this finding and one for each part of a composite check
        (each test of fixed-route appropriateness): check, title, what was checked (the subject),
        outcome, met, standard, measured, limit, margin, unit, section and note. ``rows()`` gives
        those rows as flat dicts, JSON-ready.

        Examples
        --------
        >>> late = Finding(check="nemt.trip_manifest", outcome=Outcome.NOT_MET,
        ...     standard="by close of business the day before", sections=("Attachment XI A.5.5.1",),
        ...     margin=Decimal("-20.0"), unit="minutes", subject=(("trip", "T7"),))
        >>> [table.name for table in late.tables()]
        ['findings', 'parameters']
        >>> print(late.table().render_text(brief=True))
        NEMT trip manifest (Attachment XI A.5.5.1)
        title               trip  outcome  measured  limit  margin  unit
        ------------------  ----  -------  --------  -----  ------  -------
        NEMT trip manifest  T7    not_met         —      —     -20  minutes
        >>> late.rows()[0]["standard"], late.rows()[0]["margin"]
        ('by close of business the day before', '-20')
        """
        from tenncare_calc.columnar import trimmed_decimal  # noqa: PLC0415 - keeps import tenncare_calc light

        found = self.flattened()
        fixed = {"check", "title", "note", *(column.name for column in VERDICT_COLUMNS)}
        subject = [
            name
            for name in dict.fromkeys(name for item in found for name, _ in item.subject)
            if name not in fixed
        ]
        columns = (
            CHECK_COLUMN,
            Column("title", ColumnType.TEXT, description="the check's title"),
            *(Column(name, ColumnType.TEXT, description="what was checked") for name in subject),
            *VERDICT_COLUMNS,
            Column("note", ColumnType.TEXT, brief=False, description="why, where it needs saying"),
        )
        rows = tuple(
            (
                item.check,
                item.title,
                *(dict(item.subject).get(name) for name in subject),
                item.outcome.value,
                item.met,
                item.standard,
                trimmed_decimal(item.measured),
                trimmed_decimal(item.limit),
                trimmed_decimal(item.margin),
                item.unit,
                cite_all(item.sections),
                item.note,
            )
            for item in found
        )
        title = f"{self.title} ({cite_all(self.sections)})"
        return (
            Table("findings", title, columns, rows),
            parameters_part(parameter for item in found for parameter in item.parameters),
        )

    def to_dict(self) -> dict[str, Any]:
        """Return the finding as JSON-ready data (Decimals as strings)."""
        return {
            "check": self.check,
            "title": self.title,
            "outcome": self.outcome.value,
            "met": self.met,
            "standard": self.standard,
            "sections": list(self.sections),
            "measured": _show(self.measured),
            "limit": _show(self.limit),
            "margin": _show(self.margin),
            "unit": self.unit,
            "subject": dict(self.subject),
            "steps": list(self.steps),
            "note": self.note,
            "parts": [part.to_dict() for part in self.parts],
            "parameters": [parameter.to_dict() for parameter in self.parameters],
        }
