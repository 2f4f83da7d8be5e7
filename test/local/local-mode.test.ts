/**
 * Local mode on one machine shared by several checkouts: `npm start` twice at once on two
 * data directories, each on free ports, each found by its own tools and only by them; a
 * port asked for and taken, or a failed start, ends in one line and leaves no Java
 * behind; the data directory is private and DynamoDB Local answers only to this
 * checkout's key; tokens without `exp` are refused as API Gateway refuses them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLAIM_GROUPS, CLAIM_UNIT } from '../../shared/auth/principal.ts';
import { runningStack, type LocalCredentials, type StackRecord } from '../../scripts/local/checkout.ts';
import { LOCAL_AUDIENCE, LOCAL_ISSUER } from '../../scripts/local/keys.ts';
import { freePort } from '../../scripts/local/stack.ts';
import { example, startTestApp, type TestApp } from '../support/app.ts';

const ROOT = new URL('../..', import.meta.url).pathname;
const dirs: string[] = [];
const children: ChildProcess[] = [];

interface Run {
  child: ChildProcess;
  out: () => string;
  err: () => string;
  exit: Promise<number | null>;
}

/** A repository script in a child process, as `npm start` / `npm run rollup` run it. */
function run(script: string, env: Record<string, string>, args: string[] = []): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: ROOT,
    env: { ...process.env, ROLLUP_EVERY_MINUTES: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, out: () => out, err: () => err, exit };
}

function dataDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'cchc-local-'));
  dirs.push(d);
  return join(d, 'data');
}

const stackOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'stack.json'), 'utf8')) as StackRecord;
const credentialsOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'credentials.json'), 'utf8')) as LocalCredentials;

/** Waits for `npm start` to record its stack and answer its health check. */
async function started(r: Run, dir: string): Promise<StackRecord> {
  // Generous: on a loaded shared machine Java and the TypeScript loader start slowly.
  const deadline = Date.now() + 240_000;
  while (Date.now() < deadline) {
    if (r.child.exitCode !== null) throw new Error(`npm start exited ${r.child.exitCode}: ${r.err()}`);
    if (existsSync(join(dir, 'stack.json'))) {
      const s = stackOf(dir);
      const h = await fetch(`${s.url}/v1/health`).catch(() => undefined);
      if (h?.status === 200) return s;
    }
    await new Promise((res) => setTimeout(res, 250));
  }
  throw new Error(`npm start did not come up: ${r.err()}`);
}

/** Java processes whose command line names this data directory (DynamoDB Local's -dbPath). */
function javaOn(dir: string): number[] {
  const pids: number[] = [];
  for (const p of readdirSync('/proc')) {
    if (!/^\d+$/.test(p)) continue;
    try {
      const cmd = readFileSync(`/proc/${p}/cmdline`, 'utf8');
      if (cmd.includes('DynamoDBLocal') && cmd.includes(dir)) pids.push(Number(p));
    } catch {
      /* gone */
    }
  }
  return pids;
}

async function stop(r: Run): Promise<number | null> {
  r.child.kill('SIGTERM');
  return r.exit;
}

afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('two checkouts at once', () => {
  const a = dataDir();
  const b = dataDir();
  let runA: Run;
  let runB: Run;
  let stackA: StackRecord;
  let stackB: StackRecord;

  beforeAll(async () => {
    // No port set for DynamoDB and S3 (free ones); PORT=0 for the API (a test never takes 3000).
    runA = run('scripts/start.ts', { DATA_DIR: a, PORT: '0' });
    runB = run('scripts/start.ts', { DATA_DIR: b, PORT: '0' });
    [stackA, stackB] = await Promise.all([started(runA, a), started(runB, b)]);
  }, 300_000);

  afterAll(async () => {
    await Promise.all([runA, runB].filter(Boolean).map(stop));
  }, 30_000);

  it('both run, on different free ports, each recorded in its own .data/stack.json', async () => {
    const ports = [stackA, stackB].flatMap((s) => [Number(new URL(s.url!).port), s.dynamoPort, s.s3Port]);
    expect(new Set(ports).size).toBe(6);
    expect(ports).not.toContain(3000);
    expect(stackA.dataDir).toBe(a);
    expect(stackA.id).not.toBe(stackB.id);
    expect((await runningStack(a))?.id).toBe(stackA.id);
    expect((await runningStack(b))?.id).toBe(stackB.id);
  });

  it('keep their data apart: a report put into one is not in the other', async () => {
    const { localKeys, signToken } = await import('../../scripts/local/keys.ts');
    const tokenA = await signToken(await localKeys(join(a, 'keys')), { role: 'reporter', unit: '870' });
    const tokenB = await signToken(await localKeys(join(b, 'keys')), { role: 'reporter', unit: '870' });
    const put = await fetch(`${stackA.url}/v1/units/870/reports/2021-H1`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${tokenA}`, 'content-type': 'application/json' },
      body: JSON.stringify(example()),
    });
    expect(put.status).toBe(201);
    expect((await fetch(`${stackA.url}/v1/units/870/reports/2021-H1`, { headers: { authorization: `Bearer ${tokenA}` } })).status).toBe(
      200,
    );
    expect((await fetch(`${stackB.url}/v1/units/870/reports/2021-H1`, { headers: { authorization: `Bearer ${tokenB}` } })).status).toBe(
      404,
    );
    // Each checkout's tokens are signed by its own key: A's token means nothing to B.
    expect((await fetch(`${stackB.url}/v1/units/870/reports/2021-H1`, { headers: { authorization: `Bearer ${tokenA}` } })).status).toBe(
      401,
    );
  });

  it("a tool finds its own checkout's stack, and only that one", async () => {
    const tool = run('scripts/rollup.ts', { DATA_DIR: a }, ['--province', '87', '--period', '2021-H1']);
    expect(await tool.exit, tool.err()).toBe(0);
    expect(tool.out()).toContain(`using the running local stack) ${stackA.url}`);
    expect(tool.out()).toMatch(/2021-H1: đã tổng hợp, 1\/\d+ đơn vị đã báo cáo/);
    expect(tool.out()).not.toContain(stackB.url);
  }, 240_000);

  it('a record that does not answer with its id is not taken for the running stack', async () => {
    const dir = dataDir();
    const { mkdirSync } = await import('node:fs');
    mkdirSync(dir, { recursive: true });
    // Alive pid, a live server, but another stack's id: someone else's server on that port.
    writeFileSync(join(dir, 'stack.json'), JSON.stringify({ ...stackA, id: 'not-this-one', dataDir: dir }));
    expect(await runningStack(dir)).toBeUndefined();
    // A dead pid: a stale record after a crash.
    writeFileSync(join(dir, 'stack.json'), JSON.stringify({ ...stackA, pid: 2 ** 22 + 1, dataDir: dir }));
    expect(await runningStack(dir)).toBeUndefined();
    // A tool's own stack: alive pid and its DynamoDB port in use, or it is stale.
    const tool = { ...stackA, owner: 'tool', url: undefined, pid: process.pid, dataDir: dir };
    writeFileSync(join(dir, 'stack.json'), JSON.stringify(tool));
    expect((await runningStack(dir))?.owner).toBe('tool');
    writeFileSync(join(dir, 'stack.json'), JSON.stringify({ ...tool, dynamoPort: await freePort() }));
    expect(await runningStack(dir)).toBeUndefined();
  });

  it('a second start on the same data is refused in one line, and the first keeps running', async () => {
    const again = run('scripts/start.ts', { DATA_DIR: a, PORT: '0' });
    expect(await again.exit).toBe(1);
    const lines = again.err().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`Dịch vụ đã chạy trên dữ liệu ${a}`);
    expect(lines[0]).toContain('Already running');
    expect((await fetch(`${stackA.url}/v1/health`)).status).toBe(200);
    expect(stackOf(a).id).toBe(stackA.id);
  }, 240_000);

  it('.data/ is private (0700), its key and record are 0600, and DynamoDB Local shows nothing to another key', async () => {
    expect(statSync(a).mode & 0o777).toBe(0o700);
    expect(statSync(join(a, 'credentials.json')).mode & 0o777).toBe(0o600);
    expect(statSync(join(a, 'stack.json')).mode & 0o777).toBe(0o600);
    const tables = async (credentials: LocalCredentials) => {
      const c = new DynamoDBClient({
        endpoint: `http://127.0.0.1:${stackA.dynamoPort}`,
        region: 'ap-southeast-1',
        credentials,
        maxAttempts: 1,
      });
      try {
        return (await c.send(new ListTablesCommand({}))).TableNames ?? [];
      } finally {
        c.destroy();
      }
    };
    const mine = credentialsOf(a);
    expect(mine.accessKeyId).not.toBe(credentialsOf(b).accessKeyId);
    expect(await tables(mine)).toContain('cchc-reports');
    expect(await tables({ accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' })).toEqual([]);
    expect(await tables(credentialsOf(b))).toEqual([]);
  });

  it('Ctrl-C (SIGTERM) stops everything: exit 0, no Java left, the record removed', async () => {
    expect(javaOn(b).length).toBe(1);
    expect(await stop(runB)).toBe(0);
    expect(javaOn(b)).toEqual([]);
    expect(existsSync(join(b, 'stack.json'))).toBe(false);
  }, 60_000);
});

describe('a start that cannot succeed', () => {
  let taken: Server;
  let takenPort: number;
  beforeAll(async () => {
    taken = createServer();
    await new Promise<void>((res) => taken.listen(0, '127.0.0.1', () => res()));
    takenPort = (taken.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((res) => taken.close(() => res())));

  it.for([
    ['PORT', 'API'],
    ['DYNAMODB_PORT', 'DynamoDB Local'],
    ['S3_PORT', 'S3 (s3rver)'],
  ] as const)(
    '%s taken: one line in Vietnamese and English, no stack trace, exit 1, nothing left running',
    { timeout: 120_000 },
    async ([name, what]) => {
      const dir = dataDir();
      const r = run('scripts/start.ts', { DATA_DIR: dir, PORT: '0', [name]: String(takenPort) });
      expect(await r.exit).toBe(1);
      const err = r.err().trim();
      expect(err.split('\n')).toHaveLength(1);
      expect(err).toContain(`Cổng ${takenPort} (${what}) đang được dùng`);
      expect(err).toContain(`Port ${takenPort} for ${what} is in use`);
      expect(err).not.toMatch(/\n\s+at |EADDRINUSE|Unhandled/);
      expect(javaOn(dir)).toEqual([]);
      expect(existsSync(join(dir, 'stack.json'))).toBe(false);
    },
  );

  it('a failure after DynamoDB Local started (a bucket name S3 refuses) stops it: no orphaned Java', async () => {
    const dir = dataDir();
    const r = run('scripts/start.ts', { DATA_DIR: dir, PORT: '0', BUCKET_NAME: 'Not_A_Valid_Bucket' });
    expect(await r.exit).toBe(1);
    expect(r.out()).toContain('Đang khởi động');
    expect(r.err().trim().split('\n')).toHaveLength(1);
    expect(r.err()).toMatch(/^Không khởi động được \(could not start\)/);
    // Java had started (its database directory exists) and is gone.
    expect(existsSync(join(dir, 'dynamodb'))).toBe(true);
    expect(javaOn(dir)).toEqual([]);
  }, 240_000);
});

describe('tokens', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app?.close());

  it('a token without exp is refused with 401, as API Gateway refuses it; the same token with exp is accepted', async () => {
    const unsigned = () =>
      new SignJWT({ [CLAIM_GROUPS]: ['reporter'], [CLAIM_UNIT]: '870', token_use: 'id' })
        .setProtectedHeader({ alg: 'ES256' })
        .setSubject('local-reporter-870')
        .setIssuer(LOCAL_ISSUER)
        .setAudience(LOCAL_AUDIENCE)
        .setIssuedAt();
    const noExp = await unsigned().sign(app.key.privateKey);
    const withExp = await unsigned().setExpirationTime('5m').sign(app.key.privateKey);
    const refused = await app.call('GET', '/v1/units/870/reports/2021-H1/versions', { token: noExp });
    expect(refused.status).toBe(401);
    expect(refused.body).toEqual({ message: 'Unauthorized' });
    expect((await app.call('GET', '/v1/units/870/reports/2021-H1/versions', { token: withExp })).status).not.toBe(401);
  });
});
