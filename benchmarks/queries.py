"""The DuckDB SQL of the member-months and community-tenure benchmarks: the best queries we know.

``run.py`` runs them on DuckDB's own tables; ``duckdb_csv.py`` runs the same text on
``read_csv(...)`` of a CSV file, in a process of its own. This module imports nothing, so that
process loads DuckDB and nothing else.

Both queries need **one** window, in ``(start, end)`` order within each member:

* **Member months** (ruling MM1: overlapping and duplicate spans never count a day twice; an open
  end runs to the end of the year): clip each span to the year; each span keeps only its days
  after the running maximum end of the member's earlier spans, ``greatest(s, max(e) OVER (...
  ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) + 1)``. Those pieces are disjoint and cover
  exactly the member's enrolled days (a span wholly inside earlier ones keeps nothing: its piece
  starts after it ends). There are at most a few tens of thousands of distinct ``(start, end)``
  pieces in a year, so they are counted by ``GROUP BY`` and only those are overlapped with the
  twelve months. This replaces a query that numbered islands with a second window (a running
  ``sum``), grouped by island, then joined the months: about twice as slow.
* **Community tenure** (ruling P7): in ``(admit, discharge, plan)`` order within each member, the
  running maximum discharge (an open stay counts as ``9999-12-31``) is how far the member's
  episode reaches so far, and ``lead(admit)`` the next stay's admission. A stay ends its episode
  when the next stay is admitted after that reach (an admission on the discharge day is a
  transfer) or there is none: the reach is then the episode's discharge and the next admission
  the possible readmission. The episode's plan is the plan of the stay that discharged it (the
  latest discharge, then the latest admission, then the plan last in sorted order): a running
  ``arg_max(plan, (d, a, plan))`` over the same window, which never reaches into an earlier
  episode because every stay of an earlier episode was discharged before this one's first
  admission. This replaces two windows, a ``GROUP BY`` episode and a third window for ``lead``:
  about 1.6 times as slow.
"""

from __future__ import annotations

OPEN_DISCHARGE = "9999-12-31"  # a stay still in hospital: never an index episode


def member_months_sql(year: int, source: str = "spans") -> str:
    """Return the query giving ``(month, member_days)`` for the twelve months of ``year``.

    ``source`` is a table name or a table function such as ``read_csv('spans.csv')`` with the
    columns ``member_id``, ``start_date`` and ``end_date`` (null: open-ended).
    """
    first, last = f"DATE '{year}-01-01'", f"DATE '{year}-12-31'"
    return f"""
WITH clipped AS (
    SELECT member_id,
           greatest(start_date, {first}) AS s,
           least(coalesce(end_date, {last}), {last}) AS e
    FROM {source}
    WHERE start_date <= {last} AND coalesce(end_date, {last}) >= {first}
), pieces AS (
    -- the days of each span after the reach of the member's earlier spans; greatest() ignores
    -- the NULL of a member's first span
    SELECT greatest(s, max(e) OVER (PARTITION BY member_id ORDER BY s, e
                                    ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) + 1) AS s,
           e
    FROM clipped
), distinct_pieces AS (
    SELECT s, e, count(*) AS pieces FROM pieces WHERE s <= e GROUP BY s, e
), months AS (
    SELECT m::DATE AS m, (m + INTERVAL 1 MONTH)::DATE - 1 AS m_end
    FROM generate_series({first}, DATE '{year}-12-01', INTERVAL 1 MONTH) AS t(m)
)
SELECT m AS month, coalesce(sum(pieces * (least(e, m_end) - greatest(s, m) + 1)), 0) AS member_days
FROM months LEFT JOIN distinct_pieces ON s <= m_end AND e >= m  -- a month with no one: 0
GROUP BY m ORDER BY m
"""


def community_tenure_sql(year: int, through: str, window: int, source: str = "stays") -> str:
    """Return the query giving ``(plan, denominator, readmitted, incomplete)`` for ``year``.

    ``through`` is the data's completeness date (``YYYY-MM-DD``) and ``window`` the readmission
    window in days; ``source`` a table or table function with ``member_id``, ``admit_date``,
    ``discharge_date`` (null: still in hospital) and ``plan``.
    """
    complete = f"reach + {window} <= DATE '{through}'"
    return f"""
WITH running AS (
    SELECT max(d) OVER w AS reach,
           lead(a) OVER member_order AS next_a,
           arg_max(plan, (d, a, plan)) OVER w AS discharging_plan
    FROM (SELECT member_id, plan, admit_date AS a,
                 coalesce(discharge_date, DATE '{OPEN_DISCHARGE}') AS d
          FROM {source})
    WINDOW member_order AS (PARTITION BY member_id ORDER BY a, d, plan),
           w AS (member_order ROWS UNBOUNDED PRECEDING)
)
SELECT discharging_plan AS plan,
       count(*) FILTER (WHERE {complete}) AS denominator,
       count(*) FILTER (WHERE {complete} AND next_a - reach <= {window}) AS readmitted,
       count(*) FILTER (WHERE NOT ({complete})) AS incomplete
FROM running
WHERE (next_a IS NULL OR next_a > reach)  -- the stay ends its episode
  AND reach BETWEEN DATE '{year}-01-01' AND DATE '{year}-12-31'
GROUP BY discharging_plan ORDER BY discharging_plan
"""
