"""Utilization management: the monthly sample, Level III.5 reviews, no-utilization, provider profiles.

These rules come from the second source document: the Utilization Management clause of the
Massachusetts One Care contracts (it is not part of the TennCare CRA and has no section number;
results cite it as "One Care contract (Massachusetts): Utilization Management"). Rulings U1-U3:

* :func:`monthly_sample` / :func:`sample_enrollees` (U1): a random sample of **no fewer than 500**
  enrollees with billed services in the month, uniform without replacement and reproducible from a
  seed; a smaller population is taken whole and flagged.
* :func:`level_iii_5_review` and :func:`level_iii_5_restrictive_decision` (U2): review of Clinical
  Support Services for Substance Use Disorders (Level III.5) no earlier than **day 7** (day 1 is
  the first day of services); no restrictive decision before **14 consecutive days** of clinical
  stabilization services.
* :func:`no_utilization_report` (U3): enrollees continuously enrolled for at least **12 months**
  ending on the report date with no claim or encounter in that time.
* :func:`provider_profiles`: utilization per provider (services per 1,000 member months by service
  category) against comparable providers, flagging over- and under-utilization by configurable
  outlier criteria (percentiles or standard scores).

>>> sample = sample_enrollees(range(1, 1201), seed=2008)
>>> len(sample.members), sample.taken_whole, sample_enrollees(range(1, 1201), seed=2008) == sample
(500, False, True)
>>> level_iii_5_review([dt.date(2008, 10, 1)], on=dt.date(2008, 10, 7)).met
True
"""

from __future__ import annotations

__all__ = [
    "MonthlySample",
    "NoUtilizationReport",
    "ProviderProfiles",
    "level_iii_5_restrictive_decision",
    "level_iii_5_review",
    "monthly_sample",
    "no_utilization_report",
    "provider_profiles",
    "sample_enrollees",
]

import datetime as dt
import hashlib
import heapq
from collections.abc import Hashable, Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any, ClassVar, Literal

import attrs
from dateutil.relativedelta import relativedelta

from tenncare_calc.compliance.findings import UM_CLAUSE, Finding, Outcome
from tenncare_calc.core.errors import (
    InvalidInputError,
    InvalidTypeError,
    InvalidValueError,
    require,
)
from tenncare_calc.core.explanation import Explanation
from tenncare_calc.core.parts import REJECTED_COLUMNS, Cell, Column, ColumnType, Table
from tenncare_calc.core.presentable import Presentable
from tenncare_calc.core.values import exact_context, format_decimal, to_count, to_date

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

    from tenncare_calc.columnar import Categories, IdCodes, OnError
    from tenncare_calc.contract.parameters import ParameterValue
    from tenncare_calc.contract.profile import ContractProfile

#: Which claims keep an enrollee off the no-utilization report: those in the 12 months ending on
#: the report date (ruling U3, the default) or those in the whole continuous enrollment.
ClaimsWindow = Literal["twelve_months", "enrollment"]
#: How provider outliers are judged.
OutlierMethod = Literal["percentile", "standard_score"]

_RATE_PLACES = Decimal("0.0001")
#: Sums of member months below this are exact in the library's 60-digit decimal context.
_EXACT_SUM_LIMIT = Decimal(10) ** 30


def _np() -> Any:  # noqa: ANN401 - the numpy module
    return require("numpy", extra="data", purpose="utilization reports over tables")


def _pa() -> Any:  # noqa: ANN401 - the pyarrow module
    return require("pyarrow", extra="data", purpose="utilization reports over tables")


def _profile(profile: ContractProfile | None) -> ContractProfile:
    from tenncare_calc.contract.loader import default_profile  # noqa: PLC0415 - avoids an import cycle

    return default_profile() if profile is None else profile


def _shown(number: Decimal) -> str:
    with exact_context():
        normal = number.normalize()
    return format_decimal(normal, grouping=False)


def _rounded_texts(numbers: Iterable[Decimal]) -> list[str]:
    """Return rates as shown: to 4 decimal places half-up, without trailing zeros (display figures).

    >>> _rounded_texts([Decimal("26.2"), Decimal("1") / 3, Decimal(30), Decimal("-0.00004")])
    ['26.2', '0.3333', '30', '0']
    """
    with exact_context():
        # a value quantized to 4 places is written without an exponent
        texts = [
            str(number.quantize(_RATE_PLACES, rounding=ROUND_HALF_UP)).rstrip("0").rstrip(".")
            for number in numbers
        ]
    return ["0" if text == "-0" else text for text in texts]


def _member_column(members: Sequence[Hashable], name: str = "member_id") -> Column:
    """Return the column of member ids: whole numbers shown plainly, or text."""
    whole = all(isinstance(m, int) and not isinstance(m, bool) for m in members)
    kind = ColumnType.COUNT if whole and members else ColumnType.TEXT
    return Column(name, kind, grouping=False, description="the enrollee's id")


def _rejected_part(rejected: Mapping[str, Any]) -> Table:
    """Return the ``rejected`` part over the inputs that were read (none for a plain population)."""
    from tenncare_calc.columnar import rejected_table  # noqa: PLC0415 - needs the data extra

    present = {name: table for name, table in rejected.items() if table is not None}
    if not present:
        return Table("rejected", "Rejected input rows", REJECTED_COLUMNS, (), brief=False)
    return rejected_table(present)


def _rejected_count(rejected: Any) -> int | None:  # noqa: ANN401 - a pyarrow Table or None
    return None if rejected is None else int(rejected.num_rows)


def _parameters_part(parameters: Sequence[ParameterValue]) -> Table:
    from tenncare_calc.contract.parameters import parameter_values_table  # noqa: PLC0415 - avoids a cycle

    return parameter_values_table(parameters)


# --------------------------------------------------------------------------------------------------
# U1: the monthly random sample


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


def _draw(texts: Iterable[bytes], wanted: int) -> tuple[list[int], tuple[str, ...]]:
    r"""Return the positions of the ``wanted`` texts with the smallest SHA-256 keys, and the keys.

    ``texts`` are the UTF-8 of the seed, U+001F and each member id. Digests compare as their hex
    keys do, so only the keys drawn are written out in hex.

    >>> _draw([b"1\x1fa", b"1\x1fb", b"1\x1fc"], 2)[0]
    [2, 1]
    """
    digests = [hashlib.sha256(text).digest() for text in texts]
    chosen = heapq.nsmallest(wanted, range(len(digests)), key=digests.__getitem__)
    return chosen, tuple(digests[index].hex() for index in chosen)


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

    #: A notebook shows the first 1,000 rows of a part; every other surface has them all.
    notebook_rows: ClassVar[int | None] = 1000

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
        minimum: int = self.minimum.value
        return self.population < minimum

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
    if wanted < minimum.value:
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
    for member in enrollees:
        if member is None or isinstance(member, bool) or not isinstance(member, int | str):
            raise InvalidTypeError(
                f"'enrollees' must hold member ids (int or text) (got {member!r})",
                field="enrollees",
                value=member,
            )
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

    >>> claims = {"member_id": [1, 2, 2, 3], "service_date": ["2008-10-01", "2008-10-31",
    ...     "2008-10-02", "2008-11-01"]}
    >>> sample = monthly_sample(claims, month=dt.date(2008, 10, 1), seed="oct-2008")
    >>> sample.population, sorted(sample.members), sample.below_minimum
    (2, [1, 2], True)
    """
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
    inside = (days >= days_from_date(first)) & (days <= days_from_date(last))
    pa = _pa()
    population = pa.compute.unique(checked.column("member_id").filter(pa.array(inside)))
    seed_text, wanted, minimum = _sample_size(seed=seed, size=size, month=first, profile=profile)
    # the texts keyed, seed + U+001F + member id, made in one pass (ids as text: str() of each)
    text = pa.large_string()
    texts = pa.compute.binary_join_element_wise(
        pa.scalar(seed_text + _KEY_SEPARATOR, text), population.cast(text), pa.scalar("", text)
    )
    chosen, keys = _draw(texts.cast(pa.large_binary()).to_pylist(), wanted)
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


# --------------------------------------------------------------------------------------------------
# U2: Level III.5 clinical support services


def _service_days(service_days: object) -> list[dt.date]:
    if isinstance(service_days, str | bytes) or not isinstance(service_days, Iterable):
        raise InvalidTypeError(
            f"'service_days' must be an iterable of dates (got {type(service_days).__name__})",
            field="service_days",
            value=service_days,
        )
    days = sorted({to_date(day, field="service_days") for day in service_days})
    if not days:
        raise InvalidValueError(
            "'service_days' is empty: give the days Level III.5 services were provided",
            field="service_days",
            value=[],
        )
    return days


def level_iii_5_review(
    service_days: Iterable[dt.date],
    *,
    on: dt.date,
    profile: ContractProfile | None = None,
) -> Finding:
    """Return whether utilization review of Level III.5 services is permitted ``on`` a day (U2).

    Day 1 is the first of ``service_days`` (the first day the services were provided); review may
    be performed no earlier than day 7, counted in calendar days. ``met`` means a review on that
    day complies; ``margin`` is the number of days since day 7 (negative: days too early).

    >>> days = [dt.date(2008, 10, 1) + dt.timedelta(days=n) for n in range(10)]
    >>> level_iii_5_review(days, on=dt.date(2008, 10, 6)).outcome.value  # day 6
    'not_met'
    """
    days = _service_days(service_days)
    review = to_date(on, field="on")
    first = days[0]
    if review < first:
        raise InvalidValueError(
            f"'on' ({review.isoformat()}) is before the first day of services "
            f"({first.isoformat()})",
            field="on",
            value=review,
        )
    parameter = _profile(profile).get("utilization.level_iii_5_first_review_day", on=review)
    day = (review - first).days + 1
    earliest = first + dt.timedelta(days=parameter.value - 1)
    return Finding(
        check="utilization.level_iii_5_review",
        outcome=Outcome.MET if day >= parameter.value else Outcome.NOT_MET,
        standard=f"utilization review no earlier than day {parameter.value} of services",
        sections=(UM_CLAUSE,),
        measured=Decimal(day),
        limit=Decimal(parameter.value),
        margin=Decimal(day - parameter.value),
        unit="days",
        steps=(
            (
                f"day 1 = first day of services {first.isoformat()}; day {parameter.value} = "
                f"{earliest.isoformat()}"
            ),
            f"review on {review.isoformat()} is day {day}",
        ),
        parameters=(parameter,),
    )


def level_iii_5_restrictive_decision(
    service_days: Iterable[dt.date],
    *,
    on: dt.date,
    include_decision_day: bool = True,
    profile: ContractProfile | None = None,
) -> Finding:
    """Return whether a restrictive Level III.5 review decision is permitted ``on`` a day (U2).

    A decision that imposes a restriction on, or denies, future clinical stabilization services is
    permitted only once the enrollee has received at least 14 consecutive days of them: the longest
    run of consecutive days in ``service_days`` up to the decision day (included by default; pass
    ``include_decision_day=False`` to count only days before it) must be at least 14.

    >>> days = [dt.date(2008, 10, 1) + dt.timedelta(days=n) for n in range(14)]
    >>> level_iii_5_restrictive_decision(days, on=dt.date(2008, 10, 14)).met
    True
    >>> level_iii_5_restrictive_decision(days, on=dt.date(2008, 10, 14),
    ...     include_decision_day=False).met
    False
    """
    days = _service_days(service_days)
    decision = to_date(on, field="on")
    if not isinstance(include_decision_day, bool):
        raise InvalidTypeError(
            f"'include_decision_day' must be True or False (got {include_decision_day!r})",
            field="include_decision_day",
            value=include_decision_day,
        )
    parameter = _profile(profile).get("utilization.level_iii_5_consecutive_days", on=decision)
    counted = [d for d in days if d < decision or (include_decision_day and d == decision)]
    best, best_start, run, run_start = 0, None, 0, None
    previous: dt.date | None = None
    for day in counted:
        if previous is not None and (day - previous).days == 1:
            run += 1
        else:
            run, run_start = 1, day
        if run > best:
            best, best_start = run, run_start
        previous = day
    if best_start is None:
        longest = "no service days before the decision"
    else:
        end = best_start + dt.timedelta(days=best - 1)
        longest = f"longest run {best_start.isoformat()} to {end.isoformat()}: {best} days"
    through = "through" if include_decision_day else "before"
    return Finding(
        check="utilization.level_iii_5_restrictive_decision",
        outcome=Outcome.MET if best >= parameter.value else Outcome.NOT_MET,
        standard=(
            f"no restrictive decision before {parameter.value} consecutive days of clinical "
            "stabilization services"
        ),
        sections=(UM_CLAUSE,),
        measured=Decimal(best),
        limit=Decimal(parameter.value),
        margin=Decimal(best - parameter.value),
        unit="days",
        steps=(f"service days {through} the decision on {decision.isoformat()}: {longest}",),
        parameters=(parameter,),
    )


# --------------------------------------------------------------------------------------------------
# U3: the annual no-utilization report


NO_UTILIZATION_SUMMARY_COLUMNS: tuple[Column, ...] = (
    Column("report_date", ColumnType.DATE, title="report date"),
    Column(
        "window_start",
        ColumnType.DATE,
        title="window start",
        description="the first day of the months ending on the report date",
    ),
    Column(
        "claims_window",
        ColumnType.TEXT,
        title="claims window",
        description="twelve_months: claims in the window count; enrollment: claims in the whole "
        "continuous enrollment count",
    ),
    Column("months", ColumnType.COUNT, description="months of continuous enrollment required"),
    Column("enrollees", ColumnType.COUNT, description="distinct enrollees in the enrollment"),
    Column(
        "continuously_enrolled",
        ColumnType.COUNT,
        title="continuously enrolled",
        description="enrollees enrolled through the whole window",
    ),
    Column(
        "no_utilization",
        ColumnType.COUNT,
        title="no utilization",
        description="of those, enrollees with no claim or encounter (the members part)",
    ),
    Column("enrollment_rows_in", ColumnType.COUNT, title="enrollment rows in"),
    Column("enrollment_rows_rejected", ColumnType.COUNT, title="enrollment rows rejected"),
    Column("claims_rows_in", ColumnType.COUNT, title="claims rows in"),
    Column("claims_rows_rejected", ColumnType.COUNT, title="claims rows rejected"),
    Column("section", ColumnType.TEXT, description="the clause cited"),
)


@attrs.frozen
class NoUtilizationReport(Presentable):
    """Enrollees continuously enrolled 12 months or more with no claim or encounter (U3).

    As tables: ``summary`` (the window and the counts), ``members`` (the primary part: member id,
    start of the continuous enrollment, months enrolled), ``rejected`` (enrollment and claims rows
    that could not be used) and ``parameters``.
    """

    #: A notebook shows the first 1,000 rows of a part; every other surface has them all.
    notebook_rows: ClassVar[int | None] = 1000

    report_date: dt.date
    window_start: dt.date
    claims_window: str
    #: One row per listed enrollee: member_id, enrolled_since (start of the continuous enrollment).
    members: Any = attrs.field(repr=False)
    enrollees: int
    continuously_enrolled: int
    enrollment_rows_in: int
    enrollment_rejected: Any = attrs.field(repr=False, eq=False)
    claims_rows_in: int
    claims_rejected: Any = attrs.field(repr=False, eq=False)
    months: ParameterValue = attrs.field(repr=False)

    @property
    def count(self) -> int:
        """Return how many enrollees are on the report."""
        return int(self.members.num_rows)

    def tables(self) -> tuple[Table, ...]:
        """Return the parts: ``summary``, ``members`` (one row per listed enrollee), ``rejected``, ``parameters``.

        ``rows()`` gives the members as flat dicts (dates ISO).
        """
        from tenncare_calc.columnar import arrow_part  # noqa: PLC0415 - needs the data extra

        summary: tuple[Cell, ...] = (
            self.report_date,
            self.window_start,
            self.claims_window,
            self.months.value,
            self.enrollees,
            self.continuously_enrolled,
            self.count,
            self.enrollment_rows_in,
            int(self.enrollment_rejected.num_rows),
            self.claims_rows_in,
            int(self.claims_rejected.num_rows),
            self.months.section,
        )
        columns = {
            "enrolled_since": Column(
                "enrolled_since",
                ColumnType.DATE,
                title="enrolled since",
                description="the first day of the continuous enrollment reaching the report date",
            ),
            "months_enrolled": Column(
                "months_enrolled",
                ColumnType.COUNT,
                title="months enrolled",
                description="whole months from then through the report date",
            ),
        }
        return (
            Table(
                "summary",
                f"No-utilization report as of {self.report_date.isoformat()}",
                NO_UTILIZATION_SUMMARY_COLUMNS,
                (summary,),
                record=True,
            ),
            arrow_part(
                self.members,
                "members",
                "Enrollees with no claim or encounter",
                columns=columns,
            ),
            _rejected_part(
                {"enrollment": self.enrollment_rejected, "claims": self.claims_rejected}
            ),
            _parameters_part((self.months,)),
        )

    def excel_formulas(self) -> Mapping[str, Mapping[str, str]]:
        """Return the listed count and the rejected counts as counts of the other sheets."""
        return {
            "summary": {
                "no_utilization": "COUNTA({members.member_id:*})",
                "enrollment_rows_rejected": 'COUNTIF({rejected.input:*}, "enrollment")',
                "claims_rows_rejected": 'COUNTIF({rejected.input:*}, "claims")',
            }
        }

    def to_dict(self) -> dict[str, Any]:
        """Return the report, its counts and the rejected rows as JSON-ready data."""
        from tenncare_calc.columnar import rejected_records  # noqa: PLC0415 - needs the data extra

        return {
            "report_date": self.report_date.isoformat(),
            "window_start": self.window_start.isoformat(),
            "claims_window": self.claims_window,
            "months": self.months.value,
            "enrollees": self.enrollees,
            "continuously_enrolled": self.continuously_enrolled,
            "no_utilization": self.count,
            "members": self.rows(),
            "enrollment": {
                "rows_in": self.enrollment_rows_in,
                "rejected": rejected_records(self.enrollment_rejected),
            },
            "claims": {
                "rows_in": self.claims_rows_in,
                "rejected": rejected_records(self.claims_rejected),
            },
            "section": self.months.section,
        }

    def explain(self) -> str:
        """Return the report's rule, window and counts."""
        from tenncare_calc.columnar import explain_rejected  # noqa: PLC0415 - needs the data extra

        text = Explanation(
            f"No-utilization report as of {self.report_date.isoformat()}  [{UM_CLAUSE}]"
        )
        text.add("enrollment:")
        explain_rejected(text, self.enrollment_rejected, self.enrollment_rows_in, indent=2)
        text.add("claims and encounters:")
        explain_rejected(text, self.claims_rejected, self.claims_rows_in, indent=2)
        text.add(
            f"window: {self.window_start.isoformat()} to {self.report_date.isoformat()} "
            f"({self.months.value} months ending on the report date)"
        )
        where = (
            "in the window"
            if self.claims_window == "twelve_months"
            else "in the continuous enrollment"
        )
        text.add(f"enrollees: {self.enrollees:,}")
        text.add(f"continuously enrolled through the whole window: {self.continuously_enrolled:,}")
        text.add(f"of those, with no claim or encounter {where}: {self.count:,}")
        text.add(f"parameter: {self.months.provenance()}")
        return text.render()


def no_utilization_report(
    enrollment: object,
    claims: object,
    *,
    report_date: dt.date,
    claims_window: ClaimsWindow = "twelve_months",
    profile: ContractProfile | None = None,
    on_error: OnError = "raise",
) -> NoUtilizationReport:
    """Return the enrollees continuously enrolled 12+ months up to a date with no utilization (U3).

    Parameters
    ----------
    enrollment
        Enrollment spans: ``member_id``, ``start_date``, ``end_date`` (empty for an open span, which
        runs through the report date). A member's overlapping or adjacent spans (one ending the day
        before the next begins) are one continuous enrollment; a gap of a day breaks it.
    claims
        Claims and encounters: ``member_id`` and ``service_date``. Claims of members not in
        ``enrollment`` are ignored.
    report_date
        The report's date. The window is the 12 months ending on it: from the day after the same
        date 12 months earlier (``report_date - 12 months + 1 day``) through ``report_date``.
    claims_window
        ``"twelve_months"`` (ruling U3): a claim in the window removes the enrollee. ``"enrollment"``:
        a claim anywhere in the continuous enrollment does.
    on_error
        ``"raise"`` (default) or ``"collect"``, as for every batch input: rows with a missing id or
        date, an unreadable date, or an end before the start are rejected.

    Examples
    --------
    >>> spans = {"member_id": [1, 2, 3, 3], "start_date": ["2007-01-01", "2008-03-01",
    ...     "2007-06-01", "2008-01-01"], "end_date": [None, None, "2007-12-31", None]}
    >>> claims = {"member_id": [1], "service_date": ["2006-12-31"]}
    >>> report = no_utilization_report(spans, claims, report_date=dt.date(2008, 12, 31))
    >>> [row["member_id"] for row in report.rows()], report.window_start
    ([1, 3], datetime.date(2008, 1, 1))

    """
    from tenncare_calc.columnar import (  # noqa: PLC0415 - needs the data extra
        Column,
        ColumnKind,
        check_on_error,
        days_from_date,
        encode_ids,
        read_table,
    )

    np, pa = _np(), _pa()
    mode = check_on_error(on_error)
    report = to_date(report_date, field="report_date")
    if claims_window not in ("twelve_months", "enrollment"):
        raise InvalidValueError(
            f"'claims_window' must be 'twelve_months' or 'enrollment' (got {claims_window!r})",
            field="claims_window",
            value=claims_window,
        )
    months = _profile(profile).get("utilization.no_utilization_months", on=report)
    window_start = report - relativedelta(months=months.value) + dt.timedelta(days=1)
    spans_in = read_table(
        enrollment,
        [
            Column("member_id", ColumnKind.ID),
            Column("start_date", ColumnKind.DATE),
            Column("end_date", ColumnKind.DATE, nullable=True),
        ],
        name="enrollment",
    )
    ends_raw = spans_in.days("end_date", null=2**31 - 1)
    spans_in = spans_in.reject(
        ends_raw < spans_in.days("start_date"),
        "end_date {end_date} is before start_date {start_date}",
    )
    spans = spans_in.check(on_error=mode)
    claim_rows = read_table(
        claims,
        [Column("member_id", ColumnKind.ID), Column("service_date", ColumnKind.DATE)],
        name="claims",
    ).check(on_error=mode)
    report_day = days_from_date(report)
    member, claim_member, count, decode = _dense_codes(
        encode_ids(spans.column("member_id"), claim_rows.column("member_id"))
    )
    start = spans.days("start_date").astype(np.int64)
    end = np.minimum(spans.days("end_date", null=report_day).astype(np.int64), report_day)
    enrollees = int(np.count_nonzero(np.bincount(member)))
    current = start <= report_day
    run_member, run_start = _runs_through(member[current], start[current], end[current], report_day)
    window_day = days_from_date(window_start)
    long_enough = run_start <= window_day
    candidates, since = run_member[long_enough], run_start[long_enough]
    claim_day = claim_rows.days("service_date").astype(np.int64)
    lower = np.full(count, np.iinfo(np.int64).max, dtype=np.int64)
    lower[candidates] = window_day if claims_window == "twelve_months" else since
    used = (claim_day >= lower[claim_member]) & (claim_day <= report_day)
    utilized = np.zeros(count, dtype=bool)
    utilized[claim_member[used]] = True
    keep = ~utilized[candidates]
    listed, listed_since = candidates[keep], since[keep]
    ids = decode(listed)
    order = np.asarray(pa.compute.sort_indices(ids).to_numpy(zero_copy_only=False), dtype=np.int64)
    listed_since = listed_since[order]
    members = pa.table(
        {
            "member_id": ids.take(pa.array(order)),
            "enrolled_since": pa.array(listed_since.astype(np.int32), pa.date32()),
            "months_enrolled": pa.array(_whole_months(listed_since, report), pa.int64()),
        }
    )
    return NoUtilizationReport(
        report_date=report,
        window_start=window_start,
        claims_window=claims_window,
        members=members,
        enrollees=enrollees,
        continuously_enrolled=len(candidates),
        enrollment_rows_in=spans.rows_in,
        enrollment_rejected=spans.rejected,
        claims_rows_in=claim_rows.rows_in,
        claims_rejected=claim_rows.rejected,
        months=months,
    )


def _dense_codes(codes: IdCodes) -> tuple[Any, Any, int, Callable[[Any], Any]]:
    """Return the two code arrays of ``codes``, renumbered densely if need be, their count, a decoder.

    Whole-number ids are coded by their offset from the smallest, so ids far apart (ten-digit member
    ids) give codes far beyond the number of rows, and the arrays indexed by code would not fit in
    memory; such codes are renumbered in order of appearance. Dense codes are returned as they are.
    """
    np, pa = _np(), _pa()
    first, second = codes.codes
    if codes.count <= 2 * (len(first) + len(second)) + 1024:
        return first, second, codes.count, codes.decode
    encoded = pa.compute.dictionary_encode(pa.array(np.concatenate((first, second))))
    renumbered = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    original = encoded.dictionary.to_numpy(zero_copy_only=False)

    def decode(values: Any) -> Any:  # noqa: ANN401 - numpy codes in, pyarrow ids out
        return codes.decode(original[values])

    return renumbered[: len(first)], renumbered[len(first) :], len(original), decode


def _whole_months(since: Any, through: dt.date) -> Any:  # noqa: ANN401 - numpy arrays
    """Return the whole months from each day of ``since`` through ``through``, both days counted.

    ``since`` holds day numbers (since 1970-01-01). The count is relativedelta's: the calendar
    months from ``since`` to the day after ``through``, less one when that day's day of the month
    is before ``since``'s, unless it is the last day of its month (January 31 plus a month is the
    last day of February).

    >>> import numpy as np
    >>> from tenncare_calc.columnar import days_from_date
    >>> days = [days_from_date(dt.date(2007, 1, 1)), days_from_date(dt.date(2008, 1, 31))]
    >>> _whole_months(np.array(days), dt.date(2008, 2, 27)).tolist()
    [13, 0]
    >>> _whole_months(np.array(days), dt.date(2008, 2, 28)).tolist()
    [13, 1]
    """
    np = _np()
    start = np.asarray(since, dtype=np.int64).astype("datetime64[D]")
    start_month = start.astype("datetime64[M]")
    after = np.datetime64(through, "D") + 1
    after_month = after.astype("datetime64[M]")
    months = (after_month - start_month).astype(np.int64)
    start_day = (start - start_month.astype("datetime64[D]")).astype(np.int64)
    after_day = int((after - after_month.astype("datetime64[D]")).astype(np.int64))
    if (after + 1).astype("datetime64[M]") != after_month:  # the last day of its month
        return months
    result: Any = months - (start_day > after_day)
    return result


def _runs_through(
    member: Any,  # noqa: ANN401 - numpy int64 array
    start: Any,  # noqa: ANN401 - numpy int64 array
    end: Any,  # noqa: ANN401 - numpy int64 array
    report_day: int,
) -> tuple[Any, Any]:
    """Return, per member enrolled on ``report_day``, the start of the continuous run reaching it.

    Spans are merged per member when they overlap or touch (the next starts on or before the day
    after the running end). Columnar: one sort and a cumulative maximum. Spans with the same
    member and start may come in any order: the second never starts a run of its own.
    """
    np = _np()
    if len(member) == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    # Each member's days are offset into a range of their own: one sort of the offset starts orders
    # the spans by member then start, and a plain cumulative maximum of the offset ends never
    # carries one member's end into the next member's spans.
    base = min(int(end.min()), int(start.min()))
    span = int(max(end.max(), start.max()) - base + 2)
    key = member * span + (start - base)
    order = np.argsort(key)
    key, end = key[order], end[order]
    offset = key - key % span
    start = key - offset + base
    running = np.maximum.accumulate(end - base + offset) - offset + base
    previous_end = np.concatenate(([np.iinfo(np.int64).min], running[:-1]))
    new_member = np.concatenate(([True], offset[1:] != offset[:-1]))
    first = np.flatnonzero(new_member | (start > previous_end + 1))
    # the running end is non-decreasing within a member, so a run ends where its last span does
    last = np.append(first[1:], len(running)) - 1
    reaches = first[running[last] >= report_day]
    return offset[reaches] // span, start[reaches]


# --------------------------------------------------------------------------------------------------
# Provider profiles


PROFILE_SUMMARY_COLUMNS: tuple[Column, ...] = (
    Column(
        "method",
        ColumnType.TEXT,
        description="percentile or standard_score (see the parameters part for the criteria)",
    ),
    Column("profiles", ColumnType.COUNT, description="provider and service category rows"),
    *(
        Column(
            flag, ColumnType.COUNT, title=flag.replace("_", " "), description=f"rows flagged {flag}"
        )
        for flag in ("over", "under", "within", "not_assessed")
    ),
    Column("services_rows_in", ColumnType.COUNT, title="services rows in"),
    Column("services_rows_rejected", ColumnType.COUNT, title="services rows rejected"),
    Column("member_months_rows_in", ColumnType.COUNT, title="member months rows in"),
    Column("member_months_rows_rejected", ColumnType.COUNT, title="member months rows rejected"),
    Column("section", ColumnType.TEXT, description="the clause cited"),
)
PROFILE_COLUMNS: Mapping[str, Column] = {
    column.name: column
    for column in (
        Column("peer_group", ColumnType.TEXT, title="peer group"),
        Column("service_category", ColumnType.TEXT, title="service category"),
        Column("services", ColumnType.COUNT),
        Column("member_months", ColumnType.NUMBER, title="member months"),
        Column(
            "rate_per_1000",
            ColumnType.NUMBER,
            title="rate per 1,000",
            description="services per 1,000 member months (4 places, half-up)",
        ),
        Column("peers", ColumnType.COUNT, description="comparable providers, this one included"),
        Column("norm", ColumnType.NUMBER, description="the peers' median rate"),
        Column("lower", ColumnType.NUMBER, description="under-utilization below this rate"),
        Column("upper", ColumnType.NUMBER, description="over-utilization above this rate"),
        Column(
            "standard_score",
            ColumnType.NUMBER,
            title="standard score",
            brief=False,
            description="(rate - peers' mean) / peers' population standard deviation",
        ),
        Column("flag", ColumnType.TEXT, description="over, under, within or not_assessed"),
    )
}


@attrs.frozen
class ProviderProfiles(Presentable):
    """Utilization per provider and service category against comparable providers.

    ``arrow`` is a pyarrow Table with one row per provider and service category: ``provider_id``, ``peer_group``,
    ``service_category``, ``services``, ``member_months``, ``rate_per_1000`` (services per 1,000
    member months), ``peers`` (comparable providers in the norm, the provider included), ``norm``
    (their median rate), ``lower`` and ``upper`` (the outlier thresholds), ``standard_score``
    (standard-score method), and ``flag``: ``over``, ``under``, ``within`` or ``not_assessed``
    (too few peers, or no member months). Rates and thresholds are shown to 4 decimal places
    half-up; flags are decided on exact values.

    As tables: ``summary`` (the method and the count of each flag), ``profiles`` (the primary
    part, the rows above), ``rejected`` (services and member-months rows that could not be used)
    and ``parameters`` (the outlier criteria).
    """

    #: A notebook shows the first 1,000 rows of a part; every other surface has them all.
    notebook_rows: ClassVar[int | None] = 1000

    arrow: Any = attrs.field(repr=False)
    method: str
    criteria: tuple[ParameterValue, ...] = attrs.field(repr=False)
    services_rows_in: int
    services_rejected: Any = attrs.field(repr=False, eq=False)
    member_months_rows_in: int
    member_months_rejected: Any = attrs.field(repr=False, eq=False)

    def counts(self) -> dict[str, int]:
        """Return how many provider-category rows carry each flag."""
        found = dict.fromkeys(("over", "under", "within", "not_assessed"), 0)
        for flag in self.arrow.column("flag").to_pylist():
            found[flag] += 1
        return found

    def tables(self) -> tuple[Table, ...]:
        """Return the parts: ``summary``, ``profiles`` (one row per provider and category), ``rejected``, ``parameters``.

        ``rows()`` gives the profiles as flat dicts (numbers as exact text).
        """
        from tenncare_calc.columnar import arrow_part  # noqa: PLC0415 - needs the data extra

        summary: tuple[Cell, ...] = (
            self.method,
            int(self.arrow.num_rows),
            *self.counts().values(),
            self.services_rows_in,
            int(self.services_rejected.num_rows),
            self.member_months_rows_in,
            int(self.member_months_rejected.num_rows),
            UM_CLAUSE,
        )
        ids = self.arrow.column("provider_id").to_pylist()
        columns = {**PROFILE_COLUMNS, "provider_id": _member_column(ids, "provider_id")}
        return (
            Table(
                "summary",
                "Provider utilization profiles",
                PROFILE_SUMMARY_COLUMNS,
                (summary,),
                record=True,
            ),
            arrow_part(
                self.arrow, "profiles", "Utilization by provider and category", columns=columns
            ),
            _rejected_part(
                {"services": self.services_rejected, "member_months": self.member_months_rejected}
            ),
            _parameters_part(self.criteria),
        )

    def excel_formulas(self) -> Mapping[str, Mapping[str, str]]:
        """Return the count of each flag as ``COUNTIF`` over the profiles sheet."""
        flags = ("over", "under", "within", "not_assessed")
        return {
            "summary": {
                "profiles": "COUNTA({profiles.flag:*})",
                **{flag: f'COUNTIF({{profiles.flag:*}}, "{flag}")' for flag in flags},
            }
        }

    def outliers(self) -> list[dict[str, Any]]:
        """Return the rows flagged ``over`` or ``under``."""
        return [row for row in self.rows() if row["flag"] in ("over", "under")]

    def to_dict(self) -> dict[str, Any]:
        """Return the criteria, counts, rows and rejected rows as JSON-ready data."""
        from tenncare_calc.columnar import rejected_records  # noqa: PLC0415 - needs the data extra

        return {
            "method": self.method,
            "criteria": [parameter.to_dict() for parameter in self.criteria],
            "counts": self.counts(),
            "profiles": self.rows(),
            "services": {
                "rows_in": self.services_rows_in,
                "rejected": rejected_records(self.services_rejected),
            },
            "member_months": {
                "rows_in": self.member_months_rows_in,
                "rejected": rejected_records(self.member_months_rejected),
            },
        }

    def explain(self, *, limit: int = 5) -> str:
        """Return the criteria, counts and the first ``limit`` outliers."""
        from tenncare_calc.columnar import explain_rejected  # noqa: PLC0415 - needs the data extra

        text = Explanation(f"Provider utilization profiles  [{UM_CLAUSE}]")
        text.add("services:")
        explain_rejected(text, self.services_rejected, self.services_rows_in, indent=2)
        text.add("member months:")
        explain_rejected(text, self.member_months_rejected, self.member_months_rows_in, indent=2)
        if self.method == "percentile":
            text.add(
                "criteria: a rate above the upper percentile of comparable providers (same peer "
                "group and service category) is over-utilization, below the lower percentile "
                "under-utilization (percentiles by linear interpolation between ranks)"
            )
        else:
            text.add(
                "criteria: a rate more than the standard score of standard deviations above "
                "(below) the mean of comparable providers is over- (under-) utilization "
                "(population standard deviation)"
            )
        for flag, count in self.counts().items():
            text.add(f"{flag.replace('_', ' ')}: {count:,}")
        for row in self.outliers()[:limit]:
            text.add(
                f"provider {row['provider_id']}, {row['service_category']}: "
                f"{row['rate_per_1000']} per 1,000 member months, {row['flag']} "
                f"(norm {row['norm']}, thresholds {row['lower']} to {row['upper']})",
                indent=2,
            )
        for parameter in self.criteria:
            text.add(f"parameter: {parameter.provenance()}")
        return text.render()


def _percentile(ordered: list[Decimal], percent: Decimal) -> Decimal:
    """Return the percentile of sorted values by linear interpolation between ranks (type 7)."""
    with exact_context():
        position = (Decimal(len(ordered) - 1) * percent) / Decimal(100)
        low = int(position)
        fraction = position - low
        if low + 1 >= len(ordered):
            return ordered[-1]
        return ordered[low] + (ordered[low + 1] - ordered[low]) * fraction


def _criteria(
    profile: ContractProfile,
    on: dt.date | None,
    overrides: dict[str, object],
) -> tuple[str, dict[str, Any], tuple[ParameterValue, ...]]:
    names = {
        "method": "utilization.outlier_method",
        "lower_percentile": "utilization.outlier_lower_percentile",
        "upper_percentile": "utilization.outlier_upper_percentile",
        "standard_score": "utilization.outlier_standard_score",
        "minimum_peers": "utilization.outlier_minimum_peers",
    }
    given = {names[key]: value for key, value in overrides.items() if value is not None}
    if given:
        profile = profile.with_overrides(given)
    values = {key: profile.get(name, on=on) for key, name in names.items()}
    method = values["method"].value
    lower, upper = values["lower_percentile"].value, values["upper_percentile"].value
    if method == "percentile" and lower >= upper:
        raise InvalidValueError(
            f"'lower_percentile' ({lower}) must be below 'upper_percentile' ({upper})",
            field="lower_percentile",
            value=lower,
        )
    used = ["method", "minimum_peers"]
    used += (
        ["lower_percentile", "upper_percentile"] if method == "percentile" else ["standard_score"]
    )
    return method, {k: v.value for k, v in values.items()}, tuple(values[k] for k in used)


def provider_profiles(
    services: object,
    member_months: object,
    *,
    method: OutlierMethod | None = None,
    lower_percentile: object = None,
    upper_percentile: object = None,
    standard_score: object = None,
    minimum_peers: int | None = None,
    on: dt.date | None = None,
    profile: ContractProfile | None = None,
    on_error: OnError = "raise",
) -> ProviderProfiles:
    """Return provider utilization profiles with over- and under-utilization flags.

    The clause requires retrospective review of provider utilization "by significant data elements
    and established outlier criteria", comparing "provider utilization with norms for ... Network
    Providers". The criteria are not stated, so they are configurable (profile parameters
    ``utilization.outlier_*``, or these keywords):

    * ``method="percentile"`` (default): over when the rate is above the ``upper_percentile``
      (default 95) of comparable providers' rates, under when below the ``lower_percentile``
      (default 5); percentiles by linear interpolation between ranks;
    * ``method="standard_score"``: over (under) when the rate is more than ``standard_score``
      (default 2) population standard deviations above (below) the peers' mean.

    Comparable providers share the ``peer_group`` (a column of ``member_months``; one group when
    absent) and the service category; a group smaller than ``minimum_peers`` (default 5, the
    provider included) is ``not_assessed``.

    Parameters
    ----------
    services
        One row per service (or per count): ``provider_id``, ``service_category``, optionally
        ``services`` (a whole number of services on the row; 1 when absent).
    member_months
        ``provider_id``, ``member_months`` (>= 0, summed per provider) and optionally
        ``peer_group``. Every provider here is profiled in every category (a category with no
        services is a rate of 0, which is how under-utilization shows). Provider ids are whole
        numbers in both inputs or text in both.

    Examples
    --------
    >>> services = {"provider_id": ["p1"] * 30 + ["p2"] * 10 + ["p3"] * 11 + ["p4"] * 9 + ["p5"],
    ...     "service_category": ["office"] * 61}
    >>> months = {"provider_id": ["p1", "p2", "p3", "p4", "p5"], "member_months": [1000] * 5}
    >>> result = provider_profiles(services, months)
    >>> [(r["provider_id"], r["rate_per_1000"], r["flag"]) for r in result.outliers()]
    [('p1', '30', 'over'), ('p5', '1', 'under')]

    """
    from tenncare_calc import columnar as cols  # noqa: PLC0415 - needs the data extra
    from tenncare_calc.columnar import (  # noqa: PLC0415 - needs the data extra
        Column,
        ColumnKind,
        check_on_error,
        read_table,
    )

    mode = check_on_error(on_error)
    chosen, criteria, cited = _criteria(
        _profile(profile),
        on,
        {
            "method": method,
            "lower_percentile": lower_percentile,
            "upper_percentile": upper_percentile,
            "standard_score": standard_score,
            "minimum_peers": minimum_peers,
        },
    )
    service_in = read_table(
        services,
        [
            Column("provider_id", ColumnKind.ID),
            Column("service_category", ColumnKind.LABEL),
            Column("services", ColumnKind.LABEL, required=False),
        ],
        name="services",
    )
    service_in, categories = cols.text_categories(service_in, "service_category")
    counts = None
    if service_in.has("services"):
        integers = _pa().types.is_integer(service_in.column("services").type)
        service_in, counted = cols.decimals(service_in, "services")
        if not integers:  # a column of integers holds whole numbers only
            whole = _whole_column(counted)
            service_in = service_in.reject(~whole, "services {services!s} is not a whole number")
        counts = counted
    service_rows = service_in.check(on_error=mode)
    months_in = read_table(
        member_months,
        [
            Column("provider_id", ColumnKind.ID),
            Column("member_months", ColumnKind.LABEL),
            Column("peer_group", ColumnKind.LABEL, required=False),
        ],
        name="member_months",
    )
    months_in, months_values = cols.decimals(months_in, "member_months")
    months_in, groups = (
        cols.texts(months_in, "peer_group")
        if months_in.has("peer_group")
        else (
            months_in,
            None,
        )
    )
    month_rows = months_in.check(on_error=mode)
    np, pa = _np(), _pa()
    keep_services = service_rows.positions()
    with_months, totals, peer_groups = _provider_member_months(
        month_rows.column("provider_id"),
        months_values.take(pa.array(month_rows.positions())),
        None if groups is None else groups[month_rows.positions()],
    )
    everyone, provider = _all_providers(with_months, service_rows.column("provider_id"))
    names, category = _categories(categories, keep_services)
    # a result row per category and provider, category by category: the services are counted
    # into those cells
    cells = category * len(everyone) + provider
    size = len(names) * len(everyone)
    counted = (
        np.bincount(cells, minlength=size)
        if counts is None
        else _cell_sums(cells, counts.take(pa.array(keep_services)), size)
    )
    services_only: list[None] = [None] * (len(everyone) - len(with_months))
    table = _profile_table(
        everyone,
        totals=[*totals, *services_only],
        peer_groups=[*peer_groups, *services_only],
        categories=names,
        services=counted,
        method=chosen,
        criteria=criteria,
    )
    return ProviderProfiles(
        arrow=table,
        method=chosen,
        criteria=cited,
        services_rows_in=service_rows.rows_in,
        services_rejected=service_rows.rejected,
        member_months_rows_in=month_rows.rows_in,
        member_months_rejected=month_rows.rejected,
    )


def _whole_column(values: Any) -> Any:  # noqa: ANN401 - pyarrow decimal array in, numpy bool out
    """Return which values are whole numbers."""
    pc = _pa().compute
    return _np().asarray(pc.equal(values, pc.floor(values)).to_numpy(zero_copy_only=False))


def _in_order_of_appearance(values: Any) -> tuple[Any, Any, Any]:  # noqa: ANN401 - pyarrow array
    """Return the distinct values (in order of appearance), each row's index among them, their first rows.

    >>> import pyarrow as pa
    >>> distinct, index, first = _in_order_of_appearance(pa.array(["b", "a", "b", "c"]))
    >>> distinct.to_pylist(), index.tolist(), first.tolist()
    (['b', 'a', 'c'], [0, 1, 0, 2], [0, 1, 3])
    """
    np, pa = _np(), _pa()
    encoded = pa.compute.dictionary_encode(values)
    index = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    first = np.full(len(encoded.dictionary), len(index), dtype=np.int64)
    np.minimum.at(first, index, np.arange(len(index)))
    order = np.argsort(first)
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    return encoded.dictionary.take(pa.array(order)), rank[index], first[order]


def _provider_member_months(
    providers: Any,  # noqa: ANN401 - pyarrow array of ids
    values: Any,  # noqa: ANN401 - pyarrow decimal array
    groups: Any,  # noqa: ANN401 - numpy object array of text, or None
) -> tuple[Any, list[Decimal], list[str]]:
    """Return the providers with member months (in order of appearance), their totals and peer groups.

    Member months are summed exactly per provider; the peer group is "all" without the column. A
    provider on rows of two peer groups is an error, named at the first row that differs.
    """
    np, pa = _np(), _pa()
    distinct, index, first = _in_order_of_appearance(providers)
    if groups is None:
        peer_groups = ["all"] * len(distinct)
    else:
        peer_groups = [str(group) for group in groups[first]]
        differs = np.flatnonzero(groups != groups[first][index])
        if len(differs):
            row = int(differs[0])
            raise InvalidInputError(
                f"provider {providers[row].as_py()!r} is in two peer groups "
                f"({peer_groups[index[row]]!r} and {str(groups[row])!r}); give each provider "
                "one peer_group",
                field="peer_group",
                value=str(groups[row]),
            )
    summed = (
        pa.table({"provider": index, "months": values})
        .group_by("provider")
        .aggregate([("months", "sum")])
    )
    totals = [Decimal(0)] * len(distinct)
    for provider, total in zip(
        summed.column("provider").to_pylist(), summed.column("months_sum").to_pylist(), strict=True
    ):
        totals[provider] = total
    # Arrow's decimal sums are exact; the library's 60-digit context is too while every sum stays
    # below 10**30 (30 digits either side of the point). Beyond that, add as the context does.
    if any(total >= _EXACT_SUM_LIMIT for total in totals):
        totals = [Decimal(0)] * len(distinct)
        with exact_context():
            for provider, value in zip(index.tolist(), values.to_pylist(), strict=True):
                totals[provider] += value
    return distinct, totals, peer_groups


def _all_providers(
    month_providers: Any,  # noqa: ANN401 - pyarrow array of ids
    service_providers: Any,  # noqa: ANN401 - pyarrow array of ids, one per service row
) -> tuple[Any, Any]:
    """Return every provider profiled and each service row's index among them.

    The providers with member months come first, then those with services only, each in order of
    appearance. Ids must be whole numbers in both inputs or text in both.
    """
    np, pa = _np(), _pa()
    pc = pa.compute
    kinds = {
        name: "whole numbers" if pa.types.is_integer(ids.type) else "text"
        for name, ids in (("services", service_providers), ("member_months", month_providers))
        if len(ids)
    }
    if len(set(kinds.values())) > 1:
        raise InvalidInputError(
            f"'provider_id' is {kinds['services']} in services but {kinds['member_months']} in "
            "member_months; give both the same kind of provider id (1001 and '1001' would be "
            "different providers)",
            field="provider_id",
            value=kinds,
        )
    kind = pa.large_string() if "text" in kinds.values() else pa.int64()
    month_providers = month_providers.cast(kind)
    distinct, index, _ = _in_order_of_appearance(service_providers.cast(kind))
    services_only = distinct.filter(pc.invert(pc.is_in(distinct, value_set=month_providers)))
    everyone = pa.concat_arrays([month_providers, services_only])
    position = pc.index_in(distinct, value_set=everyone).to_numpy(zero_copy_only=False)
    return everyone, np.asarray(position, dtype=np.int64)[index]


def _categories(found: Categories, rows: Any) -> tuple[list[str], Any]:  # noqa: ANN401
    """Return the service categories used, sorted, and each used row's index among them.

    ``found`` is the category of every input row (labels that differ only in spaces or type are one
    category); ``rows`` the input row of each row used.
    """
    np = _np()
    index = found.index[rows]
    values = found.values()
    used = np.unique(index)
    ordered = sorted({str(values[at]) for at in used})
    position = {name: number for number, name in enumerate(ordered)}
    lookup = np.zeros(len(values), dtype=np.int64)
    lookup[used] = [position[str(values[at])] for at in used]
    return ordered, lookup[index]


def _cell_sums(cells: Any, counts: Any, size: int) -> Any:  # noqa: ANN401 - numpy, pyarrow
    """Return the service counts (whole decimals) summed exactly per cell, as int64."""
    np, pa = _np(), _pa()
    summed = (
        pa.table({"cell": cells, "services": counts})
        .group_by("cell")
        .aggregate([("services", "sum")])
    )
    result = np.zeros(size, dtype=np.int64)
    result[summed.column("cell").to_numpy()] = (
        summed.column("services_sum").cast(pa.int64()).to_numpy()
    )
    return result


def _profile_table(
    everyone: Any,  # noqa: ANN401 - pyarrow array of ids
    *,
    totals: list[Decimal | None],
    peer_groups: list[str | None],
    categories: list[str],
    services: Any,  # noqa: ANN401 - numpy int64, one per category and provider
    method: str,
    criteria: dict[str, Any],
) -> Any:  # noqa: ANN401 - a pyarrow Table
    """Return the profile rows (category by category, providers in order), rated and flagged.

    Rates and flags are exact Decimal arithmetic, one value per row; the counting before them is
    columnar.
    """
    np, pa = _np(), _pa()
    providers, rows = len(everyone), len(categories) * len(everyone)
    provider = np.tile(np.arange(providers), len(categories))
    category = np.repeat(np.arange(len(categories)), providers)
    divisor = {
        number: total for number, total in enumerate(totals) if total is not None and total > 0
    }
    rated = np.zeros(providers, dtype=bool)
    rated[list(divisor)] = True
    assessed = np.flatnonzero(rated[provider])
    with exact_context():
        rates = [
            Decimal(count) * 1000 / divisor[number]
            for count, number in zip(
                services[assessed].tolist(), provider[assessed].tolist(), strict=True
            )
        ]
    shown: dict[str, Any] = {
        name: np.full(rows, None, dtype=object)
        for name in ("rate_per_1000", "norm", "lower", "upper", "standard_score")
    }
    shown["rate_per_1000"][assessed] = _rounded_texts(rates)
    peers = np.full(rows, None, dtype=object)
    flag = np.full(rows, "not_assessed", dtype=object)
    group_number = {group: number for number, group in enumerate(dict.fromkeys(peer_groups))}
    group_code = np.array([group_number[group] for group in peer_groups], dtype=np.int64)
    key = group_code[provider[assessed]] * len(categories) + category[assessed]
    order = np.argsort(key, kind="stable")
    for members in np.split(order, np.flatnonzero(np.diff(key[order])) + 1):
        if not len(members):
            continue
        group_rates = [rates[m] for m in members.tolist()]
        where = assessed[members]
        values = _flag_group(group_rates, method=method, criteria=criteria)
        peers[where] = len(members)
        flag[where] = values.pop("flag")
        for name, value in values.items():
            shown[name][where] = value
    months_shown = pa.array([None if t is None else _shown(t) for t in totals], pa.large_string())
    text = pa.large_string()
    take = pa.array(provider)
    ids = everyone.take(take)
    return pa.table(
        {
            "provider_id": (
                pa.array([]) if not rows else ids.cast(pa.string()) if ids.type == text else ids
            ),
            "peer_group": pa.array(peer_groups, text).take(take),
            "service_category": pa.array(categories, text).take(pa.array(category)),
            "services": pa.array(services, pa.int64()),
            "member_months": months_shown.take(take),
            "rate_per_1000": pa.array(shown["rate_per_1000"], text),
            "peers": pa.array(peers, pa.int64()),
            "norm": pa.array(shown["norm"], text),
            "lower": pa.array(shown["lower"], text),
            "upper": pa.array(shown["upper"], text),
            "standard_score": pa.array(shown["standard_score"], text),
            "flag": pa.array(flag, text),
        }
    )


def _flag_group(rates: list[Decimal], *, method: str, criteria: dict[str, Any]) -> dict[str, Any]:
    """Return a peer group's norm, thresholds and scores as shown, and each rate's flag (in order).

    Flags are decided on the exact values; a group smaller than the minimum is not assessed.
    """
    ordered = sorted(rates)
    norm = _percentile(ordered, Decimal(50))
    if len(rates) < criteria["minimum_peers"]:
        return {"norm": _rounded_texts([norm])[0], "flag": "not_assessed"}
    if method == "percentile":
        lower = _percentile(ordered, criteria["lower_percentile"])
        upper = _percentile(ordered, criteria["upper_percentile"])
        flags = [
            "over" if rate > upper else "under" if rate < lower else "within" for rate in rates
        ]
        shown = _rounded_texts([norm, lower, upper])
        return {"norm": shown[0], "lower": shown[1], "upper": shown[2], "flag": flags}
    k = criteria["standard_score"]
    with exact_context():
        count = Decimal(len(ordered))
        mean = sum(ordered, Decimal(0)) / count
        spread = (sum(((r - mean) ** 2 for r in ordered), Decimal(0)) / count).sqrt()
        scores = [Decimal(0) if spread == 0 else (rate - mean) / spread for rate in rates]
        lower, upper = mean - k * spread, mean + k * spread
    flags = ["over" if score > k else "under" if score < -k else "within" for score in scores]
    shown = _rounded_texts([norm, lower, upper])
    return {
        "norm": shown[0],
        "lower": shown[1],
        "upper": shown[2],
        "standard_score": _rounded_texts(scores),
        "flag": flags,
    }
