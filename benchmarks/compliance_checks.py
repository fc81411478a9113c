"""Time the columnar compliance checks on synthetic data (issue 5).

Run ``python benchmarks/compliance_checks.py``. Timings are printed, never asserted (the machines
are shared). Needs the data extra.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa

import tenncare_calc as tc

if TYPE_CHECKING:
    from collections.abc import Callable


def _timed(label: str, run: Callable[[], object]) -> object:
    start = time.perf_counter()
    result = run()
    print(f"{label}: {time.perf_counter() - start:.2f} s")
    return result


def main() -> None:
    """Build the inputs with a fixed seed and time each batch check once."""
    rng = np.random.default_rng(1)
    n = 200_000
    codes = np.array(["19", "20", "B5", "56", "31", "42", "23"])[rng.integers(0, 7, n)]
    requested = (
        np.datetime64("2008-10-01") + rng.integers(0, 365 * 3, n).astype("timedelta64[D]")
    ).astype("datetime64[us]") + rng.integers(0, 86_400, n).astype("timedelta64[s]")
    appointment = requested + rng.integers(0, 86_400 * 40, n).astype("timedelta64[s]")
    urgency = np.array(["routine", "urgent"])[rng.integers(0, 2, n)]
    appointments = pa.table(
        {
            "service_code": codes,
            "requested_at": requested,
            "appointment_at": appointment,
            "urgency": urgency,
        }
    )
    _timed(f"access_timeliness_table, {n:,} rows", lambda: tc.access_timeliness_table(appointments))
    distances = pa.table(
        {
            "service_code": codes,
            "distance_miles": rng.random(n) * 120,
            "rural": rng.random(n) < 0.2,
        }
    )
    _timed(f"access_distance_table, {n:,} rows", lambda: tc.access_distance_table(distances))
    trips = pa.table(
        {
            "requested_at": requested,
            "decided_at": requested + rng.integers(0, 86_400 * 2, n).astype("timedelta64[s]"),
        }
    )
    _timed(f"decision_time_table, {n:,} rows", lambda: tc.decision_time_table(trips))
    m = 1_000_000
    start = np.datetime64("2005-01-01") + rng.integers(0, 365 * 4, m).astype("timedelta64[D]")
    end = pa.array(
        start + rng.integers(0, 800, m).astype("timedelta64[D]"), mask=rng.random(m) < 0.3
    )
    enrollment = pa.table(
        {"member_id": rng.integers(0, 400_000, m), "start_date": start, "end_date": end}
    )
    claims = pa.table(
        {
            "member_id": rng.integers(0, 400_000, m),
            "service_date": np.datetime64("2007-01-01")
            + rng.integers(0, 730, m).astype("timedelta64[D]"),
        }
    )
    _timed(
        f"no_utilization_report, {m:,} spans and {m:,} claims",
        lambda: tc.no_utilization_report(enrollment, claims, report_date=dt.date(2008, 12, 31)),
    )
    _timed(
        f"monthly_sample from {m:,} claims",
        lambda: tc.monthly_sample(claims, month=dt.date(2008, 6, 1), seed=1),
    )
    services = pa.table(
        {
            "provider_id": rng.integers(0, 2_000, m),
            "service_category": np.array(["office", "er", "inpatient", "lab"])[
                rng.integers(0, 4, m)
            ],
        }
    )
    months = pa.table(
        {"provider_id": np.arange(2_000), "member_months": rng.integers(100, 50_000, 2_000)}
    )
    _timed(
        f"provider_profiles, {m:,} services of 2,000 providers",
        lambda: tc.provider_profiles(services, months),
    )


if __name__ == "__main__":
    main()
