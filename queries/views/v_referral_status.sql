CREATE OR REPLACE VIEW v_referral_status AS
WITH providers AS (
  SELECT provider_id, min(provider_name) AS provider_name
  FROM provider_register
  GROUP BY provider_id
),
active AS (
  -- Active today: evidenced on or before today and not yet lifted.
  SELECT provider_id, sanction_id, level, "trigger"
  FROM sanctions
  WHERE evidenced_on <= current_date
    AND (lifted_on IS NULL OR lifted_on > current_date)
),
max_level AS (
  SELECT provider_id, max(level) AS max_active_level
  FROM active
  GROUP BY provider_id
),
level3 AS (
  SELECT
    provider_id,
    array_join(array_agg(sanction_id || ': ' || "trigger" ORDER BY sanction_id || ': ' || "trigger"), ', ') AS reasons
  FROM active
  WHERE level = 3
  GROUP BY provider_id
)
SELECT
  p.provider_id,
  p.provider_name,
  coalesce(m.max_active_level, 0) >= 3 AS embargoed,
  coalesce(m.max_active_level, 0) AS max_active_level,
  coalesce(l.reasons, '') AS reasons
FROM providers p
LEFT JOIN max_level m ON m.provider_id = p.provider_id
LEFT JOIN level3 l ON l.provider_id = p.provider_id
