CREATE OR REPLACE VIEW v_action_list AS
-- The commissioners' report's "Providers needing action", for every month: risk tier High or
-- Critical, a level 3 override or trigger, or an active level 3 sanction at month end; with every
-- reason, worded once here (the report and the high-risk view show these words).
WITH month_end_sanctions AS (
  -- Sanctions active at the end of the month (METHODOLOGY §1). Months compare as 'YYYY-MM' text:
  -- evidenced by month end = evidenced in or before the month.
  SELECT r.provider_id, r.period, max(s.level) AS max_level
  FROM v_risk_matrix r
  JOIN sanctions s ON s.provider_id = r.provider_id
  WHERE substr(CAST(s.evidenced_on AS varchar), 1, 7) <= r.period
    AND (s.lifted_on IS NULL OR substr(CAST(s.lifted_on AS varchar), 1, 7) > r.period)
  GROUP BY r.provider_id, r.period
),
flagged AS (
  SELECT
    r.provider_id,
    r.provider_name,
    r.period,
    r.likelihood,
    r.impact,
    r.risk_score,
    r.risk_tier,
    r.intensity,
    r.maturity,
    r.impact_basis,
    r.max_market_share,
    c.overall_score,
    c.overall_rating,
    c.worst_cqc_rating,
    coalesce(c.level3_triggers, '') AS level3_triggers,
    coalesce(m.max_level, 0) AS max_active_level,
    -- Codes are wrapped in commas so that a code is matched whole.
    ',' || coalesce(r.factors, '') || ',' AS f,
    ',' || coalesce(c.level3_triggers, '') || ',' AS t
  FROM v_risk_matrix r
  LEFT JOIN v_scorecards c ON c.provider_id = r.provider_id AND c.period = r.period
  LEFT JOIN month_end_sanctions m ON m.provider_id = r.provider_id AND m.period = r.period
)
SELECT
  f.provider_id,
  f.provider_name,
  f.period,
  f.likelihood,
  f.impact,
  f.risk_score,
  f.risk_tier,
  f.intensity,
  f.maturity,
  f.overall_score,
  f.overall_rating,
  f.impact_basis,
  f.max_market_share,
  f.level3_triggers,
  f.max_active_level,
  -- Each reason contributes '; text' or ''; substr drops the leading separator.
  substr(
    CASE
      WHEN f.overall_rating IN ('Requires improvement', 'Inadequate') THEN '; Overall rating ' || f.overall_rating
      WHEN f.overall_rating = 'Not scored' THEN '; Overall rating not scored'
      ELSE ''
    END
    || CASE
      WHEN strpos(f.f, ',F1_CQC,') > 0 THEN '; CQC rating ' || coalesce(f.worst_cqc_rating, 'Requires improvement or worse')
      ELSE ''
    END
    || CASE
      WHEN strpos(f.f, ',F2_SANCTION_L2,') > 0 OR f.max_active_level >= 3
        THEN '; active level ' || CAST(greatest(f.max_active_level, 2) AS varchar) || ' sanction'
      ELSE ''
    END
    || CASE WHEN strpos(f.f, ',F3_SAFEGUARDING,') > 0 THEN '; substantiated safeguarding concern in the last 3 months' ELSE '' END
    || CASE WHEN strpos(f.f, ',F4_EPISODES,') > 0 THEN '; more than 3 sanctions in the last 12 months' ELSE '' END
    || CASE WHEN strpos(f.f, ',F5_RETURNS,') > 0 THEN '; returns for this month and last month late or missing' ELSE '' END
    || CASE WHEN strpos(f.f, ',F6_DECLINE,') > 0 THEN '; overall score fell by 0.5 or more in 3 months' ELSE '' END
    || CASE WHEN strpos(f.t, ',SCORECARD_QUALITY_INADEQUATE,') > 0 THEN '; Level 3 trigger: quality rated Inadequate' ELSE '' END
    || CASE WHEN strpos(f.t, ',SCORECARD_DELIVERY_INADEQUATE,') > 0 THEN '; Level 3 trigger: delivery rated Inadequate' ELSE '' END
    || CASE WHEN strpos(f.t, ',CQC_WARNING_NOTICE,') > 0 THEN '; Level 3 trigger: CQC warning notice' ELSE '' END
    || CASE WHEN strpos(f.t, ',SIGNIFICANT_RISK,') > 0 THEN '; Level 3 trigger: significant risk reported' ELSE '' END
    || CASE WHEN strpos(f.t, ',NEEDS_NOT_MET,') > 0 THEN '; Level 3 trigger: needs not met' ELSE '' END
    || CASE
      WHEN f.impact_basis = 'market_share' AND f.impact >= 4
        THEN '; largest cluster market share ' || CAST(CAST(round(f.max_market_share * 100) AS integer) AS varchar) || '%'
      WHEN f.impact_basis = 'unknown' THEN '; no commissioned hours this month, so impact is assumed'
      ELSE ''
    END,
    3
  ) AS reasons
FROM flagged f
WHERE f.risk_tier IN ('High', 'Critical')
  OR strpos(f.f, ',L3,') > 0
  OR f.level3_triggers <> ''
  OR f.max_active_level >= 3
