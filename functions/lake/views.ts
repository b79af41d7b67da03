// The views of CONTRACTS §4, in creation order: a view comes after every view it reads. The SQL is
// kept exactly as written in queries/views, because the same files go to Athena unchanged.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from './package-root.ts';

export const viewNames = [
  'v_submissions',
  'v_submission_compliance',
  'v_kpi_scores',
  'v_area_scores',
  'v_scorecards',
  'v_month_completeness',
  'v_scorecard_latest',
  'v_risk_matrix',
  'v_action_list',
  'v_high_risk_providers',
  'v_referral_status',
  'v_cluster_summary',
  'v_market_share',
  'v_alerts',
] as const;

export type ViewName = (typeof viewNames)[number];

export interface ViewDefinition {
  name: ViewName;
  /** The file's text, unchanged. */
  sql: string;
}

/** The package's queries/views (the same from source and from the CLI's build in dist/). */
export function viewsDir(): string {
  return join(packageRoot(), 'queries', 'views');
}

export function viewFile(name: ViewName, dir = viewsDir()): string {
  return join(dir, `${name}.sql`);
}

export function loadViews(dir = viewsDir()): ViewDefinition[] {
  return viewNames.map((name) => ({ name, sql: readFileSync(viewFile(name, dir), 'utf8') }));
}
