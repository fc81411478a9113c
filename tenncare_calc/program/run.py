"""The program run: every plan's statement and damages ledger for every measurement year (§3.10, VII).

:func:`program_run` takes the program's tables and returns a
:class:`~tenncare_calc.program.result.ProgramRun`: for each plan and year of the plan facts, the
pay-for-performance statement (exactly the statement a single-plan run of the same inputs gives,
ruling PR3) and the damages ledger, with the program summary. Member months come from the plan
facts, or from the enrollment spans when the facts leave them empty (ruling PR1); a current
community-tenure rate comes from the rates table, or from the mental-health stays when the rates
table gives only the baseline (ruling PR2). :func:`program_from_folder` reads the tables from
conventionally named files.

>>> from tenncare_calc.p4p import sample_path
>>> run = program_from_folder(sample_path("program/rates.csv").parent)
>>> run.plans, run.years
(('east', 'middle', 'west'), (2008, 2009))
"""

from __future__ import annotations

__all__ = ["FOLDER_FILES", "program_from_folder", "program_run"]

from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from tenncare_calc.columnar import (
    FORMATS,
    MAX_ERROR_ROWS,
    check_on_error,
    column_names,
    file_line,
    has_quotes,
    read_columns,
    record_lines,
    renamed_table,
    table_columns,
    table_rows,
)
from tenncare_calc.columnar.row_files import refuse_non_file
from tenncare_calc.contract.loader import resolve_profile
from tenncare_calc.core.errors import InvalidInputError, RejectedRowsError, TennCareError
from tenncare_calc.damages import OBSERVATION_FIELDS
from tenncare_calc.enrollment import SPAN_COLUMNS, STAY_COLUMNS
from tenncare_calc.p4p import RATE_TABLE_COLUMNS, incentive_statement, scaled_rates
from tenncare_calc.program.input_tables import as_rows
from tenncare_calc.program.plan_damages import plan_ledgers
from tenncare_calc.program.plan_facts import PLAN_FACT_COLUMNS, plan_facts_from_rows
from tenncare_calc.program.plan_months import plan_member_months
from tenncare_calc.program.plan_rates import plan_year_rate_arguments, split_rates
from tenncare_calc.program.plan_results import (
    FROM_RATES,
    FROM_SPANS,
    FROM_STAYS,
    GIVEN,
    NOT_SUPPLIED,
    PlanYear,
)
from tenncare_calc.program.plan_tenure import plan_community_tenure
from tenncare_calc.program.result import ProgramRun

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Collection, Mapping, Sequence

    from tenncare_calc.columnar import InputRows, OnError
    from tenncare_calc.contract.profile import ContractProfile
    from tenncare_calc.damages import Duplicates
    from tenncare_calc.p4p import RateScale
    from tenncare_calc.program.plan_damages import DamagesByPlan
    from tenncare_calc.program.plan_facts import PlanFacts
    from tenncare_calc.program.plan_months import EnrollmentByPlan
    from tenncare_calc.program.plan_rates import PlanYearRates
    from tenncare_calc.program.plan_tenure import StaysByPlan

_PLAN_COLUMNS = (*PLAN_FACT_COLUMNS, "measurement_year")
_RATE_COLUMNS = (*RATE_TABLE_COLUMNS, "plan", "measurement_year", "year")
_SPAN_COLUMNS = (*(column.name for column in SPAN_COLUMNS), "plan")
_STAY_COLUMNS = tuple(column.name for column in STAY_COLUMNS)
_DAMAGES_COLUMNS = (*OBSERVATION_FIELDS, "plan")
#: Every column name of the program's tables (the names ``columns=`` maps).
_PROGRAM_COLUMNS = tuple(
    dict.fromkeys(
        (*_PLAN_COLUMNS, *_RATE_COLUMNS, *_SPAN_COLUMNS, *_STAY_COLUMNS, *_DAMAGES_COLUMNS)
    )
)

#: The files :func:`program_from_folder` reads, by argument (any of ``.csv``, ``.json``,
#: ``.parquet``); ``rates`` and ``plans`` are required.
FOLDER_FILES = ("rates", "plans", "spans", "stays", "damages")


@attrs.define
class _ProgramColumns:
    """The ``columns=`` mapping of a program run, applied to each table that has the source column.

    The program's tables share names (``plan``; ``year`` or ``measurement_year``; ``member_id``),
    and a name may be read from one table and not another, so a table is renamed for the sources
    it has; a source that no table has is an error naming the tables' columns.
    """

    mapping: Mapping[str, str]
    used: set[str] = attrs.field(factory=set)
    seen: dict[str, list[str]] = attrs.field(factory=dict)

    def _applicable(
        self, present: Sequence[str], name: str, valid: Collection[str]
    ) -> dict[str, str]:
        self.seen[name] = list(present)
        found = {k: v for k, v in self.mapping.items() if k in valid and v in present}
        self.used.update(found)
        return found

    def rows(self, data: object, name: str, valid: Collection[str]) -> InputRows:
        rows = as_rows(data, name=name)
        mapping = self._applicable(rows.columns, name, valid)
        return table_rows(rows, name=name, columns=mapping, valid=valid)

    def table(self, data: object, name: str, valid: Collection[str]) -> object:
        mapping = self._applicable(table_columns(data), name, valid)
        return renamed_table(data, mapping, name=name)

    def check_all_used(self) -> None:
        if unused := [key for key in self.mapping if key not in self.used]:
            sources = ", ".join(repr(self.mapping[key]) for key in unused)
            tables = "; ".join(f"{name}: {', '.join(cols)}" for name, cols in self.seen.items())
            raise InvalidInputError(
                f"columns= maps to {sources}, not a column of any table given ({tables})",
                field="columns",
                value=[self.mapping[key] for key in unused],
            )


def _with_context(error: TennCareError, plan: str, year: int) -> TennCareError:
    if isinstance(error, RejectedRowsError):
        return error
    message = f"plan {plan!r}, {year}: {error}"
    return type(error)(message, field=error.field, value=error.value)


def _data_through(
    facts: Sequence[PlanFacts], default: dt.date | None
) -> dict[tuple[str, int], dt.date]:
    found = {}
    for fact in facts:
        through = fact.data_through or default
        if through is None:
            raise InvalidInputError(
                f"plan {fact.plan!r}, {fact.year}: give the date the stays are complete through "
                "(data_through=, or a 'data_through' column in the plan facts; ruling P7)",
                field="data_through",
                value=None,
            )
        found[fact.plan, fact.year] = through
    return found


def _member_months(fact: PlanFacts, enrollment: EnrollmentByPlan | None) -> tuple[object, str]:
    if fact.member_months is not None:
        return fact.member_months, GIVEN
    if enrollment is None:
        raise InvalidInputError(
            f"plan {fact.plan!r}, {fact.year}: no member_months in the plan facts and no "
            "enrollment spans to compute them from; give one or the other",
            field="member_months",
            value=None,
        )
    return enrollment.of(fact.plan, fact.year).total, FROM_SPANS


def _rejected(
    name: str, rows: tuple[tuple[int, str], ...], data: object = None
) -> list[tuple[str, int, str]]:
    """Return ``(input, row, reason)``, each row of a file ``data`` numbered by its line."""
    if not rows or not isinstance(data, str | Path):
        return [(name, row, reason) for row, reason in rows]
    path = Path(data)
    lines = record_lines(path) if path.suffix.lower() == ".csv" and has_quotes(path) else ()
    return [(name, lines[row] if lines else file_line(row), reason) for row, reason in rows]


def program_run(
    rates: object,
    plans: object,
    *,
    spans: object | None = None,
    stays: object | None = None,
    damages: object | None = None,
    data_through: dt.date | None = None,
    convention: str = "prorated",
    window_days: int | None = None,
    per_element: bool | None = None,
    on_error: OnError = "raise",
    profile: ContractProfile | None = None,
    columns: Mapping[str, str] | None = None,
    rate_scale: RateScale = "percent",
    duplicates: Duplicates = "reject",
) -> ProgramRun:
    """Return every plan's statement and damages ledger for every year of the plan facts (§3.10).

    Parameters
    ----------
    rates
        The measures' rates: the single-plan rates table (``measure``, ``rate``, ``baseline``,
        ``current``, ``percentile_75``) with ``plan`` and ``measurement_year`` columns; a path,
        rows, columns or a DataFrame.
    plans
        The plan facts, one row per plan and measurement year (see
        :mod:`~tenncare_calc.program.plan_facts`).
    spans
        Enrollment spans with a ``plan`` column (``member_id``, ``start_date``, ``end_date``,
        ``plan``): member months of the plan-years whose facts leave ``member_months`` empty
        (ruling PR1). A pyarrow Table, a DataFrame, a mapping of columns or a path.
    stays
        Inpatient mental-health stays with a ``plan`` column: the current community-tenure rate
        of the plan-years whose rates give only its baseline (ruling PR2). Same forms as ``spans``.
    damages
        Liquidated-damages observations with a ``plan`` column (see
        :mod:`~tenncare_calc.damages.year`); each plan-year gets its ledger.
    data_through
        The date the stays are complete through, for the plan-years whose facts give none.
    convention, window_days, per_element
        Ruling MM1's member-month convention; the community-tenure window (the profile's
        ``p4p.community_tenure_window_days`` by default); ruling L3's per-element assessment.
    on_error
        ``"raise"``: any bad row of the spans, stays or observations raises
        :class:`~tenncare_calc.core.errors.RejectedRowsError`; ``"collect"``: they are computed
        without, and listed in ``.rejected``. Bad rows of the rates and plan facts always raise.
    profile
        The contract profile (with any what-ifs) every plan-year uses.
    columns
        Your column names for the library's, in every table that has your column:
        ``{"plan": "PLAN_ID", "member_id": "MEMBER_ID"}``
        (:mod:`tenncare_calc.columnar.column_mapping`).
    rate_scale
        How the rates table writes its rates: ``"percent"`` (58.2; a table of rates all in [0, 1]
        is refused as looking like fractions) or ``"fraction"`` (0.582; multiplied by 100
        exactly). See :mod:`tenncare_calc.p4p.rate_scale`.
    duplicates
        ``"reject"`` (default): a damages observation whose every field (the plan included)
        equals an earlier row's is rejected as its duplicate; ``"keep"``: each row is charged.

    Examples
    --------
    >>> run = program_run(
    ...     [{"plan": "east", "measurement_year": 2008, "measure": m, "baseline": b, "current": c}
    ...      for m, b, c in [("hba1c_testing", 58.2, 64.5), ("hba1c_control", 47.3, 41.0),
    ...                      ("ldl_c_screening", None, None), ("adolescent_well_care", None, None),
    ...                      ("breast_cancer_screening", None, None),
    ...                      ("controlling_high_blood_pressure", None, None),
    ...                      ("antidepressant_medication_management", None, None),
    ...                      ("adhd_follow_up", None, None)]],
    ...     [{"plan": "east", "year": 2008, "member_months": 1000000, "capitation": 10000000}],
    ... )
    >>> run.statement("east", 2008).earned, run.totals.payable
    (Decimal('60000.00'), Decimal('60000.00'))
    """
    mode = check_on_error(on_error)
    chosen = resolve_profile(profile)
    names = _ProgramColumns(column_names(columns, valid=_PROGRAM_COLUMNS, name="program_run"))
    facts = plan_facts_from_rows(names.rows(plans, "plans", _PLAN_COLUMNS))
    keys = [(fact.plan, fact.year) for fact in facts]
    rate_rows = scaled_rates(names.rows(rates, "rates", _RATE_COLUMNS), rate_scale)
    split = split_rates(rate_rows, keys)
    window = (
        chosen.value("p4p.community_tenure_window_days", int)
        if window_days is None
        else window_days
    )
    enrollment = (
        None
        if spans is None
        else plan_member_months(
            names.table(_table(spans), "spans", _SPAN_COLUMNS),
            plan_years=keys,
            convention=convention,
            on_error=_mode(spans, mode),
        )
    )
    tenure = (
        None
        if stays is None
        else plan_community_tenure(
            names.table(_table(stays), "stays", _STAY_COLUMNS),
            data_through=_data_through(facts, data_through),
            window_days=window,
            on_error=_mode(stays, mode),
        )
    )
    ledgers = plan_ledgers(
        None if damages is None else names.rows(damages, "damages", _DAMAGES_COLUMNS),
        facts=facts,
        per_element=per_element,
        on_error=mode,
        profile=chosen,
        duplicates=duplicates,
    )
    names.check_all_used()
    plan_years, bad_rates = _statements(
        facts, split=split, enrollment=enrollment, tenure=tenure, ledgers=ledgers, profile=chosen
    )
    if bad_rates:
        lines = "\n".join(f"{rate_rows.where(row)}: {reason}" for row, reason in bad_rates)
        numbered = tuple((rate_rows.number(row), reason) for row, reason in bad_rates)
        raise RejectedRowsError(lines, field="rates", rejected=numbered)
    rejected = [
        *_rejected("spans", () if enrollment is None else enrollment.rejected, spans),
        *_rejected("stays", () if tenure is None else tenure.rejected, stays),
        *_rejected("damages", ledgers.rejected),
    ]
    if mode == "raise":
        _raise_file_rows(rejected, spans=spans, stays=stays)
    return ProgramRun.assemble(
        plan_years,
        enrollment=enrollment,
        stays=tenure,
        rejected=tuple(rejected),
        rows_in=(
            ("rates", len(rate_rows.rows)),
            ("plans", len(facts)),
            ("spans", 0 if enrollment is None else enrollment.rows_in),
            ("stays", 0 if tenure is None else tenure.rows_in),
            ("damages", ledgers.rows_in),
        ),
        profile=chosen,
    )


def _statements(
    facts: Sequence[PlanFacts],
    *,
    split: Mapping[tuple[str, int], PlanYearRates],
    enrollment: EnrollmentByPlan | None,
    tenure: StaysByPlan | None,
    ledgers: DamagesByPlan,
    profile: ContractProfile,
) -> tuple[list[PlanYear], list[tuple[int, str]]]:
    plan_years: list[PlanYear] = []
    bad_rates: list[tuple[int, str]] = []
    for fact in facts:
        plan, year = fact.plan, fact.year
        arguments, baseline, problems = plan_year_rate_arguments(
            split[plan, year], year=year, stays=tenure is not None, profile=profile
        )
        if problems:
            bad_rates.extend(problems)
            continue
        plan_tenure = None if tenure is None else tenure.of(plan, year)
        source = FROM_RATES if arguments.get("community_tenure") is not None else NOT_SUPPLIED
        if baseline is not None and plan_tenure is not None and plan_tenure.rate is not None:
            arguments["community_tenure"] = (baseline.baseline, plan_tenure.rate)
            source = FROM_STAYS
        months, months_source = _member_months(fact, enrollment)
        try:
            statement = incentive_statement(
                year,
                member_months=months,
                capitation=fact.capitation,
                other_payments=fact.other_payments,
                operations_began=fact.operations_began,
                profile=profile,
                **arguments,
            )
        except TennCareError as error:
            raise _with_context(error, plan, year) from None
        plan_years.append(
            PlanYear(
                plan=plan,
                year=year,
                facts=fact,
                statement=statement,
                ledger=ledgers.of(plan, year),
                member_months_source=months_source,
                months=None if enrollment is None else enrollment.of(plan, year),
                tenure_source=source,
                tenure=plan_tenure,
                tenure_baseline=None if baseline is None else baseline.baseline,
            )
        )
    return plan_years, sorted(bad_rates)


def _table(data: object) -> object:
    """Return a columnar input; a path is read column by column (CSV, JSON or Parquet)."""
    if not isinstance(data, str | Path):
        return data
    batch = read_columns(data)
    if batch.malformed:
        lines = "\n".join(f"{batch.where(row)}: {reason}" for row, reason in batch.malformed)
        numbered = tuple(
            (line, reason)
            for line, (_, reason) in zip(
                batch.lines_of(row for row, _ in batch.malformed), batch.malformed, strict=True
            )
        )
        raise RejectedRowsError(lines, field="path", rejected=numbered)
    return batch.data


def _mode(data: object, mode: OnError) -> OnError:
    """Return how a columnar input is read: a file's bad rows are collected, then named by line."""
    return "collect" if isinstance(data, str | Path) else mode


def _raise_file_rows(rejected: Sequence[tuple[str, int, str]], **files: object) -> None:
    """Raise the bad rows of the spans or stays files, each named by its line in the file."""
    for name, data in files.items():
        bad = [(row, reason) for input_name, row, reason in rejected if input_name == name]
        if bad and isinstance(data, str | Path):
            where = Path(data).name
            lines = "\n".join(f"{where}, line {row}: {reason}" for row, reason in bad)
            raise RejectedRowsError(
                f"{len(bad):,} row(s) of {name!r} cannot be used; fix them or pass "
                f"on_error='collect':\n{lines}",
                field=name,
                rejected=tuple(bad[:MAX_ERROR_ROWS]),
            )


def _find(folder: Path, name: str) -> Path | None:
    candidates = [folder / f"{name}{suffix}" for suffix in FORMATS]
    for path in candidates:  # a table's name on something not a file is named, not skipped
        refuse_non_file(path)
        if path.is_symlink() and not path.exists():
            raise InvalidInputError(
                f"{path}: a link to nothing (its target is missing, or a loop); fix or remove it",
                field=name,
                value=str(path),
            )
    found = [path for path in candidates if path.is_file()]
    if len(found) > 1:
        raise InvalidInputError(
            f"{folder}: more than one {name!r} file ({', '.join(p.name for p in found)}); keep one",
            field=name,
            value=[str(path) for path in found],
        )
    return found[0] if found else None


def program_from_folder(folder: str | Path, **options: Any) -> ProgramRun:  # noqa: ANN401
    """Return the program run of the tables in ``folder`` (``rates.csv``, ``plans.csv``, ...).

    The folder holds ``rates`` and ``plans`` and optionally ``spans``, ``stays`` and ``damages``,
    each a ``.csv``, ``.json`` or ``.parquet`` file; ``options`` are those of :func:`program_run`
    (an option naming a table replaces the folder's file).

    >>> from tenncare_calc.p4p import sample_path
    >>> run = program_from_folder(sample_path("program/rates.csv").parent)
    >>> run.statement("west", 2009).cap.binding
    True
    """
    where = Path(folder)
    if not where.is_dir():
        raise InvalidInputError(
            f"{str(where)!r} is not a folder of program tables", field="folder", value=str(where)
        )
    tables: dict[str, Any] = {}
    for name in FOLDER_FILES:
        given = options.pop(name, None)
        if given is not None:
            tables[name] = given
        elif (path := _find(where, name)) is not None:
            tables[name] = path
    for name in ("rates", "plans"):
        if name not in tables:
            raise InvalidInputError(
                f"{str(where)!r} has no {name!r} table ({name}.csv, .json or .parquet)",
                field=name,
                value=str(where),
            )
    rates, plans = tables.pop("rates"), tables.pop("plans")
    return program_run(rates, plans, **tables, **options)
