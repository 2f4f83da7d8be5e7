/**
 * Issue 15 figures, through the local server (real handlers, DynamoDB Local, s3rver):
 *  - versions: the time of a GET …/versions page for a report with 500 versions (the most a
 *    report may keep), each drawing about 900 warnings (goal: under 200 ms a page);
 *  - health: the storage writes of 1,000 anonymous GET /v1/health calls (goal: 0), with the
 *    reads they made, beside the administrators' deep check.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { documentClient, s3Client } from '../../shared/adapters/clients.ts';
import { MAX_VERSIONS } from '../../shared/report/service.ts';
import { startApp, type RunningApp } from '../local/app.ts';
import { newKeyPair, signToken, type KeyPair } from '../local/keys.ts';
import { startLocalAws } from '../local/stack.ts';
import { ms, summary, table } from './stats.ts';

const EXAMPLE = JSON.parse(readFileSync(new URL('../../data/examples/870-2021-H1.json', import.meta.url), 'utf8'));

/** The seed citing `n` more plans dated after the report (one warning each); `count` makes each version differ. */
function manyWarnings(n: number, count: number) {
  const b = structuredClone(EXAMPLE);
  delete b.header.issuingAuthority;
  delete b.header.place;
  delete b.header.summary;
  b.values.INSPECTED_UNITS.value = count;
  // A section lists at most 500 documents: half in each of two sections.
  const plans = Array.from({ length: n }, (_, i) => ({ kind: 'Kế hoạch', number: `${1000 + i}/KH-UBND`, date: '2021-12-22' }));
  b.sections.direction.documents.push(...plans.slice(0, n / 2));
  b.sections.inspection.documents.push(...plans.slice(n / 2));
  return b;
}

async function withApp<T>(name: string, fn: (app: RunningApp, key: KeyPair) => Promise<T>): Promise<T> {
  const s3Dir = mkdtempSync(join(tmpdir(), 'cchc-bench-s3-'));
  const aws = await startLocalAws({ s3Dir });
  // The quota would (rightly) stop one user writing 500 versions in a minute; its update is still part of each PUT.
  Object.assign(process.env, aws.env, { LOG_LEVEL: 'SILENT', WRITE_QUOTA: '100000/100000' });
  const key = await newKeyPair();
  const app = await startApp({ table: name, bucket: name, port: 0, key, rollupEveryMinutes: 0, sweepEverySeconds: 0, streams: false });
  try {
    return await fn(app, key);
  } finally {
    await app.close();
    await aws.stop();
    rmSync(s3Dir, { recursive: true, force: true });
  }
}

export async function benchVersions(versions = MAX_VERSIONS, warningsEach = 900): Promise<string> {
  return withApp('bench-versions', async (app, key) => {
    const token = await signToken(key, { role: 'reporter', unit: '870' });
    const url = `${app.url}/v1/units/870/reports/2021-H1`;
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const t0 = performance.now();
    let warningCount = 0;
    for (let v = 1; v <= versions; v++) {
      const res = await fetch(url, {
        method: 'PUT',
        headers: { ...headers, ...(v > 1 ? { 'if-match': `"${v - 1}"` } : {}) },
        body: JSON.stringify(manyWarnings(warningsEach, v)),
      });
      const j = (await res.json()) as { version?: number; warningCount?: number };
      if (res.status !== 201 || j.version !== v)
        throw new Error(`bench versions: PUT ${v} answered ${res.status}: ${JSON.stringify(j).slice(0, 200)}`);
      warningCount = j.warningCount ?? 0;
    }
    const fill = performance.now() - t0;
    const rows: (string | number)[][] = [['GET …/versions page', 'pages', 'p50', 'p95', 'max', 'answer bytes (max)']];
    const verdicts: string[] = [];
    for (const limit of [100, 50]) {
      const times: number[] = [];
      let bytes = 0;
      let pages = 0;
      for (let round = 0; round < 10; round++) {
        let cursor: string | undefined;
        pages = 0;
        do {
          const t = performance.now();
          const res = await fetch(`${url}/versions?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`, { headers });
          const text = await res.text();
          times.push(performance.now() - t);
          if (res.status !== 200) throw new Error(`bench versions: GET answered ${res.status}`);
          bytes = Math.max(bytes, Buffer.byteLength(text));
          cursor = (JSON.parse(text) as { nextCursor?: string }).nextCursor;
          pages++;
        } while (cursor);
      }
      const s = summary(times);
      rows.push([`limit=${limit}${limit === 50 ? ' (default)' : ' (max)'}`, pages, ms(s.p50), ms(s.p95), ms(s.max), bytes]);
      verdicts.push(`limit=${limit}: p95 ${ms(s.p95)} a page (goal under 200 ms: ${s.p95 < 200 ? 'met' : 'NOT met'})`);
    }
    return [
      `${versions} versions of 870/2021-H1, ${warningCount} warnings each (100 stored per version), written in ${(fill / 1000).toFixed(1)} s; every page walked 10 times:`,
      table(rows),
      ...verdicts,
    ].join('\n');
  });
}

/** Counts the commands the in-process handlers send to the table and the bucket while fn runs. */
async function counting(fn: () => Promise<void>): Promise<{ writes: number; reads: number }> {
  let writes = 0;
  let reads = 0;
  const restore: (() => void)[] = [];
  for (const client of [documentClient(), s3Client()] as unknown as { send: (...a: unknown[]) => Promise<unknown> }[]) {
    const send = client.send;
    client.send = (cmd: unknown, ...rest: unknown[]) => {
      const name = (cmd as { constructor: { name: string } }).constructor.name;
      if (/^(Put|Update|Delete|TransactWrite|BatchWrite|Copy|CreateMultipart|UploadPart|CompleteMultipart)/.test(name)) writes++;
      else reads++;
      return send.call(client, cmd, ...rest);
    };
    restore.push(() => {
      client.send = send;
    });
  }
  try {
    await fn();
  } finally {
    for (const r of restore) r();
  }
  return { writes, reads };
}

export async function benchHealth(calls = 1000): Promise<string> {
  return withApp('bench-health', async (app, key) => {
    const t0 = performance.now();
    const pub = await counting(async () => {
      for (let i = 0; i < calls; i++) {
        const r = await fetch(`${app.url}/v1/health`);
        await r.arrayBuffer();
        if (r.status !== 200) throw new Error(`bench health: ${r.status}`);
      }
    });
    const took = performance.now() - t0;
    const admin = await signToken(key, { role: 'admin', unit: '87' });
    const deep = await counting(async () => {
      for (let i = 0; i < 10; i++)
        await (await fetch(`${app.url}/v1/admin/health`, { headers: { authorization: `Bearer ${admin}` } })).arrayBuffer();
    });
    return [
      table([
        ['health check', 'calls', 'writes (table + bucket)', 'reads', 'time'],
        ['GET /v1/health (public)', calls, pub.writes, pub.reads, `${(took / 1000).toFixed(1)} s`],
        ['GET /v1/admin/health (deep, admin)', 10, deep.writes, deep.reads, ''],
      ]),
      `public health: ${pub.writes} writes over ${calls} calls (goal 0: ${pub.writes === 0 ? 'met' : 'NOT met'})`,
    ].join('\n');
  });
}
