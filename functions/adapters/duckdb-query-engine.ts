// The local QueryEngine: an in-memory DuckDB whose base tables are views over the lake's Parquet
// and ledger JSON (named like the Glue tables), and whose views are the files of queries/views.
import { type Dirent, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type DuckDBConnection, DuckDBInstance, type DuckDBType, DuckDBTypeId } from '@duckdb/node-api';
import {
  type BaseColumnType,
  type BaseTable,
  baseTables,
  baseViews,
  oneCopyPerSubmission,
} from '../lake/base-tables.ts';
import { loadViews, namesReferenced, viewDependencies } from '../lake/views.ts';
import { type QueryEngine, QueryError, type QueryRow } from '../pipeline/ports.ts';
import { toDuckDbDialect } from './duckdb-dialect.ts';

// Timestamps are exposed without a time zone, holding UTC, as Athena reads Parquet timestamps.
const duckDbType: Record<BaseColumnType, string> = {
  string: 'VARCHAR',
  int: 'INTEGER',
  bigint: 'BIGINT',
  double: 'DOUBLE',
  boolean: 'BOOLEAN',
  date: 'DATE',
  timestamp: 'TIMESTAMP',
  json: 'VARCHAR',
};

const sqlString = (text: string) => `'${text.replace(/'/g, "''")}'`;
const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Tables and views are created when a statement first needs them: the base tables it or its views
 * read, then those views in dependency order. Creating a base table reads the metadata of every
 * file under it, so a query of one view no longer waits for all sixteen tables of a large lake.
 */
export class DuckDbQueryEngine implements QueryEngine {
  private readonly tables: ReadonlyMap<string, BaseTable> = new Map(baseTables().map((t) => [t.name, t]));
  private readonly created = new Set<string>();
  private creating: Promise<void> = Promise.resolve();
  private views:
    | { definitions: Map<string, { name: string; sql: string }>; needs: Map<string, Set<string>> }
    | undefined;

  private constructor(
    private readonly root: string,
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
  ) {}

  /** Opens the lake at lakeDir (which need not exist yet: its tables are then empty). */
  static async open(lakeDir: string): Promise<DuckDbQueryEngine> {
    const root = resolve(lakeDir);
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      await connection.run(`SET TimeZone = 'UTC'`);
      // Queries may read the lake and nothing else on this machine.
      // read_json checks its pattern, not the files it expands to: the escaped root is allowed too.
      const allowed = [...new Set([root, globLiteral(root.replace(/\\/g, '/'))])].map(sqlString);
      await connection.run(`SET allowed_directories = [${allowed.join(', ')}]`);
      await connection.run('SET enable_external_access = false');
      await connection.run('SET lock_configuration = true');
    } catch (error) {
      connection.closeSync();
      instance.closeSync();
      throw error;
    }
    return new DuckDbQueryEngine(root, instance, connection);
  }

  /** Makes the views available: each is created when a statement first reads it. */
  async createViews(): Promise<void> {
    if (this.views) return;
    // The provider-return tables' views (each submission's rows once) first: no view reads them.
    const views = [...baseViews(), ...loadViews()];
    this.views = {
      definitions: new Map(views.map((view) => [view.name, view])),
      needs: viewDependencies(views, [...this.tables.keys()]),
    };
  }

  /** Runs read-only SQL: anything but SELECT statements (WITH, FROM, DESCRIBE, SHOW, …) is refused. */
  async query(sql: string): Promise<QueryRow[]> {
    await this.refuseAllButSelect(sql);
    const known = [...this.tables.keys(), ...(this.views?.definitions.keys() ?? [])];
    await this.create(namesReferenced(sql, known));
    let reader: Awaited<ReturnType<DuckDBConnection['runAndReadAll']>>;
    try {
      reader = await this.connection.runAndReadAll(sql);
    } catch (error) {
      // A name the scan could not see (built at run time): with everything created, the statement
      // answers, or fails, as it would have with every table and view made up front.
      if (!/^Catalog Error/.test(oneSentence(error)) || this.created.size === known.length) {
        throw new QueryError(oneSentence(error), sql);
      }
      await this.create('all');
      try {
        reader = await this.connection.runAndReadAll(sql);
      } catch (retried) {
        throw new QueryError(oneSentence(retried), sql);
      }
    }
    const names = reader.columnNames();
    const types = reader.columnTypes();
    return reader.getRowsJS().map((values) => {
      const row: QueryRow = {};
      names.forEach((name, i) => {
        row[name] = plainValue(values[i], types[i]);
      });
      return row;
    });
  }

  /**
   * Creates the named tables and views not yet created, with every table and view they read. One
   * creation at a time: queries run at once (the report's) must not both create the same table.
   */
  private create(names: Set<string> | 'all'): Promise<void> {
    const next = this.creating.then(() => this.createNow(names));
    // The caller gets the failure through `next`; the queue only waits for it to settle.
    this.creating = next.catch(() => {});
    return next;
  }

  private async createNow(names: Set<string> | 'all'): Promise<void> {
    const views = this.views;
    const wanted = new Set(
      names === 'all' ? [...this.tables.keys(), ...(views?.definitions.keys() ?? [])] : names,
    );
    for (const name of wanted) {
      for (const needed of views?.needs.get(name) ?? []) wanted.add(needed);
    }
    for (const [name, table] of this.tables) {
      if (!wanted.has(name) || this.created.has(name)) continue;
      await this.connection.run(baseTableSql(this.root, table));
      this.created.add(name);
    }
    // In the order of the view files, which puts every view after the views it reads.
    for (const [name, view] of views?.definitions ?? []) {
      if (!wanted.has(name) || this.created.has(name)) continue;
      try {
        await this.connection.run(toDuckDbDialect(view.sql));
      } catch (error) {
        throw new QueryError(`View ${view.name} could not be created: ${oneSentence(error)}`, view.sql);
      }
      this.created.add(name);
    }
  }

  /**
   * The lake directory must stay readable, so DuckDB's file access settings cannot stop COPY … TO
   * or ATTACH writing inside it. The SQL is therefore only parsed first (json_serialize_sql binds
   * and runs nothing, unlike preparing, which creates EXPORT's folder) and must be SELECTs alone.
   */
  private async refuseAllButSelect(sql: string): Promise<void> {
    const reader = await this.connection.runAndReadAll(`SELECT json_serialize_sql(${sqlString(sql)})`);
    const parsed = JSON.parse(String(reader.getRowsJS()[0]?.[0])) as {
      error?: boolean;
      error_type?: string;
      error_message?: string;
    };
    if (!parsed.error) return;
    if (parsed.error_type === 'parser') {
      throw new QueryError(`Parser Error: ${oneSentence(parsed.error_message)}`, sql);
    }
    throw new QueryError(
      'only SELECT statements (and WITH, FROM, DESCRIBE, SHOW, SUMMARIZE) may run, because a query never writes; COPY, ATTACH, CREATE, INSERT, EXPORT, SET and the like are refused',
      sql,
    );
  }

  async close(): Promise<void> {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

/** The statement that makes one base table: a view over its files, or an empty typed table. */
function baseTableSql(root: string, table: BaseTable): string {
  const dir = join(root, ...table.prefix.split('/').filter(Boolean));
  const columns = Object.entries(table.columns);
  if (!hasFiles(dir, table.layout)) {
    const defs = columns.map(([name, type]) => `${ident(name)} ${duckDbType[type]}`).join(', ');
    return `CREATE TABLE ${ident(table.name)} (${defs})`;
  }
  // Explicit casts give the same column types as the empty table, whatever the files hold.
  const select = columns.map(
    ([name, type]) => `CAST(${ident(name)} AS ${duckDbType[type]}) AS ${ident(name)}`,
  );
  // The lake root is a literal path; only the tail after it is a pattern.
  const base = globLiteral(dir.replace(/\\/g, '/'));
  let source: string;
  if (table.layout === 'json') {
    const types = columns
      .map(([name, type]) => `${sqlString(name)}: ${sqlString(type === 'json' ? 'JSON' : duckDbType[type])}`)
      .join(', ');
    source = `read_json(${sqlString(`${base}/*.json`)}, columns = {${types}}, format = 'auto')`;
  } else if (table.layout === 'partitioned') {
    // Only period=… folders (CONTRACTS §3): another folder under a table is not one of its partitions.
    source = `read_parquet(${sqlString(`${base}/period=*/*.parquet`)}, hive_partitioning = true, hive_types = {'period': VARCHAR}, union_by_name = true)`;
  } else {
    source = `read_parquet(${sqlString(`${base}/*.parquet`)}, hive_partitioning = false, union_by_name = true)`;
  }
  if (table.layout !== 'json') {
    // Files written before a column was added lack it: UNION ALL BY NAME with an empty typed row
    // reads it as null there, instead of failing every query of the table.
    const typed = columns.map(([name, type]) => `CAST(NULL AS ${duckDbType[type]}) AS ${ident(name)}`);
    source = `(SELECT * FROM ${source} UNION ALL BY NAME SELECT ${typed.join(', ')} WHERE false)`;
    // Each submission's rows from one file, also when a compaction stopped half-way.
    if (table.compacted) source = `(${oneCopyPerSubmission(table, source)})`;
  }
  return `CREATE VIEW ${ident(table.name)} AS SELECT ${select.join(', ')} FROM ${source}`;
}

/**
 * A path DuckDB's file globbing reads literally: each of `*`, `?`, `[`, `]` becomes a one-character
 * class (`[*]`), because DuckDB's glob has no escape character a path can use. Without it a lake
 * at `/data/lake[1]` reads a sibling `/data/lake1`.
 */
function globLiteral(path: string): string {
  return path.replace(/[*?[\]]/g, (c) => `[${c}]`);
}

function hasFiles(dir: string, layout: BaseTable['layout']): boolean {
  const ext = layout === 'json' ? '.json' : '.parquet';
  const entries = list(dir);
  if (layout !== 'partitioned') return entries.some((e) => e.isFile() && e.name.endsWith(ext));
  return entries.some(
    (e) => e.isDirectory() && list(join(dir, e.name)).some((f) => f.isFile() && f.name.endsWith(ext)),
  );
}

function list(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

/** DuckDB's message up to its first blank line (drops the LINE/caret diagram), on one line. */
export function oneSentence(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const head = message.split(/\r?\n\s*\r?\n/)[0] ?? message;
  return head.replace(/\s+/g, ' ').trim();
}

/** JS values a caller can print or serialise: dates as 'YYYY-MM-DD', bigints as numbers when exact. */
function plainValue(value: unknown, type: DuckDBType | undefined): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') {
    return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER)
      ? Number(value)
      : value.toString();
  }
  if (value instanceof Date && type?.typeId === DuckDBTypeId.DATE) return value.toISOString().slice(0, 10);
  return value;
}
