"""The counts behind provider profiles: services per provider and category, and member months.

Columnar steps of :func:`~tenncare_calc.compliance.utilization.profiles.provider_profiles`:
every provider profiled (those with member months, then those with services only), each service
row's category, the services summed per provider and category, and the member months summed
exactly per provider with its peer group.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from tenncare_calc.compliance.utilization.reports import _np, _pa
from tenncare_calc.core.errors import InvalidInputError
from tenncare_calc.core.values import exact_context

if TYPE_CHECKING:
    from tenncare_calc.columnar import Categories

#: Sums of member months below this are exact in the library's 60-digit decimal context.
_EXACT_SUM_LIMIT = Decimal(10) ** 30


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
