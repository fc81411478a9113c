"""The program run: every plan-year's statement is a single-plan run's; totals add up; by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import ClassVar

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tenncare_calc as tc
from tenncare_calc.columnar import InputRows
from tenncare_calc.p4p import rates_from_rows
from tenncare_calc.program import PlanFacts, program_run
from tests.strategies import enrollment_spans, programs

pytest.importorskip("pyarrow")

NOT_REPORTED = [
    "hba1c_control",
    "adolescent_well_care",
    "controlling_high_blood_pressure",
    "antidepressant_medication_management",
    "adhd_follow_up",
]


def single_plan_statement(
    program: dict[str, list[dict[str, object]]], plan: str, year: int, **overrides: object
) -> tc.IncentiveStatement:
    """Return the statement a single-plan run gives on the plan-year's own rows (ruling PR3)."""
    rows = tuple(
        {k: v for k, v in row.items() if k not in {"plan", "measurement_year"}}
        for row in program["rates"]
        if row["plan"] == plan and int(str(row["measurement_year"])) == year
    )
    columns = tuple(dict.fromkeys(key for row in rows for key in row))
    full = tuple({name: row.get(name) for name in columns} for row in rows)
    arguments = rates_from_rows(InputRows("single", "rows", columns, full), measurement_year=year)
    facts = next(f for f in program["plans"] if f["plan"] == plan and int(str(f["year"])) == year)
    arguments.update(
        member_months=facts["member_months"],
        capitation=facts["capitation"],
        other_payments=facts["other_payments"],
    )
    arguments.update(overrides)
    return tc.incentive_statement(year, **arguments)


class TestSingleRunEquality:
    """Ruling PR3: a plan's statement in a program is exactly a single-plan run's."""

    @settings(max_examples=25)
    @given(programs())
    def test_every_statement_is_the_single_plan_statement(
        self, program: dict[str, list[dict[str, object]]]
    ) -> None:
        """Every plan-year's statement equals the single-plan statement of its own rows."""
        run = program_run(program["rates"], program["plans"])
        assert len(run.plan_years) == len(program["plans"])
        for entry in run.plan_years:
            single = single_plan_statement(program, entry.plan, entry.year)
            assert entry.statement == single
            assert entry.statement.to_dict() == single.to_dict()

    @settings(max_examples=25)
    @given(programs())
    def test_program_totals_are_sums_of_the_plan_statements(
        self, program: dict[str, list[dict[str, object]]]
    ) -> None:
        """Totals are sums of the statements' rounded lines; each plan's summary of its own."""
        run = program_run(program["rates"], program["plans"])
        statements = [entry.statement for entry in run.plan_years]
        lines = sum((line.amount for s in statements for line in s.lines), Decimal(0))
        assert run.totals.earned == lines == sum((s.earned for s in statements), Decimal(0))
        assert run.totals.payable == sum((s.payable for s in statements), Decimal(0))
        assert run.totals.forfeited == sum((s.cap.forfeited for s in statements), Decimal(0))
        assert run.totals.earned == sum((p.earned for p in run.summaries), Decimal(0))
        assert run.totals.payable == sum((p.payable for p in run.summaries), Decimal(0))
        for summary in run.summaries:
            mine = [e.statement for e in run.plan_years if e.plan == summary.plan]
            assert summary.payable == sum((s.payable for s in mine), Decimal(0))
            assert summary.binding_years == tuple(s.measurement_year for s in mine if s.cap.binding)
        totals = run.rows("summary")[-1]
        assert totals["plan"] is None
        assert Decimal(totals["payable"]) == run.totals.payable


def _rates(plan: str, year: int, given: dict[str, tuple[str, str]]) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = [
        {"plan": plan, "measurement_year": year, "measure": m, "baseline": b, "current": c}
        for m, (b, c) in given.items()
    ]
    rows += [
        {"plan": plan, "measurement_year": year, "measure": m}
        for m in ("hba1c_testing", "ldl_c_screening", "breast_cancer_screening", *NOT_REPORTED)
        if m not in given
    ]
    return rows


class TestByHand:
    """A two-plan program worked with a calculator."""

    RATES: ClassVar[list[dict[str, object]]] = [
        # A: HbA1c testing +6.0 on 50 (needs 6) and LDL-C +3.0 on 70 (needs 3): 2 qualify
        *_rates("A", 2008, {"hba1c_testing": ("50", "56"), "ldl_c_screening": ("70", "73")}),
        # B: the same two and breast cancer screening +1.0 on 80 (needs 1): 3 qualify
        *_rates(
            "B",
            2008,
            {
                "hba1c_testing": ("50", "56"),
                "ldl_c_screening": ("70", "73"),
                "breast_cancer_screening": ("80", "81"),
            },
        ),
    ]
    PLANS: ClassVar[list[dict[str, object]]] = [
        # A: 0.03 x 1,000,000 = 30,000.00 a line; room 1,050,000 - 1,000,000 = 50,000: binds
        {"plan": "A", "year": 2008, "member_months": "1000000", "capitation": "1000000"},
        # B: 0.03 x 1,234,567.5 = 37,037.025 -> 37,037.03 (half up); room 500,000
        {"plan": "B", "year": 2008, "member_months": "1234567.5", "capitation": "10000000"},
    ]

    def test_lines_earned_cap_and_totals(self) -> None:
        """Line amounts, earned, the cap binding for A only, and the program's totals."""
        run = program_run(self.RATES, self.PLANS)
        a, b = run.statement("A", 2008), run.statement("B", 2008)
        assert a.line_amount == Decimal("30000.00")
        assert a.earned == Decimal("60000.00")
        assert (a.cap.room, a.payable, a.cap.forfeited) == (
            Decimal("50000.00"),
            Decimal("50000.00"),
            Decimal("10000.00"),
        )
        assert b.line_amount == Decimal("37037.03")
        assert b.earned == Decimal("111111.09")
        assert b.payable == b.earned
        assert run.totals.earned == Decimal("171111.09")
        assert run.totals.payable == Decimal("161111.09")
        assert run.totals.forfeited == Decimal("10000.00")
        assert run.totals.binding_years == (2008,)
        assert run.summary("A").binding_years == (2008,)
        assert run.summary("B").binding_years == ()
        assert run.totals.payments == {dt.date(2009, 7, 1): Decimal("161111.09")}

    def test_a_flipped_comparison_or_changed_amount_would_show(self) -> None:
        """One point less on B's breast cancer screening: it no longer qualifies (needs 1)."""
        rates = [dict(row) for row in self.RATES]
        for row in rates:
            if row["plan"] == "B" and row["measure"] == "breast_cancer_screening":
                row["current"] = "80.99"
        run = program_run(rates, self.PLANS)
        assert run.statement("B", 2008).earned == Decimal("74074.06")

    def test_statement_part_and_plan_sheet(self) -> None:
        """The statements part and a plan's sheet carry the same figures as the statements."""
        run = program_run(self.RATES, self.PLANS)
        rows = {(r["plan"], r["year"]): r for r in run.rows("statements")}
        assert rows["A", 2008]["payable"] == "50000.00"
        assert rows["A", 2008]["cap_binds"] is True
        sheet = run.rows("plan_a")[0]
        assert (sheet["line_amount"], sheet["qualifying_measures"]) == ("30000.00", 2)
        assert (sheet["room"], sheet["payable"], sheet["binding"]) == ("50000.00", "50000.00", True)


SPANS = {
    "member_id": [1, 1, 2, 2, 3, 4, 5],
    "start_date": [
        "2008-01-01", "2008-06-16", "2007-01-01", "2008-03-06", "2008-01-01", "2009-02-01",
        "2008-01-01",
    ],
    "end_date": [
        "2008-06-15", None, "2008-03-10", "2008-12-31", "2009-12-31", None, "2008-01-31",
    ],
    "plan": ["A", "B", "A", "B", "B", "A", "Z"],
}  # fmt: skip


def _month(days: int, in_month: int) -> Decimal:
    """Return member days / days in the month, half-up to 10 places (as the library rounds)."""
    return (Decimal(days) / Decimal(in_month)).quantize(Decimal("1E-10"))


class TestMemberMonthsByPlan:
    """Ruling PR1: a member month belongs to the plan of the span covering the day."""

    def facts(self) -> list[dict[str, object]]:
        """Return plan facts of A and B for 2008 and 2009, member months left to the spans."""
        return [
            {"plan": plan, "year": year, "capitation": "1000000"}
            for plan in ("A", "B")
            for year in (2008, 2009)
        ]

    def rates(self) -> list[dict[str, object]]:
        """Return rates where nothing is reported."""
        return [row for p in ("A", "B") for y in (2008, 2009) for row in _rates(p, y, {})]

    def test_a_move_mid_month_is_prorated_and_an_overlap_counts_for_both(self) -> None:
        """Member 1 moves A -> B on June 16; member 2's spans of A and B share 5 days."""
        run = program_run(self.rates(), self.facts(), spans=SPANS)
        a = run.statement("A", 2008).member_months
        b = run.statement("B", 2008).member_months
        # A: Jan 2 members, Feb 2, Mar 31 + 10 days of 31, Apr and May 1, Jun 15 of 30 days
        expected_a = Decimal(2) + Decimal(2) + _month(41, 31) + Decimal(2) + _month(15, 30)
        # B: member 3 all year; member 2 from Mar 6 (26 of 31 days); member 1 from Jun 16
        expected_b = (
            Decimal(1) + Decimal(1) + _month(26 + 31, 31) + Decimal(4) + _month(15 + 60, 30)
            + Decimal(18)
        )  # fmt: skip
        assert a == expected_a == Decimal("7.8225806452")
        assert b == expected_b == Decimal("28.3387096774")
        assert run.plan_year("A", 2008).member_months_source == "spans"
        months = run.enrollment
        assert months is not None
        assert months.of("A", 2008).overlap_days == 5
        assert months.of("B", 2008).overlap_days == 5
        assert run.overlap_days == {2008: 5, 2009: 0}
        assert months.other_plans == ("Z",)
        assert run.statement("A", 2009).member_months == Decimal(11)
        assert run.statement("B", 2009).member_months == Decimal(24)

    @pytest.mark.parametrize(
        ("convention", "a", "b"),
        [
            # any_day: June counts for both plans of member 1; March for both of member 2
            ("any_day", Decimal(2 + 2 + 2 + 2 + 1), Decimal(1 + 1 + 2 + 4 + 3 + 18)),
            # first_of_month: June 1 is A's; March 1 is only A's for member 2
            ("first_of_month", Decimal(2 + 2 + 2 + 2 + 1), Decimal(1 + 1 + 1 + 4 + 2 + 18)),
        ],
    )
    def test_the_other_conventions(self, convention: str, a: Decimal, b: Decimal) -> None:
        """Under any_day a month counts for each plan with a day; first_of_month, the 1st's."""
        run = program_run(self.rates(), self.facts(), spans=SPANS, convention=convention)
        assert run.statement("A", 2008).member_months == a
        assert run.statement("B", 2008).member_months == b

    def test_given_member_months_win_and_the_spans_are_shown_beside(self) -> None:
        """A figure in the plan facts is used; the spans' figure is reported beside it."""
        facts = self.facts()
        facts[0]["member_months"] = "10"
        run = program_run(self.rates(), facts, spans=SPANS)
        entry = run.plan_year("A", 2008)
        assert entry.statement.member_months == Decimal(10)
        assert entry.member_months_source == "plan facts"
        assert "the spans give 7.8225806452" in entry.member_months_note()
        row = next(r for r in run.rows("member_months") if (r["plan"], r["year"]) == ("A", 2008))
        assert (row["member_months"], row["from_spans"]) == ("10", "7.8225806452")

    def test_no_member_months_and_no_spans_is_an_error_naming_the_plan_year(self) -> None:
        """Without member months or spans the plan-year cannot be computed."""
        with pytest.raises(tc.InvalidInputError, match=r"plan 'A', 2008: no member_months"):
            program_run(self.rates(), self.facts())

    def test_a_span_without_a_plan_is_rejected_with_its_row(self) -> None:
        """A null plan rejects the row (raised, or collected with its input row)."""
        spans = {key: [*values, None] for key, values in SPANS.items()}
        spans["member_id"][-1] = 9
        spans["start_date"][-1] = "2008-01-01"
        with pytest.raises(tc.RejectedRowsError, match="plan is null"):
            program_run(self.rates(), self.facts(), spans=spans)
        run = program_run(self.rates(), self.facts(), spans=spans, on_error="collect")
        assert run.rejected == (("spans", 7, "plan is null"),)
        assert run.statement("A", 2008).member_months == Decimal("7.8225806452")


class TestCommunityTenureByPlan:
    """Ruling PR2: an episode belongs to the plan of its discharge stay."""

    STAYS: ClassVar[dict[str, list[object]]] = {
        "member_id": [1, 1, 2],
        "admit_date": ["2008-03-01", "2008-03-20", "2008-05-01"],
        "discharge_date": ["2008-03-05", "2008-03-25", "2008-05-03"],
        "plan": ["A", "B", "B"],
    }

    def program(self) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
        """Return rates with only a community-tenure baseline for A, B and C, and their facts."""
        rates = []
        for plan in ("A", "B", "C"):
            rates += _rates(plan, 2008, {})
            rates.append(
                {"plan": plan, "measurement_year": 2008, "measure": "community_tenure",
                 "baseline": "80"}
            )  # fmt: skip
        facts = [
            {"plan": p, "year": 2008, "member_months": "1000000", "capitation": "100000000"}
            for p in ("A", "B", "C")
        ]
        return rates, facts

    def test_a_readmission_in_another_plan_counts_against_the_discharge_plan(self) -> None:
        """A's episode is readmitted (in B): A's rate 0; B's two episodes are not: 100."""
        rates, facts = self.program()
        run = program_run(rates, facts, stays=self.STAYS, data_through=dt.date(2009, 3, 31))
        a, b, c = (run.plan_year(p, 2008) for p in ("A", "B", "C"))
        assert a.tenure is not None
        assert b.tenure is not None
        assert (a.tenure.counts.denominator, a.tenure.counts.readmitted) == (1, 1)
        assert (b.tenure.counts.denominator, b.tenure.counts.readmitted) == (2, 0)
        assert a.tenure_source == b.tenure_source == "stays"
        assert not a.statement.line("community_tenure").qualifies
        assert b.statement.line("community_tenure").qualifies
        single = tc.incentive_statement(
            2008,
            member_months="1000000",
            capitation="100000000",
            physical_health=dict.fromkeys(
                [
                    "hba1c_testing",
                    "hba1c_control",
                    "ldl_c_screening",
                    "adolescent_well_care",
                    "breast_cancer_screening",
                    "controlling_high_blood_pressure",
                ]
            ),
            behavioral_health=dict.fromkeys(
                ["antidepressant_medication_management", "adhd_follow_up"]
            ),
            community_tenure=(80, 100),
        )
        assert b.statement == single
        # C has no index episode: its rate is undefined, the measure not supplied, and said so
        assert c.tenure_source == "not supplied"
        assert "not rated" in c.tenure_note()

    def test_a_baseline_without_stays_is_a_rejected_row(self) -> None:
        """Without stays, a community-tenure row with only a baseline cannot be used."""
        rates, facts = self.program()
        with pytest.raises(tc.RejectedRowsError, match=r"rates, row 8: community_tenure"):
            program_run(rates, facts)

    def test_the_stays_data_through_comes_from_the_facts_or_the_argument(self) -> None:
        """Each plan-year needs a completeness date: a column of the facts, or the argument."""
        rates, facts = self.program()
        with pytest.raises(tc.InvalidInputError, match="complete through"):
            program_run(rates, facts, stays=self.STAYS)
        for row in facts:
            row["data_through"] = "2008-03-31"  # A's window (to Apr 4) is incomplete
        run = program_run(rates, facts, stays=self.STAYS)
        tenure = run.plan_year("A", 2008).tenure
        assert tenure is not None
        assert tenure.counts.incomplete == 1


class TestDamagesByPlan:
    """Each observation belongs to its plan and to the year it accrues."""

    OBSERVATIONS: ClassVar[list[dict[str, object]]] = [
        {"plan": "A", "item": "geographic_access", "month": "2008-05", "standards_met": "no"},
        {"plan": "A", "item": "late_provider_enrollment_file", "due": "2008-12-20",
         "received": "2009-01-05"},
        {"plan": "B", "item": "noncompliant_provider_agreements", "date": "2008-02-14",
         "count": "2"},
        {"plan": None, "item": "geographic_access", "month": "2008-06", "standards_met": "no"},
        {"plan": "Z", "item": "geographic_access", "month": "2008-06", "standards_met": "no"},
        {"plan": "A", "item": "geographic_access", "month": "2010-01", "standards_met": "no"},
        {"plan": "B", "item": "geographic_access", "standards_met": "no"},
        {"plan": "A", "item": "geographic_access", "month": "2008-05", "standards_met": "no"},
    ]  # fmt: skip

    def facts(self) -> list[PlanFacts | dict[str, object]]:
        """Return A for 2008 and 2009, B for 2008, with total payments for A 2009."""
        return [
            {"plan": "A", "year": 2008, "member_months": "1", "capitation": "1"},
            {"plan": "A", "year": 2009, "member_months": "1", "capitation": "1",
             "total_payments": "1600000000"},
            {"plan": "B", "year": 2008, "member_months": "1", "capitation": "1"},
        ]  # fmt: skip

    def rates(self) -> list[dict[str, object]]:
        """Return rates where nothing is reported."""
        return [*_rates("A", 2008, {}), *_rates("A", 2009, {}), *_rates("B", 2008, {})]

    def test_bad_rows_are_raised_together_with_their_rows(self) -> None:
        """Every bad observation is named by its row in the program's table."""
        with pytest.raises(tc.RejectedRowsError) as caught:
            program_run(self.rates(), self.facts(), damages=self.OBSERVATIONS)
        assert [row for row, _ in caught.value.rejected] == [3, 4, 5, 6, 7]

    def test_ledgers_per_plan_year_and_the_rows_not_used(self) -> None:
        """Each plan-year's ledger is the single-plan ledger of its rows; the rest are listed."""
        run = program_run(self.rates(), self.facts(), damages=self.OBSERVATIONS, on_error="collect")
        reasons = {row: reason for name, row, reason in run.rejected if name == "damages"}
        assert sorted(reasons) == [3, 4, 5, 6, 7]
        assert "no 'plan'" in reasons[3]
        assert "plan 'Z' has no row in the plan facts" in reasons[4]
        assert "in 2010, a year with no plan facts" in reasons[5]
        assert "needs 'month'" in reasons[6]
        assert "an exact duplicate of damages, row 0" in reasons[7]
        kept = program_run(
            self.rates(), self.facts(), damages=self.OBSERVATIONS, on_error="collect",
            duplicates="keep",
        )  # fmt: skip
        assert "already assessed" in {r: m for _, r, m in kept.rejected}[7]
        a2008 = run.ledger("A", 2008)
        single = tc.damages.damages_ledger(
            2008,
            [{k: v for k, v in self.OBSERVATIONS[0].items() if k != "plan"}],
        )
        assert a2008.total == single.total == Decimal("25000.00")
        assert [line.row for line in a2008.lines] == [0]
        a2009 = run.ledger("A", 2009)
        assert a2009.by_item["late_provider_enrollment_file"] == Decimal("4000.00")  # 16 days late
        assert a2009.liability is not None
        assert not a2009.liability.within
        assert run.summary("A").liability is a2009.liability
        assert run.summary("A").damages == Decimal("29000.00")
        assert run.summary("A").damages_by_quarter["2008-Q2"] == Decimal("25000.00")
        assert run.totals.damages == Decimal("39000.00")
        within = {r["plan"]: r["within_maximum_liability"] for r in run.rows("summary")}
        assert within == {"A": False, "B": None, None: None}


class TestInputs:
    """The tables' forms and the errors that name what to fix."""

    def test_a_rates_row_of_a_plan_year_without_facts_is_rejected(self) -> None:
        """A rates row whose plan-year has no plan facts is named with its row."""
        rates = [*TestByHand.RATES, {"plan": "C", "measurement_year": 2008, "measure": "x"}]
        with pytest.raises(tc.RejectedRowsError, match=r"row 16: plan 'C', 2008 has no row"):
            program_run(rates, TestByHand.PLANS)

    def test_a_missing_measure_names_the_plan_and_year(self) -> None:
        """A plan-year without a row for a measure in force is an error naming both."""
        rates = [
            r
            for r in TestByHand.RATES
            if not (r["plan"] == "B" and r["measure"] == "adhd_follow_up")
        ]
        with pytest.raises(tc.InvalidInputError, match=r"\(plan B, 2008\): no row for measure"):
            program_run(rates, TestByHand.PLANS)

    def test_a_bad_rate_is_named_by_its_row_in_the_program_table(self) -> None:
        """A rate outside [0, 100] rejects its row, numbered in the program's table."""
        rates = [dict(row) for row in TestByHand.RATES]
        rates[11]["current"] = "101"
        with pytest.raises(tc.RejectedRowsError, match=r"rates, row 11: ") as caught:
            program_run(rates, TestByHand.PLANS)
        assert [row for row, _ in caught.value.rejected] == [11]

    def test_plan_facts_errors(self) -> None:
        """A plan-year given twice and a negative capitation are rejected rows."""
        facts = [*TestByHand.PLANS, dict(TestByHand.PLANS[0]), {"plan": "C", "year": 2008,
                 "capitation": "-1"}]  # fmt: skip
        with pytest.raises(tc.RejectedRowsError) as caught:
            program_run(TestByHand.RATES, facts)
        assert [row for row, _ in caught.value.rejected] == [2, 3]
        assert "already given in row 0" in caught.value.rejected[0][1]

    def test_columns_frames_and_the_year_column(self) -> None:
        """Columns, a pandas DataFrame and 'year' for 'measurement_year' give the same run."""
        pandas = pytest.importorskip("pandas")
        rates = pandas.DataFrame(TestByHand.RATES).rename(columns={"measurement_year": "year"})
        facts = {key: [row[key] for row in TestByHand.PLANS] for key in TestByHand.PLANS[0]}
        run = program_run(rates, facts)
        assert run.totals.payable == program_run(TestByHand.RATES, TestByHand.PLANS).totals.payable

    def test_an_unknown_plan_year_is_named(self) -> None:
        """Asking for a plan-year the run does not have names the plans and years."""
        run = program_run(TestByHand.RATES, TestByHand.PLANS)
        with pytest.raises(tc.InvalidInputError, match=r"plans: \['A', 'B'\], years: \[2008\]"):
            run.statement("C", 2008)

    def test_import_of_the_package_stays_light(self) -> None:
        """The program package is handed on lazily by the top-level package."""
        assert tc.program_run is program_run
        assert tc.ProgramRun is type(program_run(TestByHand.RATES, TestByHand.PLANS))


class TestBundledSample:
    """The generated sample (a plan switching mid-month, a binding cap) against single runs."""

    def test_every_plan_year_is_a_single_plan_run_of_its_pieces(self) -> None:
        """Each statement = the single run on the plan's own spans' member months and stays' rate."""
        from tenncare_calc.columnar import read_columns  # noqa: PLC0415
        from tenncare_calc.p4p import sample_path  # noqa: PLC0415
        from tenncare_calc.program import program_from_folder  # noqa: PLC0415

        folder = sample_path("program/rates.csv").parent
        run = program_from_folder(folder)
        spans = read_columns(folder / "spans.csv").data
        stays = read_columns(folder / "stays.csv").data
        rates = tc.program.input_tables.as_rows(folder / "rates.csv", name="rates")  # type: ignore[attr-defined]
        for entry in run.plan_years:
            mine = spans.filter(spans.column("plan").to_numpy(zero_copy_only=False) == entry.plan)
            months = tc.member_months(mine, year=entry.year)
            tenure = tc.community_tenure(
                stays, year=entry.year, data_through=dt.date(2010, 3, 31)
            ).by_plan[entry.plan]
            rows = [
                {k: v for k, v in row.items() if k not in {"plan", "measurement_year"}}
                for row in rates.rows
                if (row["plan"], row["measurement_year"]) == (entry.plan, str(entry.year))
            ]
            tenure_row = next(row for row in rows if row["measure"] == "community_tenure")
            rows.remove(tenure_row)
            columns = tuple(rows[0])
            arguments = rates_from_rows(
                InputRows("single", "rows", columns, tuple(rows)), measurement_year=entry.year
            )
            arguments["community_tenure"] = (tenure_row["baseline"], tenure)
            single = tc.incentive_statement(
                entry.year,
                member_months=months,
                capitation=entry.facts.capitation,
                other_payments=entry.facts.other_payments,
                **arguments,
            )
            assert entry.statement == single, (entry.plan, entry.year)
        assert run.statement("west", 2009).cap.binding

    def test_the_chart_of_earned_against_payable(self) -> None:
        """plot(): per plan, the earned bar beside the payable bar (west's cut by the cap)."""
        matplotlib = pytest.importorskip("matplotlib")
        matplotlib.use("Agg")
        from tenncare_calc.p4p import sample_path  # noqa: PLC0415
        from tenncare_calc.program import program_from_folder  # noqa: PLC0415

        run = program_from_folder(sample_path("program/rates.csv").parent)
        axes = run.plot()
        heights = [round(patch.get_height(), 2) for patch in axes.patches]
        assert heights == [694.62, 453.69, 852.72, 694.62, 453.69, 356.72]
        assert [label.get_text() for label in axes.get_xticklabels()] == ["east", "middle", "west"]
        assert "earned and payable by plan" in axes.get_title()


@settings(max_examples=30)
@given(enrollment_spans(2008), st.lists(st.sampled_from(["A", "B", "C"]), min_size=40, max_size=40))
def test_member_months_by_plan_are_each_plans_own_and_overlaps_add_up(
    spans: list[tuple[object, ...]], plans: list[str]
) -> None:
    """Each plan's member months are member_months of its spans; overlap = sum - all plans."""
    from tenncare_calc.program.plan_months import plan_member_months  # noqa: PLC0415

    table = {
        "member_id": [s[0] for s in spans],
        "start_date": [s[1] for s in spans],
        "end_date": [s[2] for s in spans],
        "plan": plans[: len(spans)],
    }
    result = plan_member_months(table, plan_years=[("A", 2008), ("B", 2008)])
    every = tc.member_months({k: v for k, v in table.items() if k != "plan"}, year=2008)
    total_days = 0
    for plan in ("A", "B", "C"):
        own = {k: [v for v, p in zip(values, table["plan"], strict=True) if p == plan]
               for k, values in table.items()}  # fmt: skip
        alone = tc.member_months(own, year=2008)
        days = sum(alone.member_days.values())
        total_days += days
        if plan != "C":
            mine = result.of(plan, 2008)
            assert mine.result.total == alone.total
            assert 0 <= mine.overlap_days <= days
    assert result.overlap_days[2008] == total_days - sum(every.member_days.values())
    assert result.overlap_days[2008] >= 0
