"""§2.6.1.2 escorts and accompanying adults, §2.7.5.4.6.1 meals and lodging: the rules' own tests.

These are the tests of ``compliance.nemt.benefit`` run against its mutants (docs/developers.md,
"Mutation testing"). Each finding is compared whole with the clauses written here apart from the
library (:func:`escorts_expected`, :func:`meals_expected`). §2.6.1.2: NEMT covers "one escort per
member"; "an adult accompanying a member under age eighteen (18)" is a covered NEMT service (an
adult member's companion is an escort, and counts against the one); "Except for fixed route and
commercial carrier transport, the CONTRACTOR shall not make separate or additional payment to a
NEMT provider for an escort" or an accompanying adult. §2.7.5.4.6.1: for a child (under 21,
§2.7.5.4.6.2) the transportation assistance includes meals and lodging en route "only ... when
transportation ... cannot be completed in one (1) day and would require an overnight stay". Each
line is probed at it and a unit either side (ages, escorts), every mode and flag; the profile's
values are the lines and the words, read in the version in force on the day asked; and each
error names its field and value.
"""

from __future__ import annotations

import datetime as dt
import functools
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tenncare_calc import (
    InvalidTypeError,
    InvalidValueError,
    OutsideTermError,
    default_profile,
    escort_coverage,
    load_profile,
    meals_and_lodging,
)
from tenncare_calc.compliance import nemt_exclusion
from tests.finding_oracle import finding_of, reported_whole
from tests.versioned_profiles import CHANGE_DATE, with_later_version

if TYPE_CHECKING:
    from tenncare_calc.contract.profile import ContractProfile

ESCORT_SECTION = ("2.6.1.2",)
MEALS_SECTION = ("2.7.5.4.6.1",)
#: §2.6.1.2 ("one escort per member"; "a member under age eighteen (18)"), §2.7.5.4.6.2 (under 21).
ESCORTS, ADULT_UNDER, CHILD_UNDER = 1, 18, 21
ESCORTS_NAME = "nemt.escorts_per_member"
ADULT_NAME = "nemt.accompanying_adult_under_age"
CHILD_NAME = "nemt.child_under_age"
#: The three parameters' term begins with the CRA (2007-04-01).
TERM_START = dt.date(2007, 4, 1)
MODES = ("nemt_provider", "fixed_route", "commercial_carrier")
#: "Except for fixed route and commercial carrier transport".
PAID_MODES = ("fixed_route", "commercial_carrier")
MODES_NAME = "nemt.companion_payment_modes"
PAYMENT = (
    "no separate or additional payment to a NEMT provider for an escort or accompanying adult "
    "(except fixed route and commercial carrier transport)"
)
#: How the payment part's standard names each mode.
MODE_WORDS = {
    "nemt_provider": "nemt provider",
    "fixed_route": "fixed route",
    "commercial_carrier": "commercial carrier",
}


def payment_standard(modes: tuple[str, ...]) -> str:
    """Return the payment part's standard for the modes a separate payment is allowed for."""
    if modes == PAID_MODES:
        return PAYMENT
    base = (
        "no separate or additional payment to a NEMT provider for an escort or accompanying adult"
    )
    words = [MODE_WORDS[mode.lower()] for mode in modes]
    if not words:
        return base
    if len(words) == 1:
        return f"{base} (except {words[0]} transport)"
    return f"{base} (except {', '.join(words[:-1])} and {words[-1]} transport)"


MEALS = "meals and lodging only when the trip cannot be completed in one day"
#: Ages: each line's neighbourhood, or anywhere a member may be.
AGES = st.one_of(st.sampled_from([0, 16, 17, 18, 19, 20, 21, 22]), st.integers(0, 120))


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def escorts_expected(
    age: int,
    escorts: int,
    *,
    adult: bool,
    mode: str = "nemt_provider",
    paid: bool = False,
    allowed: int = ESCORTS,
    under: int = ADULT_UNDER,
    modes: tuple[str, ...] = PAID_MODES,
) -> dict[str, Any]:
    """Return the finding §2.6.1.2 gives a trip's escorts, accompanying adult and payment."""
    minor = age < under
    # an adult member's accompanying adult is an escort, and counts against the limit
    counted = escorts + (1 if adult and not minor else 0)
    companion = " + the accompanying adult of an adult member" if adult and not minor else ""
    count = finding_of(
        "nemt.escorts",
        "met" if counted <= allowed else "not_met",
        f"at most {allowed} escort per member",
        ESCORT_SECTION,
        measured=Decimal(counted),
        limit=Decimal(allowed),
        margin=Decimal(allowed - counted),
        unit="escorts",
        steps=(f"escorts {escorts}{companion}",),
        parameters=((ESCORTS_NAME, allowed),),
    )
    accompanying = finding_of(
        "nemt.escorts",
        ("met" if minor else "not_met") if adult else "not_applicable",
        f"an accompanying adult is covered for a member under age {under}",
        ESCORT_SECTION,
        subject=(("member_age", str(age)),),
        note=None if adult else "no accompanying adult",
        parameters=((ADULT_NAME, under),),
    )
    payment = finding_of(
        "nemt.escorts",
        "not_met" if paid and mode not in {each.lower() for each in modes} else "met",
        payment_standard(modes),
        ESCORT_SECTION,
        subject=(("mode", mode), ("separate_payment", _yes(paid))),
        parameters=((MODES_NAME, modes),),
    )
    parts = (count, accompanying, payment)
    return finding_of(
        "nemt.escorts",
        "not_met" if any(part["outcome"] == "not_met" for part in parts) else "met",
        "escorts and accompanying adults within the NEMT benefit",
        ESCORT_SECTION,
        subject=(("member_age", str(age)), ("escorts", str(escorts)), ("mode", mode)),
        parts=parts,
    )


def meals_expected(
    age: int, *, one_day: bool, provided: bool, under: int = CHILD_UNDER
) -> dict[str, Any]:
    """Return the finding §2.7.5.4.6.1 gives a trip's meals and lodging."""
    subject = (
        ("member_age", str(age)),
        ("completed_in_one_day", _yes(one_day)),
        ("provided", _yes(provided)),
    )
    parameters = ((CHILD_NAME, under),)
    if age >= under:
        return finding_of(
            "nemt.meals_lodging",
            "not_applicable",
            MEALS,
            MEALS_SECTION,
            subject=subject,
            note=f"§2.7.5.4.6.1 covers children (members under {under})",
            parameters=parameters,
        )
    overnight = not one_day
    return finding_of(
        "nemt.meals_lodging",
        "met" if provided == overnight else "not_met",
        MEALS,
        MEALS_SECTION,
        subject=subject,
        note=(
            "overnight stay needed: meals and lodging are part of the transportation assistance"
            if overnight
            else "completed in one day: no reimbursement for meals or lodging"
        ),
        parameters=parameters,
    )


@functools.cache
def lines_profile(escorts: int, adult_under: int, child_under: int) -> ContractProfile:
    """Return the shipped profile with other escorts and ages (cached: Hypothesis asks often)."""
    return load_profile(
        overrides={ESCORTS_NAME: escorts, ADULT_NAME: adult_under, CHILD_NAME: child_under}
    )


@functools.cache
def later_profile() -> ContractProfile:
    """Return the shipped profile with 2 escorts, ages 16 and 19, one mode, from the change."""
    profile = default_profile()
    for name, value in (
        (ESCORTS_NAME, 2),
        (ADULT_NAME, 16),
        (CHILD_NAME, 19),
        (MODES_NAME, ["fixed_route"]),
    ):
        profile = with_later_version(profile, name, value)
    return profile


class TestEscorts:
    """``escort_coverage``: the whole finding, each line on both sides and at it."""

    @given(AGES, st.integers(0, 4), st.booleans(), st.sampled_from(MODES), st.booleans())
    def test_each_trip_is_what_the_clause_says(
        self, age: int, escorts: int, adult: bool, mode: str, paid: bool
    ) -> None:
        """Outcome, parts, figures, steps, notes, subject, sections and parameters."""
        found = escort_coverage(
            member_age=age,
            escorts=escorts,
            accompanying_adult=adult,
            mode=mode,  # type: ignore[arg-type]
            separate_payment=paid,
        )
        assert reported_whole(found) == escorts_expected(
            age, escorts, adult=adult, mode=mode, paid=paid
        )

    @pytest.mark.parametrize("adult", [False, True])
    def test_the_escorts_line(self, adult: bool) -> None:
        """No escort and one are within the benefit, two are one too many, a minor's adult aside."""
        found = [
            escort_coverage(member_age=10, escorts=count, accompanying_adult=adult)
            for count in (0, 1, 2)
        ]
        assert [(f.parts[0].met, f.parts[0].margin) for f in found] == [
            (True, Decimal(1)),
            (True, Decimal(0)),
            (False, Decimal(-1)),
        ]
        assert [f.met for f in found] == [True, True, False]

    def test_the_age_line_of_an_accompanying_adult(self) -> None:
        """At 17 an accompanying adult is covered; at 18 it is an escort, one too many with one."""
        minor, adult = (
            escort_coverage(member_age=age, escorts=1, accompanying_adult=True) for age in (17, 18)
        )
        assert [part.outcome.value for part in minor.parts] == ["met", "met", "met"]
        assert [part.outcome.value for part in adult.parts] == ["not_met", "not_met", "met"]
        assert (minor.parts[0].measured, adult.parts[0].measured) == (Decimal(1), Decimal(2))
        assert adult.parts[0].steps == ("escorts 1 + the accompanying adult of an adult member",)
        alone = escort_coverage(member_age=18, escorts=0, accompanying_adult=True)
        assert (alone.parts[0].met, alone.parts[1].met, alone.met) == (True, False, False)

    @pytest.mark.parametrize("mode", MODES)
    def test_separate_payment_by_mode(self, mode: str) -> None:
        """A separate payment is allowed for fixed route and commercial carrier transport only."""
        paid = escort_coverage(member_age=40, escorts=1, mode=mode, separate_payment=True)  # type: ignore[arg-type]
        unpaid = escort_coverage(member_age=40, escorts=1, mode=mode)  # type: ignore[arg-type]
        assert (paid.parts[2].met, paid.met) == ((mode in PAID_MODES,) * 2)
        assert (unpaid.parts[2].met, unpaid.met) == (True, True)
        assert paid.parts[2].subject == (("mode", mode), ("separate_payment", "yes"))

    def test_the_default_mode(self) -> None:
        """Without a mode the trip is by a NEMT provider: a separate payment is not allowed."""
        found = escort_coverage(member_age=40, escorts=0, separate_payment=True)
        assert reported_whole(found) == escorts_expected(40, 0, adult=False, paid=True)

    @given(st.integers(1, 3), st.integers(1, 30), AGES, st.integers(0, 5), st.booleans())
    def test_the_profile_lines(
        self, allowed: int, under: int, age: int, escorts: int, adult: bool
    ) -> None:
        """The escorts allowed and the age are the profile's: its values are the lines and words."""
        found = escort_coverage(
            member_age=age,
            escorts=escorts,
            accompanying_adult=adult,
            profile=lines_profile(allowed, under, CHILD_UNDER),
        )
        assert reported_whole(found) == escorts_expected(
            age, escorts, adult=adult, allowed=allowed, under=under
        )

    def test_the_parameters_it_read(self) -> None:
        """The escorts allowed on the count, the age on the accompanying adult, with their term."""
        found = escort_coverage(member_age=12, escorts=1, accompanying_adult=True)
        assert [
            [(p.name, p.value, p.effective_from) for p in part.parameters] for part in found.parts
        ] == [
            [(ESCORTS_NAME, 1, TERM_START)],
            [(ADULT_NAME, 18, TERM_START)],
            [(MODES_NAME, PAID_MODES, TERM_START)],
        ]

    def test_ages_and_counts_written_as_text(self) -> None:
        """An age and a count as text are read as the whole numbers they are."""
        found = escort_coverage(member_age="17", escorts="1", accompanying_adult=True)  # type: ignore[arg-type]
        assert reported_whole(found) == escorts_expected(17, 1, adult=True)


@functools.cache
def modes_profile(modes: tuple[str, ...]) -> ContractProfile:
    """Return the shipped profile with other modes allowing a separate companion payment."""
    return load_profile(overrides={MODES_NAME: list(modes)})


#: Lists of modes a profile may allow a separate payment for, in any order and case.
MODE_LISTS = st.lists(st.sampled_from(MODES), unique=True).flatmap(
    lambda modes: st.tuples(*(st.sampled_from([mode, mode.upper()]) for mode in modes))
)


class TestPaymentModes:
    """The modes a separate payment is allowed for are the profile's, as the exclusions read them."""

    @given(MODE_LISTS, st.sampled_from(MODES), st.booleans())
    def test_the_profile_modes(self, modes: tuple[str, ...], mode: str, paid: bool) -> None:
        """Any list of modes: a payment for another mode is not met, and the standard names them."""
        found = escort_coverage(
            member_age=40,
            escorts=1,
            mode=mode,  # type: ignore[arg-type]
            separate_payment=paid,
            profile=modes_profile(modes),
        )
        assert reported_whole(found) == escorts_expected(
            40, 1, adult=False, mode=mode, paid=paid, modes=modes
        )

    @given(MODE_LISTS)
    def test_the_same_verdict_as_the_exclusions(self, modes: tuple[str, ...]) -> None:
        """A separate escort payment is allowed here exactly when ``nemt_exclusion`` allows it."""
        profile = modes_profile(modes)
        for mode in MODES:
            found = escort_coverage(
                member_age=40,
                escorts=1,
                mode=mode,  # type: ignore[arg-type]
                separate_payment=True,
                profile=profile,
            )
            excluded = nemt_exclusion(category="escort", mode=mode, profile=profile)
            assert found.parts[2].met is excluded.met, (modes, mode)

    def test_commercial_carriers_no_longer_allowed(self) -> None:
        """Fixed route alone: a commercial carrier's separate escort payment is not met."""
        found = escort_coverage(
            member_age=40,
            escorts=1,
            mode="commercial_carrier",
            separate_payment=True,
            profile=modes_profile(("fixed_route",)),
        )
        assert (found.parts[2].met, found.met) == (False, False)
        assert found.parts[2].standard == (
            "no separate or additional payment to a NEMT provider for an escort or accompanying "
            "adult (except fixed route transport)"
        )


class TestMealsAndLodging:
    """``meals_and_lodging``: a child's trip, on each side of the age line and of one day."""

    @given(AGES, st.booleans(), st.booleans())
    def test_each_trip_is_what_the_clause_says(
        self, age: int, one_day: bool, provided: bool
    ) -> None:
        """Outcome, note, subject, section and the parameter read."""
        found = meals_and_lodging(member_age=age, completed_in_one_day=one_day, provided=provided)
        assert reported_whole(found) == meals_expected(age, one_day=one_day, provided=provided)

    def test_the_age_line(self) -> None:
        """At 20 a member is a child (the section applies), at 21 not."""
        child, adult = (
            meals_and_lodging(member_age=age, completed_in_one_day=True, provided=True)
            for age in (20, 21)
        )
        assert (child.outcome.value, adult.outcome.value) == ("not_met", "not_applicable")

    @pytest.mark.parametrize(
        ("one_day", "provided", "outcome"),
        [
            (False, True, "met"),
            (False, False, "not_met"),
            (True, False, "met"),
            (True, True, "not_met"),
        ],
    )
    def test_only_when_overnight(self, one_day: bool, provided: bool, outcome: str) -> None:
        """Required when the trip needs an overnight stay, not allowed when it can be done in a day."""
        found = meals_and_lodging(member_age=9, completed_in_one_day=one_day, provided=provided)
        assert found.outcome.value == outcome

    @given(st.integers(1, 40), AGES, st.booleans(), st.booleans())
    def test_the_profile_age(self, under: int, age: int, one_day: bool, provided: bool) -> None:
        """The child's age is the profile's: its value is the line and the note's words."""
        found = meals_and_lodging(
            member_age=age,
            completed_in_one_day=one_day,
            provided=provided,
            profile=lines_profile(ESCORTS, ADULT_UNDER, under),
        )
        assert reported_whole(found) == meals_expected(
            age, one_day=one_day, provided=provided, under=under
        )

    def test_the_parameter_it_read(self) -> None:
        """The child's age with its term, adult member or child."""
        for age in (9, 40):
            found = meals_and_lodging(member_age=age, completed_in_one_day=True, provided=False)
            assert [(p.name, p.value, p.effective_from) for p in found.parameters] == [
                (CHILD_NAME, 21, TERM_START)
            ]


class TestDatedLines:
    """Each line is read in the version in force on the day asked (``on``)."""

    @given(
        AGES,
        st.integers(0, 4),
        st.booleans(),
        st.tuples(st.sampled_from(MODES), st.booleans()),
        st.tuples(st.booleans(), st.booleans()),
    )
    def test_either_side_of_the_change(
        self,
        age: int,
        escorts: int,
        adult: bool,
        payment: tuple[str, bool],
        trip: tuple[bool, bool],
    ) -> None:
        """The day before the change 1 escort, ages 18 and 21, two modes; from it 2, 16, 19, one."""
        (mode, paid), (one_day, provided) = payment, trip
        profile = later_profile()
        for on, (allowed, under, child, modes) in (
            (CHANGE_DATE - dt.timedelta(days=1), (1, 18, 21, PAID_MODES)),
            (CHANGE_DATE, (2, 16, 19, ("fixed_route",))),
        ):
            found = escort_coverage(
                member_age=age,
                escorts=escorts,
                accompanying_adult=adult,
                mode=mode,  # type: ignore[arg-type]
                separate_payment=paid,
                on=on,
                profile=profile,
            )
            assert reported_whole(found) == escorts_expected(
                age,
                escorts,
                adult=adult,
                mode=mode,
                paid=paid,
                allowed=allowed,
                under=under,
                modes=modes,
            )
            meals = meals_and_lodging(
                member_age=age,
                completed_in_one_day=one_day,
                provided=provided,
                on=on,
                profile=profile,
            )
            assert reported_whole(meals) == meals_expected(
                age, one_day=one_day, provided=provided, under=child
            )

    def test_the_versions_read(self) -> None:
        """Each finding names the version it read, with the day it took effect."""
        profile = later_profile()
        for on, since in (
            (CHANGE_DATE - dt.timedelta(days=1), TERM_START),
            (CHANGE_DATE, CHANGE_DATE),
        ):
            escort = escort_coverage(
                member_age=12, escorts=0, accompanying_adult=True, on=on, profile=profile
            )
            meals = meals_and_lodging(
                member_age=12, completed_in_one_day=True, provided=False, on=on, profile=profile
            )
            assert [p.effective_from for part in escort.parts for p in part.parameters] == [
                since
            ] * 3
            assert [p.effective_from for p in meals.parameters] == [since]

    def test_without_a_day_the_latest_version(self) -> None:
        """No ``on``: the latest version of each line."""
        profile = later_profile()
        assert reported_whole(
            escort_coverage(member_age=17, escorts=2, accompanying_adult=True, profile=profile)
        ) == escorts_expected(17, 2, adult=True, allowed=2, under=16, modes=("fixed_route",))
        assert reported_whole(
            meals_and_lodging(
                member_age=20, completed_in_one_day=True, provided=True, profile=profile
            )
        ) == meals_expected(20, one_day=True, provided=True, under=19)

    def test_before_the_term(self) -> None:
        """The day before the CRA: no line is in force, and the error names the parameter."""
        before = TERM_START - dt.timedelta(days=1)
        with pytest.raises(OutsideTermError) as escort:
            escort_coverage(member_age=12, escorts=0, on=before)
        with pytest.raises(OutsideTermError) as meals:
            meals_and_lodging(member_age=12, completed_in_one_day=True, provided=False, on=before)
        assert (escort.value.field, escort.value.value) == (ESCORTS_NAME, before)
        assert (meals.value.field, meals.value.value) == (CHILD_NAME, before)


class TestErrors:
    """Each error is the library's, naming the field and the value given."""

    @pytest.mark.parametrize(
        ("changes", "error", "field", "value", "message"),
        [
            (
                {"member_age": -1},
                InvalidValueError,
                "member_age",
                -1,
                "'member_age' must be >= 0 (got -1)",
            ),
            (
                {"member_age": True},
                InvalidTypeError,
                "member_age",
                True,
                "'member_age' must be a whole number, not bool (got True)",
            ),
            ({"escorts": -1}, InvalidValueError, "escorts", -1, "'escorts' must be >= 0 (got -1)"),
            (
                {"escorts": 1.5},
                InvalidValueError,
                "escorts",
                1.5,
                "'escorts' must be a whole number (got 1.5)",
            ),
            (
                {"accompanying_adult": 1},
                InvalidTypeError,
                "accompanying_adult",
                1,
                "'accompanying_adult' must be True or False (got 1)",
            ),
            (
                {"separate_payment": "yes"},
                InvalidTypeError,
                "separate_payment",
                "yes",
                "'separate_payment' must be True or False (got 'yes')",
            ),
            (
                {"mode": "taxi"},
                InvalidValueError,
                "mode",
                "taxi",
                (
                    "'mode' must be one of ['nemt_provider', 'fixed_route', 'commercial_carrier'] "
                    "(got 'taxi')"
                ),
            ),
            (
                {"mode": 3},
                InvalidTypeError,
                "mode",
                3,
                (
                    "'mode' must be one of ['nemt_provider', 'fixed_route', 'commercial_carrier'] "
                    "(got 3)"
                ),
            ),
        ],
    )
    def test_escort_coverage(
        self,
        changes: dict[str, Any],
        error: type[Exception],
        field: str,
        value: object,
        message: str,
    ) -> None:
        """Each argument's error, with its field, value and message."""
        arguments: dict[str, Any] = {"member_age": 12, "escorts": 1, **changes}
        with pytest.raises(error) as raised:
            escort_coverage(**arguments)
        assert (raised.value.field, raised.value.value) == (field, value)  # type: ignore[attr-defined]
        assert str(raised.value) == message

    @given(
        st.one_of(
            st.none(),
            st.booleans(),
            st.integers(),
            st.floats(allow_nan=False),
            st.decimals(allow_nan=False),
            st.binary(),
            st.lists(st.sampled_from(MODES), max_size=2),
            st.dates(),
        )
    )
    def test_a_mode_not_text_is_a_type_error_as_in_the_exclusions(self, mode: object) -> None:
        """A mode that is not text (a number, bytes, a list): the type error ``nemt_exclusion`` gives.

        Both one-value checks of §2.6.1.2's payment clause read the same ``mode``; a value of the
        wrong type is an ``InvalidTypeError`` (a ``TypeError``) in each, as everywhere else in the
        library, naming the field, the value and the modes.
        """
        with pytest.raises(InvalidTypeError) as raised:
            escort_coverage(member_age=40, escorts=1, mode=mode)  # type: ignore[arg-type]
        with pytest.raises(InvalidTypeError) as excluded:
            nemt_exclusion(category="escort", mode=mode)  # type: ignore[arg-type]
        assert not isinstance(raised.value, ValueError)
        assert (raised.value.field, str(raised.value)) == (  # type: ignore[attr-defined]
            excluded.value.field,  # type: ignore[attr-defined]
            str(excluded.value),
        )
        assert raised.value.value is mode  # type: ignore[attr-defined]
        assert str(raised.value) == (
            "'mode' must be one of ['nemt_provider', 'fixed_route', 'commercial_carrier'] "
            f"(got {mode!r})"
        )

    @pytest.mark.parametrize(
        ("changes", "error", "field", "value", "message"),
        [
            (
                {"member_age": -3},
                InvalidValueError,
                "member_age",
                -3,
                "'member_age' must be >= 0 (got -3)",
            ),
            (
                {"completed_in_one_day": 1},
                InvalidTypeError,
                "completed_in_one_day",
                1,
                "'completed_in_one_day' must be True or False (got 1)",
            ),
            (
                {"provided": None},
                InvalidTypeError,
                "provided",
                None,
                "'provided' must be True or False (got None)",
            ),
        ],
    )
    def test_meals_and_lodging(
        self,
        changes: dict[str, Any],
        error: type[Exception],
        field: str,
        value: object,
        message: str,
    ) -> None:
        """Each argument's error, with its field, value and message."""
        arguments: dict[str, Any] = {
            "member_age": 9,
            "completed_in_one_day": True,
            "provided": False,
            **changes,
        }
        with pytest.raises(error) as raised:
            meals_and_lodging(**arguments)
        assert (raised.value.field, raised.value.value) == (field, value)  # type: ignore[attr-defined]
        assert str(raised.value) == message
