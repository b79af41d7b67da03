CREATE OR REPLACE VIEW v_submission_compliance AS
SELECT
  t.provider_id,
  t.period,
  t.return_type,
  t.due_at,
  t.received_at,
  t.status,
  t.days_late,
  t.submission_id,
  t.method_version,
  n.provider_name
FROM submission_compliance t
LEFT JOIN (
  -- One name per provider: the register has a row per branch.
  SELECT provider_id, min(provider_name) AS provider_name
  FROM provider_register
  GROUP BY provider_id
) n ON n.provider_id = t.provider_id
