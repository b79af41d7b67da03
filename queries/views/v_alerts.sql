CREATE OR REPLACE VIEW v_alerts AS
SELECT
  alert_type,
  severity,
  provider_id,
  period,
  message,
  first_raised_at,
  alert_key,
  -- pending, notified, backfilled (a first run's history: stored, never sent) or withdrawn;
  -- rows stored before the column existed are pending until notified.
  COALESCE(status, CASE WHEN notified_at IS NULL THEN 'pending' ELSE 'notified' END) AS status,
  withdrawn_at,
  withdrawn_reason
FROM alerts
