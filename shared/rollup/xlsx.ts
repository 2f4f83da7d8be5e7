/**
 * rollup.xlsx: the rollup as a workbook for the provincial office. Sheets: the summary
 * (every metric with the previous period and the change), the units (one row per
 * expected unit, then units outside the list), late dossiers by field and by unit,
 * the units that have not reported, and the reports' warnings. Numbers are numbers,
 * times are Excel dates (Asia/Ho_Chi_Minh wall clock); every sheet has a frozen,
 * filterable header row and column widths that fit the content.
 *
 * Deterministic: the workbook's dates come from the data (asOf), and the package is
 * re-zipped with fixed timestamps (exceljs stamps zip entries with the current time).
 */
import ExcelJS from 'exceljs';
import { documentDate, ictWallClock, KIND_LABEL, REASON_LABEL, STATUS_LABEL } from './format.ts';
import { METRICS, type RollupSummary, type UnitFigures } from './schema.ts';
import { normalisePackage } from './zip.ts';

type Value = string | number | Date | null;

interface Column {
  header: string;
  /** Excel number format for the column's cells. */
  numFmt?: string;
  /** Widest the column grows to (characters). */
  max?: number;
}

const DATE_TIME = 'dd/mm/yyyy hh:mm';
const INTEGER = '#,##0';
const PERCENT = '0.0%';
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
const THIN: Partial<ExcelJS.Border> = { style: 'thin', color: { argb: 'FF808080' } };
const HEADER_WRAP_AT = 16;

function displayLength(v: Value, numFmt?: string): number {
  if (v === null) return 0;
  if (v instanceof Date) return 16;
  if (typeof v === 'number') {
    if (numFmt === PERCENT) return 7;
    const digits = String(Math.abs(Math.trunc(v))).length;
    return digits + Math.floor((digits - 1) / 3) + (v < 0 ? 1 : 0) + (Number.isInteger(v) ? 0 : 2);
  }
  let max = 0;
  for (const line of v.split('\n')) max = Math.max(max, line.length);
  return max;
}

/** A table sheet: header row 1 frozen and filterable, widths fitted to the content. */
function tableSheet(
  wb: ExcelJS.Workbook,
  name: string,
  columns: Column[],
  rows: Value[][],
  o: { freezeColumns?: number } = {},
): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name, {
    views: [{ state: 'frozen', xSplit: o.freezeColumns ?? 0, ySplit: 1, topLeftCell: `${o.freezeColumns ? 'B' : 'A'}2`, activeCell: 'A2' }],
  });
  const widths = columns.map((c) => Math.min(c.header.length, HEADER_WRAP_AT));
  for (const row of rows)
    for (let i = 0; i < columns.length; i++) {
      const len = displayLength(row[i] ?? null, columns[i]!.numFmt);
      if (len > widths[i]!) widths[i] = len;
    }
  columns.forEach((c, i) => {
    const col = ws.getColumn(i + 1);
    col.width = Math.min(Math.max(widths[i]! + 2, 8), c.max ?? 60);
    if (c.numFmt) col.numFmt = c.numFmt;
  });
  const header = ws.addRow(columns.map((c) => c.header));
  let lines = 1;
  header.eachCell((cell, i) => {
    cell.font = { bold: true };
    cell.fill = HEADER_FILL;
    cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
    cell.border = { top: THIN, bottom: THIN, left: THIN, right: THIN };
    const width = ws.getColumn(i).width ?? 10;
    lines = Math.max(lines, Math.ceil(columns[i - 1]!.header.length / Math.max(1, width - 2)));
  });
  header.height = 15 * lines + 3;
  ws.addRows(rows);
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: Math.max(1, rows.length + 1), column: columns.length } };
  return ws;
}

const excelDate = (iso: string | null) => (iso ? ictWallClock(iso) : null);

function figureCells(f: UnitFigures | null): Value[] {
  if (!f) return Array(11).fill(null);
  return [
    f.inspected,
    f.planned,
    f.lateDossiersUnitLevel,
    f.lateDossiersCommuneLevel,
    f.lateDossiers,
    f.provincialArticles,
    f.unitArticles,
    f.radioColumn === null ? null : f.radioColumn ? 'Có' : 'Không',
    f.awardsCollectives,
    f.awardsIndividuals,
    f.warnings,
  ];
}

export interface XlsxContext {
  runId: string;
}

export async function buildRollupXlsx(s: RollupSummary, ctx: XlsxContext): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const when = s.asOf ? new Date(s.asOf) : new Date(`${s.period.deadline}T00:00:00Z`);
  wb.creator = 'CCHC report hub';
  wb.lastModifiedBy = 'CCHC report hub';
  wb.created = when;
  wb.modified = when;
  wb.lastPrinted = when;
  wb.title = `Tổng hợp báo cáo CCHC ${s.period.label} - ${s.province.name}`;
  wb.subject = `CCHC ${s.province.code} ${s.period.id}`;
  wb.keywords = `CCHC; ${s.province.code}; ${s.period.id}; ${ctx.runId}`;
  wb.calcProperties = { fullCalcOnLoad: false };

  // 1. The summary: every metric, with the previous period and the change.
  const prev = s.previous;
  const summaryRows: Value[][] = METRICS.map(([key, label]) => {
    const ch = s.change?.[key];
    return [label, s.totals[key], prev ? prev.totals[key] : null, ch?.delta ?? null, ch?.percent == null ? null : ch.percent / 100];
  });
  const ld = s.lateDossiers.byLevel;
  const info: Value[][] = [
    [],
    ['Tỉnh', `${s.province.name} (${s.province.code})`],
    ['Kỳ báo cáo', `${s.period.label} (${s.period.id})`],
    ['Số liệu tính đến (giờ Việt Nam)', excelDate(s.asOf) ?? 'Chưa có báo cáo'],
    ['Hạn gửi báo cáo', new Date(`${s.period.deadline}T00:00:00Z`)],
    ['Kỳ so sánh', prev ? prev.period : 'Chưa có số liệu kỳ trước'],
    ['Cấp của hồ sơ trễ hạn', ld.map((l) => `${l.level}: ${l.label}`).join('; ')],
    ['Phiên bản danh mục đơn vị', s.registryVersion],
    ['Mã lần tổng hợp', ctx.runId],
  ];
  const summary = tableSheet(
    wb,
    'Tổng hợp',
    [
      { header: 'Chỉ tiêu', max: 60 },
      { header: 'Kỳ này', numFmt: INTEGER },
      { header: 'Kỳ trước', numFmt: INTEGER },
      { header: 'Tăng (+), giảm (-)', numFmt: '+#,##0;-#,##0;0' },
      { header: 'Tỷ lệ thay đổi', numFmt: PERCENT },
    ],
    summaryRows,
  );
  const firstInfo = summary.rowCount + 1;
  summary.addRows(info);
  for (let r = firstInfo; r <= summary.rowCount; r++) {
    const row = summary.getRow(r);
    row.getCell(1).font = { bold: true };
    const b = row.getCell(2);
    if (b.value instanceof Date) b.numFmt = r === firstInfo + 3 ? DATE_TIME : 'dd/mm/yyyy';
    b.alignment = { horizontal: 'left' };
  }

  // 2. The units.
  const unitRows: Value[][] = [
    ...s.units.map((u) => [
      u.code,
      u.name,
      KIND_LABEL[u.kind] ?? u.kind,
      STATUS_LABEL[u.status],
      u.version,
      excelDate(u.firstReceivedAt),
      excelDate(u.receivedAt),
      ...figureCells(u.figures),
    ]),
    ...s.unexpected.map((u) => [
      u.code,
      u.name ?? '',
      REASON_LABEL[u.reason],
      STATUS_LABEL.unexpected,
      u.version,
      excelDate(u.firstReceivedAt),
      excelDate(u.receivedAt),
      ...figureCells(u.figures),
    ]),
  ];
  tableSheet(
    wb,
    'Đơn vị',
    [
      { header: 'Mã đơn vị' },
      { header: 'Tên đơn vị', max: 45 },
      { header: 'Loại đơn vị', max: 30 },
      { header: 'Tình trạng', max: 26 },
      { header: 'Phiên bản', numFmt: INTEGER },
      { header: 'Nhận lần đầu', numFmt: DATE_TIME },
      { header: 'Nhận bản mới nhất', numFmt: DATE_TIME },
      { header: 'Đã kiểm tra', numFmt: INTEGER },
      { header: 'Dự kiến kiểm tra', numFmt: INTEGER },
      { header: 'Trễ hạn tại đơn vị', numFmt: INTEGER },
      { header: 'Trễ hạn cấp xã', numFmt: INTEGER },
      { header: 'Tổng hồ sơ trễ hạn', numFmt: INTEGER },
      { header: 'Tin bài Trang tin CCHC Tỉnh', numFmt: INTEGER },
      { header: 'Tin bài trang đơn vị', numFmt: INTEGER },
      { header: 'Chuyên mục phát thanh' },
      { header: 'Khen thưởng tập thể', numFmt: INTEGER },
      { header: 'Khen thưởng cá nhân', numFmt: INTEGER },
      { header: 'Số cảnh báo', numFmt: INTEGER },
    ],
    unitRows,
    { freezeColumns: 2 },
  );

  // 3. Late dossiers by field.
  const lateTotal = s.totals.lateDossiers ?? 0;
  tableSheet(
    wb,
    'Trễ hạn theo lĩnh vực',
    [
      { header: 'Lĩnh vực', max: 50 },
      { header: 'Số hồ sơ trễ hạn', numFmt: INTEGER },
      { header: 'Số đơn vị có hồ sơ trễ hạn', numFmt: INTEGER },
      { header: 'Tỷ lệ trên tổng số hồ sơ trễ hạn', numFmt: PERCENT },
    ],
    s.lateDossiers.byField.map((f) => [f.field, f.total, f.units.length, lateTotal > 0 ? f.total / lateTotal : null]),
  );

  // 4. Late dossiers by unit (communes and other sub-units).
  const levelLabel = new Map(ld.map((l) => [l.level, l.label]));
  tableSheet(
    wb,
    'Trễ hạn theo đơn vị',
    [
      { header: 'Đơn vị', max: 45 },
      { header: 'Mã đơn vị' },
      { header: 'Cấp', max: 24 },
      { header: 'Thuộc đơn vị báo cáo', max: 45 },
      { header: 'Mã đơn vị báo cáo' },
      { header: 'Số hồ sơ trễ hạn', numFmt: INTEGER },
    ],
    s.lateDossiers.byUnit.map((u) => [u.unitName, u.unitCode, levelLabel.get(u.level) ?? u.level, u.reportingUnitName, u.reportingUnit, u.count]),
  );

  // 5. Units that have not reported.
  tableSheet(
    wb,
    'Chưa báo cáo',
    [{ header: 'Mã đơn vị' }, { header: 'Tên đơn vị', max: 45 }, { header: 'Loại đơn vị', max: 30 }],
    s.units.filter((u) => u.status === 'missing').map((u) => [u.code, u.name, KIND_LABEL[u.kind] ?? u.kind]),
  );

  // 6. Warnings carried by the reports.
  tableSheet(
    wb,
    'Cảnh báo',
    [
      { header: 'Mã đơn vị' },
      { header: 'Tên đơn vị', max: 40 },
      { header: 'Phiên bản', numFmt: INTEGER },
      { header: 'Mã cảnh báo', max: 28 },
      { header: 'Vị trí', max: 50 },
      { header: 'Nội dung', max: 90 },
    ],
    s.warnings.map((w) => [w.unit, w.unitName, w.version, w.code, w.path, w.message]),
  );

  // No compression here: the package is deflated once, deterministically, below.
  const packed = Buffer.from(await wb.xlsx.writeBuffer({ zip: { compression: 'STORE' } } as ExcelJS.XlsxWriteOptions));
  return normalisePackage(packed, documentDate(s));
}
