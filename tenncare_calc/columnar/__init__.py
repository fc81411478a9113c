"""Columnar machinery: reading tables, rejecting rows, column kernels and Dask partitioning.

The rule packages read batch inputs and compute over columns through these names; nothing here
knows a rule. Every name below is importable from ``tenncare_calc.columnar``, whichever module of
the package defines it; a module is imported when one of its names is first used, and numpy and
pyarrow (the ``data`` extra) only when a batch function runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tenncare_calc.core.exports import lazy_exports

if TYPE_CHECKING:
    from tenncare_calc.columnar.arrow_parts import (
        arrow_part,
        trimmed_decimal,
    )
    from tenncare_calc.columnar.categories import (
        Categories,
        choice_categories,
        choices,
        code_categories,
        codes,
        repeated_text,
        text_categories,
        text_column,
        texts,
    )
    from tenncare_calc.columnar.clocks import on_clock_of, zone_of
    from tenncare_calc.columnar.column_batches import empty_cells
    from tenncare_calc.columnar.column_files import read_columns
    from tenncare_calc.columnar.column_kinds import (
        EPOCH,
        Column,
        ColumnKind,
        date_from_days,
        days_from_date,
    )
    from tenncare_calc.columnar.column_mapping import (
        ColumnNames,
        NamedColumns,
        check_all_read,
        column_names,
        named_columns,
        renamed_table,
        table_columns,
    )
    from tenncare_calc.columnar.columns import flags
    from tenncare_calc.columnar.decimal_columns import (
        DECIMAL,
        decimal_categories,
        decimal_type,
        decimals,
    )
    from tenncare_calc.columnar.fixed_point import (
        decimals_by_block,
        minutes_decimals,
        scaled_decimals,
        ten_thousandths_of_minutes,
    )
    from tenncare_calc.columnar.id_codes import (
        IdCodes,
        encode_ids,
    )
    from tenncare_calc.columnar.input_columns import InputColumns
    from tenncare_calc.columnar.partitioned import (
        PartitionResult,
        combine_rejected,
        is_dask_frame,
        run_by_member,
    )
    from tenncare_calc.columnar.profile_parameters import parameter_versions
    from tenncare_calc.columnar.readers import (
        FORMATS,
        InputRows,
        read_rows,
    )
    from tenncare_calc.columnar.rejected import (
        MAX_ERROR_ROWS,
        ON_ERROR_CHOICES,
        QUOTED_ROWS,
        OnError,
        check_on_error,
        empty_rejected,
        explain_rejected,
        rejected_error,
        rejected_records,
        rejected_rows,
        rejected_table,
    )
    from tenncare_calc.columnar.row_groups import (
        groups,
        kept_rows,
    )
    from tenncare_calc.columnar.row_input import (
        empty_cell,
        plain_cell,
        table_rows,
    )
    from tenncare_calc.columnar.row_lines import (
        FILE_HEADER_LINES,
        file_line,
        has_quotes,
        record_lines,
        renumbered,
        row_number,
        row_word,
    )
    from tenncare_calc.columnar.tables import (
        CheckedTable,
        TableInput,
        read_table,
    )
    from tenncare_calc.columnar.times import (
        MICROS_PER_DAY,
        MICROS_PER_MINUTE,
        moments,
        times_of_day,
    )


__all__ = [
    "DECIMAL",
    "EPOCH",
    "FILE_HEADER_LINES",
    "FORMATS",
    "MAX_ERROR_ROWS",
    "MICROS_PER_DAY",
    "MICROS_PER_MINUTE",
    "ON_ERROR_CHOICES",
    "QUOTED_ROWS",
    "Categories",
    "CheckedTable",
    "Column",
    "ColumnKind",
    "ColumnNames",
    "IdCodes",
    "InputColumns",
    "InputRows",
    "NamedColumns",
    "OnError",
    "PartitionResult",
    "TableInput",
    "arrow_part",
    "check_all_read",
    "check_on_error",
    "choice_categories",
    "choices",
    "code_categories",
    "codes",
    "column_names",
    "combine_rejected",
    "date_from_days",
    "days_from_date",
    "decimal_categories",
    "decimal_type",
    "decimals",
    "decimals_by_block",
    "empty_cell",
    "empty_cells",
    "empty_rejected",
    "encode_ids",
    "explain_rejected",
    "file_line",
    "flags",
    "groups",
    "has_quotes",
    "is_dask_frame",
    "kept_rows",
    "minutes_decimals",
    "moments",
    "named_columns",
    "on_clock_of",
    "parameter_versions",
    "plain_cell",
    "read_columns",
    "read_rows",
    "read_table",
    "record_lines",
    "rejected_error",
    "rejected_records",
    "rejected_rows",
    "rejected_table",
    "renamed_table",
    "renumbered",
    "repeated_text",
    "row_number",
    "row_word",
    "run_by_member",
    "scaled_decimals",
    "table_columns",
    "table_rows",
    "ten_thousandths_of_minutes",
    "text_categories",
    "text_column",
    "texts",
    "times_of_day",
    "trimmed_decimal",
    "zone_of",
]

__getattr__, __dir__ = lazy_exports(
    __name__,
    {
        "arrow_part": "tenncare_calc.columnar.arrow_parts",
        "trimmed_decimal": "tenncare_calc.columnar.arrow_parts",
        "Categories": "tenncare_calc.columnar.categories",
        "choice_categories": "tenncare_calc.columnar.categories",
        "choices": "tenncare_calc.columnar.categories",
        "code_categories": "tenncare_calc.columnar.categories",
        "codes": "tenncare_calc.columnar.categories",
        "repeated_text": "tenncare_calc.columnar.categories",
        "text_categories": "tenncare_calc.columnar.categories",
        "text_column": "tenncare_calc.columnar.categories",
        "texts": "tenncare_calc.columnar.categories",
        "Column": "tenncare_calc.columnar.column_kinds",
        "ColumnKind": "tenncare_calc.columnar.column_kinds",
        "EPOCH": "tenncare_calc.columnar.column_kinds",
        "date_from_days": "tenncare_calc.columnar.column_kinds",
        "days_from_date": "tenncare_calc.columnar.column_kinds",
        "ColumnNames": "tenncare_calc.columnar.column_mapping",
        "column_names": "tenncare_calc.columnar.column_mapping",
        "NamedColumns": "tenncare_calc.columnar.column_mapping",
        "check_all_read": "tenncare_calc.columnar.column_mapping",
        "named_columns": "tenncare_calc.columnar.column_mapping",
        "renamed_table": "tenncare_calc.columnar.column_mapping",
        "table_columns": "tenncare_calc.columnar.column_mapping",
        "empty_cells": "tenncare_calc.columnar.column_batches",
        "flags": "tenncare_calc.columnar.columns",
        "DECIMAL": "tenncare_calc.columnar.decimal_columns",
        "decimal_categories": "tenncare_calc.columnar.decimal_columns",
        "decimal_type": "tenncare_calc.columnar.decimal_columns",
        "decimals": "tenncare_calc.columnar.decimal_columns",
        "decimals_by_block": "tenncare_calc.columnar.fixed_point",
        "minutes_decimals": "tenncare_calc.columnar.fixed_point",
        "scaled_decimals": "tenncare_calc.columnar.fixed_point",
        "ten_thousandths_of_minutes": "tenncare_calc.columnar.fixed_point",
        "IdCodes": "tenncare_calc.columnar.id_codes",
        "encode_ids": "tenncare_calc.columnar.id_codes",
        "PartitionResult": "tenncare_calc.columnar.partitioned",
        "combine_rejected": "tenncare_calc.columnar.partitioned",
        "is_dask_frame": "tenncare_calc.columnar.partitioned",
        "run_by_member": "tenncare_calc.columnar.partitioned",
        "parameter_versions": "tenncare_calc.columnar.profile_parameters",
        "FORMATS": "tenncare_calc.columnar.readers",
        "InputColumns": "tenncare_calc.columnar.input_columns",
        "InputRows": "tenncare_calc.columnar.readers",
        "read_columns": "tenncare_calc.columnar.column_files",
        "read_rows": "tenncare_calc.columnar.readers",
        "MAX_ERROR_ROWS": "tenncare_calc.columnar.rejected",
        "ON_ERROR_CHOICES": "tenncare_calc.columnar.rejected",
        "OnError": "tenncare_calc.columnar.rejected",
        "QUOTED_ROWS": "tenncare_calc.columnar.rejected",
        "check_on_error": "tenncare_calc.columnar.rejected",
        "empty_rejected": "tenncare_calc.columnar.rejected",
        "explain_rejected": "tenncare_calc.columnar.rejected",
        "rejected_error": "tenncare_calc.columnar.rejected",
        "rejected_records": "tenncare_calc.columnar.rejected",
        "rejected_rows": "tenncare_calc.columnar.rejected",
        "rejected_table": "tenncare_calc.columnar.rejected",
        "FILE_HEADER_LINES": "tenncare_calc.columnar.row_lines",
        "file_line": "tenncare_calc.columnar.row_lines",
        "has_quotes": "tenncare_calc.columnar.row_lines",
        "record_lines": "tenncare_calc.columnar.row_lines",
        "renumbered": "tenncare_calc.columnar.row_lines",
        "row_number": "tenncare_calc.columnar.row_lines",
        "row_word": "tenncare_calc.columnar.row_lines",
        "groups": "tenncare_calc.columnar.row_groups",
        "empty_cell": "tenncare_calc.columnar.row_input",
        "plain_cell": "tenncare_calc.columnar.row_input",
        "table_rows": "tenncare_calc.columnar.row_input",
        "kept_rows": "tenncare_calc.columnar.row_groups",
        "CheckedTable": "tenncare_calc.columnar.tables",
        "TableInput": "tenncare_calc.columnar.tables",
        "read_table": "tenncare_calc.columnar.tables",
        "on_clock_of": "tenncare_calc.columnar.clocks",
        "zone_of": "tenncare_calc.columnar.clocks",
        "MICROS_PER_DAY": "tenncare_calc.columnar.times",
        "MICROS_PER_MINUTE": "tenncare_calc.columnar.times",
        "moments": "tenncare_calc.columnar.times",
        "times_of_day": "tenncare_calc.columnar.times",
    },
)
