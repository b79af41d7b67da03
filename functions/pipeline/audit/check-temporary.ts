// Writes left half-done: a local lake writes each object to tmp/ first and renames it into place, so
// a write killed half-way (kill -9, a power cut) leaves its temporary file there. It holds nothing
// the lake needs, but it is reported, never left unseen. An S3 lake has none.
import type { ObjectStore } from '../ports.ts';
import { type CheckResult, count, type Finding } from './finding.ts';

export async function checkTemporary(lake: ObjectStore): Promise<CheckResult> {
  const findings: Finding[] = (await lake.list('tmp/')).map(({ key, size }) => ({
    check: 'tmp',
    key,
    reason: `is a temporary file (${count(size, 'byte')}) of a write that did not finish; run again the command that was interrupted (an ingest completes its file), and the next write to the lake removes it once it is an hour old.`,
  }));
  return {
    check: 'tmp',
    summary: `${count(findings.length, 'temporary file')} left by writes that did not finish`,
    findings,
  };
}
