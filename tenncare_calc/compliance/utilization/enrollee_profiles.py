"""Enrollee profiles: each enrollee's utilization against comparable enrollees (the UM clause).

The clause's policies "Detect over- and under-utilization" and "Compare Enrollee and provider
utilization with norms for comparable individuals and Network Providers". :func:`enrollee_profiles`
counts each enrollee's services per 1,000 member months by service category and compares the rate
with the rates of comparable enrollees, flagging over- and under-utilization by the **same**
configurable outlier criteria as the provider profiles (``utilization.outlier_*``, applied by
:mod:`~tenncare_calc.compliance.utilization.outliers`). Who is comparable is configurable too:
the enrollees sharing the values of ``utilization.enrollee_peer_columns`` (default: the same
``age_band`` and eligibility ``category``). An enrollee table with ages instead of bands is banded
by ``utilization.enrollee_age_bands``.
"""

from __future__ import annotations

__all__ = ["EnrolleeProfiles", "enrollee_profiles"]

from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from tenncare_calc.columnar import check_all_read, named_columns
from tenncare_calc.compliance.utilization.outliers import _criteria
from tenncare_calc.compliance.utilization.profile_counts import _rated_profiles, _read_services
from tenncare_calc.compliance.utilization.profiles import OutlierMethod, ProviderProfiles
from tenncare_calc.compliance.utilization.reports import _np, _profile
from tenncare_calc.core.errors import InvalidInputError, InvalidTypeError

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Mapping, Sequence

    from tenncare_calc.columnar import OnError, TableInput
    from tenncare_calc.compliance.section import AgeBands
    from tenncare_calc.contract.parameters import ParameterValue
    from tenncare_calc.contract.profile import ContractProfile


@attrs.frozen
class EnrolleeProfiles(ProviderProfiles):
    """Utilization per enrollee and service category against comparable enrollees.

    The parts and columns are those of
    :class:`~tenncare_calc.compliance.utilization.profiles.ProviderProfiles`, with ``member_id``
    for ``provider_id``; ``peer_group`` holds the enrollee's values of the peer columns joined by
    `` / `` (``21-44 / SSI``), and ``peer_columns`` names them. The ``member_months`` inputs of the
    summary are the enrollee table's rows.
    """

    subject: ClassVar[str] = "enrollee"
    id_column: ClassVar[str] = "member_id"

    peer_columns: tuple[str, ...] = ()


def _peer_columns(
    profile: ContractProfile, given: Sequence[str] | None, on: dt.date | None
) -> tuple[tuple[str, ...], ParameterValue | None]:
    if given is None:
        parameter = profile.get("utilization.enrollee_peer_columns", on=on)
        return tuple(parameter.value), parameter
    if isinstance(given, str) or not all(isinstance(name, str) and name for name in given):
        raise InvalidTypeError(
            f"'peer_columns' must be a list of column names such as ['age_band', 'category'] "
            f"(got {given!r})",
            field="peer_columns",
            value=given,
        )
    return tuple(given), None


def _age_bands(table: TableInput, bands: AgeBands) -> tuple[TableInput, Any]:
    """Return each row's age band from its ``age`` (whole years), labelled as the bands say."""
    from tenncare_calc import columnar as cols  # noqa: PLC0415 - needs the data extra

    np = _np()
    table, ages = cols.decimal_categories(table, "age")
    values = ages.values()
    whole = [value == value.to_integral_value() for value in values]
    table = table.reject(~ages.rows_where(whole), "age {age!s} is not a whole number of years")
    labels = [
        bands.label(int(value)) if ok else "" for value, ok in zip(values, whole, strict=True)
    ]
    return table, np.asarray(labels, dtype=object)[ages.index]


def enrollee_profiles(
    services: object,
    enrollees: object,
    *,
    columns: Mapping[str, str] | None = None,
    peer_columns: Sequence[str] | None = None,
    method: OutlierMethod | None = None,
    lower_percentile: object = None,
    upper_percentile: object = None,
    standard_score: object = None,
    minimum_peers: int | None = None,
    on: dt.date | None = None,
    profile: ContractProfile | None = None,
    on_error: OnError = "raise",
) -> EnrolleeProfiles:
    """Return enrollee utilization profiles with over- and under-utilization flags (UM clause).

    Parameters
    ----------
    services
        One row per service (or per count): ``member_id``, ``service_category``, optionally
        ``services`` (a whole number of services on the row; 1 when absent).
    enrollees
        ``member_id``, ``member_months`` (>= 0, summed per enrollee) and the peer columns. Every
        enrollee here is profiled in every category (a category with no services is a rate of 0,
        which is how under-utilization shows). When ``age_band`` is a peer column and the table
        has ``age`` instead, the band comes from ``utilization.enrollee_age_bands``.
    peer_columns
        The columns whose values make enrollees comparable (default: the profile's
        ``utilization.enrollee_peer_columns``, ``age_band`` and ``category``); ``[]`` puts every
        enrollee in one group. A null or empty value rejects the row.
    method, lower_percentile, upper_percentile, standard_score, minimum_peers
        The outlier criteria, as for
        :func:`~tenncare_calc.compliance.utilization.profiles.provider_profiles` (the same
        ``utilization.outlier_*`` parameters by default).
    columns
        Your column names for the library's, in every table it reads
        (:mod:`tenncare_calc.columnar.column_mapping`).

    Examples
    --------
    >>> services = {"member_id": [1] * 30 + [2] * 10 + [3] * 11 + [4] * 9 + [5] + [6] * 4,
    ...     "service_category": ["office"] * 65}
    >>> people = {"member_id": [1, 2, 3, 4, 5, 6], "member_months": [12] * 6,
    ...     "age": [30, 31, 40, 44, 22, 70], "category": ["SSI"] * 6}
    >>> result = enrollee_profiles(services, people)
    >>> [(r["member_id"], r["peer_group"], r["flag"]) for r in result.outliers()]
    [(1, '21-44 / SSI', 'over'), (5, '21-44 / SSI', 'under')]
    >>> result.counts()
    {'over': 1, 'under': 1, 'within': 3, 'not_assessed': 1}
    """
    services = named_columns(services, columns, name="services", strict=False)
    enrollees = named_columns(enrollees, columns, name="enrollees", strict=False)
    from tenncare_calc import columnar as cols  # noqa: PLC0415 - needs the data extra
    from tenncare_calc.columnar import (  # noqa: PLC0415 - needs the data extra
        Column,
        ColumnKind,
        check_on_error,
        read_table,
    )

    np = _np()
    mode = check_on_error(on_error)
    chosen_profile = _profile(profile)
    chosen, criteria, cited = _criteria(
        chosen_profile,
        on,
        {
            "method": method,
            "lower_percentile": lower_percentile,
            "upper_percentile": upper_percentile,
            "standard_score": standard_score,
            "minimum_peers": minimum_peers,
        },
    )
    peers, peers_parameter = _peer_columns(chosen_profile, peer_columns, on)
    if clash := sorted(set(peers) & {"member_id", "member_months"}):
        raise InvalidInputError(
            f"'peer_columns' may not name {clash}: they are the enrollee's id and member months",
            field="peer_columns",
            value=list(peers),
        )
    service_rows, categories, counts = _read_services(services, "member_id", mode)
    wanted = [Column(name, ColumnKind.LABEL, required=False) for name in dict.fromkeys(peers)]
    age_column = [Column("age", ColumnKind.LABEL, required=False)] if "age" not in peers else []
    people = read_table(
        enrollees,
        [
            Column("member_id", ColumnKind.ID),
            Column("member_months", ColumnKind.LABEL),
            *wanted,
            *age_column,
        ],
        name="enrollees",
    )
    people, months_values = cols.decimals(people, "member_months")
    labels = []
    banded = None
    for name in peers:
        if name == "age_band" and not people.has(name) and people.has("age"):
            banded = chosen_profile.get("utilization.enrollee_age_bands", on=on)
            people, values = _age_bands(people, banded.value)
        elif not people.has(name):
            raise InvalidInputError(
                f"'enrollees' lacks the peer column {name!r}"
                + (" (or 'age' to band)" if name == "age_band" else ""),
                field=name,
                value=name,
            )
        else:
            people, values = cols.texts(people, name)
        labels.append(values)
    people_rows = people.check(on_error=mode)
    positions = people_rows.positions()
    groups = None
    if labels:
        rows = zip(*(values[positions] for values in labels), strict=True)
        groups = np.array([" / ".join(str(value) for value in row) for row in rows], dtype=object)
    table = _rated_profiles(
        service_rows,
        categories,
        counts,
        people_rows,
        months_values=months_values,
        groups=groups,
        method=chosen,
        criteria=criteria,
        id_name="member_id",
        noun="enrollee",
        months_name="enrollees",
    )
    extra = tuple(p for p in (peers_parameter, banded) if p is not None)
    check_all_read((services, enrollees), columns, name="enrollee profiles")
    return EnrolleeProfiles(
        arrow=table,
        method=chosen,
        criteria=(*cited, *extra),
        services_rows_in=service_rows.rows_in,
        services_rejected=service_rows.rejected,
        member_months_rows_in=people_rows.rows_in,
        member_months_rejected=people_rows.rejected,
        peer_columns=peers,
    )
