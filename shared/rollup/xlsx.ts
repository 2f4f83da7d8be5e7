/**
 * rollup.xlsx: the rollup as a workbook for the provincial office. Sheets: the summary
 * (completeness and every indicator's total with its coverage, the previous period and
 * the change), the units (the shared unit row of format.ts: every indicator and level),
 * totals by level, breakdown rows (by field, by sub-unit), the units that have not
 * reported, the units' own words (the annex), and the data-quality checks in plain
 * Vietnamese (the unit's name and the field's label, never codes or JSON paths). Numbers
 * are numbers, times are Excel dates (Asia/Ho_Chi_Minh wall clock); every sheet has a
 * frozen, filterable header row and fitted column widths, and prints well: A4, landscape
 * when wide, fitted to the page width (or a few pages when very wide), the header row
 * and the unit's code and name repeated on every printed page. A text that a later save
 * as CSV would turn into a formula (= + - @) carries the quote-prefix style.
 *
 * The SpreadsheetML parts are written directly (shared strings, one styles part)
 * rather than through exceljs's object model: at 10,000 units exceljs took seconds,
 * longer than reading the reports. exceljs reads these files back in the tests.
 * Deterministic: the workbook's dates come from the data (asOf), and the zip has fixed
 * timestamps.
 */
import { groupDigits, ictLong, vnDate, xmlEscape as esc } from '../format/vi.ts';
import { AGGREGATE_LABEL, documentDate, indicatorName, KIND_LABEL, unitColumns, unitRows, type UnitColumn } from './format.ts';
import type { RollupSummary } from './schema.ts';
import { deflating, writeZipAsync, type PendingEntry, type ZipEntry } from '../documents/zip.ts';

/** Cell values; times are Excel serial numbers in a date-styled column (see excelDate). */
type Value = string | number | null;
/** A cell with an explicit style (see STYLE). */
type Styled = { v: Value; s: number };
type Cell = Value | Styled;

/** Indexes into cellXfs of the styles part below. */
const STYLE = {
  general: 0,
  header: 1,
  integer: 2,
  dateTime: 3,
  percent: 4,
  signed: 5,
  date: 6,
  bold: 7,
  quoted: 8,
  wrap: 9,
  wrapQuoted: 10,
  decimal: 11,
} as const;

const STYLES_XML =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
  '<numFmts count="4">' +
  '<numFmt numFmtId="164" formatCode="dd/mm/yyyy hh:mm"/>' +
  '<numFmt numFmtId="165" formatCode="0.0%"/>' +
  '<numFmt numFmtId="166" formatCode="+#,##0.##;-#,##0.##;0"/>' +
  '<numFmt numFmtId="167" formatCode="dd/mm/yyyy"/>' +
  '</numFmts>' +
  '<fonts count="2">' +
  '<font><sz val="11"/><color rgb="FF000000"/><name val="Calibri"/><family val="2"/></font>' +
  '<font><b/><sz val="11"/><color rgb="FF000000"/><name val="Calibri"/><family val="2"/></font>' +
  '</fonts>' +
  '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>' +
  '<fill><patternFill patternType="solid"><fgColor rgb="FFD9E1F2"/><bgColor indexed="64"/></patternFill></fill></fills>' +
  '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>' +
  '<border><left style="thin"><color rgb="FF808080"/></left><right style="thin"><color rgb="FF808080"/></right>' +
  '<top style="thin"><color rgb="FF808080"/></top><bottom style="thin"><color rgb="FF808080"/></bottom><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="12">' +
  '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>' +
  '<xf numFmtId="3" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '<xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '<xf numFmtId="167" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>' +
  '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1"/>' +
  '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>' +
  '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1" quotePrefix="1"><alignment vertical="top" wrapText="1"/></xf>' +
  '<xf numFmtId="4" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '</cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
  '</styleSheet>';

/** A cell's style attribute, by index into cellXfs (0, the default, is written as nothing). */
const STYLE_ATTR = Array.from({ length: Object.keys(STYLE).length }, (_, i) => (i ? ` s="${i}"` : ''));

/** A text Excel would take for a formula once saved in another format: kept as text by the quote prefix. */
const FORMULA_LIKE = /^[=+\-@]/;

function columnName(i: number): string {
  let n = i + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

const EXCEL_EPOCH = Date.UTC(1899, 11, 30);
const ICT_OFFSET_MS = 7 * 3_600_000;

/**
 * An append-only byte buffer. The sheet XML goes straight to bytes: at 10,000 units the
 * units sheet has over a million cells, and making a string of each cell and row made
 * the garbage collector the workbook's largest cost. Short pieces and integers are
 * written byte by byte, which makes no garbage at all.
 */
class Bytes {
  private buf: Buffer;
  private len = 0;
  /** `size`: the bytes expected, so that a large sheet is not copied as it grows. */
  constructor(size = 256 * 1024) {
    this.buf = Buffer.allocUnsafe(size);
  }
  private room(n: number): void {
    const need = this.len + n;
    if (need > this.buf.length) {
      const next = Buffer.allocUnsafe(Math.max(need, this.buf.length * 2));
      this.buf.copy(next, 0, 0, this.len);
      this.buf = next;
    }
  }
  /** ASCII text: sheet XML is ASCII (text lives in the shared strings), one byte per character. */
  add(s: string): void {
    const n = s.length;
    this.room(n);
    if (n > 32) {
      this.len += this.buf.write(s, this.len, 'latin1');
      return;
    }
    const b = this.buf;
    let at = this.len;
    for (let i = 0; i < n; i++) b[at++] = s.charCodeAt(i);
    this.len = at;
  }
  /** A number as JavaScript prints it (`${v}`): a safe non-negative integer digit by digit. */
  num(v: number): void {
    if (!(v >= 0 && v <= Number.MAX_SAFE_INTEGER && Number.isInteger(v))) {
      this.add(String(v));
      return;
    }
    const digits = digitCount(v);
    this.room(digits);
    const b = this.buf;
    let at = this.len + digits;
    this.len = at;
    do {
      const q = Math.floor(v / 10);
      b[--at] = 48 + (v - q * 10);
      v = q;
    } while (v > 0);
  }
  bytes(): Buffer {
    return this.buf.subarray(0, this.len);
  }
}

class SharedStrings {
  private readonly index = new Map<string, number>();
  private readonly list: string[] = [];
  count = 0;
  id(s: string): number {
    this.count++;
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.list.length;
      this.index.set(s, i);
      this.list.push(s);
    }
    return i;
  }
  xml(): string {
    const parts = this.list.map((s) =>
      /^\s|\s$/.test(s) ? `<si><t xml:space="preserve">${esc(s)}</t></si>` : `<si><t>${esc(s)}</t></si>`,
    );
    return (
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
      `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${this.count}" uniqueCount="${this.list.length}">${parts.join('')}</sst>`
    );
  }
}

interface Column {
  header: string;
  /** Style of the column's cells (numbers and dates). */
  style?: number;
  /** Widest the column grows to (characters). */
  max?: number;
}

interface Sheet {
  name: string;
  columns: Column[];
  /** The table's rows: an array, or rows made as they are written (the units sheet) with their count. */
  rows: Cell[][] | { count: number; each: Iterable<Cell[]> };
  /** Rows after the table (outside the filter), e.g. notes. */
  after?: Cell[][];
  freezeColumns?: number;
  /** Leading columns printed on every page (the unit's code and name). */
  printColumns?: number;
}

/** Characters of column width that fit across A4 at 100 % (margins 0.5"), portrait and landscape. */
const PORTRAIT_CHARS = 100;
const LANDSCAPE_CHARS = 150;
/** Below this scale a printout is hard to read: wider sheets print on more pages across. */
const MIN_SCALE = 0.6;

/** Orientation and pages across for a sheet of these column widths. */
export function printLayout(widths: readonly number[], titleWidth: number): { orientation: 'portrait' | 'landscape'; pagesWide: number } {
  const total = widths.reduce((a, w) => a + w, 0);
  if (total <= PORTRAIT_CHARS) return { orientation: 'portrait', pagesWide: 1 };
  const perPage = LANDSCAPE_CHARS / MIN_SCALE;
  if (total <= perPage) return { orientation: 'landscape', pagesWide: 1 };
  // Each further page repeats the title columns.
  return { orientation: 'landscape', pagesWide: Math.ceil((total - titleWidth) / Math.max(1, perPage - titleWidth)) };
}

const HEADER_WRAP_AT = 16;

/** Decimal digits of a non-negative integer, without making a string of it. */
function digitCount(n: number): number {
  let d = 1;
  while (n >= 10) {
    n = Math.floor(n / 10);
    d++;
  }
  return d;
}

function displayLength(v: Value, style: number | undefined): number {
  if (v === null) return 0;
  if (typeof v === 'string') return v.length;
  if (style === STYLE.dateTime) return 16;
  if (style === STYLE.date) return 10;
  if (style === STYLE.percent) return 7;
  const digits = digitCount(Math.trunc(Math.abs(v)));
  return digits + Math.floor((digits - 1) / 3) + (v < 0 || style === STYLE.signed ? 1 : 0) + (Number.isInteger(v) ? 0 : 3);
}

/** Fast deflate for the large parts: at 10,000 units level 6 costs four times level 1 for a quarter less size. */
const zipLevel = (data: Buffer) => (data.length > 256 * 1024 ? 1 : 6);

const rowCount = (sh: Sheet) => (Array.isArray(sh.rows) ? sh.rows.length : sh.rows.count);
const rowsOf = (sh: Sheet): Iterable<Cell[]> => (Array.isArray(sh.rows) ? sh.rows : sh.rows.each);

function sheetXml(sheet: Sheet, strings: SharedStrings, selected: boolean): Buffer {
  const cols = sheet.columns;
  const n = cols.length;
  const names = cols.map((_, i) => columnName(i));
  // The header's strings come first in the shared strings, as the header row comes first in the sheet.
  const headerIds = cols.map((c) => strings.id(c.header));
  // Widths: the widest value, the header wrapping at HEADER_WRAP_AT, within [8, max]. The
  // rows are written once, into `body`, measuring as they go; the part before them (which
  // holds the widths) is written after.
  const widths = cols.map((c) => Math.min(c.header.length, HEADER_WRAP_AT));
  const styleAttr = (st: number | undefined) => (st ? STYLE_ATTR[st]! : '');
  const colStyles = cols.map((c) => styleAttr(c.style));
  const plain = cols.map(() => '');
  // Text cells: wrapped where the column wraps; quote-prefixed when they look like a formula.
  const textStyle = cols.map((c) =>
    c.style === STYLE.wrap ? [STYLE_ATTR[STYLE.wrap]!, STYLE_ATTR[STYLE.wrapQuoted]!] : ['', STYLE_ATTR[STYLE.quoted]!],
  );
  // About 30 bytes a cell (`<c r="AB1234" s="2"><v>1234</v></c>`).
  const body = new Bytes(Math.max(64 * 1024, (rowCount(sheet) + (sheet.after?.length ?? 0)) * n * 32));
  const cellStart = (i: number, r: number, st: string) => {
    body.add('<c r="');
    body.add(names[i]!);
    body.num(r);
    body.add('"');
    body.add(st);
  };
  let r = 1;
  const tableRows = rowsOf(sheet);
  for (const rows of [tableRows, sheet.after ?? []]) {
    const table = rows === tableRows;
    const styles = table ? colStyles : plain;
    for (const row of rows) {
      r++;
      body.add('<row r="');
      body.num(r);
      body.add('">');
      for (let i = 0; i < row.length && i < n; i++) {
        const c = row[i];
        if (c === null || c === undefined) continue;
        const styled = typeof c === 'object';
        const v: Value = styled ? c.v : c;
        if (v === null || v === undefined) continue;
        const st = styled ? styleAttr(c.s) : styles[i]!;
        if (table) {
          const len = displayLength(v, styled ? c.s : cols[i]!.style);
          if (len > widths[i]!) widths[i] = len;
        }
        if (typeof v === 'number') {
          cellStart(i, r, st);
          body.add('><v>');
          body.num(v);
          body.add('</v></c>');
        } else {
          // A styled text keeps its style; a plain one takes the column's text style.
          cellStart(i, r, styled ? st : textStyle[i]![FORMULA_LIKE.test(v) ? 1 : 0]!);
          body.add(' t="s"><v>');
          body.num(strings.id(v));
          body.add('</v></c>');
        }
      }
      body.add('</row>');
    }
  }
  const finalWidths = widths.map((w, i) => Math.min(Math.max(w + 2, 8), cols[i]!.max ?? 60));
  const headerLines = Math.max(...cols.map((c, i) => Math.ceil(c.header.length / Math.max(1, finalWidths[i]! - 2))));

  // The part before the rows (it holds the widths), then the rows, then the part after them.
  const head = new Bytes(64 * 1024);
  const total = 1 + rowCount(sheet) + (sheet.after?.length ?? 0);
  const lastCol = names[names.length - 1]!;
  head.add(
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
      '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
      '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>' +
      `<dimension ref="A1:${lastCol}${total}"/>`,
  );
  const x = sheet.freezeColumns ?? 0;
  const topLeft = `${columnName(x)}2`;
  const pane = x > 0 ? 'bottomRight' : 'bottomLeft';
  head.add(
    `<sheetViews><sheetView workbookViewId="0"${selected ? ' tabSelected="1"' : ''}>` +
      `<pane${x > 0 ? ` xSplit="${x}"` : ''} ySplit="1" topLeftCell="${topLeft}" activePane="${pane}" state="frozen"/>` +
      `<selection pane="${pane}" activeCell="${topLeft}" sqref="${topLeft}"/></sheetView></sheetViews>`,
  );
  head.add('<sheetFormatPr defaultRowHeight="15"/><cols>');
  finalWidths.forEach((w, i) => head.add(`<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`));
  head.add('</cols><sheetData>');
  head.add(`<row r="1" ht="${15 * headerLines + 3}" customHeight="1">`);
  headerIds.forEach((id, i) => head.add(`<c r="${names[i]}1" s="${STYLE.header}" t="s"><v>${id}</v></c>`));
  head.add('</row>');
  const tail = new Bytes(4 * 1024);
  tail.add('</sheetData>');
  tail.add(`<autoFilter ref="A1:${lastCol}${1 + rowCount(sheet)}"/>`);
  const titleWidth = finalWidths.slice(0, sheet.printColumns ?? 0).reduce((a, w) => a + w, 0);
  const { orientation, pagesWide } = printLayout(finalWidths, titleWidth);
  tail.add('<pageMargins left="0.5" right="0.5" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>');
  tail.add(`<pageSetup paperSize="9" orientation="${orientation}" fitToWidth="${pagesWide}" fitToHeight="0"/>`);
  // The page number and the sheet's name at the foot of every printed page.
  tail.add('<headerFooter><oddFooter>&amp;L&amp;A&amp;RTrang &amp;P/&amp;N</oddFooter></headerFooter></worksheet>');
  return Buffer.concat([head.bytes(), body.bytes(), tail.bytes()]);
}

/** Excel's serial date of an instant, as the wall clock in Asia/Ho_Chi_Minh shows it. */
const excelDate = (iso: string | null) => (iso ? (Date.parse(iso) + ICT_OFFSET_MS - EXCEL_EPOCH) / 86_400_000 : null);
const I = STYLE.integer;

/**
 * The shared unit rows as xlsx rows, each made as it is written and changed in place:
 * times as Excel dates, decimals with two places. Rows that die young cost the garbage
 * collector little; ten thousand rows held until the end cost it most of the sheet's time.
 */
function* xlsxUnitRows(s: RollupSummary, columns: readonly UnitColumn[]): Generator<Cell[]> {
  const time = columns.map((c) => c.kind === 'dateTime');
  for (const row of unitRows(s)) {
    const out = row as Cell[];
    for (let i = 0; i < row.length; i++) {
      const v = row[i]!;
      if (time[i]) out[i] = excelDate(v as string | null);
      else if (typeof v === 'number' && !Number.isInteger(v)) out[i] = { v, s: STYLE.decimal };
    }
    yield out;
  }
}

/** A number the indicator's type prints with decimals (percent, decimal) or as a count. */
const figure = (v: number | null | undefined): Cell =>
  v === null || v === undefined ? null : Number.isInteger(v) ? v : { v, s: STYLE.decimal };

/** The workbook's sheets, from the summary. */
function sheets(s: RollupSummary, runId: string): Sheet[] {
  const cmp = s.comparison;
  const names = new Map([...s.units, ...s.unexpected].map((u) => [u.code, u.name ?? u.code]));
  const nameList = (codes: readonly string[]) => codes.map((c) => names.get(c) ?? c).join('; ');
  const change = (c: { previous: number | null; delta: number | null; percent: number | null } | undefined): Cell[] => [
    figure(c?.previous),
    c?.delta == null ? null : { v: c.delta, s: STYLE.signed },
    c?.percent == null ? null : { v: c.percent / 100, s: STYLE.percent },
  ];
  const completeness: [keyof RollupSummary['completeness'], string][] = [
    ['expected', 'Số đơn vị phải báo cáo'],
    ['reported', 'Số đơn vị đã gửi báo cáo'],
    ['onTime', 'Số đơn vị gửi đúng hạn'],
    ['late', 'Số đơn vị gửi trễ hạn'],
    ['missing', 'Số đơn vị chưa gửi báo cáo'],
  ];
  const reviewRows: ['accepted' | 'submitted' | 'returned', string][] = [
    ['accepted', 'Số báo cáo đã duyệt'],
    ['submitted', 'Số báo cáo chờ duyệt'],
    ['returned', 'Số báo cáo bị trả lại'],
  ];
  const unitCols = unitColumns(s);
  const listedByUnit = new Map<string, number>();
  for (const q of s.dataQuality.items) listedByUnit.set(q.unit, (listedByUnit.get(q.unit) ?? 0) + 1);
  return [
    {
      name: 'Tổng hợp',
      columns: [
        { header: 'Chỉ tiêu', max: 60, style: STYLE.wrap },
        { header: 'Kỳ này', style: I },
        { header: 'Số đơn vị có số liệu', style: I },
        { header: 'Kỳ trước', style: I },
        { header: 'Tăng (+), giảm (-)', style: STYLE.signed },
        { header: 'Tỷ lệ thay đổi', style: STYLE.percent },
        { header: 'Cách tổng hợp', max: 24 },
        { header: 'Đơn vị chưa có số liệu', max: 50, style: STYLE.wrap },
        { header: 'Mã chỉ tiêu', max: 30 },
      ],
      rows: [
        ...completeness.map(([k, label]): Cell[] => [label, s.completeness[k], null, ...change(cmp?.completeness[k])]),
        ...reviewRows.map(([k, label]): Cell[] => [label, s.review[k], null, null, null, null]),
        ...s.indicators.map((i): Cell[] => [
          indicatorName(i),
          figure(i.total),
          i.coverage.units,
          ...change(cmp?.indicators[i.code]),
          AGGREGATE_LABEL[i.aggregate] ?? i.aggregate,
          i.coverage.notCovered.length ? nameList(i.coverage.notCovered) : null,
          i.code,
        ]),
      ],
      after: [
        [],
        [{ v: 'Tỉnh', s: STYLE.bold }, `${s.province.name} (${s.province.code})`],
        [{ v: 'Kỳ báo cáo', s: STYLE.bold }, `${s.period.label} (${s.period.id})`],
        // Notes are text: it runs over the empty cells to its right.
        [{ v: 'Số liệu tính đến (giờ Việt Nam)', s: STYLE.bold }, s.asOf ? ictLong(s.asOf) : 'Chưa có báo cáo'],
        [{ v: 'Hạn gửi báo cáo', s: STYLE.bold }, vnDate(s.period.deadline)],
        [{ v: 'Kỳ so sánh', s: STYLE.bold }, cmp ? (cmp.comparable ? cmp.period : (cmp.note ?? cmp.period)) : 'Chưa có số liệu kỳ trước'],
        ...s.forms.map((f): Cell[] => [
          { v: 'Biểu mẫu', s: STYLE.bold },
          `${f.title ?? 'Biểu mẫu không xác định'} (${f.form}): ${groupDigits(f.units.length)} đơn vị`,
        ]),
        [{ v: 'Phiên bản danh mục đơn vị', s: STYLE.bold }, s.registryVersion],
        [{ v: 'Mã lần tổng hợp', s: STYLE.bold }, runId],
      ],
    },
    {
      name: 'Đơn vị',
      freezeColumns: 2,
      printColumns: 2,
      columns: unitCols.map((c) => ({
        header: c.header,
        ...(c.max ? { max: c.max } : {}),
        ...(c.kind === 'dateTime' ? { style: STYLE.dateTime } : c.kind === 'number' ? { style: I } : {}),
      })),
      rows: { count: s.units.length + s.unexpected.length, each: xlsxUnitRows(s, unitCols) },
    },
    {
      name: 'Theo cấp',
      columns: [
        { header: 'Chỉ tiêu', max: 50, style: STYLE.wrap },
        { header: 'Cấp', max: 24 },
        { header: 'Tổng', style: I },
        { header: 'Số đơn vị có số liệu', style: I },
        { header: 'Đơn vị chưa có số liệu', max: 50, style: STYLE.wrap },
      ],
      rows: s.indicators.flatMap((i) =>
        i.levels.map((l): Cell[] => [
          indicatorName(i),
          l.label,
          figure(l.total),
          l.coverage.units,
          l.coverage.notCovered.length ? nameList(l.coverage.notCovered) : null,
        ]),
      ),
    },
    {
      name: 'Phân tổ',
      columns: [
        { header: 'Chỉ tiêu', max: 45, style: STYLE.wrap },
        { header: 'Phân tổ', max: 24 },
        { header: 'Cấp', max: 20 },
        { header: 'Tên', max: 40 },
        { header: 'Tổng', style: I },
        { header: 'Số đơn vị', style: I },
        { header: 'Đơn vị báo cáo', max: 45, style: STYLE.wrap },
      ],
      rows: s.indicators.flatMap((i) =>
        i.breakdowns.flatMap((b) =>
          b.rows.map((r): Cell[] => [
            indicatorName(i),
            b.label,
            b.levelLabel,
            r.label,
            figure(r.total),
            r.units.length,
            nameList(r.units.map((u) => u.code)),
          ]),
        ),
      ),
    },
    {
      name: 'Chưa báo cáo',
      printColumns: 2,
      columns: [{ header: 'Mã đơn vị' }, { header: 'Tên đơn vị', max: 45 }, { header: 'Loại đơn vị', max: 30 }],
      rows: s.units.filter((u) => u.status === 'missing').map((u) => [u.code, u.name, KIND_LABEL[u.kind] ?? u.kind]),
    },
    {
      name: 'Ý kiến đơn vị',
      printColumns: 0,
      columns: [
        { header: 'Nội dung', max: 22 },
        { header: 'Mã đơn vị' },
        { header: 'Tên đơn vị', max: 30, style: STYLE.wrap },
        { header: 'Mục trong báo cáo', max: 30, style: STYLE.wrap },
        { header: 'Ý kiến của đơn vị (nguyên văn)', max: 90, style: STYLE.wrap },
      ],
      rows: s.annex.flatMap((a) => a.entries.flatMap((e) => e.texts.map((t): Cell[] => [a.label, e.unit, e.unitName, e.title, t]))),
    },
    {
      name: 'Kiểm tra số liệu',
      printColumns: 2,
      columns: [
        { header: 'Mã đơn vị' },
        { header: 'Tên đơn vị', max: 30, style: STYLE.wrap },
        { header: 'Phiên bản', style: I },
        { header: 'Nội dung cần xem lại', max: 40, style: STYLE.wrap },
        { header: 'Nhận xét', max: 80, style: STYLE.wrap },
      ],
      rows: [
        ...s.dataQuality.items.map((q): Cell[] => [q.unit, q.unitName, q.version, q.field, q.message]),
        // Checks beyond those kept with the report are counted, not listed.
        ...s.units.flatMap((u): Cell[][] => {
          const listed = listedByUnit.get(u.code) ?? 0;
          const more = (u.figures?.warnings ?? 0) - listed;
          return more > 0
            ? [[u.code, u.name, u.version, 'Các nội dung khác', `Còn ${groupDigits(more)} điểm cần xem lại, không liệt kê.`]]
            : [];
        }),
      ],
    },
  ];
}

const quoteSheet = (name: string) => `'${name.replace(/'/g, "''")}'`;

export interface XlsxContext {
  runId: string;
}

export async function buildRollupXlsx(s: RollupSummary, ctx: XlsxContext): Promise<Buffer> {
  const list = sheets(s, ctx.runId);
  const strings = new SharedStrings();
  // Each sheet is deflated (off the event loop) while the next one is written.
  const sheetParts = list.map((sh, i) => {
    const data = sheetXml(sh, strings, i === 0);
    return deflating({ name: `xl/worksheets/sheet${i + 1}.xml`, data }, zipLevel(data));
  });
  const when = s.asOf ? `${s.asOf.slice(0, 19)}Z` : `${s.period.deadline}T00:00:00Z`;
  const title = `Tổng hợp báo cáo CCHC ${s.period.label} - ${s.province.name}`;
  const head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
  const entries: (ZipEntry | PendingEntry)[] = [
    {
      name: '[Content_Types].xml',
      data: Buffer.from(
        head +
          '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
          '<Default Extension="xml" ContentType="application/xml"/>' +
          '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
          list
            .map(
              (_, i) =>
                `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
            )
            .join('') +
          '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
          '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>' +
          '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
          '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>' +
          '</Types>',
      ),
    },
    {
      name: '_rels/.rels',
      data: Buffer.from(
        head +
          '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
          '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>' +
          '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>' +
          '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>' +
          '</Relationships>',
      ),
    },
    {
      name: 'docProps/core.xml',
      data: Buffer.from(
        head +
          '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" ' +
          'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
          `<dc:title>${esc(title)}</dc:title><dc:subject>${esc(`CCHC ${s.province.code} ${s.period.id}`)}</dc:subject>` +
          `<dc:creator>CCHC report hub</dc:creator><cp:keywords>${esc(`CCHC; ${s.province.code}; ${s.period.id}; ${ctx.runId}`)}</cp:keywords>` +
          '<cp:lastModifiedBy>CCHC report hub</cp:lastModifiedBy>' +
          `<dcterms:created xsi:type="dcterms:W3CDTF">${when}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${when}</dcterms:modified>` +
          '</cp:coreProperties>',
      ),
    },
    {
      name: 'docProps/app.xml',
      data: Buffer.from(
        head +
          '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">' +
          '<Application>Microsoft Excel</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>' +
          `<HeadingPairs><vt:vector size="2" baseType="variant"><vt:variant><vt:lpstr>Worksheets</vt:lpstr></vt:variant><vt:variant><vt:i4>${list.length}</vt:i4></vt:variant></vt:vector></HeadingPairs>` +
          `<TitlesOfParts><vt:vector size="${list.length}" baseType="lpstr">${list.map((sh) => `<vt:lpstr>${esc(sh.name)}</vt:lpstr>`).join('')}</vt:vector></TitlesOfParts>` +
          '<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged><AppVersion>16.0300</AppVersion></Properties>',
      ),
    },
    {
      name: 'xl/workbook.xml',
      data: Buffer.from(
        head +
          '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
          '<workbookPr/><bookViews><workbookView xWindow="0" yWindow="0" windowWidth="28800" windowHeight="15000" activeTab="0"/></bookViews><sheets>' +
          list.map((sh, i) => `<sheet name="${esc(sh.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('') +
          '</sheets><definedNames>' +
          list
            .map(
              (sh, i) =>
                `<definedName name="_xlnm._FilterDatabase" localSheetId="${i}" hidden="1">${esc(quoteSheet(sh.name))}!$A$1:$${columnName(sh.columns.length - 1)}$${1 + rowCount(sh)}</definedName>`,
            )
            .join('') +
          // The header row on every printed page, and the unit's code and name where the sheet lists units.
          list
            .map((sh, i) => {
              const cols = sh.printColumns ? `${esc(quoteSheet(sh.name))}!$A:$${columnName(sh.printColumns - 1)},` : '';
              return `<definedName name="_xlnm.Print_Titles" localSheetId="${i}">${cols}${esc(quoteSheet(sh.name))}!$1:$1</definedName>`;
            })
            .join('') +
          '</definedNames><calcPr calcId="191029"/></workbook>',
      ),
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: Buffer.from(
        head +
          '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
          list
            .map(
              (_, i) =>
                `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
            )
            .join('') +
          `<Relationship Id="rId${list.length + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
          `<Relationship Id="rId${list.length + 2}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>` +
          '</Relationships>',
      ),
    },
    ...sheetParts,
    { name: 'xl/styles.xml', data: Buffer.from(STYLES_XML) },
    { name: 'xl/sharedStrings.xml', data: Buffer.from(strings.xml(), 'utf8') },
  ];
  return writeZipAsync(entries, documentDate(s), (e) => zipLevel(e.data));
}
