/**
 * The rollup's files from fixture summaries: units.csv, rollup.xlsx (opened with
 * exceljs, page setup and cell styles read back) and bao-cao-tong-hop.docx (its XML),
 * each compared with the summary they come from.
 */
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readZip, zipText } from '../../shared/documents/zip.ts';
import { cellCount } from '../../shared/format/vi.ts';
import { computeRollup } from '../../shared/rollup/compute.ts';
import { buildUnitsCsv } from '../../shared/rollup/csv.ts';
import { buildRollupDocx } from '../../shared/rollup/docx.ts';
import type { RollupSummary } from '../../shared/rollup/schema.ts';
import { buildRollupXlsx } from '../../shared/rollup/xlsx.ts';
import {
  districtSummary,
  documentSettings87,
  input,
  record,
  registry2026,
  seedForm,
  seedSummary,
  sixAreaSummary,
  sixAreaV1,
  sixAreaV2,
} from './fixtures.ts';

afterEach(() => {
  vi.useRealTimers();
});

const RECOMMENDATION = 'Đề nghị Sở Nội vụ tổ chức tập huấn nghiệp vụ CCHC cho công chức cấp xã trong quý III/2021.';
const seedOnly = computeRollup(
  input(
    [
      record('870', seedSummary({ recommendation: RECOMMENDATION })),
      record('866', districtSummary({ inspected: 3, fields: [['tu-phap', 15]] }), { onTime: false }),
    ],
    {
      document: documentSettings87,
    },
  ),
);

const sixArea = computeRollup(
  input(
    [
      record(
        '28297',
        sixAreaSummary(2, {
          done: 8,
          total: 10,
          xa: 120,
          late: [['dat-dai', 5]],
          online: 30,
          satisfaction: 92.5,
          portal: true,
          proposal: 'Đề nghị tỉnh bố trí kinh phí số hóa hồ sơ.',
        }),
      ),
      record('29992', sixAreaSummary(2, { done: 3, total: 6, xa: 40, late: [['dat-dai', 2]], online: 12, satisfaction: 88 })),
      record(
        '8201',
        sixAreaSummary(2, { done: 9, total: 9, tinh: 500, late: [['ho-tich', 4]], online: 55, satisfaction: 97, portal: true }),
      ),
      record(
        '29995',
        sixAreaSummary(1, {
          done: 1,
          total: 4,
          xa: 15,
          late: [['dat-dai', 3]],
          portal: true,
          proposal: '=Tăng biên chế công chức một cửa.',
        }),
      ),
    ],
    { province: '82', period: '2026-Q3', registry: registry2026, forms: [sixAreaV1, sixAreaV2] },
  ),
);

/** The document's text runs, joined by '|'. */
const docText = (xml: string) => [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => unescapeXml(m[1]!)).join('|');
/** Rows of the document's tables, each a list of cell texts. */
function tableRows(xml: string): string[][] {
  return [...xml.matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map((tr) =>
    [...tr[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((tc) =>
      [...tc[0].matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join('\n'),
    ),
  );
}
const unescapeXml = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

async function workbook(s: RollupSummary): Promise<{ wb: ExcelJS.Workbook; bytes: Buffer }> {
  const bytes = await buildRollupXlsx(s, { runId: 'r1' });
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as never);
  return { wb, bytes };
}

const docx = async (s: RollupSummary, o: Partial<Parameters<typeof buildRollupDocx>[1]> = {}) =>
  zipText(await buildRollupDocx(s, { runId: 'r1', forms: [seedForm, sixAreaV1, sixAreaV2], ...o }), 'word/document.xml');

describe('determinism', () => {
  it('the three files are byte-identical when built again, whatever the clock says', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const build = async (s: RollupSummary) => ({
      csv: buildUnitsCsv(s),
      xlsx: await buildRollupXlsx(s, { runId: 'r1' }),
      docx: await buildRollupDocx(s, { runId: 'r1', forms: [seedForm] }),
    });
    vi.setSystemTime(new Date('2030-01-01T00:00:00Z'));
    const a = await build(seedOnly);
    vi.setSystemTime(new Date('2031-07-09T13:14:15Z'));
    const b = await build(seedOnly);
    for (const k of ['csv', 'xlsx', 'docx'] as const) expect(a[k].equals(b[k]), k).toBe(true);
    expect(zipText(a.docx, 'docProps/core.xml')).toContain('2021-06-15T02:00:00Z');
  });
});

describe('units.csv', () => {
  it('carries every indicator by label and code, its levels, one row per unit', () => {
    const csv = buildUnitsCsv(seedOnly);
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = csv.subarray(3).toString('utf8').split('\r\n');
    expect(lines.at(-1)).toBe('');
    expect(lines).toHaveLength(1 + 12 + 1);
    const header = lines[0]!;
    for (const i of seedOnly.indicators) expect(header).toContain(`[${i.code}]`);
    expect(header).toContain(
      'Số hồ sơ trễ hạn (hồ sơ) [HS_TRE_HAN],Số hồ sơ trễ hạn - Cấp huyện [HS_TRE_HAN.huyen],Số hồ sơ trễ hạn - Cấp xã [HS_TRE_HAN.xa]',
    );
    expect(lines.find((l) => l.startsWith('870,'))).toBe(
      '870,Huyện Hồng Ngự,Cấp huyện,Đúng hạn,Chờ duyệt,1,2021-06-15 09:00:00,2021-06-15 09:00:00,dt-test@1,6,21,10,12,4,5,Có,433,250,183,3',
    );
    expect(lines.find((l) => l.startsWith('866,'))).toContain(',Trễ hạn,Chờ duyệt,1,');
    expect(lines.find((l) => l.startsWith('871,'))).toBe(
      `871,Huyện Tam Nông,Cấp huyện,Chưa báo cáo,,,,,${','.repeat(seedOnly.indicators.length + 2 + 1)}`,
    );
  });

  it('leaves a level the unit lacks empty, and an indicator its form lacks empty: never 0', () => {
    const lines = buildUnitsCsv(sixArea).subarray(3).toString('utf8').split('\r\n');
    const fields = (line: string) =>
      [...line.matchAll(/("(?:[^"]|"")*"|[^,]*)(,|$)/g)].map((m) => m[1]!.replace(/^"|"$/g, '').replace(/""/g, '"')).slice(0, -1);
    const header = fields(lines[0]!);
    const col = (name: string) => header.findIndex((h) => h.endsWith(`[${name}]`));
    const row = (code: string) => fields(lines.find((l) => l.startsWith(`${code},`))!);
    expect(row('8201')[2]).toBe('Sở, ngành');
    expect(row('8201')[col('HS_TIEP_NHAN.tinh')]).toBe('500');
    expect(row('8201')[col('HS_TIEP_NHAN.xa')]).toBe('');
    expect(row('29995')[col('DVC_TOAN_TRINH')]).toBe('');
    expect(row('28297')[col('DVC_TOAN_TRINH')]).toBe('30');
  });
});

describe('rollup.xlsx', () => {
  it('has its sheets, real numbers, frozen bold headers, and the summary equal to the JSON', async () => {
    const { wb } = await workbook(seedOnly);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      'Tổng hợp',
      'Đơn vị',
      'Theo cấp',
      'Phân tổ',
      'Chưa báo cáo',
      'Ý kiến đơn vị',
      'Kiểm tra số liệu',
    ]);
    for (const ws of wb.worksheets) {
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(ws.getRow(1).getCell(1).font?.bold).toBe(true);
      ws.columns.forEach((c) => expect(c.width).toBeGreaterThanOrEqual(8));
    }
    const summary = wb.getWorksheet('Tổng hợp')!;
    const rows = summary.getRows(2, summary.rowCount - 1)!;
    for (const i of seedOnly.indicators) {
      const r = rows.find((x) => x.getCell(9).value === i.code)!;
      expect(r.getCell(1).value).toBe(i.unit ? `${i.label} (${i.unit})` : i.label);
      expect(r.getCell(2).value).toBe(i.total);
      expect(r.getCell(3).value).toBe(i.coverage.units);
    }
    expect(rows.find((x) => x.getCell(1).value === 'Số đơn vị chưa gửi báo cáo')!.getCell(2).value).toBe(10);

    const units = wb.getWorksheet('Đơn vị')!;
    const header = units.getRow(1).values as string[];
    const u870 = units.getRows(2, units.rowCount - 1)!.find((r) => r.getCell(1).value === '870')!;
    const f = seedOnly.units.find((u) => u.code === '870')!.figures!;
    for (const i of seedOnly.indicators) {
      const col = header.findIndex((h) => typeof h === 'string' && h.endsWith(`[${i.code}]`));
      const v = f.values[i.code]!.value;
      expect(u870.getCell(col).value).toBe(typeof v === 'boolean' ? (v ? 'Có' : 'Không') : v);
    }
    expect(u870.getCell(5).value).toBe('Chờ duyệt');
    expect(u870.getCell(7).value).toBeInstanceOf(Date);

    const byLevel = wb.getWorksheet('Theo cấp')!;
    const late = seedOnly.indicators.find((i) => i.code === 'HS_TRE_HAN')!;
    expect(byLevel.getRows(2, 2)!.map((r) => [r.getCell(2).value, r.getCell(3).value, r.getCell(4).value])).toEqual(
      late.levels.map((l) => [l.label, l.total, l.coverage.units]),
    );
    const rowsOf = (name: string) => wb.getWorksheet(name)!.getRows(2, wb.getWorksheet(name)!.rowCount - 1) ?? [];
    const breakdown = rowsOf('Phân tổ').map((r) => [r.getCell(4).value, r.getCell(5).value]);
    expect(breakdown).toContainEqual(['Đất đai', 228]);
    expect(breakdown).toContainEqual(['Xã Long Thuận', 129]);
    expect(wb.getWorksheet('Chưa báo cáo')!.rowCount).toBe(1 + 10);
  });

  it('puts the data-quality checks on their own sheet in plain Vietnamese: unit name and field label, no codes or JSON paths', async () => {
    const { wb, bytes } = await workbook(seedOnly);
    const ws = wb.getWorksheet('Kiểm tra số liệu')!;
    const rows = ws.getRows(2, ws.rowCount - 1)!;
    expect(rows).toHaveLength(3);
    for (const r of rows) {
      expect(r.getCell(2).value).toBe('Huyện Hồng Ngự');
      expect(r.getCell(4).value).toBe('Công tác chỉ đạo, điều hành CCHC');
      expect(String(r.getCell(5).value)).toMatch(/^Văn bản \d+\/KH-UBND ghi ngày .* có thể nhầm năm\.$/);
    }
    const strings = zipText(bytes, 'xl/sharedStrings.xml');
    expect(strings).not.toContain('DOC_DATED_AFTER_REPORT');
    expect(strings).not.toContain('$.');
    expect(strings).not.toMatch(/>unit</);
  });

  it("has the units' words verbatim on their own sheet", async () => {
    const { wb } = await workbook(seedOnly);
    const ws = wb.getWorksheet('Ý kiến đơn vị')!;
    const rows = ws.getRows(2, ws.rowCount - 1)!.map((r) => [r.getCell(1).value, r.getCell(3).value, r.getCell(5).value]);
    expect(rows).toContainEqual(['Kiến nghị', 'Huyện Hồng Ngự', RECOMMENDATION]);
  });

  it('prints well: A4, landscape when wide, fitted to the width, header row and unit names on every page', async () => {
    const { wb } = await workbook(sixArea);
    for (const ws of wb.worksheets) {
      expect(ws.pageSetup, ws.name).toMatchObject({ paperSize: 9, fitToPage: true, fitToHeight: 0 });
      expect(ws.pageSetup.fitToWidth, ws.name).toBeGreaterThanOrEqual(1);
      expect(ws.pageSetup.printTitlesRow, ws.name).toBe('1:1');
      const width = ws.columns.reduce((a, c) => a + (c.width ?? 8), 0);
      expect(ws.pageSetup.orientation, ws.name).toBe(width > 100 ? 'landscape' : 'portrait');
    }
    const units = wb.getWorksheet('Đơn vị')!;
    expect(units.pageSetup).toMatchObject({ orientation: 'landscape', printTitlesColumn: 'A:B' });
    expect(wb.getWorksheet('Chưa báo cáo')!.pageSetup).toMatchObject({ orientation: 'portrait', fitToWidth: 1 });
    expect(wb.getWorksheet('Tổng hợp')!.pageSetup).toMatchObject({ orientation: 'landscape', fitToWidth: 1 });
    expect(wb.getWorksheet('Chưa báo cáo')!.pageSetup.printTitlesColumn).toBe('A:B');
    // A sheet as wide as 40 indicators prints on a few pages across, the unit's name repeated on each.
    const wide = await workbook(computeRollup(input([record('870', seedSummary())], { forms: [wideForm()] })));
    const wideUnits = wide.wb.getWorksheet('Đơn vị')!;
    expect(wideUnits.pageSetup.fitToWidth).toBeGreaterThan(1);
    expect(wideUnits.pageSetup.printTitlesColumn).toBe('A:B');
  });

  it('marks text that a later save would run as a formula (= + - @) with the quote-prefix style', async () => {
    const { bytes } = await workbook(sixArea);
    const strings = [...zipText(bytes, 'xl/sharedStrings.xml').matchAll(/<si><t(?: [^>]*)?>([^<]*)<\/t><\/si>/g)].map((m) =>
      unescapeXml(m[1]!),
    );
    const index = strings.indexOf('=Tăng biên chế công chức một cửa.');
    expect(index).toBeGreaterThanOrEqual(0);
    const sheetNames = readZip(bytes)
      .filter((e) => e.name.startsWith('xl/worksheets/'))
      .map((e) => e.name);
    const cells = sheetNames.flatMap((n) => [...zipText(bytes, n).matchAll(/<c r="[A-Z]+\d+"( s="(\d+)")? t="s"><v>(\d+)<\/v><\/c>/g)]);
    const styleOf = (i: number) => cells.filter((m) => Number(m[3]) === i).map((m) => Number(m[2] ?? 0));
    const xfs = [
      ...zipText(bytes, 'xl/styles.xml')
        .split('<cellXfs')[1]!
        .matchAll(/<xf [^>]*?(?:\/>|>.*?<\/xf>)/g),
    ].map((m) => m[0]);
    const quoted = (s: number) => /quotePrefix="1"/.test(xfs[s]!);
    expect(styleOf(index).length).toBeGreaterThan(0);
    for (const s of styleOf(index)) expect(quoted(s)).toBe(true);
    // Ordinary text is not marked.
    const plain = strings.indexOf('Xã Long Phú Thuận');
    expect(styleOf(plain).every((s) => !quoted(s))).toBe(true);
  });
});

describe('bao-cao-tong-hop.docx', () => {
  it("Decree 30 header and signer, Nơi nhận and number symbol from the province's settings", async () => {
    const xml = await docx(seedOnly);
    const text = docText(xml);
    for (const needle of [
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'UBND TỈNH ĐỒNG THÁP',
      'SỞ NỘI VỤ',
      '/BC-SNV',
      'BÁO CÁO',
      'Kính gửi: Ủy ban nhân dân Tỉnh',
      'Nơi nhận:',
      '- Bộ Nội vụ;',
      '- Lưu: VT, CCHC.',
      'KT. GIÁM ĐỐC',
      'PHÓ GIÁM ĐỐC',
      'Nguyễn Văn An',
    ])
      expect(text).toContain(needle);
    expect(text).not.toContain('chưa cấu hình');
    expect(xml).toContain('<w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="1701"');
  });

  it('without settings says "(chưa cấu hình)" visibly instead of a blank signer', async () => {
    const text = docText(await docx(sixArea));
    expect(text).toContain('Số: ');
    expect(text.match(/\(chưa cấu hình\)/g)!.length).toBeGreaterThanOrEqual(3);
    expect(text).toContain('- (chưa cấu hình).');
  });

  it('carries no data-quality warning', async () => {
    const text = docText(await docx(seedOnly));
    expect(seedOnly.dataQuality.items.length).toBe(3);
    for (const q of seedOnly.dataQuality.items) expect(text).not.toContain(q.message);
    expect(text).not.toMatch(/CẢNH BÁO|cảnh báo|nhầm năm|DOC_DATED/);
  });

  it('tables equal the JSON: each indicator, its levels and breakdown rows; absent values "-"', async () => {
    const rows = tableRows(await docx(seedOnly));
    for (const i of seedOnly.indicators) {
      const row = rows.find((r) => r[1] === i.label && r.length === 5)!;
      const same = i.qualifiers.length === 1 && i.qualifiers[0]!.units === i.coverage.units;
      expect(row[3], i.code).toBe(`${cellCount(i.total)}${same ? ` ${i.qualifiers[0]!.text}` : ''}`);
      expect(row[4]).toBe(`${i.coverage.units}/${seedOnly.completeness.reported}`);
    }
    const late = seedOnly.indicators.find((i) => i.code === 'HS_TRE_HAN')!;
    expect(late.levels.map((l) => l.total)).toEqual([500, 366]);
    expect(rows.filter((r) => r[1] === '- Cấp huyện').map((r) => r[3])).toEqual([String(late.levels[0]!.total)]);
    expect(rows.filter((r) => r[1] === '- Cấp xã').map((r) => r[3])).toEqual([String(late.levels[1]!.total)]);
    expect(rows.find((r) => r[1] === 'Đất đai')![2]).toBe('228');
    expect(rows.filter((r) => r[1] === 'Xã Long Thuận').map((r) => r.slice(2))).toEqual([
      ['Thành phố Cao Lãnh', '129'],
      ['Huyện Hồng Ngự', '129'],
    ]);
    expect(rows.filter((r) => r[2] === 'Chưa báo cáo')).toHaveLength(10);
    const six = tableRows(await docx(sixArea));
    const tinh = six.find((r) => r[1] === '- Cấp tỉnh')!;
    expect(tinh.slice(3)).toEqual(['500', '1/4']);
  });

  it('keeps what the units counted, in their words: "10 xã, thị trấn", "12 cơ quan chuyên môn"', async () => {
    const alone = computeRollup(input([record('870', seedSummary())]));
    const rows = tableRows(await docx(alone));
    expect(rows.find((r) => r[1] === 'Số cơ quan, đơn vị đã kiểm tra CCHC')![3]).toBe('10 xã, thị trấn');
    expect(rows.find((r) => r[1] === 'Số cơ quan, đơn vị dự kiến kiểm tra')![3]).toBe('12 cơ quan chuyên môn');
    expect(alone.indicators.find((i) => i.code === 'KIEM_TRA')!.qualifiers).toEqual([{ text: 'xã, thị trấn', units: 1 }]);
  });

  it('counts in prose take a leading zero below ten; table cells never', async () => {
    const text = docText(await docx(seedOnly));
    expect(text).toContain('Tổng số đơn vị phải báo cáo: 12; đã gửi báo cáo: 02 (đúng hạn: 01; trễ hạn: 01); chưa gửi báo cáo: 10.');
    const rows = tableRows(await docx(seedOnly));
    expect(rows.some((r) => r.some((c) => /^0\d$/.test(c)))).toBe(false);
  });

  it("has only the forms' columns: no Đồng Tháp column for another province", async () => {
    const text = docText(await docx(sixArea));
    expect(text).not.toMatch(/Trang tin CCHC Tỉnh|phát thanh/);
    expect(text).toContain('Số dịch vụ công trực tuyến toàn trình');
    expect(text).toContain('Ghi chú: cột "Số đơn vị có số liệu"');
  });

  it("follows the province-tier form's outline when one is configured", async () => {
    const s = computeRollup(
      input(
        sixArea.units.flatMap(() => []),
        { province: '82', period: '2026-Q3', registry: registry2026, forms: [sixAreaV2], provinceForm: sixAreaV2 },
      ),
    );
    expect(s.provinceForm).toEqual({ form: 'six-area-test@2', title: sixAreaV2.title });
    const withData = { ...sixArea, provinceForm: s.provinceForm };
    const text = docText(await docx(withData, { provinceForm: sixAreaV2 }));
    for (const h of [
      'I. KẾ HOẠCH CCHC',
      'II. CẢI CÁCH THỦ TỤC HÀNH CHÍNH',
      'III. CHÍNH PHỦ SỐ',
      'IV. ĐÁNH GIÁ CHUNG',
      'V. ĐỀ XUẤT, KIẾN NGHỊ',
    ])
      expect(text).toContain(h);
    expect(text.indexOf('I. KẾ HOẠCH CCHC')).toBeLessThan(text.indexOf('Số nhiệm vụ đã hoàn thành'));
    expect(text.indexOf('Số nhiệm vụ đã hoàn thành')).toBeLessThan(text.indexOf('II. CẢI CÁCH THỦ TỤC HÀNH CHÍNH'));
  });

  it("the annex has each unit's recommendation verbatim, attributed, in unit order", async () => {
    const xml = await docx(sixArea);
    const text = docText(xml);
    const annex = text.slice(text.indexOf('PHỤ LỤC'));
    expect(annex).toContain('TỔNG HỢP Ý KIẾN CỦA CÁC ĐƠN VỊ');
    for (const a of sixArea.annex) for (const e of a.entries) for (const t of e.texts) expect(annex).toContain(`|${t}`);
    expect(annex.indexOf('Phường Long Thuận')).toBeLessThan(annex.indexOf('Xã An Long'));
    expect(annex).toContain('Phường Long Thuận| (Đề xuất, kiến nghị):|Đề nghị tỉnh bố trí kinh phí số hóa hồ sơ.');
    const seedAnnex = docText(await docx(seedOnly));
    expect(seedAnnex).toContain(RECOMMENDATION);
  });

  it('a very large province: the paper annex lists the first units and points to the .xlsx for the rest', async () => {
    const text = docText(await docx(sixArea, { maxTableRows: 1 }));
    const annex = text.slice(text.indexOf('PHỤ LỤC'));
    expect(annex).toContain('Đề nghị tỉnh bố trí kinh phí số hóa hồ sơ.');
    expect(annex).not.toContain('=Tăng biên chế công chức một cửa.');
    expect(annex).toContain('Ý kiến của 1 đơn vị khác tại tệp tổng hợp .xlsx (trang "Ý kiến đơn vị").');
  });

  it('says when the previous period cannot be compared', async () => {
    const s = computeRollup(
      input([record('870', seedSummary())], {
        previous: { period: '2020-H1', runId: 'r', asOf: null, expected: ['28297'], completeness: seedOnly.completeness, totals: {} },
      }),
    );
    expect(docText(await docx(s))).toContain('không so sánh được (sắp xếp đơn vị hành chính)');
  });
});

/** A form of forty counts, as wide as the national six-area appendix. */
function wideForm() {
  return {
    ...seedForm,
    outline: [{ ...seedForm.outline[0]!, indicators: [] }],
    indicators: Array.from({ length: 40 }, (_, k) => ({
      code: `CT_${String(k + 1).padStart(2, '0')}`,
      label: `Chỉ tiêu thử số ${k + 1} của biểu mẫu rộng`,
      type: 'count' as const,
      breakdowns: [],
      aggregate: { kind: 'sum' as const },
    })),
  };
}
