CREATE OR REPLACE VIEW v_scorecards AS
SELECT
  t.provider_id,
  t.period,
  t.overall_score,
  t.overall_rating,
  t.overall_rating_before_cap,
  t.quality_rating,
  t.cost_flex_rating,
  t.delivery_rating,
  t.relationship_rating,
  t.workforce_rating,
  t.overall_limiters,
  t.level3_triggers,
  t.worst_cqc_rating,
  t.method_version,
  n.provider_name
FROM scorecards t
LEFT JOIN (
  -- One name per provider: the register has a row per branch.
  SELECT provider_id, min(provider_name) AS provider_name
  FROM provider_register
  GROUP BY provider_id
) n ON n.provider_id = t.provider_id
