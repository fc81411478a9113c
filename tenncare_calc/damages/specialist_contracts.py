"""Attachment VII's Specialist Provider Network computed from a table of executed contracts.

The measure's four standards (Attachment VII, "Specialist Provider Network", measured monthly):

1. "Executed specialty physician contracts in all areas required by this Agreement for the
   following specialists": the 16 specialties of ``damages.physician_specialties``;
2. "Executed contract with at least one (1) tertiary care center for each essential hospital
   service" (``damages.essential_hospital_services``: the services are not in the source);
3. "Executed contract with at least two (2) Center of Excellence for AIDS within the CONTRACTOR's
   approved Grand Region(s)" (``damages.aids_centers_of_excellence_minimum``);
4. "Executed contract with all COEs for Behavioral Health within the CONTRACTOR's approved Grand
   Region(s)" (``damages.behavioral_health_centers_of_excellence``: not in the source).

"Executed contract is a signed provider agreement with a provider to participate in the
CONTRACTOR's network as a contract provider." A contract counts for a month when it was executed
on or before the month's last day and had not ended before that day. Each requirement is one line
(at least one contract per specialty, service and behavioral-health center; at least two AIDS
centers), and the unmet standards go to :func:`~tenncare_calc.damages.items.specialist_network`
with the caller's plan and waiver (rulings L5, L6). A standard whose list is empty is reported as
not assessed rather than guessed.
"""

from __future__ import annotations

__all__ = ["AT_LEAST_ONE", "specialist_network_from_contracts"]

from typing import TYPE_CHECKING, Any

import attrs

from tenncare_calc.columnar import named_columns
from tenncare_calc.core.errors import InvalidTypeError, require
from tenncare_calc.core.thresholds import Comparison, Threshold
from tenncare_calc.damages.derived import DerivedAssessment
from tenncare_calc.damages.items import assess_item
from tenncare_calc.damages.observations import _month
from tenncare_calc.damages.schedule import DamageSchedule

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Collection, Mapping

    from tenncare_calc.columnar import OnError
    from tenncare_calc.contract.parameters import ParameterValue
    from tenncare_calc.contract.profile import ContractProfile

#: Each required specialty, essential hospital service and behavioral-health center: at least one
#: executed contract in force.
AT_LEAST_ONE = Threshold(1, "contracts", Comparison.AT_LEAST)
_PURPOSE = "computing the specialist network from contracts"
#: One requirement: standard, requirement, contracts found, needed, met, the providers found.
Requirement = tuple[str, str, int, int, bool, str]


def _key(value: object) -> str:
    """Return a name as compared: trimmed, lower case, inner spaces single."""
    return " ".join(str(value).split()).lower()


def _profile(profile: ContractProfile | None) -> ContractProfile:
    from tenncare_calc.contract.loader import resolve_profile  # noqa: PLC0415 - avoids a cycle

    return resolve_profile(profile)


def _list(
    profile: ContractProfile,
    name: str,
    given: Collection[object] | None,
    on: dt.date,
    *,
    argument: str | None = None,
) -> tuple[tuple[str, ...], ParameterValue | None]:
    """Return the names ``given`` (the argument ``argument``) or, if None, the profile's ``name``."""
    if given is None:
        parameter = profile.get(name, on=on)
        return tuple(_key(item) for item in parameter.value), parameter
    if isinstance(given, str | bytes):
        field = argument or name.rsplit(".", 1)[-1]
        raise InvalidTypeError(
            f"{field!r} must be a collection of names, not one text ({given!r})",
            field=field,
            value=given,
        )
    return tuple(_key(item) for item in given), None


def specialist_network_from_contracts(
    contracts: object,
    *,
    columns: Mapping[str, str] | None = None,
    month: dt.date | str,
    corrective_action_plan: bool = False,
    shortage_waiver: bool = False,
    essential_hospital_services: Collection[str] | None = None,
    behavioral_health_centers: Collection[str | int] | None = None,
    profile: ContractProfile | None = None,
    on_error: OnError = "raise",
) -> DerivedAssessment:
    """Return the month's Specialist Provider Network damage, decided by the executed contracts.

    The evidence (``requirements``) has one row per requirement: the standard, the requirement,
    the contracts found (``found``, with their ``providers``), the contracts needed and whether it
    was met. The result has no row per contract, so it takes no ``carry``.

    Parameters
    ----------
    contracts
        One row per executed contract: ``standard`` (``physician_specialists``,
        ``essential_hospital_services``, ``aids_centers_of_excellence`` or
        ``behavioral_health_centers_of_excellence``), ``provider_id``, ``executed`` (the date
        signed), optionally ``ended`` (empty: in force) and ``covers`` (the specialty, or the
        essential hospital service, the contract covers; required for those two standards).
        Names are compared without regard to case or spacing; one that is not required (a
        misspelt specialty, a center not in the region's list) rejects the row.
    month
        The month assessed (``2008-10``); contracts in force on its last day count.
    corrective_action_plan, shortage_waiver
        As for :func:`~tenncare_calc.damages.items.specialist_network` (rulings L5, L6).
    essential_hospital_services, behavioral_health_centers
        The essential hospital services and the region's behavioral-health Centers of Excellence
        (provider ids); default: the profile's lists, empty as shipped (not in the source), when
        the standard is reported as not assessed.
    columns
        Your column names for the library's
        (:mod:`tenncare_calc.columnar.column_mapping`).

    Examples
    --------
    >>> from tenncare_calc import default_profile
    >>> specialties = default_profile().value("damages.physician_specialties", tuple)
    >>> rows = [("physician_specialists", f"P{n}", s) for n, s in enumerate(specialties)]
    >>> rows += [("aids_centers_of_excellence", "A1", None)]
    >>> table = {"standard": [r[0] for r in rows], "provider_id": [r[1] for r in rows],
    ...     "covers": [r[2] for r in rows], "executed": ["2008-01-15"] * len(rows)}
    >>> result = specialist_network_from_contracts(table, month="2008-10")
    >>> result.amount, result.assessment.inputs[0]
    (Decimal('25000.00'), ('unmet', 'aids_centers_of_excellence'))
    """
    contracts = named_columns(contracts, columns, name="contracts")
    from tenncare_calc import columnar as cols  # noqa: PLC0415 - needs the data extra
    from tenncare_calc.columnar import (  # noqa: PLC0415 - needs the data extra
        Column,
        ColumnKind,
        check_on_error,
        read_table,
    )

    np = require("numpy", extra="data", purpose=_PURPOSE)
    pa = require("pyarrow", extra="data", purpose=_PURPOSE)
    mode = check_on_error(on_error)
    first, last = _month(month)
    chosen = _profile(profile)
    standards = (
        chosen.value("damages.schedule", DamageSchedule, on=last)
        .item("specialist_network")
        .standards
    )
    specialties, p_specialties = _list(chosen, "damages.physician_specialties", None, last)
    services, p_services = _list(
        chosen, "damages.essential_hospital_services", essential_hospital_services, last
    )
    centers, p_centers = _list(
        chosen,
        "damages.behavioral_health_centers_of_excellence",
        behavioral_health_centers,
        last,
        argument="behavioral_health_centers",
    )
    minimum = chosen.get("damages.aids_centers_of_excellence_minimum", on=last)
    table = read_table(
        contracts,
        [
            Column("standard", ColumnKind.LABEL),
            Column("provider_id", ColumnKind.ID),
            Column("executed", ColumnKind.DATE),
            Column("ended", ColumnKind.DATE, required=False, nullable=True),
            Column("covers", ColumnKind.LABEL, required=False, nullable=True),
        ],
        name="contracts",
    )
    table, standard = cols.choice_categories(table, "standard", standards)
    kinds = standard.to_numpy()
    covers = np.full(table.rows_in, "", dtype=object)
    if table.has("covers"):
        covers = np.array(
            ["" if value is None else _key(value) for value in table.column("covers").to_pylist()],
            dtype=object,
        )
    given_ids = [str(value).strip() for value in table.column("provider_id").to_pylist()]
    ids = np.array([_key(value) for value in given_ids], dtype=object)
    shown = np.array(given_ids, dtype=object)
    table = _reject_unknown(
        table, kinds, covers, ids, specialties=specialties, services=services, centers=centers
    )
    if table.has("ended"):
        ended = table.days("ended", null=2**31 - 1)
        table = table.reject(
            ended < table.days("executed"), "ended {ended} is before executed {executed}"
        )
    checked = table.check(on_error=mode)
    keep = checked.positions()
    end_day = (last - first).days + _epoch_days(first)
    executed = checked.days("executed")
    in_force = executed <= end_day
    if checked.has("ended"):
        in_force &= checked.days("ended", null=2**31 - 1) >= end_day
    rows, unmet, notes = _requirements(
        kinds[keep][in_force],
        covers[keep][in_force],
        ids[keep][in_force],
        shown[keep][in_force],
        specialties=specialties,
        services=services,
        centers=centers,
        aids_minimum=minimum.value,
    )
    result = assess_item(
        "specialist_network",
        {
            "unmet": unmet,
            "corrective_action_plan": corrective_action_plan,
            "shortage_waiver": shortage_waiver,
        },
        profile=profile,
        on=last,
    )
    step = (
        f"{int(np.count_nonzero(in_force))} of {checked.rows_used} executed contract(s) in force on "
        f"{last.isoformat()} (executed on or before it, not ended before it)"
    )
    evidence = pa.table(
        {
            "standard": pa.array([r[0] for r in rows], pa.large_string()),
            "requirement": pa.array([r[1] for r in rows], pa.large_string()),
            "found": pa.array([r[2] for r in rows], pa.int64()),
            "needed": pa.array([r[3] for r in rows], pa.int64()),
            "met": pa.array([r[4] for r in rows], pa.bool_()),
            "providers": pa.array([r[5] for r in rows], pa.large_string()),
        }
    )
    parameters = tuple(p for p in (p_specialties, p_services, minimum, p_centers) if p is not None)
    return DerivedAssessment(
        assessment=attrs.evolve(result, steps=(step, *result.steps)),
        evidence=evidence,
        evidence_name="requirements",
        evidence_title="Requirements of the Specialist Provider Network",
        rows_in=checked.rows_in,
        rejected=checked.rejected,
        notes=tuple(notes),
        parameters=parameters,
    )


def _epoch_days(day: dt.date) -> int:
    from tenncare_calc.columnar import days_from_date  # noqa: PLC0415 - needs the data extra

    return days_from_date(day)


def _reject_unknown(
    table: Any,  # noqa: ANN401 - a TableInput
    kinds: Any,  # noqa: ANN401 - numpy text per row
    covers: Any,  # noqa: ANN401 - numpy text per row
    ids: Any,  # noqa: ANN401 - numpy text per row
    *,
    specialties: tuple[str, ...],
    services: tuple[str, ...],
    centers: tuple[str, ...],
) -> Any:  # noqa: ANN401 - a TableInput
    """Reject contracts naming what no requirement asks for (a misspelling costs $25,000)."""
    np = require("numpy", extra="data", purpose=_PURPOSE)
    covered = ("physician_specialists", "essential_hospital_services")
    table = table.reject(
        np.isin(kinds, covered) & (covers == ""),
        "covers is empty: give the specialty or the essential hospital service",
    )
    table = table.reject(
        (kinds == "physician_specialists") & (covers != "") & ~np.isin(covers, specialties),
        "covers {covers!r} is not a required specialty (damages.physician_specialties)",
    )
    if services:
        table = table.reject(
            (kinds == "essential_hospital_services") & (covers != "") & ~np.isin(covers, services),
            "covers {covers!r} is not an essential hospital service of the list",
        )
    if centers:
        table = table.reject(
            (kinds == "behavioral_health_centers_of_excellence") & ~np.isin(ids, centers),
            "provider_id {provider_id!r} is not a Center of Excellence for Behavioral Health of "
            "the region's list",
        )
    return table


def _requirements(
    kinds: Any,  # noqa: ANN401 - numpy text per contract in force
    covers: Any,  # noqa: ANN401
    ids: Any,  # noqa: ANN401
    shown: Any,  # noqa: ANN401 - the provider ids as given
    *,
    specialties: tuple[str, ...],
    services: tuple[str, ...],
    centers: tuple[str, ...],
    aids_minimum: int,
) -> tuple[list[Requirement], list[str], list[str]]:
    """Return the requirements, the unmet standards and the notes.

    A requirement is (standard, requirement, contracts found, needed, met, providers found).
    """
    rows: list[Requirement] = []
    notes: list[str] = []

    def each(standard: str, names: tuple[str, ...], found: Any, providers: Any) -> None:  # noqa: ANN401
        for name in names:
            which = sorted(set(providers[found == name].tolist()))
            count = len(which)
            line = (standard, name, count, int(AT_LEAST_ONE.limit), AT_LEAST_ONE.met(count))
            rows.append((*line, ", ".join(which)))

    specialists = kinds == "physician_specialists"
    each("physician_specialists", specialties, covers[specialists], shown[specialists])
    hospitals = kinds == "essential_hospital_services"
    if services:
        each("essential_hospital_services", services, covers[hospitals], shown[hospitals])
    else:
        notes.append(
            "essential_hospital_services not assessed: the essential hospital services are not "
            "in the source; pass essential_hospital_services= or set "
            "damages.essential_hospital_services"
        )
    aids_rows = kinds == "aids_centers_of_excellence"
    aids = sorted(set(ids[aids_rows].tolist()))
    line = Threshold(aids_minimum, "centers", Comparison.AT_LEAST)
    rows.append(
        (
            "aids_centers_of_excellence",
            f"at least {aids_minimum} Centers of Excellence for AIDS in the Grand Region",
            len(aids),
            aids_minimum,
            line.met(len(aids)),
            ", ".join(sorted(set(shown[aids_rows].tolist()))),
        )
    )
    behavioral = kinds == "behavioral_health_centers_of_excellence"
    if centers:
        each("behavioral_health_centers_of_excellence", centers, ids[behavioral], shown[behavioral])
    else:
        notes.append(
            "behavioral_health_centers_of_excellence not assessed: the region's Centers of "
            "Excellence for Behavioral Health are not in the source; pass "
            "behavioral_health_centers= or set damages.behavioral_health_centers_of_excellence"
        )
    unmet = list(dict.fromkeys(row[0] for row in rows if not row[4]))
    return rows, unmet, notes
