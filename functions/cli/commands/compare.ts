// carescore compare --method FILE [--period YYYY-MM]… [--as-of ISO] [--format table|json]: the lake
// scored in memory under the current method and under FILE; lists what would move. Writes nothing.
import { readFile } from 'node:fs/promises';
import { loadMethodConfig, type MethodConfig, MethodConfigError } from '../../domain/method/config.ts';
import { PeriodAfterLatestReturnError } from '../../domain/method/periods.ts';
import { publishedMethod } from '../../domain/method/published.ts';
import { InvalidPeriodError } from '../../domain/period.ts';
import { compareMethods, type MethodComparison, type Mover } from '../../pipeline/compare-methods.ts';
import {
  type Invocation,
  type Output,
  openLake,
  parseInstant,
  UsageError,
  UserFacingError,
} from '../args.ts';

/** A method JSON file, loaded and validated; each failure is one sentence naming the file. */
export async function readMethod(file: string, command = 'compare'): Promise<MethodConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UserFacingError(
      `Cannot read the method file ${file} (${code === 'ENOENT' ? 'no such file' : (code ?? String(e))}): give the path of a method JSON file, e.g. config/method-v2-example.json.`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new UserFacingError(
      `The method file ${file} is not JSON (${(e as Error).message}): fix it and run ${command} again.`,
    );
  }
  try {
    return loadMethodConfig(json);
  } catch (e) {
    if (e instanceof MethodConfigError)
      throw new UserFacingError(`The method file ${file} is not a valid method: ${e.issues.join('; ')}.`);
    throw e;
  }
}

const FIELD_NAMES: Record<string, string> = {
  overall_rating: 'overall',
  quality_rating: 'quality',
  cost_flex_rating: 'cost_flex',
  delivery_rating: 'delivery',
  relationship_rating: 'relationship',
  workforce_rating: 'workforce',
  risk_tier: 'risk tier',
  level3_triggers: 'Level 3 triggers',
};

const shown = (v: string) => (v === '' ? 'none' : v);
const pts = (p: number | null) => (p === null ? '–' : String(p));

function moverLine(m: Mover): string {
  const changes = m.changes.map(
    (c) => `${FIELD_NAMES[c.field] ?? c.field} ${shown(c.from)} → ${shown(c.to)}`,
  );
  const kpis = m.kpis.map((k) => {
    const weight =
      k.from_weight !== k.to_weight ? ` (weight ${pts(k.from_weight)} → ${pts(k.to_weight)})` : '';
    return `${k.kpi_id} ${pts(k.from_points)} → ${pts(k.to_points)}${weight}`;
  });
  return `  ${m.provider_id} ${m.direction}: ${changes.join('; ')}. KPIs: ${kpis.length ? kpis.join(', ') : 'none (area weights or bands only)'}`;
}

function table(c: MethodComparison): string[] {
  const lines = [
    `Method ${c.from_version} → ${c.to_version}, as of ${c.as_of}, ${c.periods.length} month(s); nothing written.`,
  ];
  if (c.area_weights.length > 0)
    lines.push(`Area weights: ${c.area_weights.map((w) => `${w.area} ${w.from} → ${w.to}`).join(', ')}.`);
  let period = '';
  for (const m of c.movers) {
    if (m.period !== period) {
      period = m.period;
      lines.push(period);
    }
    lines.push(moverLine(m));
  }
  if (c.movers.length === 0) lines.push('No provider-month would change.');
  const s = c.summary;
  lines.push(
    `Summary: ${s.up} up, ${s.down} down, ${s.other} with the same overall rating but another change, ${s.unchanged} unchanged (provider-months).`,
  );
  return lines;
}

export async function compareCommand(
  {
    values,
  }: Invocation<{ lake: string; method?: string; period?: string[]; 'as-of'?: string; format: string }>,
  io: Output,
): Promise<number> {
  if (values.format !== 'table' && values.format !== 'json')
    throw new UsageError('--format must be table or json.');
  if (!values.method) throw new UsageError('--method FILE is required: the method file to compare with.');
  const asOf = values['as-of'] ? parseInstant(values['as-of'], '--as-of') : new Date();
  const candidate = await readMethod(values.method);
  let comparison: MethodComparison;
  try {
    comparison = await compareMethods(openLake(values.lake), {
      asOf,
      current: publishedMethod(),
      candidate,
      ...(values.period ? { periods: values.period } : {}),
    });
  } catch (error) {
    if (error instanceof InvalidPeriodError || error instanceof PeriodAfterLatestReturnError)
      throw new UsageError(`--period ${error.message}`);
    throw error;
  }
  if (values.format === 'json') io.out(JSON.stringify(comparison, null, 2));
  else for (const line of table(comparison)) io.out(line);
  return 0;
}
