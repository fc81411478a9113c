"""Rates per 1,000 member months as scaled integers: their shown texts and their order.

A profile's rate is ``services * 1000 / member_months``, an exact fraction when the member months
are decimals of a few places. :func:`scaled_rates` writes them as integers (numerator and
denominator), so that:

* each rate's text (4 places, half-up) is integer arithmetic: the same text as rounding the
  library's 60-digit Decimal rate, which differs from the fraction by less than a part in
  10**59, while a fraction of numerator below 10**55 that is not on a half-way point stands
  further from it (so both round alike), and one on it is exact in 60 digits;
* a peer group's rates are put in order once, by ``float`` (monotone: a larger fraction is never a
  smaller float), ties checked exactly by cross-multiplying; the Decimal rate is then computed only
  at the ranks a percentile or a line needs (:class:`RankedRates`).

>>> import numpy as np
>>> from decimal import Decimal
>>> totals = {0: Decimal(1000), 1: Decimal("7.5"), 2: Decimal(3)}
>>> rates = scaled_rates(np.array([3, 0, 1, 2]), np.array([0, 1, 2, 1]), totals)
>>> rate_texts(rates).to_pylist()
['3', '0', '333.3333', '266.6667']
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any, Protocol

from tenncare_calc.compliance.utilization.reports import _np, _pa
from tenncare_calc.core.errors import require
from tenncare_calc.core.values import exact_context

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

#: The largest scale of member months written as integers (more places: the Decimal path).
_MOST_PLACES = 6
#: Integers whose products stay below this fit numpy's int64.
_INT64 = 2**62
#: Whole numbers from this on are not all exact as float64 (53 bits of significand).
_EXACT_FLOAT = 2**53


class OrderedRates(Protocol):
    """Rates in ascending order, read by rank: a list of Decimals, or :class:`RankedRates`."""

    def __len__(self) -> int:
        """Return how many rates there are."""
        ...

    def __getitem__(self, rank: int, /) -> Decimal:
        """Return the rate at ``rank`` (negative: from the end)."""
        ...


class ScaledRates:
    """Rates ``services * 1000 / member_months`` as integers, with the Decimal member months.

    ``counts`` (services) and ``months`` (member months times ``10**places``) are int64 arrays,
    one per rated row; ``subjects`` each row's subject, whose Decimal member months ``totals``
    gives: from them the library's Decimal rate is computed where one is needed
    (:meth:`decimal`).
    """

    __slots__ = ("counts", "months", "places", "subjects", "totals")

    def __init__(
        self,
        counts: Any,  # noqa: ANN401 - numpy int64
        months: Any,  # noqa: ANN401 - numpy int64
        places: int,
        subjects: Any,  # noqa: ANN401 - numpy int64
        totals: Mapping[int, Decimal],
    ) -> None:
        """Keep the integers and the Decimal member months."""
        self.counts, self.months, self.places = counts, months, places
        self.subjects, self.totals = subjects, totals

    def decimal(self, row: int) -> Decimal:
        """Return row ``row``'s rate as the library computes it (60-digit Decimal arithmetic)."""
        with exact_context():
            return Decimal(int(self.counts[row])) * 1000 / self.totals[int(self.subjects[row])]

    def decimals(self, rows: Any) -> list[Decimal]:  # noqa: ANN401 - numpy int64
        """Return :meth:`decimal` of each of ``rows``, in one decimal context."""
        totals = self.totals
        with exact_context():
            return [
                Decimal(count) * 1000 / totals[subject]
                for count, subject in zip(
                    self.counts[rows].tolist(), self.subjects[rows].tolist(), strict=True
                )
            ]


def scaled_rates(
    counts: Any,  # noqa: ANN401 - numpy int64, one per rated row
    subjects: Any,  # noqa: ANN401 - numpy int64, each row's subject
    totals: Mapping[int, Decimal],
) -> ScaledRates | None:
    """Return the rates of ``counts`` services over each subject's ``totals`` (> 0) as integers.

    None when the member months have more than a few places, the integers would not fit int64
    arithmetic, or the scaled months reach 2**53 (no longer exact floats): the caller computes
    each rate as a Decimal instead.
    """
    np = _np()
    if not totals:
        return None
    with exact_context():  # 60 digits: every total of the 60-digit columns, exactly
        scaled = {subject: int(total) for subject, total in totals.items()}
        places = 0
        if any(
            whole != total for whole, total in zip(scaled.values(), totals.values(), strict=True)
        ):
            exponents = [total.normalize().as_tuple().exponent for total in totals.values()]
            places = max([0, *(-int(e) for e in exponents)])
            if places > _MOST_PLACES:
                return None
            scaled = {subject: int(total.scaleb(places)) for subject, total in totals.items()}
    largest_months = max(scaled.values())
    largest_count = int(counts.max()) if len(counts) else 0
    # 2 * count * 10**(7 + places) + months for the texts; count * months for the order; and
    # months a float holds exactly, so the float rates (count / months, rounded once) are in the
    # fractions' order (months rounded first could put a larger fraction before a smaller)
    if (
        largest_count * 10 ** (7 + places) * 2 + largest_months >= _INT64
        or largest_count * largest_months >= _INT64
        or largest_months >= _EXACT_FLOAT
    ):
        return None
    by_subject = np.zeros(max(scaled) + 1, dtype=np.int64)
    by_subject[list(scaled)] = list(scaled.values())
    number = np.asarray(counts, dtype=np.int64)
    return ScaledRates(number, by_subject[subjects], places, subjects, totals)


def rate_texts(rates: ScaledRates) -> Any:  # noqa: ANN401 - a pyarrow large_string array
    """Return each rate to 4 places half-up, without trailing zeros (``26.2``, ``30``, ``0``).

    ``rate * 10**4`` is ``count * 10**(7 + places) / months``; half-up is
    ``(2 * numerator + months) // (2 * months)``.
    """
    numerator = rates.counts * 10 ** (7 + rates.places)
    return ten_thousandths_texts((2 * numerator + rates.months) // (2 * rates.months))


def ten_thousandths_texts(numbers: Any) -> Any:  # noqa: ANN401 - numpy int64 in, pyarrow out
    """Return whole numbers of ten-thousandths as decimal texts without trailing zeros.

    >>> import numpy as np
    >>> ten_thousandths_texts(np.array([262000, 0, -5000, -12345, 3])).to_pylist()
    ['26.2', '0', '-0.5', '-1.2345', '0.0003']
    """
    np, pa = _np(), _pa()
    pc = require("pyarrow.compute", extra="data", purpose="profiling utilization")
    text = pa.large_string()
    size = np.abs(numbers)
    whole = pa.array(size // 10_000).cast(text)
    # the 4 places after a leading 1 (1_0500 -> "10500" -> "0500"), trailing zeros dropped
    places = pc.utf8_rtrim(
        pc.utf8_slice_codeunits(pa.array(size % 10_000 + 10_000).cast(text), 1),
        characters="0",
    )
    joined = pc.binary_join_element_wise(whole, places, pa.scalar(".", text))
    shown = pc.if_else(pc.equal(places, ""), whole, joined)
    if not (numbers < 0).any():
        return shown.cast(text)
    signed = pc.binary_join_element_wise(pa.scalar("-", text), shown, pa.scalar("", text))
    return pc.if_else(pa.array(numbers < 0), signed, shown).cast(text)


class RankedRates:
    """A peer group's rates in ascending order, each Decimal rate computed when first read.

    ``order`` lists the group's rows (positions in ``rates``) from the lowest rate to the
    highest; ``len`` and ``[i]`` read it as the sorted list of Decimal rates that
    :func:`~tenncare_calc.compliance.utilization.outliers._percentile` takes.
    """

    __slots__ = ("_found", "order", "rates")

    def __init__(self, rates: ScaledRates, order: Any) -> None:  # noqa: ANN401 - numpy int64
        """Keep the rates and the group's order."""
        self.rates, self.order = rates, order
        self._found: dict[int, Decimal] = {}

    def __len__(self) -> int:
        """Return how many rates the group has."""
        return len(self.order)

    def __getitem__(self, rank: int) -> Decimal:
        """Return the Decimal rate at ``rank`` in ascending order (negative: from the end)."""
        row = int(self.order[rank])
        if row not in self._found:
            self._found[row] = self.rates.decimal(row)
        return self._found[row]


def first_rank(
    values: OrderedRates,
    passes: Callable[[Decimal], bool],
    low: int = 0,
    high: int | None = None,
) -> int:
    """Return the lowest rank whose value ``passes`` (a test true from some rank on), or the length.

    ``low`` and ``high`` narrow the search to ranks from ``low`` (those before it known not to
    pass) to ``high`` (those from it known to pass); ``high`` is returned when none between does.

    >>> from decimal import Decimal
    >>> first_rank([Decimal(1), Decimal(4), Decimal(9)], lambda value: value > 3)
    1
    >>> first_rank([Decimal(1), Decimal(4), Decimal(9)], lambda value: value > 3, 2, 3)
    2
    """
    high = len(values) if high is None else high
    while low < high:
        middle = (low + high) // 2
        if passes(values[middle]):
            high = middle
        else:
            low = middle + 1
    return low


def ranked(rates: ScaledRates, members: Any) -> RankedRates | None:  # noqa: ANN401 - numpy
    """Return a peer group's rates (``members``: their rows) in ascending order, or None.

    Sorted by ``float`` (a larger fraction is never a smaller float); rows with equal floats
    must be equal fractions (checked exactly, ``count * months`` crossed), else None: the caller
    sorts the Decimal rates instead.
    """
    np = _np()
    counts, months = rates.counts[members], rates.months[members]
    floats = counts.astype(np.float64) / months.astype(np.float64)
    order = np.argsort(floats, kind="stable")
    ordered = floats[order]
    ties = np.flatnonzero(ordered[1:] == ordered[:-1])
    if len(ties):
        first, second = order[ties], order[ties + 1]
        if (counts[first] * months[second] != counts[second] * months[first]).any():
            return None
    return RankedRates(rates, members[order])
