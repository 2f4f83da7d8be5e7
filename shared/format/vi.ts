/**
 * Vietnamese formatting and the few calendar facts every output shares: one place for
 * digit grouping, official dates (Decree 30/2020), Asia/Ho_Chi_Minh time, XML escaping
 * and the order of unit codes. Pure; runs in the browser too.
 */

export const pad2 = (n: number): string => String(n).padStart(2, '0');

/** "1.234.567" (dot as the thousands separator); decimals with a comma: "58,97". */
export function groupDigits(n: number, decimals?: number): string {
  const sign = n < 0 ? '-' : '';
  const abs = Math.abs(n);
  const fixed = decimals === undefined ? String(abs) : abs.toFixed(decimals);
  const [int, frac] = fixed.split('.');
  const grouped = int!.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return sign + grouped + (frac ? `,${frac}` : '');
}

/** A count as officials write it in prose: below ten with a leading zero ("04", "06"), else grouped. */
export const proseCount = (n: number): string => (Number.isInteger(n) && n >= 0 && n < 10 ? pad2(n) : groupDigits(n));

/** A count in a table cell: grouped, never padded; "-" when absent (never an invented zero). */
export const cellCount = (n: number | null | undefined): string => (n === null || n === undefined ? '-' : groupDigits(n));

/** "2020-12-05" → "05/12/2020" */
export const vnDate = (iso: string): string => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

/** Decree 30/2020, Appendix I: days below 10 and the months 1 and 2 take a leading zero. */
export const decreeDay = (d: number): string => pad2(d);
export const decreeMonth = (m: number): string => (m <= 2 ? pad2(m) : String(m));

/** "ngày 05 tháng 02 năm 2021"; with a blank day (not yet signed): "ngày     tháng 6 năm 2021". */
export function decreeDate(year: number, month: number, day: number | null): string {
  const d = day === null ? '     ' : decreeDay(day);
  return `ngày ${d} tháng ${decreeMonth(month)} năm ${year}`;
}

/** Vietnam has kept UTC+7 without daylight saving since 1975. */
export const ICT_OFFSET_MS = 7 * 3_600_000;

/** A Date whose UTC fields read the wall-clock time in Asia/Ho_Chi_Minh. */
export const ictWallClock = (instant: Date | string): Date =>
  new Date((typeof instant === 'string' ? Date.parse(instant) : instant.getTime()) + ICT_OFFSET_MS);

/** The civil date (YYYY-MM-DD) in Asia/Ho_Chi_Minh of an instant. */
export const ictDate = (instant: Date | string): string => ictWallClock(instant).toISOString().slice(0, 10);

/** "09:30 ngày 15/06/2021" in Asia/Ho_Chi_Minh. */
export function ictLong(instant: Date | string): string {
  const d = ictWallClock(instant);
  return `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())} ngày ${pad2(d.getUTCDate())}/${pad2(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}

const XML_SPECIAL = /[&<>"]/;
/** Escapes text for XML content and attribute values. */
export const xmlEscape = (s: string): string =>
  XML_SPECIAL.test(s) ? s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;') : s;

/**
 * The order of national statistics codes: provinces (2 digits) before districts (3)
 * before communes (5), then by value. Codes keep their leading zeros ("01" Hà Nội,
 * "00004" Phường Ba Đình), so the order is by length, then by text.
 */
export const compareUnitCodes = (a: string, b: string): number => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
