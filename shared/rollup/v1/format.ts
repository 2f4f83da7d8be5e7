/** Labels, times and file names shared by the rollup's CSV, XLSX and DOCX outputs. */
import type { RollupSummary, UnitFigures } from './schema.ts';

/** A unit's figures as table cells, in the column order of units.csv and the xlsx "Đơn vị" sheet. */
export function unitFigureValues(f: UnitFigures): (string | number | null)[] {
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

export const UNIT_FIGURE_COLUMNS = 11;

export const STATUS_LABEL: Record<'on_time' | 'late' | 'missing' | 'unexpected', string> = {
  on_time: 'Đúng hạn',
  late: 'Trễ hạn',
  missing: 'Chưa báo cáo',
  unexpected: 'Không thuộc diện báo cáo',
};

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

const ICT_OFFSET_MS = 7 * 3600_000;
const pad2 = (n: number) => String(n).padStart(2, '0');

/** The wall-clock time in Asia/Ho_Chi_Minh, as a Date whose UTC fields read that time (for Excel cells). */
export function ictWallClock(iso: string): Date {
  return new Date(Date.parse(iso) + ICT_OFFSET_MS);
}

/** "2021-06-15 09:30:00" (Asia/Ho_Chi_Minh): Excel reads it as a date and time. */
export function ictDateTime(iso: string | null): string {
  if (!iso) return '';
  // Fast path (10,000 rows): the same day when the hour plus seven stays below 24.
  const h = iso.length === 24 && iso[10] === 'T' ? Number(iso.slice(11, 13)) + 7 : 99;
  if (h < 24) return `${iso.slice(0, 10)} ${h < 10 ? '0' : ''}${h}${iso.slice(13, 19)}`;
  return ictWallClock(iso).toISOString().slice(0, 19).replace('T', ' ');
}

/** "09:30 ngày 15/06/2021" (Asia/Ho_Chi_Minh). */
export function ictLong(iso: string): string {
  const d = ictWallClock(iso);
  return `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())} ngày ${pad2(d.getUTCDate())}/${pad2(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}

/** "15/06/2021" */
export function vnDate(isoDate: string): string {
  return `${isoDate.slice(8, 10)}/${isoDate.slice(5, 7)}/${isoDate.slice(0, 4)}`;
}

/** The civil date (ICT) the rollup's documents carry: that of asOf, else the deadline. */
export function documentDate(s: RollupSummary): string {
  return s.asOf ? ictWallClock(s.asOf).toISOString().slice(0, 10) : s.period.deadline;
}

/** "1.234" (Vietnamese digit grouping) */
export function groupDigits(n: number): string {
  const sign = n < 0 ? '-' : '';
  return sign + String(Math.abs(n)).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

/** "Tỉnh Đồng Tháp" → "Đồng Tháp"; "Thành phố Cần Thơ" → "Cần Thơ". */
export function provinceShortName(name: string): string {
  return name.replace(/^(tỉnh|thành phố)\s+/iu, '').trim();
}

export const ROLLUP_FILES = {
  json: { key: 'summary.json', contentType: 'application/json; charset=utf-8', download: 'tong-hop.json' },
  csv: { key: 'units.csv', contentType: 'text/csv; charset=utf-8', download: 'don-vi.csv' },
  xlsx: { key: 'rollup.xlsx', contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', download: 'tong-hop.xlsx' },
  docx: {
    key: 'bao-cao-tong-hop.docx',
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    download: 'bao-cao-tong-hop.docx',
  },
} as const;
export type RollupFileKind = keyof typeof ROLLUP_FILES;
export const ROLLUP_FILE_KINDS = ['json', 'csv', 'xlsx', 'docx'] as const satisfies readonly RollupFileKind[];

/** "CCHC-87-2021-H1-tong-hop.xlsx": the name a download gets. */
export function downloadName(province: string, period: string, kind: RollupFileKind): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9-]/g, '');
  return `CCHC-${safe(province)}-${safe(period)}-${ROLLUP_FILES[kind].download}`;
}
