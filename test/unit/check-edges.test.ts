/**
 * The edges of shared/report/checks.ts that test/unit/checks.test.ts and rules.test.ts
 * leave open, found by `npm run mutate` (docs/mutation.md): the exact bounds of the
 * outlier, ratio and breakdown checks, a part missing from a part-of-whole sum, the
 * parameters each message prints, facts the server does not have, required sections
 * with several blocks or none, and a previous period without levels. No storage.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { FormSummary } from '../../shared/forms/body.ts';
import type { FormDef, RuleDef } from '../../shared/forms/model.ts';
import { parsePeriod } from '../../shared/periods/period.ts';
import { checkReport } from '../../shared/report/checks.ts';
import { checkBody, testRegistry } from '../support/report.ts';

const example = (name: string): Record<string, any> =>
  JSON.parse(readFileSync(new URL(`../../data/examples/${name}.json`, import.meta.url), 'utf8'));
const nq76 = () => example('28297-2026-Q3');
const seed = () => example('870-2021-H1');
const checkSeed = (b: unknown, previous?: FormSummary) =>
  checkBody('870', '2021-H1', b, { registry: testRegistry(), ...(previous ? { previous } : {}) });
const checkNq76 = (b: unknown) => checkBody('28297', '2026-Q3', b, { registry: testRegistry() });
const brief = (fs: { path: string; code: string }[]) => fs.map((f) => `${f.code} ${f.path}`);
const labelOf = (form: FormDef, code: string) => form.indicators.find((i) => i.code === code)!.label;

/** The body checked against its form changed by `edit` (rules added, a section made required). */
function withForm(unit: '870' | '28297', body: Record<string, any>, edit: (f: FormDef) => FormDef) {
  const period = unit === '870' ? '2021-H1' : '2026-Q3';
  const c = checkBody(unit, period, body, { registry: testRegistry() });
  const form = edit(c.form);
  return checkReport(c.report, {
    form,
    facts: c.facts,
    period: parsePeriod(period)!,
    tier: unit === '870' ? 'district' : 'commune',
    children: testRegistry().children(unit, testRegistry().referenceDate(parsePeriod(period)!)),
  });
}
const addRule = (rule: RuleDef) => (f: FormDef) => ({ ...f, rules: [...f.rules, rule] });

describe('messages carry what they print', () => {
  it("PERIOD_MISMATCH names the report's month, the period and the months a report may be dated in", () => {
    const b = seed();
    b.header.date = { year: 2020, month: 11, day: null };
    expect(checkSeed(b).errors).toEqual([
      {
        path: '$.header.date',
        code: 'PERIOD_MISMATCH',
        params: { reportDate: '11/2020', period: '06 tháng đầu năm 2021', from: '12/2020', to: '09/2021' },
      },
    ]);
  });

  it('DOC_DATED_AFTER_REPORT prints a report without a day by its month', () => {
    expect(checkSeed(seed()).warnings.map((w) => w.params.reportDate)).toEqual(['06/2021', '06/2021', '06/2021']);
  });

  it('RULE_REQUIRED names the indicator', () => {
    const b = nq76();
    delete b.values.DOSSIERS_RECEIVED;
    const r = checkNq76(b);
    expect(r.errors).toEqual([
      { path: '$.values.DOSSIERS_RECEIVED', code: 'RULE_REQUIRED', params: { label: labelOf(r.form, 'DOSSIERS_RECEIVED') } },
    ]);
  });

  it('a required section is named by its title without the {placeholder}', () => {
    const b = seed();
    delete b.sections.nextTasks;
    expect(checkSeed(b).errors).toEqual([
      { path: '$.sections.nextTasks', code: 'SECTION_REQUIRED', params: { title: 'Phương hướng, nhiệm vụ' } },
    ]);
  });

  it('sub-unit warnings name the row and what the registry has', () => {
    const row = (r: Record<string, unknown>) => {
      const b = seed();
      b.values.LATE_DOSSIERS.levels.commune.breakdown.commune = [r];
      return checkSeed(b).warnings.filter((w) => w.code.startsWith('SUBUNIT'));
    };
    expect(row({ unit: '29956', name: 'Xã Khác', value: 1 })).toEqual([
      {
        path: '$.values.LATE_DOSSIERS.levels.commune.breakdown.commune[0].name',
        code: 'SUBUNIT_NAME_MISMATCH',
        params: { name: 'Xã Khác', expected: 'Xã Thường Phước 1' },
      },
    ]);
    expect(row({ name: 'Xã Không Có', value: 1 })).toEqual([
      {
        path: '$.values.LATE_DOSSIERS.levels.commune.breakdown.commune[0].name',
        code: 'SUBUNIT_UNKNOWN_NAME',
        params: { name: 'Xã Không Có', unit: 'Huyện Hồng Ngự' },
      },
    ]);
  });

  it('SUBUNITS_NOT_LISTED names the unit, and an empty list of rows says nothing', () => {
    const b = seed();
    const r = checkBody('99990', '2021-H1', b, { registry: testRegistry() }); // no children in the registry
    expect(r.warnings.filter((w) => w.code === 'SUBUNITS_NOT_LISTED')).toEqual([
      {
        path: '$.values.LATE_DOSSIERS.levels.commune.breakdown.commune',
        code: 'SUBUNITS_NOT_LISTED',
        params: { unit: r.facts.unitName },
      },
    ]);
    b.values.LATE_DOSSIERS.levels.commune.breakdown.commune = [];
    expect(checkBody('99990', '2021-H1', b, { registry: testRegistry() }).warnings.map((w) => w.code)).not.toContain('SUBUNITS_NOT_LISTED');
  });
});

describe("the server's facts", () => {
  it.each([
    [
      'a different issuing authority is refused, whatever its case',
      'issuingAuthority',
      'ỦY BAN NHÂN DÂN HUYỆN TAM NÔNG',
      'ỦY BAN NHÂN DÂN HUYỆN HỒNG NGỰ',
    ],
    [
      'a parent authority for a unit that has none (a district) is refused, the expected value empty',
      'parentAuthority',
      'UBND TỈNH ĐỒNG THÁP',
      '',
    ],
  ])('%s', (_, field, given, expected) => {
    const b = seed();
    b.header[field] = given;
    expect(checkSeed(b).errors).toEqual([{ path: `$.header.${field}`, code: 'FACT_MISMATCH', params: { field, given, expected } }]);
  });
});

describe('outliers at their bounds', () => {
  const previous = (values: FormSummary['values']): FormSummary => ({ ...checkSeed(seed()).summary, values });
  const outliers = (b: Record<string, any>, before: FormSummary['values']) =>
    checkSeed(b, previous(before)).warnings.filter((w) => w.code === 'VALUE_OUTLIER');

  it('a fall to exactly a fifth, with a real gap, is not an outlier; below a fifth is', () => {
    const b = seed();
    b.values.INSPECTED_UNITS.value = 20;
    expect(outliers(b, { INSPECTED_UNITS: { value: 100 } })).toEqual([]); // 20 × 5 = 100, gap 80
    b.values.INSPECTED_UNITS.value = 19;
    expect(outliers(b, { INSPECTED_UNITS: { value: 100 } }).map((w) => w.params)).toEqual([
      { value: 19, previous: 100, label: labelOf(checkSeed(b).form, 'INSPECTED_UNITS') },
    ]);
  });

  it('a previous period given as a total only is compared by total, its levels taken as absent', () => {
    const b = seed(); // LATE_DOSSIERS by level only: 250 + 183
    expect(outliers(b, { LATE_DOSSIERS: { value: 10 } })).toEqual([]);
    b.values.LATE_DOSSIERS.value = 433;
    expect(outliers(b, { LATE_DOSSIERS: { value: 10 } }).map((w) => w.path)).toEqual(['$.values.LATE_DOSSIERS.value']);
  });

  it('a level the previous period did not give is not compared', () => {
    const b = seed(); // LATE_DOSSIERS: unit 250, commune 183
    expect(outliers(b, { LATE_DOSSIERS: { levels: { unit: { value: 250 } } } })).toEqual([]);
    expect(outliers(b, { LATE_DOSSIERS: { levels: { unit: { value: 1300 } } } }).map((w) => w.path)).toEqual([
      '$.values.LATE_DOSSIERS.levels.unit.value',
    ]);
  });
});

describe('rule bounds', () => {
  it('required: a yes/no or text indicator is given when it has a value, even false', () => {
    const rule = { id: 'one-stop', kind: 'required', severity: 'error', indicator: 'ONE_STOP_SHOP' } as const;
    const b = nq76();
    b.values.ONE_STOP_SHOP = { value: false };
    expect(withForm('28297', b, addRule(rule)).errors).toEqual([]);
    delete b.values.ONE_STOP_SHOP;
    expect(brief(withForm('28297', b, addRule(rule)).errors)).toEqual(['RULE_REQUIRED $.values.ONE_STOP_SHOP']);
  });

  it('range: an upper bound alone prints no lower one; an indicator not given is not judged', () => {
    const rule = { id: 'trained-max', kind: 'range', severity: 'error', indicator: 'STAFF_TRAINED', max: 20 } as const;
    const b = nq76(); // 27 trained
    expect(withForm('28297', b, addRule(rule)).errors.map((e) => [e.code, e.params.value, e.params.min, e.params.max])).toEqual([
      ['RULE_RANGE', 27, '-∞', 20],
    ]);
    delete b.values.STAFF_TRAINED;
    expect(withForm('28297', b, addRule(rule)).errors).toEqual([]);
  });

  it('ratio: a difference of exactly the tolerance plus the half-hundredth passes; a zero denominator is not judged', () => {
    const rule = (tolerance: number) => (f: FormDef) => ({
      ...f,
      rules: f.rules.map((r) => (r.id === 'tasks-ratio' ? { ...r, tolerance } : r)),
    });
    const b = nq76();
    b.values.PLAN_TASKS_DONE.value = 1;
    b.values.PLAN_TASKS_TOTAL.value = 4; // 25 %
    b.values.PLAN_TASKS_RATIO.value = 25.5;
    expect(withForm('28297', b, rule(0.495)).errors).toEqual([]); // |25.5 − 25| = 0.495 + 0.005
    expect(brief(withForm('28297', b, rule(0.49)).errors)).toEqual(['RULE_RATIO $.values.PLAN_TASKS_RATIO.value']);
    b.values.PLAN_TASKS_TOTAL.value = 0; // 3 done of 0: the part-of-whole rule refuses it, the ratio cannot be judged
    b.values.PLAN_TASKS_DONE.value = 3;
    expect(brief(checkNq76(b).errors)).toEqual(['RULE_PART_OF_WHOLE $.values.PLAN_TASKS_TOTAL.value']);
  });

  it('breakdown sum: a single row equal to its total is fine', () => {
    const b = nq76(); // received at unit level 2450
    b.values.DOSSIERS_RECEIVED.levels.unit.breakdown.field = [
      { key: b.values.DOSSIERS_RECEIVED.levels.unit.breakdown.field[0].key, value: 2450 },
    ];
    expect(checkNq76(b).errors).toEqual([]);
  });
});

describe('part-of-whole with a part not given', () => {
  const levels = (unit: number, commune: number) => ({ levels: { unit: { value: unit }, commune: { value: commune } } });
  const dossiers = () => {
    const b = seed();
    Object.assign(b.values, {
      DOSSIERS_RECEIVED: levels(100, 20),
      DOSSIERS_ON_TIME: levels(50, 10),
      DOSSIERS_LATE: levels(30, 5),
      DOSSIERS_PENDING: levels(20, 5),
      DOSSIERS_OVERDUE: levels(0, 0),
    });
    return b;
  };

  it('the given parts still count, level by level, and the second level is named as such', () => {
    const b = dossiers();
    expect(checkSeed(b).errors).toEqual([]);
    b.values.DOSSIERS_ON_TIME = levels(50, 16); // 16 + 5 + 5 = 26 > 20 received at commune level
    const r = checkSeed(b);
    expect(r.errors).toEqual([
      {
        path: '$.values.DOSSIERS_RECEIVED.levels.commune.value',
        code: 'RULE_PART_OF_WHOLE',
        params: { parts: expect.stringContaining(' + '), whole: labelOf(r.form, 'DOSSIERS_RECEIVED'), level: 'Cấp xã', sum: 26, total: 20 },
      },
    ]);
    delete b.values.DOSSIERS_PENDING;
    delete b.values.DOSSIERS_OVERDUE;
    b.values.DOSSIERS_LATE = levels(60, 5); // 50 + 60 = 110 > 100 and 16 + 5 = 21 > 20 without the pending part
    expect(brief(checkSeed(b).errors)).toEqual([
      'RULE_PART_OF_WHOLE $.values.DOSSIERS_RECEIVED.levels.unit.value',
      'RULE_PART_OF_WHOLE $.values.DOSSIERS_RECEIVED.levels.commune.value',
    ]);
  });

  it('a negative whole (a decimal balance) with none of its parts given is not judged; a part given is', () => {
    const c = checkNq76(nq76());
    const form: FormDef = {
      ...c.form,
      indicators: [
        ...c.form.indicators,
        ...['BALANCE', 'SPENT', 'REFUNDED'].map((code) => ({
          code,
          label: code,
          type: 'decimal' as const,
          breakdowns: [c.form.indicators.find((i) => i.code === 'DOSSIERS_RECEIVED')!.breakdowns[0]!],
          aggregate: { kind: 'sum' as const },
        })),
      ],
      rules: [{ id: 'balance', kind: 'partOfWhole', severity: 'error', parts: ['SPENT', 'REFUNDED'], whole: 'BALANCE' }],
    };
    const check = (values: Record<string, unknown>) =>
      checkReport({ ...c.report, values: { ...c.report.values, ...values } } as never, {
        form,
        facts: c.facts,
        period: parsePeriod('2026-Q3')!,
        tier: 'commune',
        children: [],
      }).errors.map((e) => [e.path, e.params.sum, e.params.total]);
    expect(check({ BALANCE: { value: -5, levels: { unit: { value: -5 } } } })).toEqual([]);
    expect(
      check({ BALANCE: { value: -5, levels: { unit: { value: -5 } } }, SPENT: { value: -3, levels: { unit: { value: -3 } } } }),
    ).toEqual([
      ['$.values.BALANCE.levels.unit.value', -3, -5],
      ['$.values.BALANCE.value', -3, -5],
    ]);
  });

  it('and by totals', () => {
    const b = seed();
    Object.assign(b.values, { DOSSIERS_RECEIVED: { value: 50 }, DOSSIERS_ON_TIME: { value: 30 }, DOSSIERS_LATE: { value: 30 } });
    expect(checkSeed(b).errors.map((e) => [e.path, e.params.sum, e.params.total])).toEqual([['$.values.DOSSIERS_RECEIVED.value', 60, 50]]);
  });
});

describe('required sections', () => {
  const required = (id: string) => (f: FormDef) => {
    const mark = (ss: FormDef['outline']): FormDef['outline'] =>
      ss.map((s) => ({ ...s, required: s.id === id || s.required, children: mark(s.children) }));
    return { ...f, outline: mark(f.outline) };
  };

  it('a section with several blocks is filled when any block has content', () => {
    const b = seed();
    b.sections.direction = { paragraphs: ['Ủy ban nhân dân Huyện ban hành kế hoạch cải cách hành chính năm 2021.'], documents: [] };
    expect(brief(withForm('870', b, required('direction')).errors)).toEqual([]);
    b.sections.direction = { paragraphs: [], documents: [] };
    expect(brief(withForm('870', b, required('direction')).errors)).toEqual(['SECTION_REQUIRED $.sections.direction']);
  });

  it('a section without blocks of its own (a heading over its sub-sections) has nothing to fill', () => {
    const b = seed();
    delete b.sections.situation;
    expect(brief(withForm('870', b, required('situation')).errors)).toEqual([]);
  });
});
