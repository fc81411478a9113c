"""What the NEMT benefit excludes (§2.6.1.2): private automobiles, HCBS-waiver trips, escort fees.

§2.6.1.2 (item 2 of the amendment) excludes three things from covered NEMT:

* "Mileage reimbursement, car rental fees, or other reimbursement for use of a private automobile
  (as defined in Exhibit A to Attachment XI) is not a covered NEMT service" (the kinds of claim in
  ``nemt.excluded_reimbursements``);
* "The CONTRACTOR is not responsible for providing NEMT to any service that is being provided to
  the member through a HCBS waiver";
* "Except for fixed route and commercial carrier transport, the CONTRACTOR shall not make separate
  or additional payment to a NEMT provider for an escort", nor "for an adult accompanying a member
  under age eighteen (18)" (the modes in ``nemt.companion_payment_modes``).

:func:`nemt_exclusion` judges one NEMT claim and :func:`nemt_exclusions_table` a table of them; a
claim the benefit excludes is ``not_met`` and says which exclusion (``exclusion``). A claim for a
trip, or a separate escort payment for fixed route or commercial carrier transport, is ``met``.
Exhibit A (which defines a private automobile) is not in the source: the caller says what kind of
claim it is.

>>> nemt_exclusion(category="mileage_reimbursement").outcome.value
'not_met'
>>> nemt_exclusion(category="escort", mode="commercial_carrier").outcome.value
'met'
>>> print(nemt_exclusion(category="trip", hcbs_waiver_service=True).note)
NEMT to a service provided through an HCBS waiver is not the CONTRACTOR's responsibility
"""

from __future__ import annotations

__all__ = ["CLAIM_CATEGORIES", "nemt_exclusion", "nemt_exclusions_table"]

from typing import TYPE_CHECKING, Any

from tenncare_calc.columnar import named_columns
from tenncare_calc.columnar.column_kinds import Column, ColumnKind
from tenncare_calc.compliance.findings import (
    Deferred,
    Finding,
    FindingsTable,
    Outcome,
    findings_from_columns,
    read_with_carried,
)
from tenncare_calc.compliance.nemt.benefit import MODES
from tenncare_calc.compliance.nemt.inputs import _flag, _parameter
from tenncare_calc.compliance.nemt.trip_rows import _np, _pa
from tenncare_calc.core.choices import to_choice

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Mapping, Sequence

    from tenncare_calc.columnar import OnError
    from tenncare_calc.contract.parameters import ParameterValue
    from tenncare_calc.contract.profile import ContractProfile

#: Kinds of NEMT claim the check knows besides the excluded reimbursements of the profile: a trip
#: (the transportation itself), and a separate payment for an escort or an accompanying adult.
CLAIM_CATEGORIES = ("trip", "escort", "accompanying_adult")
_CHECK = "nemt.exclusions"
_SECTION = "2.6.1.2"
STANDARD = (
    "a covered NEMT service: no private automobile reimbursement, no trip to a service provided "
    "through an HCBS waiver, no separate escort or accompanying-adult payment except for fixed "
    "route and commercial carrier transport"
)
#: The exclusion each outcome of the table names, by position (0: none).
EXCLUSIONS = (
    None,
    "private automobile reimbursement",
    "service provided through an HCBS waiver",
    "separate escort or accompanying-adult payment",
)

_NOTES = (
    None,
    "not a covered NEMT service (mileage, car rental or other private automobile reimbursement)",
    "NEMT to a service provided through an HCBS waiver is not the CONTRACTOR's responsibility",
    (
        "no separate or additional payment to a NEMT provider for an escort or accompanying adult, "
        "except for fixed route and commercial carrier transport"
    ),
)


#: The claims' columns :func:`nemt_exclusions_table` reads (the command line parses only these, and the columns carried).
EXCLUSION_COLUMNS: tuple[Column, ...] = (
    Column("category", ColumnKind.LABEL),
    Column("mode", ColumnKind.LABEL, required=False),
    Column("hcbs_waiver_service", ColumnKind.LABEL, required=False),
)


def _lists(
    profile: ContractProfile | None, on: dt.date | None
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[ParameterValue, ...]]:
    excluded, excluded_parameter = _parameter(profile, "nemt.excluded_reimbursements", on)
    modes, modes_parameter = _parameter(profile, "nemt.companion_payment_modes", on)
    return (
        tuple(name.lower() for name in excluded),
        tuple(name.lower() for name in modes),
        (excluded_parameter, modes_parameter),
    )


def _exclusion(
    category: str, mode: str, hcbs: bool, excluded: tuple[str, ...], modes: tuple[str, ...]
) -> int:
    """Return the position in :data:`EXCLUSIONS` of the exclusion a claim falls under (0: none)."""
    if category in excluded:
        return 1
    if hcbs:
        return 2
    if category in ("escort", "accompanying_adult") and mode not in modes:
        return 3
    return 0


def nemt_exclusion(
    *,
    category: str,
    mode: str = "nemt_provider",
    hcbs_waiver_service: bool = False,
    on: dt.date | None = None,
    profile: ContractProfile | None = None,
) -> Finding:
    """Return whether a NEMT claim is for a covered NEMT service, or what §2.6.1.2 excludes.

    Parameters
    ----------
    category
        What the claim pays for: ``trip``, ``escort`` or ``accompanying_adult`` (a separate
        payment for one), or an excluded reimbursement of ``nemt.excluded_reimbursements``
        (``mileage_reimbursement``, ``car_rental``, ``private_automobile``).
    mode
        How the trip was made: ``nemt_provider``, ``fixed_route`` or ``commercial_carrier``.
    hcbs_waiver_service
        The trip was to a service provided to the member through an HCBS waiver.

    Examples
    --------
    >>> nemt_exclusion(category="accompanying_adult").subject
    (('category', 'accompanying_adult'), ('mode', 'nemt_provider'), ('hcbs_waiver_service', 'no'), ('exclusion', 'separate escort or accompanying-adult payment'))
    """
    hcbs = _flag(hcbs_waiver_service, "hcbs_waiver_service")
    excluded, modes, parameters = _lists(profile, on)
    kind = to_choice(category, (*CLAIM_CATEGORIES, *excluded), field="category")
    how = to_choice(mode, MODES, field="mode")
    found = _exclusion(kind, how, hcbs, excluded, modes)
    return Finding(
        check=_CHECK,
        outcome=Outcome.NOT_MET if found else Outcome.MET,
        standard=STANDARD,
        sections=(_SECTION,),
        subject=(
            ("category", kind),
            ("mode", how),
            ("hcbs_waiver_service", "yes" if hcbs else "no"),
            ("exclusion", EXCLUSIONS[found] or "none"),
        ),
        note=_NOTES[found],
        parameters=parameters,
    )


def nemt_exclusions_table(
    claims: object,
    *,
    columns: Mapping[str, str] | None = None,
    on: dt.date | None = None,
    profile: ContractProfile | None = None,
    on_error: OnError = "raise",
    carry: str | Sequence[str] = (),
) -> FindingsTable:
    """Return a findings table of :func:`nemt_exclusion` over NEMT claims (§2.6.1.2).

    ``claims`` has the column ``category`` and optionally ``mode`` (absent: ``nemt_provider``)
    and ``hcbs_waiver_service`` (yes/no; absent: no). An unknown category or mode rejects the row.

    ``columns`` maps the library's column names to yours (:mod:`tenncare_calc.columnar.column_mapping`).

    Examples
    --------
    >>> findings = nemt_exclusions_table({"claim_id": ["N1", "N2", "N3", "N4"],
    ...     "category": ["trip", "car_rental", "escort", "escort"],
    ...     "mode": ["nemt_provider", "nemt_provider", "nemt_provider", "fixed_route"]},
    ...     carry="claim_id")
    >>> [(r["claim_id"], r["outcome"], r["exclusion"]) for r in findings.rows()]
    [('N1', 'met', None), ('N2', 'not_met', 'private automobile reimbursement'), ('N3', 'not_met', 'separate escort or accompanying-adult payment'), ('N4', 'met', None)]
    """
    claims = named_columns(claims, columns, name="claims")
    from tenncare_calc import columnar as cols  # noqa: PLC0415 - needs the data extra
    from tenncare_calc.columnar import (  # noqa: PLC0415 - needs the data extra
        check_on_error,
    )
    from tenncare_calc.columnar.categories import (  # noqa: PLC0415 - the data extra
        flag_column,
        read_flags,
    )
    from tenncare_calc.columnar.decimal_columns import figure_type  # noqa: PLC0415

    np, pa = _np(), _pa()
    mode_choice = check_on_error(on_error)
    excluded, modes, parameters = _lists(profile, on)
    categories = (*CLAIM_CATEGORIES, *excluded)
    table = read_with_carried(claims, EXCLUSION_COLUMNS, name="claims", carry=carry)
    table, category = cols.choice_categories(table, "category", categories)
    table, mode = cols.choice_categories(table, "mode", MODES, default="nemt_provider")
    table, hcbs = read_flags(table, "hcbs_waiver_service")
    checked = table.check(on_error=mode_choice)
    keep = cols.kept_rows(checked)
    # the exclusion of every (category, mode, HCBS) of the distinct values once, as the one-value
    # check finds it, in a small table; each row takes its own (no grouping of the rows)
    names, ways = category.values(), mode.values()
    each = np.array(
        [
            [
                [_exclusion(str(name), str(way), flag, excluded, modes) for flag in (False, True)]
                for way in ways
            ]
            for name in names
        ],
        dtype=np.int32,
    ).ravel()
    found = _looked_up(each, category.index[keep], mode.index[keep], len(ways), hcbs[keep])
    # the verdict (the exclusion) now; what explains it when the findings are read
    parts: dict[str, Deferred] = {
        "category": lambda: category.encoded(keep),
        "mode": lambda: mode.encoded(keep),
        "hcbs_waiver_service": lambda: pa.array(hcbs[keep], pa.bool_()),
        "exclusion": cols.text_column(found, EXCLUSIONS),
        "outcome": cols.text_column(found > 0, ("met", "not_met")),
        "met": flag_column(found == 0),
        "standard": lambda: cols.repeated_text(STANDARD, checked.rows_used),
        "measured": lambda: pa.nulls(checked.rows_used, figure_type()),
        "limit": lambda: pa.nulls(checked.rows_used, figure_type()),
        "margin": lambda: pa.nulls(checked.rows_used, figure_type()),
        "unit": lambda: cols.repeated_text("", checked.rows_used),
        "section": lambda: cols.repeated_text(_SECTION, checked.rows_used),
        "note": lambda: cols.text_column(found, _NOTES),
    }
    return findings_from_columns(_CHECK, checked, parts, parameters, carry=carry)


def _looked_up(each: Any, category: Any, mode: Any, modes: int, hcbs: Any) -> Any:  # noqa: ANN401
    """Return each row's entry of ``each``, the table by (category, mode, HCBS), as int32.

    A block of 32,768 rows at a time: the keys stay in the processor's cache.
    """
    np = _np()
    rows = len(category)
    found = np.empty(rows, dtype=np.int32)
    for begin in range(0, rows, _BLOCK):
        block = slice(begin, begin + _BLOCK)
        key = category[block] * (2 * modes)
        key += mode[block] << 1
        key += hcbs[block]
        np.take(each, key, out=found[block])
    return found


#: Rows looked up at a time by :func:`_looked_up`.
_BLOCK = 1 << 15
