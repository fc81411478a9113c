"""Fixed route (Attachment XI A.4.3.2.4-5): when a bus or trolley is appropriate for a leg.

:func:`fixed_route_appropriateness` judges each measurable test of A.4.3.2.4 (walk, transfers,
added travel time, early arrival, return wait) against its line in
:mod:`~tenncare_calc.compliance.nemt.standards`, and A.4.3.2.5 (a physician's written statement).
"""

from __future__ import annotations

__all__ = ["fixed_route_appropriateness"]

import datetime as dt  # noqa: TC003 - the doctests use it at run time
from decimal import Decimal
from typing import TYPE_CHECKING

from tenncare_calc.compliance.findings import Finding, Outcome
from tenncare_calc.compliance.nemt.inputs import _flag, _minutes_value, _parameter, _shown
from tenncare_calc.compliance.nemt.standards import (
    ADDED_TRAVEL_TIME,
    EARLY_ARRIVAL,
    RETURN_WAIT,
    TRANSFERS,
    WALK,
    _finding,
)
from tenncare_calc.core.missing import is_given
from tenncare_calc.core.values import to_count, to_decimal

if TYPE_CHECKING:
    from tenncare_calc.contract.profile import ContractProfile


def fixed_route_appropriateness(
    *,
    walk_to_stop_miles: object,
    walk_from_stop_miles: object,
    transfers: int,
    fixed_route_minutes: object,
    direct_minutes: object,
    minutes_early: object | None = None,
    minutes_waiting: object | None = None,
    physician_statement: bool = False,
    on: dt.date | None = None,
    profile: ContractProfile | None = None,
) -> Finding:
    """Return whether fixed route passes the measurable tests of A.4.3.2.4 and A.4.3.2.5, per leg.

    Parts (each a finding; the whole is ``not_met`` when any part is):

    * the walk to the first stop and from the last stop, each at most 1/4 mile (A.4.3.2.4.1);
    * at most one change of bus or trolley on the leg (A.4.3.2.4.2);
    * fixed route travel time at most 60 minutes more than direct transportation from pick-up to
      drop-off (A.4.3.2.4.3);
    * going to the appointment: arrival at most 60 minutes before it (``minutes_early``; a negative
      value, arriving after the appointment time, fails) (A.4.3.2.4.4);
    * the return: a wait at the pick-up location of at most 60 minutes after the estimated end of
      the appointment (``minutes_waiting``) (A.4.3.2.4.4);
    * no physician's written statement that the member cannot use fixed route (A.4.3.2.5).

    A test whose input is omitted (``minutes_early`` on a return leg) is ``not_applicable``; a
    missing value (NaN, ``NaT``, ``pd.NA``) or blank text, as an empty cell of an extract arrives,
    is omitted too, as None is. The
    judgements of A.4.3.2.4.5-6 (disabilities, accessibility and safety of the stops) are the
    contractor's and are not made here.

    >>> finding = fixed_route_appropriateness(walk_to_stop_miles="0.25", walk_from_stop_miles="0.1",
    ...     transfers=2, fixed_route_minutes=80, direct_minutes=25, minutes_early=30,
    ...     on=dt.date(2008, 10, 1))
    >>> finding.outcome.value, [part.outcome.value for part in finding.parts]
    ('not_met', ['met', 'not_met', 'met', 'met', 'not_applicable', 'met'])
    """
    walk_to = _minutes_value(walk_to_stop_miles, "walk_to_stop_miles")
    walk_from = _minutes_value(walk_from_stop_miles, "walk_from_stop_miles")
    changes = to_count(transfers, field="transfers")
    fixed = _minutes_value(fixed_route_minutes, "fixed_route_minutes")
    direct = _minutes_value(direct_minutes, "direct_minutes")
    # a missing value or blank text is not given, as None is (docs/inputs.md)
    early = to_decimal(minutes_early, field="minutes_early") if is_given(minutes_early) else None
    waiting = (
        _minutes_value(minutes_waiting, "minutes_waiting") if is_given(minutes_waiting) else None
    )
    statement = _flag(physician_statement, "physician_statement")
    walk_limit, walk = _parameter(profile, "nemt.fixed_route_walk_miles", on)
    transfer_limit, transfer = _parameter(profile, "nemt.fixed_route_transfers_per_leg", on)
    added_limit, added = _parameter(profile, "nemt.fixed_route_added_minutes", on)
    early_limit, early_parameter = _parameter(profile, "nemt.fixed_route_early_arrival_minutes", on)
    wait_limit, wait_parameter = _parameter(profile, "nemt.fixed_route_return_wait_minutes", on)
    longest = max(walk_to, walk_from)
    parts = [
        _finding(
            "nemt.fixed_route.walk_distance",
            measured=longest,
            threshold=WALK.threshold(walk_limit),
            standard=f"walk at most {_shown(walk_limit)} mile to or from a stop",
            section="Attachment XI A.4.3.2.4.1",
            parameter=walk,
            steps=(f"walk to the stop {_shown(walk_to)} mi, from the stop {_shown(walk_from)} mi",),
        ),
        _finding(
            "nemt.fixed_route.transfers",
            measured=Decimal(changes),
            threshold=TRANSFERS.threshold(transfer_limit),
            standard=f"at most {transfer_limit} change of bus or trolley on the leg",
            section="Attachment XI A.4.3.2.4.2",
            parameter=transfer,
        ),
        _finding(
            "nemt.fixed_route.added_travel_time",
            measured=fixed - direct,
            threshold=ADDED_TRAVEL_TIME.threshold(added_limit),
            standard=f"at most {added_limit} minutes more than direct transportation",
            section="Attachment XI A.4.3.2.4.3",
            parameter=added,
            steps=(f"fixed route {_shown(fixed)} min - direct {_shown(direct)} min",),
        ),
    ]
    early_standard = f"arrive at most {early_limit} minutes before the appointment"
    if early is None:
        parts.append(_not_applicable("nemt.fixed_route.early_arrival", early_standard))
    elif early < 0:
        parts.append(
            Finding(
                check="nemt.fixed_route.early_arrival",
                outcome=Outcome.NOT_MET,
                standard=early_standard,
                sections=("Attachment XI A.4.3.2.4.4",),
                note=f"arrives {_shown(-early)} minutes after the appointment time",
                parameters=(early_parameter,),
            )
        )
    else:
        parts.append(
            _finding(
                "nemt.fixed_route.early_arrival",
                measured=early,
                threshold=EARLY_ARRIVAL.threshold(early_limit),
                standard=early_standard,
                section="Attachment XI A.4.3.2.4.4",
                parameter=early_parameter,
            )
        )
    wait_standard = f"wait at most {wait_limit} minutes after the appointment's estimated end"
    if waiting is None:
        parts.append(_not_applicable("nemt.fixed_route.return_wait", wait_standard))
    else:
        parts.append(
            _finding(
                "nemt.fixed_route.return_wait",
                measured=waiting,
                threshold=RETURN_WAIT.threshold(wait_limit),
                standard=wait_standard,
                section="Attachment XI A.4.3.2.4.4",
                parameter=wait_parameter,
            )
        )
    parts.append(
        Finding(
            check="nemt.fixed_route.physician_statement",
            outcome=Outcome.NOT_MET if statement else Outcome.MET,
            standard="no physician's written statement that the member cannot use fixed route",
            sections=("Attachment XI A.4.3.2.5",),
            note="a physician has stated in writing that the member cannot use fixed route"
            if statement
            else None,
        )
    )
    failed = any(part.outcome is Outcome.NOT_MET for part in parts)
    return Finding(
        check="nemt.fixed_route",
        outcome=Outcome.NOT_MET if failed else Outcome.MET,
        standard="fixed route is appropriate only when every measurable test is met",
        sections=("Attachment XI A.4.3.2.4", "Attachment XI A.4.3.2.5"),
        note="A.4.3.2.4.5-6 (disabilities; accessibility and safety of the stops) are not judged",
        parts=tuple(parts),
    )


def _not_applicable(check: str, standard: str) -> Finding:
    return Finding(
        check=check,
        outcome=Outcome.NOT_APPLICABLE,
        standard=standard,
        sections=("Attachment XI A.4.3.2.4.4",),
        note="not given for this leg",
    )
