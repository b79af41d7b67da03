import { beforeAll, describe, expect, it } from 'vitest';
import { addMonths, londonMonth, parseLondonDateTime } from '../../functions/domain/time/london.ts';
import { type GeneratedCountyWithDetail, generateCounty } from '../../functions/sample/index.ts';
import { monthlyRowProblems, parseCsv, textOf } from './helpers.ts';

let county: GeneratedCountyWithDetail;

const fileOf = (type: string) => {
  const f = county.files.find((x) => x.type === type);
  if (!f) throw new Error(`no ${type} file`);
  return f;
};
const tableOf = (type: string) => parseCsv(textOf(fileOf(type).content));

beforeAll(() => {
  const started = performance.now();
  county = generateCounty();
  // Measured, not asserted (DESIGN §7): tests never assert wall-clock times.
  console.info(
    `generateCounty() 80 × 12: ${(performance.now() - started).toFixed(0)} ms, ${county.files.length} files`,
  );
});

describe('determinism', () => {
  it('gives identical bytes for the same seed and different ones for another seed', () => {
    const again = generateCounty();
    expect(again.manifestCsv).toBe(county.manifestCsv);
    expect(again.files.length).toBe(county.files.length);
    for (const [i, f] of county.files.entries()) {
      const g = again.files[i]!;
      expect(g.path).toBe(f.path);
      expect(g.receivedAt.getTime()).toBe(f.receivedAt.getTime());
      expect(g.content).toEqual(f.content);
    }
    expect(again.summary).toEqual(county.summary);
    const other = generateCounty({ seed: 2 });
    expect(other.manifestCsv).not.toBe(county.manifestCsv);
    expect(textOf(other.files[1]!.content)).not.toBe(textOf(county.files[1]!.content));
  });

  it('does not depend on today: endMonth fixes the window and as-of', () => {
    expect(county.summary).toMatchObject({
      providers: 80,
      months: 12,
      firstMonth: '2025-01',
      lastMonth: '2025-12',
    });
    expect(county.asOf.toISOString()).toBe('2026-01-21T09:00:00.000Z');
    const other = generateCounty({ providers: 30, months: 6, endMonth: '2024-06', seed: 9 });
    expect(other.summary).toMatchObject({
      providers: 30,
      months: 6,
      firstMonth: '2024-01',
      lastMonth: '2024-06',
    });
  });
});

describe('council feeds', () => {
  it('has the 19 clusters of DOMAIN §3', () => {
    const { header, rows } = tableOf('clusters');
    expect(header).toEqual(['cluster_id', 'cluster_name', 'district', 'ccg', 'lot_area']);
    expect(rows.map((r) => r.cluster_id)).toEqual(
      Array.from({ length: 19 }, (_, i) => `K${String(i + 1).padStart(2, '0')}`),
    );
    expect(rows.find((r) => r.cluster_id === 'K15')).toMatchObject({
      cluster_name: 'Sevenoaks & Edenbridge',
      district: 'Sevenoaks',
      lot_area: 'West Kent',
    });
  });

  it('puts 6–10 providers in urban clusters and 2–3 in rural ones, each with 1–3 branches', () => {
    const { header, rows } = tableOf('provider-register');
    expect(header).toEqual([
      'provider_id',
      'provider_name',
      'cqc_provider_id',
      'branch_id',
      'branch_name',
      'cluster_id',
      'contract_start',
    ]);
    const rural = new Set(['K02', 'K07', 'K09', 'K11', 'K14', 'K15', 'K17', 'K18']);
    const byCluster = new Map<string, Set<string>>();
    const branches = new Map<string, Set<string>>();
    for (const r of rows) {
      byCluster.set(r.cluster_id!, (byCluster.get(r.cluster_id!) ?? new Set()).add(r.provider_id!));
      branches.set(r.provider_id!, (branches.get(r.provider_id!) ?? new Set()).add(r.branch_id!));
      expect(r.provider_id).toMatch(/^P\d{3}$/);
      expect(r.branch_id).toMatch(/^1-\d{9,10}$/);
      expect(r.cqc_provider_id).toMatch(/^1-\d{9,10}$/);
      expect(r.contract_start).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
    expect(byCluster.size).toBe(19);
    for (const [c, set] of byCluster) {
      if (rural.has(c)) expect(set.size, c).toBeGreaterThanOrEqual(2);
      if (rural.has(c)) expect(set.size, c).toBeLessThanOrEqual(3);
      else expect([set.size >= 6, set.size <= 10], c).toEqual([true, true]);
    }
    expect(branches.size).toBe(80);
    for (const set of branches.values()) expect(set.size).toBeGreaterThanOrEqual(1);
    for (const set of branches.values()) expect(set.size).toBeLessThanOrEqual(3);
    // Some contracts start inside the window, not all on the 1st.
    const inWindow = rows.filter((r) => r.contract_start! >= '2025-01-01').map((r) => r.contract_start!);
    expect(inWindow.length).toBeGreaterThan(0);
    expect(inWindow.some((d) => !d.endsWith('-01'))).toBe(true);
  });

  it('has at least one cluster where one provider holds more than half the commissioned hours', () => {
    const { rows } = tableOf('commissioned-hours');
    const totals = new Map<string, Map<string, number>>();
    for (const r of rows) {
      expect(new Date(`${r.week_ending}T12:00:00Z`).getUTCDay()).toBe(0);
      expect(r.hours).toMatch(/^\d+(\.\d{1,2})?$/);
      const m = totals.get(r.cluster_id!) ?? new Map<string, number>();
      m.set(r.provider_id!, (m.get(r.provider_id!) ?? 0) + Number(r.hours));
      totals.set(r.cluster_id!, m);
    }
    const dominated = [...totals].filter(([, m]) => {
      const all = [...m.values()].reduce((a, b) => a + b, 0);
      return Math.max(...m.values()) / all > 0.5;
    });
    expect(dominated.map(([c]) => c)).toContain('K11');
  });

  it('publishes CQC location documents with the rating mix and an in-window downgrade', () => {
    const docs = JSON.parse(textOf(fileOf('cqc-locations').content)) as {
      locationId: string;
      providerId: string;
      registrationStatus: string;
      currentRatings: { overall: { rating: string; reportDate?: string } };
      historicRatings: { reportDate: string; overall: { rating: string } }[];
    }[];
    const rated = docs.filter((d) => d.currentRatings.overall.reportDate);
    const good = rated.filter((d) => d.currentRatings.overall.rating === 'Good').length / rated.length;
    expect(good).toBeGreaterThan(0.65);
    expect(good).toBeLessThan(0.92);
    expect(docs.every((d) => d.registrationStatus === 'Registered')).toBe(true);
    const downgrades = docs.filter(
      (d) =>
        d.currentRatings.overall.rating === 'Inadequate' &&
        d.currentRatings.overall.reportDate! >= '2025-01-01' &&
        d.historicRatings[0]?.overall.rating === 'Good',
    );
    expect(downgrades.length).toBeGreaterThanOrEqual(1);
  });

  it('has sanctions at every level, one provider with more than 3, and one overdue action plan', () => {
    const { rows } = tableOf('sanctions');
    expect(new Set(rows.map((r) => r.level))).toEqual(new Set(['1', '2', '3']));
    for (const r of rows) {
      expect(['poor_practice', 'contract_compliance', 'safeguarding']).toContain(r.type);
      if (r.action_plan_received_on) expect(r.action_plan_received_on >= r.evidenced_on!).toBe(true);
      if (r.lifted_on) expect(r.lifted_on > r.evidenced_on!).toBe(true);
    }
    const counts = new Map<string, number>();
    for (const r of rows) counts.set(r.provider_id!, (counts.get(r.provider_id!) ?? 0) + 1);
    expect([...counts.values()].some((c) => c > 3)).toBe(true);
    const asOfDate = county.asOf.toISOString().slice(0, 10);
    const weekBefore = new Date(county.asOf.getTime() - 7 * 86_400_000).toISOString().slice(0, 10);
    const overdue = rows.filter(
      (r) => !r.lifted_on && !r.action_plan_received_on && r.evidenced_on! < weekBefore,
    );
    expect(overdue.length).toBeGreaterThanOrEqual(1);
    const activeL3 = rows.filter((r) => r.level === '3' && (!r.lifted_on || r.lifted_on > asOfDate));
    expect(activeL3.length).toBeGreaterThanOrEqual(1);
    // Level 1 in a typical quarter for roughly 15% of 80 providers.
    const l1 = rows.filter((r) => r.level === '1').length / 4;
    expect(l1).toBeGreaterThan(5);
    expect(l1).toBeLessThan(20);
  });

  it('writes offers with parseable times, sensible responses and a hard-to-place cluster', () => {
    const { rows } = tableOf('offers');
    const rate = (cluster?: string) => {
      const set = rows.filter((r) => !cluster || r.cluster_id === cluster);
      return set.filter((r) => r.response === 'accepted').length / set.length;
    };
    for (const r of rows) {
      expect(['accepted', 'declined', 'no_response']).toContain(r.response);
      const offered = parseLondonDateTime(r.offered_at!);
      expect(offered).not.toBeNull();
      if (r.responded_at)
        expect(parseLondonDateTime(r.responded_at)!.getTime()).toBeGreaterThan(offered!.getTime());
      else expect(r.response).toBe('no_response');
    }
    expect(rows.some((r) => r.offered_at!.endsWith('Z'))).toBe(true);
    expect(rows.some((r) => /\+01:00$/.test(r.offered_at!))).toBe(true);
    expect(rows.some((r) => /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(r.offered_at!))).toBe(true);
    expect(rate()).toBeGreaterThan(0.45);
    expect(rate('K15')).toBeLessThan(rate() - 0.15);
  });

  it('has the intelligence categories the method gives meaning to', () => {
    const { rows } = tableOf('intelligence');
    const category = (c: string) => rows.filter((r) => r.category!.trim().toLowerCase() === c);
    expect(category('warning_notice').length).toBeGreaterThanOrEqual(1);
    expect(category('significant_risk').length).toBeGreaterThanOrEqual(1);
    expect(category('needs_not_met').some((r) => r.substantiated === 'no')).toBe(true);
    expect(rows.some((r) => r.source === 'safeguarding' && r.substantiated === 'yes')).toBe(true);
    for (const r of rows) {
      expect(['practitioner', 'person', 'carer', 'complaint', 'safeguarding', 'cqc']).toContain(r.source);
      expect(['low', 'medium', 'high']).toContain(r.severity);
      expect(['yes', 'no', 'unknown']).toContain(r.substantiated);
    }
  });
});

describe('provider returns', () => {
  it('keeps every good monthly-return row within the CONTRACTS §1.1 rules, and every planted row outside', () => {
    const register = tableOf('provider-register').rows;
    const branchesOf = new Map<string, Set<string>>();
    for (const r of register)
      branchesOf.set(r.provider_id!, (branchesOf.get(r.provider_id!) ?? new Set()).add(r.branch_id!));
    const planted = new Set(county.plantedBadRows.map((b) => `${b.path}#${b.row}`));
    let good = 0;
    let bad = 0;
    for (const f of county.files.filter((x) => x.type === 'monthly-return')) {
      const { rows } = parseCsv(textOf(f.content));
      const keys = new Set<string>();
      expect(rows.length).toBeGreaterThan(0);
      rows.forEach((r, i) => {
        const problems = monthlyRowProblems(r);
        const k = `${r.provider_id}|${r.branch_id}|${r.service_code}|${r.period}`;
        if (r.provider_id !== f.provider) problems.push('other provider');
        if (!branchesOf.get(r.provider_id!)?.has(r.branch_id!)) problems.push('unknown branch');
        if (keys.has(k)) problems.push('duplicate key');
        if (r.period! > londonMonth(f.receivedAt)) problems.push('period after receipt');
        keys.add(k);
        if (planted.has(`${f.path}#${i + 1}`)) {
          expect(problems.length, `${f.path} row ${i + 1} should be bad`).toBeGreaterThan(0);
          bad++;
        } else {
          expect(problems, `${f.path} row ${i + 1}`).toEqual([]);
          good++;
        }
      });
    }
    expect(bad).toBe(county.plantedBadRows.length);
    expect(bad).toBeGreaterThanOrEqual(4);
    expect(good).toBeGreaterThan(1000);
  });

  it('keeps self-assessments within their rules', () => {
    for (const f of county.files.filter((x) => x.type === 'self-assessment')) {
      const { rows } = parseCsv(textOf(f.content));
      expect(rows.length).toBe(1);
      const r = rows[0]!;
      expect(r.provider_id).toBe(f.provider);
      expect(r.quarter_start).toMatch(/^\d{4}-(01|04|07|10)$/);
      const headcount = Number(r.staff_headcount);
      expect(headcount).toBeGreaterThan(0);
      for (const c of [
        'staff_supervised_in_quarter',
        'staff_appraised_12m',
        'staff_dbs_current',
        'staff_safeguarding_trained',
      ]) {
        expect(Number(r[c])).toBeLessThanOrEqual(headcount);
      }
      expect(Number(r.starters_care_certificate_12w)).toBeLessThanOrEqual(
        Number(r.starters_due_care_certificate),
      );
      expect(['yes', 'no']).toContain(r.registered_manager_in_post);
      for (const c of ['quality', 'cost_flex', 'delivery', 'relationship', 'workforce']) {
        expect(r[`self_rating_${c}`]).toMatch(/^([1-4]|Inadequate|Requires improvement|Good|Outstanding)$/);
      }
      expect(r.evidence_summary!.length).toBeLessThan(4000);
    }
  });

  it('receives returns after their month and by as-of, mostly on time, some late, one missing', () => {
    const monthly = county.files.filter((f) => f.type === 'monthly-return' && !f.path.endsWith('-v2.csv'));
    let late = 0;
    for (const f of monthly) {
      const period = /(\d{4}-\d{2})\.csv$/.exec(f.path)![1]!;
      expect(londonMonth(f.receivedAt) > period).toBe(true);
      expect(f.receivedAt.getTime()).toBeLessThan(county.asOf.getTime());
      const due = parseLondonDateTime(`${addMonths(period, 1)}-15T23:59:59`)!;
      if (f.receivedAt.getTime() > due.getTime()) late++;
    }
    expect(late / monthly.length).toBeGreaterThan(0.02);
    expect(late / monthly.length).toBeLessThan(0.15);
    expect(county.summary.incidents.some((s) => s.startsWith('Missing return'))).toBe(true);
    const missing = county.summary.incidents.find((s) => s.startsWith('Missing return'))!;
    const [, provider, period] = /(P\d+) never sent its monthly return for (\d{4}-\d{2})/.exec(missing)!;
    expect(
      county.files.some((f) => f.path === `providers/${provider}/monthly-return/${provider}-${period}.csv`),
    ).toBe(false);
  });
});

describe('planted file incidents', () => {
  it('has resubmissions received after the first file for the same provider-month', () => {
    const v2s = county.files.filter((f) => f.path.endsWith('-v2.csv'));
    expect(v2s.length).toBeGreaterThanOrEqual(3);
    for (const v2 of v2s) {
      const v1 = county.files.find((f) => f.path === v2.path.replace('-v2.csv', '.csv'))!;
      expect(v1.provider).toBe(v2.provider);
      expect(v2.receivedAt.getTime()).toBeGreaterThan(v1.receivedAt.getTime());
      expect(v2.content).not.toEqual(v1.content);
    }
  });

  it('has one Windows-1252 self-assessment that is not valid UTF-8', () => {
    const binary = county.files.filter((f) => f.content instanceof Uint8Array);
    expect(binary.length).toBe(1);
    const f = binary[0]!;
    expect(f.type).toBe('self-assessment');
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(f.content as Uint8Array)).toThrow();
    expect(textOf(f.content)).toContain('£4,500');
    expect(textOf(f.content)).toContain('café');
  });

  it('has one return with an extra unknown column and one Excel-style BOM + CRLF file', () => {
    const extra = county.files.filter(
      (f) => f.type === 'monthly-return' && parseCsv(textOf(f.content)).header.includes('notes'),
    );
    expect(extra.length).toBe(1);
    const bom = county.files.filter((f) => typeof f.content === 'string' && f.content.startsWith('\uFEFF'));
    expect(bom.length).toBe(1);
    expect((bom[0]!.content as string).includes('\r\n')).toBe(true);
    const others = county.files.filter((f) => typeof f.content === 'string' && f !== bom[0]);
    expect(others.every((f) => !(f.content as string).includes('\r'))).toBe(true);
  });

  it('lists every incident in plain English', () => {
    const text = county.summary.incidents.join('\n');
    for (const word of [
      'Resubmission',
      'Bad row',
      'Unknown column',
      'Windows-1252',
      'CQC downgrade',
      'Level 3',
      'Dominant provider',
      'Hard to place',
      'Missing return',
    ]) {
      expect(text).toContain(word);
    }
  });
});

describe('manifest', () => {
  it('lists every file once, council feeds first, then in receipt order', () => {
    const { header, rows } = parseCsv(county.manifestCsv);
    expect(header).toEqual(['file', 'type', 'provider', 'received_at']);
    expect(rows.map((r) => r.file)).toEqual(county.files.map((f) => f.path));
    expect(new Set(rows.map((r) => r.file)).size).toBe(rows.length);
    const councilCount = rows.filter((r) => r.provider === 'council').length;
    expect(councilCount).toBe(7);
    expect(rows.slice(0, councilCount).every((r) => r.provider === 'council')).toBe(true);
    const times = rows.map((r) => Date.parse(r.received_at!));
    for (let i = 1; i < times.length; i++) expect(times[i]!).toBeGreaterThanOrEqual(times[i - 1]!);
    for (const r of rows) expect(r.received_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    for (const [i, f] of county.files.entries()) {
      expect(rows[i]!.type).toBe(f.type);
      expect(Date.parse(rows[i]!.received_at!)).toBe(f.receivedAt.getTime());
    }
    expect(rows.find((r) => r.type === 'cqc-locations')?.file).toBe('council/cqc-locations.json');
  });
});

describe('other sizes', () => {
  it.each([
    [1, 1],
    [5, 2],
    [12, 4],
    [150, 24],
  ])('generates %i providers over %i months without error', (providers, months) => {
    const c = generateCounty({ providers, months, seed: 3 });
    expect(c.summary.providers).toBe(providers);
    expect(c.files.filter((f) => f.provider === 'council').length).toBe(7);
    const register = parseCsv(textOf(c.files.find((f) => f.type === 'provider-register')!.content)).rows;
    expect(new Set(register.map((r) => r.cluster_id)).size).toBe(19);
    expect(new Set(register.map((r) => r.provider_id)).size).toBe(providers);
  });
});
