"""The counts behind provider and enrollee profiles: services per subject and category, member months.

Columnar steps of :func:`~tenncare_calc.compliance.utilization.profiles.provider_profiles`:
every provider profiled (those with member months, then those with services only), each service
row's category, the services summed per provider and category, and the member months summed
exactly per provider with its peer group.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from tenncare_calc.compliance.utilization.profile_table import _profile_table
from tenncare_calc.compliance.utilization.reports import _np, _pa
from tenncare_calc.core.errors import InvalidInputError
from tenncare_calc.core.values import exact_context

if TYPE_CHECKING:
    from tenncare_calc.columnar import Categories, OnError

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
    if pa.types.is_integer(values.type) and not values.null_count and len(values):
        whole = _integers_in_order(values)
        if whole is not None:
            return whole
    encoded = pa.compute.dictionary_encode(values)
    index = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    first = np.full(len(encoded.dictionary), len(index), dtype=np.int64)
    np.minimum.at(first, index, np.arange(len(index)))
    order = np.argsort(first)
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    return encoded.dictionary.take(pa.array(order)), rank[index], first[order]


def _integers_in_order(values: Any) -> tuple[Any, Any, Any] | None:  # noqa: ANN401 - pyarrow
    """Return :func:`_in_order_of_appearance` of whole-number ids in a narrow range, else None.

    Ids within a few times the number of rows of each other are told apart by their offset from
    the smallest (no hash table); the distinct ids, each row's index and the first rows are those
    of the dictionary encoding.

    >>> import pyarrow as pa
    >>> distinct, index, first = _integers_in_order(pa.array([7, 5, 7, 9]))
    >>> distinct.to_pylist(), index.tolist(), first.tolist()
    ([7, 5, 9], [0, 1, 0, 2], [0, 1, 3])
    """
    np, pa = _np(), _pa()
    ids = np.asarray(values.to_numpy(zero_copy_only=False))
    low, high = int(ids.min()), int(ids.max())
    if high - low > 4 * len(ids) + 1024:
        return None
    offset = (ids - low).astype(np.int64)
    first = np.full(high - low + 1, len(ids), dtype=np.int64)
    np.minimum.at(first, offset, np.arange(len(ids)))
    present = np.flatnonzero(first < len(ids))
    order = present[np.argsort(first[present], kind="stable")]
    rank = np.empty(len(first), dtype=np.int64)
    rank[order] = np.arange(len(order))
    distinct = values.take(pa.array(first[order]))
    return distinct, rank[offset], first[order]


def _provider_member_months(
    providers: Any,  # noqa: ANN401 - pyarrow array of ids
    values: Any,  # noqa: ANN401 - pyarrow decimal array
    groups: Any,  # noqa: ANN401 - numpy object array of text, or None
    *,
    noun: str = "provider",
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
                f"{noun} {providers[row].as_py()!r} is in two peer groups "
                f"({peer_groups[index[row]]!r} and {str(groups[row])!r}); give each {noun} "
                "one peer group",
                field="peer_group",
                value=str(groups[row]),
            )
    summed = (
        pa.table({"provider": index, "months": values})
        .group_by("provider")
        .aggregate([("months", "sum")])
    )
    sums = summed.column("months_sum")
    try:  # whole member months (as they usually are) as integers, not 76-digit decimals read
        found = [Decimal(total) for total in pa.compute.cast(sums, pa.int64()).to_pylist()]
    except pa.ArrowInvalid:  # a fraction, or beyond int64: as Arrow's exact decimals
        found = sums.to_pylist()
    totals = [Decimal(0)] * len(distinct)
    for provider, total in zip(summed.column("provider").to_pylist(), found, strict=True):
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
    appearance. The ids are of one kind (:func:`_same_kind`).
    """
    np, pa = _np(), _pa()
    pc = pa.compute
    narrow = _narrow_positions(month_providers, service_providers)
    if narrow is not None:
        return narrow
    distinct, index, _ = _in_order_of_appearance(service_providers)
    services_only = distinct.filter(pc.invert(pc.is_in(distinct, value_set=month_providers)))
    everyone = pa.concat_arrays([month_providers, services_only])
    position = pc.index_in(distinct, value_set=everyone).to_numpy(zero_copy_only=False)
    return everyone, np.asarray(position, dtype=np.int64)[index]


def _same_kind(
    month_providers: Any,  # noqa: ANN401 - pyarrow array of ids
    service_providers: Any,  # noqa: ANN401 - pyarrow array of ids, one per service row
    *,
    id_name: str = "provider_id",
    months_name: str = "member_months",
) -> tuple[Any, Any]:
    """Return both inputs' ids as int64, or both as large strings.

    Ids must be whole numbers in both inputs or text in both.
    """
    pa = _pa()
    kinds = {
        name: "whole numbers" if pa.types.is_integer(ids.type) else "text"
        for name, ids in (("services", service_providers), (months_name, month_providers))
        if len(ids)
    }
    if len(set(kinds.values())) > 1:
        raise InvalidInputError(
            f"{id_name!r} is {kinds['services']} in services but {kinds[months_name]} in "
            f"{months_name}; give both the same kind of id (1001 and '1001' would be "
            "different ones)",
            field=id_name,
            value=kinds,
        )
    kind = pa.large_string() if "text" in kinds.values() else pa.int64()
    return month_providers.cast(kind), service_providers.cast(kind)


#: At most this many providers with services only are found by a search each.
_FEW_SEARCHED = 8


def _counted_by_offset(
    months: Any,  # noqa: ANN401 - pyarrow int64 ids, distinct, with member months
    services: Any,  # noqa: ANN401 - pyarrow int64 ids, one per service row
    index: Any,  # noqa: ANN401 - numpy int64: each service row's label
    labels: int,
) -> tuple[Any, Any] | None:
    """Return every provider profiled and the service rows counted per label and provider.

    As :func:`_all_providers` then a count per label and provider, without a provider looked up
    for each row: whole-number ids within a few times the rows of each other are counted at
    their offset from the smallest id, and the offsets counted that no provider with member
    months holds are the providers with services only (in order of first appearance, each
    found by a search when they are few). None when the ids are not such.

    >>> import numpy as np, pyarrow as pa
    >>> everyone, counted = _counted_by_offset(
    ...     pa.array([7, 5]), pa.array([5, 9, 7, 9, 8]), np.array([0, 1, 1, 0, 0]), 2)
    >>> everyone.to_pylist(), counted.tolist()
    ([7, 5, 9, 8], [[0, 1, 1, 1], [1, 0, 1, 0]])
    """
    np, pa = _np(), _pa()
    if not pa.types.is_integer(services.type) or not len(services) or services.null_count:
        return None
    ids, known, low, high = _id_range(services, months)
    span = high - low + 1
    if months.null_count or labels * span > 4 * len(ids) + 4096:
        return None
    offsets = ids - low if low else ids
    counted = np.bincount(index * span + offsets, minlength=labels * span).reshape(labels, span)
    subject = np.full(span, -1, dtype=np.int64)
    subject[known - low] = np.arange(len(known), dtype=np.int64)
    only = np.flatnonzero(counted.any(0) & (subject < 0))
    if len(only) > _FEW_SEARCHED:
        rows = np.flatnonzero(subject[offsets] < 0)
        first = np.full(span, len(ids), dtype=np.int64)
        np.minimum.at(first, offsets[rows], rows)
        only = only[np.argsort(first[only], kind="stable")]
    elif len(only):
        found = [pa.compute.index(services, low + offset).as_py() for offset in only.tolist()]
        only = only[np.argsort(found, kind="stable")]
    everyone = pa.concat_arrays([months, pa.array(only + low, months.type)])
    return everyone, counted[:, np.r_[known - low, only]]


def _id_range(services: Any, months: Any) -> tuple[Any, Any, int, int]:  # noqa: ANN401
    """Return whole-number ids of services and of member months (numpy int64), and their range.

    >>> import pyarrow as pa
    >>> ids, known, low, high = _id_range(pa.array([5, 9]), pa.array([7, 3]))
    >>> ids.tolist(), known.tolist(), low, high
    ([5, 9], [7, 3], 3, 9)
    """
    np = _np()
    ids = np.asarray(services.to_numpy(zero_copy_only=False), dtype=np.int64)
    known = np.asarray(months.to_numpy(zero_copy_only=False), dtype=np.int64)
    low, high = int(ids.min()), int(ids.max())
    if len(known):
        low, high = min(low, int(known.min())), max(high, int(known.max()))
    return ids, known, low, high


def _narrow_positions(months: Any, services: Any) -> tuple[Any, Any] | None:  # noqa: ANN401
    """Return :func:`_all_providers` of whole-number ids in a narrow range, by a lookup table.

    Each id with member months (distinct, in order) is written at its offset from the smallest
    id in a table; each service row looks its id up there, and only the rows of providers with
    services alone are encoded (in order of appearance, after the others). None when the ids
    are not whole numbers without nulls within a few times the rows of each other.

    >>> import pyarrow as pa
    >>> everyone, position = _narrow_positions(pa.array([7, 5]), pa.array([5, 9, 7, 9, 8]))
    >>> everyone.to_pylist(), position.tolist()
    ([7, 5, 9, 8], [1, 2, 0, 2, 3])
    """
    np, pa = _np(), _pa()
    if (
        not pa.types.is_integer(services.type)
        or not len(services)
        or services.null_count
        or months.null_count
    ):
        return None
    ids, known, low, high = _id_range(services, months)
    if high - low > 4 * len(ids) + 1024:
        return None
    table = np.full(high - low + 1, -1, dtype=np.int64)
    table[known - low] = np.arange(len(known), dtype=np.int64)
    position = table[ids - low if low else ids]
    missing = np.flatnonzero(position < 0)
    if not len(missing):
        return months, position
    others, index, _ = _in_order_of_appearance(services.take(pa.array(missing)))
    position[missing] = len(known) + index
    return pa.concat_arrays([months, others.cast(months.type)]), position


def _categories(found: Categories, used: Any) -> tuple[list[str], Any]:  # noqa: ANN401
    """Return the service categories used, sorted, and each distinct value's index among them.

    ``found`` is the category of every input row (labels that differ only in spaces or type are one
    category); ``used`` says which of its distinct values a used row holds. A value not used
    has the index 0 (no row reads it).
    """
    np = _np()
    values = found.values()
    present = np.flatnonzero(used)
    ordered = sorted({str(values[at]) for at in present})
    position = {name: number for number, name in enumerate(ordered)}
    lookup = np.zeros(len(values), dtype=np.int64)
    lookup[present] = [position[str(values[at])] for at in present]
    return ordered, lookup


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


def _read_services(services: object, id_name: str, mode: OnError) -> tuple[Any, Any, Any]:
    """Return the usable service rows, their categories and their counts (``None``: 1 a row).

    Shared by the provider and the enrollee profiles: ``id_name``, ``service_category`` and
    optionally ``services`` (a whole number of services on the row).
    """
    from tenncare_calc import columnar as cols  # noqa: PLC0415 - needs the data extra
    from tenncare_calc.columnar import Column, ColumnKind, read_table  # noqa: PLC0415

    service_in = read_table(
        services,
        [
            Column(id_name, ColumnKind.ID),
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
    return service_in.check(on_error=mode), categories, counts


def _rated_profiles(
    service_rows: Any,  # noqa: ANN401 - a CheckedTable
    categories: Any,  # noqa: ANN401 - Categories of every service row
    counts: Any,  # noqa: ANN401 - pyarrow decimals, or None
    month_rows: Any,  # noqa: ANN401 - a CheckedTable
    *,
    months_values: Any,  # noqa: ANN401 - pyarrow decimals of every month row
    groups: Any,  # noqa: ANN401 - numpy text per usable month row, or None
    method: str,
    criteria: dict[str, Any],
    id_name: str,
    noun: str = "provider",
    months_name: str = "member_months",
) -> Any:  # noqa: ANN401 - a pyarrow Table
    """Return the profile rows: services counted per subject and category, rated and flagged.

    Every subject with member months is profiled in every category (none is a rate of 0); those
    with services only are not assessed. The outlier criteria are those of
    :mod:`~tenncare_calc.compliance.utilization.outliers`, for providers and enrollees alike.
    """
    from tenncare_calc.columnar import kept_rows  # noqa: PLC0415 - needs the data extra

    np, pa = _np(), _pa()
    keep_services = kept_rows(service_rows)  # every row: a slice, not a million positions
    with_months, totals, peer_groups = _provider_member_months(
        month_rows.column(id_name),
        months_values.take(pa.array(month_rows.positions())),
        groups,
        noun=noun,
    )
    with_months, service_ids = _same_kind(
        with_months, service_rows.column(id_name), id_name=id_name, months_name=months_name
    )
    # a result row per category and subject, category by category: the services are counted
    # into the cells of each distinct label first (no row looked up twice), and those of one
    # category (labels that differ in spaces or type) added up
    index = categories.index[keep_services]
    labels = len(categories.dictionary)
    by_offset = (
        None if counts is not None else _counted_by_offset(with_months, service_ids, index, labels)
    )
    if by_offset is not None:
        everyone, by_label = by_offset
    else:
        everyone, subject = _all_providers(with_months, service_ids)
        cells = index * len(everyone) + subject
        by_label = (
            np.bincount(cells, minlength=labels * len(everyone))
            if counts is None
            else _cell_sums(
                cells,
                counts
                if isinstance(keep_services, slice)
                else counts.take(pa.array(keep_services)),
                labels * len(everyone),
            )
        ).reshape(labels, len(everyone))
    subjects = len(everyone)
    # a label is used when a used row holds it (a row of 0 services counts)
    used = np.bincount(index, minlength=labels) > 0 if counts is not None else by_label.any(1)
    names, lookup = _categories(categories, used)
    counted = np.zeros((len(names), subjects), dtype=np.int64)
    for label in np.flatnonzero(used).tolist():
        counted[lookup[label]] += by_label[label]
    counted = counted.reshape(-1)
    services_only: list[None] = [None] * (len(everyone) - len(with_months))
    return _profile_table(
        everyone,
        totals=[*totals, *services_only],
        peer_groups=[*peer_groups, *services_only],
        categories=names,
        services=counted,
        method=method,
        criteria=criteria,
        id_name=id_name,
    )
