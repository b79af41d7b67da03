import { readFileSync } from 'node:fs';
import type * as iam from 'aws-cdk-lib/aws-iam';
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference.js';
import { describe, expect, it } from 'vitest';
import { commissionersGroup, providerIdClaim } from '../../functions/aws/access/principal.ts';
import { lambdaEnvironment } from '../../functions/aws/lambda-environment.ts';
import { contracts } from '../../functions/domain/contracts/index.ts';
import { defaultReadLimits } from '../../functions/domain/formats/limits.ts';
import { baseTables, baseViews } from '../../functions/lake/base-tables.ts';
import { viewFile, viewNames } from '../../functions/lake/views.ts';
import { resourcesOf, type TemplateResource, useSynthesizedCarescore } from './synthesized-app.ts';

const carescore = useSynthesizedCarescore();

type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown };

function resources(type: string): Record<string, TemplateResource> {
  return resourcesOf(carescore().template, type);
}

const asArray = <T>(x: T | T[]): T[] => (Array.isArray(x) ? x : [x]);

// CDK's own BucketDeployment function (it copies web/dist into the web bucket during a deploy):
// its policy is CDK's, with wildcard actions, checked on its own below.
const isBucketDeployment = (p: TemplateResource) =>
  (p.Properties.Roles as { Ref: string }[] | undefined)?.some((r) =>
    r.Ref.startsWith('CustomCDKBucketDeployment'),
  ) ?? false;

/** Each identity-policy statement in the template (inline, default and managed policies) but CDK's. */
function identityStatements(): Statement[] {
  return [
    ...Object.values(resources('AWS::IAM::Policy')).filter((p) => !isBucketDeployment(p)),
    ...Object.values(resources('AWS::IAM::ManagedPolicy')),
  ].flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
}

/** `action on resource` for every Allow in the role's policies, resources written as cdk-nag does. */
function grantsOf(role: iam.Role): string[] {
  const roleId = carescore().stack.getLogicalId(role.node.defaultChild as never);
  return Object.values(resources('AWS::IAM::Policy'))
    .filter((p) => (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === roleId))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[])
    .filter((s) => s.Effect === 'Allow')
    .flatMap((s) =>
      asArray(s.Action).flatMap((action) =>
        asArray(s.Resource).map((resource) => `${action} on ${flattenCfnReference(resource)}`),
      ),
    );
}

const s3GrantsOf = (role: iam.Role) =>
  grantsOf(role)
    .filter((g) => g.startsWith('s3:'))
    .sort();

function bucketArn(bucket: { node: { defaultChild?: unknown } }): string {
  return `<${carescore().stack.getLogicalId(bucket.node.defaultChild as never)}.Arn>`;
}

// Account-wide listings with no resource type in IAM: "*" is the only resource they take, and they
// reveal names, never data. The Athena console needs them to show the carescore workgroup.
const resourcelessListings = [
  'athena:ListWorkGroups',
  'athena:ListDataCatalogs',
  'athena:ListEngineVersions',
];

describe('identity policies', () => {
  it('never allow a wildcard action, nor Resource "*" except for the resource-less Athena listings', () => {
    const statements = identityStatements().filter((s) => s.Effect === 'Allow');
    expect(statements.length).toBeGreaterThan(20);
    for (const s of statements) {
      if (asArray(s.Resource).includes('*'))
        expect(asArray(s.Action).sort()).toEqual([...resourcelessListings].sort());
      for (const action of asArray(s.Action)) expect(action).not.toMatch(/\*/);
    }
  });

  it("let CDK's front-end deployment reach only the assets and web buckets, and CloudFront invalidations", () => {
    const { stack } = carescore();
    const web = stack.getLogicalId(stack.webApp.bucket.node.defaultChild as never);
    const policies = Object.values(resources('AWS::IAM::Policy')).filter(isBucketDeployment);
    expect(policies).toHaveLength(1);
    for (const s of policies[0]!.Properties.PolicyDocument.Statement as Statement[]) {
      const targets = asArray(s.Resource).map((r) => flattenCfnReference(r));
      if (targets.includes('*')) {
        expect(asArray(s.Action).sort()).toEqual([
          'cloudfront:CreateInvalidation',
          'cloudfront:GetInvalidation',
        ]);
        continue;
      }
      for (const target of targets)
        expect(target).toMatch(new RegExp(`^(<${web}\\.Arn>|.*cdk-hnb659fds-assets-.*)`));
      if (asArray(s.Action).some((a) => /Put|Delete/.test(a)))
        expect(targets.every((t) => t.startsWith(`<${web}.Arn>`))).toBe(true);
    }
  });

  it('let commissioners read only committed data: merged council tables, results, the ledger, never the append tables', () => {
    const { stack } = carescore();
    const lake = bucketArn(stack.lakeBucket);
    const policy =
      resources('AWS::IAM::ManagedPolicy')[
        stack.getLogicalId(stack.commissionerQueryPolicy.node.defaultChild as never)
      ]!;
    const reads = (policy.Properties.PolicyDocument.Statement as Statement[])
      .filter((s) => asArray(s.Action).includes('s3:GetObject'))
      .flatMap((s) => asArray(s.Resource).map((r) => flattenCfnReference(r)))
      .filter((r) => r.startsWith(lake));
    const merged = Object.values(contracts).filter((c) => c.storage !== 'append');
    expect(reads.sort()).toEqual(
      [...merged.map((c) => `${lake}/curated/${c.table}/*`), `${lake}/results/*`, `${lake}/ledger/*`].sort(),
    );
    for (const table of ['monthly_returns', 'self_assessments'])
      expect(reads.join()).not.toContain(`/${table}/`);
    // Every table a view reads is among those granted.
    const viewSql = viewNames.map((name) => readFileSync(viewFile(name), 'utf8')).join('\n');
    for (const table of baseTables()) {
      if (!new RegExp(`\\b(FROM|JOIN)\\s+${table.name}\\b`, 'i').test(viewSql)) continue;
      expect(reads.some((r) => `${lake}/${table.prefix}`.startsWith(r.replace(/\*$/, '')))).toBe(true);
    }
  });

  it('let commissioners use the Athena console: list workgroups, catalogs, databases and tables', () => {
    const policy =
      resources('AWS::IAM::ManagedPolicy')[
        carescore().stack.getLogicalId(carescore().stack.commissionerQueryPolicy.node.defaultChild as never)
      ]!;
    const actions = (policy.Properties.PolicyDocument.Statement as Statement[]).flatMap((s) =>
      asArray(s.Action),
    );
    expect(actions).toEqual(
      expect.arrayContaining([
        ...resourcelessListings,
        'athena:GetDataCatalog',
        'athena:ListDatabases',
        'athena:GetDatabase',
        'athena:ListTableMetadata',
        'athena:GetTableMetadata',
        'athena:GetWorkGroup',
        'glue:GetDatabases',
        'glue:GetTables',
      ]),
    );
    const catalog = (policy.Properties.PolicyDocument.Statement as Statement[]).find((s) =>
      asArray(s.Action).includes('athena:ListDatabases'),
    )!;
    expect(JSON.stringify(catalog.Resource)).toContain(':datacatalog/AwsDataCatalog');
  });
});

describe('each Lambda reaches only the lake prefixes it uses', () => {
  it('score reads curated/, ledger/ and settings/, writes results/ only, and cannot write curated/', () => {
    const lake = bucketArn(carescore().stack.lakeBucket);
    const grants = s3GrantsOf(carescore().stack.scoring.scoreFunction.executionRole);
    expect(grants).toEqual(
      [
        `s3:GetObject on ${lake}/curated/*`,
        `s3:GetObject on ${lake}/ledger/*`,
        `s3:GetObject on ${lake}/settings/*`,
        `s3:PutObject on ${lake}/results/*`,
        `s3:ListBucket on ${lake}`,
      ].sort(),
    );
    expect(grants).not.toContain(`s3:PutObject on ${lake}/curated/*`);
  });

  it('ingest reads the landing version it was told of and writes every lake area but results/', () => {
    const { lakeBucket, landingBucket, ingest } = carescore().stack;
    const lake = bucketArn(lakeBucket);
    const landing = bucketArn(landingBucket);
    expect(s3GrantsOf(ingest.ingestFunction.executionRole)).toEqual(
      [
        `s3:GetObject on ${landing}/landing/*`,
        `s3:GetObjectVersion on ${landing}/landing/*`,
        `s3:GetObject on ${lake}/ledger/*`,
        `s3:GetObject on ${lake}/reports/*`,
        `s3:GetObject on ${lake}/curated/*`,
        `s3:GetObject on ${lake}/settings/*`,
        `s3:PutObject on ${lake}/raw/*`,
        `s3:PutObject on ${lake}/ledger/*`,
        `s3:PutObject on ${lake}/quarantine/*`,
        `s3:PutObject on ${lake}/reports/*`,
        `s3:PutObject on ${lake}/curated/*`,
        `s3:DeleteObject on ${lake}/curated/*`,
        `s3:DeleteObject on ${lake}/quarantine/*`,
        `s3:ListBucket on ${lake}`,
      ].sort(),
    );
  });

  it('alerts reads results, curated and the ledger, and writes only results/alerts/', () => {
    const lake = bucketArn(carescore().stack.lakeBucket);
    const writes = s3GrantsOf(carescore().stack.alerts.alertsFunction.executionRole).filter((g) =>
      /Put|Delete/.test(g),
    );
    expect(writes).toEqual([`s3:PutObject on ${lake}/results/alerts/*`]);
    // The council's go-live month, which decides the first month alerts look at.
    expect(s3GrantsOf(carescore().stack.alerts.alertsFunction.executionRole)).toContain(
      `s3:GetObject on ${lake}/settings/*`,
    );
  });

  it('upload may only put under landing/ and get reports/ (plus ListBucket, for honest 404s)', () => {
    const { lakeBucket, landingBucket, providerUpload } = carescore().stack;
    const grants = grantsOf(providerUpload.uploadFunction.executionRole);
    expect(grants.filter((g) => g.startsWith('s3:')).sort()).toEqual(
      [
        `s3:PutObject on ${bucketArn(landingBucket)}/landing/*`,
        `s3:GetObject on ${bucketArn(lakeBucket)}/reports/*`,
        `s3:ListBucket on ${bucketArn(lakeBucket)}`,
      ].sort(),
    );
    expect(grants.every((g) => /^(s3|kms|logs):/.test(g))).toBe(true);
  });

  it('the web API reads committed data, results and reports, and writes only results/alerts/', () => {
    const { lakeBucket, queryResultsBucket, webApi, catalog } = carescore().stack;
    const grants = grantsOf(webApi.function.executionRole);
    const lake = bucketArn(lakeBucket);
    const s3Grants = s3GrantsOf(webApi.function.executionRole);
    expect(s3Grants.filter((g) => /Put|Delete/.test(g)).sort()).toEqual(
      [
        `s3:PutObject on ${bucketArn(queryResultsBucket)}/queries/*`,
        `s3:PutObject on ${lake}/results/alerts/*`,
      ].sort(),
    );
    expect(s3Grants).toEqual(
      expect.arrayContaining([
        `s3:GetObject on ${lake}/results/*`,
        `s3:GetObject on ${lake}/ledger/*`,
        `s3:GetObject on ${lake}/reports/*`,
        // A month's page shows the quarter's self-assessment (the route keeps committed rows only).
        `s3:GetObject on ${lake}/curated/self_assessment/*`,
      ]),
    );
    // Never the raw files, quarantine, landing, or the monthly returns' append table.
    for (const area of ['raw', 'quarantine', 'landing', 'curated/monthly_return'])
      expect(s3Grants.join('\n')).not.toContain(`/${area}/`);
    // Athena in the carescore workgroup only; no console listings, no other service.
    const workGroup = catalog.workGroup.ref;
    expect(grants.filter((g) => g.startsWith('athena:')).every((g) => g.includes('workgroup/'))).toBe(true);
    expect(workGroup).toBeDefined();
    expect(grants.every((g) => /^(s3|kms|logs|athena|glue):/.test(g))).toBe(true);
    expect(grants.some((g) => g.endsWith(' on *'))).toBe(false);
    expect(grants.filter((g) => g.startsWith('glue:')).every((g) => !/Create|Update|Delete/.test(g))).toBe(
      true,
    );
  });

  it('the views Lambda may create, change and drop only the views named in queries/views and the provider-return tables’ views', () => {
    const grants = grantsOf(carescore().stack.catalog.viewsFunction.executionRole);
    const tableOf = (grant: string) => /:table\/carescore\/(\w+)$/.exec(grant)?.[1];
    for (const action of ['glue:CreateTable', 'glue:UpdateTable', 'glue:DeleteTable']) {
      const tables = grants
        .filter((g) => g.startsWith(`${action} on`))
        .map(tableOf)
        .filter(Boolean);
      expect(tables.sort()).toEqual([...baseViews().map((v) => v.name), ...viewNames].sort());
    }
    const readable = grants
      .filter((g) => g.startsWith('glue:GetTable on'))
      .map(tableOf)
      .filter(Boolean);
    expect(readable.sort()).toEqual(
      [...baseTables().map((t) => t.name), ...baseViews().map((v) => v.name), ...viewNames].sort(),
    );
  });
});

describe('provider isolation', () => {
  it('the council creates every account; providers carry custom:provider_id; commissioners are a group', () => {
    const [pool] = Object.values(resources('AWS::Cognito::UserPool'));
    expect(pool!.Properties.AdminCreateUserConfig).toEqual({ AllowAdminCreateUserOnly: true });
    expect(pool!.Properties.MfaConfiguration).toBe('ON');
    expect(pool!.Properties.Schema).toContainEqual(
      expect.objectContaining({ Name: providerIdClaim.replace('custom:', ''), AttributeDataType: 'String' }),
    );
    carescore().template.hasResourceProperties('AWS::Cognito::UserPoolGroup', {
      GroupName: commissionersGroup,
    });
  });

  it('no user can write their own provider id through the app client', () => {
    const [client] = Object.values(resources('AWS::Cognito::UserPoolClient'));
    expect(client!.Properties.ReadAttributes).toContain(providerIdClaim);
    expect(client!.Properties.WriteAttributes).not.toContain(providerIdClaim);
    expect(client!.Properties.WriteAttributes.length).toBeGreaterThan(0); // an empty list would mean "all"
    expect(client!.Properties.GenerateSecret).toBe(false);
  });

  it('every route needs a JWT from the user pool; the web app API is ANY /api/{proxy+} on its own Lambda', () => {
    const { stack } = carescore();
    const { providerUpload } = stack;
    const poolId = stack.getLogicalId(providerUpload.userPool.node.defaultChild as never);
    carescore().template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Audience: [{ Ref: stack.getLogicalId(providerUpload.client.node.defaultChild as never) }],
        Issuer: {
          'Fn::Join': [
            '',
            ['https://cognito-idp.', { Ref: 'AWS::Region' }, '.amazonaws.com/', { Ref: poolId }],
          ],
        },
      },
    });
    const routes = Object.values(resources('AWS::ApiGatewayV2::Route'));
    expect(routes.map((r) => r.Properties.RouteKey).sort()).toEqual([
      'ANY /api/{proxy+}',
      'GET /reports/{submissionId}',
      'POST /uploads',
    ]);
    const webApiFunction = stack.getLogicalId(stack.webApi.function.node.defaultChild as never);
    const integrations = resources('AWS::ApiGatewayV2::Integration');
    const apiRoute = routes.find((r) => r.Properties.RouteKey === 'ANY /api/{proxy+}')!;
    const integrationId = (apiRoute.Properties.Target['Fn::Join'][1][1] as { Ref: string }).Ref;
    expect(integrations[integrationId]!.Properties.IntegrationUri).toEqual({
      'Fn::GetAtt': [webApiFunction, 'Arn'],
    });
    expect(integrations[integrationId]!.Properties.PayloadFormatVersion).toBe('2.0');
    for (const route of routes) {
      expect(route.Properties.AuthorizationType).toBe('JWT');
      expect(route.Properties.AuthorizerId).toBeDefined();
    }
  });

  it('presigned uploads are capped at the core’s per-file read limit by default', () => {
    const { stack } = carescore();
    const { providerUpload } = stack;
    const fn =
      resources('AWS::Lambda::Function')[
        stack.getLogicalId(providerUpload.uploadFunction.node.defaultChild as never)
      ]!;
    expect(fn.Properties.Environment.Variables[lambdaEnvironment.uploadMaxBytes]).toBe(
      String(defaultReadLimits.maxBytes),
    );
  });
});
