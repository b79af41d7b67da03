// The top-level prefixes of the lake (CONTRACTS §3), taken from the core's own key builders so
// IAM grants follow the keys the code writes.
import { landingPrefix as submitterLandingPrefix } from '../functions/aws/access/upload-policy.ts';
import { inputTypes } from '../functions/domain/contracts/index.ts';
import { keys } from '../functions/lake/keys.ts';

const topLevel = (key: string) => `${key.slice(0, key.indexOf('/'))}/`;

export const lakePrefixes = {
  raw: topLevel(keys.raw('type', 'submission', 'file')),
  ledger: topLevel(keys.ledgerPrefix),
  quarantine: topLevel(keys.quarantine('submission')),
  reports: topLevel(keys.reportJson('owner', 'submission')),
  curated: topLevel(keys.curatedPrefix('table')),
  results: topLevel(keys.resultsPrefix('table')),
  /** The council's settings for the lake (its go-live month), read by ingest, score and alerts. */
  settings: topLevel(keys.lakeSettings),
} as const;

/** Where uploads arrive in the landing bucket: landing/<provider_id or council>/<input-type>/<file>. */
export const landingPrefix = topLevel(submitterLandingPrefix('council', inputTypes[0]!));
