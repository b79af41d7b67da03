// The Glue tables, Athena workgroup and views custom resource, checked against the core's own
// base-table list and the queries/views files.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type BaseTable, baseTables, baseViews } from '../../functions/lake/base-tables.ts';
import { viewFile, viewNames } from '../../functions/lake/views.ts';
import { tableDefinitionsDigest } from '../../infra/catalog/glue-table-input.ts';
import { resourcesOf, type TemplateResource, useSynthesizedCarescore } from './synthesized-app.ts';

const carescore = useSynthesizedCarescore();

function resources(type: string): Record<string, TemplateResource> {
  return resourcesOf(carescore().template, type);
}

function tableInput(name: string): TemplateResource['Properties'] {
  const table = Object.values(resources('AWS::Glue::Table')).find(
    (t) => t.Properties.TableInput.Name === name,
  );
  if (!table) throw new Error(`no Glue table ${name}`);
  return table.Properties.TableInput;
}

function logicalId(construct: { node: { defaultChild?: unknown } }): string {
  return carescore().stack.getLogicalId(construct.node.defaultChild as never);
}

const lakeName = () => ({ Ref: logicalId(carescore().stack.lakeBucket) });
const onlyOf = (layout: BaseTable['layout']) => baseTables().find((t) => t.layout === layout)!;

describe('Glue catalog', () => {
  it('has the configured database and one table per base table of the core', () => {
    carescore().template.hasResourceProperties('AWS::Glue::Database', {
      DatabaseInput: { Name: 'carescore' },
    });
    const names = Object.values(resources('AWS::Glue::Table')).map((t) => t.Properties.TableInput.Name);
    expect(names.sort()).toEqual(
      baseTables()
        .map((t) => t.name)
        .sort(),
    );
    for (const t of Object.values(resources('AWS::Glue::Table')))
      expect(t.Properties.DatabaseName).toBe('carescore');
  });

  it('gives every table the core’s columns, json values as string', () => {
    const glueType = (type: string) => (type === 'json' ? 'string' : type);
    for (const table of baseTables()) {
      const input = tableInput(table.name);
      const columns = [...input.StorageDescriptor.Columns, ...(input.PartitionKeys ?? [])];
      expect(
        Object.fromEntries(columns.map((c: { Name: string; Type: string }) => [c.Name, c.Type])),
      ).toEqual(
        Object.fromEntries(Object.entries(table.columns).map(([name, type]) => [name, glueType(type)])),
      );
    }
  });

  it('projects month partitions from the table parameters, with no partitions to maintain', () => {
    const table = onlyOf('partitioned');
    const input = tableInput(table.name);
    expect(input.PartitionKeys).toEqual([{ Name: 'period', Type: 'string' }]);
    expect(input.StorageDescriptor.Columns.map((c: { Name: string }) => c.Name)).not.toContain('period');
    expect(input.StorageDescriptor.SerdeInfo.SerializationLibrary).toBe(
      'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe',
    );
    expect(input.Parameters).toEqual({
      classification: 'parquet',
      'projection.enabled': 'true',
      'projection.period.type': 'date',
      'projection.period.format': 'yyyy-MM',
      'projection.period.range': '2018-01,NOW',
      'projection.period.interval': '1',
      'projection.period.interval.unit': 'MONTHS',
      'storage.location.template': {
        'Fn::Join': ['', ['s3://', lakeName(), `/${table.prefix}period=\${period}/`]],
      },
    });
    expect(input.StorageDescriptor.Location).toEqual({
      'Fn::Join': ['', ['s3://', lakeName(), `/${table.prefix}`]],
    });
  });

  it('reads flat tables as Parquet at their prefix, unpartitioned', () => {
    const table = onlyOf('flat');
    const input = tableInput(table.name);
    expect(input.PartitionKeys).toBeUndefined();
    expect(input.Parameters).toEqual({ classification: 'parquet' });
    expect(input.StorageDescriptor.Location).toEqual({
      'Fn::Join': ['', ['s3://', lakeName(), `/${table.prefix}`]],
    });
  });

  it('reads the submission ledger as one JSON document per file with the OpenX SerDe', () => {
    const table = onlyOf('json');
    const input = tableInput(table.name);
    expect(input.StorageDescriptor.SerdeInfo.SerializationLibrary).toBe('org.openx.data.jsonserde.JsonSerDe');
    expect(input.StorageDescriptor.Location).toEqual({
      'Fn::Join': ['', ['s3://', lakeName(), '/ledger/submissions/']],
    });
    expect(input.StorageDescriptor.Columns).toContainEqual({ Name: 'file_error', Type: 'string' });
  });
});

describe('Athena workgroup', () => {
  it('enforces engine v3, SSE-KMS results in the results bucket, a scan cutoff and metrics', () => {
    const { stack } = carescore();
    carescore().template.hasResourceProperties('AWS::Athena::WorkGroup', {
      Name: 'carescore',
      WorkGroupConfiguration: {
        EngineVersion: { SelectedEngineVersion: 'Athena engine version 3' },
        EnforceWorkGroupConfiguration: true,
        PublishCloudWatchMetricsEnabled: true,
        BytesScannedCutoffPerQuery: 1024 * 1024 * 1024,
        ResultConfiguration: {
          OutputLocation: {
            'Fn::Join': ['', ['s3://', { Ref: logicalId(stack.queryResultsBucket) }, '/queries/']],
          },
          EncryptionConfiguration: {
            EncryptionOption: 'SSE_KMS',
            KmsKey: { 'Fn::GetAtt': [logicalId(stack.encryptionKey), 'Arn'] },
          },
        },
      },
    });
  });
});

describe('views custom resource', () => {
  it('sends the provider-return tables’ views, then the queries/views files unchanged and in creation order, to the views Lambda', () => {
    const [views] = Object.values(resources('Custom::AthenaViews'));
    expect(views!.Properties.Views).toEqual([
      ...baseViews(),
      ...viewNames.map((name) => ({ name, sql: readFileSync(viewFile(name), 'utf8') })),
    ]);
    expect(baseViews().map((v) => v.name)).toEqual(['monthly_return_once', 'self_assessment_once']);
    expect(views!.Properties.Database).toBe('carescore');
    expect(views!.Properties.WorkGroup).toEqual({
      Ref: carescore().stack.getLogicalId(carescore().stack.catalog.workGroup),
    });
  });

  it('is updated, so every view is re-created, when any base table schema changes', () => {
    const [views] = Object.values(resources('Custom::AthenaViews'));
    const tables = baseTables();
    expect(views!.Properties.TableDefinitions).toBe(tableDefinitionsDigest(tables));
    const changed = (index: number, columns: BaseTable['columns']) =>
      tableDefinitionsDigest(tables.map((t, i) => (i === index ? { ...t, columns } : t)));
    for (const index of [0, tables.length - 1]) {
      const table = tables[index]!;
      const [first] = Object.keys(table.columns);
      const retyped: BaseTable['columns'] = {
        ...table.columns,
        [first!]: table.columns[first!] === 'string' ? 'int' : 'string',
      };
      expect(changed(index, retyped)).not.toBe(views!.Properties.TableDefinitions);
      expect(changed(index, { ...table.columns, added_column: 'string' })).not.toBe(
        views!.Properties.TableDefinitions,
      );
    }
  });

  it('runs after every table and the workgroup exist', () => {
    const [views] = Object.values(resources('Custom::AthenaViews'));
    const tables = Object.keys(resources('AWS::Glue::Table'));
    expect(views!.DependsOn).toEqual(
      expect.arrayContaining([
        ...tables,
        carescore().stack.getLogicalId(carescore().stack.catalog.workGroup),
      ]),
    );
  });

  it('is served by the views Lambda through the provider framework', () => {
    const [views] = Object.values(resources('Custom::AthenaViews'));
    const frameworkId = views!.Properties.ServiceToken['Fn::GetAtt'][0];
    const framework = resources('AWS::Lambda::Function')[frameworkId]!;
    expect(framework.Properties.Environment.Variables.USER_ON_EVENT_FUNCTION_ARN).toEqual({
      'Fn::GetAtt': [logicalId(carescore().stack.catalog.viewsFunction), 'Arn'],
    });
  });
});
