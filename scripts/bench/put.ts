/**
 * PUT latency of the seed report through the local server (real handlers, DynamoDB
 * Local, s3rver): each request amends the report (a new version, a new .docx), and
 * separately the retry path (identical content, 200). With and without the .docx
 * generated inline.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp } from '../local/app.ts';
import { newKeyPair, signToken } from '../local/keys.ts';
import { startLocalAws } from '../local/stack.ts';
import { ms, summary, table } from './stats.ts';

const EXAMPLE = JSON.parse(readFileSync(new URL('../../data/examples/870-2021-H1.json', import.meta.url), 'utf8'));

async function run(url: string, token: string, n: number, unit: string): Promise<{ create: number[]; retry: number[] }> {
  const path = `${url}/v1/units/${unit}/reports/2021-H1`;
  const create: number[] = [];
  const retry: number[] = [];
  let version = 0;
  for (let i = 0; i < n + 5; i++) {
    const body = structuredClone(EXAMPLE);
    body.values.INSPECTED_UNITS.value = i;
    // The server supplies the unit's authority and place (the example names Hồng Ngự's).
    delete body.header.issuingAuthority;
    delete body.header.place;
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    if (version) headers['if-match'] = `"${version}"`;
    const t0 = performance.now();
    const res = await fetch(path, { method: 'PUT', headers, body: JSON.stringify(body) });
    const json = (await res.json()) as { version: number };
    const dt = performance.now() - t0;
    if (res.status !== 201) throw new Error(`PUT answered ${res.status}`);
    version = json.version;
    if (i >= 5) create.push(dt); // the first few warm up the JIT and connections
    const t1 = performance.now();
    const again = await fetch(path, { method: 'PUT', headers: { ...headers, 'if-match': `"${version}"` }, body: JSON.stringify(body) });
    await again.text();
    if (again.status !== 200) throw new Error(`retry answered ${again.status}`);
    if (i >= 5) retry.push(performance.now() - t1);
  }
  return { create, retry };
}

export async function benchPut(n = 100): Promise<string> {
  const s3Dir = mkdtempSync(join(tmpdir(), 'cchc-bench-s3-'));
  const aws = await startLocalAws({ s3Dir });
  Object.assign(process.env, aws.env, { LOG_LEVEL: 'SILENT' });
  const key = await newKeyPair();
  const rows: (string | number)[][] = [['PUT of the seed (n=' + n + ')', 'p50', 'p95', 'min', 'max']];
  try {
    for (const inline of [true, false]) {
      process.env.DOCUMENTS_INLINE = String(inline);
      const app = await startApp({ table: `bench-put-${inline}`, bucket: `bench-put-${inline}`, port: 0, key, rollupEveryMinutes: 0, sweepEverySeconds: 0 });
      // Two units so both runs start from a fresh report.
      const unit = inline ? '870' : '871';
      const token = await signToken(key, { role: 'reporter', unit });
      const r = await run(app.url, token, n, unit);
      const c = summary(r.create);
      const t = summary(r.retry);
      const label = inline ? 'new version, .docx inline' : 'new version, .docx by the retry job';
      rows.push([label, ms(c.p50), ms(c.p95), ms(c.min), ms(c.max)]);
      if (inline) rows.push(['identical content again (200)', ms(t.p50), ms(t.p95), ms(t.min), ms(t.max)]);
      await app.close();
    }
  } finally {
    delete process.env.DOCUMENTS_INLINE;
    await aws.stop();
    rmSync(s3Dir, { recursive: true, force: true });
  }
  return table(rows);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await benchPut(Number(process.argv[2] ?? 100)));
}
