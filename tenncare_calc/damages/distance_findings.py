"""Attachment VII's distance measure computed from the month's Attachment V distance findings.

The measure "Distance from provider to member": "$25,000 if ANY of the listed standards are not
met, either individually or in combination on a monthly basis" (the time and travel distance
standards of Attachments III through V, measured by GeoAccess). :func:`geographic_access` takes
the caller's word for whether they were met; :func:`geographic_access_from_findings` decides it
from the month's findings: any finding of a counted check (``damages.geographic_access_findings``:
``access.distance``) whose outcome is ``not_met`` breaches the measure, and the result lists those
findings as its evidence.

The findings are **data**, not objects of the compliance package (the rule packages do not import
one another): any table :func:`~tenncare_calc.columnar.read_table` accepts with the columns
``check`` and ``outcome`` (and, shown in the evidence when present, ``row``, ``service_code``,
``standard``, ``measured``, ``limit``, ``margin``, ``unit``), such as a findings table itself
(through ``__arrow_c_stream__``), its ``.arrow``, a DataFrame or a CSV the user exported.

>>> from tenncare_calc.damages.distance_findings import geographic_access_from_findings
>>> month = {"check": ["access.distance"] * 3, "outcome": ["met", "not_met", "not_assessed"],
...     "service_code": ["20", "23", "11"], "margin": ["4", "-0.5", None]}
>>> result = geographic_access_from_findings(month, month="2008-10")
>>> result.amount, [row["service_code"] for row in result.evidence_rows()]
(Decimal('25000.00'), ['23'])
"""

from __future__ import annotations

__all__ = ["geographic_access_from_findings"]

from typing import TYPE_CHECKING

import attrs

from tenncare_calc.columnar import named_columns
from tenncare_calc.core.errors import InvalidTypeError, require
from tenncare_calc.core.sequences import column_names
from tenncare_calc.damages.derived import DerivedAssessment
from tenncare_calc.damages.items import assess_item
from tenncare_calc.damages.observations import _month

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Collection, Mapping, Sequence

    from tenncare_calc.columnar import OnError
    from tenncare_calc.contract.parameters import ParameterValue
    from tenncare_calc.contract.profile import ContractProfile

#: The outcomes a finding may have (the compliance checks' outcomes, as text).
OUTCOMES = ("met", "not_met", "not_applicable", "not_assessed")
#: Columns of a finding shown in the evidence when the findings have them.
SHOWN = ("row", "service_code", "standard", "measured", "limit", "margin", "unit")


def _profile(profile: ContractProfile | None) -> ContractProfile:
    from tenncare_calc.contract.loader import resolve_profile  # noqa: PLC0415 - avoids a cycle

    return resolve_profile(profile)


def geographic_access_from_findings(
    findings: object,
    *,
    columns: Mapping[str, str] | None = None,
    month: dt.date | str,
    corrective_action_plan: bool = False,
    checks: Collection[str] | None = None,
    profile: ContractProfile | None = None,
    on_error: OnError = "raise",
    carry: str | Sequence[str] = (),
) -> DerivedAssessment:
    """Return the month's Distance from provider to member damage, decided by its findings.

    Parameters
    ----------
    findings
        The month's findings, as data: ``check`` and ``outcome`` columns (see the module). A row
        whose check is not counted, or whose outcome is not one of ``met``, ``not_met``,
        ``not_applicable``, ``not_assessed``, is rejected (raised, or listed with
        ``on_error="collect"``).
    month
        The month assessed (``2008-10`` or a date in it); the schedule in force on its last day
        applies.
    corrective_action_plan
        TENNCARE accepted a corrective action plan (the damage is lowered to $5,000).
    checks
        The check ids that count (default: ``damages.geographic_access_findings``).
    carry
        Other columns of the findings to show in the evidence (a member or provider id).
    columns
        Your column names for the library's
        (:mod:`tenncare_calc.columnar.column_mapping`).

    Examples
    --------
    >>> met = geographic_access_from_findings({"check": ["access.distance"],
    ...     "outcome": ["met"]}, month="2008-10")
    >>> met.amount, met.evidence_rows()
    (Decimal('0.00'), [])
    """
    findings = named_columns(findings, columns, name="findings")
    from tenncare_calc import columnar as cols  # noqa: PLC0415 - needs the data extra
    from tenncare_calc.columnar import (  # noqa: PLC0415 - needs the data extra
        Column,
        ColumnKind,
        check_on_error,
        read_table,
    )

    np = require("numpy", extra="data", purpose="computing a damage from findings")
    pa = require("pyarrow", extra="data", purpose="computing a damage from findings")
    mode = check_on_error(on_error)
    first, last = _month(month)
    chosen = _profile(profile)
    counted, parameters = _checks(chosen, checks, last)
    extra = column_names(carry, field="carry")
    shown = [name for name in SHOWN if name not in extra]
    table = read_table(
        findings,
        [
            Column("check", ColumnKind.LABEL),
            Column("outcome", ColumnKind.LABEL),
            *(Column(name, ColumnKind.LABEL, required=False, nullable=True) for name in shown),
            *(Column(name, ColumnKind.LABEL, nullable=True) for name in extra),
        ],
        name="findings",
    )
    table, check = cols.text_categories(table, "check")
    table = table.reject(
        ~check.rows_where([value in counted for value in check.values()]),
        "check {check!r} is not counted by the Distance from provider to member measure "
        f"(counted: {', '.join(counted)})",
    )
    table, outcome = cols.choice_categories(table, "outcome", OUTCOMES)
    checked = table.check(on_error=mode)
    keep = cols.kept_rows(checked)
    outcomes = np.asarray(outcome.to_numpy()[keep], dtype=object)
    counts = {name: int(np.count_nonzero(outcomes == name)) for name in OUTCOMES}
    breaches = pa.array(outcomes == "not_met")
    names = ["row", "check", "outcome", *(n for n in SHOWN[1:] if checked.has(n)), *extra]
    evidence = pa.table(
        {
            name: (
                checked.column(name)
                if name not in ("check", "outcome")
                else (check if name == "check" else outcome).take(keep)
            ).filter(breaches)
            for name in names
            if checked.has(name) or name in ("check", "outcome")
        }
    )
    if "row" not in evidence.column_names:
        evidence = evidence.add_column(
            0, "row", pa.array(checked.positions(), pa.int64()).filter(breaches)
        )
    met = counts["not_met"] == 0
    result = assess_item(
        "geographic_access",
        {"standards_met": met, "corrective_action_plan": _flag(corrective_action_plan)},
        profile=profile,
        on=last,
    )
    tally = ", ".join(f"{counts[name]} {name.replace('_', ' ')}" for name in OUTCOMES)
    step = (
        f"{first.isoformat()} to {last.isoformat()}: {checked.rows_used} finding(s) of "
        f"{', '.join(counted)}: {tally}; "
        + (
            "every standard assessed was met"
            if met
            else f"{counts['not_met']} not met: the standards were not met this month"
        )
    )
    notes = []
    if counts["not_assessed"]:
        notes.append(
            f"{counts['not_assessed']} finding(s) not assessed (standards the source does not "
            "state, such as Attachments III and IV): the measure covers them and the library "
            "cannot judge them"
        )
    if not checked.rows_used:
        notes.append("no findings for the month: nothing shows a standard unmet")
    return DerivedAssessment(
        assessment=attrs.evolve(result, steps=(step, *result.steps)),
        evidence=evidence,
        evidence_name="breaches",
        evidence_title="Findings not met (the breaches)",
        rows_in=checked.rows_in,
        rejected=checked.rejected,
        notes=tuple(notes),
        parameters=parameters,
    )


def _flag(value: object) -> bool:
    if not isinstance(value, bool):
        raise InvalidTypeError(
            f"'corrective_action_plan' must be True or False (got {value!r})",
            field="corrective_action_plan",
            value=value,
        )
    return value


def _checks(
    profile: ContractProfile, given: Collection[str] | None, on: dt.date
) -> tuple[tuple[str, ...], tuple[ParameterValue, ...]]:
    if given is None:
        parameter = profile.get("damages.geographic_access_findings", on=on)
        return tuple(parameter.value), (parameter,)
    if isinstance(given, str) or not all(isinstance(name, str) and name for name in given):
        raise InvalidTypeError(
            f"'checks' must be a collection of check ids such as ['access.distance'] "
            f"(got {given!r})",
            field="checks",
            value=given,
        )
    return tuple(given), ()
