"""The monthly sample (U1): a reproducible random sample of at least 500 enrollees with billed services.

:func:`sample_enrollees` draws from a population, :func:`monthly_sample` from the enrollees with
billed services in a month of claims; both give a :class:`MonthlySample`. The clause's minimum is
one line (:func:`_minimum_sample`): a smaller size is an error, a smaller population is taken whole
and flagged.
"""

from __future__ import annotations

__all__ = ["MonthlySample", "monthly_sample", "sample_enrollees"]

import datetime as dt  # noqa: TC003 - the doctests use it at run time
import hashlib
import heapq
import numbers
from typing import TYPE_CHECKING, Any

import attrs
from dateutil.relativedelta import relativedelta

from tenncare_calc.columnar import named_columns
from tenncare_calc.compliance.findings import UM_CLAUSE
from tenncare_calc.compliance.utilization.reports import (
    _member_column,
    _np,
    _pa,
    _parameters_part,
    _profile,
    _rejected_count,
    _rejected_part,
)
from tenncare_calc.core.errors import InvalidTypeError, InvalidValueError
from tenncare_calc.core.explanation import Explanation
from tenncare_calc.core.parts import Cell, Column, ColumnType, Table
from tenncare_calc.core.presentable import Presentable
from tenncare_calc.core.sequences import to_sequence
from tenncare_calc.core.thresholds import Comparison, Threshold
from tenncare_calc.core.values import to_count, to_date

if TYPE_CHECKING:
    from collections.abc import Hashable, Iterable, Mapping

    from tenncare_calc.columnar import OnError
    from tenncare_calc.contract.parameters import ParameterValue
    from tenncare_calc.contract.profile import ContractProfile


def _minimum_sample(minimum: ParameterValue) -> Threshold:
    """Return U1's line: a sample of at least the clause's minimum (500) enrollees.

    >>> from tenncare_calc.contract.loader import default_profile
    >>> line = _minimum_sample(default_profile().get("utilization.monthly_sample_minimum"))
    >>> line.describe(), line.met(499), line.met(500)
    ('at least 500 enrollees', False, True)
    """
    return Threshold(minimum.value, "enrollees", Comparison.AT_LEAST)


def _seed_text(seed: object) -> str:
    if isinstance(seed, bool) or not isinstance(seed, int | str):
        raise InvalidTypeError(
            f"'seed' must be an int or text, such as 2008 or '2008-10 review' (got {seed!r})",
            field="seed",
            value=seed,
        )
    return str(seed)


#: What separates the seed from the member id in the text a draw key is the SHA-256 of.
_KEY_SEPARATOR = "\x1f"


def _draw(
    texts: Iterable[bytes], wanted: int, *, columnar: bool = False
) -> tuple[list[int], tuple[str, ...]]:
    r"""Return the positions of the ``wanted`` texts with the smallest SHA-256 keys, and the keys.

    ``texts`` are the UTF-8 of the seed, U+001F and each member id. Digests compare as their hex
    keys do, so only the keys drawn are written out in hex. ``columnar`` (numpy at hand) narrows
    the draw with numpy first; the keys drawn, and their order, are the same.

    >>> _draw([b"1\x1fa", b"1\x1fb", b"1\x1fc"], 2)[0]
    [2, 1]
    >>> _draw([b"1\x1fa", b"1\x1fb", b"1\x1fc"], 2, columnar=True)[0]
    [2, 1]
    """
    sha256 = hashlib.sha256
    digests = [sha256(text).digest() for text in texts]
    candidates: Iterable[int] = range(len(digests))
    if columnar and 0 < wanted < len(digests):
        # the keys' first 8 bytes narrow the draw to the few keys that can be among the smallest
        # (every key whose first 8 bytes are at most the wanted-th smallest's, ties included);
        # those are ordered by their whole key, as heapq.nsmallest orders them
        np = _np()
        first = np.frombuffer(b"".join(digests), dtype=">u8")[::4]
        line = np.partition(first, wanted - 1)[wanted - 1]
        candidates = np.flatnonzero(first <= line).tolist()
    chosen = heapq.nsmallest(wanted, candidates, key=digests.__getitem__)
    return chosen, tuple(digests[index].hex() for index in chosen)


#: Whole-number ids spanning fewer values than this (or than the claims' rows) are told apart in
#: a table of flags, one a value of the span.
_TABLE_MIN = 1 << 16


def _distinct(ids: Any, rows: Any) -> Any:  # noqa: ANN401 - pyarrow and numpy arrays
    """Return the distinct ids at positions ``rows`` of ``ids`` (pyarrow), in any order.

    Whole numbers close together (spanning fewer values than the rows of ``ids``, or
    :data:`_TABLE_MIN`) are flagged in a table of their span and read back in ascending order,
    without hashing each; other ids are pyarrow's ``unique``. The draw orders members by their
    keys, so the order here changes nothing.

    >>> import numpy as np
    >>> import pyarrow as pa
    >>> _distinct(pa.array([7, 3, 7, 9]), np.array([0, 1, 2])).to_pylist()
    [3, 7]
    >>> _distinct(pa.array(["b", "a", "b"]), np.array([0, 1, 2])).to_pylist()
    ['b', 'a']
    """
    np, pa = _np(), _pa()
    kind = ids.type
    if (
        len(rows)
        and not ids.null_count
        and pa.types.is_integer(kind)
        and (pa.types.is_signed_integer(kind) or kind.bit_width < 64)  # noqa: PLR2004 - int64 holds it
    ):
        values = ids.take(pa.array(rows)).to_numpy().astype(np.int64)
        low = int(values.min())
        span = int(values.max()) - low + 1
        if span < max(len(ids), _TABLE_MIN):
            seen = np.zeros(span, dtype=bool)
            seen[values - low] = True
            return pa.array(np.flatnonzero(seen) + low, pa.int64()).cast(kind)
    return pa.compute.unique(ids.take(pa.array(rows)))


SAMPLE_SUMMARY_COLUMNS: tuple[Column, ...] = (
    Column("month", ColumnType.TEXT, description="the month sampled (YYYY-MM)"),
    Column("seed", ColumnType.TEXT, description="the seed of the draw"),
    Column(
        "population",
        ColumnType.COUNT,
        description="distinct enrollees with billed services in the month",
    ),
    Column("size", ColumnType.COUNT, description="the sample size asked for"),
    Column("sampled", ColumnType.COUNT, description="enrollees drawn (the members part)"),
    Column("minimum", ColumnType.COUNT, description="the clause's minimum sample size"),
    Column(
        "taken_whole",
        ColumnType.BOOL,
        title="taken whole",
        description="the population was no larger than the size, so all of it was taken",
    ),
    Column(
        "below_minimum",
        ColumnType.BOOL,
        title="below minimum",
        description="flagged: the population was smaller than the clause's minimum",
    ),
    Column("rows_in", ColumnType.COUNT, title="claims rows in", description="rows read"),
    Column(
        "rows_rejected",
        ColumnType.COUNT,
        title="claims rows rejected",
        description="rows that could not be used (see the rejected part)",
    ),
    Column("section", ColumnType.TEXT, description="the clause cited"),
)


@attrs.frozen
class MonthlySample(Presentable):
    """A month's random sample of enrollees for the billed-services review (U1).

    As tables: ``summary`` (how the sample was drawn), ``members`` (the primary part: draw order,
    member id, draw key), ``rejected`` (claims rows that could not be used) and ``parameters``.
    """

    month: dt.date | None
    seed: str
    population: int
    size: int
    #: The sampled enrollees, in draw order (by their draw key).
    members: tuple[Hashable, ...] = attrs.field(repr=False)
    keys: tuple[str, ...] = attrs.field(repr=False)
    minimum: ParameterValue = attrs.field(repr=False)
    rows_in: int | None = None
    rejected: Any = attrs.field(default=None, repr=False, eq=False)

    @property
    def taken_whole(self) -> bool:
        """Return whether the whole population was taken (it was no larger than the size)."""
        return self.population <= self.size

    @property
    def below_minimum(self) -> bool:
        """Return whether the population was smaller than the clause's minimum (flagged, U1)."""
        return not _minimum_sample(self.minimum).met(self.population)

    def tables(self) -> tuple[Table, ...]:
        """Return the parts: ``summary``, ``members`` (one row per sampled enrollee), ``rejected``, ``parameters``.

        ``rows()`` gives the members as flat dicts: draw order, member id, draw key.

        Examples
        --------
        >>> sample = sample_enrollees(["a", "b", "c"], seed=1)
        >>> [table.name for table in sample.tables()]
        ['summary', 'members', 'rejected', 'parameters']
        >>> print(sample.table().render_text(brief=True))
        Sampled enrollees, in draw order
        draw  member id
        ----  ---------
           1  c
           2  b
           3  a
        >>> sample.rows()[0]["key"][:16]
        '687f485b6b7b1de2'
        """
        column = _member_column(self.members)
        members = tuple(
            (index + 1, member if isinstance(member, int) else str(member), key)
            for index, (member, key) in enumerate(zip(self.members, self.keys, strict=True))
        )
        summary: tuple[Cell, ...] = (
            None if self.month is None else self.month.isoformat()[:7],
            self.seed,
            self.population,
            self.size,
            len(self.members),
            self.minimum.value,
            self.taken_whole,
            self.below_minimum,
            self.rows_in,
            _rejected_count(self.rejected),
            self.minimum.section,
        )
        month = "" if self.month is None else f", {self.month:%B %Y}"
        return (
            Table(
                "summary",
                f"Monthly billed-services review sample{month}",
                SAMPLE_SUMMARY_COLUMNS,
                (summary,),
                record=True,
            ),
            Table(
                "members",
                "Sampled enrollees, in draw order",
                (
                    Column("draw", ColumnType.COUNT, description="the draw order (1 is first)"),
                    column,
                    Column(
                        "key",
                        ColumnType.TEXT,
                        brief=False,
                        description="SHA-256 of the seed, U+001F and the member id (hex)",
                    ),
                ),
                members,
            ),
            _rejected_part({"claims": self.rejected}),
            _parameters_part((self.minimum,)),
        )

    def excel_formulas(self) -> Mapping[str, Mapping[str, str]]:
        """Return the number sampled as a count of the members sheet, and the two flags."""
        return {
            "summary": {
                "sampled": "COUNTA({members.member_id:*})",
                "taken_whole": "{population}<={size}",
                "below_minimum": "{population}<{minimum}",
            }
        }

    def to_dict(self) -> dict[str, Any]:
        """Return the sample and how it was drawn as JSON-ready data."""
        from tenncare_calc.columnar import rejected_records  # noqa: PLC0415 - needs the data extra

        return {
            "month": None if self.month is None else self.month.isoformat()[:7],
            "seed": self.seed,
            "population": self.population,
            "size": self.size,
            "minimum": self.minimum.value,
            "taken_whole": self.taken_whole,
            "below_minimum": self.below_minimum,
            "members": self.rows(),
            "rows_in": self.rows_in,
            "rejected": None if self.rejected is None else rejected_records(self.rejected),
            "section": self.minimum.section,
        }

    def explain(self) -> str:
        """Return how the sample was drawn, so anyone can reproduce it."""
        from tenncare_calc.columnar import explain_rejected  # noqa: PLC0415 - needs the data extra

        month = "" if self.month is None else f" for {self.month:%B %Y}"
        text = Explanation(f"Monthly billed-services review sample{month}  [{UM_CLAUSE}]")
        if self.rejected is not None and self.rows_in is not None:
            explain_rejected(text, self.rejected, self.rows_in)
        text.add(f"population: {self.population:,} distinct enrollees with billed services")
        text.add(f"sample size: {self.size:,} (the clause's minimum is {self.minimum.value:,})")
        if self.taken_whole:
            flag = " - FLAGGED: below the minimum" if self.below_minimum else ""
            text.add(f"the population is no larger than the size: taken whole{flag}")
        text.add(
            f"draw: each enrollee's key is SHA-256 of '{self.seed}' + U+001F + the member id; "
            f"the {len(self.members):,} smallest keys are taken (uniform without replacement)"
        )
        for index, (member, key) in enumerate(zip(self.members[:3], self.keys[:3], strict=True)):
            text.add(f"{index + 1}. {member} (key {key[:16]}...)", indent=2)
        text.add(f"parameter: {self.minimum.provenance()}")
        return text.render()


def _sample_size(
    *,
    seed: object,
    size: int | None,
    month: dt.date | None,
    profile: ContractProfile | None,
) -> tuple[str, int, ParameterValue]:
    """Return the seed as text, the sample size and the clause's minimum (a smaller size raises)."""
    seed_text = _seed_text(seed)
    minimum = _profile(profile).get("utilization.monthly_sample_minimum", on=month)
    wanted = minimum.value if size is None else to_count(size, field="size")
    if not _minimum_sample(minimum).met(wanted):
        raise InvalidValueError(
            f"'size' must be at least the clause's minimum of {minimum.value} enrollees "
            f"(got {wanted})",
            field="size",
            value=wanted,
        )
    return seed_text, wanted, minimum


def sample_enrollees(
    enrollees: Iterable[Hashable],
    *,
    seed: int | str,
    size: int | None = None,
    month: dt.date | None = None,
    profile: ContractProfile | None = None,
) -> MonthlySample:
    """Return a reproducible random sample of at least 500 enrollees from a population (U1).

    Each distinct enrollee gets the key ``SHA-256(seed + U+001F + member id)`` (hex); the
    ``size`` smallest keys are the sample, so the draw is uniform without replacement, the same
    for the same seed and population whatever their order, and checkable with any SHA-256 tool.
    ``size`` defaults to the clause's minimum (``utilization.monthly_sample_minimum``, 500); a
    smaller size is an error. A population no larger than the size is taken whole;
    ``below_minimum`` flags one smaller than 500.

    >>> sample = sample_enrollees(["a", "b", "c"], seed=1)
    >>> sample.taken_whole, sample.below_minimum, sorted(sample.members)
    (True, True, ['a', 'b', 'c'])
    >>> sample_enrollees(range(10), seed=1, size=100)
    Traceback (most recent call last):
    ...
    tenncare_calc.InvalidValueError: 'size' must be at least the clause's minimum of 500 enrollees (got 100)

    """
    population: list[Hashable] = []
    seen: set[Hashable] = set()
    for given in to_sequence(enrollees, field="enrollees", what="member ids"):
        # a bool is an Integral: refused before int() would read True as member 1
        if isinstance(given, bool) or not isinstance(given, numbers.Integral | str):
            raise InvalidTypeError(
                f"'enrollees' must hold member ids (int or text) (got {given!r})",
                field="enrollees",
                value=given,
            )
        member = int(given) if isinstance(given, numbers.Integral) else given
        if member not in seen:
            seen.add(member)
            population.append(member)
    if len({type(member) for member in population}) > 1:
        raise InvalidTypeError(
            "'enrollees' mixes whole-number and text member ids; use one type (1 and '1' would "
            "be the same enrollee in the draw)",
            field="enrollees",
            value=population[:5],
        )
    checked_month = None if month is None else to_date(month, field="month").replace(day=1)
    seed_text, wanted, minimum = _sample_size(
        seed=seed, size=size, month=checked_month, profile=profile
    )
    prefix = seed_text + _KEY_SEPARATOR
    chosen, keys = _draw((f"{prefix}{member}".encode() for member in population), wanted)
    return MonthlySample(
        month=checked_month,
        seed=seed_text,
        population=len(population),
        size=wanted,
        members=tuple(population[index] for index in chosen),
        keys=keys,
        minimum=minimum,
    )


def monthly_sample(
    claims: object,
    *,
    columns: Mapping[str, str] | None = None,
    month: dt.date,
    seed: int | str,
    size: int | None = None,
    date_column: str = "service_date",
    profile: ContractProfile | None = None,
    on_error: OnError = "raise",
) -> MonthlySample:
    """Return the month's review sample drawn from the enrollees with billed services in it (U1).

    ``claims`` is a table (pyarrow, pandas, polars or a mapping of columns) with ``member_id`` and
    a date column (``service_date`` by default; pass ``date_column=`` for another, e.g. the billing
    date). ``month`` is any day of the month. The population is every distinct ``member_id`` with a
    date in the month; the draw is :func:`sample_enrollees`'s. Rows with a missing id or date
    raise, or with ``on_error="collect"`` are listed in ``.rejected``.

    ``columns`` maps the library's column names to yours (:mod:`tenncare_calc.columnar.column_mapping`).

    >>> claims = {"member_id": [1, 2, 2, 3], "service_date": ["2008-10-01", "2008-10-31",
    ...     "2008-10-02", "2008-11-01"]}
    >>> sample = monthly_sample(claims, month=dt.date(2008, 10, 1), seed="oct-2008")
    >>> sample.population, sorted(sample.members), sample.below_minimum
    (2, [1, 2], True)
    """
    claims = named_columns(claims, columns, name="claims")
    from tenncare_calc.columnar import (  # noqa: PLC0415 - needs the data extra
        Column,
        ColumnKind,
        days_from_date,
        read_table,
    )

    first = to_date(month, field="month").replace(day=1)
    last = first + relativedelta(months=1, days=-1)
    table = read_table(
        claims,
        [Column("member_id", ColumnKind.ID), Column(date_column, ColumnKind.DATE)],
        name="claims",
    )
    checked = table.check(on_error=on_error)
    days = checked.days(date_column)
    np, pa = _np(), _pa()
    # the rows in the month, by their positions (fewer than a tenth of the rows: taking them is
    # faster than filtering by a mask)
    inside = np.flatnonzero((days >= days_from_date(first)) & (days <= days_from_date(last)))
    population = _distinct(checked.column("member_id"), inside)
    seed_text, wanted, minimum = _sample_size(seed=seed, size=size, month=first, profile=profile)
    # the texts keyed, seed + U+001F + member id, made in one pass (ids as text: str() of each)
    text = pa.large_string()
    texts = pa.compute.binary_join_element_wise(
        pa.scalar(seed_text + _KEY_SEPARATOR, text), population.cast(text), pa.scalar("", text)
    )
    chosen, keys = _draw(texts.cast(pa.large_binary()).to_pylist(), wanted, columnar=True)
    return MonthlySample(
        month=first,
        seed=seed_text,
        population=len(population),
        size=wanted,
        members=tuple(population.take(pa.array(chosen, pa.int64())).to_pylist()),
        keys=keys,
        minimum=minimum,
        rows_in=checked.rows_in,
        rejected=checked.rejected,
    )
