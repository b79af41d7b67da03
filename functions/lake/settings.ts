// The council's settings for its lake, in settings/lake.json: what belongs to one council's
// deployment rather than to the published method. Today one: `first_month`, the council's go-live
// month (METHODOLOGY §8 "The lake's first month"), which takes the place of the method's value for
// this lake, so that one provider's back-dated return cannot move it.
import { isPeriod } from '../domain/period.ts';
import { keys } from './keys.ts';
import type { ObjectStore } from './object-store.ts';

export interface LakeSettings {
  /** 'YYYY-MM', or 'auto' (the earliest month of any accepted monthly return). */
  first_month: string;
}

export class InvalidLakeSettingsError extends Error {
  override name = 'InvalidLakeSettingsError';
  constructor(detail: string) {
    super(
      `The lake's settings file ${keys.lakeSettings} ${detail}; write it as {"first_month": "YYYY-MM"} (or "auto").`,
    );
  }
}

/** The lake's settings, or null when the council has set none. */
export async function readLakeSettings(store: ObjectStore): Promise<LakeSettings | null> {
  const bytes = await store.get(keys.lakeSettings);
  if (bytes === null) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new InvalidLakeSettingsError('is not JSON');
  }
  const first = (parsed as { first_month?: unknown } | null)?.first_month;
  if (typeof first !== 'string' || (first !== 'auto' && !isPeriod(first)))
    throw new InvalidLakeSettingsError(`has first_month ${JSON.stringify(first)}, which is not a month`);
  return { first_month: first };
}

export async function writeLakeSettings(store: ObjectStore, settings: LakeSettings): Promise<void> {
  if (settings.first_month !== 'auto' && !isPeriod(settings.first_month))
    throw new InvalidLakeSettingsError(
      `would have first_month "${settings.first_month}", which is not a month`,
    );
  await store.put(keys.lakeSettings, `${JSON.stringify(settings, null, 2)}\n`);
}
