CREATE OR REPLACE VIEW v_high_risk_providers AS
-- Providers whose risk tier is High or Critical in their latest month up to the latest complete
-- month (v_month_completeness), with the reasons of v_action_list.
WITH latest AS (
  SELECT r.provider_id, max(r.period) AS period
  FROM v_risk_matrix r
  JOIN v_month_completeness m ON m.latest_complete AND r.period <= m.period
  GROUP BY r.provider_id
)
SELECT
  a.provider_id,
  a.provider_name,
  a.period,
  a.likelihood,
  a.impact,
  a.risk_score,
  a.risk_tier,
  a.intensity,
  a.reasons
FROM v_action_list a
JOIN latest l ON l.provider_id = a.provider_id AND l.period = a.period
WHERE a.risk_tier IN ('High', 'Critical')
