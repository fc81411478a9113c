"""The NEMT benefit (§2.6.1.2, §2.7.5.4.6.1): escorts, accompanying adults, meals and lodging.

:func:`escort_coverage` judges a trip's escorts and accompanying adult against the benefit, and
:func:`meals_and_lodging` whether meals and lodging en route were provided when (and only when) a
child's trip needs an overnight stay. The limits and ages are lines in
:mod:`~tenncare_calc.compliance.nemt.standards`.
"""

from __future__ import annotations

__all__ = ["TransportMode", "escort_coverage", "meals_and_lodging"]

from decimal import Decimal
from typing import TYPE_CHECKING, Literal, get_args

from tenncare_calc.compliance.findings import Finding, Outcome
from tenncare_calc.compliance.nemt.inputs import _flag, _parameter
from tenncare_calc.compliance.nemt.standards import (
    ACCOMPANYING_ADULT_AGE,
    CHILD_AGE,
    ESCORTS,
    _finding,
)
from tenncare_calc.core.choices import to_choice
from tenncare_calc.core.values import to_count

if TYPE_CHECKING:
    import datetime as dt

    from tenncare_calc.contract.profile import ContractProfile

#: How a trip is made. Separate payment for an escort or accompanying adult is allowed only for
#: fixed route and commercial carrier transport (§2.6.1.2; the modes in
#: ``nemt.companion_payment_modes``).
TransportMode = Literal["nemt_provider", "fixed_route", "commercial_carrier"]
MODES: tuple[str, ...] = get_args(TransportMode)


def escort_coverage(
    *,
    member_age: int,
    escorts: int,
    accompanying_adult: bool = False,
    mode: TransportMode = "nemt_provider",
    separate_payment: bool = False,
    on: dt.date | None = None,
    profile: ContractProfile | None = None,
) -> Finding:
    """Return whether a trip's escorts and accompanying adult fit the NEMT benefit (§2.6.1.2).

    Parts:

    * at most one escort per member;
    * an accompanying adult is a covered NEMT service only for a member under 18 (an adult member's
      companion counts as an escort instead, so it is judged by the escort limit);
    * no separate or additional payment to a NEMT provider for an escort or accompanying adult,
      except for fixed route and commercial carrier transport (the modes in
      ``nemt.companion_payment_modes``, read as
      :func:`~tenncare_calc.compliance.nemt.exclusions.nemt_exclusion` reads them).

    ``mode`` (``nemt_provider``, ``fixed_route`` or ``commercial_carrier``) is read as
    :func:`~tenncare_calc.compliance.nemt.exclusions.nemt_exclusion` and the table checks read a
    choice, in any case and with spaces around it (``" Fixed_Route"`` is ``fixed_route``); the
    finding names it in lower case, and other text is an error answered with the closest mode. A
    mode that is not text (a number, ``None``, bytes) is an
    :class:`~tenncare_calc.core.errors.InvalidTypeError`, as in ``nemt_exclusion``. ``member_age``
    and ``escorts`` are counts, read as every count is: a whole number, or text of one (``"17"``).

    >>> escort_coverage(member_age=12, escorts=1, accompanying_adult=True).met
    True
    >>> escort_coverage(member_age=30, escorts=1, accompanying_adult=True).met
    False
    >>> escort_coverage(member_age=30, escorts=1, mode=" Fixed_Route", separate_payment=True).subject
    (('member_age', '30'), ('escorts', '1'), ('mode', 'fixed_route'))
    """
    age = to_count(member_age, field="member_age")
    count = to_count(escorts, field="escorts")
    adult = _flag(accompanying_adult, "accompanying_adult")
    paid = _flag(separate_payment, "separate_payment")
    # read as nemt_exclusion and the table checks read a choice (trimmed, any case; not text: a
    # type error, as nemt_exclusion's)
    how = to_choice(mode, MODES, field="mode")
    allowed, escorts_parameter = _parameter(profile, "nemt.escorts_per_member", on)
    under, under_parameter = _parameter(profile, "nemt.accompanying_adult_under_age", on)
    minor = ACCOMPANYING_ADULT_AGE.threshold(under).met(age)
    companions = count + (1 if adult and not minor else 0)
    parts = [
        _finding(
            "nemt.escorts",
            measured=Decimal(companions),
            threshold=ESCORTS.threshold(allowed),
            standard=f"at most {allowed} escort per member",
            section="2.6.1.2",
            parameter=escorts_parameter,
            steps=(
                f"escorts {count}"
                + (" + the accompanying adult of an adult member" if adult and not minor else ""),
            ),
        ),
        Finding(
            check="nemt.escorts",
            outcome=(
                Outcome.NOT_APPLICABLE if not adult else Outcome.MET if minor else Outcome.NOT_MET
            ),
            standard=f"an accompanying adult is covered for a member under age {under}",
            sections=("2.6.1.2",),
            subject=(("member_age", str(age)),),
            note=None if adult else "no accompanying adult",
            parameters=(under_parameter,),
        ),
    ]
    modes, modes_parameter = _parameter(profile, "nemt.companion_payment_modes", on)
    exempt_mode = how in {name.lower() for name in modes}
    parts.append(
        Finding(
            check="nemt.escorts",
            outcome=Outcome.NOT_MET if paid and not exempt_mode else Outcome.MET,
            standard="no separate or additional payment to a NEMT provider for an escort or "
            "accompanying adult" + _except(modes),
            sections=("2.6.1.2",),
            subject=(("mode", how), ("separate_payment", "yes" if paid else "no")),
            parameters=(modes_parameter,),
        )
    )
    failed = any(part.outcome is Outcome.NOT_MET for part in parts)
    return Finding(
        check="nemt.escorts",
        outcome=Outcome.NOT_MET if failed else Outcome.MET,
        standard="escorts and accompanying adults within the NEMT benefit",
        sections=("2.6.1.2",),
        subject=(("member_age", str(age)), ("escorts", str(count)), ("mode", how)),
        parts=tuple(parts),
    )


def _except(modes: tuple[str, ...]) -> str:
    """Return the modes a separate payment is allowed for, as words: ``(except fixed route ...)``.

    >>> _except(("fixed_route", "commercial_carrier")), _except(())
    (' (except fixed route and commercial carrier transport)', '')
    """
    words = [name.lower().replace("_", " ") for name in modes]
    if not words:
        return ""
    listed = words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
    return f" (except {listed} transport)"


def meals_and_lodging(
    *,
    member_age: int,
    completed_in_one_day: bool,
    provided: bool,
    on: dt.date | None = None,
    profile: ContractProfile | None = None,
) -> Finding:
    """Return whether meals and lodging were provided as §2.7.5.4.6.1 requires for a child's trip.

    For a child (a member under 21 in TENNderCare, §2.7.5.4.6.2) the contractor provides
    transportation assistance including the cost of meals and lodging en route, but "only ... when
    transportation for a TennCare covered service cannot be completed in one (1) day and would
    require an overnight stay". So for a child: required (and ``met`` only if ``provided``) when
    the trip cannot be completed in one day; not allowed (``not_met`` if ``provided``) when it can.
    For an adult member the section does not apply (``not_applicable``).

    >>> meals_and_lodging(member_age=9, completed_in_one_day=False, provided=True).met
    True
    >>> meals_and_lodging(member_age=9, completed_in_one_day=True, provided=True).met
    False
    """
    age = to_count(member_age, field="member_age")
    one_day = _flag(completed_in_one_day, "completed_in_one_day")
    was_provided = _flag(provided, "provided")
    under, parameter = _parameter(profile, "nemt.child_under_age", on)
    subject = (
        ("member_age", str(age)),
        ("completed_in_one_day", "yes" if one_day else "no"),
        ("provided", "yes" if was_provided else "no"),
    )
    standard = "meals and lodging only when the trip cannot be completed in one day"
    if not CHILD_AGE.threshold(under).met(age):
        return Finding(
            check="nemt.meals_lodging",
            outcome=Outcome.NOT_APPLICABLE,
            standard=standard,
            sections=("2.7.5.4.6.1",),
            subject=subject,
            note=f"§2.7.5.4.6.1 covers children (members under {under})",
            parameters=(parameter,),
        )
    required = not one_day
    return Finding(
        check="nemt.meals_lodging",
        outcome=Outcome.MET if was_provided == required else Outcome.NOT_MET,
        standard=standard,
        sections=("2.7.5.4.6.1",),
        subject=subject,
        note=(
            "overnight stay needed: meals and lodging are part of the transportation assistance"
            if required
            else "completed in one day: no reimbursement for meals or lodging"
        ),
        parameters=(parameter,),
    )
