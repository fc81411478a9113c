"""The counts of index episodes of one population and its community-tenure rate (§3.10.4).

:class:`TenureCounts` holds the complete index episodes (the denominator), those readmitted within
the window and the incomplete ones (excluded from both, ruling P7), for all stays or one plan; the
rate is the percentage of the denominator not readmitted, exact in the library's 60-digit context.

>>> counts = TenureCounts(denominator=4, readmitted=1, incomplete=2)
>>> counts.rate, counts.not_readmitted, counts.index_episodes
(Decimal('75'), 3, 6)
>>> counts.describe()
'3 not readmitted / 4 complete index episodes x 100 = 75% (1 readmitted; 2 incomplete, excluded)'
"""

from __future__ import annotations

__all__ = ["TenureCounts"]

from decimal import Decimal
from typing import Any

import attrs

from tenncare_calc.core.errors import InvalidValueError
from tenncare_calc.core.values import HUNDRED, exact_context, format_rate


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

    def describe(self, places: int = 6) -> str:
        """Return the counts and the rate's arithmetic as one line (the rate to ``places``)."""
        if not self.denominator:
            return f"0 complete index episodes ({self.incomplete:,} incomplete): rate undefined"
        rate = self.rate
        with exact_context():
            shown = rate.quantize(Decimal(1).scaleb(-places))
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
