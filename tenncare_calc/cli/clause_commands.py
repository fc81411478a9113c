"""Commands for the clauses added with issue 16: ``claims ...`` (§2.13.2, §2.12.7.32) and more ``nemt``.

Each reads a table from FILE and returns one finding per row, exactly as the ``access`` and
``nemt`` commands do (rows numbered by their lines in FILE, ``--carry``, ``--on-error``):

* ``claims percent-of-billed FILE`` - §2.13.2, no reimbursement as a percentage of billed charges;
* ``claims global-obstetric FILE --codes ...`` - §2.12.7.32 (the source names no codes);
* ``nemt exclusions FILE`` - §2.6.1.2, what the NEMT benefit does not cover;
* ``nemt notification FILE`` - Attachment XI A.5.4, the member told in time;
* ``nemt minor-denials FILE`` - Attachment XI A.4.1.1, denials of a minor's trip.
"""

from __future__ import annotations

__all__: list[str] = []

from typing import TYPE_CHECKING

from tenncare_calc.cli.compliance_commands import _check_file, _checks_arguments
from tenncare_calc.cli.options import _date_option

if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable

    from tenncare_calc.cli.options import Context
    from tenncare_calc.core.explanation import Explainable


def _codes(value: str | None) -> list[str] | None:
    """Return a comma-separated list of codes, or None when the option was not given."""
    if value is None:
        return None
    return [code.strip() for code in value.split(",") if code.strip()]


def _with_codes(
    what: str, columns: str, option: str, help_text: str
) -> Callable[[argparse.ArgumentParser], None]:
    """Return the arguments of a claims command: FILE, --on-error, --carry, --on and a code list."""
    base = _checks_arguments(what, columns)

    def add(parser: argparse.ArgumentParser) -> None:
        base(parser)
        parser.add_argument(option, metavar="CODE,...", help=help_text)
        parser.add_argument(
            "--on",
            metavar="YYYY-MM-DD",
            help="the date whose profile lists apply (default: the latest)",
        )

    return add


def _with_on(what: str, columns: str) -> Callable[[argparse.ArgumentParser], None]:
    """Return a command's arguments with ``--on``, the date whose profile values apply."""
    base = _checks_arguments(what, columns)

    def add(parser: argparse.ArgumentParser) -> None:
        base(parser)
        parser.add_argument(
            "--on",
            metavar="YYYY-MM-DD",
            help="the date whose profile values apply (default: the latest)",
        )

    return add


def _percent_of_billed(context: Context) -> Explainable:
    from tenncare_calc.compliance import percent_of_billed_charges_table  # noqa: PLC0415 - imported when the command runs
    from tenncare_calc.compliance.claims.percent_of_billed import PERCENT_OF_BILLED_COLUMNS  # noqa: PLC0415

    arguments = context.arguments
    return _check_file(
        context,
        percent_of_billed_charges_table,
        command="claims",
        reads=PERCENT_OF_BILLED_COLUMNS,
        no_medicare_method_codes=_codes(arguments.no_medicare_codes),
        on=_date_option(arguments.on, "--on"),
    )


def _global_obstetric(context: Context) -> Explainable:
    from tenncare_calc.compliance import global_obstetric_claims_table  # noqa: PLC0415 - imported when the command runs
    from tenncare_calc.compliance.claims.global_obstetric import GLOBAL_OBSTETRIC_COLUMNS  # noqa: PLC0415

    arguments = context.arguments
    return _check_file(
        context,
        global_obstetric_claims_table,
        command="claims",
        reads=GLOBAL_OBSTETRIC_COLUMNS,
        codes=_codes(arguments.codes),
        on=_date_option(arguments.on, "--on"),
    )


def _nemt_exclusions(context: Context) -> Explainable:
    from tenncare_calc.compliance import nemt_exclusions_table  # noqa: PLC0415 - imported when the command runs
    from tenncare_calc.compliance.nemt.exclusions import EXCLUSION_COLUMNS  # noqa: PLC0415

    on = _date_option(context.arguments.on, "--on")
    return _check_file(
        context, nemt_exclusions_table, command="nemt", reads=EXCLUSION_COLUMNS, on=on
    )


def _nemt_notification(context: Context) -> Explainable:
    from tenncare_calc.compliance import member_notification_table  # noqa: PLC0415 - imported when the command runs
    from tenncare_calc.compliance.nemt.notification import NOTIFICATION_COLUMNS  # noqa: PLC0415

    return _check_file(
        context, member_notification_table, command="nemt", reads=NOTIFICATION_COLUMNS
    )


def _nemt_minor_denials(context: Context) -> Explainable:
    from tenncare_calc.compliance import minor_denials_table  # noqa: PLC0415 - imported when the command runs
    from tenncare_calc.compliance.nemt.minor_denials import MINOR_DENIAL_COLUMNS  # noqa: PLC0415

    on = _date_option(context.arguments.on, "--on")
    return _check_file(
        context, minor_denials_table, command="nemt", reads=MINOR_DENIAL_COLUMNS, on=on
    )


#: The commands, as (words, help, run, arguments) for :data:`tenncare_calc.cli.commands.COMMANDS`.
CLAUSE_COMMANDS = (
    (
        ("claims", "percent-of-billed"),
        "paid claims against §2.13.2: no reimbursement as a percentage of billed charges",
        _percent_of_billed,
        _with_codes(
            "paid claims",
            "the column pricing_method and optionally billed_amount, stop_loss_threshold, "
            "service_code and no_medicare_method (yes/no)",
            "--no-medicare-codes",
            "service codes with no Medicare reimbursement methodology (§2.13.2.2; default: the "
            "profile's claims.no_medicare_method_codes, empty as shipped)",
        ),
    ),
    (
        ("claims", "global-obstetric"),
        "global obstetric claims paid with supporting encounter data (§2.12.7.32)",
        _global_obstetric,
        _with_codes(
            "paid claims",
            "the columns procedure_code, encounters (a whole number) and optionally paid (yes/no)",
            "--codes",
            "the global obstetric procedure codes (the amendment names none: give them here or "
            "in your profile's claims.global_obstetric_codes)",
        ),
    ),
    (
        ("nemt", "exclusions"),
        (
            "NEMT claims against what §2.6.1.2 does not cover (private automobiles, HCBS-waiver "
            "trips, separate escort payments)"
        ),
        _nemt_exclusions,
        _with_on(
            "NEMT claims",
            "the column category (trip, escort, accompanying_adult, mileage_reimbursement, "
            "car_rental, private_automobile) and optionally mode and hcbs_waiver_service (yes/no)",
        ),
    ),
    (
        ("nemt", "notification"),
        "members told of their arrangements in time (Attachment XI A.5.4)",
        _nemt_notification,
        _checks_arguments(
            "requests",
            "the columns requested_at (YYYY-MM-DD HH:MM), service_date and optionally "
            "notified_at, informed_during_call (yes/no), pickup_at",
        ),
    ),
    (
        ("nemt", "minor-denials"),
        "denials of a minor's trip against A.4.1.1 (no blanket policy; consent at 16)",
        _nemt_minor_denials,
        _with_on(
            "denied trips",
            "the columns member_age, reason (age/no_accompanying_adult/other) and optionally "
            "mental_health_service, blanket_policy (yes/no)",
        ),
    ),
)
