"""Provider profiles: utilization per provider and service category against comparable providers.

:func:`provider_profiles` counts each provider's services per 1,000 member months by service
category (:mod:`~tenncare_calc.compliance.utilization.profile_counts`), compares each rate with the
provider's peers by the configurable outlier criteria
(:mod:`~tenncare_calc.compliance.utilization.outliers`) and returns :class:`ProviderProfiles`.
"""

from __future__ import annotations

__all__ = ["ProviderProfiles", "provider_profiles"]

from typing import TYPE_CHECKING, Any, ClassVar, Literal

import attrs

from tenncare_calc.columnar import check_all_read, named_columns
from tenncare_calc.compliance.findings import UM_CLAUSE, DeferredColumns
from tenncare_calc.compliance.findings.deferred import named_column, whole_table
from tenncare_calc.compliance.utilization.outliers import _criteria
from tenncare_calc.compliance.utilization.profile_counts import (
    _rated_profiles,
    _read_services,
)
from tenncare_calc.compliance.utilization.reports import (
    _member_column,
    _parameters_part,
    _profile,
    _rejected_part,
)
from tenncare_calc.core.explanation import Explanation
from tenncare_calc.core.parts import Cell, Column, ColumnType, Table
from tenncare_calc.core.presentable import Presentable

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Mapping

    from tenncare_calc.columnar import OnError
    from tenncare_calc.contract.parameters import ParameterValue
    from tenncare_calc.contract.profile import ContractProfile

#: How provider outliers are judged.
OutlierMethod = Literal["percentile", "standard_score"]


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

    #: Who is profiled, and the column of their ids (enrollee profiles say ``enrollee``).
    subject: ClassVar[str] = "provider"
    id_column: ClassVar[str] = "provider_id"

    #: The profiles: a pyarrow Table, or the :class:`DeferredColumns` it is built from when read.
    _arrow: Any = attrs.field(alias="arrow", repr=False, eq=whole_table)
    method: str
    criteria: tuple[ParameterValue, ...] = attrs.field(repr=False)
    services_rows_in: int
    services_rejected: Any = attrs.field(repr=False, eq=False)
    member_months_rows_in: int
    member_months_rejected: Any = attrs.field(repr=False, eq=False)

    @property
    def arrow(self) -> Any:  # noqa: ANN401 - a pyarrow Table
        """Return the profiles as a pyarrow Table, every column computed (once, when first read).

        The flags are computed at once; the figures shown with them (member months, rates,
        norms, lines and scores) the first time the whole table is asked for, or one column
        alone by :meth:`column`.
        """
        if isinstance(self._arrow, DeferredColumns):
            object.__setattr__(self, "_arrow", self._arrow.table())  # a cache: frozen otherwise
        return self._arrow

    def column(self, name: str) -> Any:  # noqa: ANN401 - a pyarrow ChunkedArray
        """Return the profiles' column ``name``, computing only it if it is not computed yet.

        The verdict (``flag``, with the ids, categories, services and peers) costs nothing more
        to read; a figure column is computed when first read.

        >>> services = {"provider_id": ["p1", "p2"], "service_category": ["office"] * 2}
        >>> months = {"provider_id": ["p1", "p2"], "member_months": [10, 20]}
        >>> provider_profiles(services, months).column("flag").to_pylist()
        ['not_assessed', 'not_assessed']
        """
        return named_column(self._arrow, name, what="profiles")

    def counts(self) -> dict[str, int]:
        """Return how many provider-category rows carry each flag."""
        found = dict.fromkeys(("over", "under", "within", "not_assessed"), 0)
        for counted in self.column("flag").value_counts().to_pylist():
            found[counted["values"]] += counted["counts"]
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
        ids = self.arrow.column(self.id_column).to_pylist()
        columns = {**PROFILE_COLUMNS, self.id_column: _member_column(ids, self.id_column)}
        return (
            Table(
                "summary",
                f"{self.subject.capitalize()} utilization profiles",
                PROFILE_SUMMARY_COLUMNS,
                (summary,),
                record=True,
            ),
            arrow_part(
                self.arrow,
                "profiles",
                f"Utilization by {self.subject} and category",
                columns=columns,
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

        text = Explanation(f"{self.subject.capitalize()} utilization profiles  [{UM_CLAUSE}]")
        text.add("services:")
        explain_rejected(text, self.services_rejected, self.services_rows_in, indent=2)
        text.add("member months:")
        explain_rejected(text, self.member_months_rejected, self.member_months_rows_in, indent=2)
        if self.method == "percentile":
            text.add(
                f"criteria: a rate above the upper percentile of comparable {self.subject}s (same "
                "peer group and service category) is over-utilization, below the lower percentile "
                "under-utilization (percentiles by linear interpolation between ranks)"
            )
        else:
            text.add(
                "criteria: a rate more than the standard score of standard deviations above "
                f"(below) the mean of comparable {self.subject}s is over- (under-) utilization "
                "(population standard deviation)"
            )
        for flag, count in self.counts().items():
            text.add(f"{flag.replace('_', ' ')}: {count:,}")
        for row in self.outliers()[:limit]:
            text.add(
                f"{self.subject} {row[self.id_column]}, {row['service_category']}: "
                f"{row['rate_per_1000']} per 1,000 member months, {row['flag']} "
                f"(norm {row['norm']}, thresholds {row['lower']} to {row['upper']})",
                indent=2,
            )
        for parameter in self.criteria:
            text.add(f"parameter: {parameter.provenance()}")
        return text.render()


def provider_profiles(
    services: object,
    member_months: object,
    *,
    columns: Mapping[str, str] | None = None,
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
    columns
        Your column names for the library's, in every table it reads
        (:mod:`tenncare_calc.columnar.column_mapping`).

    Examples
    --------
    >>> services = {"provider_id": ["p1"] * 30 + ["p2"] * 10 + ["p3"] * 11 + ["p4"] * 9 + ["p5"],
    ...     "service_category": ["office"] * 61}
    >>> months = {"provider_id": ["p1", "p2", "p3", "p4", "p5"], "member_months": [1000] * 5}
    >>> result = provider_profiles(services, months)
    >>> [(r["provider_id"], r["rate_per_1000"], r["flag"]) for r in result.outliers()]
    [('p1', '30', 'over'), ('p5', '1', 'under')]

    """
    services = named_columns(services, columns, name="services", strict=False)
    member_months = named_columns(member_months, columns, name="member_months", strict=False)
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
    service_rows, categories, counts = _read_services(services, "provider_id", mode)
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
    table = _rated_profiles(
        service_rows,
        categories,
        counts,
        month_rows,
        months_values=months_values,
        groups=None if groups is None else groups[month_rows.positions()],
        method=chosen,
        criteria=criteria,
        id_name="provider_id",
    )
    check_all_read((services, member_months), columns, name="provider profiles")
    return ProviderProfiles(
        arrow=table,
        method=chosen,
        criteria=cited,
        services_rows_in=service_rows.rows_in,
        services_rejected=service_rows.rejected,
        member_months_rows_in=month_rows.rows_in,
        member_months_rejected=month_rows.rejected,
    )
