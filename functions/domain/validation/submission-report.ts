// The answer to whoever sent a file: what was accepted, what was not and why.

import type { Submission } from '../submission.ts';
import type { Problem } from './problem.ts';

/** Reports list this many problems in full; the rest are counted by column. */
export const maxListedProblems = 1000;

export interface SubmissionReport {
  submission: Submission;
  problems_total: number;
  problems_listed: number;
  problems_by_column: { column: string; severity: string; count: number }[];
  problems: Problem[];
  /**
   * What the sender should know that is no problem and changes nothing about the submission (a
   * return that moves the lake's first month back); present only when there is one.
   */
  notices?: string[];
}

export function buildReport(
  submission: Submission,
  problems: readonly Problem[],
  notices: readonly string[] = [],
): SubmissionReport {
  const counts = new Map<string, { column: string; severity: string; count: number }>();
  for (const p of problems) {
    const column = p.column ?? '(row)';
    const key = `${p.severity}\u0000${column}`;
    const entry = counts.get(key) ?? { column, severity: p.severity, count: 0 };
    entry.count += 1;
    counts.set(key, entry);
  }
  return {
    submission,
    problems_total: problems.length,
    problems_listed: Math.min(problems.length, maxListedProblems),
    problems_by_column: [...counts.values()].sort(
      (a, b) => b.count - a.count || a.column.localeCompare(b.column),
    ),
    problems: problems.slice(0, maxListedProblems),
    ...(notices.length > 0 ? { notices: [...notices] } : {}),
  };
}
