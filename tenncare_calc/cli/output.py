"""A result written out: in the chosen ``--format``, one ``--part`` or all, to standard output or a file.

``table`` (the default) prints the brief parts as aligned text tables and names the others;
``text`` the full explanation with every citation; ``json``, ``csv`` and ``markdown`` the data;
``html`` one self-contained page (explanation, tables, charts); ``xlsx`` a workbook with live
formulas, which needs ``--output``. ``--bom`` starts a text output with a UTF-8 byte-order mark
(Excel then reads a CSV's ``—`` and ``§`` right).
"""

from __future__ import annotations

__all__: list[str] = []

from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from tenncare_calc.core.errors import InvalidInputError, TennCareError
from tenncare_calc.core.presentable import Presentable

if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable

    from tenncare_calc.core.explanation import Explainable


def _json_text(data: object) -> str:
    """Return ``data`` as indented JSON text, one line more."""
    import json  # noqa: PLC0415 - only for --format json: not every run's start

    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _render(result: Explainable, arguments: argparse.Namespace) -> str:
    """Return the result in the chosen format (not xlsx)."""
    chosen = arguments.format
    part = arguments.part
    if chosen == "text":
        return result.explain() + "\n"
    if chosen == "json" and part is None:
        return _json_text(result.to_dict())
    if not isinstance(result, Presentable):
        raise TennCareError(f"--format {chosen} is not available for this result; use text or json")
    whole: dict[str, Callable[[Presentable], str]] = {
        "html": lambda shown: shown.to_html(),
        "json": lambda shown: _json_text(shown.rows(part)),
        "csv": lambda shown: shown.to_csv(part),
    }
    if chosen in whole:
        return whole[chosen](result)
    tables = [result.table(part)] if part is not None else list(result.tables())
    if chosen == "markdown":
        return "\n\n".join(table.render_markdown() for table in tables) + "\n"
    hidden: list[str] = []
    if part is None:
        hidden = [table.name for table in tables if not table.brief and table.rows]
        tables = [table for table in tables if table.brief]
    text = "\n\n".join(table.render_text(brief=True) for table in tables)
    footer = "(--format text explains every figure with its citation)"
    if hidden:
        footer = f"(also: --part {', '.join(hidden)}; --format text explains every figure)"
    return f"{text}\n\n{footer}\n"


def _check_output(arguments: argparse.Namespace) -> None:
    """Raise for output options that cannot go together, or an unknown part, before any work."""
    parts: tuple[str, ...] = getattr(arguments, "command_parts", ())
    if getattr(arguments, "compare", False) or getattr(arguments, "reconcile", None):
        parts = ()  # a comparison or a reconciliation has its own parts, checked on the result
    if arguments.part is not None and parts and arguments.part not in parts:
        raise InvalidInputError(
            f"no part named {arguments.part!r}; parts: {list(parts)}",
            field="part",
            value=arguments.part,
        )
    if arguments.format in {"xlsx", "html"} and arguments.part is not None:
        raise InvalidInputError(f"--format {arguments.format} writes every part; leave out --part")
    if arguments.format == "xlsx":
        if arguments.output is None:
            raise InvalidInputError("--format xlsx writes a workbook; give --output FILE.xlsx")
        if arguments.bom:
            raise InvalidInputError("--bom is for text formats; a workbook has no byte-order mark")


def _emit(result: Explainable, arguments: argparse.Namespace, out: TextIO) -> None:
    output: str | None = arguments.output
    if arguments.format == "xlsx":
        if not isinstance(result, Presentable):
            raise TennCareError("--format xlsx is not available for this result")
        if output is None:  # pragma: no cover - _check_output asked for it before the work
            raise InvalidInputError("--format xlsx writes a workbook; give --output FILE.xlsx")
        result.to_excel(output)
        return
    text = _render(result, arguments)
    if arguments.bom:
        text = "\ufeff" + text
    if output is None:
        out.write(text)
        return
    try:
        Path(output).write_text(text, encoding="utf-8", newline="")
    except OSError as error:
        raise InvalidInputError(
            f"cannot write --output {output!r}: {error.strerror}", field="output", value=output
        ) from None
