import { describe, expect, it } from 'vitest';
import {
  DEFAULT_DEADLINE_POLICY,
  deadlineDate,
  deadlineInstant,
  ictDate,
  isOnTime,
  isOpenForRollup,
  nextPeriodLabel,
  parsePeriod,
  periodLabel,
  previousPeriod,
} from '../shared/periods/period.ts';

describe('Decree 09/2019 data windows', () => {
  it.each([
    ['2021-Q1', '2020-12-15', '2021-03-14'],
    ['2021-Q2', '2021-03-15', '2021-06-14'],
    ['2021-H1', '2020-12-15', '2021-06-14'],
    ['2021-Q3', '2021-06-15', '2021-09-14'],
    ['2021-Q4', '2021-09-15', '2021-12-14'],
    ['2021-Y', '2020-12-15', '2021-12-14'],
  ])('%s runs from %s to %s', (id, start, end) => {
    const p = parsePeriod(id)!;
    expect(p.cutoffStart).toBe(start);
    expect(p.cutoffEnd).toBe(end);
  });

  it.each(['2021-H2', '2021-Q5', '21-Q1', '2021-q1', '2021-Y ', '', '1999-Q1', '2021-Q1/..', '2021-01'])('refuses %j', (id) => {
    expect(parsePeriod(id)).toBeUndefined();
  });

  it('labels periods the way the reports write them', () => {
    expect(periodLabel(parsePeriod('2021-H1')!)).toBe('06 tháng đầu năm 2021');
    expect(periodLabel(parsePeriod('2021-Q3')!)).toBe('Quý III năm 2021');
    expect(periodLabel(parsePeriod('2021-Y')!)).toBe('năm 2021');
  });

  it('knows the previous period of the same kind', () => {
    expect(previousPeriod(parsePeriod('2021-Q1')!)).toBe('2020-Q4');
    expect(previousPeriod(parsePeriod('2021-Q3')!)).toBe('2021-Q2');
    expect(previousPeriod(parsePeriod('2021-H1')!)).toBe('2020-H1');
    expect(previousPeriod(parsePeriod('2021-Y')!)).toBe('2020-Y');
  });
});

describe('deadline and on-time', () => {
  const h1 = parsePeriod('2021-H1')!;

  it('is 2 working days after the window: Mon 14/06/2021 -> Wed 16/06/2021', () => {
    expect(deadlineDate(h1)).toBe('2021-06-16');
  });

  it('skips the weekend: Q3 2021 ends Tue 14/09 -> Thu 16/09; Q1 2021 ends Sun 14/03 -> Tue 16/03', () => {
    expect(deadlineDate(parsePeriod('2021-Q3')!)).toBe('2021-09-16');
    expect(deadlineDate(parsePeriod('2021-Q1')!)).toBe('2021-03-16');
    // Q4 2020 ends Mon 14/12/2020; Y 2022 ends Wed 14/12/2022 -> Fri 16/12.
    expect(deadlineDate(parsePeriod('2022-Y')!)).toBe('2022-12-16');
    // 2024-Q2 ends Fri 14/06/2024 -> Mon 17, Tue 18.
    expect(deadlineDate(parsePeriod('2024-Q2')!)).toBe('2024-06-18');
  });

  it('skips configured public holidays', () => {
    expect(deadlineDate(h1, { workingDaysAfterCutoff: 2, holidays: ['2021-06-15'] })).toBe('2021-06-17');
  });

  it('judges on time at the deadline edge in Asia/Ho_Chi_Minh time', () => {
    expect(deadlineInstant(h1).toISOString()).toBe('2021-06-16T16:59:59.999Z');
    expect(isOnTime(new Date('2021-06-16T16:59:59.999Z'), h1)).toBe(true); // 23:59:59.999 ICT on the 16th
    expect(isOnTime(new Date('2021-06-16T17:00:00.000Z'), h1)).toBe(false); // 00:00 ICT on the 17th
    expect(isOnTime(new Date('2021-06-01T00:00:00Z'), h1)).toBe(true);
    expect(ictDate(new Date('2021-06-16T17:00:00Z'))).toBe('2021-06-17');
  });

  it('keeps a period open for rollup from the window start to 60 days after the deadline', () => {
    expect(isOpenForRollup(h1, new Date('2020-12-14T16:59:59Z'))).toBe(false);
    expect(isOpenForRollup(h1, new Date('2020-12-14T17:00:00Z'))).toBe(true);
    expect(isOpenForRollup(h1, new Date('2021-08-15T12:00:00Z'))).toBe(true);
    expect(isOpenForRollup(h1, new Date('2021-08-16T12:00:00Z'))).toBe(false);
  });
});

describe('labels and edges', () => {
  const h1 = parsePeriod('2021-H1')!;

  it('names every quarter, and the quarter after each period', () => {
    expect(['Q1', 'Q2', 'Q3', 'Q4'].map((q) => periodLabel(parsePeriod(`2021-${q}`)!))).toEqual([
      'Quý I năm 2021',
      'Quý II năm 2021',
      'Quý III năm 2021',
      'Quý IV năm 2021',
    ]);
    expect(periodLabel(parsePeriod('2021-9M')!)).toBe('09 tháng đầu năm 2021');
    expect(['Q1', 'Q2', 'H1', 'Q3', '9M', 'Q4', 'Y'].map((k) => nextPeriodLabel(parsePeriod(`2021-${k}`)!))).toEqual([
      'Quý II năm 2021',
      'Quý III năm 2021',
      'Quý III năm 2021',
      'Quý IV năm 2021',
      'Quý IV năm 2021',
      'Quý I năm 2022',
      'năm 2022',
    ]);
  });

  it('refuses a period with text around it', () => {
    expect(parsePeriod('x2021-Q1')).toBeUndefined();
    expect(parsePeriod('2021-Q1x')).toBeUndefined();
  });

  it('stays open for rollup to the last millisecond of the 60th day after the deadline', () => {
    const end = new Date(deadlineInstant(h1).getTime() + 60 * 86_400_000);
    expect(isOpenForRollup(h1, end)).toBe(true);
    expect(isOpenForRollup(h1, new Date(end.getTime() + 1))).toBe(false);
  });

  it('counts a swapped working day: Q2 2025 ends Sat 14/06; with Sun 15/06 worked, two working days later is Mon 16/06', () => {
    const q2 = parsePeriod('2025-Q2')!;
    expect(deadlineDate(q2, { workingDaysAfterCutoff: 2, holidays: [] })).toBe('2025-06-17');
    expect(deadlineDate(q2, { workingDaysAfterCutoff: 2, holidays: [], workingDays: ['2025-06-15'] })).toBe('2025-06-16');
  });

  it('with no policy, no day is off but weekends', () => {
    expect(DEFAULT_DEADLINE_POLICY).toEqual({ workingDaysAfterCutoff: 2, holidays: [], workingDays: [] });
  });
});
