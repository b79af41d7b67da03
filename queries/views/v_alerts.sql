CREATE OR REPLACE VIEW v_alerts AS
SELECT
  alert_type,
  severity,
  provider_id,
  period,
  message,
  first_raised_at,
  alert_key
FROM alerts
