// The method versions this build publishes, each from its file in config/. Every result row names
// the version that produced it, so whatever explains a row (a legend, a band, a threshold) reads
// that version's configuration, never whichever is newest.
import methodV1 from '../../../config/method-v1.json' with { type: 'json' };
import { loadMethodConfig, type MethodConfig } from './config.ts';

const publishedFiles: Readonly<Record<string, unknown>> = { v1: methodV1 };

/** The version new scores are computed with. */
export const currentMethodVersion = 'v1';

const loaded = new Map<string, MethodConfig>();

export class UnknownMethodVersionError extends Error {
  override name = 'UnknownMethodVersionError';
  constructor(readonly version: string) {
    super(
      `Results were produced by method version "${version}", which this build does not publish ` +
        `(it has ${Object.keys(publishedFiles).join(', ')}).`,
    );
  }
}

/** The published method of this version, validated once per process. */
export function publishedMethod(version: string = currentMethodVersion): MethodConfig {
  let method = loaded.get(version);
  if (method) return method;
  const file = publishedFiles[version];
  if (file === undefined) throw new UnknownMethodVersionError(version);
  method = loadMethodConfig(file);
  loaded.set(version, method);
  return method;
}
