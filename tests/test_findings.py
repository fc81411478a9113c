"""Findings and their pricing: explanation, flat rows, JSON data, and profile amounts (Exhibit F)."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from tenncare_calc import (
    InvalidInputError,
    InvalidTypeError,
    InvalidValueError,
    ProfileError,
    load_profile,
)
from tenncare_calc.compliance import (
    CHECKS,
    Finding,
    Outcome,
    finding_amounts_from_records,
    minutes_from_micros,
    price_findings,
)


def _late(check: str = "nemt.trip_manifest") -> Finding:
    return Finding(
        check=check,
        outcome=Outcome.NOT_MET,
        standard="by close of business the day before",
        sections=("Attachment XI A.5.5.1",),
        measured=Decimal(5),
        limit=Decimal(0),
        margin=Decimal(-5),
        unit="minutes",
        subject=(("trip", "T1"),),
    )


class TestFinding:
    """A finding reports its outcome, figures and clause in every form."""

    def test_met_is_three_valued(self) -> None:
        """The met flag is True, False, or None when the standard does not apply or is not assessed."""
        base = _late()
        assert base.met is False
        assert Finding(**{**_fields(base), "outcome": Outcome.MET}).met is True
        assert Finding(**{**_fields(base), "outcome": Outcome.NOT_APPLICABLE}).met is None
        assert Finding(**{**_fields(base), "outcome": Outcome.NOT_ASSESSED}).met is None

    def test_unknown_check_is_an_error(self) -> None:
        """A finding can only name a check the library knows."""
        with pytest.raises(InvalidInputError, match="must be one of the library's checks"):
            Finding(check="nemt.nope", outcome=Outcome.MET, standard="x", sections=())

    def test_explain_rows_and_dict(self) -> None:
        """explain() prints the figures; rows() is flat; to_dict() is JSON-ready."""
        finding = _late()
        text = finding.explain()
        assert "NEMT trip manifest: NOT MET  [Attachment XI A.5.5.1]" in text
        assert "short by 5 minutes" in text
        assert finding.rows() == [
            {
                "check": "nemt.trip_manifest",
                "title": "NEMT trip manifest",
                "outcome": "not_met",
                "met": False,
                "standard": "by close of business the day before",
                "measured": "5",
                "limit": "0",
                "margin": "-5",
                "unit": "minutes",
                "section": "Attachment XI A.5.5.1",
                "trip": "T1",
                "note": None,
            }
        ]
        data = finding.to_dict()
        assert json.loads(json.dumps(data)) == data
        assert data["margin"] == "-5"

    def test_units_are_singular_for_one(self) -> None:
        """One business day and one mile read in the singular."""
        finding = Finding(
            check="access.timeliness",
            outcome=Outcome.NOT_MET,
            standard="within 3 business days",
            sections=("Attachment V",),
            measured=Decimal(4),
            limit=Decimal(3),
            margin=Decimal(-1),
            unit="business days",
        )
        assert "short by 1 business day" in finding.explain()
        at_line = Finding(**{**_fields(finding), "margin": Decimal(0), "outcome": Outcome.MET})
        assert "exactly at the limit" in at_line.explain()


def _fields(finding: Finding) -> dict[str, object]:
    return {
        name: getattr(finding, name)
        for name in ("check", "outcome", "standard", "sections", "measured", "limit", "margin")
    } | {"unit": finding.unit}


class TestMinutes:
    """Durations are shown in minutes: exact when they can be, else 4 places half-up."""

    @pytest.mark.parametrize(
        ("micros", "expected"),
        [
            (0, "0"),
            (60_000_000, "1"),
            (90_000_000, "1.5"),
            (20_000_000, "0.3333"),
            (40_000_000, "0.6667"),
            (-20_000_000, "-0.3333"),
            (14_400_000_000, "240"),
        ],
    )
    def test_minutes(self, micros: int, expected: str) -> None:
        """Each value by hand: 20 s = 1/3 minute = 0.3333."""
        assert minutes_from_micros(micros) == Decimal(expected)
        assert str(minutes_from_micros(micros)) == expected


class TestPricing:
    """Not-met findings priced per check with the profile's amounts; none ship by default."""

    def test_shipped_profile_prices_nothing(self) -> None:
        """Exhibit F is not in the source: every line is unpriced and the total is zero."""
        priced = price_findings([_late(), _late()])
        assert priced.unpriced == ("nemt.trip_manifest",)
        assert priced.total == Decimal("0.00")
        assert "Exhibit F to Attachment XI is not in the source" in priced.explain()

    def test_amounts_from_the_profile(self) -> None:
        """3 late manifests x $250.005 = $750.015 -> $750.02 (one line, rounded half-up, M3)."""
        profile = load_profile(
            overrides={"compliance.finding_amounts": {"nemt.trip_manifest": "250.005"}}
        )
        met = Finding(**{**_fields(_late()), "outcome": Outcome.MET})
        priced = price_findings([_late(), _late(), _late(), met], profile=profile)
        assert priced.total == Decimal("750.02")
        assert priced.rows() == [
            {
                "check": "nemt.trip_manifest",
                "title": "NEMT trip manifest",
                "not_met": 3,
                "amount": "250.005",
                "total": "750.02",
            }
        ]
        assert json.loads(json.dumps(priced.to_dict()))["total"] == "750.02"

    def test_text_override(self) -> None:
        """A what-if override may be TOML inline-table text."""
        profile = load_profile(
            overrides={"compliance.finding_amounts": '{"nemt.decision_time" = "100"}'}
        )
        amounts = profile.get("compliance.finding_amounts").value
        assert amounts.get("nemt.decision_time") == Decimal(100)

    @pytest.mark.parametrize(
        ("raw", "error", "message"),
        [
            ({"nemt.late": 1}, InvalidInputError, "unknown check"),
            ({"nemt.decision_time": -1}, InvalidValueError, "must be >= 0"),
            ({"nemt.decision_time": True}, InvalidTypeError, "not bool"),
            ([1, 2], InvalidTypeError, "must be a table"),
            ("{nope", InvalidInputError, "TOML inline table"),
        ],
    )
    def test_bad_amounts(self, raw: object, error: type[Exception], message: str) -> None:
        """Bad amounts are typed errors naming the field."""
        with pytest.raises(error, match=message):
            finding_amounts_from_records(raw, field="amounts")

    def test_bad_amounts_in_a_profile(self) -> None:
        """Through the profile, a bad amount is a ProfileError."""
        with pytest.raises(ProfileError, match=r"compliance\.finding_amounts"):
            load_profile(overrides={"compliance.finding_amounts": {"nope": 1}})

    def test_only_findings_are_priced(self) -> None:
        """Anything else in the list is a type error."""
        with pytest.raises(InvalidTypeError, match="Finding or FindingsTable"):
            price_findings(["late"])  # type: ignore[list-item]

    def test_every_check_has_a_section(self) -> None:
        """Every registered check cites at least one clause."""
        assert all(check.sections for check in CHECKS.values())
