/**
 * The web app in AWS: its files in a private S3 bucket behind CloudFront (origin access
 * control), `/v1/*` on the same distribution routed to the HTTP API (one origin, no
 * CORS), and sign-in through the user pool's managed login with an app client for the
 * authorization code flow with PKCE, whose callback and logout URLs are on the
 * distribution's domain. The app learns its sign-in settings from /app-config.json,
 * written into the bucket at deploy time.
 *
 * Built in two steps because of the JWT authorizer: the client must exist before the
 * authorizer (its audience), and the API before the `/v1/*` behaviour (`routeApi`).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Aws, CfnOutput, Duration, Fn, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  Function as CfFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  OriginSslPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import {
  CfnManagedLoginBranding,
  ClientAttributes,
  ManagedLoginVersion,
  OAuthScope,
  UserPoolClient,
  UserPoolClientIdentityProvider,
  UserPoolDomain,
  type IUserPool,
} from 'aws-cdk-lib/aws-cognito';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership, type CfnBucket, type IBucket } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { UNIT_ATTRIBUTE } from './stateful-stack.ts';
import { PROJECT_ROOT } from './bundling.ts';
import { acknowledge } from './nag.ts';

/** The built app (`npm run web`); `npm run synth` builds it first. */
export const WEB_DIST = join(PROJECT_ROOT, 'web', 'dist');

/** Where Cognito sends the browser back after sign-in and sign-out (the app's routes). */
export const CALLBACK_PATH = '/dang-nhap/xong';
export const LOGOUT_PATH = '/dang-nhap';

/**
 * Viewer-request function: app routes (no file extension) get index.html, so a reload on
 * /don-vi/870/2021-H1 works; files and /v1/* (its own behaviour) are untouched.
 */
export const SPA_FALLBACK_CODE = `function handler(event) {
  var req = event.request;
  var last = req.uri.split('/').pop();
  if (last.indexOf('.') === -1) req.uri = '/index.html';
  return req;
}`;

export interface WebAppProps {
  userPool: IUserPool;
  /** Server access logs of the site bucket. */
  accessLogsBucket: IBucket;
  /** The managed login's domain prefix (<prefix>.auth.<region>.amazoncognito.com); unique per region. */
  loginDomainPrefix?: string;
}

export class WebApp extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  readonly client: UserPoolClient;
  readonly domain: UserPoolDomain;

  constructor(scope: Construct, id: string, props: WebAppProps) {
    super(scope, id);
    const stack = Stack.of(this);

    this.bucket = new Bucket(this, 'Site', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      serverAccessLogsBucket: props.accessLogsBucket,
      serverAccessLogsPrefix: 'site/',
      // Only build output: each deploy replaces it, nothing to keep when the stack goes.
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const headers = new ResponseHeadersPolicy(this, 'Headers', {
      comment: 'CCHC web app: security headers',
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          override: true,
          contentSecurityPolicy: Fn.join('', [
            "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; ",
            "connect-src 'self' https://cognito-idp.",
            Aws.REGION,
            ".amazonaws.com https://*.amazoncognito.com; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
          ]),
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
      },
    });

    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'CCHC report hub: web app and API on one origin',
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_200, // includes the edge locations in Viet Nam
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers,
        compress: true,
        functionAssociations: [
          {
            eventType: FunctionEventType.VIEWER_REQUEST,
            function: new CfFunction(this, 'SpaFallback', {
              comment: 'CCHC web app: app routes answer index.html',
              runtime: FunctionRuntime.JS_2_0,
              code: FunctionCode.fromInline(SPA_FALLBACK_CODE),
            }),
          },
        ],
      },
    });

    // The managed login (hosted pages, new look) on a Cognito domain.
    this.domain = new UserPoolDomain(this, 'LoginDomain', {
      userPool: props.userPool,
      cognitoDomain: { domainPrefix: props.loginDomainPrefix ?? Fn.join('-', ['cchc-hub', Aws.ACCOUNT_ID]) },
      managedLoginVersion: ManagedLoginVersion.NEWER_MANAGED_LOGIN,
    });

    const origin = `https://${this.distribution.distributionDomainName}`;
    this.client = new UserPoolClient(this, 'Client', {
      userPool: props.userPool,
      userPoolClientName: 'cchc-web',
      generateSecret: false, // a browser app: public client, PKCE instead of a secret
      authFlows: {},
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: [`${origin}${CALLBACK_PATH}`],
        logoutUrls: [`${origin}${LOGOUT_PATH}`],
      },
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(12),
      readAttributes: new ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true, fullname: true })
        .withCustomAttributes(UNIT_ATTRIBUTE),
      // Never custom:unit: a user who could write it could report for another unit.
      writeAttributes: new ClientAttributes().withStandardAttributes({ email: true, fullname: true }),
    });
    new CfnManagedLoginBranding(this, 'LoginBranding', {
      userPoolId: props.userPool.userPoolId,
      clientId: this.client.userPoolClientId,
      useCognitoProvidedValues: true,
    });

    // The files, and the sign-in settings the app reads at start.
    if (!existsSync(join(WEB_DIST, 'index.html')))
      throw new Error(`${WEB_DIST} is missing: run \`npm run web\` (npm run synth does) before synthesising`);
    const deployment = new BucketDeployment(this, 'Deploy', {
      destinationBucket: this.bucket,
      sources: [
        Source.asset(WEB_DIST, { exclude: ['.vite', '.vite/**'] }),
        Source.jsonData('app-config.json', {
          mode: 'cognito',
          authority: `https://cognito-idp.${stack.region}.amazonaws.com/${props.userPool.userPoolId}`,
          clientId: this.client.userPoolClientId,
          domain: `${this.domain.domainName}.auth.${stack.region}.amazoncognito.com`,
        }),
      ],
      // Hashed assets are immutable; index.html and app-config.json are revalidated.
      cacheControl: [CacheControl.fromString('public, max-age=60, must-revalidate')],
      distribution: this.distribution,
      distributionPaths: ['/index.html', '/app-config.json'],
      memoryLimit: 512,
    });
    this.acknowledgeDeploymentHandler(deployment);

    acknowledge(
      this.distribution,
      'AwsSolutions-CFR1',
      'No geo restriction: officials sign in from anywhere (travel, roaming phones); every API call needs a Cognito token and the static files hold no data.',
    );
    acknowledge(
      this.distribution,
      'AwsSolutions-CFR2',
      'No WAF web ACL: it costs a monthly fee per province for a site with a few hundred staff; the API behind /v1/* has stage throttling and the JWT authorizer, and sign-in runs on Cognito with threat protection.',
    );
    acknowledge(
      this.distribution,
      'AwsSolutions-CFR3',
      'No CloudFront standard logs: they need an ACL-enabled bucket; API requests are logged by the HTTP API access log and static file reads by the site bucket server access log.',
    );
    acknowledge(
      this.distribution,
      'AwsSolutions-CFR4',
      'The default *.cloudfront.net certificate cannot pin a minimum TLS version; a province that adds its own domain attaches an ACM certificate with TLSv1.2_2021 (infra/README.md).',
    );

    new CfnOutput(stack, 'WebUrl', { value: origin, description: 'The web app (sign-in at /dang-nhap)' });
    new CfnOutput(stack, 'WebClientId', { value: this.client.userPoolClientId });
    new CfnOutput(stack, 'LoginDomain', { value: `${this.domain.domainName}.auth.${stack.region}.amazoncognito.com` });
  }

  /** `/v1/*` on the distribution goes to the HTTP API, uncached, with every header but Host. */
  routeApi(api: HttpApi): void {
    const stack = Stack.of(this);
    this.distribution.addBehavior(
      '/v1/*',
      new HttpOrigin(`${api.apiId}.execute-api.${stack.region}.${stack.urlSuffix}`, {
        protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
        originSslProtocols: [OriginSslPolicy.TLS_V1_2],
      }),
      {
        viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
        allowedMethods: AllowedMethods.ALLOW_ALL,
        cachePolicy: CachePolicy.CACHING_DISABLED,
        originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        compress: true,
      },
    );
  }

  /** CDK's own deployment function (a stack-level singleton) runs only during `cdk deploy`. */
  private acknowledgeDeploymentHandler(deployment: BucketDeployment): void {
    const stack = Stack.of(this);
    const handler = stack.node.children.find((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'));
    if (!handler) throw new Error('BucketDeployment handler not found');
    const why = 'CDK BucketDeployment handler: runs only during cdk deploy to copy the built app into the site bucket;';
    acknowledge(
      handler,
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      `${why} CDK attaches AWSLambdaBasicExecutionRole for its own log writes.`,
    );
    const wildcards = [
      'Action::s3:GetBucket*',
      'Action::s3:GetObject*',
      'Action::s3:List*',
      'Action::s3:Abort*',
      'Action::s3:DeleteObject*',
      'Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*',
      `Resource::<${stack.getLogicalId(this.bucket.node.defaultChild as CfnBucket)}.Arn>/*`,
      'Resource::*',
    ];
    for (const w of wildcards)
      acknowledge(
        handler,
        `AwsSolutions-IAM5[${w}]`,
        `${why} CDK grants it read of its staged asset, write of the site bucket and a CloudFront invalidation (which has no resource ARN).`,
      );
    acknowledge(handler, 'AwsSolutions-L1', `${why} its runtime is pinned by the CDK version that ships its code.`);
    acknowledge(
      handler,
      'Serverless-LambdaDLQ',
      `${why} CloudFormation invokes it synchronously and reports a failure as a failed deploy.`,
    );
    acknowledge(handler, 'Serverless-LambdaTracing', `${why} a deploy-time copy has nothing to trace.`);
    acknowledge(handler, 'Serverless-LambdaLatestVersion', `${why} its runtime is pinned by the CDK version that ships its code.`);
    void deployment;
  }
}
