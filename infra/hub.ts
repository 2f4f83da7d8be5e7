/**
 * Builds the two stacks into an app, with cdk-nag's AwsSolutions and Serverless
 * packs attached (infra/app.ts for `cdk synth`/`cdk deploy`, the tests for assertions).
 *
 * Context (cdk.json or `-c key=value`):
 *   stackPrefix    stack names `${stackPrefix}-Stateful` / `-Stateless` (default CchcHub)
 *   alarmTopicArn  an existing SNS topic that receives the alarms (default none)
 *   apiRateLimit / apiBurstLimit   stage throttling (default 50 rps, burst 100)
 *   mailFrom       sender address of notifications, an SES identity (default no-reply@cchc.example.gov.vn)
 *   publicBaseUrl  where notification links point (default the API's URL)
 *   loginDomainPrefix   the managed login's domain prefix (default cchc-hub-<account>)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Tags } from 'aws-cdk-lib';
import { PROJECT_ROOT } from './bundling.ts';
import { addNagPacks } from './nag.ts';
import { StatefulStack } from './stateful-stack.ts';
import { StatelessStack } from './stateless-stack.ts';

export interface Hub {
  app: App;
  stateful: StatefulStack;
  stateless: StatelessStack;
}

/**
 * The context of cdk.json (feature flags included), for apps not started by the CDK
 * CLI (the tests): they must synthesise what `cdk synth` does.
 */
export function cdkJsonContext(): Record<string, unknown> {
  return JSON.parse(readFileSync(join(PROJECT_ROOT, 'cdk.json'), 'utf8')).context ?? {};
}

export function buildHub(app: App = new App()): Hub {
  const ctx = (k: string): string | undefined => {
    const v = app.node.tryGetContext(k);
    return v === undefined || v === null || v === '' ? undefined : String(v);
  };
  const prefix = ctx('stackPrefix') ?? 'CchcHub';
  const rate = ctx('apiRateLimit');
  const burst = ctx('apiBurstLimit');
  const alarmTopicArn = ctx('alarmTopicArn');
  const loginDomainPrefix = ctx('loginDomainPrefix');

  const stateful = new StatefulStack(app, `${prefix}-Stateful`, {
    // No env: the templates are account- and region-agnostic (synth needs no
    // credentials); `cdk deploy` deploys to the account and region of the caller's profile.
    description: 'CCHC report hub: data (DynamoDB table, S3 buckets, Cognito user pool), retained on delete',
    terminationProtection: true,
  });
  const stateless = new StatelessStack(app, `${prefix}-Stateless`, {
    description: 'CCHC report hub: HTTP API, Lambda functions, schedules, alarms, web app (CloudFront, S3, Cognito app client)',
    table: stateful.table,
    bucket: stateful.bucket,
    userPool: stateful.userPool,
    userPoolClient: stateful.userPoolClient,
    accessLogsBucket: stateful.accessLogsBucket,
    ...(loginDomainPrefix ? { loginDomainPrefix } : {}),
    ...(rate || burst ? { throttle: { rateLimit: Number(rate ?? 50), burstLimit: Number(burst ?? 100) } } : {}),
    ...(alarmTopicArn ? { alarmTopicArn } : {}),
    mailFrom: ctx('mailFrom') ?? 'no-reply@cchc.example.gov.vn',
    ...(ctx('publicBaseUrl') ? { publicBaseUrl: ctx('publicBaseUrl')! } : {}),
  });
  stateless.addStackDependency(stateful, 'uses its table, bucket and user pool');
  Tags.of(app).add('project', 'cchc-report-hub');
  addNagPacks(app);
  return { app, stateful, stateless };
}
