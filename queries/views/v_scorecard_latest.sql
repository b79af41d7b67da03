CREATE OR REPLACE VIEW v_scorecard_latest AS
-- Each provider's row for the latest complete month (v_month_completeness), or its latest row
-- before that month when it was not scored in it. A month still awaiting returns is not shown.
SELECT
  s.provider_id,
  s.period,
  s.overall_score,
  s.overall_rating,
  s.overall_rating_before_cap,
  s.quality_rating,
  s.cost_flex_rating,
  s.delivery_rating,
  s.relationship_rating,
  s.workforce_rating,
  s.overall_limiters,
  s.level3_triggers,
  s.worst_cqc_rating,
  s.method_version,
  s.provider_name
FROM v_scorecards s
JOIN (
  SELECT c.provider_id, max(c.period) AS period
  FROM v_scorecards c
  JOIN v_month_completeness m ON m.latest_complete AND c.period <= m.period
  GROUP BY c.provider_id
) l ON l.provider_id = s.provider_id AND l.period = s.period
