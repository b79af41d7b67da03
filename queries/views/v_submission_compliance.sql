CREATE OR REPLACE VIEW v_submission_compliance AS
SELECT
  provider_id,
  period,
  return_type,
  due_at,
  received_at,
  status,
  days_late,
  submission_id,
  method_version
FROM submission_compliance
