/**
 * The CDK app, synthesised once (bundling all five functions, cdk-nag included):
 * every property the deployment promises, read off the CloudFormation templates.
 * `app.synth()` throws on any unacknowledged cdk-nag finding, so a finding fails
 * this file in beforeAll.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROUTES, routeKey } from '../../functions/routes.ts';
import { CLAIM_GROUPS, CLAIM_UNIT, ROLES } from '../../shared/auth/principal.ts';
import { keys, TABLE_KEYS, TABLE_TTL_ATTRIBUTE } from '../../shared/storage/keys.ts';
import { STREAM_BATCH_SIZE } from '../../functions/artifacts/trigger.ts';
import { FUNCTION_ENTRIES, type FunctionEntry } from '../../infra/bundling.ts';
import { buildHub, cdkJsonContext, type Hub } from '../../infra/hub.ts';
import { acknowledgements, addNagPacks, type Acknowledgement } from '../../infra/nag.ts';
import { FUNCTION_SPECS } from '../../infra/stateless-stack.ts';
import { buildBundles } from '../../scripts/bench/bundles.ts';
import { CALLBACK_PATH, LOGOUT_PATH, SPA_FALLBACK_CODE } from '../../infra/web-app.ts';

type Resources = Record<string, { Type: string; Properties: Record<string, any>; DeletionPolicy?: string; UpdateReplacePolicy?: string }>;

let hub: Hub;
let assembly: CloudAssembly;
let stateful: Template;
let stateless: Template;
let acks: Acknowledgement[];

beforeAll(() => {
  hub = buildHub(new App({ context: cdkJsonContext() }));
  assembly = hub.app.synth(); // throws on an unacknowledged cdk-nag finding
  stateful = Template.fromStack(hub.stateful);
  stateless = Template.fromStack(hub.stateless);
  acks = acknowledgements(hub.app);
}, 240_000);

const resources = (t: Template, type: string) => t.findResources(type) as Resources;
const only = <T>(xs: Record<string, T>): [string, T] => {
  const e = Object.entries(xs);
  expect(e).toHaveLength(1);
  return e[0]!;
};
const json = (v: unknown) => JSON.stringify(v);

/** The logical id of a function, from its construct path. */
function fnLogicalId(name: FunctionEntry): string {
  return hub.stateless.getLogicalId(hub.stateless.functions[name].node.defaultChild as any);
}

describe('the app', () => {
  it('synthesises two environment-agnostic stacks without context lookups (offline)', () => {
    expect(assembly.stacks.map((s) => s.stackName).sort()).toEqual(['CchcHub-Stateful', 'CchcHub-Stateless']);
    expect(assembly.manifest.missing ?? []).toEqual([]);
    for (const s of assembly.stacks) expect(s.environment.account).toBe('unknown-account');
  });

  it('protects the stateful stack against deletion and deploys the stateless one after it', () => {
    expect(hub.stateful.terminationProtection).toBe(true);
    expect(hub.stateless.terminationProtection).toBe(false);
    expect(hub.stateless.dependencies).toContain(hub.stateful);
  });
});

describe('the stateful stack', () => {
  it('has one on-demand table with the keys of shared/storage/keys.ts and no indexes', () => {
    const [, table] = only(resources(stateful, 'AWS::DynamoDB::Table'));
    expect(table.Properties.KeySchema).toEqual([
      { AttributeName: TABLE_KEYS.partition, KeyType: 'HASH' },
      { AttributeName: TABLE_KEYS.sort, KeyType: 'RANGE' },
    ]);
    expect(table.Properties.AttributeDefinitions).toEqual([
      { AttributeName: TABLE_KEYS.partition, AttributeType: 'S' },
      { AttributeName: TABLE_KEYS.sort, AttributeType: 'S' },
    ]);
    expect(table.Properties.BillingMode).toBe('PAY_PER_REQUEST');
    // New images on the stream: the artifacts function reads the job items from it.
    expect(table.Properties.StreamSpecification).toEqual({ StreamViewType: 'NEW_IMAGE' });
    // Write-quota items carry an expiry (epoch seconds) that DynamoDB's TTL acts on.
    expect(table.Properties.TimeToLiveSpecification).toEqual({ AttributeName: TABLE_TTL_ATTRIBUTE, Enabled: true });
    expect(table.Properties.GlobalSecondaryIndexes).toBeUndefined();
    expect(table.Properties.LocalSecondaryIndexes).toBeUndefined();
  });

  it('protects the table: PITR, deletion protection, encryption, retained', () => {
    const [, table] = only(resources(stateful, 'AWS::DynamoDB::Table'));
    expect(table.Properties.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true, RecoveryPeriodInDays: 35 });
    expect(table.Properties.DeletionProtectionEnabled).toBe(true);
    // AWS-managed KMS key (aws/dynamodb): SSE on, no customer key.
    expect(table.Properties.SSESpecification).toEqual({ SSEEnabled: true });
    expect(table.DeletionPolicy).toBe('Retain');
    expect(table.UpdateReplacePolicy).toBe('Retain');
  });

  const buckets = () => {
    const all = resources(stateful, 'AWS::S3::Bucket');
    const id = (b: { node: { defaultChild: unknown } }) => hub.stateful.getLogicalId(b.node.defaultChild as any);
    return {
      all,
      documents: all[id(hub.stateful.bucket)]!,
      logs: all[id(hub.stateful.accessLogsBucket)]!,
      logsId: id(hub.stateful.accessLogsBucket),
      docsId: id(hub.stateful.bucket),
    };
  };

  it('has two buckets, both private, encrypted and retained', () => {
    const { all } = buckets();
    expect(Object.keys(all)).toHaveLength(2);
    for (const b of Object.values(all)) {
      expect(b.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(b.Properties.BucketEncryption).toEqual({
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      });
      expect(b.Properties.OwnershipControls).toEqual({ Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] });
      expect(b.DeletionPolicy).toBe('Retain');
      expect(b.Properties.WebsiteConfiguration).toBeUndefined();
    }
  });

  it('versions the documents bucket, logs its access to the other bucket, expires only old noncurrent versions', () => {
    const { documents, logsId } = buckets();
    expect(documents.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(documents.Properties.LoggingConfiguration).toEqual({ DestinationBucketName: { Ref: logsId }, LogFilePrefix: 'documents/' });
    const rules = documents.Properties.LifecycleConfiguration.Rules as Record<string, unknown>[];
    expect(rules).toHaveLength(2);
    expect(rules[0]).toEqual({ Id: 'expire-noncurrent-versions', Status: 'Enabled', NoncurrentVersionExpiration: { NoncurrentDays: 90 } });
    // Health probes (the administrators' deep check) expire after a day, current and noncurrent versions alike.
    expect(rules[1]).toEqual({
      Id: 'expire-health-probes',
      Status: 'Enabled',
      Prefix: 'health/',
      ExpirationInDays: 1,
      NoncurrentVersionExpiration: { NoncurrentDays: 1 },
    });
  });

  it('enforces TLS (1.2+) on both buckets', () => {
    const { docsId, logsId } = buckets();
    const policies = Object.values(resources(stateful, 'AWS::S3::BucketPolicy'));
    for (const id of [docsId, logsId]) {
      const p = policies.find((x) => json(x.Properties.Bucket) === json({ Ref: id }));
      expect(p, id).toBeDefined();
      const st = p!.Properties.PolicyDocument.Statement as Record<string, any>[];
      expect(st).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
      expect(st).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } }),
      );
      // Nothing is granted to anyone through the bucket policy, except log delivery into the log bucket.
      for (const s of st.filter((x) => x.Effect === 'Allow')) {
        expect(id).toBe(logsId);
        expect(s.Principal).toEqual({ Service: 'logging.s3.amazonaws.com' });
        expect(s.Action).toBe('s3:PutObject');
      }
    }
  });

  it('has a user pool for administrator-created staff: unit attribute, strong passwords, MFA, threat protection, retained', () => {
    const [, pool] = only(resources(stateful, 'AWS::Cognito::UserPool'));
    const p = pool.Properties;
    expect(p.AdminCreateUserConfig.AllowAdminCreateUserOnly).toBe(true);
    expect(p.Schema).toContainEqual({
      Name: CLAIM_UNIT.replace('custom:', ''),
      AttributeDataType: 'String',
      Mutable: true,
      StringAttributeConstraints: { MinLength: '1', MaxLength: '10' },
    });
    expect(p.Policies.PasswordPolicy).toMatchObject({
      MinimumLength: 12,
      RequireLowercase: true,
      RequireUppercase: true,
      RequireNumbers: true,
      RequireSymbols: true,
    });
    expect(p.MfaConfiguration).toBe('ON');
    expect(p.EnabledMfas).toEqual(['SOFTWARE_TOKEN_MFA']);
    expect(p.UserPoolTier).toBe('PLUS');
    expect(p.UserPoolAddOns).toEqual({ AdvancedSecurityMode: 'ENFORCED' });
    expect(p.DeletionProtection).toBe('ACTIVE');
    expect(pool.DeletionPolicy).toBe('Retain');
  });

  it('has one group per role the handlers read from cognito:groups', () => {
    expect(CLAIM_GROUPS).toBe('cognito:groups');
    const groups = Object.values(resources(stateful, 'AWS::Cognito::UserPoolGroup')).map((g) => g.Properties.GroupName);
    expect(groups.sort()).toEqual([...ROLES].sort());
  });

  it('has one public app client whose ID token carries custom:unit, which users cannot write themselves', () => {
    const [, client] = only(resources(stateful, 'AWS::Cognito::UserPoolClient'));
    const c = client.Properties;
    expect(c.GenerateSecret).toBe(false);
    expect(c.ReadAttributes).toContain(CLAIM_UNIT);
    expect(c.WriteAttributes).toBeDefined();
    expect(c.WriteAttributes).not.toContain(CLAIM_UNIT);
    expect(c.ExplicitAuthFlows.sort()).toEqual(['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH']);
    expect(c.AllowedOAuthFlowsUserPoolClient).toBe(false);
    expect(c.PreventUserExistenceErrors).toBe('ENABLED');
  });
});

describe('the functions', () => {
  it('are one per entry in functions/, with the shared defaults and their own memory and timeout', () => {
    const fns = resources(stateless, 'AWS::Lambda::Function');
    // Ours, plus CDK's deploy-time handler that copies the web app into its bucket.
    expect(Object.keys(fns)).toHaveLength(FUNCTION_ENTRIES.length + 1);
    const others = Object.keys(fns).filter((id) => !FUNCTION_ENTRIES.some((n) => fnLogicalId(n) === id));
    expect(others).toHaveLength(1);
    expect(others[0]).toMatch(/^CustomCDKBucketDeployment/);
    for (const name of FUNCTION_ENTRIES) {
      const f = fns[fnLogicalId(name)]!;
      expect(f.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        MemorySize: FUNCTION_SPECS[name].memorySize,
        Timeout: FUNCTION_SPECS[name].timeout.toSeconds(),
      });
      const env = f.Properties.Environment.Variables;
      // Links in notifications (reports: review messages; notify: reminders and digests); the sender identity.
      // The provinces API also names the rollup function it invokes for a run on demand.
      const extra =
        name === 'reports'
          ? ['PUBLIC_BASE_URL']
          : name === 'notify'
            ? ['MAIL_FROM', 'PUBLIC_BASE_URL']
            : name === 'provinces'
              ? ['ROLLUP_FUNCTION_NAME']
              : [];
      expect(Object.keys(env).sort()).toEqual(['BUCKET_NAME', 'LOG_LEVEL', 'NODE_OPTIONS', 'TABLE_NAME', ...extra].sort());
      if (name === 'provinces') expect(env.ROLLUP_FUNCTION_NAME).toEqual({ Ref: fnLogicalId('rollup') });
      expect(env.NODE_OPTIONS).toBe('--enable-source-maps');
      expect(json(env.TABLE_NAME)).toContain('PublishOutputRefTable');
      expect(json(env.BUCKET_NAME)).toContain('PublishOutputRefDocuments');
      // Its own log group, with a retention.
      const lg = f.Properties.LoggingConfig.LogGroup.Ref as string;
      expect(stateless.toJSON().Resources[lg].Properties.RetentionInDays).toBe(90);
    }
  });

  it('have the API timeouts under the HTTP API integration limit (30 s)', () => {
    for (const name of ['reports', 'provinces', 'public'] as const) expect(FUNCTION_SPECS[name].timeout.toSeconds()).toBeLessThan(30);
  });

  it('are bundled ESM with the SDK inside, minified, with a source map: the bytes equal the bench build', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cchc-infra-bundles-'));
    try {
      const built = await buildBundles(dir);
      const fns = resources(stateless, 'AWS::Lambda::Function');
      // The function's S3 key is `<asset hash>.zip`; the assets manifest says which staged directory that is.
      const manifest = JSON.parse(readFileSync(join(assembly.directory, `${hub.stateless.artifactId}.assets.json`), 'utf8'));
      for (const b of built) {
        const hash = String(fns[fnLogicalId(b.name)]!.Properties.Code.S3Key).replace(/\.zip$/, '');
        const assetDir = join(assembly.directory, manifest.files[hash].source.path);
        const deployed = readFileSync(join(assetDir, 'index.mjs'));
        expect(deployed.equals(readFileSync(b.file)), b.name).toBe(true);
        expect(readFileSync(join(assetDir, 'index.mjs.map')).length).toBeGreaterThan(0);
        const head = deployed.subarray(0, 200).toString();
        expect(head).toContain('createRequire'); // the ESM banner
        expect(deployed.toString()).not.toMatch(/from\s*"@aws-sdk\//); // SDK bundled, not imported
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('least privilege', () => {
  /** What each function may do, written out by hand (infra/access.ts must agree). */
  const EXPECTED: Record<FunctionEntry, { actions: string[]; prefixes: Record<string, string[]> }> = {
    // No document is written on the request path: the .docx is only read (presigned GET).
    reports: {
      actions: [
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:Query',
        'dynamodb:UpdateItem',
        'logs:CreateLogStream',
        'logs:PutLogEvents',
        's3:GetObject',
      ],
      prefixes: { 'reports/*': ['s3:GetObject'] },
    },
    // A run on demand is the rollup function's: this one reads, and invokes it.
    provinces: {
      actions: ['dynamodb:GetItem', 'dynamodb:Query', 'lambda:InvokeFunction', 'logs:CreateLogStream', 'logs:PutLogEvents', 's3:GetObject'],
      prefixes: { 'rollups/*': ['s3:GetObject'] },
    },
    rollup: {
      actions: [
        'dynamodb:GetItem',
        'dynamodb:Query',
        'dynamodb:UpdateItem',
        'logs:CreateLogStream',
        'logs:PutLogEvents',
        's3:GetObject',
        's3:PutObject',
        'sqs:SendMessage',
      ],
      prefixes: { 'rollups/*': ['s3:GetObject', 's3:PutObject'] },
    },
    public: {
      actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'logs:CreateLogStream', 'logs:PutLogEvents', 's3:GetObject', 's3:PutObject'],
      prefixes: { 'health/*': ['s3:GetObject', 's3:PutObject'] },
    },
    // Plus reading the table's stream, and the DLQ of its event source mapping.
    artifacts: {
      actions: [
        'dynamodb:DeleteItem',
        'dynamodb:DescribeStream',
        'dynamodb:GetItem',
        'dynamodb:GetRecords',
        'dynamodb:GetShardIterator',
        'dynamodb:ListStreams',
        'dynamodb:PutItem',
        'dynamodb:Query',
        'dynamodb:UpdateItem',
        'logs:CreateLogStream',
        'logs:PutLogEvents',
        's3:PutObject',
        'sqs:GetQueueAttributes',
        'sqs:GetQueueUrl',
        'sqs:SendMessage',
      ],
      prefixes: { 'reports/*': ['s3:PutObject'] },
    },
    notify: {
      actions: [
        'dynamodb:DeleteItem',
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:Query',
        'dynamodb:UpdateItem',
        'logs:CreateLogStream',
        'logs:PutLogEvents',
        'ses:SendEmail',
        'sqs:SendMessage',
      ],
      prefixes: {},
    },
  };
  const arr = <T>(v: T | T[]) => (Array.isArray(v) ? v : [v]);

  function statementsOf(roleLogicalId: string): Record<string, any>[] {
    const policies = Object.values(resources(stateless, 'AWS::IAM::Policy')).filter((p) =>
      p.Properties.Roles.some((r: any) => r.Ref === roleLogicalId),
    );
    const managed = stateless.toJSON().Resources[roleLogicalId].Properties.ManagedPolicyArns;
    expect(managed).toBeUndefined(); // no AWS managed policies
    return policies.flatMap((p) => p.Properties.PolicyDocument.Statement);
  }

  for (const name of FUNCTION_ENTRIES) {
    it(`${name}: exactly the actions it uses, on its table and bucket prefixes only`, () => {
      const fn = resources(stateless, 'AWS::Lambda::Function')[fnLogicalId(name)]!;
      const role = fn.Properties.Role['Fn::GetAtt'][0] as string;
      const st = statementsOf(role);
      const actions = [...new Set(st.flatMap((s) => arr(s.Action)))].sort();
      expect(actions).toEqual(EXPECTED[name].actions);
      for (const s of st) {
        expect(s.Effect).toBe('Allow');
        for (const a of arr(s.Action)) expect(a).not.toContain('*');
        // dynamodb:ListStreams has no resource-level permissions: '*' for it alone, in its own statement.
        if (json(s.Action) === json('dynamodb:ListStreams')) {
          expect(name).toBe('artifacts');
          expect(s.Resource).toBe('*');
          continue;
        }
        for (const r of arr(s.Resource)) {
          const rj = json(r);
          expect(rj).not.toBe('"*"');
          if (arr(s.Action).some((a: string) => a.startsWith('dynamodb:'))) {
            // The table itself (or, for the stream actions, its stream), no index ARNs.
            const streamActions = arr(s.Action).some((a: string) => /Stream|GetRecords|GetShardIterator/.test(a));
            expect(rj).toContain('PublishOutputFnGetAttTable');
            if (streamActions) expect(rj).toMatch(/PublishOutputFnGetAttTable\w*StreamArn/);
            else expect(rj).not.toMatch(/StreamArn/);
          }
          if (arr(s.Action).includes('lambda:InvokeFunction')) expect(r).toEqual({ 'Fn::GetAtt': [fnLogicalId('rollup'), 'Arn'] });
          if (arr(s.Action).some((a: string) => a.startsWith('s3:'))) {
            const prefix = r['Fn::Join'][1].at(-1) as string;
            expect(rj).toContain('PublishOutputFnGetAttDocuments');
            expect(EXPECTED[name].prefixes[prefix.replace(/^\//, '')], `${name} ${prefix}`).toEqual([...arr(s.Action)].sort());
          }
        }
      }
    });
  }

  it("notify sends mail only from the stack's SES identity", () => {
    const identities = Object.entries(resources(stateless, 'AWS::SES::EmailIdentity'));
    expect(identities).toHaveLength(1);
    expect(identities[0]![1].Properties.EmailIdentity).toBe('no-reply@cchc.example.gov.vn');
    const fn = resources(stateless, 'AWS::Lambda::Function')[fnLogicalId('notify')]!;
    const st = statementsOf(fn.Properties.Role['Fn::GetAtt'][0]).filter((x) => arr(x.Action).includes('ses:SendEmail'));
    expect(st).toHaveLength(1);
    expect(arr(st[0]!.Action)).toEqual(['ses:SendEmail']);
    expect(json(st[0]!.Resource)).toContain(identities[0]![0]);
    expect(json(st[0]!.Resource)).not.toContain('*');
  });

  /** The table statements of a function: each action with the condition it carries (none: {}). */
  function tableGrants(name: FunctionEntry): Map<string, Record<string, any>> {
    const fn = resources(stateless, 'AWS::Lambda::Function')[fnLogicalId(name)]!;
    const out = new Map<string, Record<string, any>>();
    for (const s of statementsOf(fn.Properties.Role['Fn::GetAtt'][0]))
      for (const a of arr(s.Action))
        if (a.startsWith('dynamodb:') && !/Stream|GetRecords|GetShardIterator/.test(a)) out.set(a, s.Condition ?? {});
    return out;
  }

  it('reports writes only its own partitions (LeadingKeys), never the registry, forms, health or dead letters, and deletes nothing', () => {
    const grants = tableGrants('reports');
    expect(grants.has('dynamodb:DeleteItem')).toBe(false);
    const expectedKeys = [
      keys.version('u', 'p', 1).pk.replace('u#p', '*#*'),
      keys.latest('x', 'p', 'u').pk.replace('x#p', '*#*'),
      keys.marker('x', 'p').pk.replace('x', '*'),
      keys.jobsPartition,
      keys.arrival('x', 't', 'u', 'p', 1).pk.replace('x', '*'),
      keys.message('m').pk.replace('m', '*'),
      keys.outboxPendingPartition,
      keys.quota('q').pk.replace('q', '*'),
    ].sort();
    for (const a of ['dynamodb:PutItem', 'dynamodb:UpdateItem']) {
      const patterns = grants.get(a)?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'] as string[];
      expect([...patterns].sort(), a).toEqual(expectedKeys);
      // Nothing the reports function must not touch matches a pattern.
      const like = (k: string) =>
        patterns.some((p) => new RegExp(`^${p.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`).test(k));
      for (const k of [keys.registryCurrent.pk, keys.formsPartition, keys.health.pk, keys.outboxDead('t', 'i').pk])
        expect(like(k), k).toBe(false);
      for (const k of [keys.version('870', '2021-H1', 1).pk, keys.latest('87', '2021-H1', '870').pk, keys.quota('abc').pk])
        expect(like(k), k).toBe(true);
    }
    // Reads are not conditioned.
    expect(grants.get('dynamodb:GetItem')).toEqual({});
    expect(grants.get('dynamodb:Query')).toEqual({});
  });

  it("public writes only the HEALTH item (the administrators' deep check), never a report", () => {
    const grants = tableGrants('public');
    expect(grants.get('dynamodb:PutItem')?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys']).toEqual([keys.health.pk]);
    expect(grants.has('dynamodb:UpdateItem')).toBe(false);
    expect(grants.has('dynamodb:DeleteItem')).toBe(false);
  });

  it('the scheduler roles may invoke their function (no versions or aliases) and write the DLQ, nothing else', () => {
    const roles = Object.entries(resources(stateless, 'AWS::IAM::Role')).filter(([, r]) =>
      json(r.Properties.AssumeRolePolicyDocument).includes('scheduler.amazonaws.com'),
    );
    expect(roles).toHaveLength(3); // one per scheduled function: rollup, document retry, notify
    for (const [id] of roles) {
      const st = statementsOf(id);
      expect(st.map((s) => s.Action).sort()).toEqual(['lambda:InvokeFunction', 'sqs:SendMessage']);
      const invoke = st.find((s) => s.Action === 'lambda:InvokeFunction')!;
      expect(Object.keys(invoke.Resource)).toEqual(['Fn::GetAtt']);
    }
  });
});

describe('the HTTP API', () => {
  it('has exactly the routes of functions/routes.ts, each on the function that serves it', () => {
    const routes = Object.values(resources(stateless, 'AWS::ApiGatewayV2::Route'));
    expect(routes.map((r) => r.Properties.RouteKey).sort()).toEqual(ROUTES.map(routeKey).sort());
    const integrations = resources(stateless, 'AWS::ApiGatewayV2::Integration');
    for (const route of ROUTES) {
      const r = routes.find((x) => x.Properties.RouteKey === routeKey(route))!;
      const integrationId = r.Properties.Target['Fn::Join'][1][1].Ref as string;
      const integration = integrations[integrationId]!;
      expect(integration.Properties).toMatchObject({ IntegrationType: 'AWS_PROXY', PayloadFormatVersion: '2.0' });
      expect(integration.Properties.IntegrationUri).toEqual({ 'Fn::GetAtt': [fnLogicalId(route.fn), 'Arn'] });
    }
  });

  it('authorises every route with the Cognito JWT authorizer except health and the OpenAPI document', () => {
    const [authorizerId] = only(resources(stateless, 'AWS::ApiGatewayV2::Authorizer'));
    const routes = Object.values(resources(stateless, 'AWS::ApiGatewayV2::Route'));
    const open = routes.filter((r) => r.Properties.AuthorizationType === 'NONE').map((r) => r.Properties.RouteKey);
    expect(open.sort()).toEqual(['GET /v1/health', 'GET /v1/openapi.json']);
    for (const r of routes.filter((x) => x.Properties.AuthorizationType !== 'NONE')) {
      expect(r.Properties.AuthorizationType).toBe('JWT');
      expect(r.Properties.AuthorizerId).toEqual({ Ref: authorizerId });
    }
    expect(
      ROUTES.filter((r) => !r.auth)
        .map(routeKey)
        .sort(),
    ).toEqual(open.sort());
  });

  it("takes the user pool's issuer and the app client as audience (ID tokens)", () => {
    const [, a] = only(resources(stateless, 'AWS::ApiGatewayV2::Authorizer'));
    expect(a.Properties.AuthorizerType).toBe('JWT');
    expect(a.Properties.IdentitySource).toEqual(['$request.header.Authorization']);
    const issuer = a.Properties.JwtConfiguration.Issuer['Fn::Join'][1];
    expect(issuer[0]).toBe('https://cognito-idp.');
    expect(issuer[1]).toEqual({ Ref: 'AWS::Region' });
    expect(issuer[2]).toBe('.amazonaws.com/');
    expect(json(issuer[3])).toContain('PublishOutputRefUsers');
    const audience = a.Properties.JwtConfiguration.Audience;
    expect(audience).toHaveLength(2);
    expect(json(audience[0])).toContain('PublishOutputRefUsersApiClient');
    const [webClientId] = only(resources(stateless, 'AWS::Cognito::UserPoolClient'));
    expect(audience[1]).toEqual({ Ref: webClientId });
  });

  it('has no CORS configuration (closed by default)', () => {
    const [, api] = only(resources(stateless, 'AWS::ApiGatewayV2::Api'));
    expect(api.Properties.ProtocolType).toBe('HTTP');
    expect(api.Properties.CorsConfiguration).toBeUndefined();
  });

  it('has one auto-deployed $default stage with throttling and JSON access logs', () => {
    const [, stage] = only(resources(stateless, 'AWS::ApiGatewayV2::Stage'));
    expect(stage.Properties).toMatchObject({
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingBurstLimit: 100, ThrottlingRateLimit: 50 },
    });
    const logGroupId = stage.Properties.AccessLogSettings.DestinationArn['Fn::GetAtt'][0];
    expect(stateless.toJSON().Resources[logGroupId].Type).toBe('AWS::Logs::LogGroup');
    expect(stateless.toJSON().Resources[logGroupId].Properties.RetentionInDays).toBe(365);
    const format = JSON.parse(stage.Properties.AccessLogSettings.Format);
    expect(format).toMatchObject({
      requestId: '$context.requestId',
      routeKey: '$context.routeKey',
      status: '$context.status',
      sub: '$context.authorizer.claims.sub',
    });
  });
});

describe('the table stream', () => {
  it('feeds the artifacts function the inserted job items only, in small batches, bisecting and retrying, failures to the DLQ', () => {
    const [, m] = only(resources(stateless, 'AWS::Lambda::EventSourceMapping'));
    const dlqId = hub.stateless.getLogicalId(hub.stateless.deadLetterQueue.node.defaultChild as any);
    expect(m.Properties.FunctionName).toEqual({ Ref: fnLogicalId('artifacts') });
    expect(json(m.Properties.EventSourceArn)).toMatch(/PublishOutputFnGetAttTable\w*StreamArn/);
    expect(m.Properties).toMatchObject({
      StartingPosition: 'LATEST',
      BatchSize: STREAM_BATCH_SIZE,
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 2,
      MaximumRecordAgeInSeconds: 3600,
      ParallelizationFactor: 1,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [dlqId, 'Arn'] } } },
    });
    const filters = m.Properties.FilterCriteria.Filters as { Pattern: string }[];
    expect(filters.map((f) => JSON.parse(f.Pattern))).toEqual([
      { eventName: ['INSERT'], dynamodb: { Keys: { pk: { S: [keys.jobsPartition] } } } },
    ]);
  });
});

describe('EventBridge Scheduler', () => {
  const schedules = () => Object.values(resources(stateless, 'AWS::Scheduler::Schedule'));
  const dlqId = () => hub.stateless.getLogicalId(hub.stateless.deadLetterQueue.node.defaultChild as any);

  it('runs the rollup on crons in Asia/Ho_Chi_Minh: hourly in the reporting windows, nightly otherwise', () => {
    const rollup = schedules().filter((s) => json(s.Properties.Target.Arn) === json({ 'Fn::GetAtt': [fnLogicalId('rollup'), 'Arn'] }));
    expect(rollup.map((s) => s.Properties.ScheduleExpression).sort()).toEqual(['cron(0 2 * * ? *)', 'cron(0 7-22 10-25 3,6,9,12 ? *)']);
    for (const s of rollup) {
      expect(s.Properties.ScheduleExpressionTimezone).toBe('Asia/Ho_Chi_Minh');
      expect(s.Properties.State).toBe('ENABLED');
      expect(s.Properties.Target.RetryPolicy).toEqual({ MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 });
      expect(s.Properties.Target.DeadLetterConfig).toEqual({ Arn: { 'Fn::GetAtt': [dlqId(), 'Arn'] } });
      expect(JSON.parse(s.Properties.Target.Input)).toMatchObject({ time: '<aws.scheduler.scheduled-time>', detail: {} });
    }
  });

  it('runs the document retry sweeper every 5 minutes with a retry policy and the DLQ', () => {
    const sweep = schedules().filter((s) => json(s.Properties.Target.Arn) === json({ 'Fn::GetAtt': [fnLogicalId('artifacts'), 'Arn'] }));
    expect(sweep).toHaveLength(1);
    expect(sweep[0]!.Properties.ScheduleExpression).toBe('rate(5 minutes)');
    expect(sweep[0]!.Properties.Target.RetryPolicy).toEqual({ MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 240 });
    expect(sweep[0]!.Properties.Target.DeadLetterConfig).toEqual({ Arn: { 'Fn::GetAtt': [dlqId(), 'Arn'] } });
    expect(schedules()).toHaveLength(5);
  });

  it('delivers the outbox every 2 minutes, and runs reminders and digests on working-day mornings in Asia/Ho_Chi_Minh', () => {
    const notify = schedules().filter((s) => json(s.Properties.Target.Arn) === json({ 'Fn::GetAtt': [fnLogicalId('notify'), 'Arn'] }));
    const byJob = Object.fromEntries(notify.map((s) => [JSON.parse(s.Properties.Target.Input).detail.job, s.Properties]));
    expect(Object.keys(byJob).sort()).toEqual(['reminders', 'send']);
    expect(byJob.send.ScheduleExpression).toBe('rate(2 minutes)');
    expect(byJob.reminders.ScheduleExpression).toBe('cron(30 7 ? * MON-FRI *)');
    expect(byJob.reminders.ScheduleExpressionTimezone).toBe('Asia/Ho_Chi_Minh');
    for (const p of Object.values(byJob) as any[]) expect(p.Target.DeadLetterConfig).toEqual({ Arn: { 'Fn::GetAtt': [dlqId(), 'Arn'] } });
    const configs = Object.values(resources(stateless, 'AWS::Lambda::EventInvokeConfig'));
    const cfg = configs.find((c) => json(c.Properties.FunctionName) === json({ Ref: fnLogicalId('notify') }))!;
    expect(cfg.Properties.DestinationConfig.OnFailure.Destination).toEqual({ 'Fn::GetAtt': [dlqId(), 'Arn'] });
  });

  it('has an encrypted, TLS-only dead-letter queue', () => {
    const q = stateless.toJSON().Resources[dlqId()];
    expect(q.Properties.SqsManagedSseEnabled).toBe(true);
    expect(q.Properties.MessageRetentionPeriod).toBe(14 * 24 * 3600);
    stateless.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: dlqId() }],
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      },
    });
  });

  it('sends failed asynchronous runs of the rollup (and the sweeper) to the DLQ: on-failure destination', () => {
    const configs = Object.values(resources(stateless, 'AWS::Lambda::EventInvokeConfig'));
    const rollup = configs.find((c) => json(c.Properties.FunctionName) === json({ Ref: fnLogicalId('rollup') }))!;
    expect(rollup.Properties).toMatchObject({
      MaximumRetryAttempts: 2,
      MaximumEventAgeInSeconds: 3600,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [dlqId(), 'Arn'] } } },
    });
    const sweep = configs.find((c) => json(c.Properties.FunctionName) === json({ Ref: fnLogicalId('artifacts') }))!;
    expect(sweep.Properties.DestinationConfig.OnFailure.Destination).toEqual({ 'Fn::GetAtt': [dlqId(), 'Arn'] });
  });
});

describe('alarms', () => {
  const alarms = () => Object.values(resources(stateless, 'AWS::CloudWatch::Alarm'));
  const find = (metric: string, namespace: string) =>
    alarms().filter((a) => a.Properties.MetricName === metric && a.Properties.Namespace === namespace);

  it('fire on the DLQ depth, rollup errors, sweeper errors, notification errors and API 5xx', () => {
    expect(alarms()).toHaveLength(5);
    const [dlq] = find('ApproximateNumberOfMessagesVisible', 'AWS/SQS');
    expect(dlq!.Properties).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold', Statistic: 'Maximum' });
    const errors = find('Errors', 'AWS/Lambda').map((a) => json(a.Properties.Dimensions));
    expect(errors.sort()).toEqual(
      [
        json([{ Name: 'FunctionName', Value: { Ref: fnLogicalId('rollup') } }]),
        json([{ Name: 'FunctionName', Value: { Ref: fnLogicalId('artifacts') } }]),
        json([{ Name: 'FunctionName', Value: { Ref: fnLogicalId('notify') } }]),
      ].sort(),
    );
    const [api] = find('5xx', 'AWS/ApiGateway');
    expect(api!.Properties).toMatchObject({ Threshold: 0, Statistic: 'Sum' });
    for (const a of alarms()) expect(a.Properties.TreatMissingData).toBe('notBreaching');
  });
});

describe('cdk-nag (AwsSolutions and Serverless packs)', () => {
  const report = () => JSON.parse(readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8'));

  it('ran both packs on the app and left no unacknowledged finding', () => {
    const r = report();
    const byPlugin = Object.fromEntries(r.pluginReports.map((p: any) => [p.pluginName, p]));
    for (const pack of ['AwsSolutions', 'Serverless']) {
      expect(byPlugin[pack], pack).toBeDefined();
      expect(byPlugin[pack].conclusion).toBe('success');
      expect(byPlugin[pack].violations).toEqual([]);
    }
  });

  it('acknowledges each finding with a written reason, and nothing that is not a finding', () => {
    const suppressed = report().pluginReports.flatMap((p: any) =>
      p.suppressedViolations.map((v: any) => ({ id: v.ruleName as string, at: v.acknowledgedAt as string, reason: v.reason as string })),
    );
    expect(acks.length).toBe(suppressed.length);
    for (const a of acks) {
      expect(a.reason.length).toBeGreaterThan(40);
      expect(suppressed, `${a.id} at ${a.path} acknowledges nothing`).toContainEqual({ id: a.id, at: a.path, reason: a.reason });
    }
    // The list the deployment notes justify (infra/README.md).
    const rules = [...new Set(acks.map((a) => a.id.replace(/\[.*$/, '')))].sort();
    expect(rules).toEqual([
      'AwsSolutions-APIG4',
      'AwsSolutions-CFR1',
      'AwsSolutions-CFR2',
      'AwsSolutions-CFR3',
      'AwsSolutions-CFR4',
      'AwsSolutions-IAM4',
      'AwsSolutions-IAM5',
      'AwsSolutions-L1',
      'AwsSolutions-SQS3',
      'Serverless-LambdaDLQ',
      'Serverless-LambdaLatestVersion',
      'Serverless-LambdaTracing',
      'Serverless-SQSRedrivePolicy',
    ]);
    // Our functions: IAM5 only for the object-prefix ARNs and for dynamodb:ListStreams (on the artifacts role),
    // never for actions. Managed policies, action wildcards and old runtimes only on CDK's deploy-time copy of the web app.
    const deployer = (a: Acknowledgement) => /\/Custom::CDKBucketDeployment[^/]*$/.test(a.path);
    for (const a of acks.filter((x) => x.id.startsWith('AwsSolutions-IAM5') && !deployer(x))) {
      if (a.id === 'AwsSolutions-IAM5[Resource::*]') expect(a.path).toBe(hub.stateless.functions.artifacts.functionRole.node.path);
      else expect(a.id).toMatch(/^AwsSolutions-IAM5\[Resource::.*\/(reports|rollups|health)\/\*\]$/);
    }
    for (const a of acks.filter((x) => /IAM4|L1|LambdaLatestVersion/.test(x.id))) expect(deployer(a), `${a.id} at ${a.path}`).toBe(true);
    for (const a of acks.filter((x) => x.id.startsWith('AwsSolutions-CFR'))) expect(a.path).toBe('CchcHub-Stateless/Web/Distribution');
  });

  it('fails synthesis on a finding (a bucket without logging, TLS or public access block)', () => {
    const app = new App({ context: cdkJsonContext() });
    const stack = new Stack(app, 'Bad');
    new Bucket(stack, 'Careless');
    addNagPacks(app);
    expect(() => app.synth()).toThrow(/AwsSolutions-S1|AwsSolutions-S10/);
  });
});

describe('the web app (CloudFront, S3, Cognito)', () => {
  const distribution = () => only(resources(stateless, 'AWS::CloudFront::Distribution'));

  it('serves the app from a private, encrypted, TLS-only bucket through origin access control', () => {
    const [bucketId, bucket] = only(resources(stateless, 'AWS::S3::Bucket'));
    expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe(
      'AES256',
    );
    expect(json(bucket.Properties.LoggingConfiguration)).toContain('AccessLogs');
    const [, oac] = only(resources(stateless, 'AWS::CloudFront::OriginAccessControl'));
    expect(oac.Properties.OriginAccessControlConfig).toMatchObject({
      OriginAccessControlOriginType: 's3',
      SigningBehavior: 'always',
      SigningProtocol: 'sigv4',
    });
    const [distId, dist] = distribution();
    const d = dist.Properties.DistributionConfig;
    const s3 = d.Origins.find((o: any) => o.S3OriginConfig);
    expect(s3.DomainName).toEqual({ 'Fn::GetAtt': [bucketId, 'RegionalDomainName'] });
    expect(s3.S3OriginConfig.OriginAccessIdentity).toBe('');
    const policy = Object.values(resources(stateless, 'AWS::S3::BucketPolicy')).find((p) => json(p.Properties.Bucket).includes(bucketId))!;
    const read = policy.Properties.PolicyDocument.Statement.find((st: any) => st.Effect === 'Allow');
    expect(read.Principal).toEqual({ Service: 'cloudfront.amazonaws.com' });
    expect(read.Action).toBe('s3:GetObject');
    expect(json(read.Condition)).toContain(distId);
    const tls = policy.Properties.PolicyDocument.Statement.filter((st: any) => st.Effect === 'Deny').map((st: any) => json(st.Condition));
    expect(tls.join()).toContain('aws:SecureTransport');
  });

  it('routes /v1/* to the HTTP API on the same domain, uncached, all methods, every header but Host', () => {
    const [, dist] = distribution();
    const d = dist.Properties.DistributionConfig;
    const [apiId] = only(resources(stateless, 'AWS::ApiGatewayV2::Api'));
    const api = d.Origins.find((o: any) => o.CustomOriginConfig);
    expect(json(api.DomainName)).toContain(apiId);
    expect(json(api.DomainName)).toContain('execute-api');
    expect(api.CustomOriginConfig).toMatchObject({ OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] });
    expect(d.CacheBehaviors).toHaveLength(1);
    const b = d.CacheBehaviors[0];
    expect(b.PathPattern).toBe('/v1/*');
    expect(b.TargetOriginId).toBe(api.Id);
    expect(b.AllowedMethods.sort()).toEqual(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT']);
    expect(b.CachePolicyId).toBe('4135ea2d-6df8-44a3-9df3-4b5a84be39ad'); // CachingDisabled
    expect(b.OriginRequestPolicyId).toBe('b689b0a8-53d0-40ab-baf2-68738e2966ac'); // AllViewerExceptHostHeader
    expect(b.ViewerProtocolPolicy).toBe('https-only');
    expect(d.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(d.DefaultRootObject).toBe('index.html');
  });

  it('answers app routes with index.html (viewer-request function) and leaves files alone', () => {
    const [, fn] = only(resources(stateless, 'AWS::CloudFront::Function'));
    expect(fn.Properties.FunctionCode).toBe(SPA_FALLBACK_CODE);
    expect(fn.Properties.FunctionConfig.Runtime).toBe('cloudfront-js-2.0');
    const [, dist] = distribution();
    const assoc = dist.Properties.DistributionConfig.DefaultCacheBehavior.FunctionAssociations;
    expect(assoc).toHaveLength(1);
    expect(assoc[0].EventType).toBe('viewer-request');
    const handler = new Function(`${SPA_FALLBACK_CODE}; return handler;`)() as (e: { request: { uri: string } }) => { uri: string };
    expect(handler({ request: { uri: '/don-vi/870/2021-H1' } }).uri).toBe('/index.html');
    expect(handler({ request: { uri: '/' } }).uri).toBe('/index.html');
    expect(handler({ request: { uri: '/assets/index-abc.js' } }).uri).toBe('/assets/index-abc.js');
    expect(handler({ request: { uri: '/app-config.json' } }).uri).toBe('/app-config.json');
  });

  it('sends security headers with a content security policy', () => {
    const [, p] = only(resources(stateless, 'AWS::CloudFront::ResponseHeadersPolicy'));
    const h = p.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    expect(json(h.ContentSecurityPolicy.ContentSecurityPolicy)).toContain("default-src 'self'");
    expect(json(h.ContentSecurityPolicy.ContentSecurityPolicy)).toContain("frame-ancestors 'none'");
    expect(h.FrameOptions.FrameOption).toBe('DENY');
    expect(h.StrictTransportSecurity.AccessControlMaxAgeSec).toBe(31_536_000);
  });

  it('has a public app client for the authorization code flow (PKCE), with URLs on the distribution domain', () => {
    const [, client] = only(resources(stateless, 'AWS::Cognito::UserPoolClient'));
    const c = client.Properties;
    expect(c.GenerateSecret).toBe(false);
    expect(c.AllowedOAuthFlowsUserPoolClient).toBe(true);
    expect(c.AllowedOAuthFlows).toEqual(['code']);
    expect(c.AllowedOAuthScopes.sort()).toEqual(['email', 'openid', 'profile']);
    expect(c.SupportedIdentityProviders).toEqual(['COGNITO']);
    const [distId] = distribution();
    for (const [urls, path] of [
      [c.CallbackURLs, CALLBACK_PATH],
      [c.LogoutURLs, LOGOUT_PATH],
    ] as const) {
      expect(urls).toHaveLength(1);
      expect(json(urls[0])).toContain(distId);
      expect(json(urls[0])).toContain('DomainName');
      expect(json(urls[0])).toContain(path);
    }
    expect(c.ReadAttributes).toContain(CLAIM_UNIT);
    expect(c.WriteAttributes).not.toContain(CLAIM_UNIT);
    expect(json(c.UserPoolId)).toContain('PublishOutputRefUsers');
  });

  it('has the managed login on a Cognito domain, with its branding', () => {
    const [, domain] = only(resources(stateless, 'AWS::Cognito::UserPoolDomain'));
    expect(domain.Properties.ManagedLoginVersion).toBe(2);
    expect(domain.Properties.CustomDomainConfig).toBeUndefined();
    const [, branding] = only(resources(stateless, 'AWS::Cognito::ManagedLoginBranding'));
    expect(branding.Properties.UseCognitoProvidedValues).toBe(true);
  });

  it('copies the built app and a Cognito app-config.json into the bucket, then invalidates the two unhashed files', () => {
    const [, dep] = only(resources(stateless, 'Custom::CDKBucketDeployment'));
    const [bucketId] = only(resources(stateless, 'AWS::S3::Bucket'));
    expect(dep.Properties.DestinationBucketName).toEqual({ Ref: bucketId });
    expect(dep.Properties.SourceObjectKeys).toHaveLength(2);
    expect(json(dep.Properties.SourceMarkers)).toContain('PublishOutputRefUsers'); // the pool id in app-config.json
    expect(dep.Properties.DistributionPaths.sort()).toEqual(['/app-config.json', '/index.html']);
  });
});
