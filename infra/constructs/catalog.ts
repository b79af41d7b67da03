// The commissioners' SQL interface: a Glue database with a table per lake base table (partition
// projection, no crawler), an Athena workgroup that enforces encrypted results and a scan limit,
// and the views of queries/views created in it by a custom resource on every deploy.
import { CustomResource, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as athena from 'aws-cdk-lib/aws-athena';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { functionTimeoutSeconds } from '../../functions/aws/timeouts.ts';
import { contracts } from '../../functions/domain/contracts/index.ts';
import { baseTables, baseViews } from '../../functions/lake/base-tables.ts';
import { isMerged } from '../../functions/lake/curated.ts';
import { keys } from '../../functions/lake/keys.ts';
import { loadViews, viewNames } from '../../functions/lake/views.ts';
import { glueTableInput, tableDefinitionsDigest } from '../catalog/glue-table-input.ts';
import { lakePrefixes } from '../lake-prefixes.ts';
import { acknowledgeWildcardResource } from '../nag-findings.ts';
import { addStatement, grantObjectAccess, type PolicyHolder } from '../object-access.ts';
import { CarescoreFunction, handlerEntry } from './carescore-function.ts';

/** The curated folders that hold only committed data: every merged (council feed) table's. */
function committedCuratedPrefixes(): string[] {
  return Object.values(contracts)
    .filter(isMerged)
    .map((contract) => keys.curatedPrefix(contract.table));
}

export interface CatalogProps {
  /** The Glue database; the workgroup takes the same name. */
  readonly databaseName: string;
  readonly lakeBucket: s3.IBucket;
  /** Where Athena writes query results. */
  readonly queryResultsBucket: s3.IBucket;
  readonly encryptionKey: kms.IKey;
  /** Athena cancels a query that scans more than this many MiB. */
  readonly bytesScannedCutoffMb: number;
  /** `cdk destroy` removes the workgroup even with saved queries in it. @default false */
  readonly destroyData?: boolean;
}

// Under this prefix of the query-results bucket; the bucket's lifecycle expires them.
const queryResultsPrefix = 'queries/';
const MIB = 1024 * 1024;

export class Catalog extends Construct {
  readonly databaseName: string;
  readonly workGroup: athena.CfnWorkGroup;
  readonly viewsFunction: CarescoreFunction;
  private readonly props: CatalogProps;

  constructor(scope: Construct, id: string, props: CatalogProps) {
    super(scope, id);
    this.props = props;
    this.databaseName = props.databaseName;
    const stack = Stack.of(this);

    const database = new glue.CfnDatabase(this, 'Database', {
      catalogId: stack.account,
      databaseInput: {
        name: props.databaseName,
        description: 'carescore lake: curated inputs, results, the submission ledger, and the views.',
      },
    });
    const tables = baseTables().map((table) => {
      const cfnTable = new glue.CfnTable(this, `Table-${table.name}`, {
        catalogId: stack.account,
        databaseName: props.databaseName,
        tableInput: glueTableInput(table, props.lakeBucket.bucketName),
      });
      cfnTable.node.addDependency(database);
      return cfnTable;
    });

    this.workGroup = new athena.CfnWorkGroup(this, 'WorkGroup', {
      name: props.databaseName,
      description: 'carescore queries: engine v3, encrypted results, bytes-scanned limit.',
      state: 'ENABLED',
      recursiveDeleteOption: props.destroyData ?? false,
      workGroupConfiguration: {
        engineVersion: { selectedEngineVersion: 'Athena engine version 3' },
        // Clients cannot point results elsewhere, unencrypted, or lift the scan limit.
        enforceWorkGroupConfiguration: true,
        publishCloudWatchMetricsEnabled: true,
        bytesScannedCutoffPerQuery: props.bytesScannedCutoffMb * MIB,
        resultConfiguration: {
          outputLocation: `s3://${props.queryResultsBucket.bucketName}/${queryResultsPrefix}`,
          encryptionConfiguration: { encryptionOption: 'SSE_KMS', kmsKey: props.encryptionKey.keyArn },
        },
      },
    });

    this.viewsFunction = new CarescoreFunction(this, 'CreateViews', {
      entry: handlerEntry('views'),
      description: 'Custom resource: CREATE OR REPLACE VIEW for each file of queries/views, in order.',
      timeout: Duration.seconds(functionTimeoutSeconds.views),
      memorySize: 256,
      destroyData: props.destroyData ?? false,
    });
    this.grantViewManagement(this.viewsFunction.executionRole);

    const provider = this.viewsProvider();
    const views = new CustomResource(this, 'Views', {
      serviceToken: provider.serviceToken,
      resourceType: 'Custom::AthenaViews',
      properties: {
        WorkGroup: this.workGroup.ref,
        Database: props.databaseName,
        // First each provider-return table's view with each submission's rows once
        // (base-tables.ts baseViews), then the views of queries/views.
        Views: [...baseViews(), ...loadViews()],
        // Not read by the handler: a changed table schema changes this, so CloudFormation sends an
        // Update and every view is re-created over the new columns, as a changed SQL file would.
        TableDefinitions: tableDefinitionsDigest(baseTables()),
      },
    });
    views.node.addDependency(...tables, this.workGroup);
  }

  /**
   * Lets people's roles query the views: Athena in the workgroup, the catalog, and the lake data;
   * with `console: false` (a function's role), without what only the Athena console needs.
   */
  grantQuery(holder: PolicyHolder, options: { console?: boolean } = {}): void {
    const { lakeBucket, queryResultsBucket, encryptionKey } = this.props;
    addStatement(
      holder,
      new iam.PolicyStatement({
        actions: [
          'athena:StartQueryExecution',
          'athena:StopQueryExecution',
          'athena:GetQueryExecution',
          'athena:GetQueryResults',
          'athena:GetQueryRuntimeStatistics',
          'athena:BatchGetQueryExecution',
          'athena:ListQueryExecutions',
          'athena:GetWorkGroup',
        ],
        resources: [this.workGroupArn()],
      }),
    );
    const everyTable = this.tableArn('*');
    addStatement(
      holder,
      new iam.PolicyStatement({
        actions: [
          'glue:GetDatabase',
          'glue:GetDatabases',
          'glue:GetTable',
          'glue:GetTables',
          'glue:GetPartitions',
        ],
        resources: [this.catalogArn(), this.databaseArn(), everyTable],
      }),
    );
    acknowledgeWildcardResource(
      holder,
      everyTable,
      `Reading the catalog: Athena and its console list the tables of the ${this.databaseName} database, which holds only the lake tables and views this policy exists to query.`,
    );
    // Athena reads table data with the caller's own permissions, so only committed data is granted:
    // the council feeds' tables (rebuilt from committed submissions only), the results (scored from
    // committed data) and the ledger (a record is the commit). Not the append tables (monthly
    // returns, self-assessments): ingest writes each submission's rows there before its ledger
    // record, so an interrupted ingest's rows could show. No view reads them.
    grantObjectAccess(
      holder,
      { bucket: lakeBucket, key: encryptionKey, label: 'lake' },
      { read: [...committedCuratedPrefixes(), lakePrefixes.results, lakePrefixes.ledger], list: true },
    );
    this.grantQueryResults(holder, queryResultsBucket, encryptionKey);
    if (options.console ?? true) this.grantConsoleListing(holder);
  }

  private grantConsoleListing(holder: PolicyHolder): void {
    // The Athena console lists the workgroups, catalogs, databases and tables before anyone can
    // pick the carescore ones. The catalog-level listings name the AwsDataCatalog; the two account
    // listings (workgroups, engine versions) and ListDataCatalogs have no resource type in IAM, so
    // they can only be granted on "*" and reveal names, never data.
    addStatement(
      holder,
      new iam.PolicyStatement({
        actions: ['athena:ListWorkGroups', 'athena:ListDataCatalogs', 'athena:ListEngineVersions'],
        resources: ['*'],
      }),
    );
    Validations.of(holder).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'athena:ListWorkGroups, ListDataCatalogs and ListEngineVersions have no resource type in IAM: the Athena console needs them to show the carescore workgroup; they list names only.',
    });
    addStatement(
      holder,
      new iam.PolicyStatement({
        actions: [
          'athena:GetDataCatalog',
          'athena:ListDatabases',
          'athena:GetDatabase',
          'athena:ListTableMetadata',
          'athena:GetTableMetadata',
        ],
        resources: [this.dataCatalogArn()],
      }),
    );
  }

  /** What the views function needs to run CREATE OR REPLACE VIEW and DROP VIEW, and nothing else. */
  private grantViewManagement(role: iam.Role): void {
    const { queryResultsBucket, encryptionKey } = this.props;
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: [
          'athena:StartQueryExecution',
          'athena:GetQueryExecution',
          'athena:GetQueryResults',
          'athena:StopQueryExecution',
        ],
        resources: [this.workGroupArn()],
      }),
    );
    const viewArns = [...baseViews().map((view) => view.name), ...viewNames].map((name) =>
      this.tableArn(name),
    );
    const baseTableArns = baseTables().map((table) => this.tableArn(table.name));
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['glue:GetDatabase', 'glue:GetTable'],
        resources: [this.catalogArn(), this.databaseArn(), ...baseTableArns, ...viewArns],
      }),
    );
    // A view is a Glue table: only the views named in queries/views, and the provider-return tables'
    // views, may be created, changed or dropped.
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['glue:CreateTable', 'glue:UpdateTable', 'glue:DeleteTable'],
        resources: [this.catalogArn(), this.databaseArn(), ...viewArns],
      }),
    );
    this.grantQueryResults(role, queryResultsBucket, encryptionKey);
  }

  private grantQueryResults(holder: PolicyHolder, bucket: s3.IBucket, key: kms.IKey): void {
    grantObjectAccess(
      holder,
      { bucket, key, label: 'Athena query results' },
      { read: [queryResultsPrefix], write: [queryResultsPrefix], list: true },
    );
    addStatement(
      holder,
      new iam.PolicyStatement({ actions: ['s3:GetBucketLocation'], resources: [bucket.bucketArn] }),
    );
  }

  private viewsProvider(): cr.Provider {
    // Its own role and log group rather than the defaults: the managed basic-execution policy and
    // a log group kept forever.
    const role = new iam.Role(this, 'ViewsProviderRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Runs the custom-resource framework that calls the views function',
    });
    const logGroup = new logs.LogGroup(this, 'ViewsProviderLogs', {
      retention: logs.RetentionDays.THREE_MONTHS,
      removalPolicy: this.props.destroyData ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
    });
    logGroup.grantWrite(role);
    const provider = new cr.Provider(this, 'ViewsProvider', {
      onEventHandler: this.viewsFunction,
      frameworkOnEventRole: role,
      logGroup,
    });
    // The framework picks the newest Node runtime on x86; run it like every carescore Lambda.
    const framework = provider.node.findChild('framework-onEvent') as lambda.Function;
    const cfnFramework = framework.node.defaultChild as lambda.CfnFunction;
    cfnFramework.runtime = lambda.Runtime.NODEJS_22_X.name;
    cfnFramework.architectures = [lambda.Architecture.ARM_64.name];
    Validations.of(framework).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'Set to Node 22 like every carescore Lambda (DESIGN §3): one runtime to patch and test; CDK’s framework code runs on it unchanged.',
    });
    acknowledgeWildcardResource(
      role,
      `${this.viewsFunction.functionArn}:*`,
      'The custom-resource framework may invoke any version of the views function; CDK grants the function ARN and its version ARNs together.',
    );
    return provider;
  }

  private workGroupArn(): string {
    return Stack.of(this).formatArn({
      service: 'athena',
      resource: 'workgroup',
      resourceName: this.workGroup.ref,
    });
  }

  /** Athena's name for the Glue catalog, which the console's catalog listings are authorised on. */
  private dataCatalogArn(): string {
    return Stack.of(this).formatArn({
      service: 'athena',
      resource: 'datacatalog',
      resourceName: 'AwsDataCatalog',
    });
  }

  private catalogArn(): string {
    return Stack.of(this).formatArn({ service: 'glue', resource: 'catalog' });
  }

  private databaseArn(): string {
    return Stack.of(this).formatArn({
      service: 'glue',
      resource: 'database',
      resourceName: this.databaseName,
    });
  }

  private tableArn(name: string): string {
    return Stack.of(this).formatArn({
      service: 'glue',
      resource: 'table',
      resourceName: `${this.databaseName}/${name}`,
    });
  }
}
