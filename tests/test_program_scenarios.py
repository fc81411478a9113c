"""Scenarios against a baseline, and reconciliations against someone else's figures."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tenncare_calc as tc
from tenncare_calc.p4p import sample_path, statement_from_file
from tenncare_calc.program import compare, figures, program_from_folder, program_run, reconcile
from tests.strategies import programs

if TYPE_CHECKING:
    from pathlib import Path

pytest.importorskip("pyarrow")

FOLDER = sample_path("program/rates.csv").parent


class TestComparison:
    """compare(baseline, scenario): per plan and measure, before, after, change, flips."""

    @settings(max_examples=20)
    @given(programs())
    def test_a_scenario_equal_to_the_baseline_has_no_differences(
        self, program: dict[str, list[dict[str, object]]]
    ) -> None:
        """The same inputs and profile, run twice, differ on no line."""
        baseline = program_run(program["rates"], program["plans"])
        scenario = program_run(program["rates"], program["plans"], profile=tc.load_profile())
        comparison = compare(baseline, scenario)
        assert comparison.differences == ()
        assert comparison.flips == ()
        assert len(comparison.lines) == len(figures(baseline))
        assert comparison.rows("changes") == []

    @settings(max_examples=20)
    @given(programs(), st.sampled_from(["0.02", "0.031", "0.04"]))
    def test_a_pmpm_what_if_changes_exactly_the_qualifying_lines(
        self, program: dict[str, list[dict[str, object]]], pmpm: str
    ) -> None:
        """A what-if PMPM changes each qualifying line to the new line amount, flips nothing."""
        baseline = program_run(program["rates"], program["plans"])
        profile = tc.load_profile(overrides={"p4p.pmpm_amount": pmpm})
        scenario = program_run(program["rates"], program["plans"], profile=profile)
        comparison = compare(baseline, scenario)
        assert comparison.flips == ()
        for entry in scenario.plan_years:
            before = baseline.statement(entry.plan, entry.year)
            for line in entry.statement.lines:
                compared = comparison.line(entry.plan, entry.year, line.measure.id)
                assert compared.change == line.amount - before.line(line.measure.id).amount
                if line.qualifies:
                    assert compared.scenario_amount == entry.statement.line_amount
            payable = comparison.line(entry.plan, entry.year, "payable")
            assert payable.change == entry.statement.payable - before.payable
        assert "p4p.pmpm_amount" in comparison.scenario_label

    def test_a_switched_ruling_flips_qualification_and_says_why(self) -> None:
        """Ruling P3's switchable reading (any rate) flips measures; each flip has both reasons."""
        lenient = tc.load_profile(overrides={"p4p.behavioral_rates_rule": "any"})
        comparison = compare(
            program_from_folder(FOLDER), program_from_folder(FOLDER, profile=lenient)
        )
        flips = {(x.plan, x.year, x.item): x.flip for x in comparison.flips}
        assert flips[("east", 2008, "antidepressant_medication_management")] == "gains"
        assert set(flips.values()) == {"gains"}
        line = comparison.line("east", 2008, "antidepressant_medication_management")
        assert line.baseline is not None
        assert line.scenario is not None
        assert "every supplied rate" in line.baseline.explanation
        assert "at least one supplied rate" in line.scenario.explanation
        text = comparison.explain()
        assert "[qualification GAINS]" in text
        assert "baseline: does not qualify" in text
        # the cap binds for west 2009: what it earns more is forfeited, not paid
        west = comparison.line("west", 2009, "payable")
        assert west.change == 0
        by_plan = {row["plan"]: row for row in comparison.rows("by_plan")}
        assert Decimal(by_plan["east"]["change"]) > 0

    def test_an_effect_size_what_if_on_a_single_statement(self) -> None:
        """A changed effect-size table flips improvement measures on a single statement."""
        path = sample_path("plan_year_2008.toml")
        baseline = statement_from_file(path)
        bands = "[{baseline_from = 0, baseline_to = 100, minimum_effect_size = 1}]"
        profile = tc.load_profile(overrides={"p4p.effect_size_bands": bands})
        comparison = compare(baseline, statement_from_file(path, profile=profile))
        gained = {line.item for line in comparison.flips if line.flip == "gains"}
        assert "ldl_c_screening" in gained  # +2.4 points: short of 3, enough for 1
        assert comparison.line(None, 2008, "payable").change > 0

    def test_compare_of_ledgers_and_of_mismatched_results(self) -> None:
        """Ledgers compare by item; a result that has no figures is refused by name."""
        ledger = tc.damages.ledger_from_csv(sample_path("damages_2008.csv"), 2008)
        assert compare(ledger, ledger).differences == ()
        with pytest.raises(tc.InvalidTypeError, match="figures come from"):
            compare(ledger, object())


class TestReconciliation:
    """reconcile(ours, theirs): agrees, differs, only in theirs, only in ours."""

    @settings(max_examples=20)
    @given(programs())
    def test_a_run_against_its_own_figures_agrees_on_every_line(
        self, program: dict[str, list[dict[str, object]]]
    ) -> None:
        """Reconciling a run with its own figures part agrees everywhere."""
        run = program_run(program["rates"], program["plans"])
        result = reconcile(run, run.rows("figures"))
        assert result.counts["agrees"] == len(result.lines) == len(figures(run))
        assert result.differences == ()

    @settings(max_examples=20)
    @given(programs(), st.data())
    def test_one_changed_dropped_or_added_line_is_found(
        self, program: dict[str, list[dict[str, object]]], data: st.DataObject
    ) -> None:
        """A changed amount differs by the change; a dropped line is only ours; an added, theirs."""
        run = program_run(program["rates"], program["plans"])
        rows = run.rows("figures")
        at = data.draw(st.integers(0, len(rows) - 1))
        delta = data.draw(st.decimals("0.01", "1000", places=2))
        changed = [dict(row) for row in rows]
        changed[at]["amount"] = str(Decimal(rows[at]["amount"]) + delta)
        result = reconcile(run, changed)
        (differs,) = result.differences
        assert (differs.status, differs.difference) == ("differs", delta)
        assert differs.item == rows[at]["item"]
        dropped = reconcile(run, rows[:at] + rows[at + 1 :])
        assert [(x.status, x.item) for x in dropped.differences] == [
            ("only_ours", rows[at]["item"])
        ]
        extra = {"plan": rows[0]["plan"], "year": 2030, "item": "hba1c_testing", "amount": "1"}
        added = reconcile(run, [*rows, extra])
        assert [x.status for x in added.differences] == ["only_theirs"]

    def test_the_state_figures_of_the_sample(self) -> None:
        """The sample letter: another member-month count, no cap, one damage each way."""
        run = program_from_folder(FOLDER)
        result = reconcile(run, FOLDER / "state_figures.csv")
        assert result.counts == {"agrees": 73, "differs": 7, "only_theirs": 1, "only_ours": 1}
        payable = next(
            x for x in result.lines if (x.plan, x.year, x.item) == ("west", 2009, "payable")
        )
        assert payable.difference == Decimal("496.00")
        assert payable.ours is not None
        assert "the cap binds" in payable.ours.explanation
        east = next(
            x for x in result.lines if (x.plan, x.year, x.item) == ("east", 2009, "hba1c_testing")
        )
        assert east.ours is not None
        assert "member months computed from the enrollment spans" in east.ours.explanation
        assert result.table("summary").rows[0][0] == "state_figures.csv"

    def test_their_csv_round_trip(self, tmp_path: Path) -> None:
        """The figures part written as CSV and read back agrees on every line."""
        run = program_from_folder(FOLDER)
        path = tmp_path / "ours.csv"
        path.write_text(run.to_csv("figures"), encoding="utf-8")
        assert reconcile(run, path).differences == ()

    def test_their_bad_rows_are_named(self) -> None:
        """A bad amount, a missing plan and a line given twice are rejected rows."""
        run = program_from_folder(FOLDER)
        theirs = [
            {"plan": "east", "year": 2008, "item": "payable", "amount": "-1"},
            {"plan": None, "year": 2008, "item": "payable", "amount": "1"},
            {"plan": "east", "year": 2008, "item": "earned", "amount": "1"},
            {"plan": "east", "year": 2008, "item": "earned", "amount": "1"},
        ]
        with pytest.raises(tc.RejectedRowsError) as caught:
            reconcile(run, theirs)
        assert [row for row, _ in caught.value.rejected] == [0, 1, 3]
        assert "already given in row 2" in caught.value.rejected[2][1]

    def test_a_single_statement_needs_no_plan(self) -> None:
        """A single statement's figures are matched on year and item ('measure' accepted)."""
        statement = statement_from_file(sample_path("plan_year_2008.toml"))
        result = reconcile(
            statement, [{"measurement_year": 2008, "measure": "ldl_c_screening", "amount": "5"}]
        )
        (line,) = [x for x in result.lines if x.theirs is not None]
        assert (line.status, line.difference) == ("differs", Decimal("5.00"))
        assert "Reconciliation" in result.explain()
        assert result.to_dict()["counts"]["differs"] == 1
