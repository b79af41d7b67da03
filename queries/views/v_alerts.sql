CREATE OR REPLACE VIEW v_alerts AS
SELECT
  t.alert_type,
  t.severity,
  t.provider_id,
  t.period,
  t.message,
  t.first_raised_at,
  t.alert_key,
  n.provider_name,
  -- pending, notified, backfilled (a first run's history: stored, never sent) or withdrawn;
  -- rows stored before the column existed are pending until notified.
  COALESCE(t.status, CASE WHEN t.notified_at IS NULL THEN 'pending' ELSE 'notified' END) AS status,
  t.withdrawn_at,
  t.withdrawn_reason,
  t.acknowledged_at,
  t.acknowledged_by
FROM alerts t
LEFT JOIN (
  -- One name per provider: the register has a row per branch.
  SELECT provider_id, min(provider_name) AS provider_name
  FROM provider_register
  GROUP BY provider_id
) n ON n.provider_id = t.provider_id
