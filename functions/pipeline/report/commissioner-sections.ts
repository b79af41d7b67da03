// The sections of the commissioners' report (DOMAIN §2: the matrix as a picture, who needs action
// and why, trends, clusters). Each returns HTML in which every piece of data is escaped.
import { type MethodConfig, RISK_TIERS, type RiskTier } from '../../domain/method/config.ts';
import type { Alert, RatingOrNotScored, RiskMatrixRow, ScorecardRow } from '../../domain/method/results.ts';
import type { ActionProvider } from './commissioner-actions.ts';
import { type ClusterSummary, emptyRatingCounts, RATINGS_SHOWN } from './commissioner-clusters.ts';
import {
  fmtNumber,
  fmtPercent,
  londonStamp,
  longMonth,
  ratingBadge,
  swatchKey,
  tierBadge,
} from './commissioner-format.ts';
import { impactNote } from './commissioner-reasons.ts';
import { escapeHtml } from './html.ts';
import { riskMatrixSvg } from './svg-matrix.ts';
import { ratingSwatch, tierSwatch } from './svg-palette.ts';
import { type MonthValue, ratingBarsSvg, scoreLineSvg, sparklineSvg } from './svg-trend.ts';

/** A row of v_month_completeness (queries/views). */
export interface MonthCompleteness {
  period: string;
  providers_scored: number;
  returns_received: number;
  returns_missing: number;
  returns_awaited: number;
  providers_with_hours: number;
  offers: number;
  complete: boolean;
}

/** What every section reads, already narrowed to what the report month needs. */
export interface ReportContext {
  period: string;
  generatedAt: Date;
  /** provider id → name from the register; the id itself when the register does not know it. */
  name: (providerId: string) => string;
  monthCards: ScorecardRow[];
  monthRisk: RiskMatrixRow[];
  monthAlerts: Alert[];
  /** Scorecards of every period up to and including the report month, for trends. */
  history: ScorecardRow[];
  /** A provider's overall score in a period; null when not scored. */
  scoreAt: (providerId: string, period: string) => number | null;
  periods: string[];
  actions: ActionProvider[];
  clusters: ClusterSummary[];
  riskMatrix: RiskMatrixRow[];
  methodVersions: string[];
  /** The method that produced the month's rows: legends and bands are drawn from it. */
  method: MethodConfig;
  /** The month's returns and council feeds (v_month_completeness); undefined when not known. */
  completeness: MonthCompleteness | undefined;
}

const severityOrder = ['critical', 'high', 'medium', 'low'] as const;
const severityClass: Record<string, string> = { critical: 'bad', high: 'bad', medium: 'warn', low: 'ok' };

function countBy<K extends string>(keys: readonly K[], values: Iterable<string>): Record<K, number> {
  const out = Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
  for (const v of values) if (Object.hasOwn(out, v)) out[v as K] += 1;
  return out;
}

export function headerSection(ctx: ReportContext): string {
  const ratings = countBy(
    RATINGS_SHOWN,
    ctx.monthCards.map((s) => s.overall_rating),
  );
  const tiers = countBy(
    RISK_TIERS,
    ctx.monthRisk.map((r) => r.risk_tier),
  );
  const scored = ctx.monthCards.length - ratings['Not scored'];
  const bySeverity = countBy(
    severityOrder,
    ctx.monthAlerts.map((a) => a.severity),
  );
  const severityText = severityOrder
    .filter((s) => bySeverity[s] > 0)
    .map((s) => `${bySeverity[s]} ${s}`)
    .join(' · ');
  const ratingList = RATINGS_SHOWN.map(
    (r) => `<li>${swatchKey(ratingSwatch[r].fill)}<span>${escapeHtml(r)}</span><b>${ratings[r]}</b></li>`,
  ).join('');
  const tierList = RISK_TIERS.map(
    (t) => `<li>${swatchKey(tierSwatch[t].fill)}<span>${escapeHtml(t)}</span><b>${tiers[t]}</b></li>`,
  ).join('');
  const empty =
    ctx.monthCards.length === 0 && ctx.monthRisk.length === 0
      ? `<p class="notice" data-testid="empty-state">No provider has been scored for ${longMonth(ctx.period)} yet. The sections below will fill in once the month's returns have been scored.</p>`
      : '';
  return `<header class="report-head" data-testid="headline">
<p class="kicker">Home care commissioning · quality and risk report</p>
<h1>${longMonth(ctx.period)}</h1>
${completenessLine(ctx.completeness)}
<p class="muted">Generated ${londonStamp(ctx.generatedAt)} (London time) · method ${escapeHtml(ctx.methodVersions.join(', ') || 'not recorded')} · aggregate provider data, no personal data</p>
${empty}
<div class="cards">
<div class="card"><div class="num" data-testid="providers-scored">${scored}</div><div>providers scored${ratings['Not scored'] > 0 ? ` <span class="muted">(+${ratings['Not scored']} not scored)</span>` : ''}</div></div>
<div class="card"><div class="num" data-testid="action-count">${ctx.actions.length}</div><div>${ctx.actions.length === 1 ? 'provider needs' : 'providers need'} action</div></div>
<div class="card"><div class="num">${tiers.Critical}</div><div>Critical risk tier</div></div>
<div class="card"><div class="num" data-testid="alert-count">${ctx.monthAlerts.length}</div><div>alerts raised${severityText ? ` <span class="muted">(${escapeHtml(severityText)})</span>` : ''}</div></div>
</div>
<div class="split">
<div><h3>Overall rating</h3><ul class="tally" data-testid="rating-counts">${ratingList}</ul></div>
<div><h3>Risk tier</h3><ul class="tally" data-testid="tier-counts">${tierList}</ul></div>
</div>
</header>`;
}

/** How much of the month's data is in, so a reader knows how far to trust it. */
function completenessLine(c: MonthCompleteness | undefined): string {
  if (!c) return '';
  const awaited = c.returns_awaited > 0 ? `, ${c.returns_awaited} still awaited` : '';
  const missing = c.returns_missing > 0 ? `, ${c.returns_missing} missing` : '';
  const state = c.complete
    ? 'Complete: no more returns are expected for this month.'
    : 'Provisional: returns for this month are still expected, so it may change.';
  return `<p class="notice" data-testid="completeness">${escapeHtml(state)} Monthly returns received from ${c.returns_received} of ${c.providers_scored} providers scored${missing}${awaited}. Council feeds: commissioned hours for ${c.providers_with_hours} providers, ${c.offers} package offers.</p>`;
}

export function matrixSection(ctx: ReportContext): string {
  const legend = ctx.method.risk_tiers
    .map((t, i, all) => {
      const next = all[i + 1];
      const range = next ? `${t.min_score}–${next.min_score - 1}` : `${t.min_score}–25`;
      return `<li>${swatchKey(tierSwatch[t.tier].fill)}<span>${escapeHtml(t.tier)}</span><span class="muted">score ${escapeHtml(range)}</span></li>`;
    })
    .join('');
  return `<section aria-labelledby="matrix-h" class="keep">
<h2 id="matrix-h">Quality-and-risk matrix</h2>
<div class="matrix-wrap">
<figure>${riskMatrixSvg(ctx.riskMatrix, ctx.period, ctx.method)}</figure>
<div class="matrix-notes">
<p>Each square counts the providers at that <b>likelihood</b> of a quality or service failure (rows, 5 at the top) and <b>impact</b> on people and the market if they fail (columns, 5 at the right). The small figure in each corner is the risk score, likelihood × impact, which sets the tier.</p>
<ul class="tally">${legend}</ul>
<p class="muted">Providers in the High and Critical squares (top right) are listed below with the reasons.</p>
</div>
</div>
</section>`;
}

export function actionSection(ctx: ReportContext): string {
  const head = `<h2 id="action-h">Providers needing action</h2>
<p class="muted">High and Critical risk tiers, and any provider with a level 3 trigger or sanction, most at risk first.</p>`;
  if (ctx.actions.length === 0)
    return `<section aria-labelledby="action-h">${head}<table data-testid="action-list"><tbody><tr><td class="empty" data-testid="action-empty">No provider is in the High or Critical tier or has a level 3 trigger for ${longMonth(ctx.period)}.</td></tr></tbody></table></section>`;
  const good = ctx.method.ratings.bands.find((b) => b.rating === 'Good');
  const reference = good && { value: good.min_score, meaning: 'the lowest Good score' };
  const rows = ctx.actions.map((a) => {
    const r = a.risk;
    const s = a.scorecard;
    const reasons = a.reasons;
    const trend: MonthValue[] = ctx.periods.map((p) => ({
      period: p,
      value: ctx.scoreAt(a.provider_id, p),
    }));
    const name = ctx.name(a.provider_id);
    return `<tr data-testid="action-row" data-provider-id="${escapeHtml(a.provider_id)}">
<td><b>${escapeHtml(name)}</b><br><span class="muted">${escapeHtml(a.provider_id)}</span></td>
<td>${r ? tierBadge(r.risk_tier) : '–'}</td>
<td class="li">${r ? `<span class="nowrap">${escapeHtml(r.likelihood)} × ${escapeHtml(r.impact)} = <b>${escapeHtml(r.risk_score)}</b></span><br><span class="muted small">${escapeHtml(impactNote(r))}</span>` : '–'}</td>
<td>${s ? ratingBadge(s.overall_rating) : '–'}<br><span class="muted">score ${fmtNumber(s?.overall_score, 2)}</span></td>
<td>${r ? tierBadge(r.intensity) : '–'}<br><span class="muted">${r ? `${escapeHtml(r.maturity)}, ${escapeHtml(r.maturity_months)} months` : ''}</span></td>
<td class="why"><ul class="reasons" data-testid="reasons">${reasons.map((x) => `<li>${escapeHtml(x)}</li>`).join('')}</ul></td>
<td class="trend">${sparklineSvg(name, trend, reference)}</td>
</tr>`;
  });
  return `<section aria-labelledby="action-h">${head}
<table data-testid="action-list" class="action-list">
<thead><tr><th>Provider</th><th>Risk tier</th><th>Likelihood × impact</th><th>Overall rating</th><th>Intensity</th><th>Why</th><th>Overall score trend</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>
<p class="muted small" data-testid="trend-scale">Overall score trend: one point a month from ${longMonth(ctx.periods[0] ?? ctx.period)} to ${longMonth(ctx.period)} on the 1 (bottom) to 4 (top) scale${reference ? `; the dashed line is ${fmtNumber(reference.value, 2)}, ${escapeHtml(reference.meaning)}` : ''}. The figures under each line are the first and the latest score.</p>
${maturityKey(ctx.method)}
</section>`;
}

/** The method's maturity stages, in order, up to the first without an upper bound (later ones never apply). */
function maturityStages(method: MethodConfig): MethodConfig['maturity']['stages'] {
  const stages = method.maturity.stages;
  const open = stages.findIndex((st) => st.max_months === null);
  return open < 0 ? stages : stages.slice(0, open + 1);
}

/** A maturity stage's months since the contract started, from the method's upper bounds. */
function stageMonths(stages: MethodConfig['maturity']['stages'], i: number): string {
  const max = stages[i]!.max_months;
  const after = i > 0 ? stages[i - 1]!.max_months : null;
  if (max === null) return after === null ? 'any number of whole months' : `more than ${after} whole months`;
  return after === null ? `up to ${max} whole months` : `${after + 1} to ${max} whole months`;
}

/** What a maturity word means, from the method: its months since the contract started and its floor. */
function maturityMeaning(stages: MethodConfig['maturity']['stages'], i: number): string {
  const floor = stages[i]!.floor;
  return `${stageMonths(stages, i)} since the contract started; ${floor === null ? 'intensity is the risk tier' : `intensity is at least ${floor}, whatever the risk tier`}`;
}

/** A key to the maturity words shown under Intensity, written from the method the rows came from. */
function maturityKey(method: MethodConfig): string {
  const stages = maturityStages(method);
  const items = stages
    .map((st, i) => `<dt>${escapeHtml(st.stage)}</dt><dd>${escapeHtml(maturityMeaning(stages, i))}.</dd>`)
    .join('');
  return `<div class="maturity-key small"><p>Under <b>Intensity</b>, the word is the contract's maturity: whole months from its start to the first day of the report month, and the least contract-management intensity it calls for.</p><dl data-testid="maturity-key">${items}</dl></div>`;
}

export function alertSection(ctx: ReportContext): string {
  const head = `<h2 id="alerts-h">Alerts raised for ${longMonth(ctx.period)}</h2>`;
  if (ctx.monthAlerts.length === 0)
    return `<section aria-labelledby="alerts-h">${head}<p class="empty" data-testid="alert-empty">No alerts for this month.</p></section>`;
  const rank = (s: string) => {
    const i = (severityOrder as readonly string[]).indexOf(s);
    return i < 0 ? severityOrder.length : i;
  };
  const rows = [...ctx.monthAlerts]
    .sort(
      (a, b) =>
        rank(a.severity) - rank(b.severity) ||
        (a.provider_id < b.provider_id ? -1 : a.provider_id > b.provider_id ? 1 : 0) ||
        (a.alert_type < b.alert_type ? -1 : a.alert_type > b.alert_type ? 1 : 0),
    )
    .map(
      (a) =>
        `<tr data-testid="alert-row"><td><span class="badge ${severityClass[a.severity] ?? ''}">${escapeHtml(a.severity)}</span></td><td>${escapeHtml(ctx.name(a.provider_id))}<br><span class="muted">${escapeHtml(a.provider_id)}</span></td><td class="nowrap">${escapeHtml(a.alert_type)}</td><td>${escapeHtml(a.message)}</td></tr>`,
    );
  return `<section aria-labelledby="alerts-h">${head}
<table data-testid="alert-list"><thead><tr><th>Severity</th><th>Provider</th><th>Alert</th><th>Message</th></tr></thead><tbody>
${rows.join('\n')}
</tbody></table></section>`;
}

export function trendSection(ctx: ReportContext): string {
  const head = `<h2 id="trend-h">Rating trends</h2>`;
  if (ctx.periods.length === 0)
    return `<section aria-labelledby="trend-h">${head}<p class="empty" data-testid="trend-empty">No scored months yet.</p></section>`;
  const months = ctx.periods.map((p) => {
    const counts: Record<RatingOrNotScored, number> = emptyRatingCounts();
    for (const s of ctx.history)
      if (s.period === p && Object.hasOwn(counts, s.overall_rating)) counts[s.overall_rating] += 1;
    return { period: p, counts };
  });
  const average: MonthValue[] = ctx.periods.map((p) => {
    const scores = ctx.history
      .filter((s) => s.period === p && s.overall_score !== null && Number.isFinite(s.overall_score))
      .map((s) => s.overall_score as number);
    return { period: p, value: scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : null };
  });
  const bands = [
    ...ctx.method.ratings.bands.map((b) => ({ label: b.rating, min: b.min_score })),
    { label: ctx.method.ratings.otherwise, min: 1 },
  ];
  const legend = RATINGS_SHOWN.map(
    (r) => `<li>${swatchKey(ratingSwatch[r].fill)}<span>${escapeHtml(r)}</span></li>`,
  ).join('');
  return `<section aria-labelledby="trend-h" class="keep">${head}
<div class="split">
<figure><figcaption>Providers by overall rating, per month</figcaption>${ratingBarsSvg('trend-ratings', months, RATINGS_SHOWN)}<ul class="tally inline">${legend}</ul></figure>
<figure><figcaption>County average overall score (1–4), per month</figcaption>${scoreLineSvg('trend-average', 'County average overall score, per month', average, bands)}</figure>
</div>
</section>`;
}

export function clusterSection(ctx: ReportContext): string {
  const head = `<h2 id="cluster-h">Clusters, ${longMonth(ctx.period)}</h2>`;
  if (ctx.clusters.length === 0)
    return `<section aria-labelledby="cluster-h">${head}<table data-testid="cluster-table"><tbody><tr><td class="empty" data-testid="cluster-empty">No clusters or commissioned hours for this month.</td></tr></tbody></table></section>`;
  const ratingHeads = RATINGS_SHOWN.map(
    (r) =>
      `<th class="num" title="${escapeHtml(r)}">${swatchKey(ratingSwatch[r].fill)}${escapeHtml(abbrev[r])}</th>`,
  ).join('');
  const tierHeads = RISK_TIERS.map(
    (t) => `<th class="num">${swatchKey(tierSwatch[t].fill)}${escapeHtml(t)}</th>`,
  ).join('');
  const rows = ctx.clusters.map((c) => {
    const ratings = RATINGS_SHOWN.map(
      (r) => `<td class="num">${c.ratings[r] || '<span class="muted">0</span>'}</td>`,
    ).join('');
    const tiers = RISK_TIERS.map(
      (t: RiskTier) => `<td class="num">${c.tiers[t] || '<span class="muted">0</span>'}</td>`,
    ).join('');
    return `<tr data-testid="cluster-row" data-cluster-id="${escapeHtml(c.cluster_id)}">
<td><b>${escapeHtml(c.cluster_name || c.cluster_id)}</b>${c.cluster_name ? `<br><span class="muted">${escapeHtml(c.cluster_id)}</span>` : ''}</td>
<td class="num">${c.providers}</td>
<td class="num">${fmtNumber(c.commissioned_hours, 2)}</td>
<td class="num" data-testid="hhi">${fmtNumber(c.hhi, 3)}</td>
<td class="num share">${fmtPercent(c.largest_share)}${c.largest_provider_id ? `<br><span class="muted">${escapeHtml(ctx.name(c.largest_provider_id))}</span>` : ''}</td>
${ratings}${tiers}
</tr>`;
  });
  return `<section aria-labelledby="cluster-h">${head}
<table data-testid="cluster-table" class="cluster-table">
<thead>
<tr><th rowspan="2">Cluster</th><th rowspan="2" class="num">Providers</th><th rowspan="2" class="num">Commissioned hours</th><th rowspan="2" class="num">HHI</th><th rowspan="2" class="num">Largest share</th><th colspan="${RATINGS_SHOWN.length}" class="group">Overall rating</th><th colspan="${RISK_TIERS.length}" class="group">Risk tier</th></tr>
<tr>${ratingHeads}${tierHeads}</tr>
</thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>
<p class="muted small">O Outstanding · G Good · RI Requires improvement · I Inadequate · NS Not scored. Providers: those with a registered branch in the cluster or commissioned hours there this month; a provider working in several clusters is counted in each.</p>
</section>`;
}

const abbrev: Record<RatingOrNotScored, string> = {
  Outstanding: 'O',
  Good: 'G',
  'Requires improvement': 'RI',
  Inadequate: 'I',
  'Not scored': 'NS',
};

export function footerSection(ctx: ReportContext): string {
  return `<footer class="method" data-testid="method-note">
<h2>About this report</h2>
<p><b>Method version:</b> ${escapeHtml(ctx.methodVersions.join(', ') || 'not recorded')}.</p>
<p><b>Reading the matrix.</b> Likelihood (1–5) starts from the overall rating (Outstanding 1, Good 2, Requires improvement 3, Inadequate 4, Not scored 3) and rises by 1, to at most 5, for each factor that holds: CQC rating Requires improvement or worse; an active sanction at level 2 or above; a substantiated safeguarding concern in the last 3 months; more than 3 sanctions in 12 months; this month's and last month's returns late or missing; the overall score falling by 0.5 or more since 3 months ago. An active level 3 sanction or a level 3 trigger sets likelihood to 5. Impact (1–5) comes from the provider's largest share of commissioned hours in any cluster (under 10% → 1, under 20% → 2, under 35% → 3, up to 50% → 4, over 50% → 5; 3 when there are no hours). Risk score = likelihood × impact: 1–4 Low, 5–9 Moderate, 10–15 High, 16–25 Critical. Contract-management intensity is the risk tier, raised for a new contract to the floor of its maturity stage: ${maturityStages(
    ctx.method,
  )
    .map(
      (st, i, all) =>
        `${escapeHtml(st.stage)} (${escapeHtml(stageMonths(all, i))}) ${st.floor === null ? 'not raised' : `at least ${escapeHtml(st.floor)}`}`,
    )
    .join(', ')}.</p>
<p><b>Market concentration.</b> HHI is the sum of squared shares of the cluster's commissioned hours for the weeks ending in the month: 1 means a single provider, values above 0.25 are usually read as a highly concentrated market.</p>
<p class="muted">Generated ${londonStamp(ctx.generatedAt)} (London time) for ${longMonth(ctx.period)}.</p>
</footer>`;
}
