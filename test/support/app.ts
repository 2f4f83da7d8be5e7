/**
 * A running service for a test file: its own table and bucket on the suite's
 * DynamoDB Local and s3rver, the real handlers behind the local HTTP server, and
 * tokens signed by a per-file key.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { expect } from 'vitest';
import { startApp, type RunningApp } from '../../scripts/local/app.ts';
import { newKeyPair, signToken, type KeyPair, type TokenOptions } from '../../scripts/local/keys.ts';

export const EXAMPLE_PATH = new URL('../../data/examples/870-2021-H1.json', import.meta.url);
/** The seed example file exactly as it ships (its header repeats Hồng Ngự's authority and place). */
export const seedFile = (): Record<string, any> => JSON.parse(readFileSync(EXAMPLE_PATH, 'utf8'));
/** The seed report as any district of 87 may send it for any 2021 period: the server supplies authority, place and summary. */
export const example = (): Record<string, any> => {
  const b = seedFile();
  delete b.header.issuingAuthority;
  delete b.header.place;
  delete b.header.summary;
  return b;
};

export interface TestApp extends RunningApp {
  table: string;
  bucket: string;
  key: KeyPair;
  token(role: string, unit: string, extra?: Partial<TokenOptions>): Promise<string>;
  /** fetch against the app with JSON defaults. */
  call(
    method: string,
    path: string,
    o?: { token?: string; body?: unknown; raw?: string | Buffer; headers?: Record<string, string> },
  ): Promise<{ status: number; headers: Headers; body: any; text: string }>;
  /** Every item in the table (tests only: verifying that nothing changed). */
  scanTable(): Promise<Record<string, unknown>[]>;
  listObjects(): Promise<string[]>;
  /**
   * Every object with its ETag, size and last-modified time, by key (health probes
   * excluded): an overwrite changes the entry even when the key set stays the same.
   */
  objectStates(): Promise<Map<string, string>>;
  /**
   * Runs fn and checks it changed nothing: every table item, and every object by key with
   * its ETag, size and time (an overwrite under the same key shows). Documents of earlier
   * writes are built first, so that only fn's writes could show.
   */
  unchanged<T>(fn: () => Promise<T>): Promise<T>;
}

/**
 * `streams: false` leaves documents to the sweep (tests that check the table item by item).
 * `writeQuota` ("burst/perMinute") sets the per-principal write quota; by default tests
 * run with one no test reaches (races of 50 writers by one user, 500-version histories),
 * and test/hardening/bounds.test.ts checks the quota itself.
 */
export async function startTestApp(
  o: { sweepEverySeconds?: number; streams?: boolean; web?: boolean; writeQuota?: string } = {},
): Promise<TestApp> {
  process.env.WRITE_QUOTA = o.writeQuota ?? '100000/100000';
  const id = randomUUID().slice(0, 8);
  const table = `t-${id}`;
  const bucket = `b-${id}`;
  const key = await newKeyPair();
  const outboxDir = mkdtempSync(join(tmpdir(), 'cchc-outbox-'));
  const app = await startApp({
    table,
    bucket,
    port: 0,
    key,
    rollupEveryMinutes: 0,
    sweepEverySeconds: o.sweepEverySeconds ?? 0,
    outboxDir,
    ...(o.web ? { web: true } : {}),
    ...(o.streams === false ? { streams: false } : {}),
  });
  const ddb = new DynamoDBClient({});
  const s3 = new S3Client({ forcePathStyle: true });
  const t: TestApp = {
    ...app,
    table,
    bucket,
    key,
    token: (role, unit, extra) => signToken(key, { role, unit, ...extra }),
    async call(method, path, c = {}) {
      const headers: Record<string, string> = { ...(c.headers ?? {}) };
      if (c.token) headers.authorization = `Bearer ${c.token}`;
      let body: string | Buffer | undefined;
      if (c.raw !== undefined) body = c.raw;
      else if (c.body !== undefined) {
        body = JSON.stringify(c.body);
        headers['content-type'] ??= 'application/json';
      }
      const res = await fetch(`${app.url}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
      const text = await res.text();
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      return { status: res.status, headers: res.headers, body: parsed, text };
    },
    async scanTable() {
      const out: Record<string, unknown>[] = [];
      let ExclusiveStartKey: Record<string, any> | undefined;
      do {
        const r = await ddb.send(new ScanCommand({ TableName: table, ExclusiveStartKey, ConsistentRead: true }));
        out.push(...(r.Items ?? []));
        ExclusiveStartKey = r.LastEvaluatedKey;
      } while (ExclusiveStartKey);
      return out.filter((i) => (i.pk as { S?: string } | undefined)?.S !== 'HEALTH');
    },
    async listObjects() {
      const out: string[] = [];
      let ContinuationToken: string | undefined;
      do {
        const r = await s3.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken }));
        out.push(...(r.Contents ?? []).map((c) => c.Key!));
        ContinuationToken = r.NextContinuationToken;
      } while (ContinuationToken);
      return out.filter((k) => !k.startsWith('health/')).sort();
    },
    async objectStates() {
      const out = new Map<string, string>();
      let ContinuationToken: string | undefined;
      do {
        const r = await s3.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken }));
        for (const c of r.Contents ?? [])
          if (!c.Key!.startsWith('health/')) out.set(c.Key!, `${c.ETag} ${c.Size} ${c.LastModified?.toISOString()}`);
        ContinuationToken = r.NextContinuationToken;
      } while (ContinuationToken);
      return new Map([...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    },
    async unchanged(fn) {
      await app.settle();
      const [items, objects] = await Promise.all([t.scanTable(), t.objectStates()]);
      const out = await fn();
      expect(await t.scanTable()).toEqual(items);
      expect(await t.objectStates()).toEqual(objects);
      return out;
    },
    async close() {
      await app.close();
      rmSync(outboxDir, { recursive: true, force: true });
      ddb.destroy();
      s3.destroy();
    },
  };
  return t;
}
