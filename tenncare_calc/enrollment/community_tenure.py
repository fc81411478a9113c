"""Community tenure: the 30-day mental-health readmission rate (§3.10.4, ruling P7), at state scale.

§3.10.4 pays an incentive when the rate at which members hospitalized for mental illness "remain in
the community (i.e. are not readmitted ...) within thirty (30) days of discharge" improves
significantly. :func:`community_tenure` computes that rate from inpatient mental-health stays
(``member_id``, ``admit_date``, ``discharge_date``, optionally ``plan``) as ruling P7 reads it:

* stays of one member that overlap, or where a stay is admitted on or before the previous stay's
  discharge day (a transfer), form one **episode**, discharged on its latest discharge date;
* **index episodes** are those discharged in the measurement year;
* an index episode is **readmitted** when the member's next episode is admitted 1 to
  ``window_days`` (30) days after its discharge;
* an index episode whose window ends after ``data_through`` (``discharge + window_days >
  data_through``) is **incomplete**: reported, and left out of numerator and denominator whatever
  was seen, never counted as "not readmitted";
* the **rate** is the percentage of the denominator (complete index episodes) *not* readmitted.

A stay with no discharge date is still in hospital: it can be a readmission (and joins an episode it
overlaps), but an episode containing it has not been discharged, so it is never an index episode.

**How exact.** Counts are integers; ``rate = (denominator - readmitted) x 100 / denominator`` is a
Decimal computed in the library's 60-digit context: exact when the decimal terminates, otherwise
correct to 60 significant digits. It is not rounded here: the incentive statement applies the
profile's ``p4p.reported_rate_decimals`` (none by default) when it compares rates.

**How fast.** Stays that cannot matter (discharged before the year, admitted after the last possible
window) are dropped; the rest are packed into one 64-bit key (member, admit, discharge, plan),
sorted once, and episodes, readmissions and counts follow from linear vectorised passes.

>>> stays = {
...     "member_id": [1, 1, 1, 2, 3],
...     "admit_date": ["2008-03-01", "2008-03-05", "2008-04-04", "2008-06-01", "2008-12-20"],
...     "discharge_date": ["2008-03-05", "2008-03-10", "2008-04-09", "2008-06-03", "2008-12-24"],
... }
>>> result = community_tenure(stays, year=2008, data_through=date(2009, 1, 15))
>>> result.denominator, result.readmitted, result.incomplete, result.rate
(3, 1, 1, Decimal('66.6666666666666666666666666666666666666666666666666666666667'))
"""

from __future__ import annotations

__all__ = ["STAY_COLUMNS", "CommunityTenure", "TenureCounts", "community_tenure"]

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from tenncare_calc.columnar import (
    CheckedTable,
    Column,
    ColumnKind,
    IdCodes,
    OnError,
    check_on_error,
    days_from_date,
    encode_ids,
    explain_rejected,
    read_table,
    rejected_records,
    rejected_table,
)
from tenncare_calc.core.errors import InvalidTypeError, InvalidValueError, require
from tenncare_calc.core.explanation import Explanation
from tenncare_calc.core.parts import ROW_ACCOUNT_COLUMNS, Cell, ColumnType, Table
from tenncare_calc.core.parts import Column as OutputColumn
from tenncare_calc.core.presentable import Presentable
from tenncare_calc.core.values import HUNDRED, exact_context, format_rate, to_date, to_year

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

#: The columns a stays table must (or may) have.
STAY_COLUMNS: tuple[Column, ...] = (
    Column("member_id", ColumnKind.ID),
    Column("admit_date", ColumnKind.DATE),
    Column("discharge_date", ColumnKind.DATE, nullable=True),
    Column("plan", ColumnKind.LABEL, required=False),
)

_SECTION = "3.10.4"
_RULING = "ruling P7"

_COUNT_COLUMNS = (
    OutputColumn(
        "index_episodes",
        ColumnType.COUNT,
        title="index episodes",
        description="episodes discharged in the year: denominator + incomplete",
    ),
    OutputColumn(
        "incomplete",
        ColumnType.COUNT,
        description="window ends after data_through: excluded from numerator and denominator",
    ),
    OutputColumn("denominator", ColumnType.COUNT, description="complete index episodes"),
    OutputColumn("readmitted", ColumnType.COUNT, description="readmitted within the window"),
    OutputColumn(
        "not_readmitted",
        ColumnType.COUNT,
        title="not readmitted",
        description="the rate's numerator: denominator - readmitted",
    ),
    OutputColumn(
        "rate",
        ColumnType.RATE,
        places=6,
        description="not readmitted x 100 / denominator (shown to 6 places; exact in data)",
    ),
)
_SUMMARY_COLUMNS = (
    OutputColumn("year", ColumnType.COUNT, grouping=False, title="measurement year"),
    OutputColumn("data_through", ColumnType.DATE, title="data complete through"),
    OutputColumn("window_days", ColumnType.COUNT, title="window", unit="days"),
    *_COUNT_COLUMNS,
    OutputColumn("episodes", ColumnType.COUNT, brief=False),
    OutputColumn("stays_considered", ColumnType.COUNT, title="stays considered", brief=False),
    *ROW_ACCOUNT_COLUMNS,
    OutputColumn("section", ColumnType.TEXT),
)
_PLAN_COLUMNS = (
    OutputColumn("plan", ColumnType.TEXT, none_text="all plans", description="empty: all plans"),
    *_COUNT_COLUMNS,
)


def _count_cells(counts: TenureCounts) -> dict[str, Cell]:
    return {
        "index_episodes": counts.index_episodes,
        "incomplete": counts.incomplete,
        "denominator": counts.denominator,
        "readmitted": counts.readmitted,
        "not_readmitted": counts.not_readmitted,
        "rate": counts.rate if counts.denominator else None,
    }


_SHOWN = Decimal("0.000001")


def _np() -> Any:  # noqa: ANN401 - the numpy module
    return require("numpy", extra="data", purpose="community tenure")


def _pa() -> Any:  # noqa: ANN401 - the pyarrow module
    return require("pyarrow", extra="data", purpose="community tenure")


def _pc() -> Any:  # noqa: ANN401 - the pyarrow.compute module
    return require("pyarrow.compute", extra="data", purpose="community tenure")


def _window(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidTypeError(
            f"'window_days' must be a whole number of days (got {value!r})",
            field="window_days",
            value=value,
        )
    if value < 1:
        raise InvalidValueError(
            f"'window_days' must be at least 1 (got {value})", field="window_days", value=value
        )
    return value


# --------------------------------------------------------------------------------------------------
# Counts


@attrs.frozen
class TenureCounts:
    """Index episodes of one population (all stays, or one plan): counts and the rate.

    ``rate`` is the percentage of the ``denominator`` not readmitted; it raises
    :class:`~tenncare_calc.core.errors.InvalidValueError` when there is no complete index episode.
    """

    denominator: int
    readmitted: int
    incomplete: int
    plan: Any = None

    @property
    def not_readmitted(self) -> int:
        """Return the complete index episodes not readmitted (the rate's numerator)."""
        return self.denominator - self.readmitted

    @property
    def index_episodes(self) -> int:
        """Return all index episodes: complete (the denominator) and incomplete."""
        return self.denominator + self.incomplete

    @property
    def rate(self) -> Decimal:
        """Return the percentage of complete index episodes not readmitted (§3.10.4)."""
        if not self.denominator:
            whose = "" if self.plan is None else f" of plan {self.plan!r}"
            raise InvalidValueError(
                f"the community-tenure rate{whose} is undefined: no index episode has a complete "
                f"readmission window ({self.incomplete} incomplete); use a later data_through or "
                "more data",
                field="rate",
                value=None,
            )
        with exact_context():
            return Decimal(self.not_readmitted) * HUNDRED / Decimal(self.denominator)

    def _rate_or_none(self) -> Decimal | None:
        return self.rate if self.denominator else None

    def describe(self) -> str:
        """Return the counts and the rate's arithmetic as one line."""
        if not self.denominator:
            return f"0 complete index episodes ({self.incomplete:,} incomplete): rate undefined"
        rate = self.rate
        with exact_context():
            shown = rate.quantize(_SHOWN)
        approx = "=" if shown == rate else "~"
        return (
            f"{self.not_readmitted:,} not readmitted / {self.denominator:,} complete index "
            f"episodes x 100 {approx} {format_rate(shown.normalize() if shown == rate else shown)} "
            f"({self.readmitted:,} readmitted; {self.incomplete:,} incomplete, excluded)"
        )

    def to_dict(self) -> dict[str, Any]:
        """Return the counts as JSON-ready data (the rate as a string, or None when undefined)."""
        rate = self._rate_or_none()
        return {
            "denominator": self.denominator,
            "readmitted": self.readmitted,
            "not_readmitted": self.not_readmitted,
            "incomplete": self.incomplete,
            "rate": None if rate is None else str(rate),
        }


# --------------------------------------------------------------------------------------------------
# The partial result over a set of members


@attrs.frozen
class _Partial:
    """Counts over a set of members; partials over disjoint members add up to the whole."""

    #: plan (None when there is no plan column) -> (denominator, readmitted, incomplete)
    counts: Mapping[Any, tuple[int, int, int]]
    episodes: int
    stays_considered: int
    rows_in: int
    has_plan: bool
    rejected: Any = attrs.field(repr=False)
    index_episodes: Any = attrs.field(repr=False)  # pyarrow Table or None


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


@attrs.frozen
class _Episodes:
    """Episodes sorted by member and admission: member code, first admission, discharge, plan."""

    code: Any
    admit: Any
    discharge: Any
    plan_rank: Any


def _episodes(stays: _Stays) -> _Episodes:
    """Return the episodes of the sorted stays, in linear passes over them."""
    np = _np()
    if not len(stays.code):
        empty = np.zeros(0, dtype=np.int64)
        return _Episodes(empty, empty, empty, empty)
    day_bits, base = stays.day_bits, stays.base
    # A stay starts a new episode unless admitted on or before the latest discharge so far of the
    # same member (the member code in the high bits keeps members apart in the running maximum).
    code_first = stays.code << day_bits
    code_first |= stays.admit
    reach = stays.code << day_bits
    reach |= stays.discharge
    np.maximum.accumulate(reach, out=reach)
    starts = np.empty(len(reach), dtype=bool)
    starts[0] = True
    np.greater(code_first[1:], reach[:-1], out=starts[1:])
    del code_first
    start_at = np.flatnonzero(starts)
    end_at = np.append(start_at[1:], len(reach)) - 1
    discharge = (reach[end_at] & ((1 << day_bits) - 1)).astype(np.int32)
    del reach
    code = stays.code[start_at]
    if stays.member_codes is not None:
        code = stays.member_codes[code]
    plan = np.zeros(len(start_at), dtype=np.int64)
    if stays.plan_rank is not None:
        # The plan of an episode is the plan of the stay that discharged it (when several share
        # the latest discharge: the one admitted last, then the plan last in sorted order).
        episode_of_stay = np.cumsum(starts, dtype=np.int32)
        episode_of_stay -= 1
        discharging = stays.discharge == discharge[episode_of_stay]
        del episode_of_stay
        position = np.where(discharging, np.arange(len(starts), dtype=np.int32), -1)
        plan = stays.plan_rank[np.maximum.reduceat(position, start_at)]
    return _Episodes(code, stays.admit[start_at] + base, discharge + base, plan)


def _partial(
    stays: object,
    *,
    year: int,
    data_through: date,
    window_days: int,
    index_episodes: bool,
    on_error: OnError,
) -> _Partial:
    np, pa = _np(), _pa()
    table = read_table(stays, STAY_COLUMNS, name="stays")
    before = _pc().less(table.column("discharge_date"), table.column("admit_date"))
    table = table.reject(
        _pc().fill_null(before, fill_value=False).to_numpy(zero_copy_only=False),
        "discharge_date {discharge_date} is before admit_date {admit_date}",
    )
    checked = table.check(on_error=on_error)
    year_start = days_from_date(date(year, 1, 1))
    year_end = days_from_date(date(year, 12, 31))
    last_admit = year_end + window_days  # no later admission can be a readmission that counts
    loaded = _load(checked, year_start=year_start, last_admit=last_admit)
    episodes = _episodes(loaded)

    is_index = (episodes.discharge >= year_start) & (episodes.discharge <= year_end)
    incomplete = is_index & (episodes.discharge + window_days > days_from_date(data_through))
    complete = is_index & ~incomplete
    # Episodes are sorted by member and admission, so a member's next episode is the next row.
    next_admit = np.append(episodes.admit[1:], np.iinfo(np.int64).max)
    same_member = np.append(episodes.code[1:] == episodes.code[:-1], values=False)
    gap = next_admit - episodes.discharge
    readmitted = complete & same_member & (gap >= 1) & (gap <= window_days)

    plan_values = [None] if loaded.plan_values is None else loaded.plan_values.to_pylist()
    size = len(plan_values)
    complete_by = np.bincount(episodes.plan_rank[complete], minlength=size)
    readmitted_by = np.bincount(episodes.plan_rank[readmitted], minlength=size)
    incomplete_by = np.bincount(episodes.plan_rank[incomplete], minlength=size)
    counts = {
        plan: (int(complete_by[n]), int(readmitted_by[n]), int(incomplete_by[n]))
        for n, plan in enumerate(plan_values)
        if complete_by[n] or incomplete_by[n]  # plans with no index episode are not listed
    }
    episode_table = None
    if index_episodes:
        columns = {
            "member_id": loaded.ids.decode(episodes.code[is_index]),
            "admit_date": _dates(episodes.admit[is_index]),
            "discharge_date": _dates(episodes.discharge[is_index]),
            "readmission_date": _dates(next_admit[is_index], mask=~readmitted[is_index]),
            "status": pa.array(
                np.where(
                    incomplete,
                    "incomplete",
                    np.where(readmitted, "readmitted", "not_readmitted"),
                )[is_index],
                pa.string(),
            ),
        }
        if loaded.plan_values is not None:
            columns["plan"] = loaded.plan_values.take(pa.array(episodes.plan_rank[is_index]))
        episode_table = pa.table(columns)
    return _Partial(
        counts=counts,
        episodes=len(episodes.code),
        stays_considered=len(loaded.code),
        rows_in=checked.rows_in,
        has_plan=checked.has("plan"),
        rejected=checked.rejected,
        index_episodes=episode_table,
    )


def _dates(days: Any, mask: Any = None) -> Any:  # noqa: ANN401
    """Return int64 day numbers as a pyarrow date32 array, null where ``mask`` is true."""
    np, pa = _np(), _pa()
    values = days.astype(np.int32) if mask is None else np.where(mask, 0, days).astype(np.int32)
    return pa.array(values, pa.int32(), mask=mask).view(pa.date32())


@attrs.frozen
class CommunityTenure(Presentable):
    """The community-tenure rate of one measurement year (§3.10.4, ruling P7).

    ``denominator`` counts complete index episodes, ``readmitted`` those readmitted within the
    window, ``incomplete`` those whose window ends after ``data_through`` (excluded from both);
    ``rate`` is the Decimal percentage not readmitted. ``by_plan`` maps each plan with at least one
    index episode (when the input has a ``plan`` column) to its :class:`TenureCounts`.
    ``rejected`` is a pyarrow table (``row``, ``reason``); ``rows_in == rows_used +
    rejected.num_rows``.
    """

    year: int
    data_through: date
    window_days: int
    counts: TenureCounts
    by_plan: Mapping[Any, TenureCounts]
    episodes: int
    stays_considered: int
    rows_in: int
    rejected: Any = attrs.field(repr=False, eq=False)
    index_episodes: Any = attrs.field(default=None, repr=False, eq=False)

    @property
    def denominator(self) -> int:
        """Return the complete index episodes (discharged in the year, window within the data)."""
        return self.counts.denominator

    @property
    def readmitted(self) -> int:
        """Return the complete index episodes readmitted within the window."""
        return self.counts.readmitted

    @property
    def not_readmitted(self) -> int:
        """Return the complete index episodes not readmitted (the rate's numerator)."""
        return self.counts.not_readmitted

    @property
    def incomplete(self) -> int:
        """Return the index episodes whose window ends after ``data_through`` (excluded)."""
        return self.counts.incomplete

    @property
    def rate(self) -> Decimal:
        """Return the percentage of complete index episodes not readmitted (a Decimal)."""
        return self.counts.rate

    @property
    def rows_used(self) -> int:
        """Return how many input rows were used."""
        return self.rows_in - int(self.rejected.num_rows)

    def tables(self) -> tuple[Table, ...]:
        """Return the parts: ``summary`` (one record), ``by_plan`` (the primary part), ``rejected``.

        ``by_plan`` has a first row for all plans together (``plan`` empty), then one row per plan
        when the stays have a ``plan`` column.

        Examples
        --------
        >>> stays = {"member_id": [1, 2, 2], "admit_date": ["2008-01-01", "2008-02-01", "2008-02-20"],
        ...          "discharge_date": ["2008-01-03", "2008-02-05", "2008-02-21"], "plan": ["A", "B", "B"]}
        >>> result = community_tenure(stays, year=2008, data_through=date(2009, 3, 31))
        >>> [(row["plan"], row["rate"]) for row in result.rows()]
        [(None, '66.6666666666666666666666666666666666666666666666666666666667'), ('A', '100'), ('B', '50')]
        >>> print(result.table().render_text())
        Community tenure 2008 by plan
        plan       index episodes  incomplete  denominator  readmitted  not readmitted        rate
        ---------  --------------  ----------  -----------  ----------  --------------  ----------
        all plans               3           0            3           1               2  66.666667%
        A                       1           0            1           0               1        100%
        B                       2           0            2           1               1         50%
        """
        summary: dict[str, Cell] = {
            "year": self.year,
            "data_through": self.data_through,
            "window_days": self.window_days,
            **_count_cells(self.counts),
            "episodes": self.episodes,
            "stays_considered": self.stays_considered,
            "rows_in": self.rows_in,
            "rows_used": self.rows_used,
            "rows_rejected": int(self.rejected.num_rows),
            "section": f"{_SECTION}; {_RULING}",
        }
        plans: list[dict[str, Cell]] = [
            {"plan": None, **_count_cells(self.counts)},
            *({"plan": str(plan), **_count_cells(c)} for plan, c in self.by_plan.items()),
        ]
        year = self.year
        return (
            Table.from_records(
                "summary",
                f"Community tenure, measurement year {year} (§3.10.4)",
                _SUMMARY_COLUMNS,
                [summary],
                record=True,
            ),
            Table.from_records("by_plan", f"Community tenure {year} by plan", _PLAN_COLUMNS, plans),
            rejected_table(
                {"stays": self.rejected}, title=f"Community tenure {year}: rejected rows"
            ),
        )

    def excel_formulas(self) -> Mapping[str, Mapping[str, str]]:
        """Return the counts' arithmetic and the rate as Excel formulas.

        Index episodes = denominator + incomplete; not readmitted = denominator - readmitted;
        rate = not readmitted x 100 / denominator, empty when the denominator is zero (the rate is
        undefined).
        """
        counts = {
            "index_episodes": "{denominator}+{incomplete}",
            "not_readmitted": "{denominator}-{readmitted}",
            "rate": 'IF({denominator}>0, {not_readmitted}*100/{denominator}, "")',
        }
        return {"summary": counts, "by_plan": counts}

    def explain(self) -> str:
        """Return the rate as text: the rule, the counts, the arithmetic, per plan, the rows."""
        text = Explanation(f"Community tenure, measurement year {self.year}")
        text.add(
            "Episodes: stays of a member that overlap or are admitted on or before the previous "
            "discharge day are one episode",
            cites=[_SECTION, _RULING],
        )
        text.add(
            f"Index episodes: discharged {self.year}-01-01..{self.year}-12-31; readmitted when the "
            f"member's next episode is admitted 1-{self.window_days} days after discharge"
        )
        text.add(
            f"Incomplete: window ends after the data's completeness date "
            f"{self.data_through.isoformat()} (discharge + {self.window_days} days); excluded from "
            "numerator and denominator"
        )
        text.add(self.counts.describe(), cites=[_SECTION])
        for plan, counts in self.by_plan.items():
            text.add(f"plan {plan}: {counts.describe()}", indent=2)
        text.add(
            f"{self.episodes:,} episodes from {self.stays_considered:,} stays that could matter"
        )
        explain_rejected(text, self.rejected, self.rows_in)
        return text.render()

    def to_dict(self) -> dict[str, Any]:
        """Return the result as deterministic JSON-ready data (Decimals as strings, dates ISO)."""
        return {
            "computation": "community_tenure",
            "section": _SECTION,
            "year": self.year,
            "data_through": self.data_through.isoformat(),
            "window_days": self.window_days,
            **self.counts.to_dict(),
            "by_plan": [{"plan": plan, **c.to_dict()} for plan, c in self.by_plan.items()],
            "episodes": self.episodes,
            "stays_considered": self.stays_considered,
            "rows_in": self.rows_in,
            "rows_used": self.rows_used,
            "rejected": rejected_records(self.rejected),
        }


def _plan_order(plan: object) -> tuple[int, Any]:
    """Order plans by value: numbers numerically, then text, then anything else as text."""
    if isinstance(plan, int | float) and not isinstance(plan, bool):
        return (0, plan)
    return (1, str(plan)) if isinstance(plan, str) else (2, repr(plan))


def _combine(
    partials: Sequence[_Partial],
    *,
    year: int,
    data_through: date,
    window_days: int,
    rejected: Any,  # noqa: ANN401
) -> CommunityTenure:
    pa = _pa()
    totals: dict[Any, list[int]] = {}
    for partial in partials:
        for plan, values in partial.counts.items():
            running = totals.setdefault(plan, [0, 0, 0])
            for slot, value in enumerate(values):
                running[slot] += value
    overall = [sum(values[slot] for values in totals.values()) for slot in range(3)]
    by_plan = {}
    if any(p.has_plan for p in partials):
        for plan in sorted(totals, key=_plan_order):
            denominator, readmitted, incomplete = totals[plan]
            by_plan[plan] = TenureCounts(denominator, readmitted, incomplete, plan=plan)
    tables = [p.index_episodes for p in partials if p.index_episodes is not None]
    episodes = None
    if tables:
        episodes = pa.concat_tables(tables, promote_options="permissive").sort_by(
            [("member_id", "ascending"), ("discharge_date", "ascending")]
        )
    return CommunityTenure(
        year=year,
        data_through=data_through,
        window_days=window_days,
        counts=TenureCounts(*overall),
        by_plan=by_plan,
        episodes=sum(p.episodes for p in partials),
        stays_considered=sum(p.stays_considered for p in partials),
        rows_in=sum(p.rows_in for p in partials),
        rejected=rejected,
        index_episodes=episodes,
    )


def community_tenure(
    stays: object,
    *,
    year: int,
    data_through: date,
    window_days: int = 30,
    on_error: OnError = "raise",
    index_episodes: bool = False,
) -> CommunityTenure:
    """Return the community-tenure rate of ``year`` from inpatient mental-health stays (§3.10.4, P7).

    Parameters
    ----------
    stays
        A pyarrow Table, a pandas or polars DataFrame, a mapping of column name to values, or a
        Dask DataFrame (see ``docs/data.md``), with columns ``member_id`` (whole numbers or text),
        ``admit_date``, ``discharge_date`` (null: still in hospital) and optionally ``plan`` (any
        value; then ``by_plan`` gives each plan's counts).
    year
        The measurement year: index episodes are those discharged in it.
    data_through
        The date the data is complete through; an index episode whose window ends after it is
        incomplete and excluded (ruling P7).
    window_days
        Days after discharge within which an admission is a readmission (30 in §3.10.4; the same
        value as the profile's ``p4p.community_tenure_window_days``).
    on_error
        ``"raise"`` (default) or ``"collect"``, as for :func:`~tenncare_calc.enrollment.member_months`. Bad
        rows: null or empty member, null admit date, unparseable dates, discharge before admit, and
        (with a ``plan`` column) a null plan.
    index_episodes
        Also return ``.index_episodes``: a pyarrow table of the index episodes (``member_id``,
        ``admit_date``, ``discharge_date``, ``readmission_date``, ``status`` and ``plan``) sorted by
        member and discharge.

    Examples
    --------
    A transfer (admitted the day of the previous discharge) is one episode; a readmission on day 30
    counts, one on day 31 does not:

    >>> stays = {
    ...     "member_id": ["a", "a", "a", "b", "b"],
    ...     "admit_date": [date(2008, 1, 1), date(2008, 1, 10), date(2008, 2, 19),
    ...                    date(2008, 5, 1), date(2008, 6, 5)],
    ...     "discharge_date": [date(2008, 1, 10), date(2008, 1, 20), date(2008, 2, 20),
    ...                        date(2008, 5, 5), date(2008, 6, 6)],
    ... }
    >>> result = community_tenure(stays, year=2008, data_through=date(2009, 3, 31))
    >>> result.denominator, result.readmitted, result.rate
    (4, 1, Decimal('75'))

    """
    year = to_year(year, field="year")
    through = to_date(data_through, field="data_through")
    window = _window(window_days)
    mode = check_on_error(on_error)
    options = {
        "year": year,
        "data_through": through,
        "window_days": window,
        "index_episodes": index_episodes,
    }
    from tenncare_calc.columnar import partitioned  # noqa: PLC0415 - only for Dask inputs

    if partitioned.is_dask_frame(stays):
        results = partitioned.run_by_member(stays, _partial, on_error="collect", **options)
        rejected = partitioned.combine_rejected(results, on_error=mode, name="stays")
        partials = [r.partial for r in results]
    else:
        partials = [_partial(stays, on_error=mode, **options)]  # type: ignore[arg-type]
        rejected = partials[0].rejected
    return _combine(
        partials,
        year=year,
        data_through=through,
        window_days=window,
        rejected=rejected,
    )
