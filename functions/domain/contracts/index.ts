import { clusters } from './clusters.ts';
import { commissionedHours } from './commissioned-hours.ts';
import type { InputContract, InputType } from './contract.ts';
import { cqcLocations } from './cqc-locations.ts';
import { fieldSpecOf } from './fields.ts';
import { intelligence } from './intelligence.ts';
import { monthlyReturn } from './monthly-return.ts';
import { offers } from './offers.ts';
import { providerRegister } from './provider-register.ts';
import { sanctions } from './sanctions.ts';
import { selfAssessment } from './self-assessment.ts';

export * from './contract.ts';
export { cqcRating } from './cqc-locations.ts';

export const contracts: Record<InputType, InputContract> = {
  'monthly-return': monthlyReturn as unknown as InputContract,
  'self-assessment': selfAssessment as unknown as InputContract,
  'provider-register': providerRegister as unknown as InputContract,
  clusters: clusters as unknown as InputContract,
  'cqc-locations': cqcLocations as unknown as InputContract,
  sanctions: sanctions as unknown as InputContract,
  offers: offers as unknown as InputContract,
  'commissioned-hours': commissionedHours as unknown as InputContract,
  intelligence: intelligence as unknown as InputContract,
};

/** Column names of an input type, in template order. */
export function columnsOf(contract: InputContract): string[] {
  return Object.keys(contract.schema.shape);
}

/** Columns that may be left out of a file (their fields accept a blank value). */
export function optionalColumnsOf(contract: InputContract): Set<string> {
  const shape = contract.schema.shape as Record<string, object>;
  return new Set(Object.keys(shape).filter((c) => fieldSpecOf(shape[c]!).optional));
}
