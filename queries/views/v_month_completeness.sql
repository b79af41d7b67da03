CREATE OR REPLACE VIEW v_month_completeness AS
-- How complete each scored month is, and which month the 'latest' views report. A month is
-- complete once nothing more is expected for it: its monthly returns' due date has passed (from
-- the day after it), or every provider scored in it has a return received or judged missing.
-- Council feeds are shown but do not decide completeness: a council may never send some of them.
WITH scored AS (
  SELECT period, count(*) AS providers_scored
  FROM v_scorecards
  GROUP BY period
),
returns AS (
  SELECT
    period,
    count(CASE WHEN status IN ('on_time', 'late') THEN 1 END) AS returns_received,
    count(CASE WHEN status = 'missing' THEN 1 END) AS returns_missing,
    max(due_at) AS due_at
  FROM submission_compliance
  WHERE return_type = 'monthly-return'
  GROUP BY period
),
hours AS (
  SELECT period, count(DISTINCT provider_id) AS providers_with_hours
  FROM commissioned_hours
  GROUP BY period
),
offer_counts AS (
  SELECT period, count(*) AS offers
  FROM offers
  GROUP BY period
),
months AS (
  SELECT
    s.period,
    s.providers_scored,
    coalesce(r.returns_received, 0) AS returns_received,
    coalesce(r.returns_missing, 0) AS returns_missing,
    s.providers_scored - coalesce(r.returns_received, 0) - coalesce(r.returns_missing, 0) AS returns_awaited,
    r.due_at,
    coalesce(h.providers_with_hours, 0) AS providers_with_hours,
    coalesce(o.offers, 0) AS offers,
    coalesce(CAST(r.due_at AS date) < current_date, false)
      OR s.providers_scored = coalesce(r.returns_received, 0) + coalesce(r.returns_missing, 0) AS complete
  FROM scored s
  LEFT JOIN returns r ON r.period = s.period
  LEFT JOIN hours h ON h.period = s.period
  LEFT JOIN offer_counts o ON o.period = s.period
),
reported AS (
  -- The latest complete month; while no month is complete, the latest scored month.
  SELECT coalesce(max(CASE WHEN complete THEN period END), max(period)) AS period
  FROM months
)
SELECT
  m.period,
  m.providers_scored,
  m.returns_received,
  m.returns_missing,
  m.returns_awaited,
  m.due_at,
  m.providers_with_hours,
  m.offers,
  m.complete,
  m.period = r.period AS latest_complete
FROM months m
CROSS JOIN reported r
