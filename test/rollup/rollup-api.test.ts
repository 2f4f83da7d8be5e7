/**
 * The province endpoints end to end with the seed report alone: real handlers behind
 * the local server, real DynamoDB Local and s3rver. The four files are downloaded
 * through their presigned URLs and opened: the .xlsx with exceljs, the .docx's XML.
 */
import { gunzipSync } from 'node:zlib';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zipText } from '../../shared/documents/zip.ts';
import { example, startTestApp, type TestApp } from '../support/app.ts';

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
  return {
    body: Buffer.from(await res.arrayBuffer()),
    disposition: res.headers.get('content-disposition'),
    type: res.headers.get('content-type'),
  };
}

/** Rows of the document's tables, each a list of cell texts. */
function tableRows(xml: string): string[][] {
  return [...xml.matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map((tr) =>
    [...tr[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((tc) =>
      [...tc[0].matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join('\n'),
    ),
  );
}

describe('access', () => {
  it('a reporter gets 403 on all three; no token 401', async () => {
    const reporter = await app.token('reporter', '870');
    for (const [method, path] of [
      ['GET', STATUS],
      ['POST', ROLLUP],
      ['GET', ROLLUP],
    ] as const) {
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
  let summary: any;
  it("POST runs the rollup now: 201, the totals by code equal the seed's numbers", async () => {
    const r = await app.call('POST', ROLLUP, { token: province });
    expect(r.status, r.text).toBe(201);
    rollup = r.body;
    const d = r.body.summary;
    expect(d.completeness).toMatchObject({ expected: 12, reported: 1, missing: 11 });
    const total = (code: string) => d.totals.find((t: any) => t.code === code);
    expect(total('INSPECTED_UNITS')).toMatchObject({ total: 10, units: 1, of: 1 });
    expect(total('PLANNED_INSPECTIONS').total).toBe(12);
    expect(total('LATE_DOSSIERS').total).toBe(250 + 183);
    expect([total('AWARDS_COLLECTIVES').total, total('AWARDS_INDIVIDUALS').total]).toEqual([6, 21]);
    expect([total('PROVINCIAL_PORTAL_ARTICLES').total, total('UNIT_PORTAL_ARTICLES').total, total('RADIO_COLUMN').total]).toEqual([
      4, 5, 1,
    ]);
    // The seed attaches no dossier figures: none are invented.
    expect(total('DOSSIERS_RECEIVED')).toMatchObject({ total: null, units: 0 });
    expect(d.dataQuality).toEqual({ count: 3, units: 1 });
    expect(d.forms).toEqual([{ form: 'dong-thap-2021@1', title: expect.any(String), units: 1 }]);
    expect(r.body.runId).toMatch(/^0000000001-[0-9a-f]{12}$/);
    expect(r.body.stale).toBe(false);
    summary = JSON.parse(Buffer.from(await (await fetch(r.body.files.json.url)).arrayBuffer()).toString('utf8'));
    const late = summary.indicators.find((i: any) => i.code === 'LATE_DOSSIERS');
    expect(late.levels.map((l: any) => [l.label, l.total])).toEqual([
      ['Cấp huyện', 250],
      ['Cấp xã', 183],
    ]);
    const rows = (id: string) => late.breakdowns.find((b: any) => b.id === id).rows;
    expect(rows('field')).toEqual([{ key: 'dat-dai', label: 'Đất đai', subunit: null, total: 228, units: [{ code: '870', value: 228 }] }]);
    expect(rows('commune')[0]).toMatchObject({ label: 'Xã Long Thuận', total: 129, units: [{ code: '870', value: 129 }] });
    expect(summary.dataQuality.items.map((q: any) => q.code)).toEqual([
      'DOC_DATED_AFTER_REPORT',
      'DOC_DATED_AFTER_REPORT',
      'DOC_DATED_AFTER_REPORT',
    ]);
  });

  it("GET gives the same rollup, as of the report's receipt, with four presigned links", async () => {
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
    const files = r.body.files;

    const json = await download(files.json.url);
    expect(JSON.parse(json.body.toString('utf8'))).toEqual(summary);
    expect(json.disposition).toContain('CCHC-87-2021-H1-tong-hop.json');

    const csv = await download(files.csv.url);
    expect([...csv.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = csv.body.subarray(3).toString('utf8').trimEnd().split('\r\n');
    expect(lines).toHaveLength(13);
    for (const i of summary.indicators) expect(lines[0]).toContain(`[${i.code}]`);
    expect(lines.find((l) => l.startsWith('870,'))).toContain(',Trễ hạn,Chờ duyệt,1,');
    expect(lines.find((l) => l.startsWith('870,'))).toContain(',dong-thap-2021@1,6,21,');

    const xlsx = await download(files.xlsx.url);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.body as never);
    const sheet = wb.getWorksheet('Tổng hợp')!;
    const byCode = (code: string) => sheet.getRows(2, sheet.rowCount - 1)!.find((row) => row.getCell(9).value === code)!;
    for (const i of summary.indicators) expect(byCode(i.code).getCell(2).value ?? null, i.code).toBe(i.total);
    expect(byCode('INSPECTED_UNITS').getCell(2).value).toBe(10);
    const missing = sheet.getRows(2, 10)!.find((row) => row.getCell(1).value === 'Số đơn vị chưa gửi báo cáo')!;
    expect(missing.getCell(2).value).toBe(11);
    const units = wb.getWorksheet('Đơn vị')!;
    expect(units.rowCount).toBe(13);
    const header = units.getRow(1).values as string[];
    const u870 = units.getRows(2, 12)!.find((row) => row.getCell(1).value === '870')!;
    const values = summary.units.find((u: any) => u.code === '870').figures.values;
    for (const [code, v] of Object.entries(values) as [string, any][]) {
      const col = header.findIndex((h) => typeof h === 'string' && h.endsWith(`[${code}]`));
      const expected = typeof v.value === 'boolean' ? (v.value ? 'Có' : 'Không') : v.value;
      expect(u870.getCell(col).value ?? null, code).toBe(expected);
    }
    const breakdown = wb
      .getWorksheet('Phân tổ')!
      .getRows(2, wb.getWorksheet('Phân tổ')!.rowCount - 1)!
      .map((row) => [row.getCell(4).value, row.getCell(5).value]);
    expect(breakdown).toContainEqual(['Đất đai', 228]);
    expect(breakdown).toContainEqual(['Xã Long Thuận', 129]);
    expect(wb.getWorksheet('Chưa báo cáo')!.rowCount).toBe(12);
    const quality = wb.getWorksheet('Kiểm tra số liệu')!;
    expect(quality.rowCount).toBe(4);
    expect(quality.getRow(2).getCell(2).value).toBe('Huyện Hồng Ngự');

    const docx = await download(files.docx.url);
    const xml = zipText(docx.body, 'word/document.xml');
    const rows = tableRows(xml);
    expect(rows.find((row) => row[1] === 'Số cơ quan, đơn vị đã được kiểm tra CCHC')![3]).toBe('10 xã, thị trấn');
    expect(rows.find((row) => row[1] === 'Số cơ quan, đơn vị dự kiến kiểm tra trong thời gian tới')![3]).toBe('12 cơ quan chuyên môn');
    expect(rows.filter((row) => row[1] === '- Cấp huyện').map((row) => row[3])).toContain('250');
    expect(rows.filter((row) => row[1] === '- Cấp xã').map((row) => row[3])).toContain('183');
    expect(rows.find((row) => row[1] === 'Đất đai')![2]).toBe('228');
    expect(rows.find((row) => row[1] === 'Xã Long Thuận')!.slice(2)).toEqual(['Huyện Hồng Ngự', '129']);
    expect(rows.filter((row) => row[2] === 'Chưa báo cáo')).toHaveLength(11);
    expect(xml).not.toContain('nhầm năm');
    expect(xml).toContain('(chưa cấu hình)');
    expect(docx.disposition).toContain('CCHC-87-2021-H1-bao-cao-tong-hop.docx');
  });

  it('summary.json and units.csv are stored gzip-encoded, and a download through the link is the plain file', async () => {
    const r = await app.call('GET', ROLLUP, { token: province });
    const s3 = new S3Client({ forcePathStyle: true });
    try {
      for (const kind of ['json', 'csv'] as const) {
        const key = `rollups/87/2021-H1/${rollup.runId}/${kind === 'json' ? 'summary.json' : 'units.csv'}`;
        const stored = await s3.send(new GetObjectCommand({ Bucket: app.bucket, Key: key }));
        expect(stored.ContentEncoding, kind).toBe('gzip');
        const raw = Buffer.from(await stored.Body!.transformToByteArray());
        expect([...raw.subarray(0, 2)], kind).toEqual([0x1f, 0x8b]);
        const res = await fetch(r.body.files[kind].url);
        expect(res.headers.get('content-encoding'), kind).toBe('gzip');
        // fetch decodes it as a browser does: the download is the file itself.
        const plain = Buffer.from(await res.arrayBuffer());
        expect(plain.equals(gunzipSync(raw)), kind).toBe(true);
        expect(raw.length, kind).toBeLessThan(plain.length);
      }
      // The zipped formats are stored as they are.
      const xlsx = await s3.send(new GetObjectCommand({ Bucket: app.bucket, Key: `rollups/87/2021-H1/${rollup.runId}/rollup.xlsx` }));
      expect(xlsx.ContentEncoding).toBeUndefined();
    } finally {
      s3.destroy();
    }
  });

  it('the files sit under rollups/{province}/{period}/{runId}/', async () => {
    const objects = (await app.listObjects()).filter((k) => k.startsWith('rollups/'));
    expect(objects).toEqual(
      ['bao-cao-tong-hop.docx', 'rollup.xlsx', 'summary.json', 'units.csv'].map((f) => `rollups/87/2021-H1/${rollup.runId}/${f}`),
    );
  });

  it("the OpenAPI document describes the three routes with their schemas, and summary.json's", async () => {
    const r = await app.call('GET', '/v1/openapi.json');
    expect(r.body.paths['/v1/provinces/{province}/rollups/{period}'].get.responses['200'].content['application/json'].schema.$ref).toBe(
      '#/components/schemas/RollupResponse',
    );
    expect(r.body.components.schemas.RollupDigest.properties.totals).toBeDefined();
    expect(r.body.components.schemas.RollupSummary.properties.indicators).toBeDefined();
    expect(r.body.paths['/v1/provinces/{province}/periods/{period}/status'].get.responses['200']).toBeDefined();
  });
});
