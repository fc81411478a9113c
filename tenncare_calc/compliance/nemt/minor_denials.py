"""Denying a minor's transportation (Attachment XI A.4.1.1): never by blanket policy; the age of consent.

A.4.1.1: "Transportation for a minor child shall not be denied pursuant to any policy that poses a
blanket restriction due to member's age or lack of accompanying adult. Any decision to deny
transportation of a minor child due to a member's age or lack of an accompanying adult shall be
made on a case-by-case basis and shall be based on the individual facts surrounding the request and
State of Tennessee law. Tennessee recognizes the "mature minor exception" to permission for
medical treatment. The age of consent for children with mental illness is sixteen (16) (see TCA
33-8-202)."

:func:`minor_denial` judges one denial, :func:`minor_denials_table` a table of them:

* a member at or over ``nemt.minor_under_age`` (18) is not a minor child: ``not_applicable``;
* a denial for another reason than age or lack of an accompanying adult: ``not_applicable``;
* a denial under a blanket policy: ``not_met``;
* a denial of a trip to **mental health** treatment for a minor who has reached the age of consent
  (``nemt.mental_health_consent_age``, 16): ``not_met``, since such a minor may consent to the
  treatment and State law is what the decision must follow. The line is :data:`BELOW_CONSENT_AGE`
  (less than 16: at 16 the denial is not met), evaluated by both forms;
* any other denial, made case by case: ``met``; the individual facts are not judged (the mature
  minor exception for other care is a matter of those facts).

Whether the trip was to mental health treatment, and whether a blanket policy was followed, are
facts a denial states: not stated (the one-value check's defaults, a table without the column),
each is "no", so a denial is judged by the clause's general rule unless it is said to be of a trip
to mental health treatment, and both forms give the same finding.

>>> minor_denial(member_age=16, reason="no_accompanying_adult", mental_health_service=True).outcome.value
'not_met'
>>> minor_denial(member_age=15, reason="no_accompanying_adult", mental_health_service=True).margin
Decimal('1')
"""

from __future__ import annotations

__all__ = ["BELOW_CONSENT_AGE", "DENIAL_REASONS", "minor_denial", "minor_denials_table"]

from decimal import Decimal
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
from tenncare_calc.compliance.nemt.inputs import _flag, _parameter
from tenncare_calc.compliance.nemt.standards import Standard
from tenncare_calc.compliance.nemt.trip_rows import _np, _pa
from tenncare_calc.core.choices import to_choice
from tenncare_calc.core.thresholds import Comparison
from tenncare_calc.core.values import to_count

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Mapping, Sequence

    from tenncare_calc.columnar import OnError
    from tenncare_calc.contract.parameters import ParameterValue
    from tenncare_calc.contract.profile import ContractProfile

#: A.4.1.1: a minor's trip to mental health treatment may be denied for age or lack of an
#: accompanying adult only below the age of consent (less than 16).
BELOW_CONSENT_AGE = Standard(Comparison.LESS_THAN, "years")
#: A.4.1.1: a minor child is a member under ``nemt.minor_under_age`` (18).
MINOR = Standard(Comparison.LESS_THAN, "years")
#: Why the trip was denied: the member's age, lack of an accompanying adult, or something else.
DENIAL_REASONS = ("age", "no_accompanying_adult", "other")
_CHECK = "nemt.minor_denial"
_SECTION = "Attachment XI A.4.1.1"
#: The outcome of each case, by position: (outcome, note).
_CASES = (
    ("met", "decided case by case; the individual facts are not judged"),
    ("not_applicable", "not a minor child"),
    ("not_applicable", "denied for another reason than age or lack of an accompanying adult"),
    ("not_met", "denied under a blanket restriction due to age or lack of an accompanying adult"),
    (
        "not_met",
        (
            "the member has reached the age of consent for mental health treatment (TCA 33-8-202): "
            "age or lack of an accompanying adult does not justify the denial"
        ),
    ),
)


#: The denials' columns :func:`minor_denials_table` reads (the command line parses only these, and the columns carried).
MINOR_DENIAL_COLUMNS: tuple[Column, ...] = (
    Column("member_age", ColumnKind.LABEL),
    Column("reason", ColumnKind.LABEL),
    Column("mental_health_service", ColumnKind.LABEL, required=False),
    Column("blanket_policy", ColumnKind.LABEL, required=False),
)


def _standard(consent: int) -> str:
    return (
        "no denial for age or lack of an accompanying adult under a blanket policy, nor of a trip "
        f"to mental health treatment at or over the age of consent ({consent})"
    )


def _case(minor: bool, reason: str, blanket: bool, mental: bool, below: bool) -> int:
    """Return the position in :data:`_CASES` of a denial."""
    if not minor:
        return 1
    if reason == "other":
        return 2
    if blanket:
        return 3
    if mental and not below:
        return 4
    return 0


def _ages(
    profile: ContractProfile | None, on: dt.date | None
) -> tuple[int, int, tuple[ParameterValue, ParameterValue]]:
    under, under_parameter = _parameter(profile, "nemt.minor_under_age", on)
    consent, consent_parameter = _parameter(profile, "nemt.mental_health_consent_age", on)
    return under, consent, (under_parameter, consent_parameter)


def minor_denial(
    *,
    member_age: int,
    reason: str,
    mental_health_service: bool = False,
    blanket_policy: bool = False,
    on: dt.date | None = None,
    profile: ContractProfile | None = None,
) -> Finding:
    """Return whether the denial of a minor's NEMT trip kept to A.4.1.1.

    Parameters
    ----------
    member_age
        The member's age in whole years on the date of the trip.
    reason
        ``age``, ``no_accompanying_adult`` or ``other``, in any case and with spaces around it
        (as :func:`minor_denials_table` reads its column); the finding shows it in lower case.
        Other text is an :class:`~tenncare_calc.core.errors.InvalidInputError`; a value that is
        not text an :class:`~tenncare_calc.core.errors.InvalidTypeError`, as in every choice.
    mental_health_service
        The trip was to mental health treatment. Not given, it is not: A.4.1.1's age of consent
        is the rule of a trip to mental health treatment, which a denial must be said to be, as
        :func:`minor_denials_table` reads a table without the column (the finding shows
        ``mental_health_service: no``).
    blanket_policy
        The denial followed a policy restricting trips by age or lack of an accompanying adult
        (not given: no, as a table without the column).
    on, profile
        The date whose ages apply (A.4.1.1 from 2008-09-01 in the shipped profile) and the profile.

    Examples
    --------
    >>> minor_denial(member_age=12, reason="age", mental_health_service=False,
    ...     blanket_policy=True).outcome.value
    'not_met'
    >>> minor_denial(member_age=12, reason="other", mental_health_service=True).outcome.value
    'not_applicable'
    >>> minor_denial(member_age=12, reason=" Age", mental_health_service=False).subject[1]
    ('reason', 'age')
    """
    age = to_count(member_age, field="member_age")
    mental = _flag(mental_health_service, "mental_health_service")
    blanket = _flag(blanket_policy, "blanket_policy")
    # read as the table reads its column (trimmed, any case); the finding shows the option
    reason = to_choice(reason, DENIAL_REASONS, field="reason")
    under, consent, parameters = _ages(profile, on)
    line = BELOW_CONSENT_AGE.threshold(consent)
    below = line.met(age)
    case = _case(MINOR.threshold(under).met(age), reason, blanket, mental, below)
    outcome, note = _CASES[case]
    figures = case in (0, 4) and mental
    measured = Decimal(age)
    return Finding(
        check=_CHECK,
        outcome=Outcome(outcome),
        standard=_standard(consent),
        sections=(_SECTION,),
        measured=measured if figures else None,
        limit=Decimal(consent) if figures else None,
        margin=line.margin(measured) if figures else None,
        unit="years" if figures else "",
        subject=(
            ("member_age", str(age)),
            ("reason", reason),
            ("mental_health_service", "yes" if mental else "no"),
            ("blanket_policy", "yes" if blanket else "no"),
        ),
        note=note,
        parameters=parameters,
    )


def minor_denials_table(
    denials: object,
    *,
    columns: Mapping[str, str] | None = None,
    on: dt.date | None = None,
    profile: ContractProfile | None = None,
    on_error: OnError = "raise",
    carry: str | Sequence[str] = (),
) -> FindingsTable:
    """Return a findings table of :func:`minor_denial` over denied trips (A.4.1.1).

    Columns: ``member_age`` (whole years), ``reason`` (``age``, ``no_accompanying_adult``,
    ``other``) and optionally ``mental_health_service`` and ``blanket_policy`` (yes/no; absent:
    no).

    ``columns`` maps the library's column names to yours (:mod:`tenncare_calc.columnar.column_mapping`).

    Examples
    --------
    >>> findings = minor_denials_table({"member_age": [15, 16, 17, 17],
    ...     "reason": ["no_accompanying_adult"] * 3 + ["age"],
    ...     "mental_health_service": [True, True, False, False], "blanket_policy": [False] * 3 + [True]})
    >>> [(r["outcome"], r["margin"]) for r in findings.rows()]
    [('met', '1'), ('not_met', '0'), ('met', None), ('not_met', None)]
    """
    denials = named_columns(denials, columns, name="denials")
    from tenncare_calc import columnar as cols  # noqa: PLC0415 - needs the data extra
    from tenncare_calc.columnar import (  # noqa: PLC0415 - needs the data extra
        check_on_error,
    )
    from tenncare_calc.columnar.decimal_columns import (  # noqa: PLC0415 - needs the data extra
        within_largest_count,
    )

    np, pa = _np(), _pa()
    import pyarrow.compute as pc  # noqa: PLC0415 - the data extra is loaded by now

    mode = check_on_error(on_error)
    under, consent, parameters = _ages(profile, on)
    table = read_with_carried(denials, MINOR_DENIAL_COLUMNS, name="denials", carry=carry)
    table, ages = cols.decimals(table, "member_age")
    whole = np.asarray(
        pc.fill_null(pc.equal(ages, pc.floor(ages)), fill_value=True).to_numpy(
            zero_copy_only=False
        ),
        dtype=bool,
    )
    table = table.reject(~whole, "member_age {member_age!s} is not a whole number of years")
    # the one-value check's largest count (to_count): a larger age is refused, not cast to int64
    counted, past = within_largest_count(ages, "member_age")
    table = table.reject(~counted, past)
    table, reason = cols.choice_categories(table, "reason", DENIAL_REASONS)
    table, mental = cols.flags(table, "mental_health_service")
    table, blanket = cols.flags(table, "blanket_policy")
    checked = table.check(on_error=mode)
    keep = cols.kept_rows(checked)
    age = np.asarray(
        pc.floor(ages.take(pa.array(checked.positions()))).cast(pa.int64()).to_numpy(),
        dtype=np.int64,
    )
    # the lines of the one-value check, over the column
    below = BELOW_CONSENT_AGE.met(age, np.full(len(age), consent))
    minor = MINOR.met(age, np.full(len(age), under))
    # the cases of _case, column by column
    other = reason.rows_where([value == "other" for value in reason.values()])[keep]
    case = np.select(
        [~minor, other, blanket[keep], mental[keep] & ~below],
        [1, 2, 3, 4],
        default=0,
    ).astype(np.int64)
    shown = np.isin(case, (0, 4)) & mental[keep]
    outcome = np.array([_CASES[c][0] for c in range(len(_CASES))])
    limit = pa.scalar(Decimal(consent), cols.decimal_type())

    def decimals() -> Any:  # noqa: ANN401 - a pyarrow decimal array
        return pa.array(age, pa.int64()).cast(cols.decimal_type())

    def shown_only(values: Any) -> Any:  # noqa: ANN401 - a pyarrow decimal array
        return pc.if_else(pa.array(~shown), pa.scalar(None, values.type), values)

    # the verdict now; the figures that explain it when the findings are read
    parts: dict[str, Deferred] = {
        "member_age": lambda: pa.array(age, pa.int64()),
        "reason": lambda: reason.encoded(keep),
        "mental_health_service": lambda: pa.array(mental[keep], pa.bool_()),
        "blanket_policy": lambda: pa.array(blanket[keep], pa.bool_()),
        "outcome": cols.text_column(case, tuple(outcome.tolist())),
        "met": pa.array(case == 0, pa.bool_(), mask=np.isin(case, (1, 2))),
        "standard": lambda: cols.repeated_text(_standard(consent), checked.rows_used),
        "measured": lambda: shown_only(decimals()),
        "limit": lambda: shown_only(pa.repeat(limit, len(age))),
        "margin": lambda: shown_only(pc.subtract(limit, decimals()).cast(cols.decimal_type())),
        "unit": lambda: cols.text_column(shown, ("", "years")),
        "section": lambda: cols.repeated_text(_SECTION, checked.rows_used),
        "note": lambda: cols.text_column(case, tuple(note for _, note in _CASES)),
    }
    return findings_from_columns(_CHECK, checked, parts, parameters, carry=carry)
