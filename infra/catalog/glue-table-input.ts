// A Glue table definition for each base table the views read (functions/lake/base-tables.ts),
// so Athena sees the same tables, columns and types as the local DuckDB engine.
import { createHash } from 'node:crypto';
import type { CfnTable } from 'aws-cdk-lib/aws-glue';
import type { BaseColumnType, BaseTable } from '../../functions/lake/base-tables.ts';

// 'json' holds a nested ledger value. As a Glue string, the OpenX SerDe hands Athena the value's
// JSON text (it stringifies any non-string value it finds), which is what the DuckDB engine shows for
// the same column; a struct type would give the two engines different column types.
const glueType: Record<BaseColumnType, string> = {
  string: 'string',
  int: 'int',
  bigint: 'bigint',
  double: 'double',
  boolean: 'boolean',
  date: 'date',
  timestamp: 'timestamp',
  json: 'string',
};

const partitionColumn = 'period';

// Partition projection computes a month's location instead of asking Glue for partitions, so a
// new month is queryable the moment its files land (no crawler, no MSCK REPAIR). The range has to
// start somewhere: no home-care return in this pipeline predates 2018.
const monthProjection = {
  'projection.enabled': 'true',
  [`projection.${partitionColumn}.type`]: 'date',
  [`projection.${partitionColumn}.format`]: 'yyyy-MM',
  [`projection.${partitionColumn}.range`]: '2018-01,NOW',
  [`projection.${partitionColumn}.interval`]: '1',
  [`projection.${partitionColumn}.interval.unit`]: 'MONTHS',
};

const parquetStorage = {
  inputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
  outputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
  serdeInfo: { serializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe' },
};

// One JSON document per file, on one line (how ingest writes the ledger), which the OpenX SerDe needs.
const jsonStorage = {
  inputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
  outputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
  serdeInfo: { serializationLibrary: 'org.openx.data.jsonserde.JsonSerDe' },
};

function columns(table: BaseTable, except?: string): CfnTable.ColumnProperty[] {
  return Object.entries(table.columns)
    .filter(([name]) => name !== except)
    .map(([name, type]) => ({ name, type: glueType[type] }));
}

/** The table input for `table`, whose files live in the lake bucket named `lakeBucketName`. */
export function glueTableInput(table: BaseTable, lakeBucketName: string): CfnTable.TableInputProperty {
  const location = `s3://${lakeBucketName}/${table.prefix}`;
  switch (table.layout) {
    case 'partitioned':
      return {
        name: table.name,
        tableType: 'EXTERNAL_TABLE',
        parameters: {
          classification: 'parquet',
          ...monthProjection,
          'storage.location.template': `${location}${partitionColumn}=\${${partitionColumn}}/`,
        },
        partitionKeys: [
          { name: partitionColumn, type: glueType[table.columns[partitionColumn] ?? 'string'] },
        ],
        storageDescriptor: { columns: columns(table, partitionColumn), location, ...parquetStorage },
      };
    case 'flat':
      return {
        name: table.name,
        tableType: 'EXTERNAL_TABLE',
        parameters: { classification: 'parquet' },
        storageDescriptor: { columns: columns(table), location, ...parquetStorage },
      };
    case 'json':
      return {
        name: table.name,
        tableType: 'EXTERNAL_TABLE',
        parameters: { classification: 'json' },
        storageDescriptor: { columns: columns(table), location, ...jsonStorage },
      };
  }
}

/**
 * A digest of every base table's Glue definition (names, columns, types, layout, storage). The views
 * custom resource carries it, so a deploy that changes any table's schema re-runs every view, which
 * Athena would otherwise leave compiled against the old columns. The bucket is left out: it is the
 * same for all tables, and the views name tables, not locations.
 */
export function tableDefinitionsDigest(tables: readonly BaseTable[]): string {
  const definitions = tables.map((table) => glueTableInput(table, 'lake'));
  return createHash('sha256').update(JSON.stringify(definitions)).digest('hex');
}
