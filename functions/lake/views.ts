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

/** The lower-cased words of SQL text, comments and literals included (a name there counts too). */
function words(sql: string): Set<string> {
  return new Set(sql.toLowerCase().match(/[a-z_][a-z0-9_$]*/g) ?? []);
}

function namesIn(found: Set<string>, known: Iterable<string>): Set<string> {
  return new Set([...known].filter((name) => found.has(name.toLowerCase())));
}

/**
 * Words that make a statement read the catalogue itself (SHOW TABLES, information_schema,
 * duckdb_views(), …) or name tables only at run time (query('…'), query_table(…)): such a statement
 * needs every table and view to answer as it would with all of them created.
 */
const catalogueWords = new Set([
  'show',
  'information_schema',
  'pg_catalog',
  'sqlite_master',
  'sqlite_schema',
  'sqlite_temp_master',
  'pragma',
  'query',
  'query_table',
]);

/**
 * The names among `known` a statement may read: every known name appearing as a word anywhere in
 * it (a conservative scan: a name in a comment or a string counts), or 'all' when the statement
 * reads the catalogue or names tables only at run time.
 */
export function namesReferenced(sql: string, known: Iterable<string>): Set<string> | 'all' {
  const found = words(sql);
  for (const word of found) {
    if (catalogueWords.has(word) || word.startsWith('duckdb_') || word.startsWith('pragma_')) return 'all';
  }
  const names = namesIn(found, known);
  // DESCRIBE with no table named lists every table.
  if (names.size === 0 && found.has('describe')) return 'all';
  return names;
}

/**
 * Each view's direct dependencies: the views and base tables (`tables`) its file names, itself
 * excepted. Read once per engine; over-counting (a name in a comment) only creates a table early.
 */
export function viewDependencies<V extends { name: string; sql: string }>(
  views: readonly V[],
  tables: readonly string[],
): Map<V['name'], Set<string>> {
  const known = [...views.map((view) => view.name), ...tables];
  return new Map(
    views.map((view) => {
      const names = namesIn(words(view.sql), known);
      names.delete(view.name);
      return [view.name, names];
    }),
  );
}
