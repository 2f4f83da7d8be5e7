/**
 * units.csv: one row per expected unit (by code), then any unit that reported without
 * being expected (status "unexpected"). RFC 4180 (comma, CRLF, quotes doubled), UTF-8
 * with a BOM so Excel shows Vietnamese correctly. Counts are plain integers.
 */
import { ictDateTime, KIND_LABEL, STATUS_LABEL, UNIT_FIGURE_COLUMNS, unitFigureValues } from './format.ts';
import type { RollupSummary, UnitFigures } from './schema.ts';

const HEADER = [
  'Mã đơn vị',
  'Tên đơn vị',
  'Loại đơn vị',
  'Tình trạng',
  'Mã tình trạng',
  'Phiên bản',
  'Nhận lần đầu (giờ Việt Nam)',
  'Nhận bản mới nhất (giờ Việt Nam)',
  'Số đơn vị đã kiểm tra',
  'Số đơn vị dự kiến kiểm tra',
  'Hồ sơ trễ hạn tại đơn vị',
  'Hồ sơ trễ hạn cấp xã',
  'Tổng hồ sơ trễ hạn',
  'Tin bài Trang tin CCHC Tỉnh',
  'Tin bài trang của đơn vị',
  'Chuyên mục phát thanh',
  'Khen thưởng tập thể',
  'Khen thưởng cá nhân',
  'Số cảnh báo',
];

/** Quotes when needed; a text that a spreadsheet would run as a formula gets a leading apostrophe. */
function cell(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return String(v);
  const s = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function figures(f: UnitFigures | null): (string | number | null)[] {
  return f ? unitFigureValues(f) : Array(UNIT_FIGURE_COLUMNS).fill(null);
}

export function buildUnitsCsv(s: RollupSummary): Buffer {
  const lines: string[] = [HEADER.map(cell).join(',')];
  for (const u of s.units)
    lines.push(
      [
        u.code,
        u.name,
        KIND_LABEL[u.kind] ?? u.kind,
        STATUS_LABEL[u.status],
        u.status,
        u.version,
        ictDateTime(u.firstReceivedAt),
        ictDateTime(u.receivedAt),
        ...figures(u.figures),
      ]
        .map(cell)
        .join(','),
    );
  for (const u of s.unexpected)
    lines.push(
      [
        u.code,
        u.name ?? '',
        '',
        STATUS_LABEL.unexpected,
        'unexpected',
        u.version,
        ictDateTime(u.firstReceivedAt),
        ictDateTime(u.receivedAt),
        ...figures(u.figures),
      ]
        .map(cell)
        .join(','),
    );
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8')]);
}
