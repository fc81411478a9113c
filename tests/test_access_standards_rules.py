"""Attachment V as data: the rows, their words and their lines, and the records they come from.

These are the tests of ``compliance.access.standards``, ``compliance.access.records`` (the
profile's records, validated) and ``compliance.section`` (the compliance sections' kinds, the
enrollee age bands) run against their mutants (docs/developers.md, "Mutation testing"). Each row,
standard and limit is built here by hand and compared with what the contract's words say it is,
written apart from the library: a distance standard "Within N miles" is met at most at N miles, a
time limit "Within N hours" at most N hours counted to the microsecond, "N calendar/business days"
at most N such days; the words each one is described in; the JSON-ready form a profile shows; a
service code looked up as the table writes it (text, upper case, trimmed), an unknown or unlisted
one an error naming it; each malformed record's error whole (message, field, value); and each
age's band against a band computed apart.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tenncare_calc import (
    InvalidInputError,
    InvalidTypeError,
    InvalidValueError,
    MissingValueError,
    OutsideTermError,
    default_profile,
    load_profile,
)
from tenncare_calc.compliance.access import standards as standards_module
from tenncare_calc.compliance.access.records import access_standards_from_records
from tenncare_calc.compliance.access.standards import (
    AccessStandards,
    DistanceKind,
    DistanceStandard,
    ServiceStandard,
    TimeLimit,
    TimeStandard,
    TimeUnit,
    profile_or_default,
    service_code_text,
    standards_in_force,
)
from tenncare_calc.compliance.section import (
    ACCESS_STANDARDS,
    AGE_BANDS,
    FINDING_AMOUNTS,
    AgeBands,
    age_bands_from_records,
)
from tenncare_calc.core.thresholds import Comparison
from tests.versioned_profiles import CHANGE_DATE, with_later_version

#: An hour in microseconds, written apart: 60 minutes of 60 seconds of a million microseconds.
HOUR_IN_MICROSECONDS = 3_600_000_000
#: The profile's name of Attachment V.
NAME = "access.behavioral_health"
#: The shipped table's term begins with the amendment (2008-07-01 or earlier): well inside it.
IN_TERM = dt.date(2009, 6, 1)


def a_service(
    identifier: str = "row",
    *,
    adult: tuple[str, ...] = (),
    child: tuple[str, ...] = (),
    codes: tuple[str, ...] = (),
    group: str | None = None,
    note: str | None = None,
) -> ServiceStandard:
    """Return a row with a 30-mile standard and a 7-calendar-day routine limit."""
    return ServiceStandard(
        id=identifier,
        service_type=f"Service {identifier}",
        group=group,
        adult_codes=adult,
        child_codes=child,
        codes=codes,
        distance=DistanceStandard(DistanceKind.MILES, "Within 30 miles", Decimal(30)),
        time=TimeStandard(
            (("routine", TimeLimit(7, TimeUnit.CALENDAR_DAYS)),), "Within 7 calendar days"
        ),
        note=note,
    )


class TestDistanceStandard:
    """A distance standard: its words, its line and its JSON form, kind by kind."""

    @pytest.mark.parametrize(
        ("standard", "words"),
        [
            (
                DistanceStandard(DistanceKind.MILES, "t", Decimal(30)),
                "within 30 miles of the residence",
            ),
            (
                DistanceStandard(DistanceKind.MILES, "t", Decimal("12.5"), rural_exception=True),
                (
                    "within 12.5 miles of the residence "
                    "(rural areas: community standards and documentation)"
                ),
            ),
            (
                DistanceStandard(DistanceKind.PRIOR_APPROVAL, "t", Decimal(60)),
                (
                    "placement more than 60 miles from the residence prior approved by the member "
                    "or legal representative"
                ),
            ),
            (
                DistanceStandard(DistanceKind.ATTACHMENT, "t", reference="Attachment IV"),
                "in accordance with Attachment IV",
            ),
            (DistanceStandard(DistanceKind.NOT_SUBJECT, "t"), "not subject to access standards"),
            # a kind with miles but none given has no line: it reads as no standard
            (DistanceStandard(DistanceKind.MILES, "t"), "not subject to access standards"),
            (DistanceStandard(DistanceKind.PRIOR_APPROVAL, "t"), "not subject to access standards"),
            # miles on a kind that takes none are not words of it
            (
                DistanceStandard(DistanceKind.NOT_SUBJECT, "t", Decimal(5)),
                "not subject to access standards",
            ),
            (
                DistanceStandard(DistanceKind.ATTACHMENT, "t", Decimal(5), reference="III"),
                "in accordance with III",
            ),
        ],
    )
    def test_the_words_of_each_kind(self, standard: DistanceStandard, words: str) -> None:
        """Each kind described as Attachment V says it."""
        assert standard.describe() == words

    @given(st.decimals(min_value=Decimal("0.01"), max_value=Decimal(500), places=2))
    def test_the_line_is_at_most_the_miles(self, miles: Decimal) -> None:
        """Within N miles: met at N and below, not a cent above."""
        line = DistanceStandard(DistanceKind.MILES, "t", miles).threshold
        assert line is not None
        assert (line.limit, line.unit, line.comparison) == (miles, "miles", Comparison.AT_MOST)
        assert line.met(miles) is True
        assert line.met(miles - Decimal("0.01")) is True
        assert line.met(miles + Decimal("0.01")) is False

    def test_no_miles_no_line(self) -> None:
        """A standard without miles (attachment, not subject) has no line to meet."""
        for kind in DistanceKind:
            assert DistanceStandard(kind, "t").threshold is None, kind

    def test_the_class_line(self) -> None:
        """Every distance standard is 'at most', in miles."""
        assert DistanceStandard.comparison is Comparison.AT_MOST
        assert DistanceStandard.unit == "miles"

    def test_the_json_form(self) -> None:
        """Every field, the miles as text (exact), the kind by its profile name."""
        assert DistanceStandard(
            DistanceKind.MILES, "Within 30.5 miles", Decimal("30.5"), rural_exception=True
        ).to_dict() == {
            "kind": "miles",
            "text": "Within 30.5 miles",
            "miles": "30.5",
            "rural_exception": True,
            "reference": None,
        }
        assert DistanceStandard(
            DistanceKind.ATTACHMENT, "In accordance with III", reference="III"
        ).to_dict() == {
            "kind": "attachment",
            "text": "In accordance with III",
            "miles": None,
            "rural_exception": False,
            "reference": "III",
        }

    def test_the_kinds_profile_names(self) -> None:
        """The kinds as the profile writes them."""
        assert {kind.value for kind in DistanceKind} == {
            "miles",
            "attachment",
            "not_subject",
            "prior_approval",
        }
        assert [unit.value for unit in TimeUnit] == ["hours", "calendar days", "business days"]


class TestTimeLimit:
    """A time limit: its words, its minutes and its line, unit by unit."""

    @pytest.mark.parametrize(
        ("limit", "words"),
        [
            (TimeLimit(1, TimeUnit.HOURS), "1 hour"),
            (TimeLimit(2, TimeUnit.HOURS), "2 hours"),
            (TimeLimit(24, TimeUnit.HOURS), "24 hours"),
            (TimeLimit(1, TimeUnit.CALENDAR_DAYS), "1 calendar day"),
            (TimeLimit(14, TimeUnit.CALENDAR_DAYS), "14 calendar days"),
            (TimeLimit(1, TimeUnit.BUSINESS_DAYS), "1 business day"),
            (TimeLimit(3, TimeUnit.BUSINESS_DAYS), "3 business days"),
            (TimeLimit(0, TimeUnit.BUSINESS_DAYS), "0 business days"),
        ],
    )
    def test_the_words(self, limit: TimeLimit, words: str) -> None:
        """One of a unit is singular; any other amount plural."""
        assert limit.describe() == words

    @given(st.integers(min_value=1, max_value=10_000))
    def test_minutes_of_an_hours_limit(self, hours: int) -> None:
        """N hours are 60 N minutes."""
        assert TimeLimit(hours, TimeUnit.HOURS).minutes == hours * 60

    @given(st.integers(min_value=1, max_value=10_000))
    def test_an_hours_line_counts_microseconds(self, hours: int) -> None:
        """N hours: met at N hours exactly and a microsecond less, not a microsecond more."""
        line = TimeLimit(hours, TimeUnit.HOURS).threshold
        exact = hours * HOUR_IN_MICROSECONDS
        assert (line.limit, line.unit, line.comparison) == (
            exact,
            "microseconds",
            Comparison.AT_MOST,
        )
        assert (line.met(exact - 1), line.met(exact), line.met(exact + 1)) == (True, True, False)
        assert standards_module.MICROS_PER_HOUR == HOUR_IN_MICROSECONDS

    @given(
        st.integers(min_value=1, max_value=400),
        st.sampled_from([TimeUnit.CALENDAR_DAYS, TimeUnit.BUSINESS_DAYS]),
    )
    def test_a_days_line_counts_days(self, days: int, unit: TimeUnit) -> None:
        """N calendar or business days: met at N days, not at N + 1."""
        line = TimeLimit(days, unit).threshold
        assert (line.limit, line.unit, line.comparison) == (days, unit.value, Comparison.AT_MOST)
        assert (line.met(days - 1), line.met(days), line.met(days + 1)) == (True, True, False)
        assert line.describe() == f"at most {days} {unit.value}"

    def test_the_class_line(self) -> None:
        """Every time limit is 'at most'."""
        assert TimeLimit.comparison is Comparison.AT_MOST


class TestTimeStandard:
    """A service's limits by variant, and its JSON form."""

    STANDARD = TimeStandard(
        (
            ("emergency", TimeLimit(1, TimeUnit.HOURS)),
            ("urgent", TimeLimit(4, TimeUnit.HOURS)),
        ),
        "1 hour (emergency)/4 hours (urgent)",
    )

    def test_a_limit_by_variant(self) -> None:
        """Each variant's limit; a variant the service has not, none."""
        assert self.STANDARD.limit("emergency") == TimeLimit(1, TimeUnit.HOURS)
        assert self.STANDARD.limit("urgent") == TimeLimit(4, TimeUnit.HOURS)
        assert self.STANDARD.limit("routine") is None

    def test_the_variants_in_order(self) -> None:
        """The variant names, in the row's order."""
        assert self.STANDARD.variants() == ("emergency", "urgent")

    def test_measured_from_the_request_unless_said(self) -> None:
        """Measured from the request by default; a referral when the row says so."""
        assert self.STANDARD.measured_from == "request"
        referral = attrs.evolve(self.STANDARD, measured_from="referral")
        assert referral.to_dict()["measured_from"] == "referral"

    def test_the_json_form(self) -> None:
        """The limits in words by variant, the text, what it is measured from."""
        assert self.STANDARD.to_dict() == {
            "limits": {"emergency": "1 hour", "urgent": "4 hours"},
            "text": "1 hour (emergency)/4 hours (urgent)",
            "measured_from": "request",
        }


class TestServiceStandard:
    """A row: its codes, each code's age group, its label and JSON form."""

    def test_every_code_adult_child_then_unlabelled(self) -> None:
        """The adult codes, the child codes, then the codes listed without a label."""
        row = a_service(adult=("11", "79"), child=("A1",), codes=("Z1", "Z2"))
        assert row.all_codes() == ("11", "79", "A1", "Z1", "Z2")

    def test_the_age_group_of_each_code(self) -> None:
        """Adult, child, or any (unlabelled, or a code the row does not list)."""
        row = a_service(adult=("11",), child=("A1",), codes=("Z1",))
        assert [row.age_group(code) for code in ("11", "A1", "Z1", "QQ")] == [
            "adult",
            "child",
            "any",
            "any",
        ]
        both = a_service(adult=("11",), child=("11",))
        assert both.age_group("11") == "adult"

    def test_the_label(self) -> None:
        """The service type under its group when it has one."""
        assert a_service("x", codes=("1",)).label() == "Service x"
        assert a_service("x", codes=("1",), group="Crisis").label() == "Crisis: Service x"
        assert a_service("x", codes=("1",), group="").label() == "Service x"

    def test_the_json_form(self) -> None:
        """Every field, codes as lists, the standards in their JSON forms."""
        row = a_service("x", adult=("11",), child=("A1",), codes=("Z1",), group="G", note="n")
        assert row.to_dict() == {
            "id": "x",
            "service_type": "Service x",
            "group": "G",
            "adult_codes": ["11"],
            "child_codes": ["A1"],
            "codes": ["Z1"],
            "distance": {
                "kind": "miles",
                "text": "Within 30 miles",
                "miles": "30",
                "rural_exception": False,
                "reference": None,
            },
            "time": {
                "limits": {"routine": "7 calendar days"},
                "text": "Within 7 calendar days",
                "measured_from": "request",
            },
            "note": "n",
        }
        assert a_service("y", codes=("1",)).to_dict()["note"] is None


class TestAccessStandards:
    """The table: its codes in order, a code's row, and the error for a code without one."""

    ROWS = (
        a_service("first", adult=("11",), child=("A1",)),
        a_service("second", codes=("20", "B6")),
    )
    TABLE = AccessStandards(ROWS, ("88", "E2"))

    def test_the_codes_in_table_order(self) -> None:
        """Every code of every row, row by row."""
        assert self.TABLE.codes() == ("11", "A1", "20", "B6")

    @pytest.mark.parametrize(
        ("code", "row"),
        [("11", 0), ("A1", 0), ("a1", 0), (" 20 ", 1), (20, 1), ("b6", 1), ("\tB6\n", 1)],
    )
    def test_a_codes_row(self, code: object, row: int) -> None:
        """A code as text or a whole number, in any case and padding, finds its row."""
        assert self.TABLE.service(code) is self.ROWS[row]

    @pytest.mark.parametrize("code", ["99", 99, "z9", "1 1"])
    def test_an_unknown_code(self, code: object) -> None:
        """A code not in the table: an error naming it as the table writes it, and the codes."""
        with pytest.raises(InvalidInputError) as raised:
            self.TABLE.service(code)
        text = str(code).strip().upper()
        assert str(raised.value) == (
            f"service code {text!r} is not in Attachment V; known codes: 11, A1, 20, B6"
        )
        assert (raised.value.field, raised.value.value) == ("service_code", code)

    @pytest.mark.parametrize("code", ["88", " e2"])
    def test_a_code_listed_without_a_standard(self, code: str) -> None:
        """A code Attachment V lists for the Provider Enrollment File only: an error saying so."""
        with pytest.raises(InvalidInputError) as raised:
            self.TABLE.service(code)
        text = code.strip().upper()
        assert str(raised.value) == (
            f"service code {text!r} is listed in Attachment V for the Provider Enrollment File "
            "only; the access table sets no distance or time standard for it"
        )
        assert (raised.value.field, raised.value.value) == ("service_code", code)

    def test_the_json_form(self) -> None:
        """The rows and the codes listed without a standard."""
        assert self.TABLE.to_records() == [row.to_dict() for row in self.ROWS]
        assert self.TABLE.to_dict() == {
            "services": [row.to_dict() for row in self.ROWS],
            "listed_without_standard": ["88", "E2"],
        }
        assert AccessStandards(self.ROWS).to_dict()["listed_without_standard"] == []

    def test_the_summary(self) -> None:
        """Rows and codes counted."""
        assert self.TABLE.describe() == "2 service types, 4 service codes"

    def test_the_index_is_no_field(self) -> None:
        """Two tables of the same rows are equal; the index is neither shown nor an argument."""
        assert AccessStandards(self.ROWS, ("88", "E2")) == self.TABLE
        assert "by_code" not in repr(self.TABLE)
        with pytest.raises(TypeError):
            AccessStandards(self.ROWS, (), {})  # type: ignore[call-arg]


class TestServiceCodeText:
    """A service code as the table writes it; a code of another type or blank is an error."""

    @given(st.integers(min_value=0, max_value=10**6))
    def test_a_whole_number(self, code: int) -> None:
        """A whole number is its digits."""
        assert service_code_text(code) == str(code)

    @given(
        st.text("abcxyzABC019", min_size=1, max_size=4),
        st.sampled_from(["", " ", "\t", "  \n"]),
        st.sampled_from(["", " ", "\r\n"]),
    )
    def test_text_trimmed_in_upper_case(self, code: str, before: str, after: str) -> None:
        """Text is trimmed and upper-cased."""
        assert service_code_text(before + code + after) == code.upper()

    @given(st.integers(min_value=1 - 2**53, max_value=2**53 - 1))  # a float past it: no code
    def test_a_whole_number_of_another_numeric_type(self, code: int) -> None:
        """A whole number as a float, a Decimal or a numpy integer is its digits, as in a table."""
        for written in (float(code), Decimal(code), Decimal(code).quantize(Decimal("0.01"))):
            assert service_code_text(written) == str(code)

    @pytest.mark.parametrize("code", [1.5, Decimal("19.01"), float("inf")])
    def test_a_number_that_is_no_code(self, code: object) -> None:
        """A fraction or an infinity is no code: a value error naming the field and value."""
        with pytest.raises(InvalidValueError) as raised:
            service_code_text(code)
        assert not isinstance(raised.value, TypeError)
        assert (raised.value.field, raised.value.value) == ("service_code", code)

    def test_a_missing_code(self) -> None:
        """None is a missing code: the library's missing-value error naming the field."""
        with pytest.raises(MissingValueError) as raised:
            service_code_text(None)
        assert (raised.value.field, raised.value.value) == ("service_code", None)

    @pytest.mark.parametrize("code", [True, False, b"19", ["19"]])
    def test_another_type(self, code: object) -> None:
        """Not text nor a number: a type error naming the field and value."""
        with pytest.raises(InvalidTypeError) as raised:
            service_code_text(code)
        assert str(raised.value) == (
            "'service_code' must be a code as text or a whole number, such as '19' or 'B5' "
            f"(got {code!r})"
        )
        assert (raised.value.field, raised.value.value) == ("service_code", code)

    @pytest.mark.parametrize("code", ["", " ", "\t\n"])
    def test_blank(self, code: str) -> None:
        """Blank text: a value error naming the field and the text given."""
        with pytest.raises(InvalidValueError) as raised:
            service_code_text(code)
        assert str(raised.value) == "'service_code' is empty"
        assert (raised.value.field, raised.value.value) == ("service_code", code)


class TestInForce:
    """The table read from a profile, in the version in force on the day asked."""

    def test_no_profile_is_the_shipped_one(self) -> None:
        """None is the shipped profile; a profile given is that profile; an id is loaded."""
        assert profile_or_default(None) is default_profile()
        other = load_profile(overrides={"nemt.decision_hours": 48})
        assert profile_or_default(other) is other
        assert profile_or_default("amendment-3").id == "amendment-3"  # type: ignore[arg-type]

    def test_the_shipped_table_and_its_parameter(self) -> None:
        """The shipped Attachment V, with the parameter it was read from."""
        for on in (None, IN_TERM):
            table, parameter = standards_in_force(None, on)
            assert parameter.name == NAME
            assert table is default_profile().value(NAME, object)
            assert table.service("20").distance.miles == Decimal(30)

    def test_the_version_in_force(self) -> None:
        """Before the change the first version; from it, and with no day, the later one."""
        later = (
            '[{id = "x", service_type = "X", codes = ["20"], distance = {kind = "miles", '
            'miles = 45, text = "45 miles"}, time = {limits = {routine = "5 calendar days"}, '
            'text = "5 days"}}]'
        )
        profile = with_later_version(default_profile(), NAME, later)
        day_before = CHANGE_DATE - dt.timedelta(days=1)
        miles = {
            on: standards_in_force(profile, on)[0].service("20").distance.miles
            for on in (day_before, CHANGE_DATE, None)
        }
        assert miles == {day_before: Decimal(30), CHANGE_DATE: Decimal(45), None: Decimal(45)}
        assert standards_in_force(profile, day_before)[1].effective_from < CHANGE_DATE
        assert standards_in_force(profile, CHANGE_DATE)[1].effective_from == CHANGE_DATE

    def test_before_the_term(self) -> None:
        """A day before the table is in force: the profile's error, naming the parameter."""
        with pytest.raises(OutsideTermError) as raised:
            standards_in_force(None, dt.date(1990, 1, 1))
        assert raised.value.field == NAME


# ---------------------------------------------------------------------------------------------
# compliance.access.records: the profile's records, validated
# ---------------------------------------------------------------------------------------------

#: One well-formed record: a row of one unlabelled code.
RECORD: dict[str, object] = {
    "id": "row",
    "service_type": "Row",
    "codes": ["Z1"],
    "distance": {"kind": "not_subject", "text": "Not subject"},
    "time": {"limits": {"routine": "7 calendar days"}, "text": "Within 7 calendar days"},
}


def record(**changes: object) -> dict[str, object]:
    """Return :data:`RECORD` with some keys changed (None: the key given as None)."""
    return {**RECORD, **changes}


def refused(raw: object, error: type[Exception] = InvalidInputError) -> Exception:
    """Return the error the records raise (a type the test names)."""
    with pytest.raises(error) as raised:
        access_standards_from_records(raw, field="access")
    return raised.value


class TestRecordsRead:
    """Well-formed records become the rows they describe, written here apart."""

    def test_a_full_record(self) -> None:
        """Every key read: codes as the table writes them, miles exact, limits in variant order."""
        table = access_standards_from_records(
            [
                {
                    "id": " crisis ",
                    "service_type": " Crisis ",
                    "group": " Group ",
                    "adult_codes": ["11", 79],
                    "child_codes": [" a1 "],
                    "codes": ["z1"],
                    "distance": {
                        "kind": "miles",
                        "text": " Within 30.5 miles ",
                        "miles": "30.5",
                        "rural_exception": True,
                    },
                    "time": {
                        "limits": {
                            "detoxification": "24 hours",
                            "urgent": "3 business days",
                            "routine": "14 calendar days",
                            "emergency": "1 hour",
                        },
                        "text": " Within ",
                        "measured_from": "referral",
                    },
                    "note": " A note ",
                }
            ],
            field="access",
        )
        assert table == AccessStandards(
            (
                ServiceStandard(
                    id="crisis",
                    service_type="Crisis",
                    group="Group",
                    adult_codes=("11", "79"),
                    child_codes=("A1",),
                    codes=("Z1",),
                    distance=DistanceStandard(
                        DistanceKind.MILES,
                        "Within 30.5 miles",
                        Decimal("30.5"),
                        rural_exception=True,
                    ),
                    time=TimeStandard(
                        (
                            ("routine", TimeLimit(14, TimeUnit.CALENDAR_DAYS)),
                            ("urgent", TimeLimit(3, TimeUnit.BUSINESS_DAYS)),
                            ("emergency", TimeLimit(1, TimeUnit.HOURS)),
                            ("detoxification", TimeLimit(24, TimeUnit.HOURS)),
                        ),
                        "Within",
                        "referral",
                    ),
                    note="A note",
                ),
            ),
            (),
        )
        assert type(table.services[0].distance.miles) is Decimal

    def test_the_optional_keys_left_out_or_none(self) -> None:
        """No group, note, labelled codes, rural exception or measured_from: their defaults."""
        for row in (
            record(),
            record(group=None, note=None, adult_codes=None, child_codes=None),
        ):
            service = access_standards_from_records([row], field="access").services[0]
            assert (service.group, service.note) == (None, None)
            assert (service.adult_codes, service.child_codes, service.codes) == ((), (), ("Z1",))
            assert service.distance == DistanceStandard(DistanceKind.NOT_SUBJECT, "Not subject")
            assert service.time.measured_from == "request"

    @pytest.mark.parametrize(
        ("distance", "expected"),
        [
            (
                {"kind": "prior_approval", "text": "t", "miles": 60},
                DistanceStandard(DistanceKind.PRIOR_APPROVAL, "t", Decimal(60)),
            ),
            (
                {"kind": "attachment", "text": "t", "reference": " Attachment III "},
                DistanceStandard(DistanceKind.ATTACHMENT, "t", reference="Attachment III"),
            ),
            (
                {"kind": "miles", "text": "t", "miles": 0.01, "rural_exception": False},
                DistanceStandard(DistanceKind.MILES, "t", Decimal("0.01")),
            ),
            (
                {"kind": "not_subject", "text": "t", "miles": None, "reference": None},
                DistanceStandard(DistanceKind.NOT_SUBJECT, "t"),
            ),
        ],
    )
    def test_each_kind_of_distance(self, distance: dict[str, object], expected: object) -> None:
        """Each kind with what it takes."""
        table = access_standards_from_records([record(distance=distance)], field="access")
        assert table.services[0].distance == expected

    @pytest.mark.parametrize(
        ("text", "limit"),
        [
            ("1 hour", TimeLimit(1, TimeUnit.HOURS)),
            ("1 hours", TimeLimit(1, TimeUnit.HOURS)),
            (" 72 hours ", TimeLimit(72, TimeUnit.HOURS)),
            ("4 hour", TimeLimit(4, TimeUnit.HOURS)),
            ("1 calendar day", TimeLimit(1, TimeUnit.CALENDAR_DAYS)),
            ("30  calendar\tdays", TimeLimit(30, TimeUnit.CALENDAR_DAYS)),
            ("1 business day", TimeLimit(1, TimeUnit.BUSINESS_DAYS)),
            ("3 business  days", TimeLimit(3, TimeUnit.BUSINESS_DAYS)),
            ("010 business days", TimeLimit(10, TimeUnit.BUSINESS_DAYS)),
        ],
    )
    def test_a_limit_in_words(self, text: str, limit: TimeLimit) -> None:
        """A number, then hours, calendar days or business days (one or many, any spacing)."""
        table = access_standards_from_records(
            [record(time={"limits": {"urgent": text}, "text": "t"})], field="access"
        )
        assert table.services[0].time.limits == (("urgent", limit),)

    @given(st.lists(st.sampled_from(standards_module.VARIANTS), min_size=1, unique=True))
    def test_limits_in_the_variants_order(self, variants: list[str]) -> None:
        """Whatever order the profile lists them in, the limits follow the variants' order."""
        order = [
            "routine",
            "urgent",
            "emergency",
            "emergency_involuntary",
            "involuntary",
            "voluntary",
            "detoxification_emergency",
            "detoxification",
        ]
        hours = {name: index + 1 for index, name in enumerate(variants)}
        table = access_standards_from_records(
            [record(time={"limits": {k: f"{v} hours" for k, v in hours.items()}, "text": "t"})],
            field="access",
        )
        assert table.services[0].time.limits == tuple(
            (name, TimeLimit(hours[name], TimeUnit.HOURS))
            for name in sorted(variants, key=order.index)
        )

    def test_the_table_form_with_codes_listed_without_a_standard(self) -> None:
        """``{services, listed_without_standard}``: the codes listed without a standard, read."""
        table = access_standards_from_records(
            {"services": [record()], "listed_without_standard": ["88", " e2", 91]},
            field="access",
        )
        assert table.listed_without_standard == ("88", "E2", "91")
        assert table.codes() == ("Z1",)
        bare = access_standards_from_records({"services": [record()]}, field="access")
        assert bare.listed_without_standard == ()
        nothing = access_standards_from_records(
            {"services": [record()], "listed_without_standard": None}, field="access"
        )
        assert nothing.listed_without_standard == ()

    def test_toml_text(self) -> None:
        """A TOML inline value (a what-if override) is read as the records it writes."""
        text = (
            '{services = [{id = "row", service_type = "Row", codes = ["Z1"], distance = '
            '{kind = "miles", miles = 12.5, text = "t"}, time = {limits = {routine = '
            '"7 calendar days"}, text = "t"}}], listed_without_standard = ["88"]}'
        )
        table = access_standards_from_records(text, field="access")
        assert table.services[0].distance.miles == Decimal("12.5")
        # TOML's decimals are read exactly, as written (never through a binary float)
        exact = text.replace("12.5", "12.345678901234567891")
        miles = access_standards_from_records(exact, field="access").services[0].distance.miles
        assert str(miles) == "12.345678901234567891"
        written = access_standards_from_records(text.replace("12.5", "12.50"), field="access")
        assert written.services[0].distance.to_dict()["miles"] == "12.50"
        assert table.listed_without_standard == ("88",)

    def test_many_rows(self) -> None:
        """Rows in their order; codes of different rows apart."""
        rows = [record(id=f"r{i}", codes=[f"C{i}"]) for i in range(3)]
        table = access_standards_from_records(tuple(rows), field="access")
        assert [service.id for service in table.services] == ["r0", "r1", "r2"]
        assert table.codes() == ("C0", "C1", "C2")


class TestRecordsRefused:
    """Each malformed record: the library's error, naming where in the records and what is wrong."""

    @pytest.mark.parametrize("raw", ["[1", "{services = }", "nope"])
    def test_text_that_is_no_toml(self, raw: str) -> None:
        """Text that is no TOML inline value: an error naming the field and the text."""
        error = refused(raw)
        assert str(error).startswith("'access' must be a TOML inline value (")
        assert (error.field, error.value) == ("access", raw)  # type: ignore[attr-defined]

    @pytest.mark.parametrize(
        ("raw", "name"),
        [
            ([], "list"),
            ((), "tuple"),
            (b"x", "bytes"),
            ('"x"', "str"),
            (5, "int"),
            (None, "NoneType"),
        ],
    )
    def test_no_list_of_rows(self, raw: object, name: str) -> None:
        """Not a non-empty list of rows: a type error naming the field and the type given."""
        error = refused(raw, InvalidTypeError)
        assert str(error) == f"'access' must be a non-empty list of service types (got {name})"
        assert error.field == "access"  # type: ignore[attr-defined]

    def test_an_empty_services_list(self) -> None:
        """The table form with no rows: the same error."""
        error = refused({"services": []}, InvalidTypeError)
        assert str(error) == "'access' must be a non-empty list of service types (got list)"
        assert (error.field, error.value) == ("access", [])  # type: ignore[attr-defined]

    def test_the_table_forms_keys(self) -> None:
        """The table form: only services and listed_without_standard, services required."""
        unknown = {"services": [record()], "other": 1}
        error = refused(unknown)
        assert str(error) == (
            "'access' has unknown keys ['other']; allowed: ['listed_without_standard', 'services']"
        )
        assert (error.field, error.value) == ("access", unknown)  # type: ignore[attr-defined]
        for lacking in ({"listed_without_standard": ["88"]}, {"services": None}):
            error = refused(lacking)
            assert str(error) == "'access' lacks required keys ['services']"
            assert (error.field, error.value) == ("access", lacking)  # type: ignore[attr-defined]

    @pytest.mark.parametrize("listed", ["88", b"88"])
    def test_listed_codes_not_a_list(self, listed: object) -> None:
        """Codes listed without a standard must be a list (not text, not bytes)."""
        error = refused({"services": [record()], "listed_without_standard": listed})
        assert str(error) == (
            f"'access.listed_without_standard' must be a list of codes (got {listed!r})"
        )
        assert (error.field, error.value) == ("access.listed_without_standard", listed)  # type: ignore[attr-defined]

    @pytest.mark.parametrize("row", [5, "row", ["id", "x"]])
    def test_a_row_not_a_table(self, row: object) -> None:
        """A row that is not a table: a type error naming it by position."""
        error = refused([record(), row], InvalidTypeError)
        assert str(error) == "'access[1]' must be a table"
        assert (error.field, error.value) == ("access[1]", row)  # type: ignore[attr-defined]

    @pytest.mark.parametrize("where", ["table", "row", "distance", "time"])
    def test_unknown_keys_of_mixed_types(self, where: str) -> None:
        """Unknown keys that are text and numbers (Python records): listed, never a crash.

        Sorting 1 and 'x' together raised Python's own TypeError ('<' not supported between
        'str' and 'int') instead of the library's error naming the keys.
        """
        extra = {1: "a", "x": "b"}
        if where == "table":
            raw: object = {"services": [record()], **extra}
        elif where == "row":
            raw = [{**record(), **extra}]
        else:
            raw = [record(**{where: {**RECORD[where], **extra}})]  # type: ignore[dict-item]
        with pytest.raises(InvalidInputError) as raised:
            access_standards_from_records(raw, field="access")
        assert "has unknown keys [1, 'x']; allowed: [" in str(raised.value)

    def test_a_rows_unknown_and_missing_keys(self) -> None:
        """Unknown keys listed with the allowed ones; required keys missing (or None) listed."""
        extra = record(extra=1, other=2)
        error = refused([extra])
        assert str(error) == (
            "'access[0]' has unknown keys ['extra', 'other']; allowed: ['adult_codes', "
            "'child_codes', 'codes', 'distance', 'group', 'id', 'note', 'service_type', 'time']"
        )
        assert (error.field, error.value) == ("access[0]", extra)  # type: ignore[attr-defined]
        lacking = {"codes": ["Z1"], "service_type": None}
        error = refused([record(), lacking])
        assert str(error) == (
            "'access[1]' lacks required keys ['distance', 'id', 'service_type', 'time']"
        )
        assert (error.field, error.value) == ("access[1]", lacking)  # type: ignore[attr-defined]

    @pytest.mark.parametrize(
        ("changes", "field", "value"),
        [
            ({"id": " "}, "access[0].id", " "),
            ({"id": 5}, "access[0].id", 5),
            ({"service_type": ""}, "access[0].service_type", ""),
            ({"group": "  "}, "access[0].group", "  "),
            ({"note": 3}, "access[0].note", 3),
        ],
    )
    def test_text_that_is_blank_or_not_text(
        self, changes: dict[str, object], field: str, value: object
    ) -> None:
        """An id, service type, group or note must be non-empty text."""
        error = refused([record(**changes)])
        assert str(error) == f"'{field}' must be non-empty text (got {value!r})"
        assert (error.field, error.value) == (field, value)  # type: ignore[attr-defined]

    @pytest.mark.parametrize("key", ["adult_codes", "child_codes", "codes"])
    @pytest.mark.parametrize("codes", ["Z1", 5, {"a": 1}, b"19", bytearray(b"A1")])
    def test_codes_not_a_list(self, key: str, codes: object) -> None:
        """Codes given as one text, bytes, a number or a table: an error naming the key.

        Bytes are a sequence of numbers to Python, but no list of codes: ``b"19"`` was read as the
        codes ``49`` and ``57``, its bytes.
        """
        error = refused([record(**{key: codes})])
        assert str(error) == f"'access[0].{key}' must be a list of codes (got {codes!r})"
        assert (error.field, error.value) == (f"access[0].{key}", codes)  # type: ignore[attr-defined]

    def test_a_code_of_another_type(self) -> None:
        """A code that is not text nor a whole number: the lookup's own error.

        A number with a fraction is no code (a value error, as in a table); a bool or bytes is
        of the wrong type.
        """
        error = refused([record(codes=["Z1", 1.5])], InvalidValueError)
        assert not isinstance(error, TypeError)
        assert (error.field, error.value) == ("service_code", 1.5)  # type: ignore[attr-defined]
        error = refused([record(codes=["Z1", True])], InvalidTypeError)
        assert (error.field, error.value) == ("service_code", True)  # type: ignore[attr-defined]

    def test_a_row_without_codes(self) -> None:
        """A row must list at least one code, in any of its three lists."""
        empty = record(codes=[], adult_codes=[], child_codes=[])
        error = refused([empty])
        assert str(error) == "'access[0]' lists no service codes"
        assert (error.field, error.value) == ("access[0]", empty)  # type: ignore[attr-defined]
        adult_only = {
            key: value for key, value in record(adult_codes=["Q"]).items() if key != "codes"
        }
        table = access_standards_from_records([adult_only], field="access")
        assert (table.services[0].adult_codes, table.services[0].codes) == (("Q",), ())
        for key in ("adult_codes", "child_codes", "codes"):
            row = access_standards_from_records([{**record(codes=[]), key: ["Q"]}], field="access")
            assert row.codes() == ("Q",)

    def test_a_code_in_two_rows(self) -> None:
        """A code twice, in two rows or in one, is an error naming the rows."""
        error = refused([record(id="a", codes=["19"]), record(id="b", child_codes=[" 19"])])
        assert str(error) == "'access': service code '19' appears twice (a and b)"
        assert (error.field, error.value) == ("access", "19")  # type: ignore[attr-defined]
        error = refused([record(id="a", codes=["19"], adult_codes=["19"])])
        assert str(error) == "'access': service code '19' appears twice (a and a)"

    def test_a_code_also_listed_without_a_standard(self) -> None:
        """A row's code that is also listed without a standard: an error saying 'listed'."""
        error = refused({"services": [record(codes=["88"])], "listed_without_standard": ["88"]})
        assert str(error) == "'access': service code '88' appears twice (listed and row)"
        assert (error.field, error.value) == ("access", "88")  # type: ignore[attr-defined]

    def test_a_repeated_id(self) -> None:
        """Two rows of one id: an error listing the ids."""
        error = refused([record(codes=["A"]), record(codes=["B"])])
        assert str(error) == "'access' repeats a service id"
        assert (error.field, error.value) == ("access", ["row", "row"])  # type: ignore[attr-defined]


class TestDistanceRefused:
    """A row's distance table: its kind, miles, rural exception and reference."""

    def distance_error(
        self, distance: object, error: type[Exception] = InvalidInputError
    ) -> Exception:
        """Return the error of a row with this distance."""
        return refused([record(distance=distance)], error)

    def test_not_a_table(self) -> None:
        """A distance that is not a table: a type error."""
        error = self.distance_error("30 miles", InvalidTypeError)
        assert str(error) == "'access[0].distance' must be a table"
        assert (error.field, error.value) == ("access[0].distance", "30 miles")  # type: ignore[attr-defined]

    def test_keys(self) -> None:
        """Unknown keys, and kind and text required."""
        extra = {"kind": "not_subject", "text": "t", "km": 3}
        error = self.distance_error(extra)
        assert str(error) == (
            "'access[0].distance' has unknown keys ['km']; allowed: ['kind', 'miles', "
            "'reference', 'rural_exception', 'text']"
        )
        assert (error.field, error.value) == ("access[0].distance", extra)  # type: ignore[attr-defined]
        error = self.distance_error({"miles": 3})
        assert str(error) == "'access[0].distance' lacks required keys ['kind', 'text']"

    @pytest.mark.parametrize("kind", ["furlongs", "MILES", 3])
    def test_an_unknown_kind(self, kind: object) -> None:
        """A kind that is none of the four, named with them."""
        error = self.distance_error({"kind": kind, "text": "t"})
        assert str(error) == (
            "'access[0].distance.kind' must be one of ['miles', 'attachment', 'not_subject', "
            f"'prior_approval'] (got {kind!r})"
        )
        assert (error.field, error.value) == ("access[0].distance.kind", kind)  # type: ignore[attr-defined]

    @pytest.mark.parametrize("kind", ["miles", "prior_approval"])
    def test_miles_needed(self, kind: str) -> None:
        """Miles and prior approval need their miles, above 0."""
        lacking = {"kind": kind, "text": "t"}
        error = self.distance_error(lacking)
        assert str(error) == f"'access[0].distance' of kind {kind!r} needs 'miles'"
        assert (error.field, error.value) == ("access[0].distance", lacking)  # type: ignore[attr-defined]
        for miles in (0, "-1", Decimal("-0.01")):
            error = self.distance_error({"kind": kind, "text": "t", "miles": miles})
            number = Decimal(miles)
            assert str(error) == f"'access[0].distance.miles' must be > 0 (got {number})"
            assert (error.field, error.value) == ("access[0].distance.miles", number)  # type: ignore[attr-defined]
        error = self.distance_error({"kind": kind, "text": "t", "miles": "far"}, InvalidValueError)
        assert error.field == "access[0].distance.miles"  # type: ignore[attr-defined]

    @pytest.mark.parametrize("kind", ["attachment", "not_subject"])
    def test_no_miles_taken(self, kind: str) -> None:
        """A kind without miles refuses them."""
        given_miles = {"kind": kind, "text": "t", "miles": 30, "reference": "III"}
        error = self.distance_error(given_miles)
        assert str(error) == f"'access[0].distance' of kind {kind!r} takes no 'miles'"
        assert (error.field, error.value) == ("access[0].distance", given_miles)  # type: ignore[attr-defined]

    @pytest.mark.parametrize(
        ("kind", "rural"),
        [
            ("miles", "yes"),
            ("miles", 1),
            ("prior_approval", True),
            ("not_subject", True),
            ("attachment", True),
        ],
    )
    def test_the_rural_exception(self, kind: str, rural: object) -> None:
        """True or false, and true only for kind 'miles'."""
        distance: dict[str, object] = {"kind": kind, "text": "t", "rural_exception": rural}
        if kind in ("miles", "prior_approval"):
            distance["miles"] = 30
        if kind == "attachment":
            distance["reference"] = "III"
        error = self.distance_error(distance)
        assert str(error) == (
            "'access[0].distance.rural_exception' must be true or false, and true only for kind "
            f"'miles' (got {rural!r})"
        )
        assert (error.field, error.value) == ("access[0].distance.rural_exception", rural)  # type: ignore[attr-defined]

    def test_false_rural_exception_for_any_kind(self) -> None:
        """False is allowed for every kind."""
        row = access_standards_from_records(
            [record(distance={"kind": "not_subject", "text": "t", "rural_exception": False})],
            field="access",
        )
        assert row.services[0].distance.rural_exception is False

    @pytest.mark.parametrize(
        "distance",
        [
            {"kind": "attachment", "text": "t"},
            {"kind": "not_subject", "text": "t", "reference": "III"},
            {"kind": "miles", "text": "t", "miles": 3, "reference": "III"},
        ],
    )
    def test_a_reference_exactly_for_attachment(self, distance: dict[str, object]) -> None:
        """A reference when and only when the kind is 'attachment'."""
        error = self.distance_error(distance)
        assert str(error) == (
            "'access[0].distance' needs 'reference' exactly when its kind is 'attachment'"
        )
        assert (error.field, error.value) == ("access[0].distance", distance)  # type: ignore[attr-defined]

    def test_a_blank_reference(self) -> None:
        """The attachment referred to must be non-empty text."""
        error = self.distance_error({"kind": "attachment", "text": "t", "reference": " "})
        assert str(error) == "'access[0].distance.reference' must be non-empty text (got ' ')"
        assert (error.field, error.value) == ("access[0].distance.reference", " ")  # type: ignore[attr-defined]

    def test_blank_text(self) -> None:
        """The distance's words must be non-empty text."""
        error = self.distance_error({"kind": "not_subject", "text": " "})
        assert str(error) == "'access[0].distance.text' must be non-empty text (got ' ')"
        assert error.field == "access[0].distance.text"  # type: ignore[attr-defined]


class TestTimeRefused:
    """A row's time table: its limits by variant, words and what it is measured from."""

    def time_error(self, time: object, error: type[Exception] = InvalidInputError) -> Exception:
        """Return the error of a row with this time table."""
        return refused([record(time=time)], error)

    def test_not_a_table_and_keys(self) -> None:
        """Not a table; unknown keys; limits and text required."""
        error = self.time_error(["7 days"], InvalidTypeError)
        assert str(error) == "'access[0].time' must be a table"
        error = self.time_error({"limits": {"routine": "1 hour"}, "text": "t", "from": "x"})
        assert str(error) == (
            "'access[0].time' has unknown keys ['from']; allowed: ['limits', 'measured_from', "
            "'text']"
        )
        error = self.time_error({"measured_from": "request"})
        assert str(error) == "'access[0].time' lacks required keys ['limits', 'text']"

    @pytest.mark.parametrize("limits", [{}, "7 days", ["routine"]])
    def test_limits_not_a_table(self, limits: object) -> None:
        """Limits must be a non-empty table."""
        error = self.time_error({"limits": limits, "text": "t"})
        assert str(error) == "'access[0].time.limits' must be a non-empty table of variant = limit"
        assert (error.field, error.value) == ("access[0].time.limits", limits)  # type: ignore[attr-defined]

    @pytest.mark.parametrize("name", ["someday", "Routine", "detox"])
    def test_an_unknown_variant(self, name: str) -> None:
        """A variant name that is none of the eight, named with them."""
        error = self.time_error({"limits": {"routine": "1 hour", name: "1 hour"}, "text": "t"})
        assert str(error) == (
            f"'access[0].time.limits' names an unknown variant {name!r}; variants: ['routine', "
            "'urgent', 'emergency', 'emergency_involuntary', 'involuntary', 'voluntary', "
            "'detoxification_emergency', 'detoxification']"
        )
        assert (error.field, error.value) == ("access[0].time.limits", name)  # type: ignore[attr-defined]

    @pytest.mark.parametrize(
        "limit",
        [
            "a fortnight",
            "3 weeks",
            "3 days",
            "three hours",
            "3 hours later",
            "about 3 hours",
            "3hours",
            "-3 hours",
            "1.5 hours",
            "3 business",
            3,
            None,
        ],
    )
    def test_a_limit_not_in_words(self, limit: object) -> None:
        """A limit must be a whole number of hours, calendar days or business days, in words."""
        error = self.time_error({"limits": {"urgent": limit}, "text": "t"})
        assert str(error) == (
            "'access[0].time.limits.urgent' must be text such as '4 hours', '14 calendar days' "
            f"or '3 business days' (got {limit!r})"
        )
        assert (error.field, error.value) == ("access[0].time.limits.urgent", limit)  # type: ignore[attr-defined]

    @pytest.mark.parametrize("limit", ["0 hours", "00 calendar days", "0 business day"])
    def test_a_limit_of_zero(self, limit: str) -> None:
        """A limit is at least 1."""
        error = self.time_error({"limits": {"routine": limit}, "text": "t"})
        assert str(error) == f"'access[0].time.limits.routine' must be at least 1 (got {limit!r})"
        assert (error.field, error.value) == ("access[0].time.limits.routine", limit)  # type: ignore[attr-defined]

    @pytest.mark.parametrize("measured_from", ["appointment", "Request", 1])
    def test_measured_from(self, measured_from: object) -> None:
        """Measured from the request or the referral only."""
        error = self.time_error(
            {"limits": {"routine": "1 hour"}, "text": "t", "measured_from": measured_from}
        )
        assert str(error) == (
            "'access[0].time.measured_from' must be 'request' or 'referral' "
            f"(got {measured_from!r})"
        )
        assert (error.field, error.value) == ("access[0].time.measured_from", measured_from)  # type: ignore[attr-defined]

    def test_blank_text(self) -> None:
        """The time's words must be non-empty text."""
        error = self.time_error({"limits": {"routine": "1 hour"}, "text": ""})
        assert str(error) == "'access[0].time.text' must be non-empty text (got '')"
        assert error.field == "access[0].time.text"  # type: ignore[attr-defined]


# ---------------------------------------------------------------------------------------------
# compliance.section: the compliance sections' kinds of value
# ---------------------------------------------------------------------------------------------


def band_of(starts: list[int], age: int) -> str:
    """Return the band of ``age`` written apart: the last first age at or below it, to the next."""
    index = max(i for i, first in enumerate(starts) if first <= age)
    if index == len(starts) - 1:
        return f"{starts[index]} and over"
    first, last = starts[index], starts[index + 1] - 1
    return f"{first}" if first == last else f"{first}-{last}"


#: First ages rising from 0.
BAND_STARTS = st.lists(st.integers(min_value=1, max_value=120), unique=True, max_size=8).map(
    lambda ages: [0, *sorted(ages)]
)


class TestSectionKinds:
    """The profile's kinds for Attachment V and the amounts per finding read their records."""

    def test_access_standards_kind(self) -> None:
        """The kind converts records as the record reader does, naming the parameter in errors."""
        assert ACCESS_STANDARDS.name == "access standards table"
        assert ACCESS_STANDARDS.convert([RECORD], "access.x") == access_standards_from_records(
            [RECORD], field="access.x"
        )
        with pytest.raises(InvalidTypeError) as raised:
            ACCESS_STANDARDS.convert([], "access.x")
        assert raised.value.field == "access.x"
        assert str(raised.value).startswith("'access.x' must be")

    def test_finding_amounts_kind(self) -> None:
        """The amounts per finding read by check id, naming the parameter in errors."""
        assert FINDING_AMOUNTS.name == "amounts per not-met finding"
        amounts = FINDING_AMOUNTS.convert({"nemt.trip_manifest": "250"}, "compliance.x")
        assert amounts.describe() == "nemt.trip_manifest $250.00"  # type: ignore[attr-defined]
        with pytest.raises(InvalidInputError) as raised:
            FINDING_AMOUNTS.convert({"nemt.late": 1}, "compliance.x")
        assert raised.value.field == "compliance.x"
        assert str(raised.value).startswith("'compliance.x' names an unknown check 'nemt.late'")

    def test_a_profile_override_of_the_table(self) -> None:
        """A what-if table through the profile: read by the kind, looked up by the checks."""
        profile = load_profile(overrides={NAME: [record(codes=["Q7"])]})
        assert profile.value(NAME, object).codes() == ("Q7",)  # type: ignore[attr-defined]


class TestAgeBands:
    """``utilization.enrollee_age_bands``: first ages rising from 0, and each age's band."""

    @given(BAND_STARTS, st.integers(min_value=0, max_value=150))
    def test_each_ages_band(self, starts: list[int], age: int) -> None:
        """An age is in the band of the last first age at or below it, up to the next, less 1."""
        assert AgeBands(tuple(starts)).label(age) == band_of(starts, age)

    def test_the_bands_of_the_shipped_ages(self) -> None:
        """0, 1-5, 6-14, ..., 65 and over; a band of one age is that age."""
        bands = AgeBands((0, 1, 6, 15, 21, 45, 65))
        assert [bands.label(age) for age in (0, 1, 5, 6, 14, 15, 20, 21, 44, 45, 64, 65, 99)] == [
            "0",
            "1-5",
            "1-5",
            "6-14",
            "6-14",
            "15-20",
            "15-20",
            "21-44",
            "21-44",
            "45-64",
            "45-64",
            "65 and over",
            "65 and over",
        ]
        assert AgeBands((0,)).label(40) == "0 and over"
        assert default_profile().value("utilization.enrollee_age_bands", AgeBands) == bands

    def test_the_shown_and_stored_forms(self) -> None:
        """Shown comma-separated; stored as the list of first ages."""
        bands = AgeBands((0, 18, 65))
        assert bands.describe() == "0, 18, 65"
        assert bands.to_records() == [0, 18, 65]
        assert type(bands.to_records()) is list

    @given(BAND_STARTS)
    def test_read_from_rising_whole_numbers(self, starts: list[int]) -> None:
        """A list or tuple of whole numbers (or their text) rising from 0 is read as given."""
        assert age_bands_from_records(starts, "bands") == AgeBands(tuple(starts))
        assert age_bands_from_records(tuple(starts), "bands").starts == tuple(starts)
        assert age_bands_from_records([str(a) for a in starts], "bands").starts == tuple(starts)

    @pytest.mark.parametrize(
        "raw",
        [[], [1, 6], [0, 6, 6], [0, 6, 1], [0, 0], "0, 6", {0: 1}, 0, None, (5,)],
    )
    def test_not_rising_from_zero(self, raw: object) -> None:
        """Empty, not from 0, not rising, or not a list: an error with an example."""
        with pytest.raises(InvalidInputError) as raised:
            age_bands_from_records(raw, "bands")
        assert str(raised.value) == (
            "'bands' must be whole numbers rising from 0, such as [0, 1, 6, 15, 21, 45, 65] "
            f"(got {raw!r})"
        )
        assert (raised.value.field, raised.value.value) == ("bands", raw)

    @pytest.mark.parametrize(("age", "error"), [(-1, InvalidValueError), (True, InvalidTypeError)])
    def test_an_age_that_is_no_count(self, age: object, error: type[Exception]) -> None:
        """An age that is no whole number: the count's error, naming the field."""
        with pytest.raises(error) as raised:
            age_bands_from_records([0, age], "bands")
        assert raised.value.field == "bands"  # type: ignore[attr-defined]

    def test_the_kind(self) -> None:
        """The kind reads records and a text override as TOML, and shows the first ages."""
        assert AGE_BANDS.table_valued is True
        profile = load_profile(overrides={"utilization.enrollee_age_bands": "[0, 5, 50]"})
        bands = profile.value("utilization.enrollee_age_bands", AgeBands)
        assert bands == AgeBands((0, 5, 50))
