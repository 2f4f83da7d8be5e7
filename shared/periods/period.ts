/**
 * Reporting periods (kỳ báo cáo) and their Decree 09/2019/NĐ-CP data windows.
 * A window runs from the 15th of the month before the period to the 14th of its
 * last month; the deadline is configured per province (working days after the
 * window's end). All civil dates are Asia/Ho_Chi_Minh (UTC+7, no DST).
 */
export type PeriodKind = 'Q1' | 'Q2' | 'Q3' | 'Q4' | 'H1' | '9M' | 'Y';

export interface Period {
  id: string; // "2021-H1"
  year: number;
  kind: PeriodKind;
  /** Calendar months covered, 1-based inclusive. */
  firstMonth: number;
  lastMonth: number;
  /** Decree 09 data window, ISO dates inclusive. */
  cutoffStart: string;
  cutoffEnd: string;
}

const MONTHS: Record<PeriodKind, [number, number]> = {
  Q1: [1, 3],
  Q2: [4, 6],
  Q3: [7, 9],
  Q4: [10, 12],
  H1: [1, 6],
  '9M': [1, 9],
  Y: [1, 12],
};

export const PERIOD_PATTERN = /^(20\d{2})-(Q[1-4]|H1|9M|Y)$/;

const pad = (n: number) => String(n).padStart(2, '0');
const isoDate = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;

/** Parses "2021-H1"; undefined when the identifier is not a period. */
export function parsePeriod(id: string): Period | undefined {
  const m = PERIOD_PATTERN.exec(id);
  if (!m) return undefined;
  const year = Number(m[1]);
  const kind = m[2] as PeriodKind;
  const [firstMonth, lastMonth] = MONTHS[kind];
  const startMonth = firstMonth === 1 ? 12 : firstMonth - 1;
  const startYear = firstMonth === 1 ? year - 1 : year;
  return {
    id,
    year,
    kind,
    firstMonth,
    lastMonth,
    cutoffStart: isoDate(startYear, startMonth, 15),
    cutoffEnd: isoDate(year, lastMonth, 14),
  };
}

/** The previous period of the same kind: Q1 → last year's Q4, H1, 9M and Y → last year's. */
export function previousPeriod(p: Period): string {
  if (p.kind === 'H1' || p.kind === '9M' || p.kind === 'Y') return `${p.year - 1}-${p.kind}`;
  const q = Number(p.kind.slice(1));
  return q === 1 ? `${p.year - 1}-Q4` : `${p.year}-Q${q - 1}`;
}

const QUARTERS = ['I', 'II', 'III', 'IV'];

/** Vietnamese label used in documents: "06 tháng đầu năm 2021", "Quý I năm 2021". */
export function periodLabel(p: Period): string {
  switch (p.kind) {
    case 'H1':
      return `06 tháng đầu năm ${p.year}`;
    case '9M':
      return `09 tháng đầu năm ${p.year}`;
    case 'Y':
      return `năm ${p.year}`;
    default:
      return `Quý ${QUARTERS[Number(p.kind.slice(1)) - 1]} năm ${p.year}`;
  }
}

/**
 * The label of the period a report's "next tasks" look to: the quarter after the
 * period's last month ("06 tháng đầu năm 2021" → "Quý III năm 2021"), the next year
 * after a year report.
 */
export function nextPeriodLabel(p: Period): string {
  if (p.kind === 'Y') return `năm ${p.year + 1}`;
  const q = p.lastMonth / 3 + 1;
  return q > 4 ? `Quý ${QUARTERS[0]} năm ${p.year + 1}` : `Quý ${QUARTERS[q - 1]} năm ${p.year}`;
}

export interface DeadlinePolicy {
  /** Working days after the window's end (default 2). */
  workingDaysAfterCutoff: number;
  /** Days off (ISO dates): public holidays, days made up for them, announced extra days. */
  holidays: readonly string[];
  /** Swapped working days (a Saturday worked in exchange for a day off): working whatever else says. */
  workingDays?: readonly string[];
}

export const DEFAULT_DEADLINE_POLICY: DeadlinePolicy = { workingDaysAfterCutoff: 2, holidays: [], workingDays: [] };

export function addDays(iso: string, n: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** A working day: a swapped working day, else Monday to Friday and not a day off. */
export function isWorkingDay(iso: string, holidays: ReadonlySet<string>, workingDays: ReadonlySet<string> = new Set()): boolean {
  if (workingDays.has(iso)) return true;
  const dow = new Date(`${iso}T00:00:00Z`).getUTCDay();
  return dow !== 0 && dow !== 6 && !holidays.has(iso);
}

/** The last civil date (Asia/Ho_Chi_Minh) on which a submission is on time. */
export function deadlineDate(p: Period, policy: DeadlinePolicy = DEFAULT_DEADLINE_POLICY): string {
  const holidays = new Set(policy.holidays);
  const workingDays = new Set(policy.workingDays ?? []);
  let day = p.cutoffEnd;
  let left = policy.workingDaysAfterCutoff;
  while (left > 0) {
    day = addDays(day, 1);
    if (isWorkingDay(day, holidays, workingDays)) left--;
  }
  return day;
}

/** The working day `n` working days before `day` (a deadline): reminders go out on it. */
export function workingDaysBefore(day: string, n: number, holidays: readonly string[], workingDays: readonly string[] = []): string {
  const off = new Set(holidays);
  const on = new Set(workingDays);
  let d = day;
  let left = n;
  while (left > 0 || !isWorkingDay(d, off, on)) {
    d = addDays(d, -1);
    if (isWorkingDay(d, off, on)) left--;
  }
  return d;
}

/** Vietnam has been UTC+7 without daylight saving since 1975. */
const ICT_OFFSET_MS = 7 * 3600_000;

/** Civil date in Asia/Ho_Chi_Minh of an instant. */
export function ictDate(instant: Date): string {
  return new Date(instant.getTime() + ICT_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant a deadline day ends: 23:59:59.999 Asia/Ho_Chi_Minh. */
export function deadlineInstant(p: Period, policy?: DeadlinePolicy): Date {
  return new Date(Date.parse(`${deadlineDate(p, policy)}T23:59:59.999+07:00`));
}

export function isOnTime(receivedAt: Date, p: Period, policy?: DeadlinePolicy): boolean {
  return receivedAt.getTime() <= deadlineInstant(p, policy).getTime();
}

/**
 * Open for the scheduled rollup: from the window's start to 60 days after the deadline.
 */
export function isOpenForRollup(p: Period, now: Date, policy?: DeadlinePolicy): boolean {
  const start = Date.parse(`${p.cutoffStart}T00:00:00+07:00`);
  const end = deadlineInstant(p, policy).getTime() + 60 * 86_400_000;
  return now.getTime() >= start && now.getTime() <= end;
}
