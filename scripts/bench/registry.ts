/**
 * Registry figures: the build time, the size of the data files and of the stored items,
 * and a cold Lambda's time to answer "expected units for province 82": a fresh `node`
 * process imports the provinces function's bundle (built as the CDK stack builds it) and
 * answers GET /v1/provinces/82/periods/2026-Q3/status once against DynamoDB Local,
 * where the seed registry is stored in pieces (median of 5). For contrast, a fresh
 * process that parses the whole country's seed (what loading it all on a cold start
 * would cost).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { buildRegistryFiles } from '../build-registry.ts';
import { documentClient, resetClients } from '../../shared/adapters/clients.ts';
import { DynamoRegistryStore } from '../../shared/adapters/dynamo.ts';
import { ensureTable } from '../../shared/adapters/provision.ts';
import { bundledRegistry } from '../../shared/registry/default.ts';
import { splitRegistry } from '../../shared/registry/shards.ts';
import { startLocalAws } from '../local/stack.ts';
import { buildBundles, median } from './bundles.ts';
import { table } from './stats.ts';

const root = new URL('../../', import.meta.url);
const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;

function timed<T>(fn: () => T): [T, number] {
  const t0 = performance.now();
  const r = fn();
  return [r, performance.now() - t0];
}

/** One fresh process: import the bundle, answer one event; wall time of each step and of the whole process. */
function coldAnswer(
  file: string,
  event: object,
  env: Record<string, string>,
): { imp: number; answer: number; process: number; status: number } {
  const code =
    `const t0 = performance.now(); const m = await import(${JSON.stringify(pathToFileURL(file).href)}); const t1 = performance.now(); ` +
    `const r = await m.handler(${JSON.stringify(event)}); const t2 = performance.now(); ` +
    `process.stdout.write(JSON.stringify({ imp: t1 - t0, answer: t2 - t1, status: r.statusCode, n: JSON.parse(r.body).expected?.length ?? JSON.parse(r.body).count }));`;
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--enable-source-maps', '--input-type=module', '-e', code], {
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
  });
  const wall = performance.now() - t0;
  if (r.status !== 0) throw new Error(`cold answer failed: ${r.stderr}`);
  const s = JSON.parse(r.stdout) as { imp: number; answer: number; status: number };
  return { ...s, process: wall };
}

const event = (
  routeKey: string,
  rawPath: string,
  pathParameters: Record<string, string>,
  query: Record<string, string> | undefined,
  unit: string,
) => ({
  version: '2.0',
  routeKey,
  rawPath,
  rawQueryString: query ? new URLSearchParams(query).toString() : '',
  headers: {},
  ...(query ? { queryStringParameters: query } : {}),
  pathParameters,
  isBase64Encoded: false,
  requestContext: {
    requestId: 'bench',
    http: { method: 'GET', path: rawPath },
    authorizer: { jwt: { claims: { sub: 'bench', 'custom:unit': unit, 'cognito:groups': '[province]' }, scopes: [] } },
  },
});

export async function benchRegistry(runs = 5): Promise<string> {
  const out: string[] = [];
  // Build time and files.
  const [, unitsMs] = timed(() => buildRegistryFiles(undefined, { calendar: false }));
  const [files, allMs] = timed(() => buildRegistryFiles());
  const rows: (string | number)[][] = [['data file', 'bytes', 'gzip']];
  for (const f of Object.keys(files)) {
    const bytes = readFileSync(new URL(f, root));
    rows.push([f, kib(bytes.length), kib(gzipSync(bytes).length)]);
  }
  const csvDir = new URL('data/vn-units/', root);
  for (const f of readdirSync(csvDir).filter((n) => n.endsWith('.csv')))
    rows.push([`data/vn-units/${f} (input)`, kib(statSync(new URL(f, csvDir)).size), '']);
  out.push(`Machine load ${loadavg()[0]!.toFixed(1)} on ${cpus().length} CPUs.`);
  out.push(
    `Registry build (npm run registry:build): ${unitsMs.toFixed(0)} ms for the two unit files, ${allMs.toFixed(0)} ms with the 2000-2099 calendar (date-holidays)`,
  );
  out.push(table(rows));

  // Stored items.
  const seed = bundledRegistry().data;
  const { index, shards } = splitRegistry(seed);
  const sizes = [...shards]
    .map(([code, units]) => ({ code, n: units.length, gz: gzipSync(JSON.stringify(units)).length }))
    .sort((a, b) => b.gz - a.gz);
  const s82 = sizes.find((s) => s.code === '82')!;
  out.push(
    `\nStored in the table: index item ${kib(gzipSync(JSON.stringify(index)).length)} gzip (configuration, calendar, code ranges); ${shards.size} pieces, ` +
      `piece 82 ${s82.n} units ${kib(s82.gz)}, largest ${sizes[0]!.code} ${sizes[0]!.n} units ${kib(sizes[0]!.gz)}; whole country ${seed.units.length} units.`,
  );

  // Cold answers against DynamoDB Local.
  const dir = mkdtempSync(join(tmpdir(), 'cchc-registry-bench-'));
  // A loaded machine can take DynamoDB Local past its 60 s start-up wait: try again.
  let aws: Awaited<ReturnType<typeof startLocalAws>> | undefined;
  for (let attempt = 1; !aws; attempt++) {
    try {
      aws = await startLocalAws({ s3Dir: join(dir, `s3-${attempt}`) });
    } catch (e) {
      if (attempt >= 3) throw e;
    }
  }
  try {
    Object.assign(process.env, aws.env, { TABLE_NAME: 'bench-registry', BUCKET_NAME: 'bench-registry' });
    resetClients();
    await ensureTable(new DynamoDBClient({}), 'bench-registry');
    await new DynamoRegistryStore(documentClient(), 'bench-registry').save(seed);
    const [bundle] = await buildBundles(join(dir, 'bundles'), ['provinces']);
    const env = {
      ...aws.env,
      TABLE_NAME: 'bench-registry',
      BUCKET_NAME: 'bench-registry',
      LOG_LEVEL: 'SILENT',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    };
    const cases = [
      [
        'expected units of 82 for 2026-Q3 (status)',
        event(
          'GET /v1/provinces/{province}/periods/{period}/status',
          '/v1/provinces/82/periods/2026-Q3/status',
          { province: '82', period: '2026-Q3' },
          undefined,
          '82',
        ),
      ],
      ['units of 82 on 2026-09-30 (GET /v1/units)', event('GET /v1/units', '/v1/units', {}, { province: '82', on: '2026-09-30' }, '82')],
    ] as const;
    const crows: (string | number)[][] = [[`cold provinces Lambda (median of ${runs})`, 'import', 'answer', 'whole process', 'status']];
    for (const [label, ev] of cases) {
      const s = Array.from({ length: runs }, () => coldAnswer(bundle!.file, ev, env));
      crows.push([
        label,
        `${median(s.map((x) => x.imp)).toFixed(0)} ms`,
        `${median(s.map((x) => x.answer)).toFixed(0)} ms`,
        `${median(s.map((x) => x.process)).toFixed(0)} ms`,
        s[0]!.status,
      ]);
    }
    // Contrast: parsing the whole country in a fresh process.
    const whole = Array.from({ length: runs }, () => {
      const code = `const t0 = performance.now(); const { seedRegistryData } = await import(${JSON.stringify(new URL('shared/registry/default.ts', root).href)}); seedRegistryData(); process.stdout.write(String(performance.now() - t0));`;
      const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
        encoding: 'utf8',
        cwd: new URL('.', root).pathname,
      });
      return Number(r.stdout);
    });
    crows.push([
      `contrast: load and check the whole country (${seed.units.length} units) in a fresh process`,
      '',
      `${median(whole).toFixed(0)} ms`,
      '',
      '',
    ]);
    out.push(`\nBundle: provinces ${kib(bundle!.bytes)}.`);
    out.push(table(crows));
  } finally {
    await aws.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return out.join('\n');
}
