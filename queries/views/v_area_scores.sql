CREATE OR REPLACE VIEW v_area_scores AS
SELECT
  provider_id,
  period,
  area,
  score,
  effective_score,
  rating,
  rating_before_limiters,
  limiters,
  method_version
FROM area_scores
