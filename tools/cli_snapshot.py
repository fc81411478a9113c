"""Record what the command line prints on the bundled samples, and compare a later run with it.

A refactoring that must keep the command line byte-identical is checked in two steps, from the
project root::

    python tools/cli_snapshot.py record /tmp/before.json     # on the commit before the change
    python tools/cli_snapshot.py compare /tmp/before.json    # on the commit after it

Every command runs on its bundled sample in every ``--format`` (``xlsx`` into a temporary file,
compared by every sheet's cells: values, formulas and number formats), with ``--part`` for each of
its parts (read from the command's own error message for an unknown part), with
``--on-error collect``, with a what-if ``--set``, plus ``--help`` of every command and a set of
mistakes (a missing file, a bad option value). For each run the snapshot keeps the exit code,
standard output and standard error. ``compare`` prints each difference and exits 1 when there is
one.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "tenncare_calc" / "data" / "samples"
FORMATS = ("table", "text", "json", "csv", "markdown")

#: Each command with the arguments that run it on its bundled sample.
COMMANDS: dict[str, list[str]] = {
    "demo": ["demo"],
    "incentive": ["incentive", "{samples}/plan_year_2008.toml"],
    "incentive-rates": [
        "incentive",
        "{samples}/rates_2008.csv",
        "--measurement-year",
        "2008",
        "--member-months",
        "2164219",
        "--capitation",
        "650000000",
    ],
    "damages": ["damages", "{samples}/damages_2008.csv", "--year", "2008"],
    "member-months": ["member-months", "{samples}/enrollment_spans_2008.csv", "--year", "2008"],
    "community-tenure": [
        "community-tenure",
        "{samples}/mental_health_stays_2008.csv",
        "--year",
        "2008",
        "--data-through",
        "2009-03-31",
    ],
    "access-timeliness": ["access", "timeliness", "{samples}/access_appointments.csv"],
    "access-distance": ["access", "distance", "{samples}/access_distances.csv"],
    "nemt-lead-time": ["nemt", "lead-time", "{samples}/nemt_trips.csv"],
    "nemt-decision": ["nemt", "decision", "{samples}/nemt_trips.csv"],
    "nemt-manifest": ["nemt", "manifest", "{samples}/nemt_trips.csv"],
    "profile-show": ["profile", "show"],
    "program": ["program", "{samples}/program"],
}

#: Extra runs: options each command has, and mistakes (with the exit code and message they give).
EXTRA: dict[str, list[str]] = {
    "damages-collect": [
        "damages",
        "{samples}/damages_2008.csv",
        "--year",
        "2008",
        "--on-error",
        "collect",
    ],
    "damages-total": [
        "damages",
        "{samples}/damages_2008.csv",
        "--year",
        "2008",
        "--total-payments",
        "1600000000",
    ],
    "damages-per-element": [
        "damages",
        "{samples}/damages_2008.csv",
        "--year",
        "2008",
        "--per-element",
    ],
    "incentive-set": [
        "incentive",
        "{samples}/plan_year_2008.toml",
        "--set",
        "p4p.pmpm_amount=0.04",
        "--format",
        "text",
    ],
    "program-compare": [
        "program",
        "{samples}/program",
        "--set",
        "p4p.behavioral_rates_rule=any",
        "--compare",
    ],
    "program-reconcile": [
        "program",
        "{samples}/program",
        "--reconcile",
        "{samples}/program/state_figures.csv",
        "--format",
        "text",
    ],
    "incentive-compare": [
        "incentive",
        "{samples}/plan_year_2008.toml",
        "--set",
        "p4p.pmpm_amount=0.04",
        "--compare",
    ],
    "incentive-set-bad": ["incentive", "{samples}/plan_year_2008.toml", "--set", "p4p.pmpm=0.04"],
    "incentive-set-nonsense": ["incentive", "{samples}/plan_year_2008.toml", "--set", "nonsense"],
    "member-months-any-day": [
        "member-months",
        "{samples}/enrollment_spans_2008.csv",
        "--year",
        "2008",
        "--convention",
        "any_day",
    ],
    "member-months-missing": ["member-months", "{samples}/no_such_file.csv", "--year", "2008"],
    "member-months-no-year": ["member-months", "{samples}/enrollment_spans_2008.csv"],
    "access-carry": [
        "access",
        "timeliness",
        "{samples}/access_appointments.csv",
        "--carry",
        "appointment_id",
    ],
    "access-distance-on": [
        "access",
        "distance",
        "{samples}/access_distances.csv",
        "--on",
        "2008-06-01",
    ],
    "access-distance-on-bad": [
        "access",
        "distance",
        "{samples}/access_distances.csv",
        "--on",
        "June",
    ],
    "nemt-collect": ["nemt", "lead-time", "{samples}/nemt_trips.csv", "--on-error", "collect"],
    "xlsx-without-output": [
        "damages",
        "{samples}/damages_2008.csv",
        "--year",
        "2008",
        "--format",
        "xlsx",
    ],
    "xlsx-with-part": [
        "damages",
        "{samples}/damages_2008.csv",
        "--year",
        "2008",
        "--format",
        "xlsx",
        "--output",
        "x.xlsx",
        "--part",
        "by_item",
    ],
    "profile-text": ["profile", "show", "--format", "text", "--set", "p4p.cap_percent=110"],
    "profile-bad-file": ["profile", "show", "--profile", "{samples}/rates_2008.csv"],
    "no-command": [],
    "help": ["--help"],
    "unknown-command": ["nonsense"],
}


def _command(arguments: list[str]) -> list[str]:
    return [sys.executable, "-m", "tenncare_calc", *(a.format(samples=SAMPLES) for a in arguments)]


def _run(arguments: list[str], workdir: Path) -> dict[str, object]:
    environment = {**os.environ, "COLUMNS": "100", "PYTHONHASHSEED": "0"}
    done = subprocess.run(  # noqa: S603 - runs this project's own command line
        _command(arguments),
        capture_output=True,
        text=True,
        cwd=workdir,
        env=environment,
        check=False,
    )
    # the checkout's own path appears in messages about files: keep runs comparable across checkouts
    return {
        "exit": done.returncode,
        "stdout": done.stdout.replace(str(ROOT), "<root>"),
        "stderr": done.stderr.replace(str(ROOT), "<root>"),
    }


def _workbook(path: Path) -> object:
    """Return every sheet's cells (value or formula, and number format) as plain data."""
    import openpyxl  # noqa: PLC0415 - only for the xlsx runs

    book = openpyxl.load_workbook(path)
    return {
        sheet.title: [
            [(str(cell.value), cell.number_format) for cell in row if cell.value is not None]
            for row in sheet.iter_rows()
        ]
        for sheet in book.worksheets
    }


def _parts(arguments: list[str], workdir: Path) -> list[str]:
    run = _run([*arguments, "--format", "json", "--part", "no-such-part"], workdir)
    found = re.search(r"parts: \[(.*?)\]", str(run["stderr"]))
    return re.findall(r"'([^']+)'", found.group(1)) if found else []


def _jobs(workdir: Path) -> dict[str, list[str]]:
    jobs: dict[str, list[str]] = {}
    for name, arguments in COMMANDS.items():
        help_words = [word for word in arguments if not word.startswith("{")][:2]
        help_words = [w for w in help_words if not w.startswith("-") and not w.isdigit()]
        jobs[f"{name} --help"] = [*help_words, "--help"]
        for chosen in FORMATS:
            jobs[f"{name} --format {chosen}"] = [*arguments, "--format", chosen]
        for part in _parts(arguments, workdir):
            for chosen in ("json", "csv", "table", "markdown"):
                jobs[f"{name} --part {part} --format {chosen}"] = [
                    *arguments,
                    "--part",
                    part,
                    "--format",
                    chosen,
                ]
    for group in ("access", "nemt", "profile"):
        jobs[f"{group} --help"] = [group, "--help"]
    jobs.update(EXTRA)
    return jobs


def record() -> dict[str, object]:
    """Return every run's exit code and output, and every workbook's cells."""
    with tempfile.TemporaryDirectory() as folder:
        workdir = Path(folder)
        jobs = _jobs(workdir)
        with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
            futures = {
                name: pool.submit(_run, arguments, workdir) for name, arguments in jobs.items()
            }
            runs: dict[str, object] = {name: future.result() for name, future in futures.items()}
        for name, arguments in COMMANDS.items():
            target = workdir / f"{name}.xlsx"
            run = _run([*arguments, "--format", "xlsx", "--output", str(target)], workdir)
            run["workbook"] = _workbook(target) if target.exists() else None
            run["stderr"] = str(run["stderr"]).replace(str(target), "OUTPUT")
            runs[f"{name} --format xlsx"] = run
    return runs


def main() -> int:
    """Record a snapshot to a file, or compare the command line now with one."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=("record", "compare"))
    parser.add_argument("snapshot", type=Path)
    arguments = parser.parse_args()
    now = record()
    if arguments.action == "record":
        arguments.snapshot.write_text(json.dumps(now, indent=1, sort_keys=True), encoding="utf-8")
        print(f"recorded {len(now)} runs in {arguments.snapshot}")  # noqa: T201
        return 0
    before = json.loads(arguments.snapshot.read_text(encoding="utf-8"))
    now = json.loads(json.dumps(now))
    differences = 0
    for name in sorted(set(before) | set(now)):
        if before.get(name) != now.get(name):
            differences += 1
            print(f"DIFFERS: {name}")  # noqa: T201
            old, new = before.get(name) or {}, now.get(name) or {}
            for key in sorted(set(old) | set(new)):
                if old.get(key) != new.get(key):
                    print(f"  {key}: before {str(old.get(key))[:400]!r}")  # noqa: T201
                    print(f"  {key}: now    {str(new.get(key))[:400]!r}")  # noqa: T201
    print(f"{len(now)} runs compared, {differences} differ")  # noqa: T201
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
