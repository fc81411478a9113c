"""No reimbursement as a percentage of billed charges (§2.13.2), with its two exceptions.

§2.13.2.1: "Except as provided in Sections 2.13.2.2 and 2.13.2.3 below, the CONTRACTOR shall not
reimburse providers based on a percentage of billed charges." §2.13.2.2: it "may, at its
discretion, pay a percentage of billed charges for covered services for which there is no Medicare
reimbursement methodology". §2.13.2.3: "As part of a stop-loss arrangement with a provider, the
CONTRACTOR may, at its discretion, pay the provider a percentage of billed charges for claims that
exceed the applicable stop-loss threshold."

A paid claim priced by another method is ``not_applicable``; one priced as a percentage of billed
charges is ``met`` when an exception applies and ``not_met`` otherwise. The stop-loss line is one
comparison, :data:`EXCEEDS_STOP_LOSS` (more than: a claim exactly at the threshold does not exceed
it), which :func:`percent_of_billed_charges` and :func:`percent_of_billed_charges_table` both
evaluate. Which pricing methods are a percentage of billed charges, and which services have no
Medicare methodology, are lists (``claims.percent_of_billed_methods``,
``claims.no_medicare_method_codes``); the amendment names no services, so none ship.

>>> percent_of_billed_charges(pricing_method="fee_schedule").outcome.value
'not_applicable'
>>> percent_of_billed_charges(pricing_method="percent_of_billed_charges").outcome.value
'not_met'
>>> claim = percent_of_billed_charges(pricing_method="percent_of_billed_charges",
...     billed_amount="80000.01", stop_loss_threshold=80000)
>>> claim.outcome.value, claim.margin, claim.sections
('met', Decimal('0.01'), ('2.13.2.1', '2.13.2.3'))
"""

from __future__ import annotations

__all__ = ["EXCEEDS_STOP_LOSS", "percent_of_billed_charges", "percent_of_billed_charges_table"]

import functools
from typing import TYPE_CHECKING, Any

from tenncare_calc.columnar import named_columns
from tenncare_calc.columnar.arrow_kernels import compute
from tenncare_calc.columnar.column_kinds import Column, ColumnKind
from tenncare_calc.compliance.claims.claim_rows import (
    _np,
    code_text,
    codes_listed,
    listed,
    optional_amounts,
    taken_where,
)
from tenncare_calc.compliance.findings import (
    Deferred,
    Finding,
    FindingsTable,
    Outcome,
    findings_from_columns,
    read_with_carried,
)
from tenncare_calc.core.errors import InvalidInputError, InvalidTypeError
from tenncare_calc.core.missing import is_given
from tenncare_calc.core.thresholds import Comparison, Threshold
from tenncare_calc.core.values import format_money, to_money

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Collection, Mapping, Sequence
    from decimal import Decimal

    from tenncare_calc.columnar import OnError
    from tenncare_calc.contract.parameters import ParameterValue
    from tenncare_calc.contract.profile import ContractProfile

#: §2.13.2.3: a claim that *exceeds* the stop-loss threshold (strictly more than it).
EXCEEDS_STOP_LOSS = Comparison.MORE_THAN
_CHECK = "claims.percent_of_billed_charges"
_RULE = "2.13.2.1"
_NO_MEDICARE = "2.13.2.2"
_STOP_LOSS = "2.13.2.3"
STANDARD = (
    "no reimbursement as a percentage of billed charges, except for a covered service with no "
    "Medicare reimbursement methodology (§2.13.2.2) or a claim exceeding the stop-loss threshold "
    "of an arrangement with the provider (§2.13.2.3)"
)

#: The claims' columns :func:`percent_of_billed_charges_table` reads (the command line parses only these, and the columns carried).
PERCENT_OF_BILLED_COLUMNS: tuple[Column, ...] = (
    Column("pricing_method", ColumnKind.LABEL),
    Column("billed_amount", ColumnKind.LABEL, required=False, nullable=True),
    Column("stop_loss_threshold", ColumnKind.LABEL, required=False, nullable=True),
    Column("service_code", ColumnKind.LABEL, required=False, nullable=True),
    # empty: not stated, as None is to the one-value check (only the codes listed then apply)
    Column("no_medicare_method", ColumnKind.LABEL, required=False, nullable=True),
)


def _stop_loss(threshold: Decimal) -> Threshold:
    """Return the line a claim must pass for §2.13.2.3: more than the stop-loss threshold."""
    return Threshold(threshold, "USD", EXCEEDS_STOP_LOSS)


def percent_of_billed_charges(
    *,
    pricing_method: str,
    billed_amount: object = None,
    stop_loss_threshold: object = None,
    service_code: str | int | None = None,
    no_medicare_method: bool | None = None,
    no_medicare_method_codes: Collection[str | int] | None = None,
    methods: Collection[str] | None = None,
    profile: ContractProfile | None = None,
    on: dt.date | None = None,
) -> Finding:
    """Return whether a paid claim's pricing kept to §2.13.2 (no percentage of billed charges).

    Parameters
    ----------
    pricing_method
        How the claim was priced (``fee_schedule``, ``percent_of_billed_charges``, ...). It is a
        percentage of billed charges when it is one of ``methods`` (default: the profile's
        ``claims.percent_of_billed_methods``), compared without regard to case.
    billed_amount, stop_loss_threshold
        The claim's billed charges and the stop-loss threshold of the provider's arrangement
        (``None``: no arrangement). §2.13.2.3 applies when the billed charges exceed the threshold.
    service_code, no_medicare_method, no_medicare_method_codes
        §2.13.2.2 applies when ``no_medicare_method`` is true, or the ``service_code`` is one of
        ``no_medicare_method_codes`` (default: the profile's ``claims.no_medicare_method_codes``,
        empty in the shipped profile: the amendment names no services).
    profile, on
        The contract profile and the date whose lists apply (the latest when ``None``).

    Notes
    -----
    ``billed_amount``, ``stop_loss_threshold``, ``service_code`` and ``no_medicare_method`` are
    optional: a missing value (NaN, ``NaT``, ``pd.NA``) or blank text is not given, as ``None``
    is and as :func:`percent_of_billed_charges_table` reads an empty cell in those columns.

    Examples
    --------
    >>> percent_of_billed_charges(pricing_method="Percent_Of_Billed_Charges", service_code="T1019",
    ...     no_medicare_method_codes=["T1019"]).note
    '§2.13.2.2: no Medicare reimbursement methodology for the service'
    >>> at_the_line = percent_of_billed_charges(pricing_method="percent_of_billed_charges",
    ...     billed_amount=80000, stop_loss_threshold=80000)
    >>> at_the_line.outcome.value, at_the_line.margin
    ('not_met', Decimal('0'))
    """
    if not isinstance(pricing_method, str) or not pricing_method.strip():
        raise InvalidTypeError(
            f"'pricing_method' must be non-empty text (got {pricing_method!r})",
            field="pricing_method",
            value=pricing_method,
        )
    # a missing value or blank text is not given, as None is and as the table reads an empty cell
    if not is_given(no_medicare_method):
        no_medicare_method = None
    if no_medicare_method is not None and not isinstance(no_medicare_method, bool):
        raise InvalidTypeError(
            f"'no_medicare_method' must be True, False or None (got {no_medicare_method!r})",
            field="no_medicare_method",
            value=no_medicare_method,
        )
    method = pricing_method.strip().lower()
    known, methods_parameter = listed(
        profile, "claims.percent_of_billed_methods", methods, on, upper=False
    )
    codes, codes_parameter = listed(
        profile, "claims.no_medicare_method_codes", no_medicare_method_codes, on
    )
    code = code_text(service_code, "service_code") if is_given(service_code) else None
    billed = to_money(billed_amount, field="billed_amount") if is_given(billed_amount) else None
    threshold = (
        to_money(stop_loss_threshold, field="stop_loss_threshold")
        if is_given(stop_loss_threshold)
        else None
    )
    if threshold is not None and billed is None:
        raise InvalidInputError(
            "'billed_amount' is needed to compare the claim with 'stop_loss_threshold' (§2.13.2.3)",
            field="billed_amount",
            value=None,
        )
    parameters: tuple[ParameterValue, ...] = tuple(
        p for p in (methods_parameter, codes_parameter) if p is not None
    )
    subject = [("pricing_method", method)]
    if code is not None:
        subject.append(("service_code", code))
    finding = functools.partial(
        Finding,
        check=_CHECK,
        standard=STANDARD,
        subject=tuple(subject),
        parameters=parameters,
    )
    if method not in known:
        return finding(
            outcome=Outcome.NOT_APPLICABLE,
            sections=(_RULE,),
            note=f"priced by {method}, not as a percentage of billed charges",
        )
    if no_medicare_method or (code is not None and code in codes):
        return finding(
            outcome=Outcome.MET,
            sections=(_RULE, _NO_MEDICARE),
            note="§2.13.2.2: no Medicare reimbursement methodology for the service",
        )
    if threshold is None or billed is None:
        return finding(
            outcome=Outcome.NOT_MET,
            sections=(_RULE,),
            note="paid as a percentage of billed charges with no stop-loss arrangement and a "
            "service that has a Medicare reimbursement methodology",
        )
    line = _stop_loss(threshold)
    exceeds = line.met(billed)
    return finding(
        outcome=Outcome.MET if exceeds else Outcome.NOT_MET,
        sections=(_RULE, _STOP_LOSS) if exceeds else (_RULE,),
        measured=billed,
        limit=threshold,
        margin=line.margin(billed),
        unit="USD",
        steps=(
            (
                f"billed {format_money(billed)} against the stop-loss threshold "
                f"{format_money(threshold)}: {line.describe()} to qualify"
            ),
        ),
        note=(
            "§2.13.2.3: the claim exceeds the stop-loss threshold"
            if exceeds
            else "the claim does not exceed the stop-loss threshold (§2.13.2.3 needs more than it)"
        ),
    )


def percent_of_billed_charges_table(
    claims: object,
    *,
    columns: Mapping[str, str] | None = None,
    methods: Collection[str] | None = None,
    no_medicare_method_codes: Collection[str | int] | None = None,
    profile: ContractProfile | None = None,
    on: dt.date | None = None,
    on_error: OnError = "raise",
    carry: str | Sequence[str] = (),
) -> FindingsTable:
    """Return a findings table of :func:`percent_of_billed_charges` over paid claims (§2.13.2).

    ``claims`` has the column ``pricing_method`` and optionally ``billed_amount`` and
    ``stop_loss_threshold`` (empty: no stop-loss arrangement), ``service_code`` and
    ``no_medicare_method`` (yes/no; empty: not stated, as ``None`` is to
    :func:`percent_of_billed_charges`, so only the codes listed apply). A row with a stop-loss
    threshold and no billed amount, an empty method, or an amount that is not a number >= 0 is
    rejected (raised, or listed in ``.rejected`` with ``on_error="collect"``). ``carry`` names
    input columns (a claim id) to carry into the findings.

    ``columns`` maps the library's column names to yours (:mod:`tenncare_calc.columnar.column_mapping`).

    Examples
    --------
    >>> findings = percent_of_billed_charges_table({
    ...     "claim_id": ["C1", "C2", "C3", "C4"],
    ...     "pricing_method": ["fee_schedule", "percent_of_billed_charges",
    ...         "percent_of_billed_charges", "percent_of_billed_charges"],
    ...     "billed_amount": [1200, 95000, 80000, 400],
    ...     "stop_loss_threshold": [None, 80000, 80000, None]}, carry="claim_id")
    >>> [(r["claim_id"], r["outcome"], r["exception"], r["margin"]) for r in findings.rows()]
    [('C1', 'not_applicable', None, None), ('C2', 'met', '2.13.2.3', '15000'), ('C3', 'not_met', None, '0'), ('C4', 'not_met', None, None)]
    """
    claims = named_columns(claims, columns, name="claims")
    from tenncare_calc import columnar as cols  # noqa: PLC0415 - needs the data extra
    from tenncare_calc.columnar import (  # noqa: PLC0415 - needs the data extra
        check_on_error,
    )
    from tenncare_calc.columnar.categories import (  # noqa: PLC0415 - needs the data extra
        flag_column,
        read_flags,
    )

    np, pc = _np(), compute
    mode = check_on_error(on_error)
    known, methods_parameter = listed(
        profile, "claims.percent_of_billed_methods", methods, on, upper=False
    )
    codes, codes_parameter = listed(
        profile, "claims.no_medicare_method_codes", no_medicare_method_codes, on
    )
    table = read_with_carried(claims, PERCENT_OF_BILLED_COLUMNS, name="claims", carry=carry)
    table, method = cols.text_categories(table, "pricing_method")
    lowered = [None if value is None else str(value).lower() for value in method.values()]
    percent = method.rows_where([value in known for value in lowered])
    table, no_medicare = read_flags(table, "no_medicare_method", nullable=True)
    if table.has("service_code"):
        # a claim may have no code: the categories' own null check is not kept; the code
        # matters only to claims priced as a percentage of billed charges, so only theirs are
        # read (a code of one width in place, each distinct code once)
        judged = np.flatnonzero(percent)
        no_medicare = no_medicare.copy()
        no_medicare[judged] |= codes_listed(table.column("service_code"), judged, codes)
    # the amounts are checked on every row, and read as decimals only on the claims compared
    table, billed, has_billed = optional_amounts(table, "billed_amount")
    table, threshold, has_threshold = optional_amounts(table, "stop_loss_threshold")
    table = table.reject(
        has_threshold & ~has_billed,
        "stop_loss_threshold {stop_loss_threshold!s} is given without billed_amount (§2.13.2.3)",
    )
    checked = table.check(on_error=mode)
    keep = cols.kept_rows(checked)
    in_scope, excepted = percent[keep], no_medicare[keep]
    compared = in_scope & ~excepted & has_threshold[keep]
    # the one comparison of §2.13.2.3, as the one-value check makes it, over the claims compared
    at = np.flatnonzero(compared)
    rows_compared = at if isinstance(keep, slice) else keep[at]
    billed_at = billed.take(rows_compared)
    threshold_at = threshold.take(rows_compared)
    exceeds = np.zeros(len(compared), dtype=bool)
    exceeds[at] = np.asarray(
        pc.fill_null(
            getattr(pc, EXCEEDS_STOP_LOSS.arrow_function)(billed_at, threshold_at),
            fill_value=False,
        ).to_numpy(zero_copy_only=False),
        dtype=bool,
    )
    stop_loss = compared & exceeds
    met = ~in_scope | excepted | stop_loss
    # met 0, not met 1, not applicable 2: 2 - in scope x (1 + met), in bytes
    scope = in_scope.view(np.uint8)
    outcome = np.uint8(2) - scope * (np.uint8(1) + met.view(np.uint8))

    @functools.cache
    def exception() -> Any:  # noqa: ANN401 - 0: none, 1: §2.13.2.2, 2: §2.13.2.3
        return np.where(
            excepted & in_scope, np.int32(1), np.where(stop_loss, np.int32(2), np.int32(0))
        )

    @functools.cache
    def compared_row() -> Any:  # noqa: ANN401 - each row's position among the claims compared
        return np.maximum(np.cumsum(compared) - 1, 0)

    def when_compared(values: Any) -> Any:  # noqa: ANN401 - pyarrow arrays
        # the figure of each claim compared (null for the others), taken from those claims' own
        return taken_where(values, compared_row(), ~compared)

    # the verdict now; the figures that explain it when the findings are read
    found: dict[str, Deferred] = {
        "pricing_method": lambda: method.encoded(keep),
        "outcome": cols.text_column(outcome, ("met", "not_met", "not_applicable")),
        "met": flag_column(met, ~in_scope),
        "exception": lambda: cols.text_column(exception(), (None, _NO_MEDICARE, _STOP_LOSS)),
        "standard": lambda: cols.repeated_text(STANDARD, checked.rows_used),
        "measured": lambda: when_compared(billed_at),
        "limit": lambda: when_compared(threshold_at),
        "margin": lambda: when_compared(pc.subtract(billed_at, threshold_at)),
        "unit": lambda: cols.text_column(compared, ("", "USD")),
        "section": lambda: cols.text_column(
            exception(), (_RULE, f"{_RULE}; {_NO_MEDICARE}", f"{_RULE}; {_STOP_LOSS}")
        ),
    }
    parameters = tuple(p for p in (methods_parameter, codes_parameter) if p is not None)
    return findings_from_columns(_CHECK, checked, found, parameters, carry=carry)
