"""Findings: what a compliance check concluded, the standard it applied, by how much, and the clause.

Every compliance check of the library (behavioral-health access, Attachment V; non-emergency
transportation, Attachment XI; the utilization-management clause) returns a :class:`Finding`, and
every batch check a :class:`FindingsTable` of them. A finding says:

* ``outcome``: ``met``, ``not_met``, ``not_applicable`` (the standard does not apply: a service
  not subject to access standards, a rural area where community standards apply, an exempt trip)
  or ``not_assessed`` (a standard applies but the source does not give it, such as Attachment III);
* ``standard``: the standard applied, in words (``"within 14 calendar days of the request"``);
* ``measured``, ``limit``, ``margin`` and ``unit``: the figures compared, and by how much the
  standard was met (``margin`` > 0 is room to spare, ``margin`` < 0 is the shortfall; 0 is exactly
  at the line, which meets every standard the library checks);
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

Exhibit F to Attachment XI (the NEMT liquidated damages) is not part of the source, so no amounts ship
with the library; :func:`price_findings` prices not-met findings with the amounts a user puts in
their profile (``compliance.finding_amounts``).
"""

from __future__ import annotations

__all__ = [
    "CHECKS",
    "UM_CLAUSE",
    "Check",
    "Finding",
    "FindingAmounts",
    "FindingsTable",
    "Outcome",
    "PricedFindings",
    "PricingLine",
    "carried_columns",
    "finding_amounts_from_records",
    "findings_from_columns",
    "minutes_from_micros",
    "price_findings",
    "read_with_carried",
]

import enum
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from tenncare_calc.columnar import trimmed_decimal
from tenncare_calc.core.errors import InvalidInputError, InvalidTypeError, require
from tenncare_calc.core.explanation import Explanation, cite_all
from tenncare_calc.core.formulas import round_cents_formula
from tenncare_calc.core.parts import ROW_ACCOUNT_COLUMNS, Cell, Column, ColumnType, Table
from tenncare_calc.core.presentable import Presentable
from tenncare_calc.core.values import (
    exact_context,
    format_decimal,
    format_money,
    round_cents,
    to_money,
)

if TYPE_CHECKING:
    import datetime as dt

    from tenncare_calc.columnar import CheckedTable, TableInput
    from tenncare_calc.columnar import Column as InputColumn
    from tenncare_calc.contract.parameters import ParameterValue
    from tenncare_calc.contract.profile import ContractProfile


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


@attrs.frozen
class Check:
    """A kind of compliance check: its id (used in findings and in profile amounts), title, clause."""

    id: str
    title: str
    sections: tuple[str, ...]
    #: The document the clause comes from.
    source: str


_CRA = "TennCare CRA Amendment 3"
_UM = "Massachusetts One Care contract, Utilization Management clause"
#: The citation of the utilization-management clause, which has no section number in the source.
UM_CLAUSE = "One Care contract (Massachusetts): Utilization Management"

#: Every check the library performs, by id. Finding amounts in a profile are keyed by these ids.
CHECKS: Mapping[str, Check] = {
    check.id: check
    for check in (
        Check("access.timeliness", "Time to appointment", ("Attachment V",), _CRA),
        Check("access.distance", "Distance to service", ("Attachment V",), _CRA),
        Check(
            "nemt.request_lead_time",
            "NEMT request lead time",
            ("Attachment XI A.3.2",),
            _CRA,
        ),
        Check("nemt.decision_time", "NEMT decision time", ("Attachment XI A.5.1.3",), _CRA),
        Check(
            "nemt.fixed_route",
            "Fixed route appropriateness",
            ("Attachment XI A.4.3.2.4", "Attachment XI A.4.3.2.5"),
            _CRA,
        ),
        Check(
            "nemt.fixed_route.walk_distance",
            "Fixed route: walk to or from a stop",
            ("Attachment XI A.4.3.2.4.1",),
            _CRA,
        ),
        Check(
            "nemt.fixed_route.transfers",
            "Fixed route: transfers per leg",
            ("Attachment XI A.4.3.2.4.2",),
            _CRA,
        ),
        Check(
            "nemt.fixed_route.added_travel_time",
            "Fixed route: added travel time",
            ("Attachment XI A.4.3.2.4.3",),
            _CRA,
        ),
        Check(
            "nemt.fixed_route.early_arrival",
            "Fixed route: arrival before the appointment",
            ("Attachment XI A.4.3.2.4.4",),
            _CRA,
        ),
        Check(
            "nemt.fixed_route.return_wait",
            "Fixed route: wait after the appointment",
            ("Attachment XI A.4.3.2.4.4",),
            _CRA,
        ),
        Check(
            "nemt.fixed_route.physician_statement",
            "Fixed route: physician's written statement",
            ("Attachment XI A.4.3.2.5",),
            _CRA,
        ),
        Check(
            "nemt.multi_passenger_ride",
            "Multi-passenger ride time",
            ("Attachment XI A.5.2.2",),
            _CRA,
        ),
        Check("nemt.trip_manifest", "NEMT trip manifest", ("Attachment XI A.5.5.1",), _CRA),
        Check("nemt.escorts", "NEMT escort and accompanying adult", ("2.6.1.2",), _CRA),
        Check(
            "nemt.meals_lodging",
            "NEMT meals and lodging",
            ("2.7.5.4.6.1",),
            _CRA,
        ),
        Check(
            "utilization.level_iii_5_review",
            "Level III.5 utilization review timing",
            (UM_CLAUSE,),
            _UM,
        ),
        Check(
            "utilization.level_iii_5_restrictive_decision",
            "Level III.5 restrictive decision",
            (UM_CLAUSE,),
            _UM,
        ),
    )
}


def _check(check_id: str) -> Check:
    try:
        return CHECKS[check_id]
    except KeyError:
        raise InvalidInputError(
            f"'check' must be one of the library's checks {sorted(CHECKS)} (got {check_id!r})",
            field="check",
            value=check_id,
        ) from None


_MINUTE_PLACES = Decimal("0.0001")


def minutes_from_micros(micros: int) -> Decimal:
    """Return a duration in microseconds as minutes: exact to 4 decimal places, else rounded.

    Durations in findings are shown in minutes. A whole number of minutes (or of 1/10,000 minute)
    is exact; anything finer (times with seconds) is rounded half-up to 4 decimal places. This
    is a display figure: outcomes are always decided on the exact times.

    >>> minutes_from_micros(90_000_000), minutes_from_micros(-20_000_000), minutes_from_micros(0)
    (Decimal('1.5'), Decimal('-0.3333'), Decimal('0'))
    """
    with exact_context():
        value = (Decimal(micros) / Decimal(60_000_000)).quantize(
            _MINUTE_PLACES, rounding=ROUND_HALF_UP
        )
        if value == value.to_integral_value():
            return value.quantize(Decimal(1)) + 0
        return value.normalize()


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
_CHECK_COLUMN = Column("check", ColumnType.TEXT, brief=False, description="the check's id")
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
    description="the input row checked (its 0-based position in the input)",
)


def _parameters_part(parameters: Iterable[ParameterValue]) -> Table:
    """Return the ``parameters`` part: each parameter once, in the order first used."""
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
        _check(value)

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
        found = self.flattened()
        fixed = {"check", "title", "note", *(column.name for column in VERDICT_COLUMNS)}
        subject = [
            name
            for name in dict.fromkeys(name for item in found for name, _ in item.subject)
            if name not in fixed
        ]
        columns = (
            _CHECK_COLUMN,
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
            _parameters_part(parameter for item in found for parameter in item.parameters),
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


#: The summary part of a findings table: what was checked, the row accounting, the outcomes.
FINDINGS_SUMMARY_COLUMNS: tuple[Column, ...] = (
    _CHECK_COLUMN,
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


@attrs.frozen
class FindingsTable(Presentable):
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

    #: A notebook shows the first 1,000 findings; every other surface has them all.
    notebook_rows: ClassVar[int | None] = 1000

    check: str
    arrow: Any = attrs.field(repr=False)
    rows_in: int
    rejected: Any = attrs.field(repr=False)
    parameters: tuple[ParameterValue, ...] = attrs.field(default=(), repr=False)
    #: The input columns carried into the findings after ``row`` (``carry=`` of the batch checks).
    carried: tuple[str, ...] = ()

    @property
    def title(self) -> str:
        """Return the check's title."""
        return CHECKS[self.check].title

    @property
    def rows_used(self) -> int:
        """Return how many input rows were checked."""
        return int(self.arrow.num_rows)

    def __len__(self) -> int:
        """Return the number of findings (input rows checked)."""
        return self.rows_used

    def counts(self) -> dict[str, int]:
        """Return how many findings have each outcome (every outcome listed, zeros included)."""
        found: dict[str, int] = dict.fromkeys((outcome.value for outcome in Outcome), 0)
        for outcome in self.arrow.column("outcome").to_pylist():
            found[outcome] += 1
        return found

    def not_met(self, *, limit: int | None = None) -> list[dict[str, Any]]:
        """Return the findings whose outcome is ``not_met`` (the first ``limit``), as :meth:`rows` gives them."""
        from tenncare_calc.columnar import arrow_part  # noqa: PLC0415 - needs the data extra

        pc = require("pyarrow.compute", extra="data", purpose="findings over a table")
        shortfalls = self.arrow.filter(pc.equal(self.arrow.column("outcome"), "not_met"))
        if limit is not None:
            shortfalls = shortfalls.slice(0, limit)
        return arrow_part(shortfalls, "findings", "", columns=self._columns()).records()

    def _columns(self) -> dict[str, Column]:
        """Return the columns the findings part gives outright (the others follow Arrow's types)."""
        return {
            column.name: column
            for column in (_ROW_COLUMN, _CHECK_COLUMN, *VERDICT_COLUMNS, *_DETAIL_COLUMNS)
        }

    def _sections(self) -> list[str]:
        return sorted(set(self.arrow.column("section").to_pylist())) or list(
            CHECKS[self.check].sections
        )

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
        from tenncare_calc.columnar import (  # noqa: PLC0415 - needs the data extra
            arrow_part,
            rejected_table,
        )

        sections = cite_all(self._sections())
        summary: tuple[Cell, ...] = (
            self.check,
            self.title,
            self.rows_in,
            self.rows_used,
            int(self.rejected.num_rows),
            *self.counts().values(),
            sections,
        )
        return (
            Table(
                "summary",
                f"{self.title} ({sections})",
                FINDINGS_SUMMARY_COLUMNS,
                (summary,),
                record=True,
            ),
            arrow_part(self.arrow, "findings", f"Findings: {self.title}", columns=self._columns()),
            rejected_table({"input": self.rejected}),
            _parameters_part(self.parameters),
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
        from tenncare_calc.columnar import rejected_records  # noqa: PLC0415 - needs the data extra

        return {
            "check": self.check,
            "title": self.title,
            "rows_in": self.rows_in,
            "rows_used": self.rows_used,
            "counts": self.counts(),
            "findings": self.rows(),
            "rejected": rejected_records(self.rejected),
            "parameters": [parameter.to_dict() for parameter in self.parameters],
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
    column.name for column in (_ROW_COLUMN, _CHECK_COLUMN, *VERDICT_COLUMNS, *_DETAIL_COLUMNS)
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

    names = (carry,) if isinstance(carry, str) else tuple(carry)
    read = {column.name for column in inputs}
    seen: set[str] = set()
    for name in names:
        if not isinstance(name, str) or not name:
            raise InvalidTypeError(
                f"carry: each entry must be a column name (got {name!r})", field="carry", value=name
            )
        if name in seen:
            raise InvalidInputError(f"carry: {name!r} is named twice", field="carry", value=name)
        seen.add(name)
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
    columns: Mapping[str, Any],
    parameters: Iterable[ParameterValue],
    *,
    carry: str | Sequence[str] = (),
) -> FindingsTable:
    """Return the findings table of ``check`` from its computed columns, one row per usable row.

    The table's columns are ``row`` (each usable row's 0-based input position), the carried input
    columns ``carry`` (as read through :func:`carried_columns`), ``check``, then ``columns`` (what
    was checked, the verdict and the figures), all as long as the usable rows. Rejected rows and
    the row accounting come from ``checked``.
    """
    pa = require("pyarrow", extra="data", purpose="findings over a table")
    from tenncare_calc.columnar import repeated_text  # noqa: PLC0415 - needs the data extra

    names = (carry,) if isinstance(carry, str) else tuple(carry)
    for name in names:
        if name in columns:
            raise InvalidInputError(
                f"carry: {name!r} is a column of the {check} findings; rename it in the input",
                field="carry",
                value=name,
            )
    positions = checked.positions()
    table = pa.table(
        {
            "row": pa.array(positions, pa.int64()),
            **{name: checked.column(name) for name in names},
            "check": repeated_text(check, len(positions)),
            **columns,
        }
    )
    return FindingsTable(
        check=check,
        arrow=table,
        rows_in=checked.rows_in,
        rejected=checked.rejected,
        parameters=tuple(parameters),
        carried=names,
    )


# --------------------------------------------------------------------------------------------------
# Pricing findings with amounts from the profile (Exhibit F is not in the source)


@attrs.frozen
class FindingAmounts:
    """Amounts assessed per not-met finding, by check id (a profile's ``compliance.finding_amounts``).

    The library ships none: Exhibit F to Attachment XI, which sets the NEMT amounts, is not part of
    the source. A user who has the executed exhibit enters its amounts in their profile.
    """

    amounts: tuple[tuple[str, Decimal], ...] = ()

    def get(self, check: str) -> Decimal | None:
        """Return the amount for ``check``, or None when the profile gives none."""
        return dict(self.amounts).get(check)

    def to_dict(self) -> dict[str, str]:
        """Return the amounts as JSON-ready data."""
        return {check: str(amount) for check, amount in self.amounts}

    def describe(self) -> str:
        """Return the amounts as one line of text."""
        if not self.amounts:
            return "none"
        return ", ".join(f"{check} {format_money(amount)}" for check, amount in self.amounts)


def finding_amounts_from_records(raw: object, *, field: str) -> FindingAmounts:
    """Return validated amounts per not-met finding from a mapping of check id to dollars.

    A string is read as a TOML inline table (``'{"nemt.decision_time" = "100"}'``), so what-if
    overrides from the command line work too.

    >>> finding_amounts_from_records({"nemt.trip_manifest": "250"}, field="amounts").describe()
    'nemt.trip_manifest $250.00'
    >>> finding_amounts_from_records({"nemt.late": 1}, field="amounts")
    Traceback (most recent call last):
    ...
    tenncare_calc.InvalidInputError: 'amounts' names an unknown check 'nemt.late'; checks: ['access.distance', 'access.timeliness', 'nemt.decision_time', 'nemt.escorts', 'nemt.fixed_route', 'nemt.fixed_route.added_travel_time', 'nemt.fixed_route.early_arrival', 'nemt.fixed_route.physician_statement', 'nemt.fixed_route.return_wait', 'nemt.fixed_route.transfers', 'nemt.fixed_route.walk_distance', 'nemt.meals_lodging', 'nemt.multi_passenger_ride', 'nemt.request_lead_time', 'nemt.trip_manifest', 'utilization.level_iii_5_restrictive_decision', 'utilization.level_iii_5_review']

    """
    if isinstance(raw, str):
        try:
            raw = tomllib.loads(f"value = {raw}", parse_float=Decimal)["value"]
        except tomllib.TOMLDecodeError as error:
            raise InvalidInputError(
                f"{field!r} must be a TOML inline table such as "
                f'{{"nemt.decision_time" = "100.00"}} ({error})',
                field=field,
                value=raw,
            ) from None
    if not isinstance(raw, Mapping):
        raise InvalidTypeError(
            f"{field!r} must be a table of check id = amount (got {type(raw).__name__})",
            field=field,
            value=raw,
        )
    amounts: list[tuple[str, Decimal]] = []
    for check, amount in sorted(raw.items(), key=lambda item: str(item[0])):
        if check not in CHECKS:
            raise InvalidInputError(
                f"{field!r} names an unknown check {check!r}; checks: {sorted(CHECKS)}",
                field=field,
                value=check,
            )
        amounts.append((str(check), to_money(amount, field=f"{field}.{check}")))
    return FindingAmounts(tuple(amounts))


@attrs.frozen
class PricingLine:
    """One check's not-met findings priced: count x amount, rounded to cents half-up (M3)."""

    check: str
    not_met: int
    amount: Decimal | None
    total: Decimal | None

    def to_dict(self) -> dict[str, Any]:
        """Return the line as JSON-ready data."""
        return {
            "check": self.check,
            "title": CHECKS[self.check].title,
            "not_met": self.not_met,
            "amount": None if self.amount is None else str(self.amount),
            "total": None if self.total is None else str(self.total),
        }


PRICED_SUMMARY_COLUMNS: tuple[Column, ...] = (
    Column(
        "not_met", ColumnType.COUNT, title="not met", description="not-met findings, all checks"
    ),
    Column("total", ColumnType.MONEY, description="the sum of the priced lines (each rounded)"),
    Column(
        "unpriced",
        ColumnType.TEXT,
        description="checks with not-met findings but no amount in the profile",
    ),
)
PRICED_LINE_COLUMNS: tuple[Column, ...] = (
    _CHECK_COLUMN,
    Column("title", ColumnType.TEXT, description="the check's title"),
    Column("not_met", ColumnType.COUNT, title="not met", description="not-met findings"),
    Column(
        "amount",
        ColumnType.MONEY,
        unit="per finding",
        description="the profile's amount per not-met finding (compliance.finding_amounts); "
        "empty when the profile gives none",
    ),
    Column(
        "total",
        ColumnType.MONEY,
        description="not met x amount, rounded to cents half-up (ruling M3); empty when unpriced",
    ),
)


@attrs.frozen
class PricedFindings(Presentable):
    """Not-met findings priced with the profile's amounts; unpriced checks are listed, not dropped.

    As tables: ``summary`` (not-met findings, the total, the unpriced checks), ``lines`` (the
    primary part: one row per check with not-met findings) and ``parameters``; in a workbook each
    line's total is the live formula ``amount x not met`` rounded half-up to the cent, and the
    summary's total their ``SUM``.
    """

    lines: tuple[PricingLine, ...]
    total: Decimal
    amounts: ParameterValue = attrs.field(repr=False)

    @property
    def unpriced(self) -> tuple[str, ...]:
        """Return the checks with not-met findings but no amount in the profile."""
        return tuple(line.check for line in self.lines if line.amount is None)

    def tables(self) -> tuple[Table, ...]:
        """Return the parts: ``summary``, ``lines`` (one per check with not-met findings), ``parameters``.

        Examples
        --------
        >>> from tenncare_calc import load_profile
        >>> late = Finding(check="nemt.trip_manifest", outcome=Outcome.NOT_MET,
        ...     standard="by close of business the day before", sections=("Attachment XI A.5.5.1",))
        >>> profile = load_profile(overrides={"compliance.finding_amounts": {"nemt.trip_manifest": "250.005"}})
        >>> priced = price_findings([late, late, late], profile=profile)
        >>> print(priced.table("lines").render_text())
        Priced lines, by check
        check               title               not met    amount    total
        ------------------  ------------------  -------  --------  -------
        nemt.trip_manifest  NEMT trip manifest        3  $250.005  $750.02
        >>> priced.rows()[0]["total"]
        '750.02'
        """
        lines = tuple(
            (line.check, CHECKS[line.check].title, line.not_met, line.amount, line.total)
            for line in self.lines
        )
        summary = (
            sum(line.not_met for line in self.lines),
            self.total,
            "; ".join(self.unpriced) or None,
        )
        return (
            Table(
                "summary",
                "Findings priced with the profile's amounts",
                PRICED_SUMMARY_COLUMNS,
                (summary,),
                record=True,
            ),
            Table("lines", "Priced lines, by check", PRICED_LINE_COLUMNS, lines),
            _parameters_part((self.amounts,)),
        )

    def excel_formulas(self) -> Mapping[str, Mapping[str, str]]:
        """Return each line's total as ``amount x not met`` rounded half-up, and their sum.

        An unpriced line (no amount) stays empty.
        """
        line_total = round_cents_formula("{amount}*{not_met}")
        return {
            "lines": {"total": f'IF({{amount}}="", "", {line_total})'},
            "summary": {"not_met": "SUM({lines.not_met:*})", "total": "SUM({lines.total:*})"},
        }

    def to_dict(self) -> dict[str, Any]:
        """Return the lines, the total and the unpriced checks as JSON-ready data."""
        return {
            "lines": self.rows(),
            "total": str(self.total),
            "unpriced": list(self.unpriced),
            "amounts": self.amounts.to_dict(),
        }

    def explain(self) -> str:
        """Return each line's arithmetic and the total."""
        text = Explanation("Findings priced with the profile's amounts")
        for line in self.lines:
            title = CHECKS[line.check].title
            if line.amount is None or line.total is None:
                text.add(f"{title}: {line.not_met} not met; no amount in the profile (unpriced)")
            else:
                text.add(
                    f"{title}: {line.not_met} not met x {format_money(line.amount)} "
                    f"= {format_money(line.total)}",
                    cites=CHECKS[line.check].sections,
                )
        text.add(f"total = {format_money(self.total)} (sum of the rounded lines)")
        text.add(f"parameter: {self.amounts.provenance()}")
        if self.unpriced:
            text.add(
                "Exhibit F to Attachment XI is not in the source; enter its amounts in your "
                "profile (compliance.finding_amounts) to price these checks"
            )
        return text.render()


def _not_met_counts(findings: Iterable[Finding | FindingsTable]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for item in findings:
        if isinstance(item, FindingsTable):
            found = item.counts()[Outcome.NOT_MET.value]
            if found:
                counts[item.check] = counts.get(item.check, 0) + found
        elif isinstance(item, Finding):
            if item.outcome is Outcome.NOT_MET:
                counts[item.check] = counts.get(item.check, 0) + 1
        else:
            raise InvalidTypeError(
                f"'findings' must hold Finding or FindingsTable values (got {type(item).__name__})",
                field="findings",
                value=item,
            )
    return counts


def price_findings(
    findings: Iterable[Finding | FindingsTable],
    *,
    profile: ContractProfile | None = None,
    on: dt.date | None = None,
) -> PricedFindings:
    """Return not-met findings priced per check with the profile's amounts (Exhibit F; ruling M3).

    Each check with not-met findings is one line: ``count x amount``, rounded to cents half-up; the
    total is the sum of the lines. A composite finding counts once (its parts are not counted
    again). The shipped profile has **no amounts** (Exhibit F is not in the source), so every line
    is unpriced until a profile supplies ``compliance.finding_amounts``.

    >>> late = Finding(check="nemt.trip_manifest", outcome=Outcome.NOT_MET,
    ...     standard="by close of business the day before", sections=("Attachment XI A.5.5.1",))
    >>> price_findings([late, late]).unpriced
    ('nemt.trip_manifest',)
    >>> from tenncare_calc import load_profile
    >>> profile = load_profile(overrides={"compliance.finding_amounts": {"nemt.trip_manifest": 250}})
    >>> price_findings([late, late], profile=profile).total
    Decimal('500.00')
    """
    from tenncare_calc.contract.loader import default_profile  # noqa: PLC0415 - avoids an import cycle

    parameter = (default_profile() if profile is None else profile).get(
        "compliance.finding_amounts", on=on
    )
    amounts: FindingAmounts = parameter.value
    lines: list[PricingLine] = []
    total = Decimal("0.00")
    for check, count in sorted(_not_met_counts(findings).items()):
        amount = amounts.get(check)
        if amount is None:
            lines.append(PricingLine(check, count, None, None))
            continue
        with exact_context():
            line_total = round_cents(amount * count)
            total += line_total
        lines.append(PricingLine(check, count, amount, line_total))
    return PricedFindings(tuple(lines), total, parameter)
