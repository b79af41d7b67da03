CREATE OR REPLACE VIEW v_kpi_scores AS
SELECT
  provider_id,
  period,
  kpi_id,
  kpi_name,
  area,
  numerator,
  denominator,
  value,
  points,
  weight,
  method_version
FROM kpi_scores
