CREATE OR REPLACE VIEW v_scorecard_latest AS
SELECT
  s.provider_id,
  s.period,
  s.overall_score,
  s.overall_rating,
  s.overall_rating_before_cap,
  s.quality_rating,
  s.cost_flex_rating,
  s.delivery_rating,
  s.relationship_rating,
  s.workforce_rating,
  s.overall_limiters,
  s.level3_triggers,
  s.worst_cqc_rating,
  s.method_version
FROM v_scorecards s
JOIN (
  SELECT provider_id, max(period) AS period
  FROM v_scorecards
  GROUP BY provider_id
) l ON l.provider_id = s.provider_id AND l.period = s.period
