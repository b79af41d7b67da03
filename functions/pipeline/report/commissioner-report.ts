// The commissioners' monthly report (DOMAIN §2): one self-contained, printable HTML page with the
// risk matrix, who needs action and why, trends and clusters. Pure: data in, HTML out.
import type { MethodConfig } from '../../domain/method/config.ts';
import type { ClusterRow, CommissionedHoursRow, ProviderRegisterRow } from '../../domain/method/inputs.ts';
import type { Alert, AreaScoreRow, RiskMatrixRow, ScorecardRow } from '../../domain/method/results.ts';
import { type ActionListRow, actionProviders } from './commissioner-actions.ts';
import { clusterSummaries } from './commissioner-clusters.ts';
import {
  actionSection,
  alertSection,
  clusterSection,
  footerSection,
  headerSection,
  type MonthCompleteness,
  matrixSection,
  type ReportContext,
  trendSection,
} from './commissioner-sections.ts';
import { page } from './html.ts';

export interface CommissionerReportData {
  /** The report month 'YYYY-MM'. */
  period: string;
  generatedAt: Date;
  /** All scored periods (for trends), all providers. */
  scorecards: ScorecardRow[];
  riskMatrix: RiskMatrixRow[];
  areaScores: AreaScoreRow[];
  register: ProviderRegisterRow[];
  clusters: ClusterRow[];
  commissionedHours: CommissionedHoursRow[];
  /** All alerts raised so far; the report shows the month's. */
  alerts: Alert[];
  /** The method that produced the month's rows (its legends and bands are drawn). */
  method: MethodConfig;
  /** The month's rows of v_action_list, most at risk first: who needs action, and why. */
  actionList: ActionListRow[];
  /** The month's row of v_month_completeness, shown in the header. */
  completeness?: MonthCompleteness;
}

function reportContext(data: CommissionerReportData): ReportContext {
  const { period } = data;
  const names = new Map<string, string>();
  for (const r of data.register)
    if (!names.has(r.provider_id) && r.provider_name) names.set(r.provider_id, r.provider_name);
  // A report for an earlier month must not show later months in its trends.
  const history = data.scorecards.filter((s) => s.period <= period);
  const scores = new Map<string, number | null>();
  for (const s of history) scores.set(`${s.provider_id}\u0000${s.period}`, s.overall_score);
  const monthCards = data.scorecards.filter((s) => s.period === period);
  const monthRisk = data.riskMatrix.filter((r) => r.period === period);
  const methodVersions = [
    ...new Set([...monthCards, ...monthRisk].map((r) => r.method_version).filter((v) => v)),
  ].sort();
  return {
    period,
    generatedAt: data.generatedAt,
    name: (id) => names.get(id) ?? id,
    monthCards,
    monthRisk,
    monthAlerts: data.alerts.filter((a) => a.period === period),
    history,
    scoreAt: (id, p) => scores.get(`${id}\u0000${p}`) ?? null,
    periods: [...new Set(history.map((s) => s.period))].sort(),
    actions: actionProviders(period, data.actionList, data.scorecards, data.riskMatrix),
    clusters: clusterSummaries(
      period,
      data.clusters,
      data.register,
      data.commissionedHours,
      data.scorecards,
      data.riskMatrix,
    ),
    riskMatrix: data.riskMatrix,
    methodVersions,
    method: data.method,
    completeness: data.completeness,
  };
}

// Layout for screen and for A4 print: colours are kept when printing (the matrix needs them),
// sections avoid breaking across pages, wide tables shrink rather than overflow (on screen down to
// a 1,024-px window: badges wrap, long unbroken names break).
const css = `
body{max-width:68rem;color:#1b1b1b;-webkit-print-color-adjust:exact;print-color-adjust:exact}
h1{font-size:2rem;margin:.1rem 0 .2rem}h2{font-size:1.25rem;margin:2.2rem 0 .5rem;padding-bottom:.25rem;border-bottom:2px solid #1f4e8c;color:#12335c}
h3{font-size:.95rem;margin:.8rem 0 .3rem;color:#333}
.report-head{border-bottom:4px solid #1f4e8c;padding-bottom:1rem}
.kicker{text-transform:uppercase;letter-spacing:.07em;font-size:.78rem;color:#1f4e8c;font-weight:700;margin:0}
.notice{background:#eef3fa;border-left:4px solid #1f4e8c;padding:.6rem .9rem}
.cards{display:grid;grid-template-columns:repeat(4,1fr);gap:.75rem;margin:1rem 0}
.card{border:1px solid #cfd8e3;border-radius:.4rem;padding:.6rem .85rem;background:#f7f9fc}
.card .num{font-size:2rem;font-weight:700;line-height:1.1;color:#12335c;font-variant-numeric:tabular-nums}
.split{display:grid;grid-template-columns:1fr 1fr;gap:1.5rem;align-items:start}
ul.tally{list-style:none;padding:0;margin:0;max-width:24rem}
ul.tally li{display:flex;align-items:center;gap:.5rem;padding:.15rem 0;border-bottom:1px solid #eee}
ul.tally li b{margin-left:auto;font-variant-numeric:tabular-nums}
ul.tally.inline{display:flex;flex-wrap:wrap;gap:.1rem 1rem;max-width:none;font-size:.85rem;margin-top:.3rem}ul.tally.inline li{border:0}
.key{display:inline-block;width:.85rem;height:.85rem;border-radius:.15rem;border:1px solid rgba(0,0,0,.25);vertical-align:-.1rem;margin-right:.25rem;flex:none}
figure{margin:0}figcaption{font-weight:600;font-size:.92rem;margin-bottom:.3rem}
svg{max-width:100%;height:auto}
.matrix-wrap{display:flex;gap:2rem;align-items:flex-start;flex-wrap:wrap}
.matrix-notes{flex:1;min-width:16rem;font-size:.95rem}.matrix-notes ul{margin:.6rem 0}
.badge{font-size:.82rem;white-space:nowrap;padding:.1rem .55rem}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
th.group{text-align:center}.nowrap{white-space:nowrap}
thead th{background:#e9eef5;color:#12335c}
tbody tr:nth-child(even){background:#fafbfc}
.action-list td{vertical-align:middle}.action-list td.why{min-width:16rem;width:32%}
.spark{display:block}.spark svg{display:block;max-width:none}.action-list td.trend{width:8.6rem}
ul.reasons{margin:0;padding-left:1.1rem}ul.reasons li{margin:.05rem 0}
.empty{color:#555;font-style:italic;padding:.8rem}
.cluster-table{font-size:.85rem}.cluster-table td.share{min-width:10rem}.cluster-table th{font-size:.8rem}
.small{font-size:.82rem}
.maturity-key{margin-top:.6rem}.maturity-key p{margin:.2rem 0}.maturity-key dl{margin:.2rem 0}
footer.method{margin-top:2.5rem;font-size:.88rem;color:#333}
@page{size:A4;margin:12mm}
@media print{
body{margin:0;max-width:none;padding:0;font-size:9.5pt}
h2{margin-top:1.1rem}
.keep,tr,figure{break-inside:avoid}
thead{display:table-header-group}
.matrix-wrap{flex-wrap:nowrap;gap:1rem}.matrix-wrap figure{flex:0 1 58%}.matrix-notes{min-width:0}
.cluster-table{font-size:7.5pt}.cluster-table th{font-size:7pt}.cluster-table td.share{min-width:0}
.cluster-table th,.cluster-table td,.action-list th,.action-list td{padding:.2rem .3rem}
.action-list{font-size:8pt}.action-list td.why{min-width:0;width:30%}.action-list .badge{white-space:normal;font-size:7.5pt}
.action-list td.trend{width:6.4rem}.spark svg{width:6rem;height:auto}
}
.action-list td:first-child,.cluster-table td:first-child,.cluster-table td.share{overflow-wrap:anywhere}.action-list td:first-child{min-width:9rem}
@media screen and (max-width:72rem){.action-list .badge{white-space:normal}.action-list td.why{min-width:12rem}.cluster-table td.share{min-width:0}}
@media screen and (max-width:48rem){.cards{grid-template-columns:1fr 1fr}.split{grid-template-columns:1fr}}
`;

export function commissionerReportHtml(data: CommissionerReportData): string {
  const ctx = reportContext(data);
  const body = [
    headerSection(ctx),
    matrixSection(ctx),
    actionSection(ctx),
    alertSection(ctx),
    trendSection(ctx),
    clusterSection(ctx),
    footerSection(ctx),
  ].join('\n');
  return page(`Home care quality and risk report, ${data.period}`, `<main>\n${body}\n</main>`, css);
}
