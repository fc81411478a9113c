"""The program's rates table: one row per plan, measurement year and rate, split per plan-year.

The rates table of a program is the single-plan rates table
(:data:`~tenncare_calc.p4p.RATE_TABLE_COLUMNS`: ``measure``, ``rate``, ``baseline``, ``current``,
``percentile_75``) with two more columns, ``plan`` and ``measurement_year`` (``year`` is accepted
too). :func:`split_rates` hands each plan-year its own rows, which the single-plan reader
(:func:`~tenncare_calc.p4p.rates_from_rows`) turns into the statement's rate arguments, exactly
as for a single plan (ruling PR3). A rejected row is named by its row in the program's table.

When the caller gives mental-health stays, a plan-year's community-tenure row may give only its
``baseline``: the current rate is then the plan's rate computed from the stays (ruling PR2).

>>> from tenncare_calc.program.input_tables import as_rows
>>> rates = as_rows([
...     {"plan": "east", "measurement_year": 2008, "measure": "hba1c_testing",
...      "baseline": "58.2", "current": "64.5"},
...     {"plan": "west", "measurement_year": 2008, "measure": "hba1c_testing",
...      "baseline": "60", "current": "61"},
... ], name="rates")
>>> split = split_rates(rates, {("east", 2008), ("west", 2008)})
>>> [row["baseline"] for row in split[("west", 2008)].rows.rows], split[("west", 2008)].positions
(['60'], (1,))
"""

from __future__ import annotations

__all__ = ["PlanYearRates", "TenureBaseline", "plan_year_rate_arguments", "split_rates"]

import datetime as dt
from typing import TYPE_CHECKING, Any

import attrs

from tenncare_calc.columnar import InputRows
from tenncare_calc.core.errors import InvalidInputError, RejectedRowsError, TennCareError
from tenncare_calc.core.values import to_rate
from tenncare_calc.p4p import RATE_TABLE_COLUMNS, MeasureGroup, rates_from_rows
from tenncare_calc.program.input_tables import plan_name, year_of

if TYPE_CHECKING:
    from collections.abc import Collection, Mapping
    from decimal import Decimal

    from tenncare_calc.contract.profile import ContractProfile

_VALUES = ("baseline", "current", "percentile_75")


@attrs.frozen
class PlanYearRates:
    """One plan-year's rows of the program's rates table, and where each was in that table."""

    rows: InputRows
    #: For each of ``rows``, its 0-based row in the program's table.
    positions: tuple[int, ...]


@attrs.frozen
class TenureBaseline:
    """A community-tenure row giving only the baseline: the current rate comes from the stays."""

    measure_id: str
    baseline: Decimal
    position: int


def _year_column(rates: InputRows) -> str:
    names = set(rates.columns)
    if "measurement_year" in names and "year" in names:
        raise InvalidInputError(
            f"{rates.source}: give the year once, as 'measurement_year' or 'year', not both",
            field="measurement_year",
            value=list(rates.columns),
        )
    return "year" if "year" in names else "measurement_year"


def split_rates(
    rates: InputRows, plan_years: Collection[tuple[str, int]]
) -> dict[tuple[str, int], PlanYearRates]:
    """Return each plan-year's rows of a program rates table (without ``plan`` and the year).

    Every plan-year of ``plan_years`` gets an entry (with no rows when the table has none for
    it). Blank rows are skipped; a row with no plan, a malformed year or a plan-year that has no
    plan facts is rejected, every such row reported together in one
    :class:`~tenncare_calc.core.errors.RejectedRowsError`.
    """
    year_column = _year_column(rates)
    rates.require_columns(
        {"plan", year_column, "measure"},
        allowed={*RATE_TABLE_COLUMNS, "plan", year_column},
    )
    columns = tuple(name for name in rates.columns if name not in {"plan", year_column})
    found: dict[tuple[str, int], list[tuple[int, Mapping[str, Any]]]] = {
        key: [] for key in plan_years
    }
    rejected: list[tuple[int, str]] = []
    for number, row in enumerate(rates.rows):
        if all(value is None or not str(value).strip() for value in row.values()):
            continue
        plan = plan_name(row.get("plan"))
        if plan is None:
            rejected.append((number, "no 'plan' given"))
            continue
        try:
            year = year_of(row.get(year_column), field=year_column)
        except TennCareError as error:
            rejected.append((number, str(error)))
            continue
        if (plan, year) not in found:
            rejected.append(
                (number, f"plan {plan!r}, {year} has no row in the plan facts; add one or drop it")
            )
            continue
        found[plan, year].append((number, {name: row.get(name) for name in columns}))
    if rejected:
        lines = "\n".join(f"{rates.where(row)}: {reason}" for row, reason in rejected)
        numbered = tuple((rates.number(row), reason) for row, reason in rejected)
        raise RejectedRowsError(lines, field="rates", rejected=numbered)
    return {
        (plan, year): PlanYearRates(
            InputRows(
                f"{rates.source} (plan {plan}, {year})",
                rates.format,
                columns,
                tuple(row for _, row in pairs),
                tuple(rates.number(number) for number, _ in pairs),
            ),
            tuple(number for number, _ in pairs),
        )
        for (plan, year), pairs in found.items()
    }


def _tenure_measure(profile: ContractProfile, year: int) -> str | None:
    measures = profile.value("p4p.measures", tuple, on=dt.date(year, 12, 31))
    return next((m.id for m in measures if m.group is MeasureGroup.COMMUNITY_TENURE), None)


def _tenure_baseline(
    given: PlanYearRates, measure_id: str | None, *, stays: bool
) -> tuple[PlanYearRates, TenureBaseline | None, list[tuple[int, str]]]:
    """Take a community-tenure row that gives only a baseline out of the plan-year's rows."""
    if measure_id is None:
        return given, None, []
    keep_rows, keep_positions = [], []
    baseline: TenureBaseline | None = None
    problems: list[tuple[int, str]] = []
    for row, position in zip(given.rows.rows, given.positions, strict=True):
        only_baseline = (
            str(row.get("measure") or "").strip() == measure_id
            and row.get("baseline") is not None
            and row.get("current") is None
        )
        if not only_baseline:
            keep_rows.append(row)
            keep_positions.append(position)
        elif not stays:
            problems.append(
                (
                    position,
                    (
                        f"{measure_id}: a baseline without a current rate; give 'current', or "
                        "the mental-health stays to compute it from (ruling P7)"
                    ),
                )
            )
        else:
            try:
                value = to_rate(row["baseline"], field="baseline")
            except TennCareError as error:
                problems.append((position, f"{measure_id}: {error}"))
                continue
            baseline = TenureBaseline(measure_id, value, position)
    kept = PlanYearRates(attrs.evolve(given.rows, rows=tuple(keep_rows)), tuple(keep_positions))
    return kept, baseline, problems


def plan_year_rate_arguments(
    given: PlanYearRates,
    *,
    year: int,
    stays: bool,
    profile: ContractProfile,
) -> tuple[dict[str, Any], TenureBaseline | None, list[tuple[int, str]]]:
    """Return a plan-year's rate arguments of the statement, a tenure baseline, rejected rows.

    The arguments are :func:`~tenncare_calc.p4p.rates_from_rows` of the plan-year's rows (the
    single-plan reader, ruling PR3). Rejected rows come back as ``(row in the program's table,
    reason)`` instead of being raised, so that a program reports every bad row at once; a
    plan-year that lacks a measure raises :class:`~tenncare_calc.core.errors.InvalidInputError`
    naming the plan and year.
    """
    rows, baseline, problems = _tenure_baseline(given, _tenure_measure(profile, year), stays=stays)
    # the plan-year's rows by their position here (not the file's lines, which count all plans)
    plain = attrs.evolve(rows.rows, format="rows", lines=())
    try:
        arguments = rates_from_rows(plain, measurement_year=year, profile=profile)
    except RejectedRowsError as error:
        mapped = [(rows.positions[row], reason) for row, reason in error.rejected]
        return {}, baseline, sorted([*problems, *mapped])
    if problems:
        return {}, baseline, problems
    return arguments, baseline, []
