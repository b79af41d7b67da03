// generateCounty: a whole synthetic county's input files, deterministic by seed. Pure: returns
// file contents and writes nothing.

import { parsePeriod } from '../domain/period.ts';
import { addMonths } from '../domain/time/london.ts';
import { dateOf, londonAt, monthlyReturnDue, windowMonths } from './calendar.ts';
import { clusterById, clustersCsv, DOMINATED_CLUSTER } from './clusters.ts';
import { commissionedHoursCsv } from './commissioned-hours.ts';
import { cqcLocationsJson } from './cqc.ts';
import { planIncidents } from './incidents.ts';
import { intelligenceCsv } from './intelligence.ts';
import { manifestCsv, receiptOrder } from './manifest.ts';
import { monthlyReturnFiles, type PlantedBadRow } from './monthly-returns.ts';
import { offersCsv } from './offers.ts';
import { Rng } from './prng.ts';
import { buildProviders } from './providers.ts';
import { registerCsv } from './register.ts';
import { sanctionsCsv } from './sanctions.ts';
import { selfAssessmentFiles } from './self-assessments.ts';
import type { CountyOptions, GeneratedCounty, GeneratedFile, InputType } from './types.ts';
import { monthlyVolumes } from './volume.ts';

export interface GeneratedCountyWithDetail extends GeneratedCounty {
  /** Every deliberately bad row, so tests can tell planted faults from generator bugs. */
  plantedBadRows: PlantedBadRow[];
}

export function generateCounty(options: CountyOptions = {}): GeneratedCountyWithDetail {
  const n = Math.max(1, Math.floor(options.providers ?? 80));
  const monthCount = Math.max(1, Math.floor(options.months ?? 12));
  const seed = options.seed ?? 1;
  const endMonth = options.endMonth ?? '2025-12';
  parsePeriod(endMonth);

  const months = windowMonths(endMonth, monthCount);
  const firstMonth = months[0]!;
  // The morning after the last quarter's self-assessments fell due (the 20th of endMonth + 1).
  const asOf = londonAt(dateOf(addMonths(endMonth, 1), 21), 9);

  const providers = buildProviders(Rng.derive(seed, 'providers'), n, firstMonth, monthCount);
  const plan = planIncidents(seed, providers, months);
  const volumes = monthlyVolumes(seed, providers, months);

  const returns = monthlyReturnFiles({ seed, providers, months, volumes, plan, asOf });
  const selfAssessments = selfAssessmentFiles({ seed, providers, months, volumes, plan, asOf });
  const cqc = cqcLocationsJson(Rng.derive(seed, 'cqc'), providers, months, plan);
  const sanctions = sanctionsCsv(Rng.derive(seed, 'sanctions'), providers, months, plan, asOf);
  const offers = offersCsv(Rng.derive(seed, 'offers'), providers, months, volumes, plan, sanctions.embargoes);
  const hours = commissionedHoursCsv(Rng.derive(seed, 'hours'), providers, months, volumes);
  const intelligence = intelligenceCsv(Rng.derive(seed, 'intelligence'), providers, months, plan);

  // The council loads its feeds at the start of the window, before any return arrives, so the
  // register exists when the first return is checked; their contents are the window's extract.
  const councilAt = (minute: number) => londonAt(dateOf(firstMonth, 1), 7, minute);
  const council = (type: InputType, content: string, minute: number, ext = 'csv'): GeneratedFile => ({
    path: `council/${type}.${ext}`,
    type,
    provider: 'council',
    receivedAt: councilAt(minute),
    content,
  });
  const councilFiles = [
    council('clusters', clustersCsv(), 0),
    council('provider-register', registerCsv(Rng.derive(seed, 'register'), providers, firstMonth), 1),
    council('cqc-locations', cqc.json, 2, 'json'),
    council('sanctions', sanctions.csv, 3),
    council('offers', offers.csv, 4),
    council('commissioned-hours', hours.csv, 5),
    council('intelligence', intelligence.csv, 6),
  ];
  const files = receiptOrder([...councilFiles, ...returns.files, ...selfAssessments]);

  // Describe what was planted, from the generated data itself where it can be counted.
  const incidents: string[] = [];
  const monthly = returns.files.filter((f) => !f.path.endsWith('-v2.csv'));
  const late = monthly.filter((f) => {
    const period = /(\d{4}-\d{2})\.csv$/.exec(f.path)?.[1] ?? '';
    return f.receivedAt.getTime() > monthlyReturnDue(period).getTime();
  });
  incidents.push(
    `Monthly returns: ${monthly.length} first submissions, most received between the 1st and 15th of the following month; ${late.length} arrived after the due time (23:59:59 London on the 15th).`,
  );
  for (const k of plan.missing) {
    const [p, m] = k.split('|');
    incidents.push(`Missing return: ${p} never sent its monthly return for ${m}.`);
  }
  if (plan.struggling) {
    const { provider, lateMonths } = plan.struggling;
    incidents.push(
      `Struggling provider ${provider}: returns for ${lateMonths.join(', ')} arrived late (about 12, 9 and 4 days), missed calls around 1.3% every month (MISSED_CALLS_PERSISTENT), and ${sanctions.episodic.includes(provider) ? 'more than three' : 'several'} sanctions in 12 months (NON_COMPLIANCE_EPISODES), the latest still active with no action plan (ACTION_PLAN_OVERDUE).`,
    );
  }
  for (const [k, kind] of plan.resubmissions) {
    const [p, m] = k.split('|');
    const what = {
      'fixes-bad-row':
        'the first file has a row with calls_missed above calls_scheduled; the -v2 file corrects it',
      'corrects-hours':
        'the first file has a slipped decimal point in hours_delivered (a warning); the -v2 file corrects it',
      'drops-a-row': 'the -v2 file has fewer rows than the first (it supersedes it all the same)',
    }[kind];
    incidents.push(`Resubmission: ${p} ${m}: ${what}.`);
  }
  for (const b of returns.badRows) incidents.push(`Bad row: ${b.path} data row ${b.row}: ${b.problem}.`);
  if (plan.unknownColumn) {
    const [p, m] = plan.unknownColumn.split('|');
    incidents.push(
      `Unknown column: ${p}'s return for ${m} has an extra "notes" column (ignored with a warning).`,
    );
  }
  if (plan.bomCrlf) {
    const [p, m] = plan.bomCrlf.split('|');
    incidents.push(
      `Excel export: ${p}'s return for ${m} is UTF-8 with a byte-order mark and CRLF line ends.`,
    );
  }
  if (plan.windows1252) {
    const [p, q] = plan.windows1252.split('|');
    incidents.push(
      `Windows-1252: ${p}'s self-assessment for quarter ${q} is not UTF-8 ('£', 'é', '’' and '—' in evidence_summary).`,
    );
  }
  if (plan.ratingWords) {
    const [p, q] = plan.ratingWords.split('|');
    incidents.push(
      `Rating words: ${p}'s self-assessment for quarter ${q} gives its self-ratings as words, not 1–4.`,
    );
  }
  if (cqc.downgrade) {
    const d = cqc.downgrade;
    incidents.push(
      `CQC downgrade: ${d.provider} branch ${d.location} went from ${d.from} to ${d.to} at an inspection reported ${d.date} (CQC_DOWNGRADE, CQC_INADEQUATE); a CQC warning notice and substantiated safeguarding concerns follow, and the registered manager leaves.`,
    );
  }
  if (plan.crisis) {
    incidents.push(
      `Level 3 sanction: ${plan.crisis.provider} is embargoed from ${plan.crisis.month} after the warning notice, with an action plan but not lifted (v_referral_status embargoed).`,
    );
  }
  if (plan.significantRisk) {
    incidents.push(
      `Significant risk: ${plan.significantRisk.provider} has a 'Significant_Risk' intelligence record (mixed case) in ${plan.significantRisk.month} and a level 3 sanction lifted 45 days later.`,
    );
  }
  if (plan.needsNotMet) {
    incidents.push(
      `Not substantiated: ${plan.needsNotMet.provider} has a needs_not_met record in ${plan.needsNotMet.month} marked substantiated=no (must not raise NEEDS_NOT_MET).`,
    );
  }
  if (plan.dbsLow)
    incidents.push(`Workforce: ${plan.dbsLow}'s DBS checks run at about 86% current (DBS_BELOW_90).`);
  if (plan.overInvoicing) {
    incidents.push(
      `Over-invoicing: ${plan.overInvoicing} invoices about 1.2% more hours than it delivers (OVER_INVOICING).`,
    );
  }
  const dominated = hours.totals.get(DOMINATED_CLUSTER);
  if (plan.dominant && dominated) {
    const total = [...dominated.values()].reduce((a, b) => a + b, 0);
    const share = (dominated.get(plan.dominant.provider) ?? 0) / total;
    incidents.push(
      `Dominant provider: ${plan.dominant.provider} holds ${Math.round(share * 100)}% of commissioned hours in rural ${DOMINATED_CLUSTER} ${clusterById(DOMINATED_CLUSTER).name} (impact 5).`,
    );
  }
  incidents.push(
    `Hard to place: ${plan.lowVolumeCluster} ${clusterById(plan.lowVolumeCluster).name} has few packages, slow responses and many declines or no responses.`,
  );
  for (const p of providers.filter((x) => x.mobilising)) {
    incidents.push(
      `Mobilising: ${p.id} starts its contract on ${p.contractStart}; its CQC branches are not yet rated.`,
    );
  }
  incidents.push(
    `Council feeds: sanctions ${sanctions.count} (${sanctions.level3} at level 3), offers ${offers.count} (times with offsets, Z, and London local without offset), intelligence ${intelligence.count}; the CQC file also holds a location not in the register and one 'Requires Improvement' spelt with a capital I.`,
  );

  return {
    files,
    manifestCsv: manifestCsv(files),
    asOf,
    summary: {
      providers: providers.length,
      months: months.length,
      firstMonth,
      lastMonth: endMonth,
      incidents,
    },
    plantedBadRows: returns.badRows,
  };
}
