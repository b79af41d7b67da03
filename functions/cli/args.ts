// Shared command-line plumbing: usage errors (exit 2) and the options every command takes.
import { resolve } from 'node:path';
import { FsObjectStore } from '../adapters/fs-object-store.ts';
import { parseLondonDateTime } from '../core/time/london.ts';

export class UsageError extends Error {
  override name = 'UsageError';
}

/** An error whose message is already one clear sentence for the user (exit 1). */
export class UserFacingError extends Error {
  override name = 'UserFacingError';
}

export const lakeOption = { lake: { type: 'string' as const, default: '.carescore' } };

export function openLake(dir: string): FsObjectStore {
  return new FsObjectStore(resolve(dir));
}

export function parseInstant(text: string, option: string): Date {
  const value = parseLondonDateTime(text);
  if (!value) {
    throw new UsageError(
      `${option} must be an ISO date-time such as 2025-03-14T09:30:00Z (London time when no offset is given); got "${text}".`,
    );
  }
  return value;
}

export interface Output {
  out: (line: string) => void;
  err: (line: string) => void;
}
