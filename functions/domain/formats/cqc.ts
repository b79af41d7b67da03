import { FileRejectedError } from './errors.ts';
import {
  type DuplicateKey,
  duplicateName,
  isPlainObject,
  type JsonItem,
  jsonCell,
  openJsonItems,
  tooManyRows,
} from './json.ts';
import { formatCount, type ReadLimits } from './limits.ts';
import type { ByteSource } from './source.ts';
import type { Cell, FileNotice, RawRow, RecordReader } from './types.ts';

/** The cells of one flattened CQC rating entry (CONTRACTS §1.2 cqc-locations). */
export const cqcColumns = [
  'location_id',
  'provider_id',
  'registration_status',
  'rating',
  'report_date',
  'rating_source',
] as const;

/** One location document as it sits in the file, before flattening. */
interface CqcDocument {
  value: unknown;
  /** Where the document is, for messages: "item 3" or "line 7". */
  where: string;
  /** Keys written twice in the document (or in a wrapper around it). */
  duplicates: DuplicateKey[];
}

/**
 * The duplicates inside element `k` of the array at `prefix`, and those of the wrapper object
 * itself (two "locations" lists, say), which concern every element.
 */
function duplicatesOf(
  all: readonly DuplicateKey[] | undefined,
  prefix: (string | number)[],
  k: number,
): DuplicateKey[] {
  const out: DuplicateKey[] = [];
  for (const d of all ?? []) {
    if (d.path.length === 0 && prefix.length > 0) out.push(d);
    else if (prefix.every((p, i) => d.path[i] === p) && d.path[prefix.length] === k) {
      out.push({ key: d.key, path: d.path.slice(prefix.length + 1) });
    }
  }
  return out;
}

function field(doc: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(doc, key) ? doc[key] : undefined;
}

function child(doc: unknown, key: string): Record<string, unknown> | undefined {
  if (!isPlainObject(doc)) return undefined;
  const v = field(doc, key);
  return isPlainObject(v) ? v : undefined;
}

/**
 * The documents in a CQC file: one document, an array of them, JSON Lines of them, or an
 * object with a `locations` array (as the CQC API's list responses are wrapped).
 */
async function* documents(items: AsyncIterable<JsonItem>, layout: string): AsyncGenerator<CqcDocument> {
  const unit = layout === 'lines' ? 'line' : 'item';
  for await (const { value, position, duplicates } of items) {
    const where = layout === 'object' ? 'the file' : `${unit} ${formatCount(position)}`;
    const locations =
      isPlainObject(value) && !Object.hasOwn(value, 'locationId') ? value.locations : undefined;
    if (Array.isArray(locations)) {
      for (let k = 0; k < locations.length; k++) {
        yield {
          value: locations[k],
          where: `location ${formatCount(k + 1)} of ${where}`,
          duplicates: duplicatesOf(duplicates, ['locations'], k),
        };
      }
    } else if (Array.isArray(value) && layout === 'lines') {
      for (let k = 0; k < value.length; k++) {
        yield {
          value: value[k],
          where: `entry ${formatCount(k + 1)} of ${where}`,
          duplicates: duplicatesOf(duplicates, [], k),
        };
      }
    } else {
      yield { value, where, duplicates: duplicates ?? [] };
    }
  }
}

/** Flattens CQC location documents into one row per rating entry, current then historic. */
export async function openCqc(source: ByteSource, limits: ReadLimits): Promise<RecordReader> {
  const warnings: FileNotice[] = [];
  const { layout, items } = await openJsonItems(source, limits);
  const docs = documents(items, layout)[Symbol.asyncIterator]();
  const firstDoc = await docs.next();
  if (firstDoc.done) {
    throw new FileRejectedError('EMPTY', 'The file has no data rows; it holds no CQC location documents.');
  }

  let sequence = 0;
  const cell = (value: unknown, name: string): Cell => {
    const c = jsonCell(value, limits, sequence, name);
    // Identifiers are text even if a feed wrote them as numbers.
    return typeof c === 'number' ? String(c) : c;
  };

  function* flatten(doc: CqcDocument): Generator<RawRow> {
    const { value, where } = doc;
    if (!isPlainObject(value)) {
      yield {
        rowNumber: ++sequence,
        cells: new Map(),
        problem: {
          code: 'NOT_AN_OBJECT',
          message: `The entry at ${where} is not a CQC location document (an object with a locationId).`,
        },
      };
      return;
    }
    const base = new Map<string, Cell>();
    base.set('location_id', cell(field(value, 'locationId'), 'locationId'));
    base.set('provider_id', cell(field(value, 'providerId'), 'providerId'));
    base.set('registration_status', cell(field(value, 'registrationStatus'), 'registrationStatus'));
    const missingId = base.get('location_id') === null;
    const duplicate = doc.duplicates[0];

    const entries: { rating: unknown; reportDate: unknown; source: 'current' | 'historic' }[] = [];
    const current = child(child(value, 'currentRatings'), 'overall');
    if (current !== undefined) {
      entries.push({
        rating: field(current, 'rating'),
        reportDate: field(current, 'reportDate'),
        source: 'current',
      });
    }
    const historic = field(value, 'historicRatings');
    const historicBad: number[] = [];
    if (Array.isArray(historic)) {
      historic.forEach((h: unknown, k) => {
        if (!isPlainObject(h)) {
          historicBad.push(k + 1);
          return;
        }
        entries.push({
          rating: field(child(h, 'overall') ?? {}, 'rating'),
          reportDate: field(h, 'reportDate'),
          source: 'historic',
        });
      });
    }
    // A location with no rating at all is still one row, so it is counted and reported.
    if (entries.length === 0) entries.push({ rating: null, reportDate: null, source: 'current' });

    for (const e of entries) {
      const cells = new Map(base);
      sequence++;
      cells.set('rating', cell(e.rating, 'rating'));
      cells.set('report_date', cell(e.reportDate, 'reportDate'));
      cells.set('rating_source', e.source);
      if (duplicate !== undefined) {
        yield {
          rowNumber: sequence,
          cells,
          problem: {
            code: 'DUPLICATE_FIELD',
            message: `The CQC location document at ${where} has the field "${duplicateName(duplicate)}" more than once, so it is not clear which value is meant.`,
          },
        };
      } else if (missingId) {
        yield {
          rowNumber: sequence,
          cells,
          problem: {
            code: 'MISSING_LOCATION_ID',
            message: `The CQC location document at ${where} has no locationId, so its rating cannot be matched to a branch.`,
          },
        };
      } else {
        yield { rowNumber: sequence, cells };
      }
    }
    for (const k of historicBad) {
      yield {
        rowNumber: ++sequence,
        cells: new Map(base),
        problem: {
          code: 'NOT_AN_OBJECT',
          message: `Historic rating ${formatCount(k)} of the CQC location document at ${where} is not an object with a reportDate and an overall rating.`,
        },
      };
    }
  }

  async function* rows(): AsyncGenerator<RawRow> {
    let doc: IteratorResult<CqcDocument> = firstDoc;
    while (!doc.done) {
      for (const row of flatten(doc.value)) {
        if (row.rowNumber > limits.maxRows) throw tooManyRows(limits, row.rowNumber);
        yield row;
      }
      doc = await docs.next();
    }
  }

  const columns = [...cqcColumns];
  return { format: 'cqc', encoding: 'utf-8', header: [...columns], columns, rows: rows(), warnings };
}
