/**
 * Issue 15 §3 and §7, through the real handlers, DynamoDB Local and s3rver: the public
 * health check reads only (and reuses its answer), the deep check is for administrators;
 * the group claim is read exactly as Cognito forms it; staff roles only for a
 * province-tier unit; an unknown unit is 404, a unit of another province 403.
 */
import { spawnSync } from 'node:child_process';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../functions/routes.ts';
import { documentClient, s3Client } from '../../shared/adapters/clients.ts';
import { groupsOf, principalFromClaims } from '../../shared/auth/principal.ts';
import { signToken } from '../../scripts/local/keys.ts';
import { OTHER_PROVINCE_UNIT, startHostile, type Hostile } from '../hostile/harness.ts';
import { putMarkedExample, SEED_PERIOD } from '../hostile/properties.ts';
import { watchS3Fetch } from '../support/s3-fetch.ts';

let h: Hostile;

beforeAll(async () => {
  h = await startHostile({ documents: false });
  for (const unit of ['870', '871']) {
    const r = await putMarkedExample(h, unit);
    expect(r.status, r.text).toBe(201);
  }
});
afterAll(async () => h?.close());

const route = (method: string, path: string) => ROUTES.find((r) => r.method === method && r.path === path)!;

/** Counts the storage commands the handlers send while fn runs (the process-wide SDK clients). */
async function counting<T>(fn: () => Promise<T>): Promise<{ result: T; writes: string[]; reads: string[] }> {
  const writes: string[] = [];
  const reads: string[] = [];
  const restore: (() => void)[] = [];
  for (const client of [documentClient(), s3Client()] as { send: (...a: any[]) => Promise<unknown> }[]) {
    const send = client.send;
    client.send = async (cmd: any, ...rest: any[]) => {
      const name = cmd.constructor.name as string;
      (/^(Put|Update|Delete|TransactWrite|BatchWrite|Copy|CreateMultipart|UploadPart|CompleteMultipart)/.test(name) ? writes : reads).push(
        name,
      );
      return send.call(client, cmd, ...rest);
    };
    restore.push(() => (client.send = send));
  }
  // The API functions reach the bucket with signed fetch requests, not the S3 client.
  restore.push(watchS3Fetch((op) => (op === 'GetObject' || op === 'HeadObject' ? reads : writes).push(op)));
  try {
    return { result: await fn(), writes, reads };
  } finally {
    restore.forEach((r) => r());
  }
}

async function healthTraces(): Promise<{ item: boolean; objects: string[] }> {
  const ddb = new DynamoDBClient({});
  const s3 = new S3Client({ forcePathStyle: true });
  try {
    const item = await ddb.send(
      new GetItemCommand({ TableName: h.app.table, Key: { pk: { S: 'HEALTH' }, sk: { S: 'probe' } }, ConsistentRead: true }),
    );
    const list = await s3.send(new ListObjectsV2Command({ Bucket: h.app.bucket, Prefix: 'health/' }));
    return { item: item.Item !== undefined, objects: (list.Contents ?? []).map((c) => c.Key!) };
  } finally {
    ddb.destroy();
    s3.destroy();
  }
}

describe('health (§3)', () => {
  it('the public check writes nothing, to the table or the bucket, over 200 anonymous calls', async () => {
    const { result, writes } = await counting(async () => {
      const out: number[] = [];
      for (let i = 0; i < 200; i++) out.push((await h.app.call('GET', '/v1/health')).status);
      return out;
    });
    expect(new Set(result)).toEqual(new Set([200]));
    expect(writes).toEqual([]);
    expect(await healthTraces()).toEqual({ item: false, objects: [] });
  });

  it('reuses its answer per container: 50 calls in a row read the storage at most once each', async () => {
    const { reads } = await counting(async () => {
      for (let i = 0; i < 50; i++) expect((await h.app.call('GET', '/v1/health')).status).toBe(200);
    });
    // One probe (a GetItem and a GetObject) at most, when the cached answer expired meanwhile.
    expect(reads.length).toBeLessThanOrEqual(2);
  });

  it('the deep check writes and reads back, for administrators only; others get 403 or 401 and write nothing', async () => {
    for (const role of ['reporter870', 'province87', 'provinceOther'] as const) {
      const { result, writes } = await counting(() => h.http({ method: 'GET', path: '/v1/admin/health', role }));
      expect(result.status, role).toBe(403);
      expect(result.body.error.code).toBe('FORBIDDEN');
      expect(writes).toEqual([]);
    }
    expect((await h.app.call('GET', '/v1/admin/health')).status).toBe(401);
    expect(await healthTraces()).toEqual({ item: false, objects: [] });
    const { result, writes } = await counting(() => h.http({ method: 'GET', path: '/v1/admin/health', role: 'admin87' }));
    expect(result.status, result.text).toBe(200);
    expect(result.body).toEqual({ status: 'ok', table: 'ok', bucket: 'ok' });
    expect(writes.sort()).toEqual(['PutCommand', 'PutObject']);
    const traces = await healthTraces();
    expect(traces.item).toBe(true);
    expect(traces.objects).toEqual([expect.stringMatching(/^health\/\d+$/)]);
  });

  it('the OpenAPI document lists the deep check with its bearer security, and health without', async () => {
    const r = await h.app.call('GET', '/v1/openapi.json');
    expect(r.body.paths['/v1/admin/health'].get.security).toEqual([{ bearer: [] }]);
    expect(r.body.paths['/v1/health'].get.security).toBeUndefined();
  });
});

describe('the group claim (§7)', () => {
  it('is read exactly as Cognito forms it: a JSON array, or API Gateway\'s "[a b]"; names are whole', () => {
    expect(groupsOf(['reporter', 'admin'])).toEqual(['reporter', 'admin']);
    expect(groupsOf('[reporter admin]')).toEqual(['reporter', 'admin']); // two groups, as API Gateway flattens them
    expect(groupsOf('["province"]')).toEqual(['province']);
    expect(groupsOf('[]')).toEqual([]);
    // A comma is part of a name; a name with a space is no Cognito group; other shapes name no group.
    expect(groupsOf('[reporter,admin]')).toEqual(['reporter,admin']);
    expect(groupsOf(['reporter admin'])).toEqual([]);
    expect(groupsOf('["reporter admin"]')).toEqual([]);
    expect(groupsOf('reporter admin')).toEqual([]);
    expect(groupsOf('admin,province')).toEqual(['admin,province']); // one name, which is no role
    expect(groupsOf('[reporter  admin]')).toEqual([]);
  });

  it('a group named "reporter admin" or "reporter,admin" is no admin: 401 at the handler, and no local token is issued for it', async () => {
    const status = route('GET', '/v1/provinces/{province}/periods/{period}/status');
    for (const groups of ['[reporter,admin]', 'reporter admin', '["reporter admin"]', 'province,admin']) {
      const r = await h.invoke({
        method: 'GET',
        route: status,
        params: { province: '87', period: SEED_PERIOD },
        role: 'province87',
        claims: { sub: 'u-1', 'custom:unit': '87', 'cognito:groups': groups, token_use: 'id' },
      });
      expect(r.status, groups).toBe(401);
      expect(r.body.error.code).toBe('UNAUTHENTICATED');
    }
    expect(() => principalFromClaims({ sub: 'u', 'custom:unit': '87', 'cognito:groups': ['reporter admin'] })).toThrow();
    await expect(signToken(h.app.key, { role: 'reporter admin', unit: '87' })).rejects.toThrow(/white space/);
  });
});

describe('staff roles belong to a province-tier unit (§7)', () => {
  const claims = (role: string, unit: string) => ({
    sub: `u-${role}-${unit}`,
    'custom:unit': unit,
    'cognito:groups': `[${role}]`,
    token_use: 'id',
  });

  it('province staff or an admin whose unit is a district reads nothing of its province: 403', async () => {
    for (const role of ['province', 'admin']) {
      const cases: { r: (typeof ROUTES)[number]; params: Record<string, string> }[] = [
        { r: route('GET', '/v1/units/{unit}/reports/{period}'), params: { unit: '871', period: SEED_PERIOD } },
        { r: route('GET', '/v1/units/{unit}/reports/{period}/versions'), params: { unit: '870', period: SEED_PERIOD } },
        { r: route('GET', '/v1/provinces/{province}/periods/{period}/status'), params: { province: '87', period: SEED_PERIOD } },
        { r: route('GET', '/v1/provinces/{province}/rollups/{period}'), params: { province: '87', period: SEED_PERIOD } },
      ];
      for (const c of cases) {
        const r = await h.invoke({ method: 'GET', route: c.r, params: c.params, role: 'province87', claims: claims(role, '870') });
        expect(r.status, `${role} ${c.r.path}`).toBe(403);
        expect(r.body.error.code).toBe('FORBIDDEN');
      }
      const review = await h.invoke({
        method: 'POST',
        route: route('POST', '/v1/units/{unit}/reports/{period}/review'),
        params: { unit: '871', period: SEED_PERIOD },
        role: 'province87',
        claims: claims(role, '870'),
        headers: { 'content-type': 'application/json', 'if-match': '"1"' },
        body: Buffer.from(JSON.stringify({ decision: 'accept' })),
      });
      expect(review.status, `${role} review`).toBe(403);
    }
    // The same roles on the province's own code still read it.
    const ok = await h.invoke({
      method: 'GET',
      route: route('GET', '/v1/units/{unit}/reports/{period}'),
      params: { unit: '871', period: SEED_PERIOD },
      role: 'province87',
      claims: claims('province', '87'),
    });
    expect(ok.status, ok.text).toBe(200);
  });

  it('npm run token refuses a staff role for a district (exit 2, in Vietnamese), before touching .data', () => {
    const run = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'scripts/token.ts', ...args], { encoding: 'utf8' });
    for (const role of ['province', 'admin']) {
      const r = run('--role', role, '--unit', '870');
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toContain('chỉ cấp cho đơn vị cấp tỉnh');
    }
  });
});

describe('unknown unit: 404 before the access check; a unit of another province: 403 (§7, ADR 0803)', () => {
  it("an unknown unit code is 404 UNKNOWN_UNIT for any signed-in caller; a known unit outside the caller's reach is 403", async () => {
    for (const role of ['reporter870', 'province87', 'provinceOther'] as const) {
      const r = await h.http({ method: 'GET', path: `/v1/units/999999/reports/${SEED_PERIOD}`, role });
      expect(r.status, role).toBe(404);
      expect(r.body.error.code).toBe('UNKNOWN_UNIT');
    }
    const foreign = await h.http({ method: 'GET', path: `/v1/units/${OTHER_PROVINCE_UNIT}/reports/${SEED_PERIOD}`, role: 'province87' });
    expect(foreign.status).toBe(403);
    const sibling = await h.http({ method: 'GET', path: `/v1/units/871/reports/${SEED_PERIOD}`, role: 'reporter870' });
    expect(sibling.status).toBe(403);
  });
});
