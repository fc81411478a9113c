"""The newer batch checks of ``compliance_checks.py``: NEMT lead time and manifests, §2.6.1.2, §2.13.2, §2.12.7.32.

``compliance_checks.py`` imports this file (Python puts the folder of the script it runs first on
the path): the data of each check (a million rows from a fixed seed), the DuckDB SQL and the pandas
code a user of each writes, as for the checks there. Every method answers with the rows of each
outcome (``row`` and the keys the check is judged by); the script checks they agree before timing.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pyarrow as pa

FIRST_TRIP = dt.date(2008, 10, 1)
#: The lead-time lines of Attachment XI A.3.2 (profile defaults): 3 hours urban, 4 non-urban.
SHORT_NOTICE_HOURS = {True: 3, False: 4}
#: A.5.5.1: the manifest by the close of business one day before the service date.
MANIFEST_DAYS = 1
EXEMPTIONS = np.array(["urgent", "provider_change", "follow_up"])
CLOSES = np.array(["17:00", "16:30", "18:00"])
#: §2.6.1.2: the categories the check knows and the profile's excluded reimbursements; the modes.
CLAIM_CATEGORIES = np.array(
    ["trip", "escort", "accompanying_adult", "mileage_reimbursement", "car_rental"]
)
EXCLUDED = ("mileage_reimbursement", "car_rental", "private_automobile")
MODES = np.array(["nemt_provider", "fixed_route", "commercial_carrier"])
COMPANION_MODES = ("fixed_route", "commercial_carrier")
#: §2.13.2: the pricing methods in the data, the one that is a percentage of billed charges, and
#: the services with no Medicare methodology (passed to the check, as none ship).
PRICING = np.array(["fee_schedule", "per_diem", "drg", "percent_of_billed_charges"])
PERCENT_METHOD = "percent_of_billed_charges"
NO_MEDICARE_CODES = ("T1019", "S5125")
SERVICE_CODES = np.array(["99213", "T1019", "S5125", "90837", "97110"])
STOP_LOSS = 80_000
#: §2.12.7.32: global obstetric codes (passed to the check, as none ship) among others.
OBSTETRIC_CODES = ("59400", "59510", "59610", "59618")
PROCEDURES = np.array(["59400", "59510", "59610", "59618", "99213", "76805"])


def _moments(rng: np.random.Generator, rows: int) -> np.ndarray:
    """Return request times over a year from October 2008, to the minute (datetime64[us])."""
    day = np.datetime64(FIRST_TRIP.isoformat()) + rng.integers(0, 365, rows).astype(
        "timedelta64[D]"
    )
    return day.astype("datetime64[us]") + rng.integers(0, 1440, rows).astype("timedelta64[m]")


def generate_trips(rows: int, seed: int) -> pa.Table:
    """Return NEMT trips: request and pick-up times, area, exemptions, manifests.

    Pick-ups come from 1 hour to 5 days after the request, 5% exactly on the short-notice line (3
    hours urban, 4 non-urban); 10% of trips are exempt; manifests are sent from 3 days before the
    service date to its morning, 5% exactly at the close of business the day before.
    """
    rng = np.random.default_rng(seed)
    requested = _moments(rng, rows)
    urban = rng.random(rows) < 0.6
    lead = rng.integers(60, 5 * 1440, rows)
    exact = rng.random(rows) < 0.05
    lead[exact] = np.where(urban[exact], 180, 240)
    pickup = requested + lead.astype("timedelta64[m]")
    service_date = pickup.astype("datetime64[D]")
    close = rng.integers(0, len(CLOSES), rows)
    close_minutes = np.array([17 * 60, 16 * 60 + 30, 18 * 60])[close]
    sent = service_date.astype("datetime64[us]") - rng.integers(-600, 3 * 1440, rows).astype(
        "timedelta64[m]"
    )
    on_line = rng.random(rows) < 0.05
    sent[on_line] = (service_date[on_line] - np.timedelta64(1, "D")).astype(
        "datetime64[us]"
    ) + close_minutes[on_line].astype("timedelta64[m]")
    exempt = rng.random(rows) < 0.1
    return pa.table(
        {
            "trip_id": np.arange(rows),
            "requested_at": requested,
            "pickup_at": pickup,
            "urban": urban,
            "accommodated": rng.random(rows) < 0.9,
            "exemption": pa.array(EXEMPTIONS[rng.integers(0, 3, rows)], mask=~exempt),
            "sent_at": sent,
            "service_date": service_date,
            "close_of_business": CLOSES[close],
        }
    )


def generate_nemt_claims(rows: int, seed: int) -> pa.Table:
    """Return NEMT claims: category, mode of transport, HCBS-waiver flag."""
    rng = np.random.default_rng(seed)
    category = rng.choice(len(CLAIM_CATEGORIES), rows, p=[0.7, 0.1, 0.08, 0.07, 0.05])
    return pa.table(
        {
            "claim_id": np.arange(rows),
            "category": CLAIM_CATEGORIES[category],
            "mode": MODES[rng.integers(0, len(MODES), rows)],
            "hcbs_waiver_service": rng.random(rows) < 0.03,
        }
    )


def dollars(cents: np.ndarray) -> pa.Array:
    """Return amounts in cents as exact ``decimal128(12, 2)`` dollars."""
    words = np.stack([cents, cents >> 63], axis=1).astype(np.int64)
    return pa.Array.from_buffers(pa.decimal128(12, 2), len(cents), [None, pa.py_buffer(words)])


def generate_priced_claims(rows: int, seed: int) -> pa.Table:
    """Return paid claims with their pricing method, billed amount (cents) and stop-loss threshold.

    A quarter are priced as a percentage of billed charges; a tenth of the claims have a stop-loss
    threshold of $80,000, with billed amounts around it (1% exactly on it).
    """
    rng = np.random.default_rng(seed)
    method = rng.choice(len(PRICING), rows, p=[0.4, 0.2, 0.15, 0.25])
    cents = rng.integers(1_000, 12_000_000, rows)
    cents[rng.random(rows) < 0.01] = STOP_LOSS * 100
    stop_loss = rng.random(rows) < 0.1
    return pa.table(
        {
            "claim_id": np.arange(rows),
            "pricing_method": PRICING[method],
            "billed_amount": dollars(cents),
            "stop_loss_threshold": pa.array(
                np.full(rows, STOP_LOSS, dtype=np.int64), mask=~stop_loss
            ),
            "service_code": SERVICE_CODES[rng.integers(0, len(SERVICE_CODES), rows)],
        }
    )


def generate_obstetric_claims(rows: int, seed: int) -> pa.Table:
    """Return claims with a procedure code, the supporting encounter records and whether paid."""
    rng = np.random.default_rng(seed)
    return pa.table(
        {
            "claim_id": np.arange(rows),
            "procedure_code": PROCEDURES[rng.integers(0, len(PROCEDURES), rows)],
            "encounters": rng.choice(4, rows, p=[0.2, 0.4, 0.3, 0.1]),
            "paid": rng.random(rows) < 0.95,
        }
    )


def generate_tables(rows: int) -> dict[str, pa.Table]:
    """Return the tables of the newer checks, ``rows`` rows each."""
    return {
        "trips": generate_trips(rows, seed=7),
        "nemt_claims": generate_nemt_claims(rows, seed=8),
        "priced_claims": generate_priced_claims(rows, seed=9),
        "obstetric_claims": generate_obstetric_claims(rows, seed=10),
    }


# --------------------------------------------------------------------------------------------------
# DuckDB SQL: what an analyst writes for each check, on DuckDB's own tables

REQUEST_LEAD_TIME_SQL = """
-- A.3.2: a request at least 3 hours (urban) or 4 hours (non-urban) before the pick-up is judged:
-- met when accommodated; a shorter one is not assessed when exempt, else not applicable
SELECT trip_id AS row,
       CASE WHEN pickup_at - requested_at >= to_hours(CASE WHEN urban THEN 3 ELSE 4 END)
                THEN CASE WHEN accommodated THEN 'met' ELSE 'not_met' END
            WHEN exemption IS NOT NULL THEN 'not_assessed'
            ELSE 'not_applicable' END AS outcome
FROM trips
"""

TRIP_MANIFEST_SQL = f"""
-- A.5.5.1: sent at least {MANIFEST_DAYS} day before the close of business on the service date
SELECT trip_id AS row,
       sent_at + INTERVAL {MANIFEST_DAYS} DAY <= service_date + close_of_business::TIME AS met
FROM trips
"""

NEMT_EXCLUSIONS_SQL = f"""
SELECT claim_id AS row,
       CASE WHEN category IN {EXCLUDED} THEN 'private automobile reimbursement'
            WHEN hcbs_waiver_service THEN 'service provided through an HCBS waiver'
            WHEN category IN ('escort', 'accompanying_adult') AND mode NOT IN {COMPANION_MODES}
                THEN 'separate escort or accompanying-adult payment'
            ELSE 'none' END AS exclusion
FROM nemt_claims
"""

PERCENT_OF_BILLED_SQL = f"""
-- §2.13.2: a claim priced as a percentage of billed charges is met only under an exception: no
-- Medicare methodology for the service, or billed above the stop-loss threshold
SELECT claim_id AS row,
       CASE WHEN pricing_method <> '{PERCENT_METHOD}' THEN 'not_applicable'
            WHEN service_code IN {NO_MEDICARE_CODES} THEN 'met'
            WHEN billed_amount > stop_loss_threshold THEN 'met'
            ELSE 'not_met' END AS outcome
FROM priced_claims
"""

GLOBAL_OBSTETRIC_SQL = f"""
SELECT claim_id AS row,
       CASE WHEN NOT paid OR procedure_code NOT IN {OBSTETRIC_CODES} THEN 'not_applicable'
            WHEN encounters >= 1 THEN 'met'
            ELSE 'not_met' END AS outcome
FROM obstetric_claims
"""

# --------------------------------------------------------------------------------------------------
# pandas: what a pandas user writes (vectorised, categoricals for the few labels)


def _labelled(rows: pd.Series, code: np.ndarray, labels: list[str]) -> pd.DataFrame:
    return pd.DataFrame({"row": rows, "outcome": pd.Categorical.from_codes(code, labels)})


def pandas_request_lead_time(trips: pd.DataFrame) -> pd.DataFrame:
    """Return each trip's A.3.2 outcome."""
    hours = np.where(trips["urban"], 3, 4)
    judged = (trips["pickup_at"] - trips["requested_at"]).to_numpy() >= hours * np.timedelta64(
        1, "h"
    )
    code = np.where(
        judged,
        np.where(trips["accommodated"], 0, 1),
        np.where(trips["exemption"].notna(), 2, 3),
    )
    return _labelled(trips["trip_id"], code, ["met", "not_met", "not_assessed", "not_applicable"])


def pandas_trip_manifest(trips: pd.DataFrame) -> pd.DataFrame:
    """Return whether each manifest was sent by the close of business the day before.

    The closing times are a few distinct texts: parsed once each (a categorical), then taken.
    """
    close = trips["close_of_business"].astype("category")
    each = pd.to_timedelta(close.cat.categories.astype(str) + ":00").to_numpy()
    deadline = (
        trips["service_date"].to_numpy()
        + each[close.cat.codes.to_numpy()]
        - np.timedelta64(MANIFEST_DAYS, "D")
    )
    return pd.DataFrame({"row": trips["trip_id"], "met": trips["sent_at"].to_numpy() <= deadline})


def pandas_nemt_exclusions(claims: pd.DataFrame) -> pd.DataFrame:
    """Return the exclusion each NEMT claim falls under (``none``)."""
    category = claims["category"]
    code = np.select(
        [
            category.isin(EXCLUDED),
            claims["hcbs_waiver_service"],
            category.isin(["escort", "accompanying_adult"]) & ~claims["mode"].isin(COMPANION_MODES),
        ],
        [1, 2, 3],
        0,
    )
    labels = [
        "none",
        "private automobile reimbursement",
        "service provided through an HCBS waiver",
        "separate escort or accompanying-adult payment",
    ]
    return pd.DataFrame(
        {"row": claims["claim_id"], "exclusion": pd.Categorical.from_codes(code, labels)}
    )


def pandas_percent_of_billed(claims: pd.DataFrame) -> pd.DataFrame:
    """Return each paid claim's §2.13.2 outcome."""
    excepted = claims["service_code"].isin(NO_MEDICARE_CODES) | (
        claims["billed_amount"] > claims["stop_loss_threshold"]
    )
    code = np.where(claims["pricing_method"] != PERCENT_METHOD, 2, np.where(excepted, 0, 1))
    return _labelled(claims["claim_id"], code, ["met", "not_met", "not_applicable"])


def pandas_global_obstetric(claims: pd.DataFrame) -> pd.DataFrame:
    """Return each claim's §2.12.7.32 outcome."""
    judged = claims["paid"] & claims["procedure_code"].isin(OBSTETRIC_CODES)
    code = np.where(judged, np.where(claims["encounters"] >= 1, 0, 1), 2)
    return _labelled(claims["claim_id"], code, ["met", "not_met", "not_applicable"])
