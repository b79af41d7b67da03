CREATE OR REPLACE VIEW v_cluster_summary AS
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
concentration AS (
  SELECT
    h.cluster_id,
    h.period,
    sum((CAST(h.hours AS double) / c.hours) * (CAST(h.hours AS double) / c.hours)) AS hhi
  FROM provider_hours h
  JOIN cluster_hours c ON c.cluster_id = h.cluster_id AND c.period = h.period
  WHERE c.hours > 0
  GROUP BY h.cluster_id, h.period
),
scored AS (
  -- One row per provider registered in the cluster and scored in the month.
  SELECT r.cluster_id, s.provider_id, s.period, s.overall_rating, m.risk_tier
  FROM (SELECT DISTINCT cluster_id, provider_id FROM provider_register) r
  JOIN v_scorecards s ON s.provider_id = r.provider_id
  LEFT JOIN v_risk_matrix m ON m.provider_id = s.provider_id AND m.period = s.period
),
counts AS (
  SELECT
    cluster_id,
    period,
    count(DISTINCT provider_id) AS providers,
    count(CASE WHEN overall_rating = 'Outstanding' THEN 1 END) AS outstanding,
    count(CASE WHEN overall_rating = 'Good' THEN 1 END) AS good,
    count(CASE WHEN overall_rating = 'Requires improvement' THEN 1 END) AS requires_improvement,
    count(CASE WHEN overall_rating = 'Inadequate' THEN 1 END) AS inadequate,
    count(CASE WHEN overall_rating = 'Not scored' THEN 1 END) AS not_scored,
    count(CASE WHEN risk_tier = 'Low' THEN 1 END) AS low,
    count(CASE WHEN risk_tier = 'Moderate' THEN 1 END) AS moderate,
    count(CASE WHEN risk_tier = 'High' THEN 1 END) AS high,
    count(CASE WHEN risk_tier = 'Critical' THEN 1 END) AS critical
  FROM scored
  GROUP BY cluster_id, period
),
cluster_months AS (
  SELECT cluster_id, period FROM counts
  UNION
  SELECT cluster_id, period FROM cluster_hours
)
SELECT
  cm.cluster_id,
  cl.cluster_name,
  cm.period,
  coalesce(n.providers, 0) AS providers,
  round(coalesce(h.hours, 0), 2) AS commissioned_hours,
  round(x.hhi, 6) AS hhi,
  coalesce(n.outstanding, 0) AS outstanding,
  coalesce(n.good, 0) AS good,
  coalesce(n.requires_improvement, 0) AS requires_improvement,
  coalesce(n.inadequate, 0) AS inadequate,
  coalesce(n.not_scored, 0) AS not_scored,
  coalesce(n.low, 0) AS low,
  coalesce(n.moderate, 0) AS moderate,
  coalesce(n.high, 0) AS high,
  coalesce(n.critical, 0) AS critical
FROM cluster_months cm
LEFT JOIN counts n ON n.cluster_id = cm.cluster_id AND n.period = cm.period
LEFT JOIN cluster_hours h ON h.cluster_id = cm.cluster_id AND h.period = cm.period
LEFT JOIN concentration x ON x.cluster_id = cm.cluster_id AND x.period = cm.period
LEFT JOIN clusters cl ON cl.cluster_id = cm.cluster_id
