"""Tests of the contract profile: loading, validation, dated versions and what-if overrides."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
import tomllib
from decimal import Decimal
from typing import TYPE_CHECKING

import pytest
from hypothesis import given
from hypothesis import strategies as st

import tenncare_calc as tc
from tenncare_calc.contract.schema import SCHEMA
from tenncare_calc.p4p import EffectSizeTable

if TYPE_CHECKING:
    from pathlib import Path

MINIMAL_META = """
[profile]
id = "test"
title = "Test profile"
source = "tests"
version = "0.1"
verified_against_source_on = 2026-01-01
"""

EXTENDING_META = MINIMAL_META + 'extends = "amendment-3"\n'


def write(tmp_path: Path, text: str) -> Path:
    """Write a profile file and return its path."""
    path = tmp_path / "profile.toml"
    path.write_text(text, encoding="utf-8")
    return path


def bands_toml(rows: list[tuple[object, object, object]]) -> str:
    """Return a p4p.effect_size_bands parameter table with the given (from, to, size) rows."""
    body = ", ".join(
        f'{{ baseline_from = "{a}", baseline_to = "{b}", minimum_effect_size = "{s}" }}'
        for a, b, s in rows
    )
    return (
        "[p4p.effect_size_bands]\n"
        'description = "bands"\nunit = "points"\nsection = "3.10.5"\n'
        f"effective_from = 2007-04-01\nvalue = [{body}]\n"
    )


class TestShippedProfile:
    """The Amendment 3 profile loads, is complete and is cited."""

    def test_every_schema_parameter_is_present_and_cited(self) -> None:
        """Each parameter the rules read has a description, a section and a dated value."""
        profile = tc.default_profile()
        assert set(profile.names()) == set(SCHEMA)
        for name in profile.names():
            value = profile.get(name)
            assert value.section, name
            assert value.description, name
            # Attachment XI (NEMT operations) applies from its implementation date, 2008-09-01
            # (A.2.1); every other Amendment 3 value from the start of operations.
            nemt_operations = name.startswith("nemt.") and value.section.startswith("Attachment XI")
            expected = dt.date(2008, 9, 1) if nemt_operations else dt.date(2007, 4, 1)
            assert value.effective_from == expected, name

    def test_amendment_3_values(self) -> None:
        """Values as the amendment states them (§3.10.2.1, §3.10.1.2, §3.12.1.1)."""
        profile = tc.default_profile()
        assert profile.value("p4p.pmpm_amount", Decimal) == Decimal("0.03")
        assert profile.value("p4p.cap_percent", Decimal) == 105
        assert profile.value("contract.maximum_liability", Decimal) == Decimal("1573838036.00")
        assert profile.value("p4p.payment_date", tuple) == (7, 1)
        assert profile.verified_against_source_on == dt.date(2026, 11, 23)
        measures = profile.value("p4p.measures", tuple)
        assert [m.id for m in measures if m.reversed] == ["hba1c_control"]
        assert len(measures) == 9  # six physical (§3.10.2.2), two behavioral (§3.10.3), §3.10.4

    def test_default_bands_are_marked_as_library_default(self) -> None:
        """The bands the source lost are flagged wherever they are cited."""
        bands = tc.default_profile().get("p4p.effect_size_bands")
        assert bands.library_default
        assert "library default" in bands.provenance()
        assert not tc.default_profile().get("p4p.pmpm_amount").library_default

    def test_to_dict_is_json_ready_and_deterministic(self) -> None:
        """The whole profile serialises, the same way every time."""
        first = json.dumps(tc.default_profile().to_dict(), sort_keys=False)
        assert first == json.dumps(tc.load_profile("amendment-3").to_dict(), sort_keys=False)
        data = json.loads(first)
        assert data["parameters"]["p4p.pmpm_amount"]["versions"][0]["value"] == "0.03"
        assert data["parameters"]["p4p.effect_size_bands"]["versions"][0]["value"][0] == {
            "baseline_from": "0",
            "baseline_to": "60",
            "minimum_effect_size": "6",
        }

    def test_explain_lists_every_parameter_with_its_citation(self) -> None:
        """Profile show prints each parameter's value, section and term."""
        text = tc.default_profile().explain()
        for name in SCHEMA:
            assert f"{name} = " in text
        assert "p4p.pmpm_amount = 0.03 USD per member month, §3.10.2.1" in text


class TestTerms:
    """Values are looked up by date; outside a term is an error, never a silent zero."""

    def test_before_the_term(self) -> None:
        """Asking before the first effective date raises OutsideTermError naming the parameter."""
        with pytest.raises(
            tc.OutsideTermError, match=re.escape("'p4p.pmpm_amount' is not in force on 2007-03-31")
        ):
            tc.default_profile().get("p4p.pmpm_amount", on=dt.date(2007, 3, 31))
        assert tc.default_profile().get("p4p.pmpm_amount", on=dt.date(2007, 4, 1)).value == Decimal(
            "0.03"
        )

    def test_versions_switch_on_their_effective_date(self, tmp_path: Path) -> None:
        """An amendment's new version applies from its first day; the old one through the day before."""
        text = EXTENDING_META + (
            "[p4p.pmpm_amount]\n"
            'description = "PMPM"\nunit = "USD"\nsection = "3.10.2.1"\n'
            'versions = [ { effective_from = 2007-04-01, value = "0.03" },\n'
            '  { effective_from = 2010-07-01, value = "0.04", section = "Amendment 9 §3.10.2.1" } ]\n'
            "effective_through = 2012-06-30\n"
        )
        profile = tc.load_profile(write(tmp_path, text))
        old = profile.get("p4p.pmpm_amount", on=dt.date(2010, 6, 30))
        new = profile.get("p4p.pmpm_amount", on=dt.date(2010, 7, 1))
        assert (old.value, old.effective_through) == (Decimal("0.03"), dt.date(2010, 6, 30))
        assert (new.value, new.section) == (Decimal("0.04"), "Amendment 9 §3.10.2.1")
        assert profile.get("p4p.pmpm_amount", on=dt.date(2012, 6, 30)).value == Decimal("0.04")
        with pytest.raises(tc.OutsideTermError, match="through 2012-06-30"):
            profile.get("p4p.pmpm_amount", on=dt.date(2012, 7, 1))
        assert profile.get("p4p.pmpm_amount").value == Decimal("0.04")  # latest when on=None
        # Parameters the file does not define come from the profile it extends.
        assert profile.value("p4p.cap_percent", Decimal) == 105


class TestValidation:
    """The loader rejects what it cannot trust, saying where and why."""

    def test_unknown_parameter_suggests_the_right_name(self, tmp_path: Path) -> None:
        """A typo in a parameter name is an error with a suggestion."""
        text = EXTENDING_META + (
            '[p4p.pmpm_amont]\ndescription = "x"\nunit = ""\nsection = "1"\n'
            'value = "0.03"\neffective_from = 2007-04-01\n'
        )
        with pytest.raises(tc.ProfileError, match=re.escape("did you mean 'p4p.pmpm_amount'")):
            tc.load_profile(write(tmp_path, text))

    def test_unknown_key_in_a_parameter(self, tmp_path: Path) -> None:
        """A parameter table may only have the documented keys."""
        text = EXTENDING_META + (
            '[p4p.pmpm_amount]\ndescription = "x"\nunit = ""\nsection = "1"\n'
            'value = "0.03"\neffective_from = 2007-04-01\neffective_form = 2007-04-01\n'
        )
        with pytest.raises(tc.ProfileError, match=r"unknown key\(s\) \['effective_form'\]"):
            tc.load_profile(write(tmp_path, text))

    def test_unknown_metadata_key(self, tmp_path: Path) -> None:
        """[profile] may only have the documented keys."""
        with pytest.raises(tc.ProfileError, match="verified_on"):
            tc.load_profile(write(tmp_path, EXTENDING_META + "verified_on = 2020-01-01\n"))

    def test_missing_parameters_without_extends(self, tmp_path: Path) -> None:
        """A standalone profile must define every parameter."""
        with pytest.raises(tc.ProfileError, match="missing parameter"):
            tc.load_profile(write(tmp_path, MINIMAL_META))

    def test_future_verification_date(self, tmp_path: Path) -> None:
        """A profile cannot claim to have been verified in the future."""
        text = EXTENDING_META.replace("2026-01-01", "2999-01-01")
        with pytest.raises(tc.ProfileError, match="in the future"):
            tc.load_profile(write(tmp_path, text))

    def test_versions_out_of_order(self, tmp_path: Path) -> None:
        """Versions must be in strictly increasing effective_from order."""
        text = EXTENDING_META + (
            '[p4p.pmpm_amount]\ndescription = "x"\nunit = ""\nsection = "1"\n'
            'versions = [ { effective_from = 2010-01-01, value = "0.04" },\n'
            '  { effective_from = 2009-01-01, value = "0.03" } ]\n'
        )
        with pytest.raises(tc.ProfileError, match="strictly increasing"):
            tc.load_profile(write(tmp_path, text))

    def test_invalid_value_names_the_parameter(self, tmp_path: Path) -> None:
        """A negative amount in the file is reported with the parameter's name."""
        text = EXTENDING_META + (
            '[p4p.pmpm_amount]\ndescription = "x"\nunit = ""\nsection = "1"\n'
            'value = "-0.03"\neffective_from = 2007-04-01\n'
        )
        with pytest.raises(tc.ProfileError, match=r"parameter 'p4p\.pmpm_amount'.*>= 0"):
            tc.load_profile(write(tmp_path, text))

    def test_not_toml(self, tmp_path: Path) -> None:
        """A file that is not TOML says so."""
        with pytest.raises(tc.ProfileError, match="not valid TOML"):
            tc.load_profile(write(tmp_path, "this is = = not toml"))

    def test_missing_file(self, tmp_path: Path) -> None:
        """A path that does not exist is a ProfileError, not an OSError."""
        with pytest.raises(tc.ProfileError, match="cannot read profile file"):
            tc.load_profile(tmp_path / "nope.toml")

    @pytest.mark.parametrize(
        ("rows", "message"),
        [
            ([(0, 60, 6), (61, 100, 5)], "gap between 60 and 61"),
            ([(0, 60, 6), (59, 100, 5)], "overlap between 60 and 59"),
            ([(0, 60, 5), (60, 100, 6)], "must not increase"),
            ([(1, 60, 6), (60, 100, 5)], "must start at 0"),
            ([(0, 60, 6), (60, 99, 5)], "must end at 100"),
            ([(0, 60, 6), (60, 60, 5), (60, 100, 4)], "empty or reversed"),
            ([(0, 101, 6)], "percentage in"),
            ([], "no bands"),
        ],
    )
    def test_invalid_effect_size_tables(
        self, tmp_path: Path, rows: list[tuple[object, object, object]], message: str
    ) -> None:
        """Bands must cover 0-100 without gaps or overlaps, effect sizes non-increasing."""
        with pytest.raises(tc.ProfileError, match=message):
            tc.load_profile(write(tmp_path, EXTENDING_META + bands_toml(rows)))

    @given(
        cuts=st.lists(st.integers(min_value=1, max_value=99), min_size=0, max_size=8, unique=True),
        sizes=st.lists(st.integers(min_value=0, max_value=20), min_size=9, max_size=9),
    )
    def test_any_valid_table_loads_and_covers_every_rate(
        self, cuts: list[int], sizes: list[int]
    ) -> None:
        """Any partition of 0-100 with non-increasing sizes is accepted and finds every baseline."""
        edges = [0, *sorted(cuts), 100]
        ordered = sorted(sizes, reverse=True)
        records = [
            {"baseline_from": a, "baseline_to": b, "minimum_effect_size": ordered[i]}
            for i, (a, b) in enumerate(itertools.pairwise(edges))
        ]
        table = EffectSizeTable.from_records(records)
        for rate in (Decimal(0), Decimal("99.99"), Decimal(100), *map(Decimal, cuts)):
            assert table.band_for(rate).contains(rate)

    def test_shipped_file_round_trips_through_a_user_copy(self, tmp_path: Path) -> None:
        """A user can copy the shipped file, edit one value, and load it standalone."""
        from importlib import resources  # noqa: PLC0415 - only this test reads the package file

        shipped = (
            resources.files("tenncare_calc.contract")
            .joinpath("data", "amendment_3.toml")
            .read_text("utf-8")
        )
        edited = shipped.replace('value = "0.03"', 'value = "0.05"').replace(
            'id = "amendment-3"', 'id = "my-contract"'
        )
        tomllib.loads(edited)  # still valid TOML
        profile = tc.load_profile(write(tmp_path, edited))
        assert (profile.id, profile.value("p4p.pmpm_amount", Decimal)) == (
            "my-contract",
            Decimal("0.05"),
        )


class TestOverrides:
    """What-if overrides: a flat mapping of dotted names to values, validated like the file."""

    def test_override_is_used_and_marked(self) -> None:
        """The override replaces the value and every citation says it is a what-if."""
        profile = tc.load_profile(overrides={"p4p.pmpm_amount": "0.04"})
        value = profile.get("p4p.pmpm_amount")
        assert (value.value, value.override, value.profile_value) == (Decimal("0.04"), True, "0.03")
        assert "what-if override; profile value 0.03" in value.provenance()
        assert profile.overrides == (("p4p.pmpm_amount", "0.04"),)
        assert tc.default_profile().get("p4p.pmpm_amount").value == Decimal("0.03")  # unchanged

    @pytest.mark.parametrize(
        ("name", "value", "match"),
        [
            ("p4p.pmpm_amount", "-1", ">= 0"),
            ("p4p.pmpm_amount", True, "bool"),
            ("p4p.cap_percent", "0", "> 0"),
            ("p4p.behavioral_rates_rule", "some", "one of"),
            ("p4p.payment_date", "13-01", "MM-DD"),
            ("p4p.community_tenure_window_days", "0", ">= 1"),
            ("p4p.effect_size_bands", "[{baseline_from = 0}]", "exactly the keys"),
            ("p4p.effect_size_bands", "[[[", "TOML inline value"),
            ("contract.operations_began", "April 2007", "date"),
        ],
    )
    def test_invalid_overrides(self, name: str, value: object, match: str) -> None:
        """An invalid what-if value is rejected with the parameter's name."""
        with pytest.raises(tc.ProfileError, match=match) as caught:
            tc.default_profile().with_overrides({name: value})
        assert caught.value.field == name

    def test_overrides_accept_typed_values(self) -> None:
        """Python values work as well as strings."""
        profile = tc.default_profile().with_overrides(
            {"contract.operations_began": dt.date(2008, 1, 1), "p4p.pmpm_amount": Decimal("0.05")}
        )
        assert profile.value("contract.operations_began", dt.date) == dt.date(2008, 1, 1)
        assert profile.value("p4p.pmpm_amount", Decimal) == Decimal("0.05")

    def test_value_type_check(self) -> None:
        """Asking for a value as the wrong type is a TypeError-family error."""
        with pytest.raises(tc.InvalidTypeError):
            tc.default_profile().value("p4p.pmpm_amount", int)
