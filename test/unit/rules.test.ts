/**
 * The other rule kinds and form-independent checks of shared/report/checks.ts, each made
 * to fire alone on a bundled example: range, required, ratio, breakdown sums and a
 * warning-severity part-of-whole (the national six-area form, commune 28297, 2026-Q3),
 * the server's facts, required sections, levels a tier lacks, and sub-unit rows (the
 * seed, Hồng Ngự 2021-H1). No storage: `npm run test:unit` and `npm run mutate`.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePeriod } from '../../shared/periods/period.ts';
import { checkReport } from '../../shared/report/checks.ts';
import { checkBody, testRegistry } from '../support/report.ts';

const example = (name: string): Record<string, any> =>
  JSON.parse(readFileSync(new URL(`../../data/examples/${name}.json`, import.meta.url), 'utf8'));
const nq76 = () => example('28297-2026-Q3');
const seed = () => example('870-2021-H1');
const checkNq76 = (b: unknown) => checkBody('28297', '2026-Q3', b, { registry: testRegistry() });
const checkSeed = (b: unknown) => checkBody('870', '2021-H1', b, { registry: testRegistry() });
const brief = (fs: { path: string; code: string }[]) => fs.map((f) => `${f.code} ${f.path}`);
const SEED_WARNINGS = ['DOC_DATED_AFTER_REPORT', 'DOC_DATED_AFTER_REPORT', 'DOC_DATED_AFTER_REPORT'];

describe("the six-area form's rules (commune 28297, 2026-Q3)", () => {
  it('its example passes every rule', () => {
    const r = checkNq76(nq76());
    expect([r.form.id, r.errors, r.warnings]).toEqual(['nq76-six-areas', [], []]);
  });

  it('range: a value outside min..max is refused at its cell, both ends included (a range rule added to the form)', () => {
    const base = checkNq76(nq76());
    const form = {
      ...base.form,
      rules: [
        ...base.form.rules,
        { id: 'trained-range', kind: 'range' as const, severity: 'error' as const, indicator: 'STAFF_TRAINED', min: 5, max: 30 },
      ],
    };
    const ctx = (b: Record<string, any>) => {
      const c = checkNq76(b);
      return checkReport(c.report, { form, facts: c.facts, period: parsePeriod('2026-Q3')!, tier: 'commune', children: [] });
    };
    for (const [v, ok] of [
      [30, true],
      [5, true],
      [31, false],
      [4, false],
    ] as const) {
      const b = nq76();
      b.values.STAFF_TRAINED.value = v;
      const r = ctx(b);
      if (ok) expect(r.errors).toEqual([]);
      else
        expect(r.errors).toEqual([
          { path: '$.values.STAFF_TRAINED.value', code: 'RULE_RANGE', params: { label: expect.any(String), value: v, min: 5, max: 30 } },
        ]);
    }
    const open = {
      ...form,
      rules: [
        ...base.form.rules,
        { id: 'trained-min', kind: 'range' as const, severity: 'error' as const, indicator: 'STAFF_TRAINED', min: 28 },
      ],
    };
    const c = checkNq76(nq76()); // 27 trained
    const r = checkReport(c.report, { form: open, facts: c.facts, period: parsePeriod('2026-Q3')!, tier: 'commune', children: [] });
    expect(r.errors.map((e) => [e.code, e.params.min, e.params.max])).toEqual([['RULE_RANGE', 28, '∞']]);
  });

  it('required: dossiers received must be given', () => {
    const b = nq76();
    delete b.values.DOSSIERS_RECEIVED;
    // Its parts and ratios have nothing to compare with then: only the required rule fires.
    expect(brief(checkNq76(b).errors)).toEqual(['RULE_REQUIRED $.values.DOSSIERS_RECEIVED']);
    b.values.DOSSIERS_RECEIVED = { value: 2450 };
    expect(checkNq76(b).errors).toEqual([]);
  });

  it('ratio: 100 × done / total within 0.01 (and the half-hundredth of rounding); a zero denominator is not judged', () => {
    const b = nq76(); // 23 of 39 = 58.974…
    for (const ok of [58.98, 58.96]) {
      b.values.PLAN_TASKS_RATIO.value = ok;
      expect(checkNq76(b).errors).toEqual([]);
    }
    b.values.PLAN_TASKS_RATIO.value = 59;
    expect(checkNq76(b).errors).toEqual([
      {
        path: '$.values.PLAN_TASKS_RATIO.value',
        code: 'RULE_RATIO',
        params: { label: expect.any(String), value: 59, expected: 58.97, numerator: 23, denominator: 39 },
      },
    ]);
    b.values.PLAN_TASKS_RATIO.value = 58.955;
    expect(brief(checkNq76(b).errors)).toEqual(['RULE_RATIO $.values.PLAN_TASKS_RATIO.value']);
    b.values.PLAN_TASKS_TOTAL.value = 0;
    b.values.PLAN_TASKS_DONE.value = 0;
    expect(checkNq76(b).errors).toEqual([]);
  });

  it('breakdown sum: a row above its total, else rows summing above it', () => {
    const over = nq76(); // received 2450: 610 + 980 + 720
    over.values.DOSSIERS_RECEIVED.levels.unit.breakdown.field[1].value = 2451;
    expect(checkNq76(over).errors).toEqual([
      {
        path: '$.values.DOSSIERS_RECEIVED.levels.unit.breakdown.field[1].value',
        code: 'PART_EXCEEDS_WHOLE',
        params: { part: 2451, whole: 2450 },
      },
    ]);
    const sum = nq76();
    sum.values.DOSSIERS_RECEIVED.levels.unit.breakdown.field[2].value = 861; // 610 + 980 + 861 = 2451
    expect(checkNq76(sum).errors).toEqual([
      { path: '$.values.DOSSIERS_RECEIVED.levels.unit.breakdown.field', code: 'SUM_EXCEEDS_TOTAL', params: { sum: 2451, total: 2450 } },
    ]);
    sum.values.DOSSIERS_RECEIVED.levels.unit.breakdown.field[2].value = 860; // exactly the total
    expect(checkNq76(sum).errors).toEqual([]);
  });

  it('a part-of-whole rule of warning severity warns and does not refuse', () => {
    const b = nq76();
    b.values.INSPECTIONS_DONE.value = 5; // of 4 planned
    const r = checkNq76(b);
    expect(r.errors).toEqual([]);
    expect(brief(r.warnings)).toEqual(['RULE_PART_OF_WHOLE $.values.INSPECTIONS_PLANNED.value']);
    expect(r.warnings[0]!.params).toEqual({ parts: expect.any(String), whole: expect.any(String), level: '', sum: 5, total: 4 });
    b.values.INSPECTIONS_DONE.value = 4;
    expect(checkNq76(b).warnings).toEqual([]);
  });

  it("a level the unit's tier does not have is refused (a commune giving a commune level), and absent is fine", () => {
    expect(checkNq76(nq76()).errors).toEqual([]);
    const b = nq76();
    b.values.DOSSIERS_RECEIVED.levels.commune = { value: 1 };
    expect(checkNq76(b).errors.filter((e) => e.code === 'LEVEL_NOT_FOR_TIER')).toEqual([
      {
        path: '$.values.DOSSIERS_RECEIVED.levels.commune',
        code: 'LEVEL_NOT_FOR_TIER',
        params: { level: 'Cấp xã', label: expect.any(String) },
      },
    ]);
  });

  it('part-of-whole by totals: a part given only by its levels counts by their sum', () => {
    const b = nq76();
    b.values.DOSSIERS_RECEIVED = { value: 2450 };
    expect(checkNq76(b).errors).toEqual([]);
    b.values.DOSSIERS_RECEIVED = { value: 2449 }; // 2381 + 21 + 48 = 2450
    expect(checkNq76(b).errors.map((e) => [e.code, e.path, e.params.sum, e.params.total])).toContainEqual([
      'RULE_PART_OF_WHOLE',
      '$.values.DOSSIERS_RECEIVED.value',
      2450,
      2449,
    ]);
  });
});

describe('form-independent checks (the seed, Hồng Ngự 2021-H1)', () => {
  it("the server's facts: a different authority, place or summary is refused at its field", () => {
    const b = seed();
    b.header.place = 'Cao Lãnh';
    const r = checkSeed(b);
    expect(r.errors).toEqual([
      { path: '$.header.place', code: 'FACT_MISMATCH', params: { field: 'place', given: 'Cao Lãnh', expected: 'Hồng Ngự' } },
    ]);
    const spaced = seed();
    spaced.header.issuingAuthority = ` ${spaced.header.issuingAuthority.toLowerCase()}`;
    expect(brief(checkSeed(spaced).errors)).toEqual([]);
    const summary = seed();
    summary.header.summary = 'Công tác cải cách hành chính năm 2021';
    expect(brief(checkSeed(summary).errors)).toEqual(['FACT_MISMATCH $.header.summary']);
  });

  it('a required section left empty is refused, with its title as printed', () => {
    const b = seed();
    b.sections.nextTasks = { items: [] };
    const r = checkSeed(b);
    expect(brief(r.errors)).toEqual(['SECTION_REQUIRED $.sections.nextTasks']);
    expect(r.errors[0]!.params.title).not.toMatch(/\{/);
    delete b.sections.nextTasks;
    expect(brief(checkSeed(b).errors)).toEqual(['SECTION_REQUIRED $.sections.nextTasks']);
  });

  it("documents dated after the report warn, and a document dated on the report's day does not", () => {
    const b = seed();
    b.header.date = { year: 2021, month: 6, day: 10 };
    const paths = checkSeed(b).warnings.filter((w) => w.code === 'DOC_DATED_AFTER_REPORT');
    expect(paths.length).toBe(3);
    expect(paths[0]!.params.reportDate).toBe('10/06/2021');
    b.legalBasis[0].date = '2021-06-10';
    expect(checkSeed(b).warnings.filter((w) => w.code === 'DOC_DATED_AFTER_REPORT')).toHaveLength(3);
    b.legalBasis[0].date = '2021-06-11';
    const four = checkSeed(b).warnings.filter((w) => w.code === 'DOC_DATED_AFTER_REPORT');
    expect(four.map((w) => w.path)).toContain('$.legalBasis[0].date');
  });

  it("sub-unit rows: a code not under the unit is refused; a name that differs from the code's, or that no sub-unit has, warns", () => {
    const row = (r: Record<string, unknown>) => {
      const b = seed();
      b.values.LATE_DOSSIERS.levels.commune.breakdown.commune = [r];
      return checkSeed(b);
    };
    const known = checkBody('870', '2021-H1', seed(), { registry: testRegistry() }).report.values.LATE_DOSSIERS!.levels!.commune!.breakdown!
      .commune![0] as {
      name: string;
    };
    expect(brief(row({ name: known.name, value: 1 }).warnings)).toEqual(SEED_WARNINGS.map((c) => expect.stringContaining(c)));
    expect(brief(row({ name: ' xã  LONG thuận ', value: 1 }).warnings).filter((w) => w.startsWith('SUBUNIT'))).toEqual([]);
    expect(row({ unit: '99999', name: 'Xã X', value: 1 }).errors).toEqual([
      {
        path: '$.values.LATE_DOSSIERS.levels.commune.breakdown.commune[0].unit',
        code: 'SUBUNIT_NOT_UNDER_UNIT',
        params: { code: '99999', unit: 'Huyện Hồng Ngự' },
      },
    ]);
    expect(brief(row({ unit: '29956', name: 'Xã Khác', value: 1 }).warnings)).toContain(
      'SUBUNIT_NAME_MISMATCH $.values.LATE_DOSSIERS.levels.commune.breakdown.commune[0].name',
    );
    expect(brief(row({ unit: '29956', name: 'xã thường  phước 1', value: 1 }).warnings).filter((w) => w.startsWith('SUBUNIT'))).toEqual([]);
    expect(brief(row({ name: 'Xã Không Có', value: 1 }).warnings)).toContain(
      'SUBUNIT_UNKNOWN_NAME $.values.LATE_DOSSIERS.levels.commune.breakdown.commune[0].name',
    );
  });

  it('a unit without sub-units in the registry is told its sub-unit rows cannot be checked', () => {
    const b = seed();
    const r = checkBody('99990', '2021-H1', b, { registry: testRegistry() }); // a unit the registry does not know: no children
    expect(brief(r.warnings)).toContain('SUBUNITS_NOT_LISTED $.values.LATE_DOSSIERS.levels.commune.breakdown.commune');
  });
});
