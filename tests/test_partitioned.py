"""The Dask path: the same results as one machine, on a local cluster of two worker processes."""

from __future__ import annotations

import datetime as dt
import random
from typing import TYPE_CHECKING, Any

import dask.dataframe as dd
import pandas as pd
import pytest
from distributed import Client, LocalCluster

import tenncare_calc as tc
from tenncare_calc.core.errors import RejectedRowsError

if TYPE_CHECKING:
    from collections.abc import Iterator


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    """Yield a client of a local cluster of two single-threaded worker processes."""
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster,
        Client(cluster) as connected,
    ):
        yield connected


def _spans(count: int, seed: int) -> pd.DataFrame:
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not security
    rows: list[dict[str, Any]] = []
    for _ in range(count):
        start = dt.date(2007, 6, 1) + dt.timedelta(days=rng.randrange(800))
        end = None if rng.random() < 0.1 else start + dt.timedelta(days=rng.randrange(400))
        rows.append({"member_id": rng.randrange(300), "start_date": start, "end_date": end})
    rows[7] = {"member_id": None, "start_date": dt.date(2008, 1, 1), "end_date": None}
    rows[1234] = {
        "member_id": 5,
        "start_date": dt.date(2008, 3, 1),
        "end_date": dt.date(2008, 2, 1),
    }
    frame = pd.DataFrame(rows)
    frame["member_id"] = frame["member_id"].astype("Int64")
    frame["start_date"] = pd.to_datetime(frame["start_date"])
    frame["end_date"] = pd.to_datetime(frame["end_date"])
    return frame


def _stays(count: int, seed: int) -> pd.DataFrame:
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not security
    rows = []
    for _ in range(count):
        admit = dt.date(2007, 11, 1) + dt.timedelta(days=rng.randrange(500))
        discharge = admit + dt.timedelta(days=rng.randrange(15))
        rows.append(
            {
                "member_id": f"M{rng.randrange(200):04d}",
                "admit_date": admit.isoformat(),
                "discharge_date": discharge.isoformat(),
                "plan": rng.choice(["AGP", "BCT", "UHC"]),
            }
        )
    rows[3]["admit_date"] = "not a date"
    return pd.DataFrame(rows)


def test_member_months_on_a_cluster_equal_one_machine(client: Client) -> None:
    """Shuffled by the library or set_index'ed by the user: identical results, rows and all."""
    assert len(client.scheduler_info()["workers"]) == 2
    frame = _spans(3000, seed=1)
    local = tc.member_months(frame, year=2008, on_error="collect", per_member=True)
    unsorted = dd.from_pandas(frame, npartitions=4)
    shuffled = tc.member_months(unsorted, year=2008, on_error="collect", per_member=True)
    assert shuffled.to_dict() == local.to_dict()
    assert shuffled.per_member.equals(local.per_member)
    assert shuffled.rejected.column("row").to_pylist() == [7, 1234]
    indexed = dd.from_pandas(frame, npartitions=3).set_index("member_id")
    by_index = tc.member_months(indexed, year=2008, convention="any_day", on_error="collect")
    reordered = indexed.compute().reset_index()
    assert (
        by_index.to_dict()
        == tc.member_months(
            reordered, year=2008, convention="any_day", on_error="collect"
        ).to_dict()
    )
    with pytest.raises(
        RejectedRowsError, match=r"2 of 3,000 rows of 'spans' cannot be used: row 7"
    ):
        tc.member_months(unsorted, year=2008)


def test_community_tenure_on_a_cluster_equals_one_machine(client: Client) -> None:
    """Counts, plans, index episodes and rejected rows agree with the single-machine path."""
    del client
    frame = _stays(2000, seed=2)
    options: dict[str, Any] = {
        "year": 2008,
        "data_through": dt.date(2009, 1, 15),
        "on_error": "collect",
        "index_episodes": True,
    }
    local = tc.community_tenure(frame, **options)
    distributed = tc.community_tenure(dd.from_pandas(frame, npartitions=4), **options)
    assert distributed.to_dict() == local.to_dict()
    assert distributed.index_episodes.equals(local.index_episodes)
    assert local.denominator > 0
    assert list(local.by_plan) == ["AGP", "BCT", "UHC"]
    assert distributed.rejected.to_pylist() == [
        {
            "row": 3,
            "reason": "admit_date 'not a date' is not a date (expected YYYY-MM-DD or M/D/YYYY)",
        }
    ]
