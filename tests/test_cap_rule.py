"""The 105% cap rule pinned exactly (§3.10.1.2, ruling P8): its boundary, dated parameter and report.

``tests/test_cap.py`` checks the cap's invariants; this file pins what a reader of a statement sees,
so that a changed comparison, constant, citation or label in ``p4p/cap.py`` fails a test.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import example, given
from hypothesis import strategies as st

import tenncare_calc as tc
from tests.strategies import money
from tests.versioned_profiles import CHANGE_DATE, with_later_version

BINDING = ("409500.76", "780000000.00", "38800000.00")


class TestCapBoundary:
    """The cap binds exactly when more was earned than the room (rounded down) allows."""

    @given(money(10**9), st.integers(-2, 2))
    @example(Decimal("50000.00"), 0)
    def test_at_and_on_both_sides_of_the_room(self, capitation: Decimal, cents: int) -> None:
        """Earned = room pays all of it; a cent more forfeits exactly a cent; a cent less, none."""
        room = tc.apply_capitation_cap(0, capitation).room
        earned = room + Decimal(cents) / 100
        if earned < 0:
            return
        result = tc.apply_capitation_cap(earned, capitation)
        assert result.payable == min(earned, room)
        assert result.forfeited == max(Decimal("0.00"), earned - room)
        assert result.binding is (cents > 0)

    def test_binding_flag_on_both_sides(self) -> None:
        """Zero forfeited is not binding; one cent forfeited is."""
        assert tc.apply_capitation_cap("50000.00", 1_000_000).binding is False
        assert tc.apply_capitation_cap("50000.01", 1_000_000).binding is True

    def test_negative_room_pays_zero_cents(self) -> None:
        """max(0, room): a negative room pays exactly $0.00, not a negative amount nor a cent."""
        result = tc.apply_capitation_cap("0.01", 100, "10")
        assert (result.room, result.payable, result.forfeited) == (
            Decimal("-5.00"),
            Decimal("0.00"),
            Decimal("0.01"),
        )
        assert str(result.payable) == "0.00"


class TestCapEffectiveDate:
    """The cap percentage is the version in force on ``on`` (the latest when ``on`` is None)."""

    profile = with_later_version(tc.default_profile(), "p4p.cap_percent", "110")

    def test_before_on_and_after_the_change(self) -> None:
        """105% the day before the change, 110% on it, and 110% by default (the latest)."""
        before = tc.apply_capitation_cap(
            200_000, 1_000_000, profile=self.profile, on=CHANGE_DATE - dt.timedelta(days=1)
        )
        on = tc.apply_capitation_cap(200_000, 1_000_000, profile=self.profile, on=CHANGE_DATE)
        latest = tc.apply_capitation_cap(200_000, 1_000_000, profile=self.profile)
        assert (before.cap_percent.value, before.payable) == (Decimal(105), Decimal("50000.00"))
        assert (on.cap_percent.value, on.payable) == (Decimal(110), Decimal("100000.00"))
        assert latest.payable == Decimal("100000.00")
        assert "in force from 2007-04-01 through 2009-12-31" in before.explain()


class TestCapReport:
    """The explanation, record, formulas and JSON of a cap result, exactly."""

    def test_explain_binding(self) -> None:
        """Each line of the arithmetic, the citation and the parameter's provenance."""
        assert tc.apply_capitation_cap(*BINDING).explain() == (
            "Capitation cap\n"
            "  ceiling = 105% x capitation $780,000,000.00 = $819,000,000.00  "
            "[§3.10.1.2; 42 CFR 438.6]\n"
            "  room = ceiling $819,000,000.00 - capitation $780,000,000.00 - other payments "
            "$38,800,000.00 = $200,000.00 (rounded down to the cent)\n"
            "  payable = min(earned $409,500.76, max(0, room)) = $200,000.00\n"
            "  forfeited = earned - payable = $209,500.76 (the cap binds)\n"
            "  parameter: p4p.cap_percent = 105 percent of capitation payments, "
            "§3.10.1.2; 42 CFR 438.6, in force from 2007-04-01"
        )

    def test_explain_shows_the_percent_without_grouping(self) -> None:
        """A what-if cap of 1050% is shown as 1050%, not 1,050%."""
        profile = tc.default_profile().with_overrides({"p4p.cap_percent": "1050"})
        text = tc.apply_capitation_cap(1, 1000, profile=profile).explain()
        assert "  ceiling = 1050% x capitation $1,000.00 = $10,500.00  [" in text

    def test_explain_not_binding(self) -> None:
        """A cap with room says it does not bind."""
        text = tc.apply_capitation_cap(40_000, 1_000_000).explain()
        assert "forfeited = earned - payable = $0.00 (the cap does not bind)" in text

    def test_to_dict(self) -> None:
        """Every input, intermediate and the citation, Decimals as strings."""
        assert tc.apply_capitation_cap(*BINDING).to_dict() == {
            "earned": "409500.76",
            "capitation": "780000000.00",
            "other_payments": "38800000.00",
            "cap_percent": "105",
            "ceiling": "819000000.00",
            "room": "200000.00",
            "payable": "200000.00",
            "forfeited": "209500.76",
            "binding": True,
            "section": "3.10.1.2; 42 CFR 438.6",
        }

    def test_table_record(self) -> None:
        """One ``cap`` record whose values line up with its columns."""
        (table,) = tc.apply_capitation_cap(*BINDING).tables()
        assert (table.name, table.title, table.record) == (
            "cap",
            "Capitation cap (§3.10.1.2)",
            True,
        )
        names = [column.name for column in table.columns]
        assert dict(zip(names, table.rows[0], strict=True)) == {
            "earned": Decimal("409500.76"),
            "capitation": Decimal("780000000.00"),
            "other_payments": Decimal("38800000.00"),
            "cap_percent": Decimal(105),
            "ceiling": Decimal("819000000.00"),
            "room": Decimal("200000.00"),
            "payable": Decimal("200000.00"),
            "forfeited": Decimal("209500.76"),
            "binding": True,
            "section": "3.10.1.2; 42 CFR 438.6",
        }

    def test_excel_formulas(self) -> None:
        """The workbook's live formulas are the cap's arithmetic."""
        formulas = tc.apply_capitation_cap(*BINDING).excel_formulas()["cap"]
        assert formulas["ceiling"] == "{capitation}*{cap_percent}/100"
        assert formulas["payable"] == "MIN({earned}, MAX(0, {room}))"
        assert formulas["forfeited"] == "ROUND({earned}-{payable}, 2)"
        assert formulas["binding"] == "{forfeited}>0"
        assert (
            formulas["room"] == "INT(ROUND(({ceiling}-{capitation}-{other_payments})*100, 6))/100"
        )

    def test_repr(self) -> None:
        """The short repr names earned, payable and forfeited."""
        assert repr(tc.apply_capitation_cap(*BINDING)) == (
            "CapResult(earned=Decimal('409500.76'), payable=Decimal('200000.00'), "
            "forfeited=Decimal('209500.76'))"
        )
