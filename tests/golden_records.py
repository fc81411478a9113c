"""Reviewed records of what a result reports, compared exactly (``tests/golden/*.json``).

A rule's result is read by people: its JSON, its explanation, its tables and their columns. The
tests that use :func:`assert_matches_record` compare all of it with a record a person reviewed, so
that a changed threshold, rounding, label, citation or column fails a test. After a deliberate
change, review the difference and rewrite the records with ``TENNCARE_UPDATE_GOLDEN=1``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tenncare_calc.core.parts import Table

GOLDEN = Path(__file__).parent / "golden"


def _cell(value: object) -> object:
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, Decimal | float):
        return f"{type(value).__name__}:{value}"
    if isinstance(value, dt.date):
        return value.isoformat()
    return repr(value)


def table_record(table: Table) -> dict[str, Any]:
    """Return a table part's title, columns (with their words and types) and cells."""
    return {
        "title": table.title,
        "record": table.record,
        "brief": table.brief,
        "hidden": None if table.hidden is None else list(table.hidden),
        "columns": [
            [
                column.name,
                column.type.value,
                column.title,
                column.unit,
                column.description,
                column.brief,
                column.places,
            ]
            for column in table.columns
        ],
        "rows": [[_cell(cell) for cell in row] for row in table.rows],
    }


def result_record(result: Any) -> dict[str, Any]:
    """Return everything a presentable result reports: repr, JSON, explanation, tables, formulas."""
    record: dict[str, Any] = {
        "repr": repr(result),
        "to_dict": result.to_dict(),
        "explain": result.explain().splitlines(),
        "tables": {table.name: table_record(table) for table in result.tables()},
    }
    formulas = getattr(result, "excel_formulas", None)
    if formulas is not None:
        record["excel_formulas"] = {part: dict(cells) for part, cells in formulas().items()}
    return record


def assert_matches_record(file: str, name: str, actual: Any) -> None:
    """Assert ``actual`` (JSON-ready) equals the reviewed record ``name`` in ``golden/<file>``."""
    path = GOLDEN / file
    expected = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    actual = json.loads(json.dumps(actual))
    if os.environ.get("TENNCARE_UPDATE_GOLDEN") == "1":
        expected[name] = actual
        path.write_text(
            json.dumps(expected, indent=1, ensure_ascii=False, sort_keys=True) + "\n",
            encoding="utf-8",
        )
    assert name in expected, f"no reviewed record {name!r} in {path.name}"
    assert actual == expected[name]
