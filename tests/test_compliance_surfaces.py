# ruff: noqa: DTZ001 - NEMT times are naive local times (the State's wall clock), as in trip data
"""Compliance results on every surface: HTML and Markdown in a notebook, CSV, pandas, the parts.

Findings (one, or a table of them), priced findings and the utilization-management results are
checked as a user meets them: the cells a notebook shows, the CSV a spreadsheet reads, the
DataFrame's types, and the row accounting each part carries. The workbooks are recomputed in
``tests/test_workbook.py``; the command line in ``tests/test_cli_compliance.py``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

import tenncare_calc as tc
from tenncare_calc.columnar import arrow_part, trimmed_decimal
from tenncare_calc.compliance import Finding, FindingsTable, Outcome, PricedFindings
from tenncare_calc.core.presentable import Presentable
from tests.test_presentation import parse

pd = pytest.importorskip("pandas")

APPOINTMENTS = {
    "service_code": ["19", "19", "41", "99", "20"],
    "requested_at": ["2008-12-23", "2008-12-23", "2008-12-23 09:00", "2008-12-23", "=cmd"],
    "appointment_at": ["2008-12-29", "2008-12-30", "2008-12-23 13:30", "2008-12-24", "2009-01-02"],
    "urgency": ["urgent", "urgent", "routine", "routine", "routine"],
}


@pytest.fixture(scope="module")
def timeliness() -> FindingsTable:
    """Return findings of four appointments with one unknown code and one hostile date."""
    return tc.access_timeliness_table(APPOINTMENTS, on_error="collect")


def test_every_result_is_presentable(timeliness: FindingsTable) -> None:
    """Each compliance result type plugs into the presentation layer."""
    results = [
        timeliness,
        tc.decision_time(
            requested_at=dt.datetime(2008, 10, 6, 9), decided_at=dt.datetime(2008, 10, 7, 9)
        ),
        tc.price_findings([timeliness]),
        tc.sample_enrollees(range(10), seed=1),
    ]
    for result in results:
        assert isinstance(result, Presentable)
        assert result.rows() == result.table().records()


class TestFindingsTable:
    """A findings table: summary, findings, rejected rows and the parameters it used."""

    def test_parts_and_accounting(self, timeliness: FindingsTable) -> None:
        """Rows in = rows used + rows rejected, in the summary and in the parts' lengths."""
        parts = {table.name: table for table in timeliness.tables()}
        assert list(parts) == ["summary", "findings", "rejected", "parameters"]
        (summary,) = parts["summary"].records()
        assert (summary["rows_in"], summary["rows_used"], summary["rows_rejected"]) == (5, 3, 2)
        assert len(parts["findings"].rows) + len(parts["rejected"].rows) == summary["rows_in"]
        assert {k: summary[k] for k in ("met", "not_met", "not_applicable", "not_assessed")} == (
            timeliness.counts()
        )
        assert parts["rejected"].records() == [
            {"row": 3, "reason": "service code '99' is not in Attachment V"},
            {
                "row": 4,
                "reason": "requested_at '=cmd' is not a date or time (expected YYYY-MM-DD or "
                "M/D/YYYY (month first), such as 2008-01-05 or 1/5/2008, with HH:MM[:SS] for a time)",
            },
        ]
        assert parts["parameters"].records()[0]["name"] == "access.behavioral_health"

    def test_rows_keep_their_form(self, timeliness: FindingsTable) -> None:
        """rows() are the findings part: 0-based rows, exact text, what was checked, the verdict."""
        assert timeliness.rows()[1] == {
            "row": 1,
            "check": "access.timeliness",
            "service_code": "19",
            "service_type": "Outpatient Mental Health Services: Outpatient MD services (psychiatry)",
            "urgency": "urgent",
            "outcome": "not_met",
            "met": False,
            "standard": "within 3 business days of the request (if urgent)",
            "measured": "4",
            "limit": "3",
            "margin": "-1",
            "unit": "business days",
            "section": "Attachment V",
        }

    def test_html_in_a_notebook(self, timeliness: FindingsTable) -> None:
        """The notebook shows one captioned table per part, figures as a person reads them."""
        shown = parse(timeliness._repr_html_())
        assert shown.captions == [
            "Time to appointment (Attachment V)",
            "Findings: Time to appointment",
            "Rejected input rows",
            "Contract parameters, cited",
        ]
        cells = shown.cells
        assert cells[cells.index("rows rejected") + 1] == "2"
        at = cells.index("within 4 hours of the referral")
        assert cells[at - 3 : at + 5] == [
            "routine", "not_met", "no", "within 4 hours of the referral",
            "270", "240", "-30", "minutes",
        ]  # fmt: skip
        assert "service code '99' is not in Attachment V" in cells

    def test_markdown_and_csv(self, timeliness: FindingsTable) -> None:
        """Markdown has every part; CSV is the findings, exact and read back equal to rows()."""
        text = timeliness._repr_markdown_()
        assert "**Findings: Time to appointment**" in text
        assert "| not met | 2 |" in text
        rows = list(csv.DictReader(io.StringIO(timeliness.to_csv())))
        assert [row["margin"] for row in rows] == ["0", "-1", "-30"]
        assert [row["met"] for row in rows] == ["true", "false", "false"]
        rejected = list(csv.DictReader(io.StringIO(timeliness.to_csv("rejected"))))
        assert rejected[1]["reason"].startswith("requested_at '=cmd'")  # not at the field start

    def test_frame(self, timeliness: FindingsTable) -> None:
        """to_frame(): Decimal figures, nullable ints and booleans, text as strings."""
        frame = timeliness.to_frame()
        assert frame["margin"].tolist() == [Decimal(0), Decimal(-1), Decimal(-30)]
        assert str(frame["row"].dtype) == "Int64"
        assert str(frame["met"].dtype) == "boolean"
        assert str(frame["outcome"].dtype) == "string"
        assert frame.attrs["part"] == "findings"
        summary = timeliness.to_frame("summary")
        assert summary.loc[0, "not_met"] == 2

    def test_dates_and_nulls(self) -> None:
        """A manifest's service date is a date; a distance not judged has no figures."""
        manifests = tc.trip_manifest_table(
            {
                "sent_at": ["2008-10-05 16:00"],
                "service_date": ["2008-10-06"],
                "close_of_business": ["17:00"],
            }
        )
        frame = manifests.to_frame()
        assert frame.loc[0, "service_date"] == pd.Timestamp("2008-10-06")
        assert manifests.rows()[0]["service_date"] == "2008-10-06"
        distances = tc.access_distance_table(
            {"service_code": ["23", "31"], "distance_miles": [75, 5], "rural": [True, False]}
        )
        assert [(r["outcome"], r["met"], r["margin"]) for r in distances.rows()] == [
            ("not_applicable", None, None),
            ("not_applicable", None, None),
        ]
        assert str(distances.to_frame()["rural"].dtype) == "boolean"

    def test_nothing_to_check(self) -> None:
        """Every row rejected: the findings part is empty, the accounting still holds."""
        findings = tc.access_distance_table(
            {"service_code": ["99"], "distance_miles": [1]}, on_error="collect"
        )
        assert findings.rows() == []
        assert findings.table("summary").records()[0]["rows_rejected"] == 1
        assert "<caption>Findings: Distance to service</caption>" in findings._repr_html_()

    @given(
        st.lists(
            st.tuples(
                st.sampled_from(["20", "23", "31", "85", "H1", "99"]),
                st.decimals(min_value=0, max_value=200, places=2),
                st.booleans(),
            ),
            max_size=12,
        )
    )
    def test_every_surface_agrees(self, data: list[tuple[str, Decimal, bool]]) -> None:
        """For any rows: summary counts = findings' outcomes; CSV and frame = rows(); rows in kept."""
        findings = tc.access_distance_table(
            {
                "service_code": [code for code, _, _ in data],
                "distance_miles": [miles for _, miles, _ in data],
                "rural": [rural for _, _, rural in data],
            },
            on_error="collect",
        )
        (summary,) = findings.rows("summary")
        outcomes = [row["outcome"] for row in findings.rows()]
        for outcome in Outcome:
            assert summary[outcome.value] == outcomes.count(outcome.value)
        assert summary["rows_in"] == len(data) == len(outcomes) + len(findings.rows("rejected"))
        from_csv = list(csv.DictReader(io.StringIO(findings.to_csv())))
        assert [row["margin"] for row in from_csv] == [r["margin"] or "" for r in findings.rows()]
        frame = findings.to_frame()
        assert [None if pd.isna(m) else Decimal(m) for m in frame["margin"]] == [
            None if r["margin"] is None else Decimal(r["margin"]) for r in findings.rows()
        ]


@given(
    st.lists(
        st.one_of(
            st.none(),
            *(
                st.decimals(min_value=-(10**12), max_value=10**12, places=places)
                for places in (0, 4, 12)
            ),
        ),
        max_size=20,
    )
)
def test_decimal_columns_are_exact(values: list[Decimal | None]) -> None:
    """A decimal column shown as a part holds the same numbers; its text has no exponent or trailing zeros."""
    pa = pytest.importorskip("pyarrow")
    part = arrow_part(pa.table({"x": pa.array(values, pa.decimal256(60, 30))}), "t", "T")
    assert part.values("x") == [None if v is None else trimmed_decimal(v) for v in values]
    for text, value in zip([r["x"] for r in part.records()], values, strict=True):
        if value is None:
            assert text is None
            continue
        assert Decimal(text) == value
        assert "E" not in text
        assert text == "0" or not text.endswith(("0", ".")) or "." not in text
        assert not text.startswith("-0") or text.startswith("-0.")


def test_a_notebook_shows_the_first_and_last_findings() -> None:
    """A long findings table shows its first and last 10 rows in a notebook, the gap counted."""
    codes = ["20"] * 1001
    findings = tc.access_distance_table({"service_code": codes, "distance_miles": [1] * 1001})
    html = findings._repr_html_()
    assert "<caption>Findings: Distance to service</caption>" in html
    assert "… 981 more rows (11 to 991 of 1,001) not shown" in html
    # 20 findings, the gap line and their heading, 10 summary fields, the rejected heading, one
    # parameter and its heading
    assert html.count("<tr") == 20 + 1 + 1 + 10 + 1 + 2
    assert "… 981 more rows (11 to 991 of 1,001) not shown" in findings._repr_markdown_()
    assert len(findings.rows()) == len(findings.to_frame()) == 1001
    assert findings.to_markdown().count("\n| 1000 | access.distance |") == 1  # the last, row 1000


class TestFinding:
    """One finding, or a composite one: a row for it and one per part."""

    def test_composite(self) -> None:
        """Fixed route: one row for the whole and one per test, each with its clause."""
        leg = tc.fixed_route_appropriateness(
            walk_to_stop_miles="0.3",
            walk_from_stop_miles="0.1",
            transfers=1,
            fixed_route_minutes=75,
            direct_minutes=20,
            minutes_early=30,
            on=dt.date(2008, 10, 6),
        )
        findings = leg.table("findings")
        assert len(findings.rows) == 1 + len(leg.parts) == 7
        assert [r["outcome"] for r in leg.rows()][:2] == ["not_met", "not_met"]
        assert leg.rows()[1]["section"] == "Attachment XI A.4.3.2.4.1"
        assert [row["name"] for row in leg.rows("parameters")] == [
            "nemt.fixed_route_walk_miles",
            "nemt.fixed_route_transfers_per_leg",
            "nemt.fixed_route_added_minutes",
            "nemt.fixed_route_early_arrival_minutes",
        ]
        cells = parse(leg._repr_html_()).cells
        assert cells[cells.index("Fixed route: walk to or from a stop") + 1 :][:2] == [
            "not_met",
            "no",
        ]

    def test_subject_columns(self) -> None:
        """What was checked becomes columns; a single finding's row equals row()."""
        finding = tc.access_timeliness(
            "19",
            requested_at=dt.date(2008, 12, 23),
            appointment_at=dt.date(2008, 12, 30),
            urgency="urgent",
        )
        assert finding.rows() == [finding.row()]
        frame = finding.to_frame()
        assert frame.loc[0, "age_group"] == "adult"
        assert frame.loc[0, "margin"] == Decimal(-1)


class TestPricedFindings:
    """Priced findings: lines, a summary, the amounts' parameter."""

    def test_parts(self, timeliness: FindingsTable) -> None:
        """An unpriced check shows no amount; the priced total is exact."""
        late = Finding(
            check="nemt.trip_manifest",
            outcome=Outcome.NOT_MET,
            standard="by close of business the day before",
            sections=("Attachment XI A.5.5.1",),
        )
        profile = tc.load_profile(
            overrides={"compliance.finding_amounts": {"nemt.trip_manifest": "100.005"}}
        )
        priced: PricedFindings = tc.price_findings([timeliness, late], profile=profile)
        assert priced.rows() == [
            {
                "check": "access.timeliness",
                "title": "Time to appointment",
                "not_met": 2,
                "amount": None,
                "total": None,
            },
            {
                "check": "nemt.trip_manifest",
                "title": "NEMT trip manifest",
                "not_met": 1,
                "amount": "100.005",
                "total": "100.01",
            },
        ]
        assert priced.rows("summary") == [
            {"not_met": 3, "total": "100.01", "unpriced": "access.timeliness"}
        ]
        assert priced.to_frame()["total"].dropna().sum() == priced.total
        cells = parse(priced._repr_html_()).cells
        assert cells[cells.index("total") + 1] == "$100.01"


class TestUtilization:
    """The utilization-management results as tables."""

    def test_monthly_sample(self) -> None:
        """Members in draw order; the summary flags a small population; rejected claims listed."""
        claims = {
            "member_id": [1, 2, 2, None],
            "service_date": ["2008-10-01", "2008-10-31", "2008-10-02", "2008-10-03"],
        }
        sample = tc.monthly_sample(
            claims, month=dt.date(2008, 10, 1), seed="2008-10", on_error="collect"
        )
        assert [row["member_id"] for row in sample.rows()] == list(sample.members)
        (summary,) = sample.rows("summary")
        assert (summary["month"], summary["sampled"], summary["below_minimum"]) == (
            "2008-10",
            2,
            True,
        )
        assert (summary["rows_in"], summary["rows_rejected"]) == (4, 1)
        assert sample.rows("rejected") == [{"row": 3, "reason": "member_id is null"}]
        assert str(sample.to_frame()["member_id"].dtype) == "Int64"
        text_ids = tc.sample_enrollees(["=a", "b"], seed=1)
        assert "'=a" in text_ids.to_csv()
        assert text_ids.rows("rejected") == []

    def test_no_utilization_report(self) -> None:
        """Members with their enrollment start; rejected rows say which input they are from."""
        enrollment = {
            "member_id": [1, 2, 3],
            "start_date": ["2007-01-01", "2008-01-02", "2007-13-01"],
            "end_date": [None, None, None],
        }
        claims = {"member_id": [2, None], "service_date": ["2008-06-30", "2008-07-01"]}
        report = tc.no_utilization_report(
            enrollment, claims, report_date=dt.date(2008, 12, 31), on_error="collect"
        )
        assert report.rows() == [
            {"member_id": 1, "enrolled_since": "2007-01-01", "months_enrolled": 24}
        ]
        assert [(r["input"], r["row"]) for r in report.rows("rejected")] == [
            ("enrollment", 2),
            ("claims", 1),
        ]
        (summary,) = report.rows("summary")
        assert (summary["no_utilization"], summary["enrollment_rows_rejected"]) == (1, 1)
        frame = report.to_frame()
        assert frame.loc[0, "enrolled_since"] == pd.Timestamp("2007-01-01")

    def test_provider_profiles(self) -> None:
        """Rates are exact numbers; the summary counts each flag."""
        services = {
            "provider_id": ["p1"] * 30 + ["p2"] * 10 + ["p3"] * 11 + ["p4"] * 9 + ["p5"],
            "service_category": ["office"] * 61,
        }
        months = {"provider_id": ["p1", "p2", "p3", "p4", "p5"], "member_months": [1000] * 5}
        profiles = tc.provider_profiles(services, months)
        assert profiles.rows()[0]["rate_per_1000"] == "30"
        assert profiles.to_frame()["upper"].tolist()[0] == Decimal("26.2")
        (summary,) = profiles.rows("summary")
        assert {flag: summary[flag] for flag in ("over", "under", "within")} == {
            "over": 1,
            "under": 1,
            "within": 3,
        }
        cells = parse(profiles._repr_html_()).cells
        assert cells[cells.index("p5") : cells.index("p5") + 3] == ["p5", "all", "office"]


class TestCarry:
    """carry= copies input columns the check does not read into every finding, after ``row``."""

    TRIPS = {  # noqa: RUF012 - read-only test data
        "trip_id": ["T1", "T2", "T3"],
        "note": [7, None, 9],
        "requested_at": ["2008-10-06 09:00", "2008-10-06 09:00", "bad"],
        "pickup_at": ["2008-10-10 13:00", "2008-10-06 13:00", "2008-10-06 13:00"],
        "urban": ["yes", "yes", "yes"],
        "accommodated": ["yes", "no", "no"],
        "decided_at": ["2008-10-07 10:00", "2008-10-06 10:00", "2008-10-06 10:00"],
        "sent_at": ["2008-10-05 16:00", "2008-10-05 18:00", "2008-10-05 16:00"],
        "service_date": ["2008-10-06", "2008-10-06", "x"],
        "close_of_business": ["17:00", "17:00", "17:00"],
        "service_code": ["20", "19", "99"],
        "distance_miles": ["30", "60", "1"],
        "appointment_at": ["2008-10-20 09:00", "2008-10-09 09:00", "2008-10-09"],
    }

    @pytest.mark.parametrize(
        "check",
        [
            tc.access_timeliness_table,
            tc.access_distance_table,
            tc.request_lead_time_table,
            tc.decision_time_table,
            tc.trip_manifest_table,
        ],
    )
    def test_every_batch_check_carries_the_used_rows_values(self, check: object) -> None:
        """Each used row keeps its own id and value (nulls too); rejected rows are not findings."""
        findings = check(self.TRIPS, on_error="collect", carry=["trip_id", "note"])  # type: ignore[operator]
        names = findings.arrow.column_names
        assert names[:3] == ["row", "trip_id", "note"]
        assert findings.carried == ("trip_id", "note")
        used = findings.arrow.column("row").to_pylist()
        assert used  # each check finds at least one usable row in the data above
        assert findings.rows_in == len(used) + findings.rejected.num_rows
        assert findings.arrow.column("trip_id").to_pylist() == [
            self.TRIPS["trip_id"][row] for row in used
        ]
        assert findings.arrow.column("note").to_pylist() == [
            self.TRIPS["note"][row] for row in used
        ]

    def test_pandas_input_and_one_name_as_text(self) -> None:
        """A DataFrame works as the mapping does; a plain string names one column."""
        frame = pd.DataFrame(self.TRIPS)
        from_frame = tc.decision_time_table(frame, on_error="collect", carry="trip_id")
        from_mapping = tc.decision_time_table(self.TRIPS, on_error="collect", carry=["trip_id"])
        assert from_frame.rows() == from_mapping.rows()
        assert [row["trip_id"] for row in from_frame.rows()] == ["T1", "T2"]

    def test_the_explanation_quotes_the_carried_values(self) -> None:
        """A not-met finding is traced by its id in explain()."""
        text = tc.decision_time_table(self.TRIPS, on_error="collect", carry="trip_id").explain()
        assert "row 0 (trip_id T1): " in text  # decided 25 hours after the request
        assert "row 1" not in text  # T2, decided within the hour, is met

    def test_every_surface_has_the_carried_column(self) -> None:
        """CSV, the frame and the terminal table show the carried column."""
        findings = tc.access_distance_table(self.TRIPS, on_error="collect", carry="trip_id")
        assert next(csv.reader(io.StringIO(findings.to_csv())))[:2] == ["row", "trip_id"]
        assert list(findings.to_frame().columns[:2]) == ["row", "trip_id"]
        assert "trip id" in findings.table("findings").render_text(brief=True)

    @pytest.mark.parametrize(
        ("carry", "error", "message"),
        [
            ("requested_at", tc.InvalidInputError, "'requested_at' is read by the check itself"),
            ("outcome", tc.InvalidInputError, "'outcome' is a column of every findings table"),
            ("pickup_known", tc.InvalidInputError, "'pickup_known' is a column of the nemt"),
            (["trip_id", "trip_id"], tc.InvalidInputError, "'trip_id' is named twice"),
            ([3], tc.InvalidTypeError, "each entry must be a column name"),
            (["missing"], tc.InvalidInputError, "lacks the required column 'missing'"),
        ],
    )
    def test_bad_names_are_errors(
        self, carry: object, error: type[Exception], message: str
    ) -> None:
        """A name the check reads, a findings column, a repeat, a non-name or a missing column."""
        data = {**self.TRIPS, "pickup_known": [1, 2, 3], "outcome": [1, 2, 3]}
        with pytest.raises(error, match=message):
            tc.decision_time_table(data, on_error="collect", carry=carry)  # type: ignore[arg-type]
