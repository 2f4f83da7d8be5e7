/**
 * The one Lambda construct of the service: the defaults every function shares
 * (newest Node.js runtime, ARM64, ESM bundle with the SDK inside, minified with a
 * source map, its own log group with a retention, its own role that can write only
 * that log group) and `allow()` to add the exact table and bucket actions it needs.
 */
import { join } from 'node:path';
import { type Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference.js';
import type { Construct } from 'constructs';
import { entryPath, nodejsBundling, PROJECT_ROOT, type FunctionEntry } from './bundling.ts';
import { acknowledge } from './nag.ts';

/** The newest Node.js Lambda runtime (cdk-nag AwsSolutions-L1 checks it is the latest). */
export const HUB_RUNTIME = Runtime.NODEJS_24_X;

export interface HubFunctionProps {
  /** The folder under functions/ whose index.ts exports `handler`. */
  entry: FunctionEntry;
  description: string;
  memorySize: number;
  timeout: Duration;
  environment?: Record<string, string>;
  /** @default three months */
  logRetention?: RetentionDays;
}

export class HubFunction extends NodejsFunction {
  readonly entryName: FunctionEntry;
  readonly functionRole: Role;
  readonly functionLogGroup: LogGroup;

  constructor(scope: Construct, id: string, props: HubFunctionProps) {
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      retention: props.logRetention ?? RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // Our own role, not the AWSLambdaBasicExecutionRole managed policy (which may write any log group).
    const role = new Role(scope, `${id}Role`, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Lambda ${id}: only its log group and the table/bucket actions it uses`,
    });
    super(scope, id, {
      entry: entryPath(props.entry),
      handler: 'handler',
      runtime: HUB_RUNTIME,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize,
      timeout: props.timeout,
      description: props.description,
      role,
      logGroup,
      // Stack traces in the logs point at the .ts sources (index.mjs.map is deployed
      // next to the bundle); CDK no longer sets this itself.
      environment: { NODE_OPTIONS: '--enable-source-maps', LOG_LEVEL: 'INFO', ...props.environment },
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: join(PROJECT_ROOT, 'package-lock.json'),
      bundling: nodejsBundling(),
    });
    this.entryName = props.entry;
    this.functionRole = role;
    this.functionLogGroup = logGroup;
    role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'OwnLogGroup',
        effect: Effect.ALLOW,
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
      }),
    );
  }

  /** Adds one explicit statement (no grant helpers: they add actions the code does not use). */
  allow(sid: string, actions: string[], resources: string[], conditions?: Record<string, Record<string, unknown>>): void {
    if (actions.some((a) => a.includes('*'))) throw new Error(`${this.node.path}: wildcard action in ${actions.join(', ')}`);
    this.functionRole.addToPrincipalPolicy(
      new PolicyStatement({ sid, effect: Effect.ALLOW, actions, resources, ...(conditions ? { conditions } : {}) }),
    );
  }

  /**
   * Object actions under one key prefix of the bucket (`arn:...:bucket/reports/*`).
   * cdk-nag's AwsSolutions-IAM5 reports the `*` of such an ARN; it is acknowledged for
   * exactly that resource. The finding's id contains the bucket ARN as CloudFormation
   * will see it (a cross-stack reference, known only once the app is prepared), so it
   * is computed when the construct tree is validated, with cdk-nag's own formatting.
   */
  allowObjects(sid: string, bucket: IBucket, prefix: string, actions: string[]): void {
    if (!/^[a-z0-9-]+\/$/.test(prefix)) throw new Error(`${this.node.path}: bad object prefix ${prefix}`);
    const resource = bucket.arnForObjects(`${prefix}*`);
    this.allow(sid, actions, [resource]);
    const role = this.functionRole;
    let done = false; // validation runs on every synthesis of the app
    this.node.addValidation({
      validate: () => {
        const flat = flattenCfnReference(Stack.of(role).resolve(resource));
        if (!done && flat.endsWith(`/${prefix}*`))
          acknowledge(
            role,
            `AwsSolutions-IAM5[Resource::${flat}]`,
            `Object ARNs need a wildcard; this one is scoped to the ${prefix} prefix of the documents bucket, and only ${actions.join('/')} (no wildcard action) are allowed on it.`,
          );
        done = true;
        return [];
      },
    });
  }
}
