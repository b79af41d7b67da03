import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fieldSpecOf } from '../../../functions/domain/contracts/fields.ts';
import { columnsOf, contracts, optionalColumnsOf } from '../../../functions/domain/contracts/index.ts';

const coerce = (type: keyof typeof contracts, column: string, value: unknown) => {
  const shape = contracts[type].schema.shape as Record<string, object>;
  return fieldSpecOf(shape[column]!).coerce(value);
};

describe('field coercion', () => {
  it('reads counts with thousands separators and rejects decimals and negatives with a reason', () => {
    expect(coerce('monthly-return', 'calls_scheduled', '1,234')).toEqual({ ok: true, value: 1234 });
    expect(coerce('monthly-return', 'calls_scheduled', 1234)).toEqual({ ok: true, value: 1234 });
    expect(coerce('monthly-return', 'calls_scheduled', '12.5')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('without decimals'),
    });
    expect(coerce('monthly-return', 'calls_scheduled', '-3')).toMatchObject({
      ok: false,
      reason: 'cannot be negative',
    });
    expect(coerce('monthly-return', 'calls_scheduled', '1,23')).toMatchObject({ ok: false });
  });

  it('reads hours with at most 2 decimals, tolerating spreadsheet float noise', () => {
    expect(coerce('monthly-return', 'hours_delivered', '1,234.50')).toEqual({ ok: true, value: 1234.5 });
    expect(coerce('monthly-return', 'hours_delivered', 12.299999999999999)).toEqual({
      ok: true,
      value: 12.3,
    });
    expect(coerce('monthly-return', 'hours_delivered', '1.005')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('2 decimal'),
    });
  });

  it('reads ISO and UK dates, Excel dates, and refuses impossible ones', () => {
    expect(coerce('provider-register', 'contract_start', '2024-02-29')).toEqual({
      ok: true,
      value: '2024-02-29',
    });
    expect(coerce('provider-register', 'contract_start', '29/02/2024')).toEqual({
      ok: true,
      value: '2024-02-29',
    });
    expect(coerce('provider-register', 'contract_start', new Date(Date.UTC(2024, 1, 29)))).toEqual({
      ok: true,
      value: '2024-02-29',
    });
    expect(coerce('provider-register', 'contract_start', '31/02/2019')).toMatchObject({
      ok: false,
      reason: 'is not a real calendar date',
    });
    expect(coerce('provider-register', 'contract_start', '2019-13-01')).toMatchObject({ ok: false });
  });

  it('reads date-times as London time unless an offset is given', () => {
    const summer = coerce('offers', 'offered_at', '2025-07-01T09:00');
    expect(summer.ok && (summer.value as Date).toISOString()).toBe('2025-07-01T08:00:00.000Z');
    const withZ = coerce('offers', 'offered_at', '2025-07-01T09:00:00Z');
    expect(withZ.ok && (withZ.value as Date).toISOString()).toBe('2025-07-01T09:00:00.000Z');
    const uk = coerce('offers', 'offered_at', '01/12/2025 09:30');
    expect(uk.ok && (uk.value as Date).toISOString()).toBe('2025-12-01T09:30:00.000Z');
  });

  it('refuses years before 1900 in dates and date-times, however written', () => {
    const tooEarly = { ok: false, reason: 'is before 1900, so it cannot be a real date here' };
    for (const value of ['0025-03-01', '25/03/0099', '1899-12-31', new Date('0025-03-01T00:00:00Z')]) {
      expect(coerce('provider-register', 'contract_start', value)).toEqual(tooEarly);
    }
    for (const value of ['0025-03-04T10:00', '0099-03-04T10:00:00Z', '04/03/0025 10:00']) {
      expect(coerce('offers', 'offered_at', value)).toEqual(tooEarly);
    }
    expect(coerce('provider-register', 'contract_start', '1900-01-01')).toEqual({
      ok: true,
      value: '1900-01-01',
    });
  });

  it('reads UTC offsets from -12:00 to +14:00 and refuses any other with a reason', () => {
    const at = (value: string) => {
      const result = coerce('offers', 'offered_at', value);
      return result.ok ? (result.value as Date).toISOString() : result.reason;
    };
    expect(at('2025-03-04T10:00:00+14:00')).toBe('2025-03-03T20:00:00.000Z');
    expect(at('2025-03-04T10:00:00-12:00')).toBe('2025-03-04T22:00:00.000Z');
    expect(at('2025-03-04T10:00:00+0530')).toBe('2025-03-04T04:30:00.000Z');
    for (const offset of ['+25:00', '+99:99', '+14:01', '-12:30', '+05:60']) {
      expect(at(`2025-03-04T10:00:00${offset}`)).toBe(
        `has the UTC offset ${offset}, which no place uses; offsets run from -12:00 to +14:00`,
      );
    }
  });

  it('reads yes/no words, rating words and periods', () => {
    for (const yes of ['yes', 'Y', 'TRUE', '1', true])
      expect(coerce('self-assessment', 'registered_manager_in_post', yes)).toEqual({ ok: true, value: true });
    for (const no of ['no', 'n', 'False', '0'])
      expect(coerce('self-assessment', 'registered_manager_in_post', no)).toEqual({ ok: true, value: false });
    expect(coerce('self-assessment', 'registered_manager_in_post', 'maybe')).toMatchObject({ ok: false });
    expect(coerce('self-assessment', 'self_rating_quality', 'Requires  Improvement')).toEqual({
      ok: true,
      value: 2,
    });
    expect(coerce('self-assessment', 'self_rating_quality', '5')).toMatchObject({ ok: false });
    expect(coerce('monthly-return', 'period', '2025-3')).toEqual({ ok: true, value: '2025-03' });
    expect(coerce('monthly-return', 'period', '2025-13')).toMatchObject({ ok: false });
    expect(coerce('monthly-return', 'service_code', 'sisp')).toEqual({ ok: true, value: 'SISP' });
  });
});

describe('quick reading of plain cells', () => {
  const spec = (type: keyof typeof contracts, column: string) =>
    fieldSpecOf((contracts[type].schema.shape as Record<string, object>)[column]!);

  it('gives the value of the full coercion whenever it gives one: counts, hours, text, choices', () => {
    const cells = fc.oneof(
      fc.stringMatching(/^-?[0-9]{0,13}(\.[0-9]{0,4})?$/),
      fc.stringMatching(/^ ?[A-Za-z0-9,. -]{0,12} ?$/),
      fc.constantFrom('HC', 'hc', ' SIS', 'd2a', '2025-06', '2025-6', '0', '00', '007', '1.5', '.5', '5.'),
    );
    const columns = [
      ['monthly-return', 'calls_scheduled'],
      ['monthly-return', 'hours_delivered'],
      ['monthly-return', 'branch_id'],
      ['monthly-return', 'service_code'],
      ['monthly-return', 'period'],
      ['self-assessment', 'staff_headcount'],
    ] as const;
    fc.assert(
      fc.property(cells, (cell) => {
        for (const [type, column] of columns) {
          const { quick, coerce } = spec(type, column);
          const full = coerce(cell);
          const fast = quick(cell);
          if (fast !== undefined)
            expect(full, `${column} ${JSON.stringify(cell)}`).toEqual({ ok: true, value: fast });
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('contracts', () => {
  it('declares the nine input types with the CONTRACTS §1 columns', () => {
    expect(Object.keys(contracts)).toHaveLength(9);
    expect(columnsOf(contracts['monthly-return'])).toHaveLength(20);
    expect(columnsOf(contracts['self-assessment'])).toHaveLength(17);
    expect([...optionalColumnsOf(contracts.sanctions)].sort()).toEqual([
      'action_plan_received_on',
      'lifted_on',
    ]);
    expect([...optionalColumnsOf(contracts.offers)]).toEqual(['responded_at']);
  });

  it('monthly-return cross-field rules name the columns and the figures', () => {
    const check = contracts['monthly-return'].check!;
    const row = {
      provider_id: 'P1',
      branch_id: 'B1',
      service_code: 'HC',
      period: '2025-03',
      calls_scheduled: 10,
      calls_late_early: 6,
      calls_missed: 5,
      calls_double_handed: 11,
      calls_double_handed_on_time: 12,
      hours_commissioned: 10,
      hours_delivered: 16,
      hours_invoiced: 16,
      people_served: 3,
      people_trusted_team_ok: 4,
      packages_new: 1,
      care_plans_by_second_visit: 2,
      complaints_closed: 1,
      complaints_closed_in_20wd: 2,
      notifications_due: 1,
      notifications_on_time: 2,
    };
    const issues = check(row as never, { receivedMonth: '2025-02' });
    expect(issues.map((i) => `${i.severity}:${i.column}`)).toEqual([
      'error:calls_missed',
      'error:calls_double_handed',
      'error:calls_double_handed_on_time',
      'error:people_trusted_team_ok',
      'error:care_plans_by_second_visit',
      'error:complaints_closed_in_20wd',
      'error:notifications_on_time',
      'error:period',
      'warning:hours_delivered',
    ]);
    expect(issues[0]!.message).toContain(
      'calls_late_early (6) + calls_missed (5) is more than calls_scheduled (10)',
    );
  });

  it('self-assessment needs a quarter start month and staff counts within the headcount', () => {
    const check = contracts['self-assessment'].check!;
    const base = {
      quarter_start: '2025-04',
      staff_headcount: 10,
      staff_supervised_in_quarter: 10,
      staff_appraised_12m: 10,
      staff_dbs_current: 10,
      staff_safeguarding_trained: 10,
      leavers_12m: 25,
      starters_due_care_certificate: 2,
      starters_care_certificate_12w: 2,
    };
    expect(check(base as never, { receivedMonth: '2025-08' })).toEqual([]);
    const bad = check(
      { ...base, quarter_start: '2025-05', staff_dbs_current: 11, starters_care_certificate_12w: 3 } as never,
      { receivedMonth: '2025-08' },
    );
    expect(bad.map((i) => i.column)).toEqual([
      'quarter_start',
      'staff_dbs_current',
      'starters_care_certificate_12w',
    ]);
  });
});

describe('contract schemas', () => {
  const schema = contracts.sanctions.schema;
  const row = {
    sanction_id: ' SAN-1 ',
    provider_id: 'P001',
    type: 'Poor practice',
    level: '2',
    trigger: 'Missed calls',
    evidenced_on: '30/03/2025',
    action_plan_received_on: '',
    lifted_on: null,
  };

  it('parse a row as the field helpers read it, a blank optional value as null', () => {
    expect(schema.parse(row)).toEqual({
      sanction_id: 'SAN-1',
      provider_id: 'P001',
      type: 'poor_practice',
      level: 2,
      trigger: 'Missed calls',
      evidenced_on: '2025-03-30',
      action_plan_received_on: null,
      lifted_on: null,
    });
  });

  it("explain each bad value in the field's own words", () => {
    const bad = schema.safeParse({ ...row, provider_id: ' ', level: 4, evidenced_on: '2025-02-30' });
    expect(bad.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['provider_id', 'is required but is empty'],
      ['level', 'must be a sanction level: 1, 2 or 3'],
      ['evidenced_on', 'is not a real calendar date'],
    ]);
  });
});
