CREATE OR REPLACE VIEW v_alerts AS
SELECT
  t.alert_type,
  t.severity,
  t.provider_id,
  t.period,
  t.message,
  t.first_raised_at,
  t.alert_key,
  n.provider_name
FROM alerts t
LEFT JOIN (
  -- One name per provider: the register has a row per branch.
  SELECT provider_id, min(provider_name) AS provider_name
  FROM provider_register
  GROUP BY provider_id
) n ON n.provider_id = t.provider_id
