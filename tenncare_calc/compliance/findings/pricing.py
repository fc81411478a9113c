"""Pricing not-met findings with the amounts a user puts in their profile (Exhibit F; ruling M3).

Exhibit F to Attachment XI (the NEMT liquidated damages) is not part of the source, so no amounts ship
with the library; :func:`price_findings` prices not-met findings with the amounts a user puts in
their profile (``compliance.finding_amounts``).
"""

from __future__ import annotations

__all__ = [
    "FindingAmounts",
    "PricedFindings",
    "PricingLine",
    "finding_amounts_from_records",
    "price_findings",
]

import tomllib
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from tenncare_calc.compliance.findings.checks import CHECKS
from tenncare_calc.compliance.findings.finding import (
    CHECK_COLUMN,
    Finding,
    Outcome,
    parameters_part,
)
from tenncare_calc.compliance.findings.table import FindingsTable
from tenncare_calc.core.errors import InvalidInputError, InvalidTypeError
from tenncare_calc.core.explanation import Explanation
from tenncare_calc.core.formulas import round_cents_formula
from tenncare_calc.core.parts import Column, ColumnType, Table
from tenncare_calc.core.presentable import Presentable, short_repr
from tenncare_calc.core.sequences import to_sequence
from tenncare_calc.core.values import exact_context, format_money, round_cents, to_money

if TYPE_CHECKING:
    import datetime as dt

    from tenncare_calc.contract.parameters import ParameterValue
    from tenncare_calc.contract.profile import ContractProfile


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
    tenncare_calc.InvalidInputError: 'amounts' names an unknown check 'nemt.late'; checks: ['access.distance', 'access.timeliness', ...]

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
    CHECK_COLUMN,
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


@attrs.frozen(repr=False)
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

    def __repr__(self) -> str:
        """Return the checks priced, the total and the checks without an amount."""
        return short_repr(self, checks=len(self.lines), total=self.total, unpriced=self.unpriced)

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
            parameters_part((self.amounts,)),
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
    for item in to_sequence(findings, field="findings", what="findings"):
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
    from tenncare_calc.contract.loader import resolve_profile  # noqa: PLC0415 - avoids an import cycle

    parameter = resolve_profile(profile).get("compliance.finding_amounts", on=on)
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
