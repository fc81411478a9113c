"""Tests of the 105% capitation cap (§3.10.1.2, 42 CFR 438.6, ruling P8)."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from hypothesis import example, given

import tenncare_calc as tc
from tests.strategies import BAD_NUMBERS, WRONG_TYPES, decimals, money


class TestCapInvariants:
    """The cap's arithmetic invariants hold for every input."""

    @given(money(10**7), money(10**10, places=4), money(10**9, places=4))
    @example(Decimal("0.01"), Decimal("0.01"), Decimal(0))
    @example(Decimal("100.00"), Decimal("1000.0001"), Decimal("49.9999"))
    def test_invariants(self, earned: Decimal, capitation: Decimal, other: Decimal) -> None:
        """Payable <= earned, payable + forfeited = earned, nothing negative, ceiling respected."""
        result = tc.apply_capitation_cap(earned, capitation, other_payments=other)
        assert Decimal(0) <= result.payable <= earned
        assert result.forfeited >= 0
        assert result.payable + result.forfeited == earned
        assert result.ceiling == Decimal("1.05") * capitation
        if result.payable > 0:
            assert capitation + other + result.payable <= Decimal("1.05") * capitation
        assert result.payable == result.payable.quantize(Decimal("0.01"))

    @given(money(10**7), money(10**7), money(10**10), money(10**9))
    def test_payable_is_monotone_in_earned(
        self, e1: Decimal, e2: Decimal, capitation: Decimal, other: Decimal
    ) -> None:
        """Earning more never makes less payable, and never forfeits less."""
        low, high = sorted((e1, e2))
        a = tc.apply_capitation_cap(low, capitation, other_payments=other)
        b = tc.apply_capitation_cap(high, capitation, other_payments=other)
        assert a.payable <= b.payable
        assert a.forfeited <= b.forfeited

    @given(money(10**7), money(10**10), money(10**9), money(10**9))
    def test_more_other_payments_never_raise_the_payable(
        self, earned: Decimal, capitation: Decimal, o1: Decimal, o2: Decimal
    ) -> None:
        """Other payments already made only use up room under the ceiling."""
        low, high = sorted((o1, o2))
        assert (
            tc.apply_capitation_cap(earned, capitation, other_payments=high).payable
            <= tc.apply_capitation_cap(earned, capitation, other_payments=low).payable
        )


class TestCapExamples:
    """Hand-checked cases."""

    def test_binding_cap(self) -> None:
        """Ceiling 819,000,000.00; room 819,000,000 - 780,000,000 - 38,800,000 = 200,000.00."""
        result = tc.apply_capitation_cap("409500.76", "780000000.00", "38800000.00")
        assert result.ceiling == Decimal("819000000.00")
        assert result.room == Decimal("200000.00")
        assert (result.payable, result.forfeited, result.binding) == (
            Decimal("200000.00"),
            Decimal("209500.76"),
            True,
        )

    def test_room_at_exactly_the_earned_amount(self) -> None:
        """When the room equals what was earned, all of it is paid and the cap does not bind."""
        result = tc.apply_capitation_cap("50000.00", "1000000.00")
        assert (result.payable, result.forfeited, result.binding) == (
            Decimal("50000.00"),
            Decimal("0.00"),
            False,
        )

    def test_one_cent_over_the_room(self) -> None:
        """A cent more than the room is forfeited."""
        result = tc.apply_capitation_cap("50000.01", "1000000.00")
        assert (result.payable, result.forfeited) == (Decimal("50000.00"), Decimal("0.01"))

    def test_room_is_rounded_down(self) -> None:
        """A ceiling with a fraction of a cent never lets the payment cross it."""
        result = tc.apply_capitation_cap("1.00", "0.10")  # ceiling 0.105, room 0.005 -> 0.00
        assert (result.ceiling, result.room, result.payable) == (
            Decimal("0.1050"),
            Decimal("0.00"),
            Decimal("0.00"),
        )

    def test_other_payments_beyond_the_ceiling(self) -> None:
        """Negative room pays nothing; everything earned is forfeited."""
        result = tc.apply_capitation_cap("1000.00", "1000000", "60000")
        assert (result.room, result.payable, result.forfeited) == (
            Decimal("-10000.00"),
            Decimal("0.00"),
            Decimal("1000.00"),
        )

    def test_cap_percentage_is_profile_data(self) -> None:
        """A what-if 110% cap doubles the room."""
        profile = tc.default_profile().with_overrides({"p4p.cap_percent": "110"})
        assert tc.apply_capitation_cap(200_000, 1_000_000, profile=profile).payable == Decimal(
            "100000.00"
        )

    def test_explain_and_to_dict(self) -> None:
        """The explanation shows the arithmetic and cites the clause; to_dict is JSON-ready."""
        result = tc.apply_capitation_cap("409500.76", "780000000.00", "38800000.00")
        text = result.explain()
        assert "ceiling = 105% x capitation $780,000,000.00 = $819,000,000.00" in text
        assert "§3.10.1.2; 42 CFR 438.6" in text
        assert "forfeited = earned - payable = $209,500.76 (the cap binds)" in text
        data = json.loads(json.dumps(result.to_dict()))
        assert data["payable"] == "200000.00"
        assert data["binding"] is True


class TestCapBadInput:
    """Bad inputs raise typed errors naming the field."""

    @pytest.mark.parametrize("field", ["earned", "capitation", "other_payments"])
    def test_negative_amounts(self, field: str) -> None:
        """Amounts below zero are ValueError-family errors."""
        arguments = {"earned": 1, "capitation": 1, "other_payments": 0, field: -1}
        with pytest.raises(tc.InvalidValueError) as caught:
            tc.apply_capitation_cap(**arguments)
        assert caught.value.field == field

    @given(WRONG_TYPES)
    def test_wrong_types(self, value: object) -> None:
        """bool, None and containers are TypeError-family errors."""
        with pytest.raises(tc.InvalidTypeError):
            tc.apply_capitation_cap(value, 1000)

    @given(BAD_NUMBERS)
    def test_bad_numbers(self, value: object) -> None:
        """NaN, infinity and non-numeric text are ValueError-family errors."""
        with pytest.raises(tc.InvalidValueError):
            tc.apply_capitation_cap(100, value)

    @given(decimals("0.001", "0.009", places=3))
    def test_fractions_of_a_cent_earned(self, fraction: Decimal) -> None:
        """Earned amounts are lines already rounded to cents (M3)."""
        with pytest.raises(tc.InvalidValueError, match="whole number of cents"):
            tc.apply_capitation_cap(Decimal(100) + fraction, 1000)
