CREATE OR REPLACE VIEW v_submissions AS
SELECT
  submission_id,
  provider_id,
  input_type,
  period,
  -- The ledger keeps instants as ISO text in UTC ('…T09:30:00.000Z'); both engines cast the
  -- 'YYYY-MM-DD HH:MM:SS.mmm' form, so no dialect-specific parse function is needed.
  CAST(replace(substr(received_at, 1, 23), 'T', ' ') AS timestamp) AS received_at,
  status,
  rows_read,
  rows_accepted,
  rows_rejected,
  sha256,
  file_name,
  errors,
  warnings,
  CAST(replace(substr(processed_at, 1, 23), 'T', ' ') AS timestamp) AS processed_at
FROM submissions
