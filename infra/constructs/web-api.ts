// The web app's API on AWS: the web-api Lambda (functions/web-api) at `ANY /api/{proxy+}` on the
// HTTP API, behind the same Cognito JWT authorizer as the uploads. Its role reads what the API
// reads (the views through Athena, the reports) and writes only the alerts table, which a
// commissioner's acknowledge and withdraw rewrite.
import { Duration } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import type { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { lambdaEnvironment } from '../../functions/aws/lambda-environment.ts';
import { functionTimeoutSeconds } from '../../functions/aws/timeouts.ts';
import { contracts } from '../../functions/domain/contracts/index.ts';
import { keys } from '../../functions/lake/keys.ts';
import { lakePrefixes } from '../lake-prefixes.ts';
import { grantObjectAccess } from '../object-access.ts';
import { CarescoreFunction, handlerEntry } from './carescore-function.ts';
import type { Catalog } from './catalog.ts';

export interface WebApiProps {
  readonly api: apigwv2.HttpApi;
  readonly authorizer: HttpUserPoolAuthorizer;
  readonly lakeBucket: s3.IBucket;
  readonly encryptionKey: kms.IKey;
  readonly catalog: Catalog;
  readonly destroyData?: boolean;
}

/** The path under /api the route proxies, as API Gateway writes it. */
const webApiRoutePath = '/api/{proxy+}';

export class WebApi extends Construct {
  readonly function: CarescoreFunction;

  constructor(scope: Construct, id: string, props: WebApiProps) {
    super(scope, id);
    this.function = new CarescoreFunction(this, 'WebApi', {
      entry: handlerEntry('web-api'),
      description:
        "Web app API: the scorecards, returns and alerts a signed-in person may see, from Athena's views.",
      timeout: Duration.seconds(functionTimeoutSeconds.webApi),
      memorySize: 1024,
      environment: {
        [lambdaEnvironment.lakeBucket]: props.lakeBucket.bucketName,
        [lambdaEnvironment.athenaWorkGroup]: props.catalog.workGroup.ref,
        [lambdaEnvironment.glueDatabase]: props.catalog.databaseName,
      },
      destroyData: props.destroyData ?? false,
    });
    const role = this.function.executionRole;
    // Athena in the workgroup, the catalog, and the committed lake data the views read.
    props.catalog.grantQuery(role, { console: false });
    grantObjectAccess(
      role,
      { bucket: props.lakeBucket, key: props.encryptionKey, label: 'lake' },
      // Validation reports (GET …/report); a month's page shows the quarter's self-assessment rows,
      // which only this server reads (filtered to committed submissions in the route's SQL, since
      // ingest writes rows before their ledger record); the alerts table, which acknowledge and
      // withdraw rewrite.
      {
        read: [lakePrefixes.reports, keys.curatedPrefix(contracts['self-assessment'].table)],
        write: [keys.resultsPrefix('alerts')],
      },
    );
    props.api.addRoutes({
      path: webApiRoutePath,
      methods: [apigwv2.HttpMethod.ANY],
      integration: new HttpLambdaIntegration('WebApi', this.function),
      authorizer: props.authorizer,
    });
  }
}
