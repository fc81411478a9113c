"""Attachment V distance to service: the rule's own tests, every code and every column pinned.

These are the tests of ``compliance.access.distance`` and ``.distance_table`` run against their
mutants (docs/developers.md, "Mutation testing"). Each finding is compared whole with what the
clause says, written here apart from the library (:func:`expected`): every service code of the
shipped table, at, below and above its miles, rural or not, placement approved or not; tables
whose rows must each be that finding, column by column, with distances given as text, as floats
(their shortest text, ruling M1) and as decimals; tables large enough to take the check's other
ways of comparing and subtracting (each distinct code and distance paired once); the dated
versions of the table; and the field and value of every error.
"""

from __future__ import annotations

import datetime as dt
import sys
from decimal import Decimal

import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tenncare_calc import (
    InvalidInputError,
    InvalidTypeError,
    InvalidValueError,
    MissingDependencyError,
    default_profile,
)
from tenncare_calc.compliance import FindingsTable, access_distance, access_distance_table
from tenncare_calc.compliance.access.standards import DistanceKind, standards_in_force
from tenncare_calc.contract.loader import load_profile
from tests.versioned_profiles import CHANGE_DATE, with_later_version

STANDARDS = standards_in_force(None, None)[0]
CODES = tuple(STANDARDS.codes())
CENT = Decimal("0.01")
BEFORE, AFTER = dt.date(2008, 10, 1), CHANGE_DATE + dt.timedelta(days=400)


def _one_service(miles: str) -> str:
    """Return Attachment V as TOML text with code 20 alone, within ``miles`` miles."""
    return (
        '[{id = "x", service_type = "X", codes = ["20"], distance = {kind = "miles", '
        f'miles = {miles}, text = "{miles} miles"}}, time = {{limits = {{routine = "5 calendar '
        'days"}, text = "5 days"}}]'
    )


def expected(code: str, miles: Decimal, *, rural: bool, approved: bool) -> dict[str, object]:
    """Return the finding Attachment V gives a distance, as the clause and its footnotes read."""
    service = STANDARDS.service(code)
    distance = service.distance
    limit = distance.miles
    shown = True
    if distance.kind is DistanceKind.NOT_SUBJECT:
        outcome, note, shown = "not_applicable", "not subject to access standards", False
    elif distance.kind is DistanceKind.ATTACHMENT:
        outcome = "not_assessed"
        note = f"the standard is {distance.reference}, which is not part of the source text"
        shown = False
    elif distance.kind is DistanceKind.PRIOR_APPROVAL:
        assert limit is not None
        if miles <= limit:
            outcome, note = "met", "no prior approval is needed within the distance"
        elif approved:
            outcome, shown = "met", False
            note = "placement prior approved by the member or representative"
        else:
            outcome = "not_met"
            note = (
                "placement beyond the distance was not prior approved by the member or "
                "representative"
            )
    elif rural and distance.rural_exception:
        outcome, shown = "not_applicable", False
        note = "rural area: community standards and documentation apply instead of the mileage"
    else:
        assert limit is not None
        outcome = "met" if miles <= limit else "not_met"
        note = "the text gives no rural exception for this service" if rural else None
    return {
        "outcome": outcome,
        "note": note,
        "measured": miles if shown else None,
        "limit": limit if shown else None,
        "margin": (limit - miles) if shown and limit is not None else None,
        "unit": "miles" if shown else "",
        "service_type": service.label(),
        "age_group": service.age_group(code),
        "standard": distance.describe(),
    }


def _distances(code: str) -> list[Decimal]:
    """Return distances on both sides of a code's miles and at them, none, and over a thousand."""
    limit = STANDARDS.service(code).distance.miles
    around = [] if limit is None else [limit - CENT, limit, limit + CENT]
    return [Decimal(0), *around, Decimal("1234.5")]


class TestOneDistance:
    """``access_distance``: every code of the shipped table, every side of its line."""

    @pytest.mark.parametrize("code", CODES)
    def test_each_code_and_case(self, code: str) -> None:
        """Outcome, note, figures, subject, standard, steps and parameter, case by case."""
        for miles in _distances(code):
            for rural in (False, True):
                for approved in (False, True):
                    found = access_distance(code, miles, rural=rural, placement_approved=approved)
                    want = expected(code, miles, rural=rural, approved=approved)
                    assert found.check == "access.distance"
                    assert found.outcome.value == want["outcome"], (code, miles, rural, approved)
                    assert found.note == want["note"]
                    assert (found.measured, found.limit, found.margin, found.unit) == (
                        want["measured"],
                        want["limit"],
                        want["margin"],
                        want["unit"],
                    )
                    assert found.subject == (
                        ("service_code", code),
                        ("service_type", want["service_type"]),
                        ("age_group", want["age_group"]),
                        ("rural", "yes" if rural else "no"),
                    )
                    assert found.standard == want["standard"]
                    assert found.sections == ("Attachment V",)
                    assert found.steps == (f"distance {miles} miles",)
                    assert [p.name for p in found.parameters] == ["access.behavioral_health"]

    def test_flags_default_to_no(self) -> None:
        """Without the flags: not rural, no placement approved."""
        assert access_distance("23", 75).outcome.value == "not_met"
        assert access_distance("33", 75).outcome.value == "not_met"
        assert dict(access_distance("23", 1).subject)["rural"] == "no"


class TestErrors:
    """Each error is the library's, naming the field and the value."""

    def test_a_negative_distance(self) -> None:
        """Below zero miles: a value error naming the distance."""
        with pytest.raises(InvalidValueError) as raised:
            access_distance("20", "-0.5")
        assert (raised.value.field, raised.value.value) == ("distance_miles", Decimal("-0.5"))
        assert str(raised.value) == "'distance_miles' must be >= 0 (got Decimal('-0.5'))"

    def test_a_distance_not_a_number(self) -> None:
        """Text that is no number: the error names the distance's field."""
        with pytest.raises(InvalidValueError) as raised:
            access_distance("20", "thirty")
        assert raised.value.field == "distance_miles"

    @pytest.mark.parametrize("field", ["rural", "placement_approved"])
    def test_a_flag_not_a_boolean(self, field: str) -> None:
        """The flags are True or False, not text."""
        with pytest.raises(InvalidTypeError) as raised:
            access_distance("20", 1, **{field: "yes"})  # type: ignore[arg-type]
        assert (raised.value.field, raised.value.value) == (field, "yes")
        assert str(raised.value) == f"'{field}' must be True or False (got 'yes')"

    def test_without_the_data_extra(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Without pyarrow, the table check names the extra to install and what it was for."""
        monkeypatch.setitem(sys.modules, "pyarrow", None)
        with pytest.raises(MissingDependencyError) as raised:
            access_distance_table({"service_code": ["20"], "distance_miles": ["1"]})
        assert raised.value.extra == "data"
        assert str(raised.value) == (
            "checking access standards over a table needs the optional package 'pyarrow', which "
            "is not installed; install it with: pip install 'tenncare-calc[data]'"
        )

    def test_a_table_without_its_columns(self) -> None:
        """The table is named ``distances`` in what it lacks."""
        with pytest.raises(InvalidInputError) as raised:
            access_distance_table({"service_code": ["20"]})
        assert str(raised.value) == (
            "'distances' lacks the required column 'distance_miles' (it has: 'service_code')"
        )
        with pytest.raises(InvalidInputError, match="not a column of 'distances'"):
            access_distance_table({"code": ["20"], "miles": [1]}, columns={"service_code": "x"})


#: A row of a table: code, distance, rural, placement approved.
Row = tuple[str, Decimal, bool, bool]


@st.composite
def _rows(draw: st.DrawFn) -> list[Row]:
    """Return rows of every code, most distances near the code's miles (a cent either side)."""
    count = draw(st.integers(1, 30))
    rows = []
    for _ in range(count):
        code = draw(st.sampled_from(CODES))
        limit = STANDARDS.service(code).distance.miles or Decimal(60)
        miles = draw(
            st.one_of(
                st.sampled_from([limit - CENT, limit, limit + CENT, Decimal(0)]),
                st.decimals(0, 250, places=2),
            )
        )
        rows.append((code, miles, draw(st.booleans()), draw(st.booleans())))
    return rows


def _check_rows(found: FindingsTable, rows: list[Row]) -> None:
    """Assert each row of ``found`` (a findings table) is the finding :func:`expected` gives."""
    got = found.rows()
    assert len(got) == len(rows)
    for row, (code, miles, rural, approved) in zip(got, rows, strict=True):
        want = expected(code, miles, rural=rural, approved=approved)
        judged = want["outcome"] in ("met", "not_met")
        assert row["check"] == "access.distance"
        assert (row["service_code"], row["service_type"], row["rural"]) == (
            code,
            want["service_type"],
            rural,
        )
        assert row["outcome"] == want["outcome"], (code, miles, rural, approved)
        assert row["met"] == ((want["outcome"] == "met") if judged else None)
        assert row["standard"] == want["standard"]
        for figure in ("measured", "limit", "margin"):
            value = row[figure]
            assert (None if value is None else Decimal(value)) == want[figure], figure
        assert (row["unit"], row["section"]) == (want["unit"], "Attachment V")


class TestTable:
    """``access_distance_table``: each row is the clause's finding, whatever the distances' type."""

    @given(_rows())
    def test_rows_as_text(self, rows: list[Row]) -> None:
        """Distances as text: read as exact decimals."""
        found = access_distance_table(
            {
                "service_code": [code for code, _, _, _ in rows],
                "distance_miles": [str(miles) for _, miles, _, _ in rows],
                "rural": [rural for _, _, rural, _ in rows],
                "placement_approved": [approved for _, _, _, approved in rows],
            }
        )
        _check_rows(found, rows)

    @given(_rows())
    def test_rows_as_floats(self, rows: list[Row]) -> None:
        """Distances as floats: each is the decimal of its shortest text (ruling M1)."""
        floats = [float(miles) for _, miles, _, _ in rows]
        found = access_distance_table(
            {
                "service_code": [code for code, _, _, _ in rows],
                "distance_miles": pa.array(floats, pa.float64()),
                "rural": [rural for _, _, rural, _ in rows],
                "placement_approved": [approved for _, _, _, approved in rows],
            }
        )
        _check_rows(
            found,
            [(c, Decimal(repr(f)), r, a) for (c, _, r, a), f in zip(rows, floats, strict=True)],
        )

    @given(_rows())
    def test_rows_as_decimals(self, rows: list[Row]) -> None:
        """Distances as an Arrow decimal column."""
        found = access_distance_table(
            {
                "service_code": [code for code, _, _, _ in rows],
                "distance_miles": pa.array([miles for _, miles, _, _ in rows], pa.decimal128(9, 2)),
                "rural": ["yes" if rural else "no" for _, _, rural, _ in rows],
                "placement_approved": ["yes" if a else "no" for _, _, _, a in rows],
            }
        )
        _check_rows(found, rows)

    @pytest.mark.parametrize("as_floats", [False, True])
    def test_many_distinct_distances(self, as_floats: bool) -> None:
        """More codes by distances than rows and 65,536: each row's own pair compared and subtracted.

        Each distance is on two rows of two codes, so a pair is the code and the distance
        together (a distance alone would give both rows one code's limit).
        """
        count = 20_000  # 4 codes by 20,000 distances: more than the 40,000 rows and 65,536
        four = ("20", "23", "32", "31")
        codes = [four[(at + side) % 4] for at in range(count) for side in (0, 1)]
        miles = [Decimal(at) / 250 for at in range(count) for _ in (0, 1)]  # 0 to 80 miles
        rural = [at % 3 == 0 for at in range(2 * count)]
        approved = [at % 5 == 0 for at in range(2 * count)]
        column = (
            pa.array([float(m) for m in miles], pa.float64())
            if as_floats
            else [str(m) for m in miles]
        )
        found = access_distance_table(
            {
                "service_code": codes,
                "distance_miles": column,
                "rural": rural,
                "placement_approved": approved,
            }
        )
        rows = list(zip(codes, miles, rural, approved, strict=True))
        _check_rows(found, rows)

    def test_text_with_more_digits_than_a_float_holds(self) -> None:
        """Text is read as its exact decimal, never through a float: 30.000000000000001 is over 30."""
        found = access_distance_table(
            {"service_code": ["20", "20"], "distance_miles": ["30.000000000000001", "30"]}
        )
        assert [(row["outcome"], row["margin"]) for row in found.rows()] == [
            ("not_met", "-0.000000000000001"),
            ("met", "0"),
        ]

    def test_limits_not_exact_as_floats(self) -> None:
        """A limit of 0.1 miles: float distances compared as decimals with it, not as floats."""
        profile = load_profile(overrides={"access.behavioral_health": _one_service("0.1")})
        floats = [0.1, 0.1 + 2**-56, 0.1 - 2**-56, 0.0]
        found = access_distance_table(
            {"service_code": ["20"] * 4, "distance_miles": pa.array(floats, pa.float64())},
            profile=profile,
        )
        margins = [Decimal("0.1") - Decimal(repr(f)) for f in floats]
        assert [row["met"] for row in found.rows()] == [m >= 0 for m in margins]
        assert [Decimal(row["margin"]) for row in found.rows()] == margins

    @pytest.mark.parametrize("bad", [-1.0, float("nan"), float("inf")])
    def test_float_distances_that_cannot_be_read(self, bad: float) -> None:
        """A negative, NaN or infinite float rejects its row, as its text does."""
        found = access_distance_table(
            {"service_code": ["20", "20"], "distance_miles": pa.array([5.0, bad], pa.float64())},
            on_error="collect",
        )
        assert (found.rows_used, [row["row"] for row in found.rejected.to_pylist()]) == (1, [1])

    def test_without_flag_columns_and_with_columns_of_other_names(self) -> None:
        """Absent flags read no; ``columns=`` maps the library's names to the table's."""
        found = access_distance_table(
            {"code": ["23", "33"], "miles": ["75", "75"]},
            columns={"service_code": "code", "distance_miles": "miles"},
        )
        assert [row["outcome"] for row in found.rows()] == ["not_met", "not_met"]
        assert [row["rural"] for row in found.rows()] == [False, False]

    @pytest.mark.parametrize("unknown", ["99", "00", "{9}"])
    def test_unknown_codes_are_rejected_by_name(self, unknown: str) -> None:
        """A code not in Attachment V rejects its rows, named as given; the others are judged."""
        found = access_distance_table(
            {
                "service_code": [unknown, "20", unknown, "23"],
                "distance_miles": ["1", "1", "1", "75"],
            },
            on_error="collect",
        )
        reason = f"service code '{unknown}' is not in Attachment V"
        assert found.rejected.to_pylist() == [
            {"row": 0, "reason": reason},
            {"row": 2, "reason": reason},
        ]
        assert [(row["row"], row["outcome"]) for row in found.rows()] == [
            (1, "met"),
            (3, "not_met"),
        ]


class TestDatedTable:
    """The table in force on ``on`` is the one read, in both forms."""

    def test_a_later_table(self) -> None:
        """From the change, code 20 within 45 miles (30 before)."""
        profile = with_later_version(
            default_profile(), "access.behavioral_health", _one_service("45")
        )
        assert access_distance("20", 40, on=BEFORE, profile=profile).met is False
        assert access_distance("20", 40, on=AFTER, profile=profile).met is True
        table = {"service_code": ["20"], "distance_miles": [40.0]}
        assert access_distance_table(table, on=BEFORE, profile=profile).rows()[0]["met"] is False
        after = access_distance_table(table, on=AFTER, profile=profile).rows()[0]
        assert (after["met"], after["limit"], after["service_type"]) == (True, "45", "X")
