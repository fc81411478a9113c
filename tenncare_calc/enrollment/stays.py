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
from tenncare_calc.columnar.sorted_categories import sorted_categories
from tenncare_calc.core.errors import require
from tenncare_calc.enrollment.span_sweep import sort_in_place, workers
from tenncare_calc.enrollment.spans import _stored_days

#: The columns a stays table must (or may) have.
STAY_COLUMNS: tuple[Column, ...] = (
    Column("member_id", ColumnKind.ID),
    Column("admit_date", ColumnKind.DATE),
    Column("discharge_date", ColumnKind.DATE, nullable=True),
    Column("plan", ColumnKind.LABEL, required=False),
)


def _np() -> Any:  # noqa: ANN401 - the numpy module
    return require("numpy", extra="data", purpose="community tenure")


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


def _join_earlier(keep: Any, codes: Any, admit: Any, discharge: Any, *, year_start: int) -> None:  # noqa: ANN401
    """Keep, in ``keep``, the stays discharged before the year that an episode kept begins with.

    An episode admitted before the year and discharged in it may begin with stays discharged
    before the year (a transfer on 31 December): its admission is the first of them. Only a
    member's kept stays admitted before the year can be joined so (they overlap 1 January, so they
    are one episode); a stay discharged before the year joins it when discharged on or after its
    earliest admission so far, which such a stay may move earlier, until no stay joins.
    """
    np = _np()
    early = admit < year_start
    before = np.flatnonzero(keep & early)
    if not len(before):
        return
    members = np.sort(codes[before])  # distinct, sorted (np.unique would import numpy.ma: 8 ms)
    members = members[np.concatenate(([True], members[1:] != members[:-1]))]
    # the stays not kept, of those members, admitted before the year: the only ones that can join
    rows = np.flatnonzero(early & ~keep)
    wanted = codes[rows]
    top = int(members[-1])
    if top < 8 * len(codes) + 1024:  # codes of a few bytes a stay at most: a table of members
        marked = np.zeros(top + 1, dtype=bool)
        marked[members] = True
        rows = rows[marked[np.minimum(wanted, top)] & (wanted <= top)]
    else:  # wide codes: looked up in the sorted members
        at = np.minimum(np.searchsorted(members, wanted), len(members) - 1)
        rows = rows[members[at] == wanted]
    if not len(rows):
        return
    earliest = np.full(len(members), np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(earliest, np.searchsorted(members, codes[before]), admit[before])
    slot = np.searchsorted(members, codes[rows])
    while len(rows):
        joins = discharge[rows] >= earliest[slot]
        if not joins.any():
            return
        keep[rows[joins]] = True
        np.minimum.at(earliest, slot[joins], admit[rows[joins]])
        rows, slot = rows[~joins], slot[~joins]


def _load(checked: CheckedTable, *, year_start: int, last_admit: int) -> _Stays:
    np = _np()
    admit = checked.days("admit_date")
    # A stay still in hospital (no discharge) behaves as discharged after every admission that
    # matters: it joins what it overlaps and is never an index episode. The discharges are read
    # as stored (junk under a null) beside where they are null: no filled copy.
    discharge, still_in = (
        _stored_days(checked.column("discharge_date")),
        checked.nulls("discharge_date"),
    )
    # Stays discharged before the year cannot change an index episode's discharge or split one
    # (whatever they bridge lies before the year); stays admitted after the last window cannot be
    # a readmission that counts, nor join an episode discharged in the year.
    keep = discharge >= year_start
    keep |= still_in
    keep &= admit <= last_admit
    # Every row is coded (numbers and fixed-width text need no hashing); only kept rows are packed.
    id_codes = encode_ids(checked.column("member_id"))
    _join_earlier(keep, id_codes.codes[0], admit, discharge, year_start=year_start)
    plans = checked.column("plan") if checked.has("plan") else None
    plan_values, ranks, plan_bits = None, None, 0
    if plans is not None:
        by_plan = sorted_categories(plans)  # plans sorted, a null (none here: rejected) last
        plan_values = by_plan.dictionary
        if plan_values.null_count:  # a null's value comes last (none here: such rows are rejected)
            plan_values = plan_values.slice(0, len(plan_values) - 1)
        plan_bits = max((len(plan_values) - 1).bit_length(), 1)
        ranks = by_plan.index  # int32
    count = int(np.count_nonzero(keep))
    base = int(np.min(admit, where=keep, initial=last_admit)) if count else 0
    # Discharges after the last admission that matters behave alike: capping them keeps the key
    # small. Days become offsets from the earliest admission.
    day_bits = max((last_admit + 1 - base).bit_length(), 1)
    codes = id_codes.codes[0]
    code_bits = max(int(codes.max(initial=0)).bit_length(), 1)
    capped = _Capped(discharge, still_in, last_admit + 1)
    if code_bits + 2 * day_bits + plan_bits <= 63:  # noqa: PLR2004 - bits of a non-negative int64
        key = codes if codes.flags.writeable else codes.copy()
        kept = _pack(
            key, admit, capped, ranks, keep, base=base, day_bits=day_bits, plan_bits=plan_bits
        )
        ranked = ranks is not None
        del codes, ranks, keep
        # The kept keys are copied and only the decoder of the codes kept, so that the codes of
        # every row are freed now.
        if kept < len(key):
            key = key[:kept].copy()
        return _packed(
            attrs.evolve(id_codes, codes=()),
            key,
            plan_values,
            ranked=ranked,
            base=base,
            day_bits=day_bits,
            plan_bits=plan_bits,
        )
    # Too wide to pack (very wide member codes or dates far apart): sort by columns, and re-code
    # members densely in sorted order.
    codes, admit, ends = codes[keep], admit[keep], capped.all()[keep]
    rank_all = np.zeros(count, dtype=np.int64) if ranks is None else ranks[keep]
    order = np.lexsort((rank_all, ends, admit, codes))
    sorted_codes = codes[order]
    changes = np.ones(count, dtype=bool)
    changes[1:] = sorted_codes[1:] != sorted_codes[:-1]
    dense = np.cumsum(changes) - 1
    return _Stays(
        id_codes,
        dense,
        sorted_codes[changes],
        (admit[order] - base).astype(np.int32),
        (ends[order] - base).astype(np.int32),
        rank_all[order].astype(np.int32) if plans is not None else None,
        plan_values,
        base=base,
        day_bits=day_bits,
    )


@attrs.frozen
class _Capped:
    """Discharge days capped at ``cap`` (a stay still in hospital: ``cap``), a block at a time."""

    stored: Any  # int32 discharge days as stored (junk under a null)
    still_in: Any  # bool: no discharge
    cap: int

    def block(self, rows: slice) -> Any:  # noqa: ANN401
        np = _np()
        days = np.minimum(self.stored[rows], self.cap)
        days[self.still_in[rows]] = self.cap
        return days

    def all(self) -> Any:  # noqa: ANN401
        return self.block(slice(None))


#: Rows per block when packing: the work arrays stay in the processor's cache.
_BLOCK = 1 << 15


def _pack(
    key: Any,  # noqa: ANN401 - int64 member codes on entry
    admit: Any,  # noqa: ANN401
    discharge: _Capped,
    ranks: Any,  # noqa: ANN401 - int32 plan ranks or None
    keep: Any,  # noqa: ANN401
    *,
    base: int,
    day_bits: int,
    plan_bits: int,
) -> int:
    """Write member | admit | discharge | plan of the kept stays over ``key``, in order; return how many."""
    kept = 0
    for first in range(0, len(key), _BLOCK):
        rows = slice(first, first + _BLOCK)
        chosen = keep[rows]
        packed = key[rows][chosen]
        packed <<= day_bits
        packed |= admit[rows][chosen] - base
        packed <<= day_bits
        packed |= discharge.block(rows)[chosen] - base
        if ranks is not None:
            packed <<= plan_bits
            packed |= ranks[rows][chosen]
        key[kept : kept + len(packed)] = packed
        kept += len(packed)
    return kept


def _low_bits(key: Any, bits: int) -> Any:  # noqa: ANN401
    """Return the low ``bits`` of each int64 in ``key`` as int32, without an int64 temporary."""
    np = _np()
    result = np.empty(len(key), dtype=np.int32)
    np.bitwise_and(key, (1 << bits) - 1, out=result, casting="unsafe")
    return result


def _packed(
    id_codes: IdCodes,
    key: Any,  # noqa: ANN401 - packed member | admit | discharge | plan rank
    plan_values: Any,  # noqa: ANN401
    *,
    ranked: bool,
    base: int,
    day_bits: int,
    plan_bits: int,
) -> _Stays:
    """Sort the packed keys in place (on every core) and unpack them."""
    sort_in_place(key, threads=workers())
    rank = _low_bits(key, plan_bits) if ranked else None
    key >>= plan_bits
    last = _low_bits(key, day_bits)
    key >>= day_bits
    first = _low_bits(key, day_bits)
    key >>= day_bits
    return _Stays(id_codes, key, None, first, last, rank, plan_values, base=base, day_bits=day_bits)
