/**
 * RollupService on the in-memory ports: a run publishes its four files before it moves
 * the pointer, the same data gives the same runId, a failed write leaves the previous
 * rollup visible, an older run never moves the pointer back, and the scheduled run picks
 * exactly the changed, open periods. Runs without Java in `npm run test:unit`; the
 * same service on DynamoDB Local and s3rver: test/rollup/*.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { Principal } from '../../shared/auth/principal.ts';
import { DomainError } from '../../shared/errors/errors.ts';
import { deadlineInstant, parsePeriod } from '../../shared/periods/period.ts';
import { bundledRegistry } from '../../shared/registry/default.ts';
import { ReportService } from '../../shared/report/service.ts';
import { ROLLUP_FILE_KINDS, ROLLUP_FILES } from '../../shared/rollup/format.ts';
import { FormCatalog } from '../../shared/forms/catalog.ts';
import { rollupRenderers } from '../../shared/rollup/renderers.ts';
import { digest } from '../../shared/rollup/compute.ts';
import { RollupService } from '../../shared/rollup/service.ts';
import { memoryStorage } from '../support/fakes.ts';
import { forPeriod, seedBody as seed } from '../support/report.ts';

const staff: Principal = { sub: 'staff-87', unit: '87', role: 'province' };
const registry = bundledRegistry();
const H1 = parsePeriod('2021-H1')!;
const DEADLINE = deadlineInstant(H1, registry.deadlinePolicy('87'));

function setup() {
  const s = memoryStorage();
  const catalog = new FormCatalog();
  const reports = new ReportService({
    reports: s.reports,
    registry: async () => registry,
    clock: () => new Date(DEADLINE.getTime() - 3_600_000),
    forms: catalog,
  });
  const rollups = new RollupService({
    reports: s.reports,
    rollups: s.rollups,
    blobs: s.blobs,
    registry: async () => registry,
    forms: (ref) => catalog.find(ref),
    renderers: rollupRenderers,
  });
  const submit = (unit: string, count: number, ifMatch: number | null = null, period = '2021-H1') => {
    const body = forPeriod(seed(), period);
    body.values.INSPECTED_UNITS.value = count;
    return reports.submit({
      principal: { sub: `u-${unit}`, unit, role: 'reporter' },
      unit,
      period,
      body,
      ifMatch,
      requestId: 'r',
      lang: 'vi',
    });
  };
  return { s, rollups, submit };
}

async function refusal(p: Promise<unknown>): Promise<DomainError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(DomainError);
  return e as DomainError;
}

const text = (b: Uint8Array | undefined) => Buffer.from(b ?? new Uint8Array()).toString('utf8');

describe('RollupService on in-memory ports', () => {
  it('a run writes summary.json, units.csv, rollup.xlsx and the .docx under its runId, then moves the pointer', async () => {
    const { s, rollups, submit } = setup();
    await submit('870', 10);
    await submit('871', 20);
    expect((await refusal(rollups.latest(staff, '87', '2021-H1'))).code).toBe('ROLLUP_NOT_FOUND');
    const r = await rollups.run('87', '2021-H1');
    expect(r.outcome).toBe('written');
    expect(r.changeSeq).toBe(2);
    expect(r.runId).toMatch(/^0000000002-[0-9a-f]{12}$/);
    expect(Object.keys(r.files).sort()).toEqual([...ROLLUP_FILE_KINDS].sort());
    for (const kind of ROLLUP_FILE_KINDS) {
      const o = s.blobs.objects.get(r.files[kind]!);
      expect(r.files[kind]).toContain(`/${r.runId}/`);
      expect(o?.contentType).toBe(ROLLUP_FILES[kind].contentType);
      expect(o?.body.length).toBeGreaterThan(0);
    }
    const summary = JSON.parse(text(s.blobs.objects.get(r.files.json!)?.body));
    expect(summary.completeness.reported).toBe(2);
    expect(summary.completeness.expected).toBe(registry.expectedUnits('87', H1).length);
    expect(summary.indicators.find((t: { code: string }) => t.code === 'INSPECTED_UNITS').total).toBe(30);
    // The pointer moved last, to this run.
    expect(s.table.writes.at(-1)).toBe(`pointer 87|2021-H1 ${r.runId}`);
    const seen = await rollups.latest(staff, '87', '2021-H1');
    expect([seen.runId, seen.stale, seen.rolledSeq, seen.changeSeq]).toEqual([r.runId, false, 2, 2]);
    expect(seen.summary).toEqual(digest(summary));
  });

  it('the same data again: the same runId and bytes, outcome unchanged; a new submission makes the rollup stale', async () => {
    const { s, rollups, submit } = setup();
    await submit('870', 10);
    const a = await rollups.run('87', '2021-H1');
    const bytes = new Map(ROLLUP_FILE_KINDS.map((k) => [k, Buffer.from(s.blobs.objects.get(a.files[k]!)!.body)]));
    const b = await rollups.run('87', '2021-H1');
    expect(b.outcome).toBe('unchanged');
    expect(b.runId).toBe(a.runId);
    for (const k of ROLLUP_FILE_KINDS) expect(Buffer.from(s.blobs.objects.get(b.files[k]!)!.body).equals(bytes.get(k)!), k).toBe(true);
    await submit('870', 11, 1);
    const seen = await rollups.latest(staff, '87', '2021-H1');
    expect([seen.runId, seen.stale, seen.changeSeq]).toEqual([a.runId, true, 2]);
  });

  it('a file that cannot be written fails the run before the pointer moves: the previous rollup stays visible', async () => {
    const { s, rollups, submit } = setup();
    await submit('870', 10);
    const first = await rollups.run('87', '2021-H1');
    await submit('870', 12, 1);
    s.blobs.failing.add('rollup.xlsx');
    await expect(rollups.run('87', '2021-H1')).rejects.toThrow(/injected failure/);
    const seen = await rollups.latest(staff, '87', '2021-H1');
    expect([seen.runId, seen.stale]).toEqual([first.runId, true]);
    expect(seen.summary.totals.find((t) => t.code === 'INSPECTED_UNITS')?.total).toBe(10);
  });

  it('a run over older data never moves the pointer back (superseded)', async () => {
    const { s, rollups, submit } = setup();
    await submit('870', 10);
    const marker = s.table.markers.get('87|2021-H1')!;
    // A run over newer data has already published (rolledSeq beyond this run's changeSeq).
    s.table.markers.set('87|2021-H1', { ...marker, rolledSeq: 5, runId: 'newer', files: { json: 'elsewhere' } });
    const r = await rollups.run('87', '2021-H1');
    expect(r.outcome).toBe('superseded');
    expect(s.table.markers.get('87|2021-H1')).toMatchObject({ rolledSeq: 5, runId: 'newer' });
  });

  it('the scheduled run: changed and open periods are rolled, changed but closed ones listed, unchanged ones skipped', async () => {
    const { rollups, submit } = setup();
    await submit('870', 10);
    await submit('870', 10, null, '2021-Q1');
    const open = new Date(DEADLINE.getTime() + 86_400_000);
    const first = await rollups.runScheduled(open, { province: '87' });
    const p = first.provinces[0]!;
    expect(p.rolled.map((x) => x.period)).toEqual(['2021-H1']);
    expect(p.closed).toEqual(['2021-Q1']);
    expect(p.failed).toEqual([]);
    const again = (await rollups.runScheduled(open, { province: '87' })).provinces[0]!;
    expect(again.rolled).toEqual([]);
    expect(again.unchanged).toEqual(['2021-H1']);
    // Named, a closed period is rolled too.
    const named = (await rollups.runScheduled(open, { province: '87', periods: ['2021-Q1'] })).provinces[0]!;
    expect(named.rolled.map((x) => [x.period, x.reported])).toEqual([['2021-Q1', 1]]);
  });

  it('only staff of the province read its status and rollups; unknown province and period are 404s', async () => {
    const { rollups, submit } = setup();
    await submit('870', 10);
    const st = await rollups.status(staff, '87', '2021-H1');
    expect(JSON.stringify(st)).toContain('"870"');
    expect((await refusal(rollups.status({ sub: 'r', unit: '870', role: 'reporter' }, '87', '2021-H1'))).code).toBe('FORBIDDEN');
    expect((await refusal(rollups.status({ sub: 'p', unit: '89', role: 'province' }, '87', '2021-H1'))).code).toBe('FORBIDDEN');
    expect((await refusal(rollups.status(staff, '99', '2021-H1'))).code).toBe('UNKNOWN_PROVINCE');
    expect((await refusal(rollups.runNow(staff, '87', '2021-H9'))).code).toBe('UNKNOWN_PERIOD');
  });

  it('across the 2025 reorganisation the rollup says "không so sánh được": 82 / 2025-Q3 (communes) against 2025-Q2 (Tiền Giang)', async () => {
    const { s: store, rollups } = setup();
    const summaryOf = async (r: { files: Partial<Record<string, string>> }) =>
      JSON.parse(text(store.blobs.objects.get(r.files.json!)?.body));
    await rollups.run('82', '2025-Q2');
    const f = await summaryOf(await rollups.run('82', '2025-Q3'));
    expect(f.comparison).toMatchObject({ period: '2025-Q2', comparable: false, indicators: {} });
    expect(f.comparison.note).toContain('không so sánh được (sắp xếp đơn vị hành chính)');
    // Same province code, same units on both sides: compared as before.
    await rollups.run('82', '2026-Q2');
    const same = await summaryOf(await rollups.run('82', '2026-Q3'));
    expect(same.comparison).toMatchObject({ period: '2026-Q2', comparable: true, note: null });
  });
});
