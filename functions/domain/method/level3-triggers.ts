// METHODOLOGY §5: automatic referral-embargo proposals, listed in the method's order of codes.
// An area trigger is an Arquero derive on the area's final rating (after limiters); an
// intelligence trigger reads the provider's records dated within the month (sequential, below).
import type { MethodConfig } from './config.ts';
import type { IntelligenceRow } from './inputs.ts';
import { countsAsConcern } from './intelligence.ts';
import { col, type Table } from './provider-months.ts';

/** Sequential: whether the i-th trigger of the method, if it reads intelligence, holds in the month. */
export function intelligenceTriggers(
  period: string,
  intelligence: readonly IntelligenceRow[],
  config: MethodConfig,
): boolean[] {
  return config.level3_triggers.map(
    (t) =>
      !('area' in t) && intelligence.some((r) => r.date.startsWith(period) && countsAsConcern(r, t.category)),
  );
}

/** l3_<i> for each trigger and l3_count; reads final_<area> and the intelligence columns l3_intel_<i>. */
export function deriveLevel3(t: Table, config: MethodConfig): Table {
  const triggers: Record<string, string> = {};
  config.level3_triggers.forEach((trigger, i) => {
    triggers[col.level3(i)] =
      'area' in trigger ? `d.${col.final(trigger.area)} === 'Inadequate'` : `d.l3_intel_${i} === true`;
  });
  const held = t.derive(triggers);
  return held.derive({
    l3_count:
      config.level3_triggers.length === 0
        ? '0'
        : config.level3_triggers.map((_, i) => `(d.${col.level3(i)} ? 1 : 0)`).join(' + '),
  });
}

/** The codes of the triggers that hold, in the method's order. */
export function level3Codes(holds: (i: number) => boolean, config: MethodConfig): string[] {
  return config.level3_triggers.filter((_, i) => holds(i)).map((t) => t.code);
}
