/**
 * Labels, the unit row and file names shared by the rollup's CSV, XLSX and DOCX outputs.
 * Numbers, dates and times are formatted by shared/format/vi.ts.
 */
import { ictWallClock } from '../format/vi.ts';
import type { IndicatorTotal, RollupSummary, UnitFigures, UnitValue } from './schema.ts';

export const STATUS_LABEL: Record<'on_time' | 'late' | 'missing' | 'unexpected', string> = {
  on_time: 'Đúng hạn',
  late: 'Trễ hạn',
  missing: 'Chưa báo cáo',
  unexpected: 'Không thuộc diện báo cáo',
};

/** The province's review, as the files print it (the same words as the app and the messages). */
export const REVIEW_LABEL: Record<'submitted' | 'accepted' | 'returned', string> = {
  submitted: 'Chờ duyệt',
  accepted: 'Đã duyệt',
  returned: 'Trả lại',
};

/** A reported unit's review cell: its state, and a mark when its figures are left out of the totals. */
export function reviewText(review: keyof typeof REVIEW_LABEL | null, counted: boolean): string | null {
  if (!review) return null;
  return counted ? REVIEW_LABEL[review] : `${REVIEW_LABEL[review]} (không tính vào tổng)`;
}

export const KIND_LABEL: Record<string, string> = {
  province: 'Tỉnh',
  district: 'Cấp huyện',
  commune: 'Cấp xã',
  department: 'Sở, ngành',
};

export const REASON_LABEL: Record<'unknown_unit' | 'not_expected', string> = {
  unknown_unit: 'Không có trong danh mục đơn vị',
  not_expected: 'Không thuộc diện báo cáo kỳ này',
};

/** How each rule totals, as the summary sheet says it. */
export const AGGREGATE_LABEL: Record<string, string> = {
  sum: 'Cộng',
  countYes: 'Số đơn vị "Có"',
  min: 'Nhỏ nhất',
  max: 'Lớn nhất',
  ratio: 'Tỷ lệ tính lại từ tổng',
  none: 'Không tổng hợp',
};

/** "Không cấu hình" marker printed where a province setting is missing, visibly. */
export const NOT_CONFIGURED = '(chưa cấu hình)';

/** "2021-06-15 09:30:00" (Asia/Ho_Chi_Minh): Excel reads it as a date and time. */
export function ictDateTime(iso: string | null): string {
  if (!iso) return '';
  // Fast path (10,000 rows): the same day when the hour plus seven stays below 24.
  const h = iso.length === 24 && iso[10] === 'T' ? Number(iso.slice(11, 13)) + 7 : 99;
  if (h < 24) return `${iso.slice(0, 10)} ${h < 10 ? '0' : ''}${h}${iso.slice(13, 19)}`;
  return ictWallClock(iso).toISOString().slice(0, 19).replace('T', ' ');
}

/** The civil date (ICT) the rollup's documents carry: that of asOf, else the deadline. */
export function documentDate(s: RollupSummary): string {
  return s.asOf ? ictWallClock(s.asOf).toISOString().slice(0, 10) : s.period.deadline;
}

/** "Tỉnh Đồng Tháp" → "Đồng Tháp"; "Thành phố Cần Thơ" → "Cần Thơ". */
export function provinceShortName(name: string): string {
  return name.replace(/^(tỉnh|thành phố)\s+/iu, '').trim();
}

/** An indicator's name with its unit of measure: "Số hồ sơ trễ hạn (hồ sơ)". */
export const indicatorName = (i: Pick<IndicatorTotal, 'label' | 'unit'>) => (i.unit ? `${i.label} (${i.unit})` : i.label);

// ---------------------------------------------------------------------------
// The unit row: one definition for units.csv and the xlsx "Đơn vị" sheet.

export type CellKind = 'text' | 'number' | 'dateTime';
/**
 * A unit row's cell: a number, a text, or empty. Its column's kind says how to print
 * it (a dateTime cell holds an ISO instant). Plain values rather than objects: at 10,000
 * units a row set is over a million cells, written twice (CSV and xlsx).
 */
export type UnitCell = string | number | null;
export interface UnitColumn {
  header: string;
  kind: CellKind;
  /** Widest the column grows to in the xlsx (characters). */
  max?: number;
}

/** A value as a cell: numbers stay numbers, yes/no in words; absent and empty are both empty ("-" in print). */
export function valueCell(v: UnitValue['value'] | undefined): UnitCell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean') return v ? 'Có' : 'Không';
  return v;
}

/** Per indicator: its total column, then one per level; headers carry the label and the code. */
export function unitColumns(s: RollupSummary): UnitColumn[] {
  const cols: UnitColumn[] = [
    { header: 'Mã đơn vị', kind: 'text' },
    { header: 'Tên đơn vị', kind: 'text', max: 40 },
    { header: 'Loại đơn vị', kind: 'text', max: 26 },
    { header: 'Tình trạng', kind: 'text', max: 26 },
    { header: 'Kết quả duyệt', kind: 'text', max: 30 },
    { header: 'Phiên bản', kind: 'number' },
    { header: 'Nhận lần đầu (giờ Việt Nam)', kind: 'dateTime' },
    { header: 'Nhận bản mới nhất (giờ Việt Nam)', kind: 'dateTime' },
    { header: 'Biểu mẫu', kind: 'text', max: 24 },
  ];
  for (const i of s.indicators) {
    const kind: CellKind = i.type === 'count' || i.type === 'percent' || i.type === 'decimal' ? 'number' : 'text';
    cols.push({ header: `${indicatorName(i)} [${i.code}]`, kind, max: 30 });
    for (const l of i.levels) cols.push({ header: `${i.label} - ${l.label} [${i.code}.${l.key}]`, kind: 'number', max: 30 });
  }
  cols.push({ header: 'Số điểm cần kiểm tra lại', kind: 'number' });
  return cols;
}

/** Appends a unit's figures to its row: the form, each indicator and its levels, the number of checks. */
function pushFigures(row: UnitCell[], s: RollupSummary, f: UnitFigures | null): UnitCell[] {
  row.push(f?.form ?? null);
  for (const i of s.indicators) {
    const v = f?.values[i.code];
    row.push(valueCell(v?.value));
    for (const l of i.levels) row.push(v?.levels?.[l.key] ?? null);
  }
  row.push(f ? f.warnings : null);
  return row;
}

/**
 * Every unit row, in the columns of unitColumns: expected units by code, then units outside
 * the list. Each row is a new array: the CSV and the workbook convert its cells in place.
 */
export function* unitRows(s: RollupSummary): Generator<UnitCell[]> {
  for (const u of s.units)
    yield pushFigures(
      [
        u.code,
        u.name,
        KIND_LABEL[u.kind] ?? u.kind,
        STATUS_LABEL[u.status],
        reviewText(u.review, u.counted),
        u.version,
        u.firstReceivedAt,
        u.receivedAt,
      ],
      s,
      u.figures,
    );
  for (const u of s.unexpected)
    yield pushFigures(
      [
        u.code,
        u.name ?? '',
        REASON_LABEL[u.reason],
        STATUS_LABEL.unexpected,
        reviewText(u.review, false),
        u.version,
        u.firstReceivedAt,
        u.receivedAt,
      ],
      s,
      u.figures,
    );
}

// ---------------------------------------------------------------------------
// Files.

/** `compress`: stored gzip-encoded (text that shrinks tenfold; the .xlsx and .docx are zips already). */
export const ROLLUP_FILES = {
  json: { key: 'summary.json', contentType: 'application/json; charset=utf-8', download: 'tong-hop.json', compress: true },
  csv: { key: 'units.csv', contentType: 'text/csv; charset=utf-8', download: 'don-vi.csv', compress: true },
  xlsx: {
    key: 'rollup.xlsx',
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    download: 'tong-hop.xlsx',
    compress: false,
  },
  docx: {
    key: 'bao-cao-tong-hop.docx',
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    download: 'bao-cao-tong-hop.docx',
    compress: false,
  },
} as const;
export type RollupFileKind = keyof typeof ROLLUP_FILES;
export const ROLLUP_FILE_KINDS = ['json', 'csv', 'xlsx', 'docx'] as const satisfies readonly RollupFileKind[];

/** "CCHC-87-2021-H1-tong-hop.xlsx": the name a download gets. */
export function downloadName(province: string, period: string, kind: RollupFileKind): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9-]/g, '');
  return `CCHC-${safe(province)}-${safe(period)}-${ROLLUP_FILES[kind].download}`;
}
