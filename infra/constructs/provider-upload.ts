// Provider isolation: people sign in to a Cognito user pool (providers carry custom:provider_id,
// commissioners are in a group) and call an HTTP API whose JWT authorizer verifies them. The upload
// Lambda turns the verified claims into a presigned POST for one key under landing/<their id>/, and
// serves their own validation reports. Its role can do no more than that: a presigned URL never
// exceeds its signer's rights, and the per-provider prefix is pinned by the signed POST conditions.
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { commissionersGroup, providerIdClaim } from '../../functions/aws/access/principal.ts';
import { lambdaEnvironment } from '../../functions/aws/lambda-environment.ts';
import { functionTimeoutSeconds } from '../../functions/aws/timeouts.ts';
import { lakePrefixes, landingPrefix } from '../lake-prefixes.ts';
import { grantObjectAccess } from '../object-access.ts';
import { CarescoreFunction, handlerEntry } from './carescore-function.ts';

export interface ProviderUploadProps {
  readonly landingBucket: s3.IBucket;
  readonly lakeBucket: s3.IBucket;
  readonly encryptionKey: kms.IKey;
  /** The largest file a presigned POST accepts, in MiB. */
  readonly uploadMaxMb: number;
  /**
   * Send Cognito's e-mails through SES from this verified address (and region). @default Cognito's
   * own sender, limited to about 50 e-mails a day
   */
  readonly sesEmail?: { readonly fromEmail: string; readonly sesRegion: string };
  /** `cdk destroy` deletes the user pool and its users. @default false */
  readonly destroyData?: boolean;
  /** The web app that signs people in (managed login) and calls the API from its origin. */
  readonly web: WebSignIn;
}

interface WebSignIn {
  /** https://<CloudFront domain>, the one origin CORS allows. */
  readonly origin: string;
  /** Where managed login may send people back to after signing in and out (the app's URL first). */
  readonly callbackUrls: readonly string[];
  /** The managed login domain's prefix: https://<prefix>.auth.<region>.amazoncognito.com */
  readonly authDomainPrefix: string;
}

const MIB = 1024 * 1024;
// Cognito names a custom attribute without its 'custom:' prefix; the tokens carry it with.
const providerIdAttribute = providerIdClaim.replace(/^custom:/, '');

export class ProviderUpload extends Construct {
  readonly userPool: cognito.UserPool;
  readonly client: cognito.UserPoolClient;
  readonly api: apigwv2.HttpApi;
  readonly authorizer: HttpUserPoolAuthorizer;
  readonly uploadFunction: CarescoreFunction;
  /** https://<prefix>.auth.<region>.amazoncognito.com, the managed login. */
  readonly loginDomainUrl: string;

  constructor(scope: Construct, id: string, props: ProviderUploadProps) {
    super(scope, id);
    const destroyData = props.destroyData ?? false;

    this.userPool = new cognito.UserPool(this, 'Users', {
      // The council creates every account: nobody can sign up and choose a provider id.
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      customAttributes: {
        // Mutable so the council can correct it; no app client may write it (see below).
        [providerIdAttribute]: new cognito.StringAttribute({ minLen: 1, maxLen: 64, mutable: true }),
      },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
      },
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      ...(props.sesEmail
        ? {
            email: cognito.UserPoolEmail.withSES({
              fromEmail: props.sesEmail.fromEmail,
              fromName: 'carescore',
              sesRegion: props.sesEmail.sesRegion,
            }),
          }
        : {}),
      // Plus tier: stops compromised-credential and risky sign-ins to accounts that can upload data.
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: !destroyData,
      removalPolicy: destroyData ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
    });
    new cognito.UserPoolGroup(this, 'Commissioners', {
      userPool: this.userPool,
      groupName: commissionersGroup,
      description: 'Council commissioners: upload council feeds and read council reports.',
    });
    this.client = this.userPool.addClient('Portal', {
      authFlows: { userSrp: true },
      generateSecret: false,
      preventUserExistenceErrors: true,
      // The web app signs in through managed login: authorization code with PKCE, a public client
      // (no secret), never the implicit grant.
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
        callbackUrls: [...props.web.callbackUrls],
        logoutUrls: [...props.web.callbackUrls],
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      enableTokenRevocation: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
      readAttributes: new cognito.ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true, fullname: true })
        .withCustomAttributes(providerIdAttribute),
      // Users may change their display name only: a provider able to write custom:provider_id
      // could act as any other provider.
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ fullname: true }),
    });

    // Managed login (version 2) with Cognito's own look; TOTP MFA as the pool requires.
    const domain = this.userPool.addDomain('Login', {
      cognitoDomain: { domainPrefix: props.web.authDomainPrefix },
      managedLoginVersion: cognito.ManagedLoginVersion.NEWER_MANAGED_LOGIN,
    });
    this.loginDomainUrl = domain.baseUrl();
    const branding = new cognito.CfnManagedLoginBranding(this, 'LoginBranding', {
      userPoolId: this.userPool.userPoolId,
      clientId: this.client.userPoolClientId,
      useCognitoProvidedValues: true,
    });
    branding.node.addDependency(domain);

    this.uploadFunction = new CarescoreFunction(this, 'Upload', {
      entry: handlerEntry('upload'),
      description: 'Upload API: presigned POSTs into landing/<provider>/, and providers’ own reports.',
      timeout: Duration.seconds(functionTimeoutSeconds.upload),
      memorySize: 512,
      environment: {
        [lambdaEnvironment.landingBucket]: props.landingBucket.bucketName,
        [lambdaEnvironment.lakeBucket]: props.lakeBucket.bucketName,
        [lambdaEnvironment.uploadMaxBytes]: String(props.uploadMaxMb * MIB),
      },
      destroyData,
    });
    const role = this.uploadFunction.executionRole;
    grantObjectAccess(
      role,
      { bucket: props.landingBucket, key: props.encryptionKey, label: 'landing' },
      { write: [landingPrefix] },
    );
    grantObjectAccess(
      role,
      { bucket: props.lakeBucket, key: props.encryptionKey, label: 'lake' },
      // ListBucket only so a report not written yet is a 404 the handler can explain, not a 403.
      { read: [lakePrefixes.reports], list: true },
    );

    const accessLogs = new logs.LogGroup(this, 'ApiAccessLogs', {
      retention: logs.RetentionDays.ONE_YEAR,
      removalPolicy: destroyData ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
    });
    this.api = new apigwv2.HttpApi(this, 'Api', {
      description: 'carescore: the web app API, uploads and validation reports',
      createDefaultStage: false,
      // Only the web app's own origin may call it from a browser (API Gateway answers preflights).
      corsPreflight: {
        allowOrigins: [props.web.origin],
        allowMethods: [apigwv2.CorsHttpMethod.GET, apigwv2.CorsHttpMethod.POST],
        allowHeaders: ['authorization', 'content-type'],
        maxAge: Duration.hours(1),
      },
    });
    new apigwv2.HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      autoDeploy: true,
      // A page of the web app makes a few calls at once, for a few hundred people at most; this
      // only stops a runaway client.
      throttle: { rateLimit: 50, burstLimit: 100 },
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(accessLogs),
        format: apigateway.AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            requestTime: '$context.requestTime',
            sourceIp: '$context.identity.sourceIp',
            routeKey: '$context.routeKey',
            status: '$context.status',
            user: '$context.authorizer.claims.sub',
            authorizerError: '$context.authorizer.error',
            integrationError: '$context.integrationErrorMessage',
          }),
        ),
      },
    });
    const authorizer = new HttpUserPoolAuthorizer('Cognito', this.userPool, {
      userPoolClients: [this.client],
    });
    this.authorizer = authorizer;
    const integration = new HttpLambdaIntegration('Upload', this.uploadFunction);
    this.api.addRoutes({ path: '/uploads', methods: [apigwv2.HttpMethod.POST], integration, authorizer });
    this.api.addRoutes({
      path: '/reports/{submissionId}',
      methods: [apigwv2.HttpMethod.GET],
      integration,
      authorizer,
    });
  }
}
