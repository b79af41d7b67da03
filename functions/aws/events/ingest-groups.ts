// The ingest queue's message groups. EventBridge can only give every landing event the same group
// (a rule target's MessageGroupId is a fixed string), so events arrive in one group, in the order
// S3 created the objects. The ingest Lambda reads that group and:
//  - ingests a council feed there and then: the arrival group waits for it, so every return that
//    arrived after a register (or any council feed) is checked against it;
//  - forwards a provider's file to that provider's own group, where its files are ingested in
//    arrival order, and a failure holds back only that provider's later files.
import { createHash } from 'node:crypto';

/** The group EventBridge puts every landing event in (infra sets the rule target with it). */
export const arrivalGroup = 'landing';

/** The submitter whose feeds are ingested in the arrival group, before anything that came after. */
export const councilSubmitter = 'council';

/** A group id SQS accepts (up to 128 characters of letters, digits and punctuation), one per provider. */
export function providerGroup(submitter: string): string {
  if (/^[A-Za-z0-9_.:-]{1,64}$/.test(submitter)) return `provider:${submitter}`;
  // Any other id still gets its own group: a digest, the same for every file it sends.
  return `provider#${createHash('sha256').update(submitter).digest('hex').slice(0, 32)}`;
}
