/** The periods of a year a unit may report for, with labels and fallback deadlines. */
import { deadlineDate, parsePeriod, periodLabel } from '../../../shared/periods/period.ts';

/** In calendar order of their deadlines; kinds this build's period rules do not know are left out. */
export const PERIOD_KINDS = ['Q1', 'Q2', 'H1', 'Q3', '9M', 'Q4', 'Y'] as const;

export function periodsOf(year: number): string[] {
  return PERIOD_KINDS.map((k) => `${year}-${k}`).filter((id) => parsePeriod(id) !== undefined);
}

export function labelOf(id: string): string {
  const p = parsePeriod(id);
  if (!p) return id;
  const l = periodLabel(p);
  return l.charAt(0).toUpperCase() + l.slice(1);
}

/** The default deadline (two working days after the cut-off), when the server gives none. */
export function defaultDeadline(id: string): string | undefined {
  const p = parsePeriod(id);
  return p ? deadlineDate(p) : undefined;
}

export const isPeriod = (id: string) => parsePeriod(id) !== undefined;
