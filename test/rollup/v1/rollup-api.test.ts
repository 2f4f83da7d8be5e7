/**
 * The province endpoints end to end with the seed report alone: real handlers behind
 * the local server, real DynamoDB Local and s3rver. The four files are downloaded
 * through their presigned URLs and opened: the .xlsx with exceljs, the .docx's XML.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zipText } from '../../../shared/documents/zip.ts';
import { example, startTestApp, type TestApp } from '../../support/app.ts';

let app: TestApp;
let province: string;
const STATUS = '/v1/provinces/87/periods/2021-H1/status';
const ROLLUP = '/v1/provinces/87/rollups/2021-H1';

beforeAll(async () => {
  app = await startTestApp();
  province = await app.token('province', '87');
  const reporter = await app.token('reporter', '870');
  const r = await app.call('PUT', '/v1/units/870/reports/2021-H1', { token: reporter, body: example() });
  expect(r.status, r.text).toBe(201);
});
afterAll(async () => app?.close());

async function download(url: string): Promise<{ body: Buffer; disposition: string | null; type: string | null }> {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  return { body: Buffer.from(await res.arrayBuffer()), disposition: res.headers.get('content-disposition'), type: res.headers.get('content-type') };
}

/** Rows of the document's tables, each a list of cell texts. */
function tableRows(xml: string): string[][] {
  return [...xml.matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map((tr) =>
    [...tr[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((tc) => [...tc[0].matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join('\n')),
  );
}

describe('access', () => {
  it('a reporter gets 403 on all three; no token 401', async () => {
    const reporter = await app.token('reporter', '870');
    for (const [method, path] of [['GET', STATUS], ['POST', ROLLUP], ['GET', ROLLUP]] as const) {
      const r = await app.call(method, path, { token: reporter });
      expect(r.status, `${method} ${path}`).toBe(403);
      expect(r.body.error.code).toBe('FORBIDDEN');
      expect((await app.call(method, path)).status).toBe(401);
    }
  });

  it('staff of another province get 403; an admin of this province may read', async () => {
    // A unit outside province 87 does not exist in the shipped registry: its staff belong to no province.
    const other = await app.token('province', '99');
    expect((await app.call('GET', STATUS, { token: other })).status).toBe(403);
    const admin = await app.token('admin', '87');
    expect((await app.call('GET', STATUS, { token: admin })).status).toBe(200);
  });

  it('unknown province and period are 404 with their codes', async () => {
    const p = await app.call('GET', '/v1/provinces/99/periods/2021-H1/status', { token: province });
    expect(p.status).toBe(404);
    expect(p.body.error.code).toBe('UNKNOWN_PROVINCE');
    const q = await app.call('GET', '/v1/provinces/87/rollups/2021-H3', { token: province });
    expect(q.status).toBe(404);
    expect(q.body.error.code).toBe('UNKNOWN_PERIOD');
    const en = await app.call('POST', '/v1/provinces/87/rollups/2021-13', { token: province, headers: { 'accept-language': 'en' } });
    expect(en.status).toBe(404);
    expect(en.body.error.message).toContain('does not exist');
  });

  it('no rollup yet: 404 ROLLUP_NOT_FOUND', async () => {
    const r = await app.call('GET', '/v1/provinces/87/rollups/2020-H1', { token: province });
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('ROLLUP_NOT_FOUND');
    expect(r.body.error.message).toBe('Chưa có báo cáo tổng hợp cho kỳ này.');
  });
});

describe('with the seed report alone', () => {
  it('status: 1 of 12 reported (late: received today for 2021), 11 missing', async () => {
    const r = await app.call('GET', STATUS, { token: province });
    expect(r.status, r.text).toBe(200);
    expect(r.body.counts).toEqual({ expected: 12, reported: 1, onTime: 0, late: 1, missing: 11, unexpected: 0 });
    expect(r.body.period).toMatchObject({ id: '2021-H1', deadline: '2021-06-16' });
    expect(r.body.units).toHaveLength(12);
    expect(r.body.units.filter((u: any) => u.status === 'missing')).toHaveLength(11);
    expect(r.body.units.find((u: any) => u.code === '870')).toMatchObject({ status: 'late', version: 1, name: 'Huyện Hồng Ngự' });
    expect(r.body.unexpected).toEqual([]);
  });

  let rollup: any;
  it('POST runs the rollup now: 201, totals equal the seed\'s numbers', async () => {
    const r = await app.call('POST', ROLLUP, { token: province });
    expect(r.status, r.text).toBe(201);
    rollup = r.body;
    const s = r.body.summary;
    expect(s.completeness).toMatchObject({ expected: 12, reported: 1, missing: 11 });
    expect(s.totals).toMatchObject({
      inspected: 10,
      planned: 12,
      lateDossiersUnitLevel: 250,
      lateDossiersCommuneLevel: 183,
      lateDossiers: 433,
      provincialArticles: 4,
      unitArticles: 5,
      awardsCollectives: 6,
      awardsIndividuals: 21,
      warnings: 3,
    });
    expect(s.lateDossiers.byField).toEqual([{ field: 'Đất đai', total: 228, units: [{ code: '870', count: 228 }] }]);
    expect(s.lateDossiers.byUnit[0]).toMatchObject({ unitName: 'Xã Long Thuận', count: 129, reportingUnit: '870' });
    expect(s.warnings).toHaveLength(3);
    expect(r.body.runId).toMatch(/^0000000001-[0-9a-f]{12}$/);
    expect(r.body.stale).toBe(false);
  });

  it('GET gives the same rollup, as of the report\'s receipt, with four presigned links', async () => {
    const r = await app.call('GET', ROLLUP, { token: province });
    expect(r.status, r.text).toBe(200);
    expect(r.body.runId).toBe(rollup.runId);
    expect(r.body.summary).toEqual(rollup.summary);
    const status = await app.call('GET', STATUS, { token: province });
    expect(r.body.asOf).toBe(status.body.units.find((u: any) => u.code === '870').receivedAt);
    expect(Object.keys(r.body.files).sort()).toEqual(['csv', 'docx', 'json', 'xlsx']);
    expect(r.body.expiresIn).toBeGreaterThan(0);
    expect(r.body.expiresIn).toBeLessThanOrEqual(900);
    expect(r.body.files.xlsx.fileName).toBe('CCHC-87-2021-H1-tong-hop.xlsx');
    expect(r.body.files.docx.url).toMatch(/X-Amz-Expires=300/);
  });

  it('the files match the JSON: summary.json, units.csv, rollup.xlsx (exceljs), the .docx XML', async () => {
    const r = await app.call('GET', ROLLUP, { token: province });
    const s = r.body.summary;
    const files = r.body.files;

    const json = await download(files.json.url);
    expect(JSON.parse(json.body.toString('utf8'))).toEqual(s);
    expect(json.disposition).toContain('CCHC-87-2021-H1-tong-hop.json');

    const csv = await download(files.csv.url);
    expect([...csv.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = csv.body.subarray(3).toString('utf8').trimEnd().split('\r\n');
    expect(lines).toHaveLength(13);
    expect(lines.find((l) => l.startsWith('870,'))).toContain(',Trễ hạn,late,1,');
    expect(lines.find((l) => l.startsWith('870,'))).toMatch(/,10,12,250,183,433,4,5,Có,6,21,3$/);

    const xlsx = await download(files.xlsx.url);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as never);
    const metric = (label: string) => wb.getWorksheet('Tổng hợp')!.getRows(2, 40)!.find((row) => row.getCell(1).value === label)!.getCell(2).value;
    expect(metric('Số cơ quan, đơn vị đã được kiểm tra CCHC')).toBe(s.totals.inspected);
    expect(metric('Số cơ quan, đơn vị dự kiến kiểm tra')).toBe(s.totals.planned);
    expect(metric('Hồ sơ trễ hạn tại đơn vị báo cáo')).toBe(250);
    expect(metric('Hồ sơ trễ hạn cấp xã')).toBe(183);
    expect(metric('Số đơn vị chưa gửi báo cáo')).toBe(11);
    const units = wb.getWorksheet('Đơn vị')!;
    expect(units.rowCount).toBe(13);
    const u870 = units.getRows(2, 12)!.find((row) => row.getCell(1).value === '870')!;
    const f = s.units.find((u: any) => u.code === '870').figures;
    expect([8, 9, 10, 11, 12, 13, 14, 16, 17, 18].map((i) => u870.getCell(i).value)).toEqual([
      f.inspected, f.planned, f.lateDossiersUnitLevel, f.lateDossiersCommuneLevel, f.lateDossiers, f.provincialArticles, f.unitArticles, f.awardsCollectives, f.awardsIndividuals, f.warnings,
    ]);
    const byField = wb.getWorksheet('Trễ hạn theo lĩnh vực')!.getRow(2);
    expect([byField.getCell(1).value, byField.getCell(2).value]).toEqual(['Đất đai', 228]);
    const byUnit = wb.getWorksheet('Trễ hạn theo đơn vị')!.getRow(2);
    expect([byUnit.getCell(1).value, byUnit.getCell(6).value]).toEqual(['Xã Long Thuận', 129]);
    expect(wb.getWorksheet('Chưa báo cáo')!.rowCount).toBe(12);
    expect(wb.getWorksheet('Cảnh báo')!.rowCount).toBe(4);

    const docx = await download(files.docx.url);
    const xml = zipText(docx.body, 'word/document.xml');
    const rows = tableRows(xml);
    const unitRow = rows.find((row) => row[1] === 'Huyện Hồng Ngự' && row.length === 8)!;
    expect(unitRow.slice(2)).toEqual(['10', '12', '250', '183', '4 / 5', '6 / 21']);
    expect(rows.find((row) => row[1] === 'Đất đai')![2]).toBe('228');
    expect(rows.find((row) => row[1] === 'Xã Long Thuận')![3]).toBe('129');
    expect(rows.filter((row) => row[2] === 'Chưa báo cáo')).toHaveLength(11);
    expect(xml).toContain('tổng số 433 hồ sơ trễ hạn, trong đó cấp huyện là 250 hồ sơ, cấp xã là 183 hồ sơ');
    expect(docx.disposition).toContain('CCHC-87-2021-H1-bao-cao-tong-hop.docx');
  });

  it('the files sit under rollups/{province}/{period}/{runId}/', async () => {
    const objects = (await app.listObjects()).filter((k) => k.startsWith('rollups/'));
    expect(objects).toEqual(
      ['bao-cao-tong-hop.docx', 'rollup.xlsx', 'summary.json', 'units.csv'].map((f) => `rollups/87/2021-H1/${rollup.runId}/${f}`),
    );
  });

  it('the OpenAPI document describes the three routes with their schemas', async () => {
    const r = await app.call('GET', '/v1/openapi.json');
    expect(r.body.paths['/v1/provinces/{province}/rollups/{period}'].get.responses['200'].content['application/json'].schema.$ref).toBe(
      '#/components/schemas/RollupResponse',
    );
    expect(r.body.components.schemas.RollupSummary.properties.totals).toBeDefined();
    expect(r.body.paths['/v1/provinces/{province}/periods/{period}/status'].get.responses['200']).toBeDefined();
  });
});
