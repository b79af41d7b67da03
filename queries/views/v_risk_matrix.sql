CREATE OR REPLACE VIEW v_risk_matrix AS
SELECT
  provider_id,
  period,
  likelihood,
  likelihood_base,
  impact,
  risk_score,
  risk_tier,
  factors,
  impact_basis,
  max_market_share,
  maturity,
  maturity_months,
  intensity,
  method_version
FROM risk_matrix
