"""UM clause: each enrollee's utilization against comparable enrollees, by the provider criteria."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tenncare_calc import InvalidInputError, RejectedRowsError, default_profile
from tenncare_calc.compliance import enrollee_profiles, provider_profiles


def _people(
    counts: list[int], **columns: list[object]
) -> tuple[dict[str, list[object]], dict[str, list[object]]]:
    members = list(range(1, len(counts) + 1))
    services = {
        "member_id": [m for m, n in zip(members, counts, strict=True) for _ in range(n)],
        "service_category": ["office"] * sum(counts),
    }
    people: dict[str, list[object]] = {
        "member_id": members,
        "member_months": [12] * len(members),
        "age_band": ["21-44"] * len(members),
        "category": ["SSI"] * len(members),
    }
    people.update(columns)
    return services, people


class TestEnrolleeProfiles:
    """Comparable enrollees share an age band and a category; the criteria are the providers'."""

    @given(
        st.lists(st.integers(0, 40), min_size=1, max_size=12),
        st.sampled_from(["percentile", "standard_score"]),
    )
    def test_the_same_criteria_as_providers(self, counts: list[int], method: str) -> None:
        """Given the same counts and member months, enrollees are flagged exactly as providers."""
        services, people = _people(counts)
        enrollees = enrollee_profiles(services, people, method=method)  # type: ignore[arg-type]
        providers = provider_profiles(
            {
                "provider_id": services["member_id"],
                "service_category": services["service_category"],
            },
            {"provider_id": people["member_id"], "member_months": people["member_months"]},
            method=method,  # type: ignore[arg-type]
        )
        keys = ("rate_per_1000", "norm", "lower", "upper", "standard_score", "flag")
        assert [tuple(r[k] for k in keys) for r in enrollees.rows()] == [
            tuple(r[k] for k in keys) for r in providers.rows()
        ]

    def test_groups_by_band_and_category(self) -> None:
        """Two categories are two norms; a group of four is not assessed (five needed)."""
        counts = [30, 10, 11, 9, 1, 30, 10, 11, 9]
        services, people = _people(counts, category=["SSI"] * 5 + ["TANF"] * 4)
        result = enrollee_profiles(services, people)
        flags = {(r["member_id"], r["peer_group"]): r["flag"] for r in result.rows()}
        assert flags[(1, "21-44 / SSI")] == "over"
        assert flags[(5, "21-44 / SSI")] == "under"
        assert {flags[(m, "21-44 / TANF")] for m in (6, 7, 8, 9)} == {"not_assessed"}
        four = enrollee_profiles(services, people, minimum_peers=4)
        assert {r["flag"] for r in four.rows() if r["peer_group"] == "21-44 / TANF"} != {
            "not_assessed"
        }

    def test_peer_columns_are_configurable(self) -> None:
        """peer_columns=[] is one group; the profile's list is the default."""
        services, people = _people(
            [30, 10, 11, 9, 1, 30, 10, 11, 9], category=["SSI"] * 5 + ["TANF"] * 4
        )
        one = enrollee_profiles(services, people, peer_columns=[])
        assert {r["peer_group"] for r in one.rows()} == {"all"}
        assert one.peer_columns == ()
        assert default_profile().get("utilization.enrollee_peer_columns").value == (
            "age_band",
            "category",
        )
        mine = default_profile().with_overrides({"utilization.enrollee_peer_columns": ["category"]})
        assert {
            r["peer_group"] for r in enrollee_profiles(services, people, profile=mine).rows()
        } == {"SSI", "TANF"}

    @pytest.mark.parametrize(
        ("age", "band"),
        [
            (0, "0"),
            (1, "1-5"),
            (5, "1-5"),
            (6, "6-14"),
            (20, "15-20"),
            (21, "21-44"),
            (64, "45-64"),
            (65, "65 and over"),
        ],
    )
    def test_ages_are_banded(self, age: int, band: str) -> None:
        """Each band's first and last age, from utilization.enrollee_age_bands."""
        services = {"member_id": [1], "service_category": ["office"]}
        people = {"member_id": [1], "member_months": [12], "age": [age], "category": ["SSI"]}
        result = enrollee_profiles(services, people)
        assert result.rows()[0]["peer_group"] == f"{band} / SSI"

    def test_bad_rows(self) -> None:
        """No category, an age that is not whole, a missing peer column: rejected or refused."""
        services = {"member_id": [1, 2], "service_category": ["office"] * 2}
        people = {
            "member_id": [1, 2],
            "member_months": [12, 12],
            "age": ["30.5", 30],
            "category": ["SSI", None],
        }
        with pytest.raises(RejectedRowsError):
            enrollee_profiles(services, people)
        found = enrollee_profiles(services, people, on_error="collect")
        assert found.member_months_rows_in == 2
        assert found.member_months_rejected.num_rows == 2
        with pytest.raises(InvalidInputError, match="peer column 'category'"):
            enrollee_profiles(services, {"member_id": [1], "member_months": [12], "age": [30]})
        with pytest.raises(InvalidInputError, match="member_months"):
            enrollee_profiles(services, people, peer_columns=["member_months"])

    def test_explains_itself(self) -> None:
        """The text names enrollees and the peer columns' parameter."""
        services, people = _people([30, 10, 11, 9, 1])
        text = enrollee_profiles(services, people).explain()
        assert text.startswith("Enrollee utilization profiles")
        assert "enrollee 1, office" in text
        assert "utilization.enrollee_peer_columns" in text
