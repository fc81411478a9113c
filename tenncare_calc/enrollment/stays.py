"""Inpatient mental-health stays that can matter, packed into one sorted 64-bit key each (§3.10.4).

The columnar kernel of :func:`~tenncare_calc.enrollment.community_tenure` (ruling P7) starts here:
of the checked stays (:data:`STAY_COLUMNS`), those that cannot matter are dropped (discharged
before the measurement year, admitted after the last possible readmission window); each of the
others is packed into one int64 (member | admit | discharge | plan rank), the keys are sorted once
in place and unpacked into :class:`_Stays`, sorted by member, admission, discharge and plan. When
the key would not fit in 63 bits the stays are sorted by their columns instead. See
``docs/performance.md``.
"""

from __future__ import annotations

__all__ = ["STAY_COLUMNS"]

from typing import Any

import attrs

from tenncare_calc.columnar import CheckedTable, Column, ColumnKind, IdCodes, encode_ids
from tenncare_calc.core.errors import require

#: The columns a stays table must (or may) have.
STAY_COLUMNS: tuple[Column, ...] = (
    Column("member_id", ColumnKind.ID),
    Column("admit_date", ColumnKind.DATE),
    Column("discharge_date", ColumnKind.DATE, nullable=True),
    Column("plan", ColumnKind.LABEL, required=False),
)


def _np() -> Any:  # noqa: ANN401 - the numpy module
    return require("numpy", extra="data", purpose="community tenure")


def _pa() -> Any:  # noqa: ANN401 - the pyarrow module
    return require("pyarrow", extra="data", purpose="community tenure")


def _pc() -> Any:  # noqa: ANN401 - the pyarrow.compute module
    return require("pyarrow.compute", extra="data", purpose="community tenure")


@attrs.frozen
class _Stays:
    """The stays that can matter, sorted by member, admission, discharge and plan.

    ``code`` is int64; ``admit`` and ``discharge`` are int32 day offsets from ``base`` (they fit in
    ``day_bits`` bits); ``plan_rank`` the rank of each stay's plan among ``plan_values``
    (zeros without a plan column). ``code`` may have been re-coded densely (0, 1, ...) when the
    members' codes were too wide to pack; ``member_codes`` maps it back to ``ids`` codes.
    """

    ids: IdCodes
    code: Any
    member_codes: Any
    admit: Any
    discharge: Any
    plan_rank: Any
    plan_values: Any  # pyarrow array of the distinct plans, sorted; None without a plan column
    base: int
    day_bits: int


def _load(checked: CheckedTable, *, year_start: int, last_admit: int) -> _Stays:
    np, pa, pc = _np(), _pa(), _pc()
    admit = checked.days("admit_date")
    # A stay still in hospital (no discharge) behaves as discharged after every admission that
    # matters: it joins what it overlaps and is never an index episode.
    discharge = checked.days("discharge_date", null=last_admit + 1)
    # Stays discharged before the year cannot change an index episode's discharge or split one
    # (whatever they bridge lies before the year); stays admitted after the last window cannot be
    # a readmission that counts, nor join an episode discharged in the year.
    keep = discharge >= year_start
    keep &= admit <= last_admit
    ids = checked.column("member_id")
    plans = checked.column("plan") if checked.has("plan") else None
    if not keep.all():
        admit, discharge = admit[keep], discharge[keep]
        ids = ids.filter(pa.array(keep))
        plans = None if plans is None else plans.filter(pa.array(keep))
    del keep
    id_codes = encode_ids(ids)
    del ids
    plan_values = None
    plan_bits = 0
    if plans is not None:
        distinct = pc.drop_null(pc.unique(plans))
        plan_values = distinct.take(pc.array_sort_indices(distinct))
        plan_bits = max((len(plan_values) - 1).bit_length(), 1)
    count = len(admit)
    base = int(admit.min()) if count else 0
    # Discharges after the last admission that matters behave alike: capping them keeps the key
    # small. Days become offsets from the earliest admission.
    day_bits = max((last_admit + 1 - base).bit_length(), 1)
    codes = id_codes.codes[0]
    code_bits = max(int(codes.max(initial=0)).bit_length(), 1)
    if code_bits + 2 * day_bits + plan_bits <= 63:  # noqa: PLR2004 - bits of a non-negative int64
        return _packed(
            id_codes,
            admit - base,
            np.minimum(discharge, last_admit + 1) - base,
            None if plans is None else pc.index_in(plans, value_set=plan_values),
            plan_values,
            base=base,
            day_bits=day_bits,
            plan_bits=plan_bits,
        )
    # Too wide to pack (very wide member codes or dates far apart): sort by columns, and re-code
    # members densely in sorted order.
    rank_all = np.zeros(count, dtype=np.int64)
    if plans is not None:
        rank_all = pc.index_in(plans, value_set=plan_values).to_numpy(zero_copy_only=False)
    capped = np.minimum(discharge, last_admit + 1)
    order = np.lexsort((rank_all, capped, admit, codes))
    sorted_codes = codes[order]
    changes = np.ones(count, dtype=bool)
    changes[1:] = sorted_codes[1:] != sorted_codes[:-1]
    dense = np.cumsum(changes) - 1
    return _Stays(
        id_codes,
        dense,
        sorted_codes[changes],
        (admit[order] - base).astype(np.int32),
        (capped[order] - base).astype(np.int32),
        rank_all[order].astype(np.int32) if plans is not None else None,
        plan_values,
        base=base,
        day_bits=day_bits,
    )


def _low_bits(key: Any, bits: int) -> Any:  # noqa: ANN401
    """Return the low ``bits`` of each int64 in ``key`` as int32, without an int64 temporary."""
    np = _np()
    result = np.empty(len(key), dtype=np.int32)
    np.bitwise_and(key, (1 << bits) - 1, out=result, casting="unsafe")
    return result


def _packed(
    id_codes: IdCodes,
    admit: Any,  # noqa: ANN401
    discharge: Any,  # noqa: ANN401
    ranks: Any,  # noqa: ANN401
    plan_values: Any,  # noqa: ANN401
    *,
    base: int,
    day_bits: int,
    plan_bits: int,
) -> _Stays:
    """Pack member | admit | discharge | plan into one int64 per stay, sort it in place, unpack."""
    codes = id_codes.codes[0]
    key = codes if codes.flags.writeable else codes.copy()
    key <<= day_bits
    key |= admit
    key <<= day_bits
    key |= discharge
    del admit, discharge
    if ranks is not None:
        key <<= plan_bits
        key |= ranks.to_numpy(zero_copy_only=False)
    key.sort()
    rank = _low_bits(key, plan_bits) if ranks is not None else None
    key >>= plan_bits
    last = _low_bits(key, day_bits)
    key >>= day_bits
    first = _low_bits(key, day_bits)
    key >>= day_bits
    return _Stays(id_codes, key, None, first, last, rank, plan_values, base=base, day_bits=day_bits)
