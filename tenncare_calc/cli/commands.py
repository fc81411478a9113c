"""Every subcommand of ``tenncare-calc``, in the order ``--help`` lists them (:data:`COMMANDS`).

A new capability is one more :class:`~tenncare_calc.cli.options.Command` here: its words, its help,
the function returning its result and the function adding its own arguments.

Examples
--------
>>> [" ".join(command.words) for command in COMMANDS][:3]
['demo', 'incentive', 'damages']
"""

from __future__ import annotations

__all__ = ["COMMANDS"]

from typing import TYPE_CHECKING

from tenncare_calc.cli.clause_commands import CLAUSE_COMMANDS
from tenncare_calc.cli.compliance_commands import (
    _access_distance,
    _access_timeliness,
    _checks_arguments,
    _nemt_decision,
    _nemt_lead_time,
    _nemt_manifest,
)
from tenncare_calc.cli.damages_command import _damages, _damages_arguments
from tenncare_calc.cli.enrollment_commands import (
    _community_tenure,
    _community_tenure_arguments,
    _member_months,
    _member_months_arguments,
)
from tenncare_calc.cli.incentive_commands import _demo, _incentive, _incentive_arguments
from tenncare_calc.cli.options import Command
from tenncare_calc.cli.program_command import _program, _program_arguments

if TYPE_CHECKING:
    from tenncare_calc.cli.options import Context
    from tenncare_calc.core.explanation import Explainable


def _profile_show(context: Context) -> Explainable:
    return context.profile


#: The parts of each kind of result, as ``--part`` takes them (``tests/test_cli_parts.py`` checks
#: them against the results).
STATEMENT_PARTS = (
    "summary", "measures", "rates", "cap", "model_parameters", "effect_size_bands", "parameters",
)  # fmt: skip
LEDGER_PARTS = ("assessments", "by_month", "by_quarter", "by_item", "totals", "rejected")
MEMBER_MONTHS_PARTS = ("summary", "by_month", "per_member", "rejected")
TENURE_PARTS = ("summary", "by_plan", "episodes", "rejected")
FINDINGS_PARTS = ("summary", "findings", "rejected", "parameters")
#: A program run's parts; a part per plan (``plan_east``) stands before ``program_totals``.
PROGRAM_PARTS = (
    "summary", "statements", "measures", "figures", "damages_by_item", "damages_by_quarter",
    "liability", "member_months", "community_tenure", "program_totals", "rejected",
)  # fmt: skip
#: The plans of the bundled program sample, which the demo runs.
_SAMPLE_PLANS = ("east", "middle", "west")
DEMO_PARTS = (
    *STATEMENT_PARTS,
    *(f"damages_{part}" for part in LEDGER_PARTS),
    *(f"member_months_{part}" for part in MEMBER_MONTHS_PARTS if part != "per_member"),
    *(f"community_tenure_{part}" for part in TENURE_PARTS if part != "episodes"),
    *(f"program_{part}" for part in PROGRAM_PARTS[:-2]),
    *(f"program_plan_{plan}" for plan in _SAMPLE_PLANS),
    *(f"program_{part}" for part in PROGRAM_PARTS[-2:]),
)


#: Every subcommand, in the order ``--help`` lists them.
COMMANDS: tuple[Command, ...] = (
    Command(
        ("demo",),
        "the bundled samples: a plan-year's statement with the cap, a year's damages ledger, "
        "member months, community tenure and a program run",
        _demo,
        parts=DEMO_PARTS,
    ),
    Command(
        ("incentive",),
        "the pay-for-performance statement of a plan-year file or rates table",
        _incentive,
        _incentive_arguments,
        parts=STATEMENT_PARTS,
    ),
    Command(
        ("damages",),
        "a year's liquidated damages ledger from its observations",
        _damages,
        _damages_arguments,
        parts=LEDGER_PARTS,
    ),
    Command(
        ("member-months",),
        "member months of a calendar year from enrollment spans",
        _member_months,
        _member_months_arguments,
        parts=MEMBER_MONTHS_PARTS,
    ),
    Command(
        ("community-tenure",),
        "the community-tenure (30-day readmission) rate from mental-health stays",
        _community_tenure,
        _community_tenure_arguments,
        parts=TENURE_PARTS,
    ),
    Command(
        ("program",),
        "every plan's statement and damages for every year; --compare a what-if, --reconcile "
        "someone else's figures",
        _program,
        _program_arguments,
    ),
    Command(
        ("access", "timeliness"),
        "time from request to appointment against Attachment V, one finding per appointment",
        _access_timeliness,
        _checks_arguments(
            "appointments",
            "the columns service_code, requested_at, appointment_at (YYYY-MM-DD[ HH:MM]) and "
            "optionally urgency (routine/urgent/emergency), detoxification (yes/no), admission "
            "(voluntary/involuntary)",
            holidays=True,
        ),
        parts=FINDINGS_PARTS,
    ),
    Command(
        ("access", "distance"),
        "distance to a provider against Attachment V, one finding per row",
        _access_distance,
        _checks_arguments(
            "distances",
            "the columns service_code, distance_miles and optionally rural, "
            "placement_approved (yes/no)",
            on=True,
        ),
        parts=FINDINGS_PARTS,
    ),
    Command(
        ("nemt", "lead-time"),
        "NEMT requests against the 72-hour / 3-hour / 4-hour lead times (Attachment XI A.3.2)",
        _nemt_lead_time,
        _checks_arguments(
            "trips",
            "the columns requested_at, pickup_at (YYYY-MM-DD HH:MM), urban, accommodated "
            "(yes/no) and optionally exemption (urgent/provider_change/follow_up)",
        ),
        parts=FINDINGS_PARTS,
    ),
    Command(
        ("nemt", "decision"),
        "NEMT decisions within 24 hours and before the pick-up (Attachment XI A.5.1.3)",
        _nemt_decision,
        _checks_arguments(
            "trips",
            "the columns requested_at, decided_at and optionally pickup_at (YYYY-MM-DD HH:MM)",
        ),
        parts=FINDINGS_PARTS,
    ),
    Command(
        ("nemt", "manifest"),
        "NEMT trip manifests by the provider's close of business the day before (A.5.5.1)",
        _nemt_manifest,
        _checks_arguments(
            "trips",
            "the columns sent_at (YYYY-MM-DD HH:MM), service_date (YYYY-MM-DD or M/D/YYYY) "
            "and close_of_business (HH:MM)",
        ),
        parts=FINDINGS_PARTS,
    ),
    *(Command(*command) for command in CLAUSE_COMMANDS),
    Command(
        ("profile", "show"),
        "every parameter of the contract profile with its value, citation and term",
        _profile_show,
        parts=("profile", "parameters"),
    ),
)
