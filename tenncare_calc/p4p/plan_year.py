"""Plan-year input files for the pay-for-performance statement (TOML or JSON).

A plan-year file holds the inputs of :func:`~tenncare_calc.p4p.incentives.incentive_statement`:
``measurement_year``, ``member_months``, ``capitation``, optionally ``other_payments`` and
``operations_began``, and the tables ``physical_health``, ``behavioral_health`` and optionally
``community_tenure``. Numbers are read exactly (as ``Decimal``). A measure with no audited rate is
written ``"not reported"`` (or ``null`` in JSON). The bundled sample is
``tenncare_calc/data/samples/plan_year_2008.toml``.

The measures' rates can also come as a table (CSV, JSON list or Parquet; see
:mod:`tenncare_calc.columnar.readers`), one row per rate, with the columns ``measure``, ``rate``, ``baseline``,
``current`` and ``percentile_75`` (see :func:`rates_from_rows`); the other inputs are then given
separately (:func:`plan_year_inputs`). The bundled ``rates_2008.csv`` holds the sample's rates.

>>> statement = statement_from_file(sample_path("plan_year_2008.toml"))
>>> statement.earned, statement.payable
(Decimal('324632.80'), Decimal('324632.80'))
"""

from __future__ import annotations

__all__ = [
    "RATE_TABLE_COLUMNS",
    "load_plan_year",
    "plan_year_inputs",
    "rates_from_rows",
    "sample_path",
    "statement_from_file",
]

import datetime as dt
import json
import tomllib
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tenncare_calc.columnar import FORMATS, read_rows, table_rows
from tenncare_calc.columnar.row_files import refuse_non_file
from tenncare_calc.contract.loader import resolve_profile
from tenncare_calc.core.errors import (
    InvalidInputError,
    RejectedRowsError,
    TennCareError,
    did_you_mean,
)
from tenncare_calc.core.values import to_rate
from tenncare_calc.p4p.incentives import incentive_statement
from tenncare_calc.p4p.measures import Measure, MeasureGroup, MeasureRule
from tenncare_calc.p4p.rate_scale import scaled_rates

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from tenncare_calc.contract.profile import ContractProfile
    from tenncare_calc.p4p.rate_scale import RateScale
    from tenncare_calc.p4p.statement import IncentiveStatement

_KEYS = {
    "measurement_year",
    "member_months",
    "capitation",
    "other_payments",
    "operations_began",
    "physical_health",
    "behavioral_health",
    "community_tenure",
}
_REQUIRED = {
    "measurement_year",
    "member_months",
    "capitation",
    "physical_health",
    "behavioral_health",
}
NOT_REPORTED = "not reported"


def sample_path(name: str) -> Path:
    """Return the path of a bundled sample file by name.

    >>> sample_path("plan_year_2008.toml").name
    'plan_year_2008.toml'
    """
    found = resources.files("tenncare_calc").joinpath("data", "samples", name)
    if not found.is_file():
        raise InvalidInputError(f"no bundled sample named {name!r}", field="name", value=name)
    return Path(str(found))


def _not_reported(value: object) -> object:
    if value == NOT_REPORTED:
        return None
    if isinstance(value, dict):
        return {key: _not_reported(item) for key, item in value.items()}
    return value


def load_plan_year(path: str | Path) -> dict[str, Any]:
    """Return the keyword arguments of ``incentive_statement`` read from a plan-year file.

    The format is chosen by the extension: ``.toml`` or ``.json``. Unknown or missing keys are
    errors that name the file and the key.
    """
    source = Path(path)
    try:
        text = source.read_text(encoding="utf-8")
    except OSError as error:
        raise InvalidInputError(
            f"cannot read plan-year file {str(source)!r}: {error.strerror}",
            field="path",
            value=str(source),
        ) from None
    try:
        if source.suffix.lower() == ".json":
            data = json.loads(text, parse_float=Decimal)
        elif source.suffix.lower() == ".toml":
            data = tomllib.loads(text, parse_float=Decimal)
        else:
            raise InvalidInputError(
                f"plan-year file {str(source)!r} must end in .toml or .json",
                field="path",
                value=str(source),
            )
    except (json.JSONDecodeError, tomllib.TOMLDecodeError) as error:
        raise InvalidInputError(
            f"plan-year file {str(source)!r} is not valid {source.suffix[1:].upper()}: {error}",
            field="path",
            value=str(source),
        ) from None
    if not isinstance(data, dict):
        raise InvalidInputError(
            f"{str(source)!r} must hold a table of inputs", field="path", value=str(source)
        )
    if unknown := sorted(set(data) - _KEYS):
        raise InvalidInputError(
            f"{str(source)!r}: unknown key(s) {unknown}; allowed: {sorted(_KEYS)}",
            field=unknown[0],
            value=unknown,
        )
    if missing := sorted(_REQUIRED - set(data)):
        raise InvalidInputError(
            f"{str(source)!r}: missing key(s) {missing}", field=missing[0], value=missing
        )
    arguments = {key: _not_reported(value) for key, value in data.items()}
    began = arguments.get("operations_began")
    if isinstance(began, str):
        try:
            arguments["operations_began"] = dt.date.fromisoformat(began)
        except ValueError:
            raise InvalidInputError(
                f"{str(source)!r}: 'operations_began' must be a date such as 2007-04-01",
                field="operations_began",
                value=arguments["operations_began"],
            ) from None
    return arguments


def statement_from_file(
    path: str | Path, *, profile: ContractProfile | None = None
) -> IncentiveStatement:
    """Return the pay-for-performance statement for the plan-year file at ``path`` (§3.10).

    >>> statement_from_file(sample_path("plan_year_2008.toml")).payment_date
    datetime.date(2009, 7, 1)
    """
    arguments = load_plan_year(path)
    year = arguments.pop("measurement_year")
    return incentive_statement(year, profile=profile, **arguments)


#: The columns of a rates table: which measure and which of its rates, and the numbers.
RATE_TABLE_COLUMNS = ("measure", "rate", "baseline", "current", "percentile_75")
_VALUES = ("baseline", "current", "percentile_75")


def _text(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _blank(row: Mapping[str, Any]) -> bool:
    return all(_text(row.get(name)) in {None, NOT_REPORTED} for name in _VALUES)


def _rate_row(measure: Measure, row: Mapping[str, Any]) -> tuple[str, tuple[Any, Any]]:
    """Return (rate name, (first, second)) for one row, or raise with the reason."""
    name = _text(row.get("rate"))
    if measure.rule is MeasureRule.SIGNIFICANT_IMPROVEMENT:
        if name not in {None, "rate"}:
            raise InvalidInputError(f"measure {measure.id!r} has one rate; leave 'rate' empty")
        if _text(row.get("percentile_75")) is not None:
            raise InvalidInputError(
                f"'percentile_75' does not apply to {measure.id!r}, which is judged by "
                "improvement over its baseline; give 'baseline' and 'current'"
            )
        pair = (
            to_rate(row.get("baseline"), field="baseline"),
            to_rate(row.get("current"), field="current"),
        )
        return "rate", pair
    if measure.components and name not in measure.components:
        raise InvalidInputError(
            f"'rate' must name one of the rates of {measure.id!r}, {list(measure.components)} "
            f"(got {name!r})"
        )
    if _text(row.get("baseline")) is not None:
        raise InvalidInputError(
            f"'baseline' does not apply to {measure.id!r}, which is compared with the national "
            "75th percentile; give 'current' and 'percentile_75'"
        )
    pair = (
        to_rate(row.get("current"), field="current"),
        to_rate(row.get("percentile_75"), field="percentile_75"),
    )
    return name or "rate", pair


def _take_row(  # noqa: PLR0911 - one return per way a row can fail
    row: Mapping[str, Any], by_id: Mapping[str, Measure], given: dict[str, Any]
) -> str | None:
    """Add one row's rates to ``given``; return why the row cannot be used, or None."""
    measure_id = _text(row.get("measure"))
    if measure_id is None:
        return None if not any(_text(value) for value in row.values()) else "no 'measure' given"
    measure = by_id.get(measure_id)
    if measure is None:
        known = list(by_id)
        return f"unknown measure {measure_id!r}{did_you_mean(measure_id, known)}; measures: {known}"
    if _blank(row):
        if measure_id in given:
            return f"{measure_id!r} is marked not reported but has rates"
        given[measure_id] = None
        return None
    try:
        name, pair = _rate_row(measure, row)
    except TennCareError as error:
        return f"{measure_id}: {error}"
    previous = given.get(measure_id, {})
    if previous is None or name in previous:
        return f"{measure_id!r} ({name}) is given twice, or also marked not reported"
    given[measure_id] = {**previous, name: pair}
    return None


def rates_from_rows(
    rows: object,
    *,
    measurement_year: int,
    columns: Mapping[str, str] | None = None,
    rate_scale: RateScale = "percent",
    profile: ContractProfile | None = None,
) -> dict[str, Any]:
    """Return the ``physical_health``, ``behavioral_health`` and ``community_tenure`` arguments.

    Each row gives one rate of one measure in force on the last day of ``measurement_year``:
    ``measure`` (its id), ``rate`` (for a measure reported as several rates, which one, such as
    ``acute``; otherwise empty), and either ``baseline`` and ``current`` (measures judged by
    significant improvement; HbA1c control as the HEDIS poor-control rates) or ``current`` and
    ``percentile_75`` (behavioral measures). A measure with no audited rate is a row with the
    numbers empty (or ``not reported``). Every measure but community tenure needs a row. Every
    row that cannot be used is reported, with its number and reason, in one
    :class:`~tenncare_calc.core.errors.RejectedRowsError`; so is a line of the file that could not
    be split into cells.

    ``rows`` is any table: :class:`~tenncare_calc.columnar.InputRows` read from a file, a pandas
    or polars DataFrame, a pyarrow Table, a mapping of columns or a list of records (empty cells:
    ``None``, NaN, blank). ``columns`` maps the library's column names to yours
    (:mod:`tenncare_calc.columnar.column_mapping`). ``rate_scale`` says how the rates are written
    (:mod:`tenncare_calc.p4p.rate_scale`): ``"percent"`` (58.2; a table whose every rate lies in
    [0, 1] is refused as looking like fractions) or ``"fraction"`` (0.582, multiplied by 100
    exactly).

    >>> import pandas as pd
    >>> frame = pd.read_csv(sample_path("rates_2008.csv"))
    >>> rates_from_rows(frame, measurement_year=2008)["physical_health"]["hba1c_testing"]
    (Decimal('58.2'), Decimal('64.5'))
    """
    rows = scaled_rates(
        table_rows(rows, name="rates", columns=columns, valid=RATE_TABLE_COLUMNS), rate_scale
    )
    rows.require_columns({"measure"}, allowed=set(RATE_TABLE_COLUMNS))
    chosen = resolve_profile(profile)
    measures: tuple[Measure, ...] = chosen.value(
        "p4p.measures", tuple, on=dt.date(measurement_year, 12, 31)
    )
    by_id = {measure.id: measure for measure in measures}
    given: dict[str, Any] = {}
    rejected: list[tuple[int, str]] = []
    malformed = dict(rows.malformed)
    for number, row in enumerate(rows.rows):
        if number in malformed:
            rejected.append((number, malformed[number]))
            continue
        reason = _take_row(row, by_id, given)
        if reason is not None:
            rejected.append((number, reason))
    if rejected:
        lines = "\n".join(f"{rows.where(row)}: {reason}" for row, reason in rejected)
        numbered = tuple((rows.number(row), reason) for row, reason in rejected)
        raise RejectedRowsError(lines, field="rates", rejected=numbered)
    required = [m.id for m in measures if m.group is not MeasureGroup.COMMUNITY_TENURE]
    if missing := [measure_id for measure_id in required if measure_id not in given]:
        raise InvalidInputError(
            f"{rows.source}: no row for measure(s) {missing}; for a measure with no audited "
            "rate, add a row with its rates empty",
            field="measure",
            value=missing,
        )

    def value(measure: Measure) -> object:
        found = given.get(measure.id)
        if found is None or measure.components:
            return found
        return found["rate"]  # a single-rate measure: the (first, second) pair itself

    arguments: dict[str, Any] = {
        "physical_health": {},
        "behavioral_health": {},
        "community_tenure": None,
    }
    for measure in measures:
        if measure.group is MeasureGroup.COMMUNITY_TENURE:
            arguments["community_tenure"] = value(measure)
        else:
            arguments[measure.group.value][measure.id] = value(measure)
    return arguments


def plan_year_inputs(
    path: str | Path,
    *,
    overrides: Mapping[str, object] | None = None,
    profile: ContractProfile | None = None,
    progress: Callable[[int], None] | None = None,
    columns: Mapping[str, str] | None = None,
    rate_scale: RateScale = "percent",
) -> dict[str, Any]:
    """Return the keyword arguments of ``incentive_statement`` from a plan-year or rates file.

    A ``.toml`` file, or a ``.json`` file holding an object, is a plan-year file
    (:func:`load_plan_year`). A ``.csv``, ``.parquet`` or ``.json`` list is a rates table
    (:func:`rates_from_rows`); ``overrides`` must then give ``measurement_year``,
    ``member_months`` and ``capitation`` (and may give ``other_payments`` and
    ``operations_began``). Values in ``overrides`` replace those of a plan-year file.
    ``columns`` (the library's column names to the table's) and ``rate_scale`` apply to a rates
    table (:func:`~tenncare_calc.columnar.read_rows`, :func:`rates_from_rows`).

    >>> arguments = plan_year_inputs(
    ...     sample_path("rates_2008.csv"),
    ...     overrides={"measurement_year": 2008, "member_months": "2164218.75",
    ...                "capitation": "491250000.00", "other_payments": "2000000.00"},
    ... )
    >>> incentive_statement(**arguments).earned
    Decimal('324632.80')
    """
    source = Path(path)
    given = {key: value for key, value in (overrides or {}).items() if value is not None}
    if unknown := sorted(set(given) - _KEYS):
        raise InvalidInputError(f"unknown input(s) {unknown}", field=unknown[0], value=unknown)
    suffix = source.suffix.lower()
    if suffix != ".toml":  # read twice (its start, then all): a pipe is named, not waited on
        refuse_non_file(source)
    if suffix == ".toml" or (suffix == ".json" and _json_object(source)):
        return {**load_plan_year(source), **given}
    if suffix not in FORMATS:
        raise InvalidInputError(
            f"{str(source)!r} must be a plan-year file (.toml, .json) or a rates table "
            f"({', '.join(sorted(FORMATS))})",
            field="path",
            value=str(source),
        )
    if missing := sorted({"measurement_year", "member_months", "capitation"} - set(given)):
        raise InvalidInputError(
            f"a rates table holds only the measures' rates; also give {missing}",
            field=missing[0],
            value=missing,
        )
    rows = read_rows(source, progress=progress)
    year = given["measurement_year"]
    if isinstance(year, bool) or not isinstance(year, int):
        raise InvalidInputError(
            f"'measurement_year' must be a year such as 2008 (got {year!r})",
            field="measurement_year",
            value=year,
        )
    rates = rates_from_rows(
        rows, measurement_year=year, columns=columns, rate_scale=rate_scale, profile=profile
    )
    return {**rates, **given}


def _json_object(source: Path) -> bool:
    """Return whether a JSON file holds an object other than ``{"rows": [...]}``."""
    try:
        with source.open(encoding="utf-8") as handle:
            start = handle.read(4096).lstrip()
    except OSError:
        return True  # let load_plan_year report the unreadable file
    return start.startswith("{") and not start[1:].lstrip().startswith('"rows"')
