/**
 * Vietnam's public days off for civil servants, computed: the date-holidays package
 * gives the public holidays (Tết and the Hùng Kings' day by the lunar calendar), and the
 * Labour Code rules turn them into days off. Used at build time only (the package
 * weighs about 1.4 MB bundled): the result is a data file the registry carries.
 *
 * Rules (Bộ luật Lao động 2019, Điều 112; the 2012 Code for earlier years):
 * - Tết Nguyên Đán: five days, from the day before New Year's Eve to the third day of the
 *   year. The government announces the exact days each year; this is the pattern it
 *   followed from 2021 to 2025 once the weekend days are made up.
 * - National Day: 2 September and, from 2021, one adjacent day (the one that joins a
 *   weekend: the day before when 2/9 is a Tuesday, Friday or Saturday, else the day after).
 * - A day off that falls on a Saturday or Sunday is made up on the next working day.
 * A province adds the government's yearly announcements (extra days off, a Saturday
 * worked in exchange) in its configuration.
 */
import Holidays from 'date-holidays';

const addDays = (iso: string, n: number): string => {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};
const weekday = (iso: string): number => new Date(`${iso}T00:00:00Z`).getUTCDay();
const isWeekend = (iso: string): boolean => weekday(iso) === 0 || weekday(iso) === 6;

export interface PublicHoliday {
  date: string;
  name: string;
}

/** The library's public holidays of a year (one entry per day; a span such as Tết expanded). */
let library: Holidays | undefined;
const vn = (): Holidays => (library ??= new Holidays('VN'));

export function libraryHolidays(year: number): PublicHoliday[] {
  const hd = vn();
  const out: PublicHoliday[] = [];
  for (const h of hd.getHolidays(year, 'vi')) {
    if (h.type !== 'public') continue;
    // `date` is the civil date in the country's zone; `end` is exclusive.
    const first = h.date.slice(0, 10);
    const days = Math.max(1, Math.round((h.end.getTime() - h.start.getTime()) / 86_400_000));
    for (let i = 0; i < days; i++) out.push({ date: addDays(first, i), name: h.name });
  }
  return out;
}

/** The first day of the lunar year (mùng 1 Tết) per the library. */
export function lunarNewYear(year: number): string {
  const tet = vn()
    .getHolidays(year, 'vi')
    .find((h) => h.rule === 'vietnamese 1-0-1');
  if (!tet) throw new Error(`date-holidays gives no Tết for ${year}`);
  return tet.date.slice(0, 10);
}

/** The statutory days off of a year, weekends made up, sorted. */
export function daysOff(year: number): string[] {
  const tet = lunarNewYear(year);
  // Holidays are listed once per year; the library's Tết span is replaced below.
  const tetDays = [-2, -1, 0, 1, 2].map((n) => addDays(tet, n));
  const statutory = new Set<string>(tetDays);
  for (const h of libraryHolidays(year)) {
    // The library's own Tết span starts on the eve; the Tết days above replace it.
    if (h.date >= addDays(tet, -2) && h.date <= addDays(tet, 4)) continue;
    statutory.add(h.date);
  }
  const national = `${year}-09-02`;
  if (year >= 2021) statutory.add(addDays(national, [2, 5, 6].includes(weekday(national)) ? -1 : 1));
  const off = new Set([...statutory].filter((d) => !isWeekend(d)));
  for (const d of [...statutory].sort()) {
    if (!isWeekend(d)) continue;
    let next = addDays(d, 1);
    while (isWeekend(next) || off.has(next) || statutory.has(next)) next = addDays(next, 1);
    off.add(next);
  }
  return [...off].sort();
}

export const CALENDAR_YEARS = { from: 2000, to: 2099 } as const;

/** Days off of every year the registry covers. */
export function calendar(): string[] {
  const out: string[] = [];
  for (let y = CALENDAR_YEARS.from; y <= CALENDAR_YEARS.to; y++) out.push(...daysOff(y));
  return out;
}
