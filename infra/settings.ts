// The deployment's choices, read once from CDK context (cdk.json, or `-c name=value` on the command
// line, which arrives as text) and checked, so a typo fails synth instead of deploying something else.
import type { Node } from 'constructs';
import { defaultReadLimits } from '../functions/domain/formats/limits.ts';

export interface CarescoreSettings {
  /** `cdk destroy` deletes the buckets, their objects and the key. @default false (everything is kept) */
  readonly destroyData: boolean;
  /** An address subscribed to the alerts topic. @default none (subscribe later in the console) */
  readonly alertEmail?: string;
  /** Athena cancels any query that scans more than this. @default 1024 */
  readonly bytesScannedCutoffMb: number;
  /** The Glue database holding the tables and views. @default 'carescore' */
  readonly glueDatabase: string;
  /** The largest file a presigned upload accepts. @default the core's per-file read limit */
  readonly uploadMaxMb: number;
  /**
   * Cognito sends its e-mails (invitations, codes) through SES from this address, an identity
   * verified in SES. @default none (Cognito's own sender, capped at about 50 e-mails a day)
   */
  readonly sesFromEmail?: string;
  /** The SES region that verified sesFromEmail; given with it. */
  readonly sesRegion?: string;
  /**
   * The prefix of Cognito's managed login domain, https://<prefix>.auth.<region>.amazoncognito.com,
   * unique in the region. @default carescore-<account id>
   */
  readonly authDomainPrefix?: string;
  /**
   * One more sign-in callback and sign-out URL besides the CloudFront one, e.g.
   * http://localhost:5173/ to try the front end locally against the deployed API. @default none
   */
  readonly extraCallbackUrl?: string;
}

export class InvalidSettingError extends Error {
  constructor(
    readonly setting: string,
    readonly value: unknown,
    readonly expected: string,
  ) {
    super(`Context value ${setting}=${JSON.stringify(value)} is not valid: expected ${expected}.`);
    this.name = 'InvalidSettingError';
  }
}

const MIB = 1024 * 1024;
// Athena's own lower bound for a workgroup's bytes-scanned cutoff is 10 MB.
const minimumCutoffMb = 10;

export function settingsFrom(node: Node): CarescoreSettings {
  const alertEmail = text(node, 'alertEmail');
  if (alertEmail !== undefined && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(alertEmail))
    throw new InvalidSettingError('alertEmail', alertEmail, 'an e-mail address');
  const sesFromEmail = text(node, 'sesFromEmail');
  if (sesFromEmail !== undefined && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(sesFromEmail))
    throw new InvalidSettingError('sesFromEmail', sesFromEmail, 'an e-mail address verified in SES');
  const sesRegion = text(node, 'sesRegion');
  if (sesRegion !== undefined && !/^[a-z]{2}(-[a-z]+)+-\d$/.test(sesRegion))
    throw new InvalidSettingError('sesRegion', sesRegion, 'an AWS region such as eu-west-2');
  // The stack is environment-agnostic, so the SES region cannot default to the stack's.
  if ((sesRegion === undefined) !== (sesFromEmail === undefined))
    throw new InvalidSettingError(
      sesRegion === undefined ? 'sesRegion' : 'sesFromEmail',
      null,
      'sesFromEmail and sesRegion to be given together',
    );
  const glueDatabase = text(node, 'glueDatabase') ?? 'carescore';
  // Athena folds unquoted names to lower case; anything else would need quoting in every view.
  if (!/^[a-z][a-z0-9_]{0,254}$/.test(glueDatabase))
    throw new InvalidSettingError('glueDatabase', glueDatabase, 'lower-case letters, digits and _');
  const authDomainPrefix = text(node, 'authDomainPrefix');
  // Cognito's rules for a prefix domain: lower case, digits and hyphens, and none of its reserved words.
  if (
    authDomainPrefix !== undefined &&
    (!/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(authDomainPrefix) ||
      /aws|amazon|cognito/.test(authDomainPrefix))
  )
    throw new InvalidSettingError(
      'authDomainPrefix',
      authDomainPrefix,
      'lower-case letters, digits and hyphens (at most 63, not containing aws, amazon or cognito)',
    );
  const extraCallbackUrl = text(node, 'extraCallbackUrl');
  if (
    extraCallbackUrl !== undefined &&
    !/^(https:\/\/[^\s/]+|http:\/\/localhost(:\d+)?)\/\S*$/.test(extraCallbackUrl)
  )
    throw new InvalidSettingError(
      'extraCallbackUrl',
      extraCallbackUrl,
      'an https:// URL, or http://localhost:<port>/, ending the host with /',
    );
  return {
    destroyData: flag(node, 'destroyData'),
    ...(alertEmail === undefined ? {} : { alertEmail }),
    bytesScannedCutoffMb: wholeNumber(node, 'bytesScannedCutoffMb', 1024, minimumCutoffMb),
    glueDatabase,
    uploadMaxMb: wholeNumber(node, 'uploadMaxMb', defaultReadLimits.maxBytes / MIB, 1),
    ...(sesFromEmail === undefined ? {} : { sesFromEmail }),
    ...(sesRegion === undefined ? {} : { sesRegion }),
    ...(authDomainPrefix === undefined ? {} : { authDomainPrefix }),
    ...(extraCallbackUrl === undefined ? {} : { extraCallbackUrl }),
  };
}

function text(node: Node, name: string): string | undefined {
  const value: unknown = node.tryGetContext(name);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new InvalidSettingError(name, value, 'text');
  return value;
}

function flag(node: Node, name: string): boolean {
  const value: unknown = node.tryGetContext(name);
  if (value === undefined || value === false || value === 'false') return false;
  if (value === true || value === 'true') return true;
  throw new InvalidSettingError(name, value, 'true or false');
}

function wholeNumber(node: Node, name: string, fallback: number, minimum: number): number {
  const value: unknown = node.tryGetContext(name);
  if (value === undefined || value === '') return fallback;
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < minimum)
    throw new InvalidSettingError(name, value, `a whole number of at least ${minimum}`);
  return n;
}
