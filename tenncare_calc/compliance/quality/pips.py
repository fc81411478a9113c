"""Performance improvement projects (§2.15.3.1): three clinical, two non-clinical, in set areas.

§2.15.3.1 (item 12 of the amendment): "The CONTRACTOR shall perform three (3) clinical and two (2)
non-clinical PIPs. The three (3) clinical PIPs shall include one (1) in the area of diabetes
management, one (1) in the area of maternity management and one (1) in the area of behavioral
health. The behavioral health PIP shall be relevant to one of the behavioral health disease
management programs for bipolar disorder, major depression, or schizophrenia."

:func:`pip_list_check` judges a plan's list of PIPs and returns one finding with a part per
requirement: at least the clinical and non-clinical counts (``quality.pip_clinical_count``,
``quality.pip_non_clinical_count``; the lines :data:`ENOUGH_PIPS`), one clinical PIP in each area
of ``quality.pip_clinical_areas``, and a PIP in the behavioral health area
(``quality.pip_behavioral_health_area``) relevant to one of
``quality.pip_behavioral_health_programs``.

>>> plan = [
...     {"title": "HbA1c testing", "kind": "clinical", "area": "diabetes management"},
...     {"title": "Prenatal visits", "kind": "clinical", "area": "maternity management"},
...     {"title": "Depression follow-up", "kind": "clinical", "area": "behavioral health",
...      "program": "major depression"},
...     {"title": "Call answer time", "kind": "non_clinical"},
... ]
>>> found = pip_list_check(plan)
>>> found.outcome.value, [(part.standard, part.outcome.value) for part in found.parts][:2]
('not_met', [('at least 3 clinical PIPs', 'met'), ('at least 2 non-clinical PIPs', 'not_met')])
"""

from __future__ import annotations

__all__ = ["ENOUGH_PIPS", "PIP_KINDS", "pip_list_check"]

from decimal import Decimal
from typing import TYPE_CHECKING

from tenncare_calc.compliance.findings import Finding, Outcome
from tenncare_calc.core.errors import InvalidInputError
from tenncare_calc.core.thresholds import Comparison, Threshold

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Mapping

    from tenncare_calc.contract.parameters import ParameterValue
    from tenncare_calc.contract.profile import ContractProfile

#: The kinds of PIP §2.15.3.1 counts.
PIP_KINDS = ("clinical", "non_clinical")
#: "shall perform three (3) clinical and two (2) non-clinical PIPs": at least that many of each.
ENOUGH_PIPS = Comparison.AT_LEAST
_CHECK = "quality.pips"
_SECTION = "2.15.3.1"


def _profile(profile: ContractProfile | None) -> ContractProfile:
    from tenncare_calc.contract.loader import resolve_profile  # noqa: PLC0415 - avoids an import cycle

    return resolve_profile(profile)


def _records(pips: object, columns: Mapping[str, str] | None) -> list[dict[str, str | None]]:
    """Return the PIPs as records of lower-case text, from any table (a list of mappings too)."""
    from tenncare_calc.columnar import table_rows  # noqa: PLC0415 - the row adapter

    rows = table_rows(pips, name="pips", columns=columns, valid=_PIP_COLUMNS).rows
    records = []
    for number, row in enumerate(rows, start=1):
        record: dict[str, str | None] = {}
        for key in _PIP_COLUMNS:
            value = row.get(key)
            text = None if value is None else str(value).strip()
            record[key] = text or None
        kind = (record["kind"] or "").lower().replace("-", "_").replace(" ", "_")
        if kind not in PIP_KINDS:
            raise InvalidInputError(
                f"PIP {number} ({record['title'] or 'untitled'}): 'kind' must be one of "
                f"{list(PIP_KINDS)} (got {row.get('kind')!r})",
                field="kind",
                value=row.get("kind"),
            )
        record["kind"] = kind
        records.append(record)
    return records


_PIP_COLUMNS = ("title", "kind", "area", "program")


def _count_part(kind: str, count: int, needed: int) -> Finding:
    line = Threshold(needed, "PIPs", ENOUGH_PIPS)
    words = kind.replace("_", "-")
    return Finding(
        check=_CHECK,
        outcome=Outcome.MET if line.met(count) else Outcome.NOT_MET,
        standard=f"at least {needed} {words} PIPs",
        sections=(_SECTION,),
        measured=Decimal(count),
        limit=Decimal(needed),
        margin=Decimal(line.margin(count)),
        unit="PIPs",
    )


def pip_list_check(
    pips: object,
    *,
    columns: Mapping[str, str] | None = None,
    on: dt.date | None = None,
    profile: ContractProfile | None = None,
) -> Finding:
    """Return whether a plan's performance improvement projects meet §2.15.3.1.

    Parameters
    ----------
    pips
        The plan's PIPs: a list of mappings, or a table (any input ``read_table`` reads), with
        ``kind`` (``clinical`` or ``non_clinical``) and optionally ``title``, ``area`` (of a
        clinical PIP) and ``program`` (of the behavioral health PIP). Areas and programs are
        compared without regard to case.
    columns
        Your column names for the library's (:mod:`tenncare_calc.columnar.column_mapping`).
    on, profile
        The date whose requirements apply and the contract profile.

    Examples
    --------
    >>> five = [{"kind": "clinical", "area": a} for a in ("Diabetes management",
    ...     "maternity management")] + [{"kind": "clinical", "area": "behavioral health",
    ...     "program": "Schizophrenia"}] + [{"kind": "non_clinical"}] * 2
    >>> pip_list_check(five).met
    True
    """
    records = _records(pips, columns)
    chosen = _profile(profile)
    parameters: list[ParameterValue] = [
        chosen.get(name, on=on)
        for name in (
            "quality.pip_clinical_count",
            "quality.pip_non_clinical_count",
            "quality.pip_clinical_areas",
            "quality.pip_behavioral_health_programs",
            "quality.pip_behavioral_health_area",
        )
    ]
    clinical_needed, non_clinical_needed = parameters[0].value, parameters[1].value
    areas = [area.lower() for area in parameters[2].value]
    programs = [program.lower() for program in parameters[3].value]
    clinical = [r for r in records if r["kind"] == "clinical"]
    parts = [
        _count_part("clinical", len(clinical), clinical_needed),
        _count_part("non_clinical", len(records) - len(clinical), non_clinical_needed),
    ]
    found_areas = {(r["area"] or "").lower() for r in clinical}
    parts.extend(
        Finding(
            check=_CHECK,
            outcome=Outcome.MET if area in found_areas else Outcome.NOT_MET,
            standard=f"a clinical PIP in the area of {area}",
            sections=(_SECTION,),
            subject=(("area", area),),
            note=None if area in found_areas else "no clinical PIP in this area",
        )
        for area in areas
    )
    behavioral = parameters[4].value.lower()
    relevant = [
        r
        for r in clinical
        if (r["area"] or "").lower() == behavioral and (r["program"] or "").lower() in programs
    ]
    has_behavioral = behavioral in found_areas
    parts.append(
        Finding(
            check=_CHECK,
            outcome=(
                Outcome.NOT_APPLICABLE
                if not has_behavioral
                else Outcome.MET
                if relevant
                else Outcome.NOT_MET
            ),
            standard="the behavioral health PIP is relevant to a disease management program for "
            + ", ".join(programs),
            sections=(_SECTION,),
            note=(
                "no behavioral health PIP (see the area above)"
                if not has_behavioral
                else None
                if relevant
                else "no behavioral health PIP names one of the programs"
            ),
        )
    )
    failed = any(part.outcome is Outcome.NOT_MET for part in parts)
    return Finding(
        check=_CHECK,
        outcome=Outcome.NOT_MET if failed else Outcome.MET,
        standard=(
            f"{clinical_needed} clinical PIPs (one each in {', '.join(areas)}) and "
            f"{non_clinical_needed} non-clinical PIPs"
        ),
        sections=(_SECTION,),
        subject=(("pips", str(len(records))),),
        steps=tuple(
            f"{str(r['kind']).replace('_', '-')} PIP: {r['title'] or 'untitled'}"
            + (f" ({r['area']})" if r["area"] else "")
            + (f", program {r['program']}" if r["program"] else "")
            for r in records
        ),
        parts=tuple(parts),
        parameters=tuple(parameters),
    )
