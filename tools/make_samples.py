"""Write the bundled sample inputs of member months and community tenure, deterministically.

From the project root::

    python tools/make_samples.py

writes ``tenncare_calc/data/samples/enrollment_spans_2008.csv`` (enrollment spans: ``member_id``,
``start_date``, ``end_date``) and ``tenncare_calc/data/samples/mental_health_stays_2008.csv``
(inpatient mental-health stays: ``member_id``, ``admit_date``, ``discharge_date``, ``plan``).
They are small (a few hundred rows) and made by a seeded generator with the shapes real data has:
spans that overlap, duplicate rows, open ends, spans crossing the year's ends and same-day spans;
transfers, readmissions on day 30 and day 31, stays still in hospital and December discharges
whose 30-day window is not yet complete. ``tests/test_samples.py`` checks that the committed files
are exactly what this script writes.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from pathlib import Path

SAMPLES = Path(__file__).resolve().parent.parent / "tenncare_calc" / "data" / "samples"
SPANS = "enrollment_spans_2008.csv"
STAYS = "mental_health_stays_2008.csv"
PLANS = ("east", "middle", "west")
DAY = dt.timedelta(days=1)


def _day(generator: random.Random, first: dt.date, last: dt.date) -> dt.date:
    """Return a day from ``first`` to ``last`` (``first`` when the range is empty)."""
    return first + DAY * generator.randrange(max((last - first).days, 0) + 1)


def _text(day: dt.date | None) -> str:
    return "" if day is None else day.isoformat()


def spans_rows(seed: int = 2008, members: int = 140) -> list[tuple[str, str, str]]:
    """Return the enrollment spans: a few per member, in the shapes real enrollment has."""
    generator = random.Random(seed)
    rows: list[tuple[str, str, str]] = []
    for number in range(members):
        member = str(100001 + number)
        shape = generator.randrange(8)
        start = _day(generator, dt.date(2006, 7, 1), dt.date(2008, 10, 31))
        if shape == 0:  # enrolled since before the year, open-ended
            rows.append((member, _text(start), ""))
        elif shape == 1:  # leaves during the year
            end = _day(generator, max(start, dt.date(2008, 1, 1)), dt.date(2008, 12, 31))
            rows.append((member, _text(start), _text(end)))
        elif shape == 2:  # a gap, then re-enrolled and open-ended
            end = _day(generator, start, dt.date(2008, 6, 30))
            again = end + DAY * generator.randrange(20, 90)
            rows.extend([(member, _text(start), _text(end)), (member, _text(again), "")])
        elif shape == 3:  # an overlapping re-enrolment
            end = _day(generator, start, dt.date(2009, 3, 31))
            overlap = max(start, end - DAY * generator.randrange(1, 40))
            rows.extend(
                [
                    (member, _text(start), _text(end)),
                    (member, _text(overlap), _text(end + DAY * 45)),
                ]
            )
        elif shape == 4:  # the same span sent twice
            end = _day(generator, start, dt.date(2009, 6, 30))
            rows.extend([(member, _text(start), _text(end))] * 2)
        elif shape == 5:  # monthly spans, the way some systems store enrolment
            first = dt.date(2008, generator.randrange(1, 13), 1)
            for _ in range(generator.randrange(2, 6)):
                following = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
                rows.append((member, _text(first), _text(following - DAY)))
                first = following
        elif shape == 6:  # a one-day span and a span outside the year
            day = _day(generator, dt.date(2008, 1, 1), dt.date(2008, 12, 31))
            rows.extend([(member, _text(day), _text(day)), (member, "2006-01-01", "2006-12-31")])
        else:  # crosses the year's end into 2009
            begin = _day(generator, dt.date(2008, 9, 1), dt.date(2008, 12, 31))
            rows.append((member, _text(begin), _text(begin + DAY * generator.randrange(10, 120))))
    return rows


def stays_rows(seed: int = 2009, members: int = 90) -> list[tuple[str, str, str, str]]:
    """Return the inpatient mental-health stays, one to four per member, with a plan each."""
    generator = random.Random(seed)
    rows: list[tuple[str, str, str, str]] = []
    gaps = (0, 1, 5, 12, 29, 30, 31, 45, 90, 200)  # days from a discharge to the next admission
    for number in range(members):
        member = str(500001 + number)
        plan = PLANS[generator.randrange(len(PLANS))]
        admit = _day(generator, dt.date(2007, 11, 1), dt.date(2008, 12, 20))
        for _ in range(generator.randrange(1, 5)):
            length = generator.randrange(1, 15)
            discharge: dt.date | None = admit + DAY * length
            if discharge is not None and discharge > dt.date(2009, 1, 25):
                discharge = None  # still in hospital when the data was drawn
            rows.append((member, _text(admit), _text(discharge), plan))
            if discharge is None:
                break
            admit = discharge + DAY * gaps[generator.randrange(len(gaps))]
            if admit > dt.date(2009, 1, 31):
                break
    return rows


def _csv(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def sample_texts() -> dict[str, str]:
    """Return each sample file's name and its text."""
    return {
        SPANS: _csv(("member_id", "start_date", "end_date"), list(spans_rows())),
        STAYS: _csv(("member_id", "admit_date", "discharge_date", "plan"), list(stays_rows())),
    }


def main() -> None:
    """Write the samples into the package's samples folder."""
    for name, text in sample_texts().items():
        (SAMPLES / name).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
