/** Form texts with {period} and {nextPeriod} filled in for a period, as the document prints them. */
import { fillTemplate } from '../../../shared/forms/facts.ts';
import { nextPeriodLabel, parsePeriod, periodLabel } from '../../../shared/periods/period.ts';

export function periodTexts(period: string): (s: string) => string {
  const p = parsePeriod(period);
  if (!p) return (s) => s;
  const facts = { periodLabel: periodLabel(p), nextPeriodLabel: nextPeriodLabel(p) };
  return (s) => (s.includes('{') ? fillTemplate(s, facts) : s);
}
