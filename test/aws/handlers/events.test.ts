// The pure event modules the handlers parse with, and the structured logger.
import { Logger } from '@aws-lambda-powertools/logger';
import { describe, expect, it } from 'vitest';
import { InvalidEventError } from '../../../functions/aws/events/invalid-event-error.ts';
import {
  isFolderMarker,
  LandingKeyError,
  parseLandingKey,
} from '../../../functions/aws/events/landing-key.ts';
import { parseObjectCreated } from '../../../functions/aws/events/s3-object-created.ts';
import { alertsAsOf } from '../../../functions/aws/events/scheduled-alerts-event.ts';
import { parseScoreRequest, scoreRequestBody } from '../../../functions/aws/events/score-request.ts';
import {
  dropViewStatements,
  removedViews,
  viewsPhysicalId,
} from '../../../functions/aws/events/views-resource-event.ts';
import { logInvocation, withKeys } from '../../../functions/aws/lambda-logger.ts';
import { lambdaContext, logCapture, objectCreatedBody } from './lambda-events.ts';

describe('parseObjectCreated', () => {
  const time = new Date('2025-02-03T09:00:00Z');

  it('reads bucket, key, size and time from the EventBridge event', () => {
    const body = objectCreatedBody({
      bucket: 'landing',
      key: 'landing/P001/monthly-return/a b+c.csv',
      size: 12,
      time,
    });
    expect(parseObjectCreated(body)).toEqual({
      bucket: 'landing',
      key: 'landing/P001/monthly-return/a b+c.csv',
      size: 12,
      time,
    });
  });

  it('keeps the version id, so a versioned object is read as it was when the event fired', () => {
    const event = JSON.parse(objectCreatedBody({ bucket: 'landing', key: 'k', size: 1, time }));
    event.detail.object['version-id'] = 'v-1';
    expect(parseObjectCreated(JSON.stringify(event)).versionId).toBe('v-1');
  });

  it('names what is wrong with a body that is not the event, without quoting it', () => {
    expect(() => parseObjectCreated('{"secret": "row value"')).toThrow(
      'Not a valid S3 "Object Created" event: the body (22 characters) is not JSON',
    );
    const deleted = JSON.parse(objectCreatedBody({ bucket: 'landing', key: 'k', size: 1, time }));
    deleted['detail-type'] = 'Object Deleted';
    expect(() => parseObjectCreated(JSON.stringify(deleted))).toThrow(InvalidEventError);
    expect(() => parseObjectCreated(JSON.stringify({ detail: {} }))).toThrow(/detail\.bucket/);
  });

  // EventBridge's detail.object.key is the key itself; only S3's own notifications form-encode it.
  it.each([
    'landing/P001/monthly-return/a+b.csv',
    'landing/P001/monthly-return/100% done.csv',
    'landing/P001/monthly-return/June return (final).csv',
    'landing/P001/monthly-return/Bromley résumé – été.csv',
    'landing/P001/monthly-return/a%2Bb%20c.csv',
  ])('takes the key %s exactly as EventBridge gives it', (key) => {
    const body = objectCreatedBody({ bucket: 'landing', key, size: 1, time });
    expect(JSON.parse(body).detail.object.key).toBe(key);
    expect(parseObjectCreated(body).key).toBe(key);
  });
});

describe('parseLandingKey', () => {
  it('reads who sent what', () => {
    expect(parseLandingKey('landing/P001/monthly-return/jan.csv')).toEqual({
      submitter: 'P001',
      type: 'monthly-return',
      fileName: 'jan.csv',
    });
    expect(parseLandingKey('landing/council/sanctions/s.xlsx').submitter).toBe('council');
  });

  it.each([
    ['raw/monthly-return/x.csv', 'is not landing/'],
    ['landing/P001/jan.csv', 'is not landing/'],
    ['landing/P001/monthly-return/sub/jan.csv', 'is not landing/'],
    ['landing//monthly-return/jan.csv', 'names no provider'],
    ['landing/P001/weekly-return/jan.csv', '"weekly-return" is not an input type'],
    ['landing/P001/monthly-return/', 'names no file'],
  ])('refuses %s', (key, reason) => {
    expect(() => parseLandingKey(key)).toThrow(LandingKeyError);
    expect(() => parseLandingKey(key)).toThrow(reason);
  });

  it('knows a console folder marker from a file', () => {
    expect(isFolderMarker('landing/P001/monthly-return/', 0)).toBe(true);
    expect(isFolderMarker('landing/P001/monthly-return/', 3)).toBe(false);
    expect(isFolderMarker('landing/P001/monthly-return/x.csv', 0)).toBe(false);
  });
});

describe('score requests', () => {
  it('round-trip as sorted distinct months', () => {
    const body = scoreRequestBody(['2025-03', '2025-01', '2025-03']);
    expect(body).toBe('{"periods":["2025-01","2025-03"],"allPeriods":false}');
    expect(parseScoreRequest(body)).toEqual({ periods: ['2025-01', '2025-03'], allPeriods: false });
  });

  it('can ask for every month, and read a request without the flag as some months only', () => {
    expect(parseScoreRequest(scoreRequestBody([], true))).toEqual({ periods: [], allPeriods: true });
    expect(parseScoreRequest('{"periods":["2025-01"]}')).toEqual({ periods: ['2025-01'], allPeriods: false });
  });

  it('refuse anything but YYYY-MM months', () => {
    for (const body of ['{"periods":["2025-13"]}', '{"periods":"2025-01"}', '{}', '[]']) {
      expect(() => parseScoreRequest(body), body).toThrow(InvalidEventError);
    }
  });
});

describe('views resource helpers', () => {
  const a = { name: 'v_a', sql: 'CREATE OR REPLACE VIEW v_a AS SELECT 1' };
  const b = { name: 'v_b', sql: 'CREATE OR REPLACE VIEW v_b AS SELECT * FROM v_a' };

  it('drop newest first, find removed views, and keep one id per database', () => {
    expect(dropViewStatements([a, b]).map((s) => s.sql)).toEqual([
      'DROP VIEW IF EXISTS v_b',
      'DROP VIEW IF EXISTS v_a',
    ]);
    expect(removedViews([a, b], [a])).toEqual([b]);
    expect(viewsPhysicalId('carescore')).toBe('carescore-views-carescore');
  });
});

describe('alertsAsOf', () => {
  const now = new Date('2025-06-01T00:00:00Z');
  it('takes asOf from the payload, else now', () => {
    expect(alertsAsOf({ asOf: '2025-05-31T12:00:00Z' }, now)).toEqual(new Date('2025-05-31T12:00:00Z'));
    expect(alertsAsOf({ asOf: '2025-05-31T13:00:00+01:00' }, now)).toEqual(new Date('2025-05-31T12:00:00Z'));
    expect(alertsAsOf({}, now)).toBe(now);
    expect(alertsAsOf(undefined, now)).toBe(now);
    expect(alertsAsOf('tick', now)).toBe(now);
    expect(() => alertsAsOf({ asOf: '31/05/2025' }, now)).toThrow(InvalidEventError);
  });
});

describe('Lambda logging (Powertools Logger)', () => {
  it('writes one JSON line per entry, tagged with the invocation and the keys in scope, errors with stack and cause', async () => {
    const logs = logCapture();
    const log = new Logger({ serviceName: 'ingest' });
    await logInvocation(log, lambdaContext('r-1'), () =>
      withKeys(log, { key: 'landing/x' }, async () => {
        log.info('file ingested', { size: 3 });
        log.error('record failed', { error: new TypeError('boom', { cause: new RangeError('deeper') }) });
      }),
    );
    log.info('batch done');
    expect(logs.lines).toHaveLength(3);
    const [info, error, done] = logs.entries();
    expect(info).toMatchObject({
      level: 'INFO',
      message: 'file ingested',
      service: 'ingest',
      function_request_id: 'r-1',
      key: 'landing/x',
      size: 3,
    });
    expect(error).toMatchObject({
      level: 'ERROR',
      key: 'landing/x',
      error: { name: 'TypeError', message: 'boom', cause: { name: 'RangeError', message: 'deeper' } },
    });
    expect((error!.error as { stack: string }).stack).toContain('TypeError: boom');
    // The keys are gone once their work is done; the invocation's tags stay.
    expect(done).toMatchObject({ message: 'batch done', function_request_id: 'r-1' });
    expect(done).not.toHaveProperty('key');
  });

  it('logs a failed invocation and rethrows it', async () => {
    const logs = logCapture();
    const failure = new Error('down');
    const log = new Logger({ serviceName: 'score' });
    await expect(logInvocation(log, undefined, async () => Promise.reject(failure))).rejects.toBe(failure);
    expect(logs.entries()).toMatchObject([
      { level: 'ERROR', message: 'invocation failed', service: 'score', error: { message: 'down' } },
    ]);
  });
});
