CREATE OR REPLACE VIEW v_risk_matrix AS
SELECT
  t.provider_id,
  t.period,
  t.likelihood,
  t.likelihood_base,
  t.impact,
  t.risk_score,
  t.risk_tier,
  t.factors,
  t.impact_basis,
  t.max_market_share,
  t.maturity,
  t.maturity_months,
  t.intensity,
  t.method_version,
  n.provider_name
FROM risk_matrix t
LEFT JOIN (
  -- One name per provider: the register has a row per branch.
  SELECT provider_id, min(provider_name) AS provider_name
  FROM provider_register
  GROUP BY provider_id
) n ON n.provider_id = t.provider_id
