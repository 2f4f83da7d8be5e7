/**
 * `npm run rollup`: runs the rollup once against the local data (.data/), with a
 * progress line per province.
 *
 *   npm run rollup                                        the scheduled logic, every province
 *   npm run rollup -- --province 87                       the scheduled logic, one province
 *   npm run rollup -- --province 87 --period 2021-H1      also that period, open or not
 *   npm run rollup -- --province 87 --period 2021-H1 --force   recompute even if unchanged
 *
 * When this checkout's `npm start` is running (recorded in .data/stack.json), its
 * DynamoDB Local and S3 stand-in are used: DynamoDB Local cannot open .data/dynamodb
 * twice. Otherwise both are started on .data/ for the run and stopped after.
 */
import { parseArgs } from 'node:util';
import { resetClients } from '../shared/adapters/clients.ts';
import { registry as registryOf, resetContexts } from '../functions/lib/wiring.ts';
import { rollupContext } from '../functions/rollup/context.ts';
import { message } from '../shared/i18n/messages.ts';
import { DomainError } from '../shared/errors/errors.ts';
import type { ProvinceRunReport } from '../shared/rollup/service.ts';
import { provision } from './local/app.ts';
import { connectLocalOrExit } from './local/connect.ts';

const USAGE = `Cách dùng (usage): npm run rollup -- [--province 87] [--period 2021-H1 ...] [--force]
  --province  chỉ tổng hợp tỉnh này (only this province)
  --period    cũng tổng hợp kỳ này dù đã đóng (also this period, open or not); may repeat or be comma-separated
  --force     tổng hợp lại cả khi không có thay đổi (recompute even when unchanged; with --period)`;

const { values } = parseArgs({
  options: {
    province: { type: 'string' },
    period: { type: 'string', multiple: true },
    force: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
  allowPositionals: false,
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const periods = (values.period ?? [])
  .flatMap((p) => p.split(','))
  .map((p) => p.trim())
  .filter(Boolean);
if (values.force && periods.length === 0) {
  console.error(`--force cần --period (needs --period).\n${USAGE}`);
  process.exit(2);
}

const conn = await connectLocalOrExit();
console.log(conn.describe);
const table = process.env.TABLE_NAME!;
const bucket = process.env.BUCKET_NAME!;
process.env.LOG_LEVEL ??= 'WARN';
resetClients();
resetContexts();

let failures = 0;
try {
  await provision(table, bucket);
  const ctx = rollupContext();
  const registry = await registryOf()();
  const name = (code: string) => registry.principalUnit(code)?.name ?? code;
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const t0 = performance.now();
  const line = (r: ProvinceRunReport) => {
    const parts: string[] = [];
    for (const x of r.rolled)
      parts.push(
        `${x.period}: ${x.outcome === 'unchanged' ? 'không đổi' : x.outcome === 'superseded' ? 'đã có bản mới hơn' : 'đã tổng hợp'}, ${x.reported}/${x.expected} đơn vị đã báo cáo, runId ${x.runId} (${seconds(x.ms)})`,
      );
    for (const f of r.failed) parts.push(`${f.period}: LỖI ${f.error}`);
    if (r.closed.length) parts.push(`có thay đổi nhưng đã hết hạn tổng hợp tự động: ${r.closed.join(', ')} (dùng --period)`);
    if (r.unchanged.length) parts.push(`không có thay đổi: ${r.unchanged.join(', ')}`);
    if (parts.length === 0) parts.push('chưa có báo cáo nào (no reports yet)');
    failures += r.failed.length;
    console.log(`${r.failed.length ? '✗' : '✓'} ${r.province} ${name(r.province)}: ${parts.join('; ')}`);
  };
  const report = await ctx.rollupService.runScheduled(
    new Date(),
    {
      ...(values.province ? { province: values.province } : {}),
      ...(periods.length ? { periods } : {}),
      ...(values.force ? { force: true } : {}),
    },
    line,
  );
  const rolled = report.provinces.reduce((a, p) => a + p.rolled.length, 0);
  console.log(`Xong (done): ${report.provinces.length} tỉnh, ${rolled} bản tổng hợp, ${failures} lỗi, ${seconds(performance.now() - t0)}.`);
} catch (e) {
  failures++;
  console.error(e instanceof DomainError ? message(e.code, 'vi', e.params) : `Lỗi: ${(e as Error).message}`);
} finally {
  await conn.close();
}
process.exit(failures ? 1 : 0);
