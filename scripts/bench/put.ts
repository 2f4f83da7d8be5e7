/**
 * PUT latency of the seed report through the local server (real handlers, DynamoDB
 * Local, s3rver): each request amends the report (a new version), and separately the
 * retry path (identical content, 200). In the same run, interleaved with the PUTs so
 * both see the same load, the floor: the bare storage work a PUT stands for, issued
 * directly (the same TransactWriteItems through the DynamoDB adapter, and an S3
 * PutObject of the canonical JSON). PUT p50 and p95 are printed as ratios to the floor's.
 *
 * Two set-ups: the table's stream read in this process, so the .docx of each version is
 * built while the next PUTs run (what `npm start` does); and no stream reader, as in
 * AWS, where the artifacts function runs apart from the reports function.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { documentClient, s3Client } from '../../shared/adapters/clients.ts';
import { DynamoReportStore } from '../../shared/adapters/dynamo.ts';
import { canonicalJson, contentHash } from '../../shared/report/canonical.ts';
import type { ReportBody } from '../../shared/forms/body.ts';
import { bundledForms } from '../../shared/forms/bundled.ts';
import { reportFacts } from '../../shared/forms/facts.ts';
import { parsePeriod } from '../../shared/periods/period.ts';
import { bundledRegistry } from '../../shared/registry/default.ts';
import { parseReport } from '../../shared/report/validate.ts';
import { summarise } from '../../shared/report/summary.ts';
import type { LatestRecord, VersionRecord } from '../../shared/storage/ports.ts';
import { startApp } from '../local/app.ts';
import { newKeyPair, signToken } from '../local/keys.ts';
import { startLocalAws } from '../local/stack.ts';
import { ms, summary, table } from './stats.ts';

const EXAMPLE = JSON.parse(readFileSync(new URL('../../data/examples/870-2021-H1.json', import.meta.url), 'utf8'));
const WARM_UP = 5;

/** The storage work of one accepted PUT, without HTTP, handler, validation or checks. */
function floorWriter(table: string, bucket: string, unit: string) {
  const store = new DynamoReportStore(documentClient(), table);
  const form = bundledForms().find((f) => f.id === EXAMPLE.form.id && f.version === EXAMPLE.form.version);
  const registry = bundledRegistry();
  const period = parsePeriod('2021-H1');
  // The unit as it was in the period (the 2021 districts no longer exist today).
  const unitInfo = period && registry.unitForPeriod(unit, period);
  if (!form || !unitInfo || !period) throw new Error(`bench floor: no form ${EXAMPLE.form.id} or unit ${unit}`);
  const facts = reportFacts(registry, unitInfo, period, form);
  let version = 0;
  return async (body: unknown): Promise<number> => {
    // The body as the server stores it (parsed, defaults filled); parsing is not part of the floor.
    const parsed = parseReport(form, body, 'vi');
    if (!parsed.ok) throw new Error(`bench floor: the example does not parse: ${JSON.stringify(parsed.details[0])}`);
    const content: ReportBody = parsed.report;
    const now = new Date().toISOString();
    const hash = contentHash(content);
    const v = version + 1;
    const record: VersionRecord = {
      unit,
      period: '2021-H1',
      province: '87',
      version: v,
      hash,
      receivedAt: now,
      submittedBy: { sub: 'bench', unit, role: 'reporter' },
      requestId: `bench-${v}`,
      content,
      facts,
      warnings: [],
    };
    const latest: LatestRecord = {
      unit,
      period: '2021-H1',
      province: '87',
      version: v,
      hash,
      receivedAt: now,
      firstReceivedAt: now,
      onTime: true,
      summary: summarise(content, form, facts, []),
      document: { state: 'pending', attempts: 0, updatedAt: now },
    };
    const t0 = performance.now();
    await store.commitVersion(record, latest, version || null);
    await s3Client().send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: `bench/${unit}/v${v}.json`,
        Body: canonicalJson(content),
        ContentType: 'application/json; charset=utf-8',
      }),
    );
    const dt = performance.now() - t0;
    version = v;
    return dt;
  };
}

async function run(url: string, token: string, n: number, unit: string, floor: (c: unknown) => Promise<number>) {
  const path = `${url}/v1/units/${unit}/reports/2021-H1`;
  const create: number[] = [];
  const retry: number[] = [];
  const bare: number[] = [];
  let version = 0;
  for (let i = 0; i < n + WARM_UP; i++) {
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
    const f = await floor(body);
    if (i >= WARM_UP) {
      // the first few warm up the JIT and connections
      create.push(dt);
      bare.push(f);
    }
    const t1 = performance.now();
    const again = await fetch(path, { method: 'PUT', headers: { ...headers, 'if-match': `"${version}"` }, body: JSON.stringify(body) });
    await again.text();
    if (again.status !== 200) throw new Error(`retry answered ${again.status}`);
    if (i >= WARM_UP) retry.push(performance.now() - t1);
  }
  return { create, retry, bare };
}

export async function benchPut(n = 100): Promise<string> {
  const s3Dir = mkdtempSync(join(tmpdir(), 'cchc-bench-s3-'));
  const aws = await startLocalAws({ s3Dir });
  // A hundred PUTs by one user in seconds would meet the write quota; its update is still part of each PUT.
  Object.assign(process.env, aws.env, { LOG_LEVEL: 'SILENT', WRITE_QUOTA: '100000/100000' });
  const key = await newKeyPair();
  const rows: (string | number)[][] = [[`PUT of the seed (n=${n})`, 'p50', 'p95', 'min', 'max', 'PUT / floor: p50', 'p95']];
  const ratios: string[] = [];
  try {
    for (const streams of [true, false]) {
      const name = `bench-put-${streams ? 'stream' : 'apart'}`;
      const app = await startApp({ table: name, bucket: name, port: 0, key, rollupEveryMinutes: 0, sweepEverySeconds: 0, streams });
      // Two units so both runs start from a fresh report; the floor writes a third.
      const unit = streams ? '870' : '871';
      const token = await signToken(key, { role: 'reporter', unit });
      const r = await run(app.url, token, n, unit, floorWriter(name, name, streams ? '872' : '873'));
      await app.settle();
      const c = summary(r.create);
      const t = summary(r.retry);
      const f = summary(r.bare);
      const p50 = c.p50 / f.p50;
      const p95 = c.p95 / f.p95;
      if (streams) {
        // This process also builds the .docx of the previous PUTs, which stalls the PUTs and the floor alike: no ratio.
        rows.push(['new version; .docx from the stream in this process (npm start)', ms(c.p50), ms(c.p95), ms(c.min), ms(c.max), '-', '-']);
        rows.push(['  identical content again (200)', ms(t.p50), ms(t.p95), ms(t.min), ms(t.max), '', '']);
      } else {
        const label = 'new version; .docx built by another function (as in AWS)';
        rows.push([label, ms(c.p50), ms(c.p95), ms(c.min), ms(c.max), `${p50.toFixed(2)}x`, `${p95.toFixed(2)}x`]);
        rows.push(['  floor: TransactWriteItems + PutObject, direct', ms(f.p50), ms(f.p95), ms(f.min), ms(f.max), '', '']);
        ratios.push(
          `${label}: p50 ${p50.toFixed(2)}x, p95 ${p95.toFixed(2)}x the floor (goal at most 2x: ${p50 <= 2 && p95 <= 2 ? 'met' : 'NOT met'})`,
        );
      }
      await app.close();
    }
  } finally {
    await aws.stop();
    rmSync(s3Dir, { recursive: true, force: true });
  }
  return [table(rows), ...ratios].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await benchPut(Number(process.argv[2] ?? 100)));
}
