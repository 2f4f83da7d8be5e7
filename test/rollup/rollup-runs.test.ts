/**
 * Rollup runs against the real stack: on-time and late submissions (receipt times set
 * with ReportService's clock, the rest of the path real), amended reports, the
 * scheduled function's skipping, byte-identical re-runs, an interrupted run, the
 * previous period, and units outside the registry.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { documentClient } from '../../shared/adapters/clients.ts';
import { blobStore, forms, registry as registryOf, reportStore, rollupStore } from '../../functions/lib/wiring.ts';
import { rollupContext } from '../../functions/rollup/context.ts';
import { handler as rollupHandler } from '../../functions/rollup/index.ts';
import { parsePeriod } from '../../shared/periods/period.ts';
import { ReportService } from '../../shared/report/service.ts';
import { scheduledEvent } from '../../scripts/local/scheduler.ts';
import type { ScheduledReport } from '../../shared/rollup/service.ts';
import { example, startTestApp, type TestApp } from '../support/app.ts';
import { districtSummary, record } from './fixtures.ts';

const seed = example;
/** The instances the handlers use (built once per process, as in a Lambda container). */
const appContext = () => ({
  reports: reportStore(),
  rollups: rollupStore(),
  blobs: blobStore(),
  registry: registryOf(),
  forms: forms(),
  rollupService: rollupContext().rollupService,
});
/** The seed report (form dong-thap-2021) with other numbers: the shape of another district's report. */
function variant(o: {
  inspected?: number;
  planned?: number;
  unitLevel?: number;
  communeLevel?: number;
  fields?: [string, number][];
  communes?: [string, number][];
}) {
  const r = example();
  if (o.inspected !== undefined) r.values.INSPECTED_UNITS.value = o.inspected;
  if (o.planned !== undefined) r.values.PLANNED_INSPECTIONS.value = o.planned;
  const { unit, commune } = r.values.LATE_DOSSIERS.levels;
  if (o.unitLevel !== undefined) unit.value = o.unitLevel;
  if (o.communeLevel !== undefined) commune.value = o.communeLevel;
  if (o.fields) unit.breakdown = { field: o.fields.map(([key, value]) => ({ key, value })) };
  if (o.communes) commune.breakdown = { commune: o.communes.map(([name, value]) => ({ name, value })) };
  return r;
}
/** The body dated in the last month of another period (a report is written near its period's end). */
function forPeriod(body: Record<string, any>, periodId: string): Record<string, any> {
  const p = parsePeriod(periodId)!;
  return periodId === '2021-H1' ? body : { ...body, header: { ...body.header, date: { year: p.year, month: p.lastMonth, day: null } } };
}
const total = (s: any, code: string) => s.totals.find((t: any) => t.code === code).total;
/** The full summary.json of a rollup answer. */
const fullSummary = async (body: any) => JSON.parse(Buffer.from(await (await fetch(body.files.json.url)).arrayBuffer()).toString('utf8'));

let app: TestApp;
let province: string;
const STATUS = '/v1/provinces/87/periods/2021-H1/status';
const ROLLUP = '/v1/provinces/87/rollups/2021-H1';

beforeAll(async () => {
  // Rollups only: no documents built in the background (they would write beside the rollup's reads and faults).
  app = await startTestApp({ streams: false });
  province = await app.token('province', '87');
});
afterAll(async () => app?.close());
afterEach(() => {
  vi.restoreAllMocks();
  documentClient().middlewareStack.remove('inject-fault');
});

/** Submits through ReportService as if received at `at` (no inline .docx: faster, same records). */
async function submitAt(unit: string, body: Record<string, any>, at: string, period = '2021-H1') {
  const ctx = appContext();
  const service = new ReportService({ reports: ctx.reports, registry: ctx.registry, forms: ctx.forms, clock: () => new Date(at) });
  const current = await ctx.reports.getLatest('87', unit, period);
  const r = await service.submit({
    principal: { sub: `test-${unit}`, unit, role: 'reporter' },
    unit,
    period,
    body: forPeriod(body, period),
    ifMatch: current?.version ?? null,
    requestId: `req-${unit}-${at}`,
    lang: 'vi',
  });
  expect(r.created).toBe(true);
  return r.latest;
}

/** The scheduled function, as EventBridge Scheduler invokes it at `time`. */
const scheduled = (time: string, detail: Record<string, unknown> = {}) =>
  rollupHandler({ ...scheduledEvent(detail), time }) as Promise<ScheduledReport>;

/** Province 87's part of a scheduled run's report. */
const p87 = (r: ScheduledReport) => r.provinces.find((p) => p.province === '87')!;

async function files(body: any): Promise<Record<string, Buffer>> {
  const out: Record<string, Buffer> = {};
  for (const kind of ['json', 'csv', 'xlsx', 'docx']) out[kind] = Buffer.from(await (await fetch(body.files[kind].url)).arrayBuffer());
  return out;
}

const A = variant({ inspected: 3, planned: 4, unitLevel: 40, communeLevel: 30, fields: [['dat-dai', 20]], communes: [['Xã Mỹ Tân', 30]] });
const A2 = variant({ inspected: 7, planned: 8, unitLevel: 60, communeLevel: 35, fields: [['dat-dai', 50]], communes: [['Xã Mỹ Tân', 35]] });
const B = variant({
  inspected: 5,
  planned: 6,
  unitLevel: 70,
  communeLevel: 10,
  fields: [['tu-phap', 60]],
  communes: [['Xã Tân Thạnh', 10]],
});

describe('three units, one amended', () => {
  it('on time up to 23:59:59 ICT of the deadline day (16/06/2021), late one millisecond after', async () => {
    await submitAt('866', A, '2021-06-16T16:59:59.999Z');
    await submitAt('867', B, '2021-06-16T17:00:00.000Z');
    const reporter = await app.token('reporter', '870');
    expect((await app.call('PUT', '/v1/units/870/reports/2021-H1', { token: reporter, body: seed() })).status).toBe(201);
    const r = await app.call('GET', STATUS, { token: province });
    expect(r.body.counts).toEqual({ expected: 12, reported: 3, onTime: 1, late: 2, missing: 9, unexpected: 0 });
    const status = Object.fromEntries(r.body.units.map((u: any) => [u.code, u.status]));
    expect(status).toMatchObject({ '866': 'on_time', '867': 'late', '870': 'late', '868': 'missing' });
  });

  it("an amendment after the deadline keeps the first receipt's status; totals use only latest versions", async () => {
    await submitAt('866', A2, '2021-06-25T03:00:00.000Z');
    const run = await scheduled('2021-06-26T01:00:00Z');
    expect(p87(run)).toMatchObject({ province: '87', rolled: [{ period: '2021-H1', outcome: 'written', reported: 3, expected: 12 }] });
    const r = await app.call('GET', ROLLUP, { token: province });
    expect(r.status, r.text).toBe(200);
    const s = await fullSummary(r.body);
    expect(s.units.find((u: any) => u.code === '866')).toMatchObject({
      status: 'on_time',
      version: 2,
      firstReceivedAt: '2021-06-16T16:59:59.999Z',
    });
    expect(s.completeness).toMatchObject({ onTime: 1, late: 2 });
    const d = r.body.summary;
    expect([total(d, 'INSPECTED_UNITS'), total(d, 'PLANNED_INSPECTIONS'), total(d, 'LATE_DOSSIERS')]).toEqual([
      7 + 5 + 10,
      8 + 6 + 12,
      60 + 35 + 70 + 10 + 250 + 183,
    ]);
    const late = s.indicators.find((i: any) => i.code === 'LATE_DOSSIERS');
    expect(late.levels.map((l: any) => l.total)).toEqual([60 + 70 + 250, 35 + 10 + 183]);
    const rows = (id: string) => late.breakdowns.find((b: any) => b.id === id).rows;
    expect(rows('field').map((f: any) => [f.label, f.total, f.units])).toEqual([
      [
        'Đất đai',
        50 + 228,
        [
          { code: '866', value: 50 },
          { code: '870', value: 228 },
        ],
      ],
      ['Tư pháp', 60, [{ code: '867', value: 60 }]],
    ]);
    expect(rows('commune').map((u: any) => [u.label, u.total])).toEqual([
      ['Xã Long Thuận', 129],
      ['Xã Mỹ Tân', 35],
      ['Xã Tân Thạnh', 10],
    ]);
    expect(r.body.runId.startsWith('0000000004-')).toBe(true);
    expect(r.body.stale).toBe(false);
  });

  it('an unchanged province is skipped by the scheduled run: one Query of its markers, nothing else', async () => {
    const ctx = appContext();
    const markers = vi.spyOn(ctx.rollups, 'markers');
    const query = vi.spyOn(ctx.reports, 'latestForProvincePeriod');
    const put = vi.spyOn(ctx.blobs, 'put');
    const run = await scheduled('2021-06-26T02:00:00Z');
    expect(p87(run)).toEqual({ province: '87', markers: 1, rolled: [], closed: [], unchanged: ['2021-H1'], failed: [] });
    expect(run.provinces.every((p) => p.rolled.length === 0)).toBe(true);
    // One Query of the markers per province in the registry, and nothing else.
    expect(markers).toHaveBeenCalledTimes(run.provinces.length);
    expect(query).not.toHaveBeenCalled();
    expect(put).not.toHaveBeenCalled();
  });

  it('a changed period that has closed is left alone by the schedule, unless the event names it', async () => {
    await submitAt(
      '867',
      variant({ inspected: 6, planned: 6, unitLevel: 70, communeLevel: 10, fields: [['tu-phap', 60]], communes: [['Xã Tân Thạnh', 10]] }),
      '2021-07-01T03:00:00.000Z',
    );
    const late = await scheduled('2026-01-01T00:00:00Z');
    expect(p87(late)).toMatchObject({ rolled: [], closed: ['2021-H1'] });
    const named = await scheduled('2026-01-01T00:00:00Z', { province: '87', periods: ['2021-H1'] });
    expect(p87(named).rolled).toMatchObject([{ period: '2021-H1', outcome: 'written' }]);
    const r = await app.call('GET', ROLLUP, { token: province });
    expect(total(r.body.summary, 'INSPECTED_UNITS')).toBe(7 + 6 + 10);
  });

  it('two rollups of the same data are byte-identical, at the same keys', async () => {
    const first = await app.call('GET', ROLLUP, { token: province });
    const before = await files(first.body);
    const again = await app.call('POST', ROLLUP, { token: province });
    expect(again.status, again.text).toBe(200);
    expect(again.body.runId).toBe(first.body.runId);
    const after = await files(again.body);
    for (const kind of Object.keys(before)) expect(after[kind]!.equals(before[kind]!), kind).toBe(true);
    // And a separate computation over the same data agrees.
    const direct = await appContext().rollupService.run('87', '2021-H1');
    expect(direct.runId).toBe(first.body.runId);
    expect(direct.outcome).toBe('unchanged');
  });

  it('a run interrupted before the pointer moves leaves the previous rollup visible and complete', async () => {
    const visible = await app.call('GET', ROLLUP, { token: province });
    const before = await files(visible.body);
    await submitAt('871', B, '2021-06-27T03:00:00.000Z');
    // The pointer write fails (the function dies there): everything before it ran for real.
    documentClient().middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as { UpdateExpression?: string };
        if (context.commandName === 'UpdateItemCommand' && input.UpdateExpression?.includes('rolledSeq'))
          throw new Error('simulated crash');
        return next(args);
      },
      { step: 'initialize', name: 'inject-fault' },
    );
    await expect(scheduled('2021-06-28T00:00:00Z')).rejects.toThrow(/rollup failed for 87\/2021-H1: simulated crash/);
    const post = await app.call('POST', ROLLUP, { token: province });
    expect(post.status).toBe(500);
    // The new run's files were written under their own runId, but nobody sees them.
    const orphan = (await app.listObjects()).filter((k) => k.startsWith('rollups/87/2021-H1/0000000006-'));
    expect(orphan.map((k) => k.split('/')[4])).toEqual(['bao-cao-tong-hop.docx', 'rollup.xlsx', 'summary.json', 'units.csv']);

    const still = await app.call('GET', ROLLUP, { token: province });
    expect(still.status).toBe(200);
    expect(still.body.runId).toBe(visible.body.runId);
    expect(still.body.summary.completeness.reported).toBe(3);
    expect(still.body.stale).toBe(true);
    const now = await files(still.body);
    for (const kind of Object.keys(before)) expect(now[kind]!.equals(before[kind]!), kind).toBe(true);

    documentClient().middlewareStack.remove('inject-fault');
    const healed = await scheduled('2021-06-28T00:05:00Z');
    expect(p87(healed).rolled).toMatchObject([{ period: '2021-H1', outcome: 'written', reported: 4 }]);
    const latest = await app.call('GET', ROLLUP, { token: province });
    expect(latest.body.summary.completeness.reported).toBe(4);
    expect(latest.body.stale).toBe(false);
  });
});

describe('the previous period', () => {
  it('its rollup gives the change; without one the change is null', async () => {
    const before = await app.call('POST', ROLLUP, { token: province });
    expect(before.body.summary.comparison).toBeNull();

    await submitAt(
      '870',
      variant({
        inspected: 8,
        planned: 9,
        unitLevel: 200,
        communeLevel: 100,
        fields: [['dat-dai', 150]],
        communes: [['Xã Long Thuận', 90]],
      }),
      '2020-06-15T03:00:00.000Z',
      '2020-H1',
    );
    const prev = await app.call('POST', '/v1/provinces/87/rollups/2020-H1', { token: province });
    expect(prev.status, prev.text).toBe(201);
    expect(total(prev.body.summary, 'INSPECTED_UNITS')).toBe(8);

    const r = await app.call('POST', ROLLUP, { token: province });
    // Same reports, but a previous rollup now exists: new content, new runId.
    expect(r.status).toBe(201);
    expect(r.body.runId).not.toBe(before.body.runId);
    expect(r.body.summary.comparison).toEqual({ period: '2020-H1', comparable: true, note: null });
    const s = await fullSummary(r.body);
    expect(s.comparison).toMatchObject({ period: '2020-H1', runId: prev.body.runId });
    const current = total(r.body.summary, 'INSPECTED_UNITS');
    expect(s.comparison.indicators.INSPECTED_UNITS).toEqual({
      current,
      previous: 8,
      delta: current - 8,
      percent: Math.round(((current - 8) / 8) * 1000) / 10,
    });
    expect(s.comparison.completeness.reported).toMatchObject({ current: 4, previous: 1, delta: 3 });
  });
});

describe('units outside the registry', () => {
  it('are listed by the status and the rollup, never counted', async () => {
    // A unit the registry does not know (e.g. removed by a registry update after it reported).
    const stray = {
      ...record('880', districtSummary({ inspected: 999 }), { receivedAt: '2021-09-10T03:00:00.000Z' }),
      period: '2021-Q3',
      province: '87',
      hash: 'h-880',
    };
    stray.summary = { ...stray.summary, form: { id: 'dong-thap-2021', version: 1 }, values: { INSPECTED_UNITS: { value: 999 } } };
    const ctx = appContext();
    await ctx.reports.commitVersion(
      {
        unit: stray.unit,
        period: stray.period,
        province: '87',
        version: 1,
        hash: stray.hash,
        receivedAt: stray.receivedAt,
        submittedBy: { sub: 'x', unit: '880', role: 'reporter' },
        requestId: 'stray',
        content: seed() as never,
        facts: {} as never,
        warnings: [],
      },
      { ...stray, document: { state: 'pending', attempts: 0, updatedAt: stray.receivedAt } },
      null,
    );
    const status = await app.call('GET', '/v1/provinces/87/periods/2021-Q3/status', { token: province });
    expect(status.body.counts).toMatchObject({ expected: 12, reported: 0, missing: 12, unexpected: 1 });
    expect(status.body.unexpected).toMatchObject([{ code: '880', reason: 'unknown_unit', name: null }]);
    const r = await app.call('POST', '/v1/provinces/87/rollups/2021-Q3', { token: province });
    const s = await fullSummary(r.body);
    expect(s.unexpected).toMatchObject([{ code: '880', figures: { values: { INSPECTED_UNITS: { value: 999 } } } }]);
    expect(r.body.summary.totals).toEqual([]);
    expect(r.body.summary.completeness.reported).toBe(0);
  });
});
