/**
 * The report checks (shared/report/checks.ts) on the bundled forms' own rules
 * (data/forms/*.json), one rule at a time: each test makes exactly one rule fire and
 * shows the same body without the fault passes, so turning the rule off (in the code or
 * in the form) fails the test. No storage: `npm run test:unit` and `npm run mutate`.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { FormSummary } from '../../shared/forms/body.ts';
import { bundledForms } from '../../shared/forms/bundled.ts';
import { reportDateBound, totalOf } from '../../shared/report/checks.ts';
import { checkBody, testRegistry } from '../support/report.ts';

const EXAMPLE = new URL('../../data/examples/870-2021-H1.json', import.meta.url);
/** The seed report (Hồng Ngự, 2021-H1) on the dong-thap-2021 form. */
const seed = (): Record<string, any> => JSON.parse(readFileSync(EXAMPLE, 'utf8'));
const check = (body: unknown, previous?: FormSummary) =>
  checkBody('870', '2021-H1', body, { registry: testRegistry(), ...(previous ? { previous } : {}) });
const codes = (fs: { code: string }[]) => fs.map((f) => f.code);
const at = (fs: { code: string; path: string }[], code: string) => fs.filter((f) => f.code === code).map((f) => f.path);

/** The seed's own findings: three documents dated after the report, nothing else (computed per test, not at load). */
const baseline = () => check(seed());

it('the seed report alone: no error, and only its three DOC_DATED_AFTER_REPORT warnings', () => {
  expect(baseline().errors).toEqual([]);
  expect(codes(baseline().warnings)).toEqual(['DOC_DATED_AFTER_REPORT', 'DOC_DATED_AFTER_REPORT', 'DOC_DATED_AFTER_REPORT']);
});

describe("VALUE_OUTLIER (the form's outlier rules: LATE_DOSSIERS and INSPECTED_UNITS, ×5 with a gap of 50)", () => {
  /** The unit's previous period as its summary keeps it. */
  const previous = (values: FormSummary['values']): FormSummary => ({ ...baseline().summary, values });
  const outliers = (body: Record<string, any>, before: FormSummary['values']) =>
    check(body, previous(before)).warnings.filter((w) => w.code === 'VALUE_OUTLIER');

  it('warns (never refuses) when a total is more than five times the previous one with a gap of 50 or more', () => {
    const b = seed();
    b.values.INSPECTED_UNITS.value = 60;
    const r = check(b, previous({ INSPECTED_UNITS: { value: 10 } }));
    expect(r.errors).toEqual([]);
    expect(r.warnings.filter((w) => w.code === 'VALUE_OUTLIER')).toEqual([
      {
        path: '$.values.INSPECTED_UNITS.value',
        code: 'VALUE_OUTLIER',
        params: { value: 60, previous: 10, label: expect.stringMatching(/kiểm tra/) },
      },
    ]);
  });

  it('warns when a total falls to a fifth or less, and level by level', () => {
    const b = seed(); // LATE_DOSSIERS: unit 250, commune 183
    expect(at(outliers(b, { LATE_DOSSIERS: { levels: { unit: { value: 1300 }, commune: { value: 200 } } } }), 'VALUE_OUTLIER')).toEqual([
      '$.values.LATE_DOSSIERS.levels.unit.value',
    ]);
    expect(at(outliers(b, { LATE_DOSSIERS: { levels: { unit: { value: 260 }, commune: { value: 20 } } } }), 'VALUE_OUTLIER')).toEqual([
      '$.values.LATE_DOSSIERS.levels.commune.value',
    ]);
  });

  it('stays quiet at the edges: exactly five times, a gap under 50, no previous value', () => {
    const b = seed();
    b.values.INSPECTED_UNITS.value = 75;
    expect(outliers(b, { INSPECTED_UNITS: { value: 15 } })).toEqual([]); // 75 = 5 × 15: not more
    b.values.INSPECTED_UNITS.value = 59;
    expect(outliers(b, { INSPECTED_UNITS: { value: 10 } })).toEqual([]); // gap 49
    b.values.INSPECTED_UNITS.value = 12;
    expect(outliers(b, { INSPECTED_UNITS: { value: 60 } })).toEqual([]); // 12 × 5 = 60: not less
    expect(outliers(b, { PLANNED_INSPECTIONS: { value: 1 } })).toEqual([]);
    expect(codes(check(b).warnings)).not.toContain('VALUE_OUTLIER');
    b.values.INSPECTED_UNITS.value = 10;
    expect(outliers(b, { INSPECTED_UNITS: { value: 60 } }).map((w) => w.params)).toEqual([
      { value: 10, previous: 60, label: expect.any(String) },
    ]);
  });
});

describe('the duplicate-reference warning (DUPLICATE_DOCUMENT)', () => {
  const basis = (b: Record<string, any>) => b.legalBasis as Record<string, string>[];

  it('warns when one number is cited with another date, at the second citation', () => {
    const b = seed();
    basis(b).push({ ...basis(b)[0]!, date: '2020-12-06', lead: 'Căn cứ' });
    const w = check(b).warnings.filter((x) => x.code === 'DUPLICATE_DOCUMENT');
    expect(w).toEqual([{ path: '$.legalBasis[2]', code: 'DUPLICATE_DOCUMENT', params: { number: '285/KH-UBND' } }]);
  });

  it('warns when one number is cited as another kind of document', () => {
    const b = seed();
    basis(b).push({ ...basis(b)[1]!, kind: 'Kế hoạch' });
    expect(at(check(b).warnings, 'DUPLICATE_DOCUMENT')).toEqual(['$.legalBasis[2]']);
  });

  it('the same document cited twice with the same details is normal, and so is one cited once without a date', () => {
    const b = seed();
    basis(b).push({ ...basis(b)[0]! });
    const { date: _date, ...undated } = basis(b)[1]!;
    basis(b).push(undated as never);
    expect(codes(check(b).warnings)).toEqual(codes(baseline().warnings));
  });
});

describe('the dossier results (dong-thap-2021: dossiers-resolved and dossiers-overdue)', () => {
  const levels = (unit: number, commune: number) => ({ levels: { unit: { value: unit }, commune: { value: commune } } });
  /** Received 100/40; resolved on time, late, pending; overdue. */
  const dossiers = (onTime: number, late: number, pending: number, overdue: number) => {
    const b = seed();
    Object.assign(b.values, {
      DOSSIERS_RECEIVED: levels(100, 40),
      DOSSIERS_ON_TIME: levels(onTime, 10),
      DOSSIERS_LATE: levels(late, 10),
      DOSSIERS_PENDING: levels(pending, 10),
      DOSSIERS_OVERDUE: levels(overdue, 5),
    });
    return b;
  };

  it('the form has both rules, as errors', () => {
    expect(
      bundledForms()
        .find((f) => f.id === 'dong-thap-2021')!
        .rules.filter((r) => r.id.startsWith('dossiers-'))
        .map((r) => [r.id, r.kind, r.severity]),
    ).toEqual([
      ['dossiers-resolved', 'partOfWhole', 'error'],
      ['dossiers-overdue', 'partOfWhole', 'error'],
    ]);
  });

  it('consistent figures pass: on time + late + pending = received, overdue = pending', () => {
    expect(check(dossiers(50, 30, 20, 20)).errors).toEqual([]);
  });

  it('refuses resolved on time + late + pending above received, at the level that exceeds it', () => {
    const r = check(dossiers(60, 30, 20, 5));
    expect(r.errors).toEqual([
      {
        path: '$.values.DOSSIERS_RECEIVED.levels.unit.value',
        code: 'RULE_PART_OF_WHOLE',
        params: { parts: expect.stringContaining(' + '), whole: expect.any(String), level: 'Cấp huyện', sum: 110, total: 100 },
      },
    ]);
  });

  it('refuses overdue above pending', () => {
    const r = check(dossiers(50, 30, 20, 21));
    expect(r.errors.map((e) => [e.path, e.code, e.params.sum, e.params.total])).toEqual([
      ['$.values.DOSSIERS_PENDING.levels.unit.value', 'RULE_PART_OF_WHOLE', 21, 20],
    ]);
  });

  it('compares totals too when the whole gives one', () => {
    const b = dossiers(50, 30, 20, 20);
    b.values.DOSSIERS_PENDING = { value: 25 };
    b.values.DOSSIERS_OVERDUE = { value: 26 };
    expect(at(check(b).errors, 'RULE_PART_OF_WHOLE')).toEqual(['$.values.DOSSIERS_PENDING.value']);
    b.values.DOSSIERS_OVERDUE = { value: 25 };
    expect(check(b).errors).toEqual([]);
  });
});

describe('HEADER_DATE_INVALID', () => {
  it('refuses a day the month does not have (31/06, 29/02/2021), at $.header.date.day', () => {
    for (const [month, day] of [
      [6, 31],
      [2, 29],
    ]) {
      const b = seed();
      b.header.date = { year: 2021, month, day };
      expect(check(b).errors).toEqual([{ path: '$.header.date.day', code: 'HEADER_DATE_INVALID', params: {} }]);
    }
  });

  it('accepts the last real day of the month, and a date without a day', () => {
    const b = seed();
    b.header.date = { year: 2021, month: 6, day: 30 };
    expect(codes(check(b).errors)).toEqual([]);
    b.header.date = { year: 2021, month: 6, day: null };
    expect(codes(check(b).errors)).toEqual([]);
  });
});

describe('DUPLICATE_LEVEL', () => {
  it('cannot arise on forms: levels are keys of one object, so the form-driven checks have no such rule', () => {
    const b = seed();
    // A JSON body naming a level twice parses to one key (the HTTP layer refuses duplicate keys before this).
    const levels = JSON.parse('{"unit":{"value":1},"unit":{"value":2}}');
    b.values.LATE_DOSSIERS = { levels };
    expect(Object.keys(check(b).report.values.LATE_DOSSIERS!.levels!)).toEqual(['unit']);
  });
});

describe('the report date', () => {
  it('bounds the report by its day, else by the end of its month', () => {
    const b = check(seed()).report;
    expect(reportDateBound({ ...b, header: { ...b.header, date: { year: 2021, month: 6, day: null } } })).toBe('2021-06-30');
    expect(reportDateBound({ ...b, header: { ...b.header, date: { year: 2021, month: 2, day: null } } })).toBe('2021-02-28');
    expect(reportDateBound({ ...b, header: { ...b.header, date: { year: 2021, month: 6, day: 5 } } })).toBe('2021-06-05');
  });

  it("PERIOD_MISMATCH: from the window's start month to three months after its end", () => {
    const dated = (year: number, month: number) => {
      const b = seed();
      b.header.date = { year, month, day: null };
      return at(check(b).errors, 'PERIOD_MISMATCH');
    };
    expect(dated(2020, 11)).toEqual(['$.header.date']);
    expect(dated(2020, 12)).toEqual([]);
    expect(dated(2021, 9)).toEqual([]);
    expect(dated(2021, 10)).toEqual(['$.header.date']);
  });
});

describe('totals', () => {
  it("an indicator's total is its value, else the sum of its levels", () => {
    expect(totalOf(undefined)).toBeUndefined();
    expect(totalOf({ value: 7, levels: { a: { value: 1 } } })).toBe(7);
    expect(totalOf({ levels: { a: { value: 2 }, b: { value: 3 } } })).toBe(5);
    expect(totalOf({ levels: { a: {} } })).toBeUndefined();
    expect(totalOf({})).toBeUndefined();
  });
});
