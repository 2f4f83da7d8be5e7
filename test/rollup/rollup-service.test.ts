/**
 * RollupService on the real stack (DynamoDB Local, s3rver): latest items holding
 * FormSummaries (written through the report store, as a submission writes them), the
 * forms looked up by the id@version each summary names, the province's document
 * settings from its registry configuration, the previous period read back from its
 * summary.json, and the HTTP answer kept small however many warnings the reports carry.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blobStore, registry as registryOf, reportStore, rollupStore } from '../../functions/lib/wiring.ts';
import { rollupContext } from '../../functions/rollup/context.ts';

/** The instances the handlers use (built once per process, as in a Lambda container). */
const appContext = () => ({
  reports: reportStore(),
  rollups: rollupStore(),
  blobs: blobStore(),
  registry: registryOf(),
  rollupService: rollupContext().rollupService,
});
import type { FormSummary } from '../../shared/forms/body.ts';
import { zipText } from '../../shared/documents/zip.ts';
import { bundledRegistry } from '../../shared/registry/default.ts';
import { Registry } from '../../shared/registry/registry.ts';
import { rollupRenderers } from '../../shared/rollup/renderers.ts';
import { RollupService } from '../../shared/rollup/service.ts';
import type { RollupSummary } from '../../shared/rollup/schema.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { districtSummary, documentSettings87, formsMap, seedForm, seedSummary, sixAreaV2 } from './fixtures.ts';

let app: TestApp;
const forms = formsMap(seedForm, sixAreaV2);
const lookups: string[] = [];
/** Province 87 with its document settings and, as its province-tier form, the six-area form. */
const registry = (() => {
  const data = structuredClone(bundledRegistry().data);
  data.provinces = data.provinces.map((p) =>
    p.code === '87' ? { ...p, document: { ...documentSettings87, form: { id: sixAreaV2.id, version: sixAreaV2.version } } } : p,
  );
  return new Registry(data);
})();

function service(o: { withDocument?: boolean } = {}) {
  const ctx = appContext();
  return new RollupService({
    reports: ctx.reports,
    rollups: ctx.rollups,
    blobs: ctx.blobs,
    registry: async () => (o.withDocument === false ? bundledRegistry() : registry),
    renderers: rollupRenderers,
    forms: async (ref) => {
      lookups.push(`${ref.id}@${ref.version}`);
      return forms.get(`${ref.id}@${ref.version}`);
    },
  });
}

/** Writes a unit's latest item as a submission would (the version item, the latest item, the change marker). */
async function commit(unit: string, period: string, summary: FormSummary, receivedAt = '2021-06-15T02:00:00.000Z') {
  const ctx = appContext();
  const current = await ctx.reports.getLatest('87', unit, period);
  const version = (current?.version ?? 0) + 1;
  await ctx.reports.commitVersion(
    {
      unit,
      period,
      province: '87',
      version,
      hash: `h-${unit}-${period}-${version}`,
      receivedAt,
      submittedBy: { sub: `test-${unit}`, unit, role: 'reporter' },
      requestId: `req-${unit}-${version}`,
      content: { form: summary.form } as never,
      facts: {} as never,
      warnings: [],
    } as never,
    {
      unit,
      period,
      province: '87',
      version,
      hash: `h-${unit}-${period}-${version}`,
      receivedAt,
      firstReceivedAt: current?.firstReceivedAt ?? receivedAt,
      onTime: true,
      summary: summary as never,
      document: { state: 'pending', attempts: 0, updatedAt: receivedAt },
    },
    current?.version ?? null,
  );
}

const get = async (key: string) => Buffer.from((await appContext().blobs.get(key))!);

beforeAll(async () => {
  // Rollups only: no documents built in the background (they would write beside the rollup's reads and faults).
  app = await startTestApp({ streams: false });
});
afterAll(async () => app?.close());

describe('a run over stored FormSummaries', () => {
  let first: Awaited<ReturnType<RollupService['run']>>;

  it("totals the seed's facts by the form its summary names (10, 12, 250 + 183, 228 Đất đai, 129 Xã Long Thuận)", async () => {
    await commit('870', '2021-H1', seedSummary({ recommendation: 'Đề nghị bố trí thêm biên chế cho bộ phận một cửa.' }));
    await commit(
      '866',
      '2021-H1',
      districtSummary({ inspected: 3, huyen: 40, xa: 30, fields: [['tu-phap', 15]], communes: [['Xã Mỹ Tân', 30]] }),
    );
    first = await service().run('87', '2021-H1');
    expect(first.outcome).toBe('written');
    expect(lookups).toContain('dt-test@1');
    const s = first.summary;
    const ind = (code: string) => s.indicators.find((i) => i.code === code)!;
    expect(ind('KIEM_TRA').total).toBe(13);
    expect(ind('HS_TRE_HAN').levels.map((l) => l.total)).toEqual([290, 213]);
    const seedUnit = s.units.find((u) => u.code === '870')!.figures!.values;
    expect([seedUnit.KIEM_TRA!.value, seedUnit.DU_KIEN_KT!.value, seedUnit.HS_TRE_HAN!.levels]).toEqual([10, 12, { huyen: 250, xa: 183 }]);
    const field = ind('HS_TRE_HAN').breakdowns.find((b) => b.id === 'field')!.rows;
    expect(field.find((r) => r.label === 'Đất đai')!.units).toEqual([{ code: '870', value: 228 }]);
    const communes = ind('HS_TRE_HAN').breakdowns.find((b) => b.id === 'commune')!.rows;
    expect(communes.find((r) => r.label === 'Xã Long Thuận')).toMatchObject({ total: 129, units: [{ code: '870', value: 129 }] });
  });

  it('writes the four files; summary.json is the summary, the xlsx and docx agree with it', async () => {
    expect(Object.keys(first.files).sort()).toEqual(['csv', 'docx', 'json', 'xlsx']);
    const json = JSON.parse((await get(first.files.json!)).toString('utf8')) as RollupSummary;
    expect(json).toEqual(first.summary);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await get(first.files.xlsx!)) as never);
    const sheet = wb.getWorksheet('Tổng hợp')!;
    for (const i of json.indicators) {
      const row = sheet.getRows(2, sheet.rowCount - 1)!.find((r) => r.getCell(9).value === i.code)!;
      expect(row.getCell(2).value, i.code).toBe(i.total);
    }
    const xml = zipText(await get(first.files.docx!), 'word/document.xml');
    expect(xml).toContain('Nguyễn Văn An');
    expect(xml).toContain('Đề nghị bố trí thêm biên chế cho bộ phận một cửa.');
    expect(xml).not.toContain('nhầm năm');
  });

  it('takes signer and form from the province configuration: the body follows the province-tier form', async () => {
    expect(first.summary.document).toMatchObject({ symbol: 'BC-SNV', signature: { name: 'Nguyễn Văn An' } });
    expect(first.summary.provinceForm).toEqual({ form: 'six-area-test@2', title: sixAreaV2.title });
    const xml = zipText(await get(first.files.docx!), 'word/document.xml');
    expect(xml).toContain('II. CẢI CÁCH THỦ TỤC HÀNH CHÍNH');
    const plain = await service({ withDocument: false }).run('87', '2021-H1');
    expect(plain.summary.document).toBeNull();
    expect(plain.runId).not.toBe(first.runId);
    expect(zipText(await get(plain.files.docx!), 'word/document.xml')).toContain('(chưa cấu hình)');
  });

  it('two runs on the same data are byte-identical, under the same runId', async () => {
    const a = await service().run('87', '2021-H1');
    const b = await service().run('87', '2021-H1');
    expect(a.runId).toBe(first.runId);
    expect(b.outcome).toBe('unchanged');
    for (const k of ['json', 'csv', 'xlsx', 'docx'] as const)
      expect((await get(b.files[k]!)).equals(await get(first.files[k]!)), k).toBe(true);
  });

  it("compares with the previous period's rollup by indicator code", async () => {
    await commit('870', '2020-H1', districtSummary({ inspected: 8, huyen: 200, xa: 100 }), '2020-06-15T02:00:00.000Z');
    await service().run('87', '2020-H1');
    const r = await service().run('87', '2021-H1');
    const cmp = r.summary.comparison!;
    expect(cmp).toMatchObject({ period: '2020-H1', comparable: true, note: null });
    expect(cmp.indicators.KIEM_TRA).toEqual({ current: 13, previous: 8, delta: 5, percent: 62.5 });
    expect(cmp.completeness.reported).toMatchObject({ current: 2, previous: 1, delta: 1 });
  });
});

describe('the HTTP answer', () => {
  it("carries counts and file links, not every unit's warnings, however many there are", async () => {
    // Every district of 87 reports with the most warnings a latest item keeps, each with a long text.
    const noisy = (): FormSummary => ({
      ...seedSummary(),
      warnings: Array.from({ length: 50 }, (_, i) => ({
        path: `$.sections.direction.paragraphs[${i}]`,
        code: 'DOC_DATED_AFTER_REPORT',
        params: { number: `${i}/KH-UBND ${'x'.repeat(1000)}`, date: '22/12/2021', reportDate: '06/2021' },
      })),
      warningCount: 901,
    });
    const units = ['866', '867', '868', '869', '871', '872', '873', '874', '875', '876', '877'];
    for (const u of units) await commit(u, '2021-Q3', noisy(), '2021-09-15T02:00:00.000Z');
    // Until the HTTP handlers use this service (the forms landing), the answer is checked at the service.
    const staff = { sub: 'staff', unit: '87', role: 'province' as const };
    const post = await service().runNow(staff, '87', '2021-Q3');
    expect(post.created).toBe(true);
    expect(JSON.stringify(post.body).length).toBeLessThan(16_000);
    expect(post.body.summary.completeness).toMatchObject({ expected: 12, reported: 11 });
    expect(post.body.summary.dataQuality).toEqual({ count: 11 * 901, units: 11 });
    expect(post.body.summary).not.toHaveProperty('units');
    expect(Object.keys(post.body.files).sort()).toEqual(['csv', 'docx', 'json', 'xlsx']);
    const got = { body: await service().latest(staff, '87', '2021-Q3') };
    expect(JSON.stringify(got.body).length).toBeLessThan(16_000);
    // The details are in summary.json.
    const full = JSON.parse(Buffer.from(await (await fetch(got.body.files.json.url)).arrayBuffer()).toString('utf8')) as RollupSummary;
    expect(full.dataQuality.items).toHaveLength(11 * 50);
    expect(JSON.stringify(full).length).toBeGreaterThan(500_000);
  });
});
