/**
 * units.csv: one row per expected unit (by code), then any unit that reported without
 * being expected, in the columns of the shared unit row (format.ts): every indicator of
 * the forms in use, by label and code, and its levels. RFC 4180 (comma, CRLF, quotes
 * doubled), UTF-8 with a BOM so Excel shows Vietnamese correctly. Numbers are plain
 * (a dot for decimals); an absent value is an empty field.
 */
import { ictDateTime, unitColumns, unitRows } from './format.ts';
import type { RollupSummary } from './schema.ts';

/** Quotes when needed; a text that a spreadsheet would run as a formula gets a leading apostrophe. */
function field(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return String(v);
  const s = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function buildUnitsCsv(s: RollupSummary): Buffer {
  const cols = unitColumns(s);
  const time = cols.map((c) => c.kind === 'dateTime');
  const lines: string[] = [cols.map((c) => field(c.header)).join(',')];
  for (const row of unitRows(s)) {
    for (let i = 0; i < row.length; i++) if (time[i]) row[i] = ictDateTime(row[i] as string | null);
    lines.push(row.map(field).join(','));
  }
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8')]);
}
