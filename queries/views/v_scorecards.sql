CREATE OR REPLACE VIEW v_scorecards AS
SELECT
  provider_id,
  period,
  overall_score,
  overall_rating,
  overall_rating_before_cap,
  quality_rating,
  cost_flex_rating,
  delivery_rating,
  relationship_rating,
  workforce_rating,
  overall_limiters,
  level3_triggers,
  worst_cqc_rating,
  method_version
FROM scorecards
