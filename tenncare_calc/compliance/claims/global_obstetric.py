"""Global obstetric codes paid only with supporting encounter data (§2.12.7.32).

§2.12.7.32: "As a condition of reimbursement for global procedures codes for obstetric care, the
provider shall submit utilization or encounter data as specified by the CONTRACTOR in a timely
manner to support the individual services provided". A paid claim with a global obstetric code
meets it when at least one utilization or encounter record supports it (:data:`SUPPORTED`, at least
one record, evaluated by :func:`global_obstetric_claim` and :func:`global_obstetric_claims_table`
alike); any other code, or a claim not paid, is ``not_applicable``.

The amendment names **no codes**: none ship (``claims.global_obstetric_codes`` is empty), so the
caller passes ``codes=`` or sets them in a profile, and a check without any is an error rather
than a silent pass. "As specified by the CONTRACTOR in a timely manner" is the contractor's own
specification, which the source does not state: timeliness is not checked.

>>> global_obstetric_claim(procedure_code="59400", encounters=0, codes=["59400", "59510"]).outcome.value
'not_met'
>>> global_obstetric_claim(procedure_code="59400", encounters=1, codes=["59400"]).outcome.value
'met'
"""

from __future__ import annotations

__all__ = ["SUPPORTED", "global_obstetric_claim", "global_obstetric_claims_table"]

import functools
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from tenncare_calc.columnar import named_columns
from tenncare_calc.columnar.arrow_kernels import compute
from tenncare_calc.columnar.column_kinds import Column, ColumnKind
from tenncare_calc.compliance.claims.claim_rows import (
    _np,
    _pa,
    code_text,
    listed,
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
from tenncare_calc.core.errors import InvalidTypeError, InvalidValueError
from tenncare_calc.core.thresholds import Comparison, Threshold
from tenncare_calc.core.values import to_count

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Collection, Mapping, Sequence

    from tenncare_calc.columnar import Categories, OnError, TableInput
    from tenncare_calc.contract.parameters import ParameterValue
    from tenncare_calc.contract.profile import ContractProfile

#: §2.12.7.32: at least one utilization or encounter record supports the global claim.
SUPPORTED = Threshold(1, "encounter records", Comparison.AT_LEAST)
_CHECK = "claims.global_obstetric"
_SECTION = "2.12.7.32"
STANDARD = (
    "a global obstetric code is reimbursed only with utilization or encounter data supporting "
    "the individual services"
)

#: The claims' columns :func:`global_obstetric_claims_table` reads (the command line parses only these, and the columns carried).
GLOBAL_OBSTETRIC_COLUMNS: tuple[Column, ...] = (
    Column("procedure_code", ColumnKind.LABEL),
    Column("encounters", ColumnKind.LABEL),
    Column("paid", ColumnKind.LABEL, required=False),
)


def _codes(
    profile: ContractProfile | None, codes: Collection[str | int] | None, on: dt.date | None
) -> tuple[tuple[str, ...], ParameterValue | None]:
    found, parameter = listed(profile, "claims.global_obstetric_codes", codes, on)
    if not found:
        raise InvalidValueError(
            "the amendment names no global obstetric codes (§2.12.7.32): pass codes=[...] "
            "(--codes on the command line), or "
            "set claims.global_obstetric_codes in your profile",
            field="codes",
            value=codes,
        )
    return found, parameter


#: A column of integer counts whose values span fewer than this is judged value by value.
_COUNT_RANGE = 1 << 16


def _integer_counts(table: TableInput, column: str) -> tuple[TableInput, Categories] | None:
    """Return :func:`~tenncare_calc.columnar.decimal_categories` of a column of integers, unhashed.

    A typed column of counts (``int64``, a few distinct values in a narrow range) needs no hash
    table: each row's position is its value less the smallest, among the decimals of every
    value from the smallest to the largest. A null or negative count rejects its row with the
    reason ``decimal_categories`` gives; the figures narrowed from these values are those of the
    values present (the largest and smallest are). None for any other column.

    >>> from tenncare_calc.columnar import Column, ColumnKind, read_table
    >>> import pyarrow as pa
    >>> table = read_table({"n": pa.array([3, 1] * 10)}, [Column("n", ColumnKind.LABEL)],
    ...     name="claims")
    >>> _, counts = _integer_counts(table, "n")
    >>> counts.index[:2].tolist(), [int(value) for value in counts.values()]
    ([2, 0], [1, 2, 3])
    """
    from tenncare_calc.columnar import Categories, decimal_type  # noqa: PLC0415 - the data extra

    np, pa = _np(), _pa()
    array = table.column(column)
    if not pa.types.is_integer(array.type) or array.null_count == len(array):
        return None
    start, end = array.offset, array.offset + len(array)  # a buffer may be longer (a slice)
    values = np.frombuffer(array.buffers()[1], dtype=array.type.to_pandas_dtype(), count=end)[
        start:
    ]
    known = None
    if array.null_count:
        known = np.unpackbits(
            np.frombuffer(array.buffers()[0], dtype=np.uint8), count=end, bitorder="little"
        )[start:].view(bool)
        present = values[known]
        low, high = int(present.min()), int(present.max())
    else:
        low, high = int(values.min()), int(values.max())
    if high - low >= _COUNT_RANGE or high >= 1 << 63:  # not as int64 positions: decimals
        return None
    index = values.astype(np.int64) - low if low else values.astype(np.int64)
    if known is not None:
        index[~known] = 0
        table = table.reject(~known, f"{column} is null")
    if low < 0:
        negative = values < 0 if known is None else (values < 0) & known
        table = table.reject(negative, f"{column} must be >= 0 (got {{{column}!s}})")
    each = pa.array(np.arange(low, high + 1, dtype=np.int64)).cast(decimal_type())
    return table, Categories(index, each)


def global_obstetric_claim(
    *,
    procedure_code: str | int,
    encounters: int,
    paid: bool = True,
    codes: Collection[str | int] | None = None,
    profile: ContractProfile | None = None,
    on: dt.date | None = None,
) -> Finding:
    """Return whether a global obstetric claim was paid with supporting encounter data (§2.12.7.32).

    Parameters
    ----------
    procedure_code
        The claim's procedure code, compared in upper case with ``codes`` (default: the profile's
        ``claims.global_obstetric_codes``; empty in the shipped profile, so pass them).
    encounters
        How many utilization or encounter records the provider submitted to support the
        individual services of the global claim (>= 0).
    paid
        Whether the claim was reimbursed; reimbursement is what the condition bears on.

    Examples
    --------
    >>> global_obstetric_claim(procedure_code="99213", encounters=0, codes=["59400"]).note
    'not a global obstetric code'
    >>> global_obstetric_claim(procedure_code="59400", encounters=0)
    Traceback (most recent call last):
    ...
    tenncare_calc.InvalidValueError: the amendment names no global obstetric codes (§2.12.7.32): pass codes=[...] (--codes on the command line), or set claims.global_obstetric_codes in your profile
    """
    code = code_text(procedure_code, "procedure_code")
    count = to_count(encounters, field="encounters")
    if not isinstance(paid, bool):
        raise InvalidTypeError(
            f"'paid' must be True or False (got {paid!r})", field="paid", value=paid
        )
    known, parameter = _codes(profile, codes, on)
    finding = functools.partial(
        Finding,
        check=_CHECK,
        standard=STANDARD,
        sections=(_SECTION,),
        subject=(("procedure_code", code), ("paid", "yes" if paid else "no")),
        parameters=() if parameter is None else (parameter,),
    )
    if code not in known:
        return finding(
            outcome=Outcome.NOT_APPLICABLE,
            note="not a global obstetric code",
        )
    if not paid:
        return finding(
            outcome=Outcome.NOT_APPLICABLE,
            note="not reimbursed: the encounter data is a condition of reimbursement",
        )
    measured = Decimal(count)
    return finding(
        outcome=Outcome.MET if SUPPORTED.met(measured) else Outcome.NOT_MET,
        measured=measured,
        limit=Decimal(SUPPORTED.limit),
        margin=SUPPORTED.margin(measured),
        unit=SUPPORTED.unit,
        note=None if SUPPORTED.met(measured) else "paid without supporting encounter data",
    )


def global_obstetric_claims_table(
    claims: object,
    *,
    columns: Mapping[str, str] | None = None,
    codes: Collection[str | int] | None = None,
    profile: ContractProfile | None = None,
    on: dt.date | None = None,
    on_error: OnError = "raise",
    carry: str | Sequence[str] = (),
) -> FindingsTable:
    """Return a findings table of :func:`global_obstetric_claim` over claims (§2.12.7.32).

    ``claims`` has the columns ``procedure_code`` and ``encounters`` (a whole number >= 0 of
    supporting utilization or encounter records, at most 1,000,000,000 as the one-value check
    takes) and optionally ``paid`` (yes/no; absent means
    yes). Codes are compared in upper case with ``codes`` or the profile's list.

    ``columns`` maps the library's column names to yours (:mod:`tenncare_calc.columnar.column_mapping`).

    Examples
    --------
    >>> findings = global_obstetric_claims_table({"claim_id": ["A", "B", "C"],
    ...     "procedure_code": ["59400", "59510", "99213"], "encounters": [3, 0, 0]},
    ...     codes=["59400", "59510", "59610", "59618"], carry="claim_id")
    >>> [(r["claim_id"], r["outcome"], r["margin"]) for r in findings.rows()]
    [('A', 'met', '2'), ('B', 'not_met', '-1'), ('C', 'not_applicable', None)]
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
    from tenncare_calc.columnar.decimal_columns import (  # noqa: PLC0415 - needs the data extra
        narrowest_decimals,
        within_largest_count,
    )

    np, pa, pc = _np(), _pa(), compute
    mode = check_on_error(on_error)
    known, parameter = _codes(profile, codes, on)
    table = read_with_carried(claims, GLOBAL_OBSTETRIC_COLUMNS, name="claims", carry=carry)
    table, code = cols.code_categories(table, "procedure_code")
    # a column of encounter counts holds a few distinct values: each is judged once
    typed = _integer_counts(table, "encounters")
    table, counts = cols.decimal_categories(table, "encounters") if typed is None else typed
    distinct = counts.dictionary
    whole_value = np.asarray(
        pc.fill_null(pc.equal(distinct, pc.floor(distinct)), fill_value=True).to_numpy(
            zero_copy_only=False
        ),
        dtype=bool,
    )
    if not whole_value.all():  # counts of a column of integers are whole: no row to look at
        table = table.reject(
            ~counts.rows_where(whole_value), "encounters {encounters!s} is not a whole number"
        )
    # the one-value check's largest count (to_count): a larger count is refused there, and here
    counted, past = within_largest_count(distinct, "encounters")
    if not counted.all():
        table = table.reject(~counts.rows_where(counted), past)
    table, paid = read_flags(table, "paid", default=True)
    global_code = code.rows_where([value in known for value in code.values()])
    checked = table.check(on_error=mode)
    keep = cols.kept_rows(checked)
    count = counts.index[keep]
    limit = pa.scalar(Decimal(SUPPORTED.limit), distinct.type)
    # the line of the one-value check, over the distinct counts
    supported = np.asarray(
        pc.fill_null(
            getattr(pc, SUPPORTED.comparison.arrow_function)(distinct, limit), fill_value=False
        ).to_numpy(zero_copy_only=False),
        dtype=bool,
    )[count]
    judged = global_code[keep] & paid[keep]
    # met 0, not met 1, not applicable 2: 2 - judged x (1 + supported), in bytes
    outcome = np.uint8(2) - judged.view(np.uint8) * (np.uint8(1) + supported.view(np.uint8))
    hidden = ~judged

    @functools.cache
    def figures() -> tuple[Any, Any, Any]:
        # the measured count, the limit and the margin of each distinct count, narrowed alike
        margins = (
            pc.subtract(distinct, limit)
            if SUPPORTED.comparison.upward
            else pc.subtract(limit, distinct)
        )
        return narrowest_decimals(
            distinct, pa.array([Decimal(SUPPORTED.limit)], distinct.type), margins
        )

    def judged_rows(values: Any, at: Any) -> Any:  # noqa: ANN401 - pyarrow, numpy
        # each judged row's value (the others null)
        return taken_where(values, at, hidden)

    # the verdict now; the figures that explain it when the findings are read
    found: dict[str, Deferred] = {
        "procedure_code": lambda: code.encoded(keep),
        "paid": lambda: pa.array(paid[keep], pa.bool_()),
        "outcome": cols.text_column(outcome, ("met", "not_met", "not_applicable")),
        "met": flag_column(supported, hidden),
        "standard": lambda: cols.repeated_text(STANDARD, checked.rows_used),
        "measured": lambda: judged_rows(figures()[0], count),
        "limit": lambda: judged_rows(figures()[1], np.zeros(len(count), dtype=np.int64)),
        "margin": lambda: judged_rows(figures()[2], count),
        "unit": lambda: cols.text_column(judged, ("", SUPPORTED.unit)),
        "section": lambda: cols.repeated_text(_SECTION, checked.rows_used),
    }
    parameters = () if parameter is None else (parameter,)
    return findings_from_columns(_CHECK, checked, found, parameters, carry=carry)
