/**
 * The long hostile-input run: every property of test/hostile/properties.ts with
 * 10,000 cases (or the number given), against the real handlers, DynamoDB Local and
 * s3rver started here. Prints per property: cases, failures, time; and the first
 * failures in full. Exits 1 on any failure.
 *
 *   node --openssl-legacy-provider --import tsx scripts/fuzz.ts [cases] [property-name-filter]
 *   FUZZ_SEED=123 ... to vary the seed (default fixed, so a run can be repeated).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalAws } from './local/stack.ts';

const cases = Number(process.argv[2] ?? 10_000);
const filter = process.argv[3]?.toLowerCase();
const seed = Number(process.env.FUZZ_SEED ?? 20_261_126);

const s3Dir = mkdtempSync(join(tmpdir(), 'cchc-fuzz-s3-'));
const aws = await startLocalAws({ s3Dir });
Object.assign(process.env, aws.env, { LOG_LEVEL: 'SILENT', POWERTOOLS_DEV: 'false' });
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    // Do not leave DynamoDB Local (Java) running.
    void aws.stop().finally(() => process.exit(130));
  });

// Imported after the environment points the SDK at the local servers.
const { startHostile } = await import('../test/hostile/harness.ts');
const { PROPERTIES, createContext, seed: seedReports, countProperty } = await import('../test/hostile/properties.ts');

const rows: string[][] = [['property', 'cases', 'failures', 'time', 'per case']];
let failed = 0;
const t0 = performance.now();
try {
  for (const p of PROPERTIES) {
    if (filter && !p.name.toLowerCase().includes(filter)) continue;
    // A fresh table and bucket per property keeps the storage scans small.
    const h = await startHostile({ documents: false });
    try {
      const ctx = createContext(h, 50);
      await seedReports(ctx);
      process.stdout.write(`${p.name}: `);
      let shown = 0;
      const stats = await countProperty(ctx, p, {
        numRuns: cases,
        seed,
        onProgress: (done, failures) => {
          const pct = Math.floor((done / cases) * 10);
          if (pct > shown) {
            shown = pct;
            process.stdout.write(`${done}${failures ? `(${failures}!)` : ''} `);
          }
        },
      });
      process.stdout.write('\n');
      failed += stats.failures;
      rows.push([
        p.name,
        String(stats.cases),
        String(stats.failures),
        `${(stats.ms / 1000).toFixed(1)} s`,
        `${(stats.ms / stats.cases).toFixed(1)} ms`,
      ]);
      for (const [kind, n] of Object.entries(stats.kinds)) console.log(`  ${n} x ${kind}`);
      for (const [note, n] of Object.entries(ctx.notes)) console.log(`  note: ${n} x ${note}`);
      for (const e of stats.examples) console.log(`  FAILURE: ${e}\n`);
    } finally {
      await h.close();
    }
  }
} finally {
  await aws.stop();
  rmSync(s3Dir, { recursive: true, force: true });
}

const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
console.log(`\nseed ${seed}, ${cases} cases per property, ${((performance.now() - t0) / 1000).toFixed(0)} s in all`);
for (const r of rows) console.log(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '));
process.exit(failed ? 1 : 0);
