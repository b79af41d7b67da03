// The pure access rules behind the upload API: who the caller is, and which single key a presigned
// POST may write. Whatever name, type or provider id arrives, no key leaves the caller's prefix.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AccessDeniedError, AccessRequestError } from '../../../functions/aws/access/errors.ts';
import { submitterFromClaims } from '../../../functions/aws/access/principal.ts';
import { reportKeyFor } from '../../../functions/aws/access/report-access.ts';
import { uploadExpirySeconds, uploadPolicy } from '../../../functions/aws/access/upload-policy.ts';
import { contracts, inputTypes } from '../../../functions/domain/contracts/index.ts';

const request = { bucket: 'landing', maxBytes: 1000 };
const providerTypes = inputTypes.filter((t) => contracts[t].owner === 'provider');
const councilTypes = inputTypes.filter((t) => contracts[t].owner === 'council');

describe('submitterFromClaims', () => {
  it('reads a provider id, and makes members of the commissioners group the council', () => {
    expect(submitterFromClaims({ 'custom:provider_id': 'P001' })).toBe('P001');
    expect(submitterFromClaims({ 'cognito:groups': '[commissioners]' })).toBe('council');
    expect(
      submitterFromClaims({ 'cognito:groups': '[readers commissioners]', 'custom:provider_id': 'P001' }),
    ).toBe('council');
    expect(submitterFromClaims({ 'cognito:groups': ['commissioners'] })).toBe('council');
  });

  it('refuses a missing, empty, reserved or path-like provider id', () => {
    for (const claims of [
      {},
      { 'custom:provider_id': '' },
      { 'custom:provider_id': 42 },
      { 'custom:provider_id': 'council' },
      { 'custom:provider_id': 'Council' },
      { 'custom:provider_id': '../P002' },
      { 'custom:provider_id': 'P001/../P002' },
      { 'custom:provider_id': 'P001%2FP002' },
      { 'custom:provider_id': '.' },
      { 'custom:provider_id': 'P００1' },
      { 'cognito:groups': '[commissioners-lite]' },
    ]) {
      expect(() => submitterFromClaims(claims), JSON.stringify(claims)).toThrow(AccessDeniedError);
    }
  });

  it('only ever yields a single safe key segment', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), (providerId) => {
        let submitter: string;
        try {
          submitter = submitterFromClaims({ 'custom:provider_id': providerId });
        } catch (error) {
          return error instanceof AccessDeniedError;
        }
        return (
          /^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(submitter) && submitter === providerId && submitter !== 'council'
        );
      }),
    );
  });
});

describe('uploadPolicy', () => {
  it('allows exactly one sanitised key, the bucket, and 1..maxBytes, for 15 minutes', () => {
    expect(
      uploadPolicy({ ...request, submitter: 'P001', type: 'monthly-return', fileName: 'March 2025.csv' }),
    ).toEqual({
      key: 'landing/P001/monthly-return/March_2025.csv',
      conditions: [
        { bucket: 'landing' },
        { key: 'landing/P001/monthly-return/March_2025.csv' },
        ['content-length-range', 1, 1000],
      ],
      expiresSeconds: 15 * 60,
    });
    expect(uploadExpirySeconds).toBe(900);
  });

  it.each([
    ['../../P002/monthly-return/evil.csv', 'landing/P001/monthly-return/evil.csv'],
    ['..\\..\\P002\\evil.csv', 'landing/P001/monthly-return/evil.csv'],
    ['..%2F..%2FP002%2Fevil.csv', 'landing/P001/monthly-return/_2F.._2FP002_2Fevil.csv'],
    ['/etc/passwd', 'landing/P001/monthly-return/passwd'],
    ['..', 'landing/P001/monthly-return/file'],
    ['P002/', 'landing/P001/monthly-return/file'],
    ['ｅｖｉｌ／..／x.csv', 'landing/P001/monthly-return/evil_.._x.csv'],
    ['Café déjà vu.xlsx', 'landing/P001/monthly-return/Cafe_deja_vu.xlsx'],
    ['\u0000nul.csv', 'landing/P001/monthly-return/_nul.csv'],
  ])('keeps %j inside the prefix', (fileName, key) => {
    expect(uploadPolicy({ ...request, submitter: 'P001', type: 'monthly-return', fileName }).key).toBe(key);
  });

  it('refuses unknown types and empty names as bad requests', () => {
    for (const type of ['weekly-return', '../council/sanctions', 'monthly-return/../../x', '', '__proto__']) {
      expect(() => uploadPolicy({ ...request, submitter: 'P001', type, fileName: 'x.csv' }), type).toThrow(
        AccessRequestError,
      );
    }
    expect(() =>
      uploadPolicy({ ...request, submitter: 'P001', type: 'monthly-return', fileName: ' ' }),
    ).toThrow('Give the file a name.');
  });

  it("refuses a type the caller's role does not send", () => {
    for (const type of councilTypes) {
      expect(() => uploadPolicy({ ...request, submitter: 'P001', type, fileName: 'x.csv' })).toThrow(
        AccessDeniedError,
      );
    }
    for (const type of providerTypes) {
      expect(() => uploadPolicy({ ...request, submitter: 'council', type, fileName: 'x.csv' })).toThrow(
        AccessDeniedError,
      );
    }
  });

  it('never yields a key outside landing/<submitter>/<type>/, whatever the name and type', () => {
    const submitter = fc.oneof(fc.constant('council'), fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_-]{0,20}$/));
    const type = fc.oneof(fc.constantFrom(...inputTypes), fc.string({ maxLength: 30 }));
    const fileName = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 200 }),
      fc
        .array(fc.constantFrom('..', '.', '/', '\\', '%2F', '%2E', 'P002', '／', '．', 'a', ' '), {
          maxLength: 12,
        })
        .map((parts) => parts.join('')),
    );
    fc.assert(
      fc.property(submitter, type, fileName, (who, what, name) => {
        let key: string;
        try {
          key = uploadPolicy({ ...request, submitter: who, type: what, fileName: name }).key;
        } catch (error) {
          return error instanceof AccessRequestError || error instanceof AccessDeniedError;
        }
        const parts = key.split('/');
        return (
          key.startsWith(`landing/${who}/${what}/`) &&
          parts.length === 4 &&
          /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}$/.test(parts[3]!) &&
          (inputTypes as readonly string[]).includes(parts[2]!)
        );
      }),
      { numRuns: 2000 },
    );
  });
});

describe('reportKeyFor', () => {
  it("names the caller's own report, and refuses anything that is not a submission id", () => {
    expect(reportKeyFor('P001', 'sub_0123456789abcdef01234567')).toBe(
      'reports/P001/sub_0123456789abcdef01234567.html',
    );
    expect(reportKeyFor('council', 'sub_0123456789abcdef01234567')).toBe(
      'reports/council/sub_0123456789abcdef01234567.html',
    );
    for (const id of [
      '',
      'sub_0123',
      '../P002/sub_0123456789abcdef01234567',
      'sub_0123456789ABCDEF01234567',
      'sub_0123456789abcdef01234567.html',
    ]) {
      expect(() => reportKeyFor('P001', id), id).toThrow(AccessRequestError);
    }
  });
});
