"""Attachment VII computed from data: distance from findings, specialists from contracts, samples."""

from __future__ import annotations

import io
import math
import sys
from decimal import ROUND_CEILING, Decimal

import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tenncare_calc import (
    InvalidInputError,
    InvalidTypeError,
    InvalidValueError,
    MissingDependencyError,
    RejectedRowsError,
    default_profile,
)
from tenncare_calc.compliance import access_distance_table
from tenncare_calc.core.thresholds import Comparison
from tenncare_calc.damages import (
    geographic_access_from_findings,
    sample_is_large_enough,
    specialist_contracts,
    specialist_network_from_contracts,
    statistically_valid_sample_size,
)
from tenncare_calc.damages import sample_size as sizing
from tests.golden_records import assert_matches_record, result_record
from tests.versioned_profiles import with_later_version

OUTCOMES = ["met", "not_met", "not_applicable", "not_assessed"]
SPECIALTIES = default_profile().value("damages.physician_specialties", tuple)


class TestDistanceFromFindings:
    """Any not-met distance finding of the month: $25,000 ($5,000 with a plan), listed."""

    @given(st.lists(st.sampled_from(OUTCOMES), max_size=30), st.booleans())
    def test_any_not_met(self, outcomes: list[str], plan: bool) -> None:
        """$25,000 exactly when a finding is not met; the breaches are those findings."""
        found = geographic_access_from_findings(
            {"check": ["access.distance"] * len(outcomes), "outcome": outcomes},
            month="2008-10",
            corrective_action_plan=plan,
        )
        breached = "not_met" in outcomes
        base = Decimal("25000.00") if breached else Decimal("0.00")
        assert found.assessment.base_amount == base
        assert found.amount == (min(base, Decimal(5000)) if plan else base)
        assert [row["row"] for row in found.evidence_rows()] == [
            n for n, outcome in enumerate(outcomes) if outcome == "not_met"
        ]
        assert bool(found.notes) is ("not_assessed" in outcomes or not outcomes)

    def test_the_findings_as_data_in_every_form(self) -> None:
        """A findings table (Arrow stream), its .arrow, a DataFrame, its exported CSV: alike."""
        findings = access_distance_table(
            {
                "member_id": [7, 8, 9],
                "service_code": ["20", "23", "20"],
                "distance_miles": [30, 75, "30.01"],
            },
            carry="member_id",
        )
        frame = findings.to_frame(numbers="float")
        exported = pd.read_csv(io.StringIO(findings.to_csv()))
        results = [
            geographic_access_from_findings(data, month="2008-10", carry="member_id")
            for data in (findings, findings.arrow, frame, exported)
        ]
        assert {result.amount for result in results} == {Decimal("25000.00")}
        assert [[row["member_id"] for row in r.evidence_rows()] for r in results] == [[8, 9]] * 4
        first = results[0].evidence_rows()[0]
        assert (first["service_code"], first["margin"], first["unit"]) == ("23", "-15", "miles")

    def test_rows_not_counted_are_rejected(self) -> None:
        """A timeliness finding is not a distance finding; an unknown outcome is not an outcome."""
        data = {
            "check": ["access.distance", "access.timeliness", "access.distance"],
            "outcome": ["met", "not_met", "failed"],
        }
        with pytest.raises(RejectedRowsError):
            geographic_access_from_findings(data, month="2008-10")
        found = geographic_access_from_findings(data, month="2008-10", on_error="collect")
        assert (found.rows_in, found.rows_used, found.amount) == (3, 1, Decimal("0.00"))
        assert "not counted" in found.rejected.to_pylist()[0]["reason"]
        wider = geographic_access_from_findings(
            data,
            month="2008-10",
            on_error="collect",
            checks=["access.distance", "access.timeliness"],
        )
        assert wider.amount == Decimal("25000.00")

    def test_explains_and_serialises(self) -> None:
        """The explanation shows the month's tally and the breach; JSON carries the evidence."""
        found = geographic_access_from_findings(
            {"check": ["access.distance"], "outcome": ["not_met"], "service_code": ["23"]},
            month="2008-10",
        )
        assert "1 not met: the standards were not met this month" in found.explain()
        assert found.to_dict()["breaches"][0]["service_code"] == "23"
        assert [part.name for part in found.tables()] == [
            "assessment",
            "inputs",
            "breaches",
            "rejected",
            "parameters",
        ]
        with pytest.raises(InvalidTypeError, match="corrective_action_plan"):
            geographic_access_from_findings(
                {"check": [], "outcome": []},
                month="2008-10",
                corrective_action_plan="yes",  # type: ignore[arg-type]
            )


def _contracts(
    specialties: tuple[str, ...] = SPECIALTIES,
    aids: int = 2,
    centers: tuple[str, ...] = ("BH1", "BH2"),
    services: tuple[str, ...] = ("burn", "trauma"),
    executed: str = "2008-01-15",
) -> dict[str, list[object]]:
    rows = [("physician_specialists", f"P{n}", s) for n, s in enumerate(specialties)]
    rows += [("aids_centers_of_excellence", f"A{n}", None) for n in range(aids)]
    rows += [("behavioral_health_centers_of_excellence", c, None) for c in centers]
    rows += [("essential_hospital_services", f"H{n}", s) for n, s in enumerate(services)]
    return {
        "standard": [r[0] for r in rows],
        "provider_id": [r[1] for r in rows],
        "covers": [r[2] for r in rows],
        "executed": [executed] * len(rows),
    }


LISTS = {
    "essential_hospital_services": ["Burn", "Trauma"],
    "behavioral_health_centers": ["bh1", "BH2"],
}


class TestSpecialistsFromContracts:
    """The four standards from executed contracts, then rulings L5 and L6 as for the item."""

    def test_every_standard_met(self) -> None:
        """All 16 specialties, each service, two AIDS centers and every BH center: no damage."""
        found = specialist_network_from_contracts(_contracts(), month="2008-10", **LISTS)
        assert found.amount == Decimal("0.00")
        assert len(found.evidence_rows()) == 16 + 2 + 1 + 2
        assert all(row["met"] for row in found.evidence_rows())

    @given(st.integers(0, 4))
    def test_aids_centers_below_at_above(self, centers: int) -> None:
        """At least two AIDS centers: one short is $25,000, two or more none."""
        found = specialist_network_from_contracts(
            _contracts(aids=centers), month="2008-10", **LISTS
        )
        assert found.amount == (Decimal("0.00") if centers >= 2 else Decimal("25000.00"))
        row = next(
            r for r in found.evidence_rows() if r["standard"] == "aids_centers_of_excellence"
        )
        assert (row["found"], row["needed"], row["met"]) == (centers, 2, centers >= 2)

    def test_a_missing_specialty_and_the_shortage_waiver(self) -> None:
        """Urology missing: $25,000; the shortage waiver applies (physician specialists alone)."""
        short = _contracts(specialties=SPECIALTIES[:-1])
        found = specialist_network_from_contracts(short, month="2008-10", **LISTS)
        assert found.amount == Decimal("25000.00")
        assert found.assessment.inputs[0] == ("unmet", "physician_specialists")
        waived = specialist_network_from_contracts(
            short, month="2008-10", shortage_waiver=True, **LISTS
        )
        assert waived.amount == Decimal("0.00")
        both = _contracts(specialties=SPECIALTIES[:-1], aids=1)
        refused = specialist_network_from_contracts(
            both, month="2008-10", shortage_waiver=True, **LISTS
        )
        assert refused.amount == Decimal("25000.00")

    @pytest.mark.parametrize(
        ("executed", "ended", "counts"),
        [
            ("2008-10-31", None, True),
            ("2008-11-01", None, False),
            ("2008-01-01", "2008-10-31", True),
            ("2008-01-01", "2008-10-30", False),
        ],
    )
    def test_in_force_on_the_last_day(self, executed: str, ended: str | None, counts: bool) -> None:
        """A contract counts when executed on or before the month's last day and not ended before."""
        data = _contracts(aids=1)
        data["standard"].append("aids_centers_of_excellence")
        data["provider_id"].append("A9")
        data["covers"].append(None)
        data["executed"].append(executed)
        data["ended"] = [None] * (len(data["standard"]) - 1) + [ended]
        found = specialist_network_from_contracts(data, month="2008-10", **LISTS)
        assert (found.amount == Decimal("0.00")) is counts

    def test_lists_not_in_the_source_are_not_assessed(self) -> None:
        """Without the services or the centers, those standards are not assessed, and say so."""
        found = specialist_network_from_contracts(
            _contracts(centers=(), services=()), month="2008-10"
        )
        assert found.amount == Decimal("0.00")
        assert len(found.notes) == 2
        assert {row["standard"] for row in found.evidence_rows()} == {
            "physician_specialists",
            "aids_centers_of_excellence",
        }

    def test_a_misspelling_is_rejected_not_missed(self) -> None:
        """An unknown specialty, service or center rejects its row, with its reason."""
        data = _contracts()
        data["covers"][0] = "alergy"
        with pytest.raises(RejectedRowsError, match="'alergy' is not a required specialty"):
            specialist_network_from_contracts(data, month="2008-10", **LISTS)
        data = _contracts(centers=("BH1", "BH3"))
        found = specialist_network_from_contracts(
            data, month="2008-10", on_error="collect", **LISTS
        )
        assert found.rejected.num_rows == 1
        assert found.amount == Decimal("25000.00")

    def test_the_line(self) -> None:
        """At least one contract per requirement."""
        assert specialist_contracts.AT_LEAST_ONE.comparison is Comparison.AT_LEAST
        assert specialist_contracts.AT_LEAST_ONE.limit == 1


class TestSampleSize:
    """Cochran's formula with the finite population correction; the check at its line."""

    @given(st.integers(1, 10**7))
    def test_the_formula(self, population: int) -> None:
        """The size is the corrected n rounded up, never above the population."""
        size = statistically_valid_sample_size(population)
        n0 = Decimal("1.959964") ** 2 * Decimal("0.25") / Decimal("0.0025")
        corrected = n0 / (1 + (n0 - 1) / population)
        assert size.required == min(
            population, max(1, int(corrected.to_integral_value(ROUND_CEILING)))
        )
        assert size.required - 1 < corrected <= size.required or size.required == population

    @given(st.integers(1, 10**6))
    def test_monotone_and_bounded(self, population: int) -> None:
        """A larger file never needs a smaller sample; never more than 385 at 95% and 5 points."""
        assert (
            statistically_valid_sample_size(population).required
            <= statistically_valid_sample_size(population + 1).required
            <= 385
        )

    @given(st.integers(2, 10**5), st.integers(-2, 2))
    def test_check_at_the_line(self, population: int, offset: int) -> None:
        """One provider short is too small; at the size or over it is large enough."""
        required = statistically_valid_sample_size(population).required
        reported = min(population, max(0, required + offset))
        check = sample_is_large_enough(reported, population=population)
        assert check.met is (reported >= required)
        assert check.margin == reported - required
        assert sizing.LARGE_ENOUGH is Comparison.AT_LEAST

    def test_z_from_the_confidence(self) -> None:
        """Z is the normal quantile, to 6 places; 90%, 95%, 99%."""
        assert [statistically_valid_sample_size(10**6, confidence=c).z for c in (90, 95, 99)] == [
            Decimal("1.644854"),
            Decimal("1.959964"),
            Decimal("2.575829"),
        ]
        assert math.isclose(float(statistically_valid_sample_size(10).z), 1.96, abs_tol=1e-4)

    def test_parameters_from_the_profile(self) -> None:
        """The defaults are library defaults in the profile; another margin is a profile change."""
        profile = default_profile()
        assert profile.get("damages.sample_margin_percent").library_default
        mine = profile.with_overrides({"damages.sample_margin_percent": 10})
        assert statistically_valid_sample_size(10**6, profile=mine).required == 97

    def test_bad_input(self) -> None:
        """No population, a sample larger than it, a confidence of 100%."""
        with pytest.raises(InvalidValueError, match="population"):
            statistically_valid_sample_size(0)
        with pytest.raises(InvalidValueError, match="sample_size"):
            sample_is_large_enough(11, population=10)
        with pytest.raises(InvalidValueError, match="confidence"):
            statistically_valid_sample_size(10, confidence=100)
        assert "rounded up" in statistically_valid_sample_size(1000).explain()
        assert sample_is_large_enough(300, population=1000).to_dict()["required"] == 278


def test_arrow_stream_reaches_every_batch_input() -> None:
    """read_table takes any object exposing __arrow_c_stream__ (a findings table is one)."""
    findings = access_distance_table({"service_code": ["20"], "distance_miles": [31]})
    assert pa.table(findings).num_rows == 1


def _derived() -> dict[str, object]:
    """Return derived assessments by a name saying what each shows (reviewed records below)."""
    findings = {
        "check": ["access.distance"] * 5 + ["access.timeliness"],
        "outcome": ["met", "not_met", "not_assessed", "not_met", "not_applicable", "not_met"],
        "service_code": ["20", "23", "20", "31", None, "20"],
        "member_id": [7, 8, 9, 10, 11, 12],
    }
    short = _contracts(specialties=SPECIALTIES[:-1], aids=1, centers=("BH1",))
    short["ended"] = [None] * len(short["standard"])
    # a misspelt specialty and an end before the start are rejected; urology signed after the
    # month and an AIDS center ended the day before its last day are not in force; names are
    # compared without regard to case or spacing
    short["standard"] += ["physician_specialists", "aids_centers_of_excellence"] * 2
    short["provider_id"] += ["P99", "A9", "P98", " A8 "]
    short["covers"] += ["alergy", None, "Urology", None]
    short["executed"] += ["2008-01-15", "2008-03-01", "2008-11-01", "2008-01-01"]
    short["ended"] += [None, "2008-02-01", None, "2008-10-30"]
    short["covers"][1] = "  CARDIOLOGY "
    # a specialist or hospital contract that covers nothing, and a service not on the list
    short["standard"] += ["physician_specialists", "essential_hospital_services"] * 2
    short["provider_id"] += ["P97", "H7", "P96", "H8"]
    short["covers"] += [None, "dialysis", "allergy", " "]
    short["executed"] += ["2008-01-15"] * 4
    short["ended"] += [None] * 4
    return {
        "distance_breached_collected": geographic_access_from_findings(
            findings,
            month="2008-10",
            corrective_action_plan=True,
            on_error="collect",
            carry="member_id",
        ),
        "distance_no_findings": geographic_access_from_findings(
            {"check": [], "outcome": []}, month="2008-02"
        ),
        "specialists_short_collected": specialist_network_from_contracts(
            short, month="2008-10", on_error="collect", shortage_waiver=True, **LISTS
        ),
        "specialists_lists_not_given": specialist_network_from_contracts(
            _contracts(centers=(), services=()), month="2008-10"
        ),
    }


@pytest.mark.parametrize("name", sorted(_derived()))
def test_derived_result_matches_the_reviewed_record(name: str) -> None:
    """Everything a derived result reports (explanation, JSON, tables) is the reviewed record."""
    assert_matches_record("damages.json", f"derived:{name}", result_record(_derived()[name]))


NO_ROWS = {"standard": [], "provider_id": [], "executed": []}
MEASURES = {
    "contracts": (
        lambda data, **kw: specialist_network_from_contracts(data, month="2008-10", **kw),
        "computing the specialist network from contracts",
    ),
    "findings": (
        lambda data, **kw: geographic_access_from_findings(data, month="2008-10", **kw),
        "computing a damage from findings",
    ),
}


@pytest.mark.parametrize("package", ["numpy", "pyarrow"])
@pytest.mark.parametrize("measure", sorted(MEASURES))
def test_without_the_data_extra_the_error_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, measure: str, package: str
) -> None:
    """A missing numpy or pyarrow is named, with the extra that installs it and the purpose."""
    call, purpose = MEASURES[measure]
    monkeypatch.setitem(sys.modules, package, None)
    with pytest.raises(MissingDependencyError) as caught:
        call({"check": [], "outcome": []} if measure == "findings" else NO_ROWS)
    assert caught.value.extra == "data"
    assert str(caught.value) == (
        f"{purpose} needs the optional package {package!r}, which is not installed; "
        "install it with: pip install 'tenncare-calc[data]'"
    )


def test_the_input_table_is_named_in_its_errors() -> None:
    """A missing column names the table it is missing from: 'contracts' or 'findings'."""
    for measure, data in (
        ("contracts", {"standard": ["aids_centers_of_excellence"], "provider_id": ["A1"]}),
        ("findings", {"check": ["access.distance"]}),
    ):
        call, _ = MEASURES[measure]
        with pytest.raises(InvalidInputError) as caught:
            call(data)
        assert caught.value.field == measure
        assert str(caught.value).startswith(f"{measure!r} lacks the required column")


def test_your_column_names() -> None:
    """columns= maps the library's column names to the caller's, for contracts and findings."""
    data = _contracts(aids=1)
    renamed = {name.upper(): values for name, values in data.items()}
    mapping = {name: name.upper() for name in data}
    found = specialist_network_from_contracts(renamed, month="2008-10", columns=mapping, **LISTS)
    assert found.amount == Decimal("25000.00")
    assert found.assessment.inputs[0] == ("unmet", "aids_centers_of_excellence")
    findings = {"CHK": ["access.distance"], "RESULT": ["not_met"]}
    breached = geographic_access_from_findings(
        findings, month="2008-10", columns={"check": "CHK", "outcome": "RESULT"}
    )
    assert breached.amount == Decimal("25000.00")


class TestDatedParameters:
    """Each derived measure reads the parameters and schedule in force on the month's last day."""

    def test_specialist_lists_and_minimum(self) -> None:
        """From 2010 in these profiles: urology is not required, or one AIDS center is enough."""
        base = default_profile()
        no_urology = with_later_version(base, "damages.physician_specialties", SPECIALTIES[:-1])
        one_center = with_later_version(base, "damages.aids_centers_of_excellence_minimum", 1)
        short = _contracts(specialties=SPECIALTIES[:-1])
        one = _contracts(aids=1)
        for data, profile in ((short, no_urology), (one, one_center)):
            before = specialist_network_from_contracts(
                data, month="2009-12", profile=profile, **LISTS
            )
            after = specialist_network_from_contracts(
                data, month="2010-01", profile=profile, **LISTS
            )
            assert (before.amount, after.amount) == (Decimal("25000.00"), Decimal("0.00"))

    def test_specialist_profile_lists(self) -> None:
        """The services and centers come from the profile when not given, as dated there."""
        base = default_profile()
        profile = with_later_version(
            with_later_version(base, "damages.essential_hospital_services", ["burn"]),
            "damages.behavioral_health_centers_of_excellence",
            ["BH1", "BH9"],
        )
        data = _contracts(services=("burn",), centers=("BH1",))
        before = specialist_network_from_contracts(data, month="2009-12", profile=profile)
        after = specialist_network_from_contracts(data, month="2010-01", profile=profile)
        assert (before.amount, len(before.notes)) == (Decimal("0.00"), 2)
        assert (after.amount, after.notes) == (Decimal("25000.00"), ())
        assert after.assessment.inputs[0] == ("unmet", "behavioral_health_centers_of_excellence")
        assert [p.name for p in after.parameters] == [
            "damages.physician_specialties",
            "damages.essential_hospital_services",
            "damages.aids_centers_of_excellence_minimum",
            "damages.behavioral_health_centers_of_excellence",
        ]

    @pytest.mark.parametrize("measure", sorted(MEASURES))
    def test_the_schedule_amount(self, measure: str) -> None:
        """A schedule whose monthly items cost $30,000 from 2010 applies from January 2010."""
        base = default_profile()
        records = [
            {**r, "amount": "30000"}
            if r["id"] in ("specialist_network", "geographic_access")
            else r
            for r in base.get("damages.schedule").value.to_records()
        ]
        profile = with_later_version(base, "damages.schedule", records)
        data: dict[str, list[object]]
        if measure == "contracts":
            data = _contracts(aids=1)
            kwargs: dict[str, object] = dict(LISTS)
        else:
            data = {"check": ["access.distance"], "outcome": ["not_met"]}
            kwargs = {}
        amounts = [
            (
                specialist_network_from_contracts
                if measure == "contracts"
                else geographic_access_from_findings
            )(data, month=month, profile=profile, **kwargs).amount
            for month in ("2009-12", "2010-01")
        ]
        assert amounts == [Decimal("25000.00"), Decimal("30000.00")]

    def test_the_counted_checks(self) -> None:
        """The checks counted are the profile's, as dated there."""
        base = default_profile()
        profile = with_later_version(
            base, "damages.geographic_access_findings", ["access.distance", "access.timeliness"]
        )
        data = {"check": ["access.timeliness"], "outcome": ["not_met"]}
        before = geographic_access_from_findings(
            data, month="2009-12", profile=profile, on_error="collect"
        )
        after = geographic_access_from_findings(data, month="2010-01", profile=profile)
        assert (before.amount, before.rows_used) == (Decimal("0.00"), 0)
        assert after.amount == Decimal("25000.00")


@pytest.mark.parametrize("breaches", [9, 10, 11])
def test_the_explanation_lists_ten_breaches_then_counts_the_rest(breaches: int) -> None:
    """Up to ten evidence rows are listed; more are counted ('... and 1 more')."""
    found = geographic_access_from_findings(
        {"check": ["access.distance"] * breaches, "outcome": ["not_met"] * breaches},
        month="2008-10",
    )
    lines = found.explain().splitlines()
    listed = [line for line in lines if line.startswith("    row ")]
    assert len(listed) == min(breaches, 10)
    more = [line for line in lines if "more" in line and line.startswith("    ...")]
    assert more == (["    ... and 1 more"] if breaches == 11 else [])


@pytest.mark.parametrize(("ended", "rejected"), [("2008-02-29", True), ("2008-03-01", False)])
def test_a_contract_may_end_the_day_it_was_executed(ended: str, rejected: bool) -> None:
    """An end before the execution date rejects the row; an end on that day is a valid contract."""
    data = _contracts()
    data["ended"] = [None] * len(data["standard"])
    data["standard"].append("aids_centers_of_excellence")
    data["provider_id"].append("A9")
    data["covers"].append(None)
    data["executed"].append("2008-03-01")
    data["ended"].append(ended)
    found = specialist_network_from_contracts(data, month="2008-10", on_error="collect", **LISTS)
    assert found.rejected.num_rows == int(rejected)
    assert found.rows_used == len(data["standard"]) - int(rejected)
