/**
 * The rollup computation and its files, without any storage: fixtures are latest
 * records built from the seed report exactly as ReportService stores them.
 */
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { compareCodes, computeRollup, summaryJson } from '../../../shared/rollup/v1/compute.ts';
import { buildUnitsCsv } from '../../../shared/rollup/v1/csv.ts';
import { buildRollupDocx } from '../../../shared/rollup/v1/docx.ts';
import { RollupSummary } from '../../../shared/rollup/v1/schema.ts';
import { buildRollupXlsx } from '../../../shared/rollup/v1/xlsx.ts';
import { readZip, zipText } from '../../../shared/documents/zip.ts';
import { input, record, seed, variant } from './fixtures.ts';

afterEach(() => {
  vi.useRealTimers();
});

describe('the seed report alone', () => {
  const s = computeRollup(input([record('870', seed())]));

  it('gives 1 of 12 reported and 11 missing, by unit code', () => {
    expect(s.completeness).toEqual({ expected: 12, reported: 1, onTime: 1, late: 0, missing: 11, unexpected: 0 });
    expect(s.units.map((u) => u.code)).toEqual(['866', '867', '868', '869', '870', '871', '872', '873', '874', '875', '876', '877']);
    expect(s.units.filter((u) => u.status === 'missing')).toHaveLength(11);
    expect(s.units.find((u) => u.code === '870')).toMatchObject({ status: 'on_time', version: 1, name: 'Huyện Hồng Ngự' });
  });

  it('has the seed numbers as totals', () => {
    expect(s.totals).toMatchObject({
      reportedUnits: 1,
      inspected: 10,
      planned: 12,
      lateDossiers: 433,
      lateDossiersUnitLevel: 250,
      lateDossiersCommuneLevel: 183,
      provincialArticles: 4,
      unitArticles: 5,
      radioColumnUnits: 1,
      awardsCollectives: 6,
      awardsIndividuals: 21,
      warnings: 3,
      // The seed attaches its appendix: no dossier figures, so none are invented.
      dossiersReceived: null,
      fullOnlineServices: null,
    });
    expect(s.lateDossiers.byLevel).toEqual([
      { level: 'unit', label: 'Cấp huyện', total: 250, units: 1 },
      { level: 'commune', label: 'Cấp xã', total: 183, units: 1 },
    ]);
    expect(s.lateDossiers.byField).toEqual([{ field: 'Đất đai', total: 228, units: [{ code: '870', count: 228 }] }]);
    expect(s.lateDossiers.byUnit).toEqual([
      { unitName: 'Xã Long Thuận', unitCode: null, level: 'commune', reportingUnit: '870', reportingUnitName: 'Huyện Hồng Ngự', count: 129 },
    ]);
  });

  it('carries the report\'s warnings with their unit and a Vietnamese message', () => {
    expect(s.warnings.map((w) => w.params.number).sort()).toEqual(['217/KH-UBND', '218/KH-UBND', '228/KH-UBND']);
    expect(s.warnings.every((w) => w.unit === '870' && w.code === 'DOC_DATED_AFTER_REPORT' && w.message.includes('có thể nhầm năm'))).toBe(true);
  });

  it('is as of the latest receipt, names the registry version and change sequence, and matches its schema', () => {
    expect(s.asOf).toBe('2021-06-15T02:00:00.000Z');
    expect(s.changeSeq).toBe(1);
    expect(s.registryVersion).toMatch(/\S/);
    expect(s.period).toEqual({ id: '2021-H1', label: '06 tháng đầu năm 2021', cutoffStart: '2020-12-15', cutoffEnd: '2021-06-14', deadline: '2021-06-16' });
    expect(RollupSummary.parse(s)).toEqual(s);
    expect(s.previous).toBeNull();
    expect(s.change).toBeNull();
  });
});

describe('several units', () => {
  const latest = [
    record('870', seed(), { onTime: false, receivedAt: '2021-06-20T01:00:00.000Z' }),
    record('866', variant({ inspected: 3, planned: 4, unitLevel: 40, communeLevel: 30, fields: [['đất  đai', 20], ['Tư pháp', 15]], communes: [['Xã Mỹ Tân', 30]], articles: [1, 2], awards: [1, 2], radio: false })),
    record('877', variant({ inspected: 5, planned: 0, unitLevel: 300, communeLevel: 0, fields: [['Đất đai', 100], ['Tư pháp', 200]], communes: [], articles: [0, 0], awards: [0, 0] }), {
      receivedAt: '2021-06-16T10:00:00.000Z',
    }),
  ];
  const s = computeRollup(input(latest));

  it('sums only the reporting units and marks late ones late', () => {
    expect(s.completeness).toEqual({ expected: 12, reported: 3, onTime: 2, late: 1, missing: 9, unexpected: 0 });
    expect(s.units.find((u) => u.code === '870')!.status).toBe('late');
    expect(s.totals).toMatchObject({ inspected: 18, planned: 16, lateDossiersUnitLevel: 590, lateDossiersCommuneLevel: 213, lateDossiers: 803 });
    expect(s.totals).toMatchObject({ provincialArticles: 5, unitArticles: 7, awardsCollectives: 7, awardsIndividuals: 23, radioColumnUnits: 2 });
    expect(s.asOf).toBe('2021-06-20T01:00:00.000Z');
  });

  it('merges a field written in other case and spacing, most dossiers first', () => {
    expect(s.lateDossiers.byField.map((f) => [f.field, f.total, f.units.map((u) => u.code)])).toEqual([
      ['Đất đai', 348, ['866', '870', '877']],
      ['Tư pháp', 215, ['866', '877']],
    ]);
    expect(s.lateDossiers.byUnit.map((u) => [u.unitName, u.reportingUnit, u.count])).toEqual([
      ['Xã Long Thuận', '870', 129],
      ['Xã Mỹ Tân', '866', 30],
    ]);
  });

  it('gives each reporting unit its figures', () => {
    expect(s.units.find((u) => u.code === '866')!.figures).toMatchObject({
      inspected: 3,
      planned: 4,
      lateDossiersUnitLevel: 40,
      lateDossiersCommuneLevel: 30,
      lateDossiers: 70,
      radioColumn: false,
    });
    expect(s.units.find((u) => u.code === '871')!.figures).toBeNull();
  });

  it('is the same whatever order the records come in', () => {
    const shuffled = computeRollup(input([latest[2]!, latest[0]!, latest[1]!]));
    expect(summaryJson(shuffled)).toBe(summaryJson(s));
  });

  it('uses only the latest version of a report (the store keeps one latest item per unit)', () => {
    const v1 = record('866', variant({ inspected: 99 }), { version: 1 });
    const v2 = record('866', variant({ inspected: 3 }), { version: 2 });
    const r = computeRollup(input([v1, v2]));
    expect(r.totals.inspected).toBe(3);
    expect(r.units.find((u) => u.code === '866')!.version).toBe(2);
  });
});

describe('units that reported without being expected', () => {
  it('are listed with the reason, never counted', () => {
    const latest = [
      record('870', seed()),
      record('880', variant({ inspected: 1000 })), // not in the registry
      record('87', variant({ inspected: 500 })), // the province itself: not a reporting unit
    ];
    const s = computeRollup(input(latest));
    expect(s.completeness).toMatchObject({ expected: 12, reported: 1, unexpected: 2 });
    expect(s.unexpected.map((u) => [u.code, u.reason, u.name])).toEqual([
      ['87', 'not_expected', 'Tỉnh Đồng Tháp'],
      ['880', 'unknown_unit', null],
    ]);
    expect(s.unexpected[1]!.figures.inspected).toBe(1000);
    expect(s.totals.inspected).toBe(10);
  });

  it('2021 district reports are unexpected in a 2025 period, after the districts were dissolved', () => {
    const s = computeRollup(input([record('870', seed(), { period: '2025-Y' })], { period: '2025-Y' }));
    expect(s.completeness.expected).toBe(0);
    expect(s.unexpected).toMatchObject([{ code: '870', reason: 'not_expected' }]);
  });
});

describe('the change against the previous period', () => {
  it('gives current, previous, delta and percent per metric, null where a side has no value', () => {
    const prev = computeRollup(input([record('870', variant({ inspected: 8, unitLevel: 200, fields: [['Đất đai', 150]] }), { period: '2020-H1' })], { period: '2020-H1' }));
    const s = computeRollup(
      input([record('870', seed())], { previous: { period: '2020-H1', runId: 'r', asOf: prev.asOf, totals: { ...prev.totals, dossiersReceived: 7 } } }),
    );
    expect(s.previous).toMatchObject({ period: '2020-H1', runId: 'r' });
    expect(s.change!.inspected).toEqual({ current: 10, previous: 8, delta: 2, percent: 25 });
    expect(s.change!.lateDossiersUnitLevel).toEqual({ current: 250, previous: 200, delta: 50, percent: 25 });
    expect(s.change!.dossiersReceived).toEqual({ current: null, previous: 7, delta: null, percent: null });
  });
});

describe('unit codes', () => {
  it('sort numerically, leading zeros included', () => {
    expect(['1000', '870', '00004', '866', '99'].sort(compareCodes)).toEqual(['00004', '99', '866', '870', '1000']);
  });
});

describe('the files', () => {
  const latest = [record('870', seed()), record('866', variant({ inspected: 3, fields: [['Tư pháp', 15]] }), { onTime: false })];
  const s = computeRollup(input(latest));

  it('are byte-identical when built again, whatever the clock says', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2030-01-01T00:00:00Z'));
    const a = { csv: buildUnitsCsv(s), xlsx: await buildRollupXlsx(s, { runId: 'r1' }), docx: await buildRollupDocx(s, { runId: 'r1' }) };
    vi.setSystemTime(new Date('2031-07-09T13:14:15Z'));
    const b = { csv: buildUnitsCsv(s), xlsx: await buildRollupXlsx(s, { runId: 'r1' }), docx: await buildRollupDocx(s, { runId: 'r1' }) };
    expect(a.csv.equals(b.csv)).toBe(true);
    expect(a.xlsx.equals(b.xlsx)).toBe(true);
    expect(a.docx.equals(b.docx)).toBe(true);
    expect(zipText(a.docx, 'docProps/core.xml')).toContain('2021-06-15T02:00:00Z');
  });

  it('units.csv: BOM, one row per expected unit, Excel-safe quoting', () => {
    const csv = buildUnitsCsv(s);
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = csv.subarray(3).toString('utf8').split('\r\n');
    expect(lines.at(-1)).toBe('');
    expect(lines).toHaveLength(1 + 12 + 1);
    expect(lines[0]).toMatch(/^Mã đơn vị,Tên đơn vị,/);
    expect(lines.find((l) => l.startsWith('870,'))).toBe(
      '870,Huyện Hồng Ngự,Cấp huyện,Đúng hạn,on_time,1,2021-06-15 09:00:00,2021-06-15 09:00:00,10,12,250,183,433,4,5,Có,6,21,3',
    );
    expect(lines.find((l) => l.startsWith('866,'))).toContain(',Trễ hạn,late,1,');
    expect(lines.find((l) => l.startsWith('871,'))).toBe('871,Huyện Tam Nông,Cấp huyện,Chưa báo cáo,missing,,,,,,,,,,,,,,');
  });

  it('rollup.xlsx: the sheets, real numbers, frozen headers, fitted widths', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await buildRollupXlsx(s, { runId: 'r1' })) as never);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Tổng hợp', 'Đơn vị', 'Trễ hạn theo lĩnh vực', 'Trễ hạn theo đơn vị', 'Chưa báo cáo', 'Cảnh báo']);
    for (const ws of wb.worksheets) {
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(ws.getRow(1).getCell(1).font?.bold).toBe(true);
      ws.columns.forEach((c) => expect(c.width).toBeGreaterThanOrEqual(8));
    }
    const units = wb.getWorksheet('Đơn vị')!;
    const row = units.getRows(2, units.rowCount - 1)!.find((r) => r.getCell(1).value === '870')!;
    expect([8, 9, 10, 11, 12].map((i) => row.getCell(i).value)).toEqual([10, 12, 250, 183, 433]);
    expect(row.getCell(6).value).toBeInstanceOf(Date);
    const nameWidth = units.getColumn(2).width!;
    expect(nameWidth).toBeGreaterThanOrEqual('Thành phố Cao Lãnh'.length);
    expect(wb.getWorksheet('Chưa báo cáo')!.rowCount).toBe(1 + 10);
    const summary = wb.getWorksheet('Tổng hợp')!;
    const inspected = summary.getRows(2, 30)!.find((r) => r.getCell(1).value === 'Số cơ quan, đơn vị đã được kiểm tra CCHC')!;
    expect(inspected.getCell(2).value).toBe(13);
    expect(typeof inspected.getCell(2).value).toBe('number');
  });

  it('bao-cao-tong-hop.docx: Decree 30 header, the tables and the numbers', async () => {
    const docx = await buildRollupDocx(s, { runId: 'r1' });
    expect(readZip(docx).map((e) => e.name).slice(0, 2)).toEqual(['[Content_Types].xml', '_rels/.rels']);
    const xml = zipText(docx, 'word/document.xml');
    const text = [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('|');
    for (const needle of ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'BÁO CÁO', 'Kính gửi: Ủy ban nhân dân tỉnh Đồng Tháp', 'SỞ NỘI VỤ', 'Nơi nhận:'])
      expect(text).toContain(needle);
    expect(text).toContain('Tổng số đơn vị phải báo cáo: 12; đã gửi báo cáo: 02 (đúng hạn: 01; trễ hạn: 01); chưa gửi báo cáo: 10.');
    expect(xml).toContain('<w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="1701"');
    expect(xml).toContain('w:ascii="Times New Roman"');
  });

  it('bao-cao-tong-hop.docx of a very large province lists only the units needing attention, pointing to the .xlsx', async () => {
    const docx = await buildRollupDocx(s, { runId: 'r1', maxTableRows: 5 });
    const xml = zipText(docx, 'word/document.xml');
    const text = [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('|');
    expect(text).toContain('Do số đơn vị lớn (12), Bảng 1 chỉ nêu các đơn vị chưa gửi hoặc gửi trễ hạn (5 đơn vị đầu tiên)');
    expect(text).toContain('Bảng 1. Các đơn vị chưa gửi hoặc gửi báo cáo trễ hạn');
    expect(text).not.toContain('|Đúng hạn|');
    // Still all of the full document's totals.
    expect(text).toContain('Tổng số đơn vị phải báo cáo: 12; đã gửi báo cáo: 02');
  });
});
