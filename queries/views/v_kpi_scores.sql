CREATE OR REPLACE VIEW v_kpi_scores AS
SELECT
  t.provider_id,
  t.period,
  t.kpi_id,
  t.kpi_name,
  t.area,
  t.numerator,
  t.denominator,
  t.value,
  t.points,
  t.weight,
  t.method_version,
  n.provider_name
FROM kpi_scores t
LEFT JOIN (
  -- One name per provider: the register has a row per branch.
  SELECT provider_id, min(provider_name) AS provider_name
  FROM provider_register
  GROUP BY provider_id
) n ON n.provider_id = t.provider_id
