// A carescore Lambda: one handler module bundled the one way (lambda-bundling.ts), on Node 22 and
// arm64, with its own role (log writing only, until grants add more) and its own log group.
import { fileURLToPath } from 'node:url';
import { type Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { LambdaEnvironmentName } from '../../functions/aws/lambda-environment.ts';
import { lambdaCode } from '../bundling/lambda-bundling.ts';

/** The Lambdas, each a folder under functions/ with a handler.ts exporting `handler`. */
export type CarescoreHandler = 'ingest' | 'score' | 'alerts' | 'views' | 'upload' | 'web-api';

export function handlerEntry(name: CarescoreHandler): string {
  return fileURLToPath(new URL(`../../functions/${name}/handler.ts`, import.meta.url));
}

export interface CarescoreFunctionProps {
  /** The handler module (a .ts file exporting `handler`). */
  readonly entry: string;
  readonly description: string;
  readonly timeout: Duration;
  /** @default 1024 */
  readonly memorySize?: number;
  /** Only the variables named in functions/lambda-environment.ts, so handler and stack agree. */
  readonly environment?: Partial<Record<LambdaEnvironmentName, string>>;
  /** `cdk destroy` deletes the log group too. @default false */
  readonly destroyData?: boolean;
}

export class CarescoreFunction extends lambda.Function {
  /** The function's own role, for grants beyond the invoke and event-source ones CDK adds. */
  readonly executionRole: iam.Role;

  constructor(scope: Construct, id: string, props: CarescoreFunctionProps) {
    const logGroup = new logs.LogGroup(scope, `${id}Logs`, {
      // A quarter: long enough to trace a late or disputed monthly return back to its processing.
      retention: logs.RetentionDays.THREE_MONTHS,
      removalPolicy: props.destroyData ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
    });
    // An explicit role instead of the AWSLambdaBasicExecutionRole managed policy, whose log
    // permissions cover every log group in the account.
    const role = new iam.Role(scope, `${id}Role`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs the ${id} Lambda`,
    });
    super(scope, id, {
      code: lambdaCode(props.entry),
      handler: 'index.handler',
      description: props.description,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 1024,
      timeout: props.timeout,
      environment: props.environment ?? {},
      role,
      logGroup,
    });
    this.executionRole = role;
    logGroup.grantWrite(role);
    Validations.of(this).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'Node 22 is deliberate (DESIGN §3): it is the newest runtime the core is tested on (CI runs Node 20 and 22); move to Node 24 together with CI.',
    });
  }
}
