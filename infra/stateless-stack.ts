/**
 * The compute: the five functions, the HTTP API in front of three of them, the
 * EventBridge Scheduler schedules for the other two, the table's stream feeding the
 * artifacts function, the dead-letter queue and the alarms. Nothing here holds data that outlives a redeploy; the table, bucket and
 * user pool come in as props from the stateful stack.
 */
import { CfnOutput, Duration, RemovalPolicy, Stack, TimeZone, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  type HttpStage,
  LogGroupLogDestination,
  PayloadFormatVersion,
  type IHttpRouteAuthorizer,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Alarm, ComparisonOperator, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { FilterCriteria, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { PolicyStatement, type IRole } from 'aws-cdk-lib/aws-iam';
import type { IDestination, IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { EmailIdentity, Identity } from 'aws-cdk-lib/aws-ses';
import { ContextAttribute, Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke, type ScheduleTargetBaseProps } from 'aws-cdk-lib/aws-scheduler-targets';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { ARTIFACT_JOB_FILTER, STREAM_BATCH_SIZE } from '../functions/artifacts/trigger.ts';
import { ROUTES, type FunctionName } from '../functions/routes.ts';
import { ACCESS, WRITE_ACTIONS } from './access.ts';
import type { FunctionEntry } from './bundling.ts';
import { HubFunction } from './hub-function.ts';
import { acknowledge } from './nag.ts';
import { WebApp } from './web-app.ts';

export const TIME_ZONE = TimeZone.ASIA_HO_CHI_MINH;

/**
 * The rollup: hourly (07:00-22:00) from the 10th to the 25th of the last month of each
 * quarter, when reports arrive (cut-off on the 14th, deadline two working days later,
 * late ones after), and once a night otherwise. A run over unchanged data costs one
 * Query per province, so the overlap at 02:00 is harmless.
 */
export const ROLLUP_SCHEDULES = {
  RollupReportingWindow: { minute: '0', hour: '7-22', day: '10-25', month: '3,6,9,12' },
  RollupNightly: { minute: '0', hour: '2', day: '*', month: '*' },
} as const;

export const SWEEP_EVERY = Duration.minutes(5);

/** Outbox delivery: often enough that a decision reaches the unit within minutes. */
export const SEND_EVERY = Duration.minutes(2);
/** Reminders and digests: each working-day morning in Asia/Ho_Chi_Minh (holidays are skipped by the job itself). */
export const REMINDER_SCHEDULE = { minute: '30', hour: '7', weekDay: 'MON-FRI' } as const;

export interface ApiThrottle {
  rateLimit: number;
  burstLimit: number;
}

export interface StatelessStackProps extends StackProps {
  /** With its stream enabled (new images): the artifacts function reads the job items from it. */
  table: ITable;
  bucket: IBucket;
  userPool: IUserPool;
  userPoolClient: IUserPoolClient;
  /** Stage-wide limits (requests per second, burst). @default 50 rps, burst 100 */
  throttle?: ApiThrottle;
  /** An existing SNS topic for the alarms (e.g. e-mail to the province's IT). @default alarms without actions */
  alarmTopicArn?: string;
  /** The sender address of notifications; an SES e-mail identity is created for it (SES sends a verification mail). */
  mailFrom: string;
  /** Where links in notifications point (the web app). @default the HTTP API's URL */
  publicBaseUrl?: string;
  /** Server access logs of the web app's bucket. */
  accessLogsBucket: IBucket;
  /** Managed login domain prefix. @default cchc-hub-<account> */
  loginDomainPrefix?: string;
}

/**
 * LambdaInvoke whose role may invoke the function itself only: the stock target uses
 * grantInvoke, which also allows `function:*` (every version and alias).
 */
class InvokeFunction extends LambdaInvoke {
  constructor(
    private readonly invoked: IFunction,
    props: ScheduleTargetBaseProps,
  ) {
    super(invoked, props);
  }

  protected override addTargetActionToRole(role: IRole): void {
    role.addToPrincipalPolicy(new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.invoked.functionArn] }));
  }
}

interface FunctionSpec {
  description: string;
  memorySize: number;
  timeout: Duration;
}

/**
 * Memory buys CPU: the .docx/.xlsx builders are CPU-bound, so the document functions get
 * 1 GB; so do the two busy API functions, for their cold starts (importing the bundle).
 */
export const FUNCTION_SPECS: Record<FunctionEntry, FunctionSpec> = {
  reports: { description: 'CCHC: submit, validate and read reports; document links', memorySize: 1024, timeout: Duration.seconds(28) },
  provinces: { description: 'CCHC: period status, run and read the provincial rollup', memorySize: 1024, timeout: Duration.seconds(28) },
  public: { description: 'CCHC: health and the OpenAPI document', memorySize: 256, timeout: Duration.seconds(10) },
  rollup: { description: 'CCHC: provincial rollup, scheduled or on demand', memorySize: 1024, timeout: Duration.minutes(5) },
  artifacts: {
    description: 'CCHC: report documents, from the table stream and the scheduled retry',
    memorySize: 1024,
    timeout: Duration.minutes(4),
  },
  notify: { description: 'CCHC: notification outbox delivery (SES), reminders and digests', memorySize: 256, timeout: Duration.minutes(2) },
};

export class StatelessStack extends Stack {
  readonly functions: Record<FunctionEntry, HubFunction>;
  readonly api: HttpApi;
  readonly stage: HttpStage;
  readonly deadLetterQueue: Queue;
  readonly alarms: Alarm[] = [];
  readonly web: WebApp;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { table, bucket } = props;

    // --- Functions, each with exactly the table actions and bucket prefixes it uses.
    const make = (name: FunctionEntry) => {
      const spec = FUNCTION_SPECS[name];
      const fn = new HubFunction(this, `Fn-${name}`, {
        entry: name,
        ...spec,
        environment: { TABLE_NAME: table.tableName, BUCKET_NAME: bucket.bucketName },
      });
      const access = ACCESS[name];
      if (access.writeKeys) {
        // Reads on the table; writes only on the items under the function's own partitions.
        const writes = access.table.filter((a) => WRITE_ACTIONS.includes(a));
        fn.allow(
          'Table',
          access.table.filter((a) => !WRITE_ACTIONS.includes(a)).map((a) => `dynamodb:${a}`),
          [table.tableArn],
        );
        fn.allow(
          'TableWrites',
          writes.map((a) => `dynamodb:${a}`),
          [table.tableArn],
          { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': access.writeKeys } },
        );
      } else
        fn.allow(
          'Table',
          access.table.map((a) => `dynamodb:${a}`),
          [table.tableArn],
        );
      access.objects.forEach((o, i) =>
        fn.allowObjects(
          `Objects${i}`,
          bucket,
          o.prefix,
          o.actions.map((a) => `s3:${a}`),
        ),
      );
      if (name === 'rollup' || name === 'notify') {
        acknowledge(
          fn,
          'Serverless-LambdaDLQ',
          'Invoked asynchronously by EventBridge Scheduler with an on-failure destination (the schedule dead-letter queue), which supersedes a Lambda DLQ and records the error as well as the event; the synchronous runs on demand return their error to the provinces function.',
        );
      } else if (name === 'artifacts') {
        acknowledge(
          fn,
          'Serverless-LambdaDLQ',
          'Invoked by the table stream (its event source mapping sends failed batches to the dead-letter queue) and asynchronously by EventBridge Scheduler with an on-failure destination (the same queue), which supersedes a Lambda DLQ.',
        );
      } else {
        acknowledge(
          fn,
          'Serverless-LambdaDLQ',
          'Invoked only synchronously by the HTTP API: a failure is returned to the caller as an HTTP error, so there is no asynchronous event to dead-letter.',
        );
      }
      acknowledge(
        fn,
        'Serverless-LambdaTracing',
        'X-Ray is off: one hop behind the API, every log line carries the request id (Powertools JSON logs, API access log); active tracing would add a Resource:* permission and per-trace cost.',
      );
      return fn;
    };
    this.functions = {
      reports: make('reports'),
      provinces: make('provinces'),
      public: make('public'),
      rollup: make('rollup'),
      artifacts: make('artifacts'),
      notify: make('notify'),
    };

    // --- Notifications: sent through SES from one verified identity, the only one the
    // notify function may send from.
    const identity = new EmailIdentity(this, 'MailIdentity', { identity: Identity.email(props.mailFrom) });
    this.functions.notify.addEnvironment('MAIL_FROM', props.mailFrom);
    this.functions.notify.allow('SendMail', ['ses:SendEmail'], [identity.emailIdentityArn]);

    // --- Failures of the scheduled functions end up in one queue, whatever failed:
    // the Scheduler (event not delivered after its retries) or Lambda (the function
    // threw on every async attempt: the on-failure destination).
    this.deadLetterQueue = new Queue(this, 'ScheduleDlq', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    for (const rule of ['AwsSolutions-SQS3', 'Serverless-SQSRedrivePolicy'])
      acknowledge(
        this.deadLetterQueue,
        rule,
        'This queue is itself the dead-letter queue (Scheduler DLQ and Lambda on-failure destination); nothing consumes it automatically, so a redrive target would have nothing to catch.',
      );
    const dlqDestination: IDestination = { bind: () => ({ destination: this.deadLetterQueue.queueArn }) };
    const scheduled: [FunctionEntry, Duration, number][] = [
      ['rollup', Duration.hours(1), 2],
      ['artifacts', Duration.minutes(4), 0], // the next sweep, five minutes later, is the retry
      ['notify', Duration.minutes(10), 1], // messages keep their own attempts; a run fails only when one is given up on
    ];
    for (const [name, maxEventAge, retryAttempts] of scheduled) {
      const fn = this.functions[name];
      fn.configureAsyncInvoke({ onFailure: dlqDestination, maxEventAge, retryAttempts });
      fn.allow('FailureDestination', ['sqs:SendMessage'], [this.deadLetterQueue.queueArn]);
    }

    // --- The table's stream: each inserted artifact job item (one per accepted version)
    // reaches the artifacts function within seconds. A batch that throws is split and
    // retried, then recorded in the DLQ; the job item stays, so the sweep retries it too.
    this.functions.artifacts.addEventSource(
      new DynamoEventSource(table, {
        startingPosition: StartingPosition.LATEST,
        batchSize: STREAM_BATCH_SIZE,
        maxBatchingWindow: Duration.seconds(0),
        bisectBatchOnError: true,
        retryAttempts: 2,
        maxRecordAge: Duration.hours(1),
        reportBatchItemFailures: true,
        parallelizationFactor: 1,
        filters: [FilterCriteria.filter(ARTIFACT_JOB_FILTER as unknown as Record<string, unknown>)],
        onFailure: new SqsDlq(this.deadLetterQueue),
      }),
    );
    // Reading a stream needs dynamodb:ListStreams, which has no resource-level permissions.
    acknowledge(
      this.functions.artifacts.functionRole,
      'AwsSolutions-IAM5[Resource::*]',
      'dynamodb:ListStreams (granted with the stream event source mapping) supports no resource-level permissions, so its resource is *; it lists stream ARNs only, and the stream read actions are scoped to the table stream.',
    );

    // --- Rollups on demand run in the rollup function (it holds the file builders).
    this.functions.provinces.addEnvironment('ROLLUP_FUNCTION_NAME', this.functions.rollup.functionName);
    this.functions.provinces.allow('InvokeRollup', ['lambda:InvokeFunction'], [this.functions.rollup.functionArn]);

    // --- EventBridge Scheduler.
    const scheduledInput = (what: string) =>
      ScheduleTargetInput.fromObject({
        source: 'cchc.scheduler',
        'detail-type': what,
        time: ContextAttribute.scheduledTime,
        detail: {},
      });
    for (const [sid, cron] of Object.entries(ROLLUP_SCHEDULES)) {
      new Schedule(this, sid, {
        description: `CCHC rollup (${sid}), Asia/Ho_Chi_Minh`,
        schedule: ScheduleExpression.cron({ ...cron, timeZone: TIME_ZONE }),
        target: new InvokeFunction(this.functions.rollup, {
          input: scheduledInput('Scheduled rollup'),
          retryAttempts: 3,
          maxEventAge: Duration.hours(1),
          deadLetterQueue: this.deadLetterQueue,
        }),
      });
    }
    new Schedule(this, 'DocumentRetry', {
      description: 'CCHC document retry sweeper',
      schedule: ScheduleExpression.rate(SWEEP_EVERY),
      target: new InvokeFunction(this.functions.artifacts, {
        input: scheduledInput('Document retry'),
        retryAttempts: 2,
        maxEventAge: Duration.minutes(4),
        deadLetterQueue: this.deadLetterQueue,
      }),
    });

    new Schedule(this, 'NotifySend', {
      description: 'CCHC notification outbox delivery',
      schedule: ScheduleExpression.rate(SEND_EVERY),
      target: new InvokeFunction(this.functions.notify, {
        input: ScheduleTargetInput.fromObject({
          source: 'cchc.scheduler',
          'detail-type': 'Notify',
          time: ContextAttribute.scheduledTime,
          detail: { job: 'send' },
        }),
        retryAttempts: 2,
        maxEventAge: Duration.minutes(10),
        deadLetterQueue: this.deadLetterQueue,
      }),
    });
    new Schedule(this, 'NotifyReminders', {
      description: 'CCHC reminders before deadlines and digests for province staff, Asia/Ho_Chi_Minh',
      schedule: ScheduleExpression.cron({ ...REMINDER_SCHEDULE, timeZone: TIME_ZONE }),
      target: new InvokeFunction(this.functions.notify, {
        input: ScheduleTargetInput.fromObject({
          source: 'cchc.scheduler',
          'detail-type': 'Notify',
          time: ContextAttribute.scheduledTime,
          detail: { job: 'reminders' },
        }),
        retryAttempts: 3,
        maxEventAge: Duration.hours(2),
        deadLetterQueue: this.deadLetterQueue,
      }),
    });

    // --- HTTP API: the routes of functions/routes.ts; the Cognito JWT authorizer on
    // all of them except health and the OpenAPI document; no CORS (same-origin or
    // server-to-server callers only until a web client needs it).
    // The web app (web-app.ts): its client's ID tokens are accepted too.
    this.web = new WebApp(this, 'Web', {
      userPool: props.userPool,
      accessLogsBucket: props.accessLogsBucket,
      ...(props.loginDomainPrefix ? { loginDomainPrefix: props.loginDomainPrefix } : {}),
    });
    const jwt = new HttpJwtAuthorizer('CognitoJwt', `https://cognito-idp.${this.region}.amazonaws.com/${props.userPool.userPoolId}`, {
      authorizerName: 'cognito-id-token',
      jwtAudience: [props.userPoolClient.userPoolClientId, this.web.client.userPoolClientId],
      identitySource: ['$request.header.Authorization'],
    });
    this.api = new HttpApi(this, 'Api', {
      apiName: `${this.stackName}-api`,
      description: 'CCHC report hub API (v1)',
      createDefaultStage: false,
      defaultAuthorizer: jwt,
    });
    const accessLogs = new LogGroup(this, 'ApiAccessLogs', {
      retention: RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const throttle = props.throttle ?? { rateLimit: 50, burstLimit: 100 };
    this.stage = this.api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle,
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            time: '$context.requestTime',
            ip: '$context.identity.sourceIp',
            userAgent: '$context.identity.userAgent',
            routeKey: '$context.routeKey',
            path: '$context.path',
            status: '$context.status',
            bytes: '$context.responseLength',
            latency: '$context.responseLatency',
            integrationLatency: '$context.integrationLatency',
            integrationError: '$context.integrationErrorMessage',
            authError: '$context.authorizer.error',
            sub: '$context.authorizer.claims.sub',
          }),
        ),
      },
    });
    this.web.routeApi(this.api);
    const integrations = new Map<FunctionName, HttpLambdaIntegration>();
    const integration = (fn: FunctionName) => {
      let i = integrations.get(fn);
      if (!i) {
        i = new HttpLambdaIntegration(`Integration-${fn}`, this.functions[fn], { payloadFormatVersion: PayloadFormatVersion.VERSION_2_0 });
        integrations.set(fn, i);
      }
      return i;
    };
    const none = new HttpNoneAuthorizer();
    for (const route of ROUTES) {
      const authorizer: IHttpRouteAuthorizer = route.auth ? jwt : none;
      const [created] = this.api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: integration(route.fn),
        authorizer,
      });
      if (!route.auth && created) {
        acknowledge(
          created,
          'AwsSolutions-APIG4',
          `${route.method} ${route.path} is public by design (health probe and OpenAPI document, no report data); every other route uses the Cognito JWT authorizer.`,
        );
      }
    }

    // --- Alarms (an optional SNS topic receives them).
    const topic = props.alarmTopicArn ? Topic.fromTopicArn(this, 'AlarmTopic', props.alarmTopicArn) : undefined;
    const alarm = (id: string, description: string, metric: IMetric) => {
      const a = new Alarm(this, id, {
        alarmDescription: description,
        metric,
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      if (topic) a.addAlarmAction(new SnsAction(topic));
      this.alarms.push(a);
    };
    alarm(
      'DlqNotEmptyAlarm',
      'A scheduled rollup or document retry failed for good: its event is in the dead-letter queue.',
      this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
    );
    alarm(
      'RollupErrorsAlarm',
      'The rollup function threw (a province-period failed).',
      this.functions.rollup.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
    );
    alarm(
      'DocumentRetryErrorsAlarm',
      'The document retry sweeper threw.',
      this.functions.artifacts.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
    );
    alarm(
      'NotifyErrorsAlarm',
      'The notification function threw (a message was given up on: see the OUTBOX#dead items).',
      this.functions.notify.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
    );
    alarm(
      'Api5xxAlarm',
      'The HTTP API answered 5xx (bad input never does).',
      this.api.metricServerError({ period: Duration.minutes(5), statistic: 'Sum' }),
    );

    // Links in review messages (reports) and reminders (notify): the web app, else the API.
    const base = props.publicBaseUrl ?? this.api.apiEndpoint;
    for (const fn of [this.functions.reports, this.functions.notify]) fn.addEnvironment('PUBLIC_BASE_URL', base);

    new CfnOutput(this, 'ApiUrl', { value: this.stage.url });
  }
}
