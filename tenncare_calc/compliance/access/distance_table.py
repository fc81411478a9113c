"""Distance to service over a table of distances (Attachment V), in exact decimals, column by column.

Each row's figures equal :func:`~tenncare_calc.compliance.access.distance.access_distance`'s for
the same inputs: both forms evaluate the same
:attr:`~tenncare_calc.compliance.access.standards.DistanceStandard.threshold`.
"""

from __future__ import annotations

__all__ = ["access_distance_table"]

import functools
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from tenncare_calc.columnar import named_columns
from tenncare_calc.columnar.arrow_kernels import compute
from tenncare_calc.columnar.column_batches import arrow_numbers
from tenncare_calc.columnar.column_kinds import Column, ColumnKind
from tenncare_calc.compliance.access.standards import (
    ATTACHMENT_V,
    AccessStandards,
    DistanceKind,
    DistanceStandard,
    standards_in_force,
)
from tenncare_calc.compliance.access.table_packages import _np, _pa
from tenncare_calc.compliance.findings import (
    Deferred,
    FindingsTable,
    findings_from_columns,
    read_with_carried,
)
from tenncare_calc.core.errors import InvalidInputError

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Mapping, Sequence

    import numpy as np
    import numpy.typing as npt

    from tenncare_calc.columnar import Categories, OnError, TableInput
    from tenncare_calc.contract.profile import ContractProfile
    from tenncare_calc.core.thresholds import Comparison

    IntArray = npt.NDArray[np.int64]
    BoolArray = npt.NDArray[np.bool_]

#: The distances' columns :func:`access_distance_table` reads (the command line parses only these, and the columns carried).
DISTANCE_COLUMNS: tuple[Column, ...] = (
    Column("service_code", ColumnKind.LABEL),
    Column("distance_miles", ColumnKind.LABEL),
    Column("rural", ColumnKind.LABEL, required=False),
    Column("placement_approved", ColumnKind.LABEL, required=False),
)


def access_distance_table(
    distances: object,
    *,
    columns: Mapping[str, str] | None = None,
    profile: ContractProfile | None = None,
    on: dt.date | None = None,
    on_error: OnError = "raise",
    carry: str | Sequence[str] = (),
) -> FindingsTable:
    """Return a findings table of :func:`access_distance` over rows of distances (Attachment V).

    ``distances`` has the columns ``service_code`` and ``distance_miles`` (numbers >= 0), and
    optionally ``rural`` and ``placement_approved`` (yes/no; absent means no). Rows with an
    unknown code, a missing or negative distance are rejected (raised, or listed in ``.rejected``
    with ``on_error="collect"``). Comparisons are exact decimals, done column-wise.

    ``columns`` maps the library's column names to yours (:mod:`tenncare_calc.columnar.column_mapping`).

    Examples
    --------
    >>> findings = access_distance_table({"service_code": ["20", "20", "23"],
    ...     "distance_miles": [30, 30.25, 75], "rural": [False, False, True]})
    >>> [(r["outcome"], r["margin"]) for r in findings.rows()]
    [('met', '0'), ('not_met', '-0.25'), ('not_applicable', None)]
    """
    distances = named_columns(distances, columns, name="distances")
    from tenncare_calc import columnar as cols  # noqa: PLC0415 - needs the data extra
    from tenncare_calc.columnar import (  # noqa: PLC0415 - needs the data extra
        check_on_error,
    )
    from tenncare_calc.columnar.categories import (  # noqa: PLC0415 - the data extra
        flag_column,
        read_flags,
    )
    from tenncare_calc.columnar.decimal_columns import (  # noqa: PLC0415 - needs the data extra
        narrowest_decimals,
        take_decimals,
    )

    pa = _pa()
    pc = compute  # pyarrow.compute's functions, as arrow_kernels stands in for it

    mode = check_on_error(on_error)
    table = read_with_carried(distances, DISTANCE_COLUMNS, name="distances", carry=carry)
    table, codes = cols.code_categories(table, "service_code")
    # floats that all read as decimals that fit reject no row: their decimals are read when the
    # figures are, and the verdict compares the floats themselves (:func:`_float_limits`)
    floats = _plain_floats(table.column("distance_miles"))
    eager = None
    if floats is None:
        table, eager = cols.decimal_categories(table, "distance_miles")
    unread = table

    @functools.cache
    def miles() -> Categories:
        # the distances as decimals, read once: at once when the verdict needs them
        if eager is not None:
            return eager
        return cols.decimal_categories(unread, "distance_miles")[1]

    table, rural = read_flags(table, "rural")
    table, approved = read_flags(table, "placement_approved")
    standards, parameter = standards_in_force(profile, on)
    table, plan = _plan_distances(table, codes, standards)
    checked = table.check(on_error=mode)
    keep = cols.kept_rows(checked)
    code = codes.index[keep]

    @functools.cache
    def mile() -> IntArray:
        kept: IntArray = miles().index[keep]
        return kept

    # judged by the line of every distance threshold, as the one-value check judges them
    comparison = DistanceStandard.comparison
    limits_as_floats = None if floats is None else _float_limits(plan.limits)
    if floats is not None and limits_as_floats is not None:
        within = comparison.holds(floats[keep], limits_as_floats[code])
    else:
        within = _within(comparison, miles().dictionary, plan.limits, code, mile())
    rural_kept, approved_kept = rural[keep], approved[keep]
    # every (code, within, rural, approved) judged once, in small tables each row looks up
    outcome, met, judged, shown = _Judged.of(plan).rows(code, within, rural_kept, approved_kept)

    @functools.cache
    def narrowed() -> tuple[Any, Any]:
        # the figures in the narrowest decimal128 that holds them, before they are taken per row
        distinct_miles, limits = narrowest_decimals(miles().dictionary, plan.limits)
        return distinct_miles, limits

    def margins() -> Any:  # noqa: ANN401 - a pyarrow decimal array
        # each distinct (code, distance) subtracted once: every code's limit from every distance
        # when they are few, else the pairs the rows hold
        np = _np()
        distinct_miles, limits = narrowed()
        count = len(distinct_miles)
        if len(limits) * count <= max(len(code), _PAIRS_AT_ONCE):
            every = np.arange(len(limits) * count)
            margin = _arrow_margin(
                pc,
                comparison,
                compute.take(distinct_miles, arrow_numbers(every % count)),
                compute.take(limits, arrow_numbers(every // count)),
            )
            return take_decimals(margin, code * count + mile(), ~shown)
        pair, first = cols.groups((code, len(limits)), (mile(), count))
        pair_limit = compute.take(limits, arrow_numbers(code[first]))
        pair_miles = compute.take(distinct_miles, arrow_numbers(mile()[first]))
        margin = _arrow_margin(pc, comparison, pair_miles, pair_limit)
        return take_decimals(margin, pair, ~shown)

    # the verdict now; the figures that explain it when the findings are read (a null position
    # takes a null: the figures of rows that show none)
    found: dict[str, Deferred] = {
        "service_code": lambda: codes.encoded(keep),
        "service_type": lambda: cols.text_column(code, plan.service_type),
        "rural": lambda: pa.array(rural_kept, pa.bool_()),
        "outcome": cols.text_column(outcome, ("met", "not_met", "not_applicable", "not_assessed")),
        "met": flag_column(met, ~judged),
        "standard": lambda: cols.text_column(code, plan.standard),
        "measured": lambda: take_decimals(narrowed()[0], mile(), ~shown),
        "limit": lambda: take_decimals(narrowed()[1], code, ~shown),
        "margin": margins,
        "unit": lambda: cols.text_column(shown, ("", DistanceStandard.unit)),
        "section": lambda: cols.repeated_text(ATTACHMENT_V, checked.rows_used),
    }
    return findings_from_columns("access.distance", checked, found, (parameter,), carry=carry)


def _plain_floats(array: Any) -> Any:  # noqa: ANN401 - a pyarrow array; a numpy array or None
    """Return a column of floats as numpy when every one reads as a decimal that fits, else None.

    No null, and each float 0 or from 1e-13 up to (not including) 1e13 (so finite and not
    negative): its shortest text (ruling M1) has at most 17 significant digits, so at most 13
    whole and 30 fractional digits, and :func:`~tenncare_calc.columnar.decimal_categories`
    rejects none of them.

    >>> import pyarrow as pa
    >>> _plain_floats(pa.array([30.25, 0.0])).tolist(), _plain_floats(pa.array([-1.0]))
    ([30.25, 0.0], None)
    """
    np = _np()
    pa = _pa()
    if not pa.types.is_float64(array.type) or array.null_count or not len(array):
        return None
    values = np.asarray(array.to_numpy(zero_copy_only=False), dtype=np.float64)
    low, high = float(values.min()), float(values.max())  # a NaN makes both NaN
    if not (low >= 0 and high < _WHOLE_LIMIT):
        return None
    if low < _SMALLEST and not bool(np.all((values == 0) | (values >= _SMALLEST))):
        return None
    return values


#: The floats :func:`_plain_floats` takes: 0, or from this ...
_SMALLEST = 1e-13
#: ... up to this (not included).
_WHOLE_LIMIT = 1e13


def _float_limits(limits: Any) -> Any:  # noqa: ANN401 - a pyarrow decimal array; numpy or None
    """Return each code's limit as a float (NaN: none), when every float comparison is exact.

    A distance read from a float ``x`` is the decimal of its text, which rounds back to ``x``;
    a limit ``L`` that is a float exactly and is that float's text (``30``, ``60``, ``0.25``)
    then compares with each distance as ``x`` compares with ``L``: a float below ``L`` has its
    text below the half-way point to the next float, so below ``L``, and the same above. None
    when a limit is not such (the decimals are compared instead).

    >>> from decimal import Decimal
    >>> import pyarrow as pa
    >>> _float_limits(pa.array([Decimal(30), None, Decimal("0.25")])).tolist()
    [30.0, nan, 0.25]
    >>> _float_limits(pa.array([Decimal("0.1")])) is None
    True
    """
    np = _np()
    pa = _pa()
    each: list[float] = []
    for limit in limits.to_pylist():
        if limit is None:
            each.append(float("nan"))  # compares false: no row is within it
            continue
        number = float(limit)
        text = pa.array([number], pa.float64()).cast(pa.string())[0].as_py()
        if Decimal(number) != limit or Decimal(text) != limit:
            return None
        each.append(number)
    return np.array(each, dtype=np.float64)


def _within(
    comparison: Comparison,
    miles: Any,  # noqa: ANN401 - the distinct distances, a pyarrow decimal array
    limits: Any,  # noqa: ANN401 - each code's limit (null: none), a pyarrow decimal array
    code: IntArray,
    mile: IntArray,
) -> BoolArray:
    """Return which rows are within their code's limit, each distinct (code, distance) once.

    Each code's limit is compared with every distinct distance (a few codes by a few thousand
    distances, in exact decimals) and each row looks its pair up; when the codes by the distances
    outnumber the rows, the pairs the rows hold are compared instead.
    """
    from tenncare_calc import columnar as cols  # noqa: PLC0415 - needs the data extra

    np = _np()
    pc = compute  # pyarrow.compute's functions, as arrow_kernels stands in for it

    holds = getattr(pc, comparison.arrow_function)
    if len(limits) * len(miles) <= max(len(code), _PAIRS_AT_ONCE):
        each = np.zeros((len(limits), len(miles)), dtype=bool)
        for at, limit in enumerate(limits):
            if limit.is_valid:
                each[at] = np.asarray(
                    pc.fill_null(holds(miles, limit), fill_value=False).to_numpy(
                        zero_copy_only=False
                    ),
                    dtype=bool,
                )
        result: BoolArray = each.ravel()[code * len(miles) + mile]
        return result
    pair, first = cols.groups((code, len(limits)), (mile, len(miles)))
    within = holds(
        compute.take(miles, arrow_numbers(mile[first])),
        compute.take(limits, arrow_numbers(code[first])),
    )
    paired: BoolArray = np.asarray(
        pc.fill_null(within, fill_value=False).to_numpy(zero_copy_only=False), dtype=bool
    )
    return paired[pair]


#: Codes by distances up to this many (or up to the rows) are compared all at once.
_PAIRS_AT_ONCE = 1 << 16


@attrs.frozen
class _Judged:
    """The verdict of every (code, within its limit, rural, placement approved), by that key.

    The key is ``code * 8 + within * 4 + rural * 2 + approved``; each table holds, for each key,
    what the rows with it get.
    """

    #: met 0, not met 1, not applicable 2, not assessed 3.
    outcome: IntArray
    met: BoolArray
    judged: BoolArray
    #: Whether the row shows its figures (measured, limit, margin).
    shown: BoolArray

    @classmethod
    def of(cls, plan: _DistancePlan) -> _Judged:
        """Return the tables for the codes of ``plan``."""
        np = _np()
        key = np.arange(len(plan.kind) * 8)
        code, within = key >> 3, (key & 4) > 0
        rural, approved = (key & 2) > 0, (key & 1) > 0
        kinds = plan.kind[code]
        not_applicable = (kinds == _KIND_INDEX[DistanceKind.NOT_SUBJECT]) | (
            (kinds == _KIND_INDEX[DistanceKind.MILES]) & rural & plan.rural_exception[code]
        )
        not_assessed = kinds == _KIND_INDEX[DistanceKind.ATTACHMENT]
        approval = kinds == _KIND_INDEX[DistanceKind.PRIOR_APPROVAL]
        met = within | (approval & approved)
        judged = ~not_applicable & ~not_assessed
        # the two kinds of unjudged are apart
        outcome = np.where(judged, ~met, 2 + not_assessed).astype(np.int32)
        shown = judged & ~(approval & approved & ~within)
        return cls(outcome, met & judged, judged, shown)

    def rows(
        self, code: IntArray, within: BoolArray, rural: BoolArray, approved: BoolArray
    ) -> tuple[IntArray, BoolArray, BoolArray, BoolArray]:
        """Return each row's outcome, met, judged and shown, by its key.

        A block of 32,768 rows at a time: the keys stay in the processor's cache.
        """
        np = _np()
        rows = len(code)
        outcome = np.empty(rows, dtype=np.int32)
        met, judged, shown = (np.empty(rows, dtype=bool) for _ in range(3))
        for begin in range(0, rows, _BLOCK):
            block = slice(begin, begin + _BLOCK)
            # the three flags as the key's low bits, in bytes; the code above them
            low = within[block].view(np.uint8) << 2
            low |= rural[block].view(np.uint8) << 1
            low |= approved[block].view(np.uint8)
            key = code[block] << 3
            key += low
            np.take(self.outcome, key, out=outcome[block])
            np.take(self.met, key, out=met[block])
            np.take(self.judged, key, out=judged[block])
            np.take(self.shown, key, out=shown[block])
        return outcome, met, judged, shown


#: Rows looked up at a time by :meth:`_Judged.rows`.
_BLOCK = 1 << 15


def _arrow_margin(pc: Any, comparison: Comparison, value: Any, limit: Any) -> Any:  # noqa: ANN401 - Arrow arrays
    """Return :meth:`Comparison.margin` over Arrow decimals: room to spare (+) or shortfall (-)."""
    return pc.subtract(value, limit) if comparison.upward else pc.subtract(limit, value)


_KIND_INDEX = {kind: index for index, kind in enumerate(DistanceKind)}


@attrs.frozen
class _DistancePlan:
    """The distance standard of each distinct service code of the rows (by its category)."""

    #: The kind's position in ``DistanceKind`` (-1: an unknown code, rejected).
    kind: IntArray
    standard: tuple[str, ...]
    service_type: tuple[str, ...]
    rural_exception: BoolArray
    #: The limit of each standard's threshold, the miles (null where the kind has none), as a
    #: pyarrow decimal array.
    limits: Any


def _plan_distances(
    table: TableInput, codes: Categories, standards: AccessStandards
) -> tuple[TableInput, _DistancePlan]:
    """Look up each distinct code once; reject unknown codes."""
    from tenncare_calc.columnar import decimal_type  # noqa: PLC0415 - needs the data extra

    np = _np()
    pa = _pa()
    names = codes.values()
    kind = np.full(len(names), -1, dtype=np.int64)
    standard = [""] * len(names)
    service_type = [""] * len(names)
    rural_exception = np.zeros(len(names), dtype=bool)
    limits: list[Decimal | int | None] = [None] * len(names)
    for index, code in enumerate(names):
        if code is None:
            continue  # already rejected
        try:
            service = standards.service(code)
        except InvalidInputError as error:
            reason = str(error).split(";")[0]
            table = table.reject(codes.index == index, reason.replace("{", "{{").replace("}", "}}"))
            continue
        distance = service.distance
        kind[index] = _KIND_INDEX[distance.kind]
        standard[index] = distance.describe()
        service_type[index] = service.label()
        rural_exception[index] = distance.rural_exception
        threshold = distance.threshold
        limits[index] = None if threshold is None else threshold.limit
    plan = _DistancePlan(
        kind,
        tuple(standard),
        tuple(service_type),
        rural_exception,
        pa.array(limits, decimal_type()),
    )
    return table, plan
