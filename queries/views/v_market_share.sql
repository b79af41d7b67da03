-- Each provider's market share in each cluster and month (METHODOLOGY §6): its commissioned hours
-- there over the weeks ending in the month / all providers' commissioned hours there. The risk
-- matrix's impact uses a provider's largest share; v_cluster_summary's HHI sums their squares.
CREATE OR REPLACE VIEW v_market_share AS
WITH provider_hours AS (
  -- A week belongs to the month its week_ending date falls in.
  SELECT cluster_id, provider_id, substr(CAST(week_ending AS varchar), 1, 7) AS period, sum(hours) AS hours
  FROM commissioned_hours
  GROUP BY cluster_id, provider_id, substr(CAST(week_ending AS varchar), 1, 7)
),
cluster_hours AS (
  SELECT cluster_id, period, sum(hours) AS hours
  FROM provider_hours
  GROUP BY cluster_id, period
),
names AS (
  -- One name per provider: the register has a row per branch.
  SELECT provider_id, min(provider_name) AS provider_name
  FROM provider_register
  GROUP BY provider_id
)
SELECT
  h.cluster_id,
  cl.cluster_name,
  h.provider_id,
  n.provider_name,
  h.period,
  round(h.hours, 2) AS hours,
  round(c.hours, 2) AS cluster_hours,
  CASE WHEN c.hours > 0 THEN round(CAST(h.hours AS double) / c.hours, 6) END AS share
FROM provider_hours h
JOIN cluster_hours c ON c.cluster_id = h.cluster_id AND c.period = h.period
LEFT JOIN names n ON n.provider_id = h.provider_id
LEFT JOIN clusters cl ON cl.cluster_id = h.cluster_id
